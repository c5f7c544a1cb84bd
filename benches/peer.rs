//! goalpost and Hugo side by side: the same generated goal files built by
//! the `goalpost` release binary and by Hugo, as whole processes.
//!
//! ```text
//! cargo bench --bench peer                              # 10,000 goals, 5 runs each
//! cargo bench --bench peer -- --goals 1000 --runs 9
//! cargo bench --bench peer -- --keep /tmp/peer          # leave repo, site and outputs there
//! cargo bench --bench peer -- --goals 100000 --runs 1 --skip-goalpost
//! cargo bench --bench peer -- --log-days 250           # longer practice logs (a later month)
//! cargo bench --bench peer -- --delete-between          # one output folder, deleted before each run
//! ```
//!
//! It generates a goals repository (`support/synth.rs`), writes the same
//! Markdown files, byte for byte, as a theme-less Hugo site
//! (`support/hugo.rs`), then runs `goalpost build REPO --out DIR` and
//! `hugo --quiet -s SITE -d DIR` alternately (goalpost, Hugo, goalpost,
//! Hugo, …), each into an output folder deleted before the run so both
//! do a full build. The input files are in the page cache for both.
//!
//! It prints, per tool, the median, min and max wall time, the median CPU
//! time (user + system, less moved than wall time by other work on the
//! machine), the median peak memory (max RSS of the process), and the
//! median of the per-pair ratios goalpost/Hugo; then, per output: files,
//! HTML pages, bytes, bytes per input byte, the largest file, and how many
//! files exceed 1 MB and 2 MB (MB = 10^6 bytes throughout).
//!
//! Needs:
//! - Hugo on the `PATH` (`apt-get install hugo`), or `--hugo PATH`;
//!   `--skip-hugo` leaves it out.
//! - GNU time at `/usr/bin/time` (`apt-get install time`) for peak memory
//!   and CPU time; without it, wall times are still measured and the rest
//!   shows as `n/a`.
//!
//! `--skip-goalpost` leaves goalpost out (e.g. at sizes where it runs out of
//! memory). With `--keep DIR`, DIR keeps `repo/`, `hugo-site/`,
//! `out-goalpost/`, `out-hugo/` and Hugo's `hugo-cache/` (those are
//! replaced if present).

#[path = "support/hugo.rs"]
mod hugo;
#[path = "support/synth.rs"]
mod synth;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const GNU_TIME: &str = "/usr/bin/time";
/// Peak RSS in KiB, user and system CPU seconds.
const TIME_FORMAT: &str = "%M %U %S";
const MB: f64 = 1e6;

/// One timed run of one tool.
struct Run {
    wall: Duration,
    /// Peak resident memory in bytes and CPU seconds (user + system), when
    /// GNU time is there to tell.
    usage: Option<Usage>,
}

#[derive(Clone, Copy)]
struct Usage {
    peak: u64,
    cpu: f64,
}

/// A tool to run: its name in the table and its command line.
struct Tool {
    name: &'static str,
    program: OsString,
    args: Vec<OsString>,
    out: PathBuf,
    runs: Vec<Run>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let flag = |name: &str| args.iter().any(|a| a == name);
    let goals = arg("--goals")
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let runs: usize = arg("--runs")
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
        .max(1);
    let keep = arg("--keep").map(PathBuf::from);
    // Days of practice logs: 80 is a district in November; 250 makes
    // files the size of a whole school year's log.
    let log_days = arg("--log-days").and_then(|s| s.parse().ok()).unwrap_or(80);
    let hugo_bin = arg("--hugo").unwrap_or_else(|| "hugo".to_string());
    let skip_goalpost = flag("--skip-goalpost");
    let skip_hugo = flag("--skip-hugo");

    let hugo_version = if skip_hugo {
        None
    } else {
        match Command::new(&hugo_bin).arg("version").output() {
            Ok(out) if out.status.success() => Some(
                String::from_utf8_lossy(&out.stdout)
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("?")
                    .to_string(),
            ),
            _ => {
                eprintln!(
                    "peer: cannot run `{hugo_bin} version`: install Hugo (apt-get install hugo), \
                     pass --hugo PATH, or leave it out with --skip-hugo"
                );
                std::process::exit(2);
            }
        }
    };
    let gnu_time = probe_gnu_time();
    if gnu_time.is_none() {
        eprintln!(
            "peer: note: GNU time not found at {GNU_TIME} (apt-get install time): \
             peak memory and CPU time are not measured"
        );
    }

    let temp = tempfile::tempdir().expect("temp dir");
    let root = keep.unwrap_or_else(|| temp.path().to_path_buf());
    let repo = root.join("repo");
    let site = root.join("hugo-site");
    let hugo_cache = root.join("hugo-cache");
    for dir in [
        &repo,
        &site,
        &root.join("out-goalpost"),
        &root.join("out-hugo"),
        &hugo_cache,
    ] {
        remove_dir(dir);
    }
    fs::create_dir_all(&repo).expect("mkdir");
    let started = Instant::now();
    synth::generate(&repo, &synth::Size { goals, log_days }).expect("generate");
    let generated = started.elapsed();
    let started = Instant::now();
    let input = hugo::write_site(&repo, &site).expect("write Hugo site");
    println!(
        "generated {goals} goals in {generated:.2?}, wrote them as a Hugo site in {:.2?}, at {}",
        started.elapsed(),
        root.display()
    );
    println!(
        "input: {} goal files, {} ({:.1} MB), the same bytes for both",
        input.files,
        input.bytes,
        input.bytes as f64 / MB
    );

