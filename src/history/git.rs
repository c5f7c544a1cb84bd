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
pub(crate) enum Head {
    /// A commit id (attached or detached HEAD alike).
    Commit(String),
    /// A repository without commits yet.
    Unborn,
    /// Not inside a git repository.
    NoRepository,
    /// The `git` command is not installed.
    NoGit,
    /// Something else went wrong; the message is git's own (or the
    /// system's, when git could not be run).
    Failed(String),
}

/// Why the history could not be read from git. The words go into
/// [`super::HistoryWarning`]'s note, so they say what failed, briefly.
#[derive(Debug)]
pub enum GitError {
    /// A git process could not be started, or waited for.
    Run(std::io::Error),
    /// A git process started without the pipes asked for.
    NoPipes,
    /// git failed: the first line of what it said (`fatal: ` dropped).
    Said(String),
    /// Writing the blob ids to `git cat-file` failed.
    Write(std::io::Error),
    /// Reading `git cat-file`'s answers failed.
    Read(std::io::Error),
    /// The thread reading `git cat-file`'s answers stopped.
    ReaderStopped,
    /// `git cat-file` answered a line it should not (as written, trimmed).
    Reply(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Run(e) | GitError::Read(e) => write!(f, "{e}"),
            GitError::NoPipes => f.write_str("could not talk to git"),
            GitError::Said(message) => f.write_str(message),
            GitError::Write(e) => write!(f, "writing to git cat-file: {e}"),
            GitError::ReaderStopped => f.write_str("reading from git cat-file failed"),
            GitError::Reply(line) => write!(f, "unexpected reply from git cat-file: {line}"),
        }
    }
}

impl std::error::Error for GitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GitError::Run(e) | GitError::Write(e) | GitError::Read(e) => Some(e),
            _ => None,
        }
    }
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
pub(crate) struct Probe {
    pub(crate) head: Head,
    /// The folder's path inside the repository (`examples/school/`), empty at the top.
    pub(crate) prefix: String,
    /// Where a shallow clone lists its boundary commits.
    pub(crate) shallow_file: Option<PathBuf>,
}

/// Where HEAD points, cheaply (one `git rev-parse`).
pub(crate) fn probe(root: &Path) -> Probe {
    let mut probe = Probe {
        head: Head::NoRepository,
        prefix: String::new(),
        shallow_file: None,
    };
    if !root.is_dir() {
        return probe;
    }
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
pub(crate) fn shallow_boundary(probe: &Probe) -> HashSet<String> {
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

/// File contents by blob id: `(blob id, bytes)`.
pub(crate) type Blobs = Vec<(String, Vec<u8>)>;

/// One commit of the log, with its changes to `*.md` files.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Commit {
    pub(crate) id: String,
    /// The author date as written by git (`2026-11-10T09:00:00+01:00`).
    pub(crate) date: String,
    pub(crate) author: String,
    /// The first line of the commit message (why the change was made).
    pub(crate) subject: String,
    pub(crate) changes: Vec<RawChange>,
}

/// One line of `git log --raw`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawChange {
    /// `A`, `M`, `D`, `R`, `C`, `T` (the score of `R`/`C` is dropped).
    pub(crate) status: char,
    pub(crate) old_blob: Option<String>,
    pub(crate) new_blob: Option<String>,
    /// The path before the change (differs from `path` for `R` and `C`).
    pub(crate) old_path: String,
    pub(crate) path: String,
}

