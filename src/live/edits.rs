//! `serve --allow-edits`: check-in forms on served pages, and the one
//! endpoint they post to.
//!
//! - The pages on disk carry `<!--goalpost:check-in KEY-->` where a
//!   practice scheduled today sits (person and practice pages; which
//!   practices those are is the analysis's decision, published with each
//!   build as [`CheckIns`]). Only served responses get a form there
//!   ([`inject_forms`]); the files stay as `build` wrote them.
//! - The form posts to [`CHECK_IN_PATH`]. A post is accepted only with the
//!   per-run secret ([`new_secret`], compared in constant time), from the
//!   page's own origin, as a form body within the server's size limit, and
//!   for a practice and day the last build offered. The write itself is a
//!   callback ([`Recorder`]): `serve` passes what `goalpost log` does.
//! - The server listens on a loopback address only (see
//!   [`super::LiveServer::start`]); without `--allow-edits` there is no
//!   endpoint and no form, and every request other than GET or HEAD is
//!   refused.

use crate::analysis::today::PracticeToday;
use crate::edit::{LogError, LogRequest, Planned};
use crate::model::Date;
use crate::render::served::ServedTemplates;
use crate::render::view::served::{amount, CheckInForm, RefusedPage, ReplaceForm};
use std::collections::HashMap;
use std::sync::Arc;

/// Where the check-in forms post.
pub(crate) const CHECK_IN_PATH: &str = "/__goalpost/check-in";
const MARKER: &[u8] = b"<!--goalpost:check-in ";

/// Writes one entry, as `goalpost log` would. Runs on a thread of its own,
/// never on the server's.
pub type Recorder = Arc<dyn Fn(LogRequest) -> Result<Planned, LogError> + Send + Sync>;

/// What the last build offers a check-in for: the day, and the practices
/// scheduled on it by marker key (a practice's page address).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckIns {
    pub(crate) today: Option<Date>,
    pub(crate) practices: HashMap<String, PracticeToday>,
}

impl CheckIns {
    pub fn new(today: Date, practices: Vec<PracticeToday>) -> CheckIns {
        CheckIns {
            today: Some(today),
            practices: practices
                .into_iter()
                .map(|p| (crate::render::address(&p.id), p))
                .collect(),
        }
    }

    fn by_id(&self, id: &str) -> Option<&PracticeToday> {
        self.practices.values().find(|p| p.id == id)
    }
}

/// The operating system gave no random bytes for the forms' secret.
#[derive(Debug)]
pub struct SecretError(getrandom::Error);

impl std::fmt::Display for SecretError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot make a secret for the forms: {}", self.0)
    }
}

impl std::error::Error for SecretError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// 32 random bytes from the operating system, as hex: the secret every
/// form of this run carries.
pub(crate) fn new_secret() -> Result<String, SecretError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(SecretError)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether two secrets are equal, in a time that does not depend on where
/// they differ.
pub(crate) fn same_secret(given: &str, secret: &str) -> bool {
    let (a, b) = (given.as_bytes(), secret.as_bytes());
    let mut diff = u8::from(a.len() != b.len());
    for (i, y) in b.iter().enumerate() {
        diff |= a.get(i).copied().unwrap_or(0) ^ y;
    }
    diff == 0
}

/// Whether a request's `Origin` is the page's own: `http://` and the very
/// `Host` it was sent to. A missing or `null` origin is refused (browsers
/// send one with every form post).
pub(crate) fn same_origin(origin: Option<&str>, host: Option<&str>) -> bool {
    match (origin, host) {
        (Some(origin), Some(host)) => origin
            .strip_prefix("http://")
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host)),
        _ => false,
    }
}

/// A page address to go back to after a post: a path on this server,
/// never another host (`//evil.example`), else the dashboard.
pub(crate) fn safe_back(back: &str) -> String {
    let ok = back.starts_with('/')
        && !back.starts_with("//")
        && back.len() <= 2048
        && !back.contains(['\\', '#'])
        && !back.chars().any(char::is_control);
    if ok {
        back.to_string()
    } else {
        "/".to_string()
    }
}

