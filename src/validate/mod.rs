//! Stage 2, validate: checks what was loaded and turns it into a [`Packet`],
//! the complete, numbered description of the documents to render. Every
//! convention that can be computed (numbering, § numbers, att-sats
//! punctuation, the genitive, dates in words) is computed here, once, so the
//! protokollsförslag and the tjänsteskrivelse cannot differ. The protokoll
//! is checked in [`protokoll`].

mod attachments;
mod masks;
pub mod protokoll;
mod texts;

pub use attachments::pdf_page_count;
use attachments::{check_bilaga, check_forteckning};

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::conventions;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::{LoadedMeeting, PreviousProtokoll, Sandbox};
use crate::model::{self, JaNej, Spanned};
use crate::personnummer;

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
    pub members: Vec<Member>,
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

/// A ledamot or ersättare of the nämnd, as `namnd.yaml` lists them.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
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

/// A Markdown bilaga with at least this many headings gets a table of
/// contents unless its `innehållsförteckning` says otherwise.
const TOC_MIN_HEADINGS: usize = 4;

/// The nämnd's diarienummer pattern: a case (`SN26/45`) and a document in
/// a case (`SN26/45:3`).
struct CasePattern {
    case: regex::Regex,
    document: regex::Regex,
    /// How to describe the pattern in a hint.
    hint: String,
}

impl CasePattern {
    /// The pattern of `namnd.yaml`, or the default built from the abbreviation.
    fn new(abbreviation: &str, custom: Option<&str>) -> std::result::Result<Self, regex::Error> {
        let (inner, hint) = match custom {
            Some(pattern) => (
                pattern
                    .trim()
                    .trim_start_matches('^')
                    .trim_end_matches('$')
                    .to_owned(),
                format!(
                    "nämndens mönster är `{}` (diarienummer_mönster i namnd.yaml)",
                    pattern.trim()
                ),
            ),
            None => (
                format!(r"{}\d{{2}}/\d+", regex::escape(abbreviation.trim())),
                format!(
                    "skriv förkortningen, årets två sista siffror, snedstreck och löpnummer, t.ex. {}26/45",
                    abbreviation.trim()
                ),
            ),
        };
        Ok(Self {
            case: regex::Regex::new(&format!("^(?:{inner})$"))?,
            document: regex::Regex::new(&format!(r"^(?:{inner})(?::\d+(?:\.\d+)*)?$"))?,
            hint,
        })
    }
}

/// The position of a top-level `key:` in a YAML file of the project, for
/// a value read without one (the file alone when the key is not found).
pub(crate) fn key_location(root: &Path, file: &Path, key: &str) -> Location {
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    for (index, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key)
            && let Some(value) = rest.strip_prefix(':')
        {
            let column = key.chars().count() + 2 + value.chars().take_while(|c| *c == ' ').count();
            return Location::at(file, index + 1, column);
        }
    }
    Location::file(file)
}

/// The error `kontrollera` gives for a diarienummer that does not follow
/// the nämnd's pattern, without a position; `None` when it follows it (or
/// the nämnd's own pattern is broken, which `kontrollera` reports).
pub fn case_number_problem(namnd: &model::NamndFile, value: &str) -> Option<Diagnostic> {
    let custom = namnd
        .diarienummer_monster
        .as_ref()
        .map(|p| p.value.as_str());
    let cases = CasePattern::new(&namnd.forkortning, custom).ok()?;
    let value = value.trim();
    if value.is_empty() || cases.case.is_match(value) {
        return None;
    }
    Some(
        Diagnostic::error(format!(
            "diarienumret `{value}` följer inte nämndens mönster"
        ))
        .tips(cases.hint),
    )
}

/// Collects problems while walking the input.
struct Checker<'a> {
    sandbox: &'a Sandbox,
    problems: Vec<Diagnostic>,
    cases: Option<CasePattern>,
    /// The Markdown weight of each YAML file so far.
    weights: texts::YamlWeights,
}

