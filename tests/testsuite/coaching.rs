//! Coaching (FORMAT §3 v3, §12) on the `coaching` fixture, every figure
//! computed by hand in `tests/fixtures/coaching/README.md`: coaching
//! cycles (gain, reached both ways, days left, practices inside the
//! window, the three lints at their boundaries), drafts counted nowhere,
//! agreements, asks, feedback (and `goalpost feedback`), reflections, and
//! private ones kept out of every public output.
//!
//! Today is Friday 2026-11-20; Sprint 6 runs Mon Nov 9 – Sun Nov 22.

use crate::prelude::*;
use crate::support::goal;
use goalpost::analysis::coaching::{self, CycleFigures, Phase};
use goalpost::analysis::Report;
use goalpost::model::lint::Lint;
use serde_json::Value;

fn report() -> Report {
    Repo::fixture("coaching").report()
}

fn public() -> Report {
    report().visible(false)
}

fn figures<'r>(r: &'r Report, id: &str) -> &'r CycleFigures {
    goal(r, id).coaching.as_deref().expect("coaching figures")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn ids(r: &Report, indices: &[usize]) -> Vec<String> {
    indices
        .iter()
        .map(|&i| r.goals[i].goal.id.clone())
        .collect()
}

#[test]
fn the_fixture_reads_without_errors() {
    let r = report();
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn gain_and_reached_when_higher_is_better() {
    let r = report();
    let f = figures(&r, "fractions-cycle");
    assert_eq!(
        (f.pre, f.post, f.target),
        (Some(35.0), Some(74.0), Some(80.0))
    );
    assert_eq!(f.gain, Some(39.0));
    assert_eq!(f.improvement, Some(39.0));
    assert!(!f.lower_is_better);
    assert_eq!(f.reached, Some(false), "74 is short of 80");
    assert_eq!(f.phase, Phase::Finished);
    assert_eq!(f.days_left, None);
}

#[test]
fn gain_and_reached_when_lower_is_better() {
    let r = report();
    let f = figures(&r, "off-task-cycle");
    assert!(f.lower_is_better, "target 5 is below pre 12");
    assert_eq!(f.gain, Some(-8.0));
    assert_eq!(f.improvement, Some(8.0));
    assert_eq!(f.reached, Some(true), "4 minutes is at most 5");
}

#[test]
fn days_left_while_a_cycle_runs() {
    let r = report();
    let f = figures(&r, "running-cycle");
    assert_eq!(f.phase, Phase::Running);
    assert_eq!(f.days_left, Some(28), "Nov 20 → Dec 18");
    let f = figures(&r, "new-cycle");
    assert_eq!(f.phase, Phase::Running, "its last day is today");
    assert_eq!(f.days_left, Some(0));
    assert_eq!(f.gain, None);
    assert_eq!(f.reached, None);
}

#[test]
fn practices_are_counted_inside_the_cycle_window_only() {
    let r = report();
    let f = figures(&r, "fractions-cycle");
    let by_id = |id: &str| f.practices.iter().find(|p| p.id == id).expect(id);
    // Oct 5 – Nov 13: 30 school days; think-aloud done on the 20 of Oct 5–30.
    assert!(close(by_id("think-aloud").completion.unwrap(), 20.0 / 30.0));
    // Written feedback was logged only after the cycle (Nov 16–20).
    assert_eq!(by_id("written-feedback").completion, Some(0.0));
    let days = &by_id("think-aloud").days;
    assert_eq!(
        days.first().map(|d| d.date.to_string()).as_deref(),
        Some("2026-10-05")
    );
    assert_eq!(
        days.last().map(|d| d.date.to_string()).as_deref(),
        Some("2026-11-13")
    );
    // Running: Nov 13, 16–20 are 6 school days, 5 of them logged (today's counts).
    let f = figures(&r, "running-cycle");
    assert!(close(f.practices[0].completion.unwrap(), 5.0 / 6.0));
}

fn lints_of(r: &Report, id: &str) -> Vec<Lint> {
    goal(r, id).lints.clone()
}

#[test]
fn each_coaching_lint_fires_from_its_boundary() {
    let r = report();
    // Started Nov 13, today is start + 7: fires. Started Nov 14: not yet.
    assert_eq!(lints_of(&r, "running-cycle"), [Lint::CycleWithoutPre]);
    assert_eq!(lints_of(&r, "new-cycle"), [], "start + 6, and due today");
    // Due yesterday: ended.
    assert_eq!(lints_of(&r, "no-post-cycle"), [Lint::CycleWithoutPost]);
    assert_eq!(lints_of(&r, "off-task-cycle"), [Lint::CycleWithoutEvidence]);
    assert_eq!(lints_of(&r, "fractions-cycle"), []);
    // A draft is counted nowhere: no lint, though it has none of the three.
    assert_eq!(lints_of(&r, "draft-cycle"), []);

    // One day earlier, nothing has ended or passed its grace days.
    let repo = Repo::fixture("coaching");
    let gp = repo
        .read("goalpost.yml")
        .replace("today: 2026-11-20", "today: 2026-11-19");
    repo.write("goalpost.yml", gp);
    let r = repo.report();
    for id in ["running-cycle", "no-post-cycle", "off-task-cycle"] {
        assert_eq!(lints_of(&r, id), [], "{id} on Nov 19");
    }
}

#[test]
fn a_lint_can_be_allowed_by_name() {
    let repo = Repo::fixture("coaching");
    let text = repo.read("goals/off-task-cycle.md").replace(
        "target: 5\n",
        "target: 5\nallow: [cycle-without-evidence]\n",
    );
    repo.write("goals/off-task-cycle.md", text);
    assert_eq!(lints_of(&repo.report(), "off-task-cycle"), []);
}

#[test]
fn cycles_at_a_glance_and_in_a_sprint() {
    let r = public();
    let g = coaching::at_a_glance(&r);
    assert_eq!(ids(&r, &g.running), ["new-cycle", "running-cycle"]);
    assert_eq!(
        ids(&r, &g.finished),
        ["fractions-cycle", "no-post-cycle", "off-task-cycle"]
    );
    // (39 + 8) / 2: a fall of 8 minutes is a gain of 8 toward its target.
    assert_eq!(g.mean_gain, Some(23.5));
    assert_eq!(g.with_gain, 2);

    let sprint = |name: &str| r.cycles.iter().position(|c| c.name == name).unwrap();
    let s6 = coaching::in_cycle(&r, sprint("Sprint 6"));
    assert_eq!(ids(&r, &s6.running), ["new-cycle", "running-cycle"]);
    assert_eq!(
        ids(&r, &s6.finished),
        ["fractions-cycle", "no-post-cycle", "off-task-cycle"]
    );
    let s5 = coaching::in_cycle(&r, sprint("Sprint 5"));
    assert_eq!(
        ids(&r, &s5.running),
        ["fractions-cycle", "no-post-cycle", "off-task-cycle"]
    );
    assert!(s5.finished.is_empty());
    assert_eq!(s5.mean_gain, None);
}

#[test]
fn a_draft_is_left_out_of_its_purposes_roll_up() {
    let with = public();
    let repo = Repo::fixture("coaching");
    std::fs::remove_file(repo.join("goals/draft-goal.md")).unwrap();
    let without = repo.report().visible(false);
    let p = |r: &Report| {
        let f = goal(r, "writing").purpose.clone().unwrap();
        (
            f.progress,
            f.progress_goals,
            f.practices,
            goal(r, "writing").state,
        )
    };
    assert_eq!(p(&with), p(&without));
    assert_eq!(
        p(&with).0,
        Some(0.3),
        "(52 − 40) / (80 − 40), the draft's 0.1 left out"
    );
    assert_eq!(p(&with).1, 1);
    // It is still there, marked as a draft, with no lint.
    let d = goal(&with, "draft-goal");
    assert_eq!(d.goal.status.as_str(), "draft");
    assert!(d.lints.is_empty());
}

#[test]
fn agreed_asks_and_feedback_are_read_with_positions() {
    let r = report();
    let g = &goal(&r, "grade4-writing").goal;
    let agreed = g.together.agreed.as_ref().unwrap();
    assert_eq!(agreed.with, ["nguyen"]);
    assert_eq!(
        agreed.on.map(|d| d.to_string()).as_deref(),
        Some("2026-09-14")
    );
    assert!(g
        .together
        .asks
        .as_deref()
        .unwrap()
        .starts_with("Someone to watch"));
    let newest: Vec<String> = coaching::feedback_newest_first(g)
        .iter()
        .map(|f| format!("{} {}", f.date, f.from))
        .collect();
    assert_eq!(newest, ["2026-11-18 marsh", "2026-11-10 nguyen"]);
    assert_eq!(g.together.feedback[0].at.line, 15);
}

#[test]
fn a_typo_in_a_new_field_is_an_error_with_a_suggestion() {
    let repo = Repo::fixture("coaching");
    repo.write(
        "goals/typo.md",
        "---\nkind: coaching-cycle\ntitle: T\nowner: nguyen\npre: {date: 2026-10-01, valu: 3}\n\
         evidance: []\nfeedback:\n  - {date: 2026-11-01, form: x, note: y}\nagreed: {with: kowalski, on: 14 Sep}\n---\n",
    );
    let out = repo.cmd(&["check", "--format", "short"]).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for expected in [
        "goals/typo.md:5:25: error[unknown-field]: unknown field `valu`",
        "goals/typo.md:6:1: error[unknown-field]: unknown field `evidance`",
        "goals/typo.md:8:24: error[unknown-field]: unknown field `form`",
        "goals/typo.md:9:30: error[invalid-date]",
    ] {
        assert!(text.contains(expected), "{expected}\nin\n{text}");
    }
    let json = repo.cmd(&["check", "--format", "json"]).assert().code(1);
    let v: Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let hints: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["hint"].as_str())
        .collect();
    assert!(hints.contains(&"did you mean `value`?"), "{hints:?}");
    assert!(hints.contains(&"did you mean `evidence`?"), "{hints:?}");
    assert!(hints.contains(&"did you mean `from`?"), "{hints:?}");
    // One mistake, one error: a misspelt key is not also a missing one.
    assert!(
        !text.contains("has no `from`") && !text.contains("has no `value`"),
        "{text}"
    );
}

