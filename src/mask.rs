//! Masking (maskning): a sakkunnig marks a passage of an otherwise public
//! text as withheld, with the provision of the law that withholds it:
//!
//! ```text
//! Beslutet gäller <maskerad lagrum="OSL 26 kap. 1 §">Anna Andersson, Storgatan 1</maskerad>.
//! ```
//!
//! The syntax is an inline HTML element, which every Markdown editor keeps
//! as it is and shows in its preview as the plain passage. It works in
//! every text the tool reads: YAML values, Markdown bilagor and CSV cells.
//! The internal kallelse and protokoll show the passage
//! ([`reveal`]); everything published shows a note in its place,
//! "[Uppgift borttagen enligt OSL 26 kap. 1 §]" ([`redact`]). The
//! validate stage checks the syntax ([`check`]); the public view
//! ([`crate::public`]) applies it.

use std::ops::Range;

/// The element's name.
const TAG: &str = "maskerad";
/// How the element opens, up to its attributes.
const OPEN: &str = "<maskerad";
/// How it closes.
const CLOSE: &str = "</maskerad>";

/// A masked passage in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The whole element, markers included (byte range).
    pub range: Range<usize>,
    /// The passage between the markers (byte range).
    pub inner: Range<usize>,
    /// The provision, as written: "OSL 26 kap. 1 §".
    pub lagrum: String,
}

/// A mistake in the masking markup, at a byte offset of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset of the mistake.
    pub offset: usize,
    /// What is wrong, in Swedish.
    pub message: String,
    /// How to fix it, in Swedish.
    pub tips: String,
}

/// Whether a text has any masking markup (or something that looks like it).
pub fn mentions(text: &str) -> bool {
    next_marker(text).is_some()
}

/// The masked passages of a text, or the first mistake in its markup.
pub fn passages(text: &str) -> Result<Vec<Passage>, Problem> {
    let mut found = Vec::new();
    if !mentions(text) {
        return Ok(found);
    }
    let mut at = 0;
    while let Some(relative) = next_marker(&text[at..]) {
        let start = at + relative;
        let rest = &text[start..];
        if rest.starts_with("</") {
            return Err(Problem {
                offset: start,
                message: format!("`{CLOSE}` utan `{OPEN} …>` före"),
                tips: format!(
                    "börja det maskerade stället med `{OPEN} lagrum=\"OSL 26 kap. 1 §\">` eller ta bort `{CLOSE}`"
                ),
            });
        }
        let (lagrum, open_len) = opening(rest).map_err(|(offset, message, tips)| Problem {
            offset: start + offset,
            message,
            tips,
        })?;
        let inner_start = start + open_len;
        let Some(close) = text[inner_start..].find(CLOSE) else {
            return Err(Problem {
                offset: start,
                message: format!("`{OPEN}` avslutas aldrig med `{CLOSE}`"),
                tips: format!(
                    "sätt `{CLOSE}` efter det som ska maskeras, i samma text (samma fält eller fil)"
                ),
            });
        };
        let inner_end = inner_start + close;
        if let Some(nested) = next_marker(&text[inner_start..inner_end]) {
            return Err(Problem {
                offset: inner_start + nested,
                message: "ett maskerat ställe kan inte ligga i ett annat".into(),
                tips: format!("avsluta det första med `{CLOSE}` innan nästa börjar"),
            });
        }
        let end = inner_end + CLOSE.len();
        found.push(Passage {
            range: start..end,
            inner: inner_start..inner_end,
            lagrum,
        });
        at = end;
    }
    Ok(found)
}

/// The mistakes in a text's masking markup (at most one: the first).
pub fn check(text: &str) -> Option<Problem> {
    passages(text).err()
}

/// The text as the internal documents show it: the passages without
/// their markers. Markup with a mistake is left as it is (the check
/// reports it before anything is built).
pub fn reveal(text: &str) -> String {
    match passages(text) {
        Ok(passages) if !passages.is_empty() => {
            replace(text, &passages, |p| text[p.inner.clone()].to_owned())
        }
        _ => text.to_owned(),
    }
}

