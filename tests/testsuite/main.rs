//! goalpost's integration tests, as one test binary (the layout of
//! mdBook's `tests/testsuite`): one module per subject, named as the test
//! files they were before, a shared [`prelude`] and one
//! fixture-repository builder, [`support::Repo`].
//!
//! Fixture repositories live in `tests/fixtures/<name>` (copied with
//! `Repo::fixture`), the example school in `examples/` (`Repo::example`).
//! Snapshots of the command line's output and of rendered pages are in
//! `snapshots/`, checked by [insta](https://insta.rs): after an intended
//! change of output, run `INSTA_UPDATE=always cargo test` (or
//! `cargo insta review`), read the diff and commit the changed `.snap`
//! files. With `CI=true`, a missing or different snapshot fails the test.
//!
//! Run one module with `cargo test --test testsuite check_cli::`.

mod support;

mod broken_files;
mod browser;
mod build_cli;
mod calendar_feeds;
mod check_cli;
mod check_formats;
mod coaching;
mod command_line;
mod decisions;
mod digest_cli;
mod edit_links;
mod figures;
mod goalposts_moved;
mod history_build;
mod history_git;
mod import_cli;
mod init_cli;
mod init_example;
mod input_limits;
mod live_cli;
mod live_edits;
mod live_server;
mod live_templates;
mod live_watch;
mod log_cli;
mod next_figures;
mod parse;
mod parse_cache;
mod personal;
mod privacy;
mod properties;
mod renames;
mod render_site;
mod scale;
mod snapshots;
mod teacher;
mod terminal_text;
mod this_cycle;
mod this_week;
mod today_cli;
mod tools_cli;
mod words;
mod workflows;
mod writes;
mod year;

mod prelude {
    pub use crate::support::{git_available, require_git, Repo};
}
