//! Rendering an analysed [`Report`](crate::analysis::Report) into the pages
//! of the static site (FORMAT §8–§9): HTML from minijinja templates, inline
//! SVG pictures, sanitised Markdown bodies and `goals.json`.
//!
//! Nothing here touches the disk except the template loader reading a goals
//! repository's own `templates/` overrides; [`crate::output`] writes pages.

pub mod changes;
pub(crate) mod csv;
pub mod dates;
pub mod digest;
pub(crate) mod format;
pub(crate) mod habit;
pub(crate) mod ics;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod pages;
pub mod served;
pub(crate) mod svg;
pub mod templates;
pub mod today;
pub(crate) mod view;
mod words;

use std::fmt;

pub use pages::{render_into, render_site, PageKeys, PageSink, RenderStats, Templates};
pub use templates::environment;

/// One file of the site: a path relative to the output folder
/// (`/`-separated, e.g. `goals/reading-80.html`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Include goals with `visibility: private` (`--include-private`).
    pub include_private: bool,
    /// `--edit-url` (or `GOALPOST_EDIT_URL`): where "Edit this goal" links
    /// lead, over `goalpost.yml`'s `edit_url`.
    pub edit_url: Option<String>,
}

/// Rendering failed: a template could not be loaded, parsed or rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    Template {
        /// `templates/goal.html` for an override in the goals repository,
        /// `built-in template goal.html` otherwise.
        file: String,
        line: Option<usize>,
        message: String,
    },
    Json(String),
    /// A page could not be written.
    Output(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Template {
                file,
                line: Some(line),
                message,
            } => write!(f, "template error in {file}:{line}: {message}"),
            RenderError::Template {
                file,
                line: None,
                message,
            } => write!(f, "template error in {file}: {message}"),
            RenderError::Json(message) => write!(f, "could not write goals.json: {message}"),
            RenderError::Output(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for RenderError {}

impl RenderError {
    /// A broken template as the `template-error` diagnostic every command
    /// reports it with (`None` for other errors), with what happens
    /// meanwhile as its hint.
    pub fn diagnostic(&self, meanwhile: &str) -> Option<crate::diagnostics::Diagnostic> {
        use crate::diagnostics::{Diagnostic, Location, Pos, Severity};
        let RenderError::Template {
            file,
            line,
            message,
        } = self
        else {
            return None;
        };
        let line = line.and_then(|l| u32::try_from(l).ok()).unwrap_or(1);
        let at = Location::new(file.clone(), Pos::new(line, 1));
        Some(
            Diagnostic::new(Severity::Error, "template-error", &at, message.clone()).with_hint(
                format!("fix the template, or delete it to use the built-in one; {meanwhile}"),
            ),
        )
    }
}

/// A file-name-safe form of an id: lower-case letters, digits, `-`, `_`
/// and `.`; anything else becomes `-`; never empty, never starting with a
/// dot, never a Windows device name, at most 80 bytes.
pub(crate) fn slug(id: &str) -> String {
    // Most ids are already their own slug (`reading-80-by-may`): kept as
    // they are, without the Unicode case mapping below.
    if is_own_slug(id) {
        return id.to_string();
    }
    slug_of_any(id)
}

/// [`slug`] of any id, character by character.
fn slug_of_any(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars().flat_map(char::to_lowercase) {
        let keep = c.is_alphanumeric() || c == '_' || c == '.' || c == '-';
        let c = if keep { c } else { '-' };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        if out.len() + c.len_utf8() > 80 {
            break;
        }
        out.push(c);
    }
    let trimmed = out.trim_matches(|c| c == '-' || c == '.').to_string();
    let mut out = if trimmed.is_empty() {
        "item".to_string()
    } else {
        trimmed
    };
    if is_reserved(&out) {
        out.push('_');
    }
    out
}

/// Whether `slug(id)` is `id` itself: lower-case ASCII letters, digits,
/// `-`, `_` and `.`, no two dashes in a row, neither end a dash or a dot,
/// at most 80 bytes, and not a Windows device name.
fn is_own_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
        && !id.as_bytes().windows(2).any(|pair| pair == b"--")
        && !id.starts_with(['-', '.'])
        && !id.ends_with(['-', '.'])
        && !is_reserved(id)
}

/// A Windows device name (`con`, `com1`, …), before any dot.
fn is_reserved(name: &str) -> bool {
    let stem = &name[..crate::text::find_byte(name, b'.').unwrap_or(name.len())];
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    RESERVED.contains(&stem)
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// A page address for an id (FORMAT §2 v2): stable, depending on the id
/// alone. An id made only of `a-z 0-9 - _` (at most 80 bytes, not a
/// Windows device name) is used as it is; any other id is made safe with
/// [`slug`] and gets a short suffix derived from the id itself, so two ids
/// that differ only in case or accents never share an address and adding
/// a file never moves another goal's page.
pub(crate) fn address(id: &str) -> String {
    // Its own slug, without a dot: used as it is.
    if is_own_slug(id) && !id.contains('.') {
        return id.to_string();
    }
    format!(
        "{}-{:06x}",
        slug(id),
        crate::source::content_hash(id.as_bytes()) & 0xff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_kept_as_its_own_slug_is_its_slug() {
        let ids = [
            "reading-80-by-may",
            "a",
            "a.b",
            "a_b-c",
            "com1",
            "com1.txt",
            "lpt9",
            "con",
            "comx",
            "a--b",
            "-a",
            "a-",
            ".a",
            "a.",
            "A",
            "é",
            "a b",
            "x".repeat(80).as_str(),
            "x".repeat(81).as_str(),
            "2026-27.goals",
            "nul.",
            "a..b",
            "a-.b",
        ]
        .map(str::to_string);
        let mut own = 0;
        for id in &ids {
            assert_eq!(slug(id), slug_of_any(id), "{id}");
            if is_own_slug(id) {
                assert_eq!(slug_of_any(id), *id, "{id}");
                own += 1;
            }
        }
        assert_eq!(own, 9, "the quick path is taken");
    }

    #[test]
    fn slugs_never_escape_or_collide() {
        assert_eq!(slug("reading-80-by-may"), "reading-80-by-may");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("/abs/path"), "abs-path");
        assert_eq!(slug("..."), "item");
        assert_eq!(slug(""), "item");
        assert_eq!(slug("Läsning Åk 3"), "läsning-åk-3");
        assert_eq!(slug("con"), "con_");
        assert_eq!(slug("a\\b:c"), "a-b-c");
        assert!(slug(&"x".repeat(500)).len() <= 80);
    }

    #[test]
    fn addresses_depend_on_the_id_alone() {
        assert_eq!(address("reading-80"), "reading-80");
        assert_eq!(address("a_b-9"), "a_b-9");
        let upper = address("Reading");
        assert_eq!(upper, "reading-b55e68", "the example in docs/format.md");
        assert!(upper.starts_with("reading-") && upper.len() == "reading-".len() + 6);
        assert_ne!(upper, address("reading"));
        assert_eq!(upper, address("Reading"), "the same id, the same address");
        // A Cyrillic \u{435} is not the Latin e.
        assert_ne!(address("r\u{435}ading"), address("reading"));
        assert_ne!(address("r\u{435}ading"), "reading");
        assert!(address("con").starts_with("con_-"));
        assert!(address("../x").starts_with("x-"));
    }
}
