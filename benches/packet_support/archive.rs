//! Writes the archive of the `webbplats` benchmark: eight nämnder with ten
//! meetings a year for five years (400 meetings), short packets, and a
//! `protokoll.yaml` for every meeting before [`DATUM`]. All deterministic:
//! every meeting has its own fixed-seed PRNG, so the bytes do not depend on
//! the order they are written in.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::project::{self, EDIT_MARKER, ascii_slug, block, q, write};
use super::prose::{self, Rng};

/// The day the site is built for (`--datum`): the meetings after it in
/// November and December 2026 are coming, the rest have a protokoll.
pub const DATUM: &str = "2026-11-20";

/// The archive's last year; it goes back [`DEFAULT_YEARS`] years unless
/// told otherwise (2022–2026: 400 meetings).
pub const LAST_YEAR: i32 = 2026;
pub const DEFAULT_YEARS: u32 = 5;

/// The months with a meeting: no meeting in January and July.
pub const MONTHS: [u32; 10] = [2, 3, 4, 5, 6, 8, 9, 10, 11, 12];

pub const ORGANISATION: &str = "Norrviks kommun";

/// One nämnd of the archive and when it meets: the `nth` `weekday` of
/// the month.
pub struct Namnd {
    pub folder: &'static str,
    pub namn: &'static str,
    pub forkortning: &'static str,
    pub forvaltning: &'static str,
    pub weekday: Weekday,
    pub nth: u8,
    pub ledamoter: usize,
}

pub const NAMNDER: &[Namnd] = &[
    Namnd {
        folder: "arbetsmarknadsnamnden",
        namn: "Arbetsmarknadsnämnden",
        forkortning: "AMN",
        forvaltning: "Arbetsmarknadsförvaltningen",
        weekday: Weekday::Tue,
        nth: 2,
        ledamoter: 7,
    },
    Namnd {
        folder: "barn-och-utbildningsnamnden",
        namn: "Barn- och utbildningsnämnden",
        forkortning: "BUN",
        forvaltning: "Barn- och utbildningsförvaltningen",
        weekday: Weekday::Wed,
        nth: 3,
        ledamoter: 11,
    },
    Namnd {
        folder: "byggnadsnamnden",
        namn: "Byggnadsnämnden",
        forkortning: "BN",
        forvaltning: "Samhällsbyggnadsförvaltningen",
        weekday: Weekday::Thu,
        nth: 4,
        ledamoter: 9,
    },
    Namnd {
        folder: "kultur-och-fritidsnamnden",
        namn: "Kultur- och fritidsnämnden",
        forkortning: "KFN",
        forvaltning: "Kultur- och fritidsförvaltningen",
        weekday: Weekday::Tue,
        nth: 3,
        ledamoter: 7,
    },
    Namnd {
        folder: "miljo-och-halsoskyddsnamnden",
        namn: "Miljö- och hälsoskyddsnämnden",
        forkortning: "MHN",
        forvaltning: "Miljöförvaltningen",
        weekday: Weekday::Wed,
        nth: 4,
        ledamoter: 7,
    },
    Namnd {
        folder: "omsorgsnamnden",
        namn: "Omsorgsnämnden",
        forkortning: "ON",
        forvaltning: "Förvaltningen för vård och omsorg",
        weekday: Weekday::Thu,
        nth: 2,
        ledamoter: 11,
    },
    Namnd {
        folder: "socialnamnden",
        namn: "Socialnämnden",
        forkortning: "SN",
        forvaltning: "Socialförvaltningen",
        weekday: Weekday::Tue,
        nth: 4,
        ledamoter: 9,
    },
    Namnd {
        folder: "tekniska-namnden",
        namn: "Tekniska nämnden",
        forkortning: "TN",
        forvaltning: "Tekniska förvaltningen",
        weekday: Weekday::Wed,
        nth: 2,
        ledamoter: 9,
    },
];

