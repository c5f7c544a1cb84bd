//! Practice figures: scheduling, completion, streaks, habit strength and
//! the day-by-day heat-map (FORMAT §7).
//!
//! # Periods
//!
//! A practice is done per *period*: a day for `daily` and `weekdays`, an
//! ISO week (Monday–Sunday) for `weekly`. A day can be scheduled only if it
//! is inside the school year (when `goalpost.yml` has a calendar), not in a
//! break, and inside the goal's `start`..=`due`; `weekdays` further keeps
//! Monday–Friday. A week is scheduled if any of its days can be.
//!
//! A period's value is its entry (`weekly`: the sum of the week's entries,
//! where `yes` counts as the whole target), and its *fraction* is
//! min(value / target, 1). A period that holds only `skip` entries is left
//! out of every figure. A past period with no entry counts 0. The period
//! containing today counts only once it has an entry; a week still under
//! way counts once it reaches its target or its last scheduled day comes.
//!
//! A period belongs to a window (the 14 days ending today, a cycle) when its
//! first day is in the window.
//!
//! One concern, so longer than 500 lines: every figure here is read from one
//! [`Track`] of scheduled periods, through the same private period rules
//! (`entry`, `outcome`, `periods_in`); split, they would have to be opened up.

use super::calendar::{monday, weekday, SchoolDays, Window, MAX_DAYS_BACK};
use super::{Day, DayStatus, State};
use crate::model::{Cadence, EntryValue, Goal, PracticeSpec};

use super::rules::{self, EPS, PRACTICE_AT_RISK, PRACTICE_ON_TRACK};

/// What a scheduled period came to, as of some day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// Counts, with this fraction of the target (0–1).
    Done(f64),
    /// Only `skip` entries: left out.
    Skip,
    /// Still open (today's, not yet recorded): left out.
    Pending,
}

/// A scheduled period: its first calendar day, last calendar day, last
/// scheduled day, and what it came to as of today (asked for by nearly
/// every figure, so worked out once).
#[derive(Debug, Clone, Copy)]
struct Period {
    first: i32,
    last: i32,
    last_scheduled: i32,
    as_of_today: Outcome,
}

/// One week of a practice's history (its habit history).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct WeekFigures {
    pub monday: crate::model::Date,
    /// Completion of the periods starting in the week; `None` when none
    /// counted (a break, nothing scheduled yet).
    pub completion: Option<f64>,
    /// Habit strength at the end of the week (today, for this week).
    pub strength: f64,
    /// What is recorded in the week up to today (`yes` = the target, `skip`
    /// left out); `None` when nothing is. For a weekly practice, the week's
    /// value: "week of Nov 16: 2 of 3 visits".
    pub(crate) recorded: Option<f64>,
}

/// One practice laid out day by day from its first relevant day to the
/// end of today's period.
#[derive(Debug)]
pub struct Track {
    cadence: Cadence,
    target: f64,
    /// [`PracticeSpec::is_yes_no`].
    yes_no: bool,
    /// First day of the arrays (for `weekly`, a Monday).
    base: i32,
    /// First day shown in [`Track::days`].
    lo: i32,
    today: i32,
    /// The goal's own `start..=due`.
    window: Window,
    entries: Vec<Option<EntryValue>>,
    periods: Vec<Period>,
}

/// A window's scheduled periods as of today, for the buffer (FORMAT §7 v2).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Budget {
    /// Credit earned so far: the sum of the counted periods' fractions.
    pub(crate) credit: f64,
    /// Scheduled periods still to come, today's (or the running week's)
    /// included while it does not count yet.
    pub(crate) remaining: u32,
    /// Scheduled periods in the whole window, `skip` periods left out.
    pub(crate) total: u32,
}

/// The periods of a window that count, and the credit they earned: the
/// sum of their fractions. Completion is `done / counted`; tallies of
/// several practices add up, so a roll-up of completion is the same
/// average over all their scheduled periods (FORMAT §7).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Tally {
    pub done: f64,
    pub counted: u32,
}

