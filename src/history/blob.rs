//! What the history needs from one version of a goal file: `current:`,
//! `id:`, its goalposts (`kind`, `baseline`, `target`, `start`, `due`,
//! `cadence`) — read from tens of thousands of versions, so quickly.
//!
//! Goal frontmatter is almost always a plain block mapping (`key: value`
//! lines at column 0). The top-level lines are found by a line scan; the
//! few values we need are read directly when they are plain numbers or
//! words and otherwise by the YAML reader on just their block. Frontmatter
//! that does not look like a block mapping is read whole by the YAML reader.

use crate::model::fields::parse_date;
use crate::model::{Cadence, Date, Kind};
use crate::source::{split, Split};
use crate::yaml::{self, Value};

/// What we need from one version of a goal file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct BlobInfo {
    pub(crate) current: Option<f64>,
    /// An explicit `id:`.
    pub(crate) id: Option<String>,
    /// The goal's aim as this version states it.
    pub(crate) posts: Goalposts,
}

/// One goalpost field in one version of a file.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) enum Post<T> {
    /// Not written (or `null`).
    #[default]
    Absent,
    Set(T),
    /// Written, but not a value `check` accepts: this version says nothing
    /// about the field.
    Unreadable,
}

impl<T: Copy> Post<T> {
    /// The value, when the version states one (`None`: absent).
    /// `Err` when it cannot be read.
    pub(crate) fn known(self) -> Result<Option<T>, ()> {
        match self {
            Post::Absent => Ok(None),
            Post::Set(v) => Ok(Some(v)),
            Post::Unreadable => Err(()),
        }
    }
}

/// The fields that say what a goal aims at: a progress goal's `baseline`,
/// `target`, `start` and `due`, a practice's `target` and `cadence` (with
/// the defaults the model gives them: target 1, `weekdays`), a coaching
/// cycle's `target`, `start` and `due`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Goalposts {
    /// `None` when the version is not a readable goal.
    pub(crate) kind: Option<Kind>,
    pub(crate) baseline: Post<f64>,
    pub(crate) target: Post<f64>,
    pub(crate) start: Post<Date>,
    pub(crate) due: Post<Date>,
    pub(crate) cadence: Post<Cadence>,
}

impl Goalposts {
    /// Reads the goalposts from each key's value (`None`: the key is absent).
    fn read(get: impl Fn(&str) -> Option<Value>) -> Goalposts {
        let kind = match get("kind") {
            Some(Value::String(s)) => [
                Kind::Purpose,
                Kind::Progress,
                Kind::Practice,
                Kind::Coaching,
                Kind::Reflection,
            ]
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim())),
            _ => None,
        };
        let number = |key: &str| match get(key) {
            None | Some(Value::Null) => Post::Absent,
            Some(Value::Number(n)) if n.is_finite() => Post::Set(n),
            Some(_) => Post::Unreadable,
        };
        let date = |key: &str| match get(key) {
            None | Some(Value::Null) => Post::Absent,
            Some(Value::String(s)) => parse_date(&s).map_or(Post::Unreadable, Post::Set),
            Some(_) => Post::Unreadable,
        };
        let mut posts = Goalposts {
            kind,
            ..Goalposts::default()
        };
        match kind {
            Some(Kind::Progress) => {
                posts.baseline = number("baseline");
                posts.target = number("target");
                posts.start = date("start");
                posts.due = date("due");
            }
            Some(Kind::Practice) => {
                let default = crate::model::PracticeSpec::default();
                posts.target = match number("target") {
                    Post::Absent => Post::Set(default.target),
                    Post::Set(t) if t > 0.0 => Post::Set(t),
                    _ => Post::Unreadable,
                };
                posts.cadence = match get("cadence") {
                    None | Some(Value::Null) => Post::Set(default.cadence),
                    Some(v) => v
                        .scalar_text()
                        .and_then(|s| {
                            [Cadence::Daily, Cadence::Weekdays, Cadence::Weekly]
                                .into_iter()
                                .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
                        })
                        .map_or(Post::Unreadable, Post::Set),
                };
            }
            Some(Kind::Coaching) => {
                posts.target = number("target");
                posts.start = date("start");
                posts.due = date("due");
            }
            Some(Kind::Purpose | Kind::Reflection) | None => {}
        }
        posts
    }
}

