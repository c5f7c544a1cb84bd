//! `goalpost import`: aggregated results from a CSV export into progress
//! goals' measurements (FORMAT §13). The decisions are in
//! [`goalpost::import`]; this file prints.

use goalpost::display;
use goalpost::import::{self, ImportError, Options, Outcome};
use goalpost::terminal::{self, pad, Text};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The export (CSV: `,`, `;` or tab; UTF-8 or Windows-1252)
    pub file: PathBuf,
    /// The mapping file: which columns hold the date, the value, the goal
    #[arg(long, value_name = "MAP.yml")]
    pub map: PathBuf,
    /// Print what would change, as a table, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Replace a different measurement already recorded for a date
    #[arg(long)]
    pub force: bool,
    /// Commit the changed files with git, in one commit
    #[arg(long, conflicts_with = "dry_run")]
    pub commit: bool,
    #[command(flatten)]
    pub repo: super::Where,
    // Read only when named on the command line (`PersonalArg::named`).
    #[command(flatten)]
    pub personal: super::PersonalArg,
}

pub fn run(args: Args) -> u8 {
    // A data office's import never reads someone's own folder from their
    // settings file: only the one `--personal` names.
    let project = match super::load_for_edit(&args.repo.resolve(), args.personal.named()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let opts = Options {
        csv: args.file.clone(),
        map: args.map.clone(),
        dry_run: args.dry_run,
        force: args.force,
        commit: args.commit,
    };
    let outcome = match import::run(&project, &opts) {
        Ok(o) => o,
        Err(ImportError::Mapping(diagnostics)) => {
            let color = terminal::use_color(std::io::stderr().is_terminal());
            terminal::eprint(display::render(
                &diagnostics,
                std::path::Path::new(""),
                color,
            ));
            errln!("goalpost: {}", ImportError::Mapping(diagnostics));
            return super::CANNOT_RUN;
        }
        Err(e) => {
            errln!("goalpost: {e}");
            return super::CANNOT_RUN;
        }
    };
    let mut code = match args.dry_run {
        true => super::print(table(&outcome)),
        false => super::OK,
    };
    code = code.max(super::print_line(&summary(&outcome, args.dry_run)));
    if args.commit && outcome.written {
        match import::commit(&project, &outcome, &args.file) {
            Ok(id) => code = code.max(super::print_line(&format!("committed {id}"))),
            Err(e) => {
                errln!("goalpost: {e}");
                return super::CANNOT_RUN;
            }
        }
    }
    super::leave_to_os((project, outcome));
    code
}

/// The plan as a table: goal, date, value, and what it replaces.
fn table(outcome: &Outcome) -> Text {
    let mut out = Text::new(false);
    if outcome.recorded.is_empty() {
        return out;
    }
    let width = outcome
        .recorded
        .iter()
        .map(|r| terminal::width(&r.goal))
        .max()
        .unwrap_or(0)
        .clamp(4, 44);
    out.push(&format!("{}  date        value  was\n", pad("goal", width)));
    for r in &outcome.recorded {
        let line = format!(
            "{}  {}  {}  {}",
            pad(&r.goal, width),
            r.date,
            pad(&r.value, 5),
            r.was.as_deref().unwrap_or("-")
        );
        out.push(line.trim_end()).push("\n");
    }
    out
}

/// One line: what was (or would be) recorded, already there, skipped.
fn summary(o: &Outcome, dry_run: bool) -> String {
    let n = o.recorded.len();
    let files = o.files.len();
    let did = match (dry_run, n) {
        (_, 0) => "nothing to record".to_string(),
        (true, _) => format!(
            "would record {n} measurement{} in {files} file{} (dry run: nothing written)",
            s(n),
            s(files)
        ),
        (false, _) => format!(
            "recorded {n} measurement{} in {files} file{}",
            s(n),
            s(files)
        ),
    };
    let mut parts = vec![did];
    if o.already > 0 {
        parts.push(format!("{} already there", o.already));
    }
    if o.small_groups > 0 {
        parts.push(format!(
            "{} row{} skipped: fewer than {} students",
            o.small_groups,
            s(o.small_groups),
            o.min_group
        ));
    }
    if o.suppressed > 0 {
        parts.push(format!(
            "{} row{} skipped: the export hides the result (a small group)",
            o.suppressed,
            s(o.suppressed)
        ));
    }
    parts.join("; ")
}

fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
