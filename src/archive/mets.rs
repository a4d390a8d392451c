//! Stage 6, the e-arkiv: the METS files (METS 1.12 with the E-ARK CSIP
//! 2.1.0 and SIP 2.1.0 profiles): the package's root `METS.xml` and one per
//! representation, each listing its files with MIME type, size, creation
//! time and SHA-256, and a structMap. Besides the physical structMap CSIP
//! requires, a logical one leads an archivist from each meeting to its
//! ärenden, their decisions and their files.

use super::xml::{Xml, href};
use super::{PROFILE, TOOL};

/// A file a METS file lists.
pub struct FileRef {
    /// Its ID in the METS file.
    pub id: String,
    /// Its path relative to the METS file.
    pub path: String,
    /// Its IANA media type.
    pub mime: String,
    /// Its size in bytes.
    pub size: usize,
    /// Its SHA-256, hex.
    pub checksum: String,
}

/// A division of the logical structMap.
pub struct Division {
    /// What it is: "SN § 121 · Dnr SN 2026/45 · …".
    pub label: String,
    /// IDs of files in this METS file.
    pub files: Vec<String>,
    /// A METS file it points to (a representation), relative to this one.
    pub mets: Option<String>,
    /// What it holds.
    pub children: Vec<Division>,
}

/// The head of a METS file.
pub struct Head<'a> {
    /// `OBJID`: the package's id, or the representation's name.
    pub objid: &'a str,
    /// `LABEL`, when any.
    pub label: Option<&'a str>,
    /// When the package was made (xs:dateTime).
    pub created: &'a str,
    /// The way from the file to the package's `schemas/`.
    pub schemas: &'a str,
}

const CONTENT_TYPE: &str = "citserms_v2_1";
const CATEGORY: &str = "Textual works – Digital";

fn open_mets(xml: &mut Xml, head: &Head) {
    let location = format!(
        "http://www.loc.gov/METS/ {s}mets.xsd http://www.w3.org/1999/xlink {s}xlink.xsd https://DILCIS.eu/XML/METS/CSIPExtensionMETS {s}DILCISExtensionMETS.xsd https://DILCIS.eu/XML/METS/SIPExtensionMETS {s}DILCISExtensionSIPMETS.xsd",
        s = head.schemas
    );
    let mut attributes = vec![
        ("xmlns:mets", "http://www.loc.gov/METS/"),
        ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xmlns:csip", "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"),
        ("xmlns:sip", "https://DILCIS.eu/XML/METS/SIPExtensionMETS"),
        ("OBJID", head.objid),
    ];
    if let Some(label) = head.label {
        attributes.push(("LABEL", label));
    }
    attributes.extend([
        ("TYPE", CATEGORY),
        ("csip:CONTENTINFORMATIONTYPE", CONTENT_TYPE),
        ("PROFILE", PROFILE),
        ("xsi:schemaLocation", location.as_str()),
    ]);
    xml.open("mets:mets", &attributes);
}

/// `metsHdr`: the package type, the tool as the software that made it,
/// and for the package the municipality as archival creator and as
/// submitter.
fn header(xml: &mut Xml, head: &Head, organisation: Option<&str>) {
    xml.open(
        "mets:metsHdr",
        &[
            ("CREATEDATE", head.created),
            ("LASTMODDATE", head.created),
            ("csip:OAISPACKAGETYPE", "SIP"),
        ],
    );
    xml.open(
        "mets:agent",
        &[
            ("ROLE", "CREATOR"),
            ("TYPE", "OTHER"),
            ("OTHERTYPE", "SOFTWARE"),
        ],
    )
    .text("mets:name", &[], TOOL)
    .text(
        "mets:note",
        &[("csip:NOTETYPE", "SOFTWARE VERSION")],
        env!("CARGO_PKG_VERSION"),
    )
    .close();
    if let Some(organisation) = organisation {
        for role in ["ARCHIVIST", "CREATOR"] {
            xml.open("mets:agent", &[("ROLE", role), ("TYPE", "ORGANIZATION")])
                .text("mets:name", &[], organisation)
                .close();
        }
    }
    xml.close();
}

