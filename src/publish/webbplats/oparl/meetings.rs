//! Publish stage, open data: each meeting as an OParl Meeting with its
//! AgendaItems, Files and Location. A published meeting's comes from its
//! web version's data (`sammantrade.json`), with OParl's own shapes (a
//! decision is one text, every File has an id); a planned meeting's from
//! its `sammantrade.yaml` and the items of the nämnd's plan due at it.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Data, Stamps, kind, meeting_path, organization_path};
use crate::publish::meeting_page::{AgendaItem, File, MeetingData};
use crate::publish::webbplats::{Site, SiteMeeting};

/// Each meeting's stamps, by id. A published meeting was created when its
/// kallelse was ready and changed with its latest document (protokoll,
/// anslag); a planned one is as new as its nämnd's latest document, since
/// the plan due at it comes from them.
pub(super) fn stamps(site: &Site) -> BTreeMap<String, Stamps> {
    let mut stamps = BTreeMap::new();
    let mut latest: BTreeMap<&str, String> = BTreeMap::new();
    for meeting in site.meetings() {
        if let Some(data) = &meeting.data {
            let own = published_stamps(meeting, data);
            let entry = latest.entry(meeting.namnd.as_str()).or_default();
            if own.modified > *entry {
                *entry = own.modified.clone();
            }
            stamps.insert(meeting.id.clone(), own);
        }
    }
    for meeting in site.meetings().filter(|m| m.data.is_none()) {
        let date = latest
            .get(meeting.namnd.as_str())
            .cloned()
            .unwrap_or_else(|| meeting.datum.clone());
        stamps.insert(meeting.id.clone(), Stamps::on(&date));
    }
    stamps
}

fn published_stamps(meeting: &SiteMeeting, data: &MeetingData) -> Stamps {
    let created = data
        .invitation
        .date
        .clone()
        .unwrap_or_else(|| meeting.datum.clone());
    let modified = std::iter::once(created.clone())
        .chain(data.results_protocol.iter().filter_map(|f| f.date.clone()))
        .chain(data.anslag.iter().filter_map(|a| a.file.date.clone()))
        .chain(data.anslag.iter().map(|a| a.justerad.clone()))
        .max()
        .unwrap_or_else(|| created.clone());
    Stamps { created, modified }
}

/// Every meeting as an OParl Meeting, by id.
pub(super) fn meetings(data: &Data) -> BTreeMap<String, Value> {
    data.site
        .meetings()
        .map(|m| {
            let value = match &m.data {
                Some(published) => meeting(data, m, published),
                None => planned(data, m),
            };
            (m.id.clone(), value)
        })
        .collect()
}

/// The parts every Meeting has.
fn common(data: &Data, meeting: &SiteMeeting, name: String) -> (String, Value) {
    let id = data.url(&meeting_path(meeting));
    let stamps = data.stamps_of(&meeting.id);
    let start = crate::publish::meeting_page::start_time(&meeting.datum, &meeting.tid);
    let mut location = json!({
        "id": format!("{id}#plats"),
        "type": kind("Location"),
        "description": meeting.plats,
    });
    stamps.set(&mut location);
    let mut value = json!({
        "id": id,
        "type": kind("Meeting"),
        "name": name,
        "start": start,
        "location": location,
        "organization": [data.url(&organization_path(&meeting.namnd))],
        "public": meeting.oppet,
    });
    if let Some(end) = crate::publish::meeting_page::end_time(&meeting.datum, &meeting.tid) {
        value["end"] = Value::String(end);
    }
    stamps.set(&mut value);
    (id, value)
}

/// A published meeting: its web version's data, in OParl's shapes.
fn meeting(data: &Data, meeting: &SiteMeeting, published: &MeetingData) -> Value {
    let (id, mut value) = common(data, meeting, published.name.clone());
    let stamps = data.stamps_of(&meeting.id);
    let folder = format!("{}/", meeting.id);
    let files = Files {
        data,
        folder: &folder,
        meeting: &id,
        stamps: &stamps,
    };
    value["meetingState"] = if published.results_protocol.is_some() {
        "protokoll justerat"
    } else {
        "kallelse publicerad"
    }
    .into();
    value["web"] = data.url(&format!("{folder}index.html")).into();
    value["invitation"] = files.file(&published.invitation, "kallelse");
    if let Some(protocol) = &published.results_protocol {
        value["resultsProtocol"] = files.file(protocol, "protokoll");
    }
    let mut auxiliary: Vec<Value> = published
        .auxiliary_file
        .iter()
        .enumerate()
        .map(|(i, f)| files.file(f, &format!("bilaga-{}", i + 1)))
        .collect();
    auxiliary.extend(
        published
            .anslag
            .iter()
            .enumerate()
            .map(|(i, a)| files.file(&a.file, &format!("anslag-{}", i + 1))),
    );
    value["auxiliaryFile"] = auxiliary.into();
    value["agendaItem"] = published
        .agenda_item
        .iter()
        .map(|item| agenda_item(&files, item))
        .collect::<Vec<_>>()
        .into();
    value
}

