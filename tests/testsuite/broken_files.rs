//! A file that cannot be read keeps its place (FORMAT §2): one mistake
//! gives one error, in the file that has it; the goal's page stays at its
//! address; an earlier good version (the last commit that parsed) is shown
//! when there is one. The last good save under `watch` is in `live_cli`.

use crate::prelude::*;
use serde_json::Value;

const READING: &str = "goals/reading.md";

/// A purpose, a progress goal beneath it and two practices serving the
/// progress goal, with nothing to warn about.
fn repo() -> Repo {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "title: Broken Files School\ntoday: 2026-11-20\ncycles: 2w\n\
         calendar: {start: 2026-08-31, end: 2027-06-25}\n",
    )
    .write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: Every child reads\nowner: reyes\n---\n",
    )
    .write(READING, GOOD_READING)
    .write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Classroom visits\nowner: reyes\nserves: reading\n\
         cadence: weekdays\nstart: 2026-11-02\nlog:\n  2026-11-16: 1\n  2026-11-17: 1\n  \
         2026-11-18: 1\n  2026-11-19: 1\n  2026-11-20: 1\n---\n",
    )
    .write(
        "goals/feedback.md",
        "---\nkind: practice\ntitle: Phonics feedback\nowner: okafor\nserves: [reading]\n\
         cadence: weekly\nstart: 2026-11-02\nlog:\n  2026-11-06: 1\n  2026-11-13: 1\n  \
         2026-11-20: 1\n---\n",
    );
    repo
}

const GOOD_READING: &str = "---\nkind: progress\ntitle: Reading at grade level\nowner: reyes\n\
     purpose: every-reader\nbaseline: 67\ntarget: 80\nstart: 2026-09-01\ndue: 2027-05-28\n\
     measurements:\n  2026-09-15: 67\n  2026-10-16: 69\n  2026-11-13: 71\n---\nWhy.\n";

fn check(repo: &Repo) -> (i32, Vec<Value>) {
    let out = repo
        .cmd(&["check", "--format", "json"])
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    (
        out.status.code().unwrap_or(-1),
        v.as_array().expect("array").clone(),
    )
}

fn goals_json(repo: &Repo) -> Value {
    serde_json::from_str(&repo.read("site/goals.json")).expect("goals.json")
}

fn goal<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no goal {id}"))
}

/// The mistakes people make in a text editor, each with the one error it
/// must give: (what, the file's text, code, line).
fn mistakes() -> Vec<(&'static str, String, &'static str, u64)> {
    vec![
        (
            "a tab in the YAML",
            GOOD_READING.replace("  2026-10-16: 69", "\t2026-10-16: 69"),
            "yaml-syntax",
            12,
        ),
        (
            "a missing closing ---",
            GOOD_READING.replace("---\nWhy.", "Why."),
            "unclosed-frontmatter",
            1,
        ),
        (
            "kind: Progress",
            GOOD_READING.replace("kind: progress", "kind: Progress"),
            "unknown-kind",
            2,
        ),
        (
            "curly quotes from Word",
            GOOD_READING.replace(
                "title: Reading at grade level",
                "title: “Reading: 67% → 80%”",
            ),
            "yaml-syntax",
            3,
        ),
        (
            "git conflict markers",
            GOOD_READING.replace(
                "target: 80\n",
                "<<<<<<< HEAD\ntarget: 80\n=======\ntarget: 82\n>>>>>>> theirs\n",
            ),
            "merge-conflict",
            7,
        ),
    ]
}