#[test]
fn a_practice_a_cycle_names_must_exist() {
    let repo = Repo::fixture("coaching");
    let text = repo.read("goals/running-cycle.md").replace(
        "practices: [written-feedback, secret-practice]",
        "practices: [writen-feedback, writing]",
    );
    repo.write("goals/running-cycle.md", text);
    let out = repo.cmd(&["check", "--format", "short"]).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains(
            "goals/running-cycle.md:8:13: error[unknown-reference]: `practices: writen-feedback`"
        ),
        "{text}"
    );
    assert!(
        text.contains("goals/running-cycle.md:8:30: error[wrong-kind-reference]: `practices: writing` names a purpose goal"),
        "{text}"
    );
}

#[test]
fn a_reflection_names_its_sprint() {
    let r = report();
    let s6 = r.cycles.iter().position(|c| c.id == "sprint-6").unwrap();
    let shown: Vec<&str> = coaching::reflections_in(&r, s6)
        .iter()
        .map(|g| g.goal.id.as_str())
        .collect();
    assert_eq!(shown, ["kowalski-sprint-6", "private-reflection"]);
    let public = public();
    let shown: Vec<&str> = coaching::reflections_in(&public, s6)
        .iter()
        .map(|g| g.goal.id.as_str())
        .collect();
    assert_eq!(shown, ["kowalski-sprint-6"]);
    let mine: Vec<&str> = coaching::reflections_of(&public, "kowalski")
        .iter()
        .map(|g| g.goal.id.as_str())
        .collect();
    assert_eq!(
        mine,
        ["kowalski-sprint-6", "kowalski-sprint-5"],
        "newest sprint first"
    );

    let repo = Repo::fixture("coaching");
    repo.write(
        "goals/lost.md",
        "---\nkind: reflection\ntitle: Lost\nowner: marsh\ncommit: [x]\n---\n",
    );
    let out = repo.cmd(&["check", "--format", "short"]).assert().code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stdout)
        .contains("goals/lost.md:2:1: error[missing-cycle]"));
}

