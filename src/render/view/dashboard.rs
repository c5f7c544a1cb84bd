//! The dashboard (`index.html`): the whole repository's roll-up, what
//! needs attention, and either the full purpose → progress → practice tree
//! (a school) or a table of areas that links down (a district).

use super::grid::CycleTotals;
use super::week::{self, ThisWeek};
use super::{AreaRef, AttentionItem, Bounded, Card, DiagnosticView, SummaryView, Views};
use super::{LIST_LIMIT, PAGE_GOALS};
use crate::model::Kind;
use serde::Serialize;
use std::collections::HashSet;

/// `index.html`: the whole repository's roll-up, what needs attention,
/// and the tree or the areas.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Dashboard<'v, 'a> {
    /// Everyone's week, first on the page (a repository of up to
    /// [`PAGE_GOALS`] goals; a district's people find theirs on their pages).
    pub(crate) week: Option<ThisWeek<'a>>,
    /// The roll-up of every goal: the tiles.
    pub(crate) summary: SummaryView,
    /// Most urgent first, at most [`LIST_LIMIT`] (a tenth of that for a
    /// repository too large for one page).
    pub(crate) attention: Bounded<AttentionItem<'a>>,
    /// The whole tree, when the repository has at most [`PAGE_GOALS`] goals.
    pub(crate) tree: Option<Tree<'v, 'a>>,
    /// The areas at the top of the folder tree, with their roll-ups (empty
    /// when there is only one).
    pub(crate) areas: Vec<AreaRow>,
    /// The current cycle's done/scheduled practice days.
    pub(crate) cycle: Option<CycleTotals>,
    /// Goalposts moved, newest first, each with why (the commit's
    /// message): at most a fifth of [`LIST_LIMIT`].
    pub(crate) moved: Bounded<super::cycle::MovedRow<'a>>,
    /// Coaching cycles running and finished, and their mean gain (FORMAT §12).
    pub(crate) coaching: Option<super::coaching_lists::CyclesSection<'a>>,
    /// The errors, first of all (at most [`LIST_LIMIT`]).
    pub(crate) errors: Bounded<DiagnosticView<'a>>,
    /// Every problem, errors first (at most [`LIST_LIMIT`]; the problems
    /// page has them all).
    pub(crate) diagnostics: Bounded<DiagnosticView<'a>>,
}

/// Purpose → progress → practice, over some goals.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Tree<'v, 'a> {
    /// Each purpose with what is beneath it, in report order.
    pub(crate) purposes: Vec<PurposeNode<'v, 'a>>,
    /// Progress goals shown under no purpose here.
    pub(crate) loose_progress: Vec<ProgressNode<'v, 'a>>,
    /// Practices shown under no goal here.
    pub(crate) loose_practices: Vec<PracticeItem<'v, 'a>>,
    /// The heading over the loose goals.
    pub(crate) loose_title: &'static str,
}

/// A purpose in the tree, with its progress goals and practices.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PurposeNode<'v, 'a> {
    /// The purpose's card.
    pub(crate) goal: &'v Card<'a>,
    /// Its progress goals, each with its practices.
    pub(crate) progress: Vec<ProgressNode<'v, 'a>>,
    /// Practices serving the purpose directly.
    pub(crate) practices: Vec<PracticeItem<'v, 'a>>,
}

/// A progress goal in the tree, with the practices that serve it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProgressNode<'v, 'a> {
    /// The progress goal's card.
    pub(crate) goal: &'v Card<'a>,
    /// The practices that serve it.
    pub(crate) practices: Vec<PracticeItem<'v, 'a>>,
}

/// A practice in the tree. One that serves several goals is shown under
/// each; after the first time, `repeat` is true and the row is short (it
/// refers to the first, and the page holds each picture once).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PracticeItem<'v, 'a> {
    /// The practice's card.
    pub(crate) card: &'v Card<'a>,
    /// It was shown earlier on the page: a short row that refers to it.
    pub(crate) repeat: bool,
}

/// An area with its roll-up.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AreaRow {
    /// The area.
    pub(crate) area: AreaRef,
    /// The roll-up of every goal below it.
    pub(crate) summary: SummaryView,
}

