//! Stage 2, validate: diarienummer. The nämnd's pattern (its own
//! `diarienummer_mönster`, else its abbreviation, two digits of the year,
//! a slash and a serial number) for a case and for a document in a case.

use super::checker::Checker;
use crate::error::Diagnostic;
use crate::load::Sourced;
use crate::model::{self, NamndFile};

/// The nämnd's diarienummer pattern: a case (`SN26/45`) and a document in
/// a case (`SN26/45:3`).
pub(super) struct CasePattern {
    pub(super) case: regex::Regex,
    pub(super) document: regex::Regex,
    /// How to describe the pattern in a hint.
    pub(super) hint: String,
}

impl CasePattern {
    /// The pattern of `namnd.yaml`, or the default built from the abbreviation.
    pub(super) fn new(
        abbreviation: &str,
        custom: Option<&str>,
    ) -> std::result::Result<Self, regex::Error> {
        let (inner, hint) = match custom {
            Some(pattern) => (
                pattern
                    .trim()
                    .trim_start_matches('^')
                    .trim_end_matches('$')
                    .to_owned(),
                format!(
                    "nämndens mönster är `{}` (diarienummer_mönster i namnd.yaml)",
                    pattern.trim()
                ),
            ),
            None => (
                format!(r"{}\d{{2}}/\d+", regex::escape(abbreviation.trim())),
                format!(
                    "skriv förkortningen, årets två sista siffror, snedstreck och löpnummer, t.ex. {}26/45",
                    abbreviation.trim()
                ),
            ),
        };
        Ok(Self {
            case: regex::Regex::new(&format!("^(?:{inner})$"))?,
            document: regex::Regex::new(&format!(r"^(?:{inner})(?::\d+(?:\.\d+)*)?$"))?,
            hint,
        })
    }
}

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
