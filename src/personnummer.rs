//! Publish stage, personal data: finds Swedish personal identity numbers
//! (personnummer, and samordningsnummer with the day + 60) in text that the
//! web version would publish.
//!
//! A candidate is 10 digits (`YYMMDD-NNNN`, `YYMMDD+NNNN`, `YYMMDDNNNN`) or
//! 12 digits (`YYYYMMDD-NNNN`, `YYYYMMDDNNNN`) not glued to further digits,
//! with a real date and a valid check digit (the Luhn algorithm over the last
//! ten digits). Phone numbers and diarienummer rarely pass both tests; the
//! ones that do can be allowed in the YAML with a reason.
//!
//! The text is read as a reader sees it, not as it is encoded: after
//! Unicode compatibility normalisation (NFKC, so full-width and other
//! look-alike digits are digits), with every dash-like character read as a
//! hyphen, soft hyphens, zero-width and other invisible format characters
//! ignored, and a line break inside the number (a PDF line that wraps at
//! the hyphen) read as nothing. [`find_loose`] also reads through the
//! markup and escapes a source file may hide a number behind (Markdown
//! emphasis and backslashes, HTML entities and tags, YAML escapes), to
//! find in the sources a number that was found in what is published.

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization as _;

/// A personal identity number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the text, from its first digit to its last.
    pub range: std::ops::Range<usize>,
    /// The ten significant digits (`YYMMDDNNNN`), to compare with allowed numbers.
    pub digits: String,
    /// Whether it is a samordningsnummer (day + 60).
    pub samordningsnummer: bool,
    /// The number as a reader reads it, without the spaces and line
    /// breaks inside it: `19121212-1212`.
    pub read: String,
}

impl Hit {
    /// The number as a reader reads it, with the last four digits masked,
    /// so a message never repeats the whole number: `19121212-XXXX`.
    pub fn masked(&self) -> String {
        let keep = self.read.len().saturating_sub(4);
        format!("{}XXXX", &self.read[..keep])
    }

    /// "ett personnummer" or "ett samordningsnummer".
    pub fn kind(&self) -> &'static str {
        if self.samordningsnummer {
            "ett samordningsnummer"
        } else {
            "ett personnummer"
        }
    }
}

/// One character as a reader reads it, with the byte range in the text it
/// was read from.
#[derive(Debug, Clone, Copy)]
struct Read {
    c: char,
    start: usize,
    end: usize,
}

/// Every personal identity number in `text`, read as a reader reads it:
/// in the order the characters are stored and, where right-to-left text or
/// direction controls reorder them on the screen, in the order they are
/// shown.
pub fn find(text: &str) -> Vec<Hit> {
    if !text.chars().any(|c| c.is_numeric()) {
        return Vec::new();
    }
    let raw = text
        .char_indices()
        .map(|(start, c)| Read {
            c,
            start,
            end: start + c.len_utf8(),
        })
        .collect();
    let mut hits = find_in(&normalized(raw));
    if reorders(text) {
        for hit in find_in(&normalized(visual(text))) {
            if !hits.iter().any(|h| h.digits == hit.digits) {
                hits.push(hit);
            }
        }
    }
    hits
}

/// Whether the text has characters that the Unicode bidirectional
/// algorithm may show in another order than they are stored.
fn reorders(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{590}'..='\u{8ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}'
            | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            | '\u{10800}'..='\u{10fff}' | '\u{1e800}'..='\u{1efff}')
    })
}

/// The characters in the order they are shown (Unicode's bidirectional
/// algorithm, paragraph by paragraph), each with its place in the text.
fn visual(text: &str) -> Vec<Read> {
    let info = unicode_bidi::BidiInfo::new(text, None);
    let mut out = Vec::with_capacity(text.len());
    for paragraph in &info.paragraphs {
        let (levels, runs) = info.visual_runs(paragraph, paragraph.range.clone());
        for run in runs {
            let chars = text[run.clone()].char_indices().map(|(i, c)| Read {
                c,
                start: run.start + i,
                end: run.start + i + c.len_utf8(),
            });
            if levels[run.start].is_rtl() {
                out.extend(chars.rev());
            } else {
                out.extend(chars);
            }
        }
        out.push(Read {
            c: '\n',
            start: paragraph.range.end,
            end: paragraph.range.end,
        });
    }
    out
}

