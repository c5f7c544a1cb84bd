//! `scorecard.csv` (FORMAT §8): one row per entry of every visible
//! practice, streamed by a one-shot build and, in a `watch` or `serve`
//! session, made again only for the practices that changed.

use super::{spreadsheet_safe, GoalReport, RenderError, Report};
use crate::model::EntryValue;

/// How an entry's value is written in `scorecard.csv`.
pub(crate) fn entry_value(value: EntryValue) -> String {
    match value {
        EntryValue::Number(x) => crate::yaml::format_number(x),
        EntryValue::Done(true) => "yes".to_string(),
        EntryValue::Done(false) => "no".to_string(),
        EntryValue::Skip => "skip".to_string(),
    }
}

/// One text as a field of a CSV file: quoted when it must be, by the
/// rules of the `csv` writer (which writes the header and `goals.csv`).
pub(super) fn field(text: &str) -> Result<Vec<u8>, csv::Error> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    // A record of one field, less its line end: a field alone is only
    // closed by what follows it. A small buffer: a writer zeroes its own
    // (8 KiB by default), and every build makes thousands of fields.
    let mut out = csv::WriterBuilder::new()
        .buffer_capacity(64)
        .from_writer(Vec::with_capacity(text.len() + 3));
    out.write_record([text])?;
    let mut bytes = out.into_inner().map_err(|e| e.into_error())?;
    bytes.pop();
    Ok(bytes)
}

/// Appends one row of `scorecard.csv`. `id`, `owner` and `note` are
/// already fields ([`field`]); a date and a value never need quotes. A row
/// is written directly, not through the `csv` writer: a large repository
/// has millions, and a check-in makes them all again.
pub(super) fn row_of_entry(
    out: &mut Vec<u8>,
    date: &str,
    id: &[u8],
    owner: &[u8],
    value: EntryValue,
    note: &[u8],
) {
    out.extend_from_slice(date.as_bytes());
    out.push(b',');
    out.extend_from_slice(id);
    out.push(b',');
    out.extend_from_slice(owner);
    out.push(b',');
    // A whole number, the common case, without a `String` of its own.
    let whole = match value {
        EntryValue::Number(x) => crate::yaml::as_whole(x),
        _ => None,
    };
    match whole {
        Some(whole) => out.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes()),
        None => out.extend_from_slice(entry_value(value).as_bytes()),
    }
    out.push(b',');
    out.extend_from_slice(note);
    out.push(b'\n');
}

/// Where `scorecard.csv` goes in the output folder.
pub(crate) const SCORECARD_CSV: &str = "scorecard.csv";

/// The bytes of `scorecard.csv` for the visible report (see
/// [`write_scorecard_csv`]), in memory.
pub(crate) fn scorecard_csv(report: &Report) -> Result<Vec<u8>, RenderError> {
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
    write_scorecard_csv_in(report, out, Batches::FILE)
}

/// How rows are made: `run` rows per piece of a worker's work, `runs`
/// pieces made at once (while the next ones are merged), then written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Batches {
    pub(super) run: usize,
    pub(super) runs: usize,
}

impl Batches {
    /// For the file: 16,384 rows a run, 8 runs at once.
    const FILE: Batches = Batches {
        run: 16_384,
        runs: 8,
    };
}

/// [`write_scorecard_csv`] in batches of any size (the tests' small ones
/// cross batches many times over on the example).
pub(super) fn write_scorecard_csv_in(
    report: &Report,
    out: &mut dyn std::io::Write,
    batches: Batches,
) -> std::io::Result<()> {
    let practices = practice_fields(report)?;
    write_rows(&practices, out, batches, |i, _, e, date, row| {
        let (_, id, owner) = &practices[i];
        let note = match &e.note {
            Some(note) => field(&spreadsheet_safe(note))?,
            None => Vec::new(),
        };
        row_of_entry(row, date, id, owner, e.value, &note);
        Ok(())
    })
}

