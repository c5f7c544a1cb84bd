use super::manifest::{self, Stamp};
use super::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

type Res = Result<(), Box<dyn std::error::Error>>;

fn page(path: &str, text: &str) -> Page {
    Page {
        path: path.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn stats(written: usize, unchanged: usize, removed: usize) -> WriteStats {
    WriteStats {
        written,
        unchanged,
        removed,
        ..WriteStats::default()
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| format!("<{e}>"))
}

/// A build through [`SiteWriter`]: `write` each page, `keep` each path.
fn build(
    out: &Path,
    last: Option<Written>,
    pages: &[(&str, &str)],
    keep: &[&str],
) -> Result<(WriteStats, Written), OutputError> {
    let writer = SiteWriter::begin(out, last)?;
    for (path, text) in pages {
        writer.write(path, text.as_bytes())?;
    }
    for path in keep {
        assert!(writer.keep(path)?, "kept {path}");
    }
    writer.finish()
}

#[test]
fn refuses_paths_that_leave_the_folder() {
    assert!(clean_relative("goals/a.html").is_some());
    for bad in [
        "../x",
        "/etc/x",
        "a/../../x",
        "",
        "a\\..\\x",
        "./",
        "a\nb",
        "a\tb",
    ] {
        assert!(clean_relative(bad).is_none(), "{bad:?}");
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string());
    let Ok(dir) = dir else { return };
    let err = write_site(dir.path(), &[page("../escape.html", "x")]);
    assert!(matches!(err, Err(OutputError::BadPath(_))));
    assert!(!dir
        .path()
        .parent()
        .map(|p| p.join("escape.html").exists())
        .unwrap_or(true));
    let err = write_site(dir.path(), &[page(MANIFEST, "x")]);
    assert!(matches!(err, Err(OutputError::BadPath(_))), "{err:?}");
}

#[test]
fn writes_then_skips_unchanged_then_removes_stale() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let first = write_site(
        &out,
        &[
            page("index.html", "a"),
            page("goals/x.html", "x"),
            page("goals/deep/y.html", "y"),
        ],
    )?;
    assert_eq!(first, stats(3, 0, 0));
    assert_eq!(fs::read_to_string(out.join("goals/x.html"))?, "x");
    // A file of the user's that goalpost did not write.
    fs::write(out.join("goals/notes.txt"), "mine")?;
    let second = write_site(&out, &[page("index.html", "b"), page("goals/x.html", "x")])?;
    assert_eq!(second, stats(1, 1, 1));
    assert!(!out.join("goals/deep").exists(), "emptied folder removed");
    assert!(out.join("goals/notes.txt").exists(), "unlisted file kept");
    assert_eq!(fs::read_to_string(out.join("index.html"))?, "b");
    // No temp files left behind.
    let leftovers: Vec<_> = fs::read_dir(&out)?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    Ok(())
}

#[test]
fn three_builds_count_written_unchanged_removed() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (first, w1) = build(
        &out,
        None,
        &[
            ("index.html", "one"),
            ("goals/a.html", "A"),
            ("goals/b.html", "B"),
        ],
        &[],
    )?;
    assert_eq!(first, stats(3, 0, 0));
    let (second, w2) = build(
        &out,
        Some(w1),
        &[
            ("index.html", "two"),
            ("goals/a.html", "A"),
            ("goals/c.html", "C"),
        ],
        &[],
    )?;
    assert_eq!(second, stats(2, 1, 1));
    assert!(!out.join("goals/b.html").exists());
    assert_eq!(read(&out.join("index.html")), "two");
    // The third from a fresh start (no `last`): the manifest says the same.
    let (third, w3) = build(&out, None, &[("index.html", "two")], &[])?;
    assert_eq!(third, stats(0, 1, 2));
    assert!(!out.join("goals").exists(), "emptied folder removed");
    assert_eq!(w3.paths().collect::<Vec<_>>(), ["index.html"]);
    assert_ne!(w2, w3);
    Ok(())
}

#[test]
fn duplicate_paths_first_write_wins() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let s = write_site(
        &out,
        &[
            page("a.html", "first"),
            page("a.html", "second"),
            page("b//c.html", "c1"),
            page("b/c.html", "c2"),
        ],
    )?;
    assert_eq!(s, stats(2, 0, 0));
    assert_eq!(read(&out.join("a.html")), "first");
    assert_eq!(read(&out.join("b/c.html")), "c1");
    assert_eq!(manifest_files(&out), ["a.html", "b/c.html"]);
    Ok(())
}

#[test]
fn writer_is_send_and_sync() {
    fn both<T: Send + Sync>() {}
    both::<SiteWriter>();
    both::<Written>();
}

