//! Tests of the SVG pictures, by what they draw: the progress chart, the
//! bar and the numbers a picture prints (`charts.rs`), and the pictures of
//! days, the heat-map and the strip (`days.rs`). The helpers here read
//! the markup back: well-formed, an attribute's value, where a path's
//! pieces start.

use super::*;

mod charts;
mod days;

fn well_formed(svg: &str) {
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.ends_with("</svg>"), "{svg}");
    assert!(!svg.contains("<script"), "{svg}");
    // Every opened element is closed or self-closed.
    let opens = svg.matches("<svg").count();
    assert_eq!(opens, svg.matches("</svg>").count());
    for tag in ["title", "desc", "text", "g", "pattern", "defs"] {
        let open =
            svg.matches(&format!("<{tag}>")).count() + svg.matches(&format!("<{tag} ")).count();
        let close = svg.matches(&format!("</{tag}>")).count();
        assert_eq!(open, close, "<{tag}> balanced in {svg}");
    }
    assert_eq!(svg.matches('<').count(), svg.matches('>').count());
}

fn attr_str<'s>(svg: &'s str, element_start: &str, name: &str) -> &'s str {
    let at = svg
        .find(element_start)
        .unwrap_or_else(|| panic!("{element_start} in {svg}"));
    let rest = &svg[at..];
    let key = format!(" {name}=\"");
    let i = rest
        .find(&key)
        .unwrap_or_else(|| panic!("{name} in {rest}"))
        + key.len();
    let j = rest[i..].find('"').unwrap_or(0) + i;
    &rest[i..j]
}

fn attr(svg: &str, element_start: &str, name: &str) -> f64 {
    attr_str(svg, element_start, name)
        .parse()
        .unwrap_or(f64::NAN)
}

/// The points where each subpath of the first path's `d` in `markup`
/// starts, absolute (M, m, h, v, l, a and z are all a picture uses).
fn starts(markup: &str) -> Vec<(f64, f64)> {
    let at = markup
        .find(" d=\"")
        .unwrap_or_else(|| panic!("d in {markup}"))
        + 4;
    let d = &markup[at..at + markup[at..].find('"').unwrap_or(0)];
    let mut tokens = Vec::new();
    let mut num = String::new();
    let flush = |num: &mut String, tokens: &mut Vec<Result<f64, char>>| {
        if !num.is_empty() {
            tokens.push(Ok(num.parse().unwrap_or(f64::NAN)));
            num.clear();
        }
    };
    for c in d.chars() {
        if c.is_ascii_alphabetic() {
            flush(&mut num, &mut tokens);
            tokens.push(Err(c));
        } else if c == ' ' || c == ',' || (c == '-' && !num.is_empty()) {
            flush(&mut num, &mut tokens);
            if c == '-' {
                num.push(c);
            }
        } else {
            num.push(c);
        }
    }
    flush(&mut num, &mut tokens);
    let (mut cur, mut start, mut out) = ((0.0, 0.0), (0.0, 0.0), Vec::new());
    let mut i = 0;
    let arg = |i: &mut usize| {
        *i += 1;
        match tokens.get(*i - 1) {
            Some(Ok(v)) => *v,
            other => panic!("number expected, got {other:?} in {d}"),
        }
    };
    while i < tokens.len() {
        let Err(cmd) = tokens[i] else {
            panic!("command expected at {i} in {d}")
        };
        i += 1;
        match cmd {
            'M' | 'm' => {
                let (x, y) = (arg(&mut i), arg(&mut i));
                cur = if cmd == 'M' {
                    (x, y)
                } else {
                    (cur.0 + x, cur.1 + y)
                };
                start = cur;
                out.push(cur);
            }
            'h' => cur.0 += arg(&mut i),
            'v' => cur.1 += arg(&mut i),
            'l' => {
                cur.0 += arg(&mut i);
                cur.1 += arg(&mut i);
            }
            'a' => {
                for _ in 0..5 {
                    arg(&mut i);
                }
                cur.0 += arg(&mut i);
                cur.1 += arg(&mut i);
            }
            'z' => cur = start,
            other => panic!("unexpected {other} in {d}"),
        }
    }
    out
}

/// A day of a practice's picture.
fn day(d: Date, status: DayStatus, value: Option<f64>) -> Day {
    Day::new(d, status, value, value.map(|v| v.min(1.0)))
}
