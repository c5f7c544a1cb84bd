//! The real `goalpost watch` and `goalpost serve` processes in temp repos.
//!
//! Start-up failures run now. The save-pattern tests need `site::build`
//! and use [`Live`], which spawns the
//! binary, follows its stderr, waits (bounded) for the output to change
//! and stops it with a signal, expecting exit code 0.

use crate::prelude::*;
use assert_cmd::cargo::CommandCargoExt;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{Live, PATIENCE};
/// How long a first build of many goals may take in a debug build.
const FIRST_BUILD: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------- helpers

/// A small, valid goals repository in a temp folder.
fn small_repo() -> Repo {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "title: Watch Test School\ntoday: 2026-11-20\ncycles: 2w\n",
    )
    .write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: Every child reads\n---\nWhy it matters.\n",
    )
    .write(
        "goals/grade-level-80.md",
        "---\nkind: progress\ntitle: 80% at grade level\npurpose: every-reader\n\
         baseline: 67\ntarget: 80\nstart: 2026-09-01\ndue: 2027-05-28\n\
         measurements:\n  2026-11-01: 71\n---\n",
    );
    repo
}

/// Polls `check` every 20 ms until it gives `Some`, for at most PATIENCE.
fn wait_until<T>(mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(found) = check() {
            return Some(found);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the file at `rel` exists and satisfies `ok`; panics with
/// the process's stderr otherwise.
fn wait_for_file(live: &Live, repo: &Repo, rel: &str, ok: impl Fn(&str) -> bool) -> String {
    match wait_until(|| repo.try_read(rel).filter(|text| ok(text))) {
        Some(text) => text,
        None => panic!(
            "{rel} did not reach the expected state; now: {:?}\nstderr:\n{}",
            repo.try_read(rel)
                .map(|t| t.chars().take(400).collect::<String>()),
            live.stderr()
        ),
    }
}

fn goals_json(
    live: &Live,
    repo: &Repo,
    ok: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let text = wait_for_file(live, repo, "site/goals.json", |t| {
        serde_json::from_str::<serde_json::Value>(t).is_ok_and(|v| ok(&v))
    });
    serde_json::from_str(&text).unwrap()
}

fn has_title(v: &serde_json::Value, title: &str) -> bool {
    v["goals"]
        .as_array()
        .is_some_and(|g| g.iter().any(|g| g["title"] == title))
}

fn error_count(v: &serde_json::Value) -> usize {
    v["diagnostics"]
        .as_array()
        .map_or(0, |d| d.iter().filter(|d| d["severity"] == "error").count())
}

fn http_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    raw
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// ------------------------------------------------- start-up failures (run now)

#[test]
fn watch_of_a_missing_folder_exits_2() {
    let repo = Repo::empty();
    let out = repo
        .cmd(&["watch"])
        .arg(repo.join("nope"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("nope") && stderr.contains("no such folder"),
        "{stderr}"
    );
}

#[test]
fn serve_of_a_missing_folder_exits_2() {
    let repo = Repo::empty();
    let out = repo
        .cmd(&["serve", "--port", "0"])
        .arg(repo.join("nope"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such folder"));
}

#[test]
fn serve_on_a_taken_port_exits_2_with_a_clear_message() {
    let repo = small_repo();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = repo
        .cmd(&["serve"])
        .arg(repo.path())
        .args(["--port", &port.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("port {port}")) && stderr.contains("already in use"),
        "{stderr}"
    );
    assert!(
        !repo.join("site").exists(),
        "nothing is built when the port is taken"
    );
}

#[test]
fn bad_options_are_usage_errors() {
    let repo = small_repo();
    for (args, said) in [
        (
            vec!["watch", "--today", "2026-02-30"],
            "invalid value '2026-02-30' for '--today <TODAY>': \
             `2026-02-30` is not a real date: that month has 28 days",
        ),
        (
            vec!["watch", "--today", "next tuesday"],
            "invalid value 'next tuesday' for '--today <TODAY>': \
             `next tuesday` is not a date in the form YYYY-MM-DD",
        ),
        (
            vec!["watch", "--debounce", "0"],
            "invalid value '0' for '--debounce <MS>': 0 is not in 10..=10000",
        ),
        (
            vec!["watch", "--debounce", "soon"],
            "invalid value 'soon' for '--debounce <MS>': invalid digit found in string",
        ),
        (
            vec!["serve", "--port", "99999"],
            "invalid value '99999' for '--port <N>': 99999 is not in 0..=65535",
        ),
        (
            vec!["serve", "--bind", "localhost:80"],
            "invalid value 'localhost:80' for '--bind <ADDR>': invalid IP address syntax",
        ),
    ] {
        let out = repo.cmd(&args).arg(repo.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.lines().next(),
            Some(format!("error: {said}").as_str()),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

// ------------------------------------------ with a real build (ignored for now)

#[test]
fn watch_follows_every_save_pattern() {
    let repo = small_repo();
    let live = Live::spawn(&repo, "watch", &[]);
    goals_json(&live, &repo, |v| has_title(v, "Every child reads"));
    live.wait_for_stderr("watching");

    // In-place write.
    repo.write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: Every child reads well\n---\n",
    );
    goals_json(&live, &repo, |v| has_title(v, "Every child reads well"));
    live.wait_for_stderr("goals/every-reader.md changed");

    // vim: write test file, rename to backup, write new, delete backup.
    repo.write("goals/4913", "");
    fs::remove_file(repo.join("goals/4913")).unwrap();
    fs::rename(
        repo.join("goals/every-reader.md"),
        repo.join("goals/every-reader.md~"),
    )
    .unwrap();
    repo.write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: Saved by vim\n---\n",
    );
    fs::remove_file(repo.join("goals/every-reader.md~")).unwrap();
    goals_json(&live, &repo, |v| has_title(v, "Saved by vim"));

    // Write a temp file, rename it over.
    repo.write(
        "goals/every-reader.md.tmp",
        "---\nkind: purpose\ntitle: Saved atomically\n---\n",
    );
    fs::rename(
        repo.join("goals/every-reader.md.tmp"),
        repo.join("goals/every-reader.md"),
    )
    .unwrap();
    goals_json(&live, &repo, |v| has_title(v, "Saved atomically"));

    // New file in a new folder.
    repo.write(
        "goals/math/fluency.md",
        "---\nkind: purpose\ntitle: Math fluency\n---\n",
    );
    goals_json(&live, &repo, |v| has_title(v, "Math fluency"));
    wait_for_file(&live, &repo, "site/goals/fluency.html", |_| true);

    // Folder rename keeps the goal (its id is its file name).
    fs::rename(repo.join("goals/math"), repo.join("goals/numeracy")).unwrap();
    let v = goals_json(&live, &repo, |v| {
        v["goals"]
            .as_array()
            .is_some_and(|g| g.iter().any(|g| g["file"] == "goals/numeracy/fluency.md"))
    });
    assert!(has_title(&v, "Math fluency"));

    // A deleted goal: its page disappears.
    fs::remove_file(repo.join("goals/numeracy/fluency.md")).unwrap();
    goals_json(&live, &repo, |v| !has_title(v, "Math fluency"));
    assert!(
        wait_until(|| (!repo.join("site/goals/fluency.html").exists()).then_some(())).is_some()
    );

    assert_eq!(live.interrupt(), 0);
}

#[test]
fn a_broken_file_is_reported_and_the_next_good_save_recovers() {
    let repo = small_repo();
    let live = Live::spawn(&repo, "watch", &[]);
    goals_json(&live, &repo, |v| {
        error_count(v) == 0 && has_title(v, "Every child reads")
    });
    repo.write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: [unclosed\n---\n",
    );
    let v = goals_json(&live, &repo, |v| error_count(v) > 0);
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["file"] == "goals/every-reader.md"));
    // The goal keeps its place, shown from its last good save (FORMAT §2),
    // and the progress goal beneath it still points to it.
    let goals = v["goals"].as_array().unwrap();
    let purpose = goals.iter().find(|g| g["id"] == "every-reader").unwrap();
    assert_eq!(purpose["title"], "Every child reads");
    assert_eq!(purpose["broken"]["shown"], "last-save");
    assert_eq!(purpose["broken"]["file"], "goals/every-reader.md");
    let progress = goals.iter().find(|g| g["id"] == "grade-level-80").unwrap();
    assert_eq!(progress["parents"], serde_json::json!(["every-reader"]));
    assert_eq!(error_count(&v), 1, "{v:#}");
    // Pages are written alongside `goals.json`, not before it.
    let shown = wait_until(|| {
        let page = repo.read("site/goals/every-reader.html");
        page.contains("its last save that could be read")
            .then_some(())
    });
    assert!(
        shown.is_some(),
        "{}",
        repo.read("site/goals/every-reader.html")
    );
    live.wait_for_stderr("goals/every-reader.md:");
    repo.write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: Fixed\n---\n",
    );
    let v = goals_json(&live, &repo, |v| {
        error_count(v) == 0 && has_title(v, "Fixed")
    });
    let goals = v["goals"].as_array().unwrap();
    let purpose = goals.iter().find(|g| g["id"] == "every-reader").unwrap();
    assert_eq!(purpose["broken"], serde_json::Value::Null);
    assert_eq!(live.interrupt(), 0);
}

#[test]
fn settings_edits_and_template_overrides_added_while_running() {
    let repo = small_repo();
    let live = Live::spawn(&repo, "watch", &[]);
    goals_json(&live, &repo, |v| v["today"] == "2026-11-20");
    repo.write(
        "goalpost.yml",
        "title: Watch Test School\ntoday: 2026-11-27\ncycles: 2w\n",
    );
    goals_json(&live, &repo, |v| v["today"] == "2026-11-27");
    // A template override: the name of the dashboard template is the
    // renderer's (templates/index.html); adjust here if it differs.
    repo.write(
        "templates/index.html",
        "<html><body>OVERRIDDEN {{ site.title }}</body></html>",
    );
    wait_for_file(&live, &repo, "site/index.html", |t| {
        t.contains("OVERRIDDEN Watch Test School")
    });
    fs::remove_file(repo.join("templates/index.html")).unwrap();
    wait_for_file(&live, &repo, "site/index.html", |t| {
        !t.contains("OVERRIDDEN")
    });
    assert_eq!(live.interrupt(), 0);
}

#[test]
fn serve_reloads_after_a_rebuild_and_keeps_disk_files_clean() {
    let repo = small_repo();
    let port = free_port();
    let live = Live::spawn(&repo, "serve", &["--port", &port.to_string()]);
    live.wait_for_stderr(&format!("http://127.0.0.1:{port}/"));
    let page = http_get(port, "/");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("/__goalpost/events"));
    let on_disk = repo.read("site/index.html");
    assert!(
        !on_disk.contains("__goalpost"),
        "build output must stay clean"
    );

    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        events,
        "GET /__goalpost/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut seen = String::new();
    while !seen.contains("event: hello") {
        reader.read_line(&mut seen).unwrap();
    }
    repo.write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: Reloaded\n---\n",
    );
    while !seen.contains("event: reload") {
        assert!(
            reader.read_line(&mut seen).unwrap() > 0,
            "stream ended: {seen}"
        );
    }
    // By the time the reload is announced, the build has written.
    assert!(repo.read("site/goals.json").contains("Reloaded"));
    // A broken file: the served page shows the overlay, the file does not.
    repo.write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: [unclosed\n---\n",
    );
    seen.clear();
    while !seen.contains("event: reload") {
        assert!(
            reader.read_line(&mut seen).unwrap() > 0,
            "stream ended: {seen}"
        );
    }
    let page = http_get(port, "/");
    assert!(
        page.contains("goalpost-errors") && page.contains("goals/every-reader.md:"),
        "{page}"
    );
    assert!(!repo.read("site/index.html").contains("goalpost-errors"));
    assert_eq!(live.interrupt(), 0);
}

#[test]
fn polling_mode_follows_saves() {
    let repo = small_repo();
    let live = Live::spawn(&repo, "watch", &["--poll"]);
    goals_json(&live, &repo, |v| has_title(v, "Every child reads"));
    repo.write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: Polled\n---\n",
    );
    goals_json(&live, &repo, |v| has_title(v, "Polled"));
    assert_eq!(live.interrupt(), 0);
}

