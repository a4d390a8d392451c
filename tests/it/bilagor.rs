//! Bilagor: numbered Markdown reports with a table of contents, embedded PDF
//! bilagor, and förteckningar read from CSV and Excel.

use kallelse::table::read_table;

use crate::packet::example;
use crate::support::{Pdf, Project, compact, repo};

const REPORT: &str = "content/socialnamnden/2026-12-10/bilagor/internkontroll-rapport.md";
const REPORT_TITLE: &str = "Bilaga: Rapport om uppföljning av internkontrollplan 2026";

/// The headings of a Markdown file with the numbers the tool should give them.
fn numbered_headings(markdown: &str) -> Vec<(String, String)> {
    let mut counters = [0usize; 3];
    markdown
        .lines()
        .filter_map(|line| {
            let level = line.chars().take_while(|&c| c == '#').count();
            if !(1..=3).contains(&level) || !line[level..].starts_with(' ') {
                return None;
            }
            counters[level - 1] += 1;
            for deeper in &mut counters[level..] {
                *deeper = 0;
            }
            let number: Vec<String> = counters[..level].iter().map(|n| n.to_string()).collect();
            Some((number.join("."), line[level..].trim().to_owned()))
        })
        .collect()
}

/// The 0-based pages of the document that starts at a bookmark.
fn document_pages(pdf: &Pdf, title: &str) -> std::ops::Range<usize> {
    let outline = pdf.outline();
    let index = outline.iter().position(|b| b.title == title).unwrap();
    let start = outline[index].page;
    let end = outline[index + 1..]
        .iter()
        .find(|b| b.level <= outline[index].level && b.page > start)
        .map_or(pdf.pages.len() + 1, |b| b.page);
    start - 1..end - 1
}

