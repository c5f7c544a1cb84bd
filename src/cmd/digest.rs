//! `goalpost digest`: the Monday summary to paste into an e-mail or a chat
//! (FORMAT §10).

use goalpost::analysis::digest::{self, Period, Span};
use goalpost::render::digest::Format as Out;
use goalpost::{display, render, terminal};
use std::io::IsTerminal;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub repo: super::Where,
    /// Summarise from this date to today (YYYY-MM-DD; default: a week ago)
    #[arg(long, value_parser = super::parse_date, conflicts_with = "week")]
    pub since: Option<goalpost::Date>,
    /// Summarise the last whole week, Monday to Sunday
    #[arg(long)]
    pub week: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Only this person's goals (their id or name, in any case)
    #[arg(long, value_name = "PERSON")]
    pub owner: Option<String>,
    /// Include private goals (and your personal folder's)
    #[arg(long)]
    pub include_private: bool,
    #[command(flatten)]
    pub personal: super::PersonalArg,
    /// Pretend today is this date (YYYY-MM-DD)
    #[arg(long, value_parser = super::parse_date)]
    pub today: Option<goalpost::Date>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Markdown, for a chat or an e-mail that takes it
    Md,
    /// One self-contained HTML page with inline styles, for an e-mail
    Html,
    /// Plain text
    Text,
}

pub fn run(args: Args) -> u8 {
    let personal = match args.personal.when(args.include_private) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (root, report) =
        match super::read_report(&args.repo.resolve(), args.today, personal.as_deref()) {
            Ok(read) => (read.root, read.report),
            Err(code) => return code,
        };
    // Resolved before the private goals are left out: someone who owns
    // only those is never named, not even in a "did you mean".
    let owner = match super::owner_of(&report, args.owner.as_deref(), args.include_private) {
        Ok(owner) => owner,
        Err(code) => return code,
    };
    let report = report.visible(args.include_private);
    let span = match (args.since, args.week) {
        (Some(d), _) => Span::Since(d),
        (None, true) => Span::LastWeek,
        (None, false) => Span::LastSevenDays,
    };
    let period = match Period::of(span, report.today) {
        Ok(p) => p,
        Err(e) => {
            errln!("goalpost: {}", e);
            return super::CANNOT_RUN;
        }
    };
    let digest = digest::digest(&report, period, owner.as_deref());
    let format = match args.format {
        Format::Md => Out::Markdown,
        Format::Html => Out::Html,
        Format::Text => Out::Text,
    };
    // Every format is terminal text here: the HTML page's own escaping
    // stays, and no control or bidi character from a title gets through.
    // A broken `templates/digest.html` prints nothing and is reported
    // with the goals' errors.
    let (code, broken) = match render::digest::render(&digest, &report, format, Some(&root)) {
        Ok(text) => (super::print(text), None),
        Err(e) => (super::OK, e.diagnostic("no digest was printed")),
    };
    // The digest shows what could be read; errors go to stderr, with
    // file:line, and the exit code says there were some.
    let goals_broken = report.diagnostics.iter().any(|d| d.is_error());
    let errors: Vec<_> = broken
        .into_iter()
        .chain(report.diagnostics.iter().filter(|d| d.is_error()).cloned())
        .collect();
    if !errors.is_empty() {
        let color = terminal::use_color(std::io::stderr().is_terminal());
        terminal::eprint(display::render(&errors, &root, color));
        if goals_broken {
            errln!("goalpost: the goals have errors; the digest leaves out what could not be read");
        }
    }
    super::exit_code(&errors, false).max(code)
}
