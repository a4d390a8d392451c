//! Stage 6, publish: the web version of a meeting, a folder that can be put
//! on the municipal website as it is.
//!
//! - `kallelse.pdf`: the packet without sekretess, unpublished ärenden and
//!   bilagor, as PDF/UA-1 and PDF/A-2a (typst validates both). typst cannot
//!   embed PDF pages under these standards, and an embedded page would not
//!   be accessible anyway unless its source is, so PDF bilagor are
//!   published as files of their own beside the packet, each with an
//!   accessibility report; the packet refers to them.
//! - `index.html`: the meeting and every ärende with links to its
//!   documents (template `webb.html`).
//! - `sammantrade.json`: the same as data, modelled on OParl
//!   (schema: `schema/webb.schema.json`).
//!
//! Everything is made from the public view of the meeting
//! ([`crate::public`]), and before anything is written every file is read
//! back as its readers read it and searched for personnummer ([`guard`]);
//! a hit stops the build. The folder is replaced as a whole, so a failed
//! build leaves the previous web version untouched.

pub mod guard;
pub mod meeting_page;
pub mod pdfcheck;
pub mod protokoll;
pub mod webbplats;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use typst::introspection::Introspector as _;
use typst::utils::PicoStr;

use crate::compile::{self, Compiled};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::export::{self, Conformance};
use crate::load;
use crate::meeting::Meeting;
use crate::render::Variant;
use crate::timing::stage;
use crate::validate::{self, BilagaTyp, Packet};

use self::meeting_page::{PageRanges, Pages, PublishedPdf};
use self::pdfcheck::PdfReport;

/// The folder of the web version, inside the meeting's output folder.
pub const WEB_DIR: &str = "webb";
/// The web packet's file name.
const PACKET_FILE: &str = "kallelse.pdf";

/// A PDF bilaga of the web version and what it offers.
#[derive(Debug, Clone)]
pub struct AttachmentReport {
    /// The bilaga's title.
    pub titel: String,
    /// The source file, relative to the project root.
    pub fil: String,
    /// Where it is published, relative to the web folder.
    pub webbfil: String,
    /// The report.
    pub report: PdfReport,
}

/// The accessibility report of a PDF bilaga, for the sekreterare to act on
/// before publishing.
impl std::fmt::Display for AttachmentReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let a = self;
        let r = &a.report;
        let yes_no = |b: bool| if b { "ja" } else { "nej" };
        let text = if r.pages_without_text.is_empty() {
            "ja, på alla sidor".to_owned()
        } else if r.pages_without_text.len() == r.pages {
            "nej (skannad bild?)".to_owned()
        } else {
            format!(
                "saknas på {} av {} sidor",
                r.pages_without_text.len(),
                r.pages
            )
        };
        let mut out = format!(
            "PDF-bilaga {} → {}\n  tillgänglighet: {}\n  taggad: {}\n  text: {}\n  titel: {}\n  språk: {}\n  standarder som filen anger: {}",
            a.fil,
            a.webbfil,
            if r.accessible() {
                "grundkraven uppfylls (taggar, text, titel, språk)".to_owned()
            } else {
                format!("BRISTER: filen {}", r.problems().join(", "))
            },
            yes_no(r.tagged),
            text,
            r.title.as_deref().unwrap_or("saknas"),
            r.language.as_deref().unwrap_or("saknas"),
            if r.claimed.is_empty() {
                "inga".to_owned()
            } else {
                r.claimed.join(", ")
            },
        );
        if let Some(author) = &r.author {
            out.push_str(&format!("\n  författare i metadata: {author}"));
        }
        for leak in &r.path_leaks {
            out.push_str(&format!(
                "\n  varning: metadata innehåller en sökväg från avsändarens dator: {leak}"
            ));
        }
        if !r.accessible() {
            out.push_str("\n  tips: be avsändaren om en tillgänglig PDF (taggad, med text, titel och språk); webbsidan anger bristerna så länge");
        }
        f.write_str(&out)
    }
}

