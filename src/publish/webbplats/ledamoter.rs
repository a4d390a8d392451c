//! Publish stage, the nämnder's members: the ledamöter and ersättare of
//! each nämnd's `namnd.yaml` (as the validate stage reads them), for its
//! members page ([`super::arende_pages`]) and the OParl Persons and
//! Memberships ([`super::oparl`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::load::Sandbox;
use crate::validate::Ledamot;

/// The page of a nämnd's members, in its folder.
pub const MEMBERS_PAGE: &str = "ledamoter.html";

/// The members of each nämnd in `dirs` (its folder), ledamöter first, in
/// the order of `namnd.yaml`. A `namnd.yaml` that cannot be read gives no
/// members: its meetings report the problem.
pub fn load(sandbox: &Sandbox, dirs: &[PathBuf]) -> BTreeMap<String, Vec<Ledamot>> {
    let mut members = BTreeMap::new();
    for dir in dirs {
        let Some(folder) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let mut ignored = Vec::new();
        let Some(namnd) = crate::load::read_yaml::<crate::model::NamndFile>(
            sandbox,
            &dir.join("namnd.yaml"),
            crate::yaml::keys::NAMND,
            &mut ignored,
        ) else {
            continue;
        };
        let list = crate::validate::members(&namnd.path, &namnd.value)
            .into_iter()
            .filter(|m| !m.namn.is_empty())
            .collect();
        members.insert(folder, list);
    }
    members
}