// ---- goalpost feedback ----------------------------------------------------

#[test]
fn feedback_adds_one_line_and_the_same_note_twice_changes_nothing() {
    let repo = Repo::fixture("coaching");
    let before = repo.read("goals/grade4-writing.md");
    repo.cmd(&[
        "feedback",
        "grade4-writing",
        "--from",
        "marsh",
        "--note",
        "  The \"claim\" frame works  ",
    ])
    .assert()
    .success()
    .stdout(
        "added feedback from marsh to grade4-writing on 2026-11-20 in goals/grade4-writing.md:17\n",
    );
    let after = repo.read("goals/grade4-writing.md");
    let added = "  - {date: 2026-11-20, from: marsh, note: \"The \\\"claim\\\" frame works\"}\n";
    assert_eq!(
        after,
        before.replace("grade 2}\n", &format!("grade 2}}\n{added}"))
    );
    let snapshot = repo.snapshot();
    repo.cmd(&[
        "feedback",
        "grade4-writing",
        "--from",
        "marsh",
        "--note",
        "The \"claim\" frame works",
    ])
    .assert()
    .success()
    .stdout(
        "grade4-writing already has this note from marsh on 2026-11-20 \
         (goals/grade4-writing.md:17); nothing to do\n",
    );
    assert_eq!(repo.snapshot(), snapshot, "the second time changes nothing");
    let r = repo.report();
    assert_eq!(goal(&r, "grade4-writing").goal.together.feedback.len(), 3);
}

