//! Finding and filling the cells of a scorecard table (FORMAT §5): the
//! cells in the column of a practice and the row of a date, found by the
//! very reader `check` uses ([`crate::model::scorecard::tables`]), so
//! `log` sees a cell exactly where `check` sees it — under a header
//! written `**id**` or `[id](…)`, a date written `**2026-11-17**`, a table
//! in a quote or a list. Only the filled cell's bytes change; the cell
//! keeps its width when the value fits, so a table aligned in the source
//! stays aligned.

use super::Edit;
use crate::model::fields::parse_date;
use crate::model::scorecard::tables;
use crate::model::Date;
use std::ops::Range;

/// The cell of one practice on one date, in a scorecard's text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spot {
    /// The bytes between the cell's two `|` (or the line's end), in the
    /// file's text.
    pub(crate) cell: Range<usize>,
    /// The cell's text as `check` reads it, trimmed.
    pub(crate) current: String,
    /// How the column's filled cells are aligned in the source text.
    right: bool,
}

/// Every cell, in every table of `body` (which starts at byte `body_start`
/// of `text`), in a column whose header `names` the practice and a row
/// for `date`: in the order of the text. A cell that a short row leaves
/// out is not one.
pub(crate) fn spots(
    text: &str,
    body_start: usize,
    names: impl Fn(&str) -> bool,
    date: Date,
) -> Vec<Spot> {
    let body = &text[body_start..];
    let mut out = Vec::new();
    for table in tables(body) {
        let Some((header, rows)) = table.split_first() else {
            continue;
        };
        let columns = header
            .iter()
            .enumerate()
            .filter(|(_, c)| names(c.text.trim()))
            .map(|(i, _)| i);
        for col in columns {
            // Right-aligned when the first filled cell of the column is.
            let right = rows
                .iter()
                .filter_map(|r| r.get(col)?.raw.clone())
                .map(|raw| &body[raw])
                .find(|t| !t.trim().is_empty())
                .is_some_and(|t| {
                    let lead = t.len() - t.trim_start().len();
                    let trail = t.len() - t.trim_end().len();
                    lead > 1 && trail <= 1
                });
            for row in rows {
                let is_date = row
                    .first()
                    .is_some_and(|c| parse_date(&c.text).ok() == Some(date));
                let Some(cell) = row.get(col).filter(|_| is_date) else {
                    continue;
                };
                let Some(raw) = cell.raw.clone() else {
                    continue;
                };
                out.push(Spot {
                    cell: raw.start + body_start..raw.end + body_start,
                    current: cell.text.trim().to_string(),
                    right,
                });
            }
        }
    }
    out.sort_by_key(|s| s.cell.start);
    out
}

/// The edit that writes `value` into the cell.
pub(crate) fn fill(text: &str, spot: &Spot, value: &str) -> Edit {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, name: &str, date: Date) -> Option<Spot> {
        spots(text, 0, |h| h == name, date).into_iter().next()
    }

    const CARD: &str =
        "| date | a | b |\n|---|--:|:-:|\n| 2026-11-16 |  3 |   |\n| 2026-11-17 | 2 |  ✓ |\n";

    #[test]
    fn finds_and_fills_a_cell() {
        let d = parse_date("2026-11-16").unwrap();
        let spot = one(CARD, "b", d).unwrap();
        assert_eq!(spot.current, "");
        let e = fill(CARD, &spot, "✓");
        let mut out = CARD.to_string();
        out.replace_range(e.range, &e.with);
        assert_eq!(
            out,
            "| date | a | b |\n|---|--:|:-:|\n| 2026-11-16 |  3 | ✓ |\n| 2026-11-17 | 2 |  ✓ |\n"
        );
        assert!(one(CARD, "c", d).is_none());
        assert!(one(CARD, "a", parse_date("2026-11-18").unwrap()).is_none());
    }

    #[test]
    fn rows_without_outer_pipes() {
        let t = "date | a | b\n--- | --- | ---\n2026-11-16 |  | x\n";
        let d = parse_date("2026-11-16").unwrap();
        let spot = one(t, "a", d).unwrap();
        let e = fill(t, &spot, "2");
        let mut out = t.to_string();
        out.replace_range(e.range, &e.with);
        assert_eq!(out, "date | a | b\n--- | --- | ---\n2026-11-16 | 2 | x\n");
    }
}
