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
//! rest of the site is still written. The site is made beside the old one
//! and moved into place whole, after the guard ([`super::guard`]) has read
//! every file; something personal in any of them stops the whole run.

pub mod arende_pages;
pub mod arenden;
pub mod atom;
pub mod fingerprint;
pub mod ical;
pub mod ledamoter;
pub mod oparl;
pub mod pages;
pub mod settings;
pub mod sitemap;
pub mod sok;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, Sandbox};

use super::guard;

use self::fingerprint::{Cache, Cached, Hasher};
use self::settings::Settings;
use super::meeting_page::MeetingData;

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
    pub data: Option<MeetingData>,
    /// What it brings to the nämnd's plan (kept in the site's cache only:
    /// the pages show the public items of coming meetings).
    #[serde(default)]
    pub plan: Option<crate::plan::Contribution>,
}

/// Builds the site from the meetings in `meetings` (all of the project's).
///
/// The new site is made in a folder beside the old one and moved into
/// place only when every file of it has passed the guard: a run that
/// fails leaves the previous site serving as it was, and a first run
/// that fails leaves no site at all.
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
    let staging = staging_dir(&out_root)?;
    let mut previous = Cache::read(&out_root);
    let guarded_before = std::mem::take(&mut previous.guarded);
    let stamps = std::sync::Arc::new(fingerprint::Stamps::from(std::mem::take(
        &mut previous.stamps,
    )));
    let own_sources = own_sources(sandbox, meetings, &settings);
    let mut build = MeetingsBuild {
        own_sources: &own_sources,
        out_root: &out_root,
        sandbox,
        options,
        site_dir: &site_dir,
        staged: staging.path(),
        site_hash: Hasher::site(root, settings.adress.as_deref(), stamps.clone()),
        settings: settings_json,
        links: &links,
        previous,
        cache: Cache::default(),
        kept: Vec::new(),
    };
    let mut jobs = Vec::new();
    for dir in meetings {
        jobs.extend(build.reuse(dir, &mut report)?);
    }
    let built_any = !jobs.is_empty();
    let started = std::time::Instant::now();
    let built = build.build_all(&jobs);
    crate::timing::stage("sammanträdena byggda", started);
    for (job, built) in jobs.into_iter().zip(built) {
        build.record(job, built, &mut report)?;
    }
    typst::comemo::evict(0);
    let (cache, kept) = (build.cache, build.kept);
    let leaks = leaked(&report.failed);
    if !leaks.is_empty() {
        return Err(Error::Input(leaks));
    }

    let site_meetings: Vec<&SiteMeeting> = cache.meetings.values().map(|c| &c.entry).collect();
    let plans = plans(sandbox, &site_meetings, options.date, &mut report.warnings)?;
    let mut site = Site::new(
        &site_meetings,
        &settings,
        options.date,
        links.clone(),
        plans,
    );
    site.members = ledamoter::load(sandbox, &namnd_dirs(meetings));
    let files = own_files(
        &site,
        &site_dir,
        &templates,
        &settings,
        &mut report.warnings,
    )?;
    report.files = files.len();
    let changed = changed(&site_dir, &files);
    let mut cache = cache;
    // Nothing built and every own file as it is: the site stands as it
    // is (its files were checked when they were written).
    if !built_any && report.failed.is_empty() && !changed.contains(&true) {
        // Every meeting is as the cache has it; only stamps may be new.
        if !stamps.unchanged() {
            cache.guarded = guarded_before;
            save(cache, &stamps, &out_root)?;
        }
        return Ok(report);
    }
    for id in &kept {
        keep_previous(&site_dir, staging.path(), id)?;
    }
    let sources = guard::Sources::merged(
        cache
            .meetings
            .values()
            .map(|c| c.sources.clone())
            .chain(std::iter::once(own_sources.clone())),
    );
    let (warnings, guarded) = checked(root, &files, &changed, &sources, &guarded_before)?;
    report.warnings.extend(warnings);
    cache.guarded = guarded;
    write_own(&files, &changed, &site_dir, staging.path())?;
    crate::export::swap_into_place(staging, &site_dir)?;
    save(cache, &stamps, &out_root)?;
    Ok(report)
}

