//! The content format: the YAML files a sakkunnig and a nämndsekreterare
//! write, as `docs/` documents them for users (`docs/namnd.md`,
//! `docs/sammantrade.md`, `docs/arende.md`, `docs/protokoll.md`). These types
//! are the contract with our users; the load stage fills them, the validate
//! stage checks them.
//!
//! Keys are Swedish words with å, ä, ö; their ASCII spellings are accepted as
//! aliases. Unknown keys are errors (`deny_unknown_fields`). The spellings
//! are serde's attributes here and the key tables of `yaml::keys`; the
//! values serde's derive cannot read by itself (dates, ja/nej, cells,
//! decisions, votes, names) are read in `yaml::values`.
//!
//! Names: a type for a whole file ends in `File` (`ArendeFile`), a type for
//! an entry inside one in `Entry` (`BilagaEntry`), so that the checked
//! types of `validate` (`Bilaga`, `Ledamot`, …) carry the plain Swedish
//! word.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
pub use serde_saphyr::Spanned;

/// `namnd.yaml`: the committee.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamndFile {
    /// The nämnd's name, e.g. "Socialnämnden".
    pub namn: String,
    /// Abbreviation used in diarienummer and § lines, e.g. "SN".
    #[serde(rename = "förkortning", alias = "forkortning")]
    pub forkortning: String,
    /// The municipality, e.g. "Exempelkommun".
    pub organisation: String,
    /// Genitive form of the name when the rule (add "s") gets it wrong.
    #[serde(default)]
    pub genitiv: Option<String>,
    /// The chair.
    #[serde(rename = "ordförande", alias = "ordforande")]
    pub ordforande: PersonEntry,
    /// The committee secretary.
    pub sekreterare: PersonEntry,
    /// The address block in the footer of the tjänsteskrivelse.
    #[serde(default)]
    pub kontakt: Kontakt,
    /// A regular expression every diarienummer must match; by default the
    /// abbreviation, a two-digit year, a slash and a serial: `SN26/45`.
    #[serde(
        default,
        rename = "diarienummer_mönster",
        alias = "diarienummer_monster"
    )]
    pub diarienummer_monster: Option<Spanned<String>>,
    /// The nämnd's members (for the protokoll: attendance, quorum, votes).
    #[serde(default, rename = "ledamöter", alias = "ledamoter")]
    pub ledamoter: Vec<LedamotEntry>,
    /// The nämnd's substitutes.
    #[serde(default, rename = "ersättare", alias = "ersattare")]
    pub ersattare: Vec<LedamotEntry>,
    /// The provision a secret paragraph is withheld under on the web, e.g.
    /// "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)".
    #[serde(default, rename = "sekretess_lagrum", alias = "sekretesslagrum")]
    pub sekretess_lagrum: Option<String>,
}

/// A member or substitute of the nämnd.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedamotEntry {
    /// Full name, as the protokoll writes it and `protokoll.yaml` names it.
    pub namn: Spanned<String>,
    /// Party abbreviation, "S".
    #[serde(default)]
    pub parti: Option<String>,
    /// Role in the nämnd: "ordförande", "1:e vice ordförande".
    #[serde(default)]
    pub uppdrag: Option<String>,
}

/// A named person with optional title and contact details.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    /// Full name.
    pub namn: String,
    /// Title or role, e.g. "Sakkunnig".
    #[serde(default)]
    pub titel: Option<String>,
    /// E-mail address.
    #[serde(default, rename = "e-post", alias = "epost")]
    pub epost: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub telefon: Option<String>,
}

/// The municipality's address block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kontakt {
    /// Postal address.
    #[serde(default)]
    pub postadress: Option<String>,
    /// Visiting address.
    #[serde(default, rename = "besöksadress", alias = "besoksadress")]
    pub besoksadress: Option<String>,
    /// Switchboard number.
    #[serde(default)]
    pub telefon: Option<String>,
    /// Public e-mail address.
    #[serde(default, rename = "e-post", alias = "epost")]
    pub epost: Option<String>,
    /// Web site.
    #[serde(default)]
    pub webb: Option<String>,
    /// Organisation number.
    #[serde(default)]
    pub org_nr: Option<String>,
}

