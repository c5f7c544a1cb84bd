//! The figures of FORMAT §7 and §9: progress and pace, practice completion,
//! streaks and habit strength, purpose roll-ups, and the lints. Computed
//! once here so `check`, `build` and the tests all share them.
//!
//! One module per job: [`calendar`] (day numbers, school days),
//! [`practice`] (periods, completion, streaks, strength, heat-map),
//! [`progress`] (series, pace, state), [`purpose`] (roll-ups),
//! [`next`] (what is needed next: required rate, forecast, buffer),
//! [`moved`] (goalposts moved, from the git history), [`lints`],
//! [`cycles`] (figures re-evaluated as of each cycle's end), and
//! [`figures`] (the figure types a goal's report carries).
//!
//! # Choices where FORMAT §7 is silent (for the user docs)
//!
//! - A `weekly` practice is done per ISO week (Monday–Sunday); the week's
//!   value is the sum of its entries (`yes` = the whole target). A week
//!   under way counts once it reaches its target or its last scheduled day
//!   has come; before that it neither counts nor breaks a streak.
//! - A period belongs to a window (14 days, a cycle) when its first day is
//!   in it, so the 14-day window always holds two weeks of a weekly practice.
//! - A progress goal is `no-data` until a point is dated after its `start`
//!   (a measurement on the start day is the baseline, not progress), and
//!   whenever baseline, target, start or due is missing, or the target
//!   equals the baseline.
//! - A purpose rolls up its progress goals that are not `paused` or
//!   `dropped`.
//! - `cycle_states` are each goal's state as of the cycle's end, counting
//!   only what was recorded by then; `cycle_completion` is the completion of
//!   the cycle's periods as known today (a past cycle's unrecorded day is a
//!   miss).
//! - `stale` counts days without a record, not counting break days, up to
//!   today (or the goal's `due`, once passed); with no record at all, from
//!   the goal's `start`, else the school year's start. `stale_after_days: 0`
//!   turns it off. `current:` on its own is not a new record.
//! - `magic-wand` and `purpose-without-progress` ignore `dropped` goals
//!   beneath; `outside-window` is not reported for an entry already
//!   reported as `future-entry`; git-derived points are never date-linted.
//! - Figures and heat-maps look back at most about 400 days.

pub mod areas;
pub(crate) mod attention;
pub(crate) mod calendar;
pub mod coaching;
pub mod cycles;
pub mod digest;
pub(crate) mod feeds;
pub(crate) mod figures;
pub(crate) mod grid;
pub mod lints;
pub(crate) mod memo;
pub mod moved;
pub mod next;
pub mod owner;
pub mod practice;
pub mod progress;
pub mod purpose;
pub(crate) mod redirects;
pub mod review;
pub(crate) mod rules;
#[cfg(test)]
pub(crate) mod testkit;
pub mod today;
pub(crate) mod visible;
pub mod week;

use crate::diagnostics::Diagnostic;
use crate::graph::Graph;
use crate::model::lint::Lint;
use crate::model::settings::Cycle;
use crate::model::{Date, Details, Goal, Kind, SeriesSource, Settings};
use calendar::SchoolDays;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

pub use figures::{
    Day, DayStatus, Forecast, Judged, NoForecast, PracticeFigures, ProgressFigures, PurposeFigures,
    SeriesPoint, Trend,
};

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
    /// Every state, weakest first.
    pub(crate) const ALL: [State; 6] = [
        State::OffTrack,
        State::Overdue,
        State::AtRisk,
        State::NoData,
        State::OnTrack,
        State::Achieved,
    ];

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

/// "Slipping", defined once (FORMAT §7 v3): an active progress goal or
/// practice whose state is `at-risk`, `off-track` or `overdue`, or that has
/// the `stale` lint. Every count and list of what is slipping (the
/// dashboard's and an area's "Needs attention", the areas table) uses
/// this; no page counts it per person.
pub(crate) fn is_slipping(g: &GoalReport) -> bool {
    g.goal.is_active()
        && !g.goal.is_placeholder()
        && matches!(g.goal.kind, Kind::Progress | Kind::Practice)
        && (is_slipping_state(g.state) || g.lints.contains(&Lint::Stale))
}

/// The states in which a goal is slipping (FORMAT §7 v3): at risk, off
/// track or past due. A change into one of them is what the digest and
/// the sprint report list as "slipped".
pub(crate) fn is_slipping_state(state: State) -> bool {
    matches!(state, State::AtRisk | State::OffTrack | State::Overdue)
}

