//! What a teacher reading the reports of a school year found wrong, each
//! checked through the command line: a weekly practice's pictures speak of
//! weeks, a window's words match what it counts, a measurement committed
//! late still reaches the digest's "What moved", cadences keep their
//! FORMAT words, and a practice with nothing recorded yet says so.

use crate::prelude::*;
use crate::support::html_text;

const SETTINGS: &str = "title: School\ncalendar:\n  start: 2026-08-31\n  end: 2027-06-25\n";

/// A repository with `goalpost.yml` and one purpose, `p`.
fn school() -> Repo {
    let repo = Repo::empty();
    repo.write("goalpost.yml", SETTINGS);
    repo.write("goals/p.md", "---\nkind: purpose\ntitle: Readers\n---\n");
    repo
}

/// A practice serving `p`, owned by `okafor`, with `fields` and `log` lines.
fn practice(repo: &Repo, id: &str, fields: &str, log: &[&str]) {
    let mut text =
        format!("---\nkind: practice\ntitle: {id} title\nowner: okafor\nserves: p\n{fields}");
    if !log.is_empty() {
        text.push_str("log:\n");
        for l in log {
            text.push_str(&format!("  {l}\n"));
        }
    }
    text.push_str("---\n");
    repo.write(&format!("goals/{id}.md"), text);
}

