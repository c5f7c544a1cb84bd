//! The progress chart, the progress bar, numbers, and a drawing where a
//! template prints it.

use super::super::chart::{CW, ML, MR};
use super::*;
use jiff::civil::date;

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
    assert!(svg.contains("On track: within 1.3 points of the expected pace"));
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

#[test]
fn a_drawing_is_the_picture_where_a_template_prints_it_and_nothing_elsewhere() {
    use crate::analysis::practice::WeekFigures;
    // A weekly practice over three weeks: its weeks' records, the one
    // before the first day included, are what the strip shows.
    let days: Vec<Day> = (0..14)
        .map(|i| {
            let d = add_days(date(2026, 11, 11), i).unwrap_or(date(2026, 11, 11));
            match i % 4 {
                0 => day(d, DayStatus::Partial, Some(0.5)),
                _ => day(d, DayStatus::Unscheduled, None),
            }
        })
        .collect();
    let weeks: Vec<WeekFigures> = [
        "2026-10-26",
        "2026-11-02",
        "2026-11-09",
        "2026-11-16",
        "2026-11-23",
    ]
    .iter()
    .enumerate()
    .map(|(k, m)| WeekFigures {
        monday: m.parse().expect("date"),
        completion: Some(0.5),
        strength: 0.5,
        recorded: Some(k as f64),
    })
    .collect();
    let weekly = Weekly {
        weeks: &weeks,
        target: 3.0,
    };
    let drawn = Drawing::strip("s".into(), "Huddles".into(), &days, "", Some(weekly));
    let now = strip_in("s", "Huddles", &days, "", Some(weekly));
    assert_eq!(drawn.markup(), now);
    // The first day's week (from the week before it in the list) shows.
    assert!(now.contains("week of Nov 9 (2 of 3)"), "{now}");
    let bar = Drawing::bar(Some(0.5), Some(0.25), "#123456", "Half <done>".into());
    assert_eq!(
        bar.markup(),
        progress_bar(Some(0.5), Some(0.25), "#123456", "Half <done>")
    );

    // In a template: the markup where printed, false in `{% if %}` when
    // there is none; elsewhere (JSON) its markup too.
    let mut env = minijinja::Environment::new();
    env.add_template(
        "t",
        "{{ s | safe }}|{% if n %}shown{% else %}none{% endif %}|{{ n }}",
    )
    .expect("template");
    let ctx = minijinja::Value::from(minijinja::value::Serde(
        [("s", drawn.clone()), ("n", Drawing::none())]
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
    ));
    let out = env
        .get_template("t")
        .and_then(|t| t.render(ctx))
        .expect("render");
    assert_eq!(out, format!("{now}|none|"));
    assert_eq!(
        serde_json::to_string(&bar).expect("json"),
        serde_json::to_string(&bar.markup()).expect("json")
    );
}
