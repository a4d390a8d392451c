//! Bad input: a Swedish message with file, line and column, exit code 1,
//! and the previous packet left untouched.

use crate::support::Project;

const ARENDE: &str =
    "content/kulturnamnden/2027-01-21/arenden/01-bidrag-till-lovaktiviteter-2027.yaml";
const PDF: &str = "output/kulturnamnden/2027-01-21/kallelse.pdf";

#[test]
fn misspelled_key_names_file_line_and_the_closest_key() {
    let project = Project::fixture("kultur");
    project.edit(ARENDE, "förslag_till_beslut:", "forslag_till_beslt:");
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains("fel: okänd nyckel `forslag_till_beslt`"),
        "{err}"
    );
    assert!(
        err.contains("tips: menade du `förslag_till_beslut`?"),
        "{err}"
    );
    let line = project
        .read(ARENDE)
        .lines()
        .position(|l| l.starts_with("forslag_till_beslt"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("{ARENDE}:{line}:1")), "{err}");
    // The excerpt shows the line with a caret.
    assert!(
        err.contains(&format!("{line} | forslag_till_beslt:")),
        "{err}"
    );
}

#[test]
fn a_bilaga_outside_the_project_is_refused() {
    let project = Project::fixture("kultur");
    project.edit(
        ARENDE,
        "beslutet_skickas_till:",
        "bilagor:\n  - { titel: Lösenord, fil: ../../../../../../etc/passwd }\nbeslutet_skickas_till:",
    );
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("pekar utanför projektmappen"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_att_sats_without_att_is_an_error() {
    let project = Project::fixture("kultur");
    project.edit(ARENDE, "  - att ", "  - bevilja ");
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("att-satsen börjar inte med \"att\""),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_yaml_syntax_error_has_a_position() {
    let project = Project::fixture("kultur");
    project.edit(ARENDE, "rubrik:", "rubrik: [\n  oavslutad");
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains(ARENDE), "{}", run.stderr());
}

#[test]
fn a_failed_build_leaves_the_previous_packet_untouched() {
    let project = Project::fixture("kultur");
    project.run(&["bygg"]).success();
    let before = std::fs::read(project.path().join(PDF)).unwrap();

    project.edit(ARENDE, "rubrik:", "rubirk:");
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("den förra PDF:en är orörd"));
    assert_eq!(std::fs::read(project.path().join(PDF)).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(project.path().join(PDF).parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["kallelse.pdf"]);
}

#[test]
fn no_content_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kallelse"))
        .arg("bygg")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("hittade ingen mapp `content/`"), "{err}");
}

#[test]
fn unknown_command_and_help_are_swedish() {
    let project = Project::fixture("kultur");
    let run = project.run(&["bygga"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("okänt kommando"));
    let help = project.run(&["--hjalp"]).success().stdout();
    assert!(help.contains("Bygg kallelsen"), "{help}");
    assert!(help.contains("Kommandon"), "{help}");
}

#[test]
fn a_damaged_pdf_bilaga_is_named() {
    let project = Project::fixture("kultur");
    project.write(
        "content/kulturnamnden/2027-01-21/bilagor/revisionsrapport.pdf",
        "det här är ingen PDF",
    );
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains("PDF-bilagan `bilagor/revisionsrapport.pdf` är skadad eller ingen PDF"),
        "{err}"
    );
    assert!(!project.path().join(PDF).exists());
}

#[test]
fn a_character_no_font_can_draw_stops_the_archival_protokoll() {
    let project = Project::fixture("protokoll");
    let meeting = "content/kulturnamnden/2027-01-21";
    let protokoll = format!("{meeting}/protokoll.yaml");
    let text = project.read(&protokoll);
    let plats = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("plats: "))
        .expect("protokoll.yaml har en justeringsplats")
        .to_owned();
    project.edit(
        &protokoll,
        &format!("plats: {plats}"),
        &format!("plats: {plats} ✅"),
    );
    let run = project.run(&["protokoll", meeting]).failure();
    assert!(
        run.stderr().contains(
            "fel: tecknet ✅ (U+2705) finns inte i något typsnitt, och PDF/A och PDF/UA kräver att all text syns"
        ),
        "{}",
        run.stderr()
    );
    assert!(
        !run.stderr().contains("genererad källa"),
        "{}",
        run.stderr()
    );
    assert!(
        !project
            .path()
            .join("output/kulturnamnden/2027-01-21/protokoll.pdf")
            .exists()
    );
}

#[test]
fn a_character_no_font_can_draw_gets_a_warning() {
    let project = Project::fixture("kultur");
    project.edit(ARENDE, "rubrik: Bidrag", "rubrik: Bidrag 😀");
    let run = project.run(&["bygg"]).success();
    assert!(
        run.stderr()
            .contains("varning: tecknet 😀 (U+1F600) finns inte i något typsnitt"),
        "{}",
        run.stderr()
    );
}
