//! The digest as one e-mail-safe HTML page, from the `digest.html`
//! template (overridable like every page): one page, every style inline
//! on its element (no external CSS, no scripts, no images), layout by
//! tables 600 pixels wide at most. Its one `<style>` holds only media
//! queries that polish the layout in the clients that keep it.

use super::{Body, Doc, Table};
use crate::render::templates::template_error;
use crate::render::view::digest::{
    DigestBadge, DigestCell, DigestHead, DigestItem, DigestPage, DigestSection, DigestTable,
};
use crate::render::{words, RenderError};
use std::path::Path;

/// The template of the e-mail page (overridable like every page).
pub(crate) const TEMPLATE: &str = "digest.html";

/// The words of `doc` in the shape of `digest.html`'s view.
fn page(doc: &Doc) -> DigestPage<'_> {
    let sections = doc
        .sections
        .iter()
        .map(|s| {
            let mut section = DigestSection {
                heading: &s.heading,
                empty: None,
                items: Vec::new(),
                table: None,
            };
            match &s.body {
                Body::Empty(text) => section.empty = Some(text),
                Body::Items(items) => {
                    section.items = items
                        .iter()
                        .map(|i| DigestItem {
                            title: &i.title,
                            owners: &i.owners,
                            text: &i.text,
                            state: i.state.map(|s| DigestBadge {
                                label: words::kind_state_label(i.kind, s),
                                color: words::state_ink(s),
                            }),
                        })
                        .collect();
                }
                Body::Table(t) => section.table = Some(table(t)),
            }
            section
        })
        .collect();
    DigestPage {
        title: &doc.title,
        lines: &doc.lines,
        sections,
    }
}

/// The owner (column 1, when there is one) goes under the practice's
/// name: one column less.
fn table(t: &Table) -> DigestTable<'_> {
    let merged = t.owner_column;
    let shown = |c: usize| !(merged && c == 1);
    let head = t
        .columns
        .iter()
        .enumerate()
        .filter(|(c, _)| shown(*c))
        .map(|(_, col)| DigestHead {
            parts: col.head.split('–').collect(),
            right: col.right,
        })
        .collect();
    let rows = t
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .zip(&t.columns)
                .enumerate()
                .filter(|(c, _)| shown(*c))
                .map(|(c, (x, col))| DigestCell {
                    text: x,
                    right: col.right,
                    wrap: col.wrap,
                    owner: (merged && c == 0)
                        .then(|| r.get(1).filter(|o| !o.is_empty()).map(String::as_str))
                        .flatten(),
                })
                .collect()
        })
        .collect();
    DigestTable { head, rows }
}

pub(super) fn html(doc: &Doc, templates_root: Option<&Path>) -> Result<String, RenderError> {
    let env = crate::render::templates::environment(templates_root);
    let failed = |e: minijinja::Error| template_error(&e, templates_root, TEMPLATE);
    env.get_template(TEMPLATE)
        .map_err(failed)?
        .render(minijinja::Value::from(minijinja::value::Serde(page(doc))))
        .map_err(failed)
}
