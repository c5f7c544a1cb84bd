//! A small local web server for the output folder, with live reload.
//!
//! - Files are served from the output folder only: [`resolve`] refuses `..`
//!   (also percent-encoded), backslashes, drive letters and NUL, and checks
//!   the canonical path (symlinks resolved) is still inside the folder.
//! - HTML responses get the reload hook (and, after a build with errors, an
//!   overlay listing them) injected at serve time; the files on disk stay
//!   exactly as `build` wrote them.
//! - `/__goalpost/events` is a Server-Sent Events stream: `hello` on
//!   connect, `reload` after each finished build (see [`Reloader`]). Open
//!   tabs share one stream through a Web Lock + `BroadcastChannel`, so dozens
//!   of tabs do not exhaust the browser's six connections per host.
//! - HTTP/1.1 is hyper's, on a single-threaded tokio runtime of the
//!   server's own (one thread; no global state): every connection is a
//!   task, so a slow or idle client holds a few kilobytes, never a thread.
//! - [`Limits`]: request heads are capped in size (431) and in time (a
//!   client that sends no complete head in time, or stays idle that long
//!   between requests, is hung up on); connections past the cap are told
//!   "503 busy" and closed; an accept that fails (out of file descriptors)
//!   is retried after a pause, so the server outlives any flood.

use bytes::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{
    HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, HOST, LOCATION,
};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::fs::File;
use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::sync::{oneshot, Semaphore};

use super::edits::{self, CheckIns, Recorder};
use crate::edit::Planned;

/// The live-reload event stream.
pub const EVENTS_PATH: &str = "/__goalpost/events";
const RESERVED_PREFIX: &str = "/__goalpost/";
/// A comment line on idle event streams, so dead clients are noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(20);
/// What a connection past the cap is told before it is closed.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Length: 18\r\nConnection: close\r\n\r\n\
server too busy\r\n\r\n";

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

/// What one client may take of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The longest request head (request line and headers), in bytes;
    /// longer ones are answered 431 and the connection is closed.
    pub max_head_bytes: usize,
    /// How long a client may take to send a whole request head, counted
    /// from the connection (or the end of the previous response, so it is
    /// also how long a kept-alive connection may stay idle).
    pub head_timeout: Duration,
    /// Open connections at most, event streams included; the next ones are
    /// answered 503 and closed until some end.
    pub max_connections: usize,
}

impl Default for Limits {
    /// 16 KiB heads, 10 seconds, and half the process's open-file limit
    /// for connections (at most 1,024), so that builds always have file
    /// descriptors left.
    fn default() -> Limits {
        let files = open_file_limit().unwrap_or(1024);
        Limits {
            max_head_bytes: 16 * 1024,
            head_timeout: Duration::from_secs(10),
            max_connections: (files.saturating_sub(64) / 2).clamp(16, 1024) as usize,
        }
    }
}

/// The soft limit on open files (`ulimit -n`), where there is one.
#[cfg(unix)]
fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one `rlimit` through a valid pointer.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    // `rlim_t` is 32 bits wide on some platforms.
    #[allow(clippy::useless_conversion)]
    ok.then(|| u64::try_from(limit.rlim_cur).unwrap_or(u64::MAX))
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<u64> {
    None
}

/// The server could not start.
#[derive(Debug)]
pub enum ServeError {
    PortInUse(SocketAddr),
    Other(String),
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
            ServeError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ServeError {}

enum Push {
    Reload(String),
    Close,
}

struct Shared {
    /// Canonical output folder.
    out: RwLock<PathBuf>,
    status: RwLock<Status>,
    subscribers: Mutex<Vec<UnboundedSender<Push>>>,
    /// Differs between server runs, so a page from an earlier run reloads.
    nonce: String,
    /// Bound to a loopback address: only loopback host names are answered.
    loopback: bool,
    /// No build has been published yet and the folder on disk is not to be
    /// served before one is (see [`LiveServer::start_held`]).
    held: std::sync::atomic::AtomicBool,
    /// With `--allow-edits`.
    edits: Option<EditState>,
}

struct EditState {
    recorder: Recorder,
    /// Random per run; every form carries it.
    secret: String,
    /// What the last published build offers a check-in for.
    check_ins: RwLock<CheckIns>,
    /// Check-ins are written one at a time, in the order they come.
    queue: Arc<Mutex<()>>,
}

#[derive(Default)]
struct Status {
    generation: u64,
    problems: Vec<String>,
}

impl Shared {
    fn token(&self) -> String {
        let generation = self.status.read().map(|s| s.generation).unwrap_or(0);
        format!("{}-{}", self.nonce, generation)
    }

