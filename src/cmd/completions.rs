//! `goalpost completions SHELL`: a shell completion script on stdout.

#[derive(clap::Args)]
pub struct Args {
    /// The shell to complete in
    pub shell: clap_complete::Shell,
}

/// Writes the script for `cli` (the whole command line, from clap).
pub fn run(args: Args, mut cli: clap::Command) -> u8 {
    let name = cli.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cli, name, &mut script);
    super::write_stdout(&script)
}
