//! The live server over a real loopback socket, with a plain `TcpStream`
//! client: pages, content types, 404s, traversal attempts, the reload hook
//! and the event stream, many open streams and clients that hang up.

use crate::prelude::*;
use goalpost::live::server::EVENTS_PATH;
use goalpost::live::{Limits, LiveServer, ServeError, ServeOptions};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(5);
const SECRET: &str = "TOP-SECRET-OUTSIDE-THE-SITE";
const INDEX: &str = "<!doctype html><html><head><title>Dashboard</title></head><body><h1>Dashboard</h1></body></html>";

/// A built site in `site/` of a temp repo, with a secret file next to it
/// (and, on Unix, links that lead out of it).
struct Site {
    repo: Repo,
    out: PathBuf,
}

fn site() -> Site {
    let repo = Repo::empty();
    repo.write("site/index.html", INDEX)
        .write(
            "site/goals/reading.html",
            "<html><body><p>Reading</p></body></html>",
        )
        .write("site/people/index.html", "<html><body>People</body></html>")
        .write("site/style.css", "body { color: black }")
        .write("site/goals.json", "{\"goals\": []}")
        .write(
            "site/chart.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
        )
        .write("site/logo.png", [0x89, b'P', b'N', b'G', 0, 1, 2, 3])
        .write("site/app.js", "console.log(1)")
        .write("site/notes.txt", "plain notes")
        .write("site/big.bin", vec![7u8; 8 * 1024 * 1024])
        .write("secret.txt", SECRET);
    let out = repo.join("site");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(repo.join("secret.txt"), out.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(repo.path(), out.join("up")).unwrap();
    }
    Site { repo, out }
}

fn start(out: &Path) -> LiveServer {
    LiveServer::start(&ServeOptions {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        out: out.to_path_buf(),
        limits: Limits::default(),
        edits: None,
    })
    .unwrap()
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    stream
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request with a raw request target (so `..` reaches the server as typed).
fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let mut stream = connect(addr);
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse(&raw)
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target)
}

fn parse(raw: &[u8]) -> Reply {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16)
            .unwrap_or(0);
        data = &data[line_end + 2..];
        if size == 0 || data.len() < size {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[(size + 2).min(data.len())..];
    }
}

#[test]
fn serves_pages_with_content_types() {
    let site = site();
    let server = start(&site.out);
    let addr = server.addr();
    for (target, content_type, needle) in [
        ("/goals/reading.html", "text/html; charset=utf-8", "Reading"),
        ("/style.css", "text/css; charset=utf-8", "color: black"),
        ("/goals.json", "application/json", "\"goals\""),
        ("/chart.svg", "image/svg+xml", "<svg"),
        ("/logo.png", "image/png", "PNG"),
        ("/app.js", "text/javascript; charset=utf-8", "console.log"),
        ("/notes.txt", "text/plain; charset=utf-8", "plain notes"),
        ("/goals.json?v=2", "application/json", "\"goals\""),
    ] {
        let reply = get(addr, target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("Content-Type"), Some(content_type), "{target}");
        assert!(reply.text().contains(needle), "{target}: {}", reply.text());
    }
    // Non-HTML files go out byte for byte.
    assert_eq!(
        get(addr, "/logo.png").body,
        fs::read(site.out.join("logo.png")).unwrap()
    );
    assert_eq!(
        get(addr, "/style.css").body,
        fs::read(site.out.join("style.css")).unwrap()
    );
}

#[test]
fn folders_give_their_index_and_get_a_trailing_slash() {
    let site = site();
    let server = start(&site.out);
    let root = get(server.addr(), "/");
    assert_eq!(root.status, 200);
    assert!(root.text().contains("<h1>Dashboard</h1>"));
    let people = get(server.addr(), "/people/");
    assert_eq!(people.status, 200);
    assert!(people.text().contains("People"));
    let redirect = get(server.addr(), "/people?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location"), Some("/people/?x=1"));
    // A folder without an index page is not listed.
    assert_eq!(get(server.addr(), "/goals/").status, 404);
}