/// What the site's own pages are made from besides the meetings: the
/// site's settings and logo, the nämnder's årshjul (the planned items) and
/// their `namnd.yaml` (the members).
fn own_sources(sandbox: &Sandbox, meetings: &[PathBuf], settings: &Settings) -> guard::Sources {
    let arshjul = namnd_dirs(meetings)
        .into_iter()
        .flat_map(|dir| [dir.join(load::ARSHJUL_FILE), dir.join("namnd.yaml")]);
    let own: Vec<PathBuf> = std::iter::once(sandbox.root().join(settings::SETTINGS_FILE))
        .chain(settings.logo_source.clone())
        .chain(arshjul)
        .filter(|path| path.is_file())
        .map(|path| sandbox.relative(&path).to_path_buf())
        .collect();
    guard::Sources::of_files(own, Vec::new())
}

/// Writes the cache with the stamps of this build.
fn save(mut cache: Cache, stamps: &fingerprint::Stamps, out_root: &Path) -> Result<()> {
    cache.stamps = stamps.take_current();
    cache.write(out_root)
}

/// The meetings of one site build: each taken from the last build when
/// unchanged, else built into the new site.
struct MeetingsBuild<'a> {
    sandbox: &'a Sandbox,
    options: &'a SiteOptions,
    site_dir: &'a Path,
    staged: &'a Path,
    site_hash: Hasher,
    settings: serde_json::Value,
    links: &'a Links,
    own_sources: &'a guard::Sources,
    /// Where the protokoll PDFs are (and are signed).
    out_root: &'a Path,
    previous: Cache,
    cache: Cache,
    /// The meetings taken from the last build.
    kept: Vec<String>,
}

/// A meeting the site builds anew.
struct Job {
    dir: PathBuf,
    /// Relative to the project root.
    relative: PathBuf,
    /// `socialnamnden/2026-12-10`.
    id: String,
    namnd: String,
    folder: String,
}

/// What building a meeting gave, and the files it read.
type Built = (
    Result<(SiteMeeting, guard::Sources, Vec<Diagnostic>)>,
    Vec<PathBuf>,
);

impl MeetingsBuild<'_> {
    /// Takes the meeting in `dir` from the last build when nothing it was
    /// made from has changed; else the job of building it.
    fn reuse(&mut self, dir: &Path, report: &mut SiteReport) -> Result<Option<Job>> {
        let root = self.sandbox.root();
        let relative = self.sandbox.relative(dir).to_path_buf();
        let (Some(namnd), Some(folder)) = (
            relative
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned()),
            relative
                .file_name()
                .map(|n| n.to_string_lossy().into_owned()),
        ) else {
            return Ok(None);
        };
        let id = format!("{namnd}/{folder}");
        let cached = self.previous.meetings.get(&id);
        let deps = cached.map(|c| c.deps.as_slice()).unwrap_or_default();
        let hash = fingerprint::meeting(&self.site_hash, root, &relative, deps);
        if let Some(cached) = cached
            && !self.options.all
            && cached.hash == hash
            && (cached.entry.data.is_none() || self.site_dir.join(&id).is_dir())
        {
            match cached.entry.data {
                Some(_) => report.reused += 1,
                None => report.planned += 1,
            }
            // Linked into the new site only when it is written at all.
            self.kept.push(id.clone());
            self.cache.meetings.insert(id, cached.clone());
            return Ok(None);
        }
        Ok(Some(Job {
            dir: dir.to_path_buf(),
            relative,
            id,
            namnd,
            folder,
        }))
    }

    /// Builds the meetings of `jobs` on every core, each on its own
    /// (a meeting's files go to its own folder of the new site); the
    /// results in the order of `jobs`.
    fn build_all(&self, jobs: &[Job]) -> Vec<Built> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(jobs.len())
            .max(1);
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(usize, Built)>> = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(index) else { break };
                        let built = self.build(job);
                        results.lock().expect("results lock").push((index, built));
                        // typst's memo cache holds the meetings laid out
                        // so far: keep only what the ones in flight use,
                        // so memory does not grow with the archive.
                        typst::comemo::evict(threads);
                    }
                });
            }
        });
        let mut results = results.into_inner().expect("results lock");
        results.sort_by_key(|(index, _)| *index);
        results.into_iter().map(|(_, built)| built).collect()
    }

    /// Builds one meeting into the new site (on any thread).
    fn build(&self, job: &Job) -> Built {
        let frame = super::Frame {
            webbplats: self.settings.clone(),
            rot: "../../".into(),
            namnd_sida: "../index.html".into(),
            organization_id: self
                .links
                .from(&oparl::organization_path(&job.namnd), "../../"),
            sources: self.own_sources.clone(),
            output_root: self.out_root.to_path_buf(),
        };
        let recording = self.sandbox.recording();
        let result = build_meeting(
            &recording,
            &job.dir,
            &job.id,
            &job.namnd,
            &frame,
            self.staged,
        );
        (result, recording.recorded())
    }

    /// Records what building a meeting gave: its entry in the new cache,
    /// with the files outside its folder it was made from; or its
    /// problems, and its previous pages kept.
    fn record(&mut self, job: Job, built: Built, report: &mut SiteReport) -> Result<()> {
        let (result, recorded) = built;
        let Job {
            relative,
            id,
            namnd,
            folder,
            ..
        } = job;
        match result {
            Ok((entry, sources, warnings)) => {
                report.warnings.extend(warnings);
                match entry.data {
                    Some(_) => report.built.push(id.clone()),
                    None => report.planned += 1,
                }
                let root = self.sandbox.root();
                let inside = format!("{}/", load::virtual_path(&relative));
                let mut deps: Vec<String> = recorded
                    .iter()
                    .map(|p| load::virtual_path(p))
                    .filter(|p| !p.starts_with(&inside))
                    .collect();
                // A signature added to the protokoll changes the page.
                let signed = self
                    .out_root
                    .join(&namnd)
                    .join(&folder)
                    .join(crate::signature::PROTOKOLL_PDF);
                if let Ok(inside_root) = signed.strip_prefix(root) {
                    deps.push(load::virtual_path(inside_root));
                }
                let hash = fingerprint::meeting(&self.site_hash, root, &relative, &deps);
                let cached = Cached {
                    hash,
                    deps,
                    sources,
                    entry,
                };
                self.cache.meetings.insert(id, cached);
            }
            Err(Error::Input(problems)) => {
                report.failed.push((id.clone(), problems));
                if let Some(cached) = self.previous.meetings.get(&id) {
                    keep_previous(self.site_dir, self.staged, &id)?;
                    self.cache.meetings.insert(id, cached.clone());
                }
            }
            Err(other) => return Err(other),
        }
        Ok(())
    }
}