impl Checker<'_> {
    /// Checks a diarienummer (or, with `document`, a document reference).
    fn case_number(&mut self, file: &Path, number: &Spanned<String>, document: bool) {
        let Some(cases) = &self.cases else { return };
        let value = number.value.trim();
        let pattern = if document {
            &cases.document
        } else {
            &cases.case
        };
        if value.is_empty() || pattern.is_match(value) {
            return;
        }
        let hint = cases.hint.clone();
        self.error_at(
            file,
            number,
            format!("diarienumret `{value}` följer inte nämndens mönster"),
            &hint,
        );
    }

    fn error_at<T>(&mut self, file: &Path, spanned: &Spanned<T>, message: String, tips: &str) {
        let diagnostic = Diagnostic::error(message).at(location(file, spanned));
        self.problems.push(if tips.is_empty() {
            diagnostic
        } else {
            diagnostic.tips(tips)
        });
    }

    /// The ten significant digits of each allowed number; an entry that is
    /// not a personnummer or has no reason is an error.
    fn allowed_numbers(&mut self, file: &Path, list: &[model::TillatetNummer]) -> Vec<String> {
        let mut digits = Vec::new();
        for entry in list {
            match personnummer::normalize(&entry.nummer.value) {
                Some(number) => digits.push(number),
                None => self.error_at(
                    file,
                    &entry.nummer,
                    format!(
                        "`{}` i `tillåtna_nummer` är inget personnummer eller samordningsnummer",
                        entry.nummer.value.trim()
                    ),
                    "skriv numret som det står i texten, t.ex. \"19121212-1212\", eller ta bort raden",
                ),
            }
            if entry.skal.value.trim().is_empty() {
                self.error_at(
                    file,
                    &entry.skal,
                    "skälet att publicera numret saknas".into(),
                    "skriv varför numret får publiceras, t.ex. \"Skatteverkets testnummer i en instruktion\"",
                );
            }
        }
        digits
    }

    /// Checks att-satser as an author wrote them: each starts with "att"
    /// and has no final punctuation (the tool adds it).
    fn att_satser(&mut self, file: &Path, satser: &[Spanned<String>]) {
        for sats in satser {
            let first = sats.value.split_whitespace().next().unwrap_or("");
            if !first.eq_ignore_ascii_case("att") {
                self.error_at(
                    file,
                    sats,
                    format!(
                        "att-satsen börjar inte med \"att\": `{}`",
                        sats.value.trim()
                    ),
                    "börja varje att-sats med \"att\", t.ex. \"att godkänna rapporten\"",
                );
            }
            let trimmed = sats.value.trim_end();
            if let Some(mark) = trimmed
                .strip_suffix("samt")
                .filter(|rest| rest.ends_with([' ', ',']))
                .map(|_| "samt")
                .or_else(|| {
                    trimmed
                        .ends_with(['.', ',', ';', ':'])
                        .then(|| &trimmed[trimmed.len() - 1..])
                })
            {
                self.problems.push(
                    Diagnostic::warning(format!("att-satsen slutar med `{mark}`"))
                        .at(location(file, sats))
                        .tips("skriv att-satsen utan avslutande skiljetecken; verktyget sätter \",\", \", samt\" och \".\" själv"),
                );
            }
        }
    }
}

fn location<T>(file: &Path, spanned: &Spanned<T>) -> Location {
    Location::at(
        file,
        spanned.referenced.line() as usize,
        spanned.referenced.column() as usize,
    )
}

fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or("").trim().to_owned()
}

fn person(p: &model::Person) -> Person {
    Person {
        namn: p.namn.trim().to_owned(),
        titel: text(&p.titel),
        epost: text(&p.epost),
        telefon: text(&p.telefon),
    }
}

fn markdown_text(field: &Option<Spanned<String>>) -> String {
    field
        .as_ref()
        .map(|f| f.value.trim().to_owned())
        .unwrap_or_default()
}

