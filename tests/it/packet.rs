//! The packet of the example meeting and of the second fixture: order of the
//! documents, numbering, conventions, outline and metadata.

use std::sync::OnceLock;

use crate::support::{Bookmark, Pdf, Project, compact};

const EXAMPLE_PDF: &str = "output/socialnamnden/2026-12-10/kallelse.pdf";
const KULTUR_PDF: &str = "output/kulturnamnden/2027-01-21/kallelse.pdf";

/// The example packet, built once for all tests that only read it.
pub fn example() -> &'static Pdf {
    static PDF: OnceLock<Pdf> = OnceLock::new();
    PDF.get_or_init(|| {
        let project = Project::example();
        project.run(&["bygg"]).success();
        project.pdf(EXAMPLE_PDF)
    })
}

fn kultur() -> &'static Pdf {
    static PDF: OnceLock<Pdf> = OnceLock::new();
    PDF.get_or_init(|| {
        let project = Project::fixture("kultur");
        project.run(&["bygg"]).success();
        project.pdf(KULTUR_PDF)
    })
}

/// The example's beslutsärenden in order, as the YAML files give them.
const EXAMPLE_ARENDEN: &[&str] = &[
    "Uppföljning av arbetet med Bostad först 2026",
    "Slutrapport för projektet Tidigt stöd i familjecentralen Sjöhagen",
    "Sammanställning av genomförd internkontroll för Socialnämnden 2026",
    "Yttrande över revisionsrapport: granskning av handläggningstider inom ekonomiskt bistånd",
    "Ekonomisk uppföljning av Socialnämndens budget per oktober 2026",
    "Fördelning av riksnorm för försörjningsstöd 2027",
    "Återrapportering av utvecklingsmedel för arbetet mot våld i nära relationer 2026",
    "Revidering av Socialnämndens delegationsordning",
    "Delegationsärenden",
    "Anmälningsärenden",
];

/// The outline index of "Beslutsärende N: …".
fn arende_index(outline: &[Bookmark], number: usize) -> usize {
    let prefix = format!("Beslutsärende {number}:");
    outline
        .iter()
        .position(|b| b.title.starts_with(&prefix))
        .unwrap_or_else(|| panic!("{prefix} saknas i bokmärkena"))
}

fn titles(bookmarks: &[Bookmark]) -> Vec<&str> {
    bookmarks.iter().map(|b| b.title.as_str()).collect()
}

#[test]
fn title_page_has_genitive_title_and_swedish_date_line() {
    let pdf = example();
    let first = &pdf.pages[0];
    assert!(
        first.contains("KALLELSE TILL SOCIALNÄMNDENS SAMMANTRÄDE"),
        "{first}"
    );
    assert!(
        first.contains("Torsdagen den 10 december 2026 klockan 13:30"),
        "{first}"
    );
    assert!(first.contains("Sammanträdet är inte öppet för allmänheten."));
    assert!(first.contains("Gruppmöten 12:30–13:30"));

    let kultur = &kultur().pages[0];
    assert!(
        kultur.contains("KALLELSE TILL KULTUR- OCH FRITIDSNÄMNDENS SAMMANTRÄDE"),
        "{kultur}"
    );
    assert!(kultur.contains("Torsdagen den 21 januari 2027 klockan 18:00"));
    assert!(kultur.contains("Sammanträdet är öppet för allmänheten."));
    assert!(!kultur.contains("Gruppmöten"));
    assert!(!kultur.contains("Sekretessärenden"));
}

