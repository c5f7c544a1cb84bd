//! One file per subcommand: each turns its clap arguments into library
//! calls and prints the result. No business logic lives here.

pub mod build;
pub mod check;
pub mod completions;
pub mod digest;
pub mod init;
pub mod log;
pub mod man;
pub mod serve;
pub mod today;
pub mod watch;

use goalpost::{Diagnostic, Severity};

/// Exit codes (FORMAT §10).
pub const OK: u8 = 0;
pub const GOAL_ERRORS: u8 = 1;
pub const CANNOT_RUN: u8 = 2;

/// 1 when there are errors (or warnings, with `deny_warnings`), else 0.
pub fn exit_code(diagnostics: &[Diagnostic], deny_warnings: bool) -> u8 {
    let fails = |d: &Diagnostic| d.severity == Severity::Error || deny_warnings;
    if diagnostics.iter().any(fails) {
        GOAL_ERRORS
    } else {
        OK
    }
}

/// Text for the terminal: control characters (from goal files, file names
/// or arguments) shown escaped, never sent raw; newlines kept.
pub fn safe(text: impl std::fmt::Display) -> String {
    goalpost::display::escape_lines(&text.to_string()).into_owned()
}

/// Writes generated text to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> u8 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            eprintln!("goalpost: cannot write to stdout: {e}");
            CANNOT_RUN
        }
    }
}

/// `--personal DIR` (FORMAT §11), on every command that reads goals.
#[derive(clap::Args, Clone, Default)]
pub struct PersonalArg {
    /// Your personal folder of private goals, kept outside the shared
    /// repository (default: `personal:` in your own
    /// ~/.config/goalpost/config.yml)
    #[arg(long, value_name = "DIR")]
    pub personal: Option<std::path::PathBuf>,
}

impl PersonalArg {
    /// The personal folder (the flag, else the user's settings file), or
    /// the exit code after saying why it cannot be used.
    pub fn resolve(&self) -> Result<Option<std::path::PathBuf>, u8> {
        goalpost::personal::resolve(self.personal.as_deref()).map_err(|e| {
            eprintln!("goalpost: {}", safe(e));
            CANNOT_RUN
        })
    }
}

/// Parses `--today` (a strict YYYY-MM-DD date).
pub fn parse_date(text: &str) -> Result<goalpost::Date, String> {
    goalpost::model::fields::parse_date(text)
}

/// `Ok` when `owner` owns a goal of `report` or is listed under `people:`;
/// else the message for `--owner`, with the closest id.
pub fn known_owner(report: &goalpost::analysis::Report, owner: &str) -> Result<(), String> {
    let known: Vec<&str> = report
        .goals
        .iter()
        .flat_map(|g| g.goal.owners.iter().map(String::as_str))
        .chain(report.settings.people.iter().map(|p| p.id.as_str()))
        .collect();
    if known.contains(&owner) {
        return Ok(());
    }
    let hint = goalpost::diagnostics::suggest(owner, known.iter().copied())
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    Err(format!("no goal is owned by `{owner}`{hint}"))
}

/// What `check`, `today` and `digest` read: the repository at `dir` with
/// its git history, files that cannot be read shown from their last good
/// commit, computed for `today` (else `goalpost.yml`'s, else the clock).
/// On failure, says why and gives the exit code.
pub fn read_report(
    dir: &std::path::Path,
    today: Option<goalpost::Date>,
    personal: Option<&std::path::Path>,
) -> Result<(goalpost::project::Project, goalpost::analysis::Report), u8> {
    use goalpost::project;
    let mut cache = project::ParseCache::default();
    let mut project = project::load(dir, None, &mut cache).map_err(|e| {
        eprintln!("goalpost: {}", safe(e));
        CANNOT_RUN
    })?;
    if let Some(personal) = personal {
        let mut own = project::ParseCache::default();
        project.add_personal(personal, &mut own).map_err(|e| {
            eprintln!("goalpost: {}", safe(e));
            CANNOT_RUN
        })?;
    }
    let today = project::today(today, &project.settings);
    let history = goalpost::history::History::read(&project.root);
    if let Some(w) = history.warning() {
        eprintln!("goalpost: note: {}", safe(w));
    }
    project::recover(&mut project, &history, &mut cache);
    let report = project.report_with(Some(&history), today, None);
    Ok((project, report))
}