impl Tally {
    /// `done / counted`; `None` when no period counts.
    pub fn rate(&self) -> Option<f64> {
        (self.counted > 0).then(|| self.done / f64::from(self.counted))
    }

    pub(crate) fn add(&mut self, other: Tally) {
        self.done += other.done;
        self.counted += other.counted;
    }
}

/// How the period holding today stands (the running week of a weekly
/// practice, else today).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PeriodNow {
    pub(crate) weekly: bool,
    /// Whether today's period is scheduled at all.
    pub(crate) scheduled: bool,
    /// What is recorded in it so far (`yes` = the target), `None` when
    /// nothing is (a `skip` alone included).
    pub(crate) recorded: Option<f64>,
    /// Everything recorded in it is `skip`.
    pub(crate) skipped: bool,
    pub(crate) target: f64,
    /// A yes/no practice ([`PracticeSpec::is_yes_no`]).
    pub(crate) yes_no: bool,
}

impl Track {
    /// How the period holding today stands ([`PeriodNow`]).
    pub(crate) fn this_period(&self) -> PeriodNow {
        let weekly = self.cadence == Cadence::Weekly;
        let (first, scheduled) = if weekly {
            let m = monday(self.today);
            (m, self.periods.last().is_some_and(|p| p.first == m))
        } else {
            let today = self.today;
            (today, self.periods.last().is_some_and(|p| p.first == today))
        };
        let entries: Vec<EntryValue> = (first..=self.today).filter_map(|n| self.entry(n)).collect();
        let counted: Vec<f64> = entries
            .iter()
            .filter(|v| **v != EntryValue::Skip)
            .map(|v| self.amount(*v))
            .collect();
        PeriodNow {
            weekly,
            scheduled,
            recorded: (!counted.is_empty()).then(|| counted.iter().sum()),
            skipped: !entries.is_empty() && counted.is_empty(),
            target: self.target,
            yes_no: self.yes_no,
        }
    }

    /// Lays out `spec` for `goal`. Days run from the earliest of the
    /// school year's start, the goal's start and its first entry (at most
    /// [`MAX_DAYS_BACK`] days back) to today. Entries after today are not
    /// counted.
    pub fn new(goal: &Goal, spec: &PracticeSpec, days: &SchoolDays) -> Track {
        let today = days.today;
        let window = Window::of(goal);
        let first_entry = spec.log.first().map(|e| super::calendar::day_num(e.date));
        let lo = [days.year_start(), window.start, first_entry]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(today)
            .clamp(today - MAX_DAYS_BACK, today);
        let weekly = spec.cadence == Cadence::Weekly;
        let base = if weekly { monday(lo) } else { lo };
        let end = if weekly { monday(today) + 6 } else { today };
        let len = usize::try_from(end - base + 1).unwrap_or(0);
        let scheduled: Vec<bool> = (base..=end)
            .map(|n| {
                days.is_open(n)
                    && window.contains(n)
                    && (spec.cadence != Cadence::Weekdays || weekday(n) < 5)
            })
            .collect();
        let mut entries = vec![None; len];
        for e in spec.log.iter() {
            let n = super::calendar::day_num(e.date);
            if n >= base && n <= today {
                entries[(n - base) as usize] = Some(e.value);
            }
        }
        let mut periods = Vec::new();
        if weekly {
            let mut m = base;
            while m <= today {
                let last_scheduled = (m..m + 7).rev().find(|&n| scheduled[(n - base) as usize]);
                if let Some(last_scheduled) = last_scheduled {
                    periods.push(Period {
                        first: m,
                        last: m + 6,
                        last_scheduled,
                        as_of_today: Outcome::Pending,
                    });
                }
                m += 7;
            }
        } else {
            for n in base..=today {
                if scheduled[(n - base) as usize] {
                    periods.push(Period {
                        first: n,
                        last: n,
                        last_scheduled: n,
                        as_of_today: Outcome::Pending,
                    });
                }
            }
        }
        let mut track = Track {
            cadence: spec.cadence,
            target: if spec.target > 0.0 { spec.target } else { 1.0 },
            yes_no: spec.is_yes_no(),
            base,
            lo,
            today,
            window,
            entries,
            periods: Vec::new(),
        };
        for p in &mut periods {
            p.as_of_today = track.work_out(p, today);
        }
        track.periods = periods;
        track
    }