/// Every personal identity number in `text` also when markup or escapes
/// split or encode it (`19121212-**1212**`, `19121212\-1212`,
/// `12&#x31;2`, `"\x32"`): for finding in a source file where a number
/// that was published came from. Ranges are in the undecoded text.
pub fn find_loose(text: &str) -> Vec<Hit> {
    if !text
        .chars()
        .any(|c| c.is_numeric() || c == '\\' || c == '&')
    {
        return Vec::new();
    }
    find_in(&normalized(decoded(text)))
}

/// The text with every personal identity number in it masked
/// ([`Hit::masked`]), for messages that quote it.
pub fn mask_all(text: &str) -> String {
    let hits = find(text);
    if hits.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for hit in hits {
        if hit.range.start < at {
            continue;
        }
        out.push_str(&text[at..hit.range.start]);
        out.push_str(&hit.masked());
        at = hit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The text as a reader reads it: what [`find`] searches (for tests and
/// for the guard's messages).
pub fn reader_text(text: &str) -> String {
    let raw = text
        .char_indices()
        .map(|(start, c)| Read {
            c,
            start,
            end: start + c.len_utf8(),
        })
        .collect();
    normalized(raw).iter().map(|r| r.c).collect()
}

/// NFKC per character, dashes as hyphens, decimal digits of any script
/// as ASCII digits, invisible characters dropped, line separators as `\n`.
fn normalized(raw: Vec<Read>) -> Vec<Read> {
    let mut out = Vec::with_capacity(raw.len());
    for r in raw {
        if r.c.is_ascii() {
            out.push(Read {
                c: ascii_line(r.c),
                ..r
            });
            continue;
        }
        if invisible(r.c) {
            continue;
        }
        for c in std::iter::once(r.c).nfkc() {
            // A combining mark (a stroke through a digit) does not hide
            // the digit it is drawn on.
            if invisible(c)
                || matches!(
                    get_general_category(c),
                    GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark
                )
            {
                continue;
            }
            let c = if is_dash(c) {
                '-'
            } else if let Some(d) = decimal_digit(c) {
                d
            } else if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
                '\n'
            } else if c.is_whitespace() {
                ' '
            } else {
                c
            };
            out.push(Read { c, ..r });
        }
    }
    out
}

/// Vertical tab and form feed break lines like a newline.
fn ascii_line(c: char) -> char {
    match c {
        '\r' | '\u{b}' | '\u{c}' => '\n',
        c => c,
    }
}

/// Characters a reader does not see: format characters (soft hyphen,
/// zero-width space and joiners, direction marks, word joiner, BOM),
/// variation selectors and the combining grapheme joiner.
fn invisible(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::Format | GeneralCategory::Control
    ) && !c.is_whitespace()
        || matches!(c, '\u{34f}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}')
        || matches!(c, '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}')
}

/// Hyphens, dashes and minus signs.
fn is_dash(c: char) -> bool {
    get_general_category(c) == GeneralCategory::DashPunctuation
        || matches!(
            c,
            '\u{2d7}' // modifier letter minus sign
                | '\u{2c9}' | '\u{2cd}' // modifier letter macron and low macron
                | '\u{1680}' // ogham space mark
                | '\u{2043}' // hyphen bullet
                | '\u{2212}' // minus sign
                | '\u{23af}' | '\u{23e4}' // horizontal line extension, straightness
                | '\u{2500}' | '\u{2501}' | '\u{2574}'
                ..='\u{2578}' | '\u{257c}' | '\u{257e}' // box drawing
                | '\u{2796}' // heavy minus sign
                | '\u{fe63}' | '\u{ff0d}' // small and full-width hyphen-minus
                | '\u{30fc}' | '\u{ff70}' // prolonged sound marks
        )
}

/// A decimal digit of any script as its ASCII digit. Unicode places the
/// digits of every script in runs of ten from zero, so the value is the
/// distance from the start of the run.
fn decimal_digit(c: char) -> Option<char> {
    if get_general_category(c) != GeneralCategory::DecimalNumber {
        return None;
    }
    let mut first = c as u32;
    while let Some(before) = char::from_u32(first - 1) {
        if get_general_category(before) != GeneralCategory::DecimalNumber {
            break;
        }
        first -= 1;
    }
    char::from_digit((c as u32 - first) % 10, 10)
}

/// The source text with the encodings a source can hide a character
/// behind decoded, and the markup that can split a number removed:
/// YAML's `\xHH`, `\uHHHH` and `\UHHHHHHHH`, a backslash before
/// punctuation, HTML character references, HTML tags, and the Markdown
/// emphasis and code marks `*`, `_`, `~` and `` ` ``.
fn decoded(text: &str) -> Vec<Read> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        let c = rest.chars().next().expect("inside the text");
        let (decoded, len) = match c {
            '\\' => escape(rest).unwrap_or((Some('\\'), 1)),
            '&' => reference(rest).unwrap_or((Some('&'), 1)),
            '<' => tag(rest).map_or((Some('<'), 1), |len| (None, len)),
            '*' | '_' | '~' | '`' => (None, 1),
            c => (Some(c), c.len_utf8()),
        };
        if let Some(c) = decoded {
            out.push(Read {
                c,
                start: i,
                end: i + len,
            });
        }
        i += len;
    }
    out
}

