//! `alignment.html` (FORMAT §8): every distinct `aligns_to` text — a
//! school or district goal — with the purposes aligned to it and their
//! roll-ups.

use super::{Card, GoalLink, Views};
use crate::model::Kind;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct AlignmentPage<'v, 'a> {
    /// Sorted by text.
    pub aims: Vec<Aim<'v, 'a>>,
    /// Purposes that align to nothing, for completeness.
    pub unaligned: Vec<GoalLink<'a>>,
}

/// One school or district goal and the purposes aligned to it.
#[derive(Debug, Clone, Serialize)]
pub struct Aim<'v, 'a> {
    /// The `aligns_to` text, trimmed.
    pub text: &'a str,
    /// The purposes' cards (with their roll-ups), in id order.
    pub purposes: Vec<&'v Card<'a>>,
}

/// Each distinct `aligns_to` text (trimmed, blank ones left out) with the
/// indexes of the visible purposes that name it, sorted by text.
pub fn aims<'a>(v: &Views<'a>) -> BTreeMap<&'a str, Vec<usize>> {
    let mut out: BTreeMap<&'a str, Vec<usize>> = BTreeMap::new();
    for (i, g) in v.report.goals.iter().enumerate() {
        let Some(p) = g.goal.purpose() else { continue };
        for text in &p.aligns_to {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let list = out.entry(text).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    out
}

/// Whether the site has an alignment page: some purpose aligns to something.
pub fn has_page(v: &Views<'_>) -> bool {
    !aims(v).is_empty()
}

pub fn alignment_page<'v, 'a>(v: &'v Views<'a>) -> AlignmentPage<'v, 'a> {
    let aims = aims(v)
        .into_iter()
        .map(|(text, list)| Aim {
            text,
            purposes: list.into_iter().map(|i| v.card(i)).collect(),
        })
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
