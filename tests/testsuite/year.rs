//! Issue 23, a school year: `tests/fixtures/year/make.sh` writes Maple Grove
//! Elementary's goals repository as dated commits from September to June
//! (what the year holds is listed at the top of the script). Each test
//! checks the repository out as it was on one day of the year, builds the
//! report as of that day and snapshots what people read: the dashboard, the
//! benchmark's page, the people index and the alignment page as lines of
//! text, and the Monday digest. Ravi Patel's private practice must be in
//! none of it, nor anywhere in the report.

use crate::prelude::*;
use crate::support::{git, html_text};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Words of the private goal only (its id, title, body and notes).
const PRIVATE: [&str; 5] = [
    "calmer-afternoons",
    "Keep my voice calm",
    "afternoon math group",
    "counted to five",
    "Only for me",
];

/// The whole year, made once per version of the script and kept in cargo's
/// temp folder for tests (the script makes about 330 commits).
fn the_year() -> &'static Path {
    static YEAR: OnceLock<PathBuf> = OnceLock::new();
    YEAR.get_or_init(|| {
        require_git();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/year/make.sh");
        let bytes = std::fs::read(&script).expect("make.sh");
        // FNV-1a: a stable name for this version of the script.
        let hash = bytes.iter().fold(0xcbf29ce484222325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
        });
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let done = tmp.join(format!("year-{hash:016x}"));
        if !done.join(".git").is_dir() {
            let work = tmp.join(format!("year-{hash:016x}.{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&work);
            std::fs::create_dir_all(&work).expect("mkdir");
            let mut bash = std::process::Command::new("bash");
            bash.arg(&script)
                .arg(&work)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env_remove("GIT_DIR")
                .env_remove("GIT_WORK_TREE")
                .env_remove("GIT_INDEX_FILE");
            let out = bash.output().expect("bash runs");
            assert!(
                out.status.success(),
                "make.sh failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            // Another test process may have made it meanwhile: then its copy is used.
            if std::fs::rename(&work, &done).is_err() {
                let _ = std::fs::remove_dir_all(&work);
            }
        }
        done
    })
}

/// The repository as it was at the end of `day`: a clone of the year with
/// the last commit of that day checked out.
fn repo_on(day: &str) -> Repo {
    let year = the_year();
    let repo = Repo::empty();
    let clone = git(repo.path())
        .args(["clone", "-q", "--no-hardlinks"])
        .arg(year)
        .arg(".")
        .output()
        .expect("git clone");
    assert!(
        clone.status.success(),
        "{}",
        String::from_utf8_lossy(&clone.stderr)
    );
    let commit = repo.git(&[
        "rev-list",
        "-1",
        &format!("--before={day}T23:59:59"),
        "HEAD",
    ]);
    repo.git(&["checkout", "-q", commit.trim()]);
    repo
}

/// Builds the report as of `day`; panics unless it builds cleanly.
fn build(repo: &Repo, day: &str) {
    let out = repo
        .cmd(&["build", "--today", day])
        .output()
        .expect("build");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A page of the report as lines of text.
fn page(repo: &Repo, rel: &str) -> String {
    html_text(&repo.read(&format!("site/{rel}"))).join("\n")
}

/// Fails when `text` holds any of the private goal's words.
fn assert_private_absent(what: &str, text: &str) {
    for word in PRIVATE {
        assert!(
            !text.to_lowercase().contains(&word.to_lowercase()),
            "{what} shows the private goal ({word}):\n{text}"
        );
    }
}

/// Every file of the built report, as text.
fn every_output(repo: &Repo) -> Vec<(String, String)> {
    crate::support::snapshot(&repo.join("site"))
        .into_iter()
        .map(|(p, bytes)| {
            (
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect()
}

/// The report and the digest on `day`: snapshots of what people read, and
/// the private goal in none of it. Returns the repository, built.
fn read_the_year_on(day: &str) -> Repo {
    let repo = repo_on(day);
    // The control: the private goal is in the repository on every one of these days.
    assert!(repo
        .read("goals/math/calmer-afternoons.md")
        .contains("counted to five"));
    build(&repo, day);
    let pages = [
        ("dashboard", "index.html"),
        ("benchmark", "goals/reading-benchmark.html"),
        ("people", "people/index.html"),
        ("alignment", "alignment.html"),
    ];
    for (name, rel) in pages {
        let text = page(&repo, rel);
        assert_private_absent(rel, &text);
        insta::assert_snapshot!(format!("{day}_{name}"), text);
    }
    let digest = repo
        .cmd(&["digest", "--week", "--today", day])
        .output()
        .expect("digest");
    assert!(digest.status.success());
    let digest = String::from_utf8_lossy(&digest.stdout).into_owned();
    assert_private_absent("the digest", &digest);
    insta::assert_snapshot!(format!("{day}_digest"), digest);
    // Nor in any other page, feed or export of the report.
    let outputs = every_output(&repo);
    assert!(outputs.len() > 30, "{}", outputs.len());
    for (file, text) in &outputs {
        assert_private_absent(file, text);
    }
    // ... while the private goal's shared neighbours are published.
    let dashboard = page(&repo, "index.html");
    assert!(
        dashboard.contains("Multiplication fact fluency in Grades 4 and 5"),
        "{dashboard}"
    );
    repo
}

/// Early October: one benchmark window measured, four weeks of practice.
#[test]
fn october() {
    let repo = read_the_year_on("2026-10-05");
    let benchmark = page(&repo, "goals/reading-benchmark.html");
    assert!(benchmark.contains("Next measured: November"), "{benchmark}");
    // The attendance goal's first measurement: it was not measured before, not "no data".
    let dashboard = page(&repo, "index.html");
    assert!(
        dashboard.contains("Since last week: at risk, was not measured yet."),
        "{dashboard}"
    );
}

/// A Thursday in December: the week's guided reading is under way (two
/// groups so far), the benchmark was last measured in November.
#[test]
fn december() {
    let repo = read_the_year_on("2026-12-10");
    let benchmark = page(&repo, "goals/reading-benchmark.html");
    assert!(benchmark.contains("Next measured: February"), "{benchmark}");
}

/// After the February window, and after the attendance goal's rename: its
/// old address leads to the new one.
#[test]
fn february() {
    let repo = read_the_year_on("2027-02-22");
    // The benchmark is behind the pace expected at its February measurement
    // (7/16 = 44% of the way on Feb 12, when 164/272 = 60% was expected), and
    // the dashboard says so, not "64% expected by today", which nobody
    // measured against.
    let dashboard = page(&repo, "index.html");
    assert!(
        dashboard.contains(
            "A little behind the steady pace: 44% of the way at the Feb 12, 2027 measurement, when 60% was expected."
        ),
        "{dashboard}"
    );
    let redirect = repo.read("site/goals/chronic-absence.html");
    assert!(
        redirect.contains("chronic-absence-under-10.html"),
        "{redirect}"
    );
}

/// June: the benchmark and the attendance goal are past due short of their
/// targets, the fluency goal reached its lowered one.
#[test]
fn june() {
    let repo = read_the_year_on("2027-06-10");
    let benchmark = page(&repo, "goals/reading-benchmark.html");
    // (60 − 48) / (64 − 48) = 75% of the way.
    assert!(
        benchmark.contains("Past due: reached 75% of the way"),
        "{benchmark}"
    );
    let fluency = page(&repo, "goals/fact-fluency.html");
    assert!(
        fluency.contains("after talking with the grade 3-5 team"),
        "{fluency}"
    );
}

/// Between the rename (Jan 11) and the fix (Jan 13), the practice that still
/// serves the old id gets the one error, which names the new id.
#[test]
fn a_reference_to_the_old_id_names_the_rename() {
    let repo = repo_on("2027-01-12");
    let out = repo
        .cmd(&["check", "--today", "2027-01-12"])
        .output()
        .expect("check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(all.contains("unknown-reference"), "{all}");
    assert!(all.contains("chronic-absence-under-10"), "{all}");
    assert!(all.contains("Maya Rivera"), "{all}");
    assert!(all.contains("1 error"), "{all}");
}
