//! Practice figures kept between the builds of one session (`watch`,
//! `serve`): a save changes one or two practices, and laying out and
//! counting every other practice's year again was the largest part of
//! analysing it.
//!
//! A practice's figures are a function of its own dates, cadence, target
//! and entries, of the settings and of today; [`Memo`] keeps them by a
//! hash of exactly those, so what it gives back is what measuring would.

use super::{PracticeFigures, State};
use crate::model::{Entry, Goal, PracticeSpec};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What measuring one practice gives.
#[derive(Debug, Clone)]
pub(super) struct Measured {
    pub(crate) state: State,
    pub(crate) cycle_states: Vec<Option<State>>,
    pub(crate) figures: Arc<PracticeFigures>,
}

/// Practice figures by a hash of what they are made from. The figures of
/// one build are kept for the next (and only those: a practice that is
/// gone, or changed, is let go of).
#[derive(Debug, Default)]
pub struct Memo {
    last: Kept,
    this: Mutex<Kept>,
    reused: AtomicUsize,
}

/// What one build measured: figures by key, and the hash of each log's
/// entries by the log's address.
#[derive(Debug, Default)]
struct Kept {
    figures: HashMap<u64, Arc<Measured>>,
    /// A log shared with the parse cache is the same allocation from one
    /// build to the next while its file is unchanged: its entries are not
    /// laid out and hashed again. The log is held, so its address cannot
    /// be taken by another while it is kept, and what it points to cannot
    /// change (it is shared).
    logs: HashMap<usize, (Arc<Vec<Entry>>, u64)>,
}

impl Memo {
    /// The hash of everything besides the practice itself that its figures
    /// depend on: the settings (the school calendar, the cycles) and today.
    pub(super) fn context(settings: &crate::model::Settings, today: crate::model::Date) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        serde_json::to_string(settings)
            .unwrap_or_default()
            .hash(&mut h);
        today.hash(&mut h);
        h.finish()
    }

    /// The hash of a practice's own inputs within `context`: its dates,
    /// cadence and target, then [`Memo::entries_hash`] of its log.
    pub(super) fn key(context: u64, goal: &Goal, spec: &PracticeSpec, entries: u64) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        context.hash(&mut h);
        (goal.start, goal.due, spec.cadence, spec.target.to_bits()).hash(&mut h);
        entries.hash(&mut h);
        h.finish()
    }

    /// The hash of a log's entries, laid out as bytes and hashed in one call.
    pub(super) fn entries_hash(log: &[Entry]) -> u64 {
        let mut entries = Vec::with_capacity(log.len() * 12);
        for e in log {
            e.push_bytes(&mut entries);
        }
        // With its length first, as a slice is hashed.
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        entries.hash(&mut h);
        h.finish()
    }

    /// A practice's figures: those kept for its [`key`](Self::key), or
    /// `measure`'s (given the key), then kept for the next build.
    pub(super) fn measure(
        &self,
        context: u64,
        goal: &Goal,
        spec: &PracticeSpec,
        measure: impl FnOnce(u64) -> Measured,
    ) -> Measured {
        let address = Arc::as_ptr(&spec.log) as usize;
        let entries = match self.last.logs.get(&address) {
            Some((log, hash)) if Arc::ptr_eq(log, &spec.log) => *hash,
            _ => Memo::entries_hash(&spec.log),
        };
        let key = Memo::key(context, goal, spec, entries);
        let (measured, kept) = match self.last.figures.get(&key) {
            Some(kept) => {
                self.reused.fetch_add(1, Ordering::Relaxed);
                (Measured::clone(kept), Arc::clone(kept))
            }
            None => {
                let measured = measure(key);
                let kept = Arc::new(measured.clone());
                (measured, kept)
            }
        };
        let mut this = lock(&self.this);
        this.figures.insert(key, kept);
        this.logs.insert(address, (Arc::clone(&spec.log), entries));
        measured
    }

    /// Ends a build: what it measured or reused is kept for the next one.
    /// Returns how many practices it reused.
    pub(crate) fn settle(&mut self) -> usize {
        let this = self
            .this
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // The last build's, let go of here rather than while measuring.
        self.last = std::mem::take(this);
        self.reused.swap(0, Ordering::Relaxed)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