/// A `mets:file` with its location.
fn file(xml: &mut Xml, file: &FileRef, created: &str) {
    let size = file.size.to_string();
    let path = href(&file.path);
    xml.open(
        "mets:file",
        &[
            ("ID", file.id.as_str()),
            ("MIMETYPE", file.mime.as_str()),
            ("SIZE", size.as_str()),
            ("CREATED", created),
            ("CHECKSUM", file.checksum.as_str()),
            ("CHECKSUMTYPE", "SHA-256"),
        ],
    )
    .empty(
        "mets:FLocat",
        &[
            ("LOCTYPE", "URL"),
            ("xlink:type", "simple"),
            ("xlink:href", path.as_str()),
        ],
    )
    .close();
}

/// A `mets:mdRef` to a metadata file, of the type `md_type` names.
fn md_ref(xml: &mut Xml, file: &FileRef, created: &str, md_type: &[(&str, &str)]) {
    let size = file.size.to_string();
    let path = href(&file.path);
    let mut attributes = vec![
        ("LOCTYPE", "URL"),
        ("xlink:type", "simple"),
        ("xlink:href", path.as_str()),
    ];
    attributes.extend_from_slice(md_type);
    attributes.extend([
        ("MIMETYPE", file.mime.as_str()),
        ("SIZE", size.as_str()),
        ("CREATED", created),
        ("CHECKSUM", file.checksum.as_str()),
        ("CHECKSUMTYPE", "SHA-256"),
    ]);
    xml.empty("mets:mdRef", &attributes);
}

fn premis_section(xml: &mut Xml, id: &str, premis: &FileRef, created: &str) {
    xml.open("mets:amdSec", &[]).open(
        "mets:digiprovMD",
        &[("ID", id), ("CREATED", created), ("STATUS", "CURRENT")],
    );
    md_ref(xml, premis, created, &[("MDTYPE", "PREMIS")]);
    xml.close().close();
}

/// The logical structMap: meetings, ärenden and their files.
fn logical(xml: &mut Xml, prefix: &str, divisions: &[Division]) {
    if divisions.is_empty() {
        return;
    }
    xml.open(
        "mets:structMap",
        &[
            ("ID", &format!("{prefix}logisk")),
            ("TYPE", "LOGICAL"),
            ("LABEL", "Sammanträden och ärenden"),
        ],
    );
    let mut counter = 0;
    xml.open(
        "mets:div",
        &[
            ("ID", &format!("{prefix}logisk-rot")),
            ("LABEL", "Sammanträden"),
        ],
    );
    for division in divisions {
        logical_division(xml, prefix, division, &mut counter);
    }
    xml.close().close();
}

fn logical_division(xml: &mut Xml, prefix: &str, division: &Division, counter: &mut usize) {
    *counter += 1;
    xml.open(
        "mets:div",
        &[
            ("ID", &format!("{prefix}logisk-{counter}")),
            ("LABEL", &division.label),
        ],
    );
    if let Some(mets) = &division.mets {
        xml.empty(
            "mets:mptr",
            &[
                ("LOCTYPE", "URL"),
                ("xlink:type", "simple"),
                ("xlink:href", &href(mets)),
            ],
        );
    }
    for file in &division.files {
        xml.empty("mets:fptr", &[("FILEID", file)]);
    }
    for child in &division.children {
        logical_division(xml, prefix, child, counter);
    }
    xml.close();
}

/// A representation's `METS.xml`: its PREMIS and its data files.
pub fn representation(
    head: &Head,
    premis: &FileRef,
    files: &[FileRef],
    divisions: &[Division],
) -> Vec<u8> {
    let mut xml = Xml::new();
    let rep = head.objid;
    open_mets(&mut xml, head);
    header(&mut xml, head, None);
    premis_section(&mut xml, &format!("{rep}-premis"), premis, head.created);
    xml.open("mets:fileSec", &[("ID", &format!("{rep}-filer"))]);
    xml.open(
        "mets:fileGrp",
        &[("ID", &format!("{rep}-data")), ("USE", "Data")],
    );
    for f in files {
        file(&mut xml, f, head.created);
    }
    xml.close().close();
    xml.open(
        "mets:structMap",
        &[
            ("ID", &format!("{rep}-struktur")),
            ("TYPE", "PHYSICAL"),
            ("LABEL", "CSIP"),
        ],
    );
    xml.open("mets:div", &[("ID", &format!("{rep}-rot")), ("LABEL", rep)]);
    xml.empty(
        "mets:div",
        &[
            ("ID", &format!("{rep}-metadata")),
            ("LABEL", "Metadata"),
            ("ADMID", &format!("{rep}-premis")),
        ],
    );
    xml.open(
        "mets:div",
        &[("ID", &format!("{rep}-div-data")), ("LABEL", "Data")],
    )
    .empty("mets:fptr", &[("FILEID", &format!("{rep}-data"))])
    .close();
    xml.close().close();
    logical(&mut xml, &format!("{rep}-"), divisions);
    xml.finish()
}

