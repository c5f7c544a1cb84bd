//! `goalpost.yml`: the repository's settings (FORMAT §6). Every key is optional.

use super::Date;
use crate::diagnostics::{Diagnostic, Location};
use serde::Serialize;

pub const SETTINGS_FILE: &str = "goalpost.yml";
pub const DEFAULT_OUTPUT: &str = "site";
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 14;

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
        }
    }
}

impl Settings {
    pub fn person(&self, id: &str) -> Option<&Person> {
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
    pub settings: Settings,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the settings file is, when there is one.
    pub at: Option<Location>,
}

impl Settings {
    /// The planning cycles, in date order.
    pub fn cycle_list(&self) -> Vec<Cycle> {
        todo!("cycle_list")
    }
}
