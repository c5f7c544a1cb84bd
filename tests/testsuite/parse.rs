//! Reading one goal file: every rule of FORMAT §1–§5 that concerns a
//! single file, and every kind of broken input, through the library API.

use goalpost::model::parse::parse_file;
use goalpost::model::{Cadence, Details, EntryValue, Kind, ParsedFile, Status, Visibility};
use goalpost::Date;
use std::time::{Duration, Instant};

fn parse(text: &str) -> ParsedFile {
    parse_file("goals/x.md", text.as_bytes())
}

/// (code, line, column) of every diagnostic.
fn codes(p: &ParsedFile) -> Vec<(&'static str, u32, u32)> {
    p.diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn reads_a_progress_goal_fully() {
    let p = parse(
        "---\nkind: progress\ntitle: Reading at grade level to 80%\nowner: [okafor, reyes]\npurpose: every-reader\n\
         metric: students at grade level\nunit: '%'\nbaseline: 67\ntarget: 80\nstart: 2026-09-01\ndue: 2027-05-28\n\
         cycle: Sprint 6\ntags: literacy\nmeasurements:\n  2026-09-15: 67\n  2026-11-01: {value: 71, note: fall screener}\n\
         current: 72\nextra:\n  color: teal\n---\nBody text.\n",
    );
    assert_eq!(codes(&p), []);
    let g = &p.goals[0];
    assert_eq!(
        (g.id.as_str(), g.kind, g.file.as_str()),
        ("x", Kind::Progress, "goals/x.md")
    );
    assert_eq!(g.owners, ["okafor", "reyes"]);
    assert_eq!(g.tags, ["literacy"]);
    assert_eq!(
        (g.start, g.due),
        (Some(d("2026-09-01")), Some(d("2027-05-28")))
    );
    assert_eq!(g.cycles[0].id, "Sprint 6");
    assert_eq!(g.status, Status::Active);
    assert_eq!(g.visibility, Visibility::Shared);
    assert_eq!(g.extra["color"], "teal");
    assert_eq!(g.body, "Body text.\n");
    assert_eq!(g.body_line, 21);
    let pr = g.progress().unwrap();
    assert_eq!(pr.purpose.as_ref().unwrap().id, "every-reader");
    assert_eq!(pr.purpose.as_ref().unwrap().at.line, 5);
    assert_eq!(
        (pr.baseline, pr.target, pr.current),
        (Some(67.0), Some(80.0), Some(72.0))
    );
    assert_eq!(pr.unit.as_deref(), Some("%"));
    assert_eq!(pr.measurements.len(), 2);
    assert_eq!(pr.measurements[1].value, 71.0);
    assert_eq!(pr.measurements[1].note.as_deref(), Some("fall screener"));
    assert_eq!(pr.measurements[1].at.line, 16);
}

#[test]
fn reads_a_practice_log_in_every_spelling() {
    let p = parse(
        "---\nkind: practice\ntitle: Classroom visits\nserves: [grade-level-80]\ncadence: daily\ntarget: 3\nunit: visits\nlog:\n\
         \x20 2026-11-16: 3\n  2026-11-17: yes\n  2026-11-18: ✗\n  2026-11-19: skip\n  2026-11-20: '-'\n  2026-11-21:\n\
         \x20 2026-11-22: {value: 2, note: short day}\n  2026-11-23: true\nevidence:\n  - {date: 2026-11-16, url: 'https://video.example/1', note: Grade 2}\n\
         \x20 - {url: 'notes/visit.md'}\n  - {url: 'javascript:alert(1)'}\n---\n",
    );
    let practice = p.goals[0].practice().unwrap();
    assert_eq!(practice.cadence, Cadence::Daily);
    assert_eq!(practice.target, 3.0);
    let values: Vec<_> = practice
        .log
        .iter()
        .map(|e| (e.date.day(), e.value))
        .collect();
    assert_eq!(
        values,
        [
            (16, EntryValue::Number(3.0)),
            (17, EntryValue::Done(true)),
            (18, EntryValue::Done(false)),
            (19, EntryValue::Skip),
            (22, EntryValue::Number(2.0)),
            (23, EntryValue::Done(true)),
        ]
    );
    assert_eq!(practice.log[4].note.as_deref(), Some("short day"));
    let urls: Vec<_> = practice.evidence.iter().map(|e| e.url.as_str()).collect();
    assert_eq!(urls, ["https://video.example/1", "notes/visit.md"]);
    // The javascript: link is dropped with a warning on its line.
    assert_eq!(codes(&p), [("invalid-value", 20, 12)]);
}

#[test]
fn malformed_yaml_points_at_the_file_line() {
    let p = parse("---\nkind: progress\ntitle: [unclosed\nowner: x\n---\n");
    assert_eq!(p.diagnostics.len(), 1);
    let e = &p.diagnostics[0];
    assert_eq!(e.code, "yaml-syntax");
    assert!(
        e.line >= 3 && e.line <= 5,
        "line {} is not inside the frontmatter",
        e.line
    );
    // It keeps its place as a placeholder goal (FORMAT §2).
    assert_eq!(p.goals.len(), 1);
    assert!(p.goals[0].is_placeholder());
    assert_eq!(p.broken.as_ref().map(|b| b.line), Some(e.line));

    let p = parse("---\nkind: progress\ntitle: a: b\n---\n");
    assert_eq!(codes(&p), [("yaml-syntax", 3, 9)]);
}

#[test]
fn unclosed_and_toml_frontmatter() {
    assert_eq!(
        codes(&parse("---\nkind: purpose\ntitle: x\n")),
        [("unclosed-frontmatter", 1, 1)]
    );
    let toml = parse("+++\nkind = 'purpose'\n+++\n");
    assert_eq!(codes(&toml), [("toml-frontmatter", 1, 1)]);
    assert!(toml.diagnostics[0].message.contains("YAML"));
}

#[test]
fn missing_kind_never_makes_a_goal_vanish_silently() {
    let p = parse("---\nknd: progress\ntitle: x\n---\n");
    assert_eq!(codes(&p), [("missing-kind", 2, 1)]);
    assert_eq!(
        p.diagnostics[0].hint.as_deref(),
        Some("`knd` looks like a typo for `kind`")
    );
    let p = parse("---\ntitle: x\n---\n");
    assert_eq!(codes(&p), [("missing-kind", 1, 1)]);
    let p = parse("---\nkind: progres\ntitle: x\n---\n");
    assert_eq!(codes(&p), [("unknown-kind", 2, 7)]);
    assert_eq!(
        p.diagnostics[0].hint.as_deref(),
        Some("did you mean `progress`?")
    );
}

#[test]
fn unknown_fields_suggest_and_explain() {
    let p = parse("---\nkind: progress\ntitle: x\ntraget: 80\nserves: y\nzzz: 1\n---\n");
    assert_eq!(
        codes(&p),
        [
            ("unknown-field", 4, 1),
            ("unknown-field", 5, 1),
            ("unknown-field", 6, 1)
        ]
    );
    assert_eq!(
        p.diagnostics[0].hint.as_deref(),
        Some("did you mean `target`?")
    );
    assert!(p.diagnostics[1]
        .hint
        .as_deref()
        .unwrap()
        .contains("practice goals"));
    assert!(p.diagnostics[2].hint.as_deref().unwrap().contains("extra:"));
    // The goal is still loaded.
    assert_eq!(p.goals.len(), 1);
    assert_eq!(p.diagnostics[0].goal.as_deref(), Some("x"));
}

#[test]
fn wrong_types_and_impossible_dates() {
    let p = parse("---\nkind: progress\ntitle: x\nbaseline: 67%\ntarget: [1]\nstart: 2026-02-30\ndue: 11/20/2026\n---\n");
    assert_eq!(
        codes(&p),
        [
            // At the values, not at their keys.
            ("wrong-type", 4, 11),
            ("wrong-type", 5, 9),
            ("invalid-date", 6, 8),
            ("invalid-date", 7, 6)
        ]
    );
    assert!(p.diagnostics[0].hint.as_deref().unwrap().contains("`67`"));
    assert!(p.diagnostics[2].message.contains("28 days"));
    let g = p.goals[0].progress().unwrap();
    assert_eq!(g.baseline, None);
}

#[test]
fn bad_log_values_and_dates_are_positioned() {
    let p = parse("---\nkind: practice\ntitle: x\nlog:\n  2026-11-16: lots\n  2026-13-01: 1\n  2026-11-17: 2\n---\n");
    // The bad value where it is; the bad date key where it is.
    assert_eq!(
        codes(&p),
        [("invalid-value", 5, 15), ("invalid-date", 6, 3)]
    );
    let log = &p.goals[0].practice().unwrap().log;
    assert_eq!(log.len(), 1);
    // The entry after the skipped ones still knows its own line.
    assert_eq!(
        (log[0].date, log[0].at.line, log[0].at.column),
        (d("2026-11-17"), 7, 3)
    );
}

#[test]
fn frontmatter_that_is_not_a_mapping() {
    assert_eq!(
        codes(&parse("---\n- a\n- b\n---\n")),
        [("frontmatter-not-mapping", 1, 1)]
    );
    assert_eq!(
        codes(&parse("---\njust text\n---\n")),
        [("frontmatter-not-mapping", 1, 1)]
    );
    assert_eq!(codes(&parse("---\n---\n")), [("missing-kind", 1, 1)]);
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let p = parse_file("goals/x.md", b"---\nkind: purpose\ntitle: caf\xe9\n---\n");
    assert_eq!(codes(&p), [("invalid-utf8", 3, 11)]);
}

#[test]
fn plain_and_empty_files_are_not_goals() {
    assert!(parse("").goals.is_empty() && parse("").diagnostics.is_empty());
    assert!(parse("# README\n\nJust notes.\n").diagnostics.is_empty());
}

#[test]
fn bom_and_crlf_are_accepted_and_lines_still_right() {
    let p = parse("\u{feff}---\r\nkind: purpose\r\ntitle: Every reader\r\nowner: reyes\r\nwhat: 1\r\n---\r\nWhy.\r\n");
    assert_eq!(codes(&p), [("unknown-field", 5, 1)]);
    assert_eq!(p.goals[0].title, "Every reader");
}

#[test]
fn title_comes_from_the_first_heading_else_error() {
    let p = parse("---\nkind: purpose\n---\nIntro\n\n# Every *student* reads\n\n# Second\n");
    assert_eq!(p.goals[0].title, "Every student reads");
    let p = parse("---\nkind: purpose\n---\nNo heading.\n");
    assert_eq!(codes(&p), [("missing-title", 1, 1)]);
    assert_eq!(p.goals[0].title, "x");
}

#[test]
fn id_from_frontmatter_or_file_name() {
    let p = parse_file(
        "goals/deep/Reading-80.md",
        b"---\nkind: purpose\ntitle: t\n---\n",
    );
    assert_eq!(p.goals[0].id, "Reading-80");
    let p = parse("---\nkind: purpose\nid: every-reader\ntitle: t\n---\n");
    assert_eq!(p.goals[0].id, "every-reader");
    assert_eq!(p.goals[0].at.line, 3);
}

#[test]
fn window_status_visibility_and_allow() {
    let p = parse("---\nkind: progress\ntitle: t\nstart: 2026-12-01\ndue: 2026-09-01\nstatus: pasued\nvisibility: privat\nallow: [magic-wand, stael]\n---\n");
    assert_eq!(
        codes(&p),
        [
            ("invalid-window", 5, 6),
            ("invalid-value", 6, 9),
            ("unclear-visibility", 7, 13),
            // The lint name inside the list.
            ("invalid-value", 8, 21)
        ]
    );
    let g = &p.goals[0];
    // A mistyped visibility never publishes: it is treated as private.
    assert_eq!(g.visibility, Visibility::Private);
    assert_eq!(g.allow, [goalpost::model::lint::Lint::MagicWand]);
    assert!(p.diagnostics[1]
        .hint
        .as_deref()
        .unwrap()
        .contains("`paused`"));
}

#[test]
fn scorecard_tables_are_read_with_cell_positions() {
    let p = parse(
        "---\nkind: scorecard\nowner: principal\n---\n# Week of Nov 16\n\n| date | classroom-visits | inbox-zero |\n|---|--:|:-:|\n\
         | 2026-11-16 | 3 | ✓ |\n| 2026-11-17 |   | lots |\n| 2026-11-3 | 1 | ✓ |\n",
    );
    assert_eq!(
        codes(&p),
        [("invalid-value", 10, 20), ("invalid-date", 11, 3)]
    );
    let card = &p.scorecards[0];
    assert_eq!(card.owners, ["principal"]);
    let cells: Vec<_> = card
        .cells
        .iter()
        .map(|c| (c.practice.id.as_str(), c.entry.date.day(), c.entry.value))
        .collect();
    assert_eq!(
        cells,
        [
            ("classroom-visits", 16, EntryValue::Number(3.0)),
            ("inbox-zero", 16, EntryValue::Done(true))
        ]
    );
    assert_eq!(
        (card.cells[0].entry.at.line, card.cells[0].entry.at.column),
        (9, 16)
    );
    assert_eq!(card.cells[0].practice.at.line, 7);
    let p = parse("---\nkind: scorecard\nowner: p\n---\nNo table here.\n");
    assert_eq!(codes(&p), [("no-table", 1, 1)]);
}

#[test]
fn a_20_mb_file_is_read_quickly() {
    let mut text = String::from("---\nkind: purpose\ntitle: Big\n---\n");
    let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n";
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(line);
    }
    let started = Instant::now();
    let p = parse(&text);
    assert_eq!(p.goals.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn alias_bombs_and_deep_nesting_fail_fast_without_crashing() {
    let mut bomb = String::from("---\nkind: purpose\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    bomb.push_str("---\n");
    let started = Instant::now();
    let p = parse(&bomb);
    assert_eq!(codes(&p)[0].0, "yaml-syntax");
    assert!(started.elapsed() < Duration::from_secs(10));

    let deep = format!(
        "---\nkind: purpose\nx: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let p = parse(&deep);
    // One error, at the 65th `[` (column 4 + 64).
    assert_eq!(codes(&p), [("yaml-syntax", 3, 68)]);
    assert!(
        p.diagnostics[0]
            .message
            .contains("nested more than 64 levels deep"),
        "{:?}",
        p.diagnostics
    );
    let deep_block: String = (0..5_000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let p = parse(&format!("---\nkind: purpose\nx:\n{deep_block}---\n"));
    // One error, for the depth, where it is passed: `k128`, on line 132,
    // indented by 128.
    assert_eq!(codes(&p), [("yaml-syntax", 132, 129)]);
    assert!(
        p.diagnostics[0].message.contains("nested too deeply"),
        "{:?}",
        p.diagnostics[0]
    );
}

#[test]
fn details_match_the_kind() {
    let p = parse("---\nkind: purpose\ntitle: t\naligns_to: District literacy plan\n---\n");
    assert!(
        matches!(&p.goals[0].details, Details::Purpose(x) if x.aligns_to == ["District literacy plan"])
    );
}

#[test]
fn a_bare_dash_in_a_log_gets_a_helpful_hint() {
    let p = parse("---\nkind: practice\ntitle: t\nlog:\n  2026-11-16: -\n---\n");
    assert_eq!(p.diagnostics[0].code, "yaml-syntax");
    assert_eq!(p.diagnostics[0].line, 5);
    assert!(
        p.diagnostics[0].hint.as_deref().unwrap().contains("'-'"),
        "{:?}",
        p.diagnostics[0].hint
    );
}

#[test]
fn infinity_and_nan_are_not_numbers_here() {
    let p = parse("---\nkind: progress\ntitle: t\ncurrent: .nan\nbaseline: .inf\n---\n");
    assert_eq!(codes(&p), [("wrong-type", 4, 10), ("wrong-type", 5, 11)]);
    assert!(p.diagnostics[0].message.contains("NaN"));
}

#[test]
fn common_yaml_mistakes_get_specific_hints() {
    let hint = |text: &str| {
        let p = parse(text);
        assert_eq!(p.diagnostics[0].code, "yaml-syntax", "{:?}", p.diagnostics);
        p.diagnostics[0].hint.clone().unwrap_or_default()
    };
    assert!(hint("---\nkind: progress\ntitle: Reading: 67 to 80\n---\n").contains("in quotes"));
    assert!(
        hint("---\nkind: practice\ntitle:Visits\nlog:\n  2026-11-16: 3\n---\n")
            .contains("space after")
    );
    assert!(hint("---\nkind: practice\ntitle: t\nlog:\n\t2026-11-16: 3\n---\n").contains("tabs"));
    assert!(
        hint("---\nkind: progress\ntitle: \"Unclosed\nbaseline: 4\n---\n").contains("never closed")
    );
    assert!(hint("---\nkind: purpose\ntitle: a\ntitle: b\n---\n").contains("once"));
}
