//! What templates receive: the report reduced to what the reader may see
//! (private goals removed unless asked for) and turned into plain values
//! (links, words, pictures). Documented in `templates/README.md`.

use super::dates::{self, add_days, days_between};
use super::markdown::{render_body, safe_url};
use super::svg::{self, num, pct};
use super::{RenderOptions, SlugSet};
use crate::analysis::{DayStatus, GoalReport, Report, State};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::settings::Cycle;
use crate::model::SeriesSource;
use crate::model::{Cadence, Kind, Status};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The report as the reader may see it.
pub struct Visible<'a> {
    pub report: &'a Report,
    hidden: HashSet<&'a str>,
    index: HashMap<&'a str, usize>,
    goal_slugs: HashMap<&'a str, String>,
    person_slugs: HashMap<String, String>,
    cycle_slugs: Vec<Option<String>>,
    diagnostics: Vec<Diagnostic>,
    purpose_states: HashMap<&'a str, (Option<f64>, State, usize, usize)>,
    /// Each goal's card, built once and shared by every page that shows it.
    cards: Vec<std::sync::OnceLock<Value>>,
    /// Everyone's grid of the current cycle (the dashboard and the scorecard share it).
    everyones_grid: std::sync::OnceLock<Option<Value>>,
}

pub fn state_label(state: State) -> &'static str {
    match state {
        State::Achieved => "Achieved",
        State::OnTrack => "On track",
        State::AtRisk => "At risk",
        State::OffTrack => "Off track",
        State::Overdue => "Overdue",
        State::NoData => "No data",
    }
}

pub fn state_color(state: State) -> &'static str {
    match state {
        State::Achieved => "#1f5fbf",
        State::OnTrack => "#2f7d4f",
        State::AtRisk => "#b26a00",
        State::OffTrack => "#b42318",
        State::Overdue => "#8a3ffc",
        State::NoData => "#7b8794",
    }
}

/// Coaching wording for each lint: a question that helps, not a verdict.
pub fn lint_coaching(code: &str) -> (&'static str, &'static str) {
    match code {
        "magic-wand" => (
            "No practice drives this result",
            "If a magic wand could move this number, you would not need a plan. What would you do each day that produces this result? Add a practice that serves this goal.",
        ),
        "progress-without-purpose" => (
            "No purpose above this number",
            "Why does this number matter? Link it to a purpose goal with `purpose:` so everyone sees the reason behind it.",
        ),
        "purpose-without-progress" => (
            "No way to tell whether this is moving",
            "How would you know this purpose is being served? Add a progress goal with a baseline, a target and a due date.",
        ),
        "stale" => (
            "Nothing recorded lately",
            "Is this still the plan? Record the latest entry, or mark the goal `status: paused` if the work has stopped for now.",
        ),
        "not-measurable" => (
            "Not measurable yet",
            "Give it a baseline, a target and a due date, so progress can be compared with a steady pace.",
        ),
        "future-entry" => (
            "Entries dated in the future",
            "Some entries are dated after today. Check those dates for a typo.",
        ),
        "outside-window" => (
            "Entries outside the goal's window",
            "Some entries fall before the start or after the due date. Check the dates, or widen the window.",
        ),
        _ => ("Something to look at", "See the message in the problems list."),
    }
}

fn replace_word(text: &str, word: &str, with: &str) -> String {
    if word.is_empty() {
        return text.to_string();
    }
    let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev: Option<char> = None;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back().or(prev);
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_id_char) || after.is_some_and(is_id_char) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        prev = word.chars().next_back();
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

impl<'a> Visible<'a> {
    pub fn new(report: &'a Report, opts: &RenderOptions) -> Visible<'a> {
        let hidden: HashSet<&str> = if opts.include_private {
            HashSet::new()
        } else {
            report
                .goals
                .iter()
                .filter(|g| g.goal.is_private())
                .map(|g| g.goal.id.as_str())
                .collect()
        };
        let index: HashMap<&str, usize> = report
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| (g.goal.id.as_str(), i))
            .collect();
        let mut slugs = SlugSet::default();
        let goal_slugs = report
            .goals
            .iter()
            .filter(|g| !hidden.contains(g.goal.id.as_str()))
            .map(|g| (g.goal.id.as_str(), slugs.unique(&g.goal.id)))
            .collect();
        // People: settings first (in their order), then other owners.
        let mut people: Vec<String> = report
            .settings
            .people
            .iter()
            .map(|p| p.id.clone())
            .collect();
        let mut extra: BTreeSet<String> = BTreeSet::new();
        for g in report
            .goals
            .iter()
            .filter(|g| !hidden.contains(g.goal.id.as_str()))
        {
            for o in &g.goal.owners {
                if report.settings.person(o).is_none() {
                    extra.insert(o.clone());
                }
            }
        }
        people.extend(extra);
        let mut pslugs = SlugSet::default();
        let person_slugs = people.into_iter().map(|p| {
            let s = pslugs.unique(&p);
            (p, s)
        });
        let person_slugs = person_slugs.collect();
        let mut cslugs = SlugSet::default();
        let cycle_slugs = report
            .cycles
            .iter()
            .map(|c| (c.start <= report.today).then(|| cslugs.unique(&c.id)))
            .collect();
        let mut v = Visible {
            report,
            hidden,
            index,
            goal_slugs,
            person_slugs,
            cycle_slugs,
            diagnostics: Vec::new(),
            purpose_states: HashMap::new(),
            cards: (0..report.goals.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            everyones_grid: std::sync::OnceLock::new(),
        };
        v.diagnostics = v.filter_diagnostics();
        if !v.hidden.is_empty() {
            v.purpose_states = v.recompute_purposes();
        }
        v
    }

    pub fn shows(&self, id: &str) -> bool {
        self.index.contains_key(id) && !self.hidden.contains(id)
    }

    pub fn get(&self, id: &str) -> Option<&'a GoalReport> {
        if !self.shows(id) {
            return None;
        }
        self.index.get(id).map(|&i| &self.report.goals[i])
    }

