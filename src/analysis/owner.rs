//! `--owner PERSON` (FORMAT §10): a person's id or name, in any case,
//! matched only among the people the output may show, and a "did you
//! mean" that never names anyone else.
//!
//! The output may show a person who owns a goal it shows, and a person
//! listed under `people:` who owns no goal at all (the report's people
//! page lists them). Someone whose every goal is private is, without
//! `--include-private`, as unknown as a name nobody has: the error and the
//! suggestion are the same as for a typo, so they cannot tell that person
//! exists.

use super::Report;
use crate::model::settings::Person;
use std::fmt;

/// `--owner` named nobody the output may show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOwner {
    pub(crate) wanted: String,
    /// The closest id or name among the people the output may show.
    pub(crate) suggestion: Option<String>,
}

impl fmt::Display for UnknownOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no goal is owned by `{}`", self.wanted)?;
        match &self.suggestion {
            Some(s) => write!(f, "; did you mean `{s}`?"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for UnknownOwner {}

/// The id of the person `wanted` names (their id or name, in any case)
/// among the people an output of `report` may show, with or without its
/// private goals.
pub fn resolve(
    report: &Report,
    wanted: &str,
    include_private: bool,
) -> Result<String, UnknownOwner> {
    let owners = report.goals.iter().flat_map(|g| {
        let shown = include_private || !g.goal.is_private();
        g.goal.owners.iter().map(move |o| (o.as_str(), shown))
    });
    resolve_among(wanted, owners, &report.settings.people)
}

/// [`resolve`] on its parts: every (owner, whether the goal is shown) pair
/// of the goals, and the people listed under `people:`.
fn resolve_among<'a>(
    wanted: &str,
    owners: impl Iterator<Item = (&'a str, bool)>,
    people: &'a [Person],
) -> Result<String, UnknownOwner> {
    let mut owning: Vec<&str> = Vec::new();
    let mut shown: Vec<&str> = Vec::new();
    for (owner, is_shown) in owners {
        owning.push(owner);
        if is_shown {
            shown.push(owner);
        }
    }
    // (id, name) of everyone the output may show, `people:` first.
    let mut showable: Vec<(&str, Option<&str>)> = people
        .iter()
        .filter(|p| shown.contains(&p.id.as_str()) || !owning.contains(&p.id.as_str()))
        .map(|p| (p.id.as_str(), Some(p.name.as_str())))
        .collect();
    for owner in shown {
        if !showable.iter().any(|(id, _)| *id == owner) {
            showable.push((owner, None));
        }
    }
    let exact = showable.iter().find(|(id, _)| *id == wanted);
    let folded = || {
        let w = wanted.to_lowercase();
        showable.iter().find(|(id, name)| {
            id.to_lowercase() == w || name.is_some_and(|n| n.trim().to_lowercase() == w.trim())
        })
    };
    if let Some((id, _)) = exact.or_else(folded) {
        return Ok(id.to_string());
    }
    let candidates = showable
        .iter()
        .flat_map(|(id, name)| std::iter::once(*id).chain(*name));
    Err(UnknownOwner {
        wanted: wanted.to_string(),
        suggestion: crate::diagnostics::suggest(wanted, candidates).map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: &str) -> Person {
        Person {
            id: id.to_string(),
            name: name.to_string(),
            role: None,
        }
    }

    /// Goals: `reyes` owns a shared one, `secretowner` only private ones,
    /// `okafor` is listed and owns nothing, `kim` owns a shared one and is
    /// not listed.
    fn find(wanted: &str, include_private: bool) -> Result<String, UnknownOwner> {
        let people = [
            person("reyes", "Dana Reyes"),
            person("secretowner", "Sam Secret"),
            person("okafor", "Ada Okafor"),
        ];
        let goals = [
            ("reyes", true),
            ("secretowner", false),
            ("secretowner", false),
            ("kim", true),
        ];
        let owners = goals
            .iter()
            .map(|&(o, shared)| (o, shared || include_private));
        resolve_among(wanted, owners, &people)
    }

    #[test]
    fn an_id_or_a_name_in_any_case() {
        assert_eq!(find("reyes", false).unwrap(), "reyes");
        assert_eq!(find("REYES", false).unwrap(), "reyes");
        assert_eq!(find("dana reyes", false).unwrap(), "reyes");
        assert_eq!(find("okafor", false).unwrap(), "okafor");
        assert_eq!(find("Kim", false).unwrap(), "kim");
    }

    #[test]
    fn a_person_with_only_private_goals_is_unknown_and_never_suggested() {
        let typo = find("secretownr", false).unwrap_err();
        assert_eq!(typo.suggestion, None);
        assert_eq!(typo.to_string(), "no goal is owned by `secretownr`");
        let exact = find("secretowner", false).unwrap_err();
        assert_eq!(exact.suggestion, None);
        assert!(find("Sam Secret", false).is_err());
        // With private goals shown, they are a person like any other.
        assert_eq!(find("secretowner", true).unwrap(), "secretowner");
        assert_eq!(
            find("secretownr", true).unwrap_err().suggestion.as_deref(),
            Some("secretowner")
        );
    }

    #[test]
    fn suggests_among_the_people_shown() {
        let e = find("reyse", false).unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("reyes"));
        assert_eq!(
            e.to_string(),
            "no goal is owned by `reyse`; did you mean `reyes`?"
        );
    }
}
