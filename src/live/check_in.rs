//! The check-in endpoint of `serve --allow-edits` ([`CHECK_IN_PATH`]): a
//! form post from one of the report's own pages, with this run's secret,
//! records one entry through the [`Recorder`]; the answer sends the
//! browser back to the page (303), once the rebuild is published or after
//! a few seconds. What a form may ask is checked in [`super::edits`].

use super::edits::{self, CheckIns, Recorder, Refused, CHECK_IN_PATH};
use super::http::{host_allowed, plain, read_body, reply, BodyError, Limits, Payload, NOSNIFF};
use super::reload::Hub;
use crate::edit::Planned;
use crate::render::served::ServedTemplates;
use hyper::body::Incoming;
use hyper::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Method, Request, Response};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// What `--allow-edits` keeps for a run.
pub(crate) struct EditState {
    pub(crate) recorder: Recorder,
    /// Random per run; every form carries it.
    pub(crate) secret: String,
    /// What the last published build offers a check-in for.
    pub(crate) check_ins: RwLock<CheckIns>,
    /// Check-ins are written one at a time, in the order they come.
    queue: Arc<Mutex<()>>,
}

impl EditState {
    pub(crate) fn new(recorder: Recorder) -> Result<EditState, edits::SecretError> {
        Ok(EditState {
            recorder,
            secret: edits::new_secret()?,
            check_ins: RwLock::new(CheckIns::default()),
            queue: Arc::new(Mutex::new(())),
        })
    }

    /// What the last published build offers.
    pub(crate) fn offered(&self) -> CheckIns {
        self.check_ins.read().map(|c| c.clone()).unwrap_or_default()
    }
}

/// What a post is checked against and answered with.
pub(crate) struct Post<'a> {
    pub(crate) state: &'a EditState,
    pub(crate) hub: &'a Hub,
    /// The server answers loopback host names only.
    pub(crate) loopback: bool,
    pub(crate) limits: &'a Limits,
    pub(crate) templates: Arc<ServedTemplates>,
}

/// The answer to a request for [`CHECK_IN_PATH`].
pub(crate) async fn respond(request: Request<Incoming>, post: Post<'_>) -> Response<Payload> {
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    let host = header("host");
    if host.is_none() || !host_allowed(host, post.loopback) {
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
    let max = post.limits.max_head_bytes;
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
    let timeout = post.limits.head_timeout;
    let body = match tokio::time::timeout(timeout, read_body(request.into_body(), max)).await {
        Ok(Ok(body)) => body,
        Ok(Err(BodyError::TooLarge)) => return too_large(),
        Ok(Err(BodyError::Broken)) => return plain(false, 400, "bad request\n"),
        Err(_) => return plain(false, 408, "request timeout: the form came too slowly\n"),
    };
    let Some(form) = edits::parse_form(&body) else {
        return plain(false, 400, "bad request: not a form\n");
    };
    let state = post.state;
    if !edits::same_secret(&form.token, &state.secret) {
        return plain(
            false,
            403,
            "forbidden: the form's token is missing or wrong (it changes every time `goalpost serve` starts: reload the page)\n",
        );
    }
    let refusal = |refused: &Refused| {
        let page = edits::refusal_page(refused, &state.secret, &form.back, &post.templates);
        refusal(refused.status, page)
    };
    let entry = match edits::request(&form, &state.offered()) {
        Ok(entry) => entry,
        Err(refused) => return refusal(&refused),
    };
    let key = crate::render::address(&entry.id);
    let generation = post.hub.generation();
    let recorder = state.recorder.clone();
    let queue = state.queue.clone();
    let written = tokio::task::spawn_blocking(move || {
        let _turn = queue.lock().unwrap_or_else(PoisonError::into_inner);
        recorder(entry)
    });
    match written.await {
        // Then the page the browser goes back to shows the entry.
        Ok(Ok(Planned::Change(_))) => post.hub.wait_for_publish(generation).await,
        Ok(Ok(Planned::AlreadyRecorded { .. })) => {}
        Ok(Err(e)) => return refusal(&edits::refusal_of(&e, &form)),
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
fn refusal(status: u16, page: String) -> Response<Payload> {
    reply(
        false,
        status,
        &[
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
            (NOSNIFF.0.clone(), NOSNIFF.1),
        ],
        Payload::text(page),
    )
}

/// Whether a request is for the check-in endpoint.
pub(crate) fn is_check_in(path: &str) -> bool {
    path == CHECK_IN_PATH
}
