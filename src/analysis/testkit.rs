//! Builders for hand-made goals in unit tests.

use crate::diagnostics::{Location, Pos};
use crate::graph::{self, Graph};
use crate::model::settings::Cycle;
use crate::model::{Break, Calendar, Date, Settings};
use crate::model::{
    Cadence, Details, Entry, EntryValue, Goal, Kind, Measurement, ParsedFile, PracticeSpec,
    ProgressSpec, PurposeSpec, Reference, Scorecard, ScorecardCell, SeriesSource, Status,
    Visibility,
};

pub(crate) fn d(s: &str) -> Date {
    s.parse()
        .unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

pub(crate) fn at(file: &str, line: u32) -> Location {
    Location::new(file, Pos::new(line, 1))
}

fn reference(id: &str, file: &str, line: u32) -> Reference {
    Reference {
        id: id.to_string(),
        at: at(file, line),
    }
}

pub(crate) fn goal(id: &str, details: Details) -> Goal {
    let kind = match details {
        Details::Purpose(_) => Kind::Purpose,
        Details::Progress(_) => Kind::Progress,
        Details::Practice(_) => Kind::Practice,
        Details::Coaching(_) => Kind::Coaching,
        Details::Reflection(_) => Kind::Reflection,
    };
    let file = format!("goals/{id}.md");
    Goal {
        title: format!("Title of {id}"),
        body_line: 20,
        details,
        ..Goal::new(id.to_string(), kind, &file, at(&file, 1))
    }
}

pub(crate) fn purpose(id: &str) -> Goal {
    goal(id, Details::Purpose(PurposeSpec::default()))
}

pub(crate) fn progress(id: &str, purpose: Option<&str>) -> Goal {
    let file = format!("goals/{id}.md");
    goal(
        id,
        Details::Progress(ProgressSpec {
            purpose: purpose.map(|p| reference(p, &file, 3)),
            ..ProgressSpec::default()
        }),
    )
}

pub(crate) fn practice(id: &str, serves: &[&str]) -> Goal {
    let file = format!("goals/{id}.md");
    goal(
        id,
        Details::Practice(PracticeSpec {
            serves: serves.iter().map(|s| reference(s, &file, 3)).collect(),
            ..PracticeSpec::default()
        }),
    )
}

/// Chainable changes to a test goal.
pub(crate) trait Build: Sized {
    fn window(self, start: &str, due: &str) -> Self;
    fn status(self, status: Status) -> Self;
    fn allow(self, code: &str) -> Self;
    fn in_file(self, file: &str, line: u32) -> Self;
    fn cycle(self, name: &str) -> Self;
    fn titled(self, title: &str) -> Self;
    /// Progress: baseline and target.
    fn aim(self, baseline: f64, target: f64) -> Self;
    fn measure(self, date: &str, value: f64) -> Self;
    fn measure_from(self, date: &str, value: f64, source: SeriesSource) -> Self;
    fn current(self, value: f64) -> Self;
    /// Practice.
    fn cadence(self, cadence: Cadence) -> Self;
    fn per_period(self, target: f64) -> Self;
    fn log(self, date: &str, value: EntryValue) -> Self;
    /// Logs `yes` on every listed date.
    fn hits(self, dates: &[&str]) -> Self;
}

fn line_of(goal: &Goal) -> u32 {
    match &goal.details {
        Details::Practice(p) => 10 + p.log.len() as u32,
        Details::Progress(p) => 10 + p.measurements.len() as u32,
        Details::Purpose(_) | Details::Coaching(_) | Details::Reflection(_) => 10,
    }
}

impl Build for Goal {
    fn window(mut self, start: &str, due: &str) -> Self {
        self.start = Some(d(start));
        self.due = Some(d(due));
        self
    }
    fn status(mut self, status: Status) -> Self {
        self.status = status;
        self
    }
    fn allow(mut self, code: &str) -> Self {
        self.allow.push(code.parse().expect("a lint's name"));
        self
    }
    fn in_file(mut self, file: &str, line: u32) -> Self {
        self.file = file.to_string();
        self.at = at(file, line);
        self
    }
    fn cycle(mut self, name: &str) -> Self {
        let r = reference(name, &self.file, 5);
        self.cycles.push(r);
        self
    }
    fn titled(mut self, title: &str) -> Self {
        self.title = title.to_string();
        self
    }
    fn aim(mut self, baseline: f64, target: f64) -> Self {
        if let Details::Progress(p) = &mut self.details {
            p.baseline = Some(baseline);
            p.target = Some(target);
        }
        self
    }
    fn measure(self, date: &str, value: f64) -> Self {
        self.measure_from(date, value, SeriesSource::Measurements)
    }
    fn measure_from(mut self, date: &str, value: f64, source: SeriesSource) -> Self {
        let line = line_of(&self);
        let here = at(&self.file, line);
        if let Details::Progress(p) = &mut self.details {
            p.measurements.push(Measurement {
                date: d(date),
                value,
                note: None,
                source,
                at: here,
            });
            p.measurements.sort_by_key(|m| m.date);
        }
        self
    }
    fn current(mut self, value: f64) -> Self {
        let here = at(&self.file, 9);
        if let Details::Progress(p) = &mut self.details {
            p.current = Some(value);
            p.current_at = Some(here);
        }
        self
    }
    fn cadence(mut self, cadence: Cadence) -> Self {
        if let Details::Practice(p) = &mut self.details {
            p.cadence = cadence;
        }
        self
    }
    fn per_period(mut self, target: f64) -> Self {
        if let Details::Practice(p) = &mut self.details {
            p.target = target;
        }
        self
    }
    fn log(mut self, date: &str, value: EntryValue) -> Self {
        let line = line_of(&self);
        let here = at(&self.file, line);
        if let Details::Practice(p) = &mut self.details {
            std::sync::Arc::make_mut(&mut p.log).push(Entry {
                date: d(date),
                value,
                note: None,
                at: here,
            });
            std::sync::Arc::make_mut(&mut p.log).sort_by_key(|e| e.date);
        }
        self
    }
    fn hits(self, dates: &[&str]) -> Self {
        dates
            .iter()
            .fold(self, |g, day| g.log(day, EntryValue::Done(true)))
    }
}

pub(crate) fn file_of(goals: Vec<Goal>) -> ParsedFile {
    ParsedFile {
        goals: goals.into_iter().map(std::sync::Arc::new).collect(),
        ..ParsedFile::default()
    }
}

pub(crate) fn graph_of(goals: Vec<Goal>) -> Graph {
    graph::resolve([&file_of(goals)], &[])
}

/// A scorecard with one column per `(header, header line)` and cells
/// `(header, date, value, line)`.
pub(crate) fn scorecard(file: &str, cells: &[(&str, &str, EntryValue, u32)]) -> Scorecard {
    Scorecard {
        file: file.to_string(),
        title: None,
        owners: vec!["principal".to_string()],
        at: at(file, 1),
        visibility: Visibility::Shared,
        cells: cells
            .iter()
            .map(|&(header, date, value, line)| ScorecardCell {
                practice: Reference {
                    id: header.to_string(),
                    at: Location::new(file, Pos::new(6, 3)),
                },
                entry: Entry {
                    date: d(date),
                    value,
                    note: None,
                    at: Location::new(file, Pos::new(line, 3)),
                },
            })
            .collect(),
    }
}

pub(crate) fn cycle(name: &str, start: &str, end: &str) -> Cycle {
    Cycle {
        id: name.to_lowercase().replace(' ', "-"),
        name: name.to_string(),
        start: d(start),
        end: d(end),
    }
}

/// Settings with a school year 2026-08-31 .. 2027-06-25 and the given breaks.
pub(crate) fn school_year(breaks: &[(&str, &str)]) -> Settings {
    Settings {
        calendar: Some(Calendar {
            start: d("2026-08-31"),
            end: d("2027-06-25"),
            breaks: breaks
                .iter()
                .map(|&(from, to)| Break {
                    name: "Break".to_string(),
                    from: d(from),
                    to: d(to),
                })
                .collect(),
        }),
        ..Settings::default()
    }
}
