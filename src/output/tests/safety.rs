//! What a build refuses: a path out of the output folder, a link, a goal
//! file, a file goalpost did not write, a manifest planted to delete.

use super::*;

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
