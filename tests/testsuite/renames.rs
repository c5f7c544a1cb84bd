//! Renames keep links working (FORMAT §2 "Old addresses keep working",
//! §3 `aliases`, §8 "Redirect pages"). A real repository in a temp
//! folder with fixed author dates:
//!
//! 1. Sep 1, Ann Berg: the purpose `attendance`, the progress goal
//!    `chronic-absence` and the practice `attendance-calls` that serves it.
//! 2. Oct 5, Bo Chen: `goals/chronic-absence.md` renamed to
//!    `goals/attendance-chronic-absence.md` (its id changes with the file
//!    name); `attendance-calls` still says `serves: chronic-absence`.

use crate::prelude::*;
use serde_json::{json, Value};

/// `stale` waits longer than the story, so the only problems are the ones it makes.
const SETTINGS: &str = "today: 2026-11-20\nstale_after_days: 365\n";

const PURPOSE: &str = "---\nkind: purpose\ntitle: Every day counts\n---\n";
const ABSENCE: &str = "---\nkind: progress\ntitle: Chronic absence down to 12%\n\
    purpose: attendance\nbaseline: 20\ntarget: 12\nstart: 2026-09-01\ndue: 2027-05-28\n---\n";
const CALLS: &str = "---\nkind: practice\ntitle: Attendance calls\nserves: chronic-absence\n\
    start: 2026-09-01\n---\n";

/// `git add -A` and a commit with `message`, by `author` at `when`.
fn commit(repo: &Repo, author: &str, when: &str, message: &str) -> String {
    repo.git(&["add", "-A"]);
    repo.git_as(author, when, &["commit", "-q", "-m", message]);
    repo.head()
}

/// The repository after commit 1, with its first report built.
fn before_the_rename() -> Repo {
    require_git();
    let repo = Repo::empty();
    repo.git_init();
    repo.write("goalpost.yml", SETTINGS)
        .write("goals/attendance.md", PURPOSE)
        .write("goals/chronic-absence.md", ABSENCE)
        .write("goals/attendance-calls.md", CALLS);
    commit(
        &repo,
        "Ann Berg",
        "2026-09-01T09:00:00+02:00",
        "Goals for the year",
    );
    repo
}

/// Commit 2: the rename. Returns its commit id.
fn rename(repo: &Repo) -> String {
    repo.git(&[
        "mv",
        "goals/chronic-absence.md",
        "goals/attendance-chronic-absence.md",
    ]);
    commit(
        repo,
        "Bo Chen",
        "2026-10-05T16:00:00+02:00",
        "Attendance goals share a prefix",
    )
}

fn check_json(repo: &Repo) -> Value {
    let out = repo.cmd(&["check", "--format", "json"]).output().unwrap();
    serde_json::from_slice(&out.stdout).expect("check --format json prints JSON")
}

#[test]
fn a_reference_to_the_old_id_is_one_error_whose_hint_names_the_new_id_and_the_commit() {
    let repo = before_the_rename();
    assert_eq!(check_json(&repo), json!([]), "the story starts clean");
    let id = rename(&repo);
    // One mistake, one error: no `magic-wand` on the renamed goal (its
    // practice still serves it), no second error for the same reference.
    assert_eq!(
        check_json(&repo),
        json!([{
            "severity": "error",
            "code": "unknown-reference",
            "file": "goals/attendance-calls.md",
            "line": 4,
            "column": 9,
            "message": "`serves: chronic-absence`: there is no goal with this id",
            "hint": format!(
                "`chronic-absence` was renamed to `attendance-chronic-absence` on 2026-10-05 \
                 by Bo Chen (commit {}): write `serves: attendance-chronic-absence`",
                &id[..7]
            ),
            "goal": "attendance-calls",
        }])
    );
    // The practice is still shown beneath the goal it meant.
    repo.cmd(&["build"]).assert().code(1);
    let json: Value = serde_json::from_str(&repo.read("site/goals.json")).unwrap();
    let goal = json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "attendance-chronic-absence")
        .expect("the renamed goal")
        .clone();
    assert_eq!(goal["children"], json!(["attendance-calls"]));
    assert_eq!(goal["lints"], json!([]));
}

