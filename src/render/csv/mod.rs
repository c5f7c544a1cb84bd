//! `goals.csv` and `scorecard.csv` (FORMAT §8), for people who live in
//! spreadsheets: one row per visible goal with its figures, and one row
//! per entry of every visible practice. This file makes `goals.csv`;
//! `scorecard.rs` makes `scorecard.csv`.

mod scorecard;

pub(crate) use scorecard::{
    scorecard_csv, scorecard_key, write_scorecard_csv, write_scorecard_csv_kept, ScorecardRows,
    SCORECARD_CSV,
};

use super::json::Num;
use super::view::Views;
use super::RenderError;
use crate::analysis::areas::area_of;
use crate::analysis::{GoalReport, Report};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

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
        forecast: p.and_then(|p| p.forecast.trend()).map(|f| Num(f.value)),
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
pub(crate) fn goals_csv(v: &Views<'_>) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for g in &v.report.goals {
        out.serialize(row(g))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// Each goal's row of `goals.csv` as the last build of a session made it,
/// by the goal's key (a hash of everything its row is made from): a save
/// makes again only the rows of the goals that changed.
#[derive(Debug, Clone, Default)]
pub struct GoalRows(HashMap<u64, Arc<[u8]>>);

/// [`goals_csv`], with the rows for the next build: `keys[i]` is goal
/// `i`'s key, and a row whose key is in `previous` is copied from there.
pub fn goals_csv_kept(
    v: &Views<'_>,
    keys: &[u64],
    previous: Option<&GoalRows>,
) -> Result<(Vec<u8>, GoalRows), csv::Error> {
    use rayon::prelude::*;
    let goals = &v.report.goals;
    let Some(first) = goals.first() else {
        // No row, and so no header either.
        return Ok((Vec::new(), GoalRows::default()));
    };
    let rows: Vec<(u64, Arc<[u8]>)> = goals
        .par_iter()
        .zip(keys.par_iter())
        .map(|(g, &key)| match previous.and_then(|p| p.0.get(&key)) {
            Some(kept) => Ok((key, Arc::clone(kept))),
            None => Ok((key, Arc::from(goal_row(g)?))),
        })
        .collect::<Result<_, csv::Error>>()?;
    // The header the `csv` writer writes before the first row.
    let mut out = csv::Writer::from_writer(Vec::new());
    out.serialize(row(first))?;
    let mut out = out.into_inner().map_err(|e| e.into_error())?;
    out.truncate(out.len() - rows[0].1.len());
    out.reserve(rows.iter().map(|(_, r)| r.len()).sum());
    for (_, r) in &rows {
        out.extend_from_slice(r);
    }
    Ok((out, GoalRows(rows.into_iter().collect())))
}

/// One goal's row of `goals.csv`, as the `csv` writer writes it.
fn goal_row(g: &GoalReport) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(256));
    out.serialize(row(g))?;
    out.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::scorecard::{field, row_of_entry, Merge};
    use crate::model::{Date, Entry, EntryValue};
    use proptest::prelude::*;

    fn example() -> crate::analysis::Report {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lincoln-elementary");
        let mut cache = crate::project::ParseCache::default();
        let project = crate::project::load(&root, None, &mut cache).expect("the example loads");
        project.report(jiff::civil::date(2026, 11, 20))
    }

    /// Rows made in small batches, each merged while the last is made,
    /// come out as the file's: the same bytes, in the same order.
    #[test]
    fn batches_of_any_size_write_the_same_file() {
        use super::scorecard::{write_scorecard_csv_in, Batches};
        let report = example();
        let mut whole = Vec::new();
        super::write_scorecard_csv(&report, &mut whole).unwrap();
        let rows = whole.iter().filter(|&&b| b == b'\n').count();
        assert!(rows > 200, "{rows} rows");
        for (run, runs) in [(1, 1), (1, 3), (2, 2), (7, 3), (64, 1)] {
            let mut bytes = Vec::new();
            write_scorecard_csv_in(&report, &mut bytes, Batches { run, runs }).unwrap();
            assert!(bytes == whole, "runs of {run}, {runs} at once");
        }
    }

    #[test]
    fn kept_goal_rows_make_the_same_goals_csv() {
        let mut report = example();
        let opts = crate::render::RenderOptions::default();
        let keys: Vec<u64> = (0..report.goals.len() as u64).collect();
        let v = super::Views::new(&report, &opts);
        let (bytes, rows) = super::goals_csv_kept(&v, &keys, None).unwrap();
        assert_eq!(bytes, super::goals_csv(&v).unwrap());
        assert!(bytes.starts_with(b"id,kind,title,"));
        let (again, _) = super::goals_csv_kept(&v, &keys, Some(&rows)).unwrap();
        assert_eq!(again, bytes);

        // Kept rows are used as they are: a stale one shows that they were.
        let mut stale = rows.clone();
        stale.0.insert(1, std::sync::Arc::from(&b"stale\n"[..]));
        let (used, _) = super::goals_csv_kept(&v, &keys, Some(&stale)).unwrap();
        assert!(String::from_utf8_lossy(&used).contains("\nstale\n"));

        // No goals: nothing at all, as the `csv` writer writes.
        drop(v);
        report.goals.clear();
        let v = super::Views::new(&report, &opts);
        let (empty, _) = super::goals_csv_kept(&v, &[], Some(&rows)).unwrap();
        assert_eq!(empty, super::goals_csv(&v).unwrap());
        assert!(empty.is_empty());
    }

    #[test]
    fn kept_rows_make_the_same_file() {
        let mut report = example();
        let streamed = |report: &crate::analysis::Report| {
            let mut bytes = Vec::new();
            super::write_scorecard_csv(report, &mut bytes).unwrap();
            bytes
        };
        let kept = |report: &crate::analysis::Report, previous| {
            let mut bytes = Vec::new();
            let key = super::scorecard_key(report);
            let rows = super::write_scorecard_csv_kept(report, &key, previous, &mut bytes).unwrap();
            (bytes, rows)
        };
        let (bytes, rows) = kept(&report, None);
        let rows = rows.expect("logs in date order");
        assert!(bytes.len() > 1000, "the example has a scorecard");
        assert_eq!(bytes, streamed(&report));
        let (again, _) = kept(&report, Some(&rows));
        assert_eq!(again, bytes);

        // A check-in: one practice's last entry changes, and gets a note
        // that must be quoted; its rows are made again, the others copied.
        let g = report
            .goals
            .iter_mut()
            .find(|g| g.goal.practice().is_some_and(|p| !p.log.is_empty()))
            .expect("a practice with entries");
        let crate::model::Details::Practice(p) = &mut std::sync::Arc::make_mut(&mut g.goal).details
        else {
            panic!("a practice")
        };
        let last = std::sync::Arc::make_mut(&mut p.log)
            .last_mut()
            .expect("an entry");
        last.value = EntryValue::Number(7.5);
        last.note = Some("=\"quoted\", and\nnew".into());
        let (changed, _) = kept(&report, Some(&rows));
        assert_ne!(changed, bytes);
        assert_eq!(changed, streamed(&report));

        // A new entry, between others and at the end, and one taken out.
        let g = report
            .goals
            .iter_mut()
            .rev()
            .find(|g| g.goal.practice().is_some_and(|p| p.log.len() > 2))
            .expect("a practice with entries");
        let crate::model::Details::Practice(p) = &mut std::sync::Arc::make_mut(&mut g.goal).details
        else {
            panic!("a practice")
        };
        let log = std::sync::Arc::make_mut(&mut p.log);
        let first = log[0].clone();
        log.remove(1);
        let mut later = first.clone();
        later.date = log.last().expect("an entry").date.tomorrow().unwrap();
        log.push(later);
        let (grown, _) = kept(&report, Some(&rows));
        assert_eq!(grown, streamed(&report));

        // Kept rows are used as they are: a stale one shows that they were.
        let mut stale = rows.clone();
        stale.bytes[0] = b'X';
        let (used, _) = kept(&report, Some(&stale));
        assert!(used.contains(&b'X'));

        // A log out of order: all made again, and nothing kept.
        let g = report
            .goals
            .iter_mut()
            .find(|g| g.goal.practice().is_some_and(|p| p.log.len() > 2))
            .expect("a practice with entries");
        let crate::model::Details::Practice(p) = &mut std::sync::Arc::make_mut(&mut g.goal).details
        else {
            panic!("a practice")
        };
        std::sync::Arc::make_mut(&mut p.log).swap(0, 1);
        let (unordered, none) = kept(&report, Some(&stale));
        assert_eq!(unordered, streamed(&report));
        assert!(none.is_none());
    }

    fn entry(date: Date) -> Entry {
        Entry {
            date,
            value: EntryValue::Skip,
            note: None,
            at: Default::default(),
        }
    }

    /// Every row of the merge, taken in batches of `n`.
    fn merged(logs: &[Vec<Entry>], n: usize) -> Vec<(Date, u32)> {
        let mut merge = Merge::new(logs.iter().map(Vec::as_slice).collect());
        let (mut all, mut batch) = (Vec::new(), Vec::new());
        loop {
            merge.fill(&mut batch, n);
            if batch.is_empty() {
                return all;
            }
            all.extend(batch.iter().map(|&(date, i, j)| {
                assert_eq!(date, logs[i as usize][j as usize].date);
                (date, i)
            }));
        }
    }

    proptest! {
        /// A row written directly is the row the `csv` writer writes for the
        /// same texts, whatever they hold (commas, quotes, line breaks,
        /// nothing at all).
        #[test]
        fn rows_are_written_as_the_csv_writer_writes_them(
            id in "[a-z0-9 ,\"\n\r=-]{0,6}",
            owner in "[a-z ,;\"\n]{0,6}",
            // Past the field writer's 64-byte buffer too.
            note in prop::option::of("[a-z ,\"\n\r'=]{0,160}"),
            value in prop_oneof![
                any::<bool>().prop_map(EntryValue::Done),
                Just(EntryValue::Skip),
                (-1e6f64..1e6).prop_map(EntryValue::Number),
                (-1000i64..1000).prop_map(|n| EntryValue::Number(n as f64)),
                Just(EntryValue::Number(1e20)),
                Just(EntryValue::Number(-0.0)),
            ],
        ) {
            let note_text = note.as_deref().unwrap_or("");
            let mut expected = csv::Writer::from_writer(Vec::new());
            expected
                .write_record(["2026-11-20", &id, &owner, &super::scorecard::entry_value(value), note_text])
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let expected = expected.into_inner().map_err(|e| TestCaseError::fail(e.to_string()))?;
            let fields = (field(&id), field(&owner), field(note_text));
            let (Ok(id), Ok(owner), Ok(note)) = fields else {
                return Err(TestCaseError::fail("a field could not be written"));
            };
            let mut row = Vec::new();
            row_of_entry(&mut row, "2026-11-20", &id, &owner, value, &note);
            prop_assert_eq!(String::from_utf8_lossy(&row), String::from_utf8_lossy(&expected));
        }

        /// The merge gives every entry once, by date then practice, whatever
        /// the gaps between dates (month and year ends, years apart, far
        /// outside the calendar) and the batch size.
        #[test]
        fn rows_come_by_date_then_practice(
            logs in prop::collection::vec(
                prop::collection::btree_set(
                    prop_oneof![
                        8 => 0i64..120,
                        2 => 0i64..4000,
                        1 => Just(-700_000i64),
                        1 => Just(2_900_000i64),
                    ],
                    0..30,
                ),
                0..12,
            ),
            n in 1usize..40,
        ) {
            let origin = jiff::civil::date(2026, 8, 31);
            let logs: Vec<Vec<Entry>> = logs
                .iter()
                .map(|days| {
                    days.iter()
                        .filter_map(|&k| origin.checked_add(jiff::Span::new().days(k)).ok())
                        .map(entry)
                        .collect()
                })
                .collect();
            let mut expected: Vec<(Date, u32)> = logs
                .iter()
                .enumerate()
                .flat_map(|(i, log)| log.iter().map(move |e| (e.date, i as u32)))
                .collect();
            expected.sort();
            prop_assert_eq!(merged(&logs, n), expected);
        }
    }
}
