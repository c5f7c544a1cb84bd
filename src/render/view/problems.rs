//! `problems.html`: every error and warning, errors first, a page at a time.

use super::{DiagnosticView, Pager, Views};
use serde::Serialize;

/// Problems listed on one page.
pub(crate) const PER_PAGE: usize = 500;

/// `problems.html`: every error and warning, a page at a time.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProblemsPage<'a> {
    /// This page's problems, errors first.
    pub(crate) diagnostics: Vec<DiagnosticView<'a>>,
    /// How many problems in all.
    pub(crate) total: usize,
    /// Links between its pages, when there are several.
    pub(crate) pager: Option<Pager>,
}

/// How many pages the problems page has.
pub(crate) fn pages(v: &Views<'_>) -> usize {
    v.report.diagnostics.len().div_ceil(PER_PAGE).max(1)
}

/// Page `page` (1-based) of the problems page.
pub(crate) fn problems_page<'a>(v: &Views<'a>, page: usize) -> ProblemsPage<'a> {
    let n = pages(v);
    ProblemsPage {
        diagnostics: v
            .report
            .diagnostics
            .iter()
            .skip((page - 1) * PER_PAGE)
            .take(PER_PAGE)
            .map(|d| v.diagnostic(d))
            .collect(),
        total: v.report.diagnostics.len(),
        pager: (n > 1).then(|| Pager::new("problems", page, n)),
    }
}
