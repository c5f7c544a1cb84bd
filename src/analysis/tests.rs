use super::*;
use crate::analysis::testkit::*;
use crate::model::{EntryValue, Settings, Status};

fn report(goals: Vec<Goal>, settings: &Settings, cycles: &[Cycle], today: &str) -> Report {
    let file = file_of(goals);
    let graph = crate::graph::resolve([&file], cycles);
    analyse(graph, settings, cycles, d(today), None)
}

fn goal<'a>(r: &'a Report, id: &str) -> &'a GoalReport {
    r.goals
        .iter()
        .find(|g| g.goal.id == id)
        .unwrap_or_else(|| panic!("no goal {id}"))
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn weekdays_from(first: &str, last: &str) -> Vec<String> {
    let (a, b) = (calendar::day_num(d(first)), calendar::day_num(d(last)));
    (a..=b)
        .filter(|&n| calendar::weekday(n) < 5)
        .map(|n| calendar::date_of(n).to_string())
        .collect()
}

fn hits_on(g: Goal, days: &[String]) -> Goal {
    days.iter()
        .fold(g, |g, day| g.log(day, EntryValue::Done(true)))
}

/// A small healthy tree: one purpose, two progress goals, two practices.
fn school() -> Vec<Goal> {
    vec![
        purpose("every-reader"),
        progress("reading-80", Some("every-reader"))
            .aim(67.0, 80.0)
            .window("2026-09-01", "2027-05-31")
            .measure("2026-09-01", 67.0)
            .measure("2026-11-01", 71.0),
        progress("absence", Some("every-reader"))
            .aim(20.0, 12.0)
            .window("2026-09-01", "2027-05-31")
            .measure("2026-11-01", 19.5),
        hits_on(
            practice("visits", &["reading-80"]),
            &weekdays_from("2026-11-09", "2026-11-19"),
        ),
        hits_on(
            practice("calls", &["absence", "every-reader"]),
            &weekdays_from("2026-11-16", "2026-11-20"),
        ),
    ]
}

#[test]
fn a_healthy_tree_has_figures_links_and_no_warnings() {
    let r = report(school(), &Settings::default(), &[], "2026-11-20");
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert_eq!(r.title, "Goals");
    assert_eq!(r.today, d("2026-11-20"));
    let ids: Vec<_> = r.goals.iter().map(|g| g.goal.id.as_str()).collect();
    assert_eq!(
        ids,
        ["absence", "calls", "every-reader", "reading-80", "visits"]
    );

    let reading = goal(&r, "reading-80");
    assert_eq!(reading.state, State::OnTrack);
    assert_eq!(reading.parents, ["every-reader"]);
    assert_eq!(reading.children, ["visits"]);
    assert!(reading.practice.is_none() && reading.purpose.is_none());
    assert_eq!(reading.series.len(), 2);

    let absence = goal(&r, "absence");
    assert_eq!(absence.state, State::AtRisk);

    let visits = goal(&r, "visits");
    let p = visits
        .practice
        .as_ref()
        .map(|p| (p.completion_14d, p.streak, p.last_entry));
    assert_eq!(p, Some((Some(1.0), 9, Some(d("2026-11-19")))));
    assert_eq!(visits.state, State::OnTrack);
    assert_eq!(visits.parents, ["reading-80"]);

    // Purpose: mean of 4/13 and 0.5/8, weakest of on-track and at-risk.
    let why = goal(&r, "every-reader");
    assert_eq!(why.state, State::AtRisk);
    assert_eq!(why.children, ["absence", "calls", "reading-80"]);
    let f = why.purpose.as_ref();
    assert!(close(
        f.and_then(|f| f.progress),
        (4.0 / 13.0 + 0.0625) / 2.0
    ));
    assert_eq!(f.map(|f| (f.progress_goals, f.practices)), Some((2, 2)));
}

