//! When "today" moves on. A report's "today" is the local date when it was
//! built (unless `goalpost.yml` or `--today` pins one), so a `watch` or
//! `serve` left running over a weekend would still say Friday on Monday
//! morning, until someone saved a file. The watch loop looks at the clock
//! at local midnight and rebuilds when the date has changed.

use std::time::Duration;

/// Where the loop reads the local date and time: the system clock, or a
/// test's.
pub trait Clock {
    fn now(&self) -> jiff::Zoned;
}

/// The computer's clock, in its time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Zoned {
        jiff::Zoned::now()
    }
}

/// The longest wait between two looks at the clock. A timer stands still
/// while the computer sleeps, and a clock can be set: waiting for
/// midnight in one go could wake up hours late.
pub(crate) const LONGEST_WAIT: Duration = Duration::from_secs(300);

/// How far past midnight to look, so that the date has surely changed.
const PAST_MIDNIGHT: Duration = Duration::from_millis(50);

/// How long to wait, from `now`, before looking at the date again: until
/// just after the next local midnight, and at most [`LONGEST_WAIT`].
pub(crate) fn wait_from(now: &jiff::Zoned) -> Duration {
    let midnight = now
        .date()
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned(now.time_zone().clone()).ok());
    let until = midnight
        .and_then(|m| now.duration_until(&m).try_into().ok())
        .unwrap_or(LONGEST_WAIT);
    (until + PAST_MIDNIGHT).min(LONGEST_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    /// `date`T`time` in `tz` (no time zone database needed).
    fn at(date_time: &str, tz: &TimeZone) -> jiff::Zoned {
        let civil: jiff::civil::DateTime = date_time.parse().expect("a date and time");
        civil.to_zoned(tz.clone()).expect("a time in the zone")
    }

    #[test]
    fn waits_until_just_past_midnight_and_never_long() {
        let new_york = TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").expect("a POSIX zone");
        let late = at("2026-11-20T23:59:30", &new_york);
        assert_eq!(wait_from(&late), Duration::from_millis(30_050));
        let morning = at("2026-11-20T10:00:00", &new_york);
        assert_eq!(wait_from(&morning), LONGEST_WAIT);
        let just_before = at(
            "2026-11-20T23:59:59.990",
            &TimeZone::fixed(jiff::tz::offset(1)),
        );
        assert_eq!(wait_from(&just_before), Duration::from_millis(60));
    }

    /// A day that does not start at 00:00 (where the clocks go forward at
    /// midnight) starts when the zone says it does.
    #[test]
    fn a_day_that_starts_at_one_oclock() {
        // Chile's rule: summer time from the first Saturday of September at
        // 24:00, so 2026-09-06 starts at 01:00.
        let santiago = TimeZone::posix("<-04>4<-03>,M9.1.6/24,M4.1.6/24").expect("a POSIX zone");
        let late = at("2026-09-05T23:59:00", &santiago);
        assert_eq!(
            late.date().tomorrow().ok(),
            Some(jiff::civil::date(2026, 9, 6))
        );
        assert_eq!(wait_from(&late), Duration::from_millis(60_050));
        assert_eq!(
            jiff::civil::date(2026, 9, 6)
                .to_zoned(santiago)
                .ok()
                .map(|z| z.time()),
            Some(jiff::civil::time(1, 0, 0, 0))
        );
    }
}
