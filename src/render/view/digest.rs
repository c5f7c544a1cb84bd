//! `digest.html`: the e-mail page of `goalpost digest --format html`. The
//! words are made once in `render/digest/` (the Markdown and text
//! formats use the same ones); this is their shape for the template.

use serde::Serialize;

/// `digest.html`: the digest as one e-mail page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DigestPage<'a> {
    /// "Digest: Lincoln Elementary — goals 2026-27".
    pub(crate) title: &'a str,
    /// The lines under the title: the date, whose digest, the period, the
    /// cycle.
    pub(crate) lines: &'a [String],
    /// Its sections, in order.
    pub(crate) sections: Vec<DigestSection<'a>>,
}

/// One section: a heading and one of `empty`, `items` or `table`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DigestSection<'a> {
    /// "What moved".
    pub(crate) heading: &'a str,
    /// A sentence when there is nothing to list.
    pub(crate) empty: Option<&'a str>,
    /// The goals it lists.
    pub(crate) items: Vec<DigestItem<'a>>,
    /// A table of figures instead of a list.
    pub(crate) table: Option<DigestTable<'a>>,
}

/// One goal in a list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DigestItem<'a> {
    /// The goal's title.
    pub(crate) title: &'a str,
    /// "Dana Reyes, Grace Okafor"; empty in one person's digest.
    pub(crate) owners: &'a str,
    /// What happened, in a sentence.
    pub(crate) text: &'a str,
    /// Its state as a badge, where the line shows one.
    pub(crate) state: Option<DigestBadge>,
}

/// A goal's state as a coloured badge.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DigestBadge {
    /// "On track".
    pub(crate) label: &'static str,
    /// Its colour, `#rrggbb`.
    pub(crate) color: &'static str,
}

/// A table of figures (the practices' week).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DigestTable<'a> {
    /// The column headings.
    pub(crate) head: Vec<DigestHead<'a>>,
    /// Each row's cells, in the columns of `head`.
    pub(crate) rows: Vec<Vec<DigestCell<'a>>>,
}

/// A column heading.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DigestHead<'a> {
    /// The heading split at its en dashes ("Nov 16–23" → "Nov 16", "23"),
    /// so a template can keep a range from wrapping after the dash.
    pub(crate) parts: Vec<&'a str>,
    /// A column of figures (right-aligned).
    pub(crate) right: bool,
}

/// A cell of the table.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DigestCell<'a> {
    /// What it says.
    pub(crate) text: &'a str,
    /// Right-aligned: figures, and words about figures.
    pub(crate) right: bool,
    /// Where its text may wrap: `always` (words), `narrow` (only on a
    /// phone: words short enough for one line on a wider screen) or
    /// `never` (figures).
    pub(crate) wrap: Wrap,
    /// In a row's first cell: its owner, shown under it (the table has no
    /// owner column, so that it fits a phone). Empty in one person's digest.
    pub(crate) owner: Option<&'a str>,
}

/// Where a column's text may wrap onto a second line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Wrap {
    /// Words, such as a practice's name.
    Always,
    /// Words short enough for one line on a wider screen, wrapped on a
    /// phone ("80% out of reach").
    Narrow,
    /// Figures, never wrapped.
    Never,
}
