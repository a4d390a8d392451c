//! Publish stage, the protokoll: once a meeting has a `protokoll.yaml`, its
//! web folder gains `protokoll.pdf` (PDF/UA-1 + PDF/A-2a, the text of
//! sekretess paragraphs withheld) and `anslag.pdf`, and `sammantrade.json`
//! gains the decisions, the protokoll and the anslag.
//!
//! It is made from the public view of the protokoll ([`crate::public`]),
//! and the guard reads its files with the rest of the web folder.

use crate::compile::compile_protokoll;
use crate::error::{Diagnostic, Error, Result};
use crate::export::{self, Conformance};
use crate::meeting::Meeting;
use crate::render::Variant;
use crate::validate::protokoll::{ParagrafTyp, Protokoll};

use super::meeting_page::{self, AgendaItem, MeetingData};

/// The web protokoll's file name: that of the protokoll itself.
pub use crate::signature::PROTOKOLL_PDF;
/// The web anslag's file name.
pub const ANSLAG_FILE: &str = "anslag.pdf";

/// The web version of a meeting's protokoll, ready to be written.
pub struct WebProtokoll {
    /// The files for the web folder.
    pub files: Vec<(String, Vec<u8>)>,
    /// Pages of the protokoll.
    pub pages: usize,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// The protokoll as published.
    pub protokoll: Protokoll,
    /// The laid-out protokoll and anslag, for the guard.
    pub laid: Vec<super::Laid>,
    forkortning: String,
    /// The page of each paragraph in the web protokoll, by § number.
    paragraph_pages: Vec<(u32, usize)>,
}

/// Builds the web protokoll of a meeting; `None` when the meeting has no
/// `protokoll.yaml` yet.
pub fn compile(meeting: &Meeting) -> Result<Option<WebProtokoll>> {
    if meeting.protokoll.is_none() {
        return Ok(None);
    }
    let forkortning = meeting.packet.namnd.forkortning.clone();
    let compiled = compile_protokoll(meeting, Variant::Web, false)?;
    let timestamp = export::archival_timestamp(&compiled.protokoll.justering.datum)?;
    let not_accessible = |err| match err {
        Error::Input(mut errors) => {
            errors.push(
                Diagnostic::error("protokollets webbversion uppfyller inte PDF/UA-1 och PDF/A-2a")
                    .tips("felen ovan pekar på mallen eller texten som behöver rättas"),
            );
            Error::Input(errors)
        }
        other => other,
    };
    let pdf = |document, name: &str| {
        export::protokoll_pdf(
            &compiled,
            document,
            name,
            Some(timestamp),
            Conformance::Accessible,
        )
        .map_err(not_accessible)
    };
    let protokoll_pdf = pdf(&compiled.document, "webb/protokoll")?;
    let anslag_pdf = pdf(&compiled.anslag, "webb/anslag")?;
    let paragraph_pages: Vec<(u32, usize)> = compiled
        .protokoll
        .paragrafer
        .iter()
        .filter_map(|p| Some((p.nummer, super::label_page(&compiled.document, &p.id)?)))
        .collect();
    let pages = compiled.document.pages().len();
    let owners = paragraph_owners(&compiled.protokoll, &paragraph_pages, pages);
    Ok(Some(WebProtokoll {
        files: vec![
            (PROTOKOLL_PDF.to_owned(), protokoll_pdf),
            (ANSLAG_FILE.to_owned(), anslag_pdf),
        ],
        pages,
        laid: vec![
            super::Laid {
                file: PROTOKOLL_PDF.to_owned(),
                document: compiled.document,
                owners,
            },
            super::Laid {
                file: ANSLAG_FILE.to_owned(),
                document: compiled.anslag,
                owners: Vec::new(),
            },
        ],
        warnings: compiled.warnings,
        protokoll: compiled.protokoll,
        forkortning,
        paragraph_pages,
    }))
}

