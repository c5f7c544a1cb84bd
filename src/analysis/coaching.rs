//! Coaching (FORMAT §3 v3, §12), decided once: a coaching cycle's gain,
//! whether it reached its target (lower is better when the target is
//! below the pre-assessment), its days left, its practices' completion
//! inside its window; the lints `cycle-without-pre`, `cycle-without-post`
//! and `cycle-without-evidence`; which cycles are running and finished
//! (now, and in a sprint) and their mean gain; and who asked for help,
//! gave feedback, committed or reflected, for people's pages, the sprint
//! report and the digest.
//!
//! # Choices where FORMAT is silent (for the user docs)
//!
//! - A cycle is *upcoming* before its `start`, *running* from `start` to
//!   `due` (both days included), *finished* after `due` (or once its status
//!   is `done`). Without `start` it is running until `due`; without `due`
//!   it runs until its status is `done`.
//! - Days left are calendar days from today to `due` (0 on the last day).
//! - `gain` is post − pre in points, as written. The mean gain of several
//!   cycles counts each one's gain *toward its target* (a fall is a gain
//!   when lower is better), so cycles of both directions can be averaged.
//! - A practice's completion inside a cycle counts the practice's
//!   scheduled periods from the cycle's `start` to its `due` (or today,
//!   while it runs), with the practice's own rules (FORMAT §7).
//! - `cycle-without-pre` fires from the 7th day after `start` (start + 7);
//!   `cycle-without-post` and `cycle-without-evidence` from the day after `due`.
//! - A draft (FORMAT §3 v3) counts nowhere: no figures in summaries, no
//!   lints, nothing in the digest.

use super::calendar::{day_num, SchoolDays};
use super::practice::Track;
use super::{Day, GoalReport, Report};
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
pub(super) fn measure_all(
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
pub(super) struct Found {
    pub(crate) lint: Lint,
    /// The cycle's `start:` (pre) or `due:` line, else the goal's own line.
    pub(crate) at: crate::diagnostics::Location,
    pub(crate) message: String,
    pub(crate) hint: &'static str,
}

/// The coaching lints of a cycle that is not a draft, dropped or paused.
pub(super) fn lints(goal: &Goal, spec: &CoachingSpec, today: Date) -> Vec<Found> {
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

/// The goals (not drafts, not dropped or done) that ask for help, of
/// `person` or of everyone, in id order.
pub fn asks<'r>(report: &'r Report, person: Option<&str>) -> Vec<&'r GoalReport> {
    report
        .goals
        .iter()
        .filter(|g| g.goal.together.asks.is_some())
        .filter(|g| matches!(g.goal.status, Status::Active | Status::Paused))
        .filter(|g| person.is_none_or(|p| g.goal.owners.iter().any(|o| o == p)))
        .collect()
}

/// The cycles (indices into `report.cycles`) a reflection names, by the
/// cycle's name or id in any case (as `cycle:` is matched everywhere).
pub(crate) fn sprints_of(report: &Report, goal: &Goal) -> Vec<usize> {
    let mut out: Vec<usize> =
        goal.cycles
            .iter()
            .filter_map(|r| {
                let name = r.id.trim().to_lowercase();
                report.cycles.iter().position(|c| {
                    c.id.to_lowercase() == name || c.name.trim().to_lowercase() == name
                })
            })
            .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The reflections (not drafts) of cycle `c`, by owner then id.
pub fn reflections_in(report: &Report, c: usize) -> Vec<&GoalReport> {
    let mut out: Vec<&GoalReport> = report
        .goals
        .iter()
        .filter(|g| g.goal.kind == Kind::Reflection && !g.goal.is_draft())
        .filter(|g| sprints_of(report, &g.goal).contains(&c))
        .collect();
    out.sort_by_key(|g| (g.goal.owners.first().cloned(), g.goal.id.clone()));
    out
}

/// `person`'s reflections, newest sprint first.
pub fn reflections_of<'r>(report: &'r Report, person: &str) -> Vec<&'r GoalReport> {
    let mut out: Vec<&GoalReport> = report
        .goals
        .iter()
        .filter(|g| g.goal.kind == Kind::Reflection)
        .filter(|g| g.goal.owners.iter().any(|o| o == person))
        .collect();
    out.sort_by_key(|g| {
        (
            std::cmp::Reverse(sprints_of(report, &g.goal).last().copied()),
            g.goal.id.clone(),
        )
    });
    out
}

