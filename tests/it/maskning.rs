//! Masking (`<maskerad lagrum="…">…</maskerad>`): the internal documents
//! show the passage, everything published shows a tagged note with the
//! lagrum, a number inside a masked passage does not stop publishing, and
//! a mistake in the markup is reported at its line.

use crate::support::{Project, assert_claims_pdfa_and_pdfua, compact};

const KULTUR: &str = "content/kulturnamnden/2027-01-21";
const KULTUR_WEB: &str = "output/kulturnamnden/2027-01-21/webb";
const ARENDE: &str =
    "content/kulturnamnden/2027-01-21/arenden/01-bidrag-till-lovaktiviteter-2027.yaml";
const NOTE: &str = "[Uppgift borttagen enligt OSL 26 kap. 1 §]";

/// The kultur project with masked passages in a Markdown field, an
/// att-sats, a Markdown bilaga (over two paragraphs) and a CSV cell.
fn masked_project() -> Project {
    let project = Project::fixture("kultur");
    project.edit(
        ARENDE,
        "  sammanlagt 812 000 kronor.\n",
        "  sammanlagt 812 000 kronor. Den största ansökan kom från\n  <maskerad lagrum=\"OSL 26 kap. 1 §\">Hemliga föreningen, kontaktperson Vera Valdsdotter 19121212-1212</maskerad>.\n",
    );
    project.edit(
        ARENDE,
        "förslag_till_beslut:\n",
        "förslag_till_beslut:\n  - att avslå ansökan från <maskerad lagrum='OSL 26 kap. 1 §'>Vera Valdsdotter</maskerad>\n",
    );
    project.write(
        &format!("{KULTUR}/bilagor/underlag.md"),
        "# Underlag\n\nEtt öppet stycke.\n\n<maskerad lagrum=\"OSL 26 kap. 1 §\">Första hemliga stycket om Vera Valdsdotter.\n\nAndra hemliga stycket, 701063-2391.</maskerad>\n\nEtt öppet stycke till.\n",
    );
    project.write(
        &format!("{KULTUR}/bilagor/lista.csv"),
        "Nr;Beslut\n1;Bidrag beviljat\n2;Avslag för <maskerad lagrum=\"OSL 26 kap. 1 §\">Vera Valdsdotter</maskerad>\n",
    );
    project.edit(
        &format!("{KULTUR}/arenden/03-yttrande-over-oversiktsplan-2040.yaml"),
        "  - { titel: Revisionsrapport, fil: bilagor/revisionsrapport.pdf }",
        "  - { titel: Revisionsrapport, fil: bilagor/revisionsrapport.pdf }\n  - { titel: Underlag, fil: bilagor/underlag.md }",
    );
    project.edit(
        &format!("{KULTUR}/arenden/02-revidering-av-attestordning.yaml"),
        "rubrik:",
        "förteckning: { titel: Beslut, fil: bilagor/lista.csv }\nrubrik:",
    );
    project
}

/// Every text file of the web folder, and the web PDF's text.
fn published_text(project: &Project) -> String {
    let mut all = compact(&project.pdf(&format!("{KULTUR_WEB}/kallelse.pdf")).text());
    for file in ["index.html", "sammantrade.json"] {
        all.push_str(&project.read(&format!("{KULTUR_WEB}/{file}")));
    }
    all
}