/// What a publish wrote.
#[derive(Debug, Clone)]
pub struct PublishReport {
    /// The web folder.
    pub dir: PathBuf,
    /// Pages of the web packet.
    pub pages: usize,
    /// Every file written, relative to the web folder.
    pub files: Vec<String>,
    /// The PDF bilagor published beside the packet.
    pub attachments: Vec<AttachmentReport>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// Builds and writes the web version of one meeting.
pub fn publish_meeting(meeting: &Meeting, output: Option<&Path>) -> Result<PublishReport> {
    write_web_version(meeting, web_version_for(meeting, output)?, output)
}

/// The web version of a meeting for `output` (or the project's
/// `output/`), built but not written: `bygg --webb` builds it beside the
/// kallelse and writes it only once the kallelse is written.
pub fn web_version_for(meeting: &Meeting, output: Option<&Path>) -> Result<WebVersion> {
    web_version(
        meeting,
        None,
        &export::output_root(meeting.sandbox.root(), output),
    )
}

/// Writes a built web version into `<nämnd>/<datum>/webb/`, replacing the
/// previous one as a whole.
pub fn write_web_version(
    meeting: &Meeting,
    web: WebVersion,
    output: Option<&Path>,
) -> Result<PublishReport> {
    let web_dir = export::output_root(meeting.sandbox.root(), output)
        .join(&web.output_dir)
        .join(WEB_DIR);
    export::replace_dir(&web_dir, &web.files)?;
    Ok(PublishReport {
        dir: web_dir,
        pages: web.pages,
        files: web.files.into_iter().map(|(name, _)| name).collect(),
        attachments: web.attachments,
        warnings: web.warnings,
    })
}

/// The web version of a meeting, built but not yet written.
pub struct WebVersion {
    /// Where it goes: `<nämnd>/<datum>`.
    pub output_dir: PathBuf,
    /// The files of the web folder, by name relative to it.
    pub files: Vec<(String, Vec<u8>)>,
    /// The meeting as data (what `sammantrade.json` holds).
    pub meeting: meeting_page::MeetingData,
    /// Pages of the web packet.
    pub pages: usize,
    /// The PDF bilagor published beside the packet.
    pub attachments: Vec<AttachmentReport>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// What the published files were made from (for the guard over the
    /// site's own pages).
    pub sources: guard::Sources,
    /// The nämnd, as validated.
    pub namnd: validate::Namnd,
    /// The meeting, as validated.
    pub sammantrade: validate::Sammantrade,
}

/// The site around a meeting's web folder, when it is published as part
/// of the municipality's meeting site (`kallelse webbplats`): the page
/// shows the site's navigation, and `sammantrade.json` links the site's
/// data.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Frame {
    /// The site's settings, as the templates see them.
    pub webbplats: serde_json::Value,
    /// The way from the meeting's folder to the site's root: `../../`.
    pub rot: String,
    /// The nämnd's page, relative to the meeting's folder.
    pub namnd_sida: String,
    /// The address of the nämnd's OParl Organization.
    #[serde(skip)]
    pub organization_id: String,
    /// The site's own sources (`webbplats.yaml`, the logo), whose text the
    /// page's frame shows.
    #[serde(skip)]
    pub sources: guard::Sources,
    /// The output root where the meeting's protokoll is signed.
    #[serde(skip)]
    pub output_root: PathBuf,
}

