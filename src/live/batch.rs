//! What the watcher hands on: a batch of [`Changes`], what
//! [`Watcher::next`](super::Watcher::next) saw, and what a rebuild tells
//! the watch loop back.

use std::path::{Path, PathBuf};

/// One batch of relevant changes, paths relative to the repository.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Sorted, without repeats.
    pub paths: Vec<PathBuf>,
    /// The watcher lost track (event queue overflow): anything may have changed.
    pub rescan: bool,
    /// The local date changed since the last build: "today" moved on.
    pub new_day: bool,
}

impl Changes {
    /// What [`Watcher::run`](super::Watcher::run) hands on at a new day: no file changed.
    pub fn new_day() -> Changes {
        Changes {
            new_day: true,
            ..Changes::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan && !self.new_day
    }

    /// A short description for a status line: "goals/x.md changed",
    /// "goals/x.md and 2 more changed", "a new day".
    pub fn describe(&self) -> String {
        if self.rescan {
            return "files changed".to_string();
        }
        if self.new_day && self.paths.is_empty() {
            return "a new day".to_string();
        }
        // Name a file rather than the new folder it came in.
        let named = self
            .paths
            .iter()
            .find(|p| p.extension().is_some())
            .or(self.paths.first());
        match (named, self.paths.len()) {
            (None, _) => "nothing changed".to_string(),
            (Some(one), 1) => format!("{} changed", slashed(one)),
            (Some(first), n) => format!("{} and {} more changed", slashed(first), n - 1),
        }
    }

    pub(super) fn add(&mut self, path: PathBuf) {
        if let Err(at) = self.paths.binary_search(&path) {
            self.paths.insert(at, path);
        }
    }
}

pub(super) fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What [`Watcher::next`](super::Watcher::next) saw.
#[derive(Debug)]
pub enum Next {
    Changes(Changes),
    /// The watcher reported a problem; it keeps watching.
    Trouble(String),
    /// [`Stopper::stop`] was called (Ctrl-C).
    Stopped,
    /// The timeout given to [`Watcher::next`](super::Watcher::next) passed first.
    TimedOut,
}

/// What a rebuild tells the watch loop.
#[derive(Debug, Clone, Default)]
pub struct Rebuilt {
    /// The output folder written to, if known (it can move when `goalpost.yml` changes).
    pub out_dir: Option<PathBuf>,
}
