//! `kind: scorecard` files (FORMAT §5): Markdown tables of days × practices,
//! read with pulldown-cmark's table support.

use super::fields::{parse_date, Reader};
use super::value::{parse_cell, Cell};
use super::{Entry, Reference, Scorecard, ScorecardCell};
use crate::diagnostics::{Diagnostic, Pos};
use crate::yaml::Value;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The fields a scorecard may have (FORMAT §5).
pub(crate) const SCORECARD_FIELDS: &[&str] = &[
    "kind",
    "id",
    "title",
    "owner",
    "visibility",
    "tags",
    "extra",
];

pub(super) fn read(
    r: &mut Reader,
    map: &[(String, Value)],
    body: &str,
    body_line: u32,
) -> Scorecard {
    r.goal = None;
    let (visibility, reported) = super::privacy::decide(r, map);
    r.unknown_fields_but(&[], map, SCORECARD_FIELDS, &reported, &|key| {
        Some(format!(
            "a scorecard has only {}; `{key}` belongs in a goal file",
            SCORECARD_FIELDS.join(", ")
        ))
    });
    let get = |k: &str| map.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let owners = get("owner")
        .map(|v| r.text_list(&["owner"], v))
        .unwrap_or_default();
    let title = get("title").and_then(|v| r.text(&["title"], v));
    let at = r.at_pos(r.keys.opening());
    let tables = tables(body);
    if tables.is_empty() {
        r.diagnostics.push(
            Diagnostic::warning("no-table", &at, "this scorecard has no table, so it records nothing")
                .with_hint("add a Markdown table whose first column is the date and whose other columns are practice ids"),
        );
    }
    let lines = LineStarts::new(body, body_line);
    let mut cells = Vec::new();
    for table in tables {
        let Some(header) = table.first() else {
            continue;
        };
        let columns: Vec<Reference> = header
            .iter()
            .map(|c| Reference {
                id: c.text.trim().to_string(),
                at: r.at_pos(lines.pos(c.content)),
            })
            .collect();
        for row in table.iter().skip(1) {
            let Some(GridCell {
                text: date_text,
                content: date_offset,
                ..
            }) = row.first()
            else {
                continue;
            };
            if date_text.trim().is_empty() {
                continue;
            }
            let date = match parse_date(date_text) {
                Ok(d) => d,
                Err(why) => {
                    let at = r.at_pos(lines.pos(*date_offset));
                    r.diagnostics.push(
                        Diagnostic::error("invalid-date", &at, why.to_string())
                            .with_hint(
                                "the first column of a scorecard holds the date as YYYY-MM-DD",
                            )
                            .with_width(width_of(date_text)),
                    );
                    continue;
                }
            };
            for (
                i,
                GridCell {
                    text,
                    content: offset,
                    ..
                },
            ) in row.iter().enumerate().skip(1)
            {
                let Some(column) = columns.get(i) else {
                    continue;
                };
                if column.id.is_empty() {
                    continue;
                }
                let at = r.at_pos(lines.pos(*offset));
                match parse_cell(text) {
                    Some(Cell::Value(value)) => cells.push(ScorecardCell {
                        practice: column.clone(),
                        entry: Entry {
                            date,
                            value,
                            note: None,
                            at,
                        },
                    }),
                    Some(Cell::NotRecorded) => {}
                    None => {
                        let (message, hint) = super::value::not_a_value(text, "scorecard");
                        r.diagnostics.push(
                            Diagnostic::error("invalid-value", &at, message)
                                .with_hint(hint)
                                .with_width(width_of(text)),
                        );
                    }
                }
            }
        }
    }
    Scorecard {
        file: r.file.to_string(),
        title,
        owners,
        at,
        visibility,
        cells,
    }
}

/// How many characters of a cell's text the caret underlines.
fn width_of(text: &str) -> u32 {
    text.trim().chars().count() as u32
}

/// One cell of a scorecard table, as `check` reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GridCell {
    /// The cell's text as Markdown reads it: emphasis, code spans, escapes
    /// and links undone (`**inbox-zero**`, `` `inbox-zero` ``,
    /// `inbox\-zero` and `[inbox-zero](x)` all read `inbox-zero`).
    pub(crate) text: String,
    /// Where the cell's content starts in the body (after `|` and spaces).
    pub(crate) content: usize,
    /// The bytes between the cell's two `|` (or a row's ends) in the body;
    /// `None` for a cell missing from a short row.
    pub(crate) raw: Option<Range<usize>>,
}

/// A table: its rows (the header first) of cells.
pub(crate) type Table = Vec<Vec<GridCell>>;

/// Every table of a scorecard's body, read the one way both `check` and
/// `log` read them (a table in a quote or a list included).
pub(crate) fn tables(body: &str) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut table: Table = Vec::new();
    let mut row: Vec<GridCell> = Vec::new();
    let mut cell: Option<(String, Range<usize>)> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Table(_)) => table = Vec::new(),
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut table)),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => row = Vec::new(),
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                table.push(std::mem::take(&mut row));
            }
            Event::Start(Tag::TableCell) => cell = Some((String::new(), range)),
            Event::End(TagEnd::TableCell) => {
                if let Some((text, range)) = cell.take() {
                    let start = range.start;
                    // Point at the cell's content, not the `|` before it.
                    let lead = body[start..range.end].len()
                        - body[start..range.end].trim_start_matches(['|', ' ']).len();
                    // A cell a short row leaves out has no `|` before it
                    // (the first cell of a row needs none).
                    let real = row.is_empty() || body[..start].ends_with('|');
                    row.push(GridCell {
                        text,
                        content: start + lead,
                        raw: real.then_some(range),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, _)) = cell.as_mut() {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    tables
}

/// Byte offsets in the body → file positions (columns in characters).
struct LineStarts<'b> {
    body: &'b str,
    starts: Vec<usize>,
    first_line: u32,
}

impl<'b> LineStarts<'b> {
    fn new(body: &'b str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts {
            body,
            starts,
            first_line,
        }
    }

    fn pos(&self, offset: usize) -> Pos {
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let text = self.body.get(start..offset.max(start)).unwrap_or("");
        let col = text.chars().count() + 1;
        Pos::new(self.first_line + line as u32, col as u32)
    }
}