pub(crate) fn blob_info(bytes: &[u8]) -> BlobInfo {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return BlobInfo::default();
    };
    let Split::Yaml { yaml, .. } = split(text) else {
        return BlobInfo::default();
    };
    match top_level_blocks(&yaml) {
        Some(blocks) => from_blocks(&blocks),
        None => from_whole(&yaml),
    }
}

/// One top-level `key: …` entry and its text (the key line and every
/// indented, blank or comment line after it).
struct Block<'a> {
    key: &'a str,
    /// What follows `key:` on its line, trimmed.
    rest: &'a str,
    text: &'a str,
}

/// Splits a block-mapping frontmatter into its top-level entries, or `None`
/// when the text uses anything else at the top level (flow mappings,
/// quoted or complex keys, anchors, a top-level list): then the caller
/// reads it whole.
fn top_level_blocks(yaml: &str) -> Option<Vec<Block<'_>>> {
    let mut blocks: Vec<Block<'_>> = Vec::new();
    let mut offset = 0;
    let mut block_start = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let first = line.chars().next().unwrap_or('\n');
        if matches!(first, ' ' | '\n' | '\r' | '#') {
            continue; // inside the current block (or a comment, or blank)
        }
        if first == '-' && !blocks.is_empty() && (line.starts_with("- ") || line.trim_end() == "-")
        {
            continue; // a list item written at the key's own indentation
        }
        if matches!(
            first,
            '\t' | '"'
                | '\''
                | '{'
                | '['
                | '?'
                | '&'
                | '*'
                | '!'
                | '%'
                | '|'
                | '>'
                | '-'
                | '@'
                | '`'
                | ','
        ) {
            return None;
        }
        let content = line.trim_end();
        let colon = key_end(content)?;
        let key = &content[..colon];
        if key.contains(" #") {
            return None;
        }
        if let Some(last) = blocks.last_mut() {
            last.text = &yaml[block_start..start];
        }
        block_start = start;
        let rest = content[colon + 1..].trim();
        blocks.push(Block {
            key: key.trim_end(),
            rest,
            text: "",
        });
    }
    if let Some(last) = blocks.last_mut() {
        last.text = &yaml[block_start..];
    }
    if blocks.is_empty() && !yaml.trim().is_empty() && !only_comments(yaml) {
        return None;
    }
    Some(blocks)
}

fn only_comments(yaml: &str) -> bool {
    yaml.lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

/// Where the key of a `key: value` or `key:` line ends (the colon).
fn key_end(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&i| bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' '))
}

fn from_blocks(blocks: &[Block<'_>]) -> BlobInfo {
    let find = |key: &str| blocks.iter().rev().find(|b| b.key == key);
    let current = find("current").and_then(|b| match plain_number(b.rest) {
        Some(n) => Some(n),
        None => read_block(b).and_then(|v| number(&v)),
    });
    let id = find("id").and_then(|b| match plain_word(b.rest) {
        Some(w) => Some(w.to_string()),
        None => read_block(b)
            .and_then(|v| v.scalar_text())
            .filter(|s| !s.trim().is_empty()),
    });
    let kind = find("kind").and_then(|b| match plain_word(b.rest) {
        Some(w) => Some(w.to_string()),
        None => read_block(b).and_then(|v| v.as_str().map(String::from)),
    });
    let posts = Goalposts::read(|key| {
        if key == "kind" {
            return kind.clone().map(Value::String);
        }
        let b = find(key)?;
        if let Some(n) = plain_number(b.rest) {
            return Some(Value::Number(n));
        }
        if plain_date(b.rest) || plain_word(b.rest).is_some() {
            return Some(Value::String(b.rest.to_string()));
        }
        // Quoted, commented, on the next line: the YAML reader decides.
        Some(read_block(b).unwrap_or(Value::List(Vec::new())))
    });
    BlobInfo { current, id, posts }
}

/// The fallback for unusual frontmatter: the YAML reader on the whole text.
fn from_whole(yaml_text: &str) -> BlobInfo {
    let Ok(value) = yaml::parse(yaml_text) else {
        return BlobInfo::default();
    };
    let current = value.get("current").and_then(number);
    let id = value
        .get("id")
        .and_then(Value::scalar_text)
        .filter(|s| !s.trim().is_empty());
    let posts = Goalposts::read(|key| value.get(key).cloned());
    BlobInfo { current, id, posts }
}

/// Reads one top-level entry with the YAML reader.
fn read_block(block: &Block<'_>) -> Option<Value> {
    match yaml::parse(block.text) {
        Ok(Value::Map(entries)) => entries
            .into_iter()
            .find(|(k, _)| k == block.key)
            .map(|(_, v)| v),
        _ => None,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) if n.is_finite() => Some(*n),
        _ => None,
    }
}

