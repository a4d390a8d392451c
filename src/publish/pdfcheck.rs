//! Publish stage, PDF bilagor: what an existing PDF offers a screen-reader
//! user and the archive (tagged or not, real text or scanned, title,
//! language, the standards it claims), metadata that may leak, and its text
//! page by page for the personal-data scan. Nothing here claims more than
//! the file itself shows.

use lopdf::{Document, Object};
use serde::Serialize;

/// What one PDF file offers.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct PdfReport {
    /// Number of pages.
    #[serde(rename = "pages")]
    pub pages: usize,
    /// Tagged (a structure tree a screen reader can follow).
    pub tagged: bool,
    /// Pages (1-based) without any extractable text: scanned images.
    #[serde(rename = "pagesWithoutText")]
    pub pages_without_text: Vec<usize>,
    /// The document title, if the file has one.
    pub title: Option<String>,
    /// The document language, if the file declares one.
    pub language: Option<String>,
    /// Standards the file claims in its XMP metadata, e.g. "PDF/A-2b", "PDF/UA-1".
    #[serde(rename = "claimedStandards")]
    pub claimed: Vec<String>,
    /// Metadata values that look like a local file path.
    #[serde(skip)]
    pub path_leaks: Vec<String>,
    /// The author in the metadata, shown so that the sekreterare sees it.
    #[serde(skip)]
    pub author: Option<String>,
    /// The text of every page, for the personal-data scan.
    #[serde(skip)]
    pub page_texts: Vec<String>,
}

impl PdfReport {
    /// Whether the file meets the basic needs of a screen-reader user:
    /// tagged, text on every page, a title and a language.
    pub fn accessible(&self) -> bool {
        self.problems().is_empty()
    }

    /// What keeps the file from being accessible, in Swedish.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !self.tagged {
            problems.push("saknar taggar (struktur för skärmläsare)".to_owned());
        }
        if self.pages_without_text.len() == self.pages {
            problems.push("har ingen text, troligen en skannad bild".to_owned());
        } else if !self.pages_without_text.is_empty() {
            problems.push(format!(
                "{} {} saknar text (skannade?)",
                if self.pages_without_text.len() == 1 {
                    "sidan"
                } else {
                    "sidorna"
                },
                join_numbers(&self.pages_without_text)
            ));
        }
        if self.title.is_none() {
            problems.push("saknar titel".to_owned());
        }
        if self.language.is_none() {
            problems.push("saknar angivet språk".to_owned());
        }
        problems
    }
}

fn join_numbers(numbers: &[usize]) -> String {
    let parts: Vec<String> = numbers.iter().map(usize::to_string).collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} och {last}", rest.join(", ")),
    }
}

