//! [`SiteWriter`]: writes pages one at a time, from any number of threads.
//! The file operations it is made of are in `files`, its folders in
//! `folders`, the intent log in `journal`, the removal of stale files in
//! `stale`, the manifest in `manifest`. What is left here is one concern,
//! the writer's own bookkeeping (which file this build wrote, kept or is
//! writing, with which hash and key), a little over 500 lines because a
//! sixth of them are the guarantees documented on the type.

use super::files::{
    checked, file_name, fill_hashed, in_the_way, lock, take_lock, what_is_at, write_new,
};
use super::folders::{Folders, Parent};
use super::journal::{recover, Journal, MADE_IN_PLACE, UNKNOWN};
use super::manifest::{self, Stamp, Written};
use super::stale::{remove_stale, remove_stale_dirs, Stale};
use super::{io_err, replace_with, temp_path, write_atomic_via, OutputError, WriteStats};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
    /// The keys of this build's files that were written or kept with one
    /// ([`write_keyed`](Self::write_keyed), [`keep_keyed`](Self::keep_keyed)).
    keys: Mutex<BTreeMap<String, u64>>,
    /// Folders checked to be inside `out` this build (relative, `/`-separated).
    dirs: Folders,
    /// Whether the manifest on disk has been marked incomplete.
    marked: Mutex<bool>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    kept: AtomicUsize,
    finished: bool,
    /// The intent log, opened at the first file or folder made.
    journal: Journal,
    /// Temp files that hold what a file held before this build replaced it
    /// (`put_in_place`): removed when the build ends, after the pages a
    /// reader waits for. The intent log names each, so recovery removes
    /// them too.
    retired: Mutex<Vec<PathBuf>>,
    /// The folder's lock, held until this writer is gone (fields drop after
    /// `Drop::drop` has recorded the manifest).
    _lock: Option<fs::File>,
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
        let mut last = match recover(&out)? {
            Some(recovered) => recovered,
            None => match last {
                Some(w) if w.build.is_some() && manifest::build_token(&out) == w.build => w,
                _ => Written::read(&out),
            },
        };
        if last.maker.as_deref() != Some(manifest::maker()) {
            // Made by another goalpost: its keys say nothing of this one's pages.
            last.keys.clear();
        }
        Ok(SiteWriter {
            journal: Journal::of(&out),
            dirs: Folders::new(&out),
            out,
            last,
            files: Mutex::new(BTreeMap::new()),
            keys: Mutex::new(BTreeMap::new()),
            marked: Mutex::new(false),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
            finished: false,
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
        self.write_with(path, bytes, None)
    }

    /// [`write`](Self::write), recording with the file the key its bytes
    /// were made from: a later build that makes the same key keeps the file
    /// without making it again ([`keep_keyed`](Self::keep_keyed)).
    pub(crate) fn write_keyed(
        &self,
        path: &str,
        bytes: &[u8],
        key: u64,
    ) -> Result<(), OutputError> {
        self.write_with(path, bytes, Some(key))
    }

    fn write_with(&self, path: &str, bytes: &[u8], key: Option<u64>) -> Result<(), OutputError> {
        let (name, rel) = checked(path)?;
        let stamp = Stamp::of(bytes);
        if !self.reserve(&name) {
            return Ok(());
        }
        let result = self.write_reserved(&name, &rel, bytes, stamp);
        self.settle(&name, result.is_ok().then_some(stamp), key);
        result
    }

    fn write_reserved(
        &self,
        path: &str,
        rel: &Path,
        bytes: &[u8],
        stamp: Stamp,
    ) -> Result<(), OutputError> {
        let parent = self.dirs.parents(&self.journal, path, rel, true)?;
        let target = self.out.join(rel);
        // In a folder this build made, only this build's pages can be
        // there, and a path is written once a build: nothing to look for.
        let existing = match parent {
            Parent::Made => None,
            _ => what_is_at(&target)?,
        };
        if let Some(meta) = &existing {
            if meta.len() == stamp.len && self.holds(path, &target, stamp) {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            self.not_ours(path, &target)?;
        } else {
            // Nothing there: made in place (see `write_new`).
            self.journal.intend(&format!(
                "{path}\t{:016x}\t{}\t{MADE_IN_PLACE}\n",
                stamp.hash, stamp.len
            ))?;
            write_new(&target, bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let tmp = temp_path(&target);
        self.before_replacing(path)?;
        self.journal.intend(&format!(
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

    #[cfg(test)]
    /// Writes `path` as [`write`](Self::write) does, from bytes that `fill`
    /// writes a part at a time, for a file too large to hold in memory at
    /// once (`scorecard.csv` of a large repository). The parts go to a temp
    /// file, hashed on the way; the temp file then replaces the page, or is
    /// removed when the page already holds the same bytes. Before the bytes
    /// are known, the intent log names the temp file without a hash, so a
    /// kill part-way leaves nothing behind that the next build does not
    /// remove, and the page as it was.
    pub(crate) fn write_streamed(
        &self,
        path: &str,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        self.write_streamed_with(path, None, fill)
    }

    /// [`write_streamed`](Self::write_streamed), recording the key the
    /// bytes were made from ([`write_keyed`](Self::write_keyed)).
    pub(crate) fn write_streamed_keyed(
        &self,
        path: &str,
        key: u64,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        self.write_streamed_with(path, Some(key), fill)
    }

    fn write_streamed_with(
        &self,
        path: &str,
        key: Option<u64>,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        let (name, rel) = checked(path)?;
        if !self.reserve(&name) {
            return Ok(());
        }
        let result = self.write_streamed_reserved(&name, &rel, fill);
        self.settle(&name, result.as_ref().ok().copied(), key);
        result.map(|_| ())
    }

    fn write_streamed_reserved(
        &self,
        path: &str,
        rel: &Path,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<Stamp, OutputError> {
        self.dirs.parents(&self.journal, path, rel, true)?;
        let target = self.out.join(rel);
        what_is_at(&target)?;
        let tmp = temp_path(&target);
        let tmp_name = file_name(&tmp);
        self.journal
            .intend(&format!("{path}\t{UNKNOWN}\t{UNKNOWN}\t{tmp_name}\n"))?;
        let stamp = match fill_hashed(&tmp, fill) {
            Ok(stamp) => stamp,
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(io_err(&target, "write")(e));
            }
        };
        // Looked at again: the file may have changed while the parts were made.
        let existing = what_is_at(&target);
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
        self.journal.intend(&format!(
            "{path}\t{:016x}\t{}\t{tmp_name}\n",
            stamp.hash, stamp.len
        ))?;
        if replace_with(&target, &tmp)? {
            lock(&self.retired).push(tmp);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(stamp)
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

    #[cfg(test)]
    /// Keeps `path` as the last build wrote it, for a page this build did not
    /// render again because its content is known to be unchanged: it is
    /// neither rewritten nor removed as stale, and stays in the manifest.
    ///
    /// Returns `false`, keeping nothing, when the last build did not record
    /// the file or it is no longer there as recorded (deleted, or a different
    /// length): then render the page and [`write`](Self::write) it.
    pub(crate) fn keep(&self, path: &str) -> Result<bool, OutputError> {
        let (name, rel) = checked(path)?;
        let Some(recorded) = self.last.files.get(&name).copied() else {
            return Ok(false);
        };
        if !self.reserve(&name) {
            return Ok(true); // already written or kept by this build
        }
        let result = self.keep_reserved(&name, &rel, recorded);
        self.settle(&name, result.as_ref().ok().copied().flatten(), None);
        result.map(|stamp| stamp.is_some())
    }

    /// Keeps `path` as the last build wrote it ([`keep`](Self::keep)) when
    /// that build recorded `key` for it ([`write_keyed`](Self::write_keyed)):
    /// what the file is made from has not changed, so it need not be made
    /// again. The last build may have been another process, as long as it
    /// was this same goalpost ([`Written::key`]). Returns `false`, keeping
    /// nothing, when the key differs or is unknown, when the file is no
    /// longer there as recorded, or when this build already claimed the
    /// path: then make the file and write it.
    pub(crate) fn keep_keyed(&self, path: &str, key: u64) -> Result<bool, OutputError> {
        let (name, rel) = checked(path)?;
        let Some(recorded) = self.last.files.get(&name).copied() else {
            return Ok(false);
        };
        if self.last.key(&name) != Some(key) || !self.reserve(&name) {
            return Ok(false);
        }
        let result = self.keep_reserved(&name, &rel, recorded);
        self.settle(&name, result.as_ref().ok().copied().flatten(), Some(key));
        result.map(|stamp| stamp.is_some())
    }

    fn keep_reserved(
        &self,
        path: &str,
        rel: &Path,
        recorded: Option<Stamp>,
    ) -> Result<Option<Stamp>, OutputError> {
        if self.dirs.parents(&self.journal, path, rel, false)? == Parent::Missing {
            return Ok(None);
        }
        let target = self.out.join(rel);
        let meta = match fs::symlink_metadata(&target) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_err(&target, "read")(e)),
        };
        if !meta.file_type().is_file() {
            // A link, a folder…: not the file recorded. The page is made,
            // and writing it names what is in its way.
            return Ok(None);
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
        let dirs = self.dirs.checked();
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
            match remove_stale(&self.out, path, *recorded)? {
                Stale::Removed => stats.removed += 1,
                Stale::Foreign => stats.kept_foreign += 1,
                Stale::Gone => {}
            }
        }
        remove_stale_dirs(&self.out, &self.last.dirs, &dirs);

        let keys = lock(&self.keys).clone();
        let marked = *lock(&self.marked);
        let same = self.last.trusted()
            && self.last.maker.as_deref() == Some(manifest::maker())
            && (files == self.last.files && dirs == self.last.dirs && keys == self.last.keys);
        let mut written = Written {
            files,
            dirs,
            build: self.last.build,
            keys,
            maker: Some(manifest::maker().to_string()),
        };
        if marked || !same {
            written.build = Some(manifest::new_token());
            manifest::store(&self.out, &written.text())?;
        } // else nothing changed: the manifest on disk stays
        self.remove_retired();
        self.journal.end()?;
        self.finished = true;
        Ok((stats, written))
    }

    /// Removes what the files this build replaced held before.
    fn remove_retired(&self) {
        for tmp in lock(&self.retired).drain(..) {
            let _ = fs::remove_file(tmp);
        }
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
    /// With `key`, the key its bytes were made from.
    fn settle(&self, path: &str, stamp: Option<Stamp>, key: Option<u64>) {
        let mut files = lock(&self.files);
        match stamp {
            Some(stamp) => files.insert(path.to_string(), Some(stamp)),
            None => files.remove(path),
        };
        if let (Some(_), Some(key)) = (stamp, key) {
            lock(&self.keys).insert(path.to_string(), key);
        }
    }

    /// Before the first overwrite of a file whose hash the manifest records:
    /// mark the manifest incomplete, so that if this process dies before
    /// [`finish`](Self::finish), the next build checks by reading instead of
    /// trusting a hash that no longer matches the file.
    fn mark_incomplete(&self) -> Result<(), OutputError> {
        let mut marked = lock(&self.marked);
        if !*marked {
            let incomplete = Written {
                build: None,
                ..self.last.clone()
            };
            manifest::store(&self.out, &incomplete.text())?;
            *marked = true;
        }
        Ok(())
    }
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
        dirs.extend(self.dirs.checked());
        if !marked && !wrote && !unsure && dirs == self.last.dirs {
            let _ = self.journal.end();
            return;
        }
        // A key holds for the bytes it was recorded with: the files this
        // build touched keep only the keys it recorded for them.
        let mut keys = self.last.keys.clone();
        for path in lock(&self.files).keys() {
            keys.remove(path);
        }
        keys.extend(lock(&self.keys).iter().map(|(p, k)| (p.clone(), *k)));
        // Hashes carried over from an untrusted manifest stay untrusted
        // (an old-format one has none: a file without one is always read).
        let trusted = self.last.trusted() || self.last.files.values().all(Option::is_none);
        let written = Written {
            files,
            dirs,
            build: (trusted && !unsure).then(manifest::new_token),
            keys,
            maker: Some(manifest::maker().to_string()),
        };
        if manifest::store(&self.out, &written.text()).is_ok() {
            let _ = self.journal.end();
        }
    }
}
