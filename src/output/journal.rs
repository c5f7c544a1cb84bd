//! The intent log ([`JOURNAL`]): before each file or folder a build makes,
//! a line says what it will hold, so that a build killed part-way leaves
//! the next one enough to tell goalpost's files from anyone else's
//! ([`recover`]). The format is described at [`SiteWriter`](super::SiteWriter).

use super::files::{file_name, refuse_link, slash};
use super::manifest::{self, Stamp, Written};
use super::{clean_relative, io_err, is_goal_file, OutputError, JOURNAL, MANIFEST};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The intent log of one build, opened at the first file or folder made.
#[derive(Debug)]
pub(super) struct Journal {
    path: PathBuf,
    file: Mutex<Option<fs::File>>,
}

impl Journal {
    /// The intent log of the output folder `out` (not opened yet).
    pub(super) fn of(out: &Path) -> Journal {
        Journal {
            path: out.join(JOURNAL),
            file: Mutex::new(None),
        }
    }

    /// Appends `line` to the intent log (opening it first), before the file
    /// or folder it describes is made.
    pub(super) fn intend(&self, line: &str) -> Result<(), OutputError> {
        let path = &self.path;
        let mut journal = super::files::lock(&self.file);
        if journal.is_none() {
            refuse_link(path)?;
            let file = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(io_err(path, "create the intent log"))?;
            *journal = Some(file);
        }
        if let Some(file) = journal.as_mut() {
            // One write per line: a kill leaves whole lines, or a last
            // partial one that recovery skips.
            file.write_all(line.as_bytes())
                .map_err(io_err(path, "write the intent log"))?;
        }
        Ok(())
    }

    /// Empties the intent log once the manifest says everything it did.
    /// It is emptied, not removed, so that the output folder's list of
    /// files does not change with every build (a `git add` of it while
    /// `watch` runs, say).
    pub(super) fn end(&self) -> Result<(), OutputError> {
        if let Some(file) = super::files::lock(&self.file).take() {
            let path = &self.path;
            file.set_len(0)
                .map_err(io_err(path, "empty the intent log"))?;
        }
        Ok(())
    }
}

/// The intent log's word, where a temp file's name goes, for a page made
/// where nothing was (never a temp file's name: those start with a dot).
pub(super) const MADE_IN_PLACE: &str = "-";

/// The intent log's word, where a hash and a length go, for a file whose
/// bytes are still being written to its temp file ([`SiteWriter::write_streamed`]).
pub(super) const UNKNOWN: &str = "?";

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
pub(super) fn recover(out: &Path) -> Result<Option<Written>, OutputError> {
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
    last.keys.clear();
    manifest::store(out, &last.text())?;
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
