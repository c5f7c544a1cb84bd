//! What templates receive: typed views of an analysed, visible
//! [`Report`], one small module per page kind. Views borrow from the
//! report; they turn decisions made in `analysis` into words, links and
//! pictures, and decide nothing themselves. Every field is documented
//! here: these types *are* the template documentation.

pub mod alignment;
pub mod area;
pub mod coaching;
pub mod cycle;
pub mod dashboard;
pub mod digest;
pub mod goal;
pub mod grid;
pub mod people;
pub mod problems;
pub mod redirect;
pub mod scorecard;
pub mod served;
pub mod week;

use super::dates;
use super::svg::{self, num, pct};
use super::words::{self, state_color};
use super::{address, RenderOptions};
use crate::analysis::areas::{Areas, Summary};
use crate::analysis::attention::Attention;
use crate::analysis::next::Outlook;
use crate::analysis::{GoalReport, Report, State};
use crate::diagnostics::{Diagnostic, Severity, Tally};
use crate::model::{Cadence, Details, Kind, Status};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// More goals than this on one page, and the page summarises by area and
/// links down (FORMAT §8 v2); lists longer than this are paginated.
pub const PAGE_GOALS: usize = 200;
/// How many items a bounded list (needs attention, what slipped) shows
/// before it links to the rest.
pub const LIST_LIMIT: usize = 50;

/// What every page knows about the site.
#[derive(Debug, Clone, Serialize)]
pub struct Site<'a> {
    pub title: &'a str,
    /// "Friday, November 20, 2026".
    pub today: String,
    pub today_iso: String,
    /// "Sprint 6 · Nov 9–22 · day 12 of 14", when a cycle is current.
    pub cycle_line: Option<String>,
    pub include_private: bool,
    /// The current cycle (its sprint report), when there is one.
    pub current_cycle: Option<CycleRef>,
    /// Errors and warnings in the whole report (the navigation links the
    /// problems page when there are any).
    pub tally: Tally,
    /// Whether some purpose has `aligns_to` (the navigation then links
    /// `alignment.html`).
    pub alignment: bool,
    /// What "slipping" means, for every page that counts it.
    pub slipping_means: &'static str,
}

/// A link to a goal, with its state.
#[derive(Debug, Clone, Serialize)]
pub struct GoalLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: &'static str,
    /// Relative to the site root: `goals/<address>.html`.
    pub href: String,
    pub state: &'static str,
    pub state_label: &'static str,
    /// A private goal in a report that includes them (marked where listed).
    pub private: bool,
    /// From the reader's personal folder (marked where listed).
    pub personal: bool,
}

/// A person (an owner): from `goalpost.yml`'s `people:`, else the id.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: Option<&'a str>,
    /// `people/<address>.html`; none for "No owner yet".
    pub href: Option<String>,
}

/// A cycle, with its sprint report's address once it has started.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct CycleRef {
    pub id: String,
    pub name: String,
    /// "Nov 9–22".
    pub range: String,
    pub line: Option<String>,
    pub href: Option<String>,
    pub current: bool,
    pub finished: bool,
}

/// A folder of goals (an area, FORMAT §8 v2).
#[derive(Debug, Clone, Serialize)]
pub struct AreaRef {
    pub path: String,
    /// The folder's name; "All goals" for the whole repository.
    pub name: String,
    /// `areas/<path>.html`, or the dashboard for the top of the tree.
    pub href: String,
}

/// Counts of goals by state for one kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindSummary {
    pub total: usize,
    pub states: Vec<StateCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StateCount {
    pub state: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// The roll-up of a set of goals (the dashboard's tiles, an area's figures).
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    pub purpose: KindSummary,
    pub progress: KindSummary,
    pub practice: KindSummary,
    pub total: usize,
    /// Progress goals and practices off track or overdue.
    pub slipping: usize,
    pub completion_14d_pct: Option<String>,
    pub completion_cycle_pct: Option<String>,
}