    fn out(&self) -> PathBuf {
        self.out.read().map(|p| p.clone()).unwrap_or_default()
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
        if let Ok(mut status) = self.0.status.write() {
            status.generation += 1;
            status.problems = problems;
        }
        self.0
            .held
            .store(false, std::sync::atomic::Ordering::SeqCst);
        let token = self.0.token();
        if let Ok(mut subscribers) = self.0.subscribers.lock() {
            subscribers.retain(|s| s.send(Push::Reload(token.clone())).is_ok());
        }
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

    /// How many event streams are open (for tests and diagnostics).
    pub fn listeners(&self) -> usize {
        self.0.subscribers.lock().map(|s| s.len()).unwrap_or(0)
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
            return Err(ServeError::Other(format!(
                "--allow-edits needs a loopback address (127.0.0.1, ::1), not {}: \
                 anyone who could reach the server could change the goal files",
                opts.bind
            )));
        }
        let edits = match &opts.edits {
            Some(AllowEdits(recorder)) => Some(EditState {
                recorder: recorder.clone(),
                secret: edits::new_secret().map_err(ServeError::Other)?,
                check_ins: RwLock::new(CheckIns::default()),
                queue: Arc::new(Mutex::new(())),
            }),
            None => None,
        };
        let wanted = SocketAddr::new(opts.bind, opts.port);
        let cannot = |e: io::Error| ServeError::Other(format!("cannot listen on {wanted}: {e}"));
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
            .map_err(|e| ServeError::Other(format!("cannot start the server: {e}")))?;
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
            status: RwLock::new(Status::default()),
            subscribers: Mutex::new(Vec::new()),
            nonce: format!("{nonce:x}"),
            loopback: opts.bind.is_loopback(),
            held: std::sync::atomic::AtomicBool::new(held),
            edits,
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let (accept_shared, limits) = (shared.clone(), opts.limits.clone());
        let thread = std::thread::Builder::new()
            .name("goalpost-serve".into())
            .spawn(move || {
                runtime.spawn(accept_loop(listener, accept_shared, limits));
                // Until `stop`; dropping the runtime then ends every
                // connection and frees the port.
                let _ = runtime.block_on(stopped);
            })
            .map_err(|e| ServeError::Other(format!("cannot start the server: {e}")))?;
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
        if let Ok(mut subscribers) = self.shared.subscribers.lock() {
            for s in subscribers.drain(..) {
                let _ = s.send(Push::Close);
            }
        }
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

async fn accept_loop(listener: tokio::net::TcpListener, shared: Arc<Shared>, limits: Limits) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout)
        .max_header_size(limits.max_head_bytes)
        .max_buf_size((2 * limits.max_head_bytes).max(64 * 1024));
    let mut pause = Duration::from_millis(5);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors (or memory): wait for connections to
            // end, then try again. The loop never ends on an error.
            Err(_) => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(500));
                continue;
            }
        };
        pause = Duration::from_millis(5);
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Read what has come (so closing sends no reset over it), say
            // "busy", close.
            let _ = stream.try_read(&mut [0; 4096]);
            let _ = stream.try_write(BUSY);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let limits = limits.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let (shared, limits) = (shared.clone(), limits.clone());
            async move {
                let check_in =
                    shared.edits.is_some() && request.uri().path() == edits::CHECK_IN_PATH;
                Ok::<_, Infallible>(if check_in {
                    check_in_response(request, &shared, &limits).await
                } else {
                    respond(&request, &shared)
                })
            }
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            // A client that goes away, or breaks the protocol, ends its
            // own connection only.
            let _ = connection.await;
            drop(slot);
        });
    }
}
/// Why a request gets no file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Malformed: not an origin-form path, bad percent-encoding, not UTF-8.
    BadRequest,
    /// An attempt to leave the output folder.
    Forbidden,
    NotFound,
    /// A folder asked for without its trailing slash: go here instead, so
    /// the page's relative links work.
    Redirect(String),
}