impl GoalReport {
    /// A practice's cadence and target per period, as its figures were
    /// measured against: its file's, else (a file that cannot be read) the
    /// model's defaults, `weekdays` and 1. `None` for other kinds.
    pub(crate) fn rhythm(&self) -> Option<(crate::model::Cadence, f64)> {
        if self.goal.kind != Kind::Practice {
            return None;
        }
        let default = crate::model::PracticeSpec::default();
        let spec = self.goal.practice().unwrap_or(&default);
        Some((spec.cadence, spec.target))
    }
}

/// Everything the renderers and `goals.json` need, for one build. Its
/// areas (the folder tree) are [`areas::Areas::of`] its goals.
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
    /// The scorecard files (their entries are in their practices' logs).
    pub scorecards: Vec<ScorecardFile>,
    /// Old addresses that lead to a goal (FORMAT §2 v3), by old id.
    pub redirects: Vec<redirects::Redirect>,
}

/// A scorecard file, as the report lists it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ScorecardFile {
    pub(crate) file: String,
    pub(crate) title: Option<String>,
    pub(crate) owners: Vec<String>,
    /// Private (or from a personal folder): listed only where private
    /// goals are ([`Report::visible`]).
    pub(crate) private: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalReport {
    pub goal: Arc<Goal>,
    pub state: State,
    /// Ids this goal points to (purpose, serves).
    pub parents: Vec<String>,
    /// Ids pointing to this goal.
    pub children: Vec<String>,
    /// The lints that fired on this goal (after `allow`).
    pub lints: Vec<Lint>,
    pub progress: Option<ProgressFigures>,
    /// Shared with the figures memo of a session ([`memo::Memo`]): a
    /// practice whose figures are kept is not copied.
    pub practice: Option<std::sync::Arc<PracticeFigures>>,
    pub purpose: Option<PurposeFigures>,
    /// A progress goal's measurements, oldest first.
    pub series: Vec<SeriesPoint>,
    /// State as of the end of each cycle up to the current one (index-aligned
    /// with `Report::cycles`; `None` for cycles after today or before the goal).
    pub cycle_states: Vec<Option<State>>,
    /// Who changed the goal's file and when, from the goals repository's
    /// git history (`None` without git).
    pub history: Option<GoalHistory>,
    /// Goalposts moved since the goal's first commit, oldest first
    /// (FORMAT §7; empty without git).
    pub moved: Vec<moved::GoalpostMove>,
    /// The newest record of the goal itself up to today (FORMAT §7 v3
    /// activity): a practice's last entry, a progress goal's last
    /// measurement or commit that changed its `current:` value.
    pub last_record: Option<Date>,
    /// A coaching cycle's figures (FORMAT §12; `None` for other kinds).
    pub coaching: Option<Box<coaching::CycleFigures>>,
    /// An active practice scheduled today (a weekly one: in the running
    /// week): `today` lists it and `serve --allow-edits` offers its
    /// check-in ([`today::is_scheduled`]).
    pub scheduled_today: bool,
}

/// A goal's file history, for its page (FORMAT §9 `series` gets the points).
#[derive(Debug, Clone, Serialize)]
pub struct GoalHistory {
    pub(crate) first_change: Option<Date>,
    pub(crate) last_change: Option<Date>,
    /// Distinct author names, in order of first appearance.
    pub(crate) authors: Vec<String>,
    /// The most recent changes, newest first (`render::changes` words them).
    pub(crate) recent: Vec<crate::history::Change>,
    /// How many changes there are in all.
    pub(crate) total: usize,
}

impl Report {
    /// The phase of cycle `i` on the report's day ([`cycles::phase`]).
    pub fn cycle_phase(&self, i: usize) -> Option<cycles::Phase> {
        self.cycles.get(i).map(|c| cycles::phase(c, self.today))
    }

    /// Lets go of every practice's raw log once its figures are computed:
    /// the pages and `goals.json` show the figures and the per-day `days`,
    /// never the entries themselves, and at 100,000 goals the entries are a
    /// third of a build's memory. A goal still shared (with a session's
    /// parse cache, which holds its log anyway) is left as it is.
    pub(crate) fn without_logs(mut self) -> Report {
        // On every worker: a build waits for it, with nothing else to do.
        self.goals.par_iter_mut().with_min_len(256).for_each(|g| {
            if let Some(Details::Practice(p)) = Arc::get_mut(&mut g.goal).map(|g| &mut g.details) {
                p.log = Default::default();
            }
        });
        self
    }

