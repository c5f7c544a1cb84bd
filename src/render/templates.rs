//! The template environment: built-in templates compiled into the binary,
//! overridable file by file from the goals repository's own `templates/`.

use super::RenderError;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use std::path::{Path, PathBuf};

/// The work one page may take (minijinja's fuel: about one unit per
/// instruction and per 64 bytes made). The largest built-in page, an area
/// page of 200 goals with its scorecard, takes about 2% of it; an
/// override that loops for ever stops with an error instead of hanging
/// the build.
pub(crate) const FUEL: u64 = 5_000_000;

/// The folder of a goals repository that holds template overrides.
pub(crate) const OVERRIDE_DIR: &str = "templates";

/// Every built-in template and asset, by name. A file of the same name in
/// the goals repository's `templates/` replaces it.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("marks.html", include_str!("../../templates/marks.html")),
    (
        "coaching.html",
        include_str!("../../templates/coaching.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("goal.html", include_str!("../../templates/goal.html")),
    ("person.html", include_str!("../../templates/person.html")),
    (
        "scorecard.html",
        include_str!("../../templates/scorecard.html"),
    ),
    ("cycle.html", include_str!("../../templates/cycle.html")),
    ("area.html", include_str!("../../templates/area.html")),
    ("people.html", include_str!("../../templates/people.html")),
    (
        "problems.html",
        include_str!("../../templates/problems.html"),
    ),
    (
        "alignment.html",
        include_str!("../../templates/alignment.html"),
    ),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    ("digest.html", include_str!("../../templates/digest.html")),
    (
        "check-in.html",
        include_str!("../../templates/check-in.html"),
    ),
    (
        "check-in-refused.html",
        include_str!("../../templates/check-in-refused.html"),
    ),
    (
        "live-reload.html",
        include_str!("../../templates/live-reload.html"),
    ),
    (
        "not-found.html",
        include_str!("../../templates/not-found.html"),
    ),
    (
        "building.html",
        include_str!("../../templates/building.html"),
    ),
    ("site.css", include_str!("../../templates/site.css")),
    ("check-in.css", include_str!("../../templates/check-in.css")),
];

/// A built-in template's source.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// A template name is a plain relative path: no `..`, no absolute path,
/// no backslash, no drive letter.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && !name.contains('\0')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".")
}

/// An override file as found in the goals repository's `templates/`.
enum Override {
    /// A file inside the repository (through links or not).
    Inside(PathBuf),
    /// A link (of the file or of a folder on its way) that leads out of the
    /// repository: never read, so that a cloned repository cannot copy the
    /// reader's own files into its report.
    Outside,
}

fn find_override(repo_root: Option<&Path>, name: &str) -> Option<Override> {
    let root = repo_root?;
    if !valid_name(name) {
        return None;
    }
    let path = root.join(OVERRIDE_DIR).join(name);
    if !path.is_file() {
        return None;
    }
    let inside = match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(real)) => real.starts_with(root),
        _ => false,
    };
    Some(if inside {
        Override::Inside(path)
    } else {
        Override::Outside
    })
}

/// The environment used to render a site. With `repo_root`, templates in
/// `<repo_root>/templates/` are used in place of the built-in ones of the
/// same name. HTML templates are auto-escaped.
pub fn environment(repo_root: Option<&Path>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    let root = repo_root.map(Path::to_path_buf);
    env.set_loader(move |name| load(root.as_deref(), name));
    // Every view is a typed struct, so a name a template uses that the
    // view does not have is a mistake: development builds (and so the
    // tests) fail on it; release builds forgive a user's override.
    env.set_undefined_behavior(if cfg!(debug_assertions) {
        UndefinedBehavior::Strict
    } else {
        UndefinedBehavior::Lenient
    });
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    // HTML escaping of `& < > " '` (minijinja also escapes `/`, which
    // makes every relative link unreadable in the page source).
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), minijinja::AutoEscape::Html) && !value.is_safe() {
            if value.is_undefined() {
                return Ok(());
            }
            let escaped = match value.as_str() {
                Some(text) => super::svg::esc_into(out, text),
                None => super::svg::esc_into(out, &value.to_string()),
            };
            return escaped.map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()));
        }
        minijinja::escape_formatter(out, state, value)
    });
    // Badges are on every list; a Rust function is many times faster than
    // a template macro.
    env.add_function("state_shape", |state: &str| {
        minijinja::Value::from_safe_string(super::svg::state_shape(state).to_string())
    });
    env.add_function("state_badge", |state: &str, label: &str| {
        minijinja::Value::from_safe_string(super::svg::state_badge(state, label))
    });
    env.add_filter("pct", |v: Option<f64>| match v {
        Some(x) => super::svg::pct(x),
        None => "–".to_string(),
    });
    env.add_filter("code_spans", |text: &str| {
        minijinja::Value::from_safe_string(super::words::code_spans(text))
    });
    env.add_filter("num", |v: Option<f64>| match v {
        Some(x) => super::svg::num(x),
        None => "–".to_string(),
    });
    env
}

