//! The words of a goal file's history: what one commit did, said short
//! ("current 9 → 14", "renamed from goals/a.md; target 80 → 78",
//! "created", "edited"), for the history on a goal's page. History keeps
//! the data ([`Change`]); only this module turns it into a sentence.

use crate::history::{Change, ChangeKind, Move, Origin};
use crate::yaml::format_number;

/// What `c` did, in a few words: how the file came or went, then the
/// goalposts moved and the change of `current`, joined by `; `
/// (`edited` when an edit changed none of them).
pub fn summary(c: &Change) -> String {
    let base = match c.kind {
        ChangeKind::Deleted => return "deleted".to_string(),
        ChangeKind::Created => {
            return match &c.origin {
                Some(Origin::ShallowCut) => "history starts here (shallow clone)".to_string(),
                Some(Origin::CopyOf(path)) => format!("created as a copy of {path}"),
                Some(Origin::New) | None => "created".to_string(),
            }
        }
        ChangeKind::Renamed => Some(format!(
            "renamed from {}",
            c.renamed_from.as_deref().unwrap_or_default()
        )),
        ChangeKind::Restored => Some("restored".to_string()),
        ChangeKind::Modified => None,
    };
    let parts: Vec<String> = base
        .into_iter()
        .chain(c.moves.iter().map(move_summary))
        .chain(current(c.current_before, c.current_after))
        .collect();
    if parts.is_empty() {
        "edited".to_string()
    } else {
        parts.join("; ")
    }
}

/// One line of a goal's history: `Nov 10 · Per Lindqvist · current 9 → 14`.
pub fn line(c: &Change) -> String {
    format!(
        "{} · {} · {}",
        c.date.strftime("%b %-d"),
        c.author,
        summary(c)
    )
}

/// `target 80 → 78`, `due set to 2027-05-28`, `baseline 67 removed`.
pub(crate) fn move_summary(m: &Move) -> String {
    let f = m.field.as_str();
    match (m.from, m.to) {
        (Some(a), Some(b)) => format!("{f} {} → {}", a.text(), b.text()),
        (None, Some(b)) => format!("{f} set to {}", b.text()),
        (Some(a), None) => format!("{f} {} removed", a.text()),
        (None, None) => f.to_string(),
    }
}

/// `current 9 → 14`, `current set to 9`, `current 9 removed`; nothing
/// when it stayed the same.
fn current(before: Option<f64>, after: Option<f64>) -> Option<String> {
    match (before, after) {
        (Some(a), Some(b)) if a != b => Some(format!(
            "current {} → {}",
            format_number(a),
            format_number(b)
        )),
        (None, Some(b)) => Some(format!("current set to {}", format_number(b))),
        (Some(a), None) => Some(format!("current {} removed", format_number(a))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Goalpost, PostValue};

    fn change(kind: ChangeKind, before: Option<f64>, after: Option<f64>) -> Change {
        Change {
            commit: "c".repeat(40),
            date: "2026-11-10".parse().unwrap(),
            author: "Per Lindqvist".into(),
            subject: "Monthly update".into(),
            kind,
            renamed_from: None,
            former_id: None,
            current_before: before,
            current_after: after,
            moves: Vec::new(),
            origin: None,
        }
    }

    #[test]
    fn each_kind_of_change_in_words() {
        let edit = change(ChangeKind::Modified, Some(9.0), Some(14.0));
        assert_eq!(summary(&edit), "current 9 → 14");
        assert_eq!(line(&edit), "Nov 10 · Per Lindqvist · current 9 → 14");
        let same = change(ChangeKind::Modified, Some(9.0), Some(9.0));
        assert_eq!(summary(&same), "edited");
        let set = change(ChangeKind::Modified, None, Some(2.5));
        assert_eq!(summary(&set), "current set to 2.5");
        let gone = change(ChangeKind::Modified, Some(9.0), None);
        assert_eq!(summary(&gone), "current 9 removed");

        let mut created = change(ChangeKind::Created, None, Some(9.0));
        created.origin = Some(Origin::New);
        assert_eq!(
            summary(&created),
            "created",
            "a new goal's value is no change"
        );
        created.origin = Some(Origin::CopyOf("goals/a.md".into()));
        assert_eq!(summary(&created), "created as a copy of goals/a.md");
        created.origin = Some(Origin::ShallowCut);
        assert_eq!(summary(&created), "history starts here (shallow clone)");

        let deleted = change(ChangeKind::Deleted, Some(9.0), None);
        assert_eq!(summary(&deleted), "deleted");
        let restored = change(ChangeKind::Restored, Some(9.0), Some(9.0));
        assert_eq!(summary(&restored), "restored");
    }

    #[test]
    fn a_rename_names_the_old_path_then_the_goalposts_then_current() {
        let mut renamed = change(ChangeKind::Renamed, Some(14.0), Some(20.0));
        renamed.renamed_from = Some("x/b.md".into());
        renamed.moves = vec![
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
        ];
        assert_eq!(
            summary(&renamed),
            "renamed from x/b.md; target 80 removed; due set to 2027-05-28; current 14 → 20"
        );
        let mut moved = change(ChangeKind::Modified, None, None);
        moved.moves = vec![Move {
            field: Goalpost::Target,
            from: Some(PostValue::Number(80.0)),
            to: Some(PostValue::Number(78.0)),
        }];
        assert_eq!(summary(&moved), "target 80 → 78");
    }
}