/// A problem in a goal file.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticView<'a> {
    pub severity: Severity,
    pub code: &'static str,
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
    /// "goals/x.md:4:1".
    pub place: String,
    pub message: &'a str,
    pub hint: Option<&'a str>,
    pub goal: Option<GoalLink<'a>>,
}

/// A goal that needs attention, with the reason in words.
#[derive(Debug, Clone, Serialize)]
pub struct AttentionItem<'a> {
    pub kind: &'static str,
    pub state: &'static str,
    pub state_label: &'static str,
    pub title: &'a str,
    pub href: String,
    pub owners: Vec<PersonRef<'a>>,
    pub why: String,
    /// A private goal in a report that includes them (marked).
    pub private: bool,
    /// From the reader's personal folder (marked).
    pub personal: bool,
}

/// A bounded list: the first items, and how many there are in all.
#[derive(Debug, Clone, Serialize)]
pub struct Bounded<T> {
    pub items: Vec<T>,
    pub total: usize,
    /// How many are not shown.
    pub more: usize,
}

impl<T> Bounded<T> {
    pub fn of(all: impl ExactSizeIterator<Item = T>, limit: usize) -> Bounded<T> {
        let total = all.len();
        let items: Vec<T> = all.take(limit).collect();
        Bounded {
            more: total - items.len(),
            items,
            total,
        }
    }
}

/// Links between the pages of a paginated list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Pager {
    /// 1-based.
    pub page: usize,
    pub pages: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Every page's address, in order.
    pub all: Vec<String>,
}

impl Pager {
    /// `base.html`, `base-2.html`, … for `pages` pages (paths relative to the
    /// site root, without the `.html`).
    pub fn new(base: &str, page: usize, pages: usize) -> Pager {
        let href = |k: usize| Pager::path(base, k);
        Pager {
            page,
            pages,
            previous: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
            all: (1..=pages).map(href).collect(),
        }
    }

    /// The path of page `k` (1-based).
    pub fn path(base: &str, k: usize) -> String {
        if k == 1 {
            format!("{base}.html")
        } else {
            format!("{base}-{k}.html")
        }
    }
}

/// Everything a template needs to show one goal in a list or on its page.
#[derive(Debug, Clone, Serialize)]
pub struct Card<'a> {
    pub id: &'a str,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub title: &'a str,
    pub href: String,
    pub file: &'a str,
    pub area: AreaRef,
    pub owners: Vec<PersonRef<'a>>,
    pub status: &'static str,
    pub active: bool,
    /// A private goal, shown because the build includes private goals:
    /// every line that lists it marks it.
    pub private: bool,
    /// From the reader's personal folder (FORMAT §11): marked "Personal —
    /// only on this computer" wherever it is listed.
    pub personal: bool,
    /// "Edit this goal": the goal file in the repository's web editor
    /// (`edit_url`); never for a private goal.
    pub edit: Option<String>,
    pub state: &'static str,
    pub state_label: &'static str,
    /// Set when the goal's file cannot be read now: a sentence saying so
    /// and which version of it, if any, the page shows (FORMAT §2).
    pub broken: Option<String>,
    /// Nothing of the goal could be read and no earlier version is known:
    /// its page shows the problem and its links, no figures.
    pub unreadable: bool,
    pub tags: &'a [String],
    pub start: Option<String>,
    pub due: Option<String>,
    /// "Sep 1 – May 28, 2027", "due May 28", …
    pub window: Option<String>,
    pub progress: Option<ProgressCard>,
    pub practice: Option<PracticeCard>,
    pub purpose: Option<PurposeCard>,
    pub lints: Vec<LintView>,
    /// Goals this one serves (visible ones only).
    pub parents: Vec<GoalLink<'a>>,
    /// Goals that serve this one.
    pub children: Vec<GoalLink<'a>>,
    /// The goal's `extra:` map, untouched.
    pub extra: &'a serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressCard {
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub latest: Option<f64>,
    pub latest_date: Option<String>,
    pub fraction: Option<f64>,
    pub expected: Option<f64>,
    pub fraction_pct: Option<String>,
    pub expected_pct: Option<String>,
    pub lower_is_better: bool,
    /// "Lower is better" / "Higher is better".
    pub direction: &'static str,
    pub unit: String,
    /// "71% now · from 67% toward 80%".
    pub now: String,
    /// "31% of the way; 29% expected by today".
    pub label: String,
    /// The progress bar (SVG markup).
    pub bar: String,
    /// Per school week from now to the due date, in the goal's unit.
    pub required_per_week: Option<f64>,
    /// "Needs +0.4 points a school week to reach 80% by May 28, 2027."
    pub required: Option<String>,
    /// The trend's value on the due date.
    pub forecast: Option<f64>,
    /// "At the trend so far, it would be at 84.2% on May 28, 2027: that
    /// reaches the target of 80%." (none once the due date has passed).
    pub forecast_text: Option<String>,
    /// Why there is no forecast, while the goal is still running.
    pub forecast_missing: Option<&'static str>,
    /// "Next measured: February", for a goal measured in `windows`.
    pub next_measured: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PracticeCard {
    pub completion_14d: Option<f64>,
    pub completion_cycle: Option<f64>,
    pub completion_14d_pct: Option<String>,
    pub completion_cycle_pct: Option<String>,
    pub streak: u32,
    pub best_streak: u32,
    /// "4 days", "2 weeks".
    pub streak_text: String,
    pub best_streak_text: String,
    pub strength: f64,
    pub strength_pct: String,
    pub cadence: &'static str,
    pub target: f64,
    pub unit: String,
    /// "3 visits each school day".
    pub rhythm: String,
    pub last_entry: Option<String>,
    pub days_since_entry: Option<i64>,
    /// The last 14 days (SVG markup).
    pub strip: String,
    /// The 14-day completion bar (SVG markup).
    pub bar: String,
    /// Periods of the current cycle that can still be missed with 80% in
    /// reach (negative: out of reach).
    pub buffer: Option<i64>,
    /// "Can miss 2 more days in Sprint 6 and still reach 80%."
    pub buffer_text: Option<String>,
}

