//! `goals.json` (FORMAT §9): the stable keys, for other tools.

use super::view::Views;
use crate::analysis::areas::area_of;
use crate::analysis::moved::GoalpostMove;
use crate::analysis::{GoalReport, Report};
#[cfg(test)]
use crate::diagnostics::Diagnostic;
use crate::history::PostValue;
use crate::model::SeriesSource;
use rayon::prelude::*;
use serde::{Serialize, Serializer};
use std::collections::HashMap;
use std::sync::Arc;

/// A number as JSON: whole numbers without `.0`, others rounded to 4
/// places, and never NaN or infinity (those are `null`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Num(pub f64);

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
        if r == 0.0 {
            // 5e-308 rounds to 0, written as `0` (not `0.0`, nor `-0.0`).
            s.serialize_i64(0)
        } else if r.is_finite() {
            s.serialize_f64(r)
        } else {
            s.serialize_f64(x)
        }
    }
}

fn num(x: Option<f64>) -> Option<Num> {
    x.map(Num)
}

#[cfg(test)]
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
    lints: &'a [crate::model::lint::Lint],
    progress: Option<ProgressJson>,
    practice: Option<PracticeJson>,
    series: Vec<PointJson<'a>>,
    /// Set when the goal's file cannot be read now (FORMAT §2, §9 v2).
    broken: Option<&'a crate::model::Broken>,
    /// Goalposts moved since the goal's first commit (FORMAT §7 v2).
    moved: Vec<MoveJson<'a>>,
    /// `true` on goals from a personal folder (FORMAT §9 v3), only in a
    /// build that includes them; absent otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    personal: bool,
    /// Who the goal was agreed with, and when (FORMAT §9 v3); absent when
    /// the file says nothing of it, as are `asks`, `feedback` and `coaching`.
    #[serde(skip_serializing_if = "Option::is_none")]
    agreed: Option<AgreedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    asks: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    feedback: Vec<FeedbackJson<'a>>,
    /// A coaching cycle's figures (FORMAT §12).
    #[serde(skip_serializing_if = "Option::is_none")]
    coaching: Option<CoachingJson<'a>>,
}

#[derive(Serialize)]
struct AgreedJson<'a> {
    with: &'a [String],
    on: Option<String>,
}

#[derive(Serialize)]
struct FeedbackJson<'a> {
    date: String,
    from: &'a str,
    note: &'a str,
}

#[derive(Serialize)]
struct CoachingJson<'a> {
    pre: Option<Num>,
    post: Option<Num>,
    /// post − pre, in points.
    gain: Option<Num>,
    target: Option<Num>,
    reached: Option<bool>,
    lower_is_better: bool,
    /// `upcoming`, `running` or `finished`.
    phase: crate::analysis::coaching::Phase,
    days_left: Option<i64>,
    /// Each listed practice's completion inside the cycle's window.
    practices: Vec<CyclePracticeJson<'a>>,
}

#[derive(Serialize)]
struct CyclePracticeJson<'a> {
    id: &'a str,
    completion: Option<Num>,
}

#[derive(Serialize)]
struct MoveJson<'a> {
    date: String,
    author: &'a str,
    field: &'static str,
    from: Option<PostJson>,
    to: Option<PostJson>,
}

/// A goalpost's value: a number, or a date or cadence as text.
#[derive(Serialize)]
#[serde(untagged)]
enum PostJson {
    Number(Num),
    Text(String),
}

fn post_json(v: Option<PostValue>) -> Option<PostJson> {
    v.map(|v| match v {
        PostValue::Number(n) => PostJson::Number(Num(n)),
        other => PostJson::Text(other.text()),
    })
}

fn move_json(m: &GoalpostMove) -> MoveJson<'_> {
    MoveJson {
        date: m.date.to_string(),
        author: &m.author,
        field: m.field.as_str(),
        from: post_json(m.from),
        to: post_json(m.to),
    }
}