#[test]
fn purpose_roll_up_leaves_out_paused_goals_and_clamps() {
    let mut goals = school();
    goals[2] = goals[2].clone().status(Status::Paused);
    goals.push(
        progress("beyond", Some("every-reader"))
            .aim(0.0, 10.0)
            .window("2026-09-01", "2027-05-31")
            .measure("2026-11-01", 15.0),
    );
    goals.push(hits_on(
        practice("b-habit", &["beyond"]),
        &weekdays_from("2026-11-16", "2026-11-20"),
    ));
    let r = report(goals, &Settings::default(), &[], "2026-11-20");
    let why = goal(&r, "every-reader");
    // reading-80 (on-track, 4/13) and beyond (achieved, 1.5 clamped to 1).
    assert_eq!(why.state, State::OnTrack);
    assert!(close(
        why.purpose.as_ref().and_then(|f| f.progress),
        (4.0 / 13.0 + 1.0) / 2.0
    ));
    assert_eq!(why.purpose.as_ref().map(|f| f.progress_goals), Some(2));
    assert_eq!(goal(&r, "beyond").state, State::Achieved);

    let lone = report(
        vec![purpose("why").allow("purpose-without-progress")],
        &Settings::default(),
        &[],
        "2026-11-20",
    );
    assert_eq!(lone.goals[0].state, State::NoData);
    assert_eq!(
        lone.goals[0].purpose.as_ref().and_then(|f| f.progress),
        None
    );
}

/// The lints on `id`, as codes.
fn lints_of(r: &Report, id: &str) -> Vec<&'static str> {
    goal(r, id).lints.iter().map(|l| l.code()).collect()
}

#[test]
fn structure_lints_fire_and_allow_silences_them() {
    let goals = vec![
        purpose("lonely"),
        progress("orphan", None)
            .aim(1.0, 2.0)
            .window("2026-09-01", "2027-05-31")
            .measure("2026-11-19", 1.5),
        purpose("elsewhere"),
        progress("vague", Some("elsewhere")),
    ];
    let r = report(goals, &Settings::default(), &[], "2026-11-20");
    assert_eq!(lints_of(&r, "lonely"), ["purpose-without-progress"]);
    assert_eq!(
        lints_of(&r, "orphan"),
        ["progress-without-purpose", "magic-wand"]
    );
    assert_eq!(
        lints_of(&r, "vague"),
        ["magic-wand", "not-measurable", "stale"]
    );
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "magic-wand" && d.goal.as_deref() == Some("orphan"));
    let d = d.map(|d| (d.severity, d.file.as_str(), d.line, d.hint.clone()));
    assert_eq!(
        d,
        Some((
            crate::Severity::Warning,
            "goals/orphan.md",
            1,
            Some(
                "What would you do each day that produces this result? \
                 Add a practice goal that `serves` it."
                    .to_string()
            )
        ))
    );
    let nm = r.diagnostics.iter().find(|d| d.code == "not-measurable");
    assert!(nm.is_some_and(|d| d.message.contains("baseline, target, start, due")));
    // `elsewhere` has a progress goal beneath it.
    assert!(lints_of(&r, "elsewhere").is_empty());

    let silenced = vec![
        purpose("lonely").allow("purpose-without-progress"),
        progress("orphan", None)
            .aim(1.0, 2.0)
            .window("2026-09-01", "2027-05-31")
            .measure("2026-11-19", 1.5)
            .allow("progress-without-purpose")
            .allow("magic-wand"),
        purpose("elsewhere"),
        progress("vague", Some("elsewhere"))
            .allow("magic-wand")
            .allow("not-measurable")
            .allow("stale"),
    ];
    let r = report(silenced, &Settings::default(), &[], "2026-11-20");
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert!(r.goals.iter().all(|g| g.lints.is_empty()));
}

#[test]
fn lints_skip_goals_that_are_not_active() {
    let goals = vec![
        purpose("lonely").status(Status::Done),
        progress("orphan", None).status(Status::Paused),
        practice("old", &[])
            .status(Status::Dropped)
            .hits(&["2026-01-05"]),
    ];
    let r = report(goals, &Settings::default(), &[], "2026-11-20");
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
}

