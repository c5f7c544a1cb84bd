//! `goalpost import` against `goalpost check` on the same generated
//! repository (FORMAT §13: importing 10,000 rows into a 10,000-goal
//! repository should take at most twice a check of it).
//!
//! ```text
//! cargo bench --bench import                       # 10,000 goals, 10,000 rows, 3 runs
//! cargo bench --bench import -- --goals 2000 --rows 2000 --runs 5
//! cargo bench --bench import -- --runs 1 --keep /tmp/import10k   # keep the files
//! ```
//!
//! Each run generates the repository afresh (an import changes it), times
//! `goalpost check` on it, then `goalpost import` of an export with one
//! row per progress goal and date, and then the same import again (which
//! finds everything recorded and writes nothing). Both are the release
//! binary, as a district office would run them.

#[path = "support/synth.rs"]
mod synth;

use std::fmt::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn timed(root: &Path, args: &[&str]) -> Duration {
    // The disk catches up first (as in the `peer` bench): the repository
    // just generated, or the last import's files, are written back now,
    // not billed to the first `fsync` of the command timed next.
    let _ = Command::new("sync").status();
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_goalpost"))
        .args(args)
        .arg("-C")
        .arg(root)
        .output()
        .expect("run goalpost");
    let took = t.elapsed();
    let code = out.status.code();
    assert!(
        code == Some(0) || (args[0] == "check" && code == Some(1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let goals = arg("--goals", 10_000);
    let rows = arg("--rows", 10_000);
    let runs = arg("--runs", 3).max(1);
    let progress = (goals / 4).max(1);
    let dates = [
        "2026-11-23",
        "2026-11-30",
        "2026-12-07",
        "2026-12-14",
        "2027-01-11",
    ];

    let temp = tempfile::tempdir().expect("temp dir");
    // `--keep DIR`: write the export, the mapping and the last run's
    // repository there and leave them (to profile an import by hand).
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    let base = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&base).expect("mkdir");
    let dry = args.iter().any(|a| a == "--dry");
    let mut csv = String::from(
        "District Report, Winter 2026\n\nGoal,Test Date,Students Tested,Percent Proficient\n",
    );
    for r in 0..rows {
        let goal = r % progress;
        let date = dates[(r / progress) % dates.len()];
        let _ = writeln!(
            csv,
            "progress-{goal},{date},{},{}%",
            20 + r % 300,
            40 + r % 50
        );
    }
    let export = base.join("export.csv");
    std::fs::write(&export, csv).expect("write export");
    let map = base.join("map.yml");
    std::fs::write(
        &map,
        "date: Test Date\nvalue: Percent Proficient\ngoal: {column: Goal}\ncount: Students Tested\n",
    )
    .expect("write map");
    let (export, map) = (export.to_string_lossy(), map.to_string_lossy());

    let (mut check, mut import, mut again) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let root = base.join(format!("repo-{run}"));
        for dir in [root.clone(), base.join(format!("pristine-{run}"))] {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).expect("remove the last repository");
            }
        }
        std::fs::create_dir_all(&root).expect("mkdir");
        synth::generate(
            &root,
            &synth::Size {
                goals,
                log_days: 80,
            },
        )
        .expect("generate");
        if keep.is_some() {
            // The repository before any import, to import into again.
            let copied = Command::new("cp")
                .arg("-a")
                .arg(&root)
                .arg(base.join(format!("pristine-{run}")))
                .status()
                .is_ok_and(|s| s.success());
            assert!(copied, "copy the repository");
        }
        check.push(timed(&root, &["check"]));
        if dry {
            let t = timed(&root, &["import", &export, "--map", &map, "--dry-run"]);
            println!("run {run}: dry run {t:.2?}");
        }
        import.push(timed(&root, &["import", &export, "--map", &map]));
        again.push(timed(&root, &["import", &export, "--map", &map]));
        println!(
            "run {run}: check {:.2?}, import {:.2?}, import again {:.2?}",
            check[run], import[run], again[run]
        );
    }
    // Each import against the check of its own run, as `peer` pairs runs.
    let pairs = |of: &[Duration]| {
        let mut r: Vec<f64> = of
            .iter()
            .zip(&check)
            .map(|(x, c)| x.as_secs_f64() / c.as_secs_f64())
            .collect();
        r.sort_by(f64::total_cmp);
        r[r.len() / 2]
    };
    let (ip, ap) = (pairs(&import), pairs(&again));
    let (c, i, a) = (median(check), median(import), median(again));
    println!(
        "{goals} goals, {rows} rows into {} progress goals: median check {c:.2?}, import {i:.2?} ({:.2}× check), import again {a:.2?} ({:.2}× check); median of the pairs: import {ip:.2}× its check, import again {ap:.2}×",
        progress.min(rows),
        i.as_secs_f64() / c.as_secs_f64(),
        a.as_secs_f64() / c.as_secs_f64()
    );
}
