//! Setting one `DATE: VALUE` entry of a top-level dated map (`log:`,
//! `measurements:`) in frontmatter text, block or flow style, touching no
//! other byte: an existing entry's value is replaced where it is written;
//! a new entry goes in date order when the entries are in date order, else
//! last; a missing map is added at the end of the frontmatter.

use super::text::{comment_start, Layout, Line};
use super::Edit;
use crate::model::fields::parse_date;
use crate::model::Date;
use crate::yaml::key_at;
use std::ops::Range;

/// One entry of the map, as written.
#[derive(Debug, Clone)]
struct Entry {
    /// The key without quotes.
    key: String,
    /// The key's quote character, if it is quoted.
    quote: Option<char>,
    /// Where the value is written (trimmed; empty when there is none).
    value: Range<usize>,
    /// Where the whole entry starts (its key) and ends (after its value).
    span: Range<usize>,
}

/// Why a map cannot be edited safely (the words end up in
/// `log`'s "…; nothing was written (add the entry by hand)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapError {
    /// The `field:` line has no colon to read.
    KeyLine { field: String },
    /// `field:` holds a value (written so), not a mapping of dates.
    NotAMapping { field: String, written: String },
    /// The entries are indented with tabs.
    Tabs { field: String },
    /// A line is indented deeper than the first entry, with no entry above.
    Indentation { field: String },
    /// A list item, or an entry indented less than the first.
    NotOnePerLine { field: String },
    /// An entry whose key cannot be read (as written, trimmed).
    Entry { field: String, entry: String },
    /// A flow mapping whose `}` is not found.
    Unclosed { field: String },
    /// A comment inside a flow mapping.
    Comments { field: String },
}

impl std::fmt::Display for MapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MapError::KeyLine { field } => write!(f, "cannot read the `{field}:` line"),
            MapError::NotAMapping { field, written } => write!(
                f,
                "`{field}:` is written as `{written}`, not as a mapping of dates, so the entry cannot be added to it"
            ),
            MapError::Tabs { field } => write!(f, "`{field}:` is indented with tabs"),
            MapError::Indentation { field } => {
                write!(f, "cannot read the indentation of `{field}:`")
            }
            MapError::NotOnePerLine { field } => write!(
                f,
                "`{field}:` is not written as one `DATE: value` per line"
            ),
            MapError::Entry { field, entry } => {
                write!(f, "cannot read the entry `{entry}` of `{field}:`")
            }
            MapError::Unclosed { field } => {
                write!(f, "cannot find the `}}` that closes `{field}:`")
            }
            MapError::Comments { field } => {
                write!(f, "cannot read the comments inside `{field}: {{…}}`")
            }
        }
    }
}

impl std::error::Error for MapError {}

/// Where a new entry goes and how it is written.
enum Shape {
    /// No such field: add it before the closing line.
    Absent,
    /// `field:` with entries (maybe none) on the following lines.
    Block {
        key_line: Line,
        indent: Option<String>,
        /// Per entry: the entry and the offset after its last line.
        entries: Vec<(Entry, usize)>,
    },
    /// `field: {…}`.
    Flow {
        /// Offset just after `{`.
        open: usize,
        entries: Vec<Entry>,
    },
}

