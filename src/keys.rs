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

const KONTAKT: &[Field] = &[
    key(
        &["postadress"],
        Kind::Text,
        false,
        "Postadress, t.ex. \"Box 1, 123 45 Sjöstad\".",
    ),
    key(
        &["besöksadress", "besoksadress"],
        Kind::Text,
        false,
        "Besöksadress.",
    ),
    key(&["telefon"], Kind::Text, false, "Växelns telefonnummer."),
    key(
        &["e-post", "epost"],
        Kind::Text,
        false,
        "Kommunens eller nämndens e-postadress.",
    ),
    key(&["webb"], Kind::Text, false, "Webbplats."),
    key(&["org_nr"], Kind::Text, false, "Organisationsnummer."),
];

/// The keys of `webbplats.yaml`, the settings of the meeting site.
pub const WEBBPLATS: &[Field] = &[
    key(
        &["namn"],
        Kind::Text,
        false,
        "Webbplatsens namn i sidhuvudet, t.ex. \"Sammanträden och protokoll\".",
    ),
    key(
        &["organisation"],
        Kind::Text,
        false,
        "Kommunen, t.ex. \"Sjöstads kommun\"; annars den första nämndens organisation.",
    ),
    key(
        &["adress"],
        Kind::Text,
        false,
        "Webbplatsens adress, t.ex. \"https://www.sjostad.se/sammantraden/\": gör adresserna i data, flöden och sitemap.xml fullständiga (--bas-url går före).",
    ),
    key(
        &["logotyp"],
        Kind::Text,
        false,
        "Kommunens logotyp (SVG eller PNG), sökvägen relativ till projektets rot (mappen med webbplats.yaml och content/), t.ex. \"content/bilder/logotyp.svg\".",
    ),
    key(
        &["färg", "farg"],
        Kind::Text,
        false,
        "Sidhuvudets och länkarnas färg, t.ex. \"#1d4f7a\"; vit text på den måste ha kontrast minst 4,5:1.",
    ),
    key(
        &["sidfot"],
        Kind::Text,
        false,
        "En rad i sidfoten, t.ex. kommunens adress och telefon.",
    ),
];

/// The keys of `namnd.yaml`.
pub const NAMND: &[Field] = &[
    key(
        &["namn"],
        Kind::Text,
        true,
        "Nämndens namn, t.ex. \"Socialnämnden\".",
    ),
    key(
        &["förkortning", "forkortning"],
        Kind::Text,
        true,
        "Förkortningen i diarienummer och paragrafer, t.ex. \"SN\".",
    ),
    key(
        &["organisation"],
        Kind::Text,
        true,
        "Kommunens namn, t.ex. \"Sjöstads kommun\".",
    ),
    key(
        &["genitiv"],
        Kind::Text,
        false,
        "Genitivformen när regeln (lägg till s) blir fel, t.ex. \"Kommunstyrelsens\".",
    ),
    key(
        &["ordförande", "ordforande"],
        Kind::Map(PERSON),
        true,
        "Nämndens ordförande.",
    ),
    key(
        &["sekreterare"],
        Kind::Map(PERSON),
        true,
        "Nämndsekreteraren.",
    ),
    key(
        &["kontakt"],
        Kind::Map(KONTAKT),
        false,
        "Adressblocket i tjänsteskrivelsens sidfot.",
    ),
    key(
        &["diarienummer_mönster", "diarienummer_monster"],
        Kind::Text,
        false,
        "Reguljärt uttryck som varje diarienummer ska följa; standard är förkortning, årtal och löpnummer: SN26/45.",
    ),
    key(
        &["ledamöter", "ledamoter"],
        Kind::List(MEMBER),
        false,
        "Nämndens ledamöter; behövs för protokollet (närvaro, beslutsförhet, omröstningar).",
    ),
    key(
        &["ersättare", "ersattare"],
        Kind::List(MEMBER),
        false,
        "Nämndens ersättare.",
    ),
    key(
        &["sekretess_lagrum", "sekretesslagrum"],
        Kind::Text,
        false,
        "Lagrummet som sekretessparagrafer hänvisar till i protokollets webbversion, t.ex. \"26 kap. 1 § offentlighets- och sekretesslagen (2009:400)\".",
    ),
];

