//! Stage 2, validate, for the protokoll: `protokoll.yaml` is checked against
//! the meeting's [`Packet`] and the nämnd's members, and turned into a
//! [`Protokoll`]: every paragraph in meeting order with its number, text
//! source, decision and vote; who served at each paragraph; the justering
//! and the anslag dates. The rules of Kommunallagen that can be checked are
//! checked here (PROTOKOLL.md, "What must be checked").

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Arende, CasePattern, Checker, Packet, location, person};
use crate::calendar;
use crate::conventions;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::{Sandbox, Sourced};
use crate::model::{self, BeslutTyp, ParagrafFile, ProtokollFile, Rost, Spanned};

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
    pub ovriga: Vec<super::Person>,
    /// Ledamöter not present.
    pub franvarande: Vec<Deltagare>,
    /// Who justerar, besides the ordförande.
    pub justerare: Vec<Deltagare>,
    /// The justering.
    pub justering: Justering,
    /// The secretary.
    pub sekreterare: super::Person,
    /// Every paragraph in meeting order.
    pub paragrafer: Vec<Paragraf>,
    /// The anslag: the protokoll's, and one for paragraphs justerade
    /// omedelbart, if any.
    pub anslag: Vec<Anslag>,
    /// Who gets which utdrag, in order of first appearance.
    pub mottagare: Vec<Mottagare>,
    /// The meeting folder relative to the project root: images in the
    /// protokoll's Markdown are relative to it.
    pub bas: String,
    /// The `protokoll.yaml` file, relative to the project root.
    #[serde(skip)]
    pub kalla: std::path::PathBuf,
    /// Problems that do not stop the build.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
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

/// The provision a secret paragraph is withheld under: its own `lagrum`,
/// else the nämnd's `sekretess_lagrum`, else the law itself.
fn secrecy_provision(e: &ParagrafFile, facts: &super::Facts) -> String {
    e.lagrum
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .or_else(|| facts.sekretess_lagrum.clone())
        .unwrap_or_else(|| "offentlighets- och sekretesslagen (2009:400)".to_owned())
}

/// Where an entry of `extra_ärenden` is: its first field with a position.
fn entry_location(path: &Path, e: &ParagrafFile) -> Location {
    e.rubrik
        .as_ref()
        .map(|r| location(path, r))
        .or_else(|| e.diarienummer.as_ref().map(|d| location(path, d)))
        .or_else(|| e.beslut.as_ref().map(|b| location(path, b)))
        .or_else(|| e.att_satser.first().map(|a| location(path, a)))
        .or_else(|| e.text.as_ref().map(|t| location(path, t)))
        .unwrap_or_else(|| Location::file(path))
}