/// A hash of the override folder's files (names, sizes, modification
/// times): when an override is added, changed or removed, every page is
/// rendered again.
pub(crate) fn fingerprint(repo_root: Option<&Path>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    if let Some(root) = repo_root {
        let dir = root.join(OVERRIDE_DIR);
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            entry.path().hash(&mut h);
            if let Ok(meta) = entry.metadata() {
                meta.len().hash(&mut h);
                meta.modified().ok().hash(&mut h);
            }
        }
    }
    h.finish()
}

fn load(root: Option<&Path>, name: &str) -> Result<Option<String>, Error> {
    if !valid_name(name) {
        return Err(Error::new(
            ErrorKind::TemplateNotFound,
            format!("template name {name:?} is not allowed (no `..` or absolute paths)"),
        ));
    }
    match find_override(root, name) {
        Some(Override::Inside(path)) => std::fs::read_to_string(&path).map(Some).map_err(|e| {
            Error::new(
                ErrorKind::TemplateNotFound,
                format!("could not read {OVERRIDE_DIR}/{name}: {e}"),
            )
        }),
        Some(Override::Outside) => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "{OVERRIDE_DIR}/{name} is a link that leads out of the goals repository, \
                 so goalpost does not read it; put a copy of the file there instead of the link"
            ),
        )),
        None => Ok(builtin(name).map(str::to_string)),
    }
}

/// Turns a minijinja error into one that names the template file and line.
pub(crate) fn template_error(
    err: &Error,
    repo_root: Option<&Path>,
    fallback_name: &str,
) -> RenderError {
    // The innermost error that knows where it happened (an included or
    // extended template reports its own name).
    let mut name = err.name().map(str::to_string);
    let mut line = err.line();
    let mut detail = err.detail().map(str::to_string);
    let mut kind = err.kind().to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        if let Some(inner) = s.downcast_ref::<Error>() {
            if inner.name().is_some() {
                name = inner.name().map(str::to_string);
                line = inner.line();
                detail = inner.detail().map(str::to_string);
                kind = inner.kind().to_string();
            }
        }
        source = s.source();
    }
    let name = name.unwrap_or_else(|| fallback_name.to_string());
    let file = if find_override(repo_root, &name).is_some() {
        format!("{OVERRIDE_DIR}/{name}")
    } else {
        format!("built-in template {name}")
    };
    let message = match detail {
        _ if kind == ErrorKind::OutOfFuel.to_string() => format!(
            "this template does more work than any page needs (a loop that never ends?), \
             so goalpost stopped it after {FUEL} steps"
        ),
        Some(d) => format!("{kind}: {d}"),
        None => kind,
    };
    RenderError::Template {
        file,
        line,
        message,
    }
}

/// The text of an asset (such as `site.css`): the override if present,
/// else the built-in one.
pub(crate) fn asset(repo_root: Option<&Path>, name: &str) -> Result<String, RenderError> {
    load(repo_root, name)
        .map_err(|e| template_error(&e, repo_root, name))?
        .ok_or_else(|| RenderError::Template {
            file: format!("built-in template {name}"),
            line: None,
            message: "no such template".to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_unsafe_names() {
        for bad in [
            "../x.html",
            "/etc/passwd",
            "a/../../b",
            "C:\\x",
            "a//b",
            "./a",
        ] {
            assert!(!valid_name(bad), "{bad}");
            assert!(load(None, bad).is_err(), "{bad}");
        }
        assert!(valid_name("partials/card.html"));
    }

    #[test]
    fn every_builtin_template_parses() -> Result<(), Error> {
        let env = environment(None);
        for (name, _) in BUILTIN.iter().filter(|(n, _)| n.ends_with(".html")) {
            env.get_template(name)?;
        }
        Ok(())
    }

    #[test]
    fn auto_escapes_html_templates() -> Result<(), Box<dyn std::error::Error>> {
        let mut env = environment(None);
        env.add_template("t.html", "<p>{{ x }}</p>")?;
        let out = env
            .get_template("t.html")?
            .render(minijinja::context! { x => "<script>" })?;
        assert_eq!(out, "<p>&lt;script&gt;</p>");
        Ok(())
    }
}