#[test]
fn feedback_refuses_what_log_refuses_and_writes_nothing() {
    let repo = Repo::fixture("coaching");
    let snapshot = repo.snapshot();
    let refused = |args: &[&str], says: &str| {
        let out = repo.cmd(args).assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(err.contains(says), "{args:?}: {err}");
    };
    refused(
        &[
            "feedback",
            "grade4-writng",
            "--from",
            "marsh",
            "--note",
            "x",
        ],
        "no goal has the id `grade4-writng`; did you mean `grade4-writing`?",
    );
    refused(
        &[
            "feedback",
            "grade4-writing",
            "--from",
            "mrsh",
            "--note",
            "x",
        ],
        "did you mean `marsh`?",
    );
    refused(
        &[
            "feedback",
            "grade4-writing",
            "--from",
            "marsh",
            "--note",
            "   ",
        ],
        "the note is empty",
    );
    // An id defined by two files.
    repo.write(
        "goals/other/grade4-writing.md",
        "---\nkind: purpose\ntitle: Twin\n---\n",
    );
    refused(
        &[
            "feedback",
            "grade4-writing",
            "--from",
            "marsh",
            "--note",
            "x",
        ],
        "duplicate-id",
    );
    std::fs::remove_file(repo.join("goals/other/grade4-writing.md")).unwrap();
    std::fs::remove_dir(repo.join("goals/other")).unwrap();
    // A file that cannot be read.
    let broken = repo
        .read("goals/writing.md")
        .replace("kind: purpose", "kind: [purpose");
    repo.write("goals/writing.md", &broken);
    refused(
        &["feedback", "writing", "--from", "marsh", "--note", "x"],
        "cannot be read",
    );
    repo.write(
        "goals/writing.md",
        repo.read("goals/writing.md")
            .replace("kind: [purpose", "kind: purpose"),
    );
    assert_eq!(repo.snapshot(), snapshot, "nothing was written");
}

