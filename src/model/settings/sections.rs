//! The sections of `goalpost.yml` that have a structure of their own:
//! `calendar` (the school year and its breaks), `people` and `cycles`
//! (FORMAT §6), each read with its diagnostics.

use super::{slug, Break, Calendar, Cycle, CycleSpec, Person};
use crate::model::fields::Reader;
use crate::model::locate::item as item_segment;
use crate::yaml::Value;

pub(super) fn read_calendar(r: &mut Reader, v: &Value) -> Option<Calendar> {
    let Value::Map(map) = v else {
        r.error(
            "wrong-type",
            &["calendar"],
            format!(
                "`calendar` should be a mapping with `start`, `end` and `breaks`, but it is {}",
                v.type_name()
            ),
            "",
        );
        return None;
    };
    r.unknown_fields(&["calendar"], map, &["start", "end", "breaks"], &|_| None);
    let start = v
        .get("start")
        .and_then(|d| r.date(&["calendar", "start"], d));
    let end = v.get("end").and_then(|d| r.date(&["calendar", "end"], d));
    let (Some(start), Some(end)) = (start, end) else {
        r.error(
            "wrong-type",
            &["calendar"],
            "`calendar` needs both `start` and `end` dates".into(),
            "e.g. `start: 2026-08-31` and `end: 2027-06-25`",
        );
        return None;
    };
    if start > end {
        r.value_error(
            "invalid-window",
            &["calendar", "end"],
            format!("the calendar ends ({end}) before it starts ({start})"),
            "",
        );
    }
    let mut breaks = Vec::new();
    match v.get("breaks") {
        None | Some(Value::Null) => {}
        Some(Value::List(items)) => {
            for (n, item) in items.iter().enumerate() {
                let number = item_segment(n);
                let path = ["calendar", "breaks", number.as_str()];
                let field = |key| ["calendar", "breaks", number.as_str(), key];
                let Value::Map(fields) = item else {
                    r.error(
                        "wrong-type",
                        &path,
                        "each break should be `{name: …, from: YYYY-MM-DD, to: YYYY-MM-DD}`".into(),
                        "",
                    );
                    continue;
                };
                r.unknown_fields(&path, fields, &["name", "from", "to"], &|_| None);
                let name = item
                    .get("name")
                    .and_then(|n| r.text(&field("name"), n))
                    .unwrap_or_else(|| "Break".into());
                let from = item.get("from").and_then(|d| r.date(&field("from"), d));
                let to = item
                    .get("to")
                    .and_then(|d| r.date(&field("to"), d))
                    .or(from);
                match (from, to) {
                    (Some(from), Some(to)) if from <= to => breaks.push(Break { name, from, to }),
                    (Some(from), Some(to)) => r.value_error(
                        "invalid-window",
                        &field("to"),
                        format!("the break `{name}` ends ({to}) before it starts ({from})"),
                        "a break runs from its `from` date to its `to` date: swap them or fix the typo",
                    ),
                    _ => r.error(
                        "wrong-type",
                        &path,
                        format!("the break `{name}` needs a `from` date"),
                        "",
                    ),
                }
            }
        }
        Some(other) => r.error(
            "wrong-type",
            &["calendar", "breaks"],
            format!("`breaks` should be a list, but it is {}", other.type_name()),
            "",
        ),
    }
    Some(Calendar { start, end, breaks })
}