/// The site's own files: its pages, calendars, feeds, open data, sitemap
/// and logo.
fn own_files(
    site: &Site,
    site_dir: &Path,
    templates: &crate::render::HtmlTemplates,
    settings: &Settings,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let started = std::time::Instant::now();
    // The open data and the search index are the big parts: made beside
    // the pages.
    let ((pages, data), search) = crate::parallel::join(
        || {
            crate::parallel::join(
                || -> Result<Vec<(String, Vec<u8>)>> {
                    let mut files = pages::pages(site, templates)?;
                    files.extend(arende_pages::pages(site, templates)?);
                    Ok(files)
                },
                || oparl::data(site),
            )
        },
        || sok::files(site, site_dir),
    );
    let mut files = pages?;
    files.extend(data?);
    files.extend(search?);
    crate::timing::stage("webbplatsens sidor, data och sökindex", started);
    files.extend(ical::calendars(site));
    files.extend(atom::feeds(site));
    files.extend(sitemap::sitemap_and_robots(site, warnings));
    if let Some(source) = &settings.logo_source
        && let Some(name) = &settings.logotyp
    {
        let bytes = std::fs::read(source).map_err(|e| Error::io("läsa", source, e))?;
        files.push((name.clone(), bytes));
    }
    Ok(files)
}

/// The warnings of the guard over the site's own files, and the digest of
/// the sources it checked them against; its errors stop the run (nothing
/// is written). A file as it is on the site was checked when it was
/// written: only new and changed files are read, unless what may be
/// published (the sources and their allowed numbers) changed since the
/// last check (`guarded_before`), when every file is.
fn checked(
    root: &Path,
    files: &[(String, Vec<u8>)],
    changed: &[bool],
    sources: &guard::Sources,
    guarded_before: &str,
) -> Result<(Vec<Diagnostic>, String)> {
    let started = std::time::Instant::now();
    let digest = serde_json::to_vec(sources)
        .map(|json| fingerprint::digest_of(&json))
        .map_err(|e| Error::Tool(format!("källorna kunde inte jämföras: {e}")))?;
    let all = digest != guarded_before;
    let published: Vec<guard::Published> = files
        .iter()
        .zip(changed)
        .filter(|(_, changed)| all || **changed)
        .map(|((name, bytes), _)| guard::Published {
            name: format!("{SITE_DIR}/{name}"),
            file: name,
            bytes,
            owners: &[],
            document: None,
        })
        .collect();
    let found = guard::check(root, &published, sources);
    crate::timing::stage("kontroll av webbplatsens egna filer", started);
    let (errors, warnings): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|d| d.severity == crate::error::Severity::Error);
    if errors.is_empty() {
        Ok((warnings, digest))
    } else {
        Err(Error::Input(errors))
    }
}

