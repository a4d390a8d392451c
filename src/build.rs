//! The pipeline: load → validate → render → compile → export, for one
//! meeting or every meeting of a project. The protokoll goes through the
//! same stages ([`protokoll`]).

pub mod protokoll;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use typst_layout::PagedDocument;

use crate::error::{Diagnostic, Error, Result};
use crate::load::{self, Sandbox, virtual_path};
use crate::{compile, export, render, validate};

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output root; `<project>/output` when `None`.
    pub output: Option<PathBuf>,
    /// Also write the generated typst source beside the PDF (for review).
    pub keep_typst: bool,
}

/// What a successful build of one meeting produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The PDF written.
    pub pdf: PathBuf,
    /// Number of pages.
    pub pages: usize,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// The meeting folders a command names: a meeting folder itself, or every
/// meeting below a folder (the project's `content/` when none is given).
pub fn resolve_meetings(folder: Option<&Path>) -> Result<(Sandbox, Vec<PathBuf>)> {
    let start = folder.unwrap_or(Path::new("."));
    if !start.exists() {
        return Err(Error::input(
            Diagnostic::error(format!("mappen {} finns inte", start.display()))
                .tips("ange en sammanträdesmapp som content/socialnamnden/2026-12-10"),
        ));
    }
    let sandbox = Sandbox::discover(start)?;
    let search = match folder {
        Some(dir) => dir
            .canonicalize()
            .map_err(|e| Error::io("läsa mappen", dir, e))?,
        None => sandbox.root().join("content"),
    };
    let mut meetings = sandbox.meetings_under(&search);
    // Of many meetings, those only planned (no ärenden yet) have nothing to
    // build or check; named on its own, or when every meeting is planned, a
    // meeting is taken (and its build says what it lacks).
    if meetings.len() > 1 && meetings.iter().any(|dir| !crate::load::is_planned(dir)) {
        meetings.retain(|dir| !crate::load::is_planned(dir));
    }
    if meetings.is_empty() {
        return Err(no_meetings(&search));
    }
    Ok((sandbox, meetings))
}

/// No meeting folder under `search`.
pub fn no_meetings(search: &Path) -> Error {
    Error::input(
        Diagnostic::error(format!(
            "hittade inget sammanträde (ingen sammantrade.yaml) under {}",
            search.display()
        ))
        .tips("ett sammanträde är en mapp content/<nämnd>/<datum>/ med filen sammantrade.yaml"),
    )
}

/// A meeting taken through every stage but the export: the laid-out
/// document and everything found on the way.
pub struct Compiled {
    /// The validated packet.
    pub packet: validate::Packet,
    /// The laid-out document.
    pub document: PagedDocument,
    /// Warnings from every stage.
    pub warnings: Vec<Diagnostic>,
    /// The typst worlds it was compiled in, one per part (they map export
    /// errors back to files).
    worlds: Vec<Arc<compile::PacketWorld>>,
}

impl Compiled {
    /// Exports the document to PDF bytes; export errors (a standard the
    /// document does not meet) are reported at the template or file.
    pub fn pdf(
        &self,
        timestamp: Option<typst_pdf::Timestamp>,
        conformance: export::Conformance,
    ) -> Result<Vec<u8>> {
        let ident = format!("kallelse/{}", virtual_path(&self.packet.output_dir));
        export_pdf(&self.document, &self.worlds, &ident, timestamp, conformance)
    }
}

/// Exports a laid-out document; export errors (a standard the document
/// does not meet) are reported at the template or file, through the world
/// that holds their source.
pub(crate) fn export_pdf(
    document: &PagedDocument,
    worlds: &[Arc<compile::PacketWorld>],
    ident: &str,
    timestamp: Option<typst_pdf::Timestamp>,
    conformance: export::Conformance,
) -> Result<Vec<u8>> {
    export::pdf(document, ident, timestamp, conformance).map_err(|errors| {
        let mut all = Vec::new();
        for error in &errors {
            let world = error
                .span
                .id()
                .and_then(|id| worlds.iter().find(|w| w.has_source(id)))
                .or(worlds.first());
            if let Some(world) = world {
                all.extend(world.diagnostics(std::slice::from_ref(error)));
            }
        }
        Error::Input(dedup(all))
    })
}

