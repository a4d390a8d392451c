//! The packet is laid out in parts (the kallelse, one part per ärende) in
//! parallel, and unchanged parts are reused in watch mode. Whatever path
//! built it, the packet must be the same document.

use kallelse::build::{self, BuildOptions};
use kallelse::compile::PartCache;
use kallelse::load::Sandbox;
use kallelse::meeting::Meeting;

use crate::support::{Pdf, Project, repo};

const MEETING: &str = "content/socialnamnden/2026-12-10";
const PDF: &str = "output/socialnamnden/2026-12-10/kallelse.pdf";

/// A project's own copy of the built-in `paket.typ` makes it build whole,
/// as one typst document.
fn force_whole(project: &Project) {
    project.write(
        "templates/paket.typ",
        &std::fs::read_to_string(repo().join("templates/paket.typ")).unwrap(),
    );
}

fn assert_same_document(parts: &Pdf, whole: &Pdf) {
    assert_eq!(parts.pages.len(), whole.pages.len(), "sidantal");
    for (index, (a, b)) in parts.pages.iter().zip(&whole.pages).enumerate() {
        assert_eq!(a, b, "texten på sidan {}", index + 1);
        assert_eq!(
            parts.link_targets(index),
            whole.link_targets(index),
            "länkarna på sidan {}",
            index + 1
        );
    }
    assert_eq!(parts.outline(), whole.outline(), "bokmärkena");
    assert_eq!(parts.title(), whole.title());
    assert_eq!(parts.lang(), whole.lang());
}

#[test]
fn parts_and_one_document_give_the_same_packet() {
    let parts = Project::example();
    parts.run(&["bygg"]).success();
    let whole = Project::example();
    force_whole(&whole);
    whole.run(&["bygg"]).success();
    assert_same_document(&parts.pdf(PDF), &whole.pdf(PDF));

    // The accessible web version too (its tags are checked by typst).
    parts.run(&["publicera"]).success();
    whole.run(&["publicera"]).success();
    let web = "output/socialnamnden/2026-12-10/webb/kallelse.pdf";
    assert_same_document(&parts.pdf(web), &whole.pdf(web));
}

#[test]
fn a_rebuild_from_the_cache_is_the_same_as_a_cold_build() {
    let project = Project::example();
    let sandbox = Sandbox::discover(project.path()).unwrap();
    let dir = project.path().join(MEETING).canonicalize().unwrap();
    let options = BuildOptions::default();
    let read = || std::fs::read(project.path().join(PDF)).unwrap();
    let mut cache = PartCache::default();

    build::build_meeting(
        &Meeting::load(&sandbox, &dir).unwrap(),
        &options,
        &mut cache,
    )
    .unwrap();
    let first = read();
    cache.end_round();
    let held = cache.len();
    assert!(held >= 11, "{held} delar i cachen");
    build::build_meeting(
        &Meeting::load(&sandbox, &dir).unwrap(),
        &options,
        &mut cache,
    )
    .unwrap();
    assert_eq!(read(), first, "oförändrat paket ur cachen");
    cache.end_round();
    assert_eq!(cache.len(), held, "cachen växer inte");

    // One ärende's text changed: the cached build equals a cold one.
    project.edit(
        &format!("{MEETING}/arenden/05-ekonomisk-uppfoljning-oktober-2026.yaml"),
        "rubrik: ",
        "rubrik: Reviderad ",
    );
    build::build_meeting(
        &Meeting::load(&sandbox, &dir).unwrap(),
        &options,
        &mut cache,
    )
    .unwrap();
    let cached = read();
    cache.end_round();
    build::build_meeting(
        &Meeting::load(&sandbox, &dir).unwrap(),
        &options,
        &mut PartCache::default(),
    )
    .unwrap();
    assert_eq!(cached, read(), "cache och kallt bygge skiljer sig");
    assert_ne!(cached, first);

    // A PDF bilaga replaced under the same name is read again.
    std::fs::copy(
        repo().join(
            "tests/fixtures/kultur/content/kulturnamnden/2027-01-21/bilagor/revisionsrapport.pdf",
        ),
        project
            .path()
            .join(MEETING)
            .join("bilagor/revisionsrapport.pdf"),
    )
    .unwrap();
    build::build_meeting(
        &Meeting::load(&sandbox, &dir).unwrap(),
        &options,
        &mut cache,
    )
    .unwrap();
    let cached = read();
    build::build_meeting(
        &Meeting::load(&sandbox, &dir).unwrap(),
        &options,
        &mut PartCache::default(),
    )
    .unwrap();
    assert_eq!(cached, read(), "en ändrad PDF-bilaga lästes inte om");
}
