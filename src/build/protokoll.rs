//! The protokoll's orchestration: a meeting's protokoll, validated with
//! the meeting ([`Meeting`]), goes through render → compile → export to
//! `protokoll.pdf`, `anslag.pdf` and one protokollsutdrag per paragraph.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::compile::{self, CompiledProtokoll};
use crate::error::{Diagnostic, Error, Result};
use crate::export::{self, Conformance};
use crate::meeting::Meeting;
use crate::render::Variant;
use crate::signature;
use crate::timing::stage;
use crate::validate::Packet;
use crate::validate::protokoll::Protokoll;

/// The folder of the utdrag, inside the meeting's output folder.
pub const UTDRAG_DIR: &str = "utdrag";
/// The list of recipients and their utdrag, in the utdrag folder.
pub const SANDLISTA: &str = "sandlista.txt";

/// Checks a meeting's protokoll as `kallelse protokoll` would, writing
/// nothing: its own problems, and what typst finds. A meeting without
/// `protokoll.yaml` has nothing to check.
pub fn check_protokoll(meeting: &Meeting) -> Result<Vec<Diagnostic>> {
    if meeting.protokoll.is_none() {
        return Ok(Vec::new());
    }
    match compile::compile_protokoll(meeting, Variant::Full, false) {
        Ok(compiled) => Ok(compiled.warnings),
        Err(Error::Input(found)) => Ok(found),
        Err(tool) => Err(tool),
    }
}

/// Options of a protokoll build.
#[derive(Debug, Clone, Default)]
pub struct ProtokollOptions {
    /// Output root; `<project>/output` when `None`.
    pub output: Option<PathBuf>,
}

