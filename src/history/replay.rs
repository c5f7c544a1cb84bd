//! Replaying `git log` oldest first into one history per goal file,
//! following each file through renames, deletes and returns.
//!
//! Each commit is applied in four steps, in this order: deletions (a file
//! leaves, remembered by its goal id), renames (every source taken first,
//! so two files can swap paths), edits in place, and additions (a new
//! goal, unless a deleted file with the same goal id comes back). Merge
//! commits are not in the log; a commit whose date cannot be read is
//! passed over.

use super::blob::{blob_info, BlobInfo, Goalposts};
use super::git::{self, Commit, RawChange};
use super::goalposts::{carry, moves_between, Move};
use super::{Change, ChangeKind, FileHistory, GitError, Origin};
use crate::model::Date;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Runs the two git processes and replays the log into per-file
/// histories; also returns how many commits were read.
pub(super) fn read_files(
    root: &Path,
    head: &str,
    probe: &git::Probe,
) -> Result<(HashMap<String, FileHistory>, usize), GitError> {
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

/// Replays the commits, oldest first; `boundary` holds the commits where a
/// shallow clone's history is cut.
pub(super) fn replay(
    commits: &[Commit],
    infos: &HashMap<String, BlobInfo>,
    boundary: &HashSet<String>,
) -> HashMap<String, FileHistory> {
    let mut replay = Replay {
        infos,
        tracks: Vec::new(),
        live: HashMap::new(),
        graveyard: HashMap::new(),
    };
    for commit in commits {
        let Some(date) = commit.date.get(..10).and_then(|d| d.parse::<Date>().ok()) else {
            continue;
        };
        let at = Stamp { commit, date };
        let cut = boundary.contains(&commit.id);
        let changes = |status: &'static [char]| {
            commit
                .changes
                .iter()
                .filter(move |c| status.contains(&c.status))
        };
        for ch in changes(&['D']) {
            replay.delete(&at, ch);
        }
        replay.rename(&at, changes(&['R']));
        for ch in changes(&['M', 'T']) {
            replay.edit(&at, ch);
        }
        for ch in changes(&['A', 'C']) {
            replay.add(&at, ch, cut);
        }
    }
    replay.finish()
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

    /// Records `change`, after which the file is `blob` at `path` and
    /// states `posts`.
    fn advance(
        &mut self,
        change: Change,
        blob: &Option<String>,
        path: &str,
        posts: Option<Goalposts>,
    ) {
        self.changes.push(change);
        self.last_blob.clone_from(blob);
        if self.path != path {
            self.path = path.to_string();
        }
        self.posts = posts;
    }
}

/// The commit a change is part of, with its date read.
struct Stamp<'c> {
    commit: &'c Commit,
    date: Date,
}

/// The state of the replay between commits.
struct Replay<'a> {
    infos: &'a HashMap<String, BlobInfo>,
    tracks: Vec<Track>,
    /// Current path → its track.
    live: HashMap<String, usize>,
    /// Goal id of a deleted file → its track, for a return.
    graveyard: HashMap<String, usize>,
}

