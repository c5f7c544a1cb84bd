//! `scorecard.html`: the current cycle's days × practices grid, or for a
//! large repository each area's completion, linking down to the areas'
//! own grids.

use super::dashboard::{self, AreaRow};
use super::grid::{self, Grid};
use super::{CycleRef, PersonRef, Views, PAGE_GOALS};
use serde::Serialize;

/// `scorecard.html`: the scorecard cycle's grid, or the areas' figures.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScorecardPage<'a> {
    /// The whole grid, for a repository of at most [`PAGE_GOALS`] goals.
    pub(crate) grid: Option<Grid<'a>>,
    /// The cycle the page is about.
    pub(crate) cycle: Option<CycleRef>,
    /// Otherwise, the areas at the top of the folder tree.
    pub(crate) areas: Vec<AreaRow>,
    /// Every cycle with a sprint report, newest first.
    pub(crate) cycles: Vec<CycleRef>,
    /// The scorecard files, each with its "Edit" link when the report
    /// has an `edit_url` (never for a private one).
    pub(crate) files: Vec<ScorecardLink<'a>>,
}

/// A scorecard file on the scorecard page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScorecardLink<'a> {
    /// Its title, else its path.
    pub(crate) name: &'a str,
    /// Whose it is.
    pub(crate) owners: Vec<PersonRef<'a>>,
    /// The file in the repository's web editor.
    pub(crate) edit: Option<String>,
}

/// The scorecard page.
pub fn scorecard<'a>(v: &Views<'a>) -> ScorecardPage<'a> {
    let report = v.report;
    let all: Vec<usize> = (0..report.goals.len()).collect();
    let current = grid::current_cycle(v);
    let small = all.len() <= PAGE_GOALS;
    let top = v.areas.top();
    ScorecardPage {
        grid: if small {
            current
                .clone()
                .and_then(|(c, r)| grid::grid(v, &c, r, &all, None))
        } else {
            None
        },
        cycle: current.map(|(_, r)| r),
        areas: if small {
            Vec::new()
        } else {
            dashboard::area_rows(v, &v.areas.list[top].children)
        },
        cycles: v.cycle_refs(),
        // Listed with the whole grid: a large repository's are many.
        files: if small {
            report
                .scorecards
                .iter()
                .map(|s| ScorecardLink {
                    name: s.title.as_deref().unwrap_or(&s.file),
                    owners: s.owners.iter().map(|o| v.person(o)).collect(),
                    edit: v.edit_href(&s.file, s.private),
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}