/// Which of `files` are new or differ from the site in `site_dir`.
fn changed(site_dir: &Path, files: &[(String, Vec<u8>)]) -> Vec<bool> {
    let started = std::time::Instant::now();
    let changed = files
        .iter()
        .map(|(name, bytes)| {
            std::fs::read(site_dir.join(name)).map_or(true, |on_site| on_site != *bytes)
        })
        .collect();
    crate::timing::stage("jämförelse med webbplatsen", started);
    changed
}

/// Writes the site's own files into the new site in `staged`: a file as
/// it is on the site (in `site_dir`) is linked, not written again.
fn write_own(
    files: &[(String, Vec<u8>)],
    changed: &[bool],
    site_dir: &Path,
    staged: &Path,
) -> Result<()> {
    let started = std::time::Instant::now();
    for ((name, bytes), changed) in files.iter().zip(changed) {
        let target = staged.join(name);
        if *changed || !link_previous(&site_dir.join(name), &target) {
            write_new(&target, bytes)?;
        }
    }
    crate::timing::stage("webbplatsens egna filer skrivna", started);
    Ok(())
}

/// The nämnd folders of `meetings`, in order.
fn namnd_dirs(meetings: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = meetings
        .iter()
        .filter_map(|m| m.parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Each nämnd's plan from what its meetings bring (as built or taken from
/// the last build) and its årshjul, on the site's day; the problems of an
/// årshjul are warnings here (`kontrollera` reports them).
fn plans(
    sandbox: &Sandbox,
    meetings: &[&SiteMeeting],
    date: NaiveDate,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<crate::plan::NamndPlan>> {
    let mut folders: Vec<&str> = meetings.iter().map(|m| m.namnd.as_str()).collect();
    folders.sort();
    folders.dedup();
    let mut plans = Vec::new();
    for folder in folders {
        let own: Vec<&&SiteMeeting> = meetings.iter().filter(|m| m.namnd == folder).collect();
        let dir = sandbox.root().join("content").join(folder);
        let arshjul = match load::load_arshjul(sandbox, &dir) {
            Ok(arshjul) => arshjul,
            Err(Error::Input(problems)) => {
                warnings.extend(problems.into_iter().map(|d| Diagnostic {
                    severity: crate::error::Severity::Warning,
                    ..d
                }));
                None
            }
            Err(other) => return Err(other),
        };
        let dates = own
            .iter()
            .filter_map(|m| NaiveDate::parse_from_str(&m.datum, "%Y-%m-%d").ok())
            .collect();
        let contributions: Vec<crate::plan::Contribution> =
            own.iter().filter_map(|m| m.plan.clone()).collect();
        let namn = own.last().map(|m| m.organ.namn.clone()).unwrap_or_default();
        let mut plan = crate::plan::NamndPlan::new(
            folder.to_owned(),
            namn,
            dates,
            &contributions,
            arshjul.as_ref(),
            date,
        );
        // Its warnings belong to `kontrollera` and `plan`.
        plan.warnings.clear();
        plans.push(plan);
    }
    Ok(plans)
}

/// The problems of failed meetings that are about something personal
/// being published: any one stops the whole run.
fn leaked(failed: &[(String, Vec<Diagnostic>)]) -> Vec<Diagnostic> {
    failed
        .iter()
        .flat_map(|(_, problems)| problems)
        .filter(|d| d.kind == crate::error::Kind::Personnummer)
        .cloned()
        .collect()
}

/// A new folder for the site beside the old one (and what interrupted
/// runs left behind removed).
fn staging_dir(out_root: &Path) -> Result<tempfile::TempDir> {
    std::fs::create_dir_all(out_root).map_err(|e| Error::io("skapa mappen", out_root, e))?;
    if let Ok(entries) = std::fs::read_dir(out_root) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(STAGING_PREFIX) || name.starts_with(crate::export::OLD_PREFIX) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    crate::export::temp_builder(STAGING_PREFIX, true)
        .tempdir_in(out_root)
        .map_err(|e| Error::io("skapa en tillfällig mapp i", out_root, e))
}

/// The name of the folder a site is made in before it is moved into place.
const STAGING_PREFIX: &str = ".webbplats-ny-";

/// Takes a meeting's folder from the previous site into the new one: as
/// hard links where the file system has them (nothing is copied), else
/// as copies. The files are never written in place, so sharing them is
/// safe.
fn keep_previous(site_dir: &Path, staged: &Path, id: &str) -> Result<()> {
    let from = site_dir.join(id);
    if !from.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(&from).follow_links(false) {
        let entry =
            entry.map_err(|e| Error::Tool(format!("kunde inte läsa {}: {e}", from.display())))?;
        let Ok(relative) = entry.path().strip_prefix(&from) else {
            continue;
        };
        let target = staged.join(id).join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| Error::io("skapa mappen", &target, e))?;
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| Error::io("kopiera till", &target, e))?;
        }
    }
    Ok(())
}

