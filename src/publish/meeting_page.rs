//! Publish stage, the meeting as data: `sammantrade.json`, modelled on the
//! OParl 1.1 objects Meeting, AgendaItem and File (with Swedish values and
//! relative addresses, so the folder can be published anywhere), and the
//! same data rendered into `index.html` through an overridable template.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::validate::{BilagaTyp, Packet};

use super::pdfcheck::PdfReport;

pub(crate) const OPARL: &str = "https://schema.oparl.org/1.1/";

/// `sammantrade.json`: one meeting.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MeetingData {
    /// The OParl type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Stable id: `<nämnd>/<datum>`.
    pub id: String,
    /// "Kallelse till Socialnämndens sammanträde 10 december 2026".
    pub name: String,
    /// Start, ISO 8601 with the Swedish offset.
    pub start: String,
    /// End, when the sammanträde's time gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Whether the meeting is open to the public.
    pub public: bool,
    /// Where.
    pub location: Place,
    /// The nämnd.
    pub organization: Vec<Organization>,
    /// The web packet.
    pub invitation: File,
    /// Every ärende, in the order of the kallelse.
    #[serde(rename = "agendaItem")]
    pub agenda_item: Vec<AgendaItem>,
    /// PDF bilagor published as files of their own.
    #[serde(rename = "auxiliaryFile")]
    pub auxiliary_file: Vec<File>,
    /// Whether handlingar were left out of the web version.
    #[serde(rename = "handlingarUtelamnade")]
    pub left_out: bool,
    /// The justerat protokoll (web version), once the meeting has one.
    #[serde(
        rename = "resultsProtocol",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub results_protocol: Option<File>,
    /// The anslag (bevis om justering) that announce the protokoll on the
    /// digital anslagstavla: one for the protokoll, and one more when
    /// paragraphs were justerade omedelbart at the meeting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anslag: Vec<Anslag>,
    /// The protokoll's digital justering, once everyone has signed it.
    #[serde(
        rename = "digitalJustering",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub digital_justering: Option<crate::validate::protokoll::DigitalJustering>,
}

/// An anslag on the digital anslagstavla (Kommunallagen 8 kap. 12 §): the
/// justering of a protokoll, or of paragraphs justerade omedelbart.
/// Not an OParl object; the field names are Swedish like the rest of our
/// extensions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Anslag {
    /// "Bevis om justering" or "Bevis om omedelbar justering".
    pub rubrik: String,
    /// The organ: "Socialnämnden".
    pub organ: String,
    /// The meeting date, ISO.
    #[serde(rename = "sammantradesdatum")]
    pub meeting_date: String,
    /// The paragraphs it covers: "SN §§ 120–138" or "SN § 131".
    pub paragrafer: String,
    /// The day the protokoll (or paragraphs) were justerade, ISO.
    pub justerad: String,
    /// The first day on the anslagstavla, ISO.
    #[serde(rename = "uppsatt")]
    pub up: String,
    /// The last day on the anslagstavla, ISO: three weeks after `uppsatt`
    /// (moved to the next working day when that is a holiday).
    #[serde(rename = "tasNed")]
    pub down: String,
    /// Where the justerade protokoll is kept.
    #[serde(rename = "forvaringsplats")]
    pub kept_at: String,
    /// Who certifies the anslag: "Johan Åkerlund, nämndsekreterare".
    #[serde(rename = "underskrift")]
    pub certified_by: String,
    /// The anslag as its own PDF, relative to the web folder.
    #[serde(rename = "fil")]
    pub file: File,
    /// The protokoll it announces, relative to the web folder (with
    /// `#page=N` for paragraphs justerade omedelbart).
    #[serde(rename = "protokoll")]
    pub protocol_url: String,
}

/// OParl Location (only the description).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Place {
    /// The OParl type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The place as written in `sammantrade.yaml`.
    pub description: String,
}

