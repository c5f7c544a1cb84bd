//! Reading a goals repository's git history: real repositories in temp
//! folders, with fixed author dates.

use crate::prelude::*;
use crate::support::git;
use goalpost::diagnostics::{Location, Pos};
use goalpost::history::{apply, ChangeKind, History, HistoryCache};
use goalpost::model::{
    Details, Goal, Kind, Measurement, ProgressSpec, SeriesSource, Status, Visibility,
};
use goalpost::render::changes;
use goalpost::Date;
use std::path::{Path, PathBuf};
use std::process::Command;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// An empty git repository.
fn git_repo() -> Repo {
    let repo = Repo::empty();
    repo.git_init();
    repo
}

fn progress(current: f64, title: &str) -> String {
    format!(
        "---\nkind: progress\ntitle: {title}\nbaseline: 67\ntarget: 80\nstart: 2026-09-01\ndue: 2027-05-28\ncurrent: {current}\n---\n\nNotes.\n"
    )
}

/// The three-commit story most tests start from: 9 in September, 14 in
/// October, a title edit in November.
fn three_commits() -> Repo {
    require_git();
    let repo = git_repo();
    repo.write(
        "goals/grade-level-80.md",
        progress(9.0, "Readers at grade level"),
    );
    repo.write("README.md", "# Our goals\n");
    repo.commit("Ann Berg", "2026-09-15T08:30:00+02:00");
    repo.write(
        "goals/grade-level-80.md",
        progress(14.0, "Readers at grade level"),
    );
    // Late in the evening in New York: already the next day in UTC.
    repo.commit("Per Lindqvist", "2026-10-10T23:30:00-05:00");
    repo.write(
        "goals/grade-level-80.md",
        progress(14.0, "Readers at grade level by May"),
    );
    repo.commit("Ann Berg", "2026-11-02T09:00:00+01:00");
    repo
}

#[test]
fn series_summaries_and_authors_across_three_commits() {
    let repo = three_commits();
    let history = History::read(repo.path());
    assert!(history.warning().is_none(), "{:?}", history.warning());
    assert_eq!(history.head(), Some(repo.head().as_str()));
    let file = history
        .file("goals/grade-level-80.md")
        .expect("history of the goal");

    assert_eq!(
        file.series(),
        [(d("2026-09-15"), 9.0), (d("2026-10-10"), 14.0)]
    );
    let summaries: Vec<String> = file.changes.iter().map(changes::summary).collect();
    assert_eq!(summaries, ["created", "current 9 → 14", "edited"]);
    let dates: Vec<Date> = file.changes.iter().map(|c| c.date).collect();
    assert_eq!(
        dates,
        [d("2026-09-15"), d("2026-10-10"), d("2026-11-02")],
        "author dates, in the author's zone"
    );
    assert_eq!(file.authors, ["Ann Berg", "Per Lindqvist"]);
    assert_eq!(file.first_change, Some(d("2026-09-15")));
    assert_eq!(file.last_change, Some(d("2026-11-02")));
    assert_eq!(file.changes[1].current_before, Some(9.0));
    assert_eq!(file.changes[1].current_after, Some(14.0));
    assert_eq!(file.changes[1].author, "Per Lindqvist");
    assert_eq!(
        changes::line(&file.changes[1]),
        "Oct 10 · Per Lindqvist · current 9 → 14"
    );
    assert_eq!(file.changes[1].commit.len(), 40);
    assert_eq!(
        file.recent(1).next().map(changes::summary).as_deref(),
        Some("edited")
    );
    // Only files with frontmatter matter to goals, but every Markdown file is followed.
    assert!(history.file("README.md").is_some());
    assert!(history.file("goals/nope.md").is_none());
}

