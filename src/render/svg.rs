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
    let _ = esc_into(&mut out, text);
    out
}

/// Writes `text` escaped as [`esc`] does, in runs between the characters
/// that need it (most text has none: one write, no copy).
pub fn esc_into<W: std::fmt::Write + ?Sized>(out: &mut W, text: &str) -> std::fmt::Result {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is on a character boundary.
        out.write_str(&text[from..i])?;
        out.write_str(entity)?;
        from = i + 1;
    }
    out.write_str(&text[from..])
}

/// A number the way a report shows it: no trailing `.0`, at most one decimal.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    if value.abs() >= 1e15 {
        // Past what tenths can show: "1e308".
        return format!("{value:e}");
    }
    let mut out = String::with_capacity(8);
    let _ = tenths(&mut out, value, true);
    out
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
        tenths(out, self.0, false)
    }
}

/// `value` to a tenth (with the `.0` dropped when `trim`), as [`F1`] and
/// [`P`] write it; past what tenths can show, as the standard library does.
fn tenths<W: std::fmt::Write + ?Sized>(out: &mut W, value: f64, trim: bool) -> std::fmt::Result {
    let scaled = (value * 10.0).round();
    if !scaled.is_finite() || scaled.abs() > 1e15 {
        return write!(out, "{value:.1}");
    }
    fixed(out, scaled as i64, 1, trim)
}

/// Writes `scaled` / 10^`places` with `places` decimals (at most a few),
/// or with trailing zeros dropped (and the point with them) when `trim`.
/// Integer arithmetic and `itoa`: a page has hundreds of coordinates, and
/// the formatting machinery costs more than the chart's arithmetic.
fn fixed<W: std::fmt::Write + ?Sized>(
    out: &mut W,
    scaled: i64,
    mut places: u32,
    trim: bool,
) -> std::fmt::Result {
    if scaled < 0 {
        out.write_char('-')?;
    }
    let magnitude = scaled.unsigned_abs();
    let unit = 10u64.pow(places);
    let (whole, mut frac) = (magnitude / unit, magnitude % unit);
    let mut buf = itoa::Buffer::new();
    out.write_str(buf.format(whole))?;
    if trim {
        while places > 0 && frac % 10 == 0 {
            frac /= 10;
            places -= 1;
        }
    }
    if places == 0 {
        return Ok(());
    }
    out.write_char('.')?;
    let digits = buf.format(frac);
    for _ in digits.len()..places as usize {
        out.write_char('0')?;
    }
    out.write_str(digits)
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
    /// The trend's value at `due`, drawn as a dotted continuation of the
    /// measured line (only while `due` is ahead).
    pub forecast: Option<f64>,
    /// Half the width of the on-track band around the expected pace, in
    /// the goal's unit (analysis decides it: a tenth of the way from
    /// baseline to target); drawn shaded behind the pace line.
    pub tolerance: Option<f64>,
}

const CW: f64 = 640.0;
const CH: f64 = 280.0;
const ML: f64 = 52.0;
const MR: f64 = 84.0;
const MT: f64 = 28.0;
const MB: f64 = 40.0;

/// A value with its unit: `3 visits`, `71%`, `4`.
pub fn with_unit(value: f64, unit: &str) -> String {
    match unit {
        "" => num(value),
        "%" => format!("{}%", num(value)),
        u if value == 1.0 => format!("1 {}", super::words::singular(u)),
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
            "At the expected pace it would be {} today. ",
            with_unit(e, unit)
        );
    }
    // The trend, continued from the last point to the due date.
    let trend = match (input.forecast, input.due, input.points.last()) {
        (Some(v), Some(due), Some(&last))
            if due >= input.today && due > last.0 && v.is_finite() =>
        {
            let _ = write!(
                desc,
                "At the trend so far it would be {} on {}.",
                with_unit((v * 10.0).round() / 10.0, unit),
                dates::medium(due)
            );
            Some((last, (due, v)))
        }
        _ => None,
    };

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
    values.extend(trend.map(|t| t.1 .1));
    let band = match (
        input.tolerance,
        input.baseline,
        input.target,
        input.start,
        input.due,
    ) {
        (Some(d), Some(b), Some(t), Some(st), Some(du)) if d.is_finite() && d > 0.0 && st < du => {
            values.extend([b - d, b + d, t - d, t + d]);
            Some((d, b, t, st, du))
        }
        _ => None,
    };
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return empty_chart(&id, input.title, &desc);
    }
    let pad = ((hi - lo) * 0.15).max(if hi == lo { 1.0 } else { 0.0 });
    let (y_lo, y_hi) = nice_bounds(lo - pad, hi + pad);
    if !((y_hi - y_lo) / 2.0).is_finite() || y_hi - y_lo <= 0.0 {
        return too_large_chart(&id, input.title, &desc);
    }
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
    // The on-track band: the expected pace, give or take the tolerance.
    if let Some((d, b, t, st, du)) = band {
        let _ = write!(
            s,
            r##"<polygon class="band" points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{HIT}" fill-opacity="0.14"><title>On track: within {} of the expected pace</title></polygon>"##,
            sx(st),
            sy(b + d),
            sx(du),
            sy(t + d),
            sx(du),
            sy(t - d),
            sx(st),
            sy(b - d),
            esc(&with_unit((d * 10.0).round() / 10.0, unit))
        );
    }
    // Target line.
    if let Some(t) = input.target {
        let y = sy(t);
        let _ = write!(
            s,
            r##"<line class="target" x1="{}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="{HIT}" stroke-width="1.5" stroke-dasharray="2 3"/><text x="{}" y="{:.1}" fill="{HIT}" font-weight="600" text-anchor="end">Target {}</text>"##,
            f(ML),
            f(CW - MR),
            // Anchored at the right edge: the larger text of a phone grows
            // leftwards, into the margin, never out of the picture.
            f(CW - 2.0),
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
        f(MT - 10.0)
    );
    // Trend: dotted, from the last point to the due date.
    if let Some(((d0, v0), (d1, v1))) = trend {
        let _ = write!(
            s,
            r##"<line class="forecast" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{LINE}" stroke-width="2" stroke-dasharray="1 4" stroke-linecap="round"><title>Trend so far: {} by {}</title></line>"##,
            sx(d0),
            sy(v0),
            sx(d1),
            sy(v1),
            esc(&with_unit((v1 * 10.0).round() / 10.0, unit)),
            esc(&dates::short(d1))
        );
    }
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
        e = f(ML + 113.0),
        g = f(ML + 135.0),
        h = f(ML + 141.0),
        l = f(ly - 4.0),
        ty = f(ly),
    );
    if trend.is_some() {
        let _ = write!(
            s,
            r##"<g class="legend" fill="{INK}"><line x1="{a}" y1="{l}" x2="{b}" y2="{l}" stroke="{LINE}" stroke-width="2" stroke-dasharray="1 4" stroke-linecap="round"/><text x="{c}" y="{ty}">Trend so far</text></g>"##,
            a = f(ML + 273.0),
            b = f(ML + 295.0),
            c = f(ML + 301.0),
            l = f(ly - 4.0),
            ty = f(ly),
        );
    }
    if band.is_some() {
        let _ = write!(
            s,
            r##"<g class="legend" fill="{INK}"><rect x="{a}" y="{r}" width="22" height="10" fill="{HIT}" fill-opacity="0.14"/><text x="{c}" y="{ty}">On track</text></g>"##,
            a = f(ML + 424.0),
            r = f(ly - 9.0),
            c = f(ML + 452.0),
            ty = f(ly),
        );
    }
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
    // Weighted, not `b + (t - b) * share`: the difference can overflow.
    let v = b * (1.0 - share) + t * share;
    v.is_finite().then_some(v)
}

fn empty_chart(id: &str, title: &str, desc: &str) -> String {
    chart_note(
        id,
        title,
        desc,
        "No chart yet: this goal needs a start, a due date and a measurement.",
    )
}

