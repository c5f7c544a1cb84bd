//! [`Repo`]: the one fixture-repository builder of the test suite. A goals
//! repository in a temp folder (a copy of a fixture or an example, or
//! empty), files written into it, the `goalpost` binary run on it, and its
//! git history made with fixed authors and dates.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A goals repository in a temp folder, removed when dropped.
pub struct Repo {
    _dir: tempfile::TempDir,
    /// The temp folder, canonical: file watchers report canonical paths,
    /// and a test compares them with paths below this root.
    root: PathBuf,
}

impl Repo {
    /// An empty folder.
    pub fn empty() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical temp dir");
        Repo { _dir: dir, root }
    }

    /// A temp copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Repo {
        let repo = Repo::empty();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            repo.path(),
        );
        repo
    }

    /// A temp copy of `examples/<name>`, without the report that a `serve`
    /// or `build` of the example (the README's first command) leaves in
    /// `site/`. The copy is in no git repository, so its report has no
    /// history from the checkout it was copied from.
    pub fn example(name: &str) -> Repo {
        let repo = Repo::empty();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(name),
            repo.path(),
        );
        let _ = std::fs::remove_dir_all(repo.join("site"));
        repo
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The repository analysed through the library, as of its settings'
    /// `today:` (else the clock).
    pub fn report(&self) -> goalpost::analysis::Report {
        let mut cache = goalpost::project::ParseCache::default();
        let project = goalpost::project::load(self.path(), None, &mut cache).expect("loads");
        project.report(goalpost::project::today(None, &project.settings))
    }

    /// The options of a build of this repository into its `site/` folder.
    pub fn build_options(&self) -> goalpost::site::BuildOptions {
        goalpost::site::BuildOptions {
            root: self.path().to_path_buf(),
            out: Some(self.join("site")),
            ..Default::default()
        }
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes (or replaces) a file, creating folders.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let p = self.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
        self
    }

    /// Creates a folder (and its parents).
    pub fn mkdir(&self, rel: &str) -> &Self {
        std::fs::create_dir_all(self.join(rel)).expect("mkdir");
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// The file's text, or `None` while it is missing (or not UTF-8).
    pub fn try_read(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.join(rel)).ok()
    }

    /// `goalpost <args…>` with the repo as working directory and no colour.
    pub fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::cargo_bin("goalpost").expect("binary");
        c.current_dir(self.path())
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", no_user_config())
            .args(args);
        c
    }

    /// Every file below the repo with its bytes, for "nothing was modified" checks.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(self.path())
    }

    // ------------------------------------------------------------- git

    /// `git <args…>` in the repo, isolated from the user's configuration;
    /// panics unless it succeeds, returns its standard output.
    pub fn git(&self, args: &[&str]) -> String {
        run_git(git(self.path()).args(args), args)
    }

    /// `git init`, on a branch named `main`.
    pub fn git_init(&self) -> &Self {
        self.git(&["init", "-q"]);
        self
    }

    /// `git <args…>` as `author` at `when` (an ISO date-time, with or
    /// without an offset), for commits and merges with fixed dates.
    pub fn git_as(&self, author: &str, when: &str, args: &[&str]) -> String {
        let email = format!(
            "{}@school.example",
            author.split(' ').next().unwrap_or("x").to_lowercase()
        );
        run_git(
            git(self.path())
                .env("GIT_AUTHOR_DATE", when)
                .env("GIT_COMMITTER_DATE", when)
                .args([
                    "-c",
                    &format!("user.name={author}"),
                    "-c",
                    &format!("user.email={email}"),
                ])
                .args(args),
            args,
        )
    }

    /// Commits everything, authored by `author` at `when`. Returns the
    /// commit id.
    pub fn commit(&self, author: &str, when: &str) -> String {
        self.git(&["add", "-A"]);
        self.git_as(author, when, &["commit", "-q", "-m", "update goals"]);
        self.head()
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }
}

/// Fails the test, loudly, unless a `git` command is there: the history
/// tests are never skipped (a skipped test reports a pass that proved
/// nothing). `cargo test` needs git, as it needs a compiler.
pub fn require_git() {
    let found = Command::new("git")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "this test needs the `git` command, and none runs here: install it \
         (apt-get install git); the history tests are never skipped"
    );
}

/// [`require_git`] for the tests still written as `if !git_available() {
/// return }`: it fails instead of returning `false`, so the early return is
/// never taken.
pub fn git_available() -> bool {
    require_git();
    true
}

/// A git command in `dir`, isolated from the user's own configuration.
pub fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ]);
    cmd
}

fn run_git(cmd: &mut Command, args: &[&str]) -> String {
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file below `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    snapshot_into(dir, dir, &mut out);
    out.sort();
    out
}

fn snapshot_into(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            snapshot_into(root, &p, out);
        } else if ft.is_file() {
            let rel = p.strip_prefix(root).unwrap_or(&p).to_path_buf();
            out.push((rel, std::fs::read(&p).unwrap_or_default()));
        }
    }
}

pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for e in std::fs::read_dir(src)
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()))
        .flatten()
    {
        let to = dst.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).expect("copy");
        }
    }
}

/// A settings folder with no goalpost settings in it, for every command a
/// test runs: the user's own `~/.config/goalpost/config.yml` (a personal
/// folder) must not change what a test sees.
pub fn no_user_config() -> PathBuf {
    std::env::temp_dir().join("goalpost-tests-no-user-config")
}
