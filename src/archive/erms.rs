//! Stage 6, the e-arkiv: descriptive metadata for case management (CITS
//! ERMS 2.1, as FGS Ärendehantering 2.0 uses it). Each meeting is an
//! aggregation holding its own documents (kallelse, protokoll, anslag) and
//! one case file per ärende: diarienummer, rubrik, handläggare, dates,
//! the decision and its §, its documents as records linked to their files,
//! and what is secret (sekretessärenden, sekretess paragraphs and masked
//! passages, with their lagrum).

use super::contents::{DataFile, MeetingContents};
use super::xml::Xml;
use super::{TOOL, local_time};

/// A validated day (and time) as xs:dateTime; the validate stage has
/// checked every day, so the fallback (midnight, as written) is never used.
fn at(day: &str, time: &str) -> String {
    local_time(day, time).unwrap_or_else(|| format!("{day}T00:00:00+01:00"))
}

/// Where a meeting's documents are in the package: its representation's
/// `data/`, from the package root.
pub struct Placed<'a> {
    /// The meeting.
    pub contents: &'a MeetingContents,
    /// `representations/dokument-2026-11-12/data/`.
    pub data: String,
}

/// The ERMS file of a package of `meetings`, made at `created`, by
/// `organisation`.
pub fn document(meetings: &[Placed], organisation: &str, created: &str) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open(
        "erms",
        &[
            ("xmlns", "https://DILCIS.eu/XML/ERMS"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "https://DILCIS.eu/XML/ERMS ../../schemas/ERMS.xsd",
            ),
        ],
    );
    let tool = format!("{TOOL} {}", env!("CARGO_PKG_VERSION"));
    xml.open("control", &[])
        .text("identification", &[("identificationType", "system")], &tool)
        .open("maintenanceInformation", &[])
        .empty("maintenanceStatus", &[("value", "new")])
        .open("maintenanceAgency", &[])
        .text("agencyName", &[], organisation)
        .close()
        .open("maintenanceHistory", &[])
        .open("maintenanceEvent", &[])
        .empty("eventType", &[("value", "created")])
        .text("eventDateTime", &[], created)
        .open("agent", &[("agentType", "creator")])
        .text("name", &[], &tool)
        .close()
        .close()
        .close()
        .close()
        .close();
    xml.open("aggregations", &[]);
    for placed in meetings {
        meeting(&mut xml, placed);
    }
    xml.finish()
}

fn meeting(xml: &mut Xml, placed: &Placed) {
    let m = placed.contents;
    let packet = &m.packet;
    xml.open(
        "aggregation",
        &[
            ("systemIdentifier", m.system_id.as_str()),
            ("aggregationType", "own_aggregation_definition"),
            ("otherAggregationType", "sammanträde"),
        ],
    );
    xml.text("objectId", &[], &m.system_id);
    xml.text("title", &[], &m.title());
    xml.open("agents", &[])
        .open("agent", &[("agentType", "creator")])
        .text("name", &[], &packet.namnd.namn)
        .text("organisation", &[], &packet.namnd.organisation)
        .close()
        .close();
    xml.text("description", &[], &meeting_description(m));
    xml.open("dates", &[]).text(
        "date",
        &[("dateType", "opened")],
        &at(&packet.sammantrade.datum, &packet.sammantrade.tid),
    );
    if let Some(protokoll) = &m.protokoll {
        let day = protokoll
            .digital_justering
            .as_ref()
            .map_or(&protokoll.justering.datum, |j| &j.datum);
        xml.text(
            "date",
            &[("dateType", "other"), ("otherDateType", "justering")],
            &at(day, ""),
        );
    }
    xml.close();
    // The meeting's own documents.
    xml.open(
        "aggregation",
        &[
            ("systemIdentifier", &format!("{}-handlingar", m.system_id)),
            ("aggregationType", "own_aggregation_definition"),
            ("otherAggregationType", "sammanträdets handlingar"),
        ],
    );
    xml.text("objectId", &[], &format!("{} handlingar", m.system_id));
    xml.text("title", &[], "Kallelse, protokoll och anslag");
    for file in m.documents.iter().filter(|d| d.arende.is_none()) {
        record(xml, placed, file);
    }
    xml.close();
    for case in super::cases::cases(m) {
        case_file(xml, placed, &case);
    }
    xml.close();
}

