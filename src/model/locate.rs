//! Finding where a key was written in frontmatter text, so errors about a
//! value point at its line, not just at the file.
//!
//! The YAML library gives positions only for syntax errors; for everything
//! else we look the key up in the text. Block style (`key:` on its own
//! line, nested by indentation) is found exactly; flow style
//! (`log: {2026-11-16: 3}`) is found by searching the parent's lines.

use crate::diagnostics::Pos;
use crate::yaml::key_at;

/// The lines of a frontmatter block and the file line of its first line.
#[derive(Debug, Clone)]
pub(crate) struct KeyIndex<'a> {
    lines: Vec<&'a str>,
    first_line: u32,
}

/// A place in the frontmatter: a file position and how many characters
/// the text there spans (a key, or a whole value), for the caret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub(crate) pos: Pos,
    pub(crate) width: u32,
}

/// A path segment that selects the `n`-th item (from 0) of a list, as in
/// `["calendar", "breaks", &item(1), "to"]`: the second break's `to`.
pub fn item(n: usize) -> String {
    format!("[{n}]")
}

fn item_number(segment: &str) -> Option<usize> {
    segment.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
}

/// Where a key was found: its line (index into `lines`), the byte where
/// it starts, the byte after it (after a closing quote), and the
/// indentation of its line or list item.
#[derive(Debug, Clone, Copy)]
struct Found {
    line: usize,
    col: usize,
    after: usize,
    indent: usize,
    /// A list item: its first key may follow the `- ` on the same line.
    item: bool,
}

impl<'a> KeyIndex<'a> {
    pub fn new(yaml: &'a str, first_line: u32) -> Self {
        KeyIndex {
            lines: crate::text::lines(yaml).collect(),
            first_line,
        }
    }

    /// File position of the line before the frontmatter (the opening `---`).
    pub(crate) fn opening(&self) -> Pos {
        Pos::new(self.first_line.saturating_sub(1).max(1), 1)
    }

    /// File position of byte `col` of line `line` (columns count characters).
    fn pos(&self, line: usize, col: usize) -> Pos {
        let text = self.lines.get(line).copied().unwrap_or("");
        Pos::new(self.first_line + line as u32, char_col(text, col))
    }

    fn span(&self, line: usize, from: usize, to: usize) -> Span {
        let text = self.lines.get(line).copied().unwrap_or("");
        let width = text.get(from..to).map_or(0, |t| t.chars().count());
        Span {
            pos: self.pos(line, from),
            width: width as u32,
        }
    }

    /// File position of the key at `path` (e.g. `["log", "2026-11-16"]`),
    /// or of its nearest ancestor that could be found, or of the opening `---`.
    pub(crate) fn find(&self, path: &[&str]) -> Pos {
        self.key_span(path).pos
    }

    /// The key at `path` with its width, or its nearest ancestor that
    /// could be found, or the opening `---` (width 0).
    pub(crate) fn key_span(&self, path: &[&str]) -> Span {
        let (found, _) = self.walk(path);
        match found {
            Some(f) if f.after > f.col => self.span(f.line, f.col, f.after),
            Some(f) => Span {
                pos: self.pos(f.line, f.col),
                width: 0,
            },
            None => Span {
                pos: self.opening(),
                width: 0,
            },
        }
    }

    /// The value written after the key at `path` on the same line, the
    /// whole of it (`Hallway presence`, `"quoted text"`, `[a, b]`), or
    /// `None` when the key cannot be found or its value is on the lines
    /// below it.
    pub(crate) fn value_span(&self, path: &[&str]) -> Option<Span> {
        let (found, complete) = self.walk(path);
        let f = found.filter(|_| complete)?;
        let line = self.lines[f.line];
        let colon = f.after + line[f.after..].find(':')?;
        let rest = &line[colon + 1..];
        let start = colon + 1 + (rest.len() - rest.trim_start().len());
        let flow = in_flow(&line[..f.col]);
        let len = value_len(&line[start..], flow);
        (len > 0).then(|| self.span(f.line, start, start + len))
    }

    /// Follows `path` as far as it can: the last key found, and whether
    /// every key of the path was found.
    fn walk(&self, path: &[&str]) -> (Option<Found>, bool) {
        let mut parent: Option<Found> = None;
        let mut to = self.lines.len();
        for key in path {
            let found = match (parent, item_number(key)) {
                (None, _) => self.top_level(key),
                (Some(p), Some(n)) => self.list_item(n, p, to),
                (Some(p), None) => self.child(key, p, to),
            };
            let Some(found) = found else {
                return (parent, false);
            };
            to = if found.item {
                self.item_end(found.line, found.indent, to)
            } else {
                self.block_end(found.line, found.indent).min(to)
            };
            parent = Some(found);
        }
        (parent, !path.is_empty())
    }

