//! `goalpost check`: read, validate and lint; write nothing.

use goalpost::{display, terminal};
use std::io::IsTerminal;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub repo: super::Where,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 when there are warnings, too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Pretend today is this date (YYYY-MM-DD)
    #[arg(long, value_parser = super::parse_date)]
    pub today: Option<goalpost::Date>,
    #[command(flatten)]
    pub personal: super::PersonalArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Like a compiler: each problem with its line and a hint (on stderr)
    Human,
    /// A JSON array of the diagnostics (on stdout)
    Json,
    /// GitHub Actions annotations: `::error file=…,line=…,col=…,title=code::message` (on stdout)
    Github,
    /// One line each, `file:line:col: severity[code]: message`, for editors (on stdout)
    Short,
}

pub fn run(args: Args) -> u8 {
    // Only a personal folder named on the command line: a `check` run for
    // the shared repository (a pre-commit hook, CI) must not fail on a
    // mistake in someone's own folder.
    let personal = match args.personal.named() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let read = match super::read_report(&args.repo.resolve(), args.today, personal.as_deref()) {
        Ok(read) => read,
        Err(code) => return code,
    };
    let diagnostics = &read.report.diagnostics;
    let code = match args.format {
        Format::Json => match serde_json::to_string_pretty(diagnostics) {
            // Escaped the JSON way, so that it stays the same JSON value.
            Ok(json) => super::print(format!("{}\n", terminal::json_safe(&json))),
            Err(e) => {
                errln!("goalpost: cannot write JSON: {e}");
                return super::CANNOT_RUN;
            }
        },
        Format::Github => super::print(display::github(diagnostics)),
        Format::Short => super::print(display::short(diagnostics)),
        Format::Human => {
            let color = terminal::use_color(std::io::stderr().is_terminal());
            terminal::eprint(display::render(diagnostics, &read.root, color));
            terminal::eprintln(display::summary(diagnostics, read.files, color));
            super::OK
        }
    };
    let code = super::exit_code(diagnostics, args.deny_warnings).max(code);
    super::leave_to_os(read);
    code
}
