//! A goal's card: everything a template needs to show one goal in a list
//! or on its page, built once per goal ([`Views::card`]) from its report.
//! Its figures are in [`super::figures`].

use super::Views;
use super::{AreaRef, GoalLink, LintView, PersonRef, PracticeCard, ProgressCard, PurposeCard};
use crate::analysis::GoalReport;
use crate::model::{Cadence, Details, Kind, Status};
use crate::render::svg::num;
use crate::render::{dates, words};
use serde::Serialize;

/// Everything a template needs to show one goal in a list or on its page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Card<'a> {
    /// The goal's id.
    pub(crate) id: &'a str,
    /// `purpose`, `progress` or `practice`.
    pub(crate) kind: &'static str,
    /// "Purpose", "Progress goal", "Practice".
    pub(crate) kind_label: &'static str,
    /// The goal's title.
    pub(crate) title: &'a str,
    /// Its page, relative to the site root: `goals/<address>.html`.
    pub(crate) href: String,
    /// Its file's path in the repository.
    pub(crate) file: &'a str,
    /// The folder it is in.
    pub(crate) area: AreaRef,
    /// Its owners, in the file's order.
    pub(crate) owners: Vec<PersonRef<'a>>,
    /// `active`, `draft`, `paused`, `done` or `dropped`.
    pub(crate) status: &'static str,
    /// The status is `active`.
    pub(crate) active: bool,
    /// A private goal, shown because the build includes private goals:
    /// every line that lists it marks it.
    pub(crate) private: bool,
    /// From the reader's personal folder (FORMAT §11): marked "Personal —
    /// only on this computer" wherever it is listed.
    pub(crate) personal: bool,
    /// "Edit this goal": the goal file in the repository's web editor
    /// (`edit_url`); never for a private goal.
    pub(crate) edit: Option<String>,
    /// Its state, `on-track`… (a CSS class).
    pub(crate) state: &'static str,
    /// Its state in words, "On track", "Not measured yet", "Cannot be read".
    pub(crate) state_label: &'static str,
    /// Set when the goal's file cannot be read now: a sentence saying so
    /// and which version of it, if any, the page shows (FORMAT §2).
    pub(crate) broken: Option<String>,
    /// Nothing of the goal could be read and no earlier version is known:
    /// its page shows the problem and its links, no figures.
    pub(crate) unreadable: bool,
    /// Its `tags`.
    pub(crate) tags: &'a [String],
    /// Its `start`, "Sep 1, 2026".
    pub(crate) start: Option<String>,
    /// Its `due`, "May 28, 2027".
    pub(crate) due: Option<String>,
    /// "Sep 1 – May 28, 2027", "due May 28", …
    pub(crate) window: Option<String>,
    /// A progress goal's figures.
    pub(crate) progress: Option<Box<ProgressCard>>,
    /// A practice's figures.
    pub(crate) practice: Option<Box<PracticeCard>>,
    /// A purpose's roll-up.
    pub(crate) purpose: Option<Box<PurposeCard>>,
    /// The lints that fired on it, with their coaching.
    pub(crate) lints: Vec<LintView>,
    /// Goals this one serves (visible ones only).
    pub(crate) parents: Vec<GoalLink<'a>>,
    /// Goals that serve this one.
    pub(crate) children: Vec<GoalLink<'a>>,
    /// Whether a goal of its kind serves others (a reflection does not):
    /// without it, its page has no "Serves".
    pub(crate) can_serve: bool,
    /// Whether goals can serve one of its kind (a purpose or a progress
    /// goal): without it, its page has no "Served by".
    pub(crate) can_be_served: bool,
    /// The goal's `extra:` map, untouched.
    pub(crate) extra: &'a serde_json::Value,
}

