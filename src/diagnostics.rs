//! Problems found in a goals repository, as values.
//!
//! Every problem carries a stable `code` (documented in `docs/format.md`),
//! the file it is in (relative to the goals repository, `/`-separated), a
//! 1-based line and column, a message saying what is wrong and, where we
//! can, a hint saying how to fix it.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A position in a file: 1-based line and column. Columns count
/// characters, not bytes: `“` is one column, as an editor shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Pos {
    pub const fn new(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }
}

/// A file of the goals repository (relative, `/`-separated), shared: every
/// location in a file points at one copy of its name. A thin pointer, so
/// that a [`Location`] is 16 bytes: a large repository holds millions of
/// them (one per log entry).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileName(std::sync::Arc<String>);

impl std::ops::Deref for FileName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for FileName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl Serialize for FileName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl From<String> for FileName {
    fn from(name: String) -> FileName {
        FileName(std::sync::Arc::new(name))
    }
}

impl From<&str> for FileName {
    fn from(name: &str) -> FileName {
        FileName::from(name.to_string())
    }
}

impl From<&String> for FileName {
    fn from(name: &String) -> FileName {
        FileName::from(name.clone())
    }
}

impl PartialEq<str> for FileName {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for FileName {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

/// A place in the goals repository: a file (relative, `/`-separated) and a position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Location {
    /// Shared: every entry of a file points at the same name.
    pub(crate) file: FileName,
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn new(file: impl Into<FileName>, pos: Pos) -> Location {
        Location {
            file: file.into(),
            line: pos.line,
            column: pos.column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem. Serialises to the `diagnostics` entries of `goals.json`
/// (FORMAT §9): `severity`, `code`, `file`, `line`, `column`, `message`,
/// plus `hint` and `goal` when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The id of the goal this is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// How many characters from `column` the offending text spans (the
    /// whole value, not just its first word), for the caret under it; 0
    /// when unknown (the caret then underlines the word at `column`).
    #[serde(skip)]
    pub(crate) width: u32,
    /// In a private file (see [`crate::model::privacy`]): shown only on the
    /// private report, even when the file is too broken to read as a goal.
    #[serde(skip)]
    pub(crate) private: bool,
}

impl Diagnostic {
    pub fn error(code: &'static str, at: &Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, at, message)
    }

    pub fn warning(code: &'static str, at: &Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, at, message)
    }

    pub fn new(
        severity: Severity,
        code: &'static str,
        at: &Location,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            file: at.file.to_string(),
            line: at.line,
            column: at.column,
            message: message.into(),
            hint: None,
            goal: None,
            width: 0,
            private: false,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Sets how many characters the caret underlines.
    pub(crate) fn with_width(mut self, width: u32) -> Diagnostic {
        self.width = width;
        self
    }

    pub fn for_goal(mut self, id: impl Into<String>) -> Diagnostic {
        self.goal = Some(id.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sort diagnostics the way a reader wants them: errors first, then by file and position.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, a.code)
            .cmp(&(b.severity, &b.file, b.line, b.column, b.code))
    });
}

/// Counts of errors and warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Tally {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// The closest of `candidates` to `wanted`, if it is close enough to be a
/// plausible typo ("did you mean …?").
pub fn suggest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted_lower = wanted.to_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&wanted_lower, &candidate.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["kind", "title", "owner", "status"];
        assert_eq!(suggest("knd", fields), Some("kind"));
        assert_eq!(suggest("titel", fields), Some("title"));
        assert_eq!(suggest("zebra", fields), None);
    }
}
