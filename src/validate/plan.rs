//! Validate stage, the nämnd's plan as an ärende writes it: the items it
//! gives (its `uppdrag`, and the rows of the uppföljning tables of its
//! bilagor marked `uppföljning: ja`) and the items it reports back
//! (`återrapporterar`). Whether the ids it reports exist, and at which
//! meeting each item is due, needs the nämnd's other meetings: that is
//! the [`crate::plan`] stage.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::checker::{Checker, location};
use super::types::{Bilaga, BilagaTyp, Due, ItemRef, PlanItem};
use crate::error::{Diagnostic, Location};
use crate::markdown::followup_tables;
use crate::model::{ArendeFile, Aterrapport, JaNej};

/// What an ärende of a meeting that does not validate (a draft with
/// fields still to fill in) gives to and reports in the plan, as far as it
/// can be read: the same reading as a valid ärende's, its problems left to
/// `kontrollera`. `file` is relative to the project root.
pub fn plan_of_draft(
    sandbox: &crate::load::Sandbox,
    file: &Path,
    a: &ArendeFile,
    meeting_dir: &Path,
) -> (Vec<PlanItem>, Vec<ItemRef>) {
    let mut checker = Checker::new(sandbox, None);
    let bilagor: Vec<Bilaga> = a
        .bilagor
        .iter()
        .enumerate()
        .filter(|(_, b)| b.uppfoljning == Some(JaNej::Ja))
        .filter_map(|(i, b)| {
            super::attachments::check_bilaga(&mut checker, i + 1, file, b, meeting_dir)
        })
        .collect();
    let items = planpunkter(&mut checker, file, a, &bilagor);
    (items, hanvisningar(&mut checker, file, a))
}

/// The items of the plan that an ärende gives, in file order: its uppdrag,
/// then the rows of its bilagor's uppföljning tables.
pub(super) fn planpunkter(
    checker: &mut Checker,
    file: &Path,
    a: &ArendeFile,
    bilagor: &[Bilaga],
) -> Vec<PlanItem> {
    let dnr = a.diarienummer.value.trim();
    let kalla = crate::load::virtual_path(file);
    let mut items = Vec::new();
    for (n, uppdrag) in a.uppdrag.iter().enumerate() {
        let due = match uppdrag.aterrapport.value {
            Aterrapport::Dag(day) => Due::Days(vec![day]),
            Aterrapport::Manad(year, month) => Due::Month(year, month),
        };
        let text = uppdrag.text.value.trim();
        items.push(PlanItem {
            id: format!("{dnr}:uppdrag-{}", n + 1),
            rubrik: capitalized(text),
            beskrivning: match uppdrag.till.as_deref().map(str::trim) {
                Some(till) if !till.is_empty() => format!("Uppdrag till {till}."),
                _ => String::new(),
            },
            slutdatum: match uppdrag.aterrapport.value {
                Aterrapport::Dag(day) => Some(day),
                Aterrapport::Manad(..) => None,
            },
            due,
            kalla: kalla.clone(),
            rad: uppdrag.text.referenced.line() as usize,
            publiceras: a.publiceras,
        });
    }
    for (entry, bilaga) in a.bilagor.iter().enumerate().filter_map(|(i, entry)| {
        bilagor
            .iter()
            .find(|b| b.nummer == i + 1)
            .map(|bilaga| (entry, bilaga))
    }) {
        if entry.uppfoljning != Some(JaNej::Ja) {
            continue;
        }
        if bilaga.typ == BilagaTyp::Pdf {
            checker.error_at(
                file,
                &entry.fil,
                format!("`uppföljning: ja` på PDF-bilagan `{}`: uppföljningstabeller läses bara ur Markdown-bilagor", entry.fil.value),
                "skriv överenskommelsen i Markdown, eller ta bort `uppföljning: ja`",
            );
            continue;
        }
        items.extend(followup_items(
            checker,
            file,
            entry,
            bilaga,
            dnr,
            a.publiceras,
        ));
    }
    items
}

