//! Stage 4, compile, the parts: a packet is many documents that do not
//! depend on each other (the kallelse, each ärende, each bilaga); they are
//! laid out in parallel, one thread per core, and kept between builds in
//! one process (`bevaka`) so that an unchanged part is not laid out again.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use typst_layout::PagedDocument;

use super::world::{PacketWorld, WorldBase};
use crate::error::{Diagnostic, Error, Result};
use crate::load::Sandbox;
use crate::render;
use crate::timing::stage;

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
    world: Arc<PacketWorld>,
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

/// Warns about characters of the parts' sources that no font can draw.
pub(super) fn undrawable(parts: &[PartOutput], warnings: &mut Vec<Diagnostic>) {
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
pub struct PartOutput {
    pub document: PagedDocument,
    /// The world it was compiled in.
    pub world: Arc<PacketWorld>,
    /// The part's source, for the check of undrawable characters.
    pub text: String,
}

/// Lays out parts in parallel (one thread per core), taking unchanged ones
/// from the cache. All errors of all parts are reported together.
pub(super) fn compile_parts(
    base: &Arc<WorldBase>,
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
    base: &Arc<WorldBase>,
    sandbox: &Sandbox,
    job: &render::RenderedPacket,
    today: chrono::NaiveDate,
) -> Result<CachedPart> {
    let world = PacketWorld::with_base(base.clone(), sandbox, job, today)?;
    let (document, warnings) = super::world::compile(&world)?;
    Ok(CachedPart {
        reads: world.reads(),
        document,
        warnings,
        world: Arc::new(world),
    })
}

/// Diagnostics without repeats (a warning in the house style is found by
/// every part).
pub(crate) fn dedup(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diagnostics
        .into_iter()
        .filter(|d| seen.insert(d.clone()))
        .collect()
}
