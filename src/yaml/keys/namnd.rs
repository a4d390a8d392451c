//! Load stage, key table of `namnd.yaml`: the nämnd, its officers and
//! members.

use super::{Field, Kind, PERSON, key};

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
