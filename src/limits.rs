//! Resource limits on what the user's files may make the tool do. Every
//! file a user names is measured before it is read: one that is larger than
//! its kind allows is refused with its size, the limit and a hint, so that a
//! mistaken or hostile file can never make a check take minutes or gigabytes.
//! The limits are chosen from the largest real document of each kind and
//! measured so that the worst content under them stays below 1 GB of memory
//! (see README.md, "Gränser").

use std::path::Path;

use crate::error::{Diagnostic, Location};

pub mod pdf_streams;

/// A kind of file the user gives the tool, with its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    /// What the file is, in Swedish with its article: "en Markdown-bilaga".
    pub name: &'static str,
    /// The largest size read, in bytes.
    pub limit: u64,
    /// What to do with a larger file.
    pub tips: &'static str,
}

const MB: u64 = 1024 * 1024;

/// `namnd.yaml`, `sammantrade.yaml`, ärenden, `protokoll.yaml`,
/// `webbplats.yaml`: a YAML file holds short texts.
pub const YAML: FileKind = FileKind {
    name: "en YAML-fil",
    limit: MB,
    tips: "lägg långa texter i en Markdown-bilaga och långa tabeller i en CSV-fil",
};

/// A Markdown bilaga or written reservation: a 300-page report is about
/// 1 MB of Markdown.
pub const MARKDOWN: FileKind = FileKind {
    name: "en Markdown-fil",
    limit: 2 * MB,
    tips: "dela upp texten på flera bilagor, eller bifoga den som PDF",
};

/// A förteckning as CSV: a year of delegation decisions (4 000 rows) is
/// about 600 kB.
pub const CSV: FileKind = FileKind {
    name: "en CSV-fil",
    limit: 2 * MB,
    tips: "dela upp förteckningen, t.ex. en per månad eller per enhet",
};

/// A förteckning as an Excel workbook (compressed).
pub const XLSX: FileKind = FileKind {
    name: "en Excel-fil",
    limit: 10 * MB,
    tips: "spara bara bladet med förteckningen i en egen arbetsbok, eller som CSV",
};

/// A PDF bilaga: a large scanned report.
pub const PDF: FileKind = FileKind {
    name: "en PDF-bilaga",
    limit: 100 * MB,
    tips: "be avsändaren om en mindre fil (t.ex. skannad med 300 dpi i gråskala), eller dela upp den",
};

/// An image in a Markdown text, or the site's logo.
pub const IMAGE: FileKind = FileKind {
    name: "en bild",
    limit: 20 * MB,
    tips: "spara bilden i lägre upplösning, t.ex. högst 3 000 pixlar på längsta sidan",
};

/// The most pages a PDF bilaga may have.
pub const MAX_PDF_PAGES: usize = 5_000;

/// The most pixels of one image (a 600 dpi scan of an A4 page is 35
/// million).
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// The most cells with text a förteckning's file is read for; what a
/// förteckning may hold is decided by its weight (see
/// [`crate::markdown::cell_weight`]): about 25 000 cells of 5 columns.
pub const MAX_TABLE_CELLS: usize = 32_000;

/// The most columns of a table (a förteckning or a Markdown table): a
/// wider table cannot be read on a page, and typst's work for each cell
/// grows with the columns.
pub const MAX_TABLE_COLUMNS: usize = 30;

/// The most text in the cells of a förteckning, in bytes (as a CSV file).
pub const MAX_TABLE_TEXT: usize = CSV.limit as usize;

/// An Excel workbook is a zip archive: no part of it may unpack to more
/// than this …
pub const MAX_ZIP_ENTRY: u64 = 50 * MB;

/// … nor all parts together to more than this …
pub const MAX_ZIP_TOTAL: u64 = 200 * MB;

/// … nor may it have more parts than this.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// A size for a message: "40,0 MB", "2 MB", "512 kB", "300 byte".
pub fn size(bytes: u64) -> String {
    if bytes >= MB {
        let tenths = (bytes * 10 + MB / 2) / MB;
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{},{} MB", tenths / 10, tenths % 10)
        }
    } else if bytes >= 1024 {
        format!("{} kB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} byte")
    }
}

