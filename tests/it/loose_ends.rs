//! Loose ends a new user ran into: file modes under the umask, every type
//! error of a file in one run, and `ny ärende --dnr` checked at once.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use crate::support::{Project, Run};

const MEETING: &str = "content/kulturnamnden/2027-01-21";

/// Runs `kallelse ARGS` in the project under a umask.
fn run_with_umask(project: &Project, umask: &str, args: &[&str]) -> Run {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_kallelse"))
        .args(args)
        .current_dir(project.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    Run(output).success()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn every_file_written_gets_the_mode_of_the_umask() {
    for (umask, file, folder) in [("022", 0o644, 0o755), ("077", 0o600, 0o700)] {
        let project = Project::fixture("protokoll");
        run_with_umask(&project, umask, &["bygg", MEETING, "--webb"]);
        run_with_umask(&project, umask, &["protokoll", MEETING]);
        let out = project.path().join("output/kulturnamnden/2027-01-21");
        for path in [
            "kallelse.pdf",
            "protokoll.pdf",
            "anslag.pdf",
            "utdrag/KFN-§001.pdf",
            "utdrag/sandlista.txt",
            "webb/kallelse.pdf",
            "webb/index.html",
            "webb/sammantrade.json",
            "webb/protokoll.pdf",
        ] {
            assert_eq!(mode(&out.join(path)), file, "umask {umask}: {path}");
        }
        for dir in ["", "utdrag", "webb", "webb/bilagor"] {
            assert_eq!(mode(&out.join(dir)), folder, "umask {umask}: mappen {dir}");
        }
    }
}

#[test]
fn every_type_error_of_a_file_is_reported_in_one_run() {
    let project = Project::fixture("kultur");
    let arende = format!("{MEETING}/arenden/01-bidrag-till-lovaktiviteter-2027.yaml");
    project.edit(&arende, "  datum: 2026-12-15", "  datum: 2026-13-45");
    project.edit(&arende, "berör_barn: ja", "berör_barn: kanske");
    let sammantrade = format!("{MEETING}/sammantrade.yaml");
    project.edit(&sammantrade, "öppet: true", "öppet: kanske");
    project.edit(&sammantrade, "första_paragraf: 1", "första_paragraf: -3");
    let run = project.run(&["kontrollera", "--format", "kort"]);
    assert_eq!(run.code(), 1);
    let out = run.stdout();
    for (line, message) in [
        (
            format!("{arende}:4:10"),
            "`2026-13-45` är inte ett giltigt datum",
        ),
        (format!("{arende}:18:15"), "`kanske` är varken ja eller nej"),
        (
            format!("{sammantrade}:4:8"),
            "texten \"kanske\" där det ska stå `true` eller `false`",
        ),
        (
            format!("{sammantrade}:5:18"),
            "`-3` är inte ett positivt heltal",
        ),
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&line) && l.contains(message)),
            "{line} {message} saknas:\n{out}"
        );
    }
    assert!(run.stderr().contains("4 fel"), "{}", run.stderr());
}

#[test]
fn ny_arende_checks_the_diarienummer_against_the_pattern_at_once() {
    let project = Project::fixture("kultur");
    let run = project.run(&[
        "ny",
        "ärende",
        "Bidrag till studieförbund",
        "--dnr",
        "KFN 2652",
        "--sammanträde",
        "2027-01-21",
    ]);
    assert_eq!(run.code(), 1);
    // The same message as kontrollera's (tests/snapshots/kontrollera/diarienummer-monster.txt).
    let err = run.stderr();
    assert!(
        err.contains("diarienumret `KFN 2652` följer inte nämndens mönster"),
        "{err}"
    );
    assert!(
        err.contains(
            "skriv förkortningen, årets två sista siffror, snedstreck och löpnummer, t.ex. KFN26/45"
        ),
        "{err}"
    );
    let files = std::fs::read_dir(project.path().join(MEETING).join("arenden"))
        .unwrap()
        .count();
    assert_eq!(files, 3, "inget ärende skapas");

    project
        .run(&[
            "ny",
            "ärende",
            "Bidrag till studieförbund",
            "--dnr",
            "KFN27/3",
            "--sammanträde",
            "2027-01-21",
        ])
        .success();
}

/// Whether the project's packet is built in parts.
fn in_parts(project: &Project) -> bool {
    kallelse::render::Renderer::new(project.path())
        .unwrap()
        .supports_parts()
}

#[test]
fn own_templates_keep_the_build_in_parts_unless_they_cannot_know_of_them() {
    let project = Project::fixture("kultur");
    assert!(in_parts(&project));
    // `kallelse mallar` writes copies of the built-in templates, as the
    // repository's own templates/ are: identical, so nothing changes.
    project.run(&["mallar"]).success();
    assert!(in_parts(&project), "identiska mallar");
    // The house style and the document templates do not choose parts.
    project.edit("templates/stil.typ", "#let", "// egen husstil\n#let");
    project.edit(
        "templates/tjansteskrivelse.typ",
        "{#-",
        "{# egen tjänsteskrivelse #}\n{#-",
    );
    assert!(in_parts(&project), "egen stil.typ och dokumentmall");
    // A table in the text needs nothing from stil.typ: the house style of
    // a project from before tables had their own module still builds.
    project.edit(
        &format!("{MEETING}/arenden/01-bidrag-till-lovaktiviteter-2027.yaml"),
        "bakgrund: |\n",
        "bakgrund: |\n  | Förening | Belopp |\n  |---|--:|\n  | Ungdomens hus | 40 000 |\n\n",
    );
    project.run(&["bygg"]).success();
    // An own kallelse.typ that still links by the pages of the parts.
    project.edit("templates/kallelse.typ", "{#-", "{# egen kallelse #}\n{#-");
    assert!(in_parts(&project), "egen kallelse.typ som använder sidor");
    let run = project.run(&["bygg"]).success();
    assert!(run.stdout().contains("kallelse.pdf"));
    // A paket.typ of its own that does not choose parts: built whole.
    project.write(
        "templates/paket.typ",
        "#import \"stil.typ\": *\n#show: paket.with(titel: [{{ paket.titel }}], forfattare: ())\n{% include \"kallelse.typ\" %}\n",
    );
    assert!(!in_parts(&project), "egen paket.typ utan delar");
}

#[test]
fn a_bilaga_is_a_part_of_its_own() {
    let project = Project::fixture("kultur");
    let run = project
        .run_with_env(&["bygg"], &[("KALLELSE_TIDER", "1")])
        .success();
    let log = run.stderr();
    // Ärende 3 has a PDF bilaga; the parts are named after what they hold.
    for part in [
        "del del-kallelse.typ",
        "del del-arende-3.typ",
        "del del-arende-3-bilaga-1.typ",
    ] {
        assert!(log.contains(part), "{part} saknas:\n{log}");
    }
}
