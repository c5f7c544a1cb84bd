//! The parse cache: keyed by path, size and modification time, and told
//! by the watcher about what it saw change.

use crate::prelude::*;
use goalpost::project::{load, ParseCache};

fn title(repo: &Repo, cache: &mut ParseCache) -> String {
    let project = load(repo.path(), None, cache).expect("loads");
    project.files[0].goals[0].title.clone()
}

#[test]
fn a_same_size_edit_under_a_coarse_clock_is_seen_once_the_watcher_says_so() {
    let repo = Repo::empty();
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: AAAA\n---\n");
    let path = repo.join("goals/a.md");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    let mut cache = ParseCache::default();
    assert_eq!(title(&repo, &mut cache), "AAAA");

    // Same size, and the clock did not move (a network drive's 2-second mtimes).
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: BBBB\n---\n");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(
        title(&repo, &mut cache),
        "AAAA",
        "size and mtime alone cannot tell"
    );

    cache.forget(&path);
    assert_eq!(title(&repo, &mut cache), "BBBB");
}

#[test]
fn a_changed_size_or_time_is_reparsed_without_help() {
    let repo = Repo::empty();
    repo.write("goals/a.md", "---\nkind: purpose\ntitle: Short\n---\n");
    let mut cache = ParseCache::default();
    assert_eq!(title(&repo, &mut cache), "Short");
    repo.write(
        "goals/a.md",
        "---\nkind: purpose\ntitle: A longer title\n---\n",
    );
    assert_eq!(title(&repo, &mut cache), "A longer title");
    // The same size, a later time: read again too.
    let path = repo.join("goals/a.md");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    repo.write(
        "goals/a.md",
        "---\nkind: purpose\ntitle: A LONGER TITLE\n---\n",
    );
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime + std::time::Duration::from_secs(2))
        .unwrap();
    assert_eq!(title(&repo, &mut cache), "A LONGER TITLE");
}

fn titles(repo: &Repo, cache: &mut ParseCache) -> Vec<String> {
    let project = load(repo.path(), None, cache).expect("loads");
    project
        .files
        .iter()
        .flat_map(|f| f.goals.iter().map(|g| g.title.clone()))
        .collect()
}

fn goal(title: &str) -> String {
    format!("---\nkind: purpose\ntitle: {title}\n---\n")
}

#[test]
fn when_the_watcher_vouches_for_what_changed_only_those_files_are_read() {
    let repo = Repo::empty();
    repo.write("goals/a.md", goal("A"));
    repo.write("goals/b.md", goal("B"));
    let mut cache = ParseCache::default();
    assert_eq!(titles(&repo, &mut cache), ["A", "B"]);

    // The watcher saw `a.md` change. `b.md` changed too, unseen: the load
    // takes the watcher's word and does not look at it.
    repo.write("goals/a.md", goal("A, edited"));
    repo.write("goals/b.md", goal("B, edited behind the watcher's back"));
    cache.only_changed([repo.join("goals/a.md").as_path()]);
    assert_eq!(titles(&repo, &mut cache), ["A, edited", "B"]);
    assert_eq!(cache.parsed(), 1);

    // Without the watcher's word, every file is checked again.
    assert_eq!(
        titles(&repo, &mut cache),
        ["A, edited", "B, edited behind the watcher's back"]
    );
}

#[test]
fn a_vouched_path_the_last_walk_did_not_see_makes_the_load_walk_again() {
    let repo = Repo::empty();
    repo.write("goals/a.md", goal("A"));
    let mut cache = ParseCache::default();
    assert_eq!(titles(&repo, &mut cache), ["A"]);

    // A new file.
    repo.write("goals/c.md", goal("C"));
    cache.only_changed([repo.join("goals/c.md").as_path()]);
    assert_eq!(titles(&repo, &mut cache), ["A", "C"]);

    // A new folder of files (the watcher names the folder).
    repo.write("goals/more/d.md", goal("D"));
    cache.only_changed([repo.join("goals/more").as_path()]);
    assert_eq!(titles(&repo, &mut cache), ["A", "C", "D"]);

    // A file gone.
    std::fs::remove_file(repo.join("goals/a.md")).unwrap();
    cache.only_changed([repo.join("goals/a.md").as_path()]);
    assert_eq!(titles(&repo, &mut cache), ["C", "D"]);

    // A file that is not a goal file (settings) changes nothing of the walk,
    // and the goal files are not read again.
    repo.write("goalpost.yml", "title: Renamed\n");
    cache.only_changed([repo.join("goalpost.yml").as_path()]);
    assert_eq!(titles(&repo, &mut cache), ["C", "D"]);
    assert_eq!(cache.parsed(), 0);
}

#[test]
fn what_the_watcher_vouched_for_before_a_failed_load_still_counts() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("goals-repo");
    let away = parent.path().join("elsewhere");
    std::fs::create_dir_all(root.join("goals")).unwrap();
    let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).unwrap();
    let titles = |cache: &mut ParseCache| -> Vec<String> {
        load(&root, None, cache)
            .expect("loads")
            .files
            .iter()
            .flat_map(|f| f.goals.iter().map(|g| g.title.clone()))
            .collect()
    };
    write("goals/a.md", &goal("A"));
    let mut cache = ParseCache::default();
    assert_eq!(titles(&mut cache), ["A"]);

    // A new file, then a load that cannot read the folder at all.
    write("goals/c.md", &goal("C"));
    cache.only_changed([root.join("goals/c.md").as_path()]);
    std::fs::rename(&root, &away).unwrap();
    assert!(load(&root, None, &mut cache).is_err());
    std::fs::rename(&away, &root).unwrap();

    // The next save names another file: the new one is still found.
    write("goals/a.md", &goal("A, edited"));
    cache.only_changed([root.join("goals/a.md").as_path()]);
    assert_eq!(titles(&mut cache), ["A, edited", "C"]);
}

/// A cache for one run keeps no parsed file: a second load through it
/// parses every file again (and reads the same goals), where a kept cache
/// parses none.
#[test]
fn a_cache_for_one_load_keeps_nothing() {
    let repo = Repo::empty();
    repo.write("goals/a.md", goal("A"))
        .write("goals/b.md", goal("B"));
    let mut kept = ParseCache::default();
    let mut once = ParseCache::for_one_load();
    for cache in [&mut kept, &mut once] {
        assert_eq!(titles(&repo, cache), ["A", "B"]);
        assert_eq!(cache.parsed(), 2);
    }
    assert_eq!(titles(&repo, &mut kept), ["A", "B"]);
    assert_eq!(kept.parsed(), 0);
    assert_eq!(titles(&repo, &mut once), ["A", "B"]);
    assert_eq!(once.parsed(), 2);
}
