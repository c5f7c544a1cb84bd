//! The names of the lints (FORMAT §7, §12): one list, read by `allow:`,
//! written by the lints, turned into words in one exhaustive `match`
//! (`render/words/attention.rs`), so a new lint cannot go without its words.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A lint: a warning with a stable name, silenced per goal by `allow:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lint {
    ProgressWithoutPurpose,
    PurposeWithoutProgress,
    MagicWand,
    Stale,
    NotMeasurable,
    FutureEntry,
    OutsideWindow,
    StrategyCheck,
    UnknownPerson,
    CycleWithoutPre,
    CycleWithoutPost,
    CycleWithoutEvidence,
}

impl Lint {
    /// Every lint, in the order FORMAT §7 lists them.
    pub(crate) const ALL: [Lint; 12] = [
        Lint::ProgressWithoutPurpose,
        Lint::PurposeWithoutProgress,
        Lint::MagicWand,
        Lint::Stale,
        Lint::NotMeasurable,
        Lint::FutureEntry,
        Lint::OutsideWindow,
        Lint::StrategyCheck,
        Lint::UnknownPerson,
        Lint::CycleWithoutPre,
        Lint::CycleWithoutPost,
        Lint::CycleWithoutEvidence,
    ];

    /// The name `allow:` lists and diagnostics carry as their code.
    pub fn code(self) -> &'static str {
        match self {
            Lint::ProgressWithoutPurpose => "progress-without-purpose",
            Lint::PurposeWithoutProgress => "purpose-without-progress",
            Lint::MagicWand => "magic-wand",
            Lint::Stale => "stale",
            Lint::NotMeasurable => "not-measurable",
            Lint::FutureEntry => "future-entry",
            Lint::OutsideWindow => "outside-window",
            Lint::StrategyCheck => "strategy-check",
            Lint::UnknownPerson => "unknown-person",
            Lint::CycleWithoutPre => "cycle-without-pre",
            Lint::CycleWithoutPost => "cycle-without-post",
            Lint::CycleWithoutEvidence => "cycle-without-evidence",
        }
    }

    fn codes() -> impl Iterator<Item = &'static str> {
        Lint::ALL.into_iter().map(Lint::code)
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A name that is not a lint's, with the closest one when it looks like a
/// typo of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLint {
    pub(crate) name: String,
    pub(crate) suggestion: Option<Lint>,
}

impl UnknownLint {
    /// "did you mean `magic-wand`?", else the list of names.
    pub fn hint(&self) -> String {
        match self.suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "lint names are: {}",
                Lint::codes().collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

impl fmt::Display for UnknownLint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not the name of a lint", self.name)
    }
}

impl std::error::Error for UnknownLint {}

impl FromStr for Lint {
    type Err = UnknownLint;

    /// Exactly a lint's name, as FORMAT §7 spells it.
    fn from_str(name: &str) -> Result<Lint, UnknownLint> {
        Lint::ALL
            .into_iter()
            .find(|l| l.code() == name)
            .ok_or_else(|| UnknownLint {
                name: name.to_string(),
                suggestion: crate::diagnostics::suggest(name, Lint::codes())
                    .and_then(|s| Lint::ALL.into_iter().find(|l| l.code() == s)),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lint_reads_back_from_its_code() {
        for l in Lint::ALL {
            assert_eq!(l.code().parse::<Lint>(), Ok(l));
        }
        let codes: std::collections::BTreeSet<_> = Lint::codes().collect();
        assert_eq!(codes.len(), Lint::ALL.len(), "two lints share a code");
    }

    #[test]
    fn a_typo_is_answered_with_the_lint_it_looks_like() {
        let e = "magic-wnd".parse::<Lint>().unwrap_err();
        assert_eq!(e.suggestion, Some(Lint::MagicWand));
        assert_eq!(e.to_string(), "`magic-wnd` is not the name of a lint");
        assert_eq!(e.hint(), "did you mean `magic-wand`?");
        let e = "Magic-Wand".parse::<Lint>().unwrap_err();
        assert_eq!(e.suggestion, Some(Lint::MagicWand));
        let e = "zzz".parse::<Lint>().unwrap_err();
        assert_eq!(e.suggestion, None);
        assert!(e
            .hint()
            .starts_with("lint names are: progress-without-purpose, "));
    }
}