    /// File position of `needle` in the block of the key at `path`
    /// (for list items, which have no key of their own), else of the key.
    pub(crate) fn find_text(&self, path: &[&str], needle: &str) -> Pos {
        let key = self.find(path);
        let from = key.line.saturating_sub(self.first_line) as usize;
        for (i, line) in self.lines.iter().enumerate().skip(from) {
            if let Some(col) = line.find(needle) {
                return self.pos(i, col);
            }
        }
        key
    }

    /// File position of `word` written as a whole item (`[a, word]`,
    /// `- word`) in the value of the key at `path`, else of the key.
    pub(crate) fn find_word(&self, path: &[&str], word: &str) -> Pos {
        let (found, complete) = self.walk(path);
        let Some(f) = found.filter(|_| complete && !word.is_empty()) else {
            return self.find(path);
        };
        let end = self.block_end(f.line, f.indent);
        let edge = |c: Option<char>| {
            c.is_none_or(|c| {
                c.is_whitespace() || matches!(c, '[' | ']' | ',' | '-' | '"' | '\'' | '#')
            })
        };
        for (i, line) in self.lines.iter().enumerate().take(end).skip(f.line) {
            let from = if i == f.line { f.after } else { 0 };
            for (at, _) in line[from..].match_indices(word) {
                let at = from + at;
                if edge(line[..at].chars().next_back())
                    && edge(line[at + word.len()..].chars().next())
                {
                    return self.pos(i, at);
                }
            }
        }
        self.pos(f.line, f.col)
    }

    /// File positions of the block-style keys directly under the top-level
    /// key `parent` (e.g. every date of a `log:`), found in one pass, in the
    /// order they are written. Keys written in flow style are left out:
    /// look those up with [`find`](Self::find).
    pub fn children(&self, parent: &str) -> Vec<(&'a str, Pos)> {
        let mut out = Vec::new();
        let Some(found) = self.top_level(parent) else {
            return out;
        };
        let (line, indent) = (found.line, found.indent);
        let mut child_indent: Option<usize> = None;
        for (i, l) in self
            .lines
            .iter()
            .enumerate()
            .take(self.block_end(line, indent))
            .skip(line + 1)
        {
            let trimmed = l.trim_start();
            let this_indent = l.len() - trimmed.len();
            if trimmed.is_empty() || trimmed.starts_with('#') || this_indent <= indent {
                continue;
            }
            // Only keys at the first level below the parent.
            if *child_indent.get_or_insert(this_indent) != this_indent {
                continue;
            }
            let unquoted = trimmed.trim_start_matches(['"', '\'']);
            let Some(end) = crate::text::find_byte(unquoted, b':') else {
                continue;
            };
            let key = unquoted[..end].trim_end().trim_end_matches(['"', '\'']);
            out.push((key, self.pos(i, this_indent)));
        }
        out
    }

    fn top_level(&self, key: &str) -> Option<Found> {
        let line = self.lines.iter().position(|l| key_at(l, key))?;
        Some(Found {
            line,
            col: 0,
            after: key_end(self.lines[line], 0, key),
            indent: 0,
            item: false,
        })
    }

    /// `key` below `parent`: on the rest of the parent's line (flow style,
    /// or the first key of a block list item) or on a deeper line before
    /// `to` (block style, possibly after a list dash, or flow).
    fn child(&self, key: &str, parent: Found, to: usize) -> Option<Found> {
        let Found {
            line,
            after,
            indent,
            ..
        } = parent;
        let at = |line: usize, col: usize, indent: usize| {
            Some(Found {
                line,
                col,
                after: key_end(self.lines[line], col, key),
                indent,
                item: false,
            })
        };
        let text = self.lines[line];
        if parent.item && text.get(after..).is_some_and(|rest| key_at(rest, key)) {
            return at(line, after, indent);
        }
        if let Some(col) = flow_key(text, after, key) {
            return at(line, col, indent);
        }
        for (i, l) in self.lines.iter().enumerate().take(to).skip(line + 1) {
            let trimmed = l.trim_start();
            let this_indent = l.len() - trimmed.len();
            if trimmed.starts_with('#') || this_indent <= indent && !trimmed.starts_with("- ") {
                continue;
            }
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            let body_col = l.len() - body.len();
            if key_at(body, key) {
                return at(i, body_col, this_indent);
            }
            if let Some(col) = flow_key(l, this_indent, key) {
                return at(i, col, this_indent);
            }
        }
        None
    }

