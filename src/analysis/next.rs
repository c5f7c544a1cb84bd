//! What is needed next (FORMAT §7 v2): a progress goal's required rate and
//! forecast, and a practice's buffer in the current cycle.
//!
//! # Choices where FORMAT is silent (for the user docs)
//!
//! - `required_per_week` counts the school days from tomorrow to `due`:
//!   Monday–Friday, inside the school year (when there is a calendar), not
//!   in a break. With no such day left (due today, or only breaks ahead)
//!   it is `null`, as it is without a measured value (the baseline alone
//!   is not one), once achieved, and once overdue.
//! - `forecast` fits the baseline at `start` and every point of the series
//!   dated up to today, one point per date: a measurement dated on `start`
//!   stands for the baseline there. The x axis is calendar days. It needs
//!   baseline, start and due, and at least three points on two dates or
//!   more. It is computed for every such goal, achieved and overdue ones
//!   too (for those it tells where the trend stood on `due`).
//! - `buffer` counts the periods (days, or weeks for a weekly practice)
//!   whose first day is in the current cycle. A period of only `skip`
//!   entries is left out of P. Today's period, while it does not count
//!   yet (unrecorded, or a week still under way), is among the R still to
//!   come, not in C. `null` also when nothing is scheduled in the cycle.

use super::calendar::{day_num, SchoolDays};
use super::practice::Track;
use super::{Forecast, NoForecast, ProgressFigures, SeriesPoint, State, Trend};
use crate::model::settings::Cycle;
use crate::model::{Date, Goal};

use super::rules::{BUFFER_GOAL, BUFFER_MIN_PERIODS, EPS};

/// School days from the day after `today` to `due`, both included:
/// Monday–Friday, in the school year, not in a break.
pub(crate) fn school_days_left(days: &SchoolDays, due: Date) -> u32 {
    days.count_open(days.today + 1, day_num(due), |w| w < 5)
}

/// (target − latest) / school weeks left, where school weeks left = school
/// days from tomorrow to `due` / 5 ([`school_days_left`]). In the goal's
/// unit: negative when lower is better. `None` when achieved, overdue,
/// without a measured value or target or due date, or with no school day
/// left.
pub fn required_per_week(
    goal: &Goal,
    f: &ProgressFigures,
    state: State,
    days: &SchoolDays,
) -> Option<f64> {
    if matches!(state, State::Achieved | State::Overdue) {
        return None;
    }
    let (target, latest, due) = (f.target?, f.latest?, goal.due?);
    f.fraction?;
    let left = school_days_left(days, due);
    if left == 0 {
        return None;
    }
    let weeks = f64::from(left) / 5.0;
    let rate = (target - latest) / weeks;
    rate.is_finite().then_some(rate)
}

/// The least-squares line through the baseline at `start` and every point
/// of `series` dated up to `today` (one point per date; a point on `start`
/// stands for the baseline), evaluated at `due`: stated while the goal
/// runs ([`Forecast::Ahead`]), kept once it is past due. Without one, why
/// ([`NoForecast`], in that order): baseline, target, start or due
/// missing; past due; achieved (`state`); fewer than three points or all
/// on one date; no finite line.
pub fn forecast(
    goal: &Goal,
    f: &ProgressFigures,
    series: &[SeriesPoint],
    today: Date,
    state: State,
) -> Forecast {
    let (Some(baseline), Some(target), Some(start), Some(due)) =
        (f.baseline, f.target, goal.start, goal.due)
    else {
        return Forecast::Missing(NoForecast::NotMeasurable);
    };
    let running = due >= today;
    let s = day_num(start);
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(series.len() + 1);
    if !series.iter().any(|p| p.date == start) {
        points.push((0.0, baseline));
    }
    points.extend(
        series
            .iter()
            .filter(|p| p.date <= today)
            .map(|p| (f64::from(day_num(p.date) - s), p.value)),
    );
    let Some(value) = fit_at(&points, f64::from(day_num(due) - s)) else {
        let few = points.len() < 3 || points.iter().all(|p| p.0 == points[0].0);
        return Forecast::Missing(if !running {
            NoForecast::Ended
        } else if state == State::Achieved {
            NoForecast::Achieved
        } else if few {
            NoForecast::TooFewPoints
        } else {
            NoForecast::NoLine
        });
    };
    let reaches = if target < baseline {
        value <= target + EPS
    } else {
        value >= target - EPS
    };
    let trend = Trend { value, reaches };
    if running {
        Forecast::Ahead(trend)
    } else {
        Forecast::Past(trend)
    }
}

