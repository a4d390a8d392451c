//! Between validate and render: what each audience may read. This is the
//! one place where every field of a meeting decides whether it is public.
//!
//! The internal documents (the kallelse, the protokoll, its utdrag) show
//! everything, with masked passages as written ([`mask::reveal`]). What is
//! published (the web kallelse and protokoll, `sammantrade.json`, the
//! site's pages, calendars, feeds and data) is made from the *public view*
//! of the packet and the protokoll: everything not for publication is
//! removed from the data before any template or page sees it, so no
//! template, not even a project's own, can publish it.
//!
//! - A sekretessärende: its rubrik, diarienummer and document reference.
//! - An ärende with `publiceras: false`: its number, rubrik and
//!   diarienummer, and that its handlingar are not published.
//! - A bilaga with `publiceras: false`: its title, not its text.
//! - A sekretess paragraph of the protokoll (a sekretessärende or a secret
//!   extra ärende): its §, rubrik, diarienummer and lagrum.
//! - A paragraph whose ärende is not published: the decision and how it
//!   was reached (public under the law), not the ärende's text, its
//!   förteckning or who the decision is sent to.
//! - A masked passage (see [`mask`]) anywhere: a note with its lagrum.
//!
//! What is left is then checked as published, by the publish stage's guard.

use crate::error::{Diagnostic, Error, Result};
use crate::mask::{self, Syntax};
use crate::table;
use crate::validate::protokoll::{Paragraf, Protokoll};
use crate::validate::{Arende, Bilaga, Forteckning, Packet};

/// Who a version of the documents is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The full packet for the members: every document, PDF bilagor embedded.
    Full,
    /// The web version: unpublished ärenden and bilagor left out, PDF
    /// bilagor referred to as files of their own, accessible and archival.
    Web,
    /// The e-arkiv's copy: every document and text in full (archives keep
    /// what is secret, and mark it), PDF bilagor referred to as files of
    /// their own, accessible and archival.
    Archive,
}

impl Variant {
    /// Whether its readers are the public: what is not published is left
    /// out and masked passages are replaced.
    pub fn public(self) -> bool {
        self == Variant::Web
    }
}

/// The packet as `variant`'s readers may read it.
pub fn packet(mut packet: Packet, variant: Variant) -> Result<Packet> {
    let mut texts = Texts::new(variant);
    texts.packet(&mut packet);
    texts.finish()?;
    Ok(packet)
}

/// The protokoll as `variant`'s readers may read it.
pub fn protokoll(mut protokoll: Protokoll, variant: Variant) -> Result<Protokoll> {
    let mut texts = Texts::new(variant);
    texts.protokoll(&mut protokoll);
    texts.finish()?;
    Ok(protokoll)
}

/// Whether an ärende's handlingar (its documents, proposal, recipients and
/// bilagor) are published.
pub fn arende_published(arende: &Arende) -> bool {
    arende.publiceras
}

/// Whether a bilaga's text is published.
pub fn bilaga_published(arende: &Arende, bilaga: &Bilaga) -> bool {
    arende_published(arende) && bilaga.publiceras
}

/// Whether a paragraph's content (beyond its §, rubrik and diarienummer)
/// is published.
pub fn paragraph_published(paragraf: &Paragraf) -> bool {
    !paragraf.sekretess
}

/// Walks every text of the data, revealing or redacting its masked
/// passages, and emptying what the audience may not read.
struct Texts {
    public: bool,
    /// Texts whose masking could not be read (the validate stage reports
    /// them at their lines first; this is the last line of defence).
    broken: Vec<String>,
    /// Where the text being walked belongs, for a message.
    owner: String,
}

impl Texts {
    fn new(variant: Variant) -> Self {
        Self {
            public: variant.public(),
            broken: Vec::new(),
            owner: String::new(),
        }
    }

    fn finish(self) -> Result<()> {
        if self.broken.is_empty() {
            return Ok(());
        }
        Err(Error::Input(
            self.broken
                .into_iter()
                .map(|owner| {
                    Diagnostic::error(format!(
                        "maskeringen i {owner} kan inte läsas: ett maskerat ställe börjar och slutar inte i samma text"
                    ))
                    .tips("`kallelse kontrollera` visar raden; varje `<maskerad lagrum=\"…\">` ska avslutas med `</maskerad>` i samma text")
                })
                .collect(),
        ))
    }

