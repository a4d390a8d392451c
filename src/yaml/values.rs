//! Load stage, values: how the model's values are written in YAML where
//! serde's derive is not enough (dates, `ja`/`nej`, table cells, decisions,
//! votes, one name or a list of names, and the mappings whose keys carry
//! their positions). A value that cannot be read fails the deserializer
//! with a typed [`Problem`] (see [`super::problem`]); the key check
//! calls the same functions, so a value is judged the same way by both.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_saphyr::Spanned;

use super::problem::Problem;
use crate::model::{
    Aterrapport, BeslutTyp, Cell, Datum, JaNej, Manad, Namn, Numrering, Ordning, ParagrafFile,
    Paragrafer, Rost, Roster,
};

/// What a date looks like, for messages about a value of the wrong kind.
pub(super) const DATUM: &str = "ett datum som 2026-12-10";
/// What a ja/nej answer looks like, likewise.
pub(super) const JA_NEJ: &str = "ja eller nej";
/// The hint for a vote that cannot be read.
const ROST_TIPS: &str = "skriv `ja`, `nej` eller `avstår`";

/// `text` as a date, `ÅÅÅÅ-MM-DD`.
pub(super) fn datum(text: &str) -> Result<Datum, Problem> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Datum)
        .map_err(|_| {
            Problem::new(
                format!("`{text}` är inte ett giltigt datum"),
                "skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-12-10",
            )
        })
}

/// `text` as `ja` or `nej`, in any case.
pub(super) fn ja_nej(text: &str) -> Result<JaNej, Problem> {
    match text.trim().to_lowercase().as_str() {
        "ja" => Ok(JaNej::Ja),
        "nej" => Ok(JaNej::Nej),
        _ => Err(Problem::new(
            format!("`{text}` är varken ja eller nej"),
            "skriv `ja` eller `nej`",
        )),
    }
}

/// `text` as a vote: `ja`, `nej` or `avstår`, in any case.
pub(super) fn rost(text: &str) -> Result<Rost, Problem> {
    match text.trim().to_lowercase().as_str() {
        "ja" => Ok(Rost::Ja),
        "nej" => Ok(Rost::Nej),
        "avstår" | "avstar" => Ok(Rost::Avstar),
        _ => Err(Problem::new(format!("`{text}` är ingen röst"), ROST_TIPS)),
    }
}

/// `text` as a decision: one of [`BeslutTyp::NAMES`], in any case, with or
/// without å, ä, ö, and a few other words for the same.
pub(super) fn beslut(text: &str) -> Result<BeslutTyp, Problem> {
    let folded: String = text
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            '_' | '-' => ' ',
            c => c,
        })
        .collect();
    Ok(match folded.as_str() {
        "enligt forslag" => BeslutTyp::EnligtForslag,
        "andrat" | "andrat beslut" => BeslutTyp::Andrat,
        "aterremiss" | "aterremitterat" => BeslutTyp::Aterremiss,
        "bordlagt" | "bordlaggning" => BeslutTyp::Bordlagt,
        "avskrivet" | "avskrivning" => BeslutTyp::Avskrivet,
        _ => {
            return Err(Problem::new(
                format!("`{}` är inget känt beslut", text.trim()),
                format!("skriv ett av: {}", BeslutTyp::NAMES.join(", ")),
            ));
        }
    })
}

