//! Stage 6, signatures: verification. Every signature of a protokoll is
//! checked for what it covers, that the bytes are unchanged and that the
//! signer's key made it; its certificate against trusted roots; the
//! revisions after the first signature for anything but signatures; and,
//! given the meeting, who still must sign and whether the signed first
//! revision is byte for byte what the sources build today.

use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::{cms, keys, pdf};
use crate::meeting::Meeting;

/// What a signature covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// The whole file as it is.
    WholeFile,
    /// The file up to the end of revision `n` (1-based) of `of`.
    Revision { n: usize, of: usize },
    /// Its byte range is not a revision of the file.
    Broken,
}

/// One signature, checked.
#[derive(Debug, Clone)]
pub struct SignatureCheck {
    /// The field's name.
    pub field: String,
    /// The signer as the certificate names them (CN).
    pub signer: String,
    /// The signing time as the signature dictionary gives it.
    pub time: String,
    /// `/Reason`.
    pub reason: String,
    /// The bytes it covers are unchanged and the signer's key signed them.
    pub intact: bool,
    /// What it covers.
    pub coverage: Coverage,
    /// Its certificate chains to one of the trusted roots (`None` when
    /// none were given).
    pub trusted: Option<bool>,
    /// Its timestamp (B-T), when it has one.
    pub timestamp: Option<super::timestamp::Checked>,
    /// What is wrong, in Swedish.
    pub problems: Vec<String>,
}

/// A signed protokoll, checked.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every signature in the order of the file's fields.
    pub signatures: Vec<SignatureCheck>,
    /// Changes after the first signature that are not signatures.
    pub later_changes: Vec<String>,
    /// Those who must sign and have not (given the meeting).
    pub missing: Vec<(String, &'static str)>,
    /// Whether the first signed revision is what the sources build now
    /// (given the meeting): `Err` with why it could not be built.
    pub sources: Option<Result<bool, String>>,
}

impl Report {
    /// Whether everything holds.
    pub fn holds(&self) -> bool {
        !self.signatures.is_empty()
            && self
                .signatures
                .iter()
                .all(|s| s.intact && s.coverage != Coverage::Broken && s.trusted != Some(false))
            && self.later_changes.is_empty()
            && self.missing.is_empty()
            && !matches!(self.sources, Some(Ok(false)) | Some(Err(_)))
    }
}

/// The names of those who have signed a file: their certificates' CN, or
/// the signature's `/Name` when its CMS cannot be read.
pub fn signed_names(document: &lopdf::Document) -> Vec<String> {
    pdf::signatures(document)
        .iter()
        .map(|s| match cms::parse(&s.contents) {
            Ok(parsed) => keys::common_name(&parsed.signer).unwrap_or_else(|| s.name.clone()),
            Err(_) => s.name.clone(),
        })
        .collect()
}

/// Checks a signed file; with the meeting, also who is missing and whether
/// the sources build the signed revision.
pub fn verify(file: &[u8], meeting: Option<&Meeting>, trusted: &[Certificate]) -> Report {
    let document = match lopdf::Document::load_mem(file) {
        Ok(d) => d,
        Err(e) => {
            return Report {
                signatures: Vec::new(),
                later_changes: vec![format!("filen kan inte läsas som PDF: {e}")],
                missing: Vec::new(),
                sources: None,
            };
        }
    };
    let ends = pdf::revision_ends(file);
    let found = pdf::signatures(&document);
    let signatures: Vec<SignatureCheck> = found
        .iter()
        .map(|s| check_signature(file, s, &ends, trusted))
        .collect();
    let first_revision = found.iter().map(|s| s.revision_end()).min();
    let later_changes = first_revision
        .map(|end| later_changes(file, end, &ends))
        .unwrap_or_default();
    let (missing, sources) = match meeting {
        Some(meeting) => {
            let missing = match super::required_signers(meeting) {
                Ok(required) => required
                    .into_iter()
                    .filter(|(n, _)| {
                        !signatures
                            .iter()
                            .any(|s| s.intact && super::same_name(&s.signer, n))
                    })
                    .collect(),
                Err(_) => Vec::new(),
            };
            (
                missing,
                Some(same_as_sources(file, &ends, first_revision, meeting)),
            )
        }
        None => (Vec::new(), None),
    };
    Report {
        signatures,
        later_changes,
        missing,
        sources,
    }
}

