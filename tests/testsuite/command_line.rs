//! One command line for people (FORMAT §10 v3): the repository is found
//! from any subfolder, every command takes `[DIR]` and `-C DIR` (and
//! `log ID [VALUE] [DIR]`), `--today` everywhere, values with the goal's
//! unit, and hidden files (an editor's lock) are never read.

use crate::prelude::*;

fn school() -> Repo {
    let repo = Repo::example("lincoln-elementary");
    repo.mkdir("goals/teachers/notes");
    repo
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// From a subfolder, commands work on the repository above it and say so;
/// the same command run at the top says nothing of the kind.
#[test]
fn the_repository_is_found_from_a_subfolder() {
    let repo = school();
    let top = repo.cmd(&["today"]).output().unwrap();
    assert_eq!(top.status.code(), Some(0));
    assert!(!stderr(&top).contains("using the goals repository"));
    for args in [&["today"][..], &["check"], &["digest"]] {
        let o = repo
            .cmd(args)
            .current_dir(repo.join("goals/teachers/notes"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!(
                "using the goals repository at {}",
                repo.path().display()
            )),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(
            !stderr(&o).contains("the goals have errors"),
            "{}",
            stderr(&o)
        );
    }
    let today = repo
        .cmd(&["today"])
        .current_dir(repo.join("goals/teachers"))
        .output()
        .unwrap();
    assert_eq!(stdout(&today), stdout(&top));
    let o = repo
        .cmd(&["build"])
        .current_dir(repo.join("goals"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(repo.join("site/index.html").is_file());
    assert!(!repo.join("goals/site").exists());
}

/// `[DIR]` and `-C DIR` name the same repository, for every command.
#[test]
fn every_command_takes_dir_and_dash_c() {
    let repo = school();
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = repo.path().to_str().unwrap();
    for command in ["check", "today", "digest"] {
        let by_arg = repo
            .cmd(&[command, dir])
            .current_dir(elsewhere.path())
            .output()
            .unwrap();
        let by_c = repo
            .cmd(&[command, "-C", dir])
            .current_dir(elsewhere.path())
            .output()
            .unwrap();
        assert_eq!(
            by_arg.status.code(),
            Some(0),
            "{command}: {}",
            stderr(&by_arg)
        );
        assert_eq!(stdout(&by_arg), stdout(&by_c), "{command}");
        let both = repo
            .cmd(&[command, dir, "-C", dir])
            .current_dir(elsewhere.path())
            .output()
            .unwrap();
        assert_eq!(
            both.status.code(),
            Some(2),
            "{command}: DIR and -C together"
        );
    }
    repo.cmd(&["build", "-C", dir])
        .current_dir(elsewhere.path())
        .assert()
        .code(0);
    assert!(repo.join("site/index.html").is_file());
}

/// `log ID DIR`, `log ID VALUE DIR` and `log ID VALUE -C DIR`; a value
/// with the goal's unit; `--today` as the default date.
#[test]
fn log_takes_a_folder_a_unit_and_today() {
    let repo = school();
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = repo.path().to_str().unwrap();
    let log = |args: &[&str]| {
        let mut all = vec!["log"];
        all.extend_from_slice(args);
        let o = repo
            .cmd(&all)
            .current_dir(elsewhere.path())
            .output()
            .unwrap();
        (o.status.code(), stdout(&o) + &stderr(&o))
    };
    // A unit written after the number (`unit: visits`).
    let (code, said) = log(&["classroom-visits", "2 visits", dir, "--date", "2026-11-23"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("recorded classroom-visits 2 on 2026-11-23"),
        "{said}"
    );
    // `log ID DIR`: the practice's target, on `--today`.
    let (code, said) = log(&["classroom-visits", dir, "--today", "2026-11-24"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("recorded classroom-visits 3 on 2026-11-24"),
        "{said}"
    );
    // A percentage for a progress goal with `unit: '%'`, with -C.
    let (code, said) = log(&["grade-level-80", "73%", "-C", dir, "--date", "2026-11-20"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("recorded grade-level-80 73 on 2026-11-20"),
        "{said}"
    );
    assert!(repo
        .read("goals/literacy/grade-level-80.md")
        .contains("2026-11-20: 73\n"));
    // Another unit is not taken for this one.
    let (code, said) = log(&["classroom-visits", "2 calls", dir, "--date", "2026-11-25"]);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("`2 calls`"), "{said}");
}

/// An editor's lock file (Emacs `.#goal.md`, a link to nowhere) and
/// macOS's `._goal.md` are never read: no error, as for every hidden file.
#[cfg(unix)]
#[test]
fn an_editors_lock_file_is_no_error() {
    let repo = school();
    repo.cmd(&["check"]).assert().code(0);
    std::os::unix::fs::symlink(
        "teacher@laptop.4242:1700000000",
        repo.join("goals/literacy/.#grade-level-80.md"),
    )
    .unwrap();
    repo.write("goals/literacy/._grade-level-80.md", [0u8, 5, 22, 7]);
    let o = repo.cmd(&["check"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("read-error"));
}
