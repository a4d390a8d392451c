//! Load stage, list tables: a förteckning (delegationsbeslut, anmälningar)
//! read from a CSV or Excel file as Swedish users actually produce them:
//! UTF-8 with or without BOM or Windows-1252, `;` or `,` separators, quoted
//! cells with line breaks, `.xlsx` workbooks. Files are measured before
//! they are read, and reading stops at the limits of [`crate::limits`].

use std::path::Path;

use crate::limits::{self, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, number};

mod measure;
mod widths;
mod workbook;

pub use measure::Style;
pub use widths::{
    StyledCell, column_widths, column_words, fits_on_one_line, keep_numbers_together,
};

/// A table: column headings from the file's first row, then the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column headings.
    pub columns: Vec<String>,
    /// Data rows, each with one cell per column.
    pub rows: Vec<Vec<String>>,
    /// For each data row, its 1-based line in the file (CSV) or row in the
    /// sheet (Excel), to point at it in messages.
    pub lines: Vec<usize>,
}

/// Why a table file could not be read: a Swedish message and, when the
/// problem is in one row, its 1-based line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// The line of the file (CSV) or row of the sheet (Excel), when known.
    pub line: Option<usize>,
    /// The 1-based column (in characters) on that line, when known.
    pub column: Option<usize>,
    /// What is wrong, in Swedish.
    pub message: String,
    /// How to fix it.
    pub tips: String,
}

impl TableError {
    fn new(message: impl Into<String>, tips: impl Into<String>) -> Self {
        Self {
            line: None,
            column: None,
            message: message.into(),
            tips: tips.into(),
        }
    }

    fn at(line: usize, message: impl Into<String>, tips: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            ..Self::new(message, tips)
        }
    }
}

/// Reads a file of a kind, measured before it is read.
fn read_limited(path: &Path, kind: &limits::FileKind) -> Result<Vec<u8>, TableError> {
    let cannot = |e: std::io::Error| {
        TableError::new(
            format!("filen kan inte läsas: {}", crate::error::io_reason(&e)),
            "kontrollera sökvägen",
        )
    };
    let length = std::fs::metadata(path).map_err(cannot)?.len();
    if length > kind.limit {
        return Err(TableError::new(
            format!("filen {}", limits::over_limit(length, kind)),
            kind.tips,
        ));
    }
    std::fs::read(path).map_err(cannot)
}

/// The error for a row wider than a förteckning may be.
fn too_wide(line: usize, width: usize) -> TableError {
    TableError::at(
        line,
        format!(
            "rad {line} har {} kolumner; en förteckning får ha högst {}",
            number(width as u64),
            number(MAX_TABLE_COLUMNS as u64)
        ),
        "ta bort kolumnerna som inte ska stå i förteckningen",
    )
}

/// The error for a file with more cells than a förteckning may have.
fn too_many_cells(line: usize) -> TableError {
    TableError::at(
        line,
        format!(
            "förteckningen har fler än {} celler (här vid rad {line}); en förteckning får ha högst så många",
            number(MAX_TABLE_CELLS as u64)
        ),
        limits::CSV.tips,
    )
}

/// Reads a `.csv` or `.xlsx` table; `sheet` picks a sheet of a workbook.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, TableError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" => read_csv(&read_limited(path, &limits::CSV)?),
        "xlsx" | "xlsm" => workbook::read_workbook(path, sheet),
        "xls" | "ods" => Err(TableError::new(
            format!("förteckningar av typen `.{extension}` stöds inte"),
            "spara tabellen som Excel-arbetsbok (.xlsx) eller CSV (.csv)",
        )),
        other => Err(TableError::new(
            format!("förteckningar av typen `.{other}` stöds inte"),
            "spara tabellen som CSV (.csv) eller Excel (.xlsx)",
        )),
    }
}

/// Decodes CSV bytes: UTF-8 (a BOM is dropped), otherwise Windows-1252,
/// which is what Excel writes as "CSV" on Swedish Windows. A file that is
/// UTF-8 but for a broken byte (its å, ä and ö are UTF-8) is an error at
/// that byte, not read as Windows-1252 throughout.
pub fn decode_text(bytes: &[u8]) -> Result<String, TableError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let utf8_letters = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    if utf8_letters {
        let problem =
            limits::utf8(bytes.to_vec(), Path::new("")).expect_err("the bytes are not UTF-8");
        let at = problem.location.unwrap_or(crate::error::Location::file(""));
        return Err(TableError {
            line: Some(at.line),
            column: Some(at.column),
            message: problem.message,
            tips: problem.tips.unwrap_or_default(),
        });
    }
    Ok(encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned())
}

/// The separator of a CSV text: the one of `;`, `,` and tab that occurs most
/// often outside quotes on the header line.
fn separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b';', b',', b'\t'][best]
}