impl WebProtokoll {
    /// Adds the protokoll, the anslag and the decisions to the meeting's
    /// data. Agenda items are matched to paragraphs in meeting order;
    /// extra ärenden become agenda items of their own.
    pub fn add_to(&self, meeting: &mut MeetingData) {
        let bytes = |name: &str| {
            self.files
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| b.as_slice())
                .unwrap_or_default()
        };
        let mut file =
            meeting_page::whole_file(&self.protokoll.titel, PROTOKOLL_PDF, bytes(PROTOKOLL_PDF));
        file.pages = Some(meeting_page::Pages {
            first: 1,
            last: self.pages,
        });
        // The protokoll is dated by its justering (the last, when
        // paragraphs were justerade omedelbart before the rest).
        file.date = self
            .protokoll
            .anslag
            .iter()
            .map(|a| a.justerad.clone())
            .max();
        meeting.results_protocol = Some(file);
        let anslag_file =
            meeting_page::whole_file("Anslag om justering", ANSLAG_FILE, bytes(ANSLAG_FILE));
        let page_of = |nummer: u32| {
            self.paragraph_pages
                .iter()
                .find(|(n, _)| *n == nummer)
                .map(|(_, page)| *page)
        };
        meeting.anslag = self
            .protokoll
            .anslag
            .iter()
            .map(|a| meeting_page::Anslag {
                rubrik: a.rubrik.clone(),
                organ: meeting
                    .organization
                    .first()
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                meeting_date: meeting.start.chars().take(10).collect(),
                paragrafer: a.paragrafer.clone(),
                justerad: a.justerad.clone(),
                up: a.upp.clone(),
                down: a.ned.clone(),
                kept_at: a.forvaringsplats.clone(),
                certified_by: certified_by(&self.protokoll),
                file: meeting_page::File {
                    date: Some(a.upp.clone()),
                    ..anslag_file.clone()
                },
                protocol_url: match a.forsta.and_then(page_of) {
                    Some(page) if a.omedelbar => format!("{PROTOKOLL_PDF}#page={page}"),
                    _ => PROTOKOLL_PDF.to_owned(),
                },
            })
            .collect();

        let mut paragrafer = self.protokoll.paragrafer.iter();
        for item in meeting.agenda_item.iter_mut() {
            let Some(paragraf) = paragrafer.next() else {
                break;
            };
            item.paragraph = Some(format!("{} § {}", self.forkortning, paragraf.nummer));
            item.result = Some(paragraf.resultat.clone());
            if !(paragraf.sekretess) {
                item.resolution_text = resolution(paragraf);
                item.vote = paragraf.omrostning.as_ref().map(meeting_page::Vote::of);
            }
        }
        let first_order = meeting.agenda_item.len() + 1;
        let extras = paragrafer.filter(|p| p.typ == ParagrafTyp::Extra);
        for (extra, paragraf) in (1..).zip(extras) {
            let order = first_order + extra - 1;
            meeting.agenda_item.push(AgendaItem {
                kind: format!("{}AgendaItem", meeting_page::OPARL),
                id: format!("extra-arende-{extra}"),
                number: extra.to_string(),
                order,
                name: paragraf.rubrik.clone(),
                category: "extra ärende".into(),
                public: !paragraf.sekretess,
                reference: Some(paragraf.diarienummer.clone()).filter(|d| !d.is_empty()),
                paragraph: Some(format!("{} § {}", self.forkortning, paragraf.nummer)),
                presenter: None,
                summary: None,
                resolution_proposal: Vec::new(),
                vote: (!paragraf.sekretess)
                    .then(|| paragraf.omrostning.as_ref().map(meeting_page::Vote::of))
                    .flatten(),
                result: Some(paragraf.resultat.clone()),
                resolution_text: if paragraf.sekretess {
                    Vec::new()
                } else {
                    resolution(paragraf)
                },
                published: !paragraf.sekretess,
                note: Some(if paragraf.sekretess {
                    "Togs upp på sammanträdet utan att stå i kallelsen; omfattas av sekretess."
                        .into()
                } else {
                    "Togs upp på sammanträdet utan att stå i kallelsen.".into()
                }),
                auxiliary_file: Vec::new(),
            });
        }
    }
}

/// "Johan Åkerlund, nämndsekreterare", as the anslag is signed.
fn certified_by(protokoll: &Protokoll) -> String {
    let sekreterare = &protokoll.sekreterare;
    match sekreterare.titel.trim() {
        "" => format!("{}, sekreterare", sekreterare.namn),
        titel => format!("{}, {}", sekreterare.namn, titel.to_lowercase()),
    }
}

/// The decision as the protokoll prints it: the att-satser with their
/// punctuation, or the one sentence of a återremiss, bordläggning or
/// informationsärende.
fn resolution(paragraf: &crate::validate::protokoll::Paragraf) -> Vec<String> {
    if paragraf.att_satser.is_empty() {
        Some(paragraf.beslutsmening.clone())
            .filter(|m| !m.trim().is_empty())
            .into_iter()
            .collect()
    } else {
        paragraf.att_satser.clone()
    }
}

/// The pages of each paragraph: from its first page to the page before
/// the next paragraph starts (or the last page).
fn paragraph_owners(protokoll: &Protokoll, pages: &[(u32, usize)], last: usize) -> super::Owners {
    let mut owners = Vec::new();
    for (index, (nummer, first)) in pages.iter().enumerate() {
        let end = pages
            .get(index + 1)
            .map_or(last, |(_, next)| next.saturating_sub(1).max(*first));
        let rubrik = protokoll
            .paragrafer
            .iter()
            .find(|p| p.nummer == *nummer)
            .map(|p| p.rubrik.as_str())
            .unwrap_or_default();
        owners.push((*first..=end, format!("§ {nummer}, {rubrik}")));
    }
    owners
}
