//! Typed goals: what a goal file *means*, independent of how it was written.
//!
//! [`parse`] turns one split source file into [`Goal`]s and [`Scorecard`]s
//! plus diagnostics; [`settings`] reads `goalpost.yml`. Nothing here knows
//! about other files: references are plain ids until [`crate::graph`]
//! resolves them.

pub mod broken;
pub mod coaching;
mod details;
pub(crate) mod entries;
pub mod fields;
pub(crate) mod goal;
pub mod lint;
pub(crate) mod locate;
pub mod parse;
pub(crate) mod privacy;
pub mod scorecard;
pub mod settings;
pub mod value;

use crate::diagnostics::Location;
use serde::Serialize;

pub use details::{
    Details, Entry, Evidence, Measurement, PracticeSpec, ProgressSpec, PurposeSpec, SeriesSource,
    Window,
};
pub use settings::{Break, Calendar, CycleSpec, Person, Settings};
pub use value::EntryValue;

/// Calendar dates everywhere are civil dates (no time zone).
pub type Date = jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Purpose,
    Progress,
    Practice,
    /// A coaching cycle (FORMAT §12): pre, post, target, evidence.
    #[serde(rename = "coaching-cycle")]
    Coaching,
    /// A sprint's commitments and reflection (FORMAT §12).
    Reflection,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Purpose => "purpose",
            Kind::Progress => "progress",
            Kind::Practice => "practice",
            Kind::Coaching => "coaching-cycle",
            Kind::Reflection => "reflection",
        }
    }

    /// The kinds a goal of this kind may name as what it serves (a
    /// progress goal's `purpose:`, a practice's or a coaching cycle's
    /// `serves:`): references point upward (FORMAT §2).
    pub fn serves_kinds(self) -> &'static [Kind] {
        match self {
            Kind::Progress => &[Kind::Purpose],
            Kind::Practice | Kind::Coaching => &[Kind::Progress, Kind::Purpose],
            Kind::Purpose | Kind::Reflection => &[],
        }
    }

    /// Whether a goal of some kind may serve a goal of this one (a purpose
    /// or a progress goal; nothing serves a practice, a coaching cycle or
    /// a reflection).
    pub fn can_be_served(self) -> bool {
        [
            Kind::Purpose,
            Kind::Progress,
            Kind::Practice,
            Kind::Coaching,
            Kind::Reflection,
        ]
        .iter()
        .any(|k| k.serves_kinds().contains(&self))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    /// Being written (FORMAT §3 v3): shown marked, counted nowhere.
    Draft,
    Paused,
    Done,
    Dropped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Draft => "draft",
            Status::Paused => "paused",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    #[default]
    Shared,
    Private,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Daily,
    #[default]
    Weekdays,
    Weekly,
}

impl Cadence {
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Daily => "daily",
            Cadence::Weekdays => "weekdays",
            Cadence::Weekly => "weekly",
        }
    }
}

/// An id written in a file, with where it was written (for "unknown id" errors).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    pub id: String,
    #[serde(skip)]
    pub at: Location,
}

/// One goal file (or a goal inside it), typed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    /// Relative to the goals repository, `/`-separated.
    pub file: String,
    /// Where the goal is defined: its `id:` line, else its `title:`, else its `kind:`.
    #[serde(skip)]
    pub at: Location,
    pub owners: Vec<String>,
    /// Where each of `owners` is written (index-aligned; the `owner:`
    /// key when one cannot be found), for diagnostics about them.
    #[serde(skip)]
    pub owner_at: Vec<Location>,
    pub status: Status,
    pub visibility: Visibility,
    /// From the reader's personal folder (FORMAT §11): always private,
    /// only on this computer.
    pub personal: bool,
    pub tags: Vec<String>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    /// Cycle names or ids as written (`Sprint 6`, `sprint-6`).
    pub cycles: Vec<Reference>,
    /// Lint names silenced for this goal.
    pub allow: Vec<lint::Lint>,
    /// Old ids whose addresses lead to this goal (FORMAT §2, §3 v3).
    pub aliases: Vec<Reference>,
    /// `agreed`, `asks` and `feedback` (FORMAT §3 v3).
    pub together: coaching::Together,
    /// Everything under `extra:`, untouched, for templates.
    pub extra: serde_json::Value,
    /// The Markdown body (after the frontmatter).
    pub body: String,
    /// File line on which the body starts.
    pub body_line: u32,
    pub details: Details,
    /// A hash of the bytes of the file the goal came from
    /// ([`crate::source::content_hash`]): equal hashes, equal sources.
    #[serde(skip)]
    pub source: u64,
    /// Set when the goal's file cannot be read now (FORMAT §2): the goal is
    /// then a placeholder that keeps its id and page, or an earlier good
    /// version of the file (see [`Broken::shown`]).
    pub broken: Option<Broken>,
}

