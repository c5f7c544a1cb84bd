//! Words and colours for what analysis decided: the render layer's only
//! vocabulary, one room per topic: a goal's state (`states.rs`), why it
//! needs attention and how it slipped (`attention.rs`), pace, forecasts
//! and the running period (`pace.rs`), someone's week (`week.rs`) and
//! goalposts that moved (`goalposts.rs`). Coaching wording asks
//! questions; it never reads like an evaluation.

mod attention;
mod goalposts;
mod pace;
mod states;
mod week;

pub(crate) use super::format::singular;
pub(crate) use attention::*;
pub(crate) use goalposts::*;
pub(crate) use pace::*;
pub(crate) use states::*;
pub(crate) use week::*;

use super::format::esc;

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

/// An amount of `unit` as a difference: "3 points" (of a percentage),
/// "1 student", "2.5" (no unit).
pub(crate) fn amount(x: f64, unit: &str) -> String {
    let unit = match unit {
        "" => String::new(),
        "%" if x.abs() == 1.0 => " point".to_string(),
        "%" => " points".to_string(),
        u if x.abs() == 1.0 => format!(" {}", singular(u)),
        u => format!(" {u}"),
    };
    format!("{}{unit}", super::format::num(x.abs()))
}

/// A change: "+3 points", "−1 student", "+2.5"; no change has no sign.
pub(crate) fn change(delta: f64, unit: &str) -> String {
    let sign = if delta < 0.0 {
        "−"
    } else if delta > 0.0 {
        "+"
    } else {
        ""
    };
    format!("{sign}{}", amount(delta, unit))
}

/// The unit a coaching cycle's gain and distance to its target are
/// counted in: points when its results are percentages or scores without
/// a unit, else its own ("minutes").
pub(crate) fn gain_unit(unit: &str) -> &str {
    match unit {
        "" | "%" => "%",
        u => u,
    }
}

#[cfg(test)]
mod tests {
    use super::{code_spans, goalpost_move};
    use crate::analysis::moved::GoalpostMove;
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
