//! `goals.json` (FORMAT §9): the stable keys, for other tools.

use super::view::Visible;
use crate::analysis::{GoalReport, Report};
use serde_json::{json, Map, Value};

/// A number as JSON: whole numbers without `.0`, others rounded to 4 places.
pub fn number(x: f64) -> Value {
    if !x.is_finite() {
        return Value::Null;
    }
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return json!(x as i64);
    }
    let r = (x * 10_000.0).round() / 10_000.0;
    serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
}

fn opt(x: Option<f64>) -> Value {
    x.map_or(Value::Null, number)
}

fn goal_json(g: &GoalReport, visible: &Visible<'_>) -> Value {
    let goal = &g.goal;
    let progress = g.progress.as_ref().map_or(Value::Null, |p| {
        json!({
            "baseline": opt(p.baseline),
            "target": opt(p.target),
            "latest": opt(p.latest),
            "latest_date": p.latest_date.map(|d| d.to_string()),
            "fraction": opt(p.fraction),
            "expected": opt(p.expected),
        })
    });
    let practice = g.practice.as_ref().map_or(Value::Null, |p| {
        json!({
            "completion_14d": opt(p.completion_14d),
            "completion_cycle": opt(p.completion_cycle),
            "streak": p.streak,
            "best_streak": p.best_streak,
            "strength": number(p.strength),
        })
    });
    let series: Vec<Value> = g
        .series
        .iter()
        .map(|p| {
            let mut m = Map::new();
            m.insert("date".into(), json!(p.date.to_string()));
            m.insert("value".into(), number(p.value));
            m.insert("source".into(), json!(p.source));
            if let Some(note) = &p.note {
                m.insert("note".into(), json!(note));
            }
            Value::Object(m)
        })
        .collect();
    json!({
        "id": goal.id,
        "kind": goal.kind.as_str(),
        "title": goal.title,
        "file": goal.file,
        "owner": goal.owners,
        "status": goal.status.as_str(),
        "state": visible.state(g).as_str(),
        "parents": visible.ids(&g.parents),
        "children": visible.ids(&g.children),
        "lints": g.lints,
        "progress": progress,
        "practice": practice,
        "series": series,
    })
}

/// The bytes of `goals.json` for the goals and diagnostics the reader may see.
pub fn goals_json(report: &Report, visible: &Visible<'_>) -> Result<Vec<u8>, serde_json::Error> {
    let goals: Vec<Value> = report
        .goals
        .iter()
        .filter(|g| visible.shows(&g.goal.id))
        .map(|g| goal_json(g, visible))
        .collect();
    let doc = json!({
        "title": report.title,
        "today": report.today.to_string(),
        "goals": goals,
        "diagnostics": visible.diagnostics(),
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
