//! The pipeline: load → validate → render → compile → export, for one
//! meeting or every meeting of a project.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, Sandbox, virtual_path};
use crate::{compile, export, render, validate};

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output root; `<project>/output` when `None`.
    pub output: Option<PathBuf>,
    /// Also write the generated typst source beside the PDF (for review).
    pub keep_typst: bool,
}

/// What a successful build of one meeting produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The PDF written.
    pub pdf: PathBuf,
    /// Number of pages.
    pub pages: usize,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// The meeting folders a command names: a meeting folder itself, or every
/// meeting below a folder (the project's `content/` when none is given).
pub fn resolve_meetings(folder: Option<&Path>) -> Result<(Sandbox, Vec<PathBuf>)> {
    let start = folder.unwrap_or(Path::new("."));
    if !start.exists() {
        return Err(Error::input(
            Diagnostic::error(format!("mappen {} finns inte", start.display()))
                .tips("ange en sammanträdesmapp som content/socialnamnden/2026-12-10"),
        ));
    }
    let sandbox = Sandbox::discover(start)?;
    let search = match folder {
        Some(dir) => dir
            .canonicalize()
            .map_err(|e| Error::io("läsa mappen", dir, e))?,
        None => sandbox.root().join("content"),
    };
    let meetings = sandbox.meetings_under(&search);
    if meetings.is_empty() {
        return Err(Error::input(
            Diagnostic::error(format!(
                "hittade inget sammanträde (ingen sammantrade.yaml) under {}",
                search.display()
            ))
            .tips("ett sammanträde är en mapp content/<nämnd>/<datum>/ med filen sammantrade.yaml"),
        ));
    }
    Ok((sandbox, meetings))
}

/// A meeting taken through every stage but the export: the laid-out
/// document and everything found on the way.
pub struct Compiled {
    /// The validated packet.
    pub packet: validate::Packet,
    /// The typst sources it was rendered to.
    pub rendered: render::RenderedPacket,
    /// The laid-out document.
    pub document: typst_layout::PagedDocument,
    /// Warnings from every stage.
    pub warnings: Vec<Diagnostic>,
    /// The typst world it was compiled in (maps export errors to files).
    pub world: compile::PacketWorld,
}

impl Compiled {
    /// Exports the document to PDF bytes; export errors (a standard the
    /// document does not meet) are reported at the template or file.
    pub fn pdf(
        &self,
        timestamp: Option<typst_pdf::Timestamp>,
        conformance: export::Conformance,
    ) -> Result<Vec<u8>> {
        let ident = format!("kallelse/{}", virtual_path(&self.packet.output_dir));
        export::pdf(&self.document, &ident, timestamp, conformance)
            .map_err(|errors| Error::Input(self.world.diagnostics(&errors)))
    }
}

/// load → validate → render → compile, writing nothing.
fn compile_meeting(sandbox: &Sandbox, dir: &Path) -> Result<Compiled> {
    let loaded = load::load_meeting(sandbox, dir)?;
    let packet = validate::validate(loaded)?;
    compile_packet(sandbox, packet, render::Variant::Full)
}

/// render → compile for a validated packet.
pub fn compile_packet(
    sandbox: &Sandbox,
    mut packet: validate::Packet,
    variant: render::Variant,
) -> Result<Compiled> {
    let rendered = render::render(sandbox.root(), &packet, variant)?;
    let today = chrono::NaiveDate::parse_from_str(&packet.sammantrade.datum, "%Y-%m-%d")
        .map_err(|_| Error::Tool("sammanträdets datum".into()))?;
    let world = compile::PacketWorld::new(sandbox, &rendered, today)?;
    let mut warnings = std::mem::take(&mut packet.warnings);
    let (document, typst_warnings) = match compile::compile(&world) {
        Ok(compiled) => compiled,
        Err(Error::Input(mut errors)) => {
            errors.extend(warnings);
            return Err(Error::Input(errors));
        }
        Err(other) => return Err(other),
    };
    warnings.extend(typst_warnings);
    for c in world.undrawable_chars(rendered.main_text()) {
        warnings.push(
            Diagnostic::warning(format!(
                "tecknet {c} (U+{:04X}) finns inte i något typsnitt och syns inte i PDF:en",
                c as u32
            ))
            .tips("ta bort tecknet eller lägg ett typsnitt som har det i projektets mapp fonts/"),
        );
    }
    Ok(Compiled {
        packet,
        rendered,
        document,
        warnings,
        world,
    })
}

/// Checks a meeting as `bygg` would, without writing anything: every
/// problem found, errors and warnings.
pub fn check_meeting(sandbox: &Sandbox, dir: &Path) -> Result<Vec<Diagnostic>> {
    match compile_meeting(sandbox, dir) {
        Ok(compiled) => Ok(compiled.warnings),
        Err(Error::Input(diagnostics)) => Ok(diagnostics),
        Err(tool) => Err(tool),
    }
}

/// Builds the packet of one meeting and writes `kallelse.pdf`.
pub fn build_meeting(sandbox: &Sandbox, dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let compiled = compile_meeting(sandbox, dir)?;
    let bytes = compiled.pdf(export::timestamp_from_env()?, export::Conformance::Plain)?;
    let Compiled {
        packet,
        rendered,
        document,
        warnings,
        ..
    } = compiled;

    let out_root = options
        .output
        .clone()
        .unwrap_or_else(|| sandbox.root().join("output"));
    let out_dir = out_root.join(&packet.output_dir);
    let pdf_path = out_dir.join("kallelse.pdf");
    if options.keep_typst {
        export::write_atomic(
            &out_dir.join("kallelse.typ"),
            rendered.main_text().as_bytes(),
        )?;
    }
    export::write_atomic(&pdf_path, &bytes)?;
    Ok(BuildReport {
        pdf: pdf_path,
        pages: document.pages().len(),
        warnings,
    })
}
