//! Which file-system events matter: the one place that decides.
//!
//! A change matters when it can change the report: a Markdown file, the
//! root's `goalpost.yml`, anything under the root's `templates/`, or a
//! folder (a folder renamed or deleted takes its goal files with it).
//! A commit or checkout matters too (`.git/HEAD`, `.git/refs/…`,
//! `.git/packed-refs`): the git history feeds the report's series.
//! Everything else is dropped: the output folder (so a build never
//! triggers the next one), the rest of `.git` and every other hidden file or folder,
//! editor swap, backup, lock and temp files, and reads (access events).

use notify::event::{EventKind, MetadataKind, ModifyKind};
use std::path::{Component, Path, PathBuf};

/// What the caller knows about a path when the event arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathKind {
    File,
    Dir,
    /// Gone (deleted or renamed away) or unreadable: it may have been a folder.
    Unknown,
}

/// Whether an event of this kind can change what is on disk.
/// Reads and access-time updates cannot.
pub(crate) fn is_relevant_kind(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// Whether an event on a path of this kind can change the report. A
/// folder's own contents or times changing only echo changes to its
/// entries, which arrive as events of their own; a folder created,
/// removed or renamed matters.
pub(crate) fn is_relevant_event(kind: &EventKind, path: PathKind) -> bool {
    let folder_echo = path == PathKind::Dir
        && matches!(
            kind,
            EventKind::Modify(
                ModifyKind::Data(_) | ModifyKind::Metadata(_) | ModifyKind::Any | ModifyKind::Other
            )
        );
    is_relevant_kind(kind) && !folder_echo
}

/// The path relative to `root` if a change to it matters, else `None`.
///
/// `root` is the repository and `outs` the output folder, spelled the way
/// the watcher may report paths (canonical, through a symlink, …); the
/// output folder may lie outside `root`.
pub(crate) fn relevant_path<P: AsRef<Path>>(
    root: &Path,
    outs: &[P],
    path: &Path,
    kind: PathKind,
) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    if outs.iter().any(|out| path.starts_with(out)) {
        return None;
    }
    let mut names = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(name) => names.push(name.to_str()?),
            // `..` or a root inside a relative path: not ours to judge.
            _ => return None,
        }
    }
    let (file_name, folders) = names.split_last()?;
    if names.first() == Some(&".git") {
        let moves_head = matches!(names.as_slice(), [".git", "HEAD"] | [".git", "packed-refs"])
            || names.get(1) == Some(&"refs");
        let lock = file_name.ends_with(".lock");
        return (moves_head && !lock && kind != PathKind::Dir).then(|| rel.to_path_buf());
    }
    // A folder is never an editor's temp file, whatever its name (`2026`,
    // `old.bak`): discovery reads the goals inside it.
    let temp = kind != PathKind::Dir && is_editor_temp(file_name);
    if names.iter().any(|name| name.starts_with('.')) || temp {
        return None;
    }
    let under_templates = folders.first() == Some(&"templates");
    let relevant = match kind {
        PathKind::Dir => true,
        _ if under_templates || (folders.is_empty() && *file_name == "templates") => true,
        _ if folders.is_empty() && *file_name == "goalpost.yml" => true,
        _ if has_extension(file_name, "md") => true,
        // A deleted or renamed-away path without an extension may have been a folder.
        PathKind::Unknown => !file_name.contains('.'),
        PathKind::File => false,
    };
    relevant.then(|| rel.to_path_buf())
}

fn has_extension(name: &str, ext: &str) -> bool {
    match name.rsplit_once('.') {
        Some((stem, e)) => !stem.is_empty() && e.eq_ignore_ascii_case(ext),
        None => false,
    }
}