#[test]
fn a_commit_turns_the_working_value_into_a_git_point() {
    require_git();
    let repo = small_repo();
    repo.write(
        "goals/fluency.md",
        "---\nkind: progress\ntitle: Fluency\npurpose: every-reader\nbaseline: 30\ntarget: 60\nstart: 2026-09-01\ndue: 2027-05-28\ncurrent: 35\n---\n",
    );
    // As a school would: the report is not committed. (Without this,
    // `git add -A` races with watch's temporary files in `site/`.)
    repo.write(".gitignore", "site/\n");
    repo.git_init();
    let live = Live::spawn(&repo, "watch", &[]);
    let source = |v: &serde_json::Value| {
        v["goals"].as_array().and_then(|g| {
            g.iter().find(|g| g["id"] == "fluency").and_then(|g| {
                g["series"].as_array()?.last()?["source"]
                    .as_str()
                    .map(String::from)
            })
        })
    };
    goals_json(&live, &repo, |v| source(v).as_deref() == Some("current"));
    // Committing changes no goal file, yet the report follows.
    repo.commit("Grace Okafor", "2026-11-16T12:00:00");
    let v = goals_json(&live, &repo, |v| source(v).as_deref() == Some("git"));
    let goal = v["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "fluency")
        .unwrap()
        .clone();
    assert_eq!(goal["progress"]["latest_date"], "2026-11-16");
    assert_eq!(live.interrupt(), 0);
}

/// One goal file of the checkout test, as branch `side` (`b`) or `main`
/// has it: the title and the log entries differ in every file (one day
/// done on `main`, three on `side`).
fn checkout_goal(i: usize, b: bool) -> String {
    let day = 2 + i % 15;
    let (title, more) = if b {
        (
            format!("Practice {i} as renamed on the side branch"),
            "  2026-11-18: 1\n  2026-11-19: 1\n",
        )
    } else {
        (format!("Practice {i}"), "")
    };
    format!(
        "---\nkind: practice\ntitle: {title}\nowner: reyes\nserves: grade-level-80\n\
         start: 2026-11-02\nlog:\n  2026-11-{day:02}: 1\n{more}---\n"
    )
}

/// `git checkout` of another branch that differs in 500 goal files, under
/// a running `watch`: however the watcher batches the storm of events,
/// the report it ends with is byte for byte the one a fresh build of the
/// same checkout writes. Finished is shown by a later save that changes
/// nothing the report shows, whose own rebuild is waited for: events come
/// in order, so every checkout event was seen before it.
#[test]
fn a_checkout_of_500_files_under_watch_ends_equal_to_a_fresh_build() {
    require_git();
    const FILES: usize = 500;
    let repo = Repo::empty();
    repo.write(".gitignore", "site/\n").write(
        "goalpost.yml",
        "title: Checkout School\ntoday: 2026-11-20\npeople:\n  reyes: {name: Dana Reyes}\n",
    );
    let write_branch = |b: bool| {
        let mark = if b { " (side)" } else { "" };
        repo.write(
            "goals/every-reader.md",
            format!("---\nkind: purpose\ntitle: Every child reads{mark}\n---\n"),
        )
        .write(
            "goals/grade-level-80.md",
            format!(
                "---\nkind: progress\ntitle: Grade level 80{mark}\npurpose: every-reader\n\
                 baseline: 60\ntarget: 80\nstart: 2026-09-01\ndue: 2027-05-28\n\
                 measurements:\n  2026-10-01: {}\n---\n",
                if b { 66 } else { 64 }
            ),
        );
        for i in 0..FILES - 2 {
            repo.write(
                &format!("goals/area-{}/practice-{i}.md", i % 10),
                checkout_goal(i, b),
            );
        }
    };
    repo.git_init();
    write_branch(false);
    repo.commit("Grace Okafor", "2026-11-02T12:00:00");
    repo.git(&["checkout", "-q", "-b", "side"]);
    write_branch(true);
    repo.commit("Grace Okafor", "2026-11-16T12:00:00");
    repo.git(&["checkout", "-q", "main"]);

    let live = Live::spawn(&repo, "watch", &[]);
    live.wait_for_stderr_within("watching", FIRST_BUILD);
    assert!(repo.read("site/goals.json").contains("\"Practice 497\""));
    let seven = |json: &str| -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v["goals"]
            .as_array()
            .and_then(|g| g.iter().find(|g| g["id"] == "practice-7").cloned())
            .unwrap()
    };
    let before = seven(&repo.read("site/goals.json"));
    repo.git(&["checkout", "-q", "side"]);
    // Every title of the other branch shows, in one rebuild or several.
    goals_json(&live, &repo, |v| {
        v["goals"].as_array().is_some_and(|g| {
            g.iter()
                .filter(|g| g["title"].as_str().is_some_and(|t| t.contains("side")))
                .count()
                == FILES
        })
    });
    // Then a save that changes nothing the report shows (a comment in
    // the settings: no walk, no page rendered), and its own rebuild. The
    // checkout never touches `goalpost.yml`, and a rebuild line names its
    // first changed file in order (`.git/HEAD` has no extension, then
    // `goalpost.yml` before `goals/`), so the line is this save's.
    repo.write(
        "goalpost.yml",
        format!("{}# saved after the checkout\n", repo.read("goalpost.yml")),
    );
    let deadline = Instant::now() + PATIENCE;
    while !live
        .stderr()
        .lines()
        .any(|l| l.starts_with("goalpost.yml ") && l.contains("· rebuilt in"))
    {
        assert!(
            Instant::now() < deadline,
            "no rebuild after the save of goalpost.yml:\n{}",
            live.stderr()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let fresh = tempfile::tempdir().unwrap();
    repo.cmd(&["build", "--out", fresh.path().to_str().unwrap()])
        .assert()
        .code(0);
    let report = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        crate::support::snapshot(dir)
            .into_iter()
            .filter(|(p, _)| !p.to_string_lossy().contains(".goalpost-"))
            .collect()
    };
    let (watched, fresh) = (report(&repo.join("site")), report(fresh.path()));
    assert!(fresh.len() > FILES, "{} files", fresh.len());
    let names =
        |r: &[(PathBuf, Vec<u8>)]| -> Vec<PathBuf> { r.iter().map(|(p, _)| p.clone()).collect() };
    let (w_names, f_names) = (names(&watched), names(&fresh));
    let only = |a: &[PathBuf], b: &[PathBuf]| -> Vec<PathBuf> {
        a.iter().filter(|p| !b.contains(p)).cloned().collect()
    };
    assert!(
        w_names == f_names,
        "not the same files: only in the watched folder {:?}, only in the fresh one {:?}\n{}",
        only(&w_names, &f_names),
        only(&f_names, &w_names),
        live.stderr()
    );
    for ((path, w), (_, f)) in watched.iter().zip(&fresh) {
        if w != f {
            let (w, f) = (String::from_utf8_lossy(w), String::from_utf8_lossy(f));
            let at = w.lines().zip(f.lines()).position(|(a, b)| a != b);
            let line = |t: &str| at.and_then(|n| t.lines().nth(n)).unwrap_or("").to_string();
            panic!(
                "{} differs from a fresh build at line {at:?}:\nwatched: {}\nfresh:   {}\n{}",
                path.display(),
                line(&w),
                line(&f),
                live.stderr()
            );
        }
    }
    // The report is the other branch's, down to the entries: three days
    // done of the last 14, not one.
    let now = seven(&repo.read("site/goals.json"));
    assert_eq!(now["title"], "Practice 7 as renamed on the side branch");
    assert_ne!(now["practice"], before["practice"], "{now}");
    assert_eq!(live.interrupt(), 0);
}

/// A template override that never ends stops with `template-error`;
/// `watch` keeps watching, picks up the deleted override and stops on the
/// first Ctrl-C.
#[cfg(unix)]
#[test]
fn a_runaway_template_is_stopped_and_watch_recovers() {
    let repo = small_repo();
    let base = goalpost::render::templates::builtin("base.html").unwrap();
    repo.write(
        "templates/base.html",
        base.replace(
            "</footer>",
            "{% for a in range(10000) %}{% for b in range(10000) %}\
             {% for c in range(10000) %}x{% endfor %}{% endfor %}{% endfor %}</footer>",
        ),
    );
    let live = Live::spawn(&repo, "watch", &[]);
    // A debug build on a busy machine takes a while to burn the fuel.
    live.wait_for_stderr_within("template-error", Duration::from_secs(120));
    assert!(
        live.stderr().contains("templates/base.html"),
        "{}",
        live.stderr()
    );
    fs::remove_file(repo.join("templates/base.html")).unwrap();
    wait_for_file(&live, &repo, "site/index.html", |t| {
        t.contains("Watch Test School")
    });
    assert_eq!(live.interrupt(), 0);
}

// ------------------------------------------------------- what serve shows

/// `GET path`, or `None` while nothing listens on the port.
fn try_http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(PATIENCE)).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw).ok()?;
    Some(raw)
}

