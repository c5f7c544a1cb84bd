//! `goalpost import`: aggregated results from an assessment platform's CSV
//! export into `measurements:` of progress goals (FORMAT §13).
//!
//! - [`read`]: the export's bytes into a table (encoding, separator, the
//!   header row below any title lines), refusing a student-level file;
//! - [`map`]: the mapping file, read like a goal file (diagnostics);
//! - [`plan`]: rows into measurements, skipping small groups.
//!
//! [`run`] then plans every entry with `goalpost log`'s own editor
//! ([`crate::edit::measure_in`]), file by file, each entry from the
//! previous one's result, while it holds the lock of every file it will
//! write ([`write::locked`]). Any refused row means nothing is written;
//! otherwise every file is replaced, and if one write fails the files
//! already written are put back.

mod error;
pub(crate) mod map;
pub mod plan;
pub mod read;

use crate::edit::{self, write, LogError, LogRequest, Planned, Source, Step};
use crate::model::Kind;
use crate::personal::PREFIX;
use crate::project::Project;
use crate::yaml::format_number;
use crate::Date;
pub use error::ImportError;
pub use plan::Problem;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to import, and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The export, and how it is named in messages.
    pub csv: PathBuf,
    pub map: PathBuf,
    pub dry_run: bool,
    pub force: bool,
    /// Check before writing that the files can be committed.
    pub commit: bool,
}

/// One measurement the import records (or, with `--dry-run`, would).
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub goal: String,
    pub date: Date,
    pub value: String,
    /// The value it replaces (`--force`), as written.
    pub was: Option<String>,
    pub(crate) rel: String,
}

/// A goal file the import changes: the bytes it had and has.
#[derive(Debug, Clone, PartialEq)]
pub struct FileChange {
    pub(crate) path: PathBuf,
    pub(crate) rel: String,
    pub(crate) original: Vec<u8>,
    pub(crate) new: Vec<u8>,
}

/// What an import did (or would do).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub recorded: Vec<Recorded>,
    /// Rows whose measurement is already there, the same.
    pub already: usize,
    /// Rows skipped: fewer students than `min_group`.
    pub small_groups: usize,
    /// Rows skipped: the export suppressed their result (`*`, `<10`).
    pub suppressed: usize,
    pub min_group: u32,
    pub files: Vec<FileChange>,
    /// Whether the files were written (not a dry run, something to write).
    pub written: bool,
    pub(crate) encoding: &'static str,
}

/// A path as messages name it.
fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    std::fs::read(path).map_err(|error| ImportError::Unreadable {
        file: shown(path),
        error,
    })
}