impl Replay<'_> {
    fn info(&self, blob: &Option<String>) -> Option<&BlobInfo> {
        blob.as_ref().and_then(|b| self.infos.get(b))
    }

    /// A new track for a file first seen at `path`.
    fn start(&mut self, path: &str) -> usize {
        self.tracks.push(Track::new(path));
        self.tracks.len() - 1
    }

    /// A change from `before` to `after`, moving `moves`.
    fn change(
        &self,
        at: &Stamp,
        kind: ChangeKind,
        before: &Option<String>,
        after: &Option<String>,
        moves: Vec<Move>,
    ) -> Change {
        let current = |blob| self.info(blob).and_then(|i| i.current);
        Change {
            commit: at.commit.id.clone(),
            date: at.date,
            author: at.commit.author.clone(),
            subject: at.commit.subject.clone(),
            kind,
            origin: None,
            renamed_from: None,
            former_id: None,
            current_before: current(before),
            current_after: current(after),
            moves,
        }
    }

    /// The goalposts `after` moves from the track's last version (else
    /// from `before`, for a file first seen changing), and the track's
    /// new state.
    fn step(
        &self,
        t: usize,
        before: &Option<String>,
        after: &Option<String>,
    ) -> (Vec<Move>, Option<Goalposts>) {
        let prev = self.tracks[t]
            .posts
            .or_else(|| self.info(before).and_then(|i| carry(None, &i.posts)));
        match self.info(after) {
            Some(a) => (
                prev.map(|p| moves_between(&p, &a.posts))
                    .unwrap_or_default(),
                carry(prev, &a.posts),
            ),
            None => (Vec::new(), prev),
        }
    }

    /// A deletion: the file leaves, but is remembered by goal id.
    fn delete(&mut self, at: &Stamp, ch: &RawChange) {
        let Some(t) = self.live.remove(&ch.path) else {
            return;
        };
        let before = ch
            .old_blob
            .clone()
            .or_else(|| self.tracks[t].last_blob.clone());
        let change = self.change(at, ChangeKind::Deleted, &before, &None, Vec::new());
        let id = effective_id(self.info(&before), &ch.path);
        let track = &mut self.tracks[t];
        let posts = track.posts;
        track.advance(change, &before, &ch.path, posts);
        self.graveyard.insert(id, t);
    }

    /// The renames of one commit: every source is taken first, so two
    /// files can swap paths.
    fn rename<'c>(&mut self, at: &Stamp, renames: impl Iterator<Item = &'c RawChange>) {
        let renames: Vec<(Option<usize>, &RawChange)> = renames
            .map(|c| (self.live.remove(&c.old_path), c))
            .collect();
        for (t, ch) in renames {
            let t = t.unwrap_or_else(|| self.start(&ch.old_path));
            let (moves, posts) = self.step(t, &ch.old_blob, &ch.new_blob);
            let mut change =
                self.change(at, ChangeKind::Renamed, &ch.old_blob, &ch.new_blob, moves);
            change.renamed_from = Some(ch.old_path.clone());
            change.former_id = changed_id(
                effective_id(self.info(&ch.old_blob), &ch.old_path),
                effective_id(self.info(&ch.new_blob), &ch.path),
            );
            self.tracks[t].advance(change, &ch.new_blob, &ch.path, posts);
            self.live.insert(ch.path.clone(), t);
        }
    }

    /// An edit in place.
    fn edit(&mut self, at: &Stamp, ch: &RawChange) {
        let t = match self.live.get(&ch.path) {
            Some(&t) => t,
            None => {
                let t = self.start(&ch.path);
                self.live.insert(ch.path.clone(), t);
                t
            }
        };
        let (moves, posts) = self.step(t, &ch.old_blob, &ch.new_blob);
        let change = self.change(at, ChangeKind::Modified, &ch.old_blob, &ch.new_blob, moves);
        self.tracks[t].advance(change, &ch.new_blob, &ch.path, posts);
    }

    /// A new file (or a copy): a new goal, unless a deleted file with the
    /// same goal id comes back. `cut`: the commit is where a shallow
    /// clone's history starts.
    fn add(&mut self, at: &Stamp, ch: &RawChange, cut: bool) {
        let returning = match ch.status {
            'A' => {
                let id = effective_id(self.info(&ch.new_blob), &ch.path);
                self.graveyard.remove(&id)
            }
            _ => None,
        };
        let (t, change, posts) = match returning {
            Some(t) => {
                let before = self.tracks[t].last_blob.clone();
                let old_path = self.tracks[t].path.clone();
                let (moves, posts) = self.step(t, &before, &ch.new_blob);
                // Same goal id (that is how it was found): no former id.
                let change = if old_path == ch.path {
                    self.change(at, ChangeKind::Restored, &before, &ch.new_blob, moves)
                } else {
                    let mut change =
                        self.change(at, ChangeKind::Renamed, &before, &ch.new_blob, moves);
                    change.renamed_from = Some(old_path);
                    change
                };
                (t, change, posts)
            }
            None => {
                let t = self.start(&ch.path);
                let mut change =
                    self.change(at, ChangeKind::Created, &None, &ch.new_blob, Vec::new());
                change.origin = Some(if cut {
                    Origin::ShallowCut
                } else if ch.status == 'C' {
                    Origin::CopyOf(ch.old_path.clone())
                } else {
                    Origin::New
                });
                let posts = self.info(&ch.new_blob).and_then(|i| carry(None, &i.posts));
                (t, change, posts)
            }
        };
        self.tracks[t].advance(change, &ch.new_blob, &ch.path, posts);
        self.live.insert(ch.path.clone(), t);
    }

    /// The history of every file that is there at the end, by its path.
    fn finish(self) -> HashMap<String, FileHistory> {
        let mut files = HashMap::with_capacity(self.live.len());
        let mut tracks: Vec<Option<Track>> = self.tracks.into_iter().map(Some).collect();
        for (path, t) in self.live {
            if let Some(track) = tracks.get_mut(t).and_then(Option::take) {
                files.insert(path, FileHistory::from_changes(track.changes));
            }
        }
        files
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
#[cfg(test)]
mod tests {
    use super::super::blob::Post;
    use super::super::goalposts::{Goalpost, PostValue};
    use super::*;
    use crate::model::Kind;

    /// What a change did, as data: kind, former path, `current` before and after.
    fn what(c: &Change) -> (ChangeKind, Option<&str>, Option<f64>, Option<f64>) {
        (
            c.kind,
            c.renamed_from.as_deref(),
            c.current_before,
            c.current_after,
        )
    }

    fn blob(current: Option<f64>, id: Option<&str>) -> BlobInfo {
        BlobInfo {
            current,
            id: id.map(String::from),
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
            ("b1", blob(Some(9.0), None)),
            ("b2", blob(Some(14.0), None)),
            ("b3", blob(Some(14.0), Some("keep"))),
            ("b4", blob(Some(20.0), Some("keep"))),
            ("b5", blob(Some(20.0), Some("keep"))),
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
        use ChangeKind::*;
        let whats: Vec<_> = f.changes.iter().map(what).collect();
        assert_eq!(
            whats,
            [
                (Created, None, None, Some(9.0)),
                (Modified, None, Some(9.0), Some(14.0)),
                (Renamed, Some("a.md"), Some(14.0), Some(14.0)),
                (Deleted, None, Some(14.0), None),
                (Renamed, Some("x/b.md"), Some(14.0), Some(20.0)),
                (Modified, None, Some(20.0), Some(20.0)),
            ]
        );
        assert_eq!(f.changes[0].origin, Some(Origin::New));
        assert!(f.changes.iter().all(|c| c.moves.is_empty()));
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
    }

    /// A version of a progress goal with `target` and `due` (`None`: unreadable target).
    fn aim(kind: Kind, target: Option<f64>, due: &str) -> BlobInfo {
        BlobInfo {
            current: None,
            id: Some("reading".into()),
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
        let number = |n: f64| Some(PostValue::Number(n));
        let target = |from, to| Move {
            field: Goalpost::Target,
            from: number(from),
            to: number(to),
        };
        let moves: Vec<&[Move]> = f.changes.iter().map(|c| &c.moves[..]).collect();
        assert_eq!(
            moves,
            [
                &[][..],
                &[target(80.0, 78.0)],
                &[],
                &[],
                &[target(78.0, 75.0)],
                &f.changes[5].moves,
                &[],
            ],
            "unreadable versions move nothing; a change of kind moves nothing"
        );
        assert_eq!(f.changes[5].renamed_from.as_deref(), Some("a.md"));
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
    fn a_rename_that_changes_the_id_keeps_the_former_id_and_the_message() {
        let infos: HashMap<String, BlobInfo> = [
            ("p", blob(Some(1.0), None)),
            ("q", blob(Some(1.0), Some("kept"))),
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
        let infos: HashMap<String, BlobInfo> =
            [("p", blob(Some(1.0), None)), ("q", blob(Some(2.0), None))]
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
        assert_eq!(
            what(&files["a.md"].changes[1]),
            (ChangeKind::Renamed, Some("b.md"), Some(2.0), Some(2.0))
        );
    }
}
