//! Stage 2, validate, for the protokoll: one paragraph. What it records
//! (an ärende of the kallelse or an extra ärende), its decision, the
//! yrkanden, the reservations and the protokollsanteckningar, each checked
//! against who served and who was there. Votes are in [`super::vote`].

use std::collections::{BTreeMap, BTreeSet};

use super::attendance::Attendance;
use super::members::join_names;
use super::numbering::Slot;
use super::types::{Anteckning, Paragraf, ParagrafTyp, Reservation, Yrkande};
use super::{ProtokollCheck, entry_location, secrecy_provision};
use crate::conventions;
use crate::error::{Diagnostic, Location};
use crate::model::{BeslutTyp, ParagrafFile, ProtokollFile, Rost, Spanned};
use crate::validate::checker::{Checker, location};

/// What every paragraph of the meeting is checked against.
pub(super) struct Meeting<'a> {
    /// The protokoll as written.
    pub protokoll: &'a ProtokollFile,
    /// Who was there and who served where.
    pub attendance: &'a Attendance,
    /// The ordförande and where that is said.
    pub chair: &'a (usize, Location),
    /// The first § number.
    pub forsta: u32,
}

/// One paragraph being checked, with what its checks share.
#[derive(Clone, Copy)]
pub(super) struct ParagraphCheck<'a> {
    pub(super) check: &'a ProtokollCheck<'a>,
    pub(super) meeting: &'a Meeting<'a>,
    pub(super) slot: Slot,
    pub(super) nummer: u32,
    /// Its entry in `protokoll.yaml` (an empty one when it has none).
    pub(super) e: &'a ParagrafFile,
    /// Everyone at the meeting.
    pub(super) present: &'a BTreeSet<usize>,
    /// Members serving at the paragraph, without the jäviga.
    pub(super) serving: &'a BTreeSet<usize>,
    /// Members disqualified at the paragraph.
    pub(super) jav: &'a BTreeSet<usize>,
}

impl ProtokollCheck<'_> {
    /// Every paragraph of the meeting in order, with jäv and quorum checked.
    pub(super) fn paragraphs(
        &self,
        checker: &mut Checker,
        meeting: &Meeting,
        slots: &[Slot],
        entries: &BTreeMap<usize, &ParagrafFile>,
    ) -> Vec<Paragraf> {
        let attendance = meeting.attendance;
        let never_quorate = self.never_quorate(checker, meeting.protokoll, attendance, slots.len());
        let present = attendance.everyone();
        let default = ParagrafFile::default();
        // Paragraphs where too few served (not for jäv): one error for them all.
        let mut too_few: Vec<u32> = Vec::new();
        let mut paragrafer = Vec::with_capacity(slots.len());
        for (position, slot) in slots.iter().enumerate() {
            let nummer = meeting.forsta + position as u32;
            let entry = entries.get(&position).copied();
            let jav = self.jav(checker, entry, attendance, position, nummer);
            let serving: BTreeSet<usize> = attendance.serving[position]
                .difference(&jav)
                .copied()
                .collect();
            if !never_quorate
                && !self.quorum(
                    checker,
                    nummer,
                    &serving,
                    &attendance.serving[position],
                    entry,
                )
            {
                too_few.push(nummer);
            }
            let one = ParagraphCheck {
                check: self,
                meeting,
                slot: *slot,
                nummer,
                e: entry.unwrap_or(&default),
                present: &present,
                serving: &serving,
                jav: &jav,
            };
            paragrafer.push(one.paragraph(checker));
        }
        if !too_few.is_empty() {
            self.too_few(checker, meeting.protokoll, &too_few);
        }
        paragrafer
    }

    /// Reads a written reservation (Markdown) inside the project.
    pub(super) fn written_reservation(
        &self,
        checker: &mut Checker,
        fil: &Spanned<String>,
    ) -> Option<(String, std::path::PathBuf)> {
        let resolved = checker.sandbox.resolve(&self.facts.meeting_dir, &fil.value);
        let path = match resolved {
            Ok(path) => path,
            Err(reason) => {
                checker.error_at(
                    self.path,
                    fil,
                    format!("reservationen kan inte läsas: {reason}"),
                    "ange en Markdown-fil i sammanträdesmappen, t.ex. `bilagor/reservation-m.md`",
                );
                return None;
            }
        };
        if !matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("md" | "markdown")
        ) {
            checker.error_at(
                self.path,
                fil,
                format!("`{}` är ingen Markdown-fil", fil.value),
                "en skriftlig reservation skrivs i Markdown (.md) och tas in i protokollet",
            );
            return None;
        }
        let relative = checker.sandbox.relative(&path).to_path_buf();
        let (text, _) =
            checker.markdown_file(&path, self.path, fil, &self.facts.virtual_dir, false)?;
        Some((text, relative))
    }
}

