//! Authoring, scaffolding: `kallelse init` and `kallelse ny …` write new
//! projects, nämnder, sammanträden and ärenden with every field present and
//! a Swedish comment from the key tables explaining it. Fields the author
//! must fill in are left empty, so `kallelse kontrollera` answers "fyll i …"
//! at each of them; optional fields are shown commented out.
//!
//! Nothing is ever overwritten: a file that exists is an error.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::conventions;
use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, Sandbox};
use crate::model::{LedamotEntry, ProtokollFile, SammantradeFile};
use crate::schema::{self, FileKind};
use crate::yaml;
use crate::yaml::keys::{self, Field, Kind};

mod aterrapport;

pub use aterrapport::new_aterrapport;

/// The `# about` comment of a key, looked up by its dotted Swedish path in
/// a key table, wrapped at 78 columns and indented.
fn about(fields: &'static [Field], path: &str, indent: usize) -> String {
    let mut fields = fields;
    let mut found = None;
    for part in path.split('.') {
        let field = fields
            .iter()
            .find(|f| f.names[0] == part)
            .unwrap_or_else(|| panic!("okänd nyckel i mallen: {path}"));
        if let Kind::Map(inner) | Kind::List(inner) | Kind::Entries { fields: inner, .. } =
            &field.kind
        {
            fields = inner;
        }
        found = Some(field);
    }
    let text = found.map_or("", |f| f.about);
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = format!("{pad}#");
    for word in text.split_whitespace() {
        if line.len() + word.len() + 1 > 78 && line.len() > pad.len() + 1 {
            out.push_str(&line);
            out.push('\n');
            line = format!("{pad}#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// A YAML double-quoted string (JSON string syntax is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

/// The `$schema` line for a file `depth` folders below the project root.
fn schema_line(kind: FileKind, depth: usize) -> String {
    format!(
        "# yaml-language-server: $schema={}schema/{}\n",
        "../".repeat(depth),
        kind.schema_file()
    )
}

/// The text of a new `arshjul.yaml`: the keys explained and examples to
/// take in, no entry yet (an empty file is an empty årshjul).
pub fn arshjul_text() -> String {
    let a = keys::ARSHJUL;
    let mut t = schema_line(FileKind::Arshjul, 2);
    t += "#\n# Årshjulet: ärenden som kommer tillbaka varje år. Varje post blir en punkt i\n";
    t += "# nämndens plan för varje år (`kallelse plan`); ett ärende som redovisar den\n";
    t += "# anger `återrapporterar: [\"årshjul:<rubriken>:<år>\"]`. Ta bort # framför en\n";
    t += "# post för att använda den.\n\n";
    t += &about(a, "rubrik", 0);
    t += &about(a, "månad", 0);
    t += &about(a, "sammanträde", 0);
    t += "\n# - { rubrik: Verksamhetsberättelse, månad: 2 }\n";
    t += "# - { rubrik: Delårsrapport per augusti, månad: september }\n";
    t += "# - { rubrik: Internkontrollplan, sammanträde: sista }\n";
    t
}

/// The text of a new `namnd.yaml`.
pub fn namnd_text(namn: &str, forkortning: &str, organisation: &str) -> String {
    let n = keys::NAMND;
    let mut t = schema_line(FileKind::Namnd, 2);
    t += "#\n# Nämnden. Fyll i de tomma fälten; rader som börjar med # är valfria.\n\n";
    t += &about(n, "namn", 0);
    t += &format!("namn: {}\n", quoted(namn));
    t += &about(n, "förkortning", 0);
    t += &format!("förkortning: {}\n", quoted(forkortning));
    t += &about(n, "organisation", 0);
    t += &format!("organisation: {}\n", quoted(organisation));
    t += &about(n, "genitiv", 0);
    t += &format!("# genitiv: {}\n\n", quoted(&conventions::genitive(namn)));
    t += &about(n, "ordförande", 0);
    t += "ordförande:\n";
    t += &about(n, "ordförande.namn", 2);
    t += "  namn: \"\"\n";
    t += &about(n, "ordförande.titel", 2);
    t += "  # titel: Ordförande\n  # e-post: fornamn.efternamn@kommun.se\n  # telefon: 0123-45 67 89\n";
    t += &about(n, "sekreterare", 0);
    t += "sekreterare:\n";
    t += "  namn: \"\"\n  titel: Nämndsekreterare\n";
    t += &about(n, "sekreterare.e-post", 2);
    t += "  # e-post: fornamn.efternamn@kommun.se\n";
    t += &about(n, "sekreterare.telefon", 2);
    t += "  # telefon: 0123-45 67 89\n\n";
    t += &about(n, "kontakt", 0);
    t += "# kontakt:\n";
    for (key, example) in [
        ("postadress", "Box 1, 123 45 Kommunen"),
        ("besöksadress", "Stadshuset, Storgatan 1"),
        ("telefon", "0123-45 60 00"),
        ("e-post", "kommunen@kommun.se"),
        ("webb", "www.kommun.se"),
        ("org_nr", "212000-0000"),
    ] {
        t += &format!("#   {key}: {example}\n");
    }
    t += "\n";
    t += &about(n, "diarienummer_mönster", 0);
    t += &format!(
        "# diarienummer_mönster: {}\n\n",
        quoted(&format!("{}\\d{{2}}/\\d+", regex::escape(forkortning)))
    );
    t += &about(n, "ledamöter", 0);
    t += "# ledamöter:\n#   - { namn: Förnamn Efternamn, parti: S, uppdrag: ordförande }\n";
    t += "#   - { namn: Förnamn Efternamn, parti: M, uppdrag: 1:e vice ordförande }\n";
    t += &about(n, "ersättare", 0);
    t += "# ersättare:\n#   - { namn: Förnamn Efternamn, parti: S }\n";
    t += &about(n, "sekretess_lagrum", 0);
    t += "# sekretess_lagrum: 26 kap. 1 § offentlighets- och sekretesslagen (2009:400)\n";
    t
}

/// The text of a new `sammantrade.yaml`, with time, place and openness
/// taken from the previous meeting when there is one.
pub fn sammantrade_text(datum: NaiveDate, previous: Option<&SammantradeFile>) -> String {
    let s = keys::SAMMANTRADE;
    let mut t = schema_line(FileKind::Sammantrade, 3);
    t += "#\n# Sammanträdet. Ärendena läggs som filer i mappen arenden/ (kallelse ny ärende).\n\n";
    t += &about(s, "datum", 0);
    t += &format!("datum: {}\n", conventions::iso_date(datum));
    t += &about(s, "tid", 0);
    t += &format!(
        "tid: {}\n",
        quoted(previous.map_or("", |p| p.tid.value.as_str()))
    );
    t += &about(s, "plats", 0);
    t += &format!(
        "plats: {}\n",
        quoted(previous.map_or("", |p| p.plats.as_str()))
    );
    t += &about(s, "öppet", 0);
    t += &format!("öppet: {}\n\n", previous.is_some_and(|p| p.oppet));
    t += &about(s, "gruppmöten", 0);
    t += "# gruppmöten:\n#   tid: \"12:30–13:30\"\n#   lokaler:\n#     - { grupp: S-grupp, lokal: Sal B }\n\n";
    t += &about(s, "första_paragraf", 0);
    t += "# första_paragraf: 1\n\n";
    t += &about(s, "sekretessärenden", 0);
    t += "# sekretessärenden:\n#   - { rubrik: Ansökan om …, diarienummer: SN26/12, handling: SN26/12:4 }\n\n";
    t += &about(s, "informationsärenden", 0);
    t += "# informationsärenden:\n#   - { rubrik: Läget inom …, föredragande: Områdeschef }\n\n";
    t += &about(s, "tillåtna_nummer", 0);
    t +=
        "# tillåtna_nummer:\n#   - { nummer: \"19121212-1212\", skäl: Skatteverkets testnummer }\n";
    t
}

/// The text of a new ärende file.
pub fn arende_text(rubrik: &str, diarienummer: &str, today: NaiveDate) -> String {
    arende_text_reporting(rubrik, diarienummer, today, None)
}

/// The text of a new ärende file that reports `report` (an item of the
/// nämnd's plan: its id, and what the nämnd asked for) when given.
pub fn arende_text_reporting(
    rubrik: &str,
    diarienummer: &str,
    today: NaiveDate,
    report: Option<(&str, &str)>,
) -> String {
    let a = keys::ARENDE;
    let mut t = schema_line(FileKind::Arende, 4);
    if let Some((id, asked)) = report {
        t += &format!(
            "#\n# Återrapport av punkten {} i nämndens plan: {}\n",
            comment_text(id),
            comment_text(asked)
        );
    }
    t += "#\n# Ett beslutsärende. Fyll i de tomma fälten; `kallelse kontrollera` visar vad som\n";
    t += "# återstår. Text i Markdown: tom rad mellan stycken, *kursiv*, **fet**,\n";
    t +=
        "# listor med \"-\". Rader som börjar med # är valfria: ta bort # för att använda dem.\n\n";
    t += &about(a, "rubrik", 0);
    t += &format!("rubrik: {}\n", quoted(rubrik));
    t += &about(a, "diarienummer", 0);
    t += &format!("diarienummer: {}\n\n", quoted(diarienummer));
    t += &about(a, "tjänsteskrivelse", 0);
    t += "tjänsteskrivelse:\n";
    t += &about(a, "tjänsteskrivelse.datum", 2);
    t += &format!("  datum: {}\n", conventions::iso_date(today));
    t += &about(a, "tjänsteskrivelse.avsändare", 2);
    t += "  avsändare: \"\"\n";
    t += &about(a, "tjänsteskrivelse.handläggare", 2);
    t += "  handläggare:\n    namn: \"\"\n    # titel: Sakkunnig\n    # e-post: fornamn.efternamn@kommun.se\n";
    t += &about(a, "tjänsteskrivelse.godkänd", 2);
    t += "  # godkänd: ÅÅÅÅ-MM-DD\n";
    t += &about(a, "tjänsteskrivelse.mottagare", 2);
    t += "  # mottagare: Socialnämnden\n\n";
    t += &about(a, "sammanfattning", 0);
    t += "# sammanfattning: |\n#   Ärendet i korthet …\n\n";
    t += &about(a, "bakgrund", 0);
    t += "bakgrund: |\n\n";
    t += &about(a, "förslag", 0);
    t += "# förslag: |\n#   Förvaltningen föreslår …\n\n";
    t += &about(a, "barnrättsprövning", 0);
    t += "barnrättsprövning:\n";
    t += &about(a, "barnrättsprövning.berör_barn", 2);
    t += "  berör_barn: \"\"\n";
    t += &about(a, "barnrättsprövning.motivering", 2);
    t += "  motivering: |\n\n";
    t += &about(a, "förslag_till_beslut", 0);
    t += "förslag_till_beslut:\n  - \"\"\n\n";
    t += &about(a, "beslutet_skickas_till", 0);
    t += "# beslutet_skickas_till:\n#   - Förvaltningen\n\n";
    t += &about(a, "bilagor", 0);
    t += "# bilagor:\n#   - { titel: Rapport, fil: bilagor/rapport.md, innehållsförteckning: ja }\n#   - { titel: Överenskommelse, fil: bilagor/overenskommelse.md, numrering: egen, uppföljning: ja }\n#   - { titel: Yttrande, fil: bilagor/yttrande.pdf, publiceras: false }\n\n";
    t += &about(a, "förteckning", 0);
    t += "# förteckning: { titel: Förteckning över delegationsbeslut, fil: bilagor/delegationsbeslut.csv }\n";
    t += "# eller från ett blad i en Excel-fil, eller skriven här:\n";
    t += "# förteckning: { titel: Anmälningar, fil: bilagor/anmalningar.xlsx, blad: Blad1 }\n";
    t += "# förteckning:\n#   titel: Anmälningar\n#   kolumner: [Nr, Rubrik]\n#   rader:\n#     - [1, Beslut om …]\n\n";
    t += &about(a, "publiceras", 0);
    t += "# publiceras: false\n\n";
    t += &about(a, "tillåtna_nummer", 0);
    t += "# tillåtna_nummer:\n#   - { nummer: \"19121212-1212\", skäl: Skatteverkets testnummer }\n\n";
    t += &about(a, "uppdrag", 0);
    t += "# uppdrag:\n#   - { text: återkomma med en fördjupad analys, till: Division Social omsorg, återrapport: 2027-06 }\n\n";
    t += &about(a, "återrapporterar", 0);
    match report {
        Some((id, _)) => t += &format!("återrapporterar: [{}]\n", quoted(id)),
        None => t += "# återrapporterar: [\"SN25/80:4.1.4-1\"]\n",
    }
    t
}

/// One line of a comment: user text with its line breaks folded, so it
/// cannot end the comment.
fn comment_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "13:30–15:30": the meeting's start and two hours later, as an example
/// of the `tid` of a protokoll.
fn example_time(start: &str) -> String {
    let start = start.trim();
    match chrono::NaiveTime::parse_from_str(start, "%H:%M") {
        Ok(time) => format!(
            "{start}–{}",
            (time + chrono::Duration::hours(2)).format("%H:%M")
        ),
        Err(_) => "13:30–15:30".to_owned(),
    }
}

/// A member as a comment shows it: "Karin Lindqvist (S, ordförande)".
fn member_line(member: &LedamotEntry) -> String {
    let details: Vec<&str> = [member.parti.as_deref(), member.uppdrag.as_deref()]
        .into_iter()
        .flatten()
        .filter(|d| !d.trim().is_empty())
        .collect();
    if details.is_empty() {
        comment_text(&member.namn.value)
    } else {
        format!(
            "{} ({})",
            comment_text(&member.namn.value),
            comment_text(&details.join(", "))
        )
    }
}

/// Adds `# a, b, c` lines of at most 78 characters.
fn name_list(t: &mut String, title: &str, names: &[String]) {
    let mut line = format!("# {title}:");
    for (index, name) in names.iter().enumerate() {
        let piece = if index + 1 < names.len() {
            format!(" {name},")
        } else {
            format!(" {name}")
        };
        if line.len() + piece.len() > 78 {
            t.push_str(&line);
            t.push('\n');
            line = "#  ".to_owned();
        }
        line.push_str(&piece);
    }
    t.push_str(&line);
    t.push('\n');
}

/// The text of a new `protokoll.yaml`: every member present and every
/// ärende decided as proposed, so the sekreterare writes only what
/// differed; justerare and justering date are left to fill in.
pub fn protokoll_text(meeting: &load::LoadedMeeting, previous: Option<&ProtokollFile>) -> String {
    let p = keys::PROTOKOLL;
    let namnd = &meeting.namnd.value;
    let sammantrade = &meeting.sammantrade.value;
    let mut t = schema_line(FileKind::Protokoll, 3);
    t += &format!(
        "#\n# Protokollet från {} sammanträde {}.\n",
        comment_text(&conventions::genitive(&namnd.namn)),
        conventions::iso_date(sammantrade.datum.value.0)
    );
    t += "# Alla ledamöter står som närvarande och alla ärenden som beslutade enligt\n";
    t += "# förslag: skriv bara det som skilde sig. `kallelse protokoll` bygger\n";
    t += "# protokollet, utdragen och anslaget.\n\n";
    let ledamoter: Vec<String> = namnd.ledamoter.iter().map(member_line).collect();
    let ersattare: Vec<String> = namnd.ersattare.iter().map(member_line).collect();
    if ledamoter.is_empty() {
        t += "# namnd.yaml saknar ledamöter: fyll i `ledamöter` och `ersättare` där först.\n";
    } else {
        name_list(&mut t, "Ledamöter", &ledamoter);
        if !ersattare.is_empty() {
            name_list(&mut t, "Ersättare", &ersattare);
        }
    }
    t += "\n";
    t += &about(p, "tid", 0);
    t += &format!(
        "tid:    # från och till, t.ex. {}\n",
        quoted(&example_time(&sammantrade.tid.value))
    );
    t += &about(p, "första_paragraf", 0);
    let first = sammantrade.forsta_paragraf.or_else(|| {
        meeting
            .previous_protokoll
            .as_ref()
            .map(|previous| previous.last + 1)
    });
    t += &format!("# första_paragraf: {}\n\n", first.unwrap_or(1));
    t += &attendance_and_justering(namnd, sammantrade, previous);
    t += &paragraph_entries(meeting, first.unwrap_or(1));
    t += "\n";
    t += &about(p, "extra_ärenden", 0);
    t += "# extra_ärenden:\n#   - rubrik: …\n#     diarienummer: …\n#     text: |\n#       …\n#     att_satser:\n#       - att …\n";
    t
}

/// The `närvaro`, `justering` and `anslag` sections of a new
/// `protokoll.yaml`: the sekreterare present, the justering's last day,
/// and the places of the previous protokoll.
fn attendance_and_justering(
    namnd: &crate::model::NamndFile,
    sammantrade: &crate::model::SammantradeFile,
    previous: Option<&ProtokollFile>,
) -> String {
    let p = keys::PROTOKOLL;
    let mut t = String::new();
    t += &about(p, "närvaro", 0);
    t += "närvaro:\n";
    t += &about(p, "närvaro.frånvarande", 2);
    t += "  frånvarande: []\n";
    t += &about(p, "närvaro.tjänstgörande_ersättare", 2);
    t += "  tjänstgörande_ersättare: []\n";
    t += "  #   - { namn: …, ersätter: … }\n";
    t += &about(p, "närvaro.tjänstgörande_ersättare.paragrafer", 2);
    t += "  #   - { namn: …, ersätter: …, paragrafer: \"3–7\" }\n";
    t += &about(p, "närvaro.delvis_närvarande", 2);
    t += "  # delvis_närvarande:\n  #   - { namn: …, paragrafer: \"1–4\" }\n";
    t += &about(p, "närvaro.övriga_ersättare", 2);
    t += "  övriga_ersättare: []\n";
    t += &about(p, "närvaro.övriga", 2);
    t += "  övriga:\n";
    t += &format!(
        "    - {{ namn: {}, titel: {} }}\n\n",
        quoted(&namnd.sekreterare.namn),
        quoted(
            namnd
                .sekreterare
                .titel
                .as_deref()
                .unwrap_or("Nämndsekreterare")
        )
    );
    t += &about(p, "justering", 0);
    t += "justering:\n";
    t += &about(p, "justering.justerare", 2);
    t += "  justerare:\n";
    t += &about(p, "justering.datum", 2);
    t += &format!(
        "  datum:    # senast {}\n",
        conventions::iso_date(crate::calendar::deadline(sammantrade.datum.value.0, 14))
    );
    t += &about(p, "justering.plats", 2);
    match previous {
        Some(previous) => t += &format!("  plats: {}\n", quoted(&previous.justering.plats)),
        None => t += "  plats:\n",
    }
    t += &about(p, "justering.tid", 2);
    t += "  # tid: \"10:00\"\n\n";
    t += &about(p, "anslag", 0);
    let forvaring = previous
        .and_then(|previous| previous.anslag.as_ref())
        .and_then(|anslag| anslag.forvaringsplats.clone());
    let own_place = forvaring.is_none();
    match forvaring {
        Some(place) => t += &format!("anslag:\n  förvaringsplats: {}\n", quoted(&place)),
        None => t += "# anslag:\n",
    }
    for key in ["datum", "tas_ned"] {
        t += &about(p, &format!("anslag.{key}"), 2);
        t += &format!("  # {key}: ÅÅÅÅ-MM-DD\n");
    }
    if own_place {
        t += &about(p, "anslag.förvaringsplats", 2);
        t += "  # förvaringsplats: Kommunledningskontoret\n";
    }
    t += "\n";
    t
}

/// The `paragrafer` section of a new `protokoll.yaml`: every ärende of the
/// meeting decided as proposed, with its § and rubrik in a comment.
fn paragraph_entries(meeting: &load::LoadedMeeting, first: u32) -> String {
    let p = keys::PROTOKOLL;
    let sammantrade = &meeting.sammantrade.value;
    let mut t = String::new();
    t += &about(p, "paragrafer", 0);
    t += "# Under varje ärende kan stå:\n";
    for field in keys::PARAGRAF {
        let name = field.names[0];
        if matches!(name, "rubrik" | "diarienummer") {
            continue;
        }
        t += &format!("#   {name}: {}\n", comment_text(field.about));
    }
    t += "paragrafer:\n";
    let mut paragraf = first;
    let mut entry = |t: &mut String, key: String, rubrik: &str, dnr: &str| {
        let dnr = if dnr.trim().is_empty() {
            String::new()
        } else {
            format!(" ({})", comment_text(dnr))
        };
        *t += &format!("  # § {paragraf} {}{dnr}\n", comment_text(rubrik));
        *t += &format!("  {key}:\n    beslut: enligt förslag\n");
        paragraf += 1;
    };
    for (index, arende) in sammantrade.sekretessarenden.iter().enumerate() {
        entry(
            &mut t,
            format!("sekretess/{}", index + 1),
            &arende.rubrik,
            &arende.diarienummer.value,
        );
    }
    for (index, arende) in sammantrade.informationsarenden.iter().enumerate() {
        entry(
            &mut t,
            format!("information/{}", index + 1),
            &arende.rubrik,
            arende
                .diarienummer
                .as_ref()
                .map_or("", |d| d.value.as_str()),
        );
    }
    for arende in &meeting.arenden {
        entry(
            &mut t,
            format!("beslut/{:02}", arende.prefix),
            &arende.file.value.rubrik.value,
            &arende.file.value.diarienummer.value,
        );
    }
    t
}

/// `kallelse ny protokoll [MAPP]`: `protokoll.yaml` in a meeting folder,
/// by default the latest meeting that has been held.
pub fn new_protokoll(
    sandbox: &Sandbox,
    meeting: Option<&str>,
    today: NaiveDate,
) -> Result<PathBuf> {
    let dir = match meeting {
        Some(_) => pick_meeting(sandbox, meeting, None, today)?,
        None => {
            let mut held: Vec<(NaiveDate, PathBuf)> = sandbox
                .meetings_under(sandbox.root())
                .into_iter()
                .filter_map(|m| Some((meeting_date(&m)?, m)))
                .filter(|(d, _)| *d <= today)
                .collect();
            held.sort();
            match held.pop() {
                Some((_, dir)) => dir,
                None => pick_meeting(sandbox, None, None, today)?,
            }
        }
    };
    let path = dir.join(load::PROTOKOLL_FILE);
    if path.exists() {
        return Err(Error::input(
            Diagnostic::error(format!("{} finns redan", sandbox.relative(&path).display()))
                .tips("verktyget skriver aldrig över ett protokoll; ändra i filen eller ta bort den först"),
        ));
    }
    let loaded = load::load_meeting(sandbox, &dir)?;
    let previous = loaded
        .previous_protokoll
        .as_ref()
        .and_then(|previous| yaml::peek::<ProtokollFile>(&sandbox.root().join(&previous.path)));
    create(&path, &protokoll_text(&loaded, previous.as_ref()))?;
    write_schemas(sandbox.root())?;
    Ok(path)
}

/// Writes a new file; an existing one is never replaced.
fn create(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        return Err(Error::input(
            Diagnostic::error(format!("{} finns redan", path.display()))
                .tips("välj ett annat namn; verktyget skriver aldrig över en befintlig fil"),
        ));
    }
    crate::export::write_atomic(path, text.as_bytes())
}

/// Writes (or refreshes) the JSON Schemas of the project's YAML files.
pub fn write_schemas(root: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for kind in FileKind::ALL {
        let path = root.join("schema").join(kind.schema_file());
        let text = schema::schema_text(kind);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            crate::export::write_atomic(&path, text.as_bytes())?;
            written.push(path);
        }
    }
    Ok(written)
}

/// `kallelse init`: a new project that builds at once: an example nämnd
/// with one meeting two weeks ahead and one filled-in ärende.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>> {
    if dir.join("content").exists() {
        return Err(Error::input(
            Diagnostic::error(format!("{} har redan en mapp content/", dir.display())).tips(
                "init skapar ett nytt projekt; välj en tom mapp, t.ex. `kallelse init min-kommun`",
            ),
        ));
    }
    let meeting = today + chrono::Duration::days(14);
    let namnd_dir = dir.join("content/exempelnamnden");
    let meeting_dir = namnd_dir.join(conventions::iso_date(meeting));
    let mut files = Vec::new();
    let mut put = |path: PathBuf, text: String| -> Result<()> {
        create(&path, &text)?;
        files.push(path);
        Ok(())
    };
    let namnd = fill(
        &namnd_text("Exempelnämnden", "EN", "Exempelkommun"),
        &[
            ("  namn: \"\"\n", "  namn: Anna Andersson\n"),
            ("  namn: \"\"\n", "  namn: Bo Bengtsson\n"),
        ],
    );
    put(namnd_dir.join("namnd.yaml"), namnd)?;
    put(namnd_dir.join(load::ARSHJUL_FILE), arshjul_text())?;
    let sammantrade = fill(
        &sammantrade_text(meeting, None),
        &[
            ("tid: \"\"", "tid: \"13:00\""),
            ("plats: \"\"", "plats: \"Kommunhuset, sal 1\""),
        ],
    );
    put(meeting_dir.join("sammantrade.yaml"), sammantrade)?;
    let arende = fill(
        &arende_text("Exempel på ett beslutsärende", "EN26/1", today),
        &[
            ("  avsändare: \"\"", "  avsändare: Kommunledningskontoret"),
            ("    namn: \"\"", "    namn: Cecilia Carlsson"),
            (
                "bakgrund: |\n",
                "bakgrund: |\n  Det här är ett exempel. Skriv ärendets bakgrund här, i Markdown:\n  stycken skiljs åt av en tom rad, och listor skrivs med \"-\".",
            ),
            ("  berör_barn: \"\"", "  berör_barn: nej"),
            (
                "  motivering: |\n",
                "  motivering: Ärendet är ett exempel och påverkar inte barn.\n",
            ),
            ("  - \"\"", "  - att godkänna exemplet"),
        ],
    );
    put(
        meeting_dir.join("arenden/01-exempel-pa-ett-beslutsarende.yaml"),
        arende,
    )?;
    std::fs::create_dir_all(meeting_dir.join("bilagor"))
        .map_err(|e| Error::io("skapa mappen", &meeting_dir, e))?;
    put(dir.join(".gitignore"), "/output/\n".to_owned())?;
    files.extend(write_schemas(dir)?);
    Ok(files)
}

/// Replaces each `from` once, in order.
fn fill(text: &str, pairs: &[(&str, &str)]) -> String {
    let mut text = text.to_owned();
    for (from, to) in pairs {
        debug_assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// `kallelse ny nämnd`.
pub fn new_namnd(
    sandbox: &Sandbox,
    namn: &str,
    forkortning: &str,
    organisation: Option<&str>,
) -> Result<PathBuf> {
    let organisation = match organisation {
        Some(o) => o.to_owned(),
        None => existing_organisation(sandbox).unwrap_or_default(),
    };
    let path = sandbox
        .root()
        .join("content")
        .join(conventions::slug(namn))
        .join("namnd.yaml");
    create(&path, &namnd_text(namn, forkortning, &organisation))?;
    if let Some(dir) = path.parent() {
        create(&dir.join(load::ARSHJUL_FILE), &arshjul_text())?;
    }
    write_schemas(sandbox.root())?;
    Ok(path)
}

/// The organisation of the project's first nämnd, to reuse.
fn existing_organisation(sandbox: &Sandbox) -> Option<String> {
    namnder(sandbox).into_iter().find_map(|dir| {
        yaml::peek::<crate::model::NamndFile>(&dir.join("namnd.yaml")).map(|n| n.organisation)
    })
}

/// The nämnd folders of the project (with a `namnd.yaml`), sorted.
pub(crate) fn namnder(sandbox: &Sandbox) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(sandbox.root().join("content"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.join("namnd.yaml").is_file())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// The nämnd folder a command means: the named one, or the only one.
pub(crate) fn pick_namnd(sandbox: &Sandbox, wanted: Option<&str>) -> Result<PathBuf> {
    let all = namnder(sandbox);
    let names: Vec<String> = all
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    match wanted {
        Some(wanted) => {
            let slug = conventions::slug(wanted);
            all.into_iter()
                .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == slug))
                .ok_or_else(|| {
                    Error::input(
                        Diagnostic::error(format!("nämnden `{wanted}` finns inte under content/"))
                            .tips(if names.is_empty() {
                                "skapa den med `kallelse ny nämnd NAMN --förkortning XX`".to_owned()
                            } else {
                                format!("nämnder i projektet: {}", names.join(", "))
                            }),
                    )
                })
        }
        None => match all.len() {
            1 => Ok(all.into_iter().next().expect("one")),
            0 => Err(Error::input(
                Diagnostic::error("projektet har ingen nämnd")
                    .tips("skapa en med `kallelse ny nämnd Socialnämnden --förkortning SN`"),
            )),
            _ => Err(Error::input(
                Diagnostic::error("projektet har flera nämnder")
                    .tips(format!("ange vilken med --nämnd: {}", names.join(", "))),
            )),
        },
    }
}

/// `kallelse ny sammanträde`.
pub fn new_meeting(sandbox: &Sandbox, datum: NaiveDate, namnd: Option<&str>) -> Result<PathBuf> {
    let namnd_dir = pick_namnd(sandbox, namnd)?;
    let previous = sandbox
        .meetings_under(&namnd_dir)
        .into_iter()
        .filter(|m| meeting_date(m).is_some_and(|d| d < datum))
        .max_by_key(|m| meeting_date(m))
        .and_then(|m| yaml::peek::<SammantradeFile>(&m.join("sammantrade.yaml")));
    let dir = namnd_dir.join(conventions::iso_date(datum));
    let path = dir.join("sammantrade.yaml");
    create(&path, &sammantrade_text(datum, previous.as_ref()))?;
    for sub in ["arenden", "bilagor"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|e| Error::io("skapa mappen", &dir, e))?;
    }
    write_schemas(sandbox.root())?;
    Ok(path)
}

fn meeting_date(dir: &Path) -> Option<NaiveDate> {
    let name = dir.file_name()?.to_str()?;
    NaiveDate::parse_from_str(name, "%Y-%m-%d").ok()
}

/// `kallelse ny ärende`: the next free number prefix in the meeting's
/// `arenden/`, and a slug from the title; an ärende that reports an item
/// of the nämnd's plan when `report` gives its id and what was asked.
pub fn new_arende(
    sandbox: &Sandbox,
    rubrik: &str,
    diarienummer: Option<&str>,
    meeting: Option<&str>,
    namnd: Option<&str>,
    today: NaiveDate,
    report: Option<(&str, &str)>,
) -> Result<PathBuf> {
    let dir = pick_meeting(sandbox, meeting, namnd, today)?;
    if let Some(dnr) = diarienummer {
        // The same check as `kontrollera`, at once.
        let namnd_file = dir
            .parent()
            .and_then(|d| yaml::peek::<crate::model::NamndFile>(&d.join("namnd.yaml")));
        if let Some(problem) = namnd_file
            .as_ref()
            .and_then(|n| crate::validate::case_number_problem(n, dnr))
        {
            return Err(Error::input(problem));
        }
    }
    let arenden = dir.join("arenden");
    let next = std::fs::read_dir(&arenden)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| load::number_prefix(&e.file_name().to_string_lossy()))
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
        + 1;
    let mut slug = conventions::slug(rubrik);
    if slug.len() > 50 {
        let cut = slug[..50].rfind('-').unwrap_or(50);
        slug.truncate(cut);
    }
    let path = arenden.join(format!("{next:02}-{slug}.yaml"));
    create(
        &path,
        &arende_text_reporting(rubrik, diarienummer.unwrap_or(""), today, report),
    )?;
    write_schemas(sandbox.root())?;
    Ok(path)
}

