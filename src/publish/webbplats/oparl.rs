//! Publish stage, open data: the whole site as OParl 1.1 objects, in
//! `oparl/`: System → Body (the municipality) → Organization (one per
//! nämnd) → Meeting → AgendaItem → File. A published meeting's Meeting is
//! its `sammantrade.json`, whose Organization links back here. Addresses
//! are relative to the site's root, or absolute under `--bas-url`
//! (schema: `schema/oparl.schema.json`).

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};

use super::{Site, SiteMeeting};
use crate::publish::meeting_page::OPARL;

/// The data's folder.
pub const DATA_DIR: &str = "oparl";

/// The Organization of the nämnd in `folder`, from the site's root.
pub fn organization_path(folder: &str) -> String {
    format!("{DATA_DIR}/organization/{folder}.json")
}

/// The list of a nämnd's meetings, from the site's root.
fn organization_meetings_path(folder: &str) -> String {
    format!("{DATA_DIR}/organization/{folder}-meetings.json")
}

/// A list object with every element on one page.
fn list(data: Vec<Value>) -> Value {
    let total = data.len();
    json!({
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": total.max(1),
            "currentPage": 1,
            "totalPages": 1
        },
        "links": {}
    })
}

/// Every file of the site's data.
pub fn data(site: &Site) -> Result<Vec<(String, Vec<u8>)>> {
    let url = |path: &str| site.links.data(path);
    let kind = |name: &str| format!("{OPARL}{name}");
    let body_url = url(&format!("{DATA_DIR}/body.json"));
    let system = json!({
        "id": url(&format!("{DATA_DIR}/system.json")),
        "type": kind("System"),
        "oparlVersion": OPARL,
        "name": site.settings.namn,
        "body": url(&format!("{DATA_DIR}/bodies.json")),
        "website": url("index.html"),
        "product": "kallelse",
    });
    let body = json!({
        "id": body_url,
        "type": kind("Body"),
        "system": url(&format!("{DATA_DIR}/system.json")),
        "name": site.settings.organisation,
        "website": url("index.html"),
        "organization": url(&format!("{DATA_DIR}/organizations.json")),
        "meeting": url(&format!("{DATA_DIR}/meetings.json")),
        "person": url(&format!("{DATA_DIR}/persons.json")),
        "paper": url(&format!("{DATA_DIR}/papers.json")),
        "legislativeTerm": [],
    });
    let mut files = vec![
        (format!("{DATA_DIR}/system.json"), system),
        (format!("{DATA_DIR}/body.json"), body.clone()),
        (format!("{DATA_DIR}/bodies.json"), list(vec![body])),
        // Members and papers are not published by this tool; the lists
        // exist because a Body must name them.
        (format!("{DATA_DIR}/persons.json"), list(Vec::new())),
        (format!("{DATA_DIR}/papers.json"), list(Vec::new())),
    ];
    let mut organizations = Vec::new();
    let mut all_meetings = Vec::new();
    for namnd in &site.namnder {
        let organization = json!({
            "id": url(&organization_path(&namnd.folder)),
            "type": kind("Organization"),
            "body": body_url,
            "name": namnd.organ.namn,
            "shortName": namnd.organ.forkortning,
            "organizationType": "Nämnd",
            "classification": "Nämnd",
            "meeting": url(&organization_meetings_path(&namnd.folder)),
            "website": url(&format!("{}/index.html", namnd.folder)),
        });
        files.push((organization_path(&namnd.folder), organization.clone()));
        organizations.push(organization);
        let meetings: Vec<Value> = namnd
            .meetings
            .iter()
            .map(|m| meeting(site, m))
            .collect::<Result<_>>()?;
        for (m, value) in namnd.meetings.iter().zip(&meetings) {
            if m.data.is_none() {
                files.push((planned_path(m), value.clone()));
            }
        }
        all_meetings.extend(meetings.iter().cloned());
        files.push((organization_meetings_path(&namnd.folder), list(meetings)));
    }
    files.push((
        format!("{DATA_DIR}/organizations.json"),
        list(organizations),
    ));
    files.push((format!("{DATA_DIR}/meetings.json"), list(all_meetings)));
    files
        .into_iter()
        .map(|(name, value)| {
            serde_json::to_string_pretty(&value)
                .map(|text| (name, format!("{text}\n").into_bytes()))
                .map_err(|e| Error::Tool(format!("webbplatsens data kunde inte skrivas: {e}")))
        })
        .collect()
}

