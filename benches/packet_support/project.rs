//! Writes the benchmark's kallelse projects: `content/<nämnd>/<datum>/` with
//! ärenden, Markdown and PDF bilagor and förteckningar, all deterministic.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use super::prose::{self, Rng};

pub const NAMND: &str = "omsorgsnamnden";
pub const DATUM: &str = "2026-12-10";

/// The phrase in ärende 1 whose number the rebuild measurement changes.
pub const EDIT_MARKER: &str = "Underlaget har stämts av i omgång ";

/// What one generated project contains.
#[derive(Debug, Clone)]
pub struct Case {
    /// Name of the case (also the project's folder name).
    pub name: &'static str,
    /// Beslutsärenden with a tjänsteskrivelse.
    pub arenden: usize,
    /// Markdown bilagor (each about 6–7 pages).
    pub md_bilagor: usize,
    /// Copies of the 66-page PDF bilaga.
    pub pdf_bilagor: usize,
    /// Rows of the delegation list (CSV).
    pub delegationsbeslut: usize,
    /// Rows of the anmälan list (inline in the YAML).
    pub anmalningar: usize,
    pub sekretessarenden: usize,
    pub informationsarenden: usize,
}

pub const CASES: &[Case] = &[
    Case {
        name: "referens",
        arenden: 14,
        md_bilagor: 6,
        pdf_bilagor: 1,
        delegationsbeslut: 60,
        anmalningar: 20,
        sekretessarenden: 2,
        informationsarenden: 4,
    },
    Case {
        name: "50-arenden",
        arenden: 50,
        md_bilagor: 10,
        pdf_bilagor: 1,
        delegationsbeslut: 120,
        anmalningar: 40,
        sekretessarenden: 3,
        informationsarenden: 5,
    },
    Case {
        name: "200-arenden",
        arenden: 200,
        md_bilagor: 16,
        pdf_bilagor: 1,
        delegationsbeslut: 240,
        anmalningar: 80,
        sekretessarenden: 4,
        informationsarenden: 6,
    },
];

/// The meeting folder of a project.
pub fn meeting_dir(project: &Path) -> PathBuf {
    project.join("content").join(NAMND).join(DATUM)
}

pub fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A YAML double-quoted string.
pub fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A YAML block scalar (`|`) indented by `indent` spaces, after a key.
pub fn block(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::from("|\n");
    for line in text.trim_end().lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
    out
}

const NAMND_YAML: &str = "\
namn: Omsorgsnämnden
förkortning: ON
organisation: Norrviks kommun
ordförande: { namn: Birgitta Holm, titel: Ordförande }
sekreterare:
  namn: Per Vikström
  titel: Nämndsekreterare
  e-post: per.vikstrom@norrvik.se
  telefon: 0650-12 34 00
kontakt:
  postadress: Norrviks kommun, 820 10 Norrvik
  besöksadress: Storgatan 4
  telefon: 0650-12 00 00
  e-post: kommun@norrvik.se
  webb: www.norrvik.se
  org_nr: 212000-0001
";

const HANDLAGGARE: &[(&str, &str)] = &[
    ("Anna Berglund", "Utredare"),
    ("Erik Sandström", "Kvalitetsstrateg"),
    ("Maria Lundin", "Verksamhetsutvecklare"),
    ("Johan Ekberg", "Controller"),
    ("Lena Forsberg", "Områdeschef"),
    ("Karl Nyström", "Sakkunnig"),
];

pub const KINDS: &[&str] = &[
    "Uppföljning av",
    "Yttrande över remiss om",
    "Revidering av riktlinjer för",
    "Redovisning av",
    "Utvärdering av",
    "Återrapportering om",
    "Handlingsplan för",
    "Inriktning för",
];

/// The topic of ärende `i`.
fn topic(i: usize) -> &'static str {
    prose::TOPICS[i % prose::TOPICS.len()]
}

