//! The goals repository's git history as a time series (FORMAT §4 `current`,
//! §9 `series`).
//!
//! A coach who simply overwrites `current: 14` each month still gets a chart
//! of the whole year: every commit that changed a goal file is a point in
//! time, dated by its author date, and the value of `current:` in that
//! commit's version of the file is the goal's value on that date.
//!
//! [`History::read`] runs `git` itself, read-only, in two processes: one
//! `git log --raw -M -z` over the whole history (with renames, so a goal
//! moved to another folder keeps its history) and one `git cat-file --batch`
//! for the versions of the files it needs. It never fails: no `git`, a plain
//! folder, a repository without commits or any git error gives an empty
//! history (plus, for real errors, a [`History::warning`] to print).
//!
//! [`apply`] merges the history into progress goals' `measurements` as
//! [`SeriesSource::Git`] points; [`HistoryCache`] re-reads only when HEAD
//! moved, for `watch`.
//!
//! Choices a user may notice:
//! - Dates are author dates in the author's own time zone (a commit made
//!   at 23:30 in New York is dated that day, not the next one in UTC).
//! - A point is added only when `current:` changed (or first appeared);
//!   a rename or an edit of other fields is not a new measurement.
//! - Commits are replayed oldest first (`--date-order`); merge commits are
//!   skipped, so the changes come from the commits that made them.
//! - A file deleted and later added again with the same goal id (its
//!   `id:`, else its file name) is the same goal, even when git's rename
//!   detection did not pair the two.
//! - A shallow clone's history starts at its cut; the first change there
//!   says so instead of "created".
//! - Goalposts moved (FORMAT §7): a commit that changes a progress goal's
//!   `baseline`, `target`, `start` or `due`, or a practice's `target` or
//!   `cadence`, carries a [`Move`] per field (`goalposts.rs` says how).
//!
//! The rooms: `git` talks to `git`, `blob` reads what is needed from one
//! version of a file, `goalposts` compares two versions' aims, `replay`
//! follows files through the log, [`HistoryCache`] keeps it for `watch`.
//! History holds data only: `render::changes` words it for pages and
//! messages ("current 9 → 14", "renamed from goals/a.md").

mod blob;
mod cache;
mod git;
mod goalposts;
mod replay;

use crate::model::{Date, Details, Goal, Measurement, SeriesSource};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

pub use cache::HistoryCache;
pub(crate) use git::{GitError, Head};
pub use goalposts::{Goalpost, Move, PostValue};

/// What a commit did to a goal file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// The file appeared (or, in a shallow clone, history starts here).
    Created,
    /// The file's content changed in place.
    Modified,
    /// The file moved (by git's rename detection, or because a deleted
    /// file with the same goal id reappeared elsewhere).
    Renamed,
    /// The file was deleted (only kept when it later came back).
    Deleted,
    /// A deleted file came back at the same path.
    Restored,
}

/// One commit that changed a goal file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub commit: String,
    /// The commit's author date, in the author's own time zone.
    pub date: Date,
    pub author: String,
    /// The first line of the commit's message: why the change was made.
    pub(crate) subject: String,
    pub kind: ChangeKind,
    /// The path before a rename.
    pub renamed_from: Option<String>,
    /// The goal's id before a rename that changed it (its `id:`, else its
    /// file name): the old address a redirect page keeps working.
    pub(crate) former_id: Option<String>,
    /// `current:` in the version before this commit.
    pub current_before: Option<f64>,
    /// `current:` in this commit's version (`None` once deleted).
    pub current_after: Option<f64>,
    /// The goalposts this commit moved (none for the version that
    /// created the goal).
    pub moves: Vec<Move>,
    /// Where a created file came from (`None` for every other change).
    pub(crate) origin: Option<Origin>,
}

/// Where a created file came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Origin {
    /// A new file.
    New,
    /// A copy of the file at this path (git's copy detection).
    CopyOf(String),
    /// The first version a shallow clone has: history starts here.
    ShallowCut,
}

