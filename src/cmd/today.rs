//! `goalpost today`: what is scheduled today, per owner (FORMAT §10).

use goalpost::analysis::{owner, today};
use goalpost::{render, terminal};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The goals repository (default: the current folder)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Only this person's goals (their id or name, in any case)
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
    // `today` never shows private goals, nor names the people who own only those.
    let owner = match args
        .owner
        .as_deref()
        .map(|o| owner::resolve(&report, o, false))
    {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(e)) => {
            errln!("goalpost: {e}");
            return super::CANNOT_RUN;
        }
    };
    let agenda = today::agenda(&report, owner.as_deref());
    let color = terminal::use_color(std::io::stdout().is_terminal());
    let code = super::print(render::today::render(&agenda, color));
    if report.diagnostics.iter().any(|d| d.is_error()) {
        errln!("goalpost: note: the goals have errors; `goalpost check` lists them");
    }
    code
}
