//! `goalpost log`: record one entry in a goal file (FORMAT §10).

use goalpost::edit::{self, write, LogRequest};
use goalpost::project;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// The practice or progress goal (its id)
    pub id: String,
    /// What to record: for a practice a number, yes/no, ✓/✗ or skip (default:
    /// its target); for a progress goal the measured number. The goal's unit
    /// may follow (`38%`, `3 visits`). A folder here that is no value is DIR
    pub value: Option<String>,
    /// The day it is for (YYYY-MM-DD; default: today)
    #[arg(long, value_parser = super::parse_date)]
    pub date: Option<goalpost::Date>,
    /// A note to keep with the entry
    #[arg(long)]
    pub note: Option<String>,
    /// Replace a different entry already recorded for that day
    #[arg(long)]
    pub force: bool,
    /// Commit the changed file (alone) with git
    #[arg(long)]
    pub commit: bool,
    #[command(flatten)]
    pub repo: super::Where,
    /// Pretend today is this date (YYYY-MM-DD): the default for --date
    #[arg(long, value_parser = super::parse_date)]
    pub today: Option<goalpost::Date>,
    #[command(flatten)]
    pub personal: super::PersonalArg,
}

pub fn run(mut args: Args) -> u8 {
    // `log ID DIR`: a second argument that names a folder and is no value.
    let names_folder = args.value.as_deref().is_some_and(|v| {
        std::path::Path::new(v).is_dir() && goalpost::model::value::parse_cell(v).is_none()
    });
    if args.repo.dir.is_none() && args.repo.at.is_none() && names_folder {
        args.repo.dir = args.value.take().map(PathBuf::from);
    }
    let project = match super::load_for_edit(&args.repo.resolve(), args.personal.resolve()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let today = project::today(args.today, &project.settings);
    let request = LogRequest {
        id: args.id,
        value: args.value,
        date: args.date.unwrap_or(today),
        note: args.note,
        force: args.force,
    };
    let commit = args.commit;
    let outcome = edit::record(&project, &request, |change| match commit {
        true => write::can_commit(&change.path),
        false => Ok(()),
    });
    let change = match super::planned(outcome, request.date) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let was = change
        .replaced
        .as_ref()
        .map(|r| format!(", replacing {r}"))
        .unwrap_or_default();
    let said = format!(
        "recorded {} {} on {} in {}:{}{was}",
        change.id, change.value, change.date, change.rel, change.line
    );
    let code = super::print_line(&said);
    if change.date > today {
        errln!(
            "goalpost: note: {} is after today ({today}); `check` warns about future entries",
            change.date
        );
    }
    if args.commit {
        return super::commit_change(&change, &change.commit_message(), "the entry", code);
    }
    code
}