fn too_large_chart(id: &str, title: &str, desc: &str) -> String {
    chart_note(
        id,
        title,
        desc,
        "No chart: these numbers are too far apart to draw.",
    )
}

fn chart_note(id: &str, title: &str, desc: &str, note: &str) -> String {
    format!(
        r##"<svg class="chart" viewBox="0 0 {CW} 80" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="14"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><rect x="0.5" y="0.5" width="{}" height="79" fill="#fff" stroke="{GRID}"/><text x="{}" y="45" text-anchor="middle" fill="{MUTED}">{note}</text></svg>"##,
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
    match (day.status, day.value()) {
        (DayStatus::Skip, _) | (_, None) => day_label(day.status).to_string(),
        (DayStatus::Unscheduled, Some(v)) => {
            format!("{} recorded, counted toward its week", with_unit(v, unit))
        }
        (status, Some(v)) => format!("{} ({})", day_label(status), with_unit(v, unit)),
    }
}

/// Days named one by one in a layer's tooltip, up to this many; past it
/// the tooltip gives only the count.
const LISTED: usize = 14;

/// The corner radius of a day square.
const R: f64 = 2.0;

/// A coordinate as short as it can be written: `36`, `36.5`.
#[derive(Clone, Copy)]
pub(super) struct P(pub(super) f64);

impl std::fmt::Display for P {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        tenths(out, self.0, true)
    }
}

/// A length to a hundredth, as short as it can be written: `1`, `1.25`,
/// `0.5` (a stroke width under `scale(4)` needs the second decimal).
#[derive(Clone, Copy)]
struct P2(f64);

impl std::fmt::Display for P2 {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hundredths = (self.0 * 100.0).round();
        if !hundredths.is_finite() || hundredths.abs() > 1e15 {
            return write!(out, "{:.2}", self.0);
        }
        fixed(out, hundredths as i64, 2, true)
    }
}

/// What a square shows: a day's status, or a day of the year still ahead.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Day(DayStatus),
    Ahead,
}

impl Kind {
    /// Every kind, in drawing order: the days ahead before the breaks, so
    /// a break later in the year shows on top of the weeks ahead.
    const ALL: [Kind; 8] = [
        Kind::Day(DayStatus::Hit),
        Kind::Day(DayStatus::Partial),
        Kind::Day(DayStatus::Miss),
        Kind::Day(DayStatus::Skip),
        Kind::Day(DayStatus::Pending),
        Kind::Ahead,
        Kind::Day(DayStatus::Break),
        Kind::Day(DayStatus::Unscheduled),
    ];

    fn slot(self) -> usize {
        match self {
            Kind::Day(DayStatus::Hit) => 0,
            Kind::Day(DayStatus::Partial) => 1,
            Kind::Day(DayStatus::Miss) => 2,
            Kind::Day(DayStatus::Skip) => 3,
            Kind::Day(DayStatus::Pending) => 4,
            Kind::Day(DayStatus::Break) => 5,
            Kind::Day(DayStatus::Unscheduled) => 6,
            Kind::Ahead => 7,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Kind::Day(st) => st.as_str(),
            Kind::Ahead => "ahead",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Kind::Day(st) => day_label(st),
            Kind::Ahead => "still ahead",
        }
    }

    /// The fill, and the colour of the 1px edge for the kinds that have one.
    fn paint(self, pattern: &str) -> (String, Option<&'static str>) {
        match self {
            Kind::Day(DayStatus::Hit) => (HIT.to_string(), None),
            Kind::Day(DayStatus::Partial) => (PARTIAL.to_string(), Some(HIT)),
            Kind::Day(DayStatus::Miss) => (MISS.to_string(), Some(MISS_EDGE)),
            Kind::Day(DayStatus::Skip) => (SKIP.to_string(), None),
            Kind::Day(DayStatus::Pending) => ("#fff".to_string(), Some(INK)),
            Kind::Day(DayStatus::Break) => (format!("url(#{pattern})"), None),
            Kind::Day(DayStatus::Unscheduled) => (UNSCHEDULED.to_string(), Some(GRID)),
            Kind::Ahead => ("#fff".to_string(), Some(GRID)),
        }
    }
}

/// Path data written with relative moves, which are shorter than absolute
/// ones on a grid (`m5 0` rather than `M59 10.5`).
#[derive(Default)]
struct Pen {
    d: String,
    /// The current point, as drawn (to a tenth).
    at: Option<(f64, f64)>,
}

fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Appends `v` as [`P`] writes it, without the formatting machinery (a
/// heat-map moves its pen hundreds of times).
fn push_p(d: &mut String, v: f64) {
    let _ = tenths(d, v, true);
}

impl Pen {
    /// Moves to `x`,`y`: the first time absolutely, then relative to the
    /// current point.
    fn move_to(&mut self, x: f64, y: f64) {
        match self.at {
            None => {
                let (x, y) = (tenth(x), tenth(y));
                self.d.push('M');
                push_p(&mut self.d, x);
                self.d.push(' ');
                push_p(&mut self.d, y);
                self.at = Some((x, y));
            }
            Some((ax, ay)) => {
                let (dx, dy) = (tenth(x - ax), tenth(y - ay));
                self.d.push('m');
                push_p(&mut self.d, dx);
                if dy >= 0.0 || dy.is_nan() {
                    self.d.push(' ');
                }
                push_p(&mut self.d, dy);
                self.at = Some((ax + dx, ay + dy));
            }
        }
    }

    /// Notes that what was drawn since the move ended `dx`,`dy` away from
    /// it (a closed outline ends where it started: nothing to note).
    fn ended_at(&mut self, dx: f64, dy: f64) {
        if let Some((x, y)) = self.at {
            self.at = Some((x + tenth(dx), y + tenth(dy)));
        }
    }
}

/// The squares of one kind: one path for them all, and the days they are.
#[derive(Default)]
struct Layer {
    squares: Pen,
    /// Shapes drawn on top, so the state does not rest on colour alone:
    /// the cross on a missed day, the dash on a skipped one.
    marks: Pen,
    /// The days, with the value worth naming (a partly done day's).
    days: Vec<(Date, Option<f64>)>,
}

/// The days still ahead of a heat-map, drawn as at most three rectangles
/// filled with a pattern whose tile is one outlined day (the rest of the
/// current week, the whole weeks after it, the year's last week if it ends
/// mid-week), so the year ahead costs the same few bytes however long it
/// is. Positions in pixels.
struct Area {
    /// The top-left corner of the grid's first square: the pattern's tiles
    /// start half a gap up and left of it, so every tile's square is a cell.
    x: f64,
    y: f64,
    /// The side of a day square and the grid's pitch.
    size: f64,
    pitch: f64,
    /// The rectangles, in cells: `[column, row, columns, rows]`.
    runs: Vec<[i64; 4]>,
}

impl Area {
    /// The margin around a square in its tile: half the gap.
    fn margin(&self) -> f64 {
        (self.pitch - self.size) / 2.0
    }

    /// Whether the square with top-left `x`,`y` is one of its cells.
    fn holds(&self, x: f64, y: f64) -> bool {
        let col = ((x - self.x) / self.pitch).round() as i64;
        let row = ((y - self.y) / self.pitch).round() as i64;
        self.runs
            .iter()
            .any(|&[c, r, cols, rows]| (c..c + cols).contains(&col) && (r..r + rows).contains(&row))
    }

    /// The pattern `id`, in units of `px` pixels. Its square is a `<rect
    /// rx>` with a 1px edge: the same shape as a day square drawn with an
    /// edge (see `Cells`), in the colours of a day ahead.
    fn pattern(&self, id: &str, px: f64) -> String {
        let u = |pixels: f64| P2(pixels / px);
        let m = self.margin();
        let (fill, edge) = Kind::Ahead.paint("");
        format!(
            r##"<pattern id="{id}" x="{}" y="{}" width="{p}" height="{p}" patternUnits="userSpaceOnUse"><rect x="{m}" y="{m}" width="{s}" height="{s}" rx="{}" fill="{fill}" stroke="{}" stroke-width="{}"/></pattern>"##,
            u(self.x - m),
            u(self.y - m),
            u(R),
            edge.unwrap_or(GRID),
            u(1.0),
            p = u(self.pitch),
            m = u(m),
            s = u(self.size),
        )
    }

    /// The rectangles, over whole tiles, to fill with the pattern.
    fn rects(&self, px: f64) -> String {
        let u = |pixels: f64| P2(pixels / px);
        let (m, p) = (self.margin(), self.pitch);
        let mut out = String::new();
        for &[col, row, cols, rows] in &self.runs {
            let _ = write!(
                out,
                r##"<rect x="{}" y="{}" width="{}" height="{}"/>"##,
                u(self.x - m + col as f64 * p),
                u(self.y - m + row as f64 * p),
                u(cols as f64 * p),
                u(rows as f64 * p),
            );
        }
        out
    }
}

/// Day squares gathered by kind, so a year of days is a handful of paths
/// rather than an element (and a tooltip) per day.
///
/// Each square is drawn as a square inset by the corner radius, stroked in
/// its own colour at twice the radius with round joins: the stroke grows
/// it back to the full square with rounded corners, what `<rect rx="2">`
/// drew. A kind with an edge is stroked twice: once a pixel wider in the
/// edge colour, then a pixel narrower in the fill (`<use>` repeats the
/// path), which leaves the 1px edge a stroked `<rect>` had.
///
/// Positions are given in pixels; the paths are written in units of `px`
/// pixels under one `scale(px)`, so the heat-map's 20px pitch is a short
/// `m5 0` and its squares `h3v3h-3z`.
struct Cells<'a> {
    id: &'a str,
    unit: &'a str,
    pattern: &'a str,
    /// Pixels per path unit.
    px: f64,
    layers: [Layer; 8],
    /// Dots on unscheduled days whose entry counts toward its week.
    counted: Layer,
    /// The days ahead, drawn by a pattern, and the pattern's id.
    area: Option<(Area, String)>,
    /// Whether a break square lies on the area: its edge would show
    /// around the hatching, so the break squares are first cleared to the
    /// paper's white, as wide as an edged square.
    clear_breaks: bool,
    /// The last square's size and its path after the move (`h3v3h-3z`):
    /// nearly every square has the same, so it is written once.
    square: (f64, String),
    /// The same for the cross on a missed day.
    cross: (f64, String),
}

