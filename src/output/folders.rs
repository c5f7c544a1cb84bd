//! The folders of one build's pages: each checked once to be a folder
//! inside the output folder (never a link out of it), made when missing.
//! A folder this build made was empty then, so a page in it need not be
//! looked for before it is made (a cold build makes thousands).

use super::files::{in_the_way, lock, slash};
use super::journal::Journal;
use super::{io_err, OutputError};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folders a build has checked (relative, `/`-separated).
#[derive(Debug)]
pub(super) struct Folders {
    /// The output folder, canonical.
    out: PathBuf,
    /// Each folder checked, and whether this build made it.
    checked: Mutex<BTreeMap<String, bool>>,
}

/// What [`Folders::parents`] found of a page's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Parent {
    /// A folder is missing (only when asked not to make it).
    Missing,
    /// The folder was there before this build: anything may be in it.
    There,
    /// This build made the folder, empty: whatever is in it now, this
    /// build put there, or appeared since (which making a page in place
    /// refuses, as it never replaces a file).
    Made,
}

impl Folders {
    /// None checked yet, in the (canonical) output folder `out`.
    pub(super) fn new(out: &Path) -> Folders {
        Folders {
            out: out.to_path_buf(),
            checked: Mutex::new(BTreeMap::new()),
        }
    }

    /// The folders checked so far.
    pub(super) fn checked(&self) -> BTreeSet<String> {
        lock(&self.checked).keys().cloned().collect()
    }

    /// Checks (and with `create`, makes) each parent folder of `rel`, one
    /// level at a time, refusing any that resolves outside the output folder
    /// (a symlink) or is not a folder. [`Parent::Missing`]: a folder is
    /// missing and `create` is off. Checked folders are remembered for this
    /// build; the lock makes creation from several threads race-free. The
    /// output folder itself counts as [`Parent::There`].
    pub(super) fn parents(
        &self,
        journal: &Journal,
        path: &str,
        rel: &Path,
        create: bool,
    ) -> Result<Parent, OutputError> {
        let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) else {
            return Ok(Parent::There);
        };
        let found = |made: bool| if made { Parent::Made } else { Parent::There };
        let key = slash(parent);
        let mut dirs = lock(&self.checked);
        if let Some(&made) = dirs.get(&key) {
            return Ok(found(made));
        }
        let mut acc = PathBuf::new();
        let mut made = false;
        for part in parent.components() {
            acc.push(part);
            let key = slash(&acc);
            if let Some(&was_made) = dirs.get(&key) {
                made = was_made;
                continue;
            }
            let dir = self.out.join(&acc);
            made = false;
            if create {
                if fs::symlink_metadata(&dir).is_err() {
                    journal.intend(&format!("{key}/\n"))?;
                }
                match fs::create_dir(&dir) {
                    Ok(()) => made = true,
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(io_err(&dir, "create folder")(e)),
                }
            }
            let canon = match fs::canonicalize(&dir) {
                Ok(canon) => canon,
                Err(e) if !create && e.kind() == io::ErrorKind::NotFound => {
                    return Ok(Parent::Missing)
                }
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
            dirs.insert(key, made);
        }
        Ok(found(made))
    }
}