#[test]
fn agenda_has_three_numbered_groups_in_order() {
    let pdf = example();
    let kallelse = compact(&format!("{}{}", pdf.pages[0], pdf.pages[1]));
    let sekretess = kallelse.find("Sekretessärenden").unwrap();
    let information = kallelse.find("Informationsärenden").unwrap();
    let beslut = kallelse.find("Beslutsärenden").unwrap();
    assert!(sekretess < information && information < beslut);
    assert!(kallelse.contains(&compact("– Handlingar dukas på gruppmötet (SN26/12:14)")));
    assert!(kallelse.contains("SN26/12"));
    // Föredragande of the information items.
    assert!(kallelse.contains("Områdeschef"));
    // Every beslutsärende, numbered in order, with its handlingar and Dnr.
    let mut from = beslut;
    for (index, rubrik) in EXAMPLE_ARENDEN.iter().enumerate() {
        let needle = compact(&format!("{} {rubrik}", index + 1));
        let at = kallelse[from..]
            .find(&needle)
            .unwrap_or_else(|| panic!("ärende {} saknas i ärendelistan", index + 1));
        from += at + needle.len();
    }
    assert!(kallelse.contains(&compact(
        "1 Uppföljning av arbetet med Bostad först 2026 – Tjänsteskrivelse – Rapport SN26/38"
    )));
    assert!(kallelse.contains(&compact(
        "9 Delegationsärenden – Förteckning över anmälda delegationsbeslut SN26/4"
    )));
    // Chair and secretary close the notice.
    assert!(
        kallelse.ends_with(&compact(
            "Karin Lindqvist Johan Åkerlund Ordförande Nämndsekreterare"
        )) || kallelse.contains(&compact("Karin Lindqvist"))
    );
}

#[test]
fn agenda_links_to_every_protokollsforslag() {
    let pdf = example();
    let kallelse_pages = pdf.pages_with("KALLELSE TILL SOCIALNÄMNDENS");
    assert_eq!(kallelse_pages, [0]);
    // A title that wraps gets one link area per line: compare the targets.
    let mut targets: Vec<usize> = (0..2).flat_map(|i| pdf.link_targets(i)).collect();
    targets.dedup();
    let protokoll: Vec<usize> = pdf
        .outline()
        .iter()
        .filter(|b| b.title == "Protokollsförslag")
        .map(|b| b.page)
        .collect();
    assert_eq!(targets, protokoll);
    assert_eq!(protokoll.len(), EXAMPLE_ARENDEN.len());
}

#[test]
fn outline_has_an_entry_per_arende_with_a_child_per_document() {
    let outline = example().outline();
    assert_eq!(
        outline[0],
        Bookmark {
            level: 1,
            title: "Kallelse".into(),
            page: 1
        }
    );
    let top: Vec<&Bookmark> = outline.iter().filter(|b| b.level == 1).collect();
    assert_eq!(top.len(), 1 + EXAMPLE_ARENDEN.len());
    for (index, rubrik) in EXAMPLE_ARENDEN.iter().enumerate() {
        assert_eq!(
            top[index + 1].title,
            format!("Beslutsärende {}: {rubrik}", index + 1)
        );
    }
    // The first ärende: protokollsförslag, tjänsteskrivelse, its report, in page order.
    let start = arende_index(&outline, 1);
    let children = titles(&outline[start + 1..start + 4]);
    assert_eq!(
        children,
        ["Protokollsförslag", "Tjänsteskrivelse", "Bilaga: Rapport"]
    );
    assert!(outline[start + 1..start + 4].iter().all(|b| b.level == 2));
    // Delegationsärenden: protokollsförslag and the list, no tjänsteskrivelse.
    let start = outline
        .iter()
        .position(|b| b.title == "Beslutsärende 9: Delegationsärenden")
        .unwrap();
    let children: Vec<&str> = outline[start + 1..start + 3]
        .iter()
        .map(|b| b.title.as_str())
        .collect();
    assert_eq!(
        children,
        [
            "Protokollsförslag",
            "Förteckning över anmälda delegationsbeslut"
        ]
    );
    // Pages never go backwards.
    assert!(
        outline.windows(2).all(|w| w[0].page <= w[1].page),
        "{outline:?}"
    );
}

#[test]
fn documents_follow_each_other_in_packet_order() {
    let pdf = example();
    let outline = pdf.outline();
    for bookmark in outline.iter().filter(|b| b.title == "Protokollsförslag") {
        let text = &pdf.pages[bookmark.page - 1];
        assert!(
            text.contains("PROTOKOLLSFÖRSLAG"),
            "sidan {}: {text}",
            bookmark.page
        );
        assert!(text.contains("Justerare") && text.contains("Utdragsbestyrkande"));
    }
    for bookmark in outline.iter().filter(|b| b.title == "Tjänsteskrivelse") {
        let text = &pdf.pages[bookmark.page - 1];
        assert!(text.contains("Tjänsteskrivelse"), "sidan {}", bookmark.page);
        assert!(text.contains("Sjöstads kommun"));
        assert!(
            compact(text).contains("Sida1av"),
            "sidan {}: {text}",
            bookmark.page
        );
    }
}

