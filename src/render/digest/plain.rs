//! The digest as Markdown (for a chat or an e-mail that takes it) and as
//! plain text: the same words, escaped for Markdown or not.

use super::wording::state_word;
use super::{Body, Doc};
use std::fmt::Write;

/// `text` with every character Markdown could read as markup escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>|#!~&".contains(c) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

pub(super) fn markdown(doc: &Doc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&doc.title));
    let _ = writeln!(out, "{}", md(&doc.lines.join(" · ")));
    for s in &doc.sections {
        let _ = writeln!(out, "\n## {}\n", md(&s.heading));
        match &s.body {
            Body::Empty(text) => {
                let _ = writeln!(out, "{}", md(text));
            }
            Body::Items(items) => {
                for i in items {
                    let mut line = format!("- **{}**", md(&i.title));
                    if !i.owners.is_empty() {
                        let _ = write!(line, " ({})", md(&i.owners));
                    }
                    let _ = write!(line, ": {}", md(&i.text));
                    if let Some(st) = i.state {
                        let _ = write!(line, " — *{}*", md(&state_word(i.kind, st)));
                    }
                    let _ = writeln!(out, "{line}");
                }
            }
            Body::Table(t) => {
                let row = |cells: &[String]| {
                    let cells: Vec<String> = cells.iter().map(|c| md(c)).collect();
                    format!("| {} |", cells.join(" | "))
                };
                let head: Vec<String> = t.columns.iter().map(|c| c.head.clone()).collect();
                let _ = writeln!(out, "{}", row(&head));
                let rule: Vec<&str> = t
                    .columns
                    .iter()
                    .map(|c| if c.right { "---:" } else { "---" })
                    .collect();
                let _ = writeln!(out, "| {} |", rule.join(" | "));
                for r in &t.rows {
                    let _ = writeln!(out, "{}", row(r));
                }
            }
        }
    }
    out
}

pub(super) fn text(doc: &Doc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", doc.title);
    for l in &doc.lines {
        let _ = writeln!(out, "{l}");
    }
    for s in &doc.sections {
        let _ = writeln!(out, "\n{}", s.heading);
        let _ = writeln!(out, "{}", "-".repeat(s.heading.chars().count()));
        match &s.body {
            Body::Empty(text) => {
                let _ = writeln!(out, "{text}");
            }
            Body::Items(items) => {
                for i in items {
                    let mut line = format!("- {}", i.title);
                    if !i.owners.is_empty() {
                        let _ = write!(line, " ({})", i.owners);
                    }
                    let _ = write!(line, ": {}", i.text);
                    if let Some(st) = i.state {
                        let _ = write!(line, " — {}", state_word(i.kind, st));
                    }
                    let _ = writeln!(out, "{line}");
                }
            }
            Body::Table(t) => {
                // A chat shows text in a proportional font, where columns
                // padded with spaces do not line up: one line per row,
                // each figure named by its column.
                let owner = t.owner_column;
                for r in &t.rows {
                    let mut line = format!("- {}", r.first().map_or("", String::as_str));
                    if owner {
                        if let Some(o) = r.get(1).filter(|o| !o.is_empty()) {
                            let _ = write!(line, " ({o})");
                        }
                    }
                    let first = if owner { 2 } else { 1 };
                    let figures: Vec<String> = t
                        .columns
                        .iter()
                        .zip(r)
                        .skip(first)
                        .map(|(c, x)| format!("{}: {x}", c.head))
                        .collect();
                    let _ = writeln!(out, "{line}: {}", figures.join(", "));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_what_it_would_read_as_markup() {
        assert_eq!(md("a *b* | c_d <e>"), "a \\*b\\* \\| c\\_d \\<e\\>");
        assert_eq!(md("two\nlines"), "two lines");
    }
}
