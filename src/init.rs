//! `goalpost init`: a small, realistic starter goals repository.
//!
//! The starter has one goal of each kind (purpose → progress → practice),
//! a scorecard for the current two-week sprint, a `goalpost.yml` and a short
//! README, and a GitHub Actions workflow that checks pull requests and
//! publishes the report to GitHub Pages. Its dates are derived from
//! `today`, so a fresh starter shows a live report straight away. Existing
//! files are never overwritten.

use crate::model::Date;
use jiff::ToSpan;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What [`write_starter`] did, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitReport {
    /// The folder written to.
    pub(crate) root: PathBuf,
    /// Files written, relative to `root`, `/`-separated, in writing order.
    pub created: Vec<String>,
    /// Files that already existed and were left untouched.
    pub skipped: Vec<String>,
}

/// One starter file: where it goes (relative, `/`-separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StarterFile {
    pub(crate) path: String,
    pub(crate) contents: String,
}

/// The dates the starter is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StarterDates {
    /// First day of the school year (a Monday): `calendar.start`.
    pub(crate) calendar_start: Date,
    /// Last day of the school year: `calendar.end`.
    pub(crate) calendar_end: Date,
    /// First day of the two-week sprint containing `today` (a Monday).
    pub(crate) cycle_start: Date,
    /// The sprint's number, counted from `calendar_start` (Sprint 1 first).
    pub(crate) cycle_number: i64,
    pub(crate) today: Date,
}

impl StarterDates {
    /// A school year around `today`: it starts on the Monday on or before
    /// 1 September (of this year from July on, else of last year) and ends on
    /// 20 June. When `today` falls outside that year, or in its first
    /// sprint, the start moves earlier so that `today` is at least in the
    /// second sprint and the starter has a previous week to show.
    pub(crate) fn around(today: Date) -> StarterDates {
        let year = if today.month() >= 7 {
            today.year()
        } else {
            today.year() - 1
        };
        let sep1 = Date::new(year, 9, 1).unwrap_or(today);
        let mut start = monday_on_or_before(sep1);
        if today < start.saturating_add(7.days()) {
            start = monday_on_or_before(today).saturating_sub(14.days());
        }
        let mut end = Date::new(year.saturating_add(1), 6, 20).unwrap_or(today);
        let four_weeks_on = today.saturating_add(28.days());
        if end < four_weeks_on {
            end = four_weeks_on;
        }
        let mut elapsed = days_between(start, today);
        if elapsed < 14 {
            start = start.saturating_sub(14.days());
            elapsed += 14;
        }
        let sprint = elapsed / 14;
        let cycle_start = start.saturating_add((sprint * 14).days());
        StarterDates {
            calendar_start: start,
            calendar_end: end,
            cycle_start,
            cycle_number: sprint + 1,
            today,
        }
    }

    fn winter_break(&self) -> (Date, Date) {
        let y = self.calendar_start.year();
        let from = Date::new(y, 12, 21).unwrap_or(self.calendar_start);
        let to = Date::new(y.saturating_add(1), 1, 1).unwrap_or(from);
        (from, to)
    }
}

fn monday_on_or_before(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.saturating_sub(back.days())
}

fn days_between(from: Date, to: Date) -> i64 {
    from.until(to)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
}

const GOALPOST_YML: &str = include_str!("init/goalpost.yml");
const README_MD: &str = include_str!("init/README.md");
const PURPOSE_MD: &str = include_str!("init/purpose.md");
const PROGRESS_MD: &str = include_str!("init/progress.md");
const PRACTICE_MD: &str = include_str!("init/practice.md");
const SCORECARD_MD: &str = include_str!("init/scorecard.md");
const WORKFLOW_YML: &str = include_str!("init/workflow.yml");

/// Where the starter's GitHub workflow puts the CI configuration.
pub(crate) const WORKFLOW_PATH: &str = ".github/workflows/goalpost.yml";

/// The step that installs goalpost, written into each job that needs it.
const INSTALL_STEP: &str = include_str!("init/install-step.yml");

/// goalpost's own repository on GitHub (`owner/name`), where the workflow
/// downloads release binaries from: this build's `Cargo.toml`
/// `repository`, else a placeholder the workflow refuses to run with (it
/// says what to set).
fn release_repository() -> String {
    let url = env!("CARGO_PKG_REPOSITORY");
    let named = url
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .strip_prefix("https://github.com/")
        .filter(|r| r.split('/').count() == 2);
    named.unwrap_or("OWNER/goalpost").to_string()
}

