//! What templates receive: typed views of an analysed, visible
//! [`Report`], one small module per page kind. Views borrow from the
//! report; they turn decisions made in `analysis` into words, links and
//! pictures, and decide nothing themselves. Every field is documented
//! (the build fails on one that is not): these types *are* the template
//! documentation.
//!
//! Here: [`Views`], the report with its addresses and each goal's card
//! built once. The shapes every page shares are in [`parts`], a goal's
//! card in [`card`] and its figures in [`figures`]; each page kind has its
//! module.
#![deny(missing_docs)]

pub(crate) mod alignment;
pub(crate) mod area;
pub(crate) mod card;
pub mod coaching;
pub mod coaching_lists;
pub mod cycle;
pub(crate) mod dashboard;
pub mod digest;
pub(crate) mod figures;
pub mod goal;
pub(crate) mod grid;
pub mod parts;
pub(crate) mod people;
pub(crate) mod problems;
pub(crate) mod redirect;
pub mod scorecard;
pub mod served;
pub mod week;

pub(crate) use card::{rhythm, unit_of, Card};
pub(crate) use figures::{LintView, PracticeCard, ProgressCard, PurposeCard};
pub(crate) use parts::{
    AreaRef, AttentionItem, Bounded, CycleRef, DiagnosticView, GoalLink, KindSummary, Pager,
    PersonRef, Site, StateCount, SummaryView,
};

use super::dates;
use super::svg::pct;
use super::words;
use super::{address, RenderOptions};
use crate::analysis::areas::{Areas, Summary};
use crate::analysis::attention::Attention;
use crate::analysis::cycles::Phase;
use crate::analysis::{GoalReport, Report, State};
use crate::diagnostics::{Diagnostic, Tally};
use crate::model::Kind;
use std::collections::HashMap;
use std::sync::OnceLock;

/// More goals than this on one page, and the page summarises by area and
/// links down (FORMAT §8 v2); lists longer than this are paginated.
pub(crate) const PAGE_GOALS: usize = 200;
/// How many items a bounded list (needs attention, what slipped) shows
/// before it links to the rest.
pub(crate) const LIST_LIMIT: usize = 50;

/// The visible report with its addresses, and each goal's card built once
/// and shared by every page that shows it.
pub(crate) struct Views<'a> {
    /// The visible report ([`Report::visible`]).
    pub(crate) report: &'a Report,
    /// What every page knows about the site.
    pub(crate) site: Site<'a>,
    pub(crate) index: HashMap<&'a str, usize>,
    cards: Vec<OnceLock<Card<'a>>>,
    /// Everyone who owns a visible goal, people from `goalpost.yml` first.
    pub(crate) people: Vec<&'a str>,
    /// The folder tree of the goals.
    pub(crate) areas: Areas,
    /// Where "Edit" links lead (`--edit-url`, else `edit_url:`), `{path}`
    /// standing for a file's path.
    edit_url: Option<String>,
}

/// The goals' views are let go of on every worker: one would spend tens
/// of milliseconds on them at 10,000 goals while the other waits.
impl Drop for Views<'_> {
    fn drop(&mut self) {
        use rayon::prelude::*;
        std::mem::take(&mut self.cards)
            .into_par_iter()
            .with_min_len(256)
            .for_each(drop);
    }
}

/// The people listed in `goalpost.yml`, in its order, then those who own
/// goals without being listed, by id.
fn people_of(report: &Report) -> Vec<&str> {
    let mut people: Vec<&str> = report
        .settings
        .people
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let listed: std::collections::HashSet<&str> = people.iter().copied().collect();
    let extra: std::collections::HashSet<&str> = report
        .goals
        .iter()
        .flat_map(|g| g.goal.owners.iter().map(String::as_str))
        .filter(|o| !listed.contains(o))
        .collect();
    let mut extra: Vec<&str> = extra.into_iter().collect();
    extra.sort_unstable();
    people.extend(extra);
    people
}

