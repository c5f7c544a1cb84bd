//! Why `log` (and a check-in) wrote nothing: [`LogError`], whose words
//! are what the user reads.

use super::{map, write};
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Kind};

/// Why nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub enum LogError {
    UnknownId {
        id: String,
        closest: Option<String>,
    },
    /// The goal's file cannot be read (its first error).
    Unreadable(Box<Diagnostic>),
    NotLoggable {
        id: String,
        kind: Kind,
    },
    MissingValue(String),
    InvalidValue {
        message: String,
        hint: String,
    },
    Conflict {
        id: String,
        date: Date,
        old: String,
        new: String,
    },
    /// Recorded in more than one place already: changing one would leave
    /// the others disagreeing.
    Ambiguous(String),
    /// The file's text cannot be edited safely at this point.
    CannotEdit {
        file: String,
        why: CannotEdit,
    },
    /// The edit would add these errors to the file.
    WouldBreak(Vec<Diagnostic>),
    /// More than one file defines the id (`check`'s `duplicate-id`):
    /// each place as `file:line`.
    DuplicateId {
        id: String,
        places: Vec<String>,
    },
    /// The file could not be written (changed meanwhile, a link to outside
    /// the repository, read-only, …).
    Write(write::WriteError),
    Io(String),
}

/// Why a file's text cannot be edited safely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CannotEdit {
    /// No `---` lines around the frontmatter.
    NoFrontmatter,
    /// The dated map (`log:`, `measurements:`) is written in a way the
    /// edit does not touch.
    Map(map::MapError),
    /// The new entry would not be read back where it was written.
    NotPlaced,
    /// `feedback:` is written in a way the edit does not add to.
    NotAList,
}

impl std::fmt::Display for CannotEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CannotEdit::NoFrontmatter => f.write_str("cannot find the frontmatter"),
            CannotEdit::Map(e) => write!(f, "{e}"),
            CannotEdit::NotPlaced => {
                f.write_str("the entry could not be placed where it would be read back")
            }
            CannotEdit::NotAList => f.write_str(
                "its `feedback:` is not a list goalpost can add to (write it as `- {date, from, note}` lines)",
            ),
        }
    }
}

impl std::error::Error for CannotEdit {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CannotEdit::Map(e) => Some(e),
            _ => None,
        }
    }
}

impl From<write::WriteError> for LogError {
    fn from(e: write::WriteError) -> LogError {
        LogError::Write(e)
    }
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogError::UnknownId { id, closest } => {
                write!(f, "no goal has the id `{id}`")?;
                match closest {
                    Some(c) => write!(f, "; did you mean `{c}`?"),
                    None => Ok(()),
                }
            }
            LogError::Unreadable(d) => write!(
                f,
                "{}:{}:{}: this goal's file cannot be read ({}); fix it first",
                d.file, d.line, d.column, d.message
            ),
            LogError::NotLoggable { id, kind } => write!(
                f,
                "`{id}` is a {} goal; `log` records practices and the measurements of progress goals",
                kind.as_str()
            ),
            LogError::MissingValue(id) => write!(
                f,
                "`{id}` is a progress goal: give the measured number, e.g. `goalpost log {id} 72`"
            ),
            LogError::InvalidValue { message, hint } => write!(f, "{message}\n  = hint: {hint}"),
            LogError::Conflict { id, date, old, new } => write!(
                f,
                "`{id}` already has {old} on {date}; this would record {new} instead. Nothing was written: add --force to replace it"
            ),
            LogError::Ambiguous(m) => f.write_str(m),
            LogError::CannotEdit { file, why } => {
                write!(f, "{file}: {why}; nothing was written (add the entry by hand)")
            }
            LogError::WouldBreak(diags) => {
                write!(
                    f,
                    "the entry would make the file invalid, so nothing was written:"
                )?;
                for d in diags {
                    write!(f, "\n  {}:{}: {}", d.file, d.line, d.message)?;
                }
                Ok(())
            }
            LogError::DuplicateId { id, places } => write!(
                f,
                "`{id}` is the id of {} goals ({}; `check` reports it as duplicate-id), so it is not clear which one to record; nothing was written: rename one of the files or give it a different `id:`, then run the command again",
                places.len(),
                places.join(" and ")
            ),
            LogError::Write(e) => write!(f, "{e}"),
            LogError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for LogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LogError::Write(e) => Some(e),
            LogError::CannotEdit { why, .. } => Some(why),
            _ => None,
        }
    }
}
