//! Load stage, lenient reading: what can be read of a file with mistakes,
//! for an overview that shows a file before it loads (`kallelse status`).
//! The file's shape is pruned by its key table and parsed as usual: unknown
//! keys, values of the wrong kind and mappings without a key they need are
//! left out, and keys left empty where text belongs read as empty text.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use super::check::value_error;
use super::keys::{Field, Kind};
use super::messages::fold;
use super::node::{Node, Scalar};
use super::read::{parse, read_text};
use super::values;
use crate::model::Cell;

/// What could be read of a file with mistakes.
#[derive(Debug, Clone)]
pub struct Lenient<T> {
    /// The file's content without what could not be read.
    pub value: T,
    /// The keys written in the file but left out, as dotted paths of their
    /// Swedish spellings (`tjänsteskrivelse.datum`, `tjänsteskrivelse`);
    /// unknown keys are not listed.
    pub left_out: Vec<String>,
}

/// The YAML file at `path` read into `T` as far as it can be: the file as
/// it is when it parses, else the file without the entries its key table
/// `fields` refuses; `None` when not even that parses (or the file cannot
/// be read). Its problems are reported when it is loaded.
pub fn read_leniently<T: DeserializeOwned>(
    path: &Path,
    fields: &'static [Field],
) -> Option<Lenient<T>> {
    leniently(&read_text(path, path).ok()?, fields)
}

/// YAML `text` read into `T` as far as it can be; see [`read_leniently`].
pub(crate) fn leniently<T: DeserializeOwned>(
    text: &str,
    fields: &'static [Field],
) -> Option<Lenient<T>> {
    if let Ok(value) = parse::<T>(text) {
        return Some(Lenient {
            value,
            left_out: Vec::new(),
        });
    }
    let Node::Map(entries) = Node::parse(text)? else {
        return None;
    };
    let mut left_out = Vec::new();
    let pruned = Node::Map(prune(entries, fields, "", &mut left_out));
    let value = parse::<T>(&serde_saphyr::to_string(&pruned).ok()?).ok()?;
    Some(Lenient { value, left_out })
}

type Entries = Vec<(Spanned<Cell>, Spanned<Node>)>;

/// The entries of a mapping at `path` that its key table `fields`
/// accepts, each pruned in turn; the keys left out go to `left_out`.
fn prune(
    entries: Entries,
    fields: &'static [Field],
    path: &str,
    left_out: &mut Vec<String>,
) -> Entries {
    let mut kept = Vec::new();
    for (key, mut value) in entries {
        let name = key.value.0.as_str();
        let Some(field) = fields.iter().find(|f| f.names.contains(&name)) else {
            continue;
        };
        let full = format!("{path}{}", field.names[0]);
        match pruned(value.value, &field.kind, &full, left_out) {
            Some(node) => {
                value.value = node;
                kept.push((key, value));
            }
            None => left_out.push(full),
        }
    }
    kept
}

/// A mapping at `path` pruned by `fields`, when it still has every key it
/// needs.
fn complete(
    node: Node,
    fields: &'static [Field],
    path: &str,
    left_out: &mut Vec<String>,
) -> Option<Node> {
    let Node::Map(entries) = node else {
        return None;
    };
    let kept = prune(entries, fields, &format!("{path}."), left_out);
    let has = |field: &Field| {
        kept.iter()
            .any(|(key, _)| field.names.contains(&key.value.0.as_str()))
    };
    fields
        .iter()
        .filter(|f| f.required)
        .all(has)
        .then_some(Node::Map(kept))
}

/// A value at `path` as far as it is one of `kind`; `None` to leave it
/// out.
fn pruned(node: Node, kind: &Kind, path: &str, left_out: &mut Vec<String>) -> Option<Node> {
    let text = || Node::Scalar(Scalar::Text(String::new()));
    match (node, kind) {
        (Node::Empty, Kind::Text | Kind::Markdown | Kind::Time) => Some(text()),
        (Node::Empty, _) => None,
        (node @ Node::Map(_), Kind::Map(fields)) => complete(node, fields, path, left_out),
        (Node::Seq(items), Kind::List(fields)) => Some(Node::Seq(
            items
                .into_iter()
                .filter_map(|item| complete(item, fields, path, left_out))
                .collect(),
        )),
        (Node::Map(entries), Kind::Entries { fields, .. }) => Some(Node::Map(
            entries
                .into_iter()
                .filter_map(|(key, mut value)| {
                    let entry = format!("{path}.{}", key.value.0);
                    value.value = complete(value.value, fields, &entry, left_out)?;
                    Some((key, value))
                })
                .collect(),
        )),
        (Node::Map(entries), Kind::Votes) => Some(Node::Map(
            entries
                .into_iter()
                .filter(|(_, vote)| match &vote.value {
                    Node::Scalar(Scalar::Bool(_)) => true,
                    Node::Scalar(Scalar::Text(v)) => values::rost(v).is_ok(),
                    _ => false,
                })
                .collect(),
        )),
        (Node::Seq(items), Kind::TextList | Kind::Names) => Some(Node::Seq(
            items
                .into_iter()
                .map(|item| match item {
                    Node::Empty => text(),
                    item => item,
                })
                .filter(|item| matches!(item, Node::Scalar(_)))
                .collect(),
        )),
        (node @ Node::Seq(_), Kind::Rows) => Some(node),
        (Node::Scalar(scalar), kind) => scalar_of(scalar, kind),
        _ => None,
    }
}

