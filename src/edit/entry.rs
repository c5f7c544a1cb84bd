//! An entry's text: as a goal file holds it (`3`, or `{value: 3, note:
//! "…"}`), as a value is typed (with the goal's unit after it), and as
//! messages show it, the entry a change replaces included.

use crate::model::EntryValue;
use crate::yaml::format_number;
use std::fmt;

/// An entry a change replaces (`--force`): its value and note as the file
/// had them, and where (`file:line`). Shown as `VALUE (file:line)`, or
/// `VALUE (note: NOTE) (file:line)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Replaced {
    pub value: String,
    pub note: Option<String>,
    pub at: String,
}

impl fmt::Display for Replaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({})",
            shown(&self.value, self.note.as_deref()),
            self.at
        )
    }
}

/// A value as typed, without the goal's unit after it (FORMAT §10 v3:
/// `38%`, `38 %`, `3 visits`, `1 visit` for `unit: visits`), trimmed.
pub(super) fn without_unit<'t>(typed: &'t str, unit: Option<&str>) -> &'t str {
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

/// How an entry reads in messages: `3`, `✓`, `skip`, `71 (note: …)`.
pub(super) fn shown(value: &str, note: Option<&str>) -> String {
    match note {
        Some(n) => format!("{value} (note: {n})"),
        None => value.to_string(),
    }
}

pub(super) fn shown_entry(v: EntryValue) -> String {
    match v {
        EntryValue::Number(n) => format_number(n),
        EntryValue::Done(true) => "✓".into(),
        EntryValue::Done(false) => "✗".into(),
        EntryValue::Skip => "skip".into(),
    }
}

/// The YAML text of an entry: the value, or `{value: V, note: "…"}`.
pub(super) fn yaml_entry(value: &str, note: Option<&str>) -> String {
    match note {
        None => value.to_string(),
        Some(n) => format!("{{value: {value}, note: {}}}", quote(n)),
    }
}

/// A double-quoted YAML string.
pub(super) fn quote(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_entry_is_shown_with_its_note_and_place() {
        let with_note = Replaced {
            value: "3".into(),
            note: Some("after the (long) break".into()),
            at: "goals/a.md:12".into(),
        };
        assert_eq!(
            with_note.to_string(),
            "3 (note: after the (long) break) (goals/a.md:12)"
        );
        let plain = Replaced {
            note: None,
            ..with_note
        };
        assert_eq!(plain.to_string(), "3 (goals/a.md:12)");
    }

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

    #[test]
    fn notes_are_quoted_yaml() {
        assert_eq!(
            yaml_entry("2", Some("a \"b\": c\\")),
            "{value: 2, note: \"a \\\"b\\\": c\\\\\"}"
        );
        assert_eq!(yaml_entry("✓", None), "✓");
    }
}
