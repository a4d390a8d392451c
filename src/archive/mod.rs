//! Stage 6, the e-arkiv: meetings delivered as archival packages (FGS
//! Paketstruktur 2.0, which is E-ARK CSIP 2.1.0 with its SIP 2.1.0
//! profile, and CITS ERMS 2.1 as FGS Ärendehantering 2.0). One package
//! holds one meeting, or all of a nämnd's meetings of a year; each meeting
//! is two representations, its documents and its sources:
//!
//! ```text
//! <OBJID>/METS.xml
//!         metadata/descriptive/ERMS.xml      (ärenden, decisions, secrecy)
//!         metadata/preservation/PREMIS.xml   (fixity and format of every file)
//!         representations/dokument-<datum>/  (METS.xml, data/, metadata/)
//!         representations/kallor-<datum>/
//!         schemas/                           (the XSDs the package uses)
//!         documentation/paketbeskrivning.txt
//! ```
//!
//! The meetings are loaded and validated once ([`crate::meeting`]); their
//! documents come from the same compile and export stages as the nämnd's
//! own ([`contents`]); the metadata is written by [`mets`], [`premis`] and
//! [`erms`]. The package id is a UUID v5 of the organisation, the nämnd and
//! the date (or year), and every date in it comes from the sources or
//! `SOURCE_DATE_EPOCH`, so the same meetings give the same bytes.

mod cases;
pub mod contents;
mod erms;
mod mets;
mod premis;
mod xml;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Diagnostic, Error, Result};
use crate::export;
use crate::meeting::Meeting;
use cases::{case_label, cases};
use contents::{DataFile, MeetingContents};

/// The software agent the metadata names.
const TOOL: &str = "kallelse";
/// `mets/@PROFILE`: the E-ARK SIP profile.
const PROFILE: &str = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml";
/// Where packages go in the output root.
pub const ARCHIVE_DIR: &str = "arkiv";

/// The schemas the package uses, shipped inside it so that it validates
/// without a network (sources in `src/archive/schemas/README.md`).
const SCHEMAS: &[(&str, &[u8])] = &[
    (
        "DILCISExtensionMETS.xsd",
        include_bytes!("schemas/DILCISExtensionMETS.xsd"),
    ),
    (
        "DILCISExtensionSIPMETS.xsd",
        include_bytes!("schemas/DILCISExtensionSIPMETS.xsd"),
    ),
    ("ERMS.xsd", include_bytes!("schemas/ERMS.xsd")),
    ("mets.xsd", include_bytes!("schemas/mets.xsd")),
    ("premis.xsd", include_bytes!("schemas/premis.xsd")),
    ("xlink.xsd", include_bytes!("schemas/xlink.xsd")),
];

/// How `kallelse arkivera` packs.
#[derive(Debug, Clone, Default)]
pub struct ArchiveOptions {
    /// Output root; `<project>/output` when `None`.
    pub output: Option<PathBuf>,
    /// Archive meetings that have no protokoll (the metadata says so).
    pub utan_protokoll: bool,
    /// Also write the package as one `<OBJID>.tar`.
    pub tar: bool,
}

/// What a package holds: one meeting, or a nämnd's year.
#[derive(Debug, Clone)]
pub enum Scope {
    /// One meeting.
    Meeting,
    /// All of a nämnd's meetings of a year.
    Year(i32),
}

/// What `kallelse arkivera` wrote.
#[derive(Debug, Clone)]
pub struct ArchiveReport {
    /// The package's id.
    pub objid: String,
    /// Its folder.
    pub folder: PathBuf,
    /// Its tar file, with `--tar`.
    pub tar: Option<PathBuf>,
    /// Its files.
    pub files: usize,
    /// Their size in bytes.
    pub bytes: u64,
    /// The meetings in it, by date.
    pub meetings: Vec<String>,
    /// Problems that did not stop it.
    pub warnings: Vec<Diagnostic>,
}

