//! Coaching cycles, decided once: a cycle's phase, gain, whether it
//! reached its target, its days left and its practices' completion in its
//! window; its lints; cycles at a glance (now and in a sprint); the cycles
//! a calendar feed holds.

use crate::analysis::calendar::{day_num, SchoolDays};
use crate::analysis::practice::Track;
use crate::analysis::{Day, GoalReport, Report};
use crate::graph::Graph;
use crate::model::coaching::CoachingSpec;
use crate::model::lint::Lint;
use crate::model::{Date, Goal, Kind, Status};
use serde::Serialize;

/// `cycle-without-pre` fires this many days after a cycle's `start`.
pub(crate) const PRE_GRACE_DAYS: i32 = 7;

/// Where a coaching cycle stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Upcoming,
    Running,
    Finished,
}

/// A coaching cycle's figures (FORMAT §12, `goals.json` `coaching`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleFigures {
    pub pre: Option<f64>,
    pub(crate) pre_date: Option<Date>,
    pub post: Option<f64>,
    pub(crate) post_date: Option<Date>,
    pub target: Option<f64>,
    /// post − pre, in points.
    pub gain: Option<f64>,
    /// The gain toward the target: −gain when lower is better.
    pub improvement: Option<f64>,
    /// post ≥ target (≤ when lower is better); `None` without both.
    pub reached: Option<bool>,
    /// The target is below the pre-assessment.
    pub lower_is_better: bool,
    pub phase: Phase,
    /// While it runs: calendar days from today to `due`.
    pub days_left: Option<i64>,
    /// The listed practices that exist, in the order written.
    pub practices: Vec<CyclePractice>,
}

/// One practice used in a coaching cycle, inside the cycle's window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CyclePractice {
    pub id: String,
    /// Completion of its periods from the cycle's start to its due date
    /// (or today); `None` when none has counted yet.
    pub completion: Option<f64>,
    /// Its days inside the window, up to today (for the page's strip).
    pub days: Vec<Day>,
}

/// Where a cycle stands on `today`.
pub fn phase(goal: &Goal, today: Date) -> Phase {
    if goal.status == Status::Done || goal.due.is_some_and(|d| today > d) {
        Phase::Finished
    } else if goal.start.is_some_and(|s| today < s) {
        Phase::Upcoming
    } else {
        Phase::Running
    }
}

/// Gain, reached and direction from the written figures.
fn outcome(spec: &CoachingSpec) -> (Option<f64>, Option<f64>, Option<bool>, bool) {
    let pre = spec.pre.as_ref().map(|a| a.value);
    let post = spec.post.as_ref().map(|a| a.value);
    let lower = matches!((spec.target, pre), (Some(t), Some(p)) if t < p);
    let gain = pre.zip(post).map(|(a, b)| b - a);
    let improvement = gain.map(|g| if lower { -g } else { g });
    let reached = post
        .zip(spec.target)
        .map(|(p, t)| if lower { p <= t } else { p >= t });
    (gain, improvement, reached, lower)
}

/// Fills in every coaching cycle's figures once practices are measured.
pub(in crate::analysis) fn measure_all(
    graph: &Graph,
    days: &SchoolDays,
    today: Date,
    reports: &mut [GoalReport],
) {
    let mut found = Vec::new();
    for (i, goal) in graph.goals.iter().enumerate() {
        let Some(spec) = goal.coaching() else {
            continue;
        };
        if goal.is_placeholder() {
            continue;
        }
        found.push((i, figures(graph, goal, spec, days, today, reports)));
    }
    for (i, f) in found {
        reports[i].coaching = Some(Box::new(f));
    }
}

