//! The lints of FORMAT §7: warnings with stable names and coaching hints.
//!
//! Every lint is silenced for a goal whose `allow:` lists its name. All of
//! them look only at active goals, except the two date lints
//! (`future-entry`, `outside-window`), which look at every goal.

use super::calendar::{day_num, SchoolDays};
use super::rules::{self, STRATEGY_COMPLETION, STRATEGY_DAYS};
use super::{progress, GoalReport, State};
use crate::diagnostics::{Diagnostic, Location};
use crate::graph::Graph;
use crate::model::lint::Lint;
use crate::model::{Date, Details, Goal, Kind, SeriesSource, Status};

/// What the lints need to know beyond the goal itself.
pub struct Context<'a> {
    pub(crate) graph: &'a Graph,
    pub(crate) days: &'a SchoolDays<'a>,
    pub(crate) today: Date,
    pub(crate) stale_after_days: u32,
    /// The people `goalpost.yml` lists (`unknown-person` when not empty).
    pub(crate) people: &'a [crate::model::Person],
    /// Their ids, looked up for every owner of every goal.
    pub(crate) people_ids: &'a std::collections::HashSet<&'a str>,
    /// Per goal: the newest dated record up to today — a practice's last log
    /// entry, a progress goal's last measurement (not `current:` alone).
    pub(crate) last_record: &'a [Option<Date>],
    /// Every goal's figures (index-aligned with the graph's goals).
    pub(crate) reports: &'a [GoalReport],
}

/// The lints that fire on goal `i`, already filtered by its `allow:`: each
/// lint with its diagnostic.
pub fn lint(cx: &Context, i: usize) -> Vec<(Lint, Diagnostic)> {
    let goal = &cx.graph.goals[i];
    // A file that cannot be read has its own error and nothing more
    // (FORMAT §2): no lint on it, and none on its neighbours that depends on
    // what a placeholder would have said.
    // A draft counts nowhere, lints included (FORMAT §3 v3).
    if goal.broken.is_some() || goal.is_draft() {
        return Vec::new();
    }
    let near_placeholder = cx.graph.children[i]
        .iter()
        .any(|&c| cx.graph.goals[c].is_placeholder());
    let mut out = Lints {
        goal,
        out: Vec::new(),
    };
    dates(cx, goal, &mut out);
    unknown_person(cx, goal, &mut out);
    if let Some(spec) = goal.coaching() {
        for f in super::coaching::lints(goal, spec, cx.today) {
            out.warn(f.lint, &f.at, f.message, f.hint);
        }
    }
    if goal.status != Status::Active {
        return out.out;
    }
    let children = || cx.graph.children[i].iter().map(|&c| &*cx.graph.goals[c]);
    let live = |g: &&Goal| !matches!(g.status, Status::Dropped | Status::Draft);
    match &goal.details {
        Details::Purpose(_) => {
            if !near_placeholder && !children().filter(live).any(|g| g.kind == Kind::Progress) {
                out.warn(
                    Lint::PurposeWithoutProgress,
                    &goal.at,
                    format!(
                        "purpose `{}` has no progress goal beneath it: \
                         there is no way yet to tell whether it is moving",
                        goal.id
                    ),
                    format!(
                        "What would you see change if this purpose were being met? \
                         Add a progress goal with a baseline and a target, \
                         and `purpose: {}`.",
                        goal.id
                    ),
                );
            }
        }
        Details::Progress(spec) => {
            if spec.purpose.is_none() {
                out.warn(
                    Lint::ProgressWithoutPurpose,
                    &goal.at,
                    format!(
                        "progress goal `{}` has no `purpose:`: a number with no reason above it",
                        goal.id
                    ),
                    "Why does this number matter? Add `purpose:` naming the purpose goal it \
                     advances, so everyone reading it sees the reason.",
                );
            }
            if !near_placeholder && !children().filter(live).any(|g| g.kind == Kind::Practice) {
                out.warn(
                    Lint::MagicWand,
                    &goal.at,
                    format!(
                        "no practice serves progress goal `{}`: an outcome with no \
                         controllable action beneath it",
                        goal.id
                    ),
                    "What would you do each day that produces this result? \
                     Add a practice goal that `serves` it.",
                );
            }
            let mut missing = progress::missing(goal, spec);
            if missing.is_empty() && spec.baseline.is_some() && spec.baseline == spec.target {
                missing.push("a target different from the baseline");
            }
            if !missing.is_empty() {
                out.warn(
                    Lint::NotMeasurable,
                    &goal.at,
                    format!(
                        "progress goal `{}` cannot be measured yet: it needs {}",
                        goal.id,
                        missing.join(", ")
                    ),
                    "Say where you started (`baseline:`), where you aim to be (`target:`) \
                     and by when (`start:`, `due:`), so its pace can be shown.",
                );
            }
            let newest = cx.graph.children[i]
                .iter()
                .filter(|&&c| cx.graph.goals[c].kind == Kind::Practice)
                .filter_map(|&c| cx.last_record[c])
                .chain(cx.last_record[i])
                .max();
            if !near_placeholder {
                if spec.windows.is_empty() {
                    stale(cx, goal, newest, &mut out);
                } else {
                    stale_window(cx, i, spec, &mut out);
                }
                strategy_check(cx, i, &mut out);
            }
        }
        Details::Practice(_) => stale(cx, goal, cx.last_record[i], &mut out),
        Details::Coaching(_) | Details::Reflection(_) => {}
    }
    out.out
}

