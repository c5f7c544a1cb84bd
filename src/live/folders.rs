//! The folders the watcher knows: every folder that could hold goals (so a
//! vanished path can be told a folder), the top-level ones polling
//! watches, and the ways events may spell the output folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The folders under `root` that could hold goals (not hidden, not the
/// output), for the watcher to know which paths were folders.
pub(super) fn folders_under(root: &Path, outs: &[PathBuf]) -> HashSet<PathBuf> {
    let mut found = HashSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && !hidden && !outs.iter().any(|o| path.starts_with(o)) {
                found.insert(path.clone());
                stack.push(path);
            }
        }
    }
    found
}

/// The folders directly in `root` that polling watches: not hidden, not
/// the output folder.
pub(super) fn top_level_folders(root: &Path, outs: &[PathBuf]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    entries
        .map_while(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && is_polled_folder(p, outs))
        .collect()
}

pub(super) fn is_polled_folder(path: &Path, outs: &[PathBuf]) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    !hidden && !outs.iter().any(|out| out == path)
}

/// The output folder as events may name it: its real path, and its path
/// through its parent's real path (the two differ when the output folder
/// is itself a symlink, and the watcher reports paths through the link).
pub(super) fn output_spellings(out: &Path) -> Vec<PathBuf> {
    let mut spellings = vec![canonical_best(out)];
    let absolute = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    if let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) {
        if let Ok(parent) = parent.canonicalize() {
            let through_link = parent.join(name);
            if !spellings.contains(&through_link) {
                spellings.push(through_link);
            }
        }
    }
    spellings
}

/// The canonical form of `path` if it exists; else its parent's canonical
/// form joined with its name (an output folder not built yet); else the
/// path made absolute.
pub(crate) fn canonical_best(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => match parent.canonicalize() {
            Ok(p) => p.join(name),
            Err(_) => absolute.clone(),
        },
        _ => absolute.clone(),
    }
}