/// What the package's root `METS.xml` lists.
pub struct Package<'a> {
    /// The municipality: archival creator and submitter.
    pub organisation: &'a str,
    /// `metadata/descriptive/ERMS.xml`.
    pub erms: FileRef,
    /// `metadata/preservation/PREMIS.xml`.
    pub premis: FileRef,
    /// `documentation/…`.
    pub documentation: Vec<FileRef>,
    /// `schemas/…`.
    pub schemas: Vec<FileRef>,
    /// Each representation: its name and its `METS.xml`.
    pub representations: Vec<(String, FileRef)>,
    /// The meetings and their ärenden.
    pub divisions: Vec<Division>,
}

/// The package's root `METS.xml`.
pub fn package(head: &Head, package: &Package) -> Vec<u8> {
    let mut xml = Xml::new();
    open_mets(&mut xml, head);
    header(&mut xml, head, Some(package.organisation));
    xml.open(
        "mets:dmdSec",
        &[
            ("ID", "dmd-erms"),
            ("CREATED", head.created),
            ("STATUS", "CURRENT"),
        ],
    );
    md_ref(
        &mut xml,
        &package.erms,
        head.created,
        &[("MDTYPE", "OTHER"), ("OTHERMDTYPE", "ERMS")],
    );
    xml.close();
    premis_section(&mut xml, "digiprov-premis", &package.premis, head.created);
    xml.open("mets:fileSec", &[("ID", "filer")]);
    for (id, usage, files) in [
        (
            "grupp-dokumentation",
            "Documentation",
            &package.documentation,
        ),
        ("grupp-scheman", "Schemas", &package.schemas),
    ] {
        xml.open("mets:fileGrp", &[("ID", id), ("USE", usage)]);
        for f in files {
            file(&mut xml, f, head.created);
        }
        xml.close();
    }
    for (name, mets) in &package.representations {
        xml.open(
            "mets:fileGrp",
            &[
                ("ID", &format!("grupp-{name}")),
                ("USE", &format!("Representations/{name}")),
                ("csip:CONTENTINFORMATIONTYPE", CONTENT_TYPE),
            ],
        );
        file(&mut xml, mets, head.created);
        xml.close();
    }
    xml.close();
    physical(&mut xml, head, package);
    logical(&mut xml, "", &package.divisions);
    xml.finish()
}

/// The physical structMap CSIP requires: metadata, documentation,
/// schemas and each representation.
fn physical(xml: &mut Xml, head: &Head, package: &Package) {
    xml.open(
        "mets:structMap",
        &[("ID", "struktur"), ("TYPE", "PHYSICAL"), ("LABEL", "CSIP")],
    );
    xml.open("mets:div", &[("ID", "div-paket"), ("LABEL", head.objid)]);
    xml.empty(
        "mets:div",
        &[
            ("ID", "div-metadata"),
            ("LABEL", "Metadata"),
            ("ADMID", "digiprov-premis"),
            ("DMDID", "dmd-erms"),
        ],
    );
    for (id, label, group) in [
        ("div-dokumentation", "Documentation", "grupp-dokumentation"),
        ("div-scheman", "Schemas", "grupp-scheman"),
    ] {
        xml.open("mets:div", &[("ID", id), ("LABEL", label)])
            .empty("mets:fptr", &[("FILEID", group)])
            .close();
    }
    for (name, mets) in &package.representations {
        let group = format!("grupp-{name}");
        xml.open(
            "mets:div",
            &[
                ("ID", &format!("div-{name}")),
                ("LABEL", &format!("Representations/{name}")),
            ],
        )
        .empty(
            "mets:mptr",
            &[
                ("LOCTYPE", "URL"),
                ("xlink:type", "simple"),
                ("xlink:href", &href(&mets.path)),
                ("xlink:title", &group),
            ],
        )
        .empty("mets:fptr", &[("FILEID", &group)])
        .close();
    }
    xml.close().close();
}
