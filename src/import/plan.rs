//! Rows of an export into measurements: which goal, which date, which
//! number; and the privacy rule on counts (a row about fewer than
//! `min_group` students is skipped, never written).

use super::map::{id_part, GoalRule, Mapping, Part};
use super::read::{self, Table};
use crate::Date;

/// One measurement a row asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub(crate) goal: String,
    pub date: Date,
    pub value: f64,
    /// The row's line in the export.
    pub(crate) line: u64,
}

/// A row that cannot be imported: its line, the column, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub(crate) line: u64,
    /// The column's name, when the problem is in one cell.
    pub(crate) column: Option<String>,
    pub(crate) message: String,
}

/// What the rows ask for.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Rows {
    pub(crate) entries: Vec<Entry>,
    /// Rows skipped because fewer than `min_group` students are behind them.
    pub(crate) small_groups: usize,
    /// Rows whose result the export suppressed (`*`, `<10`, `>95%`).
    pub(crate) suppressed: usize,
    pub(crate) problems: Vec<Problem>,
}

/// Where each column the mapping names is in the header.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Columns {
    date: usize,
    value: usize,
    count: Option<usize>,
    goal: GoalColumns,
}

#[derive(Debug, Clone, PartialEq)]
enum GoalColumns {
    /// The template's parts, each text or a column found in the header.
    Template(Vec<Piece>),
    Column(usize),
}

/// One part of a goal template, its column found.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// Written as it is.
    Text(String),
    /// The row's value in this column, as a goal id part.
    Column(usize),
}

/// Finds the mapping's columns in the table's header; the diagnostics
/// (at the mapping's lines) name each column that is not there.
pub(crate) fn columns(
    mapping: &Mapping,
    table: &Table,
    csv: &str,
) -> Result<Columns, Vec<crate::Diagnostic>> {
    let mut errors = Vec::new();
    let names: Vec<String> = table.header.iter().map(|h| read::normalized(h)).collect();
    let mut find = |col: &super::map::Column| {
        let at = names.iter().position(|n| *n == read::normalized(&col.name));
        if at.is_none() {
            errors.push(super::map::not_in_header(
                col,
                csv,
                table.header_line,
                &table.header,
            ));
        }
        at
    };
    let date = find(&mapping.date);
    let value = find(&mapping.value);
    let count = mapping.count.as_ref().map(&mut find);
    let goal = match &mapping.goal {
        GoalRule::Column(c) => find(c).map(GoalColumns::Column),
        GoalRule::Template { parts, .. } => {
            let mut cols = mapping.template_columns().into_iter();
            // Every column looked up (each missing one reported), then kept.
            let found: Vec<Option<Piece>> = parts
                .iter()
                .map(|p| match p {
                    Part::Text(t) => Some(Piece::Text(t.clone())),
                    Part::Column(_) => cols.next().as_ref().and_then(&mut find).map(Piece::Column),
                })
                .collect();
            found
                .into_iter()
                .collect::<Option<Vec<_>>>()
                .map(GoalColumns::Template)
        }
    };
    match (
        date,
        value,
        count.unwrap_or(Some(0)),
        goal,
        errors.is_empty(),
    ) {
        (Some(date), Some(value), Some(c), Some(goal), true) => Ok(Columns {
            date,
            value,
            count: mapping.count.as_ref().map(|_| c),
            goal,
        }),
        _ => Err(errors),
    }
}

/// Reads every row: an entry, a small group skipped, or a problem.
pub(crate) fn rows(table: &Table, mapping: &Mapping, cols: &Columns) -> Rows {
    let mut out = Rows::default();
    let sep = table.separator;
    let name = |i: usize| table.header.get(i).cloned();
    for row in &table.rows {
        let problem = |i: usize, message: String| Problem {
            line: row.line,
            column: name(i),
            message,
        };
        if let Some(i) = cols.count {
            let cell = row.get(i);
            if read::suppressed(cell) {
                out.small_groups += 1;
                continue;
            }
            match read::number(cell, sep) {
                Some(n) if n < f64::from(mapping.min_group) => {
                    out.small_groups += 1;
                    continue;
                }
                Some(_) => {}
                None => {
                    out.problems
                        .push(problem(i, format!("`{cell}` is not a number of students")));
                    continue;
                }
            }
        }
        let goal = match &cols.goal {
            GoalColumns::Column(i) => Ok(row.get(*i).to_string()),
            GoalColumns::Template(parts) => {
                let mut id = String::new();
                let mut empty = None;
                for p in parts {
                    match p {
                        Piece::Text(text) => id.push_str(text),
                        Piece::Column(i) => {
                            let part = id_part(row.get(*i));
                            if part.is_empty() && empty.is_none() {
                                empty = Some(*i);
                            }
                            id.push_str(&part);
                        }
                    }
                }
                empty.map_or(Ok(id), Err)
            }
        };
        let goal = match goal {
            Ok(g) if !g.is_empty() => g,
            Ok(_) => {
                let GoalColumns::Column(i) = cols.goal else {
                    continue;
                };
                out.problems
                    .push(problem(i, "is empty, so the row feeds no goal".into()));
                continue;
            }
            Err(i) => {
                out.problems.push(problem(
                    i,
                    "is empty, so the goal's id cannot be made".into(),
                ));
                continue;
            }
        };
        let cell = row.get(cols.date);
        let Some(date) = read::date(cell) else {
            out.problems.push(problem(
                cols.date,
                format!("`{cell}` is not a date (write YYYY-MM-DD, M/D/YYYY or D.M.YYYY)"),
            ));
            continue;
        };
        let cell = row.get(cols.value);
        if read::suppressed(cell) {
            out.suppressed += 1;
            continue;
        }
        let Some(value) = read::number(cell, sep) else {
            let hint = match sep {
                b';' => "a number such as `72`, `72,5` or `72%`",
                _ => "a number such as `72`, `72.5` or `72%`",
            };
            out.problems.push(problem(
                cols.value,
                format!("`{cell}` is not a number (write {hint})"),
            ));
            continue;
        };
        out.entries.push(Entry {
            goal,
            date,
            value,
            line: row.line,
        });
    }
    out
}