#[test]
fn many_threads_write_at_once() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let paths: Vec<String> = (0..400)
        .map(|i| format!("f{}/g{}/page-{i}.html", i % 7, i % 3))
        .collect();
    let text = |p: &str| format!("<p>{p}</p>");
    let writer = SiteWriter::begin(&out, None)?;
    // Every path twice, in parallel: each is written exactly once.
    paths
        .par_iter()
        .chain(paths.par_iter())
        .try_for_each(|p| writer.write(p, text(p).as_bytes()))?;
    let (first, written) = writer.finish()?;
    assert_eq!(first, stats(400, 0, 0));
    assert_eq!(written.len(), 400);
    for p in &paths {
        assert_eq!(read(&out.join(p)), text(p));
    }
    assert_eq!(written.dirs.len(), 7 + 7 * 3);

    // Again in parallel, half changed, with the last build in memory.
    let writer = SiteWriter::begin(&out, Some(written))?;
    paths.par_iter().enumerate().try_for_each(|(i, p)| {
        let t = if i % 2 == 0 { text(p) } else { text(p) + "!" };
        writer.write(p, t.as_bytes())
    })?;
    let (second, _) = writer.finish()?;
    assert_eq!(second, stats(200, 200, 0));
    let leftovers = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0);
    Ok(())
}

#[test]
fn keep_keeps_a_file_neither_rewritten_nor_removed() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (_, w1) = build(
        &out,
        None,
        &[
            ("index.html", "i"),
            ("goals/a.html", "A"),
            ("goals/b.html", "B"),
        ],
        &[],
    )?;
    let before = fs::metadata(out.join("goals/b.html"))?.modified()?;

    let writer = SiteWriter::begin(&out, Some(w1))?;
    writer.write("index.html", b"i2")?;
    assert!(writer.keep("goals/b.html")?);
    assert!(!writer.keep("goals/never.html")?, "not recorded");
    let (second, w2) = writer.finish()?;
    assert_eq!(
        second,
        WriteStats {
            written: 1,
            removed: 1,
            kept: 1,
            ..WriteStats::default()
        }
    );
    assert!(!out.join("goals/a.html").exists());
    assert_eq!(read(&out.join("goals/b.html")), "B");
    assert_eq!(fs::metadata(out.join("goals/b.html"))?.modified()?, before);
    assert_eq!(w2.hash("goals/b.html"), Some(content_hash(b"B")));
    assert!(
        Written::read(&out).contains("goals/b.html"),
        "still recorded"
    );

    // A kept file that is no longer there as recorded is not kept.
    fs::write(out.join("goals/b.html"), "BB")?;
    let writer = SiteWriter::begin(&out, Some(w2.clone()))?;
    assert!(!writer.keep("goals/b.html")?, "different length");
    writer.write("goals/b.html", b"B")?;
    let (third, w3) = writer.finish()?;
    assert_eq!((third.written, third.kept), (1, 0));
    fs::remove_file(out.join("goals/b.html"))?;
    let writer = SiteWriter::begin(&out, Some(w3))?;
    assert!(!writer.keep("goals/b.html")?, "deleted");
    drop(writer);

    // Not kept (nor written) any more: removed as stale.
    let (_, w4) = build(
        &out,
        None,
        &[("index.html", "i2"), ("goals/b.html", "B")],
        &[],
    )?;
    let (fifth, _) = build(&out, Some(w4), &[("index.html", "i2")], &[])?;
    assert_eq!(fifth, stats(0, 1, 1));
    assert!(!out.join("goals/b.html").exists());
    Ok(())
}

/// The trade-off of trusting recorded hashes: a same-length edit made
/// behind goalpost's back is not seen, by a writer in memory or by a fresh
/// process reading the manifest.
#[test]
fn unchanged_is_decided_without_reading_the_file() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (_, w1) = build(&out, None, &[("goals/a.html", "aaaa")], &[])?;
    fs::write(out.join("goals/a.html"), "bbbb")?;
    let (again, w2) = build(&out, Some(w1), &[("goals/a.html", "aaaa")], &[])?;
    assert_eq!(again, stats(0, 1, 0));
    assert_eq!(
        read(&out.join("goals/a.html")),
        "bbbb",
        "not read, not rewritten"
    );
    let (fresh, _) = build(&out, None, &[("goals/a.html", "aaaa")], &[])?;
    assert_eq!(fresh, stats(0, 1, 0));
    assert_eq!(read(&out.join("goals/a.html")), "bbbb");
    // A different length is seen.
    fs::write(out.join("goals/a.html"), "bbbbb")?;
    let (seen, _) = build(&out, Some(w2), &[("goals/a.html", "aaaa")], &[])?;
    assert_eq!(seen, stats(1, 0, 0));
    assert_eq!(read(&out.join("goals/a.html")), "aaaa");
    Ok(())
}

#[test]
fn a_written_from_memory_is_not_used_once_another_build_wrote() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (_, w1) = build(&out, None, &[("a.html", "aaaa")], &[])?;
    // Another process builds in between (a different `--include-private`…).
    write_site(&out, &[page("a.html", "cccc")])?;
    let (s, _) = build(&out, Some(w1), &[("a.html", "aaaa")], &[])?;
    assert_eq!(s, stats(1, 0, 0));
    assert_eq!(read(&out.join("a.html")), "aaaa");
    Ok(())
}

