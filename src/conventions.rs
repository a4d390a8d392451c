//! The writing conventions of Swedish municipal documents: genitive of a
//! nämnd's name (`docs/namnd.md`, "Namnet i genitiv"), dates in words
//! (`docs/sammantrade.md`), the punctuation of att-satser (`docs/arende.md`,
//! "Förslag till beslut"). Pure functions used by the render stage.

use chrono::{Datelike, NaiveDate, Weekday};

/// The genitive of a name: "Socialnämnden" → "Socialnämndens". Names that
/// already end in s, x or z take no extra s ("Nämnden för vård och omsorgs"
/// is written by the user with `genitiv:` when needed).
pub fn genitive(name: &str) -> String {
    let name = name.trim();
    match name.chars().last() {
        Some('s' | 'x' | 'z' | 'S' | 'X' | 'Z') | None => name.to_owned(),
        Some(_) => format!("{name}s"),
    }
}

/// Swedish month names, lower case as in running text.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The definite form of the weekday, capitalised: "Torsdagen".
pub fn weekday_definite(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Måndagen",
        Weekday::Tue => "Tisdagen",
        Weekday::Wed => "Onsdagen",
        Weekday::Thu => "Torsdagen",
        Weekday::Fri => "Fredagen",
        Weekday::Sat => "Lördagen",
        Weekday::Sun => "Söndagen",
    }
}

/// "10 december 2026".
pub fn date_in_words(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// The date line of the kallelse: "Torsdagen den 10 december 2026 klockan 13:30".
pub fn meeting_date_line(date: NaiveDate, time: &str) -> String {
    format!(
        "{} den {} klockan {}",
        weekday_definite(date.weekday()),
        date_in_words(date),
        time.trim()
    )
}

/// ISO date as used in headers: "2026-12-10".
pub fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Characters that end an att-sats when an author typed them.
const TRAILING: &[char] = &['.', ',', ';', ':'];

/// Removes punctuation (and a trailing "samt") an author wrote at the end of an
/// att-sats, so the tool's own punctuation is never doubled.
fn strip_trailing(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text;
        text = text.trim_end_matches(TRAILING).trim_end();
        if let Some(stripped) = text.strip_suffix(" samt") {
            text = stripped.trim_end_matches(TRAILING).trim_end();
        }
        if text == before {
            return text;
        }
    }
}

/// Adds the punctuation of a list of att-satser: every one but the last two
/// ends with ",", the second to last with ", samt", the last with ".".
pub fn punctuate_att_satser<S: AsRef<str>>(satser: &[S]) -> Vec<String> {
    let count = satser.len();
    satser
        .iter()
        .enumerate()
        .map(|(index, sats)| {
            let text = strip_trailing(sats.as_ref());
            let ending = if index + 1 == count {
                "."
            } else if index + 2 == count {
                ", samt"
            } else {
                ","
            };
            format!("{text}{ending}")
        })
        .collect()
}

/// "10 december 2026", or the text as it is when it is no date.
pub fn iso_date_in_words(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(date_in_words)
        .unwrap_or_else(|_| iso.to_owned())
}

/// The name of a Swedish party from its usual abbreviation ("S" →
/// "Socialdemokraterna"), for the parties in the Riksdag; `None` for
/// others (a local party is named by what `namnd.yaml` says).
pub fn party_name(abbreviation: &str) -> Option<&'static str> {
    Some(match abbreviation.trim() {
        "S" => "Socialdemokraterna",
        "M" => "Moderaterna",
        "SD" => "Sverigedemokraterna",
        "C" => "Centerpartiet",
        "V" => "Vänsterpartiet",
        "KD" => "Kristdemokraterna",
        "L" => "Liberalerna",
        "MP" => "Miljöpartiet de gröna",
        _ => return None,
    })
}