    pub fn goals(&self) -> impl Iterator<Item = &'a GoalReport> + '_ {
        self.report
            .goals
            .iter()
            .filter(|g| !self.hidden.contains(g.goal.id.as_str()))
    }

    pub fn ids(&self, ids: &[String]) -> Vec<String> {
        ids.iter().filter(|id| self.shows(id)).cloned().collect()
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn goal_slug(&self, id: &str) -> Option<&str> {
        self.goal_slugs.get(id).map(String::as_str)
    }

    pub fn person_slugs(&self) -> &HashMap<String, String> {
        &self.person_slugs
    }

    pub fn cycle_slug(&self, i: usize) -> Option<&str> {
        self.cycle_slugs.get(i).and_then(|s| s.as_deref())
    }

    /// A goal's state as the reader sees it (purposes re-rolled without
    /// hidden goals).
    pub fn state(&self, g: &GoalReport) -> State {
        self.purpose_states
            .get(g.goal.id.as_str())
            .map_or(g.state, |p| p.1)
    }

    fn filter_diagnostics(&self) -> Vec<Diagnostic> {
        if self.hidden.is_empty() {
            return self.report.diagnostics.clone();
        }
        let hidden_goals: Vec<&GoalReport> = self
            .report
            .goals
            .iter()
            .filter(|g| self.hidden.contains(g.goal.id.as_str()))
            .collect();
        let hidden_files: HashSet<&str> =
            hidden_goals.iter().map(|g| g.goal.file.as_str()).collect();
        let mut out = Vec::new();
        for d in &self.report.diagnostics {
            let about_hidden = d.goal.as_deref().is_some_and(|id| self.hidden.contains(id))
                || hidden_files.contains(d.file.as_str());
            if about_hidden {
                if d.severity == Severity::Error {
                    out.push(Diagnostic {
                        severity: Severity::Error,
                        code: d.code,
                        file: "(private goal)".to_string(),
                        line: 0,
                        column: 0,
                        message:
                            "a private goal has an error; build with --include-private to see it"
                                .to_string(),
                        hint: None,
                        goal: None,
                    });
                }
                continue;
            }
            let mut d = d.clone();
            for g in &hidden_goals {
                for text in [&mut d.message].into_iter().chain(d.hint.as_mut()) {
                    if g.goal.title.len() >= 3 {
                        *text = text.replace(&g.goal.title, "a private goal");
                    }
                    *text = replace_word(text, &g.goal.id, "a private goal");
                }
            }
            out.push(d);
        }
        out
    }

    fn recompute_purposes(&self) -> HashMap<&'a str, (Option<f64>, State, usize, usize)> {
        let mut out = HashMap::new();
        for g in self.goals().filter(|g| g.goal.kind == Kind::Purpose) {
            let progress: Vec<&GoalReport> = g
                .children
                .iter()
                .filter_map(|c| self.get(c))
                .filter(|c| c.goal.kind == Kind::Progress)
                .collect();
            let fractions: Vec<f64> = progress
                .iter()
                .filter_map(|p| p.progress.as_ref()?.fraction)
                .map(|f| f.clamp(0.0, 1.0))
                .collect();
            let mean = (!fractions.is_empty())
                .then(|| fractions.iter().sum::<f64>() / fractions.len() as f64);
            let state = progress
                .iter()
                .map(|p| p.state)
                .min()
                .unwrap_or(State::NoData);
            let mut practices: HashSet<&str> = HashSet::new();
            for p in &progress {
                for c in p.children.iter().filter_map(|c| self.get(c)) {
                    if c.goal.kind == Kind::Practice {
                        practices.insert(&c.goal.id);
                    }
                }
            }
            for c in g.children.iter().filter_map(|c| self.get(c)) {
                if c.goal.kind == Kind::Practice {
                    practices.insert(&c.goal.id);
                }
            }
            out.insert(
                g.goal.id.as_str(),
                (mean, state, progress.len(), practices.len()),
            );
        }
        out
    }

    // ---- values for templates ----

