//! `goalpost build` through the real binary: pages, errors in the report,
//! privacy, stale pages, and the output-folder safety rules.

use crate::prelude::*;
use serde_json::Value;

fn goals_json(repo: &Repo) -> Value {
    serde_json::from_str(&repo.read("site/goals.json")).expect("goals.json is JSON")
}

#[test]
fn example_builds_every_page_kind_and_touches_no_source() {
    let repo = Repo::example("lincoln-elementary");
    let before = repo.snapshot();
    repo.cmd(&["build"]).assert().code(0);
    for page in [
        "site/index.html",
        "site/scorecard.html",
        "site/goals/grade-level-80.html",
        "site/goals/classroom-visits.html",
        "site/goals/every-reader.html",
        "site/people/reyes.html",
        "site/cycles/sprint-6.html",
        "site/site.css",
    ] {
        assert!(repo.join(page).is_file(), "{page} missing");
    }
    let index = repo.read("site/index.html");
    assert!(index.contains("Sprint 6"), "current cycle shown");
    assert!(!index.contains("<script"), "no script needed to read");
    // Every source file is byte-for-byte as it was.
    let after: Vec<_> = repo
        .snapshot()
        .into_iter()
        .filter(|(p, _)| !p.starts_with("site"))
        .collect();
    assert_eq!(after, before);

    let json = goals_json(&repo);
    assert_eq!(json["today"], "2026-11-20");
    let g = json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "grade-level-80")
        .expect("goal");
    for key in [
        "id", "kind", "title", "file", "owner", "status", "state", "parents", "children", "lints",
        "progress", "practice", "series",
    ] {
        assert!(g.get(key).is_some(), "{key} missing");
    }
    assert_eq!(g["kind"], "progress");
    assert!(g["practice"].is_null());
    for key in [
        "baseline",
        "target",
        "latest",
        "latest_date",
        "fraction",
        "expected",
    ] {
        assert!(g["progress"].get(key).is_some(), "progress.{key} missing");
    }
}

#[test]
fn private_goals_stay_out_unless_asked_for() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build"]).assert().code(0);
    let title = "Wait five seconds after every question in math";
    assert!(!repo.join("site/goals/wait-time.html").exists());
    let mut everything = String::new();
    for (path, bytes) in repo.snapshot() {
        if path.starts_with("site") {
            everything.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    assert!(!everything.contains(title) && !everything.contains("wait-time"));

    repo.cmd(&["build", "--include-private"]).assert().code(0);
    assert!(repo.read("site/goals/wait-time.html").contains(title));
    assert!(goals_json(&repo)["goals"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["id"] == "wait-time"));
    // Building without the flag again removes it.
    repo.cmd(&["build"]).assert().code(0);
    assert!(!repo.join("site/goals/wait-time.html").exists());
}

#[test]
fn broken_files_still_give_a_report_with_errors_on_top() {
    let repo = Repo::fixture("broken");
    repo.cmd(&["build"]).assert().code(1);
    let index = repo.read("site/index.html");
    let banner = index.find("error-banner").expect("an error banner");
    let tree = index
        .find("every-reader.html")
        .expect("valid goals are still listed");
    assert!(banner < tree, "errors come first");
    assert!(index.contains("goals/typo.md:4:1"));
    assert!(repo.join("site/goals/visits.html").is_file());
    let json = goals_json(&repo);
    assert!(json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "yaml-syntax"));
}

#[test]
fn deleted_goal_loses_its_page_and_unchanged_pages_are_not_rewritten() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build"]).assert().code(0);
    let page = repo.join("site/goals/positive-postcards.html");
    assert!(page.is_file());
    let untouched = repo.join("site/goals/grade3-fluency.html");
    let mtime = std::fs::metadata(&untouched).unwrap().modified().unwrap();
    repo.write("site/notes-of-mine.txt", "not goalpost's");

    std::fs::remove_file(repo.join("goals/attendance/positive-postcards.md")).unwrap();
    let out = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!page.exists(), "stale page removed");
    assert_eq!(
        std::fs::metadata(&untouched).unwrap().modified().unwrap(),
        mtime
    );
    assert_eq!(
        repo.read("site/notes-of-mine.txt"),
        "not goalpost's",
        "only goalpost's own files are removed"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed 1"));
}