#[test]
fn missing_pages_get_a_404_page() {
    let site = site();
    let server = start(&site.out);
    let reply = get(server.addr(), "/goals/deleted-goal.html");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let text = reply.text();
    assert!(
        text.contains("Not found") && text.contains("/goals/deleted-goal.html"),
        "{text}"
    );
    // The 404 page reloads too, so a page that comes back shows itself.
    assert!(text.contains(EVENTS_PATH));
    // The requested path is escaped on the page.
    let reply = get(server.addr(), "/%3Cscript%3Ealert(1)%3C/script%3E.html");
    assert_eq!(reply.status, 404);
    assert!(
        !reply.text().contains("<script>alert(1)"),
        "{}",
        reply.text()
    );
    assert!(reply.text().contains("&lt;script&gt;alert(1)"));
    assert_eq!(get(server.addr(), "/__goalpost/anything").status, 404);
}

#[test]
fn no_request_escapes_the_output_folder() {
    let site = site();
    let server = start(&site.out);
    let mut targets = vec![
        "/../secret.txt",
        "/goals/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/goals/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/goals\\..\\..\\secret.txt",
        "//secret.txt",
        "/%2fsecret.txt",
        "/C:/secret.txt",
        "/secret.txt%00.html",
        "/%252e%252e/secret.txt",
    ];
    let absolute = format!("/{}", site.repo.join("secret.txt").display());
    targets.push(&absolute);
    let absolute_form = format!("http://localhost{}", site.repo.join("secret.txt").display());
    targets.push(&absolute_form);
    #[cfg(unix)]
    targets.extend(["/link.txt", "/up/secret.txt", "/up/site/../secret.txt"]);
    for target in targets {
        let reply = get(server.addr(), target);
        assert!(
            [400, 403, 404].contains(&reply.status),
            "{target} answered {}",
            reply.status
        );
        assert!(!reply.text().contains(SECRET), "{target} leaked the secret");
    }
}

#[test]
fn html_gets_the_reload_hook_at_serve_time_only() {
    let site = site();
    let server = start(&site.out);
    let reply = get(server.addr(), "/index.html");
    let text = reply.text();
    assert!(text.contains(EVENTS_PATH), "{text}");
    let hook = text.find("<script>").unwrap();
    assert!(
        text[hook..].ends_with("</body></html>"),
        "hook goes before </body>"
    );
    assert_eq!(
        reply.header("Content-Length"),
        Some(reply.body.len().to_string().as_str())
    );
    // The file on disk is as it was.
    assert_eq!(
        fs::read_to_string(site.out.join("index.html")).unwrap(),
        INDEX
    );
    // No overlay while the build has no errors.
    assert!(!text.contains("goalpost-errors"));
    // Non-HTML is never touched.
    assert!(!get(server.addr(), "/goals.json").text().contains("script"));
}

#[test]
fn errors_of_the_last_build_show_over_every_page() {
    let site = site();
    let server = start(&site.out);
    let reloader = server.reloader();
    reloader.publish(
        &site.out,
        vec![
            "goals/x.md:4:1 unknown-field unknown field `knd` <b>".to_string(),
            "goals/y.md:2:7 bad-date day 30 is not in February".to_string(),
        ],
    );
    let text = get(server.addr(), "/goals/reading.html").text();
    assert!(text.contains("goalpost-errors"));
    assert!(text.contains("The last build has 2 errors"));
    assert!(text.contains("goals/x.md:4:1 unknown-field unknown field `knd` &lt;b&gt;"));
    assert!(text.contains("goals/y.md:2:7 bad-date day 30 is not in February"));
    // Fixed: the overlay goes away.
    reloader.publish(&site.out, vec![]);
    assert!(!get(server.addr(), "/goals/reading.html")
        .text()
        .contains("goalpost-errors"));
}

#[test]
fn foreign_host_names_are_refused() {
    let site = site();
    let server = start(&site.out);
    let mut stream = connect(server.addr());
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let reply = parse(&raw);
    assert_eq!(reply.status, 403);
    assert!(!reply.text().contains("Dashboard"));
}

#[test]
fn head_and_other_methods() {
    let site = site();
    let server = start(&site.out);
    let head = request(server.addr(), "HEAD", "/style.css");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = request(server.addr(), "POST", "/index.html");
    assert_eq!(post.status, 405);
}

