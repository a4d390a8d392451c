//! Stage 2, validate, for the protokoll: the lists of participants as the
//! protokoll prints them. Ledamöter and serving ersättare (with the
//! paragraphs they served at, when not all), ersättare who did not serve,
//! the absent, the justerare and the ordförande.

use std::collections::BTreeSet;

use super::ProtokollCheck;
use super::attendance::Attendance;
use super::numbering::format_paragraphs;
use super::types::Deltagare;

/// The participants of the protokoll, as printed.
pub(super) struct Participants {
    pub ordforande: Deltagare,
    pub beslutande: Vec<Deltagare>,
    pub ovriga_ersattare: Vec<Deltagare>,
    pub franvarande: Vec<Deltagare>,
    pub justerare: Vec<Deltagare>,
}

impl ProtokollCheck<'_> {
    /// A member as the protokoll names them, with a role and paragraphs.
    fn deltagare(&self, member: usize, roll: String, paragrafer: String) -> Deltagare {
        let m = &self.facts.members[member];
        let mut text = self.name(member);
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
    }

    /// Everyone the protokoll lists, from the checked attendance.
    pub(super) fn participants(
        &self,
        attendance: &Attendance,
        chair: usize,
        justerare: &[usize],
        slots: usize,
        forsta: u32,
    ) -> Participants {
        let members = &self.facts.members;
        let mut beslutande = Vec::new();
        for (index, member) in members.iter().enumerate() {
            if member.ledamot && attendance.present.contains(&index) {
                let served: Vec<u32> = (0..slots)
                    .filter(|&i| attendance.serving[i].contains(&index))
                    .map(|i| forsta + i as u32)
                    .collect();
                let roll = if index == chair {
                    "ordförande".to_owned()
                } else {
                    member.uppdrag.clone()
                };
                let part = if served.len() == slots {
                    String::new()
                } else {
                    format_paragraphs(&served)
                };
                beslutande.push(self.deltagare(index, roll, part));
            }
        }
        for (ersattare, ledamot, only) in seats(attendance) {
            let roll = format!("ersättare för {}", self.name(ledamot));
            let part = match only {
                Some(numbers) => format_paragraphs(&numbers.into_iter().collect::<Vec<_>>()),
                None => String::new(),
            };
            beslutande.push(self.deltagare(ersattare, roll, part));
        }
        let franvarande = members
            .iter()
            .enumerate()
            .filter(|(i, m)| m.ledamot && !attendance.present.contains(i))
            .map(|(i, m)| self.deltagare(i, m.uppdrag.clone(), String::new()))
            .collect();
        // An ersättare who served some paragraphs is listed among those who
        // decided, with the paragraphs, not among those who did not serve.
        let ovriga_ersattare = attendance
            .others
            .iter()
            .filter(|i| !attendance.substitutes.iter().any(|(e, _, _)| e == *i))
            .map(|&i| self.deltagare(i, String::new(), String::new()))
            .collect();
        Participants {
            ordforande: self.deltagare(chair, "ordförande".into(), String::new()),
            beslutande,
            ovriga_ersattare,
            franvarande,
            justerare: justerare
                .iter()
                .map(|&i| self.deltagare(i, String::new(), String::new()))
                .collect(),
        }
    }
}

/// One line per ersättare and seat, however many rows name them.
fn seats(attendance: &Attendance) -> Vec<(usize, usize, Option<BTreeSet<u32>>)> {
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
    seats
}
