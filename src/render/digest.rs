//! `goalpost digest` as Markdown, plain text or one e-mail-safe HTML page.
//! Decides nothing: the [`Digest`] says what to show; this module puts it
//! into words once (`Doc`) and writes those words in each format.
//!
//! The HTML is made for e-mail clients from the `digest.html` template
//! (overridable like every page): one page, every style inline on its
//! element (no `<style>`, no external CSS, no scripts, no images), layout
//! by tables 600 pixels wide at most.

use super::svg::{num, pct, with_unit};
use super::templates::template_error;
use super::view::digest::{
    DigestBadge, DigestCell, DigestHead, DigestItem, DigestPage, DigestSection, DigestTable,
};
use super::{dates, words, RenderError};
use crate::analysis::digest::{Digest, Moved, PracticeWeek};
use crate::analysis::review::Trend;
use crate::analysis::{GoalReport, Report, State};
use crate::model::{Cadence, Kind};
use std::fmt::Write;
use std::path::Path;

/// The output formats of `goalpost digest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Html,
}

/// The digest in words, before any format.
struct Doc {
    title: String,
    lines: Vec<String>,
    sections: Vec<Section>,
}

struct Section {
    heading: String,
    body: Body,
}

enum Body {
    /// A sentence when there is nothing to list.
    Empty(String),
    Items(Vec<Item>),
    Table(Table),
}

/// One goal in a list: its title, its owners, a sentence, a state.
struct Item {
    title: String,
    owners: String,
    text: String,
    state: Option<State>,
    /// The goal's kind: a state is worded for it ("not measured yet").
    kind: Kind,
}

struct Table {
    head: Vec<String>,
    /// Per column: right-aligned (figures).
    right: Vec<bool>,
    /// Column 1 names each row's owner (HTML shows it under column 0,
    /// text after it).
    owner_column: bool,
    rows: Vec<Vec<String>>,
}

/// The digest written in `format`. The HTML page comes from the
/// `digest.html` template, the goals repository's own when
/// `templates_root` has one; only a broken template is an error.
pub fn render(
    digest: &Digest,
    report: &Report,
    format: Format,
    templates_root: Option<&Path>,
) -> Result<String, RenderError> {
    let doc = words_of(digest, report);
    Ok(match format {
        Format::Markdown => markdown(&doc),
        Format::Text => text(&doc),
        Format::Html => html(&doc, templates_root)?,
    })
}

