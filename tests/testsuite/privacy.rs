//! Privacy fails closed (FORMAT §3 v3): a goal whose file could mean
//! private, by a misspelled key, a doubtful value, a `private:` key or a
//! broken file that says the word, is private in every output of a
//! public build: every file of the report, the digest in each format,
//! `today`, and every page as `serve` serves it. Each variant is checked
//! against a control that is published, through the same outputs, so a
//! check that finds nothing because nothing was written cannot pass.

use crate::live_edits::Served;
use crate::prelude::*;

/// Words only the watched goal's file holds: its id and title, its
/// owner, a note in its log.
const MARKERS: &[&str] = &["zanzibar", "quill", "quokka"];

/// The line each variant puts where `visibility:` would be.
const UNCLEAR: &[&str] = &[
    "Visibility: private",
    "VISIBILITY: private",
    "visiblity: private",
    "visibilty: private",
    "visibility: Private",
    "visibility: privat",
    "visibility: hidden",
    "visibility: yes",
    "visibility:",
    "visibility: [private]",
    "private: true",
    "Private: yes",
    "hidden: yes",
    "SECRET: please",
    "secret: 1",
];

fn repo_with(line: &str, rest: &str) -> Repo {
    let repo = Repo::empty();
    repo.write("goalpost.yml", "title: Privacy School\ntoday: 2026-11-20\n")
        .write(
            "goals/every-reader.md",
            "---\nkind: purpose\ntitle: Every child reads\nowner: reyes\n---\n",
        )
        .write(
            "goals/grade-level-80.md",
            "---\nkind: progress\ntitle: Grade level 80\nowner: reyes\npurpose: every-reader\n\
         baseline: 60\ntarget: 80\nstart: 2026-09-01\ndue: 2027-05-28\nunit: '%'\n\
         measurements:\n  2026-10-01: 64\n---\n",
        )
        .write(
            "goals/classroom-visits.md",
            "---\nkind: practice\ntitle: Classroom visits\nowner: reyes\nserves: grade-level-80\n\
         start: 2026-11-02\nlog:\n  2026-11-18: 1\n  2026-11-19: 1\n---\n",
        )
        .write(
            "goals/zanzibar-practice.md",
            format!(
                "---\nkind: practice\ntitle: Zanzibar reading corner\nowner: quill\n{line}\n\
             serves: grade-level-80\nstart: 2026-11-02\nlog:\n  2026-11-16: 1\n  \
             2026-11-18: {{value: 1, note: quokka went well}}\n  2026-11-19: 1\n{rest}---\n\
             Notes about the corner.\n"
            ),
        );
    repo
}

