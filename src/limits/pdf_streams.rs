//! A PDF's compressed streams, measured before the web version reads the
//! file with lopdf and pdf-extract. Both unpack what they read in full:
//! lopdf every object stream when it loads a file, pdf-extract each page's
//! content, taking about a hundred times the content's size in memory. A
//! PDF of a few megabytes can unpack to gigabytes (a "decompression bomb"),
//! so every Flate stream of the file is unpacked here into nothing, counted
//! and stopped at its limit. The streams are found in the raw bytes, with no
//! PDF parser that could itself unpack them first.

use std::io::Read as _;

use super::{number, size};

/// A page's content (or a form drawn on it): pdf-extract takes about 110
/// bytes of memory per byte, and a heavy page (a detailed map) is a few
/// megabytes.
pub const MAX_CONTENT: u64 = 5 * 1024 * 1024;

/// An object stream or an embedded font program.
pub const MAX_OTHER: u64 = 50 * 1024 * 1024;

/// All streams of the file together (time, more than memory).
pub const MAX_TOTAL: u64 = 200 * 1024 * 1024;

/// What a stream holds, by its dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Pixels: pdf-extract does not unpack them.
    Image,
    /// An object stream or a font program.
    Other,
    /// Page content, a form or anything else.
    Content,
}

/// Checks the Flate streams of a PDF; why it cannot be read safely, in
/// Swedish, to follow "PDF-bilagan …".
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let (mut total, mut streams) = (0u64, 0u64);
    let mut at = 0;
    while let Some((dict, data, next)) = next_stream(bytes, at) {
        at = next;
        streams += 1;
        if !dict.windows(11).any(|w| w == b"FlateDecode") {
            continue;
        }
        let kind = kind(dict);
        if kind == Kind::Image {
            continue;
        }
        let limit = if kind == Kind::Content {
            MAX_CONTENT
        } else {
            MAX_OTHER
        };
        let mut decoder = flate2::read::ZlibDecoder::new(data).take(limit + 1);
        // A stream that stops unpacking early (damaged) counts what came out.
        let unpacked = std::io::copy(&mut decoder, &mut std::io::sink()).unwrap_or(0);
        if unpacked > limit {
            return Err(match kind {
                Kind::Content => format!(
                    "har en sida vars innehåll packas upp till mer än {} (en så kallad dekomprimeringsbomb, eller en ovanligt tung ritning); dess text kan inte sökas igenom efter personnummer",
                    size(MAX_CONTENT)
                ),
                _ => format!(
                    "har en del som packas upp till mer än {}; filen kan inte sökas igenom efter personnummer",
                    size(MAX_OTHER)
                ),
            });
        }
        total += unpacked;
        if total > MAX_TOTAL {
            return Err(format!(
                "packas upp till mer än {} ({} delar); filen kan inte sökas igenom efter personnummer",
                size(MAX_TOTAL),
                number(streams)
            ));
        }
    }
    Ok(())
}

/// The next stream at or after `from`: its dictionary, its raw data and
/// where to go on.
fn next_stream(bytes: &[u8], from: usize) -> Option<(&[u8], &[u8], usize)> {
    let keyword = find(bytes, b"stream", from)?;
    // "endstream" ends a stream; it is not a start.
    if keyword >= 3 && &bytes[keyword - 3..keyword] == b"end" {
        return Some((&[], &[], keyword + 6));
    }
    let dict_start = rfind(&bytes[..keyword], b"obj").map_or(0, |i| i + 3);
    let dict = &bytes[dict_start..keyword];
    let mut start = keyword + 6;
    if bytes.get(start) == Some(&b'\r') {
        start += 1;
    }
    if bytes.get(start) == Some(&b'\n') {
        start += 1;
    }
    let end = find(bytes, b"endstream", start).unwrap_or(bytes.len());
    Some((dict, &bytes[start..end], end + 9))
}

/// What a stream's dictionary says it holds.
fn kind(dict: &[u8]) -> Kind {
    // The dictionary's names in order: "/Subtype /Image" → Subtype, Image.
    let text = String::from_utf8_lossy(dict);
    let names: Vec<&str> = text
        .split('/')
        .skip(1)
        .map(|piece| {
            piece
                .split(|c: char| c.is_whitespace() || "<>[]()".contains(c))
                .next()
                .unwrap_or("")
        })
        .collect();
    let pair = |key: &str, value: &str| names.windows(2).any(|w| w[0] == key && w[1] == value);
    if pair("Subtype", "Image") {
        Kind::Image
    } else if pair("Type", "ObjStm")
        || names.contains(&"Length1")
        || pair("Subtype", "Type1C")
        || pair("Subtype", "CIDFontType0C")
        || pair("Subtype", "OpenType")
    {
        Kind::Other
    } else {
        Kind::Content
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn flate(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn pdf_with(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n4 0 obj\n".to_vec();
        out.extend(
            format!(
                "<< {dict} /Length {} /Filter /FlateDecode >>\nstream\n",
                data.len()
            )
            .bytes(),
        );
        out.extend(data);
        out.extend(b"\nendstream\nendobj\n%%EOF\n");
        out
    }

    #[test]
    fn content_that_unpacks_to_too_much_is_refused() {
        let bomb = flate(&vec![b' '; (MAX_CONTENT + 1) as usize]);
        let err = check(&pdf_with("", &bomb)).unwrap_err();
        assert!(err.contains("dekomprimeringsbomb"), "{err}");
        // The same bytes as an image are not unpacked by pdf-extract.
        assert!(check(&pdf_with("/Subtype /Image", &bomb)).is_ok());
        // An object stream may hold more.
        assert!(check(&pdf_with("/Type /ObjStm", &bomb)).is_ok());
        let ordinary = flate(b"BT (Text) Tj ET");
        assert!(check(&pdf_with("", &ordinary)).is_ok());
        assert_eq!(
            kind(b"<< /Length 1234 /Filter /FlateDecode >>"),
            Kind::Content
        );
        assert_eq!(kind(b"<</Subtype/Image/Width 3>>"), Kind::Image);
        assert_eq!(kind(b"<< /Length1 4 /Length 9 >>"), Kind::Other);
    }
}
