//! Load stage, key table of an ärende file, `arenden/NN-namn.yaml`.

use super::{ALLOWED_NUMBER, ALLOWED_NUMBERS_ABOUT, Field, Kind, PERSON, key};

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
            key(
                &["numrering"],
                Kind::Choice(crate::model::Numrering::NAMES),
                false,
                "egen: rubrikerna i en Markdown-bilaga behåller numren som står i dem (t.ex. kommunens målnummer 4.1.3) i texten, innehållsförteckningen och bokmärkena; automatisk (standard): rubrikerna numreras 1, 1.1, 1.1.1.",
            ),
            key(
                &["uppföljning", "uppfoljning"],
                Kind::JaNej,
                false,
                "ja: Markdown-bilagans tabeller med kolumnerna Titel | Beskrivning | Slutdatum är återrapporter som nämnden vill ha, och kommer med i nämndens plan (`kallelse plan`).",
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
    key(
        &["uppdrag"],
        Kind::List(&[
            key(
                &["text"],
                Kind::Text,
                true,
                "Vad som ska göras, t.ex. \"återkomma med en fördjupad analys av kostnaderna\".",
            ),
            key(
                &["till"],
                Kind::Text,
                false,
                "Vem uppdraget går till, t.ex. \"Division Social omsorg\".",
            ),
            key(
                &["återrapport", "aterrapport"],
                Kind::DateOrMonth,
                true,
                "När uppdraget ska redovisas: ett datum (ÅÅÅÅ-MM-DD, sammanträdet den dagen) eller en månad (ÅÅÅÅ-MM, nämndens sammanträde den månaden).",
            ),
        ]),
        false,
        "Uppdrag som beslutet ger och som ska återrapporteras; vart och ett blir en punkt i nämndens plan med id `<diarienummer>:uppdrag-<n>`.",
    ),
    key(
        &["återrapporterar", "aterrapporterar"],
        Kind::TextList,
        false,
        "Id:n för punkterna i nämndens plan som ärendet återrapporterar, t.ex. \"SN25/80:4.1.4-1\" (`kallelse plan` visar dem).",
    ),
];
