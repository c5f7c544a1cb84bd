//! `goalpost serve`: `watch`, plus the report over HTTP with live reload.

use goalpost::edit::{self, LogError, LogRequest, Planned};
use goalpost::live::{problem_lines, AllowEdits, CheckIns, Limits, LiveServer, ServeOptions};
use goalpost::project;
use goalpost::site::Session;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::path::Path;
use std::sync::Arc;

#[derive(clap::Args)]
#[group(id = "serve-options")]
pub struct Args {
    #[command(flatten)]
    pub watch: super::watch::Args,
    /// Port to listen on
    #[arg(long, value_name = "N", default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on (0.0.0.0 shares the report with every device
    /// that can reach this computer, whatever host name it uses)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the report in a web browser
    #[arg(long)]
    pub open: bool,
    /// Put a check-in form next to each practice scheduled today on the
    /// served pages (never on the files on disk); a check-in records what
    /// `goalpost log` would. Loopback addresses only
    #[arg(long)]
    pub allow_edits: bool,
}

pub fn run(args: Args) -> u8 {
    let dir = &args.watch.repo.resolve();
    if args.allow_edits && !args.bind.is_loopback() {
        errln!(
            "goalpost serve: --allow-edits needs a loopback address (the default 127.0.0.1, or ::1), \
             not {}: anyone who could reach the server could change the goal files",
            args.bind
        );
        return super::CANNOT_RUN;
    }
    if !dir.is_dir() {
        errln!("goalpost serve: {}: no such folder", dir.display());
        return super::CANNOT_RUN;
    }
    // The folder the build will write (`--out`, else `output:` in
    // goalpost.yml): never serve another one, not even before the first
    // build ends.
    let opts = match args.watch.build.options(dir.clone()) {
        Ok(opts) => opts,
        Err(code) => return code,
    };
    let out_guess = match goalpost::site::out_dir(&opts) {
        Ok(out) => out,
        Err(e) => {
            errln!("goalpost serve: {e}");
            return super::CANNOT_RUN;
        }
    };
    // Listen first: a taken port fails at once, before any work.
    // Nothing is served before the first build is published: what is on
    // disk may be an old report, built with `--include-private`.
    let server = match LiveServer::start_held(&ServeOptions {
        bind: args.bind,
        port: args.port,
        out: out_guess.clone(),
        limits: Limits::default(),
        edits: args.allow_edits.then(|| AllowEdits(recorder(dir, &opts))),
    }) {
        Ok(server) => server,
        Err(e) => {
            errln!("goalpost serve: {e}");
            return super::CANNOT_RUN;
        }
    };
    let reloader = server.reloader();
    let mut last_out = out_guess;
    let url = server.url();
    let mut urls = url.clone();
    if !args.bind.is_loopback() {
        let addr = server.addr();
        errln!(
            "goalpost serve: warning: listening on {addr}{}: anyone who can reach this \
             computer can read the report, under any host name (on the default 127.0.0.1, \
             only this computer can, and only under loopback host names)",
            if addr.ip().is_unspecified() {
                " (every address of this computer)"
            } else {
                ""
            }
        );
        if let Some(network) = network_address(addr) {
            urls.push_str(&format!(" and http://{network}/"));
        }
    }
    super::watch::live_loop(
        "serve",
        dir,
        &args.watch,
        Session::serving(),
        |result| match result {
            Ok(summary) => {
                last_out = summary.out_dir.clone();
                if let Some(templates) = &summary.served {
                    reloader.use_templates(templates.clone());
                }
                reloader.offer(CheckIns::new(
                    summary.today,
                    summary.practices_today.clone(),
                ));
                // What the report shows, not every problem: a private goal's
                // errors stay off the overlay as they stay off the pages.
                reloader.publish(&summary.out_dir, problem_lines(&summary.shown));
            }
            Err(e) => reloader.publish(&last_out, vec![format!("the build failed: {e}")]),
        },
        || {
            let edits = if args.allow_edits {
                ", check-in forms on"
            } else {
                ""
            };
            errln!("serving {urls} (live reload on{edits})");
            if args.open {
                open_browser(&url);
            }
        },
    )
}

/// What a check-in does: exactly `goalpost log ID [VALUE] --date DATE
/// [--note TEXT] [--force] -C DIR`, on the files as they are now.
fn recorder(dir: &Path, opts: &goalpost::site::BuildOptions) -> goalpost::live::edits::Recorder {
    let dir = dir.to_path_buf();
    let out = opts.out.clone();
    let personal = opts.personal().map(Path::to_path_buf);
    Arc::new(move |request: LogRequest| -> Result<Planned, LogError> {
        let mut cache = project::ParseCache::default();
        let mut project = project::load(&dir, out.as_deref(), &mut cache)
            .map_err(|e| LogError::Io(e.to_string()))?;
        if let Some(personal) = &personal {
            project
                .add_personal(personal, &mut project::ParseCache::default())
                .map_err(|e| LogError::Io(e.to_string()))?;
        }
        let outcome = edit::record(&project, &request, |_| Ok(()))?;
        if let Planned::Change(c) = &outcome {
            let was = c
                .replaced
                .as_ref()
                .map(|r| format!(", replacing {r}"))
                .unwrap_or_default();
            // One status line: a note's newline is data here, written `\n`.
            let said = format!(
                "check-in: recorded {} {} on {} in {}:{}{was}",
                c.id, c.value, c.date, c.rel, c.line
            );
            goalpost::terminal::eprintln(goalpost::terminal::escape(&said));
        }
        Ok(outcome)
    })
}

/// For a server on every address, the one this computer has on its network
/// (the one its default route leaves from; a UDP "connection" sends
/// nothing). `None` offline.
fn network_address(addr: SocketAddr) -> Option<SocketAddr> {
    if !addr.ip().is_unspecified() {
        return None;
    }
    let (local, probe) = if addr.is_ipv4() {
        ("0.0.0.0:0", "192.0.2.1:9")
    } else {
        ("[::]:0", "[2001:db8::1]:9")
    };
    let socket = UdpSocket::bind(local).ok()?;
    socket.connect(probe).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then(|| SocketAddr::new(ip, addr.port()))
}

/// Best effort: a browser that does not open is a warning, never a failure.
fn open_browser(url: &str) {
    let (program, arguments): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(&arguments)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reap it in the background so it does not linger as a zombie.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => errln!("goalpost serve: warning: could not open a browser ({program}: {e}); open {url} yourself"),
    }
}
