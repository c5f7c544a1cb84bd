//! `build` as a library call: the orchestration ([`Session::read`], then
//! [`Session::report`]) → render → write, in named steps. `watch` and
//! `serve` call [`build`] again with the same [`Session`], so unchanged
//! files are not parsed twice; every build, a fresh process's too, skips
//! the pages whose key the output folder's manifest still records.

pub use crate::session::{BuildSummary, Phases, Session};

use crate::analysis::today::practices_today;
use crate::analysis::Report;
use crate::diagnostics::Tally;
use crate::model::Date;
use crate::output::{self, OutputError, SiteWriter};
use crate::personal::PersonalError;
use crate::project::LoadError;
use crate::render::served::ServedTemplates;
use crate::render::{self, RenderError, RenderOptions, Templates};
use crate::session::{Loaded, ReadOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
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
                .map_err(BuildError::Personal),
            None => Ok(self.out.clone()),
        }
    }

    /// What the orchestration reads for this build, writing to `out`.
    fn reading<'a>(&'a self, out: Option<&'a Path>) -> ReadOptions<'a> {
        ReadOptions {
            root: &self.root,
            out,
            today: self.today,
            personal: self.personal(),
        }
    }
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
/// output folder, unwritable output. Each says which file or folder, what
/// is wrong and, where it can, how to fix it; the error it comes from (an
/// I/O error) is its [`source`](std::error::Error::source).
#[derive(Debug)]
pub enum BuildError {
    /// The goals repository cannot be read.
    Load(LoadError),
    /// The personal folder cannot be used for this build.
    Personal(PersonalError),
    /// The output folder is not safe to write to, or writing failed.
    Output(OutputError),
    /// A file of the report could not be made (`goals.json`).
    Render(RenderError),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Load(e) => e.fmt(f),
            BuildError::Personal(e) => e.fmt(f),
            BuildError::Output(e) => e.fmt(f),
            BuildError::Render(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {
    /// The cause of the error it wraps (whose message it shows as its own).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Load(e) => e.source(),
            BuildError::Personal(e) => e.source(),
            BuildError::Output(e) => e.source(),
            BuildError::Render(e) => e.source(),
        }
    }
}

impl From<LoadError> for BuildError {
    fn from(e: LoadError) -> BuildError {
        BuildError::Load(e)
    }
}

impl From<OutputError> for BuildError {
    fn from(e: OutputError) -> BuildError {
        BuildError::Output(e)
    }
}

/// The output folder a build with `opts` writes to: `--out`, else
/// `goalpost.yml`'s `output`, else `site/`, as [`build`] resolves it.
/// `serve` asks before its first build, so that it never serves a folder
/// the build will not write.
pub fn out_dir(opts: &BuildOptions) -> Result<PathBuf, BuildError> {
    if let Some(out) = opts.out()? {
        return Ok(out);
    }
    let file = opts.root.join(crate::model::settings::SETTINGS_FILE);
    let loaded = crate::model::settings::load(&opts.root)
        .map_err(|source| LoadError::Settings { file, source })?;
    Ok(opts.root.join(&loaded.settings.output))
}

/// Builds the report. Goal errors do not fail the build: they are in the
/// summary (and on the pages); only a build that cannot run is an `Err`.
/// A broken template is reported as a `template-error` diagnostic and
/// leaves the pages already on disk as they were.
pub fn build(opts: &BuildOptions, session: &mut Session) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    let out = opts.out()?;
    let loaded = session.read(&opts.reading(out.as_deref()))?;
    check_output(session, &loaded)?;
    let load = started.elapsed();
    let templates = Templates::again(session.templates.as_ref(), &loaded.project.root);
    if !session.one_shot {
        session.templates = Some(Arc::clone(&templates));
    }
    let (served, served_broken) = load_served(session.serve, &loaded.project.root);
    let inputs = inputs_key(&loaded, session, opts, templates.fingerprint);
    if let Some(same) = nothing_changed(session, opts, inputs, started) {
        return Ok(same);
    }
    let analysed = session.report(loaded);
    let analyse = started.elapsed() - load;
    let mut diagnostics = analysed.report.diagnostics.clone();
    let report = analysed.report.visible(opts.include_private);
    // Before the logs go: what is recorded today is part of a check-in
    // (only `serve` offers them).
    let practices_today = match session.serve {
        true => practices_today(&report)
            .into_iter()
            .map(|(_, p)| p)
            .collect(),
        false => Vec::new(),
    };
    let mut shown = report.diagnostics.clone();
    let mut summary = BuildSummary {
        diagnostics: Vec::new(),
        shown: Vec::new(),
        tally: Tally::default(),
        out_dir: analysed.out_dir,
        written: 0,
        unchanged: 0,
        removed: 0,
        files: analysed.files,
        parsed: analysed.parsed,
        rendered: Vec::new(),
        reused: analysed.reused,
        notes: analysed.notes,
        elapsed: Duration::ZERO,
        phases: Phases::default(),
        today: report.today,
        practices_today,
        served,
    };
    let options = RenderOptions {
        include_private: opts.include_private,
        edit_url: opts.edit_url.clone(),
    };
    if let Err(e) = write_report(session, report, &options, &templates, &mut summary)? {
        if let Some(problem) = e.diagnostic("the pages on disk were left as they were") {
            shown.insert(0, problem.clone());
            diagnostics.insert(0, problem);
        }
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
    summary.phases = Phases {
        load,
        analyse,
        render: summary.elapsed - load - analyse,
    };
    session.last = (!session.one_shot).then(|| (inputs, summary.clone()));
    Ok(summary)
}

