//! What a build writes, keeps, skips and removes, from any number of
//! threads, and what its manifest records (hashes, keys) for the next.

use super::*;
use rayon::prelude::*;

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
