//! Writing an edited goal file atomically, and committing it with git.
//!
//! The new bytes go to a hidden temp file in the same folder, which then
//! replaces the file by a rename: a reader (an editor, `watch`) sees the
//! old file or the new one, never half of one. Just before the rename the
//! file is read again and compared with the bytes the edit was made from:
//! a save made meanwhile (an editor, a second `goalpost log`) is never
//! overwritten.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Why a write or a commit did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteError {
    /// The file is no longer what the edit was made from.
    Changed(PathBuf),
    Io(String),
    Git(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed(p) => write!(
                f,
                "`{}` changed while the entry was being written (saved in an editor?); nothing was written: run the command again",
                p.display()
            ),
            WriteError::Io(m) | WriteError::Git(m) => f.write_str(m),
        }
    }
}

/// Replaces `path`'s bytes `expected` with `new`, unless the file no longer
/// holds `expected`.
pub fn replace(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    replace_with(path, expected, new, || {})
}

/// [`replace`], running `before_rename` after the temp file is written and
/// before the last comparison (tests put a concurrent save there).
pub fn replace_with(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    before_rename: impl FnOnce(),
) -> Result<(), WriteError> {
    // Write where the file really is, so a link stays a link.
    let target = fs::canonicalize(path).map_err(|e| io(path, "find", e))?;
    unchanged(&target, expected)?;
    let meta = fs::metadata(&target).map_err(|e| io(&target, "read", e))?;
    let tmp = temp_path(&target);
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| io(&tmp, "create", e))?;
        f.write_all(new).map_err(|e| io(&tmp, "write", e))?;
        f.sync_all().map_err(|e| io(&tmp, "write", e))?;
        drop(f);
        fs::set_permissions(&tmp, meta.permissions()).map_err(|e| io(&tmp, "write", e))?;
        before_rename();
        unchanged(&target, expected)?;
        fs::rename(&tmp, &target).map_err(|e| io(&target, "replace", e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn unchanged(path: &Path, expected: &[u8]) -> Result<(), WriteError> {
    let now = fs::read(path).map_err(|e| io(path, "read", e))?;
    if now == expected {
        Ok(())
    } else {
        Err(WriteError::Changed(path.to_path_buf()))
    }
}

/// A hidden name next to `target` (goal discovery skips hidden files).
fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    target.with_file_name(format!(
        ".{name}.goalpost-{}-{nanos}.tmp",
        std::process::id()
    ))
}

fn io(path: &Path, what: &str, e: std::io::Error) -> WriteError {
    WriteError::Io(format!("cannot {what} `{}`: {e}", path.display()))
}

/// A `git` command in `dir`.
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir);
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
