//! One file's bytes → typed goals or a scorecard, with diagnostics.
//!
//! A goal with a bad field is still loaded (with that field left at its
//! default), so one typo never makes a goal vanish from the report; the
//! error is reported and `check`/`build` exit non-zero.

use super::fields::{parse_date, Reader};
use super::locate::{item as item_segment, KeyIndex};
use super::value::{parse_cell, Cell, ACCEPTED};
use super::*;
use crate::diagnostics::{Diagnostic, Location, Pos};
use crate::source::frontmatter::{file_pos, split, Split};
use crate::yaml::{self, Value};

/// Fields every goal may have (FORMAT §3).
pub(crate) const COMMON_FIELDS: &[&str] = &[
    "kind",
    "id",
    "title",
    "owner",
    "status",
    "visibility",
    "tags",
    "start",
    "due",
    "cycle",
    "allow",
    "aliases",
    "extra",
];
pub(crate) const PURPOSE_FIELDS: &[&str] = &["aligns_to"];
pub(crate) const PROGRESS_FIELDS: &[&str] = &[
    "purpose",
    "metric",
    "unit",
    "baseline",
    "target",
    "measurements",
    "windows",
    "current",
    "aligns_to",
];
pub(crate) const PRACTICE_FIELDS: &[&str] =
    &["serves", "cadence", "target", "unit", "log", "evidence"];

const KINDS: &[&str] = &[
    "purpose",
    "progress",
    "practice",
    "scorecard",
    "coaching-cycle",
    "reflection",
];

/// Parses one goal file. `rel` is its path relative to the repository.
/// Never panics on anything a user wrote.
pub fn parse_file(rel: &str, bytes: &[u8]) -> ParsedFile {
    let mut out = parse_text(rel, bytes);
    let hash = crate::source::content_hash(bytes);
    for goal in &mut out.goals {
        goal.source = hash;
    }
    out.hash = hash;
    // A file that cannot be read keeps its place (FORMAT §2).
    if let Some(broken) = super::broken::first_error(&out) {
        out.goals
            .extend(super::broken::placeholder(rel, bytes, &broken));
        for goal in &mut out.goals {
            goal.source = hash;
        }
        out.broken = Some(broken);
    }
    // A private file's problems are private too: they name its content.
    let private = out.goals.iter().any(Goal::is_private)
        || out
            .scorecards
            .iter()
            .any(|s| s.visibility == Visibility::Private)
        || (out.broken.is_some() && says_private(bytes));
    if private {
        for d in &mut out.diagnostics {
            d.private = true;
        }
    }
    out
}

/// The line of the first git merge-conflict marker (`<<<<<<< ours`), when
/// the file has the opening and the closing one.
fn conflict_marker(text: &str) -> Option<u32> {
    let is = |line: &str, mark: &str| {
        line.strip_prefix(mark)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    };
    let mut first = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if first.is_none() && is(line, "<<<<<<<") {
            first = Some(i as u32 + 1);
        } else if first.is_some() && is(line, ">>>>>>>") {
            return first;
        }
    }
    None
}

/// Whether a file that cannot be read as a goal (broken YAML, a missing
/// `kind`) is private: FORMAT §3's rule for such files, read from its text
/// and its lines (see [`super::privacy`]).
pub(crate) fn says_private(bytes: &[u8]) -> bool {
    super::broken::says_private(&String::from_utf8_lossy(bytes))
}