#[test]
fn unsafe_output_folders_are_refused() {
    let repo = Repo::example("lincoln-elementary");
    let before = repo.snapshot();
    for out in [".", "..", "goals", "templates/x"] {
        let o = repo.cmd(&["build", "--out", out]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "--out {out} should be refused");
        assert!(!String::from_utf8_lossy(&o.stderr).is_empty());
    }
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn out_flag_and_today_flag() {
    let repo = Repo::example("lincoln-elementary");
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("report");
    repo.cmd(&[
        "build",
        "--out",
        o.to_str().unwrap(),
        "--today",
        "2026-11-18",
    ])
    .assert()
    .code(0);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(o.join("goals.json")).unwrap()).unwrap();
    assert_eq!(json["today"], "2026-11-18");
    assert!(!repo.join("site").exists());
}

/// The mark of a private goal and the list of owners are written once, in
/// `marks.html`: the goal page imports it alone (importing `macros.html`
/// would define its every macro on each of thousands of pages), and the
/// other pages through `macros.html`. An override of it changes both.
#[test]
fn one_override_of_the_marks_changes_every_page_that_shows_them() {
    let repo = Repo::example("lincoln-elementary");
    let builtin =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/marks.html"))
            .unwrap();
    let mark = r#" <span class="kind-tag private">Private</span>"#;
    assert!(builtin.contains(mark));
    repo.write(
        "templates/marks.html",
        builtin
            .replace(
                mark,
                r#" <span class="kind-tag private">Kept private</span>"#,
            )
            .replace(
                r#"{% if not loop.last %}, {% endif %}"#,
                r#"{% if not loop.last %} & {% endif %}"#,
            ),
    );
    repo.cmd(&["build", "--include-private"]).assert().code(0);
    // The private goal's own page, its area's page (through `macros.html`)
    // and a goal page that lists it among the goals it serves.
    for page in [
        "goals/wait-time.html",
        "areas/goals/math.html",
        "goals/math-interim-65.html",
    ] {
        let html = repo.read(&format!("site/{page}"));
        assert!(html.contains(">Kept private</span>"), "{page}");
        assert!(!html.contains(mark), "{page}");
    }
    // A goal's two owners, joined by the override on its page and on its
    // area's page.
    for page in ["goals/grade-level-80.html", "areas/goals/literacy.html"] {
        let html = repo.read(&format!("site/{page}"));
        assert!(html.contains(">Dana Reyes</a> & <a href="), "{page}");
        assert!(!html.contains(">Dana Reyes</a>, <a href="), "{page}");
    }
    // An older override of the goal page that calls them through
    // `macros.html` gets the same marks.
    repo.write(
        "templates/goal.html",
        "{% extends \"base.html\" %}\n{% import \"macros.html\" as m %}\n{% block content %}\n<p>{{ m.owners(goal.owners, root) }}{{ m.privacy_mark(goal) }}</p>\n{% endblock %}\n",
    );
    repo.cmd(&["build", "--include-private"]).assert().code(0);
    assert!(repo
        .read("site/goals/wait-time.html")
        .contains(">Kept private</span></p>"));
    assert!(repo
        .read("site/goals/grade-level-80.html")
        .contains(">Dana Reyes</a> & <a href="));
}

#[test]
fn a_template_override_is_used_and_a_broken_one_is_an_error() {
    let repo = Repo::example("lincoln-elementary");
    let builtin =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/site.css"))
            .unwrap();
    repo.write(
        "templates/site.css",
        format!("{builtin}\n/* our colours */\n"),
    );
    repo.cmd(&["build"]).assert().code(0);
    assert!(repo.read("site/site.css").contains("/* our colours */"));

    repo.write("templates/goal.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ goal.title | nosuchfilter }}\n{% endblock %}\n");
    let o = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error[template-error]: templates/goal.html:3"),
        "{err}"
    );

    // A template that cannot be read stops the build before anything is
    // written, `scorecard.csv` too (it is written before the pages).
    let csv = repo.read("site/scorecard.csv");
    let visits = "goals/literacy/classroom-visits.md";
    repo.write(
        visits,
        repo.read(visits)
            .replace("  2026-09-08: 2\n", "  2026-09-08: 1\n"),
    );
    repo.write(
        "templates/goal.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if goal %}\n{% endblock %}\n",
    );
    let o = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("error[template-error]"));
    assert_eq!(repo.read("site/scorecard.csv"), csv);
    // Fixed, the build writes the new entry.
    std::fs::remove_file(repo.join("templates/goal.html")).unwrap();
    repo.cmd(&["build"]).assert().code(0);
    assert_ne!(repo.read("site/scorecard.csv"), csv);
}

