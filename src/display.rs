//! Diagnostics for a terminal, the way a compiler prints them:
//!
//! ```text
//! error[unknown-field]: goals/x.md:4:1: unknown field `knd`
//!   |
//! 4 | knd: progress
//!   | ^^^
//!   = hint: did you mean `kind`?
//! ```
//!
//! and in the one-line formats for the tools around it: [`short`]
//! (`file:line:col: severity[code]: message`, for editors' quickfix lists
//! and problem matchers) and [`github`] (GitHub Actions annotations).
//!
//! Text from goal files never reaches a terminal raw: every format goes
//! through the terminal writer ([`crate::terminal`]), which writes every
//! control and bidi character escaped, with or without colour.

use crate::diagnostics::{Diagnostic, Severity, Tally};
use crate::terminal::{escape, escape_but, Style, Text};
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Renders every diagnostic with its source line (read from `root`) and a caret.
pub fn render(diagnostics: &[Diagnostic], root: &Path, color: bool) -> Text {
    let mut sources: HashMap<&str, Option<Vec<String>>> = HashMap::new();
    let mut out = Text::new(color);
    for d in diagnostics {
        let (label, style) = match d.severity {
            Severity::Error => ("error", Style::BoldRed),
            Severity::Warning => ("warning", Style::BoldYellow),
        };
        out.paint(style, &format!("{label}[{}]", d.code));
        let _ = write!(out, ": {}:{}:{}: ", escape(&d.file), d.line, d.column);
        out.paint(Style::Bold, &escape(&d.message)).push("\n");
        let lines = sources
            .entry(d.file.as_str())
            .or_insert_with(|| read_lines(&root.join(&d.file)));
        let number = d.line.to_string();
        let gutter = " ".repeat(number.len());
        if let Some(text) = lines
            .as_ref()
            .and_then(|l| l.get(d.line.saturating_sub(1) as usize))
        {
            out.push(&format!("{gutter} "))
                .paint(Style::BoldBlue, "|")
                .push("\n")
                .paint(Style::BoldBlue, &number)
                .push(" ")
                .paint(Style::BoldBlue, "|")
                .push(&format!(" {}\n", escape(text)));
            let (pad, width) = caret(text, d.column, d.width);
            out.push(&format!("{gutter} "))
                .paint(Style::BoldBlue, "|")
                .push(&format!(" {}", " ".repeat(pad)))
                .paint(style, &"^".repeat(width))
                .push("\n");
        }
        if let Some(hint) = &d.hint {
            out.push(&format!("{gutter} "))
                .paint(Style::BoldBlue, "=")
                .push(" ")
                .paint(Style::Bold, &format!("hint: {}", escape(hint)))
                .push("\n");
        }
        out.push("\n");
    }
    out
}

/// The one-line summary: "2 errors, 1 warning in 12 files".
pub fn summary(diagnostics: &[Diagnostic], files: usize, color: bool) -> Text {
    let t = Tally::of(diagnostics);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut out = Text::new(color);
    match t.errors {
        0 => out.push(&plural(0, "error")),
        n => out.paint(Style::BoldRed, &plural(n, "error")),
    };
    out.push(", ");
    match t.warnings {
        0 => out.push(&plural(0, "warning")),
        n => out.paint(Style::BoldYellow, &plural(n, "warning")),
    };
    out.push(&format!(" in {}", plural(files, "goal file")));
    out
}

fn read_lines(path: &Path) -> Option<Vec<String>> {
    // Only regular files: opening a FIFO would block for ever.
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Some(
        text.lines()
            .map(|l| l.trim_end_matches('\r').replace('\t', " "))
            .collect(),
    )
}

/// Where the caret goes and how wide, in display columns of the line as
/// shown (escaped, [`escape`]): `column` counts characters; the caret spans
/// `width` characters from `column` when known, else the word at `column`.
fn caret(line: &str, column: u32, width: u32) -> (usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let start = ((column.max(1) - 1) as usize).min(chars.len());
    let rest = &chars[start..];
    let taken = if width > 0 {
        rest.len().min(width as usize)
    } else {
        rest.iter()
            .take_while(|c| !c.is_whitespace() && **c != ':' && **c != ',' && **c != '|')
            .count()
    };
    let shown = |part: &[char]| escape(&part.iter().collect::<String>()).width();
    (shown(&chars[..start]), shown(&rest[..taken]).max(1))
}