/// `sammantrade.yaml`: one meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SammantradeFile {
    /// The meeting date (must match the folder name).
    pub datum: Spanned<Datum>,
    /// Start time, "13:30".
    pub tid: Spanned<String>,
    /// Where the meeting is held.
    pub plats: String,
    /// Whether the meeting is open to the public.
    #[serde(rename = "öppet", alias = "oppet")]
    pub oppet: bool,
    /// Party group meetings before the meeting.
    #[serde(default, rename = "gruppmöten", alias = "gruppmoten")]
    pub gruppmoten: Option<Gruppmoten>,
    /// The first § number of the meeting, when it is known.
    #[serde(default, rename = "första_paragraf", alias = "forsta_paragraf")]
    pub forsta_paragraf: Option<u32>,
    /// Confidential ärenden: only title and diarienummer appear anywhere.
    #[serde(default, rename = "sekretessärenden", alias = "sekretessarenden")]
    pub sekretessarenden: Vec<SekretessarendeEntry>,
    /// Items presented for information, without a decision.
    #[serde(default, rename = "informationsärenden", alias = "informationsarenden")]
    pub informationsarenden: Vec<InformationsarendeEntry>,
    /// Numbers that look like personnummer but may be published, for every
    /// file of the meeting.
    #[serde(default, rename = "tillåtna_nummer", alias = "tillatna_nummer")]
    pub tillatna_nummer: Vec<TillatetNummer>,
}

/// A number that looks like a personnummer or samordningsnummer but is
/// something else (or may be published), with the reason it may be.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TillatetNummer {
    /// The number as written, e.g. "19121212-1212".
    pub nummer: Spanned<String>,
    /// Why it may be published.
    #[serde(rename = "skäl", alias = "skal")]
    pub skal: Spanned<String>,
}

/// Group meetings before the meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gruppmoten {
    /// Time span, "12:30–13:30".
    pub tid: String,
    /// One room per party group.
    #[serde(default)]
    pub lokaler: Vec<Grupplokal>,
}

/// A party group and its room.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grupplokal {
    /// The group, "S-, C- och MP-grupp".
    pub grupp: String,
    /// The room.
    pub lokal: String,
}

/// A confidential ärende: its documents are handed out at the group meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SekretessarendeEntry {
    /// Title.
    pub rubrik: String,
    /// Case number, "SN26/11".
    pub diarienummer: Spanned<String>,
    /// Reference of the document handed out, "SN26/11:30".
    #[serde(default)]
    pub handling: Option<Spanned<String>>,
}

/// An item presented for information.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InformationsarendeEntry {
    /// Title.
    pub rubrik: String,
    /// Who presents it.
    #[serde(default, rename = "föredragande", alias = "foredragande")]
    pub foredragande: Option<String>,
    /// Case number, when there is one.
    #[serde(default)]
    pub diarienummer: Option<Spanned<String>>,
}

