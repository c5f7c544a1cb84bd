//! The rendered site, through the library API, on the hand-made sample report.

use crate::prelude::*;
use crate::support::sample;
use goalpost::analysis::Report;
use goalpost::model::Evidence;
use goalpost::output::{check_output_dir, write_site, OutputError, WriteStats};
use goalpost::render::{render_site, Page, RenderError, RenderOptions, Templates};
use std::fs;
use std::path::Path;

type Res = Result<(), Box<dyn std::error::Error>>;

fn render(report: &Report, include_private: bool) -> Result<Vec<Page>, RenderError> {
    render_site(
        report,
        &RenderOptions {
            include_private,
            ..Default::default()
        },
        &Templates::new(None),
    )
}

fn text<'a>(pages: &'a [Page], path: &str) -> &'a str {
    let page = pages.iter().find(|p| p.path == path);
    let page = page.unwrap_or_else(|| {
        panic!(
            "no page {path}; have {:?}",
            pages.iter().map(|p| &p.path).collect::<Vec<_>>()
        )
    });
    std::str::from_utf8(&page.bytes).unwrap_or("")
}

#[test]
fn every_page_kind_renders() -> Res {
    let pages = render(&sample::report(), false)?;
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    for expected in [
        "index.html",
        "scorecard.html",
        "goals.json",
        "site.css",
        "goals/grade-level-80.html",
        "goals/chronic-absence-12.html",
        "goals/classroom-visits.html",
        "goals/every-reader.html",
        "people/principal.html",
        "people/okafor.html",
        "cycles/sprint-1.html",
        "cycles/sprint-6.html",
    ] {
        assert!(
            paths.contains(&expected),
            "{expected} missing from {paths:?}"
        );
    }
    let index = text(&pages, "index.html");
    assert!(index.contains("Lincoln Elementary — goals 2026-27"));
    assert!(index.contains("Friday, November 20, 2026"));
    assert!(
        index.contains("Sprint 6 · Nov 9–22 · day 12 of 14"),
        "{index}"
    );
    // Needs attention comes before the tree, and lists the off-track, overdue and stale goals.
    let attention = index.find("Needs attention").unwrap_or(usize::MAX);
    let tree = index.find("Purposes, progress and practices").unwrap_or(0);
    assert!(attention < tree);
    let section = &index[attention..tree];
    for title in [
        "K–2 students at DIBELS benchmark",
        "95% of families attend fall conferences",
        "Daily small-group phonics",
    ] {
        assert!(section.contains(title), "{title} not in needs attention");
    }
    assert!(
        !section.contains("Three classroom visits"),
        "an on-track practice is not slipping"
    );
    // Badges carry words and a shape, not only colour.
    assert!(index.contains("<span>Off track</span>"));
    assert!(index.contains("class=\"badge state-overdue\"><svg class=\"shape\""));
    // A progress bar with the expected-pace tick, a 14-day strip.
    assert!(index.contains("<g class=\"expected\">"));
    assert!(index.contains("<svg class=\"strip\""));
    // Every page is linked relative to its depth and needs no network.
    let goal = text(&pages, "goals/grade-level-80.html");
    assert!(goal.contains("href=\"../site.css\""));
    assert!(goal.contains("href=\"../goals/every-reader.html\""));
    for page in pages.iter().filter(|p| p.path.ends_with(".html")) {
        let t = std::str::from_utf8(&page.bytes)?;
        assert!(!t.contains("<script"), "{} has a script", page.path);
        // No remote resources: stylesheets, images and fonts are all local.
        let t = t.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!t.contains("src=\"http"), "{}", page.path);
        assert!(!t.contains("@import"), "{}", page.path);
        assert!(!t.contains("stylesheet\" href=\"http"), "{}", page.path);
    }
    Ok(())
}

