//! Words and colours for what analysis decided: the render layer's only
//! vocabulary. Coaching wording asks questions; it never reads like an
//! evaluation.

use super::dates;
pub(crate) use super::format::singular;
use super::format::{esc, num, pct, with_unit};
use crate::analysis::attention::Concern;
use crate::analysis::moved::GoalpostMove;
use crate::analysis::practice::PeriodNow;
use crate::analysis::review::Slip;
use crate::analysis::rules;
use crate::analysis::week::WeekItem;
use crate::analysis::{DayStatus, GoalReport, NoForecast, State, Trend};
use crate::history::{Goalpost, PostValue};
use crate::model::lint::Lint;
use crate::model::{Cadence, Date, Details, Kind, Window};

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
        (Kind::Reflection, _) => "Sprint reflection",
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

fn pct_or_dash(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), pct)
}

/// What a practice's completion counts: "days", or "weeks" for a weekly one.
pub(crate) fn periods(g: &GoalReport) -> &'static str {
    match &g.goal.details {
        Details::Practice(p) if p.cadence == Cadence::Weekly => "weeks",
        _ => "days",
    }
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

/// "+4 pts", "−12 pts", "no change".
pub(crate) fn delta_points(d: f64) -> String {
    let pts = (d * 100.0).round() as i64;
    match pts {
        0 => "no change".to_string(),
        p if p > 0 => format!("+{p} pts"),
        p => format!("−{} pts", -p),
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
            super::dates::medium(d)
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

/// One sentence for goal `g` on someone's week.
pub(crate) fn week_item(item: &WeekItem, g: &GoalReport) -> String {
    match *item {
        WeekItem::DueSoon { due, days_left } => {
            let when = match days_left {
                0 => "Due today".to_string(),
                1 => "Due tomorrow".to_string(),
                n => format!("Due {} ({n} days)", dates::medium(due)),
            };
            match g.progress.as_ref().and_then(|p| p.fraction) {
                Some(f) => format!("{when}; {} of the way.", pct(f)),
                None => format!("{when}; nothing measured yet."),
            }
        }
        WeekItem::Slipped { from, to } => format!(
            "Since last week: {}, was {}.",
            kind_state_label(g.goal.kind, to).to_lowercase(),
            kind_state_label(g.goal.kind, from).to_lowercase()
        ),
        WeekItem::Practice {
            week_share: Some(share),
            missed,
            met,
            ..
        } => {
            if met {
                "This week's target is met.".to_string()
            } else if missed > 0 {
                format!(
                    "{} of this week's target; the week ended short.",
                    pct(share)
                )
            } else {
                format!("{} of this week's target so far.", pct(share))
            }
        }
        WeekItem::Practice {
            scheduled,
            hits,
            partial,
            missed,
            today,
            week_share: None,
            ..
        } => {
            // FORMAT §4: `daily` is every day, weekends too; only
            // `weekdays` keeps to school days.
            let day = match g.goal.practice().map(|p| p.cadence) {
                Some(Cadence::Daily) => "day",
                _ => "school day",
            };
            let mut parts = vec![format!(
                "{hits} of {scheduled} {day}{} done",
                if scheduled == 1 { "" } else { "s" }
            )];
            if partial > 0 {
                parts.push(format!("{partial} partly"));
            }
            if missed > 0 {
                parts.push(format!("{missed} missed"));
            }
            let mut text = parts.join(", ");
            text.push_str(match today {
                Some(DayStatus::Pending) => "; today not recorded yet.",
                Some(DayStatus::Hit) => "; today done.",
                _ => ".",
            });
            text
        }
        WeekItem::MeasurementDue { last: Some(d) } => format!(
            "A fresh measurement is due: the last is from {}.",
            dates::medium(d)
        ),
        WeekItem::MeasurementDue { last: None } => "No measurement yet.".to_string(),
    }
}

/// `text` as HTML, escaped, with each `backticked` span as `<code>`: how
/// diagnostics name fields and values, shown as code rather than as raw
/// backticks. An unpaired backtick stays as it is.
pub(crate) fn code_spans(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let inside = i % 2 == 1 && i + 1 < parts.len();
        if inside {
            out.push_str("<code>");
            out.push_str(&esc(part));
            out.push_str("</code>");
        } else {
            if i % 2 == 1 {
                out.push('`');
            }
            out.push_str(&esc(part));
        }
    }
    out
}

/// What a goalpost is called in a sentence: "Target", "Due date", "Rhythm".
pub(crate) fn goalpost_label(field: Goalpost) -> &'static str {
    match field {
        Goalpost::Baseline => "Baseline",
        Goalpost::Target => "Target",
        Goalpost::Start => "Start date",
        Goalpost::Due => "Due date",
        Goalpost::Cadence => "Rhythm",
    }
}

