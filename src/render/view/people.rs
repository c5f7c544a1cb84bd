//! `people/index.html` (everyone) and `people/<address>.html` (one person).

use super::grid::{self, Grid};
use super::week::{self, ThisWeek};
use super::{AttentionItem, Bounded, Card, Pager, PersonRef, Views, PAGE_GOALS};
use serde::Serialize;
use std::collections::HashMap;

/// `people/index.html`: everyone who owns a goal.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PeopleIndex<'a> {
    /// People from `goalpost.yml` first, then the other owners by id.
    pub(crate) people: Vec<PersonRow<'a>>,
}

/// A person on the index.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonRow<'a> {
    /// The person.
    pub(crate) person: PersonRef<'a>,
    /// Goals they own. No page counts a person's goals by how much of
    /// theirs is slipping (FORMAT §7 v3).
    pub(crate) goals: usize,
}

/// `people/<address>.html`: one person's week and goals.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonPage<'v, 'a> {
    /// The person.
    pub(crate) person: PersonRef<'a>,
    /// Their week, first on the page: on the first page only (it covers
    /// all their goals, so later pages link back to it instead of
    /// repeating it).
    pub(crate) week: Option<ThisWeek<'a>>,
    /// Their goals that need attention, most urgent first.
    pub(crate) attention: Bounded<AttentionItem<'a>>,
    /// Their goals, a page at a time ([`PAGE_GOALS`] a page).
    pub(crate) goals: Vec<&'v Card<'a>>,
    /// How many goals they own.
    pub(crate) total: usize,
    /// Links between their pages, when there are several.
    pub(crate) pager: Option<Pager>,
    /// The current cycle's scorecard of the practices on this page.
    pub(crate) grid: Option<Grid<'a>>,
    /// Their coaching cycles, asks and reflections (first page only).
    pub(crate) coaching: Option<super::coaching_lists::PersonCoaching<'a>>,
}

/// Each person's goals (indices into the report), for every person.
pub(crate) fn owned<'a>(v: &Views<'a>) -> HashMap<&'a str, Vec<usize>> {
    let mut out: HashMap<&'a str, Vec<usize>> = HashMap::new();
    for (i, g) in v.report.goals.iter().enumerate() {
        for o in &g.goal.owners {
            out.entry(o.as_str()).or_default().push(i);
        }
    }
    out
}

/// The people index.
pub(crate) fn index<'a>(v: &Views<'a>, owned: &HashMap<&'a str, Vec<usize>>) -> PeopleIndex<'a> {
    let people = v
        .people
        .iter()
        .map(|&p| {
            let goals = owned.get(p).map_or(&[][..], |g| &g[..]);
            PersonRow {
                person: v.person(p),
                goals: goals.len(),
            }
        })
        .collect();
    PeopleIndex { people }
}

/// How many pages a person's page has.
pub(crate) fn pages(goals: &[usize]) -> usize {
    goals.len().div_ceil(PAGE_GOALS).max(1)
}

/// Page `page` (1-based) of person `id`'s page, of their `goals`.
pub(crate) fn person_page<'v, 'a>(
    v: &'v Views<'a>,
    id: &'a str,
    goals: &[usize],
    page: usize,
) -> PersonPage<'v, 'a> {
    let n = pages(goals);
    let base = Views::person_href(id);
    let shown: Vec<usize> = goals
        .iter()
        .skip((page - 1) * PAGE_GOALS)
        .take(PAGE_GOALS)
        .copied()
        .collect();
    PersonPage {
        person: v.person(id),
        week: (page == 1).then(|| week::this_week(v, goals, Some(id))),
        attention: v.attention(goals.iter().copied()),
        goals: shown.iter().map(|&i| v.card(i)).collect(),
        total: goals.len(),
        pager: (n > 1).then(|| Pager::new(base.trim_end_matches(".html"), page, n)),
        grid: grid::current_cycle(v).and_then(|(c, r)| grid::grid(v, &c, r, &shown, Some(id))),
        coaching: (page == 1)
            .then(|| super::coaching_lists::person_coaching(v, goals))
            .flatten(),
    }
}