impl<'a> Views<'a> {
    /// `report` must already be the visible report ([`Report::visible`]).
    pub fn new(report: &'a Report, opts: &RenderOptions) -> Views<'a> {
        // Three passes over every goal, side by side (at 100,000 goals
        // each is tens of milliseconds): the index by id, the people who
        // own goals without being listed, the areas.
        let (index, (people, areas)) = rayon::join(
            || {
                report
                    .goals
                    .iter()
                    .enumerate()
                    .map(|(i, g)| (g.goal.id.as_str(), i))
                    .collect()
            },
            || rayon::join(|| people_of(report), || Areas::of(&report.goals)),
        );
        let mut views = Views {
            report,
            site: Site {
                title: &report.title,
                today: dates::long(report.today),
                today_iso: report.today.to_string(),
                cycle_line: None,
                include_private: opts.include_private,
                current_cycle: None,
                tally: Tally::of(&report.diagnostics),
                alignment: false,
                slipping_means: words::SLIPPING_MEANS,
            },
            index,
            cards: (0..report.goals.len()).map(|_| OnceLock::new()).collect(),
            people,
            areas,
            edit_url: opts
                .edit_url
                .clone()
                .or_else(|| report.settings.edit_url.clone()),
        };
        views.site.cycle_line = report.current_cycle.and_then(|i| views.cycle_line(i));
        views.site.current_cycle = report.current_cycle.and_then(|i| views.cycle_ref(i));
        views.site.alignment = alignment::has_page(&views);
        views
    }

    /// The visible goal with id `id`.
    pub fn goal(&self, id: &str) -> Option<&'a GoalReport> {
        self.index.get(id).map(|&i| &self.report.goals[i])
    }

    /// For a practice scheduled today, the key of its check-in marker,
    /// `<!--goalpost:check-in KEY-->` (its page address, which is made of
    /// safe characters only). Pages on disk keep the marker as an HTML
    /// comment; `serve --allow-edits` puts a check-in form in its place.
    pub(crate) fn check_in(&self, i: usize) -> Option<String> {
        let g = &self.report.goals[i];
        g.scheduled_today
            .then(|| crate::render::address(&g.goal.id))
    }

    /// The "Edit" link of the file `file` (FORMAT §6 v3): none without an
    /// `edit_url`, and never for a private file (a private goal, a
    /// personal one, a private scorecard), even in a report that includes
    /// them.
    pub(crate) fn edit_href(&self, file: &str, private: bool) -> Option<String> {
        let url = self.edit_url.as_deref()?;
        if private || file.starts_with(crate::personal::PREFIX) {
            return None;
        }
        Some(url.replace("{path}", &url_path(file)))
    }

    /// A goal's page, relative to the site root: `goals/<address>.html`.
    pub(crate) fn goal_href(id: &str) -> String {
        format!("goals/{}.html", address(id))
    }

    /// A person's page, relative to the site root: `people/<address>.html`.
    pub(crate) fn person_href(id: &str) -> String {
        format!("people/{}.html", address(id))
    }

    /// `areas/goals/literacy.html` for the area `goals/literacy`.
    pub(crate) fn area_path(path: &str) -> String {
        let parts: Vec<String> = path.split('/').map(address).collect();
        format!("areas/{}.html", parts.join("/"))
    }