/// A backslash escape at the start of `text`: YAML's code points, or a
/// Markdown escape of punctuation (the backslash is dropped).
fn escape(text: &str) -> Option<(Option<char>, usize)> {
    let mut chars = text[1..].chars();
    let kind = chars.next()?;
    let hex = |digits: usize| {
        let code = text.get(2..2 + digits)?;
        let value = u32::from_str_radix(code, 16).ok()?;
        Some((Some(char::from_u32(value)?), 2 + digits))
    };
    match kind {
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        '_' => Some((Some('\u{a0}'), 2)),
        'N' => Some((Some('\u{85}'), 2)),
        'L' => Some((Some('\u{2028}'), 2)),
        'P' => Some((Some('\u{2029}'), 2)),
        // A Markdown hard line break.
        '\n' => Some((Some('\n'), 2)),
        c if c.is_ascii_punctuation() => Some((Some(c), 2)),
        _ => None,
    }
}

/// An HTML character reference at the start of `text`: `&#49;`, `&#x31;`
/// or one of the named ones that can hide or split a number.
fn reference(text: &str) -> Option<(Option<char>, usize)> {
    let end = text.bytes().take(40).position(|b| b == b';')?;
    let body = &text[1..end];
    let c = if let Some(number) = body.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(value)?
    } else {
        named_reference(body)?
    };
    Some((Some(c), end + 1))
}

/// The named character references that matter for a number: the ones
/// that are digits, dashes, spaces or nothing to a reader.
pub(crate) fn named_reference(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" | "NonBreakingSpace" => '\u{a0}',
        "shy" => '\u{ad}',
        "hyphen" | "dash" => '\u{2010}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "horbar" => '\u{2015}',
        "minus" => '\u{2212}',
        "plus" => '+',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" | "ThinSpace" => '\u{2009}',
        "hairsp" | "VeryThinSpace" => '\u{200a}',
        "ZeroWidthSpace"
        | "NegativeVeryThinSpace"
        | "NegativeThinSpace"
        | "NegativeMediumSpace"
        | "NegativeThickSpace" => '\u{200b}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "NoBreak" => '\u{2060}',
        "af" | "ApplyFunction" => '\u{2061}',
        "it" | "InvisibleTimes" => '\u{2062}',
        "ic" | "InvisibleComma" => '\u{2063}',
        "Tab" => '\t',
        "NewLine" => '\n',
        _ => return None,
    })
}

/// The length of an HTML tag or comment at the start of `text`.
fn tag(text: &str) -> Option<usize> {
    let second = text[1..].chars().next()?;
    if !(second.is_ascii_alphabetic() || second == '/' || second == '!') {
        return None;
    }
    if text.starts_with("<!--") {
        return text.find("-->").map(|end| end + 3);
    }
    text.find('>').map(|end| end + 1)
}

fn find_in(chars: &[Read]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_run =
            chars[i].c.is_ascii_digit() && (i == 0 || !chars[i - 1].c.is_ascii_digit());
        let found = starts_run
            .then(|| candidate_at(chars, i, Gaps::LineBreaks))
            .flatten()
            .or_else(|| {
                let spaced_start = starts_run && !lone_digit_before(chars, i);
                spaced_start
                    .then(|| candidate_at(chars, i, Gaps::Spaces))
                    .flatten()
            });
        if let Some((hit, end)) = found {
            // A checksum or an id (a long run of hexadecimal digits) is
            // no number anyone reads.
            if !in_hex_token(chars, i, end) {
                hits.push(hit);
            }
            i = end;
            continue;
        }
        i += 1;
    }
    hits
}

/// Whether a single digit, spaced off, stands before `at` (`5 1 9 1 2 …`):
/// then a spaced-out number does not start at `at` but earlier, or not
/// at all.
fn lone_digit_before(chars: &[Read], at: usize) -> bool {
    at >= 2
        && chars[at - 1].c == ' '
        && chars[at - 2].c.is_ascii_digit()
        && (at < 3 || !chars[at - 3].c.is_ascii_digit())
}

