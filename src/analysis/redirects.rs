//! Redirect pages (FORMAT §2 and §8 v3): which old addresses lead to which
//! goal. An old id is one git saw a goal renamed away from, or one the goal
//! lists in `aliases:` ([`crate::graph::aliases`] decides which are taken).

use crate::graph::Graph;
use serde::Serialize;

/// An old id whose address leads to a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// The old id: its address is `goals/<address of from>.html`.
    pub(crate) from: String,
    /// The id of the goal it leads to.
    pub(crate) to: String,
}

/// Every old id of the graph's goals, in old-id order.
pub fn of(graph: &Graph) -> Vec<Redirect> {
    graph
        .aliases
        .iter()
        .map(|(from, a)| Redirect {
            from: from.clone(),
            to: graph.goals[a.goal].id.clone(),
        })
        .collect()
}