    fn text(&mut self, text: &mut String, syntax: Syntax) {
        if !mask::mentions(text) {
            return;
        }
        let shown = if self.public {
            mask::redact(text, syntax)
        } else {
            mask::passages(text).map(|_| mask::reveal(text))
        };
        match shown {
            Ok(shown) => *text = shown,
            Err(_) => {
                text.clear();
                if !self.broken.contains(&self.owner) {
                    self.broken.push(self.owner.clone());
                }
            }
        }
    }

    fn plain(&mut self, text: &mut String) {
        self.text(text, Syntax::Plain);
    }

    fn markdown(&mut self, text: &mut String) {
        self.text(text, Syntax::Markdown);
    }

    fn plains<'a>(&mut self, texts: impl IntoIterator<Item = &'a mut String>) {
        for text in texts {
            self.plain(text);
        }
    }

    fn packet(&mut self, packet: &mut Packet) {
        self.owner = "sammanträdet".into();
        let namnd = &mut packet.namnd;
        self.plains([
            &mut packet.titel,
            &mut namnd.namn,
            &mut namnd.genitiv,
            &mut namnd.organisation,
            &mut namnd.ordforande.namn,
            &mut namnd.ordforande.titel,
            &mut namnd.sekreterare.namn,
            &mut namnd.sekreterare.titel,
        ]);
        for rad in &mut namnd.kontakt {
            self.plain(&mut rad.varde);
        }
        let sammantrade = &mut packet.sammantrade;
        self.plains([&mut sammantrade.plats, &mut sammantrade.gruppmoten_tid]);
        for rum in &mut sammantrade.gruppmoten {
            self.plains([&mut rum.grupp, &mut rum.lokal]);
        }
        for a in &mut packet.sekretessarenden {
            self.owner = format!("sekretessärende {}", a.nummer);
            self.plains([&mut a.rubrik, &mut a.diarienummer, &mut a.handling]);
        }
        for a in &mut packet.informationsarenden {
            self.owner = format!("informationsärende {}", a.nummer);
            self.plains([&mut a.rubrik, &mut a.foredragande, &mut a.diarienummer]);
        }
        for arende in &mut packet.arenden {
            self.arende(arende);
        }
    }

    fn arende(&mut self, a: &mut Arende) {
        self.owner = format!("ärende {} ({})", a.nummer, a.kalla.display());
        self.plains([&mut a.rubrik, &mut a.diarienummer]);
        if self.public && !arende_published(a) {
            withhold_arende(a);
            return;
        }
        if let Some(t) = &mut a.tjansteskrivelse {
            self.plains([
                &mut t.avsandare,
                &mut t.mottagare,
                &mut t.handlaggare.namn,
                &mut t.handlaggare.titel,
            ]);
        }
        self.markdown(&mut a.sammanfattning);
        self.markdown(&mut a.bakgrund);
        self.markdown(&mut a.forslag);
        if let Some(b) = &mut a.barnrattsprovning {
            self.markdown(&mut b.motivering);
        }
        self.plains(&mut a.att_satser);
        self.plains(&mut a.beslutet_skickas_till);
        for h in &mut a.handlingar {
            self.plain(&mut h.titel);
        }
        let public = self.public;
        let owner = self.owner.clone();
        for b in &mut a.bilagor {
            self.owner = format!("bilagan {}", b.fil);
            self.plain(&mut b.titel);
            if public && !b.publiceras {
                b.text.clear();
            } else {
                self.markdown(&mut b.text);
            }
        }
        self.owner = owner;
        if let Some(f) = &mut a.forteckning {
            self.forteckning(f);
        }
    }

    fn forteckning(&mut self, f: &mut Forteckning) {
        let masked = mask::mentions(&f.titel)
            || f.kolumner.iter().any(|k| mask::mentions(k))
            || f.rader.iter().flatten().any(|cell| mask::mentions(cell));
        if !masked {
            return;
        }
        self.plain(&mut f.titel);
        self.plains(&mut f.kolumner);
        self.plains(f.rader.iter_mut().flatten());
        // The widths are measured from the words that are shown.
        f.bredder = table::column_widths(&f.kolumner, &f.rader);
        f.ord = table::column_words(&f.kolumner, &f.rader);
        f.enkel = table::fits_on_one_line(&f.kolumner, &f.rader);
    }

    fn protokoll(&mut self, p: &mut Protokoll) {
        self.owner = "protokollet".into();
        self.plains([
            &mut p.titel,
            &mut p.tid,
            &mut p.datumrad,
            &mut p.plats,
            &mut p.justering.plats,
            &mut p.justering.tid,
            &mut p.sekreterare.namn,
            &mut p.sekreterare.titel,
        ]);
        let people = std::iter::once(&mut p.ordforande)
            .chain(&mut p.beslutande)
            .chain(&mut p.ovriga_ersattare)
            .chain(&mut p.franvarande)
            .chain(&mut p.justerare);
        for person in people {
            self.plains([&mut person.namn, &mut person.roll, &mut person.text]);
        }
        for person in &mut p.ovriga {
            self.plains([&mut person.namn, &mut person.titel]);
        }
        for anslag in &mut p.anslag {
            self.plain(&mut anslag.forvaringsplats);
        }
        for paragraf in &mut p.paragrafer {
            self.paragraf(paragraf);
        }
        if self.public {
            // Who receives which utdrag is the sekreterare's list.
            p.mottagare.clear();
        }
    }

    fn paragraf(&mut self, p: &mut Paragraf) {
        self.owner = format!("§ {} ({})", p.nummer, p.rubrik);
        self.plains([&mut p.rubrik, &mut p.diarienummer]);
        if self.public && !paragraph_published(p) {
            withhold_paragraph(p);
            return;
        }
        if let Some(arende) = &mut p.arende {
            self.arende(arende);
        }
        let owner = format!("§ {} ({})", p.nummer, p.rubrik);
        self.owner = owner;
        if self.public && !p.publiceras {
            p.beslutet_skickas_till.clear();
        }
        self.plains([
            &mut p.foredragande,
            &mut p.handling,
            &mut p.propositionsordning,
            &mut p.beslutsmening,
        ]);
        self.markdown(&mut p.text);
        self.markdown(&mut p.motivering);
        for y in &mut p.yrkanden {
            self.plain(&mut y.yrkande);
        }
        if let Some(o) = &mut p.omrostning {
            self.plains([&mut o.ja, &mut o.nej, &mut o.utfall]);
        }
        self.plains(&mut p.att_satser);
        self.plains(&mut p.beslutet_skickas_till);
        for r in &mut p.reservationer {
            self.plain(&mut r.text);
            self.markdown(&mut r.skriftlig);
        }
        for a in &mut p.protokollsanteckningar {
            self.markdown(&mut a.text);
        }
    }
}

