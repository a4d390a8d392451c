//! The plan stage, putting items on meetings: the meeting each item is
//! due at (a day named in its Beskrivning, else the first meeting after
//! its Slutdatum; an uppdrag's day or month; an årshjul entry's month or
//! first or last meeting of each year the meetings cover), and its status
//! from the ärenden that report it and the day it is.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{Contribution, ItemReport, NamndPlan, PlannedItem, Status};
use crate::conventions::{date_in_words, slug};
use crate::error::{Diagnostic, Location};
use crate::load::Sourced;
use crate::model::{ArshjulFile, Ordning};
use crate::validate::{Due, PlanItem};

impl NamndPlan {
    /// The nämnd's plan: the items of `contributions` and of `arshjul` on the
    /// meetings `sammantraden`, with their status on `today`.
    pub fn new(
        folder: String,
        namn: String,
        mut sammantraden: Vec<NaiveDate>,
        contributions: &[Contribution],
        arshjul: Option<&Sourced<ArshjulFile>>,
        today: NaiveDate,
    ) -> NamndPlan {
        sammantraden.sort();
        sammantraden.dedup();
        let mut warnings = Vec::new();
        let mut items: Vec<(PlanItem, bool)> = contributions
            .iter()
            .flat_map(|b| b.items.iter().cloned())
            .collect();
        let mut recurring_slugs = Vec::new();
        if let Some(arshjul) = arshjul {
            let (recurring, slugs) = recurring(arshjul, &sammantraden, &mut warnings);
            items.extend(recurring.into_iter().map(|p| (p, false)));
            recurring_slugs = slugs;
        }
        // Reports by id, in meeting order.
        let mut reports: BTreeMap<&str, Vec<(NaiveDate, &ItemReport)>> = BTreeMap::new();
        for b in contributions {
            for r in &b.reports {
                reports.entry(r.id.as_str()).or_default().push((b.datum, r));
            }
        }
        let mut errors = duplicates(&mut items);
        let ids: Vec<String> = items.iter().map(|(p, _)| p.id.clone()).collect();
        errors.extend(unknown_ids(&reports, &ids, &recurring_slugs));
        let mut items: Vec<PlannedItem> = items
            .into_iter()
            .map(|(item, preliminary)| {
                let sammantrade = due_meeting(&item, &sammantraden, &mut warnings);
                let found = reports.get(item.id.as_str()).cloned().unwrap_or_default();
                let (status, report) = status(sammantrade, &found, today);
                PlannedItem {
                    arende: report.map(|(_, r)| r.arende.clone()),
                    reported_at: report.map(|(d, _)| d),
                    item,
                    sammantrade,
                    status,
                    preliminary,
                }
            })
            .collect();
        items.sort_by(|a, b| {
            (a.sammantrade.is_none(), a.sammantrade, &a.item.id).cmp(&(
                b.sammantrade.is_none(),
                b.sammantrade,
                &b.item.id,
            ))
        });
        NamndPlan {
            folder,
            namn,
            sammantraden,
            items,
            errors,
            warnings,
        }
    }
}

