//! Publish stage, the site's pages: the start page, a page per nämnd, the
//! anslagstavla and its archive, and the 404 page, each from its template
//! (`startsida.html`, `namnd.html`, `anslagstavla.html`, `404.html`, all
//! built on `sida.html`).
//!
//! The templates see ready-made values: dates in words, and every address
//! relative to the site's root (a page puts `rot` before it).

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use crate::conventions::date_in_words;
use crate::error::Result;
use crate::render::HtmlTemplates;

use super::{Site, SiteMeeting, SiteNamnd};

/// The anslagstavla's folder.
pub const NOTICE_BOARD: &str = "anslagstavla";

/// A meeting as the pages show it.
#[derive(Debug, Serialize)]
pub struct MeetingView {
    /// `socialnamnden/2026-12-10`.
    pub id: String,
    /// "Socialnämnden".
    pub namnd_namn: String,
    /// "Socialnämndens".
    pub namnd_genitiv: String,
    /// ISO date.
    pub datum: String,
    /// "10 december 2026".
    pub datum_text: String,
    /// "torsdag".
    pub veckodag: String,
    /// "13:30".
    pub tid: String,
    /// Where.
    pub plats: String,
    /// Open to the public.
    pub oppet: bool,
    /// The meeting's page; none while the meeting is planned.
    pub sida: Option<String>,
    /// The published kallelse.
    pub kallelse: Option<DocView>,
    /// The justerat protokoll.
    pub protokoll: Option<DocView>,
    /// Its anslag.
    pub anslag: Vec<AnslagView>,
    /// The public items of the nämnd's plan due at it (coming meetings on
    /// a nämnd's page only).
    pub planerat: Vec<PlannedView>,
}

/// An item of the nämnd's plan as a nämnd page shows it.
#[derive(Debug, Serialize)]
pub struct PlannedView {
    /// What is to be reported.
    pub rubrik: String,
    /// The item's id.
    pub id: String,
}

/// A document to link to.
#[derive(Debug, Serialize)]
pub struct DocView {
    /// Its address from the site's root.
    pub href: String,
    /// Its pages, when known.
    pub sidor: Option<usize>,
}

/// An anslag as the anslagstavla shows it.
#[derive(Debug, Serialize)]
pub struct AnslagView {
    /// "Bevis om justering".
    pub rubrik: String,
    /// The organ.
    pub organ: String,
    /// The meeting's date in words.
    pub sammantradesdatum: String,
    /// The meeting's date, ISO.
    pub sammantradesdatum_iso: String,
    /// "SN §§ 112–121".
    pub paragrafer: String,
    /// The day of justering, in words.
    pub justerad: String,
    /// The first day up, in words.
    pub uppsatt: String,
    /// The first day up, ISO.
    pub uppsatt_iso: String,
    /// The last day up, in words.
    pub tas_ned: String,
    /// The last day up, ISO.
    pub tas_ned_iso: String,
    /// Where the protokoll is kept.
    pub forvaringsplats: String,
    /// Who certifies it.
    pub underskrift: String,
    /// The anslag as PDF, from the root.
    pub fil: String,
    /// The protokoll, from the root.
    pub protokoll: String,
    /// The meeting's page, from the root.
    pub sammantrade: String,
}

/// A nämnd as the pages show it.
#[derive(Debug, Serialize)]
pub struct NamndView {
    /// Its folder.
    pub folder: String,
    /// "Socialnämnden".
    pub namn: String,
    /// "Socialnämndens".
    pub genitiv: String,
    /// Its page, from the root.
    pub sida: String,
    /// Its calendar, from the root.
    pub kalender: String,
    /// Its feed, from the root.
    pub flode: String,
    /// Its members page, from the root.
    pub ledamoter: String,
    /// Its next meeting (on or after the site's day).
    pub nasta: Option<MeetingView>,
    /// Its coming meetings, soonest first.
    pub kommande: Vec<MeetingView>,
    /// Its earlier meetings by year, newest first.
    pub arkiv: Vec<YearView>,
}

/// The meetings of one year, newest first.
#[derive(Debug, Serialize)]
pub struct YearView {
    /// The year.
    pub ar: i32,
    /// Its meetings.
    pub moten: Vec<MeetingView>,
}

