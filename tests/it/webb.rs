//! The web version (`kallelse publicera`): what is left out, the personal
//! data scan, PDF/UA and PDF/A metadata, `index.html` and `sammantrade.json`.

use std::sync::OnceLock;

use lopdf::Object;

use crate::packet::example;
use crate::support::{Pdf, Project, assert_claims_pdfa_and_pdfua, compact, repo, tree};

const WEB: &str = "output/socialnamnden/2026-12-10/webb";
const KULTUR: &str = "content/kulturnamnden/2027-01-21";
const KULTUR_WEB: &str = "output/kulturnamnden/2027-01-21/webb";

/// The example published once: the project (kept alive) and its web PDF.
fn published() -> &'static (Project, Pdf, String) {
    static WEBB: OnceLock<(Project, Pdf, String)> = OnceLock::new();
    WEBB.get_or_init(|| {
        let project = Project::example();
        let run = project.run(&["publicera"]).success();
        let pdf = project.pdf(&format!("{WEB}/kallelse.pdf"));
        (project, pdf, run.stderr())
    })
}

#[test]
fn unpublished_handlingar_are_only_in_the_full_packet() {
    let (project, web, _) = published();
    let full = example();
    let delegation = kallelse::table::read_table(
        &repo().join("content/socialnamnden/2026-12-10/bilagor/delegationsbeslut.csv"),
        None,
    )
    .unwrap();
    let unpublished_bilaga = "Sammanställning av genomförd internkontroll";
    // Text from the unpublished ärende (its förteckning) and the unpublished bilaga.
    let needles: Vec<String> = delegation
        .rows
        .iter()
        .take(5)
        .map(|row| row[2].clone())
        .chain(std::iter::once(unpublished_bilaga.to_owned()))
        .collect();
    for needle in &needles {
        assert!(
            !full.pages_with(needle).is_empty(),
            "hela paketet saknar {needle:?}"
        );
    }
    let web_text = compact(&web.text());
    for needle in &needles[..5] {
        assert!(
            !web_text.contains(&compact(needle)),
            "webbversionen har {needle:?}"
        );
    }
    // The unpublished bilaga is named once, in the ärendelista, with the note.
    assert!(web_text.contains(&compact(&format!(
        "{unpublished_bilaga} (publiceras inte på webben)"
    ))));
    assert_eq!(web.pages_with("Bilaga: Sammanställning").len(), 0);
    // The unpublished ärende keeps its place in the list, with the note.
    let kallelse = compact(&web.pages[..2].join(""));
    assert!(kallelse.contains(&compact("Delegationsärenden")));
    assert!(kallelse.contains(&compact("Handlingarna publiceras inte på webben")));
    assert!(kallelse.contains(&compact("Detta är kallelsens webbversion.")));
    assert!(
        !web.text()
            .contains("Förteckning över anmälda delegationsbeslut")
    );
    // The PDF bilaga is a file of its own, referred to from the packet.
    let revision =
        Pdf::open(&repo().join("content/socialnamnden/2026-12-10/bilagor/revisionsrapport.pdf"));
    let first_page = revision.pages[0]
        .lines()
        .find(|l| l.trim().len() > 20)
        .unwrap();
    assert!(!web_text.contains(&compact(first_page)));
    assert!(web_text.contains(&compact("Bilagan publiceras som en egen PDF-fil")));
    let copied = project
        .path()
        .join(WEB)
        .join("bilagor/04-1-revisionsrapport.pdf");
    assert_eq!(
        std::fs::read(copied).unwrap(),
        std::fs::read(repo().join("content/socialnamnden/2026-12-10/bilagor/revisionsrapport.pdf"))
            .unwrap()
    );
    // Full packet: fewer pages in the web version, same ärende bookmarks.
    assert!(web.pages.len() < full.pages.len());
    let arenden = |pdf: &Pdf| -> Vec<String> {
        pdf.outline()
            .into_iter()
            .filter(|b| b.level == 1 && b.title.starts_with("Beslutsärende"))
            .map(|b| b.title)
            .collect()
    };
    let mut expected = arenden(full);
    expected.retain(|t| !t.starts_with("Beslutsärende 9:"));
    assert_eq!(arenden(web), expected);
}

