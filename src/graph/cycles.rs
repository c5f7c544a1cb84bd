//! Matching each goal's `cycle:` names to the planning cycles of `goalpost.yml`.

use crate::diagnostics::{suggest, Diagnostic};
use crate::model::settings::Cycle;
use crate::model::Goal;
use std::collections::HashMap;
use std::sync::Arc;

/// For every goal, the indices of the cycles it names (by name or id, any
/// case), in date order. Unknown names are `unknown-cycle` errors.
pub(super) fn match_names(
    goals: &[Arc<Goal>],
    cycles: &[Cycle],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<usize>> {
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, c) in cycles.iter().enumerate() {
        by_name.entry(c.id.to_lowercase()).or_insert(i);
        by_name.entry(c.name.trim().to_lowercase()).or_insert(i);
    }
    goals
        .iter()
        .map(|goal| {
            let mut found = Vec::new();
            for r in &goal.cycles {
                match by_name.get(&r.id.trim().to_lowercase()) {
                    Some(&i) => found.push(i),
                    None => diagnostics.push(unknown(goal, &r.id, &r.at, cycles)),
                }
            }
            found.sort_unstable();
            found.dedup();
            found
        })
        .collect()
}

fn unknown(
    goal: &Goal,
    name: &str,
    at: &crate::diagnostics::Location,
    cycles: &[Cycle],
) -> Diagnostic {
    let hint = if cycles.is_empty() {
        "goalpost.yml defines no cycles: add `cycles:` there (for example `cycles: 2w`), \
         or remove this name."
            .to_string()
    } else {
        match suggest(name, cycles.iter().map(|c| c.name.as_str())) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "the cycles are named like `{}` (see goalpost.yml)",
                cycles[0].name
            ),
        }
    };
    Diagnostic::error(
        "unknown-cycle",
        at,
        format!("`{name}` is not the name of a cycle in goalpost.yml"),
    )
    .with_hint(hint)
    .with_width(name.chars().count() as u32)
    .for_goal(goal.id.clone())
}
