//! `kallelse webbplats`: the municipal meeting site built from the example
//! (two nämnder, meetings past and planned, protokoll and anslag) plus
//! planned meetings on both sides of a change to summer time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::{Project, repo, tree};

const SITE: &str = "output/webbplats";

/// Planned meetings around the start of summer time 2027 (28 March).
const WINTER: &str = "content/socialnamnden/2027-03-25/sammantrade.yaml";
const SUMMER: &str = "content/socialnamnden/2027-04-01/sammantrade.yaml";

/// The example with the repository's site settings and two more planned
/// meetings.
pub(crate) fn project() -> Project {
    let project = Project::example();
    std::fs::copy(
        repo().join("webbplats.yaml"),
        project.path().join("webbplats.yaml"),
    )
    .unwrap();
    project.write(
        WINTER,
        "datum: 2027-03-25\ntid: \"13:30\"\nplats: Stadshuset, sal B\nöppet: false\n",
    );
    project.write(
        SUMMER,
        "datum: 2027-04-01\ntid: \"9.00–11.30\"\nplats: Stadshuset, sal A\nöppet: true\n",
    );
    project
}

/// One site built once for the tests that only read it.
pub(crate) fn built() -> &'static (Project, String) {
    static BUILT: OnceLock<(Project, String)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let project = project();
        let run = project
            .run(&["webbplats", "--datum", "2026-11-20"])
            .success();
        (project, run.stdout())
    })
}

fn html_pages(site: &Path) -> Vec<PathBuf> {
    tree(site)
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(PathBuf::from)
        .collect()
}

fn select(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap()
}

