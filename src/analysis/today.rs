//! What `goalpost today` shows (FORMAT §10): per owner, the practices
//! scheduled today — for a weekly practice, the running week — with what
//! is recorded so far, the streak and the buffer, and the progress goals due within the
//! next 14 days. Decisions only; the terminal text is [`crate::render::today`].
//!
//! Private goals stay out (as in every output without `--include-private`),
//! and so do goals that are not `active`.

use super::calendar::{day_num, monday, weekday, SchoolDays, Window};
use super::{GoalReport, Report, State};
use crate::model::{Cadence, Date, EntryValue, Goal, Kind};

/// Progress goals due today or up to this many days ahead are listed.
pub(crate) const DUE_WITHIN_DAYS: i32 = 14;

#[derive(Debug, Clone, PartialEq)]
pub struct Agenda {
    pub(crate) today: Date,
    /// The cycle containing today, by name.
    pub(crate) cycle: Option<String>,
    /// One per owner with something to show, in the order of `people:`,
    /// then by id; goals without an owner last.
    pub(crate) owners: Vec<OwnerAgenda>,
    /// On a sprint's first day, who has no commitments for it (FORMAT §12).
    pub(crate) new_sprint: Option<super::coaching::NewSprint>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OwnerAgenda {
    /// The person's id (`None`: goals with no owner).
    pub(crate) id: Option<String>,
    /// Their name from `people:`, if listed.
    pub(crate) name: Option<String>,
    pub(crate) practices: Vec<PracticeToday>,
    pub(crate) due: Vec<DueSoon>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PracticeToday {
    pub(crate) id: String,
    pub(crate) title: String,
    /// "Private" or "Personal — only on this computer" ([`super::visible::mark`]).
    pub(crate) mark: Option<&'static str>,
    pub(crate) weekly: bool,
    pub(crate) target: f64,
    pub(crate) unit: Option<String>,
    /// A yes/no practice ([`crate::model::PracticeSpec::is_yes_no`]).
    pub(crate) yes_no: bool,
    /// What is recorded today (the running week's sum for a weekly one).
    pub(crate) entry: TodayEntry,
    pub(crate) streak: u32,
    /// How many more scheduled periods of the current cycle can be missed
    /// with its completion still reaching 80% (FORMAT §7 `buffer`);
    /// negative when 80% is out of reach; `None` without a current cycle.
    pub(crate) buffer: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum TodayEntry {
    NotYet,
    Skip,
    /// The amount recorded (yes = the target), and whether it reaches it.
    Done {
        amount: f64,
        at_target: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DueSoon {
    pub(crate) id: String,
    pub(crate) title: String,
    /// "Private" or "Personal — only on this computer" ([`super::visible::mark`]).
    pub(crate) mark: Option<&'static str>,
    pub(crate) due: Date,
    /// Days from today to `due` (0: due today).
    pub(crate) days_left: i32,
    pub(crate) state: State,
    pub(crate) latest: Option<f64>,
    pub(crate) target: Option<f64>,
    pub(crate) unit: Option<String>,
}

/// The agenda of `report` (computed for its `today`), for one owner or all.
pub fn agenda(report: &Report, owner: Option<&str>) -> Agenda {
    let today = report.today;
    let days = SchoolDays::new(&report.settings, today);
    let n = days.today;
    let mut owners: Vec<OwnerAgenda> = Vec::new();
    let mut items: Vec<(Option<String>, Item)> = Vec::new();
    for g in &report.goals {
        let goal = &g.goal;
        if !goal.is_active() {
            continue;
        }
        let item = match goal.kind {
            Kind::Practice => match practice_today(n, g) {
                Some(p) => Item::Practice(p),
                None => continue,
            },
            Kind::Progress => {
                let Some(due) = goal.due else { continue };
                let left = day_num(due) - n;
                if !(0..=DUE_WITHIN_DAYS).contains(&left) {
                    continue;
                }
                let fig = g.progress.as_ref();
                Item::Due(DueSoon {
                    id: goal.id.clone(),
                    title: goal.title.clone(),
                    mark: super::visible::mark(goal),
                    due,
                    days_left: left,
                    state: g.state,
                    latest: fig.and_then(|f| f.latest),
                    target: fig.and_then(|f| f.target),
                    unit: goal.progress().and_then(|p| p.unit.clone()),
                })
            }
            Kind::Purpose | Kind::Coaching | Kind::Reflection => continue,
        };
        if goal.owners.is_empty() {
            items.push((None, item));
        } else {
            for o in &goal.owners {
                items.push((Some(o.clone()), item.clone()));
            }
        }
    }
    // People in the order `people:` lists them, then the others by id,
    // then goals nobody owns.
    let rank = |id: &Option<String>| match id {
        Some(p) => match report.settings.people.iter().position(|x| &x.id == p) {
            Some(i) => (0, i, p.clone()),
            None => (1, 0, p.clone()),
        },
        None => (2, 0, String::new()),
    };
    items.sort_by_key(|(id, _)| rank(id));
    for (id, item) in items {
        if owner.is_some_and(|o| id.as_deref() != Some(o)) {
            continue;
        }
        let i = match owners.iter().position(|o| o.id == id) {
            Some(i) => i,
            None => {
                owners.push(OwnerAgenda {
                    name: id
                        .as_deref()
                        .and_then(|p| report.settings.person(p))
                        .map(|p| p.name.clone()),
                    id,
                    practices: Vec::new(),
                    due: Vec::new(),
                });
                owners.len() - 1
            }
        };
        match item {
            Item::Practice(p) => owners[i].practices.push(p),
            Item::Due(d) => owners[i].due.push(d),
        }
    }
    for o in &mut owners {
        o.due.sort_by_key(|d| (d.due, d.id.clone()));
    }
    Agenda {
        today,
        cycle: report
            .current_cycle
            .and_then(|i| report.cycles.get(i))
            .map(|c| c.name.clone()),
        owners,
        new_sprint: super::coaching::new_sprint(report, owner),
    }
}

/// The practices scheduled today (for a weekly one: in the running week),
/// with their place in `report.goals`: what `today` lists, and where
/// `serve --allow-edits` offers a check-in. Inactive goals stay out;
/// private ones are those `report` still has ([`Report::visible`]).
pub fn practices_today(report: &Report) -> Vec<(usize, PracticeToday)> {
    let n = day_num(report.today);
    report
        .goals
        .iter()
        .enumerate()
        .filter_map(|(i, g)| Some((i, practice_today(n, g)?)))
        .collect()
}

/// Whether `goal` is an active practice scheduled on day `days.today`
/// (for a weekly one: on a day of the running week), decided once as the
/// goal is measured ([`GoalReport::scheduled_today`]). A goal whose file
/// cannot be read is not.
pub(crate) fn is_scheduled(days: &SchoolDays, goal: &Goal) -> bool {
    let Some(spec) = goal.practice() else {
        return false;
    };
    if !goal.is_active() || goal.is_placeholder() {
        return false;
    }
    let n = days.today;
    let window = Window::of(goal);
    let cadence = spec.cadence;
    let open = |d: i32| {
        days.is_open(d) && window.contains(d) && (cadence != Cadence::Weekdays || weekday(d) < 5)
    };
    span(cadence, n).any(open)
}

/// The days of day `n`'s period: the running week for a weekly practice,
/// else the day itself.
fn span(cadence: Cadence, n: i32) -> std::ops::RangeInclusive<i32> {
    match cadence {
        Cadence::Weekly => monday(n)..=monday(n) + 6,
        _ => n..=n,
    }
}

/// What is recorded on day `n` (the running week, for a weekly practice)
/// of a practice scheduled then.
fn practice_today(n: i32, g: &GoalReport) -> Option<PracticeToday> {
    let goal = &g.goal;
    let (true, Some(spec), Some(fig), Some((cadence, target))) = (
        g.scheduled_today,
        goal.practice(),
        g.practice.as_ref(),
        g.rhythm(),
    ) else {
        return None;
    };
    let weekly = cadence == Cadence::Weekly;
    let span = span(cadence, n);
    // The log is sorted by date: read back from its end.
    let recorded: Vec<EntryValue> = spec
        .log
        .iter()
        .rev()
        .map(|e| (day_num(e.date), e.value))
        .take_while(|(d, _)| *span.start() <= *d)
        .filter(|(d, _)| *d <= n)
        .map(|(_, v)| v)
        .collect();
    let amount: f64 = recorded
        .iter()
        .map(|v| match v {
            EntryValue::Number(x) => *x,
            EntryValue::Done(true) => target,
            _ => 0.0,
        })
        .sum();
    let counted = recorded.iter().any(|v| *v != EntryValue::Skip);
    let entry = if counted {
        TodayEntry::Done {
            amount,
            at_target: amount >= target - 1e-9,
        }
    } else if recorded.is_empty() {
        TodayEntry::NotYet
    } else {
        TodayEntry::Skip
    };
    Some(PracticeToday {
        id: goal.id.clone(),
        title: goal.title.clone(),
        mark: super::visible::mark(goal),
        weekly,
        target,
        unit: spec.unit.clone(),
        yes_no: spec.is_yes_no(),
        entry,
        streak: fig.streak,
        buffer: fig.outlook.and_then(|o| o.stated_buffer()),
    })
}

#[derive(Debug, Clone)]
enum Item {
    Practice(PracticeToday),
    Due(DueSoon),
}
