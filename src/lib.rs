//! goalpost: school goals kept as Markdown files with YAML frontmatter,
//! rendered into progress reports and daily scorecards.
//!
//! Data flows one way, and the modules follow it:
//!
//! ```text
//! files ─▶ source ─▶ model ─▶ graph ─▶ analysis ─▶ render ─▶ output
//!          discover   typed    resolve   figures     HTML      atomic
//!          + split    goals    refs      + lints     + SVG     writes
//! ```
//!
//! [`pipeline`] strings the stages together as a pure function of
//! (parsed files, settings, today); `live` (watch and serve) only decides
//! *when* to run it.

pub mod analysis;
pub mod diagnostics;
pub mod display;
pub mod edit;
pub mod graph;
pub mod history;
pub mod import;
pub mod init;
pub mod live;
pub mod memory;
pub mod model;
pub mod output;
pub mod personal;
pub mod pipeline;
pub mod project;
pub mod render;
pub mod session;
pub mod site;
pub mod source;
pub mod terminal;
mod text;
pub mod yaml;

pub use diagnostics::{Diagnostic, Severity};
pub use model::{Date, Goal, Kind, Settings};
