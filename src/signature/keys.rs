//! Stage 6, signatures: keys and certificates. A signer's key and
//! certificate chain from a PKCS#12 file, signing with RSA (PKCS #1 v1.5)
//! or ECDSA P-256, both with SHA-256; verifying a signature with a
//! certificate's public key; the name a certificate gives its subject.

use const_oid::ObjectIdentifier;
use const_oid::db::{rfc4519, rfc5912};
use der::{Decode, Encode};
use pkcs8::DecodePrivateKey;
use sha2::Sha256;
use signature::{SignatureEncoding, Signer, Verifier};
use spki::{AlgorithmIdentifierOwned, DecodePublicKey};
use x509_cert::Certificate;

/// sha256WithRSAEncryption.
const RSA_SHA256: ObjectIdentifier = rfc5912::SHA_256_WITH_RSA_ENCRYPTION;
/// ecdsa-with-SHA256.
const ECDSA_SHA256: ObjectIdentifier = rfc5912::ECDSA_WITH_SHA_256;

/// A signer's private key.
pub enum SigningKey {
    /// RSA, signing with PKCS #1 v1.5 and SHA-256.
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    /// ECDSA on P-256 with SHA-256.
    EcdsaP256(p256::ecdsa::SigningKey),
}

impl SigningKey {
    /// Signs `data` (the DER of the signed attributes).
    pub fn sign(&self, data: &[u8]) -> Vec<u8> {
        match self {
            SigningKey::Rsa(key) => key.sign(data).to_vec(),
            SigningKey::EcdsaP256(key) => {
                let signature: p256::ecdsa::DerSignature = key.sign(data);
                signature.to_vec()
            }
        }
    }
}

/// The signature algorithm (with SHA-256) for a certificate's key.
pub fn algorithm_for(certificate: &Certificate) -> Option<AlgorithmIdentifierOwned> {
    let key = &certificate
        .tbs_certificate
        .subject_public_key_info
        .algorithm
        .oid;
    if *key == rfc5912::RSA_ENCRYPTION {
        Some(AlgorithmIdentifierOwned {
            oid: RSA_SHA256,
            parameters: Some(der::asn1::Null.into()),
        })
    } else if *key == rfc5912::ID_EC_PUBLIC_KEY {
        Some(AlgorithmIdentifierOwned {
            oid: ECDSA_SHA256,
            parameters: None,
        })
    } else {
        None
    }
}

/// The key and certificate chain (the signer's own certificate first) of
/// a PKCS#12 file.
pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<(SigningKey, Vec<Certificate>), String> {
    let store = p12_keystore::KeyStore::from_pkcs12(
        bytes,
        password,
        p12_keystore::Pkcs12ImportPolicy::Relaxed,
    )
    .map_err(|e| match e {
        p12_keystore::error::Error::MacError(_) => "fel lösenord till certifikatfilen".to_owned(),
        other => format!("certifikatfilen kan inte läsas som PKCS#12: {other}"),
    })?;
    let (_, chain) = store
        .private_key_chain()
        .ok_or("certifikatfilen innehåller ingen privat nyckel")?;
    let certificates = chain
        .certs()
        .iter()
        .map(|c| Certificate::from_der(c.as_der()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("certifikatet kan inte läsas: {e}"))?;
    if certificates.is_empty() {
        return Err("certifikatfilen innehåller inget certifikat".into());
    }
    let key_der = chain.key().as_der();
    let key = if let Ok(rsa) = rsa::RsaPrivateKey::from_pkcs8_der(key_der) {
        SigningKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::<Sha256>::new(rsa)))
    } else if let Ok(ec) = p256::ecdsa::SigningKey::from_pkcs8_der(key_der) {
        SigningKey::EcdsaP256(ec)
    } else {
        return Err("nyckeln är varken RSA eller ECDSA P-256".into());
    };
    Ok((key, certificates))
}

/// Whether `signature` over `data` was made with the key of `certificate`.
pub fn verify(
    certificate: &Certificate,
    algorithm: ObjectIdentifier,
    data: &[u8],
    signature: &[u8],
) -> bool {
    let Ok(spki) = certificate.tbs_certificate.subject_public_key_info.to_der() else {
        return false;
    };
    match algorithm {
        RSA_SHA256 | rfc5912::RSA_ENCRYPTION => {
            let Ok(public) = rsa::RsaPublicKey::from_public_key_der(&spki) else {
                return false;
            };
            let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
                return false;
            };
            rsa::pkcs1v15::VerifyingKey::<Sha256>::new(public)
                .verify(data, &signature)
                .is_ok()
        }
        ECDSA_SHA256 => {
            let Ok(public) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki) else {
                return false;
            };
            let Ok(signature) = p256::ecdsa::DerSignature::try_from(signature) else {
                return false;
            };
            public.verify(data, &signature).is_ok()
        }
        _ => false,
    }
}

/// Whether `certificate` was issued (signed) by `issuer`.
pub fn issued_by(certificate: &Certificate, issuer: &Certificate) -> bool {
    if certificate.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = certificate.tbs_certificate.to_der() else {
        return false;
    };
    verify(
        issuer,
        certificate.signature_algorithm.oid,
        &tbs,
        certificate.signature.raw_bytes(),
    )
}

/// Whether a certificate chains, through the certificates given with it,
/// to one of the trusted roots.
pub fn chains_to(leaf: &Certificate, pool: &[Certificate], trusted: &[Certificate]) -> bool {
    let mut current = leaf.clone();
    for _ in 0..8 {
        if trusted
            .iter()
            .any(|root| *root == current || issued_by(&current, root))
        {
            return true;
        }
        match pool
            .iter()
            .find(|c| **c != current && issued_by(&current, c))
        {
            Some(issuer) => current = issuer.clone(),
            None => return false,
        }
    }
    false
}

/// The common name (CN) of a certificate's subject.
pub fn common_name(certificate: &Certificate) -> Option<String> {
    certificate
        .tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == rfc4519::CN)
        .and_then(|atv| {
            atv.value
                .decode_as::<der::asn1::Utf8StringRef>()
                .map(|s| s.as_str().to_owned())
                .or_else(|_| {
                    atv.value
                        .decode_as::<der::asn1::PrintableStringRef>()
                        .map(|s| s.as_str().to_owned())
                })
                .ok()
        })
}

/// Certificates of a PEM file (one or several).
pub fn certificates_from_pem(text: &str) -> Result<Vec<Certificate>, String> {
    Certificate::load_pem_chain(text.as_bytes())
        .map_err(|e| format!("certifikaten kan inte läsas: {e}"))
}
