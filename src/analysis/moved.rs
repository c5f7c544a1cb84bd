//! Goalposts moved (FORMAT §7 v2): the changes of a goal's aim that the
//! git history knows of, for its page, its sprint report and `goals.json`.
//!
//! # Choices where FORMAT is silent (for the user docs)
//!
//! - A move is dated by its commit's author date, like a git point of the
//!   series; with a pinned `today`, later moves are not known yet.
//! - Only the goalposts of the goal's kind count: a progress goal's
//!   `baseline`, `target`, `start`, `due`; a practice's `target` and
//!   `cadence` (its `start` and `due` are not goalposts).
//! - A move belongs to the cycle whose days include its date (none, in a
//!   break between cycles or outside the listed cycles).

use crate::history::{Change, Goalpost, PostValue};
use crate::model::settings::Cycle;
use crate::model::{Date, Goal};
use serde::Serialize;

/// One goalpost moved: when, by whom, which field, from what to what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalpostMove {
    pub(crate) date: Date,
    pub(crate) author: String,
    pub(crate) field: Goalpost,
    /// `None`: the field was not set before.
    pub from: Option<PostValue>,
    /// `None`: the field was removed.
    pub to: Option<PostValue>,
    pub(crate) commit: String,
    /// The first line of the commit's message: why it moved.
    pub(crate) message: String,
    /// Index into the report's cycles of the cycle it happened in.
    pub cycle: Option<usize>,
}

/// The goalposts of `goal` moved by `changes` (its file's history, oldest
/// first) up to `today`, oldest first.
pub fn moved(goal: &Goal, changes: &[Change], cycles: &[Cycle], today: Date) -> Vec<GoalpostMove> {
    let fields = Goalpost::of(goal.kind);
    changes
        .iter()
        .filter(|c| c.date <= today)
        .flat_map(|c| {
            c.moves
                .iter()
                .filter(|m| fields.contains(&m.field))
                .map(move |m| GoalpostMove {
                    date: c.date,
                    author: c.author.clone(),
                    field: m.field,
                    from: m.from,
                    to: m.to,
                    commit: c.commit.clone(),
                    message: c.subject.clone(),
                    cycle: cycles.iter().position(|k| k.contains(c.date)),
                })
        })
        .collect()
}

/// Every goalpost moved of `goals` (indices into `report`), newest first,
/// as (goal, index into its `moved`): for the dashboard and the alignment
/// page, which keep moved goalposts in sight long after their sprint.
pub(crate) fn newest_first(
    report: &crate::analysis::Report,
    goals: impl IntoIterator<Item = usize>,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = goals
        .into_iter()
        .flat_map(|g| (0..report.goals[g].moved.len()).map(move |m| (g, m)))
        .collect();
    out.sort_by(|a, b| {
        let date = |&(g, m): &(usize, usize)| report.goals[g].moved[m].date;
        date(b).cmp(&date(a)).then(a.cmp(b))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::{d, progress};
    use crate::history::{ChangeKind, Move};

    fn change(date: &str, moves: Vec<Move>) -> Change {
        Change {
            commit: format!("c-{date}"),
            date: d(date),
            author: "Ann".into(),
            subject: format!("Why on {date}"),
            kind: ChangeKind::Modified,
            renamed_from: None,
            former_id: None,
            current_before: None,
            current_after: None,
            moves,
            origin: None,
        }
    }

    #[test]
    fn keeps_the_kinds_goalposts_up_to_today_with_their_cycle() {
        let goal = progress("g", None);
        let target = Move {
            field: Goalpost::Target,
            from: Some(PostValue::Number(80.0)),
            to: Some(PostValue::Number(78.0)),
        };
        let cadence = Move {
            field: Goalpost::Cadence,
            from: None,
            to: None,
        };
        let cycles = vec![Cycle {
            id: "sprint-1".into(),
            name: "Sprint 1".into(),
            start: d("2026-09-14"),
            end: d("2026-09-27"),
        }];
        let changes = [
            change("2026-09-01", vec![target]),
            change("2026-09-20", vec![target, cadence]),
            change("2026-12-01", vec![target]),
        ];
        let got = moved(&goal, &changes, &cycles, d("2026-11-20"));
        let seen: Vec<(Date, Option<usize>)> = got.iter().map(|m| (m.date, m.cycle)).collect();
        assert_eq!(
            seen,
            [(d("2026-09-01"), None), (d("2026-09-20"), Some(0))],
            "a practice's cadence is not a progress goal's goalpost; Dec 1 is after today"
        );
        assert_eq!(got[1].author, "Ann");
        assert_eq!(got[1].commit, "c-2026-09-20");
        assert_eq!(got[1].message, "Why on 2026-09-20");
    }
}
