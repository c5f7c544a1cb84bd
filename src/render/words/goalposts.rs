//! Goalposts in words: what each is called, and a move said plainly
//! ("Target moved from 80% to 78%.").

use crate::analysis::moved::GoalpostMove;
use crate::history::{Goalpost, PostValue};
use crate::model::{Cadence, Date};
use crate::render::dates;
use crate::render::format::with_unit;

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