impl Change {
    /// Whether this commit gives the goal's series a point: `current:` has a
    /// value that differs from the version before (a rename or an edit of
    /// other fields is not a new measurement).
    pub(crate) fn sets_current(&self) -> bool {
        self.current_after.is_some() && self.current_after != self.current_before
    }
}

/// The history of one goal file, under its current path.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FileHistory {
    /// Oldest first.
    pub changes: Vec<Change>,
    pub first_change: Option<Date>,
    pub last_change: Option<Date>,
    /// Distinct author names, in order of first appearance.
    pub authors: Vec<String>,
}

impl FileHistory {
    fn from_changes(changes: Vec<Change>) -> FileHistory {
        let mut authors: Vec<String> = Vec::new();
        for c in &changes {
            if !authors.contains(&c.author) {
                authors.push(c.author.clone());
            }
        }
        FileHistory {
            first_change: changes.iter().map(|c| c.date).min(),
            last_change: changes.iter().map(|c| c.date).max(),
            authors,
            changes,
        }
    }

    /// The values of `current:` over time: one point per date (the latest
    /// commit of a day wins), sorted by date.
    pub fn series(&self) -> Vec<(Date, f64)> {
        let mut points: BTreeMap<Date, f64> = BTreeMap::new();
        for c in &self.changes {
            if let (true, Some(v)) = (c.sets_current(), c.current_after) {
                points.insert(c.date, v);
            }
        }
        points.into_iter().collect()
    }

    /// The newest changes first, at most `n` of them (for a goal's page).
    pub fn recent(&self, n: usize) -> impl Iterator<Item = &Change> {
        self.changes.iter().rev().take(n)
    }
}

/// The history of every goal file of a repository, keyed by current path.
#[derive(Debug, Default)]
pub struct History {
    head: Option<String>,
    files: HashMap<String, FileHistory>,
    warning: Option<HistoryWarning>,
    commits: usize,
}

impl History {
    /// No history at all.
    pub fn empty() -> History {
        History::default()
    }

    /// Reads the history of the goals repository at `root` (which may be a
    /// folder inside a larger repository: paths are relative to `root`).
    /// Never fails and never writes to the repository.
    pub fn read(root: &Path) -> History {
        History::read_at(root, git::probe(root))
    }

    pub(crate) fn read_at(root: &Path, probe: git::Probe) -> History {
        match &probe.head {
            Head::Commit(id) => {
                let mut history = History {
                    head: Some(id.clone()),
                    ..History::default()
                };
                match replay::read_files(root, id, &probe) {
                    Ok((files, commits)) => {
                        history.files = files;
                        history.commits = commits;
                    }
                    Err(e) => history.warning = Some(HistoryWarning::Unreadable(e)),
                }
                history
            }
            Head::Unborn | Head::NoRepository => History::empty(),
            Head::NoGit => History {
                warning: in_repository(root).then_some(HistoryWarning::NoGit),
                ..History::default()
            },
            Head::Failed(e) => History {
                warning: Some(HistoryWarning::Unreadable(GitError::Said(e.clone()))),
                ..History::default()
            },
        }
    }

    /// The commit the history was read at (`None` without commits or git).
    pub fn head(&self) -> Option<&str> {
        self.head.as_deref()
    }

    /// A note for the user when the goals are in a repository whose
    /// history could not be read.
    pub fn warning(&self) -> Option<&HistoryWarning> {
        self.warning.as_ref()
    }