#[test]
fn stale_practice_counts_days_without_breaks() {
    let mut settings = school_year(&[]);
    let practice_at = |last: &str| practice("visits", &["why"]).hits(&[last]);
    let r = report(
        vec![practice_at("2026-11-06")],
        &settings,
        &[],
        "2026-11-20",
    );
    assert_eq!(lints_of(&r, "visits"), ["stale"]);
    let d = r.diagnostics.iter().find(|d| d.code == "stale");
    assert!(
        d.is_some_and(|d| d.message.contains("since 2026-11-06")),
        "{:?}",
        d
    );
    // 13 days: not yet.
    let r = report(
        vec![practice_at("2026-11-07")],
        &settings,
        &[],
        "2026-11-20",
    );
    assert!(lints_of(&r, "visits").is_empty());
    // A week's break does not count towards it.
    settings = school_year(&[("2026-11-09", "2026-11-15")]);
    // 10-31 .. 11-20: 20 days, 7 of them in the break.
    let r = report(
        vec![practice_at("2026-10-31")],
        &settings,
        &[],
        "2026-11-20",
    );
    assert!(lints_of(&r, "visits").is_empty());
    let r = report(
        vec![practice_at("2026-10-30")],
        &settings,
        &[],
        "2026-11-20",
    );
    assert_eq!(lints_of(&r, "visits"), ["stale"]);
    // Never logged: counted from its start, else the school year's start.
    let fresh = practice("new", &[]).window("2026-11-10", "2027-05-31");
    let r = report(vec![fresh], &school_year(&[]), &[], "2026-11-20");
    assert!(lints_of(&r, "new").is_empty());
    let r = report(
        vec![practice("never", &[])],
        &school_year(&[]),
        &[],
        "2026-11-20",
    );
    assert_eq!(lints_of(&r, "never"), ["stale"]);
    // A setting of 0 turns it off.
    let off = Settings {
        stale_after_days: 0,
        ..Settings::default()
    };
    let r = report(vec![practice_at("2026-01-01")], &off, &[], "2026-11-20");
    assert!(lints_of(&r, "visits").is_empty());
}

#[test]
fn stale_progress_looks_at_its_practices_too() {
    let goals = |practice_day: &str| {
        vec![
            purpose("why"),
            progress("reading", Some("why"))
                .aim(1.0, 2.0)
                .window("2026-09-01", "2027-05-31")
                .measure("2026-10-01", 1.2)
                .current(1.5),
            practice("visits", &["reading"]).hits(&[practice_day]),
        ]
    };
    // `current:` alone (dated today) is not a new record.
    let r = report(goals("2026-11-02"), &Settings::default(), &[], "2026-11-20");
    assert_eq!(lints_of(&r, "reading"), ["stale"]);
    assert_eq!(lints_of(&r, "visits"), ["stale"]);
    let r = report(goals("2026-11-19"), &Settings::default(), &[], "2026-11-20");
    assert!(lints_of(&r, "reading").is_empty());
    assert!(lints_of(&r, "visits").is_empty());
}

#[test]
fn date_lints_point_at_the_first_entry_even_on_inactive_goals() {
    let goals = vec![
        practice("visits", &[])
            .allow("stale")
            .window("2026-11-01", "2026-11-30")
            .hits(&["2026-10-20", "2026-11-19", "2026-11-25", "2026-12-05"])
            .status(Status::Paused),
        progress("reading", None)
            .aim(1.0, 2.0)
            .window("2026-09-01", "2027-05-31")
            .measure("2026-08-15", 1.0)
            .measure("2026-12-01", 1.5)
            .measure_from("2026-08-01", 1.0, crate::model::SeriesSource::Git)
            .status(Status::Done),
    ];
    let r = report(goals, &Settings::default(), &[], "2026-11-20");
    let found: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.code, d.file.as_str(), d.line))
        .collect();
    // Log lines are numbered from 10 in the order written.
    assert_eq!(
        found,
        [
            ("outside-window", "goals/reading.md", 10),
            ("future-entry", "goals/reading.md", 11),
            ("outside-window", "goals/visits.md", 10),
            ("future-entry", "goals/visits.md", 12),
        ]
    );
    assert!(r.diagnostics[1]
        .message
        .contains("2026-12-01 is after today (2026-11-20)"));
    // One warning per goal, counting the entries, at the earliest.
    assert_eq!(
        r.diagnostics[3].message,
        "2 entries are dated after today, 2026-11-20 (first: 2026-11-25)"
    );
    assert_eq!(lints_of(&r, "visits"), ["outside-window", "future-entry"]);

    let allowed = vec![practice("visits", &[])
        .allow("stale")
        .allow("future-entry")
        .allow("outside-window")
        .window("2026-11-01", "2026-11-30")
        .hits(&["2026-10-20", "2026-12-05"])];
    let r = report(allowed, &Settings::default(), &[], "2026-11-20");
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
}

