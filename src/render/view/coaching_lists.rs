//! Coaching gathered from many goals: the "Coaching cycles" section of the
//! dashboard and the sprint report, a person's cycles, asks and
//! reflections, and a sprint report's reflections. Every figure and choice
//! is [`crate::analysis::coaching`]'s; this maps them to words.

use super::{CycleRef, GoalLink, PersonRef, Views};
use crate::analysis::coaching::{self, CyclesAtAGlance, Phase};
use crate::analysis::GoalReport;
use crate::render::dates;
use crate::render::markdown::render_body;
use crate::render::svg::{num, with_unit};
use serde::Serialize;

/// The "Coaching cycles" section (dashboard, sprint report).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CyclesSection<'a> {
    /// Cycles running today, soonest to end first.
    pub(crate) running: Vec<CycleRow<'a>>,
    /// Cycles that have finished.
    pub(crate) finished: Vec<CycleRow<'a>>,
    /// "Mean gain toward the target: 23.5 points over 2 finished cycles".
    pub(crate) mean_gain: Option<String>,
    /// "2 running, 3 finished".
    pub(crate) counts: String,
}

#[derive(Debug, Clone, Serialize)]
/// One coaching cycle in a list.
pub(crate) struct CycleRow<'a> {
    /// The cycle's page.
    pub(crate) goal: GoalLink<'a>,
    /// Its owners (the coach and the teacher).
    pub(crate) owners: Vec<PersonRef<'a>>,
    /// "28 days left", "35% → 74% (target 80%)".
    pub(crate) text: String,
    /// A draft (on its owners' pages only): marked.
    pub(crate) draft: bool,
}

/// The section for `glance`, or `None` when it lists nothing.
pub(crate) fn cycles_section<'a>(
    v: &Views<'a>,
    glance: &CyclesAtAGlance,
) -> Option<CyclesSection<'a>> {
    if glance.is_empty() {
        return None;
    }
    let row = |i: &usize| {
        let g = &v.report.goals[*i];
        let f = g.coaching.as_deref();
        let unit = g
            .goal
            .coaching()
            .and_then(|c| c.unit.as_deref())
            .unwrap_or("");
        let value = |x: Option<f64>| x.map_or("—".to_string(), |x| with_unit(x, unit));
        let text = match f {
            Some(f) if f.phase == Phase::Running => {
                let left = match f.days_left {
                    Some(0) => "last day today".to_string(),
                    Some(1) => "1 day left".to_string(),
                    Some(n) => format!("{n} days left"),
                    None => "running".to_string(),
                };
                let pre = f.pre.map_or("No pre-assessment yet".to_string(), |x| {
                    format!("Pre {}", with_unit(x, unit))
                });
                format!("{pre} · target {} · {left}", value(f.target))
            }
            Some(f) if f.phase == Phase::Upcoming => {
                let when = g.goal.start.map_or("No start date yet".to_string(), |s| {
                    format!("Starts {}", dates::medium(s))
                });
                match f.target {
                    Some(t) => format!("{when} · target {}", with_unit(t, unit)),
                    None => when,
                }
            }
            Some(f) => format!(
                "{} → {} (target {}){}",
                value(f.pre),
                f.post
                    .map_or("no post-assessment yet".to_string(), |x| with_unit(x, unit)),
                value(f.target),
                match f.reached {
                    Some(true) => " · reached",
                    _ => "",
                }
            ),
            None => String::new(),
        };
        CycleRow {
            goal: v.link_of(g),
            owners: v.owners(g),
            text,
            draft: g.goal.is_draft(),
        }
    };
    let mean_gain = glance.mean_gain.map(|m| {
        let n = glance.with_gain;
        format!(
            "Mean gain toward the target: {} points over {n} finished cycle{}",
            num(m),
            if n == 1 { "" } else { "s" }
        )
    });
    Some(CyclesSection {
        counts: format!(
            "{} running, {} finished",
            glance.running.len(),
            glance.finished.len()
        ),
        running: glance.running.iter().map(row).collect(),
        finished: glance.finished.iter().map(row).collect(),
        mean_gain,
    })
}