/// A scalar as far as it is one of `kind`.
fn scalar_of(scalar: Scalar, kind: &Kind) -> Option<Node> {
    let fits = match kind {
        Kind::Map(_)
        | Kind::List(_)
        | Kind::Entries { .. }
        | Kind::Votes
        | Kind::Rows
        | Kind::TextList => false,
        Kind::Choice(words) if *words == crate::model::BeslutTyp::NAMES => match &scalar {
            Scalar::Text(v) => values::beslut(v).is_ok(),
            _ => false,
        },
        Kind::Choice(words) => match &scalar {
            Scalar::Text(v) => {
                let folded = v.trim().to_lowercase();
                words
                    .iter()
                    .any(|w| *w == folded || fold(w) == fold(&folded))
            }
            _ => false,
        },
        kind => value_error(kind, &scalar).is_none(),
    };
    fits.then_some(Node::Scalar(scalar))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArendeFile, ProtokollFile, Rost};
    use crate::yaml::keys::{ARENDE, PROTOKOLL};

    #[test]
    fn mistakes_are_left_out() {
        let text = "rubrik: R\nrubirk: S\ndiarienummer: D\nförslag_till_beslut: [att x, ~]\n\
                    tjänsteskrivelse: { datum: 2026-13-45, avsändare: A, handläggare: { namn: H } }\n\
                    bilagor:\n  - { titel: T, fil: a.md, publiceras: kanske }\n  - { titel: U }\n\
                    förteckning: { fil: f.csv, rader: x }\npubliceras: false\n";
        let read = leniently::<ArendeFile>(text, ARENDE).unwrap();
        let arende = read.value;
        assert_eq!(arende.rubrik.value, "R");
        assert_eq!(arende.forslag_till_beslut.len(), 2);
        assert!(arende.tjansteskrivelse.is_none());
        assert_eq!(arende.bilagor.len(), 1);
        assert!(arende.bilagor[0].publiceras);
        assert_eq!(arende.forteckning.unwrap().fil.unwrap().value, "f.csv");
        assert!(!arende.publiceras);
        assert_eq!(
            read.left_out,
            [
                "tjänsteskrivelse.datum",
                "tjänsteskrivelse",
                "bilagor.publiceras",
                "förteckning.rader",
            ]
        );
        let protokoll = "tid: x\njustering: { justerare: [A], datum: 2027-01-28, plats: P }\n\
                         paragrafer:\n  beslut/1:\n    beslut: kanske\n    omröstning:\n      \
                         ja: a\n      nej: b\n      röster: { A: ja, B: kanske, C: }\n";
        let protokoll: ProtokollFile = leniently(protokoll, PROTOKOLL).unwrap().value;
        let (_, paragraf) = &protokoll.paragrafer.0[0];
        assert!(paragraf.beslut.is_none());
        let votes = &paragraf.omrostning.as_ref().unwrap().roster.0;
        assert_eq!(votes.len(), 1);
        assert_eq!(votes[0].1, Rost::Ja);
        assert_eq!(
            leniently::<ArendeFile>("rubrik: [R]\n", ARENDE).map(|_| ()),
            None
        );
        assert_eq!(leniently::<ArendeFile>("- a\n", ARENDE).map(|_| ()), None);
    }

    #[test]
    fn texts_come_back_as_written() {
        for written in [
            "true",
            "5",
            "1.50",
            "2026-12-10",
            "ja",
            "yes",
            "null",
            "~",
            "a: b",
            "# x",
            "a #b",
            "rad ett\nrad två\n",
            "rad\n\n",
            " inledande",
            "'q'",
            "\"dq\"",
            "- x",
            "@x",
            "*x",
            "&x",
            "!x",
            "%x",
            "[a]",
            "{a}",
            "å ä ö",
            "tab\there",
            "\\",
            "SN26/45:30.1",
        ] {
            let quoted = serde_json::to_string(written).unwrap();
            let text = format!("rubrik: {quoted}\ndiarienummer: D\nokänd: 1\nbakgrund: {quoted}\n");
            let arende: ArendeFile = leniently(&text, ARENDE).unwrap().value;
            assert_eq!(arende.rubrik.value, written);
            assert_eq!(arende.bakgrund.unwrap().value, written);
        }
    }
}
