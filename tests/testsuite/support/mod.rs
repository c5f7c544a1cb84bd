//! What the test modules share: the fixture-repository builder [`Repo`]
//! and a hand-made [`sample`] report.

mod live;
mod repo;
pub mod sample;
mod text;

pub use live::{Live, PATIENCE};
pub use repo::{git, git_available, require_git, snapshot, Repo};
pub use text::html_text;

/// The goal `id` of a report; panics when there is none.
pub fn goal<'a>(r: &'a goalpost::analysis::Report, id: &str) -> &'a goalpost::analysis::GoalReport {
    r.goals
        .iter()
        .find(|g| g.goal.id == id)
        .unwrap_or_else(|| panic!("no goal {id}"))
}
