//! A file that cannot be read keeps its place (FORMAT §2).
//!
//! When a goal file fails to parse (broken YAML, a missing `---`, a
//! conflict marker, `kind: Progress`…), [`placeholder`] still makes a goal
//! of it from the lines that can be read one by one: its id (an `id:`
//! line, else the file name), its kind, title, owners, visibility and its
//! `purpose:`/`serves:` references. References to it then resolve, its
//! page keeps its address, and the file's own error is the only one.
//!
//! When an earlier good version of the file is known (the last commit
//! that parsed, or the last good save while `watch`/`serve` run),
//! [`recovered`] shows the goal from that version, marked [`Broken`].

use super::privacy;
use super::{
    Broken, Details, Goal, Kind, ParsedFile, PracticeSpec, ProgressSpec, PurposeSpec, Reference,
    Shown, Visibility,
};
use crate::diagnostics::{Location, Pos, Severity};

/// One top-level `key: value` line of a frontmatter, read without YAML.
struct Line<'t> {
    key: &'t str,
    value: &'t str,
    /// 1-based file line and column of the value.
    line: u32,
    column: u32,
    /// The `- item` lines right below a key with no value.
    items: Vec<(&'t str, u32, u32)>,
}

/// The top-level lines of the frontmatter of `text`, as far as they can be
/// read one by one. Empty when the file does not start with `---`.
fn lines(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut all = text.lines().enumerate();
    match all.next() {
        Some((_, first)) if first.trim_end() == "---" => {}
        _ => return Vec::new(),
    }
    let mut out: Vec<Line> = Vec::new();
    for (i, raw) in all {
        let raw = raw.trim_end_matches('\r');
        let trimmed = raw.trim_end();
        if trimmed == "---" || trimmed == "..." {
            break;
        }
        let line = i as u32 + 1;
        let indent = raw.len() - raw.trim_start().len();
        if indent > 0 {
            if let (Some(last), Some(item)) = (out.last_mut(), raw.trim_start().strip_prefix("- "))
            {
                if last.value.is_empty() {
                    let item = unquote(strip_comment(item));
                    let column = column_of(raw, item);
                    last.items.push((item, line, column));
                }
            }
            continue;
        }
        let Some((key, rest)) = raw.split_once(':') else {
            continue;
        };
        let key = unquote(key.trim());
        if key.is_empty() || key.contains(' ') {
            continue;
        }
        let value = unquote(strip_comment(rest));
        out.push(Line {
            key,
            value,
            line,
            column: column_of(raw, value),
            items: Vec::new(),
        });
    }
    out
}

fn strip_comment(s: &str) -> &str {
    let s = s.trim();
    match s.find(" #") {
        Some(at) => s[..at].trim_end(),
        None if s.starts_with('#') => "",
        None => s,
    }
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\'', '“', '”', '‘', '’'] {
        if let Some(inner) = s.strip_prefix(q) {
            return inner
                .trim_end_matches(['"', '\'', '“', '”', '‘', '’'])
                .trim();
        }
    }
    s
}

/// The 1-based column (in characters) at which `part`, a slice of `line`,
/// starts; 1 when it is not one.
fn column_of(line: &str, part: &str) -> u32 {
    let offset = (part.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
    match line.get(..offset) {
        Some(before) if offset <= line.len() => before.chars().count() as u32 + 1,
        _ => 1,
    }
}

/// A value and the items below it as a list: `a`, `[a, b]` or `- a` lines.
fn list<'t>(l: &Line<'t>) -> Vec<(&'t str, u32, u32)> {
    if !l.items.is_empty() {
        return l.items.clone();
    }
    let inner = l
        .value
        .strip_prefix('[')
        .map(|v| v.trim_end_matches(']'))
        .unwrap_or(l.value);
    inner
        .split(',')
        .map(unquote)
        .filter(|s| !s.is_empty())
        .map(|s| (s, l.line, column_of_in(l, s)))
        .collect()
}

fn column_of_in(l: &Line, part: &str) -> u32 {
    let offset = (part.as_ptr() as usize).wrapping_sub(l.value.as_ptr() as usize);
    if offset <= l.value.len() {
        l.column + l.value[..offset].chars().count() as u32
    } else {
        l.column
    }
}

/// Whether a file that cannot be read is private (FORMAT §3): its text
/// has the word `private` in any case, or one of the lines that can be
/// read one by one could mean private (`hidden: yes`, `Visibility: x`).
/// A mistake never publishes what was meant to be private.
pub(crate) fn says_private(text: &str) -> bool {
    privacy::text_says_private(text) || private_in(&lines(text))
}

