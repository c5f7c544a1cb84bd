//! `goalpost feedback`: adding one `{date, from, note}` item to a goal's
//! `feedback:` list (FORMAT §3 v3, §10, §12), with `log`'s guarantees: the
//! file is locked from reading to replacing ([`super::write::locked`]), the
//! new text is parsed again and refused if it would add an error, every
//! other byte stays as it was, and the same note from the same person on
//! the same day is not written twice.
//!
//! The list may be written in block style (`feedback:` then `- …` lines,
//! the item added after the last one, with the same indentation) or as a
//! one-line flow list (`feedback: [{…}]`, the item added before `]`); a
//! goal without `feedback:` gets the field at the end of its frontmatter.

use super::text::{comment_start, Layout};
use super::{
    apply, find_goal, layout, quote, read, verify, CannotEdit, Change, Edit, LogError, Planned,
};
use crate::diagnostics::suggest;
use crate::model::{Date, Goal};
use crate::project::Project;

/// What to add.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackRequest {
    pub id: String,
    /// A person's id (as under `people:`).
    pub from: String,
    pub note: String,
    pub date: Date,
}

impl FeedbackRequest {
    fn tidy(&self) -> FeedbackRequest {
        FeedbackRequest {
            id: self.id.trim().to_string(),
            from: self.from.trim().to_string(),
            note: self.note.trim().to_string(),
            date: self.date,
        }
    }

    /// The commit message of `feedback --commit`.
    pub fn commit_message(&self) -> String {
        format!("feedback: {} from {} on {}", self.id, self.from, self.date)
    }
}

/// Plans the item against the file as it is now.
pub fn plan(project: &Project, req: &FeedbackRequest) -> Result<Planned, LogError> {
    let req = &req.tidy();
    let goal = find_goal(project, &req.id)?;
    check_request(project, goal, req)?;
    let src = read(project, &goal.file)?;
    let now = src
        .parsed
        .goals
        .iter()
        .find(|g| g.id == goal.id)
        .ok_or_else(|| super::changed_meanwhile(&src.rel))?;
    if let Some(f) = now
        .together
        .feedback
        .iter()
        .find(|f| f.date == req.date && f.from == req.from && f.note == req.note)
    {
        return Ok(Planned::AlreadyRecorded {
            id: goal.id.clone(),
            value: format!("this note from {}", f.from),
            at: format!("{}:{}", f.at.file, f.at.line),
        });
    }
    let layout = layout(&src)?;
    let item = item_text(req);
    let edit = add_item(&src.text, &layout, &item).map_err(|why| LogError::CannotEdit {
        file: src.rel.clone(),
        why,
    })?;
    let new = apply(&src.text, &edit);
    let parsed = verify(&src, &new)?;
    let placed = parsed
        .goals
        .iter()
        .find(|g| g.id == goal.id)
        .is_some_and(|g| {
            g.together
                .feedback
                .iter()
                .filter(|f| f.date == req.date && f.from == req.from && f.note == req.note)
                .count()
                == 1
        });
    if !placed {
        return Err(LogError::CannotEdit {
            file: src.rel,
            why: CannotEdit::NotPlaced,
        });
    }
    let line = super::text::line_number(&new, edit.range.start + edit.with.find('{').unwrap_or(0));
    Ok(Planned::Change(Change {
        id: goal.id.clone(),
        date: req.date,
        value: req.note.clone(),
        path: src.path,
        rel: src.rel,
        line,
        replaced: None,
        original: src.bytes,
        new: new.into_bytes(),
        parsed: super::NewParse(Some(Box::new(parsed))),
    }))
}

/// What `goalpost feedback` does: [`plan`] and write while the goal's file
/// is locked, running `before_write` first (`--commit` checks git).
pub fn record(
    project: &Project,
    req: &FeedbackRequest,
    before_write: impl FnOnce(&Change) -> Result<(), super::write::WriteError>,
) -> Result<Planned, LogError> {
    let goal = find_goal(project, req.id.trim())?;
    let root = match (&project.personal, goal.personal) {
        (Some(dir), true) => dir.as_path(),
        _ => project.root.as_path(),
    };
    super::write::locked(root, &[project.path_of(&goal.file)], |locks| {
        let planned = plan(project, req)?;
        if let Planned::Change(change) = &planned {
            before_write(change)?;
            locks.replace(&change.path, &change.original, &change.new)?;
        }
        Ok(planned)
    })
}

