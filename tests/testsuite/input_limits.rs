//! Input at the edges (issue "Hardening"): numbers too large to subtract,
//! template overrides that point outside the repository or never end,
//! files that are not regular files, look-alike ids.

use crate::prelude::*;

fn goals_json(repo: &Repo) -> serde_json::Value {
    serde_json::from_str(&repo.read("site/goals.json")).expect("goals.json parses")
}

fn progress<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["goals"]
        .as_array()
        .and_then(|gs| gs.iter().find(|g| g["id"] == id))
        .map(|g| &g["progress"])
        .unwrap_or_else(|| panic!("no goal {id}"))
}

/// Every page of the output, as text.
fn pages(repo: &Repo) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(repo.join("site"))
        .into_iter()
        .flatten()
    {
        if entry
            .path()
            .extension()
            .is_some_and(|e| e == "html" || e == "json")
        {
            let text = std::fs::read_to_string(entry.path()).expect("utf-8 page");
            out.push((entry.path().display().to_string(), text));
        }
    }
    out
}

fn huge(id: &str, baseline: &str, target: &str, value: &str) -> String {
    format!(
        "---\nkind: progress\ntitle: {id}\nowner: Ann\nstart: 2026-09-01\ndue: 2027-06-01\n\
         baseline: {baseline}\ntarget: {target}\nmeasurements:\n  2026-10-01: {value}\n---\n"
    )
}

#[test]
fn numbers_too_large_to_subtract_give_true_figures_and_no_nan() {
    let repo = Repo::empty();
    repo.write("goals/wide.md", huge("wide", "-1e308", "1e308", "0"))
        .write("goals/tall.md", huge("tall", "0", "1e308", "5"))
        .write("goals/tiny.md", huge("tiny", "0", "1e-300", "5e-301"));
    repo.cmd(&["build", ".", "--today", "2026-11-20"])
        .assert()
        .success();

    let doc = goals_json(&repo);
    // Halfway from −1e308 to 1e308, with 29% of the window gone: on track.
    let wide = progress(&doc, "wide");
    assert_eq!(wide["fraction"], serde_json::json!(0.5));
    assert_eq!(wide["target"], serde_json::json!(1e308));
    let state = |id: &str| {
        doc["goals"]
            .as_array()
            .and_then(|gs| gs.iter().find(|g| g["id"] == id))
            .map(|g| g["state"].clone())
    };
    assert_eq!(state("wide"), Some(serde_json::json!("on-track")));
    // 5 of 1e308 rounds to nothing: written as 0.
    assert_eq!(progress(&doc, "tall")["fraction"], serde_json::json!(0));
    assert_eq!(progress(&doc, "tiny")["fraction"], serde_json::json!(0.5));

    for (path, text) in pages(&repo) {
        for bad in ["NaN", "inf<", ">inf", "\"inf", "-inf"] {
            assert!(!text.contains(bad), "{path} contains {bad}");
        }
    }
    let page = repo.read("site/goals/wide.html");
    assert!(page.contains("1e308"), "the target is written as 1e308");
}

#[cfg(unix)]
#[test]
fn a_template_link_out_of_the_repository_is_never_read() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("secret.txt"), "SECRET-PASSWORD").unwrap();
    for (link, target, include) in [
        (
            "templates/leak.txt",
            outside.path().join("secret.txt"),
            "leak.txt",
        ),
        (
            "templates/root",
            outside.path().to_path_buf(),
            "root/secret.txt",
        ),
    ] {
        let repo = Repo::example("lincoln-elementary");
        repo.mkdir("templates");
        std::os::unix::fs::symlink(&target, repo.join(link)).unwrap();
        let base = goalpost::render::templates::builtin("base.html").unwrap();
        repo.write(
            "templates/base.html",
            base.replace(
                "</footer>",
                &format!("{{% include \"{include}\" %}}</footer>"),
            ),
        );
        // A template error: exit 1, the template's own error at the
        // include, and the link named as the reason.
        let line = base.lines().position(|l| l.contains("</footer>")).unwrap() + 1;
        let out = repo.cmd(&["build", "."]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.lines().next(),
            Some(
                format!(
                    "error[template-error]: templates/base.html:{line}:1: invalid operation: \
                     templates/{include} is a link that leads out of the goals repository, \
                     so goalpost does not read it; put a copy of the file there instead of \
                     the link"
                )
                .as_str()
            ),
            "{stderr}"
        );
        for entry in walkdir::WalkDir::new(repo.join("site"))
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                let bytes = std::fs::read(entry.path()).unwrap();
                assert!(
                    !String::from_utf8_lossy(&bytes).contains("SECRET-PASSWORD"),
                    "{} holds the file outside",
                    entry.path().display()
                );
            }
        }
    }
    // A link to another file of the repository is fine.
    let repo = Repo::example("lincoln-elementary");
    repo.mkdir("templates");
    repo.write("notes.txt", "A NOTE FROM THE REPO");
    std::os::unix::fs::symlink(repo.join("notes.txt"), repo.join("templates/note.txt")).unwrap();
    let base = goalpost::render::templates::builtin("base.html").unwrap();
    repo.write(
        "templates/base.html",
        base.replace("</footer>", "{% include \"note.txt\" %}</footer>"),
    );
    repo.cmd(&["build", "."]).assert().success();
    assert!(repo
        .read("site/index.html")
        .contains("A NOTE FROM THE REPO"));
}