/// The path part of a request target, percent-decoded and checked, as a
/// relative path inside the served folder. Pure: touches no file.
pub fn url_to_relative(url: &str) -> Result<PathBuf, Refusal> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let decoded = percent_decode(path).ok_or(Refusal::BadRequest)?;
    let decoded = String::from_utf8(decoded).map_err(|_| Refusal::BadRequest)?;
    if decoded.contains(['\\', '\0']) {
        return Err(Refusal::Forbidden);
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refusal::Forbidden),
            // `C:`, alternate data streams: never part of a page name.
            s if s.contains(':') => return Err(Refusal::Forbidden),
            // goalpost's own bookkeeping (the manifest, the intent log) is
            // not part of the report: after a `--include-private` build it
            // names private pages. No page name starts with a dot.
            s if s.starts_with('.') => return Err(Refusal::NotFound),
            s => relative.push(s),
        }
    }
    Ok(relative)
}

pub(super) fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The file to send for `url`, inside the canonical folder `root`: a
/// folder gives its `index.html`; anything whose real path (symlinks
/// resolved) is outside `root` is refused.
pub fn resolve(root: &Path, url: &str) -> Result<PathBuf, Refusal> {
    let relative = url_to_relative(url)?;
    let real = root
        .join(&relative)
        .canonicalize()
        .map_err(|_| Refusal::NotFound)?;
    if !real.starts_with(root) {
        return Err(Refusal::Forbidden);
    }
    if !real.is_dir() {
        return Ok(real);
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if !path.ends_with('/') {
        // Built from the path's own segments: `//goals` must not become
        // `//goals/`, which a browser reads as the host `goals`.
        let query = &url[path.len()..];
        let mut location = String::from("/");
        for segment in path.split('/').filter(|s| !s.is_empty() && *s != ".") {
            location.push_str(segment);
            location.push('/');
        }
        return Err(Refusal::Redirect(format!("{location}{query}")));
    }
    let index = real
        .join("index.html")
        .canonicalize()
        .map_err(|_| Refusal::NotFound)?;
    if !index.starts_with(root) {
        return Err(Refusal::Forbidden);
    }
    if index.is_file() {
        Ok(index)
    } else {
        Err(Refusal::NotFound)
    }
}

/// The `Content-Type` for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A response body: bytes in memory, a file read in pieces as the client
/// takes them, or an event stream.
pub enum Payload {
    Bytes(Option<Bytes>),
    File { file: File, left: u64 },
    Events(Box<Events>),
}

pub struct Events {
    pushes: UnboundedReceiver<Push>,
    hello: Option<Bytes>,
    tick: tokio::time::Interval,
}

impl Payload {
    fn empty() -> Payload {
        Payload::Bytes(None)
    }

    fn text(text: impl Into<Bytes>) -> Payload {
        Payload::Bytes(Some(text.into()))
    }
}

impl Body for Payload {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            Payload::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Payload::File { file, left } => {
                if *left == 0 {
                    return Poll::Ready(None);
                }
                let mut piece = vec![0; (*left).min(64 * 1024) as usize];
                Poll::Ready(Some(match file.read(&mut piece) {
                    // The file shrank while being sent: the client sees a
                    // short body and the connection closes.
                    Ok(0) => Err(io::ErrorKind::UnexpectedEof.into()),
                    Ok(n) => {
                        *left -= n as u64;
                        piece.truncate(n);
                        Ok(Frame::data(Bytes::from(piece)))
                    }
                    Err(e) => Err(e),
                }))
            }
            Payload::Events(events) => {
                if let Some(hello) = events.hello.take() {
                    return Poll::Ready(Some(Ok(Frame::data(hello))));
                }
                match events.pushes.poll_recv(cx) {
                    Poll::Ready(Some(Push::Reload(token))) => {
                        let chunk = format!("event: reload\ndata: {token}\n\n");
                        return Poll::Ready(Some(Ok(Frame::data(chunk.into()))));
                    }
                    Poll::Ready(Some(Push::Close) | None) => return Poll::Ready(None),
                    Poll::Pending => {}
                }
                match events.tick.poll_tick(cx) {
                    Poll::Ready(_) => Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
                        b": keep-alive\n\n",
                    ))))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Payload::Bytes(bytes) => bytes.is_none(),
            Payload::File { left, .. } => *left == 0,
            Payload::Events(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Payload::Bytes(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Payload::File { left, .. } => SizeHint::with_exact(*left),
            Payload::Events(_) => SizeHint::default(),
        }
    }
}

