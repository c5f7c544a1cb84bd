//! Inline SVG pictures: the progress chart, the practice heat-map, the
//! 14-day strip and the progress bar. Pure functions returning markup; no
//! script, every picture has a text alternative (`<title>`, `<desc>`), and
//! colours are paired with shape or position so state never rests on colour.

use super::dates::{self, add_days, days_between};
use crate::analysis::{Day, DayStatus};
use crate::model::Date;
use std::fmt::Write as _;

/// Escapes text for SVG/HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number the way a report shows it: no trailing `.0`, at most one decimal.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let rounded = (value * 10.0).round() / 10.0;
    if (rounded - rounded.round()).abs() < 1e-9 {
        format!("{}", rounded.round() as i64)
    } else {
        F1(rounded).to_string()
    }
}

/// "71%" for 0.71.
pub fn pct(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".to_string();
    }
    format!("{}%", (fraction * 100.0).round() as i64)
}

fn f(x: f64) -> String {
    F1(x).to_string()
}

/// A coordinate with one decimal, formatted with integer arithmetic (the
/// standard library's exact float formatting is slow, and a heat-map has
/// thousands of cells).
#[derive(Clone, Copy)]
struct F1(f64);

impl std::fmt::Display for F1 {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if !tenths.is_finite() || tenths.abs() > 1e15 {
            return write!(out, "{:.1}", self.0);
        }
        let t = tenths as i64;
        let sign = if t < 0 { "-" } else { "" };
        write!(out, "{sign}{}.{}", t.abs() / 10, t.abs() % 10)
    }
}

// Colours, chosen for contrast on white (text colours ≥ 4.5:1).
pub const INK: &str = "#1f2933";
pub const MUTED: &str = "#52606d";
pub const GRID: &str = "#d9dee4";
pub const HIT: &str = "#2f7d4f";
pub const PARTIAL: &str = "#9fd3ae";
pub const MISS: &str = "#f2c4bd";
pub const MISS_EDGE: &str = "#b4473a";
pub const SKIP: &str = "#cfd5dc";
pub const BREAK: &str = "#dbe6f5";
pub const BREAK_STRIPE: &str = "#8aa9d6";
pub const UNSCHEDULED: &str = "#f3f4f6";
pub const LINE: &str = "#2456a6";

/// What a progress chart shows.
#[derive(Debug, Clone)]
pub struct ChartInput<'a> {
    /// Unique within the page (used for element ids).
    pub id: &'a str,
    pub title: &'a str,
    pub unit: &'a str,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub today: Date,
    /// (date, value), oldest first.
    pub points: &'a [(Date, f64)],
}

const CW: f64 = 640.0;
const CH: f64 = 280.0;
const ML: f64 = 52.0;
const MR: f64 = 84.0;
const MT: f64 = 20.0;
const MB: f64 = 40.0;

/// A value with its unit: `3 visits`, `71%`, `4`.
pub fn with_unit(value: f64, unit: &str) -> String {
    match unit {
        "" => num(value),
        "%" => format!("{}%", num(value)),
        u => format!("{} {u}", num(value)),
    }
}

