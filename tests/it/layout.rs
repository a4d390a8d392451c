//! The module layout of `src/`: the pipeline as one column. Every top-level
//! module imports only modules before it in [`ORDER`] (so the import graph
//! has no circles and no stage imports a later one), and the modules under
//! one parent do not import each other in a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;

use crate::support::repo;

/// The top-level modules from the bottom of the house to the top: the
/// foundations, then load → validate → meeting → render → compile → export
/// → publish → build, then the commands around them.
const ORDER: &[&str] = &[
    // Foundations: no stage of their own.
    "personnummer",
    "error",
    "timing",
    "parallel",
    "conventions",
    "calendar",
    "escape",
    "limits",
    "fonts",
    "table",
    "markdown",
    "mask",
    // The content format and its reading.
    "model",
    "yaml",
    // The pipeline.
    "load",
    "validate",
    "meeting",
    "plan",
    "public",
    "render",
    "compile",
    "export",
    "signature",
    "publish",
    "build",
    "archive",
    // The commands.
    "watch",
    "status",
    "schema",
    "scaffold",
    "cli",
];

/// One source file: its module path (`["publish", "webbplats", "atom"]`)
/// and its code without comments and unit tests.
struct Source {
    module: Vec<String>,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = repo().join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let relative = path.strip_prefix(&root).unwrap();
        let mut module: Vec<String> = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if module.last().map(String::as_str) == Some("mod") {
            module.pop();
        }
        if module == ["lib"] || module == ["main"] {
            continue;
        }
        out.push(Source {
            module,
            code: code_of(path),
        });
    }
    out
}

/// The code of a file: comment lines and the unit tests at its end left out.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segments of the paths a file names under `prefix` (`crate`,
/// `super`), in paths (`crate::load::Sandbox`) and in grouped uses
/// (`use crate::{error::Error, load}`).
fn named_under(code: &str, prefix: &str) -> BTreeSet<String> {
    let path = Regex::new(&format!(r"\b{prefix}::(\w+)")).unwrap();
    let group = Regex::new(&format!(r"\b{prefix}::\{{")).unwrap();
    let mut names: BTreeSet<String> = path.captures_iter(code).map(|c| c[1].to_owned()).collect();
    for start in group.find_iter(code) {
        let mut depth = 1;
        let mut item = String::new();
        let mut at_item_start = true;
        for c in code[start.end()..].chars() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => at_item_start = true,
                c if depth == 1 && at_item_start && (c.is_alphanumeric() || c == '_') => {
                    item.push(c)
                }
                _ => {
                    if !item.is_empty() {
                        names.insert(std::mem::take(&mut item));
                        at_item_start = false;
                    }
                }
            }
        }
        if !item.is_empty() {
            names.insert(item);
        }
    }
    names
}

#[test]
fn every_module_imports_only_modules_below_it() {
    let rank = |name: &str| ORDER.iter().position(|m| *m == name);
    let mut wrong = Vec::new();
    let mut unknown = BTreeSet::new();
    for source in sources() {
        let top = &source.module[0];
        let Some(own) = rank(top) else {
            unknown.insert(top.clone());
            continue;
        };
        for name in named_under(&source.code, "crate") {
            match rank(&name) {
                Some(other) if other > own => {
                    wrong.push(format!("{} imports {name}", source.module.join("::")))
                }
                _ => {}
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from ORDER in tests/it/layout.rs: {unknown:?}"
    );
    assert!(
        wrong.is_empty(),
        "imports from a lower stage to a higher one:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn modules_under_one_parent_import_each_other_without_circles() {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    // Sibling edges: `super::x` (or `crate::parent::x`) where x is a module
    // beside the file's own.
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for source in &sources {
        let (parent, _) = source.module.split_at(source.module.len() - 1);
        let mut named = named_under(&source.code, "super");
        if !parent.is_empty() {
            named.extend(named_under(
                &source.code,
                &format!("crate::{}", parent.join("::")),
            ));
        }
        for name in named {
            let sibling: Vec<String> = parent.iter().cloned().chain([name]).collect();
            if sibling != source.module && modules.contains(&sibling) {
                edges
                    .entry(source.module.clone())
                    .or_default()
                    .insert(sibling);
            }
        }
    }
    let mut circles = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![vec![start.clone()]];
        while let Some(trail) = stack.pop() {
            for next in edges.get(trail.last().unwrap()).into_iter().flatten() {
                if next == start {
                    circles.push(
                        trail
                            .iter()
                            .chain([next])
                            .map(|m| m.join("::"))
                            .collect::<Vec<_>>()
                            .join(" → "),
                    );
                } else if !trail.contains(next) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push(longer);
                }
            }
        }
    }
    assert!(circles.is_empty(), "circles:\n{}", circles.join("\n"));
}

#[test]
fn the_layout_check_sees_imports() {
    // The checks above pass on no imports at all: make sure they read them.
    let code = "use crate::{error::Error, load::{self, Sandbox}};\nuse super::checker::Checker;\nfn f() { crate::render::x(); }";
    assert_eq!(
        named_under(code, "crate"),
        ["error", "load", "render"]
            .into_iter()
            .map(str::to_owned)
            .collect()
    );
    assert_eq!(
        named_under(code, "super"),
        ["checker".to_owned()].into_iter().collect()
    );
    let validate = sources()
        .into_iter()
        .find(|s| s.module == ["validate"])
        .unwrap();
    assert!(named_under(&validate.code, "crate").contains("load"));
}