/// Laid-out parts kept between builds in one process (`bevaka`): a part
/// whose source and files are unchanged is not laid out again. Entries not
/// used by the latest build are dropped, so the cache never outgrows one
/// packet.
#[derive(Default)]
pub struct PartCache {
    entries: HashMap<u128, CachedPart>,
    used: HashSet<u128>,
}

impl PartCache {
    /// Drops every part the builds since the last call did not use.
    pub fn end_round(&mut self) {
        let used = std::mem::take(&mut self.used);
        self.entries.retain(|key, _| used.contains(key));
    }

    /// Number of parts held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no part is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[derive(Clone)]
struct CachedPart {
    document: PagedDocument,
    warnings: Vec<Diagnostic>,
    world: Arc<compile::PacketWorld>,
    reads: Vec<(typst::syntax::FileId, u128)>,
}

impl CachedPart {
    /// Whether every file the part read is as it was.
    fn is_current(&self) -> bool {
        self.reads
            .iter()
            .all(|(id, hash)| self.world.reread_hash(*id) == *hash)
    }
}

/// load → validate → render → compile, writing nothing.
fn compile_meeting(sandbox: &Sandbox, dir: &Path, cache: &mut PartCache) -> Result<Compiled> {
    let started = Instant::now();
    let loaded = load::load_meeting(sandbox, dir)?;
    let packet = validate::validate(loaded)?;
    stage("läsa och kontrollera", started);
    compile_packet_cached(sandbox, packet, render::Variant::Full, cache)
}

/// With `KALLELSE_TIDER` set, prints how long a stage took (to see where
/// the time of a build goes).
pub(crate) fn stage(name: &str, since: Instant) {
    if std::env::var_os("KALLELSE_TIDER").is_some() {
        eprintln!("tid: {name}: {} ms", since.elapsed().as_millis());
    }
}

/// render → compile for a validated packet.
pub fn compile_packet(
    sandbox: &Sandbox,
    packet: validate::Packet,
    variant: render::Variant,
) -> Result<Compiled> {
    compile_packet_cached(sandbox, packet, variant, &mut PartCache::default())
}

/// render → compile, reusing unchanged parts from `cache`.
///
/// The packet is many independent documents: the kallelse and one part
/// per ärende are laid out in parallel, and their pages are put together
/// into one document, so outline, links, tags and metadata are those of
/// one PDF. The kallelse links to pages, which are known once the ärenden
/// are laid out; its layout does not depend on them, so it is laid out
/// first with stand-in pages and once more (from typst's cache) with the
/// real ones.
pub fn compile_packet_cached(
    sandbox: &Sandbox,
    packet: validate::Packet,
    variant: render::Variant,
    cache: &mut PartCache,
) -> Result<Compiled> {
    let today = chrono::NaiveDate::parse_from_str(&packet.sammantrade.datum, "%Y-%m-%d")
        .map_err(|_| Error::Tool("sammanträdets datum".into()))?;
    let mut packet = crate::public::packet(packet, variant)?;
    let started = Instant::now();
    let renderer = render::Renderer::new(sandbox.root())?;
    let base = compile::WorldBase::new(sandbox.root())?;
    stage("mallar och typsnitt", started);
    let started = Instant::now();
    let mut warnings = std::mem::take(&mut packet.warnings);

    let arenden: Vec<&str> = packet
        .arenden
        .iter()
        .filter(|a| variant == render::Variant::Full || crate::public::arende_published(a))
        .map(|a| a.id.as_str())
        .collect();
    // Each ärende's parts after its own: its bilagor and its förteckning.
    let attachments: Vec<(&str, String)> = packet
        .arenden
        .iter()
        .filter(|a| variant == render::Variant::Full || crate::public::arende_published(a))
        .flat_map(|a| {
            let bilagor = a
                .bilagor
                .iter()
                .filter(|b| {
                    variant == render::Variant::Full || crate::public::bilaga_published(a, b)
                })
                .map(|b| (a.id.as_str(), render::bilaga_part(&a.id, b.nummer)));
            let forteckning = a
                .forteckning
                .as_ref()
                .map(|_| (a.id.as_str(), render::forteckning_part(&a.id)));
            bilagor.chain(forteckning)
        })
        .collect();
    let whole = !renderer.supports_parts();
    let stand_in: BTreeMap<String, usize> = if whole {
        BTreeMap::new()
    } else {
        arenden.iter().map(|id| ((*id).to_owned(), 1)).collect()
    };
    let mut jobs = Vec::new();
    // For each part after the kallelse: the ärende it starts, if any.
    let mut owners: Vec<Option<&str>> = Vec::new();
    if whole {
        jobs.push(renderer.render(&packet, variant, render::Part::Whole, &stand_in)?);
    } else {
        jobs.push(renderer.render(&packet, variant, render::Part::Kallelse, &stand_in)?);
        for id in &arenden {
            jobs.push(renderer.render(&packet, variant, render::Part::Arende(id), &stand_in)?);
            owners.push(Some(*id));
            for (arende, name) in attachments.iter().filter(|(a, _)| a == id) {
                let part = render::Part::Attachment { arende, name };
                jobs.push(renderer.render(&packet, variant, part, &stand_in)?);
                owners.push(None);
            }
        }
    }
    stage("mallar, alla delar", started);
    let started = Instant::now();
    let mut parts = compile_parts(&base, sandbox, jobs, today, cache, &mut warnings)?;
    stage("typst, alla delar", started);
    let started = Instant::now();

    if !whole {
        // Every ärende's first page in the assembled packet.
        let mut pages = BTreeMap::new();
        let mut next = parts[0].document.pages().len() + 1;
        for (owner, part) in owners.iter().zip(&parts[1..]) {
            if let Some(id) = owner {
                pages.insert((*id).to_owned(), next);
            }
            next += part.document.pages().len();
        }
        let kallelse = renderer.render(&packet, variant, render::Part::Kallelse, &pages)?;
        let mut relaid = compile_parts(
            &base,
            sandbox,
            vec![kallelse],
            today,
            cache,
            &mut Vec::new(),
        )?;
        if relaid[0].document.pages().len() != parts[0].document.pages().len() {
            return Err(Error::Tool(
                "kallelsen fick ett annat sidantal när länkarna fylldes i".into(),
            ));
        }
        parts[0] = relaid.remove(0);
        stage("typst, kallelsen med länkar", started);
    }

    let info = {
        use typst::model::Document as _;
        parts[0].document.info().clone()
    };
    let mut pages = typst::ecow::EcoVec::new();
    for part in &parts {
        pages.extend(part.document.pages().iter().cloned());
    }
    let document = PagedDocument::new(pages, info);
    undrawable(&parts, &mut warnings);
    // The layout caches are not needed for the export; a long packet
    // otherwise keeps them all in memory until the process ends.
    typst::comemo::evict(0);
    Ok(Compiled {
        packet,
        document,
        warnings: dedup(warnings),
        worlds: parts.into_iter().map(|p| p.world).collect(),
    })
}

/// Warns about characters of the parts' sources that no font can draw.
fn undrawable(parts: &[PartOutput], warnings: &mut Vec<Diagnostic>) {
    for part in parts {
        for c in part.world.undrawable_chars(&part.text) {
            warnings.push(
                Diagnostic::warning(format!(
                    "tecknet {c} (U+{:04X}) finns inte i något typsnitt och syns inte i PDF:en",
                    c as u32
                ))
                .tips(
                    "ta bort tecknet eller lägg ett typsnitt som har det i projektets mapp fonts/",
                ),
            );
        }
    }
}

/// One laid-out part.
struct PartOutput {
    document: PagedDocument,
    world: Arc<compile::PacketWorld>,
    /// The part's source, for the check of undrawable characters.
    text: String,
}

/// Lays out parts in parallel (one thread per core), taking unchanged ones
/// from the cache. All errors of all parts are reported together.
fn compile_parts(
    base: &Arc<compile::WorldBase>,
    sandbox: &Sandbox,
    jobs: Vec<render::RenderedPacket>,
    today: chrono::NaiveDate,
    cache: &mut PartCache,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<PartOutput>> {
    let keys: Vec<u128> = jobs
        .iter()
        .map(|job| typst::utils::hash128(&job.sources.iter().map(|s| &s.text).collect::<Vec<_>>()))
        .collect();
    let cached: Vec<Option<CachedPart>> = keys
        .iter()
        .map(|key| cache.entries.get(key).filter(|c| c.is_current()).cloned())
        .collect();
    let mut todo: Vec<usize> = (0..jobs.len()).filter(|&i| cached[i].is_none()).collect();
    // Longest first (by the length of its source, a fair measure of its
    // layout), so that a long report is not started last and the cores
    // finish together.
    todo.sort_by_key(|&i| {
        std::cmp::Reverse(jobs[i].sources.iter().map(|s| s.text.len()).sum::<usize>())
    });
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(todo.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<CachedPart>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&index) = todo.get(n) else { break };
                    let started = Instant::now();
                    let result = compile_part(base, sandbox, &jobs[index], today);
                    stage(&format!("  del {}", jobs[index].main), started);
                    results.lock().expect("results lock").push((index, result));
                    // typst's layout cache would otherwise hold every part
                    // laid out so far: keep what the recent parts used (the
                    // house style, shared text), so memory stays flat
                    // however many ärenden the packet has.
                    if todo.len() > 4 * threads {
                        typst::comemo::evict(4 * threads);
                    }
                }
            });
        }
    });
    let mut done: Vec<Option<CachedPart>> = cached;
    let mut errors = Vec::new();
    let mut results = results.into_inner().expect("results lock");
    results.sort_by_key(|(index, _)| *index);
    for (index, result) in results {
        match result {
            Ok(part) => done[index] = Some(part),
            Err(Error::Input(found)) => errors.extend(found),
            Err(tool) => return Err(tool),
        }
    }
    if !errors.is_empty() {
        errors.append(warnings);
        return Err(Error::Input(dedup(errors)));
    }
    let mut outputs = Vec::with_capacity(jobs.len());
    for ((job, key), part) in jobs.iter().zip(keys).zip(done) {
        let part = part.expect("every part laid out");
        warnings.extend(part.warnings.iter().cloned());
        outputs.push(PartOutput {
            document: part.document.clone(),
            world: part.world.clone(),
            text: job.main_text().to_owned(),
        });
        cache.used.insert(key);
        cache.entries.insert(key, part);
    }
    Ok(outputs)
}