fn parse_text(rel: &str, bytes: &[u8]) -> ParsedFile {
    let mut out = ParsedFile::default();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            // Columns count characters; everything before the bad byte is UTF-8.
            let last_line = valid.rsplit(|&b| b == b'\n').next().unwrap_or_default();
            let col = String::from_utf8_lossy(last_line).chars().count() as u32 + 1;
            out.diagnostics.push(
                Diagnostic::error(
                    "invalid-utf8",
                    &Location::new(rel, Pos::new(line, col)),
                    "this file is not valid UTF-8 text",
                )
                .with_hint(
                    "save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)",
                ),
            );
            return out;
        }
    };
    if let Some(line) = conflict_marker(text) {
        out.diagnostics.push(
            Diagnostic::error(
                "merge-conflict",
                &Location::new(rel, Pos::new(line, 1)),
                "this file still has git's merge-conflict markers, so it cannot be read",
            )
            .with_hint(
                "keep the lines you want between `<<<<<<<` and `>>>>>>>`, delete the others and \
                 the marker lines (`<<<<<<<`, `=======`, `>>>>>>>`), then save and commit",
            ),
        );
        return out;
    }
    let start = Location::new(rel, Pos::new(1, 1));
    let (yaml_text, yaml_line, body, body_line) = match split(text) {
        Split::Plain => return out,
        Split::Unclosed => {
            out.diagnostics.push(
                Diagnostic::error(
                    "unclosed-frontmatter",
                    &start,
                    "the frontmatter starts with `---` but never ends",
                )
                .with_hint("add a line with just `---` after the last field"),
            );
            return out;
        }
        Split::Toml => {
            out.diagnostics.push(
                Diagnostic::error(
                    "toml-frontmatter",
                    &start,
                    "this file has TOML frontmatter (`+++`); goalpost reads YAML frontmatter",
                )
                .with_hint(
                    "start and end the frontmatter with `---` and write fields as `key: value`",
                ),
            );
            return out;
        }
        Split::Yaml {
            yaml,
            yaml_line,
            body,
            body_line,
        } => (yaml, yaml_line, body, body_line),
    };
    let value = match yaml::parse(&yaml_text) {
        Ok(v) => v,
        Err(e) => {
            let pos = file_pos(yaml_line, e.pos);
            let hint = e.hint(&yaml_text);
            out.diagnostics.push(
                Diagnostic::error(
                    "yaml-syntax",
                    &Location::new(rel, pos),
                    format!("the frontmatter is not valid YAML: {}", e.message),
                )
                .with_hint(hint)
                .with_width(e.width),
            );
            return out;
        }
    };
    let mut r = Reader::new(rel, KeyIndex::new(&yaml_text, yaml_line));
    let map = match value {
        Value::Map(m) => m,
        Value::Null => Vec::new(),
        other => {
            let at = Location::new(rel, r.keys.opening());
            out.diagnostics.push(
                Diagnostic::error(
                    "frontmatter-not-mapping",
                    &at,
                    format!(
                        "the frontmatter is {}, but it should be `field: value` lines, one per line",
                        other.type_name()
                    ),
                )
                .with_hint("write fields such as `kind: progress` and `title: …`, one per line"),
            );
            return out;
        }
    };
    let get = |k: &str| map.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .trim_end_matches(".MD")
        .to_string();
    let id = get("id")
        .and_then(|v| r.text(&["id"], v))
        .filter(|s| !s.is_empty())
        .unwrap_or(stem);
    r.goal = Some(id.clone());

    let kind = match get("kind") {
        None => {
            let near = map
                .iter()
                .map(|(k, _)| k.as_str())
                .find(|k| crate::diagnostics::suggest(k, ["kind"]).is_some());
            let hint = match near {
                Some(k) => format!("`{k}` looks like a typo for `kind`"),
                None => {
                    "add `kind: purpose`, `kind: progress`, `kind: practice` or `kind: scorecard`"
                        .to_string()
                }
            };
            let path: Vec<&str> = near.into_iter().collect();
            r.error(
                "missing-kind",
                &path,
                "this file has frontmatter but no `kind`, so it is not read as a goal".into(),
                &hint,
            );
            out.diagnostics.append(&mut r.diagnostics);
            return out;
        }
        Some(v) => match r.text(&["kind"], v) {
            Some(k) if KINDS.contains(&k.as_str()) => k,
            other => {
                let k = other.unwrap_or_default();
                let hint = match crate::diagnostics::suggest(&k, KINDS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use one of: purpose, progress, practice, scorecard, \
                             coaching-cycle, reflection"
                        .to_string(),
                };
                r.value_error(
                    "unknown-kind",
                    &["kind"],
                    format!("`{k}` is not a kind of goal"),
                    &hint,
                );
                out.diagnostics.append(&mut r.diagnostics);
                return out;
            }
        },
    };

    if kind == "scorecard" {
        let card = super::scorecard::read(&mut r, &map, body, body_line);
        out.scorecards.push(card);
        out.diagnostics.append(&mut r.diagnostics);
        out.diagnostics.sort_by_key(|d| (d.line, d.column));
        return out;
    }
    let goal = read_goal(&mut r, &kind, id, &map, body, body_line);
    out.goals.push(goal);
    out.diagnostics.append(&mut r.diagnostics);
    out.diagnostics.sort_by_key(|d| (d.line, d.column));
    out
}

