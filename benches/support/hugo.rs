//! Writes a goals repository's Markdown as a Hugo site, so the same input
//! can be built by goalpost and by Hugo side by side.
//!
//! The site has no theme: three small layouts print each page's title, its
//! frontmatter (Hugo keeps unknown keys as page params) and its rendered
//! Markdown, so Hugo really renders every goal file as a page. The goal files
//! are copied byte for byte: Hugo accepts their YAML frontmatter as it is,
//! dated measurements and practice logs included (Hugo reads YAML 1.1, so a
//! log's `no` shows as `false` on its page; nothing fails). Features that
//! would touch the network or that a goals report has no use for
//! (taxonomies, feeds, sitemap, robots.txt, 404 page) are switched off.

use std::fs;
use std::path::Path;

const CONFIG: &str = r#"baseURL = "/"
title = "Synthetic District"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
disableHugoGeneratorInject = true
enableGitInfo = false
[taxonomies]
[outputs]
home = ["HTML"]
section = ["HTML"]
page = ["HTML"]
"#;

/// One goal page: title, every frontmatter key and value, the body.
const SINGLE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<dl>{{ range $k, $v := .Params }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}</dl>
{{ .Content }}
</body></html>
"#;

/// A section: its title and a link to every goal below it.
const LIST: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .RegularPagesRecursive }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body></html>
"#;

/// The home page: the site title and its sections.
const HOME: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ site.Title }}</title></head>
<body>
<h1>{{ site.Title }}</h1>
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPagesRecursive }} pages)</li>{{ end }}</ul>
</body></html>
"#;

/// What went into the site.
pub struct Copied {
    /// Goal files copied into `content/`.
    pub files: usize,
    /// Their size in bytes (the same bytes goalpost reads).
    pub bytes: u64,
}

/// Writes a Hugo site into `site` (which should be empty) whose `content/`
/// holds every `.md` file under `repo/goals`, at the same relative paths.
pub fn write_site(repo: &Path, site: &Path) -> std::io::Result<Copied> {
    fs::create_dir_all(site.join("layouts/_default"))?;
    fs::write(site.join("hugo.toml"), CONFIG)?;
    fs::write(site.join("layouts/_default/single.html"), SINGLE)?;
    fs::write(site.join("layouts/_default/list.html"), LIST)?;
    fs::write(site.join("layouts/index.html"), HOME)?;
    let mut copied = Copied { files: 0, bytes: 0 };
    copy_markdown(
        &repo.join("goals"),
        &site.join("content/goals"),
        &mut copied,
    )?;
    Ok(copied)
}

fn copy_markdown(from: &Path, to: &Path, copied: &mut Copied) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            copy_markdown(&path, &to.join(entry.file_name()), copied)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "md") {
            copied.bytes += fs::copy(&path, to.join(entry.file_name()))?;
            copied.files += 1;
        }
    }
    Ok(())
}