/// Checks a loaded meeting and computes its packet.
pub fn validate(meeting: LoadedMeeting) -> Result<Validated> {
    let LoadedMeeting {
        sandbox,
        dir,
        virtual_dir,
        namnd_folder,
        meeting_folder,
        namnd,
        sammantrade,
        arenden,
        previous_protokoll,
        unrecorded,
    } = meeting;
    let n = &namnd.value;
    let mut checker = Checker {
        sandbox: &sandbox,
        problems: Vec::new(),
        cases: None,
        weights: Default::default(),
    };
    match CasePattern::new(
        &n.forkortning,
        n.diarienummer_monster.as_ref().map(|p| p.value.as_str()),
    ) {
        Ok(pattern) => checker.cases = Some(pattern),
        Err(_) => {
            if let Some(custom) = &n.diarienummer_monster {
                checker.error_at(
                    &namnd.path,
                    custom,
                    format!("`{}` är inget giltigt mönster", custom.value),
                    "skriv ett reguljärt uttryck, t.ex. `SN\\d{2}/\\d+`, eller ta bort nyckeln för standardmönstret",
                );
            }
        }
    }
    let s = &sammantrade.value;
    let meeting_date: NaiveDate = s.datum.value.0;

    // The folder's name is the meeting's date: checked when it is loaded.
    if !valid_time(&s.tid.value) {
        checker.error_at(
            &sammantrade.path,
            &s.tid,
            format!("`{}` är ingen klockslag", s.tid.value),
            "skriv tiden inom citattecken som \"13:30\"",
        );
    }

    let namnd_view = Namnd {
        namn: n.namn.trim().to_owned(),
        genitiv: genitive_of(n),
        forkortning: n.forkortning.trim().to_owned(),
        organisation: n.organisation.trim().to_owned(),
        ordforande: person(&n.ordforande),
        sekreterare: person(&n.sekreterare),
        kontakt: [
            ("Postadress", &n.kontakt.postadress),
            ("Besöksadress", &n.kontakt.besoksadress),
            ("Telefon", &n.kontakt.telefon),
            ("E-post", &n.kontakt.epost),
            ("Webb", &n.kontakt.webb),
            ("Org.nr", &n.kontakt.org_nr),
        ]
        .into_iter()
        .filter_map(|(label, value)| {
            value.as_deref().map(|v| Kontaktrad {
                etikett: label.to_owned(),
                varde: v.trim().to_owned(),
            })
        })
        .collect(),
    };

    let sammantrade_view = Sammantrade {
        datum: conventions::iso_date(meeting_date),
        datumrad: conventions::meeting_date_line(meeting_date, &s.tid.value),
        tid: s.tid.value.trim().to_owned(),
        plats: s.plats.trim().to_owned(),
        oppet: s.oppet,
        gruppmoten_tid: s
            .gruppmoten
            .as_ref()
            .map(|g| g.tid.trim().to_owned())
            .unwrap_or_default(),
        gruppmoten: s
            .gruppmoten
            .iter()
            .flat_map(|g| &g.lokaler)
            .map(|l| Grupprum {
                grupp: l.grupp.trim().to_owned(),
                lokal: l.lokal.trim().to_owned(),
            })
            .collect(),
    };

    // Paragraphs are numbered in meeting order: sekretessärenden,
    // informationsärenden, beslutsärenden (PROTOKOLL.md).
    // After an earlier meeting of the year without a protokoll the numbers
    // cannot be counted on: they are left blank unless written, and a
    // written first number may well jump over that meeting's paragraphs.
    let forsta_paragraf = s.forsta_paragraf.or(previous_protokoll
        .as_ref()
        .filter(|_| unrecorded.is_empty())
        .map(|p| p.last + 1));
    if let (Some(first), Some(previous)) = (s.forsta_paragraf, &previous_protokoll)
        && (first <= previous.last || (unrecorded.is_empty() && first != previous.last + 1))
    {
        checker.problems.push(
            Diagnostic::warning(paragraph_continuity(first, previous))
                .at(key_location(
                    checker.sandbox.root(),
                    &sammantrade.path,
                    "första_paragraf",
                ))
                .tips(format!(
                    "ta bort `första_paragraf` så fortsätter numreringen från § {}",
                    previous.last + 1
                )),
        );
    }
    if s.forsta_paragraf.is_none() && !unrecorded.is_empty() {
        checker.problems.push(
            Diagnostic::warning(unrecorded_message(&unrecorded, previous_protokoll.as_ref()))
                .at(Location::at(&sammantrade.path, 1, 1))
                .tips("skriv sammanträdets första paragrafnummer som `första_paragraf:` i sammantrade.yaml"),
        );
    }
    let paragraf = |index: usize| forsta_paragraf.map(|first| first + index as u32);
    let informations_offset = s.sekretessarenden.len();
    let beslut_offset = informations_offset + s.informationsarenden.len();
    let members = members(&namnd.path, n);

    for a in &s.sekretessarenden {
        checker.case_number(&sammantrade.path, &a.diarienummer, false);
        if let Some(handling) = &a.handling {
            checker.case_number(&sammantrade.path, handling, true);
        }
    }
    for number in s
        .informationsarenden
        .iter()
        .filter_map(|a| a.diarienummer.as_ref())
    {
        checker.case_number(&sammantrade.path, number, false);
    }
    let sekretessarenden = s
        .sekretessarenden
        .iter()
        .enumerate()
        .map(|(i, a)| Sekretessarende {
            nummer: i + 1,
            paragraf: paragraf(i),
            rubrik: a.rubrik.trim().to_owned(),
            diarienummer: a.diarienummer.value.trim().to_owned(),
            handling: a
                .handling
                .as_ref()
                .map(|h| h.value.trim().to_owned())
                .unwrap_or_default(),
        })
        .collect();
    let informationsarenden = s
        .informationsarenden
        .iter()
        .enumerate()
        .map(|(i, a)| Informationsarende {
            nummer: i + 1,
            paragraf: paragraf(informations_offset + i),
            rubrik: a.rubrik.trim().to_owned(),
            foredragande: text(&a.foredragande),
            diarienummer: a
                .diarienummer
                .as_ref()
                .map(|d| d.value.trim().to_owned())
                .unwrap_or_default(),
        })
        .collect();

    if arenden.is_empty() && s.informationsarenden.is_empty() && s.sekretessarenden.is_empty() {
        checker.problems.push(
            Diagnostic::error("sammanträdet har inga ärenden")
                .at(Location::file(&sammantrade.path))
                .tips("lägg ärendefiler i mappen arenden/, t.ex. arenden/01-budget.yaml"),
        );
    }

    let mut views = Vec::with_capacity(arenden.len());
    let mut previous_prefix: Option<(u32, PathBuf)> = None;
    for (index, loaded) in arenden.iter().enumerate() {
        let file = &loaded.file.path;
        let a = &loaded.file.value;
        if let Some((prefix, other)) = &previous_prefix
            && *prefix == loaded.prefix
        {
            checker.problems.push(
                Diagnostic::error(format!(
                    "två ärenden har numret {prefix}: {} och {}",
                    other.display(),
                    file.display()
                ))
                .at(Location::file(file))
                .tips("ge varje ärendefil ett eget nummer i början av filnamnet"),
            );
        }
        previous_prefix = Some((loaded.prefix, file.clone()));
        views.push(check_arende(
            &mut checker,
            index + 1,
            paragraf(beslut_offset + index),
            file,
            a,
            &dir,
            &virtual_dir,
            meeting_date,
            &namnd_view.namn,
        ));
    }

    for (index, later) in arenden.iter().enumerate() {
        let same = |other: &&crate::load::LoadedArende| {
            other.file.value.diarienummer.value.trim() == later.file.value.diarienummer.value.trim()
                && other.file.value.rubrik.value.trim() == later.file.value.rubrik.value.trim()
        };
        if let Some(first) = arenden[..index].iter().find(same) {
            checker.problems.push(
                Diagnostic::warning(format!(
                    "ärendet har samma diarienummer och rubrik som {}",
                    first.file.path.display()
                ))
                .at(location(&later.file.path, &later.file.value.rubrik))
                .tips("ta bort dubbletten eller ge ärendet en egen rubrik"),
            );
        }
    }

    let tillatna_nummer = checker.allowed_numbers(&sammantrade.path, &s.tillatna_nummer);
    let sources = [namnd.path.as_path(), sammantrade.path.as_path()]
        .into_iter()
        .chain(views.iter().flat_map(|a| {
            let bilagor = a
                .bilagor
                .iter()
                .filter(|b| b.typ == BilagaTyp::Markdown)
                .map(|b| Path::new(&b.fil));
            let lista = a.forteckning.as_ref().and_then(|f| f.fil.as_deref());
            std::iter::once(a.kalla.as_path())
                .chain(bilagor)
                .chain(lista)
        }));
    checker
        .problems
        .extend(masks::check_files(sandbox.root(), sources));
    let (errors, warnings): (Vec<_>, Vec<_>) = checker
        .problems
        .into_iter()
        .partition(|d| d.severity == crate::error::Severity::Error);
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        return Err(Error::Input(all));
    }

    let packet = Packet {
        utelamnat: views
            .iter()
            .any(|a| !a.publiceras || a.bilagor.iter().any(|b| !b.publiceras)),
        titel: format!(
            "Kallelse till {} sammanträde {}",
            namnd_view.genitiv, sammantrade_view.datum
        ),
        namnd: namnd_view,
        sammantrade: sammantrade_view,
        sekretessarenden,
        informationsarenden,
        arenden: views,
    };
    let facts = Facts {
        kallor: vec![namnd.path.clone(), sammantrade.path.clone()],
        tillatna_nummer,
        output_dir: PathBuf::from(namnd_folder).join(meeting_folder),
        forsta_paragraf,
        previous_protokoll,
        unrecorded,
        forsta_paragraf_given: s.forsta_paragraf.is_some(),
        members,
        sekretess_lagrum: n
            .sekretess_lagrum
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned),
        diarienummer_monster: n.diarienummer_monster.as_ref().map(|p| p.value.clone()),
        meeting_date,
        meeting_dir: dir,
        virtual_dir,
    };
    Ok(Validated {
        packet,
        facts,
        warnings,
    })
}

