//! Writing the rendered site to disk, safely.
//!
//! - [`SiteWriter`] takes pages one at a time, from any number of threads,
//!   so a renderer can hand each page over from the worker that rendered it
//!   and drop it; [`write_site`] writes a whole list of pages through it.
//! - Each file is written only when its bytes changed. One that replaces a
//!   file goes through a temp file in the same folder and a rename, so a
//!   reader never sees half of a page it could already read; a page where
//!   nothing was is made in place, created only if still nothing is there.
//!   Whether the bytes changed is told by the content hash the last build
//!   recorded, not by reading the file again.
//! - A manifest ([`MANIFEST`], see [`Written`]) in the output folder lists
//!   what goalpost wrote, with each file's content hash. Files from an
//!   earlier build that are no longer produced are removed, but only when
//!   they still hold exactly what goalpost wrote; nothing that is not in the
//!   manifest, and no goal file (`.md` with frontmatter), is ever deleted.
//! - [`check_output_dir`] refuses output folders that would clobber the goals
//!   themselves.

mod files;
mod folders;
mod journal;
mod manifest;
mod stale;
mod writer;

pub use manifest::{maker, Written};
pub use writer::SiteWriter;

use crate::render::Page;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// The list of files (and folders, ending in `/`) goalpost wrote, one per
/// line; the format is described at [`Written`].
pub(crate) const MANIFEST: &str = ".goalpost-manifest";

/// The lock file: one build at a time writes into an output folder (an OS
/// lock on this file, held while a [`SiteWriter`] lives; it goes away with
/// the process that held it, however it ended).
pub(crate) const LOCK: &str = ".goalpost-lock";

/// The intent log of the build that is writing now: before each file or
/// folder is made, a line says what it will hold (see [`SiteWriter`]). It
/// is emptied when the build ends; a build that was killed leaves it full,
/// and the next build learns from it which files are goalpost's.
pub(crate) const JOURNAL: &str = ".goalpost-journal";

/// How long a build waits for another one writing to the same folder.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The content hash recorded in the manifest.
pub use crate::source::content_hash;

/// What a build's writing did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes changed (or were new) and were written.
    pub written: usize,
    /// Files already on disk with the same bytes (as the hash the last
    /// build recorded and the file's length tell; see [`SiteWriter`]).
    pub unchanged: usize,
    /// Stale files from an earlier build that were removed.
    pub removed: usize,
    /// Files of the last build kept with [`SiteWriter::keep`], not rendered again.
    pub kept: usize,
    /// Stale files of the last build left in place because they are not
    /// goalpost's to delete: edited since goalpost wrote them, recorded
    /// without a hash (a manifest from before hashes were recorded), or goal
    /// files (a planted manifest). They are no longer in the manifest.
    pub kept_foreign: usize,
}

#[derive(Debug)]
pub enum OutputError {
    /// The output folder is not safe to write to.
    Unsafe { out: PathBuf, reason: String },
    /// A page path that would leave the output folder.
    BadPath(String),
    /// Something that is not goalpost's is where a page or folder goes.
    InTheWay { path: PathBuf, what: String },
    /// Another build is writing to the output folder.
    Busy(PathBuf),
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Unsafe { out, reason } => {
                write!(
                    f,
                    "refusing to write the report to {}: {reason}",
                    out.display()
                )
            }
            OutputError::BadPath(p) => {
                write!(
                    f,
                    "refusing to write {p:?}: the path leaves the output folder"
                )
            }
            OutputError::InTheWay { path, what } => write!(
                f,
                "refusing to write {}: {what}; move it away or delete it, then build again",
                path.display()
            ),
            OutputError::Busy(out) => write!(
                f,
                "another goalpost build is writing to {} (a `build`, `watch` or `serve` running now); \
                 wait for it to finish or stop it, then try again",
                out.display()
            ),
            OutputError::Io {
                path,
                action,
                source,
            } => write!(f, "could not {action} {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_err<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// A relative, `/`-separated path with only normal components, or `None`.
fn clean_relative(path: &str) -> Option<PathBuf> {
    // Control characters (a newline, a tab) would break the manifest's lines.
    if path.is_empty() || path.contains('\\') || path.chars().any(char::is_control) {
        return None;
    }
    let p = Path::new(path);
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(part) => out.push(part),
            _ => return None,
        }
    }
    if out.as_os_str().is_empty() {
        None
    } else {
        Some(out)
    }
}

