//! Goalposts moved (FORMAT §7): every change of a progress goal's
//! `baseline`, `target`, `start` or `due`, of a practice's `target` or
//! `cadence`, or of a coaching cycle's `target`, `start` or `due`, after
//! the goal's first commit. A real repository in a temp
//! folder with fixed author dates; every expected move is worked out by
//! hand from the commits below.
//!
//! Sprints are two weeks from Aug 31, 2026: Sprint 2 is Sep 14–27, Sprint 3
//! Sep 28–Oct 11, Sprint 4 Oct 12–25, Sprint 6 Nov 9–22; today is Nov 20.

use crate::prelude::*;
use goalpost::history::{Goalpost, History, PostValue};
use serde_json::{json, Value};

const SETTINGS: &str =
    "today: 2026-11-20\ncalendar:\n  start: 2026-08-31\n  end: 2027-06-25\ncycles: 2w\n";

fn reading(title: &str, target: u32, due: &str) -> String {
    format!(
        "---\nkind: progress\ntitle: {title}\nowner: berg\npurpose: p\nunit: \"%\"\n\
         baseline: 67\ntarget: {target}\nstart: 2026-09-01\ndue: {due}\n\
         measurements:\n  2026-09-01: 67\n  2026-10-15: 70\nallow: [magic-wand]\n---\n\n\
         Small-group reading every morning; a data meeting every other Friday.\n"
    )
}

fn visits(cadence: Option<&str>) -> String {
    let cadence = cadence.map_or(String::new(), |c| format!("cadence: {c}\n"));
    format!(
        "---\nkind: practice\ntitle: Classroom visits\nowner: reyes\nserves: reading\n\
         {cadence}target: 3\nunit: visits\nstart: 2026-09-01\n---\n\nTen minutes in a room.\n"
    )
}

fn private(target: u32) -> String {
    format!(
        "---\nkind: progress\ntitle: Hidden growth goal\nvisibility: private\npurpose: p\n\
         baseline: 4\ntarget: {target}\nstart: 2026-09-01\ndue: 2027-05-28\n\
         allow: [magic-wand]\n---\n"
    )
}

/// The story of the fall, one commit at a time:
///
/// 1. Sep 1, Ann Berg: the purpose, `reading` (target 80, due May 28),
///    `visits` (no cadence: weekdays) and the private goal (target 10).
/// 2. Sep 20 (Sprint 2), Bo Chen: `reading` target 80 → 82.
/// 3. Oct 5 (Sprint 3), Ann Berg: `reading` moves to `goals/literacy/` and,
///    in the same commit, its due date May 28 → Jun 11; `late` is created
///    with target 50 (its first commit: nothing moved).
/// 4. Oct 20 (Sprint 4), Cy Diaz: `reading` target 82 → 78; `visits`
///    gets `cadence: weekly` (weekdays → weekly); the private goal's
///    target 10 → 12.
/// 5. Nov 10 (Sprint 6), Bo Chen: `reading`'s title edited (not a goalpost).
/// 6. Nov 25, after today, Bo Chen: `reading` target 78 → 75.
fn fall() -> Repo {
    require_git();
    let repo = Repo::empty();
    repo.git_init();
    repo.write("goalpost.yml", SETTINGS)
        .write(
            "goals/p.md",
            "---\nkind: purpose\ntitle: Every reader\n---\n",
        )
        .write("goals/reading.md", reading("Readers", 80, "2027-05-28"))
        .write("goals/visits.md", visits(None))
        .write("goals/private.md", private(10));
    repo.commit("Ann Berg", "2026-09-01T09:00:00+02:00");

    repo.write("goals/reading.md", reading("Readers", 82, "2027-05-28"));
    repo.commit("Bo Chen", "2026-09-20T10:00:00+02:00");

    repo.mkdir("goals/literacy");
    repo.git(&["mv", "goals/reading.md", "goals/literacy/reading.md"]);
    repo.write(
        "goals/literacy/reading.md",
        reading("Readers", 82, "2027-06-11"),
    )
    .write(
        "goals/late.md",
        "---\nkind: progress\ntitle: Late starter\npurpose: p\nbaseline: 40\ntarget: 50\n\
         start: 2026-10-05\ndue: 2027-05-28\nallow: [magic-wand]\n---\n",
    );
    repo.commit("Ann Berg", "2026-10-05T10:00:00+02:00");

    repo.write(
        "goals/literacy/reading.md",
        reading("Readers", 78, "2027-06-11"),
    )
    .write("goals/visits.md", visits(Some("weekly")))
    .write("goals/private.md", private(12));
    repo.commit("Cy Diaz", "2026-10-20T10:00:00+02:00");

    repo.write(
        "goals/literacy/reading.md",
        reading("Readers at grade level", 78, "2027-06-11"),
    );
    repo.commit("Bo Chen", "2026-11-10T10:00:00+01:00");

    repo.write(
        "goals/literacy/reading.md",
        reading("Readers at grade level", 75, "2027-06-11"),
    );
    repo.commit("Bo Chen", "2026-11-25T10:00:00+01:00");
    repo
}

