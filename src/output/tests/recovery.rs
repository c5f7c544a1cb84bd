//! A build dropped, killed or cut short at any point: what it wrote is
//! recorded or removed, and the next build recovers from its intent log.

use super::*;

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
