//! Load stage, first pass: every key of a YAML file checked against the
//! content format before serde reads the values, so that all unknown or
//! misspelled keys of a file are reported in one run (serde stops at the
//! first), each at its line and column with the closest known key.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, Location};
use crate::model::Cell;

/// A key of the content format with its accepted spellings (the Swedish one
/// first) and the shape of its value.
pub struct Field {
    /// Accepted spellings; the first is the one suggested.
    pub names: &'static [&'static str],
    /// What the value holds.
    pub shape: Shape,
}

/// The shape of a value, as far as keys are concerned.
pub enum Shape {
    /// A scalar, a list of scalars or free text: no keys inside.
    Value,
    /// A mapping with these keys.
    Map(&'static [Field]),
    /// A list of mappings with these keys.
    List(&'static [Field]),
}

const fn value(names: &'static [&'static str]) -> Field {
    Field {
        names,
        shape: Shape::Value,
    }
}

const PERSON: &[Field] = &[
    value(&["namn"]),
    value(&["titel"]),
    value(&["e-post", "epost"]),
    value(&["telefon"]),
];

const KONTAKT: &[Field] = &[
    value(&["postadress"]),
    value(&["besöksadress", "besoksadress"]),
    value(&["telefon"]),
    value(&["e-post", "epost"]),
    value(&["webb"]),
    value(&["org_nr"]),
];

/// The keys of `namnd.yaml`.
pub const NAMND: &[Field] = &[
    value(&["namn"]),
    value(&["förkortning", "forkortning"]),
    value(&["organisation"]),
    value(&["genitiv"]),
    Field {
        names: &["ordförande", "ordforande"],
        shape: Shape::Map(PERSON),
    },
    Field {
        names: &["sekreterare"],
        shape: Shape::Map(PERSON),
    },
    Field {
        names: &["kontakt"],
        shape: Shape::Map(KONTAKT),
    },
    value(&["diarienummer_mönster", "diarienummer_monster"]),
];

const GRUPPMOTEN: &[Field] = &[
    value(&["tid"]),
    Field {
        names: &["lokaler"],
        shape: Shape::List(&[value(&["grupp"]), value(&["lokal"])]),
    },
];

/// The keys of `sammantrade.yaml`.
pub const SAMMANTRADE: &[Field] = &[
    value(&["datum"]),
    value(&["tid"]),
    value(&["plats"]),
    value(&["öppet", "oppet"]),
    Field {
        names: &["gruppmöten", "gruppmoten"],
        shape: Shape::Map(GRUPPMOTEN),
    },
    value(&["första_paragraf", "forsta_paragraf"]),
    Field {
        names: &["sekretessärenden", "sekretessarenden"],
        shape: Shape::List(&[
            value(&["rubrik"]),
            value(&["diarienummer"]),
            value(&["handling"]),
        ]),
    },
    Field {
        names: &["informationsärenden", "informationsarenden"],
        shape: Shape::List(&[
            value(&["rubrik"]),
            value(&["föredragande", "foredragande"]),
            value(&["diarienummer"]),
        ]),
    },
    Field {
        names: &["tillåtna_nummer", "tillatna_nummer"],
        shape: Shape::List(ALLOWED_NUMBER),
    },
];

const ALLOWED_NUMBER: &[Field] = &[value(&["nummer"]), value(&["skäl", "skal"])];

const TJANSTESKRIVELSE: &[Field] = &[
    value(&["datum"]),
    value(&["avsändare", "avsandare"]),
    Field {
        names: &["handläggare", "handlaggare"],
        shape: Shape::Map(PERSON),
    },
    value(&["godkänd", "godkand"]),
    value(&["mottagare"]),
];

/// The keys of an ärende file.
pub const ARENDE: &[Field] = &[
    value(&["rubrik"]),
    value(&["diarienummer"]),
    Field {
        names: &["tjänsteskrivelse", "tjansteskrivelse"],
        shape: Shape::Map(TJANSTESKRIVELSE),
    },
    value(&["sammanfattning"]),
    value(&["bakgrund"]),
    value(&["förslag", "forslag"]),
    Field {
        names: &["barnrättsprövning", "barnrattsprovning"],
        shape: Shape::Map(&[value(&["berör_barn", "beror_barn"]), value(&["motivering"])]),
    },
    value(&["förslag_till_beslut", "forslag_till_beslut"]),
    value(&["beslutet_skickas_till"]),
    Field {
        names: &["bilagor"],
        shape: Shape::List(&[
            value(&["titel"]),
            value(&["fil"]),
            value(&["publiceras"]),
            value(&["innehållsförteckning", "innehallsforteckning"]),
        ]),
    },
    Field {
        names: &["förteckning", "forteckning"],
        shape: Shape::Map(&[
            value(&["titel"]),
            value(&["fil"]),
            value(&["blad"]),
            value(&["kolumner"]),
            value(&["rader"]),
        ]),
    },
    value(&["publiceras"]),
    Field {
        names: &["tillåtna_nummer", "tillatna_nummer"],
        shape: Shape::List(ALLOWED_NUMBER),
    },
];

/// A YAML value reduced to what the key check needs: the keys of mappings
/// with their positions.
enum Node {
    Map(Vec<(Spanned<Cell>, Node)>),
    Seq(Vec<Node>),
    Scalar,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("ett YAML-värde")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<Cell>>()? {
                    entries.push((key, map.next_value::<Node>()?));
                }
                Ok(Node::Map(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Every unknown key of `text` against `fields`, with a suggestion; empty
/// when the text is not YAML (the full parse reports that).
pub fn unknown_keys(text: &str, fields: &'static [Field]) -> Vec<Diagnostic> {
    let options = serde_saphyr::options! { with_snippet: false };
    let Ok(node) = serde_saphyr::from_str_with_options::<Node>(text, options) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&node, fields, &mut found);
    found
}

fn walk(node: &Node, fields: &'static [Field], found: &mut Vec<Diagnostic>) {
    match node {
        Node::Map(entries) => {
            for (key, value) in entries {
                let name = key.value.0.as_str();
                match fields.iter().find(|f| f.names.contains(&name)) {
                    Some(field) => match (&field.shape, value) {
                        (Shape::Map(inner), _) => walk(value, inner, found),
                        (Shape::List(inner), Node::Seq(items)) => {
                            for item in items {
                                walk(item, inner, found);
                            }
                        }
                        _ => {}
                    },
                    None => found.push(unknown(key, fields)),
                }
            }
        }
        Node::Seq(_) | Node::Scalar => {}
    }
}

fn unknown(key: &Spanned<Cell>, fields: &[Field]) -> Diagnostic {
    let known: Vec<String> = fields
        .iter()
        .flat_map(|f| f.names.iter().map(|n| n.to_string()))
        .collect();
    let name = &key.value.0;
    let diagnostic = Diagnostic::error(format!("okänd nyckel `{name}`")).at(Location::at(
        "",
        key.referenced.line() as usize,
        key.referenced.column() as usize,
    ));
    match crate::load::suggest(name, &known) {
        Some(best) => {
            // Suggest the Swedish spelling of whichever spelling was closest.
            let field = fields.iter().find(|f| f.names.contains(&best));
            let swedish = field.map_or(best, |f| f.names[0]);
            diagnostic.tips(format!("menade du `{swedish}`?"))
        }
        None => {
            let names: Vec<&str> = fields.iter().map(|f| f.names[0]).collect();
            diagnostic.tips(format!("kända nycklar här: {}", names.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_yaml;
    use crate::model::{ArendeFile, NamndFile, SammantradeFile};

    #[test]
    fn all_unknown_keys_of_a_file_at_once() {
        let text = "rubrik: A\nrubirk: B\ntjänsteskrivelse:\n  datum: 2026-01-01\n  handlaggare: { namn: C, titl: D }\nbilagor:\n  - { titel: E, fill: f.md }\n";
        let found = unknown_keys(text, ARENDE);
        let messages: Vec<String> = found
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                format!(
                    "{}:{} {} {}",
                    l.line,
                    l.column,
                    d.message,
                    d.tips.clone().unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            messages,
            [
                "2:1 okänd nyckel `rubirk` menade du `rubrik`?",
                "5:27 okänd nyckel `titl` menade du `titel`?",
                "7:17 okänd nyckel `fill` menade du `fil`?",
            ]
        );
    }

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
    }
}
