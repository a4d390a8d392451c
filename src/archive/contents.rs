//! Stage 6, the e-arkiv: what one meeting puts in a package. Its
//! documents as the nämnd has them — the kallelse (PDF/A-2a, every ärende
//! in full, PDF bilagor beside it), the protokoll (the signed file when it
//! has been justerat digitally), the anslag, every protokollsutdrag and
//! every bilaga as a file of its own — and the sources the documents were
//! built from, so that the archive can read or rebuild the meeting without
//! the tool.

use std::path::{Path, PathBuf};

use crate::build::protokoll::protokoll_documents;
use crate::compile;
use crate::conventions;
use crate::error::{Diagnostic, Error, Result};
use crate::export::{self, Conformance};
use crate::load;
use crate::meeting::Meeting;
use crate::public::Variant;
use crate::validate::protokoll::Protokoll;
use crate::validate::{BilagaTyp, Packet};
use typst_pdf::Timestamp;

/// What a file is, as PREMIS and METS name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    /// The IANA media type.
    pub mime: &'static str,
    /// "Portable Document Format".
    pub name: String,
    /// "PDF/A-2a", "1.7".
    pub version: Option<String>,
    /// The PRONOM identifier, when the format is known to it.
    pub pronom: Option<&'static str>,
    /// What an archivist must know: a PDF that is not PDF/A.
    pub note: Option<String>,
}

/// A file of a representation.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Its path inside the representation's `data/`.
    pub path: String,
    /// What it holds.
    pub bytes: Vec<u8>,
    /// What it is.
    pub format: Format,
    /// What a reader calls it: "Kallelse med handlingar".
    pub title: String,
    /// The ärende it belongs to (its id), if any.
    pub arende: Option<String>,
    /// Its SHA-256, upper-case hex (METS and PREMIS both state it).
    pub checksum: String,
}

impl DataFile {
    fn new(
        path: String,
        bytes: Vec<u8>,
        format: Format,
        title: String,
        arende: Option<String>,
    ) -> Self {
        DataFile {
            checksum: super::sha256_hex(&bytes),
            path,
            bytes,
            format,
            title,
            arende,
        }
    }
}

/// One meeting's part of a package.
pub struct MeetingContents {
    /// The meeting day, ISO: it names the meeting's representations.
    pub date: String,
    /// "SN-2026-11-12": the meeting's identifier in the metadata.
    pub system_id: String,
    /// The packet in full (masked passages shown: the archive keeps them,
    /// and the metadata marks them).
    pub packet: Packet,
    /// The protokoll as its documents show it, when there is one.
    pub protokoll: Option<Protokoll>,
    /// Whether the protokoll in the package carries its signatures.
    pub signed: bool,
    /// The documents, in reading order.
    pub documents: Vec<DataFile>,
    /// The sources, by their path in the project.
    pub sources: Vec<DataFile>,
    /// The texts with masked passages: (ärende id or paragraph label,
    /// lagrum).
    pub masked: Vec<(String, String)>,
    /// The meeting folder in the project, `content/socialnamnden/2026-11-12`.
    pub meeting_dir: String,
}

impl MeetingContents {
    /// "Socialnämndens sammanträde 2026-11-12".
    pub fn title(&self) -> String {
        format!(
            "{} sammanträde {}",
            self.packet.namnd.genitiv, self.packet.sammantrade.datum
        )
    }
}

