//! `alignment.html` (FORMAT §8): every distinct `aligns_to` text — a
//! school or district goal — with the purposes aligned to it and their
//! roll-ups; v3: the progress goals aligned to it (directly, or through a
//! purpose) with the practices beneath them and their states, and the
//! goalposts moved under it, each with the commit message that moved it.

use super::cycle::MovedRow;
use super::{Card, GoalLink, Views};
use crate::analysis::moved::newest_first;
use crate::model::{Details, Kind};
use serde::Serialize;
use std::collections::BTreeMap;

/// `alignment.html`: every aim, and the purposes that align to none.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AlignmentPage<'v, 'a> {
    /// Sorted by text.
    pub(crate) aims: Vec<Aim<'v, 'a>>,
    /// Purposes that align to nothing, for completeness.
    pub(crate) unaligned: Vec<GoalLink<'a>>,
}

/// One school or district goal and what serves it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Aim<'v, 'a> {
    /// The `aligns_to` text, trimmed.
    pub(crate) text: &'a str,
    /// The purposes' cards (with their roll-ups), in id order.
    pub(crate) purposes: Vec<&'v Card<'a>>,
    /// The progress goals aligned to it or beneath its purposes, in id
    /// order, each with the practices that serve it.
    pub(crate) progress: Vec<AimProgress<'a>>,
    /// Practices serving its purposes directly.
    pub(crate) practices: Vec<GoalLink<'a>>,
    /// The goalposts moved of its progress goals and practices, newest
    /// first, each with why (the commit's message).
    pub(crate) moved: Vec<MovedRow<'a>>,
}

/// A progress goal under an aim, with the practices that serve it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AimProgress<'a> {
    /// The progress goal.
    pub(crate) goal: GoalLink<'a>,
    /// The practices that serve it, in id order.
    pub(crate) practices: Vec<GoalLink<'a>>,
}

/// The goals an aim's text names: indexes of its purposes and progress
/// goals (those naming it themselves).
#[derive(Debug, Clone, Default)]
pub(crate) struct Aligned {
    /// Its purposes, in report order.
    pub(crate) purposes: Vec<usize>,
    /// Its progress goals that name it themselves, in report order.
    pub(crate) progress: Vec<usize>,
}

/// Each distinct `aligns_to` text (trimmed, blank ones left out) with the
/// visible purposes and progress goals that name it, sorted by text.
pub(crate) fn aims<'a>(v: &Views<'a>) -> BTreeMap<&'a str, Aligned> {
    let mut out: BTreeMap<&'a str, Aligned> = BTreeMap::new();
    for (i, g) in v.report.goals.iter().enumerate() {
        let texts = match &g.goal.details {
            Details::Purpose(p) => &p.aligns_to,
            Details::Progress(p) => &p.aligns_to,
            Details::Practice(_) | Details::Coaching(_) | Details::Reflection(_) => continue,
        };
        for text in texts {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let entry = out.entry(text).or_default();
            let list = match g.goal.kind {
                Kind::Purpose => &mut entry.purposes,
                _ => &mut entry.progress,
            };
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    out
}

/// Whether the site has an alignment page: some purpose or progress goal
/// aligns to something.
pub(crate) fn has_page(v: &Views<'_>) -> bool {
    !aims(v).is_empty()
}

/// The goals pointing to goal `i` that are of `kind`, in id order.
fn children(v: &Views<'_>, i: usize, kind: Kind) -> Vec<usize> {
    let mut out: Vec<usize> = v.report.goals[i]
        .children
        .iter()
        .filter_map(|id| v.index.get(id.as_str()).copied())
        .filter(|&c| v.report.goals[c].goal.kind == kind)
        .collect();
    out.sort_unstable();
    out
}

fn aim<'v, 'a>(v: &'v Views<'a>, text: &'a str, aligned: Aligned) -> Aim<'v, 'a> {
    let mut progress = aligned.progress;
    let mut direct = Vec::new();
    for &p in &aligned.purposes {
        progress.extend(children(v, p, Kind::Progress));
        direct.extend(children(v, p, Kind::Practice));
    }
    progress.sort_unstable();
    progress.dedup();
    direct.sort_unstable();
    direct.dedup();
    let rows: Vec<(usize, Vec<usize>)> = progress
        .iter()
        .map(|&g| (g, children(v, g, Kind::Practice)))
        .collect();
    let mut under: Vec<usize> = progress.clone();
    under.extend(rows.iter().flat_map(|(_, p)| p.iter().copied()));
    under.extend(direct.iter().copied());
    under.sort_unstable();
    under.dedup();
    let goals = &v.report.goals;
    Aim {
        text,
        purposes: aligned.purposes.iter().map(|&i| v.card(i)).collect(),
        progress: rows
            .into_iter()
            .map(|(g, practices)| AimProgress {
                goal: v.link_of(&goals[g]),
                practices: practices
                    .into_iter()
                    .map(|p| v.link_of(&goals[p]))
                    .collect(),
            })
            .collect(),
        practices: direct.into_iter().map(|p| v.link_of(&goals[p])).collect(),
        moved: newest_first(v.report, under)
            .into_iter()
            .map(|(g, m)| MovedRow {
                goal: v.link_of(&goals[g]),
                row: super::goal::move_row(v, &goals[g], &goals[g].moved[m]),
            })
            .collect(),
    }
}

/// The alignment page.
pub(crate) fn alignment_page<'v, 'a>(v: &'v Views<'a>) -> AlignmentPage<'v, 'a> {
    let aims = aims(v)
        .into_iter()
        .map(|(text, aligned)| aim(v, text, aligned))
        .collect();
    let unaligned = v
        .report
        .goals
        .iter()
        .filter(|g| g.goal.kind == Kind::Purpose)
        .filter(|g| {
            g.goal
                .purpose()
                .is_none_or(|p| p.aligns_to.iter().all(|t| t.trim().is_empty()))
        })
        .map(|g| v.link_of(g))
        .collect();
    AlignmentPage { aims, unaligned }
}