#[test]
fn figures_per_cycle() {
    let cycles = [
        cycle("Sprint 5", "2026-11-02", "2026-11-13"),
        cycle("Sprint 6", "2026-11-16", "2026-11-27"),
        cycle("Sprint 7", "2026-11-30", "2026-12-11"),
    ];
    let mut visits_days = weekdays_from("2026-11-02", "2026-11-19");
    visits_days.retain(|d| d != "2026-11-06");
    let goals = vec![
        purpose("why"),
        progress("reading", Some("why"))
            .aim(67.0, 80.0)
            .window("2026-09-01", "2027-05-31")
            .measure("2026-09-01", 67.0)
            .measure("2026-11-18", 71.0),
        hits_on(practice("visits", &["reading"]), &visits_days),
        hits_on(
            practice("late", &["reading"]).window("2026-11-16", "2027-05-31"),
            &weekdays_from("2026-11-16", "2026-11-20"),
        ),
    ];
    let r = report(goals, &Settings::default(), &cycles, "2026-11-20");
    assert_eq!(r.current_cycle, Some(1));
    assert_eq!(r.cycles.len(), 3);

    let visits = goal(&r, "visits");
    let p = visits.practice.as_ref();
    // Sprint 5: 9 of 10 weekdays; Sprint 6 so far: 4 of 4 (today not yet logged).
    assert_eq!(
        p.map(|p| p.cycle_completion.clone()),
        Some(vec![Some(0.9), Some(1.0), None])
    );
    assert_eq!(p.and_then(|p| p.completion_cycle), Some(1.0));
    assert_eq!(
        visits.cycle_states,
        [Some(State::OnTrack), Some(State::OnTrack), None]
    );
    // A practice that started later has no state for earlier cycles.
    assert_eq!(
        goal(&r, "late").cycle_states,
        [None, Some(State::OnTrack), None]
    );

    // As of Sprint 5's end nothing had been measured since the baseline.
    let reading = goal(&r, "reading");
    assert_eq!(
        reading.cycle_states,
        [Some(State::NoData), Some(State::OnTrack), None]
    );
    assert_eq!(goal(&r, "why").cycle_states, reading.cycle_states);
}

#[test]
fn practice_state_from_the_report() {
    let goals = vec![
        practice("half", &[])
            .allow("stale")
            .hits(&["2026-11-16", "2026-11-18"])
            .log("2026-11-17", EntryValue::Done(false))
            .log("2026-11-19", EntryValue::Done(false)),
        practice("empty", &[]).allow("stale"),
    ];
    let r = report(goals, &Settings::default(), &[], "2026-11-20");
    assert_eq!(goal(&r, "half").state, State::AtRisk);
    assert_eq!(goal(&r, "empty").state, State::NoData);
    let empty = goal(&r, "empty").practice.as_ref();
    assert_eq!(
        empty.map(|p| (p.completion_14d, p.streak, p.days.len())),
        Some((None, 0, 1))
    );
}

#[test]
fn diagnostics_merge_and_sort_errors_first() {
    let mut goals = school();
    goals.push(practice("typo", &["reading-8"]).hits(&["2026-11-20"]));
    let r = report(goals, &Settings::default(), &[], "2026-11-20");
    let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-reference"]);
    assert_eq!(
        r.diagnostics[0].hint.as_deref(),
        Some("did you mean `reading-80`?")
    );

    let mut goals = school();
    goals.push(purpose("zz-lonely"));
    goals.push(practice("typo", &["reading-8"]).hits(&["2026-11-20"]));
    let r = report(goals, &Settings::default(), &[], "2026-11-20");
    let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-reference", "purpose-without-progress"]);
}