fn private_in(lines: &[Line]) -> bool {
    let clues = lines
        .iter()
        .map(|l| privacy::clue(l.key, (!l.value.is_empty()).then_some(l.value)));
    privacy::verdict(clues) == Visibility::Private
}

/// Where the top-level `key:` line of the frontmatter of `text` is, and
/// its value, read line by line.
pub(crate) fn top_line(text: &str, key: &str) -> Option<(Pos, String)> {
    lines(text)
        .into_iter()
        .find(|l| l.key == key)
        .map(|l| (Pos::new(l.line, l.column), l.value.to_string()))
}

/// The kind a broken file says it is, read as kindly as possible
/// (`Progress`, `"practice"`, `progres`), or guessed from its fields.
fn kind_of(lines: &[Line]) -> Option<&'static str> {
    const KINDS: [&str; 4] = ["purpose", "progress", "practice", "scorecard"];
    if let Some(l) = lines.iter().find(|l| l.key == "kind") {
        let written = l.value.to_lowercase();
        if let Some(k) = KINDS.iter().find(|k| **k == written) {
            return Some(k);
        }
        if let Some(k) = crate::diagnostics::suggest(&written, KINDS) {
            return KINDS.iter().find(|x| **x == k).copied();
        }
    }
    let has = |keys: &[&str]| lines.iter().any(|l| keys.contains(&l.key));
    if has(&["serves", "cadence", "log", "evidence"]) {
        Some("practice")
    } else if has(&[
        "baseline",
        "target",
        "metric",
        "measurements",
        "windows",
        "current",
        "purpose",
    ]) {
        Some("progress")
    } else {
        None
    }
}