/// Whether the characters from `start` to `end` lie in a run of at least
/// 32 hexadecimal digits and hyphens with a letter among them: a SHA-256
/// checksum or a UUID.
fn in_hex_token(chars: &[Read], start: usize, end: usize) -> bool {
    let hex = |r: &Read| r.c.is_ascii_hexdigit() || r.c == '-';
    let before = chars[..start].iter().rev().take_while(|r| hex(r)).count();
    let after = chars[end..].iter().take_while(|r| hex(r)).count();
    let token = &chars[start - before..end + after];
    token.len() >= 32 && token.iter().any(|r| r.c.is_ascii_alphabetic())
}

/// What may stand between the digits of a number.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gaps {
    /// A line break (with the spaces around it): a wrapped line.
    LineBreaks,
    /// Also one space: a number spaced out as in a form's boxes, or broken
    /// by a line break that became a space. Only with a `-` or `+`.
    Spaces,
}

/// `count` digits from `at`, with `gaps` allowed between two of them;
/// the digits and the position after them.
fn digits_at(chars: &[Read], mut at: usize, count: usize, gaps: Gaps) -> Option<(Vec<u8>, usize)> {
    let mut digits = Vec::with_capacity(count);
    while digits.len() < count {
        if !digits.is_empty() {
            at = after_line_break(chars, at).unwrap_or(at);
            if gaps == Gaps::Spaces && chars.get(at).is_some_and(|r| r.c == ' ') {
                at += 1;
            }
        }
        let c = chars.get(at)?.c;
        if !c.is_ascii_digit() {
            return None;
        }
        digits.push(c as u8 - b'0');
        at += 1;
    }
    Some((digits, at))
}

/// The position after a run of spaces that holds a line break, if one
/// starts at `at`.
fn after_line_break(chars: &[Read], at: usize) -> Option<usize> {
    let mut end = at;
    let mut line_break = false;
    while let Some(r) = chars.get(end)
        && (r.c == ' ' || r.c == '\t' || r.c == '\n')
    {
        line_break |= r.c == '\n';
        end += 1;
    }
    line_break.then_some(end)
}

/// The separator between the date and the serial: a hyphen or plus with
/// spaces around it, or spaces alone, or nothing. Returns the position
/// after it and the sign a reader reads.
fn separator(chars: &[Read], at: usize) -> (usize, Option<char>) {
    let spaces = |mut i: usize| {
        while chars
            .get(i)
            .is_some_and(|r| matches!(r.c, ' ' | '\t' | '\n'))
        {
            i += 1;
        }
        i
    };
    let after_spaces = spaces(at);
    match chars.get(after_spaces).map(|r| r.c) {
        Some(sign @ ('-' | '+')) => (spaces(after_spaces + 1), Some(sign)),
        _ => (after_spaces, None),
    }
}

