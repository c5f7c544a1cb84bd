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
    #[arg(long = "today", visible_alias = "date", value_parser = super::parse_date)]
    pub date: Option<goalpost::Date>,
    /// Include private goals (and your personal folder's)
    #[arg(long)]
    pub include_private: bool,
    #[command(flatten)]
    pub personal: super::PersonalArg,
}

pub fn run(args: Args) -> u8 {
    let personal = match args.personal.resolve() {
        Ok(p) => p.filter(|_| args.include_private),
        Err(code) => return code,
    };
    let (_, report) = match super::read_report(&args.dir, args.date, personal.as_deref()) {
        Ok(read) => read,
        Err(code) => return code,
    };
    let report = report.visible(args.include_private);
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
