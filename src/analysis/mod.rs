//! The figures of FORMAT §7 and §9: progress and pace, practice completion,
//! streaks and habit strength, purpose roll-ups, and the lints. Computed
//! once here so `check`, `build` and the tests all share them.

use crate::diagnostics::Diagnostic;
use crate::graph::Graph;
use crate::model::settings::Cycle;
use crate::model::{Date, Goal, SeriesSource, Settings};
use serde::Serialize;

/// A goal's computed state (FORMAT §7, §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    OffTrack,
    Overdue,
    AtRisk,
    NoData,
    OnTrack,
    Achieved,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Achieved => "achieved",
            State::OnTrack => "on-track",
            State::AtRisk => "at-risk",
            State::OffTrack => "off-track",
            State::Overdue => "overdue",
            State::NoData => "no-data",
        }
    }
}

/// Everything the renderers and `goals.json` need, for one build.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub today: Date,
    pub settings: Settings,
    pub cycles: Vec<Cycle>,
    /// Index into `cycles` of the cycle containing today.
    pub current_cycle: Option<usize>,
    /// In graph order (sorted by id).
    pub goals: Vec<GoalReport>,
    /// Every diagnostic of the build (files, graph, lints), sorted.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalReport {
    pub goal: Goal,
    pub state: State,
    /// Ids this goal points to (purpose, serves).
    pub parents: Vec<String>,
    /// Ids pointing to this goal.
    pub children: Vec<String>,
    /// Codes of the lints that fired on this goal (after `allow`).
    pub lints: Vec<String>,
    pub progress: Option<ProgressFigures>,
    pub practice: Option<PracticeFigures>,
    pub purpose: Option<PurposeFigures>,
    /// A progress goal's measurements, oldest first.
    pub series: Vec<SeriesPoint>,
    /// State as of the end of each cycle up to the current one (index-aligned
    /// with `Report::cycles`; `None` for cycles after today or before the goal).
    pub cycle_states: Vec<Option<State>>,
}

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
    pub last_entry: Option<Date>,
    /// Completion per cycle (index-aligned with `Report::cycles`), `None`
    /// where nothing was scheduled or the cycle is still ahead.
    pub cycle_completion: Vec<Option<f64>>,
    /// One cell per calendar day from the school year's start (or the goal's
    /// start, or its first entry) to today: the heat-map and 14-day strip.
    pub days: Vec<Day>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: Date,
    pub status: DayStatus,
    /// The recorded value, when there is one.
    pub value: Option<f64>,
    /// min(value/target, 1) for recorded days.
    pub fraction: Option<f64>,
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

#[derive(Debug, Clone, Serialize)]
pub struct PurposeFigures {
    /// Mean of its progress goals' fractions, each clamped to 0–1.
    pub progress: Option<f64>,
    pub progress_goals: usize,
    pub practices: usize,
}

/// Computes every figure and lint. Pure: a function of (graph, settings, cycles, today).
pub fn analyse(graph: &Graph, settings: &Settings, cycles: &[Cycle], today: Date) -> Report {
    let _ = (graph, settings, cycles, today);
    let _: Option<&Goal> = None;
    todo!("analysis::analyse")
}
