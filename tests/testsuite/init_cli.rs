//! `goalpost init` through the command line: it writes a starter
//! repository, and never overwrites a file that is already there.

use crate::prelude::*;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const STARTER: [&str; 7] = [
    "goalpost.yml",
    "README.md",
    ".gitignore",
    "goals/every-reader.md",
    "goals/reading-at-grade-level.md",
    "goals/classroom-visits.md",
    ".github/workflows/goalpost.yml",
];

/// Every file below `dir` with its bytes, by `/`-separated relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::support::snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| (path.to_string_lossy().replace('\\', "/"), bytes))
        .collect()
}

#[test]
fn init_writes_a_starter_repository_and_says_what_to_do_next() {
    let repo = Repo::empty();
    let dir = repo.join("school-goals");
    repo.cmd(&["init"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("created  goalpost.yml"))
        .stdout(predicate::str::contains(
            "created  goals/classroom-visits.md",
        ))
        .stdout(predicate::str::contains("goalpost check "))
        .stdout(predicate::str::contains("goalpost serve "));
    let files = files(&dir);
    for path in STARTER {
        assert!(
            files.contains_key(path),
            "{path} missing: {:?}",
            files.keys()
        );
    }
    let scorecards: Vec<_> = files
        .keys()
        .filter(|p| p.starts_with("scorecards/"))
        .collect();
    assert_eq!(scorecards.len(), 1, "{scorecards:?}");
    assert_eq!(files.len(), STARTER.len() + 1);
    let settings = String::from_utf8(files["goalpost.yml"].clone()).unwrap();
    assert!(settings.contains("cycles: 2w"), "{settings}");
    let practice = String::from_utf8(files["goals/classroom-visits.md"].clone()).unwrap();
    assert!(practice.starts_with("---\nkind: practice\n"), "{practice}");
    assert!(practice.contains("serves: reading-at-grade-level"));
}

#[test]
fn a_second_run_skips_everything_and_changes_no_byte() {
    let repo = Repo::empty();
    repo.cmd(&["init"]).arg(repo.path()).assert().success();
    let before = repo.snapshot();
    repo.cmd(&["init"])
        .arg(repo.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to do"))
        .stdout(predicate::str::contains("skipped  goalpost.yml"))
        .stdout(predicate::str::contains("created").not());
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn an_existing_settings_file_is_kept_and_the_rest_is_written() {
    let repo = Repo::empty();
    let mine = "title: Our own settings\ntoday: 2026-11-20\n";
    repo.write("goalpost.yml", mine);
    repo.cmd(&["init"])
        .arg(repo.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("skipped  goalpost.yml"))
        .stdout(predicate::str::contains("created  goals/every-reader.md"));
    assert_eq!(repo.read("goalpost.yml"), mine);
    assert!(repo.join("goals/reading-at-grade-level.md").is_file());
}

#[test]
fn init_in_the_current_folder_by_default() {
    let repo = Repo::empty();
    let out = repo.cmd(&["init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("  2. goalpost check "), "{said}");
    // The next steps run in an order that works: git init before a push.
    let init = said.find("git init -b main").expect("git init");
    let push = said.find("git push -u origin main").expect("git push");
    assert!(init < push, "{said}");
    assert!(!said.contains("cd ."), "{said}");
    assert!(repo.join("goalpost.yml").is_file());
    // What init wrote passes check, with nothing recorded and no warning
    // about entries dated before today.
    let check = repo.cmd(&["check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!stderr.contains("unknown-person"), "{stderr}");
}

#[test]
fn a_folder_that_cannot_be_written_exits_2() {
    let repo = Repo::empty();
    repo.write("not-a-folder", "x");
    let file = repo.join("not-a-folder");
    repo.cmd(&["init"])
        .arg(&file)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("could not write to"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "x");
}

#[cfg(unix)]
#[test]
fn init_over_a_broken_link_writes_nothing_and_names_it() {
    let repo = Repo::empty();
    let dir = repo.join("school");
    fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(repo.join("nowhere"), dir.join("goals")).unwrap();
    fs::write(dir.join("scorecards"), "a file where a folder goes").unwrap();
    let before = files(&dir);
    let o = repo.cmd(&["init"]).arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("goals") && err.contains("broken link") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(files(&dir), before, "nothing half-written");
    assert!(!repo.join("nowhere").exists());
    // With the link gone, the file is still in the way.
    fs::remove_file(dir.join("goals")).unwrap();
    let o = repo.cmd(&["init"]).arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("scorecards is a file"));
    assert!(!dir.join("goalpost.yml").exists());
}

/// The GitHub workflow: valid YAML, checks pull requests with annotations,
/// builds and publishes the main branch with the official Pages actions;
/// and the commands it runs work on the starter it comes with.
#[test]
fn init_writes_a_workflow_that_checks_and_publishes() {
    let repo = Repo::empty();
    repo.cmd(&["init"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "created  .github/workflows/goalpost.yml",
        ));
    let text = repo.read(".github/workflows/goalpost.yml");
    let w: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let on = &w["on"];
    assert!(on.get("pull_request").is_some(), "{text}");
    assert_eq!(on["push"]["branches"][0].as_str(), Some("main"));
    assert_eq!(w["permissions"]["contents"].as_str(), Some("read"));

    let steps = |job: &str| -> Vec<serde_yaml::Value> {
        w["jobs"][job]["steps"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{job} has steps: {text}"))
            .clone()
    };
    let field = |step: &serde_yaml::Value, key: &str| step[key].as_str().unwrap_or("").to_string();
    let check = steps("check");
    let runs: Vec<String> = check.iter().map(|s| field(s, "run")).collect();
    assert!(
        runs.iter().any(|r| r == "goalpost check --format github"),
        "{runs:?}"
    );
    // The report is built and published on the default branch, whatever
    // the check found.
    let report = steps("report");
    let job_if = |job: &str| w["jobs"][job]["if"].as_str().unwrap_or("").to_string();
    assert!(
        job_if("report").starts_with("github.ref_name == github.event.repository.default_branch")
    );
    assert!(w["jobs"]["report"].get("needs").is_none(), "{text}");
    assert!(
        report
            .iter()
            .any(|s| field(s, "run")
                == "goalpost build --out \"$RUNNER_TEMP/report\" || [ $? -eq 1 ]")
    );
    let deploy = &w["jobs"]["deploy"];
    assert_eq!(deploy["needs"].as_str(), Some("report"));
    assert_eq!(deploy["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(deploy["permissions"]["id-token"].as_str(), Some("write"));

    let uses: Vec<String> = report
        .iter()
        .chain(steps("deploy").iter())
        .map(|s| field(s, "uses"))
        .filter(|u| !u.is_empty())
        .collect();
    assert_eq!(
        uses,
        [
            "actions/checkout@v6",
            "actions/upload-pages-artifact@v5",
            "actions/configure-pages@v6",
            "actions/deploy-pages@v5",
        ]
    );

    // The install step is valid shell.
    let install = report
        .iter()
        .find(|s| field(s, "name") == "Install goalpost")
        .expect("an install step");
    let script = repo.join("install.sh");
    fs::write(&script, field(install, "run")).unwrap();
    let ok = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .expect("bash runs");
    assert!(ok.success());
    fs::remove_file(&script).unwrap();

    // What the workflow runs passes on the starter it comes with.
    repo.cmd(&["check", "--format", "github"])
        .assert()
        .success()
        .stdout("");
    let out = tempfile::tempdir().unwrap();
    repo.cmd(&["build", "--out"])
        .arg(out.path().join("report"))
        .assert()
        .success();
    assert!(out.path().join("report/index.html").is_file());
}

#[test]
fn an_existing_workflow_is_kept_and_a_file_named_github_stops_init() {
    let repo = Repo::empty();
    let mine = "name: ours\n";
    repo.write(".github/workflows/goalpost.yml", mine);
    repo.cmd(&["init"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "skipped  .github/workflows/goalpost.yml",
        ));
    assert_eq!(repo.read(".github/workflows/goalpost.yml"), mine);

    let other = Repo::empty();
    other.write(".github", "a file where a folder goes");
    let before = other.snapshot();
    let o = other.cmd(&["init"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(".github is a file") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(other.snapshot(), before, "nothing half-written");
}
