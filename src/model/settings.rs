//! `goalpost.yml`: the repository's settings (FORMAT §6). Every key is optional.
//!
//! Here the settings' types and the reading of the file; the three
//! sections with a structure of their own (`calendar`, `people`, `cycles`)
//! are read in `settings/sections.rs`.

mod sections;

use sections::{read_calendar, read_cycles, read_people};

use super::fields::Reader;
use super::locate::KeyIndex;
use super::Date;
use crate::diagnostics::{Diagnostic, Location, Pos};
use crate::yaml::{self, Value};
use serde::Serialize;
use std::path::Path;

pub(crate) const SETTINGS_FILE: &str = "goalpost.yml";
pub(crate) const DEFAULT_OUTPUT: &str = "site";
/// Days without a record before a goal is `stale`, unless `goalpost.yml`
/// says `stale_after_days` (a setting's default lives with the setting;
/// `analysis::rules` lists it with the other rules).
pub(crate) const DEFAULT_STALE_AFTER_DAYS: u32 = 14;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub title: String,
    /// Output folder, relative to the goals repository.
    pub output: String,
    /// Pinned "today" for reproducible reports.
    pub today: Option<Date>,
    pub stale_after_days: u32,
    pub calendar: Option<Calendar>,
    pub cycles: CycleSpec,
    /// In the order written.
    pub people: Vec<Person>,
    /// Where "Edit this goal" links lead: a URL with `{path}` for the
    /// file's path (FORMAT §6 v3).
    pub edit_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            title: "Goals".to_string(),
            output: DEFAULT_OUTPUT.to_string(),
            today: None,
            stale_after_days: DEFAULT_STALE_AFTER_DAYS,
            calendar: None,
            cycles: CycleSpec::None,
            people: Vec::new(),
            edit_url: None,
        }
    }
}

impl Settings {
    pub(crate) fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// Whether `date` falls in a break of the school calendar.
    pub fn break_on(&self, date: Date) -> Option<&Break> {
        self.calendar
            .as_ref()?
            .breaks
            .iter()
            .find(|b| b.from <= date && date <= b.to)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calendar {
    pub start: Date,
    pub end: Date,
    pub breaks: Vec<Break>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Break {
    pub name: String,
    pub from: Date,
    pub to: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
}

/// How the year is cut into planning cycles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CycleSpec {
    /// No cycles configured.
    None,
    /// Back-to-back cycles of this many weeks from `calendar.start`
    /// (`1w` = "Week N", `2w` = "Sprint N", other lengths = "Cycle N").
    Weeks(u32),
    /// The school year (`calendar.start`..`calendar.end`) in four equal parts, "Q1".."Q4".
    Quarter,
    /// An explicit list.
    List(Vec<Cycle>),
}

/// One planning cycle (a sprint, a quarter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cycle {
    /// File-safe id: the name lower-cased with runs of other characters as `-` (`sprint-6`).
    pub id: String,
    pub name: String,
    pub start: Date,
    pub end: Date,
}

impl Cycle {
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }

    /// Number of calendar days, both ends included.
    pub fn days(&self) -> i32 {
        (self.end - self.start).get_days() + 1
    }
}

