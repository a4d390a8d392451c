//! Stage 6, signatures: the CMS side (RFC 5652) of a PAdES baseline B-B
//! signature (ETSI EN 319 142-1): a detached SignedData over the PDF's
//! byte ranges, with the signed attributes content-type, message-digest
//! and ESS signing-certificate-v2 (RFC 5035), SHA-256 throughout, and the
//! signer's certificate (and its chain) included. Built and read with
//! RustCrypto's `cms`, `x509-cert` and `der` types.

use cms::cert::CertificateChoices;
use cms::cert::IssuerAndSerialNumber;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier, SignerInfo,
    SignerInfos,
};
use const_oid::ObjectIdentifier;
use const_oid::db::{rfc5911, rfc5912};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::{Attribute, AttributeValue};

/// id-aa-signingCertificateV2 (RFC 5035).
const SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// id-aa-signatureTimeStampToken (RFC 3161 appendix A): the unsigned
/// attribute a timestamp token goes in.
pub const TIMESTAMP_ATTRIBUTE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
/// (the optional policies left out).
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// ESSCertIDv2 with the default hash algorithm, SHA-256 (so the field is
/// left out) and without the optional issuer and serial.
#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: rfc5912::ID_SHA_256,
        parameters: None,
    }
}

/// The signed attributes for a document digest and a signer's certificate.
pub fn signed_attributes(
    digest: &[u8],
    certificate: &Certificate,
) -> Result<SignedAttributes, der::Error> {
    let attribute = |oid, value: AttributeValue| -> Result<Attribute, der::Error> {
        let mut values = SetOfVec::new();
        values.insert(value)?;
        Ok(Attribute { oid, values })
    };
    let content_type = Any::from_der(&rfc5911::ID_DATA.to_der()?)?;
    let message_digest = Any::from_der(&OctetString::new(digest)?.to_der()?)?;
    let essential = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(certificate.to_der()?).to_vec())?,
        }],
    };
    let signing_certificate = Any::from_der(&essential.to_der()?)?;
    let mut attributes = SetOfVec::new();
    attributes.insert(attribute(rfc5911::ID_CONTENT_TYPE, content_type)?)?;
    attributes.insert(attribute(rfc5911::ID_MESSAGE_DIGEST, message_digest)?)?;
    attributes.insert(attribute(SIGNING_CERTIFICATE_V2, signing_certificate)?)?;
    Ok(attributes)
}

/// The detached SignedData (as a DER ContentInfo) for signed attributes
/// and the signature over their DER encoding.
pub fn assemble(
    attributes: SignedAttributes,
    signature: &[u8],
    algorithm: AlgorithmIdentifierOwned,
    chain: &[Certificate],
    timestamp: Option<&[u8]>,
) -> Result<Vec<u8>, der::Error> {
    let unsigned_attrs = match timestamp {
        Some(token) => {
            let mut values = SetOfVec::new();
            values.insert(Any::from_der(token)?)?;
            let mut attributes = SetOfVec::new();
            attributes.insert(Attribute {
                oid: TIMESTAMP_ATTRIBUTE,
                values,
            })?;
            Some(attributes)
        }
        None => None,
    };
    let signer = &chain[0];
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: signer.tbs_certificate.issuer.clone(),
            serial_number: signer.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256_algorithm(),
        signed_attrs: Some(attributes),
        signature_algorithm: algorithm,
        signature: OctetString::new(signature)?,
        unsigned_attrs,
    };
    let mut digest_algorithms = SetOfVec::new();
    digest_algorithms.insert(sha256_algorithm())?;
    let mut certificates = SetOfVec::new();
    for certificate in chain {
        certificates.insert(CertificateChoices::Certificate(certificate.clone()))?;
    }
    let mut signer_infos = SetOfVec::new();
    signer_infos.insert(signer_info)?;
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: rfc5911::ID_DATA,
            econtent: None,
        },
        certificates: Some(cms::signed_data::CertificateSet(certificates)),
        crls: None,
        signer_infos: SignerInfos(signer_infos),
    };
    ContentInfo {
        content_type: rfc5911::ID_SIGNED_DATA,
        content: Any::from_der(&signed_data.to_der()?)?,
    }
    .to_der()
}

/// A CMS signature as read from a file, with what verification needs.
pub struct Parsed {
    /// The signer's certificate (the one the signer info names).
    pub signer: Certificate,
    /// Every certificate in the signature.
    pub certificates: Vec<Certificate>,
    /// The message digest the signature says it signed.
    pub message_digest: Vec<u8>,
    /// The DER of the signed attributes, as signed.
    pub signed_attributes: Vec<u8>,
    /// The signature algorithm.
    pub algorithm: ObjectIdentifier,
    /// The signature value.
    pub signature: Vec<u8>,
    /// Whether it has an ESS signing-certificate-v2 naming the signer's
    /// certificate.
    pub names_its_certificate: bool,
    /// Its timestamp token (DER), when it has one.
    pub timestamp: Option<Vec<u8>>,
}

/// Reads a detached SignedData: its one signer, the signed attributes and
/// the certificates.
pub fn parse(der_bytes: &[u8]) -> Result<Parsed, String> {
    let content =
        ContentInfo::from_der(der_bytes).map_err(|e| format!("ingen CMS-signatur: {e}"))?;
    if content.content_type != rfc5911::ID_SIGNED_DATA {
        return Err("signaturen är inte av typen SignedData".into());
    }
    let signed: SignedData = content
        .content
        .decode_as()
        .map_err(|e| format!("SignedData kan inte läsas: {e}"))?;
    let certificates: Vec<Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let info = signed
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("signaturen har ingen undertecknare")?;
    let SignerIdentifier::IssuerAndSerialNumber(sid) = &info.sid else {
        return Err("undertecknaren anges inte med utfärdare och serienummer".into());
    };
    let signer = certificates
        .iter()
        .find(|c| {
            c.tbs_certificate.issuer == sid.issuer
                && c.tbs_certificate.serial_number == sid.serial_number
        })
        .cloned()
        .ok_or("undertecknarens certifikat finns inte i signaturen")?;
    let attributes = info
        .signed_attrs
        .as_ref()
        .ok_or("signaturen saknar signerade attribut")?;
    let value_of = |oid: ObjectIdentifier| {
        attributes
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let message_digest = value_of(rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .map(|o| o.as_bytes().to_vec())
        .ok_or("signaturen saknar message-digest")?;
    let certificate_hash = Sha256::digest(signer.to_der().map_err(|e| e.to_string())?);
    let names_its_certificate = value_of(SIGNING_CERTIFICATE_V2)
        .and_then(|v| v.decode_as::<SigningCertificateV2>().ok())
        .is_some_and(|s| {
            s.certs
                .first()
                .is_some_and(|c| c.cert_hash.as_bytes() == certificate_hash.as_slice())
        });
    let timestamp = info
        .unsigned_attrs
        .iter()
        .flat_map(|a| a.iter())
        .find(|a| a.oid == TIMESTAMP_ATTRIBUTE)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.to_der().ok());
    Ok(Parsed {
        timestamp,
        signed_attributes: attributes.to_der().map_err(|e| e.to_string())?,
        algorithm: info.signature_algorithm.oid,
        signature: info.signature.as_bytes().to_vec(),
        message_digest,
        names_its_certificate,
        signer,
        certificates,
    })
}
