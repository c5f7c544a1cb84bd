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
//! - Every request runs on its own thread; a client that goes away only ends
//!   its own thread.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The live-reload event stream.
pub const EVENTS_PATH: &str = "/__goalpost/events";
const RESERVED_PREFIX: &str = "/__goalpost/";
/// A comment line on idle event streams, so dead clients are noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(20);

/// Where to listen and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    /// The output folder.
    pub out: PathBuf,
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
    subscribers: Mutex<Vec<Sender<Push>>>,
    /// Differs between server runs, so a page from an earlier run reloads.
    nonce: String,
    /// Bound to a loopback address: only loopback host names are answered.
    loopback: bool,
    /// No build has been published yet and the folder on disk is not to be
    /// served before one is (see [`LiveServer::start_held`]).
    held: std::sync::atomic::AtomicBool,
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

    /// How many event streams are open (for tests and diagnostics).
    pub fn listeners(&self) -> usize {
        self.0.subscribers.lock().map(|s| s.len()).unwrap_or(0)
    }
}

/// A running server.
pub struct LiveServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl LiveServer {
    /// Binds and starts serving in background threads.
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
        let wanted = SocketAddr::new(opts.bind, opts.port);
        let listener = TcpListener::bind(wanted).map_err(|e| match e.kind() {
            io::ErrorKind::AddrInUse => ServeError::PortInUse(wanted),
            _ => ServeError::Other(format!("cannot listen on {wanted}: {e}")),
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| ServeError::Other(format!("cannot listen on {wanted}: {e}")))?;
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| ServeError::Other(format!("cannot listen on {wanted}: {e}")))?;
        let server = Arc::new(server);
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
        });
        let (accept_server, accept_shared) = (server.clone(), shared.clone());
        let thread = std::thread::Builder::new()
            .name("goalpost-serve".into())
            .spawn(move || {
                for request in accept_server.incoming_requests() {
                    let shared = accept_shared.clone();
                    // If no thread can be made, the request is dropped and
                    // its connection closed: the server itself goes on.
                    let _ = std::thread::Builder::new()
                        .name("goalpost-request".into())
                        .spawn(move || handle(request, &shared));
                }
            })
            .map_err(|e| ServeError::Other(format!("cannot start the server: {e}")))?;
        Ok(LiveServer {
            addr,
            shared,
            server,
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

    /// Stops accepting requests and ends the event streams.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.server.unblock();
        if let Ok(mut subscribers) = self.shared.subscribers.lock() {
            for s in subscribers.drain(..) {
                let _ = s.send(Push::Close);
            }
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

fn percent_decode(s: &str) -> Option<Vec<u8>> {
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
        let query = &url[path.len()..];
        return Err(Refusal::Redirect(format!("{path}/{query}")));
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
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn with_headers<R: Read>(mut response: Response<R>, headers: &[(&str, &str)]) -> Response<R> {
    for (name, value) in headers {
        if let Some(h) = header(name, value) {
            response.add_header(h);
        }
    }
    response
}

/// Whether a request's `Host` may be answered. A server on a loopback
/// address answers only loopback names, so a web page elsewhere cannot
/// read the report through DNS rebinding; one bound to a network address
/// (`--bind 0.0.0.0`) was meant to be reached by any name.
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

fn handle(request: Request, shared: &Shared) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if !host_allowed(host.as_deref(), shared.loopback) {
        let _ = request.respond(plain(403, "forbidden: unknown host name\n"));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_data("method not allowed\n").with_status_code(405);
        let response = with_headers(response, &[("Allow", "GET, HEAD")]);
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS_PATH {
        stream_events(request, shared);
        return;
    }
    if path.starts_with(RESERVED_PREFIX) {
        respond_html(request, shared, 404, &not_found_page(path));
        return;
    }
    if shared.held.load(std::sync::atomic::Ordering::SeqCst) {
        respond_html(request, shared, 503, BUILDING_PAGE.as_bytes());
        return;
    }
    // A client that disconnects mid-response makes `respond` fail: nothing to do.
    match resolve(&shared.out(), &url) {
        Ok(file) if content_type(&file).starts_with("text/html") => match std::fs::read(&file) {
            Ok(bytes) => respond_html(request, shared, 200, &bytes),
            Err(_) => respond_html(request, shared, 404, &not_found_page(path)),
        },
        Ok(file) => match File::open(&file) {
            Ok(f) => {
                let response = with_headers(
                    Response::from_file(f),
                    &[
                        ("Content-Type", content_type(&file)),
                        ("Cache-Control", "no-cache"),
                        ("X-Content-Type-Options", "nosniff"),
                    ],
                );
                let _ = request.respond(response);
            }
            Err(_) => respond_html(request, shared, 404, &not_found_page(path)),
        },
        Err(Refusal::Redirect(location)) => {
            let response = Response::empty(301);
            let response = match header("Location", &location) {
                Some(h) => response.with_header(h),
                None => Response::empty(400),
            };
            let _ = request.respond(response);
        }
        Err(Refusal::BadRequest) => {
            let _ = request.respond(plain(400, "bad request\n"));
        }
        Err(Refusal::Forbidden) => {
            let _ = request.respond(plain(403, "forbidden: outside the report folder\n"));
        }
        Err(Refusal::NotFound) => respond_html(request, shared, 404, &not_found_page(path)),
    }
}

fn plain(status: u16, text: &str) -> Response<io::Cursor<Vec<u8>>> {
    with_headers(
        Response::from_data(text.as_bytes().to_vec()).with_status_code(StatusCode(status)),
        &[("Content-Type", "text/plain; charset=utf-8")],
    )
}

fn respond_html(request: Request, shared: &Shared, status: u16, page: &[u8]) {
    let problems = shared
        .status
        .read()
        .map(|s| s.problems.clone())
        .unwrap_or_default();
    let body = inject(page, &shared.token(), &problems);
    let response = with_headers(
        Response::from_data(body).with_status_code(StatusCode(status)),
        &[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Cache-Control", "no-cache"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    );
    let _ = request.respond(response);
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
  function check(t) {{ if (t && t !== token) location.reload(); }}
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

fn stream_events(request: Request, shared: &Shared) {
    let (tx, rx) = channel();
    if let Ok(mut subscribers) = shared.subscribers.lock() {
        subscribers.push(tx);
    }
    let mut writer = request.into_writer();
    let hello = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
         Connection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\nevent: hello\ndata: {}\n\n",
        shared.token()
    );
    if send(&mut writer, &hello).is_err() {
        return;
    }
    loop {
        let chunk = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(Push::Reload(token)) => format!("event: reload\ndata: {token}\n\n"),
            Ok(Push::Close) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
        };
        // The client went away: this thread ends; the dead sender is
        // dropped from the list at the next publish.
        if send(&mut writer, &chunk).is_err() {
            return;
        }
    }
}

fn send(writer: &mut Box<dyn Write + Send>, text: &str) -> io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
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
