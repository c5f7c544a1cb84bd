//! Timing harness for the whole pipeline on a generated repository.
//!
//! ```text
//! cargo bench --bench pipeline                    # 10,000 goals, 5 runs each
//! cargo bench --bench pipeline -- --goals 2000 --runs 9
//! cargo bench --bench pipeline -- --keep /tmp/big # also leave the repo there
//! cargo bench --bench pipeline -- --check-ins 5   # check-ins per run (3)
//! ```
//!
//! Prints the median of each stage: a cold load (every file parsed), a warm
//! load (all files cached), analysis, rendering every page, writing them,
//! a warm rebuild in the same session, and rebuilds after a check-in (one
//! practice's entry changed) in that session; then, alternating, what a new
//! process does: `check` (the orchestration alone) and a `build` into the
//! folder it wrote before with nothing changed (its page keys are kept in
//! the folder's manifest), with the build's phases.

#[path = "support/synth.rs"]
mod synth;

use std::path::PathBuf;

/// The same allocator as the `goalpost` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::{Duration, Instant};

/// `text` (a practice's file) with its last log entry's value set to 1 or
/// 2 by `i`, so that each check-in changes it.
fn checked_in(text: &str, i: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let last = lines
        .iter()
        .rposition(|l| {
            l.starts_with("  ")
                && l.trim_start()
                    .split_once(": ")
                    .is_some_and(|(d, _)| d.parse::<jiff::civil::Date>().is_ok())
        })
        .expect("a log entry");
    lines
        .iter()
        .enumerate()
        .map(|(n, l)| match n == last {
            true => format!(
                "{}: {}\n",
                l.split_once(": ").map_or(*l, |(d, _)| d),
                1 + i % 2
            ),
            false => format!("{l}\n"),
        })
        .collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let goals = arg("--goals")
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let runs = arg("--runs")
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
        .max(1);
    let keep = arg("--keep").map(PathBuf::from);
    // Check-ins timed per run.
    let check_in_count: usize = arg("--check-ins").and_then(|s| s.parse().ok()).unwrap_or(3);

    let temp = tempfile::tempdir().expect("temp dir");
    let root = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&root).expect("mkdir");
    let started = Instant::now();
    synth::generate(
        &root,
        &synth::Size {
            goals,
            log_days: 80,
        },
    )
    .expect("generate");
    println!(
        "generated {goals} goals in {:.2?} at {}",
        started.elapsed(),
        root.display()
    );

    let today: goalpost::Date = synth::TODAY.parse().expect("date");
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut analyse = Vec::new();
    let mut render = Vec::new();
    let mut write = Vec::new();
    let mut rebuild = Vec::new();
    let mut check_ins = Vec::new();
    let mut check = Vec::new();
    let mut unchanged = Vec::new();
    let mut phases = Vec::new();
    let out = temp.path().join("site");
    for _ in 0..runs {
        let mut cache = goalpost::project::ParseCache::default();
        let t = Instant::now();
        let project = goalpost::project::load(&root, None, &mut cache).expect("load");
        cold.push(t.elapsed());
        let t = Instant::now();
        let _project = goalpost::project::load(&root, None, &mut cache).expect("load");
        warm.push(t.elapsed());
        let t = Instant::now();
        let report = project.report(today);
        analyse.push(t.elapsed());
        assert!(
            report.goals.len() >= goals * 9 / 10,
            "only {} goals",
            report.goals.len()
        );
        let templates = goalpost::render::Templates::new(Some(&root));
        let options = goalpost::render::RenderOptions::default();
        let t = Instant::now();
        let pages = goalpost::render::render_site(&report, &options, &templates).expect("render");
        render.push(t.elapsed());
        let t = Instant::now();
        goalpost::output::write_site(&out, &pages).expect("write");
        write.push(t.elapsed());
        // A whole rebuild after one edit, as watch does it: cached parse, write only changes.
        let mut session = goalpost::site::Session::default();
        let opts = goalpost::site::BuildOptions {
            root: root.clone(),
            out: Some(out.clone()),
            today: Some(today),
            ..Default::default()
        };
        goalpost::site::build(&opts, &mut session).expect("build");
        let t = Instant::now();
        goalpost::site::build(&opts, &mut session).expect("build");
        rebuild.push(t.elapsed());
        // A check-in, as `watch` rebuilds after it (without the watcher's
        // wait): one practice's last entry changes, then a build in the
        // same session. Under `valgrind --tool=callgrind` with one rayon
        // thread, the instructions counted are the same run after run,
        // which the wall time on a busy machine is not.
        let practice = root.join("goals/school-0/practices/practice-0.md");
        let original = std::fs::read_to_string(&practice).expect("read a practice");
        for i in 0..check_in_count {
            std::fs::write(&practice, checked_in(&original, i)).expect("check in");
            let t = Instant::now();
            goalpost::site::build(&opts, &mut session).expect("build");
            check_ins.push(t.elapsed());
        }
        if check_in_count > 0 {
            std::fs::write(&practice, &original).expect("restore");
            // The folder as the repository is again, for the builds below.
            goalpost::site::build(&opts, &mut session).expect("build");
        }
        // As a new process: `check`, then `build` with nothing changed.
        let t = Instant::now();
        let what = goalpost::session::ReadOptions {
            today: Some(today),
            ..goalpost::session::ReadOptions::at(&root)
        };
        let analysed = goalpost::session::Session::one_shot()
            .analyse(&what)
            .expect("analyse");
        check.push(t.elapsed());
        drop(analysed);
        let t = Instant::now();
        let summary =
            goalpost::site::build(&opts, &mut goalpost::site::Session::one_shot()).expect("build");
        unchanged.push(t.elapsed());
        assert_eq!(summary.written, 0, "nothing changed, nothing written");
        phases.push(summary.phases);
    }
    let (c, w, a) = (median(cold), median(warm), median(analyse));
    println!("load, cold (parse every file): median {c:.2?} over {runs} runs");
    println!(
        "load, warm (all cached):       median {w:.2?}  ({:.1}x faster)",
        c.as_secs_f64() / w.as_secs_f64()
    );
    println!("graph + analysis:              median {a:.2?}");
    println!(
        "render every page:             median {:.2?}",
        median(render)
    );
    println!(
        "write (first, then unchanged): median {:.2?}",
        median(write)
    );
    println!(
        "whole rebuild, warm session:   median {:.2?}",
        median(rebuild)
    );
    if !check_ins.is_empty() {
        println!(
            "rebuild after a check-in, warm session: median {:.2?} ({} check-ins)",
            median(check_ins.clone()),
            check_ins.len()
        );
    }
    let ratios: Vec<f64> = unchanged
        .iter()
        .zip(&check)
        .map(|(b, c)| b.as_secs_f64() / c.as_secs_f64())
        .collect();
    let mut sorted = ratios.clone();
    sorted.sort_by(f64::total_cmp);
    let (check, unchanged) = (median(check), median(unchanged));
    println!("check, new session:            median {check:.2?}");
    println!(
        "build, nothing changed, new session: median {unchanged:.2?} ({:.2}x check, median of the pairs)",
        sorted[sorted.len() / 2]
    );
    let phase = |f: fn(&goalpost::site::Phases) -> Duration| median(phases.iter().map(f).collect());
    println!(
        "  its phases (medians): load {:.2?}, analyse {:.2?}, render and write {:.2?}",
        phase(|p| p.load),
        phase(|p| p.analyse),
        phase(|p| p.render)
    );
}
