//! The figures a goal's report carries (FORMAT §7, §9): a progress goal's
//! pace and forecast, a practice's completion, streaks and days, a
//! purpose's roll-up. Computed by the rest of [`super`]; read by every
//! view, `today`, `digest` and `goals.json`.

use super::{next, practice};
use crate::model::{Date, SeriesSource};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ProgressFigures {
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub latest: Option<f64>,
    pub latest_date: Option<Date>,
    /// (latest − baseline) / (target − baseline), unclamped.
    pub fraction: Option<f64>,
    /// Share of the start→due window elapsed by today, 0–1.
    pub expected: Option<f64>,
    pub lower_is_better: bool,
    /// What is needed per school week from now to `due` (FORMAT §7 v2,
    /// [`super::next::required_per_week`]).
    pub required_per_week: Option<f64>,
    /// The least-squares trend evaluated at `due`, or why there is none
    /// ([`super::next::forecast`]).
    pub forecast: Forecast,
    /// The next measurement window not yet measured in (FORMAT §9
    /// `progress.next_window`): `None` without `windows`, or when none is left.
    pub next_window: Option<crate::model::Window>,
    /// With `windows`: the date the goal is judged at (its latest
    /// measurement) and the steady pace's expected share then (FORMAT §7 v3
    /// "judged on what was measured"); `expected` stays today's.
    pub judged: Option<Judged>,
    /// How far below the expected pace a goal may be and still be on
    /// track, in its unit: [`super::rules::ON_TRACK_SLACK`] of the way from
    /// baseline to target (the chart's shaded band is ± this).
    pub tolerance: Option<f64>,
}

/// When a progress goal measured in windows is judged, and the share of
/// the way the steady pace expected by then.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Judged {
    pub(crate) date: Date,
    pub(crate) expected: f64,
}

/// Where the trend of a progress goal's series stands on its due date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Trend {
    /// The trend line's value at `due`.
    pub value: f64,
    /// Whether that value reaches the target (in the goal's direction).
    pub reaches: bool,
}

/// A progress goal's forecast (FORMAT §7 v2, [`super::next::forecast`]): the
/// trend at its due date, or why there is none. Decided once here: the
/// goal's page states and draws it while the goal runs, or says why there
/// is none; `goals.json` and `goals.csv` have its value.
#[derive(Debug, Clone, Copy, PartialEq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Forecast {
    /// The goal runs (due today or later): the trend at `due`, stated.
    Ahead(Trend),
    /// The goal is past due: where the trend stood on `due` (in
    /// `goals.json`; neither stated nor drawn: there is nothing left to
    /// forecast).
    Past(Trend),
    /// No trend, and why.
    Missing(NoForecast),
}

/// By the bits of its value (the page key hashes a goal's figures).
impl std::hash::Hash for Trend {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.value.to_bits(), self.reaches).hash(h);
    }
}

impl Forecast {
    /// The trend at `due`, when there is one (running or past).
    pub(crate) fn trend(&self) -> Option<Trend> {
        match *self {
            Forecast::Ahead(t) | Forecast::Past(t) => Some(t),
            Forecast::Missing(_) => None,
        }
    }
}