/// An unpublished ärende as the public reads it: its number, rubrik and
/// diarienummer, and the dates of its tjänsteskrivelse (which date the
/// kallelse).
fn withhold_arende(a: &mut Arende) {
    if let Some(t) = &mut a.tjansteskrivelse {
        t.avsandare.clear();
        t.mottagare.clear();
        t.handlaggare = crate::validate::Person {
            namn: String::new(),
            titel: String::new(),
            epost: String::new(),
            telefon: String::new(),
        };
    }
    a.sammanfattning.clear();
    a.bakgrund.clear();
    a.forslag.clear();
    a.barnrattsprovning = None;
    a.att_satser.clear();
    a.beslutet_skickas_till.clear();
    a.bilagor.clear();
    a.forteckning = None;
    a.handlingar.clear();
}

/// A sekretess paragraph as the public reads it: its §, rubrik,
/// diarienummer, outcome and lagrum.
fn withhold_paragraph(p: &mut Paragraf) {
    p.arende = None;
    p.foredragande.clear();
    p.handling.clear();
    p.text.clear();
    p.yrkanden.clear();
    p.propositionsordning.clear();
    p.omrostning = None;
    p.att_satser.clear();
    p.beslutsmening.clear();
    p.motivering.clear();
    p.reservationer.clear();
    p.protokollsanteckningar.clear();
    p.jav.clear();
    p.beslutet_skickas_till.clear();
    p.tjanstgorande.clear();
}
