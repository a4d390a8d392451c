//! Publish stage, open data: the whole site as OParl 1.1 objects, in
//! `oparl/`: System → Body (the municipality) → Organization (each nämnd,
//! and each party its members sit for) → Meeting → AgendaItem → File, and
//! beside them Person with Membership, LegislativeTerm (the mandatperiod)
//! and Paper (an ärende by its diarienummer) with a Consultation for each
//! meeting that treated it.
//!
//! Every object has its own file (an embedded one, an address with a
//! fragment in its parent's file), every list is paged 100 objects to a
//! page, and every object has `created` and `modified` taken from the
//! sources (the kallelse's and protokoll's dates), never from the clock,
//! so a rebuild is byte-identical. Addresses are relative to the site's
//! root, or absolute under `--bas-url`. The objects validate against the
//! specification's JSON schemas (`tests/oparl/`).

mod meetings;
mod papers;
mod people;

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::error::{Error, Result};

use super::{Site, SiteMeeting};
use crate::publish::meeting_page::OPARL;

/// The data's folder.
pub const DATA_DIR: &str = "oparl";

/// Objects on one page of a list, as the specification recommends for
/// lists of more than 100.
const PAGE_SIZE: usize = 100;

/// The Organization of the nämnd in `folder`, from the site's root.
pub fn organization_path(folder: &str) -> String {
    format!("{DATA_DIR}/organization/{folder}.json")
}

/// The Meeting of `meeting`, from the site's root.
fn meeting_path(meeting: &SiteMeeting) -> String {
    format!("{DATA_DIR}/meeting/{}.json", meeting.id.replace('/', "-"))
}

/// The OParl type `name`.
fn kind(name: &str) -> String {
    format!("{OPARL}{name}")
}

/// When an object was created and last changed, as ISO dates.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamps {
    created: String,
    modified: String,
}

impl Stamps {
    fn on(date: &str) -> Self {
        Stamps {
            created: date.to_owned(),
            modified: date.to_owned(),
        }
    }

    /// The span of every one of `all` (`None` when there are none).
    fn spanning<'a>(all: impl IntoIterator<Item = &'a Stamps>) -> Option<Stamps> {
        all.into_iter().fold(None, |span, s| {
            Some(match span {
                None => s.clone(),
                Some(span) => Stamps {
                    created: span.created.min(s.created.clone()),
                    modified: span.modified.max(s.modified.clone()),
                },
            })
        })
    }

    /// Sets `created` and `modified` on `object`, as OParl date-times
    /// (midnight, Swedish time).
    fn set(&self, object: &mut Value) {
        object["created"] = Value::String(date_time(&self.created));
        object["modified"] = Value::String(date_time(&self.modified));
    }
}

/// Midnight of an ISO date, Swedish time.
fn date_time(date: &str) -> String {
    crate::publish::meeting_page::at(date, (0, 0)).unwrap_or_else(|| date.to_owned())
}

/// What every part of the data needs: the site and its addresses.
struct Data<'a, 's> {
    site: &'a Site<'s>,
    /// Each meeting's stamps, by id.
    stamps: BTreeMap<String, Stamps>,
}

impl Data<'_, '_> {
    /// The address of `path` (from the site's root) in the data.
    fn url(&self, path: &str) -> String {
        self.site.links.data(path)
    }

    /// The stamps of the meeting with `id`.
    fn stamps_of(&self, id: &str) -> Stamps {
        self.stamps
            .get(id)
            .cloned()
            .unwrap_or_else(|| Stamps::on(&crate::conventions::iso_date(self.site.date)))
    }

    /// The stamps of the nämnd in `folder`: its meetings'.
    fn namnd_stamps(&self, folder: &str) -> Stamps {
        Stamps::spanning(
            self.stamps
                .iter()
                .filter(|(id, _)| id.split('/').next() == Some(folder))
                .map(|(_, s)| s),
        )
        .unwrap_or_else(|| self.site_stamps())
    }

    /// The stamps of the whole site: all of its meetings'.
    fn site_stamps(&self) -> Stamps {
        Stamps::spanning(self.stamps.values())
            .unwrap_or_else(|| Stamps::on(&crate::conventions::iso_date(self.site.date)))
    }
}