/// What the Files of one meeting share.
pub(super) struct Files<'a, 'b, 's> {
    data: &'a Data<'b, 's>,
    /// The meeting's web folder, from the site's root, ending in `/`.
    folder: &'a str,
    /// The Meeting's address.
    meeting: &'a str,
    stamps: &'a Stamps,
}

impl Files<'_, '_, '_> {
    /// A File of the meeting, its id the Meeting's address with `#fil-` and
    /// `key`.
    fn file(&self, file: &File, key: &str) -> Value {
        let mut value = json!({
            "id": format!("{}#fil-{key}", self.meeting),
            "type": kind("File"),
            "name": file.name,
            "fileName": file.file_name,
            "mimeType": file.mime_type,
            "accessUrl": self.data.url(&format!("{}{}", self.folder, file.access_url)),
        });
        if let Some(size) = file.size {
            value["size"] = size.into();
        }
        if let Some(sha256) = &file.sha256 {
            value["sha256Checksum"] = sha256.clone().into();
        }
        if let Some(pages) = file.pages {
            value["pages"] = json!({ "first": pages.first, "last": pages.last });
        }
        if let Some(date) = &file.date {
            value["date"] = date.clone().into();
        }
        self.stamps.set(&mut value);
        value
    }
}

/// An ärende of a published meeting as an OParl AgendaItem: the decision
/// and the proposal as one text each (an att-sats a line), its kind as a
/// keyword.
fn agenda_item(files: &Files, item: &AgendaItem) -> Value {
    let mut value = json!({
        "id": format!("{}#{}", files.meeting, item.id),
        "type": kind("AgendaItem"),
        "meeting": files.meeting,
        "number": item.number,
        "order": item.order,
        "name": item.name,
        "public": item.public,
        "keyword": [item.category],
        "web": files.data.url(&format!("{}index.html", files.folder)),
        "auxiliaryFile": item
            .auxiliary_file
            .iter()
            .enumerate()
            .map(|(i, f)| files.file(f, &format!("{}-{}", item.id, i + 1)))
            .collect::<Vec<_>>(),
    });
    let optional = [
        ("result", item.result.clone()),
        ("resolutionText", joined(&item.resolution_text)),
        ("resolutionProposal", joined(&item.resolution_proposal)),
        ("reference", item.reference.clone()),
        ("paragraph", item.paragraph.clone()),
        ("note", item.note.clone()),
    ];
    for (key, text) in optional {
        if let Some(text) = text {
            value[key] = text.into();
        }
    }
    files.stamps.set(&mut value);
    value
}

/// Att-satser as one text, a line each.
fn joined(lines: &[String]) -> Option<String> {
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A meeting without a kallelse yet.
fn planned(data: &Data, meeting: &SiteMeeting) -> Value {
    let name = format!(
        "{} sammanträde {}",
        meeting.organ.genitiv,
        crate::conventions::iso_date_in_words(&meeting.datum)
    );
    let (id, mut value) = common(data, meeting, name);
    value["meetingState"] = "planerat".into();
    value["web"] = data.url(&format!("{}/index.html", meeting.namnd)).into();
    value["agendaItem"] = planned_items(data, meeting, &id).into();
    value
}

/// The public items of the nämnd's plan due at a coming meeting without a
/// kallelse, as planned OParl AgendaItems: their order and title, marked
/// with the keyword `planerad`.
fn planned_items(data: &Data, meeting: &SiteMeeting, id: &str) -> Vec<Value> {
    let site = data.site;
    if meeting.datum.as_str() < crate::conventions::iso_date(site.date).as_str() {
        return Vec::new();
    }
    let stamps = data.stamps_of(&meeting.id);
    site.planned(&meeting.namnd, &meeting.datum)
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let mut value = json!({
                "id": format!("{id}#plan-{}", index + 1),
                "type": kind("AgendaItem"),
                "meeting": id,
                "number": (index + 1).to_string(),
                "order": index + 1,
                "name": item.item.rubrik,
                "public": true,
                "auxiliaryFile": [],
                "keyword": ["planerad", "återrapport"],
            });
            stamps.set(&mut value);
            value
        })
        .collect()
}