    /// The `n`-th item (from 0) of the block list below `parent`: the
    /// lines starting with `- ` at the indentation of the first one.
    fn list_item(&self, n: usize, parent: Found, to: usize) -> Option<Found> {
        let mut dash_indent = None;
        let mut count = 0;
        for (i, l) in self.lines.iter().enumerate().take(to).skip(parent.line + 1) {
            let trimmed = l.trim_start();
            let this_indent = l.len() - trimmed.len();
            if !(trimmed.starts_with("- ") || trimmed == "-") {
                continue;
            }
            if *dash_indent.get_or_insert(this_indent) != this_indent {
                continue;
            }
            if count == n {
                let body = trimmed[1..].trim_start();
                return Some(Found {
                    line: i,
                    col: this_indent,
                    after: l.len() - body.len(),
                    indent: this_indent,
                    item: true,
                });
            }
            count += 1;
        }
        None
    }

    /// The line after the list item that starts at `line` with its dash at `indent`.
    fn item_end(&self, line: usize, indent: usize, to: usize) -> usize {
        for (i, l) in self.lines.iter().enumerate().take(to).skip(line + 1) {
            let t = l.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if l.len() - t.len() <= indent {
                return i;
            }
        }
        to
    }

    /// The line after the last line of the block that starts at `line`.
    fn block_end(&self, line: usize, indent: usize) -> usize {
        for (i, l) in self.lines.iter().enumerate().skip(line + 1) {
            let t = l.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if l.len() - t.len() <= indent && !t.starts_with("- ") {
                return i;
            }
            if l.len() - t.len() < indent {
                return i;
            }
        }
        self.lines.len()
    }
}

/// The 1-based column, in characters, of byte `byte` of `line`.
pub(crate) fn char_col(line: &str, byte: usize) -> u32 {
    let mut byte = byte.min(line.len());
    while !line.is_char_boundary(byte) {
        byte -= 1;
    }
    line[..byte].chars().count() as u32 + 1
}

/// The byte after `key` (and its closing quote) written at byte `col` of `line`.
fn key_end(line: &str, col: usize, key: &str) -> usize {
    let quoted = line[col..].starts_with(['"', '\'']);
    (col + key.len() + if quoted { 2 } else { 0 }).min(line.len())
}

/// Whether text before a key leaves it inside a flow collection (`{…`).
fn in_flow(before: &str) -> bool {
    let opens = before.matches(['{', '[']).count();
    let closes = before.matches(['}', ']']).count();
    opens > closes
}

