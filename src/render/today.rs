//! `goalpost today` as terminal text: one block per owner, no line longer
//! than 80 columns, colour only when asked for (a terminal, no `NO_COLOR`).

use super::dates;
use super::svg::pct;
use crate::analysis::today::{Agenda, TodayEntry};
use crate::analysis::State;
use crate::terminal::{fit, pad, Style, Text};
use crate::yaml::format_number;

/// The widest line written, in display columns (a CJK character takes two).
pub(crate) const WIDTH: usize = 80;
const ID: usize = 28;
const ENTRY: usize = 22;
/// A practice's entry, streak and buffer columns.
const PRACTICE_ENTRY: usize = 19;
const STREAK: usize = 15;
/// The buffer column: "below 80%", "N to spare".
const BUFFER: usize = 11;

/// The agenda as lines for a terminal, none wider than [`WIDTH`] display
/// columns; text from the goal files escaped ([`crate::terminal`]).
pub fn render(agenda: &Agenda, color: bool) -> Text {
    let mut out = Text::new(color);
    let mut head = format!("Today: {}", dates::long(agenda.today));
    if let Some(c) = &agenda.cycle {
        head.push_str(&format!(" · {c}"));
    }
    out.paint(Style::Bold, &fit(&head, WIDTH)).push("\n");
    if let Some(s) = &agenda.new_sprint {
        out.push("\n")
            .paint(
                Style::Bold,
                &fit(&format!("New sprint: {} starts today", s.name), WIDTH),
            )
            .push("\n");
        let line = format!(
            "  What will you commit to? A `kind: reflection` file with `cycle: {}`",
            s.id
        );
        out.push(&fit(&line, WIDTH)).push("\n");
        out.push(&fit("  and `commit:` is not there yet for:", WIDTH))
            .push("\n");
        for (id, name) in &s.owners {
            let who = match name {
                Some(n) => format!("    {n} ({id})"),
                None => format!("    {id}"),
            };
            out.push(&fit(&who, WIDTH)).push("\n");
        }
    }
    if agenda.owners.is_empty() {
        out.push("\nNothing is scheduled today, and nothing is due soon.\n");
    }
    for owner in &agenda.owners {
        let who = match (&owner.name, &owner.id) {
            (Some(name), Some(id)) => format!("{name} ({id})"),
            (None, Some(id)) => id.clone(),
            _ => "No owner".to_string(),
        };
        out.push("\n")
            .paint(Style::Bold, &fit(&who, WIDTH))
            .push("\n");
        if owner.practices.is_empty() {
            out.push("  nothing scheduled today\n");
        }
        for p in &owner.practices {
            let (mark, style, entry) = match p.entry {
                TodayEntry::NotYet => ("·", Style::Yellow, "not yet".to_string()),
                TodayEntry::Skip => ("–", Style::Dim, "skip".to_string()),
                TodayEntry::Done { amount, at_target } => {
                    let text = if p.yes_no && amount <= 1.0 {
                        if at_target { "done" } else { "not done" }.to_string()
                    } else {
                        let target = match p.unit.as_deref() {
                            Some(u) => crate::render::svg::with_unit(p.target, u),
                            None => format_number(p.target),
                        };
                        format!("{} of {target}", format_number(amount))
                    };
                    if at_target {
                        ("✓", Style::Green, text)
                    } else {
                        ("◐", Style::Yellow, text)
                    }
                }
            };
            let entry = if p.weekly {
                format!("{entry} this week")
            } else {
                entry
            };
            let streak = match (p.streak, p.weekly) {
                (1, true) => "streak 1 week".to_string(),
                (n, true) => format!("streak {n} weeks"),
                (1, false) => "streak 1 day".to_string(),
                (n, false) => format!("streak {n} days"),
            };
            // At most 11 columns: the line stays within 80.
            let buffer = match p.buffer {
                Some(b) if b < 0 => format!("below {}", pct(crate::analysis::rules::BUFFER_GOAL)),
                Some(b) => format!("{b} to spare"),
                None => String::new(),
            };
            out.push("  ")
                .paint(style, mark)
                .push(&format!(" {} ", pad(&p.id, ID)))
                .paint(style, &pad(&entry, PRACTICE_ENTRY))
                .push(&format!(
                    " {} {}",
                    pad(&streak, STREAK),
                    fit(&buffer, BUFFER)
                ))
                .trim_end()
                .push("\n");
            title_line(&mut out, &p.title, p.mark);
        }
        if !owner.due.is_empty() {
            out.push("  ")
                .paint(Style::Bold, "due within two weeks")
                .push("\n");
        }
        for d in &owner.due {
            let unit = d
                .unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            let figures = match (d.latest, d.target) {
                (Some(l), Some(t)) => format!("{} of {}{unit}", format_number(l), format_number(t)),
                (None, Some(t)) => format!("target {}{unit}", format_number(t)),
                _ => String::new(),
            };
            let when = match d.days_left {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            let style = match d.state {
                State::OffTrack | State::Overdue => Style::Red,
                State::AtRisk | State::NoData => Style::Yellow,
                State::OnTrack | State::Achieved => Style::Green,
            };
            out.push(&format!(
                "    {} {} {when}, ",
                pad(&d.id, ID),
                pad(&figures, ENTRY)
            ))
            .paint(
                style,
                match d.state {
                    // As the pages say it (FORMAT §7 v3), not "no data".
                    State::NoData => "not measured yet",
                    s => s.as_str(),
                },
            )
            .trim_end()
            .push("\n");
            title_line(&mut out, &d.title, d.mark);
        }
    }
    out
}

/// Below a goal's line (which starts with the id `log` takes): its title,
/// and the mark of a private or personal goal, within [`WIDTH`].
fn title_line(out: &mut Text, title: &str, mark: Option<&str>) {
    const INDENT: &str = "      ";
    let line = match mark {
        Some(m) => format!("{title} · {m}"),
        None => title.to_string(),
    };
    out.push(INDENT)
        .paint(Style::Dim, &fit(&line, WIDTH - INDENT.len()))
        .push("\n");
}
