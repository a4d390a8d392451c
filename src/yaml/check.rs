//! Load stage, first pass: every key of a YAML file checked against the
//! content format before serde reads the values, so that all unknown or
//! misspelled keys of a file are reported in one run (serde stops at the
//! first), each at its line and column with the closest known key.

use serde::de::Unexpected;
use serde_saphyr::Spanned;

use super::keys::{Field, Kind};
use super::messages::{suggest, wrong_kind};
use super::node::{Node, Scalar};
use super::problem::Problem;
use super::values;
use crate::error::{Diagnostic, Location};
use crate::model::Cell;

/// Every unknown key of `text` against `fields`, with a suggestion, and
/// every key left without a value ("fyll i …", as in a scaffolded file);
/// empty when the text is not YAML (the full parse reports that).
pub fn check_keys(text: &str, fields: &'static [Field]) -> Vec<Diagnostic> {
    let Some(node) = Node::parse(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    match &node {
        // A file that is a list (`arshjul.yaml`): each entry has the keys.
        Node::Seq(items) => {
            for item in items {
                walk(item, fields, "", &mut found);
            }
        }
        node => walk(node, fields, "", &mut found),
    }
    found
}

fn walk(node: &Node, fields: &'static [Field], path: &str, found: &mut Vec<Diagnostic>) {
    let Node::Map(entries) = node else { return };
    for (key, spanned) in entries {
        let value = &spanned.value;
        let name = key.value.0.as_str();
        let Some(field) = fields.iter().find(|f| f.names.contains(&name)) else {
            found.push(unknown(key, fields));
            continue;
        };
        let full = format!("{path}{}", field.names[0]);
        let empty = match value {
            Node::Empty => true,
            Node::Seq(items) => {
                matches!(field.kind, Kind::TextList | Kind::Names)
                    && items.iter().any(|i| matches!(i, Node::Empty))
            }
            _ => false,
        };
        if empty {
            found.push(
                Diagnostic::error(format!("fyll i `{full}`"))
                    .at(Location::at(
                        "",
                        key.referenced.line() as usize,
                        key.referenced.column() as usize,
                    ))
                    .tips(format!(
                        "{} {}",
                        field.about,
                        if field.required {
                            "Uppgiften krävs."
                        } else {
                            "Behövs den inte, ta bort raden."
                        }
                    )),
            );
            continue;
        }
        if let Node::Scalar(scalar) = value
            && let Some(mut diagnostic) = value_error(&field.kind, scalar)
        {
            diagnostic.location = Some(Location::at(
                "",
                spanned.referenced.line() as usize,
                spanned.referenced.column() as usize,
            ));
            found.push(diagnostic);
            continue;
        }
        match (&field.kind, value) {
            (Kind::Map(inner), _) => walk(value, inner, &format!("{full}."), found),
            (Kind::List(inner), Node::Seq(items)) => {
                for item in items {
                    walk(item, inner, &format!("{full}."), found);
                }
            }
            (Kind::Entries { fields: inner, .. }, Node::Map(entries)) => {
                for (entry, item) in entries {
                    walk(
                        &item.value,
                        inner,
                        &format!("{full}.{}.", entry.value.0),
                        found,
                    );
                }
            }
            _ => {}
        }
    }
}

/// What the parse would say about a scalar of the wrong kind or value (a
/// date that is not a date, `kanske` for ja/nej), so that every such
/// mistake of a file is reported in one run, not only the first.
pub(super) fn value_error(kind: &Kind, scalar: &Scalar) -> Option<Diagnostic> {
    match (kind, scalar) {
        (Kind::Date, Scalar::Text(v)) => values::datum(v).err().map(Problem::diagnostic),
        (Kind::Date, Scalar::Signed(v)) => {
            values::datum(&v.to_string()).err().map(Problem::diagnostic)
        }
        (Kind::Date, Scalar::Unsigned(v)) => {
            values::datum(&v.to_string()).err().map(Problem::diagnostic)
        }
        (Kind::Date, other) => Some(wrong(other, values::DATUM)),
        (Kind::DateOrMonth, Scalar::Text(v)) => {
            values::aterrapport(v).err().map(Problem::diagnostic)
        }
        (Kind::DateOrMonth, other) => Some(wrong(other, values::DAG_ELLER_MANAD)),
        (Kind::Month, Scalar::Text(v)) => values::manad(v).err().map(Problem::diagnostic),
        (Kind::Month, Scalar::Unsigned(v)) => {
            values::manad(&v.to_string()).err().map(Problem::diagnostic)
        }
        (Kind::Month, Scalar::Signed(v)) => {
            values::manad(&v.to_string()).err().map(Problem::diagnostic)
        }
        (Kind::Month, other) => Some(wrong(other, "en månad, 1–12")),
        (Kind::Choice(words), Scalar::Text(v)) => choice_error(words, v),
        (Kind::JaNej, Scalar::Bool(_)) => None,
        (Kind::JaNej, Scalar::Text(v)) => values::ja_nej(v).err().map(Problem::diagnostic),
        (Kind::JaNej, other) => Some(wrong(other, values::JA_NEJ)),
        // YAML may quote a boolean or a number; the parser accepts that,
        // so only what it would refuse is reported here.
        (Kind::Bool, Scalar::Bool(_)) => None,
        (Kind::Bool, Scalar::Text(v))
            if matches!(v.trim().to_lowercase().as_str(), "true" | "false") =>
        {
            None
        }
        (Kind::Bool, other) => Some(wrong(other, "`true` eller `false`")),
        (Kind::Integer, scalar) => not_an_integer(scalar),
        _ => None,
    }
}

/// The problem with a word that should be one of `words` (the choices
/// whose parse says more, decisions and numbering, are left to it).
fn choice_error(words: &[&str], text: &str) -> Option<Diagnostic> {
    if words == crate::model::Ordning::NAMES {
        return values::ordning(text).err().map(Problem::diagnostic);
    }
    None
}

/// A scalar of the wrong kind where `expected` should be.
fn wrong(scalar: &Scalar, expected: &str) -> Diagnostic {
    let found = match scalar {
        Scalar::Text(v) => Unexpected::Str(v),
        Scalar::Bool(v) => Unexpected::Bool(*v),
        Scalar::Signed(v) => Unexpected::Signed(*v),
        Scalar::Unsigned(v) => Unexpected::Unsigned(*v),
        Scalar::Float(v) => Unexpected::Float(*v),
    };
    wrong_kind(&found.to_string(), expected)
}

/// The problem with a scalar that should be a positive whole number.
fn not_an_integer(scalar: &Scalar) -> Option<Diagnostic> {
    let shown = match scalar {
        Scalar::Text(v) if v.trim().parse::<u32>().is_ok() => return None,
        Scalar::Unsigned(v) if u32::try_from(*v).is_ok() => return None,
        Scalar::Text(v) => v.clone(),
        Scalar::Bool(v) => v.to_string(),
        Scalar::Signed(v) => v.to_string(),
        Scalar::Unsigned(v) => v.to_string(),
        Scalar::Float(v) => v.to_string(),
    };
    Some(
        Problem::new(
            format!("`{shown}` är inte ett positivt heltal"),
            "skriv ett heltal som 1 eller 145, utan citattecken",
        )
        .diagnostic(),
    )
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
    match suggest(name, &known) {
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
    use crate::yaml::keys::ARENDE;

    #[test]
    fn all_unknown_keys_of_a_file_at_once() {
        let text = "rubrik: A\nrubirk: B\ntjänsteskrivelse:\n  datum: 2026-01-01\n  handlaggare: { namn: C, titl: D }\nbilagor:\n  - { titel: E, fill: f.md }\n";
        let found = check_keys(text, ARENDE);
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
}