#[test]
fn manifest_round_trip() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (_, written) = build(
        &out,
        None,
        &[("index.html", "home"), ("goals/deep/x.html", "x")],
        &[],
    )?;
    assert_eq!(Written::read(&out), written);
    assert!(written.trusted());
    let text = fs::read_to_string(out.join(MANIFEST))?;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], manifest::HEADER);
    assert!(lines[1].starts_with("# build "), "{text}");
    assert_eq!(lines[2], format!("# made by {}", maker()));
    assert_eq!(
        lines[3..].to_vec(),
        [
            "goals/".to_string(),
            "goals/deep/".to_string(),
            format!("goals/deep/x.html\t{:016x}\t1", content_hash(b"x")),
            format!("index.html\t{:016x}\t4", content_hash(b"home")),
        ]
    );
    assert_eq!(manifest_files(&out), ["goals/deep/x.html", "index.html"]);
    // Old and new lines side by side, and an incomplete manifest.
    let files: BTreeMap<String, Option<Stamp>> = [
        ("a b.html".to_string(), Some(Stamp::of(b"ab"))),
        ("legacy.html".to_string(), None),
    ]
    .into();
    let dirs: BTreeSet<String> = ["d".to_string()].into();
    for token in [Some(7), None] {
        let parsed = manifest::parse(&manifest_of(&files, &dirs, token).text());
        assert_eq!(
            (parsed.files, parsed.dirs, parsed.build),
            (files.clone(), dirs.clone(), token)
        );
    }
    Ok(())
}

#[test]
fn the_hash_is_stable() {
    // XXH3-64 reference values: a change here would make every manifest
    // on disk look stale (and leave its stale files behind).
    assert_eq!(content_hash(b""), 0x2d06800538d394c2);
    assert_eq!(content_hash(b"a"), 0xe6c632b61e964e1f);
    let long: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(content_hash(&long), 0xb418500fc42320ee);
}

#[test]
fn old_format_manifest_is_honoured() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    fs::create_dir_all(out.join("goals"))?;
    fs::write(out.join("index.html"), "home")?;
    fs::write(out.join("goals/a.html"), "aaaa")?;
    fs::write(out.join("old.html"), "old")?;
    fs::write(
        out.join(MANIFEST),
        "# goalpost: files written by the last build; do not edit\ngoals/\ngoals/a.html\nindex.html\nold.html\n",
    )?;
    let old = Written::read(&out);
    assert_eq!(old.len(), 3);
    assert_eq!(old.hash("index.html"), None);
    // Same length: compared by reading, once.
    let (s, written) = build(
        &out,
        None,
        &[("index.html", "home"), ("goals/a.html", "bbbb")],
        &[],
    )?;
    assert_eq!(s.written, 1);
    assert_eq!(s.unchanged, 1);
    assert_eq!(read(&out.join("goals/a.html")), "bbbb");
    // A file recorded without a hash cannot be proven goalpost's: left alone.
    assert_eq!((s.removed, s.kept_foreign), (0, 1));
    assert!(out.join("old.html").exists());
    // The new manifest has hashes.
    assert_eq!(written.hash("index.html"), Some(content_hash(b"home")));
    assert_eq!(Written::read(&out), written);
    Ok(())
}

#[test]
fn a_stale_file_edited_since_is_left_alone() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (_, w1) = build(&out, None, &[("index.html", "i"), ("x.html", "x")], &[])?;
    fs::write(out.join("x.html"), "y")?; // same length, other bytes
    let (s, w2) = build(&out, Some(w1), &[("index.html", "i")], &[])?;
    assert_eq!(
        s,
        WriteStats {
            unchanged: 1,
            kept_foreign: 1,
            ..WriteStats::default()
        }
    );
    assert_eq!(read(&out.join("x.html")), "y");
    assert!(!w2.contains("x.html"), "no longer claimed");
    Ok(())
}

#[test]
fn a_planted_manifest_never_deletes_goal_files() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    fs::create_dir_all(out.join("goals"))?;
    let goals = [
        ("goals/a.md", "---\nkind: purpose\ntitle: A\n---\n"),
        ("goals/b.MD", "\u{feff}---  \r\ntitle: B\n---\n"),
        ("goals/c.md", "+++\ntitle = 'C'\n+++\n"),
        ("d.md", "---\ntitle: D\n---\n"),
    ];
    let mut files = BTreeMap::new();
    for (path, text) in goals {
        fs::write(out.join(path), text)?;
        // Planted with the right hashes, and once more in the old format.
        files.insert(path.to_string(), Some(Stamp::of(text.as_bytes())));
    }
    let dirs: BTreeSet<String> = ["goals".to_string()].into();
    for token in [Some(1), None] {
        fs::write(out.join(MANIFEST), manifest_of(&files, &dirs, token).text())?;
        let s = write_site(&out, &[page("index.html", "home")])?;
        assert_eq!((s.removed, s.kept_foreign), (0, goals.len()));
        for (path, text) in goals {
            assert_eq!(read(&out.join(path)), text, "{path}");
        }
        fs::write(
            out.join(MANIFEST),
            format!(
                "{}\ngoals/\ngoals/a.md\ngoals/b.MD\ngoals/c.md\nd.md\n",
                manifest::HEADER
            ),
        )?;
        let s = write_site(&out, &[page("index.html", "home")])?;
        assert_eq!((s.removed, s.kept_foreign), (0, goals.len()));
    }
    // Nor overwrites one.
    let err = write_site(&out, &[page("goals/a.md", "---\nnew\n")]);
    assert!(matches!(err, Err(OutputError::Unsafe { .. })), "{err:?}");
    assert_eq!(read(&out.join("goals/a.md")), goals[0].1);
    // And the folder is not taken for a report, manifest or not.
    let repo = dir.path();
    let err = check_output_dir(repo, &out);
    assert!(matches!(err, Err(OutputError::Unsafe { .. })), "{err:?}");
    // Only a folder the same session's last build wrote is not looked
    // through again (`watch` after each save); its other checks stand.
    assert!(super::check_output_dir_again(repo, &out, false).is_err());
    assert!(super::check_output_dir_again(repo, &out, true).is_ok());
    assert!(super::check_output_dir_again(repo, repo, true).is_err());
    Ok(())
}

