//! This week, per owner (the Monday look): what each person has to do in
//! the week under way, most urgent first. Decided here, from the figures
//! the analysis already has; the pages only put it into words.

use super::calendar::{date_of, day_num, monday};
use super::progress;
use super::rules;
use super::{DayStatus, Report, State};
use crate::model::{Cadence, Date, Details, Kind};
use serde::Serialize;
use std::collections::BTreeMap;

/// Progress goals due within this many days are listed.
pub(crate) const DUE_WITHIN_DAYS: i32 = 14;
/// "Since last week": a progress goal's state now against this many days ago.
pub(crate) const SINCE_DAYS: i32 = 7;
/// A progress goal due within this many days is urgent on the week.
pub(crate) const URGENT_WITHIN_DAYS: i32 = 7;

/// Why a goal is on someone's week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum WeekItem {
    /// A progress goal due within [`DUE_WITHIN_DAYS`], not achieved.
    DueSoon { due: Date, days_left: i32 },
    /// A progress goal whose state is worse than [`SINCE_DAYS`] days ago.
    Slipped { from: State, to: State },
    /// A practice scheduled this week: what is done so far.
    Practice {
        /// Scheduled days of this week up to today (for a daily practice).
        scheduled: u32,
        /// Of those: done, partly done, missed.
        hits: u32,
        partial: u32,
        missed: u32,
        /// Today's status when today is scheduled: `Pending` until recorded.
        today: Option<DayStatus>,
        /// A weekly practice: the share of the week's target recorded so
        /// far (the week is its one period).
        week_share: Option<f64>,
        /// A weekly practice whose week reaches its target (within
        /// [`rules::EPS`]: three entries of 0.3 meet a target of 0.9).
        met: bool,
        /// How many more periods of the current cycle can be missed with
        /// 80% in reach, when the report states it
        /// ([`super::next::Outlook::stated_buffer`]).
        buffer: Option<i64>,
    },
    /// A progress goal with nothing new for `stale_after_days`: a fresh
    /// measurement is due.
    MeasurementDue { last: Option<Date> },
}

impl WeekItem {
    /// Something to do today or soon: due within [`URGENT_WITHIN_DAYS`], a
    /// slip, a practice with a miss this week, today not yet recorded, or
    /// no period left to spare in the cycle.
    pub(crate) fn is_urgent(&self) -> bool {
        match *self {
            WeekItem::DueSoon { days_left, .. } => days_left <= URGENT_WITHIN_DAYS,
            WeekItem::Slipped { .. } => true,
            WeekItem::Practice {
                missed,
                today,
                buffer,
                ..
            } => missed > 0 || today == Some(DayStatus::Pending) || buffer.is_some_and(|b| b <= 0),
            WeekItem::MeasurementDue { .. } => false,
        }
    }

    /// Lower is more urgent.
    fn urgency(&self) -> (u8, i64) {
        match *self {
            WeekItem::DueSoon { days_left, .. } => (0, i64::from(days_left)),
            WeekItem::Slipped { to, .. } => (1, i64::from(state_rank(to))),
            WeekItem::Practice {
                scheduled,
                hits,
                partial,
                missed,
                today,
                week_share,
                ..
            } => {
                let waiting = today == Some(DayStatus::Pending);
                let share = match week_share {
                    Some(f) => f,
                    None if scheduled > 0 => {
                        (f64::from(hits) + 0.5 * f64::from(partial)) / f64::from(scheduled)
                    }
                    None => 1.0,
                };
                // Misses first, then today not yet done, then the least done.
                (
                    2,
                    -i64::from(missed) * 10_000 - i64::from(waiting) * 2000
                        + (share * 1000.0) as i64,
                )
            }
            WeekItem::MeasurementDue { .. } => (3, 0),
        }
    }
}

fn state_rank(s: State) -> u8 {
    match s {
        State::Overdue => 0,
        State::OffTrack => 1,
        State::AtRisk => 2,
        _ => 3,
    }
}

/// One goal on someone's week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekEntry {
    /// Index into `Report::goals`.
    pub goal: usize,
    pub item: WeekItem,
    /// [`WeekItem::is_urgent`]: the pages draw it with an edge.
    pub urgent: bool,
}

/// One person's week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerWeek {
    pub owner: String,
    /// Most urgent first.
    pub entries: Vec<WeekEntry>,
}

/// The week under way (Monday to Sunday) and everyone's list in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    pub monday: Date,
    pub sunday: Date,
    /// By owner, in name order; owners with nothing this week are left out.
    pub owners: Vec<OwnerWeek>,
}

