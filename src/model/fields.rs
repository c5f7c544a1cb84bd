//! Reading typed values out of a YAML mapping, collecting every problem as
//! a diagnostic positioned at what is wrong: the value itself when it is
//! written on its key's line, else the key that holds it.

use super::locate::{KeyIndex, Span};
use super::Date;
use crate::diagnostics::{suggest, Diagnostic, Location};
use crate::yaml::Value;

/// Reads the fields of one frontmatter (or settings) mapping.
pub(crate) struct Reader<'a> {
    pub(crate) file: &'a str,
    /// `file`, shared by every location read from it.
    shared: crate::diagnostics::FileName,
    pub(crate) keys: KeyIndex<'a>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The goal these diagnostics are about, once known.
    pub(crate) goal: Option<String>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a str, keys: KeyIndex<'a>) -> Self {
        Reader {
            file,
            shared: file.into(),
            keys,
            diagnostics: Vec::new(),
            goal: None,
        }
    }

    /// A position in this file (sharing the file name with every other).
    pub(crate) fn at_pos(&self, pos: crate::diagnostics::Pos) -> Location {
        Location {
            file: self.shared.clone(),
            line: pos.line,
            column: pos.column,
        }
    }

    pub fn at(&self, path: &[&str]) -> Location {
        self.at_pos(self.keys.find(path))
    }

    /// Where the id `id` is written in the value of the key at `path`
    /// (`purpose: every-reader`, `serves: [a, b]`), else the key.
    pub(crate) fn at_id(&self, path: &[&str], id: &str) -> Location {
        self.at_pos(self.keys.find_word(path, id))
    }

    /// Like [`Reader::error`], positioned at `needle` inside the block of
    /// `path` and underlining it.
    pub(crate) fn error_at_text(
        &mut self,
        code: &'static str,
        path: &[&str],
        needle: &str,
        message: String,
        hint: &str,
    ) {
        let pos = self.keys.find_text(path, needle);
        let width = needle.chars().count() as u32;
        self.push(code, Span { pos, width }, message, hint);
    }

    /// An error about the key at `path` (an unknown field, a bad date
    /// key), underlining the key.
    pub fn error(&mut self, code: &'static str, path: &[&str], message: String, hint: &str) {
        let span = self.keys.key_span(path);
        self.push(code, span, message, hint);
    }

    /// An error about the value at `path`, underlining the whole value
    /// when it is written on the key's line, else the key.
    pub(crate) fn value_error(
        &mut self,
        code: &'static str,
        path: &[&str],
        message: String,
        hint: &str,
    ) {
        let span = self
            .keys
            .value_span(path)
            .unwrap_or_else(|| self.keys.key_span(path));
        self.push(code, span, message, hint);
    }

    fn push(&mut self, code: &'static str, span: Span, message: String, hint: &str) {
        let mut d = Diagnostic::error(code, &self.at_pos(span.pos), message).with_width(span.width);
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        if let Some(g) = &self.goal {
            d = d.for_goal(g.clone());
        }
        self.diagnostics.push(d);
    }

    pub fn warning(&mut self, code: &'static str, path: &[&str], message: String, hint: &str) {
        self.value_error(code, path, message, hint);
        if let Some(d) = self.diagnostics.last_mut() {
            d.severity = crate::diagnostics::Severity::Warning;
        }
    }

    fn wrong_type(&mut self, path: &[&str], expected: &str, got: &Value, hint: &str) {
        let name = path.last().copied().unwrap_or("value");
        self.value_error(
            "wrong-type",
            path,
            format!(
                "`{name}` should be {expected}, but it is {}",
                got.type_name()
            ),
            hint,
        );
    }

    /// Reports every key of `map` that is not in `allowed`, suggesting the
    /// closest allowed one. `elsewhere` explains keys that belong to another
    /// kind of goal.
    pub(crate) fn unknown_fields(
        &mut self,
        prefix: &[&str],
        map: &[(String, Value)],
        allowed: &[&str],
        elsewhere: &dyn Fn(&str) -> Option<String>,
    ) {
        self.unknown_fields_but(prefix, map, allowed, &[], elsewhere);
    }

    /// [`Reader::unknown_fields`], leaving out the keys in `reported`
    /// (already reported with an error of their own).
    pub(crate) fn unknown_fields_but(
        &mut self,
        prefix: &[&str],
        map: &[(String, Value)],
        allowed: &[&str],
        reported: &[&str],
        elsewhere: &dyn Fn(&str) -> Option<String>,
    ) {
        for (key, _) in map {
            if allowed.contains(&key.as_str()) || reported.contains(&key.as_str()) {
                continue;
            }
            let mut path = prefix.to_vec();
            path.push(key);
            let hint = match (elsewhere(key), suggest(key, allowed.iter().copied())) {
                (Some(why), _) => why,
                (None, Some(s)) => format!("did you mean `{s}`?"),
                (None, None) => format!(
                    "the fields allowed here are: {}; put your own fields under `extra:`",
                    allowed.join(", ")
                ),
            };
            self.error(
                "unknown-field",
                &path,
                format!("unknown field `{key}`"),
                &hint,
            );
        }
    }

    /// Text; numbers and booleans are accepted as the text they were written as.
    pub(crate) fn text(&mut self, path: &[&str], v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(_) | Value::Bool(_) => v.scalar_text(),
            Value::Null => None,
            other => {
                self.wrong_type(path, "text", other, "");
                None
            }
        }
    }

    /// One text or a list of texts.
    pub(crate) fn text_list(&mut self, path: &[&str], v: &Value) -> Vec<String> {
        match v {
            Value::List(items) => items
                .iter()
                .filter_map(|item| match item {
                    Value::List(_) | Value::Map(_) => {
                        self.wrong_type(path, "text or a list of text", item, "");
                        None
                    }
                    other => other.scalar_text().filter(|s| !s.is_empty()),
                })
                .collect(),
            Value::Map(_) => {
                self.wrong_type(
                    path,
                    "text or a list of text",
                    v,
                    "write `[a, b]` or one item per line starting with `- `",
                );
                Vec::new()
            }
            other => other
                .scalar_text()
                .filter(|s| !s.is_empty())
                .into_iter()
                .collect(),
        }
    }

    pub(crate) fn number(&mut self, path: &[&str], v: &Value) -> Option<f64> {
        match v {
            Value::Number(n) if n.is_finite() => Some(*n),
            Value::Number(_) => {
                let name = path.last().copied().unwrap_or("value");
                self.value_error(
                    "wrong-type",
                    path,
                    format!("`{name}` should be an ordinary number, not infinity or NaN"),
                    "write a plain number such as `72` or `16.5`",
                );
                None
            }
            Value::Null => None,
            Value::String(s) => {
                let t = s.trim().trim_end_matches('%').trim();
                let hint = if t.parse::<f64>().is_ok() {
                    format!("write just the number `{t}` and put the unit in `unit:`")
                } else {
                    String::new()
                };
                self.value_error(
                    "wrong-type",
                    path,
                    format!(
                        "`{}` should be a number, but it is the text `{s}`",
                        path.last().copied().unwrap_or("value")
                    ),
                    &hint,
                );
                None
            }
            other => {
                self.wrong_type(path, "a number", other, "");
                None
            }
        }
    }

    pub fn date(&mut self, path: &[&str], v: &Value) -> Option<Date> {
        match v {
            Value::Null => None,
            Value::String(s) => match parse_date(s) {
                Ok(d) => Some(d),
                Err(why) => {
                    self.value_error(
                        "invalid-date",
                        path,
                        why.to_string(),
                        "write dates as YYYY-MM-DD, e.g. 2026-11-20",
                    );
                    None
                }
            },
            other => {
                self.wrong_type(
                    path,
                    "a date (YYYY-MM-DD)",
                    other,
                    "write dates as YYYY-MM-DD, e.g. 2026-11-20",
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        path: &[&str],
        v: &Value,
        options: &[(&str, T)],
    ) -> Option<T> {
        let text = self.text(path, v)?;
        if let Some((_, t)) = options
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&text))
        {
            return Some(*t);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let hint = match suggest(&text, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? (one of: {})", names.join(", ")),
            None => format!("use one of: {}", names.join(", ")),
        };
        let name = path.last().copied().unwrap_or("value");
        self.value_error(
            "invalid-value",
            path,
            format!("`{text}` is not a valid `{name}`"),
            &hint,
        );
        None
    }
}

/// Why a text is not a strict `YYYY-MM-DD` date. Its words are the
/// diagnostic's message; the hint is the caller's (a date in a log, in a
/// scorecard's first column, on the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not written as `YYYY-MM-DD` (the text, trimmed).
    Shape(String),
    /// Written so, but the month is not 1 to 12.
    NoMonth { text: String, month: i8 },
    /// Written so, but the day is past the end of its month.
    NoDay { text: String, days_in_month: i8 },
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::Shape(t) => write!(f, "`{t}` is not a date in the form YYYY-MM-DD"),
            DateError::NoMonth { text, month } => {
                write!(f, "`{text}` is not a real date: there is no month {month}")
            }
            DateError::NoDay {
                text,
                days_in_month,
            } => write!(
                f,
                "`{text}` is not a real date: that month has {days_in_month} days"
            ),
        }
    }
}