#[test]
fn a_build_dropped_part_way_records_what_it_wrote() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (_, w1) = build(&out, None, &[("a.html", "aaaa"), ("b.html", "b")], &[])?;
    {
        let writer = SiteWriter::begin(&out, Some(w1.clone()))?;
        writer.write("a.html", b"xxxx")?;
        writer.write("new/c.html", b"c")?;
        // An error here: the writer is dropped without `finish`.
    }
    let after = Written::read(&out);
    assert!(after.trusted());
    assert_eq!(after.hash("a.html"), Some(content_hash(b"xxxx")));
    assert!(
        after.contains("b.html"),
        "nothing removed, nothing forgotten"
    );
    assert!(after.contains("new/c.html"));
    // The in-memory `last` is out of date; the manifest is used instead.
    let (s, _) = build(&out, Some(w1), &[("a.html", "aaaa")], &[])?;
    assert_eq!(s, stats(1, 0, 2));
    assert_eq!(read(&out.join("a.html")), "aaaa");
    assert!(!out.join("new").exists());
    Ok(())
}

#[test]
fn a_build_killed_part_way_leaves_the_manifest_marked_incomplete() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (_, w1) = build(&out, None, &[("a.html", "aaaa"), ("b.html", "bbbb")], &[])?;
    let writer = SiteWriter::begin(&out, Some(w1.clone()))?;
    writer.write("a.html", b"xxxx")?;
    writer.abandon(); // as if the process died: no `finish`, no `drop`
    let after = Written::read(&out);
    assert!(!after.trusted(), "marked incomplete before the overwrite");
    assert_eq!(after.hash("a.html"), Some(content_hash(b"aaaa")));
    // The next build reads instead of trusting the recorded hash.
    let (s, w2) = build(
        &out,
        Some(w1),
        &[("a.html", "aaaa"), ("b.html", "bbbb")],
        &[],
    )?;
    assert_eq!(s, stats(1, 1, 0));
    assert_eq!(read(&out.join("a.html")), "aaaa");
    assert!(w2.trusted() && Written::read(&out).trusted());
    Ok(())
}

#[test]
fn nothing_changed_leaves_the_manifest_alone() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (_, w1) = build(&out, None, &[("a/b.html", "b")], &[])?;
    let before = fs::read_to_string(out.join(MANIFEST))?;
    let (_, w2) = build(&out, Some(w1.clone()), &[("a/b.html", "b")], &[])?;
    assert_eq!(w1, w2);
    assert_eq!(fs::read_to_string(out.join(MANIFEST))?, before);
    Ok(())
}

#[cfg(unix)]
#[test]
fn refuses_symlinks() -> Res {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let outside = dir.path().join("outside");
    fs::create_dir_all(&out)?;
    fs::create_dir_all(&outside)?;
    fs::write(outside.join("secret.html"), "secret")?;
    symlink(outside.join("secret.html"), out.join("link.html"))?;
    symlink(&outside, out.join("away"))?;
    for path in ["link.html", "away/secret.html", "away/new/x.html"] {
        let err = write_site(&out, &[page(path, "x")]);
        assert!(
            matches!(
                err,
                Err(OutputError::BadPath(_) | OutputError::InTheWay { .. })
            ),
            "{path}: {err:?}"
        );
        let writer = SiteWriter::begin(&out, None)?;
        assert!(writer.keep(path).is_ok_and(|kept| !kept), "{path}");
    }
    assert_eq!(read(&outside.join("secret.html")), "secret");
    assert!(!outside.join("new").exists());
    Ok(())
}

/// A folder the build made holds only its pages, so a page there is made
/// without first looking for what is in its way; what appears there
/// meanwhile (a link out, a file) is still refused, never written through
/// or over.
#[cfg(unix)]
#[test]
fn a_page_in_a_folder_the_build_made_never_goes_through_what_appeared() -> Res {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let outside = dir.path().join("outside");
    fs::create_dir_all(&outside)?;
    fs::write(outside.join("secret.html"), "secret")?;
    let writer = SiteWriter::begin(&out, None)?;
    writer.write("goals/a.html", b"a")?;
    symlink(outside.join("secret.html"), out.join("goals/link.html"))?;
    fs::write(out.join("goals/theirs.html"), "theirs")?;
    for path in ["goals/link.html", "goals/theirs.html"] {
        let err = writer.write(path, b"page");
        assert!(
            matches!(err, Err(OutputError::InTheWay { .. })),
            "{path}: {err:?}"
        );
    }
    writer.write("goals/b.html", b"b")?;
    writer.finish()?;
    assert_eq!(read(&outside.join("secret.html")), "secret");
    assert_eq!(read(&out.join("goals/theirs.html")), "theirs");
    assert_eq!(read(&out.join("goals/a.html")), "a");
    assert_eq!(read(&out.join("goals/b.html")), "b");
    Ok(())
}