    let os = |s: &str| OsString::from(s);
    let mut tools = Vec::new();
    if !skip_goalpost {
        let out = root.join("out-goalpost");
        tools.push(Tool {
            name: "goalpost",
            program: os(env!("CARGO_BIN_EXE_goalpost")),
            args: vec![
                os("build"),
                repo.clone().into(),
                os("--out"),
                out.clone().into(),
            ],
            out,
            runs: Vec::new(),
        });
    }
    if let Some(version) = &hugo_version {
        let out = root.join("out-hugo");
        tools.push(Tool {
            name: "hugo",
            program: os(&hugo_bin),
            args: vec![
                os("--quiet"),
                os("-s"),
                site.clone().into(),
                os("-d"),
                out.clone().into(),
                os("--cacheDir"),
                hugo_cache.clone().into(),
            ],
            out,
            runs: Vec::new(),
        });
        println!("peer: Hugo {version}");
    }
    if tools.is_empty() {
        eprintln!("peer: nothing to run (both tools skipped)");
        return;
    }

    let log = root.join("peer-stderr.log");
    let memory_file = root.join("peer-time.txt");
    // Each run writes into a folder of its own, and the folders are removed
    // only after the last run: on ext4, making files just after thousands
    // were deleted costs the kernel more than making them at all (for a
    // minute it skips the inodes just freed, one lookup each), which would
    // bill the previous run's deletion to whichever tool runs next.
    // `--delete-between` deletes the one output folder before each run.
    let delete_between = flag("--delete-between");
    for run in 0..runs {
        for tool in &mut tools {
            let out = if delete_between {
                tool.out.clone()
            } else {
                run_folder(&tool.out, run)
            };
            remove_dir(&out);
            settle();
            let result = timed(tool, &out, gnu_time.as_deref(), &memory_file, &log);
            eprintln!(
                "  run {}/{runs} {:<8} {:>8.2} s  {}",
                run + 1,
                tool.name,
                result.wall.as_secs_f64(),
                usage_text(result.usage)
            );
            tool.runs.push(result);
        }
    }
    let _ = fs::remove_file(&memory_file);
    let _ = fs::remove_file(&log);
    if !delete_between {
        // The last run's output stays, where `--keep` has always left it.
        for tool in &tools {
            remove_dir(&tool.out);
            for run in 0..runs {
                let folder = run_folder(&tool.out, run);
                if run + 1 == runs {
                    fs::rename(&folder, &tool.out).expect("keep the last run's output");
                } else {
                    remove_dir(&folder);
                }
            }
        }
    }

    println!();
    println!(
        "{goals} goals, {runs} run(s) per tool, alternating, each into an empty output folder{}",
        if delete_between {
            " (deleted just before)"
        } else {
            " (never deleted before it)"
        }
    );
    println!(
        "{:<10} {:>10} {:>8} {:>8} {:>14} {:>14}",
        "tool", "median s", "min s", "max s", "cpu s (med)", "peak MB (med)"
    );
    let na =
        |v: Option<f64>, digits: usize| v.map_or("n/a".to_string(), |v| format!("{v:.digits$}"));
    for tool in &tools {
        let secs: Vec<f64> = tool.runs.iter().map(|r| r.wall.as_secs_f64()).collect();
        let usage = |f: fn(Usage) -> f64| -> Option<f64> {
            let v: Vec<f64> = tool.runs.iter().filter_map(|r| r.usage.map(f)).collect();
            (!v.is_empty()).then(|| median(&v))
        };
        println!(
            "{:<10} {:>10.2} {:>8.2} {:>8.2} {:>14} {:>14}",
            tool.name,
            median(&secs),
            secs.iter().copied().fold(f64::INFINITY, f64::min),
            secs.iter().copied().fold(0.0, f64::max),
            na(usage(|u| u.cpu), 2),
            na(usage(|u| u.peak as f64 / MB), 0),
        );
    }
    if let [g, h] = &tools[..] {
        let ratio = |f: fn(&Run) -> Option<f64>| -> Option<f64> {
            let v: Vec<f64> = g
                .runs
                .iter()
                .zip(&h.runs)
                .filter_map(|(a, b)| Some(f(a)? / f(b)?))
                .collect();
            (!v.is_empty()).then(|| median(&v))
        };
        let x = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.2}x"));
        println!(
            "goalpost/Hugo, median of per-pair ratios: wall time {}, cpu time {}, peak memory {}",
            x(ratio(|r| Some(r.wall.as_secs_f64()))),
            x(ratio(|r| r.usage.map(|u| u.cpu))),
            x(ratio(|r| r.usage.map(|u| u.peak as f64))),
        );
    }

    println!();
    println!(
        "{:<10} {:>7} {:>7} {:>12} {:>8} {:>6} {:>6}  largest file",
        "output", "files", "pages", "bytes", "x input", ">1 MB", ">2 MB"
    );
    for tool in &tools {
        let stats = output_stats(&tool.out);
        let (largest, largest_bytes) = stats.largest.clone().unwrap_or_default();
        println!(
            "{:<10} {:>7} {:>7} {:>12} {:>8.2} {:>6} {:>6}  {} ({:.2} MB)",
            tool.name,
            stats.files,
            stats.pages,
            stats.bytes,
            stats.bytes as f64 / input.bytes.max(1) as f64,
            stats.over_1mb,
            stats.over_2mb,
            largest.display(),
            largest_bytes as f64 / MB
        );
        if tool.name == "hugo" && stats.pages < input.files {
            eprintln!(
                "peer: warning: Hugo wrote {} pages for {} goal files",
                stats.pages, input.files
            );
        }
    }
}

