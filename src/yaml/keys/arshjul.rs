//! Load stage, key table of `arshjul.yaml`: the nämnd's year's cycle, a
//! list of the ärenden that come back every year.

use super::{Field, Kind, key};

/// The keys of one entry of `arshjul.yaml` (the file is a list of them).
pub const ARSHJUL: &[Field] = &[
    key(
        &["rubrik"],
        Kind::Text,
        true,
        "Ärendet som återkommer, t.ex. \"Delårsrapport per augusti\"; punktens id blir `årshjul:<rubriken med bindestreck>:<år>`.",
    ),
    key(
        &["månad", "manad"],
        Kind::Month,
        false,
        "Månaden vars sammanträde ärendet kommer till varje år, 1–12 eller namnet (`9`, `september`). Ange `månad` eller `sammanträde`.",
    ),
    key(
        &["sammanträde", "sammantrade"],
        Kind::Choice(crate::model::Ordning::NAMES),
        false,
        "`första` eller `sista`: årets första eller sista sammanträde. Ange `månad` eller `sammanträde`.",
    ),
];
