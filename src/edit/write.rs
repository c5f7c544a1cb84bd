//! Writing an edited goal file atomically, under an exclusive lock
//! (committing it with git is `write/commit.rs`'s, re-exported here).
//!
//! Every write of a goal file goes through [`locked`]: it takes an
//! exclusive lock on each file the edit reads ([`Locks`]), and the work
//! reads the files, plans the edit and replaces the file while the locks
//! are held. Two writers on one file therefore take turns, and the second
//! plans from the first one's result: both entries land, in either order.
//! A lock is taken on the file itself and then checked to be on the file
//! the path still names: a write replaces the file by a rename, so whoever
//! waited for the old file's lock takes the new file's instead. No lock
//! file is left in the repository.
//!
//! The new bytes go to a hidden temp file in the same folder, which then
//! replaces the file by a rename: a reader (an editor, `watch`) sees the
//! old file or the new one, never half of one. Just before the rename the
//! file is read again and compared with the bytes the edit was made from:
//! a save made meanwhile by a program that takes no lock (an editor) is
//! never overwritten.

mod commit;

pub use commit::{can_commit, commit, commit_files};
use rayon::prelude::*;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a writer waits for another one to finish with a file.
const PATIENCE: Duration = Duration::from_secs(30);

/// Why a write or a commit did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteError {
    /// The file is no longer what the edit was made from.
    Changed(PathBuf),
    /// The goal file is a link to a file outside the repository.
    OutsideRepository {
        file: String,
        target: PathBuf,
    },
    /// The goal file has no write permission.
    ReadOnly(String),
    /// Another writer held the file for longer than [`PATIENCE`].
    Busy(String),
    Io(String),
    Git(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed(p) => write!(
                f,
                "`{}` changed while the entry was being written (saved in an editor?); nothing was written: run the command again",
                p.display()
            ),
            WriteError::OutsideRepository { file, target } => write!(
                f,
                "`{file}` is a link to `{}`, which is outside the repository; nothing was written: goalpost writes only files inside the repository (put the file itself in place of the link, or record the entry there by hand)",
                target.display()
            ),
            WriteError::ReadOnly(file) => write!(
                f,
                "`{file}` is read-only (it has no write permission); nothing was written: make it writable (e.g. `chmod u+w {file}`) and run the command again"
            ),
            WriteError::Busy(file) => write!(
                f,
                "`{file}` is being written by another goalpost (it has waited {} seconds); nothing was written: run the command again when that one has finished",
                PATIENCE.as_secs()
            ),
            WriteError::Io(m) | WriteError::Git(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for WriteError {}

/// Exclusive locks on the files an edit reads, held until dropped; the
/// one way to replace a goal file ([`Locks::replace`]).
#[derive(Debug)]
pub(crate) struct Locks {
    /// The repository: a file outside it (through a link) is not written.
    root: Option<PathBuf>,
    /// The repository's real path, found once.
    real_root: Option<PathBuf>,
    /// Each locked file as named, its real path, and the open file that
    /// holds the lock.
    held: Vec<(PathBuf, PathBuf, File)>,
    /// The real paths of `held`, to look up (an import locks thousands).
    real: std::collections::HashSet<PathBuf>,
}

/// How many files are synced (or closed) at once when there are many:
/// waiting on the disk is most of the time, and the file system serves
/// requests that come together in one go.
const AT_ONCE: usize = 32;

/// Runs `work` with exclusive locks on `files` (goal files of the
/// repository at `root`), then releases them: `work` reads the files,
/// plans its edit and writes it with [`Locks::replace`]. Every writer of
/// goal files goes through here (`log`, check-ins, and any later one).
pub(crate) fn locked<T, E: From<WriteError>>(
    root: &Path,
    files: &[PathBuf],
    work: impl FnOnce(&Locks) -> Result<T, E>,
) -> Result<T, E> {
    let locks = Locks::take(Some(root), files)?;
    let result = work(&locks);
    locks.release();
    result
}

/// Replaces `path`'s bytes `expected` with `new` under the file's lock,
/// unless the file no longer holds `expected`.
pub fn replace(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    replace_with(path, expected, new, || {})
}

/// [`replace`], running `before_rename` (with the lock held) after the
/// temp file is written and before the last comparison (tests put a
/// concurrent save there).
pub fn replace_with(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    before_rename: impl FnOnce(),
) -> Result<(), WriteError> {
    Locks::take(None, &[path.to_path_buf()])?.replace_with(path, expected, new, before_rename)
}

impl Locks {
    /// Closes the locked files. Closing a file that a rename has replaced
    /// lets the file system free the old file's blocks, which can wait on
    /// the disk (a discard); many are closed at once, as temps are synced.
    fn release(self) {
        let mut held = self.held;
        if held.len() < 2 * AT_ONCE {
            return;
        }
        let chunk = held.len().div_ceil(AT_ONCE);
        std::thread::scope(|scope| {
            while !held.is_empty() {
                let part = held.split_off(held.len().saturating_sub(chunk));
                scope.spawn(move || drop(part));
            }
        });
    }

    /// Locks every file, in the order of their real paths (so that two
    /// writers that lock the same files never wait for each other).
    fn take(root: Option<&Path>, files: &[PathBuf]) -> Result<Locks, WriteError> {
        let mut seen = std::collections::HashSet::with_capacity(files.len());
        let mut real: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
        // Each path resolved on every core (a link at each folder is a
        // system call); the first that cannot be, in the given order, says why.
        let targets: Vec<Result<PathBuf, WriteError>> = files
            .par_iter()
            .map(|f| fs::canonicalize(f).map_err(|e| io(f, "find", e)))
            .collect();
        for (f, target) in files.iter().zip(targets) {
            let target = target?;
            if seen.insert(target.clone()) {
                real.push((f.clone(), target));
            }
        }
        real.sort_by(|a, b| a.1.as_os_str().cmp(b.1.as_os_str()));
        let real_root = match root {
            Some(r) => Some(fs::canonicalize(r).map_err(|e| io(r, "find", e))?),
            None => None,
        };
        let mut locks = Locks {
            root: root.map(Path::to_path_buf),
            real_root,
            held: Vec::with_capacity(real.len()),
            real: seen,
        };
        for (named, target) in real {
            let file = lock(&named).map_err(|e| match e {
                WriteError::Busy(_) => WriteError::Busy(locks.name(&named)),
                e => e,
            })?;
            locks.held.push((named, target, file));
        }
        Ok(locks)
    }

    /// How a file is named in messages: relative to the repository.
    fn name(&self, path: &Path) -> String {
        match &self.root {
            Some(root) => path
                .strip_prefix(root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/"),
            None => path.display().to_string(),
        }
    }

    /// Replaces `path` (one of the locked files) as [`replace`] does.
    pub fn replace(&self, path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
        self.replace_with(path, expected, new, || {})
    }

    /// [`Locks::replace`] with a hook before the rename (see [`replace_with`]).
    pub fn replace_with(
        &self,
        path: &Path,
        expected: &[u8],
        new: &[u8],
        before_rename: impl FnOnce(),
    ) -> Result<(), WriteError> {
        let (target, perms) = self.writable(path, expected)?;
        let tmp = write_temp(&target, new, &perms, true)?;
        let result = (|| {
            before_rename();
            unchanged(&target, expected)?;
            fs::rename(&tmp, &target).map_err(|e| io(&target, "replace", e))
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// Replaces several locked files together (`goalpost import`), each
    /// `(path, expected, new)` as [`Locks::replace`] does, all or none:
    /// every new file is written and made durable first (one sync of the
    /// file system where the system has it), then each is renamed into
    /// place; when one cannot be, those already replaced are put back.
    /// The error says whether they were.
    pub(crate) fn replace_all(&self, files: &[(&Path, &[u8], &[u8])]) -> Result<(), Unwritten> {
        let fail = |error| Unwritten {
            error,
            restored: true,
        };
        // Every file checked on every core; the first that cannot be
        // written, in the given order, says why.
        let checked: Vec<Result<(PathBuf, fs::Permissions), WriteError>> = files
            .par_iter()
            .map(|(path, expected, _)| self.writable(path, expected))
            .collect();
        let ready = checked
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        let jobs: Vec<(&Path, &[u8], &fs::Permissions)> = ready
            .iter()
            .zip(files)
            .map(|((target, perms), (_, _, new))| (target.as_path(), *new, perms))
            .collect();
        let temps = write_temps_durably(&jobs).map_err(fail)?;
        for (i, ((target, _), (_, expected, _))) in ready.iter().zip(files).enumerate() {
            let renamed = unchanged(target, expected)
                .and_then(|()| fs::rename(&temps[i], target).map_err(|e| io(target, "replace", e)));
            if let Err(error) = renamed {
                for t in &temps[i..] {
                    let _ = fs::remove_file(t);
                }
                let restored = files[..i]
                    .iter()
                    .all(|(path, old, new)| self.replace(path, new, old).is_ok());
                return Err(Unwritten { error, restored });
            }
        }
        Ok(())
    }

    /// Checks that `path` (one of the locked files, inside the repository,
    /// with write permission) still holds `expected`: its real path and
    /// permissions.
    fn writable(
        &self,
        path: &Path,
        expected: &[u8],
    ) -> Result<(PathBuf, fs::Permissions), WriteError> {
        // Write where the file really is, so a link stays a link.
        let target = fs::canonicalize(path).map_err(|e| io(path, "find", e))?;
        if !self.real.contains(&target) {
            return Err(WriteError::Io(format!(
                "`{}` is not locked for writing; nothing was written",
                self.name(path)
            )));
        }
        if let Some(root) = &self.real_root {
            if !target.starts_with(root) {
                return Err(WriteError::OutsideRepository {
                    file: self.name(path),
                    target,
                });
            }
        }
        let meta = fs::metadata(&target).map_err(|e| io(&target, "read", e))?;
        if meta.permissions().readonly() {
            return Err(WriteError::ReadOnly(self.name(path)));
        }
        unchanged(&target, expected)?;
        Ok((target, meta.permissions()))
    }
}

/// Several files replaced together could not all be (see
/// [`Locks::replace_all`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unwritten {
    pub(crate) error: WriteError,
    /// Whether the files replaced before the failure were put back.
    pub(crate) restored: bool,
}

/// Writes `new` to a hidden temp file next to `target` with `perms`,
/// synced to disk when `sync`; removed again on failure.
fn write_temp(
    target: &Path,
    new: &[u8],
    perms: &fs::Permissions,
    sync: bool,
) -> Result<PathBuf, WriteError> {
    let tmp = temp_path(target);
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| io(&tmp, "create", e))?;
        f.write_all(new).map_err(|e| io(&tmp, "write", e))?;
        f.set_permissions(perms.clone())
            .map_err(|e| io(&tmp, "write", e))?;
        if sync {
            f.sync_all().map_err(|e| io(&tmp, "write", e))?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Writes each `(target, new, perms)` to its temp file and makes it
/// durable (each file synced to disk), many at once: waiting on the disk
/// is most of the time, and the file system commits syncs that come
/// together in one go. Unlike a sync of the whole file system, it waits
/// only for these files, however busy the disk is with others. Either
/// every temp file is there, or none is and the first error says why.
fn write_temps_durably(
    jobs: &[(&Path, &[u8], &fs::Permissions)],
) -> Result<Vec<PathBuf>, WriteError> {
    let chunk = jobs.len().div_ceil(AT_ONCE).max(1);
    let written: Vec<Result<PathBuf, WriteError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(target, new, perms)| write_temp(target, new, perms, true))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    if let Some(i) = written.iter().position(Result::is_err) {
        for t in written.iter().flatten() {
            let _ = fs::remove_file(t);
        }
        return Err(written
            .into_iter()
            .nth(i)
            .and_then(Result::err)
            .expect("an error"));
    }
    Ok(written.into_iter().flatten().collect())
}

/// An exclusive lock on the file `path` names, held by the returned open
/// file. A writer replaces the file by a rename, so a lock taken on a file
/// that has meanwhile been replaced is dropped and taken again on the new
/// one.
fn lock(path: &Path) -> Result<File, WriteError> {
    let deadline = Instant::now() + PATIENCE;
    let mut pause = Duration::from_millis(1);
    loop {
        let file = File::open(path).map_err(|e| io(path, "open", e))?;
        match file.try_lock() {
            Ok(()) => {
                if still_named(&file, path)? {
                    return Ok(file);
                }
                // Replaced while we waited: lock the new file at once.
                continue;
            }
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(io(path, "lock", e)),
        }
        drop(file);
        if Instant::now() >= deadline {
            return Err(WriteError::Busy(path.display().to_string()));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Whether `path` still names the file `file` has open.
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> Result<bool, WriteError> {
    use std::os::unix::fs::MetadataExt;
    let open = file.metadata().map_err(|e| io(path, "read", e))?;
    let named = fs::metadata(path).map_err(|e| io(path, "read", e))?;
    Ok(open.dev() == named.dev() && open.ino() == named.ino())
}

/// Elsewhere a file that is open cannot be replaced by a rename.
#[cfg(not(unix))]
fn still_named(_file: &File, _path: &Path) -> Result<bool, WriteError> {
    Ok(true)
}

fn unchanged(path: &Path, expected: &[u8]) -> Result<(), WriteError> {
    let now = fs::read(path).map_err(|e| io(path, "read", e))?;
    if now == expected {
        Ok(())
    } else {
        Err(WriteError::Changed(path.to_path_buf()))
    }
}

/// A hidden name next to `target` (goal discovery skips hidden files).
fn temp_path(target: &Path) -> PathBuf {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(
        ".{name}.goalpost-{}-{nanos}-{n}.tmp",
        std::process::id()
    ))
}

fn io(path: &Path, what: &str, e: std::io::Error) -> WriteError {
    WriteError::Io(format!("cannot {what} `{}`: {e}", path.display()))
}
