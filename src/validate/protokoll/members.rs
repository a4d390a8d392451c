//! Stage 2, validate, for the protokoll: names. Every name written in
//! `protokoll.yaml` must be a ledamot or ersättare of `namnd.yaml`,
//! spelled as there (the closest name is suggested).

use super::ProtokollCheck;
use crate::error::{Diagnostic, Location};
use crate::model::{self, Spanned};
use crate::validate::checker::{Checker, location};
use crate::validate::types::Ledamot;

impl ProtokollCheck<'_> {
    pub(super) fn duplicate_members(&self, checker: &mut Checker) {
        let members = &self.facts.members;
        for (i, m) in members.iter().enumerate() {
            if let Some(first) = members[..i].iter().find(|o| o.namn == m.namn) {
                checker.problems.push(
                    Diagnostic::error(format!(
                        "{} står två gånger bland ledamöter och ersättare (första gången på rad {})",
                        m.namn, first.at.line
                    ))
                    .at(m.at.clone())
                    .tips("ta bort den ena raden; har två personer samma namn, skriv till något som skiljer dem åt"),
                );
            }
        }
    }

    /// The member a name names, or an error with the closest name.
    pub(super) fn member(&self, checker: &mut Checker, name: &str, at: Location) -> Option<usize> {
        let members = &self.facts.members;
        // Spaces are not part of a name: "Anna  Berg" is Anna Berg.
        let name = &name.split_whitespace().collect::<Vec<_>>().join(" ");
        let same = |m: &Ledamot| m.namn.split_whitespace().eq(name.split_whitespace());
        if let Some(index) = members.iter().position(same) {
            return Some(index);
        }
        if let Some(index) = members
            .iter()
            .position(|m| m.namn.to_lowercase() == name.to_lowercase())
        {
            checker.problems.push(
                Diagnostic::error(format!(
                    "`{name}` stavas `{}` i namnd.yaml",
                    members[index].namn
                ))
                .at(at)
                .tips(format!("skriv `{}`", members[index].namn)),
            );
            return None;
        }
        let known: Vec<String> = members.iter().map(|m| m.namn.clone()).collect();
        let diagnostic = Diagnostic::error(format!(
            "`{name}` är varken ledamot eller ersättare i {}",
            self.packet.namnd.namn
        ))
        .at(at);
        checker
            .problems
            .push(match crate::yaml::suggest(name, &known) {
                Some(best) => diagnostic.tips(format!("menade du `{best}`?")),
                None => diagnostic.tips(
                    "skriv namnet som det står under `ledamöter:` eller `ersättare:` i namnd.yaml",
                ),
            });
        None
    }

    /// The names of a `Namn` value with their locations.
    pub(super) fn names(
        &self,
        checker: &mut Checker,
        names: &Spanned<model::Namn>,
    ) -> Vec<(usize, Location)> {
        names
            .value
            .0
            .iter()
            .filter_map(|(name, at)| {
                let at = match at {
                    Some(at) => Location::at(self.path, at.line() as usize, at.column() as usize),
                    None => location(self.path, names),
                };
                self.member(checker, name.trim(), at.clone())
                    .map(|m| (m, at))
            })
            .collect()
    }
}

/// "A, B och C".
pub(super) fn join_names(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} och {}", names[..n - 1].join(", "), names[n - 1]),
    }
}
