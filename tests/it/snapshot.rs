//! The generated typst source of the second fixture, pinned for review: a
//! change to a template or to the rendering shows up as a diff of
//! `tests/snapshots/kultur.typ`. Run with `KALLELSE_UPPDATERA=1` to accept.

use crate::support::{Project, repo};

#[test]
fn generated_typst_source_matches_the_snapshot() {
    let project = Project::fixture("kultur");
    project.run(&["bygg", "--spara-typst"]).success();
    let generated = project.read("output/kulturnamnden/2027-01-21/kallelse.typ");
    let snapshot = repo().join("tests/snapshots/kultur.typ");
    if std::env::var_os("KALLELSE_UPPDATERA").is_some() || !snapshot.exists() {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, &generated).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot).unwrap();
    assert!(
        generated == expected,
        "den genererade typst-källan skiljer sig från tests/snapshots/kultur.typ; \
         granska skillnaden och kör med KALLELSE_UPPDATERA=1 för att godkänna den"
    );
}