impl ProgressCard {
    /// The card of a progress goal whose file cannot be read and of which
    /// no earlier version is known: nothing to show but that.
    fn unreadable() -> ProgressCard {
        let label = UNREADABLE.to_string();
        ProgressCard {
            baseline: None,
            target: None,
            latest: None,
            latest_date: None,
            fraction: None,
            expected: None,
            fraction_pct: None,
            expected_pct: None,
            lower_is_better: false,
            direction: "—",
            unit: String::new(),
            now: UNREADABLE.to_string(),
            bar: svg::progress_bar(None, None, state_color(State::NoData), &label),
            label,
            required_per_week: None,
            required: None,
            forecast: None,
            forecast_text: None,
            forecast_missing: None,
            next_measured: None,
        }
    }
}

impl PracticeCard {
    /// See [`ProgressCard::unreadable`].
    fn unreadable() -> PracticeCard {
        PracticeCard {
            completion_14d: None,
            completion_cycle: None,
            completion_14d_pct: None,
            completion_cycle_pct: None,
            streak: 0,
            best_streak: 0,
            streak_text: "–".to_string(),
            best_streak_text: "–".to_string(),
            strength: 0.0,
            strength_pct: "–".to_string(),
            cadence: "",
            target: 0.0,
            unit: String::new(),
            rhythm: UNREADABLE.to_string(),
            last_entry: None,
            days_since_entry: None,
            strip: String::new(),
            bar: svg::progress_bar(None, None, state_color(State::NoData), UNREADABLE),
            buffer: None,
            buffer_text: None,
        }
    }
}

/// What a card says of a goal whose file cannot be read (FORMAT §2).
const UNREADABLE: &str = "its file cannot be read right now";

