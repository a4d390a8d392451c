//! Publish stage, the site for search engines: `sitemap.xml` with every
//! HTML page of the site (only when the site's address is known) and
//! `robots.txt`.

use crate::error::Diagnostic;

use super::Site;
use super::pages::NOTICE_BOARD;

/// Every HTML page of the site, from its root: for `sitemap.xml`.
fn html_pages(site: &Site) -> Vec<String> {
    let mut pages = vec![
        "index.html".to_owned(),
        format!("{NOTICE_BOARD}/index.html"),
        format!("{NOTICE_BOARD}/arkiv.html"),
    ];
    for namnd in &site.namnder {
        pages.push(format!("{}/index.html", namnd.folder));
        for meeting in &namnd.meetings {
            if meeting.data.is_some() {
                pages.push(format!("{}/index.html", meeting.id));
            }
        }
    }
    pages.extend(super::arende_pages::page_paths(site));
    pages
}

/// `sitemap.xml` (only when the site's address is known: a sitemap lists
/// whole addresses) and `robots.txt`.
pub fn sitemap_and_robots(site: &Site, warnings: &mut Vec<Diagnostic>) -> Vec<(String, Vec<u8>)> {
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    let mut files = Vec::new();
    match &site.links.base {
        Some(base) => {
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for page in html_pages(site) {
                xml.push_str(&format!(
                    "  <url><loc>{}</loc></url>\n",
                    crate::escape::xml(&format!("{base}{page}"))
                ));
            }
            xml.push_str("</urlset>\n");
            files.push(("sitemap.xml".to_owned(), xml.into_bytes()));
            robots.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
        }
        None => warnings.push(
            Diagnostic::warning("sitemap.xml skrevs inte: webbplatsens adress är okänd").tips(
                "ange adressen med --bas-url https://… eller `adress:` i webbplats.yaml; en sitemap måste ha hela adresser",
            ),
        ),
    }
    files.push(("robots.txt".to_owned(), robots.into_bytes()));
    files
}
