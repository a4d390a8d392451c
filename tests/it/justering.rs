//! Digital justering on the example's 2026-11-12 protokoll: three people
//! sign with `kallelse justera` (RSA and ECDSA P-256), and every signed
//! file is validated by pyHanko and pdfsig as well as by `kallelse
//! verifiera`; a changed byte, a later change and every refusal are caught.

use std::path::PathBuf;

use crate::signatur_stod::{KeyKind, Signer, TestPki, pdfsig, pyhanko_validate, turn_first_page};
use crate::support::{Pdf, Project, Run, compact};

const MEETING: &str = "content/socialnamnden/2026-11-12";
const PDF: &str = "output/socialnamnden/2026-11-12/protokoll.pdf";
const SEKRETERARE: &str = "Johan Åkerlund";
const ORDFORANDE: &str = "Karin Lindqvist";
const JUSTERARE: &str = "Mikael Sandström";

/// When a test signs, as `KALLELSE_UNDERSKRIFTSTID` (seconds since 1970):
/// Friday 2026-11-20 at 15:00, and Monday 2026-11-23 at 09:00 and 10:00,
/// Swedish time; the justering was planned for Thursday 2026-11-19.
const FRIDAY: &str = "1795183200";
const MONDAY_NINE: &str = "1795420800";
const MONDAY_TEN: &str = "1795424400";

/// The example with its protokoll built and a test PKI beside it; every
/// command runs with `env`.
struct Signing {
    project: Project,
    pki: TestPki,
    env: Vec<(&'static str, &'static str)>,
}

impl Signing {
    fn new() -> Signing {
        Signing::with_env(&[])
    }

    fn with_env(env: &[(&'static str, &'static str)]) -> Signing {
        let project = Project::example();
        let signing = Signing {
            pki: TestPki::new(&project.path().join("pki")),
            project,
            env: env.to_vec(),
        };
        signing.run(&["protokoll", MEETING]).success();
        signing
    }

    fn run(&self, args: &[&str]) -> Run {
        self.project.run_with_env(args, &self.env)
    }

    fn pdf(&self) -> PathBuf {
        self.project.path().join(PDF)
    }

    fn sign(&self, name: &str, signer: &Signer) -> Run {
        self.sign_with_password(name, signer, "hemligt")
    }

    /// `name` signs at `epoch` (`KALLELSE_UNDERSKRIFTSTID`).
    fn sign_at(&self, name: &str, kind: KeyKind, epoch: &str) -> Run {
        let signer = self.pki.person(name, kind);
        let p12 = signer.p12.to_str().unwrap();
        let mut env = self.env.clone();
        env.extend([
            ("KALLELSE_LOSENORD", "hemligt"),
            ("KALLELSE_UNDERSKRIFTSTID", epoch),
        ]);
        self.project.run_with_env(
            &["justera", MEETING, "--namn", name, "--certifikat", p12],
            &env,
        )
    }

    fn sign_with_password(&self, name: &str, signer: &Signer, password: &str) -> Run {
        let p12 = signer.p12.to_str().unwrap();
        let mut env = self.env.clone();
        env.push(("KALLELSE_LOSENORD", password));
        self.project.run_with_env(
            &["justera", MEETING, "--namn", name, "--certifikat", p12],
            &env,
        )
    }