/// What is wrong when a first § number does not follow the previous
/// protokoll: a collision or a gap.
/// Why paragraph numbers cannot be counted on: earlier meetings of the
/// year have no `protokoll.yaml`.
/// The nämnd's name in the genitive: its own `genitiv`, else by the rule.
pub(crate) fn genitive_of(namnd: &crate::model::NamndFile) -> String {
    namnd
        .genitiv
        .as_deref()
        .map(|g| g.trim().to_owned())
        .unwrap_or_else(|| conventions::genitive(&namnd.namn))
}

pub(crate) fn unrecorded_message(
    unrecorded: &[String],
    previous: Option<&PreviousProtokoll>,
) -> String {
    let meetings = unrecorded.join(", ");
    match previous {
        Some(previous) => format!(
            "paragrafnumren kan inte räknas vidare från protokollet {}: sammanträdet {meetings} samma år har inget protokoll.yaml",
            previous.meeting
        ),
        None => format!(
            "paragrafnumren kan inte räknas: sammanträdet {meetings} samma år har inget protokoll.yaml"
        ),
    }
}

pub(crate) fn paragraph_continuity(first: u32, previous: &PreviousProtokoll) -> String {
    if first <= previous.last {
        format!(
            "§ {first} finns redan: nämndens förra protokoll ({}) har {}",
            previous.meeting,
            if previous.first == previous.last {
                format!("§ {}", previous.first)
            } else {
                format!("§§ {}–{}", previous.first, previous.last)
            }
        )
    } else {
        format!(
            "paragrafnumren hoppar från § {} i förra protokollet ({}) till § {first}",
            previous.last, previous.meeting
        )
    }
}

