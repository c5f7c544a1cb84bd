//! `goalpost init`.

#[derive(clap::Args)]
pub struct Args {
    /// The goals repository (default: the current folder)
    #[arg(default_value = ".")]
    pub dir: std::path::PathBuf,
}

pub fn run(args: Args) -> u8 {
    let _ = args;
    eprintln!("goalpost init: not implemented yet");
    super::CANNOT_RUN
}
