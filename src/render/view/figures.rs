//! The figures on a goal's card, in words and pictures: a progress goal's
//! (how far, the pace, what is needed next), a practice's (completion,
//! streaks, habit strength, the buffer) and a purpose's roll-up, and its
//! lints. Each is made from analysis's figures; nothing is decided here.

use super::{rhythm, unit_of, Views};
use crate::analysis::next::Outlook;
use crate::analysis::{Forecast, GoalReport, State};
use crate::model::Cadence;
use crate::render::svg::{self, pct, Drawing};
use crate::render::words::{self, state_color};
use crate::render::{address, dates};
use serde::Serialize;

/// A progress goal's figures on its card.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProgressCard {
    /// The `baseline` (in the goal's unit).
    pub(crate) baseline: Option<f64>,
    /// The `target` (in the goal's unit).
    pub(crate) target: Option<f64>,
    /// The latest value measured up to today.
    pub(crate) latest: Option<f64>,
    /// The latest measurement's date, "Nov 2, 2026".
    pub(crate) latest_date: Option<String>,
    /// How far from baseline to target, 0–1 (unclamped).
    pub(crate) fraction: Option<f64>,
    /// How far a steady pace would be today, 0–1.
    pub(crate) expected: Option<f64>,
    /// `fraction` as a whole percent, "31%".
    pub(crate) fraction_pct: Option<String>,
    /// `expected` as a whole percent, "29%".
    pub(crate) expected_pct: Option<String>,
    /// The target is below the baseline.
    pub(crate) lower_is_better: bool,
    /// "Lower is better" / "Higher is better".
    pub(crate) direction: &'static str,
    /// The goal's unit (`%`, `visits`), or "".
    pub(crate) unit: String,
    /// "71% now · from 67% toward 80%".
    pub(crate) now: String,
    /// "31% of the way; 29% expected by today".
    pub(crate) label: String,
    /// The progress bar (SVG markup, drawn where a page prints it).
    pub(crate) bar: Drawing,
    /// Per school week from now to the due date, in the goal's unit.
    pub(crate) required_per_week: Option<f64>,
    /// "Needs +0.4 points a school week to reach 80% by May 28, 2027."
    pub(crate) required: Option<String>,
    /// The trend's value on the due date (also once it has passed).
    pub(crate) forecast: Option<f64>,
    /// "At the trend so far, it would be at 84.2% on May 28, 2027: that
    /// reaches the target of 80%." (none once the due date has passed).
    pub(crate) forecast_text: Option<String>,
    /// Why there is no forecast, when the reader can do something about
    /// it ([`words::no_forecast`]).
    pub(crate) forecast_missing: Option<&'static str>,
    /// "Next measured: February", for a goal measured in `windows`.
    pub(crate) next_measured: Option<String>,
}

/// A practice's figures on its card.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PracticeCard {
    /// Completion over the last 14 days, 0–1.
    pub(crate) completion_14d: Option<f64>,
    /// Completion in the current cycle so far, 0–1.
    pub(crate) completion_cycle: Option<f64>,
    /// `completion_14d` as a whole percent.
    pub(crate) completion_14d_pct: Option<String>,
    /// `completion_cycle` as a whole percent.
    pub(crate) completion_cycle_pct: Option<String>,
    /// Periods at target in a row, up to today.
    pub(crate) streak: u32,
    /// The longest such run.
    pub(crate) best_streak: u32,
    /// "4 days", "2 weeks".
    pub(crate) streak_text: String,
    /// As `streak_text`, of `best_streak`.
    pub(crate) best_streak_text: String,
    /// Habit strength, 0–1.
    pub(crate) strength: f64,
    /// `strength` as a whole percent.
    pub(crate) strength_pct: String,
    /// `daily`, `weekdays` or `weekly` (empty for an unreadable file).
    pub(crate) cadence: &'static str,
    /// How many per period.
    pub(crate) target: f64,
    /// The practice's unit (`visits`), or "".
    pub(crate) unit: String,
    /// "3 visits each school day".
    pub(crate) rhythm: String,
    /// The last entry's date, "Nov 19".
    pub(crate) last_entry: Option<String>,
    /// Days from the last entry to today.
    pub(crate) days_since_entry: Option<i64>,
    /// The last 14 days (SVG markup, drawn where a page prints it).
    pub(crate) strip: Drawing,
    /// The 14-day completion bar (SVG markup, drawn where a page prints it).
    pub(crate) bar: Drawing,
    /// Periods of the current cycle that can still be missed with 80% in
    /// reach (negative: out of reach).
    pub(crate) buffer: Option<i64>,
    /// "Can miss 2 more days in Sprint 6 and still reach 80%.", or how
    /// this period stands in a cycle too short for a buffer.
    pub(crate) buffer_text: Option<String>,
}