/// `arenden/NN-slug.yaml`: one beslutsärende.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArendeFile {
    /// Title, the same everywhere it appears.
    pub rubrik: Spanned<String>,
    /// Case number, "SN26/45".
    pub diarienummer: Spanned<String>,
    /// The staff report's metadata. Routine ärenden (delegations- and
    /// anmälningsärenden) have none.
    #[serde(default, rename = "tjänsteskrivelse", alias = "tjansteskrivelse")]
    pub tjansteskrivelse: Option<TjansteskrivelseEntry>,
    /// Markdown; the protokollsförslag text when present.
    #[serde(default)]
    pub sammanfattning: Option<Spanned<String>>,
    /// Markdown.
    #[serde(default)]
    pub bakgrund: Option<Spanned<String>>,
    /// Markdown.
    #[serde(default, rename = "förslag", alias = "forslag")]
    pub forslag: Option<Spanned<String>>,
    /// Whether and how the ärende affects children.
    #[serde(default, rename = "barnrättsprövning", alias = "barnrattsprovning")]
    pub barnrattsprovning: Option<BarnrattsprovningEntry>,
    /// The att-satser, without trailing punctuation.
    #[serde(default, rename = "förslag_till_beslut", alias = "forslag_till_beslut")]
    pub forslag_till_beslut: Vec<Spanned<String>>,
    /// Who receives the decision.
    #[serde(default)]
    pub beslutet_skickas_till: Vec<String>,
    /// Attachments.
    #[serde(default)]
    pub bilagor: Vec<BilagaEntry>,
    /// A list table (delegationsbeslut, anmälningar).
    #[serde(default, rename = "förteckning", alias = "forteckning")]
    pub forteckning: Option<ForteckningEntry>,
    /// False: left out of the web version.
    #[serde(default = "yes")]
    pub publiceras: bool,
    /// Numbers that look like personnummer but may be published, for this
    /// ärende's files.
    #[serde(default, rename = "tillåtna_nummer", alias = "tillatna_nummer")]
    pub tillatna_nummer: Vec<TillatetNummer>,
    /// What the decision asks to be reported back, and when (the nämnd's
    /// plan): each becomes the item `<diarienummer>:uppdrag-<n>`.
    #[serde(default)]
    pub uppdrag: Vec<UppdragEntry>,
    /// The ids of the plan's items this ärende reports back
    /// (`SN25/80:4.1.4-1`, `SN26/19:uppdrag-1`, `årshjul:internkontrollplan:2026`).
    #[serde(default, rename = "återrapporterar", alias = "aterrapporterar")]
    pub aterrapporterar: Vec<Spanned<String>>,
}

/// An uppdrag the nämnd gives in an ärende's decision.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UppdragEntry {
    /// What is to be done: "återkomma med en fördjupad analys av kostnaderna".
    pub text: Spanned<String>,
    /// Who is to do it: "Division Social omsorg".
    #[serde(default)]
    pub till: Option<String>,
    /// When it is to be reported back: a day, or a month meaning the
    /// nämnd's meeting that month.
    #[serde(rename = "återrapport", alias = "aterrapport")]
    pub aterrapport: Spanned<Aterrapport>,
}

/// When an uppdrag is reported back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aterrapport {
    /// At the meeting on this day (`2027-06-17`).
    Dag(NaiveDate),
    /// At the nämnd's meeting in this month (`2027-06`): year and month.
    Manad(i32, u32),
}

/// `content/<nämnd>/arshjul.yaml`: the ärenden that come back every year.
pub type ArshjulFile = Vec<ArshjulEntry>;

/// One recurring ärende of the year's cycle.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArshjulEntry {
    /// Title: "Delårsrapport per augusti".
    pub rubrik: Spanned<String>,
    /// The month whose meeting it comes to, 1–12 (or its Swedish name).
    #[serde(default, rename = "månad", alias = "manad")]
    pub manad: Option<Spanned<Manad>>,
    /// The first or the last meeting of the year.
    #[serde(default, rename = "sammanträde", alias = "sammantrade")]
    pub sammantrade: Option<Spanned<Ordning>>,
}

/// A month of the year, 1–12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manad(pub u32);

/// The first or the last meeting of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordning {
    /// första
    Forsta,
    /// sista
    Sista,
}

impl Ordning {
    /// The spellings a user writes.
    pub const NAMES: &'static [&'static str] = &["första", "sista"];
}

fn yes() -> bool {
    true
}

/// Metadata of the tjänsteskrivelse.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TjansteskrivelseEntry {
    /// Date of the report.
    pub datum: Spanned<Datum>,
    /// Sending unit.
    #[serde(rename = "avsändare", alias = "avsandare")]
    pub avsandare: String,
    /// Who wrote it.
    #[serde(rename = "handläggare", alias = "handlaggare")]
    pub handlaggare: PersonEntry,
    /// When its final version was approved.
    #[serde(default, rename = "godkänd", alias = "godkand")]
    pub godkand: Option<Spanned<Datum>>,
    /// Addressee; the nämnd when absent.
    #[serde(default)]
    pub mottagare: Option<String>,
}