/// Measurements against the straight expected-pace line from baseline at
/// `start` to target at `due`, with a today marker.
pub fn progress_chart(input: &ChartInput<'_>) -> String {
    let id = esc(input.id);
    let mut desc = String::new();
    let unit = input.unit;
    if let (Some(b), Some(s)) = (input.baseline, input.start) {
        let _ = write!(
            desc,
            "Baseline {} on {}. ",
            with_unit(b, unit),
            dates::medium(s)
        );
    }
    if let (Some(t), Some(d)) = (input.target, input.due) {
        let _ = write!(
            desc,
            "Target {} by {}. ",
            with_unit(t, unit),
            dates::medium(d)
        );
    }
    match input.points.last() {
        Some((d, v)) => {
            let _ = write!(
                desc,
                "{} measurement{}; latest {} on {}. ",
                input.points.len(),
                if input.points.len() == 1 { "" } else { "s" },
                with_unit(*v, unit),
                dates::medium(*d)
            );
        }
        None => desc.push_str("No measurements yet. "),
    }
    let expected_today = expected_value(input, input.today);
    if let Some(e) = expected_today {
        let _ = write!(
            desc,
            "At the expected pace it would be {} today.",
            with_unit(e, unit)
        );
    }

    // Time domain.
    let first_point = input.points.first().map(|p| p.0);
    let last_point = input.points.last().map(|p| p.0);
    let x0 = [input.start, first_point].into_iter().flatten().min();
    let x1 = [input.due, last_point, Some(input.today)]
        .into_iter()
        .flatten()
        .max();
    let (Some(x0), Some(x1)) = (x0, x1) else {
        return empty_chart(&id, input.title, &desc);
    };
    let span_days = days_between(x0, x1).max(1) as f64;
    // Value domain.
    let mut values: Vec<f64> = input.points.iter().map(|p| p.1).collect();
    values.extend(input.baseline);
    values.extend(input.target);
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return empty_chart(&id, input.title, &desc);
    }
    let pad = ((hi - lo) * 0.15).max(if hi == lo { 1.0 } else { 0.0 });
    let (y_lo, y_hi) = nice_bounds(lo - pad, hi + pad);
    let plot_w = CW - ML - MR;
    let plot_h = CH - MT - MB;
    let sx = |d: Date| ML + plot_w * (days_between(x0, d) as f64 / span_days);
    let sy = |v: f64| MT + plot_h * (1.0 - (v - y_lo) / (y_hi - y_lo));

    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        r##"<svg class="chart" viewBox="0 0 {CW} {CH}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"##,
        esc(input.title),
        esc(desc.trim())
    );
    // Horizontal grid and y labels.
    for v in ticks(y_lo, y_hi) {
        let y = sy(v);
        let _ = write!(
            s,
            r##"<line x1="{}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="{GRID}" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end" fill="{MUTED}">{}</text>"##,
            f(ML),
            f(CW - MR),
            f(ML - 6.0),
            y + 4.0,
            esc(&with_unit(v, if unit == "%" { "%" } else { "" }))
        );
    }
    // Month labels on the x axis.
    let mut month = Date::new(x0.year(), x0.month(), 1).ok();
    let mut guard = 0;
    while let Some(m) = month {
        guard += 1;
        if m > x1 || guard > 400 {
            break;
        }
        if m >= x0 {
            let x = sx(m);
            let label = if m.month() == 1 || guard == 1 {
                format!("{} {}", dates::month_short(m), m.year())
            } else {
                dates::month_short(m).to_string()
            };
            let _ = write!(
                s,
                r##"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{}" stroke="{GRID}"/><text x="{x:.1}" y="{}" text-anchor="middle" fill="{MUTED}">{}</text>"##,
                f(CH - MB),
                f(CH - MB + 5.0),
                f(CH - MB + 18.0),
                esc(&label)
            );
        }
        month = add_days(m, 32).and_then(|d| Date::new(d.year(), d.month(), 1).ok());
    }
    // Axes.
    let _ = write!(
        s,
        r##"<line x1="{ml}" y1="{b}" x2="{r}" y2="{b}" stroke="{MUTED}"/><line x1="{ml}" y1="{t}" x2="{ml}" y2="{b}" stroke="{MUTED}"/>"##,
        ml = f(ML),
        b = f(CH - MB),
        r = f(CW - MR),
        t = f(MT)
    );
    // Target line.
    if let Some(t) = input.target {
        let y = sy(t);
        let _ = write!(
            s,
            r##"<line class="target" x1="{}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="{HIT}" stroke-width="1.5" stroke-dasharray="2 3"/><text x="{}" y="{:.1}" fill="{HIT}" font-weight="600">Target {}</text>"##,
            f(ML),
            f(CW - MR),
            f(CW - MR + 4.0),
            y + 4.0,
            esc(&num(t))
        );
    }
    // Expected pace line.
    if let (Some(b), Some(t), Some(st), Some(du)) =
        (input.baseline, input.target, input.start, input.due)
    {
        let _ = write!(
            s,
            r##"<line class="pace" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="6 4"><title>Expected pace: {} on {} to {} by {}</title></line>"##,
            sx(st),
            sy(b),
            sx(du),
            sy(t),
            esc(&with_unit(b, unit)),
            esc(&dates::short(st)),
            esc(&with_unit(t, unit)),
            esc(&dates::short(du))
        );
    }
    // Today marker.
    let tx = sx(input.today);
    let _ = write!(
        s,
        r##"<g class="today"><line x1="{tx:.1}" y1="{}" x2="{tx:.1}" y2="{}" stroke="{INK}" stroke-width="1"/><text x="{tx:.1}" y="{}" text-anchor="middle" fill="{INK}" font-weight="600">Today</text></g>"##,
        f(MT),
        f(CH - MB),
        f(MT - 6.0)
    );
    // Series.
    if !input.points.is_empty() {
        let pts: Vec<String> = input
            .points
            .iter()
            .map(|(d, v)| format!("{:.1},{:.1}", sx(*d), sy(*v)))
            .collect();
        let _ = write!(
            s,
            r##"<polyline class="series" points="{}" fill="none" stroke="{LINE}" stroke-width="2.5" stroke-linejoin="round"/>"##,
            pts.join(" ")
        );
        for (d, v) in input.points {
            let _ = write!(
                s,
                r##"<circle class="point" cx="{:.1}" cy="{:.1}" r="4.5" fill="{LINE}" stroke="#fff" stroke-width="1.5"><title>{}: {}</title></circle>"##,
                sx(*d),
                sy(*v),
                esc(&dates::medium(*d)),
                esc(&with_unit(*v, unit))
            );
        }
    }
    // Legend.
    let ly = CH - 8.0;
    let _ = write!(
        s,
        r##"<g class="legend" fill="{INK}"><line x1="{a}" y1="{l}" x2="{b}" y2="{l}" stroke="{LINE}" stroke-width="2.5"/><circle cx="{c}" cy="{l}" r="3.5" fill="{LINE}"/><text x="{d}" y="{ty}">Measured</text><line x1="{e}" y1="{l}" x2="{g}" y2="{l}" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="{h}" y="{ty}">Expected pace</text></g>"##,
        a = f(ML),
        b = f(ML + 22.0),
        c = f(ML + 11.0),
        d = f(ML + 28.0),
        e = f(ML + 110.0),
        g = f(ML + 132.0),
        h = f(ML + 138.0),
        l = f(ly - 4.0),
        ty = f(ly),
    );
    s.push_str("</svg>");
    s
}

