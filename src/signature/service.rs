//! Stage 6, signatures: signing through a fristående underskriftstjänst
//! (BankID and the like), which receives only what is to be signed. In a
//! first step the protokoll is prepared for the signer and what the
//! service signs is written out: the DER of the signed attributes and its
//! SHA-256. In a second step the signature value the service returns is
//! put in, checked against the certificate, and the protokoll replaced.

use std::path::{Path, PathBuf};

use super::{Justerat, Turn, cms, cms_failed, digest_of, keys, pdf, turn};
use crate::conventions;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::meeting::Meeting;

/// The folder beside the protokoll where prepared signatures wait.
pub const DIR: &str = "underskrift";

/// What the first step wrote.
pub struct Forberett {
    /// The DER signed attributes: what the service signs.
    pub underlag: PathBuf,
    /// Their SHA-256, in hex, for a service that signs a digest.
    pub sha256: PathBuf,
}

/// The files of one signer's prepared signature.
struct Files {
    pdf: PathBuf,
    der: PathBuf,
    sha256: PathBuf,
    pem: PathBuf,
}

fn files(turn: &Turn) -> Files {
    let dir = turn.path.parent().unwrap_or(Path::new(".")).join(DIR);
    let stem = conventions::slug(&turn.signer.0);
    Files {
        pdf: dir.join(format!("{stem}.pdf")),
        der: dir.join(format!("{stem}.der")),
        sha256: dir.join(format!("{stem}.sha256")),
        pem: dir.join(format!("{stem}.pem")),
    }
}

fn certificate_chain(pem: &Path) -> Result<Vec<x509_cert::Certificate>> {
    let text = std::fs::read_to_string(pem).map_err(|e| Error::io("läsa certifikatet", pem, e))?;
    let chain = keys::certificates_from_pem(&text)
        .map_err(|reason| Error::input(Diagnostic::error(reason).at(Location::file(pem))))?;
    if chain.is_empty() {
        return Err(Error::input(
            Diagnostic::error("filen innehåller inget certifikat").at(Location::file(pem)),
        ));
    }
    Ok(chain)
}

/// Step one: prepares the protokoll for `namn` with the certificate (and
/// chain) in `certifikat_pem`, and writes what the service signs.
pub fn forbered(
    meeting: &Meeting,
    namn: &str,
    certifikat_pem: &Path,
    output: Option<&Path>,
) -> Result<Forberett> {
    let turn = turn(meeting, namn, output)?;
    let chain = certificate_chain(certifikat_pem)?;
    turn.check_subject(&chain[0], certifikat_pem)?;
    let prepared = turn.prepare()?;
    let attributes =
        cms::signed_attributes(&digest_of(&prepared), &chain[0]).map_err(cms_failed)?;
    let der = der::Encode::to_der(&attributes).map_err(cms_failed)?;
    let digest: String = <sha2::Sha256 as sha2::Digest>::digest(&der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let files = files(&turn);
    let pem = std::fs::read(certifikat_pem)
        .map_err(|e| Error::io("läsa certifikatet", certifikat_pem, e))?;
    crate::export::write_atomic(&files.pdf, &prepared.bytes)?;
    crate::export::write_atomic(&files.pem, &pem)?;
    crate::export::write_atomic(&files.der, &der)?;
    crate::export::write_atomic(&files.sha256, format!("{digest}\n").as_bytes())?;
    Ok(Forberett {
        underlag: files.der,
        sha256: files.sha256,
    })
}

/// Step two: puts the signature value the service returned (`varde`, the
/// raw signature over the prepared DER) in and replaces the protokoll.
pub fn med_signaturvarde(
    meeting: &Meeting,
    namn: &str,
    varde: &Path,
    output: Option<&Path>,
    tsa: Option<&str>,
) -> Result<Justerat> {
    let turn = turn(meeting, namn, output)?;
    let files = files(&turn);
    let stale = || {
        Error::input(
            Diagnostic::error(format!(
                "det finns inget förberett underlag för {} till det här protokollet",
                turn.signer.0
            ))
            .tips("förbered underskriften först med `kallelse justera MAPP --namn NAMN --förbered --certifikat-pem FIL`; har någon annan skrivit under sedan dess, förbered igen"),
        )
    };
    let prepared_bytes = std::fs::read(&files.pdf).map_err(|_| stale())?;
    // Prepared from the protokoll as it is: nothing was added since.
    let base = turn.original.strip_suffix(b"\n").unwrap_or(&turn.original);
    if !prepared_bytes.starts_with(base) {
        return Err(stale());
    }
    let prepared = pdf::Prepared::from_bytes(prepared_bytes).ok_or_else(stale)?;
    let chain = certificate_chain(&files.pem)?;
    let attributes =
        cms::signed_attributes(&digest_of(&prepared), &chain[0]).map_err(cms_failed)?;
    let signature = std::fs::read(varde).map_err(|e| Error::io("läsa signaturvärdet", varde, e))?;
    let done = turn.finish(prepared, attributes, &signature, &chain, tsa)?;
    for file in [&files.pdf, &files.der, &files.sha256, &files.pem] {
        let _ = std::fs::remove_file(file);
    }
    Ok(done)
}
