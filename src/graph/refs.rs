//! Linking goals: `purpose:` and `serves:` references, their kinds, and loops.

use super::Graph;
use crate::diagnostics::{suggest, Diagnostic, Location};
use crate::model::{Details, Goal, Kind, Reference};
use std::sync::Arc;

/// One written reference that names an existing goal.
pub(super) struct Edge {
    to: usize,
    at: Location,
    /// Whether the target has a kind this field may name.
    kind_ok: bool,
}

/// Fills `parents` and `children`, reporting unknown ids, references to
/// the wrong kind of goal, and reference loops. Only references to the
/// right kind, outside any loop, become links.
pub(super) fn link(graph: &mut Graph) {
    use rayon::prelude::*;
    let n = graph.goals.len();
    // Each goal's references on both workers (a lookup by id each), their
    // problems kept in the goals' order.
    let found: Vec<(Vec<Edge>, Vec<Diagnostic>)> = graph
        .goals
        .par_iter()
        .map(|goal| edges_of(graph, goal))
        .collect();
    let mut edges: Vec<Vec<Edge>> = Vec::with_capacity(n);
    for (out, problems) in found {
        graph.diagnostics.extend(problems);
        edges.push(out);
    }

    for (from, edge) in find_loops(&edges) {
        let path = loop_path(graph, &edges, from, edge);
        let e = &mut edges[from][edge];
        graph.diagnostics.push(
            Diagnostic::error("reference-loop", &e.at, format!("reference loop: {path}"))
                .with_hint(
                    "References point upward: a practice serves a progress goal, a progress \
                 goal advances a purpose. Remove one of these references.",
                )
                .for_goal(graph.goals[from].id.clone()),
        );
        e.kind_ok = false;
    }

    let mut parents = vec![Vec::new(); n];
    let mut children = vec![Vec::new(); n];
    for (from, out) in edges.iter().enumerate() {
        for e in out.iter().filter(|e| e.kind_ok) {
            if !parents[from].contains(&e.to) {
                parents[from].push(e.to);
                children[e.to].push(from);
            }
        }
    }
    // `from` grows monotonically, so each children list is already in id order.
    graph.parents = parents;
    graph.children = children;
}

/// The references `goal` writes that name an existing goal, and the
/// problems with the others (unknown ids, old ids, the wrong kind).
fn edges_of(graph: &Graph, goal: &Goal) -> (Vec<Edge>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let (field, refs, kinds): (&str, &[Reference], &[Kind]) = match &goal.details {
        Details::Purpose(_) => ("", &[], &[]),
        Details::Progress(p) => ("purpose", p.purpose.as_slice(), goal.kind.serves_kinds()),
        Details::Practice(p) => ("serves", &p.serves, goal.kind.serves_kinds()),
        Details::Coaching(c) => ("serves", &c.serves, goal.kind.serves_kinds()),
        Details::Reflection(_) => ("", &[], &[]),
    };
    // A coaching cycle's `practices:` are checked, not linked (FORMAT §12).
    if let (Details::Coaching(c), false) = (&goal.details, goal.is_placeholder()) {
        let names = |id: &str| graph.index.get(id.trim()).map(|&i| &graph.goals[i]);
        for r in &c.practices {
            let d = match names(&r.id) {
                None => unknown_reference(goal, "practices", r, &[Kind::Practice], &graph.goals),
                Some(t) if t.kind != Kind::Practice && !t.is_placeholder() => {
                    wrong_kind(goal, "practices", r, t, &[Kind::Practice])
                }
                Some(_) => continue,
            };
            problems.push(d);
        }
    }
    // A file that cannot be read has only its own error (FORMAT §2):
    // what its placeholder's references name is not checked, and a
    // placeholder's kind (a guess) is not held against references to it.
    let placeholder = goal.is_placeholder();
    for r in refs {
        // An old id (FORMAT §2 v3) is still an error, but the link it
        // meant is kept: one mistake, one error, and no lint on the goal
        // it names. Never into a personal folder from the shared one.
        let id = r.id.trim();
        let old =
            || (graph.aliases.get(id)).filter(|a| goal.personal || !graph.goals[a.goal].personal);
        // The goal it names, and whether by an old id.
        let (found, via_old) = match graph.index.get(id) {
            Some(&to) => (Some(to), false),
            None => match old() {
                Some(a) => {
                    if !placeholder {
                        let to = &graph.goals[a.goal];
                        problems.push(old_reference(goal, field, r, to, a));
                    }
                    (Some(a.goal), true)
                }
                None => (None, false),
            },
        };
        match found {
            None if placeholder => {}
            None => problems.push(unknown_reference(goal, field, r, kinds, &graph.goals)),
            Some(to) if graph.goals[to].personal && !goal.personal => {
                // FORMAT §11: the shared repository never depends on
                // a personal folder (which only its owner has).
                problems.push(personal_reference(goal, field, r));
            }
            Some(to) => {
                let target = &graph.goals[to];
                let kind_ok =
                    kinds.contains(&target.kind) || placeholder || target.is_placeholder();
                // An old id has its error already: one mistake, one error.
                if !kind_ok && !via_old {
                    problems.push(wrong_kind(goal, field, r, target, kinds));
                }
                out.push(Edge {
                    to,
                    at: r.at.clone(),
                    kind_ok,
                });
            }
        }
    }
    (out, problems)
}

