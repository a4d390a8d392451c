//! Stage 2, validate, for the protokoll: quorum and jäv. More than half of
//! the ledamöter must take part in every decision (Kommunallagen 6 kap.
//! 28 §); a jävig member does not take part.

use std::collections::BTreeSet;

use super::ProtokollCheck;
use super::attendance::Attendance;
use super::numbering::format_paragraphs;
use crate::error::{Diagnostic, Location};
use crate::model::{ParagrafFile, ProtokollFile};
use crate::validate::checker::{Checker, location};

impl ProtokollCheck<'_> {
    /// More than half of the ledamöter must take part in every decision
    /// (Kommunallagen 6 kap. 28 §).
    pub(super) fn quorum(
        &self,
        checker: &mut Checker,
        nummer: u32,
        serving: &BTreeSet<usize>,
        before_jav: &BTreeSet<usize>,
        entry: Option<&ParagrafFile>,
    ) -> bool {
        let ledamoter = self.ledamoter;
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

    /// Too few serving at every paragraph: one error for the meeting, at
    /// the attendance, instead of one per paragraph.
    pub(super) fn never_quorate(
        &self,
        checker: &mut Checker,
        p: &ProtokollFile,
        attendance: &Attendance,
        slots: usize,
    ) -> bool {
        let ledamoter = self.ledamoter;
        let never = slots > 0
            && (0..slots).all(|position| attendance.serving[position].len() * 2 <= ledamoter);
        if !never {
            return false;
        }
        let most = (0..slots)
            .map(|position| attendance.serving[position].len())
            .max()
            .unwrap_or(0);
        let at = p.narvaro.franvarande.first().map_or_else(
            || Location::file(self.path),
            |name| location(self.path, name),
        );
        checker.problems.push(
            Diagnostic::error(format!(
                "nämnden är inte beslutsför: högst {most} av {ledamoter} ledamöter tjänstgör; mer än hälften, minst {}, måste delta",
                ledamoter / 2 + 1
            ))
            .at(at)
            .tips("kontrollera `närvaro:`: frånvarande ledamöter och tjänstgörande ersättare (Kommunallagen 6 kap. 28 §)"),
        );
        true
    }

    /// Paragraphs where too few served (not for jäv): one error for them
    /// all, where a ledamot left without an ersättare: at the ersättare
    /// who served part of the meeting, else at the list of the absent.
    pub(super) fn too_few(&self, checker: &mut Checker, p: &ProtokollFile, numbers: &[u32]) {
        let path = self.path;
        let at = p
            .narvaro
            .tjanstgorande_ersattare
            .iter()
            .find_map(|t| t.paragrafer.as_ref().map(|r| location(path, r)))
            .or_else(|| p.narvaro.franvarande.first().map(|n| location(path, n)))
            .unwrap_or_else(|| Location::file(path));
        checker.problems.push(
            Diagnostic::error(format!(
                "nämnden är inte beslutsför vid {}: för få ledamöter tjänstgör; mer än hälften, minst {}, måste delta",
                format_paragraphs(numbers),
                self.ledamoter / 2 + 1
            ))
            .at(at)
            .tips("låt en ersättare tjänstgöra för varje frånvarande ledamot under hela sammanträdet (`tjänstgörande_ersättare:`), eller kontrollera `paragrafer:` (Kommunallagen 6 kap. 28 §)"),
        );
    }

    /// The members disqualified (jäviga) at a paragraph; a jäv of someone
    /// who did not serve there is a warning.
    pub(super) fn jav(
        &self,
        checker: &mut Checker,
        entry: Option<&ParagrafFile>,
        attendance: &Attendance,
        position: usize,
        nummer: u32,
    ) -> BTreeSet<usize> {
        let path = self.path;
        let mut jav = BTreeSet::new();
        let Some(entry) = entry else { return jav };
        for name in &entry.jav {
            let Some(member) = self.member(checker, name.value.trim(), location(path, name)) else {
                continue;
            };
            // A ledamot whose seat an ersättare took at this paragraph
            // (because of the jäv) is where the jäv belongs.
            let seat_taken = attendance.substitutes.iter().any(|(_, replaced, only)| {
                *replaced == member && only.as_ref().is_none_or(|n| n.contains(&nummer))
            });
            if !attendance.serving[position].contains(&member) && !seat_taken {
                checker.problems.push(
                    Diagnostic::warning(format!(
                        "{} anmäler jäv vid § {nummer} men tjänstgjorde inte där",
                        self.name(member)
                    ))
                    .at(location(path, name))
                    .tips("jäv behöver bara antecknas för den som annars hade deltagit i beslutet"),
                );
            }
            jav.insert(member);
        }
        jav
    }
}