/// The week of `goals` (indices into the report), for the owners they name.
pub fn week(report: &Report, goals: impl IntoIterator<Item = usize>) -> Week {
    let today = day_num(report.today);
    let mon = monday(today);
    let mut by_owner: BTreeMap<&str, Vec<WeekEntry>> = BTreeMap::new();
    for i in goals {
        let Some(g) = report.goals.get(i) else {
            continue;
        };
        if !g.goal.is_active() {
            continue;
        }
        for item in items(report, i, mon, today) {
            for owner in &g.goal.owners {
                by_owner.entry(owner.as_str()).or_default().push(WeekEntry {
                    goal: i,
                    item,
                    urgent: item.is_urgent(),
                });
            }
        }
    }
    let owners = by_owner
        .into_iter()
        .map(|(owner, mut entries)| {
            entries.sort_by_key(|e| (e.item.urgency(), e.goal));
            OwnerWeek {
                owner: owner.to_string(),
                entries,
            }
        })
        .collect();
    Week {
        monday: date_of(mon),
        sunday: date_of(mon + 6),
        owners,
    }
}

/// What goal `i` asks of its owners this week.
fn items(report: &Report, i: usize, mon: i32, today: i32) -> Vec<WeekItem> {
    let g = &report.goals[i];
    let mut out = Vec::new();
    match (&g.goal.details, g.goal.kind) {
        (Details::Progress(spec), Kind::Progress) => {
            if let Some(due) = g.goal.due {
                let days_left = day_num(due) - today;
                if (0..=DUE_WITHIN_DAYS).contains(&days_left) && g.state != State::Achieved {
                    out.push(WeekItem::DueSoon { due, days_left });
                }
            }
            let before = date_of(today - SINCE_DAYS);
            let (_, then) = progress::figures(&g.goal, spec, &g.series, before);
            if state_rank(g.state) < state_rank(then) && g.state != State::NoData {
                out.push(WeekItem::Slipped {
                    from: then,
                    to: g.state,
                });
            }
            if g.lints.contains(&crate::model::lint::Lint::Stale) {
                out.push(WeekItem::MeasurementDue {
                    last: g.progress.as_ref().and_then(|p| p.latest_date),
                });
            }
        }
        (Details::Practice(spec), Kind::Practice) => {
            let Some(p) = &g.practice else {
                return out;
            };
            let buffer = p.outlook.and_then(|o| o.stated_buffer());
            let weekly = spec.cadence == Cadence::Weekly;
            let this_week: Vec<_> = p.days.iter().filter(|d| day_num(d.date) >= mon).collect();
            if weekly {
                // One period, the whole week: what is recorded in it so far
                // against the target.
                // The week's outcome, once decided, sits on one day;
                // before that, the entries so far against the target.
                let outcome = this_week.iter().find_map(|d| d.fraction());
                let recorded: f64 = this_week
                    .iter()
                    .filter(|d| d.status != DayStatus::Skip)
                    .filter_map(|d| d.value())
                    .sum();
                let missed = this_week.iter().any(|d| d.status == DayStatus::Miss);
                let open = this_week.iter().any(|d| d.status != DayStatus::Break);
                if open {
                    let share = match outcome {
                        Some(f) => f,
                        None if spec.target > 0.0 => (recorded / spec.target).min(1.0),
                        None => 0.0,
                    };
                    out.push(WeekItem::Practice {
                        scheduled: 1,
                        hits: 0,
                        partial: 0,
                        missed: u32::from(missed),
                        today: None,
                        week_share: Some(share),
                        met: rules::reaches(share, 1.0),
                        buffer,
                    });
                }
                return out;
            }
            let (mut scheduled, mut hits, mut partial, mut missed) = (0, 0, 0, 0);
            let mut today_status = None;
            for d in this_week {
                match d.status {
                    DayStatus::Hit => hits += 1,
                    DayStatus::Partial => partial += 1,
                    DayStatus::Miss => missed += 1,
                    DayStatus::Pending => {}
                    DayStatus::Skip | DayStatus::Break | DayStatus::Unscheduled => continue,
                }
                scheduled += 1;
                if day_num(d.date) == today {
                    today_status = Some(d.status);
                }
            }
            if scheduled > 0 {
                out.push(WeekItem::Practice {
                    scheduled,
                    hits,
                    partial,
                    missed,
                    today: today_status,
                    week_share: None,
                    met: false,
                    buffer,
                });
            }
        }
        _ => {}
    }
    out
}