/// Refuses an output folder that would clobber the goals. When the last
/// build of this session checked the same folder and wrote it, the folder
/// is not searched for goal files again.
fn check_output(session: &Session, loaded: &Loaded) -> Result<(), BuildError> {
    let project = &loaded.project;
    let ours = session.written.is_some()
        && session
            .last
            .as_ref()
            .is_some_and(|(_, last)| last.out_dir == project.out_dir);
    output::check_output_dir_again(&project.root, &project.out_dir, ours)?;
    Ok(())
}

/// For a `serve` build: the templates `serve` renders at serve time, and
/// those of the repository's overrides that are broken.
fn load_served(serve: bool, root: &Path) -> (Option<Arc<ServedTemplates>>, Vec<RenderError>) {
    match serve {
        true => {
            let (served, broken) = ServedTemplates::load(Some(root));
            (Some(Arc::new(served)), broken)
        }
        false => (None, Vec::new()),
    }
}

/// The last build's summary, when this session wrote it and nothing the
/// report is made from has changed since: no goal file, and the same
/// [`inputs_key`].
fn nothing_changed(
    session: &Session,
    opts: &BuildOptions,
    inputs: u64,
    started: Instant,
) -> Option<BuildSummary> {
    let files_changed = session.files_changed(opts.personal().is_some());
    let (key, last) = session.last.as_ref()?;
    if files_changed || session.written.is_none() || *key != inputs {
        return None;
    }
    Some(BuildSummary {
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
    })
}

/// Writes `scorecard.csv` and renders every page into the output folder,
/// each only when its key changed since the build that wrote the folder,
/// and records in `summary` what was written. `Ok(Err(_))`: a broken
/// template; nothing was written and the pages on disk stay as they were.
fn write_report(
    session: &mut Session,
    report: Report,
    options: &RenderOptions,
    templates: &Templates,
    summary: &mut BuildSummary,
) -> Result<Result<(), RenderError>, BuildError> {
    let writer = SiteWriter::begin(&summary.out_dir, session.written.take())?;
    // A template that cannot be read leaves the files on disk as they were.
    if let Err(e) = templates.check() {
        return Ok(Err(e));
    }
    let sink = WriterSink {
        writer: &writer,
        failed: Mutex::new(None),
    };
    let previous = session.pages.take();
    let render = |report: &Report| {
        render::render_into(report, options, templates, previous.as_ref(), &sink, || ()).0
    };
    let (csv_written, rendered) = match session.one_shot {
        true => {
            let csv_written = write_scorecard(&writer, &report, None)?;
            // The logs are a third of a large build's memory: let go of
            // once in `scorecard.csv`, since no page shows them.
            let report = report.without_logs();
            crate::memory::give_back_now_then_keep();
            let rendered = render(&report);
            report.let_go();
            (csv_written, rendered)
        }
        // A session keeps the logs in its parse cache anyway: after a
        // check-in, `scorecard.csv` (18 MB at 10,000 goals) is made while
        // the pages are rendered, not before them, and after `goals.json`.
        false => {
            let kept = &mut session.scorecard;
            let (rendered, csv_written) = render::render_into(
                &report,
                options,
                templates,
                previous.as_ref(),
                &sink,
                || write_scorecard(&writer, &report, Some(kept)),
            );
            (csv_written?, rendered)
        }
    };
    if let Some(e) = sink.failed.into_inner().ok().flatten() {
        return Err(BuildError::Output(e));
    }
    let (mut rendered, keys) = match rendered {
        Ok(done) => done,
        Err(e @ RenderError::Template { .. }) => return Ok(Err(e)),
        Err(e) => return Err(BuildError::Render(e)),
    };
    if csv_written {
        let csv = render::csv::SCORECARD_CSV.to_string();
        rendered.rendered.push(csv);
        rendered.rendered.sort();
    }
    session.pages = Some(keys);
    let (stats, written) = writer.finish()?;
    session.written = Some(written);
    summary.written = stats.written;
    summary.unchanged = stats.unchanged + stats.kept;
    summary.removed = stats.removed;
    summary.rendered = rendered.rendered;
    if stats.kept_foreign > 0 {
        summary.notes.push(format!(
            "{} file(s) in the output folder were changed by someone else and were left in place",
            stats.kept_foreign
        ));
    }
    Ok(Ok(()))
}