/// A unique rubrik for ärende `i`: every (kind, topic) pair once in the
/// first `KINDS × TOPICS` ärenden (the list lengths are coprime plus one),
/// then again with an area.
fn rubrik(i: usize) -> String {
    let k = KINDS.len();
    let t = prose::TOPICS.len();
    let mut s = format!("{} {}", KINDS[(i + i / t) % k], topic(i));
    if i >= k * t {
        let _ = write!(
            s,
            " inom {}",
            prose::AREAS[(i / (k * t) - 1) % prose::AREAS.len()]
        );
    }
    s
}

/// An ASCII file name part: lower case, `-` for everything else.
pub fn ascii_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            'å' | 'ä' | 'Å' | 'Ä' => 'a',
            'ö' | 'Ö' => 'o',
            'é' => 'e',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => '-',
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out.trim_matches('-').chars().take(40).collect()
}

/// The text of a Markdown bilaga: `chapters` chapters of two or three
/// sections with paragraphs, lists, tables and footnotes.
pub fn report(rng: &mut Rng, chapters: usize, paragraphs_per_section: u64) -> String {
    let mut out = String::new();
    let mut footnotes = Vec::new();
    for c in 0..chapters {
        let _ = writeln!(out, "# {}\n", prose::CHAPTERS[c % prose::CHAPTERS.len()]);
        let _ = writeln!(out, "{}\n", prose::paragraph(rng, 4, 6, true));
        let sections = rng.range(2, 3);
        for s in 0..sections {
            let _ = writeln!(
                out,
                "## {}\n",
                prose::capitalize(prose::TOPICS[(c * 3 + s as usize * 7) % prose::TOPICS.len()])
            );
            for p in 0..paragraphs_per_section {
                let mut text = prose::paragraph(rng, 5, 7, true);
                if p == 0 && rng.chance(35) {
                    footnotes.push(format!(
                        "Källa: verksamhetssystemets statistik för {}, uttag i november 2026.",
                        prose::AREAS[footnotes.len() % prose::AREAS.len()]
                    ));
                    let _ = write!(text, "[^{}]", footnotes.len());
                }
                let _ = writeln!(out, "{text}\n");
            }
            match (c + s as usize) % 4 {
                0 => {
                    let _ = writeln!(out, "{}", prose::bullet_list(rng));
                }
                1 => {
                    let _ = writeln!(out, "{}\n", prose::sentence(rng, false));
                    let rows = rng.range(6, 12);
                    let _ = writeln!(out, "{}", prose::table(rng, rows));
                }
                2 => {
                    let _ = writeln!(
                        out,
                        "### {}\n",
                        prose::capitalize(prose::TOPICS[(c * 5 + 3) % prose::TOPICS.len()])
                    );
                    let _ = writeln!(out, "{}\n", prose::paragraph(rng, 4, 6, true));
                    let _ = writeln!(out, "{}", prose::numbered_list(rng));
                }
                _ => {
                    let _ = writeln!(out, "> {}\n", prose::sentence(rng, false));
                }
            }
        }
    }
    for (n, note) in footnotes.iter().enumerate() {
        let _ = writeln!(out, "[^{}]: {note}", n + 1);
    }
    out
}

struct Bilaga {
    titel: String,
    fil: String,
}

