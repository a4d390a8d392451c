//! Stage 2, validate, for the protokoll: the types it hands on. A
//! [`Protokoll`] is what the protokoll's templates show, with every
//! [`Paragraf`] in meeting order.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::Rost;
use crate::validate::types::{Arende, Person};

/// The protokoll of one meeting, ready for the templates.
#[derive(Debug, Clone, Serialize)]
pub struct Protokoll {
    /// Document title: "Protokoll från Socialnämndens sammanträde 2026-11-12".
    pub titel: String,
    /// "13:30–16:10".
    pub tid: String,
    /// "Torsdagen den 12 november 2026 klockan 13:30–16:10".
    pub datumrad: String,
    /// Where the meeting was held.
    pub plats: String,
    /// "§§ 121–130".
    pub paragrafintervall: String,
    /// First § number.
    pub forsta: u32,
    /// Last § number.
    pub sista: u32,
    /// Who chaired.
    pub ordforande: Deltagare,
    /// Ledamöter and serving ersättare, in the order of `namnd.yaml`.
    pub beslutande: Vec<Deltagare>,
    /// Ersättare present without serving.
    pub ovriga_ersattare: Vec<Deltagare>,
    /// Others present.
    pub ovriga: Vec<Person>,
    /// Ledamöter not present.
    pub franvarande: Vec<Deltagare>,
    /// Who justerar, besides the ordförande.
    pub justerare: Vec<Deltagare>,
    /// The justering.
    pub justering: Justering,
    /// The secretary.
    pub sekreterare: Person,
    /// Every paragraph in meeting order.
    pub paragrafer: Vec<Paragraf>,
    /// The anslag: the protokoll's, and one for paragraphs justerade
    /// omedelbart, if any.
    pub anslag: Vec<Anslag>,
    /// Who gets which utdrag, in order of first appearance.
    pub mottagare: Vec<Mottagare>,
    /// The digital justering, once everyone has signed the protokoll: the
    /// anslag is then counted from its day (see
    /// [`Protokoll::justerad_digitalt`]).
    pub digital_justering: Option<DigitalJustering>,
    /// The meeting folder relative to the project root: images in the
    /// protokoll's Markdown are relative to it.
    pub bas: String,
    /// The `protokoll.yaml` file, relative to the project root.
    #[serde(skip)]
    pub kalla: std::path::PathBuf,
    /// Problems that do not stop the build.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    /// What the anslag is counted from besides the justering day, to count
    /// it again from the day of a digital justering.
    #[serde(skip)]
    pub(super) anslag_basis: AnslagBasis,
}

/// What the anslag of a protokoll is counted from, besides the day of the
/// justering.
#[derive(Debug, Clone)]
pub(super) struct AnslagBasis {
    /// The meeting day (paragraphs justerade omedelbart count from it).
    pub meeting_date: chrono::NaiveDate,
    /// `anslag:` as written in `protokoll.yaml`.
    pub given: crate::model::AnslagFile,
    /// Where the justering is held (where the protokoll is kept unless
    /// `anslag.förvaringsplats` says otherwise).
    pub plats: String,
}

/// A protokoll signed by everyone who must sign it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DigitalJustering {
    /// The day of the last signature, ISO (Swedish time): the day the
    /// protokoll was justerat.
    pub datum: String,
    /// Each signature in the order they were made.
    pub underskrifter: Vec<Underskrift>,
}

/// One signature of a digital justering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Underskrift {
    /// Who signed.
    pub namn: String,
    /// As what: "sekreterare", "ordförande" or "justerare".
    pub roll: String,
    /// The day, ISO (Swedish time).
    pub datum: String,
}

/// A person at the meeting as the protokoll names them.
#[derive(Debug, Clone, Serialize)]
pub struct Deltagare {
    /// "Karin Lindqvist".
    pub namn: String,
    /// "S", empty when not given.
    pub parti: String,
    /// "ordförande", "ersättare för Eva Lind (SD)", empty for a ledamot
    /// without a role.
    pub roll: String,
    /// "§§ 121–125" when the person served only part of the meeting.
    pub paragrafer: String,
    /// All of it as one line: "Per Nyström (S), ersättare för Eva Lind (SD)".
    pub text: String,
}

/// The justering.
#[derive(Debug, Clone, Serialize)]
pub struct Justering {
    /// ISO date.
    pub datum: String,
    /// "19 november 2026".
    pub datum_ord: String,
    /// Where.
    pub plats: String,
    /// At what time, empty when not given.
    pub tid: String,
}

/// An anslag (bevis om justering).
#[derive(Debug, Clone, Serialize)]
pub struct Anslag {
    /// "Bevis om justering" or "Bevis om omedelbar justering".
    pub rubrik: String,
    /// "§§ 121–130" or "§ 124".
    pub paragrafer: String,
    /// When the paragraphs were justerade, ISO.
    pub justerad: String,
    /// The first day on the anslagstavla, ISO.
    pub upp: String,
    /// The last day on the anslagstavla, ISO.
    pub ned: String,
    /// Where the protokoll is kept.
    pub forvaringsplats: String,
    /// Whether it covers paragraphs justerade omedelbart.
    pub omedelbar: bool,
    /// Its first paragraph.
    pub forsta: Option<u32>,
}

