//! A goal's page key changes with every field of its report.

use super::{goal_key, hash_of};
use crate::analysis::next::Outlook;
use crate::analysis::testkit::*;
use crate::analysis::{
    analyse, Forecast, GoalHistory, GoalReport, Judged, NoForecast, PracticeFigures,
    ProgressFigures, PurposeFigures, SeriesPoint, State, Trend,
};
use crate::history::{Goalpost, PostValue};
use crate::model::lint::Lint;
use crate::model::{EntryValue, SeriesSource};

fn key(g: &GoalReport) -> u64 {
    hash_of(|h| goal_key(h, g))
}

/// A report whose every optional part is there: a practice's figures, with
/// a progress goal's and a purpose's beside them (no goal has all three,
/// but the key must not care).
fn full() -> GoalReport {
    let goals = vec![
        purpose("why"),
        progress("number", Some("why"))
            .aim(10.0, 20.0)
            .window("2026-09-01", "2027-06-01")
            .measure("2026-10-01", 12.0)
            .measure("2026-11-02", 13.0),
        practice("habit", &["number"]).log("2026-11-19", EntryValue::Done(true)),
    ];
    let cycles = [cycle("Sprint 6", "2026-11-09", "2026-11-22")];
    let settings = school_year(&[]);
    let r = analyse(graph_of(goals), &settings, &cycles, d("2026-11-20"), None);
    let by_id = |id: &str| r.goals.iter().find(|g| g.goal.id == id).cloned();
    let mut g = by_id("habit").expect("the practice");
    g.progress = by_id("number").and_then(|p| p.progress);
    g.purpose = by_id("why").and_then(|p| p.purpose);
    g.series = by_id("number").map(|p| p.series).unwrap_or_default();
    let p = g.progress.as_mut().expect("progress figures");
    p.forecast = Forecast::Ahead(Trend {
        value: 18.0,
        reaches: false,
    });
    p.judged = Some(Judged {
        date: d("2026-11-02"),
        expected: 0.2,
    });
    let q = std::sync::Arc::make_mut(g.practice.as_mut().expect("practice figures"));
    q.outlook = Some(Outlook::Buffer(2));
    g.history = Some(GoalHistory {
        first_change: Some(d("2026-09-01")),
        last_change: Some(d("2026-11-19")),
        authors: vec!["Ana".into()],
        recent: vec![crate::history::Change {
            commit: "abc".into(),
            date: d("2026-11-19"),
            author: "Ana".into(),
            subject: "log".into(),
            kind: crate::history::ChangeKind::Modified,
            renamed_from: None,
            former_id: None,
            current_before: None,
            current_after: None,
            moves: Vec::new(),
            origin: None,
        }],
        total: 3,
    });
    g
}