/// OParl Organization.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Organization {
    /// The OParl type.
    #[serde(rename = "type")]
    pub kind: String,
    /// "Socialnämnden".
    pub name: String,
    /// "SN".
    #[serde(rename = "shortName")]
    pub short_name: String,
    /// The municipality.
    pub body: String,
    /// The address of the nämnd's OParl Organization in the meeting site's
    /// data, when the meeting is published as part of the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// OParl AgendaItem: one ärende.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgendaItem {
    /// The OParl type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Stable id within the meeting: `beslutsarende-3`.
    pub id: String,
    /// Its number in its group of the kallelse.
    pub number: String,
    /// Position in the whole kallelse, from 1.
    pub order: usize,
    /// The rubrik.
    pub name: String,
    /// `beslutsärende`, `informationsärende` or `sekretessärende`.
    pub category: String,
    /// Whether its handlingar are public (false for sekretessärenden).
    pub public: bool,
    /// Diarienummer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// "SN § 143" when the § number is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Who presents an informationsärende.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presenter: Option<String>,
    /// The tjänsteskrivelse's sammanfattning as plain text, as published
    /// (masked passages replaced), when its handlingar are published.
    #[serde(
        rename = "sammanfattning",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub summary: Option<String>,
    /// The proposed decision, one att-sats per entry.
    #[serde(
        rename = "resolutionProposal",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub resolution_proposal: Vec<String>,
    /// What the nämnd decided, once the protokoll is justerat: "Enligt
    /// förslag", "Ändrat beslut", "Återremitterat", "Bordlagt", "Avskrivet"
    /// or "Informationen noterad".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// The decision as printed in the protokoll, one att-sats per entry
    /// (OParl `resolutionText`, as a list). Empty for sekretess paragraphs
    /// on the web.
    #[serde(
        rename = "resolutionText",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub resolution_text: Vec<String>,
    /// The omröstning, when the protokoll records one (public paragraphs
    /// only).
    #[serde(
        rename = "omrostning",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vote: Option<Vote>,
    /// Whether its handlingar are in the web version.
    pub published: bool,
    /// Why something is missing, in Swedish.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Its handlingar.
    #[serde(rename = "auxiliaryFile")]
    pub auxiliary_file: Vec<File>,
}

/// An omröstning as the protokoll records it. Not an OParl object (OParl
/// 1.1 has none); Swedish field names like our other extensions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vote {
    /// What ja supports.
    pub ja: String,
    /// What nej supports.
    pub nej: String,
    /// The result as the protokoll words it.
    pub utfall: String,
    /// Every serving member's vote, in the order of `namnd.yaml`.
    pub roster: Vec<VoteRow>,
}

/// One member's vote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VoteRow {
    /// Name.
    pub namn: String,
    /// Party.
    pub parti: String,
    /// "ja", "nej" or "avstår".
    pub rost: String,
}

impl Vote {
    /// The vote of a public paragraph.
    pub fn of(vote: &crate::validate::protokoll::Omrostning) -> Self {
        Vote {
            ja: vote.ja.clone(),
            nej: vote.nej.clone(),
            utfall: vote.utfall.clone(),
            roster: vote
                .rader
                .iter()
                .map(|r| VoteRow {
                    namn: r.namn.clone(),
                    parti: r.parti.clone(),
                    rost: match r.rost {
                        crate::model::Rost::Ja => "ja",
                        crate::model::Rost::Nej => "nej",
                        crate::model::Rost::Avstar => "avstår",
                    }
                    .to_owned(),
                })
                .collect(),
        }
    }
}

/// OParl File: a document, as a file or as pages of the web packet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct File {
    /// The OParl type.
    #[serde(rename = "type")]
    pub kind: String,
    /// "Protokollsförslag", "Tjänsteskrivelse", the bilaga's title.
    pub name: String,
    /// The file, relative to the web folder.
    #[serde(rename = "fileName")]
    pub file_name: String,
    /// Always `application/pdf`.
    #[serde(rename = "mimeType")]
    pub mime_type: String,
    /// Relative address, with `#page=N` for a document inside the packet.
    #[serde(rename = "accessUrl")]
    pub access_url: String,
    /// Size in bytes (whole files only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// SHA-256 of the file, hex (whole files only).
    #[serde(rename = "sha256Checksum", skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The pages of the document within the file.
    #[serde(rename = "pages", skip_serializing_if = "Option::is_none")]
    pub pages: Option<Pages>,
    /// The document's date, ISO: the day the kallelse was ready (its
    /// latest tjänsteskrivelse), the protokoll was justerat or the anslag
    /// went up. The site's feeds date documents by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// What the file offers a screen-reader user (PDF bilagor only).
    #[serde(rename = "tillganglighet", skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<Accessibility>,
}

