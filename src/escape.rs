//! Escaping user text for typst (render stage). User text is data, never
//! markup: every string a user wrote passes through [`markup`] (tera's
//! autoescape for `.typ` templates) or [`string_literal`].
//!
//! The markup rule (measured in TECH-NOTES to round-trip random strings):
//! a backslash before every ASCII punctuation character, a single space kept
//! only between two non-whitespace characters, every other whitespace written
//! as a `\u{…}` escape, everything else verbatim.

use std::fmt::Write as _;

/// Escapes `text` so that typst markup shows it verbatim.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    push_markup(&mut out, text);
    out
}

/// Appends the escaped form of `text` to `out` (see [`markup`]).
pub fn push_markup(out: &mut String, text: &str) {
    push_escaped(out, text, false);
}

/// Like [`push_markup`] for a piece of running text between markup
/// elements: a single space at either end stays a plain space, so
/// `a *b* c` reads as `a #emph[b] c` in the generated source.
pub fn push_markup_inline(out: &mut String, text: &str) {
    push_escaped(out, text, true);
}

fn push_escaped(out: &mut String, text: &str, open_ends: bool) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c == ' ' {
            let prev_solid = match i.checked_sub(1) {
                Some(p) => !chars[p].is_whitespace(),
                None => open_ends,
            };
            let next_solid = match chars.get(i + 1) {
                Some(n) => !n.is_whitespace(),
                None => open_ends,
            };
            if prev_solid && next_solid {
                out.push(' ');
            } else {
                push_unicode_escape(out, c);
            }
        } else if c.is_whitespace() || c.is_control() {
            push_unicode_escape(out, c);
        } else {
            out.push(c);
        }
    }
}

fn push_unicode_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// A typst string literal (with quotes) holding `text` verbatim.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => push_unicode_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The tera escape function for `.typ` templates.
pub fn tera_escape(input: &str, output: &mut dyn std::io::Write) -> std::io::Result<()> {
    output.write_all(markup(input).as_bytes())
}

/// Text for XML: `&`, `<`, `>`, `"` and `'` escaped.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_escaped() {
        assert_eq!(markup("#let x = 1"), "\\#let x \\= 1");
        assert_eq!(markup("a*b*"), "a\\*b\\*");
        assert_eq!(markup("§ 12"), "§ 12");
    }

    #[test]
    fn whitespace_outside_words_is_escaped() {
        assert_eq!(markup(" a  b\n"), "\\u{20}a\\u{20}\\u{20}b\\u{a}");
        assert_eq!(markup("å ä ö"), "å ä ö");
    }

    #[test]
    fn string_literals() {
        assert_eq!(string_literal("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
