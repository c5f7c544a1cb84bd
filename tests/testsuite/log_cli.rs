//! `goalpost log`: one entry recorded, every other byte of the file kept.
//!
//! The corpus is `tests/fixtures/log/cases/`: differently written goal and
//! scorecard files (comments, CRLF, BOM, flow maps, quoted dates, notes,
//! tables with and without alignment), each logged into inside a copy of
//! `tests/fixtures/log/base/` and compared byte for byte with its
//! `<name>.expected.md`. After an intended change, run the corpus test with
//! `LOG_CORPUS_UPDATE=1` to rewrite the expected files, and read the diff.

use crate::prelude::*;
use goalpost::edit::{self, write, LogRequest, Planned};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/log")
}

/// The base repository with one case file copied to `rel`.
fn repo_with(case: &str, rel: &str) -> Repo {
    let repo = Repo::fixture("log/base");
    let bytes = std::fs::read(fixtures().join("cases").join(case)).expect("case file");
    repo.write(rel, bytes);
    repo
}

fn bytes(repo: &Repo, rel: &str) -> Vec<u8> {
    std::fs::read(repo.join(rel)).expect("read")
}

/// (case file, where it goes in the repository, `goalpost log` arguments).
const CORPUS: &[(&str, &str, &[&str])] = &[
    (
        "block-sorted.md",
        "goals/block-sorted.md",
        &["block-sorted", "2", "--date", "2026-11-17"],
    ),
    (
        "block-append.md",
        "goals/block-append.md",
        &["block-append", "yes", "--date", "2026-11-20"],
    ),
    (
        "crlf-block.md",
        "goals/crlf-block.md",
        &["crlf-block", "--date", "2026-11-18"],
    ),
    (
        "bom-crlf-no-log.md",
        "goals/bom-crlf-no-log.md",
        &["bom-crlf-no-log", "no"],
    ),
    (
        "flow-map.md",
        "goals/flow-map.md",
        &["flow-map", "✓", "--date", "2026-11-17"],
    ),
    (
        "flow-multiline.md",
        "goals/flow-multiline.md",
        &[
            "flow-multiline",
            "--date",
            "2026-11-18",
            "--note",
            "all five, \"finally\"",
        ],
    ),
    (
        "no-log-body-rules.md",
        "goals/no-log-body-rules.md",
        &["no-log-body-rules", "1", "--date", "2026-11-20"],
    ),
    (
        "quoted-keys.md",
        "goals/quoted-keys.md",
        &["quoted-keys", "1", "--date", "2026-11-17"],
    ),
    (
        "unsorted.md",
        "goals/unsorted.md",
        &["unsorted", "--date", "2026-11-17"],
    ),
    (
        "with-note.md",
        "goals/with-note.md",
        &[
            "with-note",
            "1",
            "--date",
            "2026-11-17",
            "--note",
            "Grade 2: fractions",
        ],
    ),
    (
        "force-keeps-comment.md",
        "goals/force-keeps-comment.md",
        &[
            "force-keeps-comment",
            "2",
            "--date",
            "2026-11-19",
            "--force",
        ],
    ),
    (
        "force-nested.md",
        "goals/force-nested.md",
        &["force-nested", "skip", "--date", "2026-11-18", "--force"],
    ),
    (
        "empty-log-comment.md",
        "goals/empty-log-comment.md",
        &["empty-log-comment", "x", "--date", "2026-11-19"],
    ),
    (
        "progress-block.md",
        "goals/progress-block.md",
        &[
            "progress-block",
            "71",
            "--date",
            "2026-11-13",
            "--note",
            "November growth check",
        ],
    ),
    (
        "progress-crlf-absent.md",
        "goals/progress-crlf-absent.md",
        &["progress-crlf-absent", "18.5", "--date", "2026-11-01"],
    ),
    (
        "progress-flow.md",
        "goals/progress-flow.md",
        &["progress-flow", "55", "--date", "2026-10-30"],
    ),
    (
        "card-aligned.md",
        "scorecards/card-aligned.md",
        &["morning-greeting", "--date", "2026-11-20"],
    ),
    (
        "card-plain-crlf.md",
        "scorecards/card-plain-crlf.md",
        &["classroom-visits", "2"],
    ),
    (
        "card-right-aligned.md",
        "scorecards/card-right-aligned.md",
        &["math-block-visit", "x"],
    ),
];

