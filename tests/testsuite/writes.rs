//! Writes never lose or contradict an entry (FORMAT §10): two writers at
//! once both land, `log` reads entries exactly where `check` reads them,
//! and a write that cannot be made safely is refused with nothing written.
//! Where processes are involved these are real ones: `goalpost log` run
//! twice at once, check-ins posted at once to a real `serve --allow-edits`.

use crate::live_edits::{field, Served};
use crate::prelude::*;
use crate::support::goal;
use goalpost::edit::{self, write, LogError, LogRequest, Planned};
use goalpost::model::fields::parse_date;
use goalpost::model::{Date, EntryValue};
use proptest::prelude::*;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const SETTINGS: &str = "title: Writes\ntoday: 2026-11-20\npeople:\n  reyes: {name: Dana Reyes}\n";

fn practice(title: &str) -> String {
    format!(
        "---\nkind: practice\ntitle: {title}\nowner: reyes\ncadence: daily\nstart: 2026-01-05\nlog:\n  2026-01-05: ✓\n---\n"
    )
}

/// A repository with one practice, `inbox-zero`, in `goals/inbox-zero.md`.
fn one_practice() -> Repo {
    let repo = Repo::empty();
    repo.write("goalpost.yml", SETTINGS)
        .write("goals/inbox-zero.md", practice("Inbox zero"));
    repo
}

/// The `n`th day after 2026-01-05 (all before the repository's today).
fn day(n: usize) -> String {
    let first = parse_date("2026-01-06").expect("date");
    first
        .checked_add(jiff::Span::new().days(n as i64))
        .expect("a day")
        .to_string()
}

fn date(text: &str) -> Date {
    parse_date(text).expect("date")
}

/// The practice's entries as `check` reads them (log and scorecards).
fn entries(repo: &Repo, id: &str) -> Vec<(Date, EntryValue)> {
    let report = repo.report();
    let practice = goal(&report, id).goal.practice().expect("a practice");
    practice.log.iter().map(|e| (e.date, e.value)).collect()
}