#[test]
fn a_template_that_never_ends_stops_the_build_with_an_error() {
    let repo = Repo::example("lincoln-elementary");
    let base = goalpost::render::templates::builtin("base.html").unwrap();
    repo.write(
        "templates/base.html",
        base.replace(
            "</footer>",
            "{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}</footer>",
        ),
    );
    let out = repo
        .cmd(&["build", "."])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[template-error]: templates/base.html:")
            && stderr.contains("a loop that never ends?"),
        "{stderr}"
    );
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(ok.success());
}

/// Runs `goalpost args…` in `repo`, killed if it takes longer than 60 s.
fn run_bounded(repo: &Repo, args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("goalpost"))
        .args(args)
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn goalpost");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("goalpost {args:?} did not finish: it blocked");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
#[test]
fn a_fifo_is_never_opened() {
    // A FIFO as the settings file: a clear error, not a hang.
    let repo = Repo::example("lincoln-elementary");
    std::fs::remove_file(repo.join("goalpost.yml")).unwrap();
    mkfifo(&repo.join("goalpost.yml"));
    let out = run_bounded(&repo, &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("goalpost.yml is not a regular file"),
        "{stderr}"
    );

    // A FIFO or a folder named like a goal file: a warning, the rest is read.
    let repo = Repo::example("lincoln-elementary");
    mkfifo(&repo.join("goals/pipe.md"));
    repo.mkdir("goals/folder.md");
    repo.write(
        "goals/folder.md/inside.md",
        "---\nkind: purpose\ntitle: Inside a folder named like a file\n---\n",
    );
    let out = run_bounded(&repo, &["check", "."]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning[not-a-file]: goals/pipe.md:1:1")
            && stderr.contains("not a regular file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning[not-a-file]: goals/folder.md:1:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("31 goal files"),
        "the goal inside the folder is read: {stderr}"
    );
}

#[test]
fn hidden_files_are_not_read() {
    let repo = Repo::example("lincoln-elementary");
    // macOS's resource fork next to a goal, and an editor's lock file.
    repo.write(
        "goals/._postcards.md",
        [0u8, 5, 22, 7, 0, 2, 0, 0, 0xff, 0xfe],
    );
    repo.write("goals/.#postcards.md", "---\nkind: nonsense\n---\n");
    let out = run_bounded(&repo, &["check", "."]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("._postcards") && !stderr.contains(".#postcards"),
        "{stderr}"
    );
}

/// FORMAT §2 (v2): a page's address depends on its goal's id alone, so a
/// new goal never moves another goal's page.
#[test]
fn a_new_goal_never_moves_another_goals_page() {
    let goal = |title: &str| format!("---\nkind: purpose\ntitle: {title}\n---\n");
    let repo = Repo::empty();
    repo.write("goals/b/reading.md", goal("Lowercase reading"));
    repo.cmd(&["build", "."]).assert().success();
    assert!(repo
        .read("site/goals/reading.html")
        .contains("Lowercase reading"));

    repo.write("goals/a/Reading.md", goal("Capital reading"))
        // A Cyrillic "е" in the middle: looks the same, is another id.
        .write("goals/c/r\u{435}ading.md", goal("Cyrillic reading"));
    repo.cmd(&["build", "."]).assert().success();
    assert!(repo
        .read("site/goals/reading.html")
        .contains("Lowercase reading"));
    assert!(repo
        .read("site/goals/reading-b55e68.html")
        .contains("Capital reading"));
    let pages: Vec<String> = std::fs::read_dir(repo.join("site/goals"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    let cyrillic = pages
        .iter()
        .find(|p| *p != "reading.html" && *p != "reading-b55e68.html")
        .unwrap();
    // Not the look-alike `reading.html`: a suffix from the id itself.
    let stem = cyrillic.trim_end_matches(".html");
    let suffix = stem.rsplit('-').next().unwrap_or_default();
    assert!(
        suffix.len() == 6 && suffix.chars().all(|c| c.is_ascii_hexdigit()),
        "{cyrillic}"
    );
    assert!(
        repo.read(&format!("site/goals/{cyrillic}"))
            .contains("Cyrillic reading"),
        "{cyrillic}"
    );
}

/// FORMAT §2 (v2): git's conflict markers get their own error, at the
/// marker's line, saying how to resolve them (not a YAML error at some
/// other place, nor "write a space after each field's colon").
#[test]
fn merge_conflict_markers_get_their_own_error() {
    let repo = Repo::empty();
    repo.write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visits\n<<<<<<< HEAD\ntarget: 3\n=======\ntarget: 2\n\
         >>>>>>> coach-edits\ncadence: weekdays\n---\n",
    );
    let out = repo
        .cmd(&["check", "."])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[merge-conflict]: goals/visits.md:4:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("delete the others and the marker lines"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("error[").count(),
        1,
        "one mistake, one error: {stderr}"
    );
    // CRLF files too, and a marker in the body.
    repo.write(
        "goals/visits.md",
        "---\r\nkind: purpose\r\ntitle: Visits\r\n---\r\nText\r\n<<<<<<< HEAD\r\nmine\r\n=======\r\ntheirs\r\n>>>>>>> main\r\n",
    );
    let out = repo
        .cmd(&["check", "."])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[merge-conflict]: goals/visits.md:6:1"),
        "{stderr}"
    );
    // Seven equals signs alone are a Markdown heading underline, not a conflict.
    repo.write(
        "goals/visits.md",
        "---\nkind: purpose\ntitle: Visits\n---\nWhy\n=======\n",
    );
    repo.cmd(&["check", "."]).assert().success();
}

/// A cycle written by hand for a century: the scorecard shows six weeks of
/// it, up to today, instead of a page no template can finish.
#[test]
fn a_century_long_cycle_shows_six_weeks() {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "today: 2026-11-20\ncycles:\n  - {name: Forever, start: 2026-01-01, end: 2126-12-31}\n",
    )
    .write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visits\nowner: ann\nlog:\n  2026-11-19: yes\n---\n",
    );
    repo.cmd(&["build", "."]).assert().success();
    let scorecard = repo.read("site/scorecard.html");
    assert_eq!(
        scorecard.matches("<th scope=\"col\" class=\"day").count(),
        42
    );
    assert!(
        scorecard.contains("(showing Oct 10–Nov 20, six weeks)"),
        "{scorecard}"
    );
}

