//! Which file of the output folder a request is for: [`resolve`] refuses
//! `..` (also percent-encoded), backslashes, drive letters and NUL, and
//! checks the canonical path (symlinks resolved) is still inside the
//! folder. Pure but for reading the folder; no HTTP here.

use std::path::{Path, PathBuf};

/// Why a request gets no file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Malformed: not an origin-form path, bad percent-encoding, not UTF-8.
    BadRequest,
    /// An attempt to leave the output folder.
    Forbidden,
    NotFound,
    /// A folder asked for without its trailing slash: go here instead, so
    /// the page's relative links work.
    Redirect(String),
}

/// The path part of a request target, percent-decoded and checked, as a
/// relative path inside the served folder. Pure: touches no file.
pub(crate) fn url_to_relative(url: &str) -> Result<PathBuf, Refusal> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let decoded = percent_decode(path).ok_or(Refusal::BadRequest)?;
    let decoded = String::from_utf8(decoded).map_err(|_| Refusal::BadRequest)?;
    if decoded.contains(['\\', '\0']) {
        return Err(Refusal::Forbidden);
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refusal::Forbidden),
            // `C:`, alternate data streams: never part of a page name.
            s if s.contains(':') => return Err(Refusal::Forbidden),
            // goalpost's own bookkeeping (the manifest, the intent log) is
            // not part of the report: after a `--include-private` build it
            // names private pages. No page name starts with a dot.
            s if s.starts_with('.') => return Err(Refusal::NotFound),
            s => relative.push(s),
        }
    }
    Ok(relative)
}

pub(crate) fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The file to send for `url`, inside the canonical folder `root`: a
/// folder gives its `index.html`; anything whose real path (symlinks
/// resolved) is outside `root` is refused.
pub fn resolve(root: &Path, url: &str) -> Result<PathBuf, Refusal> {
    let relative = url_to_relative(url)?;
    let real = root
        .join(&relative)
        .canonicalize()
        .map_err(|_| Refusal::NotFound)?;
    if !real.starts_with(root) {
        return Err(Refusal::Forbidden);
    }
    if !real.is_dir() {
        return Ok(real);
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if !path.ends_with('/') {
        // Built from the path's own segments: `//goals` must not become
        // `//goals/`, which a browser reads as the host `goals`.
        let query = &url[path.len()..];
        let mut location = String::from("/");
        for segment in path.split('/').filter(|s| !s.is_empty() && *s != ".") {
            location.push_str(segment);
            location.push('/');
        }
        return Err(Refusal::Redirect(format!("{location}{query}")));
    }
    let index = real
        .join("index.html")
        .canonicalize()
        .map_err(|_| Refusal::NotFound)?;
    if !index.starts_with(root) {
        return Err(Refusal::Forbidden);
    }
    if index.is_file() {
        Ok(index)
    } else {
        Err(Refusal::NotFound)
    }
}

/// The `Content-Type` for a file, by extension.
pub(crate) fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_become_relative_paths() {
        assert_eq!(url_to_relative("/"), Ok(PathBuf::new()));
        assert_eq!(
            url_to_relative("/index.html"),
            Ok(PathBuf::from("index.html"))
        );
        assert_eq!(
            url_to_relative("/goals/a%20b.html?x=1#top"),
            Ok(PathBuf::from("goals/a b.html"))
        );
        assert_eq!(
            url_to_relative("//goals/./x.html"),
            Ok(PathBuf::from("goals/x.html"))
        );
        assert_eq!(
            url_to_relative("/%C3%A9t%C3%A9.html"),
            Ok(PathBuf::from("été.html"))
        );
    }

    #[test]
    fn bookkeeping_files_are_not_served() {
        for url in [
            "/.goalpost-manifest",
            "/.goalpost-journal",
            "/goals/.index.html.12.0.tmp",
            "/.git/config",
        ] {
            assert_eq!(url_to_relative(url), Err(Refusal::NotFound), "{url}");
        }
    }

    #[test]
    fn escapes_are_refused() {
        for url in [
            "/../secret.txt",
            "/goals/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/goals/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/..%5csecret.txt",
            "/goals\\..\\secret.txt",
            "/C:/Windows/win.ini",
            "/a%00.html",
        ] {
            assert_eq!(url_to_relative(url), Err(Refusal::Forbidden), "{url}");
        }
        for url in [
            "http://example.com/x",
            "*",
            "/%zz",
            "/%2",
            "/%ff%fe.html",
            "",
        ] {
            assert_eq!(url_to_relative(url), Err(Refusal::BadRequest), "{url}");
        }
    }

    #[test]
    fn absolute_looking_paths_stay_inside() {
        // `//etc/passwd` is the folder's own `etc/passwd`, which does not exist.
        assert_eq!(
            url_to_relative("//etc/passwd"),
            Ok(PathBuf::from("etc/passwd"))
        );
        assert_eq!(
            url_to_relative("/%2Fetc%2Fpasswd"),
            Ok(PathBuf::from("etc/passwd"))
        );
    }

    #[test]
    fn resolve_checks_the_real_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("goals")).unwrap();
        std::fs::create_dir_all(root.join("empty")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("goals/index.html"), "goals").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/"), Ok(root.join("index.html")));
        assert_eq!(resolve(&root, "/goals/"), Ok(root.join("goals/index.html")));
        assert_eq!(
            resolve(&root, "/goals?x=1"),
            Err(Refusal::Redirect("/goals/?x=1".into()))
        );
        // Never `//goals/`, which a browser reads as the host `goals`.
        assert_eq!(
            resolve(&root, "//goals"),
            Err(Refusal::Redirect("/goals/".into()))
        );
        assert_eq!(
            resolve(&root, "/.//goals?x=//y"),
            Err(Refusal::Redirect("/goals/?x=//y".into()))
        );
        assert_eq!(resolve(&root, "/empty/"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/missing.html"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/../secret.txt"), Err(Refusal::Forbidden));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
            assert_eq!(resolve(&root, "/link.txt"), Err(Refusal::Forbidden));
            assert_eq!(resolve(&root, "/up/secret.txt"), Err(Refusal::Forbidden));
            // A symlink that stays inside is fine.
            std::os::unix::fs::symlink(root.join("index.html"), root.join("home.html")).unwrap();
            assert_eq!(resolve(&root, "/home.html"), Ok(root.join("index.html")));
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.CSS")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("goals.json")), "application/json");
        assert_eq!(content_type(Path::new("c.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("c.png")), "image/png");
        assert_eq!(
            content_type(Path::new("c.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("robots.txt")),
            "text/plain; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("blob")), "application/octet-stream");
    }
}
