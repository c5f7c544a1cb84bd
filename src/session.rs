//! The one orchestration every command that reads goals runs: load the
//! files (the repository's, and the personal folder's when asked) → "today"
//! → the git history → files that cannot be read shown from their last good
//! commit → the report.
//!
//! `check`, `today` and `digest` run it once ([`Session::one_shot`]);
//! `build` runs it once and renders; `watch` and `serve` keep one
//! [`Session`] and run it after every save, so that unchanged files are
//! not parsed again, the git history is read again only when HEAD moved,
//! and practice figures whose inputs did not change are kept.

use crate::analysis::today::PracticeToday;
use crate::analysis::{memo::Memo, Report};
use crate::diagnostics::{Diagnostic, Tally};
use crate::history::{History, HistoryCache};
use crate::model::Date;
use crate::output;
use crate::project::{self, LoadError, ParseCache, Project};
use crate::render;
use crate::render::served::ServedTemplates;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// State kept between runs of the orchestration (parsed-file cache, git
/// history cache, practice figures) and between builds (each page's key,
/// so an unchanged page is not rendered again, and what the last build
/// wrote).
#[derive(Debug, Default)]
pub struct Session {
    /// Parsed goal files of the repository, kept between loads.
    pub cache: ParseCache,
    /// The git history, read again only when HEAD moved.
    pub(crate) history: HistoryCache,
    /// Each page's key from the last build of this session, with the
    /// records of its `goals.json`.
    pub(crate) pages: Option<render::PageKeys>,
    /// Each practice's rows of `scorecard.csv` from the last build of
    /// this session that made it.
    pub(crate) scorecard: Option<render::csv::ScorecardRows>,
    /// What the last build wrote (the output folder's manifest, in memory).
    pub(crate) written: Option<output::Written>,
    /// The last build's summary, with a hash of what it was made from
    /// besides the goal files: a save that changes nothing returns it.
    pub(crate) last: Option<(u64, BuildSummary)>,
    /// One run and no more (`goalpost build`, `check`, …): parsed files
    /// are let go of as soon as the report is made, so they and the
    /// rendering never take memory at the same time.
    pub(crate) one_shot: bool,
    /// Practice figures kept from the last build ([`crate::analysis::memo`]).
    pub(crate) memo: Memo,
    /// The templates of the last build, compiled: used again while the
    /// repository's overrides are unchanged ([`render::Templates::again`]).
    pub(crate) templates: Option<Arc<render::Templates>>,
    /// Parsed files of the personal folder, kept between builds.
    pub personal: ParseCache,
    /// Builds for `serve`: the templates it renders at serve time (check-in
    /// forms, the overlay, …) are loaded too, handed over in
    /// [`BuildSummary::served`], and a broken one is a
    /// `template-error`.
    pub(crate) serve: bool,
}

/// What to read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    /// The goals repository.
    pub root: &'a Path,
    /// The output folder, skipped when looking for goal files (default:
    /// `goalpost.yml`'s `output`, else `site/`).
    pub out: Option<&'a Path>,
    /// "Today"; default: `goalpost.yml`'s `today`, else the system clock.
    pub today: Option<Date>,
    /// The reader's personal folder (FORMAT §11), read beside the repository.
    pub personal: Option<&'a Path>,
}

impl<'a> ReadOptions<'a> {
    /// The repository at `root`, nothing else named.
    pub fn at(root: &'a Path) -> ReadOptions<'a> {
        ReadOptions {
            root,
            out: None,
            today: None,
            personal: None,
        }
    }
}

/// The files read, with their day: the first half of [`Session::analyse`]
/// ([`Session::read`]), for a build that looks at what it read before
/// making the report. The history is the session's ([`Session::history`]).
#[derive(Debug)]
pub struct Loaded {
    /// The repository, its files shown from their last good commit where
    /// they cannot be read now.
    pub(crate) project: Project,
    /// The day the report is made for.
    pub(crate) today: Date,
    /// Things worth saying that are not about the goals (git unreadable…).
    pub(crate) notes: Vec<String>,
}

/// The report and what it was made from.
#[derive(Debug)]
pub struct Analysed {
    /// The goals repository.
    pub root: PathBuf,
    /// The output folder of a build of it.
    pub(crate) out_dir: PathBuf,
    /// Goal files read (parsed or cached).
    pub files: usize,
    /// Goal files parsed by this run (new, or their bytes changed).
    pub(crate) parsed: usize,
    /// Every figure, lint and problem, private goals' included.
    pub report: Report,
    /// Things worth saying that are not about the goals (git unreadable…).
    pub notes: Vec<String>,
    /// Practices whose figures were kept from the last run of the same
    /// session, because nothing they are made from had changed.
    pub(crate) reused: usize,
}

impl Session {
    /// A session for `serve`'s builds: the templates `serve` renders at
    /// serve time are loaded too, and a broken one is a `template-error`.
    pub fn serving() -> Session {
        Session {
            serve: true,
            ..Session::default()
        }
    }

