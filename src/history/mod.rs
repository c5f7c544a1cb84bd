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
//!   `cadence`, from the goal's previous version (across renames and
//!   returns) carries a [`Move`] per field. The version that creates the
//!   goal moves nothing. A practice's missing `target` is 1 and its
//!   missing `cadence` is `weekdays`, as in the model; a progress field
//!   that appears or disappears moves from or to `None`. A version in
//!   which a field cannot be read (`target: lots`, a broken file) is
//!   passed over for that field: the next readable value is compared with
//!   the last readable one. A change of `kind` moves nothing.

mod blob;
mod git;

use crate::model::{Cadence, Date, Details, Goal, Kind, Measurement, SeriesSource};
use crate::yaml::format_number;
use blob::{blob_info, BlobInfo, Goalposts, Post};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use git::Head;

/// What a commit did to a goal file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// A field that says what a goal aims at (FORMAT §7 "Goalposts moved").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Goalpost {
    Baseline,
    Target,
    Start,
    Due,
    Cadence,
}

impl Goalpost {
    /// The field's name in a goal file and in `goals.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Goalpost::Baseline => "baseline",
            Goalpost::Target => "target",
            Goalpost::Start => "start",
            Goalpost::Due => "due",
            Goalpost::Cadence => "cadence",
        }
    }

    /// The goalposts of a kind of goal: a progress goal's `baseline`,
    /// `target`, `start`, `due`; a practice's `target`, `cadence`.
    pub fn of(kind: Kind) -> &'static [Goalpost] {
        match kind {
            Kind::Progress => &[
                Goalpost::Baseline,
                Goalpost::Target,
                Goalpost::Start,
                Goalpost::Due,
            ],
            Kind::Practice => &[Goalpost::Target, Goalpost::Cadence],
            Kind::Purpose | Kind::Coaching | Kind::Reflection => &[],
        }
    }
}

/// A goalpost's value: a number, a date or a cadence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PostValue {
    Number(f64),
    Date(Date),
    Cadence(Cadence),
}

impl PostValue {
    /// `80`, `2027-05-28`, `weekly`.
    pub fn text(self) -> String {
        match self {
            PostValue::Number(n) => format_number(n),
            PostValue::Date(d) => d.to_string(),
            PostValue::Cadence(c) => c.as_str().to_string(),
        }
    }
}

/// One goalpost moved by a commit: `None` on a side means the field was
/// not set in that version.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Move {
    pub field: Goalpost,
    pub from: Option<PostValue>,
    pub to: Option<PostValue>,
}

impl Move {
    /// `target 80 → 78`, `due set to 2027-05-28`, `baseline 67 removed`.
    pub fn summary(&self) -> String {
        let f = self.field.as_str();
        match (self.from, self.to) {
            (Some(a), Some(b)) => format!("{f} {} → {}", a.text(), b.text()),
            (None, Some(b)) => format!("{f} set to {}", b.text()),
            (Some(a), None) => format!("{f} {} removed", a.text()),
            (None, None) => f.to_string(),
        }
    }
}

/// The goalposts that differ between two versions of one goal, in
/// [`Goalpost::of`] order. A field unreadable in `after` moves nothing;
/// `before` holds the last readable value of each field.
fn moves_between(before: &Goalposts, after: &Goalposts) -> Vec<Move> {
    let (Some(kind), true) = (after.kind, before.kind == after.kind) else {
        return Vec::new();
    };
    let mut moves = Vec::new();
    for &field in Goalpost::of(kind) {
        let (Ok(from), Ok(to)) = (post(before, field).known(), post(after, field).known()) else {
            continue;
        };
        if from != to {
            moves.push(Move { field, from, to });
        }
    }
    moves
}

fn post(p: &Goalposts, field: Goalpost) -> Post<PostValue> {
    fn map<T>(p: Post<T>, f: impl FnOnce(T) -> PostValue) -> Post<PostValue> {
        match p {
            Post::Absent => Post::Absent,
            Post::Set(v) => Post::Set(f(v)),
            Post::Unreadable => Post::Unreadable,
        }
    }
    match field {
        Goalpost::Baseline => map(p.baseline, PostValue::Number),
        Goalpost::Target => map(p.target, PostValue::Number),
        Goalpost::Start => map(p.start, PostValue::Date),
        Goalpost::Due => map(p.due, PostValue::Date),
        Goalpost::Cadence => map(p.cadence, PostValue::Cadence),
    }
}

