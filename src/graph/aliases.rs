//! Old ids (FORMAT §2 "Old addresses keep working", §3 `aliases`): the ids
//! a goal had before git saw its file renamed, and the ones it lists in
//! `aliases:`. Each leads to the goal: a redirect page at its old address,
//! and a reference to it is still an error whose hint names the new id.

use super::Graph;
use crate::diagnostics::Diagnostic;
use crate::model::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A commit that renamed a goal's file and so changed its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Renamed {
    /// The id before the rename.
    pub(crate) from: String,
    pub(crate) date: Date,
    pub(crate) author: String,
    pub(crate) commit: String,
}

/// Per goal file (relative to the repository), the renames git recorded
/// that changed its id, oldest first (filled by the pipeline from
/// `history/`; empty without git).
pub(crate) type Renames = HashMap<String, Vec<Renamed>>;

/// Where an old id leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alias {
    /// Index of the goal it leads to.
    pub(crate) goal: usize,
    /// The commit that renamed the goal away from this id (`None`: the
    /// goal lists it in `aliases:`).
    pub(crate) renamed: Option<Renamed>,
}

/// Every old id that leads to a goal, by old id. An id that is some goal's
/// id now is nobody's old id. An id in two goals' `aliases:` is an error
/// (`duplicate-id`) in the second file; a goal's own `aliases:` wins over a
/// rename git recorded, and of two renames from the same id the newer wins.
pub(super) fn collect(
    graph: &Graph,
    renames: &Renames,
    out: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Alias> {
    let mut aliases: BTreeMap<String, Alias> = BTreeMap::new();
    for (i, goal) in graph.goals.iter().enumerate() {
        for r in renames.get(&goal.file).into_iter().flatten() {
            if r.from == goal.id || graph.index.contains_key(&r.from) {
                continue;
            }
            let newer = aliases
                .get(&r.from)
                .is_none_or(|a| a.renamed.as_ref().is_some_and(|old| old.date <= r.date));
            if newer {
                let renamed = Some(r.clone());
                aliases.insert(r.from.clone(), Alias { goal: i, renamed });
            }
        }
    }
    let mut listed: HashMap<&str, usize> = HashMap::new();
    for (i, goal) in graph.goals.iter().enumerate() {
        for a in &goal.aliases {
            let id = a.id.trim();
            if id == goal.id {
                continue;
            }
            let taken_by = graph.index.get(id).copied().or(listed.get(id).copied());
            if let Some(other) = taken_by.filter(|&o| o != i) {
                let o = &graph.goals[other];
                out.push(
                    Diagnostic::error(
                        "duplicate-id",
                        &a.at,
                        format!(
                            "`aliases: {id}`: `{id}` already leads to another goal, {}:{}",
                            o.file, o.at.line
                        ),
                    )
                    .with_hint(
                        "An alias is an old id of this goal only: remove it here, \
                         or from the other goal.",
                    )
                    .with_width(id.chars().count() as u32)
                    .for_goal(goal.id.clone()),
                );
                continue;
            }
            listed.insert(id, i);
            aliases.insert(
                id.to_string(),
                Alias {
                    goal: i,
                    renamed: None,
                },
            );
        }
    }
    aliases
}
