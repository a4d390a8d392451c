//! Publish stage, the guard: the text a reader of a published file reads,
//! by the file's kind. A PDF's text as a text extractor reads it, page by
//! page, and every text string in the file (bookmarks, alt texts, link
//! addresses, metadata); HTML and XML with the tags removed and character
//! references decoded, attribute values on their own; JSON strings
//! unescaped; iCalendar lines unfolded and unescaped; the search index's
//! files unzipped.

use lopdf::Object;

/// A piece of a published file's readable text and where in the file it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The text as read.
    pub text: String,
    /// Where it is.
    pub place: Place,
    /// The headings (HTML) or names (JSON) in the text and where they
    /// start, to say what a hit belongs to.
    pub marks: Vec<(usize, String)>,
}

/// Where in a published file a segment is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A page of a PDF (1-based).
    Page(usize),
    /// A PDF's strings outside its pages: bookmarks, alt texts, links,
    /// metadata.
    PdfStrings,
    /// The text of an HTML or XML file.
    Text,
    /// An attribute value of an HTML or XML file.
    Attribute,
    /// A string of a JSON file, with its path (`agendaItem[3].name`).
    Json(String),
    /// The whole of a plain text file (unfolded, for iCalendar).
    File,
}

/// The readable text of a published file, or `None` when a PDF's text
/// cannot be extracted. A PDF typst laid out here is read from its
/// `document`, see [`frame_pages`].
pub fn read(
    name: &str,
    bytes: &[u8],
    document: Option<&typst_layout::PagedDocument>,
) -> Option<Vec<Segment>> {
    let extension = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    Some(match extension.as_str() {
        "pdf" => pdf(bytes, document)?,
        "html" | "htm" | "xml" | "atom" | "rss" | "svg" => markup(&String::from_utf8_lossy(bytes)),
        "json" => json(bytes),
        "ics" => lines(&unfold_ical(&String::from_utf8_lossy(bytes))),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "ico" | "woff" | "woff2" => Vec::new(),
        // The site's search: Pagefind's WebAssembly has no text of ours;
        // its index and fragments are gzipped, the fragments the whole
        // text of every record.
        "pagefind" => Vec::new(),
        "pf_fragment" | "pf_index" | "pf_meta" | "pf_filter" => lines(&gunzipped(bytes)),
        _ => lines(&String::from_utf8_lossy(bytes)),
    })
}