#[test]
fn a_rename_into_another_folder_keeps_the_history() {
    let repo = three_commits();
    std::fs::create_dir_all(repo.join("goals/archive/2026")).unwrap();
    repo.git(&[
        "mv",
        "goals/grade-level-80.md",
        "goals/archive/2026/grade-level-80.md",
    ]);
    repo.write(
        "goals/archive/2026/grade-level-80.md",
        progress(17.0, "Readers at grade level by May"),
    );
    repo.commit("Dana Reyes", "2026-11-20T15:00:00+01:00");

    let history = History::read(repo.path());
    assert!(
        history.file("goals/grade-level-80.md").is_none(),
        "keyed by the current path"
    );
    let file = history
        .file("goals/archive/2026/grade-level-80.md")
        .expect("followed through the rename");
    assert_eq!(file.changes.len(), 4);
    let last = &file.changes[3];
    assert_eq!(last.kind, ChangeKind::Renamed);
    assert_eq!(
        last.renamed_from.as_deref(),
        Some("goals/grade-level-80.md")
    );
    assert_eq!(
        changes::summary(last),
        "renamed from goals/grade-level-80.md; current 14 → 17"
    );
    assert_eq!(
        file.series(),
        [
            (d("2026-09-15"), 9.0),
            (d("2026-10-10"), 14.0),
            (d("2026-11-20"), 17.0)
        ]
    );
    assert_eq!(file.authors, ["Ann Berg", "Per Lindqvist", "Dana Reyes"]);
}

#[test]
fn the_goal_id_keeps_identity_when_git_sees_no_rename() {
    require_git();
    let repo = git_repo();
    repo.write(
        "goals/absence.md",
        "---\nkind: progress\nid: chronic-absence\ntitle: Chronic absence down\ncurrent: 20\n---\n",
    );
    repo.commit("Ann Berg", "2026-09-01T10:00:00Z");
    // Moved and rewritten so much that git's similarity check fails.
    std::fs::remove_file(repo.join("goals/absence.md")).unwrap();
    let long_body = "A completely new explanation of the attendance plan.\n".repeat(30);
    repo.write(
        "attendance/chronic.md",
        format!("---\nkind: progress\nid: chronic-absence\ntitle: Fewer chronically absent students\nbaseline: 20\ntarget: 12\ncurrent: 18\n---\n{long_body}"),
    );
    repo.commit("Bo Chen", "2026-10-01T10:00:00Z");

    let history = History::read(repo.path());
    let file = history.file("attendance/chronic.md").expect("history");
    let summaries: Vec<String> = file.changes.iter().map(changes::summary).collect();
    assert_eq!(
        summaries,
        [
            "created",
            "deleted",
            "renamed from goals/absence.md; baseline set to 20; target set to 12; current 20 → 18"
        ],
        "the goal came back: its new goalposts are moves, not a first commit"
    );
    assert_eq!(
        file.series(),
        [(d("2026-09-01"), 20.0), (d("2026-10-01"), 18.0)]
    );
}

#[test]
fn an_uncommitted_edit_is_not_history() {
    let repo = three_commits();
    repo.write(
        "goals/grade-level-80.md",
        progress(21.0, "Readers at grade level by May"),
    );
    repo.write("goals/new-goal.md", progress(3.0, "Not committed yet"));
    let history = History::read(repo.path());
    let file = history.file("goals/grade-level-80.md").unwrap();
    assert_eq!(
        file.series(),
        [(d("2026-09-15"), 9.0), (d("2026-10-10"), 14.0)]
    );
    assert_eq!(file.changes.len(), 3);
    assert!(
        history.file("goals/new-goal.md").is_none(),
        "untracked files have no history"
    );
}