fn read_goal(
    r: &mut Reader,
    kind: &str,
    id: String,
    map: &[(String, Value)],
    body: &str,
    body_line: u32,
) -> Goal {
    use super::coaching::{COACHING_FIELDS, REFLECTION_FIELDS, WORK_FIELDS};
    let kind = match kind {
        "purpose" => Kind::Purpose,
        "progress" => Kind::Progress,
        "coaching-cycle" => Kind::Coaching,
        "reflection" => Kind::Reflection,
        _ => Kind::Practice,
    };
    let specific = match kind {
        Kind::Purpose => PURPOSE_FIELDS,
        Kind::Progress => PROGRESS_FIELDS,
        Kind::Practice => PRACTICE_FIELDS,
        Kind::Coaching => COACHING_FIELDS,
        Kind::Reflection => REFLECTION_FIELDS,
    };
    let allowed: Vec<&str> = COMMON_FIELDS
        .iter()
        .chain(WORK_FIELDS)
        .chain(specific)
        .copied()
        .collect();
    let this_kind = kind.as_str();
    // Privacy first, before any other field is read (FORMAT §3).
    let (visibility, reported) = super::privacy::decide(r, map);
    r.unknown_fields_but(&[], map, &allowed, &reported, &|key| {
        let owner = [
            ("purpose", PURPOSE_FIELDS),
            ("progress", PROGRESS_FIELDS),
            ("practice", PRACTICE_FIELDS),
            ("coaching-cycle", COACHING_FIELDS),
            ("reflection", REFLECTION_FIELDS),
        ]
        .into_iter()
        .find(|(_, fields)| fields.contains(&key))
        .map(|(k, _)| k)?;
        Some(format!(
            "`{key}` belongs to {owner} goals, and this is a {this_kind} goal"
        ))
    });

    // Where messages about the whole goal point: its `id:`, else its
    // `title:` (the line a reader recognises), else its `kind:`.
    let at = ["id", "title", "kind"]
        .into_iter()
        .find(|key| map.iter().any(|(k, _)| k == key))
        .map_or_else(|| r.at_pos(r.keys.opening()), |key| r.at(&[key]));
    let mut goal = Goal {
        body: body.to_string(),
        body_line,
        visibility,
        ..Goal::new(id, kind, r.file, at)
    };

    for (key, v) in map {
        let path = [key.as_str()];
        match key.as_str() {
            "title" => goal.title = r.text(&path, v).unwrap_or_default(),
            "owner" => {
                goal.owners = r.text_list(&path, v);
                goal.owner_at = goal.owners.iter().map(|o| r.at_id(&path, o)).collect();
            }
            "status" => {
                let options = [
                    ("active", Status::Active),
                    ("draft", Status::Draft),
                    ("paused", Status::Paused),
                    ("done", Status::Done),
                    ("dropped", Status::Dropped),
                ];
                goal.status = r.choice(&path, v, &options).unwrap_or_default();
            }
            "tags" => goal.tags = r.text_list(&path, v),
            "start" => goal.start = r.date(&path, v),
            "due" => goal.due = r.date(&path, v),
            "cycle" => {
                goal.cycles = r
                    .text_list(&path, v)
                    .into_iter()
                    .map(|id| {
                        let at = r.at_id(&path, &id);
                        Reference { id, at }
                    })
                    .collect();
            }
            "allow" => {
                for name in r.text_list(&path, v) {
                    match name.parse::<super::lint::Lint>() {
                        Ok(lint) => goal.allow.push(lint),
                        Err(e) => {
                            r.error_at_text("invalid-value", &path, &name, e.to_string(), &e.hint())
                        }
                    }
                }
            }
            "aliases" => {
                for id in r.text_list(&path, v) {
                    let at = r.at_id(&path, &id);
                    if id.trim().is_empty() || id.contains(['/', '\\']) {
                        r.error_at_text(
                            "invalid-value",
                            &path,
                            &id,
                            format!("`{id}` is not a goal id"),
                            "an alias is an old id of this goal: the file name it had, \
                             without `.md` and without its folder",
                        );
                    } else {
                        goal.aliases.push(Reference { id, at });
                    }
                }
            }
            "extra" => goal.extra = v.to_json(),
            _ => {}
        }
    }
    if let (Some(s), Some(d)) = (goal.start, goal.due) {
        if s > d {
            r.value_error(
                "invalid-window",
                &["due"],
                format!("`due` ({d}) is before `start` ({s})"),
                "the goal's window runs from `start` to `due`; swap them or fix the typo",
            );
        }
    }
    if goal.title.is_empty() {
        match first_heading(body) {
            Some(t) => goal.title = t,
            None => {
                r.error(
                    "missing-title",
                    &[],
                    "this goal has no title".into(),
                    "add `title: …` to the frontmatter, or start the body with a `# Heading`",
                );
                goal.title = goal.id.clone();
            }
        }
    }

    let get = |k: &str| map.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    goal.together = super::coaching::read_together(r, map);
    let reference = |r: &mut Reader, key: &str| -> Vec<Reference> {
        let Some(v) = get(key) else { return Vec::new() };
        r.text_list(&[key], v)
            .into_iter()
            .map(|id| {
                let at = r.at_id(&[key], &id);
                Reference { id, at }
            })
            .collect()
    };
    match &mut goal.details {
        Details::Purpose(p) => {
            if let Some(v) = get("aligns_to") {
                p.aligns_to = r.text_list(&["aligns_to"], v);
            }
        }
        Details::Progress(p) => {
            if let Some(v) = get("aligns_to") {
                p.aligns_to = r.text_list(&["aligns_to"], v);
            }
            let mut purposes = reference(r, "purpose");
            if purposes.len() > 1 {
                r.error(
                    "wrong-type",
                    &["purpose"],
                    "a progress goal advances one purpose goal, but this lists several".into(),
                    "keep the one this goal serves most directly",
                );
            }
            p.purpose = if purposes.is_empty() {
                None
            } else {
                Some(purposes.swap_remove(0))
            };
            p.metric = get("metric").and_then(|v| r.text(&["metric"], v));
            p.unit = get("unit").and_then(|v| r.text(&["unit"], v));
            p.baseline = get("baseline").and_then(|v| r.number(&["baseline"], v));
            p.target = get("target").and_then(|v| r.number(&["target"], v));
            p.current = get("current").and_then(|v| r.number(&["current"], v));
            if p.current.is_some() {
                p.current_at = Some(r.at(&["current"]));
            }
            if let Some(v) = get("measurements") {
                p.measurements = read_measurements(r, v);
            }
            if let Some(v) = get("windows") {
                p.windows = read_windows(r, v);
            }
            let read = [
                ("baseline", p.baseline.is_some()),
                ("target", p.target.is_some()),
                ("start", goal.start.is_some()),
                ("due", goal.due.is_some()),
            ];
            p.unreadable = read
                .into_iter()
                .filter(|(key, ok)| !ok && get(key).is_some_and(|v| *v != Value::Null))
                .map(|(key, _)| key)
                .collect();
        }
        Details::Practice(p) => {
            p.serves = reference(r, "serves");
            if let Some(v) = get("cadence") {
                let options = [
                    ("daily", Cadence::Daily),
                    ("weekdays", Cadence::Weekdays),
                    ("weekly", Cadence::Weekly),
                ];
                p.cadence = r.choice(&["cadence"], v, &options).unwrap_or_default();
            }
            if let Some(v) = get("target") {
                match r.number(&["target"], v) {
                    Some(t) if t > 0.0 => p.target = t,
                    Some(_) => r.value_error(
                        "invalid-value",
                        &["target"],
                        "a practice's `target` must be more than 0".into(),
                        "write how many per period, e.g. `target: 3` for three visits a day",
                    ),
                    None => {}
                }
            }
            p.unit = get("unit").and_then(|v| r.text(&["unit"], v));
            if let Some(v) = get("log") {
                p.log = read_log(r, v).into();
            }
            if let Some(v) = get("evidence") {
                p.evidence = read_evidence(r, v);
            }
        }
        Details::Coaching(c) => {
            *c = super::coaching::read_coaching(r, map, reference, read_evidence);
        }
        Details::Reflection(f) => {
            *f = super::coaching::read_reflection(r, map, goal.cycles.len());
        }
    }
    goal
}