/// The mandatperiod (first and last year) a year belongs to: four years
/// from the 1st of January after an election year (elections in 2022,
/// 2026, 2030, …), as the nämnder of a municipality are appointed.
pub fn mandatperiod(year: i32) -> (i32, i32) {
    let first = 2023 + (year - 2023).div_euclid(4) * 4;
    (first, first + 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genitive_adds_s() {
        assert_eq!(genitive("Socialnämnden"), "Socialnämndens");
        assert_eq!(
            genitive("Kultur- och fritidsnämnden"),
            "Kultur- och fritidsnämndens"
        );
        assert_eq!(genitive("Kommunstyrelsen "), "Kommunstyrelsens");
    }

    #[test]
    fn genitive_keeps_final_s_x_z() {
        assert_eq!(genitive("Krisledningsutskottets"), "Krisledningsutskottets");
        assert_eq!(genitive("Nämnden för Linux"), "Nämnden för Linux");
        assert_eq!(genitive("Nämnden för jazz"), "Nämnden för jazz");
    }

    #[test]
    fn date_line_in_swedish_words() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert_eq!(
            meeting_date_line(date, "13:30"),
            "Torsdagen den 10 december 2026 klockan 13:30"
        );
        let date = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        assert_eq!(
            meeting_date_line(date, " 09:00 "),
            "Måndagen den 4 januari 2027 klockan 09:00"
        );
        assert_eq!(iso_date(date), "2027-01-04");
    }

    #[test]
    fn every_weekday_and_month() {
        let names: Vec<_> = (0..7)
            .map(|d| {
                let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() + chrono::Days::new(d);
                weekday_definite(date.weekday())
            })
            .collect();
        assert_eq!(
            names,
            [
                "Måndagen",
                "Tisdagen",
                "Onsdagen",
                "Torsdagen",
                "Fredagen",
                "Lördagen",
                "Söndagen"
            ]
        );
        let months: Vec<_> = (1..=12)
            .map(|m| date_in_words(NaiveDate::from_ymd_opt(2026, m, 1).unwrap()))
            .collect();
        assert_eq!(months[1], "1 februari 2026");
        assert_eq!(months[7], "1 augusti 2026");
    }

    #[test]
    fn one_att_sats_ends_with_full_stop() {
        assert_eq!(
            punctuate_att_satser(&["att godkänna rapporten"]),
            ["att godkänna rapporten."]
        );
    }

    #[test]
    fn two_att_satser_use_samt() {
        assert_eq!(
            punctuate_att_satser(&["att godkänna rapporten", "att återkomma i juni"]),
            ["att godkänna rapporten, samt", "att återkomma i juni."]
        );
    }

    #[test]
    fn four_att_satser() {
        assert_eq!(
            punctuate_att_satser(&["att a", "att b", "att c", "att d"]),
            ["att a,", "att b,", "att c, samt", "att d."]
        );
    }

    #[test]
    fn author_punctuation_is_not_doubled() {
        assert_eq!(
            punctuate_att_satser(&["att a.", "att b, samt", "att c,"]),
            ["att a,", "att b, samt", "att c."]
        );
        assert_eq!(punctuate_att_satser(&["att a ;  "]), ["att a."]);
    }

    #[test]
    fn mandatperioder_of_four_years_from_the_year_after_an_election() {
        assert_eq!(mandatperiod(2026), (2023, 2026));
        assert_eq!(mandatperiod(2027), (2027, 2030));
        assert_eq!(mandatperiod(2022), (2019, 2022));
        assert_eq!(party_name("MP"), Some("Miljöpartiet de gröna"));
        assert_eq!(party_name("Sjöstadspartiet"), None);
    }

    #[test]
    fn no_att_satser() {
        assert!(punctuate_att_satser::<&str>(&[]).is_empty());
    }
}

/// A bilaga's file of its own beside the kallelse (on the web, in the
/// e-arkiv): `bilagor/03-1-revisionsrapport.pdf` for the first bilaga of the
/// third ärende, named by `name` (its file or title).
pub fn bilaga_file(arende: usize, bilaga: usize, name: &str) -> String {
    format!("bilagor/{arende:02}-{bilaga}-{}.pdf", slug(name))
}

/// A file-name slug of a Swedish title: lower case, å/ä → a, ö → o, other
/// letters and digits kept, everything else one hyphen. "Årsrapport 2026:
/// Öppna jämförelser" → "arsrapport-2026-oppna-jamforelser".
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("namnlos");
    }
    slug
}

#[cfg(test)]
mod slug_tests {
    #[test]
    fn slugs_are_ascii_and_readable() {
        assert_eq!(
            super::slug("Årsrapport 2026: Öppna jämförelser"),
            "arsrapport-2026-oppna-jamforelser"
        );
        assert_eq!(super::slug("  --  "), "namnlos");
        assert_eq!(super::slug("Revisionsrapport_v2"), "revisionsrapport-v2");
    }
}