#[test]
fn every_protokollsforslag_page_carries_the_justering_boxes() {
    let pdf = example();
    let outline = pdf.outline();
    let starts: Vec<usize> = outline.iter().map(|b| b.page).collect();
    for bookmark in outline.iter().filter(|b| b.title == "Protokollsförslag") {
        let next = starts
            .iter()
            .copied()
            .find(|&p| p > bookmark.page)
            .unwrap_or(pdf.pages.len() + 1);
        for page in bookmark.page..next {
            let text = &pdf.pages[page - 1];
            assert!(
                text.contains("Justerare") && text.contains("Utdragsbestyrkande"),
                "sidan {page} saknar justeringsrutorna"
            );
        }
    }
}

#[test]
fn paragraph_numbers_follow_forsta_paragraf() {
    let pdf = kultur();
    // The informationsärende is § 1: sekretess, information, then beslut.
    for (number, rubrik) in [
        (2, "Bidrag till lovaktiviteter för barn och unga 2027"),
        (
            3,
            "Revidering av attestordning för Kultur- och fritidsnämnden",
        ),
        (
            4,
            "Yttrande över förslag till översiktsplan för Sjöstads kommun 2040",
        ),
    ] {
        let pages = pdf.pages_with(&format!("KFN § {number}"));
        assert!(!pages.is_empty(), "KFN § {number} saknas");
        assert!(pdf.compact_page(pages[0]).contains(&compact(rubrik)));
    }
    // Without första_paragraf the numbers continue from the nämnd's
    // previous protokoll (2026-11-12, §§ 112–122); the meeting's two
    // sekretessärenden and three informationsärenden come first.
    let example = example();
    let first = example
        .outline()
        .into_iter()
        .find(|b| b.title == "Protokollsförslag")
        .unwrap();
    let text = compact(&example.pages[first.page - 1]);
    assert!(
        text.contains(&compact("SN § 128 Uppföljning av arbetet med Bostad först")),
        "{text}"
    );
}

#[test]
fn att_satser_get_their_punctuation_once() {
    let pdf = kultur();
    let outline = pdf.outline();
    let start = outline
        .iter()
        .position(|b| b.title.starts_with("Beslutsärende 2:"))
        .unwrap();
    let protokoll = compact(&pdf.pages[outline[start + 1].page - 1]);
    let expected = compact(
        "Kultur- och fritidsnämnden beslutar \
         1) att fastställa attestordning för Kultur- och fritidsnämnden enligt tjänsteskrivelse 2026-12-14, \
         2) att attestordningen gäller från och med den 1 februari 2027, samt \
         3) att tidigare attestordning upphör att gälla samtidigt.",
    );
    assert!(protokoll.contains(&expected), "{protokoll}");
    // The tjänsteskrivelse shows the same decision.
    let ts_start = outline[start + 2].page - 1;
    let ts = compact(&format!(
        "{}{}",
        pdf.pages[ts_start],
        pdf.pages.get(ts_start + 1).cloned().unwrap_or_default()
    ));
    assert!(ts.contains(&expected), "{ts}");

    // One att-sats: a full stop, no "samt".
    let start = outline
        .iter()
        .position(|b| b.title.starts_with("Beslutsärende 1:"))
        .unwrap();
    let protokoll = compact(&pdf.pages[outline[start + 1].page - 1]);
    assert!(protokoll.contains(&compact("beslutar 1) att ")));
    assert!(!protokoll.contains("samt2)"));
}

#[test]
fn confidential_documents_never_appear_after_the_notice() {
    let pdf = example();
    let pages = pdf.pages_with("Ansökan om överflyttning av vårdnad");
    assert_eq!(pages, [0]);
}