#[test]
fn frontmatter_is_recognised_as_the_reader_does() -> Res {
    let dir = tempfile::tempdir()?;
    let cases = [
        ("---\nx: 1\n", true),
        ("---   \r\nx: 1\n", true),
        ("\u{feff}---\n", true),
        ("---", true),
        ("+++\n", true),
        ("# Notes\n---\n", false),
        ("----\n", false),
        ("", false),
    ];
    for (i, (text, goal)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("{i}.md"));
        fs::write(&path, text)?;
        assert_eq!(is_goal_file(&path), *goal, "{text:?}");
        let txt = dir.path().join(format!("{i}.txt"));
        fs::write(&txt, text)?;
        assert!(!is_goal_file(&txt));
    }
    Ok(())
}

#[test]
fn a_first_build_killed_part_way_is_recovered_from_its_intent_log() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let writer = SiteWriter::begin(&out, None)?;
    writer.write("a.html", b"aaaa")?;
    writer.write("goals/b.html", b"bb")?;
    writer.abandon();
    assert!(!out.join(MANIFEST).exists(), "no manifest yet");
    let journal = fs::read_to_string(out.join(JOURNAL))?;
    let pages: Vec<&str> = journal.lines().filter(|l| !l.ends_with('/')).collect();
    assert_eq!(pages.len(), 2, "{journal}");
    assert!(
        pages.iter().all(|l| l.ends_with("\t-")),
        "pages where nothing was are made in place, without a temp file: {journal}"
    );
    // A second build, killed while it replaces a.html, which goes through a
    // temp file: the log names it, and a kill can leave it behind.
    let writer = SiteWriter::begin(&out, None)?;
    writer.write("a.html", b"AAAA")?;
    writer.abandon();
    let journal = fs::read_to_string(out.join(JOURNAL))?;
    let tmp = journal
        .lines()
        .find(|l| l.starts_with("a.html\t"))
        .and_then(|l| l.split('\t').nth(3))
        .unwrap_or_default()
        .to_string();
    assert!(
        tmp.starts_with(".a.html.") && tmp.ends_with(".tmp"),
        "{tmp}"
    );
    fs::write(out.join(&tmp), "aa")?;
    // A page cut short while it was made in place, and a line cut short.
    let c = Stamp::of(b"cccc");
    fs::write(out.join("c.html"), "cc")?;
    fs::write(
        out.join(JOURNAL),
        format!("{journal}c.html\t{:016x}\t4\t-\nd.html\t12", c.hash),
    )?;
    fs::write(out.join("mine.txt"), "mine")?;
    // The folder is goalpost's: its intent log says so.
    check_output_dir(dir.path(), &out).map_err(|e| e.to_string())?;
    let (s, w) = build(&out, None, &[("a.html", "aaaa")], &[])?;
    assert_eq!(
        s,
        WriteStats {
            kept_foreign: 1,
            ..stats(1, 0, 1)
        },
        "a.html written back; b.html was goalpost's: removed as stale; \
         c.html, cut short, is not known well enough to delete"
    );
    assert_eq!(read(&out.join("a.html")), "aaaa");
    assert_eq!(read(&out.join("c.html")), "cc");
    assert!(!out.join(&tmp).exists(), "temp file removed");
    assert_eq!(fs::metadata(out.join(JOURNAL))?.len(), 0, "log emptied");
    assert!(
        !out.join("goals").exists(),
        "the folder it made, emptied, removed"
    );
    assert_eq!(read(&out.join("mine.txt")), "mine");
    assert!(w.trusted() && Written::read(&out).trusted());
    Ok(())
}

#[test]
fn a_page_cut_short_while_made_in_place_is_written_again() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let writer = SiteWriter::begin(&out, None)?;
    writer.write("a.html", b"aaaa")?;
    writer.write("goals/b.html", b"bbbb")?;
    writer.abandon();
    // As if the kill came in the middle of writing them.
    fs::write(out.join("a.html"), "aa")?;
    fs::write(out.join("goals/b.html"), "bbbb")?;
    let (s, w) = build(
        &out,
        None,
        &[("a.html", "aaaa"), ("goals/b.html", "bbbb")],
        &[],
    )?;
    assert_eq!(s, stats(1, 1, 0));
    assert_eq!(read(&out.join("a.html")), "aaaa");
    assert!(w.trusted());
    Ok(())
}

#[test]
fn a_file_that_goalpost_did_not_write_is_never_overwritten() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    build(&out, None, &[("a.html", "aaaa")], &[])?;
    fs::write(out.join("b.html"), "someone's")?;
    fs::create_dir(out.join("c.html"))?;
    for path in ["b.html", "c.html"] {
        let err = write_site(&out, &[page("a.html", "aaaa"), page(path, "new")]);
        let Err(OutputError::InTheWay { path: named, .. }) = &err else {
            return Err(format!("{path}: {err:?}").into());
        };
        assert!(named.ends_with(path), "{named:?}");
    }
    assert_eq!(read(&out.join("b.html")), "someone's");
    // The same bytes are no overwrite.
    let (s, _) = build(
        &out,
        None,
        &[("a.html", "aaaa"), ("b.html", "someone's")],
        &[],
    )?;
    assert_eq!(s, stats(0, 2, 0));
    Ok(())
}