#[derive(Serialize)]
struct ProgressJson {
    baseline: Option<Num>,
    target: Option<Num>,
    latest: Option<Num>,
    latest_date: Option<String>,
    fraction: Option<Num>,
    expected: Option<Num>,
    /// Per school week from now to `due` (FORMAT §7 v2).
    required_per_week: Option<Num>,
    /// The trend's value at `due`.
    forecast: Option<Num>,
    /// Whether the forecast reaches the target (`null` without a forecast).
    forecast_reaches: Option<bool>,
    /// The first day of the next measurement window (FORMAT §9 v3).
    next_window: Option<String>,
}

#[derive(Serialize)]
struct PracticeJson {
    completion_14d: Option<Num>,
    completion_cycle: Option<Num>,
    streak: u32,
    best_streak: u32,
    strength: Num,
    /// Scheduled periods of the current cycle that can still be missed
    /// with 80% in reach (negative: out of reach).
    buffer: Option<i64>,
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
            required_per_week: num(p.required_per_week),
            forecast: num(p.forecast.trend().map(|f| f.value)),
            forecast_reaches: p.forecast.trend().map(|f| f.reaches),
            next_window: p.next_window.map(|w| w.from.to_string()),
        }),
        practice: g.practice.as_ref().map(|p| PracticeJson {
            completion_14d: num(p.completion_14d),
            completion_cycle: num(p.completion_cycle),
            streak: p.streak,
            best_streak: p.best_streak,
            strength: Num(p.strength),
            buffer: p.buffer,
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
        broken: goal.broken.as_ref(),
        moved: g.moved.iter().map(move_json).collect(),
        personal: goal.personal,
        agreed: goal.together.agreed.as_ref().map(|a| AgreedJson {
            with: &a.with,
            on: a.on.map(|d| d.to_string()),
        }),
        asks: goal.together.asks.as_deref(),
        feedback: goal
            .together
            .feedback
            .iter()
            .map(|f| FeedbackJson {
                date: f.date.to_string(),
                from: &f.from,
                note: &f.note,
            })
            .collect(),
        coaching: g.coaching.as_deref().map(|c| CoachingJson {
            pre: num(c.pre),
            post: num(c.post),
            gain: num(c.gain),
            target: num(c.target),
            reached: c.reached,
            lower_is_better: c.lower_is_better,
            phase: c.phase,
            days_left: c.days_left,
            practices: c
                .practices
                .iter()
                .map(|p| CyclePracticeJson {
                    id: &p.id,
                    completion: num(p.completion),
                })
                .collect(),
        }),
    }
}

/// Each goal's record in `goals.json` as the last build wrote it, by the
/// goal's key (a hash of everything the record is made from): a save
/// serialises again only the records whose goal changed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Records(HashMap<u64, Arc<str>>);

/// Indentation of a record inside the document (`goals` is two levels down).
const RECORD_INDENT: &str = "    ";

/// Each goal's record of `goals.json` for the visible report, indented as
/// a record of the document's list, with its key: `keys[i]` is goal `i`'s
/// key; a record whose key is in `previous` is copied from there. Made on
/// every worker.
pub(crate) fn goals_json_records(
    v: &Views<'_>,
    keys: &[u64],
    previous: Option<&Records>,
) -> Result<Vec<(u64, Arc<str>)>, serde_json::Error> {
    v.report
        .goals
        .par_iter()
        .zip(keys.par_iter())
        .map(|(g, &key)| {
            if let Some(r) = previous.and_then(|p| p.0.get(&key)) {
                return Ok((key, Arc::clone(r)));
            }
            let pretty = serde_json::to_string_pretty(&goal_json(g))?;
            let mut r = String::with_capacity(pretty.len() + pretty.len() / 8);
            r.push_str(RECORD_INDENT);
            // Every line indented as a record of the list.
            let mut from = 0;
            for end in memchr::memchr_iter(b'\n', pretty.as_bytes()) {
                r.push_str(&pretty[from..=end]);
                r.push_str(RECORD_INDENT);
                from = end + 1;
            }
            r.push_str(&pretty[from..]);
            Ok((key, Arc::from(r)))
        })
        .collect()
}

