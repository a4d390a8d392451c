//! Publish stage, open data: each public ärende with a diarienummer as an
//! OParl Paper (reference = diarienummer, the latest tjänsteskrivelse as
//! its main file, the bilagor as auxiliary files), with a Consultation for
//! every meeting that treated it, so an ärende that returns shows its whole
//! path; each of those meetings' AgendaItems links its Consultation.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{DATA_DIR, Data, Stamps, kind, meeting_path, organization_path};
use crate::publish::webbplats::arenden::SiteArende;

/// The files of an ärende that are its papers' own documents, not bilagor.
const MAIN_FILE: &str = "Tjänsteskrivelse";
const PROPOSAL_FILE: &str = "Protokollsförslag";

/// Results that do not end an ärende: it comes back to a later meeting.
const NOT_DECIDED: [&str; 2] = ["Återremitterat", "Bordlagt"];

/// Every Paper with its file's path; the AgendaItems in `meetings` get the
/// address of their Consultation.
pub(super) fn papers(
    data: &Data,
    arenden: &[SiteArende],
    meetings: &mut BTreeMap<String, Value>,
) -> Vec<(String, Value)> {
    arenden
        .iter()
        .map(|arende| paper(data, arende, meetings))
        .collect()
}

fn paper(
    data: &Data,
    arende: &SiteArende,
    meetings: &mut BTreeMap<String, Value>,
) -> (String, Value) {
    let path = format!("{DATA_DIR}/paper/{}.json", arende.slug);
    let id = data.url(&path);
    let mut consultations = Vec::new();
    let mut latest_item = Value::Null;
    for (index, step) in arende.steps.iter().enumerate() {
        let meeting_url = data.url(&meeting_path(step.meeting));
        let item_url = format!("{meeting_url}#{}", step.item.id);
        let consultation_id = format!("{id}#behandling-{}", index + 1);
        let decided = step
            .item
            .result
            .as_deref()
            .is_some_and(|r| !NOT_DECIDED.contains(&r));
        let mut consultation = json!({
            "id": consultation_id,
            "type": kind("Consultation"),
            "paper": id,
            "agendaItem": item_url,
            "meeting": meeting_url,
            "organization": [data.url(&organization_path(&step.meeting.namnd))],
            "authoritative": decided,
            "role": step.item.category,
        });
        if let Some(result) = &step.item.result {
            consultation["keyword"] = json!([result]);
        }
        data.stamps_of(&step.meeting.id).set(&mut consultation);
        consultations.push(consultation);
        if let Some(item) = item_of(meetings, &step.meeting.id, &item_url) {
            item["consultation"] = consultation_id.into();
            latest_item = item.clone();
        }
    }
    let steps: Vec<Stamps> = arende
        .steps
        .iter()
        .map(|s| data.stamps_of(&s.meeting.id))
        .collect();
    let stamps = Stamps::spanning(&steps).unwrap_or_else(|| data.site_stamps());
    let files: Vec<Value> = latest_item["auxiliaryFile"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let main = files.iter().find(|f| f["name"] == MAIN_FILE).cloned();
    let auxiliary: Vec<Value> = files
        .into_iter()
        .filter(|f| f["name"] != MAIN_FILE && f["name"] != PROPOSAL_FILE)
        .collect();
    let mut value = json!({
        "id": id,
        "type": kind("Paper"),
        "body": data.url(&format!("{DATA_DIR}/body.json")),
        "name": arende.name(),
        "reference": arende.reference,
        "date": stamps.created,
        "paperType": "Ärende",
        "underDirectionOf": [data.url(&organization_path(arende.namnd()))],
        "auxiliaryFile": auxiliary,
        "consultation": consultations,
        "keyword": [arende.latest().item.category],
        "web": data.url(&arende.page()),
    });
    if let Some(main) = main {
        value["mainFile"] = main;
    }
    stamps.set(&mut value);
    (path, value)
}

/// The AgendaItem with address `url` of the meeting with `id`.
fn item_of<'a>(
    meetings: &'a mut BTreeMap<String, Value>,
    id: &str,
    url: &str,
) -> Option<&'a mut Value> {
    meetings
        .get_mut(id)?
        .get_mut("agendaItem")?
        .as_array_mut()?
        .iter_mut()
        .find(|item| item["id"] == url)
}
