//! `goalpost digest`: the Monday summary on the example school, pinned to
//! Monday 2026-11-23, in its three formats (snapshot-tested), with private
//! goals, an owner, the period options and bad input.

use crate::prelude::*;

const MONDAY: &str = "2026-11-23";

/// The example, plus a measurement in the week, a private practice with a
/// streak, a practice gone quiet and a progress goal due within two weeks.
fn school() -> Repo {
    let repo = Repo::example("lincoln-elementary");
    repo.write(
        "goals/literacy/winter-benchmark-ready.md",
        "---\nkind: progress\ntitle: Every K-2 room has run the winter benchmark practice set\nowner: okafor\npurpose: every-reader\nunit: rooms\nbaseline: 0\ntarget: 12\nstart: 2026-11-02\ndue: 2026-12-04\nmeasurements:\n  2026-11-06: 2\n  2026-11-19: 7\n---\n",
    );
    repo.write(
        "goals/private-journal.md",
        "---\nkind: practice\ntitle: Reflective journal\nowner: reyes\nvisibility: private\ncadence: daily\nlog:\n  2026-11-16: yes\n  2026-11-17: yes\n  2026-11-18: yes\n  2026-11-19: yes\n  2026-11-20: yes\n  2026-11-21: yes\n  2026-11-22: yes\n---\n",
    );
    repo.write(
        "goals/coaching/book-study.md",
        "---\nkind: practice\ntitle: Book study notes <shared> | *weekly*\nowner: okafor\ncadence: weekly\nlog:\n  2026-10-19: yes\n---\n",
    );
    repo
}