/// A response; for `HEAD`, its headers with `Content-Length` but no body.
fn reply(
    head: bool,
    status: u16,
    headers: &[(hyper::header::HeaderName, &str)],
    body: Payload,
) -> Response<Payload> {
    let length = body.size_hint().exact();
    let mut response = Response::new(if head { Payload::empty() } else { body });
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let map = response.headers_mut();
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(value) {
            map.insert(name.clone(), value);
        }
    }
    if head {
        if let Some(length) = length {
            map.insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
    }
    response
}

fn plain(head: bool, status: u16, text: &'static str) -> Response<Payload> {
    reply(
        head,
        status,
        &[(CONTENT_TYPE, "text/plain; charset=utf-8")],
        Payload::text(text),
    )
}

/// Whether a request's `Host` may be answered. A server on a loopback
/// address answers only loopback names, so a web page elsewhere cannot
/// read the report through DNS rebinding; one bound to a network address
/// (`--bind 0.0.0.0`) was meant to be reached by any name (`serve` warns).
pub fn host_allowed(host: Option<&str>, loopback_only: bool) -> bool {
    let Some(host) = host else { return true };
    if !loopback_only {
        return true;
    }
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

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
        return stream_events(head, shared);
    }
    if path.starts_with(RESERVED_PREFIX) {
        return respond_html(head, shared, 404, &not_found_page(path));
    }
    if shared.held.load(std::sync::atomic::Ordering::SeqCst) {
        return respond_html(head, shared, 503, BUILDING_PAGE.as_bytes());
    }
    match resolve(&shared.out(), &url) {
        Ok(file) if content_type(&file).starts_with("text/html") => match std::fs::read(&file) {
            Ok(bytes) => match &shared.edits {
                Some(edits) => {
                    let offered = edits
                        .check_ins
                        .read()
                        .map(|c| c.clone())
                        .unwrap_or_default();
                    let page = edits::inject_forms(&bytes, &offered, &edits.secret, path);
                    respond_html(head, shared, 200, &page)
                }
                None => respond_html(head, shared, 200, &bytes),
            },
            Err(_) => respond_html(head, shared, 404, &not_found_page(path)),
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
            Err(_) => respond_html(head, shared, 404, &not_found_page(path)),
        },
        Err(Refusal::Redirect(location)) => {
            reply(head, 301, &[(LOCATION, &location)], Payload::empty())
        }
        Err(Refusal::BadRequest) => plain(head, 400, "bad request\n"),
        Err(Refusal::Forbidden) => plain(head, 403, "forbidden: outside the report folder\n"),
        Err(Refusal::NotFound) => respond_html(head, shared, 404, &not_found_page(path)),
    }
}

