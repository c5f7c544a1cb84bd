//! A coaching cycle's picture (FORMAT §12): the pre-assessment and the
//! post-assessment joined by a line, against the target drawn as a dashed
//! line across. The values are written beside their points, so nothing
//! rests on colour or position alone.

use super::{esc, num, with_unit, D1, GRID, INK, MUTED};
use std::fmt::Write as _;

/// What the picture shows.
pub(crate) struct CycleChartInput<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) unit: &'a str,
    pub(crate) pre: Option<f64>,
    pub(crate) post: Option<f64>,
    pub(crate) target: Option<f64>,
    /// "Oct 6" under the pre point, "Nov 12" under the post point.
    pub(crate) pre_label: &'a str,
    pub(crate) post_label: &'a str,
}

const W: f64 = 320.0;
const H: f64 = 170.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 132.0;
const PRE_X: f64 = 80.0;
const POST_X: f64 = 240.0;

/// The chart, or `None` when there is nothing to draw (no pre, post or target).
pub(crate) fn cycle_chart(c: &CycleChartInput) -> Option<String> {
    let values: Vec<f64> = [c.pre, c.post, c.target]
        .into_iter()
        .flatten()
        .filter(|v| v.is_finite())
        .collect();
    if values.is_empty() {
        return None;
    }
    let (mut lo, mut hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if c.unit == "%" {
        lo = lo.min(0.0);
        hi = hi.max(100.0);
    } else {
        lo = lo.min(0.0);
        let pad = ((hi - lo) * 0.1).max(1.0);
        hi += pad;
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let y = |v: f64| BOTTOM - (v - lo) / (hi - lo) * (BOTTOM - TOP);
    let id = esc(c.id);
    let said = |v: Option<f64>| v.map_or("not recorded".to_string(), |v| with_unit(v, c.unit));
    let desc = format!(
        "Pre-assessment {}, post-assessment {}, target {}.",
        said(c.pre),
        said(c.post),
        said(c.target)
    );
    let mut s = String::with_capacity(2048);
    let _ = write!(
        s,
        r##"<svg class="cycle-chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"##,
        esc(c.title),
        esc(&desc)
    );
    // The axis, and a light line at the bottom value.
    let _ = write!(
        s,
        r##"<line x1="2" y1="{BOTTOM}" x2="{}" y2="{BOTTOM}" stroke="{GRID}"/><line x1="2" y1="{TOP}" x2="{}" y2="{TOP}" stroke="{GRID}" stroke-dasharray="2 3"/><text x="2" y="{}" font-size="11" fill="{MUTED}">{}</text><text x="2" y="{}" font-size="11" fill="{MUTED}">{}</text>"##,
        W - 10.0,
        W - 10.0,
        D1(BOTTOM - 4.0),
        esc(&num(lo)),
        D1(TOP - 4.0),
        esc(&num(hi))
    );
    if let Some(t) = c.target.filter(|t| t.is_finite()) {
        let ty = y(t);
        let _ = write!(
            s,
            r##"<g class="target"><line x1="2" y1="{ty}" x2="{}" y2="{ty}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="4" y="{}" font-size="11" fill="{INK}">Target {}</text></g>"##,
            W - 10.0,
            D1(ty - 5.0),
            esc(&with_unit(t, c.unit)),
            ty = D1(ty)
        );
    }
    if let (Some(a), Some(b)) = (c.pre, c.post) {
        let _ = write!(
            s,
            r##"<line class="gain" x1="{PRE_X}" y1="{}" x2="{POST_X}" y2="{}" stroke="{INK}" stroke-width="2.5"/>"##,
            D1(y(a)),
            D1(y(b))
        );
    }
    // The pre value left of its point, the post value right of its own.
    for (value, x, label, name, side) in [
        (c.pre, PRE_X, c.pre_label, "Pre", -1.0),
        (c.post, POST_X, c.post_label, "Post", 1.0),
    ] {
        let _ = write!(
            s,
            r##"<text x="{x}" y="{}" font-size="12" text-anchor="middle" fill="{INK}">{name}</text><text x="{x}" y="{}" font-size="11" text-anchor="middle" fill="{MUTED}">{}</text>"##,
            D1(BOTTOM + 16.0),
            D1(BOTTOM + 30.0),
            esc(label)
        );
        if let Some(v) = value.filter(|v| v.is_finite()) {
            let py = y(v);
            let _ = write!(
                s,
                r##"<circle cx="{x}" cy="{py}" r="5" fill="{INK}"/><text x="{}" y="{}" font-size="12" font-weight="bold" text-anchor="{}" fill="{INK}">{}</text>"##,
                x + side * 9.0,
                D1(py + 4.0),
                if side < 0.0 { "end" } else { "start" },
                esc(&with_unit(v, c.unit)),
                py = D1(py)
            );
        }
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_chart_says_its_figures_in_words() {
        let svg = cycle_chart(&CycleChartInput {
            id: "c",
            title: "Cycle",
            unit: "%",
            pre: Some(35.0),
            post: Some(74.0),
            target: Some(80.0),
            pre_label: "Oct 6",
            post_label: "Nov 12",
        })
        .unwrap();
        assert!(svg.contains(
            "<desc id=\"c-d\">Pre-assessment 35%, post-assessment 74%, target 80%.</desc>"
        ));
        assert!(svg.contains(">Target 80%</text>"));
        assert!(svg.contains("class=\"gain\""));
        let none = CycleChartInput {
            pre: None,
            post: None,
            target: None,
            ..CycleChartInput {
                id: "c",
                title: "Cycle",
                unit: "",
                pre: None,
                post: None,
                target: None,
                pre_label: "",
                post_label: "",
            }
        };
        assert_eq!(cycle_chart(&none), None);
    }
}