#[test]
fn the_overlay_shows_only_what_the_public_report_shows() {
    let repo = small_repo();
    // A private goal with an unknown field, and a private file too broken
    // to be read as a goal (no `kind`).
    repo.write(
        "goals/math/wait-time.md",
        "---\nkind: purpose\ntitle: Wait five seconds\nvisibility: private\n\
         colour: blue\n---\n",
    )
    .write(
        "goals/math/secret-draft.md",
        "---\ntitle: Secret draft\nvisibility: private\n---\n",
    );
    let port = free_port();
    let live = Live::spawn(&repo, "serve", &["--port", &port.to_string()]);
    live.wait_for_stderr(&format!("http://127.0.0.1:{port}/"));
    let page = http_get(port, "/");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    // The overlay says there are errors in private goals, as the page does…
    assert!(page.contains("goalpost-errors"), "{page}");
    assert!(page.contains("a private goal has an error"), "{page}");
    // …but never where, nor what they say.
    for secret in ["wait-time", "secret-draft", "Secret draft", "colour"] {
        assert!(!page.contains(secret), "`{secret}` on the served page");
    }
    // The terminal (the person running serve) still sees everything.
    assert!(live.stderr().contains("goals/math/wait-time.md"));
    assert_eq!(live.interrupt(), 0);
}

