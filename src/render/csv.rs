//! `goals.csv` and `scorecard.csv` (FORMAT §8), for people who live in
//! spreadsheets: one row per visible goal with its figures, and one row
//! per entry of every visible practice.

use super::json::Num;
use super::view::Views;
use super::RenderError;
use crate::analysis::areas::area_of;
use crate::analysis::{GoalReport, Report};
use crate::model::EntryValue;
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
        s.serialize_str(&spreadsheet_safe(&self.0))
    }
}

/// `text` as a spreadsheet reads it as text: a leading `'` when it starts
/// like a formula.
fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
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

/// How an entry's value is written in `scorecard.csv`.
pub fn entry_value(value: EntryValue) -> String {
    match value {
        EntryValue::Number(x) => crate::yaml::format_number(x),
        EntryValue::Done(true) => "yes".to_string(),
        EntryValue::Done(false) => "no".to_string(),
        EntryValue::Skip => "skip".to_string(),
    }
}

/// Where `scorecard.csv` goes in the output folder.
pub const SCORECARD_CSV: &str = "scorecard.csv";

/// The bytes of `scorecard.csv` for the visible report (see
/// [`write_scorecard_csv`]), in memory.
pub fn scorecard_csv(report: &Report) -> Result<Vec<u8>, RenderError> {
    let mut bytes = Vec::new();
    write_scorecard_csv(report, &mut bytes).map_err(|e| csv_failed(e.into()))?;
    Ok(bytes)
}

fn csv_failed(e: csv::Error) -> RenderError {
    RenderError::Json(format!("{SCORECARD_CSV}: {e}"))
}

/// Writes `scorecard.csv` for the visible report to `out`: a header row,
/// then one row per entry of every practice (from its `log:` and from
/// scorecard tables), by date, then by practice id. Made before the
/// report lets go of the entries ([`Report::without_logs`]). Rows are
/// made in parallel runs and written in order as each batch of runs is
/// ready, so that a large repository's file (185 MB at 100,000 goals) is
/// never held in memory whole.
pub fn write_scorecard_csv(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use rayon::prelude::*;
    /// Rows per run written by one worker.
    const RUN: usize = 16_384;
    /// Runs made at once before they are written.
    const BATCH: usize = 8;
    // Each practice's id and owners, made safe for spreadsheets once.
    let practices: Vec<(&GoalReport, String, String)> = report
        .goals
        .iter()
        .filter(|g| g.goal.practice().is_some())
        .map(|g| {
            (
                g,
                spreadsheet_safe(&g.goal.id).into_owned(),
                spreadsheet_safe(&g.goal.owners.join("; ")).into_owned(),
            )
        })
        .collect();
    let mut merge = Merge::new(
        practices
            .iter()
            .map(|(g, ..)| g.goal.practice().map_or(&[][..], |spec| &spec.log[..]))
            .collect(),
    );
    let run = |run: &[EntryRow<'_>]| {
        let mut out = csv::Writer::from_writer(Vec::with_capacity(run.len() * 40));
        let mut day: Option<(crate::model::Date, String)> = None;
        for &(date, i, e) in run {
            if day.as_ref().is_none_or(|(d, _)| *d != date) {
                day = Some((date, date.to_string()));
            }
            let date = day.as_ref().map_or("", |(_, text)| text.as_str());
            let (_, id, owner) = &practices[i as usize];
            let note = e.note.as_deref().map(spreadsheet_safe);
            out.write_record([
                date,
                id,
                owner,
                &entry_value(e.value),
                note.as_deref().unwrap_or(""),
            ])?;
        }
        out.into_inner().map_err(|e| e.into_error().into())
    };
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(["date", "practice", "owner", "value", "note"])?;
    out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
    // While the workers write one batch's rows, the next batch is merged.
    let mut batch = Vec::with_capacity(RUN * BATCH);
    let mut following = Vec::with_capacity(RUN * BATCH);
    merge.fill(&mut batch, RUN * BATCH);
    while !batch.is_empty() {
        let (runs, ()) = rayon::join(
            || {
                batch
                    .par_chunks(RUN)
                    .map(run)
                    .collect::<Result<Vec<Vec<u8>>, csv::Error>>()
            },
            || merge.fill(&mut following, RUN * BATCH),
        );
        for bytes in runs? {
            out.write_all(&bytes)?;
        }
        std::mem::swap(&mut batch, &mut following);
    }
    Ok(())
}