/// The history reachable from `head`: every commit (oldest first) with
/// its changes to Markdown files below `root`, and the content of every
/// file version those changes name, as `(blob id, bytes)`.
///
/// Two processes run side by side: `git log` streams its changes, and each
/// new blob id is passed at once to a `git cat-file --batch` whose answers
/// another thread collects, so reading the blobs overlaps the log walk.
pub fn history(root: &Path, head: &str, prefix: &str) -> Result<(Vec<Commit>, Blobs), GitError> {
    let mut log = log_command(root, head, prefix)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(GitError::Run)?;
    let mut cat = match git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(cat) => cat,
        Err(e) => {
            let _ = log.kill();
            let _ = log.wait();
            return Err(GitError::Run(e));
        }
    };
    let (Some(log_out), Some(log_err), Some(cat_in), Some(cat_out), Some(cat_err)) = (
        log.stdout.take(),
        log.stderr.take(),
        cat.stdin.take(),
        cat.stdout.take(),
        cat.stderr.take(),
    ) else {
        for child in [&mut log, &mut cat] {
            let _ = child.kill();
            let _ = child.wait();
        }
        return Err(GitError::NoPipes);
    };
    let drain = |mut pipe: std::process::ChildStderr| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let log_err = drain(log_err);
    let cat_err = drain(cat_err);
    let reader = std::thread::spawn(move || read_batch(cat_out));

    let mut writer = std::io::BufWriter::with_capacity(1 << 16, cat_in);
    let mut write_error: Option<std::io::Error> = None;
    let mut seen: HashSet<String> = HashSet::new();
    let tokens = BufReader::with_capacity(1 << 16, log_out)
        .split(0)
        .map_while(Result::ok);
    let commits = parse_log(tokens, |blob| {
        if write_error.is_none() && !seen.contains(blob) {
            seen.insert(blob.to_string());
            let result = writer
                .write_all(blob.as_bytes())
                .and_then(|()| writer.write_all(b"\n"));
            if let Err(e) = result {
                write_error = Some(e);
            }
        }
    });
    if let Err(e) = writer.flush() {
        write_error.get_or_insert(e);
    }
    drop(writer); // closes cat-file's input: it finishes and exits

    let log_status = log.wait();
    let log_err = log_err.join().unwrap_or_default();
    let blobs = reader.join().unwrap_or(Err(GitError::ReaderStopped));
    let cat_status = cat.wait();
    let cat_err = cat_err.join().unwrap_or_default();
    match log_status {
        Ok(s) if s.success() => {}
        Ok(_) => return Err(GitError::Said(first_line(&log_err))),
        Err(e) => return Err(GitError::Run(e)),
    }
    match cat_status {
        Ok(s) if s.success() => {}
        Ok(_) => return Err(GitError::Said(first_line(&cat_err))),
        Err(e) => return Err(GitError::Run(e)),
    }
    if let Some(e) = write_error {
        return Err(GitError::Write(e));
    }
    Ok((commits, blobs?))
}

/// One `git log` over the whole history reachable from `head`, oldest
/// first, with renames; with `--relative` when the goals folder is inside a
/// larger repository (only its changes, paths relative to it).
///
/// Markdown files are picked out while parsing rather than by a `*.md`
/// pathspec: a wildcard pathspec makes git match every tree entry of every
/// commit, which doubled the time on a 10,000-file repository.
fn log_command(root: &Path, head: &str, prefix: &str) -> Command {
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
        "--format=%x01%H%x00%aI%x00%aN%x00%s%x00",
    ]);
    if !prefix.is_empty() {
        cmd.arg("--relative");
    }
    cmd.args([head, "--"]);
    cmd
}