    /// Lets go of the report on every worker, when the build is done
    /// (tens of milliseconds at 10,000 goals, which one worker would spend
    /// alone while the other waits).
    pub(crate) fn let_go(mut self) {
        std::mem::take(&mut self.goals)
            .into_par_iter()
            .with_min_len(256)
            .for_each(drop);
    }
}

/// Computes every figure and lint. Pure: a function of (graph, settings,
/// cycles, today). The report shares the graph's goals, which a session
/// shares with its parse cache (they are the bulk of a build's memory:
/// they are not copied). With a `memo`, practice
/// figures it kept from the last build of a session are reused where their
/// inputs have not changed ([`memo::Memo`]): the same report, made faster.
pub fn analyse(
    graph: Graph,
    settings: &Settings,
    cycles: &[Cycle],
    today: Date,
    memo: Option<&memo::Memo>,
) -> Report {
    let mut reports = figures(&graph, settings, cycles, today, memo);
    let diagnostics = std::mem::take(&mut reports.diagnostics);
    Report {
        diagnostics,
        ..reports
    }
}

/// Every figure and lint.
fn figures(
    graph: &Graph,
    settings: &Settings,
    cycles: &[Cycle],
    today: Date,
    memo: Option<&memo::Memo>,
) -> Report {
    let days = SchoolDays::new(settings, today);
    let current_cycle = cycles.iter().position(|c| c.contains(today));
    let cx = Measuring {
        days: &days,
        cycles,
        current_cycle,
        today,
        memo,
        context: memo::Memo::context(settings, today),
    };

    // Practices and progress goals first (in parallel), purposes from them.
    let mut reports: Vec<GoalReport> = graph
        .goals
        .par_iter()
        .enumerate()
        .map(|(i, goal)| measure(graph, i, goal, &cx))
        .collect();
    purpose::roll_up(&mut reports, cycles.len());
    coaching::measure_all(graph, &days, today, &mut reports);

    // The newest record a person made (FORMAT §7 v3 "activity is what the
    // files record"): a dated entry or measurement, or a commit that changed
    // the value of `current:`; never a commit that only added, moved or
    // reformatted the file.
    for (i, r) in reports.iter_mut().enumerate() {
        let changed = graph
            .last_value_change
            .get(i)
            .copied()
            .flatten()
            .filter(|d| *d <= today);
        r.last_record = last_record(r, today).max(changed);
    }
    let last_record: Vec<Option<Date>> = reports.iter().map(|r| r.last_record).collect();
    let people_ids = settings.people.iter().map(|p| p.id.as_str()).collect();
    let cx = lints::Context {
        graph,
        days: &days,
        today,
        stale_after_days: settings.stale_after_days,
        people: &settings.people,
        people_ids: &people_ids,
        last_record: &last_record,
        reports: &reports,
    };
    let found: Vec<Vec<(Lint, Diagnostic)>> = (0..reports.len())
        .into_par_iter()
        .map(|i| lints::lint(&cx, i))
        .collect();
    let mut diagnostics = graph.diagnostics.clone();
    for (report, lints) in reports.iter_mut().zip(found) {
        for (lint, d) in lints {
            if !report.lints.contains(&lint) {
                report.lints.push(lint);
            }
            diagnostics.push(d);
        }
    }
    crate::diagnostics::sort(&mut diagnostics);

    Report {
        title: settings.title.clone(),
        today,
        settings: settings.clone(),
        cycles: cycles.to_vec(),
        current_cycle,
        goals: reports,
        diagnostics,
        scorecards: graph
            .scorecards
            .iter()
            .map(|s| ScorecardFile {
                file: s.file.clone(),
                title: s.title.clone(),
                owners: s.owners.clone(),
                private: s.visibility == crate::model::Visibility::Private,
            })
            .collect(),
        redirects: redirects::of(graph),
    }
}

/// What every goal is measured against.
struct Measuring<'a> {
    days: &'a SchoolDays<'a>,
    cycles: &'a [Cycle],
    current_cycle: Option<usize>,
    today: Date,
    /// Figures kept from the last build.
    memo: Option<&'a memo::Memo>,
    /// The hash of this build's settings and today ([`memo::Memo::context`]).
    context: u64,
}

