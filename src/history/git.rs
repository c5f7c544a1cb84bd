//! Talking to the `git` command through its plumbing, read-only.
//!
//! Every command runs with `GIT_OPTIONAL_LOCKS=0` (so not even the index
//! stat cache is refreshed), `GIT_NO_LAZY_FETCH=1` (a partial clone never
//! reaches the network for a missing blob), no terminal prompt, a C locale
//! (so messages can be recognised) and none of the `GIT_DIR`-style variables
//! a calling hook might have set. Only `rev-parse`, `log` and `cat-file` are
//! run: none of them writes to the repository.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The state of HEAD in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// A commit id (attached or detached HEAD alike).
    Commit(String),
    /// A repository without commits yet.
    Unborn,
    /// Not inside a git repository.
    NoRepository,
    /// The `git` command is not installed.
    NoGit,
    /// Something else went wrong; the message is git's own.
    Failed(String),
}

fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(root)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .env_remove("GIT_ALTERNATE_OBJECT_DIRECTORIES")
        .env_remove("GIT_NAMESPACE")
        .env_remove("GIT_CONFIG_PARAMETERS")
        .args(["-c", "core.quotepath=off", "-c", "log.showSignature=false"])
        .stdin(Stdio::null());
    cmd
}

fn first_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    line.strip_prefix("fatal: ").unwrap_or(line).to_string()
}

/// What one `git rev-parse` tells about a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub head: Head,
    /// The folder's path inside the repository (`examples/school/`), empty at the top.
    pub prefix: String,
    /// Where a shallow clone lists its boundary commits.
    pub shallow_file: Option<PathBuf>,
}

/// Where HEAD points, cheaply (one `git rev-parse`).
pub fn probe(root: &Path) -> Probe {
    let mut probe = Probe {
        head: Head::NoRepository,
        prefix: String::new(),
        shallow_file: None,
    };
    let out = match git(root)
        .args([
            "rev-parse",
            "--show-prefix",
            "--git-path",
            "shallow",
            "--verify",
            "-q",
            "HEAD",
        ])
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            probe.head = Head::NoGit;
            return probe;
        }
        Err(e) => {
            probe.head = Head::Failed(e.to_string());
            return probe;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines: Vec<&str> = stdout.lines().collect();
    if out.status.success() {
        // prefix, shallow file, commit id.
        let id = lines.pop().unwrap_or("").trim().to_string();
        let shallow = lines.pop().unwrap_or("").trim();
        probe.prefix = lines.join("\n");
        if !shallow.is_empty() {
            probe.shallow_file = Some(root.join(shallow));
        }
        probe.head = if id.is_empty() {
            Head::Unborn
        } else {
            Head::Commit(id)
        };
        return probe;
    }
    let err = String::from_utf8_lossy(&out.stderr);
    probe.head = if err.contains("not a git repository") {
        Head::NoRepository
    } else if err.trim().is_empty() {
        // `--verify -q` fails silently when HEAD has no commit yet.
        Head::Unborn
    } else {
        Head::Failed(first_line(&out.stderr))
    };
    probe
}

/// The commits at which a shallow clone's history is cut off.
pub fn shallow_boundary(probe: &Probe) -> HashSet<String> {
    let Some(path) = &probe.shallow_file else {
        return HashSet::new();
    };
    match std::fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        Err(_) => HashSet::new(),
    }
}

/// One commit of the log, with its changes to `*.md` files.
#[derive(Debug, Clone, PartialEq)]
pub struct Commit {
    pub id: String,
    /// The author date as written by git (`2026-11-10T09:00:00+01:00`).
    pub date: String,
    pub author: String,
    pub changes: Vec<RawChange>,
}

/// One line of `git log --raw`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawChange {
    /// `A`, `M`, `D`, `R`, `C`, `T` (the score of `R`/`C` is dropped).
    pub status: char,
    pub old_blob: Option<String>,
    pub new_blob: Option<String>,
    /// The path before the change (differs from `path` for `R` and `C`).
    pub old_path: String,
    pub path: String,
}