/// Collects one meeting. `output_root` is where its protokoll may have
/// been signed; without a protokoll the meeting is archived only when
/// `without_protokoll` says so.
pub fn collect(
    meeting: &Meeting,
    output_root: &Path,
    without_protokoll: bool,
    warnings: &mut Vec<Diagnostic>,
) -> Result<MeetingContents> {
    let dir = meeting.relative_dir();
    let protokoll = match (&meeting.protokoll, without_protokoll) {
        (None, false) => {
            return Err(Error::input(
                Diagnostic::error(format!(
                    "sammanträdet {} har inget protokoll och arkiveras inte",
                    dir.display()
                ))
                .tips("protokollet hör till det som ska bevaras: skriv det först, eller arkivera kallelsen ensam med `--utan-protokoll` (det står då i paketets metadata)"),
            ));
        }
        (None, true) => None,
        (Some(_), _) => Some(protokoll_documents(meeting, output_root)?),
    };
    let compiled = compile::compile_packet(meeting, Variant::Archive)?;
    warnings.extend(compiled.warnings.iter().cloned());
    let timestamp = export::archival_timestamp(&compiled.packet.sammantrade.datum)?;
    let kallelse = export::packet_pdf(&compiled, Some(timestamp), Conformance::Accessible)?;
    let format = pdf_format(&kallelse);
    let mut documents = vec![DataFile::new(
        "kallelse.pdf".into(),
        kallelse,
        format,
        format!("Kallelse med handlingar: {}", compiled.packet.titel),
        None,
    )];
    bilagor(meeting, &compiled, timestamp, &mut documents, warnings)?;
    let (validated, signed) = match protokoll {
        Some(made) => {
            if made.validated.digital_justering.is_none() {
                let what = if made.signed {
                    "är inte justerat digitalt: alla har inte skrivit under; paketet får det delvis underskrivna protokollet"
                } else {
                    "är inte justerat digitalt; paketet får det osignerade protokollet"
                };
                warnings.push(
                    Diagnostic::warning(format!("protokollet för {} {what}", dir.display()))
                        .tips("justera det med `kallelse justera` och arkivera igen, eller lämna det justerade pappersoriginalet till arkivet för sig"),
                );
            }
            protokoll_files(&made, &mut documents);
            (Some(made.validated), made.signed)
        }
        None => (None, false),
    };
    let masked = masked_texts(meeting)?;
    Ok(MeetingContents {
        date: compiled.packet.sammantrade.datum.clone(),
        system_id: format!(
            "{}-{}",
            compiled.packet.namnd.forkortning, compiled.packet.sammantrade.datum
        ),
        packet: compiled.packet,
        protokoll: validated,
        signed,
        documents,
        sources: sources(meeting)?,
        masked,
        meeting_dir: meeting.facts.virtual_dir.clone(),
    })
}

