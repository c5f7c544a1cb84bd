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
    /// "Edit this goal" links to this address, `{path}` standing for the
    /// goal file's path (default: `edit_url` in goalpost.yml)
    #[arg(long, value_name = "URL", env = "GOALPOST_EDIT_URL")]
    pub edit_url: Option<String>,
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
            edit_url: match self.edit_url.as_deref().filter(|u| !u.is_empty()) {
                Some(url) if !goalpost::model::settings::is_edit_url(url) => {
                    errln!(
                        "goalpost: --edit-url (or GOALPOST_EDIT_URL) `{url}` should be an http(s) \
                         address with `{{path}}` where the file's path goes, e.g. \
                         https://github.com/OWNER/REPO/edit/main/{{path}}"
                    );
                    return Err(super::CANNOT_RUN);
                }
                other => other.map(str::to_string),
            },
        })
    }
}

pub fn run(args: Args) -> u8 {
    let opts = match args.build.options(args.repo.resolve()) {
        Ok(opts) => opts,
        Err(code) => return code,
    };
    goalpost::memory::give_freed_memory_back_soon();
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