/// A dated map (`measurements:` or `log:`), yielding (date, value, note, location).
fn dated_entries<'v>(
    r: &mut Reader,
    field: &str,
    v: &'v Value,
) -> Vec<(Date, &'v Value, Option<String>, Location)> {
    let Value::Map(entries) = v else {
        if *v != Value::Null {
            r.value_error(
                "wrong-type",
                &[field],
                format!(
                    "`{field}` should be a mapping from dates to values, but it is {}",
                    v.type_name()
                ),
                "write one `YYYY-MM-DD: value` per line, indented under the field",
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    // One pass over the lines for every entry's position (not one search each).
    // In the order they are written, as the mapping's entries come: each
    // is looked for from where the last one was found.
    let positions = r.keys.children(field);
    let mut next = 0;
    for (key, value) in entries {
        let path = [field, key.as_str()];
        let date = match parse_date(key) {
            Ok(d) => d,
            Err(why) => {
                r.error(
                    "invalid-date",
                    &path,
                    why.to_string(),
                    "each entry starts with its date as YYYY-MM-DD",
                );
                continue;
            }
        };
        let is_key = |(k, _): &(&str, _)| *k == key.as_str();
        let found = (positions
            .get(next..)
            .and_then(|after| after.iter().position(is_key)))
        .map(|j| next + j)
        .or_else(|| positions.iter().position(is_key));
        let at = match found {
            Some(j) => {
                next = j + 1;
                r.at_pos(positions[j].1)
            }
            None => r.at(&path),
        };
        let (value, note) = match value {
            Value::Map(fields) => {
                let allowed = ["value", "note"];
                r.unknown_fields(&path, fields, &allowed, &|_| None);
                let note = value
                    .get("note")
                    .and_then(|n| r.text(&[field, key, "note"], n));
                (value.get("value").unwrap_or(&Value::Null), note)
            }
            other => (other, None),
        };
        out.push((date, value, note, at));
    }
    out
}

fn read_measurements(r: &mut Reader, v: &Value) -> Vec<Measurement> {
    let mut out: Vec<Measurement> = Vec::new();
    for (date, value, note, at) in dated_entries(r, "measurements", v) {
        let key = date.to_string();
        let Some(value) = r.number(&["measurements", &key], value) else {
            continue;
        };
        out.push(Measurement {
            date,
            value,
            note,
            source: SeriesSource::Measurements,
            at,
        });
    }
    out.sort_by_key(|m| m.date);
    out.shrink_to_fit();
    out
}

/// `windows:` (FORMAT §4 v3): a list (or one item) of months `2026-11`
/// and dates `2027-02-03`; each item that is neither is an error at the
/// item itself.
fn read_windows(r: &mut Reader, v: &Value) -> Vec<Window> {
    const HINT: &str = "write each window as a month (`2026-11`) or a date (`2027-02-03`), \
                        e.g. `windows: [2026-09, 2027-01, 2027-05]`";
    let items: Vec<&Value> = match v {
        Value::Null => Vec::new(),
        Value::List(items) => items.iter().collect(),
        Value::Map(_) => {
            r.value_error(
                "wrong-type",
                &["windows"],
                format!(
                    "`windows` should be a list of months or dates, but it is {}",
                    v.type_name()
                ),
                HINT,
            );
            return Vec::new();
        }
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        let Some(text) = item
            .scalar_text()
            .filter(|_| !matches!(item, Value::List(_) | Value::Map(_)))
        else {
            r.value_error(
                "wrong-type",
                &["windows"],
                format!(
                    "each window should be a month or a date, but one is {}",
                    item.type_name()
                ),
                HINT,
            );
            continue;
        };
        match parse_window(&text) {
            Ok(w) => out.push(w),
            Err(why) => r.error_at_text(
                "invalid-date",
                &["windows"],
                text.trim(),
                why.to_string(),
                HINT,
            ),
        }
    }
    out.sort_by_key(|w| (w.from, w.to));
    out.dedup();
    out
}

/// Why a `windows:` entry is neither a month nor a date.
#[derive(Debug, Clone, PartialEq, Eq)]
enum WindowError {
    /// Written as `YYYY-MM`, but not a month (`2026-13`).
    NotAMonth(String),
    /// Neither `YYYY-MM` nor a real `YYYY-MM-DD` date.
    Neither(String),
}

impl std::fmt::Display for WindowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WindowError::NotAMonth(t) => {
                write!(f, "`{t}` is not a month: write it as YYYY-MM, 01 to 12")
            }
            WindowError::Neither(t) => {
                write!(f, "`{t}` is not a month (YYYY-MM) or a date (YYYY-MM-DD)")
            }
        }
    }
}