#[test]
fn report_headings_are_numbered_and_the_table_of_contents_matches() {
    let pdf = example();
    let pages = document_pages(pdf, REPORT_TITLE);
    assert!(
        pages.len() >= 15,
        "rapporten har bara {} sidor",
        pages.len()
    );
    let headings = numbered_headings(&std::fs::read_to_string(repo().join(REPORT)).unwrap());
    assert!(headings.len() > 40);

    // Where each heading is in the body: the page (within the bilaga) of its
    // second occurrence; the first is its line in the table of contents.
    let texts: Vec<String> = pages.clone().map(|i| pdf.compact_page(i)).collect();
    let joined = texts.concat();
    let page_of = |offset: usize| {
        let mut total = 0;
        texts
            .iter()
            .position(|t| {
                total += t.len();
                offset < total
            })
            .unwrap()
            + 1
    };
    let mut toc_at = 0;
    let mut body_at = joined.find("1Inledning").unwrap() + 1;
    body_at = joined[body_at..].find("1Inledning").unwrap() + body_at;
    for (number, title) in &headings {
        let needle = compact(&format!("{number} {title}"));
        // The body, in order.
        let found = joined[body_at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("rubriken {number} {title} saknas i texten"));
        body_at += found;
        let page = page_of(body_at).to_string();
        // The table of contents, in order: "1.2 Titel . . . . 3".
        let found = joined[toc_at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{number} {title} saknas i innehållsförteckningen"));
        toc_at += found + needle.len();
        let rest = joined[toc_at..].trim_start_matches('.');
        assert!(
            rest.starts_with(&page),
            "innehållsförteckningen ger fel sida för {number} {title} (väntade {page})"
        );
        toc_at = joined.len() - rest.len() + page.len();
        body_at += needle.len();
    }
}

#[test]
fn report_headings_are_bookmarked_under_the_bilaga() {
    let outline = example().outline();
    let index = outline
        .iter()
        .position(|b| b.title == REPORT_TITLE)
        .unwrap();
    let children: Vec<&str> = outline[index + 1..]
        .iter()
        .take_while(|b| b.level > 2)
        .filter(|b| b.level == 3)
        .map(|b| b.title.as_str())
        .collect();
    assert_eq!(children.len(), 8, "{children:?}");
    assert!(children[0].ends_with("Inledning"), "{children:?}");
    assert!(children[7].ends_with("Begrepp och förkortningar"));
}

#[test]
fn a_table_spanning_pages_repeats_its_header() {
    let pdf = example();
    let header = compact("Kontrollmoment Ansvarig Metod Resultat Åtgärd");
    let pages: Vec<usize> = document_pages(pdf, REPORT_TITLE)
        .filter(|&i| pdf.compact_page(i).contains(&header))
        .collect();
    assert!(
        pages.len() >= 2,
        "rubrikraden finns bara på sidorna {pages:?}"
    );
    assert!(pages.windows(2).all(|w| w[1] == w[0] + 1));

    // The delegation list from CSV also spans pages with its header.
    let list = document_pages(pdf, "Förteckning över anmälda delegationsbeslut");
    assert!(list.len() >= 2);
    for i in list {
        assert!(
            pdf.compact_page(i)
                .contains("DelegationspunktDnrRubrikBeslutsfattareDatum")
        );
    }
}

#[test]
fn every_page_of_the_pdf_bilaga_is_present_with_its_text() {
    let pdf = example();
    let source =
        Pdf::open(&repo().join("content/socialnamnden/2026-12-10/bilagor/revisionsrapport.pdf"));
    let pages = document_pages(pdf, "Bilaga: Revisionsrapport");
    assert_eq!(pages.len(), source.pages.len());
    assert_eq!(pages.len(), 12);
    for (offset, i) in pages.enumerate() {
        let embedded = pdf.compact_page(i);
        let original = source.compact_page(offset);
        assert!(original.len() > 200, "sidan {} saknar text", offset + 1);
        assert!(
            embedded.contains(&original),
            "sidan {} av bilagan skiljer sig",
            offset + 1
        );
        assert!(embedded.contains(&compact("Beslutsärende 4 · Bilaga: Revisionsrapport")));
    }
}

#[test]
fn csv_and_excel_lists_are_in_the_packet() {
    let pdf = example();
    let text = compact(&pdf.text());
    // A Windows-1252 CSV cell with å/ä/ö and an Excel row.
    let csv = read_table(
        &repo().join("content/socialnamnden/2026-12-10/bilagor/delegationsbeslut.csv"),
        None,
    )
    .unwrap();
    assert_eq!(csv.rows.len(), 45);
    for row in &csv.rows {
        assert!(text.contains(&compact(&row[2])), "{:?} saknas", row[2]);
    }
    let xlsx = read_table(
        &repo().join("content/socialnamnden/2026-12-10/bilagor/anmalningsarenden.xlsx"),
        Some("Anmälningar"),
    )
    .unwrap();
    assert_eq!(xlsx.columns, ["Nr", "Från", "Handlingsrubrik", "Dnr"]);
    assert_eq!(xlsx.rows.len(), 24);
    assert_eq!(xlsx.rows[0][0], "1");
    for row in &xlsx.rows {
        assert!(text.contains(&compact(&row[2])), "{:?} saknas", row[2]);
    }
}

#[test]
fn every_csv_variant_and_the_excel_file_give_the_same_table() {
    let dir = repo().join("tests/fixtures/forteckning");
    let expected = read_table(&dir.join("utf8.csv"), None).unwrap();
    assert_eq!(expected.columns, ["Nr", "Avsändare", "Rubrik", "Datum"]);
    assert_eq!(expected.rows.len(), 5);
    assert_eq!(expected.rows[2][2], "Första raden\nandra raden");
    for variant in ["utf8-bom.csv", "cp1252.csv", "komma.csv", "tabell.xlsx"] {
        let table = read_table(&dir.join(variant), None).unwrap();
        assert_eq!(
            (&table.columns, &table.rows),
            (&expected.columns, &expected.rows),
            "{variant}"
        );
        if variant.ends_with(".csv") {
            // Same layout in every CSV variant, CRLF or not.
            assert_eq!(table.lines, expected.lines, "{variant}");
        }
    }
}

const ARENDE: &str =
    "content/kulturnamnden/2027-01-21/arenden/01-bidrag-till-lovaktiviteter-2027.yaml";

fn with_forteckning(project: &Project, file: &str, source: &str) {
    std::fs::copy(
        repo().join("tests/fixtures/forteckning").join(source),
        project
            .path()
            .join("content/kulturnamnden/2027-01-21")
            .join(file),
    )
    .unwrap();
    project.edit(
        ARENDE,
        "beslutet_skickas_till:",
        &format!(
            "förteckning:\n  titel: Inkomna handlingar\n  fil: {file}\nbeslutet_skickas_till:"
        ),
    );
}

/// Adds a bilaga to the first ärende of the kultur fixture.
fn with_bilaga(project: &Project, titel: &str, fil: &str) {
    project.edit(
        ARENDE,
        "beslutet_skickas_till:",
        &format!("bilagor:\n  - {{ titel: {titel}, fil: {fil} }}\nbeslutet_skickas_till:"),
    );
}

#[test]
fn a_csv_row_with_the_wrong_number_of_cells_names_file_and_row() {
    // Data row 4 is on line 6: row 3 has a quoted line break.
    let project = Project::fixture("kultur");
    with_forteckning(&project, "lista.csv", "fel-antal.csv");
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(
        err.contains(
            "fel: förteckningen `lista.csv`: raden 6 har 3 celler men tabellen har 4 kolumner"
        ),
        "{err}"
    );
    assert!(
        err.contains("--> content/kulturnamnden/2027-01-21/lista.csv:6"),
        "{err}"
    );
}

#[test]
fn a_list_from_excel_builds_with_its_own_page() {
    let project = Project::fixture("kultur");
    with_forteckning(&project, "lista.xlsx", "tabell.xlsx");
    project.run(&["bygg"]).success();
    let pdf = project.pdf("output/kulturnamnden/2027-01-21/kallelse.pdf");
    let pages = document_pages(&pdf, "Inkomna handlingar");
    let text = pdf.compact_page(pages.start);
    assert!(
        text.contains(&compact("Nr Avsändare Rubrik Datum")),
        "{text}"
    );
    assert!(text.contains(&compact("Första raden andra raden")));
}

#[test]
fn a_typed_section_number_gets_a_warning_with_its_line() {
    let project = Project::fixture("kultur");
    project.write(
        "content/kulturnamnden/2027-01-21/bilagor/plan.md",
        "# Bakgrund\n\nText.\n\n## 2.1 Mål\n\nMer text.\n",
    );
    with_bilaga(&project, "Plan", "bilagor/plan.md");
    let run = project.run(&["bygg"]).success();
    let err = run.stderr();
    assert!(
        err.contains(
            "varning: rubriken \"2.1 Mål\" börjar med numret 2.1; rubrikerna numreras automatiskt"
        ),
        "{err}"
    );
    assert!(
        err.contains("--> content/kulturnamnden/2027-01-21/bilagor/plan.md:5"),
        "{err}"
    );
}

#[test]
fn a_bilaga_with_its_own_numbers_keeps_them() {
    // An överenskommelse numbers its goals as the municipality does: 4.1.3,
    // 4.5.2, 5.5.11, with gaps; `numrering: egen` keeps those numbers in the
    // text, the table of contents and the bookmarks.
    let project = Project::fixture("kultur");
    project.write(
        "content/kulturnamnden/2027-01-21/bilagor/overenskommelse.md",
        "# 4 Ett tryggt liv\n\nInledning.\n\n## 4.1.3 Stärka barns uppväxt\n\nText.\n\n\
         ## 4.5.2 Fler i arbete\n\nText.\n\n# 5 Hållbar utveckling\n\n\
         ## 5.5.11 Minska utsläppen\n\nText.\n\n## Uppföljning\n\nSist.\n",
    );
    project.edit(
        ARENDE,
        "beslutet_skickas_till:",
        "bilagor:\n  - { titel: Överenskommelse 2027, fil: bilagor/overenskommelse.md, numrering: egen, innehållsförteckning: ja }\nbeslutet_skickas_till:",
    );
    let run = project.run(&["bygg"]).success();
    assert!(
        !run.stderr().contains("numreras automatiskt"),
        "{}",
        run.stderr()
    );
    let pdf = project.pdf("output/kulturnamnden/2027-01-21/kallelse.pdf");
    let pages = document_pages(&pdf, "Bilaga: Överenskommelse 2027");
    let text: String = pages.map(|i| pdf.compact_page(i)).collect();
    // Each heading twice (contents and body) with its own number, never
    // with one of the tool's in front of it.
    for heading in [
        "4.1.3Stärkabarnsuppväxt",
        "4.5.2Fleriarbete",
        "5.5.11Minskautsläppen",
    ] {
        assert_eq!(text.matches(heading).count(), 2, "{heading}: {text}");
    }
    // In the body, nothing stands between a text and the next heading's
    // own number (or an unnumbered heading's title).
    for adjacent in [
        "Inledning.4.1.3Stärkabarnsuppväxt",
        "Text.5Hållbarutveckling5.5.11Minskautsläppen",
        "Text.UppföljningSist.",
    ] {
        assert!(text.contains(adjacent), "{adjacent}: {text}");
    }
    let outline: Vec<String> = pdf.outline().into_iter().map(|b| b.title).collect();
    for title in [
        "4.1.3 Stärka barns uppväxt",
        "5.5.11 Minska utsläppen",
        "Uppföljning",
    ] {
        assert!(outline.iter().any(|t| t == title), "{title}: {outline:?}");
    }

    // A misspelled value gets the closest one.
    project.edit(ARENDE, "numrering: egen", "numrering: egn");
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("`egn` är inget sätt att numrera rubriker"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("menade du `egen`?"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_empty_pdf_bilaga_is_refused() {
    let project = Project::fixture("kultur");
    project.write(
        "content/kulturnamnden/2027-01-21/bilagor/revisionsrapport.pdf",
        "",
    );
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("PDF-bilagan `bilagor/revisionsrapport.pdf` är skadad eller ingen PDF"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_encrypted_pdf_bilaga_is_named() {
    let project = Project::fixture("kultur");
    std::fs::copy(
        repo().join("tests/fixtures/krypterad.pdf"),
        project
            .path()
            .join("content/kulturnamnden/2027-01-21/bilagor/revisionsrapport.pdf"),
    )
    .unwrap();
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains(
            "PDF-bilagan `bilagor/revisionsrapport.pdf` är lösenordsskyddad eller krypterad"
        ),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_report_of_sixty_pages_builds() {
    let project = Project::fixture("kultur");
    let report = std::fs::read_to_string(repo().join(REPORT)).unwrap();
    project.write(
        "content/kulturnamnden/2027-01-21/bilagor/lang.md",
        &[report.as_str(); 4].join("\n\n"),
    );
    with_bilaga(&project, "Lång rapport", "bilagor/lang.md");
    project.run(&["bygg"]).success();
    let pdf = project.pdf("output/kulturnamnden/2027-01-21/kallelse.pdf");
    let pages = document_pages(&pdf, "Bilaga: Lång rapport");
    assert!(pages.len() >= 60, "{} sidor", pages.len());
    // Numbering runs on through the repeated chapters: 8 chapters, four times.
    assert_eq!(pdf.pages_with("32 Begrepp och förkortningar").len(), 2);
}

#[test]
fn images_in_a_bilaga_need_alt_text_and_must_exist() {
    let project = Project::fixture("kultur");
    let meeting = project.path().join("content/kulturnamnden/2027-01-21");
    std::fs::copy(
        repo().join("tests/fixtures/diagram.png"),
        meeting.join("bilagor/diagram.png"),
    )
    .unwrap();
    project.write(
        "content/kulturnamnden/2027-01-21/bilagor/bilder.md",
        "# Besök\n\n![Stapeldiagram över besök per månad](bilagor/diagram.png)\n\n![](bilagor/diagram.png)\n",
    );
    with_bilaga(&project, "Bilder", "bilagor/bilder.md");
    let run = project.run(&["bygg"]).success();
    let err = run.stderr();
    assert!(
        err.contains("varning: bilden `bilagor/diagram.png` saknar alternativtext"),
        "{err}"
    );
    assert!(err.contains("bilder.md:5"), "{err}");

    // The web version must be accessible: there it is an error, and an
    // image with alt text passes typst's PDF/UA check.
    let run = project.run(&["publicera"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("fel: bilden `bilagor/diagram.png` saknar alternativtext"),
        "{}",
        run.stderr()
    );
    project.write(
        "content/kulturnamnden/2027-01-21/bilagor/bilder.md",
        "# Besök\n\n![Stapeldiagram över besök per månad](bilagor/diagram.png)\n",
    );
    project.run(&["publicera"]).success();

    project.write(
        "content/kulturnamnden/2027-01-21/bilagor/bilder.md",
        "# Besök\n\n![Diagram](bilagor/finns-inte.png)\n",
    );
    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains(
            "bilden `content/kulturnamnden/2027-01-21/bilagor/finns-inte.png` finns inte"
        ),
        "{}",
        run.stderr()
    );
}