#[test]
fn every_page_parses_is_accessible_in_structure_and_links_resolve() {
    let (project, stdout) = built();
    assert!(stdout.contains("3 sammanträden byggda"), "{stdout}");
    assert!(stdout.contains("4 utan kallelse"), "{stdout}");
    let site = project.path().join(SITE);
    let pages = html_pages(&site);
    for expected in [
        "index.html",
        "404.html",
        "anslagstavla/index.html",
        "anslagstavla/arkiv.html",
        "socialnamnden/index.html",
        "kultur-och-fritidsnamnden/index.html",
        "socialnamnden/2026-12-10/index.html",
        "socialnamnden/2026-11-12/index.html",
        "kultur-och-fritidsnamnden/2026-10-22/index.html",
    ] {
        assert!(
            pages.contains(&PathBuf::from(expected)),
            "{expected} saknas"
        );
    }
    let mut pdf_pages: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut links = 0;
    for page in &pages {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let document = scraper::Html::parse_document(&html);
        assert!(
            document.errors.is_empty(),
            "{page:?}: {:?}",
            document.errors
        );
        crate::support::assert_page_structure(&document, &page.to_string_lossy());
        assert_eq!(document.select(&select("main")).count(), 1, "{page:?}");
        assert!(
            document
                .select(&select("a.hoppa[href='#innehall']"))
                .count()
                == 1
                && document.select(&select("#innehall")).count() == 1,
            "{page:?}: hopplänken saknas"
        );
        let dir = site.join(page).parent().unwrap().to_path_buf();
        for link in document
            .select(&select("a[href], link[href], img[src]"))
            .collect::<Vec<_>>()
        {
            let attr = link
                .value()
                .attr("href")
                .or(link.value().attr("src"))
                .unwrap();
            if link.value().name() == "a" {
                let text: String = link.text().collect();
                assert!(
                    !text.trim().is_empty(),
                    "{page:?}: länk utan text till {attr}"
                );
            }
            if attr.starts_with("mailto:") || attr.starts_with('#') {
                continue;
            }
            let (file, fragment) = attr.split_once('#').unwrap_or((attr, ""));
            // The 404 page is served at any address: its links start at the
            // path of the site's address.
            let target = match file.strip_prefix("/sammantraden/") {
                Some(rest) => site.join(rest),
                None => dir.join(file),
            };
            assert!(
                target.is_file(),
                "{page:?}: {attr} pekar på en fil som saknas"
            );
            if let Some(number) = fragment.strip_prefix("page=") {
                let count = *pdf_pages
                    .entry(target.clone())
                    .or_insert_with(|| lopdf::Document::load(&target).unwrap().get_pages().len());
                let number: usize = number.parse().unwrap();
                assert!(
                    (1..=count).contains(&number),
                    "{page:?}: {attr} (PDF:en har {count} sidor)"
                );
            }
            links += 1;
        }
    }
    assert!(links > 150, "bara {links} länkar");

    // Link texts say where they lead on their own.
    let namnd = project.read(&format!("{SITE}/socialnamnden/index.html"));
    assert!(
        namnd.contains("Kallelse 10 december 2026 (PDF, 57 sidor)"),
        "{namnd}"
    );
    assert!(namnd.contains("Protokoll 12 november 2026 (PDF,"));
    // Coming meetings first, the planned one without a kallelse; the
    // archive by year.
    let coming = namnd.find("Kommande sammanträden").unwrap();
    let archive = namnd.find("Tidigare sammanträden").unwrap();
    let december = namnd.find("Torsdag 10 december 2026").unwrap();
    let planned = namnd.find("Torsdag 28 januari 2027").unwrap();
    assert!(coming < december && december < planned && planned < archive);
    assert!(namnd[planned..archive].contains("Kallelsen är inte publicerad ännu."));
    assert!(namnd[archive..].contains("<h3>2026</h3>"));
    let start = project.read(&format!("{SITE}/index.html"));
    assert!(start.contains("Nästa sammanträde: torsdag 10 december 2026 klockan 13:30"));
    assert!(start.contains("Nästa sammanträde: torsdag 21 januari 2027 klockan 18:00"));
    // The meeting page is inside the site's navigation.
    let meeting = project.read(&format!("{SITE}/socialnamnden/2026-12-10/index.html"));
    assert!(meeting.contains("href=\"../../stil.css\""));
    assert!(meeting.contains("<a href=\"../index.html\">Socialnämnden</a>"));
    // sitemap.xml lists every page under the site's address.
    let sitemap = project.read(&format!("{SITE}/sitemap.xml"));
    for page in pages.iter().filter(|p| !p.ends_with("404.html")) {
        let url = format!(
            "https://www.sjostad.se/sammantraden/{}",
            page.to_string_lossy()
        );
        assert!(sitemap.contains(&url), "{url} saknas i sitemap.xml");
    }
    assert!(
        project
            .read(&format!("{SITE}/robots.txt"))
            .contains("Sitemap: https://www.sjostad.se/sammantraden/sitemap.xml")
    );
}

/// The anslag of every meeting, from the site's own data: (organ, meeting
/// date, paragraphs, up, down).
fn all_anslag(site: &Path) -> Vec<(String, String, String, String, String)> {
    let mut all = Vec::new();
    for (path, bytes) in tree(site) {
        if !path.ends_with("sammantrade.json") {
            continue;
        }
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        for a in json["anslag"].as_array().into_iter().flatten() {
            let s = |k: &str| a[k].as_str().unwrap().to_owned();
            all.push((
                s("organ"),
                s("sammantradesdatum"),
                s("paragrafer"),
                s("uppsatt"),
                s("tasNed"),
            ));
        }
    }
    all
}