/// The child-rights assessment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarnrattsprovningEntry {
    /// Does the ärende affect children, directly or indirectly?
    #[serde(rename = "berör_barn", alias = "beror_barn")]
    pub beror_barn: JaNej,
    /// Why (required even when the answer is no). Markdown.
    pub motivering: Spanned<String>,
}

/// An attachment file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BilagaEntry {
    /// Title shown in the ärendelista and on the attachment.
    pub titel: String,
    /// Path relative to the meeting folder: `.md` or `.pdf`.
    pub fil: Spanned<String>,
    /// False: left out of the web version.
    #[serde(default = "yes")]
    pub publiceras: bool,
    /// Table of contents of a Markdown bilaga: `ja`, `nej`, or absent for
    /// "when it has more than a few headings".
    #[serde(
        default,
        rename = "innehållsförteckning",
        alias = "innehallsforteckning"
    )]
    pub innehallsforteckning: Option<JaNej>,
    /// How a Markdown bilaga's headings are numbered: `egen` keeps the
    /// numbers typed in them (a municipality's goal numbers, 4.1.3);
    /// `automatisk` (the default) numbers them 1, 1.1, 1.1.1.
    #[serde(default)]
    pub numrering: Option<Numrering>,
    /// `ja`: the bilaga's `Titel | Beskrivning | Slutdatum` tables are
    /// reports the nämnd wants back (the nämnd's plan).
    #[serde(default, rename = "uppföljning", alias = "uppfoljning")]
    pub uppfoljning: Option<JaNej>,
}

/// How the headings of a Markdown bilaga are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numrering {
    /// The numbers typed at the start of the headings are kept.
    Egen,
    /// 1, 1.1, 1.1.1, as the document's sections.
    Automatisk,
}

impl Numrering {
    /// The spellings a user writes.
    pub const NAMES: &'static [&'static str] = &["egen", "automatisk"];
}

/// A list table, read from a CSV or Excel file or written inline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForteckningEntry {
    /// Title, "Förteckning över anmälda delegationsbeslut".
    #[serde(default)]
    pub titel: Option<String>,
    /// A `.csv` or `.xlsx` file, relative to the meeting folder; its first
    /// row holds the column headings.
    #[serde(default)]
    pub fil: Option<Spanned<String>>,
    /// The sheet of an Excel workbook; the first sheet when absent.
    #[serde(default)]
    pub blad: Option<String>,
    /// Column headings (inline tables).
    #[serde(default)]
    pub kolumner: Vec<String>,
    /// Rows, each with one cell per column (inline tables).
    #[serde(default)]
    pub rader: Vec<Spanned<Vec<Cell>>>,
}

/// A table cell: any YAML scalar, kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell(pub String);

/// A flag written as `true`/`false` or `ja`/`nej`.
fn ja_nej_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(JaNej::deserialize(deserializer)? == JaNej::Ja)
}

/// A yes/no answer written as `ja` or `nej`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JaNej {
    /// ja
    Ja,
    /// nej
    Nej,
}

/// A calendar date written as ISO `2026-12-10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Datum(pub NaiveDate);

impl fmt::Display for Datum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// `protokoll.yaml`: what happened at the meeting, beside `sammantrade.yaml`.
/// Only what differs from the kallelse is written: every ärende is decided
/// "enligt förslag" unless its paragraph says otherwise.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtokollFile {
    /// Start and end of the meeting, "13:30–16:10".
    pub tid: Spanned<String>,
    /// The first § number; else the meeting's, else the previous protokoll's
    /// last + 1, else 1.
    #[serde(default, rename = "första_paragraf", alias = "forsta_paragraf")]
    pub forsta_paragraf: Option<Spanned<u32>>,
    /// Who chaired, when it was not the nämnd's ordförande.
    #[serde(default, rename = "ordförande", alias = "ordforande")]
    pub ordforande: Option<Spanned<String>>,
    /// Who was there.
    #[serde(default, rename = "närvaro", alias = "narvaro")]
    pub narvaro: Narvaro,
    /// Who justerar the protokoll, when and where.
    pub justering: JusteringEntry,
    /// The anslag on the digital anslagstavla; computed when absent.
    #[serde(default)]
    pub anslag: Option<AnslagFile>,
    /// What differs from "enligt förslag", by paragraph key
    /// (`beslut/3`, `information/1`, `sekretess/2`), in file order.
    #[serde(default)]
    pub paragrafer: Paragrafer,
    /// Ärenden taken up at the meeting without being in the kallelse.
    #[serde(default, rename = "extra_ärenden", alias = "extra_arenden")]
    pub extra_arenden: Vec<ParagrafFile>,
}