pub(super) fn read_people(r: &mut Reader, v: &Value) -> Vec<Person> {
    let Value::Map(map) = v else {
        r.error(
            "wrong-type",
            &["people"],
            format!(
                "`people` should map person ids to `{{name: …, role: …}}`, but it is {}",
                v.type_name()
            ),
            "",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, p) in map {
        let path = ["people", id.as_str()];
        let (name, role) = match p {
            Value::Map(fields) => {
                r.unknown_fields(&path, fields, &["name", "role"], &|_| None);
                let name = p
                    .get("name")
                    .and_then(|n| r.text(&["people", id, "name"], n));
                let role = p
                    .get("role")
                    .and_then(|n| r.text(&["people", id, "role"], n));
                (name, role)
            }
            other => (r.text(&path, other), None),
        };
        out.push(Person {
            id: id.clone(),
            name: name.unwrap_or_else(|| id.clone()),
            role,
        });
    }
    out
}

pub(super) fn read_cycles(r: &mut Reader, v: &Value, has_calendar: bool) -> CycleSpec {
    let spec = match v {
        Value::Null => return CycleSpec::None,
        Value::List(items) => {
            let mut list = Vec::new();
            for (n, item) in items.iter().enumerate() {
                let number = item_segment(n);
                let path = ["cycles", number.as_str()];
                let field = |key| ["cycles", number.as_str(), key];
                let Value::Map(fields) = item else {
                    r.error(
                        "wrong-type",
                        &path,
                        "each cycle should be `{name: …, start: YYYY-MM-DD, end: YYYY-MM-DD}`"
                            .into(),
                        "",
                    );
                    continue;
                };
                r.unknown_fields(&path, fields, &["name", "start", "end"], &|_| None);
                let name = item.get("name").and_then(|n| r.text(&field("name"), n));
                let start = item.get("start").and_then(|d| r.date(&field("start"), d));
                let end = item.get("end").and_then(|d| r.date(&field("end"), d));
                match (name, start, end) {
                    (Some(name), Some(start), Some(end)) if start <= end => list.push(Cycle {
                        id: slug(&name),
                        name,
                        start,
                        end,
                    }),
                    (Some(name), Some(_), Some(_)) => r.value_error(
                        "invalid-window",
                        &field("end"),
                        format!("the cycle `{name}` ends before it starts"),
                        "",
                    ),
                    _ => r.error(
                        "wrong-type",
                        &path,
                        "a cycle needs a `name`, a `start` and an `end`".into(),
                        "",
                    ),
                }
            }
            list.sort_by_key(|c| c.start);
            let mut seen = std::collections::HashSet::new();
            for c in &list {
                if !seen.insert(c.id.clone()) {
                    r.error_at_text(
                        "invalid-value",
                        &["cycles"],
                        &c.name,
                        format!("two cycles are named `{}`", c.name),
                        "give every cycle its own name: it is also the address of its sprint report",
                    );
                }
            }
            for pair in list.windows(2) {
                if pair[1].start <= pair[0].end {
                    r.warning(
                        "invalid-window",
                        &["cycles"],
                        format!("the cycles `{}` and `{}` overlap", pair[0].name, pair[1].name),
                        "a day belongs to one cycle: let each cycle start after the previous one ends",
                    );
                }
            }
            return CycleSpec::List(list);
        }
        other => match r.text(&["cycles"], other).as_deref() {
            Some("1w") => CycleSpec::Weeks(1),
            Some("2w") => CycleSpec::Weeks(2),
            Some("6w") => CycleSpec::Weeks(6),
            Some("quarter") => CycleSpec::Quarter,
            Some(t) => match t.strip_suffix('w').and_then(|n| n.parse::<u32>().ok()) {
                Some(n) if (1..=26).contains(&n) => CycleSpec::Weeks(n),
                _ => {
                    r.value_error(
                        "invalid-value",
                        &["cycles"],
                        format!("`{t}` is not a cycle length"),
                        "use 1w, 2w, 6w, quarter, or a list of `{name, start, end}`",
                    );
                    return CycleSpec::None;
                }
            },
            None => return CycleSpec::None,
        },
    };
    if !has_calendar {
        r.warning(
            "invalid-value",
            &["cycles"],
            "generated cycles start at `calendar.start`, but there is no calendar, so there are no cycles".into(),
            "add `calendar: {start: …, end: …}`, or list the cycles explicitly",
        );
    }
    spec
}