#[test]
fn without_cycles_the_scorecard_shows_the_last_14_days() {
    let repo = Repo::empty();
    repo.write(
        "goals/read.md",
        "---\nkind: practice\ntitle: Read aloud\nlog:\n  2026-11-16: yes\n---\n",
    );
    repo.write(
        "card.md",
        "---\nkind: scorecard\nowner: me\n---\n| date | read |\n|--|--|\n| 2026-11-18 | ✓ |\n",
    );
    repo.cmd(&["build", "--today", "2026-11-20"])
        .assert()
        .code(0);
    let page = repo.read("site/scorecard.html");
    assert!(page.contains("Last 14 days"), "{page}");
    assert!(page.contains("Read aloud") && page.contains("<table"));
}

#[test]
fn a_folder_of_someone_elses_files_is_never_written_into() {
    let repo = Repo::example("lincoln-elementary");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("index.html"), "my own page").unwrap();
    let out = repo
        .cmd(&["build", "--out", elsewhere.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did not write"));
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("index.html")).unwrap(),
        "my own page"
    );
    // An empty folder is fine, and so is building into it again.
    let empty = tempfile::tempdir().unwrap();
    repo.cmd(&["build", "--out", empty.path().to_str().unwrap()])
        .assert()
        .code(0);
    repo.cmd(&["build", "--out", empty.path().to_str().unwrap()])
        .assert()
        .code(0);
}