/// What a protokoll build wrote.
#[derive(Debug, Clone)]
pub struct ProtokollReport {
    /// `protokoll.pdf`.
    pub protokoll: PathBuf,
    /// Its pages.
    pub pages: usize,
    /// `anslag.pdf`.
    pub anslag: PathBuf,
    /// The utdrag folder.
    pub utdrag_dir: PathBuf,
    /// The utdrag written, by file name.
    pub utdrag: Vec<String>,
    /// The paragraph range, "§§ 121–130".
    pub paragrafer: String,
    /// The anslag dates: (rubrik, up, down).
    pub anslag_dates: Vec<(String, String, String)>,
    /// A signed `protokoll.pdf` was kept as it was.
    pub kept_signed: bool,
    /// The day of the digital justering, when everyone has signed.
    pub justerad_digitalt: Option<String>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// A meeting's protokoll documents as they are made now.
pub struct ProtokollDocuments {
    /// `protokoll.pdf`: the signed file when it has been signed (and its
    /// sources still build what was signed), else as built.
    pub protokoll: Vec<u8>,
    /// Whether `protokoll` is the signed file.
    pub signed: bool,
    /// `anslag.pdf`.
    pub anslag: Vec<u8>,
    /// The utdrag, by file name, and the sändlista.
    pub utdrag: Vec<NamedFile>,
    /// The protokoll's pages.
    pub pages: usize,
    /// The protokoll as its documents show it (justerat, when everyone has
    /// signed).
    pub validated: Protokoll,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// Makes the protokoll, the anslag and the utdrag of one meeting, whose
/// protokoll may have been signed in `output_root`. A protokoll that has
/// been signed is kept as it is, as long as its sources still build what
/// was signed; once everyone has signed, the anslag and the utdrag count
/// from the day of the last signature (see [`crate::signature`]).
pub fn protokoll_documents(meeting: &Meeting, output_root: &Path) -> Result<ProtokollDocuments> {
    let protokoll_path = output_root
        .join(&meeting.facts.output_dir)
        .join(signature::PROTOKOLL_PDF);
    let signed = signature::signed_file(&protokoll_path);
    let justerad = match &signed {
        Some(file) => signature::justerad_with(meeting, file)?,
        None => None,
    };
    let compiled =
        compile::compile_protokoll(justerad.as_ref().unwrap_or(meeting), Variant::Full, true)?;
    let started = Instant::now();
    // What is signed is the protokoll as its sources plan the justering,
    // not as it happened.
    // The protokoll, the anslag and the utdrag are exported on every core:
    // each is a document of its own.
    let (built, others) = crate::parallel::join(
        || match &justerad {
            Some(_) => signature::rebuilt_protokoll(meeting),
            None => signature::protokoll_pdf(&compiled),
        },
        || anslag_and_utdrag(&compiled),
    );
    let (built, (anslag, utdrag)) = (built?, others?);
    stage("PDF-export, protokollet", started);
    let was_signed = signed.is_some();
    let protokoll = match signed {
        Some(file) => {
            signature::refuse_to_replace(&protokoll_path, &file, &built)?;
            file
        }
        None => built,
    };
    Ok(ProtokollDocuments {
        signed: was_signed,
        protokoll,
        anslag,
        utdrag,
        pages: compiled.document.pages().len(),
        validated: compiled.protokoll,
        warnings: compiled.warnings,
    })
}

/// Builds the protokoll of one meeting and writes `protokoll.pdf`,
/// `anslag.pdf` and `utdrag/` (one PDF per paragraph and `sandlista.txt`).
/// Nothing is written unless every document was made, and a signed
/// protokoll is never written over ([`protokoll_documents`]).
pub fn build_protokoll(meeting: &Meeting, options: &ProtokollOptions) -> Result<ProtokollReport> {
    let output_root = export::output_root(meeting.sandbox.root(), options.output.as_deref());
    let documents = protokoll_documents(meeting, &output_root)?;
    let out_dir = output_root.join(&meeting.facts.output_dir);
    let protokoll_path = out_dir.join(signature::PROTOKOLL_PDF);
    let utdrag_dir = out_dir.join(UTDRAG_DIR);
    let anslag_path = out_dir.join("anslag.pdf");
    export::replace_dir(&utdrag_dir, &documents.utdrag)?;
    export::write_atomic(&anslag_path, &documents.anslag)?;
    if !documents.signed {
        export::write_atomic(&protokoll_path, &documents.protokoll)?;
    }
    let protokoll = &documents.validated;
    Ok(ProtokollReport {
        protokoll: protokoll_path,
        kept_signed: documents.signed,
        pages: documents.pages,
        anslag: anslag_path,
        utdrag_dir,
        utdrag: protokoll
            .paragrafer
            .iter()
            .map(|p| p.utdrag.clone())
            .collect(),
        paragrafer: protokoll.paragrafintervall.clone(),
        anslag_dates: protokoll
            .anslag
            .iter()
            .map(|a| (a.rubrik.clone(), a.upp.clone(), a.ned.clone()))
            .collect(),
        justerad_digitalt: protokoll
            .digital_justering
            .as_ref()
            .map(|j| j.datum.clone()),
        warnings: documents.warnings,
    })
}

/// A file to write: its name and bytes.
pub type NamedFile = (String, Vec<u8>);

/// The anslag and the utdrag (with the sändlista) as files, PDF/UA-1 and
/// PDF/A-2a like the protokoll, dated by the day the protokoll was
/// justerat.
fn anslag_and_utdrag(compiled: &CompiledProtokoll) -> Result<(Vec<u8>, Vec<NamedFile>)> {
    let protokoll = &compiled.protokoll;
    let day = protokoll
        .digital_justering
        .as_ref()
        .map_or(&protokoll.justering.datum, |j| &j.datum);
    let timestamp = Some(export::archival_timestamp(day)?);
    let pdf = |document, name: &str| {
        export::protokoll_pdf(compiled, document, name, timestamp, Conformance::Accessible)
    };
    // The anslag first, then the utdrag, each its own document.
    let documents: Vec<(&str, &typst_layout::PagedDocument)> =
        std::iter::once(("anslag", &compiled.anslag))
            .chain(
                protokoll
                    .paragrafer
                    .iter()
                    .map(|p| p.utdrag.as_str())
                    .zip(&compiled.utdrag),
            )
            .collect();
    let mut exported = crate::parallel::map(&documents, |(name, document)| {
        let path = if *name == "anslag" {
            (*name).to_owned()
        } else {
            format!("utdrag/{name}")
        };
        pdf(document, &path)
    })
    .into_iter();
    let anslag = exported.next().expect("anslaget")?;
    let mut utdrag = Vec::new();
    for ((name, _), bytes) in documents.iter().skip(1).zip(exported) {
        utdrag.push(((*name).to_owned(), bytes?));
    }
    utdrag.push((
        SANDLISTA.to_owned(),
        sandlista(&compiled.packet, protokoll).into_bytes(),
    ));
    Ok((anslag, utdrag))
}

/// The list of recipients: for each one, the utdrag to send.
fn sandlista(packet: &Packet, protokoll: &Protokoll) -> String {
    let mut out = format!(
        "Sändlista för protokollsutdrag\n{}, sammanträde {} ({})\n",
        packet.namnd.namn, packet.sammantrade.datum, protokoll.paragrafintervall
    );
    if protokoll.mottagare.is_empty() {
        out.push_str("\nInga beslut har mottagare (beslutet_skickas_till).\n");
    }
    for mottagare in &protokoll.mottagare {
        out.push_str(&format!("\n{}\n", mottagare.namn));
        for (fil, etikett, rubrik) in &mottagare.utdrag {
            out.push_str(&format!("  {fil}  {etikett} {rubrik}\n"));
        }
    }
    let without: Vec<&str> = protokoll
        .paragrafer
        .iter()
        .filter(|p| p.beslutet_skickas_till.is_empty())
        .map(|p| p.etikett.as_str())
        .collect();
    if !without.is_empty() {
        out.push_str(&format!("\nUtan mottagare: {}\n", without.join(", ")));
    }
    out
}
