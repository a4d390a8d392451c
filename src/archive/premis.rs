//! Stage 6, the e-arkiv: preservation metadata (PREMIS 3.0). Every file
//! of a representation, or of the package, as an object with its fixity
//! (SHA-256), size and format (with its PRONOM identifier when known, and
//! a note when a PDF is not PDF/A); the packaging as an event, and the
//! tool as its agent.

use super::TOOL;
use super::contents::Format;
use super::xml::Xml;

const NS: &str = "http://www.loc.gov/premis/v3";

/// A file PREMIS describes.
pub struct Object<'a> {
    /// Its identifier, unique in the file: "dokument-2026-11-12/kallelse.pdf".
    pub id: String,
    /// Its path, relative to the folder the PREMIS file describes.
    pub name: String,
    /// Its size in bytes.
    pub size: usize,
    /// Its SHA-256, hex.
    pub checksum: &'a str,
    /// Its format.
    pub format: &'a Format,
}

/// A PREMIS file for `objects`, made at `created` (xs:dateTime);
/// `schemas` is the way from the file to the package's `schemas/`.
pub fn document(objects: &[Object], created: &str, schemas: &str) -> Vec<u8> {
    let mut xml = Xml::new();
    let location = format!("{NS} {schemas}premis.xsd");
    xml.open(
        "premis:premis",
        &[
            ("xmlns:premis", NS),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", &location),
            ("version", "3.0"),
        ],
    );
    for object in objects {
        file_object(&mut xml, object);
    }
    let agent = agent_id();
    xml.open("premis:event", &[]);
    identifier(
        &mut xml,
        "premis:eventIdentifier",
        "premis:event",
        "paketering",
    );
    xml.text("premis:eventType", &[], "creation")
        .text("premis:eventDateTime", &[], created)
        .open("premis:eventDetailInformation", &[])
        .text(
            "premis:eventDetail",
            &[],
            "Arkivpaketet skapades av kallelse från sammanträdets källor.",
        )
        .close();
    xml.open("premis:eventOutcomeInformation", &[])
        .text("premis:eventOutcome", &[], "success")
        .close();
    identifier(
        &mut xml,
        "premis:linkingAgentIdentifier",
        "premis:linkingAgent",
        &agent,
    );
    for object in objects {
        identifier(
            &mut xml,
            "premis:linkingObjectIdentifier",
            "premis:linkingObject",
            &object.id,
        );
    }
    xml.close();
    xml.open("premis:agent", &[]);
    identifier(&mut xml, "premis:agentIdentifier", "premis:agent", &agent);
    xml.text("premis:agentName", &[], TOOL)
        .text("premis:agentType", &[], "software")
        .text("premis:agentVersion", &[], env!("CARGO_PKG_VERSION"));
    xml.close();
    xml.finish()
}

fn agent_id() -> String {
    format!("{TOOL}-{}", env!("CARGO_PKG_VERSION"))
}

/// `<premis:xIdentifier>` with its type (`local`) and value, for the
/// element names `prefix`Type and `prefix`Value.
fn identifier(xml: &mut Xml, element: &str, prefix: &str, value: &str) {
    xml.open(element, &[])
        .text(&format!("{prefix}IdentifierType"), &[], "local")
        .text(&format!("{prefix}IdentifierValue"), &[], value)
        .close();
}

fn file_object(xml: &mut Xml, object: &Object) {
    xml.open("premis:object", &[("xsi:type", "premis:file")]);
    identifier(xml, "premis:objectIdentifier", "premis:object", &object.id);
    xml.open("premis:objectCharacteristics", &[]);
    xml.open("premis:fixity", &[])
        .text("premis:messageDigestAlgorithm", &[], "SHA-256")
        .text("premis:messageDigest", &[], object.checksum)
        .close();
    xml.text("premis:size", &[], &object.size.to_string());
    let format = object.format;
    xml.open("premis:format", &[]);
    xml.open("premis:formatDesignation", &[])
        .text("premis:formatName", &[], &format.name);
    if let Some(version) = &format.version {
        xml.text("premis:formatVersion", &[], version);
    }
    xml.close();
    if let Some(key) = format.pronom {
        xml.open("premis:formatRegistry", &[])
            .text("premis:formatRegistryName", &[], "PRONOM")
            .text("premis:formatRegistryKey", &[], key)
            .close();
    }
    if let Some(note) = &format.note {
        xml.text("premis:formatNote", &[], note);
    }
    xml.close();
    xml.close();
    xml.text("premis:originalName", &[], &object.name);
    xml.close();
}