fn owners(report: &Report, g: &GoalReport) -> String {
    g.goal
        .owners
        .iter()
        .map(|o| {
            report
                .settings
                .person(o)
                .map_or_else(|| o.clone(), |p| p.name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn item(report: &Report, goal: usize, text: String, state: Option<State>) -> Item {
    let g = &report.goals[goal];
    Item {
        title: crate::analysis::visible::marked_title(&g.goal),
        owners: owners(report, g),
        text,
        state,
        kind: g.goal.kind,
    }
}

fn unit_of(g: &GoalReport) -> &str {
    g.goal
        .progress()
        .and_then(|p| p.unit.as_deref())
        .unwrap_or("")
}

/// "+3 points", "−2.5 students".
fn change(delta: f64, unit: &str) -> String {
    let unit = match unit {
        "" => String::new(),
        "%" if delta.abs() == 1.0 => " point".to_string(),
        "%" => " points".to_string(),
        u if delta.abs() == 1.0 => format!(" {}", words::singular(u)),
        u => format!(" {u}"),
    };
    let body = num(delta.abs());
    if delta < 0.0 {
        format!("−{body}{unit}")
    } else {
        format!("+{body}{unit}")
    }
}

/// "67% → 71%", "2 → 7 rooms": a unit other than `%` is written once.
fn from_to(a: f64, b: f64, unit: &str, sep: &str) -> String {
    if unit == "%" || unit.is_empty() {
        format!("{}{sep}{}", with_unit(a, unit), with_unit(b, unit))
    } else {
        format!("{}{sep}{}", num(a), with_unit(b, unit))
    }
}

/// "67% → 71% on Nov 19 (+4 points, toward the target of 80%)", and the
/// state it had before the period when that changed (`was`).
fn moved_text(m: &Moved, g: &GoalReport, was: Option<State>) -> String {
    let unit = unit_of(g);
    let mut text = match m.before {
        Some(b) => format!(
            "{} on {}",
            from_to(b, m.value, unit, " → "),
            dates::short(m.date)
        ),
        None => format!("{} on {}", with_unit(m.value, unit), dates::short(m.date)),
    };
    let target = g.progress.as_ref().and_then(|p| p.target);
    let mut notes = Vec::new();
    match (m.delta, m.toward_target, target) {
        (Some(d), Some(true), Some(t)) => notes.push(format!(
            "{}, toward the target of {}",
            change(d, unit),
            with_unit(t, unit)
        )),
        (Some(d), Some(false), Some(t)) => notes.push(format!(
            "{}, away from the target of {}",
            change(d, unit),
            with_unit(t, unit)
        )),
        (Some(0.0), _, _) => notes.push("no change".to_string()),
        (Some(d), _, _) => notes.push(change(d, unit)),
        _ => {}
    }
    if m.points > 1 {
        notes.push(format!("{} measurements", m.points));
    }
    if let Some(w) = was {
        notes.push(format!("was {}", state_word(g.goal.kind, w)));
    }
    if !notes.is_empty() {
        let _ = write!(text, " ({})", notes.join("; "));
    }
    text
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

fn state_word(kind: Kind, s: State) -> String {
    words::kind_state_label(kind, s).to_lowercase()
}

/// "2 days", "1 week", "none", "80% out of reach".
fn spare(p: &PracticeWeek) -> String {
    let unit = if p.weekly { "week" } else { "day" };
    match p.buffer {
        None => "–".to_string(),
        Some(b) if b < 0 => format!(
            "{} out of reach",
            crate::render::svg::pct(crate::analysis::rules::BUFFER_GOAL)
        ),
        Some(0) => "none".to_string(),
        Some(1) => format!("1 {unit}"),
        Some(b) => format!("{b} {unit}s"),
    }
}

fn words_of(d: &Digest, report: &Report) -> Doc {
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

    let mut slipped: Vec<Item> = d
        .slipped
        .iter()
        .map(|c| {
            item(
                c.goal,
                format!(
                    "Now {}, was {}.",
                    state_word(kind(c.goal), c.to),
                    state_word(kind(c.goal), c.from)
                ),
                None,
            )
        })
        .collect();
    slipped.extend(d.quiet.iter().map(|q| {
        let text = match (q.last, q.days) {
            (Some(last), Some(n)) => format!(
                "Nothing recorded since {} ({}). Is this still the plan?",
                dates::short(last),
                days(n)
            ),
            _ => "Nothing recorded yet. Is this still the plan?".to_string(),
        };
        item(q.goal, text, None)
    }));
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
            head: vec![
                "Practice".to_string(),
                "Owner".to_string(),
                this,
                before,
                "Change".to_string(),
                format!("Can still miss{cycle}"),
            ],
            right: vec![false, false, true, true, true, true],
            rows,
            owner_column: true,
        };
        if d.owner.is_some() {
            table.owner_column = false;
            table.head.remove(1);
            table.right.remove(1);
            for r in &mut table.rows {
                r.remove(1);
            }
        }
        sections.push(Section {
            heading: "Practices: done as scheduled".to_string(),
            body: Body::Table(table),
        });
    }

    if !d.streaks.is_empty() {
        let items = d
            .streaks
            .iter()
            .map(|s| {
                let g = &report.goals[s.goal];
                let unit = match g.goal.practice().map(|p| p.cadence) {
                    Some(Cadence::Weekly) => "weeks",
                    Some(Cadence::Daily) => "days",
                    _ => "school days",
                };
                let mut text = format!("{} {unit} in a row at target", s.length);
                text.push_str(if s.best { ", the longest yet." } else { "." });
                item(s.goal, text, None)
            })
            .collect();
        sections.push(Section {
            heading: "Streaks to celebrate".to_string(),
            body: Body::Items(items),
        });
    }

    if !d.goalposts_moved.is_empty() {
        let items = d
            .goalposts_moved
            .iter()
            .map(|m| {
                let unit = crate::render::view::unit_of(&report.goals[m.goal]);
                let said = words::goalpost_move(&m.change, unit);
                let text = format!(
                    "{} ({}, {}).",
                    said.strip_suffix('.').unwrap_or(&said),
                    dates::short(m.change.date),
                    m.change.author
                );
                item(m.goal, text, None)
            })
            .collect();
        sections.push(Section {
            heading: "Goalposts moved".to_string(),
            body: Body::Items(items),
        });
    }

    if !d.due.is_empty() {
        let items = d
            .due
            .iter()
            .map(|x| {
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
            })
            .collect();
        sections.push(Section {
            heading: "Due in the next two weeks".to_string(),
            body: Body::Items(items),
        });
    }
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

/// Coaching in the digest (FORMAT §12): asks for help, the feedback of
/// the period, the commitments of a sprint that starts in it and the
/// reflections of one that ends in it, and the coaching cycles that start
/// or end in it.
fn coaching_sections(d: &Digest, report: &Report) -> Vec<Section> {
    let c = &d.coaching;
    let mut out = Vec::new();
    let one = d.owner.is_some();
    let item = |goal: usize, text: String| {
        let mut i = item(report, goal, text, None);
        if one {
            i.owners.clear();
        }
        i
    };
    let name = |id: &str| {
        report
            .settings
            .person(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    if !c.asks.is_empty() {
        let items = c
            .asks
            .iter()
            .filter_map(|&g| Some(item(g, report.goals[g].goal.together.asks.clone()?)))
            .collect();
        out.push(Section {
            heading: "Asks for help".to_string(),
            body: Body::Items(items),
        });
    }
    if !c.feedback.is_empty() {
        let items = c
            .feedback
            .iter()
            .map(|&(g, k)| {
                let f = &report.goals[g].goal.together.feedback[k];
                item(
                    g,
                    format!(
                        "“{}” — {}, {}.",
                        f.note,
                        name(&f.from),
                        dates::short(f.date)
                    ),
                )
            })
            .collect();
        out.push(Section {
            heading: "Feedback".to_string(),
            body: Body::Items(items),
        });
    }
    let sprint_name = |k: usize| report.cycles.get(k).map_or("", |c| c.name.as_str());
    for (k, list) in &c.commitments {
        if list.is_empty() {
            continue;
        }
        let items: Vec<Item> = list
            .iter()
            .map(|&g| {
                let commit = report.goals[g]
                    .goal
                    .reflection()
                    .map(|r| r.commit.join("; "))
                    .unwrap_or_default();
                item(g, format!("Commits to: {commit}."))
            })
            .collect();
        out.push(Section {
            heading: format!("Commitments for {}", sprint_name(*k)),
            body: Body::Items(items),
        });
    }
    for (k, list) in &c.reflections {
        if list.is_empty() {
            continue;
        }
        let items = list
            .iter()
            .map(|&g| {
                let body = report.goals[g].goal.body.trim();
                let first = body.split("\n\n").next().unwrap_or("").replace('\n', " ");
                item(
                    g,
                    if first.is_empty() {
                        "No reflection written.".to_string()
                    } else {
                        first
                    },
                )
            })
            .collect();
        out.push(Section {
            heading: format!("Reflections on {}", sprint_name(*k)),
            body: Body::Items(items),
        });
    }
    if !c.cycles_started.is_empty() || !c.cycles_ended.is_empty() {
        let unit = |g: &GoalReport| {
            g.goal
                .coaching()
                .and_then(|s| s.unit.clone())
                .unwrap_or_default()
        };
        let mut items: Vec<Item> = c
            .cycles_started
            .iter()
            .map(|&g| {
                let r = &report.goals[g];
                let target = r
                    .coaching
                    .as_deref()
                    .and_then(|f| f.target)
                    .map(|t| format!(", target {}", with_unit(t, &unit(r))))
                    .unwrap_or_default();
                let start = r.goal.start.map(dates::short).unwrap_or_default();
                item(g, format!("Started {start}{target}."))
            })
            .collect();
        items.extend(c.cycles_ended.iter().map(|&g| {
            let r = &report.goals[g];
            let u = unit(r);
            let due = r.goal.due.map(dates::short).unwrap_or_default();
            let text = match r.coaching.as_deref() {
                Some(f) => match (f.pre, f.post) {
                    (Some(a), Some(b)) => format!(
                        "Ended {due}: {}{}{}.",
                        from_to(a, b, &u, " → "),
                        f.gain
                            .map(|x| format!(", {}", change(x, &u)))
                            .unwrap_or_default(),
                        f.target
                            .map(|t| format!(
                                " (target {}{})",
                                with_unit(t, &u),
                                if f.reached == Some(true) {
                                    ", reached"
                                } else {
                                    ""
                                }
                            ))
                            .unwrap_or_default()
                    ),
                    _ if f.phase == crate::analysis::coaching::Phase::Finished => {
                        format!("Ended {due}; no post-assessment recorded yet.")
                    }
                    _ => format!("Ends {due}."),
                },
                None => format!("Ends {due}."),
            };
            item(g, text)
        }));
        out.push(Section {
            heading: "Coaching cycles".to_string(),
            body: Body::Items(items),
        });
    }
    out
}

// ------------------------------------------------------------- Markdown

/// `text` with every character Markdown could read as markup escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>|#!~&".contains(c) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn markdown(doc: &Doc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&doc.title));
    let _ = writeln!(out, "{}", md(&doc.lines.join(" · ")));
    for s in &doc.sections {
        let _ = writeln!(out, "\n## {}\n", md(&s.heading));
        match &s.body {
            Body::Empty(text) => {
                let _ = writeln!(out, "{}", md(text));
            }
            Body::Items(items) => {
                for i in items {
                    let mut line = format!("- **{}**", md(&i.title));
                    if !i.owners.is_empty() {
                        let _ = write!(line, " ({})", md(&i.owners));
                    }
                    let _ = write!(line, ": {}", md(&i.text));
                    if let Some(st) = i.state {
                        let _ = write!(line, " — *{}*", md(&state_word(i.kind, st)));
                    }
                    let _ = writeln!(out, "{line}");
                }
            }
            Body::Table(t) => {
                let row = |cells: &[String]| {
                    let cells: Vec<String> = cells.iter().map(|c| md(c)).collect();
                    format!("| {} |", cells.join(" | "))
                };
                let _ = writeln!(out, "{}", row(&t.head));
                let rule: Vec<&str> = t
                    .right
                    .iter()
                    .map(|&r| if r { "---:" } else { "---" })
                    .collect();
                let _ = writeln!(out, "| {} |", rule.join(" | "));
                for r in &t.rows {
                    let _ = writeln!(out, "{}", row(r));
                }
            }
        }
    }
    out
}

// ------------------------------------------------------------- text

fn text(doc: &Doc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", doc.title);
    for l in &doc.lines {
        let _ = writeln!(out, "{l}");
    }
    for s in &doc.sections {
        let _ = writeln!(out, "\n{}", s.heading);
        let _ = writeln!(out, "{}", "-".repeat(s.heading.chars().count()));
        match &s.body {
            Body::Empty(text) => {
                let _ = writeln!(out, "{text}");
            }
            Body::Items(items) => {
                for i in items {
                    let mut line = format!("- {}", i.title);
                    if !i.owners.is_empty() {
                        let _ = write!(line, " ({})", i.owners);
                    }
                    let _ = write!(line, ": {}", i.text);
                    if let Some(st) = i.state {
                        let _ = write!(line, " — {}", state_word(i.kind, st));
                    }
                    let _ = writeln!(out, "{line}");
                }
            }
            Body::Table(t) => {
                // A chat shows text in a proportional font, where columns
                // padded with spaces do not line up: one line per row,
                // each figure named by its column.
                let owner = t.owner_column;
                for r in &t.rows {
                    let mut line = format!("- {}", r.first().map_or("", String::as_str));
                    if owner {
                        if let Some(o) = r.get(1).filter(|o| !o.is_empty()) {
                            let _ = write!(line, " ({o})");
                        }
                    }
                    let first = if owner { 2 } else { 1 };
                    let figures: Vec<String> = t
                        .head
                        .iter()
                        .zip(r)
                        .skip(first)
                        .map(|(h, x)| format!("{h}: {x}"))
                        .collect();
                    let _ = writeln!(out, "{line}: {}", figures.join(", "));
                }
            }
        }
    }
    out
}

// ------------------------------------------------------------- HTML

/// The template of the e-mail page (overridable like every page).
pub(crate) const TEMPLATE: &str = "digest.html";

/// The words of `doc` in the shape of `digest.html`'s view.
fn page(doc: &Doc) -> DigestPage<'_> {
    let sections = doc
        .sections
        .iter()
        .map(|s| {
            let mut section = DigestSection {
                heading: &s.heading,
                empty: None,
                items: Vec::new(),
                table: None,
            };
            match &s.body {
                Body::Empty(text) => section.empty = Some(text),
                Body::Items(items) => {
                    section.items = items
                        .iter()
                        .map(|i| DigestItem {
                            title: &i.title,
                            owners: &i.owners,
                            text: &i.text,
                            state: i.state.map(|s| DigestBadge {
                                label: words::kind_state_label(i.kind, s),
                                color: words::state_color(s),
                            }),
                        })
                        .collect();
                }
                Body::Table(t) => section.table = Some(table(t)),
            }
            section
        })
        .collect();
    DigestPage {
        title: &doc.title,
        lines: &doc.lines,
        sections,
    }
}

/// The owner (column 1, when there is one) goes under the practice's
/// name: one column less.
fn table(t: &Table) -> DigestTable<'_> {
    let merged = t.owner_column;
    let shown = |c: usize| !(merged && c == 1);
    let head = t
        .head
        .iter()
        .enumerate()
        .filter(|(c, _)| shown(*c))
        .map(|(c, h)| DigestHead {
            parts: h.split('–').collect(),
            right: t.right.get(c).copied().unwrap_or(false),
        })
        .collect();
    let rows = t
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .filter(|(c, _)| shown(*c))
                .map(|(c, x)| DigestCell {
                    text: x,
                    right: t.right.get(c).copied().unwrap_or(false),
                    owner: (merged && c == 0)
                        .then(|| r.get(1).filter(|o| !o.is_empty()).map(String::as_str))
                        .flatten(),
                })
                .collect()
        })
        .collect();
    DigestTable { head, rows }
}

fn html(doc: &Doc, templates_root: Option<&Path>) -> Result<String, RenderError> {
    let env = super::templates::environment(templates_root);
    let failed = |e: minijinja::Error| template_error(&e, templates_root, TEMPLATE);
    env.get_template(TEMPLATE)
        .map_err(failed)?
        .render(minijinja::Value::from(minijinja::value::Serde(page(doc))))
        .map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_what_it_would_read_as_markup() {
        assert_eq!(md("a *b* | c_d <e>"), "a \\*b\\* \\| c\\_d \\<e\\>");
        assert_eq!(md("two\nlines"), "two lines");
    }

    #[test]
    fn changes_carry_their_unit() {
        assert_eq!(change(3.0, "%"), "+3 points");
        assert_eq!(change(-1.0, "%"), "−1 point");
        assert_eq!(change(-1.0, "students"), "−1 student");
        assert_eq!(change(2.5, ""), "+2.5");
    }
}
