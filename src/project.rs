//! Loading a goals repository from disk: settings, discovery, and parsing
//! every file in parallel, with a cache keyed by path, size and
//! modification time so a watcher re-parses only what changed. When the
//! watcher vouches for what changed ([`ParseCache::only_changed`]), the
//! next load neither walks the folders nor looks at any other file.

use crate::diagnostics::Diagnostic;
use crate::model::settings::{self, LoadedSettings};
use crate::model::{broken, parse::parse_file, Date, ParsedFile, Settings, Shown};
use crate::source::discover::{self, discover, Found};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// A repository read from disk, ready for [`crate::pipeline::run`].
#[derive(Debug, Clone)]
pub struct Project {
    pub(crate) root: PathBuf,
    pub settings: Settings,
    /// The output folder (from `--out`, else `goalpost.yml`, else `site/`).
    pub(crate) out_dir: PathBuf,
    /// Parsed goal files, sorted by path.
    pub files: Vec<Arc<ParsedFile>>,
    /// Problems with the settings file and with discovery.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The reader's personal folder, when its goals were read too
    /// ([`Project::add_personal`]).
    pub(crate) personal: Option<PathBuf>,
}

/// The goals could not be read at all (the command exits 2). Problems
/// inside files are diagnostics, never this.
#[derive(Debug)]
pub enum LoadError {
    /// The goals folder cannot be read (missing, no permission).
    Folder {
        root: PathBuf,
        source: std::io::Error,
    },
    /// The goals folder named is a file (or something else).
    NotAFolder(PathBuf),
    /// `goalpost.yml` exists but cannot be read.
    Settings {
        file: PathBuf,
        source: std::io::Error,
    },
    /// The personal folder cannot be used.
    Personal(crate::personal::PersonalError),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Folder { root, source } => write!(
                f,
                "cannot read the goals folder `{}`: {source}",
                root.display()
            ),
            LoadError::NotAFolder(root) => write!(f, "`{}` is not a folder", root.display()),
            LoadError::Settings { file, source } => {
                write!(f, "cannot read `{}`: {source}", file.display())
            }
            LoadError::Personal(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Folder { source, .. } | LoadError::Settings { source, .. } => Some(source),
            LoadError::NotAFolder(_) => None,
            LoadError::Personal(e) => e.source(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// A broken file's bytes' hash, the history's head when git was asked, and
/// the file shown from its last committed version that could be read.
type Committed = (u64, Option<String>, Option<Arc<ParsedFile>>);

/// Parsed files kept between loads.
#[derive(Debug, Default)]
pub struct ParseCache {
    /// A `None` stamp: re-read the file, whatever its size and time say.
    entries: HashMap<PathBuf, (Option<Stamp>, Arc<ParsedFile>)>,
    /// Per file that cannot be read now, its last version that could be
    /// (FORMAT §2: "the last good save").
    good: HashMap<PathBuf, Arc<ParsedFile>>,
    /// Per broken file: its bytes' hash, the history's head, and the last
    /// committed version that could be read, so git is asked once.
    committed: HashMap<String, Committed>,
    /// Files parsed by the last load (read and found changed, or new).
    parsed: usize,
    /// Whether the last load found any file new, changed or gone.
    changed: bool,
    /// The last walk of the folders: the output folder it skipped, the
    /// files it found and its problems.
    walked: Option<(PathBuf, Arc<[Found]>, Vec<Diagnostic>)>,
    /// For the next load only: every path that changed since the last one
    /// (the watcher's word). `None`: anything may have.
    vouched: Option<HashSet<PathBuf>>,
    /// A cache for one load only ([`ParseCache::for_one_load`]): the parsed
    /// files are not kept.
    one_load: bool,
}

impl ParseCache {
    /// For a single run (`build`, `check`, `today`...): nothing will read
    /// the files again, so the parsed files are not kept by path (at
    /// 100,000 goals, a map of 100,000 paths made on one thread, then
    /// dropped). Broken files are still recovered from git.
    pub fn for_one_load() -> ParseCache {
        ParseCache {
            one_load: true,
            ..ParseCache::default()
        }
    }

    /// Forgets a file, so the next load parses it whatever its size and
    /// modification time say (a watcher that saw it change knows better
    /// than a coarse file-system clock).
    pub fn forget(&mut self, path: &Path) {
        if let Some(entry) = self.entries.get_mut(path) {
            entry.0 = None;
        }
    }

    /// Forgets every file's stamp (each is read again; unchanged bytes are
    /// still not parsed again).
    pub fn clear(&mut self) {
        for entry in self.entries.values_mut() {
            entry.0 = None;
        }
        self.vouched = None;
    }

    /// Tells the next load that `paths` (absolute) are all that changed
    /// since the last load, as a file watcher saw it. When every one of
    /// them is a goal file the last load had and still a file, or a file
    /// that is not a goal file, the next load re-reads just those and
    /// neither walks the folders nor looks at any other file; otherwise it
    /// walks and checks every file as usual. Each path is re-read even if
    /// its size and modification time look the same.
    ///
    /// Paths vouched for before a load that did not get as far as the
    /// files (the folder could not be read) still count: they add up until
    /// a load takes them.
    pub fn only_changed<P: AsRef<Path>>(&mut self, paths: impl IntoIterator<Item = P>) {
        for path in paths {
            let path = path.as_ref();
            self.forget(path);
            self.vouched
                .get_or_insert_with(HashSet::new)
                .insert(path.to_path_buf());
        }
    }

    /// The files of the last walk, when the watcher vouched for what
    /// changed since and nothing of it can change the walk's result.
    fn still_walked(&mut self, out_dir: &Path) -> Option<(Arc<[Found]>, Vec<Diagnostic>)> {
        let vouched = self.vouched.take()?;
        let (out, found, problems) = self.walked.as_ref()?;
        if out != out_dir {
            return None;
        }
        // The last load made an entry for each file of the walk, and only
        // for those: a goal file the walk found is one with an entry.
        let harmless = |p: &PathBuf| {
            let is_file = std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file());
            let goal = self.entries.contains_key(p);
            is_file && (goal || !discover::is_markdown(p))
        };
        vouched
            .iter()
            .all(harmless)
            .then(|| (Arc::clone(found), problems.clone()))
    }

    /// How many files the last load parsed: new files and files whose bytes
    /// changed. Zero after a save that changed nothing.
    pub fn parsed(&self) -> usize {
        self.parsed
    }

    /// Whether the last load found a goal file new, changed or gone since
    /// the load before it (always true for a first load).
    pub(crate) fn changed(&self) -> bool {
        self.changed
    }
}

/// The goals repository a command run in `start` works on, when none is
/// named (FORMAT §10 v3): the nearest folder at or above `start` that
/// holds `goalpost.yml` (as `git` and `cargo` look upward), else `start`.
pub fn find_root(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|dir| dir.join(settings::SETTINGS_FILE).is_file())
        .unwrap_or(start)
        .to_path_buf()
}

/// Reads settings, finds and parses every goal file. Only an unusable
/// root folder is an error; problems inside files are diagnostics.
pub fn load(root: &Path, out: Option<&Path>, cache: &mut ParseCache) -> Result<Project, LoadError> {
    let meta = std::fs::metadata(root).map_err(|source| LoadError::Folder {
        root: root.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotAFolder(root.to_path_buf()));
    }
    let LoadedSettings {
        settings,
        mut diagnostics,
        ..
    } = settings::load(root).map_err(|source| LoadError::Settings {
        file: root.join(settings::SETTINGS_FILE),
        source,
    })?;
    let out_dir = match out {
        Some(o) => o.to_path_buf(),
        None => root.join(&settings.output),
    };
    let (files, mut found_diags) = read_files(root, &out_dir, "", cache, parse_file);
    diagnostics.append(&mut found_diags);
    Ok(Project {
        root: root.to_path_buf(),
        settings,
        out_dir,
        files,
        diagnostics,
        personal: None,
    })
}

/// Finds and parses every goal file below `root` (skipping `out_dir`),
/// naming each `prefix` + its path relative to `root`, with `parse`.
fn read_files(
    root: &Path,
    out_dir: &Path,
    prefix: &str,
    cache: &mut ParseCache,
    parse: fn(&str, &[u8]) -> ParsedFile,
) -> (Vec<Arc<ParsedFile>>, Vec<Diagnostic>) {
    let (found, found_diags, trusted) = match cache.still_walked(out_dir) {
        Some((found, problems)) => (found, problems, true),
        None => {
            let (mut found, problems) = discover(root, out_dir);
            if !prefix.is_empty() {
                for f in &mut found {
                    f.rel.insert_str(0, prefix);
                }
            }
            let found: Arc<[Found]> = found.into();
            cache.walked = Some((out_dir.to_path_buf(), Arc::clone(&found), problems.clone()));
            (found, problems, false)
        }
    };

    // Borrowed from the walk, which the cache keeps: a save copies no path.
    let parsed: Vec<(&Path, Option<Stamp>, Arc<ParsedFile>, bool)> = found
        .par_iter()
        .map(|f| {
            let path = f.path.as_path();
            let cached = cache.entries.get(path);
            if let (true, Some((Some(stamp), parsed))) = (trusted, cached) {
                // Not among the watcher's changes: as it was.
                return (path, Some(*stamp), Arc::clone(parsed), false);
            }
            let stamp = std::fs::metadata(&f.path).ok().map(|m| Stamp {
                len: m.len(),
                modified: m.modified().ok(),
            });
            if let (Some(s), Some((Some(cached_stamp), parsed))) = (stamp, cached) {
                if s == *cached_stamp {
                    return (path, stamp, Arc::clone(parsed), false);
                }
            }
            let parsed = match std::fs::read(&f.path) {
                Ok(bytes) => {
                    // Same bytes as before (a `touch`, an editor rewriting
                    // the same text): the parsed file stands.
                    let hash = crate::source::content_hash(&bytes);
                    if let Some((_, parsed)) = cached.filter(|(_, p)| p.hash == hash) {
                        return (path, stamp, Arc::clone(parsed), false);
                    }
                    parse(&f.rel, &bytes)
                }
                Err(e) => ParsedFile {
                    diagnostics: vec![Diagnostic::error(
                        "read-error",
                        &crate::diagnostics::Location::new(
                            f.rel.clone(),
                            crate::diagnostics::Pos::new(1, 1),
                        ),
                        format!("cannot read this file: {e}"),
                    )
                    .with_hint("check that the file exists and is readable")],
                    ..Default::default()
                },
            };
            (path, stamp, Arc::new(parsed), true)
        })
        .collect();

    // A load that trusted the last walk has the same files: their entries
    // are updated where they changed. Otherwise they are made afresh, so
    // that files gone are forgotten.
    let same_files = trusted
        || (parsed.len() == cache.entries.len()
            && parsed
                .iter()
                .all(|(path, ..)| cache.entries.contains_key(*path)));
    let previous = match trusted {
        true => HashMap::new(),
        false => std::mem::take(&mut cache.entries),
    };
    cache.parsed = 0;
    // Room for every file at once: growing a map of 100,000 paths rehashes
    // them all, on one thread, several times.
    if !cache.one_load {
        let room = parsed.len().saturating_sub(cache.entries.len());
        cache.entries.reserve(room);
    }
    let mut files = Vec::with_capacity(parsed.len());
    let mut good = HashMap::new();
    for (path, stamp, mut file, fresh) in parsed {
        cache.parsed += usize::from(fresh);
        if let Some(b) = &file.broken {
            // Its last good save: the version the last load had, when that
            // could be read, else the one kept since it broke.
            let before = match trusted {
                true => cache.entries.get(path),
                false => previous.get(path),
            };
            let last = match before {
                Some((_, before)) if before.broken.is_none() => Some(Arc::clone(before)),
                _ => cache.good.remove(path),
            };
            if let Some(last) = last {
                if fresh && b.shown.is_none() {
                    file = Arc::new(broken::recovered(&file, &last, Shown::LastSave, None));
                }
                good.insert(path.to_path_buf(), last);
            }
        }
        let kept = trusted
            && cache
                .entries
                .get(path)
                .is_some_and(|(s, f)| *s == stamp && Arc::ptr_eq(f, &file));
        if !kept && !cache.one_load {
            cache
                .entries
                .insert(path.to_path_buf(), (stamp, Arc::clone(&file)));
        }
        files.push(file);
    }
    // Only the files that cannot be read now keep a last good save.
    cache.good = good;
    cache.changed = cache.parsed > 0 || !same_files;
    (files, found_diags)
}

/// How many committed versions of a broken file are tried, newest first.
const VERSIONS_TRIED: usize = 20;
/// How many broken files one load looks up in git: a mistake repeated over
/// thousands of files (a bad search-and-replace) must not start tens of
/// thousands of `git` processes; the rest stay placeholders.
const FILES_LOOKED_UP: usize = 100;

/// Shows each file that cannot be read now and has no last good save from
/// its last committed version that can be read (FORMAT §2). Git is asked
/// once per broken file and history head.
pub(crate) fn recover(
    project: &mut Project,
    history: &crate::history::History,
    cache: &mut ParseCache,
) {
    let mut committed = HashMap::new();
    let mut looked_up = 0;
    for file in &mut project.files {
        let Some(b) = file.broken.as_ref().filter(|b| b.shown.is_none()) else {
            continue;
        };
        let rel = b.file.clone();
        if rel.starts_with(crate::personal::PREFIX) {
            // Not in the shared repository's history.
            continue;
        }
        let head = history.head().map(str::to_string);
        let found = match cache.committed.remove(&rel) {
            Some((hash, h, found)) if hash == file.hash && h == head => found,
            _ if looked_up >= FILES_LOOKED_UP => continue,
            _ => {
                looked_up += 1;
                history
                    .last_good(&project.root, &rel, VERSIONS_TRIED, |bytes| {
                        let parsed = parse_file(&rel, bytes);
                        parsed.broken.is_none().then_some(parsed)
                    })
                    .map(|(good, date)| {
                        Arc::new(broken::recovered(
                            file,
                            &good,
                            Shown::LastCommit,
                            Some(date),
                        ))
                    })
            }
        };
        if let Some(recovered) = &found {
            *file = Arc::clone(recovered);
        }
        committed.insert(rel, (file.hash, head, found));
    }
    cache.committed = committed;
}

/// "Today": `--today`, else `goalpost.yml`'s `today`, else the system clock.
pub fn today(cli: Option<Date>, settings: &Settings) -> Date {
    cli.or(settings.today)
        .unwrap_or_else(|| jiff::Zoned::now().date())
}

impl Project {
    /// Reads the goals of the personal folder `dir` (FORMAT §11) beside
    /// the shared repository's, with a cache of their own: each is
    /// personal and private, named [`crate::personal::PREFIX`] + its path
    /// in `dir`. The folder's `site/` is its output, never read.
    pub fn add_personal(
        &mut self,
        dir: &Path,
        cache: &mut ParseCache,
    ) -> Result<(), crate::personal::PersonalError> {
        crate::personal::check_apart(dir, &self.root)?;
        let (files, mut problems) = read_files(
            dir,
            &dir.join("site"),
            crate::personal::PREFIX,
            cache,
            crate::personal::parse,
        );
        for d in &mut problems {
            d.private = true;
        }
        // `~` sorts after every name of the shared repository: the files
        // stay sorted by name.
        self.files.extend(files);
        self.diagnostics.append(&mut problems);
        self.personal = Some(dir.to_path_buf());
        Ok(())
    }