#[test]
fn goal_pages_show_chart_heatmap_evidence_body_and_coaching() -> Res {
    let pages = render(&sample::report(), false)?;
    let progress = text(&pages, "goals/grade-level-80.html");
    assert!(progress.contains("<svg class=\"chart\""));
    assert!(progress.contains("<line class=\"pace\""));
    assert!(progress.contains(">Today</text>"));
    assert!(progress.contains("<table>"), "Markdown table in the body");
    // The owner, okafor, by name and linked; not the principal.
    assert!(
        progress
            .contains("<dt>Owner</dt><dd><a href=\"../people/okafor.html\">Grace Okafor</a></dd>"),
        "the owner"
    );
    assert!(!progress.contains("Dana Reyes"));
    assert!(
        progress.contains("Three classroom visits every school day"),
        "children listed"
    );

    let practice = text(&pages, "goals/classroom-visits.html");
    assert!(practice.contains("<svg class=\"heatmap\""));
    assert!(
        practice.contains("class=\"day break\""),
        "the fall break shows"
    );
    // One path and one tooltip per kind of day, not per day: the break
    // days' tooltip names the break, and the whole picture stays small.
    let heat = &practice[practice.find("<svg class=\"heatmap\"").unwrap_or(0)..];
    let heat = &heat[..heat.find("</svg>").map_or(heat.len(), |i| i + 6)];
    assert!(heat.contains("Fall break"), "{heat}");
    assert!(heat.matches("<title").count() <= 10, "{heat}");
    assert!(heat.len() < 10_000, "{} bytes", heat.len());
    assert!(practice.contains("href=\"https://video.example.org/lincoln/visit-1117\""));
    assert!(practice.contains("href=\"notes/visit-1118.md\""));
    assert!(practice.contains("habit strength"));

    let wand = text(&pages, "goals/family-conferences-95.html");
    assert!(wand.contains("What would you do each day that produces this result?"));
    assert!(wand.contains("magic-wand"));
    Ok(())
}

#[test]
fn scorecard_people_and_cycle_pages() -> Res {
    let pages = render(&sample::report(), false)?;
    let card = text(&pages, "scorecard.html");
    assert!(card.contains("Sprint 6"));
    assert!(card.contains("Dana Reyes") && card.contains("Grace Okafor"));
    assert!(
        card.contains("href=\"cycles/sprint-5.html\""),
        "previous cycles reachable"
    );
    assert!(card.contains("All practices"), "column totals");
    assert_eq!(card.matches("<th scope=\"col\" class=\"day").count(), 14);

    let person = text(&pages, "people/okafor.html");
    assert!(person.contains("Literacy coach"));
    assert!(person.contains("Reading conference with two students a day"));
    assert!(
        !person.contains("Three classroom visits"),
        "only their own goals"
    );

    let cycle = text(&pages, "cycles/sprint-6.html");
    assert!(cycle.contains("Sprint report: Sprint 6"));
    assert!(cycle.contains("href=\"../cycles/sprint-5.html\""));
    assert!(
        cycle.contains("Mid-fall check"),
        "measurement recorded during the cycle"
    );
    assert!(cycle.contains("What slipped"));
    assert!(
        cycle.contains("Daily small-group phonics"),
        "the stale practice slipped"
    );
    assert!(
        cycle.contains("<span>Past due</span>"),
        "a goal whose state changed"
    );
    Ok(())
}

/// A grid cell says its day in words once (screen readers read them, and
/// a pointer shows them on hover); the glyph it shows is hidden from
/// screen readers, and a day with nothing to show has no glyph.
#[test]
fn a_grid_cell_says_its_day_in_words_once() -> Res {
    let pages = render(&sample::report(), false)?;
    let card = text(&pages, "scorecard.html");
    let cells: Vec<&str> = card
        .split("<td class=\"cell ")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap_or(c))
        .collect();
    assert!(cells.len() >= 14, "{} cells", cells.len());
    for c in &cells {
        assert!(!c.contains("title="), "{c}");
        assert_eq!(c.matches("<span class=\"sr\">").count(), 1, "{c}");
    }
    let missed = "miss\"><span aria-hidden=\"true\">✗</span><span class=\"sr\">missed";
    assert!(cells.iter().any(|c| c.starts_with(missed)), "{cells:?}");
    let quiet = "unscheduled\"><span class=\"sr\">not scheduled</span>";
    assert!(cells.contains(&quiet), "{cells:?}");
    Ok(())
}

