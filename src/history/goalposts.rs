//! Goalposts moved (FORMAT §7): which of a goal's aims a commit changed,
//! from the goal's previous version (across renames and returns).
//!
//! The version that creates the goal moves nothing. A practice's missing
//! `target` is 1 and its missing `cadence` is `weekdays`, as in the model;
//! a progress field that appears or disappears moves from or to `None`. A
//! version in which a field cannot be read (`target: lots`, a broken file)
//! is passed over for that field: the next readable value is compared with
//! the last readable one. A change of `kind` moves nothing.

use super::blob::{Goalposts, Post};
use crate::model::{Cadence, Date, Kind};
use crate::yaml::format_number;
use serde::Serialize;

/// A field that says what a goal aims at (FORMAT §7 "Goalposts moved").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Goalpost {
    Baseline,
    Target,
    Start,
    Due,
    Cadence,
}

impl Goalpost {
    /// The field's name in a goal file and in `goals.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Goalpost::Baseline => "baseline",
            Goalpost::Target => "target",
            Goalpost::Start => "start",
            Goalpost::Due => "due",
            Goalpost::Cadence => "cadence",
        }
    }

    /// The goalposts of a kind of goal: a progress goal's `baseline`,
    /// `target`, `start`, `due`; a practice's `target`, `cadence`; a
    /// coaching cycle's `target`, `start`, `due`.
    pub fn of(kind: Kind) -> &'static [Goalpost] {
        match kind {
            Kind::Progress => &[
                Goalpost::Baseline,
                Goalpost::Target,
                Goalpost::Start,
                Goalpost::Due,
            ],
            Kind::Practice => &[Goalpost::Target, Goalpost::Cadence],
            Kind::Coaching => &[Goalpost::Target, Goalpost::Start, Goalpost::Due],
            Kind::Purpose | Kind::Reflection => &[],
        }
    }
}

/// A goalpost's value: a number, a date or a cadence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PostValue {
    Number(f64),
    Date(Date),
    Cadence(Cadence),
}

impl PostValue {
    /// The value as a goal file writes it: `80`, `2027-05-28`, `weekly`.
    pub(crate) fn text(self) -> String {
        match self {
            PostValue::Number(n) => format_number(n),
            PostValue::Date(d) => d.to_string(),
            PostValue::Cadence(c) => c.as_str().to_string(),
        }
    }
}

/// One goalpost moved by a commit: `None` on a side means the field was
/// not set in that version.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Move {
    pub field: Goalpost,
    pub(crate) from: Option<PostValue>,
    pub(crate) to: Option<PostValue>,
}

/// The goalposts that differ between two versions of one goal, in
/// [`Goalpost::of`] order. A field unreadable in `after` moves nothing;
/// `before` holds the last readable value of each field.
pub(super) fn moves_between(before: &Goalposts, after: &Goalposts) -> Vec<Move> {
    let (Some(kind), true) = (after.kind, before.kind == after.kind) else {
        return Vec::new();
    };
    let mut moves = Vec::new();
    for &field in Goalpost::of(kind) {
        let (Ok(from), Ok(to)) = (post(before, field).known(), post(after, field).known()) else {
            continue;
        };
        if from != to {
            moves.push(Move { field, from, to });
        }
    }
    moves
}

fn post(p: &Goalposts, field: Goalpost) -> Post<PostValue> {
    fn map<T>(p: Post<T>, f: impl FnOnce(T) -> PostValue) -> Post<PostValue> {
        match p {
            Post::Absent => Post::Absent,
            Post::Set(v) => Post::Set(f(v)),
            Post::Unreadable => Post::Unreadable,
        }
    }
    match field {
        Goalpost::Baseline => map(p.baseline, PostValue::Number),
        Goalpost::Target => map(p.target, PostValue::Number),
        Goalpost::Start => map(p.start, PostValue::Date),
        Goalpost::Due => map(p.due, PostValue::Date),
        Goalpost::Cadence => map(p.cadence, PostValue::Cadence),
    }
}

/// `before` updated with what `after` states: every readable field of
/// `after`, the last readable value of the others. A version that is not
/// a readable goal changes nothing; a change of kind starts afresh.
pub(super) fn carry(before: Option<Goalposts>, after: &Goalposts) -> Option<Goalposts> {
    let Some(b) = before.filter(|b| after.kind.is_none() || b.kind == after.kind) else {
        return after.kind.map(|_| *after);
    };
    if after.kind.is_none() {
        return Some(b);
    }
    fn keep<T: Copy>(old: Post<T>, new: Post<T>) -> Post<T> {
        if matches!(new, Post::Unreadable) {
            old
        } else {
            new
        }
    }
    Some(Goalposts {
        kind: after.kind,
        baseline: keep(b.baseline, after.baseline),
        target: keep(b.target, after.target),
        start: keep(b.start, after.start),
        due: keep(b.due, after.due),
        cadence: keep(b.cadence, after.cadence),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_that_appears_or_goes_moves_from_or_to_nothing() {
        let before = Goalposts {
            kind: Some(Kind::Progress),
            target: Post::Set(80.0),
            ..Goalposts::default()
        };
        let after = Goalposts {
            kind: Some(Kind::Progress),
            due: Post::Set("2027-05-28".parse().unwrap()),
            ..Goalposts::default()
        };
        assert_eq!(
            moves_between(&before, &after),
            [
                Move {
                    field: Goalpost::Target,
                    from: Some(PostValue::Number(80.0)),
                    to: None,
                },
                Move {
                    field: Goalpost::Due,
                    from: None,
                    to: Some(PostValue::Date("2027-05-28".parse().unwrap())),
                },
            ]
        );
        // A purpose has no goalposts.
        let purpose = Goalposts {
            kind: Some(Kind::Purpose),
            ..Goalposts::default()
        };
        assert!(moves_between(&purpose, &purpose).is_empty());
    }

    #[test]
    fn an_unreadable_field_keeps_the_last_readable_value() {
        let v1 = Goalposts {
            kind: Some(Kind::Progress),
            target: Post::Set(80.0),
            ..Goalposts::default()
        };
        let broken = Goalposts {
            kind: Some(Kind::Progress),
            target: Post::Unreadable,
            ..Goalposts::default()
        };
        let kept = carry(Some(v1), &broken).unwrap();
        assert_eq!(kept.target, Post::Set(80.0));
        assert!(moves_between(&v1, &broken).is_empty());
        // Not a goal at all: nothing changes.
        assert_eq!(carry(Some(v1), &Goalposts::default()), Some(v1));
    }
}