/// The items of one bilaga's uppföljning tables.
fn followup_items(
    checker: &mut Checker,
    file: &Path,
    entry: &crate::model::BilagaEntry,
    bilaga: &Bilaga,
    dnr: &str,
    published: bool,
) -> Vec<PlanItem> {
    let (rows, problems) = followup_tables(&bilaga.text, bilaga.egen_numrering);
    let source = Path::new(&bilaga.fil);
    for problem in problems {
        checker.problems.push(
            Diagnostic::error(problem.message)
                .at(Location::at(source, problem.line, 1))
                .tips(problem.tips),
        );
    }
    if rows.is_empty() {
        checker.problems.push(
            Diagnostic::warning(format!(
                "bilagan `{}` har `uppföljning: ja` men ingen uppföljningstabell",
                entry.fil.value
            ))
            .at(location(file, &entry.fil))
            .tips("en uppföljningstabell har kolumnerna `| Titel | Beskrivning | Slutdatum |`; ta bort `uppföljning: ja` om bilagan inte har någon"),
        );
    }
    let mut items = Vec::new();
    for row in rows {
        let at = Location::at(source, row.line, 1);
        let slutdatum = match read_day(&row.slutdatum) {
            Ok(day) => day,
            Err(()) => {
                checker.problems.push(
                    Diagnostic::error(format!("slutdatumet `{}` är inget datum", row.slutdatum))
                        .at(at)
                        .tips("skriv slutdatumet som ÅÅÅÅ-MM-DD, t.ex. 2026-05-14"),
                );
                continue;
            }
        };
        let named = meeting_days(&row.beskrivning, slutdatum);
        let due = match (named.is_empty(), slutdatum) {
            (false, _) => Due::Days(named),
            (true, Some(_)) => Due::AfterSlutdatum,
            (true, None) => {
                checker.problems.push(
                    Diagnostic::error(format!(
                        "raden \"{}\" har varken slutdatum eller ett sammanträde i beskrivningen",
                        row.titel
                    ))
                    .at(at)
                    .tips("skriv ett slutdatum (ÅÅÅÅ-MM-DD), så redovisas punkten på första sammanträdet därefter"),
                );
                continue;
            }
        };
        items.push(PlanItem {
            id: format!("{dnr}:{}-{}", row.number, row.row),
            rubrik: row.titel,
            beskrivning: row.beskrivning,
            slutdatum,
            due,
            kalla: bilaga.fil.clone(),
            rad: row.line,
            publiceras: published && bilaga.publiceras,
        });
    }
    items
}

/// The ids an ärende reports back, each with where it is written.
pub(super) fn hanvisningar(checker: &mut Checker, file: &Path, a: &ArendeFile) -> Vec<ItemRef> {
    let mut found = Vec::new();
    for id in &a.aterrapporterar {
        let trimmed = id.value.trim();
        if trimmed.is_empty() {
            checker.error_at(
                file,
                id,
                "ett tomt id i `återrapporterar`".into(),
                "skriv punktens id som `kallelse plan` visar det, t.ex. SN25/80:4.1.4-1",
            );
            continue;
        }
        found.push(ItemRef {
            id: trimmed.to_owned(),
            rad: id.referenced.line() as usize,
            kolumn: id.referenced.column() as usize,
        });
    }
    found
}

/// A Slutdatum cell: empty, or a day `ÅÅÅÅ-MM-DD` (or "14 maj 2026").
fn read_day(text: &str) -> Result<Option<NaiveDate>, ()> {
    let text = text.trim().trim_end_matches('.');
    if text.is_empty() || text == "-" || text == "–" {
        return Ok(None);
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Some(day));
    }
    match named_days(text, 0).as_slice() {
        [day] if day.year() != 0 => Ok(Some(*day)),
        _ => Err(()),
    }
}

/// A day named in running text.
struct Named {
    day: u32,
    month: u32,
    /// The year, when the text writes it.
    year: Option<i32>,
    /// Whether "den" or "sammanträde(t)" goes before it: the meeting.
    marked: bool,
}

