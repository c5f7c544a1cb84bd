//! Progress figures: the series, progress against pace, and state (FORMAT §7).

use super::{Forecast, Judged, NoForecast, ProgressFigures, SeriesPoint, State};
use crate::model::{Date, Goal, ProgressSpec, SeriesSource, Window};

use super::rules::{AT_RISK_SLACK, EPS, ON_TRACK_SLACK, WINDOW_GRACE_DAYS};

/// A progress goal's series, oldest first, one point per date.
///
/// The points are its `measurements` (explicit ones, and any a later stage
/// read from git history); on the same date an explicit measurement wins
/// over a git one, and of two git points the later one wins. Then
/// `current:`, when set, is the point dated today — unless git history
/// already ends with that same value, or a point is already dated today.
pub fn series(spec: &ProgressSpec, today: Date) -> Vec<SeriesPoint> {
    let mut points: Vec<&crate::model::Measurement> = spec.measurements.iter().collect();
    points.sort_by_key(|m| m.date);
    let mut out: Vec<SeriesPoint> = Vec::with_capacity(points.len() + 1);
    for m in points {
        let point = SeriesPoint {
            date: m.date,
            value: m.value,
            source: m.source,
            note: m.note.clone(),
        };
        match out.last_mut() {
            Some(prev) if prev.date == m.date => {
                if prev.source != SeriesSource::Measurements {
                    *prev = point;
                }
            }
            _ => out.push(point),
        }
    }
    if let Some(current) = spec.current {
        let newest_git = spec
            .measurements
            .iter()
            .filter(|m| m.source == SeriesSource::Git)
            .max_by_key(|m| m.date);
        let git_agrees = newest_git.is_some_and(|m| m.value == current);
        if !git_agrees && !out.iter().any(|p| p.date == today) {
            let at = out.partition_point(|p| p.date < today);
            out.insert(
                at,
                SeriesPoint {
                    date: today,
                    value: current,
                    source: SeriesSource::Current,
                    note: None,
                },
            );
        }
    }
    out
}

/// How far `value` lies from `from` toward `to`: (value − from) / (to −
/// from), also for numbers whose differences do not fit in an `f64` (a
/// baseline of −1e308 and a target of 1e308). `None` when `to` equals
/// `from` or a number is not finite.
pub(crate) fn share(value: f64, from: f64, to: f64) -> Option<f64> {
    if !(value.is_finite() && from.is_finite() && to.is_finite()) || to == from {
        return None;
    }
    let (num, den) = (value - from, to - from);
    let r = if num.is_finite() && den.is_finite() {
        num / den
    } else {
        // Halves of finite numbers subtract without overflowing.
        (value / 2.0 - from / 2.0) / (to / 2.0 - from / 2.0)
    };
    r.is_finite().then_some(r)
}

/// The figures and state of a progress goal as of `now`, from its series
/// (points after `now` are not counted).
///
/// - `fraction` = (latest − baseline) / (target − baseline); a lower target
///   (lower is better) works by the same formula.
/// - `expected` = days from `start` to `now` / days from `start` to `due`,
///   clamped to 0–1.
/// - State: `no-data` when baseline, target, start or due is missing (or the
///   target equals the baseline); else `achieved` when fraction ≥ 1; else
///   `overdue` when `now` is past `due`; else `no-data` when no point is
///   dated after `start` (nothing measured since the baseline); else
///   `on-track` when fraction ≥ expected − 0.10, `at-risk` when fraction ≥
///   expected − 0.25, else `off-track`.
pub(crate) fn figures(
    goal: &Goal,
    spec: &ProgressSpec,
    series: &[SeriesPoint],
    now: Date,
) -> (ProgressFigures, State) {
    let upto = series.partition_point(|p| p.date <= now);
    let latest = upto.checked_sub(1).map(|i| &series[i]);
    let (baseline, target) = (spec.baseline, spec.target);
    let fraction = match (baseline, target, latest) {
        (Some(b), Some(t), Some(l)) => share(l.value, b, t),
        _ => None,
    };
    let expected = match (goal.start, goal.due) {
        (Some(s), Some(d)) => Some(expected(s, d, now)),
        _ => None,
    };
    // With windows, judged at the latest measurement after the start.
    let judged = match (goal.start, goal.due, latest) {
        (Some(s), Some(d), Some(l)) if !spec.windows.is_empty() && l.date > s => Some(Judged {
            date: l.date,
            expected: self::expected(s, d, l.date),
        }),
        _ => None,
    };
    let figures = ProgressFigures {
        baseline,
        target,
        latest: latest.map(|p| p.value),
        latest_date: latest.map(|p| p.date),
        fraction,
        expected,
        lower_is_better: matches!((baseline, target), (Some(b), Some(t)) if t < b),
        required_per_week: None,
        // Made by `analyse` (`next::forecast`), which knows the series up to today.
        forecast: Forecast::Missing(NoForecast::NotMeasurable),
        next_window: next_window(spec, &series[..upto], now),
        judged,
        tolerance: match (baseline, target) {
            (Some(b), Some(t)) if b != t => Some(ON_TRACK_SLACK * (t - b).abs()),
            _ => None,
        },
    };
    let state = state(&figures, goal, now);
    (figures, state)
}

