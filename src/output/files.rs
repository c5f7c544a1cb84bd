//! The file operations a [`SiteWriter`](super::SiteWriter) is made of:
//! checking a page's path, refusing what is in a page's way, taking the
//! output folder's lock, making a page in place, writing a stream through
//! a hash.

use super::manifest::Stamp;
use super::{
    clean_relative, io_err, is_goal_file, OutputError, JOURNAL, LOCK, LOCK_WAIT, MANIFEST,
};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A mutex's guard, also after a panic on another thread (what it guards
/// is a record of what was written, still true).
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A page path checked to stay inside the output folder, as the key the
/// manifest records (`/`-separated, no empty or `.` parts) and as a path.
/// The names of goalpost's own files (manifest, lock, intent log) are refused.
pub(super) fn checked(path: &str) -> Result<(String, PathBuf), OutputError> {
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

/// What is at `target` now, if anything, refusing anything a page may
/// not replace: a link, a folder, something other than a file, a goal
/// file.
pub(super) fn what_is_at(target: &Path) -> Result<Option<fs::Metadata>, OutputError> {
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

/// An [`OutputError::InTheWay`] naming `path` and what is there.
pub(super) fn in_the_way(path: PathBuf, what: &str) -> OutputError {
    OutputError::InTheWay {
        path,
        what: what.to_string(),
    }
}

/// Refuses to open `path` if it is a link (it could point anywhere).
pub(super) fn refuse_link(path: &Path) -> Result<(), OutputError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() => Err(in_the_way(
            path.to_path_buf(),
            "goalpost keeps its own file here, and this is not a plain file",
        )),
        _ => Ok(()),
    }
}

/// Takes the output folder's lock, waiting a little for another build.
pub(super) fn take_lock(out: &Path) -> Result<fs::File, OutputError> {
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

/// The last part of `path`, as text.
pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Creates `tmp` and has `fill` write into it, hashing the bytes on the way.
pub(super) fn fill_hashed(
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
pub(super) fn write_new(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
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

pub(super) fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