#[test]
fn a_broken_private_file_shows_no_path_on_the_public_report() {
    let repo = Repo::example("lincoln-elementary");
    // No `kind`: not read as a goal, but its frontmatter says it is private.
    repo.write(
        "goals/math/secret-draft.md",
        "---\ntitle: Coaching Ms Lee through her review\nvisibility: private\n---\n",
    );
    // Broken YAML below a readable `visibility: private` line.
    repo.write(
        "goals/math/secret-broken.md",
        "---\nvisibility: private\nkind: purpose\ntitle: [unclosed\n---\n",
    );
    let out = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "errors still fail the build");
    // The terminal shows them…
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("goals/math/secret-draft.md"), "{err}");
    // …the report does not.
    let mut everything = String::new();
    for (path, bytes) in repo.snapshot() {
        if path.starts_with("site") {
            everything.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    for secret in ["secret-draft", "secret-broken", "Ms Lee", "unclosed"] {
        assert!(!everything.contains(secret), "`{secret}` in the report");
    }
    assert!(repo
        .read("site/problems.html")
        .contains("a private goal has an error"));
    // The private report shows them.
    repo.cmd(&["build", "--include-private"]).assert().code(1);
    assert!(repo
        .read("site/problems.html")
        .contains("goals/math/secret-draft.md"));
}

/// A manifest that claims `dir`'s files, with their true hashes and lengths,
/// as one could arrive with `git pull`.
fn plant_manifest(repo: &Repo, dir: &str) {
    let mut text = String::from(
        "# goalpost: files written by the last build; do not edit\n# build 0123456789abcdef\n",
    );
    let mut files: Vec<_> = std::fs::read_dir(repo.join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    for name in files {
        let bytes = std::fs::read(repo.join(&format!("{dir}/{name}"))).unwrap();
        text.push_str(&format!(
            "{name}\t{:016x}\t{}\n",
            goalpost::output::content_hash(&bytes),
            bytes.len()
        ));
    }
    repo.write(&format!("{dir}/.goalpost-manifest"), text);
}

#[test]
fn a_planted_manifest_in_a_goals_folder_deletes_nothing() {
    let repo = Repo::example("lincoln-elementary");
    plant_manifest(&repo, "goals/literacy");
    let before = repo.snapshot();
    // Asked for on the command line, or in goalpost.yml.
    let o = repo
        .cmd(&["build", "--out", "goals/literacy"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("goals/literacy") && err.contains("goal files"),
        "says where and why: {err}"
    );
    assert_eq!(repo.snapshot(), before);

    let settings = repo
        .read("goalpost.yml")
        .replace("output: site", "output: goals/literacy");
    repo.write("goalpost.yml", &settings);
    let before = repo.snapshot();
    let o = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("goal files"));
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn a_committed_copy_of_a_report_with_goal_files_is_not_an_output_folder() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build", "--out", "old-report"]).assert().code(0);
    // The copy was committed, and someone kept a goal file in it: its
    // manifest's hashes are all true, but goal files are never goalpost's.
    repo.write(
        "old-report/notes.md",
        "---\nkind: purpose\ntitle: Kept with the old report\n---\n",
    );
    std::fs::remove_file(repo.join("goals/attendance/positive-postcards.md")).unwrap();
    let before = repo.snapshot();
    let o = repo
        .cmd(&["build", "--out", "old-report"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("notes.md") && err.contains("goal files"),
        "{err}"
    );
    assert_eq!(repo.snapshot(), before, "nothing removed, nothing written");
}

#[test]
fn a_folder_or_a_file_in_the_way_of_a_page_is_named() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build"]).assert().code(0);
    // A folder where a page goes.
    std::fs::remove_file(repo.join("site/goals/every-reader.html")).unwrap();
    repo.mkdir("site/goals/every-reader.html");
    let o = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("site/goals/every-reader.html") && err.contains("folder where this page goes"),
        "{err}"
    );
    std::fs::remove_dir(repo.join("site/goals/every-reader.html")).unwrap();
    repo.cmd(&["build"]).assert().code(0);
    // Someone's own file where a new goal's page goes is not overwritten.
    repo.write(
        "goals/literacy/book-club.md",
        "---\nkind: purpose\ntitle: A book club\n---\n",
    );
    repo.write("site/goals/book-club.html", "my notes");
    let o = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("site/goals/book-club.html") && err.contains("did not write"),
        "{err}"
    );
    assert_eq!(repo.read("site/goals/book-club.html"), "my notes");
    std::fs::remove_file(repo.join("site/goals/book-club.html")).unwrap();
    repo.cmd(&["build"]).assert().code(0);
    // A file where a folder of pages goes.
    std::fs::remove_dir_all(repo.join("site/people")).unwrap();
    repo.write("site/people", "not a folder");
    let o = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("site/people") && err.contains("needs a folder"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_where_a_page_goes_is_named() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build"]).assert().code(0);
    std::fs::remove_file(repo.join("site/goals/every-reader.html")).unwrap();
    std::os::unix::fs::symlink(
        repo.join("goalpost.yml"),
        repo.join("site/goals/every-reader.html"),
    )
    .unwrap();
    let before = repo.read("goalpost.yml");
    let o = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("site/goals/every-reader.html") && err.contains("a link"),
        "{err}"
    );
    assert_eq!(repo.read("goalpost.yml"), before);
}

