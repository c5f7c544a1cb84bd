//! `goalpost serve --allow-edits`, a real process over real HTTP: the
//! check-in forms on served pages, what a post writes (exactly what
//! `goalpost log` writes), and every post that must write nothing.

use crate::prelude::*;
use crate::support::{Live, PATIENCE};
use assert_cmd::cargo::CommandCargoExt;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const ENDPOINT: &str = "/__goalpost/check-in";

const VISITS: &str = "---\nkind: practice\ntitle: Classroom visits\nowner: reyes\n\
    cadence: weekdays\ntarget: 3\nunit: visits\nstart: 2026-11-02\n\
    log:\n  2026-11-18: 3 # a comment that stays\n  2026-11-19: 2\n---\nWhy: be seen.\n";

/// A repository whose "today" is Friday 2026-11-20, with one practice
/// scheduled today and nothing recorded for it yet.
pub(crate) fn checkin_repo() -> Repo {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        "title: Check-in School\ntoday: 2026-11-20\npeople:\n  reyes: {name: Dana Reyes, role: Principal}\n",
    )
    .write("goals/classroom-visits.md", VISITS)
    .write(
        "goals/every-reader.md",
        "---\nkind: purpose\ntitle: Every child reads\nowner: reyes\n---\n",
    );
    repo
}

/// A running `goalpost serve`, killed on drop.
pub(crate) struct Served {
    live: Live,
    pub port: u16,
}

impl Served {
    pub(crate) fn start(repo: &Repo, extra: &[&str]) -> Served {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = Command::cargo_bin("goalpost").unwrap();
        cmd.arg("serve")
            .arg(repo.path())
            .args(["--port", &port.to_string(), "--debounce", "50"])
            .args(extra);
        let served = Served {
            live: Live::start(cmd),
            port,
        };
        served.wait_for_stderr("serving http://");
        served
    }

    pub(crate) fn stderr(&self) -> String {
        self.live.stderr()
    }

