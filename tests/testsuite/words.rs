//! Issue 23, "figures and words that never mislead": a benchmark measured
//! in windows is judged at its latest measurement, a goal past due says how
//! far it got, a short practice is not always "near failure", counts agree
//! with their nouns, and no page counts people by what is slipping.

use crate::prelude::*;
use serde_json::Value;

fn json_goal(repo: &Repo, id: &str) -> Value {
    let json: Value = serde_json::from_str(&repo.read("site/goals.json")).expect("json");
    json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no goal {id}"))
        .clone()
}

fn lints(g: &Value) -> Vec<&str> {
    g["lints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect()
}

/// A benchmark measured three times a year: 40 → 70 from Sep 1 to May 31
/// (272 days), 45 measured on Sep 21 (1/6 of the way; the steady pace
/// expected 20/272 = 7% then).
fn benchmark(windows: &str) -> Repo {
    let repo = Repo::empty();
    repo.write("goals/p.md", "---\nkind: purpose\ntitle: Readers\n---\n");
    repo.write(
        "goals/benchmark.md",
        format!(
            "---\nkind: progress\ntitle: Reading benchmark\npurpose: p\nowner: okafor\n\
             baseline: 40\ntarget: 70\nunit: '%'\nstart: 2026-09-01\ndue: 2027-05-31\n{windows}\
             measurements:\n  2026-09-21: 45\nallow: [magic-wand]\n---\n"
        ),
    );
    repo
}

fn build(repo: &Repo, today: &str) {
    repo.cmd(&["build", "--today", today]).assert().code(0);
}

/// FORMAT §4, §7 v3: with `windows`, the state compares progress at the
/// latest measurement with the pace expected on that date, `stale` waits
/// for a window to pass (plus 14 days) unmeasured, goals.json says when the
/// next window is and pages say "Next measured: January".
#[test]
fn a_benchmark_measured_in_windows_is_judged_at_its_latest_measurement() {
    let repo = benchmark("windows: [2026-09, 2027-01, 2027-05]\n");
    // Before the first measurement: when it will be measured.
    build(&repo, "2026-09-15");
    let page = repo.read("site/goals/benchmark.html");
    assert!(
        page.contains("Not measured yet · Next measured: September"),
        "{page}"
    );
    build(&repo, "2026-12-10");
    let g = json_goal(&repo, "benchmark");
    // Judged at Sep 21: 0.167 against 20/272 = 0.074 expected: on track.
    assert_eq!(g["state"], "on-track", "{g}");
    assert_eq!(g["progress"]["next_window"], "2027-01-01");
    // Today's expected share is still there: 100/272.
    assert!((g["progress"]["expected"].as_f64().unwrap() - 100.0 / 272.0).abs() < 1e-3);
    assert!(!lints(&g).contains(&"stale"), "{g}");
    let page = repo.read("site/goals/benchmark.html");
    assert!(page.contains("Next measured: January"), "{page}");
    assert!(
        page.contains("17% of the way at the Sep 21, 2026 measurement, when 7% was expected; 37% expected by today"),
        "{page}"
    );
    // The digest lists nothing of it under what slipped.
    let out = repo
        .cmd(&["digest", "--format", "text", "--today", "2026-12-10"])
        .output()
        .unwrap();
    let digest = String::from_utf8_lossy(&out.stdout);
    assert!(!digest.contains("Reading benchmark"), "{digest}");

    // January passed without a measurement: stale only after Jan 31 + 14 days.
    build(&repo, "2027-02-14");
    assert!(!lints(&json_goal(&repo, "benchmark")).contains(&"stale"));
    build(&repo, "2027-02-15");
    let g = json_goal(&repo, "benchmark");
    assert!(lints(&g).contains(&"stale"), "{g}");
    assert_eq!(g["progress"]["next_window"], "2027-05-01");

    // Control: the same goal without windows is judged today (at risk:
    // 0.167 against 0.368 expected) and has gone quiet by Dec 10.
    let plain = benchmark("");
    build(&plain, "2026-12-10");
    let g = json_goal(&plain, "benchmark");
    assert_eq!(g["state"], "at-risk", "{g}");
    assert!(lints(&g).contains(&"stale"), "{g}");
    assert_eq!(g["progress"]["next_window"], Value::Null);
}

/// `windows:` is read like every field: each bad item is an error at its
/// own place, and a misspelt key gets its "did you mean".
#[test]
fn windows_are_checked_with_their_positions() {
    let repo = benchmark("windows: [2026-09, 2026-13, soon]\nwindos: [2027-01]\n");
    let out = repo
        .cmd(&["check", "--format", "short", "--today", "2026-12-10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "goals/benchmark.md:11:20: error[invalid-date]: `2026-13` is not a month: write it as YYYY-MM, 01 to 12\n\
         goals/benchmark.md:11:29: error[invalid-date]: `soon` is not a month (YYYY-MM) or a date (YYYY-MM-DD)\n\
         goals/benchmark.md:12:1: error[unknown-field]: unknown field `windos`\n"
    );
    let out = repo
        .cmd(&["check", "--today", "2026-12-10"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("12 | windos: [2027-01]\n   | ^^^^^^\n   = hint: did you mean `windows`?"),
        "{text}"
    );
}

/// FORMAT §7 v3: a goal past its due date short of its target says how far
/// it got; one never measured reads "Not measured yet", never "No data".
#[test]
fn past_due_says_how_far_it_got_and_unmeasured_is_not_no_data() {
    let repo = Repo::empty();
    repo.write("goals/p.md", "---\nkind: purpose\ntitle: Readers\n---\n");
    repo.write(
        "goals/done-short.md",
        "---\nkind: progress\ntitle: Fall screener\npurpose: p\nbaseline: 40\ntarget: 70\n\
         start: 2026-09-01\ndue: 2026-11-01\nmeasurements:\n  2026-10-15: 58\nallow: [magic-wand]\n---\n",
    );
    repo.write(
        "goals/fresh.md",
        "---\nkind: progress\ntitle: Spring benchmark\npurpose: p\nbaseline: 40\ntarget: 70\n\
         start: 2026-09-01\ndue: 2027-05-31\nallow: [magic-wand]\n---\n",
    );
    build(&repo, "2026-12-10");
    assert_eq!(json_goal(&repo, "done-short")["state"], "overdue");
    let page = repo.read("site/goals/done-short.html");
    // (58 − 40) / (70 − 40) = 60%.
    assert!(page.contains("Past due: reached 60% of the way"), "{page}");
    assert!(!page.contains(">Overdue<"), "{page}");
    let page = repo.read("site/goals/fresh.html");
    assert!(page.contains(">Not measured yet<"), "{page}");
    let index = repo.read("site/index.html");
    for page in [&page, &index] {
        assert!(!page.contains("No data"), "{page}");
    }
}

/// Sprint 6 (Nov 9–22) on Thursday Nov 19: a weekly debrief recorded on
/// Tuesday, and a daily practice beside it.
fn sprint_repo() -> Repo {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "today: 2026-11-19\ncalendar:\n  start: 2026-08-31\n  end: 2027-06-25\ncycles: 2w\n",
    );
    repo.write("goals/p.md", "---\nkind: purpose\ntitle: Readers\n---\n");
    repo.write(
        "goals/debrief.md",
        "---\nkind: practice\ntitle: Coaching debrief\nowner: okafor\nserves: p\n\
         cadence: weekly\nunit: debriefs\nlog:\n  2026-11-10: 1\n  2026-11-17: 1\n---\n",
    );
    repo.write(
        "goals/read-aloud.md",
        "---\nkind: practice\ntitle: Read aloud\nowner: okafor\nserves: p\nlog:\n  \
         2026-11-09: yes\n  2026-11-10: yes\n  2026-11-11: yes\n  2026-11-12: yes\n  \
         2026-11-13: yes\n  2026-11-16: yes\n  2026-11-17: yes\n  2026-11-18: yes\n---\n",
    );
    repo
}

/// FORMAT §7 v3: a sprint holds two weeks of a weekly practice, fewer than
/// five periods: no buffer sentence ("No week to spare…") under a met
/// target, but how this week stands; the daily practice beside it keeps
/// its buffer. The week's entry is drawn on Tuesday, the day it was
/// recorded, not on Sunday; counts agree with their nouns.
#[test]
fn a_weekly_practice_in_a_short_sprint_says_how_this_week_stands() {
    let repo = sprint_repo();
    repo.cmd(&["build"]).assert().code(0);
    let page = repo.read("site/goals/debrief.html");
    assert!(
        page.contains("<p class=\"buffer\">This week&#39;s target is met: 1 debrief.</p>"),
        "{page}"
    );
    assert!(!page.contains("to spare"), "{page}");
    assert!(!page.contains("out of reach"), "{page}");
    assert!(!page.contains("1 debriefs"), "{page}");
    // Drawn on the Tuesdays the entries were recorded, and counted as the
    // weeks they are.
    assert!(
        page.contains("<title>Done, 2 weeks: week of Nov 9, week of Nov 16</title>"),
        "{page}"
    );
    let daily = repo.read("site/goals/read-aloud.html");
    // 10 school days in Sprint 6 (Nov 11–13 are not a break here), 8 done,
    // today (Thu 19) and Fri 20 to come: floor(8 + 2 − 0.8 × 10) = 2.
    assert!(
        daily.contains(
            "<p class=\"buffer\">Can miss 2 more days in Sprint 6 and still reach 80%.</p>"
        ),
        "{daily}"
    );
    // The digest and `today` state no buffer for the weekly practice either.
    let json: Value = serde_json::from_str(&repo.read("site/goals.json")).unwrap();
    let g = json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "debrief")
        .unwrap();
    // The figure itself stays in goals.json: floor(1 + 1 − 0.8 × 2) = 0.
    assert_eq!(g["practice"]["buffer"], 0);
    let out = repo.cmd(&["today"]).output().unwrap();
    let today = String::from_utf8_lossy(&out.stdout);
    let line = today
        .lines()
        .find(|l| l.contains("debrief "))
        .unwrap_or_else(|| panic!("{today}"));
    assert!(!line.contains("spare"), "{today}");
    assert!(
        today
            .lines()
            .any(|l| l.contains("read-aloud") && l.contains("2 to spare")),
        "{today}"
    );
}

/// The text of the group headings of the scorecard grid on `page`, in order.
fn grid_groups(page: &str) -> Vec<String> {
    page.split("<span class=\"group-name\">")
        .skip(1)
        .map(|s| {
            // The person's name: the link's text, before any role.
            let end = s.find("</a>").unwrap_or(0);
            s[..end].rsplit('>').next().unwrap_or("").to_string()
        })
        .collect()
}

/// FORMAT §7 v3 "words that never read as an evaluation": no page counts
/// people by how much of theirs is slipping; "slipping" is one rule, and
/// each page that counts it says what it means; a goal a teacher shares
/// with her coach is listed on her own page under her own name.
#[test]
fn no_page_counts_people_by_what_is_slipping() {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "today: 2026-11-19\ncalendar:\n  start: 2026-08-31\n  end: 2027-06-25\ncycles: 2w\n\
         people:\n  okafor: {name: Grace Okafor, role: Coach}\n  marsh: {name: Ana Marsh, role: Teacher}\n",
    );
    repo.write("goals/p.md", "---\nkind: purpose\ntitle: Readers\n---\n");
    // Shared by the coach (first) and the teacher; at risk: 6 of the 10
    // school days Nov 6–19 done.
    repo.write(
        "goals/conferences.md",
        "---\nkind: practice\ntitle: Reading conferences\nowner: [okafor, marsh]\nserves: p\nlog:\n  \
         2026-11-06: yes\n  2026-11-09: yes\n  2026-11-10: yes\n  2026-11-11: yes\n  \
         2026-11-12: yes\n  2026-11-13: yes\n  2026-11-16: no\n  2026-11-17: no\n  \
         2026-11-18: no\n  2026-11-19: no\n---\n",
    );
    repo.write(
        "goals/read-aloud.md",
        "---\nkind: practice\ntitle: Read aloud\nowner: marsh\nserves: p\nstart: 2026-11-19\nlog:\n  2026-11-19: yes\n---\n",
    );
    repo.cmd(&["build"]).assert().code(0);

    let people = repo.read("site/people/index.html");
    assert!(people.contains(">Ana Marsh</a>"), "{people}");
    assert!(!people.contains("Slipping"), "{people}");

    // The teacher's own page lists the shared practice under her name.
    let marsh = repo.read("site/people/marsh.html");
    assert_eq!(grid_groups(&marsh), ["Ana Marsh"], "{marsh}");
    assert!(marsh.contains("Reading conferences"));
    assert!(
        !marsh.contains("Needs attention <span class=\"count\">"),
        "{marsh}"
    );
    // The scorecard lists it under each owner, equally, and counts it once.
    let scorecard = repo.read("site/scorecard.html");
    assert_eq!(grid_groups(&scorecard), ["Grace Okafor", "Ana Marsh"]);
    assert_eq!(scorecard.matches(">Reading conferences<").count(), 2);

    // An at-risk practice is slipping (60% done in 14 days), and the page
    // that counts it says what slipping means.
    let json: Value = serde_json::from_str(&repo.read("site/goals.json")).unwrap();
    let g = json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "conferences")
        .unwrap();
    assert_eq!(g["state"], "at-risk");
    let index = repo.read("site/index.html");
    assert!(
        index.contains("Needs attention <span class=\"count\">1</span>"),
        "{index}"
    );
    assert!(
        index.contains(
            "Slipping means a progress goal or practice that is at risk, off track or past due, \
             or that has had nothing recorded lately. It describes goals, not people."
        ),
        "{index}"
    );
}

