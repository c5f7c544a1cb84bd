//! What `serve` adds to pages and answers with, never written to disk:
//! the check-in form (`check-in.html`), the live-reload script and error
//! overlay (`live-reload.html`), the page of a refused check-in
//! (`check-in-refused.html`) and the not-found page (`not-found.html`).
//! `building.html` and `check-in.css` receive nothing.

use crate::analysis::today::{PracticeToday, TodayEntry};
use crate::model::Date;
use crate::yaml::format_number;
use serde::Serialize;

/// `check-in.html`: the form for one practice scheduled today.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckInForm<'a> {
    /// The marker's key (the practice's page address): the form's id is
    /// `check-in-KEY`, which the page is sent back to after a post.
    pub(crate) key: &'a str,
    /// Where the form posts.
    pub(crate) action: &'a str,
    /// The practice's id.
    pub(crate) id: &'a str,
    /// The practice's title.
    pub(crate) title: &'a str,
    /// This run's secret: a hidden field every form carries.
    pub(crate) token: &'a str,
    /// The day checked in for, `2026-11-20`.
    pub(crate) date: String,
    /// The page's own path, to come back to.
    pub(crate) back: &'a str,
    /// What is recorded so far: "Today: not recorded yet", "This week: 2
    /// of 3 visits", "Today: done ✓".
    pub(crate) status: String,
    /// Something is recorded already (the controls then fold away).
    pub(crate) recorded: bool,
    /// A weekly practice (its entries are the week's).
    pub(crate) weekly: bool,
    /// The practice's unit ("visits"), if it has one.
    pub(crate) unit: Option<&'a str>,
    /// The target with its unit ("3 visits") for the Done button; none
    /// for a yes/no practice (target 1, no unit).
    pub(crate) target: Option<String>,
}

impl<'a> CheckInForm<'a> {
    /// The form for `p` on `today`, posting to `action` with `token`.
    pub fn new(
        p: &'a PracticeToday,
        key: &'a str,
        action: &'a str,
        today: Date,
        token: &'a str,
        back: &'a str,
    ) -> CheckInForm<'a> {
        let unit = p.unit.as_deref();
        CheckInForm {
            key,
            action,
            id: &p.id,
            title: &p.title,
            token,
            date: today.to_string(),
            back,
            status: status(p),
            recorded: p.entry != TodayEntry::NotYet,
            weekly: p.weekly,
            unit,
            target: (!p.yes_no).then(|| amount(p.target, unit)),
        }
    }
}

/// "3 visits", "1 debrief", "2".
pub(crate) fn amount(n: f64, unit: Option<&str>) -> String {
    match unit {
        Some(u) => crate::render::svg::with_unit(n, u),
        None => format_number(n),
    }
}

/// What is recorded so far, in words.
fn status(p: &PracticeToday) -> String {
    let unit = p.unit.as_deref();
    let when = if p.weekly { "This week" } else { "Today" };
    match p.entry {
        TodayEntry::NotYet => format!("{when}: not recorded yet"),
        TodayEntry::Skip => format!("{when}: skipped"),
        TodayEntry::Done { amount: a, .. } if p.weekly => {
            format!("{when}: {} of {}", format_number(a), amount(p.target, unit))
        }
        TodayEntry::Done {
            at_target: true, ..
        } if p.yes_no => format!("{when}: done ✓"),
        TodayEntry::Done {
            amount: a,
            at_target,
        } => format!(
            "{when}: {}{}",
            amount(a, unit),
            if at_target { " ✓" } else { "" }
        ),
    }
}

/// `live-reload.html`: put before the last `</body>` of every served page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LiveReload<'a> {
    /// This run and build (a page whose token differs from the one the
    /// event stream sends reloads).
    pub(crate) token: &'a str,
    /// The event stream's path.
    pub(crate) events: &'a str,
    /// The last build's errors, one "file:line:col code message" line
    /// each; empty when it had none (then there is no overlay).
    pub(crate) problems: &'a [String],
}

/// `check-in-refused.html`: a post that recorded nothing.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RefusedPage<'a> {
    /// Why, in sentences (may hold line breaks).
    pub(crate) message: &'a str,
    /// The page to go back to (a path on this server).
    pub(crate) back: &'a str,
    /// Where the replace form posts.
    pub(crate) post_to: &'a str,
    /// For a conflict: the same entry, to post again replacing the one
    /// recorded (with `force=1`).
    pub(crate) replace: Option<ReplaceForm<'a>>,
}

/// The fields of a check-in posted again (all hidden).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReplaceForm<'a> {
    /// This run's secret.
    pub(crate) token: &'a str,
    /// The practice's id.
    pub(crate) id: &'a str,
    /// The day, `2026-11-20`.
    pub(crate) date: &'a str,
    /// The page to go back to.
    pub(crate) back: &'a str,
    /// `done`, `number` or `skip`.
    pub(crate) action: &'a str,
    /// The number posted, if any.
    pub(crate) amount: &'a str,
    /// The note posted, if any.
    pub(crate) note: &'a str,
}

/// `not-found.html`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NotFoundPage<'a> {
    /// The path asked for, percent-decoded.
    pub(crate) path: &'a str,
}
