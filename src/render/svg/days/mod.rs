//! Pictures of a practice's days: the year heat-map of its page and the
//! 14-day strip of its card. The days of each kind are one path, drawn
//! once, with a tooltip that counts them.

mod cells;
mod pen;

use super::*;
use crate::analysis::practice::WeekFigures;
use cells::{break_pattern, Area, Cells, Kind};

/// Words for a day cell.
pub(crate) fn day_label(status: DayStatus) -> &'static str {
    match status {
        DayStatus::Hit => "done",
        DayStatus::Partial => "partly done",
        DayStatus::Miss => "missed",
        DayStatus::Skip => "skipped (does not count)",
        DayStatus::Pending => "today, not recorded yet",
        DayStatus::Break => "school break",
        DayStatus::Unscheduled => "not scheduled",
    }
}

/// What a day holds, in words: "done (3 visits)", "missed", "skipped (does
/// not count)". A value recorded on a day that is not itself scheduled (a
/// weekly practice's Tuesday) counts toward its week.
pub(crate) fn day_description(day: &Day, unit: &str) -> String {
    match (day.status, day.value()) {
        (DayStatus::Skip, _) | (_, None) => day_label(day.status).to_string(),
        (DayStatus::Unscheduled, Some(v)) => {
            format!("{} recorded, counted toward its week", with_unit(v, unit))
        }
        (status, Some(v)) => format!("{} ({})", day_label(status), with_unit(v, unit)),
    }
}

/// A weekly practice's weeks, so that its squares speak of weeks: a week's
/// outcome is drawn on one of its days ([`Day`]), and its tooltip names the
/// week and what was recorded in it against the target.
#[derive(Clone, Copy)]
pub(crate) struct Weekly<'a> {
    /// Week by week, from analysis ([`WeekFigures::recorded`]).
    pub(crate) weeks: &'a [WeekFigures],
    pub(crate) target: f64,
}

impl Weekly<'_> {
    /// What was recorded in the week holding `date`.
    fn recorded(&self, date: Date) -> Option<f64> {
        let monday = monday_of(date);
        let k = self.weeks.partition_point(|w| w.monday < monday);
        self.weeks
            .get(k)
            .filter(|w| w.monday == monday)
            .and_then(|w| w.recorded)
    }
}

/// The Monday of `date`'s week.
fn monday_of(date: Date) -> Date {
    add_days(date, -i64::from(date.weekday().to_monday_zero_offset())).unwrap_or(date)
}

/// What a heat-map shows beyond a practice's days.
#[derive(Clone, Copy, Default)]
pub(crate) struct Year<'a> {
    /// The last day of the picture, with the days from today to it drawn as
    /// still ahead, and what they are ("in this school year").
    pub(crate) through: Option<(Date, &'a str)>,
    /// The school's breaks (the days ahead in a break are drawn as one).
    pub(crate) breaks: &'a [crate::model::Break],
    /// A weekly practice's weeks: its squares then count weeks.
    pub(crate) weekly: Option<Weekly<'a>>,
}

/// The corner radius of a day square.
pub(super) const R: f64 = 2.0;

/// The days in a sentence: "8 done, 1 missed, 5 on a break"; for a weekly
/// practice its weeks and then its days: "8 weeks done, 1 missed, 5 days
/// on a break, 83 other days".
fn summary(days: &[Day], weekly: bool) -> String {
    let count = |st: DayStatus| days.iter().filter(|d| d.status == st).count();
    let mut parts = Vec::new();
    let mut first_week = weekly;
    let mut first_day = weekly;
    for (st, word) in [
        (DayStatus::Hit, "done"),
        (DayStatus::Partial, "partly done"),
        (DayStatus::Miss, "missed"),
        (DayStatus::Skip, "skipped"),
        (DayStatus::Break, "on a break"),
        (DayStatus::Unscheduled, "not scheduled"),
    ] {
        let n = count(st);
        if n == 0 {
            continue;
        }
        let (noun, first) = if Kind::Day(st).is_week() {
            ("week", &mut first_week)
        } else {
            ("day", &mut first_day)
        };
        if weekly && st == DayStatus::Unscheduled {
            parts.push(format!("{n} other day{}", if n == 1 { "" } else { "s" }));
        } else if std::mem::take(first) {
            let s = if n == 1 { "" } else { "s" };
            parts.push(format!("{n} {noun}{s} {word}"));
        } else {
            parts.push(format!("{n} {word}"));
        }
    }
    if count(DayStatus::Pending) > 0 {
        parts.push(
            if weekly {
                "this week still under way"
            } else {
                "today not recorded yet"
            }
            .to_string(),
        );
    }
    parts.join(", ")
}