    /// A session for a single run.
    pub fn one_shot() -> Session {
        Session {
            one_shot: true,
            cache: ParseCache::for_one_load(),
            personal: ParseCache::for_one_load(),
            ..Session::default()
        }
    }

    /// The whole orchestration: [`read`](Self::read), then
    /// [`report`](Self::report). Only a repository that cannot be read at
    /// all is an error; problems inside files are in the report.
    pub fn analyse(&mut self, what: &ReadOptions<'_>) -> Result<Analysed, LoadError> {
        let loaded = self.read(what)?;
        Ok(self.report(loaded))
    }

    /// Loads the files (parsing only those that changed since the last
    /// read of this session) while it reads the git history when HEAD
    /// moved, settles "today", and shows each file that cannot be read
    /// from its last committed version that can.
    pub fn read(&mut self, what: &ReadOptions<'_>) -> Result<Loaded, LoadError> {
        // The files and git's history are read side by side: asking git
        // whether HEAD moved is a process of its own, and a first read of
        // the history waits on git.
        let (cache, history) = (&mut self.cache, &mut self.history);
        let (project, _) = rayon::join(
            || project::load(what.root, what.out, cache),
            || history.refresh(what.root),
        );
        let mut project = project?;
        if let Some(personal) = what.personal {
            project
                .add_personal(personal, &mut self.personal)
                .map_err(LoadError::Personal)?;
        }
        let today = project::today(what.today, &project.settings);
        let history = self.history.history();
        project::recover(&mut project, history, &mut self.cache);
        let notes = history
            .warning()
            .map(ToString::to_string)
            .into_iter()
            .collect();
        Ok(Loaded {
            project,
            today,
            notes,
        })
    }

    /// The git history as of the last [`read`](Self::read).
    pub fn history(&self) -> &History {
        self.history.history()
    }

    /// Whether the last [`read`](Self::read) found a goal file new,
    /// changed or gone (the personal folder's too, when it was read).
    pub(crate) fn files_changed(&self, personal: bool) -> bool {
        self.cache.changed() || (personal && self.personal.changed())
    }

    /// Runs the pipeline over what [`read`](Self::read) loaded. A one-shot
    /// session lets go of its parsed files first, so the report takes them
    /// rather than copying them; another reuses the practice figures it
    /// kept where nothing they are made from changed.
    pub fn report(&mut self, loaded: Loaded) -> Analysed {
        let Loaded {
            project,
            today,
            notes,
        } = loaded;
        let root = project.root.clone();
        let out_dir = project.out_dir.clone();
        let files = project.files.len();
        let parsed = self.cache.parsed();
        let history = Some(self.history.history());
        let (report, reused) = if self.one_shot {
            // Nothing will parse these files again.
            self.cache = ParseCache::for_one_load();
            self.personal = ParseCache::for_one_load();
            (project.into_report(history, today), 0)
        } else {
            let report = project.report_with(history, today, Some(&self.memo));
            (report, self.memo.settle())
        };
        Analysed {
            root,
            out_dir,
            files,
            parsed,
            report,
            notes,
            reused,
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
    /// Files left as they were: not made again (their key had not
    /// changed), or made and found to hold the same bytes.
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
    /// the check-in forms of `serve --allow-edits`; made only by a build
    /// of [`Session::serving`]).
    pub practices_today: Vec<PracticeToday>,
    /// For a build of [`Session::serving`]: the templates `serve` renders at
    /// serve time, with the repository's overrides that work.
    pub served: Option<Arc<ServedTemplates>>,
}

/// How long each stage of a build took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Phases {
    /// Reading settings, finding and parsing files (cached ones are not
    /// parsed), the git history (when HEAD moved) and files' last good
    /// commits; checking the output folder.
    pub load: Duration,
    /// References, figures and lints.
    pub analyse: Duration,
    /// Rendering the pages and writing them (one stream).
    pub render: Duration,
}
