//! Coaching (FORMAT §3 v3, §12): the fields every goal may now have
//! (`agreed`, `asks`, `feedback`), coaching cycles (`kind: coaching-cycle`)
//! and sprint commitments and reflections (`kind: reflection`), read with
//! positions and "did you mean" like every other field.

use super::fields::Reader;
use super::locate::item as item_segment;
use super::{Date, Evidence, Reference};
use crate::diagnostics::Location;
use crate::yaml::Value;
use serde::Serialize;

/// Fields of a coaching cycle (besides every goal's).
pub(crate) const COACHING_FIELDS: &[&str] = &[
    "serves",
    "practices",
    "focus",
    "measure",
    "target",
    "unit",
    "pre",
    "post",
    "evidence",
];
/// Fields of a reflection (besides every goal's; `cycle` is one of those).
pub(crate) const REFLECTION_FIELDS: &[&str] = &["commit"];
/// Fields every goal may have since v3 (FORMAT §3).
pub(crate) const WORK_FIELDS: &[&str] = &["agreed", "asks", "feedback"];

/// What a goal says about the people around it (FORMAT §3 v3): who it was
/// agreed with, where its owner would like help, and colleagues' notes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Together {
    pub agreed: Option<Agreement>,
    pub asks: Option<String>,
    /// In the order written; pages sort them newest first.
    pub feedback: Vec<Feedback>,
}

/// `agreed: {with: …, on: DATE}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub with: Vec<String>,
    pub on: Option<Date>,
}

/// One `feedback:` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feedback {
    pub date: Date,
    pub from: String,
    pub(crate) note: String,
    #[serde(skip)]
    pub at: Location,
}

/// A coaching cycle's own fields (FORMAT §12).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CoachingSpec {
    /// The progress or purpose goal(s) the cycle serves.
    pub serves: Vec<Reference>,
    /// Practices used in the cycle (their completion inside its window).
    pub(crate) practices: Vec<Reference>,
    pub(crate) focus: Option<String>,
    pub(crate) measure: Option<String>,
    pub(crate) unit: Option<String>,
    pub(crate) target: Option<f64>,
    pub(crate) pre: Option<Assessment>,
    pub(crate) post: Option<Assessment>,
    pub(crate) evidence: Vec<Evidence>,
    /// Where `start:` and `due:` are written: the coaching lints point there.
    #[serde(skip)]
    pub(crate) start_at: Option<Location>,
    #[serde(skip)]
    pub(crate) due_at: Option<Location>,
}

/// Reports the keys of a `{…}` item that are the tail of a text cut at a
/// comma (`note: Modelling lesson, video` reads `video` as a key with no
/// value) with a hint that says so, and returns them, so that the item's
/// other unknown keys are reported as usual.
pub(crate) fn comma_tails(
    r: &mut Reader,
    path: &[&str],
    fields: &[(String, Value)],
    allowed: &[&str],
) -> Vec<String> {
    let mut out = Vec::new();
    for (key, value) in fields {
        if allowed.contains(&key.as_str()) || *value != Value::Null {
            continue;
        }
        r.error_at_text(
            "unknown-field",
            path,
            key,
            format!("`{key}` is read as a field of its own: inside `{{…}}` a comma ends a value"),
            &format!("put the text with its comma in quotes, e.g. `note: \"…, {key}\"`"),
        );
        out.push(key.clone());
    }
    out
}

/// [`comma_tails`], then every other unknown key.
pub(crate) fn item_fields(
    r: &mut Reader,
    path: &[&str],
    fields: &[(String, Value)],
    allowed: &[&str],
) {
    let tails = comma_tails(r, path, fields, allowed);
    let tails: Vec<&str> = tails.iter().map(String::as_str).collect();
    r.unknown_fields_but(path, fields, allowed, &tails, &|_| None);
}

/// `pre:` or `post:`: `{date, value, note}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Assessment {
    pub(crate) date: Option<Date>,
    pub(crate) value: f64,
    pub(crate) note: Option<String>,
}

/// A sprint's commitments and what was learned (FORMAT §12); the cycle
/// it belongs to is the goal's `cycle:`, the reflection its body.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ReflectionSpec {
    pub(crate) commit: Vec<String>,
}

/// Reads `agreed`, `asks` and `feedback` (absent ones stay empty).
pub(crate) fn read_together(r: &mut Reader, map: &[(String, Value)]) -> Together {
    let get = |k: &str| map.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let mut out = Together::default();
    if let Some(v) = get("agreed") {
        out.agreed = read_agreed(r, v);
    }
    if let Some(v) = get("asks") {
        out.asks = r.text(&["asks"], v).filter(|s| !s.is_empty());
    }
    if let Some(v) = get("feedback") {
        out.feedback = read_feedback(r, v);
    }
    out
}

fn read_agreed(r: &mut Reader, v: &Value) -> Option<Agreement> {
    const HINT: &str = "write `agreed: {with: kowalski, on: 2026-09-14}`";
    let Value::Map(fields) = v else {
        if *v != Value::Null {
            r.value_error(
                "wrong-type",
                &["agreed"],
                format!(
                    "`agreed` should be a mapping with `with` and `on`, but it is {}",
                    v.type_name()
                ),
                HINT,
            );
        }
        return None;
    };
    r.unknown_fields(&["agreed"], fields, &["with", "on"], &|_| None);
    let with = v
        .get("with")
        .map(|w| r.text_list(&["agreed", "with"], w))
        .unwrap_or_default();
    let on = v.get("on").and_then(|d| r.date(&["agreed", "on"], d));
    if with.is_empty() {
        r.error(
            "wrong-type",
            &["agreed"],
            "`agreed` does not say who the goal was agreed with".into(),
            HINT,
        );
        return None;
    }
    Some(Agreement { with, on })
}

