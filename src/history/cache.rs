//! The history kept between rebuilds (`watch`, `serve`): re-read only when
//! HEAD moved.

use super::git::{self, Head};
use super::History;
use std::path::{Path, PathBuf};

/// Keeps the history between rebuilds and re-reads it only when HEAD moved
/// (one cheap `git rev-parse` per check) or the root changed. `Default`, so
/// it can sit in a build session before the root is known.
#[derive(Debug, Default)]
pub struct HistoryCache {
    root: Option<PathBuf>,
    head: Option<Head>,
    history: History,
}

impl HistoryCache {
    pub fn new() -> HistoryCache {
        HistoryCache::default()
    }

    /// Re-reads the history of `root` if HEAD moved since the last read, or
    /// on the first call, or when `root` is another folder. Returns whether
    /// it was re-read.
    pub fn refresh(&mut self, root: &Path) -> bool {
        let probe = git::probe(root);
        if self.root.as_deref() == Some(root) && self.head.as_ref() == Some(&probe.head) {
            return false;
        }
        self.root = Some(root.to_path_buf());
        self.head = Some(probe.head.clone());
        self.history = History::read_at(root, probe);
        true
    }

    /// The history as of the last [`refresh`](Self::refresh).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Refreshes, then returns the history of `root`.
    pub fn read(&mut self, root: &Path) -> &History {
        self.refresh(root);
        &self.history
    }
}
