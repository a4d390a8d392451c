//! Limits ("Nothing personal or secret reaches the web", part one): every
//! file is measured before it is read, the worst content under each limit
//! stays under 1 GB of memory, meeting folders are named after their date,
//! and every message on the way is Swedish with its file and line.

use std::io::Write as _;
use std::time::Instant;

use kallelse::markdown::{BUDGET, MarkdownOptions, cell_weight, to_typst};

use crate::support::{Project, peak_memory};

const MEETING: &str = "content/socialnamnden/2026-12-10";
const ARENDE: &str = "content/socialnamnden/2026-12-10/arenden/01-uppfoljning-av-bostad-forst.yaml";
const DELEGATION: &str = "content/socialnamnden/2026-12-10/arenden/09-delegationsarenden.yaml";
const PLANNED: &str = "content/socialnamnden/2027-01-28";

/// The example, with the first ärende's bilaga at `bilagor/<name>`.
fn with_bilaga(name: &str) -> Project {
    let project = Project::example();
    project.edit(
        ARENDE,
        "bilagor/bostad-forst-rapport.md",
        &format!("bilagor/{name}"),
    );
    project
}

/// The example, with the delegation list at `bilagor/<name>`.
fn with_list(name: &str) -> Project {
    let project = Project::example();
    project.edit(
        DELEGATION,
        "bilagor/delegationsbeslut.csv",
        &format!("bilagor/{name}"),
    );
    project
}

fn write_bytes(project: &Project, path: &str, bytes: &[u8]) {
    std::fs::write(project.path().join(path), bytes).unwrap();
}

const GB: u64 = 1024 * 1024 * 1024;

/// Checks the meeting and asserts that it passes in under 1 GB.
fn assert_checked_under_1_gb(project: &Project, what: &str) {
    let started = Instant::now();
    let (code, peak, stderr) = peak_memory(project, &["kontrollera", MEETING]);
    eprintln!(
        "{what}: {:.0} MB, {:.1} s",
        peak as f64 / 1024.0 / 1024.0,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(code, 0, "{what}: {stderr}");
    assert!(peak < GB, "{what}: {} MB", peak / 1024 / 1024);
}

/// The largest `n` for which `make(n)` is a Markdown text the check takes
/// (within the budget and the 2 MB limit).
fn largest_accepted(make: impl Fn(usize) -> String) -> String {
    let accepted = |n: usize| {
        let text = make(n);
        text.len() <= 2 * 1024 * 1024
            && to_typst(&text, &MarkdownOptions::default())
                .errors
                .is_empty()
    };
    let (mut low, mut high) = (1, 2);
    while accepted(high) {
        low = high;
        high *= 2;
    }
    while high - low > 1 {
        let middle = (low + high) / 2;
        if accepted(middle) {
            low = middle;
        } else {
            high = middle;
        }
    }
    make(low)
}

/// Words for generated text (a fixed pseudo-random choice, the same every
/// run), long and short.
fn words(count: usize, seed: u64) -> Vec<&'static str> {
    const WORDS: &[&str] = &[
        "nämnden",
        "verksamheten",
        "internkontrollplanen",
        "uppföljning",
        "och",
        "att",
        "barn",
        "delegationsordningen",
        "beslut",
        "ekonomiskt",
        "bistånd",
        "handläggningstid",
        "riskanalys",
        "kontrollmoment",
        "för",
        "med",
        "socialtjänstlagen",
        "åtgärder",
        "ledningssystem",
        "kvalitetsarbete",
        "i",
        "som",
        "rapporten",
        "egenkontroller",
    ];
    let mut state = seed;
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            WORDS[(state >> 33) as usize % WORDS.len()]
        })
        .collect()
}

// ---------------------------------------------------------------------
// Sizes: refused before they are read.

