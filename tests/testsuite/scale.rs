//! A district's repository: areas, bounded pages, the people index, the
//! readers' roll-ups, and incremental rendering (FORMAT §8 v2).

use crate::prelude::*;
use goalpost::site::{self, Session};
use std::fmt::Write as _;

type Res = Result<(), Box<dyn std::error::Error>>;

const SETTINGS: &str = "title: District\ntoday: 2026-10-01\ncycles: 2w\ncalendar:\n  start: 2026-08-31\n  end: 2027-06-25\npeople:\n  ana: {name: Ana Marsh, role: Coach}\n";

fn json(repo: &Repo) -> serde_json::Value {
    serde_json::from_str(&repo.read("site/goals.json")).unwrap_or_default()
}

fn goal<'v>(doc: &'v serde_json::Value, id: &str) -> &'v serde_json::Value {
    doc["goals"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["id"] == id))
        .unwrap_or(&serde_json::Value::Null)
}

/// The bug the typed views fixed: with a private goal anywhere, the public
/// build re-rolled purposes itself and counted a paused progress goal.
#[test]
fn a_paused_goal_stays_out_of_the_public_roll_up() -> Res {
    let repo = Repo::empty();
    repo.write("goalpost.yml", SETTINGS)
        .write("goals/p.md", "---\nkind: purpose\ntitle: Readers\n---\n")
        .write(
            "goals/a.md",
            "---\nkind: progress\ntitle: A\npurpose: p\nbaseline: 0\ntarget: 100\nstart: 2026-09-01\ndue: 2027-06-01\nmeasurements:\n  2026-09-30: 40\n---\n",
        )
        .write(
            "goals/b.md",
            "---\nkind: progress\ntitle: B\nstatus: paused\npurpose: p\nbaseline: 0\ntarget: 100\nstart: 2026-09-01\ndue: 2027-06-01\nmeasurements:\n  2026-09-30: 0\n---\n",
        )
        .write(
            "goals/a-visits.md",
            "---\nkind: practice\ntitle: Visits\nserves: [a, b]\n---\n",
        )
        .write(
            "goals/secret.md",
            "---\nkind: purpose\ntitle: Secret\nvisibility: private\n---\n",
        );
    for private in [false, true] {
        let mut args = vec!["build", "--out", "site"];
        if private {
            args.push("--include-private");
        }
        repo.cmd(&args).assert().success();
        let doc = json(&repo);
        assert_eq!(goal(&doc, "p")["state"], "on-track", "private: {private}");
        let page = repo.read("site/goals/p.html");
        assert!(
            page.contains("40% of the way on average"),
            "private: {private}"
        );
        assert_eq!(goal(&doc, "secret").is_null(), !private);
    }
    Ok(())
}

/// `n` schools of `per` goals each: a purpose, a progress goal and practices.
fn district(repo: &Repo, schools: usize, per: usize) {
    // Everyone who owns a goal is listed (else `unknown-person`).
    let people: String = (0..schools)
        .map(|s| format!("  p{s}: {{name: p{s}}}\n"))
        .collect();
    repo.write("goalpost.yml", format!("{SETTINGS}{people}"));
    for s in 0..schools {
        let dir = format!("goals/school-{s}");
        repo.write(
            &format!("{dir}/purpose-{s}.md"),
            format!("---\nkind: purpose\ntitle: Purpose {s}\nowner: ana\n---\n"),
        );
        repo.write(
            &format!("{dir}/progress-{s}.md"),
            format!("---\nkind: progress\ntitle: Progress {s}\nowner: p{s}\npurpose: purpose-{s}\nbaseline: 0\ntarget: 10\nstart: 2026-09-01\ndue: 2027-06-01\nmeasurements:\n  2026-09-20: {}\n---\n", s % 3),
        );
        for k in 0..per.saturating_sub(2) {
            let mut log = String::new();
            for day in 21..=30 {
                let _ = writeln!(log, "  2026-09-{day}: {}", (day + k) % 2);
            }
            repo.write(
                &format!("{dir}/practices/practice-{s}-{k}.md"),
                format!("---\nkind: practice\ntitle: Practice {s}.{k}\nowner: p{s}\nserves: progress-{s}\nlog:\n{log}---\n"),
            );
        }
    }
}

