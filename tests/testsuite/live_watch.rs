//! The watch machinery at library level, with a fake rebuild: every
//! editor's way of saving is seen, temp files and the output folder are
//! not, and a rebuild that writes output never triggers another.
//! All waits are bounded and wait for something: "nothing came through"
//! is shown by a real save that arrives alone afterwards.

use crate::prelude::*;
use goalpost::live::{Changes, Clock, Next, Rebuilt, WatchOptions, Watcher};
use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The default, so that these tests watch as `goalpost watch` does.
const DEBOUNCE: Duration = goalpost::live::watcher::DEFAULT_DEBOUNCE;
/// How long to wait for an expected change before failing.
const PATIENCE: Duration = Duration::from_secs(5);
/// How long to listen to make sure nothing (more) arrives.
const QUIET: Duration = Duration::from_millis(400);

/// Three goals in two folders, an output folder and a `.git` folder.
fn test_repo() -> Repo {
    let repo = Repo::empty();
    repo.mkdir("site")
        .mkdir(".git")
        .write("goalpost.yml", "title: Test School\n")
        .write("goals/a.md", "---\nkind: purpose\ntitle: A\n---\n")
        .write("goals/b.md", "---\nkind: purpose\ntitle: B\n---\n")
        .write("goals/literacy/c.md", "---\nkind: purpose\ntitle: C\n---\n");
    repo
}

fn watch(repo: &Repo) -> Watcher {
    watch_with(repo, |_| {})
}

fn watch_with(repo: &Repo, adjust: impl FnOnce(&mut WatchOptions)) -> Watcher {
    let mut opts = WatchOptions::new(repo.path(), repo.join("site"));
    opts.debounce = DEBOUNCE;
    adjust(&mut opts);
    // inotify watches are in place when `start` returns; nothing to wait for.
    Watcher::start(&opts).unwrap()
}

fn names(changes: &Changes) -> Vec<String> {
    changes
        .paths
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

/// Collects changes until `done` says the expected ones are in (or fails
/// after PATIENCE). Returns everything seen.
fn wait_for(watcher: &mut Watcher, done: impl Fn(&[String]) -> bool) -> Vec<String> {
    let deadline = Instant::now() + PATIENCE;
    let mut seen: Vec<String> = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match watcher.next(Some(left)) {
            Next::Changes(changes) => {
                for name in names(&changes) {
                    if !seen.contains(&name) {
                        seen.push(name);
                    }
                }
                if done(&seen) {
                    return seen;
                }
            }
            Next::Trouble(t) => panic!("watcher trouble: {t}"),
            Next::Stopped => panic!("stopped unexpectedly; saw {seen:?}"),
            Next::TimedOut => panic!("timed out; saw only {seen:?}"),
        }
    }
}

fn wait_for_path(watcher: &mut Watcher, path: &str) -> Vec<String> {
    wait_for(watcher, |seen| seen.iter().any(|p| p == path))
}

/// Asserts that nothing that happened so far reaches the watcher: a real
/// save made now is the next change to arrive, and the only one. Waiting
/// for silence alone would pass with a dead watcher; this cannot. (Events
/// arrive in order, so anything let through before the save comes with it
/// or before it.)
fn assert_quiet(repo: &Repo, watcher: &mut Watcher) {
    repo.write(
        "goals/literacy/c.md",
        format!(
            "---\nkind: purpose\ntitle: C, saved at {:?}\n---\n",
            Instant::now()
        ),
    );
    let seen = wait_for_path(watcher, "goals/literacy/c.md");
    assert_eq!(
        seen,
        vec!["goals/literacy/c.md"],
        "something came through before the save"
    );
}

fn assert_no_temp_files(seen: &[String]) {
    for name in seen {
        assert!(
            name.ends_with(".md")
                || name == "goalpost.yml"
                || name.starts_with("templates")
                || !name.contains('.'),
            "a temp or unrelated file got through: {name} (all: {seen:?})"
        );
        assert!(!name.ends_with('~') && !name.ends_with("4913"), "{name}");
    }
}

