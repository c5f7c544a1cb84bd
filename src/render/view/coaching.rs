//! Coaching on a goal's own page (FORMAT §3 v3, §12): a goal page's
//! agreement, ask and feedback; a coaching cycle's own page (pre → post
//! against the target, the practices' days in its window, the evidence as
//! a dated timeline); a reflection's commitments. Coaching gathered from
//! many goals (a person's, a sprint's, the "Coaching cycles" section) is
//! [`super::coaching_lists`]'s. Every figure and choice is
//! [`crate::analysis::coaching`]'s; this maps them to words.

use super::{CycleRef, GoalLink, PersonRef, Views};
use crate::analysis::coaching::{self, CycleFigures, Phase};
use crate::analysis::GoalReport;
use crate::render::markdown::safe_url;
use crate::render::svg::{self, pct, with_unit};
use crate::render::{dates, words};
use serde::Serialize;

/// What a goal page shows of coaching (empty parts are left out).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GoalCoaching<'a> {
    /// "Agreed with Lan Nguyen on Sep 14, 2026".
    pub(crate) agreed: Option<String>,
    /// What the owner asks for help with (`asks:`).
    pub(crate) asks: Option<&'a str>,
    /// Newest first.
    pub(crate) feedback: Vec<FeedbackRow<'a>>,
    /// The cycle's own figures, on a coaching cycle's page.
    pub(crate) cycle: Option<CycleDetail<'a>>,
    /// A reflection's commitments and sprint(s).
    pub(crate) commitments: &'a [String],
    /// The sprints a reflection is about.
    pub(crate) sprints: Vec<CycleRef>,
    /// A draft: shown, marked, counted nowhere.
    pub(crate) draft: bool,
}

#[derive(Debug, Clone, Serialize)]
/// One `feedback:` entry on a goal page.
pub(crate) struct FeedbackRow<'a> {
    /// "Nov 13, 2026".
    pub(crate) date: String,
    /// The date as YYYY-MM-DD, for `<time datetime>`.
    pub(crate) iso: String,
    /// Who gave it.
    pub(crate) from: PersonRef<'a>,
    /// What they wrote.
    pub(crate) note: &'a str,
}

/// A coaching cycle's page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CycleDetail<'a> {
    /// What the cycle works on (`focus:`).
    pub(crate) focus: Option<&'a str>,
    /// How it is measured (`measure:`).
    pub(crate) measure: Option<&'a str>,
    /// "running", "finished", "upcoming".
    pub(crate) phase: &'static str,
    /// "28 days left", "Finished Nov 13, 2026", "Starts Nov 14, 2026".
    pub(crate) phase_text: String,
    /// The pre-assessment's value with its unit.
    pub(crate) pre: Option<String>,
    /// The post-assessment's value with its unit.
    pub(crate) post: Option<String>,
    /// The target with its unit.
    pub(crate) target: Option<String>,
    /// "+39 points", "−8 minutes (lower is better)".
    pub(crate) gain: Option<String>,
    /// "Target reached", "6 points short of the target".
    pub(crate) outcome: Option<String>,
    /// The pre → post chart against the target (inline SVG).
    pub(crate) chart: Option<String>,
    /// The practices the cycle lists, with their days in its window.
    pub(crate) practices: Vec<CyclePracticeRow<'a>>,
    /// Oldest first: the cycle's story.
    pub(crate) evidence: Vec<TimelineRow<'a>>,
}

#[derive(Debug, Clone, Serialize)]
/// One practice of a coaching cycle.
pub(crate) struct CyclePracticeRow<'a> {
    /// The practice.
    pub(crate) goal: GoalLink<'a>,
    /// "67% of scheduled days in the cycle".
    pub(crate) completion: String,
    /// Its days in the window (SVG), when there are any.
    pub(crate) strip: Option<String>,
}

/// One dated point of a cycle's story: the assessments and the evidence.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TimelineRow<'a> {
    /// "Nov 3, 2026", when the point has a date.
    pub(crate) date: Option<String>,
    /// The date as YYYY-MM-DD, for `<time datetime>`.
    pub(crate) iso: Option<String>,
    /// What happened ("Pre-assessment: 35%", the evidence's words).
    pub(crate) text: String,
    /// The evidence's link, when it is a safe one.
    pub(crate) url: Option<String>,
    /// "Video" for links that look like one, else "Link".
    pub(crate) what: &'static str,
    #[serde(skip)]
    /// The order of the timeline (not shown).
    pub(crate) sort: Option<crate::model::Date>,
    #[serde(skip)]
    /// Ties the row to the page's lifetime (not shown).
    pub(crate) _p: std::marker::PhantomData<&'a ()>,
}