#[test]
fn a_large_repository_summarises_by_area_and_links_down() -> Res {
    let repo = Repo::empty();
    district(&repo, 5, 60); // 300 goals: over the 200 a page lists
    repo.cmd(&["build", "--out", "site"]).assert().success();

    let doc = json(&repo);
    assert_eq!(
        goal(&doc, "practice-3-7")["area"],
        "goals/school-3/practices"
    );
    assert_eq!(goal(&doc, "purpose-3")["area"], "goals/school-3");

    // The dashboard: an area table, no full tree, no list of every practice.
    let index = repo.read("site/index.html");
    assert!(
        index.contains("href=\"areas/goals/school-3.html\""),
        "area link"
    );
    assert!(!index.contains("Purposes, progress and practices"));
    assert!(!index.contains("Practice 4.57"));
    // The navigation is small: it links people/index.html, not every person.
    assert!(index.contains("href=\"people/index.html\""));
    assert!(!index.contains("href=\"people/p4.html\""));

    // An area of 60 goals shows its whole tree and its scorecard.
    let school = repo.read("site/areas/goals/school-3.html");
    assert!(school.contains("Purposes, progress and practices"));
    assert!(school.contains("Practice 3.57"));
    assert!(!school.contains("Practice 4.0<"), "another school's goal");
    assert!(school.contains("class=\"grid\""));
    assert!(school.contains("href=\"../../areas/goals/school-3/practices.html\""));
    // A goal page names its areas in its breadcrumbs.
    let page = repo.read("site/goals/practice-3-7.html");
    assert!(page.contains("href=\"../areas/goals/school-3/practices.html\""));

    // The scorecard and sprint reports summarise by area too.
    let scorecard = repo.read("site/scorecard.html");
    assert!(scorecard.contains("href=\"areas/goals/school-0.html\""));
    assert!(!scorecard.contains("class=\"grid\""));

    // Everyone is on people/index.html.
    let people = repo.read("site/people/index.html");
    for p in ["Ana Marsh", "p0", "p4"] {
        assert!(people.contains(p), "{p} on the people index");
    }
    Ok(())
}

#[test]
fn long_lists_are_paginated() -> Res {
    let repo = Repo::empty();
    // One folder of 450 goals: its area page lists them 200 at a time.
    repo.write("goalpost.yml", SETTINGS);
    for i in 0..450 {
        repo.write(
            &format!("goals/big/g-{i:03}.md"),
            format!("---\nkind: purpose\ntitle: Goal {i:03}\nowner: ana\n---\n"),
        );
    }
    repo.write(
        "goals/other/x.md",
        "---\nkind: purpose\ntitle: Elsewhere\n---\n",
    );
    repo.cmd(&["build", "--out", "site"]).assert().success();
    let first = repo.read("site/areas/goals/big.html");
    assert!(first.contains("Goal 000") && first.contains("Goal 199"));
    assert!(!first.contains("Goal 200"));
    assert!(first.contains("href=\"../../areas/goals/big-2.html\""));
    let third = repo.read("site/areas/goals/big-3.html");
    assert!(third.contains("Goal 449") && !third.contains("Goal 399"));
    assert!(!repo.join("site/areas/goals/big-4.html").exists());
    // A person's goals, too; their week (all their goals) is on the first
    // page only, and the others link to it.
    let ana = repo.read("site/people/ana.html");
    let ana_2 = repo.read("site/people/ana-2.html");
    assert!(ana_2.contains("Goal 200"));
    assert!(ana.contains("class=\"this-week\""));
    assert!(
        !ana_2.contains("class=\"this-week\""),
        "the week is not repeated"
    );
    assert!(ana_2.contains("<a href=\"../people/ana.html\">This week</a>"));
    for page in ["index.html", "areas/goals/big.html", "people/ana.html"] {
        let bytes = std::fs::metadata(repo.join(&format!("site/{page}")))?.len();
        assert!(bytes < 300_000, "{page} is {bytes} bytes");
    }
    Ok(())
}