/// Others present: those written, and the sekreterare unless among them.
fn others_present(
    written: &[crate::model::Person],
    sekreterare: &super::Person,
) -> Vec<super::Person> {
    let mut out: Vec<super::Person> = written.iter().map(person).collect();
    if !out.iter().any(|p| p.namn.trim() == sekreterare.namn.trim()) {
        out.push(sekreterare.clone());
    }
    out
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

/// A group of the ärendelista: its key word, how many ärenden it has, and
/// the slot of its n-th ärende.
type Group = (&'static str, usize, fn(usize) -> Slot);

/// One slot of the meeting's order: what a paragraph records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Sekretess(usize),
    Information(usize),
    Beslut(usize),
    Extra(usize),
}

/// Who serves in each ledamot's seat at each paragraph.
struct Attendance {
    /// Member indices serving at each paragraph (before jäv), by position
    /// in the paragraph list.
    serving: Vec<BTreeSet<usize>>,
    /// Ledamöter present at all (not listed as frånvarande).
    present: BTreeSet<usize>,
    /// Ersättare serving: (member, replaced ledamot, paragraph positions or
    /// all).
    substitutes: Vec<(usize, usize, Option<BTreeSet<u32>>)>,
    /// Ersättare present without serving.
    others: BTreeSet<usize>,
}

/// Checks `protokoll.yaml` and computes the protokoll of the meeting.
pub fn validate(
    sandbox: &Sandbox,
    packet: &Packet,
    facts: &super::Facts,
    file: Sourced<ProtokollFile>,
) -> Result<Protokoll> {
    let Sourced { path, value: p } = file;
    let mut checker = Checker {
        sandbox,
        problems: Vec::new(),
        cases: CasePattern::new(
            &packet.namnd.forkortning,
            facts.diarienummer_monster.as_deref(),
        )
        .ok(),
        weights: Default::default(),
    };
    let check = ProtokollCheck {
        packet,
        facts,
        path: &path,
    };

    let ledamoter = facts.members.iter().filter(|m| m.ledamot).count();
    if ledamoter == 0 {
        return Err(Error::input(
            Diagnostic::error("nämndens ledamöter saknas; protokollet kan inte kontrolleras utan dem")
                .at(Location::file(facts.kallor[0].clone()))
                .tips("lägg till `ledamöter:` och `ersättare:` i namnd.yaml, t.ex. `- { namn: Karin Lindqvist, parti: S, uppdrag: ordförande }`"),
        ));
    }
    check.duplicate_members(&mut checker);

    // The paragraphs in meeting order and their numbers.
    let mut slots: Vec<Slot> = Vec::new();
    slots.extend((0..packet.sekretessarenden.len()).map(Slot::Sekretess));
    slots.extend((0..packet.informationsarenden.len()).map(Slot::Information));
    slots.extend((0..packet.arenden.len()).map(Slot::Beslut));
    slots.extend((0..p.extra_arenden.len()).map(Slot::Extra));
    let forsta = match &p.forsta_paragraf {
        Some(first) => {
            // Over an earlier meeting without a protokoll only a collision
            // can be seen: that meeting's paragraphs come in between.
            if let Some(previous) = &facts.previous_protokoll
                && (first.value <= previous.last
                    || (facts.unrecorded.is_empty() && first.value != previous.last + 1))
            {
                checker.error_at(
                    &path,
                    first,
                    super::paragraph_continuity(first.value, previous),
                    &format!(
                        "nämndens paragrafer numreras i löpande följd under året; skriv `första_paragraf: {}` eller ta bort raden",
                        previous.last + 1
                    ),
                );
            }
            if first.value == 0 {
                checker.error_at(
                    &path,
                    first,
                    "§ 0 finns inte".to_owned(),
                    "paragraferna numreras från 1",
                );
            }
            first.value
        }
        None => {
            // The meeting's own första_paragraf (sammantrade.yaml) must
            // continue the previous protokoll too: here it is an error,
            // for the protokoll is the record.
            let first = facts.forsta_paragraf.unwrap_or(1);
            let uncounted = !facts.unrecorded.is_empty() && !facts.forsta_paragraf_given;
            if uncounted {
                checker.problems.push(
                    Diagnostic::error(super::unrecorded_message(&facts.unrecorded, facts.previous_protokoll.as_ref()))
                        .at(Location::at(&path, 1, 1))
                        .tips("skriv protokollets första paragrafnummer som `första_paragraf:` överst i protokoll.yaml"),
                );
            }
            if let Some(previous) = &facts.previous_protokoll
                && !uncounted
                && (first <= previous.last
                    || (facts.unrecorded.is_empty() && first != previous.last + 1))
            {
                let sammantrade = checker
                    .sandbox
                    .relative(&facts.meeting_dir.join("sammantrade.yaml"))
                    .to_path_buf();
                checker.problems.push(
                    Diagnostic::error(super::paragraph_continuity(first, previous))
                        .at(super::key_location(checker.sandbox.root(), &sammantrade, "första_paragraf"))
                        .tips(format!(
                            "nämndens paragrafer numreras i löpande följd under året; ta bort `första_paragraf` ur sammantrade.yaml så blir första paragrafen § {}",
                            previous.last + 1
                        )),
                );
            }
            if first == 0 {
                checker.problems.push(
                    Diagnostic::error("§ 0 finns inte")
                        .at(Location::file(
                            checker
                                .sandbox
                                .relative(&facts.meeting_dir.join("sammantrade.yaml")),
                        ))
                        .tips("paragraferna numreras från 1"),
                );
            }
            first
        }
    };
    let number = |position: usize| forsta + position as u32;
    let sista = (forsta + slots.len() as u32).saturating_sub(1);

    // Which paragraph each entry of `paragrafer:` names.
    let mut entries: BTreeMap<usize, (&Spanned<String>, &ParagrafFile)> = BTreeMap::new();
    for (key, entry) in &p.paragrafer.0 {
        if let Some(position) = check.slot_of(&mut checker, key, &slots)
            && let Some((earlier, _)) = entries.insert(position, (key, entry))
        {
            checker.error_at(
                &path,
                key,
                format!(
                    "`{}` anger samma ärende som `{}`",
                    key.value.trim(),
                    earlier.value.trim()
                ),
                "skriv allt om ärendet under en nyckel",
            );
        }
    }
    let entry_at = |position: usize| -> Option<&ParagrafFile> {
        match slots[position] {
            Slot::Extra(i) => p.extra_arenden.get(i),
            _ => entries.get(&position).map(|(_, e)| *e),
        }
    };

    let attendance = check.attendance(&mut checker, &p.narvaro, &slots, forsta);
    let chair = check.chair(&mut checker, &p, &attendance);

    // Jäv per paragraph, then serving members and quorum.
    let mut paragrafer = Vec::with_capacity(slots.len());
    // Too few serving at every paragraph: one error for the meeting, at
    // the attendance, instead of one per paragraph.
    let never_quorate = !slots.is_empty()
        && (0..slots.len()).all(|position| attendance.serving[position].len() * 2 <= ledamoter);
    if never_quorate {
        let most = (0..slots.len())
            .map(|position| attendance.serving[position].len())
            .max()
            .unwrap_or(0);
        let at = p
            .narvaro
            .franvarande
            .first()
            .map_or_else(|| Location::file(&path), |name| location(&path, name));
        checker.problems.push(
            Diagnostic::error(format!(
                "nämnden är inte beslutsför: högst {most} av {ledamoter} ledamöter tjänstgör; mer än hälften, minst {}, måste delta",
                ledamoter / 2 + 1
            ))
            .at(at)
            .tips("kontrollera `närvaro:`: frånvarande ledamöter och tjänstgörande ersättare (Kommunallagen 6 kap. 28 §)"),
        );
    }
    // Everyone at the meeting: ledamöter not absent and every ersättare
    // listed as serving or present.
    let present: BTreeSet<usize> = attendance
        .present
        .iter()
        .chain(&attendance.others)
        .copied()
        .chain(attendance.substitutes.iter().map(|(e, _, _)| *e))
        .collect();
    // Paragraphs where too few served (not for jäv): one error for them all.
    let mut too_few: Vec<u32> = Vec::new();
    for (position, slot) in slots.iter().enumerate() {
        let nummer = number(position);
        let entry = entry_at(position);
        let mut jav = BTreeSet::new();
        if let Some(entry) = entry {
            for name in &entry.jav {
                if let Some(member) =
                    check.member(&mut checker, name.value.trim(), location(&path, name))
                {
                    // A ledamot whose seat an ersättare took at this
                    // paragraph (because of the jäv) is where the jäv belongs.
                    let seat_taken = attendance.substitutes.iter().any(|(_, replaced, only)| {
                        *replaced == member && only.as_ref().is_none_or(|n| n.contains(&nummer))
                    });
                    if !attendance.serving[position].contains(&member) && !seat_taken {
                        checker.problems.push(
                            Diagnostic::warning(format!(
                                "{} anmäler jäv vid § {nummer} men tjänstgjorde inte där",
                                check.name(member)
                            ))
                            .at(location(&path, name))
                            .tips("jäv behöver bara antecknas för den som annars hade deltagit i beslutet"),
                        );
                    }
                    jav.insert(member);
                }
            }
        }
        let serving: BTreeSet<usize> = attendance.serving[position]
            .difference(&jav)
            .copied()
            .collect();
        if !never_quorate
            && !check.quorum(
                &mut checker,
                nummer,
                &serving,
                &attendance.serving[position],
                entry,
                ledamoter,
            )
        {
            too_few.push(nummer);
        }
        paragrafer.push(check.paragraph(
            &mut checker,
            *slot,
            nummer,
            entry,
            &present,
            &serving,
            &jav,
            &chair,
            &p,
        ));
    }
    if !too_few.is_empty() {
        // Where a ledamot left without an ersättare: at the ersättare who
        // served part of the meeting, else at the list of the absent.
        let at = p
            .narvaro
            .tjanstgorande_ersattare
            .iter()
            .find_map(|t| t.paragrafer.as_ref().map(|r| location(&path, r)))
            .or_else(|| p.narvaro.franvarande.first().map(|n| location(&path, n)))
            .unwrap_or_else(|| Location::file(&path));
        checker.problems.push(
            Diagnostic::error(format!(
                "nämnden är inte beslutsför vid {}: för få ledamöter tjänstgör; mer än hälften, minst {}, måste delta",
                format_paragraphs(&too_few),
                ledamoter / 2 + 1
            ))
            .at(at)
            .tips("låt en ersättare tjänstgöra för varje frånvarande ledamot under hela sammanträdet (`tjänstgörande_ersättare:`), eller kontrollera `paragrafer:` (Kommunallagen 6 kap. 28 §)"),
        );
    }

    let justering = check.justering(&mut checker, &p, &attendance, chair.0);
    let justerad: NaiveDate = p.justering.datum.value.0;
    let anslag = check.anslag(&mut checker, &p, justerad, &paragrafer);
    let mottagare = recipients(&paragrafer);
    let written = paragrafer
        .iter()
        .flat_map(|p| &p.reservationer)
        .filter_map(|r| r.fil.as_deref());
    checker.problems.extend(super::masks::check_files(
        sandbox.root(),
        std::iter::once(path.as_path()).chain(written),
    ));

    let (errors, warnings): (Vec<_>, Vec<_>) = checker
        .problems
        .into_iter()
        .partition(|d| d.severity == crate::error::Severity::Error);
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        return Err(Error::Input(all));
    }

    let deltagare = |member: usize, roll: String, paragrafer: String| {
        let m = &facts.members[member];
        let mut text = check.name(member);
        for part in [&roll, &paragrafer] {
            if !part.is_empty() {
                text.push_str(", ");
                text.push_str(part);
            }
        }
        Deltagare {
            namn: m.namn.clone(),
            parti: m.parti.clone(),
            roll,
            paragrafer,
            text,
        }
    };
    let numbers_where = |test: &dyn Fn(usize) -> bool| -> Vec<u32> {
        (0..slots.len()).filter(|&i| test(i)).map(number).collect()
    };
    let mut beslutande = Vec::new();
    for (index, member) in facts.members.iter().enumerate() {
        if member.ledamot && attendance.present.contains(&index) {
            let served = numbers_where(&|i| attendance.serving[i].contains(&index));
            let roll = if index == chair.0 {
                "ordförande".to_owned()
            } else {
                member.uppdrag.clone()
            };
            let part = if served.len() == slots.len() {
                String::new()
            } else {
                format_paragraphs(&served)
            };
            beslutande.push(deltagare(index, roll, part));
        }
    }
    // One line per ersättare and seat, however many rows name them.
    let mut seats: Vec<(usize, usize, Option<BTreeSet<u32>>)> = Vec::new();
    for (ersattare, ledamot, only) in &attendance.substitutes {
        match seats
            .iter_mut()
            .find(|(e, l, _)| e == ersattare && l == ledamot)
        {
            Some((_, _, Some(numbers))) => match only {
                Some(more) => numbers.extend(more),
                None => {
                    seats.retain(|(e, l, _)| !(e == ersattare && l == ledamot));
                    seats.push((*ersattare, *ledamot, None));
                }
            },
            Some((_, _, None)) => {}
            None => seats.push((*ersattare, *ledamot, only.clone())),
        }
    }
    for (ersattare, ledamot, only) in &seats {
        let roll = format!("ersättare för {}", check.name(*ledamot));
        let part = match only {
            Some(numbers) => format_paragraphs(&numbers.iter().copied().collect::<Vec<_>>()),
            None => String::new(),
        };
        beslutande.push(deltagare(*ersattare, roll, part));
    }
    let franvarande = facts
        .members
        .iter()
        .enumerate()
        .filter(|(i, m)| m.ledamot && !attendance.present.contains(i))
        .map(|(i, m)| deltagare(i, m.uppdrag.clone(), String::new()))
        .collect();
    // An ersättare who served some paragraphs is listed among those who
    // decided, with the paragraphs, not among those who did not serve.
    let ovriga_ersattare = attendance
        .others
        .iter()
        .filter(|i| !attendance.substitutes.iter().any(|(e, _, _)| e == *i))
        .map(|&i| deltagare(i, String::new(), String::new()))
        .collect();
    let justerare = justering
        .iter()
        .map(|&i| deltagare(i, String::new(), String::new()))
        .collect();
    let tid = p.tid.value.trim().to_owned();
    Ok(Protokoll {
        titel: format!(
            "Protokoll från {} sammanträde {}",
            packet.namnd.genitiv, packet.sammantrade.datum
        ),
        datumrad: conventions::meeting_date_line(facts.meeting_date, &tid),
        tid,
        plats: packet.sammantrade.plats.clone(),
        paragrafintervall: format_paragraphs(&(forsta..=sista).collect::<Vec<_>>()),
        forsta,
        sista,
        ordforande: deltagare(chair.0, "ordförande".into(), String::new()),
        beslutande,
        ovriga_ersattare,
        ovriga: others_present(&p.narvaro.ovriga, &packet.namnd.sekreterare),
        franvarande,
        justerare,
        justering: Justering {
            datum: conventions::iso_date(justerad),
            datum_ord: conventions::date_in_words(justerad),
            plats: p.justering.plats.trim().to_owned(),
            tid: p.justering.tid.as_deref().unwrap_or("").trim().to_owned(),
        },
        sekreterare: packet.namnd.sekreterare.clone(),
        paragrafer,
        anslag,
        mottagare,
        bas: facts.virtual_dir.clone(),
        kalla: path.clone(),
        warnings,
    })
}

