//! `goalpost check` through the real binary on fixture repositories.

use crate::prelude::*;
use serde_json::Value;

fn json_diagnostics(repo: &Repo, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = repo.cmd(&all).output().expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("check --format json prints JSON");
    (
        out.status.code().unwrap_or(-1),
        v.as_array().expect("an array").clone(),
    )
}

fn find<'a>(diags: &'a [Value], code: &str, file: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code && d["file"] == file)
        .unwrap_or_else(|| panic!("no {code} in {file}: {diags:#?}"))
}

#[test]
fn broken_repo_reports_every_problem_and_exits_1() {
    let repo = Repo::fixture("broken");
    let before = repo.snapshot();
    let (code, diags) = json_diagnostics(&repo, &[]);
    assert_eq!(code, 1);

    let yaml = find(&diags, "yaml-syntax", "goals/broken-yaml.md");
    assert_eq!(yaml["severity"], "error");
    assert!(yaml["line"].as_u64().unwrap() >= 3);

    let typo = find(&diags, "unknown-field", "goals/typo.md");
    assert_eq!(
        (typo["line"].as_u64(), typo["column"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(typo["hint"], "did you mean `owner`?");

    let reference = find(&diags, "unknown-reference", "goals/reading-80.md");
    assert_eq!(reference["line"], 5);
    assert!(
        reference["hint"].as_str().unwrap().contains("every-reader"),
        "{reference}"
    );

    let wrong = find(&diags, "wrong-kind-reference", "goals/wrong-kind.md");
    assert_eq!(wrong["line"], 4);

    let dup = diags
        .iter()
        .find(|d| d["code"] == "duplicate-id")
        .expect("duplicate-id");
    let text = format!("{} {}", dup["file"], dup["message"]);
    assert!(
        text.contains("goals/typo.md") && text.contains("goals/other/typo.md"),
        "{dup}"
    );

    let unknown = find(&diags, "unknown-practice", "scorecards/2026-11.md");
    assert_eq!(unknown["line"], 5);
    assert!(unknown["message"].as_str().unwrap().contains("inbox"));

    let conflict = diags
        .iter()
        .find(|d| d["code"] == "conflicting-entry")
        .expect("conflicting-entry");
    let text = format!("{} {}", conflict["file"], conflict["message"]);
    assert!(
        text.contains("goals/visits.md") && text.contains("scorecards/2026-11.md"),
        "{conflict}"
    );

    // Every diagnostic has the stable keys of FORMAT §9.
    for d in &diags {
        for key in ["severity", "code", "file", "line", "column", "message"] {
            assert!(!d[key].is_null(), "{key} missing in {d}");
        }
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
    }
    // check writes nothing.
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn human_output_looks_like_a_compiler() {
    let repo = Repo::fixture("broken");
    let out = repo.cmd(&["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[unknown-field]: goals/typo.md:4:1: unknown field `ownr`\n  |\n4 | ownr: reyes\n  | ^^^^\n  = hint: did you mean `owner`?"),
        "{err}"
    );
    assert!(
        !err.contains("\x1b["),
        "no colour when NO_COLOR is set / not a terminal"
    );
    let last = err.trim_end().lines().last().unwrap_or("");
    assert!(
        last.contains("errors") && last.contains("goal files"),
        "summary line: {last}"
    );
}

#[test]
fn valid_goals_still_load_next_to_broken_ones() {
    let repo = Repo::fixture("broken");
    let mut cache = goalpost::project::ParseCache::default();
    let project = goalpost::project::load(repo.path(), None, &mut cache).expect("loads");
    let report = project.report(goalpost::project::today(None, &project.settings));
    let ids: Vec<&str> = report.goals.iter().map(|g| g.goal.id.as_str()).collect();
    for id in ["every-reader", "reading-80", "visits", "typo", "wrong-kind"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    // The file that cannot be read keeps its place, marked (FORMAT §2).
    let broken = report
        .goals
        .iter()
        .find(|g| g.goal.id == "broken-yaml")
        .expect("broken-yaml keeps its place");
    assert!(broken.goal.is_placeholder());
    assert!(broken.progress.is_none() && broken.practice.is_none());
}

#[test]
fn clean_repo_exits_0_and_deny_warnings_turns_warnings_into_failure() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-11-20\n");
    repo.write(
        "goals/lonely.md",
        "---\nkind: purpose\ntitle: A purpose with nothing under it\n---\n",
    );
    let (code, diags) = json_diagnostics(&repo, &[]);
    assert_eq!(code, 0);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["code"], "purpose-without-progress");
    assert_eq!(diags[0]["severity"], "warning");
    let (code, _) = json_diagnostics(&repo, &["--deny-warnings"]);
    assert_eq!(code, 1);
    repo.write(
        "goals/lonely.md",
        "---\nkind: purpose\ntitle: Quiet\nallow: [purpose-without-progress]\n---\n",
    );
    let (code, diags) = json_diagnostics(&repo, &["--deny-warnings"]);
    assert_eq!((code, diags.len()), (0, 0));
}

#[test]
fn command_misuse_exits_2() {
    let repo = Repo::empty();
    repo.cmd(&["check", "does-not-exist"]).assert().code(2);
    repo.cmd(&["check", "--today", "2026-02-30"])
        .assert()
        .code(2);
    repo.cmd(&["check", "--format", "xml"]).assert().code(2);
}

#[test]
fn today_comes_from_the_flag_then_settings() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-11-20\n");
    repo.write(
        "goals/p.md",
        "---\nkind: practice\ntitle: Visits\nallow: [magic-wand]\nlog:\n  2026-11-25: 1\n---\n",
    );
    let (_, diags) = json_diagnostics(&repo, &[]);
    assert!(
        diags.iter().any(|d| d["code"] == "future-entry"),
        "{diags:#?}"
    );
    let (_, diags) = json_diagnostics(&repo, &["--today", "2026-11-30"]);
    assert!(
        !diags.iter().any(|d| d["code"] == "future-entry"),
        "{diags:#?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_invalid_utf8_and_huge_files_do_not_stop_the_check() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-11-20\n");
    repo.write(
        "goals/ok.md",
        "---\nkind: purpose\ntitle: Fine\nallow: [purpose-without-progress]\n---\n",
    );
    repo.write(
        "goals/latin1.md",
        b"---\nkind: purpose\ntitle: caf\xe9\n---\n",
    );
    let mut big =
        String::from("---\nkind: purpose\ntitle: Big\nallow: [purpose-without-progress]\n---\n");
    while big.len() < 20 * 1024 * 1024 {
        big.push_str("A long body line that repeats to make a twenty megabyte file.\n");
    }
    repo.write("goals/big.md", big);
    std::os::unix::fs::symlink(repo.join("goals"), repo.join("goals/loop")).expect("symlink");
    let (code, diags) = json_diagnostics(&repo, &[]);
    assert_eq!(code, 1);
    let codes: Vec<_> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("invalid-utf8", "goals/latin1.md"),
            ("symlink-loop", "goals/loop")
        ]
    );
}

