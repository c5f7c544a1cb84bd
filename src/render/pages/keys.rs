//! Page keys: a hash of everything a page's view is made from, so that a
//! page whose key has not changed is not rendered again. A goal's key
//! covers every field of its report (a test changes each in turn).

use super::{Job, Templates};
use crate::analysis::GoalReport;
use crate::render::view::Views;
use crate::render::RenderOptions;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use xxhash_rust::xxh3::Xxh3Default as KeyHasher;

/// Page keys: a hash of everything a page's view is made from. A goal's
/// key covers its file's bytes, its figures, its links and its problems;
/// a page that lists goals combines their keys; every key includes what
/// every page shows (settings, today, cycles, templates).
pub(super) struct Keys {
    global: u64,
    pub(super) goals: Vec<u64>,
    all: u64,
    diagnostics: u64,
}

fn hash_of(f: impl FnOnce(&mut KeyHasher)) -> u64 {
    let mut h = KeyHasher::new();
    f(&mut h);
    h.finish()
}

fn opt_f64(h: &mut KeyHasher, x: Option<f64>) {
    x.map(f64::to_bits).hash(h);
}

impl Keys {
    pub(super) fn new(v: &Views<'_>, templates: &Templates, opts: &RenderOptions) -> Keys {
        let r = v.report;
        let global = hash_of(|h| {
            env!("CARGO_PKG_VERSION").hash(h);
            serde_json::to_string(&r.settings)
                .unwrap_or_default()
                .hash(h);
            r.today.hash(h);
            for c in &r.cycles {
                (&c.id, &c.name, c.start, c.end).hash(h);
            }
            r.current_cycle.hash(h);
            opts.include_private.hash(h);
            opts.edit_url.hash(h);
            r.scorecards.hash(h);
            templates.fingerprint.hash(h);
            v.areas.list[v.areas.top()].path.hash(h);
            // Every page's navigation links the problems page when there is one.
            r.diagnostics.is_empty().hash(h);
            // … and the alignment page when some purpose aligns to something.
            v.site.alignment.hash(h);
        });
        let mut by_file: HashMap<&str, u64> = HashMap::new();
        let mut by_goal: HashMap<&str, u64> = HashMap::new();
        let mut diag_all = KeyHasher::new();
        for d in &r.diagnostics {
            let one = hash_of(|h| (d.code, &d.file, d.line, d.column, &d.message, &d.hint).hash(h));
            one.hash(&mut diag_all);
            let f = by_file.entry(&d.file).or_default();
            *f = f.rotate_left(5) ^ one;
            if let Some(g) = &d.goal {
                let e = by_goal.entry(g).or_default();
                *e = e.rotate_left(5) ^ one;
            }
        }
        let goals: Vec<u64> = r
            .goals
            .par_iter()
            .map(|g| {
                hash_of(|h| {
                    goal_key(h, g);
                    // A coaching cycle's page shows its practices (FORMAT §12).
                    let used = g
                        .coaching
                        .iter()
                        .flat_map(|c| c.practices.iter().map(|p| &p.id));
                    for id in g.parents.iter().chain(&g.children).chain(used) {
                        if let Some(o) = v.goal(id) {
                            (&o.goal.id, &o.goal.title, o.state, o.goal.kind).hash(h);
                        }
                    }
                    by_file.get(g.goal.file.as_str()).hash(h);
                    by_goal.get(g.goal.id.as_str()).hash(h);
                })
            })
            .collect();
        let all = hash_of(|h| goals.hash(h));
        Keys {
            global,
            goals,
            all,
            diagnostics: diag_all.finish(),
        }
    }

    /// The key of `goals.json`: what [`Keys::of`] gives it.
    pub(super) fn goals_json(&self) -> u64 {
        self.with_global(Job::GoalsJson, self.all ^ self.diagnostics)
    }