struct Lints<'g> {
    goal: &'g Goal,
    out: Vec<(Lint, Diagnostic)>,
}

impl Lints<'_> {
    fn warn(&mut self, lint: Lint, at: &Location, message: String, hint: impl Into<String>) {
        if !self.goal.allow.contains(&lint) {
            self.out.push((
                lint,
                Diagnostic::warning(lint.code(), at, message)
                    .with_hint(hint)
                    .for_goal(self.goal.id.clone()),
            ));
        }
    }
}

/// `future-entry` and `outside-window` for the dated entries a person
/// wrote: one warning per goal for each, counting the entries, at the
/// earliest of them (a year of mistyped dates is one message, not
/// thousands).
fn dates(cx: &Context, goal: &Goal, out: &mut Lints) {
    // A log is sorted by date: when its first and last entries are inside
    // the window and not after today, every entry is (the usual case, told
    // without walking a year of entries).
    if let Details::Practice(p) = &goal.details {
        debug_assert!(p.log.windows(2).all(|w| w[0].date <= w[1].date));
        let fits = |d: Date| {
            d <= cx.today && goal.start.is_none_or(|s| s <= d) && goal.due.is_none_or(|e| d <= e)
        };
        match (p.log.first(), p.log.last()) {
            (None, _) | (_, None) => return,
            (Some(first), Some(last)) if fits(first.date) && fits(last.date) => return,
            _ => {}
        }
    }
    let dated: Vec<(Date, &Location)> = match &goal.details {
        Details::Practice(p) => p.log.iter().map(|e| (e.date, &e.at)).collect(),
        Details::Progress(p) => p
            .measurements
            .iter()
            .filter(|m| m.source == SeriesSource::Measurements)
            .map(|m| (m.date, &m.at))
            .collect(),
        Details::Purpose(_) | Details::Coaching(_) | Details::Reflection(_) => Vec::new(),
    };
    let mut future: Vec<(Date, &Location)> = Vec::new();
    let mut outside: Vec<(Date, &Location)> = Vec::new();
    for (date, at) in dated {
        if date > cx.today {
            future.push((date, at));
        } else if goal.start.is_some_and(|s| date < s) || goal.due.is_some_and(|d| date > d) {
            outside.push((date, at));
        }
    }
    let mut warnings: Vec<(Date, Lint, &Location, String, &str)> = Vec::new();
    if let Some(&(first, at)) = future.iter().min_by_key(|(date, _)| *date) {
        let message = match future.len() {
            1 => format!("entry dated {first} is after today ({})", cx.today),
            n => format!(
                "{n} entries are dated after today, {} (first: {first})",
                cx.today
            ),
        };
        warnings.push((
            first,
            Lint::FutureEntry,
            at,
            message,
            "Check the date for a typo; an entry counts once its day has come.",
        ));
    }
    if let Some(&(first, at)) = outside.iter().min_by_key(|(date, _)| *date) {
        let window = format!(
            "{} → {}",
            goal.start.map_or("…".to_string(), |d| d.to_string()),
            goal.due.map_or("…".to_string(), |d| d.to_string())
        );
        let message = match outside.len() {
            1 => format!("entry dated {first} is outside the goal's window ({window})"),
            n => format!("{n} entries are outside the goal's window, {window} (first: {first})"),
        };
        warnings.push((
            first,
            Lint::OutsideWindow,
            at,
            message,
            "Check the date, or move the goal's `start:`/`due:` if the work began \
             earlier or runs longer. Entries outside the window are not counted.",
        ));
    }
    // In the order of their first entries, as the entries are written.
    warnings.sort_by_key(|w| w.0);
    for (_, code, at, message, hint) in warnings {
        out.warn(code, at, message, hint);
    }
}

