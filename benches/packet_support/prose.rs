//! Swedish-looking municipal prose, composed from word lists with a
//! fixed-seed PRNG, so every run of the benchmark writes the same bytes.
//! All word lists are written for this benchmark.

/// SplitMix64: small, fast and fully deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x5EED_0FCA_11E1_5EED)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next_u64() % list.len() as u64) as usize]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// Subjects, written as they stand after the verb (lower case unless a name).
const SUBJECTS: &[&str] = &[
    "förvaltningen",
    "nämnden",
    "divisionen",
    "enheten för försörjningsstöd",
    "individ- och familjeomsorgen",
    "Kommunstyrelsen",
    "arbetsgruppen",
    "verksamheten",
    "kvalitetsstrategen",
    "styrgruppen",
    "Region Norrmark",
    "socialtjänsten",
    "projektledningen",
    "ledningsgruppen",
    "områdeschefen",
    "utförarenheten",
    "biståndshandläggarna",
    "hemtjänsten i norra distriktet",
];

/// Past participles after "har".
const SUPINES: &[&str] = &[
    "följt upp",
    "kartlagt",
    "analyserat",
    "sammanställt",
    "redovisat",
    "granskat",
    "beskrivit",
    "prövat",
    "utvärderat",
    "dokumenterat",
    "förankrat",
    "samordnat",
    "stämt av",
    "jämfört",
];

/// Definite noun phrases; also the topics of ärenden and chapters.
pub const TOPICS: &[&str] = &[
    "arbetet med tidiga insatser",
    "rutinerna för handläggning",
    "kostnaderna för placeringar",
    "samverkan med skolan",
    "resultatet av brukarundersökningen",
    "behovet av kompetensutveckling",
    "tillgången till stödboende",
    "uppföljningen av avtalen",
    "väntetiderna inom öppenvården",
    "underlaget för budgeten",
    "riskerna i verksamheten",
    "dokumentationen i akterna",
    "stödet till anhöriga",
    "insatserna för unga vuxna",
    "planen för kontinuitet",
    "avvikelserna under året",
    "målen i verksamhetsplanen",
    "rättssäkerheten i besluten",
    "bemanningen på kvällar och helger",
    "arbetsmiljön för handläggarna",
    "lokalförsörjningen",
    "den digitala ansökan",
];

const ADVERBIALS: &[&str] = &[
    " under året",
    " i samråd med berörda enheter",
    " utifrån gällande riktlinjer",
    " inom ramen för budgeten",
    " med stöd av statistik ur verksamhetssystemet",
    " tillsammans med Region Norrmark",
    " på uppdrag av nämnden",
    " i enlighet med tidigare beslut",
    "",
    " under hösten",
    " sedan förra uppföljningen",
    " i dialog med brukarråden",
    "",
];

const ASSESSMENTS: &[&str] = &[
    "fungerar i huvudsak väl",
    "behöver utvecklas ytterligare",
    "har förbättrats jämfört med föregående år",
    "ligger i nivå med jämförbara kommuner",
    "är fortsatt ansträngd",
    "kräver tydligare prioriteringar",
    "bör följas upp under nästa år",
    "har stabiliserats",
    "visar en positiv utveckling",
    "är svår att bedöma på kort sikt",
    "motsvarar de krav som ställs i lagstiftningen",
    "skiljer sig åt mellan olika delar av kommunen",
];

const FRONTED: &[&str] = &[
    "Samtidigt",
    "Därutöver",
    "Sammantaget",
    "Mot den bakgrunden",
    "I likhet med tidigare år",
    "Under perioden",
    "Enligt förvaltningens bedömning",
    "Inför nästa år",
    "Som ett led i arbetet",
    "Efter en första genomgång",
];

/// Infinitives (after "att").
pub const INFINITIVES: &[&str] = &[
    "följa upp",
    "se över",
    "förtydliga",
    "utveckla",
    "prioritera",
    "samordna",
    "dokumentera",
    "förstärka",
    "utvärdera",
    "revidera",
];

const PRESENTS: &[&str] = &[
    "godkänner",
    "noterar",
    "beaktar",
    "prioriterar",
    "följer upp",
    "tar ställning till",
];

const GROUPS: &[&str] = &[
    "brukare",
    "familjer",
    "ärenden",
    "ansökningar",
    "medarbetare",
    "utredningar",
];

const MEASURES: &[&str] = &[
    "fått beslut inom fyra veckor",
    "varit nöjda med bemötandet",
    "haft en aktuell genomförandeplan",
    "avslutats utan ny aktualisering",
    "följts upp inom sex månader",
    "fått sin första kontakt inom en vecka",
];

const THINGS: &[&str] = &[
    "externa placeringar",
    "personlig assistans",
    "hemtjänsten",
    "familjehemsvården",
    "det förebyggande arbetet",
    "tolktjänster",
    "IT-stödet",
];

const PERIODS: &[&str] = &[
    "hösten 2026",
    "första halvåret",
    "perioden januari till oktober",
    "året",
    "de senaste tre åren",
    "andra tertialet",
];

/// Chapter headings of a report (never starting with a number).
pub const CHAPTERS: &[&str] = &[
    "Inledning",
    "Syfte och avgränsning",
    "Metod och genomförande",
    "Underlag och datakällor",
    "Resultat",
    "Analys",
    "Ekonomiska konsekvenser",
    "Samverkan med andra aktörer",
    "Brukarnas perspektiv",
    "Medarbetarnas perspektiv",
    "Risker och osäkerheter",
    "Slutsatser",
    "Förslag till fortsatt arbete",
    "Begrepp och förkortningar",
];

