//! Stage 2, validate: the meeting itself. The nämnd and the sammanträde as
//! the templates see them, the ledamöter and ersättare, the § numbering
//! (continuing the nämnd's previous protokoll of the year) and the
//! ärenden listed in `sammantrade.yaml` (sekretess- and
//! informationsärenden).

use std::path::Path;

use super::checker::{Checker, key_location, location, person, text};
use super::types::{
    Grupprum, Informationsarende, Kontaktrad, Ledamot, Namnd, Sammantrade, Sekretessarende,
};
use crate::conventions;
use crate::error::{Diagnostic, Location};
use crate::load::{PreviousProtokoll, Sourced};
use crate::model::{self, NamndFile, SammantradeFile};

/// The nämnd as the templates see it.
pub(super) fn namnd(n: &NamndFile) -> Namnd {
    Namnd {
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
    }
}

/// The sammanträde as the templates see it; its time is checked (the
/// folder's name, its date, was checked when it was loaded).
pub(super) fn sammantrade(checker: &mut Checker, file: &Sourced<SammantradeFile>) -> Sammantrade {
    let s = &file.value;
    let date = s.datum.value.0;
    if !valid_time(&s.tid.value) {
        checker.error_at(
            &file.path,
            &s.tid,
            format!("`{}` är ingen klockslag", s.tid.value),
            "skriv tiden inom citattecken som \"13:30\", eller början och slut som \"13:30–16:00\"",
        );
    }
    Sammantrade {
        datum: conventions::iso_date(date),
        datumrad: conventions::meeting_date_line(date, &s.tid.value),
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
    }
}

/// The first § number of the meeting: its own `första_paragraf`, else the
/// one after the nämnd's previous protokoll of the year. Paragraphs are
/// numbered in meeting order: sekretessärenden, informationsärenden,
/// beslutsärenden (docs/sammantrade.md, "Paragrafnummer"). After an
/// earlier meeting of the year without a protokoll the numbers cannot be
/// counted on: they are
/// left blank unless written, and a written first number may well jump
/// over that meeting's paragraphs.
pub(super) fn first_paragraph(
    checker: &mut Checker,
    sammantrade: &Sourced<SammantradeFile>,
    previous: Option<&PreviousProtokoll>,
    unrecorded: &[String],
) -> Option<u32> {
    let written = sammantrade.value.forsta_paragraf;
    let first = written.or(previous
        .filter(|_| unrecorded.is_empty())
        .map(|p| p.last + 1));
    if let (Some(first), Some(previous)) = (written, previous)
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
    if written.is_none() && !unrecorded.is_empty() {
        checker.problems.push(
            Diagnostic::warning(unrecorded_message(unrecorded, previous))
                .at(Location::at(&sammantrade.path, 1, 1))
                .tips("skriv sammanträdets första paragrafnummer som `första_paragraf:` i sammantrade.yaml"),
        );
    }
    first
}

/// The sekretess- and informationsärenden of `sammantrade.yaml`, numbered
/// within their group, with their § numbers (`paragraf` of a position in
/// the meeting's order).
pub(super) fn listed(
    checker: &mut Checker,
    file: &Sourced<SammantradeFile>,
    paragraf: impl Fn(usize) -> Option<u32>,
) -> (Vec<Sekretessarende>, Vec<Informationsarende>) {
    let s = &file.value;
    for a in &s.sekretessarenden {
        checker.case_number(&file.path, &a.diarienummer, false);
        if let Some(handling) = &a.handling {
            checker.case_number(&file.path, handling, true);
        }
    }
    for number in s
        .informationsarenden
        .iter()
        .filter_map(|a| a.diarienummer.as_ref())
    {
        checker.case_number(&file.path, number, false);
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
    let offset = s.sekretessarenden.len();
    let informationsarenden = s
        .informationsarenden
        .iter()
        .enumerate()
        .map(|(i, a)| Informationsarende {
            nummer: i + 1,
            paragraf: paragraf(offset + i),
            rubrik: a.rubrik.trim().to_owned(),
            foredragande: text(&a.foredragande),
            diarienummer: a
                .diarienummer
                .as_ref()
                .map(|d| d.value.trim().to_owned())
                .unwrap_or_default(),
        })
        .collect();
    (sekretessarenden, informationsarenden)
}

/// The nämnd's name in the genitive: its own `genitiv`, else by the rule.
pub(crate) fn genitive_of(namnd: &NamndFile) -> String {
    namnd
        .genitiv
        .as_deref()
        .map(|g| g.trim().to_owned())
        .unwrap_or_else(|| conventions::genitive(&namnd.namn))
}

/// Why paragraph numbers cannot be counted on: earlier meetings of the
/// year have no `protokoll.yaml`.
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

/// What is wrong when a first § number does not follow the previous
/// protokoll: a collision or a gap.
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
pub(crate) fn members(path: &Path, namnd: &NamndFile) -> Vec<Ledamot> {
    let member = |m: &model::LedamotEntry, ledamot: bool| Ledamot {
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

/// "13:30", "9.00", or a start and an end: "13:30–16:00" (the end after
/// the start).
fn valid_time(time: &str) -> bool {
    let clock = |text: &str| {
        chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
            .or_else(|_| chrono::NaiveTime::parse_from_str(text.trim(), "%H.%M"))
            .ok()
    };
    match time.split_once(['–', '-', '—']) {
        Some((start, end)) => matches!((clock(start), clock(end)), (Some(s), Some(e)) if e > s),
        None => clock(time).is_some(),
    }
}
