//! Wide Markdown tables: no cell's text may run over another's. The text
//! runs of each page are placed from the PDF content stream (operators `cm`,
//! `Tm`, `Tf`, `TJ` and the fonts' glyph widths) and compared line by line.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};

use crate::support::{Pdf, Project};

const ARENDE: &str =
    "content/kulturnamnden/2027-01-21/arenden/01-bidrag-till-lovaktiviteter-2027.yaml";
const BILAGA: &str = "content/kulturnamnden/2027-01-21/bilagor/riksnorm.md";

/// Long first-column labels, as in a riksnorm table.
const LABELS: [&str; 7] = [
    "Livsmedel",
    "Matnorm per månad",
    "Personliga kostnader",
    "Barn- och ungdomsförsäkring",
    "Kläder och skor",
    "Personliga kostnader för hushållet",
    "Hygien",
];

/// A riksnorm-like table: a label column, short number columns and two
/// wider ones at the end.
fn riksnorm_table(columns: usize) -> String {
    let short = columns - 3;
    let mut header = vec!["Kostnadspost".to_owned()];
    header.extend((0..short).map(|i| format!("{i}–{} år", i + 2)));
    header.extend([
        "Ensamstående vuxen".to_owned(),
        "Sammanboende vuxna".to_owned(),
    ]);
    let mut lines = vec![
        format!("## Tabell med {columns} kolumner\n"),
        format!("| {} |", header.join(" | ")),
        format!("|---{}|", "|--:".repeat(columns - 1)),
    ];
    for (k, label) in LABELS.iter().enumerate() {
        let mut cells = vec![(*label).to_owned()];
        cells.extend((0..short).map(|i| ((k + 1) * (i + 3) * 37 % 4000 + 100).to_string()));
        cells.extend(["2 310".to_owned(), "14 180".to_owned()]);
        lines.push(format!("| {} |", cells.join(" | ")));
    }
    // Bold, italic and code set wider than running text.
    let mut styled = vec!["**Hushållsgemensamma** *utgiftsposter*".to_owned()];
    styled.extend((0..short).map(|i| format!("`{}`", 1000 + i)));
    styled.extend(["**2 310**".to_owned(), "*14 180*".to_owned()]);
    lines.push(format!("| {} |", styled.join(" | ")));
    lines.join("\n") + "\n\n"
}

/// A table where every column holds long words: it only fits with a smaller
/// text, hyphenation or a landscape page.
fn very_wide_table() -> String {
    const WORDS: [&str; 12] = [
        "Försörjningsstöd",
        "Ungdomsförsäkring",
        "Hemförsäkring",
        "Kommunikationskostnader",
        "Förbrukningsvaror",
        "Dagstidningskostnad",
        "Barnomsorgsavgift",
        "Hushållsel",
        "Bredbandsuppkoppling",
        "Läkemedelskostnader",
        "Arbetsresor",
        "Tandvårdskostnader",
    ];
    let mut lines = vec![
        "## Mycket bred tabell\n".to_owned(),
        format!("| {} |", WORDS.join(" | ")),
        "|---".repeat(WORDS.len()) + "|",
    ];
    for k in 0..5 {
        let mut cells = vec![LABELS[5].to_owned()];
        cells.extend((1..WORDS.len()).map(|i| format!("{} {}", WORDS[(i + k) % 12], 100 * i)));
        lines.push(format!("| {} |", cells.join(" | ")));
    }
    lines.join("\n") + "\n"
}

/// A positioned run of text: its baseline and horizontal extent in points.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    page: usize,
    y: f64,
    x0: f64,
    x1: f64,
}

/// A 2D affine matrix `[a b c d e f]` as in PDF.
type Matrix = [f64; 6];

fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn number(object: &Object) -> f64 {
    match object {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => 0.0,
    }
}

/// Glyph widths (per 1000 units of text size) of a font: a composite font's
/// `/W` array (two-byte codes) or a simple font's `/Widths`.
struct Widths {
    two_byte: bool,
    default: f64,
    widths: BTreeMap<u32, f64>,
}

