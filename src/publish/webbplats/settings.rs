//! Publish stage, the site's settings: `webbplats.yaml` in the project
//! root (all keys optional), read and checked like every other file, and
//! turned into what the site's templates see as `webbplats`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Location, Result};
use crate::limits;
use crate::load::{self, Sandbox};
use crate::yaml::keys;

/// The settings file's name, in the project root.
pub const SETTINGS_FILE: &str = "webbplats.yaml";

/// The default colour of the header and the links: white on it has a
/// contrast of 8.6:1.
const DEFAULT_COLOUR: &str = "#1d4f7a";

/// `webbplats.yaml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    #[serde(default)]
    namn: Option<String>,
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default)]
    adress: Option<String>,
    #[serde(default)]
    logotyp: Option<String>,
    #[serde(default, rename = "färg", alias = "farg")]
    farg: Option<String>,
    #[serde(default)]
    sidfot: Option<String>,
}

/// The site's settings, checked, as the templates see them (`webbplats`).
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// The site's name: "Sammanträden och protokoll".
    pub namn: String,
    /// The municipality.
    pub organisation: String,
    /// The site's address, ending in `/`, when known.
    pub adress: Option<String>,
    /// The logo's file name in the site's root (`logotyp.svg`).
    pub logotyp: Option<String>,
    /// The header's and links' colour, `#rrggbb`.
    pub farg: String,
    /// A line for the footer.
    pub sidfot: Option<String>,
    /// The logo's source file, to copy.
    #[serde(skip)]
    pub logo_source: Option<PathBuf>,
}

/// Reads `webbplats.yaml` (when there is one). `organisation` is the
/// municipality to name when the file does not; `base_url` (`--bas-url`)
/// goes before the file's `adress`.
pub fn read(sandbox: &Sandbox, organisation: &str, base_url: Option<&str>) -> Result<Settings> {
    let path = sandbox.root().join(SETTINGS_FILE);
    let mut problems = Vec::new();
    let file = if path.is_file() {
        load::read_yaml::<SettingsFile>(sandbox, &path, keys::WEBBPLATS, &mut problems)
            .map(|s| s.value)
    } else {
        Some(SettingsFile::default())
    };
    let Some(file) = file else {
        return Err(Error::Input(problems));
    };
    let at = || Location::file(SETTINGS_FILE);
    let farg = file
        .farg
        .as_deref()
        .map(str::trim)
        .unwrap_or(DEFAULT_COLOUR)
        .to_lowercase();
    match contrast_with_white(&farg) {
        None => problems.push(
            Diagnostic::error(format!("`färg: {farg}` är ingen färg"))
                .at(at())
                .tips("skriv färgen som #rrggbb, t.ex. \"#1d4f7a\""),
        ),
        Some(ratio) if ratio < 4.5 => problems.push(
            Diagnostic::error(format!(
                "vit text på färgen {farg} har kontrasten {}:1; WCAG 2.1 AA kräver minst 4,5:1",
                format!("{ratio:.1}").replace('.', ",")
            ))
            .at(at())
            .tips("välj en mörkare färg, t.ex. \"#1d4f7a\""),
        ),
        Some(_) => {}
    }
    let adress = match base_url.or(file.adress.as_deref()).map(str::trim) {
        None | Some("") => None,
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            Some(format!("{}/", url.trim_end_matches('/')))
        }
        Some(url) => {
            let mut problem = Diagnostic::error(format!("adressen `{url}` är ingen webbadress"))
                .tips("skriv hela adressen, t.ex. https://www.sjostad.se/sammantraden/");
            if base_url.is_none() {
                problem = problem.at(at());
            }
            problems.push(problem);
            None
        }
    };
    let mut logotyp = None;
    let mut logo_source = None;
    if let Some(written) = file.logotyp.as_deref() {
        match sandbox.resolve(sandbox.root(), written) {
            Ok(source)
                if source
                    .metadata()
                    .is_ok_and(|m| m.len() > limits::IMAGE.limit) =>
            {
                let length = source.metadata().map_or(0, |m| m.len());
                problems.push(
                    Diagnostic::error(format!(
                        "logotypen `{written}` {}",
                        limits::over_limit(length, &limits::IMAGE)
                    ))
                    .at(at())
                    .tips(limits::IMAGE.tips),
                );
            }
            Ok(source) => {
                let extension = source
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_lowercase)
                    .unwrap_or_default();
                if matches!(extension.as_str(), "svg" | "png" | "jpg" | "jpeg" | "webp") {
                    logotyp = Some(format!("logotyp.{extension}"));
                    logo_source = Some(source);
                } else {
                    problems.push(
                        Diagnostic::error(format!(
                            "logotypen `{written}` är ingen bild som webbläsare visar"
                        ))
                        .at(at())
                        .tips("använd en SVG- eller PNG-fil"),
                    );
                }
            }
            Err(reason) => problems.push(
                Diagnostic::error(format!("logotypen: {reason}"))
                    .at(at())
                    .tips(
                        "skriv sökvägen relativt projektmappen, t.ex. content/bilder/logotyp.svg",
                    ),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let text = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    Ok(Settings {
        namn: text(file.namn).unwrap_or_else(|| "Sammanträden och protokoll".into()),
        organisation: text(file.organisation).unwrap_or_else(|| organisation.to_owned()),
        adress,
        logotyp,
        farg,
        sidfot: text(file.sidfot),
        logo_source,
    })
}

/// The contrast ratio of white text on the colour `#rrggbb` (WCAG 2.1).
fn contrast_with_white(colour: &str) -> Option<f64> {
    let hex = colour.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| {
        let value = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).ok()?) / 255.0;
        Some(if value <= 0.03928 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        })
    };
    let luminance = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    Some(1.05 / (luminance + 0.05))
}

#[cfg(test)]
mod tests {
    #[test]
    fn contrast_is_computed_as_wcag_does() {
        let ratio = super::contrast_with_white("#1d4f7a").unwrap();
        assert!((ratio - 8.57).abs() < 0.01, "{ratio}");
        assert!(super::contrast_with_white("#ffbf47").unwrap() < 4.5);
        assert!(super::contrast_with_white("blå").is_none());
    }
}