#[test]
fn the_anslagstavla_shows_exactly_the_anslag_up_on_the_day() {
    let project = Project::example();
    project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    let site = project.path().join(SITE);
    let anslag = all_anslag(&site);
    assert_eq!(anslag.len(), 4, "{anslag:?}");
    let mut seen_up = 0;
    let mut seen_down = 0;
    for day in [
        "2026-10-22",
        "2026-10-30",
        "2026-11-13",
        "2026-11-20",
        "2026-11-21",
        "2026-12-04",
        "2026-12-05",
        "2026-12-11",
        "2026-12-12",
    ] {
        let run = project.run(&["webbplats", "--datum", day]).success();
        assert!(
            run.stdout().contains("0 sammanträden byggda"),
            "{}",
            run.stdout()
        );
        let board = project.read(&format!("{SITE}/anslagstavla/index.html"));
        let archive = project.read(&format!("{SITE}/anslagstavla/arkiv.html"));
        let count = |html: &str| {
            scraper::Html::parse_document(html)
                .select(&select("article.anslag"))
                .count()
        };
        let up: Vec<_> = anslag
            .iter()
            .filter(|a| a.3.as_str() <= day && day <= a.4.as_str())
            .collect();
        let down: Vec<_> = anslag.iter().filter(|a| a.4.as_str() < day).collect();
        assert_eq!(count(&board), up.len(), "{day}: {board}");
        assert_eq!(count(&archive), down.len(), "{day}");
        for (organ, _, paragrafer, _, _) in &up {
            let expected = format!("<dd>{paragrafer}</dd>");
            assert!(
                board.contains(&expected) && board.contains(organ.as_str()),
                "{day}: {expected}"
            );
        }
        seen_up += up.len();
        seen_down += down.len();
    }
    // The days chose cover every case: none up, some up, all taken down.
    assert!(seen_up > 4 && seen_down > 4, "{seen_up} {seen_down}");
    let board = project.read(&format!("{SITE}/anslagstavla/index.html"));
    assert!(board.contains("Inga anslag är uppsatta i dag."));
}

#[test]
fn calendars_hold_one_event_per_meeting_at_swedish_local_time() {
    use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike};
    let (project, _) = built();
    let site = project.path().join(SITE);
    let parse = |path: &str| -> icalendar::Calendar {
        let text = project.read(&format!("{SITE}/{path}"));
        assert!(
            text.lines().all(|l| l.len() <= 76),
            "{path}: rader längre än 75 oktetter"
        );
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n"));
        text.parse().unwrap()
    };
    let all = parse("kalender.ics");
    let events: Vec<&icalendar::Event> =
        all.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 17, "sjutton sammanträden");
    let mut uids: Vec<&str> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), 17);
    let social = parse("socialnamnden/kalender.ics");
    assert_eq!(
        social
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .count(),
        15
    );
    let kultur = parse("kultur-och-fritidsnamnden/kalender.ics");
    assert_eq!(
        kultur
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .count(),
        2
    );

    // The local time and zone give the same instant as the site's data.
    let meetings: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("oparl/meetings.json")).unwrap()).unwrap();
    let meeting_on = |date: &str| {
        meetings["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| {
                m["start"].as_str().unwrap().starts_with(date)
                    && m["organization"][0]
                        .as_str()
                        .unwrap()
                        .contains("socialnamnden")
            })
            .unwrap()
    };
    let start_of = |date: &str| {
        chrono::DateTime::parse_from_rfc3339(meeting_on(date)["start"].as_str().unwrap()).unwrap()
    };
    for (date, local, offset) in [
        ("2027-03-25", "13:30", "+01:00"),
        ("2027-04-01", "09:00", "+02:00"),
        ("2026-12-10", "13:30", "+01:00"),
        ("2026-11-12", "13:30", "+01:00"),
    ] {
        let event = events
            .iter()
            .find(|e| {
                e.get_uid().unwrap() == format!("socialnamnden-{date}@sjostads-kommun.kallelse")
            })
            .unwrap();
        let Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) =
            event.get_start()
        else {
            panic!("{date}: DTSTART utan tidszon");
        };
        assert_eq!(tzid, "Europe/Stockholm");
        assert_eq!(
            date_time.format("%Y-%m-%d %H:%M").to_string(),
            format!("{date} {local}")
        );
        let zone: chrono_tz::Tz = tzid.parse().unwrap();
        use chrono::TimeZone;
        let instant = zone.from_local_datetime(&date_time).unwrap();
        let expected = start_of(date);
        assert_eq!(
            instant.with_timezone(&chrono::Utc),
            expected.with_timezone(&chrono::Utc),
            "{date}"
        );
        assert_eq!(expected.offset().to_string(), offset, "{date}");
        assert!(event.get_location().unwrap().starts_with("Stadshuset"));
        // A time with an end ("9.00–11.30") ends the event, in the
        // calendar and in the open data; one without has no end.
        let end = match event.get_end() {
            Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
                date_time, ..
            })) => Some(date_time.format("%H:%M").to_string()),
            None => None,
            Some(other) => panic!("{date}: DTEND {other:?}"),
        };
        let data_end = meeting_on(date)["end"].as_str().map(str::to_owned);
        if date == "2027-04-01" {
            assert_eq!(end.as_deref(), Some("11:30"));
            assert_eq!(data_end.as_deref(), Some("2027-04-01T11:30:00+02:00"));
        } else {
            assert_eq!((end, data_end), (None, None), "{date}");
        }
        // Every event leads back to its page.
        let url = event.property_value("URL").unwrap_or_default();
        assert!(url.ends_with("/index.html"), "{date}: URL {url:?}");
    }
}