/// `write_streamed` with `parts` written one after another.
fn streamed(writer: &SiteWriter, path: &str, parts: &[&[u8]]) -> Result<(), OutputError> {
    writer.write_streamed(path, |out| {
        for part in parts {
            out.write_all(part)?;
        }
        Ok(())
    })
}

#[test]
fn a_streamed_file_is_recorded_as_if_written_whole() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    // Parts across the 64 KB buffer: the hash on the way is the whole's hash.
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let (head, tail) = big.split_at(70_001);
    let writer = SiteWriter::begin(&out, None)?;
    streamed(&writer, "data/big.csv", &[head, b"", tail])?;
    let (s, w) = writer.finish()?;
    assert_eq!(s, stats(1, 0, 0));
    assert_eq!(fs::read(out.join("data/big.csv"))?, big);
    assert_eq!(w.hash("data/big.csv"), Some(content_hash(&big)));
    let leftovers: Vec<_> = fs::read_dir(out.join("data"))?
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(leftovers.len(), 1, "no temp file left: {leftovers:?}");
    // The same bytes again (from memory, then from the manifest on disk):
    // unchanged; then different bytes replace them.
    let writer = SiteWriter::begin(&out, Some(w))?;
    streamed(&writer, "data/big.csv", &[&big])?;
    assert_eq!(writer.finish()?.0, stats(0, 1, 0));
    let writer = SiteWriter::begin(&out, None)?;
    streamed(&writer, "data/big.csv", &[b"small"])?;
    assert_eq!(writer.finish()?.0, stats(1, 0, 0));
    assert_eq!(read(&out.join("data/big.csv")), "small");
    assert_eq!(fs::read_dir(out.join("data"))?.count(), 1);
    Ok(())
}

#[test]
fn a_streamed_file_that_fails_part_way_leaves_the_old_one() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    build(&out, None, &[("a.csv", "old")], &[])?;
    let writer = SiteWriter::begin(&out, None)?;
    let err = writer.write_streamed("a.csv", |out| {
        out.write_all(b"half")?;
        Err(io::Error::other("the disk is full"))
    });
    assert!(
        matches!(&err, Err(OutputError::Io { source, .. }) if source.to_string() == "the disk is full"),
        "{err:?}"
    );
    drop(writer); // a build stops at an error
    assert_eq!(read(&out.join("a.csv")), "old", "the old file stays");
    let w = Written::read(&out);
    assert_eq!(
        w.hash("a.csv"),
        Some(content_hash(b"old")),
        "and stays recorded"
    );
    assert_eq!(
        fs::read_dir(&out)?.count(),
        4,
        "a.csv, manifest, lock, intent log"
    );
    // Someone's file where it goes: refused, and no temp file left.
    fs::write(out.join("b.csv"), "someone's")?;
    let writer = SiteWriter::begin(&out, None)?;
    let err = streamed(&writer, "b.csv", &[b"new"]);
    assert!(matches!(err, Err(OutputError::InTheWay { .. })), "{err:?}");
    drop(writer);
    assert_eq!(read(&out.join("b.csv")), "someone's");
    assert_eq!(fs::read_dir(&out)?.count(), 5);
    Ok(())
}

#[test]
fn a_build_killed_while_a_file_streams_is_recovered() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    build(&out, None, &[("a.csv", "old"), ("b.html", "b")], &[])?;
    // What a kill in the middle of the parts leaves: the intent log as it
    // is then, and the temp file part-written.
    let mut at_kill = None;
    let writer = SiteWriter::begin(&out, None)?;
    streamed(&writer, "b.html", &[b"B"])?;
    writer.write_streamed("a.csv", |w| {
        w.write_all(b"ne")?;
        w.flush()?;
        at_kill = Some(fs::read_to_string(out.join(JOURNAL))?);
        Ok(())
    })?;
    writer.abandon();
    let journal = at_kill.ok_or("fill ran")?;
    let line = journal
        .lines()
        .find(|l| l.starts_with("a.csv\t"))
        .ok_or("a line for a.csv")?;
    let parts: Vec<&str> = line.split('\t').collect();
    assert_eq!(&parts[1..3], ["?", "?"], "no hash before the bytes: {line}");
    assert!(
        parts[3].starts_with(".a.csv.") && parts[3].ends_with(".tmp"),
        "{line}"
    );
    fs::write(out.join(JOURNAL), &journal)?;
    fs::write(out.join("a.csv"), "old")?;
    fs::write(out.join(parts[3]), "ne")?;
    let (s, _) = build(&out, None, &[("a.csv", "old"), ("b.html", "B")], &[])?;
    assert_eq!(s, stats(0, 2, 0), "a.csv as it was, b.html as replaced");
    assert!(!out.join(parts[3]).exists(), "the temp file is removed");
    assert_eq!(read(&out.join("a.csv")), "old");
    Ok(())
}