/// Packs `meetings` (one, or a nämnd's year) and writes the package to
/// `<output>/arkiv/<OBJID>/`: written beside it first and renamed into
/// place, so that a failure leaves the previous package as it was.
pub fn archive(
    meetings: &[Meeting],
    scope: Scope,
    options: &ArchiveOptions,
) -> Result<ArchiveReport> {
    let Some(first) = meetings.first() else {
        return Err(Error::input(Diagnostic::error(
            "inga sammanträden att arkivera",
        )));
    };
    let root = first.sandbox.root();
    let output_root = export::output_root(root, options.output.as_deref());
    let mut warnings = Vec::new();
    let mut all = Vec::new();
    for meeting in meetings {
        all.push(contents::collect(
            meeting,
            &output_root,
            options.utan_protokoll,
            &mut warnings,
        )?);
    }
    let namnd = &all[0].packet.namnd;
    let (name, label) = match scope {
        Scope::Meeting => (all[0].date.clone(), all[0].title()),
        Scope::Year(year) => (
            year.to_string(),
            format!("{} sammanträden {year}", namnd.genitiv),
        ),
    };
    let objid = format!(
        "uuid-{}",
        uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_URL,
            format!(
                "kallelse:arkiv:{}/{}/{name}",
                namnd.organisation, namnd.forkortning
            )
            .as_bytes(),
        )
    );
    let created = created(&all)?;
    let files = package_files(&all, &objid, &label, &created);
    let folder = output_root.join(ARCHIVE_DIR).join(&objid);
    let tar_path = output_root.join(ARCHIVE_DIR).join(format!("{objid}.tar"));
    // Everything is made before anything is written.
    let tar = match options.tar {
        true => Some(tar_bytes(&objid, &files, &created)?),
        false => None,
    };
    export::replace_dir(&folder, &files)?;
    let tar = match tar {
        Some(bytes) => {
            export::write_atomic(&tar_path, &bytes)?;
            Some(tar_path)
        }
        None => {
            // A tar of an earlier run would no longer be this package.
            if tar_path.exists() {
                std::fs::remove_file(&tar_path)
                    .map_err(|e| Error::io("ta bort den gamla tar-filen", &tar_path, e))?;
            }
            None
        }
    };
    Ok(ArchiveReport {
        objid,
        folder,
        tar,
        files: files.len(),
        bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
        meetings: all.iter().map(|m| m.date.clone()).collect(),
        warnings,
    })
}

/// Every file of the package, by its path in it, in writing order: the
/// representations first, so that the root's checksums cover them.
fn package_files(
    meetings: &[MeetingContents],
    objid: &str,
    label: &str,
    created: &str,
) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut representations = Vec::new();
    let mut root_objects: Vec<(String, &DataFile)> = Vec::new();
    let mut divisions = Vec::new();
    let mut placed = Vec::new();
    for m in meetings {
        for (kind, data) in [("dokument", &m.documents), ("kallor", &m.sources)] {
            let rep = format!("{kind}-{}", m.date);
            let logical = if kind == "dokument" {
                rep_divisions(m, &rep)
            } else {
                Vec::new()
            };
            let mets = representation(&rep, data, created, &logical, &mut files);
            representations.push((rep.clone(), mets));
            root_objects.extend(
                data.iter()
                    .map(|f| (format!("representations/{rep}/data/{}", f.path), f)),
            );
        }
        let rep = format!("representations/dokument-{}/", m.date);
        divisions.push(meeting_division(m, &format!("{rep}METS.xml")));
        placed.push(erms::Placed {
            contents: m,
            data: format!("{rep}data/"),
        });
    }
    let organisation = meetings[0].packet.namnd.organisation.clone();
    let erms = erms::document(&placed, &organisation, created);
    let objects: Vec<premis::Object> = root_objects
        .iter()
        .map(|(path, f)| premis::Object {
            id: path.clone(),
            name: path.clone(),
            size: f.bytes.len(),
            checksum: &f.checksum,
            format: &f.format,
        })
        .collect();
    let premis = premis::document(&objects, created, "../../schemas/");
    let documentation = description(meetings, label).into_bytes();
    let mut refs = |path: &str, bytes: Vec<u8>, mime: &str, id: String| {
        let reference = file_ref(id, path, mime, &bytes);
        files.push((path.to_owned(), bytes));
        reference
    };
    let erms = refs(
        "metadata/descriptive/ERMS.xml",
        erms,
        "text/xml",
        "erms".into(),
    );
    let premis = refs(
        "metadata/preservation/PREMIS.xml",
        premis,
        "text/xml",
        "premis".into(),
    );
    let documentation = vec![refs(
        "documentation/paketbeskrivning.txt",
        documentation,
        "text/plain",
        "dokumentation-1".into(),
    )];
    let schemas = SCHEMAS
        .iter()
        .enumerate()
        .map(|(i, (name, bytes))| {
            refs(
                &format!("schemas/{name}"),
                bytes.to_vec(),
                "application/xml",
                format!("schema-{}", i + 1),
            )
        })
        .collect();
    let head = mets::Head {
        objid,
        label: Some(label),
        created,
        schemas: "schemas/",
    };
    let package = mets::Package {
        organisation: &organisation,
        erms,
        premis,
        documentation,
        schemas,
        representations,
        divisions,
    };
    files.push(("METS.xml".into(), mets::package(&head, &package)));
    files
}