const MEMBER: &[Field] = &[
    key(
        &["namn"],
        Kind::Text,
        true,
        "För- och efternamn, så som protokollet skriver det.",
    ),
    key(
        &["parti"],
        Kind::Text,
        false,
        "Partiets förkortning, t.ex. \"S\".",
    ),
    key(
        &["uppdrag"],
        Kind::Text,
        false,
        "Uppdrag i nämnden, t.ex. \"ordförande\" eller \"1:e vice ordförande\".",
    ),
];

const GRUPPMOTEN: &[Field] = &[
    key(
        &["tid"],
        Kind::Text,
        true,
        "Tiden för gruppmötena, t.ex. \"12:30–13:30\".",
    ),
    key(
        &["lokaler"],
        Kind::List(&[
            key(
                &["grupp"],
                Kind::Text,
                true,
                "Partigruppen, t.ex. \"S-, C- och MP-grupp\".",
            ),
            key(&["lokal"], Kind::Text, true, "Lokalen."),
        ]),
        false,
        "En lokal per partigrupp.",
    ),
];

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

/// The keys of `sammantrade.yaml`.
pub const SAMMANTRADE: &[Field] = &[
    key(
        &["datum"],
        Kind::Date,
        true,
        "Sammanträdets datum, ÅÅÅÅ-MM-DD; samma som mappens namn.",
    ),
    key(
        &["tid"],
        Kind::Time,
        true,
        "Klockslaget inom citattecken, t.ex. \"13:30\".",
    ),
    key(
        &["plats"],
        Kind::Text,
        true,
        "Lokalen, t.ex. \"Stadshuset, sal B\".",
    ),
    key(
        &["öppet", "oppet"],
        Kind::Bool,
        true,
        "true om sammanträdet är öppet för allmänheten, annars false.",
    ),
    key(
        &["gruppmöten", "gruppmoten"],
        Kind::Map(GRUPPMOTEN),
        false,
        "Partigruppernas möten före sammanträdet.",
    ),
    key(
        &["första_paragraf", "forsta_paragraf"],
        Kind::Integer,
        false,
        "Första paragrafnumret; ger \"SN § 145\", \"SN § 146\" … i beslutsärendenas ordning.",
    ),
    key(
        &["sekretessärenden", "sekretessarenden"],
        Kind::List(&[
            key(&["rubrik"], Kind::Text, true, "Ärendets rubrik (visas)."),
            key(&["diarienummer"], Kind::Text, true, "Diarienumret (visas)."),
            key(
                &["handling"],
                Kind::Text,
                false,
                "Handlingens diarienummer, t.ex. \"SN26/12:4\"; dukas på gruppmötet.",
            ),
        ]),
        false,
        "Ärenden med sekretess: bara rubrik och diarienummer visas, i alla versioner.",
    ),
    key(
        &["informationsärenden", "informationsarenden"],
        Kind::List(&[
            key(&["rubrik"], Kind::Text, true, "Informationens rubrik."),
            key(
                &["föredragande", "foredragande"],
                Kind::Text,
                false,
                "Vem som föredrar, t.ex. \"Områdeschef\".",
            ),
            key(
                &["diarienummer"],
                Kind::Text,
                false,
                "Diarienummer, om det finns.",
            ),
        ]),
        false,
        "Information utan beslut.",
    ),
    key(
        &["tillåtna_nummer", "tillatna_nummer"],
        Kind::List(ALLOWED_NUMBER),
        false,
        ALLOWED_NUMBERS_ABOUT,
    ),
];

const TJANSTESKRIVELSE: &[Field] = &[
    key(
        &["datum"],
        Kind::Date,
        true,
        "Tjänsteskrivelsens datum, ÅÅÅÅ-MM-DD.",
    ),
    key(
        &["avsändare", "avsandare"],
        Kind::Text,
        true,
        "Förvaltning och avdelning, t.ex. \"Kommunledningskontoret, Politisk beredning\".",
    ),
    key(
        &["handläggare", "handlaggare"],
        Kind::Map(PERSON),
        true,
        "Den som skrivit tjänsteskrivelsen.",
    ),
    key(
        &["godkänd", "godkand"],
        Kind::Date,
        false,
        "Datum då tjänsteskrivelsen godkändes, ÅÅÅÅ-MM-DD.",
    ),
    key(
        &["mottagare"],
        Kind::Text,
        false,
        "Mottagaren; nämnden om den saknas.",
    ),
];

