//! The one way text reaches a terminal (FORMAT §10). Everything goalpost
//! prints, every command's output and messages and the server's status
//! lines, is a [`Text`] written by [`print()`] or [`eprint()`], and a `Text`
//! holds no raw control character from a goal file, a file name or an
//! argument: an escape sequence that would recolour the terminal, move the
//! cursor or set its title, a BEL, a carriage return that would hide the
//! start of a line, DEL, a C1 control, or an invisible bidirectional-text
//! control that would reorder what is shown ("Trojan Source") is written
//! out visibly instead: `\x1b`, `\x07`, `\r`, `\u{9b}`, `\u{202e}`. The
//! only control characters left are the newlines that separate lines and
//! goalpost's own colours ([`Style`]).
//!
//! Widths are display widths ([`width`]): a CJK character takes two
//! columns, a combining accent none; [`fit`] and [`pad`] cut and pad text
//! to a number of columns without ever splitting a character.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Whether to colour output: only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Control characters (C0, DEL, C1), and the invisible marks that reorder
/// text: U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        )
}

/// `text` made safe to print on a terminal: every control character (ESC,
/// BEL, CR, backspace, a newline, a tab, DEL, C1…) and every invisible
/// bidirectional-text control is written as an escape: `\x1b`, `\n`, `\t`,
/// `\u{9b}`, `\u{202e}`. Text without any comes back as it is, and text
/// that is already escaped too (escaping twice changes nothing).
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_but(text, |_| false)
}

/// [`escape`], keeping newlines: for text of several lines.
pub(crate) fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_but(text, |c| c == '\n')
}

/// [`escape`], keeping the characters `keep` says are structure.
pub(crate) fn escape_but(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) && !keep(c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
            continue;
        }
        let _ = match c {
            '\n' => out.write_str("\\n"),
            '\r' => out.write_str("\\r"),
            '\t' => out.write_str("\\t"),
            c if c.is_ascii() => write!(out, "\\x{:02x}", u32::from(c)),
            c => write!(out, "\\u{{{:x}}}", u32::from(c)),
        };
    }
    Cow::Owned(out)
}

/// JSON text with the control characters JSON leaves raw (DEL, C1) and
/// the bidirectional-text controls written as `\uXXXX` escapes: the same
/// JSON value, safe on a terminal. (They can only be inside strings.)
pub fn json_safe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) && !c.is_ascii_whitespace() {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How many terminal columns `text` takes as shown ([`escape`]d): a CJK
/// character two, a combining mark none.
pub fn width(text: &str) -> usize {
    escape(text).width()
}

/// `text` as shown ([`escape`]d, on one line), cut to at most `columns`
/// display columns: a cut text ends in `…` and never in part of a
/// character (a wide character that would straddle the edge is left out).
pub(crate) fn fit(text: &str, columns: usize) -> Cow<'_, str> {
    let shown = escape(text);
    if shown.width() <= columns {
        return shown;
    }
    let Some(room) = columns.checked_sub(1) else {
        return Cow::Borrowed("");
    };
    // The longest run of whole characters that leaves a column for `…`.
    let mut end = 0;
    for (at, c) in shown.char_indices() {
        let next = at + c.len_utf8();
        if shown[..next].width() > room {
            break;
        }
        end = next;
    }
    Cow::Owned(format!("{}…", &shown[..end]))
}

/// [`fit`], then padded with spaces to exactly `columns` display columns.
pub fn pad(text: &str, columns: usize) -> String {
    let shown = fit(text, columns);
    let fill = columns.saturating_sub(shown.width());
    format!("{shown}{}", " ".repeat(fill))
}

/// goalpost's own colours: the only escape sequences a [`Text`] may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Bold,
    Dim,
    Red,
    Green,
    Yellow,
    BoldRed,
    BoldYellow,
    BoldBlue,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Bold => "1",
            Style::Dim => "2",
            Style::Red => "31",
            Style::Green => "32",
            Style::Yellow => "33",
            Style::BoldRed => "1;31",
            Style::BoldYellow => "1;33",
            Style::BoldBlue => "1;34",
        }
    }
}

/// Text safe to write to a terminal. Whatever is pushed is escaped
/// ([`escape_lines`]: newlines stay, as they are the lines' structure);
/// colour comes only from [`Text::paint`], and only when the text was made
/// with colour on ([`Text::new`]). `From<&str>` and `From<String>` escape
/// too, so a message can be printed as it is formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    text: String,
    color: bool,
}

impl Text {
    /// Empty text; [`Text::paint`] colours only when `color`.
    pub fn new(color: bool) -> Text {
        Text {
            text: String::new(),
            color,
        }
    }

    /// Appends `text`, escaped (newlines kept).
    pub fn push(&mut self, text: &str) -> &mut Text {
        self.text.push_str(&escape_lines(text));
        self
    }

    /// Appends `text`, escaped, in `style` when colour is on.
    pub(crate) fn paint(&mut self, style: Style, text: &str) -> &mut Text {
        if self.color && !text.is_empty() {
            let _ = write!(self.text, "\x1b[{}m", style.code());
            self.push(text);
            self.text.push_str("\x1b[0m");
        } else {
            self.push(text);
        }
        self
    }

