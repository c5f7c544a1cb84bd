//! The figures of FORMAT §7 on a fixture whose every number was computed
//! by hand (see the comments), through the library API.
//!
//! Today is Friday 2026-11-20; 2026-11-11..13 is a break; sprints are two
//! weeks from 2026-08-31, so Sprint 6 is Nov 9–22.

use crate::prelude::*;
use crate::support::goal;
use goalpost::analysis::{Report, State};

fn report() -> Report {
    Repo::fixture("figures").report()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

#[test]
fn no_errors_and_the_current_cycle_is_sprint_6() {
    let r = report();
    assert!(
        r.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        r.diagnostics
    );
    let current = &r.cycles[r.current_cycle.expect("a current cycle")];
    assert_eq!(current.name, "Sprint 6");
    assert_eq!(
        (current.start.to_string(), current.end.to_string()),
        ("2026-11-09".into(), "2026-11-22".into())
    );
}

#[test]
fn lower_is_better_progress_and_pace() {
    let r = report();
    let g = goal(&r, "absence");
    let p = g.progress.as_ref().expect("progress figures");
    assert!(p.lower_is_better);
    assert_eq!(p.latest, Some(17.0));
    assert_eq!(
        p.latest_date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-02")
    );
    // (17 − 20) / (12 − 20) = 3/8
    assert!(close(p.fraction.unwrap(), 0.375));
    // Sep 1 → Nov 20 is 80 days of the 273-day window Sep 1 → Jun 1.
    assert!(close(p.expected.unwrap(), 80.0 / 273.0));
    assert_eq!(g.state, State::OnTrack);
}

#[test]
fn off_track_overdue_achieved_and_no_data() {
    let r = report();
    // 0 progress against 0.293 expected: below expected − 0.25.
    assert_eq!(goal(&r, "offtrack").state, State::OffTrack);
    assert_eq!(goal(&r, "overdue").state, State::Overdue);
    assert_eq!(goal(&r, "achieved").state, State::Achieved);
    assert_eq!(goal(&r, "nodata").state, State::NoData);
    assert_eq!(goal(&r, "nodata").progress.as_ref().unwrap().latest, None);
}

#[test]
fn weekday_streak_spans_weekends_breaks_and_skips_and_today_is_not_yet_due() {
    let r = report();
    let g = goal(&r, "visits");
    let p = g.practice.as_ref().expect("practice figures");
    // Today (Fri 20th) is not logged yet, so the streak ends on the 19th:
    // 19, (18 skip), 17, 16, (weekend), (11–13 break), 10, 9, (weekend),
    // 6, 5, 4, 3 — and the 2nd had 2 of 3, which ends it.
    assert_eq!(p.streak, 9);
    assert_eq!(p.best_streak, 9);
    // Nov 7–20: scheduled 9, 10, 16, 17, 19 (18 skipped, 20 not yet logged): all at target.
    assert_eq!(p.completion_14d, Some(1.0));
    assert_eq!(p.completion_cycle, Some(1.0));
    assert_eq!(g.state, State::OnTrack);
    assert!(p.strength > 0.0 && p.strength < 1.0);
}

#[test]
fn daily_practice_counts_today_once_logged() {
    let r = report();
    let g = goal(&r, "inbox");
    let p = g.practice.as_ref().expect("practice figures");
    // Logged today, so the streak ends today: 20, 19, 18 is `x` (a miss).
    assert_eq!(p.streak, 2);
    // 14 and 15 were the best run.
    assert_eq!(p.best_streak, 2);
    // Nov 7–20 minus the 11–13 break: 11 days, hits on 14, 15, 17, 19, 20.
    assert!(
        close(p.completion_14d.unwrap(), 5.0 / 11.0),
        "{:?}",
        p.completion_14d
    );
    assert_eq!(g.state, State::OffTrack);
}

#[test]
fn purpose_rolls_up_its_progress_goals() {
    let r = report();
    let g = goal(&r, "purpose");
    let p = g.purpose.as_ref().expect("purpose figures");
    // Mean of clamped fractions: absence 0.375, offtrack 0, overdue 0.4,
    // achieved 1 (clamped), nodata has none.
    assert!(
        close(p.progress.unwrap(), (0.375 + 0.0 + 0.4 + 1.0) / 4.0),
        "{:?}",
        p.progress
    );
    // The weakest state beneath it.
    assert_eq!(g.state, State::OffTrack);
    let children = &g.children;
    for id in ["absence", "offtrack", "overdue", "achieved", "nodata"] {
        assert!(
            children.iter().any(|c| c == id),
            "{id} not a child: {children:?}"
        );
    }
}
