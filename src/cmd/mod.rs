//! One file per subcommand: each turns its clap arguments into library
//! calls and prints the result. No business logic lives here.
//!
//! Everything printed goes through the terminal writer
//! ([`goalpost::terminal`]): [`errln!`] for messages, [`print()`] for a
//! command's output. Neither lets a control or bidi character from a goal
//! file, a file name or an argument reach the terminal raw.

/// `eprintln!` through the terminal writer: the formatted message is
/// escaped (newlines kept) before it is written to stderr.
macro_rules! errln {
    ($($arg:tt)*) => {
        goalpost::terminal::eprintln(format!($($arg)*))
    };
}

pub mod build;
pub mod check;
pub mod completions;
pub mod digest;
pub mod feedback;
pub mod import;
pub mod init;
pub mod log;
pub mod man;
pub mod serve;
pub mod today;
pub mod watch;

use goalpost::terminal::Text;
use goalpost::{Diagnostic, Severity};

/// Exit codes (FORMAT §10).
pub const OK: u8 = 0;
pub const GOAL_ERRORS: u8 = 1;
pub const CANNOT_RUN: u8 = 2;

/// 1 when there are errors (or warnings, with `deny_warnings`), else 0.
/// Leaves a one-shot command's data to the system, which frees a process's
/// memory at once when it ends: dropping 10,000 goals piece by piece costs
/// tens of milliseconds for nothing.
pub fn leave_to_os<T>(data: T) {
    std::mem::forget(data);
}

pub fn exit_code(diagnostics: &[Diagnostic], deny_warnings: bool) -> u8 {
    let fails = |d: &Diagnostic| d.severity == Severity::Error || deny_warnings;
    if diagnostics.iter().any(fails) {
        GOAL_ERRORS
    } else {
        OK
    }
}

/// Writes a command's output to stdout through the terminal writer (a
/// `String` is escaped; a [`Text`] is already safe). A closed pipe
/// (`| head`) is not an error; another failure is, said on stderr.
pub fn print(text: impl Into<Text>) -> u8 {
    match goalpost::terminal::print(text) {
        Ok(()) => OK,
        Err(e) => {
            errln!("goalpost: cannot write to stdout: {e}");
            CANNOT_RUN
        }
    }
}

/// Writes one line of output: everything in `line` is data, so a newline
/// in it (a note of several lines) is written `\n` too.
pub fn print_line(line: &str) -> u8 {
    print(format!("{}\n", goalpost::terminal::escape(line)))
}

/// Writes generated text (a completion script, the manual page: no text
/// from the goal files) to stdout as it is; a closed pipe (`| head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> u8 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            errln!("goalpost: cannot write to stdout: {e}");
            CANNOT_RUN
        }
    }
}

/// Which goals repository a command works on: `[DIR]` or `-C DIR`, else
/// the nearest folder at or above the current one with `goalpost.yml`.
#[derive(clap::Args, Clone, Default)]
pub struct Where {
    /// The goals repository (default: the nearest folder at or above the
    /// current one that holds goalpost.yml, else the current folder)
    #[arg(value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
    /// The goals repository, as `git -C` takes it (the same as DIR)
    #[arg(short = 'C', value_name = "DIR", conflicts_with = "dir")]
    pub at: Option<std::path::PathBuf>,
}