/// A key read as a cell, as text with its position.
fn text(key: Spanned<Cell>) -> Spanned<String> {
    Spanned {
        value: key.value.0,
        referenced: key.referenced,
        defined: key.defined,
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl Visitor<'_> for CellVisitor {
            type Value = Cell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en tabellcell (text eller tal)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell, E> {
                Ok(Cell(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Cell, E> {
                Ok(Cell(if v { "ja" } else { "nej" }.to_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Cell, E> {
                Ok(Cell(String::new()))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

impl<'de> Deserialize<'de> for JaNej {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct JaNejVisitor;
        impl Visitor<'_> for JaNejVisitor {
            type Value = JaNej;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(JA_NEJ)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<JaNej, E> {
                Ok(if v { JaNej::Ja } else { JaNej::Nej })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<JaNej, E> {
                ja_nej(v).map_err(Problem::raise)
            }
        }
        deserializer.deserialize_any(JaNejVisitor)
    }
}

impl<'de> Deserialize<'de> for Datum {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DatumVisitor;
        impl Visitor<'_> for DatumVisitor {
            type Value = Datum;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(DATUM)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Datum, E> {
                datum(v).map_err(Problem::raise)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Datum, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Datum, E> {
                self.visit_str(&v.to_string())
            }
        }
        deserializer.deserialize_any(DatumVisitor)
    }
}

impl<'de> Deserialize<'de> for Paragrafer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Paragrafer;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("paragrafer med nycklar som beslut/3")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Paragrafer, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<Cell>>()? {
                    entries.push((text(key), map.next_value::<ParagrafFile>()?));
                }
                Ok(Paragrafer(entries))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Paragrafer, E> {
                Ok(Paragrafer::default())
            }
        }
        deserializer.deserialize_any(EntriesVisitor)
    }
}

/// `text` as a way of numbering headings: one of [`Numrering::NAMES`].
fn numrering(text: &str) -> Result<Numrering, Problem> {
    match text.trim().to_lowercase().as_str() {
        "egen" => Ok(Numrering::Egen),
        "automatisk" => Ok(Numrering::Automatisk),
        _ => {
            let names: Vec<String> = Numrering::NAMES.iter().map(|n| n.to_string()).collect();
            let tips = match crate::yaml::suggest(text.trim(), &names) {
                Some(best) => format!(
                    "menade du `{best}`? Skriv `egen` (numren som står i rubrikerna) eller `automatisk` (1, 1.1, 1.1.1)"
                ),
                None => {
                    "skriv `egen` (numren som står i rubrikerna) eller `automatisk` (1, 1.1, 1.1.1)"
                        .to_owned()
                }
            };
            Err(Problem::new(
                format!("`{}` är inget sätt att numrera rubriker", text.trim()),
                tips,
            ))
        }
    }
}

impl<'de> Deserialize<'de> for Numrering {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        numrering(&String::deserialize(deserializer)?).map_err(Problem::raise)
    }
}

impl<'de> Deserialize<'de> for BeslutTyp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        beslut(&String::deserialize(deserializer)?).map_err(Problem::raise)
    }
}

impl<'de> Deserialize<'de> for Rost {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RostVisitor;
        impl Visitor<'_> for RostVisitor {
            type Value = Rost;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("ja, nej eller avstår")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Rost, E> {
                Ok(if v { Rost::Ja } else { Rost::Nej })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rost, E> {
                rost(v).map_err(Problem::raise)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Rost, E> {
                Err(Problem::new("rösten saknas", ROST_TIPS).raise())
            }
        }
        deserializer.deserialize_any(RostVisitor)
    }
}

impl<'de> Deserialize<'de> for Roster {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RosterVisitor;
        impl<'de> Visitor<'de> for RosterVisitor {
            type Value = Roster;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("namn med röster, som `Karin Lindqvist: ja`")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Roster, A::Error> {
                let mut votes = Vec::new();
                while let Some(name) = map.next_key::<Spanned<Cell>>()? {
                    votes.push((text(name), map.next_value::<Rost>()?));
                }
                Ok(Roster(votes))
            }
        }
        deserializer.deserialize_any(RosterVisitor)
    }
}

impl<'de> Deserialize<'de> for Namn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NamnVisitor;
        impl<'de> Visitor<'de> for NamnVisitor {
            type Value = Namn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("ett namn eller en lista med namn")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Namn, E> {
                Ok(Namn(vec![(v.to_owned(), None)]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Namn, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<Spanned<String>>()? {
                    names.push((name.value, Some(name.referenced)));
                }
                Ok(Namn(names))
            }
        }
        deserializer.deserialize_any(NamnVisitor)
    }
}

