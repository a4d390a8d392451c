//! Stage 2, validate: diarienummer. The nämnd's pattern (its own
//! `diarienummer_mönster`, else its abbreviation, two digits of the year,
//! a slash and a serial number) for a case and for a document in a case.

use std::path::Path;

use super::checker::{CasePattern, Checker};
use crate::error::Diagnostic;
use crate::load::Sourced;
use crate::model::{self, NamndFile, Spanned};

/// The error `kontrollera` gives for a diarienummer that does not follow
/// the nämnd's pattern, without a position; `None` when it follows it (or
/// the nämnd's own pattern is broken, which `kontrollera` reports).
pub fn case_number_problem(namnd: &model::NamndFile, value: &str) -> Option<Diagnostic> {
    let custom = namnd
        .diarienummer_monster
        .as_ref()
        .map(|p| p.value.as_str());
    let cases = CasePattern::new(&namnd.forkortning, custom).ok()?;
    let value = value.trim();
    if value.is_empty() || cases.case.is_match(value) {
        return None;
    }
    Some(
        Diagnostic::error(format!(
            "diarienumret `{value}` följer inte nämndens mönster"
        ))
        .tips(cases.hint),
    )
}

/// The pattern of a meeting's `namnd.yaml`; a broken pattern of its own is
/// an error (and diarienummer are then not checked).
pub(super) fn for_namnd(checker: &mut Checker, namnd: &Sourced<NamndFile>) -> Option<CasePattern> {
    let custom = namnd.value.diarienummer_monster.as_ref();
    match CasePattern::new(&namnd.value.forkortning, custom.map(|p| p.value.as_str())) {
        Ok(pattern) => Some(pattern),
        Err(_) => {
            if let Some(custom) = custom {
                checker.error_at(
                    &namnd.path,
                    custom,
                    format!("`{}` är inget giltigt mönster", custom.value),
                    "skriv ett reguljärt uttryck, t.ex. `SN\\d{2}/\\d+`, eller ta bort nyckeln för standardmönstret",
                );
            }
            None
        }
    }
}

impl Checker<'_> {
    /// Checks a diarienummer (or, with `document`, a document reference).
    pub(super) fn case_number(&mut self, file: &Path, number: &Spanned<String>, document: bool) {
        let Some(cases) = &self.cases else { return };
        let value = number.value.trim();
        let pattern = if document {
            &cases.document
        } else {
            &cases.case
        };
        if value.is_empty() || pattern.is_match(value) {
            return;
        }
        let hint = cases.hint.clone();
        self.error_at(
            file,
            number,
            format!("diarienumret `{value}` följer inte nämndens mönster"),
            &hint,
        );
    }
}