#[cfg(unix)]
#[test]
fn feedback_refuses_a_read_only_file_and_a_link_outside() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::fixture("coaching");
    let file = repo.join("goals/writing.md");
    let mut perms = std::fs::metadata(&file).unwrap().permissions();
    perms.set_mode(0o444);
    std::fs::set_permissions(&file, perms).unwrap();
    let before = repo.read("goals/writing.md");
    let out = repo
        .cmd(&["feedback", "writing", "--from", "marsh", "--note", "x"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("write permission") || err.contains("read-only"),
        "{err}"
    );
    assert_eq!(repo.read("goals/writing.md"), before);

    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("elsewhere.md");
    std::fs::write(&target, "---\nkind: purpose\ntitle: Elsewhere\n---\n").unwrap();
    std::os::unix::fs::symlink(&target, repo.join("goals/elsewhere.md")).unwrap();
    let out = repo
        .cmd(&["feedback", "elsewhere", "--from", "marsh", "--note", "x"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("outside"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "---\nkind: purpose\ntitle: Elsewhere\n---\n"
    );
}

#[test]
fn feedback_commit_commits_that_file_alone() {
    require_git();
    let repo = Repo::fixture("coaching");
    repo.git_init();
    repo.commit("Ana", "2026-11-01T10:00:00");
    repo.write("notes.txt", "staged, not committed");
    repo.git(&["add", "notes.txt"]);
    repo.cmd(&[
        "feedback",
        "writing",
        "--from",
        "kowalski",
        "--note",
        "Thank you",
        "--commit",
    ])
    .assert()
    .success();
    let log = repo.git(&["log", "-1", "--format=%s", "--name-only"]);
    assert_eq!(
        log.trim(),
        "feedback: writing from kowalski on 2026-11-20\n\ngoals/writing.md"
    );
    let staged = repo.git(&["diff", "--cached", "--name-only"]);
    assert_eq!(staged.trim(), "notes.txt");
}

// ---- outputs ----------------------------------------------------------------

/// The fixture built into `site/` (shared goals only unless `private`).
fn built(private: bool) -> Repo {
    let repo = Repo::fixture("coaching");
    let mut args = vec!["build"];
    if private {
        args.push("--include-private");
    }
    repo.cmd(&args).assert().success();
    repo
}

fn page_text(repo: &Repo, page: &str) -> String {
    crate::support::html_text(&repo.read(page)).join("\n")
}

fn snapshot(name: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_omit_expression(true);
    settings.set_description("tests/fixtures/coaching built as of 2026-11-20, as text");
    settings.bind(|| insta::assert_snapshot!(name, value));
}

#[test]
fn goals_json_has_the_coaching_keys() {
    let repo = built(false);
    let doc: Value = serde_json::from_str(&repo.read("site/goals.json")).unwrap();
    let g = |id: &str| {
        doc["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    let c = &g("fractions-cycle")["coaching"];
    assert_eq!(c["pre"], 35);
    assert_eq!(c["post"], 74);
    assert_eq!(c["gain"], 39);
    assert_eq!(c["target"], 80);
    assert_eq!(c["reached"], false);
    assert_eq!(c["phase"], "finished");
    assert_eq!(c["practices"][0]["completion"], 0.6667);
    assert_eq!(c["practices"][1]["completion"], 0);
    let c = &g("off-task-cycle")["coaching"];
    assert_eq!(
        (c["gain"].clone(), c["reached"].clone()),
        (Value::from(-8), Value::from(true))
    );
    assert_eq!(g("running-cycle")["coaching"]["days_left"], 28);
    // A shared cycle does not name a private practice it uses.
    assert_eq!(
        g("running-cycle")["coaching"]["practices"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let w = g("grade4-writing");
    assert_eq!(w["agreed"]["with"][0], "nguyen");
    assert_eq!(w["agreed"]["on"], "2026-09-14");
    assert_eq!(w["feedback"][1]["from"], "marsh");
    assert!(w["asks"].as_str().unwrap().starts_with("Someone"));
    assert_eq!(g("draft-goal")["status"], "draft");
    // Keys absent where the file says nothing.
    assert!(g("writing").get("coaching").is_none() && g("writing").get("feedback").is_none());
}

#[test]
fn the_cycle_page_shows_pre_post_practices_and_evidence() {
    let repo = built(false);
    let text = page_text(&repo, "site/goals/fractions-cycle.html");
    for expected in [
        "Cycle finished",
        "Finished Nov 13, 2026.",
        "+39 points",
        "6 points short of the target.",
        "Grade 4 — students explain their thinking in writing: pre- and post-assessment against the target",
        "Think-aloud modelling · 67% of scheduled days in the cycle",
        "Written feedback on exit tickets · 0% of scheduled days in the cycle",
        "Oct 20, 2026 Modelling lesson, video (Video)",
    ] {
        assert!(text.contains(expected), "{expected}\nin\n{text}");
    }
    let html = repo.read("site/goals/fractions-cycle.html");
    assert!(html.contains("href=\"https://video.example.org/think-aloud-1\""));
    snapshot("coaching_cycle_page", &text);
    let text = page_text(&repo, "site/goals/off-task-cycle.html");
    assert!(text.contains("−8 minutes (lower is better)"), "{text}");
    assert!(text.contains("The target was reached."), "{text}");
    let text = page_text(&repo, "site/goals/running-cycle.html");
    assert!(text.contains("Running: 28 days left."), "{text}");
}

#[test]
fn the_goal_page_shows_agreement_ask_and_feedback_newest_first() {
    let repo = built(false);
    let text = page_text(&repo, "site/goals/grade4-writing.html");
    assert!(
        text.contains("Agreed with Lan Nguyen on Sep 14, 2026."),
        "{text}"
    );
    assert!(text.contains("Where help is welcome"), "{text}");
    let newer = text.find("Your anchor chart").unwrap();
    let older = text.find("The sentence frames").unwrap();
    assert!(newer < older, "newest first");
    let text = page_text(&repo, "site/goals/draft-goal.html");
    assert!(
        text.contains("A draft: it is shown here, but counted nowhere else"),
        "{text}"
    );
}

#[test]
fn the_coach_and_the_teacher_see_their_cycles_asks_and_reflections() {
    let repo = built(false);
    let coach = page_text(&repo, "site/people/nguyen.html");
    for id in [
        "Grade 4 — students explain",
        "Grade 2 — fewer minutes",
        "Grade 5 — a cycle still being planned",
    ] {
        assert!(coach.contains(id), "{id}\nin\n{coach}");
    }
    snapshot("coaching_coach_page", &coach);
    let teacher = page_text(&repo, "site/people/kowalski.html");
    assert!(teacher.contains("Where help is welcome"), "{teacher}");
    assert!(
        teacher.contains("Give written feedback on every exit ticket"),
        "{teacher}"
    );
    snapshot("coaching_teacher_page", &teacher);
}

#[test]
fn the_dashboard_and_the_sprint_report_have_a_coaching_section() {
    let repo = built(false);
    let dash = page_text(&repo, "site/index.html");
    assert!(
        dash.contains("Mean gain toward the target: 23.5 points over 2 finished cycles."),
        "{dash}"
    );
    let sprint = page_text(&repo, "site/cycles/sprint-6.html");
    assert!(
        sprint.contains("Mean gain toward the target: 23.5 points"),
        "{sprint}"
    );
    assert!(sprint.contains("Commitments and reflections"), "{sprint}");
    assert!(sprint.contains("Ask Tom to visit one lesson"), "{sprint}");
    let start = dash.find("Coaching cycles").unwrap();
    snapshot(
        "coaching_dashboard_section",
        &dash[start..start + dash[start..].find("Problems").unwrap_or(dash.len() - start)],
    );
    snapshot("coaching_sprint_report", &sprint);
}

#[test]
fn the_digest_lists_asks_feedback_evidence_commitments_reflections_and_cycles() {
    let repo = Repo::fixture("coaching");
    let out = repo
        .cmd(&["digest", "--since", "2026-11-02"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for expected in [
        "## Asks for help",
        "## Feedback",
        "“Your anchor chart gave me an idea for grade 2” — Tom Marsh, Nov 18.",
        "## Commitments for Sprint 6",
        "Commits to: Give written feedback on every exit ticket; Ask Tom to visit one lesson.",
        "## Reflections on Sprint 5",
        "## Coaching cycles",
        "Ended Nov 13: 35% → 74%, +39 points (target 80%).",
        "Ended Nov 19: 12 → 4 minutes, −8 minutes (target 5 minutes, reached).",
        "## Evidence gathered",
        "Nov 3: Debrief notes — notes/debrief-nov-3.pdf",
    ] {
        assert!(text.contains(expected), "{expected}\nin\n{text}");
    }
    // Evidence dated before the period is not the period's.
    assert!(!text.contains("Modelling lesson"), "{text}");
    // The default eight days (Nov 12–20): the Nov 18 note, not Nov 10's;
    // no sprint starts or ends in them.
    let out = repo.cmd(&["digest"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("Tom Marsh, Nov 18") && !text.contains("Nov 10"),
        "{text}"
    );
    assert!(
        !text.contains("Commitments for") && !text.contains("Reflections on"),
        "{text}"
    );
    assert!(!text.contains("Evidence gathered"), "{text}");
    // The draft's ask and feedback count nowhere.
    assert!(
        !text.contains("Not ready to share") && !text.contains("Draft feedback"),
        "{text}"
    );
}

#[test]
fn today_reminds_owners_without_commitments_on_a_sprints_first_day() {
    let repo = Repo::fixture("coaching");
    let out = repo
        .cmd(&["today", "--today", "2026-11-23"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("New sprint: Sprint 7 starts today"), "{text}");
    assert!(text.contains("    Tom Marsh (marsh)\n"), "{text}");
    repo.write(
        "goals/marsh-sprint-7.md",
        "---\nkind: reflection\ntitle: Sprint 7 — Tom\nowner: marsh\ncycle: Sprint 7\ncommit: [Time every transition]\n---\n",
    );
    let out = repo
        .cmd(&["today", "--today", "2026-11-23"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(!text.contains("Tom Marsh (marsh)\n"), "{text}");
    assert!(text.contains("    Lan Nguyen (nguyen)\n"), "{text}");
    // Not on another day of the sprint.
    let out = repo
        .cmd(&["today", "--today", "2026-11-24"])
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains("New sprint"));
}

#[test]
fn the_calendar_has_the_shared_cycles() {
    let repo = built(false);
    let ics = repo.read("site/calendar.ics");
    assert!(
        ics.contains("SUMMARY:Coaching cycle: Grade 4 — students explain their thinking in"),
        "{ics}"
    );
    assert!(ics.contains("UID:coaching-fractions-cycle."), "{ics}");
    assert!(!ics.contains("draft-cycle"), "a draft counts nowhere");
    let mine = repo.read("site/people/marsh.ics");
    assert!(mine.contains("UID:coaching-off-task-cycle."));
    assert!(!mine.contains("UID:coaching-fractions-cycle."));
}

/// Every file of a build, the digest (every format), `today` and `check`
/// without the private goals: the word SECRET (on every private goal,
/// cycle, practice, ask, feedback note and reflection of the fixture) and
/// the private goals' ids appear in none of them.
#[test]
fn private_coaching_never_leaks() {
    let repo = built(false);
    let mut outputs: Vec<(String, String)> = Vec::new();
    for (path, bytes) in repo.snapshot() {
        let path = path.display().to_string();
        if path.starts_with("site") || path.contains("/site/") {
            outputs.push((path, String::from_utf8_lossy(&bytes).to_string()));
        }
    }
    assert!(outputs.len() > 20, "the site was read");
    for args in [
        vec!["digest", "--since", "2026-11-02"],
        vec!["digest", "--since", "2026-11-02", "--format", "html"],
        vec!["digest", "--since", "2026-11-02", "--format", "text"],
        vec!["digest", "--owner", "nguyen"],
        vec!["today"],
        vec!["today", "--today", "2026-11-23"],
        vec!["check"],
    ] {
        let out = repo.cmd(&args).output().unwrap();
        outputs.push((
            args.join(" "),
            String::from_utf8_lossy(&out.stdout).to_string(),
        ));
        outputs.push((
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).to_string(),
        ));
    }
    for (what, text) in &outputs {
        for secret in [
            "SECRET",
            "private-cycle",
            "private-stuff",
            "private-reflection",
            "secret-practice",
        ] {
            assert!(!text.contains(secret), "{secret} in {what}");
        }
    }
    // With --include-private they are there, marked.
    let repo = built(true);
    let text = page_text(&repo, "site/goals/private-cycle.html");
    assert!(
        text.contains("SECRET coaching cycle") && text.contains("Private"),
        "{text}"
    );
    // Even then, never in a calendar.
    assert!(!repo.read("site/calendar.ics").contains("SECRET"));
    assert!(!repo.read("site/people/nguyen.ics").contains("SECRET"));
}

// ---- what the walkthrough changed -----------------------------------------

/// A note with a comma in a `{…}` item is cut there: the rest is read as
/// a field. The message says so, at the text, instead of listing the
/// allowed fields.
#[test]
fn a_comma_in_an_unquoted_note_is_explained() {
    let repo = Repo::fixture("coaching");
    let text = repo.read("goals/fractions-cycle.md").replace(
        "note: \"Modelling lesson, video\"}",
        "note: Modelling lesson, filmed twice}",
    );
    repo.write("goals/fractions-cycle.md", text);
    let out = repo.cmd(&["check"]).assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains(
            "error[unknown-field]: goals/fractions-cycle.md:16:94: `filmed twice` is read as a field of its own: inside `{…}` a comma ends a value"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "hint: put the text with its comma in quotes, e.g. `note: \"…, filmed twice\"`"
        ),
        "{err}"
    );
}

/// The coaching warnings point at the line to act on: `start:` for a
/// missing pre-assessment, `due:` for a missing post-assessment or evidence.
#[test]
fn coaching_warnings_point_at_start_and_due() {
    let repo = Repo::fixture("coaching");
    let out = repo.cmd(&["check", "--format", "short"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for line in [
        "goals/running-cycle.md:5:1: warning[cycle-without-pre]",
        "goals/no-post-cycle.md:6:1: warning[cycle-without-post]",
        "goals/off-task-cycle.md:6:1: warning[cycle-without-evidence]",
    ] {
        assert!(text.contains(line), "{line}\nin\n{text}");
    }
}

/// A draft practice counts nowhere: not in the sprint's figures, the
/// dashboard's counts, the digest or `today`, though its page is there.
#[test]
fn a_draft_practice_counts_nowhere() {
    let repo = Repo::fixture("coaching");
    let before = repo.report().visible(false);
    repo.write(
        "goals/draft-practice.md",
        "---\nkind: practice\ntitle: Draft habit being agreed\nowner: kowalski\nstatus: draft\n\
         serves: grade4-writing\nlog:\n  2026-11-16: yes\n  2026-11-17: yes\n---\n",
    );
    let r = repo.report().visible(false);
    let s6 = r.cycles.iter().position(|c| c.id == "sprint-6").unwrap();
    let all: Vec<usize> = (0..r.goals.len()).collect();
    let review = goalpost::analysis::review::review(&r, s6, &all);
    assert!(review
        .practices
        .iter()
        .all(|p| r.goals[p.goal].goal.id != "draft-practice"));
    let counts = |r: &Report| {
        let s = goalpost::analysis::areas::Areas::of(&r.goals)
            .root()
            .summary;
        (s.practice.total, s.scorecard())
    };
    assert_eq!(counts(&r), counts(&before));
    let p = |r: &Report| goal(r, "writing").purpose.clone().unwrap().practices;
    assert_eq!(p(&r), p(&before));
    for args in [vec!["digest", "--since", "2026-11-02"], vec!["today"]] {
        let out = repo.cmd(&args).assert().success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        assert!(!text.contains("Draft habit"), "{args:?}: {text}");
    }
    repo.cmd(&["build"]).assert().success();
    assert!(repo
        .read("site/goals/draft-practice.html")
        .contains("A draft: it is shown here"));
}

/// A reflection's page gives the sprint it is about as its window and
/// heads its body "Reflection"; it serves nothing and nothing serves it,
/// so it has no "Connected goals". A practice's page has no "Served by"
/// and a purpose's no "Serves": nothing can ever be there.
#[test]
fn a_reflection_names_its_sprint_and_pages_show_only_links_that_can_be() {
    let repo = built(false);
    let text = page_text(&repo, "site/goals/kowalski-sprint-6.html");
    assert!(text.contains("Window\nSprint 6: Nov 9–22"), "{text}");
    assert!(
        text.contains("Reflection\nThe feedback takes twenty minutes"),
        "{text}"
    );
    assert!(!text.contains("Open-ended"), "{text}");
    assert!(!text.contains("Connected goals"), "{text}");
    // Its badge says what it is, not its kind a second time.
    let person = page_text(&repo, "site/people/kowalski.html");
    assert!(
        person.contains("Written Sprint reflection Sprint 6"),
        "{person}"
    );
    assert!(
        !person.contains("Sprint reflection Sprint reflection"),
        "{person}"
    );
    let practice = page_text(&repo, "site/goals/think-aloud.html");
    assert!(practice.contains("Connected goals\nServes"), "{practice}");
    assert!(!practice.contains("Served by"), "{practice}");
    assert!(practice.contains("Notes") || !practice.contains("Reflection"));
    let purpose = page_text(&repo, "site/goals/writing.html");
    assert!(purpose.contains("Connected goals\nServed by"), "{purpose}");
    assert!(!purpose.contains("Nothing above it"), "{purpose}");
    let cycle = page_text(&repo, "site/goals/fractions-cycle.html");
    assert!(cycle.contains("Serves"), "{cycle}");
    assert!(!cycle.contains("Served by"), "{cycle}");
}

/// A cycle that has not started is listed by when it starts, not by an
/// empty "— → no post-assessment yet (target —)".
#[test]
fn a_cycle_not_started_is_listed_by_its_start() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build", "--today", "2026-11-20"])
        .assert()
        .success();
    let text = page_text(&repo, "site/people/okafor.html");
    assert!(
        text.contains(
            "Round 3 after winter break (being planned) Draft · Grace Okafor · Starts Jan 11, 2027"
        ),
        "{text}"
    );
    assert!(!text.contains("— →"), "{text}");
}

/// A coaching cycle, a reflection and feedback on a goal whose privacy
/// line is misspelled, or whose file cannot be read, stay out of every
/// shared output: privacy fails closed for the new kinds as for the
/// others. The fixture's shared cycle is the published control.
#[test]
fn unclear_privacy_keeps_coaching_private() {
    let repo = Repo::fixture("coaching");
    repo.write(
        "goals/hidden-cycle.md",
        "---\nkind: coaching-cycle\ntitle: HIDDENCYCLE\nowner: [nguyen]\nvisibilty: private\n\
         start: 2026-10-05\ndue: 2026-11-13\ntarget: 80\npre: {date: 2026-10-06, value: 30}\n\
         feedback:\n  - {date: 2026-11-18, from: marsh, note: HIDDENNOTE}\nserves: writing\n---\n",
    )
    .write(
        "goals/hidden-reflection.md",
        "---\nkind: reflection\ntitle: HIDDENREFLECTION\nowner: kowalski\ncycle: sprint-6\n\
         Visibility: Private\ncommit: [HIDDENCOMMIT]\n---\nHIDDENBODY\n",
    )
    .write(
        "goals/broken-cycle.md",
        "---\nkind: coaching-cycle\ntitle: HIDDENBROKEN\nowner: [nguyen]\nvisibility: private\n\
         start: [2026-10-05\n---\n",
    );
    repo.cmd(&["build"]).assert().code(1);
    let mut outputs: Vec<(String, String)> = repo
        .snapshot()
        .into_iter()
        .filter(|(p, _)| p.starts_with("site"))
        .map(|(p, b)| (p.display().to_string(), String::from_utf8_lossy(&b).into()))
        .collect();
    for args in [
        vec!["digest", "--since", "2026-11-02"],
        vec!["digest", "--since", "2026-11-16", "--format", "html"],
        vec!["today", "--today", "2026-11-23"],
    ] {
        let out = repo.cmd(&args).output().unwrap();
        outputs.push((args.join(" "), String::from_utf8_lossy(&out.stdout).into()));
    }
    let shown = |needle: &str| outputs.iter().any(|(_, t)| t.contains(needle));
    assert!(shown(
        "Grade 4 — students explain their thinking in writing"
    ));
    for secret in [
        "HIDDENCYCLE",
        "HIDDENNOTE",
        "HIDDENREFLECTION",
        "HIDDENCOMMIT",
        "HIDDENBODY",
        "HIDDENBROKEN",
        "hidden-cycle",
        "hidden-reflection",
    ] {
        let leaks: Vec<&str> = outputs
            .iter()
            .filter(|(_, t)| t.contains(secret))
            .map(|(w, _)| w.as_str())
            .collect();
        assert!(leaks.is_empty(), "{secret} in {leaks:?}");
    }
}
