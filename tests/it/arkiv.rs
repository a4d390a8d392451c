//! The e-arkiv: `kallelse arkivera` on the example. Every package is
//! checked by the E-ARK validator (eark-validator, through
//! tests/arkiv/validera.py, which also checks every METS file's sizes and
//! checksums) and its METS, PREMIS and ERMS files by xmllint against the
//! package's schemas, without a network; then by what an archivist needs:
//! every document, the signed protokoll, the secrets marked, the sources
//! that rebuild the kallelse, and the same bytes from the same sources.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::signatur_stod::{KeyKind, TestPki};
use crate::support::{Pdf, Project, compact, repo};

const MEETING: &str = "content/socialnamnden/2026-11-12";
const ARENDE: &str =
    "content/socialnamnden/2026-11-12/arenden/03-revidering-riktlinjer-ekonomiskt-bistand.yaml";
const OUT: &str = "output/socialnamnden/2026-11-12";
const DOKUMENT: &str = "representations/dokument-2026-11-12";

/// What validera.py says of one package.
#[derive(Debug, serde::Deserialize)]
struct Validated {
    giltigt: bool,
    fel: usize,
    varningar: usize,
    meddelanden: Vec<serde_json::Value>,
}

/// Runs the E-ARK validator on a package folder or tar file.
fn eark_validate(package: &Path) -> Validated {
    let out = Command::new(repo().join("tests/arkiv/.venv/bin/python"))
        .arg(repo().join("tests/arkiv/validera.py"))
        .arg(package)
        .output()
        .expect("tests/arkiv/.venv saknas: kör tests/forbered.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    serde_json::from_value(report["paket"][0].clone()).unwrap()
}

/// Asserts that the package passes eark-validator with no errors and no
/// warnings, and that xmllint finds every METS, PREMIS and ERMS file valid
/// against the schemas, with no network.
fn assert_valid(package: &Path) {
    let report = eark_validate(package);
    let problems: Vec<_> = report
        .meddelanden
        .iter()
        .filter(|m| m.get("kant_fel").is_none() && m["niva"] != "Info")
        .collect();
    assert!(
        report.giltigt && report.fel == 0 && report.varningar == 0,
        "{problems:#?}"
    );
    if package.is_dir() {
        xmllint_all(package);
        schema_locations_resolve(package);
    }
}

/// Every `xsi:schemaLocation` in the package's XML names a schema inside
/// the package.
fn schema_locations_resolve(package: &Path) {
    let location = regex::Regex::new(r#"xsi:schemaLocation="([^"]+)""#).unwrap();
    for (name, bytes) in tree(package).iter().filter(|(n, _)| n.ends_with(".xml")) {
        let text = String::from_utf8_lossy(bytes);
        let Some(found) = location.captures(&text) else {
            panic!("{name} saknar xsi:schemaLocation");
        };
        let base = package.join(name).parent().unwrap().to_path_buf();
        for schema in found[1].split_whitespace().skip(1).step_by(2) {
            assert!(
                base.join(schema).is_file(),
                "{name}: {schema} finns inte i paketet"
            );
        }
    }
}

fn xmllint_all(package: &Path) {
    let schemas = repo().join("src/archive/schemas");
    let files = |pattern: &str| -> Vec<PathBuf> {
        walkdir::WalkDir::new(package)
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path())
            .filter(|p| p.to_string_lossy().ends_with(pattern))
            .collect()
    };
    for (schema, pattern) in [
        ("mets-csip-sip.xsd", "METS.xml"),
        ("premis.xsd", "PREMIS.xml"),
        ("ERMS.xsd", "ERMS.xml"),
    ] {
        let found = files(pattern);
        assert!(!found.is_empty(), "{pattern}");
        let out = Command::new("xmllint")
            .env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
            .args(["--nonet", "--noout", "--schema"])
            .arg(schemas.join(schema))
            .args(&found)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{schema}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The one package folder under output/arkiv.
fn package(project: &Project) -> PathBuf {
    let dir = project.path().join("output/arkiv");
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    let [one] = found.as_slice() else {
        panic!("ett paket väntades: {found:?}");
    };
    one.clone()
}

/// Every file of a folder by its path in it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The `mets:file` entries of a METS file: (href, size, checksum).
fn mets_files(mets: &str) -> Vec<(String, usize, String)> {
    let file = regex::Regex::new(
        r#"<mets:file ID="[^"]+" MIMETYPE="[^"]+" SIZE="(\d+)" CREATED="[^"]+" CHECKSUM="([0-9A-F]{64})" CHECKSUMTYPE="SHA-256">\s*<mets:FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="([^"]+)"/>"#,
    )
    .unwrap();
    file.captures_iter(mets)
        .map(|c| (c[3].to_owned(), c[1].parse().unwrap(), c[2].to_owned()))
        .collect()
}

fn percent_decoded(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&href[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Copies the sources representation `rep` of a package into an empty
/// folder and runs `args` there: the folder, and the package made there.
fn rebuilt(package: &Path, rep: &str, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let sources = package.join("representations").join(rep).join("data");
    for (name, bytes) in tree(&sources) {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kallelse"))
        .args(args)
        .current_dir(dir.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let made = dir
        .path()
        .join("output/arkiv")
        .join(package.file_name().unwrap());
    (dir, made)
}

#[test]
fn a_justerat_meeting_becomes_a_package_the_validator_accepts() {
    let project = Project::example();
    project.run(&["protokoll", MEETING]).success();
    let pki = TestPki::new(&project.path().join("pki"));
    for (i, (name, kind)) in [
        ("Johan Åkerlund", KeyKind::Rsa),
        ("Karin Lindqvist", KeyKind::EcdsaP256),
        ("Mikael Sandström", KeyKind::Rsa),
    ]
    .into_iter()
    .enumerate()
    {
        if i == 2 {
            // Two of three have signed: archived, and said.
            let partly = project.run(&["arkivera", MEETING]).success();
            assert!(
                partly
                    .stderr()
                    .contains("är inte justerat digitalt: alla har inte skrivit under"),
                "{}",
                partly.stderr()
            );
        }
        let signer = pki.person(name, kind);
        project
            .run_with_env(
                &[
                    "justera",
                    MEETING,
                    "--namn",
                    name,
                    "--certifikat",
                    signer.p12.to_str().unwrap(),
                ],
                &[("KALLELSE_LOSENORD", "hemligt")],
            )
            .success();
    }
    let run = project.run(&["arkivera", MEETING, "--tar"]).success();
    assert!(
        run.stdout().contains("Skrev output/arkiv/uuid-"),
        "{}",
        run.stdout()
    );
    assert!(!run.stderr().contains("justerat"), "{}", run.stderr());
    let package = package(&project);
    let objid = package.file_name().unwrap().to_string_lossy().into_owned();
    assert_valid(&package);
    assert_valid(&package.with_extension("tar"));

    // The root METS: the id, profile, package type, agents.
    let mets = std::fs::read_to_string(package.join("METS.xml")).unwrap();
    for said in [
        format!("OBJID=\"{objid}\""),
        "PROFILE=\"https://earksip.dilcis.eu/profile/E-ARK-SIP.xml\"".to_owned(),
        "csip:OAISPACKAGETYPE=\"SIP\"".to_owned(),
        "<mets:agent ROLE=\"ARCHIVIST\" TYPE=\"ORGANIZATION\">".to_owned(),
        format!("SOFTWARE VERSION\">{}</mets:note>", env!("CARGO_PKG_VERSION")),
        // The archivist's way in: each ärende with its decision.
        "TYPE=\"LOGICAL\"".to_owned(),
        "SN § 117 · Dnr SN26/17 · Revidering av riktlinjer för handläggning av ekonomiskt bistånd · Beslut: ".to_owned(),
    ] {
        assert!(mets.contains(&said), "{said}");
    }

    // Every METS file's sizes and checksums are those of the files.
    let files = tree(&package);
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with("METS.xml")) {
        let base = Path::new(name).parent().unwrap();
        let listed = mets_files(&String::from_utf8_lossy(text));
        assert!(!listed.is_empty(), "{name}");
        for (href, size, checksum) in listed {
            let path = base.join(percent_decoded(&href));
            let bytes = &files[&path.to_string_lossy().into_owned()];
            assert_eq!(bytes.len(), size, "{href}");
            let sum: String =
                sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(bytes))
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect();
            assert_eq!(sum, checksum, "{href}");
        }
    }

    // Every document the meeting produced is in it; the protokoll with
    // its signatures, byte for byte.
    let output = project.path().join(OUT);
    let document = |name: &str| &files[&format!("{DOKUMENT}/data/{name}")];
    assert_eq!(
        document("protokoll.pdf"),
        &std::fs::read(output.join("protokoll.pdf")).unwrap()
    );
    assert_eq!(
        document("anslag.pdf"),
        &std::fs::read(output.join("anslag.pdf")).unwrap()
    );
    for utdrag in std::fs::read_dir(output.join("utdrag")).unwrap() {
        let utdrag = utdrag.unwrap();
        let name = format!("utdrag/{}", utdrag.file_name().to_string_lossy());
        assert_eq!(
            document(&name),
            &std::fs::read(utdrag.path()).unwrap(),
            "{name}"
        );
    }
    assert!(files.contains_key(&format!(
        "{DOKUMENT}/data/bilagor/01-1-fordelning-av-foreningsbidrag-2027.pdf"
    )));
    let kallelse = Pdf::from_bytes(document("kallelse.pdf").clone());
    crate::support::assert_claims_pdfa_and_pdfua(document("kallelse.pdf"));
    assert!(kallelse.pages.len() > 10);

    // PREMIS knows the formats; ERMS the signatures and decisions.
    let premis = String::from_utf8_lossy(&files["metadata/preservation/PREMIS.xml"]).into_owned();
    assert!(premis.contains("<premis:formatVersion>PDF/A-2a</premis:formatVersion>"));
    assert!(premis.contains("<premis:formatRegistryKey>fmt/476</premis:formatRegistryKey>"));
    let erms = String::from_utf8_lossy(&files["metadata/descriptive/ERMS.xml"]).into_owned();
    for said in [
        "<eSignature present=\"true\"/>",
        "Justerat digitalt",
        "<objectId>SN26/17</objectId>",
        "<name>Emir Hasanović, Sakkunnig socialnämnden</name>",
        "<actionText>Socialnämnden beslutar att",
        "path=\"representations/dokument-2026-11-12/data/utdrag/SN-§117.pdf\"",
    ] {
        assert!(erms.contains(said), "{said}");
    }
    // The tar holds the same files under the package's folder.
    let tar = std::fs::read(package.with_extension("tar")).unwrap();
    let mut archive = tar::Archive::new(tar.as_slice());
    let names: Vec<String> = archive
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), files.len());
    assert!(names.iter().all(|n| n.starts_with(&format!("{objid}/"))));

    // The validator sees a changed byte.
    let kallelse = package.join(DOKUMENT).join("data/kallelse.pdf");
    let mut bytes = std::fs::read(&kallelse).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 1;
    std::fs::write(&kallelse, bytes).unwrap();
    let broken = eark_validate(&package);
    assert!(!broken.giltigt, "{broken:?}");
    assert!(
        broken
            .meddelanden
            .iter()
            .any(|m| m["regel"] == "FIL-CHECKSUM"
                && m["plats"].as_str().unwrap_or("").contains("kallelse.pdf")),
        "{broken:#?}"
    );
}

#[test]
fn secrets_are_kept_and_marked() {
    let project = Project::example();
    project.edit(
        ARENDE,
        "De reviderade riktlinjerna har stämts av",
        "<maskerad lagrum=\"26 kap. 1 § OSL\">Familjen Ek i Norrby</maskerad> De reviderade riktlinjerna har stämts av",
    );
    project.run(&["protokoll", MEETING]).success();
    let run = project.run(&["arkivera", MEETING]).success();
    assert!(
        run.stderr().contains("är inte justerat digitalt"),
        "{}",
        run.stderr()
    );
    let package = package(&project);
    assert_valid(&package);
    let files = tree(&package);
    // The archive keeps what is secret: the masked words and the secret
    // paragraph are in its documents.
    let kallelse =
        compact(&Pdf::from_bytes(files[&format!("{DOKUMENT}/data/kallelse.pdf")].clone()).text());
    assert!(kallelse.contains("FamiljenEkiNorrby"));
    let protokoll =
        compact(&Pdf::from_bytes(files[&format!("{DOKUMENT}/data/protokoll.pdf")].clone()).text());
    assert!(
        protokoll.contains("enligtförslagetihandlingSN26/34:6"),
        "{protokoll}"
    );
    // And marks it, with the lagrum.
    let erms = String::from_utf8_lossy(&files["metadata/descriptive/ERMS.xml"]).into_owned();
    // Each case file: its paragraph and the lagrum of its restrictions.
    let paragraph =
        regex::Regex::new(r#"<extraId extraIdType="paragraf">(SN § \d+)</extraId>"#).unwrap();
    let regulation = regex::Regex::new(
        r#"<restriction restrictionType="confidential">\s*<explanatoryText>[^<]+</explanatoryText>\s*<regulation>([^<]+)</regulation>"#,
    )
    .unwrap();
    let marked: Vec<(String, String)> = erms
        .split("<aggregation ")
        .filter_map(|case| {
            let p = paragraph.captures(case)?;
            Some(
                regulation
                    .captures_iter(case)
                    .map(|r| (p[1].to_owned(), r[1].to_owned()))
                    .collect::<Vec<_>>(),
            )
        })
        .flatten()
        .collect();
    assert!(
        marked.contains(&(
            "SN § 112".to_owned(),
            "26 kap. 1 § offentlighets- och sekretesslagen".to_owned()
        )),
        "{marked:?}"
    );
    assert!(
        marked.contains(&("SN § 117".to_owned(), "26 kap. 1 § OSL".to_owned())),
        "{marked:?}"
    );
    // Only those two.
    assert_eq!(marked.len(), 2, "{marked:?}");
    assert!(erms.contains("Uppgifter i texten är maskerade"));
}

#[test]
fn the_sources_rebuild_the_kallelse_and_the_same_sources_give_the_same_package() {
    let project = Project::example();
    project.run(&["protokoll", MEETING]).success();
    project.run(&["arkivera", MEETING, "--tar"]).success();
    let package = package(&project);
    let first = tree(&package);
    let first_tar = std::fs::read(package.with_extension("tar")).unwrap();

    // Again: the same bytes.
    project.run(&["arkivera", MEETING, "--tar"]).success();
    assert!(tree(&package) == first, "två körningar ska ge samma paket");
    assert!(std::fs::read(package.with_extension("tar")).unwrap() == first_tar);

    // The archived sources, on their own, rebuild the archived kallelse.
    let kallelse = format!("{DOKUMENT}/data/kallelse.pdf");
    let (_dir, again) = rebuilt(&package, "kallor-2026-11-12", &["arkivera", MEETING]);
    assert!(std::fs::read(again.join(&kallelse)).unwrap() == first[&kallelse]);

    // So do those of the next meeting, whose § numbers continue from this
    // protokoll: its package holds what they are counted from.
    let next = [
        "arkivera",
        "content/socialnamnden/2026-12-10",
        "--utan-protokoll",
    ];
    let out = project.run(&next).success();
    let folder = regex::Regex::new(r"Skrev output/arkiv/(uuid-[0-9a-f-]+)/")
        .unwrap()
        .captures(&out.stdout())
        .map(|c| c[1].to_owned())
        .unwrap();
    let next_package = project.path().join("output/arkiv").join(&folder);
    let next_kallelse = "representations/dokument-2026-12-10/data/kallelse.pdf";
    let archived = std::fs::read(next_package.join(next_kallelse)).unwrap();
    assert!(compact(&Pdf::from_bytes(archived.clone()).text()).contains("SN§128"));
    let (_dir, again) = rebuilt(&next_package, "kallor-2026-12-10", &next);
    assert!(
        std::fs::read(again.join(next_kallelse)).unwrap() == archived,
        "2026-12-10 byggdes inte om likadant"
    );
    std::fs::remove_dir_all(&next_package).unwrap();

    // A changed ärende changes its own documents and the metadata, and
    // nothing else.
    project.edit(
        ARENDE,
        "rubrik: Revidering av riktlinjer",
        "rubrik: Reviderade riktlinjer",
    );
    project.run(&["protokoll", MEETING]).success();
    project.run(&["arkivera", MEETING]).success();
    let second = tree(&package);
    assert_eq!(
        second.keys().collect::<Vec<_>>(),
        first.keys().collect::<Vec<_>>()
    );
    let changed: Vec<&String> = first
        .keys()
        .filter(|name| first[*name] != second[*name])
        .filter(|name| !name.ends_with(".xml"))
        .collect();
    // In the case metadata, only the lines that name the ärende changed.
    let erms = "metadata/descriptive/ERMS.xml";
    let before = String::from_utf8_lossy(&first[erms]).into_owned();
    let after = String::from_utf8_lossy(&second[erms]).into_owned();
    let new_lines: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert!(!new_lines.is_empty());
    assert!(
        new_lines
            .iter()
            .all(|l| l.contains("Reviderade riktlinjer")),
        "{new_lines:#?}"
    );
    assert_eq!(
        changed,
        [
            &format!("{DOKUMENT}/data/kallelse.pdf"),
            &format!("{DOKUMENT}/data/protokoll.pdf"),
            &format!("{DOKUMENT}/data/utdrag/SN-§117.pdf"),
            // The sändlista names the paragraphs by their rubrik.
            &format!("{DOKUMENT}/data/utdrag/sandlista.txt"),
            &format!("representations/kallor-2026-11-12/data/{ARENDE}"),
        ]
    );
}

#[test]
fn a_year_package_holds_the_nämnds_meetings() {
    let project = Project::example();
    project.run(&["protokoll", MEETING]).success();
    // 2026-12-10 has no protokoll yet: not without saying so.
    let refused = project.run(&["arkivera", "--år", "2026", "--nämnd", "socialnamnden"]);
    assert_eq!(refused.code(), 1);
    assert!(
        refused.stderr().contains(
            "sammanträdet content/socialnamnden/2026-12-10 har inget protokoll och arkiveras inte"
        ),
        "{}",
        refused.stderr()
    );
    assert!(!project.path().join("output/arkiv").exists());
    let nothing = project.run(&["arkivera"]);
    assert_eq!(nothing.code(), 1);
    assert!(nothing.stderr().contains("fel: ange vad som ska arkiveras"));
    let misspelled = project.run(&["arkivera", "--år", "2026", "--nämnd", "socialnamden"]);
    assert!(misspelled.stderr().contains("menade du `socialnamnden`?"));

    let run = project
        .run(&[
            "arkivera",
            "--år",
            "2026",
            "--nämnd",
            "socialnamnden",
            "--utan-protokoll",
        ])
        .success();
    assert!(
        run.stdout().contains("2026-11-12, 2026-12-10"),
        "{}",
        run.stdout()
    );
    // The PDF bilaga of 2026-12-10 is no PDF/A: kept, and said.
    assert!(
        run.stderr().contains("revisionsrapport.pdf är ingen PDF/A"),
        "{}",
        run.stderr()
    );
    let package = package(&project);
    assert_valid(&package);
    let files = tree(&package);
    for rep in [
        "dokument-2026-11-12",
        "kallor-2026-11-12",
        "dokument-2026-12-10",
        "kallor-2026-12-10",
    ] {
        assert!(
            files.contains_key(&format!("representations/{rep}/METS.xml")),
            "{rep}"
        );
    }
    assert!(!files.contains_key("representations/dokument-2026-12-10/data/protokoll.pdf"));
    let erms = String::from_utf8_lossy(&files["metadata/descriptive/ERMS.xml"]).into_owned();
    assert!(erms.contains("Arkiverat utan protokoll"));
    let premis = String::from_utf8_lossy(&files["metadata/preservation/PREMIS.xml"]).into_owned();
    assert!(premis.contains(
        "<premis:formatNote>Ingen PDF/A: filen arkiveras som den lämnades in.</premis:formatNote>"
    ));

    // A failed run leaves the package as it was.
    project.edit(
        "content/socialnamnden/2026-12-10/sammantrade.yaml",
        "datum:",
        "datum: [",
    );
    let failed = project.run(&[
        "arkivera",
        "--år",
        "2026",
        "--nämnd",
        "socialnamnden",
        "--utan-protokoll",
    ]);
    assert_eq!(failed.code(), 1);
    assert!(tree(&package) == files);
}
