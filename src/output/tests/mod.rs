//! Tests of the output folder's writer, by concern: what a build writes,
//! keeps, skips and removes, and what its manifest records (`writes.rs`);
//! what it refuses to write over or through (`safety.rs`); how a build cut
//! short is recovered from its intent log (`recovery.rs`). The helpers
//! they all build with are here.

use super::manifest::{self, Stamp};
use super::*;
use std::collections::{BTreeMap, BTreeSet};

mod recovery;
mod safety;
mod writes;

type Res = Result<(), Box<dyn std::error::Error>>;

fn page(path: &str, text: &str) -> Page {
    Page {
        path: path.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn stats(written: usize, unchanged: usize, removed: usize) -> WriteStats {
    WriteStats {
        written,
        unchanged,
        removed,
        ..WriteStats::default()
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| format!("<{e}>"))
}

/// A build through [`SiteWriter`]: `write` each page, `keep` each path.
fn build(
    out: &Path,
    last: Option<Written>,
    pages: &[(&str, &str)],
    keep: &[&str],
) -> Result<(WriteStats, Written), OutputError> {
    let writer = SiteWriter::begin(out, last)?;
    for (path, text) in pages {
        writer.write(path, text.as_bytes())?;
    }
    for path in keep {
        assert!(writer.keep(path)?, "kept {path}");
    }
    writer.finish()
}

/// `write_streamed` with `parts` written one after another.
fn streamed(writer: &SiteWriter, path: &str, parts: &[&[u8]]) -> Result<(), OutputError> {
    writer.write_streamed(path, |out| {
        for part in parts {
            out.write_all(part)?;
        }
        Ok(())
    })
}

/// A manifest of `files` and `dirs` with the build token `token`.
fn manifest_of(
    files: &BTreeMap<String, Option<Stamp>>,
    dirs: &BTreeSet<String>,
    token: Option<u64>,
) -> Written {
    Written {
        files: files.clone(),
        dirs: dirs.clone(),
        build: token,
        ..Written::default()
    }
}
