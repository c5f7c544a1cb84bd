//! Inline SVG pictures: the progress chart (`chart.rs`), the practice
//! heat-map and 14-day strip (`days/`), and here the state badges and the
//! progress bar, with the colours they share (escaping and numbers written
//! short come from [`super::format`], re-exported here for the views). Pure functions returning markup; no script, every picture has
//! a text alternative (`<title>`, `<desc>`), and colours are paired with
//! shape or position so state never rests on colour.

mod chart;
mod cycle;
mod days;
mod drawing;

pub(crate) use chart::{progress_chart, ChartInput};
pub(crate) use cycle::{cycle_chart, CycleChartInput};
#[cfg(test)]
use days::heatmap;
pub(crate) use days::{day_description, heatmap_in, strip, strip_in, Weekly, Year};
pub(crate) use drawing::Drawing;

use super::dates::{self, add_days, days_between};
pub(crate) use super::format::{esc, esc_into, num, pct, with_unit};
use super::format::{f, round, tenths, D1};
pub(super) use super::format::{P, P2};
use crate::analysis::{Day, DayStatus};
use crate::model::Date;
use std::fmt::Write as _;

// Colours, chosen for contrast on white (text colours ≥ 4.5:1).
pub(crate) const INK: &str = "#1f2933";
pub(crate) const MUTED: &str = "#52606d";
pub(crate) const GRID: &str = "#d9dee4";
pub(crate) const HIT: &str = "#2f7d4f";
pub(crate) const PARTIAL: &str = "#9fd3ae";
pub(crate) const MISS: &str = "#f2c4bd";
pub(crate) const MISS_EDGE: &str = "#b4473a";
pub(crate) const SKIP: &str = "#cfd5dc";
pub(crate) const BREAK: &str = "#dbe6f5";
pub(crate) const BREAK_STRIPE: &str = "#8aa9d6";
pub(crate) const UNSCHEDULED: &str = "#f3f4f6";
pub(crate) const LINE: &str = "#2456a6";

/// The small shape that goes with a state word, so a state never rests on
/// colour alone: a circle (on track), a triangle (at risk), a square (off
/// track), a diamond (overdue), a ticked circle (achieved), a ring (no data).
pub(crate) fn state_shape(state: &str) -> &'static str {
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
pub(crate) fn state_badge(state: &str, label: &str) -> String {
    format!(
        r#"<span class="badge state-{}">{}<span>{}</span></span>"#,
        esc(state),
        state_shape(state),
        esc(label)
    )
}

/// A horizontal progress bar; `fraction` is clamped to 0–1, `expected` is
/// drawn as a tick with a small triangle above it. `color` fills the bar.
pub(crate) fn progress_bar(
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
                r##"<rect class="fill" x="0.5" y="{bar_y}" width="{fw}" height="{bar_h}" rx="3" fill="{}"/>"##,
                esc(color),
                fw = D1(fw)
            );
        }
    }
    if let Some(ex) = expected.filter(|x| x.is_finite()) {
        let x = 0.5 + (w - 1.0) * ex.clamp(0.0, 1.0);
        let _ = write!(
            s,
            r##"<g class="expected"><path d="M{} 0L{} 0L{x} 5Z" fill="{INK}"/><line x1="{x}" y1="4" x2="{x}" y2="{}" stroke="{INK}" stroke-width="2"/></g>"##,
            D1(x - 4.0),
            D1(x + 4.0),
            D1(h - 1.0),
            x = D1(x)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests;
