//! Publish stage, feeds: an Atom feed (RFC 4287) per nämnd and one for
//! all, of the documents published: kallelser, protokoll and anslag.
//! Entry ids are derived from the document (the same in every feed), and
//! dates come from the content (the kallelse's latest tjänsteskrivelse,
//! the protokoll's justering, the anslag's first day), not the build.

use sha2::{Digest, Sha256};

use super::{Site, SiteMeeting};
use crate::conventions::iso_date_in_words as words;
use crate::escape::xml as xml_escape;

/// A nämnd's feed, in its folder; the site's is in the root.
pub const FEED_FILE: &str = "flode.atom";

/// The newest entries a feed keeps: enough for a reader polling weekly,
/// and a feed stays small however large the archive.
const MAX_ENTRIES: usize = 100;

/// A document in a feed.
struct Entry {
    id: String,
    title: String,
    date: String,
    /// The document, from the site's root.
    href: String,
    /// Its meeting's page, from the site's root.
    page: String,
    summary: String,
}

/// Every feed of the site.
pub fn feeds(site: &Site) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for namnd in &site.namnder {
        files.push((
            format!("{}/{FEED_FILE}", namnd.folder),
            feed(
                site,
                &format!("{}: kallelser, protokoll och anslag", namnd.organ.namn),
                &format!("{}/", namnd.folder),
                "../",
                namnd.meetings.iter().copied(),
            ),
        ));
    }
    files.push((
        FEED_FILE.to_owned(),
        feed(
            site,
            &format!(
                "{}: kallelser, protokoll och anslag",
                site.settings.organisation
            ),
            "",
            "",
            site.meetings(),
        ),
    ));
    files
}

/// The documents a meeting has published.
fn entries(site: &Site, meeting: &SiteMeeting) -> Vec<Entry> {
    let Some(data) = &meeting.data else {
        return Vec::new();
    };
    let folder = format!("{}/", meeting.id);
    let page = format!("{folder}index.html");
    let when = words(&meeting.datum);
    let id = |what: &str| entry_id(site, &format!("{}/{what}", meeting.id));
    let mut entries = vec![Entry {
        id: id("kallelse"),
        title: format!("Kallelse: {} sammanträde {when}", meeting.organ.genitiv),
        date: data
            .invitation
            .date
            .clone()
            .unwrap_or_else(|| meeting.datum.clone()),
        href: format!("{folder}{}", data.invitation.file_name),
        page: page.clone(),
        summary: format!(
            "Kallelse med ärendelista och handlingar till {} sammanträde {when}, {} ({} ärenden).",
            meeting.organ.genitiv,
            meeting.plats,
            data.agenda_item.len()
        ),
    }];
    if let Some(protokoll) = &data.results_protocol {
        entries.push(Entry {
            id: id("protokoll"),
            title: format!("Protokoll: {} sammanträde {when}", meeting.organ.genitiv),
            date: protokoll
                .date
                .clone()
                .unwrap_or_else(|| meeting.datum.clone()),
            href: format!("{folder}{}", protokoll.file_name),
            page: page.clone(),
            summary: format!(
                "Det justerade protokollet från {} sammanträde {when}.",
                meeting.organ.genitiv
            ),
        });
    }
    for (number, anslag) in data.anslag.iter().enumerate() {
        entries.push(Entry {
            id: id(&format!("anslag-{}", number + 1)),
            title: format!("Anslag: {}, {} {when}", anslag.rubrik, meeting.organ.namn),
            date: anslag.up.clone(),
            href: format!("{folder}{}", anslag.file.file_name),
            page: page.clone(),
            summary: format!(
                "{} för {} justerades {}. Anslaget sitter uppe {}–{}; den som vill överklaga ska göra det inom tre veckor från {}.",
                anslag.rubrik,
                anslag.paragrafer,
                words(&anslag.justerad),
                words(&anslag.up),
                words(&anslag.down),
                words(&anslag.up)
            ),
        });
    }
    entries
}

/// One feed at `folder` (from the root; `up` leads back to the root).
fn feed<'a>(
    site: &Site,
    title: &str,
    folder: &str,
    up: &str,
    meetings: impl Iterator<Item = &'a SiteMeeting>,
) -> Vec<u8> {
    let mut entries: Vec<Entry> = meetings.flat_map(|m| entries(site, m)).collect();
    entries.sort_by(|a, b| (&b.date, &b.id).cmp(&(&a.date, &a.id)));
    entries.truncate(MAX_ENTRIES);
    let updated = entries
        .iter()
        .map(|e| e.date.as_str())
        .max()
        .map(time)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
    let link = |path: &str| xml_escape(&site.links.from(path, up));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">\n");
    xml.push_str(&format!(
        "  <id>{}</id>\n",
        entry_id(site, &format!("flode/{folder}"))
    ));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&site.settings.organisation)
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        link(&format!("{folder}{FEED_FILE}"))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        link(&format!("{folder}index.html"))
    ));
    xml.push_str("  <generator>kallelse</generator>\n");
    for entry in &entries {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <id>{}</id>\n", entry.id));
        xml.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&entry.title)
        ));
        let when = time(&entry.date);
        xml.push_str(&format!("    <published>{when}</published>\n"));
        xml.push_str(&format!("    <updated>{when}</updated>\n"));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"application/pdf\" href=\"{}\"/>\n",
            link(&entry.href)
        ));
        xml.push_str(&format!(
            "    <link rel=\"related\" type=\"text/html\" href=\"{}\"/>\n",
            link(&entry.page)
        ));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&entry.summary)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml.into_bytes()
}

/// Midnight of an ISO day, Swedish time.
fn time(date: &str) -> String {
    crate::publish::meeting_page::start_time(date, "00:00")
}

/// A stable id for `what` at the municipality: a UUID (RFC 9562 version 8)
/// from a SHA-256 of the municipality and `what`.
fn entry_id(site: &Site, what: &str) -> String {
    let digest = Sha256::digest(format!("{}\n{what}", site.settings.organisation));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}