/// A goal's feedback, newest first (in the order written on one day).
pub fn feedback_newest_first(goal: &Goal) -> Vec<&crate::model::coaching::Feedback> {
    let mut out: Vec<_> = goal.together.feedback.iter().enumerate().collect();
    out.sort_by_key(|(i, f)| (std::cmp::Reverse(f.date), *i));
    out.into_iter().map(|(_, f)| f).collect()
}

/// The cycles (indices) that start inside `from..=to`, and those that end in it.
pub(crate) fn sprints_between(report: &Report, from: Date, to: Date) -> (Vec<usize>, Vec<usize>) {
    let inside = |d: Date| from <= d && d <= to;
    let starting = (0..report.cycles.len())
        .filter(|&c| inside(report.cycles[c].start))
        .collect();
    let ending = (0..report.cycles.len())
        .filter(|&c| inside(report.cycles[c].end))
        .collect();
    (starting, ending)
}

/// The owners, among those with an active goal, who have no reflection
/// (no commitments) for cycle `c`: `today`'s "New sprint" reminder.
pub(crate) fn without_commitments(report: &Report, c: usize) -> Vec<String> {
    let with: Vec<&String> = reflections_in(report, c)
        .into_iter()
        .filter(|g| g.goal.reflection().is_some_and(|r| !r.commit.is_empty()))
        .flat_map(|g| g.goal.owners.iter())
        .collect();
    let mut owners: Vec<String> = report
        .goals
        .iter()
        .filter(|g| {
            g.goal.is_active()
                && matches!(
                    g.goal.kind,
                    Kind::Progress | Kind::Practice | Kind::Coaching
                )
        })
        .flat_map(|g| g.goal.owners.iter().cloned())
        .filter(|o| !with.contains(&o))
        .collect();
    owners.sort();
    owners.dedup();
    owners
}

/// The coaching cycles a calendar feed holds: dated, shared, not drafts,
/// dropped or paused (FORMAT §8 v3: private goals are never in a feed).
pub(crate) fn feed_cycles(report: &Report) -> impl Iterator<Item = &Goal> {
    report
        .goals
        .iter()
        .map(|g| &g.goal)
        .filter(|g| g.kind == Kind::Coaching && (g.start.is_some() || g.due.is_some()))
        .filter(|g| matches!(g.status, Status::Active | Status::Done) && !g.is_private())
}

/// What the digest of a period says of coaching (FORMAT §12): the asks for
/// help, the feedback dated in the period, the commitments of the sprints
/// that start in it, the reflections of those that end in it, and the
/// coaching cycles that start or end in it. Drafts are left out; pass the
/// visible report and private ones are too.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DigestCoaching {
    /// Goals (indices) that ask for help, by id.
    pub(crate) asks: Vec<usize>,
    /// (goal, index into its `feedback`), newest first.
    pub(crate) feedback: Vec<(usize, usize)>,
    /// (cycle, its reflections with commitments), for each sprint starting.
    pub(crate) commitments: Vec<(usize, Vec<usize>)>,
    /// (cycle, its reflections), for each sprint ending.
    pub(crate) reflections: Vec<(usize, Vec<usize>)>,
    /// Coaching cycles starting in the period, by start date.
    pub(crate) cycles_started: Vec<usize>,
    /// Coaching cycles whose due date is in the period, by due date.
    pub(crate) cycles_ended: Vec<usize>,
}

impl DigestCoaching {
    pub fn is_empty(&self) -> bool {
        self.asks.is_empty()
            && self.feedback.is_empty()
            && self.commitments.iter().all(|(_, r)| r.is_empty())
            && self.reflections.iter().all(|(_, r)| r.is_empty())
            && self.cycles_started.is_empty()
            && self.cycles_ended.is_empty()
    }
}