impl ParagraphCheck<'_> {
    /// One paragraph: its content, checked.
    fn paragraph(&self, checker: &mut Checker) -> Paragraf {
        let mut paragraf = self.base();
        self.misplaced_keys(checker);
        let proposed = self.subject(checker, &mut paragraf);
        let ParagraphCheck {
            slot, nummer, e, ..
        } = *self;
        let path = self.check.path;
        if let Some(list) = &e.beslutet_skickas_till {
            paragraf.beslutet_skickas_till = list.iter().map(|s| s.trim().to_owned()).collect();
        }
        if e.sekretess && !matches!(slot, Slot::Extra(_)) {
            checker.problems.push(
                Diagnostic::warning(format!(
                    "`sekretess` vid § {nummer} används bara för extra ärenden"
                ))
                .at(entry_location(path, e))
                .tips("ett sekretessärende i kallelsen står under `sekretessärenden:` i sammantrade.yaml"),
            );
        }
        if e.lagrum.is_some() && !paragraf.sekretess {
            checker.problems.push(
                Diagnostic::warning(format!(
                    "`lagrum` vid § {nummer} används bara för sekretessärenden"
                ))
                .at(entry_location(path, e))
                .tips("ta bort raden"),
            );
        }

        self.decision(checker, &mut paragraf, proposed);
        self.yrkanden(checker, &mut paragraf);
        let (votes, winning) = self.vote(checker, &mut paragraf);
        self.reservations(checker, &mut paragraf, &votes, winning);
        self.anteckningar(checker, &mut paragraf);
        paragraf
    }

    /// The paragraph before its subject and decision are known.
    fn base(&self) -> Paragraf {
        let ParagraphCheck {
            check,
            nummer,
            e,
            serving,
            jav,
            ..
        } = *self;
        let packet = check.packet;
        let namnd = &packet.namnd.namn;
        let etikett = format!("{} § {nummer}", packet.namnd.forkortning);
        Paragraf {
            nummer,
            etikett: etikett.clone(),
            id: format!("paragraf-{nummer}"),
            typ: ParagrafTyp::Beslut,
            rubrik: String::new(),
            diarienummer: String::new(),
            arende: None,
            foredragande: String::new(),
            handling: String::new(),
            text: e
                .text
                .as_ref()
                .map(|t| t.value.trim().to_owned())
                .unwrap_or_default(),
            yrkanden: Vec::new(),
            propositionsordning: e
                .propositionsordning
                .as_ref()
                .map(|t| t.value.trim().to_owned())
                .unwrap_or_default(),
            omrostning: None,
            beslutsinledning: format!("{namnd} beslutar"),
            att_satser: Vec::new(),
            beslutsmening: String::new(),
            motivering: e
                .motivering
                .as_ref()
                .map(|t| t.value.trim().to_owned())
                .unwrap_or_default(),
            resultat: String::new(),
            reservationer: Vec::new(),
            protokollsanteckningar: Vec::new(),
            jav: jav.iter().map(|&m| check.name(m)).collect(),
            omedelbar_justering: e.omedelbar_justering,
            beslutet_skickas_till: Vec::new(),
            sekretess: false,
            lagrum: String::new(),
            publiceras: true,
            utdrag: format!("{}-§{nummer:03}.pdf", file_safe(&packet.namnd.forkortning)),
            tjanstgorande: serving.iter().map(|&m| check.name(m)).collect(),
        }
    }

    /// `rubrik` and `diarienummer` belong to extra ärenden only.
    fn misplaced_keys(&self, checker: &mut Checker) {
        let ParagraphCheck { slot, e, .. } = *self;
        let path = self.check.path;
        if !matches!(slot, Slot::Extra(_)) {
            for (field, name) in [(&e.rubrik, "rubrik"), (&e.diarienummer, "diarienummer")] {
                if let Some(value) = field {
                    checker.error_at(
                        path,
                        value,
                        format!("`{name}` hör bara till extra ärenden"),
                        &format!("ärendets {name} hämtas från kallelsen; ta bort raden"),
                    );
                }
            }
        }
    }

    /// What the paragraph records: its rubrik, diarienummer and secrecy
    /// from the kallelse (or the extra ärende); returns the proposed
    /// decision.
    fn subject(&self, checker: &mut Checker, paragraf: &mut Paragraf) -> Vec<String> {
        let ParagraphCheck {
            check,
            slot,
            nummer,
            e,
            ..
        } = *self;
        let (packet, facts, path) = (check.packet, check.facts, check.path);
        let p = self.meeting.protokoll;
        let proposed: Vec<String>;
        match slot {
            Slot::Sekretess(i) => {
                let a = &packet.sekretessarenden[i];
                paragraf.typ = ParagrafTyp::Sekretess;
                paragraf.rubrik = a.rubrik.clone();
                paragraf.diarienummer = a.diarienummer.clone();
                paragraf.handling = a.handling.clone();
                paragraf.sekretess = true;
                paragraf.publiceras = false;
                paragraf.lagrum = secrecy_provision(e, facts);
                proposed = Vec::new();
            }
            Slot::Information(i) => {
                let a = &packet.informationsarenden[i];
                paragraf.typ = ParagrafTyp::Information;
                paragraf.rubrik = a.rubrik.clone();
                paragraf.diarienummer = a.diarienummer.clone();
                paragraf.foredragande = a.foredragande.clone();
                proposed = vec!["att lägga informationen till handlingarna".to_owned()];
            }
            Slot::Beslut(i) => {
                let a = &packet.arenden[i];
                paragraf.typ = ParagrafTyp::Beslut;
                paragraf.rubrik = a.rubrik.clone();
                paragraf.diarienummer = a.diarienummer.clone();
                paragraf.publiceras = a.publiceras;
                paragraf.beslutet_skickas_till = a.beslutet_skickas_till.clone();
                paragraf.arende = Some(a.clone());
                proposed = a.att_satser.clone();
            }
            Slot::Extra(i) => {
                let x = &p.extra_arenden[i];
                let at = entry_location(path, x);
                paragraf.typ = ParagrafTyp::Extra;
                if x.sekretess {
                    paragraf.sekretess = true;
                    paragraf.publiceras = false;
                    paragraf.lagrum = secrecy_provision(x, facts);
                }
                match &x.rubrik {
                    Some(r) if !r.value.trim().is_empty() => {
                        paragraf.rubrik = r.value.trim().to_owned()
                    }
                    _ => checker.problems.push(
                        Diagnostic::error(format!(
                            "det extra ärendet (§ {nummer}) saknar `rubrik`"
                        ))
                        .at(at.clone())
                        .tips("skriv ärendets rubrik under `extra_ärenden:`"),
                    ),
                }
                match &x.diarienummer {
                    Some(d) => {
                        checker.case_number(path, d, false);
                        paragraf.diarienummer = d.value.trim().to_owned();
                    }
                    None => checker.problems.push(
                        Diagnostic::warning(format!(
                            "det extra ärendet (§ {nummer}) saknar `diarienummer`"
                        ))
                        .at(at.clone())
                        .tips("ange ärendets diarienummer om det har ett"),
                    ),
                }
                proposed = Vec::new();
            }
        }
        proposed
    }

    /// The decision: as proposed, changed, återremitterat, bordlagt or
    /// avskrivet.
    fn decision(&self, checker: &mut Checker, paragraf: &mut Paragraf, proposed: Vec<String>) {
        let ParagraphCheck {
            check,
            slot,
            nummer,
            e,
            ..
        } = *self;
        let path = check.path;
        let beslut = e.beslut.as_ref().map(|b| b.value);
        checker.att_satser(path, &e.att_satser);
        let written: Vec<&str> = e.att_satser.iter().map(|s| s.value.as_str()).collect();
        let beslut_at = e.beslut.as_ref().map(|b| location(path, b));
        let reason_needed = |checker: &mut Checker, word: &str| {
            if paragraf.motivering.is_empty() {
                checker.problems.push(
                    Diagnostic::error(format!("`{word}` vid § {nummer} kräver en `motivering`"))
                        .at(beslut_at.clone().unwrap_or_else(|| Location::file(path)))
                        .tips(format!(
                            "skriv skälet till att ärendet {} under `motivering:`",
                            match word {
                                "återremiss" => "återremitteras",
                                _ => "bordläggs",
                            }
                        )),
                );
            }
        };
        let decided: Vec<String> = match beslut {
            Some(BeslutTyp::Andrat) => {
                if written.is_empty() {
                    checker.problems.push(
                        Diagnostic::error(format!("`ändrat` vid § {nummer} kräver `att_satser` med beslutet"))
                            .at(beslut_at.clone().unwrap_or_else(|| Location::file(path)))
                            .tips("skriv beslutet som nämnden fattade under `att_satser:`, en att-sats per rad"),
                    );
                }
                paragraf.resultat = "Ändrat beslut".into();
                written.iter().map(|s| s.to_string()).collect()
            }
            Some(kind @ (BeslutTyp::Aterremiss | BeslutTyp::Bordlagt)) => {
                let (word, resultat, default) = match kind {
                    BeslutTyp::Aterremiss => {
                        ("återremiss", "Återremitterat", "att återremittera ärendet")
                    }
                    _ => ("bordlagt", "Bordlagt", "att bordlägga ärendet"),
                };
                reason_needed(checker, word);
                paragraf.resultat = resultat.into();
                if e.beslutet_skickas_till.is_none() {
                    // Återremitterat, the ärende goes back to the förvaltning;
                    // bordlagt, nothing was decided that anyone must act on:
                    // not to those the proposed decision was for.
                    paragraf.beslutet_skickas_till.clear();
                }
                if written.is_empty() {
                    vec![default.to_owned()]
                } else {
                    written.iter().map(|s| s.to_string()).collect()
                }
            }
            Some(BeslutTyp::Avskrivet) => {
                paragraf.resultat = "Avskrivet".into();
                if written.is_empty() {
                    vec!["att avskriva ärendet från vidare handläggning".to_owned()]
                } else {
                    written.iter().map(|s| s.to_string()).collect()
                }
            }
            Some(BeslutTyp::EnligtForslag) | None => {
                if !written.is_empty() {
                    if beslut == Some(BeslutTyp::EnligtForslag) && matches!(slot, Slot::Beslut(_)) {
                        checker.problems.push(
                            Diagnostic::error(format!(
                                "§ {nummer} har `att_satser` men beslutet är `enligt förslag`"
                            ))
                            .at(beslut_at.clone().unwrap_or_else(|| Location::file(path)))
                            .tips("skriv `beslut: ändrat` när nämnden beslutade något annat än förslaget, eller ta bort `att_satser`"),
                        );
                    }
                    paragraf.resultat = match slot {
                        Slot::Beslut(_) => "Ändrat beslut".into(),
                        _ => "Beslutat".into(),
                    };
                    written.iter().map(|s| s.to_string()).collect()
                } else {
                    self.as_proposed(checker, paragraf, &proposed, beslut_at.clone())
                }
            }
        };
        paragraf.att_satser = conventions::punctuate_att_satser(&decided);
        self.texts(checker, beslut);
    }

    /// The decision when nothing else was written: the proposal (an
    /// extra ärende has none).
    fn as_proposed(
        &self,
        checker: &mut Checker,
        paragraf: &mut Paragraf,
        proposed: &[String],
        beslut_at: Option<Location>,
    ) -> Vec<String> {
        let ParagraphCheck {
            check,
            slot,
            nummer,
            e,
            ..
        } = *self;
        let path = check.path;
        let namnd = &check.packet.namnd.namn;
        match slot {
            Slot::Extra(_) => {
                checker.problems.push(
                    Diagnostic::error(format!("det extra ärendet (§ {nummer}) saknar beslut"))
                        .at(beslut_at.clone().unwrap_or_else(|| entry_location(path, e)))
                        .tips("skriv beslutet under `att_satser:`, eller `beslut: återremiss`, `bordlagt` eller `avskrivet`"),
                );
                Vec::new()
            }
            Slot::Sekretess(_) => {
                paragraf.resultat = "Enligt förslag".into();
                paragraf.beslutsmening = if paragraf.handling.is_empty() {
                    format!("{namnd} beslutar enligt förvaltningens förslag.")
                } else {
                    format!(
                        "{namnd} beslutar enligt förslaget i handling {}.",
                        paragraf.handling
                    )
                };
                Vec::new()
            }
            Slot::Information(_) => {
                paragraf.resultat = "Informationen noterad".into();
                proposed.to_vec()
            }
            Slot::Beslut(_) => {
                paragraf.resultat = "Enligt förslag".into();
                proposed.to_vec()
            }
        }
    }

    /// The Markdown of `motivering` and `text`; a motivering belongs to
    /// återremiss, bordläggning and avskrivning.
    fn texts(&self, checker: &mut Checker, beslut: Option<BeslutTyp>) {
        let ParagraphCheck {
            check, nummer, e, ..
        } = *self;
        let (facts, path) = (check.facts, check.path);
        if let Some(m) = &e.motivering {
            checker.markdown(path, m, &facts.virtual_dir);
            if matches!(
                beslut,
                None | Some(BeslutTyp::EnligtForslag | BeslutTyp::Andrat)
            ) {
                checker.problems.push(
                    Diagnostic::warning(format!("`motivering` vid § {nummer} används bara vid återremiss, bordläggning och avskrivning"))
                        .at(location(path, m))
                        .tips("skriv det som sades på sammanträdet under `text:` i stället"),
                );
            }
        }
        if let Some(t) = &e.text {
            checker.markdown(path, t, &facts.virtual_dir);
        }
    }

    /// Yrkanden: only those serving may propose.
    fn yrkanden(&self, checker: &mut Checker, paragraf: &mut Paragraf) {
        let ParagraphCheck {
            check, nummer, e, ..
        } = *self;
        let path = check.path;
        let (serving, jav) = (self.serving, self.jav);
        for y in &e.yrkanden {
            let named = check.names(checker, &y.av);
            for (m, at) in &named {
                if !serving.contains(m) {
                    checker.problems.push(
                        Diagnostic::error(format!(
                            "{} {} vid § {nummer} och kan inte yrka",
                            check.name(*m),
                            if jav.contains(m) {
                                "är jävig"
                            } else {
                                "tjänstgjorde inte"
                            }
                        ))
                        .at(at.clone())
                        .tips("bara tjänstgörande ledamöter och ersättare har yrkanderätt"),
                    );
                }
            }
            paragraf.yrkanden.push(Yrkande {
                av: join_names(named.iter().map(|(m, _)| check.name(*m))),
                yrkande: y.yrkande.trim().to_owned(),
            });
        }
        if e.yrkanden.len() >= 2 && e.propositionsordning.is_none() {
            checker.problems.push(
                Diagnostic::warning(format!(
                    "§ {nummer} har {} yrkanden men ingen propositionsordning",
                    e.yrkanden.len()
                ))
                .at(location(path, &e.yrkanden[0].av))
                .tips("skriv hur ordföranden ställde yrkandena mot varandra under `propositionsordning:` (Kommunallagen 5 kap. 67 §)"),
            );
        }
    }

    /// Reservations: only those who took part in the decision.
    fn reservations(
        &self,
        checker: &mut Checker,
        paragraf: &mut Paragraf,
        votes: &BTreeMap<usize, Rost>,
        winning: Option<Rost>,
    ) {
        let ParagraphCheck {
            check, nummer, e, ..
        } = *self;
        let path = check.path;
        let serving = self.serving;
        for r in &e.reservationer {
            let named = check.names(checker, &r.av);
            for (m, at) in &named {
                if !serving.contains(m) {
                    checker.problems.push(
                        Diagnostic::error(format!(
                            "{} deltog inte i beslutet vid § {nummer} och kan inte reservera sig",
                            check.name(*m)
                        ))
                        .at(at.clone())
                        .tips("bara den som deltog i beslutet kan reservera sig mot det"),
                    );
                } else if winning.is_some() && votes.get(m).copied() == winning {
                    checker.problems.push(
                        Diagnostic::warning(format!(
                            "{} reserverar sig vid § {nummer} men röstade för beslutet",
                            check.name(*m)
                        ))
                        .at(at.clone())
                        .tips("kontrollera röstlistan och reservationen"),
                    );
                }
            }
            let (skriftlig, fil) = match &r.fil {
                Some(fil) => match check.written_reservation(checker, fil) {
                    Some((text, path)) => (text, Some(path)),
                    None => (String::new(), None),
                },
                None => (String::new(), None),
            };
            if r.fil.is_none() && r.text.as_deref().unwrap_or("").trim().is_empty() {
                checker.problems.push(
                    Diagnostic::error(format!("reservationen vid § {nummer} saknar både `text` och `fil`"))
                        .at(location(path, &r.av))
                        .tips("skriv t.ex. `text: \"Till förmån för eget yrkande.\"`, eller `fil:` med en skriftlig reservation"),
                );
            }
            paragraf.reservationer.push(Reservation {
                av: join_names(named.iter().map(|(m, _)| check.name(*m))),
                text: r.text.as_deref().unwrap_or("").trim().to_owned(),
                skriftlig,
                fil,
            });
        }
    }

    /// Protokollsanteckningar: anyone who was there.
    fn anteckningar(&self, checker: &mut Checker, paragraf: &mut Paragraf) {
        let ParagraphCheck {
            check, nummer, e, ..
        } = *self;
        let (facts, path) = (check.facts, check.path);
        let present = self.present;
        for a in &e.protokollsanteckningar {
            let named = check.names(checker, &a.av);
            for (m, at) in &named {
                if !present.contains(m) {
                    checker.problems.push(
                        Diagnostic::error(format!(
                            "{} var inte på sammanträdet och kan inte lämna en protokollsanteckning vid § {nummer}",
                            check.name(*m)
                        ))
                        .at(at.clone())
                        .tips("en protokollsanteckning lämnas av någon som var närvarande; kontrollera namnet och `närvaro:`"),
                    );
                }
            }
            checker.markdown(path, &a.text, &facts.virtual_dir);
            paragraf.protokollsanteckningar.push(Anteckning {
                av: join_names(named.iter().map(|(m, _)| check.name(*m))),
                text: a.text.value.trim().to_owned(),
            });
        }
    }
}

/// The abbreviation as part of a file name: letters and digits only.
fn file_safe(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}
