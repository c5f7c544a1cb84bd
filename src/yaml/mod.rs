//! The one place that knows which YAML library we use.
//!
//! Frontmatter and `goalpost.yml` are parsed into [`Value`], our own small
//! tree (mappings keep their order, keys are text), so the rest of the
//! program never sees the YAML crate and it can be swapped in one file.

use crate::diagnostics::Pos;

mod fast;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    /// What a user would call this kind of value, for error messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Scalars as text, as a person would have typed them (`3`, `true`, `abc`).
    pub(crate) fn scalar_text(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(format_number(*n)),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => Some(String::new()),
            _ => None,
        }
    }

    /// Converts to JSON for templates (`extra:`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Number::from_f64(*n)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The number as a whole number, when it is one that is written without
/// a fraction or an exponent (`3`, not `3.0`).
pub(crate) fn as_whole(n: f64) -> Option<i64> {
    (n.fract() == 0.0 && n.abs() < 1e15).then_some(n as i64)
}

/// Formats a number the way it was most likely written (`3`, not `3.0`).
pub(crate) fn format_number(n: f64) -> String {
    if let Some(whole) = as_whole(n) {
        itoa::Buffer::new().format(whole).to_string()
    } else if n.abs() >= 1e15 || (n != 0.0 && n.abs() < 1e-6) {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// A YAML syntax error, positioned relative to the parsed text (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub(crate) pos: Pos,
    pub(crate) message: String,
    /// Characters the caret underlines at `pos` (0: the word there).
    pub(crate) width: u32,
}

impl SyntaxError {
    /// How to fix the most common mistakes, given the text that was parsed.
    pub fn hint(&self, text: &str) -> &'static str {
        let line = text
            .lines()
            .nth(self.pos.line.saturating_sub(1) as usize)
            .unwrap_or("");
        let m = self.message.as_str();
        if m.contains("control character") {
            "delete it: it is invisible in most editors, and usually comes with text pasted from another program"
        } else if m.contains("is written twice") {
            "each key may appear once in a mapping: remove this second one, or merge it into the first"
        } else if line.trim_end().ends_with(": -") || line.trim() == "-" {
            "a lone `-` starts a list in YAML: write `'-'` in quotes, or leave the value blank, for \"not recorded\""
        } else if line.contains('\t') {
            "YAML does not allow tabs: indent with spaces"
        } else if m.contains("mapping values are not allowed") && line.contains(CURLY_QUOTES) {
            "curly quotes (“ ” ‘ ’) are not quotes to YAML: type straight quotes instead, e.g. `title: \"Reading: 67% → 80%\"`"
        } else if m.contains("mapping values are not allowed") {
            "text that contains `: ` must be in quotes, e.g. `title: \"Reading: 67% → 80%\"`"
        } else if m.contains("could not find expected ':'") {
            "write a space after each field's colon (`title: Visits`, not `title:Visits`), and a colon after each field name"
        } else if m.contains("end of stream") || m.contains("unexpected end") {
            "a quote or bracket opened above is never closed"
        } else if m.contains("did not find expected key") || m.contains("block") {
            "the lines of one list or mapping must be indented the same"
        } else {
            "check the indentation and the `: ` after each field name; quote text that contains `: ` or starts with a special character"
        }
    }
}

/// Quotes that word processors and phones type for `"` and `'`.
const CURLY_QUOTES: [char; 6] = ['“', '”', '‘', '’', '„', '‚'];

/// Parses one YAML document. Empty text is `Value::Null`.
///
/// The parser's own limits (recursion depth, alias expansion) turn deeply
/// nested documents and alias bombs into errors rather than crashes.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    check_flow_depth(text)?;
    check_printable(text)?;
    if let Some(value) = fast::parse(text) {
        return Ok(value);
    }
    parse_whole(text)
}

/// [`parse`] by the YAML parser alone, on the whole text.
fn parse_whole(text: &str) -> Result<Value, SyntaxError> {
    let raw: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        // From the parser's byte offset: it also breaks lines at a lone
        // `\r` (and U+0085, U+2028, U+2029), where an editor and every
        // message here break them at `\n` alone.
        let pos = e
            .location()
            .map(|l| pos_at(text, l.index()))
            .unwrap_or(Pos::new(1, 1));
        let message = clean_message(&e.to_string());
        match duplicate(text, pos, &message) {
            Some(error) => error,
            None => SyntaxError {
                pos: culprit(text, pos, &message),
                message,
                width: 0,
            },
        }
    })?;
    Ok(convert(raw))
}

/// The line and column (from 1, the column in characters) of byte
/// `index` of `text`, lines ending at `\n`.
fn pos_at(text: &str, index: usize) -> Pos {
    let mut at = index.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    Pos::new(line as u32, column as u32)
}