/// The coaching of `from..=to` in `report`, for one owner or everyone.
pub fn digest(report: &Report, from: Date, to: Date, owner: Option<&str>) -> DigestCoaching {
    let mine = |g: &GoalReport| owner.is_none_or(|o| g.goal.owners.iter().any(|x| x == o));
    let counts =
        |g: &GoalReport| mine(g) && !matches!(g.goal.status, Status::Draft | Status::Dropped);
    let index_of = |g: &GoalReport| report.goals.iter().position(|x| std::ptr::eq(x, g));
    let mut out = DigestCoaching {
        asks: asks(report, owner)
            .into_iter()
            .filter_map(index_of)
            .collect(),
        ..DigestCoaching::default()
    };
    for (i, g) in report.goals.iter().enumerate().filter(|(_, g)| counts(g)) {
        for (k, f) in g.goal.together.feedback.iter().enumerate() {
            if from <= f.date && f.date <= to {
                out.feedback.push((i, k));
            }
        }
        if g.goal.kind == Kind::Coaching {
            if g.goal.start.is_some_and(|d| from <= d && d <= to) {
                out.cycles_started.push(i);
            }
            if g.goal.due.is_some_and(|d| from <= d && d <= to) {
                out.cycles_ended.push(i);
            }
        }
    }
    let date_of = |(i, k): &(usize, usize)| report.goals[*i].goal.together.feedback[*k].date;
    out.feedback.sort_by_key(|x| {
        (
            std::cmp::Reverse(date_of(x)),
            report.goals[x.0].goal.id.clone(),
        )
    });
    out.cycles_started
        .sort_by_key(|&i| (report.goals[i].goal.start, i));
    out.cycles_ended
        .sort_by_key(|&i| (report.goals[i].goal.due, i));
    let (starting, ending) = sprints_between(report, from, to);
    let of = |c: usize, with_commitments: bool| -> Vec<usize> {
        reflections_in(report, c)
            .into_iter()
            .filter(|g| mine(g) && !matches!(g.goal.status, Status::Dropped))
            .filter(|g| {
                !with_commitments || g.goal.reflection().is_some_and(|r| !r.commit.is_empty())
            })
            .filter_map(index_of)
            .collect()
    };
    out.commitments = starting.into_iter().map(|c| (c, of(c, true))).collect();
    out.reflections = ending.into_iter().map(|c| (c, of(c, false))).collect();
    out
}

/// `today` on a sprint's first day (FORMAT §12): the sprint, and each
/// owner (of `owner`, or everyone) with no commitments written for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NewSprint {
    pub(crate) name: String,
    /// The cycle's id, for the reflection's `cycle:`.
    pub(crate) id: String,
    /// (person id, name from `people:`), in id order.
    pub(crate) owners: Vec<(String, Option<String>)>,
}

/// The reminder of `today`, when a cycle starts today and someone has no
/// commitments for it.
pub(crate) fn new_sprint(report: &Report, owner: Option<&str>) -> Option<NewSprint> {
    let c = report.cycles.iter().position(|c| c.start == report.today)?;
    let owners: Vec<(String, Option<String>)> = without_commitments(report, c)
        .into_iter()
        .filter(|o| owner.is_none_or(|x| x == o))
        .map(|o| {
            let name = report.settings.person(&o).map(|p| p.name.clone());
            (o, name)
        })
        .collect();
    (!owners.is_empty()).then(|| NewSprint {
        name: report.cycles[c].name.clone(),
        id: report.cycles[c].id.clone(),
        owners,
    })
}

/// One person's coaching among `owned`, the goals they own (indices into
/// the report): their coaching cycles (drafts included, marked where
/// shown) by start date, the goals that ask for help (as [`asks`]) by id,
/// and their reflections, newest sprint first. Looks only at their own
/// goals, so every person's page together costs one pass over the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PersonCoaching {
    pub(crate) cycles: Vec<usize>,
    pub(crate) asks: Vec<usize>,
    pub(crate) reflections: Vec<usize>,
}

pub(crate) fn person(report: &Report, owned: &[usize]) -> PersonCoaching {
    let goal = |i: &usize| &report.goals[*i].goal;
    let mut out = PersonCoaching::default();
    for &i in owned {
        let g = goal(&i);
        match g.kind {
            Kind::Coaching => out.cycles.push(i),
            Kind::Reflection => out.reflections.push(i),
            _ => {}
        }
        if g.together.asks.is_some() && matches!(g.status, Status::Active | Status::Paused) {
            out.asks.push(i);
        }
    }
    out.cycles
        .sort_by_key(|i| (goal(i).start, goal(i).id.clone()));
    out.asks.sort_by_key(|i| goal(i).id.clone());
    out.reflections.sort_by_key(|i| {
        (
            std::cmp::Reverse(sprints_of(report, goal(i)).last().copied()),
            goal(i).id.clone(),
        )
    });
    out
}
