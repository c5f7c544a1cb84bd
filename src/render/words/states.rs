//! A goal's state in words and colours: its badge, its body's heading,
//! past due, when it is next measured, a file that cannot be read, and
//! what a practice's completion counts.

use crate::analysis::{GoalReport, State};
use crate::model::{Cadence, Date, Details, Kind, Window};
use crate::render::dates;
use crate::render::format::pct;

pub(crate) fn state_label(state: State) -> &'static str {
    match state {
        State::Achieved => "Achieved",
        State::OnTrack => "On track",
        State::AtRisk => "At risk",
        State::OffTrack => "Off track",
        State::Overdue => "Past due",
        State::NoData => "No data",
    }
}

/// The badge of a goal of `kind` in `state`: a progress goal (or a
/// purpose above them) with nothing measured yet is "Not measured yet", a
/// practice with nothing recorded yet "Nothing recorded yet" (FORMAT §7 v3:
/// not "No data").
pub(crate) fn kind_state_label(kind: Kind, state: State) -> &'static str {
    match (kind, state) {
        (Kind::Progress | Kind::Purpose, State::NoData) => "Not measured yet",
        (Kind::Practice, State::NoData) => "Nothing recorded yet",
        _ => state_label(state),
    }
}

/// The heading of a goal's Markdown body: a reflection's body is what
/// its owner learned in the sprint (FORMAT §12); any other goal's, notes.
pub(crate) fn body_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Reflection => "Reflection",
        Kind::Purpose | Kind::Progress | Kind::Practice | Kind::Coaching => "Notes",
    }
}

/// The badge of goal `g` (see [`kind_state_label`]): a practice with
/// entries, none of which counts in the last 14 days (a break, only
/// `skip`), has "Nothing to count lately".
pub(crate) fn goal_state_label(g: &GoalReport) -> &'static str {
    use crate::analysis::coaching::Phase;
    // A coaching cycle is described by where it stands, a reflection by
    // what it is: neither is on or off track (FORMAT §12).
    match (g.goal.kind, g.coaching.as_deref().map(|f| f.phase)) {
        (Kind::Coaching, Some(Phase::Running)) => "Cycle running",
        (Kind::Coaching, Some(Phase::Finished)) => "Cycle finished",
        (Kind::Coaching, Some(Phase::Upcoming)) => "Cycle not started",
        (Kind::Reflection, _) => "Written",
        (Kind::Practice, _) if g.state == State::NoData && g.last_record.is_some() => {
            "Nothing to count lately"
        }
        _ => kind_state_label(g.goal.kind, g.state),
    }
}

/// "Past due: reached 62% of the way" (FORMAT §7 v3): a progress goal
/// whose due date passed short of its target.
pub(crate) fn past_due(fraction: Option<f64>) -> String {
    match fraction {
        Some(f) => format!("Past due: reached {} of the way", pct(f)),
        None => "Past due: nothing was measured".to_string(),
    }
}

/// "Next measured: February" (a month window; with its year when it is
/// not within the coming year), "Next measured: Feb 3, 2027" (a date).
pub(crate) fn next_measured(w: Window, today: Date) -> String {
    if w.is_month() {
        let within_year = dates::days_between(today, w.from) < 330;
        if within_year {
            format!("Next measured: {}", dates::month_name(w.from))
        } else {
            format!(
                "Next measured: {} {}",
                dates::month_name(w.from),
                w.from.year()
            )
        }
    } else {
        format!("Next measured: {}", dates::medium(w.from))
    }
}

/// A state's colour where it is text, or the ground of white text (the
/// site's `--at-risk` and the like in `site.css`; each at least 4.5:1
/// against white, which [`state_color`]'s fills need not be): the e-mail
/// digest's badges.
pub(crate) fn state_ink(state: State) -> &'static str {
    match state {
        State::Achieved => "#1f5fbf",
        State::OnTrack => "#2f7d4f",
        State::AtRisk => "#a35f00",
        State::OffTrack => "#b42318",
        State::Overdue => "#7b35e0",
        State::NoData => "#616e7c",
    }
}

pub(crate) fn state_color(state: State) -> &'static str {
    match state {
        State::Achieved => "#1f5fbf",
        State::OnTrack => "#2f7d4f",
        State::AtRisk => "#b26a00",
        State::OffTrack => "#b42318",
        State::Overdue => "#8a3ffc",
        State::NoData => "#7b8794",
    }
}

/// What a page shows of a goal whose file cannot be read now.
pub fn broken(b: &crate::model::Broken) -> String {
    use crate::model::Shown;
    let fix = "Fix the problem below and the page shows the file as it is now.";
    match (b.shown, b.as_of) {
        (None, _) => "This goal's file cannot be read right now, so nothing more of it can be \
                      shown yet. Fix the problem below and the page fills in again."
            .to_string(),
        (Some(Shown::LastCommit), Some(d)) => format!(
            "This goal's file cannot be read right now. What you see is the last committed \
             version that could be read ({}). {fix}",
            dates::medium(d)
        ),
        (Some(Shown::LastCommit), None) => format!(
            "This goal's file cannot be read right now. What you see is the last committed \
             version that could be read. {fix}"
        ),
        (Some(Shown::LastSave), _) => format!(
            "This goal's file cannot be read right now. What you see is its last save that \
             could be read. {fix}"
        ),
    }
}

/// What a practice's completion counts: "days", or "weeks" for a weekly one.
pub(crate) fn periods(g: &GoalReport) -> &'static str {
    match &g.goal.details {
        Details::Practice(p) if p.cadence == Cadence::Weekly => "weeks",
        _ => "days",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG's contrast of `#rrggbb` against white.
    fn contrast_on_white(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
        1.05 / (l + 0.05)
    }

    #[test]
    fn a_states_ink_is_the_sites_and_readable_on_white() {
        let css = include_str!("../../../templates/site.css");
        for state in State::ALL {
            let ink = state_ink(state);
            assert!(
                css.contains(&format!("--{}: {ink};", state.as_str())),
                "{state:?}: {ink} is not site.css's"
            );
            assert!(contrast_on_white(ink) >= 4.5, "{state:?}: {ink}");
        }
        // The at-risk fill the e-mail badge used was not (4.2:1).
        assert!(contrast_on_white(state_color(State::AtRisk)) < 4.5);
    }
}
