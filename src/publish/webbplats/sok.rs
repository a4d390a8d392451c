//! Publish stage, the site's search: a Pagefind index (Swedish stemming)
//! of every published meeting, every ärende (rubrik, diarienummer,
//! sammanfattning, förslag and beslut) and every member, built in memory
//! and written with Pagefind's search library as static files under
//! `pagefind/`, for the search page `sok.html` ([`super::pages`]). No
//! server is needed: the browser searches the index itself.
//!
//! The index is rebuilt only when what it is made from changes: the
//! digest of its records is kept beside it, and an unchanged index is
//! taken from the site as it is.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};

use super::Site;
use super::arenden::SiteArende;
use super::ledamoter::MEMBERS_PAGE;

/// The index's folder, from the site's root.
pub const SEARCH_DIR: &str = "pagefind";
/// The search page, from the site's root.
pub const SEARCH_PAGE: &str = "sok.html";
/// The digest of the records the index in the site was made from.
const DIGEST_FILE: &str = "kallelse-index.sha256";
/// Pagefind's files the site does not use (its own ready-made interfaces
/// and playground): the search page has an interface of its own.
const UNUSED: [&str; 6] = [
    "pagefind-ui",
    "pagefind-component-ui",
    "pagefind-modular-ui",
    "pagefind-highlight",
    "playground/",
    "pagefind-playground",
];

/// What one search result is made from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
struct Record {
    /// Its page, from the site's root.
    url: String,
    title: String,
    /// What it is: "Ärende", "Sammanträde", "Ledamot", "Ersättare".
    kind: String,
    /// The nämnd.
    namnd: String,
    /// Every word it is found by.
    content: String,
}

/// Every record of the site.
fn records(site: &Site) -> Vec<Record> {
    let mut records = Vec::new();
    for arende in &site.arenden {
        records.push(arende_record(arende));
    }
    for meeting in site.meetings() {
        let Some(data) = &meeting.data else { continue };
        let title = format!(
            "{} sammanträde {}",
            meeting.organ.genitiv,
            crate::conventions::iso_date_in_words(&meeting.datum)
        );
        let mut content = vec![title.clone(), meeting.plats.clone()];
        for item in &data.agenda_item {
            content.push(item.name.clone());
            content.extend(item.reference.clone());
            content.extend(item.paragraph.clone());
            content.extend(item.result.clone());
        }
        records.push(Record {
            url: format!("{}/index.html", meeting.id),
            title,
            kind: "Sammanträde".into(),
            namnd: meeting.organ.namn.clone(),
            content: content.join("\n"),
        });
    }
    for namnd in &site.namnder {
        for member in site.members.get(&namnd.folder).into_iter().flatten() {
            let party = member.party().map(|p| match member.party_name() {
                Some(name) if name != p => format!("{name} ({p})"),
                _ => p.to_owned(),
            });
            let role = member.role();
            records.push(Record {
                url: format!("{}/{MEMBERS_PAGE}#{}", namnd.folder, member.slug()),
                title: member.namn.clone(),
                kind: if member.ledamot {
                    "Ledamot"
                } else {
                    "Ersättare"
                }
                .into(),
                namnd: namnd.organ.namn.clone(),
                content: [
                    Some(member.namn.clone()),
                    party,
                    Some(format!("{role} i {}", namnd.organ.namn.to_lowercase())),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n"),
            });
        }
    }
    records
}

fn arende_record(arende: &SiteArende) -> Record {
    let latest = arende.latest();
    let mut content = vec![
        arende.name().to_owned(),
        format!("Diarienummer {}", arende.reference),
    ];
    content.extend(
        arende
            .steps
            .iter()
            .rev()
            .find_map(|s| s.item.summary.clone()),
    );
    for step in &arende.steps {
        content.extend(step.item.result.clone());
        content.extend(step.item.resolution_proposal.iter().cloned());
        content.extend(step.item.resolution_text.iter().cloned());
    }
    Record {
        url: arende.page(),
        title: format!("{} ({})", arende.name(), arende.reference),
        kind: "Ärende".into(),
        namnd: latest.meeting.organ.namn.clone(),
        content: content.join("\n"),
    }
}

/// The search index's files, from the site's root: taken from the site in
/// `site_dir` when its records are unchanged, else built.
pub fn files(site: &Site, site_dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let records = records(site);
    let digest = digest(&records)?;
    if let Some(kept) = unchanged(site_dir, &digest) {
        return Ok(kept);
    }
    let started = std::time::Instant::now();
    let mut files = build(records)?;
    crate::timing::stage("sökindex", started);
    files.push((format!("{SEARCH_DIR}/{DIGEST_FILE}"), digest.into_bytes()));
    files.sort();
    Ok(files)
}

/// The digest of the records and of the Pagefind that indexes them.
fn digest(records: &[Record]) -> Result<String> {
    let json = serde_json::to_vec(records)
        .map_err(|e| Error::Tool(format!("sökindexet kunde inte förberedas: {e}")))?;
    Ok(super::fingerprint::digest_of(
        &[PAGEFIND_VERSION.as_bytes(), &json].concat(),
    ))
}

/// The version of Pagefind the index is built with (its files name it).
const PAGEFIND_VERSION: &str = "pagefind 1.6";

/// The index in the site, when it was made from the same records and every
/// one of its files can be read.
fn unchanged(site_dir: &Path, digest: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let dir = site_dir.join(SEARCH_DIR);
    let kept = std::fs::read_to_string(dir.join(DIGEST_FILE)).ok()?;
    if kept != digest {
        return None;
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).follow_links(false) {
        let entry = entry.ok()?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(site_dir).ok()?;
        let name = crate::load::virtual_path(relative);
        files.push((name, std::fs::read(entry.path()).ok()?));
    }
    files.sort();
    Some(files)
}

/// Builds the index with Pagefind, in Swedish.
fn build(records: Vec<Record>) -> Result<Vec<(String, Vec<u8>)>> {
    let failed =
        |e: &dyn std::fmt::Display| Error::Tool(format!("sökindexet kunde inte byggas: {e}"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    let built = runtime.block_on(async {
        let config = pagefind::options::PagefindServiceConfig::builder()
            .force_language("sv".to_owned())
            .keep_index_url(true)
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(config))?;
        for record in records {
            let meta = BTreeMap::from([
                ("title".to_owned(), record.title),
                ("typ".to_owned(), record.kind.clone()),
                ("namnd".to_owned(), record.namnd.clone()),
            ]);
            let filters = BTreeMap::from([
                ("typ".to_owned(), vec![record.kind]),
                ("namnd".to_owned(), vec![record.namnd]),
            ]);
            index
                .add_custom_record(
                    record.url,
                    record.content,
                    "sv".to_owned(),
                    Some(meta),
                    Some(filters),
                    None,
                )
                .await?;
        }
        index.get_files().await
    });
    let files = built.map_err(|e| failed(&e))?;
    Ok(files
        .into_iter()
        .map(|f| (crate::load::virtual_path(&f.filename), f.contents))
        .filter(|(name, _)| !UNUSED.iter().any(|u| name.starts_with(u)))
        .map(|(name, contents)| (format!("{SEARCH_DIR}/{name}"), contents))
        .collect())
}
