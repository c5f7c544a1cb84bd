//! "Edit this goal" links (FORMAT §6 v3): from `edit_url` in goalpost.yml,
//! `--edit-url` or `GOALPOST_EDIT_URL`, on goal pages and beside the
//! scorecard files, never for a private goal, not even in a report that
//! includes private goals.

use crate::prelude::*;

const URL: &str = "https://github.com/lincoln/goals/edit/main/{path}";

fn edit_links(page: &str) -> Vec<String> {
    page.match_indices("class=\"edit-link\" href=\"")
        .map(|(at, m)| page[at + m.len()..].split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn goal_pages_and_scorecards_link_their_file_for_editing() {
    let repo = Repo::example("lincoln-elementary");
    repo.write(
        "goals/literacy/fluency checks.md",
        "---\nkind: practice\ntitle: Fluency checks\nowner: okafor\nserves: grade-level-80\n---\n",
    );
    // Without an edit_url there is no link.
    repo.cmd(&["build"]).assert().code(0);
    assert_eq!(
        edit_links(&repo.read("site/goals/grade-level-80.html")),
        Vec::<String>::new()
    );
    // From the environment (as the generated workflow sets it).
    repo.cmd(&["build"])
        .env("GOALPOST_EDIT_URL", URL)
        .assert()
        .code(0);
    assert_eq!(
        edit_links(&repo.read("site/goals/grade-level-80.html")),
        ["https://github.com/lincoln/goals/edit/main/goals/literacy/grade-level-80.md"]
    );
    assert!(repo
        .read("site/goals/grade-level-80.html")
        .contains(">Edit this goal</a>"));
    // A path is made safe for a URL.
    let page = repo
        .join("site/goals")
        .read_dir()
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("fluency"))
        .expect("the page")
        .path();
    assert_eq!(
        edit_links(&std::fs::read_to_string(page).unwrap()),
        ["https://github.com/lincoln/goals/edit/main/goals/literacy/fluency%20checks.md"]
    );
    // Beside each scorecard file.
    assert_eq!(
        edit_links(&repo.read("site/scorecard.html")),
        ["https://github.com/lincoln/goals/edit/main/scorecards/2026-11.md"]
    );
    // A private goal never gets one, even in a report that includes it.
    repo.cmd(&["build", "--include-private", "--edit-url", URL])
        .assert()
        .code(0);
    let private = repo.read("site/goals/wait-time.html");
    assert!(private.contains("Wait five seconds"), "the page is there");
    assert_eq!(edit_links(&private), Vec::<String>::new());
    // Control: its neighbour in the same build has one.
    assert_eq!(
        edit_links(&repo.read("site/goals/number-talks.html")).len(),
        1
    );
}

#[test]
fn edit_url_in_the_settings_and_a_bad_one_refused() {
    let repo = Repo::example("lincoln-elementary");
    let settings = repo.read("goalpost.yml");
    repo.write("goalpost.yml", format!("{settings}\nedit_url: {URL}\n"));
    repo.cmd(&["build"]).assert().code(0);
    assert_eq!(
        edit_links(&repo.read("site/goals/classroom-visits.html")).len(),
        1
    );
    // The command line wins over the settings.
    repo.cmd(&["build", "--edit-url", "https://example.org/e/{path}"])
        .assert()
        .code(0);
    assert_eq!(
        edit_links(&repo.read("site/goals/classroom-visits.html")),
        ["https://example.org/e/goals/literacy/classroom-visits.md"]
    );
    let out = repo
        .cmd(&["build", "--edit-url", "https://example.org/no-path"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("with `{path}` where the file's path goes")
    );
    repo.write(
        "goalpost.yml",
        format!("{settings}\nedit_url: example.org\n"),
    );
    let check = repo.cmd(&["check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("error[invalid-value]: goalpost.yml:"));
}