/// A goalpost's value in words: "78%", "Jun 11, 2027", "once a week".
fn post_text(v: PostValue, unit: &str) -> String {
    match v {
        PostValue::Number(n) => with_unit(n, unit),
        PostValue::Date(d) => dates::medium(d),
        PostValue::Cadence(Cadence::Daily) => "every day".to_string(),
        PostValue::Cadence(Cadence::Weekdays) => "every school day".to_string(),
        PostValue::Cadence(Cadence::Weekly) => "once a week".to_string(),
    }
}

/// "2 weeks later", "3 days earlier", "1 day later".
fn shift(from: Date, to: Date) -> String {
    let days = dates::days_between(from, to);
    let n = days.abs();
    let (count, what) = if n % 7 == 0 {
        (n / 7, if n == 7 { "week" } else { "weeks" })
    } else {
        (n, if n == 1 { "day" } else { "days" })
    };
    let way = if days > 0 { "later" } else { "earlier" };
    format!("{count} {what} {way}")
}

/// A goalpost moved, plainly: "Target moved from 80% to 78%.", "Due date
/// moved from May 28, 2027 to Jun 11, 2027 (2 weeks later).", "Rhythm
/// changed from every school day to once a week.", "Due date set to May
/// 28, 2027.", "Target removed (it was 80%)."
pub(crate) fn goalpost_move(m: &GoalpostMove, unit: &str) -> String {
    let label = goalpost_label(m.field);
    let verb = if m.field == Goalpost::Cadence {
        "changed"
    } else {
        "moved"
    };
    match (m.from, m.to) {
        (Some(a), Some(b)) => {
            let extra = match (a, b) {
                (PostValue::Date(x), PostValue::Date(y)) => format!(" ({})", shift(x, y)),
                _ => String::new(),
            };
            format!(
                "{label} {verb} from {} to {}{extra}.",
                post_text(a, unit),
                post_text(b, unit)
            )
        }
        (None, Some(b)) => format!("{label} set to {}.", post_text(b, unit)),
        (Some(a), None) => format!("{label} removed (it was {}).", post_text(a, unit)),
        (None, None) => format!("{label} changed."),
    }
}

#[cfg(test)]
mod tests {
    use super::{code_spans, goalpost_move, GoalpostMove};
    use crate::history::{Goalpost, PostValue};
    use crate::model::Cadence;

    fn moved(field: Goalpost, from: Option<PostValue>, to: Option<PostValue>) -> GoalpostMove {
        GoalpostMove {
            date: "2026-10-05".parse().unwrap(),
            author: "Ann".into(),
            field,
            from,
            to,
            commit: String::new(),
            message: String::new(),
            cycle: None,
        }
    }

    #[test]
    fn a_goalpost_move_in_plain_words() {
        let n = |x: f64| Some(PostValue::Number(x));
        let d = |s: &str| Some(PostValue::Date(s.parse().unwrap()));
        let c = |c: Cadence| Some(PostValue::Cadence(c));
        let cases = [
            (
                moved(Goalpost::Target, n(80.0), n(78.0)),
                "%",
                "Target moved from 80% to 78%.",
            ),
            (
                moved(Goalpost::Target, n(1.0), n(3.0)),
                "visits",
                "Target moved from 1 visit to 3 visits.",
            ),
            (
                moved(Goalpost::Baseline, n(67.0), None),
                "%",
                "Baseline removed (it was 67%).",
            ),
            (
                moved(Goalpost::Due, d("2027-05-28"), d("2027-06-11")),
                "",
                "Due date moved from May 28, 2027 to Jun 11, 2027 (2 weeks later).",
            ),
            (
                moved(Goalpost::Start, d("2026-09-15"), d("2026-09-14")),
                "",
                "Start date moved from Sep 15, 2026 to Sep 14, 2026 (1 day earlier).",
            ),
            (
                moved(Goalpost::Due, None, d("2027-05-28")),
                "",
                "Due date set to May 28, 2027.",
            ),
            (
                moved(Goalpost::Cadence, c(Cadence::Weekdays), c(Cadence::Daily)),
                "",
                "Rhythm changed from every school day to every day.",
            ),
        ];
        for (m, unit, want) in cases {
            assert_eq!(goalpost_move(&m, unit), want);
        }
    }

    #[test]
    fn a_rule_stated_in_words_is_the_rule_analysis_applies() {
        use crate::analysis::rules;
        let (_, coaching) = super::lint_coaching(crate::model::lint::Lint::StrategyCheck);
        let line = format!(
            "at least {}% of the time",
            rules::percent(rules::STRATEGY_COMPLETION)
        );
        assert!(coaching.contains(&line), "{coaching}");
        assert!(coaching.contains(&format!("last {} days", rules::STRATEGY_DAYS)));
    }

    #[test]
    fn backticks_become_code_and_everything_is_escaped() {
        assert_eq!(
            code_spans("no practice serves `ada-95`: add `serves: <id>`"),
            "no practice serves <code>ada-95</code>: add <code>serves: &lt;id&gt;</code>"
        );
        assert_eq!(code_spans("a ` alone & more"), "a ` alone &amp; more");
        assert_eq!(code_spans("`a` and `b"), "<code>a</code> and `b");
        assert_eq!(code_spans(""), "");
    }
}
