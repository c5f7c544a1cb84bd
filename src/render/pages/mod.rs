//! Rendering the site: every page is a job with a *key* — a hash of
//! everything its view is made from — rendered in parallel and handed to a
//! [`PageSink`] by the worker that rendered it, so no build holds every
//! page at once. A page whose key the sink still has, with the page made
//! from it, is not rendered again at all ([`PageSink::unchanged`]): the
//! output writer keeps each page's key in the output folder's manifest, so
//! that holds for the next `build` too, not only within one `watch`.

mod compiled;
mod keys;

use super::csv::{goals_csv_kept, GoalRows};
use super::json::{goals_json, goals_json_records, write_goals_json, Records};
use super::templates;
use super::view::{
    self, alignment, area, cycle, dashboard, goal, people, problems, redirect, Views,
};
use super::{Page, RenderError, RenderOptions};
use crate::analysis::Report;
use keys::Keys;

pub use compiled::Templates;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;

/// Where rendered pages go. Called from many rendering threads at once.
pub trait PageSink: Sync {
    /// A page rendered by this build from `key`.
    fn page(&self, path: &str, bytes: &[u8], key: u64) -> Result<(), RenderError>;
    /// `Ok(true)` when the sink still has the page at `path` that was made
    /// from `key` (nothing its view is made from has changed), so it need
    /// not be rendered again.
    fn unchanged(&self, path: &str, key: u64) -> Result<bool, RenderError>;
    /// [`page`](Self::page) for a page too large to hold whole (`goals.json`
    /// of a large repository): `fill` writes its bytes a part at a time.
    /// By default they are put together and handed to `page`.
    fn page_streamed(
        &self,
        path: &str,
        key: u64,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), RenderError> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| RenderError::Output(e.to_string()))?;
        self.page(path, &bytes, key)
    }
}

/// Each page's key from a build, and the records of its `goals.json`
/// (the next build of a session makes `goals.json` from them, changing
/// only the records of goals that changed).
#[derive(Debug, Clone, Default)]
pub struct PageKeys {
    pages: HashMap<String, u64>,
    records: Records,
    /// The rows of its `goals.csv`, made again the same way.
    rows: GoalRows,
}

