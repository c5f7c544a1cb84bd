//! Resolving references between goals: ids, duplicates, `purpose:` and
//! `serves:` links, goal `cycle:` names, and merging scorecard cells into
//! the practices they name (FORMAT §2 and §5).
//!
//! [`resolve`] runs four small steps, one module each:
//! `ids` keeps one goal per id, `refs` links goals and finds loops,
//! `cycles` matches `cycle:` names, `merge` folds scorecards into logs.

pub(crate) mod aliases;
mod cycles;
mod ids;
mod merge;
mod refs;

pub(crate) use aliases::{Alias, Renamed, Renames};

use crate::diagnostics::Diagnostic;
use crate::model::settings::Cycle;
use crate::model::{Goal, ParsedFile, Scorecard};
use std::collections::HashMap;
use std::sync::Arc;

/// All goals of the repository with their links resolved.
///
/// Goals are sorted by id. `parents[i]` are the goals goal `i` points to
/// (a progress goal's purpose, a practice's `serves`), `children[i]` the
/// inverse. Practices' `log` includes every scorecard cell that names them.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub(crate) goals: Vec<Arc<Goal>>,
    pub(crate) index: HashMap<String, usize>,
    /// Indices of the goals each goal points to, in the order written, once each.
    pub(crate) parents: Vec<Vec<usize>>,
    /// Indices of the goals pointing to each goal, in id order, once each.
    pub(crate) children: Vec<Vec<usize>>,
    /// Indices into the cycle list of the cycles each goal's `cycle:` names,
    /// in date order, once each.
    pub(crate) goal_cycles: Vec<Vec<usize>>,
    /// Sorted by file.
    pub(crate) scorecards: Vec<Scorecard>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Per goal, the newest commit that changed the value of its `current:`
    /// (not the commit that added the file, nor one that only moved or
    /// reformatted it): set from the git history by the pipeline; empty
    /// without git (FORMAT §7 v3 "activity is what the files record").
    pub(crate) last_value_change: Vec<Option<crate::model::Date>>,
    /// Old ids that lead to a goal (FORMAT §2 v3), by old id.
    pub(crate) aliases: std::collections::BTreeMap<String, Alias>,
}

impl Graph {
    pub fn get(&self, id: &str) -> Option<&Goal> {
        self.index.get(id).map(|&i| &*self.goals[i])
    }

    /// The ids of the goals at `indices`.
    pub(crate) fn ids(&self, indices: &[usize]) -> Vec<String> {
        indices.iter().map(|&i| self.goals[i].id.clone()).collect()
    }
}

/// A parsed file as the graph takes it: the goals are shared with a
/// parse cache (a goal is copied only where the graph changes it), and
/// owned files (a one-off build that keeps no parse cache) are moved.
pub trait FileParts {
    fn parts(self) -> (Vec<Diagnostic>, Vec<Arc<Goal>>, Vec<Scorecard>);
}

impl FileParts for &ParsedFile {
    fn parts(self) -> (Vec<Diagnostic>, Vec<Arc<Goal>>, Vec<Scorecard>) {
        (
            self.diagnostics.clone(),
            self.goals.clone(),
            self.scorecards.clone(),
        )
    }
}

impl FileParts for Arc<ParsedFile> {
    fn parts(self) -> (Vec<Diagnostic>, Vec<Arc<Goal>>, Vec<Scorecard>) {
        match Arc::try_unwrap(self) {
            Ok(file) => (file.diagnostics, file.goals, file.scorecards),
            Err(shared) => shared.as_ref().parts(),
        }
    }
}

/// Builds the graph from every parsed file. Pure: same input, same graph,
/// whatever order the files come in.
pub fn resolve<F, I>(files: I, cycles: &[Cycle]) -> Graph
where
    F: FileParts + Send,
    I: IntoIterator<Item = F>,
{
    resolve_with(files, cycles, &Renames::new())
}

/// [`resolve`], knowing the renames git recorded that changed goals' ids
/// (FORMAT §2 v3): a reference to an old id is still an error, whose hint
/// names the new id and the commit.
pub(crate) fn resolve_with<F, I>(files: I, cycles: &[Cycle], renames: &Renames) -> Graph
where
    F: FileParts + Send,
    I: IntoIterator<Item = F>,
{
    use rayon::prelude::*;
    let mut diagnostics = Vec::new();
    let mut goals = Vec::new();
    let mut scorecards = Vec::new();
    // Taking a cached file's goals copies them: every worker takes a share.
    let files: Vec<F> = files.into_iter().collect();
    let parts: Vec<_> = files.into_par_iter().map(FileParts::parts).collect();
    // Room for every goal, made once.
    goals.reserve(parts.iter().map(|(_, g, _)| g.len()).sum());
    for (d, g, s) in parts {
        diagnostics.extend(d);
        goals.extend(g);
        scorecards.extend(s);
    }
    scorecards.sort_by(|a: &Scorecard, b: &Scorecard| (&a.file, &a.at).cmp(&(&b.file, &b.at)));

    let goals = ids::unique(goals, &mut diagnostics);
    let index = goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    let mut graph = Graph {
        goals,
        index,
        scorecards,
        diagnostics,
        ..Graph::default()
    };
    let mut found = Vec::new();
    graph.aliases = aliases::collect(&graph, renames, &mut found);
    graph.diagnostics.extend(found);
    refs::link(&mut graph);
    graph.goal_cycles = cycles::match_names(&graph.goals, cycles, &mut graph.diagnostics);
    merge::scorecards(&mut graph);
    graph
}

#[cfg(test)]
mod tests;