#[test]
fn feeds_and_open_data_validate_against_their_schemas() {
    let (project, _) = built();
    let site = project.path().join(SITE);
    let files = tree(&site);
    // Atom, with xmllint and the RELAX NG schema in schema/.
    let feeds: Vec<&String> = files.keys().filter(|p| p.ends_with(".atom")).collect();
    assert_eq!(feeds.len(), 3, "{feeds:?}");
    let xmllint = |path: &Path| {
        std::process::Command::new("xmllint")
            .args(["--noout", "--relaxng"])
            .arg(repo().join("schema/atom.rng"))
            .arg(path)
            .output()
            .expect("xmllint (Debian: libxml2-utils) körs")
    };
    for feed in &feeds {
        let out = xmllint(&site.join(feed));
        assert!(
            out.status.success(),
            "{feed}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let all = String::from_utf8(files["flode.atom"].clone()).unwrap();
    // One entry per document: 3 kallelser, 2 protokoll, 4 anslag.
    assert_eq!(all.matches("<entry>").count(), 9, "{all}");
    assert!(all.contains("<updated>2026-12-0") || all.contains("<updated>2026-11-"));
    let broken = site.join("trasig.atom");
    std::fs::write(
        &broken,
        all.replacen("<title>", "<titel>", 1)
            .replacen("</title>", "</titel>", 1),
    )
    .unwrap();
    assert!(
        !xmllint(&broken).status.success(),
        "schemat ska fånga ett felstavat element"
    );
    std::fs::remove_file(&broken).unwrap();
    // The same document has the same id in the nämnd's feed and in all.
    let social = String::from_utf8(files["socialnamnden/flode.atom"].clone()).unwrap();
    let first_id = social
        .split("<entry>\n    <id>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    assert!(all.contains(first_id));

    // OParl: validated against the specification in `oparl.rs`.
    let system: serde_json::Value = serde_json::from_slice(&files["oparl/system.json"]).unwrap();
    assert_eq!(system["type"], "https://schema.oparl.org/1.1/System");
    // Every address in the data leads to a file of the site.
    let base = "https://www.sjostad.se/sammantraden/";
    let mut urls = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".json")) {
        let text = String::from_utf8_lossy(bytes);
        for piece in text.split('"').filter(|s| s.starts_with(base)) {
            let file = piece[base.len()..].split('#').next().unwrap();
            assert!(files.contains_key(file), "{path}: {piece}");
            urls += 1;
        }
    }
    assert!(urls > 100, "{urls}");
    // A meeting's own sammantrade.json links its nämnd in the site's data.
    let meeting: serde_json::Value =
        serde_json::from_slice(&files["socialnamnden/2026-12-10/sammantrade.json"]).unwrap();
    assert_eq!(
        meeting["organization"][0]["id"],
        format!("{base}oparl/organization/socialnamnden.json")
    );
    let meetings: serde_json::Value =
        serde_json::from_slice(&files["oparl/meetings.json"]).unwrap();
    assert_eq!(meetings["data"].as_array().unwrap().len(), 17);
}

#[test]
fn relative_addresses_without_a_base_and_absolute_with_bas_url() {
    let project = Project::example();
    let run = project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    assert!(
        run.stderr().contains("sitemap.xml skrevs inte"),
        "{}",
        run.stderr()
    );
    assert!(!project.path().join(SITE).join("sitemap.xml").exists());
    let body = project.read(&format!("{SITE}/oparl/body.json"));
    assert!(
        body.contains("\"organization\": \"oparl/organizations.json\""),
        "{body}"
    );
    project
        .run(&[
            "webbplats",
            "--datum",
            "2026-11-20",
            "--bas-url",
            "https://example.org/moten",
        ])
        .success();
    let body = project.read(&format!("{SITE}/oparl/body.json"));
    assert!(
        body.contains("\"organization\": \"https://example.org/moten/oparl/organizations.json\""),
        "{body}"
    );
    assert!(project.path().join(SITE).join("sitemap.xml").is_file());
}

#[test]
fn an_incremental_build_gives_the_same_bytes_as_a_full_one() {
    let project = project();
    let first = project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    assert!(
        first.stdout().contains("3 sammanträden byggda"),
        "{}",
        first.stdout()
    );
    // Nothing changed: the site is left as it is, not even swapped.
    let page = project.path().join(SITE).join("index.html");
    let inode =
        |path: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap());
    let before = inode(&page);
    let again = project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    assert_eq!(
        inode(&page),
        before,
        "webbplatsen skrevs om fast inget ändrats"
    );
    assert!(
        again
            .stdout()
            .contains("0 sammanträden byggda, 3 oförändrade"),
        "{}",
        again.stdout()
    );
    let unchanged = tree(&project.path().join(SITE));

    // One ärende changes: only its meeting is built again.
    project.edit(
        "content/socialnamnden/2026-12-10/arenden/01-uppfoljning-av-bostad-forst.yaml",
        "rubrik: Uppföljning av arbetet med Bostad först 2026",
        "rubrik: Uppföljning av arbetet med Bostad först under 2026",
    );
    let edited = project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    assert!(
        edited
            .stdout()
            .contains("1 sammanträden byggda, 2 oförändrade"),
        "{}",
        edited.stdout()
    );
    let incremental = tree(&project.path().join(SITE));
    assert_ne!(unchanged, incremental);
    assert!(
        String::from_utf8_lossy(&incremental["socialnamnden/2026-12-10/index.html"])
            .contains("Bostad först under 2026")
    );

    // A full build of the same sources, elsewhere, gives the same bytes.
    let full_dir = tempfile::tempdir().unwrap();
    let full = project
        .run(&[
            "webbplats",
            "--datum",
            "2026-11-20",
            "--alla",
            "--utdata",
            full_dir.path().to_str().unwrap(),
        ])
        .success();
    assert!(
        full.stdout().contains("3 sammanträden byggda"),
        "{}",
        full.stdout()
    );
    let full = tree(&full_dir.path().join("webbplats"));
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &incremental {
        assert!(
            full[name] == *bytes,
            "{name} skiljer sig mellan stegvis och fullständig byggning"
        );
    }
    // A meeting that is removed takes its folder and data with it.
    let planned = project
        .path()
        .join(SITE)
        .join("oparl/meeting/socialnamnden-2027-04-01.json");
    assert!(planned.is_file());
    std::fs::remove_dir_all(project.path().join("content/socialnamnden/2027-04-01")).unwrap();
    project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    assert!(!planned.exists());
    let calendar = project.read(&format!("{SITE}/socialnamnden/kalender.ics"));
    assert!(!calendar.contains("20270401"));
}