/// `unknown-person`: an owner that `goalpost.yml`'s `people:` does not
/// list (only when it lists anyone): usually a typo, which would otherwise
/// give the goal to a person nobody is.
fn unknown_person(cx: &Context, goal: &Goal, out: &mut Lints) {
    if cx.people.is_empty() {
        return;
    }
    for (i, owner) in goal.owners.iter().enumerate() {
        if cx.people_ids.contains(owner.as_str()) {
            continue;
        }
        // At the owner's id as written, else at the goal.
        let at = goal.owner_at.get(i).unwrap_or(&goal.at);
        let ids = cx.people.iter().map(|p| p.id.as_str());
        let hint = match crate::diagnostics::suggest(owner, ids) {
            Some(close) => format!(
                "did you mean `{close}`? Owners are the ids under `people:` in goalpost.yml; \
                 add `{owner}` there if this is someone new"
            ),
            None => format!(
                "owners are the ids under `people:` in goalpost.yml; add `{owner}` there \
                 if this is someone new"
            ),
        };
        let before = out.out.len();
        out.warn(
            Lint::UnknownPerson,
            at,
            format!("`{owner}` is not one of the people listed in goalpost.yml"),
            hint,
        );
        if let Some((_, d)) = out.out.get_mut(before) {
            d.width = owner.chars().count() as u32;
        }
    }
}

/// `stale`: nothing new for `stale_after_days` days, not counting break days,
/// measured up to today (or to `due`, when it has passed). Without any
/// record, the count starts at the goal's `start`, else at the school
/// year's start. A setting of 0 turns the lint off.
fn stale(cx: &Context, goal: &Goal, newest: Option<Date>, out: &mut Lints) {
    let limit = cx.stale_after_days;
    if limit == 0 {
        return;
    }
    let today = day_num(cx.today);
    let end = goal.due.map_or(today, |d| day_num(d).min(today));
    let from = newest
        .map(day_num)
        .or(goal.start.map(day_num))
        .or(cx.days.year_start());
    let quiet = match from {
        Some(from) => quiet_days(cx.days, from, end, limit),
        None => limit,
    };
    if quiet < limit {
        return;
    }
    let since = match (newest, goal.start) {
        (Some(d), _) => format!("since {d}"),
        (None, Some(s)) => format!("since it started ({s})"),
        (None, None) => "yet".to_string(),
    };
    let (message, hint) = if goal.kind == Kind::Practice {
        (
            format!(
                "practice `{}` has had no entry {since}, for {limit} days or more (breaks not counted)",
                goal.id
            ),
            "Record the days as they happen (`skip` marks a day that does not count). \
             If the practice has run its course, set `status: done` or `paused`.",
        )
    } else {
        (
            format!(
                "progress goal `{}` has had nothing new {since}, from it or its practices, \
                 for {limit} days or more (breaks not counted)",
                goal.id
            ),
            "Record a fresh measurement, or log the practices that serve it, \
             so the report shows where things stand.",
        )
    };
    out.warn(Lint::Stale, &goal.at, message, hint);
}

/// `stale` for a progress goal measured in windows (FORMAT §7 v3): only
/// when a window has passed, plus [`rules::WINDOW_GRACE_DAYS`], without
/// a measurement; the practices serving it do not count either way.
fn stale_window(cx: &Context, i: usize, spec: &crate::model::ProgressSpec, out: &mut Lints) {
    if cx.stale_after_days == 0 {
        return;
    }
    let goal = &cx.graph.goals[i];
    let series = &cx.reports[i].series;
    let Some(w) = progress::missed_window(spec, series, goal.start, goal.due, cx.today) else {
        return;
    };
    let window = if w.is_month() {
        w.from.strftime("%Y-%m").to_string()
    } else {
        w.from.to_string()
    };
    out.warn(
        Lint::Stale,
        &goal.at,
        format!(
            "progress goal `{}` has no measurement from its {window} window, \
             more than {} days after it closed",
            goal.id,
            rules::WINDOW_GRACE_DAYS
        ),
        "Record the window's measurement under `measurements:` (dated the day it was taken), \
         or correct `windows:` if the schedule changed.",
    );
}