#[test]
fn in_place_write_is_one_change() {
    let repo = test_repo();
    let mut w = watch(&repo);
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: A, edited\n---\n");
    let seen = wait_for_path(&mut w, "goals/a.md");
    assert_eq!(seen, vec!["goals/a.md"]);
    assert_quiet(&repo, &mut w);
}

#[test]
fn vim_rename_and_rewrite_save() {
    let repo = test_repo();
    let mut w = watch(&repo);
    // What vim does on `:w` with the default `backupcopy=auto` on Linux.
    repo.write("goals/.a.md.swp", "swap");
    repo.write("goals/4913", "");
    fs::remove_file(repo.join("goals/4913")).unwrap();
    fs::rename(repo.join("goals/a.md"), repo.join("goals/a.md~")).unwrap();
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: A by vim\n---\n");
    fs::remove_file(repo.join("goals/a.md~")).unwrap();
    repo.write("goals/.a.md.swp", "swap 2");
    fs::remove_file(repo.join("goals/.a.md.swp")).unwrap();
    let seen = wait_for_path(&mut w, "goals/a.md");
    assert_no_temp_files(&seen);
    assert_eq!(seen, vec!["goals/a.md"]);
    assert_quiet(&repo, &mut w);
}

#[test]
fn write_temp_then_rename_over() {
    let repo = test_repo();
    let mut w = watch(&repo);
    // VS Code, JetBrains "safe write", most atomic savers.
    repo.write(
        "goals/a.md.tmp",
        "---\nkind: purpose\ntitle: A atomic\n---\n",
    );
    fs::rename(repo.join("goals/a.md.tmp"), repo.join("goals/a.md")).unwrap();
    repo.write(
        "goals/b.md___jb_tmp___",
        "---\nkind: purpose\ntitle: B\n---\n",
    );
    fs::rename(repo.join("goals/b.md"), repo.join("goals/b.md___jb_old___")).unwrap();
    fs::rename(repo.join("goals/b.md___jb_tmp___"), repo.join("goals/b.md")).unwrap();
    fs::remove_file(repo.join("goals/b.md___jb_old___")).unwrap();
    let seen = wait_for(&mut w, |s| {
        s.contains(&"goals/a.md".into()) && s.contains(&"goals/b.md".into())
    });
    assert_no_temp_files(&seen);
    assert_quiet(&repo, &mut w);
}

#[test]
fn emacs_and_other_editor_droppings_alone_are_ignored() {
    let repo = test_repo();
    let mut w = watch(&repo);
    repo.write("goals/#a.md#", "autosave");
    repo.write("goals/.#a.md", "lock");
    repo.write("goals/a.md.bck", "helix");
    repo.write("goals/a.md.kate-swp", "kate");
    repo.write("goals/notes.txt", "not a goal");
    repo.write("goals/.hidden/x.md", "hidden folder");
    repo.write(".git/index", "git");
    repo.write(".git/objects/ab/cdef", "git");
    assert_quiet(&repo, &mut w);
}

#[test]
fn deleting_a_goal_is_seen() {
    let repo = test_repo();
    let mut w = watch(&repo);
    fs::remove_file(repo.join("goals/b.md")).unwrap();
    let seen = wait_for_path(&mut w, "goals/b.md");
    assert_eq!(seen, vec!["goals/b.md"]);
}

#[test]
fn new_file_in_new_folder_then_edits_inside_it() {
    let repo = test_repo();
    let mut w = watch(&repo);
    repo.write("goals/new/deep/d.md", "---\nkind: purpose\ntitle: D\n---\n");
    let seen = wait_for(&mut w, |s| {
        s.iter()
            .any(|p| p == "goals/new" || p == "goals/new/deep/d.md")
    });
    assert!(seen.iter().all(|p| p.starts_with("goals/new")), "{seen:?}");
    // Drain whatever else the folder creation produced.
    while let Next::Changes(_) = w.next(Some(QUIET)) {}
    // The new folder is watched too.
    repo.write(
        "goals/new/deep/d.md",
        "---\nkind: purpose\ntitle: D2\n---\n",
    );
    let seen = wait_for_path(&mut w, "goals/new/deep/d.md");
    assert_eq!(seen, vec!["goals/new/deep/d.md"]);
}

