//! What the calendar feeds hold (FORMAT §8 v3): `calendar.ics` has every
//! cycle (its start to its end), and the due date and measurement windows
//! (`windows:`) of every active, shared progress goal; `people/<person>.ics` has the cycles and that person's
//! own goals' due dates. Private goals (personal ones too) are never in a
//! feed, not even in a report built with `--include-private`: a calendar is
//! shared with other people and devices.
//!
//! Each event's `uid` is made from what it is about (the cycle's or goal's
//! id) and the report's title, so a calendar that subscribed updates the
//! same events in place from build to build.

use super::Report;
use crate::model::{Date, Kind};

/// One all-day event of a feed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct FeedEvent {
    /// Stable across builds: the same cycle or goal, the same uid.
    pub(crate) uid: String,
    /// The cycle's name or the goal's title.
    pub(crate) title: String,
    /// The first and the last day (both included).
    pub(crate) first: Date,
    pub(crate) last: Date,
    /// The people it belongs to (a cycle belongs to everyone; a goal with
    /// no owner to no one's own feed).
    pub(crate) owners: Vec<String>,
    /// What it is about (the report links its page).
    pub(crate) about: About,
}

/// What a feed event is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum About {
    /// A cycle (its start to its end), by its id.
    Cycle(String),
    /// A progress goal's due date, by the goal's id.
    Due(String),
    /// One of a progress goal's measurement windows, by the goal's id.
    Window(String),
    /// A coaching cycle (its start to its due date), by the goal's id.
    Coaching(String),
}

/// Every event of `calendar.ics`, cycles first, then due dates by date.
pub(crate) fn events(report: &Report) -> Vec<FeedEvent> {
    let site = uid_suffix(&report.title);
    let mut out: Vec<FeedEvent> = report
        .cycles
        .iter()
        .map(|c| FeedEvent {
            uid: format!("cycle-{}.{site}@goalpost", c.id),
            title: c.name.clone(),
            first: c.start,
            last: c.end,
            owners: Vec::new(),
            about: About::Cycle(c.id.clone()),
        })
        .collect();
    let mut due: Vec<FeedEvent> = report
        .goals
        .iter()
        .filter(|g| g.goal.kind == Kind::Progress && g.goal.is_active() && !g.goal.is_private())
        .flat_map(|g| {
            let goal = &g.goal;
            let due = goal.due.map(|due| FeedEvent {
                uid: format!("due-{}.{site}@goalpost", goal.id),
                title: goal.title.clone(),
                first: due,
                last: due,
                owners: goal.owners.clone(),
                about: About::Due(goal.id.clone()),
            });
            let windows = goal.progress().into_iter().flat_map(|p| &p.windows);
            let windows = windows.map(|w| FeedEvent {
                uid: format!("window-{}-{}.{site}@goalpost", goal.id, w.from),
                title: goal.title.clone(),
                first: w.from,
                last: w.to,
                owners: goal.owners.clone(),
                about: About::Window(goal.id.clone()),
            });
            due.into_iter().chain(windows).collect::<Vec<_>>()
        })
        .collect();
    // Coaching cycles that count (not drafts, not dropped) and are shared.
    due.extend(super::coaching::feed_cycles(report).map(|g| FeedEvent {
        uid: format!("coaching-{}.{site}@goalpost", g.id),
        title: g.title.clone(),
        first: g.start.unwrap_or_else(|| g.due.unwrap_or(report.today)),
        last: g.due.unwrap_or_else(|| g.start.unwrap_or(report.today)),
        owners: g.owners.clone(),
        about: About::Coaching(g.id.clone()),
    }));
    due.sort_by(|a, b| (a.first, &a.uid).cmp(&(b.first, &b.uid)));
    out.append(&mut due);
    out
}

/// The events of one person's feed: the school's and their own.
pub(crate) fn for_person<'e>(events: &'e [FeedEvent], person: &str) -> Vec<&'e FeedEvent> {
    events
        .iter()
        .filter(|e| matches!(e.about, About::Cycle(_)) || e.owners.iter().any(|o| o == person))
        .collect()
}

/// A short, stable mark of the report: two schools' calendars never share
/// a uid.
fn uid_suffix(title: &str) -> String {
    format!(
        "{:08x}",
        xxhash_rust::xxh3::xxh3_64(title.as_bytes()) as u32
    )
}
