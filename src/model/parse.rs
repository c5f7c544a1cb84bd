//! One file's bytes → typed goals or a scorecard, with diagnostics: the
//! file-level driver (UTF-8, merge-conflict markers, frontmatter, YAML,
//! `id` and `kind`), which hands a goal's fields to [`super::goal`] and a
//! scorecard's to [`super::scorecard`].
//!
//! A goal with a bad field is still loaded (with that field left at its
//! default), so one typo never makes a goal vanish from the report; the
//! error is reported and `check`/`build` exit non-zero.

use super::fields::Reader;
use super::goal::read_goal;
use super::locate::KeyIndex;
use super::*;
use crate::diagnostics::{Diagnostic, Location, Pos};
use crate::source::frontmatter::{file_pos, split, Split};
use crate::yaml::{self, Value};
use std::sync::Arc;

const KINDS: &[&str] = &[
    "purpose",
    "progress",
    "practice",
    "scorecard",
    "coaching-cycle",
    "reflection",
];

/// Parses one goal file. `rel` is its path relative to the repository.
/// Never panics on anything a user wrote.
pub fn parse_file(rel: &str, bytes: &[u8]) -> ParsedFile {
    let mut out = parse_text(rel, bytes);
    let hash = crate::source::content_hash(bytes);
    // Each goal is the file's own until the file is cached: no copies.
    for goal in &mut out.goals {
        Arc::make_mut(goal).source = hash;
    }
    out.hash = hash;
    // A file that cannot be read keeps its place (FORMAT §2).
    if let Some(broken) = super::broken::first_error(&out) {
        out.goals
            .extend(super::broken::placeholder(rel, bytes, &broken).map(Arc::new));
        for goal in &mut out.goals {
            Arc::make_mut(goal).source = hash;
        }
        out.broken = Some(broken);
    }
    // A private file's problems are private too: they name its content.
    let private = out.goals.iter().any(|g| g.is_private())
        || out
            .scorecards
            .iter()
            .any(|s| s.visibility == Visibility::Private)
        || (out.broken.is_some() && says_private(bytes));
    if private {
        for d in &mut out.diagnostics {
            d.private = true;
        }
    }
    out
}

/// The line of the first git merge-conflict marker (`<<<<<<< ours`), when
/// the file has the opening and the closing one.
fn conflict_marker(text: &str) -> Option<u32> {
    let is = |line: &str, mark: &str| {
        line.strip_prefix(mark)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    };
    // Most files have none: one quick search, then no line is looked at.
    memchr::memmem::find(text.as_bytes(), b"<<<<<<<")?;
    let mut first = None;
    for (i, line) in crate::text::lines(text).enumerate() {
        let line = line.trim_end_matches('\r');
        if first.is_none() && is(line, "<<<<<<<") {
            first = Some(i as u32 + 1);
        } else if first.is_some() && is(line, ">>>>>>>") {
            return first;
        }
    }
    None
}

/// Whether a file that cannot be read as a goal (broken YAML, a missing
/// `kind`) is private: FORMAT §3's rule for such files, read from its text
/// and its lines (see [`super::privacy`]).
pub(crate) fn says_private(bytes: &[u8]) -> bool {
    super::broken::says_private(&String::from_utf8_lossy(bytes))
}