/// Folders named like editors' temp files (`2026`, `old.bak`) are real
/// folders: moved in or out whole, they are seen (FORMAT §1: one rule for
/// which files count, shared with discovery).
#[test]
fn folders_named_like_temp_files_are_seen_coming_and_going() {
    let repo = test_repo();
    let outside = tempfile::tempdir().unwrap();
    for name in ["2026", "old.bak"] {
        let staged = outside.path().join(name);
        fs::create_dir(&staged).unwrap();
        fs::write(staged.join("g.md"), "---\nkind: purpose\ntitle: G\n---\n").unwrap();
    }
    let mut w = watch(&repo);
    for name in ["2026", "old.bak"] {
        let inside = repo.join(&format!("goals/{name}"));
        fs::rename(outside.path().join(name), &inside).unwrap();
        let rel = format!("goals/{name}");
        wait_for(&mut w, |s| s.contains(&rel));
        while let Next::Changes(_) = w.next(Some(QUIET)) {}
        fs::rename(&inside, outside.path().join(name)).unwrap();
        wait_for(&mut w, |s| s.contains(&rel));
        while let Next::Changes(_) = w.next(Some(QUIET)) {}
    }
}

#[test]
fn folder_rename_is_seen_and_the_new_folder_is_watched() {
    let repo = test_repo();
    let mut w = watch(&repo);
    fs::rename(repo.join("goals/literacy"), repo.join("goals/reading")).unwrap();
    let seen = wait_for(&mut w, |s| {
        s.contains(&"goals/literacy".into()) && s.contains(&"goals/reading".into())
    });
    assert_no_temp_files(&seen);
    while let Next::Changes(_) = w.next(Some(QUIET)) {}
    repo.write("goals/reading/c.md", "---\nkind: purpose\ntitle: C2\n---\n");
    assert_eq!(
        wait_for_path(&mut w, "goals/reading/c.md"),
        vec!["goals/reading/c.md"]
    );
}

#[test]
fn settings_and_templates_count() {
    let repo = test_repo();
    let mut w = watch(&repo);
    repo.write("goalpost.yml", "title: Renamed School\n");
    assert_eq!(wait_for_path(&mut w, "goalpost.yml"), vec!["goalpost.yml"]);
    // A templates/ folder added while running, then a file in it.
    repo.write("templates/goal.html", "{{ goal.title }}");
    let seen = wait_for(&mut w, |s| {
        s.iter()
            .any(|p| p == "templates" || p == "templates/goal.html")
    });
    assert!(seen.iter().all(|p| p.starts_with("templates")), "{seen:?}");
}

#[test]
fn output_folder_writes_never_trigger_a_rebuild() {
    let repo = test_repo();
    let mut w = watch(&repo);
    repo.write("site/index.html", "<html></html>");
    repo.write("site/goals/a.html", "<html></html>");
    repo.write(
        "site/goals/x.md",
        "a Markdown file in the output is still output",
    );
    fs::rename(
        repo.join("site/goals/a.html"),
        repo.join("site/goals/b.html"),
    )
    .unwrap();
    assert_quiet(&repo, &mut w);
}

/// An output folder that is a symlink elsewhere: events come through the
/// link's path, and are still ignored.
#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_ignored() {
    let repo = test_repo();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::remove_dir(repo.join("site")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), repo.join("site")).unwrap();
    let mut w = watch(&repo);
    repo.write("site/index.html", "<html></html>");
    repo.write("site/goals/a.md", "output");
    assert_quiet(&repo, &mut w);
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: A\n---\n");
    assert_eq!(wait_for_path(&mut w, "goals/a.md"), vec!["goals/a.md"]);
}

