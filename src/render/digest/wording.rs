//! The digest's shared wording: owners' names, a goal as a list item,
//! a change with its unit ("+3 points"), a measurement that moved, days
//! and a practice's spare days.

use super::Item;
use crate::analysis::digest::{Moved, PracticeWeek};
use crate::analysis::{GoalReport, Report, State};
use crate::model::Kind;
use crate::render::svg::{num, with_unit};
use crate::render::{dates, words};
use std::fmt::Write;

pub(super) fn owners(report: &Report, g: &GoalReport) -> String {
    g.goal
        .owners
        .iter()
        .map(|o| {
            report
                .settings
                .person(o)
                .map_or_else(|| o.clone(), |p| p.name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn item(report: &Report, goal: usize, text: String, state: Option<State>) -> Item {
    let g = &report.goals[goal];
    Item {
        title: crate::analysis::visible::marked_title(&g.goal),
        owners: owners(report, g),
        text,
        state,
        kind: g.goal.kind,
    }
}

pub(super) use crate::render::view::unit_of;

pub(super) use crate::render::words::change;

/// "67% → 71%", "2 → 7 rooms": a unit other than `%` is written once.
pub(super) fn from_to(a: f64, b: f64, unit: &str, sep: &str) -> String {
    if unit == "%" || unit.is_empty() {
        format!("{}{sep}{}", with_unit(a, unit), with_unit(b, unit))
    } else {
        format!("{}{sep}{}", num(a), with_unit(b, unit))
    }
}

/// "67% → 71% on Nov 19 (+4 points, toward the target of 80%)", and the
/// state it had before the period when that changed (`was`).
pub(super) fn moved_text(m: &Moved, g: &GoalReport, was: Option<State>) -> String {
    let unit = unit_of(g);
    let mut text = match m.before {
        Some(b) => format!(
            "{} on {}",
            from_to(b, m.value, unit, " → "),
            dates::short(m.date)
        ),
        None => format!("{} on {}", with_unit(m.value, unit), dates::short(m.date)),
    };
    let target = g.progress.as_ref().and_then(|p| p.target);
    let mut notes = Vec::new();
    match (m.delta, m.toward_target, target) {
        (Some(d), Some(true), Some(t)) => notes.push(format!(
            "{}, toward the target of {}",
            change(d, unit),
            with_unit(t, unit)
        )),
        (Some(d), Some(false), Some(t)) => notes.push(format!(
            "{}, away from the target of {}",
            change(d, unit),
            with_unit(t, unit)
        )),
        (Some(0.0), _, _) => notes.push("no change".to_string()),
        (Some(d), _, _) => notes.push(change(d, unit)),
        _ => {}
    }
    if m.points > 1 {
        notes.push(format!("{} measurements", m.points));
    }
    if let Some(w) = was {
        notes.push(format!("was {}", state_word(g.goal.kind, w)));
    }
    if !notes.is_empty() {
        let _ = write!(text, " ({})", notes.join("; "));
    }
    text
}

pub(super) fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

pub(super) fn state_word(kind: Kind, s: State) -> String {
    words::kind_state_label(kind, s).to_lowercase()
}

/// "2 days", "1 week", "none", "80% out of reach".
pub(super) fn spare(p: &PracticeWeek) -> String {
    let unit = if p.weekly { "week" } else { "day" };
    match p.buffer {
        None => "–".to_string(),
        Some(b) if b < 0 => format!(
            "{} out of reach",
            crate::render::svg::pct(crate::analysis::rules::BUFFER_GOAL)
        ),
        Some(0) => "none".to_string(),
        Some(1) => format!("1 {unit}"),
        Some(b) => format!("{b} {unit}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_carry_their_unit() {
        assert_eq!(change(3.0, "%"), "+3 points");
        assert_eq!(change(-1.0, "%"), "−1 point");
        assert_eq!(change(-1.0, "students"), "−1 student");
        assert_eq!(change(2.5, ""), "+2.5");
        assert_eq!(change(0.0, "%"), "0 points");
        // A coaching cycle's gain: in points when its results are
        // percentages or scores without a unit, as on the cycle's page.
        let gain = |x, u| change(x, crate::render::words::gain_unit(u));
        assert_eq!(gain(33.0, ""), "+33 points");
        assert_eq!(gain(1.0, "%"), "+1 point");
        assert_eq!(gain(-8.0, "minutes"), "−8 minutes");
    }
}
