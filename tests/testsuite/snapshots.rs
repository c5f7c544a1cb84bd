//! Snapshots (insta) of what a reader sees: `goalpost check` on a broken
//! fixture and on the example school, `check --format json`, the example's
//! `goals.json` and three of its pages.
//!
//! Every command pins `--today`, runs in a temp copy that is in no git
//! repository (so no history from this checkout gets in), and the output
//! has the temp folder and timings replaced by `[repo]` and `[time]`.
//! After an intended change of output: `INSTA_UPDATE=always cargo test`,
//! look at the `.snap` diff, commit it.

use crate::prelude::*;

const TODAY: &str = "2026-11-20";

/// `goalpost <args…> --today 2026-11-20` in `repo`; its exit code, stdout
/// and stderr, redacted.
fn run(repo: &Repo, args: &[&str]) -> (i32, String, String) {
    let out = repo
        .cmd(args)
        .args(["--today", TODAY])
        .env("GIT_CEILING_DIRECTORIES", ceiling(repo))
        .output()
        .expect("goalpost runs");
    (
        out.status.code().unwrap_or(-1),
        redact(repo, &String::from_utf8_lossy(&out.stdout)),
        redact(repo, &String::from_utf8_lossy(&out.stderr)),
    )
}

/// The folder above the repo, where git stops looking for a repository:
/// a temp folder that happens to be inside a git checkout adds no history.
fn ceiling(repo: &Repo) -> std::path::PathBuf {
    repo.path().parent().unwrap_or(repo.path()).to_path_buf()
}

/// The example school built into its `site/`.
fn built_example() -> Repo {
    let repo = Repo::example("lincoln-elementary");
    let (code, _, stderr) = run(&repo, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    repo
}

/// Machine-specific bits of an output: the temp folder, and durations
/// such as `in 152.93ms`.
fn redact(repo: &Repo, text: &str) -> String {
    let text = text.replace(&repo.path().display().to_string(), "[repo]");
    text.lines()
        .map(redact_duration)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `… in 152.93ms` → `… in [time]` (also `s`, `µs`, `ns`, `m`).
fn redact_duration(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(" in ") {
        let (before, after) = rest.split_at(at + 4);
        out.push_str(before);
        let number = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        let unit = after[number..]
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(after.len() - number);
        let is_duration = number > 0
            && ["ms", "s", "µs", "us", "ns", "m"].contains(&&after[number..number + unit]);
        if is_duration {
            out.push_str("[time]");
            rest = &after[number + unit..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A command's exit code and its non-empty output streams.
fn transcript(code: i32, stdout: &str, stderr: &str) -> String {
    let mut out = format!("exit: {code}\n");
    for (name, text) in [("stdout", stdout), ("stderr", stderr)] {
        if !text.trim().is_empty() {
            out.push_str(&format!("--- {name}\n{text}\n"));
        }
    }
    out
}

fn snapshot(name: &str, description: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(description);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, value));
}

#[test]
fn redaction_of_durations() {
    assert_eq!(
        redact_duration("wrote 43 (unchanged 0, removed 0) to ./site in 152.93ms"),
        "wrote 43 (unchanged 0, removed 0) to ./site in [time]"
    );
    assert_eq!(
        redact_duration("built in 2s, checked in 7µs"),
        "built in [time], checked in [time]"
    );
    assert_eq!(
        redact_duration("3 warnings in 25 goal files"),
        "3 warnings in 25 goal files"
    );
}

#[test]
fn check_broken_fixture_human() {
    let repo = Repo::fixture("broken");
    let (code, stdout, stderr) = run(&repo, &["check"]);
    assert_eq!(code, 1);
    snapshot(
        "check_broken_human",
        "goalpost check --today 2026-11-20 on tests/fixtures/broken: exit code and output",
        &transcript(code, &stdout, &stderr),
    );
}

#[test]
fn check_broken_fixture_json() {
    let repo = Repo::fixture("broken");
    let (code, stdout, _) = run(&repo, &["check", "--format", "json"]);
    assert_eq!(code, 1);
    serde_json::from_str::<serde_json::Value>(&stdout).expect("JSON");
    snapshot(
        "check_broken_json",
        "goalpost check --format json --today 2026-11-20 on tests/fixtures/broken",
        &stdout,
    );
}

#[test]
fn check_example_human() {
    let repo = Repo::example("lincoln-elementary");
    let (code, stdout, stderr) = run(&repo, &["check"]);
    assert_eq!(code, 0);
    snapshot(
        "check_example_human",
        "goalpost check --today 2026-11-20 on examples/lincoln-elementary: exit code and output",
        &transcript(code, &stdout, &stderr),
    );
}

#[test]
fn build_example_summary() {
    let repo = Repo::example("lincoln-elementary");
    let (code, stdout, stderr) = run(&repo, &["build"]);
    assert_eq!(code, 0);
    snapshot(
        "build_example_summary",
        "goalpost build --today 2026-11-20 on examples/lincoln-elementary: exit code and output, timing redacted",
        &transcript(code, &stdout, &stderr),
    );
}

#[test]
fn example_goals_json() {
    let repo = built_example();
    let json = repo.read("site/goals.json");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(doc["today"], TODAY);
    snapshot(
        "example_goals_json",
        "site/goals.json of examples/lincoln-elementary built with --today 2026-11-20",
        &redact(&repo, &json),
    );
}

#[test]
fn example_pages() {
    let repo = built_example();
    for (name, page, expect) in [
        ("example_dashboard_html", "site/index.html", "Sprint 6"),
        (
            "example_practice_page_html",
            "site/goals/classroom-visits.html",
            "Three classroom visits a day",
        ),
        (
            "example_people_index_html",
            "site/people/index.html",
            "Dana Reyes",
        ),
    ] {
        let html = repo.read(page);
        assert!(html.contains(expect), "{page} should show {expect}");
        snapshot(
            name,
            &format!("{page} of examples/lincoln-elementary built with --today 2026-11-20"),
            &redact(&repo, &html),
        );
    }
}