    pub(crate) fn wait_for_stderr(&self, needle: &str) {
        self.live.wait_for_stderr(needle)
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub(crate) fn get(&self, path: &str) -> Reply {
        self.send(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    /// A form post as a browser sends it from one of the report's pages,
    /// with `headers` replaced (an empty value leaves the header out).
    pub(crate) fn post(&self, body: &str, headers: &[(&str, &str)]) -> Reply {
        let mut all = vec![
            ("Host".to_string(), format!("127.0.0.1:{}", self.port)),
            ("Origin".to_string(), self.origin()),
            (
                "Content-Type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            ),
            ("Content-Length".to_string(), body.len().to_string()),
            ("Connection".to_string(), "close".to_string()),
        ];
        for (name, value) in headers {
            all.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            if !value.is_empty() {
                all.push((name.to_string(), value.to_string()));
            }
        }
        let mut request = format!("POST {ENDPOINT} HTTP/1.1\r\n");
        for (n, v) in all {
            request.push_str(&format!("{n}: {v}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        self.send(&request)
    }

    fn send(&self, request: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        read_reply(stream)
    }
}

pub(crate) struct Reply {
    pub status: u16,
    head: String,
    pub body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn read_reply(mut stream: TcpStream) -> Reply {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Reply {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {text:?}")),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// The value of the first hidden field `name` in a served page.
pub(crate) fn field(page: &str, name: &str) -> String {
    let needle = format!("name=\"{name}\" value=\"");
    let at = page
        .find(&needle)
        .unwrap_or_else(|| panic!("no {name} field in {page}"))
        + needle.len();
    page[at..].split('"').next().unwrap().to_string()
}

/// The goal files (everything but the report), for "nothing else changed".
fn sources(repo: &Repo) -> Vec<(PathBuf, Vec<u8>)> {
    repo.snapshot()
        .into_iter()
        .filter(|(p, _)| !p.starts_with("site"))
        .collect()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn form_body(token: &str, action: &str, extra: &str) -> String {
    format!(
        "token={token}&id=classroom-visits&date=2026-11-20&back=%2Fpeople%2Freyes.html&action={action}{extra}"
    )
}

// ------------------------------------------------------------------ tests

#[test]
fn allow_edits_on_a_network_address_is_refused_before_listening() {
    let repo = checkin_repo();
    for bind in ["0.0.0.0", "192.0.2.7", "::"] {
        repo.cmd(&["serve", ".", "--allow-edits", "--bind", bind, "--port", "0"])
            .timeout(PATIENCE)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "--allow-edits needs a loopback address",
            ));
    }
    assert!(
        repo.try_read("site/index.html").is_none(),
        "nothing was built"
    );
}

#[test]
fn without_allow_edits_there_is_no_form_and_nothing_can_write() {
    let repo = checkin_repo();
    let served = Served::start(&repo, &[]);
    let page = served.get("/people/reyes.html");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<form"), "{}", page.body);
    assert!(page
        .body
        .contains("<!--goalpost:check-in classroom-visits-->"));
    let before = sources(&repo);
    let post = served.post(&form_body("anything", "done", ""), &[]);
    assert_eq!(post.status, 405, "{}", post.body);
    assert_eq!(served.get(ENDPOINT).status, 404);
    assert_eq!(sources(&repo), before);
}

#[test]
fn a_check_in_writes_what_goalpost_log_writes_and_the_page_shows_it() {
    let repo = checkin_repo();
    // The same entry through `goalpost log`, in a copy.
    let twin = checkin_repo();
    twin.cmd(&[
        "log",
        "classroom-visits",
        "2",
        "--date",
        "2026-11-20",
        "--note",
        "with Ms. Ng & the coach",
    ])
    .assert()
    .success();

    let served = Served::start(&repo, &["--allow-edits"]);
    assert!(served.stderr().contains("check-in forms on"));
    for path in ["/people/reyes.html", "/goals/classroom-visits.html"] {
        let page = served.get(path);
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains("<form class=\"check-in\" id=\"check-in-classroom-visits\""),
            "{path}"
        );
        assert!(page.body.contains("Today: not recorded yet"), "{path}");
        assert!(page.body.contains("Done: 3 visits"), "{path}");
        assert_eq!(field(&page.body, "back"), path);
        assert!(!page.body.contains("<!--goalpost:check-in"), "{path}");
    }
    // Pages without a practice scheduled today get no form.
    let purpose = served.get("/goals/every-reader.html");
    assert!(!purpose.body.contains("<form"));
    // The files on disk are as `build` writes them.
    let on_disk = repo.read("site/people/reyes.html");
    assert!(!on_disk.contains("<form"));
    assert!(on_disk.contains("<!--goalpost:check-in classroom-visits-->"));

    let page = served.get("/people/reyes.html");
    let token = field(&page.body, "token");
    let others = sources(&repo)
        .into_iter()
        .filter(|(p, _)| !p.ends_with("classroom-visits.md"))
        .collect::<Vec<_>>();
    let post = served.post(
        &form_body(&token, "number", "&amount=2&note=with+Ms.+Ng+%26+the+coach"),
        &[],
    );
    assert_eq!(post.status, 303, "{}", post.body);
    assert_eq!(
        post.header("location").as_deref(),
        Some("/people/reyes.html#check-in-classroom-visits")
    );
    assert_eq!(
        repo.read("goals/classroom-visits.md"),
        twin.read("goals/classroom-visits.md"),
        "a check-in writes exactly what `goalpost log` writes"
    );
    assert!(repo.read("goals/classroom-visits.md").contains(
        "  2026-11-20: {value: 2, note: \"with Ms. Ng & the coach\"}\n---\nWhy: be seen.\n"
    ));
    let now: Vec<_> = sources(&repo)
        .into_iter()
        .filter(|(p, _)| !p.ends_with("classroom-visits.md"))
        .collect();
    assert_eq!(now, others, "no other file changed");
    served.wait_for_stderr("check-in: recorded classroom-visits 2 on 2026-11-20");

    // The rebuilt page shows the entry.
    let deadline = Instant::now() + PATIENCE;
    loop {
        let page = served.get("/people/reyes.html");
        if page.body.contains("Today: 2 visits") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no entry on the page:\n{}",
            page.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The same entry again is nothing to do, and fine.
    let again = served.post(
        &form_body(&token, "number", "&amount=2&note=with+Ms.+Ng+%26+the+coach"),
        &[],
    );
    assert_eq!(again.status, 303, "{}", again.body);
}

#[test]
fn posts_that_must_not_write_write_nothing() {
    let repo = checkin_repo();
    let served = Served::start(&repo, &["--allow-edits"]);
    let token = field(&served.get("/goals/classroom-visits.html").body, "token");
    let before = sources(&repo);
    let good = form_body(&token, "done", "");
    let refused: Vec<(&str, Reply, u16)> = vec![
        (
            "no token",
            served.post(
                "id=classroom-visits&date=2026-11-20&back=%2F&action=done",
                &[],
            ),
            403,
        ),
        (
            "a wrong token",
            served.post(&form_body(&"0".repeat(64), "done", ""), &[]),
            403,
        ),
        (
            "the token with one more character",
            served.post(&form_body(&format!("{token}0"), "done", ""), &[]),
            403,
        ),
        (
            "a foreign Origin",
            served.post(&good, &[("Origin", "http://evil.example")]),
            403,
        ),
        (
            "a loopback Origin on another port",
            served.post(&good, &[("Origin", "http://127.0.0.1:1")]),
            403,
        ),
        ("no Origin", served.post(&good, &[("Origin", "")]), 403),
        (
            "a cross-site fetch",
            served.post(&good, &[("Sec-Fetch-Site", "cross-site")]),
            403,
        ),
        (
            "a foreign Host (DNS rebinding)",
            served.post(
                &good,
                &[("Host", "evil.example"), ("Origin", "http://evil.example")],
            ),
            403,
        ),
        (
            "not a form",
            served.post(&good, &[("Content-Type", "text/plain")]),
            415,
        ),
        ("GET", served.get(ENDPOINT), 405),
        (
            "another day",
            served.post(&good.replace("2026-11-20", "2026-11-19"), &[]),
            409,
        ),
        (
            "a goal not scheduled today",
            served.post(&good.replace("classroom-visits", "every-reader"), &[]),
            409,
        ),
        (
            "Record without a number",
            served.post(&form_body(&token, "number", "&amount="), &[]),
            400,
        ),
    ];
    for (what, reply, status) in &refused {
        assert_eq!(reply.status, *status, "{what}: {}", reply.body);
    }
    let get = &refused.iter().find(|r| r.0 == "GET").unwrap().1;
    assert_eq!(get.header("allow").as_deref(), Some("POST"));

    // Larger than the server takes: said so by its length…
    let big = format!("{good}&note={}", "n".repeat(20_000));
    let reply = {
        let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "POST {ENDPOINT} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            big.len(),
            port = served.port
        )
        .unwrap();
        read_reply(stream)
    };
    assert_eq!(reply.status, 413, "{}", reply.body);
    // …or found out while reading it.
    let reply = {
        let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let chunk = format!("{:x}\r\n{big}\r\n", big.len());
        write!(
            stream,
            "POST {ENDPOINT} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n{chunk}",
            port = served.port
        )
        .unwrap();
        read_reply(stream)
    };
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert_eq!(sources(&repo), before, "nothing was written");
    assert!(!served.stderr().contains("check-in: recorded"));
    // And the server still takes a good one.
    assert_eq!(served.post(&good, &[]).status, 303);
    assert!(repo
        .read("goals/classroom-visits.md")
        .contains("  2026-11-20: 3\n"));
}

#[test]
fn an_invalid_value_gets_the_message_log_gives() {
    let repo = checkin_repo();
    let log = repo
        .cmd(&["log", "classroom-visits", "lots", "--date", "2026-11-20"])
        .assert()
        .code(2);
    let message = String::from_utf8_lossy(&log.get_output().stderr)
        .trim()
        .strip_prefix("goalpost: ")
        .unwrap()
        .to_string();
    assert!(message.contains("`lots` is not a log value"), "{message}");

    let served = Served::start(&repo, &["--allow-edits"]);
    let token = field(&served.get("/people/reyes.html").body, "token");
    let before = sources(&repo);
    let reply = served.post(&form_body(&token, "number", "&amount=lots"), &[]);
    assert_eq!(reply.status, 400);
    assert!(
        reply.body.contains(&html_escape(&message)),
        "{message}\nnot in\n{}",
        reply.body
    );
    assert!(reply
        .body
        .contains("<a href=\"/people/reyes.html\">Back to the page</a>"));
    assert!(
        !reply.body.contains("EventSource"),
        "a refusal never reloads itself"
    );
    assert_eq!(sources(&repo), before);
}

#[test]
fn a_conflicting_entry_is_kept_unless_replaced() {
    let repo = checkin_repo();
    repo.cmd(&["log", "classroom-visits", "1", "--date", "2026-11-20"])
        .assert()
        .success();
    let served = Served::start(&repo, &["--allow-edits"]);
    let page = served.get("/goals/classroom-visits.html");
    assert!(
        page.body.contains("Today: 1 visit") && !page.body.contains("1 visits"),
        "{}",
        page.body
    );
    let token = field(&page.body, "token");
    let before = sources(&repo);
    let reply = served.post(&form_body(&token, "done", ""), &[]);
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(
        reply.body.contains(
            "`classroom-visits` already has 1 (goals/classroom-visits.md:12) on 2026-11-20; \
         this would record 3 instead. Nothing was written."
        ),
        "{}",
        reply.body
    );
    assert_eq!(sources(&repo), before);
    // The page offers to replace it: the same form, with force.
    assert!(reply.body.contains("name=\"force\" value=\"1\""));
    assert_eq!(field(&reply.body, "token"), token);
    let replace = served.post(&form_body(&token, "done", "&force=1"), &[]);
    assert_eq!(replace.status, 303, "{}", replace.body);
    let text = repo.read("goals/classroom-visits.md");
    assert!(text.contains("  2026-11-20: 3\n"), "{text}");
    assert!(!text.contains("2026-11-20: 1"), "{text}");
    served.wait_for_stderr("replacing 1");
}

#[test]
fn a_token_from_an_earlier_run_is_refused() {
    let repo = checkin_repo();
    let first = Served::start(&repo, &["--allow-edits"]);
    let old = field(&first.get("/people/reyes.html").body, "token");
    drop(first);
    let second = Served::start(&repo, &["--allow-edits"]);
    let new = field(&second.get("/people/reyes.html").body, "token");
    assert_ne!(old, new, "a new secret every run");
    assert_eq!(new.len(), 64);
    let reply = second.post(&form_body(&old, "done", ""), &[]);
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(reply.body.contains("reload the page"));
}