/// The text of a gzipped file (at most 256 MB of it), or of the file as it
/// is when it is not gzipped.
fn gunzipped(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut text = Vec::new();
    let unzipped = flate2::read::GzDecoder::new(bytes)
        .take(256 << 20)
        .read_to_end(&mut text);
    match unzipped {
        Ok(_) => String::from_utf8_lossy(&text).into_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The text of each page, as a reader reads it; `None` when the file
/// cannot be read. `pdf-extract` interprets the pages (and can panic on
/// unusual files); [`PageText`] turns its characters into text.
pub fn pdf_pages(bytes: &[u8]) -> Option<Vec<String>> {
    quietly(|| {
        let document = pdf_extract::Document::load_mem(bytes).ok()?;
        let mut text = PageText::default();
        pdf_extract::output_doc(&document, &mut text).ok()?;
        Some(text.pages)
    })?
}

thread_local! {
    /// Whether a panic on this thread is caught and must not be printed.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic without printing it: a PDF reader that
/// panics on an unusual file is an unreadable file, not an English
/// message on the terminal. The hook is installed once and only keeps
/// quiet on threads inside this function, so it is safe in parallel.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|quiet| quiet.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(false));
    result.ok()
}

/// The text of each page of a document typst laid out, as a reader reads
/// it: the text of its glyph runs in order, a new line where the text
/// moves to another line, a space where a gap a reader sees as one is.
/// This is the text the PDF's pages draw (typst writes each run's glyphs
/// with its text); reading the exported bytes back with `pdf-extract`
/// would split numbers wherever a run ends, since it cannot read the
/// widths of typst's fonts.
pub fn frame_pages(document: &typst_layout::PagedDocument) -> Vec<String> {
    document
        .pages()
        .iter()
        .map(|page| {
            let mut text = FrameText::default();
            text.frame(&page.frame, Point::zero());
            text.text
        })
        .collect()
}

use typst::layout::{Abs, Frame, FrameItem, Point};

/// The text of a frame, see [`frame_pages`].
#[derive(Default)]
struct FrameText {
    text: String,
    /// The baseline, the end and the font size of the last run.
    last: Option<(Abs, Abs, Abs)>,
}

impl FrameText {
    /// The runs of a frame at `origin`; a group that is only moved keeps
    /// the line, a rotated or scaled one (a landscape table) starts anew.
    fn frame(&mut self, frame: &Frame, origin: Point) {
        for (position, item) in frame.items() {
            let at = origin + *position;
            match item {
                FrameItem::Group(group) => {
                    let ts = group.transform;
                    let moved_only = ts.sx.get() == 1.0
                        && ts.sy.get() == 1.0
                        && ts.kx.get() == 0.0
                        && ts.ky.get() == 0.0;
                    if moved_only {
                        self.frame(&group.frame, at + Point::new(ts.tx, ts.ty));
                    } else {
                        self.break_line();
                        self.frame(&group.frame, Point::zero());
                        self.break_line();
                    }
                }
                FrameItem::Text(run) => {
                    let size = run.size;
                    if let Some((baseline, end, last_size)) = self.last {
                        let tolerance = size.max(last_size) * 0.5;
                        if (at.y - baseline).abs() > tolerance || at.x + tolerance < end {
                            self.text.push('\n');
                        } else if at.x - end > size.min(last_size) * SPACE {
                            self.text.push(' ');
                        }
                    }
                    self.text.push_str(&run.text);
                    self.last = Some((at.y, at.x + run.width(), size));
                }
                // An SVG image's text is drawn as text: read it as well.
                FrameItem::Image(image, ..) => {
                    if let typst::visualize::ImageKind::Svg(svg) = image.kind() {
                        self.break_line();
                        for segment in markup(&String::from_utf8_lossy(svg.data())) {
                            self.text.push_str(&segment.text);
                            self.text.push('\n');
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn break_line(&mut self) {
        if self.last.take().is_some() {
            self.text.push('\n');
        }
    }
}

/// A gap between two characters of a line wider than this share of the
/// font size reads as a space. `pdf-extract`'s own plain text output
/// takes a tenth, which splits a number where a font change or an
/// invisible character (a soft hyphen) moved the glyphs a little, though
/// a reader sees no space there.
const SPACE: f64 = 0.2;

/// The characters of each page as lines of text: a new line where the
/// text moves to another line, a space where a gap a reader sees as one
/// is.
#[derive(Default)]
struct PageText {
    pages: Vec<String>,
    text: String,
    last_end: f64,
    last_y: f64,
    first_char: bool,
}

impl pdf_extract::OutputDev for PageText {
    fn begin_page(
        &mut self,
        _page: u32,
        _media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.text.clear();
        self.first_char = false;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.pages.push(std::mem::take(&mut self.text));
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let (x, y) = (trm.m31, trm.m32);
        let size = ((font_size * (trm.m11 + trm.m21)) * (font_size * (trm.m12 + trm.m22)))
            .abs()
            .sqrt();
        if self.first_char {
            if (y - self.last_y).abs() > size * 0.5 {
                self.text.push('\n');
            } else if x > self.last_end + size * SPACE {
                self.text.push(' ');
            }
        }
        self.text.push_str(char);
        self.first_char = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.first_char = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

fn pdf(bytes: &[u8], document: Option<&typst_layout::PagedDocument>) -> Option<Vec<Segment>> {
    let pages = match document {
        Some(document) => frame_pages(document),
        None => pdf_pages(bytes)?,
    };
    let mut segments: Vec<Segment> = pages
        .into_iter()
        .enumerate()
        .map(|(index, text)| Segment {
            text,
            place: Place::Page(index + 1),
            marks: Vec::new(),
        })
        .collect();
    let document = lopdf::Document::load_mem(bytes).ok()?;
    let mut strings = Vec::new();
    for object in document.objects.values() {
        collect_strings(object, &mut strings, 0);
    }
    segments.push(Segment {
        text: strings.join("\n\n"),
        place: Place::PdfStrings,
        marks: Vec::new(),
    });
    Some(segments)
}

/// Every text string of a PDF object, and the text of its XML metadata
/// streams. Content streams (the pages' text, read above), fonts and
/// images are not strings a reader reads.
fn collect_strings(object: &Object, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    match object {
        Object::String(..) => {
            if let Some(text) = super::super::pdfcheck::text_string(object) {
                out.push(with_percent_decoded(text));
            }
        }
        Object::Array(items) => {
            for item in items {
                collect_strings(item, out, depth + 1);
            }
        }
        Object::Dictionary(dictionary) => {
            for (_, value) in dictionary.iter() {
                collect_strings(value, out, depth + 1);
            }
        }
        Object::Stream(stream) => {
            let is_metadata =
                stream.dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Metadata");
            if is_metadata
                && let Ok(content) = stream
                    .decompressed_content()
                    .or_else(|_| Ok::<_, lopdf::Error>(stream.content.clone()))
            {
                for segment in markup(&String::from_utf8_lossy(&content)) {
                    out.push(segment.text);
                }
            }
        }
        _ => {}
    }
}

/// Elements that do not break the line: text on either side runs on.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
    "var", "wbr",
];

/// HTML or XML: the text with tags removed (an inline element joins the
/// text around it; any other tag breaks the line) and character
/// references decoded; every attribute value a segment of its own.
fn markup(source: &str) -> Vec<Segment> {
    let mut text = String::with_capacity(source.len());
    let mut attributes = Vec::new();
    let mut marks = Vec::new();
    let mut heading: Option<usize> = None;
    let mut rest = source;
    while let Some(open) = rest.find('<') {
        text.push_str(&decode_references(&rest[..open]));
        rest = &rest[open..];
        if let Some(body) = rest.strip_prefix("<!--") {
            // Not shown, but in the published file for anyone to read.
            let end = body.find("-->").unwrap_or(body.len());
            attributes.push(Segment {
                text: body[..end].to_owned(),
                place: Place::Attribute,
                marks: Vec::new(),
            });
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            text.push_str(&body[..end]);
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        let Some(end) = tag_end(rest) else {
            text.push_str(&decode_references(rest));
            rest = "";
            break;
        };
        let tag = &rest[1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        for value in attribute_values(tag) {
            attributes.push(Segment {
                text: with_percent_decoded(decode_references(value)),
                place: Place::Attribute,
                marks: Vec::new(),
            });
        }
        let is_heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if is_heading && !tag.starts_with('/') {
            heading = Some(text.len());
        } else if is_heading && let Some(start) = heading.take() {
            marks.push((start, text[start..].trim().to_owned()));
        }
        if !INLINE.contains(&name.as_str()) {
            text.push('\n');
        }
        rest = &rest[end + 1..];
    }
    text.push_str(&decode_references(rest));
    let mut segments = vec![Segment {
        text,
        place: Place::Text,
        marks,
    }];
    segments.extend(attributes);
    segments
}

/// The index of the `>` that ends the tag starting at `text[0]`, past
/// quoted attribute values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The quoted values of a tag's attributes.
fn attribute_values(tag: &str) -> Vec<&str> {
    let mut values = Vec::new();
    let mut rest = tag;
    while let Some(at) = rest.find(['"', '\'']) {
        let quote = &rest[at..at + 1];
        let after = &rest[at + 1..];
        let Some(end) = after.find(quote) else { break };
        values.push(&after[..end]);
        rest = &after[end + 1..];
    }
    values
}

/// A text with, when it has percent escapes (a link address), its decoded
/// form after it: a browser shows and sends the address decoded.
fn with_percent_decoded(text: String) -> String {
    if !text.contains('%') {
        return text;
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    format!("{text}\n{}", String::from_utf8_lossy(&decoded))
}

/// `&amp;`, `&#49;`, `&#x31;` and the named references that matter for a
/// number decoded; other named references are left as they are.
pub fn decode_references(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest
            .bytes()
            .take(40)
            .position(|b| b == b';')
            .and_then(|end| {
                let body = &rest[1..end];
                let c = match body.strip_prefix('#') {
                    Some(number) => match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    }
                    .and_then(char::from_u32),
                    None => crate::personnummer::named_reference(body),
                }?;
                Some((c, end + 1))
            });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every string of a JSON file (keys too), with its path and the `name`
/// of the object it is in; strings are also read with HTML references
/// decoded, since a client may show them as HTML.
fn json(bytes: &[u8]) -> Vec<Segment> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return lines(&String::from_utf8_lossy(bytes));
    };
    let mut out = Vec::new();
    walk_json(&value, String::new(), None, &mut out);
    out
}

fn walk_json(value: &serde_json::Value, path: String, name: Option<&str>, out: &mut Vec<Segment>) {
    use serde_json::Value;
    let push = |text: &str, out: &mut Vec<Segment>| {
        let marks = name.map(|n| vec![(0, n.to_owned())]).unwrap_or_default();
        let decoded = decode_references(text);
        let text = if decoded != text {
            format!("{text}\n{decoded}")
        } else {
            text.to_owned()
        };
        out.push(Segment {
            text,
            place: Place::Json(path.clone()),
            marks,
        });
    };
    match value {
        Value::String(text) => push(text, out),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk_json(item, format!("{path}[{index}]"), name, out);
            }
        }
        Value::Object(map) => {
            let own = map
                .get("name")
                .or_else(|| map.get("rubrik"))
                .and_then(Value::as_str)
                .or(name);
            for (key, item) in map {
                push(key, out);
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk_json(item, path, own, out);
            }
        }
        _ => {}
    }
}

/// iCalendar text with its folded lines joined and its escapes read.
fn unfold_ical(text: &str) -> String {
    text.replace("\r\n ", "")
        .replace("\r\n\t", "")
        .replace("\n ", "")
        .replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

/// A plain text, as one segment.
fn lines(text: &str) -> Vec<Segment> {
    vec![Segment {
        text: text.to_owned(),
        place: Place::File,
        marks: Vec::new(),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_index_is_read_unzipped() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"pagefind_dcd{\"content\":\"Anna 19760307-9018\"}")
            .unwrap();
        let bytes = gz.finish().unwrap();
        let text = read("pagefind/fragment/sv_1.pf_fragment", &bytes, None).unwrap();
        assert!(text[0].text.contains("19760307-9018"), "{text:?}");
        assert!(
            read("pagefind/wasm.sv.pagefind", &bytes, None)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn markup_is_read_as_a_browser_shows_it() {
        let segments = markup(
            "<h2>Ärende</h2><p>Nr 1912<b>1212</b>&#45;12&#x31;2</p><img alt=\"19121212&ndash;1212\"><td>1</td><td>2</td>",
        );
        assert!(
            segments[0].text.contains("Nr 19121212-1212"),
            "{:?}",
            segments[0].text
        );
        assert!(segments[0].text.contains("1\n\n2"));
        assert_eq!(segments[0].marks, vec![(0, "Ärende".to_owned())]);
        assert_eq!(segments[1].text, "19121212\u{2013}1212");
    }

    #[test]
    fn json_strings_are_unescaped_and_named() {
        let segments =
            json(br#"{"agendaItem":[{"name":"Bidrag","resolutionProposal":["att \u0031912"]}]}"#);
        let proposal = segments
            .iter()
            .find(|s| s.place == Place::Json("agendaItem[0].resolutionProposal[0]".into()))
            .unwrap();
        assert_eq!(proposal.text, "att 1912");
        assert_eq!(proposal.marks, vec![(0, "Bidrag".to_owned())]);
    }

    #[test]
    fn calendars_are_unfolded() {
        let text = unfold_ical("DESCRIPTION:Sökande 191212\r\n 12-1212\\, boende\r\n");
        assert!(text.contains("Sökande 19121212-1212, boende"));
    }
}
