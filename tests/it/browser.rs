//! Real-browser checks of the web pages: `tests/browser/check.mjs` serves a
//! folder over a local HTTP server and opens pages in Debian's Chromium at
//! 1280 and 320 px wide, with axe-core for WCAG 2.1 A/AA. The tests fail,
//! never skip, when Node.js or Chromium is missing: `.ci/run` installs both.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::support::{Project, repo};

/// Where Chromium is, unless `KALLELSE_CHROMIUM` says otherwise (check.mjs
/// reads the same variable).
fn chromium() -> PathBuf {
    std::env::var_os("KALLELSE_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// The harness folder, `tests/browser`.
fn harness() -> PathBuf {
    repo().join("tests/browser")
}

/// What the browser found on every page at every width.
#[derive(Debug, Deserialize)]
pub struct BrowserReport {
    pub pages: Vec<PageReport>,
}

/// One page at one viewport width.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageReport {
    /// The page's path relative to the served folder.
    pub page: String,
    pub width: u32,
    /// Console errors and uncaught exceptions.
    pub console_errors: Vec<String>,
    /// Same-origin requests that failed or answered 400 or more, as
    /// `STATUS /path` or `net::ERROR /path`.
    pub failed_requests: Vec<String>,
    /// Requests to other hosts (blocked: a page must not need them).
    pub external_requests: Vec<String>,
    /// Why the page could not be loaded or checked, if it could not.
    pub load_error: Option<String>,
    pub scroll_width: Option<u32>,
    pub inner_width: Option<u32>,
    pub violations: Vec<Violation>,
    /// What [`Filled::collect`] selected: `href`s, else texts.
    #[serde(default)]
    pub collected: Vec<String>,
}

/// A page that fills itself in with JavaScript (the site's search page):
/// checked once `wait`, a JavaScript expression, is true, with the `href`
/// (else the text) of every element `collect` selects recorded.
pub struct Filled<'a> {
    pub wait: &'a str,
    pub collect: &'a str,
}

/// One axe-core rule that failed, with its first few offending elements.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    /// All offending elements, of which `nodes` holds the first few.
    pub node_count: usize,
    pub nodes: Vec<ViolationNode>,
}

/// An offending element: its CSS selector and the start of its HTML.
#[derive(Debug, Deserialize)]
pub struct ViolationNode {
    pub target: String,
    pub html: String,
}

impl PageReport {
    /// Whether the page scrolls sideways.
    pub fn overflows(&self) -> bool {
        matches!((self.scroll_width, self.inner_width), (Some(s), Some(i)) if s > i)
    }
}

impl BrowserReport {
    /// One line per failure: console errors, failed and external requests,
    /// pages that did not load, horizontal scrolling and axe violations.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for page in &self.pages {
            let at = format!("{} at {} px", page.page, page.width);
            if let Some(error) = &page.load_error {
                out.push(format!("{at}: could not be checked: {error}"));
            }
            for error in &page.console_errors {
                out.push(format!("{at}: console error: {error}"));
            }
            for request in &page.failed_requests {
                out.push(format!("{at}: failed request: {request}"));
            }
            for url in &page.external_requests {
                out.push(format!("{at}: loads a resource from another host: {url}"));
            }
            if page.overflows() {
                out.push(format!(
                    "{at}: horizontal scroll: scrollWidth {} > innerWidth {}",
                    page.scroll_width.unwrap_or_default(),
                    page.inner_width.unwrap_or_default()
                ));
            }
            for violation in &page.violations {
                let targets: Vec<String> = violation
                    .nodes
                    .iter()
                    .map(|node| format!("`{}` {}", node.target, snippet(&node.html)))
                    .collect();
                let more = violation.node_count.saturating_sub(violation.nodes.len());
                out.push(format!(
                    "{at}: axe {} ({}): {}; {} element(s): {}{}",
                    violation.id,
                    violation.impact.as_deref().unwrap_or("unknown impact"),
                    violation.help,
                    violation.node_count,
                    targets.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ));
            }
        }
        out
    }
}

/// The start of an HTML snippet, on one line.
fn snippet(html: &str) -> String {
    let line: String = html.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// Panics unless Node.js and Chromium are there.
fn require_tools() {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "node is missing: the browser tests need Node.js and npm \
         (apt-get install nodejs npm; .ci/run installs them)"
    );
    let chromium = chromium();
    assert!(
        chromium.is_file(),
        "{} is missing: the browser tests need Debian's Chromium \
         (apt-get install chromium; .ci/run installs it)",
        chromium.display()
    );
}

/// The installed packages by `node_modules/<name>`: version and integrity,
/// from a lockfile (`package-lock.json`, or npm's copy of what it installed
/// in `node_modules/.package-lock.json`).
fn locked_packages(lockfile: &Path) -> Option<Vec<(String, String)>> {
    let text = std::fs::read_to_string(lockfile).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let mut packages: Vec<(String, String)> = json["packages"]
        .as_object()?
        .iter()
        .filter(|(name, _)| name.starts_with("node_modules/"))
        .map(|(name, package)| {
            (
                name.clone(),
                format!("{} {}", package["version"], package["integrity"]),
            )
        })
        .collect();
    packages.sort();
    Some(packages)
}