/// `before` updated with what `after` states: every readable field of
/// `after`, the last readable value of the others. A version that is not
/// a readable goal changes nothing; a change of kind starts afresh.
fn carry(before: Option<Goalposts>, after: &Goalposts) -> Option<Goalposts> {
    let Some(b) = before.filter(|b| after.kind.is_none() || b.kind == after.kind) else {
        return after.kind.map(|_| *after);
    };
    if after.kind.is_none() {
        return Some(b);
    }
    fn keep<T: Copy>(old: Post<T>, new: Post<T>) -> Post<T> {
        if matches!(new, Post::Unreadable) {
            old
        } else {
            new
        }
    }
    Some(Goalposts {
        kind: after.kind,
        baseline: keep(b.baseline, after.baseline),
        target: keep(b.target, after.target),
        start: keep(b.start, after.start),
        due: keep(b.due, after.due),
        cadence: keep(b.cadence, after.cadence),
    })
}

/// One commit that changed a goal file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub commit: String,
    /// The commit's author date, in the author's own time zone.
    pub date: Date,
    pub author: String,
    /// The first line of the commit's message: why the change was made.
    pub subject: String,
    pub kind: ChangeKind,
    /// The path before a rename.
    pub renamed_from: Option<String>,
    /// The goal's id before a rename that changed it (its `id:`, else its
    /// file name): the old address a redirect page keeps working.
    pub former_id: Option<String>,
    /// `current:` in the version before this commit.
    pub current_before: Option<f64>,
    /// `current:` in this commit's version (`None` once deleted).
    pub current_after: Option<f64>,
    /// Whether the goal's data changed: `current`, `measurements` or `log`
    /// (for a scorecard, also its tables).
    pub data_changed: bool,
    /// The goalposts this commit moved (none for the version that
    /// created the goal).
    pub moves: Vec<Move>,
    /// A short human summary: `current 9 → 14`, `created`,
    /// `renamed from goals/a.md`, `target 80 → 78`, `edited`.
    pub summary: String,
}

impl Change {
    /// Whether this commit gives the goal's series a point: `current:` has a
    /// value that differs from the version before (a rename or an edit of
    /// other fields is not a new measurement).
    pub fn sets_current(&self) -> bool {
        self.current_after.is_some() && self.current_after != self.current_before
    }

    /// One line for a goal's page: `Nov 10 · Per Lindqvist · current 9 → 14`.
    pub fn line(&self) -> String {
        format!(
            "{} · {} · {}",
            self.date.strftime("%b %-d"),
            self.author,
            self.summary
        )
    }
}

/// The history of one goal file, under its current path.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FileHistory {
    /// Oldest first.
    pub changes: Vec<Change>,
    pub first_change: Option<Date>,
    pub last_change: Option<Date>,
    /// The newest commit that changed the goal's data (see [`Change::data_changed`]).
    pub last_data_change: Option<Date>,
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
            last_data_change: changes
                .iter()
                .filter(|c| c.data_changed)
                .map(|c| c.date)
                .max(),
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
#[derive(Debug, Clone, Default)]
pub struct History {
    head: Option<String>,
    files: HashMap<String, FileHistory>,
    warning: Option<String>,
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

    fn read_at(root: &Path, probe: git::Probe) -> History {
        match &probe.head {
            Head::Commit(id) => {
                let mut history = History {
                    head: Some(id.clone()),
                    ..History::default()
                };
                match read_files(root, id, &probe) {
                    Ok((files, commits)) => {
                        history.files = files;
                        history.commits = commits;
                    }
                    Err(e) => history.warning = Some(warning(&e)),
                }
                history
            }
            Head::Unborn | Head::NoRepository => History::empty(),
            Head::NoGit => History {
                warning: in_repository(root).then(|| {
                    "git is not installed, so the history of goal files is not shown".to_string()
                }),
                ..History::default()
            },
            Head::Failed(e) => History {
                warning: Some(warning(e)),
                ..History::default()
            },
        }
    }

    /// The commit the history was read at (`None` without commits or git).
    pub fn head(&self) -> Option<&str> {
        self.head.as_deref()
    }

