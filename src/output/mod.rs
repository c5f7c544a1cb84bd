//! Writing the rendered site to disk, safely.
//!
//! - Each file is written only when its bytes changed, through a temp file in
//!   the same folder and a rename, so a reader never sees half a page.
//! - A manifest ([`MANIFEST`]) in the output folder lists what goalpost wrote;
//!   files from an earlier build that are no longer produced are removed, and
//!   nothing that is not in the manifest is ever deleted. A goal file (`.md`
//!   with frontmatter) is never deleted or overwritten, whatever the
//!   manifest says: goalpost writes none, so a manifest listing one was
//!   planted.
//! - [`check_output_dir`] refuses output folders that would clobber the goals
//!   themselves.

use crate::render::Page;
use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// The list of files (and folders, ending in `/`) goalpost wrote, one per line.
pub const MANIFEST: &str = ".goalpost-manifest";
const MANIFEST_HEADER: &str = "# goalpost: files written by the last build; do not edit";

/// What [`write_site`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes changed (or were new) and were written.
    pub written: usize,
    /// Files already on disk with the same bytes.
    pub unchanged: usize,
    /// Stale files from an earlier build that were removed.
    pub removed: usize,
}

#[derive(Debug)]
pub enum OutputError {
    /// The output folder is not safe to write to.
    Unsafe { out: PathBuf, reason: String },
    /// A page path that would leave the output folder.
    BadPath(String),
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

/// Writes `pages` into `out_dir`, creating folders; see the module docs.
pub fn write_site(out_dir: &Path, pages: &[Page]) -> Result<WriteStats, OutputError> {
    fs::create_dir_all(out_dir).map_err(io_err(out_dir, "create the output folder"))?;
    let out_canon = fs::canonicalize(out_dir).map_err(io_err(out_dir, "resolve"))?;
    let mut stats = WriteStats::default();
    let mut files: BTreeSet<String> = BTreeSet::new();
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    let previous = read_manifest(&out_canon);

    for page in pages {
        let rel =
            clean_relative(&page.path).ok_or_else(|| OutputError::BadPath(page.path.clone()))?;
        if page.path == MANIFEST {
            return Err(OutputError::BadPath(page.path.clone()));
        }
        if !files.insert(page.path.clone()) {
            continue; // the first page with a path wins
        }
        // Record and create each parent folder, checking it stays inside.
        let mut acc = PathBuf::new();
        let comps: Vec<_> = rel.components().collect();
        for c in &comps[..comps.len().saturating_sub(1)] {
            acc.push(c);
            let dir = out_canon.join(&acc);
            if !dir.exists() {
                fs::create_dir(&dir).map_err(io_err(&dir, "create folder"))?;
            }
            let canon = fs::canonicalize(&dir).map_err(io_err(&dir, "resolve"))?;
            if !canon.starts_with(&out_canon) || !canon.is_dir() {
                return Err(OutputError::BadPath(page.path.clone()));
            }
            dirs.insert(format!("{}/", acc.to_string_lossy().replace('\\', "/")));
        }
        let target = out_canon.join(&rel);
        if let Ok(meta) = fs::symlink_metadata(&target) {
            if meta.file_type().is_symlink() || meta.is_dir() {
                return Err(OutputError::BadPath(page.path.clone()));
            }
            if is_goal_file(&target) {
                return Err(OutputError::Unsafe {
                    out: target,
                    reason: "it is a goal file (Markdown with frontmatter), which goalpost never overwrites".into(),
                });
            }
            if meta.len() == page.bytes.len() as u64 {
                if let Ok(existing) = fs::read(&target) {
                    if existing == page.bytes {
                        stats.unchanged += 1;
                        continue;
                    }
                }
            }
        }
        write_atomic(&target, &page.bytes)?;
        stats.written += 1;
    }

    // Remove what the last build wrote and this one did not.
    let mut stale_dirs = Vec::new();
    for entry in &previous {
        if let Some(dir) = entry.strip_suffix('/') {
            if !dirs.contains(entry) {
                stale_dirs.push(dir.to_string());
            }
            continue;
        }
        if files.contains(entry) {
            continue;
        }
        let Some(rel) = clean_relative(entry) else {
            continue;
        };
        let path = out_canon.join(&rel);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_file() || is_goal_file(&path) {
            continue;
        }
        match path.parent().map(fs::canonicalize) {
            Some(Ok(parent)) if parent.starts_with(&out_canon) => {}
            _ => continue,
        }
        fs::remove_file(&path).map_err(io_err(&path, "remove stale file"))?;
        stats.removed += 1;
    }
    // Deepest folders first; `remove_dir` only removes empty ones.
    stale_dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    for dir in stale_dirs {
        if let Some(rel) = clean_relative(&dir) {
            let path = out_canon.join(rel);
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                let _ = fs::remove_dir(&path);
            }
        }
    }

    write_manifest(&out_canon, &files, &dirs)?;
    Ok(stats)
}