/// The `.tmp` files in `dir`, with what each holds.
fn temp_files(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .map(|e| read(&e.path()))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// A file a build replaces (written whole or streamed) is swapped out
/// where the system can: what it held waits in the temp file named in the
/// intent log until the build ends, which removes it; after a kill,
/// recovery does. Readers only ever see the old file or the new one.
#[test]
fn a_replaced_file_is_gone_when_the_build_ends_or_after_recovery() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let (_, w) = build(&out, None, &[("a.html", "old a")], &[])?;
    let writer = SiteWriter::begin(&out, Some(w))?;
    assert!(writer.keep("a.html")?);
    streamed(&writer, "b.csv", &[b"old b"])?;
    let (_, w) = writer.finish()?;

    let writer = SiteWriter::begin(&out, Some(w))?;
    writer.write("a.html", b"new a")?;
    streamed(&writer, "b.csv", &[b"new ", b"b"])?;
    assert_eq!(read(&out.join("a.html")), "new a");
    assert_eq!(read(&out.join("b.csv")), "new b");
    if cfg!(target_os = "linux") {
        assert_eq!(temp_files(&out), ["old a", "old b"], "swapped out");
    }
    let (s, w) = writer.finish()?;
    assert_eq!(s, stats(2, 0, 0));
    assert_eq!(temp_files(&out), Vec::<String>::new(), "removed at the end");

    // Killed before the end: recovery removes what the kill left.
    let writer = SiteWriter::begin(&out, Some(w))?;
    writer.write("a.html", b"newer a")?;
    writer.abandon();
    if cfg!(target_os = "linux") {
        assert_eq!(temp_files(&out), ["new a"]);
    }
    let (_, w) = build(&out, None, &[("a.html", "newer a")], &["b.csv"])?;
    assert_eq!(temp_files(&out), Vec::<String>::new(), "recovered");
    assert_eq!(read(&out.join("a.html")), "newer a");
    assert!(w.trusted());
    Ok(())
}

/// Every name in `dir` (not below it), sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// A build killed while it finishes: after the pages, at each step of the
/// end (the manifest swapped into place, what the replaced pages held
/// removed, the intent log emptied). Each kill is made by putting back
/// what the finished build had removed by then. The next build recovers:
/// nothing to write, no temp file left, not even the manifest's own, and
/// its manifest trusted.
#[test]
fn a_build_killed_while_it_finishes_is_recovered() -> Res {
    for step in [
        "before the manifest is in place",
        "before the old manifest is removed",
        "before the replaced pages are removed",
        "before the intent log is emptied",
    ] {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("site");
        let (_, w) = build(&out, None, &[("a.html", "old a"), ("b.html", "b")], &[])?;
        let old_manifest = fs::read(out.join(MANIFEST))?;

        let writer = SiteWriter::begin(&out, Some(w))?;
        writer.write("a.html", b"new a")?;
        assert!(writer.keep("b.html")?);
        let journal = fs::read(out.join(JOURNAL))?;
        let marked = fs::read(out.join(MANIFEST))?;
        let retired: Vec<(String, Vec<u8>)> = names(&out)
            .into_iter()
            .filter(|n| n.ends_with(".tmp"))
            .map(|n| {
                let bytes = fs::read(out.join(&n)).unwrap_or_default();
                (n, bytes)
            })
            .collect();
        writer.finish()?;

        fs::write(out.join(JOURNAL), &journal)?;
        let tmp = |n: u32| out.join(format!(".{MANIFEST}.{}.{n}.tmp", std::process::id() + 1));
        match step {
            "before the manifest is in place" => {
                // The new manifest written beside the old (marked) one.
                fs::write(tmp(0), fs::read(out.join(MANIFEST))?)?;
                fs::write(out.join(MANIFEST), &marked)?;
            }
            // Swapped: the old one waits in the temp file.
            "before the old manifest is removed" => fs::write(tmp(1), &old_manifest)?,
            _ => {}
        }
        if step != "before the intent log is emptied" {
            for (name, bytes) in &retired {
                fs::write(out.join(name), bytes)?;
            }
        }

        let (s, w) = build(&out, None, &[("a.html", "new a"), ("b.html", "b")], &[])?;
        assert_eq!(s, stats(0, 2, 0), "killed {step}");
        assert_eq!(read(&out.join("a.html")), "new a", "killed {step}");
        assert_eq!(
            names(&out),
            [JOURNAL, LOCK, MANIFEST, "a.html", "b.html"]
                .iter()
                .filter(|n| out.join(n).exists() || **n != LOCK)
                .map(|n| n.to_string())
                .collect::<Vec<_>>(),
            "killed {step}"
        );
        assert_eq!(fs::metadata(out.join(JOURNAL))?.len(), 0, "killed {step}");
        assert!(
            w.trusted() && Written::read(&out).trusted(),
            "killed {step}"
        );
    }
    Ok(())
}