    /// Where the file named `rel` in messages is on disk: in the personal
    /// folder for a name that starts with [`crate::personal::PREFIX`], else
    /// in the shared repository.
    pub(crate) fn path_of(&self, rel: &str) -> PathBuf {
        match (rel.strip_prefix(crate::personal::PREFIX), &self.personal) {
            (Some(rest), Some(dir)) => dir.join(rest),
            _ => self.root.join(rel),
        }
    }

    /// Runs the pipeline over this project, without git history.
    pub fn report(&self, today: Date) -> crate::analysis::Report {
        self.report_with(None, today, None)
    }

    /// Runs the pipeline over this project, consuming it: parsed files that
    /// no cache shares are moved into the report rather than copied.
    pub(crate) fn into_report(
        self,
        history: Option<&crate::history::History>,
        today: Date,
    ) -> crate::analysis::Report {
        crate::pipeline::run(
            self.files,
            &self.settings,
            &self.diagnostics,
            history,
            today,
            None,
        )
    }

    /// Runs the pipeline over this project with the repository's history
    /// (and a session's `memo`, see [`crate::pipeline::run`]).
    pub fn report_with(
        &self,
        history: Option<&crate::history::History>,
        today: Date,
        memo: Option<&crate::analysis::memo::Memo>,
    ) -> crate::analysis::Report {
        crate::pipeline::run(
            self.files.iter().map(|f| f.as_ref()),
            &self.settings,
            &self.diagnostics,
            history,
            today,
            memo,
        )
    }
}
