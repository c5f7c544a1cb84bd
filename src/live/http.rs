//! HTTP transport and its limits: hyper's HTTP/1.1 on the server's own
//! single-threaded tokio runtime (every connection a task, so a slow or
//! idle client holds a few kilobytes, never a thread), response bodies,
//! and what one client may take ([`Limits`]): request heads capped in size
//! (431) and in time (a client that sends no complete head in time, or
//! stays idle that long between requests, is hung up on); connections
//! past the cap are told "503 busy" and closed; an accept that fails (out
//! of file descriptors) is retried after a pause, so the server outlives
//! any flood. What a request is answered with is the caller's handler.

use bytes::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::fs::File;
use std::future::Future;
use std::io::{self, Read};
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::Semaphore;

/// What a connection past the cap is told before it is closed.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Length: 18\r\nConnection: close\r\n\r\n\
server too busy\r\n\r\n";

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

/// Accepts connections until the runtime is dropped, answering each
/// request with `handler`.
pub(crate) async fn accept_loop<H, F>(listener: tokio::net::TcpListener, limits: Limits, handler: H)
where
    H: Fn(Request<Incoming>) -> F + Clone + Send + 'static,
    F: Future<Output = Response<Payload>> + Send + 'static,
{
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
        let handler = handler.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let answer = handler(request);
            async move { Ok::<_, Infallible>(answer.await) }
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

/// A body sent in pieces as they come (an event stream): `None` ends it.
pub(crate) trait Chunks: Send {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>>;
}

/// A response body: bytes in memory, a file read in pieces as the client
/// takes them, or a stream.
pub(crate) enum Payload {
    Bytes(Option<Bytes>),
    File { file: File, left: u64 },
    Stream(Box<dyn Chunks>),
}

impl Payload {
    pub(crate) fn empty() -> Payload {
        Payload::Bytes(None)
    }

    pub(crate) fn text(text: impl Into<Bytes>) -> Payload {
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
            Payload::Stream(chunks) => chunks
                .poll_chunk(cx)
                .map(|chunk| chunk.map(|c| Ok(Frame::data(c)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Payload::Bytes(bytes) => bytes.is_none(),
            Payload::File { left, .. } => *left == 0,
            Payload::Stream(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Payload::Bytes(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Payload::File { left, .. } => SizeHint::with_exact(*left),
            Payload::Stream(_) => SizeHint::default(),
        }
    }
}

/// A response; for `HEAD`, its headers with `Content-Length` but no body.
pub(crate) fn reply(
    head: bool,
    status: u16,
    headers: &[(HeaderName, &str)],
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

pub(crate) fn plain(head: bool, status: u16, text: &'static str) -> Response<Payload> {
    reply(
        head,
        status,
        &[(CONTENT_TYPE, "text/plain; charset=utf-8")],
        Payload::text(text),
    )
}

pub(crate) static NOSNIFF: (HeaderName, &str) = (hyper::header::X_CONTENT_TYPE_OPTIONS, "nosniff");

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

pub(crate) enum BodyError {
    TooLarge,
    Broken,
}

/// A request body of at most `max` bytes.
pub(crate) async fn read_body(mut body: Incoming, max: usize) -> Result<Vec<u8>, BodyError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