fn candidate_at(chars: &[Read], start: usize, gaps: Gaps) -> Option<(Hit, usize)> {
    // Try the 12-digit form first: a 12-digit number must not be read as
    // a 10-digit one starting inside it.
    for date_len in [8, 6] {
        let Some((date, after_date)) = digits_at(chars, start, date_len, gaps) else {
            continue;
        };
        let (at, sign) = separator(chars, after_date);
        if gaps == Gaps::Spaces && sign.is_none() {
            continue;
        }
        let Some((serial, end)) = digits_at(chars, at, 4, gaps) else {
            continue;
        };
        let digit_at = |i: usize| chars.get(i).is_some_and(|r| r.c.is_ascii_digit());
        if digit_at(end)
            || (gaps == Gaps::Spaces
                && chars.get(end).is_some_and(|r| r.c == ' ')
                && digit_at(end + 1))
        {
            continue;
        }
        let significant: Vec<u8> = date[date_len - 6..]
            .iter()
            .chain(&serial)
            .copied()
            .collect();
        let century = (date_len == 8).then(|| u32::from(date[0]) * 10 + u32::from(date[1]));
        if let Some(samordningsnummer) = valid_date(&significant, century)
            && luhn_valid(&significant)
        {
            let text = |d: &[u8]| d.iter().map(|d| char::from(b'0' + d)).collect::<String>();
            let read = match sign {
                Some(sign) => format!("{}{sign}{}", text(&date), text(&serial)),
                None => format!("{}{}", text(&date), text(&serial)),
            };
            let hit = Hit {
                range: chars[start].start..chars[end - 1].end,
                digits: text(&significant),
                samordningsnummer,
                read,
            };
            return Some((hit, end));
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
    let written = written.trim();
    let hits = find(written);
    match hits.as_slice() {
        [hit] if hit.range == (0..written.len()) => Some(hit.digits.clone()),
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
    fn checksums_and_ids_are_no_numbers() {
        // A SHA-256 digest with a run that passes the date and Luhn tests.
        assert!(
            find("e3b0c44298fc1c149afbf4c8996fb924191212121212ae41e4649b934ca495991b7852b855")
                .is_empty()
        );
        assert!(find("urn:uuid:6ba7b810-9dad-11d1-80b4-191212121212").is_empty());
        assert_eq!(find("fil a1 19121212-1212").len(), 1);
    }

    #[test]
    fn spaced_digits_need_a_hyphen_and_no_more_digits() {
        assert!(find("1 2 1 2 1 2 1 2 1 2").is_empty());
        assert!(find("10 000 000 - 12 000 000 kr").is_empty());
        assert!(find("1 000 000 - 2 000 000").is_empty());
        assert!(find("191212 12-1212 3").is_empty());
        assert!(find("5 1 9 1 2 1 2 1 2 - 1 2 1 2").is_empty());
        assert_eq!(find("nr18 191212\n  12-1212").len(), 1);
    }

    #[test]
    fn ignores_numbers_glued_to_more_digits_and_ordinary_numbers() {
        assert!(found("1121212-12121").is_empty());
        assert!(found("Dnr SN26/45, tel. 0123-45 67 89, 2026-12-10, 1 234 567 kr").is_empty());
        assert!(found("org.nr 212000-1234").is_empty());
    }

    #[test]
    fn reads_what_a_reader_reads() {
        for text in [
            "19121212\u{2013}1212",          // en dash
            "19121212\u{2011}1212",          // non-breaking hyphen
            "19121212\u{2212}1212",          // minus sign
            "19121212-12\u{ad}12",           // soft hyphen
            "1912\u{200b}1212-1212",         // zero-width space
            "1912\u{2060}1212\u{200d}-1212", // word joiner, zero-width joiner
            "１９１２１２１２－１２１２",    // full-width
            "19121212-\n1212",               // wrapped at the hyphen
            "1912121\n2-1212",               // wrapped inside the date
            "19121212 - 1212",
            "121212 1212",
            "\u{661}\u{669}\u{661}\u{662}\u{661}\u{662}\u{661}\u{662}-1212", // Arabic-Indic digits
            "191212 12-1212",                // a line break that became a space
            "1 9 1 2 1 2 1 2 - 1 2 1 2",     // spaced out
            "1\u{336}9\u{336}121212-1212",   // struck through
            "19121212\u{2d7}1212",           // modifier minus
            "19121212\u{2500}1212",          // box drawing
            "\u{202e}2121-21212191\u{202c}", // right-to-left override
        ] {
            let hits = find(text);
            assert_eq!(hits.len(), 1, "{text:?}");
            assert_eq!(hits[0].digits, "1212121212", "{text:?}");
        }
    }

    #[test]
    fn loose_reading_sees_through_markup_and_escapes() {
        for text in [
            "19121212-**1212**",
            "19121212\\-1212",
            "19121212-12&#x31;2",
            "19121212-12&#49;2",
            "191\\x32\\x31212-1212",
            "19121212&ndash;1212",
            "1912<b>1212</b>-1212",
            "19121212-12\\u00312",
        ] {
            let hits = find_loose(text);
            assert_eq!(hits.len(), 1, "{text:?}");
            assert_eq!(hits[0].digits, "1212121212", "{text:?}");
            assert_eq!(hits[0].range.start, 0, "{text:?}");
            assert!(text[..hits[0].range.end].ends_with('2'), "{text:?}");
        }
    }

    #[test]
    fn ranges_point_into_the_written_text() {
        let text = "Sökande: 19121212\u{2013}1212.";
        let hit = &find(text)[0];
        assert_eq!(&text[hit.range.clone()], "19121212\u{2013}1212");
        assert_eq!(hit.read, "19121212-1212");
    }

    #[test]
    fn masks_the_serial() {
        let hit = &find("pnr 19121212-1212")[0];
        assert_eq!(hit.masked(), "19121212-XXXX");
        let hit = &find("pnr 191212121212")[0];
        assert_eq!(hit.masked(), "19121212XXXX");
    }

    #[test]
    fn normalizes_allowed_numbers() {
        assert_eq!(normalize(" 19121212-1212 ").as_deref(), Some("1212121212"));
        assert_eq!(normalize("121212+1212").as_deref(), Some("1212121212"));
        assert_eq!(normalize("12345"), None);
    }
}
