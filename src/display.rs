//! Diagnostics for a terminal, the way a compiler prints them:
//!
//! ```text
//! error[unknown-field]: goals/x.md:4:1: unknown field `knd`
//!   |
//! 4 | knd: progress
//!   | ^^^
//!   = hint: did you mean `kind`?
//! ```

use crate::diagnostics::{Diagnostic, Severity, Tally};
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

/// Whether to colour output: only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Renders every diagnostic with its source line (read from `root`) and a caret.
pub fn render(diagnostics: &[Diagnostic], root: &Path, color: bool) -> String {
    let paint = Paint(color);
    let mut sources: HashMap<&str, Option<Vec<String>>> = HashMap::new();
    let mut out = String::new();
    for d in diagnostics {
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let head = paint.wrap(code, &format!("{label}[{}]", d.code));
        let _ = writeln!(
            out,
            "{head}: {}:{}:{}: {}",
            d.file,
            d.line,
            d.column,
            paint.wrap("1", &d.message)
        );
        let lines = sources
            .entry(d.file.as_str())
            .or_insert_with(|| read_lines(&root.join(&d.file)));
        let number = d.line.to_string();
        let gutter = " ".repeat(number.len());
        let bar = paint.wrap("1;34", "|");
        if let Some(text) = lines
            .as_ref()
            .and_then(|l| l.get(d.line.saturating_sub(1) as usize))
        {
            let _ = writeln!(out, "{gutter} {bar}");
            let _ = writeln!(out, "{} {bar} {text}", paint.wrap("1;34", &number));
            let (pad, width) = caret(text, d.column, d.width);
            let _ = writeln!(
                out,
                "{gutter} {bar} {}{}",
                " ".repeat(pad),
                paint.wrap(code, &"^".repeat(width))
            );
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(
                out,
                "{gutter} {} {}",
                paint.wrap("1;34", "="),
                paint.wrap("1", &format!("hint: {hint}"))
            );
        }
        out.push('\n');
    }
    out
}

/// The one-line summary: "2 errors, 1 warning in 12 files".
pub fn summary(diagnostics: &[Diagnostic], files: usize, color: bool) -> String {
    let paint = Paint(color);
    let t = Tally::of(diagnostics);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let errors = plural(t.errors, "error");
    let warnings = plural(t.warnings, "warning");
    let errors = if t.errors > 0 {
        paint.wrap("1;31", &errors)
    } else {
        errors
    };
    let warnings = if t.warnings > 0 {
        paint.wrap("1;33", &warnings)
    } else {
        warnings
    };
    format!("{errors}, {warnings} in {}", plural(files, "goal file"))
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

/// Where the caret goes and how wide, both in characters (columns count
/// characters): `width` characters from `column` when known, else the
/// word at `column`.
fn caret(line: &str, column: u32, width: u32) -> (usize, usize) {
    let pad = (column.max(1) - 1) as usize;
    let rest = line.chars().skip(pad);
    let width = if width > 0 {
        rest.count().min(width as usize)
    } else {
        rest.take_while(|c| !c.is_whitespace() && *c != ':' && *c != ',' && *c != '|')
            .count()
    };
    (pad.min(line.chars().count()), width.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_underlines_the_word() {
        assert_eq!(caret("knd: progress", 1, 0), (0, 3));
        assert_eq!(caret("  2026-11-16: lots", 15, 0), (14, 4));
        assert_eq!(caret("", 9, 0), (0, 1));
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