/// The nämnd and month of the meeting whose first ärende the rebuild
/// measurement edits: one in the past, with a protokoll.
pub const EDITED_NAMND: usize = 3;
pub const EDITED_YEAR: i32 = 2026;
pub const EDITED_MONTH: u32 = 10;

const FIRST: &[&str] = &[
    "Anders",
    "Birgitta",
    "Carina",
    "Daniel",
    "Elin",
    "Fredrik",
    "Gunilla",
    "Henrik",
    "Ingrid",
    "Jonas",
    "Karin",
    "Lars",
    "Margareta",
    "Niklas",
    "Olivia",
    "Patrik",
    "Rebecka",
    "Stefan",
    "Therese",
    "Ulf",
];

const LAST: &[&str] = &[
    "Andersson",
    "Bergström",
    "Carlsson",
    "Dahlberg",
    "Eriksson",
    "Fransson",
    "Gustavsson",
    "Hedlund",
    "Isaksson",
    "Johansson",
    "Karlsson",
    "Lindqvist",
    "Magnusson",
    "Nilsson",
    "Olofsson",
    "Persson",
    "Rydberg",
    "Sjöberg",
    "Törnqvist",
    "Wallin",
];

/// First names of the staff, none of them a member's.
const STAFF_FIRST: &[&str] = &[
    "Amira",
    "Björn",
    "Cecilia",
    "David",
    "Emma",
    "Filip",
    "Hanna",
    "Isak",
    "Johanna",
    "Kristoffer",
    "Linnea",
    "Mattias",
];

const PARTIER: &[&str] = &["S", "M", "SD", "C", "V", "KD", "L", "MP"];

const STAFF_TITLES: &[&str] = &[
    "Utredare",
    "Verksamhetsutvecklare",
    "Controller",
    "Handläggare",
    "Strateg",
    "Enhetschef",
];

const SEKRETESS: &[&str] = &[
    "Ärende om enskild person",
    "Överklagande av beslut i enskilt ärende",
    "Yttrande till domstol i enskilt ärende",
    "Prövning av ansökan från enskild",
];

const INFORMATION: &[(&str, &str)] = &[
    ("Ekonomisk uppföljning", "Controller"),
    ("Aktuellt från förvaltningen", "Förvaltningschef"),
    ("Läget i verksamheten", "Verksamhetschef"),
    ("Arbetsmiljö och sjukfrånvaro", "HR-strateg"),
    ("Rapport från ordföranden", "Ordförande"),
];

const ROOMS: &[&str] = &["Älven", "Forsen", "Bryggan", "Sälgen", "Tallen"];

fn member(k: usize, i: usize) -> String {
    format!(
        "{} {}",
        FIRST[(k * 3 + i) % FIRST.len()],
        LAST[(k * 7 + i * 3) % LAST.len()]
    )
}

fn staff(k: usize, i: usize) -> String {
    format!(
        "{} {}",
        STAFF_FIRST[(k * 5 + i) % STAFF_FIRST.len()],
        LAST[(k * 11 + i * 7 + 1) % LAST.len()]
    )
}

fn ersattare_count(n: &Namnd) -> usize {
    n.ledamoter / 2 + 1
}

fn ledamot_parti(i: usize) -> &'static str {
    PARTIER[i % PARTIER.len()]
}

fn ersattare_parti(i: usize) -> &'static str {
    PARTIER[(i * 3) % PARTIER.len()]
}

fn email(name: &str) -> String {
    format!("{}@norrvik.se", ascii_slug(name).replace('-', "."))
}

/// The day nämnd `n` meets in `year`/`month`.
pub fn meeting_date(n: &Namnd, year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, n.weekday, n.nth).expect("mötesdag")
}

fn datum() -> NaiveDate {
    NaiveDate::parse_from_str(DATUM, "%Y-%m-%d").expect("datum")
}