/// The keys of an ärende file.
pub const ARENDE: &[Field] = &[
    key(
        &["rubrik"],
        Kind::Text,
        true,
        "Ärendets rubrik, samma i ärendelistan och på alla dokument.",
    ),
    key(
        &["diarienummer"],
        Kind::Text,
        true,
        "Diarienumret, t.ex. \"SN26/45\".",
    ),
    key(
        &["tjänsteskrivelse", "tjansteskrivelse"],
        Kind::Map(TJANSTESKRIVELSE),
        false,
        "Tjänsteskrivelsens uppgifter; saknas bara i rutinärenden som delegations- och anmälningsärenden.",
    ),
    key(
        &["sammanfattning"],
        Kind::Markdown,
        false,
        "Kort sammanfattning i Markdown; blir protokollsförslagets text.",
    ),
    key(
        &["bakgrund"],
        Kind::Markdown,
        false,
        "Bakgrunden i Markdown (krävs om sammanfattning saknas).",
    ),
    key(
        &["förslag", "forslag"],
        Kind::Markdown,
        false,
        "Förvaltningens förslag och motivering, i Markdown.",
    ),
    key(
        &["barnrättsprövning", "barnrattsprovning"],
        Kind::Map(&[
            key(
                &["berör_barn", "beror_barn"],
                Kind::JaNej,
                true,
                "ja eller nej: berör ärendet barn?",
            ),
            key(
                &["motivering"],
                Kind::Markdown,
                true,
                "Motivering, även när svaret är nej.",
            ),
        ]),
        false,
        "Prövning av barnets bästa; krävs i ärenden med tjänsteskrivelse.",
    ),
    key(
        &["förslag_till_beslut", "forslag_till_beslut"],
        Kind::TextList,
        true,
        "Att-satserna, var och en börjar med \"att\" och skrivs utan avslutande skiljetecken.",
    ),
    key(
        &["beslutet_skickas_till"],
        Kind::TextList,
        false,
        "Mottagare av beslutet, en per rad.",
    ),
    key(
        &["bilagor"],
        Kind::List(&[
            key(&["titel"], Kind::Text, true, "Bilagans titel."),
            key(
                &["fil"],
                Kind::Text,
                true,
                "Filen, relativt sammanträdesmappen: bilagor/rapport.md eller bilagor/rapport.pdf.",
            ),
            key(
                &["publiceras"],
                Kind::Bool,
                false,
                "false utelämnar bilagan ur webbversionen.",
            ),
            key(
                &["innehållsförteckning", "innehallsforteckning"],
                Kind::JaNej,
                false,
                "ja eller nej: innehållsförteckning i en Markdown-bilaga (standard: från fyra rubriker).",
            ),
        ]),
        false,
        "Bilagor i Markdown eller PDF.",
    ),
    key(
        &["förteckning", "forteckning"],
        Kind::Map(&[
            key(&["titel"], Kind::Text, false, "Förteckningens titel."),
            key(
                &["fil"],
                Kind::Text,
                false,
                "CSV- eller Excel-fil relativt sammanträdesmappen.",
            ),
            key(
                &["blad"],
                Kind::Text,
                false,
                "Bladet i en Excel-fil (standard: det första).",
            ),
            key(
                &["kolumner"],
                Kind::TextList,
                false,
                "Kolumnrubriker, när tabellen skrivs här.",
            ),
            key(
                &["rader"],
                Kind::Rows,
                false,
                "Raderna, när tabellen skrivs här.",
            ),
        ]),
        false,
        "En tabell för delegations- och anmälningsärenden.",
    ),
    key(
        &["publiceras"],
        Kind::Bool,
        false,
        "false utelämnar ärendets handlingar ur webbversionen (standard true).",
    ),
    key(
        &["tillåtna_nummer", "tillatna_nummer"],
        Kind::List(ALLOWED_NUMBER),
        false,
        ALLOWED_NUMBERS_ABOUT,
    ),
];

const NAMES_ABOUT: &str = "Ett namn eller en lista med namn ur namnd.yaml.";