/// The heat-map's path unit: its 16px squares on a 20px pitch are 4 and 5.
pub(super) const HEAT_PX: f64 = 4.0;

#[cfg(test)]
/// A calendar heat-map of a practice's days: one column per week (Monday
/// on top), like a contribution graph, with month labels and a legend.
/// With `through` (the end of the school year), the weeks still ahead are
/// drawn as empty outlines so the picture is the whole year: a pattern of
/// them, in at most three rectangles, so a long year ahead costs no more
/// bytes than a short one (the breaks ahead are drawn on top).
///
/// The days of each kind are one path, with a tooltip that counts them
/// (and names them when there are few, as missed days usually are); the
/// picture's `<desc>` sums them all up. There is no tooltip per day: on a
/// year of days they were most of a goal page's bytes.
pub(crate) fn heatmap(
    id: &str,
    title: &str,
    days: &[Day],
    unit: &str,
    through: Option<Date>,
    breaks: &[crate::model::Break],
) -> String {
    heatmap_in(
        id,
        title,
        days,
        unit,
        Year {
            through: through.map(|t| (t, "in this school year")),
            breaks,
            weekly: None,
        },
    )
}

/// [`heatmap`], with what the days ahead are and, for a weekly practice,
/// its weeks: its squares then count and name weeks ("Partly done, 2
/// weeks: week of Nov 16 (2 of 3 visits), …").
pub(crate) fn heatmap_in(
    id: &str,
    title: &str,
    days: &[Day],
    unit: &str,
    year: Year<'_>,
) -> String {
    let Year {
        through,
        breaks,
        weekly,
    } = year;
    let (through, ahead_words) = match through {
        Some((t, words)) => (Some(t), words),
        None => (None, ""),
    };
    let id = esc(id);
    let pattern = format!("{id}-break");
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return format!(
            r##"<svg class="heatmap" viewBox="0 0 300 30" width="300" role="img" aria-labelledby="{id}-t" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12"><title id="{id}-t">{}: no days yet</title><text x="0" y="20" fill="{MUTED}">No days to show yet.</text></svg>"##,
            esc(title)
        );
    };
    let size = 16.0;
    let gap = 4.0;
    let left = 34.0;
    let top = 20.0;
    let week0 = add_days(
        first.date,
        -i64::from(first.date.weekday().to_monday_zero_offset()),
    )
    .unwrap_or(first.date);
    let through = through.filter(|t| *t > last.date && days_between(last.date, *t) <= 400);
    let end = through.unwrap_or(last.date);
    let weeks = (days_between(week0, end) / 7 + 1).max(1);
    let width = left + weeks as f64 * (size + gap) + 4.0;
    let grid_h = 7.0 * (size + gap);
    let legend_y = top + grid_h + 14.0;
    // The legend wraps to stay within a phone's width, so that none of it
    // is ever scrolled out of sight.
    let legend = legend_layout(left, legend_y, weekly.is_some());
    let legend_rows = legend
        .last()
        .map_or(1.0, |&(_, _, y, _)| (y - legend_y) / 18.0 + 1.0);
    let height = legend_y + 18.0 * legend_rows + 4.0;
    let width = width.max(LEGEND_WIDTH + left);
    // The days ahead are drawn by a pattern of day squares, in up to three
    // rectangles: the rest of the current week, the whole weeks after it,
    // and the year's last week if it ends mid-week.
    let area = through.map(|t| {
        let col = |d: Date| days_between(week0, d) / 7;
        let row = |d: Date| i64::from(d.weekday().to_monday_zero_offset());
        let (now, from) = (col(last.date), row(last.date) + 1);
        let (end_col, end_row) = (col(t), row(t));
        let mut runs = Vec::new();
        if from <= 6 {
            let to = if end_col == now { end_row } else { 6 };
            runs.push([now, from, 1, to - from + 1]);
        }
        let whole_to = if end_row == 6 { end_col } else { end_col - 1 };
        if whole_to > now {
            runs.push([now + 1, 0, whole_to - now, 7]);
        }
        if end_col > now && end_row < 6 {
            runs.push([end_col, 0, 1, end_row + 1]);
        }
        Area {
            x: left,
            y: top,
            size,
            pitch: size + gap,
            runs,
        }
    });
    let ahead = format!("{id}-ahead");
    let mut s = String::with_capacity(days.len() * 20 + 4096);
    let _ = write!(
        s,
        r##"<svg class="heatmap" viewBox="0 0 {:.0} {:.0}" width="{:.0}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11" stroke-linejoin="round"><title id="{id}-t">{}</title><desc id="{id}-d">{} to {}: {}.</desc><defs>{}{}</defs>"##,
        width,
        height,
        width,
        esc(title),
        esc(&dates::medium(first.date)),
        esc(&dates::medium(last.date)),
        esc(&summary(days, weekly.is_some())),
        break_pattern(&pattern, HEAT_PX),
        area.as_ref()
            .map_or(String::new(), |a| a.pattern(&ahead, HEAT_PX)),
    );
    // Weekday and month labels, in one group that gives their colour.
    let mut labels = String::new();
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        let _ = write!(
            labels,
            r##"<text x="0" y="{}">{name}</text>"##,
            P(top + row as f64 * (size + gap) + size - 2.0)
        );
    }
    let month_label = |labels: &mut String, x: f64, date: Date| {
        let _ = write!(
            labels,
            r##"<text x="{}" y="{}">{}</text>"##,
            P(x),
            P(top - 6.0),
            dates::month_short(date)
        );
    };
    let mut cells = Cells::new(&id, unit, &pattern, HEAT_PX);
    cells.area = area.map(|a| (a, ahead));
    cells.weekly = weekly;
    cells.ahead = format!("{} {ahead_words}", Kind::Ahead.words(false));
    // Days follow one another: each one's place is counted on from the
    // last one's (date arithmetic for each of a year's days is a large part
    // of a goal page's cost).
    let mut at: Option<(Date, i64)> = None;
    let mut place = |date: Date| {
        let offset = match at {
            Some((prev, offset)) if prev.tomorrow().ok() == Some(date) => offset + 1,
            _ => days_between(week0, date),
        };
        at = Some((date, offset));
        offset
    };
    for (i, day) in days.iter().enumerate() {
        let offset = place(day.date);
        let col = (offset / 7) as f64;
        let row = (offset % 7) as f64;
        let x = left + col * (size + gap);
        let y = top + row * (size + gap);
        // Label a month over the week holding its 1st (and the first week
        // when the year starts early in a month).
        if day.date.day() == 1 || (i == 0 && day.date.day() <= 14) {
            month_label(&mut labels, x, day.date);
        }
        cells.add(Kind::Day(day.status), x, y, size, Some(day));
        // A value recorded on a day that is not scheduled by itself (a
        // weekly practice's Tuesday) gets a dot: it counts toward its week.
        if day.status == DayStatus::Unscheduled && day.value().is_some_and(|v| v > 0.0) {
            cells.add_counted(x, y, size, day);
        }
    }
    // The rest of the year, still ahead.
    if let Some(t) = through {
        let mut next = last.date.tomorrow().ok();
        while let Some(date) = next.filter(|d| *d <= t) {
            next = date.tomorrow().ok();
            let offset = place(date);
            let x = left + (offset / 7) as f64 * (size + gap);
            let y = top + (offset % 7) as f64 * (size + gap);
            if date.day() == 1 {
                month_label(&mut labels, x, date);
            }
            let on_break = breaks.iter().any(|b| b.from <= date && date <= b.to);
            let kind = if on_break {
                Kind::Day(DayStatus::Break)
            } else {
                Kind::Ahead
            };
            cells.add_ahead(kind, x, y, size, date);
        }
    }
    // Legend: a sample square of each kind joins its kind's path.
    let mut legend_text = String::new();
    for (st, x, y, word) in legend {
        cells.add(Kind::Day(st), x, y, 12.0, None);
        let _ = write!(
            legend_text,
            r##"<text x="{}" y="{}">{word}</text>"##,
            P(x + 16.0),
            P(y + 10.0)
        );
    }
    // The breaks that fall in the picture, named in the break tooltip.
    let break_names: Vec<&str> = breaks
        .iter()
        .filter(|b| b.to >= first.date && b.from <= end)
        .map(|b| b.name.as_str())
        .collect();
    let _ = write!(s, r##"<g fill="{MUTED}">{labels}</g>"##);
    cells.finish(&mut s, &break_names);
    let _ = write!(s, r##"<g fill="{INK}">{legend_text}</g></svg>"##);
    s
}

/// How wide the heat-map's legend may run before it wraps: what a phone
/// shows of the heat-map without scrolling.
pub(super) const LEGEND_WIDTH: f64 = 300.0;

/// Where each of the heat-map legend's kinds of day goes: (kind, x, y, word),
/// in rows no wider than [`LEGEND_WIDTH`].
/// `weekly`: the words of a weekly practice's legend ("This week",
/// "Other days").
pub(super) fn legend_layout(
    left: f64,
    top: f64,
    weekly: bool,
) -> Vec<(DayStatus, f64, f64, &'static str)> {
    let mut out = Vec::new();
    let (mut x, mut y) = (left, top);
    for (st, word) in [
        (DayStatus::Hit, "Done"),
        (DayStatus::Partial, "Partly"),
        (DayStatus::Miss, "Missed"),
        (DayStatus::Skip, "Skipped"),
        (
            DayStatus::Pending,
            if weekly { "This week" } else { "Today" },
        ),
        (DayStatus::Break, "Break"),
        (
            DayStatus::Unscheduled,
            if weekly {
                "Other days"
            } else {
                "Not scheduled"
            },
        ),
    ] {
        let w = 16.0 + word.len() as f64 * 6.2;
        if x > left && x + w > left + LEGEND_WIDTH {
            x = left;
            y += 18.0;
        }
        out.push((st, x, y, word));
        x += w + 16.0;
    }
    out
}

/// The last `n` days as a strip of squares (the dashboard's 14-day view).
/// Like the heat-map, one path per kind of day; with so few days, each
/// kind's tooltip names its days (and a partly done day's value).
pub(crate) fn strip(id: &str, title: &str, days: &[Day], unit: &str) -> String {
    strip_in(id, title, days, unit, None)
}

/// [`strip`], for a weekly practice with its weeks: its squares then
/// count and name weeks, as on the heat-map.
pub(crate) fn strip_in(
    id: &str,
    title: &str,
    days: &[Day],
    unit: &str,
    weekly: Option<Weekly<'_>>,
) -> String {
    let id = esc(id);
    let pattern = format!("{id}-break");
    let size = 14.0;
    let gap = 3.0;
    let width = (days.len().max(1) as f64) * (size + gap) - gap + 2.0;
    let mut s = String::with_capacity(days.len() * 40 + 1024);
    let _ = write!(
        s,
        r##"<svg class="strip" viewBox="0 0 {width:.0} {h:.0}" width="{width:.0}" height="{h:.0}" role="img" aria-labelledby="{id}-t" xmlns="http://www.w3.org/2000/svg" stroke-linejoin="round"><title id="{id}-t">{}: {}</title>{}"##,
        esc(title),
        esc(&summary(days, weekly.is_some())),
        // Only a strip that shows a break needs its hatching.
        if days.iter().any(|d| d.status == DayStatus::Break) {
            format!("<defs>{}</defs>", break_pattern(&pattern, 1.0))
        } else {
            String::new()
        },
        h = size + 2.0
    );
    let mut cells = Cells::new(&id, unit, &pattern, 1.0);
    cells.weekly = weekly;
    for (i, day) in days.iter().enumerate() {
        let x = 1.0 + i as f64 * (size + gap);
        cells.add(Kind::Day(day.status), x, 1.0, size, Some(day));
    }
    cells.finish(&mut s, &[]);
    s.push_str("</svg>");
    s
}