/// Builds the web version of one meeting, in memory: every check, the
/// accessible PDFs, the page and the data. Nothing personal passes: the
/// files are made from the public view of the meeting
/// ([`crate::public`]) and then read back by the guard ([`guard`]).
/// `output_root` is where the meeting's protokoll is signed (see
/// [`crate::signature`]).
pub fn web_version(
    meeting: &Meeting,
    frame: Option<&Frame>,
    output_root: &Path,
) -> Result<WebVersion> {
    // Once everyone has signed the protokoll, its anslag counts from the
    // last signature.
    let justerad = crate::signature::justerad(meeting, output_root)?;
    let meeting = justerad.as_ref().unwrap_or(meeting);
    let sandbox = &meeting.sandbox;
    let (inspected, (compiled, bytes), web_protokoll) = lay_out_web(meeting)?;
    let (pdf_bytes, mut reports) = inspected;
    let ranges = page_ranges(&compiled);
    let Compiled {
        packet,
        output_dir,
        document,
        mut warnings,
        ..
    } = compiled;

    let mut attachments = Vec::new();
    for bilaga in published_pdfs(&packet) {
        if let Some(report) = reports.remove(&bilaga.fil) {
            attachments.push(AttachmentReport {
                titel: bilaga.titel.clone(),
                fil: bilaga.fil.clone(),
                webbfil: bilaga.webbfil.clone(),
                report,
            });
        }
    }
    let published: Vec<PublishedPdf> = attachments
        .iter()
        .map(|a| PublishedPdf {
            file_name: &a.webbfil,
            bytes: &pdf_bytes[&a.fil],
            report: &a.report,
        })
        .collect();
    let web = meeting_page::WebPacket {
        file: PACKET_FILE,
        bytes: &bytes,
        pages: document.pages().len(),
        ranges: &ranges,
        pdfs: &published,
    };
    let mut data = meeting_page::meeting(&packet, &output_dir, &web);
    if let Some(web) = &web_protokoll {
        web.add_to(&mut data);
        data.digital_justering = web.protokoll.digital_justering.clone();
    }
    if let Some(frame) = frame {
        for organization in &mut data.organization {
            organization.id = Some(frame.organization_id.clone());
        }
    }
    let json = serde_json::to_string_pretty(&data)
        .map_err(|e| Error::Tool(format!("sammantrade.json kunde inte skrivas: {e}")))?;
    let html = meeting_page::index_html(sandbox.root(), &packet, &data, frame)?;

    let mut files: Vec<(String, Vec<u8>)> = vec![
        (PACKET_FILE.to_owned(), bytes),
        ("index.html".to_owned(), html.into_bytes()),
        (
            "sammantrade.json".to_owned(),
            format!("{json}\n").into_bytes(),
        ),
    ];
    for a in &attachments {
        files.push((a.webbfil.clone(), pdf_bytes[&a.fil].clone()));
    }
    let pages = document.pages().len();
    let mut laid = vec![Laid {
        file: PACKET_FILE.to_owned(),
        owners: packet_owners(&packet, &ranges),
        document,
    }];
    let protokoll = match web_protokoll {
        Some(web) => {
            files.extend(web.files);
            warnings.extend(web.warnings);
            laid.extend(web.laid);
            Some(web.protokoll)
        }
        None => None,
    };
    let sources = guard::Sources::of_meeting(&packet, &meeting.facts, protokoll.as_ref());
    let folder = format!("{}/{WEB_DIR}", load::virtual_path(&output_dir));
    let started = std::time::Instant::now();
    let mut with_frame = sources.clone();
    if let Some(frame) = frame {
        with_frame.files.extend(frame.sources.files.iter().cloned());
    }
    let found = check_files(sandbox.root(), &folder, &files, &laid, &with_frame);
    stage("kontroll av det publicerade", started);
    let (errors, found_warnings): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|d| d.severity == crate::error::Severity::Error);
    if !errors.is_empty() {
        return Err(Error::Input(errors.into_iter().chain(warnings).collect()));
    }
    warnings.extend(found_warnings);
    Ok(WebVersion {
        output_dir,
        files,
        meeting: data,
        pages,
        attachments,
        warnings,
        sources,
        namnd: packet.namnd,
        sammantrade: packet.sammantrade,
    })
}