/// Swap, backup, lock and temp files that editors write next to the file
/// being edited, and that never belong in a report.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // vim: `.x.swp`, then `.x.swo`, `.x.swn`, … down to `.x.swa`; `.swx`
    // is its write test. Hidden, but also written visibly with `:set directory`.
    if let Some((_, ext)) = lower.rsplit_once('.') {
        if let [b's', b'w', c] = ext.as_bytes() {
            if (b'a'..=b'p').contains(c) || *c == b'x' {
                return true;
            }
        }
    }
    // vim's write test file (`4913`, then 5036, 5159, … if taken).
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    const SUFFIXES: &[&str] = &[
        "~",            // vim, emacs, nano backups
        "___jb_tmp___", // JetBrains safe write
        "___jb_old___", // JetBrains safe write
        ".bck",         // helix
        ".kate-swp",    // kate
        ".tmp",         // many editors' write-then-rename
        ".temp",
        ".bak",
        ".orig",
        ".crswap", // Chromium's File System Access API
        ".part",
        ".swap",
        ".goutputstream", // GNOME's GIO save (prefix below)
    ];
    if SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        return true;
    }
    // emacs auto-save `#x#` and lock `.#x`; GIO `.goutputstream-XXXX`; Office `~$x`.
    (name.starts_with('#') && name.ends_with('#') && name.len() > 1)
        || name.starts_with(".#")
        || name.starts_with(".goutputstream")
        || name.starts_with("~$")
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, RemoveKind};

    #[test]
    fn commits_and_checkouts_matter() {
        assert_eq!(keep(".git/HEAD").as_deref(), Some(".git/HEAD"));
        assert_eq!(
            keep(".git/refs/heads/main").as_deref(),
            Some(".git/refs/heads/main")
        );
        assert_eq!(
            keep(".git/packed-refs").as_deref(),
            Some(".git/packed-refs")
        );
        assert_eq!(keep(".git/logs/HEAD"), None);
        assert_eq!(keep("sub/.git/HEAD"), None);
    }

    fn keep(path: &str) -> Option<String> {
        keep_as(path, PathKind::File)
    }

    fn keep_as(path: &str, kind: PathKind) -> Option<String> {
        let root = Path::new("/repo");
        let out = [Path::new("/repo/site")];
        relevant_path(root, &out, &root.join(path), kind).map(|p| p.to_string_lossy().into_owned())
    }

    #[test]
    fn keeps_goal_files_settings_and_templates() {
        assert_eq!(keep("goals/x.md").as_deref(), Some("goals/x.md"));
        assert_eq!(keep("x.md").as_deref(), Some("x.md"));
        assert_eq!(
            keep("goals/deep/er/README.MD").as_deref(),
            Some("goals/deep/er/README.MD")
        );
        assert_eq!(keep("goalpost.yml").as_deref(), Some("goalpost.yml"));
        assert_eq!(
            keep("templates/goal.html").as_deref(),
            Some("templates/goal.html")
        );
        assert_eq!(
            keep("templates/partials/bar.svg").as_deref(),
            Some("templates/partials/bar.svg")
        );
        assert_eq!(
            keep_as("templates", PathKind::Unknown).as_deref(),
            Some("templates")
        );
    }

    #[test]
    fn drops_other_files() {
        assert_eq!(keep("goals/notes.txt"), None);
        assert_eq!(keep("goals/goalpost.yml"), None, "only the root's settings");
        assert_eq!(
            keep("goals/templates/x.html"),
            None,
            "only the root's templates"
        );
        assert_eq!(keep("Makefile"), None);
        assert_eq!(keep("goals/.md"), None);
        // Look-alikes of swap files are real files.
        assert_eq!(
            keep("templates/logo.svg").as_deref(),
            Some("templates/logo.svg")
        );
        assert_eq!(keep("templates/q.sql").as_deref(), Some("templates/q.sql"));
    }

    #[test]
    fn drops_output_folder_git_and_hidden_folders() {
        assert_eq!(keep("site/index.html"), None);
        assert_eq!(keep("site/goals/x.md"), None);
        assert_eq!(keep_as("site", PathKind::Dir), None);
        assert_eq!(keep("site/.tmp-index.html"), None);
        assert_eq!(keep(".git/index"), None);
        assert_eq!(keep(".git/objects/ab/cdef"), None);
        assert_eq!(keep(".git/refs/heads/main.lock"), None);
        assert_eq!(keep(".git/HEAD.lock"), None);
        assert_eq!(keep(".git/x.md"), None);
        assert_eq!(keep(".obsidian/workspace.md"), None);
        assert_eq!(keep("goals/.drafts/x.md"), None);
        assert_eq!(keep_as(".git/objects/ab", PathKind::Dir), None);
    }

    #[test]
    fn output_folder_elsewhere_or_named_like_a_prefix() {
        let root = Path::new("/repo");
        let out = [Path::new("/repo/site")];
        let check = |outs: &[&Path], path: &str| {
            relevant_path(root, outs, Path::new(path), PathKind::File).is_some()
        };
        // `site-notes/` is not inside `site/`.
        assert!(check(&out, "/repo/site-notes/a.md"));
        // An output folder outside the repository leaves every goal file relevant.
        assert!(check(&[Path::new("/tmp/out")], "/repo/site/a.md"));
        // Paths outside the repository never are.
        assert!(!check(&out, "/elsewhere/a.md"));
        // Every spelling of the output folder is ignored (a symlinked `site/`).
        let both = [Path::new("/real/elsewhere"), Path::new("/repo/site")];
        assert!(!check(&both, "/repo/site/goals/x.md"));
        assert!(check(&both, "/repo/goals/x.md"));
    }

    #[test]
    fn drops_editor_temp_files() {
        for name in [
            "goals/.x.md.swp",
            "goals/.x.md.swx",
            "goals/.x.md.swo",
            "goals/x.md.swp",
            "goals/4913",
            "goals/5036",
            "goals/x.md~",
            "goals/#x.md#",
            "goals/.#x.md",
            "goals/x.md___jb_tmp___",
            "goals/x.md___jb_old___",
            "goals/x.md.bck",
            "goals/x.md.kate-swp",
            "goals/x.md.tmp",
            "goals/x.md.TMP",
            "goals/x.md.bak",
            "goals/x.md.crswap",
            "goals/.goutputstream-AB12CD",
            "templates/base.html~",
            "templates/.base.html.swp",
            "templates/4913",
            "goalpost.yml~",
        ] {
            assert_eq!(keep(name), None, "{name} should be ignored");
            assert_eq!(
                keep_as(name, PathKind::Unknown),
                None,
                "{name} (gone) should be ignored"
            );
        }
    }

    #[test]
    fn folders_count_and_vanished_paths_may_be_folders() {
        assert_eq!(
            keep_as("goals/literacy", PathKind::Dir).as_deref(),
            Some("goals/literacy")
        );
        assert_eq!(
            keep_as("goals/literacy", PathKind::Unknown).as_deref(),
            Some("goals/literacy")
        );
        assert_eq!(
            keep_as("goals/old.md", PathKind::Unknown).as_deref(),
            Some("goals/old.md")
        );
        assert_eq!(keep_as("goals/notes.txt", PathKind::Unknown), None);
        // Real folders whose names look like editors' temp files.
        for folder in ["goals/2026", "goals/old.bak", "goals/drafts~"] {
            assert_eq!(keep_as(folder, PathKind::Dir).as_deref(), Some(folder));
        }
        assert_eq!(keep_as("goals/notes", PathKind::File), None);
    }

    #[test]
    fn folder_echoes_are_not_changes() {
        use notify::event::RenameMode;
        let touched = EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime));
        assert!(!is_relevant_event(&touched, PathKind::Dir));
        assert!(!is_relevant_event(
            &EventKind::Modify(ModifyKind::Any),
            PathKind::Dir
        ));
        assert!(is_relevant_event(&touched, PathKind::File));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert!(is_relevant_event(&renamed, PathKind::Dir));
        assert!(is_relevant_event(
            &EventKind::Create(CreateKind::Folder),
            PathKind::Dir
        ));
        assert!(is_relevant_event(
            &EventKind::Remove(RemoveKind::Any),
            PathKind::Unknown
        ));
        let read = EventKind::Access(AccessKind::Open(AccessMode::Any));
        assert!(!is_relevant_event(&read, PathKind::File));
    }

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_relevant_kind(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_relevant_kind(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!is_relevant_kind(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(is_relevant_kind(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_relevant_kind(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::WriteTime
        ))));
        assert!(is_relevant_kind(&EventKind::Create(CreateKind::File)));
        assert!(is_relevant_kind(&EventKind::Remove(RemoveKind::Folder)));
        assert!(is_relevant_kind(&EventKind::Any));
    }
}
