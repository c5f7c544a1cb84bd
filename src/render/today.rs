//! `goalpost today` as terminal text: one block per owner, no line longer
//! than 80 columns, colour only when asked for (a terminal, no `NO_COLOR`).

use super::dates;
use crate::analysis::today::{Agenda, TodayEntry};
use crate::analysis::State;
use crate::yaml::format_number;
use std::fmt::Write;

/// The widest line written.
pub const WIDTH: usize = 80;
const ID: usize = 28;
const ENTRY: usize = 22;
/// A practice's entry, streak and buffer columns.
const PRACTICE_ENTRY: usize = 19;
const STREAK: usize = 15;

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// `text` cut to `width` characters (with `…`), padded to it. Control
/// characters from the goal files are shown escaped, never sent raw.
fn cell(text: &str, width: usize) -> String {
    let text = crate::display::escape(text);
    let n = text.chars().count();
    if n > width {
        let cut: String = text.chars().take(width - 1).collect();
        format!("{cut}…")
    } else {
        format!("{text}{}", " ".repeat(width - n))
    }
}

fn fit(text: &str, width: usize) -> String {
    cell(text, width).trim_end().to_string()
}

pub fn render(agenda: &Agenda, color: bool) -> String {
    let mut out = String::new();
    let mut head = format!("Today: {}", dates::long(agenda.today));
    if let Some(c) = &agenda.cycle {
        head.push_str(&format!(" · {c}"));
    }
    let _ = writeln!(out, "{}", paint(color, "1", &fit(&head, WIDTH)));
    if agenda.owners.is_empty() {
        let _ = writeln!(
            out,
            "\nNothing is scheduled today, and nothing is due soon."
        );
    }
    for owner in &agenda.owners {
        let who = match (&owner.name, &owner.id) {
            (Some(name), Some(id)) => format!("{name} ({id})"),
            (None, Some(id)) => id.clone(),
            _ => "No owner".to_string(),
        };
        let _ = writeln!(out, "\n{}", paint(color, "1", &fit(&who, WIDTH)));
        if owner.practices.is_empty() {
            let _ = writeln!(out, "  nothing scheduled today");
        }
        for p in &owner.practices {
            let (mark, code, entry) = match p.entry {
                TodayEntry::NotYet => ("·", "33", "not yet".to_string()),
                TodayEntry::Skip => ("–", "2", "skip".to_string()),
                TodayEntry::Done { amount, at_target } => {
                    let text = if p.target == 1.0 && amount <= 1.0 {
                        if at_target { "done" } else { "not done" }.to_string()
                    } else {
                        let unit = p
                            .unit
                            .as_deref()
                            .map(|u| format!(" {u}"))
                            .unwrap_or_default();
                        format!(
                            "{} of {}{unit}",
                            format_number(amount),
                            format_number(p.target)
                        )
                    };
                    if at_target {
                        ("✓", "32", text)
                    } else {
                        ("◐", "33", text)
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
            // At most 11 characters: the line stays within 80 columns.
            let buffer = match p.buffer {
                Some(b) if b < 0 => "below 80%".to_string(),
                Some(b) => format!("{b} to spare"),
                None => String::new(),
            };
            let line = format!(
                "  {} {} {} {} {}",
                paint(color, code, mark),
                cell(&p.id, ID),
                paint(color, code, &cell(&entry, PRACTICE_ENTRY)),
                cell(&streak, STREAK),
                fit(&buffer, 11)
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        if !owner.due.is_empty() {
            let _ = writeln!(out, "  {}", paint(color, "1", "due within two weeks"));
        }
        for d in &owner.due {
            let unit = d
                .unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            let figures = match (d.latest, d.target) {
                (Some(l), Some(t)) => format!("{} of {}{unit}", format_number(l), format_number(t)),
                (None, Some(t)) => format!("no data, target {}{unit}", format_number(t)),
                _ => "no data".to_string(),
            };
            let when = match d.days_left {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            let code = match d.state {
                State::OffTrack | State::Overdue => "31",
                State::AtRisk | State::NoData => "33",
                State::OnTrack | State::Achieved => "32",
            };
            let line = format!(
                "    {} {} {}, {}",
                cell(&d.id, ID),
                cell(&figures, ENTRY),
                when,
                paint(color, code, d.state.as_str())
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out
}
