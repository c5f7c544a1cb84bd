//! `goalpost log`: recording one entry in a goal file by editing its text
//! in place (FORMAT §10).
//!
//! The edit is driven by positions in the file's own bytes ([`text`]): the
//! entry's value is replaced where it is written, or one line (one flow
//! entry, one table cell) is added, and every other byte stays as it was —
//! comments, key order, quoting, blank lines, CRLF, BOM, the body.
//!
//! [`record`] takes an exclusive lock on every file the entry could go
//! into ([`write::locked`]) and, while it holds them, [`plan`] reads the
//! files, decides where the entry goes and builds the new bytes, then
//! parses them and refuses an edit that would add an error to the file;
//! [`write::Locks::replace`] writes them atomically unless the file changed
//! since it was read. Entries already recorded are read with `check`'s own
//! readers (a scorecard's cells through [`crate::model::scorecard`]), so an
//! entry `check` sees is never written a second time elsewhere. Nothing is
//! written on any error.
//!
//! The rooms: this file finds the goal and the files, and checks and
//! finishes a change; `measure` plans a progress goal's measurement,
//! `practice` a practice's entry (its log or a scorecard cell); `entry`
//! writes an entry's text and shows it in messages; [`map`],
//! [`table`] and [`text`] edit bytes; [`write`] locks and replaces files (and commits them with git);
//! `error` holds [`LogError`], whose words the user reads.

mod entry;
mod error;
pub mod feedback;
pub(crate) mod map;
mod measure;
mod practice;
pub(crate) mod table;
pub(crate) mod text;
pub mod write;

use crate::diagnostics::{suggest, Diagnostic};
use crate::model::parse::parse_file;
use crate::model::{Date, Goal, Kind, ParsedFile};
use crate::project::Project;
use std::ops::Range;
use std::path::PathBuf;

pub use entry::Replaced;
use entry::{quote, shown, shown_entry, without_unit, yaml_entry};
pub use error::{CannotEdit, LogError};
use measure::plan_measurement;
pub(crate) use measure::{measure_all_in, measure_in, Step};
use practice::plan_practice;

/// Replace `range` of a file's text with `with`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Edit {
    pub(crate) range: Range<usize>,
    pub(crate) with: String,
}

/// What to record.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRequest {
    pub id: String,
    /// As typed; `None`: a practice's target.
    pub value: Option<String>,
    pub date: Date,
    pub note: Option<String>,
    pub force: bool,
}

/// The outcome of [`plan`].
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    /// The same entry is already there: nothing to write.
    AlreadyRecorded {
        id: String,
        value: String,
        at: String,
    },
    Change(Change),
}

/// A checked change of one file, ready for [`write::Locks::replace`].
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: String,
    pub date: Date,
    /// The value as written into the file (without the note).
    pub value: String,
    /// The file, on disk and relative to the repository.
    pub path: PathBuf,
    pub rel: String,
    /// The line the entry is on in the new file.
    pub line: u32,
    /// The entry it replaces (`--force`).
    pub replaced: Option<Replaced>,
    pub original: Vec<u8>,
    pub new: Vec<u8>,
    /// How goalpost reads `new` (parsed to check the change), kept so that
    /// a next change of the same file (an import's next row) starts from
    /// it instead of parsing the text again.
    pub(crate) parsed: NewParse,
}

/// The parse of a [`Change`]'s new text. Made from the text, so it takes
/// no part in comparing changes (two changes with the same text are
/// equal).
#[derive(Clone, Default)]
pub(crate) struct NewParse(Option<Box<ParsedFile>>);

impl PartialEq for NewParse {
    fn eq(&self, _: &NewParse) -> bool {
        true
    }
}

impl std::fmt::Debug for NewParse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewParse")
    }
}

impl Change {
    /// The commit message FORMAT §10 gives.
    pub fn commit_message(&self) -> String {
        format!("log: {} {} on {}", self.id, self.value, self.date)
    }
}

impl LogRequest {
    /// The request as it is recorded: a note without the white space
    /// around it (none when nothing is left).
    fn tidy(&self) -> LogRequest {
        let note = self
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        LogRequest {
            note: note.map(str::to_string),
            ..self.clone()
        }
    }
}

/// Works out the change that records `req` in `project` (read from disk
/// again, so the change is made from the file's current bytes).
pub fn plan(project: &Project, req: &LogRequest) -> Result<Planned, LogError> {
    let req = &req.tidy();
    let goal = find_goal(project, &req.id)?;
    match goal.kind {
        Kind::Purpose | Kind::Coaching | Kind::Reflection => Err(LogError::NotLoggable {
            id: goal.id.clone(),
            kind: goal.kind,
        }),
        Kind::Progress => plan_measurement(project, goal, req),
        Kind::Practice => plan_practice(project, goal, req),
    }
}