fn goals_json(repo: &Repo) -> Value {
    serde_json::from_str(&repo.read("site/goals.json")).expect("goals.json")
}

fn moved(json: &Value, id: &str) -> Option<Value> {
    json["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .find(|g| g["id"] == id)
        .map(|g| g["moved"].clone())
}

#[test]
fn goals_json_lists_every_move_after_the_first_commit() {
    let repo = fall();
    repo.cmd(&["build"]).assert().code(0);
    let json = goals_json(&repo);
    assert_eq!(
        moved(&json, "reading"),
        Some(json!([
            {"date": "2026-09-20", "author": "Bo Chen", "field": "target", "from": 80, "to": 82},
            {"date": "2026-10-05", "author": "Ann Berg", "field": "due",
             "from": "2027-05-28", "to": "2027-06-11"},
            {"date": "2026-10-20", "author": "Cy Diaz", "field": "target", "from": 82, "to": 78}
        ])),
        "target moved twice, the due date once in the commit that renamed the file; \
         the title edit is no goalpost and Nov 25 is after today"
    );
    assert_eq!(
        moved(&json, "visits"),
        Some(json!([
            {"date": "2026-10-20", "author": "Cy Diaz", "field": "cadence",
             "from": "weekdays", "to": "weekly"}
        ])),
        "a missing cadence is weekdays"
    );
    assert_eq!(
        moved(&json, "late"),
        Some(json!([])),
        "the goal's first commit moves nothing"
    );
    assert_eq!(moved(&json, "p"), Some(json!([])));
    assert_eq!(moved(&json, "private"), None, "private goals stay out");

    // Looking ahead, the Nov 25 move is known.
    repo.cmd(&["build", "--today", "2026-11-30"])
        .assert()
        .code(0);
    let later = moved(&goals_json(&repo), "reading").expect("reading");
    assert_eq!(later.as_array().map(Vec::len), Some(4));
    assert_eq!(
        later[3],
        json!({"date": "2026-11-25", "author": "Bo Chen", "field": "target", "from": 78, "to": 75})
    );
}

#[test]
fn the_goal_page_and_the_sprint_reports_show_each_move_once() {
    let repo = fall();
    repo.cmd(&["build"]).assert().code(0);
    let page = repo.read("site/goals/reading.html");
    assert!(page.contains("Goalposts moved"), "{page}");
    for line in [
        "Target moved from 80% to 82%.",
        "Due date moved from May 28, 2027 to Jun 11, 2027 (2 weeks later).",
        "Target moved from 82% to 78%.",
    ] {
        assert_eq!(page.matches(line).count(), 1, "{line}");
    }
    assert!(!page.contains("from 78% to 75%"), "after today");
    assert!(
        !repo
            .read("site/goals/late.html")
            .contains("Goalposts moved"),
        "nothing moved: no section"
    );

    let sprint = |n: u32| repo.read(&format!("site/cycles/sprint-{n}.html"));
    let s2 = sprint(2);
    assert!(s2.contains("Goalposts moved this sprint"));
    assert!(s2.contains("Target moved from 80% to 82%."));
    assert!(!s2.contains("Target moved from 82% to 78%."));
    assert!(sprint(3).contains("Due date moved from May 28, 2027 to Jun 11, 2027"));
    let s4 = sprint(4);
    assert!(s4.contains("Target moved from 82% to 78%."));
    assert!(s4.contains("Rhythm changed from every school day to once a week."));
    assert!(!s4.contains("Hidden growth goal"), "private goals stay out");
    assert!(!s4.contains("from 10 to 12"), "private goals stay out");
    assert!(
        !sprint(6).contains("Goalposts moved this sprint"),
        "a title edit moves no goalpost"
    );

    // The owner's own copy shows the private goal's move too.
    repo.cmd(&["build", "--include-private"]).assert().code(0);
    let s4 = sprint(4);
    assert!(s4.contains("Hidden growth goal"));
    assert!(s4.contains("Target moved from 10 to 12."));
    assert_eq!(
        moved(&goals_json(&repo), "private"),
        Some(json!([
            {"date": "2026-10-20", "author": "Cy Diaz", "field": "target", "from": 10, "to": 12}
        ]))
    );
}

#[test]
fn the_history_and_the_report_know_the_moves_through_the_library() {
    let repo = fall();
    let history = History::read(repo.path());
    let file = history
        .file("goals/literacy/reading.md")
        .expect("followed through the rename");
    let moves: Vec<(String, Goalpost)> = file
        .changes
        .iter()
        .flat_map(|c| c.moves.iter().map(|m| (c.date.to_string(), m.field)))
        .collect();
    assert_eq!(
        moves,
        [
            ("2026-09-20".to_string(), Goalpost::Target),
            ("2026-10-05".to_string(), Goalpost::Due),
            ("2026-10-20".to_string(), Goalpost::Target),
            ("2026-11-25".to_string(), Goalpost::Target),
        ],
        "the history knows every move; the report keeps those up to today"
    );
    assert_eq!(
        goalpost::render::changes::summary(&file.changes[2]),
        "renamed from goals/reading.md; due 2027-05-28 → 2027-06-11"
    );
    assert!(file.changes[0].moves.is_empty());

    let mut cache = goalpost::project::ParseCache::default();
    let project = goalpost::project::load(repo.path(), None, &mut cache).expect("loads");
    let today: goalpost::Date = "2026-11-20".parse().unwrap();
    let report = project.report_with(Some(&history), today, None);
    let g = crate::support::goal(&report, "reading");
    let seen: Vec<(Option<PostValue>, Option<PostValue>, Option<usize>)> =
        g.moved.iter().map(|m| (m.from, m.to, m.cycle)).collect();
    let date = |s: &str| Some(PostValue::Date(s.parse().unwrap()));
    assert_eq!(
        seen,
        [
            (
                Some(PostValue::Number(80.0)),
                Some(PostValue::Number(82.0)),
                Some(1)
            ),
            (date("2027-05-28"), date("2027-06-11"), Some(2)),
            (
                Some(PostValue::Number(82.0)),
                Some(PostValue::Number(78.0)),
                Some(3)
            ),
        ],
        "Sprints 2, 3 and 4"
    );
    // The full report keeps the private goal's move; the readers' view has no such goal.
    assert_eq!(crate::support::goal(&report, "private").moved.len(), 1);
    let visible = report.clone().visible(false);
    assert!(visible.goals.iter().all(|g| g.goal.id != "private"));
    // Without git there is nothing to tell.
    assert!(crate::support::goal(&project.report(today), "reading")
        .moved
        .is_empty());
}

/// The district's story: `reading-55` (aligned to District Goal 3 through
/// its purpose) is reached at 50 after its target was lowered from 55 to
/// 50; `math-70` names District Goal 2 itself (`aligns_to` on a progress
/// goal, FORMAT §8 v3). Commits:
///
/// 1. Sep 1, Ann Berg, "Goals for the year".
/// 2. Oct 5, Bo Chen, "Reading target 50 after talking with the grade 3-5
///    team": `reading-55` target 55 → 50.
fn district() -> Repo {
    require_git();
    let repo = Repo::empty();
    repo.git_init();
    let reading = |target: u32| {
        format!(
            "---\nkind: progress\ntitle: Readers at benchmark\npurpose: readers\nunit: \"%\"\n\
             baseline: 40\ntarget: {target}\nstart: 2026-09-01\ndue: 2027-05-28\n\
             measurements:\n  2026-11-02: 50\n---\n"
        )
    };
    repo.write("goalpost.yml", "today: 2026-11-20\nstale_after_days: 365\n")
        .write(
            "goals/readers.md",
            "---\nkind: purpose\ntitle: Every child reads\n\
             aligns_to: \"District Goal 3: Reading\"\n---\n",
        )
        .write("goals/reading-55.md", reading(55))
        .write(
            "goals/small-groups.md",
            "---\nkind: practice\ntitle: Small-group reading\nserves: reading-55\n\
             start: 2026-11-16\nlog:\n  2026-11-16: yes\n---\n",
        )
        .write(
            "goals/math-70.md",
            "---\nkind: progress\ntitle: Math at 70\naligns_to: \"District Goal 2: Numeracy\"\n\
             baseline: 50\ntarget: 70\nstart: 2026-09-01\ndue: 2027-05-28\n\
             allow: [magic-wand, progress-without-purpose]\n---\n",
        );
    repo.git(&["add", "-A"]);
    repo.git_as(
        "Ann Berg",
        "2026-09-01T09:00:00+02:00",
        &["commit", "-q", "-m", "Goals for the year"],
    );
    repo.write("goals/reading-55.md", reading(50));
    repo.git_as(
        "Bo Chen",
        "2026-10-05T16:00:00+02:00",
        &[
            "commit",
            "-q",
            "-a",
            "-m",
            "Reading target 50 after talking with the grade 3-5 team",
        ],
    );
    repo
}

/// The `<section class="aim">` of `page` whose heading is `aim`.
fn aim_section<'p>(page: &'p str, aim: &str) -> &'p str {
    page.split("<section class=\"aim\"")
        .find(|s| s.contains(&format!(">{aim}</h2>")))
        .unwrap_or_else(|| panic!("no aim {aim} in:\n{page}"))
}