#[test]
fn a_40_mb_markdown_bilaga_is_refused_before_it_is_read() {
    let project = with_bilaga("stor.md");
    let file = std::fs::File::create(project.path().join(MEETING).join("bilagor/stor.md")).unwrap();
    // Sparse: nothing is written.
    file.set_len(40 * 1024 * 1024).unwrap();
    let started = Instant::now();
    let run = project.run(&["kontrollera", "--format", "kort"]);
    // For BENCHMARKS.md ("Gränser"), with `-- --nocapture`.
    eprintln!(
        "40 MB Markdown-bilaga avvisad på {:.3} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(run.code(), 1);
    assert!(
        run.stdout().contains(&format!(
            "{ARENDE}:65:28: fel: filen {MEETING}/bilagor/stor.md är 40 MB; en Markdown-fil får vara högst 2 MB (tips: dela upp texten på flera bilagor, eller bifoga den som PDF)"
        )),
        "{}",
        run.stdout()
    );
    // Refused before it is read: reading it would take 40 MB.
    let (code, peak, stderr) = peak_memory(&project, &["kontrollera", MEETING]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        peak < 40 * 1024 * 1024,
        "{} MB för en avvisad bilaga",
        peak / 1024 / 1024
    );
}

#[test]
fn pdf_bilagor_images_and_lists_over_their_limits_are_refused() {
    // A PDF over 100 MB, sparse.
    let project = with_bilaga("skannad.pdf");
    let path = project.path().join(MEETING).join("bilagor/skannad.pdf");
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(b"%PDF-1.7\n").unwrap();
    file.set_len(101 * 1024 * 1024).unwrap();
    let out = project.run(&["kontrollera", "--format", "kort"]).stdout();
    assert!(
        out.contains("fel: filen content/socialnamnden/2026-12-10/bilagor/skannad.pdf är 101 MB; en PDF-bilaga får vara högst 100 MB"),
        "{out}"
    );

    // A PDF of 5 001 small pages.
    write_bytes(
        &project,
        &format!("{MEETING}/bilagor/skannad.pdf"),
        &pdf_with_pages(5_001, None),
    );
    let out = project.run(&["kontrollera", "--format", "kort"]).stdout();
    assert!(
        out.contains(&format!(
            "{ARENDE}:65:28: fel: PDF-bilagan `bilagor/skannad.pdf` har 5 001 sidor; en PDF-bilaga får ha högst 5 000"
        )),
        "{out}"
    );

    // A CSV over 2 MB.
    let project = with_list("stor.csv");
    let big = "Nr;Rubrik\n".to_owned() + &"1;x\n".repeat(600_000);
    project.write(&format!("{MEETING}/bilagor/stor.csv"), &big);
    let out = project.run(&["kontrollera", "--format", "kort"]).stdout();
    assert!(
        out.contains("bilagor/stor.csv: fel: förteckningen `bilagor/stor.csv`: filen är 2,3 MB; en CSV-fil får vara högst 2 MB (tips: dela upp förteckningen"),
        "{out}"
    );
}

/// A PDF of `pages` A4 pages, the first drawn by `content` (a Flate
/// stream) when given.
fn pdf_with_pages(pages: usize, content: Option<&[u8]>) -> Vec<u8> {
    let page = |i: usize| match (i, content) {
        (0, Some(_)) => format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R >>",
            pages + 3
        ),
        _ => "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_owned(),
    };
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Count {pages} /Kids [{}] >>",
            (0..pages)
                .map(|i| format!("{} 0 R", i + 3))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
    ];
    objects.extend((0..pages).map(|i| page(i).into_bytes()));
    if let Some(content) = content {
        let mut stream = format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            content.len()
        )
        .into_bytes();
        stream.extend(content);
        stream.extend(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

#[test]
fn a_pdf_that_unpacks_to_gigabytes_is_refused_by_the_web_version() {
    // One page whose content unpacks to 100 MB of drawing operators.
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let line = b"0 0 m\n".repeat(1024 * 1024 / 6);
    for _ in 0..100 {
        encoder.write_all(&line).unwrap();
    }
    let content = encoder.finish().unwrap();
    let project = with_bilaga("bomb.pdf");
    let pdf = pdf_with_pages(1, Some(&content));
    write_bytes(&project, &format!("{MEETING}/bilagor/bomb.pdf"), &pdf);
    // The full packet embeds the page as it is.
    project.run(&["kontrollera", MEETING]).success();
    let (code, peak, stderr) = peak_memory(&project, &["publicera", MEETING]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("fel: PDF-bilagan har en sida vars innehåll packas upp till mer än 5 MB (en så kallad dekomprimeringsbomb, eller en ovanligt tung ritning); dess text kan inte sökas igenom efter personnummer\n  --> {MEETING}/bilagor/bomb.pdf")),
        "{stderr}"
    );
    assert!(peak < GB / 2, "{} MB", peak / 1024 / 1024);
}