/// The starter's GitHub workflow: this version's release, from
/// [`release_repository`], installed in each job.
pub(crate) fn workflow() -> String {
    let step = INSTALL_STEP
        .trim_end()
        .replace('\n', &format!("\n{}", " ".repeat(6)));
    WORKFLOW_YML
        .replace("@INSTALL_STEP@", &step)
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
        .replace("@REPOSITORY@", &release_repository())
}

/// The starter repository's files for `today`, in writing order.
pub(crate) fn starter_files(today: Date) -> Vec<StarterFile> {
    let dates = StarterDates::around(today);
    let (winter_from, winter_to) = dates.winter_break();
    let year = dates.calendar_start.year();
    let scorecard_name = format!(
        "{:04}-{:02}",
        dates.cycle_start.year(),
        dates.cycle_start.month()
    );

    // Nothing is recorded yet: today's row of the scorecard is blank.
    let rows = format!("| {today} |                  |");

    let fill = |template: &str| -> String {
        template
            .replace("@YEAR@", &year.to_string())
            .replace("@NEXT_YEAR@", &(i32::from(year) + 1).to_string())
            .replace("@TODAY@", &today.to_string())
            .replace("@CAL_START@", &dates.calendar_start.to_string())
            .replace("@CAL_END@", &dates.calendar_end.to_string())
            .replace("@WINTER_FROM@", &winter_from.to_string())
            .replace("@WINTER_TO@", &winter_to.to_string())
            .replace("@CYCLE_START@", &dates.cycle_start.to_string())
            .replace("@CYCLE_NAME@", &format!("Sprint {}", dates.cycle_number))
            .replace("@SCORECARD@", &scorecard_name)
            .replace("@ROWS@", &rows)
    };

    vec![
        StarterFile {
            path: "goalpost.yml".into(),
            contents: fill(GOALPOST_YML),
        },
        StarterFile {
            path: "README.md".into(),
            contents: fill(README_MD),
        },
        StarterFile {
            path: ".gitignore".into(),
            contents: "# The generated report\n/site/\n".into(),
        },
        StarterFile {
            path: "goals/every-reader.md".into(),
            contents: fill(PURPOSE_MD),
        },
        StarterFile {
            path: "goals/reading-at-grade-level.md".into(),
            contents: fill(PROGRESS_MD),
        },
        StarterFile {
            path: "goals/classroom-visits.md".into(),
            contents: fill(PRACTICE_MD),
        },
        StarterFile {
            path: format!("scorecards/{scorecard_name}.md"),
            contents: fill(SCORECARD_MD),
        },
        StarterFile {
            path: WORKFLOW_PATH.into(),
            contents: workflow(),
        },
    ]
}

/// Writes the starter repository into `dir` (created if missing), dated
/// around `today`. A file that already exists, of any kind, is never
/// touched: it is reported in [`InitReport::skipped`].
///
/// Fails only when the folder or a file cannot be created or written.
/// Everything is checked before anything is written: a file or a broken
/// link where a folder of the starter goes is an error naming it, and
/// nothing is written at all.
pub fn write_starter(dir: &Path, today: Date) -> Result<InitReport, io::Error> {
    let files = starter_files(today);
    for file in &files {
        check_folders(dir, &file.path)?;
    }
    fs::create_dir_all(dir)?;
    let mut report = InitReport {
        root: dir.to_path_buf(),
        ..InitReport::default()
    };
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        if write_new(&path, file.contents.as_bytes())? {
            report.created.push(file.path);
        } else {
            report.skipped.push(file.path);
        }
    }
    Ok(report)
}

/// Checks that `dir` and every folder above `rel` in it is a folder, or is
/// not there yet (then it will be made).
fn check_folders(dir: &Path, rel: &str) -> Result<(), io::Error> {
    let mut at = dir.to_path_buf();
    let mut folders = vec![at.clone()];
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        at.push(part);
        folders.push(at.clone());
    }
    for folder in folders {
        let Ok(meta) = fs::symlink_metadata(&folder) else {
            continue; // made when needed
        };
        let problem = if meta.file_type().is_symlink() {
            match fs::metadata(&folder) {
                Ok(target) if target.is_dir() => continue,
                Ok(_) => "is a link to a file, but the starter needs a folder there",
                Err(_) => "is a link to something that does not exist (a broken link)",
            }
        } else if meta.is_dir() {
            continue;
        } else {
            "is a file, but the starter needs a folder there"
        };
        return Err(io::Error::other(format!(
            "{} {problem}; move it away or delete it, or run init in another folder \
             (nothing was written)",
            folder.display()
        )));
    }
    Ok(())
}

