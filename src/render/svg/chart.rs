//! The progress chart of a progress goal's page: measurements against the
//! expected pace from baseline to target, with today, the on-track band
//! and the trend to the due date.

use super::*;

/// What a progress chart shows.
#[derive(Debug, Clone)]
pub(crate) struct ChartInput<'a> {
    /// Unique within the page (used for element ids).
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) unit: &'a str,
    pub(crate) baseline: Option<f64>,
    pub(crate) target: Option<f64>,
    pub(crate) start: Option<Date>,
    pub(crate) due: Option<Date>,
    pub(crate) today: Date,
    /// (date, value), oldest first.
    pub(crate) points: &'a [(Date, f64)],
    /// The trend's value at `due`, drawn as a dotted continuation of the
    /// measured line (only while `due` is ahead).
    pub(crate) forecast: Option<f64>,
    /// Half the width of the on-track band around the expected pace, in
    /// the goal's unit (analysis decides it: a tenth of the way from
    /// baseline to target); drawn shaded behind the pace line.
    pub(crate) tolerance: Option<f64>,
}

pub(super) const CW: f64 = 640.0;
pub(super) const CH: f64 = 280.0;
pub(super) const ML: f64 = 52.0;
pub(super) const MR: f64 = 84.0;
pub(super) const MT: f64 = 28.0;
pub(super) const MB: f64 = 40.0;

/// Measurements against the straight expected-pace line from baseline at
/// `start` to target at `due`, with a today marker.
pub(crate) fn progress_chart(input: &ChartInput<'_>) -> String {
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
            r##"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{GRID}" stroke-width="1"/><text x="{}" y="{}" text-anchor="end" fill="{MUTED}">{}</text>"##,
            f(ML),
            f(CW - MR),
            f(ML - 6.0),
            D1(y + 4.0),
            esc(&with_unit(v, if unit == "%" { "%" } else { "" })),
            y = D1(y)
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
                r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{GRID}"/><text x="{x}" y="{}" text-anchor="middle" fill="{MUTED}">{}</text>"##,
                f(CH - MB),
                f(CH - MB + 5.0),
                f(CH - MB + 18.0),
                esc(&label),
                x = D1(x)
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
            r##"<polygon class="band" points="{},{} {},{} {},{} {},{}" fill="{HIT}" fill-opacity="0.14"><title>On track: within {} of the expected pace</title></polygon>"##,
            D1(sx(st)),
            D1(sy(b + d)),
            D1(sx(du)),
            D1(sy(t + d)),
            D1(sx(du)),
            D1(sy(t - d)),
            D1(sx(st)),
            D1(sy(b - d)),
            esc(&gap((d * 10.0).round() / 10.0, unit))
        );
    }
    // Target line.
    if let Some(t) = input.target {
        let y = sy(t);
        let _ = write!(
            s,
            r##"<line class="target" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{HIT}" stroke-width="1.5" stroke-dasharray="2 3"/><text x="{}" y="{}" fill="{HIT}" font-weight="600" text-anchor="end">Target {}</text>"##,
            f(ML),
            f(CW - MR),
            // Anchored at the right edge: the larger text of a phone grows
            // leftwards, into the margin, never out of the picture.
            f(CW - 2.0),
            D1(y + 4.0),
            esc(&num(t)),
            y = D1(y)
        );
    }
    // Expected pace line.
    if let (Some(b), Some(t), Some(st), Some(du)) =
        (input.baseline, input.target, input.start, input.due)
    {
        let _ = write!(
            s,
            r##"<line class="pace" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="6 4"><title>Expected pace: {} on {} to {} by {}</title></line>"##,
            D1(sx(st)),
            D1(sy(b)),
            D1(sx(du)),
            D1(sy(t)),
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
        r##"<g class="today"><line x1="{tx}" y1="{}" x2="{tx}" y2="{}" stroke="{INK}" stroke-width="1"/><text x="{tx}" y="{}" text-anchor="middle" fill="{INK}" font-weight="600">Today</text></g>"##,
        f(MT),
        f(CH - MB),
        f(MT - 10.0),
        tx = D1(tx)
    );
    // Trend: dotted, from the last point to the due date.
    if let Some(((d0, v0), (d1, v1))) = trend {
        let _ = write!(
            s,
            r##"<line class="forecast" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{LINE}" stroke-width="2" stroke-dasharray="1 4" stroke-linecap="round"><title>Trend so far: {} by {}</title></line>"##,
            D1(sx(d0)),
            D1(sy(v0)),
            D1(sx(d1)),
            D1(sy(v1)),
            esc(&with_unit((v1 * 10.0).round() / 10.0, unit)),
            esc(&dates::short(d1))
        );
    }
    // Series.
    if !input.points.is_empty() {
        let pts: Vec<String> = input
            .points
            .iter()
            .map(|(d, v)| format!("{},{}", D1(sx(*d)), D1(sy(*v))))
            .collect();
        let _ = write!(
            s,
            r##"<polyline class="series" points="{}" fill="none" stroke="{LINE}" stroke-width="2.5" stroke-linejoin="round"/>"##,
            pts.join(" ")
        );
        for (d, v) in input.points {
            let _ = write!(
                s,
                r##"<circle class="point" cx="{}" cy="{}" r="4.5" fill="{LINE}" stroke="#fff" stroke-width="1.5"><title>{}: {}</title></circle>"##,
                D1(sx(*d)),
                D1(sy(*v)),
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

/// A distance from the expected pace: for a percentage it is percentage
/// points ("1.6 points"), not a percent of anything.
fn gap(value: f64, unit: &str) -> String {
    match unit {
        "%" if value == 1.0 => "1 point".to_string(),
        "%" => format!("{} points", super::num(value)),
        _ => with_unit(value, unit),
    }
}