/// The YAML of beslutsärende `i` (0-based).
fn arende_yaml(i: usize, bilagor: &[Bilaga], rng: &mut Rng) -> String {
    let (namn, titel) = HANDLAGGARE[i % HANDLAGGARE.len()];
    let epost = format!("{}@norrvik.se", ascii_slug(namn).replace('-', "."));
    let day = 2 + (i % 20);

    let sammanfattning = [
        prose::paragraph(rng, 3, 4, true),
        prose::paragraph(rng, 1, 2, true),
    ]
    .join("\n\n");

    let mut bakgrund = vec![
        prose::paragraph(rng, 4, 6, true),
        prose::paragraph(rng, 4, 6, true),
    ];
    if i == 0 {
        // The rebuild measurement edits the number after the marker.
        bakgrund.push(format!("{EDIT_MARKER}1 inför sammanträdet."));
    }
    bakgrund.push(format!(
        "Uppdraget omfattar särskilt att\n\n{}",
        prose::numbered_list(rng).trim_end()
    ));
    bakgrund.push(prose::paragraph(rng, 4, 6, true));
    bakgrund.push(prose::paragraph(rng, 4, 6, true));
    bakgrund.push(prose::paragraph(rng, 3, 5, true));
    bakgrund.push(prose::paragraph(rng, 4, 6, true));
    if i % 3 == 1 {
        let rows = rng.range(4, 6);
        bakgrund.push(prose::table(rng, rows).trim_end().to_owned());
    }
    bakgrund.push(prose::paragraph(rng, 4, 6, true));

    let mut forslag = vec![
        prose::paragraph(rng, 3, 4, true),
        format!(
            "Förvaltningen lyfter fram följande utvecklingsområden:\n\n{}",
            prose::bullet_list(rng).trim_end()
        ),
    ];
    if !bilagor.is_empty() {
        forslag.push(format!(
            "Underlaget redovisas närmare enligt bilaga. {}",
            prose::paragraph(rng, 1, 2, true)
        ));
    }
    forslag.push(prose::paragraph(rng, 2, 3, true));

    let beror = i.is_multiple_of(3);
    let motivering = if beror {
        format!(
            "Ja. Ärendet rör insatser som kan påverka barn i familjer som får stöd. {}",
            prose::paragraph(rng, 1, 2, false)
        )
    } else {
        format!(
            "Nej. Ärendet gäller en uppföljning och innebär inga förändringar för enskilda barn. {}",
            prose::paragraph(rng, 1, 1, false)
        )
    };

    let mut y = String::new();
    let _ = writeln!(y, "rubrik: {}", q(&rubrik(i)));
    let _ = writeln!(y, "diarienummer: ON26/{}", 100 + i);
    let _ = writeln!(y, "tjänsteskrivelse:");
    let _ = writeln!(y, "  datum: 2026-11-{day:02}");
    let _ = writeln!(y, "  avsändare: Förvaltningen för vård och omsorg, Staben");
    let _ = writeln!(
        y,
        "  handläggare: {{ namn: {namn}, titel: {titel}, e-post: {epost} }}"
    );
    let _ = writeln!(y, "  godkänd: 2026-11-{:02}", day + 3);
    let _ = write!(y, "sammanfattning: {}", block(&sammanfattning, 2));
    let _ = write!(y, "bakgrund: {}", block(&bakgrund.join("\n\n"), 2));
    let _ = write!(y, "förslag: {}", block(&forslag.join("\n\n"), 2));
    let _ = writeln!(y, "barnrättsprövning:");
    let _ = writeln!(y, "  berör_barn: {}", if beror { "ja" } else { "nej" });
    let _ = write!(y, "  motivering: {}", block(&motivering, 4));
    let _ = writeln!(y, "förslag_till_beslut:");
    let _ = writeln!(y, "  - att godkänna redovisningen av {}", topic(i));
    let _ = writeln!(
        y,
        "  - att uppdra åt förvaltningen att {} {} och återkomma till nämnden i juni 2027",
        prose::INFINITIVES[i % prose::INFINITIVES.len()],
        prose::TOPICS[(i + 5) % prose::TOPICS.len()]
    );
    if i.is_multiple_of(2) {
        let _ = writeln!(y, "  - att i övrigt lägga informationen till handlingarna");
    }
    let _ = writeln!(y, "beslutet_skickas_till:");
    let _ = writeln!(y, "  - Förvaltningen för vård och omsorg");
    let _ = writeln!(y, "  - Kommunstyrelsen för kännedom");
    if !bilagor.is_empty() {
        let _ = writeln!(y, "bilagor:");
        for b in bilagor {
            let _ = writeln!(y, "  - titel: {}", q(&b.titel));
            let _ = writeln!(y, "    fil: {}", b.fil);
        }
    }
    y
}