/// What a report-back time looks like, for messages about a value of the
/// wrong kind.
pub(super) const DAG_ELLER_MANAD: &str = "ett datum som 2027-06-17 eller en månad som 2027-06";

/// `text` as a day `ÅÅÅÅ-MM-DD` or a month `ÅÅÅÅ-MM`.
pub(super) fn aterrapport(text: &str) -> Result<Aterrapport, Problem> {
    let trimmed = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        return Ok(Aterrapport::Dag(day));
    }
    if let Some((year, month)) = trimmed.split_once('-')
        && year.len() == 4
        && month.len() == 2
        && let (Ok(year), Ok(month)) = (year.parse::<i32>(), month.parse::<u32>())
        && (1..=12).contains(&month)
    {
        return Ok(Aterrapport::Manad(year, month));
    }
    Err(Problem::new(
        format!("`{trimmed}` är varken ett datum eller en månad"),
        "skriv dagen som ÅÅÅÅ-MM-DD (2027-06-17) eller månaden som ÅÅÅÅ-MM (2027-06, nämndens sammanträde den månaden)",
    ))
}

impl<'de> Deserialize<'de> for Aterrapport {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        aterrapport(&Cell::deserialize(deserializer)?.0).map_err(Problem::raise)
    }
}

/// The hint for a month that cannot be read.
const MANAD_TIPS: &str =
    "skriv månaden som ett tal 1–12 eller som ordet, t.ex. `9` eller `september`";

/// `text` as a month: 1–12 or a Swedish month name, in any case.
pub(super) fn manad(text: &str) -> Result<Manad, Problem> {
    let trimmed = text.trim();
    if let Ok(number) = trimmed.parse::<u32>() {
        return match number {
            1..=12 => Ok(Manad(number)),
            _ => Err(Problem::new(
                format!("`{trimmed}` är ingen månad: året har månaderna 1–12"),
                MANAD_TIPS,
            )),
        };
    }
    let lower = trimmed.to_lowercase();
    if let Some(index) = crate::conventions::MONTHS.iter().position(|m| *m == lower) {
        return Ok(Manad(index as u32 + 1));
    }
    let names: Vec<String> = crate::conventions::MONTHS
        .iter()
        .map(|m| m.to_string())
        .collect();
    let tips = match crate::yaml::suggest(&lower, &names) {
        Some(best) => format!("menade du `{best}`? {MANAD_TIPS}"),
        None => MANAD_TIPS.to_owned(),
    };
    Err(Problem::new(format!("`{trimmed}` är ingen månad"), tips))
}

impl<'de> Deserialize<'de> for Manad {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        manad(&Cell::deserialize(deserializer)?.0).map_err(Problem::raise)
    }
}

/// `text` as the first or last meeting of a year.
pub(super) fn ordning(text: &str) -> Result<Ordning, Problem> {
    match text.trim().to_lowercase().as_str() {
        "första" | "forsta" => Ok(Ordning::Forsta),
        "sista" => Ok(Ordning::Sista),
        other => {
            let names: Vec<String> = Ordning::NAMES.iter().map(|n| n.to_string()).collect();
            let tips = match crate::yaml::suggest(other, &names) {
                Some(best) => format!(
                    "menade du `{best}`? Skriv `första` eller `sista` (årets första eller sista sammanträde)"
                ),
                None => {
                    "skriv `första` eller `sista` (årets första eller sista sammanträde)".to_owned()
                }
            };
            Err(Problem::new(
                format!("`{}` är varken första eller sista", text.trim()),
                tips,
            ))
        }
    }
}

impl<'de> Deserialize<'de> for Ordning {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ordning(&String::deserialize(deserializer)?).map_err(Problem::raise)
    }
}
