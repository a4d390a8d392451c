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

use crate::error::{Error, Result};

/// The document timestamp: `SOURCE_DATE_EPOCH` when set, otherwise none, so
/// the same input always gives the same bytes.
pub fn timestamp_from_env() -> Result<Option<Timestamp>> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let seconds: i64 = value.trim().parse().map_err(|_| {
        Error::Tool(format!(
            "SOURCE_DATE_EPOCH måste vara ett heltal (sekunder sedan 1970), inte `{value}`"
        ))
    })?;
    let time = chrono::DateTime::from_timestamp(seconds, 0).ok_or_else(|| {
        Error::Tool(format!(
            "SOURCE_DATE_EPOCH `{value}` ligger utanför kalendern"
        ))
    })?;
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
}

/// Exports the document to PDF bytes. `ident` must be stable for the packet
/// (it becomes the PDF's document id).
pub fn pdf(
    document: &PagedDocument,
    ident: &str,
    timestamp: Option<Timestamp>,
    conformance: Conformance,
) -> std::result::Result<Vec<u8>, EcoVec<SourceDiagnostic>> {
    let standards = match conformance {
        Conformance::Plain => PdfStandards::default(),
        Conformance::Accessible => PdfStandards::new(&[PdfStandard::Ua_1, PdfStandard::A_2a])
            .map_err(|e| {
                EcoVec::from([SourceDiagnostic::error(
                    Span::detached(),
                    e.message().clone(),
                )])
            })?,
    };
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