/// The caret block of one diagnostic in `check`'s human output: the
/// header line, the source line and the caret line.
fn shown<'a>(err: &'a str, header: &str) -> &'a str {
    let start = err
        .find(header)
        .unwrap_or_else(|| panic!("no `{header}` in:\n{err}"));
    let rest = &err[start..];
    let end = rest.find("\n\n").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn every_mistake_is_reported_once_where_it_is() {
    let repo = Repo::fixture("positions");
    let (code, diags) = json_diagnostics(&repo, &[]);
    assert_eq!(code, 1);
    let found: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or(""),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // The second break's `to`, not the first break's.
            ("invalid-window", "goalpost.yml", 11, 11),
            // The value, not the `cadence` key.
            ("invalid-value", "goals/cadence.md", 5, 10),
            // Where the control character is, counting `“` as one column.
            ("yaml-syntax", "goals/control.md", 4, 16),
            // The `:` after `Reading`, counting `“` as one column.
            ("yaml-syntax", "goals/curly.md", 4, 16),
            // The name in the list, not `cycle:`, and not `Sprint 6` before it.
            ("unknown-cycle", "goals/cycle.md", 5, 19),
            // The second `2026-11-16`, not the first line of the log.
            ("yaml-syntax", "goals/duplicate-date.md", 8, 3),
            // The second `title:`, not the start of the frontmatter.
            ("yaml-syntax", "goals/duplicate-key.md", 6, 1),
            // One error for an impossible `due:`, no `not-measurable` after it.
            ("invalid-date", "goals/impossible-due.md", 8, 6),
            ("unknown-reference", "goals/reference.md", 5, 10),
            ("unknown-practice", "scorecards/2026-11.md", 6, 29),
            // After a `✓` (three bytes, one column).
            ("invalid-value", "scorecards/2026-11.md", 9, 20),
            // One warning per goal, at the earliest entry, counting them.
            ("outside-window", "goals/future.md", 7, 3),
            ("future-entry", "goals/future.md", 10, 3),
            // The unknown owner in the list, not `owner:`.
            ("unknown-person", "goals/owner.md", 5, 16),
        ]
    );
    let message = |code: &str, file: &str| find(&diags, code, file)["message"].clone();
    assert_eq!(
        message("future-entry", "goals/future.md"),
        "5 entries are dated after today, 2026-11-20 (first: 2026-12-04)"
    );
    assert_eq!(
        message("outside-window", "goals/future.md"),
        "2 entries are outside the goal's window, 2026-09-01 → … (first: 2026-08-30)"
    );
    assert_eq!(
        message("yaml-syntax", "goals/duplicate-date.md"),
        "the frontmatter is not valid YAML: `2026-11-16` is written twice in `log`"
    );
    assert_eq!(
        message("invalid-window", "goalpost.yml"),
        "the break `Winter` ends (2026-12-21) before it starts (2027-01-02)"
    );
    let curly = find(&diags, "yaml-syntax", "goals/curly.md");
    let hint = curly["hint"].as_str().unwrap_or("");
    assert!(hint.contains("straight quotes"), "{hint}");
    let control = find(&diags, "yaml-syntax", "goals/control.md");
    assert!(
        control["message"].as_str().unwrap_or("").contains("U+0007"),
        "{control}"
    );
}