    /// Changes the meeting's protokoll.yaml: `from` becomes `to`.
    fn edit_protokoll(&self, from: &str, to: &str) {
        let yaml = self.project.path().join(MEETING).join("protokoll.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&yaml, text.replace(from, to)).unwrap();
    }

    fn verify(&self) -> Run {
        let ca = self.pki.ca_pem.to_str().unwrap();
        self.run(&["verifiera", MEETING, "--betrodda", ca])
    }

    /// All three have signed; the output of the last signature.
    fn signed_by_all(&self) -> Run {
        let people = [
            (SEKRETERARE, KeyKind::Rsa),
            (ORDFORANDE, KeyKind::EcdsaP256),
            (JUSTERARE, KeyKind::Rsa),
        ];
        let mut last = None;
        for (name, kind) in people {
            let run = self.sign(name, &self.pki.person(name, kind));
            assert_eq!(run.code(), 0, "{}", run.stderr());
            last = Some(run);
        }
        last.unwrap()
    }
}

/// Today in Sweden: the day of a signature made now.
fn swedish_today() -> String {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .format("%Y-%m-%d")
        .to_string()
}

/// A run that was refused, and left the protokoll byte-identical.
fn assert_refused(signing: &Signing, before: &[u8], run: &Run, message: &str) {
    assert_eq!(run.code(), 1, "{}{}", run.stdout(), run.stderr());
    assert!(run.stderr().contains(message), "{}", run.stderr());
    assert_eq!(std::fs::read(signing.pdf()).unwrap(), before, "{message}");
}

#[test]
fn three_signatures_validate_in_pyhanko_pdfsig_and_verifiera() {
    let signing = Signing::new();
    let unsigned = std::fs::read(signing.pdf()).unwrap();
    let first = signing.sign(SEKRETERARE, &signing.pki.person(SEKRETERARE, KeyKind::Rsa));
    assert_eq!(first.code(), 0, "{}", first.stderr());
    assert!(first.stdout().contains(
        "Kvar att skriva under: Karin Lindqvist (ordförande), Mikael Sandström (justerare)"
    ));
    // Not all have signed yet: verifiera says who is missing and fails.
    let partly = signing.verify();
    assert_eq!(partly.code(), 1, "{}", partly.stdout());
    assert!(partly.stdout().contains(
        "Har inte skrivit under: Karin Lindqvist (ordförande), Mikael Sandström (justerare)"
    ));

    let mut last = None;
    for (name, kind) in [(ORDFORANDE, KeyKind::EcdsaP256), (JUSTERARE, KeyKind::Rsa)] {
        let run = signing.sign(name, &signing.pki.person(name, kind));
        assert_eq!(run.code(), 0, "{}", run.stderr());
        last = Some(run);
    }
    // The last signature is the justering: its day is not the one planned
    // (2026-11-19), and it is past the 14 days of Kommunallagen 5:69.
    let last = last.unwrap();
    let today = swedish_today();
    for said in [
        format!(
            "protokollet justerades digitalt {today}, men justeringen står som 2026-11-19 i protokoll.yaml"
        ),
        format!("protokollet justerades {today}, efter 2026-11-26, den sista dagen för justering"),
    ] {
        assert!(last.stderr().contains(&said), "{said}\n{}", last.stderr());
    }
    assert!(
        last.stdout().contains(&format!(
            "Alla har skrivit under: protokollet är justerat {today}."
        )),
        "{}",
        last.stdout()
    );
    let signed = std::fs::read(signing.pdf()).unwrap();
    // An incremental update: the unsigned file is the start of the signed one.
    assert!(signed.starts_with(&unsigned));
    // The signatures change nothing the file said before: its structure
    // tree, language and standards claims are those of the unsigned file.
    let document = lopdf::Document::load_mem(&signed).unwrap();
    let catalog = document.catalog().unwrap();
    for key in [
        b"StructTreeRoot".as_slice(),
        b"MarkInfo",
        b"Lang",
        b"Metadata",
    ] {
        assert!(catalog.get(key).is_ok(), "{}", String::from_utf8_lossy(key));
    }
    for claim in [b"pdfaid:part".as_slice(), b"pdfuaid:part"] {
        assert_eq!(find(&signed, claim), find(&unsigned, claim));
    }

    let verified = signing.verify();
    let out = verified.stdout();
    assert_eq!(verified.code(), 0, "{out}{}", verified.stderr());
    for line in [
        "1. Sekreterare: Johan Åkerlund",
        "2. Ordförande: Karin Lindqvist",
        "3. Justerare: Mikael Sandström",
        "oförändrad, täcker version 3 av 5, certifikatet är betrott",
        "oförändrad, täcker hela filen, certifikatet är betrott",
        "Justering av protokollet som ordförande",
        "Inget annat än underskrifter har lagts till efter den första.",
        "Det underskrivna protokollet är byte för byte det som källorna bygger i dag.",
        "Underskrifterna håller.",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }

    let report = pyhanko_validate(&signing.pdf(), &signing.pki.ca_pem);
    let names: Vec<_> = report
        .signatures
        .iter()
        .map(|s| s.signer.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, [SEKRETERARE, ORDFORANDE, JUSTERARE], "{report:#?}");
    for sig in &report.signatures {
        assert!(
            sig.intact && sig.valid && sig.trusted && sig.bottom_line,
            "{sig:#?}"
        );
        assert!(sig.only_signed_after(), "{sig:#?}");
        assert_eq!(sig.sub_filter, "/ETSI.CAdES.detached");
        assert_eq!(sig.md_algorithm, "sha256");
    }
    assert!(report.signatures[2].covers_whole_file());
    let seen = pdfsig(&signing.pdf());
    let names: Vec<_> = seen
        .iter()
        .map(|s| (s.field.as_str(), s.signer.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Sekreterare", SEKRETERARE),
            ("Ordförande", ORDFORANDE),
            ("Justerare", JUSTERARE)
        ]
    );
    assert!(seen.iter().all(|s| s.signature_valid()), "{seen:#?}");
    assert!(seen[2].total_document_signed && !seen[0].total_document_signed);
}

#[test]
fn a_changed_byte_or_a_later_change_is_caught() {
    let signing = Signing::new();
    signing.signed_by_all();
    let signed = std::fs::read(signing.pdf()).unwrap();

    // One byte of the first revision: the first letter of the XMP title.
    let title = find(&signed, b"<dc:title>").unwrap();
    let at = title + find(&signed[title..], b"Protokoll").unwrap();
    let mut changed = signed.clone();
    changed[at] ^= 0x01;
    std::fs::write(signing.pdf(), &changed).unwrap();
    let run = signing.verify();
    assert_eq!(run.code(), 1);
    assert!(
        run.stdout().contains("1. Sekreterare: Johan Åkerlund"),
        "{}",
        run.stdout()
    );
    assert!(run.stdout().contains("BRUTEN"), "{}", run.stdout());
    assert!(
        run.stdout()
            .contains("det underskrivna innehållet har ändrats")
    );
    let report = pyhanko_validate(&signing.pdf(), &signing.pki.ca_pem);
    assert!(report.signatures.iter().all(|s| !s.intact), "{report:#?}");
    // Nor is a broken protokoll kept by a build (or archived).
    let rebuilt = signing.run(&["protokoll", MEETING]);
    assert_refused(
        &signing,
        &changed,
        &rebuilt,
        "men en underskrift håller inte längre",
    );

    // A page turned in an update after the signatures: every signature is
    // intact, but the change is named.
    let turned = signing.project.path().join("vriden.pdf");
    std::fs::write(signing.pdf(), &signed).unwrap();
    turn_first_page(&signing.pdf(), &turned);
    let ca = signing.pki.ca_pem.to_str().unwrap();
    let run = signing
        .project
        .run(&["verifiera", turned.to_str().unwrap(), "--betrodda", ca]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert!(
        run.stdout()
            .contains("ändrades efter den första underskriften"),
        "{}",
        run.stdout()
    );
    assert!(!run.stdout().contains("BRUTEN"), "{}", run.stdout());
}

#[test]
fn the_sources_prove_the_signed_protokoll() {
    let signing = Signing::new();
    signing.signed_by_all();
    // A protokoll that has been signed is never rebuilt over: while its
    // sources build what was signed, it is kept as it is.
    let before = std::fs::read(signing.pdf()).unwrap();
    let kept = signing.run(&["protokoll", MEETING]).success();
    assert!(
        kept.stdout()
            .contains("Behöll output/socialnamnden/2026-11-12/protokoll.pdf: det är underskrivet"),
        "{}",
        kept.stdout()
    );
    assert_eq!(std::fs::read(signing.pdf()).unwrap(), before);

    // The sources changed after the justering: verifiera says so.
    signing.edit_protokoll("Stadshuset, kommunledningskontoret", "Stadshuset, rum 2");
    let run = signing.verify();
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert!(
        run.stdout()
            .contains("fel: det underskrivna protokollet är inte det som källorna bygger i dag"),
        "{}",
        run.stdout()
    );
    // And the protokoll is not built over it.
    let rebuilt = signing.run(&["protokoll", MEETING]);
    assert_refused(
        &signing,
        &before,
        &rebuilt,
        "är underskrivet av Johan Åkerlund, Karin Lindqvist, Mikael Sandström och byggs inte om: källorna har ändrats sedan det skrevs under",
    );
}

#[test]
fn the_anslag_follows_the_last_signature() {
    let signing = Signing::new();
    let out = "output/socialnamnden/2026-11-12";
    // The ordförande signs first, on Friday; the justerare and the
    // sekreterare on Monday: the justering is the last signature's day.
    let first = signing
        .sign_at(ORDFORANDE, KeyKind::EcdsaP256, FRIDAY)
        .success();
    assert!(first.stderr().contains(
        "varning: underskriften är daterad 2026-11-20 15:00 (svensk tid) av KALLELSE_UNDERSKRIFTSTID"
    ), "{}", first.stderr());
    signing
        .sign_at(JUSTERARE, KeyKind::Rsa, MONDAY_NINE)
        .success();
    let last = signing
        .sign_at(SEKRETERARE, KeyKind::Rsa, MONDAY_TEN)
        .success();
    for said in [
        "Alla har skrivit under: protokollet är justerat 2026-11-23.",
        "Behöll output/socialnamnden/2026-11-12/protokoll.pdf: det är underskrivet",
        "Protokollet justerades digitalt 2026-11-23; anslaget räknas från den dagen",
        // Up the working day after, three weeks on the board; § 119 was
        // justerad at the meeting and keeps its own anslag.
        "Bevis om justering: anslås 2026-11-24, tas ned 2026-12-15",
        "Bevis om omedelbar justering: anslås 2026-11-13, tas ned 2026-12-04",
    ] {
        assert!(last.stdout().contains(said), "{said}\n{}", last.stdout());
    }
    assert!(last.stderr().contains(
        "protokollet justerades digitalt 2026-11-23, men justeringen står som 2026-11-19"
    ));
    let anslag = compact(&Pdf::open(&signing.project.path().join(out).join("anslag.pdf")).text());
    for said in [
        "Justerat2026-11-23",
        "Anslagetsättsupp2026-11-24",
        "Anslagettasned2026-12-15",
    ] {
        assert!(anslag.contains(said), "{said}\n{anslag}");
    }
    let utdrag = std::fs::read_dir(signing.project.path().join(out).join("utdrag"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("§121.pdf"))
        .expect("utdraget av § 121");
    let utdrag = compact(&Pdf::open(&utdrag).text());
    assert!(utdrag.contains("Justerat2026-11-23,digitalt"), "{utdrag}");
    // The signed protokoll still proves its sources, and says the day it
    // was planned for.
    signing.verify().success();

    // The web version and the site count from it too.
    signing.run(&["publicera", MEETING]).success();
    let json: serde_json::Value = serde_json::from_str(
        &signing
            .project
            .read(&format!("{out}/webb/sammantrade.json")),
    )
    .unwrap();
    assert!(crate::support::web_schema_errors(&json).is_empty());
    assert_eq!(json["digitalJustering"]["datum"], "2026-11-23");
    let signed: Vec<(&str, &str)> = json["digitalJustering"]["underskrifter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["namn"].as_str().unwrap(), u["datum"].as_str().unwrap()))
        .collect();
    assert_eq!(
        signed,
        [
            (ORDFORANDE, "2026-11-20"),
            (JUSTERARE, "2026-11-23"),
            (SEKRETERARE, "2026-11-23")
        ]
    );
    let anslag = json["anslag"].as_array().unwrap();
    let protokollets = anslag
        .iter()
        .find(|a| a["rubrik"] == "Bevis om justering")
        .unwrap();
    assert_eq!(protokollets["justerad"], "2026-11-23");
    assert_eq!(protokollets["uppsatt"], "2026-11-24");
    assert_eq!(protokollets["tasNed"], "2026-12-15");
    let board = |day: &str| {
        signing.run(&["webbplats", "--datum", day]).success();
        signing
            .project
            .read("output/webbplats/anslagstavla/index.html")
    };
    // Planned, the anslag would have gone up on 2026-11-20.
    let paragrafer = "§§ 112–118, 120–122";
    assert!(!board("2026-11-20").contains(paragrafer), "ännu inte uppe");
    assert!(board("2026-11-24").contains(paragrafer));
}

#[test]
fn the_anslag_is_checked_against_the_last_signature() {
    // protokoll.yaml puts the anslag up on 2026-11-20, the day after the
    // planned justering; the justering happens on Monday 2026-11-23. The
    // signed protokoll shows the planned dates; the anslag on the board is
    // counted from the real day, and the difference is said.
    let signing = Signing::new();
    signing.edit_protokoll("anslag:\n", "anslag:\n  datum: 2026-11-20\n");
    signing.run(&["protokoll", MEETING]).success();
    signing
        .sign_at(SEKRETERARE, KeyKind::Rsa, MONDAY_NINE)
        .success();
    signing
        .sign_at(ORDFORANDE, KeyKind::Rsa, MONDAY_NINE)
        .success();
    let last = signing
        .sign_at(JUSTERARE, KeyKind::Rsa, MONDAY_TEN)
        .success();
    for said in [
        "varning: anslaget sätts upp 2026-11-20 före justeringen 2026-11-23\n  --> content/socialnamnden/2026-11-12/protokoll.yaml:18:10",
        "varning: protokollet justerades digitalt 2026-11-23 (den sista underskriften); anslaget räknas därför från den dagen och sitter uppe 2026-11-24–2026-12-15",
    ] {
        assert!(last.stderr().contains(said), "{said}\n{}", last.stderr());
    }
    assert!(
        last.stdout()
            .contains("Bevis om justering: anslås 2026-11-24, tas ned 2026-12-15")
    );
    let anslag = compact(
        &Pdf::open(
            &signing
                .project
                .path()
                .join("output/socialnamnden/2026-11-12/anslag.pdf"),
        )
        .text(),
    );
    assert!(anslag.contains("Anslagetsättsupp2026-11-24"), "{anslag}");
    // The protokoll still proves its sources, and the web version follows.
    signing.verify().success();
    let web = signing.run(&["publicera", MEETING]).success();
    assert!(
        web.stderr()
            .contains("anslaget sätts upp 2026-11-20 före justeringen 2026-11-23")
    );
}

#[test]
fn refusals_leave_the_protokoll_untouched() {
    let signing = Signing::new();
    let before = std::fs::read(signing.pdf()).unwrap();
    let pki = &signing.pki;

    let stranger = pki.person("Anna Berg", KeyKind::Rsa);
    let run = signing.sign("Anna Berg", &stranger);
    assert_refused(
        &signing,
        &before,
        &run,
        "Anna Berg ska inte justera protokollet",
    );
    let run = signing.sign("Mikael Sandstrom", &pki.person(JUSTERARE, KeyKind::Rsa));
    assert_refused(&signing, &before, &run, "menade du `Mikael Sandström`?");

    let run = signing.sign(ORDFORANDE, &pki.person(SEKRETERARE, KeyKind::Rsa));
    assert_refused(
        &signing,
        &before,
        &run,
        "certifikatet är utfärdat till \"Johan Åkerlund\", inte till Karin Lindqvist",
    );

    let sekreterare = pki.person(SEKRETERARE, KeyKind::EcdsaP256);
    let run = signing.sign_with_password(SEKRETERARE, &sekreterare, "fel");
    assert_refused(&signing, &before, &run, "fel lösenord till certifikatfilen");

    let run = signing.sign(SEKRETERARE, &sekreterare);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let once = std::fs::read(signing.pdf()).unwrap();
    let run = signing.sign(SEKRETERARE, &sekreterare);
    assert_refused(
        &signing,
        &once,
        &run,
        "Johan Åkerlund har redan justerat protokollet",
    );

    // A protokoll with errors is not signed.
    signing.edit_protokoll(
        "justerare: [Mikael Sandström]",
        "justerare: [Mikael Sandberg]",
    );
    let run = signing.sign(ORDFORANDE, &pki.person(ORDFORANDE, KeyKind::Rsa));
    assert_refused(
        &signing,
        &once,
        &run,
        "`Mikael Sandberg` är varken ledamot eller ersättare",
    );
}

/// The signature fields of a protokoll as PDF/UA-1 and PDF/A-2 want them:
/// each an invisible, printable widget on the first page, named for a
/// signer, and tagged: its `/StructParent` leads through the parent tree to
/// a `Form` element whose object reference is the widget.
fn assert_tagged_fields(bytes: &[u8]) -> Vec<String> {
    crate::support::assert_claims_pdfa_and_pdfua(bytes);
    let document = lopdf::Document::load_mem(bytes).unwrap();
    let deref = |o: &lopdf::Object| -> lopdf::Object {
        match o {
            lopdf::Object::Reference(id) => document.get_object(*id).unwrap().clone(),
            other => other.clone(),
        }
    };
    let catalog = document.catalog().unwrap();
    let form = deref(catalog.get(b"AcroForm").unwrap());
    let tree = deref(catalog.get(b"StructTreeRoot").unwrap());
    let nums = deref(tree.as_dict().unwrap().get(b"ParentTree").unwrap())
        .as_dict()
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let first_page = *document.get_pages().get(&1).unwrap();
    let page = document.get_dictionary(first_page).unwrap();
    assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
    let annots = page.get(b"Annots").unwrap().as_array().unwrap();
    let mut names = Vec::new();
    for field in form
        .as_dict()
        .unwrap()
        .get(b"Fields")
        .unwrap()
        .as_array()
        .unwrap()
    {
        let id = field.as_reference().unwrap();
        assert!(annots.contains(field), "fältet ska ligga på första sidan");
        let widget = document.get_dictionary(id).unwrap();
        assert_eq!(
            widget.get(b"Subtype").unwrap().as_name().unwrap(),
            b"Widget"
        );
        // Printable and locked, not hidden: PDF/A-2 6.3.2.
        assert_eq!(widget.get(b"F").unwrap().as_i64().unwrap(), 132);
        let rect: Vec<f32> = widget
            .get(b"Rect")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_float().unwrap())
            .collect();
        assert_eq!(rect, [0.0; 4], "osynligt fält, utan utseende");
        assert!(
            lopdf::decode_text_string(widget.get(b"TU").unwrap())
                .unwrap()
                .starts_with("Underskrift av ")
        );
        let key = widget.get(b"StructParent").unwrap().as_i64().unwrap();
        let at = nums
            .chunks(2)
            .find(|pair| pair[0].as_i64().unwrap() == key)
            .expect("fältet finns i strukturträdets ParentTree");
        let element = deref(&at[1]);
        let element = element.as_dict().unwrap();
        assert_eq!(element.get(b"S").unwrap().as_name().unwrap(), b"Form");
        let objr = deref(element.get(b"K").unwrap());
        assert_eq!(
            objr.as_dict()
                .unwrap()
                .get(b"Obj")
                .unwrap()
                .as_reference()
                .unwrap(),
            id
        );
        names.push(lopdf::decode_text_string(widget.get(b"T").unwrap()).unwrap());
    }
    names
}

#[test]
fn the_signature_fields_are_tagged_from_the_start() {
    let signing = Signing::new();
    let unsigned = std::fs::read(signing.pdf()).unwrap();
    assert_eq!(
        assert_tagged_fields(&unsigned),
        ["Sekreterare", "Ordförande", "Justerare"]
    );
    signing.signed_by_all();
    let signed = std::fs::read(signing.pdf()).unwrap();
    assert_eq!(assert_tagged_fields(&signed).len(), 3);
    // pdfsig sees three fields before anyone signs, none of them signed.
    std::fs::write(signing.project.path().join("osignerat.pdf"), &unsigned).unwrap();
    let listed = std::process::Command::new("pdfsig")
        .arg(signing.project.path().join("osignerat.pdf"))
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert_eq!(
        listed
            .matches("The signature form field is not signed.")
            .count(),
        3,
        "{listed}"
    );
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Signs the prepared digest as a signing service would: `openssl pkeyutl
/// -sign` with the signer's key, over the SHA-256 `justera --förbered` wrote.
fn service_signature(signing: &Signing, name: &str, key_pem: &std::path::Path) -> PathBuf {
    let stem = name
        .to_lowercase()
        .replace(' ', "-")
        .replace('å', "a")
        .replace('ö', "o");
    let dir = signing
        .project
        .path()
        .join("output/socialnamnden/2026-11-12/underskrift");
    let hex = std::fs::read_to_string(dir.join(format!("{stem}.sha256"))).unwrap();
    let digest: Vec<u8> = (0..64)
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex.trim()[i..i + 2], 16).unwrap())
        .collect();
    let digest_file = signing.project.path().join(format!("{stem}.digest"));
    std::fs::write(&digest_file, digest).unwrap();
    let value = signing.project.path().join(format!("{stem}.sig"));
    let status = std::process::Command::new("openssl")
        .args(["pkeyutl", "-sign", "-pkeyopt", "digest:sha256", "-inkey"])
        .arg(key_pem)
        .arg("-in")
        .arg(&digest_file)
        .arg("-out")
        .arg(&value)
        .status()
        .unwrap();
    assert!(status.success());
    value
}

#[test]
fn a_signing_service_signs_what_justera_prepares() {
    let signing = Signing::new();
    let before = std::fs::read(signing.pdf()).unwrap();
    for (name, kind) in [
        (ORDFORANDE, KeyKind::EcdsaP256),
        (SEKRETERARE, KeyKind::Rsa),
    ] {
        let signer = signing.pki.person(name, kind);
        let pem = signer.cert_pem.to_str().unwrap();
        let prepared = signing.project.run(&[
            "justera",
            MEETING,
            "--namn",
            name,
            "--förbered",
            "--certifikat-pem",
            pem,
        ]);
        assert_eq!(prepared.code(), 0, "{}", prepared.stderr());
        assert!(
            prepared.stdout().contains("SHA-256: "),
            "{}",
            prepared.stdout()
        );
        if name == ORDFORANDE {
            // Preparing writes beside the protokoll and leaves it as it was.
            assert_eq!(std::fs::read(signing.pdf()).unwrap(), before);
            // A value the service did not make for this (another key) is refused.
            let other = signing.pki.person(name, KeyKind::EcdsaP256);
            let wrong = service_signature(&signing, name, &other.key_pem);
            let run = signing.project.run(&[
                "justera",
                MEETING,
                "--namn",
                name,
                "--signaturvärde",
                wrong.to_str().unwrap(),
            ]);
            assert_refused(
                &signing,
                &before,
                &run,
                "den nya underskriften håller inte vid kontroll",
            );
        }
        let value = service_signature(&signing, name, &signer.key_pem);
        let run = signing.project.run(&[
            "justera",
            MEETING,
            "--namn",
            name,
            "--signaturvärde",
            value.to_str().unwrap(),
        ]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
    }
    let report = pyhanko_validate(&signing.pdf(), &signing.pki.ca_pem);
    let names: Vec<_> = report
        .signatures
        .iter()
        .map(|s| s.signer.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, [ORDFORANDE, SEKRETERARE], "{report:#?}");
    assert!(
        report
            .signatures
            .iter()
            .all(|s| s.intact && s.trusted && s.bottom_line),
        "{report:#?}"
    );
    assert!(pdfsig(&signing.pdf()).iter().all(|s| s.signature_valid()));
}

#[test]
fn the_web_version_says_the_protokoll_is_justerat_digitalt() {
    let signing = Signing::new();
    let web = "output/socialnamnden/2026-11-12/webb";
    let publish = || {
        let run = signing.project.run(&["publicera", MEETING]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
    };
    // One signature is not a justering.
    let run = signing.sign(SEKRETERARE, &signing.pki.person(SEKRETERARE, KeyKind::Rsa));
    assert_eq!(run.code(), 0, "{}", run.stderr());
    publish();
    assert!(
        !signing
            .project
            .read(&format!("{web}/index.html"))
            .contains("justerat digitalt")
    );
    let site = || {
        let run = signing.project.run(&["webbplats", "--datum", "2026-11-20"]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
        signing
            .project
            .read("output/webbplats/socialnamnden/2026-11-12/index.html")
    };
    assert!(!site().contains("justerat digitalt"));

    for (name, kind) in [(ORDFORANDE, KeyKind::Rsa), (JUSTERARE, KeyKind::EcdsaP256)] {
        let run = signing.sign(name, &signing.pki.person(name, kind));
        assert_eq!(run.code(), 0, "{}", run.stderr());
    }
    publish();
    let today = swedish_today();
    let html = signing.project.read(&format!("{web}/index.html"));
    let said = format!(
        "Protokollet är justerat digitalt: Johan Åkerlund (sekreterare) {today}, Karin Lindqvist (ordförande) {today}, Mikael Sandström (justerare) {today}."
    );
    assert!(html.contains(&said), "{html}");
    let json: serde_json::Value =
        serde_json::from_str(&signing.project.read(&format!("{web}/sammantrade.json"))).unwrap();
    let errors = crate::support::web_schema_errors(&json);
    assert!(errors.is_empty(), "{errors:?}");
    let signers = &json["digitalJustering"]["underskrifter"];
    assert_eq!(signers[1]["namn"], ORDFORANDE);
    assert_eq!(signers[1]["roll"], "ordförande");
    // The site's page of the meeting says it too: the signatures made
    // its page be built again.
    let page = site();
    assert!(page.contains(&said), "{page}");
}

#[test]
fn a_timestamp_authority_stamps_the_signature() {
    let signing = Signing::new();
    let before = std::fs::read(signing.pdf()).unwrap();
    let signer = signing.pki.person(SEKRETERARE, KeyKind::Rsa);
    let p12 = signer.p12.to_str().unwrap();
    let with_tsa = |url: &str| {
        signing.project.run_with_env(
            &[
                "justera",
                MEETING,
                "--namn",
                SEKRETERARE,
                "--certifikat",
                p12,
                "--tidsstampel",
                url,
            ],
            &[("KALLELSE_LOSENORD", "hemligt")],
        )
    };
    // No authority answers: nothing is signed.
    let run = with_tsa("http://127.0.0.1:1/");
    assert_refused(
        &signing,
        &before,
        &run,
        "tidsstämpeltjänsten http://127.0.0.1:1/ svarade inte",
    );

    let url = signing.pki.timestamp_authority();
    let run = with_tsa(&url);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let verified = signing.verify();
    assert!(
        verified
            .stdout()
            .contains("av Testkommunens tidsstämpel (betrodd)"),
        "{}",
        verified.stdout()
    );
    let report = pyhanko_validate(&signing.pdf(), &signing.pki.ca_pem);
    let sig = &report.signatures[0];
    assert!(sig.intact && sig.trusted, "{sig:#?}");
    let stamp = sig
        .timestamp
        .as_ref()
        .expect("pyHanko ser ingen tidsstämpel");
    assert!(stamp.intact && stamp.valid && stamp.trusted, "{stamp:#?}");
}
