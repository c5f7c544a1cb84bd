//! A cycle in review (the sprint report): each practice's completion
//! against the cycle before, what slipped, which goals changed state, the
//! measurements recorded in it and the goalposts moved in it. Every
//! threshold lives here.

use super::{Report, State};
use crate::model::Kind;
use serde::Serialize;

use super::rules::{PRACTICE_AT_RISK, SLIP_DROP, TREND};

/// Which way a practice's completion went against the cycle before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    Up,
    Down,
    Same,
    /// One of the two cycles has no figure.
    None,
}

/// One practice in a cycle against the cycle before.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PracticeCompare {
    pub goal: usize,
    pub(crate) this: Option<f64>,
    pub(crate) previous: Option<f64>,
    pub(crate) delta: Option<f64>,
    pub(crate) trend: Trend,
    /// The state the completion alone stands for (same thresholds as a
    /// practice's 14-day state).
    pub(crate) state: State,
}

/// Why a goal slipped in a cycle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub(crate) enum Slip {
    /// A practice done on fewer of its scheduled periods.
    Completion { this: f64, previous: Option<f64> },
    /// A progress goal whose state got worse.
    StateWorse { from: State, to: State },
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Slipped {
    pub(crate) goal: usize,
    pub(crate) slip: Slip,
}

/// A purpose or progress goal whose state at the cycle's end differs from
/// the cycle before's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct StateChange {
    pub(crate) goal: usize,
    pub(crate) from: State,
    pub(crate) to: State,
    pub(crate) better: bool,
}

/// A measurement recorded in the cycle: goal and index into its series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Measured {
    pub(crate) goal: usize,
    pub(crate) point: usize,
}

/// A goalpost moved in the cycle: goal and index into its `moved`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Moved {
    pub(crate) goal: usize,
    pub(crate) index: usize,
}

/// The review of one cycle.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CycleReview {
    pub(crate) cycle: usize,
    pub(crate) previous: Option<usize>,
    pub practices: Vec<PracticeCompare>,
    /// Most urgent first: progress goals that got worse, then practices by
    /// how low they are.
    pub(crate) slipped: Vec<Slipped>,
    pub(crate) changes: Vec<StateChange>,
    /// Oldest first.
    pub(crate) measurements: Vec<Measured>,
    /// Goalposts moved in the cycle, oldest first.
    pub(crate) moved: Vec<Moved>,
}

/// The practices of an area (a folder and those below it) in a cycle
/// against the cycle before: the mean of their completions in each.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct AreaCompare {
    /// Index into the areas' list ([`super::areas::Areas`]).
    pub(crate) area: usize,
    pub(crate) this: Option<f64>,
    pub(crate) previous: Option<f64>,
    /// `this − previous`, when both are known.
    pub(crate) delta: Option<f64>,
}