fn expected_value(input: &ChartInput<'_>, day: Date) -> Option<f64> {
    let (b, t, st, du) = (input.baseline?, input.target?, input.start?, input.due?);
    let total = days_between(st, du);
    if total <= 0 {
        return None;
    }
    let share = (days_between(st, day) as f64 / total as f64).clamp(0.0, 1.0);
    Some(b + (t - b) * share)
}

fn empty_chart(id: &str, title: &str, desc: &str) -> String {
    format!(
        r##"<svg class="chart" viewBox="0 0 {CW} 80" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="14"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><rect x="0.5" y="0.5" width="{}" height="79" fill="#fff" stroke="{GRID}"/><text x="{}" y="45" text-anchor="middle" fill="{MUTED}">No chart yet: this goal needs a start, a due date and a measurement.</text></svg>"##,
        esc(title),
        esc(desc.trim()),
        CW - 1.0,
        CW / 2.0
    )
}

fn nice_step(range: f64) -> f64 {
    let raw = (range / 5.0).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let step = if norm < 1.5 {
        1.0
    } else if norm < 3.0 {
        2.0
    } else if norm < 7.0 {
        5.0
    } else {
        10.0
    };
    step * mag
}

fn nice_bounds(lo: f64, hi: f64) -> (f64, f64) {
    let step = nice_step(hi - lo);
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    if hi <= lo {
        (lo, lo + step)
    } else {
        (lo, hi)
    }
}

fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let step = nice_step(hi - lo);
    let mut out = Vec::new();
    let mut v = (lo / step).ceil() * step;
    while v <= hi + step * 1e-6 && out.len() < 20 {
        out.push(v);
        v += step;
    }
    out
}

/// Words for a day cell.
pub fn day_label(status: DayStatus) -> &'static str {
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
pub fn day_description(day: &Day, unit: &str) -> String {
    match (day.status, day.value) {
        (DayStatus::Skip, _) | (_, None) => day_label(day.status).to_string(),
        (DayStatus::Unscheduled, Some(v)) => {
            format!("{} recorded, counted toward its week", with_unit(v, unit))
        }
        (status, Some(v)) => format!("{} ({})", day_label(status), with_unit(v, unit)),
    }
}

