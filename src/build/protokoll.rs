//! The pipeline for the protokoll, through the same stages as the kallelse:
//! load (`protokoll.yaml` beside the meeting) → validate (the packet, then
//! the protokoll against it) → render (the protokoll templates) → compile
//! (the protokoll, the anslag and one utdrag per paragraph, laid out in
//! parallel) → export (`protokoll.pdf`, `anslag.pdf`, `utdrag/`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use typst_layout::PagedDocument;

use super::{PartCache, PartOutput, compile_parts, dedup, stage, undrawable};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::{self, Sandbox, virtual_path};
use crate::render::{self, ProtokollDoc, Variant};
use crate::validate::protokoll::Protokoll;
use crate::validate::{self, Packet};
use crate::{compile, export};

/// The folder of the utdrag, inside the meeting's output folder.
pub const UTDRAG_DIR: &str = "utdrag";
/// The list of recipients and their utdrag, in the utdrag folder.
pub const SANDLISTA: &str = "sandlista.txt";

/// A meeting's protokoll taken through every stage but the export.
pub struct CompiledProtokoll {
    /// The meeting's packet (the ärenden the paragraphs print).
    pub packet: Packet,
    /// The validated protokoll.
    pub protokoll: Protokoll,
    /// The protokoll with the anslag as its last page.
    pub document: PagedDocument,
    /// The anslag on its own.
    pub anslag: PagedDocument,
    /// One utdrag per paragraph, in order (the full version only).
    pub utdrag: Vec<PagedDocument>,
    /// Warnings from every stage.
    pub warnings: Vec<Diagnostic>,
    worlds: Vec<Arc<compile::PacketWorld>>,
}

impl CompiledProtokoll {
    /// Exports one of the documents; `name` makes its PDF id stable.
    pub fn pdf(
        &self,
        document: &PagedDocument,
        name: &str,
        timestamp: Option<typst_pdf::Timestamp>,
        conformance: export::Conformance,
    ) -> Result<Vec<u8>> {
        let ident = format!("kallelse/{}/{name}", virtual_path(&self.packet.output_dir));
        super::export_pdf(document, &self.worlds, &ident, timestamp, conformance)
    }

    /// The document date of an archival (PDF/A) export: `SOURCE_DATE_EPOCH`
    /// when set, else the day of the justering.
    pub fn archival_timestamp(&self) -> Result<typst_pdf::Timestamp> {
        match export::timestamp_from_env()? {
            Some(timestamp) => Ok(timestamp),
            None => export::day_timestamp(&self.protokoll.justering.datum),
        }
    }
}

/// Loads and validates a meeting and its `protokoll.yaml`; a meeting
/// without one is an error that says how to start it.
pub fn validate_protokoll(sandbox: &Sandbox, dir: &Path) -> Result<(Packet, Protokoll)> {
    let loaded = load::load_meeting(sandbox, dir)?;
    let file = load::load_protokoll(sandbox, &loaded)?;
    let meeting = sandbox.relative(&loaded.dir).to_path_buf();
    let packet = validate::validate(loaded)?;
    let Some(file) = file else {
        return Err(Error::input(
            Diagnostic::error(format!(
                "sammanträdet {} har inget protokoll ({} saknas)",
                meeting.display(),
                load::PROTOKOLL_FILE
            ))
            .at(Location::file(meeting.join(load::PROTOKOLL_FILE)))
            .tips(format!(
                "skapa det med `kallelse ny protokoll {}` och fyll i det som hände på sammanträdet",
                meeting.display()
            )),
        ));
    };
    let protokoll = validate::protokoll::validate(sandbox, &packet, file)?;
    Ok((packet, protokoll))
}

