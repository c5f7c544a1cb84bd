//! Planning a progress goal's measurement (`measurements:` in its file).

use super::{changed_meanwhile, finish, read, set_entry, shown, without_unit, yaml_entry};
use super::{LogError, LogRequest, Planned, Source};
use crate::model::fields::Reader;
use crate::model::locate::KeyIndex;
use crate::model::Goal;
use crate::project::Project;
use crate::yaml::{self, format_number, Value};

pub(super) fn plan_measurement(
    project: &Project,
    goal: &Goal,
    req: &LogRequest,
) -> Result<Planned, LogError> {
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