fn namnd_yaml(k: usize, n: &Namnd) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "namn: {}", n.namn);
    let _ = writeln!(y, "förkortning: {}", n.forkortning);
    let _ = writeln!(y, "organisation: {ORGANISATION}");
    let _ = writeln!(
        y,
        "ordförande: {{ namn: {}, titel: Ordförande }}",
        member(k, 0)
    );
    let sekreterare = staff(k, 0);
    let _ = writeln!(y, "sekreterare:");
    let _ = writeln!(y, "  namn: {sekreterare}");
    let _ = writeln!(y, "  titel: Nämndsekreterare");
    let _ = writeln!(y, "  e-post: {}", email(&sekreterare));
    let _ = writeln!(y, "  telefon: 0650-12 34 {:02}", 10 + k);
    y.push_str(
        "kontakt:
  postadress: Norrviks kommun, 820 10 Norrvik
  besöksadress: Storgatan 4
  telefon: 0650-12 00 00
  e-post: kommun@norrvik.se
  webb: www.norrvik.se
  org_nr: 212000-0001
",
    );
    let _ = writeln!(y, "ledamöter:");
    for i in 0..n.ledamoter {
        let uppdrag = match i {
            0 => ", uppdrag: ordförande",
            1 => ", uppdrag: 1:e vice ordförande",
            2 => ", uppdrag: 2:e vice ordförande",
            _ => "",
        };
        let _ = writeln!(
            y,
            "  - {{ namn: {}, parti: {}{uppdrag} }}",
            member(k, i),
            ledamot_parti(i)
        );
    }
    let _ = writeln!(y, "ersättare:");
    for i in 0..ersattare_count(n) {
        let _ = writeln!(
            y,
            "  - {{ namn: {}, parti: {} }}",
            member(k, n.ledamoter + i),
            ersattare_parti(i)
        );
    }
    let _ = writeln!(
        y,
        "sekretess_lagrum: 26 kap. 1 § offentlighets- och sekretesslagen (2009:400)"
    );
    y
}

/// When nämnd `k`'s meetings start, and the hour they end.
fn hours(k: usize) -> (&'static str, &'static str) {
    if k.is_multiple_of(2) {
        ("13:00", "15:")
    } else {
        ("08:30", "10:")
    }
}

/// What the archive holds, for the benchmark's notes.
#[derive(Debug, Default, Clone)]
pub struct Archive {
    pub namnder: usize,
    pub meetings: usize,
    pub protokoll: usize,
    pub coming: usize,
    pub beslut: usize,
    pub sekretess: usize,
    pub information: usize,
    pub md_bilagor: usize,
    pub files: usize,
}

impl std::fmt::Display for Archive {
    /// "8 nämnder, 400 sammanträden (389 med protokoll, 11 kommande), … filer".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} nämnder, {} sammanträden ({} med protokoll, {} kommande), {} beslutsärenden, {} sekretess-, {} informationsärenden, {} Markdown-bilagor, {} filer",
            self.namnder,
            self.meetings,
            self.protokoll,
            self.coming,
            self.beslut,
            self.sekretess,
            self.information,
            self.md_bilagor,
            self.files
        )
    }
}

/// One meeting as generated.
struct Generated {
    paragraphs: u32,
}

/// The nämnd's plan as the archive is written: the uppdrag given so far,
/// each with the meeting month it is to be reported at.
#[derive(Default)]
pub struct Plan {
    given: Vec<(String, (i32, u32))>,
}

/// The nämnd's `arshjul.yaml` in the archive.
pub const ARSHJUL: &str = "- { rubrik: Verksamhetsberättelse, månad: 2 }
- { rubrik: Delårsrapport per augusti, månad: 9 }
- { rubrik: Internkontrollplan, månad: 12 }
- { rubrik: Budget och verksamhetsplan, sammanträde: sista }
";