/// A number with a space between thousands, as Swedish prose writes it:
/// 20000 → "20 000".
pub fn number(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// "är 40 MB; en Markdown-fil får vara högst 2 MB": how a file's size
/// compares with its kind's limit, to follow the file's name.
pub fn over_limit(length: u64, kind: &FileKind) -> String {
    let (length, limit) = match (size(length), size(kind.limit)) {
        // Just over the limit: in kilobytes, so the two differ.
        (length_text, limit_text) if length_text == limit_text => (
            format!("{} kB", number(length.div_ceil(1024))),
            format!("{} kB", number(kind.limit / 1024)),
        ),
        pair => pair,
    };
    format!("är {length}; {} får vara högst {limit}", kind.name)
}

/// The error for a file larger than its kind allows.
pub fn too_large(relative: &Path, length: u64, kind: &FileKind) -> Diagnostic {
    Diagnostic::error(format!(
        "filen {} {}",
        relative.display(),
        over_limit(length, kind)
    ))
    .at(Location::file(relative))
    .tips(kind.tips)
    .kind(crate::error::Kind::Limit)
}

/// Checks the size of a file before it is read; its length when it is
/// within the limit. `relative` names it in messages.
pub fn check_size(path: &Path, relative: &Path, kind: &FileKind) -> Result<u64, Diagnostic> {
    let metadata = std::fs::metadata(path).map_err(|err| {
        Diagnostic::error(format!(
            "filen {} kan inte läsas: {}",
            relative.display(),
            crate::error::io_reason(&err)
        ))
        .at(Location::file(relative))
    })?;
    if metadata.is_dir() {
        return Err(
            Diagnostic::error(format!("{} är en mapp, inte en fil", relative.display()))
                .at(Location::file(relative))
                .tips("ange en fil i mappen"),
        );
    }
    if metadata.len() > kind.limit {
        return Err(too_large(relative, metadata.len(), kind));
    }
    Ok(metadata.len())
}

/// Reads a file that may be at most `kind.limit` bytes, measured before it
/// is read (and read no further than the limit, should it grow meanwhile).
pub fn read(path: &Path, relative: &Path, kind: &FileKind) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read as _;
    check_size(path, relative, kind)?;
    let cannot = |err: std::io::Error| {
        Diagnostic::error(format!(
            "filen {} kan inte läsas: {}",
            relative.display(),
            crate::error::io_reason(&err)
        ))
        .at(Location::file(relative))
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(kind.limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > kind.limit {
        return Err(too_large(relative, bytes.len() as u64, kind));
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file of a kind (a BOM is dropped); invalid UTF-8 is
/// reported at its line and column.
pub fn read_text(path: &Path, relative: &Path, kind: &FileKind) -> Result<String, Diagnostic> {
    utf8(read(path, relative, kind)?, relative)
}

/// The text of `bytes`, or an error at the line and column of the first
/// byte that is not UTF-8. A BOM at the start is dropped.
pub fn utf8(bytes: Vec<u8>, relative: &Path) -> Result<String, Diagnostic> {
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|err| {
        let bytes = err.as_bytes();
        let valid = err.utf8_error().valid_up_to();
        let (line, column) = line_column(bytes, valid);
        Diagnostic::error(format!(
            "filen är inte sparad som UTF-8: byte 0x{:02X} på rad {line} är inget tecken i UTF-8",
            bytes[valid]
        ))
        .at(Location::at(relative, line, column))
        .tips(
            "spara filen som UTF-8 (i Anteckningar: Spara som → Kodning UTF-8; i VS Code: \"Save with Encoding\" → UTF-8) och kontrollera tecknet på raden",
        )
    })
}

/// The 1-based line and column (in characters) of byte `offset` of a text
/// that is valid UTF-8 up to `offset`.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = std::str::from_utf8(&before[line_start..])
        .map_or(offset - line_start, |s| s.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_swedish() {
        assert_eq!(size(40 * MB), "40 MB");
        assert_eq!(size(2 * MB + MB / 2), "2,5 MB");
        assert_eq!(size(1536), "2 kB");
        assert_eq!(size(12), "12 byte");
        assert_eq!(number(20_000), "20 000");
        assert_eq!(number(999), "999");
        assert_eq!(number(1_234_567), "1 234 567");
        let message = too_large(Path::new("a.md"), MARKDOWN.limit + 1, &MARKDOWN).message;
        assert_eq!(
            message,
            "filen a.md är 2 049 kB; en Markdown-fil får vara högst 2 048 kB"
        );
    }

    #[test]
    fn invalid_utf8_has_line_and_column() {
        let err = utf8(b"rad ett\nK\xe5re\n".to_vec(), Path::new("a.md")).unwrap_err();
        let location = err.location.unwrap();
        assert_eq!((location.line, location.column), (2, 2));
        assert!(err.message.contains("0xE5"), "{}", err.message);
        let text = utf8("åäö\n\nxå\u{ff}".as_bytes().to_vec(), Path::new("a")).unwrap();
        assert!(text.starts_with("åäö"));
        // Column counts characters, not bytes.
        let err = utf8(b"\xc3\xa5\xc3\xa4\xff".to_vec(), Path::new("a")).unwrap_err();
        assert_eq!(err.location.unwrap().column, 3);
        assert_eq!(
            utf8(b"\xEF\xBB\xBFtext".to_vec(), Path::new("a")).unwrap(),
            "text"
        );
    }
}
