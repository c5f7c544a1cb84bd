//! The small shapes every page is made of: what a page knows about the
//! site, links to goals, people, cycles and areas, a roll-up's counts, a
//! problem, a goal that needs attention, and bounded and paginated lists.

use crate::diagnostics::{Severity, Tally};
use serde::Serialize;

/// What every page knows about the site.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Site<'a> {
    /// The report's title (`title:` in `goalpost.yml`).
    pub(crate) title: &'a str,
    /// "Friday, November 20, 2026".
    pub(crate) today: String,
    /// Today as `2026-11-20`.
    pub(crate) today_iso: String,
    /// "Sprint 6 · Nov 9–22 · day 12 of 14", when a cycle is current.
    pub(crate) cycle_line: Option<String>,
    /// The build includes private goals (every page says so).
    pub(crate) include_private: bool,
    /// The current cycle (its sprint report), when there is one.
    pub(crate) current_cycle: Option<CycleRef>,
    /// Errors and warnings in the whole report (the navigation links the
    /// problems page when there are any).
    pub(crate) tally: Tally,
    /// Whether some purpose has `aligns_to` (the navigation then links
    /// `alignment.html`).
    pub(crate) alignment: bool,
    /// What "slipping" means, for every page that counts it.
    pub(crate) slipping_means: &'static str,
}

/// A link to a goal, with its state.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GoalLink<'a> {
    /// The goal's id.
    pub(crate) id: &'a str,
    /// The goal's title.
    pub(crate) title: &'a str,
    /// `purpose`, `progress` or `practice`.
    pub(crate) kind: &'static str,
    /// Relative to the site root: `goals/<address>.html`.
    pub(crate) href: String,
    /// Its state, `on-track`… (a CSS class).
    pub(crate) state: &'static str,
    /// Its state in words, "On track".
    pub(crate) state_label: &'static str,
    /// A private goal in a report that includes them (marked where listed).
    pub(crate) private: bool,
    /// From the reader's personal folder (marked where listed).
    pub(crate) personal: bool,
}

/// A person (an owner): from `goalpost.yml`'s `people:`, else the id.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonRef<'a> {
    /// Their id (empty for goals with no owner).
    pub(crate) id: &'a str,
    /// Their name, else the id; "No owner yet".
    pub(crate) name: &'a str,
    /// Their role from `people:`, "Principal".
    pub(crate) role: Option<&'a str>,
    /// `people/<address>.html`; none for "No owner yet".
    pub(crate) href: Option<String>,
}

/// A cycle, with its sprint report's address once it has started.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub(crate) struct CycleRef {
    /// The cycle's file-safe id, `sprint-6`.
    pub(crate) id: String,
    /// "Sprint 6".
    pub(crate) name: String,
    /// "Nov 9–22".
    pub(crate) range: String,
    /// "Sprint 6 · Nov 9–22 · day 12 of 14" (the day only while it runs).
    pub(crate) line: Option<String>,
    /// Its sprint report, `cycles/<id>.html`, once it has begun.
    pub(crate) href: Option<String>,
    /// It is the cycle the report is in (or the scorecard's last 14 days).
    pub(crate) current: bool,
    /// It ended before today.
    pub(crate) finished: bool,
}

/// A folder of goals (an area, FORMAT §8 v2).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AreaRef {
    /// The folder's path, `goals/literacy`.
    pub(crate) path: String,
    /// The folder's name; "All goals" for the whole repository.
    pub(crate) name: String,
    /// `areas/<path>.html`, or the dashboard for the top of the tree.
    pub(crate) href: String,
}

/// Counts of goals by state for one kind.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct KindSummary {
    /// Goals of the kind.
    pub(crate) total: usize,
    /// How many are in each state, the states with none left out.
    pub(crate) states: Vec<StateCount>,
}

/// How many goals of a kind are in one state.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StateCount {
    /// The state, `on-track`… (a CSS class).
    pub(crate) state: &'static str,
    /// The state in words for the kind, "Not measured yet".
    pub(crate) label: &'static str,
    /// How many.
    pub(crate) count: usize,
}

/// The roll-up of a set of goals (the dashboard's tiles, an area's figures).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SummaryView {
    /// Purposes by state.
    pub(crate) purpose: KindSummary,
    /// Progress goals by state.
    pub(crate) progress: KindSummary,
    /// Practices by state.
    pub(crate) practice: KindSummary,
    /// Goals in all.
    pub(crate) total: usize,
    /// Progress goals and practices off track or overdue.
    pub(crate) slipping: usize,
    /// The active practices' mean 14-day completion, as a whole percent.
    pub(crate) completion_14d_pct: Option<String>,
    /// The active practices' pooled completion in the current cycle (analysis's `Summary::scorecard`), as a whole percent.
    pub(crate) completion_cycle_pct: Option<String>,
}

/// A problem in a goal file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DiagnosticView<'a> {
    /// `error` or `warning`.
    pub(crate) severity: Severity,
    /// Its stable name, `unknown-field`.
    pub(crate) code: &'static str,
    /// The file it is in.
    pub(crate) file: &'a str,
    /// Its line (0: the whole file).
    pub(crate) line: u32,
    /// Its column.
    pub(crate) column: u32,
    /// "goals/x.md:4:1".
    pub(crate) place: String,
    /// What is wrong.
    pub(crate) message: &'a str,
    /// How to fix it.
    pub(crate) hint: Option<&'a str>,
    /// The goal it is about, when visible.
    pub(crate) goal: Option<GoalLink<'a>>,
}

/// A goal that needs attention, with the reason in words.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AttentionItem<'a> {
    /// `progress` or `practice`.
    pub(crate) kind: &'static str,
    /// Its state, `at-risk`… (a CSS class).
    pub(crate) state: &'static str,
    /// Its state in words.
    pub(crate) state_label: &'static str,
    /// The goal's title.
    pub(crate) title: &'a str,
    /// Its page, relative to the site root.
    pub(crate) href: String,
    /// Its owners.
    pub(crate) owners: Vec<PersonRef<'a>>,
    /// Why it needs attention, in a sentence.
    pub(crate) why: String,
    /// A private goal in a report that includes them (marked).
    pub(crate) private: bool,
    /// From the reader's personal folder (marked).
    pub(crate) personal: bool,
}

/// A bounded list: the first items, and how many there are in all.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Bounded<T> {
    /// The first items, at most the list's limit.
    pub(crate) items: Vec<T>,
    /// How many there are in all.
    pub(crate) total: usize,
    /// How many are not shown.
    pub(crate) more: usize,
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
pub(crate) struct Pager {
    /// 1-based.
    pub(crate) page: usize,
    /// How many pages.
    pub(crate) pages: usize,
    /// The page before, if any.
    pub(crate) previous: Option<String>,
    /// The page after, if any.
    pub(crate) next: Option<String>,
    /// Every page's address, in order.
    pub(crate) all: Vec<String>,
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