    fn entry(&self, n: i32) -> Option<EntryValue> {
        let i = usize::try_from(n - self.base).ok()?;
        self.entries.get(i).copied().flatten()
    }

    /// How much of the target an entry stands for (`yes` = all of it).
    fn amount(&self, value: EntryValue) -> f64 {
        match value {
            EntryValue::Number(x) => x,
            EntryValue::Done(true) => self.target,
            EntryValue::Done(false) | EntryValue::Skip => 0.0,
        }
    }

    /// What period `p` came to, counting only entries up to day `now`.
    fn outcome(&self, p: &Period, now: i32) -> Outcome {
        if now == self.today {
            p.as_of_today
        } else {
            self.work_out(p, now)
        }
    }

    fn work_out(&self, p: &Period, now: i32) -> Outcome {
        let mut sum = 0.0;
        let mut counted = false;
        let mut skipped = false;
        for n in p.first..=p.last.min(now) {
            match self.entry(n) {
                Some(EntryValue::Skip) => skipped = true,
                Some(v) => {
                    counted = true;
                    sum += self.amount(v);
                }
                None => {}
            }
        }
        if counted {
            let f = (sum / self.target).clamp(0.0, 1.0);
            if now >= p.last_scheduled || f >= 1.0 - EPS {
                Outcome::Done(f)
            } else {
                Outcome::Pending
            }
        } else if skipped {
            Outcome::Skip
        } else if now <= p.last_scheduled {
            Outcome::Pending
        } else {
            Outcome::Done(0.0)
        }
    }

    /// Periods whose first day is in `from..=to`.
    fn periods_in(&self, from: i32, to: i32) -> &[Period] {
        let a = self.periods.partition_point(|p| p.first < from);
        let b = self.periods.partition_point(|p| p.first <= to);
        &self.periods[a..b.max(a)]
    }

    /// Completion rate over the periods starting in `from..=to`, as of day
    /// `now`: the mean of the counted periods' fractions; `None` when no
    /// period counts.
    pub fn completion(&self, from: i32, to: i32, now: i32) -> Option<f64> {
        self.tally(from, to, now).rate()
    }

    /// The periods starting in `from..=to` that count as of day `now`, and
    /// their fractions' sum ([`Track::completion`] is its rate).
    pub fn tally(&self, from: i32, to: i32, now: i32) -> Tally {
        let mut t = Tally::default();
        for p in self.periods_in(from, to.min(now)) {
            if let Outcome::Done(f) = self.outcome(p, now) {
                t.done += f;
                t.counted += 1;
            }
        }
        t
    }

    /// The periods whose first day is in `from..=to`, as of today: what
    /// they earned so far, how many are still to come and how many there
    /// are in all. A period of only `skip` entries is not counted; days
    /// after today are scheduled by the same rules as past ones.
    pub(crate) fn budget(&self, days: &SchoolDays, from: i32, to: i32) -> Budget {
        let mut b = Budget::default();
        for p in self.periods_in(from, to) {
            match self.outcome(p, self.today) {
                Outcome::Done(f) => {
                    b.credit += f;
                    b.total += 1;
                }
                Outcome::Pending => {
                    b.remaining += 1;
                    b.total += 1;
                }
                Outcome::Skip => {}
            }
        }
        // Days after today that can be scheduled: from the goal's start, up
        // to its due date and the school year's end.
        let first = from
            .max(self.today + 1)
            .max(self.window.start.unwrap_or(i32::MIN));
        let to = to
            .min(self.window.due.unwrap_or(i32::MAX))
            .min(days.year_end().unwrap_or(i32::MAX));
        let ahead = if self.cadence == Cadence::Weekly {
            // Weeks starting after today's week (and in `from..=to`) with a
            // day that can be scheduled.
            let mut m = monday(self.today) + 7;
            while m < from {
                m += 7;
            }
            if days.year_end().is_none() {
                // No calendar: every day is open, so every such week counts
                // once it reaches the goal's start.
                let m = m.max(monday(first));
                if m > to {
                    0
                } else {
                    u32::try_from((to - m) / 7 + 1).unwrap_or(u32::MAX)
                }
            } else {
                let mut n = 0u32;
                while m <= to {
                    if m + 6 >= first
                        && days.count_open(m.max(first), (m + 6).min(to), |_| true) > 0
                    {
                        n += 1;
                    }
                    m += 7;
                }
                n
            }
        } else {
            let weekdays = self.cadence == Cadence::Weekdays;
            days.count_open(first, to, |w| !weekdays || w < 5)
        };
        b.remaining += ahead;
        b.total += ahead;
        b
    }