/// [`write_scorecard_csv`] for a session that builds again (`watch`,
/// `serve`), which keeps the file's rows as they were laid out
/// ([`ScorecardRows`]): a later build copies the rows of every practice
/// whose key ([`ScorecardKey`]) is the same at the same place, in runs as
/// long as they go, and makes only the rows of the practices that
/// changed, put in their place by date and practice. Returns the rows for
/// the next build (`None` when a practice's log is not in strict date
/// order: then the rows are not in (date, practice) order, and the next
/// build makes them all). The rows are held whole (the size of the file),
/// the price of a check-in that formats only its own practice's rows.
pub fn write_scorecard_csv_kept(
    report: &Report,
    key: &ScorecardKey,
    previous: Option<&ScorecardRows>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<Option<ScorecardRows>> {
    use rayon::prelude::*;
    let practices = practice_fields(report)?;
    let logs: Vec<&[crate::model::Entry]> = practices
        .iter()
        .map(|(g, ..)| g.goal.practice().map_or(&[][..], |spec| &spec.log[..]))
        .collect();
    let ordered = logs
        .par_iter()
        .all(|log| log.windows(2).all(|w| w[0].date < w[1].date));
    // Each practice's rows, made only for those whose key is not the one
    // the last build had at the same place.
    let made: Vec<Option<Rows>> = practices
        .par_iter()
        .zip(key.practices.par_iter())
        .enumerate()
        .map(|(i, ((_, id, owner), k))| {
            if ordered && previous.is_some_and(|p| p.keys.get(i) == Some(k)) {
                return Ok(None);
            }
            let mut rows = Rows::default();
            for e in logs[i] {
                let note = match &e.note {
                    Some(note) => field(&spreadsheet_safe(note))?,
                    None => Vec::new(),
                };
                let date = e.date.to_string();
                row_of_entry(&mut rows.bytes, &date, id, owner, e.value, &note);
                rows.ends.push(rows.bytes.len());
            }
            Ok(Some(rows))
        })
        .collect::<Result<_, csv::Error>>()?;
    let laid = match previous {
        Some(last) if ordered => splice(last, &logs, &made),
        _ => lay_out(&logs, &made),
    };
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(["date", "practice", "owner", "value", "note"])?;
    out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
    out.write_all(&laid.bytes)?;
    Ok(ordered.then(|| ScorecardRows {
        keys: key.practices.clone(),
        ..laid
    }))
}

/// Every practice's rows (all made) in the file's order, by the merge.
fn lay_out(logs: &[&[crate::model::Entry]], made: &[Option<Rows>]) -> ScorecardRows {
    let mut laid = ScorecardRows::default();
    let mut merge = Merge::new(logs.to_vec());
    let mut batch = Vec::new();
    loop {
        merge.fill(&mut batch, 1 << 16);
        if batch.is_empty() {
            return laid;
        }
        for &(date, i, j) in &batch {
            let row = made[i as usize]
                .as_ref()
                .map_or(&[][..], |r| r.row(j as usize));
            laid.push(Merge::day(date), i, row);
        }
    }
}

/// The last build's rows with those of the practices that changed (`made`)
/// taken out and their new rows put in by (date, practice): every log is
/// in strict date order, so the file's rows are in that order.
fn splice(
    last: &ScorecardRows,
    logs: &[&[crate::model::Entry]],
    made: &[Option<Rows>],
) -> ScorecardRows {
    // The new rows, by (day, practice).
    let mut fresh: Vec<(u32, u32, &[u8])> = Vec::new();
    for (i, rows) in made.iter().enumerate() {
        if let Some(rows) = rows {
            for (j, e) in logs[i].iter().enumerate() {
                fresh.push((Merge::day(e.date), i as u32, rows.row(j)));
            }
        }
    }
    fresh.sort_unstable_by_key(|&(day, i, _)| (day, i));
    let mut fresh = fresh.into_iter().peekable();
    // A practice's old rows stay where its key is the same (not made).
    let kept = |i: u32| made.get(i as usize).is_some_and(Option::is_none);
    let mut laid = ScorecardRows {
        bytes: Vec::with_capacity(last.bytes.len() + 4096),
        order: Vec::with_capacity(last.order.len() + 64),
        ends: Vec::with_capacity(last.ends.len() + 64),
        keys: Vec::new(),
    };
    // Old rows to copy, as one run: from `from` in `last.bytes`.
    let mut from = 0;
    let mut run: Vec<(u32, u32, usize)> = Vec::new();
    let flush = |laid: &mut ScorecardRows, run: &mut Vec<(u32, u32, usize)>, from: usize| {
        if let Some(&(.., to)) = run.last() {
            let base = laid.bytes.len();
            laid.bytes.extend_from_slice(&last.bytes[from..to]);
            for &(day, i, end) in run.iter() {
                laid.order.push((day, i));
                laid.ends.push(base + end - from);
            }
            run.clear();
        }
    };
    let mut start = 0;
    for (k, &(day, i)) in last.order.iter().enumerate() {
        let end = last.ends[k];
        if !kept(i) {
            flush(&mut laid, &mut run, from);
            start = end;
            continue;
        }
        if fresh.peek().is_some_and(|&(d, p, _)| (d, p) < (day, i)) {
            flush(&mut laid, &mut run, from);
            while let Some((d, p, row)) = fresh.next_if(|&(d, p, _)| (d, p) < (day, i)) {
                laid.push(d, p, row);
            }
        }
        if run.is_empty() {
            from = start;
        }
        run.push((day, i, end));
        start = end;
    }
    flush(&mut laid, &mut run, from);
    for (d, p, row) in fresh {
        laid.push(d, p, row);
    }
    laid
}

/// A visible practice with its id and owners as fields of the file.
type PracticeFields<'r> = (&'r GoalReport, Vec<u8>, Vec<u8>);

