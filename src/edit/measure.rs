//! Planning a progress goal's measurement (`measurements:` in its file):
//! one at a time ([`measure_in`], `goalpost log`), or several of one file
//! as one edit ([`measure_all_in`], `goalpost import`).

use super::{apply, map, text, verify, LogError, LogRequest, Planned, Replaced, Source};
use super::{changed_meanwhile, finish, read, set_entry, shown, without_unit, yaml_entry};
use crate::model::fields::Reader;
use crate::model::locate::KeyIndex;
use crate::model::{Goal, ProgressSpec};
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
/// goal file's bytes as they are now.
pub(crate) fn measure_in(src: Source, goal: &Goal, req: &LogRequest) -> Result<Planned, LogError> {
    let req = &req.tidy();
    let number = value_of(goal, req)?;
    let written = format_number(number);
    let replaced = match against(recorded(&src, goal)?, goal, req, number)? {
        Found::Same(planned) => return Ok(planned),
        Found::New { replaced } => replaced,
    };
    let entry = yaml_entry(&written, req.note.as_deref());
    let (edit, new, parsed) = set_entry(&src, "measurements", req.date, &entry)?;
    let placed = reads_back(&parsed, goal, req, number);
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

/// What one measurement of [`measure_all_in`] does.
#[derive(Debug)]
pub(crate) enum Step {
    /// The same value is recorded for the date already.
    Already,
    /// Written: the value as written, and the entry it replaces
    /// (`--force`).
    Written {
        value: String,
        replaced: Option<Replaced>,
    },
    /// Not written, and why (what [`measure_in`] says).
    Refused(LogError),
}

/// Plans the measurements `batch` (progress goals of the one file `src`,
/// each with its request), in order, as one edit of the text that is
/// parsed once at the end, instead of once per entry: what each entry
/// does, and the file it leaves (`None`: unchanged).
///
/// `None` when the entries must be planned one by one with [`measure_in`]
/// for its messages: a date given twice, a map that cannot be edited, an
/// error the file would gain, or an entry that does not read back. Every
/// entry's decision is the one [`measure_in`] makes from the file as the
/// entries before it leave it.
pub(crate) fn measure_all_in(
    src: &Source,
    batch: &[(&Goal, LogRequest)],
) -> Option<(Vec<Step>, Option<Source>)> {
    let mut dates = std::collections::HashSet::with_capacity(batch.len());
    if !batch.iter().all(|(g, r)| dates.insert((&g.id, r.date))) {
        return None;
    }
    let mut steps = Vec::with_capacity(batch.len());
    let mut placed = Vec::new();
    let mut text: Option<String> = None;
    for (goal, req) in batch {
        let req = req.tidy();
        let found = value_of(goal, &req)
            .and_then(|number| Ok((number, against(recorded(src, goal)?, goal, &req, number)?)));
        let step = match found {
            Err(why) => Step::Refused(why),
            Ok((_, Found::Same(_))) => Step::Already,
            Ok((number, Found::New { replaced })) => {
                let value = format_number(number);
                let now = text.as_deref().unwrap_or(&src.text);
                let layout = text::Layout::of(now)?;
                let entry = yaml_entry(&value, req.note.as_deref());
                let edit = map::set(now, &layout, "measurements", req.date, &entry).ok()?;
                text = Some(apply(now, &edit));
                placed.push((*goal, req, number));
                Step::Written { value, replaced }
            }
        };
        steps.push(step);
    }
    let Some(text) = text else {
        return Some((steps, None));
    };
    let parsed = verify(src, &text).ok()?;
    if !placed
        .iter()
        .all(|(goal, req, number)| reads_back(&parsed, goal, req, *number))
    {
        return None;
    }
    let after = Source {
        rel: src.rel.clone(),
        path: src.path.clone(),
        bytes: text.clone().into_bytes(),
        text,
        parsed,
    };
    Some((steps, Some(after)))
}

/// The number `req` gives for `goal`, read as a goal file's
/// `measurements:` value is (a unit after it allowed), or why it is none.
fn value_of(goal: &Goal, req: &LogRequest) -> Result<f64, LogError> {
    let Some(typed) = req.value.as_deref() else {
        return Err(LogError::MissingValue(goal.id.clone()));
    };
    let unit = goal.progress().and_then(|p| p.unit.as_deref());
    let typed = without_unit(typed, unit);
    let date = req.date.to_string();
    // The parser's own reading of a number, with its own messages.
    let value = yaml::parse(typed).unwrap_or_else(|_| Value::String(typed.to_string()));
    let mut reader = Reader::new(&goal.file, KeyIndex::new("", 2));
    if let Some(number) = reader.number(&["measurements", &date], &value) {
        return Ok(number);
    }
    let d = reader.diagnostics.into_iter().next();
    Err(LogError::InvalidValue {
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
    })
}

/// The goal's measurements as the file `src` holds them now.
fn recorded<'s>(src: &'s Source, goal: &Goal) -> Result<&'s ProgressSpec, LogError> {
    src.parsed
        .goals
        .iter()
        .find(|g| g.id == goal.id)
        .and_then(|g| g.progress())
        .ok_or_else(|| changed_meanwhile(&src.rel))
}

