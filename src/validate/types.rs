//! Stage 2, validate: the types validation hands on. A [`Validated`]
//! meeting is what the templates show ([`Packet`]), the facts behind it
//! ([`Facts`]) and the warnings that do not stop the build.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Diagnostic, Location};
use crate::load::PreviousProtokoll;

/// The packet of one meeting, ready for the templates.
#[derive(Debug, Clone, Serialize)]
pub struct Packet {
    /// Document title for the PDF metadata.
    pub titel: String,
    /// The nämnd.
    pub namnd: Namnd,
    /// The meeting.
    pub sammantrade: Sammantrade,
    /// Confidential ärenden, numbered.
    pub sekretessarenden: Vec<Sekretessarende>,
    /// Information items, numbered.
    pub informationsarenden: Vec<Informationsarende>,
    /// Beslutsärenden, numbered, in file-prefix order.
    pub arenden: Vec<Arende>,
    /// Whether some ärende or bilaga is left out of the web version.
    pub utelamnat: bool,
}

/// The facts of a meeting that the templates do not show but later checks
/// and stages need: where it is, its sources, its members and how its
/// paragraphs are numbered.
#[derive(Debug, Clone)]
pub struct Facts {
    /// Relative output location: `<nämnd>/<datum>`.
    pub output_dir: PathBuf,
    /// `namnd.yaml` and `sammantrade.yaml`, relative to the project root.
    pub kallor: Vec<PathBuf>,
    /// Personnummer-like numbers allowed in every published file of the
    /// meeting (their ten significant digits).
    pub tillatna_nummer: Vec<String>,
    /// The first § number of the meeting: its `första_paragraf`, else the
    /// one after the nämnd's previous protokoll of the year; `None` leaves
    /// the § blank in the kallelse.
    pub forsta_paragraf: Option<u32>,
    /// The nämnd's previous protokoll of the year.
    pub previous_protokoll: Option<PreviousProtokoll>,
    /// Earlier meetings of the year without a protokoll (see
    /// [`crate::load::LoadedMeeting::unrecorded`]).
    pub unrecorded: Vec<String>,
    /// Whether `sammantrade.yaml` sets `första_paragraf` itself.
    pub forsta_paragraf_given: bool,
    /// The nämnd's ledamöter and ersättare.
    pub members: Vec<Ledamot>,
    /// The provision secret paragraphs are withheld under, when given.
    pub sekretess_lagrum: Option<String>,
    /// The nämnd's own diarienummer pattern, when given.
    pub diarienummer_monster: Option<String>,
    /// The meeting day.
    pub meeting_date: NaiveDate,
    /// The meeting folder (absolute).
    pub meeting_dir: PathBuf,
    /// The meeting folder relative to the project root, with `/`.
    pub virtual_dir: String,
}

/// A meeting as validation leaves it: what the templates show, the facts
/// behind it, and the problems that do not stop the build.
#[derive(Debug, Clone)]
pub struct Validated {
    /// What the templates show.
    pub packet: Packet,
    /// What later checks and stages need.
    pub facts: Facts,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// A ledamot or ersättare of the nämnd, as `namnd.yaml` lists them
/// (an ersättare is a `Ledamot` with `ledamot: false`).
#[derive(Debug, Clone, Serialize)]
pub struct Ledamot {
    /// Full name.
    pub namn: String,
    /// Party abbreviation, empty when not given.
    pub parti: String,
    /// Role in the nämnd, empty when not given.
    pub uppdrag: String,
    /// A ledamot (not an ersättare).
    pub ledamot: bool,
    /// Where `namnd.yaml` names the person.
    #[serde(skip)]
    pub at: Location,
}

impl Ledamot {
    /// The role: the uppdrag ("Ordförande"), else "Ledamot" or
    /// "Ersättare".
    pub fn role(&self) -> String {
        let mut chars = self.uppdrag.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None if self.ledamot => "Ledamot".to_owned(),
            None => "Ersättare".to_owned(),
        }
    }

    /// The party's abbreviation, when given.
    pub fn party(&self) -> Option<&str> {
        Some(self.parti.as_str()).filter(|p| !p.is_empty())
    }

    /// The party's name ("Socialdemokraterna" for "S"), or its
    /// abbreviation when the name is not known.
    pub fn party_name(&self) -> Option<&str> {
        self.party()
            .map(|p| crate::conventions::party_name(p).unwrap_or(p))
    }

    /// The name's part of addresses: "karin-lindqvist".
    pub fn slug(&self) -> String {
        crate::conventions::slug(&self.namn)
    }
}

/// The nämnd as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct Namnd {
    /// "Socialnämnden".
    pub namn: String,
    /// "Socialnämndens".
    pub genitiv: String,
    /// "SN".
    pub forkortning: String,
    /// "Exempelkommun".
    pub organisation: String,
    /// The chair.
    pub ordforande: Person,
    /// The secretary.
    pub sekreterare: Person,
    /// Address block lines.
    pub kontakt: Vec<Kontaktrad>,
}