const WHY: &str = "Why: “Reading target 50 after talking with the grade 3-5 team”";

#[test]
fn a_goal_reached_after_its_target_was_lowered_says_so_with_why() {
    let repo = district();
    repo.cmd(&["build"]).assert().code(0);
    let alignment = repo.read("site/alignment.html");
    let aim = aim_section(&alignment, "District Goal 3: Reading");
    for part in [
        ">Every child reads</a>",
        ">Readers at benchmark</a>",
        ">Small-group reading</a>",
        "Achieved",
        "<a href=\"goals/reading-55.html\">Readers at benchmark</a>: Target moved from 55% to 50%.",
        WHY,
        "<time datetime=\"2026-10-05\">Oct 5, 2026</time> · Bo Chen",
    ] {
        assert!(aim.contains(part), "{part} under District Goal 3:\n{aim}");
    }
    // A progress goal may name an aim itself; nothing moved under it.
    let numeracy = aim_section(&alignment, "District Goal 2: Numeracy");
    assert!(numeracy.contains(">Math at 70</a>"), "{numeracy}");
    assert!(!numeracy.contains("Goalposts moved"), "{numeracy}");
    assert!(!numeracy.contains("Target moved"), "{numeracy}");

    let dashboard = repo.read("site/index.html");
    assert!(dashboard.contains("Goalposts moved"), "{dashboard}");
    assert_eq!(
        dashboard.matches("Target moved from 55% to 50%.").count(),
        1,
        "{dashboard}"
    );
    assert_eq!(dashboard.matches(WHY).count(), 1, "{dashboard}");

    let page = repo.read("site/goals/reading-55.html");
    assert_eq!(page.matches(WHY).count(), 1, "{page}");
}