impl Plan {
    /// The first meeting month at least `months` after `date`.
    fn report_month(&self, date: NaiveDate, months: u32) -> (i32, u32) {
        let mut year = date.year();
        let mut month = date.month() + months;
        loop {
            if month > 12 {
                month -= 12;
                year += 1;
            }
            if MONTHS.contains(&month) {
                return (year, month);
            }
            month += 1;
        }
    }

    /// The ids the meeting on `date` reports: the uppdrag due that month
    /// (every fourth is forgotten, so the plan has some late) and the
    /// årshjul's items of the month but the internkontrollplan.
    fn reported_at(&mut self, date: NaiveDate) -> Vec<String> {
        let due = (date.year(), date.month());
        let mut ids: Vec<String> = self
            .given
            .iter()
            .enumerate()
            .filter(|(index, (_, month))| *month == due && index % 4 != 3)
            .map(|(_, (id, _))| id.clone())
            .collect();
        let year = date.year();
        match date.month() {
            2 => ids.push(format!("årshjul:verksamhetsberattelse:{year}")),
            9 => ids.push(format!("årshjul:delarsrapport-per-augusti:{year}")),
            12 => ids.push(format!("årshjul:budget-och-verksamhetsplan:{year}")),
            _ => {}
        }
        ids
    }
}

/// The ärende of the meeting (`j`, 0-based), short: one or two paragraphs
/// of bakgrund, one of förslag, two or three att-satser.
#[allow(clippy::too_many_arguments)]
fn arende_yaml(
    k: usize,
    n: &Namnd,
    date: NaiveDate,
    j: usize,
    topic_base: usize,
    dnr: u32,
    bilaga: Option<&(String, String)>,
    plan: &mut Plan,
    rng: &mut Rng,
) -> (String, String) {
    let i = topic_base + j;
    let kinds = project::KINDS;
    let topic = prose::TOPICS[i % prose::TOPICS.len()];
    let rubrik = format!(
        "{} {}",
        kinds[(i / prose::TOPICS.len() + j) % kinds.len()],
        topic
    );
    let handlaggare = staff(k, 1 + (i % 5));
    let titel = STAFF_TITLES[i % STAFF_TITLES.len()];
    let written = date - Duration::days(21 + (j as i64 % 5));
    let approved = written + Duration::days(3);
    let year2 = date.year() % 100;

    let mut bakgrund = vec![prose::paragraph(rng, 3, 5, true)];
    if j == 0 {
        // The rebuild measurement edits the number after the marker.
        bakgrund.push(format!("{EDIT_MARKER}1 inför sammanträdet."));
    }
    if rng.chance(50) {
        bakgrund.push(prose::paragraph(rng, 2, 4, true));
    }
    let mut forslag = vec![prose::paragraph(rng, 2, 3, true)];
    if let Some((titel, _)) = bilaga {
        forslag.push(format!(
            "Underlaget redovisas närmare i bilagan {}.",
            titel.to_lowercase()
        ));
    }
    let beror = i.is_multiple_of(3);
    let motivering = if beror {
        format!(
            "Ja. Ärendet kan påverka barn som tar del av nämndens verksamhet. {}",
            prose::sentence(rng, false)
        )
    } else {
        "Nej. Ärendet gäller en intern fråga och påverkar inte barn direkt eller indirekt."
            .to_owned()
    };

    let mut y = String::new();
    let _ = writeln!(y, "rubrik: {}", q(&prose::capitalize(&rubrik)));
    let _ = writeln!(y, "diarienummer: {}{year2:02}/{dnr}", n.forkortning);
    let _ = writeln!(y, "tjänsteskrivelse:");
    let _ = writeln!(y, "  datum: {written}");
    let _ = writeln!(y, "  avsändare: {}, Staben", n.forvaltning);
    let _ = writeln!(
        y,
        "  handläggare: {{ namn: {handlaggare}, titel: {titel}, e-post: {} }}",
        email(&handlaggare)
    );
    let _ = writeln!(y, "  godkänd: {approved}");
    if rng.chance(40) {
        let _ = write!(
            y,
            "sammanfattning: {}",
            block(&prose::paragraph(rng, 2, 3, true), 2)
        );
    }
    let _ = write!(y, "bakgrund: {}", block(&bakgrund.join("\n\n"), 2));
    let _ = write!(y, "förslag: {}", block(&forslag.join("\n\n"), 2));
    let _ = writeln!(y, "barnrättsprövning:");
    let _ = writeln!(y, "  berör_barn: {}", if beror { "ja" } else { "nej" });
    let _ = write!(y, "  motivering: {}", block(&motivering, 4));
    let _ = writeln!(y, "förslag_till_beslut:");
    let _ = writeln!(y, "  - att godkänna redovisningen av {topic}");
    let _ = writeln!(
        y,
        "  - att uppdra åt förvaltningen att {} {}",
        prose::INFINITIVES[i % prose::INFINITIVES.len()],
        prose::TOPICS[(i + 5) % prose::TOPICS.len()]
    );
    if i.is_multiple_of(2) {
        let _ = writeln!(y, "  - att i övrigt lägga informationen till handlingarna");
    }
    let _ = writeln!(y, "beslutet_skickas_till:");
    let _ = writeln!(y, "  - {}", n.forvaltning);
    if i % 3 == 1 {
        let _ = writeln!(y, "  - Kommunstyrelsen för kännedom");
    }
    if let Some((titel, fil)) = bilaga {
        let _ = writeln!(y, "bilagor:");
        let _ = writeln!(y, "  - {{ titel: {}, fil: {fil} }}", q(titel));
    }
    // The uppdrag of the second att-sats, to come back in three months.
    let (year, month) = plan.report_month(date, 3);
    let _ = writeln!(y, "uppdrag:");
    let _ = writeln!(
        y,
        "  - {{ text: {}, till: {}, återrapport: {year}-{month:02} }}",
        q(&format!(
            "återkomma med en redovisning av {}",
            prose::TOPICS[(i + 5) % prose::TOPICS.len()]
        )),
        n.forvaltning
    );
    plan.given.push((
        format!("{}{year2:02}/{dnr}:uppdrag-1", n.forkortning),
        (year, month),
    ));
    if j == 0 {
        let reported = plan.reported_at(date);
        if !reported.is_empty() {
            let _ = writeln!(y, "återrapporterar:");
            for id in reported {
                let _ = writeln!(y, "  - {}", q(&id));
            }
        }
    }
    let name = format!("{:02}-{}.yaml", j + 1, ascii_slug(&rubrik));
    (name, y)
}