/// Diagnostics one per line, `file:line:col: severity[code]: message`: the
/// shape compilers print, which editors' quickfix lists (vim's default
/// `errorformat`, Emacs' compilation mode) and problem matchers read.
/// Hints are left out; a newline in a message is written `\n`.
pub fn short(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            escape(&d.file),
            d.line,
            d.column,
            d.severity,
            d.code,
            escape(&d.message)
        );
    }
    out
}

/// Diagnostics as GitHub Actions workflow commands, one per line:
/// `::error file=F,line=L,col=C,title=CODE::MESSAGE` (`::warning` for
/// warnings), which GitHub shows as annotations on the lines of a pull
/// request. The hint follows the message on a line of its own.
///
/// GitHub's escaping: in the message `%`, CR and LF become `%25`, `%0D`,
/// `%0A`; in the properties `:` and `,` also become `%3A` and `%2C`. Other
/// control characters are escaped as for a terminal ([`escape`]).
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let message = match &d.hint {
            Some(hint) => format!("{}\nhint: {hint}", d.message),
            None => d.message.clone(),
        };
        // A position is left out where there is none (line 0).
        let at = if d.line > 0 {
            format!(",line={},col={}", d.line, d.column.max(1))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "::{} file={}{at},title={}::{}",
            d.severity,
            github_property(&d.file),
            github_property(d.code),
            github_data(&message)
        );
    }
    out
}

fn github_data(text: &str) -> String {
    escape_but(text, |c| c == '\n' || c == '\r')
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_underlines_the_word() {
        assert_eq!(caret("knd: progress", 1, 0), (0, 3));
        assert_eq!(caret("  2026-11-16: lots", 15, 0), (14, 4));
        assert_eq!(caret("", 9, 0), (0, 1));
        // Measured as shown: an ESC before the word takes four columns.
        assert_eq!(caret("a\x1b[2J: x", 8, 0), (10, 1));
        assert_eq!(caret("t: \x1b[31mred", 4, 0), (3, 11));
    }

    /// With colour, the only escape sequences are goalpost's own colours.
    #[test]
    fn colour_output_escapes_the_files_control_characters() {
        let dir = std::env::temp_dir().join(format!("goalpost-display-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("x.md"),
            "---\ntitle: \x1b]0;owned\x07\x1b[2J\n---\n",
        )
        .unwrap();
        let at = crate::diagnostics::Location::new("x.md", crate::diagnostics::Pos::new(2, 8));
        let d = Diagnostic::error("invalid-value", &at, "`\x1b[2J` is odd\rX")
            .with_hint("not \u{9b}this");
        let text = render(&[d], &dir, true).to_string();
        let _ = std::fs::remove_dir_all(&dir);
        let mut rest = text.as_str();
        while let Some(at) = rest.find('\x1b') {
            rest = &rest[at + 1..];
            let end = rest.find('m').unwrap();
            let code = &rest[..end];
            assert!(
                code.starts_with('[') && code[1..].chars().all(|c| c.is_ascii_digit() || c == ';'),
                "a sequence that is not a colour: {code:?} in {text:?}"
            );
            rest = &rest[end..];
        }
        assert!(
            text.contains("title: \\x1b]0;owned\\x07\\x1b[2J"),
            "{text:?}"
        );
        assert!(text.contains("`\\x1b[2J` is odd\\rX"), "{text:?}");
        assert!(text.contains("not \\u{9b}this"), "{text:?}");
        assert!(!text.contains('\r') && !text.contains('\u{9b}'), "{text:?}");
    }

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(github_data("50%: a,b\r\nc"), "50%25: a,b%0D%0Ac");
        assert_eq!(github_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(github_data("\x1b[2J"), "\\x1b[2J");
    }

    #[test]
    fn caret_counts_characters_and_spans_the_width() {
        // `“` is three bytes but one column.
        assert_eq!(caret("title: “Reading: 67%”", 16, 0), (15, 1));
        assert_eq!(caret("cadence: Hallway presence", 10, 16), (9, 16));
        assert_eq!(caret("| ✓ | Hallway presence |", 7, 16), (6, 16));
        // Never past the end of the line.
        assert_eq!(caret("status: x", 9, 40), (8, 1));
    }
}
