//! Who may see a goal, decided once, as its file is read (FORMAT §3
//! "Privacy fails closed").
//!
//! A goal is shared only when nothing in its file could mean otherwise.
//! Each top-level key of a frontmatter gives a [`Clue`]; a key or value
//! that *could* mean private (`Visibility:`, `visiblity:`, `private: yes`,
//! `visibility: Private`) makes the goal private and is the error
//! `unclear-visibility` until it is written exactly. The same rule reads a
//! parsed mapping ([`decide`]) and the lines of a file that cannot be
//! parsed ([`clue`] through `broken`), where the word `private` anywhere
//! in the text is enough ([`text_says_private`]).
//!
//! Everything after this point reads [`super::Visibility`] only: no view,
//! output or command decides privacy again.

use super::fields::Reader;
use super::Visibility;
use crate::yaml::Value;
use std::borrow::Cow;

/// The exact key, and the two values it may have.
const KEY: &str = "visibility";

/// Keys that are not goalpost fields but plainly ask for privacy.
const PRIVATE_WORDS: [&str; 3] = ["private", "hidden", "secret"];

/// What one top-level `key: value` says about privacy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clue {
    /// Nothing: another field.
    None,
    /// `visibility: shared`, exactly.
    Shared,
    /// `visibility: private`, exactly.
    Private,
    /// Something that could mean private: the goal is private and the
    /// file has an `unclear-visibility` error.
    Unclear(Unclear),
}

/// Why a key or value is unclear; each becomes its own sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unclear {
    /// `Visibility`, `visiblity`: the key itself is misspelled.
    Key,
    /// `private: true`, `hidden: yes`, `secret: 1`.
    PrivateWord,
    /// `visibility: Private`, `visibility: hidden`, a list, nothing.
    Value,
}

/// The clue of one key. `value` is the value's text when it is a scalar
/// (`true`, `no`, `Private`), `None` when it is a list, a map or empty.
pub(crate) fn clue(key: &str, value: Option<&str>) -> Clue {
    if key == KEY {
        return match value {
            Some("shared") => Clue::Shared,
            Some("private") => Clue::Private,
            _ => Clue::Unclear(Unclear::Value),
        };
    }
    let key = key.trim();
    // Only a key of 8 to 12 characters can be two edits from `visibility`:
    // most keys (`title`, `log`, a date) never reach the distance.
    let near_length = (KEY.len() - 2..=KEY.len() + 2).contains(&key.chars().count());
    if near_length && strsim::damerau_levenshtein(&key.to_lowercase(), KEY) <= 2 {
        return Clue::Unclear(Unclear::Key);
    }
    if PRIVATE_WORDS.iter().any(|w| key.eq_ignore_ascii_case(w)) {
        let says_no = value.is_some_and(|v| {
            let v = v.trim();
            v.eq_ignore_ascii_case("false") || v.eq_ignore_ascii_case("no")
        });
        if !says_no {
            return Clue::Unclear(Unclear::PrivateWord);
        }
    }
    Clue::None
}

/// Whether `key` could give a clue at all: only keys of 6 to 12
/// characters can (`hidden`, `secret`, `private`, and `visibility` give or
/// take two letters); [`clue`] decides the rest.
fn could_concern_privacy(key: &str) -> bool {
    (6..=KEY.len() + 2).contains(&key.trim().chars().count())
}

/// The visibility that a file's clues add up to: private when any clue
/// says private or is unclear, else shared.
pub(crate) fn verdict(clues: impl IntoIterator<Item = Clue>) -> Visibility {
    let mut out = Visibility::Shared;
    for c in clues {
        if matches!(c, Clue::Private | Clue::Unclear(_)) {
            out = Visibility::Private;
        }
    }
    out
}

/// Whether the text of a file that cannot be read asks for privacy: the
/// word `private` in any case, anywhere.
pub(crate) fn text_says_private(text: &str) -> bool {
    text.to_lowercase().contains("private")
}