/// Writes one meeting; `forsta_paragraf` is given when the nämnd's
/// previous meeting that year has no protokoll yet.
#[allow(clippy::too_many_arguments)]
fn write_meeting(
    content: &Path,
    k: usize,
    n: &Namnd,
    date: NaiveDate,
    dnr: &mut u32,
    forsta_paragraf: Option<u32>,
    plan: &mut Plan,
    archive: &mut Archive,
) -> Generated {
    let mut rng = Rng::new(((k as u64) << 32) | ((date.year() as u64) << 8) | date.month() as u64);
    let dir = content.join(n.folder).join(date.to_string());
    let year2 = date.year() % 100;
    let beslut = rng.range(2, 4) as usize;
    let sekretess = usize::from(rng.chance(30));
    let information = usize::from(rng.chance(40));
    let with_protokoll = date < datum();

    let mut y = String::new();
    let _ = writeln!(y, "datum: {date}");
    let _ = writeln!(y, "tid: \"{}\"", hours(k).0);
    let _ = writeln!(
        y,
        "plats: Kommunhuset, sammanträdesrummet {}",
        ROOMS[k % ROOMS.len()]
    );
    let _ = writeln!(y, "öppet: {}", !k.is_multiple_of(3));
    if let Some(first) = forsta_paragraf {
        let _ = writeln!(y, "första_paragraf: {first}");
    }
    if sekretess > 0 {
        let _ = writeln!(y, "sekretessärenden:");
        let d = *dnr;
        *dnr += 1;
        let _ = writeln!(
            y,
            "  - {{ rubrik: {}, diarienummer: {}{year2:02}/{d}, handling: \"{}{year2:02}/{d}:{}\" }}",
            rng.pick(SEKRETESS),
            n.forkortning,
            n.forkortning,
            rng.range(2, 9)
        );
    }
    let info = INFORMATION[(date.month() as usize + k) % INFORMATION.len()];
    if information > 0 {
        let _ = writeln!(y, "informationsärenden:");
        let _ = writeln!(y, "  - {{ rubrik: {}, föredragande: {} }}", info.0, info.1);
    }
    write(&dir.join("sammantrade.yaml"), &y);

    let topic_base = rng.range(0, 400) as usize;
    for j in 0..beslut {
        let bilaga = if rng.chance(12) {
            let titel = format!(
                "Underlag om {}",
                prose::TOPICS[(topic_base + j + 3) % prose::TOPICS.len()]
            );
            let fil = format!("bilagor/underlag-{}.md", j + 1);
            write(&dir.join(&fil), &project::report(&mut rng, 1, 1));
            archive.md_bilagor += 1;
            Some((titel, fil))
        } else {
            None
        };
        let d = *dnr;
        *dnr += 1;
        let (name, yaml) = arende_yaml(
            k,
            n,
            date,
            j,
            topic_base,
            d,
            bilaga.as_ref(),
            plan,
            &mut rng,
        );
        write(&dir.join("arenden").join(name), &yaml);
    }

    if with_protokoll {
        write(
            &dir.join("protokoll.yaml"),
            &protokoll_yaml(k, n, date, sekretess > 0, information > 0, info, &mut rng),
        );
        archive.protokoll += 1;
    } else {
        archive.coming += 1;
    }
    archive.meetings += 1;
    archive.beslut += beslut;
    archive.sekretess += sekretess;
    archive.information += information;
    Generated {
        paragraphs: (beslut + sekretess + information) as u32,
    }
}