/// A note and a person are needed; when `goalpost.yml` lists `people:`,
/// the person must be one of them (with the closest as a suggestion).
fn check_request(project: &Project, goal: &Goal, req: &FeedbackRequest) -> Result<(), LogError> {
    if req.note.is_empty() {
        return Err(LogError::InvalidValue {
            message: "the note is empty".into(),
            hint: "say what you noticed: --note \"The anchor chart is being used\"".into(),
        });
    }
    if req.from.is_empty() || req.from.contains(['\n', '\r']) {
        return Err(LogError::InvalidValue {
            message: "`--from` needs a person's id".into(),
            hint: "write the id under `people:` in goalpost.yml, e.g. --from nguyen".into(),
        });
    }
    let people = &project.settings.people;
    if !people.is_empty() && project.settings.person(&req.from).is_none() {
        let ids = || people.iter().map(|p| p.id.as_str());
        let hint = match suggest(&req.from, ids()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "the people listed in goalpost.yml are: {}",
                ids().collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(LogError::InvalidValue {
            message: format!(
                "`{}` is not listed under `people:` in goalpost.yml, so `{}` cannot take a note from them",
                req.from, goal.id
            ),
            hint,
        });
    }
    Ok(())
}

/// `{date: 2026-11-20, from: nguyen, note: "…"}`.
fn item_text(req: &FeedbackRequest) -> String {
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
            && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
    };
    let from = if plain(&req.from) {
        req.from.clone()
    } else {
        quote(&req.from)
    };
    format!(
        "{{date: {}, from: {from}, note: {}}}",
        req.date,
        quote(&req.note)
    )
}

/// The edit that appends `item` to the top-level `feedback:` list.
fn add_item(text: &str, layout: &Layout, item: &str) -> Result<Edit, CannotEdit> {
    let eol = layout.eol.as_str();
    let lines = &layout.yaml;
    let key = lines.iter().position(|l| {
        let t = l.text(text);
        t.strip_prefix("feedback")
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    let Some(k) = key else {
        let indent = layout.indent(text);
        return Ok(Edit {
            range: layout.close.start..layout.close.start,
            with: format!("feedback:{eol}{indent}- {item}{eol}"),
        });
    };
    let key_line = lines[k];
    let line_text = key_line.text(text);
    let colon = line_text.find(':').unwrap_or(0) + 1;
    let value_end = comment_start(line_text);
    let value = line_text[colon..value_end.max(colon)].trim();
    let line_eol = match key_line.eol(text) {
        "" => eol,
        e => e,
    };
    if value.is_empty() {
        // Block style: the items are the lines after the key that are
        // indented or start with `-`, up to the next top-level key.
        let mut last = None;
        let mut dash_indent = None;
        for (j, l) in lines.iter().enumerate().skip(k + 1) {
            let t = l.text(text);
            let trimmed = t.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indented = t.starts_with(' ') || t.starts_with('\t');
            if !indented && !trimmed.starts_with('-') {
                break;
            }
            if trimmed.starts_with('-') && dash_indent.is_none() {
                dash_indent = Some(t[..t.len() - trimmed.len()].to_string());
            }
            last = Some(j);
        }
        let indent = dash_indent.unwrap_or_else(|| layout.indent(text));
        let at = last.map_or(key_line.next, |j| lines[j].next);
        let new_line = format!("{indent}- {item}{line_eol}");
        let with = if key_line.eol(text).is_empty() && at == key_line.next {
            format!("{line_eol}{new_line}")
        } else {
            new_line
        };
        return Ok(Edit {
            range: at..at,
            with,
        });
    }
    if value.starts_with('[') && value.ends_with(']') {
        let start = key_line.start + colon + line_text[colon..].find('[').unwrap_or(0);
        let close = key_line.start + colon + line_text[colon..value_end].rfind(']').unwrap_or(0);
        let inside = text[start + 1..close].trim();
        let with = if inside.is_empty() {
            item.to_string()
        } else {
            format!(", {item}")
        };
        let at = if inside.is_empty() { start + 1 } else { close };
        return Ok(Edit {
            range: at..at,
            with,
        });
    }
    Err(CannotEdit::NotAList)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(text: &str) -> String {
        let layout = Layout::of(text).expect("frontmatter");
        let edit = add_item(text, &layout, "{X}").expect("an edit");
        apply(text, &edit)
    }

    #[test]
    fn an_item_goes_after_the_last_one_with_its_indentation() {
        let text = "---\nkind: purpose\nfeedback:\n    - {A}\n    - date: 1\n      note: b\n# c\ntags: [t]\n---\nbody\n";
        assert_eq!(
            added(text),
            "---\nkind: purpose\nfeedback:\n    - {A}\n    - date: 1\n      note: b\n    - {X}\n# c\ntags: [t]\n---\nbody\n"
        );
        // A list written at the key's own indentation.
        let text = "---\nfeedback:\n- {A}\nkind: purpose\n---\n";
        assert_eq!(
            added(text),
            "---\nfeedback:\n- {A}\n- {X}\nkind: purpose\n---\n"
        );
    }

    #[test]
    fn a_missing_or_empty_list_is_made_and_crlf_kept() {
        assert_eq!(
            added("---\r\nkind: purpose\r\n---\r\n"),
            "---\r\nkind: purpose\r\nfeedback:\r\n  - {X}\r\n---\r\n"
        );
        assert_eq!(
            added("---\nfeedback:\nkind: purpose\n---\n"),
            "---\nfeedback:\n  - {X}\nkind: purpose\n---\n"
        );
        assert_eq!(
            added("---\nfeedback: [] # none yet\n---\n"),
            "---\nfeedback: [{X}] # none yet\n---\n"
        );
        assert_eq!(
            added("---\nfeedback: [{A}]\n---\n"),
            "---\nfeedback: [{A}, {X}]\n---\n"
        );
    }
}