fn sammantrade_yaml(case: &Case) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "datum: {DATUM}");
    let _ = writeln!(y, "tid: \"13:00\"");
    let _ = writeln!(y, "plats: Kommunhuset, sammanträdesrummet Älven");
    let _ = writeln!(y, "öppet: true");
    let _ = writeln!(y, "första_paragraf: 101");
    let _ = writeln!(y, "gruppmöten:");
    let _ = writeln!(y, "  tid: \"12:00–13:00\"");
    let _ = writeln!(y, "  lokaler:");
    let _ = writeln!(
        y,
        "    - {{ grupp: \"S-, V- och MP-grupp\", lokal: Älven }}"
    );
    let _ = writeln!(
        y,
        "    - {{ grupp: \"M-, C-, KD- och L-grupp\", lokal: Forsen }}"
    );
    let _ = writeln!(y, "    - {{ grupp: SD-grupp, lokal: Bryggan }}");
    let sekretess = [
        "Ansökan om vård enligt lagen om vård av unga",
        "Prövning av fortsatt placering i familjehem",
        "Överklagande av beslut om bistånd",
        "Anmälan enligt lex Sarah",
        "Yttrande till förvaltningsrätten",
        "Fråga om umgängesbegränsning",
    ];
    let _ = writeln!(y, "sekretessärenden:");
    for (n, rubrik) in sekretess
        .iter()
        .cycle()
        .take(case.sekretessarenden)
        .enumerate()
    {
        let _ = writeln!(y, "  - rubrik: {rubrik}");
        let _ = writeln!(y, "    diarienummer: ON26/{}", 20 + n);
        let _ = writeln!(y, "    handling: \"ON26/{}:{}\"", 20 + n, 3 + n);
    }
    let info = [
        ("Läget inom försörjningsstödet", "Områdeschef"),
        ("Arbetet med den nya socialtjänstlagen", "Utvecklingsledare"),
        ("Aktuella tillsynsärenden", "Kvalitetsstrateg"),
        ("Ekonomisk prognos efter oktober", "Controller"),
        ("Rekrytering av familjehem", "Enhetschef"),
        ("Brukarrådets synpunkter", "Ordförande"),
    ];
    let _ = writeln!(y, "informationsärenden:");
    for (n, (rubrik, vem)) in info
        .iter()
        .cycle()
        .take(case.informationsarenden)
        .enumerate()
    {
        let _ = writeln!(y, "  - rubrik: {rubrik}");
        let _ = writeln!(y, "    föredragande: {vem}");
        if n.is_multiple_of(2) {
            let _ = writeln!(y, "    diarienummer: ON26/{}", 40 + n);
        }
    }
    y
}

fn delegation_csv(rows: usize, rng: &mut Rng) -> String {
    const BESLUT: &[&str] = &[
        "Beslut om bistånd i form av hemtjänst",
        "Beslut om avslag på ansökan om försörjningsstöd",
        "Beslut om kontaktperson enligt SoL",
        "Beslut om placering i familjehem",
        "Beslut om att inleda utredning",
        "Beslut om att inte inleda utredning",
        "Beslut om förlängd utredningstid",
        "Lista över delegationsbeslut i oktober",
        "Beslut om avgift för hemtjänst",
        "Beslut om färdtjänst",
    ];
    const FATTARE: &[&str] = &[
        "Handläggare",
        "Enhetschef",
        "Områdeschef",
        "Ordförande",
        "Socialchef",
    ];
    let mut out = String::from("Delegationspunkt;Dnr;Rubrik;Beslutsfattare;Datum\n");
    for r in 0..rows {
        let _ = writeln!(
            out,
            "{}.{}.{};ON26/4:{};{} – {};{};2026-{:02}-{:02}",
            rng.range(1, 6),
            rng.range(1, 4),
            rng.range(1, 9),
            30 + r,
            rng.pick(BESLUT),
            prose::AREAS[r % prose::AREAS.len()],
            rng.pick(FATTARE),
            9 + (r * 3 / rows.max(1)),
            1 + (r % 28)
        );
    }
    out
}