/// What `goalpost log` does, and `serve --allow-edits` with it: locks
/// every file the entry could go into ([`write::locked`]), plans the entry
/// against the files as they are now ([`plan`]), runs `before_write` on the
/// change (`log --commit` checks that git can commit there), then writes it
/// atomically ([`write::Locks::replace`]) before the locks are released.
/// On any error nothing is written. An entry that is already there is
/// [`Planned::AlreadyRecorded`].
pub fn record(
    project: &Project,
    req: &LogRequest,
    before_write: impl FnOnce(&Change) -> Result<(), write::WriteError>,
) -> Result<Planned, LogError> {
    let goal = find_goal(project, &req.id)?;
    // A personal goal's files are in the personal folder: the folder a
    // link may not leave.
    let root = match (&project.personal, goal.personal) {
        (Some(dir), true) => dir.as_path(),
        _ => project.root.as_path(),
    };
    write::locked(root, &places(project, goal), |locks| {
        let planned = plan(project, req)?;
        if let Planned::Change(change) = &planned {
            before_write(change)?;
            locks.replace(&change.path, &change.original, &change.new)?;
        }
        Ok(planned)
    })
}

/// The files an entry of `goal` can go into: its own, and for a practice
/// every scorecard.
fn places(project: &Project, goal: &Goal) -> Vec<PathBuf> {
    let mut files = vec![project.path_of(&goal.file)];
    if goal.kind == Kind::Practice {
        files.extend(
            project
                .files
                .iter()
                .filter_map(|f| f.scorecards.first())
                .filter(|s| same_side(goal, &s.file))
                .map(|s| project.path_of(&s.file)),
        );
    }
    files
}

/// Whether the file `rel` is on the goal's side: a personal goal's
/// entries are written only in the personal folder, a shared goal's only
/// in the shared repository (FORMAT §11).
fn same_side(goal: &Goal, rel: &str) -> bool {
    goal.personal == rel.starts_with(crate::personal::PREFIX)
}

pub(crate) fn find_goal<'p>(project: &'p Project, id: &str) -> Result<&'p Goal, LogError> {
    let goals = || {
        project
            .files
            .iter()
            .flat_map(|f| f.goals.iter().map(|g| &**g))
    };
    // Two goals with the id: `check`'s duplicate-id, whichever came first.
    let defined: Vec<&Goal> = goals()
        .filter(|g| g.id == id && !g.is_placeholder())
        .collect();
    if defined.len() > 1 {
        return Err(LogError::DuplicateId {
            id: id.to_string(),
            places: defined
                .iter()
                .map(|g| format!("{}:{}", g.file, g.at.line))
                .collect(),
        });
    }
    // A file that cannot be read keeps its place under the id it would
    // have (FORMAT §2); it takes no entry until it is fixed.
    for file in &project.files {
        if !file.goals.iter().any(|g| g.id == id) {
            continue;
        }
        if file.broken.is_some() {
            if let Some(d) = file.diagnostics.iter().find(|d| d.is_error()) {
                return Err(LogError::Unreadable(Box::new(d.clone())));
            }
        }
    }
    if let Some(g) = goals().find(|g| g.id == id) {
        return Ok(g);
    }
    let ids = goals()
        .filter(|g| g.kind != Kind::Purpose)
        .map(|g| g.id.as_str());
    let closest = suggest(id, ids.clone()).or_else(|| {
        ids.map(|c| {
            (
                c,
                strsim::jaro_winkler(&id.to_lowercase(), &c.to_lowercase()),
            )
        })
        .filter(|(_, s)| *s >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
    });
    Err(LogError::UnknownId {
        id: id.to_string(),
        closest: closest.map(String::from),
    })
}

/// A goal file read from disk, with its parse.
#[derive(Clone)]
pub(crate) struct Source {
    pub(crate) rel: String,
    pub(crate) path: PathBuf,
    pub(crate) bytes: Vec<u8>,
    text: String,
    parsed: ParsedFile,
}

pub(crate) fn read(project: &Project, rel: &str) -> Result<Source, LogError> {
    let path = project.path_of(rel);
    let bytes = std::fs::read(&path)
        .map_err(|e| LogError::Io(format!("cannot read `{}`: {e}", path.display())))?;
    Source::of(rel, path, bytes)
}

