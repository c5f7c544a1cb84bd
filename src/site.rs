//! `build` as a library call: load → pipeline → render → write.
//! `watch` and `serve` call [`build`] again with the same [`Session`], so
//! unchanged files are not parsed twice.

use crate::analysis::today::{practices_today, PracticeToday};
use crate::diagnostics::{Diagnostic, Tally};
use crate::model::Date;
use crate::output;
use crate::project::{self, ParseCache};
use crate::render::served::ServedTemplates;
use crate::render::{self, RenderError, RenderOptions, Templates};
use std::path::PathBuf;
use std::sync::Arc;
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
    /// The reader's personal folder (FORMAT §11): read only when
    /// `include_private`, and then the report goes outside the shared
    /// repository.
    pub personal: Option<PathBuf>,
    /// `--edit-url` / `GOALPOST_EDIT_URL` (FORMAT §6 v3).
    pub edit_url: Option<String>,
}

impl BuildOptions {
    /// The personal folder, when this build reads it.
    pub fn personal(&self) -> Option<&std::path::Path> {
        self.personal.as_deref().filter(|_| self.include_private)
    }

    /// `--out`, or for a build with a personal folder, where its report
    /// goes (never inside the shared repository).
    fn out(&self) -> Result<Option<PathBuf>, BuildError> {
        match self.personal() {
            Some(p) => crate::personal::output(p, &self.root, self.out.as_deref())
                .map(Some)
                .map_err(|e| BuildError(e.to_string())),
            None => Ok(self.out.clone()),
        }
    }
}

/// State kept between builds (parsed-file cache, git history cache, and
/// each page's key, so an unchanged page is not rendered again).
#[derive(Debug, Default)]
pub struct Session {
    pub cache: ParseCache,
    pub history: crate::history::HistoryCache,
    pub pages: Option<render::PageKeys>,
    /// The key `scorecard.csv` was last made from ([`render::csv::scorecard_key`]).
    scorecard: Option<u64>,
    /// What the last build wrote (the output folder's manifest, in memory).
    pub written: Option<output::Written>,
    /// The last build's summary, with a hash of what it was made from
    /// besides the goal files: a save that changes nothing returns it.
    last: Option<(u64, BuildSummary)>,
    /// One build and no more (`goalpost build`): parsed files are let go
    /// of as soon as the report is made, so they and the rendering never
    /// take memory at the same time.
    pub one_shot: bool,
    /// Practice figures kept from the last build ([`crate::analysis::memo`]).
    pub memo: crate::analysis::memo::Memo,
    /// Parsed files of the personal folder, kept between builds.
    pub personal: ParseCache,
    /// Builds for `serve`: the templates it renders at serve time (check-in
    /// forms, the overlay, …) are loaded too, handed over in
    /// [`BuildSummary::served`], and a broken one is a `template-error`.
    pub serve: bool,
}

impl Session {
    /// A session for `serve`'s builds ([`Session::serve`]).
    pub fn serving() -> Session {
        Session {
            serve: true,
            ..Session::default()
        }
    }

    /// A session for a single build.
    pub fn one_shot() -> Session {
        Session {
            one_shot: true,
            ..Session::default()
        }
    }
}

/// What one build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Every problem found, private goals' included (for the terminal).
    pub diagnostics: Vec<Diagnostic>,
    /// The problems the report shows: without `--include-private`, those of
    /// private goals are reduced to "a private goal has an error" (see
    /// [`crate::analysis::Report::visible`]). Anything published beside the
    /// report (the live-reload overlay) shows these, never `diagnostics`.
    pub shown: Vec<Diagnostic>,
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
    /// Practices whose figures were kept from the last build of the same
    /// session, because nothing they are made from had changed.
    pub reused: usize,
    /// Things worth saying that are not about the goals (git unreadable…).
    pub notes: Vec<String>,
    pub elapsed: Duration,
    /// Where the time went.
    pub phases: Phases,
    /// The day the report was made for.
    pub today: Date,
    /// The practices scheduled on it, with what is recorded so far (for
    /// the check-in forms of `serve --allow-edits`).
    pub practices_today: Vec<PracticeToday>,
    /// For a [`Session::serve`] build: the templates `serve` renders at
    /// serve time, with the repository's overrides that work.
    pub served: Option<Arc<ServedTemplates>>,
}

/// How long each stage of a build took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Phases {
    /// Reading settings, finding and parsing files (cached ones are not parsed).
    pub load: Duration,
    /// References, git history, figures and lints.
    pub analyse: Duration,
    /// Rendering the pages and writing them (one stream).
    pub render: Duration,
}