/// Where a person should look. The parser notices some mistakes only on
/// the line after them (a key without its `:` is found when the next key
/// starts), or past the end of the text; point at the line that has it.
fn culprit(text: &str, pos: Pos, message: &str) -> Pos {
    let lines: Vec<&str> = text.lines().collect();
    let last_filled = |before: usize| {
        lines[..before.min(lines.len())]
            .iter()
            .rposition(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    };
    let line = pos.line as usize;
    let blank_or_past = lines
        .get(line.wrapping_sub(1))
        .is_none_or(|l| l.trim().is_empty());
    if message.contains("could not find expected ':'") || blank_or_past {
        if let Some(i) = last_filled(if blank_or_past { line } else { line - 1 }) {
            return Pos::new(i as u32 + 1, 1);
        }
    }
    pos
}

/// Whether YAML allows `c` in a document (YAML 1.2, 5.1): no control
/// characters but tab and line ends.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{85}')
        || (' '..='~').contains(&c)
        || ('\u{a0}'..='\u{d7ff}').contains(&c)
        || ('\u{e000}'..='\u{fffd}').contains(&c)
        || c >= '\u{10000}'
}

/// Points at the first character YAML does not allow, where it is (the
/// parser reports it at the start of the text).
fn check_printable(text: &str) -> Result<(), SyntaxError> {
    // Without an early exit, so that it is checked a vector at a time.
    let unusual = text.bytes().fold(false, |seen, b| {
        seen | !matches!(b, b' '..=b'~' | b'\n' | b'\t' | b'\r')
    });
    if !unusual {
        return Ok(());
    }
    let Some(at) = text.find(|c| !printable(c)) else {
        return Ok(());
    };
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u32 + 1;
    let c = text[at..].chars().next().unwrap_or('\0');
    Err(SyntaxError {
        pos: Pos::new(line, column),
        message: format!(
            "it contains an invisible control character (U+{:04X}), which YAML does not allow",
            c as u32
        ),
        width: 1,
    })
}

/// A key written twice in one mapping. The parser reports it at the start
/// of the mapping; point at the second one, the one to remove.
fn duplicate(text: &str, map_start: Pos, message: &str) -> Option<SyntaxError> {
    const MARK: &str = "duplicate entry with key ";
    let at = message.find(MARK)?;
    let parent = message[..at].trim_end().trim_end_matches(':');
    let raw = message[at + MARK.len()..].trim();
    let key = raw
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .unwrap_or(raw);
    let lines: Vec<&str> = text.lines().collect();
    let first = map_start.line.checked_sub(1)? as usize;
    // The mapping's keys start at its column; a key of an item of a list
    // starts after its `- `.
    let indent = map_start.column.saturating_sub(1) as usize;
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate().skip(first) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this_indent = line.len() - trimmed.len();
        if i > first && this_indent < indent {
            break;
        }
        let Some(rest) = line.get(indent..) else {
            continue;
        };
        let rest = if i == first {
            rest.trim_start_matches("- ")
        } else {
            rest
        };
        if this_indent > indent && i > first {
            continue;
        }
        if key_at(rest, key) {
            seen += 1;
            if seen == 2 {
                let col = line.len() - rest.len();
                let quoted = rest.starts_with(['"', '\'']);
                let width = key.chars().count() + if quoted { 2 } else { 0 };
                let within = if parent.is_empty() {
                    String::new()
                } else {
                    format!(" in `{parent}`")
                };
                return Some(SyntaxError {
                    pos: Pos::new(i as u32 + 1, line[..col].chars().count() as u32 + 1),
                    message: format!("`{key}` is written twice{within}"),
                    width: width as u32,
                });
            }
        }
    }
    None
}

/// Deepest `[`/`{` nesting we accept. The YAML parser has its own limit,
/// but reaches it only after scanning the whole document, which takes
/// quadratic time on pathological input.
const MAX_FLOW_DEPTH: usize = 64;

/// Rejects absurdly deep flow nesting in one linear pass, before parsing.
fn check_flow_depth(text: &str) -> Result<(), SyntaxError> {
    if memchr::memchr2(b'[', b'{', text.as_bytes()).is_none() {
        return Ok(());
    }
    let mut depth = 0usize;
    let (mut line, mut col) = (1u32, 0u32);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = ' ';
    for c in text.chars() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
            comment = false;
            prev = ' ';
            continue;
        }
        match (quote, c) {
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"') | (None, '\'') if depth > 0 || prev.is_whitespace() || prev == ':' => {
                quote = Some(c)
            }
            (None, '#') if prev.is_whitespace() => comment = true,
            (None, '[') | (None, '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(SyntaxError {
                        pos: Pos::new(line, col),
                        message: format!(
                            "values are nested more than {MAX_FLOW_DEPTH} levels deep"
                        ),
                        width: 1,
                    });
                }
            }
            (None, ']') | (None, '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    Ok(())
}