/// CRC-32 (as in PNG and zip).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG that claims `width` × `height` pixels (its header is all a
/// decoder reads before it allocates them).
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend(kind);
        out.extend(data);
        let mut checked = kind.to_vec();
        checked.extend(data);
        out.extend(crc32(&checked).to_be_bytes());
        out
    };
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &header));
    out.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    out.extend(chunk(b"IEND", &[]));
    out
}

#[test]
fn an_image_of_too_many_pixels_is_refused_before_typst_decodes_it() {
    let project = with_bilaga("bilder.md");
    project.write(
        &format!("{MEETING}/bilagor/bilder.md"),
        "# Karta\n\n![Karta över kommunen](bilagor/karta.png)\n",
    );
    write_bytes(
        &project,
        &format!("{MEETING}/bilagor/karta.png"),
        &png_claiming(20_000, 20_000),
    );
    let (code, peak, stderr) = peak_memory(&project, &["kontrollera", MEETING]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("fel: bilden `content/socialnamnden/2026-12-10/bilagor/karta.png` är 20 000 × 20 000 pixlar (400 miljoner); en bild får ha högst 40 miljoner pixlar"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {MEETING}/bilagor/bilder.md")),
        "{stderr}"
    );
    assert!(peak < GB / 4, "{} MB", peak / 1024 / 1024);
}

// ---------------------------------------------------------------------
// The worst content under the limits stays under 1 GB.

#[test]
fn headings_up_to_the_budget_stay_under_1_gb() {
    let text = largest_accepted(|n| (0..n).map(|i| format!("# Avsnitt {i}\n\n")).collect());
    let project = with_bilaga("rubriker.md");
    project.write(&format!("{MEETING}/bilagor/rubriker.md"), &text);
    assert_checked_under_1_gb(&project, "rubriker");
}

#[test]
fn a_table_up_to_the_budget_stays_under_1_gb() {
    let text = largest_accepted(|n| {
        let mut text = "| Nr | Rubrik | Dnr | Datum |\n|---|---|---|---|\n".to_owned();
        for i in 0..n {
            text.push_str(&format!("| {i} | x | SN26/{i} | 2026-10-01 |\n"));
        }
        text
    });
    let project = with_bilaga("tabell.md");
    project.write(&format!("{MEETING}/bilagor/tabell.md"), &text);
    assert_checked_under_1_gb(&project, "en tabell med 4 kolumner");
}

#[test]
fn a_wide_table_of_long_words_up_to_the_budget_stays_under_1_gb() {
    let columns = kallelse::limits::MAX_TABLE_COLUMNS;
    let text = largest_accepted(|n| {
        let row = |seed: u64| format!("| {} |\n", words(columns, seed).join(" | "));
        let mut text = row(0);
        text.push_str(&format!("|{}\n", "---|".repeat(columns)));
        for i in 0..n {
            text.push_str(&row(i as u64 + 1));
        }
        text
    });
    let project = with_bilaga("bred.md");
    project.write(&format!("{MEETING}/bilagor/bred.md"), &text);
    assert_checked_under_1_gb(&project, "en tabell med 30 kolumner av långa ord");
}

#[test]
fn footnotes_in_a_table_up_to_the_budget_stay_under_1_gb() {
    // typst's memory for footnotes in one table grows with their square.
    let text = largest_accepted(|n| {
        let mut text = "| Post | Källa |\n|---|---|\n".to_owned();
        for i in 0..n {
            text.push_str(&format!("| post {i}[^{i}] | x |\n"));
        }
        for i in 0..n {
            text.push_str(&format!("\n[^{i}]: Not {i}.\n"));
        }
        text
    });
    let project = with_bilaga("fotnoter.md");
    project.write(&format!("{MEETING}/bilagor/fotnoter.md"), &text);
    assert_checked_under_1_gb(&project, "fotnoter i en tabell");
}

#[test]
fn two_mb_of_prose_stays_under_1_gb() {
    let mut text = String::new();
    let mut seed = 1;
    while text.len() < 2 * 1024 * 1024 - 2_000 {
        text.push_str(&words(120, seed).join(" "));
        text.push_str(".\n\n");
        seed += 1;
    }
    assert!(
        to_typst(&text, &MarkdownOptions::default())
            .errors
            .is_empty()
    );
    let project = with_bilaga("prosa.md");
    project.write(&format!("{MEETING}/bilagor/prosa.md"), &text);
    assert_checked_under_1_gb(&project, "2 MB löptext");
}

/// The weight of a förteckning's row of `columns` cells holding `text`
/// bytes (the check's own rule, see README.md, "Gränser").
fn row_weight(columns: usize, text: usize) -> u64 {
    cell_weight(columns) * columns as u64 + text as u64 / 5
}

#[test]
fn a_csv_list_up_to_its_limit_stays_under_1_gb() {
    let project = with_list("lista.csv");
    let heading = "Punkt;Dnr;Rubrik;Beslutsfattare;Datum";
    let mut text = format!("{heading}\n");
    let mut weight = row_weight(5, heading.len() - 4);
    let mut rows = 0;
    loop {
        let row = format!(
            "1.{};SN26/{rows};{};Enhetschef;2026-10-01",
            rows % 9,
            words(3, rows as u64 + 1).join(" ")
        );
        let next = row_weight(5, row.len() - 4);
        if weight + next > BUDGET {
            break;
        }
        weight += next;
        text.push_str(&row);
        text.push('\n');
        rows += 1;
    }
    project.write(&format!("{MEETING}/bilagor/lista.csv"), &text);
    assert_checked_under_1_gb(&project, &format!("en CSV-förteckning med {rows} rader"));

    // Half as many rows again are refused, with the most it may have.
    let body: Vec<&str> = text.lines().skip(1).collect();
    let more = body[..body.len() / 2].join("\n");
    text.push_str(&more);
    text.push('\n');
    project.write(&format!("{MEETING}/bilagor/lista.csv"), &text);
    let out = project.run(&["kontrollera", "--format", "kort"]).stdout();
    assert!(
        out.contains(&format!("{DELEGATION}:19:8: fel: förteckningen har ")),
        "{out}"
    );
    assert!(
        out.contains(
            "rader med 5 kolumner; med så många kolumner och så mycket text får den ha högst"
        ),
        "{out}"
    );
}

// ---------------------------------------------------------------------
// Excel: zip bombs and sheets that claim more than they hold.

/// An .xlsx workbook with one sheet "Blad1" whose `<sheetData>` holds
/// `rows`, and `padding` bytes of spaces in the sheet (a zip bomb when
/// large: spaces compress a thousandfold).
fn xlsx(rows: &str, padding: usize) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(padding > u32::MAX as usize / 2);
    let ns = "http://schemas.openxmlformats.org";
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>{rows}"#)
            .as_bytes(),
    )
    .unwrap();
    let spaces = vec![b' '; 1024 * 1024];
    let mut left = padding;
    while left > 0 {
        let n = left.min(spaces.len());
        zip.write_all(&spaces[..n]).unwrap();
        left -= n;
    }
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