/// Attendance.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narvaro {
    /// Ledamöter not present; every other ledamot was.
    #[serde(default, rename = "frånvarande", alias = "franvarande")]
    pub franvarande: Vec<Spanned<String>>,
    /// Ersättare who served in a ledamot's place.
    #[serde(
        default,
        rename = "tjänstgörande_ersättare",
        alias = "tjanstgorande_ersattare"
    )]
    pub tjanstgorande_ersattare: Vec<TjanstgorandeErsattare>,
    /// Ledamöter present for part of the meeting only, with no ersättare.
    #[serde(default, rename = "delvis_närvarande", alias = "delvis_narvarande")]
    pub delvis_narvarande: Vec<DelvisNarvarande>,
    /// Ersättare present without serving.
    #[serde(default, rename = "övriga_ersättare", alias = "ovriga_ersattare")]
    pub ovriga_ersattare: Vec<Spanned<String>>,
    /// Others present: officials, guests.
    #[serde(default, rename = "övriga", alias = "ovriga")]
    pub ovriga: Vec<PersonEntry>,
}

/// A ledamot who was there only at some paragraphs (came late, left early).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelvisNarvarande {
    /// The ledamot.
    pub namn: Spanned<String>,
    /// The paragraphs the ledamot was there at ("112–117").
    pub paragrafer: Spanned<Cell>,
}

/// An ersättare serving in a ledamot's place.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TjanstgorandeErsattare {
    /// The ersättare.
    pub namn: Spanned<String>,
    /// The ledamot replaced.
    #[serde(rename = "ersätter", alias = "ersatter")]
    pub ersatter: Spanned<String>,
    /// The paragraphs served ("155–162", "150, 152"); all when absent.
    #[serde(default)]
    pub paragrafer: Option<Spanned<Cell>>,
}

/// The justering of the protokoll.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JusteringEntry {
    /// Who justerar, besides the ordförande.
    pub justerare: Vec<Spanned<String>>,
    /// When.
    pub datum: Spanned<Datum>,
    /// Where.
    pub plats: String,
    /// At what time, "10:00", when agreed.
    #[serde(default)]
    pub tid: Option<String>,
}

/// The anslag, when it differs from the default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnslagFile {
    /// The day it goes up; the working day after the justering by default.
    #[serde(default)]
    pub datum: Option<Spanned<Datum>>,
    /// The day it comes down; three weeks after it went up by default.
    #[serde(default, rename = "tas_ned")]
    pub tas_ned: Option<Spanned<Datum>>,
    /// Where the protokoll is kept; the place of the justering by default.
    #[serde(default, rename = "förvaringsplats", alias = "forvaringsplats")]
    pub forvaringsplats: Option<String>,
}

/// The paragraph entries of `protokoll.yaml`, with the position of each key.
#[derive(Debug, Clone, Default)]
pub struct Paragrafer(pub Vec<(Spanned<String>, ParagrafFile)>);