/// One row of `scorecard.csv`: an entry, its date and its practice's index.
type EntryRow<'r> = (crate::model::Date, u32, &'r crate::model::Entry);

/// The practices' logs merged by (date, practice). Each log is sorted by
/// date, one entry per date, and practices come in id order, so the rows
/// in order come off a heap of each practice's next row, without a list of
/// every entry (90 MB at 100,000 goals).
struct Merge<'r> {
    logs: Vec<&'r [crate::model::Entry]>,
    /// Each practice's next row, smallest on top, as one number: its date
    /// (year, month, day, in order) then its index.
    next: std::collections::BinaryHeap<std::cmp::Reverse<u64>>,
    /// How far each practice's log has been taken.
    cursor: Vec<usize>,
}

impl<'r> Merge<'r> {
    fn new(logs: Vec<&'r [crate::model::Entry]>) -> Merge<'r> {
        let next = logs
            .iter()
            .enumerate()
            .filter_map(|(i, log)| Some(Merge::key(log.first()?.date, i)))
            .collect();
        let cursor = vec![0; logs.len()];
        Merge { logs, next, cursor }
    }

    fn key(date: crate::model::Date, i: usize) -> std::cmp::Reverse<u64> {
        let day = (u64::from(date.year() as u16) << 9)
            | (u64::from(date.month() as u8) << 5)
            | u64::from(date.day() as u8);
        std::cmp::Reverse(day << 32 | i as u64)
    }

    /// Replaces `batch` with the next `n` rows (fewer at the end).
    fn fill(&mut self, batch: &mut Vec<EntryRow<'r>>, n: usize) {
        batch.clear();
        while batch.len() < n {
            let Some(mut top) = self.next.peek_mut() else {
                break;
            };
            let i = (top.0 & u64::from(u32::MAX)) as usize;
            let log = self.logs[i];
            let entry = &log[self.cursor[i]];
            batch.push((entry.date, i as u32, entry));
            self.cursor[i] += 1;
            match log.get(self.cursor[i]) {
                // Replaced on top, then sifted down once.
                Some(e) => *top = Merge::key(e.date, i),
                None => {
                    std::collections::binary_heap::PeekMut::pop(top);
                }
            }
        }
    }
}

/// A hash of everything `scorecard.csv` is made from: every visible
/// practice's id, owners and entries. Equal keys, equal bytes. Each
/// practice's entries are laid out in one buffer and hashed at once: a
/// save pays this for every entry of the repository.
pub fn scorecard_key(report: &Report) -> u64 {
    use rayon::prelude::*;
    use xxhash_rust::xxh3::xxh3_64;
    let per_practice: Vec<u64> = report
        .goals
        .par_iter()
        .filter_map(|g| g.goal.practice().map(|p| (g, p)))
        .map(|(g, p)| {
            let mut buf: Vec<u8> = Vec::with_capacity(32 + p.log.len() * 16);
            for text in std::iter::once(&g.goal.id).chain(&g.goal.owners) {
                buf.extend_from_slice(text.as_bytes());
                buf.push(0);
            }
            for e in p.log.iter() {
                let (kind, bits) = match e.value {
                    EntryValue::Number(x) => (0u8, x.to_bits()),
                    EntryValue::Done(d) => (1, u64::from(d)),
                    EntryValue::Skip => (2, 0),
                };
                buf.extend_from_slice(&e.date.year().to_le_bytes());
                buf.extend_from_slice(&[e.date.month() as u8, e.date.day() as u8, kind]);
                buf.extend_from_slice(&bits.to_le_bytes());
                if let Some(note) = &e.note {
                    buf.extend_from_slice(&(note.len() as u32).to_le_bytes());
                    buf.extend_from_slice(note.as_bytes());
                }
                buf.push(u8::from(e.note.is_some()));
            }
            xxh3_64(&buf)
        })
        .collect();
    let bytes: Vec<u8> = per_practice.iter().flat_map(|h| h.to_le_bytes()).collect();
    xxh3_64(&bytes)
}
