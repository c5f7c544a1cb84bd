//! Timing harness for the whole pipeline on a generated repository.
//!
//! ```text
//! cargo bench --bench pipeline                    # 10,000 goals, 5 runs each
//! cargo bench --bench pipeline -- --goals 2000 --runs 9
//! cargo bench --bench pipeline -- --keep /tmp/big # also leave the repo there
//! ```
//!
//! Prints the median of each stage: a cold load (every file parsed), a warm
//! load (all files cached), analysis, rendering every page, writing them,
//! and a warm rebuild in the same session; then, alternating, what a new
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
