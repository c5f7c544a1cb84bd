//! One goal per id: duplicates are errors that name both files.

use crate::diagnostics::Diagnostic;
use crate::model::Goal;
use std::sync::Arc;

/// Sorts goals by id and keeps the first of each id (by file, then line),
/// reporting every other one as `duplicate-id` at its own place.
pub(super) fn unique(goals: Vec<Arc<Goal>>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Arc<Goal>> {
    // A placeholder (a file that cannot be read, FORMAT §2) only guesses
    // its id: a readable goal with the same id wins, and nothing is said.
    // The order is found on small keys, then each goal (hundreds of
    // bytes) is moved once: sorted in place, a large repository's goals
    // were moved at every step of the sort (a third of making the graph
    // at 100,000 goals).
    let mut order: Vec<_> = goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), g.is_placeholder(), g.file.as_str(), &g.at, i))
        .collect();
    order.sort_unstable();
    let order: Vec<usize> = order.into_iter().map(|(.., i)| i).collect();
    let mut slots: Vec<Option<Arc<Goal>>> = goals.into_iter().map(Some).collect();
    let mut kept: Vec<Arc<Goal>> = Vec::with_capacity(slots.len());
    for goal in order.into_iter().filter_map(|i| slots[i].take()) {
        match kept.last() {
            Some(first) if first.id == goal.id && goal.is_placeholder() => {}
            Some(first) if first.id == goal.id => {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-id",
                        &goal.at,
                        format!(
                            "duplicate id `{}`: it is also the id of {}:{}",
                            goal.id, first.file, first.at.line
                        ),
                    )
                    .with_hint(
                        "Ids must be unique in the repository: rename one of the files, \
                         or give one of them a different `id:`.",
                    )
                    .for_goal(goal.id.clone()),
                );
            }
            _ => kept.push(goal),
        }
    }
    kept
}