const PERSON_PRESENT: &[Field] = &[
    key(&["namn"], Kind::Text, true, "För- och efternamn."),
    key(
        &["titel"],
        Kind::Text,
        false,
        "Titel eller roll, t.ex. \"Socialchef\".",
    ),
];

/// The keys of one paragraph in `paragrafer:` and of an extra ärende.
pub const PARAGRAF: &[Field] = &[
    key(
        &["rubrik"],
        Kind::Text,
        false,
        "Rubriken (bara för extra ärenden; övriga har ärendets rubrik).",
    ),
    key(
        &["diarienummer"],
        Kind::Text,
        false,
        "Diarienumret (bara för extra ärenden).",
    ),
    key(
        &["beslut"],
        Kind::Choice(crate::model::BeslutTyp::NAMES),
        false,
        "Hur ärendet avgjordes: enligt förslag, ändrat, återremiss, bordlagt eller avskrivet.",
    ),
    key(
        &["att_satser", "att-satser"],
        Kind::TextList,
        false,
        "Beslutet när det skiljer sig från förslaget: att-satser utan avslutande skiljetecken.",
    ),
    key(
        &["motivering"],
        Kind::Markdown,
        false,
        "Skälet till återremiss, bordläggning eller avskrivning.",
    ),
    key(
        &["yrkanden"],
        Kind::List(&[
            key(&["av"], Kind::Names, true, "Den som yrkade."),
            key(
                &["yrkande"],
                Kind::Text,
                true,
                "Yrkandet, t.ex. \"bifall till förvaltningens förslag\".",
            ),
        ]),
        false,
        "Yrkanden som ställdes och inte togs tillbaka.",
    ),
    key(
        &["propositionsordning"],
        Kind::Text,
        false,
        "Hur ordföranden ställde förslagen mot varandra och vad nämnden beslutade.",
    ),
    key(
        &["omröstning", "omrostning"],
        Kind::Map(&[
            key(
                &["ja"],
                Kind::Text,
                true,
                "Vad en ja-röst stöder, t.ex. \"Lars Öbergs yrkande\".",
            ),
            key(
                &["nej"],
                Kind::Text,
                true,
                "Vad en nej-röst stöder, t.ex. \"avslag\".",
            ),
            key(
                &["röster", "roster"],
                Kind::Votes,
                true,
                "Varje tjänstgörande ledamots röst: ja, nej eller avstår.",
            ),
        ]),
        false,
        "Öppen omröstning.",
    ),
    key(
        &["reservationer"],
        Kind::List(&[
            key(&["av"], Kind::Names, true, NAMES_ABOUT),
            key(
                &["text"],
                Kind::Text,
                false,
                "Reservationen, t.ex. \"Till förmån för eget yrkande.\"",
            ),
            key(
                &["fil"],
                Kind::Text,
                false,
                "En skriftlig reservation i Markdown, relativt sammanträdesmappen.",
            ),
        ]),
        false,
        "Reservationer mot beslutet.",
    ),
    key(
        &["protokollsanteckningar"],
        Kind::List(&[
            key(&["av"], Kind::Names, true, NAMES_ABOUT),
            key(&["text"], Kind::Markdown, true, "Anteckningen."),
        ]),
        false,
        "Protokollsanteckningar som ordföranden tillåtit.",
    ),
    key(
        &["jäv", "jav"],
        Kind::TextList,
        false,
        "Ledamöter eller ersättare som anmälde jäv och inte deltog i ärendet.",
    ),
    key(
        &["omedelbar_justering"],
        Kind::JaNej,
        false,
        "ja om paragrafen justerades omedelbart vid sammanträdet.",
    ),
    key(
        &["sekretess"],
        Kind::JaNej,
        false,
        "Extra ärenden: ja om ärendet omfattas av sekretess; dess text hålls då inne i protokollets webbversion.",
    ),
    key(
        &["text"],
        Kind::Markdown,
        false,
        "Text i Markdown efter ärendets text: vad som sades på sammanträdet.",
    ),
    key(
        &["beslutet_skickas_till"],
        Kind::TextList,
        false,
        "Mottagare av beslutet, när de skiljer sig från ärendets.",
    ),
    key(
        &["lagrum"],
        Kind::Text,
        false,
        "Sekretessparagrafer: lagrummet, när det skiljer sig från nämndens sekretess_lagrum.",
    ),
];