/// Reads the export and the mapping, plans every measurement against the
/// goal files under their locks and, unless it is a dry run or a row is
/// refused, writes them all.
pub fn run(project: &Project, opts: &Options) -> Result<Outcome, ImportError> {
    let csv = shown(&opts.csv);
    let mapping =
        map::parse(&shown(&opts.map), &read_file(&opts.map)?).map_err(ImportError::Mapping)?;
    let bytes = read_file(&opts.csv)?;
    let wanted = [mapping.date.name.as_str(), mapping.value.name.as_str()];
    let table = read::table(&bytes, &wanted).map_err(|e| match e {
        read::ReadError::NoHeader { wanted } => ImportError::NoHeader {
            file: csv.clone(),
            wanted,
        },
        read::ReadError::StudentLevel { line, column, name } => ImportError::StudentLevel {
            file: csv.clone(),
            line,
            column,
            name,
        },
        read::ReadError::Csv(why) => ImportError::Csv {
            file: csv.clone(),
            why,
        },
    })?;
    let cols = plan::columns(&mapping, &table, &csv).map_err(ImportError::Mapping)?;
    let rows = plan::rows(&table, &mapping, &cols);
    let mut problems = rows.problems;
    let goal_column = match &mapping.goal {
        map::GoalRule::Column(c) => c.name.clone(),
        map::GoalRule::Template { .. } => {
            let names: Vec<String> = mapping
                .template_columns()
                .into_iter()
                .map(|c| c.name)
                .collect();
            names.join("`, `")
        }
    };
    let value_column = Some(mapping.value.name.clone());

    // Two rows that give one goal two values for a date: which is right
    // is for the export's owner to say (even with --force).
    let mut seen: BTreeMap<(&str, Date), &plan::Entry> = BTreeMap::new();
    for e in &rows.entries {
        match seen.get(&(e.goal.as_str(), e.date)) {
            Some(first) if first.value != e.value => problems.push(Problem {
                line: e.line,
                column: value_column.clone(),
                message: format!(
                    "`{}` gets {} on {} here and {} on line {}; the export disagrees with itself",
                    e.goal,
                    format_number(e.value),
                    e.date,
                    format_number(first.value),
                    first.line
                ),
            }),
            Some(_) => {}
            None => {
                seen.insert((e.goal.as_str(), e.date), e);
            }
        }
    }
    // Each goal once: unknown ids (with a suggestion) and goals that take
    // no measurements are refused at the first row that names them.
    let mut index: std::collections::HashMap<&str, Vec<&crate::Goal>> = Default::default();
    let mut broken = std::collections::HashSet::new();
    for file in &project.files {
        for g in &file.goals {
            index.entry(g.id.as_str()).or_default().push(g);
            if file.broken.is_some() {
                broken.insert(g.id.as_str());
            }
        }
    }
    let mut goals = BTreeMap::new();
    for e in &rows.entries {
        if goals.contains_key(e.goal.as_str()) {
            continue;
        }
        // The common case from an index; anything else (unknown, defined
        // twice, in a broken file) through `log`'s lookup and its messages.
        let quick = match index.get(e.goal.as_str()).map(Vec::as_slice) {
            Some([g]) if !broken.contains(e.goal.as_str()) => Ok(*g),
            _ => edit::find_goal(project, &e.goal),
        };
        let found = match quick {
            Ok(g) if g.kind == Kind::Progress => Some(g),
            Ok(g) => {
                problems.push(Problem {
                    line: e.line,
                    column: Some(goal_column.clone()),
                    message: format!(
                        "`{}` is a {} goal; an import records measurements of progress goals",
                        g.id,
                        g.kind.as_str()
                    ),
                });
                None
            }
            Err(err) => {
                // An export covers every school; the goals may not.
                let then = match err {
                    LogError::UnknownId { .. } => " (every row must feed a goal: add the goal, or leave the row out of the export)",
                    _ => "",
                };
                problems.push(Problem {
                    line: e.line,
                    column: Some(goal_column.clone()),
                    message: format!("{err}{then}"),
                });
                None
            }
        };
        goals.insert(e.goal.as_str(), found);
    }
    // The entries of each file, in the export's order.
    let mut by_file: BTreeMap<&str, Vec<&plan::Entry>> = BTreeMap::new();
    for e in &rows.entries {
        if let Some(Some(g)) = goals.get(e.goal.as_str()) {
            by_file.entry(g.file.as_str()).or_default().push(e);
        }
    }
    // Nothing of a personal folder is written beside the shared goals'
    // files, nor committed with them (FORMAT §11).
    let (personal, shared): (Vec<&str>, Vec<&str>) =
        by_file.keys().partition(|rel| rel.starts_with(PREFIX));
    if let (Some(p), Some(s)) = (personal.first(), shared.first()) {
        return Err(ImportError::BothSides {
            file: csv,
            shared: s.to_string(),
            personal: p.to_string(),
        });
    }
    let root = side_root(project, &personal);
    let paths: Vec<PathBuf> = by_file.keys().map(|rel| project.path_of(rel)).collect();
    room_for_locks(paths.len());
    let mut outcome = Outcome {
        small_groups: rows.small_groups,
        suppressed: rows.suppressed,
        min_group: mapping.min_group,
        encoding: table.encoding,
        ..Outcome::default()
    };
    write::locked(root, &paths, |locks| {
        // Files are planned apart (each entry of a file from the previous
        // one's result), so on every core at once.
        let by_file: Vec<(&&str, &Vec<&plan::Entry>)> = by_file.iter().collect();
        let planned: Vec<Result<FilePlan, ImportError>> = by_file
            .par_iter()
            .map(|(rel, entries)| plan_file(project, rel, entries, &goals, opts, &csv))
            .collect();
        for p in planned {
            let p = p?;
            outcome.recorded.extend(p.recorded);
            outcome.already += p.already;
            problems.extend(p.problems.into_iter().map(|(line, message)| Problem {
                line,
                column: value_column.clone(),
                message,
            }));
            outcome.files.extend(p.change);
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(ImportError::Refused {
                file: csv.clone(),
                problems: std::mem::take(&mut problems),
            });
        }
        if opts.dry_run || outcome.files.is_empty() {
            return Ok(());
        }
        if opts.commit {
            write::can_commit(&outcome.files[0].path)?;
        }
        let files: Vec<(&Path, &[u8], &[u8])> = outcome
            .files
            .iter()
            .map(|f| (f.path.as_path(), f.original.as_slice(), f.new.as_slice()))
            .collect();
        locks.replace_all(&files).map_err(|w| ImportError::Write {
            error: w.error,
            restored: w.restored,
        })?;
        outcome.written = true;
        Ok(())
    })?;
    Ok(outcome)
}

/// The repository the files `rels` (all on one side) are in: the personal
/// folder for its files, else the shared repository.
fn side_root<'p>(project: &'p Project, rels: &[&str]) -> &'p Path {
    match (
        &project.personal,
        rels.iter().any(|r| r.starts_with(PREFIX)),
    ) {
        (Some(dir), true) => dir,
        _ => &project.root,
    }
}

