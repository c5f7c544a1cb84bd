//! [`SiteWriter`]: writes pages one at a time, from any number of threads.

use super::manifest::{self, Stamp, Written};
use super::{
    clean_relative, io_err, is_goal_file, replace_with, temp_path, write_atomic_via, OutputError,
    WriteStats, JOURNAL, LOCK, LOCK_WAIT, MANIFEST,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Writes one build of the site into the output folder, page by page.
///
/// ```no_run
/// # use goalpost::output::{SiteWriter, Written};
/// # use rayon::prelude::*;
/// # fn demo(out: &std::path::Path, last: Option<Written>, ids: Vec<String>)
/// #     -> Result<Written, goalpost::output::OutputError> {
/// let writer = SiteWriter::begin(out, last)?;
/// ids.par_iter().try_for_each(|id| {
///     let html = format!("<h1>{id}</h1>"); // rendered on this worker…
///     writer.write(&format!("goals/{id}.html"), html.as_bytes()) // …and dropped here
/// })?;
/// let (stats, written) = writer.finish()?;
/// # Ok(written) }
/// ```
///
/// - [`write`](SiteWriter::write) and [`keep`](SiteWriter::keep) may be
///   called from many threads at once; the first call for a path wins and
///   later ones for the same path do nothing.
/// - Only [`finish`](SiteWriter::finish) removes stale files and records the
///   new manifest. A writer dropped without `finish` (an error part-way)
///   removes nothing and records what it did write alongside the last
///   build's files, so the next build starts from the truth.
///
/// # Never a file it did not write; recovery after a kill
///
/// One writer at a time: [`begin`](SiteWriter::begin) takes an OS lock on
/// [`LOCK`](super::LOCK) in the output folder (waiting a few seconds for
/// another build, then refusing with [`OutputError::Busy`]).
///
/// An existing file is overwritten only at a path the manifest (or a killed
/// build's intent log, see below) records goalpost writing; a page edited
/// since is repaired. Anything else in the way of a page (a file goalpost
/// did not write, a folder, a link) is an [`OutputError::InTheWay`] naming
/// it. Removing a stale file needs more: that it still holds the bytes
/// goalpost recorded.
///
/// Before a file or folder is made, a line in the intent log
/// ([`JOURNAL`](super::JOURNAL)) says what it will hold (path, hash and
/// length, and the temp file it is written through, or `-` for a page made
/// in place where nothing was; a file written as a stream is first named
/// with `?` for its hash and length, and again with them once its bytes
/// are known). `finish` (or `drop`) records the manifest
/// and empties the log. A process killed part-way leaves the log, and the
/// next `begin` recovers from it: each file that holds exactly what the log
/// says it was to hold is goalpost's and joins the manifest (marked
/// incomplete, so hashes are checked by reading), a page cut short while
/// made in place joins it without a hash (to be written again, never
/// deleted), and the temp files the log names are removed.
///
/// Whether a page is unchanged is decided by the hash the last build
/// recorded for it and the file's length, without reading the file. The
/// trade-off: a file edited behind goalpost's back that keeps its length is
/// not repaired until its page changes (delete it, or the output folder, to
/// force it). A fresh process reads the hashes from the manifest, so `build`
/// and `watch` decide alike.
#[derive(Debug)]
pub struct SiteWriter {
    /// The output folder, canonical.
    out: PathBuf,
    last: Written,
    /// This build's files; `None` while being written.
    files: Mutex<BTreeMap<String, Option<Stamp>>>,
    /// Folders checked to be inside `out` this build (relative, `/`-separated).
    dirs: Mutex<BTreeSet<String>>,
    /// Whether the manifest on disk has been marked incomplete.
    marked: Mutex<bool>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    kept: AtomicUsize,
    finished: bool,
    /// The intent log, opened at the first file or folder made.
    journal: Mutex<Option<fs::File>>,
    /// Temp files that hold what a file held before this build replaced it
    /// (`put_in_place`): removed when the build ends, after the pages a
    /// reader waits for. The intent log names each, so recovery removes
    /// them too.
    retired: Mutex<Vec<PathBuf>>,
    /// The folder's lock, held until this writer is gone (fields drop after
    /// `Drop::drop` has recorded the manifest).
    _lock: Option<fs::File>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl SiteWriter {
    /// Starts a build in `out_dir` (created if missing). `last` is what the
    /// previous build in this process returned from [`finish`](Self::finish);
    /// it is used only while the manifest on disk is still the one that build
    /// wrote, and otherwise (or with `None`) the manifest is read.
    pub fn begin(out_dir: &Path, last: Option<Written>) -> Result<SiteWriter, OutputError> {
        fs::create_dir_all(out_dir).map_err(io_err(out_dir, "create the output folder"))?;
        let out = fs::canonicalize(out_dir).map_err(io_err(out_dir, "resolve"))?;
        let lock = take_lock(&out)?;
        let last = match recover(&out)? {
            Some(recovered) => recovered,
            None => match last {
                Some(w) if w.build.is_some() && manifest::build_token(&out) == w.build => w,
                _ => Written::read(&out),
            },
        };
        Ok(SiteWriter {
            out,
            last,
            files: Mutex::new(BTreeMap::new()),
            dirs: Mutex::new(BTreeSet::new()),
            marked: Mutex::new(false),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
            finished: false,
            journal: Mutex::new(None),
            retired: Mutex::new(Vec::new()),
            _lock: Some(lock),
        })
    }

    /// As if the process died here: no `finish`, no `drop`; only the OS
    /// lock goes, as it does with the process.
    #[cfg(test)]
    pub(super) fn abandon(mut self) {
        drop(self._lock.take());
        std::mem::forget(self);
    }

    /// Writes `bytes` to `path` (relative, `/`-separated) unless the same
    /// bytes are already there: the last build recorded the same content
    /// hash and the file still exists with the same length. The file is not
    /// read for that, except when the last build's hash is unknown (an old
    /// manifest, or a build that stopped part-way). A write replaces a
    /// file atomically (temp file and rename); a page where nothing was is
    /// made in place (see `write_new`).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let (key, rel) = checked(path)?;
        let stamp = Stamp::of(bytes);
        if !self.reserve(&key) {
            return Ok(());
        }
        let result = self.write_reserved(&key, &rel, bytes, stamp);
        self.settle(&key, result.is_ok().then_some(stamp));
        result
    }

    fn write_reserved(
        &self,
        path: &str,
        rel: &Path,
        bytes: &[u8],
        stamp: Stamp,
    ) -> Result<(), OutputError> {
        self.parents(path, rel, true)?;
        let target = self.out.join(rel);
        let existing = self.in_the_way(&target)?;
        if let Some(meta) = &existing {
            if meta.len() == stamp.len && self.holds(path, &target, stamp) {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            self.not_ours(path, &target)?;
        } else {
            // Nothing there: made in place (see `write_new`).
            self.intend(&format!(
                "{path}\t{:016x}\t{}\t{MADE_IN_PLACE}\n",
                stamp.hash, stamp.len
            ))?;
            write_new(&target, bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let tmp = temp_path(&target);
        self.before_replacing(path)?;
        self.intend(&format!(
            "{path}\t{:016x}\t{}\t{}\n",
            stamp.hash,
            stamp.len,
            file_name(&tmp)
        ))?;
        if write_atomic_via(&target, &tmp, bytes)? {
            lock(&self.retired).push(tmp);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes `path` as [`write`](Self::write) does, from bytes that `fill`
    /// writes a part at a time, for a file too large to hold in memory at
    /// once (`scorecard.csv` of a large repository). The parts go to a temp
    /// file, hashed on the way; the temp file then replaces the page, or is
    /// removed when the page already holds the same bytes. Before the bytes
    /// are known, the intent log names the temp file without a hash, so a
    /// kill part-way leaves nothing behind that the next build does not
    /// remove, and the page as it was.
    pub fn write_streamed(
        &self,
        path: &str,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        let (key, rel) = checked(path)?;
        if !self.reserve(&key) {
            return Ok(());
        }
        let result = self.write_streamed_reserved(&key, &rel, fill);
        self.settle(&key, result.as_ref().ok().copied());
        result.map(|_| ())
    }

    fn write_streamed_reserved(
        &self,
        path: &str,
        rel: &Path,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<Stamp, OutputError> {
        self.parents(path, rel, true)?;
        let target = self.out.join(rel);
        self.in_the_way(&target)?;
        let tmp = temp_path(&target);
        let tmp_name = file_name(&tmp);
        self.intend(&format!("{path}\t{UNKNOWN}\t{UNKNOWN}\t{tmp_name}\n"))?;
        let stamp = match fill_hashed(&tmp, fill) {
            Ok(stamp) => stamp,
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(io_err(&target, "write")(e));
            }
        };
        // Looked at again: the file may have changed while the parts were made.
        let existing = self.in_the_way(&target);
        let unchanged = existing.and_then(|meta| match meta {
            None => Ok(false),
            Some(meta) if meta.len() == stamp.len && self.holds(path, &target, stamp) => Ok(true),
            Some(_) => self.not_ours(path, &target).map(|()| false),
        });
        match unchanged {
            Ok(false) => {}
            Ok(true) => {
                let _ = fs::remove_file(&tmp);
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(stamp);
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
        }
        self.before_replacing(path)?;
        self.intend(&format!(
            "{path}\t{:016x}\t{}\t{tmp_name}\n",
            stamp.hash, stamp.len
        ))?;
        if replace_with(&target, &tmp)? {
            lock(&self.retired).push(tmp);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(stamp)
    }

    /// What is at `target` now, if anything, refusing anything a page may
    /// not replace: a link, a folder, something other than a file, a goal
    /// file.
    fn in_the_way(&self, target: &Path) -> Result<Option<fs::Metadata>, OutputError> {
        let meta = match fs::symlink_metadata(target) {
            Ok(meta) => meta,
            Err(_) => return Ok(None),
        };
        if meta.file_type().is_symlink() {
            return Err(in_the_way(
                target.to_path_buf(),
                "there is a link where this page goes",
            ));
        }
        if meta.is_dir() {
            return Err(in_the_way(
                target.to_path_buf(),
                "there is a folder where this page goes",
            ));
        }
        if !meta.is_file() {
            return Err(in_the_way(
                target.to_path_buf(),
                "there is something other than a file where this page goes",
            ));
        }
        if is_goal_file(target) {
            return Err(OutputError::Unsafe {
                out: target.to_path_buf(),
                reason:
                    "it is a goal file (Markdown with frontmatter), which goalpost never overwrites"
                        .into(),
            });
        }
        Ok(Some(meta))
    }

    /// A file at `target` that does not already hold the page is overwritten
    /// only at a path goalpost recorded writing (a page edited since is
    /// repaired); anything else is someone's file.
    fn not_ours(&self, path: &str, target: &Path) -> Result<(), OutputError> {
        match self.last.files.contains_key(path) {
            true => Ok(()),
            false => Err(in_the_way(
                target.to_path_buf(),
                "there is a file there that goalpost did not write (it is not in the output folder's manifest)",
            )),
        }
    }

    /// Whether the file at `path` (of the right length) holds `stamp`: by
    /// the last build's hash when it can be trusted, else by reading it.
    fn holds(&self, path: &str, target: &Path, stamp: Stamp) -> bool {
        match self.last.files.get(path) {
            Some(Some(old)) if self.last.trusted() => *old == stamp,
            _ => fs::read(target).is_ok_and(|b| Stamp::of(&b) == stamp),
        }
    }

    /// Before a file goalpost recorded is replaced.
    fn before_replacing(&self, path: &str) -> Result<(), OutputError> {
        if matches!(self.last.files.get(path), Some(Some(_))) && self.last.trusted() {
            self.mark_incomplete()?;
        }
        Ok(())
    }

    /// Keeps `path` as the last build wrote it, for a page this build did not
    /// render again because its content is known to be unchanged: it is
    /// neither rewritten nor removed as stale, and stays in the manifest.
    ///
    /// Returns `false`, keeping nothing, when the last build did not record
    /// the file or it is no longer there as recorded (deleted, or a different
    /// length): then render the page and [`write`](Self::write) it.
    pub fn keep(&self, path: &str) -> Result<bool, OutputError> {
        let (key, rel) = checked(path)?;
        let Some(recorded) = self.last.files.get(&key).copied() else {
            return Ok(false);
        };
        if !self.reserve(&key) {
            return Ok(true); // already written or kept by this build
        }
        let result = self.keep_reserved(&key, &rel, recorded);
        self.settle(&key, result.as_ref().ok().copied().flatten());
        result.map(|stamp| stamp.is_some())
    }

    fn keep_reserved(
        &self,
        path: &str,
        rel: &Path,
        recorded: Option<Stamp>,
    ) -> Result<Option<Stamp>, OutputError> {
        if !self.parents(path, rel, false)? {
            return Ok(None);
        }
        let target = self.out.join(rel);
        let meta = match fs::symlink_metadata(&target) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_err(&target, "read")(e)),
        };
        if meta.file_type().is_symlink() || meta.is_dir() {
            return Err(OutputError::BadPath(path.to_string()));
        }
        let stamp = match recorded {
            Some(old) if old.len != meta.len() => None,
            Some(old) if self.last.trusted() => Some(old),
            // Hash unknown or not trusted: read the file once.
            _ => {
                let bytes = fs::read(&target).map_err(io_err(&target, "read"))?;
                let now = Stamp::of(&bytes);
                recorded.is_none_or(|old| old == now).then_some(now)
            }
        };
        if stamp.is_some() {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        Ok(stamp)
    }

    /// Removes the last build's files that this build neither wrote nor kept
    /// (only those that still hold what goalpost wrote: see
    /// [`WriteStats::kept_foreign`]), removes the folders it emptied, and
    /// records the manifest. Returns what the build did and what it wrote,
    /// to hand to the next build's [`begin`](Self::begin).
    pub fn finish(mut self) -> Result<(WriteStats, Written), OutputError> {
        // Copied, not taken: if this fails part-way, `drop` still records them.
        let files: BTreeMap<String, Option<Stamp>> = lock(&self.files)
            .iter()
            .filter(|(_, stamp)| stamp.is_some())
            .map(|(path, stamp)| (path.clone(), *stamp))
            .collect();
        let dirs = lock(&self.dirs).clone();
        let mut stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            kept: self.kept.load(Ordering::Relaxed),
            ..WriteStats::default()
        };
        for (path, recorded) in &self.last.files {
            if files.contains_key(path) {
                continue;
            }
            match self.remove_stale(path, *recorded)? {
                Stale::Removed => stats.removed += 1,
                Stale::Foreign => stats.kept_foreign += 1,
                Stale::Gone => {}
            }
        }
        // Deepest folders first; `remove_dir` only removes empty ones.
        let mut stale_dirs: Vec<&String> = self.last.dirs.difference(&dirs).collect();
        stale_dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for dir in stale_dirs {
            if let Some(rel) = clean_relative(dir) {
                let path = self.out.join(rel);
                if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                    let _ = fs::remove_dir(&path);
                }
            }
        }

        let marked = *lock(&self.marked);
        let build =
            if !marked && self.last.trusted() && files == self.last.files && dirs == self.last.dirs
            {
                self.last.build // nothing changed: the manifest on disk stays
            } else {
                let token = manifest::new_token();
                manifest::store(&self.out, &manifest::text(&files, &dirs, Some(token)))?;
                Some(token)
            };
        self.remove_retired();
        self.end_journal()?;
        self.finished = true;
        Ok((stats, Written { files, dirs, build }))
    }

    /// Appends `line` to the intent log (opening it first), before the file
    /// or folder it describes is made.
    fn intend(&self, line: &str) -> Result<(), OutputError> {
        let path = self.out.join(JOURNAL);
        let mut journal = lock(&self.journal);
        if journal.is_none() {
            refuse_link(&path)?;
            let file = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(io_err(&path, "create the intent log"))?;
            *journal = Some(file);
        }
        if let Some(file) = journal.as_mut() {
            // One write per line: a kill leaves whole lines, or a last
            // partial one that recovery skips.
            file.write_all(line.as_bytes())
                .map_err(io_err(&path, "write the intent log"))?;
        }
        Ok(())
    }

    /// Removes what the files this build replaced held before.
    fn remove_retired(&self) {
        for tmp in lock(&self.retired).drain(..) {
            let _ = fs::remove_file(tmp);
        }
    }

    /// Empties the intent log once the manifest says everything it did.
    /// It is emptied, not removed, so that the output folder's list of
    /// files does not change with every build (a `git add` of it while
    /// `watch` runs, say).
    fn end_journal(&self) -> Result<(), OutputError> {
        if let Some(file) = lock(&self.journal).take() {
            let path = self.out.join(JOURNAL);
            file.set_len(0)
                .map_err(io_err(&path, "empty the intent log"))?;
        }
        Ok(())
    }

    /// Claims `path` for this build; `false` if it is already claimed.
    fn reserve(&self, path: &str) -> bool {
        let mut files = lock(&self.files);
        if files.contains_key(path) {
            return false;
        }
        files.insert(path.to_string(), None);
        true
    }

    /// Records what `path` now holds, or gives up the claim.
    fn settle(&self, path: &str, stamp: Option<Stamp>) {
        let mut files = lock(&self.files);
        match stamp {
            Some(stamp) => files.insert(path.to_string(), Some(stamp)),
            None => files.remove(path),
        };
    }

    /// Checks (and with `create`, makes) each parent folder of `rel`, one
    /// level at a time, refusing any that resolves outside the output folder
    /// (a symlink) or is not a folder. `Ok(false)`: a folder is missing and
    /// `create` is off. Checked folders are remembered for this build; the
    /// lock makes creation from several threads race-free.
    fn parents(&self, path: &str, rel: &Path, create: bool) -> Result<bool, OutputError> {
        let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else {
            return Ok(true);
        };
        let key = slash(parent);
        let mut dirs = lock(&self.dirs);
        if dirs.contains(&key) {
            return Ok(true);
        }
        let mut acc = PathBuf::new();
        for part in parent.components() {
            acc.push(part);
            let key = slash(&acc);
            if dirs.contains(&key) {
                continue;
            }
            let dir = self.out.join(&acc);
            if create {
                if fs::symlink_metadata(&dir).is_err() {
                    self.intend(&format!("{key}/\n"))?;
                }
                match fs::create_dir(&dir) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(io_err(&dir, "create folder")(e)),
                }
            }
            let canon = match fs::canonicalize(&dir) {
                Ok(canon) => canon,
                Err(e) if !create && e.kind() == io::ErrorKind::NotFound => return Ok(false),
                Err(e) => return Err(io_err(&dir, "resolve")(e)),
            };
            if !canon.starts_with(&self.out) {
                return Err(OutputError::BadPath(path.to_string()));
            }
            if !canon.is_dir() {
                return Err(in_the_way(
                    dir,
                    "there is a file where goalpost needs a folder for its pages",
                ));
            }
            dirs.insert(key);
        }
        Ok(true)
    }

    /// Before the first overwrite of a file whose hash the manifest records:
    /// mark the manifest incomplete, so that if this process dies before
    /// [`finish`](Self::finish), the next build checks by reading instead of
    /// trusting a hash that no longer matches the file.
    fn mark_incomplete(&self) -> Result<(), OutputError> {
        let mut marked = lock(&self.marked);
        if !*marked {
            let text = manifest::text(&self.last.files, &self.last.dirs, None);
            manifest::store(&self.out, &text)?;
            *marked = true;
        }
        Ok(())
    }

    fn remove_stale(&self, path: &str, recorded: Option<Stamp>) -> Result<Stale, OutputError> {
        let Some(rel) = clean_relative(path) else {
            return Ok(Stale::Gone);
        };
        let target = self.out.join(&rel);
        let Ok(meta) = fs::symlink_metadata(&target) else {
            return Ok(Stale::Gone);
        };
        if !meta.is_file() {
            return Ok(Stale::Foreign);
        }
        match target.parent().map(fs::canonicalize) {
            Some(Ok(parent)) if parent.starts_with(&self.out) => {}
            _ => return Ok(Stale::Foreign),
        }
        // Never a goal file, whatever the manifest says; and only a file
        // that still holds the bytes goalpost recorded writing.
        let ours = match recorded {
            Some(old) if old.len == meta.len() && !is_goal_file(&target) => {
                fs::read(&target).is_ok_and(|bytes| Stamp::of(&bytes) == old)
            }
            _ => false,
        };
        if !ours {
            return Ok(Stale::Foreign);
        }
        fs::remove_file(&target).map_err(io_err(&target, "remove stale file"))?;
        Ok(Stale::Removed)
    }
}

/// A page path checked to stay inside the output folder, as the key the
/// manifest records (`/`-separated, no empty or `.` parts) and as a path.
/// The names of goalpost's own files (manifest, lock, intent log) are refused.
fn checked(path: &str) -> Result<(String, PathBuf), OutputError> {
    match clean_relative(path) {
        Some(rel) => {
            let key = slash(&rel);
            if [MANIFEST, LOCK, JOURNAL].contains(&key.as_str()) {
                return Err(OutputError::BadPath(path.to_string()));
            }
            Ok((key, rel))
        }
        None => Err(OutputError::BadPath(path.to_string())),
    }
}

fn in_the_way(path: PathBuf, what: &str) -> OutputError {
    OutputError::InTheWay {
        path,
        what: what.to_string(),
    }
}

/// Refuses to open `path` if it is a link (it could point anywhere).
fn refuse_link(path: &Path) -> Result<(), OutputError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() => Err(in_the_way(
            path.to_path_buf(),
            "goalpost keeps its own file here, and this is not a plain file",
        )),
        _ => Ok(()),
    }
}

/// Takes the output folder's lock, waiting a little for another build.
fn take_lock(out: &Path) -> Result<fs::File, OutputError> {
    let path = out.join(LOCK);
    refuse_link(&path)?;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_err(&path, "open the lock file"))?;
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(OutputError::Busy(out.to_path_buf())),
            Err(fs::TryLockError::Error(e)) => return Err(io_err(&path, "lock")(e)),
        }
    }
}