/// Everything a public report of `repo` shows, output by output.
fn public_outputs(repo: &Repo, serve: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let _ = repo.cmd(&["build"]).output().unwrap();
    for (path, bytes) in repo.snapshot() {
        if path.starts_with("site") {
            out.push((
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    for format in ["md", "text", "html"] {
        let o = repo
            .cmd(&["digest", "--week", "--format", format])
            .output()
            .unwrap();
        out.push((
            format!("digest --format {format}"),
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        ));
    }
    let o = repo.cmd(&["today"]).output().unwrap();
    out.push((
        "today".to_string(),
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
    ));
    if serve {
        let served = Served::start(repo, &[]);
        let pages: Vec<String> = out
            .iter()
            .filter_map(|(p, _)| p.strip_prefix("site/"))
            .filter(|p| p.ends_with(".html") || p.ends_with(".json") || p.ends_with(".csv"))
            .map(str::to_string)
            .chain(["".to_string()])
            .collect();
        for page in pages {
            let reply = served.get(&format!("/{page}"));
            out.push((format!("served /{page}"), reply.body));
        }
    }
    out
}

fn leaks(outputs: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, text) in outputs {
        let lower = text.to_lowercase();
        for m in MARKERS {
            if lower.contains(m) {
                found.push(format!("{name}: `{m}`"));
            }
        }
    }
    found
}

/// The control: the same file with `visibility: shared` is published in
/// every kind of output checked here (so finding nothing below means
/// something was kept out).
#[test]
fn a_shared_goal_is_published_in_every_output_that_is_checked() {
    let repo = repo_with("visibility: shared", "");
    let outputs = public_outputs(&repo, true);
    for kind in [
        "site/goals/zanzibar-practice.html",
        "site/goals.json",
        "site/goals.csv",
        "site/scorecard.csv",
        "site/index.html",
        "site/people/quill.html",
        "digest --format md",
        "digest --format text",
        "digest --format html",
        "today",
        "served /goals/zanzibar-practice.html",
        "served /",
    ] {
        let (_, text) = outputs
            .iter()
            .find(|(name, _)| name == kind)
            .unwrap_or_else(|| panic!("no output {kind}"));
        let lower = text.to_lowercase();
        assert!(
            lower.contains("zanzibar") || lower.contains("quill"),
            "the control is published in {kind}:\n{text}"
        );
    }
    assert!(outputs
        .iter()
        .any(|(n, t)| n == "site/scorecard.csv" && t.contains("quokka")));
}

#[test]
fn every_unclear_privacy_line_keeps_the_goal_out_of_every_output() {
    for (i, line) in UNCLEAR.iter().enumerate() {
        let repo = repo_with(line, "");
        // Serving every page is slow: do it for a few variants.
        let outputs = public_outputs(&repo, i % 5 == 0);
        let found = leaks(&outputs);
        assert!(found.is_empty(), "`{line}` leaks:\n{}", found.join("\n"));
        // The error names the file and says how to fix it, on the terminal.
        let check = repo.cmd(&["check"]).output().unwrap();
        assert_eq!(check.status.code(), Some(1), "`{line}`");
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert!(
            stderr.contains("error[unclear-visibility]: goals/zanzibar-practice.md:5:"),
            "`{line}`:\n{stderr}"
        );
        assert!(stderr.contains("write `visibility: private`"), "{stderr}");
        assert!(
            !stderr.contains("unknown-field"),
            "one mistake, one error: {stderr}"
        );
        // The published report says only that a private goal has an error.
        let index = repo.read("site/index.html");
        assert!(index.contains("a private goal has an error"), "`{line}`");
        // With the goal asked for, it is there: it was kept out, not lost.
        repo.cmd(&["build", "--include-private"]).assert().code(1);
        assert!(
            repo.read("site/goals/zanzibar-practice.html")
                .contains("Zanzibar reading corner"),
            "`{line}`"
        );
    }
}

#[test]
fn a_false_private_key_is_an_unknown_field_and_shared() {
    for line in ["private: false", "Hidden: no", "secret: NO"] {
        let repo = repo_with(line, "");
        let check = repo.cmd(&["check"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert!(stderr.contains("error[unknown-field]"), "{line}: {stderr}");
        assert!(!stderr.contains("unclear-visibility"), "{line}: {stderr}");
        repo.cmd(&["build"]).assert().code(1);
        assert!(repo.join("site/goals/zanzibar-practice.html").is_file());
    }
}

/// A file that cannot be read is private when its text says `private`
/// anywhere, in any case, even where the lines cannot be read one by one.
#[test]
fn a_broken_file_that_says_private_is_private() {
    for (line, rest) in [
        ("visibility: private", "oops: [unclosed\n"),
        ("# keep this PRIVATE please", "oops: [unclosed\n"),
        ("Visibility: shared", "oops: [unclosed\n"),
        ("visibility: shared", "oops: [unclosed\n# my private goal\n"),
    ] {
        let repo = repo_with(line, rest);
        let outputs = public_outputs(&repo, false);
        let found = leaks(&outputs);
        assert!(
            found.is_empty(),
            "`{line}` + `{rest}` leaks:\n{}",
            found.join("\n")
        );
    }
    // Control: broken, and nothing says private: its page stays at its
    // address, showing the error (FORMAT §2).
    let repo = repo_with("visibility: shared", "oops: [unclosed\n");
    repo.cmd(&["build"]).assert().code(1);
    assert!(repo
        .read("site/goals/zanzibar-practice.html")
        .contains("Zanzibar reading corner"));
}

/// A shared goal is never the way a private goal's content gets out:
/// a shared practice that serves a private progress goal, and a shared
/// scorecard with a column for a private practice.
#[test]
fn nothing_of_a_private_goal_shows_through_a_shared_goal_that_names_it() {
    for line in ["visibility: private", "visiblity: private"] {
        let repo = repo_with(line, "");
        repo.write(
            "goals/zanzibar-progress.md",
            format!(
                "---\nkind: progress\ntitle: Zanzibar fluency\nowner: quill\n{line}\n\
                 purpose: every-reader\nbaseline: 10\ntarget: 20\nstart: 2026-09-01\n\
                 due: 2027-05-28\nmeasurements:\n  2026-10-01: {{value: 12, note: quokka}}\n---\n"
            ),
        )
        .write(
            "goals/shared-practice.md",
            "---\nkind: practice\ntitle: Shared practice\nowner: reyes\n\
             serves: [grade-level-80, zanzibar-progress]\nstart: 2026-11-02\n\
             log:\n  2026-11-19: 1\n---\n",
        )
        .write(
            "scorecards/reyes.md",
            "---\nkind: scorecard\nowner: reyes\n---\n\
             | date | shared-practice | zanzibar-practice |\n|---|---|---|\n\
             | 2026-11-17 | ✓ | 1 |\n",
        );
        let outputs = public_outputs(&repo, true);
        let found = leaks(&outputs);
        assert!(found.is_empty(), "`{line}` leaks:\n{}", found.join("\n"));
        // Control: the shared practice is there, with its own entries.
        let page = repo.read("site/goals/shared-practice.html");
        assert!(page.contains("Shared practice") && page.contains("Grade level 80"));
    }
}

/// A report or a command asked to include private goals marks each one
/// on every line that lists it: a link to it on any page is followed by
/// the mark, and the digest and `today` say "Private" beside its title.
#[test]
fn an_included_private_goal_is_marked_on_every_line() {
    let repo = repo_with("visibility: private", "");
    repo.cmd(&["build", "--include-private"]).assert().code(0);
    let link = "Zanzibar reading corner</a>";
    let mut links = 0;
    for (path, bytes) in repo.snapshot() {
        if !path.starts_with("site") || path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let page = String::from_utf8_lossy(&bytes);
        for (at, _) in page.match_indices(link) {
            links += 1;
            assert!(
                page[at + link.len()..]
                    .starts_with(" <span class=\"kind-tag private\">Private</span>"),
                "{path:?}: a link without the mark: {}",
                &page[at..(at + 120).min(page.len())]
            );
        }
    }
    assert!(links >= 5, "the goal is listed on several pages ({links})");
    let digest = repo
        .cmd(&["digest", "--include-private", "--week"])
        .output()
        .unwrap();
    let digest = String::from_utf8_lossy(&digest.stdout);
    assert!(
        digest.contains("Zanzibar reading corner (Private)"),
        "{digest}"
    );
    assert!(!digest.contains("Zanzibar reading corner |"), "{digest}");
    let today = repo.cmd(&["today", "--include-private"]).output().unwrap();
    let today = String::from_utf8_lossy(&today.stdout);
    assert!(
        today.contains("Zanzibar reading corner · Private"),
        "{today}"
    );
}

/// Every file of the report on disk (the writer's own `.goalpost-*`
/// files aside), by its path below `site/`, with its text.
fn report_files(repo: &Repo) -> Vec<(String, String)> {
    crate::support::snapshot(&repo.join("site"))
        .into_iter()
        .map(|(path, bytes)| {
            (
                path.to_string_lossy().replace('\\', "/"),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .filter(|(path, _)| !path.contains(".goalpost-"))
        .collect()
}

/// The report as `served` serves it: every file the output folder holds,
/// and `/`, asked for through the server.
fn served_report(repo: &Repo, served: &Served) -> Vec<(String, String)> {
    let mut pages: Vec<String> = report_files(repo).into_iter().map(|(p, _)| p).collect();
    pages.push(String::new());
    pages
        .into_iter()
        .map(|page| {
            let reply = served.get(&format!("/{page}"));
            assert_eq!(reply.status, 200, "/{page}");
            (format!("served /{page}"), reply.body)
        })
        .collect()
}

/// Saves the watched goal's file with `line` where `visibility:` goes, and
/// waits for `serve` to have rebuilt after it (the next line naming the
/// file, alone, as rebuilt).
fn save_and_wait(repo: &Repo, served: &Served, line: &str) {
    let done = |s: &str| {
        s.matches("goals/zanzibar-practice.md changed · rebuilt in")
            .count()
    };
    let before = done(&served.stderr());
    let text = repo_with(line, "").read("goals/zanzibar-practice.md");
    repo.write("goals/zanzibar-practice.md", text);
    let deadline = std::time::Instant::now() + crate::support::PATIENCE;
    while done(&served.stderr()) == before {
        assert!(
            std::time::Instant::now() < deadline,
            "no rebuild after `{line}`:\n{}",
            served.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A shared goal switched to private while `serve` runs (so through the
/// incremental rebuild: only pages whose key changed are rendered again)
/// is gone from every page, data file and served page: its id, title,
/// owner (who owns nothing else) and the note in its log. Then shared
/// again, it is back (the control, every time: the server and the
/// rebuilds are alive), and then private by a misspelled key, which is
/// private too, with its error (FORMAT §3 v3).
#[test]
fn a_goal_made_private_while_serve_runs_vanishes_from_every_page() {
    let repo = repo_with("visibility: shared", "");
    let served = Served::start(&repo, &[]);
    for private in ["visibility: private", "Visibility: private"] {
        // The control: published, on disk and served, where it should be.
        let outputs: Vec<(String, String)> = report_files(&repo)
            .into_iter()
            .chain(served_report(&repo, &served))
            .collect();
        for (name, marker) in [
            ("goals/zanzibar-practice.html", "zanzibar reading corner"),
            (
                "served /goals/zanzibar-practice.html",
                "zanzibar reading corner",
            ),
            ("served /", "zanzibar reading corner"),
            ("served /index.html", "zanzibar reading corner"),
            ("served /people/quill.html", "quill"),
            ("served /goals.json", "zanzibar-practice"),
            ("served /goals.csv", "zanzibar-practice"),
            ("served /scorecard.csv", "quokka went well"),
            (
                "served /goals/grade-level-80.html",
                "zanzibar reading corner",
            ),
        ] {
            let (_, text) = outputs
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("no {name} before `{private}`"));
            assert!(
                text.to_lowercase().contains(marker),
                "the control: `{marker}` in {name} before `{private}`:\n{text}"
            );
        }

        save_and_wait(&repo, &served, private);
        let on_disk = report_files(&repo);
        assert!(
            on_disk
                .iter()
                .any(|(p, _)| p == "goals/grade-level-80.html")
                && on_disk.iter().any(|(p, _)| p == "goals.json"),
            "{:?}",
            on_disk.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
        let mut outputs = on_disk.clone();
        outputs.extend(served_report(&repo, &served));
        assert!(outputs.len() > 20, "{} outputs", outputs.len());
        let found = leaks(&outputs);
        assert!(found.is_empty(), "`{private}` leaks:\n{}", found.join("\n"));
        // Its page and its owner's page are gone, not left as they were.
        for page in ["/goals/zanzibar-practice.html", "/people/quill.html"] {
            assert_eq!(served.get(page).status, 404, "{page} after `{private}`");
        }
        if private.starts_with('V') {
            assert!(
                served
                    .stderr()
                    .contains("error[unclear-visibility]: goals/zanzibar-practice.md:5:"),
                "{}",
                served.stderr()
            );
            let index = repo.read("site/index.html");
            assert!(index.contains("a private goal has an error"), "{index}");
        }
        save_and_wait(&repo, &served, "visibility: shared");
    }
}

/// `git add -A` and a commit with `message`, by `author` at `when`.
fn commit(repo: &Repo, author: &str, when: &str, message: &str) {
    repo.git(&["add", "-A"]);
    repo.git_as(author, when, &["commit", "-q", "-m", message]);
}

/// A renamed private goal leaves no page at its old address in a public
/// build; the shared goal renamed in the same commit does (the control),
/// and so does the private one when private goals are asked for.
#[test]
fn a_renamed_private_goal_has_no_redirect_page_in_a_public_build() {
    require_git();
    let repo = repo_with("visibility: private", "");
    repo.git_init();
    commit(&repo, "Ann Berg", "2026-09-01T09:00:00", "Goals");
    repo.git(&[
        "mv",
        "goals/zanzibar-practice.md",
        "goals/reading-corner.md",
    ]);
    repo.git(&[
        "mv",
        "goals/classroom-visits.md",
        "goals/principal-visits.md",
    ]);
    commit(&repo, "Bo Chen", "2026-10-05T09:00:00", "Clearer names");
    let outputs = public_outputs(&repo, false);
    let found = leaks(&outputs);
    assert!(found.is_empty(), "{}", found.join("\n"));
    assert!(
        !outputs.iter().any(|(name, _)| name.contains("zanzibar")),
        "no page at the private goal's old address"
    );
    assert!(repo
        .read("site/goals/classroom-visits.html")
        .contains("url=../goals/principal-visits.html"));
    repo.cmd(&["build", "--include-private"]).assert().code(0);
    assert!(repo
        .read("site/goals/zanzibar-practice.html")
        .contains("url=../goals/reading-corner.html"));
}

/// A private goal's moved goalpost (and the commit message saying why)
/// stays off the alignment page and the dashboard of a public build; the
/// shared goal's, moved the same way, is on both (the control).
#[test]
fn a_private_goals_moved_goalpost_stays_off_the_alignment_page_and_the_dashboard() {
    require_git();
    let repo = repo_with("visibility: shared", "");
    let zanzibar = |target: u32| {
        format!(
            "---\nkind: progress\ntitle: Zanzibar growth\nowner: quill\nvisibility: private\n\
             aligns_to: District Goal 1\nbaseline: 4\ntarget: {target}\nstart: 2026-09-01\n\
             due: 2027-05-28\nallow: [magic-wand, progress-without-purpose]\n---\n"
        )
    };
    let grade_level = |target: u32| {
        format!(
            "---\nkind: progress\ntitle: Grade level 80\nowner: reyes\npurpose: every-reader\n\
             baseline: 60\ntarget: {target}\nstart: 2026-09-01\ndue: 2027-05-28\nunit: '%'\n\
             measurements:\n  2026-10-01: 64\n---\n"
        )
    };
    // Only the private progress goal holds the words looked for below.
    std::fs::remove_file(repo.join("goals/zanzibar-practice.md")).unwrap();
    repo.write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: Every child reads\nowner: reyes\n\
             aligns_to: District Goal 1\n---\n",
    )
    .write("goals/growth.md", zanzibar(10))
    .write("goals/grade-level-80.md", grade_level(80));
    repo.git_init();
    commit(&repo, "Ann Berg", "2026-09-01T09:00:00", "Goals");
    repo.write("goals/growth.md", zanzibar(12))
        .write("goals/grade-level-80.md", grade_level(78));
    commit(
        &repo,
        "Ann Berg",
        "2026-10-05T09:00:00",
        "Targets after the quokka meeting",
    );
    let outputs = public_outputs(&repo, false);
    for page in ["site/alignment.html", "site/index.html"] {
        let (_, text) = outputs.iter().find(|(n, _)| n == page).expect(page);
        assert!(
            text.contains("Target moved from 80% to 78%."),
            "the control is on {page}:\n{text}"
        );
        assert!(text.contains("Targets after the"), "{page}:\n{text}");
    }
    // The shared goal's commit message says "quokka" too: only the
    // private goal's own words are looked for here.
    let private_words = ["zanzibar", "quill", "from 10 to 12"];
    for (name, text) in &outputs {
        let lower = text.to_lowercase();
        for w in private_words {
            assert!(!lower.contains(w), "{name} shows `{w}`:\n{text}");
        }
    }
    repo.cmd(&["build", "--include-private"]).assert().code(0);
    assert!(repo
        .read("site/alignment.html")
        .contains("Zanzibar growth</a> <span class=\"kind-tag private\">Private</span>: Target moved from 10 to 12."));
}