/// Writes `goals.json` from its `records` ([`goals_json_records`]), as
/// `serde_json::to_vec_pretty` of the whole document writes it, a part at
/// a time: the document is never held whole (88 MB at 100,000 goals).
pub(crate) fn write_goals_json(
    report: &Report,
    records: &[(u64, Arc<str>)],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(b"{\n  \"title\": ")?;
    serde_json::to_writer(&mut *out, &report.title)?;
    out.write_all(b",\n  \"today\": ")?;
    serde_json::to_writer(&mut *out, &report.today.to_string())?;
    out.write_all(b",\n  \"goals\": ")?;
    if records.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[\n")?;
        for (i, (_, r)) in records.iter().enumerate() {
            if i > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(r.as_bytes())?;
        }
        out.write_all(b"\n  ]")?;
    }
    out.write_all(b",\n  \"diagnostics\": ")?;
    let diagnostics = serde_json::to_string_pretty(&report.diagnostics)?;
    out.write_all(diagnostics.replace('\n', "\n  ").as_bytes())?;
    out.write_all(b"\n}\n")
}

impl Records {
    /// The records of one build, for the next.
    pub(crate) fn new(records: Vec<(u64, Arc<str>)>) -> Records {
        Records(records.into_iter().collect())
    }
}

/// The whole of `goals.json` with its records, as a build writes them
/// ([`goals_json_records`], [`write_goals_json`]), held in memory.
pub(crate) fn goals_json(
    v: &Views<'_>,
    keys: &[u64],
    previous: Option<&Records>,
) -> Result<(Vec<u8>, Records), serde_json::Error> {
    let records = goals_json_records(v, keys, previous)?;
    let mut bytes = Vec::new();
    write_goals_json(v.report, &records, &mut bytes).map_err(serde_json::Error::io)?;
    Ok((bytes, Records::new(records)))
}

/// The whole document in one `serde_json` call: what [`goals_json`] must
/// equal, byte for byte.
#[cfg(test)]
fn goals_json_whole(v: &Views<'_>) -> Vec<u8> {
    let report = v.report;
    let doc = Doc {
        title: &report.title,
        today: report.today.to_string(),
        goals: report.goals.iter().map(goal_json).collect(),
        diagnostics: &report.diagnostics,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).expect("serialisable");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{load, ParseCache};
    use crate::render::RenderOptions;

    fn example() -> crate::analysis::Report {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lincoln-elementary");
        let project = load(&root, None, &mut ParseCache::default()).expect("the example loads");
        let today = jiff::civil::date(2026, 11, 20);
        project.report(today)
    }

    #[test]
    fn records_put_together_equal_the_whole_document() {
        let mut report = example();
        assert!(!report.goals.is_empty());
        let opts = RenderOptions::default();
        let keys: Vec<u64> = (0..report.goals.len() as u64).collect();
        let (bytes, records) = goals_json(&Views::new(&report, &opts), &keys, None).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            String::from_utf8(goals_json_whole(&Views::new(&report, &opts))).unwrap()
        );

        // Kept records are used as they are: a stale one shows that they were.
        let mut stale = records.clone();
        stale.0.insert(0, Arc::from("    {\"stale\": true}"));
        let (bytes, _) = goals_json(&Views::new(&report, &opts), &keys, Some(&stale)).unwrap();
        assert!(String::from_utf8(bytes)
            .unwrap()
            .contains("{\"stale\": true}"));

        // With a problem and no goals, still the same bytes.
        let at = crate::diagnostics::Location::new(
            "goals/x.md",
            crate::diagnostics::Pos { line: 2, column: 3 },
        );
        report
            .diagnostics
            .push(crate::diagnostics::Diagnostic::error(
                "yaml-syntax",
                &at,
                "bad \"quote\"\nand a new line",
            ));
        report.goals.clear();
        let (bytes, _) = goals_json(&Views::new(&report, &opts), &[], Some(&records)).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            String::from_utf8(goals_json_whole(&Views::new(&report, &opts))).unwrap()
        );
    }
}