/// Why a progress goal has no forecast, in the order they are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoForecast {
    /// Baseline, target, start or due is missing: nothing to fit (the
    /// `not-measurable` lint says which).
    NotMeasurable,
    /// Past its due date: nothing left to forecast.
    Ended,
    /// Achieved: nothing left to reach.
    Achieved,
    /// Fewer than three points (the baseline counts as one), or all of
    /// them on one date.
    TooFewPoints,
    /// The values are so large that the line through them is not a
    /// finite number.
    NoLine,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesPoint {
    pub date: Date,
    pub value: f64,
    pub source: SeriesSource,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PracticeFigures {
    pub completion_14d: Option<f64>,
    pub completion_cycle: Option<f64>,
    pub streak: u32,
    pub best_streak: u32,
    /// Habit strength, 0–1.
    pub strength: f64,
    /// Week by week: completion and habit strength (the habit history).
    pub weeks: Vec<practice::WeekFigures>,
    pub last_entry: Option<Date>,
    /// Completion per cycle (index-aligned with `Report::cycles`), `None`
    /// where nothing was scheduled or the cycle is still ahead.
    pub cycle_completion: Vec<Option<f64>>,
    /// The periods of the scorecard's cycle ([`super::cycles::scorecard`]: the
    /// current cycle, else the 14 days ending today) that count so far, and
    /// what they earned: what the dashboard's "This cycle" adds up.
    pub scorecard: practice::Tally,
    /// Completion over the 28 days ending today (for `strategy-check`).
    pub completion_28d: Option<f64>,
    /// How many more scheduled periods of the current cycle can be missed
    /// with its completion still reaching 80% ([`super::next::buffer`]); negative
    /// when 80% is out of reach; `None` when no cycle is current.
    pub buffer: Option<i64>,
    /// What the report says of the current cycle: the buffer, or (in a
    /// cycle of fewer than [`super::rules::BUFFER_MIN_PERIODS`] periods) how the
    /// running period stands ([`super::next::outlook`]).
    pub outlook: Option<next::Outlook>,
    /// One cell per calendar day from the school year's start (or the goal's
    /// start, or its first entry) to today: the heat-map and 14-day strip.
    pub days: Vec<Day>,
    /// A hash of everything these figures (and the practice's state and
    /// states as of each cycle) are measured from ([`super::memo::Memo::key`]):
    /// equal hashes, equal figures. A page key hashes it instead of them
    /// (figures made by hand must make it differ where they differ).
    #[serde(skip)]
    pub measured_from: u64,
}

/// One calendar day of a practice. 24 bytes: a large repository holds
/// one per practice and day of the school year (millions), so the two
/// optional numbers share one byte saying which are there.
#[derive(Clone, Copy, PartialEq)]
pub struct Day {
    pub date: Date,
    pub status: DayStatus,
    /// [`Day::VALUE`] and [`Day::FRACTION`]: which numbers are there.
    known: u8,
    value: f64,
    fraction: f64,
}

impl Day {
    const VALUE: u8 = 1;
    const FRACTION: u8 = 2;

    pub fn new(date: Date, status: DayStatus, value: Option<f64>, fraction: Option<f64>) -> Day {
        Day {
            date,
            status,
            known: u8::from(value.is_some()) * Day::VALUE
                + u8::from(fraction.is_some()) * Day::FRACTION,
            value: value.unwrap_or(0.0),
            fraction: fraction.unwrap_or(0.0),
        }
    }

    /// The recorded value, when there is one.
    pub fn value(&self) -> Option<f64> {
        (self.known & Day::VALUE != 0).then_some(self.value)
    }

    /// min(value/target, 1) for recorded days (for `weekly`, the week's
    /// outcome, on the day of its latest entry, else its last scheduled day).
    pub fn fraction(&self) -> Option<f64> {
        (self.known & Day::FRACTION != 0).then_some(self.fraction)
    }
}

impl std::fmt::Debug for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Day")
            .field("date", &self.date)
            .field("status", &self.status)
            .field("value", &self.value())
            .field("fraction", &self.fraction())
            .finish()
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut day = s.serialize_struct("Day", 4)?;
        day.serialize_field("date", &self.date)?;
        day.serialize_field("status", &self.status)?;
        day.serialize_field("value", &self.value())?;
        day.serialize_field("fraction", &self.fraction())?;
        day.end()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayStatus {
    /// Recorded and at target.
    Hit,
    /// Recorded, above zero but under target.
    Partial,
    /// Recorded as not done, or a past scheduled day with no entry.
    Miss,
    /// `skip`: does not count.
    Skip,
    /// Today, scheduled, not yet recorded.
    Pending,
    /// A school break.
    Break,
    /// Not scheduled (weekend for `weekdays`, outside start/due, or not the
    /// period's last day for `weekly`).
    Unscheduled,
}

impl DayStatus {
    /// The name used in `goals.json`, CSS classes and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            DayStatus::Hit => "hit",
            DayStatus::Partial => "partial",
            DayStatus::Miss => "miss",
            DayStatus::Skip => "skip",
            DayStatus::Pending => "pending",
            DayStatus::Break => "break",
            DayStatus::Unscheduled => "unscheduled",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PurposeFigures {
    /// Mean of its progress goals' fractions, each clamped to 0–1.
    pub progress: Option<f64>,
    /// Progress goals rolled up (not paused or dropped).
    pub progress_goals: usize,
    /// Practices serving it or its progress goals, once each.
    pub practices: usize,
}
