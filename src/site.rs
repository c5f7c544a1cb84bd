//! `build` as a library call: load → pipeline → render → write.
//! `watch` and `serve` call [`build`] again with the same [`Session`], so
//! unchanged files are not parsed twice.

use crate::diagnostics::{Diagnostic, Tally};
use crate::model::Date;
use std::path::PathBuf;
use std::time::Duration;

/// What to build, from the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The goals repository.
    pub root: PathBuf,
    /// Output folder; default: `goalpost.yml`'s `output`, else `site/`.
    pub out: Option<PathBuf>,
    /// "Today"; default: `goalpost.yml`'s `today`, else the system clock.
    pub today: Option<Date>,
    pub include_private: bool,
}

/// State kept between builds (parsed-file cache, git history cache).
#[derive(Debug, Default)]
pub struct Session {}

/// What one build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub diagnostics: Vec<Diagnostic>,
    pub tally: Tally,
    pub out_dir: PathBuf,
    /// Files whose bytes changed and were rewritten.
    pub written: usize,
    pub unchanged: usize,
    /// Stale files from an earlier build that were removed.
    pub removed: usize,
    pub elapsed: Duration,
}

/// The build could not run at all (exit code 2): missing folder, unsafe
/// output folder, unwritable output.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Builds the report. Goal errors do not fail the build: they are in the
/// summary (and on the pages); only a build that cannot run is an `Err`.
pub fn build(opts: &BuildOptions, session: &mut Session) -> Result<BuildSummary, BuildError> {
    let _ = (opts, session);
    todo!("site::build")
}
