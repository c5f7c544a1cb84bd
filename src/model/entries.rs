//! A goal's lists, read with a position for each item: dated maps
//! (`measurements:`, `log:`), `windows:` and `evidence:`, and the one
//! rule for links in goal files.

use super::fields::{parse_date, Reader};
use super::locate::item as item_segment;
use super::value::{parse_cell, Cell, ACCEPTED};
use super::*;
use crate::diagnostics::Location;
use crate::yaml::Value;

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

pub(crate) fn read_measurements(r: &mut Reader, v: &Value) -> Vec<Measurement> {
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
pub(crate) fn read_windows(r: &mut Reader, v: &Value) -> Vec<Window> {
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

pub(crate) fn read_log(r: &mut Reader, v: &Value) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for (date, value, note, at) in dated_entries(r, "log", v) {
        // Most entries are a whole number (`3`): read as the text it is
        // written as would be, without writing it out and reading it back.
        if let Some(n) = value_whole(value) {
            out.push(Entry {
                date,
                value: EntryValue::Number(n as f64),
                note: note.map(String::into_boxed_str),
                at,
            });
            continue;
        }
        let text: std::borrow::Cow<'_, str> = match value {
            Value::Bool(b) => b.to_string().into(),
            Value::String(s) => s.as_str().into(),
            other => match other.scalar_text() {
                Some(t) => t.into(),
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

/// A log entry's whole number of zero or more, which [`parse_cell`] reads
/// from its text as this very number.
fn value_whole(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => crate::yaml::as_whole(*n).filter(|&n| n >= 0),
        _ => None,
    }
}

pub(crate) fn read_evidence(r: &mut Reader, v: &Value) -> Vec<Evidence> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_number_entry_reads_as_its_text_would() {
        let mut quick = 0;
        for n in [
            0.0,
            -0.0,
            3.0,
            12.0,
            1e14,
            1e15,
            -2.0,
            2.5,
            0.1,
            f64::NAN,
            f64::INFINITY,
        ] {
            let value = Value::Number(n);
            let by_text = parse_cell(&value.scalar_text().unwrap_or_default());
            if let Some(whole) = value_whole(&value) {
                let number = EntryValue::Number(whole as f64);
                assert_eq!(by_text, Some(Cell::Value(number)), "{n}");
                assert!(!(whole as f64).is_sign_negative(), "{n}");
                quick += 1;
            }
        }
        assert_eq!(
            quick, 5,
            "0, -0, 3, 12 and 1e14 are read without their text"
        );
        assert_eq!(value_whole(&Value::String("3".into())), None);
    }
}