#[test]
fn serve_never_serves_another_folder_than_the_one_it_builds() {
    let repo = small_repo();
    repo.write(
        "goalpost.yml",
        "title: Watch Test School\ntoday: 2026-11-20\noutput: public\n",
    );
    // Enough goals that the first build takes a while.
    for i in 0..1500 {
        repo.write(
            &format!("goals/many/g{i}.md"),
            format!("---\nkind: purpose\ntitle: Goal number {i}\n---\n"),
        );
    }
    // An old report in the default folder, with a private page in it.
    repo.write("site/old-private.html", "OLD PRIVATE PAGE");
    let port = free_port();
    let live = Live::spawn(&repo, "serve", &["--port", &port.to_string()]);
    let first = wait_until(|| try_http_get(port, "/old-private.html")).expect("serve answers");
    let built = live.stderr().contains("serving");
    assert!(
        !first.contains("OLD PRIVATE PAGE"),
        "served from site/ (first build done: {built}): {first}"
    );
    // The first build of 1,500 goals: slow on a busy machine.
    live.wait_for_stderr_within(&format!("http://127.0.0.1:{port}/"), FIRST_BUILD);
    assert!(!http_get(port, "/old-private.html").contains("OLD PRIVATE PAGE"));
    assert!(http_get(port, "/").contains("Watch Test School"));
    assert!(repo.join("public/index.html").is_file());
    assert_eq!(live.interrupt(), 0);
}

