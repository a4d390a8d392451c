//! Stage 6, publish, for the whole municipality: `kallelse webbplats`
//! turns every nämnd and meeting under `content/` into one static site in
//! `output/webbplats/`, to copy to any web server as it is.
//!
//! - every meeting's web folder (the same as `publicera` writes, its page
//!   inside the site's navigation) in `<nämnd>/<datum>/`;
//! - a start page, a page per nämnd and the anslagstavla ([`pages`]);
//! - iCalendar files ([`ical`]), Atom feeds ([`atom`]) and OParl-shaped
//!   data ([`oparl`]), `sitemap.xml`, `robots.txt` and a 404 page.
//!
//! A meeting whose sources are unchanged since the last build is taken
//! from it ([`fingerprint`]); the result is the same bytes either way. A
//! meeting that fails keeps its previous folder and is reported, and the
//! rest of the site is still written.

pub mod atom;
pub mod fingerprint;
pub mod ical;
pub mod oparl;
pub mod pages;
pub mod settings;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, Sandbox};

use self::fingerprint::{Cache, Cached, Hasher};
use self::settings::Settings;
use super::site::Meeting;

/// The site's folder, inside the output folder.
pub const SITE_DIR: &str = "webbplats";

/// How to build the site.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The output folder (the project's `output/` when `None`).
    pub output: Option<PathBuf>,
    /// The day the anslagstavla and the lists of coming meetings are for.
    pub date: NaiveDate,
    /// The address the site will have (`--bas-url`).
    pub base_url: Option<String>,
    /// Build every meeting again, whatever the cache says (`--alla`).
    pub all: bool,
}

/// What a build of the site did.
#[derive(Debug)]
pub struct SiteReport {
    /// The site's folder.
    pub dir: PathBuf,
    /// The meetings with a kallelse built now, by id.
    pub built: Vec<String>,
    /// How many meetings with a kallelse were unchanged and taken from the
    /// last build.
    pub reused: usize,
    /// How many meetings have no ärenden yet (listed without a kallelse).
    pub planned: usize,
    /// The meetings that failed, with their problems; their previous
    /// folders are kept.
    pub failed: Vec<(String, Vec<Diagnostic>)>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// How many files of the site's own (pages, calendars, feeds, data)
    /// were written.
    pub files: usize,
}

/// The nämnd a meeting belongs to, as the site names it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Organ {
    /// "Socialnämnden".
    pub namn: String,
    /// "Socialnämndens".
    pub genitiv: String,
    /// "SN".
    pub forkortning: String,
    /// The municipality.
    pub organisation: String,
}

/// A meeting as the site lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteMeeting {
    /// `socialnamnden/2026-12-10`.
    pub id: String,
    /// The nämnd's folder: `socialnamnden`.
    pub namnd: String,
    /// The nämnd.
    pub organ: Organ,
    /// ISO date.
    pub datum: String,
    /// "13:30".
    pub tid: String,
    /// Where.
    pub plats: String,
    /// Whether it is open to the public.
    pub oppet: bool,
    /// The web version's data; `None` while the meeting has no ärenden
    /// (planned, its kallelse not yet published).
    pub data: Option<Meeting>,
}