/// Runs one `git log` over the whole history reachable from `head`,
/// oldest first, with renames, limited to Markdown files below `root`
/// (paths are relative to `root`).
///
/// Markdown files are picked out here rather than by a `*.md` pathspec:
/// a wildcard pathspec makes git match every tree entry of every commit,
/// which doubled the time on a 10,000-file repository.
pub fn log(root: &Path, head: &str, prefix: &str) -> Result<Vec<Commit>, String> {
    let mut cmd = git(root);
    cmd.args([
        "log",
        "--raw",
        "--no-abbrev",
        "-M",
        "--root",
        "-z",
        "--no-merges",
        "--date-order",
        "--reverse",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--format=%x01%H%x00%aI%x00%aN%x00",
    ]);
    if !prefix.is_empty() {
        // Only changes below the folder, with paths relative to it.
        cmd.arg("--relative");
    }
    let out = cmd.args([head, "--"]).output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(first_line(&out.stderr));
    }
    Ok(parse_log(&out.stdout))
}

/// Parses the NUL-separated output of [`log`].
///
/// Layout: `\x01<id>\0<date>\0<author>\0` then, per change,
/// `:<mode> <mode> <blob> <blob> <status>\0<path>\0` (`R`/`C` carry two
/// paths). Git puts a newline before the first change of a commit.
pub fn parse_log(bytes: &[u8]) -> Vec<Commit> {
    let mut commits: Vec<Commit> = Vec::new();
    let mut tokens = bytes.split(|&b| b == 0).peekable();
    while let Some(token) = tokens.next() {
        let token = trim_newlines(token);
        if let Some(id) = token.strip_prefix(b"\x01") {
            let date = tokens.next().map(lossy).unwrap_or_default();
            let author = tokens.next().map(lossy).unwrap_or_default();
            commits.push(Commit {
                id: lossy(id),
                date,
                author,
                changes: Vec::new(),
            });
        } else if let Some(meta) = token.strip_prefix(b":") {
            let meta = lossy(meta);
            let fields: Vec<&str> = meta.split(' ').collect();
            let [_old_mode, new_mode, old_blob, new_blob, status] = fields[..] else {
                continue;
            };
            let Some(status_char) = status.chars().next() else {
                continue;
            };
            let two_paths = matches!(status_char, 'R' | 'C');
            let first = tokens.next().map(lossy).unwrap_or_default();
            let (old_path, path) = if two_paths {
                let second = tokens.next().map(lossy).unwrap_or_default();
                (first, second)
            } else {
                (first.clone(), first)
            };
            // Only regular files (not symlinks, not submodules).
            let regular = new_mode.starts_with("100") || status_char == 'D';
            if !regular || !is_markdown(&path) {
                continue;
            }
            let blob = |b: &str| {
                if b.bytes().all(|c| c == b'0') {
                    None
                } else {
                    Some(b.to_string())
                }
            };
            if let Some(commit) = commits.last_mut() {
                commit.changes.push(RawChange {
                    status: status_char,
                    old_blob: blob(old_blob),
                    new_blob: blob(new_blob),
                    old_path,
                    path,
                });
            }
        }
    }
    commits
}

fn trim_newlines(mut token: &[u8]) -> &[u8] {
    while let [b'\n' | b'\r', rest @ ..] = token {
        token = rest;
    }
    token
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn is_markdown(path: &str) -> bool {
    let n = path.len();
    n > 3 && path.is_char_boundary(n - 3) && path[n - 3..].eq_ignore_ascii_case(".md")
}

/// Reads the given blobs through one `git cat-file --batch` process.
/// Returns `(blob id, bytes)` in the order git answered; missing blobs are
/// left out.
pub fn read_blobs(root: &Path, ids: Vec<String>) -> Result<Vec<(String, Vec<u8>)>, String> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err("could not talk to git cat-file".to_string());
    };
    let count = ids.len();
    // Feed the requests from another thread so neither pipe can fill up
    // while the other side waits.
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        let mut buf = std::io::BufWriter::with_capacity(1 << 16, &mut stdin);
        for id in &ids {
            buf.write_all(id.as_bytes())?;
            buf.write_all(b"\n")?;
        }
        buf.flush()?;
        drop(buf);
        drop(stdin);
        Ok(())
    });
    let result = read_batch(stdout, count);
    if result.is_err() {
        // Unblock the writer if git is still waiting to be read.
        let _ = child.kill();
    }
    let write_result = writer.join();
    let status = child.wait();
    let blobs = result?;
    match write_result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(format!("writing to git cat-file: {e}")),
        Err(_) => return Err("writing to git cat-file failed".to_string()),
    }
    match status {
        Ok(s) if s.success() => Ok(blobs),
        Ok(_) => {
            let mut err = Vec::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_end(&mut err);
            }
            Err(first_line(&err))
        }
        Err(e) => Err(e.to_string()),
    }
}

