//! `build` as a library call: load → pipeline → render → write.
//! `watch` and `serve` call [`build`] again with the same [`Session`], so
//! unchanged files are not parsed twice.

use crate::diagnostics::{Diagnostic, Location, Pos, Tally};
use crate::model::Date;
use crate::project::{self, ParseCache};
use crate::render::{self, RenderError, RenderOptions, Templates};
use crate::{output, Severity};
use std::path::PathBuf;
use std::time::{Duration, Instant};

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

/// State kept between builds (parsed-file cache, git history cache, and
/// each page's key, so an unchanged page is not rendered again).
#[derive(Debug, Default)]
pub struct Session {
    pub cache: ParseCache,
    pub history: crate::history::HistoryCache,
    pub pages: Option<render::PageKeys>,
}

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
    /// Goal files read (parsed or cached).
    pub files: usize,
    /// Goal files parsed by this build (new, or their bytes changed).
    pub parsed: usize,
    /// Pages rendered by this build (sorted); the others' views had not
    /// changed since the last build of the same session.
    pub rendered: Vec<String>,
    /// Things worth saying that are not about the goals (git unreadable…).
    pub notes: Vec<String>,
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
/// A broken template is reported as a `template-error` diagnostic and
/// leaves the pages already on disk as they were.
pub fn build(opts: &BuildOptions, session: &mut Session) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    let project = project::load(&opts.root, opts.out.as_deref(), &mut session.cache)
        .map_err(|e| BuildError(e.to_string()))?;
    output::check_output_dir(&project.root, &project.out_dir)
        .map_err(|e| BuildError(e.to_string()))?;
    let today = project::today(opts.today, &project.settings);
    let history = session.history.read(&project.root);
    let mut warnings = Vec::new();
    if let Some(w) = history.warning() {
        warnings.push(w.to_string());
    }
    let report = project.report_with(Some(history), today);
    let mut diagnostics = report.diagnostics.clone();
    let report = report.visible(opts.include_private);
    let templates = Templates::new(Some(&project.root));
    let options = RenderOptions {
        include_private: opts.include_private,
    };
    let mut summary = BuildSummary {
        diagnostics: Vec::new(),
        tally: Tally::default(),
        out_dir: project.out_dir.clone(),
        written: 0,
        unchanged: 0,
        removed: 0,
        files: project.files.len(),
        parsed: session.cache.parsed(),
        rendered: Vec::new(),
        notes: warnings,
        elapsed: Duration::ZERO,
    };
    let sink = Collect(std::sync::Mutex::new(Vec::new()));
    match render::render_into(&report, &options, &templates, None, &sink) {
        Ok((rendered, keys)) => {
            let pages = sink.0.into_inner().unwrap_or_default();
            let stats = output::write_site(&project.out_dir, &pages)
                .map_err(|e| BuildError(e.to_string()))?;
            summary.written = stats.written;
            summary.unchanged = stats.unchanged;
            summary.removed = stats.removed;
            summary.rendered = rendered.rendered;
            session.pages = Some(keys);
        }
        Err(RenderError::Template {
            file,
            line,
            message,
        }) => {
            let at = Location::new(file, Pos::new(line.unwrap_or(1) as u32, 1));
            diagnostics.insert(
                0,
                Diagnostic::new(Severity::Error, "template-error", &at, message)
                    .with_hint("fix the template, or delete it to use the built-in one; the pages on disk were left as they were"),
            );
        }
        Err(other) => return Err(BuildError(other.to_string())),
    }
    summary.tally = Tally::of(&diagnostics);
    summary.diagnostics = diagnostics;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

struct Collect(std::sync::Mutex<Vec<render::Page>>);

impl render::PageSink for Collect {
    fn page(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        if let Ok(mut pages) = self.0.lock() {
            pages.push(render::Page {
                path: path.to_string(),
                bytes: bytes.to_vec(),
            });
        }
        Ok(())
    }
    fn unchanged(&self, _: &str) -> Result<(), RenderError> {
        Ok(())
    }
}