/// Writes `pages` into `out_dir`, one after another (the first page with a
/// path wins); see the module docs. A renderer that streams its pages uses
/// [`SiteWriter`] instead.
pub fn write_site(out_dir: &Path, pages: &[Page]) -> Result<WriteStats, OutputError> {
    let writer = SiteWriter::begin(out_dir, None)?;
    for page in pages {
        writer.write(&page.path, &page.bytes)?;
    }
    writer.finish().map(|(stats, _)| stats)
}

#[cfg(test)]
/// The files listed in the output folder's manifest (written by goalpost).
pub(crate) fn manifest_files(out: &Path) -> Vec<String> {
    Written::read(out).paths().map(str::to_string).collect()
}

/// Writes through a temp file in the same folder, then puts it in
/// `target`'s place ([`put_in_place`]), removing what was there.
fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let tmp = temp_path(target);
    if write_atomic_via(target, &tmp, bytes)? {
        let _ = fs::remove_file(&tmp);
    }
    Ok(())
}

/// A temp file's path next to `target`: `.NAME.PID.N.tmp`, unique per
/// process and call (several threads write at once).
fn temp_path(target: &Path) -> PathBuf {
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `tmp`, then puts it in `target`'s place
/// ([`put_in_place`]). Returns whether the old file is now at `tmp`, to be
/// removed.
fn write_atomic_via(target: &Path, tmp: &Path, bytes: &[u8]) -> Result<bool, OutputError> {
    // No fsync: the rename is what makes the page atomic for readers, and
    // a report lost to a power cut is simply rebuilt.
    if let Err(source) = fs::File::create(tmp).and_then(|mut file| file.write_all(bytes)) {
        let _ = fs::remove_file(tmp);
        return Err(io_err(target, "write")(source));
    }
    replace_with(target, tmp)
}

/// Puts the written file at `tmp` in `target`'s place ([`put_in_place`]),
/// or removes it when that fails. Returns whether the old file is now at
/// `tmp`, to be removed.
fn replace_with(target: &Path, tmp: &Path) -> Result<bool, OutputError> {
    put_in_place(tmp, target).map_err(|source| {
        let _ = fs::remove_file(tmp);
        io_err(target, "write")(source)
    })
}

/// Puts the file at `tmp` in `target`'s place, in one step that readers
/// never see half of. Where the system can swap two names at once
/// (Linux), a file already at `target` is swapped to `tmp` rather than
/// replaced: on ext4, renaming over a file makes the kernel start writing
/// the new file's data to disk there and then (12 ms for an 18 MB
/// `scorecard.csv`), and a swap does not. Returns whether the old file is
/// now at `tmp`, for the caller to remove.
fn put_in_place(tmp: &Path, target: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    if swap(tmp, target)? {
        return Ok(true);
    }
    fs::rename(tmp, target).map(|()| false)
}

/// Swaps the files at `a` and `b`. `Ok(false)` when there is nothing at `b`
/// or the file system cannot swap: then a rename does.
#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        std::ffi::CString::new(a.as_os_str().as_bytes()),
        std::ffi::CString::new(b.as_os_str().as_bytes()),
    ) else {
        return Ok(false);
    };
    // SAFETY: both paths are NUL-terminated and outlive the call, which
    // only reads them.
    let swapped = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if swapped == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::ENOENT | libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(error),
    }
}

/// `path` made absolute and resolved as far as it exists: the longest
/// existing ancestor is canonicalised and the rest appended (`..` in the
/// missing part is refused).
fn resolve(path: &Path) -> Result<PathBuf, OutputError> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(io_err(path, "find the current folder for"))?
            .join(path)
    };
    let mut existing = abs.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(canon) = fs::canonicalize(existing) {
            let mut out = canon;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(Component::Normal(name))) => {
                rest.push(name);
                existing = parent;
            }
            (_, Some(Component::CurDir)) => {
                existing = existing.parent().unwrap_or(existing);
            }
            _ => return Err(OutputError::Unsafe {
                out: path.to_path_buf(),
                reason:
                    "the path cannot be resolved (it uses `..` below a folder that does not exist)"
                        .into(),
            }),
        }
    }
}