/// A request to the check-in endpoint (`--allow-edits` only): a form post
/// from one of the report's own pages, with this run's secret, records one
/// entry through the [`Recorder`]; the answer sends the browser back to the
/// page (303), once the rebuild is published or after a few seconds.
async fn check_in_response(
    request: Request<Incoming>,
    shared: &Shared,
    limits: &Limits,
) -> Response<Payload> {
    let Some(state) = &shared.edits else {
        return plain(false, 404, "not found\n");
    };
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    let host = header("host");
    if host.is_none() || !host_allowed(host, shared.loopback) {
        return plain(false, 403, "forbidden: unknown host name\n");
    }
    if request.method() != Method::POST {
        return reply(
            request.method() == Method::HEAD,
            405,
            &[(ALLOW, "POST"), (CONTENT_TYPE, "text/plain; charset=utf-8")],
            Payload::text(
                "method not allowed: check-ins are posted by the forms on the report's pages\n",
            ),
        );
    }
    let cross_site = header("sec-fetch-site").is_some_and(|s| s != "same-origin");
    if cross_site || !edits::same_origin(header("origin"), host) {
        return plain(
            false,
            403,
            "forbidden: a check-in must be posted from a page of this report\n",
        );
    }
    let form_type = header("content-type").is_some_and(|t| {
        t.to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    });
    if !form_type {
        return plain(false, 415, "unsupported media type: post the form\n");
    }
    let max = limits.max_head_bytes;
    let too_large = || {
        reply(
            false,
            413,
            &[
                (CONTENT_TYPE, "text/plain; charset=utf-8"),
                (hyper::header::CONNECTION, "close"),
            ],
            Payload::text("content too large: a check-in is a short form\n"),
        )
    };
    let declared = header("content-length").and_then(|l| l.parse::<u64>().ok());
    if declared.is_some_and(|l| l > max as u64) {
        return too_large();
    }
    let body = match tokio::time::timeout(limits.head_timeout, read_body(request.into_body(), max))
        .await
    {
        Ok(Ok(body)) => body,
        Ok(Err(BodyError::TooLarge)) => return too_large(),
        Ok(Err(BodyError::Broken)) => return plain(false, 400, "bad request\n"),
        Err(_) => return plain(false, 408, "request timeout: the form came too slowly\n"),
    };
    let Some(form) = edits::parse_form(&body) else {
        return plain(false, 400, "bad request: not a form\n");
    };
    if !edits::same_secret(&form.token, &state.secret) {
        return plain(
            false,
            403,
            "forbidden: the form's token is missing or wrong (it changes every time `goalpost serve` starts: reload the page)\n",
        );
    }
    let offered = state
        .check_ins
        .read()
        .map(|c| c.clone())
        .unwrap_or_default();
    let entry = match edits::request(&form, &offered) {
        Ok(entry) => entry,
        Err(refused) => return refusal(&refused, &state.secret, &form.back),
    };
    let key = crate::render::address(&entry.id);
    let generation = shared.status.read().map(|s| s.generation).unwrap_or(0);
    let recorder = state.recorder.clone();
    let queue = state.queue.clone();
    let written = tokio::task::spawn_blocking(move || {
        let _turn = queue.lock().unwrap_or_else(PoisonError::into_inner);
        recorder(entry)
    });
    match written.await {
        Ok(Ok(Planned::Change(_))) => wait_for_publish(shared, generation).await,
        Ok(Ok(Planned::AlreadyRecorded { .. })) => {}
        Ok(Err(e)) => return refusal(&edits::refusal_of(&e, &form), &state.secret, &form.back),
        Err(_) => {
            return plain(
                false,
                409,
                "the check-in stopped before it finished: reload the page to see whether it was recorded\n",
            )
        }
    }
    let location = format!("{}#check-in-{key}", edits::safe_back(&form.back));
    reply(
        false,
        303,
        &[(LOCATION, &location), (CACHE_CONTROL, "no-store")],
        Payload::empty(),
    )
}