/// The coaching parts of goal `g`'s page.
pub(crate) fn goal_coaching<'a>(v: &Views<'a>, g: &'a GoalReport) -> Option<GoalCoaching<'a>> {
    let goal = &g.goal;
    let t = &goal.together;
    let agreed = t.agreed.as_ref().map(|a| {
        let names: Vec<&str> = a.with.iter().map(|p| v.person(p.as_str()).name).collect();
        let on =
            a.on.map(|d| format!(" on {}", dates::medium(d)))
                .unwrap_or_default();
        format!("Agreed with {}{on}", and_list(&names))
    });
    let feedback = coaching::feedback_newest_first(goal)
        .into_iter()
        .map(|f| FeedbackRow {
            date: dates::medium(f.date),
            iso: f.date.to_string(),
            from: v.person(f.from.as_str()),
            note: &f.note,
        })
        .collect::<Vec<_>>();
    let cycle = g
        .coaching
        .as_deref()
        .zip(goal.coaching())
        .map(|(f, spec)| cycle_detail(v, g, f, spec));
    let (commitments, sprints) = match goal.reflection() {
        Some(r) => (
            &r.commit[..],
            coaching::sprints_of(v.report, goal)
                .into_iter()
                .filter_map(|c| v.cycle_ref(c))
                .collect(),
        ),
        None => (&[][..], Vec::new()),
    };
    let any = agreed.is_some()
        || t.asks.is_some()
        || !feedback.is_empty()
        || cycle.is_some()
        || !commitments.is_empty()
        || !sprints.is_empty()
        || goal.is_draft();
    any.then(|| GoalCoaching {
        agreed,
        asks: t.asks.as_deref(),
        feedback,
        cycle,
        commitments,
        sprints,
        draft: goal.is_draft(),
    })
}

fn cycle_detail<'a>(
    v: &Views<'a>,
    g: &'a GoalReport,
    f: &'a CycleFigures,
    spec: &'a crate::model::coaching::CoachingSpec,
) -> CycleDetail<'a> {
    let goal = &g.goal;
    let unit = spec.unit.as_deref().unwrap_or("");
    let value = |x: Option<f64>| x.map(|x| with_unit(x, unit));
    let counted = words::gain_unit(unit);
    let phase_text = match f.phase {
        Phase::Running => match f.days_left {
            Some(0) => "Running: its last day is today".to_string(),
            Some(1) => "Running: 1 day left".to_string(),
            Some(n) => format!("Running: {n} days left"),
            None => "Running".to_string(),
        },
        Phase::Finished => match goal.due {
            Some(d) => format!("Finished {}", dates::medium(d)),
            None => "Finished".to_string(),
        },
        Phase::Upcoming => match goal.start {
            Some(d) => format!("Starts {}", dates::medium(d)),
            None => "Not started".to_string(),
        },
    };
    let gain = f.gain.map(|g| {
        let dir = if f.lower_is_better {
            " (lower is better)"
        } else {
            ""
        };
        format!("{}{dir}", words::change(g, counted))
    });
    let outcome = match (f.reached, f.post, f.target) {
        (Some(true), ..) => Some("The target was reached.".to_string()),
        (Some(false), Some(p), Some(t)) => Some(format!(
            "{} short of the target.",
            words::amount(t - p, counted)
        )),
        _ => None,
    };
    let slug = crate::render::address(&goal.id);
    let label = |a: Option<&crate::model::coaching::Assessment>| {
        a.and_then(|a| a.date).map(dates::short).unwrap_or_default()
    };
    let chart = svg::cycle_chart(&svg::CycleChartInput {
        id: &format!("cycle-{slug}"),
        title: &format!(
            "{}: pre- and post-assessment against the target",
            goal.title
        ),
        unit,
        pre: f.pre,
        post: f.post,
        target: f.target,
        pre_label: &label(spec.pre.as_ref()),
        post_label: &label(spec.post.as_ref()),
    });
    let practices = f
        .practices
        .iter()
        .filter_map(|p| {
            let pg = v.goal(&p.id)?;
            let periods = crate::render::words::periods(pg);
            Some(CyclePracticeRow {
                goal: v.link_of(pg),
                completion: match p.completion {
                    Some(c) => format!("{} of scheduled {periods} in the cycle", pct(c)),
                    None => format!("No scheduled {periods} in the cycle yet"),
                },
                strip: (!p.days.is_empty()).then(|| {
                    svg::strip(
                        &format!("cycle-{slug}-{}", crate::render::address(&p.id)),
                        &format!("{} during the cycle", pg.goal.title),
                        &p.days,
                        super::unit_of(pg),
                    )
                }),
            })
        })
        .collect();
    let mut evidence: Vec<TimelineRow> = Vec::new();
    let mut point = |date: Option<crate::model::Date>, text: String, url: Option<String>| {
        let what = match &url {
            Some(u) if looks_like_video(u) => "Video",
            Some(_) => "Link",
            None => "",
        };
        evidence.push(TimelineRow {
            date: date.map(dates::medium),
            iso: date.map(|d| d.to_string()),
            text,
            url,
            what,
            sort: date,
            _p: std::marker::PhantomData,
        });
    };
    if let Some(a) = &spec.pre {
        point(
            a.date,
            format!("Pre-assessment: {}", with_unit(a.value, unit)),
            None,
        );
    }
    for e in &spec.evidence {
        point(
            e.date,
            e.note.clone().unwrap_or_else(|| e.url.clone()),
            safe_url(&e.url),
        );
    }
    if let Some(a) = &spec.post {
        point(
            a.date,
            format!("Post-assessment: {}", with_unit(a.value, unit)),
            None,
        );
    }
    // Undated points keep their place after the dated ones.
    evidence.sort_by_key(|r| (r.sort.is_none(), r.sort));
    CycleDetail {
        focus: spec.focus.as_deref(),
        measure: spec.measure.as_deref(),
        phase: match f.phase {
            Phase::Running => "running",
            Phase::Finished => "finished",
            Phase::Upcoming => "upcoming",
        },
        phase_text,
        pre: value(f.pre),
        post: value(f.post),
        target: value(f.target),
        gain,
        outcome,
        chart,
        practices,
        evidence,
    }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A link to a video host or a video file.
fn looks_like_video(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    ["video", "youtu", "vimeo", "sibme", ".mp4", ".mov", ".webm"]
        .iter()
        .any(|w| u.contains(w))
}
