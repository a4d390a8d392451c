//! Stage 6, the e-arkiv: a meeting's ärenden as the metadata describes
//! them: each paragraph of the protokoll (or, without one, each ärende of
//! the kallelse) with its diarienummer, rubrik, handläggare, decision and
//! what is secret in it.

use super::contents::MeetingContents;
use crate::validate::Arende;

/// One ärende (or paragraph) of a meeting as the metadata describes it.
pub(super) struct Case {
    /// The ärende's id, or the paragraph's label when it has no ärende.
    pub key: String,
    /// "beslutsärende", "informationsärende", "sekretessärende", "extra ärende".
    pub kind: &'static str,
    /// "SN § 121", when numbered.
    pub paragraf: Option<String>,
    /// Diarienummer, empty when none.
    pub diarienummer: String,
    /// Rubrik.
    pub rubrik: String,
    /// "Anna Svensson, utredare".
    pub handlaggare: Option<String>,
    /// The tjänsteskrivelse's day, ISO.
    pub created: Option<String>,
    /// The decision as the protokoll records it.
    pub decision: Option<String>,
    /// What may not be shown: (lagrum, what).
    pub secrecy: Vec<(String, String)>,
}

impl Case {
    /// Whether a document of the meeting belongs to this case: a bilaga
    /// of its ärende, or the utdrag of its paragraph.
    pub(super) fn owns(&self, file: &super::contents::DataFile) -> bool {
        file.arende.as_deref() == Some(self.key.as_str()) || file.arende == self.paragraf
    }
}

/// The ärenden of a meeting: the protokoll's paragraphs when it has one,
/// else the kallelse's ärenden.
pub(super) fn cases(m: &MeetingContents) -> Vec<Case> {
    let Some(protokoll) = &m.protokoll else {
        return kallelse_cases(m);
    };
    protokoll
        .paragrafer
        .iter()
        .map(|p| {
            use crate::validate::protokoll::ParagrafTyp;
            let arende = p.arende.as_ref();
            let key = arende.map_or(p.etikett.clone(), |a| a.id.clone());
            let mut secrecy = masked(m, &[key.as_str(), p.etikett.as_str()]);
            if p.sekretess {
                secrecy.insert(0, (p.lagrum.clone(), "Paragrafen omfattas av sekretess: handlingarna och beslutet lämnas inte ut utan sekretessprövning.".into()));
            }
            let decision = if !p.att_satser.is_empty() {
                format!("{} {}", p.beslutsinledning, p.att_satser.join(" "))
            } else if !p.beslutsmening.is_empty() {
                p.beslutsmening.clone()
            } else {
                p.resultat.clone()
            };
            Case {
                kind: match p.typ {
                    ParagrafTyp::Sekretess => "sekretessärende",
                    ParagrafTyp::Information => "informationsärende",
                    ParagrafTyp::Beslut => "beslutsärende",
                    _ => "extra ärende",
                },
                key,
                paragraf: Some(p.etikett.clone()),
                diarienummer: p.diarienummer.clone(),
                rubrik: p.rubrik.clone(),
                handlaggare: arende.and_then(handlaggare),
                created: arende.and_then(|a| a.tjansteskrivelse.as_ref()).map(|t| t.datum.clone()),
                decision: (!decision.trim().is_empty()).then(|| {
                    if p.resultat.is_empty() || decision == p.resultat {
                        decision.clone()
                    } else {
                        format!("{decision} ({})", p.resultat)
                    }
                }),
                secrecy,
            }
        })
        .collect()
}

/// The ärenden of a meeting archived without its protokoll.
fn kallelse_cases(m: &MeetingContents) -> Vec<Case> {
    let packet = &m.packet;
    let label = |n: Option<u32>| n.map(|n| format!("{} § {n}", packet.namnd.forkortning));
    let mut out = Vec::new();
    for s in &packet.sekretessarenden {
        out.push(Case {
            key: format!("sekretess-{}", s.nummer),
            kind: "sekretessärende",
            paragraf: label(s.paragraf),
            diarienummer: s.diarienummer.clone(),
            rubrik: s.rubrik.clone(),
            handlaggare: None,
            created: None,
            decision: None,
            secrecy: vec![(
                "offentlighets- och sekretesslagen (2009:400)".into(),
                "Sekretessärende: handlingen lämnas inte ut utan sekretessprövning.".into(),
            )],
        });
    }
    for i in &packet.informationsarenden {
        out.push(Case {
            key: format!("information-{}", i.nummer),
            kind: "informationsärende",
            paragraf: label(i.paragraf),
            diarienummer: i.diarienummer.clone(),
            rubrik: i.rubrik.clone(),
            handlaggare: None,
            created: None,
            decision: None,
            secrecy: Vec::new(),
        });
    }
    for a in &packet.arenden {
        out.push(Case {
            key: a.id.clone(),
            kind: "beslutsärende",
            paragraf: label(a.paragraf),
            diarienummer: a.diarienummer.clone(),
            rubrik: a.rubrik.clone(),
            handlaggare: handlaggare(a),
            created: a.tjansteskrivelse.as_ref().map(|t| t.datum.clone()),
            decision: None,
            secrecy: masked(m, &[a.id.as_str()]),
        });
    }
    out
}

/// What is masked in the texts of `keys` (an ärende and its paragraph):
/// each lagrum once.
fn masked(m: &MeetingContents, keys: &[&str]) -> Vec<(String, String)> {
    let mut lagrum: Vec<&String> = m
        .masked
        .iter()
        .filter(|(owner, _)| keys.contains(&owner.as_str()))
        .map(|(_, lagrum)| lagrum)
        .collect();
    lagrum.sort();
    lagrum.dedup();
    let why = "Uppgifter i texten är maskerade och lämnas inte ut utan sekretessprövning.";
    lagrum
        .into_iter()
        .map(|l| (l.clone(), why.to_owned()))
        .collect()
}

/// "Emir Hasanović, Sakkunnig socialnämnden": who wrote the
/// tjänsteskrivelse.
fn handlaggare(a: &Arende) -> Option<String> {
    a.tjansteskrivelse.as_ref().map(|t| {
        let p = &t.handlaggare;
        if p.titel.is_empty() {
            p.namn.clone()
        } else {
            format!("{}, {}", p.namn, p.titel)
        }
    })
}

/// "SN § 121 · Dnr SN 2026/45 · Rubrik · Beslut: …".
pub(super) fn case_label(case: &Case) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(case.paragraf.clone());
    if !case.diarienummer.is_empty() {
        parts.push(format!("Dnr {}", case.diarienummer));
    }
    parts.push(case.rubrik.clone());
    if let Some(decision) = &case.decision {
        parts.push(format!("Beslut: {decision}"));
    }
    if !case.secrecy.is_empty() {
        parts.push("Sekretess".into());
    }
    parts.join(" · ")
}
