#![allow(dead_code)]
//! A hand-made report of a realistic school, for tests and for previewing
//! templates without a goals repository: two purposes, four progress goals
//! (one where lower is better, one overdue), five shared practices with
//! every day since the start of the year, one private practice, two people,
//! six two-week cycles and a few diagnostics (errors included).

use goalpost::analysis::practice::Tally;
use goalpost::analysis::{
    Day, DayStatus, GoalReport, PracticeFigures, ProgressFigures, PurposeFigures, Report,
    SeriesPoint, State,
};
use goalpost::diagnostics::{Diagnostic, Location, Pos, Severity};
use goalpost::model::settings::Cycle;
use goalpost::model::{
    Break, Cadence, Calendar, CycleSpec, Date, Details, Evidence, Goal, Kind, Person, PracticeSpec,
    ProgressSpec, PurposeSpec, Reference, SeriesSource, Settings, Visibility,
};
use goalpost::render::dates::{add_days, days_between};

/// The title of the private goal in [`report`]; it must appear nowhere
/// unless private goals are included.
pub const PRIVATE_TITLE: &str = "Support plan for Mr. Hale";
pub const PRIVATE_ID: &str = "hale-support-plan";

fn d(y: i16, m: i8, day: i8) -> Date {
    Date::new(y, m, day).unwrap_or(Date::MIN)
}

fn goal(id: &str, title: &str, file: &str, owners: &[&str], details: Details) -> Goal {
    let kind = match details {
        Details::Purpose(_) => Kind::Purpose,
        Details::Progress(_) => Kind::Progress,
        Details::Practice(_) => Kind::Practice,
        Details::Coaching(_) => Kind::Coaching,
        Details::Reflection(_) => Kind::Reflection,
    };
    Goal {
        title: title.to_string(),
        owners: owners.iter().map(|s| s.to_string()).collect(),
        body_line: 8,
        details,
        ..Goal::new(
            id.to_string(),
            kind,
            file,
            Location::new(file, Pos::new(1, 1)),
        )
    }
}

fn reference(id: &str) -> Reference {
    Reference {
        id: id.to_string(),
        at: Location::default(),
    }
}

fn report_for(
    g: Goal,
    state: State,
    parents: &[&str],
    children: &[&str],
    lints: &[&str],
) -> GoalReport {
    GoalReport {
        goal: std::sync::Arc::new(g),
        state,
        parents: parents.iter().map(|s| s.to_string()).collect(),
        children: children.iter().map(|s| s.to_string()).collect(),
        lints: lints.iter().map(|s| s.parse().expect("a lint")).collect(),
        progress: None,
        practice: None,
        purpose: None,
        series: Vec::new(),
        cycle_states: Vec::new(),
        history: None,
        moved: Vec::new(),
        last_record: None,
        coaching: None,
        scheduled_today: false,
    }
}

/// The six two-week sprints from Aug 31, 2026 (Sprint 6 = Nov 9–22).
pub fn cycles() -> Vec<Cycle> {
    (0..6)
        .map(|i| {
            let start = add_days(d(2026, 8, 31), i * 14).unwrap_or(Date::MIN);
            Cycle {
                id: format!("sprint-{}", i + 1),
                name: format!("Sprint {}", i + 1),
                start,
                end: add_days(start, 13).unwrap_or(start),
            }
        })
        .collect()
}

