//! Folding scorecard cells into the logs of the practices they name (FORMAT §5).

use super::Graph;
use crate::diagnostics::{suggest, Diagnostic, Location};
use crate::model::{Details, Entry, EntryValue, Kind};
use std::collections::{HashMap, HashSet};

/// Resolves every scorecard column to a practice (by id, else by exact
/// title) and merges its cells into that practice's `log`, one entry per
/// date. Unknown or non-practice columns are reported once per column.
pub(super) fn scorecards(graph: &mut Graph) {
    // Practices by title, made only when a column does not name an id.
    let titles = std::cell::OnceCell::new();
    let by_title = || {
        let mut titles: HashMap<&str, usize> = HashMap::new();
        for (i, g) in graph.goals.iter().enumerate() {
            if g.kind == Kind::Practice {
                titles.entry(g.title.trim()).or_insert(i);
            }
        }
        titles
    };

    let mut incoming: HashMap<usize, Vec<Entry>> = HashMap::new();
    let mut reported: HashSet<(&str, &Location)> = HashSet::new();
    let mut diagnostics = Vec::new();
    for card in &graph.scorecards {
        for cell in &card.cells {
            let header = cell.practice.id.trim();
            let found = graph
                .index
                .get(header)
                .or_else(|| titles.get_or_init(by_title).get(header))
                .copied();
            match found {
                Some(i) if graph.goals[i].kind == Kind::Practice => {
                    incoming.entry(i).or_default().push(cell.entry.clone());
                }
                Some(i) => {
                    if reported.insert((header, &cell.practice.at)) {
                        diagnostics.push(
                            Diagnostic::error(
                                "wrong-kind-reference",
                                &cell.practice.at,
                                format!(
                                    "scorecard column `{header}` names a {} goal; \
                                     scorecard columns name practices",
                                    graph.goals[i].kind.as_str()
                                ),
                            )
                            .with_hint(
                                "A scorecard records daily practices. Record a progress \
                                 goal's numbers under its `measurements:` instead.",
                            ),
                        );
                    }
                }
                None => {
                    if reported.insert((header, &cell.practice.at)) {
                        let names = graph
                            .goals
                            .iter()
                            .filter(|g| g.kind == Kind::Practice)
                            .flat_map(|g| [g.id.as_str(), g.title.as_str()]);
                        let hint = match suggest(header, names) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => {
                                "a column header is a practice's id or its exact title".to_string()
                            }
                        };
                        diagnostics.push(
                            Diagnostic::error(
                                "unknown-practice",
                                &cell.practice.at,
                                format!("scorecard column `{header}` does not name a practice"),
                            )
                            .with_hint(hint)
                            .with_width(header.chars().count() as u32),
                        );
                    }
                }
            }
        }
    }
    graph.diagnostics.extend(diagnostics);

    let mut targets: Vec<(usize, Vec<Entry>)> = incoming.into_iter().collect();
    targets.sort_by_key(|(i, _)| *i);
    for (i, cells) in targets {
        // A copy of the goal when the parse cache shares it: the cache
        // keeps the file's own log.
        let goal = std::sync::Arc::make_mut(&mut graph.goals[i]);
        let id = goal.id.clone();
        if let Details::Practice(p) = &mut goal.details {
            let log = std::sync::Arc::unwrap_or_clone(std::mem::take(&mut p.log));
            p.log = merge_entries(&id, log, cells, &mut graph.diagnostics).into();
        }
    }
}

/// Merges `log` (first) and `cells` by date, one entry per date. The same
/// value twice is kept once (a note from either is kept); two different
/// values are a `conflicting-entry` error, and the first one is kept.
pub(super) fn merge_entries(
    practice: &str,
    log: Vec<Entry>,
    cells: Vec<Entry>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut all = log;
    all.extend(cells);
    // Stable: on the same date the log comes first, then scorecards in file order.
    all.sort_by_key(|e| e.date);
    let mut merged: Vec<Entry> = Vec::with_capacity(all.len());
    for entry in all {
        match merged.last_mut() {
            Some(kept) if kept.date == entry.date => {
                if kept.value == entry.value {
                    if kept.note.is_none() {
                        kept.note = entry.note;
                    }
                } else {
                    diagnostics.push(
                        Diagnostic::error(
                            "conflicting-entry",
                            &entry.at,
                            format!(
                                "`{practice}` on {}: `{}` here at {}:{}, but `{}` at {}:{}",
                                entry.date,
                                show(entry.value),
                                entry.at.file,
                                entry.at.line,
                                show(kept.value),
                                kept.at.file,
                                kept.at.line
                            ),
                        )
                        .with_hint(
                            "A day has one value: correct or delete one of the two \
                             (the first one is used until then).",
                        )
                        .for_goal(practice),
                    );
                }
            }
            _ => merged.push(entry),
        }
    }
    merged
}

/// A value as a person would write it.
pub(crate) fn show(value: EntryValue) -> String {
    match value {
        EntryValue::Number(n) => format!("{n}"),
        EntryValue::Done(true) => "yes".to_string(),
        EntryValue::Done(false) => "no".to_string(),
        EntryValue::Skip => "skip".to_string(),
    }
}