/// The protokoll: everything decided as proposed; now and then a ledamot
/// away, most often with an ersättare serving; the 1:e vice ordförande
/// justerar a week later.
fn protokoll_yaml(
    k: usize,
    n: &Namnd,
    date: NaiveDate,
    sekretess: bool,
    information: bool,
    info: (&str, &str),
    rng: &mut Rng,
) -> String {
    let mut y = String::new();
    let (start, end) = hours(k);
    let _ = writeln!(y, "tid: \"{start}–{end}{:02}\"", rng.range(0, 5) * 10);
    let _ = writeln!(y, "närvaro:");
    let away = rng.range(0, 9);
    if away >= 6 {
        // Never the ordförande or the justerare.
        let absent = 2 + rng.range(0, (n.ledamoter - 3) as u64) as usize;
        let _ = writeln!(y, "  frånvarande: [{}]", member(k, absent));
        if away < 9 {
            let party = ledamot_parti(absent);
            let e = (0..ersattare_count(n))
                .find(|&e| ersattare_parti(e) == party)
                .unwrap_or(0);
            let _ = writeln!(y, "  tjänstgörande_ersättare:");
            let _ = writeln!(
                y,
                "    - {{ namn: {}, ersätter: {} }}",
                member(k, n.ledamoter + e),
                member(k, absent)
            );
        }
    }
    let _ = writeln!(y, "  övriga:");
    let _ = writeln!(
        y,
        "    - {{ namn: {}, titel: Nämndsekreterare }}",
        staff(k, 0)
    );
    let _ = writeln!(
        y,
        "    - {{ namn: {}, titel: Förvaltningschef }}",
        staff(k, 6)
    );
    let _ = writeln!(y, "justering:");
    let _ = writeln!(y, "  justerare: [{}]", member(k, 1));
    let _ = writeln!(y, "  datum: {}", date + Duration::days(7));
    let _ = writeln!(y, "  plats: {}", n.forvaltning);
    if sekretess || information {
        let _ = writeln!(y, "paragrafer:");
    }
    if sekretess {
        let _ = writeln!(y, "  sekretess/1:");
        let _ = writeln!(
            y,
            "    text: Nämnden beslutar enligt förvaltningens förslag."
        );
    }
    if information {
        let _ = writeln!(y, "  information/1:");
        let _ = writeln!(
            y,
            "    text: {}",
            q(&format!(
                "{} informerar om {}. {}",
                info.1,
                info.0.to_lowercase(),
                prose::sentence(rng, false)
            ))
        );
    }
    y
}

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 48 48\" role=\"img\" aria-label=\"Norrviks kommun\"><rect width=\"48\" height=\"48\" rx=\"8\" fill=\"#1d4f7a\"/><path d=\"M10 36 L24 10 L38 36 Z\" fill=\"#ffffff\"/></svg>\n";

