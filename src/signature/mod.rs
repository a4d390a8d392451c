//! Stage 6, signatures: digital justering. The protokoll PDF is signed in
//! place by those who must sign it (the sekreterare, the ordförande and
//! the justerare of the meeting's [`Meeting`]), each once, with a PAdES
//! baseline B-B signature appended as an incremental update ([`pdf`],
//! [`cms`], [`keys`]); [`verify`] checks a signed protokoll, down to
//! whether its first revision is what the sources build today.

pub mod cms;
pub mod keys;
pub mod pdf;
pub mod service;
pub mod timestamp;
pub mod verify;

use std::path::{Path, PathBuf};

use ::cms::signed_data::SignedAttributes;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::export;
use crate::meeting::Meeting;
use crate::public::Variant;

/// The file name of the protokoll in the meeting's output folder.
pub const PROTOKOLL_PDF: &str = "protokoll.pdf";

/// Who must sign a protokoll, in the order they are listed: name and role.
pub fn required_signers(meeting: &Meeting) -> Result<Vec<(String, &'static str)>> {
    let protokoll = meeting.protokoll()?;
    let mut out = vec![
        (protokoll.sekreterare.namn.clone(), "sekreterare"),
        (protokoll.ordforande.namn.clone(), "ordförande"),
    ];
    out.extend(
        protokoll
            .justerare
            .iter()
            .map(|j| (j.namn.clone(), "justerare")),
    );
    Ok(out)
}

/// The signed protokoll's path in the output folder.
pub fn protokoll_path(meeting: &Meeting, output: Option<&Path>) -> PathBuf {
    export::output_root(meeting.sandbox.root(), output)
        .join(&meeting.facts.output_dir)
        .join(PROTOKOLL_PDF)
}

/// What `kallelse justera` is asked to do.
pub struct JusteraOptions {
    /// The signer's name, as the protokoll names them.
    pub namn: String,
    /// The PKCS#12 file with the signer's key and certificate.
    pub certifikat: PathBuf,
    /// Its password (from `KALLELSE_LOSENORD` or a prompt; never stored).
    pub losenord: String,
    /// Another output root than `output/`.
    pub output: Option<PathBuf>,
    /// A timestamp authority (RFC 3161) to stamp the signature (B-T).
    pub tidsstampel: Option<String>,
}

