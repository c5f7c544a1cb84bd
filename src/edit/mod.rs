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

pub mod feedback;
pub mod map;
pub mod table;
pub mod text;
pub mod write;

use crate::diagnostics::{suggest, Diagnostic};
use crate::model::fields::Reader;
use crate::model::locate::KeyIndex;
use crate::model::parse::parse_file;
use crate::model::value::{not_a_value, parse_cell, Cell};
use crate::model::{Date, EntryValue, Goal, Kind, ParsedFile};
use crate::project::Project;
use crate::yaml::{self, format_number, Value};
use std::ops::Range;
use std::path::PathBuf;

/// Replace `range` of a file's text with `with`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub range: Range<usize>,
    pub with: String,
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
    /// The entry it replaces, shown as `VALUE (file:line)`.
    pub replaced: Option<String>,
    pub original: Vec<u8>,
    pub new: Vec<u8>,
}

impl Change {
    /// The commit message FORMAT §10 gives.
    pub fn commit_message(&self) -> String {
        format!("log: {} {} on {}", self.id, self.value, self.date)
    }
}

/// Why nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub enum LogError {
    UnknownId {
        id: String,
        closest: Option<String>,
    },
    /// The goal's file cannot be read (its first error).
    Unreadable(Box<Diagnostic>),
    NotLoggable {
        id: String,
        kind: Kind,
    },
    MissingValue(String),
    InvalidValue {
        message: String,
        hint: String,
    },
    Conflict {
        id: String,
        date: Date,
        old: String,
        new: String,
    },
    /// Recorded in more than one place already: changing one would leave
    /// the others disagreeing.
    Ambiguous(String),
    /// The file's text cannot be edited safely at this point.
    CannotEdit {
        file: String,
        why: String,
    },
    /// The edit would add these errors to the file.
    WouldBreak(Vec<Diagnostic>),
    /// More than one file defines the id (`check`'s `duplicate-id`):
    /// each place as `file:line`.
    DuplicateId {
        id: String,
        places: Vec<String>,
    },
    /// The file could not be written (changed meanwhile, a link to outside
    /// the repository, read-only, …).
    Write(write::WriteError),
    Io(String),
}

impl From<write::WriteError> for LogError {
    fn from(e: write::WriteError) -> LogError {
        LogError::Write(e)
    }
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogError::UnknownId { id, closest } => {
                write!(f, "no goal has the id `{id}`")?;
                match closest {
                    Some(c) => write!(f, "; did you mean `{c}`?"),
                    None => Ok(()),
                }
            }
            LogError::Unreadable(d) => write!(
                f,
                "{}:{}:{}: this goal's file cannot be read ({}); fix it first",
                d.file, d.line, d.column, d.message
            ),
            LogError::NotLoggable { id, kind } => write!(
                f,
                "`{id}` is a {} goal; `log` records practices and the measurements of progress goals",
                kind.as_str()
            ),
            LogError::MissingValue(id) => write!(
                f,
                "`{id}` is a progress goal: give the measured number, e.g. `goalpost log {id} 72`"
            ),
            LogError::InvalidValue { message, hint } => write!(f, "{message}\n  = hint: {hint}"),
            LogError::Conflict { id, date, old, new } => write!(
                f,
                "`{id}` already has {old} on {date}; this would record {new} instead. Nothing was written: add --force to replace it"
            ),
            LogError::Ambiguous(m) => f.write_str(m),
            LogError::CannotEdit { file, why } => {
                write!(f, "{file}: {why}; nothing was written (add the entry by hand)")
            }
            LogError::WouldBreak(diags) => {
                write!(
                    f,
                    "the entry would make the file invalid, so nothing was written:"
                )?;
                for d in diags {
                    write!(f, "\n  {}:{}: {}", d.file, d.line, d.message)?;
                }
                Ok(())
            }
            LogError::DuplicateId { id, places } => write!(
                f,
                "`{id}` is the id of {} goals ({}; `check` reports it as duplicate-id), so it is not clear which one to record; nothing was written: rename one of the files or give it a different `id:`, then run the command again",
                places.len(),
                places.join(" and ")
            ),
            LogError::Write(e) => write!(f, "{e}"),
            LogError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for LogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LogError::Write(e) => Some(e),
            _ => None,
        }
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

/// A value as typed, without the goal's unit after it (FORMAT §10 v3:
/// `38%`, `38 %`, `3 visits`, `1 visit` for `unit: visits`), trimmed.
fn without_unit<'t>(typed: &'t str, unit: Option<&str>) -> &'t str {
    let typed = typed.trim();
    let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty()) else {
        return typed;
    };
    let singular = unit.strip_suffix('s').filter(|s| !s.is_empty());
    for u in std::iter::once(unit).chain(singular) {
        let n = u.len();
        if typed.len() > n && typed.is_char_boundary(typed.len() - n) {
            let (number, tail) = typed.split_at(typed.len() - n);
            if tail.eq_ignore_ascii_case(u) && !number.trim_end().is_empty() {
                return number.trim_end();
            }
        }
    }
    typed
}

