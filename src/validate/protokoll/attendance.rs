//! Stage 2, validate, for the protokoll: attendance. Who was absent, who
//! was there for some paragraphs, which ersättare served in which seat and
//! when, and who chaired; from these, who serves at each paragraph.

use std::collections::{BTreeMap, BTreeSet};

use super::ProtokollCheck;
use super::numbering::{format_paragraphs, parse_paragraphs, reversed_range};
use crate::error::{Diagnostic, Location};
use crate::model::{self, ProtokollFile};
use crate::validate::checker::{Checker, location};
use crate::validate::types::Ledamot;

/// Who serves in each ledamot's seat at each paragraph.
pub(super) struct Attendance {
    /// Ledamot indices serving at each paragraph (before jäv), by position
    /// in the paragraph list.
    pub serving: Vec<BTreeSet<usize>>,
    /// Ledamöter present at all (not listed as frånvarande).
    pub present: BTreeSet<usize>,
    /// Ersättare serving: (member, replaced ledamot, paragraph positions or
    /// all).
    pub substitutes: Vec<(usize, usize, Option<BTreeSet<u32>>)>,
    /// Ersättare present without serving.
    pub others: BTreeSet<usize>,
}

impl Attendance {
    /// Everyone at the meeting: ledamöter not absent and every ersättare
    /// listed as serving or present.
    pub(super) fn everyone(&self) -> BTreeSet<usize> {
        self.present
            .iter()
            .chain(&self.others)
            .copied()
            .chain(self.substitutes.iter().map(|(e, _, _)| *e))
            .collect()
    }
}

/// An ersättare serving in a ledamot's seat: (ersättare, ledamot, the
/// paragraphs or all, where it is written).
type Substitute = (usize, usize, Option<BTreeSet<u32>>, Location);

impl ProtokollCheck<'_> {
    /// Who was there, and who serves at each paragraph.
    pub(super) fn attendance(
        &self,
        checker: &mut Checker,
        narvaro: &model::Narvaro,
        slots: usize,
        forsta: u32,
    ) -> Attendance {
        let present = self.present(checker, narvaro);
        let range = (forsta, forsta + slots as u32 - 1);
        let partly = self.partly(checker, narvaro, &present, range);
        let substitutes = self.substitutes(checker, narvaro, &present, range);
        self.overlapping_seats(checker, &substitutes);
        let serving = (0..slots)
            .map(|position| {
                seats(
                    &self.facts.members,
                    forsta + position as u32,
                    &present,
                    &partly,
                    &substitutes,
                )
            })
            .collect();
        let others = self.other_substitutes(checker, narvaro, &substitutes);
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

    /// The ledamöter not listed as frånvarande.
    fn present(&self, checker: &mut Checker, narvaro: &model::Narvaro) -> BTreeSet<usize> {
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
        present
    }

    /// Ledamöter there at some paragraphs only.
    fn partly(
        &self,
        checker: &mut Checker,
        narvaro: &model::Narvaro,
        present: &BTreeSet<usize>,
        (forsta, last): (u32, u32),
    ) -> BTreeMap<usize, BTreeSet<u32>> {
        let members = &self.facts.members;
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
        partly
    }

    /// The ersättare serving, each in a ledamot's seat.
    fn substitutes(
        &self,
        checker: &mut Checker,
        narvaro: &model::Narvaro,
        present: &BTreeSet<usize>,
        (forsta, last): (u32, u32),
    ) -> Vec<Substitute> {
        let members = &self.facts.members;
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
        substitutes
    }

    /// Two ersättare in one seat, or one ersättare in two seats, at once.
    fn overlapping_seats(&self, checker: &mut Checker, substitutes: &[Substitute]) {
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
    }

    /// Ersättare present without serving (all of the meeting).
    fn other_substitutes(
        &self,
        checker: &mut Checker,
        narvaro: &model::Narvaro,
        substitutes: &[Substitute],
    ) -> BTreeSet<usize> {
        let members = &self.facts.members;
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
        others
    }

    /// Who chaired: `ordförande:` in `protokoll.yaml`, else the ledamot
    /// whose uppdrag is ordförande, else the nämnd's ordförande.
    pub(super) fn chair(
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
}

/// The members serving in the ledamöter's seats at paragraph `nummer`.
fn seats(
    members: &[Ledamot],
    nummer: u32,
    present: &BTreeSet<usize>,
    partly: &BTreeMap<usize, BTreeSet<u32>>,
    substitutes: &[Substitute],
) -> BTreeSet<usize> {
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
}