#[test]
fn goals_json_has_the_stable_keys() -> Res {
    let pages = render(&sample::report(), false)?;
    let doc: serde_json::Value = serde_json::from_str(text(&pages, "goals.json"))?;
    assert_eq!(doc["title"], "Lincoln Elementary — goals 2026-27");
    assert_eq!(doc["today"], "2026-11-20");
    let goals = doc["goals"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    assert_eq!(goals.len(), 11, "every shared goal, not the private one");
    let keys = [
        "id", "kind", "title", "file", "owner", "status", "state", "parents", "children", "lints",
        "progress", "practice", "series",
    ];
    for g in goals {
        for k in keys {
            assert!(g.get(k).is_some(), "{k} missing in {g}");
        }
    }
    let g = goals
        .iter()
        .find(|g| g["id"] == "grade-level-80")
        .ok_or("no goal")?;
    assert_eq!(g["kind"], "progress");
    assert_eq!(g["owner"], serde_json::json!(["okafor"]));
    assert_eq!(g["state"], "on-track");
    assert_eq!(g["progress"]["baseline"], 67);
    assert_eq!(g["progress"]["target"], 80);
    assert_eq!(g["progress"]["latest"], 71);
    assert_eq!(g["progress"]["latest_date"], "2026-11-16");
    assert_eq!(g["progress"]["fraction"], 0.3077);
    assert!(g["practice"].is_null());
    assert_eq!(
        g["series"][0],
        serde_json::json!({"date": "2026-09-15", "value": 67, "source": "measurements", "note": "Fall screener"})
    );
    assert_eq!(
        g["children"],
        serde_json::json!(["classroom-visits", "reading-conferences"])
    );
    let p = goals
        .iter()
        .find(|g| g["id"] == "classroom-visits")
        .ok_or("no practice")?;
    for k in [
        "completion_14d",
        "completion_cycle",
        "streak",
        "best_streak",
        "strength",
    ] {
        assert!(p["practice"].get(k).is_some(), "{k}");
    }
    assert!(p["progress"].is_null());
    let d = &doc["diagnostics"][0];
    for k in ["severity", "code", "file", "line", "column", "message"] {
        assert!(d.get(k).is_some(), "{k} in {d}");
    }
    Ok(())
}

#[test]
fn titles_are_escaped_and_bodies_sanitised() -> Res {
    let mut report = sample::report();
    let g = report
        .goals
        .iter_mut()
        .find(|g| g.goal.id == "classroom-visits")
        .ok_or("goal")?;
    let goal = std::sync::Arc::make_mut(&mut g.goal);
    goal.title = "Visits <script>alert('t')</script>".to_string();
    goal.body = "Hi <script>alert('b')</script>\n\n<img src=x onerror=\"alert('e')\">\n\n[go](javascript:alert('j'))\n".to_string();
    if let goalpost::model::Details::Practice(p) = &mut goal.details {
        p.evidence = vec![
            Evidence {
                date: None,
                url: "javascript:alert('ev')".into(),
                note: Some("bad link".into()),
            },
            Evidence {
                date: None,
                url: "data:text/html,x".into(),
                note: Some("data link".into()),
            },
            Evidence {
                date: None,
                url: "https://ok.example/v".into(),
                note: Some("good link".into()),
            },
        ];
    }
    let pages = render(&report, false)?;
    for page in pages.iter().filter(|p| p.path.ends_with(".html")) {
        let t = String::from_utf8_lossy(&page.bytes).to_lowercase();
        assert!(!t.contains("<script"), "{}", page.path);
        assert!(!t.contains("onerror"), "{}", page.path);
        assert!(!t.contains("javascript:"), "{}", page.path);
        assert!(!t.contains("data:text"), "{}", page.path);
    }
    let page = text(&pages, "goals/classroom-visits.html");
    assert!(
        page.contains("<h1>Visits &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</h1>"),
        "title escaped"
    );
    assert!(page.contains("href=\"https://ok.example/v\""));
    assert!(
        page.contains("bad link"),
        "the note stays, without the link"
    );
    // goals.json keeps the raw title (JSON, not HTML).
    assert!(text(&pages, "goals.json").contains("Visits <script>"));
    Ok(())
}

#[test]
fn private_goals_appear_nowhere_unless_asked() -> Res {
    let mut report = sample::report();
    // A warning on a shared goal that names the private one.
    report.diagnostics.push(
        goalpost::Diagnostic::warning(
            "outside-window",
            &goalpost::diagnostics::Location::new(
                "goals/literacy/grade-level-80.md",
                goalpost::diagnostics::Pos::new(9, 3),
            ),
            format!(
                "served by `{}` (\"{}\"), whose entries fall outside the window",
                sample::PRIVATE_ID,
                sample::PRIVATE_TITLE
            ),
        )
        .for_goal("grade-level-80"),
    );
    let pages = render(&report, false)?;
    for page in &pages {
        let t = String::from_utf8_lossy(&page.bytes);
        assert!(
            !t.contains(sample::PRIVATE_TITLE),
            "title leaks in {}",
            page.path
        );
        assert!(!t.contains(sample::PRIVATE_ID), "id leaks in {}", page.path);
        assert!(
            !t.contains("Confidential coaching"),
            "body leaks in {}",
            page.path
        );
    }
    // The purpose counts only shared practices (3, not 4).
    let index = text(&pages, "index.html");
    assert!(index.contains("2 progress goals, 3 practices"), "{index}");
    // Its error is still counted, but says nothing about it.
    let doc: serde_json::Value = serde_json::from_str(text(&pages, "goals.json"))?;
    let diags = doc["diagnostics"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    assert!(diags.iter().any(|d| d["file"] == "(private goal)"));
    assert_eq!(diags.iter().filter(|d| d["severity"] == "error").count(), 3);

    assert!(
        text(&pages, "goals/grade-level-80.html").contains("served by <code>a private goal</code>")
    );

    let all = render(&report, true)?;
    assert!(
        text(&all, &format!("goals/{}.html", sample::PRIVATE_ID)).contains(sample::PRIVATE_TITLE)
    );
    assert!(text(&all, "goals.json").contains(sample::PRIVATE_ID));
    assert!(text(&all, "index.html").contains("includes private goals"));
    Ok(())
}

#[test]
fn errors_banner_at_the_top_with_file_and_line() -> Res {
    let pages = render(&sample::report(), false)?;
    let index = text(&pages, "index.html");
    let banner = index.find("class=\"error-banner\"").ok_or("no banner")?;
    assert!(index.contains("errors in the goal files"));
    let main = index.find("<main").unwrap_or(usize::MAX);
    assert!(
        main < banner && banner < index.find("Needs attention").unwrap_or(0),
        "the banner is the first thing in the dashboard's content"
    );
    assert!(index.contains("goals/literacy/dibels-k2.md:7:1"));
    assert!(index.contains("goals/community/bus-duty.md:4:9"));
    assert!(index.contains("did you mean <code>target</code>?"));
    // Other pages carry no banner (one typo must not rewrite every page);
    // their navigation links the problems page, which lists every error.
    let scorecard = text(&pages, "scorecard.html");
    assert!(!scorecard.contains("error-banner"));
    assert!(scorecard.contains("href=\"problems.html\""));
    let problems = text(&pages, "problems.html");
    assert!(problems.contains("goals/literacy/dibels-k2.md:7:1"));
    assert!(problems.contains("goals/community/bus-duty.md:4:9"));
    // The goal whose file has the error shows it before anything else.
    let dibels = text(&pages, "goals/dibels-k2.html");
    let first = dibels
        .find("goals/literacy/dibels-k2.md:7:1")
        .ok_or("no error on its page")?;
    assert!(first < dibels.find("class=\"facts\"").unwrap_or(0));

    let mut clean = sample::report();
    clean.diagnostics.retain(|d| !d.is_error());
    let pages = render(&clean, true)?;
    assert!(!text(&pages, "index.html").contains("class=\"error-banner\""));
    Ok(())
}

#[test]
fn template_override_and_template_errors() -> Res {
    let repo = Repo::empty();
    repo.write(
        "templates/scorecard.html",
        "<p>Custom scorecard for {{ site.title }}</p>",
    )
    .write("templates/site.css", "body { color: black }");
    let pages = render_site(
        &sample::report(),
        &RenderOptions::default(),
        &Templates::new(Some(repo.path())),
    )?;
    assert_eq!(
        text(&pages, "scorecard.html"),
        "<p>Custom scorecard for Lincoln Elementary — goals 2026-27</p>"
    );
    assert_eq!(text(&pages, "site.css"), "body { color: black }");
    assert!(
        text(&pages, "index.html").contains("Needs attention"),
        "others stay built in"
    );

    repo.write("templates/goal.html", "line one\nline two\n{% if %}\n");
    let err = render_site(
        &sample::report(),
        &RenderOptions::default(),
        &Templates::new(Some(repo.path())),
    );
    match err {
        Err(RenderError::Template { file, line, .. }) => {
            assert_eq!(file, "templates/goal.html");
            assert_eq!(line, Some(3));
        }
        other => panic!("expected a template error, got {other:?}"),
    }
    let msg = render_site(
        &sample::report(),
        &RenderOptions::default(),
        &Templates::new(Some(repo.path())),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(msg.contains("templates/goal.html:3"), "{msg}");
    Ok(())
}

#[test]
fn writes_only_changes_and_removes_stale_pages() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let report = sample::report();
    let pages = render(&report, false)?;
    let first = write_site(&out, &pages)?;
    assert_eq!(first.written, pages.len());
    let visits = out.join("goals/classroom-visits.html");
    let before = fs::metadata(&visits)?.modified()?;

    // Same report again: nothing is rewritten.
    let again = write_site(&out, &pages)?;
    assert_eq!(
        again,
        WriteStats {
            written: 0,
            unchanged: pages.len(),
            removed: 0,
            ..WriteStats::default()
        }
    );
    assert_eq!(fs::metadata(&visits)?.modified()?, before);

    // A goal deleted from the repo: its page goes; others stay untouched.
    let mut smaller = report.clone();
    smaller.goals.retain(|g| g.goal.id != "family-newsletter");
    for g in &mut smaller.goals {
        g.children.retain(|c| c != "family-newsletter");
    }
    let pages2 = render(&smaller, false)?;
    let third = write_site(&out, &pages2)?;
    assert_eq!(third.removed, 1);
    assert!(!out.join("goals/family-newsletter.html").exists());
    assert!(
        third.unchanged > 0 && third.written < pages2.len(),
        "only changed pages are written: {third:?}"
    );
    assert_eq!(fs::metadata(&visits)?.modified()?, before);
    Ok(())
}

#[test]
fn refuses_unsafe_output_folders() -> Res {
    let dir = tempfile::tempdir()?;
    let repo = dir.path().join("goals-repo");
    fs::create_dir_all(repo.join("goals"))?;
    fs::create_dir_all(repo.join("templates"))?;
    fs::write(
        repo.join("goals/a.md"),
        "---\nkind: purpose\ntitle: A\n---\n",
    )?;
    let refused = |out: &Path| {
        matches!(
            check_output_dir(&repo, out),
            Err(OutputError::Unsafe { .. })
        )
    };
    assert!(refused(&repo), "the repo itself");
    assert!(
        refused(&repo.join(".")),
        "the repo itself, spelled differently"
    );
    assert!(refused(dir.path()), "a folder containing the repo");
    assert!(refused(&repo.join("templates/out")), "inside templates/");
    assert!(refused(&repo.join("goals")), "a source folder");
    assert!(refused(&repo.join(".git/site")), "a hidden folder");
    assert!(
        check_output_dir(&repo, &repo.join("site")).is_ok(),
        "a new site/ folder"
    );
    assert!(check_output_dir(&repo, &repo.join("build/deep/site")).is_ok());
    assert!(check_output_dir(&repo, &dir.path().join("elsewhere")).is_ok());
    // A folder goalpost wrote earlier (with its manifest) stays acceptable.
    let site = repo.join("site");
    write_site(
        &site,
        &[Page {
            path: "index.html".into(),
            bytes: b"x".to_vec(),
        }],
    )?;
    assert!(check_output_dir(&repo, &site).is_ok());
    Ok(())
}

#[test]
fn ids_never_write_outside_their_folder_and_collisions_get_their_own_page() -> Res {
    let mut report = sample::report();
    let renames = [
        ("classroom-visits", "../../evil"),
        ("attendance-calls", "Evil"),
    ];
    for (from, to) in renames {
        for g in &mut report.goals {
            if g.goal.id == from {
                std::sync::Arc::make_mut(&mut g.goal).id = to.to_string();
            }
            for list in [&mut g.parents, &mut g.children] {
                for id in list.iter_mut() {
                    if id == from {
                        *id = to.to_string();
                    }
                }
            }
        }
    }
    let pages = render(&report, false)?;
    for p in &pages {
        assert!(!p.path.contains(".."), "{}", p.path);
        assert!(!p.path.starts_with('/'), "{}", p.path);
    }
    let goal_pages: Vec<&str> = pages
        .iter()
        .map(|p| p.path.as_str())
        .filter(|p| p.starts_with("goals/evil"))
        .collect();
    assert_eq!(goal_pages.len(), 2, "{goal_pages:?}");
    // The parent links to each under its own file name.
    let parent = text(&pages, "goals/grade-level-80.html");
    let linked = goal_pages
        .iter()
        .filter(|p| parent.contains(&format!("href=\"../{p}\"")))
        .count();
    assert_eq!(
        linked, 1,
        "grade-level-80 links the renamed classroom-visits"
    );
    let dir = tempfile::tempdir()?;
    let stats = write_site(&dir.path().join("site"), &pages)?;
    assert_eq!(stats.written, pages.len());
    assert!(!dir.path().join("evil.html").exists());
    Ok(())
}

/// "Needs attention" on the example, most urgent first: the off-track
/// practice, then the progress goal at risk (it was missing), then the
/// practice with nothing recorded for weeks.
#[test]
fn needs_attention_lists_at_risk_progress_goals_by_urgency(
) -> Result<(), Box<dyn std::error::Error>> {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build", "."]).assert().success();
    let index = repo.read("site/index.html");
    let start = index.find("Needs attention").ok_or("no Needs attention")?;
    let end = index[start..].find("</section>").ok_or("unclosed")? + start;
    let section = &index[start..end];
    let at = |title: &str| {
        section
            .find(title)
            .ok_or(format!("{title} not in needs attention"))
    };
    let listening = at("Sit in one math block a day, listening for student talk")?;
    let postcards = at("Five positive postcards home a week")?;
    let interim = at("Math interim: 54% → 65% meeting grade-level expectations")?;
    assert!(listening < interim && interim < postcards, "{section}");
    assert!(
        section.contains("A little behind the steady pace: 9% of the way, 25% expected by today.")
    );
    assert!(
        section.contains(r#"<span class="count">3</span>"#),
        "{section}"
    );
    Ok(())
}

/// Words on the example: a weekly practice is counted in weeks, one
/// lesson is singular, and no total counts fractions of days.
#[test]
fn words_count_weeks_lessons_and_whole_days() {
    let repo = Repo::example("lincoln-elementary");
    repo.cmd(&["build", "."]).assert().success();
    let sprint = repo.read("site/cycles/sprint-6.html");
    assert!(
        sprint.contains("Done in 0% of scheduled weeks, down from 20%."),
        "the weekly postcards"
    );
    assert!(sprint.contains("Done on 13% of scheduled days, down from 40%."));
    let index = repo.read("site/index.html");
    assert!(index.contains("1 lesson each school day"));
    // Warnings name fields and ids as code, not in raw backticks.
    assert!(index.contains("no practice serves progress goal <code>ada-95</code>"));
    assert!(!index.contains("`ada-95`"));
    // A practice serving two goals: both named side by side, neither in
    // the breadcrumb as if one held the other.
    let visits = repo.read("site/goals/classroom-visits.html");
    let crumbs = &visits[visits.find("class=\"crumbs\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert!(
        !crumbs.contains("grade-level-80") && !crumbs.contains("grade3-fluency"),
        "{crumbs}"
    );
    assert!(visits.contains("Serves <a href=\"../goals/grade-level-80.html\">Reading at grade level: 67% → 80% by May</a> and <a href=\"../goals/grade3-fluency.html\">"));
    for page in [
        "index.html",
        "scorecard.html",
        "cycles/sprint-6.html",
        "people/reyes.html",
    ] {
        let text = repo.read(&format!("site/{page}"));
        assert!(!text.contains("1 lessons"), "{page}");
        let totals = text.split("<td class=\"total\">").skip(1);
        for t in totals {
            let shown = &t[..t.find('<').unwrap_or(t.len())];
            assert!(!shown.contains('.'), "{page}: a fractional total {shown:?}");
        }
    }
}

/// The side job of `render_into` (a build's `scorecard.csv`) runs exactly
/// once: beside the pages, or on its own when `goals.json` could not be
/// written and nothing else was rendered.
#[test]
fn the_side_job_runs_once_whether_rendering_fails_or_not() {
    use goalpost::render::{render_into, PageSink};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    struct Sink {
        refuse: bool,
        pages: Mutex<Vec<String>>,
    }
    impl PageSink for Sink {
        fn page(&self, path: &str, _: &[u8], _: u64) -> Result<(), RenderError> {
            if self.refuse {
                return Err(RenderError::Output(format!("{path}: disk full")));
            }
            self.pages.lock().expect("pages").push(path.to_string());
            Ok(())
        }
        fn unchanged(&self, _: &str, _: u64) -> Result<bool, RenderError> {
            Ok(false)
        }
    }
    let report = sample::report().visible(false);
    let templates = Templates::new(None);
    for refuse in [false, true] {
        let sink = Sink {
            refuse,
            pages: Mutex::new(Vec::new()),
        };
        let runs = AtomicUsize::new(0);
        let (rendered, side) = render_into(
            &report,
            &RenderOptions::default(),
            &templates,
            None,
            &sink,
            || runs.fetch_add(1, Ordering::SeqCst) + 1,
        );
        assert_eq!(
            (side, runs.load(Ordering::SeqCst)),
            (1, 1),
            "refuse: {refuse}"
        );
        let pages = sink.pages.into_inner().expect("pages");
        match refuse {
            false => {
                assert!(rendered.is_ok());
                assert_eq!(pages.first().map(String::as_str), Some("goals.json"));
                assert!(pages.len() > 10, "{pages:?}");
            }
            true => {
                let e = rendered.expect_err("goals.json was refused");
                assert!(e.to_string().contains("goals.json: disk full"), "{e}");
                assert!(pages.is_empty());
            }
        }
    }
}

/// The people's index lists the people of `goalpost.yml` in its order,
/// then everyone else who owns a goal, by id, once each (however many
/// goals they own).
#[test]
fn people_listed_first_then_other_owners_by_id() {
    let repo = Repo::empty();
    let allow = "allow: [purpose-without-progress, unknown-person]";
    repo.write(
        "goalpost.yml",
        "people:\n  reyes: {name: Dana Reyes}\n  okafor: {name: Grace Okafor}\n",
    )
    .write(
        "goals/one.md",
        format!("---\nkind: purpose\ntitle: One\nowner: [zed, okafor]\n{allow}\n---\n"),
    )
    .write(
        "goals/two.md",
        format!("---\nkind: purpose\ntitle: Two\nowner: amy\n{allow}\n---\n"),
    )
    .write(
        "goals/three.md",
        format!("---\nkind: purpose\ntitle: Three\nowner: zed\n{allow}\n---\n"),
    );
    repo.cmd(&["build", ".", "--out", "site"])
        .assert()
        .success();
    let index = repo.read("site/people/index.html");
    let order: Vec<&str> = index
        .match_indices("href=\"../people/")
        .map(|(at, m)| {
            let rest = &index[at + m.len()..];
            &rest[..rest.find('"').unwrap_or(0)]
        })
        .filter(|href| *href != "index.html")
        .collect();
    assert_eq!(
        order,
        ["reyes.html", "okafor.html", "amy.html", "zed.html"],
        "{index}"
    );
}