/// 3,000 goals with a year of entries each are all analysed, with no
/// problem found. How the time grows with the goals is measured by the
/// `pipeline` bench (10,000 and 100,000 goals), not by a timed test.
#[test]
fn three_thousand_goals_with_a_year_of_entries_are_analysed() {
    let mut goals = Vec::new();
    let days = weekdays_from("2025-12-01", "2026-11-20");
    for k in 0..1000 {
        goals.push(purpose(&format!("p{k}")));
        goals.push(
            progress(&format!("g{k}"), Some(&format!("p{k}")))
                .aim(0.0, 10.0)
                .window("2026-09-01", "2027-05-31")
                .measure("2026-11-01", 3.0),
        );
        let mut pr = practice(&format!("h{k}"), &[&format!("g{k}")]);
        if let crate::model::Details::Practice(p) = &mut pr.details {
            p.log = days
                .iter()
                .map(|day| crate::model::Entry {
                    date: d(day),
                    value: EntryValue::Done(true),
                    note: None,
                    at: at("x.md", 1),
                })
                .collect::<Vec<_>>()
                .into();
        }
        goals.push(pr);
    }
    let r = report(goals, &school_year(&[]), &[], "2026-11-20");
    assert_eq!(r.goals.len(), 3000);
    assert!(r.diagnostics.is_empty());
    assert_eq!(goal(&r, "p7").state, State::OnTrack);
    assert_eq!(goal(&r, "p999").state, State::OnTrack);
}

#[test]
fn scorecard_entries_count_like_log_entries() {
    let mut file = file_of(vec![practice("visits", &[])
        .allow("stale")
        .per_period(2.0)
        .log("2026-11-16", EntryValue::Number(2.0))]);
    file.scorecards.push(scorecard(
        "scorecards/2026-11.md",
        &[
            ("visits", "2026-11-17", EntryValue::Number(1.0), 8),
            ("visits", "2026-11-18", EntryValue::Done(true), 9),
            ("visits", "2026-11-25", EntryValue::Number(2.0), 10),
        ],
    ));
    let graph = crate::graph::resolve([&file], &[]);
    let r = analyse(graph, &Settings::default(), &[], d("2026-11-19"), None);
    let p = goal(&r, "visits").practice.as_ref();
    // 16: 1, 17: 1/2, 18: 1, 19 (today) not yet: (1 + 0.5 + 1) / 3.
    assert!(close(p.and_then(|p| p.completion_14d), 2.5 / 3.0));
    assert_eq!(p.map(|p| p.streak), Some(1));
    let statuses: Vec<_> = p
        .map(|p| p.days.iter().map(|c| c.status).collect())
        .unwrap_or_default();
    assert_eq!(
        statuses,
        [
            DayStatus::Hit,
            DayStatus::Partial,
            DayStatus::Hit,
            DayStatus::Pending
        ]
    );
    // The scorecard's future cell is reported where it is written.
    let d = &r.diagnostics;
    assert_eq!(d.len(), 1);
    assert_eq!(
        (
            d[0].code,
            d[0].file.as_str(),
            d[0].line,
            d[0].goal.as_deref()
        ),
        ("future-entry", "scorecards/2026-11.md", 10, Some("visits"))
    );
}

/// A large repository holds one log entry per recorded day and one `Day`
/// per practice and calendar day (millions of each at 100,000 goals):
/// their sizes are part of its memory budget.
#[test]
fn what_a_large_repository_holds_millions_of_stays_small() {
    use std::mem::size_of;
    assert_eq!(size_of::<crate::diagnostics::Location>(), 16);
    assert_eq!(size_of::<crate::model::Entry>(), 56);
    assert_eq!(size_of::<Day>(), 24);
    let day = Day::new(d("2026-09-01"), DayStatus::Partial, Some(2.0), None);
    assert_eq!((day.value(), day.fraction()), (Some(2.0), None));
    let day = Day::new(d("2026-09-01"), DayStatus::Hit, None, Some(1.0));
    assert_eq!((day.value(), day.fraction()), (None, Some(1.0)));
}