/// render → compile: the protokoll, the anslag and (with `utdrag`) one
/// utdrag per paragraph, laid out in parallel.
pub fn compile_protokoll(
    sandbox: &Sandbox,
    packet: Packet,
    protokoll: Protokoll,
    variant: Variant,
    utdrag: bool,
) -> Result<CompiledProtokoll> {
    let packet = crate::public::packet(packet, variant)?;
    let mut protokoll = crate::public::protokoll(protokoll, variant)?;
    let started = Instant::now();
    let renderer = render::Renderer::new(sandbox.root())?;
    let base = compile::WorldBase::new(sandbox.root())?;
    let mut jobs = vec![
        renderer.render_protokoll(&packet, &protokoll, variant, ProtokollDoc::Protokoll)?,
        renderer.render_protokoll(&packet, &protokoll, variant, ProtokollDoc::Anslag)?,
    ];
    if utdrag {
        for index in 0..protokoll.paragrafer.len() {
            jobs.push(renderer.render_protokoll(
                &packet,
                &protokoll,
                variant,
                ProtokollDoc::Utdrag(index),
            )?);
        }
    }
    stage("protokollets mallar", started);
    let started = Instant::now();
    let mut warnings = std::mem::take(&mut protokoll.warnings);
    let parts = compile_parts(
        &base,
        sandbox,
        jobs,
        packet.meeting_date,
        &mut PartCache::default(),
        &mut warnings,
    )?;
    stage("typst, protokollet", started);
    undrawable(&parts, &mut warnings);
    typst::comemo::evict(0);
    let mut documents = parts.into_iter().map(
        |PartOutput {
             document, world, ..
         }| (document, world),
    );
    let (document, first) = documents.next().expect("the protokoll");
    let (anslag, second) = documents.next().expect("the anslag");
    let mut worlds = vec![first, second];
    let mut utdrag = Vec::new();
    for (document, world) in documents {
        utdrag.push(document);
        worlds.push(world);
    }
    Ok(CompiledProtokoll {
        packet,
        protokoll,
        document,
        anslag,
        utdrag,
        warnings: dedup(warnings),
        worlds,
    })
}

/// Checks a meeting's protokoll as `kallelse protokoll` would, writing
/// nothing. Problems of the kallelse itself are left to the kallelse's
/// check; a meeting without `protokoll.yaml` has nothing to check.
pub fn check_protokoll(sandbox: &Sandbox, dir: &Path) -> Result<Vec<Diagnostic>> {
    if !dir.join(load::PROTOKOLL_FILE).is_file() {
        return Ok(Vec::new());
    }
    let loaded = match load::load_meeting(sandbox, dir) {
        Ok(loaded) => loaded,
        Err(Error::Input(_)) => return Ok(Vec::new()),
        Err(tool) => return Err(tool),
    };
    let file = match load::load_protokoll(sandbox, &loaded) {
        Ok(Some(file)) => file,
        Ok(None) => return Ok(Vec::new()),
        Err(Error::Input(found)) => return Ok(found),
        Err(tool) => return Err(tool),
    };
    let Ok(packet) = validate::validate(loaded) else {
        return Ok(Vec::new());
    };
    let protokoll = match validate::protokoll::validate(sandbox, &packet, file) {
        Ok(protokoll) => protokoll,
        Err(Error::Input(found)) => return Ok(found),
        Err(tool) => return Err(tool),
    };
    match compile_protokoll(sandbox, packet, protokoll, Variant::Full, false) {
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
pub fn build_protokoll(
    sandbox: &Sandbox,
    dir: &Path,
    options: &ProtokollOptions,
) -> Result<ProtokollReport> {
    let started = Instant::now();
    let (packet, protokoll) = validate_protokoll(sandbox, dir)?;
    stage("läsa och kontrollera protokollet", started);
    let compiled = compile_protokoll(sandbox, packet, protokoll, Variant::Full, true)?;
    let started = Instant::now();
    let timestamp = export::timestamp_from_env()?;
    let plain = export::Conformance::Plain;
    let protokoll_pdf = compiled.pdf(&compiled.document, "protokoll", timestamp, plain)?;
    let anslag_pdf = compiled.pdf(&compiled.anslag, "anslag", timestamp, plain)?;
    let mut utdrag_files = Vec::new();
    for (paragraf, document) in compiled.protokoll.paragrafer.iter().zip(&compiled.utdrag) {
        let bytes = compiled.pdf(
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

    let out_root = options
        .output
        .clone()
        .unwrap_or_else(|| sandbox.root().join("output"));
    let out_dir = out_root.join(&compiled.packet.output_dir);
    let protokoll_path = out_dir.join("protokoll.pdf");
    let anslag_path = out_dir.join("anslag.pdf");
    let utdrag_dir = out_dir.join(UTDRAG_DIR);
    crate::publish::replace_dir(&utdrag_dir, &utdrag_files)?;
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