impl<'a> Views<'a> {
    /// Goal `g`'s card (see [`Views::card`], which keeps it).
    pub(super) fn build_card(&self, g: &'a GoalReport) -> Card<'a> {
        let goal = &g.goal;
        let window = match (goal.start, goal.due) {
            (Some(s), Some(d)) => Some(dates::range(s, d)),
            (None, Some(d)) => Some(format!("due {}", dates::medium(d))),
            (Some(s), None) => Some(format!("from {}", dates::medium(s))),
            // A reflection's window is the sprint it is about.
            (None, None) if goal.kind == Kind::Reflection => {
                crate::analysis::coaching::sprints_of(self.report, goal)
                    .first()
                    .map(|&c| {
                        let c = &self.report.cycles[c];
                        format!("{}: {}", c.name, dates::range(c.start, c.end))
                    })
            }
            (None, None) => None,
        };
        let placeholder = goal.is_placeholder();
        let progress = ProgressCard::of(g, self.report.today).or_else(|| {
            (placeholder && goal.kind == Kind::Progress).then(ProgressCard::unreadable)
        });
        let practice = PracticeCard::of(self, g).or_else(|| {
            (placeholder && goal.kind == Kind::Practice).then(PracticeCard::unreadable)
        });
        let area = self
            .areas
            .get(crate::analysis::areas::area_of(&goal.file))
            .unwrap_or(0);
        Card {
            id: &goal.id,
            kind: goal.kind.as_str(),
            kind_label: match goal.kind {
                Kind::Purpose => "Purpose",
                Kind::Progress => "Progress goal",
                Kind::Practice => "Practice",
                Kind::Coaching => "Coaching cycle",
                Kind::Reflection => "Sprint reflection",
            },
            title: &goal.title,
            href: Self::goal_href(&goal.id),
            file: &goal.file,
            area: self.area(area),
            owners: self.owners(g),
            status: goal.status.as_str(),
            active: goal.status == Status::Active,
            private: goal.is_private(),
            personal: goal.personal,
            edit: self.edit_href(&goal.file, goal.is_private()),
            state: g.state.as_str(),
            state_label: if placeholder {
                "Cannot be read"
            } else {
                words::goal_state_label(g)
            },
            broken: goal.broken.as_ref().map(words::broken),
            unreadable: placeholder,
            tags: &goal.tags,
            start: goal.start.map(dates::medium),
            due: goal.due.map(dates::medium),
            window,
            // Boxed: a card has one of the three, and every goal's card
            // is kept while the pages render.
            progress: progress.map(Box::new),
            practice: practice.map(Box::new),
            purpose: PurposeCard::of(g).map(Box::new),
            lints: LintView::of(g),
            parents: g.parents.iter().filter_map(|id| self.link(id)).collect(),
            children: g.children.iter().filter_map(|id| self.link(id)).collect(),
            can_serve: !goal.kind.serves_kinds().is_empty(),
            can_be_served: goal.kind.can_be_served(),
            extra: &goal.extra,
        }
    }
}

/// A goal's unit (`%`, `visits`), or "".
pub(crate) fn unit_of(g: &GoalReport) -> &str {
    match &g.goal.details {
        Details::Progress(p) => p.unit.as_deref().unwrap_or(""),
        Details::Practice(p) => p.unit.as_deref().unwrap_or(""),
        Details::Coaching(c) => c.unit.as_deref().unwrap_or(""),
        Details::Purpose(_) | Details::Reflection(_) => "",
    }
}

/// "Every school day", "3 visits each school day", "Once a week".
pub(crate) fn rhythm(cadence: Cadence, target: f64, unit: &str) -> String {
    match (target, unit) {
        (1.0, "") => match cadence {
            Cadence::Daily => "Every day".to_string(),
            Cadence::Weekdays => "Every school day".to_string(),
            Cadence::Weekly => "Once a week".to_string(),
        },
        (t, u) => format!(
            "{} {} {}",
            num(t),
            match (t == 1.0, u) {
                (_, "") => "times",
                (true, u) => words::singular(u),
                (false, u) => u,
            },
            match cadence {
                Cadence::Daily => "a day",
                Cadence::Weekdays => "each school day",
                Cadence::Weekly => "a week",
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rhythms_read_as_english() {
        assert_eq!(rhythm(Cadence::Weekdays, 1.0, ""), "Every school day");
        assert_eq!(
            rhythm(Cadence::Weekdays, 1.0, "lessons"),
            "1 lesson each school day"
        );
        assert_eq!(rhythm(Cadence::Weekly, 1.0, "classes"), "1 class a week");
        assert_eq!(rhythm(Cadence::Daily, 1.0, "lunches"), "1 lunch a day");
        assert_eq!(
            rhythm(Cadence::Weekly, 5.0, "postcards"),
            "5 postcards a week"
        );
        assert_eq!(rhythm(Cadence::Daily, 1.0, "minutes"), "1 minute a day");
        assert_eq!(rhythm(Cadence::Daily, 1.0, "status"), "1 status a day");
        assert_eq!(rhythm(Cadence::Daily, 1.0, "class"), "1 class a day");
        assert_eq!(rhythm(Cadence::Daily, 2.0, ""), "2 times a day");
    }
}
