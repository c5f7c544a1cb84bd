//! An area's page (`areas/<path>.html`): the same roll-ups as the
//! dashboard for the goals below one folder.

use super::dashboard::{self, AreaRow, Tree};
use super::grid::{self, Grid};
use super::{AreaRef, AttentionItem, Bounded, Card, Pager, SummaryView, Views, PAGE_GOALS};
use serde::Serialize;

/// `areas/<path>.html`: an area's roll-ups, like the dashboard's.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AreaPage<'v, 'a> {
    /// The area.
    pub(crate) area: AreaRef,
    /// The areas above this one, from the top.
    pub(crate) crumbs: Vec<AreaRef>,
    /// The roll-up of every goal below it.
    pub(crate) summary: SummaryView,
    /// What needs attention below it, most urgent first.
    pub(crate) attention: Bounded<AttentionItem<'a>>,
    /// The areas in it, with their roll-ups.
    pub(crate) subareas: Vec<AreaRow>,
    /// The tree of every goal below, when there are at most [`PAGE_GOALS`].
    pub(crate) tree: Option<Tree<'v, 'a>>,
    /// Otherwise the goals directly in this folder, a page at a time.
    pub(crate) goals: Vec<&'v Card<'a>>,
    /// Links between its pages, when there are several.
    pub(crate) pager: Option<Pager>,
    /// The current cycle's scorecard of the practices below, when the tree is shown.
    pub(crate) grid: Option<Grid<'a>>,
}

/// How many pages area `a`'s page has.
pub(crate) fn pages(v: &Views<'_>, a: usize) -> usize {
    let area = &v.areas.list[a];
    if area.summary.total() <= PAGE_GOALS {
        1
    } else {
        area.goals.len().div_ceil(PAGE_GOALS).max(1)
    }
}

/// Page `page` (1-based) of area `a`.
pub(crate) fn area_page<'v, 'a>(v: &'v Views<'a>, a: usize, page: usize) -> AreaPage<'v, 'a> {
    let areas = &v.areas;
    let area = &areas.list[a];
    let below = areas.goals_below(a);
    let small = below.len() <= PAGE_GOALS;
    let n_pages = pages(v, a);
    let shown: Vec<&Card> = if small {
        Vec::new()
    } else {
        area.goals
            .iter()
            .skip((page - 1) * PAGE_GOALS)
            .take(PAGE_GOALS)
            .map(|&i| v.card(i))
            .collect()
    };
    let base = Views::area_path(&area.path);
    AreaPage {
        area: v.area(a),
        crumbs: areas
            .ancestors(a)
            .into_iter()
            .filter(|&x| areas.has_page(x))
            .map(|x| v.area(x))
            .collect(),
        summary: v.summary(&area.summary),
        attention: v.attention(below.iter().copied()),
        subareas: dashboard::area_rows(v, &area.children),
        tree: small.then(|| dashboard::tree(v, &below, false)),
        goals: shown,
        pager: (n_pages > 1).then(|| Pager::new(base.trim_end_matches(".html"), page, n_pages)),
        grid: if small {
            grid::current_cycle(v).and_then(|(c, r)| grid::grid(v, &c, r, &below, None))
        } else {
            None
        },
    }
}