/// `goalpost digest <args…> --today 2026-11-23`: exit code, stdout, stderr.
fn digest(repo: &Repo, args: &[&str]) -> (i32, String, String) {
    let out = repo
        .cmd(&["digest"])
        .args(args)
        .args(["--today", MONDAY])
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(repo: &Repo, args: &[&str]) -> String {
    let (code, stdout, stderr) = digest(repo, args);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

#[test]
fn markdown_by_default() {
    let repo = school();
    let md = ok(&repo, &[]);
    assert!(md.starts_with("# Digest: Lincoln Elementary"), "{md}");
    assert!(md.contains("Nov 16–23, compared with Nov 9–15"), "{md}");
    assert!(md.contains("Sprint 7 · Nov 23–Dec 6 · day 1 of 14"), "{md}");
    // What moved: 2 → 7 rooms, toward 12.
    assert!(
        md.contains("2 → 7 rooms on Nov 19 (+5 rooms, toward the target of 12 rooms; was at risk)"),
        "{md}"
    );
    // Due in 11 days; the quiet weekly practice asks a question.
    assert!(
        md.contains("Due Fri Dec 4 (in 11 days); 7 of 12 rooms."),
        "{md}"
    );
    assert!(
        md.contains("Nothing recorded since Oct 19 (35 days)."),
        "{md}"
    );
    // A title is escaped, not read as markup.
    assert!(
        md.contains("Book study notes \\<shared\\> \\| \\*weekly\\*"),
        "{md}"
    );
    assert!(!md.contains("journal"), "private goals stay out");
    insta::assert_snapshot!("digest_example_md", md);
}

#[test]
fn private_goals_only_when_asked_for() {
    let repo = school();
    let md = ok(&repo, &["--include-private"]);
    assert!(md.contains("Reflective journal"), "{md}");
    // Seven days in a row, every day of the week: worth celebrating.
    assert!(
        md.contains("7 days in a row at target, the longest yet."),
        "{md}"
    );
}

#[test]
fn plain_text_and_one_owner() {
    let repo = school();
    let text = ok(&repo, &["--format", "text", "--owner", "reyes"]);
    assert!(text.contains("For Dana Reyes (reyes)"), "{text}");
    assert!(!text.contains("Grace Okafor"), "{text}");
    assert!(!text.contains("**") && !text.contains("| ---"), "{text}");
    insta::assert_snapshot!("digest_reyes_text", text);
}

#[test]
fn html_for_an_email() {
    let repo = school();
    let html = ok(&repo, &["--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for banned in ["<script", "<link", "<img", "src="] {
        assert!(!html.contains(banned), "{banned} in an e-mail page");
    }
    // Every element that shows text carries its own style: the page reads
    // the same in a client that drops `<style>`.
    for tag in ["<p", "<h1", "<h2", "<td", "<th"] {
        let opened: Vec<&str> = html
            .split(&format!("{tag} "))
            .skip(1)
            .map(|rest| &rest[..rest.find('>').expect("a tag ends")])
            .collect();
        let styled = opened
            .iter()
            .filter(|a| a.contains(" style=\"") || a.starts_with("style=\""))
            .count();
        assert!(
            !opened.is_empty() && opened.len() == styled,
            "{tag}: {styled} of {} styled",
            opened.len()
        );
    }
    // The one `<style>`, in the head, holds only media queries for the
    // clients that keep it (padding by the screen's width, and for print),
    // on the page's own classes.
    assert_eq!(html.matches("<style").count(), 1, "{html}");
    let head = &html[..html.find("</head>").expect("a head")];
    let style = &head[head.find("<style>").expect("the style in the head") + 7..];
    let style = &style[..style.find("</style>").expect("the style ends")];
    let mut depth = 0;
    let mut outside = String::new();
    for c in style.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
        if c == '{' && depth == 1 {
            outside.push('\n');
        }
    }
    assert!(
        outside
            .lines()
            .map(str::trim)
            .all(|l| l.is_empty() || l.starts_with("@media (") || l == "@media print"),
        "only media queries: {style}"
    );
    for class in html.split("class=\"").skip(1) {
        let class = &class[..class.find('"').expect("a class ends")];
        assert!(
            class.starts_with("digest-") && style.contains(&format!(".{class} ")),
            "{class}"
        );
    }
    assert!(html.contains("Book study notes &lt;shared&gt; | *weekly*"));
    // Narrow enough for a phone: the owner goes under the practice's name
    // rather than in a column of its own, and figures do not wrap.
    assert!(!html.contains(">Owner</th>"), "{html}");
    assert!(html.contains("white-space:nowrap;"), "{html}");
    insta::assert_snapshot!("digest_example_html", html);
}

#[test]
fn the_last_whole_week_and_since_a_date() {
    let repo = school();
    // On Wednesday Nov 25, --week is Monday Nov 16 to Sunday Nov 22.
    let out = repo
        .cmd(&["digest", "--week", "--today", "2026-11-25"])
        .output()
        .expect("run");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("Nov 16–22, compared with Nov 9–15"), "{md}");
    let md = ok(&repo, &["--since", "2026-11-20"]);
    assert!(md.contains("Nov 20–23, compared with Nov 16–19"), "{md}");
    // Nothing was measured from Nov 20 on.
    assert!(md.contains("Nothing was measured in this period."), "{md}");
}

#[test]
fn bad_input_says_what_and_where() {
    let repo = school();
    // --since after today, both period options, an unknown owner: exit 2.
    let (code, _, stderr) = digest(&repo, &["--since", "2026-12-01"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--since 2026-12-01 is after today (2026-11-23)"),
        "{stderr}"
    );
    let (code, _, _) = digest(&repo, &["--since", "2026-11-16", "--week"]);
    assert_eq!(code, 2);
    let (code, _, stderr) = digest(&repo, &["--since", "2026-11-31"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = digest(&repo, &["--owner", "reyez"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `reyes`?"), "{stderr}");
    // A goal file with an error: the digest of the rest, the error at its
    // file:line on stderr, exit 1.
    repo.write(
        "goals/math/broken.md",
        "---\nkind: progress\ntitle: Broken\ntarget: [80\n---\n",
    );
    let (code, stdout, stderr) = digest(&repo, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("## What moved"), "{stdout}");
    assert!(stderr.contains("goals/math/broken.md:4:"), "{stderr}");
    assert!(stderr.contains("the goals have errors"), "{stderr}");
}

#[test]
fn a_committed_current_value_is_a_measurement() {
    require_git();
    let repo = Repo::empty();
    repo.git_init();
    repo.write("goalpost.yml", "title: History School\n");
    let goal = |current: u32| {
        format!(
            "---\nkind: progress\ntitle: Students reading\nowner: okafor\nunit: students\n\
             baseline: 8\ntarget: 20\nstart: 2026-09-01\ndue: 2027-05-28\ncurrent: {current}\n---\n"
        )
    };
    repo.write("goals/reading.md", goal(10));
    repo.commit("Grace Okafor", "2026-11-02T16:00:00+00:00");
    repo.write("goals/reading.md", goal(14));
    repo.commit("Grace Okafor", "2026-11-18T16:00:00+00:00");
    let md = ok(&repo, &[]);
    // The commit of Nov 18 is in the week: 10 → 14, toward 20. On Nov 15
    // 2 of 12 was 17% of the way with 28% expected (at risk); now 50%.
    assert!(
        md.contains("10 → 14 students on Nov 18 (+4 students, toward the target of 20 students; was at risk)"),
        "{md}"
    );
    // A week later, nothing new was committed: nothing moved.
    let out = repo
        .cmd(&["digest", "--today", "2026-11-30"])
        .output()
        .expect("run");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("Nothing was measured in this period."), "{md}");
}

/// FORMAT §7 "Goalposts moved": a target moved in the period is in the
/// digest, with who moved it and when; one moved before the period is not.
#[test]
fn goalposts_moved_in_the_period_are_listed() {
    require_git();
    let repo = Repo::empty();
    repo.git_init();
    repo.write("goalpost.yml", "title: History School\ntoday: 2026-11-20\n");
    let goal = |target: u32, due: &str| {
        format!(
            "---\nkind: progress\ntitle: Students reading\nowner: okafor\nunit: students\n\
             baseline: 8\ntarget: {target}\nstart: 2026-09-01\ndue: {due}\n---\n"
        )
    };
    repo.write("goals/reading.md", goal(20, "2027-05-14"));
    repo.commit("Grace Okafor", "2026-10-01T16:00:00+00:00");
    repo.write("goals/reading.md", goal(20, "2027-05-28"));
    repo.commit("Dana Reyes", "2026-10-20T16:00:00+00:00");
    repo.write("goals/reading.md", goal(24, "2027-05-28"));
    repo.commit("Grace Okafor", "2026-11-18T16:00:00+00:00");
    let md = ok(&repo, &[]);
    assert!(md.contains("## Goalposts moved"), "{md}");
    assert!(
        md.contains("Target moved from 20 students to 24 students (Nov 18, Grace Okafor)."),
        "{md}"
    );
    assert!(
        !md.contains("Dana Reyes"),
        "the due date moved before the period: {md}"
    );
}

/// A goal that slipped and also went quiet is one item of "What slipped",
/// saying both, not two items under the same title.
#[test]
fn a_goal_that_slipped_and_went_quiet_is_one_item() {
    let repo = school();
    let md = ok(&repo, &["--since", "2026-11-02"]);
    let slipped = &md[md.find("## What slipped").expect("the section")..];
    let slipped = &slipped[..slipped[3..].find("\n## ").expect("a next section") + 3];
    let title = "**Five positive postcards home a week**";
    assert_eq!(slipped.matches(title).count(), 1, "{slipped}");
    assert!(
        slipped.contains(&format!(
            "{title} (Dana Reyes): Now off track, was at risk. Nothing recorded since Oct 30 (24 days). Is this still the plan?"
        )),
        "{slipped}"
    );
}