impl std::fmt::Display for Phases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "load {} ms, analyse {} ms, render and write {} ms",
            self.load.as_millis(),
            self.analyse.as_millis(),
            self.render.as_millis()
        )
    }
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

/// The output folder a build with `opts` writes to: `--out`, else
/// `goalpost.yml`'s `output`, else `site/`, as [`build`] resolves it.
/// `serve` asks before its first build, so that it never serves a folder
/// the build will not write.
pub fn out_dir(opts: &BuildOptions) -> Result<PathBuf, BuildError> {
    if let Some(out) = opts.out()? {
        return Ok(out);
    }
    let loaded = crate::model::settings::load(&opts.root).map_err(|e| {
        BuildError(format!(
            "cannot read `{}`: {e}",
            opts.root
                .join(crate::model::settings::SETTINGS_FILE)
                .display()
        ))
    })?;
    Ok(opts.root.join(&loaded.settings.output))
}

/// Builds the report. Goal errors do not fail the build: they are in the
/// summary (and on the pages); only a build that cannot run is an `Err`.
/// A broken template is reported as a `template-error` diagnostic and
/// leaves the pages already on disk as they were.
pub fn build(opts: &BuildOptions, session: &mut Session) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    let mut project = project::load(&opts.root, opts.out()?.as_deref(), &mut session.cache)
        .map_err(|e| BuildError(e.to_string()))?;
    if let Some(personal) = opts.personal() {
        project
            .add_personal(personal, &mut session.personal)
            .map_err(|e| BuildError(e.to_string()))?;
    }
    // The last build of this session checked the same folder and wrote it.
    let ours = session.written.is_some()
        && session
            .last
            .as_ref()
            .is_some_and(|(_, last)| last.out_dir == project.out_dir);
    output::check_output_dir_again(&project.root, &project.out_dir, ours)
        .map_err(|e| BuildError(e.to_string()))?;
    let mut phases = Phases {
        load: started.elapsed(),
        ..Phases::default()
    };
    let today = project::today(opts.today, &project.settings);
    let history = session.history.read(&project.root);
    project::recover(&mut project, history, &mut session.cache);
    let templates = Templates::new(Some(&project.root));
    let (served, served_broken) = match session.serve {
        true => {
            let (served, broken) = ServedTemplates::load(Some(&project.root));
            (Some(Arc::new(served)), broken)
        }
        false => (None, Vec::new()),
    };
    let inputs = inputs_key(&project, opts, today, history, templates.fingerprint);
    let files_changed =
        session.cache.changed() || (opts.personal().is_some() && session.personal.changed());
    if !files_changed && session.written.is_some() {
        if let Some((key, last)) = &session.last {
            if *key == inputs {
                // Nothing the report is made from has changed.
                return Ok(BuildSummary {
                    written: 0,
                    unchanged: last.written + last.unchanged,
                    removed: 0,
                    parsed: 0,
                    rendered: Vec::new(),
                    reused: 0,
                    elapsed: started.elapsed(),
                    phases: Phases {
                        load: started.elapsed(),
                        ..Phases::default()
                    },
                    ..last.clone()
                });
            }
        }
    }
    let mut warnings = Vec::new();
    if let Some(w) = history.warning() {
        warnings.push(w.to_string());
    }
    let files = project.files.len();
    let out_dir = project.out_dir.clone();
    let mut reused = 0;
    let report = if session.one_shot {
        // Nothing will parse these files again: let the report take them.
        session.cache = ParseCache::default();
        project.into_report(Some(history), today)
    } else {
        let report = project.report_with(Some(history), today, Some(&session.memo));
        reused = session.memo.settle();
        report
    };
    phases.analyse = started.elapsed() - phases.load;
    let mut diagnostics = report.diagnostics.clone();
    let report = report.visible(opts.include_private);
    // Before the logs go: what is recorded today is part of a check-in.
    let practices_today = practices_today(&report)
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    let mut shown = report.diagnostics.clone();
    let options = RenderOptions {
        include_private: opts.include_private,
        edit_url: opts.edit_url.clone(),
    };
    let mut summary = BuildSummary {
        diagnostics: Vec::new(),
        shown: Vec::new(),
        tally: Tally::default(),
        out_dir: out_dir.clone(),
        written: 0,
        unchanged: 0,
        removed: 0,
        files,
        parsed: session.cache.parsed(),
        rendered: Vec::new(),
        reused,
        notes: warnings,
        elapsed: Duration::ZERO,
        phases: Phases::default(),
        today,
        practices_today,
        served,
    };
    let writer = output::SiteWriter::begin(&out_dir, session.written.take())
        .map_err(|e| BuildError(e.to_string()))?;
    // Page keys are only good for the pages the same writer saw.
    let previous = session.pages.take();
    // `scorecard.csv` lists every entry: made now, before the report lets
    // go of them (they are a third of a large build's memory), and only
    // when they changed; not when a template cannot be read, which leaves
    // the files on disk as they were. It is written as it is made, never
    // held whole (185 MB at 100,000 goals).
    let checked = templates.check();
    let csv_key = render::csv::scorecard_key(&report);
    let csv_kept = session.scorecard.take() == Some(csv_key)
        && writer
            .keep(render::csv::SCORECARD_CSV)
            .map_err(|e| BuildError(e.to_string()))?;
    let csv_written = !csv_kept && checked.is_ok();
    if csv_written {
        writer
            .write_streamed(render::csv::SCORECARD_CSV, |out| {
                render::csv::write_scorecard_csv(&report, out)
            })
            .map_err(|e| BuildError(e.to_string()))?;
    }
    let report = report.without_logs();
    let sink = WriterSink(&writer);
    let rendered = checked.and_then(|()| {
        render::render_into(&report, &options, &templates, previous.as_ref(), &sink)
    });
    match rendered {
        Ok((rendered, keys)) => {
            let mut rendered = rendered;
            if csv_written {
                rendered
                    .rendered
                    .push(render::csv::SCORECARD_CSV.to_string());
                rendered.rendered.sort();
            }
            session.scorecard = Some(csv_key);
            let (stats, written) = writer.finish().map_err(|e| BuildError(e.to_string()))?;
            session.written = Some(written);
            summary.written = stats.written;
            summary.unchanged = stats.unchanged;
            summary.removed = stats.removed;
            summary.rendered = rendered.rendered;
            session.pages = Some(keys);
            if stats.kept_foreign > 0 {
                summary.notes.push(format!(
                    "{} file(s) in the output folder were changed by someone else and were left in place",
                    stats.kept_foreign
                ));
            }
        }
        Err(e @ RenderError::Template { .. }) => {
            if let Some(problem) = e.diagnostic("the pages on disk were left as they were") {
                shown.insert(0, problem.clone());
                diagnostics.insert(0, problem);
            }
        }
        Err(RenderError::Output(message)) => return Err(BuildError(message)),
        Err(other) => return Err(BuildError(other.to_string())),
    }
    for e in served_broken.iter().rev() {
        if let Some(problem) = e.diagnostic("served pages use the built-in one meanwhile") {
            shown.insert(0, problem.clone());
            diagnostics.insert(0, problem);
        }
    }
    summary.tally = Tally::of(&diagnostics);
    summary.diagnostics = diagnostics;
    summary.shown = shown;
    summary.elapsed = started.elapsed();
    phases.render = summary.elapsed - phases.load - phases.analyse;
    summary.phases = phases;
    session.last = (!session.one_shot).then(|| (inputs, summary.clone()));
    Ok(summary)
}

/// Hands each rendered page to the output writer from the thread that
/// rendered it.
struct WriterSink<'w>(&'w output::SiteWriter);

impl render::PageSink for WriterSink<'_> {
    fn page(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        self.0
            .write(path, bytes)
            .map_err(|e| RenderError::Output(e.to_string()))
    }

    fn unchanged(&self, path: &str) -> Result<bool, RenderError> {
        self.0
            .keep(path)
            .map_err(|e| RenderError::Output(e.to_string()))
    }
}

/// A hash of what a build is made from besides the goal files: settings,
/// "today", the git history's head, template overrides, options and the
/// problems found in the settings and while finding files.
fn inputs_key(
    project: &project::Project,
    opts: &BuildOptions,
    today: Date,
    history: &crate::history::History,
    templates: u64,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    serde_json::to_string(&project.settings)
        .unwrap_or_default()
        .hash(&mut h);
    for d in &project.diagnostics {
        (d.code, &d.file, d.line, d.column, &d.message).hash(&mut h);
    }
    today.hash(&mut h);
    history.head().hash(&mut h);
    templates.hash(&mut h);
    (opts.include_private, &project.out_dir).hash(&mut h);
    h.finish()
}