    /// A message for the user when git was there but could not be read.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
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
    pub fn last_good<T>(
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

    /// The date of the newest commit that changed the data (`current`,
    /// `measurements`, `log`, a scorecard's tables) of the file now at `rel_path`.
    pub fn last_data_change(&self, rel_path: &str) -> Option<Date> {
        self.file(rel_path).and_then(|f| f.last_data_change)
    }
}

fn warning(e: &str) -> String {
    format!("could not read the git history ({e}); reports show only the values on disk")
}

fn in_repository(root: &Path) -> bool {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    root.ancestors().any(|dir| dir.join(".git").exists())
}

/// Keeps the history between rebuilds and re-reads it only when HEAD moved
/// (one cheap `git rev-parse` per check) or the root changed. `Default`, so
/// it can sit in a build session before the root is known.
#[derive(Debug, Default)]
pub struct HistoryCache {
    root: Option<PathBuf>,
    head: Option<Head>,
    history: History,
}

impl HistoryCache {
    pub fn new() -> HistoryCache {
        HistoryCache::default()
    }

    /// Re-reads the history of `root` if HEAD moved since the last read, or
    /// on the first call, or when `root` is another folder. Returns whether
    /// it was re-read.
    pub fn refresh(&mut self, root: &Path) -> bool {
        let probe = git::probe(root);
        if self.root.as_deref() == Some(root) && self.head.as_ref() == Some(&probe.head) {
            return false;
        }
        self.root = Some(root.to_path_buf());
        self.head = Some(probe.head.clone());
        self.history = History::read_at(root, probe);
        true
    }