#[test]
fn serve_shows_no_old_page_before_its_first_build_ends() {
    let repo = small_repo();
    repo.write(
        "goals/math/wait-time.md",
        "---\nkind: purpose\ntitle: Wait five seconds\nvisibility: private\n---\n",
    );
    // The owner's own copy, built into the folder serve will serve.
    repo.cmd(&["build", "--include-private"]).assert().code(0);
    assert!(repo.join("site/goals/wait-time.html").is_file());
    // Enough goals that serve's first build takes a while.
    for i in 0..1500 {
        repo.write(
            &format!("goals/many/g{i}.md"),
            format!("---\nkind: purpose\ntitle: Goal number {i}\n---\n"),
        );
    }
    // Another build holds the output folder: serve's first build cannot end
    // before the page is asked for, however fast it is.
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(repo.join("site/.goalpost-lock"))
        .expect("the lock file is there");
    lock.lock().unwrap();
    let port = free_port();
    let live = Live::spawn(&repo, "serve", &["--port", &port.to_string()]);
    let first = wait_until(|| try_http_get(port, "/goals/wait-time.html")).expect("serve answers");
    lock.unlock().unwrap();
    assert!(
        !first.contains("Wait five seconds"),
        "the old private page was served: {first}"
    );
    assert!(first.starts_with("HTTP/1.1 503"), "{first}");
    assert!(
        first.contains("/__goalpost/events"),
        "it reloads when ready"
    );
    // The first build of 1,500 goals: slow on a busy machine.
    live.wait_for_stderr_within(&format!("http://127.0.0.1:{port}/"), FIRST_BUILD);
    let after = http_get(port, "/goals/wait-time.html");
    assert!(after.starts_with("HTTP/1.1 404"), "{after}");
    assert!(http_get(port, "/").starts_with("HTTP/1.1 200"));
    assert_eq!(live.interrupt(), 0);
}