fn build(repo: &Repo, today: &str) {
    let out = repo
        .cmd(&["build", "--today", today])
        .output()
        .expect("build");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A page of the report as one string of text lines.
fn page(repo: &Repo, rel: &str) -> String {
    html_text(&repo.read(&format!("site/{rel}"))).join("\n")
}

/// FORMAT §4: `daily` is every day, weekends too; only `weekdays` is a
/// school day. The week's line of a daily practice counts days.
#[test]
fn a_daily_practice_counts_days_not_school_days() {
    let repo = school();
    practice(
        &repo,
        "journal",
        "cadence: daily\n",
        &[
            "2026-12-06: yes",
            "2026-12-07: yes",
            "2026-12-08: yes",
            "2026-12-09: yes",
        ],
    );
    practice(
        &repo,
        "visits",
        "cadence: weekdays\n",
        &["2026-12-07: yes", "2026-12-08: yes", "2026-12-09: yes"],
    );
    build(&repo, "2026-12-10");
    let dashboard = page(&repo, "index.html");
    assert!(
        dashboard.contains("journal title 3 of 4 days done; today not recorded yet."),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("visits title 3 of 4 school days done; today not recorded yet."),
        "{dashboard}"
    );
}

/// A progress goal due soon with nothing measured, and a practice with
/// nothing recorded: `visits`; `huddle` has one entry, long ago.
fn nothing_yet() -> Repo {
    let repo = school();
    repo.write(
        "goals/bench.md",
        "---\nkind: progress\ntitle: Bench\npurpose: p\nowner: okafor\nbaseline: 40\n\
         target: 70\nunit: '%'\nstart: 2026-09-01\ndue: 2026-12-20\n---\n",
    );
    practice(&repo, "visits", "target: 3\nunit: visits\n", &[]);
    practice(&repo, "huddle", "cadence: weekly\n", &["2026-11-02: yes"]);
    repo
}

/// FORMAT §7 v3: nothing recorded reads "Nothing recorded yet" (a
/// progress goal: "not measured yet"), never "No data": on the card, the
/// goal's page, the person's page, the scorecard grid, `today` and the
/// digest.
#[test]
fn nothing_recorded_yet_is_said_so_everywhere() {
    let repo = nothing_yet();
    build(&repo, "2026-12-10");
    for rel in [
        "index.html",
        "goals/visits.html",
        "people/okafor.html",
        "scorecard.html",
    ] {
        let text = page(&repo, rel);
        assert!(!text.to_lowercase().contains("no data"), "{rel}: {text}");
    }
    let visits = page(&repo, "goals/visits.html");
    assert!(visits.contains("Nothing recorded yet"), "{visits}");
    let dashboard = page(&repo, "index.html");
    assert!(dashboard.contains("Nothing recorded yet 1"), "{dashboard}");
    // The grid's row says so instead of counting its days as missed.
    let grid = page(&repo, "scorecard.html");
    let row = grid
        .lines()
        .find(|l| l.starts_with("visits title"))
        .expect("the row");
    assert!(row.ends_with("Nothing recorded yet"), "{row}");
    let today = repo
        .cmd(&["today", "--today", "2026-12-10"])
        .output()
        .expect("today");
    let today = String::from_utf8_lossy(&today.stdout).into_owned();
    assert!(
        !today.contains("no data") && !today.contains("no-data"),
        "{today}"
    );
    assert!(
        today.contains("target 70 %            in 10 days, not measured yet"),
        "{today}"
    );
    let digest = repo
        .cmd(&["digest", "--today", "2026-12-10"])
        .output()
        .expect("digest");
    let digest = String::from_utf8_lossy(&digest.stdout).into_owned();
    assert!(!digest.contains("no data"), "{digest}");
    assert!(digest.contains("— *not measured yet*"), "{digest}");
}

/// One rule for a yes/no practice (target 1, no unit:
/// `PracticeSpec::is_yes_no`): `today`, the grid and the week's line read
/// it alike. "One lesson a day" has a unit: its entry is an amount
/// everywhere, never "done" in one place and "1 lesson" in another.
#[test]
fn a_yes_no_practice_is_one_rule_everywhere() {
    let repo = school();
    practice(
        &repo,
        "lesson",
        "target: 1\nunit: lessons\n",
        &["2026-12-10: 1"],
    );
    practice(&repo, "huddle", "", &["2026-12-10: yes"]);
    build(&repo, "2026-12-10");
    let today = repo
        .cmd(&["today", "--today", "2026-12-10"])
        .output()
        .expect("today");
    let today = String::from_utf8_lossy(&today.stdout).into_owned();
    let line = |id: &str| {
        today
            .lines()
            .find(|l| l.contains(&format!(" {id} ")))
            .unwrap_or_else(|| panic!("{id}: {today}"))
            .to_string()
    };
    assert!(line("lesson").contains("1 of 1 lesson"), "{today}");
    assert!(line("huddle").contains(" done "), "{today}");
    let grid = repo.read("site/scorecard.html");
    let cell = |id: &str| {
        let row = grid
            .split("<tr")
            .find(|r| r.contains(&format!("goals/{id}.html")))
            .unwrap_or_else(|| panic!("{id}: {grid}"));
        let at = row.find("today\"").expect("today's cell");
        let rest = &row[at..];
        rest[rest.find('>').unwrap() + 1..rest.find("</td>").unwrap()].to_string()
    };
    assert!(
        cell("lesson").starts_with("<span aria-hidden=\"true\">1</span>"),
        "{}",
        cell("lesson")
    );
    assert!(
        cell("huddle").starts_with("<span aria-hidden=\"true\">✓</span>"),
        "{}",
        cell("huddle")
    );
}

/// A weekly target met by entries whose sum lands a hair short in floating
/// point (0.3 + 0.3 + 0.3 of 0.9 hours) is met, by the rule analysis
/// applies (`rules::EPS`), not "100% of this week's target so far".
#[test]
fn a_weekly_target_met_in_tenths_is_met() {
    let repo = school();
    practice(
        &repo,
        "reading",
        "cadence: weekly\ntarget: 0.9\nunit: hours\n",
        &["2026-12-07: 0.3", "2026-12-08: 0.3", "2026-12-09: 0.3"],
    );
    build(&repo, "2026-12-10");
    let dashboard = page(&repo, "index.html");
    assert!(
        dashboard.contains("reading title This week's target is met."),
        "{dashboard}"
    );
}

/// The tooltips (`<title>`) of a page's pictures.
fn titles(html: &str) -> Vec<String> {
    html.split("<title")
        .skip(1)
        .filter_map(|t| Some(t[t.find('>')? + 1..t.find("</title>")?].to_string()))
        .collect()
}

/// A weekly practice's heat-map and strip speak of its weeks: each square
/// of an outcome counts a week and names it with what the whole week
/// recorded ("week of Nov 16 (2 of 3 visits)"), not the day's last entry;
/// the days still ahead say what they are.
#[test]
fn a_weekly_practice_s_pictures_count_weeks() {
    let repo = school();
    practice(
        &repo,
        "visits",
        "cadence: weekly\ntarget: 3\nunit: visits\n",
        &[
            "2026-11-17: 1",
            "2026-11-18: 1",
            "2026-11-23: 1",
            "2026-11-24: 2",
            "2026-12-01: 1",
        ],
    );
    practice(&repo, "daily", "", &["2026-12-02: yes"]);
    repo.write("goalpost.yml", format!("{SETTINGS}cycles: 2w\n"));
    build(&repo, "2026-12-03");
    let page = repo.read("site/goals/visits.html");
    let t = titles(&page);
    let has = |want: &str| t.iter().any(|x| x == want);
    assert!(
        has("Partly done, 1 week: week of Nov 16 (2 of 3 visits)"),
        "{t:#?}"
    );
    assert!(has("Done, 1 week: week of Nov 23"), "{t:#?}");
    assert!(
        has("This week, still under way, 1 week: week of Nov 30 (1 of 3 visits)"),
        "{t:#?}"
    );
    assert!(
        has("Days still ahead in this school year, 204 days"),
        "{t:#?}"
    );
    assert!(
        page.contains(
            "Aug 31, 2026 to Dec 3, 2026: 1 week done, 1 partly done, 11 missed, \
             81 other days, this week still under way."
        ),
        "{page}"
    );
    // The card's 14-day strip, on the dashboard.
    let dashboard = titles(&repo.read("site/index.html"));
    assert!(
        dashboard
            .iter()
            .any(|x| x == "This week, still under way, 1 week: week of Nov 30 (1 of 3 visits)"),
        "{dashboard:#?}"
    );
    // A daily practice's squares are still days.
    let daily = titles(&repo.read("site/goals/daily.html"));
    assert!(
        daily.iter().any(|x| x == "Done, 1 day: Wed Dec 2"),
        "{daily:#?}"
    );
    // The scorecard's days ahead say so too.
    let grid = repo.read("site/scorecard.html");
    assert!(grid.contains("still ahead in this cycle"), "{grid}");
}