pub const AREAS: &[&str] = &[
    "Norra distriktet",
    "Centrum",
    "Södra distriktet",
    "Västra landsbygden",
    "Hamnområdet",
    "Östra förorterna",
    "Kustbygden",
    "Skogsbygden",
];

pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One sentence; `markup` allows emphasis.
pub fn sentence(rng: &mut Rng, markup: bool) -> String {
    let mut topic = rng.pick(TOPICS).to_owned();
    if markup && rng.chance(6) {
        topic = format!("*{topic}*");
    } else if markup && rng.chance(4) {
        topic = format!("**{topic}**");
    }
    let subject = rng.pick(SUBJECTS);
    let adverbial = rng.pick(ADVERBIALS);
    match rng.range(0, 9) {
        0 => format!(
            "{} har {} {topic}{adverbial}.",
            capitalize(subject),
            rng.pick(SUPINES)
        ),
        1 => format!(
            "{} har {subject} {} {topic}{adverbial}.",
            rng.pick(FRONTED),
            rng.pick(SUPINES)
        ),
        2 => format!(
            "{} bedömer att {topic} {}.",
            capitalize(subject),
            rng.pick(ASSESSMENTS)
        ),
        3 => format!(
            "Det finns skäl att {} {topic}{adverbial}.",
            rng.pick(INFINITIVES)
        ),
        4 => format!(
            "Av underlaget framgår att {topic} {}{adverbial}.",
            rng.pick(ASSESSMENTS)
        ),
        5 => format!(
            "{} föreslår att nämnden {} {topic}{adverbial}.",
            capitalize(if subject == "nämnden" {
                "förvaltningen"
            } else {
                subject
            }),
            rng.pick(PRESENTS)
        ),
        6 => {
            let a = rng.range(30, 70);
            let b = a + rng.range(2, 20);
            let (change, from, to) = if rng.chance(60) {
                ("ökat", a, b)
            } else {
                ("minskat", b, a)
            };
            format!(
                "Andelen {} som {} har {change} från {from} till {to} procent under {}.",
                rng.pick(GROUPS),
                rng.pick(MEASURES),
                rng.pick(PERIODS)
            )
        }
        7 => {
            let whole = rng.range(1, 48);
            let tenth = rng.range(0, 9);
            let diff = rng.range(1, 12);
            let side = if rng.chance(50) { "mer" } else { "mindre" };
            format!(
                "Kostnaden för {} uppgick till {whole},{tenth} miljoner kronor, vilket är {diff} procent {side} än budgeterat.",
                rng.pick(THINGS)
            )
        }
        8 => format!(
            "{} har {subject} {} {topic}, men arbetet {}.",
            rng.pick(FRONTED),
            rng.pick(SUPINES),
            rng.pick(ASSESSMENTS)
        ),
        _ => format!(
            "För att {} {topic} behöver {subject} {} {}{adverbial}.",
            rng.pick(INFINITIVES),
            rng.pick(INFINITIVES),
            rng.pick(TOPICS)
        ),
    }
}

/// A paragraph of `lo..=hi` sentences.
pub fn paragraph(rng: &mut Rng, lo: u64, hi: u64, markup: bool) -> String {
    let count = rng.range(lo, hi);
    (0..count)
        .map(|_| sentence(rng, markup))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A bulleted list, sometimes with a nested level.
pub fn bullet_list(rng: &mut Rng) -> String {
    let mut out = String::new();
    let items = rng.range(3, 5);
    for i in 0..items {
        out.push_str(&format!(
            "- {} {}{}\n",
            rng.pick(INFINITIVES),
            rng.pick(TOPICS),
            if i + 1 == items { "" } else { "," }
        ));
        if i == 1 && rng.chance(40) {
            for _ in 0..2 {
                out.push_str(&format!(
                    "  - {} {}\n",
                    rng.pick(INFINITIVES),
                    rng.pick(TOPICS)
                ));
            }
        }
    }
    out
}

/// A numbered list.
pub fn numbered_list(rng: &mut Rng) -> String {
    let items = rng.range(3, 5);
    (1..=items)
        .map(|i| {
            format!(
                "{i}. {} {}{}\n",
                rng.pick(INFINITIVES),
                rng.pick(TOPICS),
                if i == items { "." } else { "," }
            )
        })
        .collect()
}

/// A Markdown table with numbers per area, or with text per topic.
pub fn table(rng: &mut Rng, rows: u64) -> String {
    let mut out = String::new();
    if rng.chance(50) {
        out.push_str("| Område | 2024 | 2025 | 2026 | Förändring |\n|---|--:|--:|--:|--:|\n");
        for r in 0..rows {
            let area = AREAS[(r as usize) % AREAS.len()];
            let a = rng.range(40, 400);
            let b = a + rng.range(0, 40);
            let c = b - rng.range(0, 30).min(b);
            out.push_str(&format!(
                "| {area} | {a} | {b} | {c} | {} % |\n",
                (c as i64 - a as i64) * 100 / a as i64
            ));
        }
    } else {
        out.push_str("| Kontrollmoment | Ansvarig | Bedömning |\n|---|---|---|\n");
        for _ in 0..rows {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                capitalize(rng.pick(TOPICS)),
                capitalize(rng.pick(SUBJECTS)),
                capitalize(rng.pick(ASSESSMENTS))
            ));
        }
    }
    out
}