    /// Drops the spaces at the end (padding before a line ends).
    pub(crate) fn trim_end(&mut self) -> &mut Text {
        let kept = self.text.trim_end_matches(' ').len();
        self.text.truncate(kept);
        self
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// `write!` into a `Text` escapes what it writes, as [`Text::push`].
impl fmt::Write for Text {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push(s);
        Ok(())
    }
}

/// Read as a `str` (it cannot be changed that way).
impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        let mut t = Text::new(false);
        t.push(text);
        t
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::from(text.as_str())
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Text {
        Text::from(text.as_str())
    }
}

impl From<Cow<'_, str>> for Text {
    fn from(text: Cow<'_, str>) -> Text {
        Text::from(text.as_ref())
    }
}

/// Writes `text` to `out` and flushes.
pub fn write(out: &mut impl Write, text: &Text) -> io::Result<()> {
    out.write_all(text.as_str().as_bytes())?;
    out.flush()
}

/// Writes `text` to stdout. A closed pipe (`| head`) is not an error;
/// another failure is returned, for the command to report.
pub fn print(text: impl Into<Text>) -> io::Result<()> {
    match write(&mut io::stdout().lock(), &text.into()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes `text` to stderr. A message that cannot be written has nowhere
/// else to go, and is dropped.
pub fn eprint(text: impl Into<Text>) {
    let _ = write(&mut io::stderr().lock(), &text.into());
}

/// [`eprint()`], then a newline.
pub fn eprintln(text: impl Into<Text>) {
    let mut text = text.into();
    text.text.push('\n');
    eprint(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert!(matches!(escape("plain: é ✓ 日本"), Cow::Borrowed(_)));
        assert_eq!(escape("\x1b[31mred\x07"), "\\x1b[31mred\\x07");
        assert_eq!(escape("a\nb\rc\td\x7f"), "a\\nb\\rc\\td\\x7f");
        assert_eq!(escape("\u{9b}2J \u{202e}x"), "\\u{9b}2J \\u{202e}x");
        assert_eq!(escape_lines("one\ntwo\r"), "one\ntwo\\r");
    }

    #[test]
    fn every_bidi_control_is_escaped() {
        for c in ('\u{202a}'..='\u{202e}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{200e}', '\u{200f}', '\u{61c}'])
        {
            let shown = escape(&c.to_string()).into_owned();
            assert_eq!(shown, format!("\\u{{{:x}}}", u32::from(c)));
        }
    }

    #[test]
    fn escaping_twice_changes_nothing() {
        let once = escape("\x1b[2J\r\u{202e}\n\t\\x").into_owned();
        assert_eq!(escape(&once), once);
        assert_eq!(escape_lines(&once), once);
    }

    #[test]
    fn json_keeps_its_value_and_loses_raw_controls() {
        let value = "del\x7f csi\u{9b}2J rtl\u{202e} esc\x1b";
        let json = serde_json::to_string_pretty(&[value]).unwrap();
        let safe = json_safe(&json);
        assert!(
            !safe.contains(['\x7f', '\u{9b}', '\u{202e}', '\x1b']),
            "{safe}"
        );
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, [value]);
    }

    #[test]
    fn widths_are_display_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("e\u{301}"), 1);
        // As shown: ESC is written `\x1b`, four columns.
        assert_eq!(width("\x1b"), 4);
    }

    #[test]
    fn fit_cuts_by_columns_and_never_splits_a_character() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("exactly", 7), "exactly");
        assert_eq!(fit("too long", 7), "too lo…");
        // Wide characters: 5 × 2 columns into 6 leaves two and `…` (5).
        assert_eq!(fit("日本語の目標", 6), "日本…");
        assert_eq!(fit("日本語の目標", 7), "日本語…");
        assert_eq!(fit("anything", 0), "");
        assert_eq!(fit("ab", 1), "…");
        for n in 0..20 {
            let cut = fit("学校の目標: 読書 ✓ 日本語", n);
            assert!(cut.width() <= n, "{cut:?} in {n}");
        }
    }

    #[test]
    fn pad_fills_to_the_column() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("日本語の目標", 6), "日本… ");
        assert_eq!(pad("日本", 4), "日本");
    }

    #[test]
    fn text_escapes_what_is_pushed_and_keeps_its_own_colours() {
        let mut t = Text::new(true);
        t.paint(Style::Bold, "\x1b]0;owned\x07")
            .push(" \u{202e}x\r\n");
        let csi = "\u{9b}2J";
        let _ = write!(t, "{csi}");
        assert_eq!(
            t.as_str(),
            "\x1b[1m\\x1b]0;owned\\x07\x1b[0m \\u{202e}x\\r\n\\u{9b}2J"
        );
        let mut plain = Text::new(false);
        plain.paint(Style::Red, "red  ").trim_end();
        assert_eq!(plain.as_str(), "red");
        assert_eq!(Text::from("a\x1b").as_str(), "a\\x1b");
    }

    #[test]
    fn write_sends_the_text_as_it_is() {
        let mut out = Vec::new();
        write(&mut out, &Text::from("line \x07\n")).unwrap();
        assert_eq!(out, b"line \\x07\n");
    }
}
