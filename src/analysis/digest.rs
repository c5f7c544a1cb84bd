//! What `goalpost digest` says (FORMAT §10): the Monday summary of a
//! period — what moved (measurements with their change), what slipped
//! (state changes for the worse, goals gone quiet), each practice's
//! completion in the period against the period before, streaks worth
//! celebrating, what is due in the next two weeks, and the current cycle
//! and its day. Every decision and threshold is here; the text, Markdown
//! and HTML are [`crate::render::digest`].
//!
//! The digest reads the report it is given: pass it through
//! [`Report::visible`] first and private goals stay out. Only `active`
//! goals are summarised.
//!
//! # Choices where FORMAT is silent (for the user docs)
//!
//! - The period: by default the eight days from a week ago to today (on a
//!   Monday: last Monday to this morning); `--week` the last whole week,
//!   Monday to Sunday, before the week of today; `--since DATE` from DATE
//!   to today. Practices are compared with the period before: the week
//!   before for the first two, as many days just before DATE for `--since`.
//! - What moved: a progress goal with a dated point in the period (a
//!   `measurements:` entry or a committed `current:` value; `current:` on
//!   disk alone is not dated). The change is from the last value before
//!   the period (else the baseline) to the newest value in it.
//! - What slipped: a goal whose state now is weaker than at the end of the
//!   day before the period (a progress goal by its pace, a practice by its
//!   14-day completion), `no-data` on either side left out; and goals with
//!   the `stale` warning. A state that got better is listed as moved
//!   forward ([`Digest::improved`]).
//! - A streak is worth celebrating from [`CELEBRATE_DAYS`] days (a school
//!   week) or [`CELEBRATE_WEEKS`] weeks at target in a row.

use super::calendar::{date_of, day_num, monday, SchoolDays};
use super::practice::{self, Track};
use super::review::Trend;
use super::rules::TREND;
use super::today::DUE_WITHIN_DAYS;
use super::{progress, Report, State};
use crate::model::{Cadence, Date, Details, Kind, SeriesSource};

/// `d` plus `n` days.
fn add(d: Date, n: i32) -> Date {
    date_of(day_num(d) + n)
}

/// Days from `a` to `b`.
fn between(a: Date, b: Date) -> i64 {
    i64::from(day_num(b) - day_num(a))
}

/// A current streak of this many days at target is celebrated.
pub(crate) const CELEBRATE_DAYS: u32 = 5;
/// A weekly practice's current streak of this many weeks is celebrated.
pub(crate) const CELEBRATE_WEEKS: u32 = 3;

/// Which period the digest covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// From a week ago to today.
    LastSevenDays,
    /// The last whole week, Monday to Sunday, before today's week.
    LastWeek,
    /// From this date to today.
    Since(Date),
}

/// The days a digest covers and the days it compares them with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub(crate) from: Date,
    pub(crate) to: Date,
    pub(crate) before_from: Date,
    pub(crate) before_to: Date,
}

/// The span cannot be summarised (`--since` after today, or a date out of
/// the calendar's range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// `--since` names a day after today.
    SinceAfterToday { since: Date, today: Date },
}

impl std::fmt::Display for PeriodError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PeriodError::SinceAfterToday { since, today } => write!(
                f,
                "--since {since} is after today ({today}); give a date on or before it"
            ),
        }
    }
}

impl std::error::Error for PeriodError {}

impl Period {
    /// The period `span` names, as of `today`.
    pub fn of(span: Span, today: Date) -> Result<Period, PeriodError> {
        let (from, to) = match span {
            Span::LastSevenDays => (add(today, -7), today),
            Span::LastWeek => {
                let this_monday = date_of(monday(day_num(today)));
                (add(this_monday, -7), add(this_monday, -1))
            }
            Span::Since(d) if d > today => {
                return Err(PeriodError::SinceAfterToday { since: d, today })
            }
            Span::Since(d) => (d, today),
        };
        let length = match span {
            Span::Since(_) => day_num(to) - day_num(from) + 1,
            _ => 7,
        };
        Ok(Period {
            from,
            to,
            before_from: add(from, -length),
            before_to: add(from, -1),
        })
    }

    fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

/// The cycle containing today, and which of its days today is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CycleDay {
    pub(crate) name: String,
    pub(crate) start: Date,
    pub(crate) end: Date,
    /// Calendar day of the cycle, from 1 (as on the sprint report).
    pub(crate) day: i64,
    pub(crate) days: i64,
}

/// A progress goal measured in the period.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Moved {
    /// Index into `Report::goals`.
    pub(crate) goal: usize,
    /// The value before the period (the last point before it, else the
    /// baseline); `None` with neither.
    pub(crate) before: Option<f64>,
    /// The newest value in the period, and its date.
    pub(crate) value: f64,
    pub(crate) date: Date,
    /// `value − before`.
    pub(crate) delta: Option<f64>,
    /// Whether the change goes toward the target; `None` without a
    /// direction (no target or baseline) or without a change.
    pub(crate) toward_target: Option<bool>,
    /// Dated points in the period.
    pub(crate) points: usize,
    pub(crate) state: State,
}

/// A goal whose state changed since the day before the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StateChange {
    pub(crate) goal: usize,
    pub(crate) from: State,
    pub(crate) to: State,
}

/// A goal with the `stale` warning: nothing recorded for a while.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Quiet {
    pub(crate) goal: usize,
    /// The last dated record, if there is one.
    pub(crate) last: Option<Date>,
    /// Days from it to today.
    pub(crate) days: Option<i64>,
}

/// A practice's completion in the period against the period before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PracticeWeek {
    pub(crate) goal: usize,
    pub(crate) weekly: bool,
    pub(crate) this: Option<f64>,
    pub(crate) before: Option<f64>,
    pub(crate) delta: Option<f64>,
    /// Up or down by at least [`TREND`] (as on the sprint report).
    pub(crate) trend: Trend,
    /// How many more periods of the current cycle can be missed
    /// ([`super::PracticeFigures::buffer`]).
    pub(crate) buffer: Option<i64>,
}

/// A current streak worth celebrating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Streak {
    pub(crate) goal: usize,
    pub(crate) weekly: bool,
    pub(crate) length: u32,
    /// The longest run so far is this one.
    pub(crate) best: bool,
}

/// A progress goal due between today and [`DUE_WITHIN_DAYS`] days ahead.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Due {
    pub(crate) goal: usize,
    pub(crate) due: Date,
    pub(crate) days_left: i64,
    pub(crate) state: State,
}

/// A change of a goalpost (a progress goal's baseline, target or dates, a
/// practice's target or cadence) in the period, from the git history
/// (FORMAT §7 "Goalposts moved").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GoalpostMoved {
    /// Index of the goal in the report.
    pub(crate) goal: usize,
    pub(crate) change: super::moved::GoalpostMove,
}

/// Everything `goalpost digest` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub(crate) title: String,
    pub(crate) today: Date,
    pub(crate) period: Period,
    /// The person the digest is for (`--owner`), with their name.
    pub(crate) owner: Option<(String, Option<String>)>,
    pub(crate) cycle: Option<CycleDay>,
    /// Newest first.
    pub(crate) moved: Vec<Moved>,
    /// States that got better since the period began.
    pub(crate) improved: Vec<StateChange>,
    /// States that got weaker, weakest first.
    pub(crate) slipped: Vec<StateChange>,
    /// Goals gone quiet, longest first.
    pub(crate) quiet: Vec<Quiet>,
    /// Every active practice that counted in either period, by owner (in
    /// the order of `people:`) then id.
    pub(crate) practices: Vec<PracticeWeek>,
    /// Longest first.
    pub(crate) streaks: Vec<Streak>,
    /// Goalposts moved in the period, oldest first.
    pub(crate) goalposts_moved: Vec<GoalpostMoved>,
    /// Soonest first.
    pub(crate) due: Vec<Due>,
    /// Asks for help, feedback, commitments and reflections (FORMAT §12).
    pub(crate) coaching: super::coaching::DigestCoaching,
}

