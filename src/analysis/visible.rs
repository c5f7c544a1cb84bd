//! The report as a reader may see it. Private goals are left out of every
//! output unless the build asks for them (FORMAT §3); what is left is
//! analysed as if the hidden goals were not there: references to them are
//! dropped and purposes are rolled up again from the goals that remain,
//! with the same rules as the full analysis.

use super::{purpose, GoalReport, Report};
use crate::diagnostics::{Diagnostic, Severity};
use std::collections::HashSet;

impl Report {
    /// This report without private goals (unchanged when `include_private`).
    /// Diagnostics about a hidden goal become one line that says a private
    /// goal has an error (warnings about it are dropped), and other
    /// messages that name a hidden goal name "a private goal" instead.
    /// Diagnostics of a file whose frontmatter says `visibility: private`
    /// are hidden the same way, even when the file could not be read as a
    /// goal (a missing `kind`, broken YAML elsewhere in the frontmatter).
    pub fn visible(mut self, include_private: bool) -> Report {
        if include_private
            || !(self.goals.iter().any(|g| g.goal.is_private())
                || self.diagnostics.iter().any(|d| d.private)
                || self.scorecards.iter().any(|s| s.private))
        {
            return self;
        }
        self.scorecards.retain(|s| !s.private);
        let (hidden, shown): (Vec<GoalReport>, Vec<GoalReport>) = std::mem::take(&mut self.goals)
            .into_iter()
            .partition(|g| g.goal.is_private());
        let hidden_ids: HashSet<&str> = hidden.iter().map(|g| g.goal.id.as_str()).collect();
        self.goals = shown;
        for g in &mut self.goals {
            g.parents.retain(|id| !hidden_ids.contains(id.as_str()));
            g.children.retain(|id| !hidden_ids.contains(id.as_str()));
            // A shared coaching cycle never shows a private practice (FORMAT §3).
            if let Some(c) = &mut g.coaching {
                c.practices.retain(|p| !hidden_ids.contains(p.id.as_str()));
            }
        }
        // A private goal's old address does not say it exists.
        self.redirects
            .retain(|r| !hidden_ids.contains(r.to.as_str()));
        purpose::roll_up(&mut self.goals, self.cycles.len());
        self.diagnostics = without_hidden(&self.diagnostics, &hidden, &hidden_ids);
        self
    }
}

/// The words that mark a private goal wherever a report or a command that
/// includes private goals lists it (the pages say the same): none for a
/// shared goal.
pub(crate) fn mark(goal: &crate::model::Goal) -> Option<&'static str> {
    if goal.personal {
        Some(crate::personal::MARK)
    } else if goal.is_private() {
        Some("Private")
    } else {
        None
    }
}

/// A goal's title with its [`mark`], for a line of text.
pub(crate) fn marked_title(goal: &crate::model::Goal) -> String {
    match mark(goal) {
        Some(m) => format!("{} ({m})", goal.title),
        None => goal.title.clone(),
    }
}

fn without_hidden(
    diagnostics: &[Diagnostic],
    hidden: &[GoalReport],
    hidden_ids: &HashSet<&str>,
) -> Vec<Diagnostic> {
    let hidden_files: HashSet<&str> = hidden.iter().map(|g| g.goal.file.as_str()).collect();
    let mut out = Vec::new();
    for d in diagnostics {
        let about_hidden = d.private
            || d.goal.as_deref().is_some_and(|id| hidden_ids.contains(id))
            || hidden_files.contains(d.file.as_str());
        if about_hidden {
            if d.severity == Severity::Error {
                out.push(Diagnostic {
                    severity: Severity::Error,
                    code: d.code,
                    file: "(private goal)".to_string(),
                    line: 0,
                    column: 0,
                    message: "a private goal has an error; build with --include-private to see it"
                        .to_string(),
                    hint: None,
                    goal: None,
                    width: 0,
                    private: false,
                });
            }
            continue;
        }
        let mut d = d.clone();
        for g in hidden {
            for text in [&mut d.message].into_iter().chain(d.hint.as_mut()) {
                if g.goal.title.len() >= 3 {
                    *text = text.replace(&g.goal.title, "a private goal");
                }
                *text = replace_word(text, &g.goal.id, "a private goal");
            }
        }
        out.push(d);
    }
    out
}

/// Replaces `word` where it stands as a whole id (not inside a longer one).
fn replace_word(text: &str, word: &str, with: &str) -> String {
    if word.is_empty() {
        return text.to_string();
    }
    let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev: Option<char> = None;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back().or(prev);
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_id_char) || after.is_some_and(is_id_char) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        prev = word.chars().next_back();
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_ids_only() {
        assert_eq!(
            replace_word("see `hale-plan` now", "hale-plan", "X"),
            "see `X` now"
        );
        assert_eq!(replace_word("hale-plans", "hale-plan", "X"), "hale-plans");
        assert_eq!(replace_word("a hale-plan", "hale-plan", "X"), "a X");
    }
}
