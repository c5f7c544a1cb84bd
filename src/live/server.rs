//! A small local web server for the output folder, with live reload:
//! where to listen, the state a run keeps, and which room answers which
//! request. Each concern has a module of its own:
//!
//! - [`super::http`]: HTTP/1.1 transport and its [`Limits`];
//! - [`super::files`]: which file a URL is (never one outside the folder);
//! - [`super::reload`]: the event stream and what goes into served pages;
//! - [`super::check_in`]: the check-in endpoint (`--allow-edits`), with
//!   [`super::edits`] for the forms and what a post may ask.
//!
//! The HTML `serve` makes (the overlay, check-in forms, not-found and
//! building pages) comes from templates, overridable like every page
//! ([`crate::render::served`]).

use super::check_in::{self, EditState, Post};
use super::edits::{self, CheckIns, Recorder};
use super::files::{content_type, percent_decode, resolve, Refusal};
use super::http::{accept_loop, plain, reply, Payload, NOSNIFF};
pub use super::http::{host_allowed, Limits};
pub use super::reload::EVENTS_PATH;
use super::reload::{self, Hub};
use crate::render::served::ServedTemplates;
use crate::render::view::served::NotFoundPage;
use hyper::body::Incoming;
use hyper::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, HOST, LOCATION};
use hyper::{Method, Request, Response};
use std::fs::File;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::oneshot;

const RESERVED_PREFIX: &str = "/__goalpost/";

/// Where to listen and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    /// The output folder.
    pub out: PathBuf,
    pub limits: Limits,
    /// `--allow-edits`: check-in forms on served pages, written by this
    /// callback. Only on a loopback address.
    pub edits: Option<AllowEdits>,
}

/// What writes a check-in (see [`super::edits`]).
#[derive(Clone)]
pub struct AllowEdits(pub Recorder);

impl std::fmt::Debug for AllowEdits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AllowEdits(..)")
    }
}

/// The server could not start.
#[derive(Debug)]
pub enum ServeError {
    PortInUse(SocketAddr),
    /// `--allow-edits` with an address other machines could reach.
    EditsNotLoopback(std::net::IpAddr),
    /// No secret for the check-in forms.
    Secret(super::edits::SecretError),
    /// The address cannot be listened on.
    Listen {
        addr: SocketAddr,
        source: io::Error,
    },
    /// The server's runtime or thread could not start.
    Start(io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::PortInUse(addr) => write!(
                f,
                "port {} on {} is already in use; stop the other server or choose another port with --port",
                addr.port(),
                addr.ip()
            ),
            ServeError::EditsNotLoopback(ip) => write!(
                f,
                "--allow-edits needs a loopback address (127.0.0.1, ::1), not {ip}: \
                 anyone who could reach the server could change the goal files"
            ),
            ServeError::Secret(e) => write!(f, "{e}"),
            ServeError::Listen { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            ServeError::Start(e) => write!(f, "cannot start the server: {e}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::PortInUse(_) | ServeError::EditsNotLoopback(_) => None,
            ServeError::Secret(e) => Some(e),
            ServeError::Listen { source, .. } | ServeError::Start(source) => Some(source),
        }
    }
}

struct Shared {
    /// Canonical output folder.
    out: RwLock<PathBuf>,
    hub: Hub,
    /// Bound to a loopback address: only loopback host names are answered.
    loopback: bool,
    /// No build has been published yet and the folder on disk is not to be
    /// served before one is (see [`LiveServer::start_held`]).
    held: AtomicBool,
    /// With `--allow-edits`.
    edits: Option<EditState>,
    limits: Limits,
    /// The served templates of the last published build.
    templates: RwLock<Arc<ServedTemplates>>,
}

impl Shared {
    fn out(&self) -> PathBuf {
        self.out.read().map(|p| p.clone()).unwrap_or_default()
    }