/// The first window that has not closed by `now` and holds no point of
/// the series yet (FORMAT §9 `progress.next_window`).
pub(crate) fn next_window(
    spec: &ProgressSpec,
    series: &[SeriesPoint],
    now: Date,
) -> Option<Window> {
    spec.windows
        .iter()
        .find(|w| w.to >= now && !series.iter().any(|p| w.contains(p.date)))
        .copied()
}

/// The newest window whose grace period (its end plus
/// [`WINDOW_GRACE_DAYS`]) has passed by `now` with no point of the series
/// dated in it or after it: what makes a goal measured in windows `stale`.
pub(crate) fn missed_window(
    spec: &ProgressSpec,
    series: &[SeriesPoint],
    start: Option<Date>,
    due: Option<Date>,
    now: Date,
) -> Option<Window> {
    let passed = spec
        .windows
        .iter()
        .filter(|w| start.is_none_or(|s| w.to > s) && due.is_none_or(|d| w.from <= d))
        .rfind(|w| (now - w.to).get_days() > WINDOW_GRACE_DAYS)?;
    let measured = series
        .iter()
        .any(|p| p.source != SeriesSource::Current && p.date >= passed.from && p.date <= now);
    (!measured).then_some(*passed)
}

impl ProgressFigures {
    /// Whether something was measured after the goal's `start` (a point on
    /// the start day is the baseline, not progress); without a start,
    /// whether anything was measured. Until then the goal is "Not measured
    /// yet".
    pub(crate) fn measured_since(&self, start: Option<Date>) -> bool {
        self.latest_date
            .is_some_and(|d| start.is_none_or(|s| d > s))
    }
}

/// Share of the `start`→`due` window elapsed by `now`, 0–1.
pub fn expected(start: Date, due: Date, now: Date) -> f64 {
    let total = (due - start).get_days();
    let elapsed = (now - start).get_days();
    if total <= 0 {
        return if now >= due { 1.0 } else { 0.0 };
    }
    (f64::from(elapsed) / f64::from(total)).clamp(0.0, 1.0)
}

fn state(f: &ProgressFigures, goal: &Goal, now: Date) -> State {
    let (Some(baseline), Some(target), Some(start), Some(due)) =
        (f.baseline, f.target, goal.start, goal.due)
    else {
        return State::NoData;
    };
    if baseline == target {
        return State::NoData;
    }
    let Some(expected) = f.judged.map(|j| j.expected).or(f.expected) else {
        return State::NoData;
    };
    let Some(fraction) = f.fraction else {
        return if now > due {
            State::Overdue
        } else {
            State::NoData
        };
    };
    if fraction >= 1.0 - EPS {
        State::Achieved
    } else if now > due {
        State::Overdue
    } else if !f.measured_since(Some(start)) {
        State::NoData
    } else if fraction + EPS >= expected - ON_TRACK_SLACK {
        State::OnTrack
    } else if fraction + EPS >= expected - AT_RISK_SLACK {
        State::AtRisk
    } else {
        State::OffTrack
    }
}

/// What is missing for a progress goal to be measured, in words
/// (empty when nothing is).
pub(crate) fn missing(goal: &Goal, spec: &ProgressSpec) -> Vec<&'static str> {
    let absent = [
        ("baseline", spec.baseline.is_none()),
        ("target", spec.target.is_none()),
        ("start", goal.start.is_none()),
        ("due", goal.due.is_none()),
    ];
    absent
        .into_iter()
        // Written but unreadable: already an error of its own.
        .filter(|(field, absent)| *absent && !spec.unreadable.contains(field))
        .map(|(field, _)| field)
        .collect()
}

#[cfg(test)]
#[path = "progress_tests.rs"]
mod tests;