/// The published PDF bilagor's bytes and reports, by their `fil`.
type PdfBilagor = (HashMap<String, Vec<u8>>, HashMap<String, PdfReport>);

/// The PDF bilagor read, the web packet with its PDF, and the web
/// protokoll.
type WebDocuments = (
    PdfBilagor,
    (Compiled, Vec<u8>),
    Option<protokoll::WebProtokoll>,
);

/// The documents of a web version: the PDF bilagor read, the web packet
/// laid out and exported, and the web protokoll. They do not depend on each
/// other: one export runs while another document is laid out.
fn lay_out_web(meeting: &Meeting) -> Result<WebDocuments> {
    let (inspected, (packet, web_protokoll)) = crate::parallel::join(
        || inspect_pdf_bilagor(meeting),
        || {
            crate::parallel::join(
                || -> Result<(Compiled, Vec<u8>)> {
                    let compiled = compile::compile_packet(meeting, Variant::Web)?;
                    let bytes = accessible_pdf(&compiled)?;
                    Ok((compiled, bytes))
                },
                || protokoll::compile(meeting),
            )
        },
    );
    Ok((inspected?, packet?, web_protokoll?))
}

/// The published PDF bilagor, read and inspected, by their `fil`; an
/// unreadable one, or an image without alt text (a warning in the full
/// packet, but the web version must be accessible), is an error.
fn inspect_pdf_bilagor(meeting: &Meeting) -> Result<PdfBilagor> {
    let (sandbox, packet) = (&meeting.sandbox, &meeting.packet);
    let mut pdf_bytes = HashMap::new();
    let mut reports = HashMap::new();
    let mut problems = Vec::new();
    for bilaga in published_pdfs(packet) {
        let path = sandbox.root().join(&bilaga.fil);
        let bytes = std::fs::read(&path).map_err(|e| Error::io("läsa", &path, e))?;
        match pdfcheck::inspect(&bytes) {
            Ok(report) => {
                reports.insert(bilaga.fil.clone(), report);
            }
            Err(reason) => problems.push(
                Diagnostic::error(format!("PDF-bilagan {reason}"))
                    .at(Location::file(&bilaga.fil))
                    .tips("be avsändaren om en fungerande PDF"),
            ),
        }
        pdf_bytes.insert(bilaga.fil.clone(), bytes);
    }
    for warning in &meeting.warnings {
        if warning.kind == crate::error::Kind::MissingAlt {
            let mut error = warning.clone();
            error.severity = crate::error::Severity::Error;
            problems.push(error.tips(
                "webbversionen ska vara tillgänglig: en skärmläsare läser alternativtexten i stället för bilden",
            ));
        }
    }
    if !problems.is_empty() {
        problems.extend(other_warnings(&meeting.warnings));
        return Err(Error::Input(problems));
    }
    Ok((pdf_bytes, reports))
}

/// The web packet as PDF/UA-1 and PDF/A-2a, dated by `SOURCE_DATE_EPOCH`
/// or the meeting.
fn accessible_pdf(compiled: &Compiled) -> Result<Vec<u8>> {
    let timestamp = export::archival_timestamp(&compiled.packet.sammantrade.datum)?;
    export::packet_pdf(compiled, Some(timestamp), Conformance::Accessible).map_err(|err| {
        match err {
            Error::Input(mut errors) => {
                errors.push(
                    Diagnostic::error("webbversionen uppfyller inte PDF/UA-1 och PDF/A-2a")
                        .tips("felen ovan pekar på mallen eller texten som behöver rättas, t.ex. en bild utan alternativtext"),
                );
                Error::Input(errors)
            }
            other => other,
        }
    })
}

