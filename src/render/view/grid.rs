//! The scorecard grid: days × practices of a cycle, grouped by owner.

use super::{CycleRef, GoalLink, PersonRef, Views};
use crate::analysis::{DayStatus, GoalReport, State};
use crate::model::settings::Cycle;
use crate::model::{Cadence, Date, Kind};
use crate::render::dates::{self, add_days, days_between};
use crate::render::svg::{self, num, pct};
use crate::render::words;
use serde::Serialize;

/// A scorecard grid: the days of a cycle × its practices, by owner, with
/// the totals analysis counts ([`crate::analysis::grid`]).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Grid<'a> {
    /// The cycle it shows.
    pub(crate) cycle: CycleRef,
    /// When the cycle is longer than [`MAX_GRID_DAYS`]: the days shown
    /// ("Oct 10–Nov 20, the six weeks to today").
    pub(crate) cropped: Option<String>,
    /// The days shown, one column each.
    pub(crate) days: Vec<GridDay>,
    /// One group per owner, in the order of the people list.
    pub(crate) groups: Vec<GridGroup<'a>>,
    /// Per day: "3/5" of the practices scheduled that day.
    pub(crate) totals: Vec<String>,
    /// Periods done, when a whole number (partly done days make it
    /// fractional: then only `rate` is shown).
    pub(crate) done: Option<String>,
    /// Periods that count so far, in the totals.
    pub(crate) scheduled: usize,
    /// Of those, the share done, as a whole percent.
    pub(crate) rate: Option<String>,
}

/// A day of the grid (a column).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GridDay {
    /// `2026-11-16`.
    pub(crate) iso: String,
    /// "Mo".
    pub(crate) weekday: &'static str,
    /// The day of the month.
    pub(crate) day: i8,
    /// "Mon Nov 16".
    pub(crate) label: String,
    /// It is today.
    pub(crate) today: bool,
    /// It is after today.
    pub(crate) future: bool,
    /// A Saturday or Sunday.
    pub(crate) weekend: bool,
    /// The break's name, on a break day.
    pub(crate) r#break: Option<String>,
}

/// One owner's practices.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GridGroup<'a> {
    /// The owner.
    pub(crate) person: PersonRef<'a>,
    /// Their practices, one row each.
    pub(crate) rows: Vec<GridRow<'a>>,
}

/// A practice's row.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GridRow<'a> {
    /// The practice.
    pub(crate) goal: GoalLink<'a>,
    /// "3 visits each school day".
    pub(crate) rhythm: String,
    /// One per day of the grid.
    pub(crate) cells: Vec<Cell>,
    /// As [`Grid::done`].
    pub(crate) done: Option<String>,
    /// Its periods that count so far.
    pub(crate) scheduled: usize,
    /// Of those, the share done, as a whole percent.
    pub(crate) rate: Option<String>,
    /// "Nothing recorded yet", said instead of the tally when nothing of
    /// the practice is recorded ([`crate::analysis::grid::GridRow::nothing_recorded`]).
    pub(crate) nothing_recorded: Option<&'static str>,
}

/// A practice's day on the grid.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// CSS classes: the day's status, plus `weekend`, `today`.
    pub(crate) classes: String,
    /// What the cell shows: ✓, a number, ✗, skip, ·; empty on a day
    /// with nothing to show.
    pub(crate) text: String,
    /// The status in words ("done (3 visits)"): read by screen readers,
    /// and shown on hover. The column head says the date.
    pub(crate) label: String,
}

/// Done and scheduled periods of a cycle, over some practices.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CycleTotals {
    /// As [`Grid::done`].
    pub(crate) done: Option<String>,
    /// Periods that count so far.
    pub(crate) scheduled: usize,
    /// Of those, the share done, as a whole percent.
    pub(crate) rate: Option<String>,
}

/// The cycle the scorecard shows: the current one, else the last 14 days.
pub fn current_cycle(v: &Views<'_>) -> Option<(Cycle, CycleRef)> {
    let report = v.report;
    if let Some(i) = report.current_cycle {
        return Some((report.cycles[i].clone(), v.cycle_ref(i)?));
    }
    let cycle = crate::analysis::cycles::scorecard(&report.cycles, None, report.today)?;
    let range = dates::range(cycle.start, cycle.end);
    let reference = CycleRef {
        id: cycle.id.clone(),
        name: cycle.name.clone(),
        range: range.clone(),
        line: Some(range),
        href: None,
        current: true,
        finished: false,
    };
    Some((cycle, reference))
}

