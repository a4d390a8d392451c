//! Publish stage, the nämnder's members: the ledamöter and ersättare of
//! each nämnd's `namnd.yaml`, for its members page ([`super::pages`]) and
//! the OParl Persons and Memberships ([`super::oparl`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::load::Sandbox;

/// The page of a nämnd's members, in its folder.
pub const MEMBERS_PAGE: &str = "ledamoter.html";

/// A member of a nämnd.
#[derive(Debug, Clone)]
pub struct Member {
    /// "Karin Lindqvist".
    pub namn: String,
    /// Party abbreviation: "S".
    pub parti: Option<String>,
    /// "ordförande", "1:e vice ordförande".
    pub uppdrag: Option<String>,
    /// An ersättare, not a ledamot.
    pub ersattare: bool,
}

impl Member {
    /// The role as a page and OParl show it: the uppdrag, else "Ledamot"
    /// or "Ersättare".
    pub fn role(&self) -> String {
        match &self.uppdrag {
            Some(uppdrag) if !uppdrag.trim().is_empty() => capitalized(uppdrag.trim()),
            _ if self.ersattare => "Ersättare".to_owned(),
            _ => "Ledamot".to_owned(),
        }
    }

    /// Its part of addresses: "karin-lindqvist".
    pub fn slug(&self) -> String {
        crate::conventions::slug(&self.namn)
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The members of each nämnd in `dirs` (its folder), ledamöter first, in
/// the order of `namnd.yaml`. A `namnd.yaml` that cannot be read gives no
/// members: its meetings report the problem.
pub fn load(sandbox: &Sandbox, dirs: &[PathBuf]) -> BTreeMap<String, Vec<Member>> {
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
        let entries = namnd
            .value
            .ledamoter
            .iter()
            .map(|m| (m, false))
            .chain(namnd.value.ersattare.iter().map(|m| (m, true)));
        let list = entries
            .map(|(entry, ersattare)| Member {
                namn: entry.namn.value.trim().to_owned(),
                parti: entry
                    .parti
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned),
                uppdrag: entry.uppdrag.clone(),
                ersattare,
            })
            .filter(|m| !m.namn.is_empty())
            .collect();
        members.insert(folder, list);
    }
    members
}