/// A coaching cycle's `target`, `start` and `due` are its goalposts too
/// (FORMAT §12): a target lowered after the pre-assessment shows on the
/// cycle's page with the commit's reason, in its sprint's report and in
/// `goals.json`; evidence added later moves nothing.
#[test]
fn a_coaching_cycles_target_and_dates_are_goalposts() {
    require_git();
    let cycle = |target: u32, due: &str, evidence: &str| {
        format!(
            "---\nkind: coaching-cycle\ntitle: Grade 4 writing cycle\nowner: [nguyen, kowalski]\n\
             unit: \"%\"\nstart: 2026-10-05\ndue: {due}\ntarget: {target}\n\
             pre: {{date: 2026-10-06, value: 35}}\nserves: p\n{evidence}---\n"
        )
    };
    // A private cycle: its move stays out of every shared page too (a
    // misspelled privacy line makes a goal private as it is read, before
    // its history; `coaching::unclear_privacy_keeps_coaching_private`).
    let hidden = |target: u32| {
        format!(
            "---\nkind: coaching-cycle\ntitle: HIDDEN cycle\nowner: [nguyen]\nvisibility: private\n\
             start: 2026-10-05\ndue: 2026-11-13\ntarget: {target}\nserves: p\n---\n"
        )
    };
    let repo = Repo::empty();
    repo.git_init();
    repo.write("goalpost.yml", SETTINGS)
        .write(
            "goals/p.md",
            "---\nkind: purpose\ntitle: Every writer\n---\n",
        )
        .write("goals/cycle.md", cycle(80, "2026-11-13", ""))
        .write("goals/hidden.md", hidden(50));
    repo.commit("Ann Berg", "2026-10-05T09:00:00+02:00");
    repo.write("goals/cycle.md", cycle(70, "2026-11-20", ""))
        .write("goals/hidden.md", hidden(40));
    repo.git(&["add", "-A"]);
    repo.git_as(
        "Lan Nguyen",
        "2026-10-20T10:00:00+02:00",
        &["commit", "-q", "-m", "Start from where the class is"],
    );
    repo.write(
        "goals/cycle.md",
        cycle(
            70,
            "2026-11-20",
            "evidence:\n  - {date: 2026-10-27, url: notes/debrief.pdf, note: Debrief}\n",
        ),
    );
    repo.commit("Lan Nguyen", "2026-10-27T10:00:00+02:00");

    repo.cmd(&["build"]).assert().code(0);
    let page = repo.read("site/goals/cycle.html");
    for line in [
        "Target moved from 80% to 70%.",
        "Due date moved from Nov 13, 2026 to Nov 20, 2026 (1 week later).",
    ] {
        assert_eq!(page.matches(line).count(), 1, "{line} in\n{page}");
    }
    // The commit's reason, with each move it made.
    assert_eq!(page.matches("Start from where the class is").count(), 2);
    assert!(
        repo.read("site/cycles/sprint-4.html")
            .contains("Target moved from 80% to 70%."),
        "the sprint the move happened in"
    );
    assert_eq!(
        moved(&goals_json(&repo), "cycle"),
        Some(json!([
            {"date": "2026-10-20", "author": "Lan Nguyen", "field": "target", "from": 80, "to": 70},
            {"date": "2026-10-20", "author": "Lan Nguyen", "field": "due",
             "from": "2026-11-13", "to": "2026-11-20"}
        ]))
    );
    for page in [
        "site/cycles/sprint-4.html",
        "site/index.html",
        "site/goals.json",
    ] {
        let text = repo.read(page);
        assert!(
            !text.contains("HIDDEN") && !text.contains("goals/hidden"),
            "{page}"
        );
    }
    assert!(!repo.path().join("site/goals/hidden.html").exists());
}
