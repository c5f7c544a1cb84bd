//! Coaching (FORMAT §3 v3, §12), decided once: a coaching cycle's gain,
//! whether it reached its target (lower is better when the target is
//! below the pre-assessment), its days left, its practices' completion
//! inside its window; the lints `cycle-without-pre`, `cycle-without-post`
//! and `cycle-without-evidence`; which cycles are running and finished
//! (now, and in a sprint) and their mean gain; and who asked for help,
//! gave feedback, committed or reflected, for people's pages, the sprint
//! report and the digest.
//!
//! # Choices where FORMAT is silent (for the user docs)
//!
//! - A cycle is *upcoming* before its `start`, *running* from `start` to
//!   `due` (both days included), *finished* after `due` (or once its status
//!   is `done`). Without `start` it is running until `due`; without `due`
//!   it runs until its status is `done`.
//! - Days left are calendar days from today to `due` (0 on the last day).
//! - `gain` is post − pre in points, as written. The mean gain of several
//!   cycles counts each one's gain *toward its target* (a fall is a gain
//!   when lower is better), so cycles of both directions can be averaged.
//! - A practice's completion inside a cycle counts the practice's
//!   scheduled periods from the cycle's `start` to its `due` (or today,
//!   while it runs), with the practice's own rules (FORMAT §7).
//! - `cycle-without-pre` fires from the 7th day after `start` (start + 7);
//!   `cycle-without-post` and `cycle-without-evidence` from the day after `due`.
//! - A draft (FORMAT §3 v3) counts nowhere: no figures in summaries, no
//!   lints, nothing in the digest.
//!
//! `cycles.rs` holds a cycle's figures, its lints and cycles at a glance;
//! `people.rs` who asked for help, gave feedback, committed or reflected,
//! by person and by sprint.

mod cycles;
mod people;

pub use cycles::*;
pub use people::*;
