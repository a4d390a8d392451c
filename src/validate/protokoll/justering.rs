//! Stage 2, validate, for the protokoll: the justering and the anslag.
//! The protokoll is justerat within 14 days (Kommunallagen 5 kap. 69 §) by
//! members who served; the anslag goes up no later than the second day
//! after (8 kap. 12 §) and stays three weeks (13 kap. 5 §). Who gets which
//! protokollsutdrag follows from the decisions.

use std::path::Path;

use chrono::NaiveDate;

use super::ProtokollCheck;
use super::attendance::Attendance;
use super::numbering::format_paragraphs;
use super::types::{Anslag, AnslagBasis, DigitalJustering, Mottagare, Paragraf, Protokoll};
use crate::calendar;
use crate::conventions;
use crate::error::{Diagnostic, Error, Result};
use crate::load::Sandbox;
use crate::model::{AnslagFile, ProtokollFile};
use crate::validate::checker::{Checker, location};

impl ProtokollCheck<'_> {
    /// The justering: within 14 days (Kommunallagen 5 kap. 69 §), by
    /// members who served, not the ordförande.
    pub(super) fn justering(
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
}

impl Protokoll {
    /// The protokoll justerat digitally: its anslag counted again from the
    /// day of the last signature and checked against it (Kommunallagen
    /// 8 kap. 12 §). Dates written in `protokoll.yaml` for the planned
    /// justering that do not hold for the real one are warned about and
    /// counted anew: the signed protokoll, which shows them, must not have
    /// to change. The protokoll itself, as signed, is unchanged.
    pub fn justerad_digitalt(
        mut self,
        sandbox: &Sandbox,
        justering: DigitalJustering,
    ) -> Result<Protokoll> {
        let day = NaiveDate::parse_from_str(&justering.datum, "%Y-%m-%d").map_err(|_| {
            Error::Tool(format!(
                "den digitala justeringens dag `{}` är inget datum",
                justering.datum
            ))
        })?;
        let mut checker = Checker::new(sandbox, None);
        let counted = anslag(
            &mut checker,
            &self.kalla,
            &self.anslag_basis,
            day,
            &self.paragrafer,
        );
        match checker.finish() {
            Ok(warnings) => {
                self.anslag = counted;
                self.warnings.extend(warnings);
            }
            Err(Error::Input(problems)) => {
                let mut basis = self.anslag_basis.clone();
                basis.given.datum = None;
                basis.given.tas_ned = None;
                let mut again = Checker::new(sandbox, None);
                self.anslag = anslag(&mut again, &self.kalla, &basis, day, &self.paragrafer);
                let up = self
                    .anslag
                    .iter()
                    .find(|a| !a.omedelbar)
                    .map(|a| format!("{}–{}", a.upp, a.ned))
                    .unwrap_or_default();
                self.warnings.extend(problems.into_iter().map(|mut d| {
                    d.severity = crate::error::Severity::Warning;
                    d
                }));
                self.warnings.push(
                    Diagnostic::warning(format!(
                        "protokollet justerades digitalt {} (den sista underskriften); anslaget räknas därför från den dagen och sitter uppe {up}, inte enligt datumen i protokoll.yaml",
                        justering.datum
                    ))
                    .tips("datumen i protokoll.yaml gällde den planerade justeringen och står kvar i det underskrivna protokollet; anslaget på anslagstavlan följer den verkliga"),
                );
            }
            Err(other) => return Err(other),
        }
        self.digital_justering = Some(justering);
        Ok(self)
    }
}

/// The anslag of a protokoll justerat on `justerad`: up no later than the
/// second day after the justering (Kommunallagen 8 kap. 12 §), and three
/// weeks on the board. Problems are reported at `path`, `protokoll.yaml`.
pub(super) fn anslag(
    checker: &mut Checker,
    path: &Path,
    basis: &AnslagBasis,
    justerad: NaiveDate,
    paragrafer: &[Paragraf],
) -> Vec<Anslag> {
    let given = &basis.given;
    let forvaringsplats = given
        .forvaringsplats
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .unwrap_or(basis.plats.trim())
        .to_owned();
    let (up, down) = anslag_period(checker, path, given, justerad);
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
        let meeting = basis.meeting_date;
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

/// The days the protokoll's anslag goes up and comes down: as written
/// (and checked), else computed from the justering.
fn anslag_period(
    checker: &mut Checker,
    path: &Path,
    given: &AnslagFile,
    justerad: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let up = match &given.datum {
        Some(datum) => {
            let day = datum.value.0;
            let latest = calendar::deadline(justerad, 2);
            if day < justerad {
                checker.error_at(
                    path,
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
                    path,
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
                path,
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
    (up, down)
}

/// The recipients of the decisions and the utdrag each one gets.
pub(super) fn recipients(paragrafer: &[Paragraf]) -> Vec<Mottagare> {
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
