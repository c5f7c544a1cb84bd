//! Every decision is made once, in analysis, and every output reads it
//! (issue 24): for each decision that moved out of the views, the pages
//! agree with `goals.json`, `goalpost today`, the digest and analysis's
//! own figure, through the command line on a fixture repository.
//!
//! Moving them changed no page of the example, the year-long fixture or a
//! 10,000-goal generated repository, byte for byte; the one sentence that
//! changed is a goal whose measurements are too large for a trend line
//! (the forecast test below).

use crate::prelude::*;
use crate::support::html_text;
use goalpost::analysis::cycles::Phase;
use goalpost::analysis::week::week;
use serde_json::Value;

/// The goals of `site/goals.json`, by id.
fn goals_json(repo: &Repo) -> Vec<Value> {
    let json: Value = serde_json::from_str(&repo.read("site/goals.json")).expect("json");
    json["goals"].as_array().expect("goals").clone()
}

fn json_goal<'a>(goals: &'a [Value], id: &str) -> &'a Value {
    goals
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("{id} in goals.json"))
}

const TREND_SAID: &str = "At the trend so far, it would be at";
const FEW_POINTS: &str =
    "A trend needs three points or more (the baseline counts as one): no forecast yet.";
const NO_LINE: &str = "The measurements are too large to fit a trend through: no forecast.";

/// The forecast (FORMAT §7 v2) is analysis's `Forecast`: `goals.json` has
/// its value whenever there is a trend; the page states and draws it while
/// the goal runs; without one, it says why only when the reader can act on
/// it. Today is Nov 20, 2026.
#[test]
fn the_forecast_and_why_there_is_none_agree_with_goals_json() {
    let repo = Repo::fixture("next");
    // Past due (Nov 1) with three points: a trend, neither stated nor drawn.
    repo.write(
        "goals/ended.md",
        "---\nkind: progress\ntitle: Ended\npurpose: purpose-b\nbaseline: 0\ntarget: 10\n\
         start: 2026-09-01\ndue: 2026-11-01\nmeasurements:\n  2026-09-15: 2\n  2026-10-01: 4\n  2026-10-15: 5\n---\n",
    )
    // Achieved with two points: nothing to say.
    .write(
        "goals/reached.md",
        "---\nkind: progress\ntitle: Reached\npurpose: purpose-b\nbaseline: 0\ntarget: 10\n\
         start: 2026-09-01\ndue: 2027-06-01\nmeasurements:\n  2026-10-01: 10\n---\n",
    )
    // Three points on three dates, so large that the line overflows: the
    // page used to say a trend needs three points, which it has.
    .write(
        "goals/huge.md",
        "---\nkind: progress\ntitle: Huge\npurpose: purpose-b\nbaseline: 0\ntarget: 1.7e308\n\
         start: 2026-09-01\ndue: 2027-06-01\nmeasurements:\n  2026-10-01: 1.0e307\n  2026-11-02: 1.5e308\n---\n",
    );
    repo.cmd(&["build"]).assert().code(0);
    let goals = goals_json(&repo);
    let page = |id: &str| repo.read(&format!("site/goals/{id}.html"));

    // (id, goals.json has a forecast, the page states it, why there is none)
    let cases: [(&str, bool, bool, Option<&str>); 6] = [
        ("rate-up", true, true, None),
        ("ended", true, false, None),
        ("rate-down", false, false, Some(FEW_POINTS)),
        ("late", false, false, None),
        ("reached", false, false, None),
        ("huge", false, false, Some(NO_LINE)),
    ];
    for (id, has, stated, why) in cases {
        let g = json_goal(&goals, id);
        let html = page(id);
        assert_eq!(
            !g["progress"]["forecast"].is_null(),
            has,
            "{id}: goals.json"
        );
        assert_eq!(html.contains(TREND_SAID), stated, "{id}: stated");
        assert_eq!(
            html.contains("<line class=\"forecast\""),
            stated,
            "{id}: the chart draws the trend exactly when the page states it"
        );
        for said in [FEW_POINTS, NO_LINE] {
            assert_eq!(html.contains(said), why == Some(said), "{id}: {said}");
        }
    }
    // The stated value is goals.json's, in the goal's unit.
    let up = json_goal(&goals, "rate-up")["progress"]["forecast"]
        .as_f64()
        .unwrap();
    assert_eq!(up, 56.9875);
    assert!(
        page("rate-up").contains("it would be at 57% on Dec 18, 2026: short of the target of 60%.")
    );
}