/// Decides the visibility of the goal (or scorecard) in `map`, reporting
/// `unclear-visibility` for each unclear key. Returns the visibility and
/// the keys it reported, which are then not reported again as unknown
/// fields (one mistake, one error).
pub(crate) fn decide<'m>(r: &mut Reader, map: &'m [(String, Value)]) -> (Visibility, Vec<&'m str>) {
    let mut clues = Vec::new();
    let mut reported = Vec::new();
    for (key, value) in map {
        // Most keys (`title`, `log`, a date) are decided by their length
        // alone: no value is looked at or copied for them.
        if !could_concern_privacy(key) {
            continue;
        }
        let text: Option<Cow<str>> = match value {
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Bool(_) | Value::Number(_) => value.scalar_text().map(Cow::Owned),
            _ => None,
        };
        let c = clue(key, text.as_deref());
        if let Clue::Unclear(why) = c {
            report(r, key, text.as_deref(), why);
            reported.push(key.as_str());
        }
        clues.push(c);
    }
    (verdict(clues), reported)
}

const FIX: &str = "write `visibility: private` to keep it to yourself, or `visibility: shared` to \
                   publish it (lower case, exactly); for a goal that must never be in the shared \
                   repository, keep it in your personal folder (`--personal`)";

fn report(r: &mut Reader, key: &str, value: Option<&str>, why: Unclear) {
    const CODE: &str = "unclear-visibility";
    let kept = "so this goal is treated as private until it is written exactly";
    match why {
        Unclear::Key => r.error(
            CODE,
            &[key],
            format!("`{key}` looks like `visibility` but is not spelled exactly, {kept}"),
            FIX,
        ),
        Unclear::PrivateWord => r.error(
            CODE,
            &[key],
            format!(
                "`{key}` is not a goalpost field, but it could mean this goal is private, {kept}"
            ),
            FIX,
        ),
        Unclear::Value => {
            let said = match value {
                Some(v) => format!("`{v}`"),
                None => "not one word".to_string(),
            };
            r.value_error(
                CODE,
                &[key],
                format!("`visibility` is {said}, which is neither `shared` nor `private`, {kept}"),
                FIX,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_key_and_values_are_clear() {
        assert_eq!(clue("visibility", Some("shared")), Clue::Shared);
        assert_eq!(clue("visibility", Some("private")), Clue::Private);
        for v in [
            Some("Private"),
            Some("privat"),
            Some("hidden"),
            Some("yes"),
            None,
        ] {
            assert_eq!(
                clue("visibility", v),
                Clue::Unclear(Unclear::Value),
                "{v:?}"
            );
        }
        for k in [
            "Visibility",
            "VISIBILITY",
            "visiblity",
            "visibilty",
            "visability",
            "vsibility",
        ] {
            assert_eq!(clue(k, Some("private")), Clue::Unclear(Unclear::Key), "{k}");
            assert_eq!(clue(k, Some("shared")), Clue::Unclear(Unclear::Key), "{k}");
        }
        for k in ["private", "Private", "HIDDEN", "secret"] {
            for v in [Some("true"), Some("yes"), Some("1"), Some("please"), None] {
                assert_eq!(
                    clue(k, v),
                    Clue::Unclear(Unclear::PrivateWord),
                    "{k}: {v:?}"
                );
            }
            for v in ["false", "no", "False", "NO"] {
                assert_eq!(clue(k, Some(v)), Clue::None, "{k}: {v}");
            }
        }
        // Every key that can give a clue passes the quick length filter.
        for k in [
            "visibility",
            "Visibility",
            "visiblity",
            "visibilityy",
            "vsibility",
            "private",
            "hidden",
            "secret",
            "HIDDEN",
        ] {
            assert!(could_concern_privacy(k), "{k}");
        }
        assert!(!could_concern_privacy("title") && !could_concern_privacy("log"));
        // Three letters away is another word, not a typo of this one.
        for k in [
            "title",
            "visible",
            "vis",
            "cadence",
            "extra",
            "availability",
        ] {
            assert_eq!(clue(k, Some("private")), Clue::None, "{k}");
        }
    }

    #[test]
    fn any_private_or_unclear_clue_makes_the_goal_private() {
        assert_eq!(verdict([]), Visibility::Shared);
        assert_eq!(verdict([Clue::None, Clue::Shared]), Visibility::Shared);
        assert_eq!(verdict([Clue::Shared, Clue::Private]), Visibility::Private);
        assert_eq!(
            verdict([Clue::Shared, Clue::Unclear(Unclear::Key)]),
            Visibility::Private
        );
    }

    #[test]
    fn an_unreadable_file_is_private_when_it_says_the_word() {
        assert!(text_says_private("---\nkind: [\nVisibility: PRIVATE\n"));
        assert!(text_says_private("my private notes"));
        assert!(!text_says_private("---\nkind: [\ntitle: Shared work\n"));
    }
}
