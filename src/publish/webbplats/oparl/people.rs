//! Publish stage, open data: the nämnder's members as OParl Persons, each
//! with a Membership per nämnd (role, voting right, and the party it is on
//! behalf of as an Organization of its own), and the mandatperioder of the
//! site's meetings as LegislativeTerms. A name is one person across the
//! municipality's nämnder.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde_json::{Value, json};

use super::{DATA_DIR, Data, Stamps, kind, organization_path};
use crate::publish::webbplats::ledamoter::MEMBERS_PAGE;

/// The people of the site's data.
pub(super) struct People {
    /// Every Person with its file's path, by the slug of its name.
    pub persons: Vec<(String, Value)>,
    /// Every party as an Organization, with its file's path.
    pub parties: Vec<(String, Value)>,
    /// The mandatperioder, for the Body.
    pub terms: Vec<Value>,
    /// The addresses of each nämnd's Memberships, by folder.
    memberships: BTreeMap<String, Vec<String>>,
}

impl People {
    /// The addresses of the Memberships of the nämnd in `folder`.
    pub fn memberships_of(&self, folder: &str) -> Vec<String> {
        self.memberships.get(folder).cloned().unwrap_or_default()
    }
}

/// A party's Organization, from the site's root.
fn party_path(abbreviation: &str) -> String {
    format!(
        "{DATA_DIR}/organization/parti-{}.json",
        crate::conventions::slug(abbreviation)
    )
}

pub(super) fn people(data: &Data) -> People {
    let site = data.site;
    let stamps = data.site_stamps();
    // Slug → (the name, its Memberships, the nämnder's stamps): names
    // that differ only in case or accents are one person, as their
    // addresses are one.
    let mut persons: BTreeMap<String, (String, Vec<Value>, Vec<Stamps>)> = BTreeMap::new();
    let mut memberships: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut parties: BTreeMap<String, String> = BTreeMap::new();
    let mut votes = votes(data);
    for (folder, members) in &site.members {
        let namnd_stamps = data.namnd_stamps(folder);
        for member in members {
            let path = format!("{DATA_DIR}/person/{}.json", member.slug());
            let person_url = data.url(&path);
            let key = if !member.ledamot {
                format!("{folder}-ersattare")
            } else {
                folder.clone()
            };
            let id = format!("{person_url}#uppdrag-{key}");
            let mut membership = json!({
                "id": id,
                "type": kind("Membership"),
                "person": person_url,
                "organization": data.url(&organization_path(folder)),
                "role": member.role(),
                "votingRight": member.ledamot,
                "web": data.url(&format!("{folder}/{MEMBERS_PAGE}#{}", member.slug())),
            });
            if let Some(party) = member.party() {
                membership["onBehalfOf"] = data.url(&party_path(party)).into();
                parties.insert(party.to_owned(), party_path(party));
            }
            namnd_stamps.set(&mut membership);
            memberships.entry(folder.clone()).or_default().push(id);
            let entry = persons
                .entry(member.slug())
                .or_insert_with(|| (member.namn.clone(), Vec::new(), Vec::new()));
            entry.1.push(membership);
            entry.2.push(namnd_stamps.clone());
        }
    }
    let persons = persons
        .into_iter()
        .map(|(slug, (name, memberships, all))| {
            let path = format!("{DATA_DIR}/person/{slug}.json");
            let web = memberships[0]["web"].clone();
            let mut person = json!({
                "id": data.url(&path),
                "type": kind("Person"),
                "body": data.url(&format!("{DATA_DIR}/body.json")),
                "name": name,
                "membership": memberships,
                "web": web,
            });
            if let Some(own) = votes.remove(&slug) {
                person["omrostningar"] = own.into();
            }
            Stamps::spanning(&all)
                .unwrap_or_else(|| stamps.clone())
                .set(&mut person);
            (path, person)
        })
        .collect();
    let parties = parties
        .into_iter()
        .map(|(abbreviation, path)| {
            let mut party = json!({
                "id": data.url(&path),
                "type": kind("Organization"),
                "body": data.url(&format!("{DATA_DIR}/body.json")),
                "name": crate::conventions::party_name(&abbreviation).unwrap_or(&abbreviation),
                "shortName": abbreviation,
                "organizationType": "Parti",
                "classification": "Parti",
            });
            stamps.set(&mut party);
            (path, party)
        })
        .collect();
    People {
        persons,
        parties,
        terms: terms(data, &stamps),
        memberships,
    }
}

/// Every member's votes in the omröstningar of the published protokoll,
/// by the slug of the name, oldest first: the AgendaItem, the vote, and what ja and nej
/// stood for (OParl 1.1 has no object for a vote: an extension of Person).
fn votes(data: &Data) -> BTreeMap<String, Vec<Value>> {
    let mut votes: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for meeting in data.site.meetings() {
        let Some(published) = &meeting.data else {
            continue;
        };
        let url = data.url(&super::meeting_path(meeting));
        for item in &published.agenda_item {
            let Some(vote) = &item.vote else { continue };
            for row in &vote.roster {
                let slug = crate::conventions::slug(&row.namn);
                votes.entry(slug).or_default().push(json!({
                    "agendaItem": format!("{url}#{}", item.id),
                    "name": item.name,
                    "rost": row.rost,
                    "ja": vote.ja,
                    "nej": vote.nej,
                    "date": meeting.datum,
                }));
            }
        }
    }
    votes
}

/// The mandatperioder the site's meetings fall in, as LegislativeTerms
/// embedded in the Body.
fn terms(data: &Data, stamps: &Stamps) -> Vec<Value> {
    let mut periods: Vec<(i32, i32)> = data
        .site
        .meetings()
        .filter_map(|m| chrono::NaiveDate::parse_from_str(&m.datum, "%Y-%m-%d").ok())
        .map(|d| crate::conventions::mandatperiod(d.year()))
        .collect();
    periods.sort();
    periods.dedup();
    let body = data.url(&format!("{DATA_DIR}/body.json"));
    periods
        .into_iter()
        .map(|(first, last)| {
            let mut term = json!({
                "id": format!("{body}#mandatperiod-{first}-{last}"),
                "type": kind("LegislativeTerm"),
                "body": body,
                "name": format!("Mandatperioden {first}–{last}"),
                "startDate": format!("{first}-01-01"),
                "endDate": format!("{last}-12-31"),
            });
            stamps.set(&mut term);
            term
        })
        .collect()
}
