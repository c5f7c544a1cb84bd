//! Finding where a key was written in frontmatter text, so errors about a
//! value point at its line, not just at the file.
//!
//! The YAML library gives positions only for syntax errors; for everything
//! else we look the key up in the text. Block style (`key:` on its own
//! line, nested by indentation) is found exactly; flow style
//! (`log: {2026-11-16: 3}`) is found by searching the parent's lines.

use crate::diagnostics::Pos;

/// The lines of a frontmatter block and the file line of its first line.
#[derive(Debug, Clone)]
pub struct KeyIndex<'a> {
    lines: Vec<&'a str>,
    first_line: u32,
}

impl<'a> KeyIndex<'a> {
    pub fn new(yaml: &'a str, first_line: u32) -> Self {
        KeyIndex {
            lines: yaml.lines().collect(),
            first_line,
        }
    }

    /// File position of the line before the frontmatter (the opening `---`).
    pub fn opening(&self) -> Pos {
        Pos::new(self.first_line.saturating_sub(1).max(1), 1)
    }

    /// File position of the key at `path` (e.g. `["log", "2026-11-16"]`),
    /// or of its nearest ancestor that could be found, or of the opening `---`.
    pub fn find(&self, path: &[&str]) -> Pos {
        let mut best = self.opening();
        // The previous key found: (line, column after it, its indentation).
        let mut parent: Option<(usize, usize, usize)> = None;
        let mut to = self.lines.len();
        for key in path {
            let found = match parent {
                None => self.top_level(key),
                Some((line, after, indent)) => self.child(key, line, after, indent, to),
            };
            let Some((line, col, indent)) = found else {
                break;
            };
            best = Pos::new(self.first_line + line as u32, col as u32 + 1);
            to = self.block_end(line, indent);
            parent = Some((line, col + key.len(), indent));
        }
        best
    }

    /// File position of `needle` in the block of the key at `path`
    /// (for list items, which have no key of their own), else of the key.
    pub fn find_text(&self, path: &[&str], needle: &str) -> Pos {
        let key = self.find(path);
        let from = key.line.saturating_sub(self.first_line) as usize;
        for (i, line) in self.lines.iter().enumerate().skip(from) {
            if let Some(col) = line.find(needle) {
                return Pos::new(self.first_line + i as u32, col as u32 + 1);
            }
        }
        key
    }

    /// File positions of the block-style keys directly under the top-level
    /// key `parent` (e.g. every date of a `log:`), found in one pass. Keys
    /// written in flow style are left out: look those up with [`find`](Self::find).
    pub fn children(&self, parent: &str) -> std::collections::HashMap<&'a str, Pos> {
        let mut out = std::collections::HashMap::new();
        let Some((line, _, indent)) = self.top_level(parent) else {
            return out;
        };
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
            let Some(end) = unquoted.find(':') else {
                continue;
            };
            let key = unquoted[..end].trim_end().trim_end_matches(['"', '\'']);
            out.entry(key)
                .or_insert(Pos::new(self.first_line + i as u32, this_indent as u32 + 1));
        }
        out
    }

    fn top_level(&self, key: &str) -> Option<(usize, usize, usize)> {
        self.lines
            .iter()
            .position(|l| key_at(l, key))
            .map(|i| (i, 0, 0))
    }

    /// `key` below a parent key found at (`line`, `after`) with `indent`:
    /// on the rest of the parent's line (flow style) or on a deeper line
    /// before `to` (block style, possibly after a list dash, or flow).
    fn child(
        &self,
        key: &str,
        line: usize,
        after: usize,
        indent: usize,
        to: usize,
    ) -> Option<(usize, usize, usize)> {
        if let Some(col) = flow_key(self.lines[line], after, key) {
            return Some((line, col, indent));
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
                return Some((i, body_col, this_indent));
            }
            if let Some(col) = flow_key(l, this_indent, key) {
                return Some((i, col, this_indent));
            }
        }
        None
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

/// Column of `key:` inside a flow collection on `line`, at or after byte `from`.
fn flow_key(line: &str, from: usize, key: &str) -> Option<usize> {
    let rest = line.get(from..)?;
    rest.match_indices(key).find_map(|(pos, _)| {
        let before = rest[..pos].trim_end_matches(['"', '\'']).trim_end();
        let opens = before.ends_with('{') || before.ends_with(',') || before.ends_with('[');
        (opens && key_at(&rest[pos..], key)).then_some(from + pos)
    })
}

/// Whether `text` starts with `key` (optionally quoted) followed by `:`.
pub(crate) fn key_at(text: &str, key: &str) -> bool {
    let unquoted = |t: &str| t.strip_prefix(key).map(|r| r.trim_start().starts_with(':'));
    if let Some(ok) = unquoted(text) {
        return ok;
    }
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q) {
            if let Some(rest) = inner.strip_prefix(key) {
                if let Some(rest) = rest.strip_prefix(q) {
                    return rest.trim_start().starts_with(':');
                }
            }
        }
    }
    false
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
        assert_eq!(children.len(), 2);
        for key in ["2026-11-16", "2026-11-17"] {
            assert_eq!(children[key], idx.find(&["log", key]), "{key}");
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
    fn does_not_confuse_nested_with_top_level() {
        let idx = KeyIndex::new("extra:\n  title: x\ntitle: y\n", 2);
        assert_eq!(idx.find(&["title"]), Pos::new(4, 1));
    }
}