impl std::error::Error for DateError {}

/// Parses a strict `YYYY-MM-DD` date, explaining what is wrong otherwise.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let t = text.trim();
    let shape_ok = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(DateError::Shape(t.to_string()));
    }
    // Digits only, as the shape says.
    let num = |r: std::ops::Range<usize>| {
        t.as_bytes()[r]
            .iter()
            .fold(0i16, |n, b| n * 10 + i16::from(b - b'0'))
    };
    let (y, m, d) = (num(0..4), num(5..7) as i8, num(8..10) as i8);
    Date::new(y, m, d).map_err(|_| {
        if !(1..=12).contains(&m) {
            DateError::NoMonth {
                text: t.to_string(),
                month: m,
            }
        } else {
            let days = Date::new(y, m, 1).map(|f| f.days_in_month()).unwrap_or(31);
            DateError::NoDay {
                text: t.to_string(),
                days_in_month: days,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict_and_explained() {
        assert_eq!(parse_date("2026-11-20"), Ok(Date::constant(2026, 11, 20)));
        let why = |t: &str| parse_date(t).unwrap_err().to_string();
        assert_eq!(
            why("2026-02-30"),
            "`2026-02-30` is not a real date: that month has 28 days"
        );
        assert_eq!(
            why("2028-02-30"),
            "`2028-02-30` is not a real date: that month has 29 days"
        );
        assert_eq!(
            why("2026-13-01"),
            "`2026-13-01` is not a real date: there is no month 13"
        );
        assert_eq!(
            why(" 11/20/2026 "),
            "`11/20/2026` is not a date in the form YYYY-MM-DD"
        );
        assert_eq!(
            parse_date("2026-1-5"),
            Err(DateError::Shape("2026-1-5".into()))
        );
    }
}