/// `14`, `-3`, `71.5`, `1e3` (what YAML reads as a number the same way).
fn plain_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = all_digits(int)
        && frac.is_none_or(all_digits)
        && exponent.is_none_or(|e| all_digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
        // YAML reads `012` differently from `12`; leave such cases to the reader.
        && !(int.len() > 1 && int.starts_with('0'));
    if !ok {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `2026-09-01`: a date YAML reads as the text itself.
fn plain_date(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// A plain word YAML reads as itself (`progress`, `reading-80`).
fn plain_word(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let ok = (first.is_ascii_alphabetic() || first == '_')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    ok.then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cadence, Date, Kind};

    fn full(text: &str) -> BlobInfo {
        let Split::Yaml { yaml, .. } = split(text) else {
            panic!("no frontmatter")
        };
        from_whole(&yaml)
    }

    #[test]
    fn reads_current_and_id() {
        let info = blob_info(b"---\nkind: progress\nid: x\ncurrent: 14\n---\n# T\n");
        assert_eq!(info.current, Some(14.0));
        assert_eq!(info.id.as_deref(), Some("x"));
        let no_data = blob_info(b"---\nkind: progress\ntitle: t\n---\n");
        assert_eq!(
            no_data,
            blob_info(b"---\nkind: progress\ntitle: other\n---\nbody")
        );
        assert_eq!(blob_info(b"\xff\xfe"), BlobInfo::default());
        assert_eq!(blob_info(b"# no frontmatter\n"), BlobInfo::default());
        assert_eq!(blob_info(b"---\ncurrent: lots\n---\n").current, None);
    }

    #[test]
    fn the_fast_path_agrees_with_the_yaml_reader() {
        let cases = [
            "---\nkind: progress\ncurrent: 71.5 # after the winter benchmark\nid: 'quoted-id'\n---\n",
            "---\ncurrent: \"14\"\n---\n",
            "---\ncurrent:\n  14\nid: 123\n---\n",
            "---\ncurrent: 1e3\nid: null\n---\n",
            "---\ncurrent: -3\nid: true\n---\n",
            "---\ncurrent: .inf\n---\n",
            "---\ncurrent: 012\n---\n",
            "---\n# a comment\nkind: progress\nmeasurements:\n  2026-09-01: 3\n  # later\n  2026-10-01: {value: 4, note: x}\ncurrent: 4\n---\n",
        ];
        for case in cases {
            let fast = blob_info(case.as_bytes());
            let slow = full(case);
            assert_eq!(fast.current, slow.current, "{case}");
            assert_eq!(fast.id, slow.id, "{case}");
        }
    }

    #[test]
    fn goalposts_with_the_models_defaults() {
        let p = blob_info(
            b"---\nkind: progress\nbaseline: 67\ntarget: '80'\nstart: 2026-09-01\ndue: \"2027-05-28\" # May\n---\n",
        )
        .posts;
        assert_eq!(p.kind, Some(Kind::Progress));
        assert_eq!(p.baseline, Post::Set(67.0));
        assert_eq!(
            p.target,
            Post::Unreadable,
            "text is not a number to `check`"
        );
        assert_eq!(p.start, Post::Set(Date::constant(2026, 9, 1)));
        assert_eq!(p.due, Post::Set(Date::constant(2027, 5, 28)));
        assert_eq!(p.cadence, Post::Absent, "not a progress goal's goalpost");

        let practice = blob_info(b"---\nkind: practice\n---\n").posts;
        assert_eq!(practice.target, Post::Set(1.0));
        assert_eq!(practice.cadence, Post::Set(Cadence::Weekdays));
        assert_eq!(practice.due, Post::Absent, "not a practice's goalpost");
        let weekly = blob_info(b"---\nkind: Practice\ncadence: Weekly\ntarget: 0\n---\n").posts;
        assert_eq!(weekly.cadence, Post::Set(Cadence::Weekly));
        assert_eq!(
            weekly.target,
            Post::Unreadable,
            "a practice's target must be above 0"
        );
        assert_eq!(
            blob_info(b"---\nkind: progress\ndue: 2027-02-30\n---\n")
                .posts
                .due,
            Post::Unreadable
        );
        assert_eq!(blob_info(b"---\nkind: [\n---\n").posts.kind, None);
    }

    #[test]
    fn goalposts_the_fast_path_agrees_with_the_yaml_reader() {
        let cases = [
            "---\nkind: progress\nbaseline: 67\ntarget: 80\nstart: 2026-09-01\ndue: 2027-05-28\n---\n",
            "---\nkind: progress\ntarget: '80'\ndue: '2027-05-28'\nbaseline: ~\n---\n",
            "---\nkind: progress\ntarget:\n  80\ndue: 2027-05-28 # the last day\nstart: soon\n---\n",
            "---\nkind: practice\ncadence: weekly\ntarget: 3\n---\n",
            "---\nkind: practice\ncadence: 'daily'\ntarget: -1\n---\n",
            "---\nkind: practice\ncadence: [weekly]\ntarget: true\n---\n",
        ];
        for case in cases {
            assert_eq!(blob_info(case.as_bytes()).posts, full(case).posts, "{case}");
        }
    }

    #[test]
    fn unusual_frontmatter_is_read_whole() {
        assert!(top_level_blocks("{current: 3}\n").is_none());
        assert!(top_level_blocks("\"current\": 3\n").is_none());
        assert!(top_level_blocks("- a\n- b\n").is_none());
        let blocks = top_level_blocks("tags:\n- a\n- b\ncurrent: 4\n").unwrap();
        assert_eq!(
            blocks.iter().map(|b| b.key).collect::<Vec<_>>(),
            ["tags", "current"]
        );
        assert_eq!(blocks[0].text, "tags:\n- a\n- b\n");
        assert_eq!(
            blob_info(b"---\n{current: 3, id: a}\n---\n").current,
            Some(3.0)
        );
        assert_eq!(blob_info(b"---\n\"current\": 3\n---\n").current, Some(3.0));
        // An alias resolved by the reader on the whole text would be better,
        // but a value that cannot be read alone is simply not a number.
        assert_eq!(blob_info(b"---\nx: &v 3\ncurrent: *v\n---\n").current, None);
    }

    #[test]
    fn plain_values() {
        assert_eq!(plain_number("14"), Some(14.0));
        assert_eq!(plain_number("-3.25"), Some(-3.25));
        assert_eq!(plain_number("1E+2"), Some(100.0));
        assert_eq!(plain_number("0"), Some(0.0));
        assert_eq!(plain_number("0.5"), Some(0.5));
        for no in [
            "", "-", "1.", ".5", "inf", "NaN", "0x10", "1_000", "012", "14 # c", "1e",
        ] {
            assert_eq!(plain_number(no), None, "{no}");
        }
        assert_eq!(plain_word("reading-80.v2"), Some("reading-80.v2"));
        for no in ["", "null", "Yes", "a b", "'a'", "9lives", "a#b"] {
            assert_eq!(plain_word(no), None, "{no}");
        }
    }
}