pub(crate) fn find_goal<'p>(project: &'p Project, id: &str) -> Result<&'p Goal, LogError> {
    let goals = || project.files.iter().flat_map(|f| f.goals.iter());
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
        why: "cannot find the frontmatter".into(),
    })
}

/// How an entry reads in messages: `3`, `✓`, `skip`, `71 (note: …)`.
fn shown(value: &str, note: Option<&str>) -> String {
    match note {
        Some(n) => format!("{value} (note: {n})"),
        None => value.to_string(),
    }
}

fn shown_entry(v: EntryValue) -> String {
    match v {
        EntryValue::Number(n) => format_number(n),
        EntryValue::Done(true) => "✓".into(),
        EntryValue::Done(false) => "✗".into(),
        EntryValue::Skip => "skip".into(),
    }
}

/// The YAML text of an entry: the value, or `{value: V, note: "…"}`.
fn yaml_entry(value: &str, note: Option<&str>) -> String {
    match note {
        None => value.to_string(),
        Some(n) => format!("{{value: {value}, note: {}}}", quote(n)),
    }
}

/// A double-quoted YAML string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn plan_measurement(project: &Project, goal: &Goal, req: &LogRequest) -> Result<Planned, LogError> {
    let src = read(project, &goal.file)?;
    measure_in(src, goal, req)
}

/// Plans the measurement `req` of the progress goal `goal` in `src`, the
/// goal file's bytes as they are now (`goalpost import` plans several
/// entries of one file, each from the previous one's result).
pub(crate) fn measure_in(src: Source, goal: &Goal, req: &LogRequest) -> Result<Planned, LogError> {
    let req = &req.tidy();
    let Some(typed) = req.value.as_deref() else {
        return Err(LogError::MissingValue(goal.id.clone()));
    };
    let unit = goal.progress().and_then(|p| p.unit.as_deref());
    let typed = without_unit(typed, unit);
    let date = req.date.to_string();
    // The parser's own reading of a number, with its own messages.
    let value = yaml::parse(typed).unwrap_or_else(|_| Value::String(typed.to_string()));
    let mut reader = Reader::new(&goal.file, KeyIndex::new("", 2));
    let Some(number) = reader.number(&["measurements", &date], &value) else {
        let d = reader.diagnostics.into_iter().next();
        return Err(LogError::InvalidValue {
            message: d.as_ref().map_or_else(
                || format!("`{typed}` is not a number"),
                |d| d.message.clone(),
            ),
            hint: {
                let hint = d
                    .and_then(|d| d.hint)
                    .filter(|h| !h.is_empty())
                    .unwrap_or_else(|| "write a plain number such as `72` or `16.5`".into());
                match unit {
                    Some(u) if !u.trim().is_empty() => {
                        let space = if u.chars().all(char::is_alphabetic) {
                            " "
                        } else {
                            ""
                        };
                        format!("{hint}; this goal's unit may follow it: `72{space}{u}`")
                    }
                    _ => hint,
                }
            },
        });
    };
    let written = format_number(number);
    let now = src
        .parsed
        .goals
        .iter()
        .find(|g| g.id == goal.id)
        .and_then(|g| g.progress())
        .ok_or_else(|| changed_meanwhile(&src.rel))?;
    let mut replaced = None;
    if let Some(m) = now.measurements.iter().find(|m| m.date == req.date) {
        let same_note = req.note.is_none() || req.note == m.note;
        let old = shown(&format_number(m.value), m.note.as_deref());
        let at = format!("{}:{}", m.at.file, m.at.line);
        if m.value == number && same_note {
            return Ok(Planned::AlreadyRecorded {
                id: goal.id.clone(),
                value: old,
                at,
            });
        }
        if !req.force {
            return Err(LogError::Conflict {
                id: goal.id.clone(),
                date: req.date,
                old: format!("{old} ({at})"),
                new: shown(&written, req.note.as_deref()),
            });
        }
        replaced = Some(format!("{old} ({at})"));
    }
    let entry = yaml_entry(&written, req.note.as_deref());
    let (edit, new, parsed) = set_entry(&src, "measurements", req.date, &entry)?;
    let placed = parsed
        .goals
        .iter()
        .find(|g| g.id == goal.id)
        .and_then(|g| g.progress())
        .and_then(|p| p.measurements.iter().find(|m| m.date == req.date))
        .is_some_and(|m| m.value == number && (req.note.is_none() || m.note == req.note));
    finish(src, goal, req, written, replaced, edit, new, placed)
}