/// Creates `path` with `bytes` unless something is already there (a file,
/// a folder, even a dangling symlink). `Ok(false)` means it was left alone.
fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, io::Error> {
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e),
    };
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        // We created it a moment ago: remove the partial file, keep the error.
        drop(file);
        let _ = fs::remove_file(path);
        return Err(e);
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{split, Split};
    use crate::yaml::{self, Value};

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn dates_in_the_middle_of_a_school_year() {
        let d = StarterDates::around(date("2026-11-20"));
        assert_eq!(d.calendar_start, date("2026-08-31"));
        assert_eq!(d.calendar_end, date("2027-06-20"));
        assert_eq!(d.cycle_start, date("2026-11-09"));
        assert_eq!(d.cycle_number, 6);
    }

    #[test]
    fn spring_belongs_to_the_school_year_that_began_last_autumn() {
        let d = StarterDates::around(date("2027-03-03"));
        assert_eq!(d.calendar_start, date("2026-08-31"));
        assert_eq!(d.calendar_end, date("2027-06-20"));
        assert_eq!(d.cycle_start, date("2027-03-01"));
        assert_eq!(d.cycle_number, 14);
    }

    #[test]
    fn first_week_and_summer_move_the_start_back() {
        // First week of school: a previous sprint is made up so there is history.
        let d = StarterDates::around(date("2026-09-02"));
        assert_eq!(d.calendar_start, date("2026-08-17"));
        assert_eq!(d.cycle_start, date("2026-08-31"));
        assert_eq!(d.cycle_number, 2);
        // Late June: the year is stretched so today is inside it.
        let d = StarterDates::around(date("2027-06-24"));
        assert_eq!(d.calendar_end, date("2027-07-22"));
        assert!(d.cycle_start <= date("2027-06-24"));
    }

    #[test]
    fn the_november_starter_reads_as_written() {
        let files = starter_files(date("2026-11-20"));
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "goalpost.yml",
                "README.md",
                ".gitignore",
                "goals/every-reader.md",
                "goals/reading-at-grade-level.md",
                "goals/classroom-visits.md",
                "scorecards/2026-11.md",
                ".github/workflows/goalpost.yml",
            ]
        );
        // No invented history: every goal starts today, nothing is recorded.
        for file in &files[3..6] {
            assert!(
                file.contents.contains("start: 2026-11-20\n"),
                "{}",
                file.contents
            );
            assert!(!file.contents.contains("\nlog:"), "{}", file.contents);
            assert!(
                !file.contents.contains("\nmeasurements:"),
                "{}",
                file.contents
            );
        }
        let scorecard = &files[6].contents;
        assert!(scorecard.contains("title: My daily scorecard — Sprint 6"));
        // One row, today's, blank: not yet recorded.
        let rows: Vec<&str> = scorecard.lines().filter(|l| l.starts_with("| 2")).collect();
        assert_eq!(rows, ["| 2026-11-20 |                  |"], "{scorecard}");
        // Every owner is listed under `people:`.
        let settings = yaml::parse(&files[0].contents).unwrap();
        let people = settings.get("people").unwrap();
        for file in &files[3..7] {
            let split = split(&file.contents);
            let Split::Yaml { yaml: text, .. } = split else {
                panic!()
            };
            let v = yaml::parse(&text).unwrap();
            let owner = v.get("owner").and_then(Value::as_str).unwrap();
            assert!(people.get(owner).is_some(), "{owner} in {}", file.path);
        }
        // No `@NAME@` placeholder is left (the workflow's `uses: x@v6` is no placeholder).
        for file in &files {
            let parts: Vec<&str> = file.contents.split('@').collect();
            let left = parts
                .iter()
                .skip(1)
                .take(parts.len().saturating_sub(2))
                .find(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
            assert_eq!(left, None, "a placeholder was left in {}", file.path);
        }
    }

    /// The workflow is YAML with a check on pull requests and a publication
    /// to GitHub Pages by the official actions.
    #[test]
    fn the_workflow_checks_and_publishes() {
        let files = starter_files(date("2026-11-20"));
        let workflow = files.iter().find(|f| f.path == WORKFLOW_PATH).unwrap();
        let v = yaml::parse(&workflow.contents).unwrap();
        let jobs = v.get("jobs").unwrap();
        assert!(jobs.get("report").is_some() && jobs.get("deploy").is_some());
        // Publication never waits for the check: errors are on the report.
        let needs = |job: &str| {
            jobs.get(job)
                .and_then(|j| j.get("needs"))
                .map(|n| format!("{n:?}"))
                .unwrap_or_default()
        };
        assert!(!needs("report").contains("check"), "{}", needs("report"));
        assert!(needs("deploy").contains("report") && !needs("deploy").contains("check"));
        let text = &workflow.contents;
        assert!(
            text.contains("run: goalpost build --out \"$RUNNER_TEMP/report\" || [ $? -eq 1 ]\n"),
            "{text}"
        );
        // The Monday digest: one line turns it off.
        let schedule = text
            .lines()
            .filter(|l| l.contains("cron"))
            .collect::<Vec<_>>();
        assert_eq!(schedule.len(), 1, "{text}");
        assert!(schedule[0].trim_start().starts_with("schedule: [{cron:"));
        assert!(text.contains("gh issue create"));
        assert_eq!(text.matches("- name: Install goalpost").count(), 3);
        assert!(text.contains("sha256sum -c"));
        assert!(
            text.contains("run: goalpost check --format github\n"),
            "{text}"
        );
        for action in [
            "actions/checkout@v6",
            "actions/configure-pages@v6",
            "actions/upload-pages-artifact@v5",
            "actions/deploy-pages@v5",
        ] {
            assert!(text.contains(&format!("uses: {action}\n")), "{action}");
        }
        assert!(
            text.contains(&format!(
                "GOALPOST_VERSION: \"{}\"",
                env!("CARGO_PKG_VERSION")
            )),
            "{text}"
        );
    }

    /// Every starter, for every day of two years, is valid YAML with dates
    /// inside the goal windows and never after today.
    #[test]
    fn every_day_gives_a_consistent_starter() {
        let mut today = date("2026-06-01");
        while today <= date("2028-06-01") {
            for file in starter_files(today) {
                check_file(&file, today);
            }
            today = today.saturating_add(1.days());
        }
    }

    fn check_file(file: &StarterFile, today: Date) {
        let ctx = format!("{} on {today}", file.path);
        if file.path == "goalpost.yml" {
            let v = yaml::parse(&file.contents).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
            let cal = v.get("calendar").unwrap();
            let start = date(cal.get("start").unwrap().as_str().unwrap());
            let end = date(cal.get("end").unwrap().as_str().unwrap());
            assert!(start <= today && today < end, "{ctx}");
            assert_eq!(start.weekday(), jiff::civil::Weekday::Monday, "{ctx}");
            return;
        }
        if !file.path.ends_with(".md") {
            return;
        }
        let split = split(&file.contents);
        if file.path == "README.md" {
            assert_eq!(split, Split::Plain, "{ctx}");
            return;
        }
        let Split::Yaml {
            yaml: text, body, ..
        } = split
        else {
            panic!("{ctx}: no frontmatter")
        };
        let v = yaml::parse(&text).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
        assert!(matches!(v, Value::Map(_)), "{ctx}");
        let window_start = v.get("start").and_then(Value::as_str).map(date);
        let mut dated: Vec<Date> = Vec::new();
        for key in ["log", "measurements"] {
            if let Some(Value::Map(entries)) = v.get(key) {
                dated.extend(entries.iter().map(|(k, _)| date(k)));
            }
        }
        for line in body.lines().filter(|l| l.starts_with("| 2")) {
            dated.push(date(line[2..12].trim()));
        }
        if v.get("kind").and_then(Value::as_str) == Some("scorecard") {
            assert!(!dated.is_empty(), "{ctx}: no rows");
        }
        for d in dated {
            assert!(d <= today, "{ctx}: {d} is after today");
            if let Some(s) = window_start {
                assert!(d >= s, "{ctx}: {d} is before the goal's start {s}");
            }
        }
    }
}
