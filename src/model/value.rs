//! The values a practice's `log` and a scorecard cell may hold (FORMAT §4).

use serde::Serialize;

/// A recorded value for one day. "Not recorded" (blank, `-`) is the absence
/// of an entry, not a value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase", tag = "type", content = "value")]
pub enum EntryValue {
    /// A count (`3` classroom visits).
    Number(f64),
    /// `yes`/`no`, `true`/`false`, `✓`/`✗`/`x`.
    Done(bool),
    /// `skip`: the day does not count (neither hit nor miss).
    Skip,
}

impl EntryValue {
    /// How much of `target` this entry achieved, clamped to 0–1.
    /// `None` for `skip`.
    pub fn fraction(self, target: f64) -> Option<f64> {
        match self {
            EntryValue::Skip => None,
            EntryValue::Done(true) => Some(1.0),
            EntryValue::Done(false) => Some(0.0),
            EntryValue::Number(n) => {
                let t = if target > 0.0 { target } else { 1.0 };
                Some((n / t).clamp(0.0, 1.0))
            }
        }
    }
}

/// What a cell of text means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Value(EntryValue),
    /// Blank or `-`.
    NotRecorded,
}

/// Reads a log value or scorecard cell. Returns `None` when the text is not
/// a value at all (the caller reports an error).
pub fn parse_cell(text: &str) -> Option<Cell> {
    let t = text.trim();
    let lower = t.to_lowercase();
    let v = match lower.as_str() {
        "" | "-" | "–" | "—" | "~" | "null" => return Some(Cell::NotRecorded),
        "yes" | "y" | "true" | "✓" | "✔" | "☑" | "done" => EntryValue::Done(true),
        "no" | "n" | "false" | "✗" | "✘" | "x" | "☐" => EntryValue::Done(false),
        "skip" | "skipped" => EntryValue::Skip,
        _ => {
            let n: f64 = t.parse().ok()?;
            if !n.is_finite() || n < 0.0 {
                return None;
            }
            EntryValue::Number(n)
        }
    };
    Some(Cell::Value(v))
}

/// The values accepted, for error hints.
pub(crate) const ACCEPTED: &str =
    "a number, yes/no, true/false, ✓/✗/x, skip, or leave it blank (or -) for not recorded";

/// The message and hint for `text` that is not a value, written in a
/// `place` ("log" or "scorecard"): `check` and `log` say the same thing.
pub(crate) fn not_a_value(text: &str, place: &str) -> (String, String) {
    (
        format!("`{}` is not a {place} value", text.trim()),
        format!("write {ACCEPTED}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_documented_spelling() {
        assert_eq!(parse_cell("3"), Some(Cell::Value(EntryValue::Number(3.0))));
        assert_eq!(parse_cell(" ✓ "), Some(Cell::Value(EntryValue::Done(true))));
        assert_eq!(parse_cell("Yes"), Some(Cell::Value(EntryValue::Done(true))));
        assert_eq!(parse_cell("x"), Some(Cell::Value(EntryValue::Done(false))));
        assert_eq!(parse_cell("✗"), Some(Cell::Value(EntryValue::Done(false))));
        assert_eq!(
            parse_cell("false"),
            Some(Cell::Value(EntryValue::Done(false)))
        );
        assert_eq!(parse_cell("skip"), Some(Cell::Value(EntryValue::Skip)));
        assert_eq!(parse_cell(""), Some(Cell::NotRecorded));
        assert_eq!(parse_cell("-"), Some(Cell::NotRecorded));
        assert_eq!(parse_cell("lots"), None);
        assert_eq!(parse_cell("-2"), None);
    }

    #[test]
    fn fraction_clamps_to_target() {
        assert_eq!(EntryValue::Number(2.0).fraction(3.0), Some(2.0 / 3.0));
        assert_eq!(EntryValue::Number(5.0).fraction(3.0), Some(1.0));
        assert_eq!(EntryValue::Skip.fraction(1.0), None);
    }
}
