//! The pipeline's orchestration, and nothing else: a meeting loaded and
//! validated once ([`Meeting`]) goes through render → compile → export to
//! the kallelse, and the protokoll the same way ([`protokoll`]). The
//! stages themselves live in their modules; this one only runs them.

pub mod protokoll;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::compile::{self, PartCache};
use crate::error::{Diagnostic, Error, Result};
use crate::load::Sandbox;
use crate::meeting::Meeting;
use crate::timing::stage;
use crate::{export, render};

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
    let mut meetings = sandbox.meetings_under(&search);
    // Of many meetings, those only planned (no ärenden yet) have nothing to
    // build or check; named on its own, or when every meeting is planned, a
    // meeting is taken (and its build says what it lacks).
    if meetings.len() > 1 && meetings.iter().any(|dir| !crate::load::is_planned(dir)) {
        meetings.retain(|dir| !crate::load::is_planned(dir));
    }
    if meetings.is_empty() {
        return Err(no_meetings(&search));
    }
    Ok((sandbox, meetings))
}

/// No meeting folder under `search`.
pub fn no_meetings(search: &Path) -> Error {
    Error::input(
        Diagnostic::error(format!(
            "hittade inget sammanträde (ingen sammantrade.yaml) under {}",
            search.display()
        ))
        .tips("ett sammanträde är en mapp content/<nämnd>/<datum>/ med filen sammantrade.yaml"),
    )
}

/// Checks a meeting's kallelse as `bygg` would, without writing anything:
/// every problem typst finds besides those of validation, errors and
/// warnings.
pub fn check_meeting(meeting: &Meeting) -> Result<Vec<Diagnostic>> {
    match compile::compile_packet(meeting, render::Variant::Full) {
        Ok(compiled) => Ok(compiled.warnings),
        Err(Error::Input(diagnostics)) => Ok(diagnostics),
        Err(tool) => Err(tool),
    }
}

/// Builds the kallelse of a meeting and writes `kallelse.pdf`, reusing
/// unchanged parts from `cache` (`bevaka` keeps one between builds).
pub fn build_meeting(
    meeting: &Meeting,
    options: &BuildOptions,
    cache: &mut PartCache,
) -> Result<BuildReport> {
    let compiled = compile::compile_packet_cached(meeting, render::Variant::Full, cache)?;
    let started = Instant::now();
    let bytes = export::packet_pdf(
        &compiled,
        export::timestamp_from_env()?,
        export::Conformance::Plain,
    )?;
    stage("PDF-export", started);
    let out_dir = export::output_root(meeting.sandbox.root(), options.output.as_deref())
        .join(&compiled.output_dir);
    let pdf_path = out_dir.join("kallelse.pdf");
    if options.keep_typst {
        // The whole packet as one typst source, for review.
        let rendered = render::render(
            meeting.sandbox.root(),
            &compiled.packet,
            render::Variant::Full,
        )?;
        export::write_atomic(
            &out_dir.join("kallelse.typ"),
            rendered.main_text().as_bytes(),
        )?;
    }
    export::write_atomic(&pdf_path, &bytes)?;
    Ok(BuildReport {
        pdf: pdf_path,
        pages: compiled.document.pages().len(),
        warnings: compiled.warnings,
    })
}