/// The edit that sets `date` to `value` (YAML text) in the top-level map
/// `field`. Errors say why the map cannot be edited safely.
pub(crate) fn set(
    text: &str,
    layout: &Layout,
    field: &str,
    date: Date,
    value: &str,
) -> Result<Edit, MapError> {
    let shape = shape(text, layout, field)?;
    let want = date.to_string();
    let eol = layout.eol.as_str();
    match shape {
        Shape::Absent => {
            let indent = layout.indent(text);
            Ok(Edit {
                range: layout.close.start..layout.close.start,
                with: format!("{field}:{eol}{indent}{want}: {value}{eol}"),
            })
        }
        Shape::Block {
            key_line,
            indent,
            entries,
        } => {
            if let Some((e, _)) = entries.iter().find(|(e, _)| e.key == want) {
                return Ok(replace_value(text, e, value));
            }
            let indent = indent.unwrap_or_else(|| layout.indent(text));
            let quote = entries
                .first()
                .and_then(|(e, _)| e.quote)
                .map(String::from)
                .unwrap_or_default();
            let line_eol = match key_line.eol(text) {
                "" => eol,
                e => e,
            };
            let new_line = format!("{indent}{quote}{want}{quote}: {value}{line_eol}");
            let keys: Vec<&str> = entries.iter().map(|(e, _)| e.key.as_str()).collect();
            let at = match insertion(&keys, date) {
                Place::Before(0) => line_start(text, entries[0].0.span.start),
                Place::Before(i) => entries[i - 1].1,
                Place::End => entries.last().map_or(key_line.next, |(_, end)| *end),
            };
            // A last frontmatter line without a line end cannot happen (the
            // closing line follows), but a key line at the very end can.
            let with = if key_line.eol(text).is_empty() && at == key_line.next {
                format!("{line_eol}{new_line}")
            } else {
                new_line
            };
            Ok(Edit {
                range: at..at,
                with,
            })
        }
        Shape::Flow { open, entries } => {
            if let Some(e) = entries.iter().find(|e| e.key == want) {
                return Ok(Edit {
                    range: e.value.clone(),
                    with: value.to_string(),
                });
            }
            let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
            let quote = entries
                .first()
                .and_then(|e| e.quote)
                .map(String::from)
                .unwrap_or_default();
            let new = format!("{quote}{want}{quote}: {value}");
            Ok(match insertion(&keys, date) {
                Place::Before(i) => {
                    let at = entries[i].span.start;
                    Edit {
                        range: at..at,
                        with: format!("{new}, "),
                    }
                }
                Place::End => match entries.last() {
                    Some(last) => Edit {
                        range: last.span.end..last.span.end,
                        with: format!(", {new}"),
                    },
                    None => Edit {
                        range: open..open,
                        with: new,
                    },
                },
            })
        }
    }
}

enum Place {
    Before(usize),
    End,
}

