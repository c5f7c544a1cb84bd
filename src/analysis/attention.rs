//! What needs attention, most urgent first: the one place that decides
//! which goals the dashboard, area pages and person pages point at.

use super::{calendar, GoalReport, Report, State};
use crate::model::{Date, Kind};
use serde::Serialize;

/// Why a goal needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub(crate) enum Concern {
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
    /// An active practice done on half or more, but under 80%, of its
    /// scheduled periods in the last 14 days.
    PracticeAtRisk { completion_14d: Option<f64> },
    /// A progress goal at risk: behind the steady pace, within the at-risk
    /// band. Caught now, it is the easiest to turn.
    AtRisk {
        fraction: Option<f64>,
        expected: Option<f64>,
    },
    /// An active practice or progress goal with nothing recorded lately
    /// (the `stale` lint).
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
            Concern::PracticeAtRisk { completion_14d } => (3, gap(completion_14d)),
            Concern::Stale { days, .. } => (4, -i64::from(days.unwrap_or(i32::MAX))),
        }
    }
}

/// One goal that needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Attention {
    /// Index into `Report::goals`.
    pub(crate) goal: usize,
    pub(crate) concern: Concern,
}

/// Why `g` needs attention, if it does: exactly when it is slipping
/// ([`super::is_slipping`]). A progress goal overdue, off track or at
/// risk; a practice off track or at risk; either with nothing recorded
/// lately (`stale`, when its state is not weaker). Most urgent first:
/// overdue, off-track progress, off-track practices, at-risk progress and
/// practices, then what has gone quiet.
pub(crate) fn concern(g: &GoalReport, today: Date) -> Option<Concern> {
    if !super::is_slipping(g) {
        return None;
    }
    let stale = || {
        let last_entry = g.last_record;
        Concern::Stale {
            last_entry,
            days: last_entry.map(|d| calendar::day_num(today) - calendar::day_num(d)),
        }
    };
    let practice = g.practice.as_ref();
    let completion_14d = practice.and_then(|p| p.completion_14d);
    let p = g.progress.as_ref();
    let fraction = p.and_then(|p| p.fraction);
    let expected = p.and_then(|p| p.expected);
    Some(match (g.goal.kind, g.state) {
        (Kind::Progress, State::Overdue) => Concern::Overdue {
            due: g.goal.due,
            fraction,
        },
        (Kind::Progress, State::OffTrack) => Concern::Behind { fraction, expected },
        (Kind::Progress, State::AtRisk) => Concern::AtRisk { fraction, expected },
        // A quiet practice: nothing recorded is the news, not the share.
        (Kind::Practice, _) if g.lints.contains(&crate::model::lint::Lint::Stale) => stale(),
        (Kind::Practice, State::OffTrack) => Concern::PracticeOffTrack { completion_14d },
        (Kind::Practice, State::AtRisk) => Concern::PracticeAtRisk { completion_14d },
        _ => stale(),
    })
}

/// The goals among `goals` (indices into the report) that need attention,
/// most urgent first.
pub(crate) fn needs_attention(
    report: &Report,
    goals: impl IntoIterator<Item = usize>,
) -> Vec<Attention> {
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