/// A repository whose week (Mon Nov 16 – Fri Nov 20, today) has each kind
/// of urgent line: Sprint 6 is Nov 9–22.
fn week_repo() -> Repo {
    let repo = Repo::empty();
    let practice = |title: &str, log: &str| {
        format!(
            "---\nkind: practice\ntitle: {title}\nowner: ann\ncadence: weekdays\nstart: 2026-11-09\nlog:\n{log}---\n"
        )
    };
    let days = |no: &[&str]| {
        ["09", "10", "11", "12", "13", "16", "17", "18", "19", "20"]
            .iter()
            .map(|d| {
                let v = if no.contains(d) { "no" } else { "yes" };
                format!("  2026-11-{d}: {v}\n")
            })
            .collect::<String>()
    };
    repo.write(
        "goalpost.yml",
        "title: Urgent School\ntoday: 2026-11-20\ncalendar: {start: 2026-08-31, end: 2027-06-11}\n\
         cycles: 2w\npeople:\n  ann: {name: Ann Lee}\n",
    )
    // Every day this week, today too, but last week missed: 5 of 10, and
    // 80% is out of reach (buffer floor(5 − 8) = −3).
    .write(
        "goals/catch-up.md",
        practice("Catch up", &days(&["09", "10", "11", "12", "13"])),
    )
    // Two misses last week: 8 of 10, no day to spare (buffer 0).
    .write("goals/edge.md", practice("Edge", &days(&["09", "10"])))
    // Every day: two to spare.
    .write("goals/steady.md", practice("Steady", &days(&[])))
    // Due in 5 days and in 10, both on track.
    .write(
        "goals/soon.md",
        "---\nkind: progress\ntitle: Soon\nowner: ann\nbaseline: 0\ntarget: 10\nstart: 2026-09-01\n\
         due: 2026-11-25\nmeasurements:\n  2026-11-16: 9\n---\n",
    )
    .write(
        "goals/later.md",
        "---\nkind: progress\ntitle: Later\nowner: ann\nbaseline: 0\ntarget: 10\nstart: 2026-09-01\n\
         due: 2026-11-30\nmeasurements:\n  2026-11-16: 8.5\n---\n",
    );
    repo
}

/// The week's lines on a page: (goal id, drawn as urgent), in order.
fn week_lines(page: &str) -> Vec<(String, bool)> {
    page.split("<li class=\"week-item ")
        .skip(1)
        .map(|item| {
            let class = &item[..item.find('"').expect("class ends")];
            let href = item.find("goals/").expect("a goal link") + "goals/".len();
            let id = &item[href..href + item[href..].find(".html").expect("html")];
            (id.to_string(), class.split(' ').any(|c| c == "urgent"))
        })
        .collect()
}

/// Which lines of the week are urgent is analysis's `WeekEntry::urgent`:
/// the person page and the dashboard draw exactly those, and `today`
/// shows the figures it was decided from (the buffer, the days left).
#[test]
fn the_weeks_urgent_lines_are_analysis_decision() {
    let repo = week_repo();
    repo.cmd(&["build"]).assert().success();
    let person = week_lines(&repo.read("site/people/ann.html"));
    let mut urgent: Vec<(String, bool)> = person.clone();
    urgent.sort();
    urgent.dedup();
    assert_eq!(
        urgent,
        [
            ("catch-up".to_string(), true),
            ("edge".to_string(), true),
            ("later".to_string(), false),
            ("soon".to_string(), true),
            ("steady".to_string(), false),
        ]
    );
    assert_eq!(week_lines(&repo.read("site/index.html")), person);

    let r = repo.report();
    let w = week(&r, 0..r.goals.len());
    let decided: Vec<(String, bool)> = w.owners[0]
        .entries
        .iter()
        .map(|e| (r.goals[e.goal].goal.id.clone(), e.urgent))
        .collect();
    assert_eq!(decided, person);

    let out = repo.cmd(&["today", "--owner", "ann"]).output().unwrap();
    let today = String::from_utf8(out.stdout).unwrap();
    let line = |id: &str| {
        today
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == id))
            .unwrap_or_else(|| panic!("{id} in today:\n{today}"))
            .to_string()
    };
    assert!(line("catch-up").ends_with("below 80%"), "{today}");
    assert!(line("edge").ends_with("0 to spare"), "{today}");
    assert!(line("steady").ends_with("2 to spare"), "{today}");
    assert!(line("soon").contains("in 5 days"), "{today}");
    assert!(line("later").contains("in 10 days"), "{today}");
}

