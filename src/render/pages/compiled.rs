//! The page templates of a build, compiled: the built-in ones with the
//! repository's overrides, where those come from (so an error names the
//! right file), and a fingerprint of the override files. A session that
//! builds again keeps them while the overrides are unchanged.

use crate::render::templates::{self, template_error};
use crate::render::RenderError;
use minijinja::{Environment, Value as JValue};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The template environment plus where its overrides come from (so errors
/// can name the right file).
pub struct Templates {
    pub(crate) env: Environment<'static>,
    pub(crate) root: Option<PathBuf>,
    /// A hash of the override files (names, sizes, times): when it changes,
    /// every page is rendered again.
    pub(crate) fingerprint: u64,
    /// The largest page rendered so far from each of [`PAGE_TEMPLATES`]:
    /// the next one's buffer starts that large instead of growing (and
    /// being copied) a dozen times.
    sizes: [std::sync::atomic::AtomicUsize; PAGE_TEMPLATES.len()],
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("root", &self.root)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// Built-in templates, overridden by `<repo_root>/templates/*` when given.
    pub fn new(repo_root: Option<&Path>) -> Templates {
        Templates {
            env: templates::environment(repo_root),
            root: repo_root.map(Path::to_path_buf),
            fingerprint: templates::fingerprint(repo_root),
            sizes: Default::default(),
        }
    }

    /// `kept`, when it was made for the same repository and its override
    /// files have not changed since, else new ones: a session that builds
    /// again does not compile every template again.
    pub(crate) fn again(kept: Option<&Arc<Templates>>, repo_root: &Path) -> Arc<Templates> {
        match kept {
            Some(t)
                if t.root.as_deref() == Some(repo_root)
                    && t.fingerprint == templates::fingerprint(Some(repo_root)) =>
            {
                Arc::clone(t)
            }
            _ => Arc::new(Templates::new(Some(repo_root))),
        }
    }

    /// Loads every page template, so a syntax error is found before any
    /// page is written ([`render_into`] does it first).
    pub(crate) fn check(&self) -> Result<(), RenderError> {
        let root = self.root.as_deref();
        for name in PAGE_TEMPLATES {
            self.env
                .get_template(name)
                .map_err(|e| template_error(&e, root, name))?;
        }
        Ok(())
    }

    pub(super) fn render(&self, name: &str, ctx: &impl Serialize) -> Result<Vec<u8>, RenderError> {
        use std::sync::atomic::Ordering;
        let root = self.root.as_deref();
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| template_error(&e, root, name))?;
        let size = PAGE_TEMPLATES
            .iter()
            .position(|t| *t == name)
            .and_then(|i| self.sizes.get(i));
        let mut out = Vec::with_capacity(size.map_or(0, |s| s.load(Ordering::Relaxed)));
        tmpl.render_captured_to(JValue::from(minijinja::value::Serde(ctx)), &mut out)
            .map_err(|e| template_error(&e, root, name))?;
        if let Some(size) = size {
            size.fetch_max(out.len(), Ordering::Relaxed);
        }
        Ok(out)
    }
}

/// The templates pages are rendered from (the others are included by them).
const PAGE_TEMPLATES: [&str; 10] = [
    "index.html",
    "goal.html",
    "person.html",
    "people.html",
    "area.html",
    "scorecard.html",
    "cycle.html",
    "problems.html",
    "alignment.html",
    "redirect.html",
];
