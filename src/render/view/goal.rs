//! A goal's page (`goals/<address>.html`).

use super::{unit_of, AreaRef, Card, CycleRef, DiagnosticView, Views};
use crate::analysis::moved::GoalpostMove;
use crate::analysis::{Forecast, GoalReport};
use crate::model::SeriesSource;
use crate::render::dates;
use crate::render::markdown::{render_body, safe_url};
use crate::render::svg;
use crate::render::words;
use serde::Serialize;

/// `goals/<address>.html`: one goal, its figures and its story.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GoalPage<'v, 'a> {
    /// The goal's card.
    pub(crate) goal: &'v Card<'a>,
    /// What only its page shows.
    pub(crate) detail: Detail<'a>,
    /// The areas above the goal's folder, from the top (breadcrumbs).
    pub(crate) crumbs: Vec<AreaRef>,
    /// A practice scheduled today: its check-in marker's key (see
    /// [`Views::check_in`]).
    pub(crate) check_in: Option<String>,
}

/// The goal page's extras: chart or heat-map, body, evidence, problems.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Detail<'a> {
    /// A progress goal's chart (SVG markup).
    pub(crate) chart: Option<String>,
    /// A practice's heat-map (SVG markup).
    pub(crate) heatmap: Option<String>,
    /// A practice's habit history: completion per week and habit strength
    /// (SVG markup), from two weeks on.
    pub(crate) habit: Option<String>,
    /// Who changed the goal's file and when (from git).
    pub(crate) history: Option<HistoryView<'a>>,
    /// Goalposts moved since the goal's first commit, oldest first.
    pub(crate) moved: Vec<MoveRow<'a>>,
    /// Newest first.
    pub(crate) series: Vec<SeriesRow<'a>>,
    /// A practice's `evidence`, in the file's order.
    pub(crate) evidence: Vec<EvidenceRow<'a>>,
    /// The Markdown body as sanitised HTML.
    pub(crate) body: String,
    /// Its heading: "Notes", or for a reflection "Reflection".
    pub(crate) body_title: &'static str,
    /// Problems in this goal's file (errors first).
    pub(crate) diagnostics: Vec<DiagnosticView<'a>>,
    /// A purpose's `aligns_to` texts.
    pub(crate) aligns_to: &'a [String],
    /// The ids of the cycles the goal names.
    pub(crate) cycles: Vec<&'a str>,
    /// A progress goal's `metric`: what is measured.
    pub(crate) metric: Option<&'a str>,
    /// Agreement, ask, feedback, a coaching cycle, a reflection (FORMAT §12).
    pub(crate) coaching: Option<super::coaching::GoalCoaching<'a>>,
}

/// A measurement of a progress goal.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SeriesRow<'a> {
    /// "Nov 16, 2026".
    pub(crate) date: String,
    /// With its unit.
    pub(crate) value: String,
    /// Its note, if any.
    pub(crate) note: Option<&'a str>,
    /// Where it was read: `measurements`, `git` or `current`.
    pub(crate) source: SeriesSource,
    /// "measurements", "git history", "current value".
    pub(crate) from: &'static str,
}

/// A piece of a practice's `evidence`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EvidenceRow<'a> {
    /// Its date, "Nov 16, 2026".
    pub(crate) date: Option<String>,
    /// None when the link was not safe to show.
    pub(crate) url: Option<String>,
    /// Its note, if any.
    pub(crate) note: Option<&'a str>,
    /// What the link says: the note, else the address.
    pub(crate) text: &'a str,
}

/// One goalpost moved: "Oct 5, 2026 · Grace Okafor · Target moved from
/// 80% to 78%." (in Sprint 3).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MoveRow<'a> {
    /// "Oct 5, 2026".
    pub(crate) date: String,
    /// `2026-10-05`.
    pub(crate) iso: String,
    /// Who moved it (the commit's author).
    pub(crate) author: &'a str,
    /// "Target", "Due date".
    pub(crate) field: &'static str,
    /// The whole sentence.
    pub(crate) text: String,
    /// Why: the first line of the commit's message (`None` when empty).
    pub(crate) why: Option<&'a str>,
    /// The cycle it happened in.
    pub(crate) cycle: Option<CycleRef>,
}

/// The row of goal `g`'s move `m`.
pub(crate) fn move_row<'a>(v: &Views<'a>, g: &'a GoalReport, m: &'a GoalpostMove) -> MoveRow<'a> {
    MoveRow {
        date: dates::medium(m.date),
        iso: m.date.to_string(),
        author: &m.author,
        field: words::goalpost_label(m.field),
        text: words::goalpost_move(m, unit_of(g)),
        why: Some(m.message.trim()).filter(|w| !w.is_empty()),
        cycle: m.cycle.and_then(|c| v.cycle_ref(c)),
    }
}

/// A goal's file history, from git.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HistoryView<'a> {
    /// Its first change, "Sep 1, 2026".
    pub(crate) first: Option<String>,
    /// Its latest change.
    pub(crate) last: Option<String>,
    /// Everyone who changed it, in order of first change.
    pub(crate) authors: &'a [String],
    /// How many changes in all.
    pub(crate) total: usize,
    /// The latest changes, newest first.
    pub(crate) recent: Vec<ChangeRow<'a>>,
}