/// One signature: its range, digest, signature and certificate.
fn check_signature(
    file: &[u8],
    found: &pdf::FoundSignature,
    ends: &[usize],
    trusted: &[Certificate],
) -> SignatureCheck {
    let mut problems = Vec::new();
    let end = found.revision_end();
    let coverage = if found.byte_range.len() != 4 || found.byte_range[0] != 0 {
        Coverage::Broken
    } else if end == file.len() {
        Coverage::WholeFile
    } else if let Some(i) = ends.iter().position(|e| *e == end) {
        Coverage::Revision {
            n: i + 1,
            of: ends.len(),
        }
    } else {
        Coverage::Broken
    };
    if coverage == Coverage::Broken {
        problems.push("signaturens byteintervall är inte en version av filen".to_owned());
    }
    if found.sub_filter != "ETSI.CAdES.detached" {
        problems.push(format!(
            "SubFilter är {}, inte ETSI.CAdES.detached",
            found.sub_filter
        ));
    }
    let parsed = cms::parse(&found.contents);
    let timestamp = parsed.as_ref().ok().and_then(|p| {
        let token = p.timestamp.as_ref()?;
        match super::timestamp::check(token, &p.signature, trusted) {
            Ok(checked) => Some(checked),
            Err(reason) => {
                problems.push(reason);
                None
            }
        }
    });
    if let Some(stamp) = &timestamp {
        if !stamp.intact {
            problems.push(
                "tidsstämpeln gäller inte den här underskriften eller har ändrats".to_owned(),
            );
        }
        if stamp.trusted == Some(false) {
            problems.push("tidsstämpelns certifikat leder inte till någon betrodd rot".to_owned());
        }
    }
    let timestamp_ok = timestamp
        .as_ref()
        .is_none_or(|t| t.intact && t.trusted != Some(false));
    let (signer, intact, trusted_chain) = match &parsed {
        Err(reason) => {
            problems.push(reason.clone());
            (found.name.clone(), false, None)
        }
        Ok(p) => {
            let digest = found.covered(file).map(|parts| {
                let mut hasher = Sha256::new();
                for part in parts {
                    hasher.update(part);
                }
                hasher.finalize().to_vec()
            });
            let digest_ok = digest.as_deref() == Some(p.message_digest.as_slice());
            if !digest_ok {
                problems.push("det underskrivna innehållet har ändrats".to_owned());
            }
            let signature_ok =
                keys::verify(&p.signer, p.algorithm, &p.signed_attributes, &p.signature);
            if !signature_ok {
                problems.push("signaturvärdet stämmer inte med certifikatets nyckel".to_owned());
            }
            if !p.names_its_certificate {
                problems.push(
                    "signaturen saknar signing-certificate-v2 för sitt certifikat".to_owned(),
                );
            }
            let trusted_chain =
                (!trusted.is_empty()).then(|| keys::chains_to(&p.signer, &p.certificates, trusted));
            if trusted_chain == Some(false) {
                problems.push("certifikatet leder inte till någon betrodd rot".to_owned());
            }
            (
                keys::common_name(&p.signer).unwrap_or_else(|| found.name.clone()),
                digest_ok && signature_ok && p.names_its_certificate && timestamp_ok,
                trusted_chain,
            )
        }
    };
    SignatureCheck {
        field: found.field.clone(),
        signer,
        time: found.time.clone(),
        reason: found.reason.clone(),
        intact,
        coverage,
        trusted: trusted_chain,
        timestamp,
        problems,
    }
}

/// What changed after the first signed revision besides signatures: each
/// later revision is compared object by object with the one before.
fn later_changes(file: &[u8], first_signed: usize, ends: &[usize]) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(start) = ends.iter().position(|e| *e == first_signed) else {
        return problems;
    };
    for pair in ends[start..].windows(2) {
        let (Ok(before), Ok(after)) = (
            lopdf::Document::load_mem(&file[..pair[0]]),
            lopdf::Document::load_mem(&file[..pair[1]]),
        ) else {
            problems.push("en senare version av filen kan inte läsas".to_owned());
            continue;
        };
        for (id, object) in &after.objects {
            let earlier = before.objects.get(id);
            if earlier == Some(object) || allowed_change(earlier, object) {
                continue;
            }
            problems.push(format!(
                "objekt {} {} {} efter den första underskriften",
                id.0,
                id.1,
                if earlier.is_some() {
                    "ändrades"
                } else {
                    "lades till"
                }
            ));
        }
    }
    problems
}

/// A change a signature may make: a new signature value, a field of the
/// protokoll that only gained its value (`/V`), or the form that only
/// gained `/SigFlags`.
fn allowed_change(earlier: Option<&lopdf::Object>, later: &lopdf::Object) -> bool {
    let Ok(dict) = later.as_dict() else {
        return false;
    };
    fn name<'a>(d: &'a lopdf::Dictionary, key: &[u8]) -> Option<&'a [u8]> {
        d.get(key).and_then(|o| o.as_name()).ok()
    }
    match earlier {
        None => name(dict, b"Type") == Some(b"Sig".as_slice()),
        Some(earlier) => {
            let Ok(earlier) = earlier.as_dict() else {
                return false;
            };
            let without = |d: &lopdf::Dictionary, key: &[u8]| {
                let mut d = d.clone();
                d.remove(key);
                d
            };
            let field = name(earlier, b"FT") == Some(b"Sig".as_slice())
                && earlier.get(b"V").is_err()
                && without(dict, b"V") == *earlier;
            let form = earlier.get(b"Fields").is_ok()
                && without(dict, b"SigFlags") == without(earlier, b"SigFlags");
            field || form
        }
    }
}

/// Whether the first signed revision is what the sources build now.
fn same_as_sources(
    file: &[u8],
    ends: &[usize],
    first_signed: Option<usize>,
    meeting: &Meeting,
) -> Result<bool, String> {
    let rebuilt = super::rebuilt_protokoll(meeting).map_err(|e| e.to_string())?;
    // The revision the first signature was added to: the one before it.
    let Some(first_signed) = first_signed else {
        return Ok(false);
    };
    let base_end = ends
        .iter()
        .copied()
        .filter(|e| *e < first_signed)
        .max()
        .unwrap_or(0);
    let trim = |b: &[u8]| {
        let mut end = b.len();
        while end > 0 && matches!(b[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        end
    };
    let signed = &file[..base_end];
    Ok(signed[..trim(signed)] == rebuilt[..trim(&rebuilt)])
}
