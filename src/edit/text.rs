//! A goal file's raw text as lines with byte offsets, and where its
//! frontmatter and body are: the positions every edit is made at. Offsets
//! are into the file's own text (BOM and CRLF included), so an edit
//! replaces exactly the bytes it means to and no others.

/// One line: `start..end` is its text without the line end, `next` is
/// where the following line starts (after `\n` or `\r\n`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) next: usize,
}

impl Line {
    pub(crate) fn text(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    /// The line end as written (`""` for a last line without one).
    pub(crate) fn eol(self, text: &str) -> &str {
        &text[self.end..self.next]
    }
}

/// The lines of `text` from byte `from` on.
pub(crate) fn lines(text: &str, from: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = from;
    while start < text.len() {
        let next = text[start..]
            .find('\n')
            .map(|i| start + i + 1)
            .unwrap_or(text.len());
        let mut end = next;
        if text[start..end].ends_with('\n') {
            end -= 1;
        }
        if text[start..end].ends_with('\r') {
            end -= 1;
        }
        out.push(Line { start, end, next });
        start = next;
    }
    out
}

/// Where the parts of a goal file are.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// The YAML lines between the opening and the closing line.
    pub(crate) yaml: Vec<Line>,
    /// The closing `---` (or `...`) line.
    pub(crate) close: Line,
    /// The line end the file uses (that of its opening line).
    pub(crate) eol: String,
}

impl Layout {
    /// Finds the frontmatter the way [`crate::source::split`] does; `None`
    /// when the file has none, or it never closes.
    pub fn of(text: &str) -> Option<Layout> {
        let from = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let all = lines(text, from);
        let first = *all.first()?;
        if first.text(text).trim_end() != "---" {
            return None;
        }
        let close = all
            .iter()
            .skip(1)
            .position(|l| matches!(l.text(text).trim_end(), "---" | "..."))?
            + 1;
        let eol = match first.eol(text) {
            "" => "\n".to_string(),
            e => e.to_string(),
        };
        Some(Layout {
            yaml: all[1..close].to_vec(),
            close: all[close],
            eol,
        })
    }

    /// The indentation the frontmatter uses for nested lines (the first
    /// indented line's), else two spaces.
    pub(crate) fn indent(&self, text: &str) -> String {
        self.yaml
            .iter()
            .map(|l| l.text(text))
            .find_map(|t| {
                let trimmed = t.trim_start_matches(' ');
                let n = t.len() - trimmed.len();
                (n > 0 && !trimmed.is_empty() && !trimmed.starts_with('#')).then_some(n)
            })
            .map_or_else(|| "  ".to_string(), |n| " ".repeat(n))
    }
}

/// The byte offset where a ` # comment` starts on `line` (outside quotes),
/// else its length.
pub(crate) fn comment_start(line: &str) -> usize {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && (prev == ' ' || prev == '\t') => return i,
            None => {}
        }
        prev = c;
    }
    line.len()
}

/// The 1-based line number of byte `offset`.
pub(crate) fn line_number(text: &str, offset: usize) -> u32 {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_frontmatter_with_bom_and_crlf() {
        let text = "\u{feff}---\r\nkind: practice\r\n---\r\nbody\r\n";
        let l = Layout::of(text).unwrap();
        assert_eq!(l.eol, "\r\n");
        assert_eq!(l.yaml.len(), 1);
        assert_eq!(l.yaml[0].text(text), "kind: practice");
        assert_eq!(l.close.text(text), "---");
        assert!(Layout::of("# README\n").is_none());
        assert!(Layout::of("---\nkind: x\n").is_none());
    }

    #[test]
    fn comments_outside_quotes_only() {
        assert_eq!(comment_start("a: 1 # two"), 5);
        assert_eq!(comment_start("a: \"1 # two\""), 12);
        assert_eq!(comment_start("a: x#y"), 6);
    }
}