/// The object of a meeting without a kallelse yet, from the site's root.
fn planned_path(meeting: &SiteMeeting) -> String {
    format!("{DATA_DIR}/meeting/{}.json", meeting.id.replace('/', "-"))
}

/// A meeting as an OParl Meeting of the site: its `sammantrade.json` with
/// every address from the site's root (or absolute), and its
/// Organization as an address, as OParl has it.
fn meeting(site: &Site, meeting: &SiteMeeting) -> Result<Value> {
    let url = |path: &str| site.links.data(path);
    let organization = url(&organization_path(&meeting.namnd));
    let Some(data) = &meeting.data else {
        let start = crate::publish::meeting_page::start_time(&meeting.datum, &meeting.tid);
        let id = url(&planned_path(meeting));
        let end = crate::publish::meeting_page::end_time(&meeting.datum, &meeting.tid);
        let mut value = json!({
            "id": url(&planned_path(meeting)),
            "type": format!("{OPARL}Meeting"),
            "name": format!("{} sammanträde {}", meeting.organ.genitiv, crate::conventions::iso_date_in_words(&meeting.datum)),
            "start": start,
            "location": { "type": format!("{OPARL}Location"), "description": meeting.plats },
            "organization": [organization],
            "public": meeting.oppet,
            "meetingState": "planerat",
            "web": url(&format!("{}/index.html", meeting.namnd)),
            "agendaItem": planned_items(site, meeting, &id),
        });
        if let Some(end) = end {
            value["end"] = Value::String(end);
        }
        return Ok(value);
    };
    let folder = format!("{}/", meeting.id);
    let mut value = serde_json::to_value(data)
        .map_err(|e| Error::Tool(format!("webbplatsens data kunde inte skrivas: {e}")))?;
    rebase(&mut value, &|path: &str| url(&format!("{folder}{path}")));
    if let Value::Object(object) = &mut value {
        object.insert(
            "id".into(),
            url(&format!("{folder}sammantrade.json")).into(),
        );
        object.insert("organization".into(), json!([organization]));
        object.insert("web".into(), url(&format!("{folder}index.html")).into());
        object.insert(
            "meetingState".into(),
            if data.results_protocol.is_some() {
                "protokoll justerat"
            } else {
                "kallelse publicerad"
            }
            .into(),
        );
        if let Some(Value::Array(items)) = object.get_mut("agendaItem") {
            for item in items {
                if let Some(Value::String(id)) = item.get_mut("id") {
                    *id = url(&format!("{folder}sammantrade.json#{id}"));
                }
                if let Value::Object(item) = item {
                    item.insert(
                        "meeting".into(),
                        url(&format!("{folder}sammantrade.json")).into(),
                    );
                }
            }
        }
    }
    Ok(value)
}

/// The public items of the nämnd's plan due at a coming meeting without a
/// kallelse, as planned OParl AgendaItems: their order and title, marked
/// with the keyword `planerad`.
fn planned_items(site: &Site, meeting: &SiteMeeting, id: &str) -> Vec<Value> {
    if meeting.datum.as_str() < crate::conventions::iso_date(site.date).as_str() {
        return Vec::new();
    }
    site.planned(&meeting.namnd, &meeting.datum)
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            json!({
                "id": format!("{id}#plan-{}", index + 1),
                "type": format!("{OPARL}AgendaItem"),
                "meeting": id,
                "number": (index + 1).to_string(),
                "order": index + 1,
                "name": item.item.rubrik,
                "public": true,
                "auxiliaryFile": [],
                "keyword": ["planerad", "återrapport"],
            })
        })
        .collect()
}

/// Rewrites every address of the web folder's data (`accessUrl`, and an
/// anslag's `protokoll`) with `to`.
fn rebase(value: &mut Value, to: &dyn Fn(&str) -> String) {
    match value {
        Value::Object(object) => rebase_object(object, to),
        Value::Array(items) => items.iter_mut().for_each(|v| rebase(v, to)),
        _ => {}
    }
}

fn rebase_object(object: &mut Map<String, Value>, to: &dyn Fn(&str) -> String) {
    for (key, value) in object.iter_mut() {
        match (key.as_str(), value) {
            ("accessUrl" | "protokoll", Value::String(path)) => *path = to(path),
            (_, value) => rebase(value, to),
        }
    }
}