/// A row of inline-string cells at `cells` (column letters, text).
fn xlsx_row(row: usize, cells: &[(&str, &str)]) -> String {
    let cells: String = cells
        .iter()
        .map(|(column, text)| {
            format!(r#"<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>"#)
        })
        .collect();
    format!(r#"<row r="{row}">{cells}</row>"#)
}

#[test]
fn an_xlsx_zip_bomb_is_refused_in_little_memory() {
    let project = with_list("bomb.xlsx");
    let header = xlsx_row(1, &[("A", "Nr"), ("B", "Rubrik")]);
    // 3 GB of spaces in the sheet: a file of about 3 MB.
    let bomb = xlsx(&header, 3 * 1024 * 1024 * 1024);
    eprintln!("zip-bomben är {} kB", bomb.len() / 1024);
    assert!(bomb.len() < 10 * 1024 * 1024);
    write_bytes(&project, &format!("{MEETING}/bilagor/bomb.xlsx"), &bomb);
    let started = Instant::now();
    let (code, peak, stderr) = peak_memory(&project, &["kontrollera", MEETING]);
    eprintln!(
        "zip-bomb: {:.0} MB, {:.2} s",
        peak as f64 / 1024.0 / 1024.0,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("fel: förteckningen `bilagor/bomb.xlsx`: Excel-filen innehåller delen `xl/worksheets/sheet1.xml` som packas upp till mer än 50 MB; det är mer än en förteckning behöver"),
        "{stderr}"
    );
    assert!(peak < GB / 4, "{} MB", peak / 1024 / 1024);
}

#[test]
fn a_wide_xlsx_list_up_to_its_limit_stays_under_1_gb() {
    let columns = kallelse::limits::MAX_TABLE_COLUMNS;
    let letters: Vec<String> = (0..columns)
        .map(|c| {
            let letter = |i: usize| ((b'A' + i as u8) as char).to_string();
            match c {
                0..26 => letter(c),
                _ => letter(c / 26 - 1) + &letter(c % 26),
            }
        })
        .collect();
    let row = |line: usize, texts: &[&str]| {
        let cells: Vec<(&str, &str)> = letters
            .iter()
            .map(String::as_str)
            .zip(texts.iter().copied())
            .collect();
        xlsx_row(line, &cells)
    };
    let heading: Vec<String> = (0..columns).map(|c| format!("Kolumn {c}")).collect();
    let heading: Vec<&str> = heading.iter().map(String::as_str).collect();
    let mut rows = row(1, &heading);
    let mut weight = row_weight(columns, heading.iter().map(|h| h.len()).sum());
    let mut count = 0;
    loop {
        let texts = words(columns, count as u64 + 7);
        let next = row_weight(columns, texts.iter().map(|t| t.len()).sum());
        if weight + next > BUDGET {
            break;
        }
        weight += next;
        count += 1;
        rows.push_str(&row(count + 1, &texts));
    }
    let project = with_list("bred.xlsx");
    write_bytes(
        &project,
        &format!("{MEETING}/bilagor/bred.xlsx"),
        &xlsx(&rows, 0),
    );
    assert_checked_under_1_gb(
        &project,
        &format!("en Excel-förteckning med {count} rader och {columns} kolumner"),
    );
}

#[test]
fn an_xlsx_sheet_is_read_by_its_cells_not_by_what_it_claims() {
    let project = with_list("gles.xlsx");
    // Two rows a million rows apart: calamine's range would be dense.
    let rows = [
        xlsx_row(1, &[("A", "Nr"), ("B", "Rubrik")]),
        xlsx_row(2, &[("A", "1"), ("B", "Budget")]),
        xlsx_row(1_048_576, &[("A", "2"), ("B", "Bokslut")]),
    ]
    .concat();
    write_bytes(
        &project,
        &format!("{MEETING}/bilagor/gles.xlsx"),
        &xlsx(&rows, 0),
    );
    let (code, peak, stderr) = peak_memory(&project, &["kontrollera", MEETING]);
    assert_eq!(code, 0, "{stderr}");
    assert!(peak < GB / 2, "{} MB", peak / 1024 / 1024);

    // A cell in the last column.
    let rows = [
        xlsx_row(1, &[("A", "Nr"), ("B", "Rubrik")]),
        xlsx_row(2, &[("A", "1"), ("XFD", "långt bort")]),
    ]
    .concat();
    write_bytes(
        &project,
        &format!("{MEETING}/bilagor/gles.xlsx"),
        &xlsx(&rows, 0),
    );
    let out = project.run(&["kontrollera", "--format", "kort"]).stdout();
    assert!(
        out.contains(&format!(
            "{MEETING}/bilagor/gles.xlsx:2: fel: förteckningen `bilagor/gles.xlsx`: rad 2 har 16 384 kolumner; en förteckning får ha högst 30"
        )),
        "{out}"
    );
}

// ---------------------------------------------------------------------
// Markdown that typst could not set.

#[test]
fn markdown_too_deep_or_too_heavy_is_an_error_at_its_line() {
    let project = with_bilaga("djup.md");
    let path = format!("{MEETING}/bilagor/djup.md");
    // Twenty levels (8 quotes, 7 lists, 5 spans) are set …
    let twenty = format!(
        "# Djupt\n\nInledning.\n\n{}\n",
        nested(8, 6, "*a **b ~~c [d *e* f](https://x.se) g~~ h** i*")
    );
    project.write(&path, &twenty);
    let run = project.run(&["bygg", MEETING]);
    assert_eq!(run.code(), 0, "{}", run.stderr());

    // … twenty-one are not, and typst never says so in English.
    project.write(
        &path,
        &format!("# Djupt\n\nInledning.\n\n{}\n", nested(21, 0, "text")),
    );
    let out = project.run(&["kontrollera", "--format", "kort"]).stdout();
    assert!(
        out.contains(&format!(
            "{path}:5: fel: texten är nästlad i mer än 20 nivåer (citat, listor, betoningar eller länkar i varandra)"
        )),
        "{out}"
    );
    assert!(!out.contains("maximum"), "{out}");

    // A text too heavy for typst names what it holds, at the line.
    let headings: String = (0..5_000).map(|i| format!("## Rubrik {i}\n\n")).collect();
    project.write(&path, &headings);
    let out = project.run(&["kontrollera", "--format", "kort"]).stdout();
    assert!(
        out.contains(&format!(
            "{path}:7527: fel: texten är för omfattande för att sättas: hit har den 3 764 rubriker och 40 kB text (tips: en text får motsvara högst ungefär 3 800 rubriker, 21 000 tabellceller eller 65 000 stycken (typst behöver annars mer än 1 GB minne); dela upp texten"
        )),
        "{out}"
    );
}

/// Text inside `quotes` block quotes and `lists` nested lists.
fn nested(quotes: usize, lists: usize, text: &str) -> String {
    let mut lines = Vec::new();
    for level in 0..lists {
        lines.push(format!("{}- punkt {level}", "  ".repeat(level)));
    }
    lines.push(format!("{}- {text}", "  ".repeat(lists)));
    let prefix = "> ".repeat(quotes);
    lines
        .iter()
        .map(|line| format!("{prefix}{line}\n"))
        .collect()
}

// ---------------------------------------------------------------------
// Meeting folders are named after their date.

#[test]
fn meeting_folders_not_named_after_their_date_are_refused_everywhere() {
    let project = Project::example();
    let names = ["2027-01-28 x", "<b>x", "...", "2027-01-29"];
    for name in names {
        crate::support::copy_tree(
            &project.path().join(PLANNED),
            &project.path().join(format!("content/socialnamnden/{name}")),
        );
    }
    let expected = |name: &str| match name {
        "2027-01-29" => format!(
            "content/socialnamnden/{name}/sammantrade.yaml:3:8: fel: datumet 2027-01-28 stämmer inte med mappens namn `{name}` (tips: döp om mappen till 2027-01-28, eller rätta datumet)"
        ),
        _ => format!(
            "content/socialnamnden/{name}/sammantrade.yaml:3:8: fel: sammanträdesmappen `{name}` är inget datum; mappen ska heta som sammanträdets datum (ÅÅÅÅ-MM-DD) och inget annat (tips: döp om mappen till 2027-01-28)"
        ),
    };
    let run = project.run(&["kontrollera", "--format", "kort"]);
    assert_eq!(run.code(), 1);
    for name in names {
        assert!(
            run.stdout().contains(&expected(name)),
            "{name}:\n{}",
            run.stdout()
        );
    }
    // Once each, and the real planned meeting is not among them.
    assert_eq!(
        run.stdout().matches(": fel: ").count(),
        4,
        "{}",
        run.stdout()
    );
    assert!(!run.stdout().contains("2027-01-28/"), "{}", run.stdout());

    let run = project.run(&["bygg"]);
    assert_eq!(run.code(), 1);
    for name in names {
        assert!(
            run.stderr().contains(&format!(
                "content/socialnamnden/{name}/sammantrade.yaml:3:8"
            )),
            "{name}:\n{}",
            run.stderr()
        );
    }

    let run = project.run(&["webbplats", "--datum", "2026-12-01"]);
    assert_eq!(run.code(), 1);
    for name in names {
        assert!(
            run.stderr().contains(&format!(
                "content/socialnamnden/{name}/sammantrade.yaml:3:8"
            )),
            "{name}:\n{}",
            run.stderr()
        );
    }
    let site = "output/webbplats/socialnamnden";
    let calendar = project.read(&format!("{site}/kalender.ics"));
    assert_eq!(calendar.matches("BEGIN:VEVENT").count(), 13, "{calendar}");
    assert_eq!(
        calendar
            .matches("DTSTART;TZID=Europe/Stockholm:20270128")
            .count(),
        1,
        "{calendar}"
    );
    let page = project.read(&format!("{site}/index.html"));
    assert_eq!(page.matches("28 januari 2027").count(), 1, "{page}");
    for name in ["2027-01-28 x", "&lt;b&gt;x", "2027-01-29"] {
        assert!(!page.contains(name), "{name}");
    }
    let folders: Vec<String> = std::fs::read_dir(project.path().join(site))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for name in names {
        assert!(!folders.contains(&name.to_owned()), "{folders:?}");
    }
}

// ---------------------------------------------------------------------
// Swedish everywhere.

#[test]
fn yaml_tabs_and_deep_nesting_are_swedish_at_their_line() {
    let project = Project::example();
    let file = format!("{PLANNED}/sammantrade.yaml");
    project.write(
        &file,
        "datum: 2027-01-28\ntid: \"13:30\"\nplats: Sal B\nöppet: true\ngruppmöten:\n\ttid: \"12:30\"\n",
    );
    let out = project
        .run(&["kontrollera", PLANNED, "--format", "kort"])
        .stdout();
    assert!(
        out.contains(&format!(
            "{file}:6:2: fel: YAML-filen går inte att läsa: ett tabbtecken står i indraget; YAML dras in med mellanslag (tips: ersätt tabbtecknet med mellanslag"
        )),
        "{out}"
    );

    project.write(
        &file,
        &format!(
            "datum: 2027-01-28\ntid: \"13:30\"\nplats: Sal B\nöppet: true\nsekretessärenden: {}{}\n",
            "[".repeat(600),
            "]".repeat(600)
        ),
    );
    let out = project
        .run(&["kontrollera", PLANNED, "--format", "kort"])
        .stdout();
    assert!(
        out.contains(&format!(
            "{file}:5:274: fel: YAML-filen går inte att läsa: filen är nästlad i för många nivåer (listor eller nycklar i varandra)"
        )),
        "{out}"
    );
    assert!(!out.contains("recursion"), "{out}");
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let project = with_bilaga("trasig.md");
    // YAML.
    let file = format!("{PLANNED}/sammantrade.yaml");
    write_bytes(
        &project,
        &file,
        b"datum: 2027-01-28\ntid: \"13:30\"\nplats: Sal f\xf6r m\xf6ten\n\xc3\xb6ppet: true\n",
    );
    let out = project
        .run(&["kontrollera", PLANNED, "--format", "kort"])
        .stdout();
    assert!(
        out.contains(&format!(
            "{file}:3:13: fel: filen är inte sparad som UTF-8: byte 0xF6 på rad 3 är inget tecken i UTF-8 (tips: spara filen som UTF-8"
        )),
        "{out}"
    );

    // Markdown.
    let file = format!("{MEETING}/bilagor/trasig.md");
    write_bytes(&project, &file, "# Rapport\n\nÅtgärder för ".as_bytes());
    let mut bytes = std::fs::read(project.path().join(&file)).unwrap();
    bytes.extend(b"barn \x96 och unga\n");
    write_bytes(&project, &file, &bytes);
    let out = project
        .run(&["kontrollera", MEETING, "--format", "kort"])
        .stdout();
    assert!(
        out.contains(&format!(
            "{file}:3:19: fel: filen är inte sparad som UTF-8: byte 0x96 på rad 3"
        )),
        "{out}"
    );

    // A CSV that is UTF-8 (its å is) but for one byte.
    let project = with_list("trasig.csv");
    let file = format!("{MEETING}/bilagor/trasig.csv");
    write_bytes(&project, &file, b"Namn;Ort\nK\xc3\xa5re;V\xe4ster\xe5s\n");
    let out = project
        .run(&["kontrollera", MEETING, "--format", "kort"])
        .stdout();
    assert!(
        out.contains(&format!(
            "{file}:2:7: fel: förteckningen `bilagor/trasig.csv`: filen är inte sparad som UTF-8: byte 0xE4 på rad 2"
        )),
        "{out}"
    );
}

#[test]
fn a_file_where_a_folder_should_be_is_named() {
    let project = Project::example();
    let file = project.path().join("utdata");
    std::fs::write(&file, "").unwrap();
    let run = project.run(&["bygg", MEETING, "--utdata", "utdata"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("utdata är en fil, inte en mapp"),
        "{}",
        run.stderr()
    );

    std::fs::write(project.path().join("output"), "").unwrap();
    let run = project.run(&["bygg", MEETING]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("output är en fil, inte en mapp"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("finns redan"), "{}", run.stderr());

    project.write(&format!("{PLANNED}/arenden"), "");
    let run = project.run(&["kontrollera", PLANNED, "--format", "kort"]);
    assert!(
        run.stdout().contains(&format!(
            "{PLANNED}/arenden: fel: {PLANNED}/arenden är en fil, inte en mapp"
        )),
        "{}",
        run.stdout()
    );
    let run = project.run(&[
        "ny",
        "ärende",
        "Budget",
        "--sammanträde",
        "2027-01-28",
        "--nämnd",
        "socialnamnden",
    ]);
    assert!(
        run.stderr().contains("arenden är en fil, inte en mapp"),
        "{}",
        run.stderr()
    );
}

#[cfg(unix)]
#[test]
fn an_image_linked_from_outside_the_project_says_so() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::support::repo().join("tests/fixtures/diagram.png"),
        outside.path().join("diagram.png"),
    )
    .unwrap();
    let project = with_bilaga("bilder.md");
    project.write(
        &format!("{MEETING}/bilagor/bilder.md"),
        "# Besök\n\n![Besök per månad](bilagor/diagram.png)\n",
    );
    std::os::unix::fs::symlink(
        outside.path().join("diagram.png"),
        project.path().join(MEETING).join("bilagor/diagram.png"),
    )
    .unwrap();
    let out = project
        .run(&["kontrollera", MEETING, "--format", "kort"])
        .stdout();
    assert!(
        out.contains(&format!(
            "{MEETING}/bilagor/bilder.md: fel: bilden `{MEETING}/bilagor/diagram.png` är en symbolisk länk som pekar utanför projektmappen (tips: lägg en kopia av bilden i projektet"
        )),
        "{out}"
    );
    assert!(!out.contains("finns inte"), "{out}");
}

#[test]
fn the_logo_is_relative_to_the_project_root() {
    let project = Project::example();
    project.write("webbplats.yaml", "logotyp: /etc/logotyp.svg\n");
    let run = project.run(&["webbplats"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains(
            "fel: logotypen: `/etc/logotyp.svg` är en absolut sökväg; skriv en relativ sökväg"
        ),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("relativt projektmappen"),
        "{}",
        run.stderr()
    );
    assert!(
        !run.stderr().contains("sammanträdesmappen"),
        "{}",
        run.stderr()
    );
}