impl Widths {
    fn of(doc: &Document, font: &Dictionary) -> Self {
        let resolve = |o: &Object| doc.dereference(o).map(|(_, o)| o.clone()).unwrap();
        let mut widths = BTreeMap::new();
        if let Ok(descendants) = font.get(b"DescendantFonts") {
            let descendants = resolve(descendants);
            let cid = resolve(&descendants.as_array().unwrap()[0]);
            let cid = cid.as_dict().unwrap();
            let default = cid.get(b"DW").map(number).unwrap_or(1000.0);
            if let Ok(w) = cid.get(b"W") {
                let w = resolve(w);
                let w = w.as_array().unwrap();
                let mut i = 0;
                while i < w.len() {
                    let first = number(&w[i]) as u32;
                    match resolve(&w[i + 1]) {
                        Object::Array(list) => {
                            for (k, width) in list.iter().enumerate() {
                                widths.insert(first + k as u32, number(width));
                            }
                            i += 2;
                        }
                        last => {
                            for code in first..=number(&last) as u32 {
                                widths.insert(code, number(&w[i + 2]));
                            }
                            i += 3;
                        }
                    }
                }
            }
            Self {
                two_byte: true,
                default,
                widths,
            }
        } else {
            let first = font.get(b"FirstChar").map(number).unwrap_or(0.0) as u32;
            if let Ok(w) = font.get(b"Widths") {
                for (k, width) in resolve(w).as_array().unwrap().iter().enumerate() {
                    widths.insert(first + k as u32, number(width));
                }
            }
            Self {
                two_byte: false,
                default: 0.0,
                widths,
            }
        }
    }

    /// The advance of a string in units of 1/1000 text size.
    fn advance(&self, bytes: &[u8]) -> f64 {
        let codes: Vec<u32> = if self.two_byte {
            bytes
                .chunks(2)
                .map(|c| u32::from(c[0]) << 8 | u32::from(*c.get(1).unwrap_or(&0)))
                .collect()
        } else {
            bytes.iter().map(|&b| u32::from(b)).collect()
        };
        codes
            .iter()
            .map(|c| self.widths.get(c).copied().unwrap_or(self.default))
            .sum()
    }
}

/// Every text run of every page, placed on the page.
fn text_runs(pdf: &Pdf) -> Vec<Run> {
    let doc = &pdf.doc;
    let mut runs = Vec::new();
    for (page, id) in doc.get_pages() {
        let fonts: BTreeMap<Vec<u8>, Widths> = doc
            .get_page_fonts(id)
            .unwrap()
            .into_iter()
            .map(|(name, font)| (name, Widths::of(doc, font)))
            .collect();
        let content = Content::decode(&doc.get_page_content(id).unwrap()).unwrap();
        let identity: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut ctm = identity;
        let mut stack = Vec::new();
        let mut text_matrix = identity;
        let mut font: Option<&Widths> = None;
        let mut size = 0.0;
        for op in &content.operations {
            let operands: Vec<f64> = op.operands.iter().map(number).collect();
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap_or(identity),
                "cm" => {
                    let m: Matrix = operands[..6].try_into().unwrap();
                    ctm = multiply(&m, &ctm);
                }
                "BT" => text_matrix = identity,
                "Tm" => text_matrix = operands[..6].try_into().unwrap(),
                "Td" | "TD" => {
                    let m = [1.0, 0.0, 0.0, 1.0, operands[0], operands[1]];
                    text_matrix = multiply(&m, &text_matrix);
                }
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| fonts.get(n));
                    size = operands[1];
                }
                "TJ" | "Tj" => {
                    let Some(widths) = font else { continue };
                    let items = match &op.operands[0] {
                        Object::Array(items) => items.clone(),
                        other => vec![other.clone()],
                    };
                    let mut advance = 0.0;
                    for item in &items {
                        match item {
                            Object::String(bytes, _) => advance += widths.advance(bytes),
                            other => advance -= number(other),
                        }
                    }
                    let width = advance / 1000.0 * size;
                    let m = multiply(&text_matrix, &ctm);
                    let (x0, y) = apply(&m, 0.0, 0.0);
                    let (x1, _) = apply(&m, width, 0.0);
                    runs.push(Run {
                        page: page as usize,
                        y,
                        x0: x0.min(x1),
                        x1: x0.max(x1),
                    });
                    let shift = [1.0, 0.0, 0.0, 1.0, width, 0.0];
                    text_matrix = multiply(&shift, &text_matrix);
                }
                _ => {}
            }
        }
    }
    runs
}

/// Pairs of runs on the same line whose extents overlap.
fn overlaps(runs: &[Run]) -> Vec<(Run, Run)> {
    let mut found = Vec::new();
    for (i, a) in runs.iter().enumerate() {
        for b in &runs[i + 1..] {
            let same_line = a.page == b.page && (a.y - b.y).abs() < 1.0;
            let overlap = a.x1.min(b.x1) - a.x0.max(b.x0);
            if same_line && overlap > 0.3 {
                found.push((a.clone(), b.clone()));
            }
        }
    }
    found
}

