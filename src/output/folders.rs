//! The folders of one build's pages: each checked once to be a folder
//! inside the output folder (never a link out of it), made when missing.

use super::files::{in_the_way, lock, slash};
use super::journal::Journal;
use super::{io_err, OutputError};
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folders a build has checked (relative, `/`-separated).
#[derive(Debug)]
pub(super) struct Folders {
    /// The output folder, canonical.
    out: PathBuf,
    checked: Mutex<BTreeSet<String>>,
}

impl Folders {
    /// None checked yet, in the (canonical) output folder `out`.
    pub(super) fn new(out: &Path) -> Folders {
        Folders {
            out: out.to_path_buf(),
            checked: Mutex::new(BTreeSet::new()),
        }
    }

    /// The folders checked so far.
    pub(super) fn checked(&self) -> BTreeSet<String> {
        lock(&self.checked).clone()
    }

    /// Checks (and with `create`, makes) each parent folder of `rel`, one
    /// level at a time, refusing any that resolves outside the output folder
    /// (a symlink) or is not a folder. `Ok(false)`: a folder is missing and
    /// `create` is off. Checked folders are remembered for this build; the
    /// lock makes creation from several threads race-free.
    pub(super) fn parents(
        &self,
        journal: &Journal,
        path: &str,
        rel: &Path,
        create: bool,
    ) -> Result<bool, OutputError> {
        let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else {
            return Ok(true);
        };
        let key = slash(parent);
        let mut dirs = lock(&self.checked);
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
                    journal.intend(&format!("{key}/\n"))?;
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
}
