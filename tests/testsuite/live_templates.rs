//! The HTML `serve` adds to pages (check-in forms and their styles, the
//! error overlay, the live-reload script, the refusal page) and the e-mail
//! digest: pinned byte for byte by snapshots, and overridable from a
//! repository's own `templates/` like every page.

use crate::live_edits::{checkin_repo, field, Served};
use crate::prelude::*;

/// A practice done today (its form folds away) whose title and unit need
/// escaping, and a file with an error (the overlay lists it).
fn repo_with_more() -> Repo {
    let repo = checkin_repo();
    repo.write(
        "goals/stretch.md",
        "---\nkind: practice\ntitle: Stretch <&> \"daily\"\nowner: reyes\ncadence: daily\n\
         start: 2026-11-02\nlog:\n  2026-11-20: yes\n---\n",
    )
    .write(
        "goals/broken.md",
        "---\nkind: progress\ntitle: Broken <b>\nknd: x\n---\n",
    );
    repo
}

/// The page with the run's secrets replaced by fixed words.
fn redacted(page: &str) -> String {
    let mut page = page.to_string();
    if page.contains("name=\"token\" value=\"") {
        let secret = field(&page, "token");
        page = page.replace(&secret, "SECRET");
    }
    let needle = "var token = \"";
    if let Some(at) = page.find(needle) {
        let start = at + needle.len();
        let end = start + page[start..].find('"').unwrap();
        page.replace_range(start..end, "TOKEN");
    }
    page
}

/// What `serve` put into a page: every piece between the markers below,
/// in order, one a line.
fn injected(page: &str) -> String {
    let pieces: [(&str, &str); 4] = [
        ("<style>/* goalpost serve", "</style>"),
        ("<form class=\"check-in\"", "</form>"),
        ("<div id=\"goalpost-errors\"", "</div>"),
        ("<script>/* goalpost serve", "</script>"),
    ];
    let mut found = Vec::new();
    for (start, end) in pieces {
        let mut rest = page;
        let mut offset = 0;
        while let Some(at) = rest.find(start) {
            let stop = at + rest[at..].find(end).unwrap() + end.len();
            found.push((offset + at, rest[at..stop].to_string()));
            offset += stop;
            rest = &rest[stop..];
        }
    }
    found.sort();
    let pieces: Vec<String> = found.into_iter().map(|(_, p)| p).collect();
    pieces.join("\n---\n")
}

#[test]
fn served_additions_are_pinned() {
    let repo = repo_with_more();
    let served = Served::start(&repo, &["--allow-edits"]);
    for (name, path) in [
        ("served_goal_page", "/goals/classroom-visits.html"),
        ("served_person_page", "/people/reyes.html"),
    ] {
        let reply = served.get(path);
        assert_eq!(reply.status, 200);
        let page = redacted(&reply.body);
        assert!(page.contains("<form class=\"check-in\""), "{page}");
        assert!(page.contains("goalpost-errors"), "{page}");
        insta::assert_snapshot!(name, injected(&page));
    }
    let missing = served.get("/goals/nowhere.html");
    assert_eq!(missing.status, 404);
    insta::assert_snapshot!("served_not_found", redacted(&missing.body));
    let page = served.get("/people/reyes.html").body;
    let token = field(&page, "token");
    let stale = served.post(
        &format!(
            "token={token}&id=classroom-visits&date=2026-11-19&back=%2Fpeople%2Freyes.html&action=done"
        ),
        &[],
    );
    assert_eq!(stale.status, 409);
    insta::assert_snapshot!("served_refusal", redacted(&stale.body));
}

#[test]
fn served_pages_without_edits_are_pinned() {
    let repo = checkin_repo();
    let served = Served::start(&repo, &[]);
    let reply = served.get("/people/reyes.html");
    assert_eq!(reply.status, 200);
    let page = redacted(&reply.body);
    assert!(!page.contains("<form"), "{page}");
    assert_eq!(
        page.replace(&injected(&page), ""),
        repo.read("site/people/reyes.html"),
        "the page on disk, and the reload script before </body>"
    );
    insta::assert_snapshot!("served_reload_only", injected(&page));
}

