//! Why a goal needs attention, in words: each lint's coaching question,
//! the sentence for a concern, what "slipping" means and how a goal
//! slipped in a cycle.

use super::states::{kind_state_label, past_due, periods};
use crate::analysis::attention::Concern;
use crate::analysis::review::Slip;
use crate::analysis::rules;
use crate::analysis::GoalReport;
use crate::model::lint::Lint;
use crate::render::dates;
use crate::render::format::pct;

/// Coaching wording for each lint: a title and a question that helps.
/// Exhaustive: a new lint does not compile until it has its words.
pub(crate) fn lint_coaching(lint: Lint) -> (&'static str, String) {
    let (title, coaching) = match lint {
        Lint::MagicWand => (
            "No practice drives this result",
            "If a magic wand could move this number, you would not need a plan. What would you do each day that produces this result? Add a practice that serves this goal.",
        ),
        Lint::ProgressWithoutPurpose => (
            "No purpose above this number",
            "Why does this number matter? Link it to a purpose goal with `purpose:` so everyone sees the reason behind it.",
        ),
        Lint::PurposeWithoutProgress => (
            "No way to tell whether this is moving",
            "How would you know this purpose is being served? Add a progress goal with a baseline, a target and a due date.",
        ),
        Lint::UnknownPerson => (
            "An owner nobody is listed as",
            "Is the owner's id spelt as under `people:` in goalpost.yml? Correct it, or add the new person there.",
        ),
        Lint::CycleWithoutPre => (
            "No pre-assessment yet",
            "Where are the students now? Record the first assessment as `pre:`, so the cycle's gain can be seen.",
        ),
        Lint::CycleWithoutPost => (
            "No post-assessment",
            "Where did the students get to? Record the closing assessment as `post:`.",
        ),
        Lint::CycleWithoutEvidence => (
            "No evidence listed",
            "What did the cycle look like in the classroom? List a lesson video, student work or notes under `evidence:`.",
        ),
        Lint::Stale => (
            "Nothing recorded lately",
            "Is this still the plan? Record the latest entry, or mark the goal `status: paused` if the work has stopped for now.",
        ),
        Lint::NotMeasurable => (
            "Not measurable yet",
            "Give it a baseline, a target and a due date, so progress can be compared with a steady pace.",
        ),
        Lint::FutureEntry => (
            "Entries dated in the future",
            "Some entries are dated after today. Check those dates for a typo.",
        ),
        Lint::OutsideWindow => (
            "Entries outside the goal's window",
            "Some entries fall before the start or after the due date. Check the dates, or widen the window.",
        ),
        Lint::StrategyCheck => {
            return (
                "The practices are happening; is the number moving?",
                format!(
                    "Every practice serving this goal was done at least {} of the time over the last {} days, yet the latest measurement is no better than before that. Are these the practices that move this number? It may be too early to tell, or another practice may do more.",
                    pct(rules::STRATEGY_COMPLETION),
                    rules::STRATEGY_DAYS
                ),
            )
        }
    };
    (title, coaching.to_string())
}

pub(super) fn pct_or_dash(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), pct)
}

/// "on 13% of scheduled days", "in 50% of scheduled weeks".
fn done_share(share: String, g: &GoalReport) -> String {
    match periods(g) {
        "weeks" => format!("in {share} of scheduled weeks"),
        p => format!("on {share} of scheduled {p}"),
    }
}

/// One sentence saying why goal `g` needs attention.
pub(crate) fn concern(c: &Concern, g: &GoalReport) -> String {
    match *c {
        Concern::Overdue { due, fraction } => match due {
            Some(d) => format!("{} (due {}).", past_due(fraction), dates::medium(d)),
            None => format!("{}.", past_due(fraction)),
        },
        // A goal measured in windows is judged at its latest measurement
        // (FORMAT §7 v3): the sentence compares with the pace expected then,
        // not with today's, which nobody has measured against yet.
        Concern::Behind { fraction, .. } if judged(g).is_some() => {
            let j = judged(g).expect("checked");
            format!(
                "{} of the way at the {} measurement, but {} was expected then.",
                pct_or_dash(fraction),
                dates::medium(j.date),
                pct(j.expected)
            )
        }
        Concern::AtRisk { fraction, .. } if judged(g).is_some() => {
            let j = judged(g).expect("checked");
            format!(
                "A little behind the steady pace: {} of the way at the {} measurement, when {} was expected.",
                pct_or_dash(fraction),
                dates::medium(j.date),
                pct(j.expected)
            )
        }
        Concern::Behind { fraction, expected } => format!(
            "{} of the way, but {} was expected by today.",
            pct_or_dash(fraction),
            pct_or_dash(expected)
        ),
        Concern::AtRisk { fraction, expected } => format!(
            "A little behind the steady pace: {} of the way, {} expected by today.",
            pct_or_dash(fraction),
            pct_or_dash(expected)
        ),
        Concern::PracticeOffTrack { completion_14d }
        | Concern::PracticeAtRisk { completion_14d } => format!(
            "Done {} in the last 14 days.",
            done_share(pct_or_dash(completion_14d), g)
        ),
        Concern::Stale {
            last_entry: Some(d),
            days,
        } => format!(
            "Nothing recorded since {} ({} days).",
            dates::medium(d),
            days.unwrap_or(0)
        ),
        Concern::Stale {
            last_entry: None, ..
        } => "Nothing recorded yet.".to_string(),
    }
}

/// Where a goal measured in windows is judged: its latest measurement.
fn judged(g: &GoalReport) -> Option<crate::analysis::Judged> {
    g.progress.as_ref().and_then(|p| p.judged)
}

/// What "slipping" means, said on every page that counts it (FORMAT §7
/// v3; the rule is [`crate::analysis::is_slipping`]).
pub(crate) const SLIPPING_MEANS: &str = "Slipping means a progress goal or practice that is \
    at risk, off track or past due, or that has had nothing recorded lately. \
    It describes goals, not people.";

/// One sentence saying how goal `g` slipped in a cycle.
pub(crate) fn slip(s: &Slip, g: &GoalReport) -> String {
    match *s {
        Slip::Completion {
            this,
            previous: Some(b),
        } => format!("Done {}, down from {}.", done_share(pct(this), g), pct(b)),
        Slip::Completion {
            this,
            previous: None,
        } => format!("Done {}.", done_share(pct(this), g)),
        Slip::StateWorse { from, to } => format!(
            "Went from {} to {}.",
            kind_state_label(g.goal.kind, from).to_lowercase(),
            kind_state_label(g.goal.kind, to).to_lowercase()
        ),
    }
}