/// What happened with one ärende, or an extra ärende taken up at the meeting.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagrafFile {
    /// Title (extra ärenden only; the others have the ärende's).
    #[serde(default)]
    pub rubrik: Option<Spanned<String>>,
    /// Case number (extra ärenden only).
    #[serde(default)]
    pub diarienummer: Option<Spanned<String>>,
    /// How the ärende was decided.
    #[serde(default)]
    pub beslut: Option<Spanned<BeslutTyp>>,
    /// The decision when it differs from the proposal.
    #[serde(default, rename = "att_satser", alias = "att-satser")]
    pub att_satser: Vec<Spanned<String>>,
    /// Why an ärende was återremitterat, bordlagt or avskrivet.
    #[serde(default)]
    pub motivering: Option<Spanned<String>>,
    /// Proposals made and not withdrawn.
    #[serde(default)]
    pub yrkanden: Vec<YrkandeEntry>,
    /// The order in which the ordförande put the proposals.
    #[serde(default)]
    pub propositionsordning: Option<Spanned<String>>,
    /// An open vote.
    #[serde(default, rename = "omröstning", alias = "omrostning")]
    pub omrostning: Option<OmrostningEntry>,
    /// Reservations announced against the decision.
    #[serde(default)]
    pub reservationer: Vec<ReservationEntry>,
    /// Members' statements entered with the ordförande's permission.
    #[serde(default)]
    pub protokollsanteckningar: Vec<Protokollsanteckning>,
    /// Members who were disqualified and took no part.
    #[serde(default, rename = "jäv", alias = "jav")]
    pub jav: Vec<Spanned<String>>,
    /// Justerad at once, at the meeting (`true`/`false` or `ja`/`nej`).
    #[serde(default, deserialize_with = "ja_nej_bool")]
    pub omedelbar_justering: bool,
    /// An extra ärende that is a sekretessärende: its text is withheld on
    /// the web, as for the sekretessärenden of the kallelse.
    #[serde(default, deserialize_with = "ja_nej_bool")]
    pub sekretess: bool,
    /// Markdown added after the ärende text: what was said at the meeting.
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    /// Who receives the decision, when it differs from the ärende's list.
    #[serde(default)]
    pub beslutet_skickas_till: Option<Vec<String>>,
    /// The provision a secret paragraph is withheld under on the web.
    #[serde(default)]
    pub lagrum: Option<String>,
}

/// How an ärende was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BeslutTyp {
    /// As proposed.
    EnligtForslag,
    /// A decision other than the proposal (`att_satser` holds it).
    Andrat,
    /// Sent back for more preparation.
    Aterremiss,
    /// Postponed to a later meeting.
    Bordlagt,
    /// Struck off.
    Avskrivet,
}

impl BeslutTyp {
    /// The spellings a user writes.
    pub const NAMES: &'static [&'static str] = &[
        "enligt förslag",
        "ändrat",
        "återremiss",
        "bordlagt",
        "avskrivet",
    ];
}

/// A proposal (yrkande).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YrkandeEntry {
    /// Who proposed it (one name or several).
    pub av: Spanned<Namn>,
    /// What was proposed: "bifall till förvaltningens förslag".
    pub yrkande: String,
}

/// An open vote.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OmrostningEntry {
    /// What a ja-vote supports: "Lars Öbergs yrkande".
    pub ja: String,
    /// What a nej-vote supports: "avslag".
    pub nej: String,
    /// Every serving member's vote.
    #[serde(rename = "röster", alias = "roster")]
    pub roster: Roster,
}

/// One vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rost {
    /// For the ja proposal.
    Ja,
    /// For the nej proposal.
    Nej,
    /// Abstains.
    #[serde(rename = "avstår")]
    Avstar,
}

/// The votes of an omröstning, by name, with the position of each name.
#[derive(Debug, Clone, Default)]
pub struct Roster(pub Vec<(Spanned<String>, Rost)>);

/// A reservation against a decision.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservationEntry {
    /// Who reserved (one name or several).
    pub av: Spanned<Namn>,
    /// The reservation as said: "Till förmån för eget yrkande".
    #[serde(default)]
    pub text: Option<String>,
    /// A written reservation, a Markdown file relative to the meeting folder.
    #[serde(default)]
    pub fil: Option<Spanned<String>>,
}

/// A protokollsanteckning.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protokollsanteckning {
    /// Who (one name or several).
    pub av: Spanned<Namn>,
    /// The statement.
    pub text: Spanned<String>,
}

/// One name or a list of names, each with its position when the YAML gives
/// one (names in a list); a single name takes the position of the value.
#[derive(Debug, Clone, Default)]
pub struct Namn(pub Vec<(String, Option<serde_saphyr::Location>)>);