#[test]
fn digest_for_one_owner_is_pinned() {
    let repo = Repo::example("lincoln-elementary");
    let out = repo
        .cmd(&[
            "digest",
            "--format",
            "html",
            "--owner",
            "okafor",
            "--today",
            "2026-11-23",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("digest_okafor_html", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn a_repositorys_served_templates_are_used() {
    let repo = repo_with_more();
    repo.write(
        "templates/check-in.html",
        "<form class=\"mine\" data-key=\"{{ key }}\">{{ status }} {{ title }}</form>",
    )
    .write("templates/check-in.css", ".mine{color:red}")
    .write(
        "templates/live-reload.html",
        "<script>/* mine {{ token }} */</script>\
         {% for p in problems %}<p class=\"mine\">{{ p }}</p>{% endfor %}",
    );
    let served = Served::start(&repo, &["--allow-edits"]);
    let page = served.get("/people/reyes.html").body;
    assert!(
        page.contains("<form class=\"mine\" data-key=\"classroom-visits\">Today: not recorded yet Classroom visits</form>"),
        "{page}"
    );
    assert!(
        page.contains("Today: done ✓ Stretch &lt;&amp;&gt; &quot;daily&quot;</form>"),
        "escaped as in every template: {page}"
    );
    assert!(
        page.contains("<style>.mine{color:red}</style></head>"),
        "{page}"
    );
    assert!(page.contains("<script>/* mine "), "{page}");
    assert!(
        page.contains("<p class=\"mine\">goals/broken.md:"),
        "the overlay's errors: {page}"
    );
    assert!(!page.contains("class=\"check-in\"") && !page.contains("goalpost-errors"));
}

#[test]
fn a_broken_served_template_is_a_template_error_and_the_builtin_one_serves() {
    let repo = checkin_repo();
    repo.write("templates/check-in.html", "<form>{% if %}</form>");
    let served = Served::start(&repo, &["--allow-edits"]);
    let stderr = served.stderr();
    assert!(stderr.contains("templates/check-in.html"), "{stderr}");
    assert!(stderr.contains("template-error"), "{stderr}");
    let page = served.get("/people/reyes.html").body;
    assert!(
        page.contains("<form class=\"check-in\""),
        "the built-in form: {page}"
    );
    assert!(
        page.contains("template-error") && page.contains("goalpost-errors"),
        "the overlay names it: {page}"
    );
    // A good template again: the next build uses it and the error is gone.
    repo.write("templates/check-in.html", "<form class=\"mine\"></form>");
    let patience = std::time::Instant::now() + crate::support::PATIENCE;
    loop {
        let page = served.get("/people/reyes.html").body;
        if page.contains("<form class=\"mine\"></form>") {
            assert!(!page.contains("goalpost-errors"), "{page}");
            break;
        }
        assert!(
            std::time::Instant::now() < patience,
            "never rebuilt: {page}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_repositorys_digest_template_is_used_and_a_broken_one_reported() {
    let repo = checkin_repo();
    repo.write(
        "templates/digest.html",
        "<h1>{{ title }}</h1>{% for s in sections %}<h2>{{ s.heading }}</h2>{% endfor %}",
    );
    let args = ["digest", "--format", "html", "--today", "2026-11-23"];
    let out = repo.cmd(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.starts_with("<h1>Digest: Check-in School</h1><h2>"),
        "{html}"
    );
    // The other formats do not use it.
    let md = repo
        .cmd(&["digest", "--today", "2026-11-23"])
        .output()
        .unwrap();
    assert!(String::from_utf8(md.stdout)
        .unwrap()
        .starts_with("# Digest"));

    repo.write("templates/digest.html", "<h1>{{ title }</h1>");
    let out = repo.cmd(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error, not a crash: {stderr}"
    );
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("templates/digest.html:1"), "{stderr}");
    assert!(stderr.contains("template-error"), "{stderr}");
    assert!(!stderr.contains("the goals have errors"), "{stderr}");
}
