//! Support for the signature tests (issue 19): a throwaway PKI made with the
//! `openssl` CLI, and two independent validators of signed PDFs: pyHanko
//! (`tests/signatur/validera.py` in the pinned virtual environment
//! `tests/signatur/.venv`) and poppler's `pdfsig`. The tests fail, never
//! skip, when a tool is missing: `tests/forbered.sh` installs them all.
//!
//! The self-test at the bottom signs the example's protocol with pyHanko's
//! own CLI and shows that both validators see the signatures, and see a
//! changed byte.
#![allow(dead_code)] // The tests of `kallelse justera` come later.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Deserialize;

use crate::support::{Project, repo};

/// The password of every PKCS#12 file [`TestPki::person`] makes.
pub const PASSWORD: &str = "hemligt";

/// The CA's common name.
pub const CA_NAME: &str = "Testkommunens test-CA";

/// The key of a person's certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA, 2048 bits.
    Rsa,
    /// ECDSA on P-256.
    EcdsaP256,
}

/// A person's key and certificate, issued by a [`TestPki`].
#[derive(Debug, Clone)]
pub struct Signer {
    /// Key, certificate and the CA's certificate, with [`PASSWORD`], in
    /// OpenSSL 3's default form (AES-256-CBC with PBKDF2, HMAC-SHA-256 MAC).
    pub p12: PathBuf,
    /// The same in OpenSSL 1.1's default form (`openssl pkcs12 -legacy`:
    /// RC2-40 for the certificates, 3DES for the key, SHA-1 MAC), as older
    /// tools and many exported certificates have it.
    pub p12_legacy: PathBuf,
    /// The certificate, PEM.
    pub cert_pem: PathBuf,
    /// The private key, unencrypted PEM (PKCS#8).
    pub key_pem: PathBuf,
    /// The subject's common name.
    pub name: String,
}

/// A CA in a folder of its own, made with the `openssl` CLI, that issues
/// certificates to persons. Another `TestPki` in another folder is a CA the
/// first one's trust does not reach; a certificate naming someone else is
/// [`TestPki::person`] with another name.
pub struct TestPki {
    dir: PathBuf,
    /// The CA's self-signed certificate, PEM: the only trust root.
    pub ca_pem: PathBuf,
    ca_key: PathBuf,
    config: PathBuf,
    /// A file holding [`PASSWORD`], for tools that read it from a file.
    pub passfile: PathBuf,
    people: Cell<usize>,
}

/// OpenSSL's configuration for every command here, so that the system's
/// `openssl.cnf` plays no part: UTF-8 names, and the two certificate
/// profiles.
const OPENSSL_CONFIG: &str = "\
[req]
distinguished_name = dn
string_mask = utf8only
utf8 = yes

[dn]

[ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[person]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[tsa_cert]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[tsa]
default_tsa = tsa_config

[tsa_config]
serial = tsa-serial.txt
crypto_device = builtin
signer_cert = tsa.pem
certs = ca.pem
signer_key = tsa-key.pem
signer_digest = sha256
default_policy = 1.2.752.1.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
";

impl TestPki {
    /// Makes the CA in `dir` (created if missing; one PKI per folder): an
    /// RSA 2048 key and a self-signed certificate for [`CA_NAME`] with
    /// `basicConstraints CA:true` and `keyUsage keyCertSign, cRLSign`, valid
    /// for ten years from now.
    pub fn new(dir: &Path) -> TestPki {
        std::fs::create_dir_all(dir).unwrap();
        let config = dir.join("openssl.cnf");
        std::fs::write(&config, OPENSSL_CONFIG).unwrap();
        let passfile = dir.join("losenord.txt");
        std::fs::write(&passfile, PASSWORD).unwrap();
        let pki = TestPki {
            dir: dir.to_path_buf(),
            ca_pem: dir.join("ca.pem"),
            ca_key: dir.join("ca-key.pem"),
            config,
            passfile,
            people: Cell::new(0),
        };
        pki.openssl(
            Command::new("openssl")
                .args(["req", "-x509", "-new", "-config"])
                .arg(&pki.config)
                .args(["-extensions", "ca", "-newkey", "rsa:2048", "-noenc"])
                .arg("-keyout")
                .arg(&pki.ca_key)
                .arg("-out")
                .arg(&pki.ca_pem)
                .args(["-days", "3650", "-utf8", "-subj", &subject(CA_NAME)]),
        );
        pki
    }

    /// Issues a certificate to `name` (UTF-8, such as "Åsa Öberg") for a new
    /// key of `kind`: subject `CN=name`, `keyUsage digitalSignature,
    /// nonRepudiation`, valid for 825 days from now, signed by the CA. Each
    /// call makes a new key, also for a name already issued.
    pub fn person(&self, name: &str, kind: KeyKind) -> Signer {
        let n = self.people.get() + 1;
        self.people.set(n);
        let file = |suffix: &str| self.dir.join(format!("person{n}{suffix}"));
        let (key_pem, csr, cert_pem, p12, p12_legacy) = (
            file("-key.pem"),
            file(".csr"),
            file(".pem"),
            file(".p12"),
            file("-legacy.p12"),
        );
        let (algorithm, option) = match kind {
            KeyKind::Rsa => ("RSA", "rsa_keygen_bits:2048"),
            KeyKind::EcdsaP256 => ("EC", "ec_paramgen_curve:P-256"),
        };
        self.openssl(
            Command::new("openssl")
                .args(["genpkey", "-algorithm", algorithm, "-pkeyopt", option])
                .arg("-out")
                .arg(&key_pem),
        );
        self.openssl(
            Command::new("openssl")
                .args(["req", "-new", "-config"])
                .arg(&self.config)
                .arg("-key")
                .arg(&key_pem)
                .args(["-utf8", "-subj", &subject(name)])
                .arg("-out")
                .arg(&csr),
        );
        self.issue(&csr, "person", &cert_pem);
        for (out, form) in [(&p12, None), (&p12_legacy, Some("-legacy"))] {
            self.openssl(
                Command::new("openssl")
                    .args(["pkcs12", "-export", "-inkey"])
                    .arg(&key_pem)
                    .arg("-in")
                    .arg(&cert_pem)
                    .arg("-certfile")
                    .arg(&self.ca_pem)
                    .args(["-passout", &format!("pass:{PASSWORD}")])
                    .args(form)
                    .arg("-out")
                    .arg(out),
            );
        }
        Signer {
            p12,
            p12_legacy,
            cert_pem,
            key_pem,
            name: name.to_owned(),
        }
    }

    /// Signs a certificate request with the CA, for 825 days, with the
    /// extensions of `profile` in the PKI's configuration.
    fn issue(&self, csr: &Path, profile: &str, out: &Path) {
        self.openssl(
            Command::new("openssl")
                .args(["x509", "-req", "-in"])
                .arg(csr)
                .arg("-CA")
                .arg(&self.ca_pem)
                .arg("-CAkey")
                .arg(&self.ca_key)
                .arg("-CAserial")
                .arg(self.dir.join("ca.srl"))
                .args(["-CAcreateserial", "-days", "825", "-extfile"])
                .arg(&self.config)
                .args(["-extensions", profile, "-out"])
                .arg(out),
        );
    }

    /// Runs an `openssl` command in the PKI's folder with its own
    /// configuration, and panics with openssl's words when it fails.
    fn openssl(&self, command: &mut Command) {
        let output = run(
            command
                .current_dir(&self.dir)
                .env("OPENSSL_CONF", &self.config),
            "openssl",
        );
        assert!(
            output.status.success(),
            "{command:?} misslyckades:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// `/CN=name` for `openssl -subj`, with OpenSSL's separators escaped.
fn subject(name: &str) -> String {
    let mut out = String::from("/CN=");
    for c in name.chars() {
        if matches!(c, '\\' | '/' | '+') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The virtual environment with the pinned pyHanko, checked to be installed
/// from the current `tests/signatur/requirements.txt` (of which
/// `tests/forbered.sh` leaves a copy in it).
fn venv() -> PathBuf {
    let dir = repo().join("tests/signatur");
    let venv = dir.join(".venv");
    let wanted = std::fs::read(dir.join("requirements.txt")).unwrap();
    let installed = std::fs::read(venv.join("requirements.txt")).ok();
    assert!(
        installed.as_ref() == Some(&wanted) && venv.join("bin/pyhanko").is_file(),
        "{} saknas eller är installerad från en annan requirements.txt: kör tests/forbered.sh",
        venv.display()
    );
    venv
}

/// Runs a command and returns its output, panicking when it cannot start.
fn run(command: &mut Command, what: &str) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("{what} går inte att köra ({e}): kör tests/forbered.sh"))
}

/// Signs `input` into `output` with pyHanko's own CLI: a PAdES signature
/// (`--use-pades`, B-B without a timestamp) by `signer`'s PKCS#12 file
/// (the legacy one with `legacy`) in a new invisible field `field`, as an
/// incremental update.
pub fn pyhanko_sign(
    pki: &TestPki,
    signer: &Signer,
    legacy: bool,
    field: &str,
    input: &Path,
    output: &Path,
) {
    let p12 = if legacy {
        &signer.p12_legacy
    } else {
        &signer.p12
    };
    let result = run(
        Command::new(venv().join("bin/pyhanko"))
            .args(["sign", "addsig", "--field", field, "--use-pades", "pkcs12"])
            .arg("--passfile")
            .arg(&pki.passfile)
            .arg(input)
            .arg(output)
            .arg(p12)
            .current_dir(&pki.dir),
        "pyhanko",
    );
    assert!(
        result.status.success(),
        "pyhanko sign addsig misslyckades:\n{}\n{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// What pyHanko says of every signature of a PDF (`validera.py`'s JSON).
#[derive(Debug, Deserialize)]
pub struct PyhankoReport {
    /// pyHanko's version.
    pub pyhanko: String,
    /// The file's revisions: the original and one per incremental update.
    pub revisions: usize,
    /// Document timestamps (PAdES B-LTA), which are not in `signatures`.
    pub document_timestamps: usize,
    /// The signatures, in the order of the file (oldest first).
    pub signatures: Vec<PyhankoSignature>,
}

/// One signature, as pyHanko judged it against the given CA only, without
/// revocation checks.
#[derive(Debug, Deserialize)]
pub struct PyhankoSignature {
    /// The signature field's fully qualified name.
    pub field: String,
    /// The signer certificate's common name.
    pub signer: Option<String>,
    /// The signer certificate's subject and issuer, as pyHanko prints them
    /// ("Common Name: Åsa Öberg").
    pub signer_subject: Option<String>,
    pub issuer: Option<String>,
    /// `/SubFilter`: `/ETSI.CAdES.detached` for PAdES.
    pub sub_filter: String,
    /// `/ByteRange`: start and length of the two signed ranges.
    pub byte_range: Vec<u64>,
    /// The revision the signature signs, the original being 0.
    pub signed_revision: usize,
    /// The message digest algorithm, such as `sha256`.
    pub md_algorithm: String,
    /// The signed bytes have the digest the signature holds.
    pub intact: bool,
    /// The signature value is cryptographically valid (over the signed
    /// attributes: a changed byte of the document leaves it true and makes
    /// `intact` false).
    pub valid: bool,
    /// The signer's certificate chains up to the trusted CA.
    pub trusted: bool,
    /// pyHanko's overall verdict: intact, valid, trusted, and no changes
    /// after it that its policy rejects.
    pub bottom_line: bool,
    /// `ENTIRE_FILE`, `ENTIRE_REVISION` (a later incremental update follows),
    /// `CONTIGUOUS_BLOCK_FROM_START` or `UNCLEAR`.
    pub coverage: Option<String>,
    /// What the later revisions change: `NONE`, `LTA_UPDATES`,
    /// `FORM_FILLING` (signing a signature field counts as that),
    /// `ANNOTATIONS` or `OTHER`.
    pub modification_level: Option<String>,
    /// The later changes are allowed (by the DocMDP permissions, if any).
    pub docmdp_ok: Option<bool>,
    /// The signing time the signer claims (ISO 8601).
    pub signing_time: Option<String>,
    /// pyHanko's one-line summary, as `pyhanko sign validate` prints it
    /// ("INTACT:TRUSTED,UNTOUCHED").
    pub summary: Option<String>,
    /// Why validation raised, when it did (every verdict is then false).
    /// The signature's own timestamp (B-T), as pyHanko checked it.
    #[serde(default)]
    pub timestamp: Option<PyhankoTimestamp>,
    pub error: Option<String>,
}

impl PyhankoSignature {
    /// Whether the signature covers the whole file.
    pub fn covers_whole_file(&self) -> bool {
        self.coverage.as_deref() == Some("ENTIRE_FILE")
    }

    /// Whether the revisions after this signature change nothing but
    /// signatures (and form fields, of which the protocol has none) and
    /// DSS/timestamp data.
    pub fn only_signed_after(&self) -> bool {
        matches!(
            self.modification_level.as_deref(),
            Some("NONE" | "LTA_UPDATES" | "FORM_FILLING")
        ) && self.docmdp_ok != Some(false)
    }
}

/// Validates every signature of `pdf` with pyHanko, trusting only
/// `ca_pem`, without revocation checks: `tests/signatur/validera.py` in the
/// pinned venv, whose JSON this returns. Panics when the file cannot be read
/// at all.
pub fn pyhanko_validate(pdf: &Path, ca_pem: &Path) -> PyhankoReport {
    let venv = venv();
    let output = run(
        Command::new(venv.join("bin/python"))
            .arg(repo().join("tests/signatur/validera.py"))
            .arg("--trust")
            .arg(ca_pem)
            .arg(pdf),
        "pyHanko",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "validera.py kunde inte läsa {}:\n{stdout}\n{}",
        pdf.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("validera.py svarade inte med JSON ({e}):\n{stdout}"))
}

/// One signature as poppler's `pdfsig` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfsigSignature {
    /// "Signature Field Name".
    pub field: String,
    /// "Signer Certificate Common Name".
    pub signer: String,
    /// "Signer full Distinguished Name", such as `CN=Åsa Öberg`.
    pub distinguished_name: String,
    /// "Signature Type": `ETSI.CAdES.detached` for PAdES.
    pub signature_type: String,
    /// "Signing Hash Algorithm", such as `SHA-256`.
    pub hash_algorithm: String,
    /// "Signed Ranges": byte offsets, each from inclusive to exclusive.
    pub signed_ranges: Vec<(u64, u64)>,
    /// "Total document signed" rather than "Not total document signed".
    pub total_document_signed: bool,
    /// "Signature Validation": `Signature is Valid.`, `Digest Mismatch.`, ….
    pub signature_validation: String,
    /// "Certificate Validation". pdfsig trusts only an NSS database, where
    /// the test CA is not, so this says `Certificate issuer isn't Trusted.`
    /// for a good signature: the tests do not judge it.
    pub certificate_validation: Option<String>,
    /// pdfsig's lines for this signature.
    pub raw: String,
}

impl PdfsigSignature {
    /// Whether the signature's digest and value check out.
    pub fn signature_valid(&self) -> bool {
        self.signature_validation == "Signature is Valid."
    }
}

/// Runs `pdfsig -no-ocsp PDF` and parses its report, one entry per
/// signature in the file's order (none for a file without signatures).
/// Panics on output it does not understand.
pub fn pdfsig(pdf: &Path) -> Vec<PdfsigSignature> {
    let output = run(Command::new("pdfsig").arg("-no-ocsp").arg(pdf), "pdfsig");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if stdout.contains("does not contain any signatures") {
        return Vec::new();
    }
    assert!(
        output.status.success(),
        "pdfsig misslyckades med {}:\n{stdout}\n{}",
        pdf.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    parse_pdfsig(&stdout)
}

/// Parses `pdfsig`'s report (poppler 22.12's wording).
pub fn parse_pdfsig(text: &str) -> Vec<PdfsigSignature> {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    for line in text.lines() {
        if line.starts_with("Signature #") {
            blocks.push(Vec::new());
        } else if let Some(block) = blocks.last_mut() {
            block.push(line);
        }
    }
    blocks
        .into_iter()
        // The fields no one has signed yet.
        .filter(|lines| {
            !lines
                .iter()
                .any(|l| l.trim() == "The signature form field is not signed.")
        })
        .map(|lines| {
            let raw = lines.join("\n");
            let value = |key: &str| {
                lines.iter().find_map(|line| {
                    let item = line.trim().strip_prefix("- ")?;
                    Some(item.strip_prefix(key)?.strip_prefix(": ")?.to_owned())
                })
            };
            let required = |key: &str| {
                value(key).unwrap_or_else(|| panic!("pdfsig sade inget om {key:?}:\n{raw}"))
            };
            let flag = |wording: &str| {
                lines
                    .iter()
                    .any(|line| line.trim() == format!("- {wording}"))
            };
            let total_document_signed = match (
                flag("Total document signed"),
                flag("Not total document signed"),
            ) {
                (true, false) => true,
                (false, true) => false,
                _ => panic!("pdfsig sade inte om hela dokumentet är signerat:\n{raw}"),
            };
            let signed_ranges = required("Signed Ranges")
                .split(", ")
                .map(|range| {
                    let parse = || {
                        let (from, to) = range
                            .strip_prefix('[')?
                            .strip_suffix(']')?
                            .split_once(" - ")?;
                        Some((from.parse().ok()?, to.parse().ok()?))
                    };
                    parse().unwrap_or_else(|| panic!("okänt intervall {range:?}:\n{raw}"))
                })
                .collect();
            PdfsigSignature {
                field: required("Signature Field Name"),
                signer: required("Signer Certificate Common Name"),
                distinguished_name: required("Signer full Distinguished Name"),
                signature_type: required("Signature Type"),
                hash_algorithm: required("Signing Hash Algorithm"),
                signed_ranges,
                total_document_signed,
                signature_validation: required("Signature Validation"),
                certificate_validation: value("Certificate Validation"),
                raw,
            }
        })
        .collect()
}

/// The validators see one signature, then two, then a change that is no
/// signature after them, and then that a byte of the first revision
/// changed: the harness can fail.
#[test]
fn the_validators_see_a_signature_and_a_changed_byte() {
    let project = Project::example();
    project
        .run(&["protokoll", "content/socialnamnden/2026-11-12"])
        .success();
    let unsigned = project
        .path()
        .join("output/socialnamnden/2026-11-12/protokoll.pdf");
    let pki = TestPki::new(&project.path().join("pki"));
    let asa = pki.person("Åsa Öberg", KeyKind::EcdsaP256);
    let lars = pki.person("Lars Ärlig", KeyKind::Rsa);

    assert!(pdfsig(&unsigned).is_empty());
    assert!(
        pyhanko_validate(&unsigned, &pki.ca_pem)
            .signatures
            .is_empty()
    );

    // One signature, by the modern PKCS#12 file: a third revision after
    // typst's and the one with the protokoll's empty signature fields.
    let once = project.path().join("en.pdf");
    pyhanko_sign(&pki, &asa, false, "Sig1", &unsigned, &once);
    let report = pyhanko_validate(&once, &pki.ca_pem);
    assert_eq!(report.revisions, 3, "{report:#?}");
    let [sig] = &report.signatures[..] else {
        panic!("en signatur väntades: {report:#?}");
    };
    assert_eq!(sig.field, "Sig1");
    assert_eq!(sig.signer.as_deref(), Some("Åsa Öberg"));
    assert_eq!(sig.sub_filter, "/ETSI.CAdES.detached");
    assert!(
        sig.intact && sig.valid && sig.trusted && sig.bottom_line,
        "{sig:#?}"
    );
    assert!(
        sig.covers_whole_file() && sig.only_signed_after(),
        "{sig:#?}"
    );
    let seen = pdfsig(&once);
    let [first] = &seen[..] else {
        panic!("pdfsig såg inte en signatur: {seen:#?}");
    };
    assert_eq!(first.field, "Sig1");
    assert_eq!(first.signer, "Åsa Öberg");
    assert_eq!(first.distinguished_name, "CN=Åsa Öberg");
    assert_eq!(first.signature_type, "ETSI.CAdES.detached");
    assert!(first.signature_valid(), "{}", first.raw);
    assert!(first.total_document_signed, "{}", first.raw);
    let signed_until = first.signed_ranges[0].1;

    // A second signature by someone else, by the legacy PKCS#12 file.
    let twice = project.path().join("tva.pdf");
    pyhanko_sign(&pki, &lars, true, "Sig2", &once, &twice);
    let report = pyhanko_validate(&twice, &pki.ca_pem);
    assert_eq!(report.revisions, 4, "{report:#?}");
    let [sig1, sig2] = &report.signatures[..] else {
        panic!("två signaturer väntades: {report:#?}");
    };
    assert_eq!(
        (sig1.signer.as_deref(), sig2.signer.as_deref()),
        (Some("Åsa Öberg"), Some("Lars Ärlig"))
    );
    for sig in [sig1, sig2] {
        assert!(
            sig.intact && sig.valid && sig.trusted && sig.bottom_line,
            "{sig:#?}"
        );
        assert!(sig.only_signed_after(), "{sig:#?}");
    }
    assert_eq!(sig1.coverage.as_deref(), Some("ENTIRE_REVISION"));
    assert_eq!(sig1.modification_level.as_deref(), Some("FORM_FILLING"));
    assert!(sig2.covers_whole_file(), "{sig2:#?}");
    let seen = pdfsig(&twice);
    let [first, second] = &seen[..] else {
        panic!("pdfsig såg inte två signaturer: {seen:#?}");
    };
    assert_eq!(
        (&*first.signer, &*second.signer),
        ("Åsa Öberg", "Lars Ärlig")
    );
    assert!(first.signature_valid() && second.signature_valid());
    assert!(!first.total_document_signed && second.total_document_signed);
    assert_eq!(first.signed_ranges[0].1, signed_until);

    // An incremental update after the signatures that turns the first
    // page: both signatures stay intact, and pyHanko sees the change.
    let turned = project.path().join("vriden.pdf");
    turn_first_page(&twice, &turned);
    let report = pyhanko_validate(&turned, &pki.ca_pem);
    assert_eq!(report.revisions, 5, "{report:#?}");
    assert_eq!(report.signatures.len(), 2, "{report:#?}");
    for sig in &report.signatures {
        assert!(sig.intact && sig.valid, "{sig:#?}");
        assert!(
            !sig.covers_whole_file() && !sig.only_signed_after(),
            "{sig:#?}"
        );
        assert!(!sig.bottom_line, "{sig:#?}");
    }
    let seen = pdfsig(&turned);
    assert_eq!(seen.len(), 2, "{seen:#?}");
    for sig in &seen {
        assert!(
            sig.signature_valid() && !sig.total_document_signed,
            "{}",
            sig.raw
        );
    }

    // One byte of the first revision changed: the first letter of the
    // title in the XMP metadata, far from any /Contents.
    let mut bytes = std::fs::read(&twice).unwrap();
    let title = find(&bytes, b"<dc:title>").expect("XMP-titeln");
    let at = title + find(&bytes[title..], b"Protokoll").unwrap();
    assert!((at as u64) < signed_until);
    bytes[at] ^= 0x20;
    let changed = project.path().join("andrad.pdf");
    std::fs::write(&changed, &bytes).unwrap();
    let report = pyhanko_validate(&changed, &pki.ca_pem);
    assert_eq!(report.signatures.len(), 2, "{report:#?}");
    for sig in &report.signatures {
        assert!(!sig.intact && !sig.bottom_line, "{sig:#?}");
    }
    let seen = pdfsig(&changed);
    assert_eq!(seen.len(), 2, "{seen:#?}");
    for sig in &seen {
        assert!(!sig.signature_valid(), "{}", sig.raw);
        assert_eq!(sig.signature_validation, "Digest Mismatch.", "{}", sig.raw);
    }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

impl TestPki {
    /// A timestamp authority (RFC 3161) with a certificate from the CA
    /// ("Testkommunens tidsstämpel", extendedKeyUsage timeStamping), served
    /// over HTTP on 127.0.0.1 by a thread that answers each query with
    /// `openssl ts -reply`. Returns its address.
    pub fn timestamp_authority(&self) -> String {
        self.openssl(
            Command::new("openssl")
                .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-config"])
                .arg(&self.config)
                .args([
                    "-keyout",
                    "tsa-key.pem",
                    "-utf8",
                    "-subj",
                    "/CN=Testkommunens tidsstämpel",
                ])
                .args(["-out", "tsa.csr"]),
        );
        self.issue(Path::new("tsa.csr"), "tsa_cert", Path::new("tsa.pem"));
        std::fs::write(self.dir.join("tsa-serial.txt"), "01\n").unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}/", listener.local_addr().unwrap());
        let (dir, config) = (self.dir.clone(), self.config.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                answer_timestamp_query(stream, &dir, &config);
            }
        });
        address
    }
}

/// Reads one HTTP POST with a timestamp query and answers it.
fn answer_timestamp_query(mut stream: std::net::TcpStream, dir: &Path, config: &Path) {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut query = vec![0; length];
    reader.read_exact(&mut query).unwrap();
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let (query_file, reply_file) = (dir.join(format!("q{n}.tsq")), dir.join(format!("r{n}.tsr")));
    std::fs::write(&query_file, query).unwrap();
    let output = Command::new("openssl")
        .args(["ts", "-reply", "-config"])
        .arg(config)
        .arg("-queryfile")
        .arg(&query_file)
        .arg("-out")
        .arg(&reply_file)
        .current_dir(dir)
        .env("OPENSSL_CONF", config)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reply = std::fs::read(&reply_file).unwrap();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&reply).unwrap();
}

/// A signature's timestamp as pyHanko checked it.
#[derive(Debug, serde::Deserialize)]
pub struct PyhankoTimestamp {
    pub intact: bool,
    pub valid: bool,
    pub trusted: bool,
    pub time: Option<String>,
}

/// Writes `to`: `from` with an incremental update after everything in it
/// that turns its first page (`/Rotate 90`), a change that is no signature.
pub fn turn_first_page(from: &Path, to: &Path) {
    let mut update = lopdf::IncrementalDocument::load(from).unwrap();
    let page = *update.get_prev_documents().get_pages().get(&1).unwrap();
    update.opt_clone_object_to_new_document(page).unwrap();
    update
        .new_document
        .get_dictionary_mut(page)
        .unwrap()
        .set("Rotate", 90);
    update.save(to).unwrap();
}