#[test]
fn one_mistake_gives_one_error_in_the_file_that_has_it() {
    let repo = repo();
    let (code, good) = check(&repo);
    assert_eq!(code, 0, "{good:#?}");
    let elsewhere = |diags: &[Value]| -> Vec<Value> {
        diags
            .iter()
            .filter(|d| d["file"] != READING)
            .cloned()
            .collect()
    };
    for (what, text, expected, line) in mistakes() {
        repo.write(READING, &text);
        let (code, diags) = check(&repo);
        assert_eq!(code, 1, "{what}: {diags:#?}");
        let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
        assert_eq!(errors.len(), 1, "{what}: one error only: {diags:#?}");
        assert_eq!(
            (
                &errors[0]["code"],
                &errors[0]["file"],
                errors[0]["line"].as_u64()
            ),
            (&Value::from(expected), &Value::from(READING), Some(line)),
            "{what}"
        );
        // Nothing fires elsewhere because of it: the practices serving it
        // and the purpose above it say what they said before.
        assert_eq!(elsewhere(&diags), elsewhere(&good), "{what}");
    }
}

#[test]
fn a_typo_keeps_the_page_and_marks_the_goal_broken() {
    let repo = repo();
    repo.cmd(&["build"]).assert().success();
    let page = repo.read("site/goals/reading.html");
    let count = goals_json(&repo)["goals"].as_array().map(Vec::len);

    repo.write(
        READING,
        GOOD_READING.replace("kind: progress", "kind: Progress"),
    );
    let out = repo.cmd(&["build"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("removed 0"), "{said}");

    let json = goals_json(&repo);
    assert_eq!(json["goals"].as_array().map(Vec::len), count);
    let reading = goal(&json, "reading");
    assert_eq!(reading["kind"], "progress");
    assert_eq!(reading["state"], "no-data");
    assert_eq!(reading["progress"], Value::Null);
    assert_eq!(
        reading["broken"],
        serde_json::json!({
            "file": READING, "line": 2, "column": 7,
            "message": "`Progress` is not a kind of goal", "shown": null
        })
    );
    // References to it still resolve, both ways.
    assert_eq!(reading["parents"], serde_json::json!(["every-reader"]));
    assert_eq!(
        reading["children"],
        serde_json::json!(["feedback", "visits"])
    );
    assert_eq!(goal(&json, "visits")["broken"], Value::Null);

    let now = repo.read("site/goals/reading.html");
    assert_ne!(now, page);
    assert!(now.contains("cannot be read right now"), "{now}");
    assert!(now.contains("Reading at grade level"));
    let note = now.find("broken-note").expect("the note");
    let error = now.find("unknown-kind").expect("the error");
    let facts = now.find("class=\"facts\"").expect("the facts");
    assert!(note < error && error < facts, "the error comes first");
    // Its figures are not made up.
    assert!(!now.contains("chart-reading"));
}

#[test]
fn a_placeholder_guesses_no_more_than_its_lines_say() {
    let repo = repo();
    // Broken YAML further down; `id:`, `title:` and `serves:` still readable.
    repo.write(
        "goals/visits.md",
        "---\nkind: practice\nid: visits\ntitle: Classroom visits\nserves: [reading]\n\
         log:\n\t2026-11-16: 1\n---\n",
    );
    let (_, diags) = check(&repo);
    let codes: Vec<_> = diags.iter().map(|d| d["code"].clone()).collect();
    assert_eq!(codes, [Value::from("yaml-syntax")], "{diags:#?}");
    repo.cmd(&["build"]).assert().code(1);
    let json = goals_json(&repo);
    assert_eq!(
        goal(&json, "visits")["parents"],
        serde_json::json!(["reading"])
    );
    assert_eq!(goal(&json, "visits")["practice"], Value::Null);
    // The progress goal still counts one practice besides it: no
    // `magic-wand`, and its own figures stand.
    assert_eq!(goal(&json, "reading")["lints"], serde_json::json!([]));
    assert_eq!(goal(&json, "reading")["state"], "on-track");
}

#[test]
fn the_last_commit_that_parsed_is_shown() {
    require_git();
    let repo = repo();
    repo.git_init();
    repo.commit("Dana Reyes", "2026-11-10T09:00:00+00:00");
    // A newer commit that is already broken is passed over.
    repo.write(
        READING,
        GOOD_READING.replace("target: 80", "target: 80\n\tx"),
    );
    repo.commit("Dana Reyes", "2026-11-12T09:00:00+00:00");
    // Now broken in another way, not committed.
    repo.write(READING, GOOD_READING.replace("---\nWhy.", "Why."));

    let out = repo.cmd(&["build"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let json = goals_json(&repo);
    let reading = goal(&json, "reading");
    assert_eq!(reading["broken"]["shown"], "last-commit");
    assert_eq!(reading["broken"]["as_of"], "2026-11-10");
    assert_eq!(reading["broken"]["code"], Value::Null);
    assert_eq!(reading["broken"]["line"], 1);
    assert_eq!(reading["progress"]["latest"], 71);
    assert_eq!(reading["state"], "on-track");
    let page = repo.read("site/goals/reading.html");
    assert!(
        page.contains(
            "What you see is the last committed version that could be read (Nov 10, 2026)"
        ),
        "{page}"
    );
    assert!(page.contains("chart-reading"));
    // Its one error is still the only one.
    let (_, diags) = check(&repo);
    let codes: Vec<_> = diags.iter().map(|d| d["code"].clone()).collect();
    assert_eq!(codes, [Value::from("unclosed-frontmatter")], "{diags:#?}");
}

/// A broken file that says `visibility: private` is left out of every
/// file of the public report; the control, the same broken file shared,
/// is published (as a placeholder with its title), so the search below
/// would find it.
#[test]
fn a_broken_private_file_stays_off_the_public_report() {
    let repo = repo();
    let mine = |visibility: &str| {
        format!(
            "---\nkind: practice\nvisibility: {visibility}\ntitle: My own habit\nserves: reading\n\
             log:\n\t2026-11-16: 1\n---\n"
        )
    };
    // Every file of the site that names the goal.
    let naming = |repo: &Repo| -> Vec<String> {
        crate::support::snapshot(&repo.join("site"))
            .into_iter()
            .filter(|(path, bytes)| {
                path.to_string_lossy().contains("mine")
                    || String::from_utf8_lossy(bytes).contains("My own habit")
            })
            .map(|(path, _)| path.to_string_lossy().into_owned())
            .collect()
    };
    repo.write("goals/mine.md", mine("shared"));
    repo.cmd(&["build"]).assert().code(1);
    let shared = naming(&repo);
    assert!(
        shared.iter().any(|p| p == "goals.json") && shared.iter().any(|p| p == "goals/mine.html"),
        "the shared control is published: {shared:?}"
    );

    repo.write("goals/mine.md", mine("private"));
    repo.cmd(&["build"]).assert().code(1);
    assert_eq!(naming(&repo), Vec::<String>::new());
    let json = goals_json(&repo);
    assert!(json["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .all(|g| g["id"] != "mine"));
}

/// A mistake repeated over many files (a bad search-and-replace) looks up
/// at most 100 of them in git; the others stay placeholders, and every
/// one still gives its one error.
#[test]
fn git_is_asked_about_at_most_100_broken_files_a_build() {
    require_git();
    let repo = Repo::empty();
    repo.write("goalpost.yml", "title: Many\ntoday: 2026-11-20\n");
    let good = |i: usize| format!("---\nkind: purpose\ntitle: Goal {i}\n---\n");
    for i in 0..102 {
        repo.write(&format!("goals/g{i:03}.md"), good(i));
    }
    repo.git_init();
    repo.commit("Dana Reyes", "2026-11-10T09:00:00+00:00");
    for i in 0..102 {
        repo.write(
            &format!("goals/g{i:03}.md"),
            good(i).replace("purpose", "Purpose!"),
        );
    }
    repo.cmd(&["build"]).assert().code(1);
    let json = goals_json(&repo);
    let shown: Vec<&Value> = json["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .map(|g| &g["broken"]["shown"])
        .collect();
    assert_eq!(shown.len(), 102);
    assert_eq!(shown.iter().filter(|s| **s == "last-commit").count(), 100);
    assert_eq!(shown.iter().filter(|s| s.is_null()).count(), 2);
    let errors = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(errors, 102);
}