// ------------------------------------------------------- serve under stress

/// `goalpost serve` on a free port, started and built; its port.
fn serve(repo: &Repo, extra: &[&str]) -> (Live, u16) {
    let port = free_port();
    let mut args = vec!["--port".to_string(), port.to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let live = Live::spawn(repo, "serve", &args);
    live.wait_for_stderr("serving http://");
    (live, port)
}

/// One `GET` on a new connection, as a status code; an error (not a hang)
/// when the server hangs up on it.
fn try_status(port: u16, path: &str, patience: Duration) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), patience)?;
    stream.set_read_timeout(Some(patience))?;
    stream.set_write_timeout(Some(patience))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let head = String::from_utf8_lossy(&raw);
    head.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line: {head:?}")))
}

/// Reads one response off a kept-alive connection (head, then a
/// `Content-Length` or chunked body); its status.
fn read_status(reader: &mut BufReader<TcpStream>) -> std::io::Result<u16> {
    let mut status = None;
    let mut length = 0;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if status.is_none() {
            status = line.split(' ').nth(1).and_then(|s| s.parse().ok());
            if status.is_none() {
                return Err(std::io::Error::other(format!("no status line: {line:?}")));
            }
        } else if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.contains("chunked");
            }
        }
        if line == "\r\n" {
            break;
        }
    }
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim(), 16).map_err(std::io::Error::other)?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
        }
    } else {
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
    }
    status.ok_or_else(|| std::io::Error::other("no status line"))
}