/// `watch` keeps practice figures between builds: a practice is measured
/// again only when its own inputs, the settings or today changed, and
/// what is kept is what measuring gives.
#[test]
fn kept_practice_figures_are_the_measured_ones() {
    let goals = |visits_on_19th: EntryValue| {
        vec![
            practice("visits", &[])
                .allow("stale")
                .hits(&["2026-11-16", "2026-11-18"])
                .log("2026-11-19", visits_on_19th),
            practice("calls", &[])
                .allow("stale")
                .hits(&["2026-11-17", "2026-11-20"]),
            practice("notes", &[])
                .allow("stale")
                .window("2026-11-01", "2026-12-18"),
        ]
    };
    let settings = Settings::default();
    let with = |memo: &memo::Memo, goals: Vec<Goal>, today: &str| {
        let file = file_of(goals);
        let graph = crate::graph::resolve([&file], &[]);
        analyse(graph, &settings, &[], d(today), Some(memo))
    };
    let figures = |r: &Report| {
        r.goals
            .iter()
            .map(|g| format!("{:?} {:?} {:?}", g.state, g.cycle_states, g.practice))
            .collect::<Vec<_>>()
    };
    let mut memo = memo::Memo::default();
    let first = with(&memo, goals(EntryValue::Done(false)), "2026-11-20");
    assert_eq!(memo.settle(), 0, "nothing kept yet");
    let fresh = report(goals(EntryValue::Done(false)), &settings, &[], "2026-11-20");
    assert_eq!(figures(&first), figures(&fresh));
    // The same inputs: every practice kept, the same figures.
    let again = with(&memo, goals(EntryValue::Done(false)), "2026-11-20");
    assert_eq!(memo.settle(), 3);
    assert_eq!(figures(&again), figures(&fresh));
    // One entry changed: that practice measured again, the others kept.
    let changed = with(&memo, goals(EntryValue::Done(true)), "2026-11-20");
    assert_eq!(memo.settle(), 2);
    let fresh = report(goals(EntryValue::Done(true)), &settings, &[], "2026-11-20");
    assert_eq!(figures(&changed), figures(&fresh));
    assert_ne!(figures(&changed), figures(&first));
    // Another day: everything measured again.
    let tomorrow = with(&memo, goals(EntryValue::Done(true)), "2026-11-21");
    assert_eq!(memo.settle(), 0);
    let fresh = report(goals(EntryValue::Done(true)), &settings, &[], "2026-11-21");
    assert_eq!(figures(&tomorrow), figures(&fresh));
}

/// A log shared with the parse cache is the same allocation from one
/// build to the next: its entries' hash is kept by its address, and what
/// else the figures are made from (the goal's window) still counts.
#[test]
fn a_shared_log_is_hashed_once_and_its_window_still_counts() {
    let settings = Settings::default();
    let figures = |r: &Report| format!("{:?}", r.goals[0].practice);
    let built = |file: &crate::model::ParsedFile, memo: &memo::Memo| {
        let graph = crate::graph::resolve([file], &[]);
        analyse(graph, &settings, &[], d("2026-11-20"), Some(memo))
    };
    let goal = |due: &str| {
        practice("visits", &[])
            .allow("stale")
            .hits(&["2026-11-16", "2026-11-18", "2026-11-19"])
            .window("2026-11-01", due)
    };
    let file = file_of(vec![goal("2026-12-18")]);
    let mut memo = memo::Memo::default();
    let first = built(&file, &memo);
    assert_eq!(memo.settle(), 0);
    // The same parsed file (as the parse cache hands it out): kept.
    let again = built(&file, &memo);
    assert_eq!(memo.settle(), 1);
    assert_eq!(figures(&again), figures(&first));
    // The same log, in a goal whose window ends earlier: measured again.
    let mut shorter = file_of(vec![goal("2026-11-18")]);
    if let (Details::Practice(new), Details::Practice(old)) = (
        &mut std::sync::Arc::make_mut(&mut shorter.goals[0]).details,
        &file.goals[0].details,
    ) {
        new.log = std::sync::Arc::clone(&old.log);
    }
    let moved = built(&shorter, &memo);
    assert_eq!(memo.settle(), 0, "the window is part of the key");
    let fresh = report(vec![goal("2026-11-18")], &settings, &[], "2026-11-20");
    assert_eq!(figures(&moved), figures(&fresh));
    assert_ne!(figures(&moved), figures(&first));
}