const SETTINGS: &str = "\
namn: Sammanträden och protokoll
organisation: Norrviks kommun
adress: https://www.norrvik.se/sammantraden/
färg: \"#1d4f7a\"
logotyp: content/bilder/logotyp.svg
sidfot: Norrviks kommun · 820 10 Norrvik · 0650-12 00 00 · kommun@norrvik.se
";

/// Replaces `root` with the archive project of the last `years` years
/// (eight nämnder, ten meetings a year); returns what it holds.
pub fn write_archive(root: &Path, years: u32) -> Archive {
    assert!(years >= 1, "minst ett år");
    if root.exists() {
        fs::remove_dir_all(root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    }
    let content = root.join("content");
    write(&root.join("webbplats.yaml"), SETTINGS);
    write(&content.join("bilder/logotyp.svg"), LOGO);
    let mut archive = Archive {
        namnder: NAMNDER.len(),
        ..Archive::default()
    };
    for (k, n) in NAMNDER.iter().enumerate() {
        write(
            &content.join(n.folder).join("namnd.yaml"),
            &namnd_yaml(k, n),
        );
        write(&content.join(n.folder).join("arshjul.yaml"), ARSHJUL);
        let mut plan = Plan::default();
        for year in LAST_YEAR + 1 - years as i32..=LAST_YEAR {
            let mut next_paragraph = 1;
            let mut previous_unrecorded = false;
            let mut dnr = 10;
            for month in MONTHS {
                let date = meeting_date(n, year, month);
                let first = previous_unrecorded.then_some(next_paragraph);
                let generated = write_meeting(
                    &content,
                    k,
                    n,
                    date,
                    &mut dnr,
                    first,
                    &mut plan,
                    &mut archive,
                );
                next_paragraph += generated.paragraphs;
                previous_unrecorded = date >= datum();
            }
        }
    }
    archive.files = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    archive
}

/// The ärende file whose text the rebuild measurement edits: the first of
/// the edited meeting.
pub fn edited_arende(root: &Path) -> PathBuf {
    let n = &NAMNDER[EDITED_NAMND];
    let dir = root
        .join("content")
        .join(n.folder)
        .join(meeting_date(n, EDITED_YEAR, EDITED_MONTH).to_string())
        .join("arenden");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("katalogpost").path())
        .collect();
    files.sort();
    files.into_iter().next().expect("minst ett ärende")
}

/// The edited meeting's id, as the site names it.
pub fn edited_meeting() -> String {
    let n = &NAMNDER[EDITED_NAMND];
    format!(
        "{}/{}",
        n.folder,
        meeting_date(n, EDITED_YEAR, EDITED_MONTH)
    )
}

/// Changes one word of the edited ärende: the number after [`EDIT_MARKER`].
pub fn edit_one_word(root: &Path, round: usize) {
    project::edit_file(&edited_arende(root), round);
}