/// "§ 121", "§§ 121–125", "§§ 121–123, 127".
pub fn format_paragraphs(numbers: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &n in numbers {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    let text: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    match numbers.len() {
        0 => String::new(),
        1 => format!("§ {}", text[0]),
        _ => format!("§§ {}", text.join(", ")),
    }
}

/// Whether a written range runs backwards, "117–112".
fn reversed_range(text: &str) -> bool {
    text.replace('§', " ").split([',', ';']).any(|part| {
        part.split_once(['–', '-', '—']).is_some_and(|(a, b)| {
            matches!((a.trim().parse::<u32>(), b.trim().parse::<u32>()), (Ok(a), Ok(b)) if b < a)
        })
    })
}

/// Parses paragraph numbers as written: `155`, `"155–162"`, `"§§ 150, 152–153"`.
fn parse_paragraphs(text: &str) -> Option<BTreeSet<u32>> {
    let mut numbers = BTreeSet::new();
    let cleaned = text.replace('§', " ");
    for part in cleaned.split([',', ';']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (a, b) = match part.split_once(['–', '-', '—']) {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let n: u32 = part.parse().ok()?;
                (n, n)
            }
        };
        if b < a || b - a > 10_000 {
            return None;
        }
        numbers.extend(a..=b);
    }
    (!numbers.is_empty()).then_some(numbers)
}

/// The recipients of the decisions and the utdrag each one gets.
fn recipients(paragrafer: &[Paragraf]) -> Vec<Mottagare> {
    let mut out: Vec<Mottagare> = Vec::new();
    for p in paragrafer {
        for name in &p.beslutet_skickas_till {
            let entry = (p.utdrag.clone(), p.etikett.clone(), p.rubrik.clone());
            match out.iter_mut().find(|m| m.namn == *name) {
                Some(m) => m.utdrag.push(entry),
                None => out.push(Mottagare {
                    namn: name.clone(),
                    utdrag: vec![entry],
                }),
            }
        }
    }
    out
}

/// The checks, with what they all need.
struct ProtokollCheck<'a> {
    packet: &'a Packet,
    facts: &'a super::Facts,
    path: &'a Path,
}

