//! `goalpost today`: the terminal view per owner, on the example school
//! with its pinned date (2026-11-20), snapshot-tested.

use crate::prelude::*;

/// The example, plus a progress goal due within two weeks, a private
/// practice (left out) and a practice with a long id and unit.
fn school() -> Repo {
    let repo = Repo::example("lincoln-elementary");
    repo.write(
        "goals/literacy/winter-benchmark-ready.md",
        "---\nkind: progress\ntitle: Every K-2 room has run the winter benchmark practice set\nowner: okafor\npurpose: every-reader\nunit: rooms\nbaseline: 0\ntarget: 12\nstart: 2026-11-02\ndue: 2026-12-04\nmeasurements:\n  2026-11-13: 5\n---\n",
    );
    repo.write(
        "goals/private-journal.md",
        "---\nkind: practice\ntitle: Reflective journal\nowner: reyes\nvisibility: private\ncadence: daily\n---\n",
    );
    repo.write(
        "goals/coaching/a-practice-with-a-very-long-identifier-indeed.md",
        "---\nkind: practice\ntitle: Long\nowner: okafor\ntarget: 4\nunit: conversations about student work\nlog:\n  2026-11-20: 2\n---\n",
    );
    repo
}

fn stdout(repo: &Repo, args: &[&str]) -> String {
    let out = repo.cmd(args).output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn today_on_the_example() {
    let repo = school();
    let text = stdout(&repo, &["today"]);
    assert!(!text.contains("journal"), "private goals stay out");
    assert!(!text.contains('\x1b'), "no colour off a terminal");
    assert!(text.contains("in 14 days, at-risk"), "{text}");
    // The buffer: Sprint 6 (Nov 9–22) has 9 school days (Nov 11 is a
    // break); all 9 visits done: floor(9 − 0.8 × 9) = 1 to spare.
    assert!(
        text.contains("3 of 3 visits       streak 11 days  1 to spare"),
        "{text}"
    );
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    insta::assert_snapshot!("today_example", text);
    // The control: the same practice, shared, is listed.
    repo.write(
        "goals/private-journal.md",
        "---\nkind: practice\ntitle: Reflective journal\nowner: reyes\ncadence: daily\n---\n",
    );
    assert!(stdout(&repo, &["today"]).contains("  · private-journal "));
}

#[test]
fn today_for_one_owner_on_another_day() {
    let repo = school();
    let text = stdout(
        &repo,
        &["today", "--owner", "okafor", "--date", "2026-11-23"],
    );
    assert!(!text.contains("Dana Reyes"));
    insta::assert_snapshot!("today_okafor_monday", text);
}

#[test]
fn today_on_a_weekend_a_break_and_with_an_unknown_owner() {
    let repo = school();
    // A Saturday: only the running week of a weekly practice is left.
    let text = stdout(
        &repo,
        &["today", "--owner", "reyes", "--date", "2026-11-21"],
    );
    assert!(text.contains("positive-postcards"), "{text}");
    assert!(!text.contains("classroom-visits"), "{text}");
    // Winter break: nothing at all.
    let text = stdout(
        &repo,
        &["today", "--owner", "reyes", "--date", "2026-12-26"],
    );
    assert!(text.contains("Nothing is scheduled today"), "{text}");
    repo.cmd(&["today", "--owner", "reyez"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `reyes`?"));
}

#[test]
fn colour_only_when_asked_for() {
    let repo = school();
    let mut cache = goalpost::project::ParseCache::default();
    let project = goalpost::project::load(repo.path(), None, &mut cache).expect("load");
    let report = project.report(goalpost::model::fields::parse_date("2026-11-20").expect("date"));
    let agenda = goalpost::analysis::today::agenda(&report, None);
    let plain = goalpost::render::today::render(&agenda, false);
    let coloured = goalpost::render::today::render(&agenda, true);
    assert!(!plain.contains('\x1b'));
    assert!(coloured.contains("\x1b[32m✓\x1b[0m"));
    assert_eq!(strip_ansi(&coloured), plain.as_str());
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn no_buffer_without_a_current_cycle() {
    // No `cycles:` and no calendar: no cycle is current, so no buffer.
    let repo = Repo::empty();
    repo.write("goalpost.yml", "title: No cycles\ntoday: 2026-11-20\n");
    repo.write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visits\nowner: reyes\nlog:\n  2026-11-20: yes\n---\n",
    );
    let text = stdout(&repo, &["today"]);
    assert!(text.contains("visits"), "{text}");
    assert!(
        !text.contains("to spare") && !text.contains("below 80%"),
        "{text}"
    );
    // With a sprint under way, the same practice has one.
    repo.write(
        "goalpost.yml",
        "title: Cycles\ntoday: 2026-11-20\ncycles:\n  - {name: Sprint 6, start: 2026-11-16, end: 2026-11-27}\n",
    );
    let text = stdout(&repo, &["today"]);
    // With no calendar and no `start`, its days begin at its first entry:
    // Fri Nov 20 done, Mon Nov 23 – Fri Nov 27 ahead. P = 6, C = 1, R = 5:
    // floor(1 + 5 − 0.8 × 6) = floor(1.2) = 1.
    assert!(text.contains("streak 1 day    1 to spare"), "{text}");
}
