//! `goalpost completions SHELL` and `goalpost man [COMMAND]`: generated
//! from the command line's own definition, so they cannot drift from it.

use crate::prelude::*;
use std::process::{Command, Stdio};

/// Runs `goalpost <args…>`, which must succeed; its stdout.
fn stdout(args: &[&str]) -> String {
    let out = Repo::empty().cmd(args).output().expect("goalpost runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

const COMMANDS: [&str; 9] = [
    "init",
    "check",
    "build",
    "watch",
    "serve",
    "log",
    "today",
    "completions",
    "man",
];

#[test]
fn completions_for_bash_zsh_and_fish_know_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {script}");
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: no `{command}`");
        }
        // The values of `check --format`, and its options.
        for word in ["github", "short", "deny-warnings"] {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
    }
    let bash = stdout(&["completions", "bash"]);
    assert!(bash.contains("complete -F _goalpost"), "{bash}");
    let zsh = stdout(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef goalpost"), "{zsh}");
    let fish = stdout(&["completions", "fish"]);
    assert!(fish.contains("complete -c goalpost"), "{fish}");
}

#[test]
fn the_bash_script_is_valid_bash() {
    let script = stdout(&["completions", "bash"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("goalpost.bash");
    std::fs::write(&path, script).expect("write");
    let status = Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .expect("bash runs");
    assert!(status.success(), "bash -n rejects the script");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    Repo::empty().cmd(&["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_man_page_is_roff_with_every_command_and_the_exit_codes() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH goalpost 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH \"EXIT STATUS\""] {
        assert!(page.contains(section), "no {section}: {page}");
    }
    for command in COMMANDS {
        assert!(
            page.contains(&format!("goalpost\\-{command}(1)")),
            "no {command}: {page}"
        );
    }
    let check = stdout(&["man", "check"]);
    assert!(
        check.contains(".TH goalpost-check 1  \"goalpost "),
        "{check}"
    );
    assert!(check.contains("github"), "{check}");
    let wrong = Repo::empty().cmd(&["man", "chek"]).output().expect("runs");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("did you mean `check`?"),
        "{wrong:?}"
    );
}

/// `man -l` renders the page, where `man` is installed.
#[test]
fn the_man_page_renders() {
    let page = stdout(&["man", "check"]);
    let man = Command::new("man")
        .args(["-l", "-"])
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut man) = man else {
        eprintln!("note: no `man` command here; the roff was checked by the other test");
        return;
    };
    {
        use std::io::Write;
        let mut stdin = man.stdin.take().expect("stdin");
        stdin.write_all(page.as_bytes()).expect("to man");
    }
    let out = man.wait_with_output().expect("man runs");
    // `man` justifies lines: compare words, not spacing.
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("SYNOPSIS"), "{text}");
    assert!(text.contains("goalpost check"), "{text}");
    assert!(text.contains("--deny-warnings"), "{text}");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The YAML shown in docs/publishing.md (GitLab CI, pre-commit) parses,
/// and runs the commands goalpost has.
#[test]
fn the_publishing_guides_yaml_is_valid() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/publishing.md"),
    )
    .expect("docs/publishing.md");
    let blocks: Vec<&str> = doc
        .split("```yaml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap_or(""))
        .collect();
    assert_eq!(
        blocks.len(),
        2,
        "the GitLab CI file and the pre-commit hook"
    );
    for block in &blocks {
        let v: serde_yaml::Value =
            serde_yaml::from_str(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
        assert!(v.is_mapping(), "{block}");
    }
    let gitlab: serde_yaml::Value = serde_yaml::from_str(blocks[0]).unwrap();
    assert_eq!(
        gitlab["pages"]["artifacts"]["paths"][0].as_str(),
        Some("public")
    );
    assert!(doc.contains("goalpost build --out public"));
    assert!(doc.contains("exec goalpost check --format short"));
}