/// Builds the site from the meetings in `meetings` (all of the project's).
pub fn build_site(
    sandbox: &Sandbox,
    meetings: &[PathBuf],
    options: &SiteOptions,
) -> Result<SiteReport> {
    let root = sandbox.root();
    let out_root = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("output"));
    let site_dir = out_root.join(SITE_DIR);
    let organisation = meetings
        .first()
        .and_then(|dir| first_organisation(sandbox, dir))
        .unwrap_or_default();
    let settings = settings::read(sandbox, &organisation, options.base_url.as_deref())?;
    let templates = crate::render::HtmlTemplates::load(root)?;
    let links = Links {
        base: settings.adress.clone(),
    };
    let site_hash = Hasher::site(root, settings.adress.as_deref());
    let previous = Cache::read(&out_root);
    let mut cache = Cache::default();
    let mut report = SiteReport {
        dir: site_dir.clone(),
        built: Vec::new(),
        reused: 0,
        planned: 0,
        failed: Vec::new(),
        warnings: Vec::new(),
        files: 0,
    };
    let settings_json = serde_json::to_value(&settings)
        .map_err(|e| Error::Tool(format!("webbplatsens inställningar: {e}")))?;

    for dir in meetings {
        let relative = sandbox.relative(dir).to_path_buf();
        let (Some(namnd), Some(folder)) = (
            relative
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned()),
            relative
                .file_name()
                .map(|n| n.to_string_lossy().into_owned()),
        ) else {
            continue;
        };
        let id = format!("{namnd}/{folder}");
        let cached = previous.meetings.get(&id);
        let deps = cached.map(|c| c.deps.as_slice()).unwrap_or_default();
        let hash = fingerprint::meeting(&site_hash, root, &relative, deps);
        if let Some(cached) = cached
            && !options.all
            && cached.hash == hash
            && (cached.entry.data.is_none() || site_dir.join(&id).is_dir())
        {
            match cached.entry.data {
                Some(_) => report.reused += 1,
                None => report.planned += 1,
            }
            cache.meetings.insert(id, cached.clone());
            continue;
        }
        let frame = super::Frame {
            webbplats: settings_json.clone(),
            rot: "../../".into(),
            namnd_sida: "../index.html".into(),
            organization_id: links.from(&oparl::organization_path(&namnd), "../../"),
        };
        let recording = sandbox.recording();
        match build_meeting(&recording, dir, &id, &namnd, &frame, &site_dir) {
            Ok((entry, warnings)) => {
                report.warnings.extend(warnings);
                match entry.data {
                    Some(_) => report.built.push(id.clone()),
                    None => report.planned += 1,
                }
                let inside = format!("{}/", load::virtual_path(&relative));
                let deps: Vec<String> = recording
                    .recorded()
                    .iter()
                    .map(|p| load::virtual_path(p))
                    .filter(|p| !p.starts_with(&inside))
                    .collect();
                let hash = fingerprint::meeting(&site_hash, root, &relative, &deps);
                cache.meetings.insert(id, Cached { hash, deps, entry });
            }
            Err(Error::Input(problems)) => {
                report.failed.push((id.clone(), problems));
                if let Some(cached) = cached {
                    cache.meetings.insert(id, cached.clone());
                }
            }
            Err(other) => return Err(other),
        }
        // typst's memo cache holds the laid-out meeting; the next meeting
        // shares little with it, and memory must not grow with the archive.
        typst::comemo::evict(0);
    }

    // Meetings that are gone take their folders with them.
    for id in previous.meetings.keys() {
        if !cache.meetings.contains_key(id) {
            let _ = std::fs::remove_dir_all(site_dir.join(id));
        }
    }

    let site_meetings: Vec<&SiteMeeting> = cache.meetings.values().map(|c| &c.entry).collect();
    let site = Site::new(&site_meetings, &settings, options.date, links);
    let mut files = pages::pages(&site, &templates)?;
    files.extend(ical::calendars(&site));
    files.extend(atom::feeds(&site));
    files.extend(oparl::data(&site)?);
    files.extend(pages::sitemap_and_robots(&site, &mut report.warnings));
    if let Some(source) = &settings.logo_source
        && let Some(name) = &settings.logotyp
    {
        let bytes = std::fs::read(source).map_err(|e| Error::io("läsa", source, e))?;
        files.push((name.clone(), bytes));
    }
    for (name, bytes) in &files {
        let path = site_dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            crate::export::write_atomic(&path, bytes)?;
        }
    }
    remove_stale(&site_dir, &files, &cache);
    report.files = files.len();
    cache.write(&out_root)?;
    Ok(report)
}

/// Builds one meeting's folder in the site; a meeting without ärenden is
/// only validated and listed.
fn build_meeting(
    sandbox: &Sandbox,
    dir: &Path,
    id: &str,
    namnd: &str,
    frame: &super::Frame,
    site_dir: &Path,
) -> Result<(SiteMeeting, Vec<Diagnostic>)> {
    if load::is_planned(dir) {
        // Only the meeting's own files are read: a planned meeting has
        // nothing else to check.
        let loaded = load::load_meeting(sandbox, dir)?;
        let namnd_file = &loaded.namnd.value;
        let meeting = &loaded.sammantrade.value;
        let target = site_dir.join(id);
        if target.exists() {
            std::fs::remove_dir_all(&target).map_err(|e| Error::io("ta bort", &target, e))?;
        }
        let organ = Organ {
            namn: namnd_file.namn.trim().to_owned(),
            genitiv: crate::validate::genitive_of(namnd_file),
            forkortning: namnd_file.forkortning.trim().to_owned(),
            organisation: namnd_file.organisation.trim().to_owned(),
        };
        return Ok((
            SiteMeeting {
                id: id.to_owned(),
                namnd: namnd.to_owned(),
                organ,
                datum: meeting.datum.value.to_string(),
                tid: meeting.tid.value.trim().to_owned(),
                plats: meeting.plats.trim().to_owned(),
                oppet: meeting.oppet,
                data: None,
            },
            Vec::new(),
        ));
    }
    let web = super::web_version(sandbox, dir, Some(frame))?;
    super::replace_dir(&site_dir.join(id), &web.files)?;
    let organ = Organ {
        namn: web.namnd.namn.clone(),
        genitiv: web.namnd.genitiv.clone(),
        forkortning: web.namnd.forkortning.clone(),
        organisation: web.namnd.organisation.clone(),
    };
    Ok((
        SiteMeeting {
            id: id.to_owned(),
            namnd: namnd.to_owned(),
            organ,
            datum: web.sammantrade.datum.clone(),
            tid: web.sammantrade.tid.clone(),
            plats: web.sammantrade.plats.clone(),
            oppet: web.sammantrade.oppet,
            data: Some(web.meeting),
        },
        web.warnings,
    ))
}

