//! Lines of text, their ends found a vector at a time (`memchr`): every
//! goal file is split into lines several times as it is read (the
//! frontmatter, the quick YAML reading, where each key was written), and
//! the standard library's line search costs more than the rest of the
//! reading of a short line.

/// The lines of `text`, exactly as [`str::lines`] gives them: split at
/// `\n`, a `\r` before it dropped, no empty line after a final `\n`.
pub(crate) fn lines(text: &str) -> Lines<'_> {
    Lines { text, at: 0 }
}

/// The byte of `text` where `c` (an ASCII character) first is, as
/// `text.find(c)` would say.
pub(crate) fn find_byte(text: &str, c: u8) -> Option<usize> {
    debug_assert!(c.is_ascii());
    memchr::memchr(c, text.as_bytes())
}

/// The iterator of [`lines`].
#[derive(Clone)]
pub(crate) struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Lines<'a> {
    /// Where the next line starts (the length of the text after the last).
    pub(crate) fn offset(&self) -> usize {
        self.at
    }

    /// The next line with its `\n` (if it has one), as
    /// `str::split_inclusive('\n')` gives it.
    pub(crate) fn next_inclusive(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.at..).filter(|r| !r.is_empty())?;
        // `\n` is ASCII: the byte after it is on a character boundary.
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        self.at += end;
        Some(&rest[..end])
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let line = self.next_inclusive()?;
        let Some(line) = line.strip_suffix('\n') else {
            return Some(line);
        };
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

#[cfg(test)]
mod tests {
    use super::{find_byte, lines};

    #[test]
    fn lines_are_the_standard_librarys() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\rb\n",
            "a\r",
            "a\n\r",
            "\r\n",
            "é\nß\r\n\u{2028}x\n",
            "kind: practice\nlog:\n  2026-09-01: 2\n  2026-09-02: no\n\n# done\n",
        ] {
            let ours: Vec<&str> = lines(text).collect();
            let std: Vec<&str> = text.lines().collect();
            assert_eq!(ours, std, "{text:?}");
            let mut inclusive = lines(text);
            let mut pieces = Vec::new();
            while let Some(piece) = inclusive.next_inclusive() {
                pieces.push(piece);
                assert_eq!(&text[..inclusive.offset()], pieces.concat());
            }
            assert_eq!(pieces, text.split_inclusive('\n').collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_byte_is_found_where_find_finds_it() {
        for (text, c) in [
            ("key: value", b':'),
            ("no colon", b':'),
            ("é: x", b':'),
            ("", b'a'),
        ] {
            assert_eq!(find_byte(text, c), text.find(c as char), "{text:?}");
        }
    }
}