/// The guard over the files of a folder about to be published, named
/// `folder/<name>` in its messages.
pub fn check_files(
    root: &Path,
    folder: &str,
    files: &[(String, Vec<u8>)],
    laid: &[Laid],
    sources: &guard::Sources,
) -> Vec<Diagnostic> {
    let published: Vec<guard::Published> = files
        .iter()
        .map(|(name, bytes)| {
            let layout = laid.iter().find(|l| &l.file == name);
            guard::Published {
                name: format!("{folder}/{name}"),
                file: name,
                bytes,
                owners: layout.map_or(&[], |l| l.owners.as_slice()),
                document: layout.map(|l| &l.document),
            }
        })
        .collect();
    guard::check(root, &published, sources)
}

/// What each range of pages of a published PDF is.
pub type Owners = Vec<(std::ops::RangeInclusive<usize>, String)>;

/// A published PDF that typst laid out here: the guard reads its pages
/// from the layout, and names what each page belongs to.
pub struct Laid {
    /// Its name in the web folder.
    pub file: String,
    /// The laid-out document.
    pub document: typst_layout::PagedDocument,
    /// What its pages are.
    pub owners: Owners,
}

/// The pages of the web packet that belong to each ärende.
fn packet_owners(packet: &Packet, ranges: &PageRanges) -> Owners {
    let mut owners = Vec::new();
    if let Some(pages) = ranges.get("kallelse") {
        owners.push((pages.first..=pages.last, "kallelsen".to_owned()));
    }
    for a in &packet.arenden {
        let prefix = format!("{}-", a.id);
        let pages: Vec<&Pages> = ranges
            .iter()
            .filter(|(id, _)| *id == &a.id || id.starts_with(&prefix))
            .map(|(_, pages)| pages)
            .collect();
        if let (Some(first), Some(last)) = (
            pages.iter().map(|p| p.first).min(),
            pages.iter().map(|p| p.last).max(),
        ) {
            owners.push((first..=last, format!("ärende {}, {}", a.nummer, a.rubrik)));
        }
    }
    owners
}

/// The warnings of a packet other than those made errors on the web.
fn other_warnings(warnings: &[Diagnostic]) -> impl Iterator<Item = Diagnostic> + '_ {
    warnings
        .iter()
        .filter(|w| w.kind != crate::error::Kind::MissingAlt)
        .cloned()
}

/// The PDF bilagor the web version publishes.
fn published_pdfs(packet: &Packet) -> impl Iterator<Item = &validate::Bilaga> {
    packet
        .arenden
        .iter()
        .filter(|a| crate::public::arende_published(a))
        .flat_map(|a| {
            a.bilagor
                .iter()
                .filter(|b| crate::public::bilaga_published(a, b))
        })
        .filter(|b| b.typ == BilagaTyp::Pdf)
}

/// The first and last page of every document of the laid-out packet, from
/// the `<id-start>` and `<id-slut>` labels the house style sets.
fn page_ranges(compiled: &Compiled) -> PageRanges {
    let page_of = |name: String| label_page(&compiled.document, &name);
    let mut ids = vec!["kallelse".to_owned()];
    for a in &compiled.packet.arenden {
        ids.push(a.id.clone());
        ids.push(format!("{}-tjansteskrivelse", a.id));
        ids.push(format!("{}-forteckning", a.id));
        for b in &a.bilagor {
            ids.push(format!("{}-bilaga-{}", a.id, b.nummer));
        }
    }
    let mut ranges = PageRanges::new();
    for id in ids {
        if let (Some(first), Some(last)) = (
            page_of(format!("{id}-start")),
            page_of(format!("{id}-slut")),
        ) {
            ranges.insert(
                id,
                Pages {
                    first,
                    last: last.max(first),
                },
            );
        }
    }
    ranges
}

/// The page (1-based) of the label `name` in a laid-out document.
pub(crate) fn label_page(document: &typst_layout::PagedDocument, name: &str) -> Option<usize> {
    let introspector = document.introspector();
    let label = typst::foundations::Label::new(PicoStr::intern(name))?;
    let content = introspector.query_label(label).ok()?;
    introspector.page(content.location()?).map(|p| p.get())
}