fn routine_yaml_delegation() -> String {
    "\
rubrik: Delegationsärenden
diarienummer: ON26/4
bakgrund: |
  Beslut som fattas med stöd av nämndens delegationsordning ska anmälas till
  nämnden. Anmälan innebär inte att nämnden prövar besluten på nytt, men den
  ger nämnden insyn i hur delegationen används.

  Förteckningen omfattar beslut som registrerats till och med 2026-11-27.
  Ledamöter som vill läsa ett enskilt beslut kan vända sig till
  nämndsekreteraren i god tid före sammanträdet.
förslag_till_beslut:
  - att lägga förtecknade delegationsbeslut till handlingarna
förteckning:
  titel: Förteckning över anmälda delegationsbeslut
  fil: bilagor/delegationsbeslut.csv
"
    .to_owned()
}

fn routine_yaml_anmalan(rows: usize, rng: &mut Rng) -> String {
    const FRAN: &[&str] = &[
        "Kommunfullmäktige",
        "Kommunstyrelsen",
        "Inspektionen för vård och omsorg",
        "Förvaltningsrätten",
        "Region Norrmark",
        "Pensionärsrådet",
    ];
    const RUBRIK: &[&str] = &[
        "Protokollsutdrag om budget 2027",
        "Beslut efter tillsyn",
        "Dom i mål om bistånd",
        "Protokoll från samverkansmöte",
        "Riktlinjer för intern kontroll",
        "Minnesanteckningar från rådets möte",
    ];
    let mut y = String::from(
        "\
rubrik: Anmälningsärenden
diarienummer: ON26/1
bakgrund: |
  Till nämnden anmäls handlingar som kommit in och som ledamöterna bör känna
  till, till exempel beslut från andra nämnder, tillsynsmyndigheter och
  domstolar samt protokoll från råd och samverkansorgan.
förslag_till_beslut:
  - att lägga förtecknade anmälningsärenden till handlingarna
förteckning:
  titel: Förteckning över inkomna anmälningsärenden
  kolumner: [Nr, Från, Handlingsrubrik, Dnr]
  rader:
",
    );
    for r in 0..rows {
        let _ = writeln!(
            y,
            "    - [\"{}\", \"{}\", \"{}\", \"ON26/1:{}\"]",
            r + 1,
            rng.pick(FRAN),
            rng.pick(RUBRIK),
            10 + r
        );
    }
    y
}