    pub fn person(&self, id: &str) -> Value {
        let p = self.report.settings.person(id);
        json!({
            "id": id,
            "name": match p {
                Some(p) => p.name.as_str(),
                None if id.is_empty() => "No owner yet",
                None => id,
            },
            "role": p.and_then(|p| p.role.clone()),
            "href": self.person_slugs.get(id).map(|s| format!("people/{s}.html")),
        })
    }

    pub fn link(&self, id: &str) -> Option<Value> {
        let g = self.get(id)?;
        let state = self.state(g);
        Some(json!({
            "id": g.goal.id,
            "title": g.goal.title,
            "kind": g.goal.kind.as_str(),
            "href": format!("goals/{}.html", self.goal_slug(id)?),
            "state": state.as_str(),
            "state_label": state_label(state),
        }))
    }

    fn unit(g: &GoalReport) -> String {
        match &g.goal.details {
            crate::model::Details::Progress(p) => p.unit.clone().unwrap_or_default(),
            crate::model::Details::Practice(p) => p.unit.clone().unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn with_unit(value: f64, unit: &str) -> String {
        svg::with_unit(value, unit)
    }

    fn last_days(g: &GoalReport, n: usize) -> &[crate::analysis::Day] {
        let days = g.practice.as_ref().map_or(&[][..], |p| &p.days[..]);
        &days[days.len().saturating_sub(n)..]
    }

    /// Everything a template needs to show one goal in a list or on its page.
    /// The summary of a goal that lists, trees and pages show (built once).
    pub fn card(&self, g: &GoalReport) -> Value {
        match self.index.get(g.goal.id.as_str()) {
            Some(&i) if std::ptr::eq(&self.report.goals[i], g) => {
                self.cards[i].get_or_init(|| self.build_card(g)).clone()
            }
            _ => self.build_card(g),
        }
    }

    fn build_card(&self, g: &GoalReport) -> Value {
        let goal = &g.goal;
        let state = self.state(g);
        let unit = Self::unit(g);
        let window = match (goal.start, goal.due) {
            (Some(s), Some(d)) => Some(dates::range(s, d)),
            (None, Some(d)) => Some(format!("due {}", dates::medium(d))),
            (Some(s), None) => Some(format!("from {}", dates::medium(s))),
            (None, None) => None,
        };
        let progress = g.progress.as_ref().map(|p| {
            let label = match (p.fraction, p.expected) {
                (Some(f), Some(e)) => {
                    format!("{} of the way; {} expected by today", pct(f), pct(e))
                }
                (Some(f), None) => format!("{} of the way", pct(f)),
                _ => "No measurement yet".to_string(),
            };
            let now = match (p.latest, p.baseline, p.target) {
                (Some(l), Some(b), Some(t)) => format!(
                    "{} now · from {} toward {}",
                    Self::with_unit(l, &unit),
                    Self::with_unit(b, &unit),
                    Self::with_unit(t, &unit)
                ),
                (None, Some(b), Some(t)) => format!(
                    "from {} toward {} · not measured yet",
                    Self::with_unit(b, &unit),
                    Self::with_unit(t, &unit)
                ),
                _ => "baseline or target missing".to_string(),
            };
            json!({
                "baseline": p.baseline, "target": p.target, "latest": p.latest,
                "latest_date": p.latest_date.map(dates::medium),
                "fraction": p.fraction, "expected": p.expected,
                "fraction_pct": p.fraction.map(pct), "expected_pct": p.expected.map(pct),
                "lower_is_better": p.lower_is_better,
                "direction": if p.lower_is_better { "Lower is better" } else { "Higher is better" },
                "unit": unit,
                "now": now,
                "label": label,
                "bar": svg::progress_bar(p.fraction, p.expected, state_color(state), &label),
            })
        });
        let practice = g.practice.as_ref().map(|p| {
            let spec = goal.practice();
            let cadence = spec.map_or(Cadence::Weekdays, |s| s.cadence);
            let target = spec.map_or(1.0, |s| s.target);
            let rhythm = match (target, unit.as_str()) {
                (1.0, "") => match cadence {
                    Cadence::Daily => "Every day".to_string(),
                    Cadence::Weekdays => "Every school day".to_string(),
                    Cadence::Weekly => "Once a week".to_string(),
                },
                (t, u) => format!(
                    "{} {} {}",
                    num(t),
                    if u.is_empty() { "times" } else { u },
                    match cadence {
                        Cadence::Daily => "a day",
                        Cadence::Weekdays => "each school day",
                        Cadence::Weekly => "a week",
                    }
                ),
            };
            let period = if cadence == Cadence::Weekly { "week" } else { "day" };
            let plural = |n: u32| if n == 1 { period.to_string() } else { format!("{period}s") };
            let last14 = Self::last_days(g, 14);
            let stale_days = p.last_entry.map(|d| days_between(d, self.report.today));
            json!({
                "completion_14d": p.completion_14d, "completion_cycle": p.completion_cycle,
                "completion_14d_pct": p.completion_14d.map(pct),
                "completion_cycle_pct": p.completion_cycle.map(pct),
                "streak": p.streak, "best_streak": p.best_streak,
                "streak_text": format!("{} {}", p.streak, plural(p.streak)),
                "best_streak_text": format!("{} {}", p.best_streak, plural(p.best_streak)),
                "strength": p.strength, "strength_pct": pct(p.strength),
                "cadence": cadence.as_str(), "target": target, "unit": unit,
                "rhythm": rhythm,
                "last_entry": p.last_entry.map(dates::medium),
                "days_since_entry": stale_days,
                "strip": svg::strip(&format!("strip-{}", self.goal_slug(&goal.id).unwrap_or("x")), &format!("{}: last 14 days", goal.title), last14, &unit),
                "bar": svg::progress_bar(p.completion_14d, None, state_color(state), &format!("{} of scheduled days done in the last 14 days", p.completion_14d.map_or("–".to_string(), pct))),
            })
        });
        let purpose = g.purpose.as_ref().map(|p| {
            let (progress, n_progress, n_practices) =
                match self.purpose_states.get(goal.id.as_str()) {
                    Some((m, _, a, b)) => (*m, *a, *b),
                    None => (p.progress, p.progress_goals, p.practices),
                };
            let label = match progress {
                Some(x) => format!("{} of the way on average across its progress goals", pct(x)),
                None => "No progress measured yet".to_string(),
            };
            json!({
                "progress": progress, "progress_pct": progress.map(pct),
                "progress_goals": n_progress, "practices": n_practices,
                "bar": svg::progress_bar(progress, None, state_color(state), &label),
                "label": label,
            })
        });
        let lints: Vec<Value> = g
            .lints
            .iter()
            .map(|code| {
                let (title, coaching) = lint_coaching(code);
                json!({"code": code, "title": title, "coaching": coaching})
            })
            .collect();
        json!({
            "id": goal.id,
            "kind": goal.kind.as_str(),
            "kind_label": match goal.kind { Kind::Purpose => "Purpose", Kind::Progress => "Progress goal", Kind::Practice => "Practice" },
            "title": goal.title,
            "href": self.goal_slug(&goal.id).map(|s| format!("goals/{s}.html")),
            "file": goal.file,
            "owners": goal.owners.iter().map(|o| self.person(o)).collect::<Vec<_>>(),
            "status": goal.status.as_str(),
            "active": goal.status == Status::Active,
            "private": goal.is_private(),
            "state": state.as_str(),
            "state_label": state_label(state),
            "tags": goal.tags,
            "start": goal.start.map(dates::medium),
            "due": goal.due.map(dates::medium),
            "window": window,
            "progress": progress,
            "practice": practice,
            "purpose": purpose,
            "lints": lints,
            "parents": g.parents.iter().filter_map(|id| self.link(id)).collect::<Vec<_>>(),
            "children": g.children.iter().filter_map(|id| self.link(id)).collect::<Vec<_>>(),
            "extra": goal.extra,
        })
    }

    /// The goal page's extras: chart or heat-map, body, evidence, problems.
    pub fn detail(&self, g: &GoalReport) -> Value {
        let goal = &g.goal;
        let unit = Self::unit(g);
        let slug = self.goal_slug(&goal.id).unwrap_or("goal");
        let chart = g.progress.as_ref().map(|p| {
            let points: Vec<_> = g.series.iter().map(|s| (s.date, s.value)).collect();
            svg::progress_chart(&svg::ChartInput {
                id: &format!("chart-{slug}"),
                title: &format!("{}: measurements against the expected pace", goal.title),
                unit: &unit,
                baseline: p.baseline,
                target: p.target,
                start: goal.start,
                due: goal.due,
                today: self.report.today,
                points: &points,
            })
        });
        let year_end = [
            self.report.settings.calendar.as_ref().map(|c| c.end),
            goal.due,
        ]
        .into_iter()
        .flatten()
        .min();
        let heatmap = g.practice.as_ref().map(|p| {
            svg::heatmap(
                &format!("heat-{slug}"),
                &format!("{}: every day so far", goal.title),
                &p.days,
                &unit,
                year_end,
                self.report
                    .settings
                    .calendar
                    .as_ref()
                    .map_or(&[][..], |c| &c.breaks[..]),
            )
        });
        let series: Vec<Value> = g
            .series
            .iter()
            .rev()
            .map(|s| {
                let from = match s.source {
                    SeriesSource::Measurements => "measurements",
                    SeriesSource::Git => "git history",
                    SeriesSource::Current => "current value",
                };
                json!({"date": dates::medium(s.date), "value": Self::with_unit(s.value, &unit), "note": s.note, "source": s.source, "from": from})
            })
            .collect();
        let evidence: Vec<Value> = goal
            .practice()
            .map(|p| {
                p.evidence
                    .iter()
                    .map(|e| {
                        json!({
                            "date": e.date.map(dates::medium),
                            "url": safe_url(&e.url),
                            "note": e.note,
                            "text": e.note.clone().unwrap_or_else(|| e.url.clone()),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let diagnostics: Vec<Value> = self
            .diagnostics
            .iter()
            .filter(|d| d.goal.as_deref() == Some(goal.id.as_str()) || d.file == goal.file)
            .map(|d| self.diagnostic(d))
            .collect();
        let aligns: Vec<String> = goal
            .purpose()
            .map(|p| p.aligns_to.clone())
            .unwrap_or_default();
        let history = g.history.as_ref().map(|h| {
            json!({
                "first": h.first_change.map(dates::medium),
                "last": h.last_change.map(dates::medium),
                "authors": h.authors,
                "total": h.total,
                "recent": h.recent.iter().map(|c| json!({
                    "date": dates::medium(c.date),
                    "author": c.author,
                    "summary": c.summary,
                    "commit": c.commit.chars().take(7).collect::<String>(),
                })).collect::<Vec<_>>(),
            })
        });
        json!({
            "chart": chart,
            "heatmap": heatmap,
            "history": history,
            "series": series,
            "evidence": evidence,
            "body": render_body(&goal.body),
            "diagnostics": diagnostics,
            "aligns_to": aligns,
            "cycles": goal.cycles.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
            "metric": goal.progress().and_then(|p| p.metric.clone()),
        })
    }

    pub fn diagnostic(&self, d: &Diagnostic) -> Value {
        let place = if d.line > 0 {
            format!("{}:{}:{}", d.file, d.line, d.column)
        } else {
            d.file.clone()
        };
        json!({
            "severity": d.severity,
            "code": d.code,
            "file": d.file,
            "line": d.line,
            "column": d.column,
            "place": place,
            "message": d.message,
            "hint": d.hint,
            "goal": d.goal.as_deref().and_then(|id| self.link(id)),
        })
    }

    pub fn diagnostics_values(&self) -> Vec<Value> {
        self.diagnostics
            .iter()
            .map(|d| self.diagnostic(d))
            .collect()
    }

    /// "Sprint 6 · Nov 9–22 · day 12 of 14".
    pub fn cycle_line(&self, i: usize) -> Option<String> {
        let c = self.report.cycles.get(i)?;
        let base = format!("{} · {}", c.name, dates::range(c.start, c.end));
        if c.contains(self.report.today) {
            Some(format!(
                "{base} · day {} of {}",
                days_between(c.start, self.report.today) + 1,
                c.days()
            ))
        } else {
            Some(base)
        }
    }

    pub fn cycle_ref(&self, i: usize) -> Option<Value> {
        let c = self.report.cycles.get(i)?;
        Some(json!({
            "id": c.id, "name": c.name,
            "range": dates::range(c.start, c.end),
            "line": self.cycle_line(i),
            "href": self.cycle_slug(i).map(|s| format!("cycles/{s}.html")),
            "current": self.report.current_cycle == Some(i),
            "finished": c.end < self.report.today,
        }))
    }

    pub fn tree(&self) -> Value {
        let kind_children = |g: &GoalReport, kind: Kind| -> Vec<&'a GoalReport> {
            g.children
                .iter()
                .filter_map(|c| self.get(c))
                .filter(|c| c.goal.kind == kind)
                .collect()
        };
        let mut purposes = Vec::new();
        for p in self.goals().filter(|g| g.goal.kind == Kind::Purpose) {
            let progress: Vec<Value> = kind_children(p, Kind::Progress)
                .into_iter()
                .map(|pg| {
                    json!({
                        "goal": self.card(pg),
                        "practices": kind_children(pg, Kind::Practice).into_iter().map(|x| self.card(x)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            purposes.push(json!({
                "goal": self.card(p),
                "progress": progress,
                "practices": kind_children(p, Kind::Practice).into_iter().map(|x| self.card(x)).collect::<Vec<_>>(),
            }));
        }
        let has_visible_parent = |g: &GoalReport| g.parents.iter().any(|p| self.shows(p));
        let loose_progress: Vec<Value> = self
            .goals()
            .filter(|g| g.goal.kind == Kind::Progress && !has_visible_parent(g))
            .map(|pg| {
                json!({
                    "goal": self.card(pg),
                    "practices": kind_children(pg, Kind::Practice).into_iter().map(|x| self.card(x)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let loose_practices: Vec<Value> = self
            .goals()
            .filter(|g| g.goal.kind == Kind::Practice && !has_visible_parent(g))
            .map(|x| self.card(x))
            .collect();
        json!({"purposes": purposes, "loose_progress": loose_progress, "loose_practices": loose_practices})
    }

    pub fn attention(&self) -> Vec<Value> {
        let mut items = Vec::new();
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        if errors > 0 {
            items.push(json!({
                "kind": "error", "state": "off-track", "state_label": "Error",
                "title": format!("{errors} error{} in the goal files", if errors == 1 { "" } else { "s" }),
                "href": "#problems",
                "why": "Goals in files with errors may be missing or wrong in this report. Fix them first.",
            }));
        }
        for g in self
            .goals()
            .filter(|g| g.goal.kind == Kind::Progress && g.goal.is_active())
        {
            let state = self.state(g);
            let p = g.progress.as_ref();
            let why = match state {
                State::Overdue => format!(
                    "Was due {}; reached {} of the way.",
                    g.goal.due.map(dates::medium).unwrap_or_default(),
                    p.and_then(|p| p.fraction).map_or("–".to_string(), pct)
                ),
                State::OffTrack => format!(
                    "{} of the way, but {} was expected by today.",
                    p.and_then(|p| p.fraction).map_or("–".to_string(), pct),
                    p.and_then(|p| p.expected).map_or("–".to_string(), pct)
                ),
                _ => continue,
            };
            items.push(self.attention_item(g, why));
        }
        for g in self
            .goals()
            .filter(|g| g.goal.kind == Kind::Practice && g.goal.is_active())
        {
            let state = self.state(g);
            let p = g.practice.as_ref();
            let stale = g.lints.iter().any(|l| l == "stale");
            let why = if stale {
                match p.and_then(|p| p.last_entry) {
                    Some(d) => format!(
                        "Nothing recorded since {} ({} days).",
                        dates::medium(d),
                        days_between(d, self.report.today)
                    ),
                    None => "Nothing recorded yet.".to_string(),
                }
            } else if state == State::OffTrack {
                format!(
                    "Done on {} of scheduled days in the last 14 days.",
                    p.and_then(|p| p.completion_14d)
                        .map_or("–".to_string(), pct)
                )
            } else {
                continue;
            };
            items.push(self.attention_item(g, why));
        }
        items
    }

    fn attention_item(&self, g: &GoalReport, why: String) -> Value {
        let state = self.state(g);
        json!({
            "kind": g.goal.kind.as_str(),
            "state": state.as_str(),
            "state_label": state_label(state),
            "title": g.goal.title,
            "href": self.goal_slug(&g.goal.id).map(|s| format!("goals/{s}.html")),
            "owners": g.goal.owners.iter().map(|o| self.person(o)).collect::<Vec<_>>(),
            "why": why,
        })
    }

    /// Counts of goals by state, per kind.
    pub fn summary(&self) -> Value {
        let mut out = serde_json::Map::new();
        for (kind, key) in [
            (Kind::Purpose, "purpose"),
            (Kind::Progress, "progress"),
            (Kind::Practice, "practice"),
        ] {
            let goals: Vec<&GoalReport> = self.goals().filter(|g| g.goal.kind == kind).collect();
            let mut counts = Vec::new();
            for st in [
                State::Achieved,
                State::OnTrack,
                State::AtRisk,
                State::OffTrack,
                State::Overdue,
                State::NoData,
            ] {
                let n = goals.iter().filter(|g| self.state(g) == st).count();
                if n > 0 {
                    counts
                        .push(json!({"state": st.as_str(), "label": state_label(st), "count": n}));
                }
            }
            out.insert(key.into(), json!({"total": goals.len(), "states": counts}));
        }
        Value::Object(out)
    }

    /// The days × practices grid of cycle `i`, grouped by owner.
    /// The days × practices grid of cycle `i`.
    pub fn grid(&self, i: usize, only_owner: Option<&str>) -> Option<Value> {
        let cycle: &Cycle = self.report.cycles.get(i)?;
        self.grid_of(cycle, self.cycle_ref(i), only_owner)
    }

    /// The grid of the current cycle, or of the last 14 days when no cycle
    /// contains today (no `cycles:` configured, or a day between cycles).
    pub fn current_grid(&self, only_owner: Option<&str>) -> Option<Value> {
        if only_owner.is_none() {
            return self
                .everyones_grid
                .get_or_init(|| self.build_current_grid(None))
                .clone();
        }
        self.build_current_grid(only_owner)
    }

    fn build_current_grid(&self, only_owner: Option<&str>) -> Option<Value> {
        if let Some(i) = self.report.current_cycle {
            return self.grid(i, only_owner);
        }
        let today = self.report.today;
        let cycle = Cycle {
            id: "last-14-days".to_string(),
            name: "Last 14 days".to_string(),
            start: add_days(today, -13)?,
            end: today,
        };
        let range = dates::range(cycle.start, cycle.end);
        let reference = json!({
            "id": cycle.id, "name": cycle.name, "range": range, "line": range,
            "href": null, "current": true, "finished": false,
        });
        self.grid_of(&cycle, Some(reference), only_owner)
    }

    fn grid_of(
        &self,
        cycle: &Cycle,
        cycle_json: Option<Value>,
        only_owner: Option<&str>,
    ) -> Option<Value> {
        let today = self.report.today;
        let n = days_between(cycle.start, cycle.end) + 1;
        let dates_: Vec<_> = (0..n).filter_map(|k| add_days(cycle.start, k)).collect();
        let days: Vec<Value> = dates_
            .iter()
            .map(|d| {
                json!({
                    "iso": d.to_string(),
                    "weekday": &dates::weekday_name(*d)[..2],
                    "day": d.day(),
                    "label": dates::short_with_weekday(*d),
                    "today": *d == today,
                    "future": *d > today,
                    "weekend": d.weekday().to_monday_zero_offset() >= 5,
                    "break": self.report.settings.break_on(*d).map(|b| b.name.clone()),
                })
            })
            .collect();
        let practices: Vec<&GoalReport> = self
            .goals()
            .filter(|g| g.goal.kind == Kind::Practice && g.practice.is_some())
            .filter(|g| only_owner.is_none_or(|o| g.goal.owners.iter().any(|x| x == o)))
            .collect();
        if practices.is_empty() {
            return None;
        }
        // Group by first owner, in the order of the people list.
        let mut owners: Vec<String> = Vec::new();
        for g in &practices {
            let o = g.goal.owners.first().cloned().unwrap_or_default();
            if !owners.contains(&o) {
                owners.push(o);
            }
        }
        let order: Vec<&String> = self.report.settings.people.iter().map(|p| &p.id).collect();
        owners.sort_by_key(|o| order.iter().position(|p| *p == o).unwrap_or(usize::MAX));
        // Per column: extra CSS classes and the date as a cell title starts.
        let columns: Vec<(String, String)> = dates_
            .iter()
            .map(|d| {
                let mut extra = String::new();
                if d.weekday().to_monday_zero_offset() >= 5 {
                    extra.push_str(" weekend");
                }
                if *d == today {
                    extra.push_str(" today");
                }
                (extra, dates::short_with_weekday(*d))
            })
            .collect();
        let mut col_done = vec![0.0; dates_.len()];
        let mut col_sched = vec![0usize; dates_.len()];
        let mut groups = Vec::new();
        for owner in &owners {
            let mut rows = Vec::new();
            for g in practices
                .iter()
                .filter(|g| g.goal.owners.first().cloned().unwrap_or_default() == *owner)
            {
                let Some(p) = g.practice.as_ref() else {
                    continue;
                };
                // `days` are consecutive calendar days: look a date up by its offset.
                let first_day = p.days.first().map(|d| d.date);
                let day_of = |date: &crate::Date| {
                    let k = days_between(first_day?, *date);
                    usize::try_from(k)
                        .ok()
                        .and_then(|k| p.days.get(k))
                        .filter(|d| d.date == *date)
                };
                let target = g.goal.practice().map_or(1.0, |s| s.target);
                let unit = Self::unit(g);
                let mut done = 0.0;
                let mut sched = 0usize;
                let mut cells = Vec::new();
                for (k, date) in dates_.iter().enumerate() {
                    let day = day_of(date);
                    let (class, text, label) = match day {
                        None if *date > today => ("future", String::new(), "ahead".to_string()),
                        None => ("unscheduled", String::new(), "not scheduled".to_string()),
                        Some(d) => {
                            let shown = match (d.status, d.value) {
                                (DayStatus::Hit, Some(v)) if target != 1.0 || v != 1.0 => num(v),
                                (DayStatus::Hit, _) => "✓".to_string(),
                                (DayStatus::Partial, Some(v)) => num(v),
                                (DayStatus::Partial, None) => "½".to_string(),
                                (DayStatus::Miss, Some(v)) if v > 0.0 => num(v),
                                (DayStatus::Miss, _) => "✗".to_string(),
                                (DayStatus::Skip, _) => "skip".to_string(),
                                (DayStatus::Pending, _) => "·".to_string(),
                                _ => String::new(),
                            };
                            let class = d.status.as_str();
                            if matches!(
                                d.status,
                                DayStatus::Hit | DayStatus::Partial | DayStatus::Miss
                            ) {
                                let fr = d.fraction.unwrap_or(0.0);
                                done += fr;
                                sched += 1;
                                col_done[k] += fr;
                                col_sched[k] += 1;
                            }
                            (class, shown, svg::day_description(d, &unit))
                        }
                    };
                    let (extra, date_label) = &columns[k];
                    cells.push(json!({
                        "class": class, "text": text, "label": label,
                        "classes": format!("{class}{extra}"),
                        "title": format!("{date_label}: {label}"),
                    }));
                }
                rows.push(json!({
                    "goal": self.link(&g.goal.id),
                    "rhythm": self.card(g)["practice"]["rhythm"].clone(),
                    "cells": cells,
                    "done": num(done), "scheduled": sched,
                    "rate": (sched > 0).then(|| pct(done / sched as f64)),
                }));
            }
            groups.push(json!({"person": self.person(owner), "rows": rows}));
        }
        let totals: Vec<Value> = col_done
            .iter()
            .zip(&col_sched)
            .map(|(d, s)| json!({"done": num(*d), "scheduled": s, "text": if *s > 0 { format!("{}/{}", num(*d), s) } else { String::new() }}))
            .collect();
        let all_done: f64 = col_done.iter().sum();
        let all_sched: usize = col_sched.iter().sum();
        Some(json!({
            "cycle": cycle_json,
            "days": days,
            "groups": groups,
            "totals": totals,
            "done": num(all_done),
            "scheduled": all_sched,
            "rate": (all_sched > 0).then(|| pct(all_done / all_sched as f64)),
        }))
    }

    /// The sprint report of cycle `i`.
    pub fn cycle_report(&self, i: usize) -> Value {
        let report = self.report;
        let cycle = &report.cycles[i];
        let prev = i.checked_sub(1);
        let mut practices = Vec::new();
        let mut slipped = Vec::new();
        for g in self.goals().filter(|g| g.goal.kind == Kind::Practice) {
            let Some(p) = g.practice.as_ref() else {
                continue;
            };
            let this = p.cycle_completion.get(i).copied().flatten();
            let before = prev.and_then(|j| p.cycle_completion.get(j).copied().flatten());
            let delta = match (this, before) {
                (Some(a), Some(b)) => Some(a - b),
                _ => None,
            };
            let trend = match delta {
                Some(d) if d >= 0.05 => "up",
                Some(d) if d <= -0.05 => "down",
                Some(_) => "same",
                None => "none",
            };
            let delta_text = delta.map(|d| {
                let pts = (d * 100.0).round() as i64;
                if pts > 0 {
                    format!("+{pts} pts")
                } else if pts < 0 {
                    format!("−{} pts", -pts)
                } else {
                    "no change".to_string()
                }
            });
            if let Some(a) = this {
                if (delta.is_some_and(|d| d <= -0.10) && a < 0.8) || a < 0.5 {
                    slipped.push(json!({
                        "goal": self.link(&g.goal.id),
                        "why": match before {
                            Some(b) => format!("Done on {} of scheduled days, down from {}.", pct(a), pct(b)),
                            None => format!("Done on {} of scheduled days.", pct(a)),
                        },
                    }));
                }
            }
            practices.push(json!({
                "goal": self.link(&g.goal.id),
                "owners": g.goal.owners.iter().map(|o| self.person(o)).collect::<Vec<_>>(),
                "this": this, "this_pct": this.map(pct),
                "previous": before, "previous_pct": before.map(pct),
                "delta_text": delta_text, "trend": trend,
                "bar": svg::progress_bar(this, None, state_color(match this { Some(x) if x >= 0.8 => State::OnTrack, Some(x) if x >= 0.5 => State::AtRisk, Some(_) => State::OffTrack, None => State::NoData }), &format!("{} of scheduled days done this cycle", this.map_or("–".to_string(), pct))),
            }));
        }
        let mut measurements = Vec::new();
        for g in self.goals().filter(|g| g.goal.kind == Kind::Progress) {
            let unit = Self::unit(g);
            for s in g.series.iter().filter(|s| cycle.contains(s.date)) {
                measurements.push(json!({
                    "goal": self.link(&g.goal.id),
                    "date": dates::medium(s.date),
                    "iso": s.date.to_string(),
                    "value": Self::with_unit(s.value, &unit),
                    "note": s.note,
                }));
            }
        }
        measurements.sort_by(|a, b| a["iso"].as_str().cmp(&b["iso"].as_str()));
        let mut changes = Vec::new();
        for g in self.goals().filter(|g| g.goal.kind != Kind::Practice) {
            let now = g.cycle_states.get(i).copied().flatten();
            let before = prev.and_then(|j| g.cycle_states.get(j).copied().flatten());
            if let (Some(a), Some(b)) = (now, before) {
                if a != b {
                    let worse = a < b;
                    changes.push(json!({
                        "goal": self.link(&g.goal.id),
                        "from": b.as_str(), "from_label": state_label(b),
                        "to": a.as_str(), "to_label": state_label(a),
                        "better": !worse,
                    }));
                    if worse && g.goal.kind == Kind::Progress {
                        slipped.push(json!({
                            "goal": self.link(&g.goal.id),
                            "why": format!("Went from {} to {}.", state_label(b).to_lowercase(), state_label(a).to_lowercase()),
                        }));
                    }
                }
            }
        }
        let elapsed = if cycle.contains(report.today) {
            format!(
                "In progress: day {} of {}",
                days_between(cycle.start, report.today) + 1,
                cycle.days()
            )
        } else if cycle.end < report.today {
            "Finished".to_string()
        } else {
            "Not started".to_string()
        };
        json!({
            "cycle": self.cycle_ref(i),
            "status": elapsed,
            "previous": prev.and_then(|j| self.cycle_ref(j)),
            "next": self.cycle_ref(i + 1).filter(|c| !c["href"].is_null()),
            "practices": practices,
            "measurements": measurements,
            "changes": changes,
            "slipped": slipped,
        })
    }

    /// Every cycle that has a page, newest first.
    pub fn cycle_refs(&self) -> Vec<Value> {
        (0..self.report.cycles.len())
            .rev()
            .filter(|i| self.cycle_slug(*i).is_some())
            .filter_map(|i| self.cycle_ref(i))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_ids_only() {
        assert_eq!(
            replace_word("see `hale-plan` now", "hale-plan", "X"),
            "see `X` now"
        );
        assert_eq!(replace_word("hale-plans", "hale-plan", "X"), "hale-plans");
        assert_eq!(replace_word("a hale-plan", "hale-plan", "X"), "a X");
    }
}