fn goalpost(repo: &Repo, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("goalpost"));
    cmd.current_dir(repo.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

// ------------------------------------------------------------- the lock

/// 50 times two `goalpost log` processes at once on one file: every entry
/// a process says it recorded is in the file, and a process that recorded
/// nothing says why.
#[test]
fn concurrent_log_processes_lose_nothing() {
    let repo = one_practice();
    let mut recorded = Vec::new();
    for pair in 0..50 {
        let dates = [day(2 * pair), day(2 * pair + 1)];
        let children: Vec<_> = dates
            .iter()
            .map(|d| {
                goalpost(&repo, &["log", "inbox-zero", "--date", d])
                    .spawn()
                    .expect("spawn goalpost")
            })
            .collect();
        for (child, d) in children.into_iter().zip(&dates) {
            let out = child.wait_with_output().expect("goalpost runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.success() {
                recorded.push(d.clone());
            } else {
                assert!(
                    stderr.contains("nothing was written"),
                    "a refusal says why: {stderr}"
                );
            }
        }
    }
    let text = repo.read("goals/inbox-zero.md");
    let lost: Vec<&String> = recorded
        .iter()
        .filter(|d| !text.contains(&format!("{d}: ✓")))
        .collect();
    assert!(lost.is_empty(), "recorded but not in the file: {lost:?}");
    assert_eq!(recorded.len(), 100, "two writers at once both land");
    repo.cmd(&["check"]).assert().success();
}

/// A scorecard with one column for each of 32 practices and an empty row
/// for today.
fn busy_scorecard() -> Repo {
    let repo = Repo::empty();
    repo.write("goalpost.yml", SETTINGS);
    let ids: Vec<String> = (0..32).map(|i| format!("p{i:02}")).collect();
    for id in &ids {
        repo.write(
            &format!("goals/{id}.md"),
            practice(&format!("Practice {id}")),
        );
    }
    let card = format!(
        "---\nkind: scorecard\nowner: reyes\n---\n| date | {} |\n|---|{}\n| 2026-11-19 | {}\n| 2026-11-20 | {}\n",
        ids.join(" | "),
        "---|".repeat(ids.len()),
        "✓ | ".repeat(ids.len()),
        "  | ".repeat(ids.len()),
    );
    repo.write("scorecards/week.md", card);
    repo
}

/// 32 check-ins posted at once into one scorecard through a real
/// `serve --allow-edits`: each answer is a redirect and the entry is in
/// the file, or a 409 that says why; never a 500.
#[test]
fn concurrent_check_ins_lose_nothing() {
    let repo = busy_scorecard();
    let served = Served::start(&repo, &["--allow-edits"]);
    let page = served.get("/people/reyes.html");
    assert_eq!(page.status, 200);
    let token = field(&page.body, "token");
    let served = &served;
    let replies: Vec<(usize, u16, String)> = std::thread::scope(|s| {
        let posts: Vec<_> = (0..32)
            .map(|i| {
                let token = token.clone();
                s.spawn(move || {
                    let body = format!(
                        "token={token}&id=p{i:02}&date=2026-11-20&back=%2Fpeople%2Freyes.html&action=done"
                    );
                    let reply = served.post(&body, &[]);
                    (i, reply.status, reply.body)
                })
            })
            .collect();
        posts.into_iter().map(|p| p.join().expect("post")).collect()
    });
    let today = date("2026-11-20");
    let mut landed = 0;
    for (i, status, body) in &replies {
        let id = format!("p{i:02}");
        let entered = entries(&repo, &id).iter().any(|(d, _)| *d == today);
        match status {
            303 => {
                assert!(entered, "{id}: redirected as recorded, but not in the file");
                landed += 1;
            }
            409 => assert!(
                !entered
                    && body.contains("Nothing was recorded")
                    && body.contains("nothing was written"),
                "{id}: a 409 says why: {body}"
            ),
            other => panic!("{id}: answered {other}: {body}"),
        }
    }
    assert_eq!(landed, 32, "check-ins at once all land");
    repo.cmd(&["check"]).assert().success();
}

/// One writer of the property below: `goalpost log ID --date DATE` through
/// the library, running `hook` between planning and writing (the lock
/// held).
fn log_through_library(repo: &Repo, day: &str, hook: impl FnOnce()) -> Result<Planned, LogError> {
    let mut cache = goalpost::project::ParseCache::default();
    let project = goalpost::project::load(repo.path(), None, &mut cache).expect("loads");
    let request = LogRequest {
        id: "inbox-zero".into(),
        value: None,
        date: date(day),
        note: None,
        force: false,
    };
    edit::record(&project, &request, |_| {
        hook();
        Ok(())
    })
}

/// What else touches the file while the first writer holds it.
#[derive(Debug, Clone)]
enum Second {
    /// A second `log`, started this long (µs) before the first one.
    Before(u64),
    /// A second `log`, started while the first is between planning and
    /// writing.
    During,
    /// An editor's save (which takes no lock), at that moment.
    Editor,
}

fn second() -> impl Strategy<Value = Second> {
    prop_oneof![
        2 => (0u64..3000).prop_map(Second::Before),
        2 => Just(Second::During),
        1 => Just(Second::Editor),
    ]
}

/// Any interleaving of two writers on one file: the file ends with both
/// entries, or one writer was refused and nothing of it is in the file.
/// How often each happens is counted: most interleavings must land both
/// entries (only an editor's save, a fifth of the cases, may refuse one).
#[test]
fn two_writers_both_land_or_one_is_refused() {
    let both = AtomicUsize::new(0);
    let one_refused = AtomicUsize::new(0);
    let config = ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let cases = (second(), 0u64..3000, 0usize..40, 40usize..80);
    let result = runner.run(&cases, |(second, pause, a, b)| {
        let repo = one_practice();
        let (day_a, day_b) = (day(a), day(b));
        let path = repo.join("goals/inbox-zero.md");
        let (first, other) = std::thread::scope(|s| {
            let mut other = None;
            if let Second::Before(lead) = second {
                other = Some(s.spawn(|| log_through_library(&repo, &day_b, || {})));
                std::thread::sleep(Duration::from_micros(lead));
            }
            let first = log_through_library(&repo, &day_a, || {
                match second {
                    Second::During => {
                        other = Some(s.spawn(|| log_through_library(&repo, &day_b, || {})));
                    }
                    Second::Editor => {
                        let text = std::fs::read_to_string(&path).expect("read");
                        let saved = text.replacen("log:\n", &format!("log:\n  {day_b}: ✓\n"), 1);
                        std::fs::write(&path, saved).expect("save");
                    }
                    Second::Before(_) => {}
                }
                std::thread::sleep(Duration::from_micros(pause));
            });
            let other = other.map(|o| o.join().expect("second writer"));
            (first, other)
        });
        let text = repo.read("goals/inbox-zero.md");
        let has = |d: &str| text.contains(&format!("{d}: ✓"));
        let refused = |r: &Option<Result<Planned, LogError>>| matches!(r, Some(Err(_)));
        if has(&day_a) && has(&day_b) {
            prop_assert!(first.is_ok() && !refused(&other), "{first:?} {other:?}");
            both.fetch_add(1, Ordering::Relaxed);
        } else {
            // Exactly one entry is missing, and its writer was told so.
            prop_assert!(has(&day_a) || has(&day_b), "both missing:\n{text}");
            if !has(&day_a) {
                prop_assert!(
                    matches!(&first, Err(LogError::Write(write::WriteError::Changed(_)))),
                    "the first writer's entry is missing, yet it said {first:?}"
                );
            } else {
                prop_assert!(
                    refused(&other),
                    "the second writer's entry is missing, yet it said {other:?}"
                );
            }
            one_refused.fetch_add(1, Ordering::Relaxed);
        }
        prop_assert_eq!(
            entries(&repo, "inbox-zero").len(),
            if has(&day_a) && has(&day_b) { 3 } else { 2 }
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
    let (both, one_refused) = (both.into_inner(), one_refused.into_inner());
    assert!(
        both * 2 >= both + one_refused,
        "both landed in {both} cases, one was refused in {one_refused}"
    );
    eprintln!("two writers: both landed in {both} cases, one was refused in {one_refused}");
}

// ------------------------------------- one reader of entries for check and log

/// Scorecard bodies in which `check` reads `inbox-zero` on 2026-11-17 as
/// `CELL`, each written in a way a second, simpler table reader misses.
const LAYOUTS: &[(&str, &str)] = &[
    (
        "bold header",
        "| date | **inbox-zero** |\n|---|---|\n| 2026-11-17 | CELL |\n",
    ),
    (
        "code header",
        "| date | `inbox-zero` |\n|---|---|\n| 2026-11-17 | CELL |\n",
    ),
    (
        "escaped header",
        "| date | inbox\\-zero |\n|---|---|\n| 2026-11-17 | CELL |\n",
    ),
    (
        "link header",
        "| date | [inbox-zero](x) |\n|---|---|\n| 2026-11-17 | CELL |\n",
    ),
    (
        "bold date",
        "| date | inbox-zero |\n|---|---|\n| **2026-11-17** | CELL |\n",
    ),
    (
        "table in a quote",
        "> | date | inbox-zero |\n> |---|---|\n> | 2026-11-17 | CELL |\n",
    ),
    (
        "table in a list",
        "- The week:\n\n  | date | inbox-zero |\n  |---|---|\n  | 2026-11-17 | CELL |\n",
    ),
    (
        "the date in two tables",
        "| date | inbox-zero |\n|---|---|\n| 2026-11-17 |  |\n\nAnd again:\n\n| date | inbox-zero |\n|---|---|\n| 2026-11-17 | CELL |\n",
    ),
];

fn with_card(body: &str, cell: &str) -> Repo {
    let repo = one_practice();
    repo.write(
        "scorecards/week.md",
        format!(
            "---\nkind: scorecard\nowner: reyes\n---\n{}",
            body.replace("CELL", cell)
        ),
    );
    repo
}

/// A cell `check` reads is the entry `log` finds: logging the same day
/// again is "already recorded", a different value is a conflict, and
/// neither writes a second entry anywhere.
#[test]
fn log_finds_the_cell_where_check_reads_it() {
    let day = date("2026-11-17");
    for (layout, body) in LAYOUTS {
        let repo = with_card(body, "✓");
        assert!(
            entries(&repo, "inbox-zero").contains(&(day, EntryValue::Done(true))),
            "{layout}: check reads the cell"
        );
        let before = repo.snapshot();
        repo.cmd(&["log", "inbox-zero", "--date", "2026-11-17"])
            .assert()
            .success()
            .stdout(predicates::str::contains(
                "already has ✓ on 2026-11-17 (scorecards/week.md:",
            ));
        repo.cmd(&["log", "inbox-zero", "no", "--date", "2026-11-17"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "already has ✓ (scorecards/week.md:",
            ))
            .stderr(predicates::str::contains("Nothing was written"));
        assert_eq!(repo.snapshot(), before, "{layout}: nothing written");
        repo.cmd(&["check"]).assert().success();
    }
}

/// An empty cell in any of those layouts is where the entry goes, and
/// `check` then reads it there, once.
#[test]
fn log_fills_the_empty_cell_where_check_reads_it() {
    let day = date("2026-11-17");
    for (layout, body) in LAYOUTS {
        let repo = with_card(body, "");
        let goal_file = repo.read("goals/inbox-zero.md");
        repo.cmd(&["log", "inbox-zero", "--date", "2026-11-17"])
            .assert()
            .success()
            .stdout(predicates::str::contains("in scorecards/week.md:"));
        assert_eq!(repo.read("goals/inbox-zero.md"), goal_file, "{layout}");
        let on_day: Vec<_> = entries(&repo, "inbox-zero")
            .into_iter()
            .filter(|(d, _)| *d == day)
            .collect();
        assert_eq!(on_day, [(day, EntryValue::Done(true))], "{layout}");
        repo.cmd(&["check"]).assert().success();
        // The written cell is found again.
        repo.cmd(&["log", "inbox-zero", "--date", "2026-11-17"])
            .assert()
            .success()
            .stdout(predicates::str::contains("already has"));
    }
}

/// `--force` replaces the entry where it is, not in the first empty cell.
#[test]
fn force_replaces_the_cell_that_holds_the_entry() {
    let (_, body) = LAYOUTS
        .iter()
        .find(|(l, _)| *l == "the date in two tables")
        .expect("layout");
    let repo = with_card(body, "✓");
    repo.cmd(&["log", "inbox-zero", "no", "--date", "2026-11-17", "--force"])
        .assert()
        .success();
    let day = date("2026-11-17");
    let on_day: Vec<_> = entries(&repo, "inbox-zero")
        .into_iter()
        .filter(|(d, _)| *d == day)
        .collect();
    assert_eq!(on_day, [(day, EntryValue::Done(false))]);
    repo.cmd(&["check"]).assert().success();
}

// ---------------------------------------------------------------- refusals

#[test]
fn an_id_defined_by_two_files_is_refused_naming_both() {
    let repo = one_practice();
    repo.write(
        "goals/other/inbox.md",
        practice("Inbox zero again").replace("kind: practice", "id: inbox-zero\nkind: practice"),
    );
    let before = repo.snapshot();
    repo.cmd(&["log", "inbox-zero", "--date", "2026-11-17"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("goals/inbox-zero.md:"))
        .stderr(predicates::str::contains("goals/other/inbox.md:"))
        .stderr(predicates::str::contains("duplicate-id"))
        .stderr(predicates::str::contains("nothing was written"));
    assert_eq!(repo.snapshot(), before);
}

#[cfg(unix)]
#[test]
fn a_goal_file_linked_from_outside_the_repository_is_not_written() {
    let outside = tempfile::tempdir().expect("temp dir");
    let target = outside.path().join("inbox-zero.md");
    std::fs::write(&target, practice("Inbox zero")).expect("write");
    let repo = Repo::empty();
    repo.write("goalpost.yml", SETTINGS).mkdir("goals");
    std::os::unix::fs::symlink(&target, repo.join("goals/inbox-zero.md")).expect("link");
    repo.cmd(&["log", "inbox-zero", "--date", "2026-11-17"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`goals/inbox-zero.md` is a link to",
        ))
        .stderr(predicates::str::contains("outside the repository"))
        .stderr(predicates::str::contains("nothing was written"));
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        practice("Inbox zero")
    );
    assert!(repo.join("goals/inbox-zero.md").is_symlink());

    // A link inside the repository is written through, and stays a link.
    let repo = one_practice();
    std::fs::rename(repo.join("goals/inbox-zero.md"), repo.join("kept.txt")).expect("move");
    std::os::unix::fs::symlink("../kept.txt", repo.join("goals/inbox-zero.md")).expect("link");
    repo.cmd(&["log", "inbox-zero", "--date", "2026-11-17"])
        .assert()
        .success();
    assert!(repo.read("kept.txt").contains("2026-11-17: ✓"));
    assert!(repo.join("goals/inbox-zero.md").is_symlink());
}

#[cfg(unix)]
#[test]
fn a_read_only_goal_file_is_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let repo = one_practice();
    let path = repo.join("goals/inbox-zero.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = repo.snapshot();
    repo.cmd(&["log", "inbox-zero", "--date", "2026-11-17"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`goals/inbox-zero.md` is read-only",
        ))
        .stderr(predicates::str::contains("chmod u+w goals/inbox-zero.md"));
    assert_eq!(repo.snapshot(), before);

    // A check-in is refused the same way: a 409 that says why.
    let served = Served::start(&repo, &["--allow-edits"]);
    let page = served.get("/people/reyes.html");
    let body = format!(
        "token={}&id=inbox-zero&date=2026-11-20&back=%2Fpeople%2Freyes.html&action=done",
        field(&page.body, "token")
    );
    let reply = served.post(&body, &[]);
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(reply.body.contains("is read-only"), "{}", reply.body);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        practice("Inbox zero")
    );
}

#[test]
fn commit_takes_a_file_name_literally() {
    if !git_available() {
        return;
    }
    let repo = Repo::empty();
    repo.write("goalpost.yml", SETTINGS)
        .write(
            "goals/:!q.md",
            practice("Q").replace("kind: practice", "id: q\nkind: practice"),
        )
        .write("goals/other.md", practice("Other"));
    repo.git_init();
    repo.commit("Dana Reyes", "2026-11-19T16:00:00Z");
    // Another file of the folder changed, not to be committed.
    repo.write("goals/other.md", practice("Other, edited"));
    repo.cmd(&["log", "q", "--date", "2026-11-17", "--commit"])
        .assert()
        .success();
    let committed = repo.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(committed.trim(), "goals/:!q.md");
    let status = repo.git(&["status", "--porcelain"]);
    assert_eq!(status.trim(), "M goals/other.md");
}

#[test]
fn notes_are_recorded_without_surrounding_white_space() {
    let repo = one_practice();
    repo.cmd(&[
        "log",
        "inbox-zero",
        "--date",
        "2026-11-17",
        "--note",
        "  after the staff meeting \t",
    ])
    .assert()
    .success();
    assert!(repo
        .read("goals/inbox-zero.md")
        .contains("2026-11-17: {value: ✓, note: \"after the staff meeting\"}"));
    repo.cmd(&["check"]).assert().success();
}