#[derive(Debug, Clone, Serialize)]
pub struct PurposeCard {
    pub progress: Option<f64>,
    pub progress_pct: Option<String>,
    pub progress_goals: usize,
    pub practices: usize,
    pub bar: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintView {
    pub code: &'static str,
    pub title: &'static str,
    pub coaching: String,
}

/// The visible report with its addresses, and each goal's card built once
/// and shared by every page that shows it.
pub struct Views<'a> {
    pub report: &'a Report,
    pub site: Site<'a>,
    pub(crate) index: HashMap<&'a str, usize>,
    cards: Vec<OnceLock<Card<'a>>>,
    /// Everyone who owns a visible goal, people from `goalpost.yml` first.
    pub people: Vec<&'a str>,
    /// The folder tree of the goals.
    pub areas: Areas,
    /// The practices scheduled today (indices into the report's goals):
    /// their places on person and practice pages carry a check-in marker.
    scheduled_today: std::collections::HashSet<usize>,
    /// Where "Edit" links lead (`--edit-url`, else `edit_url:`), `{path}`
    /// standing for a file's path.
    edit_url: Option<String>,
}

impl<'a> Views<'a> {
    /// `report` must already be the visible report ([`Report::visible`]).
    pub fn new(report: &'a Report, opts: &RenderOptions) -> Views<'a> {
        let index = report
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| (g.goal.id.as_str(), i))
            .collect();
        let mut people: Vec<&'a str> = report
            .settings
            .people
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        let mut extra: Vec<&'a str> = report
            .goals
            .iter()
            .flat_map(|g| g.goal.owners.iter().map(String::as_str))
            .filter(|o| report.settings.person(o).is_none())
            .collect();
        extra.sort_unstable();
        extra.dedup();
        people.extend(extra);
        let mut views = Views {
            report,
            site: Site {
                title: &report.title,
                today: dates::long(report.today),
                today_iso: report.today.to_string(),
                cycle_line: None,
                include_private: opts.include_private,
                current_cycle: None,
                tally: Tally::of(&report.diagnostics),
                alignment: false,
                slipping_means: words::SLIPPING_MEANS,
            },
            index,
            cards: (0..report.goals.len()).map(|_| OnceLock::new()).collect(),
            people,
            areas: Areas::of(&report.goals),
            scheduled_today: crate::analysis::today::practices_today(report)
                .into_iter()
                .map(|(i, _)| i)
                .collect(),
            edit_url: opts
                .edit_url
                .clone()
                .or_else(|| report.settings.edit_url.clone()),
        };
        views.site.cycle_line = report.current_cycle.and_then(|i| views.cycle_line(i));
        views.site.current_cycle = report.current_cycle.and_then(|i| views.cycle_ref(i));
        views.site.alignment = alignment::has_page(&views);
        views
    }