/// A practice's days from `from` to `today`, with `pattern(i, date)`
/// giving the recorded value of the i-th scheduled day (`None` = missed,
/// `Some(-1.0)` = skip).
fn days(
    settings: &Settings,
    from: Date,
    today: Date,
    cadence: Cadence,
    target: f64,
    pattern: &dyn Fn(usize, Date) -> Option<f64>,
) -> Vec<Day> {
    let mut out = Vec::new();
    let mut scheduled = 0usize;
    for i in 0..=days_between(from, today) {
        let Some(date) = add_days(from, i) else {
            break;
        };
        let weekday = date.weekday().to_monday_zero_offset();
        let status_value = if settings.break_on(date).is_some() {
            (DayStatus::Break, None)
        } else if (cadence == Cadence::Weekdays && weekday >= 5)
            || (cadence == Cadence::Weekly && weekday != 4)
        {
            (DayStatus::Unscheduled, None)
        } else {
            let value = pattern(scheduled, date);
            scheduled += 1;
            match value {
                Some(v) if v < 0.0 => (DayStatus::Skip, None),
                Some(v) if v >= target => (DayStatus::Hit, Some(v)),
                Some(v) if v > 0.0 => (DayStatus::Partial, Some(v)),
                Some(v) => (DayStatus::Miss, Some(v)),
                None if date == today => (DayStatus::Pending, None),
                None => (DayStatus::Miss, None),
            }
        };
        let (status, value) = status_value;
        out.push(Day::new(
            date,
            status,
            value,
            value.map(|v| (v / target).clamp(0.0, 1.0)),
        ));
    }
    out
}

fn completion(days: &[Day], from: Date, to: Date) -> Option<f64> {
    tally(days, from, to).rate()
}

fn tally(days: &[Day], from: Date, to: Date) -> Tally {
    let mut t = Tally::default();
    for day in days.iter().filter(|x| x.date >= from && x.date <= to) {
        match day.status {
            DayStatus::Hit | DayStatus::Partial | DayStatus::Miss => {
                t.done += day.fraction().unwrap_or(0.0);
                t.counted += 1;
            }
            _ => {}
        }
    }
    t
}

fn streaks(days: &[Day]) -> (u32, u32) {
    let mut best = 0;
    let mut run = 0;
    for day in days {
        match day.status {
            DayStatus::Hit => {
                run += 1;
                best = best.max(run);
            }
            DayStatus::Partial | DayStatus::Miss => run = 0,
            _ => {}
        }
    }
    (run, best)
}

fn practice_figures(days: Vec<Day>, today: Date, cycles: &[Cycle]) -> PracticeFigures {
    let (streak, best_streak) = streaks(&days);
    let from14 = add_days(today, -13).unwrap_or(today);
    let current = cycles.iter().find(|c| c.contains(today));
    let mut strength: f64 = 0.0;
    for day in &days {
        match day.status {
            DayStatus::Hit | DayStatus::Partial | DayStatus::Miss => {
                strength = strength * 0.9 + 0.1 * day.fraction().unwrap_or(0.0);
            }
            _ => {}
        }
    }
    // Made by hand, not measured: keyed by its days (which the other
    // figures here are made from).
    let measured_from = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        format!("{days:?}").hash(&mut h);
        h.finish()
    };
    PracticeFigures {
        completion_14d: completion(&days, from14, today),
        completion_cycle: current.and_then(|c| completion(&days, c.start, today)),
        streak,
        best_streak,
        strength,
        weeks: Vec::new(),
        last_entry: days
            .iter()
            .rev()
            .find(|x| x.value().is_some())
            .map(|x| x.date),
        cycle_completion: cycles
            .iter()
            .map(|c| {
                if c.start > today {
                    None
                } else {
                    completion(&days, c.start, c.end.min(today))
                }
            })
            .collect(),
        completion_28d: None,
        scorecard: current.map_or_else(Tally::default, |c| tally(&days, c.start, today)),
        buffer: None,
        outlook: None,
        days,
        measured_from,
    }
}

fn practice_state(figures: &PracticeFigures) -> State {
    match figures.completion_14d {
        Some(c) if c >= 0.8 => State::OnTrack,
        Some(c) if c >= 0.5 => State::AtRisk,
        Some(_) => State::OffTrack,
        None => State::NoData,
    }
}

fn series(points: &[(Date, f64, Option<&str>)]) -> Vec<SeriesPoint> {
    points
        .iter()
        .map(|(date, value, note)| SeriesPoint {
            date: *date,
            value: *value,
            source: SeriesSource::Measurements,
            note: note.map(str::to_string),
        })
        .collect()
}