fn read_batch(stdout: impl Read, count: usize) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut blobs = Vec::with_capacity(count);
    let mut header = String::new();
    for _ in 0..count {
        header.clear();
        let n = reader.read_line(&mut header).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("git cat-file stopped early".to_string());
        }
        let fields: Vec<&str> = header.trim_end().split(' ').collect();
        match fields[..] {
            [id, _kind, size] => {
                let size: usize = size
                    .parse()
                    .map_err(|_| format!("unexpected reply: {header}"))?;
                let mut data = vec![0u8; size + 1];
                reader.read_exact(&mut data).map_err(|e| e.to_string())?;
                data.truncate(size);
                blobs.push((id.to_string(), data));
            }
            [_id, "missing"] | [_id, "ambiguous"] => {}
            _ => {
                return Err(format!(
                    "unexpected reply from git cat-file: {}",
                    header.trim_end()
                ))
            }
        }
    }
    Ok(blobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_log_records_with_renames() {
        let z = "0".repeat(40);
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let text = format!(
            "\x01c1\x002026-11-10T09:00:00+01:00\x00Per Lindqvist\x00\n\
             :000000 100644 {z} {a} A\x00goals/a.md\x00\
             :000000 100644 {z} {a} A\x00notes.txt\x00\
             \x01c2\x002026-11-11T09:00:00Z\x00B\x00\n\
             :100644 100644 {a} {b} R087\x00goals/a.md\x00other/a.md\x00\
             :120000 120000 {a} {b} M\x00link.md\x00\
             \x01c3\x002026-11-12T09:00:00Z\x00C\x00"
        );
        let commits = parse_log(text.as_bytes());
        assert_eq!(commits.len(), 3);
        assert_eq!(commits[0].id, "c1");
        assert_eq!(commits[0].author, "Per Lindqvist");
        assert_eq!(commits[0].date, "2026-11-10T09:00:00+01:00");
        assert_eq!(
            commits[0].changes,
            vec![RawChange {
                status: 'A',
                old_blob: None,
                new_blob: Some(a.clone()),
                old_path: "goals/a.md".into(),
                path: "goals/a.md".into(),
            }]
        );
        assert_eq!(commits[1].changes.len(), 1, "the symlink is skipped");
        assert_eq!(commits[1].changes[0].status, 'R');
        assert_eq!(commits[1].changes[0].old_path, "goals/a.md");
        assert_eq!(commits[1].changes[0].path, "other/a.md");
        assert!(commits[2].changes.is_empty());
    }

    #[test]
    fn markdown_paths_only() {
        assert!(is_markdown("goals/a.md"));
        assert!(is_markdown("A.MD"));
        assert!(!is_markdown(".md"));
        assert!(!is_markdown("goals/a.mdx"));
        assert!(!is_markdown("é"));
    }

    #[test]
    fn reads_a_batch_reply() {
        let reply = b"abc blob 5\nhello\nzzz missing\ndef blob 0\n\n";
        let blobs = read_batch(&reply[..], 3).unwrap();
        assert_eq!(
            blobs,
            vec![
                ("abc".into(), b"hello".to_vec()),
                ("def".into(), Vec::new())
            ]
        );
    }
}
