//! `goalpost man [COMMAND]`: the manual page, as roff, on stdout
//! (`goalpost man | man -l -`; packagers: `goalpost man > goalpost.1`).

#[derive(clap::Args)]
pub struct Args {
    /// A command, for its own page (goalpost-COMMAND(1)); none for goalpost(1)
    pub command: Option<String>,
}

/// What every page of ours ends with: the exit codes of FORMAT §10.
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Fine (warnings allowed).
.TP
\fB1\fR
The goals have errors (or warnings, with \fB\-\-deny\-warnings\fR).
.TP
\fB2\fR
The command itself was used wrongly or could not run (an unreadable folder, a port in use).
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
When set and not empty, output has no colour, even on a terminal.
"#;

/// Renders the page of `cli`, or of one of its commands.
pub fn run(args: Args, mut cli: clap::Command) -> u8 {
    cli.build();
    let page = match args.command.as_deref() {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
                let hint = goalpost::diagnostics::suggest(name, names.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                errln!("goalpost: there is no command `{}`{hint}", name);
                return super::CANNOT_RUN;
            }
        },
    };
    let mut roff = Vec::new();
    let rendered = clap_mangen::Man::new(page)
        .manual("goalpost manual")
        .source(format!("goalpost {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff);
    if let Err(e) = rendered {
        errln!("goalpost: cannot render the manual page: {e}");
        return super::CANNOT_RUN;
    }
    roff.extend_from_slice(EXIT_STATUS.as_bytes());
    super::write_stdout(&roff)
}
