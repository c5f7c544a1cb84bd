//! Small date helpers for reports: arithmetic that cannot panic, and the
//! short English forms a reader expects ("Nov 9–22", "Friday, November 20, 2026").

use crate::model::Date;
use jiff::Span;

/// `date` plus `days` (negative to go back); `None` outside jiff's range.
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(Span::new().try_days(days).ok()?).ok()
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(crate) fn month_name(date: Date) -> &'static str {
    MONTHS[usize::try_from(date.month() - 1).unwrap_or(0).min(11)]
}

pub(crate) fn month_short(date: Date) -> &'static str {
    &month_name(date)[..3]
}

pub(crate) fn weekday_name(date: Date) -> &'static str {
    match date.weekday().to_monday_zero_offset() {
        0 => "Monday",
        1 => "Tuesday",
        2 => "Wednesday",
        3 => "Thursday",
        4 => "Friday",
        5 => "Saturday",
        _ => "Sunday",
    }
}

/// "Nov 20".
pub fn short(date: Date) -> String {
    let mut out = String::with_capacity(6);
    push_short(&mut out, date);
    out
}

/// "Nov 20", appended (reports write thousands of them: no `format!`).
fn push_short(out: &mut String, date: Date) {
    out.push_str(month_short(date));
    out.push(' ');
    out.push_str(itoa::Buffer::new().format(date.day()));
}

/// "Fri Nov 20".
pub(crate) fn short_with_weekday(date: Date) -> String {
    let mut out = String::with_capacity(10);
    out.push_str(&weekday_name(date)[..3]);
    out.push(' ');
    push_short(&mut out, date);
    out
}

/// "Nov 20, 2026".
pub(crate) fn medium(date: Date) -> String {
    format!("{} {}, {}", month_short(date), date.day(), date.year())
}

/// "Friday, November 20, 2026".
pub(crate) fn long(date: Date) -> String {
    format!(
        "{}, {} {}, {}",
        weekday_name(date),
        month_name(date),
        date.day(),
        date.year()
    )
}

/// "Nov 9–22", "Nov 30–Dec 13", "Dec 21, 2026–Jan 1, 2027".
pub(crate) fn range(from: Date, to: Date) -> String {
    if from.year() != to.year() {
        format!("{}–{}", medium(from), medium(to))
    } else if from.month() == to.month() {
        format!("{} {}–{}", month_short(from), from.day(), to.day())
    } else {
        format!("{}–{}", short(from), short(to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn formats_and_counts() {
        assert_eq!(range(date(2026, 11, 9), date(2026, 11, 22)), "Nov 9–22");
        assert_eq!(
            range(date(2026, 11, 30), date(2026, 12, 13)),
            "Nov 30–Dec 13"
        );
        assert_eq!(
            range(date(2026, 12, 21), date(2027, 1, 1)),
            "Dec 21, 2026–Jan 1, 2027"
        );
        assert_eq!(long(date(2026, 11, 20)), "Friday, November 20, 2026");
        assert_eq!(short_with_weekday(date(2026, 11, 16)), "Mon Nov 16");
        assert_eq!(days_between(date(2026, 11, 9), date(2026, 11, 20)), 11);
        assert_eq!(add_days(date(2026, 11, 30), 2), Some(date(2026, 12, 2)));
        assert_eq!(add_days(date(9999, 12, 31), 1), None);
    }
}
