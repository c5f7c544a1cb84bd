//! The reader's personal folder (FORMAT §11): goals that are truly one's
//! own, kept outside the shared repository, on this computer only.
//!
//! The folder is named by `--personal DIR`, else by `personal:` in the
//! user's own settings file ([`config_file`]), never by the shared
//! `goalpost.yml`. Its goals are read with the shared repository's (see
//! [`crate::project::Project::add_personal`]) only by commands that may
//! show private goals, and they are always private: [`parse`] marks them
//! so as they are read, before anything else looks at them.

use crate::diagnostics::{Diagnostic, Location};
use crate::model::{parse::parse_file, ParsedFile, Visibility};
use std::path::{Path, PathBuf};

/// How the files of a personal folder are named in messages and in the
/// report (`~personal/reading.md:4:1`), so they are never mistaken for a
/// file of the shared repository.
pub const PREFIX: &str = "~personal/";

/// The mark on every page and line of a personal goal.
pub(crate) const MARK: &str = "Personal — only on this computer";

/// Why the personal folder cannot be used (the command cannot run).
#[derive(Debug)]
pub enum PersonalError {
    /// The user's settings file exists but cannot be read or is not YAML.
    Config(PathBuf, String),
    /// The folder named does not exist or is not a folder.
    NotAFolder(PathBuf),
    /// The folder is inside the shared repository (or holds it).
    Inside { personal: PathBuf, shared: PathBuf },
    /// An output folder inside the shared repository for a build that
    /// includes personal goals.
    OutputInside { out: PathBuf, shared: PathBuf },
}

impl std::fmt::Display for PersonalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PersonalError::Config(path, why) => write!(
                f,
                "cannot read your settings file `{}`: {why}; it should hold a line such as \
                 `personal: ~/my-goals`",
                path.display()
            ),
            PersonalError::NotAFolder(path) => write!(
                f,
                "the personal folder `{}` is not a folder; create it (`mkdir -p {}`) or name \
                 another with `--personal DIR`",
                path.display(),
                path.display()
            ),
            PersonalError::Inside { personal, shared } => write!(
                f,
                "the personal folder `{}` is inside the shared repository `{}` (or holds it), \
                 where everyone who can read the repository would read it; move it outside, \
                 e.g. to `~/my-goals`",
                personal.display(),
                shared.display()
            ),
            PersonalError::OutputInside { out, shared } => write!(
                f,
                "a report with your personal goals would be written to `{}`, inside the shared \
                 repository `{}`; leave out `--out` (it then goes to `site/` in your personal \
                 folder) or name a folder outside the shared repository",
                out.display(),
                shared.display()
            ),
        }
    }
}

impl std::error::Error for PersonalError {}

/// The user's own settings file: `$XDG_CONFIG_HOME/goalpost/config.yml`,
/// else `~/.config/goalpost/config.yml`.
pub(crate) fn config_file() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| home().map(|h| h.join(".config")))?;
    Some(base.join("goalpost").join("config.yml"))
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The personal folder: `flag` (`--personal DIR`), else `personal:` in
/// the user's settings file, else none. `~/` is the home folder; a
/// relative path in the settings file is relative to that file's folder.
pub fn resolve(flag: Option<&Path>) -> Result<Option<PathBuf>, PersonalError> {
    let named = match flag {
        Some(dir) => Some(dir.to_path_buf()),
        None => from_config()?,
    };
    let Some(dir) = named else { return Ok(None) };
    match std::fs::canonicalize(&dir) {
        Ok(found) if found.is_dir() => Ok(Some(found)),
        _ => Err(PersonalError::NotAFolder(dir)),
    }
}

fn from_config() -> Result<Option<PathBuf>, PersonalError> {
    let Some(file) = config_file() else {
        return Ok(None);
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(PersonalError::Config(file, e.to_string())),
    };
    let value =
        crate::yaml::parse(&text).map_err(|e| PersonalError::Config(file.clone(), e.message))?;
    let written = match &value {
        crate::yaml::Value::Map(m) => m
            .iter()
            .find(|(k, _)| k == "personal")
            .and_then(|(_, v)| v.scalar_text()),
        _ => None,
    };
    let Some(written) = written.filter(|w| !w.trim().is_empty()) else {
        return Ok(None);
    };
    let written = written.trim();
    let path = match written.strip_prefix("~/") {
        Some(rest) => home().map_or_else(|| PathBuf::from(written), |h| h.join(rest)),
        None => {
            let p = PathBuf::from(written);
            match file.parent() {
                Some(dir) if p.is_relative() => dir.join(p),
                _ => p,
            }
        }
    };
    Ok(Some(path))
}

/// Refuses a personal folder inside the shared repository, or one that
/// holds it.
pub(crate) fn check_apart(personal: &Path, shared: &Path) -> Result<(), PersonalError> {
    let shared = std::fs::canonicalize(shared).unwrap_or_else(|_| shared.to_path_buf());
    if personal.starts_with(&shared) || shared.starts_with(personal) {
        return Err(PersonalError::Inside {
            personal: personal.to_path_buf(),
            shared,
        });
    }
    Ok(())
}

/// The output folder of a build that includes personal goals: `out` when
/// given (never inside the shared repository), else `site/` in the
/// personal folder.
pub(crate) fn output(
    personal: &Path,
    shared: &Path,
    out: Option<&Path>,
) -> Result<PathBuf, PersonalError> {
    let Some(out) = out else {
        return Ok(personal.join("site"));
    };
    let shared = std::fs::canonicalize(shared).unwrap_or_else(|_| shared.to_path_buf());
    let absolute = match out.is_absolute() {
        true => out.to_path_buf(),
        false => std::env::current_dir()
            .map(|d| d.join(out))
            .unwrap_or_else(|_| out.to_path_buf()),
    };
    // The folder may not exist yet: compare its nearest existing parent.
    let mut probe = absolute.as_path();
    let canonical = loop {
        if let Ok(c) = std::fs::canonicalize(probe) {
            break c.join(absolute.strip_prefix(probe).unwrap_or(Path::new("")));
        }
        match probe.parent() {
            Some(p) => probe = p,
            None => break absolute.clone(),
        }
    };
    if canonical.starts_with(&shared) {
        return Err(PersonalError::OutputInside {
            out: out.to_path_buf(),
            shared,
        });
    }
    Ok(out.to_path_buf())
}

/// Reads one file of the personal folder (`rel` starts with [`PREFIX`]):
/// every goal in it is personal and private; `visibility: shared` is the
/// error `shared-personal-goal`. Its problems are private too.
pub(crate) fn parse(rel: &str, bytes: &[u8]) -> ParsedFile {
    let mut out = parse_file(rel, bytes);
    let text = String::from_utf8_lossy(bytes);
    if let Some((pos, value)) = crate::model::broken::top_line(&text, "visibility") {
        if value == "shared" {
            let at = Location::new(rel, pos);
            out.diagnostics.push(
                Diagnostic::error(
                    "shared-personal-goal",
                    &at,
                    "a goal in your personal folder says `visibility: shared`, but personal goals \
                     are always private and never published",
                )
                .with_hint(
                    "delete the `visibility:` line; to share this goal, move its file into the \
                     shared repository",
                )
                .with_width(value.chars().count() as u32),
            );
        }
    }
    for goal in &mut out.goals {
        let goal = std::sync::Arc::make_mut(goal);
        goal.personal = true;
        goal.visibility = Visibility::Private;
    }
    for card in &mut out.scorecards {
        card.visibility = Visibility::Private;
    }
    for d in &mut out.diagnostics {
        d.private = true;
    }
    out
}