impl ProtokollCheck<'_> {
    /// "Karin Lindqvist (S)".
    fn name(&self, member: usize) -> String {
        let m = &self.facts.members[member];
        if m.parti.is_empty() {
            m.namn.clone()
        } else {
            format!("{} ({})", m.namn, m.parti)
        }
    }

    fn duplicate_members(&self, checker: &mut Checker) {
        let members = &self.facts.members;
        for (i, m) in members.iter().enumerate() {
            if let Some(first) = members[..i].iter().find(|o| o.namn == m.namn) {
                checker.problems.push(
                    Diagnostic::error(format!(
                        "{} står två gånger bland ledamöter och ersättare (första gången på rad {})",
                        m.namn, first.at.line
                    ))
                    .at(m.at.clone())
                    .tips("ta bort den ena raden; har två personer samma namn, skriv till något som skiljer dem åt"),
                );
            }
        }
    }

    /// The member a name names, or an error with the closest name.
    fn member(&self, checker: &mut Checker, name: &str, at: Location) -> Option<usize> {
        let members = &self.facts.members;
        // Spaces are not part of a name: "Anna  Berg" is Anna Berg.
        let name = &name.split_whitespace().collect::<Vec<_>>().join(" ");
        let same = |m: &super::Member| m.namn.split_whitespace().eq(name.split_whitespace());
        if let Some(index) = members.iter().position(same) {
            return Some(index);
        }
        if let Some(index) = members
            .iter()
            .position(|m| m.namn.to_lowercase() == name.to_lowercase())
        {
            checker.problems.push(
                Diagnostic::error(format!(
                    "`{name}` stavas `{}` i namnd.yaml",
                    members[index].namn
                ))
                .at(at)
                .tips(format!("skriv `{}`", members[index].namn)),
            );
            return None;
        }
        let known: Vec<String> = members.iter().map(|m| m.namn.clone()).collect();
        let diagnostic = Diagnostic::error(format!(
            "`{name}` är varken ledamot eller ersättare i {}",
            self.packet.namnd.namn
        ))
        .at(at);
        checker
            .problems
            .push(match crate::yaml::suggest(name, &known) {
                Some(best) => diagnostic.tips(format!("menade du `{best}`?")),
                None => diagnostic.tips(
                    "skriv namnet som det står under `ledamöter:` eller `ersättare:` i namnd.yaml",
                ),
            });
        None
    }

    /// The names of a `Namn` value with their locations.
    fn names(&self, checker: &mut Checker, names: &Spanned<model::Namn>) -> Vec<(usize, Location)> {
        names
            .value
            .0
            .iter()
            .filter_map(|(name, at)| {
                let at = match at {
                    Some(at) => Location::at(self.path, at.line() as usize, at.column() as usize),
                    None => location(self.path, names),
                };
                self.member(checker, name.trim(), at.clone())
                    .map(|m| (m, at))
            })
            .collect()
    }

    /// The slot a paragraph key (`beslut/3`) names.
    fn slot_of(
        &self,
        checker: &mut Checker,
        key: &Spanned<String>,
        slots: &[Slot],
    ) -> Option<usize> {
        let text = key.value.trim();
        let groups: [Group; 3] = [
            (
                "sekretess",
                self.packet.sekretessarenden.len(),
                Slot::Sekretess,
            ),
            (
                "information",
                self.packet.informationsarenden.len(),
                Slot::Information,
            ),
            ("beslut", self.packet.arenden.len(), Slot::Beslut),
        ];
        let available = || {
            let keys: Vec<String> = groups
                .iter()
                .filter(|(_, count, _)| *count > 0)
                .map(|(name, count, _)| {
                    if *count == 1 {
                        format!("{name}/1")
                    } else {
                        format!("{name}/1–{count}")
                    }
                })
                .collect();
            format!("ärendena i kallelsen är {}", keys.join(", "))
        };
        let Some((group, number)) = text.split_once('/') else {
            checker.error_at(
                self.path,
                key,
                format!("`{text}` är ingen paragrafnyckel"),
                &format!(
                    "skriv gruppen och ärendets nummer i kallelsen, t.ex. `beslut/3`; {}",
                    available()
                ),
            );
            return None;
        };
        let Some((name, count, make)) = groups.iter().find(|(name, _, _)| *name == group.trim())
        else {
            let names: Vec<String> = groups.iter().map(|(n, _, _)| n.to_string()).collect();
            let hint = match crate::yaml::suggest(group.trim(), &names) {
                Some(best) => format!("menade du `{best}/{}`?", number.trim()),
                None => "grupperna heter sekretess, information och beslut".to_owned(),
            };
            checker.error_at(
                self.path,
                key,
                format!("okänd grupp `{}` i `{text}`", group.trim()),
                &hint,
            );
            return None;
        };
        let index = match number.trim().parse::<usize>() {
            Ok(n) if (1..=*count).contains(&n) => n - 1,
            _ => {
                checker.error_at(
                    self.path,
                    key,
                    format!(
                        "`{text}` anger inget ärende: kallelsen har {count} {}",
                        plural(*count, name)
                    ),
                    &available(),
                );
                return None;
            }
        };
        slots.iter().position(|s| *s == make(index))
    }

    /// Who was there, and who serves at each paragraph.
    fn attendance(
        &self,
        checker: &mut Checker,
        narvaro: &model::Narvaro,
        slots: &[Slot],
        forsta: u32,
    ) -> Attendance {
        let members = &self.facts.members;
        let mut present: BTreeSet<usize> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.ledamot)
            .map(|(i, _)| i)
            .collect();
        for name in &narvaro.franvarande {
            if let Some(m) = self.member(checker, name.value.trim(), location(self.path, name)) {
                if members[m].ledamot {
                    present.remove(&m);
                } else {
                    checker.error_at(
                        self.path,
                        name,
                        format!("{} är ersättare, inte ledamot", self.name(m)),
                        "under `frånvarande:` står bara ledamöter; ersättare som inte kom nämns inte",
                    );
                }
            }
        }
        let last = forsta + slots.len() as u32 - 1;
        // Ledamöter there at some paragraphs only.
        let mut partly: BTreeMap<usize, BTreeSet<u32>> = BTreeMap::new();
        for d in &narvaro.delvis_narvarande {
            let Some(m) = self.member(checker, d.namn.value.trim(), location(self.path, &d.namn))
            else {
                continue;
            };
            if !members[m].ledamot {
                checker.error_at(
                    self.path,
                    &d.namn,
                    format!("{} är ersättare, inte ledamot", self.name(m)),
                    "en ersättare som tjänstgjorde en del av sammanträdet står under `tjänstgörande_ersättare:` med `paragrafer:`",
                );
                continue;
            }
            if !present.contains(&m) {
                checker.error_at(
                    self.path,
                    &d.namn,
                    format!("{} står också som frånvarande", self.name(m)),
                    "den som var med en del av sammanträdet står bara under `delvis_närvarande:`",
                );
                continue;
            }
            match parse_paragraphs(&d.paragrafer.value.0) {
                Some(numbers) if numbers.iter().all(|n| (forsta..=last).contains(n)) => {
                    partly.insert(m, numbers);
                }
                Some(_) => checker.error_at(
                    self.path,
                    &d.paragrafer,
                    format!(
                        "`{}` går utanför protokollets {}",
                        d.paragrafer.value.0,
                        format_paragraphs(&(forsta..=last).collect::<Vec<_>>())
                    ),
                    "ange de paragrafer ledamoten var med vid",
                ),
                None => checker.error_at(
                    self.path,
                    &d.paragrafer,
                    format!("`{}` är inga paragrafnummer", d.paragrafer.value.0),
                    "skriv t.ex. \"112–117\"",
                ),
            }
        }
        let mut substitutes = Vec::new();
        for t in &narvaro.tjanstgorande_ersattare {
            let ersattare = self.member(checker, t.namn.value.trim(), location(self.path, &t.namn));
            let ledamot = self.member(
                checker,
                t.ersatter.value.trim(),
                location(self.path, &t.ersatter),
            );
            if let Some(e) = ersattare
                && members[e].ledamot
            {
                checker.error_at(
                    self.path,
                    &t.namn,
                    format!("{} är ledamot, inte ersättare", self.name(e)),
                    "en ledamot tjänstgör på sin egen plats; ta bort raden",
                );
            }
            if let Some(l) = ledamot
                && !members[l].ledamot
            {
                checker.error_at(
                    self.path,
                    &t.ersatter,
                    format!("{} är ersättare, inte ledamot", self.name(l)),
                    "`ersätter:` ska vara den ledamot vars plats ersättaren tog",
                );
            }
            let only = match &t.paragrafer {
                None => None,
                Some(cell) => match parse_paragraphs(&cell.value.0) {
                    Some(numbers) => {
                        if let Some(outside) = numbers.iter().find(|n| **n < forsta || **n > last) {
                            checker.error_at(
                                self.path,
                                cell,
                                format!(
                                    "§ {outside} finns inte i protokollet, som har {}",
                                    format_paragraphs(&(forsta..=last).collect::<Vec<_>>())
                                ),
                                "ange paragrafer som ersättaren tjänstgjorde",
                            );
                        }
                        Some(numbers)
                    }
                    None => {
                        checker.error_at(
                            self.path,
                            cell,
                            format!("`{}` är inga paragrafnummer", cell.value.0),
                            if reversed_range(&cell.value.0) {
                                "intervallet är baklänges: skriv det lägsta numret först, t.ex. \"112–117\""
                            } else {
                                "skriv t.ex. \"155–162\" eller \"150, 152\""
                            },
                        );
                        None
                    }
                },
            };
            if let (Some(e), Some(l)) = (ersattare, ledamot) {
                if only.is_none() && present.contains(&l) && members[l].ledamot {
                    checker.error_at(
                        self.path,
                        &t.ersatter,
                        format!(
                            "{} ersätter {} under hela sammanträdet, men {} står inte som frånvarande",
                            self.name(e),
                            self.name(l),
                            members[l].namn
                        ),
                        &format!(
                            "lägg {} under `frånvarande:`, eller ange med `paragrafer:` vilka paragrafer ersättaren tjänstgjorde",
                            members[l].namn
                        ),
                    );
                }
                substitutes.push((e, l, only, location(self.path, &t.namn)));
            }
        }
        // Two ersättare in one seat, or one ersättare in two seats, at once.
        for (i, (e, l, only, at)) in substitutes.iter().enumerate() {
            let overlaps = |other: &Option<BTreeSet<u32>>| match (only, other) {
                (Some(a), Some(b)) => a.intersection(b).next().is_some(),
                _ => true,
            };
            for (e2, l2, only2, _) in &substitutes[..i] {
                if (l == l2 || e == e2) && overlaps(only2) {
                    let message = if l == l2 {
                        format!(
                            "{} och {} tjänstgör båda för {} vid samma paragrafer",
                            self.name(*e2),
                            self.name(*e),
                            self.name(*l)
                        )
                    } else {
                        format!(
                            "{} tjänstgör för både {} och {} vid samma paragrafer",
                            self.name(*e),
                            self.name(*l2),
                            self.name(*l)
                        )
                    };
                    checker.problems.push(
                        Diagnostic::error(message)
                            .at(at.clone())
                            .tips("en ersättare tjänstgör på en plats åt gången; ange `paragrafer:` för var och en"),
                    );
                }
            }
        }
        let serving = (0..slots.len())
            .map(|position| {
                let nummer = forsta + position as u32;
                let mut seats = BTreeSet::new();
                for (index, member) in members.iter().enumerate() {
                    if !member.ledamot {
                        continue;
                    }
                    let substitute = substitutes.iter().find(|(_, l, only, _)| {
                        *l == index && only.as_ref().is_none_or(|n| n.contains(&nummer))
                    });
                    match substitute {
                        Some((e, _, _, _)) => {
                            seats.insert(*e);
                        }
                        None if present.contains(&index)
                            && partly.get(&index).is_none_or(|n| n.contains(&nummer)) =>
                        {
                            seats.insert(index);
                        }
                        None => {}
                    }
                }
                seats
            })
            .collect();
        let mut others = BTreeSet::new();
        for name in &narvaro.ovriga_ersattare {
            if let Some(m) = self.member(checker, name.value.trim(), location(self.path, name)) {
                if members[m].ledamot {
                    checker.error_at(
                        self.path,
                        name,
                        format!("{} är ledamot, inte ersättare", self.name(m)),
                        "ledamöter som var där behöver inte nämnas; de som inte var där står under `frånvarande:`",
                    );
                } else if substitutes
                    .iter()
                    .any(|(e, _, only, _)| *e == m && only.is_none())
                {
                    checker.error_at(
                        self.path,
                        name,
                        format!("{} tjänstgjorde hela sammanträdet", self.name(m)),
                        "ta bort namnet från `övriga_ersättare:`",
                    );
                } else {
                    others.insert(m);
                }
            }
        }
        Attendance {
            serving,
            present,
            substitutes: substitutes
                .into_iter()
                .map(|(e, l, only, _)| (e, l, only))
                .collect(),
            others,
        }
    }

    /// Who chaired: `ordförande:` in `protokoll.yaml`, else the ledamot
    /// whose uppdrag is ordförande, else the nämnd's ordförande.
    fn chair(
        &self,
        checker: &mut Checker,
        p: &ProtokollFile,
        attendance: &Attendance,
    ) -> (usize, Location) {
        let members = &self.facts.members;
        let named = match &p.ordforande {
            Some(name) => self
                .member(checker, name.value.trim(), location(self.path, name))
                .map(|m| (m, location(self.path, name))),
            None => members
                .iter()
                .position(|m| m.ledamot && m.uppdrag.trim().eq_ignore_ascii_case("ordförande"))
                .or_else(|| {
                    members
                        .iter()
                        .position(|m| m.namn == self.packet.namnd.ordforande.namn)
                })
                .map(|m| (m, members[m].at.clone())),
        };
        let Some((chair, at)) = named else {
            if p.ordforande.is_none() {
                checker.problems.push(
                    Diagnostic::error("det framgår inte vem som var ordförande")
                        .at(Location::file(self.path))
                        .tips("ge ordföranden `uppdrag: ordförande` i namnd.yaml, eller skriv `ordförande: <namn>` i protokoll.yaml"),
                );
            }
            return (0, Location::file(self.path));
        };
        let serves = attendance.serving.iter().any(|s| s.contains(&chair));
        if !serves {
            let tips = if p.ordforande.is_some() {
                "ordföranden måste vara en tjänstgörande ledamot eller ersättare".to_owned()
            } else {
                "skriv vem som var ordförande i stället, t.ex. `ordförande: <vice ordförandes namn>`".to_owned()
            };
            checker.problems.push(
                Diagnostic::error(format!(
                    "ordföranden {} tjänstgjorde inte vid sammanträdet",
                    self.name(chair)
                ))
                .at(match &p.ordforande {
                    Some(name) => location(self.path, name),
                    None => Location::file(self.path),
                })
                .tips(tips),
            );
        }
        (chair, at)
    }

    /// More than half of the ledamöter must take part in every decision
    /// (Kommunallagen 6 kap. 28 §).
    fn quorum(
        &self,
        checker: &mut Checker,
        nummer: u32,
        serving: &BTreeSet<usize>,
        before_jav: &BTreeSet<usize>,
        entry: Option<&ParagrafFile>,
        ledamoter: usize,
    ) -> bool {
        if serving.len() * 2 > ledamoter {
            return true;
        }
        let needed = ledamoter / 2 + 1;
        let jav_is_the_cause = before_jav.len() * 2 > ledamoter;
        if !jav_is_the_cause {
            // Reported with the others for the attendance, by the caller.
            return false;
        }
        let mut diagnostic = Diagnostic::error(format!(
            "nämnden är inte beslutsför vid § {nummer}: bara {} av {ledamoter} ledamöter kan delta när de jäviga inte deltar; mer än hälften, minst {needed}, måste delta",
            serving.len(),
        ));
        let jav_at = entry
            .and_then(|e| e.jav.first())
            .map(|j| location(self.path, j));
        diagnostic = match (jav_is_the_cause, jav_at) {
            (true, Some(at)) => diagnostic.at(at).tips(
                "låt en ersättare tjänstgöra i den jäviges ställe vid paragrafen (`tjänstgörande_ersättare:` med `paragrafer:`)",
            ),
            _ => diagnostic.at(Location::file(self.path)).tips(
                "kontrollera `närvaro:`: frånvarande ledamöter och tjänstgörande ersättare (Kommunallagen 6 kap. 28 §)",
            ),
        };
        checker.problems.push(diagnostic);
        true
    }

    /// One paragraph: its content, checked.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &self,
        checker: &mut Checker,
        slot: Slot,
        nummer: u32,
        entry: Option<&ParagrafFile>,
        present: &BTreeSet<usize>,
        serving: &BTreeSet<usize>,
        jav: &BTreeSet<usize>,
        chair: &(usize, Location),
        p: &ProtokollFile,
    ) -> Paragraf {
        let packet = self.packet;
        let facts = self.facts;
        let path = self.path;
        let default = ParagrafFile::default();
        let e = entry.unwrap_or(&default);
        let namnd = &packet.namnd.namn;
        let etikett = format!("{} § {nummer}", packet.namnd.forkortning);
        let mut paragraf = Paragraf {
            nummer,
            etikett: etikett.clone(),
            id: format!("paragraf-{nummer}"),
            typ: ParagrafTyp::Beslut,
            rubrik: String::new(),
            diarienummer: String::new(),
            arende: None,
            foredragande: String::new(),
            handling: String::new(),
            text: e
                .text
                .as_ref()
                .map(|t| t.value.trim().to_owned())
                .unwrap_or_default(),
            yrkanden: Vec::new(),
            propositionsordning: e
                .propositionsordning
                .as_ref()
                .map(|t| t.value.trim().to_owned())
                .unwrap_or_default(),
            omrostning: None,
            beslutsinledning: format!("{namnd} beslutar"),
            att_satser: Vec::new(),
            beslutsmening: String::new(),
            motivering: e
                .motivering
                .as_ref()
                .map(|t| t.value.trim().to_owned())
                .unwrap_or_default(),
            resultat: String::new(),
            reservationer: Vec::new(),
            protokollsanteckningar: Vec::new(),
            jav: jav.iter().map(|&m| self.name(m)).collect(),
            omedelbar_justering: e.omedelbar_justering,
            beslutet_skickas_till: Vec::new(),
            sekretess: false,
            lagrum: String::new(),
            publiceras: true,
            utdrag: format!("{}-§{nummer:03}.pdf", file_safe(&packet.namnd.forkortning)),
            tjanstgorande: serving.iter().map(|&m| self.name(m)).collect(),
        };
        if !matches!(slot, Slot::Extra(_)) {
            for (field, name) in [(&e.rubrik, "rubrik"), (&e.diarienummer, "diarienummer")] {
                if let Some(value) = field {
                    checker.error_at(
                        path,
                        value,
                        format!("`{name}` hör bara till extra ärenden"),
                        &format!("ärendets {name} hämtas från kallelsen; ta bort raden"),
                    );
                }
            }
        }
        let beslut = e.beslut.as_ref().map(|b| b.value);
        let proposed: Vec<String>;
        match slot {
            Slot::Sekretess(i) => {
                let a = &packet.sekretessarenden[i];
                paragraf.typ = ParagrafTyp::Sekretess;
                paragraf.rubrik = a.rubrik.clone();
                paragraf.diarienummer = a.diarienummer.clone();
                paragraf.handling = a.handling.clone();
                paragraf.sekretess = true;
                paragraf.publiceras = false;
                paragraf.lagrum = secrecy_provision(e, facts);
                proposed = Vec::new();
            }
            Slot::Information(i) => {
                let a = &packet.informationsarenden[i];
                paragraf.typ = ParagrafTyp::Information;
                paragraf.rubrik = a.rubrik.clone();
                paragraf.diarienummer = a.diarienummer.clone();
                paragraf.foredragande = a.foredragande.clone();
                proposed = vec!["att lägga informationen till handlingarna".to_owned()];
            }
            Slot::Beslut(i) => {
                let a = &packet.arenden[i];
                paragraf.typ = ParagrafTyp::Beslut;
                paragraf.rubrik = a.rubrik.clone();
                paragraf.diarienummer = a.diarienummer.clone();
                paragraf.publiceras = a.publiceras;
                paragraf.beslutet_skickas_till = a.beslutet_skickas_till.clone();
                paragraf.arende = Some(a.clone());
                proposed = a.att_satser.clone();
            }
            Slot::Extra(i) => {
                let x = &p.extra_arenden[i];
                let at = entry_location(path, x);
                paragraf.typ = ParagrafTyp::Extra;
                if x.sekretess {
                    paragraf.sekretess = true;
                    paragraf.publiceras = false;
                    paragraf.lagrum = secrecy_provision(x, facts);
                }
                match &x.rubrik {
                    Some(r) if !r.value.trim().is_empty() => {
                        paragraf.rubrik = r.value.trim().to_owned()
                    }
                    _ => checker.problems.push(
                        Diagnostic::error(format!(
                            "det extra ärendet (§ {nummer}) saknar `rubrik`"
                        ))
                        .at(at.clone())
                        .tips("skriv ärendets rubrik under `extra_ärenden:`"),
                    ),
                }
                match &x.diarienummer {
                    Some(d) => {
                        checker.case_number(path, d, false);
                        paragraf.diarienummer = d.value.trim().to_owned();
                    }
                    None => checker.problems.push(
                        Diagnostic::warning(format!(
                            "det extra ärendet (§ {nummer}) saknar `diarienummer`"
                        ))
                        .at(at.clone())
                        .tips("ange ärendets diarienummer om det har ett"),
                    ),
                }
                proposed = Vec::new();
            }
        }
        if let Some(list) = &e.beslutet_skickas_till {
            paragraf.beslutet_skickas_till = list.iter().map(|s| s.trim().to_owned()).collect();
        }
        if e.sekretess && !matches!(slot, Slot::Extra(_)) {
            checker.problems.push(
                Diagnostic::warning(format!(
                    "`sekretess` vid § {nummer} används bara för extra ärenden"
                ))
                .at(entry_location(path, e))
                .tips("ett sekretessärende i kallelsen står under `sekretessärenden:` i sammantrade.yaml"),
            );
        }
        if e.lagrum.is_some() && !paragraf.sekretess {
            checker.problems.push(
                Diagnostic::warning(format!(
                    "`lagrum` vid § {nummer} används bara för sekretessärenden"
                ))
                .at(entry_location(path, e))
                .tips("ta bort raden"),
            );
        }

        // The decision.
        checker.att_satser(path, &e.att_satser);
        let written: Vec<&str> = e.att_satser.iter().map(|s| s.value.as_str()).collect();
        let beslut_at = e.beslut.as_ref().map(|b| location(path, b));
        let reason_needed = |checker: &mut Checker, word: &str| {
            if paragraf.motivering.is_empty() {
                checker.problems.push(
                    Diagnostic::error(format!("`{word}` vid § {nummer} kräver en `motivering`"))
                        .at(beslut_at.clone().unwrap_or_else(|| Location::file(path)))
                        .tips(format!(
                            "skriv skälet till att ärendet {} under `motivering:`",
                            match word {
                                "återremiss" => "återremitteras",
                                _ => "bordläggs",
                            }
                        )),
                );
            }
        };
        let decided: Vec<String> = match beslut {
            Some(BeslutTyp::Andrat) => {
                if written.is_empty() {
                    checker.problems.push(
                        Diagnostic::error(format!("`ändrat` vid § {nummer} kräver `att_satser` med beslutet"))
                            .at(beslut_at.clone().unwrap_or_else(|| Location::file(path)))
                            .tips("skriv beslutet som nämnden fattade under `att_satser:`, en att-sats per rad"),
                    );
                }
                paragraf.resultat = "Ändrat beslut".into();
                written.iter().map(|s| s.to_string()).collect()
            }
            Some(BeslutTyp::Aterremiss) => {
                reason_needed(checker, "återremiss");
                paragraf.resultat = "Återremitterat".into();
                if e.beslutet_skickas_till.is_none() {
                    // The ärende goes back to the förvaltning, not to those
                    // the proposed decision was for.
                    paragraf.beslutet_skickas_till.clear();
                }
                if written.is_empty() {
                    vec!["att återremittera ärendet".to_owned()]
                } else {
                    written.iter().map(|s| s.to_string()).collect()
                }
            }
            Some(BeslutTyp::Bordlagt) => {
                reason_needed(checker, "bordlagt");
                paragraf.resultat = "Bordlagt".into();
                if e.beslutet_skickas_till.is_none() {
                    // Nothing was decided that anyone must act on.
                    paragraf.beslutet_skickas_till.clear();
                }
                if written.is_empty() {
                    vec!["att bordlägga ärendet".to_owned()]
                } else {
                    written.iter().map(|s| s.to_string()).collect()
                }
            }
            Some(BeslutTyp::Avskrivet) => {
                paragraf.resultat = "Avskrivet".into();
                if written.is_empty() {
                    vec!["att avskriva ärendet från vidare handläggning".to_owned()]
                } else {
                    written.iter().map(|s| s.to_string()).collect()
                }
            }
            Some(BeslutTyp::EnligtForslag) | None => {
                if !written.is_empty() {
                    if beslut == Some(BeslutTyp::EnligtForslag) && matches!(slot, Slot::Beslut(_)) {
                        checker.problems.push(
                            Diagnostic::error(format!(
                                "§ {nummer} har `att_satser` men beslutet är `enligt förslag`"
                            ))
                            .at(beslut_at.clone().unwrap_or_else(|| Location::file(path)))
                            .tips("skriv `beslut: ändrat` när nämnden beslutade något annat än förslaget, eller ta bort `att_satser`"),
                        );
                    }
                    paragraf.resultat = match slot {
                        Slot::Beslut(_) => "Ändrat beslut".into(),
                        _ => "Beslutat".into(),
                    };
                    written.iter().map(|s| s.to_string()).collect()
                } else {
                    match slot {
                        Slot::Extra(_) => {
                            checker.problems.push(
                                Diagnostic::error(format!("det extra ärendet (§ {nummer}) saknar beslut"))
                                    .at(beslut_at.clone().unwrap_or_else(|| entry_location(path, e)))
                                    .tips("skriv beslutet under `att_satser:`, eller `beslut: återremiss`, `bordlagt` eller `avskrivet`"),
                            );
                            Vec::new()
                        }
                        Slot::Sekretess(_) => {
                            paragraf.resultat = "Enligt förslag".into();
                            paragraf.beslutsmening = if paragraf.handling.is_empty() {
                                format!("{namnd} beslutar enligt förvaltningens förslag.")
                            } else {
                                format!(
                                    "{namnd} beslutar enligt förslaget i handling {}.",
                                    paragraf.handling
                                )
                            };
                            Vec::new()
                        }
                        Slot::Information(_) => {
                            paragraf.resultat = "Informationen noterad".into();
                            proposed.clone()
                        }
                        Slot::Beslut(_) => {
                            paragraf.resultat = "Enligt förslag".into();
                            proposed.clone()
                        }
                    }
                }
            }
        };
        paragraf.att_satser = conventions::punctuate_att_satser(&decided);
        if let Some(m) = &e.motivering {
            checker.markdown(path, m, &facts.virtual_dir);
            if matches!(
                beslut,
                None | Some(BeslutTyp::EnligtForslag | BeslutTyp::Andrat)
            ) {
                checker.problems.push(
                    Diagnostic::warning(format!("`motivering` vid § {nummer} används bara vid återremiss, bordläggning och avskrivning"))
                        .at(location(path, m))
                        .tips("skriv det som sades på sammanträdet under `text:` i stället"),
                );
            }
        }
        if let Some(t) = &e.text {
            checker.markdown(path, t, &facts.virtual_dir);
        }

        // Yrkanden: only those serving may propose.
        for y in &e.yrkanden {
            let named = self.names(checker, &y.av);
            for (m, at) in &named {
                if !serving.contains(m) {
                    checker.problems.push(
                        Diagnostic::error(format!(
                            "{} {} vid § {nummer} och kan inte yrka",
                            self.name(*m),
                            if jav.contains(m) {
                                "är jävig"
                            } else {
                                "tjänstgjorde inte"
                            }
                        ))
                        .at(at.clone())
                        .tips("bara tjänstgörande ledamöter och ersättare har yrkanderätt"),
                    );
                }
            }
            paragraf.yrkanden.push(Yrkande {
                av: join_names(named.iter().map(|(m, _)| self.name(*m))),
                yrkande: y.yrkande.trim().to_owned(),
            });
        }
        if e.yrkanden.len() >= 2 && e.propositionsordning.is_none() {
            checker.problems.push(
                Diagnostic::warning(format!(
                    "§ {nummer} har {} yrkanden men ingen propositionsordning",
                    e.yrkanden.len()
                ))
                .at(location(path, &e.yrkanden[0].av))
                .tips("skriv hur ordföranden ställde yrkandena mot varandra under `propositionsordning:` (Kommunallagen 5 kap. 67 §)"),
            );
        }

        // The vote.
        let mut votes: BTreeMap<usize, Rost> = BTreeMap::new();
        let mut winning: Option<Rost> = None;
        if let Some(o) = &e.omrostning {
            for (name, vote) in &o.roster.0 {
                let at = location(path, name);
                let Some(m) = self.member(checker, name.value.trim(), at.clone()) else {
                    continue;
                };
                if jav.contains(&m) {
                    checker.problems.push(
                        Diagnostic::error(format!(
                            "{} är jävig vid § {nummer} och får inte rösta",
                            self.name(m)
                        ))
                        .at(at)
                        .tips("ta bort rösten; den jävige deltar inte i beslutet"),
                    );
                } else if !serving.contains(&m) {
                    checker.problems.push(
                        Diagnostic::error(format!("{} tjänstgjorde inte vid § {nummer} och kan inte rösta", self.name(m)))
                            .at(at)
                            .tips("i en omröstning röstar de ledamöter och ersättare som tjänstgör vid paragrafen"),
                    );
                } else if votes.insert(m, *vote).is_some() {
                    checker.problems.push(
                        Diagnostic::error(format!(
                            "{} röstar två gånger vid § {nummer}",
                            self.name(m)
                        ))
                        .at(at)
                        .tips("ta bort den ena rösten"),
                    );
                }
            }
            let missing: Vec<String> = serving
                .iter()
                .filter(|m| !votes.contains_key(m))
                .map(|&m| self.name(m))
                .collect();
            if !missing.is_empty() {
                let at = o
                    .roster
                    .0
                    .first()
                    .map(|(name, _)| location(path, name))
                    .unwrap_or_else(|| Location::file(path));
                checker.problems.push(
                    Diagnostic::error(format!(
                        "röstlistan vid § {nummer} saknar {}, som tjänstgjorde vid paragrafen",
                        join_names(missing.iter().cloned()),
                    ))
                    .at(at)
                    .tips("varje tjänstgörande ledamot och ersättare ska stå i röstlistan med ja, nej eller avstår"),
                );
            }
            let count = |r: Rost| votes.values().filter(|v| **v == r).count();
            let (ja, nej, avstar) = (count(Rost::Ja), count(Rost::Nej), count(Rost::Avstar));
            let chair_vote = votes.get(&chair.0).copied();
            let winner = if ja > nej {
                Some((Rost::Ja, ""))
            } else if nej > ja {
                Some((Rost::Nej, ""))
            } else {
                match chair_vote {
                    Some(v @ (Rost::Ja | Rost::Nej)) => {
                        Some((v, " Vid lika röstetal avgör ordförandens röst."))
                    }
                    _ => {
                        checker.problems.push(
                            Diagnostic::warning(format!(
                                "omröstningen vid § {nummer} slutar lika, {ja}–{nej}, och ordföranden har inte röstat ja eller nej"
                            ))
                            .at(Location::file(path))
                            .tips("vid lika röstetal har ordföranden utslagsröst (Kommunallagen 5 kap. 59 §); kontrollera röstlistan"),
                        );
                        None
                    }
                }
            };
            let outcome = match winner {
                Some((side, tie)) => {
                    let what = if side == Rost::Ja {
                        o.ja.trim()
                    } else {
                        o.nej.trim()
                    };
                    format!(
                        "Med {} mot {} beslutar nämnden enligt {}-förslaget: {what}.{}{tie}",
                        counted(ja, "ja-röst", "ja-röster"),
                        counted(nej, "nej-röst", "nej-röster"),
                        if side == Rost::Ja { "ja" } else { "nej" },
                        match avstar {
                            0 => String::new(),
                            1 => " En avstår från att rösta.".to_owned(),
                            n => format!(" {n} avstår från att rösta."),
                        }
                    )
                }
                None => format!(
                    "Omröstningen slutar {} mot {}.",
                    counted(ja, "ja-röst", "ja-röster"),
                    counted(nej, "nej-röst", "nej-röster")
                ),
            };
            paragraf.omrostning = Some(Omrostning {
                ja: o.ja.trim().to_owned(),
                nej: o.nej.trim().to_owned(),
                rader: votes
                    .iter()
                    .map(|(&m, &rost)| Rostrad {
                        namn: facts.members[m].namn.clone(),
                        parti: facts.members[m].parti.clone(),
                        rost,
                    })
                    .collect(),
                antal_ja: ja,
                antal_nej: nej,
                antal_avstar: avstar,
                utfall: outcome,
            });
            winning = winner.map(|(side, _)| side);
        }

        // Reservations: only those who took part in the decision.
        for r in &e.reservationer {
            let named = self.names(checker, &r.av);
            for (m, at) in &named {
                if !serving.contains(m) {
                    checker.problems.push(
                        Diagnostic::error(format!(
                            "{} deltog inte i beslutet vid § {nummer} och kan inte reservera sig",
                            self.name(*m)
                        ))
                        .at(at.clone())
                        .tips("bara den som deltog i beslutet kan reservera sig mot det"),
                    );
                } else if winning.is_some() && votes.get(m).copied() == winning {
                    checker.problems.push(
                        Diagnostic::warning(format!(
                            "{} reserverar sig vid § {nummer} men röstade för beslutet",
                            self.name(*m)
                        ))
                        .at(at.clone())
                        .tips("kontrollera röstlistan och reservationen"),
                    );
                }
            }
            let (skriftlig, fil) = match &r.fil {
                Some(fil) => match self.written_reservation(checker, fil) {
                    Some((text, path)) => (text, Some(path)),
                    None => (String::new(), None),
                },
                None => (String::new(), None),
            };
            if r.fil.is_none() && r.text.as_deref().unwrap_or("").trim().is_empty() {
                checker.problems.push(
                    Diagnostic::error(format!("reservationen vid § {nummer} saknar både `text` och `fil`"))
                        .at(location(path, &r.av))
                        .tips("skriv t.ex. `text: \"Till förmån för eget yrkande.\"`, eller `fil:` med en skriftlig reservation"),
                );
            }
            paragraf.reservationer.push(Reservation {
                av: join_names(named.iter().map(|(m, _)| self.name(*m))),
                text: r.text.as_deref().unwrap_or("").trim().to_owned(),
                skriftlig,
                fil,
            });
        }

        // Protokollsanteckningar: anyone who was there.
        for a in &e.protokollsanteckningar {
            let named = self.names(checker, &a.av);
            for (m, at) in &named {
                if !present.contains(m) {
                    checker.problems.push(
                        Diagnostic::error(format!(
                            "{} var inte på sammanträdet och kan inte lämna en protokollsanteckning vid § {nummer}",
                            self.name(*m)
                        ))
                        .at(at.clone())
                        .tips("en protokollsanteckning lämnas av någon som var närvarande; kontrollera namnet och `närvaro:`"),
                    );
                }
            }
            checker.markdown(path, &a.text, &facts.virtual_dir);
            paragraf.protokollsanteckningar.push(Anteckning {
                av: join_names(named.iter().map(|(m, _)| self.name(*m))),
                text: a.text.value.trim().to_owned(),
            });
        }
        paragraf
    }

    /// Reads a written reservation (Markdown) inside the project.
    fn written_reservation(
        &self,
        checker: &mut Checker,
        fil: &Spanned<String>,
    ) -> Option<(String, std::path::PathBuf)> {
        let resolved = checker.sandbox.resolve(&self.facts.meeting_dir, &fil.value);
        let path = match resolved {
            Ok(path) => path,
            Err(reason) => {
                checker.error_at(
                    self.path,
                    fil,
                    format!("reservationen kan inte läsas: {reason}"),
                    "ange en Markdown-fil i sammanträdesmappen, t.ex. `bilagor/reservation-m.md`",
                );
                return None;
            }
        };
        if !matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("md" | "markdown")
        ) {
            checker.error_at(
                self.path,
                fil,
                format!("`{}` är ingen Markdown-fil", fil.value),
                "en skriftlig reservation skrivs i Markdown (.md) och tas in i protokollet",
            );
            return None;
        }
        let relative = checker.sandbox.relative(&path).to_path_buf();
        let (text, _) = checker.markdown_file(&path, self.path, fil, &self.facts.virtual_dir)?;
        Some((text, relative))
    }

    /// The justering: within 14 days (Kommunallagen 5 kap. 69 §), by
    /// members who served, not the ordförande.
    fn justering(
        &self,
        checker: &mut Checker,
        p: &ProtokollFile,
        attendance: &Attendance,
        chair: usize,
    ) -> Vec<usize> {
        let meeting = self.facts.meeting_date;
        let datum = &p.justering.datum;
        let day = datum.value.0;
        let latest = calendar::deadline(meeting, 14);
        let after = (day - meeting).num_days();
        if day < meeting {
            checker.error_at(
                self.path,
                datum,
                format!(
                    "justeringen {} ligger före sammanträdet {}",
                    datum.value, self.packet.sammantrade.datum
                ),
                "rätta datumet",
            );
        } else if day > latest {
            let moved = if latest != meeting + chrono::Days::new(14) {
                format!(
                    " (den 14:e dagen är {}, så fristen går till nästa vardag)",
                    calendar::non_working(meeting + chrono::Days::new(14)).unwrap_or("en helgdag")
                )
            } else {
                String::new()
            };
            checker.error_at(
                self.path,
                datum,
                format!(
                    "protokollet justeras {}, {after} dagar efter sammanträdet; det ska justeras senast 14 dagar efter, {}{moved}",
                    datum.value,
                    conventions::iso_date(latest)
                ),
                &format!(
                    "justera senast {} (Kommunallagen 5 kap. 69 §)",
                    conventions::iso_date(latest)
                ),
            );
        }
        let mut out = Vec::new();
        for name in &p.justering.justerare {
            let at = location(self.path, name);
            let Some(m) = self.member(checker, name.value.trim(), at.clone()) else {
                continue;
            };
            if out.contains(&m) {
                checker.problems.push(
                    Diagnostic::error(format!("{} står två gånger bland justerarna", self.name(m)))
                        .at(at)
                        .tips("ta bort det ena namnet"),
                );
            } else if m == chair {
                checker.problems.push(
                    Diagnostic::error(format!(
                        "{} är ordförande och justerar redan protokollet",
                        self.name(m)
                    ))
                    .at(at)
                    .tips("utse en annan ledamot att justera tillsammans med ordföranden"),
                );
            } else if !attendance.serving.iter().any(|s| s.contains(&m)) {
                checker.problems.push(
                    Diagnostic::error(format!(
                        "{} tjänstgjorde inte vid sammanträdet och kan inte justera",
                        self.name(m)
                    ))
                    .at(at)
                    .tips("utse någon av dem som tjänstgjorde"),
                );
            } else {
                out.push(m);
            }
        }
        out
    }

    /// The anslag: up no later than the second day after the justering
    /// (Kommunallagen 8 kap. 12 §), and three weeks on the board.
    fn anslag(
        &self,
        checker: &mut Checker,
        p: &ProtokollFile,
        justerad: NaiveDate,
        paragrafer: &[Paragraf],
    ) -> Vec<Anslag> {
        let given = p.anslag.clone().unwrap_or_default();
        let forvaringsplats = given
            .forvaringsplats
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .unwrap_or(p.justering.plats.trim())
            .to_owned();
        let up = match &given.datum {
            Some(datum) => {
                let day = datum.value.0;
                let latest = calendar::deadline(justerad, 2);
                if day < justerad {
                    checker.error_at(
                        self.path,
                        datum,
                        format!(
                            "anslaget sätts upp {} före justeringen {}",
                            datum.value,
                            conventions::iso_date(justerad)
                        ),
                        "anslaget om justeringen sätts upp när protokollet är justerat",
                    );
                } else if day > latest {
                    checker.error_at(
                        self.path,
                        datum,
                        format!(
                            "anslaget sätts upp {}, {} dagar efter justeringen; det ska sättas upp senast andra dagen efter, {}",
                            datum.value,
                            (day - justerad).num_days(),
                            conventions::iso_date(latest)
                        ),
                        &format!(
                            "sätt upp anslaget senast {} (Kommunallagen 8 kap. 12 §), eller ta bort `datum:` så räknar verktyget ut dagen",
                            conventions::iso_date(latest)
                        ),
                    );
                }
                day
            }
            None => calendar::next_working_day(justerad),
        };
        let down_default = calendar::deadline(up, 21);
        let down = match &given.tas_ned {
            Some(datum) if datum.value.0 < down_default => {
                checker.error_at(
                    self.path,
                    datum,
                    format!(
                        "anslaget tas ned {}, men det ska sitta uppe tre veckor, till och med {}",
                        datum.value,
                        conventions::iso_date(down_default)
                    ),
                    "tiden för att överklaga är tre veckor från den dag anslaget sattes upp (Kommunallagen 13 kap. 5 §); ta bort `tas_ned:` så räknar verktyget ut dagen",
                );
                datum.value.0
            }
            Some(datum) => datum.value.0,
            None => down_default,
        };
        // A paragraph justerad at the meeting has its own anslag (and its
        // own time to appeal); the protokoll's anslag covers the rest.
        let all: Vec<u32> = paragrafer
            .iter()
            .filter(|p| !p.omedelbar_justering)
            .map(|p| p.nummer)
            .collect();
        let mut out = Vec::new();
        if !all.is_empty() {
            out.push(Anslag {
                rubrik: "Bevis om justering".into(),
                paragrafer: format_paragraphs(&all),
                justerad: conventions::iso_date(justerad),
                upp: conventions::iso_date(up),
                ned: conventions::iso_date(down),
                forvaringsplats: forvaringsplats.clone(),
                omedelbar: false,
                forsta: all.first().copied(),
            });
        }
        let immediate: Vec<u32> = paragrafer
            .iter()
            .filter(|p| p.omedelbar_justering)
            .map(|p| p.nummer)
            .collect();
        if !immediate.is_empty() {
            let meeting = self.facts.meeting_date;
            let up = calendar::next_working_day(meeting);
            out.insert(
                0,
                Anslag {
                    rubrik: "Bevis om omedelbar justering".into(),
                    paragrafer: format_paragraphs(&immediate),
                    justerad: conventions::iso_date(meeting),
                    upp: conventions::iso_date(up),
                    ned: conventions::iso_date(calendar::deadline(up, 21)),
                    forvaringsplats,
                    omedelbar: true,
                    forsta: immediate.first().copied(),
                },
            );
        }
        out
    }
}

