//! The manifest: what goalpost wrote into the output folder.
//!
//! The format is described at [`Written`].

use super::{OutputError, MANIFEST};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;

pub(super) const HEADER: &str = "# goalpost: files written by the last build; do not edit";
const BUILD: &str = "# build ";
const INCOMPLETE: &str =
    "# incomplete: a build stopped part-way; the next one checks these files by reading them";

/// The hash and length of the bytes goalpost wrote to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub hash: u64,
    pub len: u64,
}

impl Stamp {
    pub fn of(bytes: &[u8]) -> Stamp {
        Stamp {
            hash: super::content_hash(bytes),
            len: bytes.len() as u64,
        }
    }
}

/// What a build wrote: each file's path with the hash of its content, and
/// the folders it made. [`SiteWriter::finish`](super::SiteWriter::finish)
/// returns it; `watch` and `serve` keep it between builds and hand it to the
/// next [`SiteWriter::begin`](super::SiteWriter::begin), which uses it
/// instead of reading the manifest as long as the manifest on disk is still
/// the one that build wrote.
///
/// # The manifest
///
/// ```text
/// # goalpost: files written by the last build; do not edit
/// # build 5f0c2a9e71d3b804
/// goals/
/// goals/classroom-visits.html→9c1e04b7d2a35f60→14302
/// index.html→01d8f3a2c4b5e697→20571
/// ```
///
/// (`→` stands for a tab.) One folder (ending in `/`) or file per line, in
/// byte order. A file line is `path<TAB>hash<TAB>length`: the
/// [`content_hash`](super::content_hash) of the bytes goalpost wrote (16 hex
/// digits) and their length. A line with a plain path (the format before
/// hashes were recorded) means "written by goalpost, content unknown".
///
/// The `# build` line names the build that wrote the manifest, so a
/// [`Written`] kept in memory can tell whether the manifest is still its own.
/// A manifest without it is not trusted for skipping unchanged files: that
/// is the old format, or one marked `# incomplete` by a build that stopped
/// part-way after overwriting files it had recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Path → what was written; `None`: recorded without a hash (old format).
    pub(super) files: BTreeMap<String, Option<Stamp>>,
    /// Folders, without the trailing `/`.
    pub(super) dirs: BTreeSet<String>,
    /// The `# build` token of the manifest this describes.
    pub(super) build: Option<u64>,
}

impl Written {
    /// What the manifest in `out_dir` records; empty when there is none.
    pub fn read(out_dir: &Path) -> Written {
        match fs::read_to_string(out_dir.join(MANIFEST)) {
            Ok(text) => parse(&text),
            Err(_) => Written::default(),
        }
    }

    /// How many files are recorded.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether `path` (as given to [`SiteWriter::write`](super::SiteWriter::write)) is recorded.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The recorded content hash of `path`, if it is known.
    pub fn hash(&self, path: &str) -> Option<u64> {
        self.files.get(path).copied().flatten().map(|s| s.hash)
    }

    /// The recorded file paths, in byte order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Whether the recorded hashes say what is on disk, so that a file that
    /// still has its recorded length need not be read to know it is unchanged.
    pub(super) fn trusted(&self) -> bool {
        self.build.is_some()
    }
}

pub(super) fn parse(text: &str) -> Written {
    let mut out = Written::default();
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(token) = line.strip_prefix(BUILD) {
            out.build = u64::from_str_radix(token.trim(), 16).ok();
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((path, rest)) => {
                let stamp = rest.split_once('\t').and_then(|(hash, len)| {
                    Some(Stamp {
                        hash: u64::from_str_radix(hash, 16).ok()?,
                        len: len.parse().ok()?,
                    })
                });
                out.files.insert(path.to_string(), stamp);
            }
            None => {
                let entry = line.trim();
                if let Some(dir) = entry.strip_suffix('/') {
                    out.dirs.insert(dir.to_string());
                } else {
                    out.files.insert(entry.to_string(), None);
                }
            }
        }
    }
    out
}

/// The manifest's text; `build: None` writes it as incomplete.
pub(super) fn text(
    files: &BTreeMap<String, Option<Stamp>>,
    dirs: &BTreeSet<String>,
    build: Option<u64>,
) -> String {
    let mut text = String::with_capacity(64 + files.len() * 64);
    text.push_str(HEADER);
    text.push('\n');
    match build {
        Some(token) => text.push_str(&format!("{BUILD}{token:016x}\n")),
        None => {
            text.push_str(INCOMPLETE);
            text.push('\n');
        }
    }
    for dir in dirs {
        text.push_str(dir);
        text.push_str("/\n");
    }
    for (path, stamp) in files {
        text.push_str(path);
        if let Some(Stamp { hash, len }) = stamp {
            text.push_str(&format!("\t{hash:016x}\t{len}"));
        }
        text.push('\n');
    }
    text
}

/// The `# build` token of the manifest in `out`, read from its first lines only.
pub(super) fn build_token(out: &Path) -> Option<u64> {
    let file = fs::File::open(out.join(MANIFEST)).ok()?;
    let mut lines = BufReader::new(file).lines();
    let first = lines.next()?.ok()?;
    if first.trim_end() != HEADER {
        return None;
    }
    let second = lines.next()?.ok()?;
    u64::from_str_radix(second.strip_prefix(BUILD)?.trim(), 16).ok()
}

/// Writes the manifest (atomically, like every page).
pub(super) fn store(out: &Path, text: &str) -> Result<(), OutputError> {
    super::write_atomic(&out.join(MANIFEST), text.as_bytes())
}

/// A fresh `# build` token: different for every build, in every process.
pub(super) fn new_token() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let seed = format!(
        "{now}:{}:{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    super::content_hash(seed.as_bytes())
}
