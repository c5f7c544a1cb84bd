//! What the test modules share: the fixture-repository builder [`Repo`]
//! and a hand-made [`sample`] report.

mod repo;
pub mod sample;

pub use repo::{git, git_available, snapshot, Repo};
