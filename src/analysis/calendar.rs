//! Days as numbers, and which days are school days.
//!
//! Figures walk day by day, so dates become plain day numbers (days since
//! 1970-01-01) and the school calendar (year bounds and breaks) is looked up
//! once into a table around today, shared by every goal.

use crate::model::{Date, Goal, Settings};
use jiff::SignedDuration;

const EPOCH: Date = Date::constant(1970, 1, 1);

/// How far back figures and heat-maps go: a little over a school year.
pub(crate) const MAX_DAYS_BACK: i32 = 400;

/// The day number of `date`: Howard Hinnant's `days_from_civil`, a few
/// integer steps (figures ask it for every log entry of every practice).
pub(crate) fn day_num(date: Date) -> i32 {
    let (year, month, day) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    // Years start in March, so that February's leap day comes last.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // Civil dates span about ±3.7 million days: this always fits.
    era * 146_097 + day_of_era - 719_468
}

/// The date of day number `n`: Howard Hinnant's `civil_from_days`, the
/// inverse of [`day_num`] (a few integer steps: the school calendar's
/// table asks it for every day of more than a year). Days beyond what a
/// date can be are clamped to the first or last date.
pub(crate) fn date_of(n: i32) -> Date {
    if n <= day_num(Date::MIN) {
        return Date::MIN;
    }
    if n >= day_num(Date::MAX) {
        return Date::MAX;
    }
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i32::from(month <= 2);
    // In range by the clamps above, so always a valid date.
    Date::new(year as i16, month as i8, day as i8)
        .unwrap_or_else(|_| EPOCH.saturating_add(SignedDuration::from_hours(i64::from(n) * 24)))
}

/// 0 = Monday … 6 = Sunday.
pub(crate) fn weekday(n: i32) -> i32 {
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
    pub(crate) start: Option<i32>,
    pub(crate) due: Option<i32>,
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
    pub(crate) today: i32,
    first: i32,
    dates: Vec<Date>,
    in_break: Vec<bool>,
    /// `calendar.start..=calendar.end` as day numbers, when there is a calendar.
    year: Option<(i32, i32)>,
    /// For each weekday (0 = Monday), how many open days of that weekday
    /// the table has before each slot: [`SchoolDays::count_open`] reads
    /// two of them instead of walking the days (every progress goal asks
    /// it for the school days left until its due date).
    open_before: [Vec<u32>; 7],
}

/// How far past today the table reaches at most: a school year's end
/// beyond this is walked to day by day.
const MAX_DAYS_AHEAD: i32 = 800;

