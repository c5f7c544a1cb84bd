//! Finding the goal files of a repository (FORMAT §1).

use crate::diagnostics::{Diagnostic, Location, Pos};
use std::path::{Path, PathBuf};
use walkdir::{DirEntry, WalkDir};

/// A file found below the repository root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Found {
    /// The root joined with the relative path.
    pub(crate) path: PathBuf,
    /// Relative to the root, `/`-separated: what diagnostics and `goals.json` show.
    pub(crate) rel: String,
}

/// The folder of template overrides, never read as goals.
pub(crate) const TEMPLATES_DIR: &str = "templates";

/// Every `*.md` file below `root`, sorted by relative path, skipping the
/// output folder, the top-level `templates/` and hidden folders. Symlinks
/// are followed, but a link back into a folder already being walked is
/// reported (`symlink-loop`) instead of followed.
pub(crate) fn discover(root: &Path, output: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    let output = normalise(output);
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| keep(e, root, &output));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_markdown(e.path()) => {
                found.push(Found {
                    rel: relative(root, e.path()),
                    path: e.path().to_path_buf(),
                });
            }
            Ok(e) if e.depth() > 0 && is_markdown(e.path()) => {
                // Never opened: reading a FIFO would block for ever.
                let at = Location::new(relative(root, e.path()), Pos::new(1, 1));
                let (what, then) = if e.file_type().is_dir() {
                    ("a folder", "the files in it are read as usual")
                } else {
                    (
                        "not a regular file (a FIFO, socket or device)",
                        "it was skipped",
                    )
                };
                diagnostics.push(
                    Diagnostic::warning(
                        "not-a-file",
                        &at,
                        format!("this `.md` path is {what}, not a goal file; {then}"),
                    )
                    .with_hint("rename it so that its name does not end in `.md`, or remove it"),
                );
            }
            Ok(_) => {}
            // The hidden-file rule comes before any look at a file: an
            // editor's lock `.#x.md` is a link to nowhere, and following it
            // fails before `keep` sees its name.
            Err(err) if err.path().is_some_and(is_hidden) => {}
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_default();
                let at = Location::new(path, Pos::new(1, 1));
                let d = if let Some(ancestor) = err.loop_ancestor() {
                    Diagnostic::warning(
                        "symlink-loop",
                        &at,
                        format!(
                            "this symbolic link points back to `{}`, a folder that contains it; it was not followed",
                            relative(root, ancestor)
                        ),
                    )
                    .with_hint("remove the link, or point it at a folder outside this one")
                } else {
                    let why = err
                        .io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string());
                    Diagnostic::error("read-error", &at, format!("cannot read this path: {why}"))
                        .with_hint("check that the file or folder exists and is readable")
                };
                diagnostics.push(d);
            }
        }
    }
    (found, diagnostics)
}

fn keep(entry: &DirEntry, root: &Path, output: &Path) -> bool {
    if entry.depth() == 0 {
        return true;
    }
    let name = entry.file_name().to_string_lossy();
    // Hidden files and folders: `.git`, `.obsidian`, an editor's `.#x.md`
    // lock, macOS's `._x.md`.
    if name.starts_with('.') {
        return false;
    }
    if entry.file_type().is_dir() {
        if entry.depth() == 1 && name == TEMPLATES_DIR {
            return false;
        }
        if normalise(entry.path()) == output {
            return false;
        }
        let _ = root;
    }
    true
}

/// Whether the last part of `path` is hidden (starts with `.`).
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Whether `path` names a Markdown file (`.md`, any case).
pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// `path` relative to `root`, with `/` separators.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Canonical form when the path exists; otherwise the path with `.` parts dropped.
fn normalise(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.components().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An editor's lock (a link to nowhere) and macOS's AppleDouble files
    /// are hidden files: never read, never an error.
    #[cfg(unix)]
    #[test]
    fn editor_locks_and_appledouble_files_are_skipped_unread() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("goals")).unwrap();
        fs::write(root.join("goals/a.md"), "---\nkind: purpose\n---\n").unwrap();
        std::os::unix::fs::symlink("user@host.123:456", root.join("goals/.#a.md")).unwrap();
        fs::write(root.join("goals/._a.md"), [0u8, 5, 22, 7]).unwrap();
        let (found, diags) = discover(root, &root.join("site"));
        assert_eq!(diags, Vec::new());
        let rels: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["goals/a.md"]);
        // Control: a link to nowhere that is not hidden is an error.
        std::os::unix::fs::symlink("nowhere", root.join("goals/b.md")).unwrap();
        let (_, diags) = discover(root, &root.join("site"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "read-error");
    }
    use std::fs;

    #[test]
    fn skips_hidden_templates_output_and_non_markdown() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "goals/a.md",
            "goals/deep/b.MD",
            "notes.txt",
            ".git/x.md",
            ".obsidian/y.md",
            "templates/t.md",
            "site/goals/z.md",
            "sub/templates/kept.md",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "---\nkind: purpose\n---\n").unwrap();
        }
        let (found, diags) = discover(root, &root.join("site"));
        let rels: Vec<_> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            ["goals/a.md", "goals/deep/b.MD", "sub/templates/kept.md"]
        );
        assert!(diags.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn reports_symlink_loops_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("goals")).unwrap();
        fs::write(root.join("goals/a.md"), "---\nkind: purpose\n---\n").unwrap();
        std::os::unix::fs::symlink(root.join("goals"), root.join("goals/loop")).unwrap();
        let (found, diags) = discover(root, &root.join("site"));
        assert_eq!(found.len(), 1);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "symlink-loop");
        assert_eq!(diags[0].file, "goals/loop");
    }
}