/// One change of a goal's file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeRow<'a> {
    /// "Nov 10".
    pub(crate) date: String,
    /// Who made it.
    pub(crate) author: &'a str,
    /// What changed, "current 9 → 14".
    pub(crate) summary: String,
    /// The commit, abbreviated to 7 characters.
    pub(crate) commit: &'a str,
}

/// The page of goal `i`.
pub(crate) fn goal_page<'v, 'a>(v: &'v Views<'a>, i: usize) -> GoalPage<'v, 'a> {
    let g = &v.report.goals[i];
    let areas = &v.areas;
    let crumbs = areas
        .get(crate::analysis::areas::area_of(&g.goal.file))
        .map(|a| {
            let mut list = areas.ancestors(a);
            list.push(a);
            list.into_iter()
                .filter(|&x| areas.has_page(x))
                .map(|x| v.area(x))
                .collect()
        })
        .unwrap_or_default();
    GoalPage {
        goal: v.card(i),
        detail: detail(v, g),
        crumbs,
        check_in: v.check_in(i),
    }
}

fn detail<'a>(v: &Views<'a>, g: &'a GoalReport) -> Detail<'a> {
    let goal = &g.goal;
    let unit = unit_of(g);
    let slug = crate::render::address(&goal.id);
    let chart = g.progress.as_ref().map(|p| {
        let points: Vec<_> = g.series.iter().map(|s| (s.date, s.value)).collect();
        svg::progress_chart(&svg::ChartInput {
            id: &format!("chart-{slug}"),
            title: &format!("{}: measurements against the expected pace", goal.title),
            unit,
            baseline: p.baseline,
            target: p.target,
            start: goal.start,
            due: goal.due,
            today: v.report.today,
            points: &points,
            // Drawn while the goal runs, as it is stated.
            forecast: match p.forecast {
                Forecast::Ahead(t) => Some(t.value),
                Forecast::Past(_) | Forecast::Missing(_) => None,
            },
            tolerance: p.tolerance,
        })
    });
    let settings = &v.report.settings;
    // The picture runs to the school year's end, or to the due date when
    // that comes first: the days ahead are named for which.
    let school_end = settings.calendar.as_ref().map(|c| c.end);
    let year_end = match (school_end, goal.due) {
        (Some(end), Some(due)) if due < end => Some((due, "before the due date")),
        (Some(end), _) => Some((end, "in this school year")),
        (None, Some(due)) => Some((due, "before the due date")),
        (None, None) => None,
    };
    let heatmap = g.practice.as_ref().map(|p| {
        let spec = goal.practice();
        let every = match spec.map(|s| s.cadence) {
            Some(crate::model::Cadence::Weekly) => "every week so far",
            _ => "every day so far",
        };
        svg::heatmap_in(
            &format!("heat-{slug}"),
            &format!("{}: {every}", goal.title),
            &p.days,
            unit,
            svg::Year {
                through: year_end,
                breaks: settings
                    .calendar
                    .as_ref()
                    .map_or(&[][..], |c| &c.breaks[..]),
                weekly: spec
                    .filter(|s| s.cadence == crate::model::Cadence::Weekly)
                    .map(|s| svg::Weekly {
                        weeks: &p.weeks,
                        target: s.target,
                    }),
            },
        )
    });
    let habit = g.practice.as_ref().and_then(|p| {
        crate::render::habit::habit_history(&format!("habit-{slug}"), &goal.title, &p.weeks)
    });
    let series = g
        .series
        .iter()
        .rev()
        .map(|s| SeriesRow {
            date: dates::medium(s.date),
            value: svg::with_unit(s.value, unit),
            note: s.note.as_deref(),
            source: s.source,
            from: match s.source {
                SeriesSource::Measurements => "measurements",
                SeriesSource::Git => "git history",
                SeriesSource::Current => "current value",
            },
        })
        .collect();
    let evidence = goal
        .practice()
        .map(|p| {
            p.evidence
                .iter()
                .map(|e| EvidenceRow {
                    date: e.date.map(dates::medium),
                    url: safe_url(&e.url),
                    note: e.note.as_deref(),
                    text: e.note.as_deref().unwrap_or(&e.url),
                })
                .collect()
        })
        .unwrap_or_default();
    let diagnostics = v
        .report
        .diagnostics
        .iter()
        .filter(|d| d.goal.as_deref() == Some(goal.id.as_str()) || d.file == goal.file)
        .map(|d| v.diagnostic(d))
        .collect();
    let history = g.history.as_ref().map(|h| HistoryView {
        first: h.first_change.map(dates::medium),
        last: h.last_change.map(dates::medium),
        authors: &h.authors,
        total: h.total,
        recent: h
            .recent
            .iter()
            .map(|c| ChangeRow {
                date: dates::medium(c.date),
                author: &c.author,
                summary: crate::render::changes::summary(c),
                commit: c.commit.get(..7).unwrap_or(&c.commit),
            })
            .collect(),
    });
    let moved = g.moved.iter().map(|m| move_row(v, g, m)).collect();
    Detail {
        chart,
        habit,
        heatmap,
        history,
        moved,
        series,
        evidence,
        body: render_body(&goal.body),
        body_title: words::body_title(goal.kind),
        diagnostics,
        aligns_to: goal.purpose().map_or(&[][..], |p| &p.aligns_to[..]),
        cycles: goal.cycles.iter().map(|c| c.id.as_str()).collect(),
        metric: goal.progress().and_then(|p| p.metric.as_deref()),
        coaching: super::coaching::goal_coaching(v, g),
    }
}
