//! Days as numbers, and which days are school days.
//!
//! Figures walk day by day, so dates become plain day numbers (days since
//! 1970-01-01) and the school calendar (year bounds and breaks) is looked up
//! once into a table around today, shared by every goal.

use crate::model::{Date, Goal, Settings};
use jiff::SignedDuration;

const EPOCH: Date = Date::constant(1970, 1, 1);

/// How far back figures and heat-maps go: a little over a school year.
pub const MAX_DAYS_BACK: i32 = 400;

/// The day number of `date`.
pub fn day_num(date: Date) -> i32 {
    let days = date.duration_since(EPOCH).as_secs().div_euclid(86_400);
    // Civil dates span about ±3.7 million days: this always fits.
    i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX })
}

/// The date of day number `n`.
pub fn date_of(n: i32) -> Date {
    EPOCH.saturating_add(SignedDuration::from_hours(i64::from(n) * 24))
}

/// 0 = Monday … 6 = Sunday.
pub fn weekday(n: i32) -> i32 {
    // 1970-01-01 was a Thursday.
    (n + 3).rem_euclid(7)
}

/// The Monday of `n`'s ISO week.
pub fn monday(n: i32) -> i32 {
    n - weekday(n)
}

/// A goal's own window, `start..=due`, either end optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub start: Option<i32>,
    pub due: Option<i32>,
}

impl Window {
    pub fn of(goal: &Goal) -> Window {
        Window {
            start: goal.start.map(day_num),
            due: goal.due.map(day_num),
        }
    }

    pub fn contains(&self, n: i32) -> bool {
        self.start.is_none_or(|s| s <= n) && self.due.is_none_or(|d| n <= d)
    }
}

/// The school calendar, looked up once for the days around today.
#[derive(Debug)]
pub struct SchoolDays<'a> {
    settings: &'a Settings,
    pub today: i32,
    first: i32,
    dates: Vec<Date>,
    in_break: Vec<bool>,
    /// `calendar.start..=calendar.end` as day numbers, when there is a calendar.
    year: Option<(i32, i32)>,
}

impl<'a> SchoolDays<'a> {
    pub fn new(settings: &'a Settings, today: Date) -> SchoolDays<'a> {
        let t = day_num(today);
        let first = t - MAX_DAYS_BACK - 7;
        let last = t + 7;
        let len = usize::try_from(last - first + 1).unwrap_or(0);
        let dates = (first..=last).map(date_of).collect();
        let mut in_break = vec![false; len];
        let year = settings
            .calendar
            .as_ref()
            .map(|c| (day_num(c.start), day_num(c.end)));
        if let Some(cal) = &settings.calendar {
            for b in &cal.breaks {
                let from = day_num(b.from).max(first);
                let to = day_num(b.to).min(last);
                for n in from..=to {
                    in_break[(n - first) as usize] = true;
                }
            }
        }
        SchoolDays {
            settings,
            today: t,
            first,
            dates,
            in_break,
            year,
        }
    }

    fn slot(&self, n: i32) -> Option<usize> {
        let i = usize::try_from(n - self.first).ok()?;
        (i < self.dates.len()).then_some(i)
    }

    pub fn date(&self, n: i32) -> Date {
        match self.slot(n) {
            Some(i) => self.dates[i],
            None => date_of(n),
        }
    }

    pub fn is_break(&self, n: i32) -> bool {
        match self.slot(n) {
            Some(i) => self.in_break[i],
            None => self.settings.break_on(date_of(n)).is_some(),
        }
    }

    /// Inside the school year (when one is set) and not in a break.
    pub fn is_open(&self, n: i32) -> bool {
        self.year.is_none_or(|(s, e)| s <= n && n <= e) && !self.is_break(n)
    }

    /// The first day of the school year, when there is a calendar.
    pub fn year_start(&self) -> Option<i32> {
        self.year.map(|(s, _)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{d, school_year};

    #[test]
    fn day_numbers_round_trip_and_know_weekdays() {
        assert_eq!(day_num(d("1970-01-01")), 0);
        assert_eq!(day_num(d("1969-12-31")), -1);
        for s in ["2026-11-20", "2024-02-29", "1900-03-01"] {
            assert_eq!(date_of(day_num(d(s))), d(s));
        }
        // 2026-11-16 is a Monday, 2026-11-22 a Sunday.
        assert_eq!(weekday(day_num(d("2026-11-16"))), 0);
        assert_eq!(weekday(day_num(d("2026-11-22"))), 6);
        assert_eq!(monday(day_num(d("2026-11-22"))), day_num(d("2026-11-16")));
        assert_eq!(day_num(d("2026-11-20")) - day_num(d("2026-11-01")), 19);
    }

    #[test]
    fn breaks_and_the_school_year_close_days() {
        let s = school_year(&[("2026-12-21", "2027-01-01")]);
        let days = SchoolDays::new(&s, d("2026-12-22"));
        let n = |x: &str| day_num(d(x));
        assert!(days.is_open(n("2026-12-18")));
        assert!(!days.is_open(n("2026-12-21")));
        assert!(days.is_break(n("2027-01-01")));
        assert!(days.is_open(n("2027-01-02")));
        assert!(!days.is_open(n("2026-08-30")));
        // Far outside the table: looked up directly.
        assert!(!days.is_open(n("2027-06-26")));
        assert!(days.is_open(n("2027-06-25")));
        assert_eq!(days.date(n("2030-01-01")), d("2030-01-01"));
    }
}
