//! The templates `serve` renders at serve time (check-in forms, the
//! live-reload script and error overlay, the refused-check-in, not-found
//! and building pages, and the forms' styles), overridable from a goals
//! repository's `templates/` like every page.
//!
//! They are loaded once per build ([`ServedTemplates::load`]), and each
//! override is tried on sample views then: one that does not parse or
//! render is reported (the build shows it as a `template-error`) and the
//! built-in template is used in its place, so the server always answers.

use super::templates::{self, environment, template_error};
use super::view::served::{CheckInForm, LiveReload, NotFoundPage, RefusedPage, ReplaceForm};
use super::RenderError;
use minijinja::Environment;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The served templates, by name.
pub(crate) const CHECK_IN: &str = "check-in.html";
pub(crate) const REFUSED: &str = "check-in-refused.html";
pub(crate) const LIVE_RELOAD: &str = "live-reload.html";
pub(crate) const NOT_FOUND: &str = "not-found.html";
pub(crate) const BUILDING: &str = "building.html";
/// The check-in forms' styles (copied, not rendered).
pub(crate) const CHECK_IN_CSS: &str = "check-in.css";
const SERVED: [&str; 5] = [CHECK_IN, REFUSED, LIVE_RELOAD, NOT_FOUND, BUILDING];

/// The served templates of one goals repository (or the built-in ones).
pub struct ServedTemplates {
    overrides: Environment<'static>,
    builtin: Environment<'static>,
    root: Option<PathBuf>,
    /// Overrides that failed on the sample views: never used.
    broken: Vec<&'static str>,
    css: String,
}

impl Default for ServedTemplates {
    fn default() -> ServedTemplates {
        ServedTemplates::load(None).0
    }
}

impl std::fmt::Debug for ServedTemplates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServedTemplates")
            .field("root", &self.root)
            .field("broken", &self.broken)
            .finish_non_exhaustive()
    }
}

impl ServedTemplates {
    /// The templates, `<repo_root>/templates/*` over the built-in ones,
    /// and each override that cannot be used (the built-in one serves in
    /// its place).
    pub fn load(repo_root: Option<&Path>) -> (ServedTemplates, Vec<RenderError>) {
        let builtin_css = templates::builtin(CHECK_IN_CSS).unwrap_or_default();
        let mut served = ServedTemplates {
            overrides: environment(repo_root),
            builtin: environment(None),
            root: repo_root.map(Path::to_path_buf),
            broken: Vec::new(),
            css: builtin_css.to_string(),
        };
        let mut errors = Vec::new();
        for name in SERVED {
            if let Err(e) = served.try_samples(name) {
                served.broken.push(name);
                errors.push(e);
            }
        }
        match templates::asset(repo_root, CHECK_IN_CSS) {
            Ok(css) => served.css = css,
            Err(e) => errors.push(e),
        }
        (served, errors)
    }

    /// Renders `name` from the overrides with every sample view it has.
    fn try_samples(&self, name: &str) -> Result<(), RenderError> {
        let problems = ["goals/x.md:4:1 unknown-field unknown field `knd`".to_string()];
        let form = |recorded, unit, target: Option<&str>| CheckInForm {
            key: "visits",
            action: "/check-in",
            id: "visits",
            title: "Classroom visits",
            token: "0123",
            date: "2026-11-20".into(),
            back: "/",
            status: "Today: not recorded yet".into(),
            recorded,
            weekly: recorded,
            unit,
            target: target.map(str::to_string),
        };
        let refused = |replace| RefusedPage {
            message: "Nothing was written.",
            back: "/",
            post_to: "/check-in",
            replace,
        };
        let replace = ReplaceForm {
            token: "0123",
            id: "visits",
            date: "2026-11-20",
            back: "/",
            action: "number",
            amount: "2",
            note: "",
        };
        let reload = |problems| LiveReload {
            token: "t-1",
            events: "/events",
            problems,
        };
        let rendered = match name {
            CHECK_IN => {
                self.try_render(name, &form(false, None, None))?;
                self.try_render(name, &form(true, Some("visits"), Some("3 visits")))
            }
            REFUSED => {
                self.try_render(name, &refused(None))?;
                self.try_render(name, &refused(Some(replace)))
            }
            LIVE_RELOAD => {
                self.try_render(name, &reload(&[]))?;
                self.try_render(name, &reload(&problems))
            }
            NOT_FOUND => self.try_render(name, &NotFoundPage { path: "/x.html" }),
            _ => self.try_render(name, &()),
        };
        rendered.map(|_| ())
    }

    fn try_render(&self, name: &str, ctx: &impl Serialize) -> Result<String, RenderError> {
        let root = self.root.as_deref();
        let failed = |e: minijinja::Error| template_error(&e, root, name);
        self.overrides
            .get_template(name)
            .map_err(failed)?
            .render(minijinja::Value::from(minijinja::value::Serde(ctx)))
            .map_err(failed)
    }

    /// `name` rendered from its override, or where that cannot be used,
    /// from the built-in template (which renders every view: tested).
    fn render(&self, name: &'static str, ctx: &impl Serialize) -> String {
        if !self.broken.contains(&name) {
            if let Ok(text) = self.try_render(name, ctx) {
                return text;
            }
        }
        self.builtin
            .get_template(name)
            .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(ctx))))
            .unwrap_or_default()
    }

    pub(crate) fn check_in_form(&self, form: &CheckInForm) -> String {
        self.render(CHECK_IN, form)
    }

    pub(crate) fn live_reload(&self, reload: &LiveReload) -> String {
        self.render(LIVE_RELOAD, reload)
    }

    pub(crate) fn refused_page(&self, page: &RefusedPage) -> String {
        self.render(REFUSED, page)
    }

    pub(crate) fn not_found_page(&self, page: &NotFoundPage) -> String {
        self.render(NOT_FOUND, page)
    }

    pub(crate) fn building_page(&self) -> String {
        self.render(BUILDING, &())
    }

    /// The check-in forms' styles (`check-in.css`).
    pub(crate) fn check_in_css(&self) -> &str {
        &self.css
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_served_template_renders_its_samples() {
        let (served, errors) = ServedTemplates::load(None);
        assert!(errors.is_empty(), "{errors:?}");
        for name in SERVED {
            assert_eq!(served.try_samples(name), Ok(()), "{name}");
        }
        assert!(served.check_in_css().contains(".check-in{"));
    }

    #[test]
    fn a_broken_override_is_reported_and_the_builtin_one_serves() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/not-found.html"), "{% if %}").unwrap();
        std::fs::write(
            dir.path().join("templates/live-reload.html"),
            "{{ nope.x }}",
        )
        .unwrap();
        let (served, errors) = ServedTemplates::load(Some(dir.path()));
        let files: Vec<String> = errors
            .iter()
            .map(|e| match e {
                RenderError::Template { file, .. } => file.clone(),
                other => other.to_string(),
            })
            .collect();
        assert_eq!(
            files,
            ["templates/live-reload.html", "templates/not-found.html"]
        );
        let page = served.not_found_page(&NotFoundPage { path: "/<x>" });
        assert!(page.contains("<code>/&lt;x&gt;</code>"), "{page}");
    }
}