#[test]
fn corpus_keeps_every_other_byte() {
    let update = std::env::var_os("LOG_CORPUS_UPDATE").is_some();
    assert!(CORPUS.len() >= 15);
    for (case, rel, args) in CORPUS {
        let repo = repo_with(case, rel);
        let before = repo.snapshot();
        let mut all = vec!["log"];
        all.extend_from_slice(args);
        let out = repo.cmd(&all).output().expect("run");
        assert!(
            out.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let expected_path = fixtures()
            .join("cases")
            .join(case.replace(".md", ".expected.md"));
        let got = bytes(&repo, rel);
        if update {
            std::fs::write(&expected_path, &got).expect("write expected");
        }
        let expected = std::fs::read(&expected_path).expect("expected file");
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected),
            "{case}"
        );
        assert_eq!(got, expected, "{case}: bytes");
        // Only that file changed, and the repository still has no errors.
        let after = repo.snapshot();
        let changed: Vec<_> = after
            .iter()
            .filter(|f| !before.contains(f))
            .map(|(p, _)| p.clone())
            .collect();
        assert_eq!(changed, vec![PathBuf::from(rel)], "{case}");
        repo.cmd(&["check"]).assert().success();
        // The same entry again: a no-op that says so.
        let again = repo.cmd(&all).output().expect("run");
        assert!(again.status.success(), "{case}");
        assert!(
            String::from_utf8_lossy(&again.stdout).contains("nothing to do"),
            "{case}: {}",
            String::from_utf8_lossy(&again.stdout)
        );
        assert_eq!(bytes(&repo, rel), got, "{case}: the no-op wrote");
    }
}

#[test]
fn a_scorecard_without_the_row_leaves_the_entry_in_the_log() {
    let repo = repo_with("card-aligned.md", "scorecards/card-aligned.md");
    let card = bytes(&repo, "scorecards/card-aligned.md");
    repo.cmd(&["log", "classroom-visits", "--date", "2026-11-18"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "recorded classroom-visits 3 on 2026-11-18 in goals/classroom-visits.md:9",
        ));
    assert_eq!(bytes(&repo, "scorecards/card-aligned.md"), card);
    assert!(repo
        .read("goals/classroom-visits.md")
        .ends_with("unit: visits\nlog:\n  2026-11-18: 3\n---\n"));
}

#[test]
fn a_different_entry_is_refused_with_both_values_unless_forced() {
    let repo = repo_with("card-aligned.md", "scorecards/card-aligned.md");
    let before = repo.snapshot();
    repo.cmd(&["log", "classroom-visits", "2", "--date", "2026-11-19"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`classroom-visits` already has 4 (scorecards/card-aligned.md:10) on 2026-11-19; this would record 2 instead",
        ))
        .stderr(predicates::str::contains("--force"));
    assert_eq!(repo.snapshot(), before);
    repo.cmd(&[
        "log",
        "classroom-visits",
        "2",
        "--date",
        "2026-11-19",
        "--force",
    ])
    .assert()
    .success()
    .stdout(predicates::str::contains("replacing 4"));
    assert!(repo
        .read("scorecards/card-aligned.md")
        .contains("| 2026-11-19 | 2                | ✓"));
}