/// A cycle's phase is analysis's `cycles::phase`: the sprint report's
/// status, the line on every page, the digest's line and `today`'s
/// heading say the same. Lincoln Elementary on Friday Nov 20, 2026.
#[test]
fn a_cycles_phase_is_the_same_everywhere() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build", "--today", "2026-11-20"])
        .assert()
        .success();
    let r = repo.report();
    let at = |name: &str| r.cycles.iter().position(|c| c.name == name).unwrap();
    assert_eq!(
        r.cycle_phase(at("Sprint 6")),
        Some(Phase::Running { day: 12, days: 14 })
    );
    assert_eq!(r.cycle_phase(at("Sprint 5")), Some(Phase::Finished));
    assert_eq!(r.cycle_phase(at("Sprint 7")), Some(Phase::Ahead));

    let line = "Sprint 6 · Nov 9–22 · day 12 of 14";
    assert!(html_text(&repo.read("site/index.html"))
        .join("\n")
        .contains(line));
    let sprint = html_text(&repo.read("site/cycles/sprint-6.html")).join("\n");
    assert!(sprint.contains("In progress: day 12 of 14"), "{sprint}");
    let before = html_text(&repo.read("site/cycles/sprint-5.html")).join("\n");
    assert!(before.contains("Finished"), "{before}");
    assert!(
        repo.try_read("site/cycles/sprint-7.html").is_none(),
        "a cycle ahead has no sprint report"
    );
    let digest = repo
        .cmd(&["digest", "--today", "2026-11-20"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&digest.stdout).contains(line));
    let today = repo
        .cmd(&["today", "--today", "2026-11-20"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&today.stdout)
        .lines()
        .next()
        .is_some_and(|l| l.ends_with("· Sprint 6")));
}

/// A practice's cadence and target are its file's, else the model's
/// defaults (every school day, 1), read once (`GoalReport::rhythm`): the
/// card, the scorecard grid and `today` say the same.
#[test]
fn a_practices_rhythm_is_the_same_everywhere() {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "title: Rhythm\ntoday: 2026-11-20\ncalendar: {start: 2026-08-31, end: 2027-06-11}\ncycles: 2w\n",
    )
    .write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visits\nowner: ann\nunit: visits\ntarget: 3\nstart: 2026-11-16\n\
         log:\n  2026-11-20: 1\n---\n",
    )
    .write(
        "goals/greet.md",
        "---\nkind: practice\ntitle: Greet\nowner: ann\nstart: 2026-11-16\nlog:\n  2026-11-20: yes\n---\n",
    );
    repo.cmd(&["build"]).assert().success();
    for (id, rhythm) in [
        ("visits", "3 visits each school day"),
        ("greet", "Every school day"),
    ] {
        let card = html_text(&repo.read(&format!("site/goals/{id}.html"))).join("\n");
        assert!(card.contains(rhythm), "{id}: {card}");
    }
    let grid = html_text(&repo.read("site/scorecard.html")).join("\n");
    assert!(grid.contains("Visits3 visits each school day"), "{grid}");
    assert!(grid.contains("GreetEvery school day"), "{grid}");
    let out = repo.cmd(&["today"]).output().unwrap();
    let today = String::from_utf8(out.stdout).unwrap();
    let line = |id: &str| today.lines().find(|l| l.contains(id)).unwrap().to_string();
    assert!(line("visits").contains("1 of 3 visits"), "{today}");
    assert!(line("greet").contains("done"), "{today}");
}

/// The scorecard grid's figures are analysis's (`analysis::grid`): each
/// practice's row is its completion in the cycle as `goals.json` has it,
/// and the grid's total is the dashboard's "This cycle".
#[test]
fn the_scorecard_grid_agrees_with_goals_json_and_the_dashboard() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build", "--today", "2026-11-20"])
        .assert()
        .success();
    let goals = goals_json(&repo);
    let grid = html_text(&repo.read("site/scorecard.html"));
    let mut checked = 0;
    for g in goals.iter().filter(|g| g["kind"] == "practice") {
        let title = g["title"].as_str().unwrap();
        let Some(row) = grid.iter().find(|l| l.starts_with(title)) else {
            continue;
        };
        let total = row.rsplit(" | ").next().unwrap();
        let shown = total.rsplit(' ').next().unwrap();
        let rate = g["practice"]["completion_cycle"]
            .as_f64()
            .map(|c| format!("{}%", (c * 100.0).round()));
        assert_eq!(Some(shown.to_string()), rate, "{title}: {row}");
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} practices on the grid");
    let all = grid
        .iter()
        .find(|l| l.starts_with("All practices"))
        .expect("the totals row");
    let total = all.rsplit(" | ").next().unwrap().to_string();
    let dashboard = html_text(&repo.read("site/index.html")).join("\n");
    let (done, rate) = total.split_once(' ').expect("done and rate");
    assert!(
        dashboard.contains(&format!(
            "{rate} of scheduled practice days done so far ({} of {})",
            done.split('/').next().unwrap(),
            done.split('/').nth(1).unwrap()
        )),
        "{total} vs\n{dashboard}"
    );
}
