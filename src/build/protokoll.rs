//! The protokoll's orchestration: a meeting's protokoll, validated with
//! the meeting ([`Meeting`]), goes through render → compile → export to
//! `protokoll.pdf`, `anslag.pdf` and one protokollsutdrag per paragraph.

use std::path::PathBuf;
use std::time::Instant;

use crate::compile;
use crate::error::{Diagnostic, Error, Result};
use crate::export;
use crate::meeting::Meeting;
use crate::render::Variant;
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
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// Builds the protokoll of one meeting and writes `protokoll.pdf`,
/// `anslag.pdf` and `utdrag/` (one PDF per paragraph and `sandlista.txt`).
/// Nothing is written unless every document was made.
pub fn build_protokoll(meeting: &Meeting, options: &ProtokollOptions) -> Result<ProtokollReport> {
    let compiled = compile::compile_protokoll(meeting, Variant::Full, true)?;
    let started = Instant::now();
    let timestamp = export::timestamp_from_env()?;
    let plain = export::Conformance::Plain;
    let pdf =
        |document, name: &str| export::protokoll_pdf(&compiled, document, name, timestamp, plain);
    let protokoll_pdf = pdf(&compiled.document, "protokoll")?;
    let anslag_pdf = pdf(&compiled.anslag, "anslag")?;
    let mut utdrag_files = Vec::new();
    for (paragraf, document) in compiled.protokoll.paragrafer.iter().zip(&compiled.utdrag) {
        let bytes = export::protokoll_pdf(
            &compiled,
            document,
            &format!("utdrag/{}", paragraf.utdrag),
            timestamp,
            plain,
        )?;
        utdrag_files.push((paragraf.utdrag.clone(), bytes));
    }
    utdrag_files.push((
        SANDLISTA.to_owned(),
        sandlista(&compiled.packet, &compiled.protokoll).into_bytes(),
    ));
    stage("PDF-export, protokollet", started);

    let out_dir = export::output_root(meeting.sandbox.root(), options.output.as_deref())
        .join(&compiled.output_dir);
    let protokoll_path = out_dir.join(crate::signature::PROTOKOLL_PDF);
    let anslag_path = out_dir.join("anslag.pdf");
    let utdrag_dir = out_dir.join(UTDRAG_DIR);
    crate::signature::refuse_to_replace(&protokoll_path)?;
    export::replace_dir(&utdrag_dir, &utdrag_files)?;
    export::write_atomic(&anslag_path, &anslag_pdf)?;
    export::write_atomic(&protokoll_path, &protokoll_pdf)?;
    Ok(ProtokollReport {
        protokoll: protokoll_path,
        pages: compiled.document.pages().len(),
        anslag: anslag_path,
        utdrag_dir,
        utdrag: compiled
            .protokoll
            .paragrafer
            .iter()
            .map(|p| p.utdrag.clone())
            .collect(),
        paragrafer: compiled.protokoll.paragrafintervall.clone(),
        anslag_dates: compiled
            .protokoll
            .anslag
            .iter()
            .map(|a| (a.rubrik.clone(), a.upp.clone(), a.ned.clone()))
            .collect(),
        warnings: compiled.warnings,
    })
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
