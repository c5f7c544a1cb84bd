//! The kind-specific part of a goal ([`Details`]): a progress goal's
//! numbers and measurement windows, a practice's cadence, log and
//! evidence (coaching cycles' and reflections' are in [`super::coaching`]).

use super::{coaching, Cadence, Date, EntryValue, Reference};
use crate::diagnostics::Location;
use serde::Serialize;

/// The kind-specific part of a goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Details {
    Purpose(PurposeSpec),
    Progress(ProgressSpec),
    Practice(PracticeSpec),
    #[serde(rename = "coaching-cycle")]
    Coaching(coaching::CoachingSpec),
    Reflection(coaching::ReflectionSpec),
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PurposeSpec {
    pub aligns_to: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProgressSpec {
    pub purpose: Option<Reference>,
    /// School or district goals this progress goal serves (FORMAT §8 v3).
    pub aligns_to: Vec<String>,
    pub metric: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    /// Sorted by date, one per date.
    pub measurements: Vec<Measurement>,
    /// When the number is measured (FORMAT §4 v3 `windows`), sorted by
    /// date: with windows the goal is judged at its latest measurement.
    pub windows: Vec<Window>,
    pub current: Option<f64>,
    /// Where `current:` is written, if it is.
    #[serde(skip)]
    pub current_at: Option<Location>,
    /// Of `baseline`, `target`, `start` and `due`, those written with a
    /// value that could not be read (each already an error): not counted
    /// as missing by `not-measurable`, so one mistake gives one message.
    #[serde(skip)]
    pub unreadable: Vec<&'static str>,
}

/// Where a point of a progress goal's series came from (FORMAT §9 `source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeriesSource {
    /// An explicit `measurements:` entry.
    Measurements,
    /// The value of `current:` at a commit of the goals repository.
    Git,
    /// The value of `current:` on disk now, dated today.
    Current,
}

/// A measurement window (FORMAT §4 v3): a month (`2026-11`, the 1st to the
/// last day) or one date (`2027-02-03`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Window {
    pub(crate) from: Date,
    pub(crate) to: Date,
}

impl Window {
    /// Whether the window is a whole month (written `2026-11`).
    pub(crate) fn is_month(&self) -> bool {
        self.from.day() == 1 && self.to == self.from.last_of_month() && self.from != self.to
    }

    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    pub date: Date,
    pub value: f64,
    pub note: Option<String>,
    pub source: SeriesSource,
    #[serde(skip)]
    pub at: Location,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PracticeSpec {
    pub serves: Vec<Reference>,
    pub cadence: Cadence,
    /// How many per period (default 1).
    pub target: f64,
    pub unit: Option<String>,
    /// Recorded entries, sorted by date, one per date (after the graph has
    /// merged scorecards into it). Shared, so that a kept parse and the
    /// graph built from it hold one copy.
    pub log: std::sync::Arc<Vec<Entry>>,
    pub evidence: Vec<Evidence>,
}

impl PracticeSpec {
    /// A yes/no practice: done or not each period (target 1, no unit).
    /// Its entries are shown as ✓ and "done" rather than as amounts;
    /// every page, `today` and the check-in form read this one rule.
    pub(crate) fn is_yes_no(&self) -> bool {
        self.target == 1.0 && self.unit.is_none()
    }
}

impl Default for PracticeSpec {
    fn default() -> Self {
        PracticeSpec {
            serves: Vec::new(),
            cadence: Cadence::default(),
            target: 1.0,
            unit: None,
            log: Default::default(),
            evidence: Vec::new(),
        }
    }
}

/// One recorded day of a practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub date: Date,
    pub value: EntryValue,
    /// Boxed: most entries have none, and a large repository holds millions.
    pub note: Option<Box<str>>,
    /// Where it was written: a `log:` line or a scorecard cell.
    #[serde(skip)]
    pub at: Location,
}

impl Entry {
    /// Appends the entry's date and value as 12 bytes, so that a whole log
    /// is hashed in one call: hashed field by field, the million entries
    /// of a large repository were a third of a save's work.
    pub(crate) fn push_bytes(&self, buf: &mut Vec<u8>) {
        let (kind, bits) = match self.value {
            EntryValue::Number(x) => (0u8, x.to_bits()),
            EntryValue::Done(d) => (1, u64::from(d)),
            EntryValue::Skip => (2, 0),
        };
        buf.extend_from_slice(&self.date.year().to_le_bytes());
        buf.extend_from_slice(&[self.date.month() as u8, self.date.day() as u8, kind]);
        buf.extend_from_slice(&bits.to_le_bytes());
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub date: Option<Date>,
    /// Only `http`, `https` and relative links are kept.
    pub url: String,
    pub note: Option<String>,
}