    pub fn goal(&self, id: &str) -> Option<&'a GoalReport> {
        self.index.get(id).map(|&i| &self.report.goals[i])
    }

    /// For a practice scheduled today, the key of its check-in marker,
    /// `<!--goalpost:check-in KEY-->` (its page address, which is made of
    /// safe characters only). Pages on disk keep the marker as an HTML
    /// comment; `serve --allow-edits` puts a check-in form in its place.
    pub fn check_in(&self, i: usize) -> Option<String> {
        self.scheduled_today
            .contains(&i)
            .then(|| crate::render::address(&self.report.goals[i].goal.id))
    }

    /// The "Edit" link of the file `file` (FORMAT §6 v3): none without an
    /// `edit_url`, and never for a private file (a private goal, a
    /// personal one, a private scorecard), even in a report that includes
    /// them.
    pub fn edit_href(&self, file: &str, private: bool) -> Option<String> {
        let url = self.edit_url.as_deref()?;
        if private || file.starts_with(crate::personal::PREFIX) {
            return None;
        }
        Some(url.replace("{path}", &url_path(file)))
    }

    pub fn goal_href(id: &str) -> String {
        format!("goals/{}.html", address(id))
    }

    pub fn person_href(id: &str) -> String {
        format!("people/{}.html", address(id))
    }

    /// `areas/goals/literacy.html` for the area `goals/literacy`.
    pub fn area_path(path: &str) -> String {
        let parts: Vec<String> = path.split('/').map(address).collect();
        format!("areas/{}.html", parts.join("/"))
    }

    pub fn link(&self, id: &str) -> Option<GoalLink<'a>> {
        self.goal(id).map(|g| self.link_of(g))
    }

    pub fn link_of(&self, g: &'a GoalReport) -> GoalLink<'a> {
        GoalLink {
            id: &g.goal.id,
            title: &g.goal.title,
            kind: g.goal.kind.as_str(),
            href: Self::goal_href(&g.goal.id),
            state: g.state.as_str(),
            state_label: words::goal_state_label(g),
            private: g.goal.is_private(),
            personal: g.goal.personal,
        }
    }

    pub fn person(&self, id: &'a str) -> PersonRef<'a> {
        let p = self.report.settings.person(id);
        PersonRef {
            id,
            name: match p {
                Some(p) => &p.name,
                None if id.is_empty() => "No owner yet",
                None => id,
            },
            role: p.and_then(|p| p.role.as_deref()),
            href: (!id.is_empty()).then(|| Self::person_href(id)),
        }
    }

    pub fn owners(&self, g: &'a GoalReport) -> Vec<PersonRef<'a>> {
        g.goal.owners.iter().map(|o| self.person(o)).collect()
    }

    pub fn area(&self, a: usize) -> AreaRef {
        let areas = &self.areas;
        let area = &areas.list[a];
        AreaRef {
            path: area.path.clone(),
            name: if areas.has_page(a) {
                area.name.clone()
            } else {
                "All goals".to_string()
            },
            href: if areas.has_page(a) {
                Self::area_path(&area.path)
            } else {
                "index.html".to_string()
            },
        }
    }

    /// "Sprint 6 · Nov 9–22 · day 12 of 14".
    pub fn cycle_line(&self, i: usize) -> Option<String> {
        let c = self.report.cycles.get(i)?;
        let base = format!("{} · {}", c.name, dates::range(c.start, c.end));
        if c.contains(self.report.today) {
            Some(format!(
                "{base} · day {} of {}",
                dates::days_between(c.start, self.report.today) + 1,
                c.days()
            ))
        } else {
            Some(base)
        }
    }

    /// Whether cycle `i` has a sprint report (it has started).
    pub fn cycle_has_page(&self, i: usize) -> bool {
        self.report
            .cycles
            .get(i)
            .is_some_and(|c| c.start <= self.report.today)
    }

    pub fn cycle_href(&self, i: usize) -> Option<String> {
        let c = self.report.cycles.get(i)?;
        self.cycle_has_page(i)
            .then(|| format!("cycles/{}.html", address(&c.id)))
    }

    pub fn cycle_ref(&self, i: usize) -> Option<CycleRef> {
        let c = self.report.cycles.get(i)?;
        Some(CycleRef {
            id: c.id.clone(),
            name: c.name.clone(),
            range: dates::range(c.start, c.end),
            line: self.cycle_line(i),
            href: self.cycle_href(i),
            current: self.report.current_cycle == Some(i),
            finished: c.end < self.report.today,
        })
    }

    /// Every cycle that has a page, newest first.
    pub fn cycle_refs(&self) -> Vec<CycleRef> {
        (0..self.report.cycles.len())
            .rev()
            .filter(|i| self.cycle_has_page(*i))
            .filter_map(|i| self.cycle_ref(i))
            .collect()
    }

    pub fn summary(&self, s: &Summary) -> SummaryView {
        let kind = |k: Kind| {
            let c = s.kind(k);
            KindSummary {
                total: c.total,
                states: [
                    State::Achieved,
                    State::OnTrack,
                    State::AtRisk,
                    State::OffTrack,
                    State::Overdue,
                    State::NoData,
                ]
                .into_iter()
                .filter(|st| c.count(*st) > 0)
                .map(|st| StateCount {
                    state: st.as_str(),
                    label: words::kind_state_label(k, st),
                    count: c.count(st),
                })
                .collect(),
            }
        };
        SummaryView {
            purpose: kind(Kind::Purpose),
            progress: kind(Kind::Progress),
            practice: kind(Kind::Practice),
            total: s.total(),
            slipping: s.slipping(),
            completion_14d_pct: s.completion_14d().map(pct),
            completion_cycle_pct: self.report.current_cycle.and(s.scorecard().rate()).map(pct),
        }
    }

    pub fn diagnostic(&self, d: &'a Diagnostic) -> DiagnosticView<'a> {
        DiagnosticView {
            severity: d.severity,
            code: d.code,
            file: &d.file,
            line: d.line,
            column: d.column,
            place: if d.line > 0 {
                format!("{}:{}:{}", d.file, d.line, d.column)
            } else {
                d.file.clone()
            },
            message: &d.message,
            hint: d.hint.as_deref(),
            goal: d.goal.as_deref().and_then(|id| self.link(id)),
        }
    }

    pub fn attention_item(&self, a: &Attention) -> AttentionItem<'a> {
        let g = &self.report.goals[a.goal];
        AttentionItem {
            kind: g.goal.kind.as_str(),
            state: g.state.as_str(),
            state_label: words::goal_state_label(g),
            title: &g.goal.title,
            href: Self::goal_href(&g.goal.id),
            owners: self.owners(g),
            why: words::concern(&a.concern, g),
            private: g.goal.is_private(),
            personal: g.goal.personal,
        }
    }

    /// The goals among `goals` that need attention, most urgent first, bounded.
    pub fn attention(&self, goals: impl IntoIterator<Item = usize>) -> Bounded<AttentionItem<'a>> {
        self.attention_limited(goals, LIST_LIMIT)
    }

    /// The `limit` most urgent of the goals among `goals` that need attention.
    pub fn attention_limited(
        &self,
        goals: impl IntoIterator<Item = usize>,
        limit: usize,
    ) -> Bounded<AttentionItem<'a>> {
        let all = crate::analysis::attention::needs_attention(self.report, goals);
        Bounded::of(all.iter().map(|a| self.attention_item(a)), limit)
    }

    /// The card of goal `i` (built once).
    pub fn card(&self, i: usize) -> &Card<'a> {
        self.cards[i].get_or_init(|| self.build_card(&self.report.goals[i]))
    }

    fn build_card(&self, g: &'a GoalReport) -> Card<'a> {
        let goal = &g.goal;
        let state = g.state;
        let unit = unit_of(g);
        let window = match (goal.start, goal.due) {
            (Some(s), Some(d)) => Some(dates::range(s, d)),
            (None, Some(d)) => Some(format!("due {}", dates::medium(d))),
            (Some(s), None) => Some(format!("from {}", dates::medium(s))),
            (None, None) => None,
        };
        let progress = g.progress.as_ref().map(|p| {
            let today = self.report.today;
            let next_measured = p.next_window.map(|w| words::next_measured(w, today));
            let label = match (state, p.fraction, p.expected, p.judged) {
                (State::Overdue, f, ..) => words::past_due(f),
                (State::NoData, ..) if p.latest_date.is_none_or(|d| goal.start.is_some_and(|s| d <= s)) => {
                    "Not measured yet".to_string()
                }
                (_, Some(f), Some(e), Some(j)) => format!(
                    "{} of the way at the {} measurement, when {} was expected; {} expected by today",
                    pct(f),
                    dates::medium(j.date),
                    pct(j.expected),
                    pct(e)
                ),
                (_, Some(f), Some(e), None) => {
                    format!("{} of the way; {} expected by today", pct(f), pct(e))
                }
                (_, Some(f), None, _) => format!("{} of the way", pct(f)),
                _ => "Not measured yet".to_string(),
            };
            let u = |x: f64| svg::with_unit(x, unit);
            let now = match (p.latest, p.baseline, p.target) {
                (Some(l), Some(b), Some(t)) => {
                    format!("{} now · from {} toward {}", u(l), u(b), u(t))
                }
                (None, Some(b), Some(t)) => {
                    format!("from {} toward {} · not measured yet", u(b), u(t))
                }
                _ => "baseline or target missing".to_string(),
            };
            let running = goal.due.is_some_and(|d| d >= self.report.today);
            let required = match (p.required_per_week, p.target, goal.due) {
                (Some(r), Some(t), Some(d)) => Some(words::required_rate(r, unit, t, d)),
                _ => None,
            };
            let forecast_text = match (p.forecast, p.target, goal.due) {
                (Some(f), Some(t), Some(d)) if running => Some(words::forecast(f, unit, t, d)),
                _ => None,
            };
            let forecast_missing = (running
                && p.forecast.is_none()
                && !matches!(state, State::Achieved)
                && p.baseline.is_some()
                && p.target.is_some()
                && goal.start.is_some())
            .then_some(
                "A trend needs three points or more (the baseline counts as one): \
                 no forecast yet.",
            );
            ProgressCard {
                next_measured,
                required_per_week: p.required_per_week,
                required,
                forecast: p.forecast.map(|f| f.value),
                forecast_text,
                forecast_missing,
                baseline: p.baseline,
                target: p.target,
                latest: p.latest,
                latest_date: p.latest_date.map(dates::medium),
                fraction: p.fraction,
                expected: p.expected,
                fraction_pct: p.fraction.map(pct),
                expected_pct: p.expected.map(pct),
                lower_is_better: p.lower_is_better,
                direction: if p.lower_is_better {
                    "Lower is better"
                } else {
                    "Higher is better"
                },
                unit: unit.to_string(),
                bar: svg::progress_bar(p.fraction, p.expected, state_color(state), &label),
                now,
                label,
            }
        });
        let practice = g.practice.as_ref().map(|p| {
            let (cadence, target) = g.rhythm().unwrap_or_default();
            let period = if cadence == Cadence::Weekly {
                "week"
            } else {
                "day"
            };
            let plural = |n: u32| {
                if n == 1 {
                    format!("{n} {period}")
                } else {
                    format!("{n} {period}s")
                }
            };
            let last14 = &p.days[p.days.len().saturating_sub(14)..];
            let cycle = self
                .report
                .current_cycle
                .map(|c| &self.report.cycles[c].name);
            let buffer_text = match (p.outlook, cycle) {
                (Some(Outlook::Buffer(b)), Some(c)) => Some(words::buffer(b, g, c)),
                (Some(Outlook::Period(now)), Some(_)) => Some(words::period_now(now, unit)),
                _ => None,
            };
            PracticeCard {
                completion_14d: p.completion_14d,
                completion_cycle: p.completion_cycle,
                completion_14d_pct: p.completion_14d.map(pct),
                completion_cycle_pct: p.completion_cycle.map(pct),
                streak: p.streak,
                best_streak: p.best_streak,
                streak_text: plural(p.streak),
                best_streak_text: plural(p.best_streak),
                strength: p.strength,
                strength_pct: pct(p.strength),
                cadence: cadence.as_str(),
                target,
                unit: unit.to_string(),
                rhythm: rhythm(cadence, target, unit),
                last_entry: p.last_entry.map(dates::medium),
                days_since_entry: p
                    .last_entry
                    .map(|d| dates::days_between(d, self.report.today)),
                strip: svg::strip(
                    &format!("strip-{}", address(&goal.id)),
                    &format!("{}: last 14 days", goal.title),
                    last14,
                    unit,
                ),
                bar: svg::progress_bar(
                    p.completion_14d,
                    None,
                    state_color(state),
                    &format!(
                        "{} of scheduled days done in the last 14 days",
                        p.completion_14d.map_or("–".to_string(), pct)
                    ),
                ),
                buffer: p.buffer,
                buffer_text,
            }
        });
        let placeholder = goal.is_placeholder();
        let progress = progress.or_else(|| {
            (placeholder && goal.kind == Kind::Progress).then(ProgressCard::unreadable)
        });
        let practice = practice.or_else(|| {
            (placeholder && goal.kind == Kind::Practice).then(PracticeCard::unreadable)
        });
        let purpose = g.purpose.as_ref().map(|p| {
            let label = match p.progress {
                Some(x) => format!("{} of the way on average across its progress goals", pct(x)),
                None => "No progress measured yet".to_string(),
            };
            PurposeCard {
                progress: p.progress,
                progress_pct: p.progress.map(pct),
                progress_goals: p.progress_goals,
                practices: p.practices,
                bar: svg::progress_bar(p.progress, None, state_color(state), &label),
                label,
            }
        });
        let areas = &self.areas;
        let area = areas
            .get(crate::analysis::areas::area_of(&goal.file))
            .unwrap_or(0);
        Card {
            id: &goal.id,
            kind: goal.kind.as_str(),
            kind_label: match goal.kind {
                Kind::Purpose => "Purpose",
                Kind::Progress => "Progress goal",
                Kind::Practice => "Practice",
                Kind::Coaching => "Coaching cycle",
                Kind::Reflection => "Sprint reflection",
            },
            title: &goal.title,
            href: Self::goal_href(&goal.id),
            file: &goal.file,
            area: self.area(area),
            owners: self.owners(g),
            status: goal.status.as_str(),
            active: goal.status == Status::Active,
            private: goal.is_private(),
            personal: goal.personal,
            edit: self.edit_href(&goal.file, goal.is_private()),
            state: state.as_str(),
            state_label: if goal.is_placeholder() {
                "Cannot be read"
            } else {
                words::goal_state_label(g)
            },
            broken: goal.broken.as_ref().map(words::broken),
            unreadable: goal.is_placeholder(),
            tags: &goal.tags,
            start: goal.start.map(dates::medium),
            due: goal.due.map(dates::medium),
            window,
            progress,
            practice,
            purpose,
            lints: g
                .lints
                .iter()
                .map(|&lint| {
                    let (title, coaching) = words::lint_coaching(lint);
                    LintView {
                        code: lint.code(),
                        title,
                        coaching,
                    }
                })
                .collect(),
            parents: g.parents.iter().filter_map(|id| self.link(id)).collect(),
            children: g.children.iter().filter_map(|id| self.link(id)).collect(),
            extra: &goal.extra,
        }
    }
}

