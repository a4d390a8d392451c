//! Load stage, key table of `sammantrade.yaml`: one meeting.

use super::{ALLOWED_NUMBER, ALLOWED_NUMBERS_ABOUT, Field, Kind, key};

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
        "Klockslaget inom citattecken, t.ex. \"13:30\", eller början och slut, \"13:30–16:00\".",
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
