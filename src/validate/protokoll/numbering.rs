//! Stage 2, validate, for the protokoll: the § numbers. The meeting's
//! order of paragraphs (its [`Slot`]s), the first § number (continuing
//! the nämnd's previous protokoll of the year), the paragraph keys of
//! `paragrafer:` (`beslut/3`) and § ranges as written and printed.

use std::collections::{BTreeMap, BTreeSet};

use super::ProtokollCheck;
use crate::error::{Diagnostic, Location};
use crate::model::{ParagrafFile, ProtokollFile, Spanned};
use crate::validate::checker::{Checker, key_location};
use crate::validate::meeting::{paragraph_continuity, unrecorded_message};
use crate::validate::types::Packet;

/// The meeting's paragraphs in order: sekretessärenden, informationsärenden
/// and beslutsärenden of the kallelse, then the extra ärenden.
pub(super) fn slots(packet: &Packet, p: &ProtokollFile) -> Vec<Slot> {
    let mut slots: Vec<Slot> = Vec::new();
    slots.extend((0..packet.sekretessarenden.len()).map(Slot::Sekretess));
    slots.extend((0..packet.informationsarenden.len()).map(Slot::Information));
    slots.extend((0..packet.arenden.len()).map(Slot::Beslut));
    slots.extend((0..p.extra_arenden.len()).map(Slot::Extra));
    slots
}

/// A group of the ärendelista: its key word, how many ärenden it has, and
/// the slot of its n-th ärende.
pub(super) type Group = (&'static str, usize, fn(usize) -> Slot);

/// One slot of the meeting's order: what a paragraph records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Sekretess(usize),
    Information(usize),
    Beslut(usize),
    Extra(usize),
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
pub(super) fn reversed_range(text: &str) -> bool {
    text.replace('§', " ").split([',', ';']).any(|part| {
        part.split_once(['–', '-', '—']).is_some_and(|(a, b)| {
            matches!((a.trim().parse::<u32>(), b.trim().parse::<u32>()), (Ok(a), Ok(b)) if b < a)
        })
    })
}

/// Parses paragraph numbers as written: `155`, `"155–162"`, `"§§ 150, 152–153"`.
pub(super) fn parse_paragraphs(text: &str) -> Option<BTreeSet<u32>> {
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

impl ProtokollCheck<'_> {
    /// The first § number of the protokoll: its own `första_paragraf`, else
    /// the meeting's; either must continue the nämnd's previous protokoll
    /// of the year (here an error, for the protokoll is the record).
    pub(super) fn first_number(&self, checker: &mut Checker, p: &ProtokollFile) -> u32 {
        let facts = self.facts;
        let path = self.path;
        let Some(first) = &p.forsta_paragraf else {
            return self.meeting_first_number(checker);
        };
        // Over an earlier meeting without a protokoll only a collision
        // can be seen: that meeting's paragraphs come in between.
        if let Some(previous) = &facts.previous_protokoll
            && (first.value <= previous.last
                || (facts.unrecorded.is_empty() && first.value != previous.last + 1))
        {
            checker.error_at(
                path,
                first,
                paragraph_continuity(first.value, previous),
                &format!(
                    "nämndens paragrafer numreras i löpande följd under året; skriv `första_paragraf: {}` eller ta bort raden",
                    previous.last + 1
                ),
            );
        }
        if first.value == 0 {
            checker.error_at(
                path,
                first,
                "§ 0 finns inte".to_owned(),
                "paragraferna numreras från 1",
            );
        }
        first.value
    }

    /// The first § number from `sammantrade.yaml` or the previous protokoll.
    fn meeting_first_number(&self, checker: &mut Checker) -> u32 {
        let facts = self.facts;
        let first = facts.forsta_paragraf.unwrap_or(1);
        let uncounted = !facts.unrecorded.is_empty() && !facts.forsta_paragraf_given;
        if uncounted {
            checker.problems.push(
                Diagnostic::error(unrecorded_message(&facts.unrecorded, facts.previous_protokoll.as_ref()))
                    .at(Location::at(self.path, 1, 1))
                    .tips("skriv protokollets första paragrafnummer som `första_paragraf:` överst i protokoll.yaml"),
            );
        }
        let sammantrade = checker
            .sandbox
            .relative(&facts.meeting_dir.join("sammantrade.yaml"))
            .to_path_buf();
        if let Some(previous) = &facts.previous_protokoll
            && !uncounted
            && (first <= previous.last
                || (facts.unrecorded.is_empty() && first != previous.last + 1))
        {
            checker.problems.push(
                Diagnostic::error(paragraph_continuity(first, previous))
                    .at(key_location(checker.sandbox.root(), &sammantrade, "första_paragraf"))
                    .tips(format!(
                        "nämndens paragrafer numreras i löpande följd under året; ta bort `första_paragraf` ur sammantrade.yaml så blir första paragrafen § {}",
                        previous.last + 1
                    )),
            );
        }
        if first == 0 {
            checker.problems.push(
                Diagnostic::error("§ 0 finns inte")
                    .at(Location::file(sammantrade))
                    .tips("paragraferna numreras från 1"),
            );
        }
        first
    }

    /// The entry of `paragrafer:` (or `extra_ärenden:`) for each position
    /// in the meeting's order that has one.
    pub(super) fn entries<'p>(
        &self,
        checker: &mut Checker,
        p: &'p ProtokollFile,
        slots: &[Slot],
    ) -> BTreeMap<usize, &'p ParagrafFile> {
        let mut named: BTreeMap<usize, (&Spanned<String>, &ParagrafFile)> = BTreeMap::new();
        for (key, entry) in &p.paragrafer.0 {
            if let Some(position) = self.slot_of(checker, key, slots)
                && let Some((earlier, _)) = named.insert(position, (key, entry))
            {
                checker.error_at(
                    self.path,
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
        let mut entries: BTreeMap<usize, &ParagrafFile> = named
            .into_iter()
            .map(|(position, (_, e))| (position, e))
            .collect();
        for (position, slot) in slots.iter().enumerate() {
            if let Slot::Extra(i) = slot
                && let Some(extra) = p.extra_arenden.get(*i)
            {
                entries.insert(position, extra);
            }
        }
        entries
    }

    /// The slot a paragraph key (`beslut/3`) names.
    pub(super) fn slot_of(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::protokoll::members::join_names;

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