/// How the note in place of a passage is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// A plain text value: the note as it reads.
    Plain,
    /// A Markdown text: the note's punctuation escaped, so that a lagrum
    /// can never become a link or emphasis.
    Markdown,
}

/// The note published in place of a passage.
pub fn note(lagrum: &str) -> String {
    format!("[Uppgift borttagen enligt {}]", lagrum.trim())
}

/// The text as everything published shows it: every passage replaced by
/// its [`note`]. A mistake in the markup is an error: nothing of a text
/// whose masking cannot be read is published.
pub fn redact(text: &str, syntax: Syntax) -> Result<String, Problem> {
    let passages = passages(text)?;
    if passages.is_empty() {
        return Ok(text.to_owned());
    }
    Ok(replace(text, &passages, |p| {
        let note = note(&p.lagrum);
        let note = match syntax {
            Syntax::Plain => note,
            Syntax::Markdown => markdown_escaped(&note),
        };
        // A passage of whole paragraphs leaves its note as a paragraph.
        if syntax == Syntax::Markdown && text[p.inner.clone()].contains("\n\n") {
            format!("\n\n{note}\n\n")
        } else {
            note
        }
    }))
}

/// The byte ranges of the masked passages (markers included): nothing in
/// them is published. Empty when the markup has a mistake.
pub fn masked_ranges(text: &str) -> Vec<Range<usize>> {
    passages(text)
        .map(|passages| passages.into_iter().map(|p| p.range).collect())
        .unwrap_or_default()
}