/// A page range, 1-based and inclusive.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Pages {
    /// First page.
    pub first: usize,
    /// Last page.
    pub last: usize,
}

/// The accessibility report of a PDF bilaga.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Accessibility {
    /// Whether it meets the basic needs (tagged, text, title, language).
    pub accessible: bool,
    /// What is missing, in Swedish.
    pub problems: Vec<String>,
    /// The file's own facts.
    #[serde(flatten)]
    pub report: PdfReport,
}

/// Where each document of the web packet starts and ends, by its id.
pub type PageRanges = std::collections::HashMap<String, Pages>;

/// A PDF bilaga published beside the packet.
pub struct PublishedPdf<'a> {
    /// The bilaga's `webbfil`.
    pub file_name: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// What it offers.
    pub report: &'a PdfReport,
}

/// A whole file of the web folder, with its size and checksum.
pub fn whole_file(name: &str, file_name: &str, bytes: &[u8]) -> File {
    File {
        kind: format!("{OPARL}File"),
        name: name.to_owned(),
        file_name: file_name.to_owned(),
        mime_type: "application/pdf".into(),
        access_url: file_name.to_owned(),
        size: Some(bytes.len() as u64),
        sha256: Some(hex(&Sha256::digest(bytes))),
        pages: None,
        date: None,
        accessibility: None,
    }
}

/// The web packet as the meeting's data refers to it.
pub struct WebPacket<'a> {
    /// Its file name in the web folder.
    pub file: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// Its number of pages.
    pub pages: usize,
    /// Where each of its documents starts and ends.
    pub ranges: &'a PageRanges,
    /// The PDF bilagor published beside it.
    pub pdfs: &'a [PublishedPdf<'a>],
}

impl WebPacket<'_> {
    /// A document inside the packet, by its id, when it was laid out.
    fn document(&self, name: &str, id: &str) -> Option<File> {
        let pages = *self.ranges.get(id)?;
        Some(File {
            kind: format!("{OPARL}File"),
            name: name.to_owned(),
            file_name: self.file.to_owned(),
            mime_type: "application/pdf".into(),
            access_url: format!("{}#page={}", self.file, pages.first),
            size: None,
            sha256: None,
            pages: Some(pages),
            date: None,
            accessibility: None,
        })
    }

    /// A PDF bilaga published beside the packet, with its accessibility.
    fn pdf_bilaga(&self, titel: &str, webbfil: &str) -> Option<File> {
        let pdf = self.pdfs.iter().find(|p| p.file_name == webbfil)?;
        let mut own = whole_file(titel, pdf.file_name, pdf.bytes);
        own.accessibility = Some(Accessibility {
            accessible: pdf.report.accessible(),
            problems: pdf.report.problems(),
            report: pdf.report.clone(),
        });
        Some(own)
    }
}

/// An agenda item with nothing decided yet.
fn agenda_item(id: String, number: usize, order: usize, name: &str, category: &str) -> AgendaItem {
    AgendaItem {
        kind: format!("{OPARL}AgendaItem"),
        id,
        number: number.to_string(),
        order,
        name: name.to_owned(),
        category: category.into(),
        public: true,
        reference: None,
        paragraph: None,
        presenter: None,
        summary: None,
        resolution_proposal: Vec::new(),
        vote: None,
        result: None,
        resolution_text: Vec::new(),
        published: true,
        note: None,
        auxiliary_file: Vec::new(),
    }
}