/// The intent log's word, where a temp file's name goes, for a page made
/// where nothing was (never a temp file's name: those start with a dot).
const MADE_IN_PLACE: &str = "-";

/// The intent log's word, where a hash and a length go, for a file whose
/// bytes are still being written to its temp file ([`SiteWriter::write_streamed`]).
const UNKNOWN: &str = "?";

/// The last part of `path`, as text.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Creates `tmp` and has `fill` write into it, hashing the bytes on the way.
fn fill_hashed(
    tmp: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Stamp> {
    struct Hashing<W> {
        inner: W,
        hasher: xxhash_rust::xxh3::Xxh3,
        len: u64,
    }
    impl<W: Write> Write for Hashing<W> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = self.inner.write(buf)?;
            self.hasher.update(&buf[..n]);
            self.len += n as u64;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)?;
    let mut out = Hashing {
        inner: io::BufWriter::with_capacity(1 << 16, file),
        hasher: xxhash_rust::xxh3::Xxh3::new(),
        len: 0,
    };
    fill(&mut out)?;
    out.flush()?;
    Ok(Stamp {
        hash: out.hasher.digest(),
        len: out.len,
    })
}

/// Makes a page where nothing was: created only if still nothing is there
/// (so a file that appeared since it was checked is never overwritten),
/// and written in place. A page that replaces another goes through a temp
/// file and a rename, so that a reader never sees half of it; a page that
/// was not there has no old version to keep showing, and in place it costs
/// one directory operation instead of three (a cold build makes thousands).
/// A write that fails part-way removes what it made; a kill part-way
/// leaves it to the next build's recovery (see [`recover`]).
fn write_new(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
    {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(in_the_way(
                target.to_path_buf(),
                "a file appeared where this page goes while the report was being written",
            ))
        }
        Err(e) => return Err(io_err(target, "write")(e)),
    };
    if let Err(e) = file.write_all(bytes) {
        drop(file);
        let _ = fs::remove_file(target);
        return Err(io_err(target, "write")(e));
    }
    Ok(())
}