/// The report's files as request paths.
fn report_paths(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap().map_while(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(format!("/{}", rel.to_string_lossy().replace('\\', "/")));
            }
        }
    }
    let mut out = vec!["/".to_string()];
    walk(root, root, &mut out);
    out.retain(|p| !p.contains(".goalpost"));
    out
}

/// Asks for `path` on a connection that stays open; panics (naming
/// `what`) unless the answer is a 200 in time.
fn ask(reader: &mut BufReader<TcpStream>, writer: &mut TcpStream, path: &str, what: &str) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    writer.write_all(request.as_bytes()).unwrap();
    let status = read_status(reader).unwrap_or_else(|e| panic!("{what}, {path}: {e}"));
    assert_eq!(status, 200, "{what}, {path}");
}

fn kept_alive(port: u16) -> (BufReader<TcpStream>, TcpStream) {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    (BufReader::new(stream.try_clone().unwrap()), stream)
}

#[test]
fn parallel_kept_alive_requests_right_after_start_are_all_answered() {
    let repo = Repo::example("lincoln-elementary");
    // What a browser (or `curl --parallel`) does with the first page just
    // after `serve --open`: one connection for the page, then five more at
    // once for what it links to, every connection kept open and used again.
    let paths = [
        "/site.css",
        "/goals.json",
        "/scorecard.html",
        "/problems.html",
        "/people/",
        "/goals/ada-95.html",
    ];
    for round in 0..3 {
        let (live, port) = serve(&repo, &[]);
        let (mut reader, mut writer) = kept_alive(port);
        ask(&mut reader, &mut writer, "/", "the first connection");
        let fresh: Vec<_> = (1..6)
            .map(|i| {
                std::thread::spawn(move || {
                    let (mut reader, mut writer) = kept_alive(port);
                    let what = format!("round {round}, new connection {i}");
                    ask(&mut reader, &mut writer, paths[i], &what);
                    (reader, writer)
                })
            })
            .collect();
        ask(
            &mut reader,
            &mut writer,
            paths[0],
            "the first connection again",
        );
        let mut held: Vec<_> = fresh.into_iter().map(|c| c.join().unwrap()).collect();
        for (i, (reader, writer)) in held.iter_mut().enumerate() {
            let what = format!("round {round}, connection {} again", i + 1);
            ask(reader, writer, paths[(i + 3) % paths.len()], &what);
        }
        drop((reader, writer, held));
        assert_eq!(live.interrupt(), 0);
    }
}

#[cfg(unix)]
#[test]
fn serve_outlives_more_connections_than_it_has_file_descriptors() {
    let repo = small_repo();
    let port = free_port();
    // A shell lowers the open-file limit, then becomes goalpost.
    let program = Command::cargo_bin("goalpost").unwrap();
    let program = program.get_program().to_owned();
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg("ulimit -n 256 && exec \"$0\" \"$@\"")
        .arg(program)
        .args(["serve", "--debounce", "50", "--port", &port.to_string()])
        .arg(repo.path());
    let live = Live::start(shell);
    live.wait_for_stderr("serving http://");

    // 400 clients that never finish a request: half send nothing, half
    // the start of a head.
    let mut held = Vec::new();
    for i in 0..400 {
        let Ok(mut stream) =
            TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2))
        else {
            continue;
        };
        if i % 2 == 1 {
            let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: loc");
        }
        held.push(stream);
    }
    // Meanwhile a new client gets an answer (the page, or "busy"), or is
    // hung up on: it never waits for ever.
    match try_status(port, "/", PATIENCE) {
        Ok(status) => assert!([200, 503].contains(&status), "{status}"),
        Err(e) => assert!(
            !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
            "a client waited in vain while 400 others were idle: {e}"
        ),
    }
    drop(held);
    // Once they are gone, the server answers as before.
    let answered = wait_until(|| (try_status(port, "/", PATIENCE).ok() == Some(200)).then_some(()));
    assert!(
        answered.is_some(),
        "the server stopped answering; stderr:\n{}",
        live.stderr()
    );
    assert_eq!(live.interrupt(), 0);
}

#[test]
fn serve_on_every_address_warns_and_says_where() {
    let repo = small_repo();
    let (live, port) = serve(&repo, &["--bind", "0.0.0.0"]);
    let stderr = live.stderr();
    assert!(
        stderr.contains("warning") && stderr.contains(&format!("0.0.0.0:{port}")),
        "{stderr}"
    );
    assert!(stderr.contains("host name"), "{stderr}");
    assert_eq!(try_status(port, "/", PATIENCE).unwrap(), 200);
    assert_eq!(live.interrupt(), 0);
}