impl PageKeys {
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// What [`render_into`] did.
#[derive(Debug, Clone, Default)]
pub struct RenderStats {
    /// Pages rendered by this build, sorted.
    pub(crate) rendered: Vec<String>,
    /// Pages whose view had not changed since the last build.
    pub(crate) skipped: usize,
}

/// The everything-in-memory form of [`render_into`], for tests and tools:
/// renders `report` (the full report: private goals are left out here
/// unless `opts.include_private`) into pages.
pub fn render_site(
    report: &Report,
    opts: &RenderOptions,
    templates: &Templates,
) -> Result<Vec<Page>, RenderError> {
    struct Collect(Mutex<Vec<Page>>);
    impl PageSink for Collect {
        fn page(&self, path: &str, bytes: &[u8], _: u64) -> Result<(), RenderError> {
            if let Ok(mut pages) = self.0.lock() {
                pages.push(Page {
                    path: path.to_string(),
                    bytes: bytes.to_vec(),
                });
            }
            Ok(())
        }
        fn unchanged(&self, _: &str, _: u64) -> Result<bool, RenderError> {
            Ok(false)
        }
    }
    let visible = report.clone().visible(opts.include_private);
    let sink = Collect(Mutex::new(Vec::new()));
    render_into(&visible, opts, templates, None, &sink, || ()).0?;
    let mut pages = sink.0.into_inner().unwrap_or_default();
    pages.push(Page {
        path: super::csv::SCORECARD_CSV.to_string(),
        bytes: super::csv::scorecard_csv(&visible)?,
    });
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

/// One page to make.
#[derive(Debug, Clone, Copy)]
enum Job<'a> {
    Dashboard,
    Problems(usize),
    Alignment,
    PeopleIndex,
    Person(&'a str, usize),
    Area(usize, usize),
    Goal(usize),
    /// The old address of `report.redirects[i]`.
    Redirect(usize),
    Scorecard,
    Cycle(usize),
    GoalsJson,
    GoalsCsv,
    Css,
    /// `calendar.ics`: the school's feed.
    Calendar,
    /// `people/<person>.ics`: one person's feed.
    PersonCalendar(&'a str),
}

/// The page and what the templates get besides the view.
#[derive(Serialize)]
struct Ctx<'s, 'a, T: Serialize> {
    site: &'s view::Site<'a>,
    /// Which navigation entry is current.
    nav: &'static str,
    /// From the page to the site root: `""` or `"../"`.
    root: String,
    page_title: &'s str,
    #[serde(flatten)]
    view: T,
}

/// Renders every page of the visible report into `sink`, skipping pages
/// the sink still has from the same key. `previous` (the last build's
/// keys) lets `goals.json` be made from its records. Returns what it did
/// and the keys for the next build, with what `alongside` returned.
///
/// `goals.json` (what a reader of `watch` waits for) is made first, while
/// the other worker gathers what only the other pages need (each person's
/// goals, the calendar's events); then `alongside` (another file of the
/// build: `scorecard.csv`) runs while the other pages are rendered. It
/// runs once whatever happens: on its own when rendering stops before the
/// other pages start.
pub fn render_into<T: Send>(
    report: &Report,
    opts: &RenderOptions,
    templates: &Templates,
    previous: Option<&PageKeys>,
    sink: &dyn PageSink,
    alongside: impl FnOnce() -> T + Send,
) -> (Result<(RenderStats, PageKeys), RenderError>, T) {
    // Before `alongside` starts, a failure returns at once: it then runs
    // on its own, after.
    if let Err(e) = templates.check() {
        return (Err(e), alongside());
    }
    let v = Views::new(report, opts);
    let keys = Keys::new(&v, templates, opts);
    // `goals.json` alone, before anything else takes a worker: after a
    // save it is made from the last build's records (milliseconds). The
    // other worker meanwhile gathers what only the other pages need.
    let (json, (owned, feed)) = rayon::join(
        || goals_json_page(&v, &keys, previous, sink),
        || (people::owned(&v), crate::analysis::feeds::events(report)),
    );
    let (json, records) = match json {
        Ok(json) => json,
        Err(e) => return (Err(e), alongside()),
    };
    let jobs = jobs(&v, &owned);

    let rows: Mutex<Option<GoalRows>> = Mutex::new(None);
    let one = |i: usize| -> Result<Done, RenderError> {
        let job = &jobs[i];
        let path = path_of(&v, *job);
        let key = keys.of(&v, &owned, &feed, *job);
        if sink.unchanged(&path, key)? {
            return Ok((path, key, false));
        }
        let bytes = if let Job::GoalsCsv = job {
            let (bytes, next) = goals_csv_kept(&v, &keys.goals, previous.map(|p| &p.rows))
                .map_err(|e| RenderError::Json(format!("goals.csv: {e}")))?;
            if let Ok(mut slot) = rows.lock() {
                *slot = Some(next);
            }
            bytes
        } else {
            render_page(&v, &owned, &feed, templates, *job, &path)?
        };
        sink.page(&path, &bytes, key)?;
        Ok((path, key, true))
    };
    let (beside, done) = rayon::join(alongside, || {
        (1..jobs.len())
            .into_par_iter()
            // One page per piece of work: pages cost from microseconds
            // (a goal page) to tens of milliseconds (a person's, an
            // area's); without this, one worker could be left rendering
            // a run of big ones alone while the other has nothing to take.
            .with_max_len(1)
            .map(one)
            .collect::<Result<Vec<_>, _>>()
    });
    let done = done.map(|mut done| {
        done.push(json);
        let rows = rows.into_inner().ok().flatten();
        next_keys(done, records, rows, previous)
    });
    (done, beside)
}

/// A page done: its path, its key, and whether it was written (else the
/// sink still had it from the same key).
type Done = (String, u64, bool);

/// `goals.json`, unless the sink still has it from the same key, and the
/// records the next build makes it from.
fn goals_json_page(
    v: &Views<'_>,
    keys: &Keys,
    previous: Option<&PageKeys>,
    sink: &dyn PageSink,
) -> Result<(Done, Option<Records>), RenderError> {
    let path = path_of(v, Job::GoalsJson);
    let key = keys.goals_json();
    if sink.unchanged(&path, key)? {
        return Ok(((path, key, false), None));
    }
    let records = goals_json_records(v, &keys.goals, previous.map(|p| &p.records))
        .map_err(|e| RenderError::Json(e.to_string()))?;
    sink.page_streamed(&path, key, &mut |out| {
        write_goals_json(v.report, &records, out)
    })?;
    Ok(((path, key, true), Some(Records::new(records))))
}

/// Every page of the visible report, `goals.json` first: the others wait
/// for it, not it for them. The people's and areas' pages (tens of
/// milliseconds each) come before the goals' (a millisecond or less), so
/// the small ones are left to fill the end of a build on both workers.
fn jobs<'a>(v: &Views<'a>, owned: &HashMap<&'a str, Vec<usize>>) -> Vec<Job<'a>> {
    let report = v.report;
    let mut jobs = vec![
        Job::GoalsJson,
        Job::Dashboard,
        Job::Scorecard,
        Job::PeopleIndex,
        Job::GoalsCsv,
        Job::Css,
        Job::Calendar,
    ];
    jobs.extend(v.people.iter().map(|&p| Job::PersonCalendar(p)));
    jobs.extend((1..=problems::pages(v)).map(Job::Problems));
    if v.site.alignment {
        jobs.push(Job::Alignment);
    }
    for &p in &v.people {
        let goals = owned.get(p).map_or(&[][..], |g| &g[..]);
        jobs.extend((1..=people::pages(goals)).map(|k| Job::Person(p, k)));
    }
    for a in (0..v.areas.list.len()).filter(|&a| v.areas.has_page(a)) {
        jobs.extend((1..=area::pages(v, a)).map(|k| Job::Area(a, k)));
    }
    jobs.extend((0..report.goals.len()).map(Job::Goal));
    jobs.extend(
        (0..report.redirects.len())
            .filter(|&i| v.goal(&report.redirects[i].to).is_some())
            .map(Job::Redirect),
    );
    jobs.extend(
        (0..report.cycles.len())
            .filter(|&i| v.cycle_has_page(i))
            .map(Job::Cycle),
    );
    jobs
}

/// What the pages `done` (path, key, whether rendered) leave for the next
/// build: each page's key, and the records of `goals.json` and rows of
/// `goals.csv` as made now, else as the last build made them.
fn next_keys(
    done: Vec<Done>,
    records: Option<Records>,
    rows: Option<GoalRows>,
    previous: Option<&PageKeys>,
) -> (RenderStats, PageKeys) {
    let mut stats = RenderStats::default();
    let mut next = PageKeys {
        pages: HashMap::with_capacity(done.len()),
        records: records
            .or_else(|| previous.map(|p| p.records.clone()))
            .unwrap_or_default(),
        rows: rows
            .or_else(|| previous.map(|p| p.rows.clone()))
            .unwrap_or_default(),
    };
    for (path, key, rendered) in done {
        if rendered {
            stats.rendered.push(path.clone());
        } else {
            stats.skipped += 1;
        }
        next.pages.insert(path, key);
    }
    stats.rendered.sort();
    (stats, next)
}

fn path_of(v: &Views<'_>, job: Job<'_>) -> String {
    match job {
        Job::Dashboard => "index.html".to_string(),
        Job::Problems(k) => view::Pager::path("problems", k),
        Job::Alignment => "alignment.html".to_string(),
        Job::PeopleIndex => "people/index.html".to_string(),
        Job::Person(id, k) => {
            view::Pager::path(Views::person_href(id).trim_end_matches(".html"), k)
        }
        Job::Area(a, k) => view::Pager::path(
            Views::area_path(&v.areas.list[a].path).trim_end_matches(".html"),
            k,
        ),
        Job::Goal(i) => Views::goal_href(&v.report.goals[i].goal.id),
        Job::Redirect(i) => Views::goal_href(&v.report.redirects[i].from),
        Job::Scorecard => "scorecard.html".to_string(),
        Job::Cycle(i) => v.cycle_href(i).unwrap_or_default(),
        Job::GoalsJson => "goals.json".to_string(),
        Job::GoalsCsv => "goals.csv".to_string(),
        Job::Css => "site.css".to_string(),
        Job::Calendar => "calendar.ics".to_string(),
        Job::PersonCalendar(id) => Views::person_href(id).replace(".html", ".ics"),
    }
}

/// `"../"` for each folder in `path`.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn page<T: Serialize>(
    v: &Views<'_>,
    templates: &Templates,
    path: &str,
    (nav, title, template): (&'static str, &str, &str),
    view: &T,
) -> Result<Vec<u8>, RenderError> {
    let ctx = Ctx {
        site: &v.site,
        nav,
        root: root_of(path),
        page_title: title,
        view,
    };
    templates.render(template, &ctx)
}

/// Renders one page (`goals.json` and `goals.csv` are made by
/// [`goals_json`] and [`goals_csv_kept`], with their records and rows).
fn render_page<'a>(
    v: &Views<'a>,
    owned: &HashMap<&'a str, Vec<usize>>,
    feed: &[crate::analysis::feeds::FeedEvent],
    templates: &Templates,
    job: Job<'a>,
    path: &str,
) -> Result<Vec<u8>, RenderError> {
    let t = templates;
    let title = v.report.title.as_str();
    match job {
        Job::Dashboard => page(
            v,
            t,
            path,
            ("dashboard", title, "index.html"),
            &dashboard::dashboard(v),
        ),
        Job::Problems(k) => page(
            v,
            t,
            path,
            ("problems", "Problems", "problems.html"),
            &problems::problems_page(v, k),
        ),
        Job::Alignment => page(
            v,
            t,
            path,
            ("alignment", "Alignment", "alignment.html"),
            &alignment::alignment_page(v),
        ),
        Job::PeopleIndex => page(
            v,
            t,
            path,
            ("people", "People", "people.html"),
            &people::index(v, owned),
        ),
        Job::Person(id, k) => {
            let goals = owned.get(id).map_or(&[][..], |g| &g[..]);
            let view = people::person_page(v, id, goals, k);
            page(
                v,
                t,
                path,
                ("people", view.person.name, "person.html"),
                &view,
            )
        }
        Job::Area(a, k) => {
            let view = area::area_page(v, a, k);
            page(v, t, path, ("areas", &view.area.name, "area.html"), &view)
        }
        Job::Goal(i) => {
            let view = goal::goal_page(v, i);
            page(v, t, path, ("goal", view.goal.title, "goal.html"), &view)
        }
        Job::Redirect(i) => match redirect::redirect_page(v, i) {
            Some(view) => page(
                v,
                t,
                path,
                ("goal", view.goal.title, "redirect.html"),
                &view,
            ),
            None => Err(RenderError::Output(format!("{path}: no goal to lead to"))),
        },
        Job::Scorecard => page(
            v,
            t,
            path,
            ("scorecard", "Scorecard", "scorecard.html"),
            &view::scorecard::scorecard(v),
        ),
        Job::Cycle(i) => {
            let view = cycle::cycle_page(v, i);
            let name = &v.report.cycles[i].name;
            page(v, t, path, ("cycle", name, "cycle.html"), &view)
        }
        Job::GoalsCsv => {
            super::csv::goals_csv(v).map_err(|e| RenderError::Json(format!("goals.csv: {e}")))
        }

        Job::GoalsJson => goals_json(v, &vec![0; v.report.goals.len()], None)
            .map(|(bytes, _)| bytes)
            .map_err(|e| RenderError::Json(e.to_string())),
        Job::Css => templates::asset(t.root.as_deref(), "site.css").map(String::into_bytes),
        Job::Calendar => Ok(super::ics::feed(title, v.report.today, feed)),
        Job::PersonCalendar(id) => {
            let name = format!("{} — {title}", v.person(id).name);
            let own = crate::analysis::feeds::for_person(feed, id);
            Ok(super::ics::feed(&name, v.report.today, own))
        }
    }
}