/// Whether `text` starts with `key` (optionally quoted) followed by `:`.
pub(crate) fn key_at(text: &str, key: &str) -> bool {
    let unquoted = |t: &str| t.strip_prefix(key).map(|r| r.trim_start().starts_with(':'));
    if let Some(ok) = unquoted(text) {
        return ok;
    }
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q) {
            if let Some(rest) = inner.strip_prefix(key) {
                if let Some(rest) = rest.strip_prefix(q) {
                    return rest.trim_start().starts_with(':');
                }
            }
        }
    }
    false
}

/// serde_yaml appends " at line L column C" to its messages; we print positions ourselves.
fn clean_message(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    match message {
        "repetition limit exceeded" => "aliases (`*name`) expand into too many values".to_string(),
        "recursion limit exceeded" => "values are nested too deeply".to_string(),
        other => other.to_string(),
    }
}

fn convert(raw: serde_yaml::Value) -> Value {
    match raw {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::List(items.into_iter().map(convert).collect()),
        serde_yaml::Value::Mapping(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| (key_text(k), convert(v)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => convert(tagged.value),
    }
}

fn key_text(key: serde_yaml::Value) -> String {
    match convert(key) {
        Value::String(s) => s,
        other => other.scalar_text().unwrap_or_else(|| format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_stringifies_keys() {
        let v = parse("b: 1\na: [x, 2]\n3: yes\n").unwrap();
        let Value::Map(entries) = v else {
            panic!("not a map")
        };
        let keys: Vec<_> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "3"]);
        // YAML 1.2: `yes` is text, not a boolean.
        assert_eq!(entries[2].1, Value::String("yes".into()));
    }

    #[test]
    fn dates_stay_text() {
        let v = parse("due: 2026-05-29").unwrap();
        assert_eq!(v.get("due"), Some(&Value::String("2026-05-29".into())));
    }

    #[test]
    fn a_key_without_colon_points_at_its_own_line() {
        let e = parse("title: x\ncalendar:\n  start: 2026-08-31\n  end 2027-06-25\n").unwrap_err();
        assert_eq!(e.pos.line, 4, "{e:?}");
        let e = parse("a: 1\nb 2\nc: 3\n").unwrap_err();
        assert_eq!(e.pos.line, 2, "{e:?}");
    }

    #[test]
    fn a_lone_carriage_return_does_not_move_a_position_to_another_line() {
        // The parser breaks lines at `\r` too; a position is on the line
        // an editor shows, counted at `\n`, within its width.
        for text in [
            "#\r{a\r\r \n",
            "a: b\rc: [1\rd: 2\n",
            "x: 1\r\r\r\ry: a: b\n",
        ] {
            let e = parse(text).unwrap_err();
            let lines = text.lines().count();
            // The end of the text is one past the last line.
            assert!(e.pos.line as usize <= lines + 1, "{text:?}: {e:?}");
            let line = text.lines().nth(e.pos.line as usize - 1).unwrap_or("");
            assert!(
                e.pos.column as usize <= line.chars().count() + 1,
                "{text:?}: {e:?}"
            );
        }
        // Past a `\n`, the line counts as before.
        let e = parse("a: 1\nb 2\nc: 3\n").unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 1), "{e:?}");
        // A multibyte character before the mistake: the column counts it once.
        let e = parse("t: “x”: y\n").unwrap_err();
        assert_eq!(e.pos.line, 1, "{e:?}");
        assert!(e.pos.column <= 10, "{e:?}");
    }

    #[test]
    fn a_duplicate_key_points_at_the_second_one() {
        let e = parse("kind: purpose\ntitle: A\nowner: x\ntitle: B\n").unwrap_err();
        assert_eq!((e.pos, e.width), (Pos::new(4, 1), 5), "{e:?}");
        assert_eq!(e.message, "`title` is written twice");
        let e = parse("a: 1\nlog:\n  2026-11-16: 3\n  2026-11-17: 2\n  '2026-11-16': 1\nb: 2\n")
            .unwrap_err();
        assert_eq!((e.pos, e.width), (Pos::new(5, 3), 12), "{e:?}");
        assert_eq!(e.message, "`2026-11-16` is written twice in `log`");
    }

    #[test]
    fn a_control_character_is_found_where_it_is() {
        let e = parse("kind: purpose\ntitle: “Every” \u{7}reader\n").unwrap_err();
        assert_eq!((e.pos, e.width), (Pos::new(2, 16), 1), "{e:?}");
        assert!(e.message.contains("U+0007"), "{}", e.message);
        // Tabs inside values are allowed.
        assert!(parse("title: a\tb\n").is_ok());
    }

    #[test]
    fn curly_quotes_get_their_own_hint() {
        let text = "title: “Reading: 67%”\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.pos, Pos::new(1, 16), "{e:?}");
        assert!(e.hint(text).contains("straight quotes"), "{}", e.hint(text));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("a: 1\nb: [unclosed\n").unwrap_err();
        assert!(e.pos.line >= 2, "{e:?}");
        assert!(!e.message.contains("at line"), "{}", e.message);
    }
}