#[test]
fn the_members_read_the_passage_and_the_public_reads_the_note() {
    let project = masked_project();
    project.run(&["bygg"]).success();
    let full = compact(
        &project
            .pdf("output/kulturnamnden/2027-01-21/kallelse.pdf")
            .text(),
    );
    for shown in [
        "Hemliga föreningen, kontaktperson Vera Valdsdotter 19121212-1212.",
        "att avslå ansökan från Vera Valdsdotter",
        "Första hemliga stycket om Vera Valdsdotter.",
        "Andra hemliga stycket, 701063-2391.",
        "Avslag för Vera Valdsdotter",
    ] {
        assert!(
            full.contains(&compact(shown)),
            "{shown:?} saknas i kallelsen"
        );
    }
    assert!(!full.contains("maskerad"), "markeringen syns i kallelsen");

    // The numbers inside the masked passages do not stop publishing.
    project.run(&["publicera"]).success();
    let public = published_text(&project);
    for hidden in [
        "Valdsdotter",
        "Hemliga föreningen",
        "19121212",
        "701063",
        "maskerad lagrum",
    ] {
        assert!(!public.contains(hidden), "{hidden:?} publicerades");
    }
    let web = project.pdf(&format!("{KULTUR_WEB}/kallelse.pdf"));
    let text = compact(&web.text());
    // The Markdown field (protokollsförslag and tjänsteskrivelse), the
    // att-sats (both documents), the bilaga and the förteckning.
    assert!(
        text.matches(&compact(NOTE)).count() >= 6,
        "{} noter i:\n{text}",
        text.matches(&compact(NOTE)).count()
    );
    assert!(text.contains(&compact(&format!("Den största ansökan kom från {NOTE}."))));
    assert!(text.contains(&compact(&format!(
        "Ett öppet stycke. {NOTE} Ett öppet stycke till."
    ))));
    // The note is real text of the tagged, accessible PDF.
    assert_claims_pdfa_and_pdfua(
        &std::fs::read(project.path().join(format!("{KULTUR_WEB}/kallelse.pdf"))).unwrap(),
    );
    assert!(web.doc.catalog().unwrap().get(b"StructTreeRoot").is_ok());
    let json = project.read(&format!("{KULTUR_WEB}/sammantrade.json"));
    assert!(
        json.contains(&format!("att avslå ansökan från {NOTE}")),
        "{json}"
    );
}

#[test]
fn a_number_outside_the_masked_passage_still_stops_publishing() {
    let project = masked_project();
    project.edit(
        ARENDE,
        "Hemliga föreningen, kontaktperson Vera Valdsdotter 19121212-1212</maskerad>.",
        "Hemliga föreningen, kontaktperson Vera Valdsdotter</maskerad>, 19121212-1212.",
    );
    let run = project.run(&["publicera"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("här står ett personnummer (19121212-XXXX)"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr()
            .contains("01-bidrag-till-lovaktiviteter-2027.yaml:13:"),
        "{}",
        run.stderr()
    );
    assert!(!project.path().join(KULTUR_WEB).exists());
}

#[test]
fn mistakes_in_the_markup_are_errors_at_their_line() {
    let cases = [
        (
            "<maskerad lagrum=\"OSL 26 kap. 1 §\">Vera Valdsdotter",
            "`<maskerad` avslutas aldrig med `</maskerad>`",
            ":13:3",
        ),
        (
            "<maskerad>Vera Valdsdotter</maskerad>",
            "lagrum saknas i maskeringen",
            ":13:12",
        ),
        (
            "<maskerad lagrm=\"OSL\">Vera Valdsdotter</maskerad>",
            "okänd egenskap `lagrm` i maskeringen",
            ":13:12",
        ),
        (
            "<maskera lagrum=\"OSL\">Vera Valdsdotter</maskera>",
            "okänd maskering `<maskera`",
            ":13:3",
        ),
        (
            "Vera Valdsdotter</maskerad>",
            "`</maskerad>` utan `<maskerad …>` före",
            ":13:19",
        ),
    ];
    for (written, message, place) in cases {
        let project = Project::fixture("kultur");
        project.edit(
            ARENDE,
            "  sammanlagt 812 000 kronor.\n",
            &format!("  sammanlagt 812 000 kronor.\n  {written}\n"),
        );
        for command in ["kontrollera", "bygg", "publicera"] {
            let run = project.run(&[command]);
            assert_eq!(run.code(), 1, "{command} {written}: {}", run.stderr());
            let stderr = run.stderr();
            assert!(stderr.contains(message), "{command} {written}:\n{stderr}");
            assert!(
                stderr.contains(&format!("01-bidrag-till-lovaktiviteter-2027.yaml{place}")),
                "{command} {written}:\n{stderr}"
            );
        }
        assert!(!project.path().join("output").exists());
    }
}

#[test]
fn a_passage_over_two_fields_is_refused() {
    let project = Project::fixture("kultur");
    project.edit(
        ARENDE,
        "  sammanlagt 812 000 kronor.\n",
        "  sammanlagt 812 000 kronor. <maskerad lagrum=\"OSL 26 kap. 1 §\">Vera\n",
    );
    project.edit(
        ARENDE,
        "  Förvaltningen föreslår",
        "  Valdsdotter</maskerad> Förvaltningen föreslår",
    );
    let run = project.run(&["publicera"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("ett maskerat ställe börjar och slutar inte i samma text"),
        "{}",
        run.stderr()
    );
    assert!(!project.path().join(KULTUR_WEB).exists());
}
