//! Goal bodies: CommonMark (+ tables, task lists, strikethrough, footnotes)
//! rendered with pulldown-cmark, then sanitised with ammonia so raw
//! `<script>`, event-handler attributes and `javascript:` links never reach
//! a page. Also [`safe_url`] for evidence links.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// Renders a goal's Markdown body to sanitised HTML.
///
/// Headings are moved down one level (`#` becomes `<h2>`), because the
/// goal's title is the page's only `<h1>`.
pub(crate) fn render_body(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_FOOTNOTES);
    let parser = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        // A task's box says what it means to a screen reader too.
        Event::TaskListMarker(done) => Event::InlineHtml(
            if done {
                r#"<input type="checkbox" disabled checked aria-label="done"> "#
            } else {
                r#"<input type="checkbox" disabled aria-label="not done yet"> "#
            }
            .into(),
        ),
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    sanitise(&raw)
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Sanitises HTML: only harmless tags and attributes, only http(s),
/// mailto and relative links.
pub(crate) fn sanitise(html: &str) -> String {
    SANITISER.clean(html).to_string()
}

/// The rules of [`sanitise`], set up once: building them takes longer than
/// cleaning a typical goal's notes.
static SANITISER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(schemes)
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
        .add_tag_attributes("sup", ["id", "class"])
        .add_tag_attributes("div", ["id", "class"])
        .add_tag_attributes("li", ["id", "class"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .attribute_filter(|element, attribute, value| {
            // Task-list boxes only: no text fields, buttons or file pickers.
            if element == "input" && attribute == "type" && value != "checkbox" {
                return None;
            }
            Some(value.into())
        });
    builder
});

/// Keeps a link only when it is `http`, `https` or relative: the same rule
/// the goal files are read with, applied again to whatever a report holds.
pub use crate::model::entries::safe_link as safe_url;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_tasks_strikethrough_and_footnotes() {
        let html = render_body(
            "# Plan\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ new[^1]\n\n[^1]: A note.\n",
        );
        assert!(html.contains("<h2>Plan</h2>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<td>1</td>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("aria-label=\"done\""), "{html}");
        assert!(html.contains("aria-label=\"not done yet\""), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_links() {
        let html = render_body(
            "Hello <script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[click](javascript:alert(3)) <a href=\"JaVaScRiPt:alert(4)\" onclick=\"x()\">b</a>\n\n<input type=\"text\" value=\"phish\">",
        );
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(!lower.contains("alert(1)"), "{html}");
        assert!(!lower.contains("onerror"), "{html}");
        assert!(!lower.contains("onclick"), "{html}");
        assert!(!lower.contains("javascript:"), "{html}");
        assert!(!lower.contains("type=\"text\""), "{html}");
        assert!(html.contains("Hello"), "{html}");
    }

    #[test]
    fn keeps_ordinary_links() {
        let html = render_body("[plan](https://example.org/plan) and [notes](notes/a.md)");
        assert!(html.contains("href=\"https://example.org/plan\""), "{html}");
        assert!(html.contains("href=\"notes/a.md\""), "{html}");
    }

    #[test]
    fn safe_url_keeps_only_http_and_relative() {
        assert_eq!(
            safe_url(" https://video.example/x?y=1 ").as_deref(),
            Some("https://video.example/x?y=1")
        );
        assert_eq!(safe_url("HTTP://a.b").as_deref(), Some("HTTP://a.b"));
        assert_eq!(
            safe_url("evidence/visit.mp4").as_deref(),
            Some("evidence/visit.mp4")
        );
        assert_eq!(safe_url("../a?x=b:c").as_deref(), Some("../a?x=b:c"));
        assert_eq!(safe_url("#notes").as_deref(), Some("#notes"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("JavaScript:alert(1)"), None);
        assert_eq!(safe_url("java\tscript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,<script>"), None);
        assert_eq!(safe_url("vbscript:x"), None);
        assert_eq!(safe_url("file:///etc/passwd"), None);
        assert_eq!(safe_url("\\\\evil/share"), None);
        assert_eq!(safe_url(""), None);
        assert_eq!(safe_url("//evil.example/x"), None);
        assert_eq!(safe_url("/\\evil.example"), None);
    }
}
