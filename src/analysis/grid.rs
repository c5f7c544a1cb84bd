//! The scorecard grid's figures: for the days a grid shows and the
//! practices on it, each practice's days and its tally, and the totals per
//! day and in all. What counts is decided here once: a day done, partly
//! done or missed (not a skip, a break, an unscheduled day, nor today
//! before it is recorded), and in the totals each active practice once (as
//! the dashboard's "This cycle" counts them, [`super::areas::Summary::scorecard`]).

use super::calendar::day_num;
use super::practice::Tally;
use super::{Day, DayStatus, GoalReport, Report};
use crate::model::Date;
use serde::Serialize;

/// Whether a practice's day counts in a tally: done, partly done or missed.
pub(crate) fn counts(status: DayStatus) -> bool {
    matches!(
        status,
        DayStatus::Hit | DayStatus::Partial | DayStatus::Miss
    )
}

/// A practice's day on `date`, when its days reach it.
pub(crate) fn day_of(g: &GoalReport, date: Date) -> Option<&Day> {
    let p = g.practice.as_ref()?;
    let first = p.days.first()?.date;
    let k = usize::try_from(day_num(date) - day_num(first)).ok()?;
    p.days.get(k).filter(|d| d.date == date)
}

/// One practice on a grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct GridRow {
    /// Index into `Report::goals`.
    pub(crate) goal: usize,
    /// Its day on each of the grid's dates (`None` outside its days).
    pub(crate) days: Vec<Option<Day>>,
    /// Its days that count, and what they earned.
    pub(crate) tally: Tally,
    /// Whether it is in the grid's totals (an active practice).
    pub(crate) in_totals: bool,
    /// Nothing of it is recorded up to today: its row says so rather than
    /// tallying its days as missed (its state is `no-data`).
    pub(crate) nothing_recorded: bool,
}

/// The figures of a grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct GridFigures {
    /// One per practice, in the order asked for.
    pub(crate) rows: Vec<GridRow>,
    /// Per date: the days that count of the practices in the totals.
    pub(crate) columns: Vec<Tally>,
    /// All of `columns` together.
    pub(crate) total: Tally,
}

/// The grid of `practices` (indices into the report, each once, in the
/// order the grid adds them up) over `dates`.
pub(crate) fn grid(report: &Report, dates: &[Date], practices: &[usize]) -> GridFigures {
    let mut columns = vec![Tally::default(); dates.len()];
    let rows = practices
        .iter()
        .map(|&goal| {
            let g = &report.goals[goal];
            let in_totals = g.goal.is_active();
            let mut tally = Tally::default();
            let days = dates
                .iter()
                .zip(columns.iter_mut())
                .map(|(&date, column)| {
                    let day = day_of(g, date).copied();
                    if let Some(d) = day.filter(|d| counts(d.status)) {
                        let one = Tally {
                            done: d.fraction().unwrap_or(0.0),
                            counted: 1,
                        };
                        tally.add(one);
                        if in_totals {
                            column.add(one);
                        }
                    }
                    day
                })
                .collect();
            GridRow {
                goal,
                days,
                tally,
                in_totals,
                nothing_recorded: g.last_record.is_none(),
            }
        })
        .collect();
    let mut total = Tally::default();
    for c in &columns {
        total.add(*c);
    }
    GridFigures {
        rows,
        columns,
        total,
    }
}