/// A refused check-in: a page that says why, never reloaded by itself
/// (that would post the form again).
fn refusal(refused: &edits::Refused, secret: &str, back: &str) -> Response<Payload> {
    reply(
        false,
        refused.status,
        &[
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
            (NOSNIFF.0.clone(), NOSNIFF.1),
        ],
        Payload::text(edits::refusal_page(refused, secret, back)),
    )
}

/// Until a build after `generation` is published, for at most 3 seconds:
/// then the page the browser goes back to shows the entry.
async fn wait_for_publish(shared: &Shared, generation: u64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while shared.status.read().map(|s| s.generation).unwrap_or(0) <= generation
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

enum BodyError {
    TooLarge,
    Broken,
}

/// A request body of at most `max` bytes.
async fn read_body(mut body: Incoming, max: usize) -> Result<Vec<u8>, BodyError> {
    let mut out = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| BodyError::Broken)?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > max {
                return Err(BodyError::TooLarge);
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}

static NOSNIFF: (hyper::header::HeaderName, &str) =
    (hyper::header::X_CONTENT_TYPE_OPTIONS, "nosniff");

fn respond_html(head: bool, shared: &Shared, status: u16, page: &[u8]) -> Response<Payload> {
    let problems = shared
        .status
        .read()
        .map(|s| s.problems.clone())
        .unwrap_or_default();
    let body = inject(page, &shared.token(), &problems);
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

/// Answered before the first build is published (see [`LiveServer::start_held`]).
const BUILDING_PAGE: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
    <title>Building the report</title>\
    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
    <body style=\"font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em\">\
    <h1>Building the report…</h1><p>This page reloads by itself when it is ready.</p>\
    </body></html>\n";

fn not_found_page(path: &str) -> Vec<u8> {
    let shown = percent_decode(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_else(|| path.to_string());
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em\">\
         <h1>Not found</h1><p>There is no page <code>{}</code> in this report \
         (a goal that was renamed or deleted?).</p><p><a href=\"/\">Back to the dashboard</a></p>\
         </body></html>\n",
        escape(&shown)
    )
    .into_bytes()
}

/// HTML-escapes text for element content and quoted attributes.
pub use crate::render::svg::esc as escape;

/// The page with the reload hook (and the error overlay, when there are
/// problems) inserted before its last `</body>`, or at its end.
pub fn inject(page: &[u8], token: &str, problems: &[String]) -> Vec<u8> {
    let mut hook = String::new();
    if !problems.is_empty() {
        hook.push_str(&overlay(problems));
    }
    hook.push_str(&reload_script(token));
    let at = find_last_ci(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + hook.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(hook.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

fn overlay(problems: &[String]) -> String {
    let count = problems.len();
    let noun = if count == 1 { "error" } else { "errors" };
    let items: String = problems
        .iter()
        .map(|p| format!("<li>{}</li>", escape(p)))
        .collect();
    format!(
        "<div id=\"goalpost-errors\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;\
         z-index:2147483647;max-height:50vh;overflow:auto;margin:0;padding:.75em 1em;\
         background:#fff4f2;color:#5c0a00;border-bottom:4px solid #b3261e;\
         box-shadow:0 2px 10px rgba(0,0,0,.3);font:14px/1.45 ui-monospace,Menlo,Consolas,monospace\">\
         <button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right\">Hide</button>\
         <strong>The last build has {count} {noun}</strong> \
         (the page shows the goals that could be read; fix and save to rebuild)\
         <ul style=\"margin:.4em 0 0;padding-left:1.2em\">{items}</ul></div>"
    )
}

fn reload_script(token: &str) -> String {
    // The token is generated by the server (hex digits and a dash); escape anyway.
    let token = escape(token);
    format!(
        r#"<script>/* goalpost serve: live reload, never written to disk */
(function () {{
  var token = "{token}", url = "{EVENTS_PATH}";
  // A check-in form on its way is not cut short: its answer brings the
  // page back, rebuilt.
  function check(t) {{
    if (t && t !== token && !document.querySelector("form[data-sent]")) location.reload();
  }}
  // Back to this page from the history: forms sent then are done.
  window.addEventListener("pageshow", function () {{
    var sent = document.querySelectorAll("form[data-sent]");
    for (var i = 0; i < sent.length; i++) sent[i].removeAttribute("data-sent");
  }});
  function listen(relay) {{
    var es = new EventSource(url);
    es.addEventListener("hello", function (e) {{ relay(e.data); }});
    es.addEventListener("reload", function (e) {{ relay(e.data); }});
  }}
  if (window.BroadcastChannel && navigator.locks) {{
    var bc = new BroadcastChannel("goalpost-live");
    bc.onmessage = function (e) {{ check(e.data); }};
    navigator.locks.request("goalpost-live", function () {{
      return new Promise(function () {{
        listen(function (t) {{ bc.postMessage(t); check(t); }});
      }});
    }});
  }} else {{
    listen(check);
  }}
}})();
</script>"#
    )
}

fn stream_events(head: bool, shared: &Shared) -> Response<Payload> {
    let headers = [
        (CONTENT_TYPE, "text/event-stream"),
        (CACHE_CONTROL, "no-cache"),
        (
            hyper::header::HeaderName::from_static("x-accel-buffering"),
            "no",
        ),
    ];
    if head {
        let mut response = reply(true, 200, &headers, Payload::empty());
        response.headers_mut().remove(CONTENT_LENGTH);
        return response;
    }
    let (tx, pushes) = unbounded_channel();
    if let Ok(mut subscribers) = shared.subscribers.lock() {
        // Streams whose clients left are dropped here too, so tabs that
        // come and go between builds do not pile up.
        subscribers.retain(|s| !s.is_closed());
        subscribers.push(tx);
    }
    let hello = format!("retry: 1000\nevent: hello\ndata: {}\n\n", shared.token());
    let start = tokio::time::Instant::now() + KEEP_ALIVE;
    // The client went away: hyper drops the body, and with it the
    // receiver; the dead sender is dropped from the list at the next publish.
    reply(
        false,
        200,
        &headers,
        Payload::Events(Box::new(Events {
            pushes,
            hello: Some(hello.into()),
            tick: tokio::time::interval_at(start, KEEP_ALIVE),
        })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_become_relative_paths() {
        assert_eq!(url_to_relative("/"), Ok(PathBuf::new()));
        assert_eq!(
            url_to_relative("/index.html"),
            Ok(PathBuf::from("index.html"))
        );
        assert_eq!(
            url_to_relative("/goals/a%20b.html?x=1#top"),
            Ok(PathBuf::from("goals/a b.html"))
        );
        assert_eq!(
            url_to_relative("//goals/./x.html"),
            Ok(PathBuf::from("goals/x.html"))
        );
        assert_eq!(
            url_to_relative("/%C3%A9t%C3%A9.html"),
            Ok(PathBuf::from("été.html"))
        );
    }

    #[test]
    fn bookkeeping_files_are_not_served() {
        for url in [
            "/.goalpost-manifest",
            "/.goalpost-journal",
            "/goals/.index.html.12.0.tmp",
            "/.git/config",
        ] {
            assert_eq!(url_to_relative(url), Err(Refusal::NotFound), "{url}");
        }
    }

    #[test]
    fn escapes_are_refused() {
        for url in [
            "/../secret.txt",
            "/goals/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/goals/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/..%5csecret.txt",
            "/goals\\..\\secret.txt",
            "/C:/Windows/win.ini",
            "/a%00.html",
        ] {
            assert_eq!(url_to_relative(url), Err(Refusal::Forbidden), "{url}");
        }
        for url in [
            "http://example.com/x",
            "*",
            "/%zz",
            "/%2",
            "/%ff%fe.html",
            "",
        ] {
            assert_eq!(url_to_relative(url), Err(Refusal::BadRequest), "{url}");
        }
    }

    #[test]
    fn absolute_looking_paths_stay_inside() {
        // `//etc/passwd` is the folder's own `etc/passwd`, which does not exist.
        assert_eq!(
            url_to_relative("//etc/passwd"),
            Ok(PathBuf::from("etc/passwd"))
        );
        assert_eq!(
            url_to_relative("/%2Fetc%2Fpasswd"),
            Ok(PathBuf::from("etc/passwd"))
        );
    }

    #[test]
    fn resolve_checks_the_real_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("goals")).unwrap();
        std::fs::create_dir_all(root.join("empty")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("goals/index.html"), "goals").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/"), Ok(root.join("index.html")));
        assert_eq!(resolve(&root, "/goals/"), Ok(root.join("goals/index.html")));
        assert_eq!(
            resolve(&root, "/goals?x=1"),
            Err(Refusal::Redirect("/goals/?x=1".into()))
        );
        // Never `//goals/`, which a browser reads as the host `goals`.
        assert_eq!(
            resolve(&root, "//goals"),
            Err(Refusal::Redirect("/goals/".into()))
        );
        assert_eq!(
            resolve(&root, "/.//goals?x=//y"),
            Err(Refusal::Redirect("/goals/?x=//y".into()))
        );
        assert_eq!(resolve(&root, "/empty/"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/missing.html"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/../secret.txt"), Err(Refusal::Forbidden));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
            assert_eq!(resolve(&root, "/link.txt"), Err(Refusal::Forbidden));
            assert_eq!(resolve(&root, "/up/secret.txt"), Err(Refusal::Forbidden));
            // A symlink that stays inside is fine.
            std::os::unix::fs::symlink(root.join("index.html"), root.join("home.html")).unwrap();
            assert_eq!(resolve(&root, "/home.html"), Ok(root.join("index.html")));
        }
    }

    #[test]
    fn loopback_servers_answer_loopback_names_only() {
        for host in [
            "localhost",
            "localhost:8000",
            "127.0.0.1:8000",
            "[::1]:8000",
            "app.localhost",
            "LOCALHOST.",
        ] {
            assert!(host_allowed(Some(host), true), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8000",
            "192.168.1.5:8000",
            "localhost.evil.example",
            "[2001:db8::1]:80",
        ] {
            assert!(!host_allowed(Some(host), true), "{host}");
            assert!(
                host_allowed(Some(host), false),
                "{host} with --bind 0.0.0.0"
            );
        }
        assert!(host_allowed(None, true), "HTTP/1.0 without Host");
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.CSS")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("goals.json")), "application/json");
        assert_eq!(content_type(Path::new("c.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("c.png")), "image/png");
        assert_eq!(
            content_type(Path::new("c.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("robots.txt")),
            "text/plain; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("blob")), "application/octet-stream");
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let page = b"<html><body><p>x</p><!-- </body> --></BODY></html>";
        let out = String::from_utf8(inject(page, "t-1", &[])).unwrap();
        let script = out.find("<script>").unwrap();
        assert!(out[script..].contains("</BODY></html>"));
        assert!(out[..script].contains("<!-- </body> -->"));
        assert!(out.contains("var token = \"t-1\""));
        assert!(!out.contains("goalpost-errors"));
        // No body: appended.
        let out = String::from_utf8(inject(b"<p>bare", "t", &[])).unwrap();
        assert!(out.starts_with("<p>bare<script>"));
    }

    #[test]
    fn overlay_lists_problems_escaped() {
        let problems =
            vec!["goals/x.md:4:1 unknown-field <script>alert(1)</script> & more".to_string()];
        let out = String::from_utf8(inject(b"<body></body>", "t", &problems)).unwrap();
        assert!(out.contains("The last build has 1 error<"));
        assert!(out.contains(
            "<li>goals/x.md:4:1 unknown-field &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</li>"
        ));
        assert!(!out.contains("<script>alert"));
    }
}