/// The status of an item due at `due`, reported by `reports` (in meeting
/// order), on `today`; and the report it rests on.
fn status<'a>(
    due: Option<NaiveDate>,
    reports: &[(NaiveDate, &'a ItemReport)],
    today: NaiveDate,
) -> (Status, Option<(NaiveDate, &'a ItemReport)>) {
    let held = |day: NaiveDate| day < today;
    if let Some(done) = reports.iter().find(|(day, _)| held(*day)) {
        return (Status::Klar, Some(*done));
    }
    let coming = reports.first().copied();
    let passed = due.is_some_and(held);
    let in_time = match (coming, due) {
        (Some((day, _)), Some(due)) => day <= due,
        (Some(_), None) => true,
        (None, _) => false,
    };
    match (passed, in_time) {
        (true, _) => (Status::Forsenad, coming),
        (false, true) => (Status::Planerad, coming),
        (false, false) => (Status::Saknas, coming),
    }
}

/// The meeting an item is due at, warning when it has none.
fn due_meeting(
    item: &PlanItem,
    meetings: &[NaiveDate],
    warnings: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let after = |day: NaiveDate| meetings.iter().copied().find(|m| *m > day);
    let at = Location::at(&item.kalla, item.rad, 1);
    let found = match &item.due {
        Due::Days(days) => {
            if let Some(day) = days.iter().find(|d| meetings.contains(d)) {
                return Some(*day);
            }
            let named = date_in_words(days[0]);
            let fallback = match item.slutdatum {
                Some(slut) if slut != days[0] => after(slut),
                _ => meetings.iter().copied().find(|m| *m >= days[0]),
            };
            warnings.push(
                Diagnostic::warning(format!(
                    "punkten {} ska redovisas den {named}, men nämnden har inget sammanträde den dagen",
                    item.id
                ))
                .at(at)
                .tips(match fallback {
                    Some(day) => format!(
                        "planen tar det första sammanträdet därefter, {}; rätta datumet om det är fel, eller lägg till sammanträdet med `kallelse ny sammanträde`",
                        date_in_words(day)
                    ),
                    None => "rätta datumet, eller lägg till sammanträdet med `kallelse ny sammanträde`".into(),
                }),
            );
            return fallback;
        }
        Due::AfterSlutdatum => item.slutdatum.and_then(after),
        Due::Month(year, month) => meetings
            .iter()
            .copied()
            .find(|m| m.year() == *year && m.month() == *month),
    };
    if found.is_none() {
        warnings.push(
            Diagnostic::warning(format!(
                "punkten {} har inget sammanträde att redovisas på: nämnden har inget planerat {}",
                item.id,
                when(item)
            ))
            .at(at)
            .tips("lägg till nämndens sammanträden för året med `kallelse ny sammanträde DATUM`"),
        );
    }
    found
}

/// When an item without a meeting should have come, for the warning.
fn when(item: &PlanItem) -> String {
    match (&item.due, item.slutdatum) {
        (Due::Month(year, month), _) => format!(
            "i {} {year}",
            crate::conventions::MONTHS[*month as usize - 1]
        ),
        (_, Some(slut)) => format!("efter slutdatumet {}", date_in_words(slut)),
        _ => "då".into(),
    }
}

/// The årshjul's items for every year the meetings cover, each on its
/// meeting, and the slugs of its entries (ids of years not covered are no
/// mistake to report).
fn recurring(
    arshjul: &Sourced<ArshjulFile>,
    meetings: &[NaiveDate],
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<PlanItem>, Vec<String>) {
    let (Some(first), Some(last)) = (meetings.first(), meetings.last()) else {
        return (Vec::new(), Vec::new());
    };
    let kalla = crate::load::virtual_path(&arshjul.path);
    let mut items = Vec::new();
    let mut slugs = Vec::new();
    for entry in &arshjul.value {
        let rubrik = entry.rubrik.value.trim().to_owned();
        let slug = slug(&rubrik);
        slugs.push(slug.clone());
        let rad = entry.rubrik.referenced.line() as usize;
        let slot = match (&entry.manad, &entry.sammantrade) {
            (Some(manad), _) => Slot::Month(manad.value.0),
            (None, Some(o)) if o.value == Ordning::Forsta => Slot::First,
            (None, Some(_)) => Slot::Last,
            (None, None) => continue,
        };
        let month = slot.month();
        for year in first.year()..=last.year() {
            if !covered(slot, year, meetings) {
                continue;
            }
            let mut of_year = meetings.iter().copied().filter(|m| m.year() == year);
            let meeting = match slot {
                Slot::First => of_year.next(),
                Slot::Last => of_year.next_back(),
                Slot::Month(month) => of_year.find(|m| m.month() == month),
            };
            let id = format!("årshjul:{slug}:{year}");
            let Some(meeting) = meeting else {
                warnings.push(
                    Diagnostic::warning(format!(
                        "{rubrik} ska komma till nämndens sammanträde i {} {year}, men nämnden har inget sammanträde då",
                        crate::conventions::MONTHS[month as usize - 1]
                    ))
                    .at(Location::at(&arshjul.path, rad, 1))
                    .tips("rätta månaden i årshjulet, eller lägg till sammanträdet med `kallelse ny sammanträde`"),
                );
                continue;
            };
            items.push(PlanItem {
                id,
                rubrik: rubrik.clone(),
                beskrivning: "Återkommer varje år (årshjulet).".into(),
                slutdatum: None,
                due: Due::Days(vec![meeting]),
                kalla: kalla.clone(),
                rad,
                publiceras: true,
            });
        }
    }
    (items, slugs)
}

/// When an årshjul entry comes each year.
#[derive(Clone, Copy)]
enum Slot {
    /// The meeting of this month.
    Month(u32),
    /// The year's first meeting.
    First,
    /// The year's last meeting.
    Last,
}

impl Slot {
    /// The month it stands for, for messages: January for the first
    /// meeting, December for the last.
    fn month(self) -> u32 {
        match self {
            Slot::Month(month) => month,
            Slot::First => 1,
            Slot::Last => 12,
        }
    }
}

/// Whether the meetings known say when an årshjul entry comes in `year`:
/// they reach over its month; for the year's first meeting, the year's
/// meetings start in January or February or the nämnd met the year
/// before; for the last, they end in November or December or go on the
/// year after (an archive that starts or ends mid-year says nothing of
/// the year's first or last meeting).
fn covered(slot: Slot, year: i32, meetings: &[NaiveDate]) -> bool {
    let (Some(first), Some(last)) = (meetings.first(), meetings.last()) else {
        return false;
    };
    let mut of_year = meetings.iter().filter(|m| m.year() == year);
    match slot {
        Slot::First => of_year
            .next()
            .is_some_and(|m| m.month() <= 2 || first.year() < year),
        Slot::Last => of_year
            .next_back()
            .is_some_and(|m| m.month() >= 11 || last.year() > year),
        Slot::Month(month) => {
            let Some(start) = NaiveDate::from_ymd_opt(year, month, 1) else {
                return false;
            };
            let end = start
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap_or(start);
            *first <= end && *last >= start
        }
    }
}

/// An error for every item whose id an earlier item has (the same
/// bilaga twice, two årshjul entries with the same title); the later ones
/// are left out.
fn duplicates(items: &mut Vec<(PlanItem, bool)>) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut errors = Vec::new();
    items.retain(|(item, _)| match seen.get(&item.id) {
        Some((kalla, rad)) => {
            errors.push(
                Diagnostic::error(format!(
                    "punkten {} finns redan, i {kalla} rad {rad}",
                    item.id
                ))
                .at(Location::at(&item.kalla, item.rad, 1))
                .tips("två punkter kan inte ha samma id: ta bort den ena, eller ge årshjulets poster olika rubriker"),
            );
            false
        }
        None => {
            seen.insert(item.id.clone(), (item.kalla.clone(), item.rad));
            true
        }
    });
    errors
}

/// Errors for every reported id that no item has, with the closest id.
fn unknown_ids(
    reports: &BTreeMap<&str, Vec<(NaiveDate, &ItemReport)>>,
    ids: &[String],
    recurring_slugs: &[String],
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (id, found) in reports {
        if ids.iter().any(|known| known == id) {
            continue;
        }
        // An årshjul item of a year the meetings do not reach.
        if let Some(rest) = id.strip_prefix("årshjul:")
            && let Some((slug, year)) = rest.rsplit_once(':')
            && year.parse::<i32>().is_ok()
            && recurring_slugs.iter().any(|s| s == slug)
        {
            continue;
        }
        for (_, report) in found {
            let tips = super::closest_id_tips(id, ids);
            errors.push(
                Diagnostic::error(format!(
                    "`återrapporterar`: punkten `{id}` finns inte i nämndens plan"
                ))
                .at(Location::at(&report.arende, report.rad, report.kolumn))
                .tips(tips),
            );
        }
    }
    errors
}

/// The warning for an item due at a meeting that no ärende reports.
pub(super) fn missing_report(item: &PlannedItem, datum: NaiveDate) -> Diagnostic {
    let reported = match item.reported_at {
        Some(later) => format!("den återrapporteras först {}", date_in_words(later)),
        None => "inget ärende återrapporterar den".to_owned(),
    };
    Diagnostic::warning(format!(
        "{} ({}) ska återrapporteras på sammanträdet {}, men {reported}",
        item.item.title(),
        item.item.id,
        date_in_words(datum)
    ))
    .at(Location::at(&item.item.kalla, item.item.rad, 1))
    .tips(format!(
        "skapa ärendet med `kallelse ny ärende --återrapport {}`, eller skriv id:t under `återrapporterar:` i det ärende som redovisar punkten",
        item.item.id
    ))
}