/// The loop itself: a fake rebuild that writes the output folder on every
/// call (as a real build does). One save gives exactly one rebuild.
#[test]
fn run_rebuilds_once_per_save_without_looping() {
    let repo = test_repo();
    let mut w = watch(&repo);
    let stopper = w.stopper();
    let (calls_tx, calls_rx) = mpsc::channel::<Vec<String>>();
    let site = repo.join("site");
    let runner = std::thread::spawn(move || {
        let mut count = 0;
        w.run(
            |changes| {
                count += 1;
                // "Render": copy every goal file into the output folder.
                for entry in fs::read_dir(site.parent().unwrap().join("goals")).unwrap() {
                    let path = entry.unwrap().path();
                    if path.extension().is_some_and(|e| e == "md") {
                        let name = path.file_name().unwrap();
                        fs::write(
                            site.join(name).with_extension("html"),
                            fs::read(&path).unwrap(),
                        )
                        .unwrap();
                    }
                }
                calls_tx.send(names(changes)).unwrap();
                Rebuilt::default()
            },
            |trouble| panic!("trouble: {trouble}"),
        );
        count
    });
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: A once\n---\n");
    let first = calls_rx.recv_timeout(PATIENCE).expect("a rebuild");
    assert_eq!(first, vec!["goals/a.md"]);
    assert_eq!(
        fs::read_to_string(repo.join("site/a.html")).unwrap(),
        "---\nkind: purpose\ntitle: A once\n---\n"
    );
    // The rebuild's own writes do not come back as changes.
    assert!(
        calls_rx.recv_timeout(QUIET).is_err(),
        "a rebuild triggered another"
    );
    repo.write("goals/b.md", "---\nkind: purpose\ntitle: B twice\n---\n");
    assert_eq!(
        calls_rx.recv_timeout(PATIENCE).expect("a second rebuild"),
        vec!["goals/b.md"]
    );
    stopper.stop();
    let count = runner.join().unwrap();
    assert_eq!(count, 2);
}

/// Saves that land while a (slow) rebuild runs are merged into one more rebuild.
#[test]
fn saves_during_a_rebuild_become_one_more_rebuild() {
    let repo = test_repo();
    let mut w = watch(&repo);
    let stopper = w.stopper();
    let (calls_tx, calls_rx) = mpsc::channel::<Vec<String>>();
    let runner = std::thread::spawn(move || {
        w.run(
            |changes| {
                calls_tx.send(names(changes)).unwrap();
                std::thread::sleep(Duration::from_millis(300));
                Rebuilt::default()
            },
            |_| {},
        )
    });
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: A1\n---\n");
    assert_eq!(calls_rx.recv_timeout(PATIENCE).unwrap(), vec!["goals/a.md"]);
    // During the slow rebuild: two saves, far enough apart to be two batches.
    repo.write("goals/b.md", "---\nkind: purpose\ntitle: B1\n---\n");
    std::thread::sleep(DEBOUNCE * 3);
    repo.write(
        "goals/literacy/c.md",
        "---\nkind: purpose\ntitle: C1\n---\n",
    );
    let second = calls_rx.recv_timeout(PATIENCE).unwrap();
    let mut all = second.clone();
    if !all.contains(&"goals/literacy/c.md".to_string()) {
        // The second save may have missed the merge window: then it is the third rebuild.
        all.extend(calls_rx.recv_timeout(PATIENCE).unwrap());
    }
    assert!(
        all.contains(&"goals/b.md".to_string()) && all.contains(&"goals/literacy/c.md".to_string()),
        "{all:?}"
    );
    assert!(second.contains(&"goals/b.md".to_string()));
    stopper.stop();
    runner.join().unwrap();
    assert!(calls_rx.try_recv().is_err());
}

/// A build can move the output folder (goalpost.yml's `output`): the
/// watcher then ignores the new one.
#[test]
fn a_moved_output_folder_is_ignored() {
    let repo = test_repo();
    let mut w = watch(&repo);
    let stopper = w.stopper();
    let public = repo.join("public");
    let (calls_tx, calls_rx) = mpsc::channel::<Vec<String>>();
    let runner = std::thread::spawn(move || {
        w.run(
            |changes| {
                fs::create_dir_all(public.join("goals")).unwrap();
                fs::write(public.join("goals/a.md"), "output that looks like a goal").unwrap();
                calls_tx.send(names(changes)).unwrap();
                Rebuilt {
                    out_dir: Some(public.clone()),
                }
            },
            |_| {},
        )
    });
    repo.write("goalpost.yml", "output: public\n");
    assert_eq!(
        calls_rx.recv_timeout(PATIENCE).unwrap(),
        vec!["goalpost.yml"]
    );
    // The first write to public/ raced the switch and may be seen once,
    // as the folder creation; after that the folder is ignored.
    let _ = calls_rx.recv_timeout(QUIET);
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: A\n---\n");
    assert_eq!(calls_rx.recv_timeout(PATIENCE).unwrap(), vec!["goals/a.md"]);
    // That rebuild wrote public/ again: the next rebuild is for the next
    // save, and only for it.
    repo.write("goals/b.md", "---\nkind: purpose\ntitle: B\n---\n");
    assert_eq!(
        calls_rx.recv_timeout(PATIENCE).unwrap(),
        vec!["goals/b.md"],
        "the new output folder triggered a rebuild"
    );
    stopper.stop();
    runner.join().unwrap();
}