impl Digest {
    #[cfg(test)]
    /// Whether the period shows nothing at all to report.
    pub(crate) fn is_quiet(&self) -> bool {
        self.moved.is_empty()
            && self.improved.is_empty()
            && self.slipped.is_empty()
            && self.quiet.is_empty()
            && self.practices.is_empty()
            && self.streaks.is_empty()
            && self.goalposts_moved.is_empty()
            && self.due.is_empty()
            && self.coaching.is_empty()
    }
}

/// The digest of `report` (as of its `today`) for `period`, for one owner
/// or everyone.
pub fn digest(report: &Report, period: Period, owner: Option<&str>) -> Digest {
    let today = report.today;
    let days = SchoolDays::new(&report.settings, today);
    let before = add(period.from, -1);
    let mut out = Digest {
        title: report.title.clone(),
        today,
        period,
        owner: owner.map(|o| {
            (
                o.to_string(),
                report.settings.person(o).map(|p| p.name.clone()),
            )
        }),
        cycle: report
            .current_cycle
            .and_then(|i| report.cycles.get(i))
            .and_then(|c| match super::cycles::phase(c, today) {
                super::cycles::Phase::Running { day, days } => Some(CycleDay {
                    name: c.name.clone(),
                    start: c.start,
                    end: c.end,
                    day,
                    days,
                }),
                super::cycles::Phase::Ahead | super::cycles::Phase::Finished => None,
            }),
        moved: Vec::new(),
        improved: Vec::new(),
        slipped: Vec::new(),
        quiet: Vec::new(),
        practices: Vec::new(),
        streaks: Vec::new(),
        goalposts_moved: Vec::new(),
        due: Vec::new(),
        coaching: super::coaching::digest(report, period.from, period.to, owner),
    };
    for (i, g) in report.goals.iter().enumerate() {
        let goal = &g.goal;
        if !goal.is_active() || owner.is_some_and(|o| !goal.owners.iter().any(|x| x == o)) {
            continue;
        }
        out.goalposts_moved
            .extend(
                g.moved
                    .iter()
                    .filter(|m| period.contains(m.date))
                    .map(|m| GoalpostMoved {
                        goal: i,
                        change: m.clone(),
                    }),
            );
        let then = match (&goal.details, &g.progress, &g.practice) {
            (Details::Progress(spec), Some(fig), _) => {
                if let Some(m) = moved(i, g, fig, &period) {
                    out.moved.push(m);
                }
                if let Some(due) = goal.due {
                    let left = between(today, due);
                    if (0..=i64::from(DUE_WITHIN_DAYS)).contains(&left) {
                        out.due.push(Due {
                            goal: i,
                            due,
                            days_left: left,
                            state: g.state,
                        });
                    }
                }
                Some(progress::figures(goal, spec, &g.series, before).1)
            }
            (Details::Practice(spec), _, Some(fig)) => {
                let track = Track::new(goal, spec, &days);
                let weekly = spec.cadence == Cadence::Weekly;
                let n = days.today;
                let this = track.completion(day_num(period.from), day_num(period.to), n);
                let prev =
                    track.completion(day_num(period.before_from), day_num(period.before_to), n);
                if this.is_some() || prev.is_some() {
                    let delta = this.zip(prev).map(|(a, b)| a - b);
                    out.practices.push(PracticeWeek {
                        goal: i,
                        weekly,
                        this,
                        before: prev,
                        delta,
                        trend: match delta {
                            Some(d) if d >= TREND => Trend::Up,
                            Some(d) if d <= -TREND => Trend::Down,
                            Some(_) => Trend::Same,
                            None => Trend::None,
                        },
                        buffer: fig.outlook.and_then(|o| o.stated_buffer()),
                    });
                }
                let threshold = if weekly {
                    CELEBRATE_WEEKS
                } else {
                    CELEBRATE_DAYS
                };
                if fig.streak >= threshold {
                    out.streaks.push(Streak {
                        goal: i,
                        weekly,
                        length: fig.streak,
                        best: fig.streak >= fig.best_streak,
                    });
                }
                // The 14-day state as of the day before the period.
                let b = day_num(before);
                let recorded = spec.log.iter().any(|e| e.date <= before);
                Some(practice::state(track.completion_14d(b), recorded))
            }
            _ => None,
        };
        if let Some(then) = then {
            let now = g.state;
            if now != then && now != State::NoData && then != State::NoData {
                let change = StateChange {
                    goal: i,
                    from: then,
                    to: now,
                };
                if now > then {
                    out.improved.push(change);
                } else if super::is_slipping_state(now) {
                    // Weaker but still on track (achieved → on track) is
                    // not slipping: one meaning everywhere.
                    out.slipped.push(change);
                }
            }
        }
        if g.lints.contains(&crate::model::lint::Lint::Stale) && goal.kind != Kind::Purpose {
            let last = g.last_record;
            out.quiet.push(Quiet {
                goal: i,
                last,
                days: last.map(|d| between(d, today)),
            });
        }
    }
    // By owner in the order of `people:` (then by id, then no owner), then by id.
    let owner_key = |i: usize| {
        let g = &report.goals[i].goal;
        let rank = match g.owners.first() {
            Some(o) => match report.settings.people.iter().position(|p| &p.id == o) {
                Some(k) => (0, k, o.clone()),
                None => (1, 0, o.clone()),
            },
            None => (2, 0, String::new()),
        };
        (rank, g.id.clone())
    };
    out.moved.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(owner_key(a.goal).cmp(&owner_key(b.goal)))
    });
    out.improved
        .sort_by_key(|c| (std::cmp::Reverse(c.to), owner_key(c.goal)));
    out.slipped.sort_by_key(|c| (c.to, owner_key(c.goal)));
    out.quiet.sort_by_key(|q| (q.last, owner_key(q.goal)));
    out.practices.sort_by_key(|p| owner_key(p.goal));
    out.streaks
        .sort_by_key(|s| (std::cmp::Reverse(s.length), owner_key(s.goal)));
    out.due.sort_by_key(|d| (d.due, owner_key(d.goal)));
    out.goalposts_moved
        .sort_by_key(|m| (m.change.date, owner_key(m.goal)));
    out
}