fn plan_practice(project: &Project, goal: &Goal, req: &LogRequest) -> Result<Planned, LogError> {
    let Some(practice) = goal.practice() else {
        return Err(LogError::NotLoggable {
            id: goal.id.clone(),
            kind: goal.kind,
        });
    };
    let typed = match req.value.as_deref() {
        Some(v) => without_unit(v, practice.unit.as_deref()).to_string(),
        None if practice.target == 1.0 => "✓".to_string(),
        None => format_number(practice.target),
    };
    let value = match parse_cell(&typed) {
        Some(Cell::Value(v)) => v,
        Some(Cell::NotRecorded) => {
            return Err(LogError::InvalidValue {
                message: format!("`{typed}` means \"not recorded\", so there is nothing to log"),
                hint: "to take an entry back, delete its line in the file".into(),
            })
        }
        None => {
            let (message, hint) = not_a_value(&typed, "log");
            return Err(LogError::InvalidValue { message, hint });
        }
    };
    let written = match value {
        EntryValue::Number(n) => format_number(n),
        _ => typed.clone(),
    };

    let src = read(project, &goal.file)?;
    let now = src
        .parsed
        .goals
        .iter()
        .find(|g| g.id == goal.id)
        .and_then(|g| g.practice())
        .ok_or_else(|| changed_meanwhile(&src.rel))?;
    let names = column_names(project, goal);

    // Every cell of this practice and date in a scorecard, where `check`
    // reads them (every table, every file).
    let mut cards: Vec<(Source, Vec<table::Spot>)> = Vec::new();
    for file in project.files.iter().filter(|f| !f.scorecards.is_empty()) {
        if !same_side(goal, &file.scorecards[0].file) {
            continue;
        }
        let card = read(project, &file.scorecards[0].file)?;
        let Some(layout) = text::Layout::of(&card.text) else {
            continue;
        };
        let spots = table::spots(&card.text, layout.close.next, &names, req.date);
        if !spots.is_empty() {
            cards.push((card, spots));
        }
    }
    let filled = |s: &table::Spot| {
        !s.current.is_empty() && parse_cell(&s.current) != Some(Cell::NotRecorded)
    };

    // Every place this date is already recorded: the log, scorecard cells.
    let in_log = now.log.iter().find(|e| e.date == req.date);
    let mut existing: Vec<Existing> = Vec::new();
    if let Some(e) = in_log {
        existing.push(Existing {
            shown: shown_entry(e.value),
            value: Some(e.value),
            note: e.note.as_deref().map(str::to_string),
            at: format!("{}:{}", e.at.file, e.at.line),
            cell: None,
        });
    }
    for (c, (card, spots)) in cards.iter().enumerate() {
        for (s, spot) in spots.iter().enumerate().filter(|(_, s)| filled(s)) {
            let value = match parse_cell(&spot.current) {
                Some(Cell::Value(v)) => Some(v),
                _ => None,
            };
            let line = text::line_number(&card.text, spot.cell.start);
            existing.push(Existing {
                shown: spot.current.clone(),
                value,
                note: None,
                at: format!("{}:{line}", card.rel),
                cell: Some((c, s)),
            });
        }
    }
    let mut replaced = None;
    // Where the entry goes: a cell (card, spot), else the log.
    let mut cell: Option<(usize, usize)> = None;
    if let Some(old) = existing.first() {
        let same_note = req.note.is_none() || req.note == old.note;
        if old.value == Some(value) && same_note {
            return Ok(Planned::AlreadyRecorded {
                id: goal.id.clone(),
                value: shown(&old.shown, old.note.as_deref()),
                at: old.at.clone(),
            });
        }
        if !req.force {
            return Err(LogError::Conflict {
                id: goal.id.clone(),
                date: req.date,
                old: format!("{} ({})", shown(&old.shown, old.note.as_deref()), old.at),
                new: shown(&written, req.note.as_deref()),
            });
        }
        if existing.len() > 1 {
            let places: Vec<&str> = existing.iter().map(|e| e.at.as_str()).collect();
            return Err(LogError::Ambiguous(format!(
                "`{}` is recorded on {} in {} places ({}); change them by hand so they agree",
                goal.id,
                req.date,
                existing.len(),
                places.join(", ")
            )));
        }
        if old.cell.is_some() && req.note.is_some() {
            return Err(LogError::Ambiguous(format!(
                "`{}` on {} is recorded in a scorecard cell ({}), which cannot hold a note; change it there, or leave out --note",
                goal.id, req.date, old.at
            )));
        }
        replaced = Some(format!(
            "{} ({})",
            shown(&old.shown, old.note.as_deref()),
            old.at
        ));
        // Replaced where it is.
        cell = old.cell;
    } else if req.note.is_none() && !raw_log_has(&src, req.date) {
        // A cell when there is one (and no note, which a cell cannot
        // hold) and the log does not already have the date; else the log.
        cell = cards
            .iter()
            .enumerate()
            .flat_map(|(c, (_, spots))| (0..spots.len()).map(move |s| (c, s)))
            .next();
    }
    if let Some((c, s)) = cell {
        let (card, spots) = cards.swap_remove(c);
        let spot = &spots[s];
        // A yes or no written the way the table already writes them (✓, ✗),
        // so the new cell looks like its neighbours.
        let written = match value {
            EntryValue::Done(true) if card.text.contains('✓') => "✓".to_string(),
            EntryValue::Done(false) if card.text.contains('✗') => "✗".to_string(),
            _ => written.clone(),
        };
        let edit = table::fill(&card.text, spot, &written);
        let new = apply(&card.text, &edit);
        let parsed = verify(&card, &new)?;
        let placed = parsed
            .scorecards
            .iter()
            .flat_map(|s| s.cells.iter())
            .any(|c| {
                names(c.practice.id.trim()) && c.entry.date == req.date && c.entry.value == value
            });
        return finish(card, goal, req, written, replaced, edit, new, placed);
    }
    let entry = yaml_entry(&written, req.note.as_deref());
    let (edit, new, parsed) = set_entry(&src, "log", req.date, &entry)?;
    let placed = parsed
        .goals
        .iter()
        .find(|g| g.id == goal.id)
        .and_then(|g| g.practice())
        .and_then(|p| p.log.iter().find(|e| e.date == req.date))
        .is_some_and(|e| {
            e.value == value && (req.note.is_none() || e.note.as_deref() == req.note.as_deref())
        });
    finish(src, goal, req, written, replaced, edit, new, placed)
}