fn read_manifest(out: &Path) -> Vec<String> {
    match fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The files listed in the output folder's manifest (written by goalpost).
pub fn manifest_files(out: &Path) -> Vec<String> {
    read_manifest(out)
        .into_iter()
        .filter(|l| !l.ends_with('/'))
        .collect()
}

fn write_manifest(
    out: &Path,
    files: &BTreeSet<String>,
    dirs: &BTreeSet<String>,
) -> Result<(), OutputError> {
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    for d in dirs {
        text.push_str(d);
        text.push('\n');
    }
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    let path = out.join(MANIFEST);
    if fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    write_atomic(&path, text.as_bytes())
}

/// Writes through a temp file in the same folder, then renames over `target`.
fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        // No fsync: the rename is what makes the page atomic for readers,
        // and a report lost to a power cut is simply rebuilt.
        drop(file);
        fs::rename(&tmp, target)
    })();
    if let Err(source) = result {
        let _ = fs::remove_file(&tmp);
        return Err(OutputError::Io {
            path: target.to_path_buf(),
            action: "write",
            source,
        });
    }
    Ok(())
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
    if out_c.is_dir() && !out_c.join(MANIFEST).is_file() {
        // Not a folder goalpost wrote before: only an empty one is ours to fill,
        // so that `--out ~` can never overwrite somebody's own index.html.
        let mut entries = fs::read_dir(&out_c).map_err(io_err(&out_c, "read"))?;
        if let Some(Ok(entry)) = entries.next() {
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
        if let Some(found) = find_goal_file(&out_c, &out_c, 0) {
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

fn has_md_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// A `.md` file that starts with frontmatter: a goal file, never goalpost's
/// to overwrite or delete.
fn is_goal_file(path: &Path) -> bool {
    has_md_extension(path) && has_frontmatter(path)
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
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        assert!(clean_relative("goals/a.html").is_some());
        for bad in [
            "../x",
            "/etc/x",
            "a/../../x",
            "",
            "a\\..\\x",
            "./",
            "a\nb",
            "a\tb",
        ] {
            assert!(clean_relative(bad).is_none(), "{bad}");
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string());
        let Ok(dir) = dir else { return };
        let err = write_site(dir.path(), &[page("../escape.html", "x")]);
        assert!(matches!(err, Err(OutputError::BadPath(_))));
        assert!(!dir
            .path()
            .parent()
            .map(|p| p.join("escape.html").exists())
            .unwrap_or(true));
    }

    #[test]
    fn writes_then_skips_unchanged_then_removes_stale() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("site");
        let first = write_site(
            &out,
            &[
                page("index.html", "a"),
                page("goals/x.html", "x"),
                page("goals/deep/y.html", "y"),
            ],
        )?;
        assert_eq!(
            first,
            WriteStats {
                written: 3,
                unchanged: 0,
                removed: 0
            }
        );
        assert_eq!(fs::read_to_string(out.join("goals/x.html"))?, "x");
        // A file of the user's that goalpost did not write.
        fs::write(out.join("goals/notes.txt"), "mine")?;
        let second = write_site(&out, &[page("index.html", "b"), page("goals/x.html", "x")])?;
        assert_eq!(
            second,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("goals/deep").exists(), "emptied folder removed");
        assert!(out.join("goals/notes.txt").exists(), "unlisted file kept");
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "b");
        // No temp files left behind.
        let leftovers: Vec<_> = fs::read_dir(&out)?
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        Ok(())
    }

    #[test]
    fn a_planted_manifest_never_deletes_goal_files() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("site");
        fs::create_dir_all(out.join("goals"))?;
        let goals = [
            ("goals/a.md", "---\nkind: purpose\ntitle: A\n---\n"),
            ("goals/b.MD", "\u{feff}---  \r\ntitle: B\n---\n"),
            ("goals/c.md", "+++\ntitle = 'C'\n+++\n"),
            ("d.md", "---\ntitle: D\n---\n"),
        ];
        let mut planted = format!("{MANIFEST_HEADER}\ngoals/\n");
        for (path, text) in goals {
            fs::write(out.join(path), text)?;
            planted.push_str(path);
            planted.push('\n');
        }
        fs::write(out.join(MANIFEST), planted)?;
        let stats = write_site(&out, &[page("index.html", "home")])?;
        assert_eq!(stats.removed, 0);
        for (path, text) in goals {
            assert_eq!(fs::read_to_string(out.join(path))?, text, "{path}");
        }
        // Nor overwrites one.
        let err = write_site(&out, &[page("goals/a.md", "---\nnew\n")]);
        assert!(matches!(err, Err(OutputError::Unsafe { .. })), "{err:?}");
        assert_eq!(fs::read_to_string(out.join("goals/a.md"))?, goals[0].1);
        // And the folder is not taken for a report, manifest or not.
        let err = check_output_dir(dir.path(), &out);
        assert!(matches!(err, Err(OutputError::Unsafe { .. })), "{err:?}");
        Ok(())
    }

    #[test]
    fn frontmatter_is_recognised_as_the_reader_does() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let cases = [
            ("---\nx: 1\n", true),
            ("---   \r\nx: 1\n", true),
            ("\u{feff}---\n", true),
            ("---", true),
            ("+++\n", true),
            ("# Notes\n---\n", false),
            ("----\n", false),
            ("", false),
        ];
        for (i, (text, goal)) in cases.iter().enumerate() {
            let path = dir.path().join(format!("{i}.md"));
            fs::write(&path, text)?;
            assert_eq!(is_goal_file(&path), *goal, "{text:?}");
            let txt = dir.path().join(format!("{i}.txt"));
            fs::write(&txt, text)?;
            assert!(!is_goal_file(&txt));
        }
        Ok(())
    }
}