fn figures(
    graph: &Graph,
    goal: &Goal,
    spec: &CoachingSpec,
    days: &SchoolDays,
    today: Date,
    reports: &[GoalReport],
) -> CycleFigures {
    let (gain, improvement, reached, lower_is_better) = outcome(spec);
    let phase = phase(goal, today);
    let days_left = match (phase, goal.due) {
        (Phase::Running, Some(due)) => Some(i64::from(day_num(due) - day_num(today))),
        _ => None,
    };
    let mut practices = Vec::new();
    for r in &spec.practices {
        let Some(&p) = graph.index.get(r.id.trim()) else {
            continue;
        };
        let (practice, report) = (&graph.goals[p], &reports[p]);
        let Some(pspec) = practice.practice() else {
            continue;
        };
        if practices
            .iter()
            .any(|c: &CyclePractice| c.id == practice.id)
        {
            continue;
        }
        let from = goal.start.map_or(i32::MIN, day_num);
        let to = goal
            .due
            .map_or(day_num(today), |d| day_num(d).min(day_num(today)));
        let completion = if phase == Phase::Upcoming || practice.is_placeholder() {
            None
        } else {
            let from = goal.start.map_or(days.today - 13, day_num);
            Track::new(practice, pspec, days).completion(from, to, days.today)
        };
        let window: Vec<Day> = report
            .practice
            .as_ref()
            .map(|f| {
                f.days
                    .iter()
                    .filter(|d| (from..=to).contains(&day_num(d.date)))
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        practices.push(CyclePractice {
            id: practice.id.clone(),
            completion,
            days: window,
        });
    }
    CycleFigures {
        pre: spec.pre.as_ref().map(|a| a.value),
        pre_date: spec.pre.as_ref().and_then(|a| a.date),
        post: spec.post.as_ref().map(|a| a.value),
        post_date: spec.post.as_ref().and_then(|a| a.date),
        target: spec.target,
        gain,
        improvement,
        reached,
        lower_is_better,
        phase,
        days_left,
        practices,
    }
}

/// One coaching lint: which, and the message and hint it says.
pub(in crate::analysis) struct Found {
    pub(crate) lint: Lint,
    /// The cycle's `start:` (pre) or `due:` line, else the goal's own line.
    pub(crate) at: crate::diagnostics::Location,
    pub(crate) message: String,
    pub(crate) hint: &'static str,
}

/// The coaching lints of a cycle that is not a draft, dropped or paused.
pub(in crate::analysis) fn lints(goal: &Goal, spec: &CoachingSpec, today: Date) -> Vec<Found> {
    let mut out = Vec::new();
    if matches!(
        goal.status,
        Status::Draft | Status::Dropped | Status::Paused
    ) {
        return out;
    }
    let t = day_num(today);
    if let (None, Some(start)) = (&spec.pre, goal.start) {
        if t >= day_num(start) + PRE_GRACE_DAYS {
            out.push(Found {
                lint: Lint::CycleWithoutPre,
                at: spec.start_at.clone().unwrap_or_else(|| goal.at.clone()),
                message: format!(
                    "coaching cycle `{}` started on {start} and has no pre-assessment yet",
                    goal.id
                ),
                hint: "Where are the students now? Add `pre: {date: …, value: …}` with the \
                       first assessment, so the cycle's gain can be seen.",
            });
        }
    }
    let ended = goal.due.is_some_and(|d| t > day_num(d));
    if ended && spec.post.is_none() {
        out.push(Found {
            lint: Lint::CycleWithoutPost,
            at: spec.due_at.clone().unwrap_or_else(|| goal.at.clone()),
            message: format!(
                "coaching cycle `{}` ended and has no post-assessment",
                goal.id
            ),
            hint: "Where did the students get to? Add `post: {date: …, value: …}` with the \
                   closing assessment.",
        });
    }
    if ended && spec.evidence.is_empty() {
        out.push(Found {
            lint: Lint::CycleWithoutEvidence,
            at: spec.due_at.clone().unwrap_or_else(|| goal.at.clone()),
            message: format!("coaching cycle `{}` ended with no evidence listed", goal.id),
            hint: "What did you see along the way? List a lesson video, student work or \
                   notes under `evidence:`.",
        });
    }
    out
}

/// Coaching cycles at a glance: which run, which finished, and the mean
/// gain toward the target of the finished ones that have one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CyclesAtAGlance {
    /// Indices into the report's goals, by due date then id.
    pub running: Vec<usize>,
    pub finished: Vec<usize>,
    pub mean_gain: Option<f64>,
    /// How many finished cycles the mean is over.
    pub with_gain: usize,
}

impl CyclesAtAGlance {
    pub fn is_empty(&self) -> bool {
        self.running.is_empty() && self.finished.is_empty()
    }
}

/// The report's coaching cycles that count (not drafts, not dropped).
fn counted(report: &Report) -> impl Iterator<Item = (usize, &GoalReport, &CycleFigures)> {
    report.goals.iter().enumerate().filter_map(|(i, g)| {
        let f = g.coaching.as_deref()?;
        (g.goal.kind == Kind::Coaching && !matches!(g.goal.status, Status::Draft | Status::Dropped))
            .then_some((i, g, f))
    })
}

fn glance(report: &Report, running: Vec<usize>, finished: Vec<usize>) -> CyclesAtAGlance {
    let gains: Vec<f64> = finished
        .iter()
        .filter_map(|&i| report.goals[i].coaching.as_ref()?.improvement)
        .collect();
    let mean_gain = (!gains.is_empty()).then(|| gains.iter().sum::<f64>() / gains.len() as f64);
    let mut out = CyclesAtAGlance {
        running,
        finished,
        mean_gain,
        with_gain: gains.len(),
    };
    let key = |i: &usize| {
        let g = &report.goals[*i].goal;
        (g.due, g.id.clone())
    };
    out.running.sort_by_key(key);
    out.finished.sort_by_key(key);
    out
}

/// The dashboard's "Coaching cycles": running and finished as of today.
pub fn at_a_glance(report: &Report) -> CyclesAtAGlance {
    let (mut running, mut finished) = (Vec::new(), Vec::new());
    for (i, _, f) in counted(report) {
        match f.phase {
            Phase::Running => running.push(i),
            Phase::Finished => finished.push(i),
            Phase::Upcoming => {}
        }
    }
    glance(report, running, finished)
}

/// A sprint report's "Coaching cycles": those running at some time in
/// cycle `c` (not finished by its start) and, of them, those whose `due`
/// falls inside it (finished in it, as of today).
pub fn in_cycle(report: &Report, c: usize) -> CyclesAtAGlance {
    let Some(cycle) = report.cycles.get(c) else {
        return CyclesAtAGlance::default();
    };
    let (mut running, mut finished) = (Vec::new(), Vec::new());
    for (i, g, f) in counted(report) {
        let starts_by_end = g.goal.start.is_none_or(|s| s <= cycle.end);
        let open_at_start = g.goal.due.is_none_or(|d| d >= cycle.start);
        if !(starts_by_end && open_at_start) || f.phase == Phase::Upcoming {
            continue;
        }
        let ends_inside = g.goal.due.is_some_and(|d| cycle.contains(d));
        if ends_inside && f.phase == Phase::Finished {
            finished.push(i);
        } else {
            running.push(i);
        }
    }
    glance(report, running, finished)
}

/// The coaching cycles a calendar feed holds: dated, shared, not drafts,
/// dropped or paused (FORMAT §8 v3: private goals are never in a feed).
pub(crate) fn feed_cycles(report: &Report) -> impl Iterator<Item = &Goal> {
    report
        .goals
        .iter()
        .map(|g| &*g.goal)
        .filter(|g| g.kind == Kind::Coaching && (g.start.is_some() || g.due.is_some()))
        .filter(|g| matches!(g.status, Status::Active | Status::Done) && !g.is_private())
}
