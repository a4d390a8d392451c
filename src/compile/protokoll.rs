//! Stage 4, compile, the protokoll: its public view for the audience,
//! rendered and laid out like the kallelse: the protokoll, the anslag and
//! one utdrag per paragraph, in parallel.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use typst_layout::PagedDocument;

use super::parts::{PartCache, PartOutput, compile_parts, dedup, undrawable};
use super::world::{PacketWorld, WorldBase};
use crate::error::{Diagnostic, Result};
use crate::meeting::Meeting;
use crate::render::{self, ProtokollDoc, Variant};
use crate::timing::stage;
use crate::validate::Packet;
use crate::validate::protokoll::Protokoll;

/// A meeting's protokoll taken through every stage but the export.
pub struct CompiledProtokoll {
    /// The meeting's packet (the ärenden the paragraphs print).
    pub packet: Packet,
    /// Where the meeting's files go: `<nämnd>/<datum>`.
    pub output_dir: PathBuf,
    /// The validated protokoll.
    pub protokoll: Protokoll,
    /// The protokoll with the anslag as its last page.
    pub document: PagedDocument,
    /// The anslag on its own.
    pub anslag: PagedDocument,
    /// One utdrag per paragraph, in order (the full version only).
    pub utdrag: Vec<PagedDocument>,
    /// Warnings from every stage.
    pub warnings: Vec<Diagnostic>,
    /// The typst worlds it was compiled in (they map export errors back
    /// to files).
    pub worlds: Vec<Arc<PacketWorld>>,
}

/// render → compile: the protokoll, the anslag and (with `utdrag`) one
/// utdrag per paragraph, laid out in parallel.
pub fn compile_protokoll(
    meeting: &Meeting,
    variant: Variant,
    utdrag: bool,
) -> Result<CompiledProtokoll> {
    let sandbox = &meeting.sandbox;
    let packet = crate::public::packet(meeting.packet.clone(), variant)?;
    let mut protokoll = crate::public::protokoll(meeting.protokoll()?.clone(), variant)?;
    let started = Instant::now();
    let renderer = render::Renderer::new(sandbox.root())?;
    let base = WorldBase::new(sandbox.root())?;
    let mut jobs = vec![
        renderer.render_protokoll(&packet, &protokoll, variant, ProtokollDoc::Protokoll)?,
        renderer.render_protokoll(&packet, &protokoll, variant, ProtokollDoc::Anslag)?,
    ];
    if utdrag {
        for index in 0..protokoll.paragrafer.len() {
            jobs.push(renderer.render_protokoll(
                &packet,
                &protokoll,
                variant,
                ProtokollDoc::Utdrag(index),
            )?);
        }
    }
    stage("protokollets mallar", started);
    let started = Instant::now();
    let mut warnings = std::mem::take(&mut protokoll.warnings);
    let parts = compile_parts(
        &base,
        sandbox,
        jobs,
        meeting.facts.meeting_date,
        &mut PartCache::default(),
        &mut warnings,
    )?;
    stage("typst, protokollet", started);
    undrawable(&parts, &mut warnings);
    typst::comemo::evict(0);
    let mut documents = parts.into_iter().map(
        |PartOutput {
             document, world, ..
         }| (document, world),
    );
    let (document, first) = documents.next().expect("the protokoll");
    let (anslag, second) = documents.next().expect("the anslag");
    let mut worlds = vec![first, second];
    let mut utdrag = Vec::new();
    for (document, world) in documents {
        utdrag.push(document);
        worlds.push(world);
    }
    Ok(CompiledProtokoll {
        packet,
        output_dir: meeting.facts.output_dir.clone(),
        protokoll,
        document,
        anslag,
        utdrag,
        warnings: dedup(warnings),
        worlds,
    })
}