/// An entry already recorded for the date.
struct Existing {
    /// As written (a cell's text), or as the log's value reads.
    shown: String,
    /// `None`: a cell `check` does not read as a value.
    value: Option<EntryValue>,
    note: Option<String>,
    /// `file:line`.
    at: String,
    /// In a scorecard cell: which one (of `cards`).
    cell: Option<(usize, usize)>,
}

/// Whether a scorecard column's header names `goal`, as `check` resolves
/// columns: a goal's id, else the exact title of a practice (the first by
/// id when several share it).
fn column_names<'p>(project: &'p Project, goal: &'p Goal) -> impl Fn(&str) -> bool + 'p {
    let goals = || project.files.iter().flat_map(|f| f.goals.iter());
    let title = goal.title.trim();
    let title_is_ours = goals()
        .filter(|g| g.kind == Kind::Practice && g.title.trim() == title)
        .map(|g| g.id.as_str())
        .min()
        == Some(goal.id.as_str());
    move |header: &str| {
        header == goal.id || (title_is_ours && header == title && !goals().any(|g| g.id == header))
    }
}

/// Whether the file's `log:` has a line for `date` (a blank or `'-'`
/// entry, which the parse leaves out): it is replaced, not duplicated.
fn raw_log_has(src: &Source, date: Date) -> bool {
    let Some(layout) = text::Layout::of(&src.text) else {
        return false;
    };
    let from = layout.yaml.first().map_or(layout.close.start, |l| l.start);
    let keys = KeyIndex::new(&src.text[from..layout.close.start], 1);
    let date = date.to_string();
    keys.children("log").iter().any(|(k, _)| *k == date)
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
            why,
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
    replaced: Option<String>,
    edit: Edit,
    new: String,
    placed: bool,
) -> Result<Planned, LogError> {
    if !placed {
        return Err(LogError::CannotEdit {
            file: src.rel,
            why: "the entry could not be placed where it would be read back".into(),
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
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_may_carry_the_goals_unit() {
        assert_eq!(without_unit("38%", Some("%")), "38");
        assert_eq!(without_unit(" 38 % ", Some("%")), "38");
        assert_eq!(without_unit("3 visits", Some("visits")), "3");
        assert_eq!(without_unit("1 Visit", Some("visits")), "1");
        assert_eq!(without_unit("3visits", Some("visits")), "3");
        // Anything else is left for the value's own checks.
        assert_eq!(without_unit("3 calls", Some("visits")), "3 calls");
        assert_eq!(without_unit("%", Some("%")), "%");
        assert_eq!(without_unit("yes", Some("visits")), "yes");
        assert_eq!(without_unit("38%", None), "38%");
        assert_eq!(without_unit("12 students", Some("students")), "12");
    }

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

    #[test]
    fn notes_are_quoted_yaml() {
        assert_eq!(
            yaml_entry("2", Some("a \"b\": c\\")),
            "{value: 2, note: \"a \\\"b\\\": c\\\\\"}"
        );
        assert_eq!(yaml_entry("✓", None), "✓");
    }
}