/// A purpose's roll-up on its card.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PurposeCard {
    /// The mean of its progress goals' fractions (each clamped to 0–1).
    pub(crate) progress: Option<f64>,
    /// `progress` as a whole percent.
    pub(crate) progress_pct: Option<String>,
    /// How many progress goals it rolls up.
    pub(crate) progress_goals: usize,
    /// How many practices serve it or its progress goals.
    pub(crate) practices: usize,
    /// Its progress bar (SVG markup, drawn where a page prints it).
    pub(crate) bar: Drawing,
    /// "40% of the way on average across its progress goals".
    pub(crate) label: String,
}

/// A lint that fired on the goal, with its coaching.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LintView {
    /// The lint's stable name, `magic-wand`.
    pub(crate) code: &'static str,
    /// Its title in words.
    pub(crate) title: &'static str,
    /// What to do about it, for this goal.
    pub(crate) coaching: String,
}

/// What a card says of a goal whose file cannot be read (FORMAT §2).
const UNREADABLE: &str = "its file cannot be read right now";

impl ProgressCard {
    /// The card of a progress goal whose file cannot be read and of which
    /// no earlier version is known: nothing to show but that.
    pub(super) fn unreadable() -> ProgressCard {
        let label = UNREADABLE.to_string();
        ProgressCard {
            baseline: None,
            target: None,
            latest: None,
            latest_date: None,
            fraction: None,
            expected: None,
            fraction_pct: None,
            expected_pct: None,
            lower_is_better: false,
            direction: "—",
            unit: String::new(),
            now: UNREADABLE.to_string(),
            bar: Drawing::bar(None, None, state_color(State::NoData), label.clone()),
            label,
            required_per_week: None,
            required: None,
            forecast: None,
            forecast_text: None,
            forecast_missing: None,
            next_measured: None,
        }
    }

    /// The figures of progress goal `g`, as of `today`.
    pub(super) fn of(g: &GoalReport, today: crate::model::Date) -> Option<ProgressCard> {
        let p = g.progress.as_ref()?;
        let goal = &g.goal;
        let state = g.state;
        let unit = unit_of(g);
        let next_measured = p.next_window.map(|w| words::next_measured(w, today));
        let label = match (state, p.fraction, p.expected, p.judged) {
            (State::Overdue, f, ..) => words::past_due(f),
            (State::NoData, ..) if !p.measured_since(goal.start) => "Not measured yet".to_string(),
            (_, Some(f), Some(e), Some(j)) => format!(
                "{} of the way at the {} measurement, when {} was expected; {} expected by today",
                pct(f),
                dates::medium(j.date),
                pct(j.expected),
                pct(e)
            ),
            (_, Some(f), Some(e), None) => {
                format!("{} of the way; {} expected by today", pct(f), pct(e))
            }
            (_, Some(f), None, _) => format!("{} of the way", pct(f)),
            _ => "Not measured yet".to_string(),
        };
        let u = |x: f64| svg::with_unit(x, unit);
        let now = match (p.latest, p.baseline, p.target) {
            (Some(l), Some(b), Some(t)) => {
                format!("{} now · from {} toward {}", u(l), u(b), u(t))
            }
            (None, Some(b), Some(t)) => {
                format!("from {} toward {} · not measured yet", u(b), u(t))
            }
            _ => "baseline or target missing".to_string(),
        };
        let required = match (p.required_per_week, p.target, goal.due) {
            (Some(r), Some(t), Some(d)) => Some(words::required_rate(r, unit, t, d)),
            _ => None,
        };
        let (forecast_text, forecast_missing) = match (p.forecast, p.target, goal.due) {
            (Forecast::Ahead(f), Some(t), Some(d)) => (Some(words::forecast(f, unit, t, d)), None),
            (Forecast::Missing(why), ..) => (None, words::no_forecast(why)),
            _ => (None, None),
        };
        Some(ProgressCard {
            next_measured,
            required_per_week: p.required_per_week,
            required,
            forecast: p.forecast.trend().map(|f| f.value),
            forecast_text,
            forecast_missing,
            baseline: p.baseline,
            target: p.target,
            latest: p.latest,
            latest_date: p.latest_date.map(dates::medium),
            fraction: p.fraction,
            expected: p.expected,
            fraction_pct: p.fraction.map(pct),
            expected_pct: p.expected.map(pct),
            lower_is_better: p.lower_is_better,
            direction: if p.lower_is_better {
                "Lower is better"
            } else {
                "Higher is better"
            },
            unit: unit.to_string(),
            bar: Drawing::bar(p.fraction, p.expected, state_color(state), label.clone()),
            now,
            label,
        })
    }
}