/// The result of reading `goalpost.yml`: settings (defaults where the file
/// is missing or a key is wrong) and what was wrong.
#[derive(Debug, Clone, Default)]
pub struct LoadedSettings {
    pub(crate) settings: Settings,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Settings {
    /// The planning cycles, in date order. Generated cycles need a calendar.
    pub(crate) fn cycle_list(&self) -> Vec<Cycle> {
        let cal = self.calendar.as_ref();
        match (&self.cycles, cal) {
            (CycleSpec::None, _) => Vec::new(),
            (CycleSpec::List(list), _) => list.clone(),
            (CycleSpec::Weeks(n), Some(cal)) => {
                let label = match n {
                    1 => "Week",
                    2 => "Sprint",
                    _ => "Cycle",
                };
                let span = jiff::Span::new().days(i64::from(*n) * 7);
                let mut out = Vec::new();
                let mut start = cal.start;
                while start <= cal.end && out.len() < 1000 {
                    let Ok(next) = start.checked_add(span) else {
                        break;
                    };
                    let end = next.yesterday().unwrap_or(next).min(cal.end);
                    let name = format!("{label} {}", out.len() + 1);
                    out.push(Cycle {
                        id: slug(&name),
                        name,
                        start,
                        end,
                    });
                    start = next;
                }
                out
            }
            (CycleSpec::Quarter, Some(cal)) => {
                let days = i64::from((cal.end - cal.start).get_days()) + 1;
                (0..4)
                    .filter_map(|q| {
                        let from = days * q / 4;
                        let to = days * (q + 1) / 4 - 1;
                        let start = cal.start.checked_add(jiff::Span::new().days(from)).ok()?;
                        let end = cal.start.checked_add(jiff::Span::new().days(to)).ok()?;
                        let name = format!("Q{}", q + 1);
                        Some(Cycle {
                            id: slug(&name),
                            name,
                            start,
                            end,
                        })
                    })
                    .collect()
            }
            (_, None) => Vec::new(),
        }
    }
}

/// A file-safe id: lower-case letters and digits, other runs as `-`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

const FIELDS: &[&str] = &[
    "title",
    "output",
    "today",
    "stale_after_days",
    "calendar",
    "cycles",
    "people",
    "edit_url",
];

/// Reads `goalpost.yml` from the repository root. A missing file gives the
/// defaults; a broken one gives the defaults for whatever could not be read,
/// plus diagnostics. `Err` only when the file exists but cannot be read.
pub fn load(root: &Path) -> Result<LoadedSettings, std::io::Error> {
    let path = root.join(SETTINGS_FILE);
    match std::fs::metadata(&path) {
        // Never opened: a FIFO would block the read for ever.
        Ok(meta) if !meta.is_file() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{SETTINGS_FILE} is not a regular file (a folder, FIFO, socket or device); \
                     replace it with a text file of settings, or remove it"
                ),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LoadedSettings::default()),
        _ => {}
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LoadedSettings::default()),
        Err(e) => return Err(e),
    };
    Ok(parse(&bytes))
}

/// Parses the text of `goalpost.yml`.
pub fn parse(bytes: &[u8]) -> LoadedSettings {
    let at = Location::new(SETTINGS_FILE, Pos::new(1, 1));
    let mut out = LoadedSettings::default();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(_) => {
            out.diagnostics.push(
                Diagnostic::error("invalid-utf8", &at, "goalpost.yml is not valid UTF-8 text")
                    .with_hint("save it as UTF-8"),
            );
            return out;
        }
    };
    let text = text.replace("\r\n", "\n");
    let map = match yaml::parse(&text) {
        Ok(Value::Map(m)) => m,
        Ok(Value::Null) => return out,
        Ok(other) => {
            out.diagnostics.push(Diagnostic::error(
                "frontmatter-not-mapping",
                &at,
                format!(
                    "goalpost.yml is {}, but it should be `setting: value` lines",
                    other.type_name()
                ),
            ));
            return out;
        }
        Err(e) => {
            let at = Location::new(SETTINGS_FILE, e.pos);
            out.diagnostics.push(
                Diagnostic::error(
                    "yaml-syntax",
                    &at,
                    format!("goalpost.yml is not valid YAML: {}", e.message),
                )
                .with_hint(e.hint(&text))
                .with_width(e.width),
            );
            return out;
        }
    };
    let mut r = Reader::new(SETTINGS_FILE, KeyIndex::new(&text, 1));
    r.unknown_fields(&[], &map, FIELDS, &|_| None);
    let s = &mut out.settings;
    for (key, v) in &map {
        let path = [key.as_str()];
        match key.as_str() {
            "title" => {
                if let Some(t) = r.text(&path, v) {
                    s.title = t;
                }
            }
            "output" => match r.text(&path, v) {
                Some(o) if !o.is_empty() => s.output = o,
                _ => {}
            },
            "today" => s.today = r.date(&path, v),
            "stale_after_days" => match r.number(&path, v) {
                Some(n) if n >= 1.0 && n.fract() == 0.0 => s.stale_after_days = n as u32,
                Some(_) => r.value_error(
                    "invalid-value",
                    &path,
                    "`stale_after_days` must be a whole number of days, 1 or more".into(),
                    "e.g. `stale_after_days: 14`",
                ),
                None => {}
            },
            "calendar" => s.calendar = read_calendar(&mut r, v),
            "people" => s.people = read_people(&mut r, v),
            "edit_url" => match r.text(&path, v) {
                Some(url) if is_edit_url(&url) => s.edit_url = Some(url),
                Some(_) => r.value_error(
                    "invalid-value",
                    &path,
                    "`edit_url` should be an http(s) address with `{path}` where the file's path goes"
                        .into(),
                    "e.g. `edit_url: https://github.com/OWNER/REPO/edit/main/{path}`",
                ),
                None => {}
            },
            _ => {}
        }
    }
    if let Some(v) = map.iter().find(|(k, _)| k == "cycles").map(|(_, v)| v) {
        s.cycles = read_cycles(&mut r, v, s.calendar.is_some());
    }
    out.diagnostics.append(&mut r.diagnostics);
    out
}