/// The municipality of the nämnd of the meeting in `dir`, for the site's
/// settings when they do not name it.
fn first_organisation(sandbox: &Sandbox, dir: &Path) -> Option<String> {
    let path = dir.parent()?.join("namnd.yaml");
    let mut ignored = Vec::new();
    load::read_yaml::<crate::model::NamndFile>(sandbox, &path, crate::keys::NAMND, &mut ignored)
        .map(|n| n.value.organisation)
}

/// Removes what an earlier build wrote that this one did not (the pages of
/// a nämnd that is gone, the data of a meeting no longer planned), but
/// never a meeting's folder: those are handled by the cache.
fn remove_stale(site_dir: &Path, files: &[(String, Vec<u8>)], cache: &Cache) {
    let written: BTreeSet<&Path> = files.iter().map(|(n, _)| Path::new(n.as_str())).collect();
    let meetings: BTreeSet<&Path> = cache
        .meetings
        .keys()
        .map(|id| Path::new(id.as_str()))
        .collect();
    // Walked parents first (so that a meeting's folder is never entered),
    // then taken children first (so that an emptied folder can go).
    let entries: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(site_dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            // A meeting's folder is not entered at all.
            !e.file_name().to_string_lossy().starts_with('.')
                && !e
                    .path()
                    .strip_prefix(site_dir)
                    .is_ok_and(|relative| meetings.contains(relative))
        })
        .filter_map(|e| e.ok())
        .collect();
    for entry in entries.iter().rev() {
        let Ok(relative) = entry.path().strip_prefix(site_dir) else {
            continue;
        };
        if entry.file_type().is_dir() {
            // Only empty folders go.
            let _ = std::fs::remove_dir(entry.path());
        } else if !written.contains(relative) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// How addresses are written: relative, or absolute under the site's
/// address when it is known.
#[derive(Debug, Clone)]
pub struct Links {
    /// The site's address, ending in `/`.
    pub base: Option<String>,
}

impl Links {
    /// The address of `path` (relative to the site's root) as seen from a
    /// file `up` levels below the root (`up` is `""`, `"../"`, …).
    pub fn from(&self, path: &str, up: &str) -> String {
        match &self.base {
            Some(base) => format!("{base}{path}"),
            None => format!("{up}{path}"),
        }
    }

    /// The address of `path` for data read on its own (feeds, OParl):
    /// absolute when the site's address is known, else relative to the
    /// site's root.
    pub fn data(&self, path: &str) -> String {
        self.from(path, "")
    }
}

/// Everything the site's own files are made from.
pub struct Site<'a> {
    /// Every nämnd, in the order of their folders.
    pub namnder: Vec<SiteNamnd<'a>>,
    /// The settings.
    pub settings: &'a Settings,
    /// The day the site is built for.
    pub date: NaiveDate,
    /// How to write addresses.
    pub links: Links,
}

/// A nämnd and its meetings, oldest first.
pub struct SiteNamnd<'a> {
    /// Its folder: `socialnamnden`.
    pub folder: String,
    /// The nämnd, from its latest meeting.
    pub organ: Organ,
    /// Its meetings, oldest first.
    pub meetings: Vec<&'a SiteMeeting>,
}

impl<'a> Site<'a> {
    fn new(
        meetings: &[&'a SiteMeeting],
        settings: &'a Settings,
        date: NaiveDate,
        links: Links,
    ) -> Self {
        let mut namnder: Vec<SiteNamnd<'a>> = Vec::new();
        let mut sorted = meetings.to_vec();
        sorted.sort_by(|a, b| (&a.namnd, &a.datum, &a.id).cmp(&(&b.namnd, &b.datum, &b.id)));
        for meeting in sorted {
            match namnder.last_mut() {
                Some(last) if last.folder == meeting.namnd => {
                    last.organ = meeting.organ.clone();
                    last.meetings.push(meeting);
                }
                _ => namnder.push(SiteNamnd {
                    folder: meeting.namnd.clone(),
                    organ: meeting.organ.clone(),
                    meetings: vec![meeting],
                }),
            }
        }
        Site {
            namnder,
            settings,
            date,
            links,
        }
    }

    /// Every meeting, by nämnd and date.
    pub fn meetings(&self) -> impl Iterator<Item = &'a SiteMeeting> + '_ {
        self.namnder.iter().flat_map(|n| n.meetings.iter().copied())
    }
}
