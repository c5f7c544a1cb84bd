//! The digest's coaching sections (FORMAT §12): asks for help, feedback,
//! evidence gathered in a coaching cycle, a sprint's commitments and
//! reflections, coaching cycles that start or end in the period.

use super::wording::{change, from_to, item};
use super::Section;
use crate::analysis::digest::Digest;
use crate::analysis::Report;
use crate::render::dates;
use crate::render::svg::with_unit;
use crate::render::words;

/// Coaching in the digest (FORMAT §12): asks for help, the feedback of
/// the period, the commitments of a sprint that starts in it and the
/// reflections of one that ends in it, and the coaching cycles that start
/// or end in it.
pub(super) fn coaching_sections(d: &Digest, report: &Report) -> Vec<Section> {
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
    out.extend(Section::items(
        "Asks for help",
        c.asks
            .iter()
            .filter_map(|&g| Some(item(g, report.goals[g].goal.together.asks.clone()?))),
    ));
    out.extend(Section::items(
        "Feedback",
        c.feedback.iter().map(|&(g, k)| {
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
        }),
    ));
    out.extend(Section::items(
        "Evidence gathered",
        c.evidence.iter().filter_map(|&(g, k)| {
            let e = report.goals[g].goal.coaching()?.evidence.get(k)?;
            let what = e.note.as_deref().unwrap_or("Evidence");
            let when = e.date.map(dates::short).unwrap_or_default();
            let link = match e.url.as_str() {
                "" => String::new(),
                url => format!(" — {url}"),
            };
            Some(item(g, format!("{when}: {what}{link}")))
        }),
    ));
    let sprint_name = |k: usize| report.cycles.get(k).map_or("", |c| c.name.as_str());
    for (k, list) in &c.commitments {
        let items = list.iter().map(|&g| {
            let commit = report.goals[g]
                .goal
                .reflection()
                .map(|r| r.commit.join("; "))
                .unwrap_or_default();
            item(g, format!("Commits to: {commit}."))
        });
        let heading = format!("Commitments for {}", sprint_name(*k));
        out.extend(Section::items(heading, items));
    }
    for (k, list) in &c.reflections {
        let items = list.iter().map(|&g| {
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
        });
        let heading = format!("Reflections on {}", sprint_name(*k));
        out.extend(Section::items(heading, items));
    }
    let unit = crate::render::view::unit_of;
    let started = c.cycles_started.iter().map(|&g| {
        let r = &report.goals[g];
        let target = r
            .coaching
            .as_deref()
            .and_then(|f| f.target)
            .map(|t| format!(", target {}", with_unit(t, unit(r))))
            .unwrap_or_default();
        let start = r.goal.start.map(dates::short).unwrap_or_default();
        item(g, format!("Started {start}{target}."))
    });
    let ended = c.cycles_ended.iter().map(|&g| {
        let r = &report.goals[g];
        let u = unit(r);
        let due = r.goal.due.map(dates::short).unwrap_or_default();
        let text = match r.coaching.as_deref() {
            Some(f) => match (f.pre, f.post) {
                (Some(a), Some(b)) => format!(
                    "Ended {due}: {}{}{}.",
                    from_to(a, b, u, " → "),
                    f.gain
                        .map(|x| format!(", {}", change(x, words::gain_unit(u))))
                        .unwrap_or_default(),
                    f.target
                        .map(|t| format!(
                            " (target {}{})",
                            with_unit(t, u),
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
    });
    out.extend(Section::items("Coaching cycles", started.chain(ended)));
    out
}