/// An address "Edit this goal" links can be made from: `http(s)://…`
/// with `{path}` in it.
pub fn is_edit_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://")) && url.contains("{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn two_week_sprints_from_calendar_start() {
        let loaded = parse(b"calendar: {start: 2026-08-31, end: 2027-06-25}\ncycles: 2w\n");
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let cycles = loaded.settings.cycle_list();
        assert_eq!(cycles[0].name, "Sprint 1");
        assert_eq!(
            (cycles[0].start, cycles[0].end),
            (d("2026-08-31"), d("2026-09-13"))
        );
        assert_eq!(cycles[5].id, "sprint-6");
        assert_eq!(
            (cycles[5].start, cycles[5].end),
            (d("2026-11-09"), d("2026-11-22"))
        );
        assert_eq!(cycles.last().unwrap().end, d("2027-06-25"));
    }

    #[test]
    fn quarters_split_the_year_in_four() {
        let loaded = parse(b"calendar: {start: 2026-09-01, end: 2026-12-08}\ncycles: quarter\n");
        let q = loaded.settings.cycle_list();
        assert_eq!(q.len(), 4);
        assert_eq!(q[0].start, d("2026-09-01"));
        assert_eq!(q[3].end, d("2026-12-08"));
        assert_eq!(q[1].start, q[0].end.tomorrow().unwrap());
    }

    #[test]
    fn duplicate_and_overlapping_cycles_are_reported() {
        let loaded = parse(
            b"cycles:\n  - {name: A, start: 2026-09-01, end: 2026-09-14}\n  - {name: a, start: 2026-09-10, end: 2026-09-20}\n",
        );
        let codes: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| (d.code, d.severity))
            .collect();
        assert_eq!(
            codes,
            [
                ("invalid-value", crate::diagnostics::Severity::Error),
                ("invalid-window", crate::diagnostics::Severity::Warning)
            ]
        );
    }

    #[test]
    fn settings_errors_point_at_their_line() {
        let loaded = parse(b"title: X\ntodya: 2026-11-20\nstale_after_days: soon\n");
        let codes: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| (d.code, d.line))
            .collect();
        assert_eq!(codes, [("unknown-field", 2), ("wrong-type", 3)]);
        assert_eq!(
            loaded.diagnostics[0].hint.as_deref(),
            Some("did you mean `today`?")
        );
    }
}
