//! Load stage, key table of `webbplats.yaml`: the settings of the
//! meeting site.

use super::{Field, Kind, key};

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
