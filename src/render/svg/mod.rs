//! Inline SVG pictures: the progress chart (`chart.rs`), the practice
//! heat-map and 14-day strip (`days.rs`), and here the state badges and the
//! progress bar, with what they all share: escaping, numbers written short,
//! colours. Pure functions returning markup; no script, every picture has
//! a text alternative (`<title>`, `<desc>`), and colours are paired with
//! shape or position so state never rests on colour.

mod chart;
mod cycle;
mod days;

pub use chart::{progress_chart, ChartInput};
pub use cycle::{cycle_chart, CycleChartInput};
pub use days::{day_description, day_label, heatmap, strip};

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

/// A value with its unit: `3 visits`, `71%`, `4`.
pub fn with_unit(value: f64, unit: &str) -> String {
    match unit {
        "" => num(value),
        "%" => format!("{}%", num(value)),
        u if value == 1.0 => format!("1 {}", super::words::singular(u)),
        u => format!("{} {u}", num(value)),
    }
}

/// A coordinate as short as it can be written: `36`, `36.5`.
#[derive(Clone, Copy)]
pub(super) struct P(pub(super) f64);

impl std::fmt::Display for P {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        tenths(out, self.0, true)
    }
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

/// A length to a hundredth, as short as it can be written: `1`, `1.25`,
/// `0.5` (a stroke width under `scale(4)` needs the second decimal).
#[derive(Clone, Copy)]
pub(super) struct P2(pub(super) f64);

impl std::fmt::Display for P2 {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hundredths = (self.0 * 100.0).round();
        if !hundredths.is_finite() || hundredths.abs() > 1e15 {
            return write!(out, "{:.2}", self.0);
        }
        fixed(out, hundredths as i64, 2, true)
    }
}

#[cfg(test)]
mod tests;

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
