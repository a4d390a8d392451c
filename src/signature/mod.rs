//! Stage 6, signatures: digital justering. The protokoll PDF is signed in
//! place by those who must sign it (the sekreterare, the ordförande and
//! the justerare of the meeting's [`Meeting`]), each once, with a PAdES
//! baseline B-B signature appended as an incremental update ([`pdf`],
//! [`cms`], [`keys`]); [`verify`] checks a signed protokoll, down to
//! whether its first revision is what the sources build today.

pub mod cms;
pub mod keys;
pub mod pdf;
pub mod verify;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

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
}

/// What a signing did.
pub struct Justerat {
    /// The signed file.
    pub pdf: PathBuf,
    /// Who signed, and in what role.
    pub signer: (String, &'static str),
    /// Those who still must sign.
    pub missing: Vec<(String, &'static str)>,
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

/// Signs the meeting's protokoll as `options.namn`. Nothing is written
/// unless the signature was made and checks out.
pub fn justera(meeting: &Meeting, options: &JusteraOptions) -> Result<Justerat> {
    let required = required_signers(meeting)?;
    let Some(signer) = required
        .iter()
        .find(|(n, _)| same_name(n, &options.namn))
        .cloned()
    else {
        return Err(refused_signer(&options.namn, &required));
    };
    let path = protokoll_path(meeting, options.output.as_deref());
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
    let bytes = std::fs::read(&options.certifikat)
        .map_err(|e| Error::io("läsa certifikatfilen", &options.certifikat, e))?;
    let (key, chain) = keys::from_pkcs12(&bytes, &options.losenord).map_err(|reason| {
        Error::input(Diagnostic::error(reason).at(Location::file(&options.certifikat)))
    })?;
    let subject = keys::common_name(&chain[0]).unwrap_or_default();
    if !same_name(&subject, &signer.0) {
        return Err(Error::input(
            Diagnostic::error(format!(
                "certifikatet är utfärdat till {subject:?}, inte till {}",
                signer.0
            ))
            .at(Location::file(&options.certifikat))
            .tips("var och en skriver under med sitt eget certifikat"),
        ));
    }
    let field = format!("Justering {}", existing.len() + 1);
    let reason = format!("Justering av protokollet som {}", signer.1);
    let time = chrono::Utc::now().format("D:%Y%m%d%H%M%SZ").to_string();
    let info = pdf::SignatureInfo {
        field: &field,
        name: &signer.0,
        reason: &reason,
        time: &time,
    };
    let prepared = pdf::prepare(&original, &document, &info).map_err(|reason| {
        Error::input(Diagnostic::error(format!("{}: {reason}", path.display())))
    })?;
    let mut hasher = Sha256::new();
    for part in prepared.signed_bytes() {
        hasher.update(part);
    }
    let digest = hasher.finalize();
    let failed = |e: der::Error| {
        Error::input(Diagnostic::error(format!(
            "signaturen kunde inte skapas: {e}"
        )))
    };
    let attributes = cms::signed_attributes(&digest, &chain[0]).map_err(failed)?;
    let signature = key.sign(&der::Encode::to_der(&attributes).map_err(failed)?);
    let signed = cms::assemble(attributes, &signature, &key, &chain).map_err(failed)?;
    let signed_file = prepared.with_signature(&signed).ok_or_else(|| {
        Error::input(Diagnostic::error(
            "signaturen får inte plats i PDF:en (för lång certifikatkedja)",
        ))
    })?;
    // The new file must verify before it replaces the old one.
    let report = verify::verify(&signed_file, None, &[]);
    if report.signatures.iter().any(|s| !s.intact) {
        return Err(Error::input(Diagnostic::error(
            "den nya signaturen håller inte vid kontroll; protokollet är orört",
        )));
    }
    export::write_atomic(&path, &signed_file)?;
    let mut signed_names = existing;
    signed_names.push(signer.0.clone());
    let missing = required
        .into_iter()
        .filter(|(n, _)| !signed_names.iter().any(|s| same_name(s, n)))
        .collect();
    Ok(Justerat {
        pdf: path,
        signer,
        missing,
    })
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