/// In date order when the keys are, else at the end.
fn insertion(keys: &[&str], date: Date) -> Place {
    let dates: Option<Vec<Date>> = keys.iter().map(|k| parse_date(k).ok()).collect();
    match dates {
        Some(d) if d.windows(2).all(|w| w[0] < w[1]) => d
            .iter()
            .position(|x| *x > date)
            .map_or(Place::End, Place::Before),
        _ => Place::End,
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Replaces an entry's value; a one-line value keeps its spacing and any
/// comment after it.
fn replace_value(text: &str, e: &Entry, value: &str) -> Edit {
    if e.value.is_empty() {
        // `DATE:` with nothing after it (or a nested block below).
        let colon = e.span.start
            + text[e.span.start..e.span.end]
                .find(':')
                .unwrap_or(e.span.end - e.span.start);
        let after = (colon + 1).min(e.span.end);
        return Edit {
            range: after..e.span.end,
            with: format!(" {value}"),
        };
    }
    Edit {
        range: e.value.clone(),
        with: value.to_string(),
    }
}

fn shape(text: &str, layout: &Layout, field: &str) -> Result<Shape, MapError> {
    let Some(i) = layout.yaml.iter().position(|l| key_at(l.text(text), field)) else {
        return Ok(Shape::Absent);
    };
    let key_line = layout.yaml[i];
    let line = key_line.text(text);
    let colon = line.find(':').ok_or_else(|| MapError::KeyLine {
        field: field.to_string(),
    })?;
    let rest_start = colon + 1;
    let rest = &line[rest_start..comment_start(line).max(rest_start)];
    let trimmed = rest.trim();
    if trimmed.starts_with('{') {
        let open = key_line.start + rest_start + rest.find('{').unwrap_or(0) + 1;
        let end = layout.close.start;
        return flow(text, open, end, field).map(|entries| Shape::Flow { open, entries });
    }
    if !trimmed.is_empty() {
        return Err(MapError::NotAMapping {
            field: field.to_string(),
            written: trimmed.to_string(),
        });
    }
    block(text, layout, i, field)
}

fn block(text: &str, layout: &Layout, key_index: usize, field: &str) -> Result<Shape, MapError> {
    let key_line = layout.yaml[key_index];
    let mut child: Option<usize> = None;
    let mut entries: Vec<(Entry, usize)> = Vec::new();
    for l in &layout.yaml[key_index + 1..] {
        let t = l.text(text);
        let trimmed = t.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = t.len() - trimmed.len();
        if indent == 0 {
            break;
        }
        if trimmed.starts_with('\t') || t[..indent].contains('\t') {
            return Err(MapError::Tabs {
                field: field.to_string(),
            });
        }
        let child_indent = *child.get_or_insert(indent);
        if indent > child_indent {
            // A continuation of the entry above (a nested value).
            match entries.last_mut() {
                Some((_, end)) => *end = l.next,
                None => {
                    return Err(MapError::Indentation {
                        field: field.to_string(),
                    })
                }
            }
            continue;
        }
        if indent < child_indent || trimmed.starts_with("- ") || trimmed == "-" {
            return Err(MapError::NotOnePerLine {
                field: field.to_string(),
            });
        }
        let key_start = l.start + indent;
        let (key, quote, after_key) =
            read_key(text, key_start, l.end).ok_or_else(|| MapError::Entry {
                field: field.to_string(),
                entry: trimmed.to_string(),
            })?;
        let value_from = after_key + 1; // after the colon
        let line_rest = &text[value_from..l.end];
        let value_end = value_from + comment_start(line_rest);
        let raw = &text[value_from..value_end];
        let lead = raw.len() - raw.trim_start().len();
        let value = value_from + lead..value_from + raw.trim_end().len();
        let value = if value.start > value.end {
            value_from..value_from
        } else {
            value
        };
        entries.push((
            Entry {
                key,
                quote,
                value,
                span: key_start..l.end,
            },
            l.next,
        ));
    }
    // A multi-line entry: its span runs to the end of its last line.
    for (e, end) in &mut entries {
        let last_end = text[..*end]
            .trim_end_matches('\n')
            .trim_end_matches('\r')
            .len();
        if last_end > e.span.end {
            // The value continues below: treat the whole rest as the value.
            e.span.end = last_end;
            e.value = e.value.start..e.value.start;
        }
    }
    Ok(Shape::Block {
        key_line,
        indent: child.map(|n| " ".repeat(n)),
        entries,
    })
}

/// Reads a key at `start` (quoted or not) up to its `:`; returns the key,
/// its quote and the offset of the colon.
fn read_key(text: &str, start: usize, end: usize) -> Option<(String, Option<char>, usize)> {
    let s = &text[start..end];
    let first = s.chars().next()?;
    if first == '"' || first == '\'' {
        let close = s[1..].find(first)? + 1;
        let key = s[1..close].to_string();
        let after = &s[close + 1..];
        let colon = close + 1 + after.find(':')?;
        if !s[close + 1..colon].trim().is_empty() {
            return None;
        }
        return Some((key, Some(first), start + colon));
    }
    let colon = s.find(':')?;
    Some((s[..colon].trim_end().to_string(), None, start + colon))
}

/// The entries of a flow mapping whose `{` ends at `open`, read up to its
/// matching `}` (before `limit`).
fn flow(text: &str, open: usize, limit: usize, field: &str) -> Result<Vec<Entry>, MapError> {
    let mut depth = 1usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '{';
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut part_start = open;
    let mut close = None;
    let mut chars = text[open..limit].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = open + i;
        if comment {
            if c == '\n' {
                comment = false;
            }
            prev = c;
            continue;
        }
        match quote {
            Some('\'') if c == '\'' => {
                if chars.peek().map(|(_, n)| *n) == Some('\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' if prev.is_whitespace() => comment = true,
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth -= 1;
                    if depth == 0 {
                        parts.push(part_start..at);
                        close = Some(at);
                        break;
                    }
                }
                ',' if depth == 1 => {
                    parts.push(part_start..at);
                    part_start = at + 1;
                }
                _ => {}
            },
        }
        prev = c;
    }
    if close.is_none() {
        return Err(MapError::Unclosed {
            field: field.to_string(),
        });
    }
    let mut entries = Vec::new();
    for part in parts {
        let raw = &text[part.clone()];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') {
            return Err(MapError::Comments {
                field: field.to_string(),
            });
        }
        let start = part.start + (raw.len() - raw.trim_start().len());
        let end = part.start + raw.trim_end().len();
        let (key, quote, colon) = read_key(text, start, end).ok_or_else(|| MapError::Entry {
            field: field.to_string(),
            entry: trimmed.to_string(),
        })?;
        let after = &text[colon + 1..end];
        let value_start = colon + 1 + (after.len() - after.trim_start().len());
        entries.push(Entry {
            key,
            quote,
            value: value_start..end,
            span: start..end,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, field: &str, date: &str, value: &str) -> String {
        let layout = Layout::of(text).unwrap();
        let d = parse_date(date).unwrap();
        let e = set(text, &layout, field, d, value).unwrap();
        let mut out = text.to_string();
        out.replace_range(e.range, &e.with);
        out
    }

    #[test]
    fn block_in_order_and_replace() {
        let t = "---\nlog:\n  2026-11-16: 3 # ok\n  2026-11-18: 2\nx: 1\n---\n";
        assert_eq!(
            apply(t, "log", "2026-11-17", "4"),
            "---\nlog:\n  2026-11-16: 3 # ok\n  2026-11-17: 4\n  2026-11-18: 2\nx: 1\n---\n"
        );
        assert_eq!(
            apply(t, "log", "2026-11-16", "1"),
            "---\nlog:\n  2026-11-16: 1 # ok\n  2026-11-18: 2\nx: 1\n---\n"
        );
        assert_eq!(
            apply(t, "log", "2026-11-01", "1"),
            "---\nlog:\n  2026-11-01: 1\n  2026-11-16: 3 # ok\n  2026-11-18: 2\nx: 1\n---\n"
        );
    }

    #[test]
    fn nested_value_is_replaced_whole() {
        let t = "---\nlog:\n  2026-11-16:\n    value: 3\n    note: x\n  2026-11-18: 2\n---\n";
        assert_eq!(
            apply(t, "log", "2026-11-16", "1"),
            "---\nlog:\n  2026-11-16: 1\n  2026-11-18: 2\n---\n"
        );
    }

    #[test]
    fn flow_maps() {
        let t = "---\nlog: {2026-11-16: 3, 2026-11-18: 2}\n---\n";
        assert_eq!(
            apply(t, "log", "2026-11-17", "4"),
            "---\nlog: {2026-11-16: 3, 2026-11-17: 4, 2026-11-18: 2}\n---\n"
        );
        assert_eq!(
            apply(t, "log", "2026-11-19", "4"),
            "---\nlog: {2026-11-16: 3, 2026-11-18: 2, 2026-11-19: 4}\n---\n"
        );
        assert_eq!(
            apply("---\nlog: {}\n---\n", "log", "2026-11-19", "4"),
            "---\nlog: {2026-11-19: 4}\n---\n"
        );
    }

    #[test]
    fn absent_and_empty() {
        assert_eq!(
            apply("---\nkind: practice\n---\nbody\n", "log", "2026-11-19", "✓"),
            "---\nkind: practice\nlog:\n  2026-11-19: ✓\n---\nbody\n"
        );
        assert_eq!(
            apply("---\nlog:\nkind: practice\n---\n", "log", "2026-11-19", "✓"),
            "---\nlog:\n  2026-11-19: ✓\nkind: practice\n---\n"
        );
    }
}
