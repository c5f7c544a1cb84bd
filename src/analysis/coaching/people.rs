//! Coaching by person and by sprint: who asks for help, feedback newest
//! first, the reflections of a sprint or of a person, the sprints a period
//! starts or ends, the "New sprint" reminder, the digest's coaching and
//! one person's coaching for their page.

use crate::analysis::{GoalReport, Report};
use crate::model::{Date, Goal, Kind, Status};

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
    /// (cycle, index into its `evidence`) dated in the period, newest
    /// first.
    pub(crate) evidence: Vec<(usize, usize)>,
}

impl DigestCoaching {
    pub fn is_empty(&self) -> bool {
        self.asks.is_empty()
            && self.feedback.is_empty()
            && self.commitments.iter().all(|(_, r)| r.is_empty())
            && self.reflections.iter().all(|(_, r)| r.is_empty())
            && self.cycles_started.is_empty()
            && self.cycles_ended.is_empty()
            && self.evidence.is_empty()
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
            let evidence = g.goal.coaching().map_or(&[][..], |c| &c.evidence[..]);
            for (k, e) in evidence.iter().enumerate() {
                if e.date.is_some_and(|d| from <= d && d <= to) {
                    out.evidence.push((i, k));
                }
            }
        }
    }
    let evidence_date = |&(i, k): &(usize, usize)| {
        report.goals[i]
            .goal
            .coaching()
            .and_then(|c| c.evidence[k].date)
    };
    out.evidence
        .sort_by_key(|x| (std::cmp::Reverse(evidence_date(x)), x.0, x.1));
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
