//! The whole pipeline as one pure function of (parsed files, settings,
//! history, today). `build`, `check`, `watch` and the tests all call it.

use crate::analysis::{self, GoalHistory, Report};
use crate::graph;
use crate::history::{self, History};
use crate::model::{Date, Details, SeriesSource, Settings};
use std::sync::Arc;

/// How many recent changes a goal page lists.
pub(crate) const RECENT_CHANGES: usize = 8;

/// Resolves references, folds in the git history (when there is one), and
/// computes every figure and lint. A session that builds again (`watch`,
/// `serve`) passes a `memo`: the practice figures it kept from the last
/// build are reused where nothing they are made from has changed (the same
/// report, made faster).
pub fn run<F, I>(
    files: I,
    settings: &Settings,
    extra: &[crate::Diagnostic],
    history: Option<&History>,
    today: Date,
    memo: Option<&analysis::memo::Memo>,
) -> Report
where
    F: graph::FileParts + Send,
    I: IntoIterator<Item = F>,
{
    let cycles = settings.cycle_list();
    let history = history.filter(|h| !h.is_empty());
    let renames = history.map_or_else(graph::Renames::new, |h| renames(h, today));
    let mut graph = graph::resolve_with(files, &cycles, &renames);
    if let Some(h) = history {
        history::apply(&mut graph.goals, h);
        // A pinned "today" in the past does not know of later commits, nor of
        // a `current:` value first committed after it. When every commit of a
        // goal is after "today" (an example pinned to a date before it was
        // committed), its history says nothing about "today": the file as it
        // is on disk stands for it.
        let is_git = |m: &&crate::model::Measurement| m.source == SeriesSource::Git;
        for goal in &mut graph.goals {
            // Only a goal with git points (a copy already, see `apply`).
            let has_git = goal
                .progress()
                .is_some_and(|p| p.measurements.iter().any(|m| is_git(&m)));
            if !has_git {
                continue;
            }
            if let Details::Progress(p) = &mut Arc::make_mut(goal).details {
                let known = p
                    .measurements
                    .iter()
                    .filter(is_git)
                    .any(|m| m.date <= today);
                let newest_git = p.measurements.iter().rev().find(is_git);
                if let (true, Some(m), Some(current)) = (known, newest_git, p.current) {
                    if m.date > today && m.value == current {
                        p.current = None;
                    }
                }
                p.measurements
                    .retain(|m| m.source != SeriesSource::Git || m.date <= today);
            }
        }
        graph.last_value_change = graph
            .goals
            .iter()
            .map(|g| last_value_change(h, &g.file, today))
            .collect();
    }
    let mut report = analysis::analyse(graph, settings, &cycles, today, memo);
    if let Some(h) = history {
        for goal in &mut report.goals {
            goal.history = goal_history(h, &goal.goal.file, today);
            if let Some(f) = h.file(&goal.goal.file) {
                goal.moved = analysis::moved::moved(&goal.goal, &f.changes, &cycles, today);
            }
        }
    }
    report.diagnostics.extend(extra.iter().cloned());
    crate::diagnostics::sort(&mut report.diagnostics);
    report
}

/// The renames git recorded that changed a goal's id, up to `today`, per
/// file (FORMAT §2 v3).
fn renames(h: &History, today: Date) -> graph::Renames {
    h.files()
        .filter_map(|(file, f)| {
            let list: Vec<graph::Renamed> = f
                .changes
                .iter()
                .filter(|c| c.date <= today)
                .filter_map(|c| {
                    Some(graph::Renamed {
                        from: c.former_id.clone()?,
                        date: c.date,
                        author: c.author.clone(),
                        commit: c.commit.clone(),
                    })
                })
                .collect();
            (!list.is_empty()).then(|| (file.to_string(), list))
        })
        .collect()
}

/// The newest commit up to `today` that changed the value of a goal's
/// `current:`: a value that differs from the version before. The commit
/// that added the file, and one that only moved, reformatted or edited
/// other fields, are not activity (FORMAT §7 v3).
fn last_value_change(h: &History, file: &str, today: Date) -> Option<Date> {
    h.file(file)?
        .changes
        .iter()
        .filter(|c| c.kind != crate::history::ChangeKind::Created && c.sets_current())
        .map(|c| c.date)
        .filter(|d| *d <= today)
        .max()
}

fn goal_history(h: &History, file: &str, today: Date) -> Option<GoalHistory> {
    let f = h.file(file)?;
    let known: Vec<_> = f.changes.iter().filter(|c| c.date <= today).collect();
    if known.is_empty() {
        return None;
    }
    let mut authors: Vec<String> = Vec::new();
    for c in &known {
        if !authors.contains(&c.author) {
            authors.push(c.author.clone());
        }
    }
    Some(GoalHistory {
        first_change: known.first().map(|c| c.date),
        last_change: known.last().map(|c| c.date),
        authors,
        recent: known
            .iter()
            .rev()
            .take(RECENT_CHANGES)
            .map(|c| (*c).clone())
            .collect(),
        total: known.len(),
    })
}