/// The goal a file that cannot be read stands for, made from the lines
/// that can be read; `None` for a file that says it is a scorecard.
pub(crate) fn placeholder(rel: &str, bytes: &[u8], broken: &Broken) -> Option<Goal> {
    let text = String::from_utf8_lossy(bytes);
    let lines = lines(&text);
    let kind = match kind_of(&lines) {
        Some("scorecard") => return None,
        Some("progress") => Kind::Progress,
        Some("practice") => Kind::Practice,
        Some("coaching-cycle") => Kind::Coaching,
        Some("reflection") => Kind::Reflection,
        _ => Kind::Purpose,
    };
    let value = |key: &str| {
        lines
            .iter()
            .find(|l| l.key == key)
            .filter(|l| !l.value.is_empty())
    };
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .trim_end_matches(".MD");
    let id = value("id").map_or(stem, |l| l.value).to_string();
    let at_line = ["id", "title", "kind"]
        .iter()
        .find_map(|k| value(k))
        .map_or(Pos::new(1, 1), |l| Pos::new(l.line, 1));
    let references = |key: &str| -> Vec<Reference> {
        lines
            .iter()
            .find(|l| l.key == key)
            .map(|l| {
                list(l)
                    .into_iter()
                    .map(|(id, line, column)| Reference {
                        id: id.to_string(),
                        at: Location::new(rel, Pos::new(line, column)),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let details = match kind {
        Kind::Purpose => Details::Purpose(PurposeSpec::default()),
        Kind::Progress => Details::Progress(ProgressSpec {
            purpose: references("purpose").into_iter().next(),
            ..ProgressSpec::default()
        }),
        Kind::Practice => Details::Practice(PracticeSpec {
            serves: references("serves"),
            ..PracticeSpec::default()
        }),
        Kind::Coaching => Details::Coaching(super::coaching::CoachingSpec {
            serves: references("serves"),
            ..Default::default()
        }),
        Kind::Reflection => Details::Reflection(Default::default()),
    };
    let private = says_private(&text);
    let title = value("title").map_or_else(|| stem.to_string(), |l| l.value.to_string());
    let owners = value("owner")
        .map(|l| list(l).into_iter().map(|(o, ..)| o.to_string()).collect())
        .unwrap_or_default();
    Some(Goal {
        title,
        owners,
        visibility: if private {
            Visibility::Private
        } else {
            Visibility::Shared
        },
        details,
        broken: Some(broken.clone()),
        ..Goal::new(id, kind, rel, Location::new(rel, at_line))
    })
}

/// What is wrong with a parsed file that yielded neither a goal nor a
/// scorecard: its first error.
pub(crate) fn first_error(file: &ParsedFile) -> Option<Broken> {
    if !file.goals.is_empty() || !file.scorecards.is_empty() {
        return None;
    }
    let d = file
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)?;
    Some(Broken {
        file: d.file.clone(),
        line: d.line,
        column: d.column,
        message: d.message.clone(),
        shown: None,
        as_of: None,
    })
}

/// The broken file `now` shown from an earlier good version of it: the
/// good version's goals and scorecards, marked broken, with `now`'s
/// problems (the error is the only thing reported). A goal stays private
/// when either version says so.
pub(crate) fn recovered(
    now: &ParsedFile,
    good: &ParsedFile,
    shown: Shown,
    as_of: Option<super::Date>,
) -> ParsedFile {
    let Some(broken) = &now.broken else {
        return now.clone();
    };
    let broken = Broken {
        shown: Some(shown),
        as_of,
        ..broken.clone()
    };
    let private_now = now.goals.iter().any(|g| g.is_private());
    let goals = good
        .goals
        .iter()
        .map(|g| {
            let mut g = Goal::clone(g);
            g.file = broken.file.clone();
            g.broken = Some(broken.clone());
            g.source = now.hash;
            if private_now {
                g.visibility = Visibility::Private;
            }
            std::sync::Arc::new(g)
        })
        .collect();
    let scorecards = good
        .scorecards
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.file = broken.file.clone();
            s
        })
        .collect();
    ParsedFile {
        goals,
        scorecards,
        diagnostics: now.diagnostics.clone(),
        hash: now.hash,
        broken: Some(broken),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken() -> Broken {
        Broken {
            file: "goals/x.md".into(),
            line: 3,
            column: 1,
            message: "bad".into(),
            shown: None,
            as_of: None,
        }
    }

    #[test]
    fn a_placeholder_keeps_what_can_be_read() {
        let text = "---\nkind: Practice\nid: visits   # mine\ntitle: \"Classroom visits\"\n\
                    owner: [okafor, lee]\nserves:\n  - reading-80\n  - 'writing'\n\
                    cadence:\tweekly\n---\nbody\n";
        let g = placeholder("goals/x.md", text.as_bytes(), &broken()).expect("a goal");
        assert_eq!(g.id, "visits");
        assert_eq!(g.kind, Kind::Practice);
        assert_eq!(g.title, "Classroom visits");
        assert_eq!(g.owners, ["okafor", "lee"]);
        let serves = &g.practice().expect("a practice").serves;
        let ids: Vec<_> = serves.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["reading-80", "writing"]);
        assert_eq!((serves[1].at.line, serves[1].at.column), (8, 6));
        assert!(g.is_placeholder());
    }

    #[test]
    fn a_placeholder_without_an_id_line_is_named_after_its_file() {
        let text = "---\nkind: progress\ntarget: 80\npurpose: [every-reader]\n";
        let g = placeholder("goals/reading-80.md", text.as_bytes(), &broken()).expect("a goal");
        assert_eq!(g.id, "reading-80");
        assert_eq!(g.title, "reading-80");
        let purpose = g.progress().and_then(|p| p.purpose.as_ref());
        assert_eq!(purpose.map(|r| r.id.as_str()), Some("every-reader"));
    }

    #[test]
    fn the_kind_is_guessed_from_the_fields_when_it_cannot_be_read() {
        let g = placeholder("a.md", b"---\nkidn: x\nserves: b\n---\n", &broken());
        assert_eq!(g.map(|g| g.kind), Some(Kind::Practice));
        let g = placeholder("a.md", b"---\ntitle: x\n", &broken());
        assert_eq!(g.map(|g| g.kind), Some(Kind::Purpose));
    }

    #[test]
    fn a_broken_scorecard_is_no_goal() {
        assert!(placeholder("a.md", b"---\nkind: scorecard\n\tx\n---\n", &broken()).is_none());
    }

    #[test]
    fn private_is_read_from_the_word_and_line_by_line() {
        assert!(says_private("---\nvisibility: private\n\tbroken\n---\n"));
        assert!(says_private("---\n\"visibility\": privat # typo\n---\n"));
        assert!(says_private("---\nVisibility: shared\n\tbroken\n---\n"));
        assert!(says_private("---\nhidden: yes\n\tbroken\n---\n"));
        // The word anywhere in an unreadable file is enough.
        assert!(says_private("no frontmatter\nvisibility: private\n"));
        assert!(says_private("---\n\tbroken\n---\nMy PRIVATE plan\n"));
        assert!(!says_private("---\nvisibility: shared\n---\n"));
        assert!(!says_private("---\nhidden: no\n\tbroken\n---\n"));
    }
}
