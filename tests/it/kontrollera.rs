//! `kallelse kontrollera`: a corpus of broken projects, one mistake each,
//! with the messages pinned in `tests/snapshots/kontrollera/`. Run with
//! `KALLELSE_UPPDATERA=1` to accept changed messages after review.

use crate::support::{Project, snapshot_difference};

const MEETING: &str = "content/kulturnamnden/2027-01-21";
const ARENDE: &str =
    "content/kulturnamnden/2027-01-21/arenden/01-bidrag-till-lovaktiviteter-2027.yaml";
const SAMMANTRADE: &str = "content/kulturnamnden/2027-01-21/sammantrade.yaml";

/// One mistake: a name, and what to do to the fixture.
struct Case {
    name: &'static str,
    break_it: fn(&Project),
}

fn edit(file: &'static str, from: &'static str, to: &'static str) -> impl Fn(&Project) {
    move |p: &Project| p.edit(file, from, to)
}

const CASES: &[Case] = &[
    Case {
        name: "yaml-syntax",
        break_it: |p| edit(ARENDE, "rubrik: Bidrag", "rubrik: [Bidrag")(p),
    },
    Case {
        name: "flera-fel-i-en-korning",
        break_it: |p| {
            edit(ARENDE, "förslag_till_beslut:", "forslag_till_beslt:")(p);
            edit(
                ARENDE,
                "  godkänd: 2026-12-18",
                "  godkand_datum: 2026-12-18",
            )(p);
            edit(ARENDE, "  berör_barn: ja", "  beror_barnen: ja")(p);
            edit(SAMMANTRADE, "plats:", "lokal:")(p)
        },
    },
    Case {
        name: "felstavad-nyckel",
        break_it: |p| edit(ARENDE, "förslag_till_beslut:", "forslag_till_beslt:")(p),
    },
    Case {
        name: "ogiltigt-datum",
        break_it: |p| edit(ARENDE, "datum: 2026-12-15", "datum: 2026-13-45")(p),
    },
    Case {
        name: "berör-barn-kanske",
        break_it: |p| edit(ARENDE, "berör_barn: ja", "berör_barn: kanske")(p),
    },
    Case {
        name: "tom-beslutslista",
        break_it: |p| {
            edit(
                ARENDE,
                "  - att fördela bidrag till lovaktiviteter för barn och unga 2027 enligt tjänsteskrivelse 2026-12-15\n",
                "",
            )(p);
            edit(ARENDE, "förslag_till_beslut:", "förslag_till_beslut: []")(p)
        },
    },
    Case {
        name: "rubrik-saknas",
        break_it: |p| {
            edit(
                ARENDE,
                "rubrik: Bidrag till lovaktiviteter för barn och unga 2027\n",
                "",
            )(p)
        },
    },
    Case {
        name: "att-saknas",
        break_it: |p| edit(ARENDE, "  - att fördela", "  - fördela")(p),
    },
    Case {
        name: "dubbla-skiljetecken",
        break_it: |p| {
            edit(
                ARENDE,
                "enligt tjänsteskrivelse 2026-12-15\n",
                "enligt tjänsteskrivelse 2026-12-15.\n",
            )(p)
        },
    },
    Case {
        name: "diarienummer-monster",
        break_it: |p| edit(ARENDE, "diarienummer: KFN26/52", "diarienummer: KFN 2652")(p),
    },
    Case {
        name: "datum-mot-mappnamn",
        break_it: |p| edit(SAMMANTRADE, "datum: 2027-01-21", "datum: 2027-01-22")(p),
    },
    Case {
        name: "tjansteskrivelse-efter-motet",
        break_it: |p| {
            edit(ARENDE, "datum: 2026-12-15", "datum: 2027-02-01")(p);
            edit(ARENDE, "godkänd: 2026-12-18", "godkänd: 2027-02-02")(p)
        },
    },
    Case {
        name: "godkand-fore-datum",
        break_it: |p| edit(ARENDE, "godkänd: 2026-12-18", "godkänd: 2026-12-01")(p),
    },
    Case {
        name: "felaktig-tid",
        break_it: |p| edit(SAMMANTRADE, "tid: \"18:00\"", "tid: kvart i sex")(p),
    },
    Case {
        name: "tom-motivering",
        break_it: |p| {
            edit(
                ARENDE,
                "  motivering: |\n    Ja. Bidraget riktar sig direkt till aktiviteter för barn och unga och\n    stärker deras rätt till lek, vila och fritid (artikel 31). Barnens egna\n    önskemål har hämtats in via ungdomsrådet.\n",
                "  motivering: \"\"\n",
            )(p)
        },
    },
    Case {
        name: "bilaga-saknas",
        break_it: |p| add_bilaga(p, "bilagor/finns-inte.md"),
    },
    Case {
        name: "bilaga-utanfor-projektet",
        break_it: |p| add_bilaga(p, "../../../../../../etc/passwd"),
    },
    Case {
        name: "bilaga-fel-typ",
        break_it: |p| {
            p.write(&format!("{MEETING}/bilagor/rapport.docx"), "inte markdown");
            add_bilaga(p, "bilagor/rapport.docx")
        },
    },
    Case {
        name: "enligt-bilaga-utan-bilaga",
        break_it: |p| {
            edit(
                ARENDE,
                "enligt tjänsteskrivelse 2026-12-15\n",
                "enligt bilaga\n",
            )(p)
        },
    },
    Case {
        name: "samma-nummer-tva-ganger",
        break_it: |p| {
            let text = p.read(ARENDE);
            p.write(&format!("{MEETING}/arenden/01-kopia.yaml"), &text);
        },
    },
    Case {
        name: "inga-arenden",
        break_it: |p| {
            std::fs::remove_dir_all(p.path().join(MEETING).join("arenden")).unwrap();
            edit(
                SAMMANTRADE,
                "informationsärenden:\n  - { rubrik: Stadsbibliotekets besöksstatistik 2026, föredragande: Bibliotekschef }\n",
                "",
            )(p)
        },
    },
    Case {
        name: "trasig-stilmall",
        break_it: |p| {
            p.run(&["mallar"]).success();
            edit(
                "templates/stil.typ",
                "#let liten(body) = text(",
                "#let liten(body) = text((",
            )(p)
        },
    },
    Case {
        name: "trasig-typst-i-mall",
        break_it: |p| {
            p.run(&["mallar"]).success();
            edit(
                "templates/kallelse.typ",
                "#grupprubrik[Informationsärenden]",
                "#gruprubrik[Informationsärenden]",
            )(p)
        },
    },
    Case {
        name: "trasig-tera-mall",
        break_it: |p| {
            p.run(&["mallar"]).success();
            edit(
                "templates/kallelse.typ",
                "{% if paket.sammantrade.oppet -%}",
                "{% if paket.sammantrade.oppet -%}{{ paket.finns_inte.alls }}",
            )(p)
        },
    },
];