/// Goal `i`'s measurements in the period, if it has any.
fn moved(
    i: usize,
    g: &super::GoalReport,
    fig: &super::ProgressFigures,
    period: &Period,
) -> Option<Moved> {
    let dated = |p: &&super::SeriesPoint| p.source != SeriesSource::Current;
    let inside: Vec<&super::SeriesPoint> = g
        .series
        .iter()
        .filter(dated)
        .filter(|p| period.contains(p.date))
        .collect();
    let newest = inside.last()?;
    let before = g
        .series
        .iter()
        .filter(dated)
        .filter(|p| p.date < period.from)
        .map(|p| p.value)
        .next_back()
        .or(fig.baseline);
    let delta = before.map(|b| newest.value - b);
    let toward_target = match (delta, fig.baseline, fig.target) {
        (Some(d), Some(b), Some(t)) if d != 0.0 && t != b => Some((d > 0.0) == (t > b)),
        _ => None,
    };
    Some(Moved {
        goal: i,
        before,
        value: newest.value,
        date: newest.date,
        delta,
        toward_target,
        points: inside.len(),
        state: g.state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::*;
    use crate::model::{EntryValue, Goal, Settings};

    fn report(goals: Vec<Goal>, settings: &Settings, today: &str) -> Report {
        let cycles = [cycle("Sprint 6", "2026-11-09", "2026-11-22")];
        let file = file_of(goals);
        let graph = crate::graph::resolve([&file], &cycles);
        crate::analysis::analyse(graph, settings, &cycles, d(today), None)
    }

    fn week_of(today: &str) -> Period {
        Period::of(Span::LastSevenDays, d(today)).expect("period")
    }

    #[test]
    fn periods() {
        // Monday Nov 23: a week ago to today, against the week before.
        let p = Period::of(Span::LastSevenDays, d("2026-11-23")).expect("period");
        assert_eq!((p.from, p.to), (d("2026-11-16"), d("2026-11-23")));
        assert_eq!(
            (p.before_from, p.before_to),
            (d("2026-11-09"), d("2026-11-15"))
        );
        // Wednesday Nov 25, --week: Mon Nov 16 – Sun Nov 22.
        let p = Period::of(Span::LastWeek, d("2026-11-25")).expect("period");
        assert_eq!((p.from, p.to), (d("2026-11-16"), d("2026-11-22")));
        assert_eq!(
            (p.before_from, p.before_to),
            (d("2026-11-09"), d("2026-11-15"))
        );
        // --since Nov 18 on Nov 20: three days, against Nov 15–17.
        let p = Period::of(Span::Since(d("2026-11-18")), d("2026-11-20")).expect("period");
        assert_eq!(
            (p.before_from, p.before_to),
            (d("2026-11-15"), d("2026-11-17"))
        );
        assert!(Period::of(Span::Since(d("2026-11-21")), d("2026-11-20")).is_err());
    }

    /// "Slipped" means one thing (FORMAT §7 v3): a goal that got weaker
    /// but is still on track (achieved → on track) is not listed; one that
    /// fell to at risk is.
    #[test]
    fn only_a_fall_into_a_slipping_state_is_slipped() {
        let goals = vec![
            // Achieved at 80 by Nov 12, then 78 on Nov 18: on track.
            progress("was-achieved", None)
                .aim(60.0, 80.0)
                .window("2026-09-01", "2027-05-31")
                .measure("2026-11-12", 80.0)
                .measure("2026-11-18", 78.0),
            // On track on Nov 12, then barely moved by Nov 18: behind.
            progress("fell", None)
                .aim(0.0, 100.0)
                .window("2026-09-01", "2026-12-31")
                .measure("2026-11-12", 80.0)
                .measure("2026-11-18", 40.0),
        ];
        let r = report(goals, &school_year(&[]), "2026-11-23");
        let dg = digest(&r, week_of("2026-11-23"), None);
        let ids: Vec<&str> = dg
            .slipped
            .iter()
            .map(|c| r.goals[c.goal].goal.id.as_str())
            .collect();
        assert_eq!(ids, ["fell"], "{:?}", dg.slipped);
        assert!(dg
            .slipped
            .iter()
            .all(|c| crate::analysis::is_slipping_state(c.to)));
    }

    #[test]
    fn measurements_in_the_period_with_their_change() {
        let goals = vec![
            progress("reading", None)
                .aim(60.0, 80.0)
                .window("2026-09-01", "2027-05-31")
                .measure("2026-10-01", 64.0)
                .measure("2026-11-17", 66.0)
                .measure("2026-11-19", 67.5),
            // Lower is better: 20 → 18 is toward the target.
            progress("absence", None)
                .aim(20.0, 12.0)
                .window("2026-09-01", "2027-05-31")
                .measure("2026-11-18", 18.0),
            // Nothing in the period.
            progress("quiet", None)
                .aim(0.0, 10.0)
                .window("2026-09-01", "2027-05-31")
                .measure("2026-11-02", 3.0),
        ];
        let r = report(goals, &school_year(&[]), "2026-11-23");
        let dg = digest(&r, week_of("2026-11-23"), None);
        let by = |id: &str| {
            dg.moved
                .iter()
                .find(|m| r.goals[m.goal].goal.id == id)
                .cloned()
        };
        let reading = by("reading").expect("reading moved");
        // From the last value before Nov 16 (64) to the newest in it (67.5).
        assert_eq!(reading.before, Some(64.0));
        assert_eq!(reading.value, 67.5);
        assert_eq!(reading.delta, Some(3.5));
        assert_eq!(reading.points, 2);
        assert_eq!(reading.toward_target, Some(true));
        let absence = by("absence").expect("absence moved");
        // No point before the period: from the baseline, 20 → 18.
        assert_eq!(absence.delta, Some(-2.0));
        assert_eq!(absence.toward_target, Some(true));
        assert!(by("quiet").is_none());
        // Newest first.
        assert_eq!(r.goals[dg.moved[0].goal].goal.id, "reading");
    }

    #[test]
    fn practice_weeks_streaks_and_slips() {
        // Every weekday Nov 9–13 done; Nov 16–20 only Mon and Tue.
        let steady = practice("steady", &[]).hits(&[
            "2026-11-02",
            "2026-11-03",
            "2026-11-04",
            "2026-11-05",
            "2026-11-06",
            "2026-11-09",
            "2026-11-10",
            "2026-11-11",
            "2026-11-12",
            "2026-11-13",
            "2026-11-16",
            "2026-11-17",
        ]);
        let fading = practice("fading", &[])
            .hits(&[
                "2026-11-09",
                "2026-11-10",
                "2026-11-11",
                "2026-11-12",
                "2026-11-13",
            ])
            .log("2026-11-16", EntryValue::Done(true))
            .log("2026-11-17", EntryValue::Done(false));
        let r = report(vec![steady, fading], &school_year(&[]), "2026-11-23");
        let dg = digest(&r, week_of("2026-11-23"), None);
        let week = |id: &str| {
            *dg.practices
                .iter()
                .find(|p| r.goals[p.goal].goal.id == id)
                .expect("practice")
        };
        // Nov 16–23: Mon 16, Tue 17 done, Wed–Fri missed; Mon 23 not yet
        // recorded: 2 of 5. Nov 9–15: 5 of 5.
        let s = week("steady");
        assert_eq!(s.this, Some(0.4));
        assert_eq!(s.before, Some(1.0));
        assert_eq!(s.trend, Trend::Down);
        // fading: 1 of 5 against 5 of 5.
        assert_eq!(week("fading").this, Some(0.2));
        // No current streak: the last school day (Fri Nov 20) was missed.
        assert!(dg.streaks.is_empty());
        // steady's 14-day completion on Sun Nov 15 (Nov 2–13: 10 of 10)
        // was on track; today's (Nov 10–20: 6 of 9, Mon 23 not yet
        // counted) is at risk.
        let steady_idx = s.goal;
        assert!(
            dg.slipped
                .iter()
                .any(|c| c.goal == steady_idx && c.from == State::OnTrack && c.to == State::AtRisk),
            "{:?}",
            dg.slipped
        );
    }

    #[test]
    fn a_week_at_target_is_a_streak_worth_celebrating() {
        let five = practice("five", &[]).hits(&[
            "2026-11-16",
            "2026-11-17",
            "2026-11-18",
            "2026-11-19",
            "2026-11-20",
        ]);
        let four =
            practice("four", &[]).hits(&["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]);
        let r = report(vec![five, four], &school_year(&[]), "2026-11-23");
        let dg = digest(&r, week_of("2026-11-23"), None);
        assert_eq!(dg.streaks.len(), 1, "{:?}", dg.streaks);
        let s = dg.streaks[0];
        assert_eq!(r.goals[s.goal].goal.id, "five");
        assert_eq!((s.length, s.best), (5, true));
    }

    #[test]
    fn due_soon_owner_and_cycle() {
        let goals = vec![
            progress("soon", None)
                .aim(0.0, 10.0)
                .window("2026-09-01", "2026-12-04")
                .measure("2026-11-02", 5.0),
            progress("later", None)
                .aim(0.0, 10.0)
                .window("2026-09-01", "2026-12-08")
                .measure("2026-11-02", 5.0),
        ];
        let r = report(goals, &school_year(&[]), "2026-11-20");
        let dg = digest(&r, week_of("2026-11-20"), None);
        // Dec 4 is 14 days after Nov 20, Dec 8 is 18.
        assert_eq!(dg.due.len(), 1);
        assert_eq!(dg.due[0].days_left, 14);
        let c = dg.cycle.clone().expect("a current cycle");
        assert_eq!((c.name.as_str(), c.day, c.days), ("Sprint 6", 12, 14));
        // Nobody owns these: an owner's digest has nothing.
        assert!(digest(&r, week_of("2026-11-20"), Some("reyes")).is_quiet());
    }
}
