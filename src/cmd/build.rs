//! `goalpost build`: render the report to static HTML.

use goalpost::site::{self, BuildOptions, Session};
use goalpost::{display, terminal};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub repo: super::Where,
    #[command(flatten)]
    pub build: BuildArgs,
}

/// Options shared by build, watch and serve.
#[derive(clap::Args, Clone)]
pub struct BuildArgs {
    /// Output folder (default: `output` in goalpost.yml, else DIR/site)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Pretend today is this date (YYYY-MM-DD)
    #[arg(long, value_parser = super::parse_date)]
    pub today: Option<goalpost::Date>,
    /// Include private goals in the report (and your personal folder's:
    /// the report then goes to `site/` in your personal folder)
    #[arg(long)]
    pub include_private: bool,
    #[command(flatten)]
    pub personal: super::PersonalArg,
}

impl BuildArgs {
    /// The options, or the exit code after saying why the personal
    /// folder cannot be used.
    pub fn options(&self, dir: PathBuf) -> Result<BuildOptions, u8> {
        Ok(BuildOptions {
            root: dir,
            out: self.out.clone(),
            today: self.today,
            include_private: self.include_private,
            personal: self.personal.resolve()?,
        })
    }
}

pub fn run(args: Args) -> u8 {
    let opts = match args.build.options(args.repo.resolve()) {
        Ok(opts) => opts,
        Err(code) => return code,
    };
    let mut session = Session::one_shot();
    match site::build(&opts, &mut session) {
        Ok(summary) => {
            let color = terminal::use_color(std::io::stderr().is_terminal());
            for note in &summary.notes {
                errln!("goalpost: note: {}", note);
            }
            terminal::eprint(display::render(&summary.diagnostics, &opts.root, color));
            terminal::eprintln(display::summary(&summary.diagnostics, summary.files, color));
            errln!(
                "wrote {} (unchanged {}, removed {}) to {} in {:.2?}",
                summary.written,
                summary.unchanged,
                summary.removed,
                summary.out_dir.display(),
                summary.elapsed
            );
            super::exit_code(&summary.diagnostics, false)
        }
        Err(e) => {
            errln!("goalpost: {}", e);
            super::CANNOT_RUN
        }
    }
}