fn replace(text: &str, passages: &[Passage], with: impl Fn(&Passage) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for passage in passages {
        out.push_str(&text[at..passage.range.start]);
        out.push_str(&with(passage));
        at = passage.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A backslash before every ASCII punctuation character: CommonMark reads
/// the text back exactly.
fn markdown_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The offset of the next `<maskerad` or `</maskerad` (in any case, or
/// misspelled as `<maskera`, `<maskering`: those are mistakes to report).
fn next_marker(text: &str) -> Option<usize> {
    if !text.contains('<') {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let open = lower.find("<mask");
    let close = lower.find("</mask");
    match (open, close) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

type OpenError = (usize, String, String);

/// Reads `<maskerad lagrum="…">` at the start of `text`: the lagrum and
/// the length of the opening.
fn opening(text: &str) -> Result<(String, usize), OpenError> {
    let name_end = text[1..]
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
        .map_or(text.len(), |i| i + 1);
    let name = &text[1..name_end];
    let usage = format!("skriv `{OPEN} lagrum=\"OSL 26 kap. 1 §\">texten{CLOSE}`");
    if name != TAG {
        let hint = if name.eq_ignore_ascii_case(TAG) {
            format!("skriv `{TAG}` med små bokstäver")
        } else {
            format!("menade du `{OPEN}`? {usage}")
        };
        return Err((0, format!("okänd maskering `<{name}`"), hint));
    }
    let Some(end) = text.find('>') else {
        return Err((0, format!("`{OPEN}` avslutas inte med `>`"), usage));
    };
    let attributes = text[name_end..end].trim();
    let Some(value) = attributes.strip_prefix("lagrum") else {
        let found = attributes.split(['=', ' ']).next().unwrap_or("");
        let message = if found.is_empty() {
            "lagrum saknas i maskeringen".to_owned()
        } else {
            format!("okänd egenskap `{found}` i maskeringen")
        };
        let tips = if found.is_empty() {
            format!("ange lagrummet som gör uppgiften hemlig: {usage}")
        } else {
            format!("menade du `lagrum`? {usage}")
        };
        return Err((name_end, message, tips));
    };
    let value = value.trim_start();
    let quoted = value.strip_prefix('=').map(str::trim_start).and_then(|v| {
        let quote = v.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let inner = &v[1..];
        let close = inner.find(quote)?;
        inner[close + 1..]
            .trim()
            .is_empty()
            .then(|| inner[..close].to_owned())
    });
    match quoted {
        Some(lagrum) if !lagrum.trim().is_empty() => Ok((lagrum.trim().to_owned(), end + 1)),
        Some(_) => Err((
            name_end,
            "lagrummet i maskeringen är tomt".into(),
            format!("ange lagrummet som gör uppgiften hemlig: {usage}"),
        )),
        None => Err((
            name_end,
            "lagrummet i maskeringen står inte inom citattecken".into(),
            usage,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "Sökande <maskerad lagrum=\"OSL 26 kap. 1 §\">Anna, 19121212-1212</maskerad> bor här.";

    #[test]
    fn reveals_and_redacts() {
        assert_eq!(reveal(TEXT), "Sökande Anna, 19121212-1212 bor här.");
        assert_eq!(
            redact(TEXT, Syntax::Plain).unwrap(),
            "Sökande [Uppgift borttagen enligt OSL 26 kap. 1 §] bor här."
        );
        assert_eq!(
            redact(TEXT, Syntax::Markdown).unwrap(),
            "Sökande \\[Uppgift borttagen enligt OSL 26 kap\\. 1 §\\] bor här."
        );
        let ranges = masked_ranges(TEXT);
        assert_eq!(ranges.len(), 1);
        assert!(TEXT[ranges[0].clone()].starts_with("<maskerad lagrum"));
        assert!(TEXT[ranges[0].clone()].ends_with("1212</maskerad>"));
    }

    #[test]
    fn a_lagrum_cannot_become_markdown() {
        let text = "<maskerad lagrum='x](https://exempel.se)'>hemligt</maskerad>";
        let redacted = redact(text, Syntax::Markdown).unwrap();
        let plain = crate::markdown::plain_text(&redacted);
        assert_eq!(
            plain.trim(),
            "[Uppgift borttagen enligt x](https://exempel.se)]"
        );
    }

    #[test]
    fn paragraphs_leave_a_paragraph() {
        let text =
            "Före.\n\n<maskerad lagrum=\"OSL 26 kap. 1 §\">Ett.\n\nTvå.</maskerad>\n\nEfter.";
        let redacted = redact(text, Syntax::Markdown).unwrap();
        assert!(redacted.contains("\n\n\\[Uppgift"), "{redacted}");
        assert!(!redacted.contains("Ett"));
    }

    #[test]
    fn mistakes_are_found_where_they_are() {
        let cases = [
            ("a <maskerad>x</maskerad>", 11, "lagrum saknas"),
            ("a <maskerad lagrum=\"\">x</maskerad>", 11, "tomt"),
            ("a <maskerad lagrum=OSL>x</maskerad>", 11, "citattecken"),
            (
                "a <maskerad lagrm=\"OSL\">x</maskerad>",
                11,
                "okänd egenskap `lagrm`",
            ),
            (
                "a <maskera lagrum=\"OSL\">x</maskera>",
                2,
                "okänd maskering `<maskera`",
            ),
            (
                "a <Maskerad lagrum=\"OSL\">x</Maskerad>",
                2,
                "okänd maskering",
            ),
            ("a <maskerad lagrum=\"OSL\">x", 2, "avslutas aldrig"),
            ("a x</maskerad>", 3, "utan"),
            (
                "<maskerad lagrum=\"A\">x <maskerad lagrum=\"B\">y</maskerad>",
                23,
                "i ett annat",
            ),
        ];
        for (text, offset, words) in cases {
            let problem = check(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(problem.offset, offset, "{text}");
            assert!(
                problem.message.contains(words),
                "{text}: {}",
                problem.message
            );
            assert!(redact(text, Syntax::Plain).is_err(), "{text}");
        }
        assert!(check("ingen maskering, bara <b>").is_none());
    }
}
