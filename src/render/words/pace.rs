//! Pace and forecasts in words: changes in points, the rate a goal needs,
//! where the trend would take it, a missing forecast, a practice's buffer
//! and how the running period stands.

use super::states::periods;
use crate::analysis::practice::PeriodNow;
use crate::analysis::rules;
use crate::analysis::{GoalReport, NoForecast, Trend};
use crate::model::Date;
use crate::render::dates;
use crate::render::format::{num, pct, with_unit};

/// "+4 pts", "−12 pts", "+1 pt", "no change".
pub(crate) fn delta_points(d: f64) -> String {
    let pts = (d * 100.0).round() as i64;
    let unit = |p: i64| if p == 1 { "pt" } else { "pts" };
    match pts {
        0 => "no change".to_string(),
        p if p > 0 => format!("+{p} {}", unit(p)),
        p => format!("−{} {}", -p, unit(-p)),
    }
}

/// A rate the way a sentence shows it, with its sign: "+0.9", "−0.18",
/// "+2.5" (two decimals below 1, else one).
pub(crate) fn signed_rate(x: f64) -> String {
    let body = if x.abs() >= 1.0 {
        num(x.abs())
    } else {
        let s = format!("{:.2}", x.abs());
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if x < 0.0 {
        format!("−{body}")
    } else {
        format!("+{body}")
    }
}

/// What a change in `unit` is called: percentage points for `%`.
fn change_unit(unit: &str) -> String {
    match unit {
        "" => String::new(),
        "%" => " points".to_string(),
        u => format!(" {u}"),
    }
}

/// "Needs +0.9 points a school week to reach 80% by May 28, 2027."
pub(crate) fn required_rate(rate: f64, unit: &str, target: f64, due: Date) -> String {
    format!(
        "Needs {}{} a school week to reach {} by {}.",
        signed_rate(rate),
        change_unit(unit),
        with_unit(target, unit),
        dates::medium(due)
    )
}

/// "At the trend so far, it would be at 84.2% on May 28, 2027: that reaches
/// the target of 80%." (or "…: short of the target of 80%.")
pub fn forecast(f: Trend, unit: &str, target: f64, due: Date) -> String {
    format!(
        "At the trend so far, it would be at {} on {}: {} the target of {}.",
        with_unit((f.value * 10.0).round() / 10.0, unit),
        dates::medium(due),
        if f.reaches {
            "that reaches"
        } else {
            "short of"
        },
        with_unit(target, unit)
    )
}

/// What a goal's page says of a missing forecast: only what its reader
/// can act on (a missing goalpost has its own lint; a goal achieved or
/// past due needs no forecast).
pub(crate) fn no_forecast(why: NoForecast) -> Option<&'static str> {
    match why {
        NoForecast::NotMeasurable | NoForecast::Ended | NoForecast::Achieved => None,
        NoForecast::TooFewPoints => Some(
            "A trend needs three points or more (the baseline counts as one): no forecast yet.",
        ),
        NoForecast::NoLine => {
            Some("The measurements are too large to fit a trend through: no forecast.")
        }
    }
}

/// "Can miss 2 more days in Sprint 6 and still reach 80%."
pub fn buffer(buffer: i64, g: &GoalReport, cycle: &str) -> String {
    let unit = periods(g);
    let one = &unit[..unit.len() - 1];
    let line = pct(rules::BUFFER_GOAL);
    match buffer {
        b if b < 0 => {
            format!("{line} is out of reach in {cycle}, even with every remaining {one} done.")
        }
        0 => format!("No {one} to spare in {cycle}: one more missed and {line} is out of reach."),
        1 => format!("Can miss 1 more {one} in {cycle} and still reach {line}."),
        b => format!("Can miss {b} more {unit} in {cycle} and still reach {line}."),
    }
}
/// How the running period stands, said instead of a buffer in a short
/// cycle: "This week's target is met: 1 debrief.", "This week so far: 1 of
/// 3 visits.", "Today: not recorded yet."
pub(crate) fn period_now(p: PeriodNow, unit: &str) -> String {
    let (when, whens) = if p.weekly {
        ("This week", "This week's")
    } else {
        ("Today", "Today's")
    };
    match p.recorded {
        _ if !p.scheduled => format!("{when}: nothing is scheduled."),
        None if p.skipped => format!("{when}: skipped; it does not count."),
        None => format!("{when}: nothing recorded yet."),
        Some(a) if a >= p.target => {
            if p.yes_no {
                format!("{whens} target is met.")
            } else {
                format!("{whens} target is met: {}.", with_unit(a, unit))
            }
        }
        Some(a) => format!(
            "{when} so far: {} of {}.",
            num(a),
            with_unit(p.target, unit)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::delta_points;

    #[test]
    fn one_point_is_singular() {
        assert_eq!(delta_points(0.04), "+4 pts");
        assert_eq!(delta_points(0.01), "+1 pt");
        assert_eq!(delta_points(-0.01), "−1 pt");
        assert_eq!(delta_points(-0.12), "−12 pts");
        assert_eq!(delta_points(0.004), "no change");
    }
}
