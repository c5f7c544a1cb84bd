//! Watches the goals repository and turns file-system events into batches
//! of relevant changes: wait for a batch, filter it, hand it to a rebuild.
//!
//! The whole repository is watched recursively as folders (not file by
//! file), so every editor's way of saving is seen: in-place writes, vim's
//! rename-and-rewrite, write-temp-then-rename-over, deletes, new files in
//! new folders, folder renames. [`super::filter`] drops what cannot change
//! the report, the output folder above all, so a build never triggers the
//! next one. While nothing changes, the loop sleeps in a blocking receive.

use super::batch::slashed;
pub use super::batch::{Changes, Next, Rebuilt};
use super::clock::{wait_from, Clock, SystemClock};
use super::filter::{is_relevant_event, is_relevant_kind, relevant_path, PathKind};
use super::folders::{folders_under, is_polled_folder, output_spellings, top_level_folders};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Default quiet time after the last event before a batch is handed on.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(30);
/// The shortest quiet time accepted.
pub(crate) const MIN_DEBOUNCE: Duration = Duration::from_millis(10);
/// How often `--poll` looks at every file.
pub(crate) const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// How to watch.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The goals repository.
    pub(crate) root: PathBuf,
    /// The output folder (never a source of changes), inside `root` or not.
    pub(crate) out: PathBuf,
    /// Poll instead of native events (network drives, WSL).
    pub poll: bool,
    pub poll_interval: Duration,
    pub debounce: Duration,
}

impl WatchOptions {
    pub fn new(root: impl Into<PathBuf>, out: impl Into<PathBuf>) -> WatchOptions {
        WatchOptions {
            root: root.into(),
            out: out.into(),
            poll: false,
            poll_interval: DEFAULT_POLL_INTERVAL,
            debounce: DEFAULT_DEBOUNCE,
        }
    }
}

/// The watcher could not start.
#[derive(Debug)]
pub enum WatchError {
    /// The folder to watch cannot be found or opened.
    Root {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The path to watch is not a folder.
    NotAFolder(PathBuf),
    /// The file watcher refused; `poll`: it was the polling one (else a
    /// hint says `--poll` may work).
    Notify {
        path: PathBuf,
        poll: bool,
        source: notify::Error,
    },
}

impl fmt::Display for WatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WatchError::Root { path, source } => {
                write!(f, "cannot watch {}: {source}", path.display())
            }
            WatchError::NotAFolder(path) => {
                write!(f, "cannot watch {}: not a folder", path.display())
            }
            WatchError::Notify { path, poll, source } => {
                write!(f, "cannot watch {}: {source}", path.display())?;
                if !poll {
                    f.write_str(" (--poll may work where file events do not)")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for WatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WatchError::Root { source, .. } => Some(source),
            WatchError::NotAFolder(_) => None,
            WatchError::Notify { source, .. } => Some(source),
        }
    }
}

enum Msg {
    Batch(DebounceEventResult),
    /// Changes seen by another watcher (of a personal folder), as they
    /// are to be named (`~personal/x.md`).
    Elsewhere(Changes),
    Stop,
}

/// Hands another watcher's changes (a personal folder's, FORMAT §11) to
/// a [`Watcher`], so that one loop rebuilds for both.
#[derive(Clone)]
pub struct Forwarder(Sender<Msg>);

impl Forwarder {
    /// Forwards `changes`, their paths named with `prefix`.
    pub fn forward(&self, prefix: &str, changes: &Changes) {
        let named = Changes {
            paths: changes
                .paths
                .iter()
                .map(|p| PathBuf::from(format!("{prefix}{}", slashed(p))))
                .collect(),
            ..changes.clone()
        };
        // The watcher may be gone already: nothing left to tell.
        let _ = self.0.send(Msg::Elsewhere(named));
    }
}

/// Ends a [`Watcher::next`] or [`Watcher::run`] from another thread (a
/// Ctrl-C handler, a test).
#[derive(Clone)]
pub struct Stopper(Sender<Msg>);

impl Stopper {
    pub fn stop(&self) {
        // The watcher may be gone already: nothing left to stop.
        let _ = self.0.send(Msg::Stop);
    }
}

/// The debouncer, kept so the watch lasts as long as the [`Watcher`].
enum Backend {
    /// Native events on the whole repository, recursively: the output
    /// folder's and `.git`'s events arrive too and are filtered out.
    Native(
        // Never read: held so that dropping the Watcher stops the watch.
        #[allow(dead_code)] Debouncer<RecommendedWatcher, RecommendedCache>,
    ),
    /// Polling reads what it watches on every poll, so it watches the root
    /// itself plus each top-level folder that is neither hidden nor the
    /// output (`folders`), and follows top-level folders as they come and go.
    Poll {
        debouncer: Debouncer<PollWatcher, RecommendedCache>,
        folders: BTreeSet<PathBuf>,
    },
}