impl PracticeCard {
    /// See [`ProgressCard::unreadable`].
    pub(super) fn unreadable() -> PracticeCard {
        PracticeCard {
            completion_14d: None,
            completion_cycle: None,
            completion_14d_pct: None,
            completion_cycle_pct: None,
            streak: 0,
            best_streak: 0,
            streak_text: "–".to_string(),
            best_streak_text: "–".to_string(),
            strength: 0.0,
            strength_pct: "–".to_string(),
            cadence: "",
            target: 0.0,
            unit: String::new(),
            rhythm: UNREADABLE.to_string(),
            last_entry: None,
            days_since_entry: None,
            strip: Drawing::none(),
            bar: Drawing::bar(None, None, state_color(State::NoData), UNREADABLE.into()),
            buffer: None,
            buffer_text: None,
        }
    }

    /// The figures of practice `g`.
    pub(super) fn of(v: &Views<'_>, g: &GoalReport) -> Option<PracticeCard> {
        let (p, (cadence, target)) = g.practice.as_ref().zip(g.rhythm())?;
        let goal = &g.goal;
        let unit = unit_of(g);
        let period = if cadence == Cadence::Weekly {
            "week"
        } else {
            "day"
        };
        let plural = |n: u32| {
            if n == 1 {
                format!("{n} {period}")
            } else {
                format!("{n} {period}s")
            }
        };
        let last14 = &p.days[p.days.len().saturating_sub(14)..];
        let cycle = v.report.current_cycle.map(|c| &v.report.cycles[c].name);
        let buffer_text = match (p.outlook, cycle) {
            (Some(Outlook::Buffer(b)), Some(c)) => Some(words::buffer(b, g, c)),
            (Some(Outlook::Period(now)), Some(_)) => Some(words::period_now(now, unit)),
            _ => None,
        };
        Some(PracticeCard {
            completion_14d: p.completion_14d,
            completion_cycle: p.completion_cycle,
            completion_14d_pct: p.completion_14d.map(pct),
            completion_cycle_pct: p.completion_cycle.map(pct),
            streak: p.streak,
            best_streak: p.best_streak,
            streak_text: plural(p.streak),
            best_streak_text: plural(p.best_streak),
            strength: p.strength,
            strength_pct: pct(p.strength),
            cadence: cadence.as_str(),
            target,
            unit: unit.to_string(),
            rhythm: rhythm(cadence, target, unit),
            last_entry: p.last_entry.map(dates::medium),
            days_since_entry: p.last_entry.map(|d| dates::days_between(d, v.report.today)),
            strip: Drawing::strip(
                format!("strip-{}", address(&goal.id)),
                format!("{}: last 14 days", goal.title),
                last14,
                unit,
                (cadence == Cadence::Weekly).then_some(svg::Weekly {
                    weeks: &p.weeks,
                    target,
                }),
            ),
            bar: Drawing::bar(
                p.completion_14d,
                None,
                state_color(g.state),
                format!(
                    "{} of scheduled days done in the last 14 days",
                    p.completion_14d.map_or("–".to_string(), pct)
                ),
            ),
            buffer: p.buffer,
            buffer_text,
        })
    }
}

impl PurposeCard {
    /// The roll-up of purpose `g`.
    pub(super) fn of(g: &GoalReport) -> Option<PurposeCard> {
        let p = g.purpose.as_ref()?;
        let label = match p.progress {
            Some(x) => format!("{} of the way on average across its progress goals", pct(x)),
            None => "No progress measured yet".to_string(),
        };
        Some(PurposeCard {
            progress: p.progress,
            progress_pct: p.progress.map(pct),
            progress_goals: p.progress_goals,
            practices: p.practices,
            bar: Drawing::bar(p.progress, None, state_color(g.state), label.clone()),
            label,
        })
    }
}

impl LintView {
    /// The lints that fired on `g`, with their coaching.
    pub(super) fn of(g: &GoalReport) -> Vec<LintView> {
        g.lints
            .iter()
            .map(|&lint| {
                let (title, coaching) = words::lint_coaching(lint);
                LintView {
                    code: lint.code(),
                    title,
                    coaching,
                }
            })
            .collect()
    }
}