/// The keys of `protokoll.yaml`.
pub const PROTOKOLL: &[Field] = &[
    key(
        &["tid"],
        Kind::Text,
        true,
        "Sammanträdets början och slut, t.ex. \"13:30–16:10\".",
    ),
    key(
        &["första_paragraf", "forsta_paragraf"],
        Kind::Integer,
        false,
        "Första paragrafnumret; annars sammanträdets, annars det förra protokollets sista + 1.",
    ),
    key(
        &["ordförande", "ordforande"],
        Kind::Text,
        false,
        "Den som var ordförande, när det inte var nämndens ordförande.",
    ),
    key(
        &["närvaro", "narvaro"],
        Kind::Map(&[
            key(
                &["frånvarande", "franvarande"],
                Kind::TextList,
                false,
                "Ledamöter som inte var där; alla andra ledamöter i namnd.yaml var närvarande.",
            ),
            key(
                &["tjänstgörande_ersättare", "tjanstgorande_ersattare"],
                Kind::List(&[
                    key(&["namn"], Kind::Text, true, "Ersättaren."),
                    key(
                        &["ersätter", "ersatter"],
                        Kind::Text,
                        true,
                        "Ledamoten som ersättaren tjänstgjorde för.",
                    ),
                    key(
                        &["paragrafer"],
                        Kind::Paragraphs,
                        false,
                        "Paragraferna ersättaren tjänstgjorde, t.ex. \"155–162\"; utan nyckeln hela sammanträdet.",
                    ),
                ]),
                false,
                "Ersättare som tjänstgjorde för en ledamot.",
            ),
            key(
                &["delvis_närvarande", "delvis_narvarande"],
                Kind::List(&[
                    key(&["namn"], Kind::Text, true, "Ledamoten."),
                    key(
                        &["paragrafer"],
                        Kind::Paragraphs,
                        true,
                        "Paragraferna ledamoten var med vid, t.ex. \"112–117\" för den som gick efter § 117.",
                    ),
                ]),
                false,
                "Ledamöter som bara var med en del av sammanträdet, utan ersättare för resten.",
            ),
            key(
                &["övriga_ersättare", "ovriga_ersattare"],
                Kind::TextList,
                false,
                "Ersättare som var där utan att tjänstgöra.",
            ),
            key(
                &["övriga", "ovriga"],
                Kind::List(PERSON_PRESENT),
                false,
                "Övriga närvarande, t.ex. tjänstepersoner.",
            ),
        ]),
        false,
        "Vilka som var där.",
    ),
    key(
        &["justering"],
        Kind::Map(&[
            key(
                &["justerare"],
                Kind::TextList,
                true,
                "Den eller de som utsågs att justera protokollet med ordföranden.",
            ),
            key(
                &["datum"],
                Kind::Date,
                true,
                "Justeringens datum, senast 14 dagar efter sammanträdet.",
            ),
            key(
                &["plats"],
                Kind::Text,
                true,
                "Var justeringen sker, t.ex. \"Kommunledningskontoret\".",
            ),
            key(
                &["tid"],
                Kind::Text,
                false,
                "Klockslag för justeringen, t.ex. \"10:00\".",
            ),
        ]),
        true,
        "Vem som justerar protokollet, när och var.",
    ),
    key(
        &["anslag"],
        Kind::Map(&[
            key(
                &["datum"],
                Kind::Date,
                false,
                "Dagen anslaget sätts upp; standard är vardagen efter justeringen.",
            ),
            key(
                &["tas_ned"],
                Kind::Date,
                false,
                "Dagen anslaget tas ned; standard är tre veckor efter att det sattes upp.",
            ),
            key(
                &["förvaringsplats", "forvaringsplats"],
                Kind::Text,
                false,
                "Var protokollet förvaras; standard är justeringens plats.",
            ),
        ]),
        false,
        "Anslaget om justeringen på den digitala anslagstavlan.",
    ),
    key(
        &["paragrafer"],
        Kind::Entries {
            pattern: "^(beslut|information|sekretess)/0*[1-9][0-9]*$",
            fields: PARAGRAF,
        },
        false,
        "Det som skiljer sig från \"enligt förslag\", per ärende: beslut/3, information/1, sekretess/2.",
    ),
    key(
        &["extra_ärenden", "extra_arenden"],
        Kind::List(PARAGRAF),
        false,
        "Ärenden som togs upp på sammanträdet utan att stå i kallelsen, med rubrik, diarienummer och att_satser.",
    ),
];