/// Whether `rel` (clean, relative) is in a folder that resolves inside `out`.
fn inside(out: &Path, rel: &Path) -> bool {
    let parent = out.join(rel);
    parent
        .parent()
        .and_then(|p| fs::canonicalize(p).ok())
        .is_some_and(|p| p.starts_with(out))
}

/// A killed build's intent log, if there is one: what the manifest records,
/// plus every file that holds exactly what the log says it was to hold and
/// every folder it made; the temp files it names are removed. The result is
/// recorded as an incomplete manifest before the log is removed.
fn recover(out: &Path) -> Result<Option<Written>, OutputError> {
    let path = out.join(JOURNAL);
    refuse_link(&path)?;
    remove_manifest_temps(out);
    let text = match fs::read(&path) {
        Ok(bytes) if bytes.is_empty() => return Ok(None),
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(&path, "read the intent log")(e)),
    };
    let mut last = Written::read(out);
    last.build = None;
    // A last line cut short by the kill has no newline: skipped.
    let complete = text.rfind('\n').map_or("", |end| &text[..end]);
    for line in complete.lines() {
        if let Some(dir) = line.strip_suffix('/') {
            if let Some(rel) = clean_relative(dir) {
                if fs::symlink_metadata(out.join(&rel)).is_ok_and(|m| m.is_dir())
                    && inside(out, &rel)
                {
                    last.dirs.insert(slash(&rel));
                }
            }
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(file), Some(hash), Some(len), Some(tmp)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(rel) = clean_relative(file) else {
            continue;
        };
        if rel.as_os_str() == MANIFEST || !inside(out, &rel) {
            continue;
        }
        // The temp file it was written through, if the kill left it.
        let name = file_name(&rel);
        if tmp.starts_with(&format!(".{name}."))
            && tmp.ends_with(".tmp")
            && !tmp.contains(['/', '\\'])
        {
            let tmp = out.join(rel.with_file_name(tmp));
            if fs::symlink_metadata(&tmp).is_ok_and(|m| m.is_file()) {
                fs::remove_file(&tmp).map_err(io_err(&tmp, "remove the temp file"))?;
            }
        }
        // `?`: the bytes were still going into the temp file, so the file
        // itself is as it was (a later line says if it was replaced).
        let (Ok(hash), Ok(len)) = (u64::from_str_radix(hash, 16), len.parse::<u64>()) else {
            continue;
        };
        let stamp = Stamp { hash, len };
        let target = out.join(&rel);
        let Some(meta) = fs::symlink_metadata(&target)
            .ok()
            .filter(|m| m.is_file() && !is_goal_file(&target))
        else {
            continue;
        };
        let holds_it = meta.len() == len && fs::read(&target).is_ok_and(|b| Stamp::of(&b) == stamp);
        if holds_it {
            last.files.insert(slash(&rel), Some(stamp));
        } else if tmp == MADE_IN_PLACE {
            // A page cut short while it was made where nothing was: goalpost's
            // to write again, but with nothing known of what it holds, never
            // to delete (the manifest's "recorded without a hash").
            last.files.insert(slash(&rel), None);
        }
    }
    manifest::store(out, &manifest::text(&last.files, &last.dirs, None))?;
    fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&path)
        .map_err(io_err(&path, "empty the intent log"))?;
    Ok(Some(last))
}

