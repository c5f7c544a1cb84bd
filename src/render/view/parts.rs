//! The small shapes every page is made of: what a page knows about the
//! site, links to goals, people, cycles and areas, a roll-up's counts, a
//! problem, a goal that needs attention, and bounded and paginated lists.

use crate::diagnostics::{Severity, Tally};
use serde::Serialize;

/// What every page knows about the site.
#[derive(Debug, Clone, Serialize)]
pub struct Site<'a> {
    /// The report's title (`title:` in `goalpost.yml`).
    pub title: &'a str,
    /// "Friday, November 20, 2026".
    pub today: String,
    /// Today as `2026-11-20`.
    pub today_iso: String,
    /// "Sprint 6 · Nov 9–22 · day 12 of 14", when a cycle is current.
    pub cycle_line: Option<String>,
    /// The build includes private goals (every page says so).
    pub include_private: bool,
    /// The current cycle (its sprint report), when there is one.
    pub current_cycle: Option<CycleRef>,
    /// Errors and warnings in the whole report (the navigation links the
    /// problems page when there are any).
    pub tally: Tally,
    /// Whether some purpose has `aligns_to` (the navigation then links
    /// `alignment.html`).
    pub alignment: bool,
    /// What "slipping" means, for every page that counts it.
    pub slipping_means: &'static str,
}

/// A link to a goal, with its state.
#[derive(Debug, Clone, Serialize)]
pub struct GoalLink<'a> {
    /// The goal's id.
    pub id: &'a str,
    /// The goal's title.
    pub title: &'a str,
    /// `purpose`, `progress` or `practice`.
    pub kind: &'static str,
    /// Relative to the site root: `goals/<address>.html`.
    pub href: String,
    /// Its state, `on-track`… (a CSS class).
    pub state: &'static str,
    /// Its state in words, "On track".
    pub state_label: &'static str,
    /// A private goal in a report that includes them (marked where listed).
    pub private: bool,
    /// From the reader's personal folder (marked where listed).
    pub personal: bool,
}

/// A person (an owner): from `goalpost.yml`'s `people:`, else the id.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRef<'a> {
    /// Their id (empty for goals with no owner).
    pub id: &'a str,
    /// Their name, else the id; "No owner yet".
    pub name: &'a str,
    /// Their role from `people:`, "Principal".
    pub role: Option<&'a str>,
    /// `people/<address>.html`; none for "No owner yet".
    pub href: Option<String>,
}

/// A cycle, with its sprint report's address once it has started.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct CycleRef {
    /// The cycle's file-safe id, `sprint-6`.
    pub id: String,
    /// "Sprint 6".
    pub name: String,
    /// "Nov 9–22".
    pub range: String,
    /// "Sprint 6 · Nov 9–22 · day 12 of 14" (the day only while it runs).
    pub line: Option<String>,
    /// Its sprint report, `cycles/<id>.html`, once it has begun.
    pub href: Option<String>,
    /// It is the cycle the report is in (or the scorecard's last 14 days).
    pub current: bool,
    /// It ended before today.
    pub finished: bool,
}

/// A folder of goals (an area, FORMAT §8 v2).
#[derive(Debug, Clone, Serialize)]
pub struct AreaRef {
    /// The folder's path, `goals/literacy`.
    pub path: String,
    /// The folder's name; "All goals" for the whole repository.
    pub name: String,
    /// `areas/<path>.html`, or the dashboard for the top of the tree.
    pub href: String,
}

/// Counts of goals by state for one kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindSummary {
    /// Goals of the kind.
    pub total: usize,
    /// How many are in each state, the states with none left out.
    pub states: Vec<StateCount>,
}

/// How many goals of a kind are in one state.
#[derive(Debug, Clone, Serialize)]
pub struct StateCount {
    /// The state, `on-track`… (a CSS class).
    pub state: &'static str,
    /// The state in words for the kind, "Not measured yet".
    pub label: &'static str,
    /// How many.
    pub count: usize,
}

/// The roll-up of a set of goals (the dashboard's tiles, an area's figures).
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    /// Purposes by state.
    pub purpose: KindSummary,
    /// Progress goals by state.
    pub progress: KindSummary,
    /// Practices by state.
    pub practice: KindSummary,
    /// Goals in all.
    pub total: usize,
    /// Progress goals and practices off track or overdue.
    pub slipping: usize,
    /// The active practices' mean 14-day completion, as a whole percent.
    pub completion_14d_pct: Option<String>,
    /// The active practices' pooled completion in the current cycle (analysis's `Summary::scorecard`), as a whole percent.
    pub completion_cycle_pct: Option<String>,
}

/// A problem in a goal file.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticView<'a> {
    /// `error` or `warning`.
    pub severity: Severity,
    /// Its stable name, `unknown-field`.
    pub code: &'static str,
    /// The file it is in.
    pub file: &'a str,
    /// Its line (0: the whole file).
    pub line: u32,
    /// Its column.
    pub column: u32,
    /// "goals/x.md:4:1".
    pub place: String,
    /// What is wrong.
    pub message: &'a str,
    /// How to fix it.
    pub hint: Option<&'a str>,
    /// The goal it is about, when visible.
    pub goal: Option<GoalLink<'a>>,
}

/// A goal that needs attention, with the reason in words.
#[derive(Debug, Clone, Serialize)]
pub struct AttentionItem<'a> {
    /// `progress` or `practice`.
    pub kind: &'static str,
    /// Its state, `at-risk`… (a CSS class).
    pub state: &'static str,
    /// Its state in words.
    pub state_label: &'static str,
    /// The goal's title.
    pub title: &'a str,
    /// Its page, relative to the site root.
    pub href: String,
    /// Its owners.
    pub owners: Vec<PersonRef<'a>>,
    /// Why it needs attention, in a sentence.
    pub why: String,
    /// A private goal in a report that includes them (marked).
    pub private: bool,
    /// From the reader's personal folder (marked).
    pub personal: bool,
}

/// A bounded list: the first items, and how many there are in all.
#[derive(Debug, Clone, Serialize)]
pub struct Bounded<T> {
    /// The first items, at most the list's limit.
    pub items: Vec<T>,
    /// How many there are in all.
    pub total: usize,
    /// How many are not shown.
    pub more: usize,
}

impl<T> Bounded<T> {
    /// The first `limit` of `all`, and how many there are.
    pub fn of(all: impl ExactSizeIterator<Item = T>, limit: usize) -> Bounded<T> {
        let total = all.len();
        let items: Vec<T> = all.take(limit).collect();
        Bounded {
            more: total - items.len(),
            items,
            total,
        }
    }
}

/// Links between the pages of a paginated list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Pager {
    /// 1-based.
    pub page: usize,
    /// How many pages.
    pub pages: usize,
    /// The page before, if any.
    pub previous: Option<String>,
    /// The page after, if any.
    pub next: Option<String>,
    /// Every page's address, in order.
    pub all: Vec<String>,
}

impl Pager {
    /// `base.html`, `base-2.html`, … for `pages` pages (paths relative to the
    /// site root, without the `.html`).
    pub fn new(base: &str, page: usize, pages: usize) -> Pager {
        let href = |k: usize| Pager::path(base, k);
        Pager {
            page,
            pages,
            previous: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
            all: (1..=pages).map(href).collect(),
        }
    }

    /// The path of page `k` (1-based).
    pub fn path(base: &str, k: usize) -> String {
        if k == 1 {
            format!("{base}.html")
        } else {
            format!("{base}-{k}.html")
        }
    }
}