/// Reads a CSV table from raw bytes. Empty rows are passed by; a row wider
/// than [`MAX_TABLE_COLUMNS`] or more cells than [`MAX_TABLE_CELLS`] stop
/// the reading.
pub fn read_csv(bytes: &[u8]) -> Result<Table, TableError> {
    let text = decode_text(bytes)?;
    let breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut cells = 0;
    for record in reader.records() {
        let record = record.map_err(|e| TableError {
            line: e
                .position()
                .map(|p| line_of(&text, &breaks, p.byte() as usize)),
            column: None,
            message: "CSV-filen kan inte tolkas".into(),
            tips: "kontrollera citattecknen på raden".into(),
        })?;
        // csv counts a CRLF record's line before its `\n` is consumed, so the
        // line is taken from the byte offset, past any line-break bytes.
        let line = record
            .position()
            .map(|p| line_of(&text, &breaks, p.byte() as usize))
            .unwrap_or(0);
        // Trailing empty cells (an Excel artefact) are not columns.
        let width = record
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .last()
            .map_or(0, |(i, _)| i + 1);
        if width == 0 {
            continue;
        }
        if width > MAX_TABLE_COLUMNS {
            return Err(too_wide(line, width));
        }
        cells += width;
        if cells > MAX_TABLE_CELLS {
            return Err(too_many_cells(line));
        }
        // Empty cells after the last one are kept for the comparison with
        // the heading row, as many as a row may have.
        let stored = record.len().min(MAX_TABLE_COLUMNS);
        let cells: Vec<String> = record.iter().take(stored).map(clean_cell).collect();
        records.push((line, cells));
    }
    table_from_rows(records, "raden")
}

/// The 1-based line of the first character at or after `offset` that is
/// not a line break; `breaks` holds the offsets of the text's `\n`s (so
/// that a long file is not counted from its start for every row).
fn line_of(text: &str, breaks: &[usize], offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = offset.min(bytes.len());
    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    breaks.partition_point(|&b| b < start) + 1
}

pub(crate) fn clean_cell(cell: &str) -> String {
    cell.replace("\r\n", "\n").trim().to_owned()
}

/// Builds a table from (line, cells) rows: the first non-empty row is the
/// header; empty rows are skipped; every row must have as many cells.
pub(crate) fn table_from_rows(
    rows: Vec<(usize, Vec<String>)>,
    row_word: &str,
) -> Result<Table, TableError> {
    let mut rows = rows
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((_, columns)) = rows.next() else {
        return Err(TableError::new(
            "tabellen är tom",
            "första raden ska innehålla kolumnrubrikerna",
        ));
    };
    // Trailing empty header cells (a common Excel artefact) are not columns.
    let width = columns
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1);
    let columns: Vec<String> = columns.into_iter().take(width).collect();
    let mut data = Vec::new();
    let mut lines = Vec::new();
    for (line, mut cells) in rows {
        while cells.len() > width && cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if cells.len() != width {
            return Err(TableError {
                line: Some(line),
                column: None,
                message: format!(
                    "{row_word} {line} har {} celler men tabellen har {width} kolumner",
                    cells.len()
                ),
                tips: "ge raden lika många celler som rubrikraden; en cell med semikolon, komma eller radbrytning måste stå inom citattecken".into(),
            });
        }
        data.push(cells);
        lines.push(line);
    }
    Ok(Table {
        columns,
        rows: data,
        lines,
    })
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn semicolon_utf8_with_quoted_line_break() {
        let table = read_csv("A;B\n1;\"x\ny\"\n2;\"a;b\"\n".as_bytes()).unwrap();
        assert_eq!(table.columns, ["A", "B"]);
        assert_eq!(table.rows, [["1", "x\ny"], ["2", "a;b"]]);
    }

    #[test]
    fn windows_1252_and_bom() {
        let cp1252 = b"Namn;Ort\r\nK\xe5re;V\xe4ster\xe5s\r\n";
        let table = read_csv(cp1252).unwrap();
        assert_eq!(table.rows, [["Kåre", "Västerås"]]);
        let bom = "\u{feff}Namn;Ort\r\nKåre;Västerås\r\n";
        assert_eq!(read_csv(bom.as_bytes()).unwrap(), table);
    }

    #[test]
    fn comma_separator_is_detected() {
        let table = read_csv(b"a,b,c\n1,\"2,5\",3\n").unwrap();
        assert_eq!(table.rows, [["1", "2,5", "3"]]);
    }

    #[test]
    fn wrong_cell_count_names_the_line() {
        let err = read_csv(b"a;b\n1;2\n3\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(
            err.message,
            "raden 3 har 1 celler men tabellen har 2 kolumner"
        );
    }

    #[test]
    fn empty_table() {
        assert_eq!(read_csv(b"\n\n").unwrap_err().message, "tabellen är tom");
    }
}