/// The page with a form (`check-in.html`) in place of each check-in
/// marker the last build offers (others stay as they are), and the forms'
/// styles (`check-in.css`) before its `</head>`. `back` is the page's own
/// path.
pub(crate) fn inject_forms(
    page: &[u8],
    check_ins: &CheckIns,
    secret: &str,
    back: &str,
    templates: &ServedTemplates,
) -> Vec<u8> {
    let Some(today) = check_ins.today else {
        return page.to_vec();
    };
    let mut out = Vec::with_capacity(page.len() + 4096);
    let mut rest = page;
    let mut any = false;
    while let Some(at) = find(rest, MARKER) {
        let after = &rest[at + MARKER.len()..];
        let Some(end) = find(after, b"-->") else {
            break;
        };
        let key = String::from_utf8_lossy(&after[..end]);
        out.extend_from_slice(&rest[..at]);
        match check_ins.practices.get(key.trim()) {
            Some(p) => {
                let form = CheckInForm::new(p, key.trim(), CHECK_IN_PATH, today, secret, back);
                out.extend_from_slice(templates.check_in_form(&form).as_bytes());
                any = true;
            }
            None => out.extend_from_slice(&rest[at..at + MARKER.len() + end + 3]),
        }
        rest = &after[end + 3..];
    }
    out.extend_from_slice(rest);
    if !any {
        return out;
    }
    match find(&out, b"</head>") {
        Some(at) => {
            let mut with_style = out[..at].to_vec();
            with_style.extend_from_slice(b"<style>");
            with_style.extend_from_slice(templates.check_in_css().as_bytes());
            with_style.extend_from_slice(b"</style>");
            with_style.extend_from_slice(&out[at..]);
            with_style
        }
        None => out,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A check-in post, as sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Form {
    pub(crate) token: String,
    pub(crate) id: String,
    pub(crate) date: String,
    pub(crate) back: String,
    /// `done`, `number`, `skip`.
    pub(crate) action: String,
    pub(crate) amount: String,
    pub(crate) note: String,
    pub(crate) force: bool,
}

/// Reads an `application/x-www-form-urlencoded` body.
pub(crate) fn parse_form(body: &[u8]) -> Option<Form> {
    let mut form = Form::default();
    for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        let name = decode(name)?;
        let value = decode(value)?;
        match name.as_str() {
            "token" => form.token = value,
            "id" => form.id = value,
            "date" => form.date = value,
            "back" => form.back = value,
            "action" => form.action = value,
            "amount" => form.amount = value,
            "note" => form.note = value,
            "force" => form.force = value == "1",
            _ => {}
        }
    }
    Some(form)
}

fn decode(part: &[u8]) -> Option<String> {
    let spaced: Vec<u8> = part
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    let text = std::str::from_utf8(&spaced).ok()?;
    String::from_utf8(super::files::percent_decode(text)?).ok()
}

/// Why a post records nothing: an HTTP status and what the person is told.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Refused {
    pub(crate) status: u16,
    pub(crate) message: String,
    /// A conflict: the same entry may be posted again with `force`.
    pub(crate) replace: Option<Box<Form>>,
}

impl Refused {
    fn new(status: u16, message: impl Into<String>) -> Refused {
        Refused {
            status,
            message: message.into(),
            replace: None,
        }
    }
}

/// What `goalpost log` is asked to do for a form, once its secret has
/// been checked: only a practice and a day the last build offered.
pub(crate) fn request(form: &Form, check_ins: &CheckIns) -> Result<LogRequest, Refused> {
    let Some(today) = check_ins.today else {
        return Err(Refused::new(
            503,
            "The report is still being built; try again in a moment.",
        ));
    };
    let Some(practice) = check_ins.by_id(&form.id) else {
        return Err(Refused::new(
            409,
            format!(
                "`{}` is not scheduled today ({today}) in the current report: reload the page.",
                form.id
            ),
        ));
    };
    if form.date != today.to_string() {
        return Err(Refused::new(
            409,
            format!(
                "This page was made for {}, and the report is now for {today}: reload the page and check in again.",
                form.date
            ),
        ));
    }
    let value = match form.action.as_str() {
        "done" => None,
        "skip" => Some("skip".to_string()),
        "number" if form.amount.trim().is_empty() => {
            return Err(Refused::new(
                400,
                format!(
                    "Type a number before pressing Record (or press Done for the target, {}).",
                    amount(practice.target, practice.unit.as_deref())
                ),
            ))
        }
        "number" => Some(form.amount.trim().to_string()),
        _ => {
            return Err(Refused::new(
                400,
                "Unknown action: press Record, Done or Skip.",
            ))
        }
    };
    let note = form.note.trim();
    Ok(LogRequest {
        id: practice.id.clone(),
        value,
        date: today,
        note: (!note.is_empty()).then(|| note.to_string()),
        force: form.force,
    })
}