#[test]
fn the_same_value_spelled_differently_is_already_recorded() {
    let repo = repo_with("card-aligned.md", "scorecards/card-aligned.md");
    let before = repo.snapshot();
    repo.cmd(&["log", "morning-greeting", "yes", "--date", "2026-11-19"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "morning-greeting already has ✓ on 2026-11-19 (scorecards/card-aligned.md:10); nothing to do",
        ));
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn a_column_headed_by_the_practice_title_is_found() {
    let repo = repo_with("card-plain-crlf.md", "scorecards/card-plain-crlf.md");
    repo.cmd(&["log", "morning-greeting", "--date", "2026-11-20"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "already has ✓ on 2026-11-20 (scorecards/card-plain-crlf.md:8)",
        ));
}

#[test]
fn invalid_values_give_checks_message_and_write_nothing() {
    let repo = repo_with("progress-block.md", "goals/progress-block.md");
    repo.write(
        "goals/bad.md",
        "---\nkind: practice\ntitle: Bad\nlog:\n  2026-11-16: lots\n---\n",
    );
    let before = repo.snapshot();
    // `check` on a file holding that value says the same thing.
    let check = repo.cmd(&["check"]).output().expect("run");
    let check_err = String::from_utf8_lossy(&check.stderr);
    assert!(
        check_err.contains("`lots` is not a log value"),
        "{check_err}"
    );
    repo.cmd(&["log", "classroom-visits", "lots"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`lots` is not a log value"))
        .stderr(predicates::str::contains("hint: write a number, yes/no"));
    repo.cmd(&["log", "classroom-visits", "-2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`-2` is not a log value"));
    repo.cmd(&["log", "classroom-visits", "-"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not recorded"));
    // The goal's own unit may follow the number (`71%`): another may not.
    repo.cmd(&["log", "progress-block", "71 pts"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`2026-11-20` should be a number, but it is the text `71 pts`",
        ))
        .stderr(predicates::str::contains(
            "write a plain number such as `72` or `16.5`; this goal's unit may follow it: `72%`",
        ));
    repo.cmd(&["log", "progress-block"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("give the measured number"));
    repo.cmd(&["log", "classroom-visits", "3", "--date", "2026-02-30"])
        .assert()
        .code(2);
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn unknown_ids_suggest_the_closest_and_write_nothing() {
    let repo = Repo::fixture("log/base");
    let before = repo.snapshot();
    repo.cmd(&["log", "clasroom-visit", "3"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no goal has the id `clasroom-visit`; did you mean `classroom-visits`?",
        ));
    repo.write("goals/why.md", "---\nkind: purpose\ntitle: Why\n---\n");
    repo.cmd(&["log", "why"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is a purpose goal"));
    std::fs::remove_file(repo.join("goals/why.md")).expect("rm");
    assert_eq!(repo.snapshot(), before);
    Repo::empty()
        .cmd(&["log", "x", "-C", "no-such-folder"])
        .assert()
        .code(2);
}

#[test]
fn a_goal_whose_file_cannot_be_read_is_named_with_its_error() {
    let repo = Repo::fixture("log/base");
    repo.write(
        "goals/broken.md",
        "---\nkind: practice\ntitle: [unclosed\n---\n",
    );
    let before = repo.snapshot();
    repo.cmd(&["log", "broken"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("goals/broken.md:"))
        .stderr(predicates::str::contains("cannot be read"));
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn an_edit_that_would_break_the_file_is_refused() {
    // A `log:` written as text cannot take an entry.
    let repo = Repo::fixture("log/base");
    repo.write(
        "goals/odd.md",
        "---\nkind: practice\ntitle: Odd\nlog: see the binder\n---\n",
    );
    let before = repo.snapshot();
    repo.cmd(&["log", "odd"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "goals/odd.md: `log:` is written as",
        ))
        .stderr(predicates::str::contains("nothing was written"));
    assert_eq!(repo.snapshot(), before);
}

fn request(id: &str, value: &str, date: &str) -> LogRequest {
    LogRequest {
        id: id.into(),
        value: Some(value.into()),
        date: goalpost::model::fields::parse_date(date).expect("date"),
        note: None,
        force: false,
    }
}

fn plan(repo: &Repo, req: &LogRequest) -> edit::Change {
    let mut cache = goalpost::project::ParseCache::default();
    let project = goalpost::project::load(repo.path(), None, &mut cache).expect("load");
    match edit::plan(&project, req) {
        Ok(Planned::Change(c)) => c,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let repo = repo_with("block-sorted.md", "goals/block-sorted.md");
    let change = plan(&repo, &request("block-sorted", "1", "2026-11-20"));
    // Saved in an editor before the write starts.
    repo.write(
        "goals/block-sorted.md",
        "---\nkind: practice\ntitle: Edited\n---\n",
    );
    let err = write::replace(&change.path, &change.original, &change.new).unwrap_err();
    assert!(matches!(err, write::WriteError::Changed(_)), "{err:?}");
    assert!(err.to_string().contains("nothing was written"));
    assert_eq!(
        repo.read("goals/block-sorted.md"),
        "---\nkind: practice\ntitle: Edited\n---\n"
    );

    // Saved in an editor between the temp file and the rename.
    let repo = repo_with("block-sorted.md", "goals/block-sorted.md");
    let change = plan(&repo, &request("block-sorted", "1", "2026-11-20"));
    let path = change.path.clone();
    let err = write::replace_with(&change.path, &change.original, &change.new, || {
        std::fs::write(&path, "saved meanwhile\n").expect("write");
    })
    .unwrap_err();
    assert!(matches!(err, write::WriteError::Changed(_)), "{err:?}");
    assert_eq!(repo.read("goals/block-sorted.md"), "saved meanwhile\n");
    // No temp file is left behind.
    let left: Vec<_> = std::fs::read_dir(repo.join("goals"))
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // Unchanged: written.
    let repo = repo_with("block-sorted.md", "goals/block-sorted.md");
    let change = plan(&repo, &request("block-sorted", "1", "2026-11-20"));
    write::replace(&change.path, &change.original, &change.new).expect("written");
    assert_eq!(bytes(&repo, "goals/block-sorted.md"), change.new);
}

#[test]
fn commit_commits_that_one_file_with_the_message() {
    if !git_available() {
        return;
    }
    let repo = repo_with("card-aligned.md", "scorecards/card-aligned.md");
    repo.git_init();
    repo.commit("Dana Reyes", "2026-11-19T16:00:00Z");
    // Something else staged, and something else changed: neither is committed.
    repo.write(
        "goals/staged.md",
        "---\nkind: purpose\ntitle: Staged\n---\n",
    );
    repo.git(&["add", "goals/staged.md"]);
    repo.write("goals/morning-greeting.md", "---\nkind: practice\ntitle: Greet students at the door\nowner: reyes\ntags: [changed]\n---\n");
    let out = repo
        .cmd(&[
            "log",
            "math-block-visit",
            "--date",
            "2026-11-20",
            "--commit",
        ])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Dana Reyes")
        .env("GIT_AUTHOR_EMAIL", "dana@school.example")
        .env("GIT_COMMITTER_NAME", "Dana Reyes")
        .env("GIT_COMMITTER_EMAIL", "dana@school.example")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("committed"));
    let files = repo.git(&["show", "--name-only", "--format=%s", "HEAD"]);
    assert_eq!(
        files.trim(),
        "log: math-block-visit ✓ on 2026-11-20\n\nscorecards/card-aligned.md"
    );
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.contains("A  goals/staged.md"), "{status}");
    assert!(status.contains(" M goals/morning-greeting.md"), "{status}");
    assert!(!status.contains("card-aligned"), "{status}");
}

#[test]
fn commit_outside_a_git_repository_is_refused_before_writing() {
    let repo = repo_with("card-aligned.md", "scorecards/card-aligned.md");
    let before = repo.snapshot();
    repo.cmd(&["log", "math-block-visit", "--commit"])
        .env(
            "GIT_CEILING_DIRECTORIES",
            repo.path().parent().expect("parent"),
        )
        .assert()
        .code(2)
        .stderr(predicates::str::contains("needs a git repository"));
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn dir_option_and_default_date_from_settings() {
    let repo = repo_with("card-aligned.md", "scorecards/card-aligned.md");
    let mut c = assert_cmd::Command::cargo_bin("goalpost").expect("binary");
    c.current_dir(std::env::temp_dir())
        .env("NO_COLOR", "1")
        .args(["log", "math-block-visit", "-C"])
        .arg(repo.path())
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "recorded math-block-visit ✓ on 2026-11-20 in scorecards/card-aligned.md:11",
        ));
}

mod generated {
    //! Generated practice files (LF or CRLF, BOM or not, block or flow
    //! style, quoted or bare dates, comments and blank lines between
    //! entries): logging a new date is a pure insertion, keeps the entries
    //! in date order, and reads back.
    use super::*;
    use goalpost::model::parse::parse_file;
    use proptest::prelude::*;

    fn file(
        dates: &[u32],
        flow: bool,
        crlf: bool,
        bom: bool,
        quote: bool,
        comments: &[bool],
    ) -> String {
        let q = if quote { "\"" } else { "" };
        let mut t = String::from("---\n# a practice\nkind: practice\ntitle: Generated\n");
        if flow {
            let items: Vec<String> = dates
                .iter()
                .map(|d| format!("{q}2026-11-{d:02}{q}: 1"))
                .collect();
            t.push_str(&format!("log: {{{}}}\n", items.join(", ")));
        } else {
            t.push_str("log:\n");
            for (i, d) in dates.iter().enumerate() {
                if comments.get(i).copied().unwrap_or(false) {
                    t.push_str("  # a comment\n\n");
                }
                t.push_str(&format!("  {q}2026-11-{d:02}{q}: 1 # day {d}\n"));
            }
        }
        t.push_str("tags: [x]\n---\nBody.\n");
        if crlf {
            t = t.replace('\n', "\r\n");
        }
        if bom {
            t.insert(0, '\u{feff}');
        }
        t
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn logging_a_new_date_only_inserts(
            days in proptest::collection::btree_set(2u32..28, 0..8),
            new in 2u32..28,
            flow: bool, crlf: bool, bom: bool, quote: bool,
            comments in proptest::collection::vec(any::<bool>(), 8),
        ) {
            prop_assume!(!days.contains(&new));
            let dates: Vec<u32> = days.into_iter().collect();
            let text = file(&dates, flow, crlf, bom, quote, &comments);
            let repo = Repo::empty();
            repo.write("generated.md", &text);
            let date = format!("2026-11-{new:02}");
            let change = plan(&repo, &request("generated", "1", &date));
            let new_text = String::from_utf8(change.new.clone()).expect("utf-8");
            // A pure insertion: the original is a prefix plus a suffix.
            let prefix = text.bytes().zip(new_text.bytes()).take_while(|(a, b)| a == b).count();
            let suffix = text.bytes().rev().zip(new_text.bytes().rev()).take_while(|(a, b)| a == b).count();
            prop_assert!(prefix + suffix >= text.len(), "{text:?}\n{new_text:?}");
            // CRLF stays CRLF, LF stays LF.
            let lf = new_text.matches('\n').count();
            let crlf_ends = new_text.matches("\r\n").count();
            prop_assert_eq!(crlf_ends, if crlf { lf } else { 0 });
            // Written in date order.
            let mut all = dates.clone();
            all.push(new);
            all.sort_unstable();
            let offsets: Vec<usize> = all
                .iter()
                .map(|d| new_text.find(&format!("2026-11-{d:02}")).expect("written"))
                .collect();
            prop_assert!(offsets.windows(2).all(|w| w[0] < w[1]), "{new_text:?}");
            // Read back: every entry, no error.
            let parsed = parse_file("generated.md", new_text.as_bytes());
            prop_assert!(parsed.diagnostics.iter().all(|d| !d.is_error()), "{:?}", parsed.diagnostics);
            let log = &parsed.goals[0].practice().expect("practice").log;
            prop_assert_eq!(log.len(), all.len());
        }
    }
}

#[cfg(unix)]
#[test]
fn a_commit_that_fails_takes_the_entry_back_out() {
    use std::os::unix::fs::PermissionsExt;
    if !git_available() {
        return;
    }
    let repo = repo_with("card-aligned.md", "scorecards/card-aligned.md");
    repo.git_init();
    repo.commit("Dana Reyes", "2026-11-19T16:00:00Z");
    let hook = repo.join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().expect("hooks")).expect("mkdir");
    std::fs::write(&hook, "#!/bin/sh\necho 'not today' >&2\nexit 1\n").expect("hook");
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let card = bytes(&repo, "scorecards/card-aligned.md");
    repo.cmd(&["log", "math-block-visit", "--commit"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Dana Reyes")
        .env("GIT_AUTHOR_EMAIL", "dana@school.example")
        .env("GIT_COMMITTER_NAME", "Dana Reyes")
        .env("GIT_COMMITTER_EMAIL", "dana@school.example")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not today"))
        .stderr(predicates::str::contains("taken back out"));
    assert_eq!(bytes(&repo, "scorecards/card-aligned.md"), card);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

/// A yes written into a scorecard whose cells say ✓ and ✗ is written ✓
/// (and a no ✗), so the new cell looks like its neighbours.
#[test]
fn yes_and_no_take_the_tables_own_marks() {
    let repo = repo_with("card-aligned.md", "scorecards/card-aligned.md");
    let text = repo.read("scorecards/card-aligned.md");
    assert!(text.contains('✓') && !text.contains(" yes "), "{text}");
    repo.cmd(&["log", "math-block-visit", "yes", "--date", "2026-11-20"])
        .assert()
        .success();
    let after = repo.read("scorecards/card-aligned.md");
    let row = after
        .lines()
        .find(|l| l.starts_with("| 2026-11-20"))
        .expect("the row");
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(cells, ["", "2026-11-20", "3", "", "✓", ""], "{row}");
    assert!(!after.contains(" yes "), "{after}");
}