/// `scorecard.csv` lists every entry: made before the report lets go of
/// them, and only when they changed since the build that wrote the folder
/// (its key is kept with it). It is written as it is made, never held
/// whole (185 MB at 100,000 goals), except by a session that builds again
/// (`kept`): it keeps the rows as laid out, and makes again only those of
/// the practices that changed. Returns whether it was made.
fn write_scorecard(
    writer: &SiteWriter,
    report: &Report,
    kept: Option<&mut Option<render::csv::ScorecardRows>>,
) -> Result<bool, OutputError> {
    let path = render::csv::SCORECARD_CSV;
    let key = render::csv::scorecard_key(report);
    if writer.keep_keyed(path, key.whole)? {
        return Ok(false);
    }
    match kept {
        None => writer.write_streamed_keyed(path, key.whole, |out| {
            render::csv::write_scorecard_csv(report, out)
        })?,
        Some(kept) => {
            let previous = kept.take();
            let mut made = None;
            writer.write_streamed_keyed(path, key.whole, |out| {
                made = render::csv::write_scorecard_csv_kept(report, &key, previous.as_ref(), out)?;
                Ok(())
            })?;
            *kept = made;
        }
    }
    Ok(true)
}

/// Hands each rendered page to the output writer from the thread that
/// rendered it. A write that fails is kept whole (for the build's error,
/// with its cause) and the renderer is told to stop.
struct WriterSink<'w> {
    writer: &'w SiteWriter,
    failed: Mutex<Option<OutputError>>,
}

impl WriterSink<'_> {
    fn check<T>(&self, result: Result<T, OutputError>) -> Result<T, RenderError> {
        result.map_err(|e| {
            let message = e.to_string();
            if let Ok(mut failed) = self.failed.lock() {
                failed.get_or_insert(e);
            }
            RenderError::Output(message)
        })
    }
}

impl render::PageSink for WriterSink<'_> {
    fn page(&self, path: &str, bytes: &[u8], key: u64) -> Result<(), RenderError> {
        self.check(self.writer.write_keyed(path, bytes, key))
    }

    fn unchanged(&self, path: &str, key: u64) -> Result<bool, RenderError> {
        self.check(self.writer.keep_keyed(path, key))
    }

    fn page_streamed(
        &self,
        path: &str,
        key: u64,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), RenderError> {
        self.check(self.writer.write_streamed_keyed(path, key, fill))
    }
}

/// A hash of what a build is made from besides the goal files: settings,
/// "today", the git history's head, template overrides, options and the
/// problems found in the settings and while finding files.
fn inputs_key(loaded: &Loaded, session: &Session, opts: &BuildOptions, templates: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let project = &loaded.project;
    let mut h = std::hash::DefaultHasher::new();
    serde_json::to_string(&project.settings)
        .unwrap_or_default()
        .hash(&mut h);
    for d in &project.diagnostics {
        (d.code, &d.file, d.line, d.column, &d.message).hash(&mut h);
    }
    loaded.today.hash(&mut h);
    session.history().head().hash(&mut h);
    templates.hash(&mut h);
    (opts.include_private, &project.out_dir).hash(&mut h);
    h.finish()
}