#[test]
fn a_shallow_clone_starts_its_history_at_the_cut() {
    let repo = three_commits();
    let elsewhere = Repo::empty();
    let clone = elsewhere.join("clone");
    let url = format!("file://{}", repo.path().display());
    let out = git(elsewhere.path())
        .args(["clone", "-q", "--depth", "1", &url, "clone"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let history = History::read(&clone);
    assert!(history.warning().is_none(), "{:?}", history.warning());
    assert_eq!(history.head(), Some(repo.head().as_str()));
    let file = history
        .file("goals/grade-level-80.md")
        .expect("history in a shallow clone");
    assert_eq!(file.changes.len(), 1);
    assert_eq!(
        changes::summary(&file.changes[0]),
        "history starts here (shallow clone)"
    );
    assert_eq!(file.changes[0].author, "Ann Berg");
    assert_eq!(file.series(), [(d("2026-11-02"), 14.0)]);
}

#[test]
fn an_empty_repository_has_no_history_and_no_warning() {
    require_git();
    let repo = git_repo();
    repo.write("goals/a.md", progress(1.0, "A"));
    let history = History::read(repo.path());
    assert!(history.is_empty());
    assert_eq!(history.head(), None);
    assert!(history.warning().is_none(), "{:?}", history.warning());
}

/// Run inside a larger git repository (a temp folder in a checkout), git
/// would find that one; the test then runs itself again, in a child
/// process told not to look above the temp folder (GIT_CEILING_DIRECTORIES),
/// instead of skipping.
#[test]
fn a_plain_folder_has_no_history_and_no_warning() {
    const ISOLATED: &str = "GOALPOST_TEST_GIT_ISOLATED";
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap().join("plain");
    std::fs::create_dir_all(root.join("goals")).unwrap();
    std::fs::write(root.join("goals/a.md"), progress(1.0, "A")).unwrap();
    let inside_a_repo = git(&root)
        .args(["rev-parse", "--git-dir"])
        .output()
        .expect("git runs")
        .status
        .success();
    if inside_a_repo {
        assert!(
            std::env::var_os(ISOLATED).is_none(),
            "still inside a repository with GIT_CEILING_DIRECTORIES={:?}",
            std::env::var_os("GIT_CEILING_DIRECTORIES")
        );
        let ceiling = std::env::temp_dir().canonicalize().unwrap();
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "history_git::a_plain_folder_has_no_history_and_no_warning",
                "--exact",
                "--test-threads=1",
            ])
            .env(ISOLATED, "1")
            .env("GIT_CEILING_DIRECTORIES", ceiling)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "isolated run: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let history = History::read(&root);
    assert!(history.is_empty());
    assert_eq!(history.head(), None);
    assert!(history.warning().is_none(), "{:?}", history.warning());
    // A folder that does not exist is no different.
    let history = History::read(&root.join("missing"));
    assert!(history.is_empty());
}

#[test]
fn a_detached_head_reads_the_history_up_to_it() {
    let repo = three_commits();
    repo.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    let head = repo.head();
    let history = History::read(repo.path());
    assert_eq!(history.head(), Some(head.as_str()));
    let file = history.file("goals/grade-level-80.md").unwrap();
    assert_eq!(file.changes.len(), 2);
    assert_eq!(file.last_change, Some(d("2026-10-10")));
    assert_eq!(
        file.series(),
        [(d("2026-09-15"), 9.0), (d("2026-10-10"), 14.0)]
    );
}

/// Every file under `.git` with its size and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                out.push((entry.path(), meta.len(), meta.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn reading_never_modifies_the_repository() {
    let repo = three_commits();
    // A dirty work tree and a stat-dirty index (the kind `git status` would
    // refresh and rewrite).
    repo.write(
        "goals/grade-level-80.md",
        progress(21.0, "Readers at grade level by May"),
    );
    repo.write("goals/untracked.md", progress(1.0, "Untracked"));
    let readme = repo.join("README.md");
    let text = std::fs::read(&readme).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&readme, text).unwrap();

    let git_dir = repo.join(".git");
    let index = std::fs::read(git_dir.join("index")).unwrap();
    let before = snapshot(&git_dir);
    let history = History::read(repo.path());
    assert!(!history.is_empty());
    let mut cache = HistoryCache::new();
    assert!(cache.refresh(repo.path()));
    assert_eq!(snapshot(&git_dir), before, "nothing under .git changed");
    assert_eq!(std::fs::read(git_dir.join("index")).unwrap(), index);
    let status = repo.git(&["status", "--porcelain"]);
    assert_eq!(
        status,
        " M goals/grade-level-80.md\n?? goals/untracked.md\n"
    );
}

