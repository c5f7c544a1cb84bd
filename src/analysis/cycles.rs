//! Figures per planning cycle: each goal's state as of a cycle's end, and
//! each practice's completion within it (for sprint reports).

use super::calendar::day_num;
use super::practice::{self, Track};
use super::{progress, SeriesPoint, State};
use crate::model::settings::Cycle;
use crate::model::{Date, Goal, PracticeSpec, ProgressSpec};
use serde::Serialize;

/// Where a cycle stands on a day: what its sprint report, the site's
/// cycle line, the scorecard and the digest say of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// It starts after today: no sprint report yet.
    Ahead,
    /// It holds today, calendar day `day` (from 1) of its `days`.
    Running { day: i64, days: i64 },
    /// It ended before today.
    Finished,
}

impl Phase {
    /// Whether the cycle has begun, and so has a sprint report.
    pub(crate) fn has_begun(self) -> bool {
        self != Phase::Ahead
    }
}

/// The phase of `cycle` on `today`.
pub fn phase(cycle: &Cycle, today: Date) -> Phase {
    if today < cycle.start {
        Phase::Ahead
    } else if today > cycle.end {
        Phase::Finished
    } else {
        Phase::Running {
            day: i64::from(day_num(today) - day_num(cycle.start)) + 1,
            days: i64::from(cycle.days()),
        }
    }
}

/// The day a cycle is evaluated as of: its end, or today while it runs.
/// `None` for cycles that have not started, or that ended before the goal
/// started.
fn as_of(goal: &Goal, cycle: &Cycle, today: Date) -> Option<Date> {
    if cycle.start > today || goal.start.is_some_and(|s| cycle.end < s) {
        return None;
    }
    Some(cycle.end.min(today))
}

/// A practice's state as of each cycle's end: its 14-day completion then,
/// counting only entries made by then.
pub(crate) fn practice_states(
    goal: &Goal,
    spec: &PracticeSpec,
    track: &Track,
    cycles: &[Cycle],
    today: Date,
) -> Vec<Option<State>> {
    cycles
        .iter()
        .map(|c| {
            let now = as_of(goal, c, today)?;
            let has_entries = spec.log.first().is_some_and(|e| e.date <= now);
            Some(practice::state(
                track.completion_14d(day_num(now)),
                has_entries,
            ))
        })
        .collect()
}

/// The cycle the scorecard shows and the dashboard's "This cycle" adds up:
/// the current one, else the 14 days ending today ("Last 14 days").
/// `None` only for a today at the very start of the calendar.
pub fn scorecard(cycles: &[Cycle], current: Option<usize>, today: Date) -> Option<Cycle> {
    if let Some(c) = current.and_then(|i| cycles.get(i)) {
        return Some(c.clone());
    }
    Some(Cycle {
        id: "last-14-days".to_string(),
        name: "Last 14 days".to_string(),
        start: today.checked_sub(jiff::Span::new().days(13)).ok()?,
        end: today,
    })
}

/// A practice's completion over each cycle's periods up to today (a past
/// cycle's unrecorded days count 0; the running cycle counts today once it
/// is recorded). `None` for cycles ahead, or where nothing counts.
pub(crate) fn practice_completion(
    track: &Track,
    cycles: &[Cycle],
    today: Date,
) -> Vec<Option<f64>> {
    let t = day_num(today);
    cycles
        .iter()
        .map(|c| {
            if c.start > today {
                return None;
            }
            track.completion(day_num(c.start), day_num(c.end).min(t), t)
        })
        .collect()
}

/// A progress goal's state as of each cycle's end (points after it not counted).
pub(crate) fn progress_states(
    goal: &Goal,
    spec: &ProgressSpec,
    series: &[SeriesPoint],
    cycles: &[Cycle],
    today: Date,
) -> Vec<Option<State>> {
    cycles
        .iter()
        .map(|c| {
            let now = as_of(goal, c, today)?;
            Some(progress::figures(goal, spec, series, now).1)
        })
        .collect()
}
