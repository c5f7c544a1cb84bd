//! Median time from saving a goal file to an updated `goals.json`, with a
//! real `goalpost watch` process and the default debounce.
//!
//! ```text
//! cargo bench --bench live                                   # the example school
//! cargo bench --bench live -- --goals 10000 --saves 15       # a generated repo
//! cargo bench --bench live -- --repo path/to/goals --saves 30
//! cargo bench --bench live -- --goals 10000 --goalpost path/to/other/goalpost
//! cargo bench --bench live -- --goals 10000 --check-in
//! ```
//!
//! Each save changes the goal's title. With `--check-in`, it also changes
//! the value of the goal's last log entry, as a daily check-in does, so
//! that `scorecard.csv` is made again too.
//!
//! `--goalpost` times another build of goalpost (an A/B comparison on a
//! noisy machine: alternate runs of the two).

#[path = "support/synth.rs"]
mod synth;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let saves: usize = arg("--saves").and_then(|s| s.parse().ok()).unwrap_or(20);
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path().join("repo");
    match (arg("--goals").and_then(|s| s.parse().ok()), arg("--repo")) {
        (Some(goals), _) => {
            fs::create_dir_all(&root).expect("mkdir");
            synth::generate(
                &root,
                &synth::Size {
                    goals,
                    log_days: 80,
                },
            )
            .expect("generate");
        }
        (None, repo) => {
            let source = repo.map(PathBuf::from).unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lincoln-elementary")
            });
            copy_repo(&source, &root);
        }
    }
    let goal = first_goal_file(&root.join("goals")).expect("a goal file with a `title:` line");
    let original = fs::read_to_string(&goal).expect("read goal");
    let json = root.join("site/goals.json");

    let bin = arg("--goalpost").unwrap_or_else(|| env!("CARGO_BIN_EXE_goalpost").to_string());
    let mut child: Child = Command::new(bin)
        .args(["watch", &root.to_string_lossy()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn goalpost watch");
    // The first build is over when `watch` says it is watching; saves
    // made before that would be timed against the first build.
    let (ready_tx, ready) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if line.starts_with("watching ") {
                let _ = ready_tx.send(());
            }
        }
    });
    let first = Instant::now();
    ready
        .recv_timeout(Duration::from_secs(600))
        .expect("the first build never finished");
    assert!(json.exists(), "no goals.json after the first build");
    println!("first build finished after {:.2?}", first.elapsed());
    std::thread::sleep(Duration::from_millis(500));

    let check_in = args.iter().any(|a| a == "--check-in");
    let lines: Vec<&str> = original.lines().collect();
    let last_entry = lines.iter().rposition(|l| {
        l.starts_with("  ")
            && l.trim_start()
                .split_once(": ")
                .is_some_and(|(d, _)| d.parse::<jiff::civil::Date>().is_ok())
    });
    assert!(
        !check_in || last_entry.is_some(),
        "--check-in: {} has no log entry",
        goal.display()
    );
    let mut times = Vec::new();
    for i in 0..saves {
        let title = format!("Bench goal {i}");
        let edited: String = original
            .lines()
            .enumerate()
            .map(|(n, l)| {
                if l.starts_with("title:") {
                    format!("title: {title}\n")
                } else if check_in && Some(n) == last_entry {
                    let (date, _) = l.split_once(": ").unwrap_or((l, ""));
                    format!("{date}: {}\n", 1 + i % 2)
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        fs::write(&goal, edited).expect("save");
        let saved = Instant::now();
        let needle = format!("\"{title}\"");
        // `goals.json` is read only when it was written again: reading its
        // megabytes on every poll would take a core from the build timed.
        let mut seen = None;
        loop {
            let stamp = fs::metadata(&json)
                .ok()
                .map(|m| (m.modified().ok(), m.len()));
            if stamp != seen {
                seen = stamp;
                if fs::read_to_string(&json).is_ok_and(|t| t.contains(&needle)) {
                    times.push(saved.elapsed());
                    break;
                }
            }
            assert!(
                saved.elapsed() < Duration::from_secs(120),
                "goals.json never showed {title}"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let debounce = match arg("--goalpost") {
        Some(_) => "that build's default debounce".to_string(),
        None => format!(
            "debounce {} ms (the default)",
            goalpost::live::watcher::DEFAULT_DEBOUNCE.as_millis()
        ),
    };
    println!(
        "save{} → goals.json over {} saves: median {:.0} ms (min {:.0}, max {:.0}); {debounce}",
        if check_in { " with a check-in" } else { "" },
        times.len(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
    );
}

/// Copies a goals repository, leaving out hidden folders and `site/`.
fn copy_repo(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir").flatten() {
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if name_str.starts_with('.') || name_str == "site" {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            copy_repo(&entry.path(), &to.join(&name));
        } else if kind.is_file() {
            fs::copy(entry.path(), to.join(&name)).expect("copy");
        }
    }
}

fn first_goal_file(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<_> = fs::read_dir(dir).ok()?.map_while(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = first_goal_file(&path) {
                return Some(found);
            }
        } else if path.extension().is_some_and(|e| e == "md") {
            let text = fs::read_to_string(&path).unwrap_or_default();
            if text.starts_with("---") && text.lines().any(|l| l.starts_with("title:")) {
                return Some(path);
            }
        }
    }
    None
}