/// The intent log's last line cut short at every byte (a kill in the
/// middle of its one write): recovery never trusts the part, so the page it
/// was about, half made, is a file goalpost cannot prove it wrote, and is
/// neither overwritten nor deleted (a build says what is in the way). The
/// control: with the whole line, the same page is goalpost's and written
/// again. A page named by a whole line before it is recovered either way.
#[test]
fn an_intent_log_cut_at_any_byte_is_recovered() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let writer = SiteWriter::begin(&out, None)?;
    writer.write("a.html", b"aaaa")?;
    writer.write("é/b.html", b"bbbb")?;
    writer.abandon();
    let journal = fs::read(out.join(JOURNAL))?;
    let body = &journal[..journal.len() - 1];
    let last = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    assert!(
        String::from_utf8_lossy(&journal[last..]).starts_with("é/b.html\t"),
        "{}",
        String::from_utf8_lossy(&journal)
    );
    let pages = [("a.html", "aaaa"), ("é/b.html", "bbbb")];
    for cut in last..=journal.len() {
        let _ = fs::remove_dir_all(&out);
        let writer = SiteWriter::begin(&out, None)?;
        writer.write("a.html", b"aaaa")?;
        writer.abandon();
        // b.html half made, and someone's file beside it.
        fs::create_dir_all(out.join("é"))?;
        fs::write(out.join("é/b.html"), "bb")?;
        fs::write(out.join("mine.txt"), "mine")?;
        fs::write(out.join(JOURNAL), &journal[..cut])?;
        let result = build(&out, None, &pages, &[]);
        if cut == journal.len() {
            let (s, w) = result?;
            assert_eq!((s.written, s.unchanged, s.removed), (1, 1, 0));
            assert_eq!(read(&out.join("é/b.html")), "bbbb");
            assert!(w.trusted());
        } else {
            let Err(OutputError::InTheWay { path, .. }) = &result else {
                return Err(format!("cut at {cut}: {result:?}").into());
            };
            assert!(path.ends_with("é/b.html"), "cut at {cut}: {path:?}");
            assert_eq!(read(&out.join("é/b.html")), "bb", "cut at {cut}");
        }
        assert_eq!(read(&out.join("a.html")), "aaaa", "cut at {cut}");
        assert_eq!(read(&out.join("mine.txt")), "mine", "cut at {cut}");
        assert!(
            Written::read(&out).files.contains_key("a.html"),
            "cut at {cut}: a.html recovered"
        );
    }
    Ok(())
}

/// A manifest of `files` and `dirs` with the build token `token`.
fn manifest_of(
    files: &BTreeMap<String, Option<Stamp>>,
    dirs: &BTreeSet<String>,
    token: Option<u64>,
) -> Written {
    Written {
        files: files.clone(),
        dirs: dirs.clone(),
        build: token,
        ..Written::default()
    }
}

/// A build through [`SiteWriter`] that keeps each keyed page whose key the
/// folder records, and writes the others with their key. Returns what it
/// made again.
fn keyed_build(out: &Path, pages: &[(&str, &str, u64)]) -> Result<Vec<String>, OutputError> {
    let writer = SiteWriter::begin(out, None)?;
    let mut made = Vec::new();
    for (path, text, key) in pages {
        if !writer.keep_keyed(path, *key)? {
            writer.write_keyed(path, text.as_bytes(), *key)?;
            made.push(path.to_string());
        }
    }
    writer.finish()?;
    Ok(made)
}

#[test]
fn keys_recorded_with_the_files_spare_a_later_process_making_them() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let pages = [("index.html", "home", 1), ("goals/a.html", "a", 2)];
    assert_eq!(keyed_build(&out, &pages)?, ["index.html", "goals/a.html"]);
    let written = Written::read(&out);
    assert_eq!(
        (written.key("index.html"), written.key("goals/a.html")),
        (Some(1), Some(2))
    );
    // Nothing changed: nothing is made, and the manifest stays as it was.
    let manifest = read(&out.join(MANIFEST));
    assert_eq!(keyed_build(&out, &pages)?, Vec::<String>::new());
    assert_eq!(read(&out.join(MANIFEST)), manifest);
    // One key changed: that page alone is made again.
    let changed = [("index.html", "home", 1), ("goals/a.html", "A", 3)];
    assert_eq!(keyed_build(&out, &changed)?, ["goals/a.html"]);
    assert_eq!(read(&out.join("goals/a.html")), "A");
    // A page written without a key loses the one it had.
    write_site(
        &out,
        &[page("index.html", "home"), page("goals/a.html", "A")],
    )?;
    assert_eq!(Written::read(&out).key("index.html"), None);
    assert_eq!(keyed_build(&out, &changed)?, ["index.html", "goals/a.html"]);
    // A file deleted behind goalpost's back is made again, key or not.
    fs::remove_file(out.join("goals/a.html"))?;
    assert_eq!(keyed_build(&out, &changed)?, ["goals/a.html"]);
    assert_eq!(read(&out.join("goals/a.html")), "A");
    Ok(())
}

#[test]
fn keys_of_another_goalpost_or_of_a_build_cut_short_are_not_trusted() -> Res {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let pages = [("index.html", "home", 1), ("goals/a.html", "a", 2)];
    keyed_build(&out, &pages)?;
    // Another version of goalpost (or the same one built again) made them.
    let text = read(&out.join(MANIFEST));
    let other = text.replace(maker(), "goalpost 0.0.1 0123456789abcdef");
    assert_ne!(text, other);
    fs::write(out.join(MANIFEST), other)?;
    assert_eq!(Written::read(&out).key("index.html"), None);
    assert_eq!(keyed_build(&out, &pages)?, ["index.html", "goals/a.html"]);
    assert_eq!(Written::read(&out).key("index.html"), Some(1));
    // A build killed part-way leaves an incomplete manifest: no key holds.
    let writer = SiteWriter::begin(&out, None)?;
    writer.write_keyed("goals/a.html", b"changed", 9)?;
    writer.abandon();
    assert_eq!(keyed_build(&out, &pages)?, ["index.html", "goals/a.html"]);
    assert_eq!(read(&out.join("goals/a.html")), "a");
    assert_eq!(keyed_build(&out, &pages)?, Vec::<String>::new());
    Ok(())
}
