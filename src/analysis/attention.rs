//! What needs attention, most urgent first: the one place that decides
//! which goals the dashboard, area pages and person pages point at.

use super::{calendar, GoalReport, Report, State};
use crate::model::{Date, Kind};
use serde::Serialize;

/// Why a goal needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Concern {
    /// A progress goal past its due date and not achieved.
    Overdue {
        due: Option<Date>,
        fraction: Option<f64>,
    },
    /// A progress goal off track: behind the steady pace by more than the
    /// at-risk band.
    Behind {
        fraction: Option<f64>,
        expected: Option<f64>,
    },
    /// An active practice done on under half its scheduled periods in the
    /// last 14 days.
    PracticeOffTrack { completion_14d: Option<f64> },
    /// A progress goal at risk: behind the steady pace, within the at-risk
    /// band. Caught now, it is the easiest to turn.
    AtRisk {
        fraction: Option<f64>,
        expected: Option<f64>,
    },
    /// An active practice with nothing recorded for `stale_after_days`.
    Stale {
        last_entry: Option<Date>,
        /// Days since the last entry, when there is one.
        days: Option<i32>,
    },
}

impl Concern {
    /// Lower is more urgent; ties break on how far behind the goal is.
    fn urgency(&self) -> (u8, i64) {
        let gap = |x: Option<f64>| (x.unwrap_or(0.0) * 1000.0) as i64;
        match *self {
            Concern::Overdue { fraction, .. } => (0, gap(fraction)),
            Concern::Behind { fraction, expected } => {
                (1, gap(fraction) - gap(expected.or(Some(0.0))))
            }
            Concern::PracticeOffTrack { completion_14d } => (2, gap(completion_14d)),
            Concern::AtRisk { fraction, expected } => {
                (3, gap(fraction) - gap(expected.or(Some(0.0))))
            }
            Concern::Stale { days, .. } => (4, -i64::from(days.unwrap_or(i32::MAX))),
        }
    }
}

/// One goal that needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Attention {
    /// Index into `Report::goals`.
    pub goal: usize,
    pub concern: Concern,
}

/// Why `g` needs attention, if it does: active progress goals overdue, off
/// track or at risk; active practices that are stale or off track. Most
/// urgent first: overdue, off-track progress, off-track practices,
/// at-risk progress, stale practices.
pub fn concern(g: &GoalReport, today: Date) -> Option<Concern> {
    if !g.goal.is_active() {
        return None;
    }
    match g.goal.kind {
        Kind::Progress => {
            let p = g.progress.as_ref();
            let fraction = p.and_then(|p| p.fraction);
            match g.state {
                State::Overdue => Some(Concern::Overdue {
                    due: g.goal.due,
                    fraction,
                }),
                State::OffTrack => Some(Concern::Behind {
                    fraction,
                    expected: p.and_then(|p| p.expected),
                }),
                State::AtRisk => Some(Concern::AtRisk {
                    fraction,
                    expected: p.and_then(|p| p.expected),
                }),
                _ => None,
            }
        }
        Kind::Practice => {
            let p = g.practice.as_ref();
            if g.lints.iter().any(|l| l == "stale") {
                let last_entry = p.and_then(|p| p.last_entry);
                Some(Concern::Stale {
                    last_entry,
                    days: last_entry.map(|d| calendar::day_num(today) - calendar::day_num(d)),
                })
            } else if g.state == State::OffTrack {
                Some(Concern::PracticeOffTrack {
                    completion_14d: p.and_then(|p| p.completion_14d),
                })
            } else {
                None
            }
        }
        Kind::Purpose => None,
    }
}

/// The goals among `goals` (indices into the report) that need attention,
/// most urgent first.
pub fn needs_attention(report: &Report, goals: impl IntoIterator<Item = usize>) -> Vec<Attention> {
    let mut out: Vec<Attention> = goals
        .into_iter()
        .filter_map(|i| {
            let g = report.goals.get(i)?;
            Some(Attention {
                goal: i,
                concern: concern(g, report.today)?,
            })
        })
        .collect();
    out.sort_by_key(|a| (a.concern.urgency(), a.goal));
    out
}