impl Source {
    /// The file a change leaves: its new bytes, with the parse the
    /// change was checked with (parsed again only when it has none).
    pub(crate) fn after(change: Change) -> Result<Source, LogError> {
        let Change {
            rel,
            path,
            new,
            parsed,
            ..
        } = change;
        match parsed.0 {
            Some(parsed) => Ok(Source {
                text: String::from_utf8(new.clone())
                    .map_err(|_| LogError::Io(format!("`{rel}` is not UTF-8 text")))?,
                rel,
                path,
                bytes: new,
                parsed: *parsed,
            }),
            None => Source::of(&rel, path, new),
        }
    }

    /// The goal file `rel` (at `path`) holding `bytes`, parsed.
    pub(crate) fn of(rel: &str, path: PathBuf, bytes: Vec<u8>) -> Result<Source, LogError> {
        let text = String::from_utf8(bytes.clone())
            .map_err(|_| LogError::Io(format!("`{rel}` is not UTF-8 text")))?;
        let parsed = parse_file(rel, &bytes);
        Ok(Source {
            rel: rel.to_string(),
            path,
            bytes,
            text,
            parsed,
        })
    }
}

fn layout(src: &Source) -> Result<text::Layout, LogError> {
    text::Layout::of(&src.text).ok_or_else(|| LogError::CannotEdit {
        file: src.rel.clone(),
        why: CannotEdit::NoFrontmatter,
    })
}

fn changed_meanwhile(rel: &str) -> LogError {
    LogError::Io(format!(
        "`{rel}` changed while it was being read; run the command again"
    ))
}

/// Sets `date: entry` in the goal file's `key:` map (`log`,
/// `measurements`): the edit, the new text and its parse, checked.
fn set_entry(
    src: &Source,
    key: &str,
    date: Date,
    entry: &str,
) -> Result<(Edit, String, ParsedFile), LogError> {
    let layout = layout(src)?;
    let edit =
        map::set(&src.text, &layout, key, date, entry).map_err(|why| LogError::CannotEdit {
            file: src.rel.clone(),
            why: CannotEdit::Map(why),
        })?;
    let new = apply(&src.text, &edit);
    let parsed = verify(src, &new)?;
    Ok((edit, new, parsed))
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut out = String::with_capacity(text.len() + edit.with.len());
    out.push_str(&text[..edit.range.start]);
    out.push_str(&edit.with);
    out.push_str(&text[edit.range.end..]);
    out
}

/// Parses the new text: refused when it has an error the old one had not.
fn verify(src: &Source, new: &str) -> Result<ParsedFile, LogError> {
    let parsed = parse_file(&src.rel, new.as_bytes());
    let key = |d: &Diagnostic| (d.code, d.message.clone());
    let mut before: Vec<_> = src
        .parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(key)
        .collect();
    let mut added = Vec::new();
    for d in parsed.diagnostics.iter().filter(|d| d.is_error()) {
        match before.iter().position(|k| *k == key(d)) {
            Some(i) => {
                before.swap_remove(i);
            }
            None => added.push(d.clone()),
        }
    }
    if added.is_empty() {
        Ok(parsed)
    } else {
        Err(LogError::WouldBreak(added))
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    src: Source,
    goal: &Goal,
    req: &LogRequest,
    value: String,
    replaced: Option<Replaced>,
    edit: Edit,
    (new, parsed): (String, ParsedFile),
    placed: bool,
) -> Result<Planned, LogError> {
    if !placed {
        return Err(LogError::CannotEdit {
            file: src.rel,
            why: CannotEdit::NotPlaced,
        });
    }
    let date = req.date.to_string();
    let offset = edit.range.start + edit.with.find(&date).unwrap_or(0);
    let line = text::line_number(&new, offset);
    Ok(Planned::Change(Change {
        id: goal.id.clone(),
        date: req.date,
        value,
        path: src.path,
        rel: src.rel,
        line,
        replaced,
        original: src.bytes,
        new: new.into_bytes(),
        parsed: NewParse(Some(Box::new(parsed))),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            rel: "goals/x.md".into(),
            path: PathBuf::from("goals/x.md"),
            bytes: text.as_bytes().to_vec(),
            text: text.to_string(),
            parsed: parse_file("goals/x.md", text.as_bytes()),
        }
    }

    #[test]
    fn verify_refuses_only_new_errors() {
        let good = "---\nkind: practice\ntitle: X\nlog:\n  2026-11-16: 3\n---\n";
        let src = source(good);
        let broken = good.replace("3\n---", "3\n  2026-11-17: lots\n---");
        let Err(LogError::WouldBreak(added)) = verify(&src, &broken) else {
            panic!("not refused")
        };
        assert_eq!(added.len(), 1);
        assert!(added[0].message.contains("`lots` is not a log value"));
        // An error the file already had is not the edit's doing.
        let src = source(&broken);
        let more = broken.replace("lots\n", "lots\n  2026-11-18: 1\n");
        assert!(verify(&src, &more).is_ok());
    }
}