/// The utdrag one recipient gets.
#[derive(Debug, Clone, Serialize)]
pub struct Mottagare {
    /// The recipient as written in "Beslutet skickas till".
    pub namn: String,
    /// The utdrag: (file name, paragraph label, rubrik).
    pub utdrag: Vec<(String, String, String)>,
}

/// What kind of item a paragraph records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagrafTyp {
    /// A sekretessärende.
    Sekretess,
    /// An informationsärende.
    Information,
    /// A beslutsärende of the kallelse.
    Beslut,
    /// An ärende taken up at the meeting.
    Extra,
}

/// One paragraph of the protokoll.
#[derive(Debug, Clone, Serialize)]
pub struct Paragraf {
    /// The § number.
    pub nummer: u32,
    /// "SN § 121".
    pub etikett: String,
    /// Label-safe id: "paragraf-121".
    pub id: String,
    /// What it records.
    pub typ: ParagrafTyp,
    /// Title.
    pub rubrik: String,
    /// Case number, empty when none.
    pub diarienummer: String,
    /// The beslutsärende, whose text (the same as in the protokollsförslag)
    /// opens the paragraph.
    pub arende: Option<Arende>,
    /// The presenter of an informationsärende.
    pub foredragande: String,
    /// The document handed out for a sekretessärende.
    pub handling: String,
    /// Markdown: the text of an extra ärende, or what was said at the meeting.
    pub text: String,
    /// Yrkanden: who and what.
    pub yrkanden: Vec<Yrkande>,
    /// The propositionsordning.
    pub propositionsordning: String,
    /// The vote, if one was held.
    pub omrostning: Option<Omrostning>,
    /// "Socialnämnden beslutar".
    pub beslutsinledning: String,
    /// The decision's att-satser with their punctuation; empty when the
    /// decision is a sentence (`beslutsmening`).
    pub att_satser: Vec<String>,
    /// A decision written as one sentence (a sekretessärende decided as
    /// proposed in the document handed out).
    pub beslutsmening: String,
    /// Why it was återremitterat, bordlagt or avskrivet (Markdown).
    pub motivering: String,
    /// The label of the outcome: "Enligt förslag", "Ändrat beslut", …
    pub resultat: String,
    /// Reservations.
    pub reservationer: Vec<Reservation>,
    /// Protokollsanteckningar.
    pub protokollsanteckningar: Vec<Anteckning>,
    /// Members disqualified at this paragraph, "Anna Berg (SD)".
    pub jav: Vec<String>,
    /// Justerad at once at the meeting.
    pub omedelbar_justering: bool,
    /// Recipients of the decision.
    pub beslutet_skickas_till: Vec<String>,
    /// Kept secret: withheld on the web.
    pub sekretess: bool,
    /// The provision it is withheld under.
    pub lagrum: String,
    /// Whether its ärende text may be published on the web.
    pub publiceras: bool,
    /// The utdrag's file name: "SN-§121.pdf".
    pub utdrag: String,
    /// The members serving at this paragraph (for the decision), as
    /// "Karin Lindqvist (S)".
    #[serde(skip)]
    pub tjanstgorande: Vec<String>,
}

/// A yrkande as printed.
#[derive(Debug, Clone, Serialize)]
pub struct Yrkande {
    /// "Lars Öberg (M)".
    pub av: String,
    /// What was proposed.
    pub yrkande: String,
}

/// A vote as printed.
#[derive(Debug, Clone, Serialize)]
pub struct Omrostning {
    /// What ja supports.
    pub ja: String,
    /// What nej supports.
    pub nej: String,
    /// One row per serving member, in the order of `namnd.yaml`.
    pub rader: Vec<Rostrad>,
    /// Number of ja votes.
    pub antal_ja: usize,
    /// Number of nej votes.
    pub antal_nej: usize,
    /// Number who abstained.
    pub antal_avstar: usize,
    /// The result as a sentence.
    pub utfall: String,
}

/// One member's vote.
#[derive(Debug, Clone, Serialize)]
pub struct Rostrad {
    /// Name.
    pub namn: String,
    /// Party.
    pub parti: String,
    /// "ja", "nej" or "avstår".
    pub rost: Rost,
}

/// A reservation as printed.
#[derive(Debug, Clone, Serialize)]
pub struct Reservation {
    /// "Per Nyström (S)" or several joined.
    pub av: String,
    /// What was said.
    pub text: String,
    /// A written reservation (Markdown), empty when none.
    pub skriftlig: String,
    /// Its file, relative to the project root (for the personnummer scan).
    #[serde(skip)]
    pub fil: Option<std::path::PathBuf>,
}

/// A protokollsanteckning as printed.
#[derive(Debug, Clone, Serialize)]
pub struct Anteckning {
    /// Who.
    pub av: String,
    /// Markdown.
    pub text: String,
}