fn compile_part(
    base: &Arc<compile::WorldBase>,
    sandbox: &Sandbox,
    job: &render::RenderedPacket,
    today: chrono::NaiveDate,
) -> Result<CachedPart> {
    let world = compile::PacketWorld::with_base(base.clone(), sandbox, job, today)?;
    let (document, warnings) = compile::compile(&world)?;
    Ok(CachedPart {
        reads: world.reads(),
        document,
        warnings,
        world: Arc::new(world),
    })
}

/// Diagnostics without repeats (a warning in the house style is found by
/// every part).
fn dedup(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diagnostics
        .into_iter()
        .filter(|d| seen.insert(d.to_string()))
        .collect()
}

/// Checks a meeting as `bygg` would, without writing anything: every
/// problem found, errors and warnings.
pub fn check_meeting(sandbox: &Sandbox, dir: &Path) -> Result<Vec<Diagnostic>> {
    match compile_meeting(sandbox, dir, &mut PartCache::default()) {
        Ok(compiled) => Ok(compiled.warnings),
        Err(Error::Input(diagnostics)) => Ok(diagnostics),
        Err(tool) => Err(tool),
    }
}

/// Builds the packet of one meeting and writes `kallelse.pdf`.
pub fn build_meeting(sandbox: &Sandbox, dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
    build_meeting_cached(sandbox, dir, options, &mut PartCache::default())
}

