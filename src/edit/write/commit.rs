//! Committing written goal files with git (`log --commit`, `import
//! --commit`): checked before anything is written ([`can_commit`]), then
//! only the files written are committed, whatever else is staged.

use super::WriteError;
use std::path::Path;
use std::process::Command;

/// A `git` command in `dir`. Paths are literal: a file named `:!x.md` is
/// that file, not pathspec magic.
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir).arg("--literal-pathspecs");
    c
}

fn run(cmd: &mut Command, what: &str) -> Result<String, WriteError> {
    let out = cmd
        .output()
        .map_err(|e| WriteError::Git(format!("cannot run git to {what}: {e}")))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(WriteError::Git(format!(
            "git could not {what}: {}",
            err.trim()
        )))
    }
}

/// Whether `file` can be committed: its folder is in a git work tree and
/// git knows who is committing. Checked before anything is written.
pub fn can_commit(file: &Path) -> Result<(), WriteError> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let inside = git(dir)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output();
    match inside {
        Ok(o) if o.status.success() && o.stdout.starts_with(b"true") => {}
        Ok(_) => {
            return Err(WriteError::Git(format!(
                "`--commit` needs a git repository, and `{}` is not in one; nothing was written (leave out --commit, or run `git init` first)",
                dir.display()
            )))
        }
        Err(e) => {
            return Err(WriteError::Git(format!(
                "`--commit` needs git, which cannot be run here ({e}); nothing was written"
            )))
        }
    }
    run(
        git(dir).args(["var", "GIT_COMMITTER_IDENT"]),
        "tell who is committing (set user.name and user.email); nothing was written",
    )
    .map(|_| ())
}

/// Commits `file` alone with `message`, whatever else is staged (which
/// stays staged). Returns the new commit's short id.
pub fn commit(file: &Path, message: &str) -> Result<String, WriteError> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tracked = git(dir)
        .args(["ls-files", "--error-unmatch", "--", &name])
        .output()
        .is_ok_and(|o| o.status.success());
    if !tracked {
        run(git(dir).args(["add", "--", &name]), "add the file")?;
    }
    let committed = run(
        git(dir).args(["commit", "--only", "-q", "-m", message, "--", &name]),
        "commit",
    );
    if let Err(e) = committed {
        if !tracked {
            // Leave the file untracked, as it was.
            let _ = git(dir)
                .args(["rm", "--cached", "-q", "--ignore-unmatch", "--", &name])
                .output();
        }
        return Err(e);
    }
    run(
        git(dir).args(["rev-parse", "--short", "HEAD"]),
        "read the commit",
    )
}

/// Commits the files `rels` (relative to the repository `root`) in one
/// commit with `message`, whatever else is staged (which stays staged).
/// Returns the new commit's short id.
pub fn commit_files(root: &Path, rels: &[&str], message: &str) -> Result<String, WriteError> {
    let untracked: Vec<&str> = rels
        .iter()
        .copied()
        .filter(|rel| {
            !git(root)
                .args(["ls-files", "--error-unmatch", "--", rel])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .collect();
    if !untracked.is_empty() {
        run(
            git(root).args(["add", "--"]).args(&untracked),
            "add the files",
        )?;
    }
    let committed = run(
        git(root)
            .args(["commit", "--only", "-q", "-m", message, "--"])
            .args(rels),
        "commit",
    );
    if let Err(e) = committed {
        if !untracked.is_empty() {
            let _ = git(root)
                .args(["rm", "--cached", "-q", "--ignore-unmatch", "--"])
                .args(&untracked)
                .output();
        }
        return Err(e);
    }
    run(
        git(root).args(["rev-parse", "--short", "HEAD"]),
        "read the commit",
    )
}
