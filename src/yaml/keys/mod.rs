//! Load stage, the key tables: every key of the content format with its
//! accepted spellings (the Swedish one first), what its value holds,
//! whether it must be there and what it means, one table per kind of file.
//! The same tables drive the key check ([`super::check_keys`]), the "fyll
//! i" check, the JSON Schemas (`kallelse schema`) and the comments of
//! scaffolded files; serde's attributes in [`crate::model`] must accept
//! exactly the spellings listed here (a test holds the two together). The
//! users' reference in `docs/` has a row for every key, and
//! `tests/it/docs.rs` fails when the two drift apart.

mod arende;
mod arshjul;
mod namnd;
mod protokoll;
mod sammantrade;
mod webbplats;

pub use arende::ARENDE;
pub use arshjul::ARSHJUL;
pub use namnd::NAMND;
pub use protokoll::{PARAGRAF, PROTOKOLL};
pub use sammantrade::SAMMANTRADE;
pub use webbplats::WEBBPLATS;

/// A key of the content format: its accepted spellings (the Swedish one
/// first), what its value holds, whether it must be there, and what it
/// means. The same table drives the key check, the "fyll i" check, the JSON
/// Schema (`kallelse schema`) and the comments of scaffolded files.
pub struct Field {
    /// Accepted spellings; the first is the one suggested.
    pub names: &'static [&'static str],
    /// What the value holds.
    pub kind: Kind,
    /// Whether the key must be there.
    pub required: bool,
    /// What it means, in Swedish, for editors and scaffolded files.
    pub about: &'static str,
}

/// What a value holds.
pub enum Kind {
    /// One line of text.
    Text,
    /// Markdown text.
    Markdown,
    /// A date, `ÅÅÅÅ-MM-DD`.
    Date,
    /// A date `ÅÅÅÅ-MM-DD` or a month `ÅÅÅÅ-MM`.
    DateOrMonth,
    /// A month of the year: 1–12 or its Swedish name.
    Month,
    /// A time, `"13:30"`.
    Time,
    /// `true` or `false`.
    Bool,
    /// `ja` or `nej`.
    JaNej,
    /// A positive whole number.
    Integer,
    /// A list of lines of text.
    TextList,
    /// The rows of a table: lists of cells.
    Rows,
    /// A mapping with these keys.
    Map(&'static [Field]),
    /// A list of mappings with these keys.
    List(&'static [Field]),
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A name, or a list of names.
    Names,
    /// Paragraph numbers: `155`, `"155–162"` or `"150, 152"`.
    Paragraphs,
    /// A mapping from keys matching `pattern` (a regular expression, for
    /// editors) to mappings with these fields.
    Entries {
        /// What every key must look like.
        pattern: &'static str,
        /// The fields of each entry.
        fields: &'static [Field],
    },
    /// A mapping from names to `ja`, `nej` or `avstår`.
    Votes,
}

const fn key(
    names: &'static [&'static str],
    kind: Kind,
    required: bool,
    about: &'static str,
) -> Field {
    Field {
        names,
        kind,
        required,
        about,
    }
}

/// A person: ordförande, sekreterare, handläggare.
const PERSON: &[Field] = &[
    key(&["namn"], Kind::Text, true, "För- och efternamn."),
    key(
        &["titel"],
        Kind::Text,
        false,
        "Titel eller roll, t.ex. \"Sakkunnig\".",
    ),
    key(&["e-post", "epost"], Kind::Text, false, "E-postadress."),
    key(&["telefon"], Kind::Text, false, "Telefonnummer."),
];

/// A number that may be published, in `sammantrade.yaml` and ärenden.
const ALLOWED_NUMBER: &[Field] = &[
    key(
        &["nummer"],
        Kind::Text,
        true,
        "Numret som det står i texten, t.ex. \"19121212-1212\".",
    ),
    key(
        &["skäl", "skal"],
        Kind::Text,
        true,
        "Varför numret får publiceras.",
    ),
];

const ALLOWED_NUMBERS_ABOUT: &str =
    "Nummer som ser ut som personnummer men får publiceras på webben, vart och ett med ett skäl.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArendeFile, ArshjulEntry, NamndFile, ProtokollFile, SammantradeFile};
    use crate::yaml::parse as parse_yaml;

    /// serde must accept every spelling the key table lists, and the table
    /// must list every key serde accepts: the two may never drift apart.
    fn agrees_with_serde<T: serde::de::DeserializeOwned>(fields: &'static [Field]) {
        for field in fields {
            for name in field.names {
                let err = parse_yaml::<T>(&format!("{name}: ~\n")).err();
                let message = err.map(|e| e.message).unwrap_or_default();
                assert!(
                    !message.starts_with("okänd nyckel"),
                    "serde känner inte {name}"
                );
            }
        }
        let Err(err) = parse_yaml::<T>("x_okand_x: 1\n") else {
            panic!("en okänd nyckel godtogs");
        };
        let tips = err.tips.unwrap_or_default();
        let listed = tips.trim_start_matches("kända nycklar här: ");
        for name in listed.split(", ") {
            assert!(
                fields.iter().any(|f| f.names.contains(&name)),
                "nyckeln {name} saknas i tabellen"
            );
        }
    }

    #[test]
    fn key_tables_agree_with_the_model() {
        agrees_with_serde::<ArendeFile>(ARENDE);
        agrees_with_serde::<NamndFile>(NAMND);
        agrees_with_serde::<SammantradeFile>(SAMMANTRADE);
        agrees_with_serde::<ProtokollFile>(PROTOKOLL);
        agrees_with_serde::<ArshjulEntry>(ARSHJUL);
    }
}