/// A person's page: their cycles (as coach or teacher), asks and reflections.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonCoaching<'a> {
    /// Cycles the person is an owner of.
    pub(crate) cycles: Vec<CycleRow<'a>>,
    /// What the person asks for help with, goal by goal.
    pub(crate) asks: Vec<AskRow<'a>>,
    /// The person's sprint reflections.
    pub(crate) reflections: Vec<ReflectionRow<'a>>,
}

#[derive(Debug, Clone, Serialize)]
/// One goal's ask for help.
pub(crate) struct AskRow<'a> {
    /// The goal that asks.
    pub(crate) goal: GoalLink<'a>,
    /// Its owners.
    pub(crate) owners: Vec<PersonRef<'a>>,
    /// What they ask for.
    pub(crate) asks: &'a str,
}

#[derive(Debug, Clone, Serialize)]
/// One sprint reflection.
pub(crate) struct ReflectionRow<'a> {
    /// The reflection's page.
    pub(crate) goal: GoalLink<'a>,
    /// Whose reflection it is.
    pub(crate) owner: Option<PersonRef<'a>>,
    /// The sprint it is about.
    pub(crate) sprint: Option<CycleRef>,
    /// What the owner commits to for the next sprint.
    pub(crate) commitments: &'a [String],
    /// The body (what was learned) as sanitised HTML.
    pub(crate) body: String,
    /// A draft: marked, counted nowhere.
    pub(crate) draft: bool,
}

/// One reflection, for a person's page and the sprint report.
pub(crate) fn reflection_row<'a>(v: &Views<'a>, g: &'a GoalReport) -> ReflectionRow<'a> {
    ReflectionRow {
        goal: v.link_of(g),
        owner: g.goal.owners.first().map(|o| v.person(o)),
        sprint: coaching::sprints_of(v.report, &g.goal)
            .last()
            .and_then(|&c| v.cycle_ref(c)),
        commitments: g.goal.reflection().map_or(&[][..], |r| &r.commit[..]),
        body: render_body(&g.goal.body),
        draft: g.goal.is_draft(),
    }
}

/// A goal's ask for help as a row of a person's page, when it has one.
pub(crate) fn ask_row<'a>(v: &Views<'a>, g: &'a GoalReport) -> Option<AskRow<'a>> {
    Some(AskRow {
        goal: v.link_of(g),
        owners: v.owners(g),
        asks: g.goal.together.asks.as_deref()?,
    })
}

/// The coaching of a person who owns `owned` (indices into the report),
/// or `None` when they have none.
pub(crate) fn person_coaching<'a>(v: &Views<'a>, owned: &[usize]) -> Option<PersonCoaching<'a>> {
    let mine = coaching::person(v.report, owned);
    let glance = CyclesAtAGlance {
        running: mine.cycles,
        ..Default::default()
    };
    let cycles = cycles_section(v, &glance)
        .map(|s| s.running)
        .unwrap_or_default();
    let asks: Vec<AskRow> = mine
        .asks
        .iter()
        .filter_map(|&i| ask_row(v, &v.report.goals[i]))
        .collect();
    let reflections: Vec<ReflectionRow> = mine
        .reflections
        .iter()
        .map(|&i| reflection_row(v, &v.report.goals[i]))
        .collect();
    (!cycles.is_empty() || !asks.is_empty() || !reflections.is_empty()).then_some(PersonCoaching {
        cycles,
        asks,
        reflections,
    })
}

/// A sprint report's coaching: the cycles section and the reflections,
/// by owner.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SprintCoaching<'a> {
    /// The cycles running or finished in the sprint.
    pub(crate) cycles: Option<CyclesSection<'a>>,
    /// The owners' reflections on the sprint.
    pub(crate) reflections: Vec<ReflectionRow<'a>>,
}

/// The coaching of sprint `c`'s report, when it has any.
pub(crate) fn sprint_coaching<'a>(v: &Views<'a>, c: usize) -> Option<SprintCoaching<'a>> {
    let cycles = cycles_section(v, &coaching::in_cycle(v.report, c));
    let reflections: Vec<ReflectionRow> = coaching::reflections_in(v.report, c)
        .into_iter()
        .map(|g| reflection_row(v, g))
        .collect();
    (cycles.is_some() || !reflections.is_empty()).then_some(SprintCoaching {
        cycles,
        reflections,
    })
}