/// Inspects a PDF file's bytes.
pub fn inspect(bytes: &[u8]) -> Result<PdfReport, String> {
    // lopdf and pdf-extract unpack what they read in full: measured first.
    crate::limits::pdf_streams::check(bytes)?;
    let doc = Document::load_mem(bytes).map_err(|e| format!("kan inte läsas: {e}"))?;
    let catalog = doc
        .catalog()
        .map_err(|_| "saknar katalog och kan inte läsas".to_owned())?;
    let pages = doc.get_pages().len();
    let tagged = catalog.get(b"StructTreeRoot").is_ok()
        && catalog
            .get_deref(b"MarkInfo", &doc)
            .and_then(Object::as_dict)
            .and_then(|mark| mark.get_deref(b"Marked", &doc))
            .and_then(Object::as_bool)
            .unwrap_or(false);
    let language = catalog
        .get_deref(b"Lang", &doc)
        .ok()
        .and_then(text_string)
        .filter(|l| !l.trim().is_empty());
    let xmp = xmp_of(&doc, catalog);
    let info = doc
        .trailer
        .get_deref(b"Info", &doc)
        .and_then(Object::as_dict)
        .ok();
    let info_field = |key: &[u8]| {
        info.and_then(|dict| dict.get_deref(key, &doc).ok())
            .and_then(text_string)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let title = info_field(b"Title").or_else(|| xmp_title(&xmp));
    let author = info_field(b"Author");
    let path_leaks = [
        b"Title".as_slice(),
        b"Author",
        b"Subject",
        b"Creator",
        b"Producer",
    ]
    .iter()
    .filter_map(|key| info_field(key))
    .filter(|value| looks_like_local_path(value))
    .collect();

    let page_texts = page_texts(bytes, pages);
    let pages_without_text = page_texts
        .iter()
        .enumerate()
        .filter(|(_, text)| text.trim().is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    Ok(PdfReport {
        pages,
        tagged,
        pages_without_text,
        title,
        language,
        claimed: claimed_standards(&xmp),
        path_leaks,
        author,
        page_texts,
    })
}

/// The text of each page. pdf-extract can panic on unusual files; a file
/// it cannot read counts as having no text (the report then says so).
fn page_texts(bytes: &[u8], pages: usize) -> Vec<String> {
    let result =
        super::guard::reader::quietly(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    match result {
        Some(Ok(mut texts)) => {
            texts.resize(pages, String::new());
            texts
        }
        _ => vec![String::new(); pages],
    }
}

/// A PDF text string (PDFDocEncoding or UTF-16) as Rust text.
pub fn text_string(object: &Object) -> Option<String> {
    match object {
        Object::String(bytes, _) => Some(
            lopdf::decode_text_string(object)
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
        ),
        _ => None,
    }
}

/// `C:\Users\…`, `/home/…`, `/Users/…`, `file://…`, `\\server\…`.
pub fn looks_like_local_path(value: &str) -> bool {
    let lower = value.to_lowercase();
    let bytes = lower.as_bytes();
    let drive = bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    drive
        || lower.contains(":\\")
        || lower.starts_with("\\\\")
        || lower.contains("file://")
        || ["/home/", "/users/", "/tmp/", "/var/", "/root/", "/mnt/"]
            .iter()
            .any(|p| lower.contains(p))
}

/// The XMP metadata of a document, as its catalog gives it.
fn xmp_of(doc: &Document, catalog: &lopdf::Dictionary) -> String {
    catalog
        .get_deref(b"Metadata", doc)
        .and_then(Object::as_stream)
        .ok()
        .and_then(|stream| {
            stream
                .decompressed_content()
                .ok()
                .or_else(|| Some(stream.content.clone()))
        })
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// The standards a PDF claims in its catalog's XMP ("PDF/A-2a",
/// "PDF/UA-1"); none when it cannot be read.
pub fn claimed(bytes: &[u8]) -> Vec<String> {
    let Ok(doc) = Document::load_mem(bytes) else {
        return Vec::new();
    };
    let Ok(catalog) = doc.catalog() else {
        return Vec::new();
    };
    claimed_standards(&xmp_of(&doc, catalog))
}

/// The PDF/A and PDF/UA parts claimed in XMP (`pdfaid:part="2"` or
/// `<pdfaid:part>2</pdfaid:part>`).
fn claimed_standards(xmp: &str) -> Vec<String> {
    let field = |name: &str| -> Option<String> {
        let pattern = format!(r#"{name}(?:="|>)\s*([0-9A-Za-z]+)"#);
        regex::Regex::new(&pattern)
            .ok()?
            .captures(xmp)
            .map(|c| c[1].to_owned())
    };
    let mut claimed = Vec::new();
    if let Some(part) = field("pdfaid:part") {
        let level = field("pdfaid:conformance")
            .map(|c| c.to_lowercase())
            .unwrap_or_default();
        claimed.push(format!("PDF/A-{part}{level}"));
    }
    if let Some(part) = field("pdfuaid:part") {
        claimed.push(format!("PDF/UA-{part}"));
    }
    claimed
}

fn xmp_title(xmp: &str) -> Option<String> {
    let re = regex::Regex::new(r"(?s)<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>").ok()?;
    re.captures(xmp)
        .map(|c| c[1].trim().to_owned())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_are_recognised() {
        assert!(looks_like_local_path(
            r"C:\Users\anna\Documents\rapport.docx"
        ));
        assert!(looks_like_local_path("/home/anna/rapport.pdf"));
        assert!(looks_like_local_path(r"\\filserver\delat\rapport.docx"));
        assert!(!looks_like_local_path("Revisionsrapport 2026"));
        assert!(!looks_like_local_path("Microsoft Word för Microsoft 365"));
    }

    #[test]
    fn claimed_standards_from_xmp() {
        let xmp = r#"<rdf:Description pdfaid:part="2" pdfaid:conformance="B"/><pdfuaid:part>1</pdfuaid:part>"#;
        assert_eq!(claimed_standards(xmp), ["PDF/A-2b", "PDF/UA-1"]);
        assert!(claimed_standards("").is_empty());
    }

    #[test]
    fn problems_are_listed_in_swedish() {
        let report = PdfReport {
            pages: 3,
            tagged: false,
            pages_without_text: vec![2, 3],
            title: None,
            language: Some("sv".into()),
            claimed: Vec::new(),
            path_leaks: Vec::new(),
            author: None,
            page_texts: Vec::new(),
        };
        assert_eq!(
            report.problems(),
            [
                "saknar taggar (struktur för skärmläsare)",
                "sidorna 2 och 3 saknar text (skannade?)",
                "saknar titel"
            ]
        );
        assert!(!report.accessible());
    }
}
