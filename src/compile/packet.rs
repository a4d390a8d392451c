//! Stage 4, compile, the kallelse: its public view for the audience
//! ([`crate::public`]) rendered part by part ([`crate::render`]) and laid
//! out ([`super::parts`]), then put together into one document, so that
//! outline, links, tags and metadata are those of one PDF.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use typst_layout::PagedDocument;

use super::parts::{PartCache, compile_parts, dedup, undrawable};
use super::world::{PacketWorld, WorldBase};
use crate::error::{Diagnostic, Error, Result};
use crate::meeting::Meeting;
use crate::render;
use crate::timing::stage;
use crate::validate::Packet;

/// A meeting's kallelse taken through every stage but the export: the
/// laid-out document and everything found on the way.
pub struct Compiled {
    /// The packet as its audience reads it.
    pub packet: Packet,
    /// Where the meeting's files go: `<nämnd>/<datum>`.
    pub output_dir: PathBuf,
    /// The laid-out document.
    pub document: PagedDocument,
    /// Warnings from every stage.
    pub warnings: Vec<Diagnostic>,
    /// The typst worlds it was compiled in, one per part (they map export
    /// errors back to files).
    pub worlds: Vec<Arc<PacketWorld>>,
    /// Each bilaga and förteckning laid out on its own, as its part was:
    /// (ärende id, part name, document). Empty when the templates lay out
    /// the packet whole.
    pub attachments: Vec<(String, String, PagedDocument)>,
}

/// The parts' pages as one document, with the kallelse's metadata.
fn assemble(parts: &[super::parts::PartOutput]) -> PagedDocument {
    let info = {
        use typst::model::Document as _;
        parts[0].document.info().clone()
    };
    let mut pages = typst::ecow::EcoVec::new();
    for part in parts {
        pages.extend(part.document.pages().iter().cloned());
    }
    PagedDocument::new(pages, info)
}

/// render → compile for the meeting's packet as `variant`'s readers read it.
pub fn compile_packet(meeting: &Meeting, variant: render::Variant) -> Result<Compiled> {
    compile_packet_cached(meeting, variant, &mut PartCache::default())
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
    meeting: &Meeting,
    variant: render::Variant,
    cache: &mut PartCache,
) -> Result<Compiled> {
    let sandbox = &meeting.sandbox;
    let today = meeting.facts.meeting_date;
    let packet = crate::public::packet(meeting.packet.clone(), variant)?;
    let started = Instant::now();
    let renderer = render::Renderer::new(sandbox.root())?;
    let base = WorldBase::new(sandbox.root())?;
    stage("mallar och typsnitt", started);
    let started = Instant::now();
    let mut warnings = meeting.warnings.clone();

    let arenden: Vec<&str> = packet
        .arenden
        .iter()
        .filter(|a| !variant.public() || crate::public::arende_published(a))
        .map(|a| a.id.as_str())
        .collect();
    // Each ärende's parts after its own: its bilagor and its förteckning.
    let attachments: Vec<(&str, String)> = packet
        .arenden
        .iter()
        .filter(|a| !variant.public() || crate::public::arende_published(a))
        .flat_map(|a| {
            let bilagor = a
                .bilagor
                .iter()
                .filter(|b| !variant.public() || crate::public::bilaga_published(a, b))
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
    // The attachments' parts: (index among the parts, ärende, name).
    let mut attachment_parts: Vec<(usize, String, String)> = Vec::new();
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
                attachment_parts.push((jobs.len() - 1, arende.to_string(), name.clone()));
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

    let document = assemble(&parts);
    let attachments = attachment_parts
        .into_iter()
        .map(|(index, arende, name)| (arende, name, parts[index].document.clone()))
        .collect();
    undrawable(&parts, &mut warnings);
    // The layout caches are not needed for the export; a long packet
    // otherwise keeps them all in memory until the process ends.
    typst::comemo::evict(0);
    Ok(Compiled {
        packet,
        output_dir: meeting.facts.output_dir.clone(),
        document,
        warnings: dedup(warnings),
        worlds: parts.into_iter().map(|p| p.world).collect(),
        attachments,
    })
}