/// docs/format.md §10 "Every figure on one example": the figures its table
/// works out by hand are the ones goalpost computes.
#[test]
fn the_worked_example_in_the_docs_is_what_goalpost_computes() {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "today: 2026-11-20\ncalendar: {start: 2026-08-31, end: 2027-06-25}\ncycles: 2w\n",
    );
    repo.write(
        "goals/readers.md",
        "---\nkind: purpose\ntitle: Readers\n---\n",
    );
    repo.write(
        "goals/grade-level.md",
        "---\nkind: progress\ntitle: Reading at grade level\npurpose: readers\nunit: \"%\"\n\
         baseline: 60\ntarget: 80\nstart: 2026-09-01\ndue: 2027-05-31\n\
         measurements: {2026-09-01: 60, 2026-10-01: 62, 2026-11-02: 65}\n---\n",
    );
    repo.write(
        "goals/read-aloud.md",
        "---\nkind: practice\ntitle: Read aloud\nserves: grade-level\nstart: 2026-11-09\n\
         log: {2026-11-09: yes, 2026-11-10: yes, 2026-11-11: yes, 2026-11-12: no,\n      \
         2026-11-13: yes, 2026-11-16: yes, 2026-11-17: yes, 2026-11-18: yes,\n      \
         2026-11-19: yes}\n---\n",
    );
    repo.cmd(&["build"]).assert().code(0);
    let close = |v: &Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-3;
    let p = &json_goal(&repo, "grade-level");
    assert_eq!(p["state"], "on-track");
    assert!(close(&p["progress"]["fraction"], 5.0 / 20.0));
    assert!(close(&p["progress"]["expected"], 80.0 / 272.0));
    assert!(close(&p["progress"]["required_per_week"], 15.0 / 27.2));
    // Least squares through (0, 60), (30, 62), (62, 65), read at day 272.
    let (xs, ys) = ([0.0, 30.0, 62.0], [60.0, 62.0, 65.0]);
    let (mx, my) = (xs.iter().sum::<f64>() / 3.0, ys.iter().sum::<f64>() / 3.0);
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    assert!(close(
        &p["progress"]["forecast"],
        my + sxy / sxx * (272.0 - mx)
    ));
    let q = &json_goal(&repo, "read-aloud");
    assert!(close(&q["practice"]["completion_14d"], 8.0 / 9.0));
    assert_eq!(q["practice"]["streak"], 5);
    assert_eq!(q["practice"]["buffer"], 1);
    let page = repo.read("site/goals/read-aloud.html");
    assert!(page.contains("Can miss 1 more day in Sprint 6 and still reach 80%."));
    let page = repo.read("site/goals/grade-level.html");
    assert!(page.contains("25% of the way; 29% expected by today"));
    assert!(page.contains("Needs +0.55 points a school week to reach 80% by May 31, 2027."));
}