/// Builds the wide tables and checks that no text runs over other text;
/// `stil` is a project's own `stil.typ`, if any.
fn assert_no_text_over_text(stil: Option<&str>) {
    let project = Project::fixture("kultur");
    let mut markdown = String::from("# Fördelning av riksnormen\n\n");
    for columns in [8, 10, 11, 12] {
        markdown.push_str(&riksnorm_table(columns));
    }
    markdown.push_str(&very_wide_table());
    project.write(BILAGA, &markdown);
    project.edit(
        ARENDE,
        "beslutet_skickas_till:",
        "bilagor:\n  - { titel: Riksnorm, fil: bilagor/riksnorm.md }\nbeslutet_skickas_till:",
    );
    if let Some(stil) = stil {
        project.write("templates/stil.typ", stil);
    }
    project.run(&["bygg"]).success();
    let pdf = project.pdf("output/kulturnamnden/2027-01-21/kallelse.pdf");

    let pages: Vec<usize> = pdf
        .pages_with("Barn- och ungdomsförsäkring")
        .into_iter()
        .chain(pdf.pages_with("Kommunikationskostnader"))
        .map(|i| i + 1)
        .collect();
    assert!(!pages.is_empty(), "tabellerna finns inte i paketet");
    let runs: Vec<Run> = text_runs(&pdf)
        .into_iter()
        .filter(|r| pages.contains(&r.page))
        .collect();
    assert!(runs.len() > 300, "för få textbitar: {}", runs.len());
    let found = overlaps(&runs);
    assert!(
        found.is_empty(),
        "{} textbitar skriver över varandra, till exempel {:?}",
        found.len(),
        &found[..found.len().min(5)]
    );

    // Every label is printed whole or broken between words (or with a
    // hyphen), never cut off: the words are all on the pages.
    let text: String = pages.iter().map(|&p| pdf.compact_page(p - 1)).collect();
    for word in [
        "Personliga",
        "Matnorm",
        "Kostnadspost",
        "Ensamstående",
        "Hushållsgemensamma",
    ] {
        assert!(text.contains(word), "{word} saknas");
    }
}

/// The column widths come from the tool's own measuring in the house font.
#[test]
fn wide_tables_never_print_text_over_text() {
    assert_no_text_over_text(None);
}

/// A project that sets its tables in another font: the tool's widths do
/// not apply, and `tabell.typ` measures the words in typst.
#[test]
fn wide_tables_in_a_project_font_never_print_text_over_text() {
    let house = include_str!("../../templates/stil.typ");
    let own = house.replace(
        "#let brodfont = (\"Libertinus Serif\",)",
        "#let brodfont = (\"Liberation Sans\",)",
    );
    assert_ne!(own, house, "husstilens brödtypsnitt har bytt namn");
    assert_no_text_over_text(Some(&own));
}

/// The widths the tool measures agree with typst's own measuring of the
/// same words: never narrower, and within half a percent plus rounding.
/// A project `tabell.typ` prints both for every column.
#[test]
fn measured_widths_agree_with_typst() {
    let project = Project::fixture("kultur");
    let mut markdown = String::from("# Fördelning av riksnormen\n\n");
    for columns in [8, 12] {
        markdown.push_str(&riksnorm_table(columns));
    }
    markdown.push_str(&very_wide_table());
    project.write(BILAGA, &markdown);
    project.edit(
        ARENDE,
        "beslutet_skickas_till:",
        "bilagor:\n  - { titel: Riksnorm, fil: bilagor/riksnorm.md }\nbeslutet_skickas_till:",
    );
    let house = include_str!("../../templates/tabell.typ");
    project.write(
        "templates/tabell.typ",
        &format!(
            "{house}\n#let tabell(ord: (), rubrik: (), align: auto, enkel: false, ..celler) = context {{\n  \
             for k in ord [MATT #(k.em.hel * 100) #calc.max(bredast(k.hel, 100pt, false), bredast(k.rubrik, 100pt, true)).pt() \\ ]\n}}\n"
        ),
    );
    project.run(&["bygg"]).success();
    let pdf = project.pdf("output/kulturnamnden/2027-01-21/kallelse.pdf");
    let text = pdf.text();
    let pairs: Vec<(f64, f64)> = text
        .split("MATT")
        .skip(1)
        .map(|rest| {
            let mut numbers = rest.split_whitespace().map(|n| {
                n.replace('\u{2212}', "-")
                    .parse::<f64>()
                    .unwrap_or_else(|_| panic!("inget tal: {rest:.40}"))
            });
            (numbers.next().unwrap(), numbers.next().unwrap())
        })
        .collect();
    assert!(pairs.len() >= 20, "för få kolumner: {}", pairs.len());
    for (tool, typst) in &pairs {
        assert!(tool >= typst, "verktyget mätte {tool}, typst {typst}");
    }
    // Columns whose widest word is plain running text measure the same.
    let close = pairs
        .iter()
        .filter(|(tool, typst)| tool / typst < 1.006)
        .count();
    assert!(close * 2 > pairs.len(), "{pairs:?}");
}
