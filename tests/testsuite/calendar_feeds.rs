//! Calendar feeds (FORMAT §8 v3): `calendar.ics` and `people/<person>.ics`
//! parsed back by a real parser (ical.js), with stable UIDs across builds
//! and days, all-day events, lines of at most 75 octets, and never a
//! private goal, not even in a build that includes private goals.

use crate::browser::{browser_dir, node_modules};
use crate::prelude::*;
use std::process::Command;

fn parsed(files: &[std::path::PathBuf]) -> serde_json::Value {
    node_modules();
    let out = Command::new("node")
        .arg(browser_dir().join("ical.mjs"))
        .args(files)
        .output()
        .expect("Node.js is needed: `apt-get install nodejs npm`");
    assert!(
        out.status.success(),
        "ical.js could not parse a feed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn uids(feed: &serde_json::Value) -> Vec<String> {
    feed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uid"].as_str().unwrap().to_string())
        .collect()
}

/// A shared goal and a private one, both due in the school year, and a
/// benchmark measured in windows.
fn school() -> Repo {
    let repo = Repo::example("lincoln-elementary");
    repo.write(
        "goals/literacy/benchmark.md",
        "---\nkind: progress\ntitle: Winter benchmark\nowner: okafor\npurpose: every-reader\n\
         baseline: 40\ntarget: 60\nstart: 2026-09-01\ndue: 2027-05-28\n\
         windows: [2026-09, 2027-01, 2027-05]\n---\n",
    )
    .write(
        "goals/literacy/nobody.md",
        "---\nkind: progress\ntitle: Library cards for all\npurpose: every-reader\n\
         baseline: 10\ntarget: 90\nstart: 2026-09-01\ndue: 2027-04-30\n---\n",
    );
    repo.write(
        "goals/math/secret-benchmark.md",
        "---\nkind: progress\ntitle: Quokka benchmark\nowner: reyes\nvisibility: private\n\
         purpose: confident-mathematicians\nbaseline: 1\ntarget: 2\nstart: 2026-09-01\n\
         due: 2027-03-15\n---\n",
    );
    repo
}

#[test]
fn feeds_parse_back_with_stable_uids_and_no_private_goal() {
    let repo = school();
    repo.cmd(&["build"]).assert().code(0);
    let files = [
        repo.join("site/calendar.ics"),
        repo.join("site/people/reyes.ics"),
    ];
    let first = parsed(&files);
    let school = &first[0];
    assert_eq!(school["name"], "Lincoln Elementary — goals 2026-27");
    assert_eq!(school["prodids"], 1);
    let events = school["events"].as_array().unwrap();
    // Every cycle, with its whole span, as an all-day event.
    let sprint6 = events
        .iter()
        .find(|e| e["summary"] == "Sprint 6")
        .expect("sprint 6");
    assert_eq!(sprint6["start"], "2026-11-09");
    assert_eq!(
        sprint6["end"], "2026-11-23",
        "ends the day after its last day"
    );
    assert_eq!(sprint6["allDay"], true);
    // A shared progress goal's due date.
    let due = events
        .iter()
        .find(|e| e["summary"] == "Due: Reading at grade level: 67% → 80% by May")
        .unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(due["start"], "2027-05-28");
    // Each measurement window, whole.
    let january = events
        .iter()
        .find(|e| e["summary"] == "Measured: Winter benchmark" && e["start"] == "2027-01-01")
        .unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(january["end"], "2027-02-01");
    // UIDs are unique.
    let all = uids(school);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len());
    // A person's feed: the cycles and their own goals only.
    let reyes = &first[1];
    assert!(reyes["name"].as_str().unwrap().starts_with("Dana Reyes — "));
    assert!(uids(reyes).iter().all(|u| all.contains(u)));
    assert!(uids(reyes).len() < all.len(), "not everyone's goals");
    let summaries = |feed: &serde_json::Value| -> Vec<String> {
        feed["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["summary"].as_str().unwrap().to_string())
            .collect()
    };
    // A goal with no owner is the school's, in no one's own feed; someone
    // else's goal is not in Dana Reyes's.
    assert!(summaries(school).contains(&"Due: Library cards for all".to_string()));
    for other in ["Due: Library cards for all", "Measured: Winter benchmark"] {
        assert!(!summaries(reyes).contains(&other.to_string()), "{other}");
    }
    // Lines: CRLF, at most 75 octets.
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for line in bytes.split(|&b| b == b'\n') {
            assert!(
                line.is_empty() || line.ends_with(b"\r"),
                "{file:?}: a line without CR"
            );
            assert!(line.len() <= 76, "{file:?}: {} octets", line.len() - 1);
        }
    }
    // Never a private goal, not even in a build that includes them.
    for include in [false, true] {
        let mut args = vec!["build"];
        if include {
            args.push("--include-private");
        }
        repo.cmd(&args).assert().code(0);
        for file in ["site/calendar.ics", "site/people/reyes.ics"] {
            let text = repo.read(file);
            assert!(
                !text.contains("Quokka") && !text.contains("secret-benchmark"),
                "{file}"
            );
        }
    }
    // Control: the same goal shared is in both feeds.
    let text = repo.read("goals/math/secret-benchmark.md");
    repo.write(
        "goals/math/secret-benchmark.md",
        text.replace("visibility: private\n", ""),
    );
    repo.cmd(&["build"]).assert().code(0);
    let shared = parsed(&files);
    for feed in shared.as_array().unwrap() {
        assert!(
            feed["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["summary"] == "Due: Quokka benchmark"),
            "{feed:#}"
        );
    }
    // Stable: another day's build has the same UIDs for the same events.
    repo.cmd(&["build", "--today", "2026-12-14"])
        .assert()
        .code(0);
    let later = parsed(&files);
    assert_eq!(uids(&later[0]), uids(&shared[0]));
    assert_eq!(uids(&later[1]), uids(&shared[1]));
}

/// The dashboard and each person's page link their feed and say how to
/// subscribe.
#[test]
fn pages_link_their_feed() {
    let repo = school();
    repo.cmd(&["build"]).assert().code(0);
    let index = repo.read("site/index.html");
    assert!(index.contains("href=\"calendar.ics\""), "dashboard");
    assert!(index.contains("Subscribe"), "dashboard");
    let person = repo.read("site/people/reyes.html");
    assert!(person.contains("href=\"../people/reyes.ics\""), "person");
}

/// In a session (`watch`, `serve`), a feed is made again when its events
/// change, and only then: a due date moved remakes `calendar.ics` and
/// its owner's feed; a check-in leaves both as they were.
#[test]
fn a_session_remakes_a_feed_when_its_events_change() {
    use goalpost::site::{self, Session};
    let repo = school();
    let opts = repo.build_options();
    let mut session = Session::default();
    site::build(&opts, &mut session).expect("first build");
    // The event of the benchmark's due date.
    let due = || {
        let feed = std::fs::read_to_string(repo.join("site/calendar.ics")).expect("calendar.ics");
        feed.split("BEGIN:VEVENT")
            .find(|e| e.contains("UID:due-benchmark."))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no due date of the benchmark in {feed}"))
    };
    assert!(due().contains("DTSTART;VALUE=DATE:20270528"), "{}", due());

    let benchmark = repo.join("goals/literacy/benchmark.md");
    let text = std::fs::read_to_string(&benchmark).expect("benchmark");
    repo.write(
        "goals/literacy/benchmark.md",
        text.replace("due: 2027-05-28", "due: 2027-05-21"),
    );
    session.cache.forget(&benchmark);
    let moved = site::build(&opts, &mut session).expect("build after the move");
    for path in ["calendar.ics", "people/okafor.ics"] {
        assert!(
            moved.rendered.iter().any(|p| p == path),
            "{path} not made again: {:?}",
            moved.rendered
        );
    }
    assert!(due().contains("DTSTART;VALUE=DATE:20270521"), "{}", due());

    // A check-in: the practice's page is made again, the feeds are not.
    let postcards = repo.join("goals/attendance/positive-postcards.md");
    let text = std::fs::read_to_string(&postcards).expect("postcards");
    repo.write(
        "goals/attendance/positive-postcards.md",
        text.replace("  2026-09-11: 5\n", "  2026-09-11: 4\n"),
    );
    session.cache.forget(&postcards);
    let checked_in = site::build(&opts, &mut session).expect("build after the check-in");
    assert!(
        checked_in
            .rendered
            .iter()
            .any(|p| p == "goals/positive-postcards.html"),
        "{:?}",
        checked_in.rendered
    );
    for path in ["calendar.ics", "people/okafor.ics", "people/reyes.ics"] {
        assert!(
            !checked_in.rendered.iter().any(|p| p == path),
            "{path} made again after a check-in: {:?}",
            checked_in.rendered
        );
    }
}