    /// The key of `job`'s page. `feed` is the events of the calendar
    /// feeds, which are made from them alone (a check-in changes none).
    pub(super) fn of(
        &self,
        v: &Views<'_>,
        owned: &HashMap<&str, Vec<usize>>,
        feed: &[crate::analysis::feeds::FeedEvent],
        job: Job<'_>,
    ) -> u64 {
        let some = |list: &[usize]| hash_of(|h| list.iter().for_each(|&i| self.goals[i].hash(h)));
        let part = match job {
            Job::Goal(i) => self.goals[i],
            Job::Redirect(i) => {
                let r = &v.report.redirects[i];
                let to = v.index.get(r.to.as_str()).map(|&g| self.goals[g]);
                hash_of(|h| (&r.from, &r.to, to).hash(h))
            }
            Job::Person(id, k) => some(owned.get(id).map_or(&[][..], |g| &g[..])) ^ k as u64,
            Job::Area(a, k) => some(&v.areas.goals_below(a)) ^ k as u64,
            // A problem links its goal, with its title and state.
            Job::Problems(k) => self.all ^ self.diagnostics ^ k as u64,
            Job::Css => 0,
            Job::GoalsJson => return self.goals_json(),
            Job::Dashboard => self.all ^ self.diagnostics,
            Job::GoalsCsv => self.all,
            Job::PeopleIndex | Job::Scorecard | Job::Cycle(_) | Job::Alignment => self.all,
            Job::Calendar => hash_of(|h| feed.hash(h)),
            // A person's feed: the school's events and their own.
            Job::PersonCalendar(id) => {
                hash_of(|h| crate::analysis::feeds::for_person(feed, id).hash(h))
            }
        };
        self.with_global(job, part)
    }

    /// `part` (what `job`'s page is made from) with what every page shows.
    fn with_global(&self, job: Job<'_>, part: u64) -> u64 {
        hash_of(|h| {
            self.global.hash(h);
            std::mem::discriminant(&job).hash(h);
            if let Job::Cycle(i) = job {
                i.hash(h);
            }
            part.hash(h);
        })
    }
}

/// What a goal's card and page are made from, besides its links' titles
/// and states and its problems: every field of its report (a test changes
/// each in turn and sees the key change).
fn goal_key(h: &mut KeyHasher, g: &GoalReport) {
    (g.goal.source, &g.goal.id, &g.goal.file, g.state, &g.lints).hash(h);
    (&g.parents, &g.children, g.last_record, g.scheduled_today).hash(h);
    if let Some(b) = &g.goal.broken {
        (b.line, b.column, &b.message, b.shown, b.as_of).hash(h);
    }
    if let Some(p) = &g.progress {
        for x in [
            p.baseline,
            p.target,
            p.latest,
            p.fraction,
            p.expected,
            p.required_per_week,
        ] {
            opt_f64(h, x);
        }
        p.forecast.hash(h);
        p.latest_date.hash(h);
        p.next_window.hash(h);
        p.judged.map(|j| (j.date, j.expected.to_bits())).hash(h);
        opt_f64(h, p.tolerance);
        p.lower_is_better.hash(h);
    }
    // A practice's figures (a year of days, weeks, streaks…) are a
    // function of what they were measured from, which the figures memo
    // already hashed: that hash stands for them.
    g.practice.as_ref().map(|p| p.measured_from).hash(h);
    if let Some(p) = &g.purpose {
        opt_f64(h, p.progress);
        (p.progress_goals, p.practices).hash(h);
    }
    for s in &g.series {
        (s.date, s.value.to_bits(), s.source as u8, &s.note).hash(h);
    }
    g.cycle_states.hash(h);
    if let Some(hist) = &g.history {
        (
            hist.total,
            hist.first_change,
            hist.last_change,
            &hist.authors,
        )
            .hash(h);
        for c in &hist.recent {
            // What `render::changes::summary` words.
            (&c.commit, c.kind, &c.renamed_from, &c.origin).hash(h);
            opt_f64(h, c.current_before);
            opt_f64(h, c.current_after);
            for m in &c.moves {
                m.field.hash(h);
                post_key(h, m.from);
                post_key(h, m.to);
            }
        }
    }
    for m in &g.moved {
        (&m.commit, m.date, &m.author, &m.message, m.field, m.cycle).hash(h);
        post_key(h, m.from);
        post_key(h, m.to);
    }
    // A coaching cycle's figures (a handful per repository): their JSON.
    if let Some(c) = &g.coaching {
        serde_json::to_string(c).unwrap_or_default().hash(h);
    }
}

fn post_key(h: &mut KeyHasher, v: Option<crate::history::PostValue>) {
    use crate::history::PostValue;
    match v {
        None => 0u8.hash(h),
        Some(PostValue::Number(n)) => (1u8, n.to_bits()).hash(h),
        Some(PostValue::Date(d)) => (2u8, d).hash(h),
        Some(PostValue::Cadence(c)) => (3u8, c).hash(h),
    }
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