#[test]
fn polling_sees_changes_too() {
    let repo = test_repo();
    let mut w = watch_with(&repo, |o| {
        o.poll = true;
        o.poll_interval = Duration::from_millis(100);
    });
    // Same second, same size as the first scan saw: only the contents differ.
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: Z\n---\n");
    assert_eq!(wait_for_path(&mut w, "goals/a.md"), vec!["goals/a.md"]);
    repo.write("goals/new/e.md", "---\nkind: purpose\ntitle: E\n---\n");
    let seen = wait_for(&mut w, |s| s.iter().any(|p| p == "goals/new/e.md"));
    assert!(seen.iter().all(|p| p.starts_with("goals/new")), "{seen:?}");
    repo.write("site/index.html", "output");
    assert_quiet(&repo, &mut w);
    // A new top-level folder is polled from then on; one removed is dropped.
    repo.write("more/f.md", "---\nkind: purpose\ntitle: F\n---\n");
    wait_for(&mut w, |s| {
        s.iter().any(|p| p == "more" || p == "more/f.md")
    });
    while let Next::Changes(_) = w.next(Some(QUIET)) {}
    repo.write("more/f.md", "---\nkind: purpose\ntitle: F2\n---\n");
    assert_eq!(wait_for_path(&mut w, "more/f.md"), vec!["more/f.md"]);
    fs::remove_dir_all(repo.join("more")).unwrap();
    let seen = wait_for(&mut w, |s| s.iter().any(|p| p == "more"));
    assert!(seen.iter().all(|p| p.starts_with("more")), "{seen:?}");
    while let Next::Changes(c) = w.next(Some(QUIET)) {
        assert!(names(&c).iter().all(|p| p.starts_with("more")), "{c:?}");
    }
    repo.write("goalpost.yml", "title: Polled School\n");
    assert_eq!(wait_for_path(&mut w, "goalpost.yml"), vec!["goalpost.yml"]);
}

#[test]
fn stop_ends_a_blocked_wait() {
    let repo = test_repo();
    let mut w = watch(&repo);
    let stopper = w.stopper();
    let started = Instant::now();
    let waiter = std::thread::spawn(move || matches!(w.next(None), Next::Stopped));
    std::thread::sleep(Duration::from_millis(50));
    stopper.stop();
    assert!(waiter.join().unwrap());
    assert!(started.elapsed() < PATIENCE);
}

#[test]
fn a_missing_folder_cannot_be_watched() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let err = Watcher::start(&WatchOptions::new(&missing, missing.join("site")))
        .err()
        .unwrap();
    assert!(err.to_string().contains("nope"), "{err}");
}

#[test]
fn describe_is_one_short_line() {
    let one = Changes {
        paths: vec![Path::new("goals").join("x.md")],
        ..Changes::default()
    };
    assert_eq!(one.describe(), "goals/x.md changed");
    let three = Changes {
        paths: vec!["a.md".into(), "b.md".into(), "goalpost.yml".into()],
        ..Changes::default()
    };
    assert_eq!(three.describe(), "a.md and 2 more changed");
    assert_eq!(
        Changes {
            paths: vec![],
            rescan: true,
            ..Changes::default()
        }
        .describe(),
        "files changed"
    );
    let new_folder = Changes {
        paths: vec!["goals/new".into(), "goals/new/x.md".into()],
        ..Changes::default()
    };
    assert_eq!(new_folder.describe(), "goals/new/x.md and 1 more changed");
    assert_eq!(Changes::new_day().describe(), "a new day");
    assert!(!Changes::new_day().is_empty());
}

