//! `render_site`: every page of the report, as bytes in memory.

use super::dates;
use super::json::goals_json;
use super::templates::{self, template_error};
use super::view::Visible;
use super::{Page, RenderError, RenderOptions};
use crate::analysis::Report;
use minijinja::{Environment, Value as JValue};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The template environment plus where its overrides come from (so errors
/// can name the right file).
pub struct Templates {
    pub env: Environment<'static>,
    pub root: Option<PathBuf>,
}

impl Templates {
    /// Built-in templates, overridden by `<repo_root>/templates/*` when given.
    pub fn new(repo_root: Option<&Path>) -> Templates {
        Templates {
            env: templates::environment(repo_root),
            root: repo_root.map(Path::to_path_buf),
        }
    }

    fn render(&self, name: &str, ctx: &Value) -> Result<String, RenderError> {
        let root = self.root.as_deref();
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| template_error(&e, root, name))?;
        tmpl.render(JValue::from(minijinja::value::Serde(ctx)))
            .map_err(|e| template_error(&e, root, name))
    }
}

fn merge(base: &Value, extra: Value) -> Value {
    let mut out = base.clone();
    if let (Value::Object(o), Value::Object(e)) = (&mut out, extra) {
        o.extend(e);
    }
    out
}

/// Renders the whole site: `index.html`, `goals/<id>.html`,
/// `people/<id>.html`, `scorecard.html`, `cycles/<id>.html`, `goals.json`
/// and `site.css`. Private goals are left out unless
/// `opts.include_private`.
pub fn render_site(
    report: &Report,
    opts: &RenderOptions,
    templates: &Templates,
) -> Result<Vec<Page>, RenderError> {
    let v = Visible::new(report, opts);
    let mut pages = Vec::new();
    let errors: Vec<Value> = v
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| v.diagnostic(d))
        .collect();
    let warnings = v.diagnostics().len() - errors.len();
    let people: Vec<Value> = {
        let mut ids: Vec<(&String, &String)> = v.person_slugs().iter().collect();
        let order: Vec<&String> = report.settings.people.iter().map(|p| &p.id).collect();
        ids.sort_by_key(|(id, _)| {
            (
                order.iter().position(|p| p == id).unwrap_or(usize::MAX),
                id.to_string(),
            )
        });
        ids.into_iter().map(|(id, _)| v.person(id)).collect()
    };
    let current = report.current_cycle;
    let common = json!({
        "site": {
            "title": report.title,
            "today": dates::long(report.today),
            "today_iso": report.today.to_string(),
            "cycle_line": current.and_then(|i| v.cycle_line(i)),
            "include_private": opts.include_private,
        },
        "errors": errors,
        "tally": {"errors": errors.len(), "warnings": warnings},
        "current_cycle": current.and_then(|i| v.cycle_ref(i)),
        "people": people,
        "cycles": v.cycle_refs(),
    });
    let page = |nav: &str, root: &str, title: &str, extra: Value| {
        merge(
            &common,
            merge(
                &json!({"nav": nav, "root": root, "page_title": title}),
                extra,
            ),
        )
    };

    // Every page is an independent job; they are rendered in parallel.
    enum Job<'r> {
        Dashboard,
        Goal(&'r crate::analysis::GoalReport),
        Person(&'r Value),
        Scorecard,
        Cycle(usize),
    }
    let mut jobs = vec![Job::Dashboard, Job::Scorecard];
    jobs.extend(v.goals().map(Job::Goal));
    jobs.extend(people.iter().map(Job::Person));
    jobs.extend((0..report.cycles.len()).map(Job::Cycle));
    let rendered: Vec<Option<Page>> = jobs
        .par_iter()
        .map(|job| -> Result<Option<Page>, RenderError> {
            Ok(Some(match job {
                Job::Dashboard => {
                    let ctx = page(
                        "dashboard",
                        "",
                        &report.title,
                        json!({
                            "attention": v.attention(),
                            "tree": v.tree(),
                            "summary": v.summary(),
                            "diagnostics": v.diagnostics_values(),
                            "grid": v.current_grid(None),
                        }),
                    );
                    html("index.html", templates.render("index.html", &ctx)?)
                }
                Job::Goal(g) => {
                    let Some(slug) = v.goal_slug(&g.goal.id) else {
                        return Ok(None);
                    };
                    let ctx = page(
                        "goal",
                        "../",
                        &g.goal.title,
                        json!({"goal": v.card(g), "detail": v.detail(g)}),
                    );
                    html(
                        &format!("goals/{slug}.html"),
                        templates.render("goal.html", &ctx)?,
                    )
                }
                Job::Person(person) => {
                    let id = person["id"].as_str().unwrap_or_default();
                    let Some(slug) = v.person_slugs().get(id) else {
                        return Ok(None);
                    };
                    let goals: Vec<Value> = v
                        .goals()
                        .filter(|g| g.goal.owners.iter().any(|o| o == id))
                        .map(|g| v.card(g))
                        .collect();
                    let name = person["name"].as_str().unwrap_or(id).to_string();
                    let ctx = page(
                        "people",
                        "../",
                        &name,
                        json!({
                            "person": person,
                            "goals": goals,
                            "grid": v.current_grid(Some(id)),
                        }),
                    );
                    html(
                        &format!("people/{slug}.html"),
                        templates.render("person.html", &ctx)?,
                    )
                }
                Job::Scorecard => {
                    let ctx = page(
                        "scorecard",
                        "",
                        "Scorecard",
                        json!({"grid": v.current_grid(None)}),
                    );
                    html("scorecard.html", templates.render("scorecard.html", &ctx)?)
                }
                Job::Cycle(i) => {
                    let Some(slug) = v.cycle_slug(*i) else {
                        return Ok(None);
                    };
                    let name = report.cycles[*i].name.clone();
                    let ctx = page(
                        "cycle",
                        "../",
                        &name,
                        json!({"report": v.cycle_report(*i), "grid": v.grid(*i, None)}),
                    );
                    html(
                        &format!("cycles/{slug}.html"),
                        templates.render("cycle.html", &ctx)?,
                    )
                }
            }))
        })
        .collect::<Result<_, _>>()?;
    pages.extend(rendered.into_iter().flatten());

    pages.push(Page {
        path: "goals.json".to_string(),
        bytes: goals_json(report, &v).map_err(|e| RenderError::Json(e.to_string()))?,
    });
    pages.push(Page {
        path: "site.css".to_string(),
        bytes: templates::asset(templates.root.as_deref(), "site.css")?.into_bytes(),
    });
    Ok(pages)
}

fn html(path: &str, text: String) -> Page {
    Page {
        path: path.to_string(),
        bytes: text.into_bytes(),
    }
}
