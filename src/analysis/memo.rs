//! Practice figures kept between the builds of one session (`watch`,
//! `serve`): a save changes one or two practices, and laying out and
//! counting every other practice's year again was the largest part of
//! analysing it.
//!
//! A practice's figures are a function of its own dates, cadence, target
//! and entries, of the settings and of today; [`Memo`] keeps them by a
//! hash of exactly those, so what it gives back is what measuring would.

use super::{PracticeFigures, State};
use crate::model::{Goal, PracticeSpec};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What measuring one practice gives.
#[derive(Debug, Clone)]
pub(super) struct Measured {
    pub(crate) state: State,
    pub(crate) cycle_states: Vec<Option<State>>,
    pub(crate) figures: PracticeFigures,
}

/// Practice figures by a hash of what they are made from. The figures of
/// one build are kept for the next (and only those: a practice that is
/// gone, or changed, is let go of).
#[derive(Debug, Default)]
pub struct Memo {
    last: HashMap<u64, Arc<Measured>>,
    this: Mutex<HashMap<u64, Arc<Measured>>>,
    reused: AtomicUsize,
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
    /// cadence and target, then its entries laid out as bytes and hashed
    /// in one call.
    pub(super) fn key(context: u64, goal: &Goal, spec: &PracticeSpec) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        context.hash(&mut h);
        (goal.start, goal.due, spec.cadence, spec.target.to_bits()).hash(&mut h);
        let mut entries = Vec::with_capacity(spec.log.len() * 12);
        for e in spec.log.iter() {
            e.push_bytes(&mut entries);
        }
        // With its length first, as a slice is hashed.
        entries.hash(&mut h);
        h.finish()
    }

    /// The figures kept for `key`, or `measure`'s (then kept).
    pub(super) fn get_or(&self, key: u64, measure: impl FnOnce() -> Measured) -> Measured {
        if let Some(kept) = self.last.get(&key) {
            self.reused.fetch_add(1, Ordering::Relaxed);
            lock(&self.this).insert(key, Arc::clone(kept));
            return Measured::clone(kept);
        }
        let measured = measure();
        lock(&self.this).insert(key, Arc::new(measured.clone()));
        measured
    }

    /// Ends a build: what it measured or reused is kept for the next one.
    /// Returns how many practices it reused.
    pub(crate) fn settle(&mut self) -> usize {
        let this = self
            .this
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.last = std::mem::take(this);
        self.reused.swap(0, Ordering::Relaxed)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
