//! The calendar feeds as RFC 5545 text (`calendar.ics`,
//! `people/<person>.ics`): all-day events, CRLF line ends, lines folded at
//! 75 octets and text escaped by the `icalendar` crate. What the feeds
//! hold is decided in [`crate::analysis::feeds`].
//!
//! A feed is the same bytes for the same events on the same day: its
//! `DTSTAMP`s are the report's "today", not the clock.

use crate::analysis::feeds::{About, FeedEvent};
use crate::model::Date;
use icalendar::{Calendar, Component, Event, EventLike};

/// One feed: `name` is what a calendar app shows for it.
pub(crate) fn feed<'e>(
    name: &str,
    today: Date,
    events: impl IntoIterator<Item = &'e FeedEvent>,
) -> Vec<u8> {
    let stamp = format!(
        "{:04}{:02}{:02}T000000Z",
        today.year(),
        today.month(),
        today.day()
    );
    let mut cal = Calendar::new();
    cal.name(name);
    for e in events {
        let (Some(first), Some(after)) = (naive(e.first), naive(e.last).and_then(|d| d.succ_opt()))
        else {
            continue;
        };
        let (summary, description) = words(e);
        cal.push(
            Event::new()
                .uid(&e.uid)
                .add_property("DTSTAMP", &stamp)
                .summary(&summary)
                .description(&description)
                .starts(first)
                // All-day events end the day after their last day.
                .ends(after)
                .add_property("TRANSP", "TRANSPARENT")
                .done(),
        );
    }
    cal.done().to_string().into_bytes()
}

/// An event's summary (what a calendar shows) and description.
fn words(e: &FeedEvent) -> (String, String) {
    match &e.about {
        About::Cycle(_) => (
            e.title.clone(),
            format!("{}: {}.", e.title, super::dates::range(e.first, e.last)),
        ),
        About::Window(_) => (
            format!("Measured: {}", e.title),
            format!(
                "A measurement window of the progress goal “{}”: {}.",
                e.title,
                super::dates::range(e.first, e.last)
            ),
        ),
        About::Coaching(_) => (
            format!("Coaching cycle: {}", e.title),
            format!(
                "The coaching cycle “{}”: {}.",
                e.title,
                super::dates::range(e.first, e.last)
            ),
        ),
        About::Due(_) => (
            format!("Due: {}", e.title),
            format!(
                "The due date of the progress goal “{}”, {}.",
                e.title,
                super::dates::long(e.first)
            ),
        ),
    }
}

fn naive(d: Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(
        i32::from(d.year()),
        u32::try_from(d.month()).ok()?,
        u32::try_from(d.day()).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::feeds::About;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_feed_is_folded_escaped_all_day_and_stable() {
        let e = FeedEvent {
            uid: "due-x.0000abcd@goalpost".into(),
            title:
                "Reading, writing; and \\ arithmetic — a title long enough to be folded 漢字漢字"
                    .into(),
            first: date("2027-05-28"),
            last: date("2027-05-28"),
            owners: Vec::new(),
            about: About::Due("x".into()),
        };
        let bytes = feed("School", date("2026-11-20"), [&e]);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
            assert!(!line.contains('\n'));
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(
            "SUMMARY:Due: Reading\\, writing\\; and \\\\ arithmetic — a title long enough to be folded 漢字漢字\r\n"
        ));
        assert!(unfolded.contains("DESCRIPTION:The due date of the progress goal “Reading\\, "));
        assert!(unfolded.contains("DTSTART;VALUE=DATE:20270528\r\n"));
        assert!(unfolded.contains("DTEND;VALUE=DATE:20270529\r\n"));
        assert!(unfolded.contains("DTSTAMP:20261120T000000Z\r\n"));
        assert!(unfolded.contains("UID:due-x.0000abcd@goalpost\r\n"));
        assert_eq!(feed("School", date("2026-11-20"), [&e]), bytes);
    }
}
