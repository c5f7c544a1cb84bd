use super::*;
use crate::analysis::calendar::{day_num, SchoolDays};
use crate::analysis::testkit::*;
use crate::model::{Cadence, EntryValue, Goal, Settings};

const YES: EntryValue = EntryValue::Done(true);
const NO: EntryValue = EntryValue::Done(false);
const SKIP: EntryValue = EntryValue::Skip;

fn n(s: &str) -> i32 {
    day_num(d(s))
}

/// The track of `goal` with `settings` as of `today`.
fn track(goal: &Goal, settings: &Settings, today: &str) -> (Track, Vec<Day>) {
    let days = SchoolDays::new(settings, d(today));
    let spec = goal.practice().cloned().unwrap_or_default();
    let t = Track::new(goal, &spec, &days);
    let cells = t.days(&days);
    (t, cells)
}

fn status_on(cells: &[Day], date: &str) -> Option<DayStatus> {
    cells.iter().find(|c| c.date == d(date)).map(|c| c.status)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// November 2026: the 16th is a Monday, the 20th a Friday.

#[test]
fn weekdays_streak_runs_over_the_weekend_and_waits_for_today() {
    let g = practice("visits", &[]).hits(&[
        "2026-11-09",
        "2026-11-10",
        "2026-11-11",
        "2026-11-12",
        "2026-11-13",
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
    ]);
    let (t, cells) = track(&g, &Settings::default(), "2026-11-20");
    // Today is not logged yet: it is left out, not a miss.
    assert_eq!(t.completion_14d(n("2026-11-20")), Some(1.0));
    assert_eq!(t.streak(), 9);
    assert_eq!(t.best_streak(), 9);
    // From the first entry to today.
    assert_eq!(cells.len(), 12);
    assert_eq!(cells[0].date, d("2026-11-09"));
    assert_eq!(
        status_on(&cells, "2026-11-14"),
        Some(DayStatus::Unscheduled)
    );
    assert_eq!(status_on(&cells, "2026-11-19"), Some(DayStatus::Hit));
    assert_eq!(status_on(&cells, "2026-11-20"), Some(DayStatus::Pending));

    let logged = g.clone().hits(&["2026-11-20"]);
    let (t, cells) = track(&logged, &Settings::default(), "2026-11-20");
    assert_eq!(t.streak(), 10);
    assert_eq!(status_on(&cells, "2026-11-20"), Some(DayStatus::Hit));

    // Today recorded as not done ends the streak today.
    let missed = g.log("2026-11-20", NO);
    let (t, cells) = track(&missed, &Settings::default(), "2026-11-20");
    assert_eq!(t.streak(), 0);
    assert_eq!(t.best_streak(), 9);
    assert!(close(t.completion_14d(n("2026-11-20")).unwrap_or(0.0), 0.9));
    assert_eq!(status_on(&cells, "2026-11-20"), Some(DayStatus::Miss));
}

#[test]
fn streak_runs_across_a_break_and_a_missed_day_ends_it() {
    let settings = school_year(&[("2026-11-23", "2026-11-27")]);
    let g = practice("visits", &[]).hits(&[
        "2026-11-12",
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
        "2026-11-30",
        "2026-12-01",
        "2026-12-02",
    ]);
    let (t, cells) = track(&g, &settings, "2026-12-02");
    // 11-13 (a Friday) was never recorded: a miss, so the streak starts on the 16th.
    assert_eq!(t.streak(), 8);
    assert_eq!(t.best_streak(), 8);
    // Window 11-19 .. 12-02: 19, 20, 30, 1, 2 scheduled (the break and weekends are not).
    assert_eq!(t.completion_14d(n("2026-12-02")), Some(1.0));
    // Window 11-13 .. 11-26: 13 (miss), 16-20 (hits) = 5/6.
    assert!(close(
        t.completion_14d(n("2026-11-26")).unwrap_or(0.0),
        5.0 / 6.0
    ));
    assert_eq!(status_on(&cells, "2026-11-24"), Some(DayStatus::Break));
    assert_eq!(status_on(&cells, "2026-11-13"), Some(DayStatus::Miss));
    assert_eq!(
        status_on(&cells, "2026-11-28"),
        Some(DayStatus::Unscheduled)
    );
    // Days start at the school year's start.
    assert_eq!(cells[0].date, d("2026-08-31"));
    assert_eq!(cells.len() as i32, n("2026-12-02") - n("2026-08-31") + 1);
}

#[test]
fn skip_days_neither_count_nor_break() {
    let g = practice("walk", &[])
        .cadence(Cadence::Daily)
        .log("2026-11-14", YES)
        .log("2026-11-15", SKIP)
        .log("2026-11-16", YES)
        .log("2026-11-17", NO)
        .log("2026-11-18", YES)
        .log("2026-11-19", YES)
        .log("2026-11-20", SKIP);
    let (t, cells) = track(&g, &Settings::default(), "2026-11-20");
    // (1 + 1 + 0 + 1 + 1) / 5
    let c = t.completion_14d(n("2026-11-20"));
    assert!(close(c.unwrap_or(0.0), 0.8));
    assert_eq!(state(c, true), State::OnTrack);
    assert_eq!(t.streak(), 2);
    assert_eq!(t.best_streak(), 2);
    assert_eq!(status_on(&cells, "2026-11-15"), Some(DayStatus::Skip));
    assert_eq!(status_on(&cells, "2026-11-20"), Some(DayStatus::Skip));

    let all_skip = practice("walk", &[]).log("2026-11-20", SKIP);
    let (t, _) = track(&all_skip, &Settings::default(), "2026-11-20");
    assert_eq!(t.completion_14d(n("2026-11-20")), None);
    assert_eq!(state(None, true), State::NoData);
    assert_eq!(t.strength(), 0.0);
}

#[test]
fn counts_are_measured_against_the_target() {
    let g = practice("visits", &[])
        .per_period(3.0)
        .log("2026-11-16", EntryValue::Number(3.0))
        .log("2026-11-17", EntryValue::Number(2.0))
        .log("2026-11-18", EntryValue::Number(0.0))
        .log("2026-11-19", EntryValue::Number(5.0));
    let (t, cells) = track(&g, &Settings::default(), "2026-11-19");
    // (1 + 2/3 + 0 + 1) / 4
    let c = t.completion_14d(n("2026-11-19")).unwrap_or(0.0);
    assert!(close(c, (2.0 + 2.0 / 3.0) / 4.0));
    assert_eq!(t.streak(), 1);
    assert_eq!(status_on(&cells, "2026-11-17"), Some(DayStatus::Partial));
    assert_eq!(status_on(&cells, "2026-11-18"), Some(DayStatus::Miss));
    let day = cells.iter().find(|c| c.date == d("2026-11-17"));
    assert_eq!(day.and_then(|c| c.value()), Some(2.0));
    assert!(close(
        day.and_then(|c| c.fraction()).unwrap_or(0.0),
        2.0 / 3.0
    ));
}

#[test]
fn weekly_periods_sum_their_entries() {
    let g = practice("observe", &[])
        .cadence(Cadence::Weekly)
        .per_period(3.0)
        // Week of 11-02: 2 + 1 = 3, at target.
        .log("2026-11-03", EntryValue::Number(2.0))
        .log("2026-11-05", EntryValue::Number(1.0))
        // Week of 11-09: 1 of 3.
        .log("2026-11-10", EntryValue::Number(1.0))
        // Week of 11-16, under way: 2 so far.
        .log("2026-11-17", EntryValue::Number(2.0));
    let (t, cells) = track(&g, &Settings::default(), "2026-11-20");
    // Weeks starting in 11-07..11-20: 11-09 (1/3) and 11-16 (under way, left out).
    let c = t.completion_14d(n("2026-11-20")).unwrap_or(0.0);
    assert!(close(c, 1.0 / 3.0));
    assert_eq!(t.streak(), 0);
    assert_eq!(t.best_streak(), 1);
    let m = 0.5f64.powf(7f64.sqrt() / 13.0);
    let expected = (1.0 - m) * m + (1.0 / 3.0) * (1.0 - m);
    assert!(close(t.strength(), expected), "{}", t.strength());
    // A week shows on the day of its latest entry (FORMAT §7 v3), not on
    // Sunday; the week under way, with no outcome yet, on today.
    assert_eq!(cells[0].date, d("2026-11-03"));
    assert_eq!(status_on(&cells, "2026-11-05"), Some(DayStatus::Hit));
    for other in ["2026-11-03", "2026-11-08", "2026-11-15", "2026-11-17"] {
        assert_eq!(
            status_on(&cells, other),
            Some(DayStatus::Unscheduled),
            "{other}"
        );
    }
    assert_eq!(status_on(&cells, "2026-11-10"), Some(DayStatus::Partial));
    assert_eq!(status_on(&cells, "2026-11-20"), Some(DayStatus::Pending));

    // Reaching the target mid-week counts at once.
    let done = g.clone().log("2026-11-19", EntryValue::Number(1.0));
    let (t, cells) = track(&done, &Settings::default(), "2026-11-20");
    let c = t.completion_14d(n("2026-11-20")).unwrap_or(0.0);
    assert!(close(c, (1.0 / 3.0 + 1.0) / 2.0));
    assert_eq!(t.streak(), 1);
    assert_eq!(status_on(&cells, "2026-11-19"), Some(DayStatus::Hit));
    assert_eq!(
        status_on(&cells, "2026-11-20"),
        Some(DayStatus::Unscheduled)
    );

    // On the week's last day, what is recorded counts as it stands.
    let (t, _) = track(&g, &Settings::default(), "2026-11-22");
    let c = t.completion_14d(n("2026-11-22")).unwrap_or(0.0);
    assert!(close(c, (1.0 / 3.0 + 2.0 / 3.0) / 2.0));
}

#[test]
fn a_week_in_a_break_is_not_scheduled() {
    let settings = school_year(&[("2026-11-21", "2026-11-29")]);
    let g = practice("observe", &[])
        .cadence(Cadence::Weekly)
        .log("2026-11-18", YES)
        .log("2026-12-01", YES);
    let (t, cells) = track(&g, &settings, "2026-12-02");
    // Weeks of 11-16 (hit, drawn on 11-18, the day it was recorded), 11-23
    // (all break), 11-30 (hit): the break week neither counts nor breaks the streak.
    assert_eq!(t.streak(), 2);
    assert_eq!(status_on(&cells, "2026-11-18"), Some(DayStatus::Hit));
    assert_eq!(status_on(&cells, "2026-11-25"), Some(DayStatus::Break));
    assert_eq!(t.completion_14d(n("2026-12-02")), Some(1.0));
}

#[test]
fn the_goal_window_limits_scheduling() {
    let g = practice("walk", &[])
        .cadence(Cadence::Daily)
        .window("2026-11-18", "2026-11-19")
        .hits(&["2026-11-17", "2026-11-18", "2026-11-19"]);
    let (t, cells) = track(&g, &Settings::default(), "2026-11-21");
    // Only 18 and 19 are scheduled: 17 (before start) and 20, 21 (after due) are not.
    assert_eq!(t.completion_14d(n("2026-11-21")), Some(1.0));
    assert_eq!(t.streak(), 2);
    assert_eq!(
        status_on(&cells, "2026-11-17"),
        Some(DayStatus::Unscheduled)
    );
    assert_eq!(
        status_on(&cells, "2026-11-21"),
        Some(DayStatus::Unscheduled)
    );
    assert_eq!(cells[0].date, d("2026-11-17"));
}

#[test]
fn strength_follows_the_exponential_score() {
    let m = 0.5f64.powf(1.0 / 13.0);
    let three = practice("walk", &[]).cadence(Cadence::Daily).hits(&[
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
    ]);
    let (t, _) = track(&three, &Settings::default(), "2026-11-20");
    assert!(close(t.strength(), 1.0 - m.powi(3)));
    // A miss decays it: score × m.
    let (t, _) = track(&three, &Settings::default(), "2026-11-21");
    assert!(close(t.strength(), (1.0 - m.powi(3)) * m));
    // Thirteen hits in a row reach one half.
    let mut g = practice("walk", &[]).cadence(Cadence::Daily);
    for day in 1..=13 {
        g = g.log(&format!("2026-11-{day:02}"), YES);
    }
    let (t, _) = track(&g, &Settings::default(), "2026-11-13");
    assert!(close(t.strength(), 0.5));
}

#[test]
fn unrecorded_past_days_count_zero() {
    let g = practice("visits", &[]).hits(&["2026-11-09"]);
    let (t, _) = track(&g, &Settings::default(), "2026-11-13");
    // 9 hit, 10, 11, 12 missed, 13 (today) pending.
    assert!(close(
        t.completion_14d(n("2026-11-13")).unwrap_or(0.0),
        0.25
    ));
    assert_eq!(state(Some(0.25), true), State::OffTrack);
    assert_eq!(t.streak(), 0);
}

#[test]
fn states_follow_the_thresholds() {
    assert_eq!(state(Some(0.8), true), State::OnTrack);
    assert_eq!(state(Some(0.79), true), State::AtRisk);
    assert_eq!(state(Some(0.5), true), State::AtRisk);
    assert_eq!(state(Some(0.49), true), State::OffTrack);
    assert_eq!(state(Some(1.0), false), State::NoData);
}

#[test]
fn history_is_capped_and_future_entries_ignored() {
    let g = practice("walk", &[])
        .cadence(Cadence::Daily)
        .hits(&["2024-01-01", "2026-11-21"]);
    let (t, cells) = track(&g, &Settings::default(), "2026-11-20");
    assert_eq!(cells.len() as i32, MAX_DAYS_BACK + 1);
    assert_eq!(t.streak(), 0);
    assert_eq!(status_on(&cells, "2026-11-20"), Some(DayStatus::Pending));
}
