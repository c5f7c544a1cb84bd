//! `goalpost digest` as Markdown, plain text or one e-mail-safe HTML page.
//! Decides nothing: the [`Digest`] says what to show; it is put into
//! words once (`Doc`, in `doc.rs`, with coaching's sections in
//! `coaching.rs` and the wording they share in `wording.rs`) and those
//! words are written in each format (`plain.rs`: Markdown and text;
//! `html.rs`: the e-mail page).

mod coaching;
mod doc;
mod html;
mod plain;
mod wording;

use super::view::digest::Wrap;
use super::RenderError;
use crate::analysis::digest::Digest;
use crate::analysis::{Report, State};
use crate::model::Kind;
use std::path::Path;

/// The output formats of `goalpost digest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Html,
}

/// The digest in words, before any format.
struct Doc {
    title: String,
    lines: Vec<String>,
    sections: Vec<Section>,
}

struct Section {
    heading: String,
    body: Body,
}

impl Section {
    /// `items` listed under `heading`; no section when there are none.
    fn items(heading: impl Into<String>, items: impl IntoIterator<Item = Item>) -> Option<Section> {
        let items: Vec<Item> = items.into_iter().collect();
        (!items.is_empty()).then(|| Section {
            heading: heading.into(),
            body: Body::Items(items),
        })
    }
}

enum Body {
    /// A sentence when there is nothing to list.
    Empty(String),
    Items(Vec<Item>),
    Table(Table),
}

/// One goal in a list: its title, its owners, a sentence, a state.
struct Item {
    title: String,
    owners: String,
    text: String,
    state: Option<State>,
    /// The goal's kind: a state is worded for it ("not measured yet").
    kind: Kind,
}

struct Table {
    columns: Vec<Column>,
    /// Column 1 names each row's owner (HTML shows it under column 0,
    /// text after it).
    owner_column: bool,
    rows: Vec<Vec<String>>,
}

/// A column of a [`Table`]: its heading, and how its cells are laid out.
struct Column {
    head: String,
    /// Right-aligned (figures, and words about figures).
    right: bool,
    /// Where its text may wrap.
    wrap: Wrap,
}

impl Column {
    /// Words, such as a practice's name.
    fn words(head: impl Into<String>) -> Column {
        Column {
            head: head.into(),
            right: false,
            wrap: Wrap::Always,
        }
    }

    /// Figures, right-aligned and never wrapped.
    fn figures(head: impl Into<String>) -> Column {
        Column {
            head: head.into(),
            right: true,
            wrap: Wrap::Never,
        }
    }

    /// Words about figures ("80% out of reach"), right-aligned, wrapped
    /// only on a phone.
    fn phrase(head: impl Into<String>) -> Column {
        Column {
            head: head.into(),
            right: true,
            wrap: Wrap::Narrow,
        }
    }
}

/// The digest written in `format`. The HTML page comes from the
/// `digest.html` template, the goals repository's own when
/// `templates_root` has one; only a broken template is an error.
pub fn render(
    digest: &Digest,
    report: &Report,
    format: Format,
    templates_root: Option<&Path>,
) -> Result<String, RenderError> {
    let doc = doc::words_of(digest, report);
    Ok(match format {
        Format::Markdown => plain::markdown(&doc),
        Format::Text => plain::text(&doc),
        Format::Html => html::html(&doc, templates_root)?,
    })
}