/// Every bilaga as a file of its own: a PDF bilaga as it was handed in, a
/// Markdown or table bilaga as it is laid out in the kallelse (PDF/A-2a).
fn bilagor(
    meeting: &Meeting,
    compiled: &compile::Compiled,
    timestamp: Timestamp,
    documents: &mut Vec<DataFile>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<()> {
    for arende in &compiled.packet.arenden {
        for bilaga in &arende.bilagor {
            let (path, bytes) = match bilaga.typ {
                BilagaTyp::Pdf => {
                    let file = meeting.sandbox.root().join(&bilaga.fil);
                    let bytes =
                        std::fs::read(&file).map_err(|e| Error::io("läsa bilagan", &file, e))?;
                    (bilaga.webbfil.clone(), bytes)
                }
                _ => {
                    let part = crate::render::bilaga_part(&arende.id, bilaga.nummer);
                    let found = compiled
                        .attachments
                        .iter()
                        .find(|(_, name, _)| *name == part);
                    let Some((_, _, document)) = found else {
                        // The project's templates lay the packet out whole:
                        // the bilaga is only inside the kallelse.
                        warnings.push(
                            Diagnostic::warning(format!(
                                "bilagan {} finns bara inne i kallelsen, inte som egen fil: projektets mallar lägger ut kallelsen i ett stycke",
                                bilaga.fil
                            ))
                            .tips("mallarna som `kallelse mallar` skriver ut lägger ut varje bilaga för sig"),
                        );
                        continue;
                    };
                    let ident =
                        format!("arkiv/{}/{part}", load::virtual_path(&compiled.output_dir));
                    let bytes = export::document_pdf(
                        document,
                        &compiled.worlds,
                        &ident,
                        Some(timestamp),
                        Conformance::Archival,
                    )?;
                    let path =
                        conventions::bilaga_file(arende.nummer, bilaga.nummer, &bilaga.titel);
                    (path, bytes)
                }
            };
            let format = pdf_format(&bytes);
            if format.note.is_some() {
                warnings.push(
                    Diagnostic::warning(format!(
                        "bilagan {} är ingen PDF/A; den arkiveras som den lämnades in och märks så i paketets bevarandemetadata",
                        bilaga.fil
                    ))
                    .tips("be den som lämnade bilagan om en PDF/A, eller spara den som PDF/A, om arkivet kräver det"),
                );
            }
            documents.push(DataFile::new(
                path,
                bytes,
                format,
                format!("Bilaga {}: {}", bilaga.nummer, bilaga.titel),
                Some(arende.id.clone()),
            ));
        }
    }
    Ok(())
}

/// The protokoll, the anslag and the utdrag as data files.
fn protokoll_files(
    made: &crate::build::protokoll::ProtokollDocuments,
    documents: &mut Vec<DataFile>,
) {
    let protokoll = &made.validated;
    documents.push(DataFile::new(
        "protokoll.pdf".into(),
        made.protokoll.clone(),
        pdf_format(&made.protokoll),
        protokoll.titel.clone(),
        None,
    ));
    documents.push(DataFile::new(
        "anslag.pdf".into(),
        made.anslag.clone(),
        pdf_format(&made.anslag),
        format!("Anslag om justering: {}", protokoll.titel),
        None,
    ));
    for (name, bytes) in &made.utdrag {
        let paragraf = protokoll.paragrafer.iter().find(|p| p.utdrag == *name);
        let (format, title) = match paragraf {
            Some(p) => (
                pdf_format(bytes),
                format!("Protokollsutdrag {}: {}", p.etikett, p.rubrik),
            ),
            None => (
                text_format("text/plain", "Plain Text", Some("x-fmt/111")),
                "Sändlista för protokollsutdragen".to_owned(),
            ),
        };
        documents.push(DataFile::new(
            format!("{}/{name}", crate::build::protokoll::UTDRAG_DIR),
            bytes.clone(),
            format,
            title,
            paragraf.map(|p| p.etikett.clone()),
        ));
    }
}

/// The sources of a meeting: `namnd.yaml` and everything in the meeting's
/// folder, every file its texts name outside it (images, bilagor, lists;
/// recorded by the sandbox when it records), and the project's own
/// `templates/` and `fonts/`.
fn sources(meeting: &Meeting) -> Result<Vec<DataFile>> {
    let root = meeting.sandbox.root();
    let mut paths: Vec<PathBuf> = meeting.facts.kallor.clone();
    paths.extend(files_under(root, &meeting.facts.meeting_dir));
    paths.extend(meeting.sandbox.recorded());
    paths.extend(numbering_sources(meeting));
    for own in ["templates", "fonts"] {
        paths.extend(files_under(root, &root.join(own)));
    }
    paths.sort();
    paths.dedup();
    let mut out = Vec::new();
    for path in paths {
        let full = root.join(&path);
        let bytes = std::fs::read(&full).map_err(|e| Error::io("läsa", &full, e))?;
        let virtual_path = load::virtual_path(&path);
        out.push(DataFile::new(
            virtual_path.clone(),
            bytes,
            source_format(&virtual_path),
            virtual_path,
            None,
        ));
    }
    Ok(out)
}

/// What the § numbers of a meeting are counted from when it does not set
/// its own first §: the nämnd's earlier meetings of the year, their
/// `sammantrade.yaml`, `protokoll.yaml` and ärenden (see
/// [`crate::load`]'s `previous_protokoll`).
fn numbering_sources(meeting: &Meeting) -> Vec<PathBuf> {
    let facts = &meeting.facts;
    if facts.previous_protokoll.is_none() && facts.unrecorded.is_empty() {
        return Vec::new();
    }
    let root = meeting.sandbox.root();
    let Some(namnd_dir) = facts.meeting_dir.parent() else {
        return Vec::new();
    };
    let this = meeting.packet.sammantrade.datum.as_str();
    let year = &this[..4.min(this.len())];
    let mut out = Vec::new();
    let mut earlier: Vec<PathBuf> = std::fs::read_dir(namnd_dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    earlier.sort();
    for dir in earlier {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !dir.is_dir() || !name.starts_with(year) || name.as_str() >= this {
            continue;
        }
        for file in ["sammantrade.yaml", load::PROTOKOLL_FILE] {
            if dir.join(file).is_file() {
                out.extend(
                    dir.join(file)
                        .strip_prefix(root)
                        .ok()
                        .map(Path::to_path_buf),
                );
            }
        }
        out.extend(files_under(root, &dir.join("arenden")));
    }
    out
}

/// The files under `dir`, relative to `root`, hidden ones and symbolic
/// links left out (the sandbox is never left).
fn files_under(root: &Path, dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect()
}

/// The ärenden and paragraphs with masked passages, and their lagrum:
/// (ärende id or paragraph label, lagrum). Every text of each is read.
fn masked_texts(meeting: &Meeting) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut add = |owner: &str, value: serde_json::Value| {
        let mut lagrum = Vec::new();
        strings(&value, &mut |text| {
            if crate::mask::mentions(text) {
                for passage in crate::mask::passages(text).unwrap_or_default() {
                    lagrum.push(passage.lagrum);
                }
            }
        });
        for l in lagrum {
            let entry = (owner.to_owned(), l);
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    };
    for arende in &meeting.packet.arenden {
        add(&arende.id, json(arende)?);
    }
    if let Some(crate::meeting::ProtokollState::Valid(protokoll)) = &meeting.protokoll {
        for paragraf in &protokoll.paragrafer {
            add(&paragraf.etikett, json(paragraf)?);
        }
    }
    Ok(out)
}

/// A value as JSON, to read its texts.
fn json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::Tool(format!("texterna kunde inte läsas för arkivet: {e}")))
}