#[test]
fn a_small_repository_keeps_its_full_dashboard() -> Res {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build", "--out", "site"]).assert().success();
    let index = repo.read("site/index.html");
    assert!(index.contains("Purposes, progress and practices"));
    assert!(index.contains("Three classroom visits a day"));
    assert!(index.contains("href=\"areas/goals/literacy.html\""));
    // The folder above the areas is the dashboard itself: no page of its own.
    assert!(!repo.join("site/areas/goals.html").exists());
    let literacy = repo.read("site/areas/goals/literacy.html");
    assert!(literacy.contains("Three classroom visits a day"));
    assert!(!literacy.contains("Sit in one math block"));
    Ok(())
}

#[test]
fn a_save_renders_only_the_pages_that_show_what_changed() -> Res {
    let repo = Repo::empty();
    district(&repo, 3, 6);
    let opts = repo.build_options();
    let mut session = Session::default();
    let first = site::build(&opts, &mut session)?;
    assert!(first.rendered.len() > 20, "{:?}", first.rendered);
    assert!(first
        .rendered
        .contains(&"goals/practice-1-2.html".to_string()));

    // Nothing changed: nothing is rendered or written.
    let again = site::build(&opts, &mut session)?;
    assert_eq!(again.rendered, Vec::<String>::new());
    assert_eq!(again.written, 0);
    assert_eq!(again.parsed, 0);

    // The same bytes saved again (a `touch`, an editor's identical save).
    let file = "goals/school-1/practices/practice-1-2.md";
    let text = repo.read(file);
    repo.write(file, &text);
    session.cache.forget(&repo.join(file));
    let touched = site::build(&opts, &mut session)?;
    assert_eq!(touched.parsed, 0, "the bytes are the same: no parse");
    assert!(touched.rendered.is_empty(), "{:?}", touched.rendered);

    // One practice gets a new entry: its page and the pages that list it
    // are rendered; other goals' pages and other schools' areas are not.
    repo.write(
        file,
        text.replace("  2026-09-30: ", "  2026-10-01: 1\n  2026-09-30: "),
    );
    let saved = site::build(&opts, &mut session)?;
    assert_eq!(saved.parsed, 1);
    // Its figures are measured again; every other practice's are kept.
    let practices = repo
        .read("site/goals.json")
        .matches("\"kind\": \"practice\"")
        .count();
    assert!(practices > 10, "{practices} practices");
    assert_eq!((first.reused, saved.reused), (0, practices - 1));
    let r = &saved.rendered;
    for page in [
        "goals/practice-1-2.html",
        "goals.json",
        "scorecard.csv",
        "index.html",
        "areas/goals/school-1/practices.html",
        "people/p1.html",
    ] {
        assert!(r.contains(&page.to_string()), "{page} not in {r:?}");
    }
    for page in [
        "goals/practice-1-3.html",
        "goals/practice-0-2.html",
        "goals/purpose-2.html",
        "areas/goals/school-0.html",
        "people/p0.html",
        "site.css",
    ] {
        assert!(!r.contains(&page.to_string()), "{page} in {r:?}");
    }
    assert!(repo.read("site/goals/practice-1-2.html").contains("Oct 1"));
    // The output is what a fresh build writes.
    let fresh = Repo::empty();
    let mut clean = opts.clone();
    clean.out = Some(fresh.join("site"));
    site::build(&clean, &mut Session::default())?;
    for page in [
        "index.html",
        "goals.json",
        "goals.csv",
        "scorecard.csv",
        "goals/progress-1.html",
        "goals/practice-1-2.html",
    ] {
        assert_eq!(
            repo.read(&format!("site/{page}")),
            fresh.read(&format!("site/{page}")),
            "{page}"
        );
    }
    Ok(())
}

