//! Planning a practice's entry: in its file's `log:`, or in the scorecard
//! cell `check` reads for that day, never both (FORMAT §5, §10).

use super::{
    apply, changed_meanwhile, finish, read, same_side, set_entry, shown, shown_entry, table, text,
    verify, without_unit, yaml_entry,
};
use super::{LogError, LogRequest, Planned, Replaced, Source};
use crate::model::locate::KeyIndex;
use crate::model::value::{not_a_value, parse_cell, Cell};
use crate::model::{Date, EntryValue, Goal, Kind};
use crate::project::Project;
use crate::yaml::format_number;

pub(super) fn plan_practice(
    project: &Project,
    goal: &Goal,
    req: &LogRequest,
) -> Result<Planned, LogError> {
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
                old: replaced_by(old).to_string(),
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
        replaced = Some(replaced_by(old));
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
        return finish(
            card,
            goal,
            req,
            written,
            replaced,
            edit,
            (new, parsed),
            placed,
        );
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
    finish(
        src,
        goal,
        req,
        written,
        replaced,
        edit,
        (new, parsed),
        placed,
    )
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

/// `old`, as the entry a change replaces.
fn replaced_by(old: &Existing) -> Replaced {
    Replaced {
        value: old.shown.clone(),
        note: old.note.clone(),
        at: old.at.clone(),
    }
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