impl Where {
    /// The repository: as named, else found upward from the current
    /// folder (saying so when it is not the current folder).
    pub fn resolve(&self) -> std::path::PathBuf {
        if let Some(dir) = self.dir.clone().or_else(|| self.at.clone()) {
            return dir;
        }
        let here = std::env::current_dir().unwrap_or_else(|_| ".".into());
        let found = goalpost::project::find_root(&here);
        if found == here {
            return ".".into();
        }
        errln!(
            "goalpost: using the goals repository at {}",
            found.display()
        );
        found
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

/// `--owner PERSON` as the id of someone the output may show (FORMAT §10
/// v3), resolved before private goals are left out so that someone who
/// owns only those is never named; else the exit code, having said why.
pub fn owner_of(
    report: &goalpost::analysis::Report,
    owner: Option<&str>,
    include_private: bool,
) -> Result<Option<String>, u8> {
    owner
        .map(|o| goalpost::analysis::owner::resolve(report, o, include_private))
        .transpose()
        .map_err(|e| {
            errln!("goalpost: {e}");
            CANNOT_RUN
        })
}

impl PersonalArg {
    /// The folder `--personal DIR` names, never the settings file's.
    pub fn named(&self) -> Result<Option<std::path::PathBuf>, u8> {
        match &self.personal {
            Some(_) => self.resolve(),
            None => Ok(None),
        }
    }

    /// The personal folder, read only when private goals are asked for.
    pub fn when(&self, include_private: bool) -> Result<Option<std::path::PathBuf>, u8> {
        match include_private {
            true => self.resolve(),
            false => Ok(None),
        }
    }

    /// The personal folder (the flag, else the user's settings file), or
    /// the exit code after saying why it cannot be used.
    pub fn resolve(&self) -> Result<Option<std::path::PathBuf>, u8> {
        goalpost::personal::resolve(self.personal.as_deref()).map_err(|e| {
            errln!("goalpost: {e}");
            CANNOT_RUN
        })
    }
}

/// The goals a writing command (`log`, `feedback`, `import`) edits: the
/// repository at `dir` and the personal folder `personal` names (its
/// exit code when that could not be found). On failure, says why and
/// gives the exit code.
pub fn load_for_edit(
    dir: &std::path::Path,
    personal: Result<Option<std::path::PathBuf>, u8>,
) -> Result<goalpost::project::Project, u8> {
    use goalpost::project::{self, ParseCache};
    let mut project = project::load(dir, None, &mut ParseCache::for_one_load()).map_err(|e| {
        errln!("goalpost: {e}");
        CANNOT_RUN
    })?;
    if let Some(folder) = personal? {
        project
            .add_personal(&folder, &mut ParseCache::for_one_load())
            .map_err(|e| {
                errln!("goalpost: {e}");
                CANNOT_RUN
            })?;
    }
    Ok(project)
}

/// The change a writing command planned, or its exit code after saying
/// that the entry is already there (`date` is the entry's) or why nothing
/// could be written.
pub fn planned(
    outcome: Result<goalpost::edit::Planned, goalpost::edit::LogError>,
    date: goalpost::Date,
) -> Result<goalpost::edit::Change, u8> {
    use goalpost::edit::Planned;
    match outcome {
        Ok(Planned::Change(c)) => Ok(c),
        Ok(Planned::AlreadyRecorded { id, value, at }) => Err(print_line(&format!(
            "{id} already has {value} on {date} ({at}); nothing to do"
        ))),
        Err(e) => {
            errln!("goalpost: {e}");
            Err(CANNOT_RUN)
        }
    }
}

/// Commits a written change with `message`; when the commit fails, takes
/// `what` ("the entry", "the note") back out of the file, so that an error
/// leaves nothing behind. `code` is the exit code so far.
pub fn commit_change(change: &goalpost::edit::Change, message: &str, what: &str, code: u8) -> u8 {
    use goalpost::edit::write;
    match write::commit(&change.path, message) {
        Ok(id) => print_line(&format!("committed {id} \"{message}\"")).max(code),
        Err(e) => {
            let undone = write::replace(&change.path, &change.new, &change.original).is_ok();
            let left = if undone {
                format!("{what} was taken back out")
            } else {
                format!("{what} stays in the file")
            };
            errln!("goalpost: {e}; {left}");
            CANNOT_RUN
        }
    }
}

/// Parses `--today` (a strict YYYY-MM-DD date).
pub fn parse_date(text: &str) -> Result<goalpost::Date, goalpost::model::fields::DateError> {
    goalpost::model::fields::parse_date(text)
}

/// What `check`, `today` and `digest` read: the repository at `dir` with
/// its git history, files that cannot be read shown from their last good
/// commit, computed for `today` (else `goalpost.yml`'s, else the clock),
/// by the one orchestration every command runs ([`Session::analyse`]).
/// On failure, says why and gives the exit code.
///
/// [`Session::analyse`]: goalpost::session::Session::analyse
pub fn read_report(
    dir: &std::path::Path,
    today: Option<goalpost::Date>,
    personal: Option<&std::path::Path>,
) -> Result<goalpost::session::Analysed, u8> {
    use goalpost::session::{ReadOptions, Session};
    let what = ReadOptions {
        today,
        personal,
        ..ReadOptions::at(dir)
    };
    let analysed = Session::one_shot().analyse(&what).map_err(|e| {
        errln!("goalpost: {e}");
        CANNOT_RUN
    })?;
    for note in &analysed.notes {
        errln!("goalpost: note: {note}");
    }
    Ok(analysed)
}