/// What a signing did.
pub struct Justerat {
    /// The signed file.
    pub pdf: PathBuf,
    /// Who signed, and in what role.
    pub signer: (String, &'static str),
    /// Those who still must sign.
    pub missing: Vec<(String, &'static str)>,
    /// Problems that did not stop the signature (with the last one: a
    /// justering on another day than planned, or too late).
    pub warnings: Vec<Diagnostic>,
}

/// Names compared as people write them: spaces do not count, nor case.
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// A signer's turn: who signs, the protokoll as it is and who has signed.
struct Turn {
    required: Vec<(String, &'static str)>,
    /// The justering day `protokoll.yaml` plans (ISO).
    planned: String,
    /// The meeting day.
    meeting_date: chrono::NaiveDate,
    signer: (String, &'static str),
    path: PathBuf,
    original: Vec<u8>,
    document: lopdf::Document,
    existing: Vec<String>,
}

/// Whose turn it is: `namn` must be one who signs, the protokoll must be
/// built and valid, and `namn` must not have signed it.
fn turn(meeting: &Meeting, namn: &str, output: Option<&Path>) -> Result<Turn> {
    let required = required_signers(meeting)?;
    let Some(signer) = required.iter().find(|(n, _)| same_name(n, namn)).cloned() else {
        return Err(refused_signer(namn, &required));
    };
    let path = protokoll_path(meeting, output);
    let original = std::fs::read(&path).map_err(|_| {
        Error::input(
            Diagnostic::error(format!("protokollet {} finns inte", path.display())).tips(format!(
                "bygg det först med `kallelse protokoll {}`",
                meeting.relative_dir().display()
            )),
        )
    })?;
    let document = lopdf::Document::load_mem(&original).map_err(|e| {
        Error::input(Diagnostic::error(format!(
            "{} kan inte läsas som PDF: {e}",
            path.display()
        )))
    })?;
    let existing = verify::signed_names(&document);
    if existing.iter().any(|n| same_name(n, &signer.0)) {
        return Err(Error::input(
            Diagnostic::error(format!("{} har redan justerat protokollet", signer.0))
                .tips("var och en skriver under en gång; `kallelse verifiera` visar vilka som har skrivit under"),
        ));
    }
    Ok(Turn {
        planned: meeting.protokoll()?.justering.datum.clone(),
        meeting_date: meeting.facts.meeting_date,
        required,
        signer,
        path,
        original,
        document,
        existing,
    })
}

impl Turn {
    /// The certificate must name the signer.
    fn check_subject(&self, certificate: &Certificate, file: &Path) -> Result<()> {
        let subject = keys::common_name(certificate).unwrap_or_default();
        if same_name(&subject, &self.signer.0) {
            return Ok(());
        }
        Err(Error::input(
            Diagnostic::error(format!(
                "certifikatet är utfärdat till {subject:?}, inte till {}",
                self.signer.0
            ))
            .at(Location::file(file))
            .tips("var och en skriver under med sitt eget certifikat"),
        ))
    }

    /// The protokoll with this signer's field appended, ready to sign.
    fn prepare(&self) -> Result<pdf::Prepared> {
        let field = format!("Justering {}", self.existing.len() + 1);
        let reason = format!("Justering av protokollet som {}", self.signer.1);
        let time = chrono::Utc::now().format("D:%Y%m%d%H%M%SZ").to_string();
        let info = pdf::SignatureInfo {
            field: &field,
            name: &self.signer.0,
            reason: &reason,
            time: &time,
        };
        pdf::prepare(&self.original, &self.document, &info).map_err(|reason| {
            Error::input(Diagnostic::error(format!(
                "{}: {reason}",
                self.path.display()
            )))
        })
    }

    /// Puts the signature in, checks the file and replaces the protokoll.
    fn finish(
        self,
        prepared: pdf::Prepared,
        attributes: SignedAttributes,
        signature: &[u8],
        chain: &[Certificate],
        tsa: Option<&str>,
    ) -> Result<Justerat> {
        let algorithm = keys::algorithm_for(&chain[0]).ok_or_else(|| {
            Error::input(Diagnostic::error(
                "certifikatets nyckel är varken RSA eller ECDSA P-256",
            ))
        })?;
        // The signature must hold before a timestamp authority stamps it.
        if !keys::verify(
            &chain[0],
            algorithm.oid,
            &der::Encode::to_der(&attributes).map_err(cms_failed)?,
            signature,
        ) {
            return Err(Error::input(Diagnostic::error(
                "den nya underskriften håller inte vid kontroll (signaturvärdet hör inte till underlaget och certifikatet); protokollet är orört",
            )));
        }
        let token = match tsa {
            Some(url) => Some(timestamp::request(url, signature).map_err(|reason| {
                Error::input(Diagnostic::error(format!("{reason}; protokollet är orört")).tips(
                    "kontrollera adressen till tidsstämpeltjänsten, eller skriv under utan `--tidsstampel`",
                ))
            })?),
            None => None,
        };
        let signed = cms::assemble(attributes, signature, algorithm, chain, token.as_deref())
            .map_err(cms_failed)?;
        let signed_file = prepared.with_signature(&signed).ok_or_else(|| {
            Error::input(Diagnostic::error(
                "signaturen får inte plats i PDF:en (för lång certifikatkedja)",
            ))
        })?;
        // The new file must verify before it replaces the old one.
        let report = verify::verify(&signed_file, None, &[]);
        if report.signatures.is_empty() || report.signatures.iter().any(|s| !s.intact) {
            return Err(Error::input(Diagnostic::error(
                "den nya underskriften håller inte vid kontroll (signaturvärdet hör inte till underlaget och certifikatet); protokollet är orört",
            )));
        }
        export::write_atomic(&self.path, &signed_file)?;
        let mut signed_names = self.existing;
        signed_names.push(self.signer.0.clone());
        let missing: Vec<_> = self
            .required
            .into_iter()
            .filter(|(n, _)| !signed_names.iter().any(|s| same_name(s, n)))
            .collect();
        let warnings = if missing.is_empty() {
            justering_warnings(
                &self.planned,
                self.meeting_date,
                chrono::Utc::now().date_naive(),
            )
        } else {
            Vec::new()
        };
        Ok(Justerat {
            pdf: self.path,
            signer: self.signer,
            missing,
            warnings,
        })
    }
}

/// What the last signature, on `day`, says about the justering: another
/// day than `protokoll.yaml` plans, or later than Kommunallagen allows
/// (5 kap. 69 §: within 14 days of the meeting).
fn justering_warnings(
    planned: &str,
    meeting: chrono::NaiveDate,
    day: chrono::NaiveDate,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let signed = crate::conventions::iso_date(day);
    if signed != planned {
        warnings.push(
            Diagnostic::warning(format!(
                "protokollet justerades digitalt {signed}, men justeringen står som {planned} i protokoll.yaml"
            ))
            .tips("anslaget räknas från justeringen: kontrollera anslagets datum, och skriv den rätta justeringsdagen i protokoll.yaml nästa gång"),
        );
    }
    let latest = crate::calendar::deadline(meeting, 14);
    if day > latest {
        warnings.push(
            Diagnostic::warning(format!(
                "protokollet justerades {signed}, efter {}, den sista dagen för justering",
                crate::conventions::iso_date(latest)
            ))
            .tips("protokollet ska justeras senast 14 dagar efter sammanträdet (Kommunallagen 5 kap. 69 §)"),
        );
    }
    warnings
}

fn cms_failed(e: der::Error) -> Error {
    Error::input(Diagnostic::error(format!(
        "underskriften kunde inte skapas: {e}"
    )))
}

/// The SHA-256 of the bytes a prepared signature covers.
fn digest_of(prepared: &pdf::Prepared) -> Vec<u8> {
    let mut hasher = Sha256::new();
    for part in prepared.signed_bytes() {
        hasher.update(part);
    }
    hasher.finalize().to_vec()
}

/// Signs the meeting's protokoll as `options.namn`. Nothing is written
/// unless the signature was made and checks out.
pub fn justera(meeting: &Meeting, options: &JusteraOptions) -> Result<Justerat> {
    let turn = turn(meeting, &options.namn, options.output.as_deref())?;
    let bytes = std::fs::read(&options.certifikat)
        .map_err(|e| Error::io("läsa certifikatfilen", &options.certifikat, e))?;
    let (key, chain) = keys::from_pkcs12(&bytes, &options.losenord).map_err(|reason| {
        Error::input(Diagnostic::error(reason).at(Location::file(&options.certifikat)))
    })?;
    turn.check_subject(&chain[0], &options.certifikat)?;
    let prepared = turn.prepare()?;
    let attributes =
        cms::signed_attributes(&digest_of(&prepared), &chain[0]).map_err(cms_failed)?;
    let signature = key.sign(&der::Encode::to_der(&attributes).map_err(cms_failed)?);
    turn.finish(
        prepared,
        attributes,
        &signature,
        &chain,
        options.tidsstampel.as_deref(),
    )
}

/// The error for a name that may not sign, with the closest one.
fn refused_signer(name: &str, required: &[(String, &'static str)]) -> Error {
    let names: Vec<String> = required.iter().map(|(n, _)| n.clone()).collect();
    let list = required
        .iter()
        .map(|(n, role)| format!("{n} ({role})"))
        .collect::<Vec<_>>()
        .join(", ");
    let diagnostic = Diagnostic::error(format!("{name} ska inte justera protokollet"));
    Error::input(match crate::yaml::suggest(name, &names) {
        Some(best) => diagnostic.tips(format!(
            "menade du `{best}`? De som skriver under är {list}"
        )),
        None => diagnostic.tips(format!("de som skriver under är {list}")),
    })
}

/// The names of those who have signed a file, when it is a signed PDF.
pub fn signers_of(file: &[u8]) -> Vec<String> {
    if !file.windows(10).any(|w| w == b"/ByteRange") {
        return Vec::new();
    }
    lopdf::Document::load_mem(file)
        .map(|d| verify::signed_names(&d))
        .unwrap_or_default()
}

/// Refuses to replace a signed protokoll: its signatures would be lost.
pub fn refuse_to_replace(path: &Path) -> Result<()> {
    let Ok(file) = std::fs::read(path) else {
        return Ok(());
    };
    let signers = signers_of(&file);
    if signers.is_empty() {
        return Ok(());
    }
    Err(Error::input(
        Diagnostic::error(format!(
            "{} är justerat digitalt (underskrivet av {}) och byggs inte om",
            crate::error::shown(path),
            signers.join(", ")
        ))
        .tips("ska protokollet ändras börjar justeringen om: flytta den underskrivna filen till arkivet eller ta bort den (alla underskrifter går då förlorade), bygg protokollet och skriv under på nytt med `kallelse justera`"),
    ))
}

/// A protokoll signed by everyone who must sign it, as the web version
/// tells it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DigitalJustering {
    /// Each signature in the order they were made.
    pub underskrifter: Vec<Underskrift>,
}

/// One signature as the web version tells it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Underskrift {
    /// Who signed.
    pub namn: String,
    /// As what: "sekreterare", "ordförande" or "justerare".
    pub roll: String,
    /// The day, ISO.
    pub datum: String,
}

/// The digital justering of the meeting's protokoll in `output_root`, when
/// everyone who must sign has signed it, every signature is intact and
/// nothing but signatures was added.
pub fn digital_justering(meeting: &Meeting, output_root: &Path) -> Option<DigitalJustering> {
    let path = output_root
        .join(&meeting.facts.output_dir)
        .join(PROTOKOLL_PDF);
    let file = std::fs::read(path).ok()?;
    if signers_of(&file).is_empty() {
        return None;
    }
    let report = verify::verify(&file, None, &[]);
    let required = required_signers(meeting).ok()?;
    let whole = report
        .signatures
        .iter()
        .all(|s| s.intact && s.coverage != verify::Coverage::Broken);
    if !whole || !report.later_changes.is_empty() {
        return None;
    }
    let mut underskrifter = Vec::new();
    for (namn, roll) in &required {
        let signature = report
            .signatures
            .iter()
            .find(|s| same_name(&s.signer, namn))?;
        let digits: String = signature
            .time
            .chars()
            .filter(char::is_ascii_digit)
            .take(8)
            .collect();
        let datum = match digits.len() {
            8 => format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]),
            _ => String::new(),
        };
        underskrifter.push((
            signature.field.clone(),
            Underskrift {
                namn: namn.clone(),
                roll: roll.to_string(),
                datum,
            },
        ));
    }
    // In the order they were signed: their fields are numbered so.
    underskrifter.sort_by_key(|(field, _)| {
        field
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0)
    });
    Some(DigitalJustering {
        underskrifter: underskrifter.into_iter().map(|(_, u)| u).collect(),
    })
}

/// The protokoll's PDF as its sources build it now (what its first,
/// signed revision must be).
pub fn rebuilt_protokoll(meeting: &Meeting) -> Result<Vec<u8>> {
    let compiled = crate::compile::compile_protokoll(meeting, Variant::Full, false)?;
    let timestamp = export::timestamp_from_env()?;
    export::protokoll_pdf(
        &compiled,
        &compiled.document,
        "protokoll",
        timestamp,
        export::Conformance::Plain,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_signature_is_the_justering() {
        let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let meeting = day("2026-11-12");
        assert!(justering_warnings("2026-11-19", meeting, day("2026-11-19")).is_empty());
        let other = justering_warnings("2026-11-19", meeting, day("2026-11-20"));
        assert_eq!(other.len(), 1);
        assert!(other[0].message.contains("justerades digitalt 2026-11-20"));
        // 14 days after 2026-11-12 is Thursday 2026-11-26.
        let late = justering_warnings("2026-11-19", meeting, day("2026-11-27"));
        assert_eq!(late.len(), 2);
        assert!(late[1].message.contains("efter 2026-11-26"));
    }
}