#[test]
fn a_meeting_that_fails_keeps_its_pages_and_the_rest_is_written() {
    let project = Project::example();
    project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    let meeting_dir = project.path().join(SITE).join("socialnamnden/2026-12-10");
    let before = tree(&meeting_dir);
    project.edit(
        "content/socialnamnden/2026-12-10/arenden/01-uppfoljning-av-bostad-forst.yaml",
        "diarienummer: SN26/38",
        "diarienummer: SN26/38\nberör_barn: kanske",
    );
    // Another meeting changes too, and is still published.
    project.edit(
        "content/socialnamnden/2026-11-12/sammantrade.yaml",
        "plats: Stadshuset, sal B",
        "plats: Stadshuset, sal C",
    );
    let run = project.run(&["webbplats", "--datum", "2026-11-20"]);
    assert_ne!(run.code(), 0);
    let stderr = run.stderr();
    assert!(
        stderr.contains(
            "content/socialnamnden/2026-12-10/arenden/01-uppfoljning-av-bostad-forst.yaml:"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("dess förra sidor är kvar"), "{stderr}");
    assert_eq!(
        tree(&meeting_dir),
        before,
        "det förra sammanträdets filer ska vara orörda"
    );
    assert!(
        project
            .read(&format!("{SITE}/socialnamnden/2026-11-12/index.html"))
            .contains("sal C")
    );
    assert!(
        project
            .read(&format!("{SITE}/socialnamnden/index.html"))
            .contains("Kallelse 10 december 2026")
    );
}

/// Runs `kallelse webbplats` with the size of every file it writes
/// limited to `bytes` (`RLIMIT_FSIZE`), as when the disk fills up: the
/// write that passes the limit fails, or the process is stopped by
/// `SIGXFSZ`.
fn site_with_a_full_disk(project: &Project, bytes: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt as _;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kallelse"));
    command
        .args(["webbplats", "--datum", "2026-11-20"])
        .current_dir(project.path());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.output().expect("kallelse runs")
}

#[test]
fn a_site_is_never_half_written() {
    let project = Project::example();
    let site = project.path().join(SITE);
    // A first build that runs out of disk leaves no site at all.
    let run = site_with_a_full_disk(&project, 64 * 1024);
    assert!(!run.status.success());
    assert!(!site.exists(), "en halv webbplats blev kvar");

    // The next build works and takes away what the failed one left.
    project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    assert!(site.join("index.html").is_file());
    let leftovers: Vec<String> = std::fs::read_dir(project.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".webbplats-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A rebuild that runs out of disk leaves the previous site as it was.
    let before = tree(&site);
    project.edit(
        "content/socialnamnden/2026-11-12/sammantrade.yaml",
        "plats: Stadshuset, sal B",
        "plats: Stadshuset, sal C",
    );
    let run = site_with_a_full_disk(&project, 64 * 1024);
    assert!(!run.status.success());
    assert_eq!(tree(&site), before, "den förra webbplatsen ändrades");
}

#[test]
fn settings_are_checked_and_templates_can_be_overridden() {
    let project = Project::example();
    project.write(
        "webbplats.yaml",
        "namn: Möten\nfärg: \"#ffbf47\"\nlogga: x.svg\n",
    );
    let run = project.run(&["webbplats"]);
    assert_ne!(run.code(), 0);
    let stderr = run.stderr();
    assert!(stderr.contains("webbplats.yaml:3:1"), "{stderr}");
    assert!(stderr.contains("logotyp"), "menade du logotyp: {stderr}");
    project.write("webbplats.yaml", "namn: Möten\nfärg: \"#ffbf47\"\n");
    let stderr = project.run(&["webbplats"]).stderr();
    assert!(
        stderr.contains("kontrasten") && stderr.contains("4,5:1"),
        "{stderr}"
    );
    assert!(!project.path().join(SITE).exists(), "inget ska skrivas");

    project.write(
        "webbplats.yaml",
        "namn: Möten i Sjöstad\nfärg: \"#6b2c5f\"\n",
    );
    project.run(&["mallar"]).success();
    project.edit(
        "templates/startsida.html",
        "<h1>Nämnder och sammanträden</h1>",
        "<h1>Välkommen till Sjöstads möten</h1>",
    );
    project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    let start = project.read(&format!("{SITE}/index.html"));
    assert!(start.contains("<h1>Välkommen till Sjöstads möten</h1>"));
    assert!(start.contains("--farg: #6b2c5f"));
    assert!(start.contains("Möten i Sjöstad"));
}

#[test]
fn hostile_text_is_escaped_in_every_page_and_file() {
    let project = Project::example();
    let hostile = "Sal <script>alert(1)</script> & \"B\", plan 2; {{ x }}";
    project.edit(
        "content/socialnamnden/2026-12-10/sammantrade.yaml",
        "plats: Stadshuset, sal B",
        &format!("plats: '{hostile}'"),
    );
    project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    let site = project.path().join(SITE);
    for (path, bytes) in tree(&site) {
        let text = String::from_utf8_lossy(&bytes);
        // Markup may carry no tag from the text; data and calendars carry
        // the text as it is.
        if [".html", ".atom", ".xml"].iter().any(|e| path.ends_with(e)) {
            assert!(!text.contains("<script>"), "{path}");
        }
        if path.ends_with(".ics") {
            assert!(
                text.split("\r\n").all(|line| !line.contains('\n')),
                "{path}: en rad bryts av texten"
            );
        }
        if path.ends_with(".html") {
            // The only script is the search page's own, from its file.
            let document = scraper::Html::parse_document(&text);
            for script in document.select(&select("script")) {
                assert_eq!(path, "sok.html");
                assert_eq!(script.value().attr("src"), Some("sok.js"), "{path}");
                assert_eq!(script.inner_html(), "", "{path}");
            }
        }
    }
    let calendar = project.read(&format!("{SITE}/kalender.ics"));
    let unfolded = calendar.replace("\r\n ", "");
    assert!(
        unfolded
            .contains("LOCATION:Sal <script>alert(1)</script> & \"B\"\\, plan 2\\; {{ x }}\r\n"),
        "{calendar}"
    );
    let meetings: serde_json::Value =
        serde_json::from_str(&project.read(&format!("{SITE}/oparl/meetings.json"))).unwrap();
    assert!(
        meetings["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["location"]["description"] == hostile)
    );
}

#[test]
fn the_site_in_a_real_browser_at_1280_and_320_pixels() {
    let (project, _) = built();
    let site = project.path().join(SITE);
    // Served as on the municipality's server, under the path of its
    // address (`adress` in webbplats.yaml), where the 404 page's links lead.
    let server = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&site, server.path().join("sammantraden")).unwrap();
    let pages: Vec<String> = html_pages(&site)
        .iter()
        .map(|p| format!("sammantraden/{}", p.to_string_lossy()))
        .collect();
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let shots = tempfile::tempdir().unwrap();
    let report = crate::browser::check_in_browser(server.path(), &pages, Some(shots.path()));
    let problems = report.problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Screenshots of the start page, a nämnd page and the anslagstavla are
    // kept for review.
    let keep = repo().join("output/skarmbilder");
    std::fs::create_dir_all(&keep).unwrap();
    for entry in std::fs::read_dir(shots.path()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(kept) = name.strip_prefix("sammantraden_")
            && (kept.starts_with("index.html")
                || kept.starts_with("socialnamnden_index.html")
                || kept.starts_with("anslagstavla_index.html"))
        {
            std::fs::copy(entry.path(), keep.join(kept)).unwrap();
        }
    }
    assert!(keep.join("index.html-320.png").is_file());
}