#[test]
fn a_second_build_waits_for_the_first_or_refuses() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build"]).assert().code(0);
    // Another build holds the folder's lock.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(repo.join("site/.goalpost-lock"))
        .expect("the lock file is there");
    lock.lock().unwrap();
    let started = std::time::Instant::now();
    let o = repo.cmd(&["build", "--include-private"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("another goalpost build is writing to"),
        "{err}"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(2),
        "it waited"
    );
    assert!(!repo.join("site/goals/wait-time.html").exists());
    // A build that ends while the second one waits lets it through.
    let mut second = std::process::Command::new(assert_cmd::cargo::cargo_bin("goalpost"))
        .current_dir(repo.path())
        .args(["build", "--include-private"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // It has the lock file open (Linux shows it): it is waiting, and has
    // written nothing.
    #[cfg(target_os = "linux")]
    {
        let lock_file = repo.join("site/.goalpost-lock");
        let fds = format!("/proc/{}/fd", second.id());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !std::fs::read_dir(&fds)
            .into_iter()
            .flatten()
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|p| p == lock_file))
        {
            assert!(
                second.try_wait().unwrap().is_none(),
                "the second build ended without waiting for the lock"
            );
            assert!(
                std::time::Instant::now() < deadline,
                "it never opened the lock"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(second.try_wait().unwrap().is_none(), "it waits");
        assert!(!repo.join("site/goals/wait-time.html").exists());
    }
    lock.unlock().unwrap();
    assert_eq!(second.wait().unwrap().code(), Some(0));
    assert!(
        repo.join("site/goals/wait-time.html").is_file(),
        "what the second build wrote, once let through"
    );
    // And a lock left by a process that is gone blocks nothing.
    drop(lock);
    repo.cmd(&["build"]).assert().code(0);
}

#[cfg(unix)]
#[test]
fn a_first_build_killed_part_way_is_recovered_by_the_next() {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "title: Big school\ntoday: 2026-11-20\n");
    for i in 0..3000 {
        repo.write(
            &format!("goals/area{}/g{i}.md", i % 20),
            format!(
                "---\nkind: practice\ntitle: Practice number {i}\nlog:\n  2026-11-16: yes\n  2026-11-17: no\n---\nSome words.\n"
            ),
        );
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("goalpost"))
        .current_dir(repo.path())
        .arg("build")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pages = |repo: &Repo| std::fs::read_dir(repo.join("site/goals")).map_or(0, |d| d.count());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while pages(&repo) < 100 {
        assert!(std::time::Instant::now() < deadline, "no pages appeared");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be killed"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL: no clean-up of any kind
    child.wait().unwrap();
    let left = pages(&repo);
    assert!((100..3000).contains(&left), "killed part-way: {left} pages");

    let o = repo.cmd(&["build"]).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(pages(&repo), 3000);
    let mut stray = Vec::new();
    for (path, bytes) in repo.snapshot() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let journal = name == ".goalpost-journal" && !bytes.is_empty();
        if path.starts_with("site") && (name.ends_with(".tmp") || journal) {
            stray.push(path);
        }
    }
    assert!(stray.is_empty(), "left behind: {stray:?}");
    let manifest = repo.read("site/.goalpost-manifest");
    assert!(manifest.contains("goals/g0.html\t") || manifest.contains("g0.html\t"));
    assert!(!manifest.contains("incomplete"));
}

/// A build that cannot run is a typed error that names what is wrong, with
/// the I/O error it comes from as its source; the command says the same
/// words and exits 2.
#[test]
fn a_build_that_cannot_run_names_the_folder_and_keeps_its_cause() {
    use goalpost::output::OutputError;
    use goalpost::project::LoadError;
    use goalpost::site::{self, BuildError, BuildOptions, Session};
    use std::error::Error as _;
    let repo = Repo::empty();
    let missing = repo.join("nowhere");
    let opts = BuildOptions {
        root: missing.clone(),
        ..BuildOptions::default()
    };
    let e = site::build(&opts, &mut Session::one_shot()).unwrap_err();
    assert!(
        matches!(e, BuildError::Load(LoadError::Folder { .. })),
        "{e:?}"
    );
    let cause = e.source().expect("the I/O error");
    let io = cause
        .downcast_ref::<std::io::Error>()
        .expect("an io::Error");
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(
        e.to_string(),
        format!(
            "cannot read the goals folder `{}`: {cause}",
            missing.display()
        )
    );
    repo.cmd(&["build", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "goalpost: cannot read the goals folder `nowhere`: {cause}"
        )));

    // The repository itself as the output folder.
    repo.write("goalpost.yml", "title: School\n");
    let opts = BuildOptions {
        root: repo.path().to_path_buf(),
        out: Some(repo.path().to_path_buf()),
        ..BuildOptions::default()
    };
    let e = site::build(&opts, &mut Session::one_shot()).unwrap_err();
    assert!(
        matches!(e, BuildError::Output(OutputError::Unsafe { .. })),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("it is the goals repository itself"),
        "{e}"
    );
}