#[test]
fn carets_sit_under_the_whole_offending_text() {
    let repo = Repo::fixture("positions");
    let out = repo.cmd(&["check"]).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    let cases = [
        (
            "error[invalid-value]: goals/cadence.md:5:10:",
            "5 | cadence: Hallway presence  # not a cadence\n  |          ^^^^^^^^^^^^^^^^\n",
        ),
        (
            "error[invalid-window]: goalpost.yml:11:11:",
            "11 |       to: 2026-12-21\n   |           ^^^^^^^^^^\n",
        ),
        (
            "error[yaml-syntax]: goals/curly.md:4:16:",
            "4 | title: “Reading: 67% → 80%”\n  |                ^\n",
        ),
        (
            "error[yaml-syntax]: goals/duplicate-date.md:8:3:",
            "8 |   2026-11-16: 1\n  |   ^^^^^^^^^^\n",
        ),
        (
            "error[yaml-syntax]: goals/duplicate-key.md:6:1:",
            "6 | title: Every reader\n  | ^^^^^\n",
        ),
        (
            "error[invalid-date]: goals/impossible-due.md:8:6:",
            "8 | due: 2027-02-30\n  |      ^^^^^^^^^^\n",
        ),
        (
            "error[unknown-cycle]: goals/cycle.md:5:19:",
            "5 | cycle: [Sprint 6, Sprint 66]\n  |                   ^^^^^^^^^\n",
        ),
        (
            "error[unknown-reference]: goals/reference.md:5:10:",
            "5 | purpose: every-readr\n  |          ^^^^^^^^^^^\n",
        ),
        (
            "warning[unknown-person]: goals/owner.md:5:16:",
            "5 | owner: [reyes, okafr]\n  |                ^^^^^\n",
        ),
        (
            "error[unknown-practice]: scorecards/2026-11.md:6:29:",
            "6 | | Date | Morning greeting | Hallway presence |\n  |                             ^^^^^^^^^^^^^^^^\n",
        ),
        (
            "error[invalid-value]: scorecards/2026-11.md:9:20:",
            "9 | | 2026-11-18 | ✓ | lots of it |\n  |                    ^^^^^^^^^^\n",
        ),
    ];
    for (header, caret) in cases {
        let block = shown(&err, header);
        assert!(
            block.contains(caret),
            "{header}: expected\n{caret}in\n{block}"
        );
    }
    // The control character, shown escaped (`\x07`): the caret under all
    // of it, 15 characters in.
    let block = shown(&err, "error[yaml-syntax]: goals/control.md:4:16:");
    assert!(
        block.contains(&format!("\n  | {}^^^^\n", " ".repeat(15))),
        "{block}"
    );
    assert!(!err.contains("not-measurable"), "{err}");
}

#[test]
fn a_year_of_future_entries_is_one_warning() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-11-20\n");
    let mut goal = String::from(
        "---\nkind: practice\ntitle: Visits\nallow: [magic-wand, stale]\nlog:\n  2026-11-19: 1\n",
    );
    let mut day: goalpost::model::Date = "2026-11-21".parse().expect("date");
    for _ in 0..400 {
        goal.push_str(&format!("  {day}: 1\n"));
        day = day.tomorrow().expect("a later day");
    }
    goal.push_str("---\n");
    repo.write("goals/visits.md", goal);
    let (code, diags) = json_diagnostics(&repo, &[]);
    assert_eq!(code, 0);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "future-entry");
    assert_eq!(diags[0]["line"], 7);
    assert_eq!(
        diags[0]["message"],
        "400 entries are dated after today, 2026-11-20 (first: 2026-11-21)"
    );
}