/// Every file of the site's data.
pub fn data(site: &Site) -> Result<Vec<(String, Vec<u8>)>> {
    let data = Data {
        site,
        stamps: meetings::stamps(site),
    };
    let url = |path: &str| data.url(path);
    let stamps = data.site_stamps();
    let mut files: Vec<(String, Value)> = Vec::new();

    let mut meetings = meetings::meetings(&data);
    let papers = papers::papers(&data, &site.arenden, &mut meetings);
    let people = people::people(&data);

    let mut organizations = Vec::new();
    for namnd in &site.namnder {
        let own: Vec<Value> = namnd
            .meetings
            .iter()
            .filter_map(|m| meetings.get(&m.id).cloned())
            .collect();
        let path = organization_path(&namnd.folder);
        let mut organization = json!({
            "id": url(&path),
            "type": kind("Organization"),
            "body": url(&format!("{DATA_DIR}/body.json")),
            "name": namnd.organ.namn,
            "shortName": namnd.organ.forkortning,
            "organizationType": "Nämnd",
            "classification": "Nämnd",
            "membership": people.memberships_of(&namnd.folder),
            "meeting": url(&organization_meetings_path(&namnd.folder)),
            "website": url(&format!("{}/index.html", namnd.folder)),
            "web": url(&format!("{}/index.html", namnd.folder)),
        });
        data.namnd_stamps(&namnd.folder).set(&mut organization);
        files.push((path, organization.clone()));
        organizations.push(organization);
        files.extend(list(&data, &organization_meetings_path(&namnd.folder), own));
    }
    for (path, party) in &people.parties {
        files.push((path.clone(), party.clone()));
        organizations.push(party.clone());
    }
    let mut all_meetings = Vec::new();
    for meeting in site.meetings() {
        if let Some(value) = meetings.remove(&meeting.id) {
            files.push((meeting_path(meeting), value.clone()));
            all_meetings.push(value);
        }
    }
    let mut body = json!({
        "id": url(&format!("{DATA_DIR}/body.json")),
        "type": kind("Body"),
        "system": url(&format!("{DATA_DIR}/system.json")),
        "name": site.settings.organisation,
        "website": url("index.html"),
        "web": url("index.html"),
        "organization": url(&format!("{DATA_DIR}/organizations.json")),
        "meeting": url(&format!("{DATA_DIR}/meetings.json")),
        "person": url(&format!("{DATA_DIR}/persons.json")),
        "paper": url(&format!("{DATA_DIR}/papers.json")),
        "legislativeTerm": people.terms,
    });
    stamps.set(&mut body);
    let mut system = json!({
        "id": url(&format!("{DATA_DIR}/system.json")),
        "type": kind("System"),
        "oparlVersion": OPARL,
        "name": site.settings.namn,
        "body": url(&format!("{DATA_DIR}/bodies.json")),
        "website": url("index.html"),
        "web": url("index.html"),
    });
    stamps.set(&mut system);
    files.push((format!("{DATA_DIR}/system.json"), system));
    files.push((format!("{DATA_DIR}/body.json"), body.clone()));
    files.extend(list(&data, &format!("{DATA_DIR}/bodies.json"), vec![body]));
    let persons: Vec<Value> = people.persons.iter().map(|(_, p)| p.clone()).collect();
    files.extend(people.persons);
    files.extend(list(&data, &format!("{DATA_DIR}/persons.json"), persons));
    let paper_values: Vec<Value> = papers.iter().map(|(_, p)| p.clone()).collect();
    files.extend(papers);
    files.extend(list(
        &data,
        &format!("{DATA_DIR}/papers.json"),
        paper_values,
    ));
    files.extend(list(
        &data,
        &format!("{DATA_DIR}/organizations.json"),
        organizations,
    ));
    files.extend(list(
        &data,
        &format!("{DATA_DIR}/meetings.json"),
        all_meetings,
    ));
    files
        .into_iter()
        .map(|(name, value)| {
            serde_json::to_string_pretty(&value)
                .map(|text| (name, format!("{text}\n").into_bytes()))
                .map_err(|e| Error::Tool(format!("webbplatsens data kunde inte skrivas: {e}")))
        })
        .collect()
}

/// The list of a nämnd's meetings, from the site's root.
fn organization_meetings_path(folder: &str) -> String {
    format!("{DATA_DIR}/organization/{folder}-meetings.json")
}

/// A list as OParl pages it: [`PAGE_SIZE`] objects a page, the first page
/// at `path` and the next ones at `…-2.json`, `…-3.json`, each with
/// `data`, `pagination` and `links` (`first`, `prev`, `self`, `next`,
/// `last`).
fn list(data: &Data, path: &str, items: Vec<Value>) -> Vec<(String, Value)> {
    let total = items.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page_path = |page: usize| match page {
        1 => path.to_owned(),
        n => format!("{}-{n}.json", path.trim_end_matches(".json")),
    };
    let mut items = items.into_iter();
    (1..=pages)
        .map(|page| {
            let chunk: Vec<Value> = items.by_ref().take(PAGE_SIZE).collect();
            let mut links = serde_json::Map::new();
            links.insert("first".into(), data.url(&page_path(1)).into());
            if page > 1 {
                links.insert("prev".into(), data.url(&page_path(page - 1)).into());
            }
            links.insert("self".into(), data.url(&page_path(page)).into());
            if page < pages {
                links.insert("next".into(), data.url(&page_path(page + 1)).into());
            }
            links.insert("last".into(), data.url(&page_path(pages)).into());
            let value = json!({
                "data": chunk,
                "pagination": {
                    "totalElements": total,
                    "elementsPerPage": PAGE_SIZE,
                    "currentPage": page,
                    "totalPages": pages
                },
                "links": links,
            });
            (page_path(page), value)
        })
        .collect()
}