/// Each visible practice with its id and owners, made safe for
/// spreadsheets and quoted for the file once.
fn practice_fields(report: &Report) -> Result<Vec<PracticeFields<'_>>, csv::Error> {
    report
        .goals
        .iter()
        .filter(|g| g.goal.practice().is_some())
        .map(|g| {
            Ok((
                g,
                field(&spreadsheet_safe(&g.goal.id))?,
                field(&spreadsheet_safe(&g.goal.owners.join("; ")))?,
            ))
        })
        .collect()
}

/// The header row, then every practice's entries by date, then by
/// practice, each row appended to a run's bytes by `row` (given the
/// practice's index, the entry's index in its log, the entry and its
/// date as text). Runs are made in parallel and written in order.
fn write_rows(
    practices: &[PracticeFields<'_>],
    out: &mut dyn std::io::Write,
    Batches { run: run_len, runs }: Batches,
    row: impl Fn(usize, usize, &crate::model::Entry, &str, &mut Vec<u8>) -> Result<(), csv::Error>
        + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let logs: Vec<&[crate::model::Entry]> = practices
        .iter()
        .map(|(g, ..)| g.goal.practice().map_or(&[][..], |spec| &spec.log[..]))
        .collect();
    let mut merge = Merge::new(logs.clone());
    let run = |run: &[EntryRow]| {
        let mut out = Vec::with_capacity(run.len() * 40);
        let mut day: Option<(crate::model::Date, String)> = None;
        for &(date, i, j) in run {
            if day.as_ref().is_none_or(|(d, _)| *d != date) {
                day = Some((date, date.to_string()));
            }
            let text = day.as_ref().map_or("", |(_, text)| text.as_str());
            let (i, j) = (i as usize, j as usize);
            row(i, j, &logs[i][j], text, &mut out)?;
        }
        Ok::<_, csv::Error>(out)
    };
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(["date", "practice", "owner", "value", "note"])?;
    out.write_all(&header.into_inner().map_err(|e| e.into_error())?)?;
    // While the workers write one batch's rows, the next batch is merged.
    let mut batch = Vec::with_capacity(run_len * runs);
    let mut following = Vec::with_capacity(run_len * runs);
    merge.fill(&mut batch, run_len * runs);
    while !batch.is_empty() {
        let (made, ()) = rayon::join(
            || {
                batch
                    .par_chunks(run_len)
                    .map(run)
                    .collect::<Result<Vec<Vec<u8>>, csv::Error>>()
            },
            || merge.fill(&mut following, run_len * runs),
        );
        for bytes in made? {
            out.write_all(&bytes)?;
        }
        std::mem::swap(&mut batch, &mut following);
    }
    Ok(())
}

/// The rows of `scorecard.csv` as a session's last build laid them out,
/// with each practice's key ([`ScorecardKey::practices`]).
#[derive(Debug, Clone, Default)]
pub struct ScorecardRows {
    /// Each practice's key, in the file's practice order.
    keys: Vec<u64>,
    /// The rows, without the header, as the file holds them.
    pub(super) bytes: Vec<u8>,
    /// Each row's day ([`Merge::day`]) and practice, in the file's order.
    order: Vec<(u32, u32)>,
    /// Where each row ends in `bytes`.
    ends: Vec<usize>,
}

impl ScorecardRows {
    fn push(&mut self, day: u32, practice: u32, row: &[u8]) {
        self.bytes.extend_from_slice(row);
        self.order.push((day, practice));
        self.ends.push(self.bytes.len());
    }
}

/// One practice's rows, one per entry of its log, in the log's order.
#[derive(Debug, Default)]
struct Rows {
    bytes: Vec<u8>,
    /// Where each row ends in `bytes`.
    ends: Vec<usize>,
}

impl Rows {
    fn row(&self, j: usize) -> &[u8] {
        let start = if j == 0 { 0 } else { self.ends[j - 1] };
        &self.bytes[start..self.ends[j]]
    }
}

/// One row of `scorecard.csv`: an entry's date, its practice's index and
/// its index in that practice's log.
type EntryRow = (crate::model::Date, u32, u32);

/// The practices' logs merged by (date, practice), a window of days at a
/// time. Each log is sorted by date, one entry per date, and practices come
/// in id order: one pass over the practices takes every entry of the
/// window into its day's list, in practice order, so the window's rows come
/// out in order without a heap or a list of every entry (90 MB at 100,000
/// goals). Days with no entry cost nothing: a window starts at the earliest
/// entry left.
pub(super) struct Merge<'r> {
    logs: Vec<&'r [crate::model::Entry]>,
    /// How far each practice's log has been taken.
    cursor: Vec<usize>,
    /// The practices with entries left, in order.
    active: Vec<u32>,
    /// The earliest day left (as [`Merge::day`]).
    next: Option<u32>,
    /// The window's rows, by day.
    days: Vec<Vec<EntryRow>>,
}