#[test]
fn the_cache_rereads_only_when_head_moves() {
    let repo = three_commits();
    let mut cache = HistoryCache::new();
    assert!(cache.history().is_empty(), "nothing before the first read");
    assert!(cache.refresh(repo.path()), "the first call reads");
    assert_eq!(cache.history().head(), Some(repo.head().as_str()));
    repo.write(
        "goals/grade-level-80.md",
        progress(30.0, "Readers at grade level by May"),
    );
    assert!(
        !cache.refresh(repo.path()),
        "a work-tree edit does not move HEAD"
    );
    let new_head = repo.commit("Per Lindqvist", "2026-11-21T10:00:00+01:00");
    assert!(cache.refresh(repo.path()), "a commit moves HEAD");
    assert!(!cache.refresh(repo.path()));
    let history = cache.read(repo.path());
    assert_eq!(history.head(), Some(new_head.as_str()));
    let series = history.file("goals/grade-level-80.md").unwrap().series();
    assert_eq!(series.last(), Some(&(d("2026-11-21"), 30.0)));
    // Another folder is read afresh, even at the same HEAD.
    std::fs::create_dir_all(repo.join("goals")).unwrap();
    assert!(cache.refresh(&repo.join("goals")));
    assert!(cache.history().file("grade-level-80.md").is_some());
}

#[test]
fn a_goals_folder_inside_a_larger_repository() {
    require_git();
    let repo = git_repo();
    repo.write("src/main.rs", "fn main() {}\n");
    repo.write("docs/intro.md", "# Intro\n");
    repo.write(
        "examples/school/goals/lärare ö.md",
        progress(5.0, "Teachers"),
    );
    repo.commit("Ann Berg", "2026-09-01T10:00:00Z");
    repo.write(
        "examples/school/goals/lärare ö.md",
        progress(6.0, "Teachers"),
    );
    repo.commit("Ann Berg", "2026-09-08T10:00:00Z");
    let history = History::read(&repo.join("examples/school"));
    let file = history
        .file("goals/lärare ö.md")
        .expect("paths relative to the goals folder, unquoted");
    assert_eq!(
        file.series(),
        [(d("2026-09-01"), 5.0), (d("2026-09-08"), 6.0)]
    );
    assert!(history.file("docs/intro.md").is_none());
    assert!(history.file("../../docs/intro.md").is_none());
}

fn at(file: &str, line: u32) -> Location {
    Location::new(file, Pos::new(line, 1))
}

fn progress_goal(file: &str, measurements: Vec<Measurement>) -> Goal {
    Goal {
        id: "grade-level-80".into(),
        kind: Kind::Progress,
        title: "Readers at grade level".into(),
        file: file.into(),
        at: at(file, 1),
        owners: vec!["okafor".into()],
        owner_at: Vec::new(),
        status: Status::Active,
        visibility: Visibility::Shared,
        personal: false,
        tags: Vec::new(),
        start: Some(d("2026-09-01")),
        due: Some(d("2027-05-28")),
        cycles: Vec::new(),
        allow: Vec::new(),
        aliases: Vec::new(),
        together: Default::default(),
        extra: serde_json::Value::Null,
        body: String::new(),
        body_line: 10,
        source: 0,
        broken: None,
        details: Details::Progress(ProgressSpec {
            baseline: Some(67.0),
            target: Some(80.0),
            measurements,
            current: Some(14.0),
            current_at: Some(at(file, 8)),
            ..ProgressSpec::default()
        }),
    }
}

fn explicit(date: &str, value: f64) -> Measurement {
    Measurement {
        date: d(date),
        value,
        note: Some("benchmark".into()),
        source: SeriesSource::Measurements,
        at: at("goals/grade-level-80.md", 12),
    }
}

