//! `goalpost check --format github|short`, exactly, and terminal safety:
//! control characters from goal files never reach a terminal raw, in any
//! format or command.

use crate::prelude::*;

/// A repository whose values need escaping: a `status` with `%`, `:`, `,`
/// and a newline (a YAML escape), a scorecard cell with raw ESC sequences
/// (clear the screen, turn red), and one warning.
fn odd_repo() -> Repo {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-11-20\n");
    repo.write(
        "goals/odd.md",
        "---\nkind: purpose\ntitle: Odd values\nstatus: \"50%: a,b\\nc\"\n---\n",
    );
    repo.write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visits\nallow: [magic-wand, stale]\n---\n",
    );
    repo.write(
        "scorecards/2026-11.md",
        "---\nkind: scorecard\ntitle: November\n---\n\
         | date       | visits |\n\
         |------------|--------|\n\
         | 2026-11-18 | \x1b[2J\x1b[31mlots |\n",
    );
    repo
}

/// Exit code, stdout, stderr.
fn run(repo: &Repo, args: &[&str]) -> (i32, String, String) {
    let out = repo.cmd(args).output().expect("goalpost runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn github_format_is_annotations_with_githubs_escaping() {
    let repo = odd_repo();
    let (code, out, err) = run(&repo, &["check", "--format", "github"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "::error file=goals/odd.md,line=4,col=9,title=invalid-value::\
         `50%25: a,b%0Ac` is not a valid `status`%0Ahint: use one of: active, draft, paused, done, dropped\n\
         ::error file=scorecards/2026-11.md,line=7,col=16,title=invalid-value::\
         `\\x1b[2J\\x1b[31mlots` is not a scorecard value%0Ahint: write a number, yes/no, \
         true/false, ✓/✗/x, skip, or leave it blank (or -) for not recorded\n\
         ::warning file=goals/odd.md,line=3,col=1,title=purpose-without-progress::\
         purpose `odd` has no progress goal beneath it: there is no way yet to tell whether \
         it is moving%0Ahint: What would you see change if this purpose were being met? \
         Add a progress goal with a baseline and a target, and `purpose: odd`.\n"
    );
    assert_eq!(err, "", "annotations only, on stdout");
}

#[test]
fn short_format_is_one_line_per_problem() {
    let repo = odd_repo();
    let (code, out, err) = run(&repo, &["check", "--format", "short"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "goals/odd.md:4:9: error[invalid-value]: `50%: a,b\\nc` is not a valid `status`\n\
         scorecards/2026-11.md:7:16: error[invalid-value]: `\\x1b[2J\\x1b[31mlots` is not a scorecard value\n\
         goals/odd.md:3:1: warning[purpose-without-progress]: purpose `odd` has no progress \
         goal beneath it: there is no way yet to tell whether it is moving\n"
    );
    assert_eq!(err, "");
    // Warnings alone exit 0, as in every format; --deny-warnings makes them fail.
    repo.write(
        "goals/odd.md",
        "---\nkind: purpose\ntitle: Odd values\n---\n",
    );
    repo.write(
        "scorecards/2026-11.md",
        "---\nkind: scorecard\ntitle: November\n---\n| date | visits |\n|---|---|\n| 2026-11-18 | 1 |\n",
    );
    let (code, out, _) = run(&repo, &["check", "--format", "short"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    let (code, _, _) = run(&repo, &["check", "--format", "short", "--deny-warnings"]);
    assert_eq!(code, 1);
}

#[cfg(unix)]
#[test]
fn file_names_are_escaped_as_properties() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-11-20\n");
    repo.write(
        "goals/a,b:c%.md",
        "---\nkind: purpose\ntitle: Named oddly\nowner: [\n---\n",
    );
    let (code, out, _) = run(&repo, &["check", "--format", "github"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("::error file=goals/a%2Cb%3Ac%25.md,line="),
        "{out}"
    );
    let (_, out, _) = run(&repo, &["check", "--format", "short"]);
    assert!(out.starts_with("goals/a,b:c%.md:"), "{out}");
}

#[test]
fn human_format_shows_control_characters_escaped() {
    let repo = odd_repo();
    let (code, out, err) = run(&repo, &["check"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(
        !err.contains('\x1b'),
        "a raw ESC reached the terminal: {err}"
    );
    assert!(
        err.contains(
            "error[invalid-value]: scorecards/2026-11.md:7:16: `\\x1b[2J\\x1b[31mlots` is not a scorecard value\n\
             \x20 |\n\
             7 | | 2026-11-18 | \\x1b[2J\\x1b[31mlots |\n\
             \x20 |                ^^^^^^^^^^^^^^^^^^^\n"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "error[invalid-value]: goals/odd.md:4:9: `50%: a,b\\nc` is not a valid `status`\n"
        ),
        "{err}"
    );
}

#[test]
fn json_format_is_unchanged_and_carries_the_raw_value() {
    let repo = odd_repo();
    let (_, out, _) = run(&repo, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v[0]["message"], "`50%: a,b\nc` is not a valid `status`");
}

#[test]
fn json_has_no_raw_control_characters_either() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-11-20\n");
    repo.write(
        "goals/c1.md",
        "---\nkind: purpose\ntitle: C1\nstatus: \"\\u009b2J\\x7f\\u202e\"\n---\n",
    );
    let (code, out, _) = run(&repo, &["check", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(!out.contains(['\u{9b}', '\x7f', '\u{202e}']), "{out:?}");
    assert!(out.contains("\\u009b2J\\u007f\\u202e"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        v[0]["message"],
        "`\u{9b}2J\x7f\u{202e}` is not a valid `status`"
    );
}

#[test]
fn today_and_log_show_values_escaped() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "today: 2026-11-20\n");
    repo.write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visits\nowner: \"x\\e]0;pwned\\a\"\nunit: \"v\\e[5m\"\ntarget: 2\nallow: [magic-wand]\n---\n",
    );
    let (code, out, err) = run(&repo, &["today"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains("\nx\\x1b]0;pwned\\x07\n"), "{out}");

    let (code, out, err) = run(&repo, &["log", "visits", "\x1b[2J3"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(err.contains("\\x1b[2J3"), "{err}");

    let (code, out, err) = run(&repo, &["log", "visits\x1b[2J"]);
    assert_eq!(code, 2);
    assert!(!err.contains('\x1b') && !out.contains('\x1b'), "{err:?}");
    assert!(err.contains("visits\\x1b[2J"), "{err}");
}