/// Refuses an output folder that is the goals repository itself, contains
/// it, is inside its `templates/` or a hidden folder (`.git`), or already
/// holds goal files that goalpost did not write (a source folder).
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), OutputError> {
    check_output_dir_again(root, out, false)
}

/// [`check_output_dir`]; with `written_by_us` (the last build of the same
/// session wrote this folder), without looking through every file in it
/// for goal files again: at 10,000 pages that is most of a save that
/// changes nothing.
pub(crate) fn check_output_dir_again(
    root: &Path,
    out: &Path,
    written_by_us: bool,
) -> Result<(), OutputError> {
    let root_c = fs::canonicalize(root).map_err(io_err(root, "open the goals folder"))?;
    let out_c = resolve(out)?;
    let unsafe_ = |reason: &str| OutputError::Unsafe {
        out: out.to_path_buf(),
        reason: reason.to_string(),
    };
    if out_c == root_c {
        return Err(unsafe_(
            "it is the goals repository itself; pick a subfolder such as `site`",
        ));
    }
    if root_c.starts_with(&out_c) {
        return Err(unsafe_("it contains the goals repository"));
    }
    if let Ok(inside) = out_c.strip_prefix(&root_c) {
        let first = inside
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        if first == "templates" {
            return Err(unsafe_(
                "it is inside `templates/`, where template overrides live",
            ));
        }
        if first.starts_with('.') {
            return Err(unsafe_("it is inside a hidden folder of the repository"));
        }
    }
    let interrupted = fs::metadata(out_c.join(JOURNAL)).is_ok_and(|m| m.is_file() && m.len() > 0);
    if out_c.is_dir() && !out_c.join(MANIFEST).is_file() && !interrupted {
        // Not a folder goalpost wrote before (nor one a killed first build
        // left with its intent log): only an empty one is ours to fill, so
        // that `--out ~` can never overwrite somebody's own index.html.
        let entries = fs::read_dir(&out_c).map_err(io_err(&out_c, "read"))?;
        let mut entries = entries
            .flatten()
            .filter(|e| e.file_name() != LOCK && e.file_name() != JOURNAL);
        if let Some(entry) = entries.next() {
            return Err(unsafe_(&format!(
                "it already holds files that goalpost did not write (such as `{}`); \
                 choose a new or empty folder, or empty this one first",
                entry.file_name().to_string_lossy()
            )));
        }
    }
    if out_c.is_dir() {
        // Whatever the manifest lists: goalpost never writes goal files, so
        // one that a manifest claims was planted there.
        let planted = match written_by_us {
            true => None,
            false => find_goal_file(&out_c, &out_c, 0),
        };
        if let Some(found) = planted {
            return Err(unsafe_(&format!(
                "it holds goal files ({found}); it looks like a source folder, not a report"
            )));
        }
    } else if out_c.exists() {
        return Err(unsafe_("it is a file, not a folder"));
    }
    Ok(())
}

/// A goal file (`.md` with frontmatter) below `dir`.
fn find_goal_file(base: &Path, dir: &Path, depth: usize) -> Option<String> {
    if depth > 32 {
        return None;
    }
    let entries = fs::read_dir(dir).ok()?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if let Some(found) = find_goal_file(base, &path, depth + 1) {
                return Some(found);
            }
        } else if kind.is_file() && is_goal_file(&path) {
            let rel = path
                .strip_prefix(base)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            return Some(rel);
        }
    }
    None
}

/// A `.md` file that starts with frontmatter: a goal file, never goalpost's
/// to overwrite or delete.
fn is_goal_file(path: &Path) -> bool {
    crate::source::discover::is_markdown(path) && has_frontmatter(path)
}

/// Whether the file's first line is `---` (or `+++`), as the goal reader
/// sees it: after a byte-order mark, trailing spaces ignored.
fn has_frontmatter(path: &Path) -> bool {
    let mut head = [0u8; 256];
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let mut n = 0;
    while n < head.len() {
        match io::Read::read(&mut file, &mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(read) => n += read,
        }
    }
    let head = &head[..n];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = match head.iter().position(|&b| b == b'\n') {
        Some(end) => &head[..end],
        None if n < 256 => head,
        None => return false,
    };
    let first = first.trim_ascii_end();
    first == b"---" || first == b"+++"
}

#[cfg(test)]
mod tests;