/// Runs `tool` once, writing into `out`, under GNU time when there is one, and panics with the
/// end of its error output if it fails.
fn timed(tool: &Tool, out: &Path, gnu_time: Option<&Path>, memory_file: &Path, log: &Path) -> Run {
    let mut command = match gnu_time {
        Some(time) => {
            let _ = fs::remove_file(memory_file);
            let mut c = Command::new(time);
            c.arg("-f")
                .arg(TIME_FORMAT)
                .arg("-o")
                .arg(memory_file)
                .arg(&tool.program);
            c
        }
        None => Command::new(&tool.program),
    };
    // The output folder in the command line is this run's.
    let args = tool
        .args
        .iter()
        .map(|a| if *a == *tool.out { out.as_os_str() } else { a });
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(log).expect("log file"));
    let started = Instant::now();
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.name));
    let wall = started.elapsed();
    if !status.success() {
        let text = fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        panic!("{} failed ({status}):\n{}", tool.name, tail.join("\n"));
    }
    let usage = gnu_time.and_then(|_| read_usage(memory_file));
    Run { wall, usage }
}

/// GNU time's [`TIME_FORMAT`] line (the last of its output file).
fn read_usage(file: &Path) -> Option<Usage> {
    let text = fs::read_to_string(file).ok()?;
    let mut fields = text.lines().last()?.split_whitespace();
    let kib: u64 = fields.next()?.parse().ok()?;
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some(Usage {
        peak: kib * 1024,
        cpu: user + system,
    })
}

/// `/usr/bin/time` if it is GNU time (it understands `-f FORMAT -o FILE`).
fn probe_gnu_time() -> Option<PathBuf> {
    let time = Path::new(GNU_TIME);
    if !time.exists() {
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    let file = dir.path().join("probe");
    let status = Command::new(time)
        .arg("-f")
        .arg(TIME_FORMAT)
        .arg("-o")
        .arg(&file)
        .arg("true")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    (status.success() && read_usage(&file).is_some()).then(|| time.to_path_buf())
}

fn usage_text(usage: Option<Usage>) -> String {
    usage.map_or("cpu n/a, peak n/a".to_string(), |u| {
        format!("cpu {:.2} s, peak {:.0} MB", u.cpu, u.peak as f64 / MB)
    })
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The output folder of run `run` (from 0): `out-goalpost-1`, ….
fn run_folder(out: &Path, run: usize) -> PathBuf {
    let mut name = out.as_os_str().to_os_string();
    name.push(format!("-{}", run + 1));
    PathBuf::from(name)
}

fn remove_dir(dir: &Path) {
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap_or_else(|e| panic!("remove {}: {e}", dir.display()));
    }
}

/// Lets the disk catch up before a timed run: the last run's pages and the
/// removal of its output folder are written back now, not billed to
/// whichever tool runs next (on a small machine that is a second or more).
fn settle() {
    let _ = Command::new("sync").status();
}

#[derive(Default)]
struct OutputStats {
    files: usize,
    pages: usize,
    bytes: u64,
    over_1mb: usize,
    over_2mb: usize,
    /// Path relative to the output folder, and size.
    largest: Option<(PathBuf, u64)>,
}

fn output_stats(out: &Path) -> OutputStats {
    let mut stats = OutputStats::default();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            let len = meta.len();
            stats.files += 1;
            stats.bytes += len;
            if path.extension().is_some_and(|e| e == "html") {
                stats.pages += 1;
            }
            if len as f64 > MB {
                stats.over_1mb += 1;
            }
            if len as f64 > 2.0 * MB {
                stats.over_2mb += 1;
            }
            if stats.largest.as_ref().is_none_or(|(_, l)| len > *l) {
                let rel = path.strip_prefix(out).unwrap_or(&path).to_path_buf();
                stats.largest = Some((rel, len));
            }
        }
    }
    stats
}
