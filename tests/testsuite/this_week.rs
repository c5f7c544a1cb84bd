//! "This week" (issue "Reports for people"): each person's list for the
//! week under way, computed on a small repository whose every figure is
//! worked out by hand, and shown first on the dashboard and person pages.
//!
//! Today is Thursday 2026-11-19: the week is Mon Nov 16 – Sun Nov 22.

use crate::prelude::*;
use goalpost::analysis::week::{week, WeekItem};
use goalpost::analysis::{DayStatus, State};

fn repo() -> Repo {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "title: Week School\ntoday: 2026-11-19\ncalendar: {start: 2026-08-31, end: 2027-06-11}\n\
         people:\n  ann: {name: Ann Lee, role: Principal}\n  bo: {name: Bo Diaz}\n",
    )
    // Mon hit, Tue partly (1 of 2), Wed missed, today not yet.
    .write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visit two classrooms\nowner: ann\ncadence: weekdays\n\
         target: 2\nstart: 2026-11-02\nlog:\n  2026-11-16: 2\n  2026-11-17: 1\n  2026-11-18: 0\n---\n",
    )
    // Every day so far, today included.
    .write(
        "goals/greet.md",
        "---\nkind: practice\ntitle: Greet at the door\nowner: ann\ncadence: weekdays\n\
         start: 2026-11-02\nlog:\n  2026-11-16: yes\n  2026-11-17: yes\n  2026-11-18: yes\n  2026-11-19: yes\n---\n",
    )
    // Weekly, 3 postcards: 2 so far this week.
    .write(
        "goals/postcards.md",
        "---\nkind: practice\ntitle: Postcards home\nowner: bo\ncadence: weekly\ntarget: 3\n\
         start: 2026-11-02\nlog:\n  2026-11-16: 1\n  2026-11-18: 1\n---\n",
    )
    // Sep 29 → Nov 28 is 60 days; due in 9. At 74 it is 70% of the way.
    // A week ago 44/60 = 73% was expected: 70% is within 10 points, on
    // track. Today 51/60 = 85% is expected: 15 points behind, at risk.
    // Nothing new since Oct 20, over 14 days: a measurement is due.
    .write(
        "goals/interim.md",
        "---\nkind: progress\ntitle: Interim at 80%\nowner: ann\nbaseline: 60\ntarget: 80\n\
         start: 2026-09-29\ndue: 2026-11-28\nmeasurements:\n  2026-10-20: 74\n---\n",
    );
    repo
}

