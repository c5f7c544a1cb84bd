//! One goal's frontmatter → a [`Goal`]: which fields each kind of goal
//! may have, the fields every goal has, and each kind's own (its dated
//! lists are read by [`super::entries`], coaching's by [`super::coaching`]).

use super::entries::{read_evidence, read_log, read_measurements, read_windows};
use super::fields::Reader;
use super::*;
use crate::yaml::Value;

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

pub(crate) fn read_goal(
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
