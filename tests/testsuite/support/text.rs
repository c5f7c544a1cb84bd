//! [`html_text`]: a page as the lines of text a person reads, for
//! snapshots that are easy to review.

/// The readable text of an HTML page, one line per block (heading,
/// paragraph, list item, table row…), table cells separated by ` | `.
/// Styles, scripts and the drawing of SVG charts are left out, but a
/// chart's `<title>` (what a screen reader says) is kept; entities are
/// decoded and white space is collapsed; empty lines are dropped.
pub fn html_text(html: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = html;
    // Inside <svg>: only the text of <title> elements is kept.
    let mut in_svg = false;
    let mut in_svg_title = false;
    while let Some(lt) = rest.find('<') {
        if !in_svg || in_svg_title {
            // A line break in the source is white space, as in a browser.
            text.push_str(&rest[..lt].replace(['\n', '\r'], " "));
        }
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        rest = &rest[gt + 1..];
        match name.as_str() {
            "style" | "script" if !closing => {
                let end = format!("</{name}");
                rest = rest.find(&end).map_or("", |i| &rest[i..]);
            }
            "svg" => {
                in_svg = !closing;
                text.push('\n');
            }
            "title" if in_svg => {
                in_svg_title = !closing;
                text.push('\n');
            }
            "td" | "th" if !closing => text.push_str(" | "),
            // Links side by side (a navigation bar) stay apart.
            "a" | "button" if !closing => text.push(' '),
            "p" | "div" | "li" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr"
            | "br" | "table" | "section" | "header" | "footer" | "nav" | "main" | "article"
            | "aside" | "dt" | "dd" | "dl" | "summary" | "details" | "figure" | "figcaption"
            | "caption" | "hr" | "blockquote" | "pre" | "form" | "fieldset" | "legend"
            | "label" | "title" | "body" => text.push('\n'),
            _ => {}
        }
    }
    text.push_str(&rest.replace(['\n', '\r'], " "));
    text.lines()
        .map(|l| {
            decode(l)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .trim_start_matches("| ")
                .to_string()
        })
        .filter(|l| !l.is_empty() && l != "|")
        .collect()
}

/// Decodes the entities a rendered page uses (named ones and numeric).
fn decode(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn a_page_reads_as_lines_of_text() {
    let html = "<html><head><title>Goals</title><style>p{color:red}</style></head>\
        <body><nav><a href=\"/\">Dashboard</a><a href=\"p\">People</a></nav><h1>Maple &amp; Grove</h1><p>On   track:\n 3 of&nbsp;4</p>\
        <svg><title>Chart: 49% on Sep 18</title><path d=\"M0 0\"/><text>49</text></svg>\
        <table><tr><th>Goal</th><th>State</th></tr><tr><td>Reading</td><td>&#8212;</td></tr></table>\
        <script>var x = '<p>';</script></body></html>";
    assert_eq!(
        html_text(html),
        [
            "Goals",
            "Dashboard People",
            "Maple & Grove",
            "On track: 3 of 4",
            "Chart: 49% on Sep 18",
            "Goal | State",
            "Reading | —"
        ]
    );
}