/// Writes one representation's data, PREMIS and METS into `files`, and
/// returns its METS as the root lists it.
fn representation(
    rep: &str,
    data: &[DataFile],
    created: &str,
    divisions: &[mets::Division],
    files: &mut Vec<(String, Vec<u8>)>,
) -> mets::FileRef {
    let base = format!("representations/{rep}");
    let objects: Vec<premis::Object> = data
        .iter()
        .map(|f| premis::Object {
            id: format!("{rep}/data/{}", f.path),
            name: format!("data/{}", f.path),
            size: f.bytes.len(),
            checksum: &f.checksum,
            format: &f.format,
        })
        .collect();
    let premis = premis::document(&objects, created, "../../../../schemas/");
    let premis_ref = file_ref(
        format!("{rep}-premis-fil"),
        "metadata/preservation/PREMIS.xml",
        "text/xml",
        &premis,
    );
    let refs: Vec<mets::FileRef> = data
        .iter()
        .enumerate()
        .map(|(i, f)| mets::FileRef {
            id: file_id(rep, i),
            path: format!("data/{}", f.path),
            mime: f.format.mime.to_owned(),
            size: f.bytes.len(),
            checksum: f.checksum.clone(),
        })
        .collect();
    let head = mets::Head {
        objid: rep,
        label: None,
        created,
        schemas: "../../schemas/",
    };
    let mets = mets::representation(&head, &premis_ref, &refs, divisions);
    for f in data {
        files.push((format!("{base}/data/{}", f.path), f.bytes.clone()));
    }
    files.push((format!("{base}/metadata/preservation/PREMIS.xml"), premis));
    let root_ref = file_ref(
        format!("{rep}-mets"),
        &format!("{base}/METS.xml"),
        "text/xml",
        &mets,
    );
    files.push((format!("{base}/METS.xml"), mets));
    root_ref
}

/// The ID of a representation's `n`th data file.
fn file_id(rep: &str, n: usize) -> String {
    format!("{rep}-fil-{}", n + 1)
}

fn file_ref(id: String, path: &str, mime: &str, bytes: &[u8]) -> mets::FileRef {
    mets::FileRef {
        id,
        path: path.to_owned(),
        mime: mime.to_owned(),
        size: bytes.len(),
        checksum: sha256_hex(bytes),
    }
}

/// SHA-256 as upper-case hex, as the package writes checksums.
fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// The logical division of a meeting in the root METS: its ärenden with
/// their decisions, each pointing to the meeting's documents.
fn meeting_division(m: &MeetingContents, documents: &str) -> mets::Division {
    let children = cases(m)
        .into_iter()
        .map(|case| mets::Division {
            label: case_label(&case),
            files: Vec::new(),
            mets: Some(documents.to_owned()),
            children: Vec::new(),
        })
        .collect();
    mets::Division {
        label: m.title(),
        files: Vec::new(),
        mets: Some(documents.to_owned()),
        children,
    }
}

/// The logical divisions of a meeting's documents representation: the
/// meeting's own documents, then each ärende with its files.
fn rep_divisions(m: &MeetingContents, rep: &str) -> Vec<mets::Division> {
    let ids = |filter: &dyn Fn(&DataFile) -> bool| -> Vec<String> {
        m.documents
            .iter()
            .enumerate()
            .filter(|(_, f)| filter(f))
            .map(|(i, _)| file_id(rep, i))
            .collect()
    };
    let mut children = vec![mets::Division {
        label: "Kallelse, protokoll och anslag".into(),
        files: ids(&|f| f.arende.is_none()),
        mets: None,
        children: Vec::new(),
    }];
    for case in cases(m) {
        children.push(mets::Division {
            label: case_label(&case),
            files: ids(&|f| case.owns(f)),
            mets: None,
            children: Vec::new(),
        });
    }
    vec![mets::Division {
        label: m.title(),
        files: Vec::new(),
        mets: None,
        children,
    }]
}