/// The figures of one practice or progress goal (a purpose's come later).
fn measure(graph: &Graph, i: usize, goal: &Goal, cx: &Measuring<'_>) -> GoalReport {
    let Measuring {
        days,
        cycles,
        today,
        ..
    } = *cx;
    let mut report = GoalReport {
        // Shared with the graph, and with the parse cache of a session.
        goal: Arc::clone(&graph.goals[i]),
        state: State::NoData,
        parents: graph.ids(&graph.parents[i]),
        children: graph.ids(&graph.children[i]),
        lints: Vec::new(),
        progress: None,
        practice: None,
        purpose: None,
        series: Vec::new(),
        cycle_states: vec![None; cycles.len()],
        history: None,
        moved: Vec::new(),
        last_record: None,
        coaching: None,
        scheduled_today: today::is_scheduled(days, goal),
    };
    if goal.is_placeholder() {
        // Nothing of it could be read: no figures, no state (FORMAT §2).
        return report;
    }
    match &goal.details {
        Details::Practice(spec) => {
            let measured = match cx.memo {
                Some(memo) => memo.measure(cx.context, goal, spec, |key| {
                    measure_practice(goal, spec, cx, key)
                }),
                None => {
                    let entries = memo::Memo::entries_hash(&spec.log);
                    let key = memo::Memo::key(cx.context, goal, spec, entries);
                    measure_practice(goal, spec, cx, key)
                }
            };
            report.state = measured.state;
            report.cycle_states = measured.cycle_states;
            report.practice = Some(measured.figures);
        }
        Details::Progress(spec) => {
            report.series = progress::series(spec, today);
            let (mut figures, state) = progress::figures(goal, spec, &report.series, today);
            figures.required_per_week = next::required_per_week(goal, &figures, state, days);
            figures.forecast = next::forecast(goal, &figures, &report.series, today, state);
            report.state = state;
            report.cycle_states =
                cycles::progress_states(goal, spec, &report.series, cycles, today);
            report.progress = Some(figures);
        }
        Details::Purpose(_) | Details::Coaching(_) | Details::Reflection(_) => {}
    }
    report
}

/// A practice's state, its states as of each cycle and its figures: what
/// [`memo::Memo`] keeps (see [`memo::Memo::key`] for what they depend on).
fn measure_practice(
    goal: &Goal,
    spec: &crate::model::PracticeSpec,
    cx: &Measuring<'_>,
    key: u64,
) -> memo::Measured {
    let Measuring {
        days,
        cycles,
        current_cycle,
        today,
        ..
    } = *cx;
    let track = practice::Track::new(goal, spec, days);
    let t = days.today;
    let has_entries = spec.log.iter().any(|e| e.date <= today);
    let completion_14d = track.completion_14d(t);
    let cycle_completion = cycles::practice_completion(&track, cycles, today);
    let buffer = current_cycle.and_then(|c| next::buffer(&track, days, &cycles[c]));
    let outlook = current_cycle.and_then(|c| next::outlook(&track, days, &cycles[c]));
    memo::Measured {
        state: practice::state(completion_14d, has_entries),
        cycle_states: cycles::practice_states(goal, spec, &track, cycles, today),
        figures: std::sync::Arc::new(PracticeFigures {
            completion_14d,
            completion_cycle: current_cycle.and_then(|c| cycle_completion[c]),
            streak: track.streak(),
            best_streak: track.best_streak(),
            strength: track.strength(),
            weeks: track.weeks(),
            last_entry: spec.log.iter().rev().map(|e| e.date).find(|&d| d <= today),
            cycle_completion,
            completion_28d: track.completion(t - 27, t, t),
            scorecard: cycles::scorecard(cycles, current_cycle, today)
                .map_or_else(Default::default, |c| {
                    track.tally(calendar::day_num(c.start), calendar::day_num(c.end), t)
                }),
            buffer,
            outlook,
            days: track.days(days),
            measured_from: key,
        }),
    }
}

/// The newest dated record up to today that a person wrote: a practice's
/// last entry, a progress goal's last measurement (`current:` alone is not
/// one, and a point read from git counts through the commit that changed
/// the value, see [`Graph::last_value_change`]).
fn last_record(report: &GoalReport, today: Date) -> Option<Date> {
    if let Some(p) = &report.practice {
        return p.last_entry;
    }
    report
        .series
        .iter()
        .rev()
        .filter(|p| p.source == SeriesSource::Measurements && p.date <= today)
        .map(|p| p.date)
        .next()
}

#[cfg(test)]
mod tests;
