//! `goalpost watch`: build once, then rebuild after every relevant change.
//! `serve` runs the same loop with a web server on top.

use goalpost::diagnostics::Diagnostic;
use goalpost::live::{
    Changes, Clock, Forwarder, Next, Rebuilt, SystemClock, WatchOptions, Watcher,
};
use goalpost::site::{self, BuildError, BuildOptions, BuildSummary, Session};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub repo: super::Where,
    #[command(flatten)]
    pub build: super::build::BuildArgs,
    /// Poll for changes instead of using native file events (network drives, WSL)
    #[arg(long)]
    pub poll: bool,
    /// Wait this long after the last change before rebuilding
    #[arg(long, value_name = "MS", default_value_t = goalpost::live::watcher::DEFAULT_DEBOUNCE.as_millis() as u64,
          value_parser = clap::value_parser!(u64).range(10..=10_000))]
    pub debounce: u64,
}

pub fn run(args: Args) -> u8 {
    let dir = args.repo.resolve();
    live_loop("watch", &dir, &args, Session::default(), |_| {}, || {})
}

/// Builds once (a failure exits 2), then rebuilds on every change until
/// Ctrl-C (exit 0). `on_built` sees every build's outcome after it has
/// finished writing; `on_ready` runs once, after the first build.
/// `session` is the first build's (`serve` asks for its templates).
pub(super) fn live_loop(
    command: &str,
    dir: &std::path::Path,
    args: &Args,
    mut session: Session,
    mut on_built: impl FnMut(&Result<BuildSummary, BuildError>),
    on_ready: impl FnOnce(),
) -> u8 {
    if !dir.is_dir() {
        errln!("goalpost {command}: {}: no such folder", dir.display());
        return super::CANNOT_RUN;
    }
    goalpost::memory::keep_freed_memory();
    let opts: BuildOptions = match args.build.options(dir.to_path_buf()) {
        Ok(opts) => opts,
        Err(code) => return code,
    };
    // Watch before the first build, so a save during it is not missed.
    let mut watch = WatchOptions::new(
        dir,
        args.build.out.clone().unwrap_or_else(|| dir.join("site")),
    );
    watch.poll = args.poll;
    watch.debounce = Duration::from_millis(args.debounce);
    let mut watcher = match Watcher::start(&watch) {
        Ok(w) => w,
        Err(e) => {
            errln!("goalpost {command}: {e}");
            return super::CANNOT_RUN;
        }
    };
    // A personal folder read with the repository is watched too: its
    // changes come to this loop, named `~personal/…`.
    if let Some(personal) = opts.personal() {
        let mut mine = WatchOptions::new(personal, personal.join("site"));
        mine.poll = watch.poll;
        mine.debounce = watch.debounce;
        match Watcher::start(&mine) {
            Ok(w) => forward(w, watcher.forwarder()),
            Err(e) => {
                errln!("goalpost {command}: {e}");
                return super::CANNOT_RUN;
            }
        }
    }
    // Caught from the start: Ctrl-C during the first build ends cleanly after it.
    let stopper = watcher.stopper();
    let pressed = AtomicBool::new(false);
    let handler = move || {
        // A second Ctrl-C does not wait for a long build to finish.
        if pressed.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(super::OK));
        }
        stopper.stop();
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        errln!("goalpost {command}: warning: cannot catch Ctrl-C: {e}");
    }
    // The date before the first build: a build across midnight is
    // followed by one for the new day.
    let clock = SystemClock;
    let day = clock.now().date();
    let started = Instant::now();
    let first = site::build(&opts, &mut session);
    match &first {
        Ok(summary) => {
            errln!(
                "built in {} · {}",
                millis(started.elapsed()),
                tally(summary)
            );
            print_errors(&summary.diagnostics);
            watcher.set_out(&summary.out_dir);
        }
        Err(e) => {
            errln!("goalpost {command}: {}", e);
            return super::CANNOT_RUN;
        }
    }
    on_built(&first);
    on_ready();

    errln!(
        "watching {} for changes{} (Ctrl-C to stop)",
        dir.display(),
        if args.poll { " by polling" } else { "" }
    );
    watcher.run_by(
        &clock,
        day,
        |changes| {
            let result = rebuild(&opts, &mut session, changes);
            on_built(&result);
            Rebuilt {
                out_dir: result.ok().map(|s| s.out_dir),
            }
        },
        |trouble| errln!("goalpost {command}: warning: {trouble}"),
    );
    super::OK
}

/// Hands every change the personal folder's watcher sees to the main
/// watcher, from a thread of its own, for as long as the process runs.
fn forward(mut personal: Watcher, to: Forwarder) {
    std::thread::spawn(move || loop {
        match personal.next(None) {
            Next::Changes(changes) => to.forward(goalpost::personal::PREFIX, &changes),
            Next::Stopped => break,
            Next::Trouble(_) | Next::TimedOut => {}
        }
    });
}

fn rebuild(
    opts: &BuildOptions,
    session: &mut Session,
    changes: &Changes,
) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    // What the watcher saw change is re-parsed even if its size and
    // modification time look the same (coarse clocks on network drives).
    if changes.rescan {
        session.cache.clear();
        session.personal.clear();
    } else {
        let (mine, shared): (Vec<&PathBuf>, Vec<&PathBuf>) = changes
            .paths
            .iter()
            .partition(|p| p.starts_with(goalpost::personal::PREFIX.trim_end_matches('/')));
        session
            .cache
            .only_changed(shared.iter().map(|p| opts.root.join(p)));
        if let Some(dir) = opts.personal() {
            session.personal.only_changed(mine.iter().map(|p| {
                dir.join(
                    p.strip_prefix(goalpost::personal::PREFIX.trim_end_matches('/'))
                        .unwrap_or(p),
                )
            }));
        }
    }
    let result = site::build(opts, session);
    let took = millis(started.elapsed());
    match &result {
        Ok(summary) => {
            errln!(
                "{} · rebuilt in {took} ({}; {} rendered) · {}",
                changes.describe(),
                summary.phases,
                plural(summary.rendered.len(), "page"),
                tally(summary)
            );
            print_errors(&summary.diagnostics);
        }
        // A failed rebuild is reported; the next save may fix it.
        Err(e) => errln!("{} · build failed after {took}: {}", changes.describe(), e),
    }
    result
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn tally(summary: &BuildSummary) -> String {
    format!(
        "{}, {} · {} written",
        plural(summary.tally.errors, "error"),
        plural(summary.tally.warnings, "warning"),
        plural(summary.written, "file"),
    )
}

/// The errors, one line each (warnings are counted; `goalpost check` shows them).
fn print_errors(diagnostics: &[Diagnostic]) {
    const SHOWN: usize = 20;
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    for d in errors.iter().take(SHOWN) {
        errln!(
            "  error[{}]: {}:{}:{}: {}",
            d.code,
            goalpost::terminal::escape(&d.file),
            d.line,
            d.column,
            goalpost::terminal::escape(&d.message)
        );
    }
    if errors.len() > SHOWN {
        errln!(
            "  … and {} more errors (goalpost check lists them all)",
            errors.len() - SHOWN
        );
    }
}