/// Replaces `root` with a new project holding only the nämnd; returns the
/// meeting folder.
fn start_project(root: &Path) -> PathBuf {
    if root.exists() {
        fs::remove_dir_all(root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    }
    write(
        &root.join("content").join(NAMND).join("namnd.yaml"),
        NAMND_YAML,
    );
    meeting_dir(root)
}

/// Writes the project of `case` under `root` (replacing it), with copies of
/// `pdf_bilaga` as its PDF bilagor.
pub fn write_project(root: &Path, case: &Case, pdf_bilaga: &Path) {
    let meeting = start_project(root);
    write(&meeting.join("sammantrade.yaml"), &sammantrade_yaml(case));

    let total = case.arenden + 2;
    let width = total.to_string().len().max(2);
    let mut rng = Rng::new(case.arenden as u64);
    let mut attached: Vec<Vec<Bilaga>> = (0..case.arenden).map(|_| Vec::new()).collect();
    for j in 0..case.md_bilagor {
        let i = j * case.arenden / case.md_bilagor;
        let fil = format!("bilagor/rapport-{:03}.md", j + 1);
        let chapters = 3 + (j % 3);
        write(&meeting.join(&fil), &report(&mut rng, chapters, 2));
        attached[i].push(Bilaga {
            titel: format!(
                "Rapport: {}",
                prose::capitalize(prose::TOPICS[j % prose::TOPICS.len()])
            ),
            fil,
        });
    }
    for j in 0..case.pdf_bilagor {
        let i = 1 + j * case.arenden / case.pdf_bilagor;
        let fil = format!("bilagor/granskningsrapport-{}.pdf", j + 1);
        let target = meeting.join(&fil);
        fs::create_dir_all(target.parent().expect("bilagor"))
            .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        fs::copy(pdf_bilaga, &target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        attached[i].push(Bilaga {
            titel: "Granskningsrapport från revisorerna".to_owned(),
            fil,
        });
    }
    for (i, bilagor) in attached.iter().enumerate() {
        let yaml = arende_yaml(i, bilagor, &mut rng);
        let name = format!("{:0width$}-{}.yaml", i + 1, ascii_slug(&rubrik(i)));
        write(&meeting.join("arenden").join(name), &yaml);
    }
    write(
        &meeting.join("bilagor/delegationsbeslut.csv"),
        &delegation_csv(case.delegationsbeslut, &mut rng),
    );
    write(
        &meeting.join("arenden").join(format!(
            "{:0width$}-delegationsarenden.yaml",
            case.arenden + 1
        )),
        &routine_yaml_delegation(),
    );
    write(
        &meeting.join("arenden").join(format!(
            "{:0width$}-anmalningsarenden.yaml",
            case.arenden + 2
        )),
        &routine_yaml_anmalan(case.anmalningar, &mut rng),
    );
}

/// The ärende file whose text the rebuild measurement edits.
pub fn edited_arende(project: &Path) -> PathBuf {
    let dir = meeting_dir(project).join("arenden");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("katalogpost").path())
        .collect();
    files.sort();
    files.into_iter().next().expect("minst ett ärende")
}

/// Changes one word of the edited ärende: the number after [`EDIT_MARKER`].
pub fn edit_one_word(project: &Path, round: usize) {
    edit_file(&edited_arende(project), round);
}

/// Changes the number after [`EDIT_MARKER`] in `path` to `round`.
pub fn edit_file(path: &Path, round: usize) {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = text.find(EDIT_MARKER).expect("markören finns i ärendet") + EDIT_MARKER.len();
    let end = start
        + text[start..]
            .find(|c: char| !c.is_ascii_digit())
            .expect("ett tal efter markören");
    let edited = format!("{}{}{}", &text[..start], round, &text[end..]);
    write(path, &edited);
}

/// A long report of exactly `paragraphs` paragraphs: a chapter every nine
/// and a section every three, with a table in each chapter. Appending
/// paragraphs only adds text at the end, so the page count grows
/// monotonically with `paragraphs`.
fn long_report(rng: &mut Rng, paragraphs: usize) -> String {
    let mut out = String::new();
    for p in 0..paragraphs {
        if p.is_multiple_of(9) {
            let c = p / 9;
            let _ = writeln!(out, "# {}\n", prose::CHAPTERS[c % prose::CHAPTERS.len()]);
        }
        if p.is_multiple_of(3) {
            let _ = writeln!(
                out,
                "## {}\n",
                prose::capitalize(prose::TOPICS[(p / 3) % prose::TOPICS.len()])
            );
        }
        let _ = writeln!(out, "{}\n", prose::paragraph(rng, 5, 7, true));
        if p % 9 == 4 {
            let rows = rng.range(5, 9);
            let _ = writeln!(out, "{}", prose::table(rng, rows));
        } else if p % 9 == 7 {
            let _ = writeln!(out, "{}", prose::bullet_list(rng));
        }
    }
    out
}

/// A small project whose single ärende has one long Markdown bilaga of
/// `paragraphs` paragraphs: built, it gives the PDF bilaga of the real cases.
pub fn write_pdf_source_project(root: &Path, paragraphs: usize) {
    let meeting = start_project(root);
    let case = Case {
        name: "pdf-kalla",
        arenden: 1,
        md_bilagor: 1,
        pdf_bilagor: 0,
        delegationsbeslut: 0,
        anmalningar: 0,
        sekretessarenden: 1,
        informationsarenden: 1,
    };
    write(&meeting.join("sammantrade.yaml"), &sammantrade_yaml(&case));
    let mut rng = Rng::new(66);
    let yaml = arende_yaml(
        1,
        &[Bilaga {
            titel: "Granskning av styrning och uppföljning".to_owned(),
            fil: "bilagor/granskning.md".to_owned(),
        }],
        &mut rng,
    );
    write(&meeting.join("arenden/01-granskning.yaml"), &yaml);
    write(
        &meeting.join("bilagor/granskning.md"),
        &long_report(&mut rng, paragraphs),
    );
}
