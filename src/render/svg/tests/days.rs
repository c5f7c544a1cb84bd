//! The pictures of days: the heat-map (weeks in columns, the days ahead
//! as one pattern, breaks, its legend) and the strip.

use super::super::days::{legend_layout, HEAT_PX, LEGEND_WIDTH, R};
use super::*;
use jiff::civil::date;

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

/// The classes of the kinds of day, in the legend's order: it shows
/// one sample of each.
const DAY_CLASSES: [&str; 7] = [
    "hit",
    "partial",
    "miss",
    "skip",
    "pending",
    "break",
    "unscheduled",
];

/// Every square of a heat-map with its kind, the pattern's included
/// (as "ahead"), the legend's left out.
fn grid_squares(svg: &str) -> Vec<((f64, f64), &'static str)> {
    let legend_y = 20.0 + 140.0 + 14.0;
    let mut out: Vec<_> = area_cells(svg).into_iter().map(|p| (p, "ahead")).collect();
    for class in DAY_CLASSES.into_iter().chain(["ahead"]) {
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
    let rows = legend_layout(34.0, 100.0, false);
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
    let rect = |from: (f64, f64), cols: f64, rows: f64| [from.0, from.1, cols * 20.0, rows * 20.0];
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
    assert!(layer(&svg, "ahead")
        .contains("<title>Days still ahead in this school year, 30 days</title>"));
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
        let legend: usize = DAY_CLASSES
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
    assert!(
        a.contains("<title>Days still ahead in this school year, 70 days</title>"),
        "{a}"
    );
    assert!(
        b.contains("<title>Days still ahead in this school year, 280 days</title>"),
        "{b}"
    );
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
        layer(&svg, "ahead").contains(&format!(
            "<title>Days still ahead in this school year, {ahead} days</title>"
        )),
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
    assert!(layer(&svg, "ahead").contains(&format!(
        "<title>Days still ahead in this school year, {ahead} days</title>"
    )));
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