/// The ordinary least-squares line through `points`, evaluated at `x`;
/// `None` with fewer than three points or with every x the same.
pub(crate) fn fit_at(points: &[(f64, f64)], x: f64) -> Option<f64> {
    if points.len() < 3 {
        return None;
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let y = my + sxy / sxx * (x - mx);
    y.is_finite().then_some(y)
}

/// What the report says of a practice's current cycle: its buffer when the
/// cycle holds at least [`BUFFER_MIN_PERIODS`] scheduled periods, else how
/// the period holding today stands. `None` when nothing is scheduled in it.
pub(crate) fn outlook(track: &Track, days: &SchoolDays, cycle: &Cycle) -> Option<Outlook> {
    let b = track.budget(days, day_num(cycle.start), day_num(cycle.end));
    if b.total == 0 {
        return None;
    }
    if b.total >= BUFFER_MIN_PERIODS {
        buffer(track, days, cycle).map(Outlook::Buffer)
    } else {
        Some(Outlook::Period(track.this_period()))
    }
}

/// See [`outlook`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outlook {
    /// How many more periods can be missed with 80% in reach.
    Buffer(i64),
    /// How the period holding today stands.
    Period(super::practice::PeriodNow),
}

impl Outlook {
    /// The buffer, when the report states it.
    pub(crate) fn stated_buffer(&self) -> Option<i64> {
        match *self {
            Outlook::Buffer(b) => Some(b),
            Outlook::Period(_) => None,
        }
    }
}

/// buffer = floor(C + R − 0.8 × P) for `cycle`: P scheduled periods in the
/// whole cycle, C the credit earned so far, R the scheduled periods still
/// to come (today's included while it does not count yet). `None` when
/// nothing is scheduled in the cycle.
pub fn buffer(track: &Track, days: &SchoolDays, cycle: &Cycle) -> Option<i64> {
    let b = track.budget(days, day_num(cycle.start), day_num(cycle.end));
    if b.total == 0 {
        return None;
    }
    let x = b.credit + f64::from(b.remaining) - BUFFER_GOAL * f64::from(b.total);
    // The small margin keeps 8.0 − 0.8 × 10 at 0, not −1.
    Some((x + EPS).floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::progress;
    use crate::analysis::testkit::{d, progress as progress_goal, school_year, Build};

    /// The required rate of `goal` on `today`, with a Dec 21–Jan 1 break.
    fn rate(goal: &Goal, today: &str) -> Option<f64> {
        let settings = school_year(&[("2026-12-21", "2027-01-01")]);
        let days = SchoolDays::new(&settings, d(today));
        let spec = goal.progress().cloned().unwrap_or_default();
        let s = progress::series(&spec, d(today));
        let (f, st) = progress::figures(goal, &spec, &s, d(today));
        required_per_week(goal, &f, st, &days)
    }

    #[test]
    fn required_rate_needs_a_school_day_left_and_a_measurement() {
        let g = progress_goal("g", None)
            .aim(10.0, 20.0)
            .window("2026-09-01", "2027-01-08")
            .measure("2026-10-01", 12.0);
        // From Fri Dec 18: Mon Jan 4 – Fri Jan 8 are the only school days
        // left (the break covers the rest): 1 week, so (20 − 12) / 1.
        assert_eq!(rate(&g, "2026-12-18"), Some(8.0));
        // On the due day itself no school day is left.
        assert_eq!(rate(&g, "2027-01-08"), None);
        // Nothing measured yet: no rate.
        let fresh = progress_goal("f", None)
            .aim(10.0, 20.0)
            .window("2026-09-01", "2027-01-08");
        assert_eq!(rate(&fresh, "2026-12-18"), None);
    }

    #[test]
    fn least_squares_through_three_points() {
        // y = 1 + 2x exactly.
        let pts = [(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)];
        assert!((fit_at(&pts, 10.0).unwrap() - 21.0).abs() < 1e-9);
        // Two points are not enough; one x is not a line.
        assert_eq!(fit_at(&pts[..2], 10.0), None);
        assert_eq!(fit_at(&[(1.0, 1.0), (1.0, 2.0), (1.0, 3.0)], 5.0), None);
        // (0,0), (1,1), (2,1): slope 0.5, mean (1, 2/3) → at 4: 2/3 + 1.5.
        let v = fit_at(&[(0.0, 0.0), (1.0, 1.0), (2.0, 1.0)], 4.0).unwrap();
        assert!((v - (2.0 / 3.0 + 1.5)).abs() < 1e-9);
    }
}
