//! The generated typst source of the second fixture, pinned for review: a
//! change to a template or to the rendering shows up as a diff of
//! `tests/snapshots/kultur.typ`. Run with `KALLELSE_UPPDATERA=1` to accept.
//! And every file in `tests/snapshots/` is one that a test compares.

use std::collections::BTreeSet;

use crate::support::{Project, SNAPSHOTS, assert_snapshot, repo, tree};

/// The snapshot of the generated typst source, under `tests/snapshots/`.
const TYPST: &str = "kultur.typ";

#[test]
fn generated_typst_source_matches_the_snapshot() {
    let project = Project::fixture("kultur");
    project.run(&["bygg", "--spara-typst"]).success();
    let generated = project.read("output/kulturnamnden/2027-01-21/kallelse.typ");
    assert_snapshot(TYPST, &generated);
}

/// Every snapshot some test compares, by path under `tests/snapshots/`.
fn compared() -> Vec<String> {
    [
        TYPST.to_owned(),
        crate::authoring::STATUS_SNAPSHOT.to_owned(),
    ]
    .into_iter()
    .chain(crate::kontrollera::snapshots())
    .chain(crate::protokoll::snapshots())
    .collect()
}

#[test]
fn every_snapshot_file_is_compared_by_a_snapshot_test() {
    let compared = compared();
    let known: BTreeSet<&str> = compared.iter().map(String::as_str).collect();
    let mut problems: Vec<String> = compared
        .iter()
        .enumerate()
        .filter(|(i, name)| compared[..*i].contains(name))
        .map(|(_, name)| format!("{SNAPSHOTS}/{name} jämförs av två fall med samma namn"))
        .collect();
    problems.extend(
        tree(&repo().join(SNAPSHOTS))
            .into_keys()
            .map(|name| name.replace(std::path::MAIN_SEPARATOR, "/"))
            .filter(|name| !known.contains(name.as_str()))
            .map(|name| {
                format!(
                    "{SNAPSHOTS}/{name} jämförs inte av något test; ta bort den, \
                     eller lägg till testet som jämför den i listan i tests/it/snapshot.rs"
                )
            }),
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