/// A line of the address block.
#[derive(Debug, Clone, Serialize)]
pub struct Kontaktrad {
    /// "Postadress".
    pub etikett: String,
    /// The value.
    pub varde: String,
}

/// A party group's room for its group meeting.
#[derive(Debug, Clone, Serialize)]
pub struct Grupprum {
    /// "S-, C- och MP-grupp".
    pub grupp: String,
    /// The room.
    pub lokal: String,
}

/// A person as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Name.
    pub namn: String,
    /// Title, empty when not given.
    pub titel: String,
    /// E-mail, empty when not given.
    pub epost: String,
    /// Phone, empty when not given.
    pub telefon: String,
}

/// The meeting as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct Sammantrade {
    /// "2026-12-10".
    pub datum: String,
    /// "Torsdagen den 10 december 2026 klockan 13:30".
    pub datumrad: String,
    /// "13:30".
    pub tid: String,
    /// Place.
    pub plats: String,
    /// Open to the public.
    pub oppet: bool,
    /// Group meeting time, empty when there are none.
    pub gruppmoten_tid: String,
    /// One room per party group.
    pub gruppmoten: Vec<Grupprum>,
}

/// A numbered confidential ärende.
#[derive(Debug, Clone, Serialize)]
pub struct Sekretessarende {
    /// Number within its group.
    pub nummer: usize,
    /// The § number, when the meeting's numbers are known.
    pub paragraf: Option<u32>,
    /// Title.
    pub rubrik: String,
    /// Case number.
    pub diarienummer: String,
    /// Document reference, empty when not given.
    pub handling: String,
}

/// A numbered information item.
#[derive(Debug, Clone, Serialize)]
pub struct Informationsarende {
    /// Number within its group.
    pub nummer: usize,
    /// The § number, when the meeting's numbers are known.
    pub paragraf: Option<u32>,
    /// Title.
    pub rubrik: String,
    /// Presenter, empty when not given.
    pub foredragande: String,
    /// Case number, empty when not given.
    pub diarienummer: String,
}

/// A numbered beslutsärende with everything its documents show.
#[derive(Debug, Clone, Serialize)]
pub struct Arende {
    /// Number within the beslutsärenden.
    pub nummer: usize,
    /// A label-safe id, "arende-3".
    pub id: String,
    /// The § number, when the meeting's numbers are known.
    pub paragraf: Option<u32>,
    /// Title.
    pub rubrik: String,
    /// Case number.
    pub diarienummer: String,
    /// The staff report; routine ärenden have none.
    pub tjansteskrivelse: Option<Tjansteskrivelse>,
    /// Markdown.
    pub sammanfattning: String,
    /// Markdown.
    pub bakgrund: String,
    /// Markdown.
    pub forslag: String,
    /// The child-rights assessment, when given.
    pub barnrattsprovning: Option<Barnrattsprovning>,
    /// Att-satser with their final punctuation.
    pub att_satser: Vec<String>,
    /// Recipients of the decision.
    pub beslutet_skickas_till: Vec<String>,
    /// Attachments in order.
    pub bilagor: Vec<Bilaga>,
    /// List table, when given.
    pub forteckning: Option<Forteckning>,
    /// The handlingar listed under the ärende in the kallelse.
    pub handlingar: Vec<Handling>,
    /// Whether it appears in the web version.
    pub publiceras: bool,
    /// The ärende file, relative to the project root.
    #[serde(skip)]
    pub kalla: PathBuf,
    /// Personnummer-like numbers allowed in this ärende's files.
    #[serde(skip)]
    pub tillatna_nummer: Vec<String>,
    /// The items of the nämnd's plan this ärende gives (its uppdrag and
    /// its bilagor's uppföljning tables), due once it is decided.
    #[serde(skip)]
    pub planpunkter: Vec<PlanItem>,
    /// The plan's items this ärende reports back, as written.
    #[serde(skip)]
    pub aterrapporterar: Vec<ItemRef>,
}

/// An item of the nämnd's plan: a report the nämnd wants back, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PlanItem {
    /// `SN25/80:4.1.4-1`, `SN26/19:uppdrag-1`, `årshjul:internkontrollplan:2026`.
    pub id: String,
    /// What is to be reported: the row's Titel, the uppdrag's text.
    pub rubrik: String,
    /// How and to whom: the row's Beskrivning, "Till Division …".
    pub beskrivning: String,
    /// The day the material is due (a row's Slutdatum).
    pub slutdatum: Option<NaiveDate>,
    /// When it is due at the nämnd.
    pub due: Due,
    /// The file it was written in, relative to the project root, with `/`.
    pub kalla: String,
    /// Its line in that file.
    pub rad: usize,
    /// Whether it may be shown on the web (its ärende and bilaga are published).
    pub publiceras: bool,
}