/// What an import does to one goal file.
struct FilePlan {
    recorded: Vec<Recorded>,
    already: usize,
    /// Entries refused: their line and why.
    problems: Vec<(u64, String)>,
    change: Option<FileChange>,
}

/// Plans the entries of the goal file `rel`, in the export's order, each
/// from the previous one's result: as one edit of the file, parsed once;
/// one by one (each parsed, as `log` does) only when that is what says
/// which entry cannot be made.
fn plan_file(
    project: &Project,
    rel: &str,
    entries: &[&plan::Entry],
    goals: &BTreeMap<&str, Option<&crate::Goal>>,
    opts: &Options,
    csv: &str,
) -> Result<FilePlan, ImportError> {
    let mut src = edit::read(project, rel).map_err(|e| refuse(csv, 0, e))?;
    let original = src.bytes.clone();
    let mut out = FilePlan {
        recorded: Vec::new(),
        already: 0,
        problems: Vec::new(),
        change: None,
    };
    // The rows whose goal was found (the others are refused already).
    let found: Vec<(&plan::Entry, &crate::Goal)> = entries
        .iter()
        .filter_map(|e| match goals.get(e.goal.as_str()) {
            Some(Some(goal)) => Some((*e, *goal)),
            _ => None,
        })
        .collect();
    let batch: Vec<(&crate::Goal, LogRequest)> = found
        .iter()
        .map(|&(e, goal)| (goal, request(e, opts)))
        .collect();
    let steps = match edit::measure_all_in(&src, &batch) {
        Some((steps, after)) => {
            if let Some(after) = after {
                src = after;
            }
            steps
        }
        None => {
            let mut steps = Vec::with_capacity(batch.len());
            for (goal, req) in &batch {
                steps.push(match edit::measure_in(src.clone(), goal, req) {
                    Ok(Planned::AlreadyRecorded { .. }) => Step::Already,
                    Ok(Planned::Change(c)) => {
                        let step = Step::Written {
                            value: c.value.clone(),
                            replaced: c.replaced.clone(),
                        };
                        src = Source::after(c).map_err(|e| refuse(csv, 0, e))?;
                        step
                    }
                    Err(err) => Step::Refused(err),
                });
            }
            steps
        }
    };
    for (((goal, req), (e, _)), step) in batch.iter().zip(&found).zip(steps) {
        match step {
            Step::Already => out.already += 1,
            Step::Written { value, replaced } => out.recorded.push(Recorded {
                goal: goal.id.clone(),
                date: req.date,
                value,
                was: replaced.map(|r| r.value),
                rel: src.rel.clone(),
            }),
            Step::Refused(err) => out.problems.push((e.line, err.to_string())),
        }
    }
    if src.bytes != original {
        out.change = Some(FileChange {
            path: src.path.clone(),
            rel: src.rel.clone(),
            original,
            new: src.bytes,
        });
    }
    Ok(out)
}

/// The `log` request of an export's row.
fn request(e: &plan::Entry, opts: &Options) -> LogRequest {
    LogRequest {
        id: e.goal.clone(),
        value: Some(format_number(e.value)),
        date: e.date,
        note: None,
        force: opts.force,
    }
}

/// A problem that is about the goal file, not a row.
fn refuse(csv: &str, line: u64, e: LogError) -> ImportError {
    ImportError::Refused {
        file: csv.to_string(),
        problems: vec![Problem {
            line,
            column: None,
            message: e.to_string(),
        }],
    }
}

/// Commits the files `outcome` wrote, in one commit; when git refuses,
/// puts every file back as it was.
pub fn commit(project: &Project, outcome: &Outcome, csv: &Path) -> Result<String, ImportError> {
    let name = csv
        .file_name()
        .map_or_else(|| shown(csv), |n| n.to_string_lossy().into_owned());
    let n = outcome.recorded.len();
    let message = format!(
        "import: {n} measurement{} from {name}",
        if n == 1 { "" } else { "s" }
    );
    let rels: Vec<&str> = outcome.files.iter().map(|f| f.rel.as_str()).collect();
    let root = side_root(project, &rels);
    let rels: Vec<&str> = rels
        .iter()
        .map(|rel| rel.strip_prefix(PREFIX).unwrap_or(rel))
        .collect();
    write::commit_files(root, &rels, &message).map_err(|error| {
        let restored = outcome
            .files
            .iter()
            .all(|f| write::replace(&f.path, &f.new, &f.original).is_ok());
        ImportError::Write { error, restored }
    })
}

/// Raises the limit on open files to hold one lock per file (a district
/// import can touch thousands), where the system allows it.
#[cfg(unix)]
fn room_for_locks(files: usize) {
    let want = libc::rlim_t::try_from(files.saturating_add(256)).unwrap_or(libc::rlim_t::MAX);
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < want {
            lim.rlim_cur = want.min(lim.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

#[cfg(not(unix))]
fn room_for_locks(_files: usize) {}