fn parse_text(rel: &str, bytes: &[u8]) -> ParsedFile {
    let mut out = ParsedFile::default();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            // Columns count characters; everything before the bad byte is UTF-8.
            let last_line = valid.rsplit(|&b| b == b'\n').next().unwrap_or_default();
            let col = String::from_utf8_lossy(last_line).chars().count() as u32 + 1;
            out.diagnostics.push(
                Diagnostic::error(
                    "invalid-utf8",
                    &Location::new(rel, Pos::new(line, col)),
                    "this file is not valid UTF-8 text",
                )
                .with_hint(
                    "save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)",
                ),
            );
            return out;
        }
    };
    if let Some(line) = conflict_marker(text) {
        out.diagnostics.push(
            Diagnostic::error(
                "merge-conflict",
                &Location::new(rel, Pos::new(line, 1)),
                "this file still has git's merge-conflict markers, so it cannot be read",
            )
            .with_hint(
                "keep the lines you want between `<<<<<<<` and `>>>>>>>`, delete the others and \
                 the marker lines (`<<<<<<<`, `=======`, `>>>>>>>`), then save and commit",
            ),
        );
        return out;
    }
    let start = Location::new(rel, Pos::new(1, 1));
    let (yaml_text, yaml_line, body, body_line) = match split(text) {
        Split::Plain => return out,
        Split::Unclosed => {
            out.diagnostics.push(
                Diagnostic::error(
                    "unclosed-frontmatter",
                    &start,
                    "the frontmatter starts with `---` but never ends",
                )
                .with_hint("add a line with just `---` after the last field"),
            );
            return out;
        }
        Split::Toml => {
            out.diagnostics.push(
                Diagnostic::error(
                    "toml-frontmatter",
                    &start,
                    "this file has TOML frontmatter (`+++`); goalpost reads YAML frontmatter",
                )
                .with_hint(
                    "start and end the frontmatter with `---` and write fields as `key: value`",
                ),
            );
            return out;
        }
        Split::Yaml {
            yaml,
            yaml_line,
            body,
            body_line,
        } => (yaml, yaml_line, body, body_line),
    };
    let value = match yaml::parse(&yaml_text) {
        Ok(v) => v,
        Err(e) => {
            let pos = file_pos(yaml_line, e.pos);
            let hint = e.hint(&yaml_text);
            out.diagnostics.push(
                Diagnostic::error(
                    "yaml-syntax",
                    &Location::new(rel, pos),
                    format!("the frontmatter is not valid YAML: {}", e.message),
                )
                .with_hint(hint)
                .with_width(e.width),
            );
            return out;
        }
    };
    let mut r = Reader::new(rel, KeyIndex::new(&yaml_text, yaml_line));
    let map = match value {
        Value::Map(m) => m,
        Value::Null => Vec::new(),
        other => {
            let at = Location::new(rel, r.keys.opening());
            out.diagnostics.push(
                Diagnostic::error(
                    "frontmatter-not-mapping",
                    &at,
                    format!(
                        "the frontmatter is {}, but it should be `field: value` lines, one per line",
                        other.type_name()
                    ),
                )
                .with_hint("write fields such as `kind: progress` and `title: …`, one per line"),
            );
            return out;
        }
    };
    let get = |k: &str| map.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .trim_end_matches(".MD")
        .to_string();
    let id = get("id")
        .and_then(|v| r.text(&["id"], v))
        .filter(|s| !s.is_empty())
        .unwrap_or(stem);
    r.goal = Some(id.clone());

    let kind = match get("kind") {
        None => {
            let near = map
                .iter()
                .map(|(k, _)| k.as_str())
                .find(|k| crate::diagnostics::suggest(k, ["kind"]).is_some());
            let hint = match near {
                Some(k) => format!("`{k}` looks like a typo for `kind`"),
                None => {
                    "add `kind: purpose`, `kind: progress`, `kind: practice` or `kind: scorecard`"
                        .to_string()
                }
            };
            let path: Vec<&str> = near.into_iter().collect();
            r.error(
                "missing-kind",
                &path,
                "this file has frontmatter but no `kind`, so it is not read as a goal".into(),
                &hint,
            );
            out.diagnostics.append(&mut r.diagnostics);
            return out;
        }
        Some(v) => match r.text(&["kind"], v) {
            Some(k) if KINDS.contains(&k.as_str()) => k,
            other => {
                let k = other.unwrap_or_default();
                let hint = match crate::diagnostics::suggest(&k, KINDS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use one of: purpose, progress, practice, scorecard, \
                             coaching-cycle, reflection"
                        .to_string(),
                };
                r.value_error(
                    "unknown-kind",
                    &["kind"],
                    format!("`{k}` is not a kind of goal"),
                    &hint,
                );
                out.diagnostics.append(&mut r.diagnostics);
                return out;
            }
        },
    };

    if kind == "scorecard" {
        let card = super::scorecard::read(&mut r, &map, body, body_line);
        out.scorecards.push(card);
        out.diagnostics.append(&mut r.diagnostics);
        out.diagnostics.sort_by_key(|d| (d.line, d.column));
        return out;
    }
    let goal = read_goal(&mut r, &kind, id, &map, body, body_line);
    out.goals.push(Arc::new(goal));
    out.diagnostics.append(&mut r.diagnostics);
    out.diagnostics.sort_by_key(|d| (d.line, d.column));
    out
}
