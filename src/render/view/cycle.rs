//! A sprint report (`cycles/<address>.html`): a cycle in review.

use super::grid::{self, Grid};
use super::{Bounded, CycleRef, GoalLink, PersonRef, Views, LIST_LIMIT, PAGE_GOALS};
use crate::analysis::cycles::Phase;
use crate::analysis::review::{self, Trend};
use crate::render::dates;
use crate::render::svg::{self, pct};
use crate::render::words::{self, state_color};
use serde::Serialize;

/// `cycles/<address>.html`: a sprint report.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CyclePage<'a> {
    /// The cycle in review.
    pub(crate) report: CycleReport<'a>,
    /// The cycle's scorecard, for a repository of at most [`PAGE_GOALS`] goals.
    pub(crate) grid: Option<Grid<'a>>,
    /// Per top area: completion this cycle against the one before (large
    /// repositories, where the practice table is cut short).
    pub(crate) areas: Vec<AreaCompare>,
    /// Coaching cycles in the sprint, and its reflections (FORMAT §12).
    pub(crate) coaching: Option<super::coaching_lists::SprintCoaching<'a>>,
}

/// A cycle in review: its practices against the cycle before, what
/// slipped, changed, was measured and moved in it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CycleReport<'a> {
    /// The cycle.
    pub(crate) cycle: Option<CycleRef>,
    /// "In progress: day 12 of 14", "Finished", "Not started".
    pub(crate) status: String,
    /// The cycle before, if any.
    pub(crate) previous: Option<CycleRef>,
    /// The cycle after, once it has begun.
    pub(crate) next: Option<CycleRef>,
    /// Lowest completion first.
    pub(crate) practices: Bounded<PracticeRow<'a>>,
    /// Measurements recorded in it, oldest first.
    pub(crate) measurements: Bounded<MeasurementRow<'a>>,
    /// Purposes and progress goals whose state at its end differs from the cycle before's.
    pub(crate) changes: Bounded<ChangeRow<'a>>,
    /// What slipped in it, most urgent first.
    pub(crate) slipped: Bounded<SlipRow<'a>>,
    /// Goalposts moved in the cycle, oldest first.
    pub(crate) moved: Bounded<MovedRow<'a>>,
}

/// A goalpost moved in the cycle, with its goal.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MovedRow<'a> {
    /// The goal whose goalpost moved.
    pub(crate) goal: GoalLink<'a>,
    /// The move (its fields are flattened into this row).
    #[serde(flatten)]
    pub(crate) row: super::goal::MoveRow<'a>,
}

/// A practice in the cycle against the cycle before.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PracticeRow<'a> {
    /// The practice.
    pub(crate) goal: GoalLink<'a>,
    /// Its owners.
    pub(crate) owners: Vec<PersonRef<'a>>,
    /// Its completion in the cycle, as a whole percent.
    pub(crate) this_pct: Option<String>,
    /// Its completion in the cycle before, as a whole percent.
    pub(crate) previous_pct: Option<String>,
    /// "+4 pts".
    pub(crate) delta_text: Option<String>,
    /// `up`, `down`, `same` or `none` (one of the two has no figure).
    pub(crate) trend: Trend,
    /// The completion bar (SVG markup).
    pub(crate) bar: String,
}

/// A measurement recorded in the cycle.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeasurementRow<'a> {
    /// The progress goal.
    pub(crate) goal: GoalLink<'a>,
    /// "Nov 16".
    pub(crate) date: String,
    /// `2026-11-16`.
    pub(crate) iso: String,
    /// With its unit, "48%".
    pub(crate) value: String,
    /// Its note, if any.
    pub(crate) note: Option<&'a str>,
}

/// A goal whose state at the cycle's end differs from the cycle before's.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeRow<'a> {
    /// The goal.
    pub(crate) goal: GoalLink<'a>,
    /// The state before, `on-track`… (a CSS class).
    pub(crate) from: &'static str,
    /// The state before, in words.
    pub(crate) from_label: &'static str,
    /// The state now (a CSS class).
    pub(crate) to: &'static str,
    /// The state now, in words.
    pub(crate) to_label: &'static str,
    /// The change is for the better.
    pub(crate) better: bool,
}

/// A goal that slipped in the cycle.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SlipRow<'a> {
    /// The goal.
    pub(crate) goal: GoalLink<'a>,
    /// How it slipped, in a sentence.
    pub(crate) why: String,
}

/// A top area's practices in the cycle against the cycle before (analysis's
/// `review::area_compare`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AreaCompare {
    /// The area.
    pub(crate) area: super::AreaRef,
    /// Its practices' mean completion in the cycle, as a whole percent.
    pub(crate) this_pct: Option<String>,
    /// The same in the cycle before.
    pub(crate) previous_pct: Option<String>,
    /// The difference, "+4 pts".
    pub(crate) delta_text: Option<String>,
}

/// The sprint report of cycle `i`.
pub(crate) fn cycle_page<'a>(v: &Views<'a>, i: usize) -> CyclePage<'a> {
    let report = v.report;
    let cycle = &report.cycles[i];
    let all: Vec<usize> = (0..report.goals.len()).collect();
    let r = review::review(report, i, &all);
    let large = all.len() > PAGE_GOALS;
    let practices = if large {
        r.practices_lowest_first()
    } else {
        r.practices.clone()
    };
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
    let status = match crate::analysis::cycles::phase(cycle, report.today) {
        Phase::Running { day, days } => format!("In progress: day {day} of {days}"),
        Phase::Finished => "Finished".to_string(),
        Phase::Ahead => "Not started".to_string(),
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
        review::area_compare(report, &v.areas, &v.areas.list[top].children, i)
            .into_iter()
            .map(|c| AreaCompare {
                area: v.area(c.area),
                this_pct: c.this.map(pct),
                previous_pct: c.previous.map(pct),
                delta_text: c.delta.map(words::delta_points),
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
        coaching: super::coaching_lists::sprint_coaching(v, i),
    }
}
