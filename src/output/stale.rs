//! Removing what an earlier build wrote and this one no longer makes: only
//! files that still hold exactly the bytes goalpost recorded, never a goal
//! file, never anything outside the output folder.

use super::manifest::Stamp;
use super::{clean_relative, io_err, is_goal_file, OutputError};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// What became of a stale file.
pub(super) enum Stale {
    /// It held what goalpost recorded writing, and is gone.
    Removed,
    /// Not goalpost's to remove (any more): left in place.
    Foreign,
    /// Already gone (or a path that could never have been written).
    Gone,
}

/// Removes the file at `path` that the last build wrote (`recorded`) and
/// this one did not, when it still holds those bytes.
pub(super) fn remove_stale(
    out: &Path,
    path: &str,
    recorded: Option<Stamp>,
) -> Result<Stale, OutputError> {
    let Some(rel) = clean_relative(path) else {
        return Ok(Stale::Gone);
    };
    let target = out.join(&rel);
    let Ok(meta) = fs::symlink_metadata(&target) else {
        return Ok(Stale::Gone);
    };
    if !meta.is_file() {
        return Ok(Stale::Foreign);
    }
    match target.parent().map(fs::canonicalize) {
        Some(Ok(parent)) if parent.starts_with(out) => {}
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

/// Removes the folders of the last build (`last`) that this one did not
/// make (`now`), deepest first, when they are empty.
pub(super) fn remove_stale_dirs(out: &Path, last: &BTreeSet<String>, now: &BTreeSet<String>) {
    let mut stale: Vec<&String> = last.difference(now).collect();
    stale.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    for dir in stale {
        if let Some(rel) = clean_relative(dir) {
            let path = out.join(rel);
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                let _ = fs::remove_dir(&path);
            }
        }
    }
}
