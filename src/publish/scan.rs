//! Publish stage, personal data: every text the web version would publish
//! (the YAML files, Markdown bilagor, förteckningar read from CSV or Excel,
//! the text of PDF bilagor) is searched for personnummer and
//! samordningsnummer. Each hit that is not allowed in the YAML is an error
//! at its file and line (or PDF page), so nothing personal is published.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Diagnostic, Location};
use crate::personnummer::{self, Hit};
use crate::validate::{BilagaTyp, Packet};

use super::pdfcheck::PdfReport;

/// Searches everything the web version publishes. `pdfs` holds the report
/// (with page texts) of every published PDF bilaga, keyed by its `fil`.
pub fn scan(root: &Path, packet: &Packet, pdfs: &HashMap<String, PdfReport>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let meeting_allowed = &packet.tillatna_nummer;
    for source in &packet.kallor {
        scan_yaml(root, source, meeting_allowed, &[], false, &mut problems);
    }
    for arende in &packet.arenden {
        let allowed = &arende.tillatna_nummer;
        // An unpublished ärende still shows its rubrik and diarienummer.
        scan_yaml(
            root,
            &arende.kalla,
            meeting_allowed,
            allowed,
            !arende.publiceras,
            &mut problems,
        );
        if !arende.publiceras {
            continue;
        }
        for bilaga in arende.bilagor.iter().filter(|b| b.publiceras) {
            match bilaga.typ {
                BilagaTyp::Markdown => {
                    for (index, line) in bilaga.text.lines().enumerate() {
                        for hit in not_allowed(line, meeting_allowed, allowed) {
                            problems.push(found(
                                &hit,
                                line,
                                Location::at(&bilaga.fil, index + 1, column(line, &hit)),
                                "",
                            ));
                        }
                    }
                }
                BilagaTyp::Pdf => {
                    let Some(report) = pdfs.get(&bilaga.fil) else {
                        continue;
                    };
                    for (index, text) in report.page_texts.iter().enumerate() {
                        for hit in not_allowed(text, meeting_allowed, allowed) {
                            problems.push(found(
                                &hit,
                                text,
                                Location::file(&bilaga.fil),
                                &format!("på sida {} ", index + 1),
                            ));
                        }
                    }
                }
            }
        }
        if let Some(forteckning) = &arende.forteckning
            && let Some(file) = &forteckning.fil
        {
            for (row, line) in forteckning.rader.iter().zip(&forteckning.rader_i_fil) {
                for cell in row {
                    for hit in not_allowed(cell, meeting_allowed, allowed) {
                        problems.push(found(&hit, cell, Location::at(file, *line, 0), ""));
                    }
                }
            }
        }
    }
    problems
}

/// Scans a YAML file line by line; comment lines are not published. With
/// `only_title`, only the `rubrik` and `diarienummer` lines are (an
/// unpublished ärende).
fn scan_yaml(
    root: &Path,
    file: &Path,
    meeting_allowed: &[String],
    allowed: &[String],
    only_title: bool,
    problems: &mut Vec<Diagnostic>,
) {
    let Ok(text) = std::fs::read_to_string(root.join(file)) else {
        return;
    };
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        if only_title && !(trimmed.starts_with("rubrik:") || trimmed.starts_with("diarienummer:")) {
            continue;
        }
        for hit in not_allowed(line, meeting_allowed, allowed) {
            problems.push(found(
                &hit,
                line,
                Location::at(file, index + 1, column(line, &hit)),
                "",
            ));
        }
    }
}

/// The numbers in `text` allowed neither for the meeting nor for the ärende.
pub(super) fn not_allowed<'a>(
    text: &str,
    meeting_allowed: &'a [String],
    allowed: &'a [String],
) -> impl Iterator<Item = Hit> + 'a {
    personnummer::find(text)
        .into_iter()
        .filter(move |hit| !meeting_allowed.contains(&hit.digits) && !allowed.contains(&hit.digits))
}

/// The 1-based column (in characters) of a hit.
pub(super) fn column(line: &str, hit: &Hit) -> usize {
    line[..hit.range.start].chars().count() + 1
}

fn found(hit: &Hit, text: &str, at: Location, page: &str) -> Diagnostic {
    let kind = if hit.samordningsnummer {
        "ett samordningsnummer"
    } else {
        "ett personnummer"
    };
    let place = if page.is_empty() { "här " } else { page };
    Diagnostic::error(format!(
        "{place}står {kind} ({}); det får inte publiceras på webben",
        hit.masked(text)
    ))
    .at(at)
    .tips(
        "ta bort numret ur texten eller sätt `publiceras: false` på handlingen; \
         är det inte ett personnummer, lägg det under `tillåtna_nummer:` med `nummer:` och `skäl:`",
    )
}