#[test]
fn each_persons_week_worked_out_by_hand() {
    let repo = repo();
    let r = repo.report();
    let w = week(&r, 0..r.goals.len());
    assert_eq!(
        (w.monday.to_string(), w.sunday.to_string()),
        ("2026-11-16".into(), "2026-11-22".into())
    );
    let owners: Vec<&str> = w.owners.iter().map(|o| o.owner.as_str()).collect();
    assert_eq!(owners, ["ann", "bo"]);
    let id = |i: usize| r.goals[i].goal.id.as_str();

    let ann: Vec<(&str, WeekItem)> = w.owners[0]
        .entries
        .iter()
        .map(|e| (id(e.goal), e.item))
        .collect();
    // Due soonest first; then the practice with a miss and today open; then
    // the one done every day.
    assert_eq!(ann[0].0, "interim");
    assert_eq!(
        ann[0].1,
        WeekItem::DueSoon {
            due: "2026-11-28".parse().unwrap(),
            days_left: 9
        }
    );
    assert_eq!(
        ann[1],
        (
            "interim",
            WeekItem::Slipped {
                from: State::OnTrack,
                to: State::AtRisk
            }
        )
    );
    assert_eq!(
        ann[4],
        (
            "interim",
            WeekItem::MeasurementDue {
                last: Some("2026-10-20".parse().unwrap())
            }
        )
    );
    let (visits, greet) = (2, 3);
    assert_eq!((ann[visits].0, ann[greet].0), ("visits", "greet"));
    assert_eq!(
        ann[visits].1,
        WeekItem::Practice {
            scheduled: 4,
            hits: 1,
            partial: 1,
            missed: 1,
            today: Some(DayStatus::Pending),
            week_share: None,
            met: false,
            buffer: None
        }
    );
    assert_eq!(
        ann[greet].1,
        WeekItem::Practice {
            scheduled: 4,
            hits: 4,
            partial: 0,
            missed: 0,
            today: Some(DayStatus::Hit),
            week_share: None,
            met: false,
            buffer: None
        }
    );
    // Urgent: the slip and the practice with a miss and today open; not
    // the goal due in 9 days (more than a week), the practice done every
    // day, nor the measurement due.
    let urgent: Vec<bool> = w.owners[0].entries.iter().map(|e| e.urgent).collect();
    assert_eq!(urgent, [false, true, true, false, false]);

    // Bo's weekly practice: 2 of 3 so far.
    let bo = &w.owners[1].entries;
    assert_eq!(bo.len(), 1);
    match bo[0].item {
        WeekItem::Practice {
            week_share: Some(s),
            missed: 0,
            ..
        } => assert!((s - 2.0 / 3.0).abs() < 1e-9, "{s}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_week_comes_first_on_the_dashboard_and_person_pages() {
    let repo = repo();
    repo.cmd(&["build", "."]).assert().success();
    let index = repo.read("site/index.html");
    let week = index.find("This week").expect("a This week section");
    assert!(week < index.find("Needs attention").unwrap());
    assert!(index.contains("Nov 16–22"));
    assert!(
        index.contains("1 of 4 school days done, 1 partly, 1 missed; today not recorded yet."),
        "{index}"
    );
    assert!(index.contains("4 of 4 school days done; today done."));
    assert!(index.contains("67% of this week&#39;s target so far."));
    assert!(index.contains("Due Nov 28, 2026 (9 days); 70% of the way."));
    assert!(index.contains("Since last week: at risk, was on track."));
    assert!(index.contains("A fresh measurement is due: the last is from Oct 20, 2026."));
    let ann = repo.read("site/people/ann.html");
    let at = ann.find("This week").expect("on the person page");
    assert!(at < ann.find("Goals they own").unwrap());
    assert!(ann.contains("Visit two classrooms"));
    assert!(!ann[at..].contains("Postcards home"), "only Ann's own week");
}

/// The habit history of "Greet at the door": started Nov 2, nothing until
/// Mon Nov 16, then every day to today (Thu Nov 19). Weeks: Nov 2 and 9
/// all missed, Nov 16 all done; the strength is 0 through ten misses,
/// then 1 − m⁴ after four days done (m = 0.5^(1/13)).
#[test]
fn habit_history_week_by_week_worked_out_by_hand() {
    let repo = repo();
    let r = repo.report();
    let greet = r.goals.iter().find(|g| g.goal.id == "greet").unwrap();
    let p = greet.practice.as_ref().unwrap();
    let weeks: Vec<(String, Option<f64>)> = p
        .weeks
        .iter()
        .map(|w| (w.monday.to_string(), w.completion))
        .collect();
    assert_eq!(
        weeks,
        [
            ("2026-11-02".to_string(), Some(0.0)),
            ("2026-11-09".to_string(), Some(0.0)),
            ("2026-11-16".to_string(), Some(1.0)),
        ]
    );
    let m = 0.5f64.powf(1.0 / 13.0);
    assert!(p.weeks[1].strength.abs() < 1e-12);
    assert!((p.weeks[2].strength - (1.0 - m.powi(4))).abs() < 1e-9);
    assert!(
        (p.weeks[2].strength - p.strength).abs() < 1e-12,
        "the last week's is today's"
    );

    repo.cmd(&["build", "."]).assert().success();
    let page = repo.read("site/goals/greet.html");
    assert!(page.contains("<h3 id=\"habit-title\">Habit history</h3>"));
    assert!(page.contains("<svg class=\"habit\""));
    assert!(page.contains("Line: habit strength, now 19%."), "{page}");
}