/// Builds the packet of one meeting, reusing unchanged parts from `cache`.
pub fn build_meeting_cached(
    sandbox: &Sandbox,
    dir: &Path,
    options: &BuildOptions,
    cache: &mut PartCache,
) -> Result<BuildReport> {
    let compiled = compile_meeting(sandbox, dir, cache)?;
    let started = Instant::now();
    let bytes = compiled.pdf(export::timestamp_from_env()?, export::Conformance::Plain)?;
    stage("PDF-export", started);
    let Compiled {
        packet,
        document,
        warnings,
        ..
    } = compiled;

    let out_root = options
        .output
        .clone()
        .unwrap_or_else(|| sandbox.root().join("output"));
    let out_dir = out_root.join(&packet.output_dir);
    let pdf_path = out_dir.join("kallelse.pdf");
    if options.keep_typst {
        // The whole packet as one typst source, for review.
        let rendered = render::render(sandbox.root(), &packet, render::Variant::Full)?;
        export::write_atomic(
            &out_dir.join("kallelse.typ"),
            rendered.main_text().as_bytes(),
        )?;
    }
    export::write_atomic(&pdf_path, &bytes)?;
    Ok(BuildReport {
        pdf: pdf_path,
        pages: document.pages().len(),
        warnings,
    })
}