/// Why a goal's file cannot be read now: its first error, and which
/// earlier version of the file, if any, the goal is shown from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Broken {
    pub(crate) file: String,
    pub line: u32,
    pub(crate) column: u32,
    pub(crate) message: String,
    /// `None`: no earlier good version is known, so the goal is only a
    /// placeholder (its id, title and references as far as they could be read).
    pub(crate) shown: Option<Shown>,
    /// The date of the version shown (the commit's author date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) as_of: Option<Date>,
}

/// Which earlier version of a broken file a goal is shown from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Shown {
    /// The newest commit whose version of the file could be read.
    LastCommit,
    /// The last save that could be read, while `watch` or `serve` run.
    LastSave,
}

impl Goal {
    /// A goal of `kind` with every field at its default (shared, active,
    /// no dates, no references), as a file that says nothing more gives.
    pub fn new(id: String, kind: Kind, file: &str, at: Location) -> Goal {
        Goal {
            id,
            kind,
            title: String::new(),
            file: file.to_string(),
            at,
            owners: Vec::new(),
            owner_at: Vec::new(),
            status: Status::default(),
            visibility: Visibility::default(),
            personal: false,
            tags: Vec::new(),
            start: None,
            due: None,
            cycles: Vec::new(),
            allow: Vec::new(),
            aliases: Vec::new(),
            together: Default::default(),
            extra: serde_json::Value::Null,
            body: String::new(),
            body_line: 1,
            details: match kind {
                Kind::Purpose => Details::Purpose(PurposeSpec::default()),
                Kind::Progress => Details::Progress(ProgressSpec::default()),
                Kind::Practice => Details::Practice(PracticeSpec::default()),
                Kind::Coaching => Details::Coaching(Default::default()),
                Kind::Reflection => Details::Reflection(Default::default()),
            },
            source: 0,
            broken: None,
        }
    }

    /// A goal whose file cannot be read now and of which no earlier good
    /// version is known: it keeps its place, but has no figures.
    pub fn is_placeholder(&self) -> bool {
        self.broken.as_ref().is_some_and(|b| b.shown.is_none())
    }

    pub fn progress(&self) -> Option<&ProgressSpec> {
        match &self.details {
            Details::Progress(p) => Some(p),
            _ => None,
        }
    }

    pub fn practice(&self) -> Option<&PracticeSpec> {
        match &self.details {
            Details::Practice(p) => Some(p),
            _ => None,
        }
    }

    pub fn purpose(&self) -> Option<&PurposeSpec> {
        match &self.details {
            Details::Purpose(p) => Some(p),
            _ => None,
        }
    }

    pub fn coaching(&self) -> Option<&coaching::CoachingSpec> {
        match &self.details {
            Details::Coaching(c) => Some(c),
            _ => None,
        }
    }

    pub(crate) fn reflection(&self) -> Option<&coaching::ReflectionSpec> {
        match &self.details {
            Details::Reflection(r) => Some(r),
            _ => None,
        }
    }

    /// A draft (FORMAT §3 v3): shown, marked, and counted nowhere.
    pub(crate) fn is_draft(&self) -> bool {
        self.status == Status::Draft
    }

    pub(crate) fn is_private(&self) -> bool {
        self.visibility == Visibility::Private
    }

    pub(crate) fn is_active(&self) -> bool {
        self.status == Status::Active
    }
}

/// A `kind: scorecard` file: daily values for several practices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub(crate) file: String,
    pub(crate) title: Option<String>,
    pub owners: Vec<String>,
    #[serde(skip)]
    pub(crate) at: Location,
    pub(crate) visibility: Visibility,
    /// One entry per filled cell: which practice (as written in the header,
    /// an id or an exact title) and the entry.
    pub cells: Vec<ScorecardCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorecardCell {
    /// The column header as written (a practice id or exact title).
    pub practice: Reference,
    pub entry: Entry,
}

/// Everything one source file yields. Cached by the watcher per file.
#[derive(Debug, Clone, Default)]
pub struct ParsedFile {
    pub goals: Vec<std::sync::Arc<Goal>>,
    pub scorecards: Vec<Scorecard>,
    pub diagnostics: Vec<crate::diagnostics::Diagnostic>,
    /// [`crate::source::content_hash`] of the file's bytes.
    pub(crate) hash: u64,
    /// Set when the file could not be read as a goal or a scorecard at all
    /// (its first error): `goals` then holds a placeholder, unless the file
    /// says it is a scorecard.
    pub broken: Option<Broken>,
}