fn unknown_reference(
    goal: &Goal,
    field: &str,
    r: &Reference,
    kinds: &[Kind],
    goals: &[Arc<Goal>],
) -> Diagnostic {
    let candidates = goals
        .iter()
        .filter(|g| kinds.contains(&g.kind) && (goal.personal || !g.personal))
        .map(|g| g.id.as_str());
    let hint = match suggest(r.id.trim(), candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "`{field}:` names the id of a {} goal: its file name without `.md`, \
             or the `id:` it sets",
            kind_list(kinds)
        ),
    };
    Diagnostic::error(
        "unknown-reference",
        &r.at,
        format!("`{field}: {}`: there is no goal with this id", r.id),
    )
    .with_hint(hint)
    .with_width(r.id.chars().count() as u32)
    .for_goal(goal.id.clone())
}

/// `unknown-reference` for an old id of `to`: the hint names the new id
/// and, when git renamed it, the commit (date, author). Not the commit of a
/// private goal in a shared goal's hint: a public build shows the hint.
fn old_reference(
    goal: &Goal,
    field: &str,
    r: &Reference,
    to: &Goal,
    alias: &super::Alias,
) -> Diagnostic {
    let why = match &alias.renamed {
        Some(c) if !to.is_private() || goal.is_private() => format!(
            "`{}` was renamed to `{}` on {} by {} (commit {})",
            r.id.trim(),
            to.id,
            c.date,
            c.author,
            c.commit.get(..7).unwrap_or(&c.commit)
        ),
        _ => format!("`{}` is an old id of `{}`", r.id.trim(), to.id),
    };
    Diagnostic::error(
        "unknown-reference",
        &r.at,
        format!("`{field}: {}`: there is no goal with this id", r.id),
    )
    .with_hint(format!("{why}: write `{field}: {}`", to.id))
    .with_width(r.id.chars().count() as u32)
    .for_goal(goal.id.clone())
}

fn personal_reference(goal: &Goal, field: &str, r: &Reference) -> Diagnostic {
    Diagnostic::error(
        "personal-reference",
        &r.at,
        format!(
            "`{field}: {}` names a goal in your personal folder, which only you have; a goal \
             of the shared repository cannot depend on it",
            r.id
        ),
    )
    .with_hint(
        "a personal goal may serve a shared goal, not the other way round: remove this \
         reference, or move the goal it names into the shared repository",
    )
    .with_width(r.id.chars().count() as u32)
    .for_goal(goal.id.clone())
}

fn wrong_kind(
    goal: &Goal,
    field: &str,
    r: &Reference,
    target: &Goal,
    kinds: &[Kind],
) -> Diagnostic {
    Diagnostic::error(
        "wrong-kind-reference",
        &r.at,
        format!(
            "`{field}: {}` names a {} goal, but `{field}:` must name a {} goal",
            r.id,
            target.kind.as_str(),
            kind_list(kinds)
        ),
    )
    .with_hint(match (goal.kind, field) {
        (Kind::Progress, _) => {
            "A progress goal advances a purpose: name the purpose goal it moves."
        }
        (Kind::Coaching, "practices") => {
            "`practices:` lists the practice goals used in the cycle: name their ids."
        }
        (Kind::Coaching, _) => {
            "A coaching cycle serves a progress (or purpose) goal: name the one it moves."
        }
        _ => "A practice serves the progress (or purpose) goals it drives: name one of those.",
    })
    .with_width(r.id.chars().count() as u32)
    .for_goal(goal.id.clone())
}

fn kind_list(kinds: &[Kind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Every edge that closes a loop, as (goal, edge index): an iterative
/// depth-first search, linear in goals + references.
pub(super) fn find_loops(edges: &[Vec<Edge>]) -> Vec<(usize, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; edges.len()];
    let mut closing = Vec::new();
    for root in 0..edges.len() {
        if mark[root] != Mark::New {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        mark[root] = Mark::Open;
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            if next == edges[node].len() {
                mark[node] = Mark::Done;
                stack.pop();
                continue;
            }
            top.1 += 1;
            let to = edges[node][next].to;
            match mark[to] {
                Mark::New => {
                    mark[to] = Mark::Open;
                    stack.push((to, 0));
                }
                Mark::Open => closing.push((node, next)),
                Mark::Done => {}
            }
        }
    }
    closing
}

/// `a → b → a` for the loop closed by edge `edge` of goal `from`.
fn loop_path(graph: &Graph, edges: &[Vec<Edge>], from: usize, edge: usize) -> String {
    let start = edges[from][edge].to;
    // Walk forward from `start` along edges until `from` is reached (breadth-first,
    // bounded by the number of goals).
    let mut prev: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = std::collections::HashSet::from([start]);
    while let Some(node) = queue.pop_front() {
        if node == from {
            break;
        }
        for e in &edges[node] {
            if seen.insert(e.to) {
                prev.insert(e.to, node);
                queue.push_back(e.to);
            }
        }
    }
    let mut path = vec![from];
    let mut cur = from;
    while cur != start {
        match prev.get(&cur) {
            Some(&p) => {
                path.push(p);
                cur = p;
            }
            None => break,
        }
    }
    path.reverse();
    path.push(start);
    path.iter()
        .map(|&i| graph.goals[i].id.as_str())
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
impl Edge {
    pub(super) fn to(to: usize) -> Edge {
        Edge {
            to,
            at: Location::default(),
            kind_ok: true,
        }
    }
}
