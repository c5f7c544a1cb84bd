//! `goals.json` (FORMAT §9): the stable keys, for other tools.

use super::view::Views;
use crate::analysis::areas::area_of;
use crate::analysis::GoalReport;
use crate::diagnostics::Diagnostic;
use crate::model::SeriesSource;
use serde::{Serialize, Serializer};

/// A number as JSON: whole numbers without `.0`, others rounded to 4
/// places, and never NaN or infinity (those are `null`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        if !x.is_finite() {
            return s.serialize_none();
        }
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            return s.serialize_i64(x as i64);
        }
        let r = (x * 10_000.0).round() / 10_000.0;
        if r.is_finite() {
            s.serialize_f64(r)
        } else {
            s.serialize_f64(x)
        }
    }
}

fn num(x: Option<f64>) -> Option<Num> {
    x.map(Num)
}

#[derive(Serialize)]
struct Doc<'a> {
    title: &'a str,
    today: String,
    goals: Vec<GoalJson<'a>>,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct GoalJson<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    file: &'a str,
    /// The goal's folder (FORMAT §8 v2).
    area: &'a str,
    owner: &'a [String],
    status: &'static str,
    state: &'static str,
    parents: &'a [String],
    children: &'a [String],
    lints: &'a [String],
    progress: Option<ProgressJson>,
    practice: Option<PracticeJson>,
    series: Vec<PointJson<'a>>,
}

#[derive(Serialize)]
struct ProgressJson {
    baseline: Option<Num>,
    target: Option<Num>,
    latest: Option<Num>,
    latest_date: Option<String>,
    fraction: Option<Num>,
    expected: Option<Num>,
}

#[derive(Serialize)]
struct PracticeJson {
    completion_14d: Option<Num>,
    completion_cycle: Option<Num>,
    streak: u32,
    best_streak: u32,
    strength: Num,
}

#[derive(Serialize)]
struct PointJson<'a> {
    date: String,
    value: Num,
    source: SeriesSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

fn goal_json(g: &GoalReport) -> GoalJson<'_> {
    let goal = &g.goal;
    GoalJson {
        id: &goal.id,
        kind: goal.kind.as_str(),
        title: &goal.title,
        file: &goal.file,
        area: area_of(&goal.file),
        owner: &goal.owners,
        status: goal.status.as_str(),
        state: g.state.as_str(),
        parents: &g.parents,
        children: &g.children,
        lints: &g.lints,
        progress: g.progress.as_ref().map(|p| ProgressJson {
            baseline: num(p.baseline),
            target: num(p.target),
            latest: num(p.latest),
            latest_date: p.latest_date.map(|d| d.to_string()),
            fraction: num(p.fraction),
            expected: num(p.expected),
        }),
        practice: g.practice.as_ref().map(|p| PracticeJson {
            completion_14d: num(p.completion_14d),
            completion_cycle: num(p.completion_cycle),
            streak: p.streak,
            best_streak: p.best_streak,
            strength: Num(p.strength),
        }),
        series: g
            .series
            .iter()
            .map(|p| PointJson {
                date: p.date.to_string(),
                value: Num(p.value),
                source: p.source,
                note: p.note.as_deref(),
            })
            .collect(),
    }
}

/// The bytes of `goals.json` for the visible report.
pub fn goals_json(v: &Views<'_>) -> Result<Vec<u8>, serde_json::Error> {
    let report = v.report;
    let doc = Doc {
        title: &report.title,
        today: report.today.to_string(),
        goals: report.goals.iter().map(goal_json).collect(),
        diagnostics: &report.diagnostics,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
