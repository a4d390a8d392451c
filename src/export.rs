//! Stage 5, export: the laid-out pages become PDF bytes with fixed metadata,
//! and files are replaced atomically (written beside the target, then
//! renamed), so a failed build never leaves a half-written packet.

use std::io::Write as _;
use std::path::Path;

use typst::diag::SourceDiagnostic;
use typst::ecow::EcoVec;
use typst::foundations::{Datetime, Smart};
use typst::syntax::Span;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::compile::{Compiled, CompiledProtokoll, PacketWorld};
use crate::error::{Error, Result};
use crate::load::virtual_path;

/// `SOURCE_DATE_EPOCH` as a time, when it is set: the one time every
/// reproducible output is dated by.
pub fn source_date_epoch() -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let seconds: i64 = value.trim().parse().map_err(|_| {
        Error::Tool(format!(
            "SOURCE_DATE_EPOCH måste vara ett heltal (sekunder sedan 1970), inte `{value}`"
        ))
    })?;
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(Some)
        .ok_or_else(|| {
            Error::Tool(format!(
                "SOURCE_DATE_EPOCH `{value}` ligger utanför kalendern"
            ))
        })
}

/// The document timestamp: `SOURCE_DATE_EPOCH` when set, otherwise none, so
/// the same input always gives the same bytes.
pub fn timestamp_from_env() -> Result<Option<Timestamp>> {
    let Some(time) = source_date_epoch()? else {
        return Ok(None);
    };
    use chrono::{Datelike, Timelike};
    let datetime = Datetime::from_ymd_hms(
        time.year(),
        time.month() as u8,
        time.day() as u8,
        time.hour() as u8,
        time.minute() as u8,
        time.second() as u8,
    )
    .ok_or_else(|| Error::Tool("SOURCE_DATE_EPOCH kunde inte tolkas".into()))?;
    Ok(Some(Timestamp::new_utc(datetime)))
}

/// Midnight UTC of an ISO day: the document date of an archival (PDF/A)
/// export when `SOURCE_DATE_EPOCH` is not set (PDF/A needs one; a date
/// from the content keeps the output reproducible).
pub fn day_timestamp(date: &str) -> Result<Timestamp> {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| Error::Tool(format!("`{date}` är inget datum")))?;
    use chrono::Datelike;
    Datetime::from_ymd_hms(day.year(), day.month() as u8, day.day() as u8, 0, 0, 0)
        .map(Timestamp::new_utc)
        .ok_or_else(|| Error::Tool(format!("`{date}` är inget datum")))
}

/// The PDF standards an export claims and typst validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conformance {
    /// Tagged PDF without a claimed standard (the full packet, which embeds
    /// PDF bilagor and so cannot conform).
    Plain,
    /// PDF/UA-1 and PDF/A-2a (the web version). Needs a timestamp.
    Accessible,
    /// PDF/A-2a alone: a bilaga laid out on its own for the e-arkiv, whose
    /// headings start below level 1 as they do inside the packet (PDF/UA
    /// wants a document to start at level 1). Needs a timestamp.
    Archival,
}

/// Exports the document to PDF bytes. `ident` must be stable for the packet
/// (it becomes the PDF's document id).
pub fn pdf(
    document: &PagedDocument,
    ident: &str,
    timestamp: Option<Timestamp>,
    conformance: Conformance,
) -> std::result::Result<Vec<u8>, EcoVec<SourceDiagnostic>> {
    let claimed: &[PdfStandard] = match conformance {
        Conformance::Plain => &[],
        Conformance::Accessible => &[PdfStandard::Ua_1, PdfStandard::A_2a],
        Conformance::Archival => &[PdfStandard::A_2a],
    };
    let standards = PdfStandards::new(claimed).map_err(|e| {
        EcoVec::from([SourceDiagnostic::error(
            Span::detached(),
            e.message().clone(),
        )])
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("kallelse {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options)
}

/// A builder of temporary files (or folders) that get the mode of an
/// ordinary new file: read and write for all (and search, for a folder),
/// less what the user's umask takes away, which the system applies at
/// creation. A temporary file is otherwise private (0600), and the rename
/// into place keeps that.
pub(crate) fn temp_builder(prefix: &str, folder: bool) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(if folder {
            0o777
        } else {
            0o666
        }));
    }
    #[cfg(not(unix))]
    let _ = folder;
    builder
}

/// Replaces `target` with `bytes` atomically: a temporary file in the same
/// folder is written, synced and renamed over the target. The file gets
/// the mode of any new file under the user's umask.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<()> {
    let dir = target
        .parent()
        .ok_or_else(|| Error::Tool(format!("{} har ingen mapp", target.display())))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io("skapa mappen", dir, e))?;
    let mut file = temp_builder(".kallelse-", false)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("skapa en tillfällig fil i", dir, e))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| Error::io("skriva", target, e))?;
    file.persist(target)
        .map_err(|e| Error::io("ersätta", target, e.error))?;
    Ok(())
}