/// Removes the temp files of a manifest that a killed build was putting in
/// place (`.` + the manifest's name + `.PID.N.tmp`: the new manifest before
/// the swap, the old one after it). Only the build holding the lock writes
/// the manifest, so any found now are a dead build's.
fn remove_manifest_temps(out: &Path) {
    let prefix = format!(".{MANIFEST}.");
    for entry in fs::read_dir(out).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix)
            && name.ends_with(".tmp")
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

enum Stale {
    Removed,
    /// Not goalpost's to remove (any more): left in place.
    Foreign,
    /// Already gone (or a path that could never have been written).
    Gone,
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl Drop for SiteWriter {
    /// A build that stopped part-way (an error, a panic): record what it
    /// wrote together with everything the last build recorded, and remove
    /// nothing, so that the next build knows every file goalpost wrote and
    /// what each holds.
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        self.remove_retired();
        let marked = *lock(&self.marked);
        let mut files = self.last.files.clone();
        let mut wrote = false;
        // A write cut short by a panic: its file may or may not have changed.
        let mut unsure = false;
        for (path, stamp) in lock(&self.files).iter() {
            match stamp {
                Some(stamp) => {
                    wrote |= files.insert(path.clone(), Some(*stamp)) != Some(Some(*stamp))
                }
                None => unsure = true,
            }
        }
        let mut dirs = self.last.dirs.clone();
        dirs.extend(lock(&self.dirs).iter().cloned());
        if !marked && !wrote && !unsure && dirs == self.last.dirs {
            let _ = self.end_journal();
            return;
        }
        // Hashes carried over from an untrusted manifest stay untrusted
        // (an old-format one has none: a file without one is always read).
        let trusted = self.last.trusted() || self.last.files.values().all(Option::is_none);
        let build = (trusted && !unsure).then(manifest::new_token);
        if manifest::store(&self.out, &manifest::text(&files, &dirs, build)).is_ok() {
            let _ = self.end_journal();
        }
    }
}
