//! Stage 2, validate, for the protokoll: a vote (omröstning). Only those
//! serving at the paragraph vote, each once; the ordförande's vote decides
//! a tie (Kommunallagen 5 kap. 59 §).

use std::collections::BTreeMap;

use super::members::join_names;
use super::paragraph::ParagraphCheck;
use super::types::{Omrostning, Paragraf, Rostrad};
use crate::error::{Diagnostic, Location};
use crate::model::{self, Rost};
use crate::validate::checker::{Checker, location};

impl ParagraphCheck<'_> {
    /// The vote, if one was held: the votes by member and the side that won.
    pub(super) fn vote(
        &self,
        checker: &mut Checker,
        paragraf: &mut Paragraf,
    ) -> (BTreeMap<usize, Rost>, Option<Rost>) {
        let ParagraphCheck {
            check, nummer, e, ..
        } = *self;
        let (facts, path) = (check.facts, check.path);
        let chair = self.meeting.chair;
        let Some(o) = &e.omrostning else {
            return (BTreeMap::new(), None);
        };
        let votes = self.roster(checker, o);
        let count = |r: Rost| votes.values().filter(|v| **v == r).count();
        let (ja, nej, avstar) = (count(Rost::Ja), count(Rost::Nej), count(Rost::Avstar));
        let chair_vote = votes.get(&chair.0).copied();
        let winner = if ja > nej {
            Some((Rost::Ja, ""))
        } else if nej > ja {
            Some((Rost::Nej, ""))
        } else {
            match chair_vote {
                Some(v @ (Rost::Ja | Rost::Nej)) => {
                    Some((v, " Vid lika röstetal avgör ordförandens röst."))
                }
                _ => {
                    checker.problems.push(
                        Diagnostic::warning(format!(
                            "omröstningen vid § {nummer} slutar lika, {ja}–{nej}, och ordföranden har inte röstat ja eller nej"
                        ))
                        .at(Location::file(path))
                        .tips("vid lika röstetal har ordföranden utslagsröst (Kommunallagen 5 kap. 59 §); kontrollera röstlistan"),
                    );
                    None
                }
            }
        };
        let outcome = match winner {
            Some((side, tie)) => {
                let what = if side == Rost::Ja {
                    o.ja.trim()
                } else {
                    o.nej.trim()
                };
                format!(
                    "Med {} mot {} beslutar nämnden enligt {}-förslaget: {what}.{}{tie}",
                    counted(ja, "ja-röst", "ja-röster"),
                    counted(nej, "nej-röst", "nej-röster"),
                    if side == Rost::Ja { "ja" } else { "nej" },
                    match avstar {
                        0 => String::new(),
                        1 => " En avstår från att rösta.".to_owned(),
                        n => format!(" {n} avstår från att rösta."),
                    }
                )
            }
            None => format!(
                "Omröstningen slutar {} mot {}.",
                counted(ja, "ja-röst", "ja-röster"),
                counted(nej, "nej-röst", "nej-röster")
            ),
        };
        paragraf.omrostning = Some(Omrostning {
            ja: o.ja.trim().to_owned(),
            nej: o.nej.trim().to_owned(),
            rader: votes
                .iter()
                .map(|(&m, &rost)| Rostrad {
                    namn: facts.members[m].namn.clone(),
                    parti: facts.members[m].parti.clone(),
                    rost,
                })
                .collect(),
            antal_ja: ja,
            antal_nej: nej,
            antal_avstar: avstar,
            utfall: outcome,
        });
        (votes, winner.map(|(side, _)| side))
    }

    /// The votes by member: only those serving at the paragraph and not
    /// jäviga, each once, and all of them.
    fn roster(&self, checker: &mut Checker, o: &model::OmrostningEntry) -> BTreeMap<usize, Rost> {
        let ParagraphCheck {
            check,
            nummer,
            serving,
            jav,
            ..
        } = *self;
        let path = check.path;
        let mut votes: BTreeMap<usize, Rost> = BTreeMap::new();
        for (name, vote) in &o.roster.0 {
            let at = location(path, name);
            let Some(m) = check.member(checker, name.value.trim(), at.clone()) else {
                continue;
            };
            if jav.contains(&m) {
                checker.problems.push(
                    Diagnostic::error(format!(
                        "{} är jävig vid § {nummer} och får inte rösta",
                        check.name(m)
                    ))
                    .at(at)
                    .tips("ta bort rösten; den jävige deltar inte i beslutet"),
                );
            } else if !serving.contains(&m) {
                checker.problems.push(
                    Diagnostic::error(format!("{} tjänstgjorde inte vid § {nummer} och kan inte rösta", check.name(m)))
                        .at(at)
                        .tips("i en omröstning röstar de ledamöter och ersättare som tjänstgör vid paragrafen"),
                );
            } else if votes.insert(m, *vote).is_some() {
                checker.problems.push(
                    Diagnostic::error(format!(
                        "{} röstar två gånger vid § {nummer}",
                        check.name(m)
                    ))
                    .at(at)
                    .tips("ta bort den ena rösten"),
                );
            }
        }
        let missing: Vec<String> = serving
            .iter()
            .filter(|m| !votes.contains_key(m))
            .map(|&m| check.name(m))
            .collect();
        if !missing.is_empty() {
            let at = o
                .roster
                .0
                .first()
                .map(|(name, _)| location(path, name))
                .unwrap_or_else(|| Location::file(path));
            checker.problems.push(
                Diagnostic::error(format!(
                    "röstlistan vid § {nummer} saknar {}, som tjänstgjorde vid paragrafen",
                    join_names(missing.iter().cloned()),
                ))
                .at(at)
                .tips("varje tjänstgörande ledamot och ersättare ska stå i röstlistan med ja, nej eller avstår"),
            );
        }
        votes
    }
}
/// "1 ja-röst", "6 ja-röster".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