#[test]
fn the_old_address_leads_to_the_renamed_goal() {
    let repo = before_the_rename();
    repo.cmd(&["build"]).assert().code(0);
    assert!(repo
        .read("site/goals/chronic-absence.html")
        .contains("<h1>Chronic absence down to 12%"));
    rename(&repo);
    repo.cmd(&["build"]).assert().code(1);
    let page = repo.read("site/goals/chronic-absence.html");
    for part in [
        "<meta http-equiv=\"refresh\" content=\"0; url=../goals/attendance-chronic-absence.html\">",
        "<h1>Chronic absence down to 12%</h1>",
        "<a href=\"../goals/attendance-chronic-absence.html\">Chronic absence down to 12%</a>",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    ] {
        assert!(page.contains(part), "{part} in:\n{page}");
    }
    assert!(
        repo.read("site/goals/attendance-chronic-absence.html")
            .contains("<h1>Chronic absence down to 12%"),
        "the goal's page is at its new address"
    );
    // Written by the output writer, like every page: in its manifest.
    let manifest = repo.read("site/.goalpost-manifest");
    assert!(
        manifest
            .lines()
            .any(|l| l.starts_with("goals/chronic-absence.html\t")),
        "{manifest}"
    );
}

#[test]
fn a_new_goal_at_the_old_address_takes_it_back() {
    let repo = before_the_rename();
    rename(&repo);
    repo.write(
        "goals/attendance-calls.md",
        CALLS.replace(
            "serves: chronic-absence",
            "serves: attendance-chronic-absence",
        ),
    );
    repo.cmd(&["build"]).assert().code(0);
    assert!(repo
        .read("site/goals/chronic-absence.html")
        .contains("http-equiv=\"refresh\""));
    repo.write(
        "goals/chronic-absence.md",
        "---\nkind: progress\ntitle: A new chronic absence goal\npurpose: attendance\n\
         allow: [magic-wand, not-measurable]\n---\n",
    );
    commit(&repo, "Ann Berg", "2026-10-20T09:00:00+02:00", "A new goal");
    repo.cmd(&["build"]).assert().code(0);
    let page = repo.read("site/goals/chronic-absence.html");
    assert!(page.contains("<h1>A new chronic absence goal"), "{page}");
    assert!(!page.contains("http-equiv=\"refresh\""), "{page}");
}

#[test]
fn aliases_lead_to_the_goal_and_their_pages_go_with_them() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", SETTINGS)
        .write("goals/attendance.md", PURPOSE)
        .write(
            "goals/attendance-chronic-absence.md",
            ABSENCE.replace(
                "---\nkind",
                "---\naliases: [chronic-absence, absence-12]\nkind",
            ),
        )
        .write("goals/attendance-calls.md", CALLS);
    let out = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    for old in ["chronic-absence", "absence-12"] {
        let page = repo.read(&format!("site/goals/{old}.html"));
        assert!(
            page.contains("url=../goals/attendance-chronic-absence.html"),
            "{old}: {page}"
        );
    }
    // Without a git history, the hint names the new id only.
    assert_eq!(
        check_json(&repo)[0]["hint"],
        "`chronic-absence` is an old id of `attendance-chronic-absence`: \
         write `serves: attendance-chronic-absence`"
    );
    // An alias taken away takes its page with it.
    repo.write(
        "goals/attendance-chronic-absence.md",
        ABSENCE.replace("---\nkind", "---\naliases: [chronic-absence]\nkind"),
    );
    let out = repo.cmd(&["build"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("removed 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(repo.try_read("site/goals/absence-12.html").is_none());
    assert!(repo.try_read("site/goals/chronic-absence.html").is_some());
    assert!(!repo.read("site/.goalpost-manifest").contains("absence-12"));
}

#[test]
fn aliases_are_checked_like_every_field() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", SETTINGS)
        .write(
            "goals/attendance.md",
            "---\nkind: purpose\ntitle: Every day counts\naliases: {old: yes}\n---\n",
        )
        .write(
            "goals/calls.md",
            "---\nkind: purpose\ntitle: Calls\naliases: [goals/calls, attendance, old-calls]\n---\n",
        )
        .write(
            "goals/other.md",
            "---\nkind: purpose\ntitle: Other\naliases: old-calls\n---\n",
        );
    let found: Vec<(String, String, u64, u64)> = check_json(&repo)
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let e =
        |code: &str, file: &str, line, column| (code.to_string(), file.to_string(), line, column);
    assert_eq!(
        found,
        [
            e("wrong-type", "goals/attendance.md", 4, 10),
            e("invalid-value", "goals/calls.md", 4, 11),
            e("duplicate-id", "goals/calls.md", 4, 24),
            e("duplicate-id", "goals/other.md", 4, 10),
        ]
    );
}
