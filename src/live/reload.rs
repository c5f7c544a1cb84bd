//! Live reload: the event stream and what is put into served pages.
//!
//! - `/__goalpost/events` ([`EVENTS_PATH`]) is a Server-Sent Events
//!   stream: `hello` on connect, `reload` after each finished build (see
//!   [`Hub::publish`]). Open tabs share one stream through a Web Lock +
//!   `BroadcastChannel`, so dozens of tabs do not exhaust the browser's
//!   six connections per host.
//! - HTML responses get the reload script (and, after a build with
//!   errors, an overlay listing them) from `live-reload.html`, put before
//!   their last `</body>` at serve time ([`inject`]); the files on disk
//!   stay exactly as `build` wrote them.

use super::http::{reply, Chunks, Payload};
use crate::render::served::ServedTemplates;
use crate::render::view::served::LiveReload;
use bytes::Bytes;
use hyper::header::{HeaderName, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::Response;
use std::sync::{Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// The live-reload event stream.
pub const EVENTS_PATH: &str = "/__goalpost/events";
/// A comment line on idle event streams, so dead clients are noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(20);

enum Push {
    Reload(String),
    Close,
}

/// The published builds and the event streams that hear of them.
pub(crate) struct Hub {
    status: RwLock<Status>,
    subscribers: Mutex<Vec<UnboundedSender<Push>>>,
    /// Differs between server runs, so a page from an earlier run reloads.
    nonce: String,
}

#[derive(Default)]
struct Status {
    generation: u64,
    problems: Vec<String>,
}

impl Hub {
    pub(crate) fn new(nonce: String) -> Hub {
        Hub {
            status: RwLock::new(Status::default()),
            subscribers: Mutex::new(Vec::new()),
            nonce,
        }
    }

    /// How many builds have been published.
    pub(crate) fn generation(&self) -> u64 {
        self.status.read().map(|s| s.generation).unwrap_or(0)
    }

    /// This run and build, as pages and streams know it.
    pub(crate) fn token(&self) -> String {
        format!("{}-{}", self.nonce, self.generation())
    }

    /// The last build's error lines, for the overlay.
    pub(crate) fn problems(&self) -> Vec<String> {
        self.status
            .read()
            .map(|s| s.problems.clone())
            .unwrap_or_default()
    }

    /// A build has finished: pages served from now on show `problems`,
    /// and every open page reloads.
    pub(crate) fn publish(&self, problems: Vec<String>) {
        if let Ok(mut status) = self.status.write() {
            status.generation += 1;
            status.problems = problems;
        }
        let token = self.token();
        if let Ok(mut subscribers) = self.subscribers.lock() {
            subscribers.retain(|s| s.send(Push::Reload(token.clone())).is_ok());
        }
    }

    /// Ends every event stream (the server stops).
    pub(crate) fn close_all(&self) {
        if let Ok(mut subscribers) = self.subscribers.lock() {
            for s in subscribers.drain(..) {
                let _ = s.send(Push::Close);
            }
        }
    }

    pub(crate) fn listeners(&self) -> usize {
        self.subscribers.lock().map(|s| s.len()).unwrap_or(0)
    }

    /// Until a build after `generation` is published, for at most 3
    /// seconds.
    pub(crate) async fn wait_for_publish(&self, generation: u64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
        while self.generation() <= generation && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

/// One client's event stream.
struct Events {
    pushes: UnboundedReceiver<Push>,
    hello: Option<Bytes>,
    tick: tokio::time::Interval,
}

impl Chunks for Events {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        if let Some(hello) = self.hello.take() {
            return Poll::Ready(Some(hello));
        }
        match self.pushes.poll_recv(cx) {
            Poll::Ready(Some(Push::Reload(token))) => {
                let chunk = format!("event: reload\ndata: {token}\n\n");
                return Poll::Ready(Some(chunk.into()));
            }
            Poll::Ready(Some(Push::Close) | None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        match self.tick.poll_tick(cx) {
            Poll::Ready(_) => Poll::Ready(Some(Bytes::from_static(b": keep-alive\n\n"))),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The answer to `GET /__goalpost/events`.
pub(crate) fn stream_events(head: bool, hub: &Hub) -> Response<Payload> {
    let headers = [
        (CONTENT_TYPE, "text/event-stream"),
        (CACHE_CONTROL, "no-cache"),
        (HeaderName::from_static("x-accel-buffering"), "no"),
    ];
    if head {
        let mut response = reply(true, 200, &headers, Payload::empty());
        response.headers_mut().remove(CONTENT_LENGTH);
        return response;
    }
    let (tx, pushes) = unbounded_channel();
    if let Ok(mut subscribers) = hub.subscribers.lock() {
        // Streams whose clients left are dropped here too, so tabs that
        // come and go between builds do not pile up.
        subscribers.retain(|s| !s.is_closed());
        subscribers.push(tx);
    }
    let hello = format!("retry: 1000\nevent: hello\ndata: {}\n\n", hub.token());
    let start = tokio::time::Instant::now() + KEEP_ALIVE;
    // The client went away: hyper drops the body, and with it the
    // receiver; the dead sender is dropped from the list at the next publish.
    reply(
        false,
        200,
        &headers,
        Payload::Stream(Box::new(Events {
            pushes,
            hello: Some(hello.into()),
            tick: tokio::time::interval_at(start, KEEP_ALIVE),
        })),
    )
}

/// The page with `live-reload.html` (the reload script, and the error
/// overlay when there are problems) inserted before its last `</body>`,
/// or at its end.
pub(crate) fn inject(
    page: &[u8],
    templates: &ServedTemplates,
    token: &str,
    problems: &[String],
) -> Vec<u8> {
    let hook = templates.live_reload(&LiveReload {
        token,
        events: EVENTS_PATH,
        problems,
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn inject(page: &[u8], token: &str, problems: &[String]) -> Vec<u8> {
        super::inject(page, &ServedTemplates::default(), token, problems)
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
