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
const MAKER: &str = "# made by ";
const INCOMPLETE: &str =
    "# incomplete: a build stopped part-way; the next one checks these files by reading them";

/// The hash and length of the bytes goalpost wrote to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(crate) hash: u64,
    pub(crate) len: u64,
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
/// # made by goalpost 0.1.0 3c9a0e1f7b2d4a65
/// goals/
/// goals/classroom-visits.html→9c1e04b7d2a35f60→14302→a41f0c9b7e3d2256
/// index.html→01d8f3a2c4b5e697→20571→5be0d1c3f2a49870
/// ```
///
/// (`→` stands for a tab.) One folder (ending in `/`) or file per line, in
/// byte order. A file line is `path<TAB>hash<TAB>length`: the
/// [`content_hash`](super::content_hash) of the bytes goalpost wrote (16 hex
/// digits) and their length. A line with a plain path (the format before
/// hashes were recorded) means "written by goalpost, content unknown".
///
/// A fourth field, when there is one, is the file's *key*: a hash of
/// everything its bytes were made from (see
/// [`SiteWriter::keep_keyed`](super::SiteWriter::keep_keyed)), so that a
/// later build, in another process too, need not make a page whose key has
/// not changed. Keys hold only for the goalpost that wrote them: the
/// `# made by` line names it (its version and its program file), and a
/// build by any other goalpost makes every page again.
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
    /// Each file's key, for the files written or kept with one.
    pub(super) keys: BTreeMap<String, u64>,
    /// The `# made by` line: which goalpost made the files ([`maker`]).
    pub(super) maker: Option<String>,
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
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// The recorded content hash of `path`, if it is known.
    #[cfg(test)]
    pub(crate) fn hash(&self, path: &str) -> Option<u64> {
        self.files.get(path).copied().flatten().map(|s| s.hash)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether `path` (as given to [`SiteWriter::write`](super::SiteWriter::write)) is recorded.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The recorded file paths, in byte order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The key recorded for `path`, when the manifest can be trusted and
    /// was written by this very goalpost ([`maker`]).
    pub(crate) fn key(&self, path: &str) -> Option<u64> {
        let ours = self.maker.as_deref() == Some(maker());
        match ours && self.trusted() {
            true => self.keys.get(path).copied(),
            false => None,
        }
    }

    /// Whether the recorded hashes say what is on disk, so that a file that
    /// still has its recorded length need not be read to know it is unchanged.
    pub(super) fn trusted(&self) -> bool {
        self.build.is_some()
    }

    /// The manifest's text; without a `build` token it is written as incomplete.
    pub(super) fn text(&self) -> String {
        text(self)
    }
}

/// Which goalpost makes the files: its version and a stamp of its program
/// file (size and modification time), so that a goalpost built again from
/// changed code, with the same version number, does not trust the keys of
/// another.
pub fn maker() -> &'static str {
    static MAKER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MAKER.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        let program = std::env::current_exe().and_then(std::fs::metadata);
        match program {
            Ok(meta) => (meta.len(), meta.modified().ok()).hash(&mut h),
            // Unknown: a stamp no other process makes, so no key is trusted.
            Err(_) => new_token().hash(&mut h),
        }
        format!("goalpost {} {:016x}", env!("CARGO_PKG_VERSION"), h.finish())
    })
}

pub(super) fn parse(text: &str) -> Written {
    let mut out = Written::default();
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(token) = line.strip_prefix(BUILD) {
            out.build = u64::from_str_radix(token.trim(), 16).ok();
            continue;
        }
        if let Some(maker) = line.strip_prefix(MAKER) {
            out.maker = Some(maker.trim().to_string());
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((path, rest)) => {
                let mut fields = rest.split('\t');
                let (hash, len, key) = (fields.next(), fields.next(), fields.next());
                let stamp = (|| {
                    Some(Stamp {
                        hash: u64::from_str_radix(hash?, 16).ok()?,
                        len: len?.parse().ok()?,
                    })
                })();
                let key = key.and_then(|k| u64::from_str_radix(k, 16).ok());
                if let (Some(key), Some(_)) = (key, stamp) {
                    out.keys.insert(path.to_string(), key);
                }
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

/// The manifest's text; without a `build` token it is written as incomplete
/// (and without keys: an incomplete manifest's are never trusted).
fn text(w: &Written) -> String {
    use std::fmt::Write;
    let mut text = String::with_capacity(128 + w.files.len() * 80);
    text.push_str(HEADER);
    text.push('\n');
    match w.build {
        Some(token) => {
            let _ = writeln!(text, "{BUILD}{token:016x}");
            if let Some(maker) = &w.maker {
                let _ = writeln!(text, "{MAKER}{maker}");
            }
        }
        None => {
            text.push_str(INCOMPLETE);
            text.push('\n');
        }
    }
    for dir in &w.dirs {
        text.push_str(dir);
        text.push_str("/\n");
    }
    for (path, stamp) in &w.files {
        text.push_str(path);
        if let Some(Stamp { hash, len }) = stamp {
            let _ = write!(text, "\t{hash:016x}\t{len}");
            match w.keys.get(path) {
                Some(key) if w.build.is_some() => {
                    let _ = write!(text, "\t{key:016x}");
                }
                _ => {}
            }
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
