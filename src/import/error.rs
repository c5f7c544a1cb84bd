//! Why an import wrote nothing, in words that name the file, the row and
//! the column, and say what to do.

use super::Problem;
use crate::diagnostics::Diagnostic;
use crate::edit::write;

/// Why nothing was imported.
#[derive(Debug)]
pub enum ImportError {
    /// The export or the mapping file cannot be read.
    Unreadable {
        file: String,
        error: std::io::Error,
    },
    /// The mapping has mistakes (or names columns the export lacks).
    Mapping(Vec<Diagnostic>),
    NoHeader {
        file: String,
        wanted: Vec<String>,
    },
    /// A student-level column: nothing about its rows is said.
    StudentLevel {
        file: String,
        line: u64,
        column: usize,
        name: String,
    },
    Csv {
        file: String,
        why: String,
    },
    /// Rows that cannot be imported; nothing was written.
    Refused {
        file: String,
        problems: Vec<Problem>,
    },
    /// Rows feed goals of the shared repository and of the reader's
    /// personal folder (FORMAT §11): an import writes one or the other.
    BothSides {
        file: String,
        shared: String,
        personal: String,
    },
    /// A write failed; `restored` says whether the files written before
    /// it were put back.
    Write {
        error: write::WriteError,
        restored: bool,
    },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Unreadable { file, error } => write!(f, "cannot read `{file}`: {error}"),
            ImportError::Mapping(d) => write!(
                f,
                "the mapping has {} mistake{}; nothing was imported",
                d.len(),
                if d.len() == 1 { "" } else { "s" }
            ),
            ImportError::NoHeader { file, wanted } => write!(
                f,
                "{file}: no row in its first lines has the columns {}, which the mapping names; nothing was imported: check the names against the export's header row (in any case and spacing)",
                wanted.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(" and ")
            ),
            ImportError::StudentLevel { file, line, column, name } => write!(
                f,
                "{file}:{line}: column {column} (`{name}`) is about individual students, and goalpost never stores a student's data; nothing was imported: aggregate first (one row per school, grade or subject, with the result and the number of students tested) and import that export"
            ),
            ImportError::Csv { file, why } => write!(f, "{file}: cannot be read as CSV: {why}"),
            ImportError::Refused { file, problems } => {
                write!(
                    f,
                    "{} row{} of {file} cannot be imported, so nothing was written:",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                )?;
                for p in problems {
                    match &p.column {
                        Some(c) => write!(f, "\n  {file}:{}: column `{c}`: {}", p.line, p.message)?,
                        None => write!(f, "\n  {file}:{}: {}", p.line, p.message)?,
                    }
                }
                Ok(())
            }
            ImportError::BothSides { file, shared, personal } => write!(
                f,
                "{file} feeds goals in the shared repository (`{shared}`) and in your personal folder (`{personal}`); an import writes one or the other, so nothing was imported: split the export in two"
            ),
            ImportError::Write { error, restored } => {
                let then = match restored {
                    true => "the files written before it were put back as they were",
                    false => "some files written before it could not be put back: see `git diff`",
                };
                write!(f, "{error}; {then}")
            }
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Unreadable { error, .. } => Some(error),
            ImportError::Write { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl From<write::WriteError> for ImportError {
    fn from(error: write::WriteError) -> ImportError {
        ImportError::Write {
            error,
            restored: true,
        }
    }
}
