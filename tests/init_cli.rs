//! `goalpost init` through the command line: it writes a starter
//! repository, and never overwrites a file that is already there.

use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const STARTER: [&str; 6] = [
    "goalpost.yml",
    "README.md",
    ".gitignore",
    "goals/every-reader.md",
    "goals/reading-at-grade-level.md",
    "goals/classroom-visits.md",
];

fn goalpost() -> Command {
    Command::cargo_bin("goalpost").unwrap()
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn init_writes_a_starter_repository_and_says_what_to_do_next() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("school-goals");
    goalpost()
        .arg("init")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("created  goalpost.yml"))
        .stdout(predicate::str::contains(
            "created  goals/classroom-visits.md",
        ))
        .stdout(predicate::str::contains("goalpost check "))
        .stdout(predicate::str::contains("goalpost serve "));
    let files = snapshot(&dir);
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
    let tmp = tempfile::tempdir().unwrap();
    goalpost().arg("init").arg(tmp.path()).assert().success();
    let before = snapshot(tmp.path());
    goalpost()
        .arg("init")
        .arg(tmp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to do"))
        .stdout(predicate::str::contains("skipped  goalpost.yml"))
        .stdout(predicate::str::contains("created").not());
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn an_existing_settings_file_is_kept_and_the_rest_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = "title: Our own settings\ntoday: 2026-11-20\n";
    fs::write(tmp.path().join("goalpost.yml"), mine).unwrap();
    goalpost()
        .arg("init")
        .arg(tmp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("skipped  goalpost.yml"))
        .stdout(predicate::str::contains("created  goals/every-reader.md"));
    assert_eq!(
        fs::read_to_string(tmp.path().join("goalpost.yml")).unwrap(),
        mine
    );
    assert!(tmp.path().join("goals/reading-at-grade-level.md").is_file());
}

#[test]
fn init_in_the_current_folder_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    goalpost()
        .arg("init")
        .current_dir(tmp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("goalpost check ."));
    assert!(tmp.path().join("goalpost.yml").is_file());
}

#[test]
fn a_folder_that_cannot_be_written_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-folder");
    fs::write(&file, "x").unwrap();
    goalpost()
        .arg("init")
        .arg(&file)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("could not write to"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "x");
}