/// FORMAT §3 (v2): with `people:` set, a mistyped owner is a warning at its
/// `owner:` line with the closest listed id, not a silent new person.
#[test]
fn a_mistyped_owner_is_an_unknown_person() {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "people:\n  reyes: {name: Dana Reyes}\n  okafor: {name: Grace Okafor}\n",
    )
    .write(
        "goals/visits.md",
        "---\nkind: purpose\ntitle: Visits\nowner: [reyes, okafr]\n---\n",
    )
    .write(
        "goals/other.md",
        "---\nkind: purpose\ntitle: Other\nowner: okafor\nallow: [purpose-without-progress]\n---\n",
    );
    let out = repo
        .cmd(&["check", "."])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning[unknown-person]: goals/visits.md:4:16: `okafr` is not one of the people listed in goalpost.yml"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `okafor`?"), "{stderr}");
    assert_eq!(stderr.matches("unknown-person").count(), 1, "{stderr}");
    // It can be allowed, and without `people:` there is nothing to check.
    repo.write(
        "goals/visits.md",
        "---\nkind: purpose\ntitle: Visits\nowner: [reyes, okafr]\nallow: [unknown-person]\n---\n",
    );
    let out = repo
        .cmd(&["check", "."])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("unknown-person"));
    repo.write("goalpost.yml", "title: No people\n");
    let out = repo
        .cmd(&["check", "."])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("unknown-person"));
}