/// What the person is told when `goalpost log` refuses: its own message,
/// with a button to replace an entry that conflicts.
pub(crate) fn refusal_of(error: &LogError, form: &Form) -> Refused {
    match error {
        LogError::Conflict { id, date, old, new } => Refused {
            status: 409,
            message: format!(
                "`{id}` already has {old} on {date}; this would record {new} instead. Nothing was written."
            ),
            replace: Some(Box::new(Form {
                force: true,
                ..form.clone()
            })),
        },
        // What was asked for cannot be recorded.
        LogError::UnknownId { .. }
        | LogError::NotLoggable { .. }
        | LogError::MissingValue(_)
        | LogError::InvalidValue { .. } => Refused::new(400, error.to_string()),
        // The files as they are now refuse the write (changed meanwhile,
        // recorded elsewhere, not writable, …): nothing was written.
        LogError::Unreadable(_)
        | LogError::Ambiguous(_)
        | LogError::CannotEdit { .. }
        | LogError::WouldBreak(_)
        | LogError::DuplicateId { .. }
        | LogError::Write(_)
        | LogError::Io(_) => Refused::new(409, error.to_string()),
    }
}

/// The page a refused post gets (`check-in-refused.html`): the message,
/// a way back, and for a conflict a button that replaces the entry.
pub(crate) fn refusal_page(
    refused: &Refused,
    secret: &str,
    back: &str,
    templates: &ServedTemplates,
) -> String {
    let back = safe_back(back);
    let replace_back = refused.replace.as_ref().map(|f| safe_back(&f.back));
    let replace = refused
        .replace
        .as_ref()
        .zip(replace_back.as_deref())
        .map(|(f, back)| ReplaceForm {
            token: secret,
            id: &f.id,
            date: &f.date,
            back,
            action: &f.action,
            amount: &f.amount,
            note: &f.note,
        });
    templates.refused_page(&RefusedPage {
        message: &refused.message,
        back: &back,
        post_to: CHECK_IN_PATH,
        replace,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::today::TodayEntry;

    fn inject_forms(page: &[u8], check_ins: &CheckIns, secret: &str, back: &str) -> Vec<u8> {
        super::inject_forms(page, check_ins, secret, back, &ServedTemplates::default())
    }

    fn practice(id: &str, entry: TodayEntry) -> PracticeToday {
        PracticeToday {
            id: id.into(),
            title: format!("Title of {id}"),
            mark: None,
            weekly: false,
            target: 3.0,
            unit: Some("visits".into()),
            yes_no: false,
            entry,
            streak: 0,
            buffer: None,
        }
    }

    fn day() -> Date {
        "2026-11-20".parse().unwrap()
    }

    #[test]
    fn secrets_compare_whole() {
        let s = new_secret().unwrap();
        assert_eq!(s.len(), 64);
        assert_ne!(s, new_secret().unwrap());
        assert!(same_secret(&s, &s));
        assert!(!same_secret(&s[..63], &s));
        assert!(!same_secret(&format!("{s}0"), &s));
        assert!(!same_secret("", &s));
        let mut other = s.clone().into_bytes();
        other[10] ^= 1;
        assert!(!same_secret(&String::from_utf8(other).unwrap(), &s));
    }

    #[test]
    fn only_the_pages_own_origin() {
        assert!(same_origin(
            Some("http://127.0.0.1:8000"),
            Some("127.0.0.1:8000")
        ));
        assert!(same_origin(Some("http://localhost:8"), Some("LOCALHOST:8")));
        for origin in [
            None,
            Some("null"),
            Some("http://evil.example"),
            Some("http://127.0.0.1:8001"),
            Some("https://127.0.0.1:8000"),
            Some("http://127.0.0.1:8000.evil.example"),
        ] {
            assert!(!same_origin(origin, Some("127.0.0.1:8000")), "{origin:?}");
        }
        assert!(!same_origin(Some("http://127.0.0.1:8000"), None));
    }

    #[test]
    fn back_stays_on_this_server() {
        assert_eq!(safe_back("/people/reyes.html"), "/people/reyes.html");
        for bad in [
            "//evil.example/",
            "http://evil.example/",
            "",
            "/a\\b",
            "/a\nb",
        ] {
            assert_eq!(safe_back(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn markers_become_forms_only_for_offered_practices() {
        let check_ins = CheckIns::new(day(), vec![practice("visits", TodayEntry::NotYet)]);
        let page = b"<html><head></head><body><li>a<!--goalpost:check-in visits--></li>\
            <li>b<!--goalpost:check-in gone--></li></body></html>";
        let out = String::from_utf8(inject_forms(page, &check_ins, "s3cret", "/p.html")).unwrap();
        assert!(out.contains("<style>"));
        assert!(out.contains("id=\"check-in-visits\""));
        assert!(out.contains("name=\"token\" value=\"s3cret\""));
        assert!(out.contains("name=\"date\" value=\"2026-11-20\""));
        assert!(out.contains("name=\"back\" value=\"/p.html\""));
        assert!(out.contains("Done: 3 visits"));
        assert!(out.contains("Today: not recorded yet"));
        assert!(!out.contains("<!--goalpost:check-in visits-->"));
        assert!(out.contains("<!--goalpost:check-in gone-->"));
        // Nothing offered: the page as it was.
        let none = CheckIns::default();
        assert_eq!(inject_forms(page, &none, "s", "/"), page.to_vec());
    }

    /// Counts agree with their nouns on the buttons and in the status line
    /// (FORMAT §7 v3): "Done: 1 debrief", "This week: 1 of 1 debrief".
    #[test]
    fn one_of_a_unit_is_singular() {
        let mut p = practice(
            "debrief",
            TodayEntry::Done {
                amount: 0.0,
                at_target: false,
            },
        );
        p.weekly = true;
        p.target = 1.0;
        p.unit = Some("debriefs".into());
        let check_ins = CheckIns::new(day(), vec![p]);
        let out = String::from_utf8(inject_forms(
            b"<!--goalpost:check-in debrief-->",
            &check_ins,
            "s",
            "/",
        ))
        .unwrap();
        assert!(out.contains(">Done: 1 debrief<"), "{out}");
        assert!(out.contains("This week: 0 of 1 debrief"), "{out}");
        assert!(!out.contains("1 debriefs"), "{out}");
    }

    #[test]
    fn forms_escape_what_a_goal_file_says() {
        let mut p = practice(
            "x",
            TodayEntry::Done {
                amount: 2.0,
                at_target: false,
            },
        );
        p.title = "<b>\"Title\"</b>".into();
        p.unit = Some("<i>".into());
        let check_ins = CheckIns::new(day(), vec![p]);
        let out = String::from_utf8(inject_forms(
            b"<!--goalpost:check-in x-->",
            &check_ins,
            "s",
            "/\"><script>",
        ))
        .unwrap();
        assert!(!out.contains("<b>") && !out.contains("<i>") && !out.contains("<script>"));
        assert!(out.contains("Today: 2 &lt;i&gt;"));
    }

    #[test]
    fn form_bodies() {
        let form = parse_form(b"token=ab&id=classroom-visits&date=2026-11-20&back=%2Fpeople%2Fr.html&action=number&amount=2&note=with+Ms.+Ng%21&force=1").unwrap();
        assert_eq!(form.id, "classroom-visits");
        assert_eq!(form.back, "/people/r.html");
        assert_eq!(form.note, "with Ms. Ng!");
        assert!(form.force);
        assert_eq!(parse_form(b"note=%ff"), None);
        assert_eq!(parse_form(b"note=%zz"), None);
    }

    #[test]
    fn requests_only_for_what_the_build_offered() {
        let check_ins = CheckIns::new(day(), vec![practice("visits", TodayEntry::NotYet)]);
        let form = Form {
            id: "visits".into(),
            date: "2026-11-20".into(),
            action: "done".into(),
            note: "  ".into(),
            ..Form::default()
        };
        let req = request(&form, &check_ins).unwrap();
        assert_eq!((req.value, req.note, req.force), (None, None, false));
        let skip = Form {
            action: "skip".into(),
            ..form.clone()
        };
        assert_eq!(
            request(&skip, &check_ins).unwrap().value.as_deref(),
            Some("skip")
        );
        let number = Form {
            action: "number".into(),
            amount: " 2 ".into(),
            ..form.clone()
        };
        assert_eq!(
            request(&number, &check_ins).unwrap().value.as_deref(),
            Some("2")
        );
        let empty = Form {
            action: "number".into(),
            ..form.clone()
        };
        assert_eq!(request(&empty, &check_ins).unwrap_err().status, 400);
        let other = Form {
            id: "other".into(),
            ..form.clone()
        };
        assert_eq!(request(&other, &check_ins).unwrap_err().status, 409);
        let stale = Form {
            date: "2026-11-19".into(),
            ..form
        };
        assert!(request(&stale, &check_ins)
            .unwrap_err()
            .message
            .contains("reload"));
    }
}