/// Cycle `i` against the one before, for each of `list` (indices into
/// `areas`): the mean completion of the practices below each area.
pub(crate) fn area_compare(
    report: &Report,
    areas: &super::areas::Areas,
    list: &[usize],
    i: usize,
) -> Vec<AreaCompare> {
    list.iter()
        .map(|&a| {
            let below = areas.goals_below(a);
            let mean = |k: Option<usize>| {
                let k = k?;
                let xs: Vec<f64> = below
                    .iter()
                    .filter_map(|&g| report.goals[g].practice.as_ref())
                    .filter_map(|p| p.cycle_completion.get(k).copied().flatten())
                    .collect();
                (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
            };
            let (this, previous) = (mean(Some(i)), mean(i.checked_sub(1)));
            AreaCompare {
                area: a,
                this,
                previous,
                delta: this.zip(previous).map(|(a, b)| a - b),
            }
        })
        .collect()
}

impl CycleReview {
    /// The practices, lowest completion in the cycle first (those with
    /// none last), then in report order: where a long list is cut short.
    pub(crate) fn practices_lowest_first(&self) -> Vec<PracticeCompare> {
        let mut practices = self.practices.clone();
        practices.sort_by(|a, b| {
            a.this
                .unwrap_or(f64::INFINITY)
                .total_cmp(&b.this.unwrap_or(f64::INFINITY))
                .then(a.goal.cmp(&b.goal))
        });
        practices
    }
}

/// The review of cycle `i` over the goals `goals` (indices into the report).
pub fn review(report: &Report, i: usize, goals: &[usize]) -> CycleReview {
    let prev = i.checked_sub(1);
    let cycle = &report.cycles[i];
    let mut out = CycleReview {
        cycle: i,
        previous: prev,
        ..CycleReview::default()
    };
    for &k in goals {
        let g = &report.goals[k];
        // A draft counts nowhere, sprint figures included (FORMAT §3 v3).
        if g.goal.is_draft() {
            continue;
        }
        for (index, m) in g.moved.iter().enumerate() {
            if m.cycle == Some(i) {
                out.moved.push(Moved { goal: k, index });
            }
        }
        match g.goal.kind {
            Kind::Practice => {
                let Some(p) = g.practice.as_ref() else {
                    continue;
                };
                let this = p.cycle_completion.get(i).copied().flatten();
                let previous = prev.and_then(|j| p.cycle_completion.get(j).copied().flatten());
                let delta = this.zip(previous).map(|(a, b)| a - b);
                let trend = match delta {
                    Some(d) if d >= TREND => Trend::Up,
                    Some(d) if d <= -TREND => Trend::Down,
                    Some(_) => Trend::Same,
                    None => Trend::None,
                };
                if let Some(a) = this {
                    let on_track = super::practice::state(Some(a), true) == State::OnTrack;
                    if (delta.is_some_and(|d| d <= -SLIP_DROP) && !on_track) || a < PRACTICE_AT_RISK
                    {
                        out.slipped.push(Slipped {
                            goal: k,
                            slip: Slip::Completion { this: a, previous },
                        });
                    }
                }
                out.practices.push(PracticeCompare {
                    goal: k,
                    this,
                    previous,
                    delta,
                    trend,
                    state: super::practice::state(this, this.is_some()),
                });
            }
            Kind::Coaching | Kind::Reflection => {}
            Kind::Progress | Kind::Purpose => {
                if g.goal.kind == Kind::Progress {
                    for (point, s) in g.series.iter().enumerate() {
                        if cycle.contains(s.date) {
                            out.measurements.push(Measured { goal: k, point });
                        }
                    }
                }
                let now = g.cycle_states.get(i).copied().flatten();
                let before = prev.and_then(|j| g.cycle_states.get(j).copied().flatten());
                if let (Some(to), Some(from)) = (now, before) {
                    if to != from {
                        let better = to > from;
                        out.changes.push(StateChange {
                            goal: k,
                            from,
                            to,
                            better,
                        });
                        if !better && g.goal.kind == Kind::Progress && super::is_slipping_state(to)
                        {
                            out.slipped.push(Slipped {
                                goal: k,
                                slip: Slip::StateWorse { from, to },
                            });
                        }
                    }
                }
            }
        }
    }
    out.slipped.sort_by(|a, b| {
        let rank = |s: &Slipped| match s.slip {
            Slip::StateWorse { to, .. } => (0, to as u8 as f64),
            Slip::Completion { this, .. } => (1, this),
        };
        let (ra, rb) = (rank(a), rank(b));
        ra.0.cmp(&rb.0)
            .then(ra.1.total_cmp(&rb.1))
            .then(a.goal.cmp(&b.goal))
    });
    out.measurements.sort_by_key(|m| {
        let g = &report.goals[m.goal];
        (g.series[m.point].date, m.goal)
    });
    out.moved
        .sort_by_key(|m| (report.goals[m.goal].moved[m.index].date, m.goal, m.index));
    out
}