/// Days after `from` up to `end` that are not in a break, counting at most to `limit`.
fn quiet_days(days: &SchoolDays, from: i32, end: i32, limit: u32) -> u32 {
    let mut count = 0;
    let mut n = from + 1;
    while n <= end && count < limit {
        if !days.is_break(n) {
            count += 1;
        }
        n += 1;
    }
    count
}

/// What `strategy-check` compares: the last value on or before the
/// window's start and the latest one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stuck {
    pub(crate) before: f64,
    pub(crate) before_date: Date,
    pub(crate) latest: f64,
    pub(crate) latest_date: Date,
}

/// `strategy-check` for progress goal `i`: over the 28 days after the
/// window's start W = today − 28 (W+1..=today), every active practice
/// serving it (at least one) had completion ≥ 0.8, the goal has a dated
/// measurement inside the window (`current:` alone is not one), and its
/// latest value is no better than its last value on or before W (the
/// baseline at `start`, when nothing was measured by W). Not asked once
/// the goal is achieved, nor without baseline, target and start.
pub(crate) fn stuck(cx: &Context, i: usize) -> Option<Stuck> {
    let goal = &cx.graph.goals[i];
    let r = &cx.reports[i];
    let f = r.progress.as_ref()?;
    if r.state == State::Achieved {
        return None;
    }
    let (baseline, target) = (f.baseline?, f.target?);
    if baseline == target {
        return None;
    }
    let mut practices = cx.graph.children[i]
        .iter()
        .map(|&c| (&cx.graph.goals[c], &cx.reports[c]))
        .filter(|(g, _)| g.kind == Kind::Practice && g.status == Status::Active)
        .peekable();
    practices.peek()?;
    let all_done = practices.all(|(_, p)| {
        p.practice
            .as_ref()
            .and_then(|p| p.completion_28d)
            .is_some_and(|c| rules::reaches(c, STRATEGY_COMPLETION))
    });
    if !all_done {
        return None;
    }
    let w = day_num(cx.today) - STRATEGY_DAYS;
    let upto: Vec<&super::SeriesPoint> = r.series.iter().filter(|p| p.date <= cx.today).collect();
    upto.iter()
        .find(|p| p.source != SeriesSource::Current && day_num(p.date) > w)?;
    let (before, before_date) = match upto.iter().rev().find(|p| day_num(p.date) <= w) {
        Some(p) => (p.value, p.date),
        None => {
            let start = goal.start.filter(|s| day_num(*s) <= w)?;
            (baseline, start)
        }
    };
    let (latest, latest_date) = (f.latest?, f.latest_date?);
    let no_better = if target < baseline {
        latest >= before
    } else {
        latest <= before
    };
    no_better.then_some(Stuck {
        before,
        before_date,
        latest,
        latest_date,
    })
}

fn strategy_check(cx: &Context, i: usize, out: &mut Lints) {
    let Some(s) = stuck(cx, i) else {
        return;
    };
    let goal = &cx.graph.goals[i];
    let unit = goal
        .progress()
        .and_then(|p| p.unit.as_deref())
        .unwrap_or("");
    let n = |x: f64| match unit {
        "" => format!("{x}"),
        "%" => format!("{x}%"),
        u => format!("{x} {u}"),
    };
    out.warn(
        Lint::StrategyCheck,
        &goal.at,
        format!(
            "progress goal `{}` is at {} ({}), no better than {} on {}, while every \
             practice serving it was done at least {}% of the time over the last \
             {STRATEGY_DAYS} days",
            goal.id,
            n(s.latest),
            s.latest_date,
            n(s.before),
            s.before_date,
            rules::percent(STRATEGY_COMPLETION)
        ),
        "Are these the right practices for this number? It may be too early to tell, \
         or a different practice may move it more: worth a conversation with the team.",
    );
}