/// What a file already records for the date of a measurement.
enum Found {
    /// The same value (and note): nothing to write.
    Same(Planned),
    /// Something to write, replacing what is there (with `--force`).
    New { replaced: Option<Replaced> },
}

/// Compares the measurement `number` that `req` records with what `now`
/// holds for its date: a different value is refused unless forced.
fn against(
    now: &ProgressSpec,
    goal: &Goal,
    req: &LogRequest,
    number: f64,
) -> Result<Found, LogError> {
    let Some(m) = now.measurements.iter().find(|m| m.date == req.date) else {
        return Ok(Found::New { replaced: None });
    };
    let same_note = req.note.is_none() || req.note == m.note;
    let old = Replaced {
        value: format_number(m.value),
        note: m.note.clone(),
        at: format!("{}:{}", m.at.file, m.at.line),
    };
    if m.value == number && same_note {
        return Ok(Found::Same(Planned::AlreadyRecorded {
            id: goal.id.clone(),
            value: shown(&old.value, old.note.as_deref()),
            at: old.at,
        }));
    }
    if !req.force {
        return Err(LogError::Conflict {
            id: goal.id.clone(),
            date: req.date,
            old: old.to_string(),
            new: shown(&format_number(number), req.note.as_deref()),
        });
    }
    Ok(Found::New {
        replaced: Some(old),
    })
}

