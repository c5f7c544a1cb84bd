//! `watch` and `serve`: decide *when* to rebuild and *what* changed, and
//! serve the result. No business logic lives here: the rebuild itself is a
//! callback (the commands pass `site::build`), so this machinery can be
//! tested with a fake one.
//!
//! - [`filter`]: which file-system events matter (pure, unit-tested).
//! - [`watcher`]: notify + debouncer → batches of [`Changes`] → one rebuild
//!   each, and one when the local date changes ([`clock`]).
//! - [`server`]: the output folder over HTTP, with live reload; below it
//!   [`http`] (transport and limits), [`files`] (which file a URL is),
//!   [`reload`] (the event stream, what goes into served pages) and
//!   [`check_in`] (the check-in endpoint).
//! - [`edits`]: `serve --allow-edits`, check-in forms on served pages and
//!   what a post may ask.

mod batch;
mod check_in;
pub(crate) mod clock;
pub mod edits;
mod files;
pub(crate) mod filter;
mod folders;
mod http;
mod reload;
pub mod server;
pub mod watcher;

pub use clock::{Clock, SystemClock};
pub use edits::CheckIns;
pub use server::{AllowEdits, Limits, LiveServer, Reloader, ServeError, ServeOptions};
pub use watcher::{Changes, Forwarder, Next, Rebuilt, Stopper, WatchError, WatchOptions, Watcher};

use crate::diagnostics::Diagnostic;

/// The lines the browser overlay shows for a build: one per error,
/// "file:line:col code message". Warnings stay on the report's own pages.
pub fn problem_lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d.file, d.line, d.column, d.code, d.message
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Location, Pos};

    #[test]
    fn problem_lines_list_errors_only() {
        let at = Location::new("goals/x.md", Pos::new(4, 1));
        let diagnostics = vec![
            Diagnostic::error("unknown-field", &at, "unknown field `knd`"),
            Diagnostic::warning("stale", &at, "no entry for 20 days"),
        ];
        assert_eq!(
            problem_lines(&diagnostics),
            vec!["goals/x.md:4:1 unknown-field unknown field `knd`".to_string()]
        );
    }
}