fn day_title(day: &Day, unit: &str) -> String {
    format!(
        "{}: {}",
        dates::short_with_weekday(day.date),
        day_description(day, unit)
    )
}

/// One day square. `x`,`y` top-left, `size` side.
fn cell(s: &mut String, x: f64, y: f64, size: f64, status: DayStatus, title: &str, pattern: &str) {
    let t = esc(title);
    let (fill, extra) = match status {
        DayStatus::Hit => (HIT.to_string(), String::new()),
        DayStatus::Partial => (PARTIAL.to_string(), format!(r##" stroke="{HIT}""##)),
        DayStatus::Miss => (MISS.to_string(), format!(r##" stroke="{MISS_EDGE}""##)),
        DayStatus::Skip => (SKIP.to_string(), String::new()),
        DayStatus::Pending => (
            "#fff".to_string(),
            format!(r##" stroke="{INK}" stroke-dasharray="2 2""##),
        ),
        DayStatus::Break => (format!("url(#{pattern})"), String::new()),
        DayStatus::Unscheduled => (UNSCHEDULED.to_string(), format!(r##" stroke="{GRID}""##)),
    };
    let class = status.as_str();
    let _ = write!(
        s,
        r##"<rect class="day {class}" x="{}" y="{}" width="{}" height="{}" rx="2" fill="{fill}"{extra}><title>{t}</title></rect>"##,
        F1(x),
        F1(y),
        F1(size),
        F1(size)
    );
    // A shape on top, so the state does not rest on colour alone.
    match status {
        DayStatus::Miss => {
            let a = size * 0.28;
            let _ = write!(
                s,
                r##"<path d="M{} {}L{} {}M{} {}L{} {}" stroke="{MISS_EDGE}" stroke-width="1.4" aria-hidden="true"/>"##,
                F1(x + a),
                F1(y + a),
                F1(x + size - a),
                F1(y + size - a),
                F1(x + size - a),
                F1(y + a),
                F1(x + a),
                F1(y + size - a)
            );
        }
        DayStatus::Skip => {
            let _ = write!(
                s,
                r##"<path d="M{} {}H{}" stroke="{MUTED}" stroke-width="1.4" aria-hidden="true"/>"##,
                F1(x + size * 0.25),
                F1(y + size / 2.0),
                F1(x + size * 0.75)
            );
        }
        _ => {}
    }
}

fn break_pattern(id: &str) -> String {
    format!(
        r##"<defs><pattern id="{id}" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="{BREAK}"/><line x1="0" y1="0" x2="0" y2="4" stroke="{BREAK_STRIPE}" stroke-width="1.5"/></pattern></defs>"##
    )
}

fn summary(days: &[Day]) -> String {
    let count = |st: DayStatus| days.iter().filter(|d| d.status == st).count();
    let mut parts = Vec::new();
    for (st, word) in [
        (DayStatus::Hit, "done"),
        (DayStatus::Partial, "partly done"),
        (DayStatus::Miss, "missed"),
        (DayStatus::Skip, "skipped"),
        (DayStatus::Break, "on a break"),
        (DayStatus::Unscheduled, "not scheduled"),
    ] {
        let n = count(st);
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    if count(DayStatus::Pending) > 0 {
        parts.push("today not recorded yet".to_string());
    }
    parts.join(", ")
}

/// A calendar heat-map of a practice's days: one column per week (Monday
/// on top), like a contribution graph, with month labels and a legend.
/// With `through` (the end of the school year), the weeks still ahead are
/// drawn as empty outlines so the picture is the whole year.
pub fn heatmap(
    id: &str,
    title: &str,
    days: &[Day],
    unit: &str,
    through: Option<Date>,
    breaks: &[crate::model::Break],
) -> String {
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
    let height = legend_y + 22.0;
    let width = width.max(560.0);
    let mut s = String::with_capacity(days.len() * 160 + 2048);
    let _ = write!(
        s,
        r##"<svg class="heatmap" viewBox="0 0 {:.0} {:.0}" width="{:.0}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11"><title id="{id}-t">{}</title><desc id="{id}-d">{} to {}: {}.</desc>{}"##,
        width,
        height,
        width,
        esc(title),
        esc(&dates::medium(first.date)),
        esc(&dates::medium(last.date)),
        esc(&summary(days)),
        break_pattern(&pattern)
    );
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        let _ = write!(
            s,
            r##"<text x="0" y="{:.1}" fill="{MUTED}">{name}</text>"##,
            top + row as f64 * (size + gap) + size - 2.0
        );
    }
    for (i, day) in days.iter().enumerate() {
        let offset = days_between(week0, day.date);
        let col = (offset / 7) as f64;
        let row = f64::from(day.date.weekday().to_monday_zero_offset());
        let x = left + col * (size + gap);
        let y = top + row * (size + gap);
        // Label a month over the week holding its 1st (and the first week
        // when the year starts early in a month).
        if day.date.day() == 1 || (i == 0 && day.date.day() <= 14) {
            let _ = write!(
                s,
                r##"<text x="{x:.1}" y="{:.1}" fill="{MUTED}">{}</text>"##,
                top - 6.0,
                dates::month_short(day.date)
            );
        }
        cell(
            &mut s,
            x,
            y,
            size,
            day.status,
            &day_title(day, unit),
            &pattern,
        );
        // A value recorded on a day that is not scheduled by itself (a
        // weekly practice's Tuesday) gets a dot: it counts toward its week.
        if day.status == DayStatus::Unscheduled && day.value.is_some_and(|v| v > 0.0) {
            let _ = write!(
                s,
                r##"<circle class="counted" cx="{}" cy="{}" r="{}" fill="{HIT}" aria-hidden="true"/>"##,
                F1(x + size / 2.0),
                F1(y + size / 2.0),
                F1(size * 0.22)
            );
        }
    }
    // The rest of the year, still ahead.
    if let Some(t) = through {
        let mut k = 1;
        while let Some(date) = add_days(last.date, k) {
            if date > t {
                break;
            }
            let offset = days_between(week0, date);
            let x = left + (offset / 7) as f64 * (size + gap);
            let y = top + f64::from(date.weekday().to_monday_zero_offset()) * (size + gap);
            if date.day() == 1 {
                let _ = write!(
                    s,
                    r##"<text x="{x:.1}" y="{:.1}" fill="{MUTED}">{}</text>"##,
                    top - 6.0,
                    dates::month_short(date)
                );
            }
            if let Some(b) = breaks.iter().find(|b| b.from <= date && date <= b.to) {
                let title = format!("{}: {}", dates::short_with_weekday(date), b.name);
                cell(&mut s, x, y, size, DayStatus::Break, &title, &pattern);
            } else {
                let _ = write!(
                    s,
                    r##"<rect class="day ahead" x="{}" y="{}" width="{}" height="{}" rx="2" fill="#fff" stroke="{GRID}"/>"##,
                    F1(x),
                    F1(y),
                    F1(size),
                    F1(size)
                );
            }
            k += 1;
        }
    }
    // Legend.
    let mut x = left;
    for st in [
        DayStatus::Hit,
        DayStatus::Partial,
        DayStatus::Miss,
        DayStatus::Skip,
        DayStatus::Pending,
        DayStatus::Break,
        DayStatus::Unscheduled,
    ] {
        let word = match st {
            DayStatus::Hit => "Done",
            DayStatus::Partial => "Partly",
            DayStatus::Miss => "Missed",
            DayStatus::Skip => "Skipped",
            DayStatus::Pending => "Today",
            DayStatus::Break => "Break",
            DayStatus::Unscheduled => "Not scheduled",
        };
        cell(&mut s, x, legend_y, 12.0, st, word, &pattern);
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" fill="{INK}">{word}</text>"##,
            x + 16.0,
            legend_y + 10.0
        );
        x += 16.0 + word.len() as f64 * 6.2 + 16.0;
    }
    s.push_str("</svg>");
    s
}

/// The last `n` days as a strip of squares (the dashboard's 14-day view).
pub fn strip(id: &str, title: &str, days: &[Day], unit: &str) -> String {
    let id = esc(id);
    let pattern = format!("{id}-break");
    let size = 14.0;
    let gap = 3.0;
    let width = (days.len().max(1) as f64) * (size + gap) - gap + 2.0;
    let mut s = String::with_capacity(days.len() * 200 + 512);
    let _ = write!(
        s,
        r##"<svg class="strip" viewBox="0 0 {width:.0} {h:.0}" width="{width:.0}" height="{h:.0}" role="img" aria-labelledby="{id}-t" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}: {}</title>{}"##,
        esc(title),
        esc(&summary(days)),
        break_pattern(&pattern),
        h = size + 2.0
    );
    for (i, day) in days.iter().enumerate() {
        let x = 1.0 + i as f64 * (size + gap);
        cell(
            &mut s,
            x,
            1.0,
            size,
            day.status,
            &day_title(day, unit),
            &pattern,
        );
    }
    s.push_str("</svg>");
    s
}

/// A horizontal progress bar; `fraction` is clamped to 0–1, `expected` is
/// drawn as a tick with a small triangle above it. `color` fills the bar.
pub fn progress_bar(
    fraction: Option<f64>,
    expected: Option<f64>,
    color: &str,
    label: &str,
) -> String {
    let w = 220.0;
    let h = 22.0;
    let bar_y = 7.0;
    let bar_h = 10.0;
    let mut s = String::with_capacity(768);
    let _ = write!(
        s,
        r##"<svg class="bar" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title><rect x="0.5" y="{bar_y}" width="{}" height="{bar_h}" rx="3" fill="#eef1f4" stroke="#b7c0ca"/>"##,
        esc(label),
        esc(label),
        w - 1.0
    );
    if let Some(fr) = fraction.filter(|x| x.is_finite()) {
        let fw = (w - 1.0) * fr.clamp(0.0, 1.0);
        if fw > 0.0 {
            let _ = write!(
                s,
                r##"<rect class="fill" x="0.5" y="{bar_y}" width="{fw:.1}" height="{bar_h}" rx="3" fill="{}"/>"##,
                esc(color)
            );
        }
    }
    if let Some(ex) = expected.filter(|x| x.is_finite()) {
        let x = 0.5 + (w - 1.0) * ex.clamp(0.0, 1.0);
        let _ = write!(
            s,
            r##"<g class="expected"><path d="M{:.1} 0L{:.1} 0L{x:.1} 5Z" fill="{INK}"/><line x1="{x:.1}" y1="4" x2="{x:.1}" y2="{:.1}" stroke="{INK}" stroke-width="2"/></g>"##,
            x - 4.0,
            x + 4.0,
            h - 1.0
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
        // Every opened element is closed or self-closed.
        let opens = svg.matches("<svg").count();
        assert_eq!(opens, svg.matches("</svg>").count());
        for tag in ["title", "desc", "text", "g", "pattern", "defs"] {
            let open =
                svg.matches(&format!("<{tag}>")).count() + svg.matches(&format!("<{tag} ")).count();
            let close = svg.matches(&format!("</{tag}>")).count();
            assert_eq!(open, close, "<{tag}> balanced in {svg}");
        }
        assert_eq!(svg.matches('<').count(), svg.matches('>').count());
    }

    fn attr(svg: &str, element_start: &str, name: &str) -> f64 {
        let at = svg
            .find(element_start)
            .unwrap_or_else(|| panic!("{element_start} in {svg}"));
        let rest = &svg[at..];
        let key = format!(" {name}=\"");
        let i = rest
            .find(&key)
            .unwrap_or_else(|| panic!("{name} in {rest}"))
            + key.len();
        let j = rest[i..].find('"').unwrap_or(0) + i;
        rest[i..j].parse().unwrap_or(f64::NAN)
    }

    #[test]
    fn chart_places_pace_line_points_and_today() {
        let points = [(date(2026, 9, 1), 67.0), (date(2026, 11, 1), 71.0)];
        let input = ChartInput {
            id: "c1",
            title: "Reading <80%>",
            unit: "%",
            baseline: Some(67.0),
            target: Some(80.0),
            start: Some(date(2026, 9, 1)),
            due: Some(date(2027, 5, 28)),
            today: date(2026, 11, 20),
            points: &points,
        };
        let svg = progress_chart(&input);
        well_formed(&svg);
        assert!(svg.contains("<title id=\"c1-t\">Reading &lt;80%&gt;</title>"));
        assert!(svg.contains("Baseline 67% on Sep 1, 2026. Target 80% by May 28, 2027."));
        assert!(svg.contains("latest 71% on Nov 1, 2026"));
        // The pace line starts at the left edge (start) and ends at the right (due).
        let x1 = attr(&svg, "<line class=\"pace\"", "x1");
        let x2 = attr(&svg, "<line class=\"pace\"", "x2");
        assert!((x1 - ML).abs() < 0.2, "{x1}");
        assert!((x2 - (CW - MR)).abs() < 0.2, "{x2}");
        // Baseline sits lower on the page than target.
        let y1 = attr(&svg, "<line class=\"pace\"", "y1");
        let y2 = attr(&svg, "<line class=\"pace\"", "y2");
        assert!(y1 > y2);
        // The first point is on the pace line's start.
        let cx = attr(&svg, "<circle class=\"point\"", "cx");
        let cy = attr(&svg, "<circle class=\"point\"", "cy");
        assert!((cx - x1).abs() < 0.2 && (cy - y1).abs() < 0.2);
        // Today is between start and due, in proportion (80 of 269 days).
        let tx = attr(&svg, "<g class=\"today\"><line", "x1");
        let share = (tx - ML) / (CW - ML - MR);
        assert!((share - 80.0 / 269.0).abs() < 0.01, "{share}");
        assert!(svg.contains("<title>Nov 1, 2026: 71%</title>"));
    }

    #[test]
    fn chart_for_lower_is_better_puts_target_below_baseline() {
        let points = [(date(2026, 9, 30), 19.0)];
        let svg = progress_chart(&ChartInput {
            id: "c2",
            title: "Absence",
            unit: "%",
            baseline: Some(20.0),
            target: Some(12.0),
            start: Some(date(2026, 9, 1)),
            due: Some(date(2027, 6, 11)),
            today: date(2026, 11, 20),
            points: &points,
        });
        well_formed(&svg);
        let y1 = attr(&svg, "<line class=\"pace\"", "y1");
        let y2 = attr(&svg, "<line class=\"pace\"", "y2");
        assert!(y1 < y2, "baseline 20 is above target 12");
    }

    #[test]
    fn chart_without_dates_says_so() {
        let svg = progress_chart(&ChartInput {
            id: "c3",
            title: "x",
            unit: "",
            baseline: None,
            target: None,
            start: None,
            due: None,
            today: date(2026, 11, 20),
            points: &[],
        });
        well_formed(&svg);
        assert!(svg.contains("No measurements yet."));
    }

    fn day(d: Date, status: DayStatus, value: Option<f64>) -> Day {
        Day {
            date: d,
            status,
            value,
            fraction: value.map(|v| v.min(1.0)),
        }
    }

    #[test]
    fn a_weekly_practices_weekday_entry_is_a_dot_that_counts_toward_its_week() {
        let days = vec![
            day(date(2026, 11, 10), DayStatus::Unscheduled, Some(1.0)),
            day(date(2026, 11, 11), DayStatus::Unscheduled, None),
            day(date(2026, 11, 15), DayStatus::Hit, Some(1.0)),
        ];
        let svg = heatmap("w", "Huddle", &days, "", None, &[]);
        well_formed(&svg);
        assert_eq!(svg.matches("class=\"counted\"").count(), 1);
        assert!(
            svg.contains("<title>Tue Nov 10: 1 recorded, counted toward its week</title>"),
            "{svg}"
        );
    }

    #[test]
    fn heatmap_puts_weeks_in_columns_and_weekdays_in_rows() {
        // Mon Nov 9 .. Fri Nov 20 2026.
        let mut days = Vec::new();
        for i in 0..12 {
            let d = add_days(date(2026, 11, 9), i).unwrap_or(date(2026, 11, 9));
            let wd = d.weekday().to_monday_zero_offset();
            let st = if wd >= 5 {
                DayStatus::Unscheduled
            } else if i == 2 {
                DayStatus::Miss
            } else if i == 11 {
                DayStatus::Pending
            } else {
                DayStatus::Hit
            };
            days.push(day(
                d,
                st,
                if st == DayStatus::Hit {
                    Some(3.0)
                } else {
                    None
                },
            ));
        }
        days[3].status = DayStatus::Break;
        let winter = crate::model::Break {
            name: "Winter break".into(),
            from: date(2026, 12, 21),
            to: date(2027, 1, 1),
        };
        let svg = heatmap(
            "h",
            "Classroom visits",
            &days,
            "visits",
            Some(date(2026, 12, 31)),
            &[winter],
        );
        well_formed(&svg);
        // Seven done days, plus the legend's sample square.
        assert_eq!(svg.matches("class=\"day hit\"").count(), 8);
        assert!(svg.contains("<title>Wed Nov 11: missed</title>"));
        assert!(svg.contains("<title>Mon Nov 9: done (3 visits)</title>"));
        assert!(svg.contains("fill=\"url(#h-break)\""));
        assert!(svg.contains("<pattern id=\"h-break\""));
        // Mon Nov 16 is one column right of Mon Nov 9, same row.
        let a = svg.find("Mon Nov 9:").unwrap_or(0);
        let b = svg.find("Mon Nov 16:").unwrap_or(0);
        let xa = attr(
            svg[..a].rsplit_once("<rect").map(|p| p.1).unwrap_or(""),
            "class",
            "x",
        );
        let xb = attr(
            svg[..b].rsplit_once("<rect").map(|p| p.1).unwrap_or(""),
            "class",
            "x",
        );
        assert!((xb - xa - 20.0).abs() < 0.01, "{xa} {xb}");
        // Legend names every kind of day.
        for word in [
            "Done",
            "Missed",
            "Skipped",
            "Break",
            "Not scheduled",
            "Today",
        ] {
            assert!(svg.contains(&format!(">{word}</text>")), "{word}");
        }
        assert!(svg.contains("7 done, 1 missed, 1 on a break, 2 not scheduled"));
        // Nov 21 to Dec 31 are drawn as empty days ahead, with December labelled.
        assert_eq!(svg.matches("class=\"day ahead\"").count(), 41 - 11);
        assert!(svg.contains("<title>Mon Dec 21: Winter break</title>"));
        assert!(svg.contains(">Dec</text>"));
    }

    #[test]
    fn strip_has_one_square_per_day() {
        let days: Vec<Day> = (0..14)
            .map(|i| {
                day(
                    add_days(date(2026, 11, 7), i).unwrap_or(date(2026, 11, 7)),
                    if i % 3 == 0 {
                        DayStatus::Miss
                    } else {
                        DayStatus::Hit
                    },
                    None,
                )
            })
            .collect();
        let svg = strip("s", "Visits", &days, "");
        well_formed(&svg);
        assert_eq!(svg.matches("<rect class=\"day").count(), 14);
        assert_eq!(svg.matches("class=\"day miss\"").count(), 5);
        assert!(svg.contains("Visits: 9 done, 5 missed"));
    }

    #[test]
    fn bar_marks_fill_and_expected_tick() {
        let svg = progress_bar(Some(0.5), Some(0.25), "#123456", "Half <done>");
        well_formed(&svg);
        assert!(svg.contains("aria-label=\"Half &lt;done&gt;\""));
        let w = attr(&svg, "<rect class=\"fill\"", "width");
        assert!((w - 109.5).abs() < 0.1, "{w}");
        assert!(svg.contains("x1=\"55.2\""), "{svg}");
        // Over-achieving is clamped to the full bar; no data draws no fill.
        let full = progress_bar(Some(1.7), None, "#000", "x");
        assert!((attr(&full, "<rect class=\"fill\"", "width") - 219.0).abs() < 0.1);
        assert!(!progress_bar(None, Some(0.3), "#000", "x").contains("class=\"fill\""));
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(num(67.0), "67");
        assert_eq!(num(17.5), "17.5");
        assert_eq!(num(0.30769), "0.3");
        assert_eq!(pct(0.3077), "31%");
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}

#[cfg(test)]
mod fixed_tests {
    use super::F1;

    #[test]
    fn one_decimal_like_the_standard_formatter() {
        for x in [0.0, 0.04, 0.05, 1.25, 12.34, -3.26, 99.96, 1234.5] {
            let ours = F1(x).to_string();
            let std = format!("{:.1}", (x * 10.0f64).round() / 10.0);
            assert_eq!(ours, std, "{x}");
        }
    }
}
