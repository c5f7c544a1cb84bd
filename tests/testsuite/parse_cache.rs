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
}
