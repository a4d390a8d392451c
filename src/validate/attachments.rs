//! Bilagor and förteckningar: the files an ärende names. Each is measured
//! before it is read (see [`crate::limits`]); a Markdown bilaga is checked
//! as a text ([`super::texts`]), a PDF by its pages, a förteckning by its
//! cells.

use std::path::Path;

use super::checker::{Checker, location, text};
use super::types::{Bilaga, BilagaTyp, Forteckning};

/// A Markdown bilaga with at least this many headings gets a table of
/// contents unless its `innehållsförteckning` says otherwise.
const TOC_MIN_HEADINGS: usize = 4;
use crate::error::{Diagnostic, Location};
use crate::limits::{self, MAX_PDF_PAGES, MAX_TABLE_COLUMNS, number};
use crate::load::virtual_path;
use crate::markdown::{BUDGET, cell_weight};
use crate::model::{self, JaNej};
use crate::table;

/// Reads a förteckning from its file or from the YAML.
pub(super) fn check_forteckning(
    checker: &mut Checker,
    file: &Path,
    f: &model::ForteckningEntry,
    meeting_dir: &Path,
) -> Option<Forteckning> {
    let titel = Some(text(&f.titel))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Förteckning".to_owned());
    let mut source = None;
    let (kolumner, rader) = match &f.fil {
        Some(fil) => {
            if !f.kolumner.is_empty() || !f.rader.is_empty() {
                checker.error_at(
                    file,
                    fil,
                    "förteckningen har både `fil` och `kolumner`/`rader`".into(),
                    "hämta tabellen antingen från filen eller skriv den i YAML-filen, inte båda",
                );
                return None;
            }
            let path = match checker.sandbox.resolve(meeting_dir, &fil.value) {
                Ok(path) => path,
                Err(reason) => {
                    checker.error_at(
                        file,
                        fil,
                        format!("förteckningen kan inte läsas: {reason}"),
                        "ange en CSV- eller Excel-fil i sammanträdesmappen, t.ex. `bilagor/delegationsbeslut.csv`",
                    );
                    return None;
                }
            };
            match table::read_table(&path, f.blad.as_deref()) {
                Ok(table) => {
                    source = Some((checker.sandbox.relative(&path).to_path_buf(), table.lines));
                    (table.columns, table.rows)
                }
                Err(err) => {
                    let relative = checker.sandbox.relative(&path).to_path_buf();
                    let location = match err.line {
                        Some(line) => Location::at(relative, line, err.column.unwrap_or(0)),
                        None => Location::file(relative),
                    };
                    checker.problems.push(
                        Diagnostic::error(format!(
                            "förteckningen `{}`: {}",
                            fil.value, err.message
                        ))
                        .at(location)
                        .tips(err.tips),
                    );
                    return None;
                }
            }
        }
        None => {
            if f.kolumner.is_empty() {
                checker.problems.push(
                    Diagnostic::error("förteckningen saknar både `fil` och `kolumner`")
                        .at(Location::file(file))
                        .tips("ange `fil: bilagor/lista.csv` eller skriv `kolumner:` och `rader:`"),
                );
                return None;
            }
            for row in &f.rader {
                if row.value.len() != f.kolumner.len() {
                    checker.error_at(
                        file,
                        row,
                        format!(
                            "raden har {} celler men förteckningen har {} kolumner",
                            row.value.len(),
                            f.kolumner.len()
                        ),
                        "ge varje rad lika många celler som det finns kolumner",
                    );
                }
            }
            (
                f.kolumner.iter().map(|k| k.trim().to_owned()).collect(),
                f.rader
                    .iter()
                    .map(|r| r.value.iter().map(|c| c.0.trim().to_owned()).collect())
                    .collect::<Vec<Vec<String>>>(),
            )
        }
    };
    if let Some(problem) = table_problem(&kolumner, &rader) {
        let at = match &f.fil {
            Some(fil) => location(file, fil),
            None => Location::file(file),
        };
        checker.problems.push(problem.at(at));
        return None;
    }
    let (fil, rader_i_fil) = source.map_or((None, Vec::new()), |(f, l)| (Some(f), l));
    Some(Forteckning {
        titel,
        bredder: table::column_widths(&kolumner, &rader),
        ord: table::column_words(&kolumner, &rader),
        enkel: table::fits_on_one_line(&kolumner, &rader),
        kolumner,
        rader,
        fil,
        rader_i_fil,
    })
}

