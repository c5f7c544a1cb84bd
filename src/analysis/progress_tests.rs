use super::*;
use crate::analysis::testkit::*;
use crate::model::Goal;

fn run(goal: &Goal, today: &str) -> (ProgressFigures, State, Vec<SeriesPoint>) {
    let spec = goal.progress().cloned().unwrap_or_default();
    let s = series(&spec, d(today));
    let (f, st) = figures(goal, &spec, &s, d(today));
    (f, st, s)
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// 67 → 80 over 2026-09-01 .. 2027-05-31 (272 days).
fn reading() -> Goal {
    progress("reading-80", Some("every-reader"))
        .aim(67.0, 80.0)
        .window("2026-09-01", "2027-05-31")
        .measure("2026-09-01", 67.0)
}

#[test]
fn on_pace_goal_matches_the_format_example() {
    let (f, st, _) = run(&reading().measure("2026-11-01", 71.0), "2026-11-20");
    // 80 of 272 days elapsed; 4 of 13 points gained.
    assert!(close(f.expected, 80.0 / 272.0));
    assert!(close(f.fraction, 4.0 / 13.0));
    assert_eq!(f.latest, Some(71.0));
    assert_eq!(f.latest_date, Some(d("2026-11-01")));
    assert!(!f.lower_is_better);
    assert_eq!(st, State::OnTrack);
}

#[test]
fn pace_bands() {
    // expected 0.2941: on-track down to 0.1941, at-risk down to 0.0441.
    let at = |v: f64| run(&reading().measure("2026-11-01", v), "2026-11-20").1;
    assert_eq!(at(69.6), State::OnTrack); // 0.2
    assert_eq!(at(69.0), State::AtRisk); // 0.1538
    assert_eq!(at(67.6), State::AtRisk); // 0.0462
    assert_eq!(at(67.5), State::OffTrack); // 0.0385
    assert_eq!(at(60.0), State::OffTrack);
}

#[test]
fn lower_is_better_uses_the_same_formula() {
    let absence = |v: f64| {
        progress("absence", None)
            .aim(20.0, 12.0)
            .window("2026-09-01", "2027-05-31")
            .measure("2026-11-01", v)
    };
    let (f, st, _) = run(&absence(18.0), "2026-11-20");
    assert!(f.lower_is_better);
    assert!(close(f.fraction, 0.25));
    assert_eq!(st, State::OnTrack);
    let (f, st, _) = run(&absence(19.5), "2026-11-20");
    assert!(close(f.fraction, 0.0625));
    assert_eq!(st, State::AtRisk);
    let (f, st, _) = run(&absence(21.0), "2026-11-20");
    assert!(close(f.fraction, -0.125));
    assert_eq!(st, State::OffTrack);
    let (f, st, _) = run(&absence(11.0), "2026-11-20");
    assert!(close(f.fraction, 1.125));
    assert_eq!(st, State::Achieved);
}

#[test]
fn achieved_even_after_due_and_overdue_otherwise() {
    let done = reading()
        .window("2026-09-01", "2026-11-01")
        .measure("2026-10-20", 80.0);
    assert_eq!(run(&done, "2026-11-20").1, State::Achieved);
    let late = reading()
        .window("2026-09-01", "2026-11-01")
        .measure("2026-10-20", 75.0);
    let (f, st, _) = run(&late, "2026-11-20");
    assert_eq!(st, State::Overdue);
    assert!(close(f.expected, 1.0));
    // Overdue comes before no-data.
    let never = progress("x", None)
        .aim(1.0, 2.0)
        .window("2026-09-01", "2026-11-01");
    assert_eq!(run(&never, "2026-11-20").1, State::Overdue);
    // On the due day itself it is not yet overdue: expected is 1, 8/13 is short.
    assert_eq!(run(&late, "2026-11-01").1, State::OffTrack);
}

#[test]
fn no_data_until_something_is_measured_after_the_baseline() {
    let (f, st, _) = run(&reading(), "2026-11-20");
    assert_eq!(st, State::NoData);
    assert!(close(f.fraction, 0.0));
    let empty = progress("x", None)
        .aim(1.0, 2.0)
        .window("2026-09-01", "2027-05-31");
    let (f, st, s) = run(&empty, "2026-11-20");
    assert_eq!((st, f.latest, f.fraction), (State::NoData, None, None));
    assert!(s.is_empty());
    // Missing pieces: never measurable.
    let no_target = progress("x", None)
        .window("2026-09-01", "2027-05-31")
        .measure("2026-11-01", 5.0);
    let (f, st, _) = run(&no_target, "2026-11-20");
    assert_eq!((st, f.fraction), (State::NoData, None));
    assert_eq!(
        missing(
            &no_target,
            no_target.progress().unwrap_or(&Default::default())
        ),
        ["baseline", "target"]
    );
    let flat = reading().aim(5.0, 5.0).measure("2026-11-01", 9.0);
    assert_eq!(run(&flat, "2026-11-20").1, State::NoData);
}

#[test]
fn current_is_today_s_point() {
    let g = reading().current(72.0);
    let (f, st, s) = run(&g, "2026-11-20");
    assert_eq!(s.len(), 2);
    assert_eq!(s[1].source, SeriesSource::Current);
    assert_eq!(
        (f.latest, f.latest_date),
        (Some(72.0), Some(d("2026-11-20")))
    );
    assert!(close(f.fraction, 5.0 / 13.0));
    assert_eq!(st, State::OnTrack);
}

#[test]
fn git_points_merge_and_measurements_win() {
    let g = reading()
        .measure_from("2026-10-01", 69.0, SeriesSource::Git)
        .measure_from("2026-11-02", 70.0, SeriesSource::Git)
        .measure_from("2026-10-01", 68.0, SeriesSource::Measurements)
        .current(70.0);
    let (f, _, s) = run(&g, "2026-11-20");
    let points: Vec<_> = s
        .iter()
        .map(|p| (p.date.to_string(), p.value, p.source))
        .collect();
    assert_eq!(
        points,
        [
            ("2026-09-01".to_string(), 67.0, SeriesSource::Measurements),
            ("2026-10-01".to_string(), 68.0, SeriesSource::Measurements),
            // `current: 70` is what git already has: no extra point.
            ("2026-11-02".to_string(), 70.0, SeriesSource::Git),
        ]
    );
    assert_eq!(f.latest_date, Some(d("2026-11-02")));
    // An uncommitted change is today's point.
    let edited = g.current(73.0);
    let (f, _, s) = run(&edited, "2026-11-20");
    assert_eq!(s.len(), 4);
    assert_eq!(f.latest, Some(73.0));
    // A measurement already dated today wins over `current`.
    let measured = edited.measure("2026-11-20", 74.0);
    let (f, _, s) = run(&measured, "2026-11-20");
    assert_eq!(s.len(), 4);
    assert_eq!(f.latest, Some(74.0));
}

#[test]
fn figures_as_of_an_earlier_day_ignore_later_points() {
    let g = reading().measure("2026-11-01", 71.0).current(75.0);
    let spec = g.progress().cloned().unwrap_or_default();
    let s = series(&spec, d("2026-11-20"));
    let (f, st) = figures(&g, &spec, &s, d("2026-10-31"));
    assert_eq!(f.latest, Some(67.0));
    assert_eq!(st, State::NoData);
    let (f, _) = figures(&g, &spec, &s, d("2026-11-13"));
    assert_eq!(f.latest, Some(71.0));
    // Future-dated points are never the latest.
    let future = reading()
        .measure("2026-12-01", 79.0)
        .measure("2026-11-01", 71.0);
    let (f, _, _) = run(&future, "2026-11-20");
    assert_eq!(f.latest, Some(71.0));
}

#[test]
fn expected_is_clamped() {
    assert_eq!(
        expected(d("2026-09-01"), d("2026-09-11"), d("2026-08-01")),
        0.0
    );
    assert_eq!(
        expected(d("2026-09-01"), d("2026-09-11"), d("2026-09-06")),
        0.5
    );
    assert_eq!(
        expected(d("2026-09-01"), d("2026-09-11"), d("2027-01-01")),
        1.0
    );
    assert_eq!(
        expected(d("2026-09-01"), d("2026-09-01"), d("2026-09-01")),
        1.0
    );
}