fn read_feedback(r: &mut Reader, v: &Value) -> Vec<Feedback> {
    const HINT: &str = "write one `- {date: 2026-11-16, from: nguyen, note: …}` per item";
    let Value::List(items) = v else {
        if *v != Value::Null {
            r.value_error(
                "wrong-type",
                &["feedback"],
                format!("`feedback` should be a list, but it is {}", v.type_name()),
                HINT,
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let number = item_segment(n);
        let path = ["feedback", number.as_str()];
        let Value::Map(fields) = item else {
            r.error(
                "wrong-type",
                &path,
                format!(
                    "each feedback item should be a mapping with `date`, `from` and `note`, \
                     but one is {}",
                    item.type_name()
                ),
                HINT,
            );
            continue;
        };
        let before = r.diagnostics.len();
        item_fields(r, &path, fields, &["date", "from", "note"]);
        // A misspelt key is the one mistake: not also "has no `from`".
        let misspelt = r.diagnostics.len() > before;
        let field = |key| ["feedback", number.as_str(), key];
        let date = item.get("date").and_then(|d| r.date(&field("date"), d));
        let from = item.get("from").and_then(|f| r.text(&field("from"), f));
        let note = item.get("note").and_then(|t| r.text(&field("note"), t));
        let at = r.at(&path);
        match (date, from.filter(|s| !s.is_empty()), note) {
            (Some(date), Some(from), Some(note)) if !note.is_empty() => out.push(Feedback {
                date,
                from,
                note,
                at,
            }),
            (date, from, note) => {
                let missing: Vec<&str> = [
                    ("date", date.is_none() && item.get("date").is_none()),
                    ("from", from.is_none()),
                    ("note", note.as_deref().is_none_or(str::is_empty)),
                ]
                .into_iter()
                .filter(|(_, m)| *m)
                .map(|(k, _)| k)
                .collect();
                if !missing.is_empty() && !misspelt {
                    r.error(
                        "wrong-type",
                        &path,
                        format!("a feedback item has no `{}`", missing.join("`, `")),
                        HINT,
                    );
                }
            }
        }
    }
    out
}

/// Reads a coaching cycle's own fields.
pub(crate) fn read_coaching(
    r: &mut Reader,
    map: &[(String, Value)],
    references: impl Fn(&mut Reader, &str) -> Vec<Reference>,
    read_evidence: impl Fn(&mut Reader, &Value) -> Vec<Evidence>,
) -> CoachingSpec {
    let get = |k: &str| map.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let mut c = CoachingSpec {
        serves: references(r, "serves"),
        practices: references(r, "practices"),
        ..CoachingSpec::default()
    };
    c.focus = get("focus").and_then(|v| r.text(&["focus"], v));
    c.measure = get("measure").and_then(|v| r.text(&["measure"], v));
    c.unit = get("unit").and_then(|v| r.text(&["unit"], v));
    c.target = get("target").and_then(|v| r.number(&["target"], v));
    c.pre = get("pre").and_then(|v| read_assessment(r, "pre", v));
    c.post = get("post").and_then(|v| read_assessment(r, "post", v));
    if let Some(v) = get("evidence") {
        c.evidence = read_evidence(r, v);
    }
    c.start_at = get("start").map(|_| r.at(&["start"]));
    c.due_at = get("due").map(|_| r.at(&["due"]));
    c
}

/// `pre: {date: 2026-10-06, value: 35}`; a bare number is the value alone.
fn read_assessment(r: &mut Reader, key: &str, v: &Value) -> Option<Assessment> {
    match v {
        Value::Null => None,
        Value::Number(_) | Value::String(_) => r.number(&[key], v).map(|value| Assessment {
            date: None,
            value,
            note: None,
        }),
        Value::Map(fields) => {
            let before = r.diagnostics.len();
            item_fields(r, &[key], fields, &["date", "value", "note"]);
            let misspelt = r.diagnostics.len() > before;
            let date = v.get("date").and_then(|d| r.date(&[key, "date"], d));
            let note = v.get("note").and_then(|n| r.text(&[key, "note"], n));
            match v.get("value") {
                Some(n) => r.number(&[key, "value"], n),
                None if misspelt => None,
                None => {
                    r.error(
                        "wrong-type",
                        &[key],
                        format!("`{key}` has no `value`"),
                        &format!("write `{key}: {{date: 2026-10-06, value: 35}}`"),
                    );
                    None
                }
            }
            .map(|value| Assessment { date, value, note })
        }
        other => {
            r.value_error(
                "wrong-type",
                &[key],
                format!(
                    "`{key}` should be a mapping with `date` and `value`, but it is {}",
                    other.type_name()
                ),
                &format!("write `{key}: {{date: 2026-10-06, value: 35}}`"),
            );
            None
        }
    }
}

/// Reads a reflection's own fields; a reflection names one cycle.
pub(crate) fn read_reflection(
    r: &mut Reader,
    map: &[(String, Value)],
    cycles: usize,
) -> ReflectionSpec {
    let get = |k: &str| map.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let commit = get("commit")
        .map(|v| r.text_list(&["commit"], v))
        .unwrap_or_default();
    if cycles == 0 {
        r.error(
            "missing-cycle",
            &["kind"],
            "this reflection does not say which sprint it belongs to".into(),
            "add `cycle: Sprint 8` (a cycle's name or id from `goalpost.yml`)",
        );
    }
    ReflectionSpec { commit }
}