/// What each file of the output folder holds and when it was last written
/// (the manifest, the lock and the intent log apart).
fn stamps(
    dir: &std::path::Path,
) -> std::collections::BTreeMap<String, (std::time::SystemTime, Vec<u8>)> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else if !rel.starts_with(".goalpost-") {
                let modified = entry.metadata().unwrap().modified().unwrap();
                out.insert(rel, (modified, std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

/// The files of `after` that are not as in `before`: (written again, whose
/// bytes changed).
fn rewritten(
    before: &std::collections::BTreeMap<String, (std::time::SystemTime, Vec<u8>)>,
    after: &std::collections::BTreeMap<String, (std::time::SystemTime, Vec<u8>)>,
) -> (Vec<String>, Vec<String>) {
    let written = after
        .iter()
        .filter(|(p, (t, _))| before.get(*p).is_none_or(|(was, _)| was != t))
        .map(|(p, _)| p.clone())
        .collect();
    let changed = after
        .iter()
        .filter(|(p, (_, b))| before.get(*p).is_none_or(|(_, was)| was != b))
        .map(|(p, _)| p.clone())
        .collect();
    (written, changed)
}

/// A build in a new process (`goalpost build` after `goalpost build`)
/// renders only the pages whose key changed since the build that wrote
/// the folder: the keys are kept in the output folder's manifest.
#[test]
fn a_new_build_makes_only_the_pages_whose_key_changed_since_the_last() -> Res {
    let repo = Repo::empty();
    district(&repo, 3, 6);
    let site = repo.join("site");
    // Nothing changed: no file is written, not even the manifest.
    repo.cmd(&["build"]).assert().success();
    let (before, manifest) = (stamps(&site), repo.read("site/.goalpost-manifest"));
    repo.cmd(&["build"])
        .assert()
        .success()
        .stderr(predicates::str::contains("wrote 0 (unchanged "));
    assert_eq!(stamps(&site), before, "no file written");
    assert_eq!(repo.read("site/.goalpost-manifest"), manifest);

    // The same through the library, each build with a new session as in a
    // new process. (This is another program than the command: it renders
    // every page once, and finds them the same.)
    let opts = repo.build_options();
    let first = site::build(&opts, &mut Session::one_shot())?;
    let all = first.rendered.clone();
    assert!(all.len() > 20, "{all:?}");
    assert!(all.contains(&"scorecard.csv".to_string()));
    assert_eq!(first.written, 0);
    let again = site::build(&opts, &mut Session::one_shot())?;
    assert_eq!(again.rendered, Vec::<String>::new());
    assert_eq!((again.written, again.unchanged), (0, first.unchanged));
    assert_eq!(stamps(&site), before, "no file written");

    // One practice gets a new entry: the pages that show it are rendered,
    // and exactly the files whose bytes changed are written.
    let file = "goals/school-1/practices/practice-1-2.md";
    let text = repo.read(file);
    repo.write(
        file,
        text.replace("  2026-09-30: ", "  2026-10-01: 1\n  2026-09-30: "),
    );
    let saved = site::build(&opts, &mut Session::one_shot())?;
    let after = stamps(&site);
    let (written, changed) = rewritten(&before, &after);
    assert_eq!(written, changed);
    assert_eq!(saved.written, written.len());
    for page in [
        "goals/practice-1-2.html",
        "goals.json",
        "scorecard.csv",
        "index.html",
        "areas/goals/school-1/practices.html",
        "people/p1.html",
    ] {
        assert!(
            written.contains(&page.to_string()),
            "{page} not in {written:?}"
        );
    }
    let r = &saved.rendered;
    assert!(r.len() < all.len() / 2, "{r:?}");
    for page in [
        "goals/practice-1-3.html",
        "goals/practice-0-2.html",
        "goals/purpose-2.html",
        "areas/goals/school-0.html",
        "people/p0.html",
        "site.css",
    ] {
        assert!(!r.contains(&page.to_string()), "{page} in {r:?}");
    }
    // What a build from scratch writes, file for file.
    let fresh = Repo::empty();
    let mut clean = opts.clone();
    clean.out = Some(fresh.join("site"));
    site::build(&clean, &mut Session::one_shot())?;
    let scratch = stamps(&fresh.join("site"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        scratch.keys().collect::<Vec<_>>()
    );
    for (path, (_, bytes)) in &scratch {
        assert!(
            after[path].1 == *bytes,
            "{path} differs from a build from scratch"
        );
    }

    // A template override changes: every page is rendered again (only
    // those whose bytes change are written); `scorecard.csv` is no page.
    let builtin = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/goal.html"));
    repo.write(
        "templates/goal.html",
        builtin.replacen("{% block content %}", "{% block content %}<!-- ours -->", 1),
    );
    let overridden = site::build(&opts, &mut Session::one_shot())?;
    let pages: Vec<String> = all
        .iter()
        .filter(|p| *p != "scorecard.csv")
        .cloned()
        .collect();
    assert_eq!(
        overridden.rendered, pages,
        "every page but the data of the logs"
    );
    assert!(repo
        .read("site/goals/purpose-2.html")
        .contains("<!-- ours -->"));
    assert!(overridden.written > 0 && overridden.written < all.len());
    assert!(site::build(&opts, &mut Session::one_shot())?
        .rendered
        .is_empty());

    // Another goalpost (another version, or the same one built again)
    // wrote the folder: every page is rendered again, none written.
    let manifest = repo.read("site/.goalpost-manifest");
    let maker = goalpost::output::maker();
    assert!(manifest.contains(maker), "{manifest}");
    repo.write(
        "site/.goalpost-manifest",
        manifest.replace(maker, "goalpost 0.0.1 0123456789abcdef"),
    );
    let upgraded = site::build(&opts, &mut Session::one_shot())?;
    assert_eq!(upgraded.rendered, all);
    assert_eq!(upgraded.written, 0);
    assert!(site::build(&opts, &mut Session::one_shot())?
        .rendered
        .is_empty());
    Ok(())
}

/// A scorecard adds entries to a practice in another file: editing the
/// scorecard under watch updates that practice's figures and pages.
#[test]
fn a_scorecard_edit_updates_the_practice_it_names() -> Res {
    let repo = Repo::empty();
    repo.write("goalpost.yml", SETTINGS)
        .write(
            "goals/visits.md",
            "---\nkind: practice\ntitle: Visits\nowner: ana\n---\n",
        )
        .write(
            "goals/other.md",
            "---\nkind: practice\ntitle: Other\nowner: ana\nlog:\n  2026-09-30: yes\n---\n",
        )
        .write(
            "scorecards/ana.md",
            "---\nkind: scorecard\nowner: ana\n---\n| date | visits |\n|---|---|\n| 2026-09-29 | no |\n| 2026-09-30 | no |\n",
        );
    let opts = repo.build_options();
    let mut session = Session::default();
    site::build(&opts, &mut session)?;
    let before = goal(&json(&repo), "visits")["practice"]["completion_14d"].clone();
    repo.write(
        "scorecards/ana.md",
        "---\nkind: scorecard\nowner: ana\n---\n| date | visits |\n|---|---|\n| 2026-09-29 | yes |\n| 2026-09-30 | yes |\n",
    );
    session.cache.forget(&repo.join("scorecards/ana.md"));
    site::build(&opts, &mut session)?;
    let after = goal(&json(&repo), "visits")["practice"]["completion_14d"].clone();
    assert_ne!(before, after);
    // The same figures as a build from scratch.
    let fresh = Repo::empty();
    let mut clean = opts.clone();
    clean.out = Some(fresh.join("site"));
    site::build(&clean, &mut Session::default())?;
    assert_eq!(repo.read("site/goals.json"), fresh.read("site/goals.json"));
    Ok(())
}

/// The navigation of every page links the problems page once there is a
/// problem: a page whose own view did not change is rendered again for it.
#[test]
fn the_first_problem_puts_the_problems_link_on_every_page() -> Res {
    let repo = Repo::empty();
    district(&repo, 2, 4);
    let opts = repo.build_options();
    let mut session = Session::default();
    let first = site::build(&opts, &mut session)?;
    assert_eq!(first.tally.errors + first.tally.warnings, 0);
    let page = "site/goals/practice-0-1.html";
    assert!(!repo.read(page).contains("href=\"../problems.html\""));
    repo.write(
        "goals/school-1/typo.md",
        "---\nkind: purpose\ntitle: Typo\nowner: ana\nstatsu: active\n---\n",
    );
    let second = site::build(&opts, &mut session)?;
    assert!(second.tally.errors > 0);
    assert!(repo.read(page).contains("href=\"../problems.html\""));
    Ok(())
}