/// Links the file `from` of the previous site to `to` in the new one (its
/// folder made); whether it could.
fn link_previous(from: &Path, to: &Path) -> bool {
    to.parent()
        .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
        && std::fs::hard_link(from, to).is_ok()
}

/// Writes a file of the new site, making its folder.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("skapa mappen", dir, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io("skriva", path, e))
}

/// Builds one meeting's folder in the new site; a meeting without ärenden
/// is only validated and listed.
fn build_meeting(
    sandbox: &Sandbox,
    dir: &Path,
    id: &str,
    namnd: &str,
    frame: &super::Frame,
    staged: &Path,
) -> Result<(SiteMeeting, guard::Sources, Vec<Diagnostic>)> {
    if load::is_planned(dir) {
        // Only the meeting's own files are read: a planned meeting has
        // nothing else to check.
        let loaded = load::load_meeting(sandbox, dir)?;
        let namnd_file = &loaded.namnd.value;
        let meeting = &loaded.sammantrade.value;
        let organ = Organ {
            namn: namnd_file.namn.trim().to_owned(),
            genitiv: crate::validate::genitive_of(namnd_file),
            forkortning: namnd_file.forkortning.trim().to_owned(),
            organisation: namnd_file.organisation.trim().to_owned(),
        };
        let allowed = meeting
            .tillatna_nummer
            .iter()
            .filter_map(|n| crate::personnummer::normalize(&n.nummer.value))
            .collect();
        let sources = guard::Sources::of_files(
            vec![loaded.namnd.path.clone(), loaded.sammantrade.path.clone()],
            allowed,
        );
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
                plan: None,
            },
            sources,
            Vec::new(),
        ));
    }
    let meeting = crate::meeting::Meeting::load(sandbox, dir)?;
    let web = super::web_version(&meeting, Some(frame), &frame.output_root)?;
    for (name, bytes) in &web.files {
        write_new(&staged.join(id).join(name), bytes)?;
    }
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
            // Only what may be published is kept, even in the cache.
            plan: Some(crate::plan::Contribution::of(&meeting).public()),
        },
        web.sources,
        web.warnings,
    ))
}

/// The municipality of the nämnd of the meeting in `dir`, for the site's
/// settings when they do not name it.
fn first_organisation(sandbox: &Sandbox, dir: &Path) -> Option<String> {
    let path = dir.parent()?.join("namnd.yaml");
    let mut ignored = Vec::new();
    load::read_yaml::<crate::model::NamndFile>(
        sandbox,
        &path,
        crate::yaml::keys::NAMND,
        &mut ignored,
    )
    .map(|n| n.value.organisation)
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
    /// Each nämnd's plan, by folder.
    pub plans: Vec<crate::plan::NamndPlan>,
    /// Each nämnd's members, by folder.
    pub members: std::collections::BTreeMap<String, Vec<crate::validate::Ledamot>>,
    /// Every public ärende of the published meetings, by diarienummer.
    pub arenden: Vec<arenden::SiteArende<'a>>,
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
        plans: Vec<crate::plan::NamndPlan>,
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
        let arenden = arenden::arenden(namnder.iter().flat_map(|n| n.meetings.iter().copied()));
        Site {
            namnder,
            settings,
            date,
            links,
            plans,
            members: Default::default(),
            arenden,
        }
    }

    /// The public items of the nämnd in `folder` due at its meeting on
    /// `datum` (ISO), in the plan's order.
    pub fn planned(&self, folder: &str, datum: &str) -> Vec<&crate::plan::PlannedItem> {
        let Ok(day) = NaiveDate::parse_from_str(datum, "%Y-%m-%d") else {
            return Vec::new();
        };
        self.plans
            .iter()
            .filter(|p| p.folder == folder)
            .flat_map(|p| p.due_at(day))
            // Items of an ärende not decided yet are not the nämnd's plan.
            .filter(|p| p.item.publiceras && !p.preliminary)
            .collect()
    }

    /// Every meeting, by nämnd and date.
    pub fn meetings(&self) -> impl Iterator<Item = &'a SiteMeeting> + '_ {
        self.namnder.iter().flat_map(|n| n.meetings.iter().copied())
    }
}
