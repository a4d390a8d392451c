//! Stage 2, validate: the [`Checker`] every check writes its problems to
//! (with the state the checks keep in it: the nämnd's diarienummer pattern
//! and the Markdown weight of each YAML file),
//! and small helpers for turning spanned input into locations and text.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Location, Result, Severity};
use crate::load::Sandbox;
use crate::markdown::Weight;
use crate::model::{self, Spanned};
use crate::personnummer;

use super::types::Person;

/// Collects problems while walking the input.
pub(super) struct Checker<'a> {
    pub(super) sandbox: &'a Sandbox,
    pub(super) problems: Vec<Diagnostic>,
    pub(super) cases: Option<CasePattern>,
    /// The Markdown weight of each YAML file so far.
    pub(super) weights: YamlWeights,
}

impl<'a> Checker<'a> {
    /// A checker for a meeting in `sandbox`, with the nämnd's diarienummer
    /// pattern when it has a valid one.
    pub(super) fn new(sandbox: &'a Sandbox, cases: Option<CasePattern>) -> Self {
        Self {
            sandbox,
            problems: Vec::new(),
            cases,
            weights: Default::default(),
        }
    }

    /// The warnings when nothing was an error; else every problem, errors
    /// first, as the input error.
    pub(super) fn finish(self) -> Result<Vec<Diagnostic>> {
        let (errors, warnings): (Vec<_>, Vec<_>) = self
            .problems
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        if errors.is_empty() {
            return Ok(warnings);
        }
        let mut all = errors;
        all.extend(warnings);
        Err(Error::Input(all))
    }

    pub(super) fn error_at<T>(
        &mut self,
        file: &Path,
        spanned: &Spanned<T>,
        message: String,
        tips: &str,
    ) {
        let diagnostic = Diagnostic::error(message).at(location(file, spanned));
        self.problems.push(if tips.is_empty() {
            diagnostic
        } else {
            diagnostic.tips(tips)
        });
    }

    /// The ten significant digits of each allowed number; an entry that is
    /// not a personnummer or has no reason is an error.
    pub(super) fn allowed_numbers(
        &mut self,
        file: &Path,
        list: &[model::TillatetNummer],
    ) -> Vec<String> {
        let mut digits = Vec::new();
        for entry in list {
            match personnummer::normalize(&entry.nummer.value) {
                Some(number) => digits.push(number),
                None => self.error_at(
                    file,
                    &entry.nummer,
                    format!(
                        "`{}` i `tillåtna_nummer` är inget personnummer eller samordningsnummer",
                        entry.nummer.value.trim()
                    ),
                    "skriv numret som det står i texten, t.ex. \"19121212-1212\", eller ta bort raden",
                ),
            }
            if entry.skal.value.trim().is_empty() {
                self.error_at(
                    file,
                    &entry.skal,
                    "skälet att publicera numret saknas".into(),
                    "skriv varför numret får publiceras, t.ex. \"Skatteverkets testnummer i en instruktion\"",
                );
            }
        }
        digits
    }

    /// Checks att-satser as an author wrote them: each starts with "att"
    /// and has no final punctuation (the tool adds it).
    pub(super) fn att_satser(&mut self, file: &Path, satser: &[Spanned<String>]) {
        for sats in satser {
            let first = sats.value.split_whitespace().next().unwrap_or("");
            if !first.eq_ignore_ascii_case("att") {
                self.error_at(
                    file,
                    sats,
                    format!(
                        "att-satsen börjar inte med \"att\": `{}`",
                        sats.value.trim()
                    ),
                    "börja varje att-sats med \"att\", t.ex. \"att godkänna rapporten\"",
                );
            }
            let trimmed = sats.value.trim_end();
            if let Some(mark) = trimmed
                .strip_suffix("samt")
                .filter(|rest| rest.ends_with([' ', ',']))
                .map(|_| "samt")
                .or_else(|| {
                    trimmed
                        .ends_with(['.', ',', ';', ':'])
                        .then(|| &trimmed[trimmed.len() - 1..])
                })
            {
                self.problems.push(
                    Diagnostic::warning(format!("att-satsen slutar med `{mark}`"))
                        .at(location(file, sats))
                        .tips("skriv att-satsen utan avslutande skiljetecken; verktyget sätter \",\", \", samt\" och \".\" själv"),
                );
            }
        }
    }
}

/// The position of a top-level `key:` in a YAML file of the project, for
/// a value read without one (the file alone when the key is not found).
pub(crate) fn key_location(root: &Path, file: &Path, key: &str) -> Location {
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    for (index, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key)
            && let Some(value) = rest.strip_prefix(':')
        {
            let column = key.chars().count() + 2 + value.chars().take_while(|c| *c == ' ').count();
            return Location::at(file, index + 1, column);
        }
    }
    Location::file(file)
}

pub(super) fn location<T>(file: &Path, spanned: &Spanned<T>) -> Location {
    Location::at(
        file,
        spanned.referenced.line() as usize,
        spanned.referenced.column() as usize,
    )
}

pub(super) fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or("").trim().to_owned()
}

pub(super) fn person(p: &model::PersonEntry) -> Person {
    Person {
        namn: p.namn.trim().to_owned(),
        titel: text(&p.titel),
        epost: text(&p.epost),
        telefon: text(&p.telefon),
    }
}

pub(super) fn markdown_text(field: &Option<Spanned<String>>) -> String {
    field
        .as_ref()
        .map(|f| f.value.trim().to_owned())
        .unwrap_or_default()
}

/// The Markdown weight of the YAML files checked so far, per file (their
/// fields are weighed together).
#[derive(Debug, Default)]
pub(super) struct YamlWeights(pub(super) Vec<(PathBuf, Weight, bool)>);

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