/// Bytes of the value at the start of `text`: a quoted string with its
/// quotes, a bracketed collection, or plain text up to a comment (and, in
/// a flow collection, up to the next `,`, `}` or `]`), without the spaces
/// after it.
fn value_len(text: &str, flow: bool) -> usize {
    let mut chars = text.char_indices();
    match chars.next() {
        None | Some((_, '#')) => 0,
        Some((_, q @ ('"' | '\''))) => {
            let mut escaped = false;
            for (i, c) in chars {
                if q == '"' && c == '\\' && !escaped {
                    escaped = true;
                    continue;
                }
                if c == q && !escaped {
                    return i + 1;
                }
                escaped = false;
            }
            text.trim_end().len()
        }
        Some((_, open @ ('[' | '{'))) => {
            let close = if open == '[' { ']' } else { '}' };
            let mut depth = 0;
            for (i, c) in text.char_indices() {
                if c == open {
                    depth += 1;
                } else if c == close {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
            }
            text.trim_end().len()
        }
        Some(_) => {
            let mut end = text.len();
            let mut prev = ' ';
            for (i, c) in text.char_indices() {
                if (c == '#' && prev.is_whitespace()) || (flow && matches!(c, ',' | '}' | ']')) {
                    end = i;
                    break;
                }
                prev = c;
            }
            text[..end].trim_end().len()
        }
    }
}

/// Column of `key:` inside a flow collection on `line`, at or after byte `from`.
fn flow_key(line: &str, from: usize, key: &str) -> Option<usize> {
    let rest = line.get(from..)?;
    rest.match_indices(key).find_map(|(pos, _)| {
        let before = rest[..pos].trim_end_matches(['"', '\'']).trim_end();
        let opens = before.ends_with('{') || before.ends_with(',') || before.ends_with('[');
        (opens && key_at(&rest[pos..], key)).then_some(from + pos)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "kind: practice\ntitle: Visits\nlog:\n  2026-11-16: 3\n  \"2026-11-17\": {value: 2, note: short day}\nevidence:\n  - date: 2026-11-16\n    url: https://x\nflow: {a: 1, b: 2}\n";

    #[test]
    fn finds_top_level_and_nested_keys() {
        let idx = KeyIndex::new(YAML, 2);
        assert_eq!(idx.find(&["kind"]), Pos::new(2, 1));
        assert_eq!(idx.find(&["log"]), Pos::new(4, 1));
        assert_eq!(idx.find(&["log", "2026-11-16"]), Pos::new(5, 3));
        assert_eq!(idx.find(&["log", "2026-11-17"]), Pos::new(6, 3));
        assert_eq!(idx.find(&["log", "2026-11-17", "value"]), Pos::new(6, 18));
        assert_eq!(idx.find(&["evidence", "url"]), Pos::new(9, 5));
        assert_eq!(idx.find(&["flow", "b"]), Pos::new(10, 14));
    }

    #[test]
    fn children_are_found_in_one_pass_like_find() {
        let idx = KeyIndex::new(YAML, 2);
        let children = idx.children("log");
        let keys: Vec<&str> = children.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["2026-11-16", "2026-11-17"]);
        for (key, pos) in children {
            assert_eq!(pos, idx.find(&["log", key]), "{key}");
        }
        assert!(idx.children("nope").is_empty());
    }

    #[test]
    fn falls_back_to_nearest_ancestor_then_opening() {
        let idx = KeyIndex::new(YAML, 2);
        assert_eq!(idx.find(&["log", "2027-01-01"]), Pos::new(4, 1));
        assert_eq!(idx.find(&["nope"]), Pos::new(1, 1));
    }

    #[test]
    fn values_are_spanned_whole() {
        let yaml = "cadence: Hallway presence  # a comment\ntitle: \"Reading: 67%\"\nflow: {a: two words, b: 2}\nlog:\n  2026-11-16: lots\nlist:\n  - x\n";
        let idx = KeyIndex::new(yaml, 2);
        let span = |p: &[&str]| {
            idx.value_span(p)
                .map(|s| (s.pos.line, s.pos.column, s.width))
        };
        assert_eq!(span(&["cadence"]), Some((2, 10, 16)));
        assert_eq!(span(&["title"]), Some((3, 8, 14)));
        assert_eq!(span(&["flow", "a"]), Some((4, 11, 9)));
        assert_eq!(span(&["log", "2026-11-16"]), Some((6, 15, 4)));
        assert_eq!(span(&["list"]), None);
        assert_eq!(span(&["nope"]), None);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let idx = KeyIndex::new("title: “Reading” →\nflow: {“a”: 1, b: “x y”}\n", 2);
        assert_eq!(idx.find(&["flow", "b"]), Pos::new(3, 16));
        assert_eq!(
            idx.value_span(&["flow", "b"]),
            Some(Span {
                pos: Pos::new(3, 19),
                width: 5
            })
        );
        assert_eq!(idx.find_text(&["title"], "→"), Pos::new(2, 18));
    }

    #[test]
    fn list_items_are_found_by_number() {
        let yaml = "calendar:\n  breaks:\n    - name: A\n      to: 2026-11-27\n    - name: B\n      from: 2027-01-02\n      to: 2026-12-21\n    - {name: C, to: 2027-04-02}\n";
        let idx = KeyIndex::new(yaml, 2);
        let at = |n: usize, key: &str| idx.find(&["calendar", "breaks", &item(n), key]);
        assert_eq!(at(0, "to"), Pos::new(5, 7));
        assert_eq!(at(1, "name"), Pos::new(6, 7));
        assert_eq!(at(1, "to"), Pos::new(8, 7));
        assert_eq!(at(2, "to"), Pos::new(9, 17));
        // An item without that key: the item's dash, never another item.
        assert_eq!(at(0, "from"), Pos::new(4, 5));
        assert_eq!(
            idx.value_span(&["calendar", "breaks", &item(1), "to"])
                .map(|s| s.pos),
            Some(Pos::new(8, 11))
        );
    }

    #[test]
    fn does_not_confuse_nested_with_top_level() {
        let idx = KeyIndex::new("extra:\n  title: x\ntitle: y\n", 2);
        assert_eq!(idx.find(&["title"]), Pos::new(4, 1));
    }
}