/// Parses the NUL-separated tokens of [`log_command`]'s output, calling
/// `on_blob` for each blob id a kept change names, as soon as it is read.
///
/// Layout: `\x01<id>\0<date>\0<author>\0<subject>\0` then, per change,
/// `:<mode> <mode> <blob> <blob> <status>\0<path>\0` (`R`/`C` carry two
/// paths). Git puts a newline before the first change of a commit.
pub(crate) fn parse_log<I>(tokens: I, mut on_blob: impl FnMut(&str)) -> Vec<Commit>
where
    I: IntoIterator<Item = Vec<u8>>,
{
    let mut commits: Vec<Commit> = Vec::new();
    let mut tokens = tokens.into_iter();
    while let Some(token) = tokens.next() {
        let token = trim_newlines(&token);
        if let Some(id) = token.strip_prefix(b"\x01") {
            let date = tokens.next().map(|t| lossy(&t)).unwrap_or_default();
            let author = tokens.next().map(|t| lossy(&t)).unwrap_or_default();
            let subject = tokens.next().map(|t| lossy(&t)).unwrap_or_default();
            commits.push(Commit {
                id: lossy(id),
                date,
                author,
                subject,
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
            let first = tokens.next().map(|t| lossy(&t)).unwrap_or_default();
            let (old_path, path) = if two_paths {
                let second = tokens.next().map(|t| lossy(&t)).unwrap_or_default();
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
            let (old_blob, new_blob) = (blob(old_blob), blob(new_blob));
            for b in [&old_blob, &new_blob].into_iter().flatten() {
                on_blob(b);
            }
            if let Some(commit) = commits.last_mut() {
                commit.changes.push(RawChange {
                    status: status_char,
                    old_blob,
                    new_blob,
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

/// Reads `git cat-file --batch` answers until the end: `(blob id, bytes)`
/// in the order asked; missing blobs are left out.
fn read_batch(stdout: impl Read) -> Result<Blobs, GitError> {
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut blobs = Vec::new();
    let mut header = String::new();
    loop {
        header.clear();
        let n = reader.read_line(&mut header).map_err(GitError::Read)?;
        if n == 0 {
            return Ok(blobs);
        }
        let fields: Vec<&str> = header.trim_end().split(' ').collect();
        match fields[..] {
            [id, _kind, size] => {
                let size: usize = size
                    .parse()
                    .map_err(|_| GitError::Reply(header.trim_end().to_string()))?;
                let mut data = vec![0u8; size + 1];
                reader.read_exact(&mut data).map_err(GitError::Read)?;
                data.truncate(size);
                blobs.push((id.to_string(), data));
            }
            [_id, "missing"] | [_id, "ambiguous"] => {}
            _ => return Err(GitError::Reply(header.trim_end().to_string())),
        }
    }
}

/// The bytes of the file at `path` (relative to `root`, `/`-separated) in
/// commit `commit`, or `None` when git cannot give them.
pub(crate) fn file_at(root: &Path, commit: &str, path: &str) -> Option<Vec<u8>> {
    let out = git(root)
        .args(["cat-file", "blob", &format!("{commit}:./{path}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
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
            "\x01c1\x002026-11-10T09:00:00+01:00\x00Per Lindqvist\x00Fluency: November\x00\n\
             :000000 100644 {z} {a} A\x00goals/a.md\x00\
             :000000 100644 {z} {a} A\x00notes.txt\x00\
             \x01c2\x002026-11-11T09:00:00Z\x00B\x00\x00\n\
             :100644 100644 {a} {b} R087\x00goals/a.md\x00other/a.md\x00\
             :120000 120000 {a} {b} M\x00link.md\x00\
             \x01c3\x002026-11-12T09:00:00Z\x00C\x00Last\x00"
        );
        let mut blobs = Vec::new();
        let tokens = text.as_bytes().split(|&b| b == 0).map(<[u8]>::to_vec);
        let commits = parse_log(tokens, |b| blobs.push(b.to_string()));
        assert_eq!(
            blobs,
            [a.clone(), a.clone(), b.clone()],
            "kept changes only, old and new"
        );
        assert_eq!(commits.len(), 3);
        assert_eq!(commits[0].id, "c1");
        assert_eq!(commits[0].author, "Per Lindqvist");
        assert_eq!(commits[0].subject, "Fluency: November");
        assert_eq!(commits[1].subject, "", "an empty message");
        assert_eq!(commits[2].subject, "Last");
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
        let blobs = read_batch(&reply[..]).unwrap();
        assert_eq!(
            blobs,
            vec![
                ("abc".into(), b"hello".to_vec()),
                ("def".into(), Vec::new())
            ]
        );
        // A reply that is not one: its line, on one line (no line end).
        let bad = read_batch(&b"abc blob many\nhello\n"[..]).unwrap_err();
        assert_eq!(
            bad.to_string(),
            "unexpected reply from git cat-file: abc blob many"
        );
        let bad = read_batch(&b"what?\n"[..]).unwrap_err();
        assert_eq!(bad.to_string(), "unexpected reply from git cat-file: what?");
        // An answer cut short: the system's words, the error as its source.
        let short = read_batch(&b"abc blob 50\nhello\n"[..]).unwrap_err();
        assert!(matches!(short, GitError::Read(_)), "{short:?}");
        assert!(std::error::Error::source(&short).is_some());
    }
}