/// 200 clients at once for a few seconds: reload streams, idle
/// connections, clients that send their head a byte at a time, and busy
/// ones asking for pages over kept-alive connections. Meanwhile every page
/// of the report answers a new client within a second. Prints the busy
/// clients' requests per second and 99th-percentile latency.
#[test]
fn serve_under_load_answers_every_page() {
    let repo = Repo::example("lincoln-elementary");
    let (live, port) = serve(&repo, &[]);
    let pages = report_paths(&repo.join("site"));
    assert!(pages.len() > 3, "{pages:?}");
    let load = Duration::from_secs(3);
    let started = Instant::now();
    let stop_at = started + load;
    let clients: Vec<_> = (0..200)
        .map(|i| {
            let pages = pages.clone();
            std::thread::spawn(move || -> Vec<Duration> {
                let Ok(stream) =
                    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), PATIENCE)
                else {
                    panic!("client {i} could not connect");
                };
                stream.set_read_timeout(Some(PATIENCE)).unwrap();
                stream.set_write_timeout(Some(PATIENCE)).unwrap();
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                let mut latencies = Vec::new();
                let sleep_until =
                    |at: Instant| std::thread::sleep(at.saturating_duration_since(Instant::now()));
                match i % 4 {
                    // A tab's reload stream.
                    0 => {
                        write!(
                            writer,
                            "GET /__goalpost/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        )
                        .unwrap();
                        let mut seen = String::new();
                        while !seen.contains("event: hello") {
                            assert!(reader.read_line(&mut seen).unwrap() > 0, "{seen}");
                        }
                        sleep_until(stop_at);
                    }
                    // Connected, silent.
                    1 => sleep_until(stop_at),
                    // A head, one byte every 50 ms.
                    2 => {
                        let head = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".to_string()
                            + &"s".repeat(200);
                        for byte in head.bytes() {
                            if Instant::now() >= stop_at || writer.write_all(&[byte]).is_err() {
                                break;
                            }
                            std::thread::sleep(Duration::from_millis(50));
                        }
                        sleep_until(stop_at);
                    }
                    // Busy: page after page on one connection.
                    _ => {
                        let mut n = i;
                        while Instant::now() < stop_at {
                            let path = &pages[n % pages.len()];
                            n += 1;
                            let asked = Instant::now();
                            // One write: a request in pieces waits on
                            // delayed ACKs (Nagle), timing the client.
                            let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
                            writer.write_all(request.as_bytes()).unwrap();
                            let status = read_status(&mut reader)
                                .unwrap_or_else(|e| panic!("busy client {i}, {path}: {e}"));
                            assert_eq!(status, 200, "{path}");
                            latencies.push(asked.elapsed());
                        }
                    }
                }
                latencies
            })
        })
        .collect();
    // Half-way through, with every client connected: each page answers.
    std::thread::sleep(load / 2);
    for path in &pages {
        let asked = Instant::now();
        let status = try_status(port, path, PATIENCE).unwrap();
        assert_eq!(status, 200, "{path}");
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "{path} took {:?} under load",
            asked.elapsed()
        );
    }
    let mut latencies: Vec<Duration> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    let elapsed = started.elapsed();
    latencies.sort();
    let p99 = latencies[latencies.len() * 99 / 100];
    eprintln!(
        "load: {} requests in {elapsed:?} by 50 busy clients ({:.0}/s), p99 {p99:?}, \
         next to 50 reload streams, 50 idle and 50 slow clients",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    // And after the load, too.
    for path in &pages {
        assert_eq!(try_status(port, path, PATIENCE).unwrap(), 200, "{path}");
    }
    assert_eq!(live.interrupt(), 0);
}

/// Ctrl-C ends `serve` at once, however many pages listen for reloads.
#[cfg(unix)]
#[test]
fn ctrl_c_with_300_open_reload_streams_exits_cleanly() {
    let repo = small_repo();
    let (live, port) = serve(&repo, &[]);
    let streams: Vec<_> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            stream.set_read_timeout(Some(PATIENCE)).unwrap();
            write!(
                stream,
                "GET /__goalpost/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
            )
            .unwrap();
            stream
        })
        .collect();
    for stream in &streams {
        let mut reader = BufReader::new(stream);
        let mut seen = String::new();
        while !seen.contains("event: hello") {
            assert!(reader.read_line(&mut seen).unwrap() > 0, "{seen}");
        }
    }
    let asked = Instant::now();
    assert_eq!(live.interrupt(), 0);
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "Ctrl-C took {:?}",
        asked.elapsed()
    );
    // Every stream ends with the process.
    for mut stream in streams {
        let mut rest = Vec::new();
        assert!(stream.read_to_end(&mut rest).is_ok());
    }
}