impl PlanItem {
    /// The title as the nämnd's own lists show it: masked passages
    /// (`<maskerad …>`) revealed, as in the internal documents.
    pub fn title(&self) -> String {
        crate::mask::reveal(&self.rubrik)
    }

    /// The description, likewise.
    pub fn description(&self) -> String {
        crate::mask::reveal(&self.beskrivning)
    }

    /// The item as the public may see it: masked passages replaced by
    /// their note; `None` when it is not public or its masking cannot be
    /// read (nothing is published of such a text).
    pub fn public(&self) -> Option<PlanItem> {
        use crate::mask::{Syntax, redact};
        if !self.publiceras {
            return None;
        }
        Some(PlanItem {
            rubrik: redact(&self.rubrik, Syntax::Plain).ok()?,
            beskrivning: redact(&self.beskrivning, Syntax::Plain).ok()?,
            ..self.clone()
        })
    }
}

/// When an item of the plan is due at the nämnd.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Due {
    /// At the meeting on one of these days (named in the Beskrivning,
    /// or the uppdrag's återrapport); else the first one after the
    /// Slutdatum (or after the day).
    Days(Vec<NaiveDate>),
    /// At the first meeting after the Slutdatum.
    AfterSlutdatum,
    /// At the nämnd's meeting in this month (year, month).
    Month(i32, u32),
}

/// An id written in `återrapporterar`, with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ItemRef {
    /// The id as written, trimmed.
    pub id: String,
    /// 1-based line in the ärende file.
    pub rad: usize,
    /// 1-based column.
    pub kolumn: usize,
}

/// A handling listed under an ärende in the kallelse.
#[derive(Debug, Clone, Serialize)]
pub struct Handling {
    /// Its title.
    pub titel: String,
    /// Whether it appears in the web version.
    pub publiceras: bool,
}

/// Metadata of the tjänsteskrivelse.
#[derive(Debug, Clone, Serialize)]
pub struct Tjansteskrivelse {
    /// ISO date.
    pub datum: String,
    /// Sending unit.
    pub avsandare: String,
    /// Author.
    pub handlaggare: Person,
    /// Approval date (ISO), empty when not approved yet.
    pub godkand: String,
    /// Addressee.
    pub mottagare: String,
}

/// The child-rights assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Barnrattsprovning {
    /// Whether children are affected.
    pub beror_barn: bool,
    /// Markdown motivation.
    pub motivering: String,
    /// Whether the motivation itself opens with "Ja"/"Nej", so the answer
    /// is not printed twice.
    pub svar_i_motiveringen: bool,
}

/// What kind of file a bilaga is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BilagaTyp {
    /// A Markdown report, rendered as a document.
    Markdown,
    /// An existing PDF, its pages embedded.
    Pdf,
}

/// An attachment.
#[derive(Debug, Clone, Serialize)]
pub struct Bilaga {
    /// Number within the ärende.
    pub nummer: usize,
    /// Title.
    pub titel: String,
    /// Markdown or PDF.
    pub typ: BilagaTyp,
    /// Path relative to the project root, with `/` (for typst).
    pub fil: String,
    /// Markdown text (Markdown bilagor only).
    pub text: String,
    /// The folder (the meeting's) that relative image paths in the Markdown
    /// are resolved from.
    pub bas: String,
    /// Number of pages (PDF bilagor only).
    pub sidor: usize,
    /// Whether a table of contents opens the bilaga (Markdown only).
    pub innehall: bool,
    /// Whether it appears in the web version.
    pub publiceras: bool,
    /// Its headings keep the numbers typed in them (`numrering: egen`)
    /// instead of being numbered 1, 1.1, 1.1.1.
    pub egen_numrering: bool,
    /// `uppföljning: ja`: its uppföljning tables are read for the plan.
    #[serde(skip)]
    pub uppfoljning: bool,
    /// The file name of a PDF bilaga published beside the web packet,
    /// relative to the web folder: `bilagor/04-1-revisionsrapport.pdf`.
    pub webbfil: String,
}

/// A list table.
#[derive(Debug, Clone, Serialize)]
pub struct Forteckning {
    /// Title.
    pub titel: String,
    /// Column headings.
    pub kolumner: Vec<String>,
    /// Rows.
    pub rader: Vec<Vec<String>>,
    /// typst column widths (`auto` or `1fr`), one per column.
    pub bredder: Vec<String>,
    /// The words that decide how narrow each column may be, as a typst
    /// array for the house style's `tabell` (see [`table::column_words`]).
    pub ord: String,
    /// Whether the table surely fits with every cell on one line (see
    /// [`table::fits_on_one_line`]): then nothing needs measuring.
    pub enkel: bool,
    /// The CSV or Excel file it was read from, relative to the project root.
    #[serde(skip)]
    pub fil: Option<PathBuf>,
    /// The line (CSV) or sheet row (Excel) of each row in that file.
    #[serde(skip)]
    pub rader_i_fil: Vec<usize>,
}