/// The practices among `goals` that have figures, each with its place in
/// the report and its cadence and target ([`GoalReport::rhythm`]).
fn practices<'a>(v: &Views<'a>, goals: &[usize]) -> Vec<(usize, &'a GoalReport, (Cadence, f64))> {
    goals
        .iter()
        .map(|&i| (i, &v.report.goals[i]))
        .filter(|(_, g)| g.practice.is_some())
        .filter_map(|(i, g)| Some((i, g, g.rhythm()?)))
        .collect()
}

impl CycleTotals {
    /// Analysis's pooled tally of the scorecard's cycle ([`Summary::scorecard`]),
    /// in words; `None` where there is no practice.
    ///
    /// [`Summary::scorecard`]: crate::analysis::areas::Summary::scorecard
    pub fn of(summary: &crate::analysis::areas::Summary) -> Option<CycleTotals> {
        if summary.practice.total == 0 {
            return None;
        }
        let t = summary.scorecard();
        Some(CycleTotals {
            done: whole(t.done),
            scheduled: t.counted as usize,
            rate: t.rate().map(pct),
        })
    }
}

/// A grid shows at most six weeks: of a longer cycle (a quarter, a cycle
/// someone wrote by hand for years), the six weeks up to today.
pub(crate) const MAX_GRID_DAYS: i64 = 42;

/// The first day a grid of `cycle` shows, and how many days.
fn shown_days(cycle: &Cycle, today: Date) -> (Date, i64) {
    let all = days_between(cycle.start, cycle.end) + 1;
    if all <= MAX_GRID_DAYS {
        return (cycle.start, all.max(0));
    }
    let last = today.clamp(cycle.start, cycle.end);
    let first = add_days(last, 1 - MAX_GRID_DAYS)
        .filter(|&d| d > cycle.start)
        .unwrap_or(cycle.start);
    (first, MAX_GRID_DAYS)
}