/// Exports a laid-out document; export errors (a standard the document
/// does not meet) are reported at the template or file, through the world
/// that holds their source.
pub fn document_pdf(
    document: &PagedDocument,
    worlds: &[std::sync::Arc<PacketWorld>],
    ident: &str,
    timestamp: Option<Timestamp>,
    conformance: Conformance,
) -> Result<Vec<u8>> {
    pdf(document, ident, timestamp, conformance).map_err(|errors| {
        let mut all = Vec::new();
        for error in &errors {
            if let Some(text) = undisplayable_text(&error.message) {
                all.push(undisplayable(text));
                continue;
            }
            let world = error
                .span
                .id()
                .and_then(|id| worlds.iter().find(|w| w.has_source(id)))
                .or(worlds.first());
            if let Some(world) = world {
                all.extend(world.diagnostics(std::slice::from_ref(error)));
            }
        }
        Error::Input(crate::compile::parts::dedup(all))
    })
}

/// The text of typst's error for glyphs no font has, which PDF/A and
/// PDF/UA refuse: "the text `"✅"` could not be displayed with font …".
fn undisplayable_text(message: &str) -> Option<&str> {
    let rest = &message[message.find("the text `\"")? + "the text `\"".len()..];
    let end = rest.find("\"` could not be displayed")?;
    Some(&rest[..end])
}

/// The error for characters no font can draw, in a document that must
/// show all its text (PDF/A, PDF/UA). The generated source's position
/// would not help: the character is named, to be found in the texts.
fn undisplayable(text: &str) -> crate::error::Diagnostic {
    let named: Vec<String> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| format!("{c} (U+{:04X})", c as u32))
        .collect();
    crate::error::Diagnostic::error(format!(
        "tecknet {} finns inte i något typsnitt, och PDF/A och PDF/UA kräver att all text syns",
        named.join(", ")
    ))
    .tips("sök efter tecknet i sammanträdets texter och ta bort det, eller lägg ett typsnitt som har det i projektets mapp fonts/")
}

/// Where a command writes: `--utdata MAPP`, else the project's `output/`.
pub fn output_root(root: &Path, output: Option<&Path>) -> std::path::PathBuf {
    output.map_or_else(|| root.join("output"), Path::to_path_buf)
}

/// The kallelse as PDF bytes.
pub fn packet_pdf(
    compiled: &Compiled,
    timestamp: Option<Timestamp>,
    conformance: Conformance,
) -> Result<Vec<u8>> {
    let ident = format!("kallelse/{}", virtual_path(&compiled.output_dir));
    document_pdf(
        &compiled.document,
        &compiled.worlds,
        &ident,
        timestamp,
        conformance,
    )
}

/// One of the protokoll's documents as PDF bytes; `name` makes its PDF id
/// stable.
pub fn protokoll_pdf(
    compiled: &CompiledProtokoll,
    document: &PagedDocument,
    name: &str,
    timestamp: Option<Timestamp>,
    conformance: Conformance,
) -> Result<Vec<u8>> {
    let ident = format!("kallelse/{}/{name}", virtual_path(&compiled.output_dir));
    document_pdf(document, &compiled.worlds, &ident, timestamp, conformance)
}

/// The document date of an archival (PDF/A) export: `SOURCE_DATE_EPOCH`
/// when set, else the day `date` (ISO).
pub fn archival_timestamp(date: &str) -> Result<Timestamp> {
    match timestamp_from_env()? {
        Some(timestamp) => Ok(timestamp),
        None => day_timestamp(date),
    }
}

/// Replaces the folder `target` with one holding `files`: the new folder is
/// written beside it and renamed into place, so readers see either the old
/// version or the new one, never a mix.
pub fn replace_dir(target: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let parent = target
        .parent()
        .ok_or_else(|| Error::Tool(format!("{} har ingen mapp", target.display())))?;
    std::fs::create_dir_all(parent).map_err(|e| Error::io("skapa mappen", parent, e))?;
    let staging = temp_builder(".webb-ny-", true)
        .tempdir_in(parent)
        .map_err(|e| Error::io("skapa en tillfällig mapp i", parent, e))?;
    for (name, bytes) in files {
        let path = staging.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("skapa mappen", dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io("skriva", &path, e))?;
    }
    swap_into_place(staging, target)
}

/// The prefix of the folder an old version is moved to while the new one
/// takes its place.
pub const OLD_PREFIX: &str = ".webbplats-gammal-";

/// Moves a folder made beside `target` into its place: the old version is
/// renamed away, the new one renamed in, and the old one removed. If the
/// new one cannot be moved in, the old one is put back.
pub fn swap_into_place(staging: tempfile::TempDir, target: &Path) -> Result<()> {
    let parent = target
        .parent()
        .ok_or_else(|| Error::Tool(format!("{} har ingen mapp", target.display())))?;
    let old = tempfile::Builder::new()
        .prefix(OLD_PREFIX)
        .tempdir_in(parent)
        .map_err(|e| Error::io("skapa en tillfällig mapp i", parent, e))?;
    let previous = old.path().join("gammal");
    if target.exists() {
        std::fs::rename(target, &previous).map_err(|e| Error::io("flytta", target, e))?;
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, target) {
        // Put the previous version back before reporting.
        let _ = std::fs::rename(&previous, target);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io("ersätta", target, e));
    }
    drop(old);
    Ok(())
}
