//! A real `goalpost watch` or `serve` process for the tests: its stderr
//! collected as it comes, waits bounded by [`PATIENCE`], killed on drop.

use assert_cmd::cargo::CommandCargoExt;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Repo;

/// How long a test waits for a process to do what it should.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A running `goalpost watch|serve`, killed on drop if still running.
pub struct Live {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Live {
    pub fn spawn(repo: &Repo, command: &str, extra: &[&str]) -> Live {
        let mut args = vec!["--debounce", "50"];
        args.extend_from_slice(extra);
        Live::spawn_in(repo.path(), command, &args)
    }

    pub fn spawn_in(root: &Path, command: &str, args: &[&str]) -> Live {
        let mut cmd = Command::cargo_bin("goalpost").unwrap();
        cmd.arg(command).arg(root).args(args);
        Live::start(cmd)
    }

    /// Starts `cmd` (goalpost, or a shell that becomes it) without colour,
    /// collecting its stderr.
    pub fn start(mut cmd: Command) -> Live {
        let mut child = cmd
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", super::repo::no_user_config())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        Live { child, stderr }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr contains `needle` (bounded).
    pub fn wait_for_stderr(&self, needle: &str) {
        self.wait_for_stderr_within(needle, PATIENCE)
    }

    pub fn wait_for_stderr_within(&self, needle: &str, patience: Duration) {
        let deadline = Instant::now() + patience;
        while !self.stderr().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "no `{needle}` on stderr; got:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the process like Ctrl-C and returns its exit code.
    #[cfg(unix)]
    pub fn interrupt(mut self) -> i32 {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "did not exit after Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