impl<'a> Cells<'a> {
    fn new(id: &'a str, unit: &'a str, pattern: &'a str, px: f64) -> Self {
        Cells {
            id,
            unit,
            pattern,
            px,
            layers: Default::default(),
            counted: Layer::default(),
            area: None,
            clear_breaks: false,
            square: (0.0, String::new()),
            cross: (0.0, String::new()),
        }
    }

    /// A length in path units.
    fn u(&self, pixels: f64) -> P2 {
        P2(pixels / self.px)
    }

    /// A square with top-left `x`,`y` and side `size`, in pixels; `day` is
    /// `None` for a legend sample.
    fn add(&mut self, kind: Kind, x: f64, y: f64, size: f64, day: Option<&Day>) {
        if let Some(day) = day {
            let value = day.value().filter(|_| day.status == DayStatus::Partial);
            self.layers[kind.slot()].days.push((day.date, value));
        }
        self.add_square(kind, x, y, size);
    }

    /// A day of the year still ahead (or a break ahead, which is drawn as
    /// one). A day ahead in the area is drawn by its pattern; a break there
    /// is drawn on top of it.
    fn add_ahead(&mut self, kind: Kind, x: f64, y: f64, size: f64, date: Date) {
        self.layers[kind.slot()].days.push((date, None));
        let in_area = self.area.as_ref().is_some_and(|(a, _)| a.holds(x, y));
        if kind == Kind::Ahead && in_area {
            return;
        }
        self.clear_breaks |= in_area;
        self.add_square(kind, x, y, size);
    }

    fn add_square(&mut self, kind: Kind, x: f64, y: f64, size: f64) {
        let px = self.px;
        let (i, r) = (self.u(size - 2.0 * R), self.u(R));
        let layer = &mut self.layers[kind.slot()];
        if kind == Kind::Day(DayStatus::Pending) {
            // Dashed, so drawn as the outline itself: the dashes fall where
            // a `<rect rx="2">`'s did.
            layer.squares.move_to((x + R) / px, y / px);
            let _ = write!(
                layer.squares.d,
                "h{i}a{r} {r} 0 0 1 {r} {r}v{i}a{r} {r} 0 0 1-{r} {r}h-{i}a{r} {r} 0 0 1-{r}-{r}v-{i}a{r} {r} 0 0 1 {r}-{r}z"
            );
        } else {
            if self.square.0 != size || self.square.1.is_empty() {
                self.square = (size, format!("h{i}v{i}h-{i}z"));
            }
            let layer = &mut self.layers[kind.slot()];
            layer.squares.move_to((x + R) / px, (y + R) / px);
            layer.squares.d.push_str(&self.square.1);
        }
        let layer = &mut self.layers[kind.slot()];
        match kind {
            Kind::Day(DayStatus::Miss) => {
                let a = size * 0.28;
                let w = (size - 2.0 * a) / px;
                if self.cross.0 != size || self.cross.1.is_empty() {
                    self.cross = (size, format!("l{w} {w}m0-{w}l-{w} {w}", w = P(w)));
                }
                let layer = &mut self.layers[kind.slot()];
                layer.marks.move_to((x + a) / px, (y + a) / px);
                layer.marks.d.push_str(&self.cross.1);
                layer.marks.ended_at(0.0, w);
            }
            Kind::Day(DayStatus::Skip) => {
                let w = size * 0.5 / px;
                layer
                    .marks
                    .move_to((x + size * 0.25) / px, (y + size / 2.0) / px);
                let _ = write!(layer.marks.d, "h{}", P(w));
                layer.marks.ended_at(w, 0.0);
            }
            _ => {}
        }
    }

    /// A dot on a day not scheduled by itself (a weekly practice's Tuesday)
    /// whose entry counts toward its week.
    fn add_counted(&mut self, x: f64, y: f64, size: f64, day: &Day) {
        let px = self.px;
        let r = size * 0.22;
        let (ru, du) = (self.u(r), self.u(2.0 * r));
        self.counted
            .squares
            .move_to((x + size / 2.0 - r) / px, (y + size / 2.0) / px);
        let _ = write!(
            self.counted.squares.d,
            "a{ru} {ru} 0 1 0 {du} 0a{ru} {ru} 0 1 0-{du} 0z"
        );
        self.counted.days.push((day.date, day.value()));
    }

    /// The tooltip of a layer: its words, how many days, and which (or, for
    /// breaks, their names) when there are few enough to read.
    fn title(&self, words: &str, days: &[(Date, Option<f64>)], names: &[&str]) -> String {
        let mut t = String::new();
        let mut chars = words.chars();
        if let Some(c) = chars.next() {
            t.extend(c.to_uppercase());
            t.push_str(chars.as_str());
        }
        if days.is_empty() {
            return t;
        }
        let n = days.len();
        let _ = write!(t, ", {n} day{}", if n == 1 { "" } else { "s" });
        if !names.is_empty() {
            let _ = write!(t, ": {}", names.join(", "));
        } else if n <= LISTED {
            t.push_str(": ");
            for (i, (date, value)) in days.iter().enumerate() {
                if i > 0 {
                    t.push_str(", ");
                }
                t.push_str(&dates::short_with_weekday(*date));
                if let Some(v) = value {
                    let _ = write!(t, " ({})", with_unit(*v, self.unit));
                }
            }
        }
        t
    }