/// A goal's unit (`%`, `visits`), or "".
pub fn unit_of(g: &GoalReport) -> &str {
    match &g.goal.details {
        Details::Progress(p) => p.unit.as_deref().unwrap_or(""),
        Details::Practice(p) => p.unit.as_deref().unwrap_or(""),
        Details::Coaching(c) => c.unit.as_deref().unwrap_or(""),
        Details::Purpose(_) | Details::Reflection(_) => "",
    }
}

/// "Every school day", "3 visits each school day", "Once a week".
pub fn rhythm(cadence: Cadence, target: f64, unit: &str) -> String {
    match (target, unit) {
        (1.0, "") => match cadence {
            Cadence::Daily => "Every day".to_string(),
            Cadence::Weekdays => "Every school day".to_string(),
            Cadence::Weekly => "Once a week".to_string(),
        },
        (t, u) => format!(
            "{} {} {}",
            num(t),
            match (t == 1.0, u) {
                (_, "") => "times",
                (true, u) => words::singular(u),
                (false, u) => u,
            },
            match cadence {
                Cadence::Daily => "a day",
                Cadence::Weekdays => "each school day",
                Cadence::Weekly => "a week",
            }
        ),
    }
}

/// A repository path as it goes into a URL: `/` kept, every byte that is
/// not an unreserved character percent-encoded.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rhythms_read_as_english() {
        assert_eq!(rhythm(Cadence::Weekdays, 1.0, ""), "Every school day");
        assert_eq!(
            rhythm(Cadence::Weekdays, 1.0, "lessons"),
            "1 lesson each school day"
        );
        assert_eq!(rhythm(Cadence::Weekly, 1.0, "classes"), "1 class a week");
        assert_eq!(rhythm(Cadence::Daily, 1.0, "lunches"), "1 lunch a day");
        assert_eq!(
            rhythm(Cadence::Weekly, 5.0, "postcards"),
            "5 postcards a week"
        );
        assert_eq!(rhythm(Cadence::Daily, 1.0, "minutes"), "1 minute a day");
        assert_eq!(rhythm(Cadence::Daily, 1.0, "status"), "1 status a day");
        assert_eq!(rhythm(Cadence::Daily, 1.0, "class"), "1 class a day");
        assert_eq!(rhythm(Cadence::Daily, 2.0, ""), "2 times a day");
    }
}
