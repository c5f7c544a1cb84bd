//! Everything printed to a terminal goes through one writer (FORMAT §10):
//! control and bidi characters from goal titles, people's names, notes and
//! file contents come out escaped in every command's output, `today`'s
//! lines fit 80 display columns with wide (CJK) text, and `--owner`'s
//! "did you mean" never names a person who owns only private goals.

use crate::prelude::*;
use unicode_width::UnicodeWidthStr;

/// ESC[31m (colour), BEL, CR, and a right-to-left override, as YAML
/// double-quoted escapes.
const HOSTILE_YAML: &str = r#"\e[31mRed\a bell\r cr \u202E rtl"#;

/// The raw characters that must never reach a terminal.
fn is_raw_control(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        )
}

/// No raw control or bidi character in `text`, and the escaped forms are
/// there. (A CR may also be gone: Markdown turns it into a space.)
fn assert_escaped(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| is_raw_control(c)) {
        panic!("{what}: a raw {c:?} reaches the terminal:\n{text:?}");
    }
    for shown in ["\\x1b", "\\x07", "\\u{202e}"] {
        assert!(text.contains(shown), "{what}: no `{shown}` in\n{text}");
    }
}

/// Output of `goalpost ARGS…` run in `repo`: (stdout, stderr), lossless.
fn run(repo: &Repo, args: &[&str]) -> (String, String) {
    let out = repo.cmd(args).output().expect("run");
    (
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// A school whose person's name, goal titles and a note carry the hostile text.
fn hostile() -> Repo {
    let repo = Repo::empty();
    repo.write(
        "goalpost.yml",
        format!(
            "title: School\ntoday: 2026-11-20\ncalendar:\n  start: 2026-08-31\n  end: 2027-06-25\ncycles: 2w\npeople:\n  eve: {{name: \"Eve {HOSTILE_YAML}\"}}\n"
        ),
    );
    repo.write(
        "goals/reading.md",
        format!(
            "---\nkind: practice\ntitle: \"Read {HOSTILE_YAML}\"\nowner: eve\ncadence: daily\nlog:\n  2026-11-16: yes\n  2026-11-17: yes\n  2026-11-18: yes\n  2026-11-19: yes\n---\n"
        ),
    );
    repo.write(
        "goals/benchmark.md",
        format!(
            "---\nkind: progress\ntitle: \"Benchmark {HOSTILE_YAML}\"\nowner: eve\nunit: rooms\nbaseline: 0\ntarget: 12\nstart: 2026-11-02\ndue: 2026-12-01\nmeasurements:\n  2026-11-06: 2\n  2026-11-19: {{value: 7, note: \"{HOSTILE_YAML}\"}}\n---\n"
        ),
    );
    repo
}

#[test]
fn digest_escapes_titles_and_names_in_every_format() {
    let repo = hostile();
    for format in ["md", "text", "html"] {
        let (stdout, stderr) = run(
            &repo,
            &["digest", "--format", format, "--today", "2026-11-23"],
        );
        assert_escaped(&format!("digest --format {format}"), &stdout);
        assert!(!stderr.chars().any(is_raw_control), "{stderr:?}");
    }
    // The HTML page's own escaping stays: a title's `<` is still `&lt;`.
    repo.write(
        "goals/tags.md",
        "---\nkind: progress\ntitle: \"<b>bold</b>\"\nowner: eve\nbaseline: 0\ntarget: 1\nstart: 2026-11-02\ndue: 2026-12-01\nmeasurements:\n  2026-11-19: 1\n---\n",
    );
    let (html, _) = run(
        &repo,
        &["digest", "--format", "html", "--today", "2026-11-23"],
    );
    assert!(!html.contains("<b>bold"), "{html}");
}

#[test]
fn today_escapes_titles_and_names() {
    let repo = hostile();
    let (stdout, stderr) = run(&repo, &["today"]);
    // `today` shows the person's name, and ids (from file names).
    assert_escaped("today", &stdout);
    assert!(stderr.is_empty(), "{stderr}");
    // An owner given on the command line is escaped in the error too.
    let (_, stderr) = run(&repo, &["today", "--owner", "\x1b[2J\u{202e}x"]);
    assert!(!stderr.chars().any(is_raw_control), "{stderr:?}");
    assert!(stderr.contains("\\x1b[2J\\u{202e}x"), "{stderr}");
}

#[test]
fn log_escapes_a_replaced_note_and_a_bad_id() {
    let repo = hostile();
    let (stdout, stderr) = run(
        &repo,
        &["log", "benchmark", "8", "--date", "2026-11-19", "--force"],
    );
    assert!(stdout.contains("replacing 7"), "{stdout}\n{stderr}");
    assert_escaped("log --force", &stdout);
    let (_, stderr) = run(&repo, &["log", "\x1b[31mRed\x07\r\u{202e}", "1"]);
    assert_escaped("log with a bad id", &stderr);
}

#[test]
fn check_escapes_file_contents_in_every_format() {
    let repo = hostile();
    // Raw control characters in the file: YAML refuses them, and the
    // message and the line shown carry them.
    repo.write(
        "goals/broken.md",
        "---\nkind: practice\ntitle: \x1b[31mRed\x07 bell\r cr \u{202e} rtl\nstatus: \x1b[31mRed\x07\r\u{202e}\n---\n",
    );
    for format in ["human", "short", "github", "json"] {
        let (stdout, stderr) = run(&repo, &["check", "--format", format]);
        let all = format!("{stdout}{stderr}");
        if let Some(c) = all.chars().find(|&c| is_raw_control(c)) {
            panic!("check --format {format}: a raw {c:?} reaches the terminal:\n{all:?}");
        }
        assert!(all.contains("broken.md"), "{format}: {all}");
    }
    let (_, stderr) = run(&repo, &["check"]);
    assert!(stderr.contains("\\x1b[31mRed\\x07"), "{stderr}");
}

#[test]
fn today_fits_80_display_columns_with_wide_text() {
    let repo = Repo::empty();
    let name = "山田太郎".repeat(8);
    repo.write(
        "goalpost.yml",
        format!(
            "title: 学校\ntoday: 2026-11-20\ncalendar:\n  start: 2026-08-31\n  end: 2027-06-25\ncycles:\n  - {{name: {}, start: 2026-11-01, end: 2026-11-30}}\npeople:\n  yamada: {{name: {name}}}\n",
            "十一月の読書と算数の集中期間".repeat(4)
        ),
    );
    // Ids come from the file names.
    repo.write(
        "goals/毎朝の読書の時間を全ての教室で守る.md",
        "---\nkind: practice\ntitle: 毎朝の読書の時間を全ての教室で守る\nowner: yamada\ncadence: daily\ntarget: 3\nunit: 冊の本を読み終えた児童の人数\nlog:\n  2026-11-20: 2\n---\n",
    );
    repo.write(
        "goals/算数の基礎計算の正答率を八割以上にする.md",
        "---\nkind: progress\ntitle: 算数の基礎計算の正答率を八割以上にする\nowner: yamada\nunit: 割合の単位として使う言葉\nbaseline: 0\ntarget: 80\nstart: 2026-11-02\ndue: 2026-11-30\nmeasurements:\n  2026-11-13: 50\n---\n",
    );
    let (stdout, stderr) = run(&repo, &["today"]);
    assert!(stdout.contains("山田"), "{stdout}\n{stderr}");
    assert!(stdout.contains("毎朝の読書"), "{stdout}");
    assert!(stdout.contains("算数の基礎"), "{stdout}");
    for line in stdout.lines() {
        assert!(
            line.width() <= 80,
            "{} columns: {line}\n{stdout}",
            line.width()
        );
    }
    // Cut with `…`, never inside a character (the output is UTF-8).
    assert!(stdout.contains('…'), "{stdout}");
}

/// `reyes` owns a shared goal; `secretowner` (listed under `people:`) owns
/// only private ones.
fn with_a_private_owner() -> Repo {
    let repo = Repo::example("lincoln-elementary");
    let settings = repo.read("goalpost.yml");
    repo.write(
        "goalpost.yml",
        format!("{settings}  secretowner: {{name: Sam Secret}}\n"),
    );
    repo.write(
        "goals/secret-journal.md",
        "---\nkind: practice\ntitle: Secret journal\nowner: secretowner\nvisibility: private\ncadence: daily\n---\n",
    );
    repo
}

#[test]
fn owner_suggestions_never_name_a_person_with_only_private_goals() {
    let repo = with_a_private_owner();
    for command in [&["today"][..], &["digest", "--today", "2026-11-23"][..]] {
        let mut args = command.to_vec();
        args.extend(["--owner", "secretownr"]);
        let out = repo.cmd(&args).output().expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("no goal is owned by `secretownr`"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("secretowner"),
            "{args:?} names them: {stderr}"
        );
        assert!(
            !stderr.contains("Sam Secret"),
            "{args:?} names them: {stderr}"
        );
        // Positive control: a person with shared goals is suggested.
        let mut args = command.to_vec();
        args.extend(["--owner", "reyse"]);
        let out = repo.cmd(&args).output().expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("did you mean `reyes`?"), "{stderr}");
    }
    // With private goals shown, they are a person like any other.
    let out = repo
        .cmd(&["digest", "--today", "2026-11-23", "--include-private"])
        .args(["--owner", "secretownr"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `secretowner`?"), "{stderr}");
}

#[test]
fn owner_is_an_id_or_a_name_in_any_case() {
    let repo = with_a_private_owner();
    let by_id = repo
        .cmd(&["today", "--owner", "reyes"])
        .output()
        .expect("run");
    assert!(by_id.status.success());
    for other in ["REYES", "dana reyes", "Dana Reyes"] {
        let out = repo
            .cmd(&["today", "--owner", other])
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{other}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, by_id.stdout, "{other}");
    }
}

/// `serve --allow-edits`: the status line of a check-in that replaces an
/// entry names the replaced entry with its note, escaped.
#[test]
fn a_check_in_status_line_escapes_the_replaced_note() {
    use crate::live_edits::{checkin_repo, Served};
    use std::io::{Read, Write};
    let repo = checkin_repo();
    let visits = repo.read("goals/classroom-visits.md").replace(
        "  2026-11-19: 2\n",
        &format!("  2026-11-19: 2\n  2026-11-20: {{value: 1, note: \"{HOSTILE_YAML}\"}}\n"),
    );
    repo.write("goals/classroom-visits.md", visits);
    let served = Served::start(&repo, &["--allow-edits"]);
    let page = served.get("/goals/classroom-visits.html").body;
    let needle = "name=\"token\" value=\"";
    let at = page.find(needle).expect("a check-in form") + needle.len();
    let token = page[at..].split('"').next().expect("a token");
    let body = format!(
        "token={token}&id=classroom-visits&date=2026-11-20&back=%2Fpeople%2Freyes.html&action=done&force=1"
    );
    let origin = format!("http://127.0.0.1:{}", served.port);
    let request = format!(
        "POST /__goalpost/check-in HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: {origin}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        served.port,
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", served.port)).expect("connect");
    stream.write_all(request.as_bytes()).expect("post");
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 303"), "{reply}");
    served.wait_for_stderr("check-in: recorded classroom-visits");
    served.wait_for_stderr("replacing");
    let line = served
        .stderr()
        .lines()
        .find(|l| l.starts_with("check-in:"))
        .expect("a status line")
        .to_string();
    assert_escaped("the check-in status line", &line);
    assert!(!served.stderr().chars().any(is_raw_control));
}