/// Runs `npm ci` in `tests/browser` when `node_modules` is missing or does
/// not match `package-lock.json`: once per test process, and under a file
/// lock, since nextest runs tests in processes of their own.
fn install_packages() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let dir = harness();
        let lock = File::create(Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-npm.lock"))
            .expect("the npm lock file");
        lock.lock().expect("the npm lock");
        let wanted = locked_packages(&dir.join("package-lock.json"))
            .expect("tests/browser/package-lock.json is readable");
        if locked_packages(&dir.join("node_modules/.package-lock.json")).as_ref() != Some(&wanted) {
            let run = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir)
                .output()
                .expect("npm runs (apt-get install npm)");
            assert!(
                run.status.success(),
                "npm ci in tests/browser failed:\n{}\n{}",
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&run.stderr)
            );
        }
        lock.unlock().expect("the npm lock is released");
    });
}

/// Opens `pages` (paths relative to `root`, such as `index.html` or
/// `socialnamnden/index.html`) in Chromium at 1280 and 320 px over a local
/// HTTP server for `root`, runs axe-core on each, and reports what it found.
/// With `screenshots`, a full-page PNG per page and width is saved there as
/// `<page with / as _>-<width>.png`. Panics when the harness itself fails.
pub fn check_in_browser(root: &Path, pages: &[&str], screenshots: Option<&Path>) -> BrowserReport {
    check_filled(root, pages, screenshots, None)
}

/// [`check_in_browser`], each page checked once it has filled itself in.
pub fn check_filled(
    root: &Path,
    pages: &[&str],
    screenshots: Option<&Path>,
    filled: Option<&Filled>,
) -> BrowserReport {
    assert!(!pages.is_empty(), "check_in_browser: no pages given");
    require_tools();
    install_packages();
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("browser.json");
    let mut command = Command::new("node");
    command
        .arg(harness().join("check.mjs"))
        .arg(root)
        .arg(&json);
    if let Some(dir) = screenshots {
        command.arg("--screenshots").arg(dir);
    }
    if let Some(filled) = filled {
        command.args(["--wait", filled.wait, "--collect", filled.collect]);
    }
    let run = command
        .args(pages)
        .env("KALLELSE_CHROMIUM", chromium())
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "the browser harness (tests/browser/check.mjs) failed:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&json).expect("check.mjs wrote its result");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("check.mjs's result: {e}\n{text}"))
}

/// Where to keep screenshots of the tests' pages: `KALLELSE_SKARMBILDER`, if
/// set (for a person to look at them).
fn screenshots() -> Option<PathBuf> {
    std::env::var_os("KALLELSE_SKARMBILDER").map(PathBuf::from)
}

#[test]
fn the_published_web_pages_pass_in_a_real_browser() {
    let project = Project::example();
    project.run(&["publicera"]).success();
    let output = project.path().join("output");
    let mut pages: Vec<String> = walkdir::WalkDir::new(&output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let page = e.path().strip_prefix(&output).unwrap();
            page.to_string_lossy().replace('\\', "/")
        })
        .collect();
    pages.sort();
    assert!(
        pages.contains(&"socialnamnden/2026-12-10/webb/index.html".to_owned()),
        "{pages:?}"
    );
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let report = check_in_browser(&output, &pages, screenshots().as_deref());
    assert_eq!(report.pages.len(), pages.len() * 2);
    let problems = report.problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_harness_reports_a_missing_alt_text_a_wide_element_and_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("nämnd")).unwrap();
    std::fs::write(
        dir.path().join("nämnd/index.html"),
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">\
         <title>Trasig sida</title><link rel=\"stylesheet\" href=\"../saknas.css\"></head>\
         <body><main><h1>Trasig sida</h1>\
         <img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">\
         <div style=\"width: 2000px\">Bred</div>\
         <script>notDefined();</script></main></body></html>\n",
    )
    .unwrap();
    let shots = tempfile::tempdir().unwrap();
    let report = check_in_browser(dir.path(), &["nämnd/index.html"], Some(shots.path()));
    let problems = report.problems();
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(
        has("nämnd/index.html at 320 px: axe image-alt (critical)"),
        "{problems:#?}"
    );
    assert!(
        has("nämnd/index.html at 320 px: horizontal scroll: scrollWidth 2"),
        "{problems:#?}"
    );
    assert!(
        has("at 1280 px: failed request: 404 /saknas.css"),
        "{problems:#?}"
    );
    assert!(has("notDefined is not defined"), "{problems:#?}");
    for width in [1280, 320] {
        let png = shots.path().join(format!("nämnd_index.html-{width}.png"));
        let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
        assert!(bytes.starts_with(b"\x89PNG"), "{}", png.display());
    }
}