    /// Completion over the 14 calendar days ending `now`.
    pub fn completion_14d(&self, now: i32) -> Option<f64> {
        self.completion(now - 13, now, now)
    }

    /// Consecutive periods at target, ending with today's period if it is
    /// recorded, else with the one before. `skip` periods neither add nor break.
    pub fn streak(&self) -> u32 {
        let mut run = 0;
        for p in self.periods.iter().rev() {
            match self.outcome(p, self.today) {
                Outcome::Done(f) if f >= 1.0 - EPS => run += 1,
                Outcome::Done(_) => break,
                Outcome::Skip | Outcome::Pending => {}
            }
        }
        run
    }

    /// The longest run of periods at target up to today.
    pub fn best_streak(&self) -> u32 {
        let (mut run, mut best) = (0, 0);
        for p in &self.periods {
            match self.outcome(p, self.today) {
                Outcome::Done(f) if f >= 1.0 - EPS => {
                    run += 1;
                    best = best.max(run);
                }
                Outcome::Done(_) => run = 0,
                Outcome::Skip | Outcome::Pending => {}
            }
        }
        best
    }

    /// Habit strength, 0–1: Loop Habit Tracker's exponential score.
    ///
    /// Starting from 0 at the first scheduled period, every counted period
    /// updates `score = score × m + fraction × (1 − m)`, where `fraction` is
    /// the period's min(value / target, 1) and `m = 0.5^(√f / 13)` with
    /// `f` = 1 for `daily` and `weekdays` and 7 for `weekly` (a week weighs
    /// as much as seven days). `skip` periods and today's unrecorded period
    /// leave the score unchanged. A perfect record approaches 1 (about 0.5
    /// after 13 periods, 0.8 after 30), and each miss pulls it back down.
    pub fn strength(&self) -> f64 {
        let m = self.strength_decay();
        let mut score = 0.0;
        for p in &self.periods {
            if let Outcome::Done(x) = self.outcome(p, self.today) {
                score = score * m + x * (1.0 - m);
            }
        }
        score
    }

    /// The habit strength's `m`: how much of the score a period keeps.
    fn strength_decay(&self) -> f64 {
        let f: f64 = if self.cadence == Cadence::Weekly {
            7.0
        } else {
            1.0
        };
        0.5f64.powf(f.sqrt() / 13.0)
    }

    /// Week by week (Monday to Sunday), from the week of the first period
    /// to today's: the completion of the periods starting in that week,
    /// and the habit strength once its periods have counted. The last
    /// strength is [`strength`](Self::strength).
    pub fn weeks(&self) -> Vec<WeekFigures> {
        let mut out = Vec::new();
        let Some(first) = self.periods.first() else {
            return out;
        };
        let m = self.strength_decay();
        let mut score = 0.0;
        let mut periods = self.periods.iter().peekable();
        let mut mon = super::calendar::monday(first.first);
        while mon <= self.today {
            let sun = mon + 6;
            while let Some(p) = periods.next_if(|p| p.first <= sun) {
                if let Outcome::Done(x) = self.outcome(p, self.today) {
                    score = score * m + x * (1.0 - m);
                }
            }
            let counted: Vec<f64> = (mon..=sun.min(self.today))
                .filter_map(|n| self.entry(n))
                .filter(|v| *v != EntryValue::Skip)
                .map(|v| self.amount(v))
                .collect();
            out.push(WeekFigures {
                monday: super::calendar::date_of(mon),
                completion: self.completion(mon, sun, self.today),
                strength: score,
                recorded: (!counted.is_empty()).then(|| counted.iter().sum()),
            });
            mon += 7;
        }
        out
    }

