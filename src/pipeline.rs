//! The whole pipeline as one pure function of (parsed files, settings, today),
//! plus loading a repository from disk with a per-file cache.

use crate::analysis::{self, Report};
use crate::graph;
use crate::model::{Date, ParsedFile, Settings};

/// Runs graph resolution and analysis over already-parsed files.
pub fn run<'a, I>(files: I, settings: &Settings, extra: &[crate::Diagnostic], today: Date) -> Report
where
    I: IntoIterator<Item = &'a ParsedFile>,
{
    let cycles = settings.cycle_list();
    let graph = graph::resolve(files, &cycles);
    let mut report = analysis::analyse(&graph, settings, &cycles, today);
    report.diagnostics.extend(extra.iter().cloned());
    crate::diagnostics::sort(&mut report.diagnostics);
    report
}