/// Reads SSE lines until an `event:` line with this name and its `data:`.
fn read_event(reader: &mut BufReader<TcpStream>, name: &str) -> String {
    let deadline = Instant::now() + TIMEOUT;
    let mut current = String::new();
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        let n = reader.read_line(&mut line).expect("the stream stays open");
        assert!(n > 0, "the stream ended while waiting for `{name}`");
        let line = line.trim_end();
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            if current == name {
                return data.to_string();
            }
        }
    }
    panic!("no `{name}` event in time");
}

fn open_events(addr: SocketAddr) -> BufReader<TcpStream> {
    let mut stream = connect(addr);
    write!(
        stream,
        "GET {EVENTS_PATH} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    let mut saw_type = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line
            .to_ascii_lowercase()
            .starts_with("content-type: text/event-stream")
        {
            saw_type = true;
        }
        if line == "\r\n" {
            break;
        }
    }
    assert!(saw_type);
    reader
}

#[test]
fn event_stream_says_reload_after_a_build_and_the_page_knows_its_build() {
    let site = site();
    let server = start(&site.out);
    let reloader = server.reloader();
    let page = get(server.addr(), "/").text();
    let mut events = open_events(server.addr());
    let hello = read_event(&mut events, "hello");
    // The page carries the token of the build it was served from.
    assert!(
        page.contains(&format!("var token = \"{hello}\"")),
        "{hello} not in page"
    );
    fs::write(
        site.out.join("index.html"),
        INDEX.replace("Dashboard</h1>", "Dashboard v2</h1>"),
    )
    .unwrap();
    reloader.publish(&site.out, vec![]);
    let reload = read_event(&mut events, "reload");
    assert_ne!(reload, hello);
    // What a reload fetches is the new page, with the new token.
    let page = get(server.addr(), "/").text();
    assert!(page.contains("Dashboard v2") && page.contains(&format!("var token = \"{reload}\"")));
    reloader.publish(&site.out, vec![]);
    let again = read_event(&mut events, "reload");
    assert_ne!(again, reload);
}

