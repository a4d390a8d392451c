//! Load stage, list tables: a förteckning (delegationsbeslut, anmälningar)
//! read from a CSV or Excel file as Swedish users actually produce them:
//! UTF-8 with or without BOM or Windows-1252, `;` or `,` separators, quoted
//! cells with line breaks, `.xlsx` workbooks. Files are measured before
//! they are read, and reading stops at the limits of [`crate::limits`].

use std::path::Path;

use crate::limits::{self, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, number};

mod workbook;

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

/// typst column widths for a table: a column of short values (numbers,
/// dates, case numbers) fits its content; columns of running text share the
/// remaining width in proportion to the text they hold, so that no column is
/// squeezed below its words.
pub fn column_widths<S: AsRef<str>>(columns: &[S], rows: &[Vec<S>]) -> Vec<String> {
    /// The longest cell of a column that still fits its content.
    const SHORT: usize = 12;
    /// The smallest share of a text column, so short words stay whole.
    const MIN_SHARE: usize = 8;
    (0..columns.len())
        .map(|i| {
            let lengths: Vec<usize> = rows
                .iter()
                .filter_map(|row| row.get(i))
                .chain(columns.get(i))
                .map(|cell| cell.as_ref().chars().count())
                .collect();
            let longest = lengths.iter().copied().max().unwrap_or(0);
            if longest <= SHORT {
                "auto".to_owned()
            } else {
                let average = lengths.iter().sum::<usize>() / lengths.len().max(1);
                let longest_word = rows
                    .iter()
                    .filter_map(|row| row.get(i))
                    .flat_map(|cell| cell.as_ref().split_whitespace())
                    .map(|word| word.chars().count())
                    .max()
                    .unwrap_or(0);
                format!("{}fr", average.max(longest_word * 3 / 2).max(MIN_SHARE))
            }
        })
        .collect()
}

/// How many of a column's longest words are measured by the house style.
const MEASURED_WORDS: usize = 3;

/// A cell's text with the spaces inside numbers ("2 310") made
/// non-breaking, so that a number never breaks over two lines.
pub fn keep_numbers_together(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
            let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c == ' ' && digit_before && digit_after {
                '\u{a0}'
            } else {
                c
            }
        })
        .collect()
}

/// The words of a cell that a line can never break inside: split at
/// breaking whitespace only (numbers stay whole, see
/// [`keep_numbers_together`]).
fn words(cell: &str) -> impl Iterator<Item = String> {
    keep_numbers_together(cell)
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

/// The pieces a word can be broken into when the table allows
/// hyphenation: typst hyphenates a purely alphabetic word at every syllable
/// boundary of its Swedish patterns, each piece but the last ending with a
/// hyphen. Other words stay whole.
fn hyphenated_pieces(word: &str) -> Vec<String> {
    if !word.chars().all(char::is_alphabetic) {
        return vec![word.to_owned()];
    }
    let syllables: Vec<&str> = hypher::hyphenate(word, hypher::Lang::Swedish).collect();
    let last = syllables.len().saturating_sub(1);
    syllables
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i < last {
                format!("{s}-")
            } else {
                (*s).to_owned()
            }
        })
        .collect()
}

/// The few longest distinct strings, longest first.
fn longest(strings: impl Iterator<Item = String>) -> Vec<String> {
    let mut all: Vec<String> = strings.collect();
    all.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    all.dedup();
    all.truncate(MEASURED_WORDS);
    all
}

/// Whether a table surely fits the text width with every cell on one
/// line, judged from the length of its longest cell per column at a
/// generous width per character. Such a table needs no measuring (the
/// house style's `tabell` would give it natural widths anyway), which
/// keeps long reports with many small tables fast.
pub fn fits_on_one_line<S: AsRef<str>>(columns: &[S], rows: &[Vec<S>]) -> bool {
    /// A wide character of the table font at 9.5pt, in points (wider than
    /// the average, so the estimate errs towards measuring).
    const CHAR: f64 = 6.2;
    /// Padding of a cell and its rule, in points.
    const CELL: f64 = 10.5;
    /// The text width of an A4 page with the house style's margins, less
    /// a safety margin.
    const WIDTH: f64 = 420.0;
    let total: f64 = (0..columns.len())
        .map(|i| {
            let longest = rows
                .iter()
                .filter_map(|row| row.get(i))
                .chain(columns.get(i))
                .map(|cell| cell.as_ref().chars().count())
                .max()
                .unwrap_or(0);
            longest as f64 * CHAR + CELL
        })
        .sum();
    total <= WIDTH
}