    /// A link to the visible goal `id`.
    pub(crate) fn link(&self, id: &str) -> Option<GoalLink<'a>> {
        self.goal(id).map(|g| self.link_of(g))
    }

    /// A link to goal `g`, with its state.
    pub(crate) fn link_of(&self, g: &'a GoalReport) -> GoalLink<'a> {
        GoalLink {
            id: &g.goal.id,
            title: &g.goal.title,
            kind: g.goal.kind.as_str(),
            href: Self::goal_href(&g.goal.id),
            state: g.state.as_str(),
            state_label: words::goal_state_label(g),
            private: g.goal.is_private(),
            personal: g.goal.personal,
        }
    }

    /// Person `id`, by their name from `people:` (the id, else "No owner yet").
    pub(crate) fn person(&self, id: &'a str) -> PersonRef<'a> {
        let p = self.report.settings.person(id);
        PersonRef {
            id,
            name: match p {
                Some(p) => &p.name,
                None if id.is_empty() => "No owner yet",
                None => id,
            },
            role: p.and_then(|p| p.role.as_deref()),
            href: (!id.is_empty()).then(|| Self::person_href(id)),
        }
    }

    /// Goal `g`'s owners, in its file's order.
    pub fn owners(&self, g: &'a GoalReport) -> Vec<PersonRef<'a>> {
        g.goal.owners.iter().map(|o| self.person(o)).collect()
    }

    /// Area `a`: the dashboard for the top of the tree, else its page.
    pub(crate) fn area(&self, a: usize) -> AreaRef {
        let areas = &self.areas;
        let area = &areas.list[a];
        AreaRef {
            path: area.path.clone(),
            name: if areas.has_page(a) {
                area.name.clone()
            } else {
                "All goals".to_string()
            },
            href: if areas.has_page(a) {
                Self::area_path(&area.path)
            } else {
                "index.html".to_string()
            },
        }
    }

    /// "Sprint 6 · Nov 9–22 · day 12 of 14".
    pub(crate) fn cycle_line(&self, i: usize) -> Option<String> {
        let c = self.report.cycles.get(i)?;
        let base = format!("{} · {}", c.name, dates::range(c.start, c.end));
        match self.report.cycle_phase(i)? {
            Phase::Running { day, days } => Some(format!("{base} · day {day} of {days}")),
            Phase::Ahead | Phase::Finished => Some(base),
        }
    }

    /// Whether cycle `i` has a sprint report (it has begun).
    pub(crate) fn cycle_has_page(&self, i: usize) -> bool {
        self.report.cycle_phase(i).is_some_and(Phase::has_begun)
    }

    /// Cycle `i`'s sprint report, once it has begun.
    pub(crate) fn cycle_href(&self, i: usize) -> Option<String> {
        let c = self.report.cycles.get(i)?;
        self.cycle_has_page(i)
            .then(|| format!("cycles/{}.html", address(&c.id)))
    }

    /// Cycle `i`, with its line, phase and sprint report.
    pub(crate) fn cycle_ref(&self, i: usize) -> Option<CycleRef> {
        let c = self.report.cycles.get(i)?;
        Some(CycleRef {
            id: c.id.clone(),
            name: c.name.clone(),
            range: dates::range(c.start, c.end),
            line: self.cycle_line(i),
            href: self.cycle_href(i),
            current: self.report.current_cycle == Some(i),
            finished: self.report.cycle_phase(i) == Some(Phase::Finished),
        })
    }

    /// Every cycle that has a page, newest first.
    pub(crate) fn cycle_refs(&self) -> Vec<CycleRef> {
        (0..self.report.cycles.len())
            .rev()
            .filter(|i| self.cycle_has_page(*i))
            .filter_map(|i| self.cycle_ref(i))
            .collect()
    }

    /// A roll-up in figures and words: counts by state, slipping, completion.
    pub fn summary(&self, s: &Summary) -> SummaryView {
        let kind = |k: Kind| {
            let c = s.kind(k);
            KindSummary {
                total: c.total,
                states: [
                    State::Achieved,
                    State::OnTrack,
                    State::AtRisk,
                    State::OffTrack,
                    State::Overdue,
                    State::NoData,
                ]
                .into_iter()
                .filter(|st| c.count(*st) > 0)
                .map(|st| StateCount {
                    state: st.as_str(),
                    label: words::kind_state_label(k, st),
                    count: c.count(st),
                })
                .collect(),
            }
        };
        SummaryView {
            purpose: kind(Kind::Purpose),
            progress: kind(Kind::Progress),
            practice: kind(Kind::Practice),
            total: s.total(),
            slipping: s.slipping(),
            completion_14d_pct: s.completion_14d().map(pct),
            completion_cycle_pct: self.report.current_cycle.and(s.scorecard().rate()).map(pct),
        }
    }

    /// A problem, with its place and the goal it is about.
    pub fn diagnostic(&self, d: &'a Diagnostic) -> DiagnosticView<'a> {
        DiagnosticView {
            severity: d.severity,
            code: d.code,
            file: &d.file,
            line: d.line,
            column: d.column,
            place: if d.line > 0 {
                format!("{}:{}:{}", d.file, d.line, d.column)
            } else {
                d.file.clone()
            },
            message: &d.message,
            hint: d.hint.as_deref(),
            goal: d.goal.as_deref().and_then(|id| self.link(id)),
        }
    }

    /// A goal that needs attention, with why in a sentence.
    pub(crate) fn attention_item(&self, a: &Attention) -> AttentionItem<'a> {
        let g = &self.report.goals[a.goal];
        AttentionItem {
            kind: g.goal.kind.as_str(),
            state: g.state.as_str(),
            state_label: words::goal_state_label(g),
            title: &g.goal.title,
            href: Self::goal_href(&g.goal.id),
            owners: self.owners(g),
            why: words::concern(&a.concern, g),
            private: g.goal.is_private(),
            personal: g.goal.personal,
        }
    }

    /// The goals among `goals` that need attention, most urgent first, bounded.
    pub(crate) fn attention(
        &self,
        goals: impl IntoIterator<Item = usize>,
    ) -> Bounded<AttentionItem<'a>> {
        self.attention_limited(goals, LIST_LIMIT)
    }

    /// The `limit` most urgent of the goals among `goals` that need attention.
    pub(crate) fn attention_limited(
        &self,
        goals: impl IntoIterator<Item = usize>,
        limit: usize,
    ) -> Bounded<AttentionItem<'a>> {
        let all = crate::analysis::attention::needs_attention(self.report, goals);
        Bounded::of(all.iter().map(|a| self.attention_item(a)), limit)
    }

    /// The card of goal `i` (built once).
    pub(crate) fn card(&self, i: usize) -> &Card<'a> {
        self.cards[i].get_or_init(|| self.build_card(&self.report.goals[i]))
    }
}

/// A repository path as it goes into a URL: `/` kept, every byte that is
/// not an unreserved character percent-encoded.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