/// Calls `each` with every string in a JSON value.
fn strings(value: &serde_json::Value, each: &mut dyn FnMut(&str)) {
    match value {
        serde_json::Value::String(s) => each(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, each)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, each)),
        _ => {}
    }
}

/// A PDF's format: PDF/A (its part and conformance, as its catalog's XMP
/// claims them), or a PDF of unknown kind kept as it came.
pub fn pdf_format(bytes: &[u8]) -> Format {
    let claimed = crate::publish::pdfcheck::claimed(bytes);
    let pdfa = claimed.iter().find_map(|c| c.strip_prefix("PDF/A-"));
    match pdfa {
        Some(level) => Format {
            mime: "application/pdf",
            name: "Portable Document Format/Archiving (PDF/A)".into(),
            version: Some(format!("PDF/A-{level}")),
            pronom: pronom_pdfa(level),
            note: None,
        },
        None => Format {
            mime: "application/pdf",
            name: "Portable Document Format".into(),
            version: bytes
                .get(5..8)
                .and_then(|v| std::str::from_utf8(v).ok())
                .map(str::to_owned),
            pronom: None,
            note: Some("Ingen PDF/A: filen arkiveras som den lämnades in.".into()),
        },
    }
}

/// The PRONOM identifier of a PDF/A level ("2a").
fn pronom_pdfa(level: &str) -> Option<&'static str> {
    Some(match level {
        "1a" => "fmt/95",
        "1b" => "fmt/354",
        "2a" => "fmt/476",
        "2b" => "fmt/477",
        "2u" => "fmt/478",
        "3a" => "fmt/479",
        "3b" => "fmt/480",
        "3u" => "fmt/481",
        _ => return None,
    })
}

fn text_format(mime: &'static str, name: &str, pronom: Option<&'static str>) -> Format {
    Format {
        mime,
        name: name.into(),
        version: None,
        pronom,
        note: None,
    }
}

/// A source file's format, by its extension.
fn source_format(path: &str) -> Format {
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "yaml" | "yml" => text_format("application/yaml", "YAML (UTF-8)", None),
        "md" => text_format("text/markdown", "Markdown (UTF-8)", Some("fmt/1149")),
        "csv" => text_format(
            "text/csv",
            "Comma Separated Values (UTF-8)",
            Some("x-fmt/18"),
        ),
        "txt" | "typ" | "html" | "css" => {
            text_format("text/plain", "Plain Text (UTF-8)", Some("x-fmt/111"))
        }
        "xlsx" => text_format(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Microsoft Excel 2007 Workbook (XLSX)",
            Some("fmt/214"),
        ),
        "pdf" => text_format("application/pdf", "Portable Document Format", None),
        "png" => text_format("image/png", "Portable Network Graphics", None),
        "jpg" | "jpeg" => text_format("image/jpeg", "JPEG", None),
        "gif" => text_format("image/gif", "Graphics Interchange Format", None),
        "webp" => text_format("image/webp", "WebP", None),
        "svg" => text_format("image/svg+xml", "Scalable Vector Graphics", None),
        "ttf" => text_format("font/ttf", "TrueType Font", None),
        "otf" => text_format("font/otf", "OpenType Font", None),
        _ => text_format("application/octet-stream", "Okänt format", None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfa_levels_have_their_pronom_ids() {
        assert_eq!(pronom_pdfa("2a"), Some("fmt/476"));
        assert_eq!(pronom_pdfa("1b"), Some("fmt/354"));
        assert_eq!(pronom_pdfa("4"), None);
        let plain = pdf_format(b"%PDF-1.5\n1 0 obj");
        assert_eq!(plain.version.as_deref(), Some("1.5"));
        assert!(plain.note.is_some());
    }
}
