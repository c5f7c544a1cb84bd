//! Finding the goal files of a repository (FORMAT §1).

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// A file found below the repository root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// Absolute (or root-joined) path.
    pub path: PathBuf,
    /// Relative to the root, `/`-separated: what diagnostics and `goals.json` show.
    pub rel: String,
}

/// Every `*.md` file below `root`, sorted by relative path, skipping the
/// output folder, `templates/` and hidden folders, never following a
/// symlink into a loop.
pub fn discover(root: &Path, output: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let _ = (root, output);
    todo!("discover")
}
