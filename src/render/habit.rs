//! The habit-history chart of a practice's page, as the Loop Habit Tracker
//! shows it: completion per week as bars, habit strength as a line.

use super::dates;
use super::svg::{esc, pct, P};
use crate::analysis::practice::WeekFigures;
use std::fmt::Write;

const W: f64 = 640.0;
const H: f64 = 170.0;
const ML: f64 = 52.0;
const MR: f64 = 10.0;
const MT: f64 = 12.0;
const MB: f64 = 24.0;
const BAR: &str = "#b9dcc4";
const LINE: &str = "#1f5f3a";
const GRID: &str = "#d9dee4";
const MUTED: &str = "#52606d";

/// The chart, or `None` with fewer than two weeks to show.
pub(crate) fn habit_history(id: &str, title: &str, weeks: &[WeekFigures]) -> Option<String> {
    let (first, last) = (weeks.first()?, weeks.last()?);
    if weeks.len() < 2 {
        return None;
    }
    let n = weeks.len() as f64;
    let plot_w = W - ML - MR;
    let plot_h = H - MT - MB;
    let step = plot_w / n;
    let x = |i: usize| ML + step * i as f64;
    let y = |v: f64| MT + plot_h * (1.0 - v.clamp(0.0, 1.0));
    let id = esc(id);
    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        r##"<svg class="habit" viewBox="0 0 {W} {H}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" font-family="system-ui, sans-serif" font-size="11"><title id="{id}-t">{}: habit history</title><desc id="{id}-d">Week by week from {} to {}: bars show how much of each week's scheduled practice was done, the line the habit strength, now {}.</desc>"##,
        esc(title),
        dates::medium(first.monday),
        dates::medium(last.monday),
        pct(last.strength)
    );
    for v in [0.0, 0.5, 1.0] {
        let yy = P(y(v));
        let _ = write!(
            s,
            r##"<line x1="{ML}" y1="{yy}" x2="{}" y2="{yy}" stroke="{GRID}"/><text x="{}" y="{}" text-anchor="end" fill="{MUTED}">{}</text>"##,
            P(W - MR),
            P(ML - 6.0),
            P(yy.0 + 4.0),
            pct(v)
        );
    }
    // Completion bars, one per week.
    let mut bars = String::new();
    for (i, w) in weeks.iter().enumerate() {
        if let Some(c) = w.completion {
            let top = y(c);
            let _ = write!(
                bars,
                "M{} {}h{}V{}h-{}z",
                P(x(i) + step * 0.15),
                P(y(0.0)),
                P(step * 0.7),
                P(top),
                P(step * 0.7)
            );
        }
    }
    if !bars.is_empty() {
        let _ = write!(s, r##"<path class="done" d="{bars}" fill="{BAR}"/>"##);
    }
    // Strength line through each week's middle.
    let points: Vec<String> = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| format!("{},{}", P(x(i) + step / 2.0), P(y(w.strength))))
        .collect();
    let _ = write!(
        s,
        r##"<polyline class="strength" points="{}" fill="none" stroke="{LINE}" stroke-width="2.5" stroke-linejoin="round"/>"##,
        points.join(" ")
    );
    // A month's name under its first week.
    let mut month = None;
    for (i, w) in weeks.iter().enumerate() {
        let m = w.monday.month();
        if month != Some(m) {
            month = Some(m);
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" fill="{MUTED}">{}</text>"##,
                P(x(i)),
                P(H - 8.0),
                dates::month_short(w.monday)
            );
        }
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(monday: &str, completion: Option<f64>, strength: f64) -> WeekFigures {
        WeekFigures {
            monday: monday.parse().unwrap(),
            completion,
            strength,
            recorded: None,
        }
    }

    #[test]
    fn bars_for_weeks_that_counted_and_a_line_through_every_week() {
        let weeks = [
            week("2026-10-26", Some(1.0), 0.2),
            week("2026-11-02", None, 0.2),
            week("2026-11-09", Some(0.5), 0.3),
        ];
        let svg = habit_history("h", "Visits", &weeks).unwrap();
        let bars = svg
            .split("class=\"done\" d=\"")
            .nth(1)
            .and_then(|r| r.split('"').next());
        assert_eq!(
            bars.map(|d| d.matches('z').count()),
            Some(2),
            "two bars: {svg}"
        );
        let points = svg
            .split("points=\"")
            .nth(1)
            .and_then(|r| r.split('"').next());
        assert_eq!(
            points.map(|p| p.split(' ').count()),
            Some(3),
            "three points"
        );
        assert!(svg.contains(">Oct<") && svg.contains(">Nov<"));
        assert!(svg.contains("the habit strength, now 30%"));
        assert!(!svg.contains("NaN"));
        assert!(habit_history("h", "Visits", &weeks[..1]).is_none());
    }
}
