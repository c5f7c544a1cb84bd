//! "This week": each person's list for the week under way, first on the
//! dashboard of a small repository and on every person page.

use super::{GoalLink, PersonRef, Views};
use crate::analysis::week::{self, WeekItem};
use crate::render::{dates, words};
use serde::Serialize;

/// "This week": each person's list for the week under way.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ThisWeek<'a> {
    /// "Nov 16–22".
    pub(crate) range: String,
    /// One list per person, in name order; people with nothing this week
    /// are left out.
    pub(crate) owners: Vec<OwnerWeek<'a>>,
}

/// One person's week.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerWeek<'a> {
    /// The person.
    pub(crate) person: PersonRef<'a>,
    /// Most urgent first.
    pub(crate) items: Vec<WeekRow<'a>>,
}

/// A goal on someone's week.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WeekRow<'a> {
    /// The goal.
    pub(crate) goal: GoalLink<'a>,
    /// `due-soon`, `slipped`, `practice`, `measurement-due`: for styling.
    pub(crate) reason: &'static str,
    /// One plain sentence: "2 of 4 school days done so far; today not
    /// recorded yet."
    pub(crate) text: String,
    /// Something to do today or soon, as analysis decides it
    /// ([`crate::analysis::week::WeekItem::is_urgent`]): drawn with an edge.
    pub(crate) urgent: bool,
    /// On a person page, for a practice scheduled today: its check-in
    /// marker's key (see [`Views::check_in`]).
    pub(crate) check_in: Option<String>,
}

/// The week of `goals`, for the people who own them (`only`: just this
/// person, for a person page).
pub(crate) fn this_week<'a>(v: &Views<'a>, goals: &[usize], only: Option<&str>) -> ThisWeek<'a> {
    let w = week::week(v.report, goals.iter().copied());
    let cycle = v
        .report
        .current_cycle
        .map(|i| v.report.cycles[i].name.as_str());
    let owners = w
        .owners
        .iter()
        .filter(|o| only.is_none_or(|p| p == o.owner))
        .filter_map(|o| {
            let id = v.people.iter().copied().find(|&p| p == o.owner)?;
            Some(OwnerWeek {
                person: v.person(id),
                items: o
                    .entries
                    .iter()
                    .map(|e| {
                        let g = &v.report.goals[e.goal];
                        let mut text = words::week_item(&e.item, g);
                        // A practice's buffer in the current cycle: how many
                        // more can be missed (FORMAT §7).
                        if let (
                            WeekItem::Practice {
                                buffer: Some(b), ..
                            },
                            Some(cycle),
                        ) = (e.item, cycle)
                        {
                            text.push(' ');
                            text.push_str(&words::buffer(b, g, cycle));
                        }
                        WeekRow {
                            goal: v.link_of(g),
                            reason: reason(&e.item),
                            text,
                            urgent: e.urgent,
                            check_in: only.and_then(|_| match e.item {
                                WeekItem::Practice { .. } => v.check_in(e.goal),
                                _ => None,
                            }),
                        }
                    })
                    .collect(),
            })
        })
        .collect();
    ThisWeek {
        range: dates::range(w.monday, w.sunday),
        owners,
    }
}

fn reason(item: &WeekItem) -> &'static str {
    match item {
        WeekItem::DueSoon { .. } => "due-soon",
        WeekItem::Slipped { .. } => "slipped",
        WeekItem::Practice { .. } => "practice",
        WeekItem::MeasurementDue { .. } => "measurement-due",
    }
}