/// Checks a bilaga and reads what the packet needs of it.
pub(super) fn check_bilaga(
    checker: &mut Checker,
    nummer: usize,
    file: &Path,
    b: &model::BilagaEntry,
    meeting_dir: &Path,
) -> Option<Bilaga> {
    let path = match checker.sandbox.resolve(meeting_dir, &b.fil.value) {
        Ok(path) => path,
        Err(reason) => {
            checker.error_at(
                file,
                &b.fil,
                format!("bilagan kan inte läsas: {reason}"),
                "ange en fil i sammanträdesmappen, t.ex. `bilagor/rapport.md`",
            );
            return None;
        }
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let virtual_file = virtual_path(checker.sandbox.relative(&path));
    // Image paths in a Markdown bilaga are relative to the meeting folder.
    let bas = virtual_path(checker.sandbox.relative(meeting_dir));
    match extension.as_str() {
        "md" | "markdown" => {
            let egen_numrering = b.numrering == Some(model::Numrering::Egen);
            let (text, converted) =
                checker.markdown_file(&path, file, &b.fil, &bas, egen_numrering)?;
            let innehall = match b.innehallsforteckning {
                Some(answer) => answer == JaNej::Ja,
                None => converted.headings >= TOC_MIN_HEADINGS,
            };
            Some(Bilaga {
                nummer,
                titel: b.titel.trim().to_owned(),
                typ: BilagaTyp::Markdown,
                fil: virtual_file,
                text,
                bas,
                sidor: 0,
                innehall,
                egen_numrering,
                uppfoljning: b.uppfoljning == Some(JaNej::Ja),
                publiceras: b.publiceras,
                webbfil: String::new(),
            })
        }
        "pdf" => {
            let relative = checker.sandbox.relative(&path).to_path_buf();
            if let Err(mut problem) = limits::check_size(&path, &relative, &limits::PDF) {
                problem.location = Some(location(file, &b.fil));
                checker.problems.push(problem);
                return None;
            }
            let sidor = match pdf_page_count(&path) {
                Ok(count) if count > MAX_PDF_PAGES => {
                    checker.error_at(
                        file,
                        &b.fil,
                        format!(
                            "PDF-bilagan `{}` har {} sidor; en PDF-bilaga får ha högst {}",
                            b.fil.value,
                            number(count as u64),
                            number(MAX_PDF_PAGES as u64)
                        ),
                        "dela upp filen, eller publicera den för sig och hänvisa till den",
                    );
                    return None;
                }
                Ok(count) => count,
                Err(reason) => {
                    checker.error_at(
                        file,
                        &b.fil,
                        format!("PDF-bilagan `{}` {reason}", b.fil.value),
                        "be avsändaren om en oskyddad, fungerande PDF",
                    );
                    return None;
                }
            };
            Some(Bilaga {
                nummer,
                titel: b.titel.trim().to_owned(),
                typ: BilagaTyp::Pdf,
                fil: virtual_file,
                text: String::new(),
                bas,
                sidor,
                innehall: false,
                egen_numrering: false,
                uppfoljning: b.uppfoljning == Some(JaNej::Ja),
                publiceras: b.publiceras,
                webbfil: String::new(),
            })
        }
        other => {
            checker.error_at(
                file,
                &b.fil,
                format!("bilagor av typen `.{other}` stöds inte"),
                "spara bilagan som Markdown (.md) eller PDF (.pdf)",
            );
            None
        }
    }
}

/// The number of pages of a PDF, or why it cannot be used.
pub fn pdf_page_count(path: &Path) -> std::result::Result<usize, String> {
    let data = std::fs::read(path)
        .map_err(|e| format!("kan inte läsas: {}", crate::error::io_reason(&e)))?;
    match hayro_syntax::Pdf::new(data) {
        Ok(pdf) => match pdf.pages().len() {
            0 => Err("har inga sidor".into()),
            count => Ok(count),
        },
        Err(hayro_syntax::LoadPdfError::Decryption(_)) => {
            Err("är lösenordsskyddad eller krypterad".into())
        }
        Err(_) => Err("är skadad eller ingen PDF".into()),
    }
}

/// Whether typst can lay a förteckning out within the memory limit: not
/// wider than [`MAX_TABLE_COLUMNS`], its cells and text weighing no more
/// than a Markdown text may (see [`crate::markdown::cell_weight`]).
fn table_problem(columns: &[String], rows: &[Vec<String>]) -> Option<Diagnostic> {
    let width = columns.len();
    if width > MAX_TABLE_COLUMNS {
        return Some(
            Diagnostic::error(format!(
                "förteckningen har {} kolumner; en förteckning får ha högst {MAX_TABLE_COLUMNS}",
                number(width as u64)
            ))
            .tips("ta bort kolumnerna som inte ska stå i förteckningen"),
        );
    }
    let text_kb = |row: &[String]| row.iter().map(String::len).sum::<usize>() as u64 / 5;
    let row_kb = cell_weight(width) * width as u64;
    // The heading row is a row too.
    let heading = row_kb + text_kb(columns);
    let body = rows.len() as u64 * row_kb + rows.iter().map(|r| text_kb(r)).sum::<u64>();
    if heading + body <= BUDGET {
        return None;
    }
    let average = (body / rows.len().max(1) as u64).max(1);
    let most = (BUDGET.saturating_sub(heading) / average).min(rows.len() as u64 - 1);
    Some(
        Diagnostic::error(format!(
            "förteckningen har {} rader med {} kolumner; med så många kolumner och så mycket text får den ha högst {} rader (typst behöver annars mer än 1 GB minne)",
            number(rows.len() as u64),
            number(width as u64),
            number(most)
        ))
        .tips(limits::CSV.tips),
    )
}