/// A beslutsärende as an agenda item: its documents in the packet and
/// its PDF bilagor (also added to `auxiliary`), or why they are not there.
fn beslut_item(
    packet: &Packet,
    a: &crate::validate::Arende,
    order: usize,
    web: &WebPacket,
    auxiliary: &mut Vec<File>,
) -> AgendaItem {
    let mut files = Vec::new();
    let mut left_out = Vec::new();
    if a.publiceras {
        files.extend(web.document("Protokollsförslag", &a.id));
        if a.tjansteskrivelse.is_some() {
            files.extend(web.document("Tjänsteskrivelse", &format!("{}-tjansteskrivelse", a.id)));
        }
        for b in &a.bilagor {
            if !b.publiceras {
                left_out.push(b.titel.clone());
                continue;
            }
            let file = match b.typ {
                BilagaTyp::Markdown => {
                    web.document(&b.titel, &format!("{}-bilaga-{}", a.id, b.nummer))
                }
                BilagaTyp::Pdf => web.pdf_bilaga(&b.titel, &b.webbfil),
            };
            if let Some(file) = file {
                if b.typ == BilagaTyp::Pdf {
                    auxiliary.push(file.clone());
                }
                files.push(file);
            }
        }
        if let Some(f) = &a.forteckning {
            files.extend(web.document(&f.titel, &format!("{}-forteckning", a.id)));
        }
    }
    let note = if !a.publiceras {
        Some("Handlingarna publiceras inte på webben.".to_owned())
    } else if !left_out.is_empty() {
        Some(format!(
            "Publiceras inte på webben: {}.",
            left_out.join(", ")
        ))
    } else {
        None
    };
    AgendaItem {
        reference: non_empty(&a.diarienummer),
        paragraph: a
            .paragraf
            .map(|p| format!("{} § {p}", packet.namnd.forkortning)),
        resolution_proposal: a.att_satser.clone(),
        summary: a
            .publiceras
            .then(|| crate::markdown::plain_text(&a.sammanfattning))
            .and_then(|s| non_empty(&s)),
        published: a.publiceras,
        note,
        auxiliary_file: files,
        ..agenda_item(
            format!("beslutsarende-{}", a.nummer),
            a.nummer,
            order,
            &a.rubrik,
            "beslutsärende",
        )
    }
}

/// The meeting as data.
pub fn meeting(packet: &Packet, output_dir: &std::path::Path, web: &WebPacket) -> MeetingData {
    let mut items = Vec::new();
    for a in &packet.sekretessarenden {
        items.push(AgendaItem {
            public: false,
            reference: non_empty(&a.diarienummer),
            published: false,
            note: Some("Handlingarna omfattas av sekretess och publiceras inte.".into()),
            ..agenda_item(
                format!("sekretessarende-{}", a.nummer),
                a.nummer,
                items.len() + 1,
                &a.rubrik,
                "sekretessärende",
            )
        });
    }
    for a in &packet.informationsarenden {
        items.push(AgendaItem {
            reference: non_empty(&a.diarienummer),
            presenter: non_empty(&a.foredragande),
            ..agenda_item(
                format!("informationsarende-{}", a.nummer),
                a.nummer,
                items.len() + 1,
                &a.rubrik,
                "informationsärende",
            )
        });
    }
    let mut auxiliary = Vec::new();
    for a in &packet.arenden {
        let item = beslut_item(packet, a, items.len() + 1, web, &mut auxiliary);
        items.push(item);
    }
    let mut invitation = whole_file(&packet.titel, web.file, web.bytes);
    invitation.pages = Some(Pages {
        first: 1,
        last: web.pages,
    });
    invitation.date = Some(kallelse_date(packet));
    MeetingData {
        kind: format!("{OPARL}Meeting"),
        id: crate::load::virtual_path(output_dir),
        name: packet.titel.clone(),
        start: start_time(&packet.sammantrade.datum, &packet.sammantrade.tid),
        end: end_time(&packet.sammantrade.datum, &packet.sammantrade.tid),
        public: packet.sammantrade.oppet,
        location: Place {
            kind: format!("{OPARL}Location"),
            description: packet.sammantrade.plats.clone(),
        },
        organization: vec![Organization {
            kind: format!("{OPARL}Organization"),
            name: packet.namnd.namn.clone(),
            short_name: packet.namnd.forkortning.clone(),
            body: packet.namnd.organisation.clone(),
            id: None,
        }],
        invitation,
        agenda_item: items,
        auxiliary_file: auxiliary,
        left_out: packet.utelamnat,
        results_protocol: None,
        anslag: Vec::new(),
        digital_justering: None,
    }
}

