//! `goalpost today`: what is scheduled today, per owner (FORMAT §10).

use goalpost::analysis::today;
use goalpost::{render, terminal};
use std::io::IsTerminal;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub repo: super::Where,
    /// Only this person's goals (their id or name, in any case)
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
    let personal = match args.personal.when(args.include_private) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let report = match super::read_report(&args.repo.resolve(), args.date, personal.as_deref()) {
        Ok(read) => read.report,
        Err(code) => return code,
    };
    // Never names a person who owns only goals this output does not show.
    let owner = match super::owner_of(&report, args.owner.as_deref(), args.include_private) {
        Ok(owner) => owner,
        Err(code) => return code,
    };
    let report = report.visible(args.include_private);
    let agenda = today::agenda(&report, owner.as_deref());
    let color = terminal::use_color(std::io::stdout().is_terminal());
    let code = super::print(render::today::render(&agenda, color));
    if report.diagnostics.iter().any(|d| d.is_error()) {
        errln!("goalpost: note: the goals have errors; `goalpost check` lists them");
    }
    code
}