impl<'a> SchoolDays<'a> {
    pub fn new(settings: &'a Settings, today: Date) -> SchoolDays<'a> {
        let t = day_num(today);
        let first = t - MAX_DAYS_BACK - 7;
        let year = settings
            .calendar
            .as_ref()
            .map(|c| (day_num(c.start), day_num(c.end)));
        // Up to the school year's end, so that counting the school days
        // left until a due date needs no day outside the table.
        let last = (t + 7).max(year.map_or(t, |(_, end)| end.min(t + MAX_DAYS_AHEAD)));
        let len = usize::try_from(last - first + 1).unwrap_or(0);
        let dates = (first..=last).map(date_of).collect();
        let mut in_break = vec![false; len];
        if let Some(cal) = &settings.calendar {
            for b in &cal.breaks {
                let from = day_num(b.from).max(first);
                let to = day_num(b.to).min(last);
                for n in from..=to {
                    in_break[(n - first) as usize] = true;
                }
            }
        }
        let open =
            |n: i32| year.is_none_or(|(s, e)| s <= n && n <= e) && !in_break[(n - first) as usize];
        let mut open_before: [Vec<u32>; 7] = Default::default();
        for (w, counts) in open_before.iter_mut().enumerate() {
            counts.reserve(len + 1);
            let mut seen = 0;
            counts.push(0);
            for n in first..=last {
                if weekday(n) as usize == w && open(n) {
                    seen += 1;
                }
                counts.push(seen);
            }
        }
        SchoolDays {
            settings,
            today: t,
            first,
            dates,
            in_break,
            year,
            open_before,
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

    pub(crate) fn is_break(&self, n: i32) -> bool {
        match self.slot(n) {
            Some(i) => self.in_break[i],
            None => self.settings.break_on(date_of(n)).is_some(),
        }
    }

    /// Inside the school year (when one is set) and not in a break.
    pub(crate) fn is_open(&self, n: i32) -> bool {
        self.year.is_none_or(|(s, e)| s <= n && n <= e) && !self.is_break(n)
    }

    /// The first day of the school year, when there is a calendar.
    pub(crate) fn year_start(&self) -> Option<i32> {
        self.year.map(|(s, _)| s)
    }

    /// The last day of the school year, when there is a calendar.
    pub(crate) fn year_end(&self) -> Option<i32> {
        self.year.map(|(_, e)| e)
    }

    /// How many days of `from..=to` are open and pass `keep` (a test of
    /// the weekday, 0 = Monday). Inside the table (which reaches the
    /// school year's end) it is read from the counts per weekday. Outside
    /// it, without a calendar every day is open, and the count takes a few
    /// steps however far apart the days are; with one, no day after the
    /// school year's end is open, so the walk stops there.
    pub(crate) fn count_open(&self, from: i32, to: i32, keep: impl Fn(i32) -> bool) -> u32 {
        let to = self.year.map_or(to, |(_, end)| to.min(end));
        if to < from {
            return 0;
        }
        let count = |a: i32, b: i32| (a..=b).filter(|&n| keep(weekday(n))).count();
        if let (Some(a), Some(b)) = (self.slot(from), self.slot(to)) {
            let n: u32 = (0..7)
                .filter(|&w| keep(w))
                .map(|w| {
                    let counts = &self.open_before[w as usize];
                    counts[b + 1] - counts[a]
                })
                .sum();
            return n;
        }
        let n = if self.year.is_none() {
            // Whole weeks, then the days left over.
            let weeks = (to - from + 1) / 7;
            let whole = (0..7).filter(|&w| keep(w)).count() * weeks as usize;
            whole + count(from + weeks * 7, to)
        } else {
            (from..=to)
                .filter(|&n| keep(weekday(n)) && self.is_open(n))
                .count()
        };
        u32::try_from(n).unwrap_or(u32::MAX)
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
        // The same as counting whole days from the epoch, over four centuries
        // (every leap-year rule) and the edges of what a date can be.
        let by_duration = |date: Date| date.duration_since(EPOCH).as_secs().div_euclid(86_400);
        let mut date = d("1899-12-25");
        while date < d("2300-01-05") {
            assert_eq!(i64::from(day_num(date)), by_duration(date), "{date}");
            assert_eq!(date_of(day_num(date)), date);
            date = date.tomorrow().expect("a later date");
        }
        for edge in [Date::MIN, Date::MAX] {
            assert_eq!(i64::from(day_num(edge)), by_duration(edge), "{edge}");
            assert_eq!(date_of(day_num(edge)), edge);
        }
        // Past what a date can be: the first or last date.
        assert_eq!(date_of(i32::MIN), Date::MIN);
        assert_eq!(date_of(i32::MAX), Date::MAX);
        assert_eq!(date_of(day_num(Date::MAX) + 1), Date::MAX);
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
        // Weekdays from Fri Dec 18: 18, (break 21–Jan 1), Jan 4–8.
        let weekdays = |w: i32| w < 5;
        assert_eq!(
            days.count_open(n("2026-12-18"), n("2027-01-08"), weekdays),
            6
        );
        // After the year's end nothing is open, however far.
        assert_eq!(
            days.count_open(n("2027-06-28"), n("9999-12-31"), weekdays),
            0
        );
    }

    #[test]
    fn without_a_calendar_every_weekday_counts_quickly() {
        let s = Settings::default();
        let days = SchoolDays::new(&s, d("2026-11-20"));
        let n = |x: &str| day_num(d(x));
        let weekdays = |w: i32| w < 5;
        // Sat Nov 21 – Fri Dec 4: two weeks.
        assert_eq!(
            days.count_open(n("2026-11-21"), n("2026-12-04"), weekdays),
            10
        );
        assert_eq!(
            days.count_open(n("2026-11-21"), n("2026-11-22"), weekdays),
            0
        );
        assert_eq!(
            days.count_open(n("2026-11-21"), n("2026-11-22"), |_| true),
            2
        );
        // Thousands of years in a few steps: 5 of every 7 days.
        let far = days.count_open(n("2026-11-23"), n("9999-12-31"), weekdays);
        let span = n("9999-12-31") - n("2026-11-23") + 1;
        assert!(
            (i64::from(far) - i64::from(span) * 5 / 7).abs() <= 5,
            "{far}"
        );
    }

    /// The counts read from the table are those of a walk day by day, for
    /// spans inside it, across its edges and past the school year, with
    /// and without a calendar.
    #[test]
    fn counts_from_the_table_are_those_of_a_walk() {
        let with_breaks =
            school_year(&[("2026-12-21", "2027-01-01"), ("2027-04-05", "2027-04-09")]);
        let none = Settings::default();
        let keeps: [fn(i32) -> bool; 3] = [|w| w < 5, |_| true, |w| w == 2];
        for (settings, today) in [
            (&with_breaks, "2026-12-22"),
            (&with_breaks, "2026-09-03"),
            (&with_breaks, "2027-08-01"),
            (&none, "2026-11-20"),
        ] {
            let days = SchoolDays::new(settings, d(today));
            let t = days.today;
            let walk = |from: i32, to: i32, keep: fn(i32) -> bool| {
                let to = days.year.map_or(to, |(_, end)| to.min(end));
                let n = (from..=to).filter(|&n| keep(weekday(n)) && days.is_open(n));
                u32::try_from(n.count()).unwrap()
            };
            let edges = [
                t - 420,
                t - 407,
                t - 30,
                t - 1,
                t,
                t + 1,
                t + 6,
                t + 8,
                t + 200,
                t + 900,
            ];
            for &from in &edges {
                for &to in &edges {
                    for keep in keeps {
                        assert_eq!(
                            days.count_open(from, to, keep),
                            walk(from, to, keep),
                            "{today}: {from}..={to}"
                        );
                    }
                }
            }
        }
    }
}