/// "1 ja-röst", "6 ja-röster".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "A, B och C".
fn join_names(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} och {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

fn plural(count: usize, group: &str) -> String {
    let word = match group {
        "sekretess" => "sekretessärende",
        "information" => "informationsärende",
        _ => "beslutsärende",
    };
    if count == 1 {
        word.to_owned()
    } else {
        format!("{word}n")
    }
}

/// The abbreviation as part of a file name: letters and digits only.
fn file_safe(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_ranges_read_and_print() {
        assert_eq!(parse_paragraphs("155–162").unwrap().len(), 8);
        assert_eq!(
            parse_paragraphs("§§ 150, 152-153")
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>(),
            vec![150, 152, 153]
        );
        assert!(parse_paragraphs("ett par").is_none());
        assert!(parse_paragraphs("162–155").is_none());
        assert_eq!(format_paragraphs(&[121]), "§ 121");
        assert_eq!(format_paragraphs(&[121, 122, 123, 127]), "§§ 121–123, 127");
        assert_eq!(format_paragraphs(&[]), "");
    }

    #[test]
    fn names_join_with_och() {
        assert_eq!(join_names(["A".to_owned()].into_iter()), "A");
        assert_eq!(
            join_names(["A", "B", "C"].iter().map(|s| s.to_string())),
            "A, B och C"
        );
    }
}
