//! What is needed next (FORMAT §7 v2) on the `next` fixture, every number
//! computed by hand: the required rate, the forecast, the buffer, the
//! `strategy-check` lint, their `goals.json` keys, and the alignment page.
//!
//! Today is Friday 2026-11-20. Breaks: Thanksgiving Nov 25–27, winter
//! Dec 21–Jan 1. Sprints are two weeks from Aug 31: Sprint 6 is Mon Nov 9
//! – Sun Nov 22 (no break in it).

use crate::prelude::*;
use crate::support::goal;
use goalpost::analysis::{Forecast, NoForecast, Report};
use serde_json::Value;

fn report() -> Report {
    Repo::fixture("next").report()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn rate(r: &Report, id: &str) -> Option<f64> {
    goal(r, id).progress.as_ref().unwrap().required_per_week
}

fn buffer(r: &Report, id: &str) -> Option<i64> {
    goal(r, id).practice.as_ref().unwrap().buffer
}

#[test]
fn no_errors() {
    let r = report();
    assert!(
        r.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        r.diagnostics
    );
}

#[test]
fn required_rate_counts_school_days_and_skips_breaks() {
    let r = report();
    // rate-up: 54 now, 60 by Fri Dec 18. School days from Sat Nov 21:
    // Nov 23, 24 (25–27 Thanksgiving), Nov 30–Dec 4, Dec 7–11, Dec 14–18
    // = 2 + 5 + 5 + 5 = 17 days = 3.4 weeks. (60 − 54) / 3.4.
    assert!(close(rate(&r, "rate-up").unwrap(), 6.0 / 3.4));
    // rate-down (lower is better): 18 now, 12 by Fri Jan 15. The 17 days
    // above, the winter break (none), Jan 4–8 and 11–15: 27 days = 5.4
    // weeks. (12 − 18) / 5.4, negative.
    assert!(close(rate(&r, "rate-down").unwrap(), -6.0 / 5.4));
}

#[test]
fn required_rate_is_null_once_achieved_or_overdue() {
    let r = report();
    assert_eq!(rate(&r, "done-already"), None, "achieved");
    assert_eq!(rate(&r, "late"), None, "overdue");
}

#[test]
fn forecast_needs_three_points_and_says_whether_it_reaches() {
    let r = report();
    // rate-up: (Sep 1, 50) baseline, (Oct 1, 52), (Nov 2, 54): exactly three
    // points, at x = 0, 30, 62 days. Mean x 92/3, mean y 52; Sxx = 5768/3,
    // Sxy = 124, slope 93/1442. Due Dec 18 is x = 108:
    // 52 + 93/1442 × (108 − 92/3) = 52 + 21576/4326 ≈ 56.988 < 60.
    let forecast = |id: &str| goal(&r, id).progress.as_ref().unwrap().forecast;
    let Forecast::Ahead(f) = forecast("rate-up") else {
        panic!(
            "rate-up runs to Dec 18 with three points: {:?}",
            forecast("rate-up")
        );
    };
    assert!(close(f.value, 52.0 + 21576.0 / 4326.0), "{f:?}");
    assert!(!f.reaches);
    // rate-down: the baseline and one measurement are two points: none.
    assert_eq!(
        forecast("rate-down"),
        Forecast::Missing(NoForecast::TooFewPoints)
    );
    // done-already: its Sep 1 measurement stands for the baseline, so
    // three points (0, 10), (30, 15), (62, 21): Sxy = 1024/3, slope
    // 1024/5768; at x = 108: 46/3 + 1024/5768 × 232/3 ≈ 29.06 ≥ 20.
    let Forecast::Ahead(f) = forecast("done-already") else {
        panic!("{:?}", forecast("done-already"));
    };
    assert!(
        close(f.value, 46.0 / 3.0 + 1024.0 / 5768.0 * 232.0 / 3.0),
        "{f:?}"
    );
    assert!(f.reaches);
}

#[test]
fn buffer_in_the_current_sprint() {
    let r = report();
    // Weekdays, Nov 9–20 done but the 18th skipped and today unrecorded:
    // P = 10 − 1 skip = 9, C = 8, R = 1 (today) → floor(9 − 7.2) = 1.
    assert_eq!(buffer(&r, "buf-weekdays"), Some(1));
    // Weekly, 3 calls: the week of Nov 9 made 3 (C = 1), the week of Nov 16
    // has 2 of 3 and is still running (R = 1); P = 2 → floor(2 − 1.6) = 0.
    assert_eq!(buffer(&r, "buf-weekly"), Some(0));
    // Daily: Nov 9–20 logged except the weekend of 14–15 (misses): C = 10,
    // R = 2 (Sat 21, Sun 22 ahead), P = 14 → floor(12 − 11.2) = 0.
    assert_eq!(buffer(&r, "buf-daily"), Some(0));
    // Weekdays, target 2: 0, 0, 0, 2, 1 (half), then 2 every day to today:
    // C = 6.5, R = 0, P = 10 → floor(6.5 − 8) = −2: out of reach.
    assert_eq!(buffer(&r, "buf-negative"), Some(-2));
}

#[test]
fn strategy_check_fires_at_exactly_80_percent_with_a_measurement_inside() {
    let r = report();
    let lints = |id: &str| goal(&r, id).lints.clone();
    // `steady` was done on 16 of the 20 school days Oct 26–Nov 20: 0.8.
    let steady = goal(&r, "steady").practice.as_ref().unwrap();
    assert_eq!(steady.completion_28d, Some(0.8));
    // The window is Oct 24–Nov 20; its start is Oct 23 (today − 28).
    // stuck: 48 on Oct 23 (on the window's start), 48 on Nov 16: no better.
    assert!(lints("stuck").contains(&goalpost::model::lint::Lint::StrategyCheck));
    // quiet: its last measurement is on Oct 23, not inside the window.
    assert!(!lints("quiet").contains(&goalpost::model::lint::Lint::StrategyCheck));
    // moving: 45 → 46, better.
    assert!(!lints("moving").contains(&goalpost::model::lint::Lint::StrategyCheck));
    // slack-goal is flat, but its practice was done 15 of 20 days: 0.75.
    assert_eq!(
        goal(&r, "slack").practice.as_ref().unwrap().completion_28d,
        Some(0.75)
    );
    assert!(!lints("slack-goal").contains(&goalpost::model::lint::Lint::StrategyCheck));
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "strategy-check")
        .expect("the diagnostic");
    assert_eq!(d.file, "goals/stuck.md");
    assert!(d
        .message
        .contains("48% (2026-11-16), no better than 48% on 2026-10-23"));
    assert!(d.hint.as_deref().unwrap_or("").contains('?'), "a question");
}

