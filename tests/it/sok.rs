//! The site's search page: the Pagefind index searched in a real browser
//! (headless Chromium over a local server, axe-core on the results at 1280
//! and 320 px), and the plain lists a reader without JavaScript gets.

use crate::browser::{Filled, check_filled};

const SITE: &str = "output/webbplats";

/// The status line says something other than that it is searching.
const DONE: &str = "(() => { const s = document.getElementById('sokstatus').textContent; \
                    return s !== '' && !s.startsWith('Söker'); })()";

#[test]
fn the_search_finds_by_a_word_a_diarienummer_and_a_name() {
    let (project, _) = crate::webbplats::built();
    let site = project.path().join(SITE);
    let server = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&site, server.path().join("sammantraden")).unwrap();
    // A word of a sammanfattning in another form than the text has it
    // ("familjebehandlare"), a diarienummer, a member's name, and nothing.
    let queries = [
        (
            "familjebehandlaren",
            Some("/sammantraden/arende/sn26-24.html"),
        ),
        ("SN26/29", Some("/sammantraden/arende/sn26-29.html")),
        (
            "Gunilla Forsberg",
            Some("/sammantraden/socialnamnden/ledamoter.html#gunilla-forsberg"),
        ),
        ("qxzvkwj", None),
    ];
    let pages: Vec<String> = queries
        .iter()
        .map(|(q, _)| format!("sammantraden/sok.html?q={q}"))
        .collect();
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let report = check_filled(
        server.path(),
        &pages,
        None,
        Some(&Filled {
            wait: DONE,
            collect: "#sokstatus, #traffar a",
        }),
    );
    let problems = report.problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(report.pages.len(), queries.len() * 2);
    for page in &report.pages {
        let (query, expected) = queries
            .iter()
            .find(|(q, _)| page.page.ends_with(&format!("q={q}")))
            .unwrap();
        let (status, links) = page.collected.split_first().unwrap();
        match expected {
            Some(url) => assert_eq!(
                links.first().map(String::as_str),
                Some(*url),
                "{query} at {} px: {status}; {links:?}",
                page.width
            ),
            None => {
                assert!(links.is_empty(), "{query}: {links:?}");
                assert!(status.starts_with("Inga träffar"), "{status}");
            }
        }
    }
}

#[test]
fn without_javascript_the_search_page_lists_every_arende() {
    let (project, _) = crate::webbplats::built();
    let page = project.read(&format!("{SITE}/sok.html"));
    let html = scraper::Html::parse_document(&page);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    // The form needs the script: it is hidden until the script shows it.
    let form = html.select(&select("form#sok")).next().unwrap();
    assert!(form.value().attr("hidden").is_some());
    assert!(page.contains("<noscript>"));
    let listed: Vec<String> = html
        .select(&select("ul.alla a"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    let papers: serde_json::Value =
        serde_json::from_str(&project.read(&format!("{SITE}/oparl/papers.json"))).unwrap();
    assert_eq!(listed.len(), papers["data"].as_array().unwrap().len());
    for href in &listed {
        assert!(
            project.path().join(SITE).join(href).is_file(),
            "{href} finns inte"
        );
    }
    // Every page leads to the search.
    let start = project.read(&format!("{SITE}/index.html"));
    assert!(start.contains("href=\"sok.html\""));
}
