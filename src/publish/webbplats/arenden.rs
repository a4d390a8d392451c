//! Publish stage, the site's ärenden: every public ärende of the site's
//! meetings by its diarienummer, with each meeting that treated it, oldest
//! first. An ärende that returns (återremitterat, bordlagt, a report that
//! comes back) is one ärende with several steps: its page ("Ärendets
//! gång", [`super::pages`]) and its OParl Paper ([`super::oparl`]) are made
//! from it.

use std::collections::BTreeMap;

use super::SiteMeeting;
use crate::publish::meeting_page::AgendaItem;

/// The folder of the ärende pages, from the site's root.
pub const ARENDE_DIR: &str = "arende";

/// One ärende of the site.
pub struct SiteArende<'a> {
    /// The diarienummer as the latest meeting wrote it: "SN26/29".
    pub reference: String,
    /// Its part of addresses: "sn26-29".
    pub slug: String,
    /// Every meeting that treated it, oldest first.
    pub steps: Vec<Step<'a>>,
}

/// An ärende at one meeting.
pub struct Step<'a> {
    /// The meeting.
    pub meeting: &'a SiteMeeting,
    /// The ärende as that meeting's data has it.
    pub item: &'a AgendaItem,
}

impl SiteArende<'_> {
    /// Its rubrik, as the latest meeting wrote it.
    pub fn name(&self) -> &str {
        self.latest().item.name.as_str()
    }

    /// The latest meeting that treated it.
    pub fn latest(&self) -> &Step<'_> {
        self.steps.last().expect("an ärende has a step")
    }

    /// Its page, from the site's root.
    pub fn page(&self) -> String {
        page_of(&self.reference)
    }

    /// The nämnd (folder) that treated it last.
    pub fn namnd(&self) -> &str {
        &self.latest().meeting.namnd
    }
}

/// The page of the ärende with diarienummer `reference`, from the site's
/// root: `arende/sn26-29.html`.
pub fn page_of(reference: &str) -> String {
    format!("{ARENDE_DIR}/{}.html", crate::conventions::slug(reference))
}

/// Whether an ärende of a meeting's data gets a page and a Paper: public,
/// with a diarienummer.
pub fn has_page(item: &AgendaItem) -> bool {
    item.public
        && item
            .reference
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty())
}

/// Every public ärende with a diarienummer of the published ones of
/// `meetings`, by diarienummer; steps by meeting date.
pub fn arenden<'a>(meetings: impl Iterator<Item = &'a SiteMeeting>) -> Vec<SiteArende<'a>> {
    let mut by_slug: BTreeMap<String, SiteArende<'a>> = BTreeMap::new();
    let mut meetings: Vec<&'a SiteMeeting> = meetings.collect();
    meetings.sort_by(|a, b| (&a.datum, &a.id).cmp(&(&b.datum, &b.id)));
    for meeting in meetings {
        let Some(data) = &meeting.data else { continue };
        for item in data.agenda_item.iter().filter(|i| has_page(i)) {
            let reference = item.reference.clone().unwrap_or_default();
            let slug = crate::conventions::slug(&reference);
            let arende = by_slug.entry(slug.clone()).or_insert_with(|| SiteArende {
                reference: reference.clone(),
                slug,
                steps: Vec::new(),
            });
            arende.reference = reference;
            arende.steps.push(Step { meeting, item });
        }
    }
    by_slug.into_values().collect()
}