/// `documentation/paketbeskrivning.txt`: the package in words, in Swedish.
fn description(meetings: &[MeetingContents], label: &str) -> String {
    let mut out = format!(
        "Arkivpaket: {label}\n\nSkapat av {TOOL} {} enligt FGS Paketstruktur 2.0 (E-ARK CSIP 2.1.0 och E-ARK SIP 2.1.0), med beskrivande metadata enligt CITS ERMS 2.1 (FGS Ärendehantering 2.0, metadata/descriptive/ERMS.xml) och bevarandemetadata enligt PREMIS 3.0 (metadata/preservation/PREMIS.xml). Scheman: METS 1.12.1, PREMIS 3.0, CITS ERMS 2.1.2, DILCIS CSIP/SIP-tillägg 2.1.0 (schemas/).\n\n",
        env!("CARGO_PKG_VERSION")
    );
    for m in meetings {
        out.push_str(&format!(
            "Sammanträdet {}:\n  representations/dokument-{d}: kallelsen med handlingar (PDF/A-2a), protokollet{}, anslaget, protokollsutdragen och varje bilaga som egen fil.\n  representations/kallor-{d}: källorna (YAML, Markdown, CSV och de filer texterna pekar på) som de ligger i projektet. Programmet kallelse {} bygger samma kallelse av dem: kopiera innehållet i data/ till en tom mapp och kör där `kallelse arkivera {}`.\n",
            m.date,
            match &m.protokoll {
                Some(p) if p.digital_justering.is_some() => " med sina elektroniska underskrifter (PAdES)",
                Some(_) if m.signed => " (delvis underskrivet: alla har inte skrivit under)",
                Some(_) => " (inte justerat digitalt)",
                None => " (finns inte: arkiverat utan protokoll)",
            },
            env!("CARGO_PKG_VERSION"),
            m.meeting_dir,
            d = m.date
        ));
    }
    out.push_str("\nSekretess: sekretessärenden och maskerade uppgifter finns i paketet i sin helhet och är märkta i ERMS.xml (restriction, med lagrum). De får inte lämnas ut utan sekretessprövning.\n");
    out
}

/// When the package was made: `SOURCE_DATE_EPOCH` when set, else the
/// latest day of its sources (a meeting, or a justering), in Swedish time.
fn created(meetings: &[MeetingContents]) -> Result<String> {
    if let Some(time) = export::source_date_epoch()? {
        return Ok(crate::calendar::iso_from_utc(time.naive_utc()));
    }
    let latest = meetings
        .iter()
        .flat_map(|m| {
            let justerad = m.protokoll.as_ref().map(|p| {
                p.digital_justering
                    .as_ref()
                    .map_or(p.justering.datum.clone(), |j| j.datum.clone())
            });
            std::iter::once(m.date.clone()).chain(justerad)
        })
        .max()
        .unwrap_or_default();
    local_time(&latest, "").ok_or_else(|| Error::Tool(format!("`{latest}` är inget datum")))
}

/// A day (ISO) and a time as written ("13:30", "13.30–16:10", or none)
/// as an xs:dateTime in Swedish time; `None` when the day is no date.
pub fn local_time(day: &str, time: &str) -> Option<String> {
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let digits: Vec<u32> = time
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(2)
        .filter_map(|p| p.parse().ok())
        .collect();
    let clock = match digits.as_slice() {
        [h, m] => chrono::NaiveTime::from_hms_opt(*h, *m, 0),
        _ => None,
    }
    .unwrap_or_default();
    Some(crate::calendar::iso_local(date.and_time(clock)))
}

/// The package as one tar file: its folder with every file, in path
/// order, owned by nobody and dated `created`, so the same package gives
/// the same bytes.
fn tar_bytes(objid: &str, files: &[(String, Vec<u8>)], created: &str) -> Result<Vec<u8>> {
    let mtime = chrono::DateTime::parse_from_rfc3339(created)
        .map(|t| t.timestamp().max(0) as u64)
        .unwrap_or(0);
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut builder = tar::Builder::new(Vec::new());
    builder.mode(tar::HeaderMode::Deterministic);
    let failed = |e: std::io::Error| Error::Tool(format!("tar-filen kunde inte skrivas: {e}"));
    for (path, bytes) in sorted {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(mtime);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        builder
            .append_data(&mut header, Path::new(objid).join(path), bytes.as_slice())
            .map_err(failed)?;
    }
    builder.into_inner().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_swedish_with_their_offset() {
        let at = |day, time| local_time(day, time).unwrap_or_default();
        assert_eq!(at("2026-11-12", "13:30"), "2026-11-12T13:30:00+01:00");
        assert_eq!(at("2026-06-12", "9.00–12.00"), "2026-06-12T09:00:00+02:00");
        assert_eq!(at("2026-11-19", ""), "2026-11-19T00:00:00+01:00");
        assert_eq!(local_time("inget", "13:30"), None);
    }
}