#[test]
fn web_pdf_is_tagged_archival_titled_and_free_of_local_paths() {
    let (project, web, _) = published();
    let catalog = web.doc.catalog().unwrap();
    // A flag in a dictionary of the catalog, e.g. /MarkInfo /Marked.
    let flag = |dict: &[u8], key: &[u8]| {
        catalog
            .get(dict)
            .and_then(|d| web.doc.dereference(d))
            .and_then(|(_, d)| d.as_dict())
            .and_then(|d| d.get(key))
            .and_then(Object::as_bool)
            .unwrap()
    };
    assert!(flag(b"MarkInfo", b"Marked"), "taggad");
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    assert!(web.lang().unwrap().starts_with("sv"));
    assert_eq!(
        web.title().as_deref(),
        Some("Kallelse till Socialnämndens sammanträde 2026-12-10")
    );
    assert!(
        flag(b"ViewerPreferences", b"DisplayDocTitle"),
        "titeln visas som fönstertitel"
    );

    let bytes = std::fs::read(project.path().join(WEB).join("kallelse.pdf")).unwrap();
    assert_claims_pdfa_and_pdfua(&bytes);
    let raw = String::from_utf8_lossy(&bytes);
    let root = project.path().display().to_string();
    for leak in [root.as_str(), "/home/", "/root/", "/tmp/", "/work/", "C:\\"] {
        assert!(!raw.contains(leak), "PDF:en innehåller {leak:?}");
    }
    for file in ["index.html", "sammantrade.json"] {
        let text = project.read(&format!("{WEB}/{file}"));
        assert!(!text.contains(&root), "{file} innehåller projektets sökväg");
    }
}

