//! Stage 6, signatures: RFC 3161 timestamps, which lift a signature to
//! PAdES baseline B-T. The timestamp authority signs the SHA-256 of the
//! signature value; its token goes into the signer info as the unsigned
//! attribute signature-time-stamp (RFC 3161 appendix A), and verification
//! checks that it stamps this signature and that the authority signed it.

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use const_oid::db::{rfc5911, rfc5912};
use der::asn1::{Int, OctetString};
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifier;
use x509_cert::Certificate;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use super::{cms as signed, keys};

/// The longest answer read from a timestamp authority.
const MAX_RESPONSE: u64 = 1 << 20;

/// Asks the timestamp authority at `url` to stamp a signature value, and
/// returns the token (a DER ContentInfo) after checking that it stamps it.
pub fn request(url: &str, signature: &[u8]) -> Result<Vec<u8>, String> {
    let imprint = Sha256::digest(signature);
    let nonce_bytes: [u8; 8] = {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let mut bytes: [u8; 8] = Sha256::digest(now.to_le_bytes())[..8]
            .try_into()
            .unwrap_or_default();
        bytes[0] &= 0x7f;
        bytes[0] |= 0x01;
        bytes
    };
    let request = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifier {
                oid: rfc5912::ID_SHA_256,
                parameters: None,
            },
            hashed_message: OctetString::new(imprint.to_vec()).map_err(|e| e.to_string())?,
        },
        req_policy: None,
        nonce: Some(Int::new(&nonce_bytes).map_err(|e| e.to_string())?),
        cert_req: true,
        extensions: None,
    };
    let body = request.to_der().map_err(|e| e.to_string())?;
    let response = ureq::post(url)
        .timeout(std::time::Duration::from_secs(30))
        .set("Content-Type", "application/timestamp-query")
        .send_bytes(&body)
        .map_err(|e| format!("tidsstämpeltjänsten {url} svarade inte: {e}"))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(response.into_reader(), MAX_RESPONSE),
        &mut bytes,
    )
    .map_err(|e| format!("svaret från tidsstämpeltjänsten kunde inte läsas: {e}"))?;
    let answer = TimeStampResp::from_der(&bytes).map_err(|e| {
        format!("tidsstämpeltjänsten svarade inte med en tidsstämpel (RFC 3161): {e}")
    })?;
    let token = answer
        .time_stamp_token
        .ok_or("tidsstämpeltjänsten gav ingen tidsstämpel")?;
    let (info, _) = info(&token)?;
    if info.message_imprint.hashed_message.as_bytes() != imprint.as_slice() {
        return Err("tidsstämpeln gäller något annat än underskriften".into());
    }
    if info.nonce.as_ref().map(|n| n.as_bytes()) != request.nonce.as_ref().map(|n| n.as_bytes()) {
        return Err("tidsstämpeln svarar inte på frågan (fel nonce)".into());
    }
    token.to_der().map_err(|e| e.to_string())
}

/// The TSTInfo a token signs, and its DER as signed.
fn info(token: &ContentInfo) -> Result<(TstInfo, Vec<u8>), String> {
    let signed: SignedData = token
        .content
        .decode_as()
        .map_err(|e| format!("tidsstämpeln kan inte läsas: {e}"))?;
    let content = signed
        .encap_content_info
        .econtent
        .ok_or("tidsstämpeln saknar innehåll")?;
    let octets: OctetString = content
        .decode_as()
        .map_err(|e| format!("tidsstämpeln kan inte läsas: {e}"))?;
    let info = TstInfo::from_der(octets.as_bytes())
        .map_err(|e| format!("tidsstämpeln kan inte läsas: {e}"))?;
    Ok((info, octets.as_bytes().to_vec()))
}

/// A timestamp on a signature, checked.
#[derive(Debug, Clone)]
pub struct Checked {
    /// When, as the authority says: "2026-12-03 01:30:00 UTC".
    pub time: String,
    /// The authority (its certificate's CN).
    pub tsa: String,
    /// It stamps this signature and the authority's key signed it.
    pub intact: bool,
    /// The authority's certificate leads to a trusted root (`None` when
    /// none were given).
    pub trusted: Option<bool>,
}

/// Checks a token on a signature value.
pub fn check(token: &[u8], signature: &[u8], trusted: &[Certificate]) -> Result<Checked, String> {
    let content =
        ContentInfo::from_der(token).map_err(|e| format!("tidsstämpeln kan inte läsas: {e}"))?;
    if content.content_type != rfc5911::ID_SIGNED_DATA {
        return Err("tidsstämpeln är ingen SignedData".into());
    }
    let (info, econtent) = info(&content)?;
    let parsed = signed::parse(token)?;
    let stamps_it =
        info.message_imprint.hashed_message.as_bytes() == Sha256::digest(signature).as_slice();
    let digest_ok = parsed.message_digest == Sha256::digest(&econtent).as_slice();
    let signed_ok = keys::verify(
        &parsed.signer,
        parsed.algorithm,
        &parsed.signed_attributes,
        &parsed.signature,
    );
    let time = info.gen_time.to_date_time();
    Ok(Checked {
        time: format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            time.year(),
            time.month(),
            time.day(),
            time.hour(),
            time.minutes(),
            time.seconds()
        ),
        tsa: keys::common_name(&parsed.signer).unwrap_or_default(),
        intact: stamps_it && digest_ok && signed_ok,
        trusted: (!trusted.is_empty())
            .then(|| keys::chains_to(&parsed.signer, &parsed.certificates, trusted)),
    })
}
