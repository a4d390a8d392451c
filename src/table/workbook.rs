//! Excel workbooks (`.xlsx`). A workbook is a zip archive whose parts can
//! unpack to far more than the file's size, and whose sheet can claim any
//! size: the archive is measured part by part before calamine opens it
//! (every part is unpacked and counted, so a header that lies about its
//! size does not help), and the sheet is read cell by cell, keeping only
//! cells with text, up to the limits of a förteckning.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};

use super::{
    Table, TableError, clean_cell, read_limited, table_from_rows, too_many_cells, too_wide,
};
use crate::limits::{
    self, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, MAX_TABLE_TEXT, MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY,
    MAX_ZIP_TOTAL, number, size,
};

/// The hint for a workbook that cannot be read.
const RESAVE: &str = "spara filen på nytt som Excel-arbetsbok (.xlsx), eller som CSV";

/// Reads a sheet of an Excel workbook.
pub(super) fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Table, TableError> {
    // The whole file is measured and its archive unpacked into nothing.
    let bytes = read_limited(path, &limits::XLSX)?;
    check_archive(&bytes)?;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
            .map_err(|e| TableError::new(format!("Excel-filen kan inte läsas ({e})"), RESAVE))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| {
                TableError::new(
                    format!("bladet `{wanted}` finns inte i arbetsboken"),
                    format!("arbetsboken har bladen: {}", names.join(", ")),
                )
            })?,
        None => names.first().cloned().ok_or_else(|| {
            TableError::new("arbetsboken har inga blad", "spara tabellen i ett blad")
        })?,
    };
    let unreadable = |e: calamine::XlsxError| {
        TableError::new(format!("bladet `{name}` kan inte läsas ({e})"), RESAVE)
    };
    let mut reader = workbook.worksheet_cells_reader(&name).map_err(unreadable)?;
    // Only cells with text are kept: a sheet may claim a million rows.
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let (mut cells, mut text) = (0usize, 0usize);
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let value = cell_text(&Data::from(cell.get_value().clone()));
        if value.is_empty() {
            continue;
        }
        let line = row as usize + 1;
        if column as usize >= MAX_TABLE_COLUMNS {
            return Err(too_wide(line, column as usize + 1));
        }
        cells += 1;
        text += value.len();
        if cells > MAX_TABLE_CELLS {
            return Err(too_many_cells(line));
        }
        if text > MAX_TABLE_TEXT {
            return Err(TableError::at(
                line,
                format!(
                    "förteckningens celler har mer än {} text (här vid rad {line})",
                    size(MAX_TABLE_TEXT as u64)
                ),
                limits::XLSX.tips,
            ));
        }
        rows.entry(row).or_default().push((column, value));
    }
    let rows = rows
        .into_iter()
        .map(|(row, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut line = vec![String::new(); width];
            for (column, value) in cells {
                line[column as usize] = value;
            }
            (row as usize + 1, line)
        })
        .collect();
    table_from_rows(rows, "rad")
}

/// Unpacks every part of a workbook's zip archive without keeping it,
/// counting what it unpacks to: no part may be larger than
/// [`MAX_ZIP_ENTRY`], all together no larger than [`MAX_ZIP_TOTAL`].
fn check_archive(bytes: &[u8]) -> Result<(), TableError> {
    let broken = |e: zip::result::ZipError| {
        TableError::new(
            format!("Excel-filen är skadad eller ingen Excel-arbetsbok ({e})"),
            RESAVE,
        )
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(broken)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(bomb(format!(
            "har {} delar; en arbetsbok får ha högst {}",
            number(archive.len() as u64),
            number(MAX_ZIP_ENTRIES as u64)
        )));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(broken)?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let declared = entry.size();
        let unpacked = if declared > MAX_ZIP_ENTRY {
            declared
        } else {
            // Whatever the header says, only the bytes that come out count.
            std::io::copy(&mut entry.take(MAX_ZIP_ENTRY + 1), &mut std::io::sink()).map_err(
                |e| {
                    TableError::new(
                        format!("Excel-filen är skadad ({})", crate::error::io_reason(&e)),
                        RESAVE,
                    )
                },
            )?
        };
        if unpacked > MAX_ZIP_ENTRY {
            return Err(bomb(format!(
                "innehåller delen `{name}` som packas upp till mer än {}",
                size(MAX_ZIP_ENTRY)
            )));
        }
        total += unpacked;
        if total > MAX_ZIP_TOTAL {
            return Err(bomb(format!(
                "packas upp till mer än {}",
                size(MAX_ZIP_TOTAL)
            )));
        }
    }
    Ok(())
}

/// The error for a workbook that unpacks to too much.
fn bomb(what: String) -> TableError {
    TableError::new(
        format!("Excel-filen {what}; det är mer än en förteckning behöver"),
        limits::XLSX.tips,
    )
}

/// The text of a spreadsheet cell as a reader sees it in Excel.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => clean_cell(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string().replace('.', ","),
        Data::Bool(b) => if *b { "ja" } else { "nej" }.to_owned(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => {
                t.date().format("%Y-%m-%d").to_string()
            }
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => dt.to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}
