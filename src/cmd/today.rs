//! `goalpost today`: what is scheduled today, per owner (FORMAT §10).

use goalpost::analysis::today;
use goalpost::{display, project, render};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The goals repository (default: the current folder)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Only this person's goals (their id)
    #[arg(long, value_name = "PERSON")]
    pub owner: Option<String>,
    /// The day to show (YYYY-MM-DD; default: today)
    #[arg(long, value_parser = super::parse_date)]
    pub date: Option<goalpost::Date>,
}

pub fn run(args: Args) -> u8 {
    let mut cache = project::ParseCache::default();
    let mut project = match project::load(&args.dir, None, &mut cache) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("goalpost: {}", super::safe(e));
            return super::CANNOT_RUN;
        }
    };
    let day = project::today(args.date, &project.settings);
    // With the git history, as `check` and `build` read it (a `current:`
    // value's history is its series).
    let history = goalpost::history::History::read(&project.root);
    // A file that cannot be read is shown from its last good commit.
    project::recover(&mut project, &history, &mut cache);
    let report = project.report_with(Some(&history), day);
    if let Some(owner) = args.owner.as_deref() {
        if let Err(message) = super::known_owner(&report, owner) {
            eprintln!("goalpost: {}", super::safe(message));
            return super::CANNOT_RUN;
        }
    }
    let agenda = today::agenda(&report, args.owner.as_deref());
    let color = display::use_color(std::io::stdout().is_terminal());
    print!("{}", render::today::render(&agenda, color));
    if report.diagnostics.iter().any(|d| d.is_error()) {
        eprintln!("goalpost: note: the goals have errors; `goalpost check` lists them");
    }
    super::OK
}