#[test]
fn goals_json_has_the_v2_keys_and_pages_show_the_figures() {
    let repo = Repo::fixture("next");
    repo.cmd(&["build"]).assert().code(0);
    let json: Value = serde_json::from_str(&repo.read("site/goals.json")).expect("json");
    let g = |id: &str| {
        json["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    let up = g("rate-up");
    assert_eq!(up["progress"]["required_per_week"], 1.7647);
    assert_eq!(up["progress"]["forecast"], 56.9875);
    assert_eq!(up["progress"]["forecast_reaches"], false);
    let down = g("rate-down");
    assert_eq!(down["progress"]["required_per_week"], -1.1111);
    assert!(down["progress"]["forecast"].is_null());
    assert!(down["progress"]["forecast_reaches"].is_null());
    assert!(g("late")["progress"]["required_per_week"].is_null());
    assert_eq!(g("buf-weekdays")["practice"]["buffer"], 1);
    assert_eq!(g("buf-negative")["practice"]["buffer"], -2);
    assert!(g("purpose")["practice"].is_null());

    let page = repo.read("site/goals/rate-up.html");
    assert!(page.contains("What is needed next"));
    assert!(page.contains("Needs +1.8 points a school week to reach 60% by Dec 18, 2026."));
    assert!(page.contains("it would be at 57% on Dec 18, 2026: short of the target of 60%."));
    let page = repo.read("site/goals/rate-down.html");
    assert!(page.contains("Needs −1.1 points a school week to reach 12% by Jan 15, 2027."));
    assert!(page.contains("no forecast yet"));
    let page = repo.read("site/goals/buf-weekdays.html");
    assert!(page.contains("Can miss 1 more day in Sprint 6 and still reach 80%."));
    // Two weeks of a weekly practice in Sprint 6: fewer than five periods,
    // so the page says how this week stands instead of a buffer.
    let page = repo.read("site/goals/buf-weekly.html");
    assert!(page.contains("<p class=\"buffer\">This week so far: 2 of 3 calls.</p>"));
    assert!(!page.contains("No week to spare"));
    let page = repo.read("site/goals/buf-negative.html");
    assert!(page.contains("80% is out of reach in Sprint 6"));
    let page = repo.read("site/goals/stuck.html");
    assert!(page.contains("The practices are happening; is the number moving?"));
}

#[test]
fn alignment_page_lists_each_aim_with_its_purposes() {
    let repo = Repo::fixture("next");
    repo.cmd(&["build"]).assert().code(0);
    let page = repo.read("site/alignment.html");
    // Sorted by text; `purpose` names two aims, `purpose-b` one of them.
    let one = page.find("District goal 1: Literacy").expect("aim 1");
    let two = page.find("School plan 2026-27").expect("aim 2");
    assert!(one < two);
    let first = &page[one..two];
    assert!(first.contains("goals/purpose.html") && first.contains("goals/purpose-b.html"));
    let second = &page[two..];
    assert!(second.contains("goals/purpose.html"));
    assert!(!second[..second.find("not aligned").unwrap()].contains("goals/purpose-b.html"));
    // With its roll-up, and the purpose aligned to nothing listed apart.
    assert!(page.contains("of the way on average across its progress goals"));
    assert!(second.contains("A purpose aligned to nothing"));
    // Linked from the navigation of every page.
    assert!(repo
        .read("site/index.html")
        .contains("href=\"alignment.html\""));
    assert!(repo
        .read("site/goals/stuck.html")
        .contains("href=\"../alignment.html\""));

    // Without any `aligns_to`, no page and no link.
    for f in ["purpose", "purpose-b"] {
        let path = format!("goals/{f}.md");
        let text = repo.read(&path);
        let kept: String = text
            .lines()
            .filter(|l| !l.starts_with("aligns_to") && !l.starts_with("  - "))
            .map(|l| format!("{l}\n"))
            .collect();
        repo.write(&path, kept);
    }
    repo.cmd(&["build"]).assert().code(0);
    assert!(repo.try_read("site/alignment.html").is_none());
    assert!(!repo.read("site/index.html").contains("alignment.html"));
}

#[test]
fn a_far_due_date_without_a_calendar_stays_quick() {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "today: 2026-11-20\ncycles:\n  - {name: Sprint, start: 2026-11-16, end: 2026-11-29}\n",
    )
    .write(
        "goals/far.md",
        "---\nkind: progress\ntitle: Far\nbaseline: 0\ntarget: 100\nstart: 2026-09-01\n\
         due: 9999-12-31\nmeasurements:\n  2026-10-01: 1\n---\n",
    )
    .write(
        "goals/weekly.md",
        "---\nkind: practice\ntitle: Weekly\nserves: far\ncadence: weekly\n\
         due: 9999-12-31\n---\n",
    );
    let started = std::time::Instant::now();
    repo.cmd(&["build"]).assert().code(0);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let json: Value = serde_json::from_str(&repo.read("site/goals.json")).expect("json");
    let goals = json["goals"].as_array().unwrap();
    let by = |id: &str| goals.iter().find(|g| g["id"] == id).unwrap().clone();
    // About 417,000 school weeks left (every weekday counts without a
    // calendar): a tiny rate, but a number.
    let rate = by("far")["progress"]["required_per_week"].as_f64().unwrap();
    assert!(rate > 0.0 && rate < 0.001, "{rate}");
    // The week of Nov 16 is under way and the week of Nov 23 ahead: R = 2,
    // P = 2 → floor(2 − 1.6) = 0.
    assert_eq!(by("weekly")["practice"]["buffer"], 0);
}
