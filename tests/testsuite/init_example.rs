//! The example repository stays well-formed: every goal file's frontmatter
//! is a YAML mapping with a kind, and plain README files have none.
//! (`goalpost check examples/lincoln-elementary` checks the rest.)

use goalpost::source::{split, Split};
use goalpost::yaml::{self, Value};
use std::fs;
use std::path::{Path, PathBuf};

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

#[test]
fn example_frontmatter_is_well_formed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lincoln-elementary");
    let settings = yaml::parse(&fs::read_to_string(root.join("goalpost.yml")).unwrap()).unwrap();
    assert_eq!(
        settings.get("today").and_then(Value::as_str),
        Some("2026-11-20")
    );
    assert_eq!(settings.get("cycles").and_then(Value::as_str), Some("2w"));

    let mut files = Vec::new();
    markdown_files(&root, &mut files);
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        match split(&text) {
            Split::Plain => assert!(path.ends_with("README.md"), "{path:?} has no frontmatter"),
            Split::Yaml { yaml: fm, .. } => {
                let v = yaml::parse(&fm).unwrap_or_else(|e| panic!("{path:?}: {e:?}"));
                let kind = v
                    .get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or_else(|| panic!("{path:?}"));
                *kinds.entry(kind.to_string()).or_default() += 1;
            }
            other => panic!("{path:?}: {other:?}"),
        }
    }
    assert!(kinds["purpose"] >= 3, "{kinds:?}");
    assert!(kinds["progress"] >= 6, "{kinds:?}");
    assert!(kinds["practice"] >= 8, "{kinds:?}");
    assert_eq!(kinds["scorecard"], 1, "{kinds:?}");
}