impl<'r> Merge<'r> {
    /// Days in a window: about a week (the numbering leaves gaps at the
    /// ends of months), so a window of 100,000 goals' rows stays small.
    const WINDOW: u32 = 8;

    pub(super) fn new(logs: Vec<&'r [crate::model::Entry]>) -> Merge<'r> {
        let active: Vec<u32> = (0..logs.len() as u32)
            .filter(|&i| !logs[i as usize].is_empty())
            .collect();
        let next = active
            .iter()
            .filter_map(|&i| Some(Merge::day(logs[i as usize].first()?.date)))
            .min();
        let cursor = vec![0; logs.len()];
        let days = (0..Merge::WINDOW).map(|_| Vec::new()).collect();
        Merge {
            logs,
            cursor,
            active,
            next,
            days,
        }
    }

    /// A day as a number that grows with the date: 31 to a month, 12 months
    /// to a year (a few numbers are never used).
    fn day(date: crate::model::Date) -> u32 {
        // Years run from -9999 to 9999.
        let year = (i32::from(date.year()) + 10_000) as u32;
        let months = year * 12 + u32::from(date.month() as u8);
        months * 31 + u32::from(date.day() as u8)
    }

    /// Replaces `batch` with the next windows' rows, stopping once there are
    /// `n` or more (fewer at the end).
    pub(super) fn fill(&mut self, batch: &mut Vec<EntryRow>, n: usize) {
        batch.clear();
        while batch.len() < n {
            let Some(start) = self.next.take() else {
                break;
            };
            let end = start + Merge::WINDOW;
            let mut next: Option<u32> = None;
            let (logs, cursor, days) = (&self.logs, &mut self.cursor, &mut self.days);
            self.active.retain(|&i| {
                let log = logs[i as usize];
                let at = &mut cursor[i as usize];
                while let Some(entry) = log.get(*at) {
                    // Days before `start` are already written (a log out of
                    // order goes with the window it is met in).
                    let day = Merge::day(entry.date).max(start);
                    if day >= end {
                        next = Some(next.map_or(day, |n| n.min(day)));
                        return true;
                    }
                    days[(day - start) as usize].push((entry.date, i, *at as u32));
                    *at += 1;
                }
                false
            });
            self.next = next;
            for day in &mut self.days {
                batch.append(day);
            }
        }
    }
}

/// A hash of everything `scorecard.csv` is made from: every visible
/// practice's id, owners and entries. Equal keys, equal bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorecardKey {
    /// The whole file's.
    pub whole: u64,
    /// Each visible practice's (its rows'), in the file's practice order.
    practices: Vec<u64>,
}

/// The key of `scorecard.csv` ([`ScorecardKey`]). Each practice's entries
/// are laid out in one buffer and hashed at once: a save pays this for
/// every entry of the repository.
pub fn scorecard_key(report: &Report) -> ScorecardKey {
    use rayon::prelude::*;
    use xxhash_rust::xxh3::xxh3_64;
    let practices: Vec<u64> = report
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
                e.push_bytes(&mut buf);
                if let Some(note) = &e.note {
                    buf.extend_from_slice(&(note.len() as u32).to_le_bytes());
                    buf.extend_from_slice(note.as_bytes());
                }
                buf.push(u8::from(e.note.is_some()));
            }
            xxh3_64(&buf)
        })
        .collect();
    let bytes: Vec<u8> = practices.iter().flat_map(|h| h.to_le_bytes()).collect();
    ScorecardKey {
        whole: xxh3_64(&bytes),
        practices,
    }
}