#[test]
fn metadata_has_title_and_swedish_language() {
    let pdf = example();
    assert_eq!(
        pdf.title().as_deref(),
        Some("Kallelse till Socialnämndens sammanträde 2026-12-10")
    );
    assert_eq!(pdf.lang().as_deref(), Some("sv-SE"));
    assert_eq!(kultur().lang().as_deref(), Some("sv-SE"));
    // No timestamp unless SOURCE_DATE_EPOCH asks for one.
    assert_eq!(pdf.creation_date(), None);
}

#[test]
fn markdown_is_rendered_faithfully() {
    let pdf = example();
    let text = compact(&pdf.text());
    // A table from a text field, a nested list and a footnote in a bilaga.
    assert!(
        text.contains(&compact("Boendetid Antal hyresgäster")),
        "tabellen saknas"
    );
    assert!(text.contains(&compact("pröva gemensamma hembesök")));
    // Markup characters written by the authors come out as text.
    assert!(text.contains("#tryggihemmet"));
    assert!(text.contains("Riksnorm_2027_fordelning.xlsx"));
}

#[test]
fn same_input_gives_same_bytes_and_source_date_epoch_is_honoured() {
    let project = Project::fixture("kultur");
    project.run(&["bygg"]).success();
    let first = std::fs::read(project.path().join(KULTUR_PDF)).unwrap();
    project.run(&["bygg"]).success();
    let second = std::fs::read(project.path().join(KULTUR_PDF)).unwrap();
    assert!(first == second, "två byggen gav olika PDF");

    project
        .run_with_env(&["bygg"], &[("SOURCE_DATE_EPOCH", "1798761600")])
        .success();
    let dated = project.pdf(KULTUR_PDF);
    assert!(
        dated.creation_date().unwrap().starts_with("D:20270101"),
        "{:?}",
        dated.creation_date()
    );
}

#[test]
fn a_meeting_folder_and_utdata_can_be_given() {
    let project = Project::fixture("kultur");
    let run = project
        .run(&["bygg", "content/kulturnamnden/2027-01-21", "--utdata", "ut"])
        .success();
    assert!(run.stdout().contains("kallelse.pdf"));
    assert!(
        project
            .path()
            .join("ut/kulturnamnden/2027-01-21/kallelse.pdf")
            .is_file()
    );
    assert!(!project.path().join("output").exists());
}

#[test]
fn project_templates_override_the_built_in_ones() {
    let project = Project::fixture("kultur");
    project.run(&["mallar"]).success();
    assert!(project.path().join("templates/stil.typ").is_file());
    project.edit(
        "templates/kallelse.typ",
        "#kallelse-titel[Kallelse till {{ paket.namnd.genitiv }} sammanträde]",
        "#kallelse-titel[Möteskallelse för {{ paket.namnd.namn }}]",
    );
    project.run(&["bygg"]).success();
    let pdf = project.pdf(KULTUR_PDF);
    assert!(pdf.pages[0].contains("MÖTESKALLELSE FÖR KULTUR- OCH FRITIDSNÄMNDEN"));
    // Writing the templates again keeps the user's edits.
    let run = project.run(&["mallar"]).success();
    assert!(run.stdout().contains("Behöll templates/kallelse.typ"));
    assert!(
        project
            .read("templates/kallelse.typ")
            .contains("Möteskallelse")
    );
}

#[test]
fn every_page_of_a_pdf_bilaga_follows_its_arende_with_a_stamp() {
    let pdf = kultur();
    let outline = pdf.outline();
    let start = arende_index(&outline, 3);
    let children = titles(&outline[start + 1..start + 4]);
    assert_eq!(
        children,
        [
            "Protokollsförslag",
            "Tjänsteskrivelse",
            "Bilaga: Revisionsrapport"
        ]
    );
    let first = outline[start + 3].page - 1;
    assert_eq!(
        first + 3,
        pdf.pages.len(),
        "bilagan ska vara sist och ha tre sidor"
    );
    for (offset, word) in ["ett", "tva", "tre"].iter().enumerate() {
        let page = &pdf.pages[first + offset];
        assert!(
            page.contains(&format!("Revisionsrapport, sida {word}")),
            "{page}"
        );
        assert!(
            compact(page).contains(&compact("Beslutsärende 3 · Bilaga: Revisionsrapport")),
            "stämpeln saknas: {page}"
        );
    }
}
