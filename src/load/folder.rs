//! A meeting's folder is named after its date, `ÅÅÅÅ-MM-DD`, and nothing
//! else: the name is the meeting's address in `output/`, on the site and in
//! the calendars, so a copy named `2027-01-28 x` would be a second meeting
//! on the same day. Checked when a meeting is loaded, so every command
//! (planned meetings included) refuses a misnamed folder.

use std::path::Path;

use chrono::NaiveDate;

use super::{Sandbox, Sourced};
use crate::error::{Diagnostic, Location};
use crate::model::SammantradeFile;

/// The date a meeting folder's name stands for: exactly ten characters,
/// `ÅÅÅÅ-MM-DD`, a day that exists.
pub fn folder_date(name: &str) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(name, "%Y-%m-%d").ok()?;
    (crate::conventions::iso_date(date) == name).then_some(date)
}

/// Whether a meeting folder is named after `datum` as `sammantrade.yaml`
/// writes it (for a quick look, before the meeting is loaded).
pub(super) fn named_after(dir: &Path, datum: Option<&str>) -> bool {
    let name = dir.file_name().and_then(|n| n.to_str());
    match (name.and_then(folder_date), datum) {
        (Some(date), Some(datum)) => crate::conventions::iso_date(date) == datum.trim(),
        _ => false,
    }
}

/// What is wrong with the name of the meeting folder `dir`, if anything.
/// `sammantrade` is its `sammantrade.yaml` when it could be read; the
/// problem is shown at its `datum`.
pub(super) fn problem(
    sandbox: &Sandbox,
    dir: &Path,
    sammantrade: Option<&Sourced<SammantradeFile>>,
) -> Option<Diagnostic> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let datum = sammantrade.map(|s| (s.value.datum.value.0, s));
    let at = match datum {
        Some((_, s)) => Location::at(
            &s.path,
            s.value.datum.referenced.line() as usize,
            s.value.datum.referenced.column() as usize,
        ),
        None => Location::file(sandbox.relative(dir)),
    };
    match (folder_date(&name), datum) {
        (Some(date), Some((datum, _))) if date == datum => None,
        (Some(_), Some((datum, _))) => {
            let datum = crate::conventions::iso_date(datum);
            Some(
                Diagnostic::error(format!(
                    "datumet {datum} stämmer inte med mappens namn `{name}`"
                ))
                .at(at)
                .tips(format!("döp om mappen till {datum}, eller rätta datumet")),
            )
        }
        (Some(_), None) => None,
        (None, datum) => {
            let tips = match datum {
                Some((datum, _)) => {
                    format!("döp om mappen till {}", crate::conventions::iso_date(datum))
                }
                None => "döp om mappen efter sammanträdets datum, t.ex. 2027-01-28".to_owned(),
            };
            Some(
                Diagnostic::error(format!(
                    "sammanträdesmappen `{name}` är inget datum; mappen ska heta som sammanträdets datum (ÅÅÅÅ-MM-DD) och inget annat"
                ))
                .at(at)
                .tips(tips),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_real_date_of_ten_characters() {
        assert!(folder_date("2027-01-28").is_some());
        for name in [
            "2027-01-28 x",
            "2027-1-28",
            "2027-02-30",
            "<b>x",
            "...",
            "+2027-01-28",
            " 2027-01-28",
            "20270128",
        ] {
            assert_eq!(folder_date(name), None, "{name}");
        }
    }
}