/// What the meeting's aggregation says in words.
fn meeting_description(m: &MeetingContents) -> String {
    let s = &m.packet.sammantrade;
    let mut out = format!("Plats: {}. Tid: {}.", s.plats, s.datumrad);
    match &m.protokoll {
        None => {
            out.push_str(" Arkiverat utan protokoll: protokollet fanns inte när paketet skapades.")
        }
        Some(p) => {
            out.push_str(&format!(" Protokoll {}.", p.paragrafintervall));
            match &p.digital_justering {
                Some(j) => {
                    let names: Vec<String> = j
                        .underskrifter
                        .iter()
                        .map(|u| format!("{} ({}) {}", u.namn, u.roll, u.datum))
                        .collect();
                    out.push_str(&format!(
                        " Justerat digitalt {}: {}. Protokollet i paketet bär underskrifterna (PAdES).",
                        j.datum,
                        names.join(", ")
                    ));
                }
                None if m.signed => out.push_str(" Protokollet är delvis underskrivet digitalt."),
                None => out.push_str(&format!(
                    " Protokollet är inte justerat digitalt; justeringen planerades till {}.",
                    p.justering.datum
                )),
            }
        }
    }
    out
}

/// A document as a record linked to its file.
fn record(xml: &mut Xml, placed: &Placed, file: &DataFile) {
    let id = format!("{}/{}", placed.contents.system_id, file.path);
    let record_type = file.path.split(['/', '.']).next().unwrap_or("handling");
    xml.open(
        "record",
        &[
            ("systemIdentifier", id.as_str()),
            ("recordType", record_type),
        ],
    );
    xml.text("objectId", &[], &id);
    xml.text("title", &[], &file.title);
    if file.path == "protokoll.pdf" && placed.contents.signed {
        xml.open("eSignatures", &[])
            .empty("eSignature", &[("present", "true")])
            .close();
    }
    let path = format!("{}{}", placed.data, file.path);
    let name = file.path.rsplit('/').next().unwrap_or(&file.path);
    xml.open("additionalInformation", &[])
        .empty(
            "appendix",
            &[
                ("name", name),
                ("fileFormat", file.format.mime),
                ("path", path.as_str()),
            ],
        )
        .close();
    xml.close();
}

fn case_file(xml: &mut Xml, placed: &Placed, case: &super::cases::Case) {
    let m = placed.contents;
    let system_id = format!("{}/{}", m.system_id, case.key);
    xml.open(
        "aggregation",
        &[
            ("systemIdentifier", system_id.as_str()),
            ("aggregationType", "caseFile"),
        ],
    );
    let object = if case.diarienummer.is_empty() {
        system_id.clone()
    } else {
        case.diarienummer.clone()
    };
    xml.text("objectId", &[], &object);
    if let Some(paragraf) = &case.paragraf {
        xml.text("extraId", &[("extraIdType", "paragraf")], paragraf);
    }
    xml.text("extraId", &[("extraIdType", "ärendetyp")], case.kind);
    xml.text("title", &[], &case.rubrik);
    for (lagrum, why) in &case.secrecy {
        xml.open("restriction", &[("restrictionType", "confidential")])
            .text("explanatoryText", &[], why)
            .text("regulation", &[], lagrum)
            .close();
    }
    if let Some(handlaggare) = &case.handlaggare {
        xml.open("agents", &[])
            .open("agent", &[("agentType", "responsible_person")])
            .text("name", &[], handlaggare)
            .text("role", &[], "handläggare")
            .close()
            .close();
    }
    xml.open("dates", &[]);
    if let Some(day) = &case.created {
        xml.text("date", &[("dateType", "created")], &at(day, ""));
    }
    xml.text(
        "date",
        &[("dateType", "decision_date")],
        &at(&m.packet.sammantrade.datum, ""),
    );
    xml.close();
    if let Some(decision) = &case.decision {
        xml.open("action", &[])
            .text("actionText", &[], decision)
            .text("actionType", &[], "beslut")
            .open("dates", &[])
            .text(
                "actionDate",
                &[("dateType", "decision")],
                &at(&m.packet.sammantrade.datum, ""),
            )
            .close()
            .close();
    }
    for file in m.documents.iter().filter(|d| case.owns(d)) {
        record(xml, placed, file);
    }
    xml.close();
}