impl std::error::Error for WindowError {}

/// `2026-11` (the whole month) or `2027-02-03` (that day).
fn parse_window(text: &str) -> Result<Window, WindowError> {
    let t = text.trim();
    let month_shape = t.len() == 7
        && t.bytes().enumerate().all(|(i, b)| match i {
            4 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if month_shape {
        let first =
            parse_date(&format!("{t}-01")).map_err(|_| WindowError::NotAMonth(t.to_string()))?;
        return Ok(Window {
            from: first,
            to: first.last_of_month(),
        });
    }
    match parse_date(t) {
        Ok(d) => Ok(Window { from: d, to: d }),
        Err(_) => Err(WindowError::Neither(t.to_string())),
    }
}

fn read_log(r: &mut Reader, v: &Value) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for (date, value, note, at) in dated_entries(r, "log", v) {
        let text = match value {
            Value::Bool(b) => b.to_string(),
            other => match other.scalar_text() {
                Some(t) => t,
                None => {
                    r.value_error(
                        "invalid-value",
                        &["log", &date.to_string()],
                        format!("a log entry cannot be {}", other.type_name()),
                        &format!("write {ACCEPTED}"),
                    );
                    continue;
                }
            },
        };
        match parse_cell(&text) {
            Some(Cell::Value(value)) => out.push(Entry {
                date,
                value,
                note: note.map(String::into_boxed_str),
                at,
            }),
            Some(Cell::NotRecorded) => {}
            None => {
                let (message, hint) = super::value::not_a_value(&text, "log");
                r.value_error("invalid-value", &["log", &date.to_string()], message, &hint)
            }
        }
    }
    out.sort_by_key(|e| e.date);
    // Pushed one by one, the list has room for up to twice its entries;
    // it is kept for the whole build (and a watcher's session), and at
    // 100,000 goals the spare room was a quarter of a build's memory.
    out.shrink_to_fit();
    out
}

fn read_evidence(r: &mut Reader, v: &Value) -> Vec<Evidence> {
    let Value::List(items) = v else {
        r.value_error(
            "wrong-type",
            &["evidence"],
            format!("`evidence` should be a list, but it is {}", v.type_name()),
            "write one `- {date: …, url: …, note: …}` per item",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let number = item_segment(n);
        let path = ["evidence", number.as_str()];
        let Value::Map(fields) = item else {
            r.error(
                "wrong-type",
                &path,
                format!(
                    "each evidence item should be a mapping with `url`, but one is {}",
                    item.type_name()
                ),
                "write `- {date: 2026-11-16, url: https://…, note: …}`",
            );
            continue;
        };
        super::coaching::item_fields(r, &path, fields, &["date", "url", "note"]);
        let field = |key| ["evidence", number.as_str(), key];
        let date = item.get("date").and_then(|d| r.date(&field("date"), d));
        let note = item.get("note").and_then(|n| r.text(&field("note"), n));
        let Some(url) = item.get("url").and_then(|u| r.text(&field("url"), u)) else {
            r.error(
                "wrong-type",
                &path,
                "an evidence item has no `url`".into(),
                "add `url: https://…` or a relative link",
            );
            continue;
        };
        if let Some(url) = safe_link(&url) {
            out.push(Evidence { date, url, note });
        } else {
            r.error_at_text(
                "invalid-value",
                &path,
                &url,
                format!(
                    "the link `{url}` was left out: only http, https and relative links are kept"
                ),
                "link to the video or document with an https:// address",
            );
            if let Some(d) = r.diagnostics.last_mut() {
                d.severity = crate::diagnostics::Severity::Warning;
            }
        }
    }
    out
}

/// The one rule for links in goal files (FORMAT §4): only `http`, `https`
/// and relative links are kept, trimmed. Links with control characters are
/// refused (browsers drop tabs and newlines inside a scheme, so
/// `java\tscript:` would otherwise slip through), and so are
/// protocol-relative `//host` links and backslash tricks, which browsers
/// read as another host.
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_control()) {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(url.to_string());
    }
    // Relative: no scheme before the first `/`, `?` or `#`, and no host.
    let head = url.split(['/', '?', '#']).next().unwrap_or("");
    let host_like = url.starts_with("//") || url.starts_with('\\') || url.starts_with("/\\");
    (!head.contains(':') && !host_like).then(|| url.to_string())
}

/// The text of the body's first level-1 heading.
pub(crate) fn first_heading(body: &str) -> Option<String> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut inside = false;
    let mut text = String::new();
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                let t = text.trim().to_string();
                return (!t.is_empty()).then_some(t);
            }
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            _ => {}
        }
    }
    None
}
