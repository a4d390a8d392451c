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

use crate::compile::CompiledProtokoll;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::export;
use crate::meeting::Meeting;
use crate::public::Variant;
use crate::validate::protokoll::Protokoll;

pub use crate::validate::protokoll::{DigitalJustering, Underskrift};

/// The file name of the protokoll in the meeting's output folder.
pub const PROTOKOLL_PDF: &str = "protokoll.pdf";

/// Who must sign a protokoll, in the order they are listed: name and role.
pub fn required_signers(meeting: &Meeting) -> Result<Vec<(String, &'static str)>> {
    Ok(signers(meeting.protokoll()?))
}

/// Who signs `protokoll`: the sekreterare, the ordförande and the
/// justerare, in that order.
fn signers(protokoll: &Protokoll) -> Vec<(String, &'static str)> {
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
    out
}

/// The signature field of each signer: "Sekreterare", "Ordförande",
/// "Justerare" (numbered when there are more than one).
fn field_names(signers: &[(String, &'static str)]) -> Vec<String> {
    let justerare = signers.iter().filter(|(_, r)| *r == "justerare").count();
    let mut seen = 0;
    signers
        .iter()
        .map(|(_, role)| {
            let mut name = role.to_string();
            name[..1].make_ascii_uppercase();
            if *role == "justerare" && justerare > 1 {
                seen += 1;
                name = format!("{name} {seen}");
            }
            name
        })
        .collect()
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
    /// The justering, when this was the last signature.
    pub justering: Option<DigitalJustering>,
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
        let index = self
            .required
            .iter()
            .position(|r| *r == self.signer)
            .unwrap_or_default();
        let field = field_names(&self.required)[index].clone();
        let reason = format!("Justering av protokollet som {}", self.signer.1);
        let time = signing_time()?.format("D:%Y%m%d%H%M%SZ").to_string();
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
            .iter()
            .filter(|(n, _)| !signed_names.iter().any(|s| same_name(s, n)))
            .cloned()
            .collect();
        let justering = justering_of(&report, &self.required);
        let warnings = match &justering {
            Some(justering) => {
                justering_warnings(&self.planned, self.meeting_date, &justering.datum)
            }
            None => Vec::new(),
        };
        Ok(Justerat {
            pdf: self.path,
            signer: self.signer,
            missing,
            justering,
            warnings,
        })
    }
}

/// What the last signature, on `day`, says about the justering: another
/// day than `protokoll.yaml` plans, or later than Kommunallagen allows
/// (5 kap. 69 §: within 14 days of the meeting).
fn justering_warnings(planned: &str, meeting: chrono::NaiveDate, signed: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Ok(day) = chrono::NaiveDate::parse_from_str(signed, "%Y-%m-%d") else {
        return warnings;
    };
    if signed != planned {
        warnings.push(
            Diagnostic::warning(format!(
                "protokollet justerades digitalt {signed}, men justeringen står som {planned} i protokoll.yaml"
            ))
            .tips("anslaget räknas från den sista underskriften; skriv den rätta justeringsdagen i protokoll.yaml nästa gång (det underskrivna protokollet ska inte ändras)"),
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

/// The protokoll at `path` when it exists and has been signed.
pub fn signed_file(path: &Path) -> Option<Vec<u8>> {
    let file = std::fs::read(path).ok()?;
    (!signers_of(&file).is_empty()).then_some(file)
}

/// Keeps the signed protokoll `file` at `path` instead of `built`, what
/// its sources build now, or says why it cannot be kept: its signatures no
/// longer hold, something else was added after them, or the sources have
/// changed since it was signed. It is never replaced: its signatures would
/// be lost.
pub fn refuse_to_replace(path: &Path, file: &[u8], built: &[u8]) -> Result<()> {
    let shown = crate::error::shown(path);
    let signers = signers_of(file).join(", ");
    let report = verify::verify(file, None, &[]);
    let broken = report
        .signatures
        .iter()
        .any(|s| !s.intact || s.coverage == verify::Coverage::Broken);
    if broken || !report.later_changes.is_empty() {
        return Err(Error::input(
            Diagnostic::error(format!(
                "{shown} är underskrivet av {signers}, men {}",
                if broken {
                    "en underskrift håller inte längre"
                } else {
                    "något annat än underskrifter har lagts till efteråt"
                }
            ))
            .tips(format!(
                "`kallelse verifiera {}` visar vad; ta fram den underskrivna filen från arkivet eller säkerhetskopian",
                shown
            )),
        ));
    }
    if file.starts_with(built) {
        return Ok(());
    }
    Err(Error::input(
        Diagnostic::error(format!(
            "{shown} är underskrivet av {signers} och byggs inte om: källorna har ändrats sedan det skrevs under"
        ))
        .tips("återställ ändringen i källorna; ska protokollet ändras börjar justeringen om: flytta den underskrivna filen till arkivet eller ta bort den (alla underskrifter går då förlorade), bygg protokollet och skriv under på nytt med `kallelse justera`"),
    ))
}

/// The digital justering of the meeting's protokoll in `output_root`, when
/// everyone who must sign has signed it, every signature is intact and
/// nothing but signatures was added.
pub fn digital_justering(meeting: &Meeting, output_root: &Path) -> Option<DigitalJustering> {
    let path = output_root
        .join(&meeting.facts.output_dir)
        .join(PROTOKOLL_PDF);
    justering_in(meeting, &std::fs::read(path).ok()?)
}

/// The digital justering the signed protokoll `file` holds, if everyone
/// has signed it.
fn justering_in(meeting: &Meeting, file: &[u8]) -> Option<DigitalJustering> {
    if signers_of(file).is_empty() {
        return None;
    }
    let report = verify::verify(file, None, &[]);
    justering_of(&report, &required_signers(meeting).ok()?)
}

/// The justering a file's signatures make: everyone in `required` has
/// signed, every signature is intact and nothing but signatures was added.
fn justering_of(
    report: &verify::Report,
    required: &[(String, &'static str)],
) -> Option<DigitalJustering> {
    let whole = report
        .signatures
        .iter()
        .all(|s| s.intact && s.coverage != verify::Coverage::Broken);
    if !whole || !report.later_changes.is_empty() {
        return None;
    }
    if required
        .iter()
        .any(|(namn, _)| !report.signatures.iter().any(|s| same_name(&s.signer, namn)))
    {
        return None;
    }
    // In the order they were signed (the report lists them so): the last
    // one is the justering.
    let mut underskrifter = Vec::new();
    for signature in &report.signatures {
        let Some((namn, roll)) = required
            .iter()
            .find(|(n, _)| same_name(&signature.signer, n))
        else {
            continue;
        };
        underskrifter.push(Underskrift {
            namn: namn.clone(),
            roll: roll.to_string(),
            datum: signing_day(signature)?,
        });
    }
    Some(DigitalJustering {
        datum: underskrifter.last()?.datum.clone(),
        underskrifter,
    })
}

/// The variable that sets the time a signature claims, in seconds since
/// 1970, instead of the clock: for tests, and for entering a signature
/// made at another time. `justera` warns when it is used.
pub const SIGNING_TIME_VARIABLE: &str = "KALLELSE_UNDERSKRIFTSTID";

/// The time a signature claims (UTC): now, or [`SIGNING_TIME_VARIABLE`].
pub fn signing_time() -> Result<chrono::NaiveDateTime> {
    let Ok(value) = std::env::var(SIGNING_TIME_VARIABLE) else {
        return Ok(chrono::Utc::now().naive_utc());
    };
    value
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .map(|t| t.naive_utc())
        .ok_or_else(|| {
            Error::Tool(format!(
                "{SIGNING_TIME_VARIABLE} ska vara en tidpunkt i sekunder sedan 1970 (UTC), inte `{value}`"
            ))
        })
}

/// The meeting as justerat, when everyone has signed its protokoll in
/// `output_root`: its anslag counts from the last signature. `None` while
/// signatures are missing.
pub fn justerad(meeting: &Meeting, output_root: &Path) -> Result<Option<Meeting>> {
    justerad_by(meeting, digital_justering(meeting, output_root))
}

/// The meeting as justerat by the signed protokoll `file` (already read).
pub fn justerad_with(meeting: &Meeting, file: &[u8]) -> Result<Option<Meeting>> {
    justerad_by(meeting, justering_in(meeting, file))
}

fn justerad_by(meeting: &Meeting, justering: Option<DigitalJustering>) -> Result<Option<Meeting>> {
    match justering {
        Some(justering) => meeting.justerad_digitalt(justering).map(Some),
        None => Ok(None),
    }
}

/// The Swedish day a signature was made: its timestamp's when it has
/// one (the authority vouches for it), else the time it claims.
fn signing_day(signature: &verify::SignatureCheck) -> Option<String> {
    let text = match &signature.timestamp {
        Some(stamp) => stamp.time.as_str(),
        None => signature.time.as_str(),
    };
    let utc = utc_time(text)?;
    Some(crate::conventions::iso_date(
        crate::calendar::swedish_time(utc).date(),
    ))
}

/// A time as a signature or a timestamp gives it, in UTC: a PDF date
/// (`D:20261120093000Z`, `D:20261120103000+01'00'`) or "2026-11-20
/// 09:30:00 UTC".
fn utc_time(text: &str) -> Option<chrono::NaiveDateTime> {
    let text = text.trim().trim_start_matches("D:");
    let digits: String = text.chars().filter(char::is_ascii_digit).take(14).collect();
    let local = chrono::NaiveDateTime::parse_from_str(&digits, "%Y%m%d%H%M%S").ok()?;
    // The offset, when a PDF date has one, follows its 14 digits.
    let pdf_date = text
        .get(..14)
        .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()));
    let rest: String = if pdf_date {
        text[14..].chars().filter(|c| *c != '\'').collect()
    } else {
        String::new()
    };
    let offset_minutes = match rest.chars().next() {
        Some(sign @ ('+' | '-')) if rest.len() >= 5 => {
            let hours: i64 = rest[1..3].parse().ok()?;
            let minutes: i64 = rest[3..5].parse().ok()?;
            let total = hours * 60 + minutes;
            if sign == '+' { total } else { -total }
        }
        _ => 0,
    };
    Some(local - chrono::Duration::minutes(offset_minutes))
}

/// The protokoll's PDF from its compiled form: PDF/UA-1 and PDF/A-2a,
/// dated by the justering `protokoll.yaml` plans, with an empty signature
/// field for each signer. This is what is signed.
pub fn protokoll_pdf(compiled: &CompiledProtokoll) -> Result<Vec<u8>> {
    // Dated by the justering it plans, whatever SOURCE_DATE_EPOCH says: the
    // proof that the signed file is what the sources build must not depend
    // on the environment it is checked in.
    let timestamp = export::day_timestamp(&compiled.protokoll.justering.datum)?;
    let typst = export::protokoll_pdf(
        compiled,
        &compiled.document,
        "protokoll",
        Some(timestamp),
        export::Conformance::Accessible,
    )?;
    let signers = signers(&compiled.protokoll);
    let fields: Vec<pdf::EmptyField> = field_names(&signers)
        .into_iter()
        .zip(&signers)
        .map(|(name, (namn, role))| pdf::EmptyField {
            name,
            description: format!("Underskrift av {namn}, {role}"),
        })
        .collect();
    pdf::with_signature_fields(&typst, &fields)
        .map_err(|reason| Error::Tool(format!("underskriftsfälten kunde inte läggas in: {reason}")))
}

/// The protokoll's PDF as its sources build it now (what its signed
/// revisions must start with).
pub fn rebuilt_protokoll(meeting: &Meeting) -> Result<Vec<u8>> {
    let compiled = crate::compile::compile_protokoll(meeting, Variant::Full, false)?;
    protokoll_pdf(&compiled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_times_are_read_in_utc() {
        let at = |t: &str| utc_time(t).map(|t| t.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(at("D:20261120093000Z").as_deref(), Some("2026-11-20 09:30"));
        assert_eq!(
            at("D:20261120003000+01'00'").as_deref(),
            Some("2026-11-19 23:30")
        );
        assert_eq!(
            at("D:20261120233000-02'30'").as_deref(),
            Some("2026-11-21 02:00")
        );
        assert_eq!(
            at("2026-11-20 09:30:00 UTC").as_deref(),
            Some("2026-11-20 09:30")
        );
        assert_eq!(at("inget datum"), None);
    }

    #[test]
    fn the_last_signature_is_the_justering() {
        let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let meeting = day("2026-11-12");
        assert!(justering_warnings("2026-11-19", meeting, "2026-11-19").is_empty());
        let other = justering_warnings("2026-11-19", meeting, "2026-11-20");
        assert_eq!(other.len(), 1);
        assert!(other[0].message.contains("justerades digitalt 2026-11-20"));
        // 14 days after 2026-11-12 is Thursday 2026-11-26.
        let late = justering_warnings("2026-11-19", meeting, "2026-11-27");
        assert_eq!(late.len(), 2);
        assert!(late[1].message.contains("efter 2026-11-26"));
    }
}
