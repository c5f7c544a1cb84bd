//! Splitting a goal file into YAML frontmatter and Markdown body, keeping
//! the line on which each starts (FORMAT §1).

use crate::diagnostics::Pos;

/// The result of splitting one file's text.
#[derive(Debug, Clone, PartialEq)]
pub enum Split<'a> {
    /// No frontmatter: not a goal file (a plain README stays a README).
    Plain,
    /// YAML frontmatter between `---` lines.
    Yaml {
        /// The YAML text, with CRLF already normalised to LF.
        yaml: std::borrow::Cow<'a, str>,
        /// File line of the first YAML line (the line after the opening `---`).
        yaml_line: u32,
        /// The Markdown body after the closing line.
        body: &'a str,
        /// File line on which the body starts.
        body_line: u32,
    },
    /// Starts with `---` but never closes.
    Unclosed,
    /// TOML frontmatter (`+++`): we explain that YAML is expected.
    Toml,
}

/// Splits `text` (already valid UTF-8, BOM allowed) into frontmatter and body.
pub fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Each line is compared trimmed at its end: a `\r` left by a CRLF
    // file goes with the spaces.
    let mut lines = crate::text::lines(text);
    let Some(first) = lines.next() else {
        return Split::Plain;
    };
    match first.trim_end() {
        "---" => {}
        "+++" => return Split::Toml,
        _ => return Split::Plain,
    }
    let yaml_start = lines.offset();
    let mut line_no = 1u32;
    loop {
        let start = lines.offset();
        let Some(line) = lines.next() else {
            return Split::Unclosed;
        };
        line_no += 1;
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let raw = &text[yaml_start..start];
            let yaml = if raw.contains('\r') {
                std::borrow::Cow::Owned(raw.replace("\r\n", "\n"))
            } else {
                std::borrow::Cow::Borrowed(raw)
            };
            return Split::Yaml {
                yaml,
                yaml_line: 2,
                body: &text[lines.offset()..],
                body_line: line_no + 1,
            };
        }
    }
}

/// Converts a position inside the frontmatter YAML to a file position.
pub(crate) fn file_pos(yaml_line: u32, pos: Pos) -> Pos {
    Pos::new(yaml_line + pos.line.saturating_sub(1), pos.column.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_lines() {
        let s = split("---\nkind: purpose\ntitle: x\n---\n# Body\n");
        let Split::Yaml {
            yaml,
            yaml_line,
            body,
            body_line,
        } = s
        else {
            panic!("{s:?}")
        };
        assert_eq!(yaml, "kind: purpose\ntitle: x\n");
        assert_eq!(yaml_line, 2);
        assert_eq!(body, "# Body\n");
        assert_eq!(body_line, 5);
    }

    #[test]
    fn accepts_bom_crlf_and_dots() {
        let s = split("\u{feff}---\r\nkind: purpose\r\n...\r\nbody\r\n");
        let Split::Yaml { yaml, body, .. } = s else {
            panic!("{s:?}")
        };
        assert_eq!(yaml, "kind: purpose\n");
        assert_eq!(body, "body\r\n");
    }

    #[test]
    fn recognises_plain_unclosed_and_toml() {
        assert_eq!(split("# README\n"), Split::Plain);
        assert_eq!(split(""), Split::Plain);
        assert_eq!(split("---\nkind: purpose\n"), Split::Unclosed);
        assert_eq!(split("+++\nkind = 'purpose'\n+++\n"), Split::Toml);
    }
}
