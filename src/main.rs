//! The `goalpost` command line: parses arguments into the library's option
//! structs, runs one command, maps the outcome to an exit code
//! (0 fine, 1 the goals have errors, 2 the command could not run).

mod cmd;

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "goalpost",
    version,
    about = "Progress reports and daily scorecards from goals kept as Markdown files",
    after_help = "Privacy: `visibility: private` keeps a goal out of the published report, \
                  not out of the shared repository, where anyone who can read it can open \
                  the file. A line that could mean private (`Visibility: private`, \
                  `private: true`) is treated as private and reported. Goals that are only \
                  yours belong in a personal folder outside the repository: `--personal DIR` \
                  on any command, or `personal: DIR` in ~/.config/goalpost/config.yml.\n\n\
                  Writes (`log`, check-ins) lock the goal file from reading it to replacing \
                  it: two at once both land."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a small starter goals repository (never overwrites a file)
    Init(cmd::init::Args),
    /// Read, validate and lint a goals repository; writes nothing
    Check(cmd::check::Args),
    /// Render the report to static HTML
    Build(cmd::build::Args),
    /// Build, then rebuild after every change
    Watch(cmd::watch::Args),
    /// Watch, and serve the report locally with live reload
    Serve(cmd::serve::Args),
    /// Record one entry: a practice's day or a progress goal's measurement
    Log(cmd::log::Args),
    /// Add a colleague's note to a goal's `feedback:`
    Feedback(cmd::feedback::Args),
    /// Import aggregated results from a CSV export as measurements (never a student's data)
    Import(cmd::import::Args),
    /// What is scheduled today, per owner, and what is due soon
    Today(cmd::today::Args),
    /// The Monday summary for an e-mail or a chat: what moved, what slipped
    Digest(cmd::digest::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(cmd::completions::Args),
    /// Print the manual page as roff: `goalpost man | man -l -`
    Man(cmd::man::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Init(args) => cmd::init::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Build(args) => cmd::build::run(args),
        Command::Watch(args) => cmd::watch::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Log(args) => cmd::log::run(args),
        Command::Feedback(args) => cmd::feedback::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Today(args) => cmd::today::run(args),
        Command::Digest(args) => cmd::digest::run(args),
        Command::Completions(args) => cmd::completions::run(args, Cli::command()),
        Command::Man(args) => cmd::man::run(args, Cli::command()),
    };
    ExitCode::from(code)
}

/// Rendering builds many small values on several threads at once, where
/// mimalloc is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