#[test]
fn dozens_of_streams_and_hung_up_clients_do_not_block_pages() {
    let site = site();
    let server = start(&site.out);
    let reloader = server.reloader();
    let mut streams: Vec<BufReader<TcpStream>> =
        (0..40).map(|_| open_events(server.addr())).collect();
    for s in &mut streams {
        read_event(s, "hello");
    }
    let started = Instant::now();
    assert_eq!(get(server.addr(), "/goals/reading.html").status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a page took {:?}",
        started.elapsed()
    );
    assert_eq!(reloader.listeners(), 40);
    // Half the tabs close without a word; the rest hear the next reload.
    let kept = streams.split_off(20);
    drop(streams);
    reloader.publish(&site.out, vec![]);
    for mut s in kept {
        read_event(&mut s, "reload");
    }
    // Clients that hang up mid-download.
    for _ in 0..5 {
        let mut stream = connect(server.addr());
        write!(stream, "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut first = [0u8; 1024];
        stream.read_exact(&mut first).unwrap();
        drop(stream);
    }
    reloader.publish(&site.out, vec![]);
    let reply = get(server.addr(), "/");
    assert_eq!(reply.status, 200);
    let big = get(server.addr(), "/big.bin");
    assert_eq!(big.body.len(), 8 * 1024 * 1024);
    // Dead streams are dropped from the list once a reload cannot reach them.
    let deadline = Instant::now() + TIMEOUT;
    while reloader.listeners() > 0 && Instant::now() < deadline {
        reloader.publish(&site.out, vec![]);
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(reloader.listeners(), 0);
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = site();
    let first = start(&site.out);
    let second = LiveServer::start(&ServeOptions {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: first.addr().port(),
        out: site.out.clone(),
        limits: Limits::default(),
        edits: None,
    });
    match second {
        Err(e @ ServeError::PortInUse(_)) => {
            let message = e.to_string();
            assert!(
                message.contains(&first.addr().port().to_string()) && message.contains("--port"),
                "{message}"
            );
        }
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("two servers on one port"),
    }
}

#[test]
fn output_folder_can_move_between_builds() {
    let site = site();
    let server = start(&site.out);
    let public = site.repo.join("public");
    fs::create_dir_all(&public).unwrap();
    fs::write(
        public.join("index.html"),
        "<html><body>Public</body></html>",
    )
    .unwrap();
    assert!(get(server.addr(), "/").text().contains("Dashboard"));
    server.reloader().publish(&public, vec![]);
    assert!(get(server.addr(), "/").text().contains("Public"));
    assert_eq!(get(server.addr(), "/style.css").status, 404);
}

#[test]
fn shutdown_does_not_wait_for_streams_and_frees_the_port() {
    let site = site();
    let server = start(&site.out);
    let addr = server.addr();
    let mut events = open_events(addr);
    read_event(&mut events, "hello");
    let started = Instant::now();
    server.shutdown();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "shutdown waited for open streams"
    );
    drop(events);
    let deadline = Instant::now() + TIMEOUT;
    let again = loop {
        let again = LiveServer::start(&ServeOptions {
            bind: addr.ip(),
            port: addr.port(),
            out: site.out.clone(),
            limits: Limits::default(),
            edits: None,
        });
        if again.is_ok() || Instant::now() > deadline {
            break again;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(again.is_ok(), "the port stayed taken");
}

// ------------------------------------------------------------- hardening

/// Reads one response off a kept-alive connection: the head, then exactly
/// `Content-Length` bytes (or, for a `HEAD`, none).
fn read_response(reader: &mut BufReader<TcpStream>, head_only: bool) -> std::io::Result<Reply> {
    let mut raw = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        raw.extend_from_slice(&line);
        if line == b"\r\n" {
            break;
        }
    }
    let mut reply = parse(&raw);
    let length: usize = reply
        .header("Content-Length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if !head_only {
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        reply.body = body;
    }
    Ok(reply)
}

#[test]
fn oversized_request_headers_are_refused() {
    let site = site();
    let server = start(&site.out);
    let mut stream = connect(server.addr());
    let filler = "x".repeat(64 * 1024);
    // The server may answer and hang up before the whole head is written.
    let _ = write!(
        stream,
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Filler: {filler}\r\nConnection: close\r\n\r\n"
    );
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    if raw.windows(4).any(|w| w == b"\r\n\r\n") {
        let reply = parse(&raw);
        assert_eq!(reply.status, 431, "{}", reply.text());
    }
    assert!(!String::from_utf8_lossy(&raw).contains("Dashboard"));
    // The server goes on.
    assert_eq!(get(server.addr(), "/").status, 200);
}

#[test]
fn a_double_slash_never_redirects_to_another_host() {
    let site = site();
    let server = start(&site.out);
    for (target, location) in [
        ("//people", "/people/"),
        ("///people?x=1", "/people/?x=1"),
        ("/./people", "/people/"),
    ] {
        let reply = get(server.addr(), target);
        assert_eq!(reply.status, 301, "{target}");
        assert_eq!(reply.header("Location"), Some(location), "{target}");
    }
}

#[test]
fn head_of_the_event_stream_sends_no_body() {
    let site = site();
    let server = start(&site.out);
    let mut stream = connect(server.addr());
    write!(
        stream,
        "HEAD {EVENTS_PATH} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let ended = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("text/event-stream"), "{text}");
    assert!(!text.contains("event:"), "a HEAD got a body: {text}");
    assert!(ended.is_ok(), "the connection stayed open: {text}");
    assert_eq!(server.reloader().listeners(), 0);
}

#[test]
fn http_1_0_connections_close_unless_kept_alive() {
    let site = site();
    let server = start(&site.out);
    // No keep-alive header: one answer, then the server hangs up.
    let mut stream = connect(server.addr());
    write!(stream, "GET /style.css HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let ended = stream.read_to_end(&mut raw);
    assert!(ended.is_ok(), "an HTTP/1.0 connection was left open");
    assert!(String::from_utf8_lossy(&raw).contains("color: black"));
    // Asked for: the answer says the connection stays open (an HTTP/1.0
    // client otherwise waits for the server to hang up), and it does.
    let stream = connect(server.addr());
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    for _ in 0..2 {
        write!(
            writer,
            "GET /style.css HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
        )
        .unwrap();
        let reply = read_response(&mut reader, false).unwrap();
        assert_eq!(reply.status, 200);
        assert!(
            reply
                .header("Connection")
                .is_some_and(|v| v.eq_ignore_ascii_case("keep-alive")),
            "{:?}",
            reply.headers
        );
        assert_eq!(reply.text(), "body { color: black }");
    }
}

#[test]
fn many_parallel_keep_alive_clients_are_all_answered() {
    let site = site();
    let server = start(&site.out);
    let addr = server.addr();
    // Right after start, as a browser does: parallel kept-alive connections.
    let clients: Vec<_> = (0..60)
        .map(|i| {
            std::thread::spawn(move || {
                let stream = connect(addr);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                for j in 0..5 {
                    let target = ["/", "/style.css", "/goals/reading.html", "/app.js"][(i + j) % 4];
                    write!(writer, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
                    let reply = read_response(&mut reader, false)
                        .unwrap_or_else(|e| panic!("client {i}, request {j} ({target}): {e}"));
                    assert_eq!(reply.status, 200, "{target}");
                }
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
}

fn start_with(out: &Path, limits: Limits) -> LiveServer {
    LiveServer::start(&ServeOptions {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        out: out.to_path_buf(),
        limits,
        edits: None,
    })
    .unwrap()
}

#[test]
fn slow_silent_and_idle_clients_are_hung_up_on() {
    let site = site();
    let limits = Limits {
        head_timeout: Duration::from_millis(500),
        ..Limits::default()
    };
    let server = start_with(&site.out, limits);
    // A head sent a byte now and then, never finished.
    let mut slow = connect(server.addr());
    slow.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
    // A connection that says nothing.
    let mut silent = connect(server.addr());
    // A kept-alive connection left idle after one answer.
    let idle = connect(server.addr());
    let mut reader = BufReader::new(idle.try_clone().unwrap());
    let mut writer = idle;
    write!(writer, "GET /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    assert_eq!(read_response(&mut reader, false).unwrap().status, 200);
    let started = Instant::now();
    for (what, stream) in [
        ("slow", &mut slow as &mut dyn Read),
        ("silent", &mut silent),
        ("idle", &mut reader),
    ] {
        let mut rest = Vec::new();
        let ended = stream.read_to_end(&mut rest);
        assert!(
            ended.is_ok()
                || ended
                    .as_ref()
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
            "the {what} client is still connected after {:?}: {ended:?}",
            started.elapsed()
        );
        assert!(
            !String::from_utf8_lossy(&rest).contains("Dashboard"),
            "{what}"
        );
    }
    // An event stream is not idle: it stays.
    let mut events = open_events(server.addr());
    read_event(&mut events, "hello");
    std::thread::sleep(Duration::from_secs(1));
    server.reloader().publish(&site.out, vec![]);
    read_event(&mut events, "reload");
}

#[test]
fn connections_past_the_cap_are_told_busy_and_the_server_goes_on() {
    let site = site();
    let limits = Limits {
        max_connections: 4,
        ..Limits::default()
    };
    let server = start_with(&site.out, limits);
    let addr = server.addr();
    // Four connections, each shown to be accepted by an answer.
    let held: Vec<_> = (0..4)
        .map(|_| {
            let stream = connect(addr);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut writer = stream;
            write!(writer, "GET /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
            assert_eq!(read_response(&mut reader, false).unwrap().status, 200);
            (reader, writer)
        })
        .collect();
    // The fifth is told "busy" at once (or, if its request crossed the
    // answer, hung up on), never left waiting.
    let mut fifth = connect(addr);
    let _ = write!(
        fifth,
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    );
    let mut raw = Vec::new();
    match fifth.read_to_end(&mut raw) {
        Ok(_) => assert!(
            String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 503"),
            "{}",
            String::from_utf8_lossy(&raw)
        ),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
    drop(held);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let mut stream = connect(addr);
        let _ = write!(
            stream,
            "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        );
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        if raw.starts_with(b"HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "no answer once the others left");
        std::thread::sleep(Duration::from_millis(50));
    }
}
