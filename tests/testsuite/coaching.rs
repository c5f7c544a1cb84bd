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
        "practices: [written-feedback]",
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