/// A YAML value reduced to what the key check needs: the keys of mappings
/// and the positions of their values, and the scalars (to check dates,
/// ja/nej, numbers and booleans all at once).
enum Node {
    Map(Vec<(Spanned<Cell>, Spanned<Node>)>),
    Seq(Vec<Node>),
    Scalar(Scalar),
    /// No value, or only whitespace: a field left to fill in.
    Empty,
}

/// A scalar as YAML typed it.
enum Scalar {
    Text(String),
    Bool(bool),
    Signed(i64),
    Unsigned(u64),
    Float(f64),
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
                    entries.push((key, map.next_value::<Spanned<Node>>()?));
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
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Signed(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Unsigned(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Float(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(if v.trim().is_empty() {
                    Node::Empty
                } else {
                    Node::Scalar(Scalar::Text(v.to_owned()))
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Empty)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Empty)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Every unknown key of `text` against `fields`, with a suggestion, and
/// every key left without a value ("fyll i …", as in a scaffolded file);
/// empty when the text is not YAML (the full parse reports that).
pub fn check_keys(text: &str, fields: &'static [Field]) -> Vec<Diagnostic> {
    let options = serde_saphyr::options! { with_snippet: false };
    let Ok(node) = serde_saphyr::from_str_with_options::<Node>(text, options) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&node, fields, "", &mut found);
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
            && let Some(message) = value_error(&field.kind, scalar)
        {
            let mut diagnostic = crate::load::translate_message(&message);
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

/// What serde would say about a scalar of the wrong type or value (a date
/// that is not a date, `kanske` for ja/nej), so that every such mistake
/// of a file is reported in one run, not only the first.
fn value_error(kind: &Kind, scalar: &Scalar) -> Option<String> {
    fn check<T: serde::de::DeserializeOwned>(scalar: &Scalar) -> Option<String> {
        use serde::de::IntoDeserializer;
        type E = serde::de::value::Error;
        let result = match scalar {
            Scalar::Text(v) => T::deserialize(IntoDeserializer::<E>::into_deserializer(v.as_str())),
            Scalar::Bool(v) => T::deserialize(IntoDeserializer::<E>::into_deserializer(*v)),
            Scalar::Signed(v) => T::deserialize(IntoDeserializer::<E>::into_deserializer(*v)),
            Scalar::Unsigned(v) => T::deserialize(IntoDeserializer::<E>::into_deserializer(*v)),
            Scalar::Float(v) => T::deserialize(IntoDeserializer::<E>::into_deserializer(*v)),
        };
        result.err().map(|e| e.to_string())
    }
    match kind {
        Kind::Date => check::<crate::model::Datum>(scalar),
        Kind::JaNej => check::<crate::model::JaNej>(scalar),
        // YAML may quote a boolean or a number; the parser accepts that,
        // so only what it would refuse is reported here.
        Kind::Bool => match scalar {
            Scalar::Text(v) if matches!(v.trim().to_lowercase().as_str(), "true" | "false") => None,
            _ => check::<bool>(scalar),
        },
        Kind::Integer => {
            let shown = match scalar {
                Scalar::Text(v) if v.trim().parse::<u32>().is_ok() => return None,
                Scalar::Unsigned(v) if u32::try_from(*v).is_ok() => return None,
                Scalar::Text(v) => v.clone(),
                Scalar::Bool(v) => v.to_string(),
                Scalar::Signed(v) => v.to_string(),
                Scalar::Unsigned(v) => v.to_string(),
                Scalar::Float(v) => v.to_string(),
            };
            Some(crate::model::own_message(
                &format!("`{shown}` är inte ett positivt heltal"),
                "skriv ett heltal som 1 eller 145, utan citattecken",
            ))
        }
        _ => None,
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
    use crate::model::{ArendeFile, NamndFile, ProtokollFile, SammantradeFile};

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
    }
}