type Change = (&'static str, fn(&mut GoalReport));

/// One change per field. Each struct is destructured without `..`: a new
/// field does not compile until it is listed here (and in the key).
fn changes(g: &GoalReport) -> Vec<Change> {
    let GoalReport {
        goal: _,
        state: _,
        parents: _,
        children: _,
        lints: _,
        progress: _,
        practice: _,
        purpose: _,
        series: _,
        cycle_states: _,
        history: _,
        moved: _,
        last_record: _,
        coaching: _,
        scheduled_today: _,
    } = g;
    let mut out: Vec<Change> = vec![
        ("goal", |g| {
            std::sync::Arc::make_mut(&mut g.goal).source ^= 1
        }),
        ("state", |g| g.state = State::Overdue),
        ("parents", |g| g.parents.push("other".into())),
        ("children", |g| g.children.push("other".into())),
        ("lints", |g| g.lints.push(Lint::Stale)),
        ("progress", |g| g.progress = None),
        ("practice", |g| g.practice = None),
        ("purpose", |g| g.purpose = None),
        ("series", |g| {
            g.series.push(SeriesPoint {
                date: d("2026-11-20"),
                value: 14.0,
                source: SeriesSource::Current,
                note: None,
            })
        }),
        ("cycle_states", |g| g.cycle_states.push(Some(State::AtRisk))),
        ("history", |g| g.history = None),
        ("moved", |g| {
            g.moved.push(crate::analysis::moved::GoalpostMove {
                date: d("2026-10-01"),
                author: "Ana".into(),
                field: Goalpost::Target,
                from: Some(PostValue::Number(20.0)),
                to: Some(PostValue::Number(18.0)),
                commit: "def".into(),
                message: "Lower".into(),
                cycle: None,
            })
        }),
        ("last_record", |g| g.last_record = None),
        ("scheduled_today", |g| g.scheduled_today ^= true),
        ("coaching", |g| {
            g.coaching = Some(Box::new(crate::analysis::coaching::CycleFigures {
                pre: Some(1.0),
                pre_date: None,
                post: None,
                post_date: None,
                target: Some(2.0),
                gain: None,
                improvement: None,
                reached: None,
                lower_is_better: false,
                phase: crate::analysis::coaching::Phase::Running,
                days_left: Some(3),
                practices: Vec::new(),
            }))
        }),
    ];
    if let Some(p) = &g.progress {
        let ProgressFigures {
            baseline: _,
            target: _,
            latest: _,
            latest_date: _,
            fraction: _,
            expected: _,
            lower_is_better: _,
            required_per_week: _,
            forecast: _,
            next_window: _,
            judged: _,
            tolerance: _,
        } = p;
        let progress: Vec<Change> = vec![
            ("baseline", |g| prog(g).baseline = Some(9.0)),
            ("target", |g| prog(g).target = Some(21.0)),
            ("latest", |g| prog(g).latest = Some(14.0)),
            ("latest_date", |g| prog(g).latest_date = None),
            ("fraction", |g| prog(g).fraction = Some(0.9)),
            ("expected", |g| prog(g).expected = Some(0.9)),
            ("lower_is_better", |g| prog(g).lower_is_better ^= true),
            ("required_per_week", |g| prog(g).required_per_week = None),
            ("forecast", |g| {
                prog(g).forecast = Forecast::Missing(NoForecast::TooFewPoints)
            }),
            ("forecast stated", |g| {
                prog(g).forecast = Forecast::Past(Trend {
                    value: 18.0,
                    reaches: false,
                })
            }),
            ("next_window", |g| {
                prog(g).next_window = Some(crate::model::Window {
                    from: d("2027-01-01"),
                    to: d("2027-01-31"),
                })
            }),
            ("judged", |g| prog(g).judged = None),
            ("tolerance", |g| prog(g).tolerance = Some(5.0)),
        ];
        out.extend(progress);
    }
    if let Some(p) = g.practice.as_deref() {
        let PracticeFigures {
            completion_14d: _,
            completion_cycle: _,
            streak: _,
            best_streak: _,
            strength: _,
            weeks: _,
            last_entry: _,
            cycle_completion: _,
            completion_28d: _,
            buffer: _,
            outlook: _,
            scorecard: _,
            days: _,
            measured_from: _,
        } = p;
        // The figures are a function of what they were measured from
        // (`practice_figures_are_keyed_by_what_they_are_measured_from`
        // below): its hash stands for them all.
        let practice: Vec<Change> = vec![("measured_from", |g| prac(g).measured_from ^= 1)];
        out.extend(practice);
    }
    if let Some(p) = &g.purpose {
        let PurposeFigures {
            progress: _,
            progress_goals: _,
            practices: _,
        } = p;
        let purpose: Vec<Change> = vec![
            ("purpose.progress", |g| pur(g).progress = Some(0.99)),
            ("progress_goals", |g| pur(g).progress_goals += 1),
            ("practices", |g| pur(g).practices += 1),
        ];
        out.extend(purpose);
    }
    out
}

fn prog(g: &mut GoalReport) -> &mut ProgressFigures {
    g.progress.as_mut().expect("progress figures")
}

fn prac(g: &mut GoalReport) -> &mut PracticeFigures {
    std::sync::Arc::make_mut(g.practice.as_mut().expect("practice figures"))
}

fn pur(g: &mut GoalReport) -> &mut PurposeFigures {
    g.purpose.as_mut().expect("purpose figures")
}

#[test]
fn changing_any_field_of_a_goal_report_changes_its_page_key() {
    let base = full();
    let list = changes(&base);
    assert_eq!(
        list.len(),
        // The forecast twice: why it is missing, and whether it is stated.
        15 + 12 + 1 + 3 + 1,
        "a part of the report is missing"
    );
    for (field, change) in list {
        let mut g = base.clone();
        change(&mut g);
        assert_ne!(key(&g), key(&base), "`{field}` changed, the key did not");
    }
    assert_eq!(key(&base.clone()), key(&base));
}

/// What a page key takes for a practice's figures: a hash of what they
/// were measured from, that changes with an entry, the practice's dates,
/// cadence or target, and today, and not with what the figures do not
/// read (its title).
#[test]
fn practice_figures_are_keyed_by_what_they_are_measured_from() {
    let cycles = [cycle("Sprint 6", "2026-11-09", "2026-11-22")];
    let settings = school_year(&[]);
    let figures = |goal: crate::model::Goal, today: &str| {
        let r = analyse(graph_of(vec![goal]), &settings, &cycles, d(today), None);
        r.goals[0].practice.clone().expect("practice figures")
    };
    let habit = || practice("habit", &[]).log("2026-11-18", EntryValue::Done(true));
    let base = figures(habit(), "2026-11-20");
    let same = figures(habit().titled("Another title"), "2026-11-20");
    assert_eq!(base.measured_from, same.measured_from);
    assert_eq!(format!("{base:?}"), format!("{same:?}"));
    let checked_in = figures(
        habit().log("2026-11-19", EntryValue::Done(true)),
        "2026-11-20",
    );
    assert_ne!(base.measured_from, checked_in.measured_from);
    assert_ne!(base.streak, checked_in.streak);
    let later = figures(habit(), "2026-11-23");
    assert_ne!(base.measured_from, later.measured_from);
}
