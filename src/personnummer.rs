//! Publish stage, personal data: finds Swedish personal identity numbers
//! (personnummer, and samordningsnummer with the day + 60) in text that the
//! web version would publish.
//!
//! A candidate is 10 digits (`YYMMDD-NNNN`, `YYMMDD+NNNN`, `YYMMDDNNNN`) or
//! 12 digits (`YYYYMMDD-NNNN`, `YYYYMMDDNNNN`) not glued to further digits,
//! with a real date and a valid check digit (the Luhn algorithm over the last
//! ten digits). Phone numbers and diarienummer rarely pass both tests; the
//! ones that do can be allowed in the YAML with a reason.

/// A personal identity number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the text.
    pub range: std::ops::Range<usize>,
    /// The ten significant digits (`YYMMDDNNNN`), to compare with allowed numbers.
    pub digits: String,
    /// Whether it is a samordningsnummer (day + 60).
    pub samordningsnummer: bool,
}

impl Hit {
    /// The number as it is written, with the last four digits masked, so a
    /// message never repeats the whole number.
    pub fn masked(&self, text: &str) -> String {
        let written = &text[self.range.clone()];
        let keep = written.len().saturating_sub(4);
        format!("{}XXXX", &written[..keep])
    }
}

/// Every personal identity number in `text`.
pub fn find(text: &str) -> Vec<Hit> {
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_run = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit());
        if starts_run && let Some(hit) = candidate_at(bytes, i) {
            i = hit.range.end;
            hits.push(hit);
            continue;
        }
        i += 1;
    }
    hits
}

/// The digits of `len` ASCII digits at `at`, if they are there.
fn digits_at(bytes: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    let slice = bytes.get(at..at + len)?;
    slice.iter().all(u8::is_ascii_digit).then_some(slice)
}

fn candidate_at(bytes: &[u8], start: usize) -> Option<Hit> {
    // Try the 12-digit form first: its first eight digits would otherwise
    // not be a valid 10-digit number anyway, but a 12-digit number must not
    // be read as a 10-digit one starting inside it.
    for date_len in [8, 6] {
        let Some(date) = digits_at(bytes, start, date_len) else {
            continue;
        };
        let mut at = start + date_len;
        if matches!(bytes.get(at), Some(b'-' | b'+')) {
            at += 1;
        }
        let Some(serial) = digits_at(bytes, at, 4) else {
            continue;
        };
        let end = at + 4;
        if bytes.get(end).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let significant: Vec<u8> = date[date_len - 6..]
            .iter()
            .chain(serial)
            .map(|b| b - b'0')
            .collect();
        let century =
            (date_len == 8).then(|| u32::from(date[0] - b'0') * 10 + u32::from(date[1] - b'0'));
        if let Some(samordningsnummer) = valid_date(&significant, century)
            && luhn_valid(&significant)
        {
            return Some(Hit {
                range: start..end,
                digits: significant.iter().map(|d| char::from(b'0' + d)).collect(),
                samordningsnummer,
            });
        }
    }
    None
}

/// Whether `YYMMDD` (with the century of a 12-digit number, when known) is
/// a real date; `Some(true)` for a samordningsnummer's day + 60.
fn valid_date(d: &[u8], century: Option<u32>) -> Option<bool> {
    if century.is_some_and(|c| !(18..=20).contains(&c)) {
        return None;
    }
    let yy = u32::from(d[0]) * 10 + u32::from(d[1]);
    let month = u32::from(d[2]) * 10 + u32::from(d[3]);
    let mut day = u32::from(d[4]) * 10 + u32::from(d[5]);
    let samordning = day > 60;
    if samordning {
        day -= 60;
    }
    // Without a century, 29 February is possible whenever some century makes
    // it a leap year: every year divisible by 4 (2000 was one).
    let leap = match century {
        Some(c) => {
            let year = c * 100 + yy;
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
        }
        None => yy.is_multiple_of(4),
    };
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(samordning)
}

/// The Luhn check over ten digits, as Skatteverket specifies it.
fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let product = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            product / 10 + product % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The ten significant digits of a number written by a user in the allow
/// list, if it is a personal identity number at all.
pub fn normalize(written: &str) -> Option<String> {
    let hits = find(written.trim());
    match hits.as_slice() {
        [hit] if hit.range == (0..written.trim().len()) => Some(hit.digits.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|h| &text[h.range]).collect()
    }

    #[test]
    fn finds_every_written_form() {
        // Skatteverket's published test number and its variants.
        for text in [
            "19121212-1212",
            "191212121212",
            "121212-1212",
            "121212+1212",
            "1212121212",
        ] {
            assert_eq!(
                found(&format!("Sökande {text}, boende")),
                vec![text],
                "{text}"
            );
        }
    }

    #[test]
    fn finds_samordningsnummer() {
        let hits = find("samordningsnummer 701063-2391.");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].samordningsnummer);
        assert_eq!(hits[0].digits, "7010632391");
    }

    #[test]
    fn rejects_wrong_check_digit_and_impossible_dates() {
        assert!(found("121212-1213").is_empty());
        assert!(found("121312-1212").is_empty(), "month 13");
        assert!(found("210230-1234").is_empty(), "30 February");
        assert!(found("17121212-1212").is_empty(), "century 17");
    }

    #[test]
    fn ignores_numbers_glued_to_more_digits_and_ordinary_numbers() {
        assert!(found("1121212-12121").is_empty());
        assert!(found("Dnr SN26/45, tel. 0123-45 67 89, 2026-12-10, 1 234 567 kr").is_empty());
        assert!(found("org.nr 212000-1234").is_empty());
    }

    #[test]
    fn masks_the_serial() {
        let text = "pnr 19121212-1212";
        let hit = &find(text)[0];
        assert_eq!(hit.masked(text), "19121212-XXXX");
    }

    #[test]
    fn normalizes_allowed_numbers() {
        assert_eq!(normalize(" 19121212-1212 ").as_deref(), Some("1212121212"));
        assert_eq!(normalize("121212+1212").as_deref(), Some("1212121212"));
        assert_eq!(normalize("12345"), None);
    }
}