#[test]
fn index_html_is_valid_accessible_and_its_links_work() {
    let (project, web, _) = published();
    let dir = project.path().join(WEB);
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let document = scraper::Html::parse_document(&html);
    assert!(
        document.errors.is_empty(),
        "HTML-fel: {:?}",
        document.errors
    );
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    crate::support::assert_page_structure(&document, "index.html");
    let title: String = document
        .select(&select("title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(title.contains("Socialnämndens sammanträde"));
    let mut checked = 0;
    for link in document.select(&select("a[href]")) {
        let href = link.value().attr("href").unwrap();
        let text: String = link.text().collect();
        assert!(!text.trim().is_empty(), "länk utan text: {href}");
        if href.starts_with("mailto:") || href.starts_with('#') {
            continue;
        }
        let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
        assert!(
            dir.join(file).is_file(),
            "länken {href} pekar på en fil som saknas"
        );
        if let Some(page) = fragment.strip_prefix("page=") {
            let page: usize = page.parse().unwrap();
            assert!(page >= 1 && page <= web.pages.len(), "{href}");
            if text == "Protokollsförslag" {
                assert!(web.pages[page - 1].contains("PROTOKOLLSFÖRSLAG"), "{href}");
            }
            if text == "Tjänsteskrivelse" {
                assert!(web.pages[page - 1].contains("Tjänsteskrivelse"), "{href}");
            }
        }
        checked += 1;
    }
    assert!(checked > 20, "bara {checked} länkar");
    // The untagged PDF bilaga is flagged for readers.
    assert!(html.contains("Filen är inte tillgänglighetsanpassad"));
    assert!(html.contains("Handlingarna omfattas av sekretess"));
}

#[test]
fn sammantrade_json_matches_the_schema_and_the_pages() {
    let (project, web, _) = published();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schema/webb.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&project.read(&format!("{WEB}/sammantrade.json"))).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The schema is not a formality: a meeting without agenda fails it.
    let mut broken = json.clone();
    broken.as_object_mut().unwrap().remove("agendaItem");
    assert!(!validator.is_valid(&broken));

    let items = json["agendaItem"].as_array().unwrap();
    assert_eq!(items.len(), 2 + 3 + 10);
    let delegation = items
        .iter()
        .find(|i| i["name"] == "Delegationsärenden")
        .unwrap();
    assert_eq!(delegation["published"], false);
    assert!(delegation["auxiliaryFile"].as_array().unwrap().is_empty());
    // Every page range starts where its document starts.
    for item in items {
        for file in item["auxiliaryFile"].as_array().unwrap() {
            let name = file["name"].as_str().unwrap();
            if let Some(first) = file["pages"]["first"].as_u64() {
                let page = &web.pages[first as usize - 1];
                let expected = match name {
                    "Protokollsförslag" => "PROTOKOLLSFÖRSLAG",
                    "Tjänsteskrivelse" => "Tjänsteskrivelse",
                    other => other,
                };
                assert!(
                    compact(page).contains(&compact(expected)),
                    "{name}: sidan {first} börjar inte dokumentet"
                );
            } else {
                assert_eq!(file["fileName"], "bilagor/04-1-revisionsrapport.pdf");
                assert_eq!(file["tillganglighet"]["tagged"], false);
                assert_eq!(file["tillganglighet"]["pages"], 12);
            }
        }
    }
}

#[test]
fn the_accessibility_report_of_pdf_bilagor_is_shown() {
    let (_, _, stderr) = published();
    assert!(
        stderr.contains("PDF-bilaga content/socialnamnden/2026-12-10/bilagor/revisionsrapport.pdf")
    );
    assert!(stderr.contains("taggad: nej"));
    assert!(stderr.contains("BRISTER: filen saknar taggar"));

    // A tagged PDF with text, title and language (a web version built by
    // this tool) meets the basic needs, and its claims are shown.
    let source = Project::fixture("kultur");
    source.run(&["publicera"]).success();
    let tagged = std::fs::read(source.path().join(KULTUR_WEB).join("kallelse.pdf")).unwrap();
    let project = Project::fixture("kultur");
    std::fs::write(
        project
            .path()
            .join(KULTUR)
            .join("bilagor/revisionsrapport.pdf"),
        tagged,
    )
    .unwrap();
    let run = project.run(&["publicera"]).success();
    assert!(run.stderr().contains("taggad: ja"), "{}", run.stderr());
    assert!(
        run.stderr().contains("grundkraven uppfylls"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr()
            .contains("standarder som filen anger: PDF/A-2a, PDF/UA-1"),
        "{}",
        run.stderr()
    );
}

/// A kultur project with `text` added to ärende 01's bakgrund.
fn kultur_with_bakgrund(text: &str) -> Project {
    let project = Project::fixture("kultur");
    project.edit(
        &format!("{KULTUR}/arenden/01-bidrag-till-lovaktiviteter-2027.yaml"),
        "  sammanlagt 812 000 kronor.\n",
        &format!("  sammanlagt 812 000 kronor. {text}\n"),
    );
    project
}

fn refused(project: &Project, place: &str) -> String {
    let run = project.run(&["publicera"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.contains(place), "väntade {place:?} i:\n{stderr}");
    assert!(stderr.contains("personnummer") || stderr.contains("samordningsnummer"));
    assert!(!project.path().join(KULTUR_WEB).exists());
    stderr
}

#[test]
fn a_personnummer_in_yaml_is_refused_at_its_line() {
    let project = kultur_with_bakgrund("Sökanden 19121212-1212 har fått svar.");
    refused(&project, "01-bidrag-till-lovaktiviteter-2027.yaml:12:");
    // The full packet is for the members and is still built.
    project.run(&["bygg"]).success();
}

#[test]
fn a_samordningsnummer_in_markdown_is_refused_at_its_line() {
    let project = Project::fixture("kultur");
    project.write(
        &format!("{KULTUR}/bilagor/underlag.md"),
        "# Underlag\n\nEn rad utan nummer.\n\nKontaktperson med samordningsnummer 701063-2391.\n",
    );
    project.edit(
        &format!("{KULTUR}/arenden/03-yttrande-over-oversiktsplan-2040.yaml"),
        "  - { titel: Revisionsrapport, fil: bilagor/revisionsrapport.pdf }",
        "  - { titel: Revisionsrapport, fil: bilagor/revisionsrapport.pdf }\n  - { titel: Underlag, fil: bilagor/underlag.md }",
    );
    let stderr = refused(&project, "bilagor/underlag.md:5:37");
    assert!(
        stderr.contains("samordningsnummer (701063-XXXX)"),
        "{stderr}"
    );
}

#[test]
fn a_personnummer_in_a_csv_row_is_refused_at_its_line() {
    let project = Project::fixture("kultur");
    project.write(
        &format!("{KULTUR}/bilagor/lista.csv"),
        "Nr;Beslut\r\n1;Bidrag beviljat\r\n2;Avslag för 121212-1212\r\n",
    );
    project.edit(
        &format!("{KULTUR}/arenden/02-revidering-av-attestordning.yaml"),
        "rubrik:",
        "förteckning: { titel: Beslut, fil: bilagor/lista.csv }\nrubrik:",
    );
    refused(&project, "bilagor/lista.csv:3");
}

#[test]
fn a_personnummer_in_a_pdf_bilaga_is_refused_with_its_page() {
    // A PDF whose third page or so carries the number: the full packet of a
    // project that has it in its text (bygg does not scan).
    let source = kultur_with_bakgrund("Sökanden 19121212-1212 har fått svar.");
    source.run(&["bygg"]).success();
    let pdf = std::fs::read(
        source
            .path()
            .join("output/kulturnamnden/2027-01-21/kallelse.pdf"),
    )
    .unwrap();
    let page = Pdf::from_bytes(pdf.clone()).pages_with("19121212-1212")[0] + 1;
    let project = Project::fixture("kultur");
    std::fs::write(
        project
            .path()
            .join(KULTUR)
            .join("bilagor/revisionsrapport.pdf"),
        pdf,
    )
    .unwrap();
    refused(&project, &format!("på sida {page} står ett personnummer"));
}

#[test]
fn an_allowed_number_is_published() {
    let project =
        kultur_with_bakgrund("Testnumret 19121212-1212 används i e-tjänstens instruktion.");
    project.edit(
        &format!("{KULTUR}/arenden/01-bidrag-till-lovaktiviteter-2027.yaml"),
        "rubrik:",
        "tillåtna_nummer:\n  - nummer: \"19121212-1212\"\n    skäl: Skatteverkets testnummer i en instruktion\nrubrik:",
    );
    project.run(&["publicera"]).success();
    let web = project.pdf(&format!("{KULTUR_WEB}/kallelse.pdf"));
    assert!(!web.pages_with("19121212-1212").is_empty());

    // Without a reason, the entry itself is an error.
    project.edit(
        &format!("{KULTUR}/arenden/01-bidrag-till-lovaktiviteter-2027.yaml"),
        "    skäl: Skatteverkets testnummer i en instruktion",
        "    skäl: \"\"",
    );
    let run = project.run(&["publicera"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("fyll i `tillåtna_nummer.skäl`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn publishing_is_deterministic_and_a_failure_keeps_the_previous_version() {
    let project = Project::fixture("kultur");
    project.run(&["publicera"]).success();
    let dir = project.path().join(KULTUR_WEB);
    let first = tree(&dir);
    assert_eq!(
        first.keys().cloned().collect::<Vec<_>>(),
        [
            "bilagor/03-1-revisionsrapport.pdf",
            "index.html",
            "kallelse.pdf",
            "sammantrade.json"
        ]
    );
    project.run(&["bygg", "--webb"]).success();
    assert_eq!(tree(&dir), first, "samma källor, samma byte");

    // SOURCE_DATE_EPOCH sets the document date.
    project
        .run_with_env(&["publicera"], &[("SOURCE_DATE_EPOCH", "1767225600")])
        .success();
    let dated = project.pdf(&format!("{KULTUR_WEB}/kallelse.pdf"));
    assert!(dated.creation_date().unwrap().contains("20260101"));
    project.run(&["publicera"]).success();
    assert_eq!(tree(&dir), first);

    // A refused publish leaves the previous folder as it was, and no
    // temporary folder behind.
    project.edit(
        &format!("{KULTUR}/arenden/01-bidrag-till-lovaktiviteter-2027.yaml"),
        "  sammanlagt 812 000 kronor.\n",
        "  sammanlagt 812 000 kronor. Sökande 121212-1212.\n",
    );
    assert_eq!(project.run(&["publicera"]).code(), 1);
    assert_eq!(tree(&dir), first);
    let leftovers: Vec<_> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn user_text_is_escaped_in_the_web_page() {
    let project = Project::fixture("kultur");
    let hostile = r#"Bidrag <script>alert("x")</script> & 'lov' <!-- {{ paket }} -->"#;
    project.edit(
        &format!("{KULTUR}/arenden/01-bidrag-till-lovaktiviteter-2027.yaml"),
        "rubrik: Bidrag till lovaktiviteter för barn och unga 2027",
        &format!("rubrik: '{}'", hostile.replace('\'', "''")),
    );
    project.run(&["publicera"]).success();
    let html = project.read(&format!("{KULTUR_WEB}/index.html"));
    assert!(!html.contains("<script>"));
    let document = scraper::Html::parse_document(&html);
    assert!(document.errors.is_empty(), "{:?}", document.errors);
    let h3: Vec<String> = document
        .select(&scraper::Selector::parse("h3").unwrap())
        .map(|h| h.text().collect())
        .collect();
    assert!(h3.contains(&hostile.to_owned()), "{h3:?}");
    let json: serde_json::Value =
        serde_json::from_str(&project.read(&format!("{KULTUR_WEB}/sammantrade.json"))).unwrap();
    assert!(
        json["agendaItem"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["name"] == hostile)
    );
}

#[test]
fn the_web_page_template_can_be_overridden() {
    let project = Project::fixture("kultur");
    project.run(&["mallar"]).success();
    assert!(project.path().join("templates/webb.html").is_file());
    project.write(
        "templates/webb.html",
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><title>{{ paket.titel }}</title></head><body><h1>Egen mall</h1><p>{{ sammantrade.agendaItem | length }} ärenden</p></body></html>\n",
    );
    project.run(&["publicera"]).success();
    let html = project.read(&format!("{KULTUR_WEB}/index.html"));
    assert!(html.contains("<h1>Egen mall</h1>"), "{html}");
    // Three beslutsärenden and one informationsärende.
    assert!(html.contains("<p>4 ärenden</p>"), "{html}");
}
