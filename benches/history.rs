//! How long reading the git history of a large goals repository takes:
//! every commit's changes, the series of `current:`, and the goalposts
//! moved (a target changed every 10th commit, a due date every 25th).
//!
//! ```text
//! cargo bench --bench history
//! ```
//!
//! `GOALPOST_BENCH_GOALS` (default 10000) and `GOALPOST_BENCH_COMMITS`
//! (default 2000) set the size; `GOALPOST_BENCH_KEEP=dir` writes the
//! repository there and keeps it (and reuses it on the next run).

use goalpost::history::History;
use goalpost::render::changes;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const AUTHORS: [&str; 5] = [
    "Dana Reyes <dana@school.example>",
    "Per Lindqvist <per@school.example>",
    "Grace Okafor <grace@school.example>",
    "Sam Ortiz <sam@school.example>",
    "Mei Tanaka <mei@school.example>",
];

/// A small deterministic pseudo-random sequence (no extra crate).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

/// The aim of one goal: its target and how many weeks after May 28 it is due.
#[derive(Clone, Copy)]
struct Aim {
    target: u32,
    due_weeks: i64,
}

fn due(weeks: i64) -> String {
    let day = jiff::civil::date(2027, 5, 28) + jiff::Span::new().weeks(weeks);
    day.to_string()
}

fn goal_text(i: usize, current: u32, aim: Aim) -> String {
    let mut measurements = String::new();
    for m in 0..8 {
        measurements.push_str(&format!("  2026-{:02}-15: {}\n", 1 + m, 40 + (i + m) % 30));
    }
    format!(
        "---\nkind: progress\ntitle: Goal number {i}\nowner: [okafor]\npurpose: purpose-{p}\n\
         metric: students reading at grade level\nunit: '%'\nbaseline: 40\ntarget: {target}\n\
         start: 2026-09-01\ndue: {due}\ncurrent: {current}\nmeasurements:\n{measurements}---\n\n\
         # Goal number {i}\n\nWhy this matters, and what we will do each week to get there.\n\
         Small-group reading every morning; a data meeting every other Friday.\n",
        p = i % 40,
        target = aim.target,
        due = due(aim.due_weeks),
    )
}

fn data(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(format!("data {}\n", text.len()).as_bytes());
    out.extend_from_slice(text.as_bytes());
    out.push(b'\n');
}

/// Writes a `git fast-import` stream: one commit with every goal, then
/// commits that change `current:` in a few goals each, with occasional
/// renames, one commit that moves a whole folder, and goalposts moved:
/// every 10th commit lowers the target of its first goal, every 25th moves
/// its first goal's due date a week later. Returns the stream and how many
/// goalposts it moves.
fn stream(goals: usize, commits: usize) -> (Vec<u8>, usize) {
    let mut rng = Lcg(42);
    let mut paths: Vec<String> = (0..goals)
        .map(|i| format!("goals/area-{:02}/goal-{i}.md", i % 20))
        .collect();
    let mut current: Vec<u32> = (0..goals).map(|i| 40 + (i % 10) as u32).collect();
    let mut aims: Vec<Aim> = vec![
        Aim {
            target: 80,
            due_weeks: 0
        };
        goals
    ];
    let mut moves = 0;
    let mut out = Vec::with_capacity(goals * 900);
    let start = 1_788_000_000u64; // 2026-08-29
    for c in 0..commits {
        let when = start + c as u64 * 3 * 3600;
        let author = AUTHORS[rng.next(AUTHORS.len())];
        out.extend_from_slice(b"commit refs/heads/main\n");
        out.extend_from_slice(
            format!("author {author} {when} +0000\ncommitter {author} {when} +0000\n").as_bytes(),
        );
        data(&mut out, &format!("update {c}"));
        if c == 0 {
            for i in 0..goals {
                out.extend_from_slice(format!("M 100644 inline {}\n", paths[i]).as_bytes());
                data(&mut out, &goal_text(i, current[i], aims[i]));
            }
            continue;
        }
        if c == commits / 2 {
            // Reorganise: one area moves to another folder.
            for (i, path) in paths.iter_mut().enumerate() {
                if i % 20 == 3 {
                    let new = path.replace("goals/area-03/", "goals/archive/area-03/");
                    out.extend_from_slice(format!("R {path} {new}\n").as_bytes());
                    *path = new;
                }
            }
            continue;
        }
        let mut changed = Vec::new();
        for k in 0..5 {
            let i = rng.next(goals);
            if changed.contains(&i) {
                continue; // one version of a file per commit
            }
            changed.push(i);
            current[i] += 1 + rng.next(3) as u32;
            if k == 0 && c % 10 == 0 {
                aims[i].target -= 1;
                moves += 1;
            }
            if k == 0 && c % 25 == 0 {
                aims[i].due_weeks += 1;
                moves += 1;
            }
            if c % 100 == 0 {
                let new = format!("goals/moved/goal-{i}-{c}.md");
                out.extend_from_slice(format!("D {}\n", paths[i]).as_bytes());
                paths[i] = new;
            }
            out.extend_from_slice(format!("M 100644 inline {}\n", paths[i]).as_bytes());
            data(&mut out, &goal_text(i, current[i], aims[i]));
        }
    }
    (out, moves)
}

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .args(["-c", "init.defaultBranch=main"]);
    cmd
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("note: git is not installed; skipping the history benchmark");
        return;
    }
    let goals = env_usize("GOALPOST_BENCH_GOALS", 10_000);
    let commits = env_usize("GOALPOST_BENCH_COMMITS", 2_000);
    let tmp = tempfile::tempdir().unwrap();
    let root = match std::env::var("GOALPOST_BENCH_KEEP") {
        Ok(dir) => std::path::PathBuf::from(dir),
        Err(_) => tmp.path().join("big"),
    };
    let (stream, expected_moves) = stream(goals, commits);
    if !root.join(".git").exists() {
        std::fs::create_dir_all(&root).unwrap();
        assert!(git(&root).args(["init", "-q"]).status().unwrap().success());

        let t = Instant::now();
        let mut child = git(&root)
            .args(["fast-import", "--quiet"])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&stream).unwrap();
        assert!(child.wait().unwrap().success());
        eprintln!(
            "generated {goals} goals, {commits} commits in {:.2?}",
            t.elapsed()
        );
    }

    let mut times = Vec::new();
    let mut history = History::empty();
    for _ in 0..5 {
        let t = Instant::now();
        history = History::read(&root);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let changes: usize = history.files().map(|(_, f)| f.changes.len()).sum();
    // Goalposts moved.
    let moves: usize = history
        .files()
        .flat_map(|(_, f)| &f.changes)
        .map(|c| c.moves.len())
        .sum();
    assert_eq!(moves, expected_moves, "every goalpost moved is found");
    eprintln!(
        "read history: {} commits, {} files, {} changes, {moves} goalposts moved: best {:.3}s, median {:.3}s (5 runs)",
        history.commit_count(),
        history.files().count(),
        changes,
        times[0],
        times[2]
    );
    assert!(history.warning().is_none(), "{:?}", history.warning());
    assert_eq!(history.commit_count(), commits);
    assert_eq!(history.files().count(), goals);
    // The folder move kept every goal's history.
    let moved = history
        .file("goals/archive/area-03/goal-3.md")
        .expect("moved goal");
    assert_eq!(changes::summary(&moved.changes[0]), "created");
    assert!(moved
        .changes
        .iter()
        .any(|c| changes::summary(c) == "renamed from goals/area-03/goal-3.md"));
}