/// FORMAT §8 (v2): `goals.csv`, one row per visible goal, readable by any
/// spreadsheet: commas and quotes survive, and a title that a spreadsheet
/// would run as a formula is kept as text.
#[test]
fn goals_csv_has_a_row_per_visible_goal_safe_for_spreadsheets() {
    let repo = Repo::empty();
    repo.write(
        "goals/a.md",
        "---\nkind: purpose\ntitle: \"=HYPERLINK(\\\"http://x\\\", \\\"click\\\")\"\nowner: [ann, bo]\n---\n",
    )
    .write(
        "goals/b.md",
        "---\nkind: progress\ntitle: 'Readers, \"at grade level\"'\nbaseline: 60\ntarget: 80\n\
         start: 2026-09-01\ndue: 2027-06-01\nmeasurements:\n  2026-10-01: 70\n---\n",
    )
    .write(
        "goals/c.md",
        "---\nkind: purpose\ntitle: Private\nvisibility: private\n---\n",
    );
    repo.cmd(&["build", ".", "--today", "2026-11-20"])
        .assert()
        .success();
    let text = repo.read("site/goals.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 2, "the private goal is left out: {text}");
    assert_eq!(
        &rows[0][col("title")],
        "'=HYPERLINK(\"http://x\", \"click\")"
    );
    assert_eq!(&rows[0][col("owner")], "ann; bo");
    assert_eq!(&rows[1][col("title")], "Readers, \"at grade level\"");
    assert_eq!(&rows[1][col("fraction")], "0.5");
    assert_eq!(&rows[1][col("latest_date")], "2026-10-01");
    assert_eq!(&rows[1][col("area")], "goals");
}

/// FORMAT §8 (v2): `scorecard.csv`, one row per entry of every visible
/// practice (its `log:` and scorecard tables), by date then practice, with
/// notes; private practices left out unless asked.
#[test]
fn scorecard_csv_has_a_row_per_entry() {
    let repo = Repo::empty();
    repo.write(
        "goals/visits.md",
        "---\nkind: practice\ntitle: Visits\nowner: [ann, bo]\nlog:\n  2026-11-17: 3\n  \
         2026-11-16: {value: 2, note: \"=SUM(A1), with a comma\"}\n  2026-11-18: skip\n---\n",
    )
    .write(
        "goals/calls.md",
        "---\nkind: practice\ntitle: Calls\nowner: cy\nlog:\n  2026-11-16: yes\n---\n",
    )
    .write(
        "goals/mine.md",
        "---\nkind: practice\ntitle: Mine\nvisibility: private\nlog:\n  2026-11-16: yes\n---\n",
    )
    .write(
        "scorecards/nov.md",
        "---\nkind: scorecard\n---\n| date | calls |\n|---|---|\n| 2026-11-17 | no |\n",
    );
    repo.cmd(&["build", ".", "--today", "2026-11-20"])
        .assert()
        .success();
    let rows = |text: &str| -> Vec<Vec<String>> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            ["date", "practice", "owner", "value", "note"]
        );
        reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let row = |cells: [&str; 5]| cells.map(str::to_string).to_vec();
    assert_eq!(
        rows(&repo.read("site/scorecard.csv")),
        [
            row(["2026-11-16", "calls", "cy", "yes", ""]),
            row([
                "2026-11-16",
                "visits",
                "ann; bo",
                "2",
                "'=SUM(A1), with a comma"
            ]),
            row(["2026-11-17", "calls", "cy", "no", ""]),
            row(["2026-11-17", "visits", "ann; bo", "3", ""]),
            row(["2026-11-18", "visits", "ann; bo", "skip", ""]),
        ]
    );
    repo.cmd(&["build", ".", "--today", "2026-11-20", "--include-private"])
        .assert()
        .success();
    assert!(repo
        .read("site/scorecard.csv")
        .contains("2026-11-16,mine,,yes,"));
}

/// A large `scorecard.csv` is made by merging the practices' logs, in
/// batches of runs of rows made by several workers: written one after
/// another, it is one header and every entry once, by date then practice.
/// Here, logs that start and end on different days, and more entries
/// than one batch holds.
#[test]
fn a_large_scorecard_csv_keeps_its_order_across_runs() {
    let repo = Repo::empty();
    let first = "2026-08-01".parse::<jiff::civil::Date>().unwrap();
    let mut total = 0;
    for i in 0..600 {
        let mut log = String::new();
        let mut day = first.checked_add(jiff::Span::new().days(i % 9)).unwrap();
        for _ in 0..(220 + i % 31) {
            log.push_str(&format!("  {day}: 1\n"));
            day = day.tomorrow().unwrap();
            total += 1;
        }
        repo.write(
            &format!("goals/p{i:03}.md"),
            format!("---\nkind: practice\ntitle: P {i}\nowner: o{i}\nlog:\n{log}---\n"),
        );
    }
    assert!(total > 131_072, "more than one batch: {total}");
    repo.cmd(&["build", ".", "--today", "2026-11-20"])
        .assert()
        .success();
    let text = repo.read("site/scorecard.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    assert_eq!(rows.len(), total, "every entry once");
    let mut sorted = rows.clone();
    sorted.sort();
    assert_eq!(rows, sorted, "by date, then practice");
    sorted.dedup();
    assert_eq!(sorted.len(), rows.len(), "no entry twice");
    assert_eq!(text.matches("date,practice").count(), 1, "one header");
}
