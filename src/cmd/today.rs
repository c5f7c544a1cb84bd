//! `goalpost today`: what is scheduled today, per owner (FORMAT §10).

use goalpost::analysis::today;
use goalpost::{display, render};
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
    let (_, report) = match super::read_report(&args.dir, args.date) {
        Ok(read) => read,
        Err(code) => return code,
    };
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