/// What every page's template sees.
#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    webbplats: &'a super::Settings,
    /// From the page to the site's root: `""`, `"../"`.
    rot: &'a str,
    /// The page, from the root (for `aria-current`).
    sida: &'a str,
    /// The site's day, ISO and in words.
    datum: String,
    datum_text: String,
    #[serde(flatten)]
    page: T,
}

/// Lowercase weekday: "torsdag".
fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "måndag",
        Weekday::Tue => "tisdag",
        Weekday::Wed => "onsdag",
        Weekday::Thu => "torsdag",
        Weekday::Fri => "fredag",
        Weekday::Sat => "lördag",
        Weekday::Sun => "söndag",
    }
}

/// A meeting as the pages show it.
pub fn meeting_view(meeting: &SiteMeeting) -> MeetingView {
    let date = NaiveDate::parse_from_str(&meeting.datum, "%Y-%m-%d").ok();
    let folder = format!("{}/", meeting.id);
    let data = meeting.data.as_ref();
    MeetingView {
        id: meeting.id.clone(),
        namnd_namn: meeting.organ.namn.clone(),
        namnd_genitiv: meeting.organ.genitiv.clone(),
        datum: meeting.datum.clone(),
        datum_text: crate::conventions::iso_date_in_words(&meeting.datum),
        veckodag: date.map(|d| weekday(d.weekday())).unwrap_or("").to_owned(),
        tid: meeting.tid.clone(),
        plats: meeting.plats.clone(),
        oppet: meeting.oppet,
        sida: data.map(|_| format!("{folder}index.html")),
        kallelse: data.map(|d| DocView {
            href: format!("{folder}{}", d.invitation.file_name),
            sidor: d.invitation.pages.map(|p| p.last),
        }),
        protokoll: data
            .and_then(|d| d.results_protocol.as_ref())
            .map(|p| DocView {
                href: format!("{folder}{}", p.file_name),
                sidor: p.pages.map(|p| p.last),
            }),
        anslag: data
            .map(|d| {
                d.anslag
                    .iter()
                    .map(|a| AnslagView {
                        rubrik: a.rubrik.clone(),
                        organ: a.organ.clone(),
                        sammantradesdatum: crate::conventions::iso_date_in_words(&a.meeting_date),
                        sammantradesdatum_iso: a.meeting_date.clone(),
                        paragrafer: a.paragrafer.clone(),
                        justerad: crate::conventions::iso_date_in_words(&a.justerad),
                        uppsatt: crate::conventions::iso_date_in_words(&a.up),
                        uppsatt_iso: a.up.clone(),
                        tas_ned: crate::conventions::iso_date_in_words(&a.down),
                        tas_ned_iso: a.down.clone(),
                        forvaringsplats: a.kept_at.clone(),
                        underskrift: a.certified_by.clone(),
                        fil: format!("{folder}{}", a.file.file_name),
                        protokoll: format!("{folder}{}", a.protocol_url),
                        sammantrade: format!("{folder}index.html"),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        planerat: Vec::new(),
    }
}

/// A coming meeting as its nämnd's page shows it: with the public items
/// of the plan due at it.
fn coming_view(site: &Site, meeting: &SiteMeeting) -> MeetingView {
    let mut view = meeting_view(meeting);
    view.planerat = site
        .planned(&meeting.namnd, &meeting.datum)
        .into_iter()
        .map(|p| PlannedView {
            rubrik: p.item.rubrik.clone(),
            id: p.item.id.clone(),
        })
        .collect();
    view
}

/// A nämnd as the pages show it, on the site's day.
fn namnd_view(site: &Site, namnd: &SiteNamnd, today: &str) -> NamndView {
    let (earlier, coming): (Vec<&SiteMeeting>, Vec<&SiteMeeting>) = namnd
        .meetings
        .iter()
        .partition(|m| m.datum.as_str() < today);
    let mut arkiv: Vec<YearView> = Vec::new();
    for meeting in earlier.iter().rev() {
        let year: i32 = meeting
            .datum
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(0);
        match arkiv.last_mut() {
            Some(last) if last.ar == year => last.moten.push(meeting_view(meeting)),
            _ => arkiv.push(YearView {
                ar: year,
                moten: vec![meeting_view(meeting)],
            }),
        }
    }
    NamndView {
        folder: namnd.folder.clone(),
        namn: namnd.organ.namn.clone(),
        genitiv: namnd.organ.genitiv.clone(),
        sida: format!("{}/index.html", namnd.folder),
        kalender: format!("{}/{}", namnd.folder, super::ical::CALENDAR_FILE),
        flode: format!("{}/{}", namnd.folder, super::atom::FEED_FILE),
        ledamoter: format!("{}/{}", namnd.folder, super::ledamoter::MEMBERS_PAGE),
        nasta: coming.first().map(|m| meeting_view(m)),
        kommande: coming.iter().map(|m| coming_view(site, m)).collect(),
        arkiv,
    }
}

/// A page with no values of its own.
#[derive(Serialize)]
struct Empty {}

/// The start page's own values.
#[derive(Serialize)]
struct StartPage {
    namnder: Vec<NamndView>,
    anslag_uppe: usize,
}

/// A nämnd page's own values.
#[derive(Serialize)]
struct NamndPage<'a> {
    namnd: &'a NamndView,
}

/// The anslagstavla's own values.
#[derive(Serialize)]
struct NoticeBoardPage {
    arkiv: bool,
    anslag: Vec<AnslagView>,
}

/// Renders every page of the site's own.
pub fn pages(site: &Site, templates: &HtmlTemplates) -> Result<Vec<(String, Vec<u8>)>> {
    let today = crate::conventions::iso_date(site.date);
    let namnder: Vec<NamndView> = site
        .namnder
        .iter()
        .map(|n| namnd_view(site, n, &today))
        .collect();
    let (up, down) = notices(site, &today);
    let mut files = Vec::new();
    for view in &namnder {
        let html = page_html(
            templates,
            "namnd.html",
            site,
            "../",
            &view.sida,
            &NamndPage { namnd: view },
        )?;
        files.push((view.sida.clone(), html));
    }
    let start = StartPage {
        namnder,
        anslag_uppe: up.len(),
    };
    files.push((
        "index.html".to_owned(),
        page_html(templates, "startsida.html", site, "", "index.html", &start)?,
    ));
    for (name, arkiv, anslag) in [("index.html", false, up), ("arkiv.html", true, down)] {
        let sida = format!("{NOTICE_BOARD}/{name}");
        let html = page_html(
            templates,
            "anslagstavla.html",
            site,
            "../",
            &sida,
            &NoticeBoardPage { arkiv, anslag },
        )?;
        files.push((sida, html));
    }
    // The 404 page is shown at any address: its links start at the path of
    // the site's address (`/sammantraden/`), or at the server's root.
    let rot = site
        .links
        .base
        .as_deref()
        .and_then(|base| base.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|slash| rest[slash..].to_owned()))
        .unwrap_or_else(|| "/".to_owned());
    files.push((
        "404.html".to_owned(),
        page_html(templates, "404.html", site, &rot, "404.html", &Empty {})?,
    ));
    files.push((
        "stil.css".to_owned(),
        page_html(templates, "webb.css", site, "", "stil.css", &Empty {})?,
    ));
    Ok(files)
}

/// The anslag up on the site's day (oldest first, as they went up), and
/// those taken down (newest first).
fn notices(site: &Site, today: &str) -> (Vec<AnslagView>, Vec<AnslagView>) {
    let mut up = Vec::new();
    let mut down = Vec::new();
    for meeting in site.meetings() {
        for anslag in meeting_view(meeting).anslag {
            if anslag.tas_ned_iso.as_str() < today {
                down.push(anslag);
            } else if anslag.uppsatt_iso.as_str() <= today {
                up.push(anslag);
            }
        }
    }
    up.sort_by(|a, b| (&a.uppsatt_iso, &a.organ).cmp(&(&b.uppsatt_iso, &b.organ)));
    down.sort_by(|a, b| (&b.uppsatt_iso, &a.organ).cmp(&(&a.uppsatt_iso, &b.organ)));
    (up, down)
}

/// Renders one page.
pub(super) fn page_html<T: Serialize>(
    templates: &HtmlTemplates,
    template: &str,
    site: &Site,
    rot: &str,
    sida: &str,
    page: &T,
) -> Result<Vec<u8>> {
    templates
        .render(
            template,
            &PageContext {
                webbplats: site.settings,
                rot,
                sida,
                datum: crate::conventions::iso_date(site.date),
                datum_text: date_in_words(site.date),
                page,
            },
        )
        .map(String::into_bytes)
}