/// A running watch on a repository.
pub struct Watcher {
    root: PathBuf,
    /// The output folder in every spelling an event may use for it.
    outs: Vec<PathBuf>,
    rx: Receiver<Msg>,
    tx: Sender<Msg>,
    stopped: bool,
    backend: Backend,
    /// Every folder under the root known to exist: a path that vanished
    /// was a folder when it is here (a folder named `2026` or `old.bak`
    /// is not an editor's temp file, and its removal matters).
    folders: HashSet<PathBuf>,
}

impl Watcher {
    /// Starts watching `opts.root` recursively.
    pub fn start(opts: &WatchOptions) -> Result<Watcher, WatchError> {
        let root = opts
            .root
            .canonicalize()
            .map_err(|source| WatchError::Root {
                path: opts.root.clone(),
                source,
            })?;
        if !root.is_dir() {
            return Err(WatchError::NotAFolder(opts.root.clone()));
        }
        let (tx, rx) = channel();
        let events = tx.clone();
        let handler = move |result: DebounceEventResult| {
            let _ = events.send(Msg::Batch(result));
        };
        // The debouncer wakes every quarter of this: keep it from spinning.
        let debounce = opts.debounce.max(MIN_DEBOUNCE);
        // notify's poller compares modification times in whole seconds, so
        // two saves within one second would look like one: compare contents
        // too (a hash per file per poll, the price of a correct --poll).
        let config = notify::Config::default()
            .with_poll_interval(opts.poll_interval)
            .with_compare_contents(opts.poll);
        let fail = |source: notify::Error| WatchError::Notify {
            path: root.clone(),
            poll: opts.poll,
            source,
        };
        let outs = output_spellings(&opts.out);
        let backend = if opts.poll {
            let mut debouncer = new_debouncer_opt::<_, PollWatcher, RecommendedCache>(
                debounce,
                None,
                handler,
                RecommendedCache::new(),
                config,
            )
            .map_err(fail)?;
            debouncer
                .watch(&root, RecursiveMode::NonRecursive)
                .map_err(fail)?;
            let mut folders = BTreeSet::new();
            for folder in top_level_folders(&root, &outs) {
                debouncer
                    .watch(&folder, RecursiveMode::Recursive)
                    .map_err(fail)?;
                folders.insert(folder);
            }
            Backend::Poll { debouncer, folders }
        } else {
            let mut d = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
                debounce,
                None,
                handler,
                RecommendedCache::new(),
                config,
            )
            .map_err(fail)?;
            d.watch(&root, RecursiveMode::Recursive).map_err(fail)?;
            Backend::Native(d)
        };
        Ok(Watcher {
            folders: folders_under(&root, &outs),
            root,
            outs,
            rx,
            tx,
            stopped: false,
            backend,
        })
    }

    /// The repository as watched (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A new output folder to ignore (e.g. after `goalpost.yml`'s `output` changed).
    pub fn set_out(&mut self, out: &Path) {
        self.outs = output_spellings(out);
        if let Backend::Poll { debouncer, folders } = &mut self.backend {
            let polled_output: Vec<PathBuf> = folders
                .iter()
                .filter(|f| self.outs.contains(f))
                .cloned()
                .collect();
            for folder in polled_output {
                let _ = debouncer.unwatch(&folder);
                folders.remove(&folder);
            }
        }
    }

    /// Polling only: starts or stops polling a top-level folder that
    /// appeared or went away.
    fn follow_top_level(&mut self, path: &Path, kind: PathKind) {
        let Backend::Poll { debouncer, folders } = &mut self.backend else {
            return;
        };
        if path.parent() != Some(self.root.as_path()) {
            return;
        }
        let known = folders.contains(path);
        if kind == PathKind::Dir && !known && is_polled_folder(path, &self.outs) {
            if debouncer.watch(path, RecursiveMode::Recursive).is_ok() {
                folders.insert(path.to_path_buf());
            }
        } else if kind != PathKind::Dir && known {
            let _ = debouncer.unwatch(path);
            folders.remove(path);
        }
    }

    pub fn stopper(&self) -> Stopper {
        Stopper(self.tx.clone())
    }

    /// A handle that hands this watcher another watcher's changes.
    pub fn forwarder(&self) -> Forwarder {
        Forwarder(self.tx.clone())
    }

    /// Blocks until a batch with relevant changes arrives (batches that
    /// arrive meanwhile are merged into it), the watcher is stopped, it
    /// reports a problem, or `timeout` passes.
    pub fn next(&mut self, timeout: Option<Duration>) -> Next {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut changes = Changes::default();
        loop {
            if self.stopped {
                return Next::Stopped;
            }
            let msg = match deadline {
                None => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(d) => self
                    .rx
                    .recv_timeout(d.saturating_duration_since(Instant::now())),
            };
            let msg = match msg {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) => return Next::TimedOut,
                // Cannot happen while we hold `tx`; treat as a stop.
                Err(RecvTimeoutError::Disconnected) => return Next::Stopped,
            };
            if let Some(trouble) = self.take(msg, &mut changes) {
                return Next::Trouble(trouble);
            }
            // Merge whatever else is already queued into this one rebuild.
            while let Ok(msg) = self.rx.try_recv() {
                // A watcher error met while merging: rebuild everything
                // rather than miss a change.
                if self.take(msg, &mut changes).is_some() {
                    changes.rescan = true;
                }
            }
            if !changes.is_empty() {
                return Next::Changes(changes);
            }
        }
    }

    /// Takes one message into `changes`; returns the watcher's complaint if it had one.
    fn take(&mut self, msg: Msg, changes: &mut Changes) -> Option<String> {
        match msg {
            Msg::Stop => {
                self.stopped = true;
                None
            }
            Msg::Elsewhere(other) => {
                for path in other.paths {
                    changes.add(path);
                }
                changes.rescan |= other.rescan;
                None
            }
            Msg::Batch(Err(errors)) => {
                let mut troubles = Vec::new();
                for error in errors {
                    // A path that vanished between the event and the look at
                    // it (a folder deleted while polled) is a change, not trouble.
                    let gone = !error.paths.is_empty()
                        && error
                            .paths
                            .iter()
                            .all(|p| std::fs::symlink_metadata(p).is_err());
                    if gone {
                        for path in &error.paths {
                            self.follow_top_level(path, PathKind::Unknown);
                            let outs = &self.outs;
                            if let Some(rel) =
                                relevant_path(&self.root, outs, path, PathKind::Unknown)
                            {
                                changes.add(rel);
                            }
                        }
                    } else {
                        troubles.push(error.to_string());
                    }
                }
                (!troubles.is_empty()).then(|| troubles.join("; "))
            }
            Msg::Batch(Ok(events)) => {
                for event in events {
                    if event.need_rescan() {
                        changes.rescan = true;
                    }
                    if !is_relevant_kind(&event.kind) {
                        continue;
                    }
                    for path in &event.paths {
                        let kind = match std::fs::symlink_metadata(path) {
                            Ok(m) if m.is_dir() => {
                                self.folders.insert(path.clone());
                                PathKind::Dir
                            }
                            Ok(_) => PathKind::File,
                            Err(_) if self.folders.remove(path) => PathKind::Dir,
                            Err(_) => PathKind::Unknown,
                        };
                        self.follow_top_level(path, kind);
                        if !is_relevant_event(&event.kind, kind) {
                            continue;
                        }
                        if let Some(rel) = relevant_path(&self.root, &self.outs, path, kind) {
                            changes.add(rel);
                        }
                    }
                }
                None
            }
        }
    }

    /// Waits for changes and calls `rebuild` once per batch, until stopped,
    /// and once more whenever the local date changes ([`Changes::new_day`]),
    /// so that a report left open overnight moves on to the new day.
    /// `rebuild` returns the output folder its build wrote to, so a moved
    /// output folder stays ignored. Problems the watcher reports go to
    /// `warn`; watching goes on.
    pub fn run<F, W>(&mut self, rebuild: F, warn: W)
    where
        F: FnMut(&Changes) -> Rebuilt,
        W: FnMut(&str),
    {
        let clock = SystemClock;
        self.run_by(&clock, clock.now().date(), rebuild, warn);
    }

    /// [`run`](Self::run), reading the date from `clock`. `built_on` is
    /// the date on the clock when the last build began (read before it, so
    /// that a build that ends just after midnight is followed by one for
    /// the new day).
    pub fn run_by<F, W>(
        &mut self,
        clock: &dyn Clock,
        mut built_on: jiff::civil::Date,
        mut rebuild: F,
        mut warn: W,
    ) where
        F: FnMut(&Changes) -> Rebuilt,
        W: FnMut(&str),
    {
        loop {
            let now = clock.now();
            let changes = if now.date() != built_on {
                Changes::new_day()
            } else {
                match self.next(Some(wait_from(&now))) {
                    Next::Changes(changes) => changes,
                    // The date is looked at again at the top.
                    Next::TimedOut => continue,
                    Next::Trouble(message) => {
                        warn(&message);
                        continue;
                    }
                    Next::Stopped => return,
                }
            };
            built_on = clock.now().date();
            if let Some(out) = rebuild(&changes).out_dir {
                self.set_out(&out);
            }
        }
    }
}