    /// The day a week's outcome is drawn on: the latest day of the week up
    /// to today with an entry that is not `skip` (when the week has an
    /// outcome), else its last scheduled day, or today while it is under way.
    fn outcome_day(&self, p: &Period) -> i32 {
        let fallback = p.last_scheduled.min(self.today);
        if !matches!(self.outcome(p, self.today), Outcome::Done(_)) {
            return fallback;
        }
        (p.first..=p.last.min(self.today))
            .rev()
            .find(|&n| matches!(self.entry(n), Some(v) if v != EntryValue::Skip))
            .unwrap_or(fallback)
    }

    /// One cell per day from the first relevant day to today.
    pub fn days(&self, days: &SchoolDays) -> Vec<Day> {
        let mut out = Vec::with_capacity(usize::try_from(self.today - self.lo + 1).unwrap_or(0));
        let weekly = self.cadence == Cadence::Weekly;
        let mut periods = self.periods.iter().peekable();
        for n in self.lo..=self.today {
            let entry = self.entry(n);
            let value = entry.and_then(|v| match v {
                EntryValue::Number(x) => Some(x),
                EntryValue::Done(b) => Some(if b { 1.0 } else { 0.0 }),
                EntryValue::Skip => None,
            });
            while periods.peek().is_some_and(|p| p.last < n) {
                periods.next();
            }
            let period = periods.peek().filter(|p| p.first <= n);
            let mut fraction = None;
            let status = if days.is_break(n) {
                DayStatus::Break
            } else {
                match period {
                    // A week shows its outcome on the day it was recorded
                    // (its latest entry), else on its last scheduled day
                    // (today, while under way): FORMAT §7 v3.
                    Some(p) if !weekly || n == self.outcome_day(p) => {
                        match self.outcome(p, self.today) {
                            Outcome::Done(f) => {
                                if weekly || entry.is_some() {
                                    fraction = Some(f);
                                }
                                status_of(f)
                            }
                            Outcome::Skip => DayStatus::Skip,
                            Outcome::Pending => DayStatus::Pending,
                        }
                    }
                    _ if !weekly && entry == Some(EntryValue::Skip) => DayStatus::Skip,
                    _ => DayStatus::Unscheduled,
                }
            };
            if !weekly && fraction.is_none() {
                fraction = entry.and_then(|v| v.fraction(self.target));
            }
            out.push(Day::new(days.date(n), status, value, fraction));
        }
        out
    }
}

fn status_of(f: f64) -> DayStatus {
    if f >= 1.0 - EPS {
        DayStatus::Hit
    } else if f > 0.0 {
        DayStatus::Partial
    } else {
        DayStatus::Miss
    }
}

/// A practice's state from its 14-day completion (FORMAT §9): `on-track`
/// at 0.8 or more, `at-risk` at 0.5 or more, else `off-track`; `no-data`
/// when nothing is recorded yet or no period counts.
pub fn state(completion_14d: Option<f64>, has_entries: bool) -> State {
    match completion_14d {
        _ if !has_entries => State::NoData,
        None => State::NoData,
        Some(c) if rules::reaches(c, PRACTICE_ON_TRACK) => State::OnTrack,
        Some(c) if rules::reaches(c, PRACTICE_AT_RISK) => State::AtRisk,
        Some(_) => State::OffTrack,
    }
}

#[cfg(test)]
#[path = "practice_tests.rs"]
mod tests;