    fn templates(&self) -> Arc<ServedTemplates> {
        self.templates
            .read()
            .map(|t| Arc::clone(&t))
            .unwrap_or_default()
    }
}

/// Tells open pages that a build has finished writing.
#[derive(Clone)]
pub struct Reloader(Arc<Shared>);

impl Reloader {
    /// Call after a build has finished writing to `out`: pages served from
    /// now on show `problems` (one "file:line:col code message" line each;
    /// empty when the build had no errors) and every open page reloads.
    pub fn publish(&self, out: &Path, problems: Vec<String>) {
        if let Ok(mut dir) = self.0.out.write() {
            *dir = out.canonicalize().unwrap_or_else(|_| out.to_path_buf());
        }
        self.0.held.store(false, Ordering::SeqCst);
        self.0.hub.publish(problems);
    }

    /// With `--allow-edits`: the practices the build about to be
    /// published offers a check-in for. Call before [`publish`](Self::publish).
    pub fn offer(&self, check_ins: CheckIns) {
        if let Some(edits) = &self.0.edits {
            if let Ok(mut offered) = edits.check_ins.write() {
                *offered = check_ins;
            }
        }
    }

    /// The templates served pages are made with from now on (the goals
    /// repository's overrides; the built-in ones until this is called).
    /// Call before [`publish`](Self::publish).
    pub fn use_templates(&self, templates: Arc<ServedTemplates>) {
        if let Ok(mut current) = self.0.templates.write() {
            *current = templates;
        }
    }

    /// How many event streams are open (for tests and diagnostics).
    pub fn listeners(&self) -> usize {
        self.0.hub.listeners()
    }
}

/// A running server.
pub struct LiveServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LiveServer {
    /// Binds and starts serving on a thread of its own.
    pub fn start(opts: &ServeOptions) -> Result<LiveServer, ServeError> {
        LiveServer::start_with(opts, false)
    }

    /// Like [`start`](Self::start), but serves no file of the output
    /// folder until the first [`Reloader::publish`]: until then every page
    /// answers 503 "building", and reloads when the build is published.
    /// What is on disk before the first build ends may be an old report
    /// (one built with `--include-private`).
    pub fn start_held(opts: &ServeOptions) -> Result<LiveServer, ServeError> {
        LiveServer::start_with(opts, true)
    }