    /// How many commits were read (merge commits are not counted).
    pub fn commit_count(&self) -> usize {
        self.commits
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The history of the file now at `rel_path` (relative to the root, `/`-separated).
    pub fn file(&self, rel_path: &str) -> Option<&FileHistory> {
        let rel = rel_path.strip_prefix("./").unwrap_or(rel_path);
        match self.files.get(rel) {
            Some(f) => Some(f),
            None if rel.contains('\\') => self.files.get(&rel.replace('\\', "/")),
            None => None,
        }
    }

    /// The newest committed version of the file now at `rel_path` that
    /// `good` accepts, with its commit's date: for a file that cannot be
    /// read now (FORMAT §2). Follows renames; looks at most `limit`
    /// versions back, newest first, and reads each one from git.
    pub(crate) fn last_good<T>(
        &self,
        root: &Path,
        rel_path: &str,
        limit: usize,
        mut good: impl FnMut(&[u8]) -> Option<T>,
    ) -> Option<(T, Date)> {
        let file = self.file(rel_path)?;
        let mut path = rel_path.to_string();
        let mut tried = 0;
        for change in file.changes.iter().rev() {
            if change.kind != ChangeKind::Deleted {
                if tried == limit {
                    return None;
                }
                tried += 1;
                let found = git::file_at(root, &change.commit, &path).and_then(|b| good(&b));
                if let Some(found) = found {
                    return Some((found, change.date));
                }
            }
            if let Some(from) = &change.renamed_from {
                path = from.clone();
            }
        }
        None
    }

    /// Every file with a history, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &FileHistory)> {
        self.files.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// Why a repository's history is not shown: a note, not an error (the
/// reports then show only the values on disk).
#[derive(Debug)]
pub enum HistoryWarning {
    /// The goals are in a repository, but `git` is not installed.
    NoGit,
    /// git was there, but reading the history failed.
    Unreadable(GitError),
}

impl std::fmt::Display for HistoryWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HistoryWarning::NoGit => {
                f.write_str("git is not installed, so the history of goal files is not shown")
            }
            HistoryWarning::Unreadable(e) => write!(
                f,
                "could not read the git history ({e}); reports show only the values on disk"
            ),
        }
    }
}

impl std::error::Error for HistoryWarning {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HistoryWarning::NoGit => None,
            HistoryWarning::Unreadable(e) => Some(e),
        }
    }
}

fn in_repository(root: &Path) -> bool {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    root.ancestors().any(|dir| dir.join(".git").exists())
}

/// Merges each progress goal's history of `current:` into its
/// `measurements` as [`SeriesSource::Git`] points: one per date, the latest
/// commit of a day winning; an explicit measurement on the same date wins
/// over a git point. Measurements stay sorted by date. Idempotent: git points
/// from an earlier call are replaced. A goal it leaves as it is stays
/// shared (with a session's parse cache); one it changes is copied first.
pub fn apply(goals: &mut [Arc<Goal>], history: &History) {
    for goal in goals.iter_mut() {
        let Details::Progress(spec) = &goal.details else {
            continue;
        };
        let series = history
            .file(&goal.file)
            .map(FileHistory::series)
            .unwrap_or_default();
        if series.is_empty()
            && !spec
                .measurements
                .iter()
                .any(|m| m.source == SeriesSource::Git)
        {
            continue;
        }
        merge_series(Arc::make_mut(goal), series);
    }
}

/// [`apply`] to one progress goal, with its file's `series`.
fn merge_series(goal: &mut Goal, series: Vec<(Date, f64)>) {
    let default_at = goal.at.clone();
    let Details::Progress(spec) = &mut goal.details else {
        return;
    };
    spec.measurements.retain(|m| m.source != SeriesSource::Git);
    if series.is_empty() {
        return;
    }
    let taken: HashSet<Date> = spec.measurements.iter().map(|m| m.date).collect();
    let at = spec.current_at.clone().unwrap_or(default_at);
    for (date, value) in series {
        if taken.contains(&date) {
            continue;
        }
        spec.measurements.push(Measurement {
            date,
            value,
            note: None,
            source: SeriesSource::Git,
            at: at.clone(),
        });
    }
    spec.measurements.sort_by_key(|m| m.date);
}