#[test]
fn apply_merges_git_points_with_explicit_measurements() {
    let repo = three_commits();
    // Two more commits on 2026-11-02: the later one wins that day.
    repo.write(
        "goals/grade-level-80.md",
        progress(15.0, "Readers at grade level by May"),
    );
    repo.commit("Per Lindqvist", "2026-11-02T17:00:00+01:00");
    repo.write(
        "goals/grade-level-80.md",
        progress(16.0, "Readers at grade level by May"),
    );
    repo.commit("Per Lindqvist", "2026-11-02T18:00:00+01:00");
    let history = History::read(repo.path());

    let goals = vec![
        progress_goal(
            "goals/grade-level-80.md",
            vec![explicit("2026-09-01", 67.0), explicit("2026-10-10", 12.5)],
        ),
        progress_goal("goals/other.md", vec![explicit("2026-09-01", 1.0)]),
    ];
    let mut goals: Vec<_> = goals.into_iter().map(std::sync::Arc::new).collect();
    // Held elsewhere too, as a session's parse cache holds its goals.
    let shared = goals.clone();
    apply(&mut goals, &history);
    assert!(
        std::sync::Arc::ptr_eq(&goals[1], &shared[1]),
        "a goal with no history to merge is not copied"
    );
    assert_eq!(
        shared[0].progress().map(|p| p.measurements.len()),
        Some(2),
        "the goal that gained git points is a copy: the shared one is as it was"
    );
    let series = |g: &Goal| -> Vec<(Date, f64, SeriesSource)> {
        g.progress()
            .unwrap()
            .measurements
            .iter()
            .map(|m| (m.date, m.value, m.source))
            .collect()
    };
    let expected = vec![
        (d("2026-09-01"), 67.0, SeriesSource::Measurements),
        (d("2026-09-15"), 9.0, SeriesSource::Git),
        (d("2026-10-10"), 12.5, SeriesSource::Measurements),
        (d("2026-11-02"), 16.0, SeriesSource::Git),
    ];
    assert_eq!(series(&goals[0]), expected);
    let git_point = &goals[0].progress().unwrap().measurements[1];
    assert_eq!(git_point.note, None);
    assert_eq!(
        git_point.at,
        at("goals/grade-level-80.md", 8),
        "points at the current: line"
    );
    assert_eq!(
        series(&goals[1]),
        vec![(d("2026-09-01"), 1.0, SeriesSource::Measurements)]
    );

    // Applying again (a watch rebuild) changes nothing.
    apply(&mut goals, &history);
    assert_eq!(series(&goals[0]), expected);
    // An empty history removes earlier git points.
    apply(&mut goals, &History::empty());
    assert_eq!(
        series(&goals[0]),
        vec![
            (d("2026-09-01"), 67.0, SeriesSource::Measurements),
            (d("2026-10-10"), 12.5, SeriesSource::Measurements),
        ]
    );
}

#[test]
fn a_broken_repository_gives_a_warning_not_an_error() {
    let repo = three_commits();
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]);
    let tree = tree.trim();
    let object = repo.join(".git/objects").join(&tree[..2]).join(&tree[2..]);
    std::fs::remove_file(object).unwrap();
    let history = History::read(repo.path());
    assert!(history.is_empty());
    assert_eq!(history.head(), Some(repo.head().as_str()));
    let warning = history.warning().expect("a warning for the user");
    let warning = warning.to_string();
    assert!(
        warning.starts_with("could not read the git history (")
            && warning.ends_with("); reports show only the values on disk"),
        "{warning}"
    );
    // A folder that does not exist inside a repository is just empty.
    let history = History::read(&repo.join("no-such-folder"));
    assert!(history.is_empty());
    assert!(history.warning().is_none(), "{:?}", history.warning());
}

#[test]
fn changes_made_on_a_merged_branch_are_followed() {
    let repo = three_commits();
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write(
        "goals/grade-level-80.md",
        progress(18.0, "Readers at grade level by May"),
    );
    repo.commit("Åsa Öberg", "2026-11-05T10:00:00+01:00");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("goals/other.md", progress(1.0, "Other"));
    repo.commit("Ann Berg", "2026-11-06T10:00:00+01:00");
    repo.git_as(
        "Dana Reyes",
        "2026-11-07T10:00:00+01:00",
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
    );
    let history = History::read(repo.path());
    let file = history.file("goals/grade-level-80.md").unwrap();
    assert_eq!(
        file.series(),
        [
            (d("2026-09-15"), 9.0),
            (d("2026-10-10"), 14.0),
            (d("2026-11-05"), 18.0)
        ]
    );
    assert_eq!(file.authors, ["Ann Berg", "Per Lindqvist", "Åsa Öberg"]);
    assert_eq!(history.file("goals/other.md").unwrap().changes.len(), 1);
}