fn progress_figures(
    spec: &ProgressSpec,
    start: Date,
    due: Date,
    today: Date,
    series: &[SeriesPoint],
) -> ProgressFigures {
    let latest = series.last();
    let fraction = match (spec.baseline, spec.target, latest) {
        (Some(b), Some(t), Some(l)) if t != b => Some((l.value - b) / (t - b)),
        _ => None,
    };
    let total = days_between(start, due) as f64;
    let expected = (days_between(start, today) as f64 / total).clamp(0.0, 1.0);
    ProgressFigures {
        baseline: spec.baseline,
        target: spec.target,
        latest: latest.map(|p| p.value),
        latest_date: latest.map(|p| p.date),
        fraction,
        expected: Some(expected),
        lower_is_better: matches!((spec.baseline, spec.target), (Some(b), Some(t)) if t < b),
        required_per_week: None,
        forecast: goalpost::analysis::Forecast::Missing(
            goalpost::analysis::NoForecast::TooFewPoints,
        ),
        next_window: None,
        judged: None,
        tolerance: None,
    }
}

/// The sample report: Lincoln Elementary on Friday, Nov 20, 2026, day 12
/// of Sprint 6.
pub fn report() -> Report {
    let today = d(2026, 11, 20);
    let cycles = cycles();
    let settings = Settings {
        title: "Lincoln Elementary — goals 2026-27".to_string(),
        output: "site".to_string(),
        today: Some(today),
        stale_after_days: 14,
        calendar: Some(Calendar {
            start: d(2026, 8, 31),
            end: d(2027, 6, 25),
            breaks: vec![
                Break {
                    name: "Fall break".to_string(),
                    from: d(2026, 10, 12),
                    to: d(2026, 10, 16),
                },
                Break {
                    name: "Thanksgiving".to_string(),
                    from: d(2026, 11, 25),
                    to: d(2026, 11, 27),
                },
            ],
        }),
        cycles: CycleSpec::Weeks(2),
        people: vec![
            Person {
                id: "principal".to_string(),
                name: "Dana Reyes".to_string(),
                role: Some("Principal".to_string()),
            },
            Person {
                id: "okafor".to_string(),
                name: "Grace Okafor".to_string(),
                role: Some("Literacy coach".to_string()),
            },
        ],
        edit_url: None,
    };
    let year_start = d(2026, 8, 31);
    let n_cycles = cycles.len();
    let states = |list: &[State]| -> Vec<Option<State>> {
        (0..n_cycles).map(|i| list.get(i).copied()).collect()
    };
    let mut goals = Vec::new();

    // Purposes.
    let mut every_reader = goal(
        "every-reader",
        "Every child reads with confidence",
        "goals/literacy/every-reader.md",
        &["principal"],
        Details::Purpose(PurposeSpec {
            aligns_to: vec!["District goal 1: literacy".to_string()],
        }),
    );
    every_reader.body = "Reading is the gate to every other subject. When a child reads with confidence by third grade, everything after gets easier.\n\n## Why now\n\nOur spring screener showed **one in three** third graders below grade level.\n".to_string();
    let mut r = report_for(
        every_reader,
        State::OffTrack,
        &[],
        &["dibels-k2", "grade-level-80"],
        &[],
    );
    r.purpose = Some(PurposeFigures {
        progress: Some(0.2),
        progress_goals: 2,
        practices: 3,
    });
    r.cycle_states = states(&[
        State::NoData,
        State::OnTrack,
        State::OnTrack,
        State::AtRisk,
        State::AtRisk,
        State::OffTrack,
    ]);
    goals.push(r);

    let belonging = goal(
        "belonging",
        "Every family feels they belong at Lincoln",
        "goals/community/belonging.md",
        &["principal"],
        Details::Purpose(PurposeSpec::default()),
    );
    let mut r = report_for(
        belonging,
        State::Overdue,
        &[],
        &[
            "chronic-absence-12",
            "family-conferences-95",
            "family-newsletter",
        ],
        &[],
    );
    r.purpose = Some(PurposeFigures {
        progress: Some(0.55),
        progress_goals: 2,
        practices: 2,
    });
    r.cycle_states = states(&[
        State::NoData,
        State::AtRisk,
        State::AtRisk,
        State::OnTrack,
        State::OnTrack,
        State::Overdue,
    ]);
    goals.push(r);

    // Progress goals.
    let progress = |id: &str,
                    title: &str,
                    file: &str,
                    owner: &str,
                    purpose: &str,
                    (baseline, target): (f64, f64),
                    (start, due): (Date, Date),
                    points: &[(Date, f64, Option<&str>)]| {
        let spec = ProgressSpec {
            purpose: Some(reference(purpose)),
            aligns_to: Vec::new(),
            metric: None,
            unit: Some("%".to_string()),
            baseline: Some(baseline),
            target: Some(target),
            measurements: Vec::new(),
            windows: Vec::new(),
            current: None,
            current_at: None,
            unreadable: Vec::new(),
        };
        let s = series(points);
        let figures = progress_figures(&spec, start, due, today, &s);
        let mut g = goal(id, title, file, &[owner], Details::Progress(spec));
        g.start = Some(start);
        g.due = Some(due);
        (g, figures, s)
    };

    let (mut g, fig, s) = progress(
        "grade-level-80",
        "80% of third graders read at grade level by May",
        "goals/literacy/grade-level-80.md",
        "okafor",
        "every-reader",
        (67.0, 80.0),
        (d(2026, 9, 1), d(2027, 5, 28)),
        &[
            (d(2026, 9, 15), 67.0, Some("Fall screener")),
            (d(2026, 10, 15), 70.0, None),
            (d(2026, 11, 16), 71.0, Some("Mid-fall check")),
        ],
    );
    g.body = "Measured with the district reading screener, three times a year, plus a monthly running-record check.\n\n| window | date |\n|---|---|\n| Fall | Sep 15 |\n| Winter | Jan 20 |\n| Spring | May 10 |\n".to_string();
    g.tags = vec!["literacy".to_string(), "grade-3".to_string()];
    let mut r = report_for(
        g,
        State::OnTrack,
        &["every-reader"],
        &["classroom-visits", "reading-conferences"],
        &[],
    );
    r.progress = Some(fig);
    r.series = s;
    r.cycle_states = states(&[
        State::NoData,
        State::OnTrack,
        State::OnTrack,
        State::OnTrack,
        State::OnTrack,
        State::OnTrack,
    ]);
    goals.push(r);

    let (g, fig, s) = progress(
        "dibels-k2",
        "K–2 students at DIBELS benchmark: 55% → 70% by January",
        "goals/literacy/dibels-k2.md",
        "okafor",
        "every-reader",
        (55.0, 70.0),
        (d(2026, 9, 1), d(2027, 1, 29)),
        &[(d(2026, 9, 20), 55.0, None), (d(2026, 10, 25), 57.0, None)],
    );
    let mut r = report_for(
        g,
        State::OffTrack,
        &["every-reader"],
        &["small-group-intervention"],
        &[],
    );
    r.progress = Some(fig);
    r.series = s;
    r.cycle_states = states(&[
        State::NoData,
        State::OnTrack,
        State::AtRisk,
        State::AtRisk,
        State::AtRisk,
        State::OffTrack,
    ]);
    goals.push(r);

    let (g, fig, s) = progress(
        "chronic-absence-12",
        "Chronic absence down from 20% to 12%",
        "goals/community/chronic-absence-12.md",
        "principal",
        "belonging",
        (20.0, 12.0),
        (d(2026, 9, 1), d(2027, 6, 11)),
        &[
            (d(2026, 9, 30), 19.0, None),
            (d(2026, 10, 30), 17.5, None),
            (
                d(2026, 11, 13),
                17.0,
                Some("After the attendance calls started"),
            ),
        ],
    );
    let mut r = report_for(
        g,
        State::OnTrack,
        &["belonging"],
        &["attendance-calls"],
        &[],
    );
    r.progress = Some(fig);
    r.series = s;
    r.cycle_states = states(&[
        State::NoData,
        State::AtRisk,
        State::AtRisk,
        State::OnTrack,
        State::OnTrack,
        State::OnTrack,
    ]);
    goals.push(r);

    let (g, fig, s) = progress(
        "family-conferences-95",
        "95% of families attend fall conferences",
        "goals/community/family-conferences-95.md",
        "principal",
        "belonging",
        (70.0, 95.0),
        (d(2026, 9, 1), d(2026, 11, 13)),
        &[
            (d(2026, 10, 30), 81.0, None),
            (d(2026, 11, 13), 88.0, Some("Final count")),
        ],
    );
    let mut r = report_for(g, State::Overdue, &["belonging"], &[], &["magic-wand"]);
    r.progress = Some(fig);
    r.series = s;
    r.cycle_states = states(&[
        State::NoData,
        State::NoData,
        State::NoData,
        State::AtRisk,
        State::AtRisk,
        State::Overdue,
    ]);
    goals.push(r);

    // Practices.
    let practice = |id: &str,
                    title: &str,
                    owner: &str,
                    serves: &[&str],
                    cadence: Cadence,
                    target: f64,
                    unit: Option<&str>,
                    pattern: &dyn Fn(usize, Date) -> Option<f64>| {
        let spec = PracticeSpec {
            serves: serves.iter().map(|s| reference(s)).collect(),
            cadence,
            target,
            unit: unit.map(str::to_string),
            log: Default::default(),
            evidence: Vec::new(),
        };
        let days = days(&settings, year_start, today, cadence, target, pattern);
        let figures = practice_figures(days, today, &cycles);
        let g = goal(
            id,
            title,
            &format!("goals/practices/{id}.md"),
            &[owner],
            Details::Practice(spec),
        );
        (g, figures)
    };

    let (mut g, fig) = practice(
        "classroom-visits",
        "Three classroom visits every school day",
        "principal",
        &["grade-level-80"],
        Cadence::Weekdays,
        3.0,
        Some("visits"),
        &|i, _| {
            Some(if i % 9 == 4 {
                2.0
            } else if i % 13 == 7 {
                0.0
            } else {
                3.0
            })
        },
    );
    if let Details::Practice(p) = &mut g.details {
        p.evidence = vec![
            Evidence {
                date: Some(d(2026, 11, 17)),
                url: "https://video.example.org/lincoln/visit-1117".to_string(),
                note: Some("Room 12 guided reading".to_string()),
            },
            Evidence {
                date: Some(d(2026, 11, 18)),
                url: "notes/visit-1118.md".to_string(),
                note: Some("Visit notes".to_string()),
            },
        ];
    }
    g.body = "Ten minutes in each room, one glow and one grow for the teacher by the end of the day.\n\n- [x] Build the visit rota\n- [ ] Share the feedback form with staff\n".to_string();
    let state = practice_state(&fig);
    let mut r = report_for(g, state, &["grade-level-80"], &[], &[]);
    r.practice = Some(std::sync::Arc::new(fig));
    goals.push(r);

    let (g, fig) = practice(
        "reading-conferences",
        "Reading conference with two students a day",
        "okafor",
        &["grade-level-80"],
        Cadence::Weekdays,
        2.0,
        Some("students"),
        &|i, date| {
            if date == d(2026, 11, 11) {
                Some(-1.0)
            } else if i % 5 == 3 {
                Some(1.0)
            } else {
                Some(2.0)
            }
        },
    );
    let state = practice_state(&fig);
    let mut r = report_for(g, state, &["grade-level-80"], &[], &[]);
    r.practice = Some(std::sync::Arc::new(fig));
    goals.push(r);

    let (g, fig) = practice(
        "small-group-intervention",
        "Daily small-group phonics for K–2 students below benchmark",
        "okafor",
        &["dibels-k2"],
        Cadence::Weekdays,
        1.0,
        None,
        &|i, date| {
            if date > d(2026, 11, 3) || i % 4 == 1 {
                None
            } else {
                Some(1.0)
            }
        },
    );
    let state = practice_state(&fig);
    let mut r = report_for(g, state, &["dibels-k2"], &[], &["stale"]);
    r.practice = Some(std::sync::Arc::new(fig));
    goals.push(r);

    let (g, fig) = practice(
        "attendance-calls",
        "Call home on every second absence",
        "principal",
        &["chronic-absence-12"],
        Cadence::Weekdays,
        1.0,
        None,
        &|i, _| if i % 6 == 5 { Some(0.0) } else { Some(1.0) },
    );
    let state = practice_state(&fig);
    let mut r = report_for(g, state, &["chronic-absence-12"], &[], &[]);
    r.practice = Some(std::sync::Arc::new(fig));
    goals.push(r);

    let (g, fig) = practice(
        "family-newsletter",
        "Friday family newsletter",
        "principal",
        &["belonging"],
        Cadence::Weekly,
        1.0,
        None,
        &|i, _| if i == 3 { None } else { Some(1.0) },
    );
    let state = practice_state(&fig);
    let mut r = report_for(g, state, &["belonging"], &[], &[]);
    r.practice = Some(std::sync::Arc::new(fig));
    goals.push(r);

    // The private one.
    let (mut g, fig) = practice(
        PRIVATE_ID,
        PRIVATE_TITLE,
        "principal",
        &["grade-level-80"],
        Cadence::Weekly,
        1.0,
        None,
        &|_, _| Some(1.0),
    );
    g.visibility = Visibility::Private;
    g.body = "Confidential coaching notes.".to_string();
    let state = practice_state(&fig);
    let mut r = report_for(g, state, &["grade-level-80"], &[], &["stale"]);
    r.practice = Some(std::sync::Arc::new(fig));
    goals.push(r);
    // Link it from its parent, as the analysis does.
    if let Some(parent) = goals.iter_mut().find(|r| r.goal.id == "grade-level-80") {
        parent.children.push(PRIVATE_ID.to_string());
    }
    goals.sort_by(|a, b| a.goal.id.cmp(&b.goal.id));

    let mut diagnostics = vec![
        Diagnostic::error(
            "unknown-field",
            &Location::new("goals/literacy/dibels-k2.md", Pos::new(7, 1)),
            "unknown field `targt`",
        )
        .with_hint("did you mean `target`?")
        .for_goal("dibels-k2"),
        Diagnostic::error(
            "yaml",
            &Location::new("goals/community/bus-duty.md", Pos::new(4, 9)),
            "could not read the frontmatter: mapping values are not allowed here",
        )
        .with_hint("put quotes around a value that contains `: `"),
        Diagnostic::warning(
            "magic-wand",
            &Location::new("goals/community/family-conferences-95.md", Pos::new(1, 1)),
            "no practice serves `family-conferences-95`",
        )
        .for_goal("family-conferences-95"),
        Diagnostic::warning(
            "stale",
            &Location::new(
                "goals/practices/small-group-intervention.md",
                Pos::new(1, 1),
            ),
            "no entry since Nov 3 (17 days)",
        )
        .for_goal("small-group-intervention"),
        Diagnostic::warning(
            "stale",
            &Location::new(format!("goals/practices/{PRIVATE_ID}.md"), Pos::new(1, 1)),
            format!("\"{PRIVATE_TITLE}\" has no entry for 14 days"),
        )
        .for_goal(PRIVATE_ID),
        Diagnostic::error(
            "unknown-field",
            &Location::new(format!("goals/practices/{PRIVATE_ID}.md"), Pos::new(3, 1)),
            format!("unknown field `sevres` in \"{PRIVATE_TITLE}\""),
        )
        .for_goal(PRIVATE_ID),
    ];
    goalpost::diagnostics::sort(&mut diagnostics);
    debug_assert!(diagnostics.iter().any(|x| x.severity == Severity::Error));

    Report {
        title: settings.title.clone(),
        today,
        settings,
        current_cycle: cycles.iter().position(|c| c.contains(today)),
        cycles,
        goals,
        diagnostics,
        scorecards: Vec::new(),
        redirects: Vec::new(),
    }
}