fn add_bilaga(p: &Project, fil: &str) {
    p.edit(
        ARENDE,
        "beslutet_skickas_till:",
        &format!("bilagor:\n  - {{ titel: Rapport, fil: {fil} }}\nbeslutet_skickas_till:"),
    );
}

/// What `kontrollera --format kort` says, with its exit code.
fn check(project: &Project) -> String {
    let run = project.run(&["kontrollera", "--format", "kort"]);
    format!("slutkod: {}\n{}{}", run.code(), run.stdout(), run.stderr())
}

/// The snapshot of a case's messages, under `tests/snapshots/`.
fn snapshot(case: &Case) -> String {
    format!("kontrollera/{}.txt", case.name)
}

/// Every snapshot the corpus compares.
pub fn snapshots() -> Vec<String> {
    CASES.iter().map(snapshot).collect()
}

#[test]
fn every_mistake_gets_the_message_in_its_snapshot() {
    let mut failures = Vec::new();
    for case in CASES {
        let project = Project::fixture("kultur");
        (case.break_it)(&project);
        let got = check(&project);
        failures.extend(snapshot_difference(&snapshot(case), &got));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_clean_project_exits_zero_and_errors_exit_one() {
    let project = Project::fixture("kultur");
    let run = project.run(&["kontrollera"]).success();
    assert!(
        run.stderr().contains("0 fel, 2 varningar"),
        "{}",
        run.stderr()
    );

    project.edit(ARENDE, "  - att fördela", "  - fördela");
    project.edit(ARENDE, "diarienummer: KFN26/52", "diarienummer: X");
    let run = project.run(&["check"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    // All problems of the run, then the summary.
    assert!(err.contains("att-satsen börjar inte med"), "{err}");
    assert!(
        err.contains("diarienumret `X` följer inte nämndens mönster"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("2 fel, 2 varningar"), "{err}");
    // Nothing is written.
    assert!(!project.path().join("output").exists());
}

#[test]
fn bygg_refuses_what_kontrollera_finds() {
    let project = Project::fixture("kultur");
    project.edit(ARENDE, "datum: 2026-12-15", "datum: 2027-02-01");
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("tjänsteskrivelsen är daterad 2027-02-01 efter sammanträdet")
    );
    assert!(
        !project
            .path()
            .join("output/kulturnamnden/2027-01-21/kallelse.pdf")
            .exists()
    );
}