/// Whether `parsed` (a file after an edit) reads the measurement back.
fn reads_back(
    parsed: &crate::model::ParsedFile,
    goal: &Goal,
    req: &LogRequest,
    number: f64,
) -> bool {
    parsed
        .goals
        .iter()
        .find(|g| g.id == goal.id)
        .and_then(|g| g.progress())
        .and_then(|p| p.measurements.iter().find(|m| m.date == req.date))
        .is_some_and(|m| m.value == number && (req.note.is_none() || m.note == req.note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse::parse_file;
    use crate::Date;

    fn source(text: &str) -> Source {
        Source::of("goals/g.md", "goals/g.md".into(), text.as_bytes().to_vec()).expect("UTF-8")
    }

    fn req(date: &str, value: &str, force: bool) -> LogRequest {
        LogRequest {
            id: "g".into(),
            value: Some(value.into()),
            date: date.parse::<Date>().expect("date"),
            note: None,
            force,
        }
    }

    /// `measure_all_in` against `measure_in` entry by entry: the same
    /// steps, in the same words, and the same bytes at the end.
    fn same_as_one_by_one(text: &str, reqs: &[LogRequest]) -> Vec<String> {
        let src = source(text);
        let goal = parse_file("goals/g.md", text.as_bytes()).goals.remove(0);
        let batch: Vec<(&Goal, LogRequest)> = reqs.iter().map(|r| (&*goal, r.clone())).collect();
        let (steps, after) = measure_all_in(&src, &batch).expect("planned as one edit");
        let mut now = source(text);
        let mut said = Vec::new();
        for (r, step) in reqs.iter().zip(&steps) {
            let one = measure_in(now.clone(), &goal, r);
            let words = match (&one, step) {
                (Ok(Planned::AlreadyRecorded { .. }), Step::Already) => "already".to_string(),
                (Ok(Planned::Change(c)), Step::Written { value, replaced }) => {
                    assert_eq!((&c.value, &c.replaced), (value, replaced));
                    format!("wrote {value}")
                }
                (Err(a), Step::Refused(b)) => {
                    assert_eq!(a.to_string(), b.to_string());
                    a.to_string()
                }
                (one, step) => panic!("{one:?} one by one, {step:?} as one edit"),
            };
            if let Ok(Planned::Change(c)) = one {
                now = Source::after(c).expect("UTF-8");
            }
            said.push(words);
        }
        let end = after.map_or(src.bytes, |a| a.bytes);
        assert_eq!(String::from_utf8(end).unwrap(), now.text);
        said
    }

    const BLOCK: &str = "---\nid: g\nkind: progress\ntitle: Reading\nserves: p\nunit: \"%\"\nbaseline: {date: 2026-09-01, value: 60}\ntarget: {date: 2027-05-01, value: 80}\nmeasurements:\n  2026-10-01: 64\n  2026-11-01: 66   # mid-year\n---\nBody\n";

    #[test]
    fn one_edit_decides_and_writes_what_entry_by_entry_does() {
        let said = same_as_one_by_one(
            BLOCK,
            &[
                req("2026-12-01", "68%", false),
                req("2026-11-01", "66", false),
                req("2026-10-01", "65", false),
                req("2026-09-15", "62.5", false),
                req("2026-12-15", "lots", false),
            ],
        );
        assert_eq!(said[0], "wrote 68");
        assert_eq!(said[1], "already");
        assert!(said[2].contains("already has 64"), "{}", said[2]);
        assert_eq!(said[3], "wrote 62.5");
        assert!(said[4].contains("lots"), "{}", said[4]);
        // Forced, a different value replaces the one there.
        same_as_one_by_one(
            BLOCK,
            &[req("2026-10-01", "65", true), req("2027-01-10", "70", true)],
        );
    }

    #[test]
    fn one_edit_in_every_shape_of_the_map() {
        let flow = BLOCK.replace(
            "measurements:\n  2026-10-01: 64\n  2026-11-01: 66   # mid-year\n",
            "measurements: {2026-10-01: 64, 2026-11-01: 66}\n",
        );
        let absent = BLOCK.replace(
            "measurements:\n  2026-10-01: 64\n  2026-11-01: 66   # mid-year\n",
            "",
        );
        let crlf = BLOCK.replace('\n', "\r\n");
        for text in [BLOCK.to_string(), flow, absent, crlf] {
            same_as_one_by_one(
                &text,
                &[
                    req("2027-01-10", "70", false),
                    req("2026-09-20", "61", false),
                    req("2026-12-01", "68", false),
                ],
            );
        }
    }

    #[test]
    fn entries_one_edit_cannot_say_are_planned_one_by_one() {
        let src = source(BLOCK);
        let goal = parse_file("goals/g.md", BLOCK.as_bytes()).goals.remove(0);
        // A date twice: the second is decided by the first.
        let twice = [
            (&*goal, req("2026-12-01", "68", false)),
            (&*goal, req("2026-12-01", "68", false)),
        ];
        assert!(measure_all_in(&src, &twice).is_none());
        // A map that cannot be edited: `log`'s message, for its entry.
        let comment = BLOCK.replace(
            "measurements:\n  2026-10-01: 64\n  2026-11-01: 66   # mid-year\n",
            "measurements: {2026-10-01: 64, # first\n  2026-11-01: 66}\n",
        );
        let goal = parse_file("goals/g.md", comment.as_bytes()).goals.remove(0);
        let one = [(&*goal, req("2026-12-01", "68", false))];
        assert!(measure_all_in(&source(&comment), &one).is_none());
        // Nothing to write: the file as it was.
        let goal = parse_file("goals/g.md", BLOCK.as_bytes()).goals.remove(0);
        let (steps, after) =
            measure_all_in(&src, &[(&*goal, req("2026-10-01", "64", false))]).expect("one edit");
        assert!(matches!(steps[..], [Step::Already]) && after.is_none());
    }
}
