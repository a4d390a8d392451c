//! Load stage, key table of `protokoll.yaml`: what happened at the
//! meeting.

use super::{Field, Kind, key};

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