    /// Writes the layers, one group per kind present. `break_names` name
    /// the breaks shown, for the break layer's tooltip.
    fn finish(&self, s: &mut String, break_names: &[&str]) {
        if self.px != 1.0 {
            let _ = write!(s, r##"<g transform="scale({})">"##, P(self.px));
        }
        for kind in Kind::ALL {
            let layer = &self.layers[kind.slot()];
            // The days ahead are drawn by the area's pattern.
            let area = self
                .area
                .as_ref()
                .filter(|_| kind == Kind::Ahead && !layer.days.is_empty());
            if layer.squares.d.is_empty() && area.is_none() {
                continue;
            }
            let class = kind.class();
            let names = if kind == Kind::Day(DayStatus::Break) {
                break_names
            } else {
                &[]
            };
            let title = esc(&self.title(kind.words(), &layer.days, names));
            let (fill, edge) = kind.paint(self.pattern);
            let d = &layer.squares.d;
            match (kind, edge, area) {
                (Kind::Ahead, _, Some((area, pattern))) => {
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="url(#{pattern})"><title>{title}</title>{}"##,
                        area.rects(self.px)
                    );
                }
                (Kind::Day(DayStatus::Pending), _, _) => {
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="{fill}" stroke="{INK}" stroke-width="{}" stroke-dasharray="{dash} {dash}"><title>{title}</title><path d="{d}"/>"##,
                        self.u(1.0),
                        dash = self.u(2.0)
                    );
                }
                (Kind::Day(DayStatus::Break), None, _) if self.clear_breaks => {
                    // White first, as wide as the edged squares under it,
                    // then the hatching (the `<use>` takes this group's paint).
                    let id = format!("{}-{class}-sq", self.id);
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="{fill}" stroke="{fill}" stroke-width="{}"><title>{title}</title><g fill="#fff" stroke="#fff" stroke-width="{}"><path id="{id}" d="{d}"/></g><use href="#{id}"/>"##,
                        self.u(2.0 * R),
                        self.u(2.0 * R + 1.0)
                    );
                }
                (_, None, _) => {
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="{fill}" stroke="{fill}" stroke-width="{}"><title>{title}</title><path d="{d}"/>"##,
                        self.u(2.0 * R)
                    );
                }
                (_, Some(edge), _) => {
                    // `-sq` keeps it apart from the break pattern's `-break`.
                    let id = format!("{}-{class}-sq", self.id);
                    let _ = write!(
                        s,
                        r##"<g class="day {class}" fill="{edge}" stroke="{edge}" stroke-width="{}"><title>{title}</title><path id="{id}" d="{d}"/><use href="#{id}" fill="{fill}" stroke="{fill}" stroke-width="{}"/>"##,
                        self.u(2.0 * R + 1.0),
                        self.u(2.0 * R - 1.0)
                    );
                }
            }
            if !layer.marks.d.is_empty() {
                let color = if kind == Kind::Day(DayStatus::Miss) {
                    MISS_EDGE
                } else {
                    MUTED
                };
                let _ = write!(
                    s,
                    r##"<path d="{}" stroke="{color}" stroke-width="{}"/>"##,
                    layer.marks.d,
                    self.u(1.4)
                );
            }
            s.push_str("</g>");
        }
        if !self.counted.squares.d.is_empty() {
            let title = esc(&self.title(
                "recorded on a day not scheduled by itself, counted toward its week",
                &self.counted.days,
                &[],
            ));
            let _ = write!(
                s,
                r##"<path class="counted" d="{}" fill="{HIT}"><title>{title}</title></path>"##,
                self.counted.squares.d
            );
        }
        if self.px != 1.0 {
            s.push_str("</g>");
        }
    }
}

