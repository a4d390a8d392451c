//! Stage 2, validate, for the protokoll: `protokoll.yaml` is checked against
//! the meeting's [`Packet`] and the nämnd's members, and turned into a
//! [`Protokoll`]: every paragraph in meeting order with its number, text
//! source, decision and vote; who served at each paragraph; the justering
//! and the anslag dates. The rules of Kommunallagen that can be checked are
//! checked here (docs/protokoll.md, "Vad kontrolleras").
//!
//! Split by what is checked, all sharing one [`ProtokollCheck`]: the §
//! numbers and paragraph keys ([`numbering`]), names ([`members`]), who was
//! there and who served ([`attendance`]), quorum and jäv ([`quorum`]), each
//! paragraph's decision, yrkanden, vote, reservations and anteckningar
//! ([`paragraph`], [`vote`]), the justering and the anslag ([`justering`]),
//! and the lists of participants ([`participants`]); the types handed on
//! are in [`types`].

mod attendance;
mod justering;
mod members;
mod numbering;
mod paragraph;
mod participants;
mod quorum;
mod types;
mod vote;

pub use numbering::format_paragraphs;
pub use types::*;

use std::path::Path;

use super::checker::CasePattern;
use super::checker::{Checker, location, person};
use super::types::{Facts, Packet, Person};
use crate::conventions;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::{Sandbox, Sourced};
use crate::model::{ParagrafFile, ProtokollFile};

/// The checks, with what they all need.
struct ProtokollCheck<'a> {
    packet: &'a Packet,
    facts: &'a Facts,
    /// `protokoll.yaml`, relative to the project root.
    path: &'a Path,
    /// How many ledamöter the nämnd has (quorum is more than half).
    ledamoter: usize,
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
}

/// Checks `protokoll.yaml` and computes the protokoll of the meeting.
pub fn validate(
    sandbox: &Sandbox,
    packet: &Packet,
    facts: &Facts,
    file: Sourced<ProtokollFile>,
) -> Result<Protokoll> {
    let Sourced { path, value: p } = file;
    let cases = CasePattern::new(
        &packet.namnd.forkortning,
        facts.diarienummer_monster.as_deref(),
    );
    let mut checker = Checker::new(sandbox, cases.ok());
    let check = ProtokollCheck {
        packet,
        facts,
        path: &path,
        ledamoter: facts.members.iter().filter(|m| m.ledamot).count(),
    };
    if check.ledamoter == 0 {
        return Err(Error::input(
            Diagnostic::error("nämndens ledamöter saknas; protokollet kan inte kontrolleras utan dem")
                .at(Location::file(facts.kallor[0].clone()))
                .tips("lägg till `ledamöter:` och `ersättare:` i namnd.yaml, t.ex. `- { namn: Karin Lindqvist, parti: S, uppdrag: ordförande }`"),
        ));
    }
    check.duplicate_members(&mut checker);

    let slots = numbering::slots(packet, &p);
    let forsta = check.first_number(&mut checker, &p);
    let sista = (forsta + slots.len() as u32).saturating_sub(1);
    let entries = check.entries(&mut checker, &p, &slots);
    let attendance = check.attendance(&mut checker, &p.narvaro, slots.len(), forsta);
    let chair = check.chair(&mut checker, &p, &attendance);
    let meeting = paragraph::Meeting {
        protokoll: &p,
        attendance: &attendance,
        chair: &chair,
        forsta,
    };
    let paragrafer = check.paragraphs(&mut checker, &meeting, &slots, &entries);

    let justerare = check.justering(&mut checker, &p, &attendance, chair.0);
    let justerad = p.justering.datum.value.0;
    let anslag_basis = AnslagBasis {
        meeting_date: facts.meeting_date,
        given: p.anslag.clone().unwrap_or_default(),
        plats: p.justering.plats.trim().to_owned(),
    };
    let anslag = justering::anslag(&mut checker, &path, &anslag_basis, justerad, &paragrafer);
    let written = paragrafer
        .iter()
        .flat_map(|p| &p.reservationer)
        .filter_map(|r| r.fil.as_deref());
    let masked = super::masks::check_files(
        sandbox.root(),
        std::iter::once(path.as_path()).chain(written),
    );
    checker.problems.extend(masked);
    let warnings = checker.finish()?;

    let people = check.participants(&attendance, chair.0, &justerare, slots.len(), forsta);
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
        ordforande: people.ordforande,
        beslutande: people.beslutande,
        ovriga_ersattare: people.ovriga_ersattare,
        ovriga: others_present(&p.narvaro.ovriga, &packet.namnd.sekreterare),
        franvarande: people.franvarande,
        justerare: people.justerare,
        justering: Justering {
            datum: conventions::iso_date(justerad),
            datum_ord: conventions::date_in_words(justerad),
            plats: p.justering.plats.trim().to_owned(),
            tid: p.justering.tid.as_deref().unwrap_or("").trim().to_owned(),
        },
        sekreterare: packet.namnd.sekreterare.clone(),
        mottagare: justering::recipients(&paragrafer),
        paragrafer,
        anslag,
        digital_justering: None,
        bas: facts.virtual_dir.clone(),
        kalla: path.clone(),
        warnings,
        anslag_basis,
    })
}

/// The provision a secret paragraph is withheld under: its own `lagrum`,
/// else the nämnd's `sekretess_lagrum`, else the law itself.
fn secrecy_provision(e: &ParagrafFile, facts: &Facts) -> String {
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
fn others_present(written: &[crate::model::PersonEntry], sekreterare: &Person) -> Vec<Person> {
    let mut out: Vec<Person> = written.iter().map(person).collect();
    if !out.iter().any(|p| p.namn.trim() == sekreterare.namn.trim()) {
        out.push(sekreterare.clone());
    }
    out
}
