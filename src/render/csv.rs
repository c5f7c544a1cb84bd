//! `goals.csv` (FORMAT §8): one row per visible goal with its figures, for
//! people who live in spreadsheets.

use super::json::Num;
use super::view::Views;
use crate::analysis::areas::area_of;
use crate::analysis::GoalReport;
use serde::Serialize;

/// One row. Numbers as in `goals.json` (empty when unknown).
#[derive(Serialize)]
struct Row<'a> {
    id: Text<'a>,
    kind: &'static str,
    title: Text<'a>,
    owner: Text<'a>,
    area: Text<'a>,
    status: &'static str,
    state: &'static str,
    baseline: Option<Num>,
    target: Option<Num>,
    latest: Option<Num>,
    latest_date: Option<String>,
    fraction: Option<Num>,
    expected: Option<Num>,
    required_per_week: Option<Num>,
    forecast: Option<Num>,
    completion_14d: Option<Num>,
    completion_cycle: Option<Num>,
    streak: Option<u32>,
    best_streak: Option<u32>,
    strength: Option<Num>,
    buffer: Option<i64>,
}

/// Text a person wrote, made safe for spreadsheets: a cell that starts
/// with `=`, `+`, `-` or `@` would be run as a formula, so it gets a
/// leading `'` (what spreadsheets themselves use to mean "this is text").
struct Text<'a>(std::borrow::Cow<'a, str>);

impl<'a> Text<'a> {
    fn of(s: impl Into<std::borrow::Cow<'a, str>>) -> Text<'a> {
        Text(s.into())
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            s.serialize_str(&format!("'{}", self.0))
        } else {
            s.serialize_str(&self.0)
        }
    }
}

fn row(g: &GoalReport) -> Row<'_> {
    let goal = &g.goal;
    let p = g.progress.as_ref();
    let q = g.practice.as_ref();
    Row {
        id: Text::of(goal.id.as_str()),
        kind: goal.kind.as_str(),
        title: Text::of(goal.title.as_str()),
        owner: Text::of(goal.owners.join("; ")),
        area: Text::of(area_of(&goal.file)),
        status: goal.status.as_str(),
        state: g.state.as_str(),
        baseline: p.and_then(|p| p.baseline).map(Num),
        target: p.and_then(|p| p.target).map(Num),
        latest: p.and_then(|p| p.latest).map(Num),
        latest_date: p.and_then(|p| p.latest_date).map(|d| d.to_string()),
        fraction: p.and_then(|p| p.fraction).map(Num),
        expected: p.and_then(|p| p.expected).map(Num),
        required_per_week: p.and_then(|p| p.required_per_week).map(Num),
        forecast: p.and_then(|p| p.forecast).map(|f| Num(f.value)),
        completion_14d: q.and_then(|q| q.completion_14d).map(Num),
        completion_cycle: q.and_then(|q| q.completion_cycle).map(Num),
        streak: q.map(|q| q.streak),
        best_streak: q.map(|q| q.best_streak),
        strength: q.map(|q| Num(q.strength)),
        buffer: q.and_then(|q| q.buffer),
    }
}

/// The bytes of `goals.csv` for the visible report: a header row, then one
/// row per goal in id order.
pub fn goals_csv(v: &Views<'_>) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for g in &v.report.goals {
        out.serialize(row(g))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
