//! One file per subcommand: each turns its clap arguments into library
//! calls and prints the result. No business logic lives here.

pub mod build;
pub mod check;
pub mod init;
pub mod serve;
pub mod watch;

/// Exit codes (FORMAT §10).
pub const OK: u8 = 0;
pub const GOAL_ERRORS: u8 = 1;
pub const CANNOT_RUN: u8 = 2;
