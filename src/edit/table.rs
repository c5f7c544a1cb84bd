//! Finding and filling one cell of a scorecard table (FORMAT §5): the
//! cell in the column of a practice and the row of a date. Only that
//! cell's bytes change; the cell keeps its width when the value fits, so
//! a table aligned in the source stays aligned.

use super::text::lines;
use super::Edit;
use crate::model::fields::parse_date;
use crate::model::Date;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The cell of one practice on one date, in a scorecard's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    /// The bytes between the cell's two `|` (or the line's end).
    pub cell: Range<usize>,
    /// The cell's text, trimmed.
    pub current: String,
    /// How the column's filled cells are aligned in the source text.
    right: bool,
}

/// The first table in `body` (starting at byte `body_start` of `text`)
/// with a column headed by one of `names` and a row for `date`.
pub fn find(text: &str, body_start: usize, names: &[&str], date: Date) -> Option<Spot> {
    let body = &text[body_start..];
    for rows in tables(body) {
        let mut rows = rows.into_iter().map(|r| r + body_start);
        let Some(header) = rows.next() else { continue };
        let header_cells = cells(text, line_at(text, header));
        let Some(col) = header_cells
            .iter()
            .position(|c| names.contains(&text[c.clone()].trim()))
        else {
            continue;
        };
        let body_rows: Vec<Vec<Range<usize>>> =
            rows.map(|r| cells(text, line_at(text, r))).collect();
        for row in &body_rows {
            let is_date = row
                .first()
                .is_some_and(|c| parse_date(&text[c.clone()]).ok() == Some(date));
            if !is_date {
                continue;
            }
            let cell = row.get(col)?.clone();
            let right = body_rows
                .iter()
                .filter_map(|r| r.get(col))
                .map(|c| &text[c.clone()])
                .find(|t| !t.trim().is_empty())
                .is_some_and(|t| {
                    let lead = t.len() - t.trim_start().len();
                    let trail = t.len() - t.trim_end().len();
                    lead > 1 && trail <= 1
                });
            return Some(Spot {
                current: text[cell.clone()].trim().to_string(),
                cell,
                right,
            });
        }
    }
    None
}

/// The edit that writes `value` into the cell.
pub fn fill(text: &str, spot: &Spot, value: &str) -> Edit {
    let old = &text[spot.cell.clone()];
    let width = old.chars().count();
    let len = value.chars().count();
    let with = if width >= len + 2 {
        let pad = " ".repeat(width - len - 1);
        if spot.right {
            format!("{pad}{value} ")
        } else {
            format!(" {value}{pad}")
        }
    } else {
        format!(" {value} ")
    };
    Edit {
        range: spot.cell.clone(),
        with,
    }
}

/// The byte offset of each table's rows (the header first) in `body`.
fn tables(body: &str) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut rows = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Table(_)) => rows.clear(),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => rows.push(range.start),
            Event::End(TagEnd::Table) => out.push(std::mem::take(&mut rows)),
            _ => {}
        }
    }
    out
}

/// The line (without its end) that holds byte `offset`.
fn line_at(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = lines(text, start)[0];
    line.start..line.end
}

/// The cells of a table row: the bytes between pipes (a leading and a
/// trailing pipe are optional). `\|` and pipes inside backticks do not
/// split cells.
fn cells(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[line.clone()];
    let mut pipes = Vec::new();
    let mut code = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => code = !code,
            '|' if !code => pipes.push(i),
            _ => {}
        }
    }
    let mut bounds = vec![0];
    for p in &pipes {
        bounds.push(*p);
        bounds.push(p + 1);
    }
    bounds.push(s.len());
    let mut out: Vec<Range<usize>> = bounds
        .chunks(2)
        .map(|b| line.start + b[0]..line.start + b[1])
        .collect();
    if s.trim_start().starts_with('|') {
        out.remove(0);
    }
    if s.trim_end().ends_with('|') && !out.is_empty() {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str =
        "| date | a | b |\n|---|--:|:-:|\n| 2026-11-16 |  3 |   |\n| 2026-11-17 | 2 |  ✓ |\n";

    #[test]
    fn finds_and_fills_a_cell() {
        let d = parse_date("2026-11-16").unwrap();
        let spot = find(CARD, 0, &["b"], d).unwrap();
        assert_eq!(spot.current, "");
        let e = fill(CARD, &spot, "✓");
        let mut out = CARD.to_string();
        out.replace_range(e.range, &e.with);
        assert_eq!(
            out,
            "| date | a | b |\n|---|--:|:-:|\n| 2026-11-16 |  3 | ✓ |\n| 2026-11-17 | 2 |  ✓ |\n"
        );
        assert!(find(CARD, 0, &["c"], d).is_none());
        assert!(find(CARD, 0, &["a"], parse_date("2026-11-18").unwrap()).is_none());
    }

    #[test]
    fn rows_without_outer_pipes() {
        let t = "date | a | b\n--- | --- | ---\n2026-11-16 |  | x\n";
        let d = parse_date("2026-11-16").unwrap();
        let spot = find(t, 0, &["a"], d).unwrap();
        let e = fill(t, &spot, "2");
        let mut out = t.to_string();
        out.replace_range(e.range, &e.with);
        assert_eq!(out, "date | a | b\n--- | --- | ---\n2026-11-16 | 2 | x\n");
    }
}