/// A clock that runs at the real pace from `start`.
#[derive(Clone)]
struct ClockFrom {
    start: jiff::Zoned,
    began: Instant,
}

impl Clock for ClockFrom {
    fn now(&self) -> jiff::Zoned {
        let passed = jiff::SignedDuration::try_from(self.began.elapsed()).unwrap();
        self.start.checked_add(passed).unwrap()
    }
}

/// A watch loop on a clock that starts at `start` (UTC-5) and runs at the
/// real pace, whose last build was on `built_on` (default: the clock's
/// date). Each rebuild sends what changed and the clock's date then.
struct ClockedLoop {
    calls: mpsc::Receiver<(Changes, jiff::civil::Date)>,
    stopper: goalpost::live::Stopper,
    runner: std::thread::JoinHandle<()>,
    repo: Repo,
}

impl ClockedLoop {
    fn start(start: &str, built_on: Option<jiff::civil::Date>) -> ClockedLoop {
        let repo = test_repo();
        let mut w = watch(&repo);
        let stopper = w.stopper();
        let zone = jiff::tz::TimeZone::fixed(jiff::tz::offset(-5));
        let start: jiff::civil::DateTime = start.parse().unwrap();
        let clock = ClockFrom {
            start: start.to_zoned(zone).unwrap(),
            began: Instant::now(),
        };
        let (calls_tx, calls) = mpsc::channel();
        let runner = std::thread::spawn(move || {
            let seen = clock.clone();
            let built_on = built_on.unwrap_or_else(|| clock.now().date());
            w.run_by(
                &clock,
                built_on,
                |changes| {
                    calls_tx.send((changes.clone(), seen.now().date())).unwrap();
                    Rebuilt::default()
                },
                |trouble| panic!("trouble: {trouble}"),
            );
        });
        ClockedLoop {
            calls,
            stopper,
            runner,
            repo,
        }
    }

    /// Asserts that no rebuild is pending: a real save made now gives the
    /// next rebuild, and it is for that save alone (not a new day, no other
    /// file). Listening for silence alone would pass with a dead loop.
    fn assert_quiet(&self) {
        self.repo.write(
            "goals/literacy/c.md",
            format!(
                "---\nkind: purpose\ntitle: C, saved at {:?}\n---\n",
                Instant::now()
            ),
        );
        let (changes, _) = self
            .calls
            .recv_timeout(PATIENCE)
            .expect("a rebuild for the save");
        assert_eq!(names(&changes), vec!["goals/literacy/c.md"], "{changes:?}");
        assert!(!changes.new_day && !changes.rescan, "{changes:?}");
    }

    fn stop(self) {
        self.stopper.stop();
        self.runner.join().unwrap();
    }
}

/// A first build that began before midnight and ended after it is
/// followed by one for the new day.
#[test]
fn a_build_across_midnight_is_followed_by_one_for_the_new_day() {
    let run = ClockedLoop::start(
        "2026-11-21T00:00:00.100",
        Some(jiff::civil::date(2026, 11, 20)),
    );
    let (changes, _) = run
        .calls
        .recv_timeout(PATIENCE)
        .expect("a rebuild for the new day");
    assert!(changes.new_day, "{changes:?}");
    assert!(run.calls.recv_timeout(QUIET).is_err(), "one rebuild");
    run.assert_quiet();
    run.stop();
}

/// Left running past midnight, the loop rebuilds once for the new day,
/// with no file changed, and not before midnight.
#[test]
fn a_new_day_is_one_rebuild() {
    let run = ClockedLoop::start("2026-11-20T23:59:59.500", None);
    assert!(
        run.calls.recv_timeout(Duration::from_millis(300)).is_err(),
        "a rebuild before midnight"
    );
    let (changes, day) = run
        .calls
        .recv_timeout(PATIENCE)
        .expect("a rebuild at midnight");
    assert!(changes.new_day && changes.paths.is_empty(), "{changes:?}");
    assert_eq!(day, jiff::civil::date(2026, 11, 21));
    assert!(
        run.calls.recv_timeout(QUIET).is_err(),
        "more than one rebuild for the new day"
    );
    run.assert_quiet();
    run.stop();
}