    fn start_with(opts: &ServeOptions, held: bool) -> Result<LiveServer, ServeError> {
        if opts.edits.is_some() && !opts.bind.is_loopback() {
            return Err(ServeError::EditsNotLoopback(opts.bind));
        }
        let edits = match &opts.edits {
            Some(AllowEdits(recorder)) => {
                Some(EditState::new(recorder.clone()).map_err(ServeError::Secret)?)
            }
            None => None,
        };
        let wanted = SocketAddr::new(opts.bind, opts.port);
        let cannot = |source: io::Error| ServeError::Listen {
            addr: wanted,
            source,
        };
        let listener = std::net::TcpListener::bind(wanted).map_err(|e| match e.kind() {
            io::ErrorKind::AddrInUse => ServeError::PortInUse(wanted),
            _ => cannot(e),
        })?;
        let addr = listener.local_addr().map_err(cannot)?;
        listener.set_nonblocking(true).map_err(cannot)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(ServeError::Start)?;
        let listener = {
            let _inside = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(cannot)?
        };
        let nonce = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let shared = Arc::new(Shared {
            out: RwLock::new(opts.out.canonicalize().unwrap_or_else(|_| opts.out.clone())),
            hub: Hub::new(format!("{nonce:x}")),
            loopback: opts.bind.is_loopback(),
            held: AtomicBool::new(held),
            edits,
            limits: opts.limits.clone(),
            templates: RwLock::new(Arc::default()),
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let (accept_shared, limits) = (shared.clone(), opts.limits.clone());
        let handler = move |request| route(request, accept_shared.clone());
        let thread = std::thread::Builder::new()
            .name("goalpost-serve".into())
            .spawn(move || {
                runtime.spawn(accept_loop(listener, limits, handler));
                // Until `stop`; dropping the runtime then ends every
                // connection and frees the port.
                let _ = runtime.block_on(stopped);
            })
            .map_err(ServeError::Start)?;
        Ok(LiveServer {
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:8000/`; an unspecified bind address (`0.0.0.0`)
    /// is shown as the loopback address, which a browser can open.
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
            ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    pub fn reloader(&self) -> Reloader {
        Reloader(self.shared.clone())
    }

    /// Stops accepting requests and ends every connection, event streams
    /// included.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.shared.hub.close_all();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for LiveServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Which room answers a request.
async fn route(request: Request<Incoming>, shared: Arc<Shared>) -> Response<Payload> {
    match &shared.edits {
        Some(state) if check_in::is_check_in(request.uri().path()) => {
            let post = Post {
                state,
                hub: &shared.hub,
                loopback: shared.loopback,
                limits: &shared.limits,
                templates: shared.templates(),
            };
            check_in::respond(request, post).await
        }
        _ => respond(&request, &shared),
    }
}

/// A `GET` or `HEAD`: the event stream, or a file of the report.
fn respond(request: &Request<Incoming>, shared: &Shared) -> Response<Payload> {
    let head = request.method() == Method::HEAD;
    let host = match request.headers().get(HOST).map(|h| h.to_str()) {
        None => None,
        Some(Ok(host)) => Some(host),
        Some(Err(_)) => return plain(head, 400, "bad request\n"),
    };
    if !host_allowed(host, shared.loopback) {
        return plain(head, 403, "forbidden: unknown host name\n");
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return reply(
            false,
            405,
            &[
                (ALLOW, "GET, HEAD"),
                (CONTENT_TYPE, "text/plain; charset=utf-8"),
            ],
            Payload::text("method not allowed\n"),
        );
    }
    // The request target as sent: origin-form `/path?query`, or anything
    // else, which `resolve` refuses.
    let url = request.uri().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS_PATH {
        return reload::stream_events(head, &shared.hub);
    }
    let templates = shared.templates();
    let not_found = || {
        let page = not_found_page(&templates, path);
        respond_html(head, shared, &templates, 404, page.as_bytes())
    };
    if path.starts_with(RESERVED_PREFIX) {
        return not_found();
    }
    if shared.held.load(Ordering::SeqCst) {
        let page = templates.building_page();
        return respond_html(head, shared, &templates, 503, page.as_bytes());
    }
    match resolve(&shared.out(), &url) {
        Ok(file) if content_type(&file).starts_with("text/html") => match std::fs::read(&file) {
            Ok(bytes) => match &shared.edits {
                Some(edits) => {
                    let offered = edits.offered();
                    let page =
                        edits::inject_forms(&bytes, &offered, &edits.secret, path, &templates);
                    respond_html(head, shared, &templates, 200, &page)
                }
                None => respond_html(head, shared, &templates, 200, &bytes),
            },
            Err(_) => not_found(),
        },
        Ok(file) => match File::open(&file).and_then(|f| Ok((f.metadata()?.len(), f))) {
            Ok((left, f)) => reply(
                head,
                200,
                &[
                    (CONTENT_TYPE, content_type(&file)),
                    (CACHE_CONTROL, "no-cache"),
                    (NOSNIFF.0.clone(), NOSNIFF.1),
                ],
                Payload::File { file: f, left },
            ),
            Err(_) => not_found(),
        },
        Err(Refusal::Redirect(location)) => {
            reply(head, 301, &[(LOCATION, &location)], Payload::empty())
        }
        Err(Refusal::BadRequest) => plain(head, 400, "bad request\n"),
        Err(Refusal::Forbidden) => plain(head, 403, "forbidden: outside the report folder\n"),
        Err(Refusal::NotFound) => not_found(),
    }
}

/// An HTML page with the live-reload hook.
fn respond_html(
    head: bool,
    shared: &Shared,
    templates: &ServedTemplates,
    status: u16,
    page: &[u8],
) -> Response<Payload> {
    let problems = shared.hub.problems();
    let body = reload::inject(page, templates, &shared.hub.token(), &problems);
    reply(
        head,
        status,
        &[
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
            (NOSNIFF.0.clone(), NOSNIFF.1),
        ],
        Payload::text(body),
    )
}

fn not_found_page(templates: &ServedTemplates, path: &str) -> String {
    let shown = percent_decode(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_else(|| path.to_string());
    templates.not_found_page(&NotFoundPage { path: &shown })
}
