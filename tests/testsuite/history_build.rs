//! The git history feeding the report: `current:` across commits becomes
//! the series, an uncommitted value is today's point, the goal page lists
//! the changes, and `stale` counts a commit only when it changed the value
//! of `current:` (never one that only added, moved or reformatted a file).

use crate::prelude::*;
use serde_json::Value;

fn goal(current: u32) -> String {
    format!(
        "---\nkind: progress\ntitle: Fluency\npurpose: p\nbaseline: 30\ntarget: 60\nstart: 2026-09-01\ndue: 2027-05-28\ncurrent: {current}\nallow: [magic-wand]\n---\n"
    )
}

fn repo_with_history() -> Repo {
    require_git();
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-11-20\n");
    repo.write("goals/p.md", "---\nkind: purpose\ntitle: P\n---\n");
    repo.git_init();
    for (date, author, value) in [
        ("2026-09-10", "Grace Okafor", 31),
        ("2026-10-06", "Per Lindqvist", 35),
    ] {
        repo.write("goals/fluency.md", goal(value));
        repo.commit(author, &format!("{date}T12:00:00"));
    }
    repo
}

fn fluency(repo: &Repo) -> Value {
    let json: Value = serde_json::from_str(&repo.read("site/goals.json")).expect("json");
    json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "fluency")
        .expect("goal")
        .clone()
}

#[test]
fn commits_become_the_series_and_the_page_lists_changes() {
    let repo = repo_with_history();
    repo.cmd(&["build"]).assert().code(0);
    let g = fluency(&repo);
    let series: Vec<(String, f64, String)> = g["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["date"].as_str().unwrap().into(),
                p["value"].as_f64().unwrap(),
                p["source"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        series,
        [
            ("2026-09-10".into(), 31.0, "git".into()),
            ("2026-10-06".into(), 35.0, "git".into())
        ]
    );
    assert_eq!(g["progress"]["latest"], 35.0);
    let page = repo.read("site/goals/fluency.html");
    assert!(
        page.contains("Per Lindqvist") && page.contains("current 31 → 35"),
        "change history on the page"
    );
    // Last data change Oct 6 is more than 14 days before Nov 20: stale.
    assert!(
        g["lints"].as_array().unwrap().iter().any(|l| l == "stale"),
        "{g}"
    );
}

#[test]
fn an_uncommitted_value_is_the_latest_point_dated_today() {
    let repo = repo_with_history();
    repo.write("goals/fluency.md", goal(40));
    repo.cmd(&["build"]).assert().code(0);
    let g = fluency(&repo);
    let last = g["series"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["date"].as_str(),
            last["value"].as_f64(),
            last["source"].as_str()
        ),
        (Some("2026-11-20"), Some(40.0), Some("current"))
    );
    assert_eq!(g["progress"]["latest"], 40.0);
}

#[test]
fn a_recent_commit_keeps_a_goal_from_going_stale() {
    let repo = repo_with_history();
    repo.write("goals/fluency.md", goal(37));
    repo.commit("Grace Okafor", "2026-11-16T12:00:00");
    repo.cmd(&["build"]).assert().code(0);
    let g = fluency(&repo);
    assert!(
        !g["lints"].as_array().unwrap().iter().any(|l| l == "stale"),
        "{g}"
    );
    assert_eq!(g["progress"]["latest_date"], "2026-11-16");
    // A pinned today before the commit does not see it.
    repo.cmd(&["build", "--today", "2026-11-01"])
        .assert()
        .code(0);
    assert_eq!(fluency(&repo)["progress"]["latest"], 35.0);
}

#[test]
fn a_pinned_today_before_every_commit_shows_the_file_as_it_is() {
    let repo = repo_with_history();
    // Both commits (Sep 10, Oct 6) are after this "today": the file stands for it.
    repo.cmd(&["build", "--today", "2026-09-01"])
        .assert()
        .code(0);
    let g = fluency(&repo);
    assert_eq!(g["progress"]["latest"], 35.0);
    assert_eq!(g["progress"]["latest_date"], "2026-09-01");
    let sources: Vec<_> = g["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"].clone())
        .collect();
    assert_eq!(sources, ["current"]);
}

/// The codes of goal `id`'s lints in `site/goals.json`.
fn lints_of(repo: &Repo, id: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(&repo.read("site/goals.json")).expect("json");
    let g = json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .expect("goal")
        .clone();
    g["lints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect()
}

/// FORMAT §7 v3 "activity is what the files record": the first commit
/// (it adds every file), a move and a reformat are not activity, so a
/// practice quiet since Oct 20 still warns, and the digest still lists it
/// under what slipped. A commit that changes `current:`'s value is.
#[test]
fn the_first_commit_a_move_or_a_reformat_is_not_activity() {
    require_git();
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-12-10\n");
    repo.write("goals/p.md", "---\nkind: purpose\ntitle: P\n---\n");
    repo.write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visits\nowner: reyes\nserves: fluency\nlog:\n  2026-10-19: 1\n  2026-10-20: 1\n---\n",
    );
    repo.write("goals/fluency.md", goal(31));
    repo.git_init();
    repo.commit("Dana Reyes", "2026-12-01T12:00:00");
    // A reformat of the log and a move of the progress goal, a day later.
    repo.write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visits\nowner: reyes\nserves: fluency\nlog: {2026-10-19: 1, 2026-10-20: 1}\n---\n",
    );
    repo.mkdir("goals/math");
    repo.git(&["mv", "goals/fluency.md", "goals/math/fluency.md"]);
    repo.commit("Dana Reyes", "2026-12-02T12:00:00");

    repo.cmd(&["build"]).assert().code(0);
    assert!(lints_of(&repo, "visits").contains(&"stale".to_string()));
    assert!(lints_of(&repo, "fluency").contains(&"stale".to_string()));
    let out = repo.cmd(&["check"]).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("practice `visits` has had no entry since 2026-10-20"),
        "{text}"
    );
    let out = repo.cmd(&["digest", "--format", "text"]).output().unwrap();
    let digest = String::from_utf8_lossy(&out.stdout).to_string();
    let slipped = digest
        .split("What slipped")
        .nth(1)
        .unwrap_or_else(|| panic!("no \"What slipped\":\n{digest}"));
    assert!(slipped.contains("Visits"), "{digest}");

    // Control: a commit that changes `current:` from 31 to 33 is activity.
    repo.write("goals/math/fluency.md", goal(33));
    repo.commit("Grace Okafor", "2026-12-08T12:00:00");
    repo.cmd(&["build"]).assert().code(0);
    assert!(!lints_of(&repo, "fluency").contains(&"stale".to_string()));
    assert!(lints_of(&repo, "visits").contains(&"stale".to_string()));
}