/// The hatching of a break day (a `<pattern>`, for the `<defs>`). Under a
/// `scale(px)`, the pattern is drawn back at its pixel size.
fn break_pattern(id: &str, px: f64) -> String {
    let scale = if px == 1.0 {
        String::new()
    } else {
        format!(" scale({})", 1.0 / px)
    };
    format!(
        r##"<pattern id="{id}" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45){scale}"><rect width="4" height="4" fill="{BREAK}"/><path d="M0 0v4" stroke="{BREAK_STRIPE}" stroke-width="1.5"/></pattern>"##
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

/// The heat-map's path unit: its 16px squares on a 20px pitch are 4 and 5.
const HEAT_PX: f64 = 4.0;

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
    // The legend wraps to stay within a phone's width, so that none of it
    // is ever scrolled out of sight.
    let legend = legend_layout(left, legend_y);
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
        esc(&summary(days)),
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
const LEGEND_WIDTH: f64 = 300.0;

/// Where each of the heat-map legend's kinds of day goes: (kind, x, y, word),
/// in rows no wider than [`LEGEND_WIDTH`].
fn legend_layout(left: f64, top: f64) -> Vec<(DayStatus, f64, f64, &'static str)> {
    let mut out = Vec::new();
    let (mut x, mut y) = (left, top);
    for (st, word) in [
        (DayStatus::Hit, "Done"),
        (DayStatus::Partial, "Partly"),
        (DayStatus::Miss, "Missed"),
        (DayStatus::Skip, "Skipped"),
        (DayStatus::Pending, "Today"),
        (DayStatus::Break, "Break"),
        (DayStatus::Unscheduled, "Not scheduled"),
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
pub fn strip(id: &str, title: &str, days: &[Day], unit: &str) -> String {
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
        esc(&summary(days)),
        // Only a strip that shows a break needs its hatching.
        if days.iter().any(|d| d.status == DayStatus::Break) {
            format!("<defs>{}</defs>", break_pattern(&pattern, 1.0))
        } else {
            String::new()
        },
        h = size + 2.0
    );
    let mut cells = Cells::new(&id, unit, &pattern, 1.0);
    for (i, day) in days.iter().enumerate() {
        let x = 1.0 + i as f64 * (size + gap);
        cells.add(Kind::Day(day.status), x, 1.0, size, Some(day));
    }
    cells.finish(&mut s, &[]);
    s.push_str("</svg>");
    s
}

/// The small shape that goes with a state word, so a state never rests on
/// colour alone: a circle (on track), a triangle (at risk), a square (off
/// track), a diamond (overdue), a ticked circle (achieved), a ring (no data).
pub fn state_shape(state: &str) -> &'static str {
    match state {
        "achieved" => {
            r##"<svg class="shape" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false"><circle cx="6" cy="6" r="5.5" fill="currentColor"/><path d="M3.2 6.2l1.9 1.9 3.8-4" stroke="#fff" stroke-width="1.6" fill="none"/></svg>"##
        }
        "on-track" => {
            r##"<svg class="shape" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false"><circle cx="6" cy="6" r="5" fill="currentColor"/></svg>"##
        }
        "at-risk" => {
            r##"<svg class="shape" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false"><path d="M6 0.8L11.4 11H0.6Z" fill="currentColor"/></svg>"##
        }
        "off-track" => {
            r##"<svg class="shape" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false"><rect x="1" y="1" width="10" height="10" fill="currentColor"/></svg>"##
        }
        "overdue" => {
            r##"<svg class="shape" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false"><path d="M6 0.5L11.5 6L6 11.5L0.5 6Z" fill="currentColor"/></svg>"##
        }
        _ => {
            r##"<svg class="shape" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false"><circle cx="6" cy="6" r="4.5" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>"##
        }
    }
}

/// A state badge: the shape and the word, in a pill coloured by the state.
pub fn state_badge(state: &str, label: &str) -> String {
    format!(
        r#"<span class="badge state-{}">{}<span>{}</span></span>"#,
        esc(state),
        state_shape(state),
        esc(label)
    )
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

    #[test]
    fn coordinates_are_written_as_the_standard_library_would() {
        for (v, f1, p, p2) in [
            (146.0, "146.0", "146", "146"),
            (62.24, "62.2", "62.2", "62.24"),
            (0.05, "0.1", "0.1", "0.05"),
            (-0.3, "-0.3", "-0.3", "-0.3"),
            (-12.0, "-12.0", "-12", "-12"),
            (-0.04, "0.0", "0", "-0.04"),
            (1.25, "1.3", "1.3", "1.25"),
            (
                1e16,
                "10000000000000000.0",
                "10000000000000000.0",
                "10000000000000000.00",
            ),
            (f64::NAN, "NaN", "NaN", "NaN"),
        ] {
            assert_eq!(F1(v).to_string(), f1, "F1({v})");
            assert_eq!(P(v).to_string(), p, "P({v})");
            assert_eq!(P2(v).to_string(), p2, "P2({v})");
        }
        assert_eq!(
            [146.0, 62.24, -0.04, 1.25, 1e16, f64::NAN].map(num),
            ["146", "62.2", "0", "1.3", "1e16", "–"]
        );
        // Wherever the standard library has no tie to break, the same text.
        for i in -2000..2000 {
            let v = f64::from(i) * 0.37 + 0.013;
            let rounded = (v * 10.0).round() / 10.0;
            let by_std = match (rounded - rounded.round()).abs() < 1e-9 {
                true => format!("{}", rounded.round() as i64),
                false => format!("{rounded:.1}"),
            };
            assert_eq!(num(v), by_std, "{v}");
            assert_eq!(F1(v).to_string(), format!("{v:.1}"), "{v}");
            assert_eq!(
                P2(v).to_string().parse::<f64>().ok(),
                format!("{v:.2}").parse().ok()
            );
        }
    }

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

    fn attr_str<'s>(svg: &'s str, element_start: &str, name: &str) -> &'s str {
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
        &rest[i..j]
    }

    fn attr(svg: &str, element_start: &str, name: &str) -> f64 {
        attr_str(svg, element_start, name)
            .parse()
            .unwrap_or(f64::NAN)
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
            forecast: None,
            tolerance: None,
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
        assert!(!svg.contains("class=\"forecast\""));

        // With a forecast: a dotted line from the last point to the due date.
        let svg = progress_chart(&ChartInput {
            forecast: Some(84.24),
            ..input
        });
        well_formed(&svg);
        let fx1 = attr(&svg, "<line class=\"forecast\"", "x1");
        let fx2 = attr(&svg, "<line class=\"forecast\"", "x2");
        // The last point, Nov 1, is 61 of the 269 days from start to due.
        let last_x = ML + (CW - ML - MR) * 61.0 / 269.0;
        assert!((fx1 - last_x).abs() < 0.2, "{fx1} {last_x}");
        assert!((fx2 - (CW - MR)).abs() < 0.2, "{fx2}");
        assert!(svg.contains("At the trend so far it would be 84.2% on May 28, 2027."));
        assert!(svg.contains(">Trend so far</text>"));

        // With a tolerance: a band around the pace line, from start to due.
        assert!(!svg.contains("class=\"band\""));
        let svg = progress_chart(&ChartInput {
            tolerance: Some(1.3),
            ..input
        });
        well_formed(&svg);
        let band = attr_str(&svg, "<polygon class=\"band\"", "points");
        let corners: Vec<(f64, f64)> = band
            .split(' ')
            .filter_map(|p| p.split_once(','))
            .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
            .collect();
        let px1 = attr(&svg, "<line class=\"pace\"", "x1");
        let py1 = attr(&svg, "<line class=\"pace\"", "y1");
        let py2 = attr(&svg, "<line class=\"pace\"", "y2");
        assert_eq!(corners.len(), 4);
        assert!((corners[0].0 - px1).abs() < 0.2 && (corners[3].0 - px1).abs() < 0.2);
        // Equally far above and below the pace line at both ends.
        assert!(((py1 - corners[0].1) - (corners[3].1 - py1)).abs() < 0.2);
        assert!(((py2 - corners[1].1) - (corners[2].1 - py2)).abs() < 0.2);
        assert!(corners[0].1 < py1 && corners[1].1 < py2);
        assert!(svg.contains("On track: within 1.3% of the expected pace"));
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
            forecast: None,
            tolerance: None,
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
            forecast: None,
            tolerance: None,
        });
        well_formed(&svg);
        assert!(svg.contains("No measurements yet."));
    }

    fn day(d: Date, status: DayStatus, value: Option<f64>) -> Day {
        Day::new(d, status, value, value.map(|v| v.min(1.0)))
    }

    /// The `<g>` of one kind of day, up to its own `</g>` (past any `<g>`
    /// inside it).
    fn layer<'s>(svg: &'s str, class: &str) -> &'s str {
        let start = format!("<g class=\"day {class}\"");
        let at = svg
            .find(&start)
            .unwrap_or_else(|| panic!("{start} in {svg}"));
        let (mut depth, mut i) = (0, at);
        while i < svg.len() {
            let rest = &svg[i..];
            if rest.starts_with("<g ") || rest.starts_with("<g>") {
                depth += 1;
            } else if rest.starts_with("</g>") {
                depth -= 1;
                if depth == 0 {
                    return &svg[at..i + 4];
                }
            }
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
        &svg[at..]
    }

    /// The rectangles whose pattern draws the days ahead, and the pattern,
    /// in pixels (both are given in units of the heat-map's `scale(4)`):
    /// each rectangle's `[x, y, width, height]`, and the pattern's.
    fn ahead_area(svg: &str) -> Option<(Vec<[f64; 4]>, [f64; 4])> {
        if !svg.contains("<g class=\"day ahead\"") {
            return None;
        }
        let ahead = layer(svg, "ahead");
        let xywh = |markup: &str, start: &str| {
            ["x", "y", "width", "height"].map(|a| attr(markup, start, a) * HEAT_PX)
        };
        let rects: Vec<_> = ahead
            .match_indices("<rect ")
            .map(|(i, _)| xywh(&ahead[i..], "<rect "))
            .collect();
        let at = ahead.find("fill=\"url(#")? + 11;
        let id = &ahead[at..at + ahead[at..].find(')').unwrap_or(0)];
        let pattern = xywh(svg, &format!("<pattern id=\"{id}\""));
        Some((rects, pattern))
    }

    /// The top-left corners of the day squares the pattern of the days
    /// ahead draws: a square 2px in from each tile's corner.
    fn area_cells(svg: &str) -> Vec<(f64, f64)> {
        let Some((rects, _)) = ahead_area(svg) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for [x, y, w, h] in rects {
            let (cols, rows) = ((w / 20.0).round() as i64, (h / 20.0).round() as i64);
            for c in 0..cols {
                for r in 0..rows {
                    out.push((x + 2.0 + 20.0 * c as f64, y + 2.0 + 20.0 * r as f64));
                }
            }
        }
        out
    }

    /// Every square of a heat-map with its kind, the pattern's included
    /// (as "ahead"), the legend's left out.
    fn grid_squares(svg: &str) -> Vec<((f64, f64), &'static str)> {
        let legend_y = 20.0 + 140.0 + 14.0;
        let mut out: Vec<_> = area_cells(svg).into_iter().map(|p| (p, "ahead")).collect();
        for class in [
            "hit",
            "partial",
            "miss",
            "skip",
            "pending",
            "break",
            "unscheduled",
            "ahead",
        ] {
            let present = svg.contains(&format!("<g class=\"day {class}\""));
            if present && layer(svg, class).contains(" d=\"") {
                out.extend(
                    heat_squares(svg, class)
                        .into_iter()
                        .filter(|p| p.1 < legend_y - 1.0)
                        .map(|p| (p, class)),
                );
            }
        }
        out
    }

    /// Every `id` an SVG defines, and every `#id` it refers to.
    fn ids_and_refs(svg: &str) -> (Vec<&str>, Vec<&str>) {
        let values = |key: &str| -> Vec<&str> {
            svg.match_indices(key)
                .map(|(i, _)| {
                    let v = &svg[i + key.len()..];
                    &v[..v.find(['"', ')']).unwrap_or(0)]
                })
                .collect()
        };
        let mut refs = values("href=\"#");
        refs.extend(values("url(#"));
        (values(" id=\""), refs)
    }

    /// The points where each subpath of the first path's `d` in `markup`
    /// starts, absolute (M, m, h, v, l, a and z are all a picture uses).
    fn starts(markup: &str) -> Vec<(f64, f64)> {
        let at = markup
            .find(" d=\"")
            .unwrap_or_else(|| panic!("d in {markup}"))
            + 4;
        let d = &markup[at..at + markup[at..].find('"').unwrap_or(0)];
        let mut tokens = Vec::new();
        let mut num = String::new();
        let flush = |num: &mut String, tokens: &mut Vec<Result<f64, char>>| {
            if !num.is_empty() {
                tokens.push(Ok(num.parse().unwrap_or(f64::NAN)));
                num.clear();
            }
        };
        for c in d.chars() {
            if c.is_ascii_alphabetic() {
                flush(&mut num, &mut tokens);
                tokens.push(Err(c));
            } else if c == ' ' || c == ',' || (c == '-' && !num.is_empty()) {
                flush(&mut num, &mut tokens);
                if c == '-' {
                    num.push(c);
                }
            } else {
                num.push(c);
            }
        }
        flush(&mut num, &mut tokens);
        let (mut cur, mut start, mut out) = ((0.0, 0.0), (0.0, 0.0), Vec::new());
        let mut i = 0;
        let arg = |i: &mut usize| {
            *i += 1;
            match tokens.get(*i - 1) {
                Some(Ok(v)) => *v,
                other => panic!("number expected, got {other:?} in {d}"),
            }
        };
        while i < tokens.len() {
            let Err(cmd) = tokens[i] else {
                panic!("command expected at {i} in {d}")
            };
            i += 1;
            match cmd {
                'M' | 'm' => {
                    let (x, y) = (arg(&mut i), arg(&mut i));
                    cur = if cmd == 'M' {
                        (x, y)
                    } else {
                        (cur.0 + x, cur.1 + y)
                    };
                    start = cur;
                    out.push(cur);
                }
                'h' => cur.0 += arg(&mut i),
                'v' => cur.1 += arg(&mut i),
                'l' => {
                    cur.0 += arg(&mut i);
                    cur.1 += arg(&mut i);
                }
                'a' => {
                    for _ in 0..5 {
                        arg(&mut i);
                    }
                    cur.0 += arg(&mut i);
                    cur.1 += arg(&mut i);
                }
                'z' => cur = start,
                other => panic!("unexpected {other} in {d}"),
            }
        }
        out
    }

    /// The top-left corners, in pixels, of the day squares of one kind in a
    /// heat-map (drawn under `scale(4)`, each inset by the corner radius).
    fn heat_squares(svg: &str, class: &str) -> Vec<(f64, f64)> {
        assert!(svg.contains("<g transform=\"scale(4)\">"), "{svg}");
        let dy = if class == "pending" { 0.0 } else { R };
        starts(layer(svg, class))
            .into_iter()
            .map(|(x, y)| (x * HEAT_PX - R, y * HEAT_PX - dy))
            .collect()
    }

    fn near(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 0.3 && (a.1 - b.1).abs() < 0.3
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
            svg.contains(
                "<title>Recorded on a day not scheduled by itself, counted toward its week, 1 day: Tue Nov 10 (1)</title>"
            ),
            "{svg}"
        );
        // One dot, in the middle of Tuesday's square (column 0, row 1): the
        // arc starts at its left edge, 3.5px left of the centre (42, 48).
        let dots = starts(&svg[svg.find("class=\"counted\"").unwrap_or(0)..]);
        assert_eq!(dots.len(), 1);
        let (x, y) = dots[0];
        assert!(
            near((x * HEAT_PX, y * HEAT_PX), (42.0 - 3.5, 48.0)),
            "{dots:?}"
        );
    }

    #[test]
    fn heatmap_legend_wraps_within_a_phones_width() {
        let rows = legend_layout(34.0, 100.0);
        assert_eq!(rows.len(), 7);
        for (_, x, _, word) in &rows {
            let right = x + 16.0 + word.len() as f64 * 6.2;
            assert!(right <= 34.0 + LEGEND_WIDTH, "{word} ends at {right}");
        }
        let ys: std::collections::BTreeSet<i64> = rows.iter().map(|r| r.2 as i64).collect();
        assert_eq!(ys.len(), 2, "two rows: {rows:?}");
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
        // Columns are 20px apart from x=34, rows 20px apart from y=20.
        let cell = |col: f64, row: f64| (34.0 + 20.0 * col, 20.0 + 20.0 * row);
        let legend_y = 20.0 + 140.0 + 14.0;
        // Seven done days, plus the legend's sample square, in one path.
        assert_eq!(svg.matches("class=\"day hit\"").count(), 1);
        let hit = heat_squares(&svg, "hit");
        assert_eq!(hit.len(), 8, "{hit:?}");
        // Mon Nov 9 is the top of the first column; Mon Nov 16 one column
        // right of it, same row.
        assert!(near(hit[0], cell(0.0, 0.0)), "{hit:?}");
        assert!(hit.iter().any(|p| near(*p, cell(1.0, 0.0))), "{hit:?}");
        assert!(near(hit[7], (34.0, legend_y)), "{hit:?}");
        // Wed Nov 11, missed, is column 0 row 2, with its cross on it.
        let miss = layer(&svg, "miss");
        assert_eq!(
            heat_squares(&svg, "miss")[..1]
                .iter()
                .map(|p| near(*p, cell(0.0, 2.0)))
                .collect::<Vec<_>>(),
            [true]
        );
        assert!(
            miss.contains("<title>Missed, 1 day: Wed Nov 11</title>"),
            "{miss}"
        );
        assert!(miss.contains(&format!("stroke=\"{MISS_EDGE}\"")));
        let cross = &miss[miss.find("<path d=").unwrap_or(0)..];
        let (cx, cy) = starts(cross)[0];
        assert!(
            near((cx * HEAT_PX, cy * HEAT_PX), (34.0 + 4.48, 60.0 + 4.48)),
            "{cross}"
        );
        // Fri Nov 20 is today, dashed, in column 1 row 4.
        assert!(near(heat_squares(&svg, "pending")[0], cell(1.0, 4.0)));
        // Thu Nov 12 was a break, like Dec 21 to 31 ahead; the hatching is
        // the break pattern, drawn back at its own size under the scale.
        let brk = layer(&svg, "break");
        assert!(brk.contains("fill=\"url(#h-break)\""), "{brk}");
        assert!(svg.contains("<pattern id=\"h-break\""));
        assert!(svg.contains("patternTransform=\"rotate(45) scale(0.25)\""));
        let breaks = heat_squares(&svg, "break");
        assert_eq!(breaks.len(), 1 + 11 + 1, "{breaks:?}");
        assert!(near(breaks[0], cell(0.0, 3.0)));
        assert!(
            breaks.iter().any(|p| near(*p, cell(6.0, 0.0))),
            "Mon Dec 21"
        );
        assert!(
            brk.contains("<title>School break, 12 days: Winter break</title>"),
            "{brk}"
        );
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
        // Nov 21 to Dec 31 are drawn as empty days ahead, with December
        // labelled: a pattern of day squares, whose tiles start half the
        // 4px gap up and left of the first cell, fills three rectangles
        // of whole tiles: the rest of today's week (Sat Nov 21 and Sun
        // Nov 22), the whole weeks after it (Nov 23 to Dec 27, columns 2 to
        // 6), and the year's last week, Mon Dec 28 to Thu Dec 31.
        let Some((rects, pattern)) = ahead_area(&svg) else {
            panic!("no days ahead in {svg}")
        };
        assert_eq!(pattern, [32.0, 18.0, 20.0, 20.0]);
        let corner = |col: f64, row: f64| (cell(col, row).0 - 2.0, cell(col, row).1 - 2.0);
        let rect =
            |from: (f64, f64), cols: f64, rows: f64| [from.0, from.1, cols * 20.0, rows * 20.0];
        assert_eq!(
            rects,
            [
                rect(corner(1.0, 5.0), 1.0, 2.0),
                rect(corner(2.0, 0.0), 5.0, 7.0),
                rect(corner(7.0, 0.0), 1.0, 4.0),
            ]
        );
        assert_eq!(area_cells(&svg).len(), 41);
        assert!(!layer(&svg, "ahead").contains("<path"));
        assert!(layer(&svg, "ahead").contains("<title>Still ahead, 30 days</title>"));
        assert!(svg.contains(">Dec</text>"));
        // The break days ahead (Dec 21 to 27 lie on the rectangle) are
        // drawn after it, so on top, and first cleared to white as wide as
        // an edged square, so no edge shows around their hatching.
        assert!(svg.find("<g class=\"day ahead\"") < svg.find("<g class=\"day break\""));
        assert!(
            brk.contains(
                "<g fill=\"#fff\" stroke=\"#fff\" stroke-width=\"1.25\"><path id=\"h-break-sq\""
            ),
            "{brk}"
        );
        assert!(brk.contains("<use href=\"#h-break-sq\"/>"), "{brk}");
        // No tooltip per day: one per kind (eight, counting the legend's
        // partly done and skipped samples), besides the picture's own.
        assert_eq!(svg.matches("<title").count(), 1 + 8);
    }

    /// A practice's days as a busy repository has them: `n` days from
    /// `start`, weekends unscheduled, a fall break, a mix of done, partly
    /// done, missed and skipped school days, and today not yet recorded.
    fn school_days(start: Date, n: i64) -> Vec<Day> {
        (0..n)
            .map(|i| {
                let d = add_days(start, i).unwrap_or(start);
                let status = if d.weekday().to_monday_zero_offset() >= 5 {
                    DayStatus::Unscheduled
                } else if (date(2026, 10, 12)..=date(2026, 10, 16)).contains(&d) {
                    DayStatus::Break
                } else if i == n - 1 {
                    DayStatus::Pending
                } else if i % 11 == 3 {
                    DayStatus::Miss
                } else if i % 13 == 5 {
                    DayStatus::Partial
                } else if i % 29 == 7 {
                    DayStatus::Skip
                } else {
                    DayStatus::Hit
                };
                let value = match status {
                    DayStatus::Hit => Some(3.0),
                    DayStatus::Partial => Some(1.0),
                    DayStatus::Miss => Some(0.0),
                    _ => None,
                };
                day(d, status, value)
            })
            .collect()
    }

    #[test]
    fn a_school_years_heatmap_is_a_few_kilobytes_and_a_path_per_kind() {
        // A school year from Mon Aug 31 to Fri Jun 11, seen on any day of it.
        // (It was 34–48 KB with an element and a tooltip per day.)
        let fall = crate::model::Break {
            name: "Fall break".into(),
            from: date(2026, 10, 12),
            to: date(2026, 10, 16),
        };
        for n in [1, 60, 120, 200, 285] {
            let days = school_days(date(2026, 8, 31), n);
            let svg = heatmap(
                "heat-classroom-visits",
                "Three classroom visits a day: every day so far",
                &days,
                "visits",
                Some(date(2027, 6, 11)),
                std::slice::from_ref(&fall),
            );
            well_formed(&svg);
            assert!(svg.len() < 8 * 1024, "{n} days: {} bytes", svg.len());
            // As many paths as kinds of day (and marks on them), however
            // many days.
            let paths = svg.matches("<path").count();
            assert!(paths <= 8 + 2 + 1 + 1, "{n} days: {paths} paths");
            // Every day of the year is a square, drawn once (a break ahead
            // on top of the weeks ahead's pattern), on the grid: 41 weeks
            // from Mon Aug 31 to Fri Jun 11.
            let mut cells = grid_squares(&svg);
            cells.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
            let mut seen: Vec<(f64, f64)> = Vec::new();
            for (p, class) in &cells {
                let (col, row) = ((p.0 - 34.0) / 20.0, (p.1 - 20.0) / 20.0);
                assert!(
                    col.fract().abs() < 0.02 && row.fract().abs() < 0.02,
                    "{n} days: {class} {p:?} off the grid"
                );
                assert!((0.0..41.0).contains(&col) && (0.0..7.0).contains(&row));
                if seen.last().is_some_and(|q| near(*q, *p)) {
                    // Only a break may lie on the pattern.
                    let mut twice: Vec<_> = cells
                        .iter()
                        .filter(|c| near(c.0, *p))
                        .map(|c| c.1)
                        .collect();
                    twice.sort_unstable();
                    assert_eq!(twice, ["ahead", "break"], "{n} days: {p:?}");
                } else {
                    seen.push(*p);
                }
            }
            assert_eq!(seen.len(), 41 * 7 - 2, "{n} days");
            // Plus the 7 legend samples, one per kind of day.
            let legend: usize = [
                "hit",
                "partial",
                "miss",
                "skip",
                "pending",
                "break",
                "unscheduled",
            ]
            .iter()
            .map(|c| heat_squares(&svg, c).iter().filter(|p| p.1 > 170.0).count())
            .sum();
            assert_eq!(legend, 7, "{n} days");
        }
        // A longer practice, 400 days: still one path per kind (it was 64 KB).
        let svg = heatmap("h", "x", &school_days(date(2026, 8, 3), 400), "", None, &[]);
        assert!(svg.len() < 10 * 1024, "{} bytes", svg.len());
        assert!(svg.matches("<path").count() <= 12);
    }

    fn fall_break() -> crate::model::Break {
        crate::model::Break {
            name: "Fall break".into(),
            from: date(2026, 10, 12),
            to: date(2026, 10, 16),
        }
    }

    /// Markup less its text: the month labels grow with the weeks shown.
    fn without_text(svg: &str) -> String {
        let mut out = String::new();
        let mut rest = svg;
        while let Some(i) = rest.find("<text") {
            out.push_str(&rest[..i]);
            let j = rest[i..].find("</text>").map_or(rest.len(), |j| i + j + 7);
            rest = &rest[j..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn the_weeks_ahead_are_a_few_elements_however_many() {
        // Two weeks recorded, to Fri Sep 11; the year ending 10 or 40 weeks
        // later, on a Friday (so a last week of five days).
        let days = school_days(date(2026, 8, 31), 12);
        let last = date(2026, 9, 11);
        let svg_for = |weeks: i64| heatmap("h", "x", &days, "", add_days(last, 7 * weeks), &[]);
        let (near_end, far_end) = (svg_for(10), svg_for(40));
        well_formed(&near_end);
        well_formed(&far_end);
        // The same elements in the ahead layer: three patterned rectangles,
        // the rest of this week, the whole weeks, the last week.
        let (a, b) = (layer(&near_end, "ahead"), layer(&far_end, "ahead"));
        assert_eq!(a.matches('<').count(), b.matches('<').count(), "{a}\n{b}");
        assert_eq!(a.matches("<rect ").count(), 3, "{a}");
        assert!(b.len() - a.len() < 8, "{a}\n{b}");
        assert_eq!(area_cells(&near_end).len(), 2 + 9 * 7 + 5);
        assert_eq!(area_cells(&far_end).len(), 2 + 39 * 7 + 5);
        assert!(a.contains("<title>Still ahead, 70 days</title>"), "{a}");
        assert!(b.contains("<title>Still ahead, 280 days</title>"), "{b}");
        // 30 more weeks cost a few digits, and a label per month (they
        // were 30 × 7 squares, some 2.5 KB).
        let grown = far_end.len() - near_end.len();
        assert!(grown < 250, "{grown} bytes more");
        let grown = without_text(&far_end).len() - without_text(&near_end).len();
        assert!(grown < 16, "{grown} bytes more besides the labels");
        for m in ["Dec", "Jan", "Jun"] {
            assert!(far_end.contains(&format!(">{m}</text>")), "{m}");
        }
    }

    #[test]
    fn an_early_years_heatmap_is_under_4_kb() {
        // The first week of the year recorded, 40 weeks still ahead with
        // the fall break among them.
        let days = school_days(date(2026, 8, 31), 5);
        let svg = heatmap(
            "heat-classroom-visits",
            "Three classroom visits a day: every day so far",
            &days,
            "visits",
            Some(date(2027, 6, 11)),
            &[fall_break()],
        );
        well_formed(&svg);
        assert!(svg.len() < 4 * 1024, "{} bytes", svg.len());
        // Sat Sep 5 to Fri Jun 11, less the five days of the fall break.
        let ahead = days_between(date(2026, 9, 4), date(2027, 6, 11)) - 5;
        assert!(
            layer(&svg, "ahead").contains(&format!("<title>Still ahead, {ahead} days</title>")),
            "{svg}"
        );
        assert!(layer(&svg, "break").contains("<title>School break, 5 days: Fall break</title>"));
        for m in ["Sep", "Oct", "Jan", "Jun"] {
            assert!(svg.contains(&format!(">{m}</text>")), "{m}");
        }
    }

    #[test]
    fn the_pattern_of_the_days_ahead_lands_on_the_grid() {
        // Recorded Mon Aug 31 to Wed Nov 18 (columns 0 to 11), the year
        // ending Sun Jun 13: the days ahead are Thu Nov 19 to Sun Nov 22,
        // then whole weeks, columns 12 to 40.
        let days = school_days(date(2026, 8, 31), 80);
        let svg = heatmap("h", "x", &days, "", Some(date(2027, 6, 13)), &[]);
        well_formed(&svg);
        // The recorded days' squares: 16px wide, columns 20px apart from
        // x=34, rows 20px apart from y=20.
        let recorded: Vec<(f64, f64)> = ["hit", "partial", "miss", "pending"]
            .iter()
            .flat_map(|c| heat_squares(&svg, c))
            .filter(|p| p.1 < 170.0)
            .collect();
        let today = date(2026, 11, 18);
        let last_x = recorded.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        assert!((last_x - (34.0 + 11.0 * 20.0)).abs() < 0.3, "{last_x}");
        let Some((rects, [px, py, pw, ph])) = ahead_area(&svg) else {
            panic!("no days ahead in {svg}")
        };
        // Tiles of one pitch, whose squares, 2px in, are the grid's cells:
        // every recorded day lies on a tile's square.
        assert_eq!((pw, ph), (20.0, 20.0));
        for (x, y) in &recorded {
            let (col, row) = ((x - (px + 2.0)) / pw, (y - (py + 2.0)) / ph);
            assert!(
                col.fract().abs() < 0.02 && row.fract().abs() < 0.02,
                "{x},{y}"
            );
        }
        // Each rectangle starts at a tile's corner and spans whole tiles:
        // Thursday to Sunday below today's square, then 29 weeks.
        let today_y = heat_squares(&svg, "pending")[0].1;
        assert!((today_y - (20.0 + 2.0 * 20.0)).abs() < 0.3, "{today_y}");
        assert_eq!(
            rects,
            [
                [last_x - 2.0, today_y + 20.0 - 2.0, 20.0, 4.0 * 20.0],
                [last_x + 20.0 - 2.0, py, 29.0 * 20.0, 7.0 * 20.0],
            ]
        );
        for [x, y, w, h] in &rects {
            for v in [(x - px) / pw, (y - py) / ph, w / pw, h / ph] {
                assert!(v.fract().abs() < 1e-9, "{rects:?}");
            }
        }
        // The tile's square: 2px in, 16px wide, the 2px corners and 1px
        // edge of a day square with an edge, white inside.
        let tile = &svg[svg.find("<pattern id=\"h-ahead\"").unwrap_or(0)..];
        let tile = &tile[..tile.find("</pattern>").unwrap_or(0)];
        let square = |name: &str| attr(tile, "<rect ", name) * HEAT_PX;
        assert_eq!(
            ["x", "y", "width", "height", "rx", "stroke-width"].map(square),
            [2.0, 2.0, 16.0, 16.0, R, 1.0]
        );
        assert!(
            tile.contains(&format!("fill=\"#fff\" stroke=\"{GRID}\"")),
            "{tile}"
        );
        let ahead = days_between(today, date(2027, 6, 13));
        assert!(layer(&svg, "ahead").contains(&format!("<title>Still ahead, {ahead} days</title>")));
    }

    #[test]
    fn two_heatmaps_on_a_page_share_no_id() {
        // Both with the weeks ahead, a break on them, and every layer.
        let days = school_days(date(2026, 8, 31), 20);
        let page: Vec<String> = ["heat-a", "heat-b"]
            .iter()
            .map(|id| heatmap(id, "x", &days, "", Some(date(2027, 6, 11)), &[fall_break()]))
            .collect();
        let mut all = Vec::new();
        for svg in &page {
            let (ids, refs) = ids_and_refs(svg);
            assert!(ids.iter().any(|i| i.ends_with("-ahead")), "{svg}");
            // Each picture refers only to what it defines itself.
            for r in refs {
                assert!(ids.contains(&r), "#{r} undefined in {svg}");
            }
            all.extend(ids);
        }
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n, "{all:?}");
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
        assert!(svg.contains("Visits: 9 done, 5 missed"));
        // Squares 17px apart from x=1, each path inset by the 2px radius.
        let x_of = |p: &(f64, f64)| ((p.0 - R - 1.0) / 17.0, p.1 - R);
        let hit: Vec<_> = starts(layer(&svg, "hit")).iter().map(x_of).collect();
        let miss: Vec<_> = starts(layer(&svg, "miss")).iter().map(x_of).collect();
        assert_eq!(hit.len() + miss.len(), 14);
        assert_eq!(
            miss,
            [(0.0, 1.0), (3.0, 1.0), (6.0, 1.0), (9.0, 1.0), (12.0, 1.0)]
        );
        // Each missed day has its cross (two strokes); the tooltips name
        // the days.
        let m = layer(&svg, "miss");
        let cross = starts(&m[m.find("<path d=").unwrap_or(0)..]);
        assert_eq!(cross.len(), 2 * 5);
        assert!(near(
            cross[2],
            (1.0 + 3.0 * 17.0 + 14.0 * 0.28, 1.0 + 14.0 * 0.28)
        ));
        assert!(m.contains(
            "<title>Missed, 5 days: Sat Nov 7, Tue Nov 10, Fri Nov 13, Mon Nov 16, Thu Nov 19</title>"
        ), "{m}");
        assert!(layer(&svg, "hit").contains("<title>Done, 9 days: Sun Nov 8,"));
        // No break shown, so no hatching defined.
        assert!(!svg.contains("<pattern"));
        assert!(svg.len() < 1600, "{} bytes", svg.len());
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
    use super::{F1, P, P2};

    #[test]
    fn short_numbers_drop_what_they_do_not_need() {
        let p: Vec<String> = [36.0, 5.5, -20.0, -0.5, 0.04, 181.24]
            .iter()
            .map(|x| P(*x).to_string())
            .collect();
        assert_eq!(p, ["36", "5.5", "-20", "-0.5", "0", "181.2"]);
        let p2: Vec<String> = [1.25, 0.75, 1.0, 0.5, 0.35, 0.88, -1.76, 0.004]
            .iter()
            .map(|x| P2(*x).to_string())
            .collect();
        assert_eq!(
            p2,
            ["1.25", "0.75", "1", "0.5", "0.35", "0.88", "-1.76", "0"]
        );
    }

    #[test]
    fn one_decimal_like_the_standard_formatter() {
        for x in [0.0, 0.04, 0.05, 1.25, 12.34, -3.26, 99.96, 1234.5] {
            let ours = F1(x).to_string();
            let std = format!("{:.1}", (x * 10.0f64).round() / 10.0);
            assert_eq!(ours, std, "{x}");
        }
    }
}
