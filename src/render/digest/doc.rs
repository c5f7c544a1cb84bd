//! The digest in words (`Doc`), before any format: its title, its
//! opening lines and one section for each thing that moved, slipped or
//! is due (coaching's sections come from `coaching.rs`).

use super::coaching::coaching_sections;
use super::wording::{days, from_to, item, moved_text, owners, spare, state_word, unit_of};
use super::{Body, Column, Doc, Item, Section, Table};
use crate::analysis::digest::{Digest, Quiet};
use crate::analysis::review::Trend;
use crate::analysis::{Report, State};
use crate::model::Cadence;
use crate::render::svg::{pct, with_unit};
use crate::render::{dates, words};

pub(super) fn words_of(d: &Digest, report: &Report) -> Doc {
    let mut lines = vec![dates::long(d.today)];
    if let Some((id, name)) = &d.owner {
        lines.push(match name {
            Some(n) => format!("For {n} ({id})"),
            None => format!("For {id}"),
        });
    }
    let p = &d.period;
    let this = dates::range(p.from, p.to);
    let before = dates::range(p.before_from, p.before_to);
    lines.push(format!("{this}, compared with {before}"));
    if let Some(c) = &d.cycle {
        lines.push(format!(
            "{} · {} · day {} of {}",
            c.name,
            dates::range(c.start, c.end),
            c.day,
            c.days
        ));
    }

    let mut sections = Vec::new();
    let kind = |goal: usize| report.goals[goal].goal.kind;
    let was = |goal: usize| d.improved.iter().find(|c| c.goal == goal).map(|c| c.from);
    let item = |goal: usize, text: String, state: Option<State>| {
        let mut i = item(report, goal, text, state);
        if d.owner.is_some() {
            // The digest of one person: no need to name them on every line.
            i.owners.clear();
        }
        i
    };
    let mut moved: Vec<Item> = d
        .moved
        .iter()
        .map(|m| {
            let g = &report.goals[m.goal];
            item(m.goal, moved_text(m, g, was(m.goal)), Some(m.state))
        })
        .collect();
    let measured = |goal: usize| d.moved.iter().any(|m| m.goal == goal);
    moved.extend(d.improved.iter().filter(|c| !measured(c.goal)).map(|c| {
        item(
            c.goal,
            format!(
                "Now {}, was {}.",
                state_word(kind(c.goal), c.to),
                state_word(kind(c.goal), c.from)
            ),
            None,
        )
    }));
    sections.push(Section {
        heading: "What moved".to_string(),
        body: if moved.is_empty() {
            Body::Empty("Nothing was measured in this period.".to_string())
        } else {
            Body::Items(moved)
        },
    });

    // A goal that slipped and went quiet is one item, saying both.
    let quiet_text = |q: &Quiet| match (q.last, q.days) {
        (Some(last), Some(n)) => format!(
            "Nothing recorded since {} ({}). Is this still the plan?",
            dates::short(last),
            days(n)
        ),
        _ => "Nothing recorded yet. Is this still the plan?".to_string(),
    };
    let mut slipped: Vec<Item> = d
        .slipped
        .iter()
        .map(|c| {
            let mut text = format!(
                "Now {}, was {}.",
                state_word(kind(c.goal), c.to),
                state_word(kind(c.goal), c.from)
            );
            if let Some(q) = d.quiet.iter().find(|q| q.goal == c.goal) {
                text.push(' ');
                text.push_str(&quiet_text(q));
            }
            item(c.goal, text, None)
        })
        .collect();
    let slid = |goal: usize| d.slipped.iter().any(|c| c.goal == goal);
    slipped.extend(
        d.quiet
            .iter()
            .filter(|q| !slid(q.goal))
            .map(|q| item(q.goal, quiet_text(q), None)),
    );
    sections.push(Section {
        heading: "What slipped".to_string(),
        body: if slipped.is_empty() {
            Body::Empty("Nothing slipped in this period.".to_string())
        } else {
            Body::Items(slipped)
        },
    });

    if !d.practices.is_empty() {
        let cycle = d
            .cycle
            .as_ref()
            .map_or_else(String::new, |c| format!(" in {}", c.name));
        let rows = d
            .practices
            .iter()
            .map(|pw| {
                let g = &report.goals[pw.goal];
                let trend = match pw.trend {
                    Trend::Up => " ↑",
                    Trend::Down => " ↓",
                    Trend::Same | Trend::None => "",
                };
                vec![
                    crate::analysis::visible::marked_title(&g.goal),
                    owners(report, g),
                    pw.this.map_or_else(|| "–".to_string(), pct),
                    pw.before.map_or_else(|| "–".to_string(), pct),
                    pw.delta.map_or_else(
                        || "–".to_string(),
                        |x| format!("{}{trend}", words::delta_points(x)),
                    ),
                    spare(pw),
                ]
            })
            .collect();
        let mut table = Table {
            columns: vec![
                Column::words("Practice"),
                Column::words("Owner"),
                Column::figures(this),
                Column::figures(before),
                Column::figures("Change"),
                Column::phrase(format!("Can still miss{cycle}")),
            ],
            rows,
            owner_column: true,
        };
        if d.owner.is_some() {
            table.owner_column = false;
            table.columns.remove(1);
            for r in &mut table.rows {
                r.remove(1);
            }
        }
        sections.push(Section {
            heading: "Practices: done as scheduled".to_string(),
            body: Body::Table(table),
        });
    }

    sections.extend(Section::items(
        "Streaks to celebrate",
        d.streaks.iter().map(|s| {
            let g = &report.goals[s.goal];
            let unit = match g.goal.practice().map(|p| p.cadence) {
                Some(Cadence::Weekly) => "weeks",
                Some(Cadence::Daily) => "days",
                _ => "school days",
            };
            let mut text = format!("{} {unit} in a row at target", s.length);
            text.push_str(if s.best { ", the longest yet." } else { "." });
            item(s.goal, text, None)
        }),
    ));

    sections.extend(Section::items(
        "Goalposts moved",
        d.goalposts_moved.iter().map(|m| {
            let unit = unit_of(&report.goals[m.goal]);
            let said = words::goalpost_move(&m.change, unit);
            let text = format!(
                "{} ({}, {}).",
                said.strip_suffix('.').unwrap_or(&said),
                dates::short(m.change.date),
                m.change.author
            );
            item(m.goal, text, None)
        }),
    ));

    sections.extend(Section::items(
        "Due in the next two weeks",
        d.due.iter().map(|x| {
            let g = &report.goals[x.goal];
            let unit = unit_of(g);
            let when = match x.days_left {
                0 => "Due today".to_string(),
                1 => "Due tomorrow".to_string(),
                n => format!("Due {} (in {n} days)", dates::short_with_weekday(x.due)),
            };
            let fig = g.progress.as_ref();
            let figures = match (fig.and_then(|f| f.latest), fig.and_then(|f| f.target)) {
                (Some(l), Some(t)) => from_to(l, t, unit, " of "),
                (None, Some(t)) => {
                    format!("nothing measured yet, target {}", with_unit(t, unit))
                }
                _ => "nothing measured yet".to_string(),
            };
            item(x.goal, format!("{when}; {figures}."), Some(x.state))
        }),
    ));
    sections.extend(coaching_sections(d, report));

    Doc {
        title: if d.title.is_empty() {
            "Digest".to_string()
        } else {
            format!("Digest: {}", d.title)
        },
        lines,
        sections,
    }
}