/// The grid of `cycle` over the practices among `goals`, grouped by owner
/// in the order of the people list (each owner of a shared goal gets its
/// row; `only`: just that person's group, for their own page).
pub(crate) fn grid<'a>(
    v: &Views<'a>,
    cycle: &Cycle,
    reference: CycleRef,
    goals: &[usize],
    only: Option<&str>,
) -> Option<Grid<'a>> {
    let today = v.report.today;
    let list = practices(v, goals);
    if list.is_empty() {
        return None;
    }
    let (first, n) = shown_days(cycle, today);
    let dates_: Vec<Date> = (0..n).filter_map(|k| add_days(first, k)).collect();
    let days: Vec<GridDay> = dates_
        .iter()
        .map(|d| GridDay {
            iso: d.to_string(),
            weekday: &dates::weekday_name(*d)[..2],
            day: d.day(),
            label: dates::short_with_weekday(*d),
            today: *d == today,
            future: *d > today,
            weekend: d.weekday().to_monday_zero_offset() >= 5,
            r#break: v.report.settings.break_on(*d).map(|b| b.name.clone()),
        })
        .collect();
    let columns: Vec<String> = dates_
        .iter()
        .map(|d| {
            let mut extra = String::new();
            if d.weekday().to_monday_zero_offset() >= 5 {
                extra.push_str(" weekend");
            }
            if *d == today {
                extra.push_str(" today");
            }
            extra
        })
        .collect();
    // A group per owner, in the order of the people list: a goal with
    // several owners is a row under each of them, equally (FORMAT §7 v3),
    // and counts once in the totals; a paused or finished practice has its
    // row but is not in the totals. `only`: that person's group alone.
    let owners_of = |g: &'a GoalReport| -> Vec<&'a str> {
        if g.goal.owners.is_empty() {
            vec![""]
        } else {
            g.goal.owners.iter().map(String::as_str).collect()
        }
    };
    let mut owners: Vec<&'a str> = list
        .iter()
        .flat_map(|&(_, g, _)| owners_of(g))
        .filter(|o| only.is_none_or(|p| p == *o))
        .collect();
    let rank = |o: &str| v.people.iter().position(|p| *p == o).unwrap_or(usize::MAX);
    owners.sort_by_key(|o| (rank(o), *o));
    owners.dedup();
    // Each owner's rows (places in `list`), and each practice once in the
    // order the groups first show it: the order its days are added up in.
    let grouped: Vec<(&'a str, Vec<usize>)> = owners
        .into_iter()
        .map(|o| {
            let rows = (0..list.len())
                .filter(|&k| owners_of(list[k].1).contains(&o))
                .collect();
            (o, rows)
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    let order: Vec<usize> = grouped
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|&k| list[k].0))
        .filter(|&i| seen.insert(i))
        .collect();
    let figures = crate::analysis::grid::grid(v.report, &dates_, &order);
    let row_of: std::collections::HashMap<usize, &crate::analysis::grid::GridRow> =
        figures.rows.iter().map(|r| (r.goal, r)).collect();
    let mut groups = Vec::new();
    for (owner, places) in grouped {
        let mut rows = Vec::new();
        for k in places {
            let (i, g, (cadence, target)) = list[k];
            let row = row_of[&i];
            let unit = super::unit_of(g);
            let yes_no = g.goal.practice().is_some_and(|p| p.is_yes_no());
            let mut cells = Vec::with_capacity(dates_.len());
            for (k, (date, day)) in dates_.iter().zip(&row.days).enumerate() {
                let (class, text, label) = match day {
                    None if *date > today => (
                        "future",
                        String::new(),
                        "still ahead in this cycle".to_string(),
                    ),
                    None => ("unscheduled", String::new(), "not scheduled".to_string()),
                    Some(d) => {
                        let shown = match (d.status, d.value()) {
                            (DayStatus::Hit, Some(x)) if !yes_no || x != 1.0 => num(x),
                            (DayStatus::Hit, _) => "✓".to_string(),
                            (DayStatus::Partial, Some(x)) => num(x),
                            (DayStatus::Partial, None) => "½".to_string(),
                            (DayStatus::Miss, Some(x)) if x > 0.0 => num(x),
                            (DayStatus::Miss, _) => "✗".to_string(),
                            (DayStatus::Skip, _) => "skip".to_string(),
                            (DayStatus::Pending, _) => "·".to_string(),
                            _ => String::new(),
                        };
                        (d.status.as_str(), shown, svg::day_description(d, unit))
                    }
                };
                cells.push(Cell {
                    classes: [class, columns[k].as_str()].concat(),
                    text,
                    label,
                });
            }
            rows.push(GridRow {
                goal: v.link_of(g),
                rhythm: super::rhythm(cadence, target, unit),
                cells,
                done: whole(row.tally.done),
                scheduled: row.tally.counted as usize,
                rate: row.tally.rate().map(pct),
                nothing_recorded: row
                    .nothing_recorded
                    .then(|| words::kind_state_label(Kind::Practice, State::NoData)),
            });
        }
        groups.push(GridGroup {
            person: v.person(owner),
            rows,
        });
    }
    let totals = figures
        .columns
        .iter()
        .map(|c| match (c.counted, whole(c.done)) {
            (0, _) => String::new(),
            (s, Some(d)) => format!("{d}/{s}"),
            (_, None) => pct(c.done / f64::from(c.counted)),
        })
        .collect();
    let cropped = (days_between(cycle.start, cycle.end) + 1 > MAX_GRID_DAYS).then(|| {
        let last = add_days(first, n - 1).unwrap_or(first);
        format!("showing {}, six weeks", dates::range(first, last))
    });
    Some(Grid {
        cropped,
        cycle: reference,
        days,
        groups,
        totals,
        done: whole(figures.total.done),
        scheduled: figures.total.counted as usize,
        rate: figures.total.rate().map(pct),
    })
}

/// `done` as a count when it is whole ("7"); `None` for "7.2", which no one
/// counts days in.
fn whole(done: f64) -> Option<String> {
    (done.fract().abs() < 1e-9).then(|| num(done))
}