/// The words that decide how narrow each column of a table may be, as a
/// typst array for the house style's `tabell` function: for each column a
/// dictionary with its longest body words (`hel`), their longest hyphenated
/// pieces (`delad`) and the same for the bold heading (`rubrik`,
/// `rubrikdelad`). typst measures them in the table's font.
pub fn column_words<S: AsRef<str>>(columns: &[S], rows: &[Vec<S>]) -> String {
    let strings = |words: Vec<String>| {
        let quoted: Vec<String> = words
            .iter()
            .map(|w| crate::escape::string_literal(w))
            .collect();
        format!(
            "({})",
            quoted.iter().map(|q| format!("{q}, ")).collect::<String>()
        )
    };
    let entries: Vec<String> = (0..columns.len())
        .map(|i| {
            let body: Vec<String> = rows
                .iter()
                .filter_map(|row| row.get(i))
                .flat_map(|cell| words(cell.as_ref()))
                .collect();
            let head: Vec<String> = columns
                .get(i)
                .map(|c| words(c.as_ref()).collect())
                .unwrap_or_default();
            let pieces =
                |words: &[String]| longest(words.iter().flat_map(|w| hyphenated_pieces(w)));
            format!(
                "(hel: {}, delad: {}, rubrik: {}, rubrikdelad: {})",
                strings(longest(body.iter().cloned())),
                strings(pieces(&body)),
                strings(longest(head.iter().cloned())),
                strings(pieces(&head)),
            )
        })
        .collect();
    format!(
        "({})",
        entries.iter().map(|e| format!("{e}, ")).collect::<String>()
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

    #[test]
    fn narrow_tables_fit_on_one_line_and_wide_ones_are_measured() {
        let short = vec![vec!["Ungdomens hus", "40 000"]];
        assert!(fits_on_one_line(&["Förening", "Belopp"], &short));
        let mut heading = vec!["Barn- och ungdomsförsäkring"];
        heading.extend(["1 – 3 år"; 10]);
        let row: Vec<&str> = std::iter::once("Personliga kostnader för hushållet")
            .chain(["2 310"; 10])
            .collect();
        assert!(!fits_on_one_line(&heading, &[row]));
    }
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
    fn text_columns_share_the_width() {
        let rows = vec![
            vec!["1", "En lång rubrik om något viktigt", "2026-10-01"],
            vec!["2", "En annan lång rubrik om något", "2026-10-02"],
        ];
        assert_eq!(
            column_widths(&["Nr", "Rubrik", "Datum"], &rows),
            ["auto", "22fr", "auto"]
        );
    }

    #[test]
    fn numbers_stay_whole_and_long_words_split_at_syllables() {
        assert_eq!(keep_numbers_together("2 310 kr"), "2\u{a0}310 kr");
        let pieces = hyphenated_pieces("ungdomsförsäkring");
        assert!(pieces.len() > 2, "{pieces:?}");
        assert_eq!(pieces.concat().replace('-', ""), "ungdomsförsäkring");
        let words = column_words(
            &["Kostnadspost", "Belopp"],
            &[vec!["Barn- och ungdomsförsäkring", "2 310"]],
        );
        assert!(
            words.starts_with("((hel: (\"ungdomsförsäkring\", "),
            "{words}"
        );
        assert!(words.contains("(hel: (\"2\u{a0}310\", )"), "{words}");
    }

    #[test]
    fn empty_table() {
        assert_eq!(read_csv(b"\n\n").unwrap_err().message, "tabellen är tom");
    }
}