/// The day the kallelse was ready: its latest tjänsteskrivelse (dated or
/// approved), else the meeting day. A date from the content, so that the
/// site's feeds do not change with the day they are built.
fn kallelse_date(packet: &Packet) -> String {
    packet
        .arenden
        .iter()
        .filter_map(|a| a.tjansteskrivelse.as_ref())
        .flat_map(|t| [t.datum.as_str(), t.godkand.as_str()])
        .filter(|d| d.len() == 10 && *d <= packet.sammantrade.datum.as_str())
        .max()
        .unwrap_or(&packet.sammantrade.datum)
        .to_owned()
}

fn non_empty(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `2026-12-10T13:30:00+01:00`: Swedish local time, with summer time from
/// the last Sunday of March to the last Sunday of October.
pub(crate) fn start_time(date: &str, time: &str) -> String {
    match crate::calendar::clock_span(time) {
        Some((start, _)) => at(date, start).unwrap_or_else(|| date.to_owned()),
        None => date.to_owned(),
    }
}

/// When the meeting ends, when its time gives an end ("13:30–16:00").
pub(crate) fn end_time(date: &str, time: &str) -> Option<String> {
    at(date, crate::calendar::clock_span(time)?.1?)
}

/// A day and a clock time, ISO 8601 with the Swedish offset of that day.
pub(crate) fn at(date: &str, (hour, minute): (u32, u32)) -> Option<String> {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let offset = crate::calendar::offset_on(day);
    Some(format!("{date}T{hour:02}:{minute:02}:00{offset}"))
}

/// What the `webb.html` template sees.
#[derive(Serialize)]
struct PageContext<'a> {
    paket: &'a Packet,
    sammantrade: &'a MeetingData,
    grupper: Vec<Group<'a>>,
    /// The site around the page (`webbplats`, `rot`, `namnd_sida`), when
    /// the meeting is published as part of the site.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    ram: Option<&'a super::Frame>,
}

/// The ärenden of one group of the kallelse.
#[derive(Serialize)]
struct Group<'a> {
    rubrik: &'static str,
    arenden: Vec<&'a AgendaItem>,
}

/// Renders `index.html`.
pub fn index_html(
    root: &Path,
    packet: &Packet,
    meeting: &MeetingData,
    frame: Option<&super::Frame>,
) -> Result<String> {
    crate::render::render_web_page(
        root,
        &PageContext {
            paket: packet,
            sammantrade: meeting,
            ram: frame,
            grupper: [
                ("sekretessärende", "Sekretessärenden"),
                ("informationsärende", "Informationsärenden"),
                ("beslutsärende", "Beslutsärenden"),
                ("extra ärende", "Extra ärenden"),
            ]
            .into_iter()
            .map(|(category, rubrik)| Group {
                rubrik,
                arenden: meeting
                    .agenda_item
                    .iter()
                    .filter(|a| a.category == category)
                    .collect(),
            })
            .filter(|g| !g.arenden.is_empty())
            .collect(),
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn start_time_has_the_swedish_offset() {
        assert_eq!(
            super::start_time("2026-12-10", "13:30"),
            "2026-12-10T13:30:00+01:00"
        );
        assert_eq!(
            super::start_time("2026-06-04", "9.00"),
            "2026-06-04T09:00:00+02:00"
        );
        // Summer time starts on the last Sunday of March 2026, the 29th.
        assert_eq!(
            super::start_time("2026-03-28", "18:00"),
            "2026-03-28T18:00:00+01:00"
        );
    }
}