/// The meeting folder a command means: a folder, a date (of the only or
/// the named nämnd), or the next meeting from today (else the latest).
fn pick_meeting(
    sandbox: &Sandbox,
    meeting: Option<&str>,
    namnd: Option<&str>,
    today: NaiveDate,
) -> Result<PathBuf> {
    if let Some(given) = meeting {
        let as_path = Path::new(given);
        if as_path.join("sammantrade.yaml").is_file() {
            return as_path
                .canonicalize()
                .map_err(|e| Error::io("läsa mappen", as_path, e));
        }
        let datum = NaiveDate::parse_from_str(given, "%Y-%m-%d").map_err(|_| {
            Error::input(
                Diagnostic::error(format!("`{given}` är varken en sammanträdesmapp eller ett datum"))
                    .tips("ange --sammanträde 2026-12-10 eller en mapp som content/socialnamnden/2026-12-10"),
            )
        })?;
        let dir = pick_namnd(sandbox, namnd)?.join(conventions::iso_date(datum));
        if !dir.join("sammantrade.yaml").is_file() {
            return Err(Error::input(
                Diagnostic::error(format!("sammanträdet {given} finns inte"))
                    .tips(format!("skapa det med `kallelse ny sammanträde {given}`")),
            ));
        }
        return Ok(dir);
    }
    let namnd_dir = pick_namnd(sandbox, namnd)?;
    let mut meetings: Vec<(NaiveDate, PathBuf)> = sandbox
        .meetings_under(&namnd_dir)
        .into_iter()
        .filter_map(|m| Some((meeting_date(&m)?, m)))
        .collect();
    meetings.sort();
    let next = meetings
        .iter()
        .find(|(d, _)| *d >= today)
        .or(meetings.last());
    next.map(|(_, m)| m.clone()).ok_or_else(|| {
        Error::input(
            Diagnostic::error("nämnden har inget sammanträde")
                .tips("skapa ett med `kallelse ny sammanträde ÅÅÅÅ-MM-DD`"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scaffolded_arende_reads_with_what_is_filled_in() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        let text = arende_text("Budget 2027", "SN26/45", today);
        let read = crate::yaml::lenient::leniently::<crate::model::ArendeFile>(
            &text,
            crate::yaml::keys::ARENDE,
        )
        .unwrap();
        let arende = read.value;
        assert_eq!(arende.rubrik.value, "Budget 2027");
        assert_eq!(arende.diarienummer.value, "SN26/45");
        let tjansteskrivelse = arende.tjansteskrivelse.unwrap();
        assert_eq!(tjansteskrivelse.datum.value.to_string(), "2026-11-03");
        assert_eq!(tjansteskrivelse.avsandare, "");
        // `berör_barn: ""` is no answer: the prövning is left out.
        assert!(arende.barnrattsprovning.is_none());
        assert_eq!(
            read.left_out,
            ["barnrättsprövning.berör_barn", "barnrättsprövning"]
        );
    }

    /// Every key of a table appears in the scaffold, commented or not.
    fn mentions_every_key(text: &str, fields: &'static [Field]) {
        for field in fields {
            let name = field.names[0];
            assert!(
                text.contains(&format!("{name}:")),
                "mallen saknar {name}:\n{text}"
            );
            if let Kind::Map(inner) | Kind::List(inner) = &field.kind {
                // Nested keys may be shown inline in an example.
                for inner_field in inner.iter() {
                    let n = inner_field.names[0];
                    assert!(text.contains(&format!("{n}:")), "mallen saknar {name}.{n}");
                }
            }
        }
    }

    #[test]
    fn scaffolds_show_every_key() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        mentions_every_key(
            &namnd_text("Socialnämnden", "SN", "Sjöstads kommun"),
            keys::NAMND,
        );
        mentions_every_key(&sammantrade_text(today, None), keys::SAMMANTRADE);
        mentions_every_key(&arende_text("Rubrik", "SN26/1", today), keys::ARENDE);
        mentions_every_key(&arshjul_text(), keys::ARSHJUL);
    }

    #[test]
    fn user_text_is_quoted_yaml() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let text = arende_text("Budget: \"2027\" # inte en kommentar", "SN26/1", today);
        let filled = text
            .replace("\"\"", "\"x\"")
            .replace(": |\n", ": x\n")
            .replace("berör_barn: \"x\"", "berör_barn: ja")
            .replace("- \"x\"", "- att x");
        let parsed: crate::model::ArendeFile = yaml::parse(&filled).unwrap();
        assert_eq!(parsed.rubrik.value, "Budget: \"2027\" # inte en kommentar");
    }
}