    /// The history as of the last [`refresh`](Self::refresh).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Refreshes, then returns the history of `root`.
    pub fn read(&mut self, root: &Path) -> &History {
        self.refresh(root);
        &self.history
    }
}

/// Merges each progress goal's history of `current:` into its
/// `measurements` as [`SeriesSource::Git`] points: one per date, the latest
/// commit of a day winning; an explicit measurement on the same date wins
/// over a git point. Measurements stay sorted by date. Idempotent: git points
/// from an earlier call are replaced.
pub fn apply(goals: &mut [Goal], history: &History) {
    for goal in goals.iter_mut() {
        let default_at = goal.at.clone();
        let Details::Progress(spec) = &mut goal.details else {
            continue;
        };
        spec.measurements.retain(|m| m.source != SeriesSource::Git);
        let Some(file) = history.file(&goal.file) else {
            continue;
        };
        let series = file.series();
        if series.is_empty() {
            continue;
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
}

/// Runs the two git processes and replays the log into per-file histories.
fn read_files(
    root: &Path,
    head: &str,
    probe: &git::Probe,
) -> Result<(HashMap<String, FileHistory>, usize), String> {
    let (commits, blobs) = git::history(root, head, &probe.prefix)?;
    let infos: HashMap<String, BlobInfo> = blobs
        .into_par_iter()
        .map(|(id, bytes)| {
            let info = blob_info(&bytes);
            (id, info)
        })
        .collect();
    let boundary = git::shallow_boundary(probe);
    let count = commits.len();
    Ok((replay(&commits, &infos, &boundary), count))
}

/// A goal file being followed through the history.
struct Track {
    changes: Vec<Change>,
    /// The last version's blob (kept after a delete, for a later return).
    last_blob: Option<String>,
    /// The last path it had.
    path: String,
    /// The goalposts as of the last version (each field's last readable value).
    posts: Option<Goalposts>,
}

impl Track {
    fn new(path: &str) -> Track {
        Track {
            changes: Vec::new(),
            last_blob: None,
            path: path.to_string(),
            posts: None,
        }
    }
}

/// The goal id a version stands for: its `id:`, else its file name.
fn effective_id(info: Option<&BlobInfo>, path: &str) -> String {
    if let Some(id) = info.and_then(|i| i.id.clone()) {
        return id;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let n = name.len();
    if n > 3 && name.is_char_boundary(n - 3) {
        name[..n - 3].to_string()
    } else {
        name.to_string()
    }
}

/// The id before a rename, when the rename changed it.
fn changed_id(before: String, after: String) -> Option<String> {
    (before != after).then_some(before)
}

fn current_summary(before: Option<f64>, after: Option<f64>) -> Option<String> {
    match (before, after) {
        (Some(a), Some(b)) if a != b => Some(format!(
            "current {} → {}",
            format_number(a),
            format_number(b)
        )),
        (None, Some(b)) => Some(format!("current set to {}", format_number(b))),
        (Some(a), None) => Some(format!("current {} removed", format_number(a))),
        _ => None,
    }
}

/// `base`, then the goalposts moved and the change of `current`, joined by `; `.
fn with_details(base: Option<String>, moves: &[Move], current: Option<String>) -> String {
    let parts: Vec<String> = base
        .into_iter()
        .chain(moves.iter().map(Move::summary))
        .chain(current)
        .collect();
    if parts.is_empty() {
        "edited".to_string()
    } else {
        parts.join("; ")
    }
}

/// Replays the commits, oldest first, following each file through renames,
/// deletes and returns.
fn replay(
    commits: &[git::Commit],
    infos: &HashMap<String, BlobInfo>,
    boundary: &HashSet<String>,
) -> HashMap<String, FileHistory> {
    let mut tracks: Vec<Track> = Vec::new();
    let mut live: HashMap<String, usize> = HashMap::new();
    let mut graveyard: HashMap<String, usize> = HashMap::new();
    let info = |blob: &Option<String>| blob.as_ref().and_then(|b| infos.get(b));
    let current = |blob: &Option<String>| info(blob).and_then(|i| i.current);
    let data = |blob: &Option<String>| info(blob).map(|i| i.data).unwrap_or(0);
    // The goalposts `after` moves from the track's last version (else from
    // `before`, for a file first seen changing), and the track's new state.
    let step = |posts: Option<Goalposts>, before: &Option<String>, after: &Option<String>| {
        let prev = posts.or_else(|| info(before).and_then(|i| carry(None, &i.posts)));
        match info(after) {
            Some(a) => (
                prev.map(|p| moves_between(&p, &a.posts))
                    .unwrap_or_default(),
                carry(prev, &a.posts),
            ),
            None => (Vec::new(), prev),
        }
    };

    for commit in commits {
        let Some(date) = commit.date.get(..10).and_then(|d| d.parse::<Date>().ok()) else {
            continue;
        };
        let shallow_root = boundary.contains(&commit.id);
        // A change from `before` to `after`, titled `base` (`None`: an edit).
        let make = |kind: ChangeKind,
                    from: Option<String>,
                    before: &Option<String>,
                    after: &Option<String>,
                    base: Option<String>,
                    moves: Vec<Move>| {
            let summary = with_details(
                base,
                &moves,
                current_summary(current(before), current(after)),
            );
            Change {
                commit: commit.id.clone(),
                date,
                author: commit.author.clone(),
                subject: commit.subject.clone(),
                kind,
                renamed_from: from,
                former_id: None,
                current_before: current(before),
                current_after: current(after),
                data_changed: data(before) != data(after) && data(after) != 0,
                moves,
                summary,
            }
        };

        // 1. Deletions: the file leaves, but is remembered by goal id.
        for ch in commit.changes.iter().filter(|c| c.status == 'D') {
            if let Some(t) = live.remove(&ch.path) {
                let track = &mut tracks[t];
                let before = ch.old_blob.clone().or_else(|| track.last_blob.clone());
                let mut change = make(ChangeKind::Deleted, None, &before, &None, None, Vec::new());
                change.summary = "deleted".to_string();
                track.changes.push(change);
                track.last_blob = before.clone();
                track.path = ch.path.clone();
                graveyard.insert(effective_id(info(&before), &ch.path), t);
            }
        }
        // 2. Renames: take every source first, so swaps work.
        let renames: Vec<(Option<usize>, &git::RawChange)> = commit
            .changes
            .iter()
            .filter(|c| c.status == 'R')
            .map(|c| (live.remove(&c.old_path), c))
            .collect();
        for (t, ch) in renames {
            let t = t.unwrap_or_else(|| {
                tracks.push(Track::new(&ch.old_path));
                tracks.len() - 1
            });
            let before = ch.old_blob.clone();
            let (moves, posts) = step(tracks[t].posts, &before, &ch.new_blob);
            let mut change = make(
                ChangeKind::Renamed,
                Some(ch.old_path.clone()),
                &before,
                &ch.new_blob,
                Some(format!("renamed from {}", ch.old_path)),
                moves,
            );
            change.former_id = changed_id(
                effective_id(info(&before), &ch.old_path),
                effective_id(info(&ch.new_blob), &ch.path),
            );
            let track = &mut tracks[t];
            track.changes.push(change);
            track.last_blob = ch.new_blob.clone();
            track.path = ch.path.clone();
            track.posts = posts;
            live.insert(ch.path.clone(), t);
        }
        // 3. Edits in place.
        for ch in commit
            .changes
            .iter()
            .filter(|c| matches!(c.status, 'M' | 'T'))
        {
            let t = match live.get(&ch.path) {
                Some(&t) => t,
                None => {
                    tracks.push(Track::new(&ch.path));
                    live.insert(ch.path.clone(), tracks.len() - 1);
                    tracks.len() - 1
                }
            };
            let before = ch.old_blob.clone();
            let (moves, posts) = step(tracks[t].posts, &before, &ch.new_blob);
            let change = make(
                ChangeKind::Modified,
                None,
                &before,
                &ch.new_blob,
                None,
                moves,
            );
            let track = &mut tracks[t];
            track.changes.push(change);
            track.last_blob = ch.new_blob.clone();
            track.posts = posts;
        }
        // 4. New files (and copies): a new goal, unless a deleted file with
        // the same goal id comes back.
        for ch in commit
            .changes
            .iter()
            .filter(|c| matches!(c.status, 'A' | 'C'))
        {
            let id = effective_id(info(&ch.new_blob), &ch.path);
            let returning = if ch.status == 'A' {
                graveyard.remove(&id)
            } else {
                None
            };
            let (t, change, posts) = match returning {
                Some(t) => {
                    let before = tracks[t].last_blob.clone();
                    let old_path = tracks[t].path.clone();
                    let (kind, from, base) = if old_path == ch.path {
                        (ChangeKind::Restored, None, "restored".to_string())
                    } else {
                        (
                            ChangeKind::Renamed,
                            Some(old_path.clone()),
                            format!("renamed from {old_path}"),
                        )
                    };
                    let (moves, posts) = step(tracks[t].posts, &before, &ch.new_blob);
                    // Same goal id (that is how it was found): no former id.
                    let change = make(kind, from, &before, &ch.new_blob, Some(base), moves);
                    (t, change, posts)
                }
                None => {
                    tracks.push(Track::new(&ch.path));
                    let summary = if shallow_root {
                        "history starts here (shallow clone)".to_string()
                    } else if ch.status == 'C' {
                        format!("created as a copy of {}", ch.old_path)
                    } else {
                        "created".to_string()
                    };
                    let mut change = make(
                        ChangeKind::Created,
                        None,
                        &None,
                        &ch.new_blob,
                        None,
                        Vec::new(),
                    );
                    change.summary = summary;
                    let posts = info(&ch.new_blob).and_then(|i| carry(None, &i.posts));
                    (tracks.len() - 1, change, posts)
                }
            };
            let track = &mut tracks[t];
            track.changes.push(change);
            track.last_blob = ch.new_blob.clone();
            track.path = ch.path.clone();
            track.posts = posts;
            live.insert(ch.path.clone(), t);
        }
    }

    let mut files = HashMap::with_capacity(live.len());
    let mut tracks: Vec<Option<Track>> = tracks.into_iter().map(Some).collect();
    for (path, t) in live {
        if let Some(track) = tracks.get_mut(t).and_then(Option::take) {
            files.insert(path, FileHistory::from_changes(track.changes));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(current: Option<f64>, id: Option<&str>, data: u64) -> BlobInfo {
        BlobInfo {
            current,
            id: id.map(String::from),
            data,
            posts: Goalposts::default(),
        }
    }

    fn change(
        status: char,
        old: Option<&str>,
        new: Option<&str>,
        old_path: &str,
        path: &str,
    ) -> git::RawChange {
        git::RawChange {
            status,
            old_blob: old.map(String::from),
            new_blob: new.map(String::from),
            old_path: old_path.into(),
            path: path.into(),
        }
    }

    fn commit(id: &str, date: &str, author: &str, changes: Vec<git::RawChange>) -> git::Commit {
        git::Commit {
            id: id.into(),
            date: format!("{date}T10:00:00+01:00"),
            author: author.into(),
            subject: format!("work of {date}"),
            changes,
        }
    }

    #[test]
    fn follows_renames_deletes_and_returns_by_id() {
        let infos: HashMap<String, BlobInfo> = [
            ("b1", blob(Some(9.0), None, 1)),
            ("b2", blob(Some(14.0), None, 2)),
            ("b3", blob(Some(14.0), Some("keep"), 3)),
            ("b4", blob(Some(20.0), Some("keep"), 4)),
            ("b5", blob(Some(20.0), Some("keep"), 4)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let commits = vec![
            commit(
                "c1",
                "2026-09-01",
                "Ann",
                vec![change('A', None, Some("b1"), "a.md", "a.md")],
            ),
            commit(
                "c2",
                "2026-10-01",
                "Bo",
                vec![change('M', Some("b1"), Some("b2"), "a.md", "a.md")],
            ),
            commit(
                "c3",
                "2026-10-02",
                "Ann",
                vec![change('R', Some("b2"), Some("b3"), "a.md", "x/b.md")],
            ),
            commit(
                "c4",
                "2026-10-03",
                "Cy",
                vec![change('D', Some("b3"), None, "x/b.md", "x/b.md")],
            ),
            commit(
                "c5",
                "2026-10-04",
                "Cy",
                vec![change('A', None, Some("b4"), "y/c.md", "y/c.md")],
            ),
            commit(
                "c6",
                "2026-10-04",
                "Cy",
                vec![change('M', Some("b4"), Some("b5"), "y/c.md", "y/c.md")],
            ),
        ];
        let files = replay(&commits, &infos, &HashSet::new());
        assert_eq!(files.len(), 1);
        let f = &files["y/c.md"];
        let summaries: Vec<&str> = f.changes.iter().map(|c| c.summary.as_str()).collect();
        assert_eq!(
            summaries,
            [
                "created",
                "current 9 → 14",
                "renamed from a.md",
                "deleted",
                "renamed from x/b.md; current 14 → 20",
                "edited"
            ]
        );
        assert_eq!(f.authors, ["Ann", "Bo", "Cy"]);
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(
            f.series(),
            [
                (d("2026-09-01"), 9.0),
                (d("2026-10-01"), 14.0),
                (d("2026-10-04"), 20.0)
            ]
        );
        assert_eq!(f.first_change, Some(d("2026-09-01")));
        assert_eq!(f.last_change, Some(d("2026-10-04")));
        assert_eq!(f.last_data_change, Some(d("2026-10-04")));
        assert!(!f.changes[5].data_changed, "same data fingerprint");
        assert_eq!(f.changes[1].line(), "Oct 1 · Bo · current 9 → 14");
    }

    /// A version of a progress goal with `target` and `due` (`None`: unreadable target).
    fn aim(kind: Kind, target: Option<f64>, due: &str) -> BlobInfo {
        BlobInfo {
            current: None,
            id: Some("reading".into()),
            data: 0,
            posts: Goalposts {
                kind: Some(kind),
                target: target.map_or(Post::Unreadable, Post::Set),
                due: Post::Set(due.parse().unwrap()),
                ..Goalposts::default()
            },
        }
    }

    #[test]
    fn goalposts_moved_across_edits_broken_versions_and_renames() {
        let infos: HashMap<String, BlobInfo> = [
            ("v1", aim(Kind::Progress, Some(80.0), "2027-05-28")),
            ("v2", aim(Kind::Progress, Some(78.0), "2027-05-28")),
            ("v3", aim(Kind::Progress, None, "2027-05-28")),
            ("v4", aim(Kind::Progress, Some(75.0), "2027-05-28")),
            ("v5", aim(Kind::Progress, Some(75.0), "2027-06-11")),
            ("v6", aim(Kind::Practice, Some(3.0), "2027-06-11")),
            ("broken", BlobInfo::default()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let m = |status, old: &str, new: &str| change(status, Some(old), Some(new), "a.md", "a.md");
        let commits = vec![
            commit(
                "c1",
                "2026-09-01",
                "Ann",
                vec![change('A', None, Some("v1"), "a.md", "a.md")],
            ),
            commit("c2", "2026-09-10", "Bo", vec![m('M', "v1", "v2")]),
            commit("c3", "2026-09-11", "Bo", vec![m('M', "v2", "v3")]),
            commit("c4", "2026-09-12", "Bo", vec![m('M', "v3", "broken")]),
            commit("c5", "2026-09-13", "Bo", vec![m('M', "broken", "v4")]),
            commit(
                "c6",
                "2026-10-01",
                "Cy",
                vec![change('R', Some("v4"), Some("v5"), "a.md", "b/a.md")],
            ),
            commit(
                "c7",
                "2026-10-02",
                "Cy",
                vec![change('M', Some("v5"), Some("v6"), "b/a.md", "b/a.md")],
            ),
        ];
        let files = replay(&commits, &infos, &HashSet::new());
        let f = &files["b/a.md"];
        let summaries: Vec<&str> = f.changes.iter().map(|c| c.summary.as_str()).collect();
        assert_eq!(
            summaries,
            [
                "created",
                "target 80 → 78",
                "edited",
                "edited",
                "target 78 → 75",
                "renamed from a.md; due 2027-05-28 → 2027-06-11",
                "edited",
            ],
            "unreadable versions move nothing; a change of kind moves nothing"
        );
        let date = |s: &str| PostValue::Date(s.parse().unwrap());
        assert_eq!(
            f.changes[5].moves,
            [Move {
                field: Goalpost::Due,
                from: Some(date("2027-05-28")),
                to: Some(date("2027-06-11")),
            }]
        );
        assert!(
            f.changes[0].moves.is_empty(),
            "creating the goal moves nothing"
        );
    }

    #[test]
    fn a_field_that_appears_or_goes_moves_from_or_to_nothing() {
        let before = Goalposts {
            kind: Some(Kind::Progress),
            target: Post::Set(80.0),
            ..Goalposts::default()
        };
        let after = Goalposts {
            kind: Some(Kind::Progress),
            due: Post::Set("2027-05-28".parse().unwrap()),
            ..Goalposts::default()
        };
        let moves = moves_between(&before, &after);
        let summaries: Vec<String> = moves.iter().map(Move::summary).collect();
        assert_eq!(summaries, ["target 80 removed", "due set to 2027-05-28"]);
        // A purpose has no goalposts.
        let purpose = Goalposts {
            kind: Some(Kind::Purpose),
            ..Goalposts::default()
        };
        assert!(moves_between(&purpose, &purpose).is_empty());
    }

    #[test]
    fn a_rename_that_changes_the_id_keeps_the_former_id_and_the_message() {
        let infos: HashMap<String, BlobInfo> = [
            ("p", blob(Some(1.0), None, 1)),
            ("q", blob(Some(1.0), Some("kept"), 1)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let commits = vec![
            commit(
                "c1",
                "2026-09-01",
                "Ann",
                vec![
                    change(
                        'A',
                        None,
                        Some("p"),
                        "chronic-absence.md",
                        "chronic-absence.md",
                    ),
                    change('A', None, Some("q"), "kept.md", "kept.md"),
                ],
            ),
            commit(
                "c2",
                "2026-10-05",
                "Bo",
                vec![
                    change(
                        'R',
                        Some("p"),
                        Some("p"),
                        "chronic-absence.md",
                        "attendance/attendance-chronic-absence.md",
                    ),
                    // Its `id:` is kept: the address does not change.
                    change('R', Some("q"), Some("q"), "kept.md", "x/other-name.md"),
                ],
            ),
        ];
        let files = replay(&commits, &infos, &HashSet::new());
        let renamed = &files["attendance/attendance-chronic-absence.md"].changes[1];
        assert_eq!(renamed.former_id.as_deref(), Some("chronic-absence"));
        assert_eq!(renamed.subject, "work of 2026-10-05");
        assert_eq!(renamed.author, "Bo");
        assert_eq!(files["x/other-name.md"].changes[1].former_id, None);
        assert_eq!(
            files["attendance/attendance-chronic-absence.md"].changes[0].former_id, None,
            "creating a goal renames nothing"
        );
    }

    #[test]
    fn renames_can_swap_paths_in_one_commit() {
        let infos: HashMap<String, BlobInfo> = [
            ("p", blob(Some(1.0), None, 1)),
            ("q", blob(Some(2.0), None, 2)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let commits = vec![
            commit(
                "c1",
                "2026-09-01",
                "Ann",
                vec![
                    change('A', None, Some("p"), "a.md", "a.md"),
                    change('A', None, Some("q"), "b.md", "b.md"),
                ],
            ),
            commit(
                "c2",
                "2026-09-02",
                "Ann",
                vec![
                    change('R', Some("p"), Some("p"), "a.md", "b.md"),
                    change('R', Some("q"), Some("q"), "b.md", "a.md"),
                ],
            ),
        ];
        let files = replay(&commits, &infos, &HashSet::new());
        assert_eq!(files["b.md"].changes[0].current_after, Some(1.0));
        assert_eq!(files["a.md"].changes[0].current_after, Some(2.0));
        assert_eq!(files["a.md"].changes[1].summary, "renamed from b.md");
    }
}