/// The tree of `goals` (indices into the report, in report order).
/// `whole` says whether these are all the goals (then loose goals are the
/// ones not linked to a purpose at all).
pub(crate) fn tree<'v, 'a>(v: &'v Views<'a>, goals: &[usize], whole: bool) -> Tree<'v, 'a> {
    let kind_children = |i: usize, kind: Kind| -> Vec<usize> {
        v.report.goals[i]
            .children
            .iter()
            .filter_map(|c| v.index.get(c.as_str()).copied())
            .filter(|&c| v.report.goals[c].goal.kind == kind)
            .collect()
    };
    let mut shown: HashSet<usize> = HashSet::new();
    // In the order the page shows them: a practice's first row is full.
    let items = |practices: Vec<usize>, shown: &mut HashSet<usize>| -> Vec<PracticeItem> {
        practices
            .into_iter()
            .map(|x| PracticeItem {
                card: v.card(x),
                repeat: !shown.insert(x),
            })
            .collect()
    };
    let progress_node = |i: usize, shown: &mut HashSet<usize>| {
        shown.insert(i);
        let practices = kind_children(i, Kind::Practice);
        ProgressNode {
            goal: v.card(i),
            practices: items(practices, shown),
        }
    };
    let of_kind = |k: Kind| {
        goals
            .iter()
            .copied()
            .filter(move |&i| v.report.goals[i].goal.kind == k)
    };
    let mut purposes = Vec::new();
    for p in of_kind(Kind::Purpose) {
        shown.insert(p);
        let progress = kind_children(p, Kind::Progress)
            .into_iter()
            .map(|i| progress_node(i, &mut shown))
            .collect();
        let practices = items(kind_children(p, Kind::Practice), &mut shown);
        purposes.push(PurposeNode {
            goal: v.card(p),
            progress,
            practices,
        });
    }
    let loose_progress: Vec<ProgressNode> = of_kind(Kind::Progress)
        .filter(|i| !shown.contains(i))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|i| progress_node(i, &mut shown))
        .collect();
    let loose: Vec<usize> = of_kind(Kind::Practice)
        .filter(|i| !shown.contains(i))
        .collect();
    let loose_practices = items(loose, &mut shown);
    Tree {
        purposes,
        loose_progress,
        loose_practices,
        loose_title: if whole {
            "Not linked to a purpose"
        } else {
            "Serving goals elsewhere"
        },
    }
}

/// The rows of an area's sub-areas.
pub(crate) fn area_rows<'a>(v: &Views<'a>, areas: &[usize]) -> Vec<AreaRow> {
    areas
        .iter()
        .map(|&a| AreaRow {
            area: v.area(a),
            summary: v.summary(&v.areas.list[a].summary),
        })
        .collect()
}

/// The dashboard.
pub(crate) fn dashboard<'v, 'a>(v: &'v Views<'a>) -> Dashboard<'v, 'a> {
    let report = v.report;
    let all: Vec<usize> = (0..report.goals.len()).collect();
    let top = v.areas.top();
    let sub = &v.areas.list[top].children;
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    Dashboard {
        week: (all.len() <= PAGE_GOALS).then(|| week::this_week(v, &all, None)),
        summary: v.summary(&v.areas.root().summary),
        // A district's dashboard leads with its areas: a few of the most
        // urgent goals here, the rest on the areas' own pages.
        attention: if all.len() <= PAGE_GOALS {
            v.attention(all.iter().copied())
        } else {
            v.attention_limited(all.iter().copied(), LIST_LIMIT / 5)
        },
        tree: (all.len() <= PAGE_GOALS).then(|| tree(v, &all, true)),
        areas: if sub.len() > 1 || all.len() > PAGE_GOALS {
            area_rows(v, sub)
        } else {
            Vec::new()
        },
        cycle: CycleTotals::of(&v.areas.root().summary),
        moved: Bounded::of(
            crate::analysis::moved::newest_first(report, all.iter().copied())
                .into_iter()
                .map(|(g, m)| {
                    let g = &report.goals[g];
                    super::cycle::MovedRow {
                        goal: v.link_of(g),
                        row: super::goal::move_row(v, g, &g.moved[m]),
                    }
                }),
            LIST_LIMIT / 5,
        ),
        coaching: super::coaching_lists::cycles_section(
            v,
            &crate::analysis::coaching::at_a_glance(report),
        ),
        errors: Bounded::of(errors.iter().map(|d| v.diagnostic(d)), LIST_LIMIT),
        diagnostics: Bounded::of(
            report.diagnostics.iter().map(|d| v.diagnostic(d)),
            LIST_LIMIT,
        ),
    }
}