/// The ledamöter and ersättare of `namnd.yaml`.
fn members(path: &Path, namnd: &model::NamndFile) -> Vec<Member> {
    let member = |m: &model::Ledamot, ledamot: bool| Member {
        namn: m.namn.value.trim().to_owned(),
        parti: text(&m.parti),
        uppdrag: text(&m.uppdrag),
        ledamot,
        at: location(path, &m.namn),
    };
    namnd
        .ledamoter
        .iter()
        .map(|m| member(m, true))
        .chain(namnd.ersattare.iter().map(|m| member(m, false)))
        .collect()
}

/// Whether a text opens with the word "ja" or "nej".
fn opens_with_answer(text: &str) -> bool {
    let first: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    first == "ja" || first == "nej"
}

fn valid_time(time: &str) -> bool {
    chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").is_ok()
        || chrono::NaiveTime::parse_from_str(time.trim(), "%H.%M").is_ok()
}

#[allow(clippy::too_many_arguments)]
fn check_arende(
    checker: &mut Checker,
    nummer: usize,
    paragraf: Option<u32>,
    file: &Path,
    a: &model::ArendeFile,
    meeting_dir: &Path,
    virtual_dir: &str,
    meeting_date: NaiveDate,
    namnd_namn: &str,
) -> Arende {
    if a.rubrik.value.trim().is_empty() {
        checker.error_at(
            file,
            &a.rubrik,
            "rubriken är tom".into(),
            "fyll i ärendets rubrik",
        );
    }
    if a.diarienummer.value.trim().is_empty() {
        checker.error_at(
            file,
            &a.diarienummer,
            "diarienumret är tomt".into(),
            "fyll i diarienumret, t.ex. SN26/45",
        );
    }
    checker.case_number(file, &a.diarienummer, false);
    for field in [&a.sammanfattning, &a.bakgrund, &a.forslag]
        .into_iter()
        .flatten()
    {
        checker.markdown(file, field, virtual_dir);
    }
    if let Some(b) = &a.barnrattsprovning {
        checker.markdown(file, &b.motivering, virtual_dir);
    }

    let tjansteskrivelse = a.tjansteskrivelse.as_ref().map(|t| {
        if t.datum.value.0 > meeting_date {
            checker.error_at(
                file,
                &t.datum,
                format!(
                    "tjänsteskrivelsen är daterad {} efter sammanträdet",
                    t.datum.value
                ),
                "rätta datumet",
            );
        }
        if let Some(godkand) = &t.godkand
            && godkand.value < t.datum.value
        {
            checker.error_at(
                file,
                godkand,
                format!(
                    "godkänd {} ligger före tjänsteskrivelsens datum {}",
                    godkand.value, t.datum.value
                ),
                "rätta datumet",
            );
        }
        if t.handlaggare.namn.trim().is_empty() {
            checker.problems.push(
                Diagnostic::error("handläggarens namn är tomt")
                    .at(location(file, &t.datum))
                    .tips("fyll i `handläggare: { namn: … }`"),
            );
        }
        Tjansteskrivelse {
            datum: t.datum.value.to_string(),
            avsandare: t.avsandare.trim().to_owned(),
            handlaggare: person(&t.handlaggare),
            godkand: t
                .godkand
                .as_ref()
                .map(|g| g.value.to_string())
                .unwrap_or_default(),
            mottagare: t
                .mottagare
                .as_deref()
                .map(str::trim)
                .unwrap_or(namnd_namn)
                .to_owned(),
        }
    });

    if tjansteskrivelse.is_some() {
        if a.bakgrund.is_none() && a.sammanfattning.is_none() {
            checker.error_at(
                file,
                &a.rubrik,
                "ärendet saknar både `bakgrund` och `sammanfattning`".into(),
                "skriv ärendets bakgrund under nyckeln `bakgrund: |`",
            );
        }
        if a.barnrattsprovning.is_none() {
            checker.error_at(
                file,
                &a.rubrik,
                "barnrättsprövning saknas".into(),
                "lägg till `barnrättsprövning:` med `berör_barn: ja` eller `nej` och en `motivering`",
            );
        }
    }
    if let Some(b) = &a.barnrattsprovning
        && b.motivering.value.trim().is_empty()
    {
        checker.error_at(
            file,
            &b.motivering,
            "barnrättsprövningen saknar motivering".into(),
            "motivera bedömningen, även när svaret är nej",
        );
    }
    if a.forslag_till_beslut.is_empty() {
        checker.error_at(
            file,
            &a.rubrik,
            "förslag till beslut saknas".into(),
            "lägg till `förslag_till_beslut:` med minst en rad `- att …`",
        );
    }
    checker.att_satser(file, &a.forslag_till_beslut);
    for sats in &a.forslag_till_beslut {
        if a.bilagor.is_empty() && sats.value.to_lowercase().contains("enligt bilaga") {
            checker.problems.push(
                Diagnostic::warning(
                    "förslaget till beslut hänvisar till en bilaga, men ärendet har inga bilagor",
                )
                .at(location(file, sats))
                .tips("lägg till bilagan under `bilagor:` eller ta bort hänvisningen"),
            );
        }
    }

    let mut bilagor = Vec::new();
    for (i, b) in a.bilagor.iter().enumerate() {
        if let Some(mut bilaga) = check_bilaga(checker, i + 1, file, b, meeting_dir) {
            if bilaga.typ == BilagaTyp::Pdf {
                let stem = Path::new(&bilaga.fil)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("bilaga");
                bilaga.webbfil = format!(
                    "bilagor/{nummer:02}-{}-{}.pdf",
                    bilaga.nummer,
                    conventions::slug(stem)
                );
            }
            bilagor.push(bilaga);
        }
    }

    let forteckning = a
        .forteckning
        .as_ref()
        .and_then(|f| check_forteckning(checker, file, f, meeting_dir));

    let mut handlingar = Vec::new();
    let handling = |titel: &str, publiceras: bool| Handling {
        titel: titel.to_owned(),
        publiceras: publiceras && a.publiceras,
    };
    if tjansteskrivelse.is_some() {
        handlingar.push(handling("Tjänsteskrivelse", true));
    }
    handlingar.extend(bilagor.iter().map(|b| handling(&b.titel, b.publiceras)));
    if let Some(f) = &forteckning {
        handlingar.push(handling(&f.titel, true));
    }

    Arende {
        nummer,
        id: format!("arende-{nummer}"),
        paragraf,
        rubrik: a.rubrik.value.trim().to_owned(),
        diarienummer: a.diarienummer.value.trim().to_owned(),
        tjansteskrivelse,
        sammanfattning: markdown_text(&a.sammanfattning),
        bakgrund: markdown_text(&a.bakgrund),
        forslag: markdown_text(&a.forslag),
        barnrattsprovning: a.barnrattsprovning.as_ref().map(|b| Barnrattsprovning {
            beror_barn: b.beror_barn == JaNej::Ja,
            motivering: b.motivering.value.trim().to_owned(),
            svar_i_motiveringen: opens_with_answer(&b.motivering.value),
        }),
        att_satser: conventions::punctuate_att_satser(
            &a.forslag_till_beslut
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>(),
        ),
        beslutet_skickas_till: a
            .beslutet_skickas_till
            .iter()
            .map(|s| s.trim().to_owned())
            .collect(),
        bilagor,
        forteckning,
        handlingar,
        publiceras: a.publiceras,
        kalla: file.to_path_buf(),
        tillatna_nummer: checker.allowed_numbers(file, &a.tillatna_nummer),
    }
}
