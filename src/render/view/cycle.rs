//! A sprint report (`cycles/<address>.html`): a cycle in review.

use super::grid::{self, Grid};
use super::{Bounded, CycleRef, GoalLink, PersonRef, Views, LIST_LIMIT, PAGE_GOALS};
use crate::analysis::review::{self, Trend};
use crate::render::dates::{self, days_between};
use crate::render::svg::{self, pct};
use crate::render::words::{self, state_color};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CyclePage<'a> {
    pub report: CycleReport<'a>,
    /// The cycle's scorecard, for a repository of at most [`PAGE_GOALS`] goals.
    pub grid: Option<Grid<'a>>,
    /// Per top area: completion this cycle against the one before (large
    /// repositories, where the practice table is cut short).
    pub areas: Vec<AreaCompare>,
    /// Coaching cycles in the sprint, and its reflections (FORMAT §12).
    pub coaching: Option<super::coaching::SprintCoaching<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CycleReport<'a> {
    pub cycle: Option<CycleRef>,
    /// "In progress: day 12 of 14", "Finished", "Not started".
    pub status: String,
    pub previous: Option<CycleRef>,
    pub next: Option<CycleRef>,
    /// Lowest completion first.
    pub practices: Bounded<PracticeRow<'a>>,
    pub measurements: Bounded<MeasurementRow<'a>>,
    pub changes: Bounded<ChangeRow<'a>>,
    pub slipped: Bounded<SlipRow<'a>>,
    /// Goalposts moved in the cycle, oldest first.
    pub moved: Bounded<MovedRow<'a>>,
}

/// A goalpost moved in the cycle, with its goal.
#[derive(Debug, Clone, Serialize)]
pub struct MovedRow<'a> {
    pub goal: GoalLink<'a>,
    #[serde(flatten)]
    pub row: super::goal::MoveRow<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PracticeRow<'a> {
    pub goal: GoalLink<'a>,
    pub owners: Vec<PersonRef<'a>>,
    pub this_pct: Option<String>,
    pub previous_pct: Option<String>,
    /// "+4 pts".
    pub delta_text: Option<String>,
    pub trend: Trend,
    /// The completion bar (SVG markup).
    pub bar: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasurementRow<'a> {
    pub goal: GoalLink<'a>,
    pub date: String,
    pub iso: String,
    pub value: String,
    pub note: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow<'a> {
    pub goal: GoalLink<'a>,
    pub from: &'static str,
    pub from_label: &'static str,
    pub to: &'static str,
    pub to_label: &'static str,
    pub better: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlipRow<'a> {
    pub goal: GoalLink<'a>,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaCompare {
    pub area: super::AreaRef,
    pub this_pct: Option<String>,
    pub previous_pct: Option<String>,
    pub delta_text: Option<String>,
}

pub fn cycle_page<'a>(v: &Views<'a>, i: usize) -> CyclePage<'a> {
    let report = v.report;
    let cycle = &report.cycles[i];
    let all: Vec<usize> = (0..report.goals.len()).collect();
    let r = review::review(report, i, &all);
    let large = all.len() > PAGE_GOALS;
    let mut practices = r.practices.clone();
    if large {
        practices.sort_by(|a, b| {
            a.this
                .unwrap_or(f64::INFINITY)
                .total_cmp(&b.this.unwrap_or(f64::INFINITY))
                .then(a.goal.cmp(&b.goal))
        });
    }
    let limit = if large { LIST_LIMIT } else { usize::MAX };
    let practice_rows = practices.iter().map(|p| {
        let g = &report.goals[p.goal];
        PracticeRow {
            goal: v.link_of(g),
            owners: v.owners(g),
            this_pct: p.this.map(pct),
            previous_pct: p.previous.map(pct),
            delta_text: p.delta.map(words::delta_points),
            trend: p.trend,
            bar: svg::progress_bar(
                p.this,
                None,
                state_color(p.state),
                &format!(
                    "{} of scheduled {} done this cycle",
                    p.this.map_or("–".to_string(), pct),
                    words::periods(&report.goals[p.goal])
                ),
            ),
        }
    });
    let status = if cycle.contains(report.today) {
        format!(
            "In progress: day {} of {}",
            days_between(cycle.start, report.today) + 1,
            cycle.days()
        )
    } else if cycle.end < report.today {
        "Finished".to_string()
    } else {
        "Not started".to_string()
    };
    let measurements = r.measurements.iter().map(|m| {
        let g = &report.goals[m.goal];
        let s = &g.series[m.point];
        MeasurementRow {
            goal: v.link_of(g),
            date: dates::medium(s.date),
            iso: s.date.to_string(),
            value: svg::with_unit(s.value, super::unit_of(g)),
            note: s.note.as_deref(),
        }
    });
    let changes = r.changes.iter().map(|c| {
        let kind = report.goals[c.goal].goal.kind;
        ChangeRow {
            goal: v.link_of(&report.goals[c.goal]),
            from: c.from.as_str(),
            from_label: words::kind_state_label(kind, c.from),
            to: c.to.as_str(),
            to_label: words::kind_state_label(kind, c.to),
            better: c.better,
        }
    });
    let moved = r.moved.iter().map(|m| {
        let g = &report.goals[m.goal];
        MovedRow {
            goal: v.link_of(g),
            row: super::goal::move_row(v, g, &g.moved[m.index]),
        }
    });
    let slipped = r.slipped.iter().map(|s| SlipRow {
        goal: v.link_of(&report.goals[s.goal]),
        why: words::slip(&s.slip, &report.goals[s.goal]),
    });
    let areas = if large {
        let top = v.areas.top();
        v.areas.list[top]
            .children
            .iter()
            .map(|&a| {
                let below = v.areas.goals_below(a);
                let mean = |k: Option<usize>| {
                    let k = k?;
                    let xs: Vec<f64> = below
                        .iter()
                        .filter_map(|&g| report.goals[g].practice.as_ref())
                        .filter_map(|p| p.cycle_completion.get(k).copied().flatten())
                        .collect();
                    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
                };
                let (this, before) = (mean(Some(i)), mean(i.checked_sub(1)));
                AreaCompare {
                    area: v.area(a),
                    this_pct: this.map(pct),
                    previous_pct: before.map(pct),
                    delta_text: this.zip(before).map(|(a, b)| words::delta_points(a - b)),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    CyclePage {
        report: CycleReport {
            cycle: v.cycle_ref(i),
            status,
            previous: i.checked_sub(1).and_then(|j| v.cycle_ref(j)),
            next: v.cycle_ref(i + 1).filter(|c| c.href.is_some()),
            practices: Bounded::of(practice_rows, limit),
            measurements: Bounded::of(measurements, limit),
            changes: Bounded::of(changes, limit),
            slipped: Bounded::of(slipped, if large { LIST_LIMIT } else { usize::MAX }),
            moved: Bounded::of(moved, limit),
        },
        grid: if large {
            None
        } else {
            v.cycle_ref(i)
                .and_then(|r| grid::grid(v, &report.cycles[i], r, &all, None))
        },
        areas,
        coaching: super::coaching::sprint_coaching(v, i),
    }
}