/// The days named in running text ("den 4 juni", "23 april", "17
/// september 2027.").
fn named(text: &str) -> Vec<Named> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut found = Vec::new();
    for (i, pair) in words.windows(2).enumerate() {
        let Ok(day) = pair[0].parse::<u32>() else {
            continue;
        };
        let Some(month) = crate::conventions::MONTHS
            .iter()
            .position(|m| *m == pair[1])
        else {
            continue;
        };
        let year = words
            .get(i + 2)
            .filter(|w| w.len() == 4)
            .and_then(|w| w.parse::<i32>().ok());
        let before = i
            .checked_sub(1)
            .and_then(|b| words.get(b))
            .map(String::as_str);
        let marked = matches!(
            before,
            Some("den" | "sammanträde" | "sammanträdet" | "nämndsammanträdet")
        );
        found.push(Named {
            day,
            month: month as u32 + 1,
            year,
            marked,
        });
    }
    found
}

/// The days named in running text, in `year` unless the text writes one.
pub fn named_days(text: &str, year: i32) -> Vec<NaiveDate> {
    named(text)
        .iter()
        .filter_map(|n| NaiveDate::from_ymd_opt(n.year.unwrap_or(year), n.month, n.day))
        .collect()
}

/// The days a Beskrivning names as the meeting an item is reported at,
/// best first: those after "den" or "sammanträde(t)" before the others.
/// A day without its year is in the Slutdatum's year, or the next when
/// that puts it more than half a year before the Slutdatum (a December
/// Slutdatum and "den 28 januari"); days before the Slutdatum are
/// periods reported on, not the meeting. Without a Slutdatum only days
/// that write their year count.
fn meeting_days(text: &str, slutdatum: Option<NaiveDate>) -> Vec<NaiveDate> {
    let mut days: Vec<(bool, NaiveDate)> = named(text)
        .iter()
        .filter_map(|n| {
            let year = n.year.or(slutdatum.map(|s| s.year()))?;
            let mut date = NaiveDate::from_ymd_opt(year, n.month, n.day)?;
            if let Some(slut) = slutdatum
                && n.year.is_none()
                && (slut - date).num_days() > 183
            {
                date = NaiveDate::from_ymd_opt(year + 1, n.month, n.day)?;
            }
            let after_slut = slutdatum.is_none_or(|slut| date >= slut);
            after_slut.then_some((!n.marked, date))
        })
        .collect();
    // Marked days first, in the order written.
    days.sort_by_key(|(unmarked, _)| *unmarked);
    days.into_iter().map(|(_, date)| date).collect()
}

/// `text` with its first letter in upper case, as a title.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn days_named_in_different_ways() {
        assert_eq!(
            named_days(
                "Muntlig och skriftlig redovisning till nämndens sammanträde den 4 juni.",
                2026
            ),
            [day(2026, 6, 4)]
        );
        assert_eq!(named_days("Redovisas 23 april", 2026), [day(2026, 4, 23)]);
        assert_eq!(
            named_days("…vid sammanträdet 17 september.", 2026),
            [day(2026, 9, 17)]
        );
        assert_eq!(named_days("den 28 januari 2027", 2026), [day(2027, 1, 28)]);
        assert!(named_days("Redovisas i delårsrapporten, 2 gånger per år", 2026).is_empty());
        assert_eq!(read_day("2026-05-14"), Ok(Some(day(2026, 5, 14))));
        assert_eq!(read_day("14 maj 2026"), Ok(Some(day(2026, 5, 14))));
        assert_eq!(read_day(""), Ok(None));
        assert_eq!(read_day("snart"), Err(()));
    }

    #[test]
    fn the_meeting_is_the_day_after_den_not_a_period() {
        let slut = Some(day(2026, 5, 14));
        assert_eq!(
            meeting_days(
                "Avser perioden 1 januari – 30 april. Redovisas den 5 juni.",
                slut
            ),
            [day(2026, 6, 5)]
        );
        assert_eq!(
            meeting_days(
                "Redovisas 18 juni, eller senast vid sammanträdet 4 juni.",
                slut
            ),
            [day(2026, 6, 4), day(2026, 6, 18)]
        );
        // A December Slutdatum and a January meeting: the next year.
        assert_eq!(
            meeting_days("Till sammanträdet den 28 januari.", Some(day(2026, 12, 20))),
            [day(2027, 1, 28)]
        );
        // Without a Slutdatum, only a day with its year.
        assert_eq!(meeting_days("den 4 juni 2026", None), [day(2026, 6, 4)]);
        assert!(meeting_days("den 4 juni", None).is_empty());
    }
}
