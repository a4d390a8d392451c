//! The plan stage, its sources: each meeting of a nämnd loaded and
//! validated once (meetings a command has already loaded are reused, and
//! planned meetings without ärenden are only dated), and the nämnd's
//! `arshjul.yaml`.

use std::path::{Path, PathBuf};

use super::{Contribution, ItemReport, NamndPlan};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::{self, Sandbox, Sourced};
use crate::meeting::{Meeting, ProtokollState};
use crate::model::ArshjulFile;
use crate::validate::protokoll::Paragraf;

impl Contribution {
    /// What `meeting` brings to the plan. An ärende's items are due once
    /// the meeting's protokoll says it was decided (not återremitterat,
    /// bordlagt or avskrivet), and preliminary before there is one; an
    /// ärende sent back reports nothing yet either.
    pub fn of(meeting: &Meeting) -> Contribution {
        let protokoll = match &meeting.protokoll {
            Some(ProtokollState::Valid(protokoll)) => Some(protokoll),
            _ => None,
        };
        let mut items = Vec::new();
        let mut reports = Vec::new();
        for arende in &meeting.packet.arenden {
            let decided = protokoll.map(|p| {
                p.paragrafer
                    .iter()
                    .find(|g| g.arende.as_ref().is_some_and(|a| a.kalla == arende.kalla))
                    .is_none_or(decided)
            });
            if decided == Some(false) {
                continue;
            }
            let preliminary = decided.is_none();
            items.extend(arende.planpunkter.iter().map(|p| (p.clone(), preliminary)));
            let file = load::virtual_path(&arende.kalla);
            reports.extend(arende.aterrapporterar.iter().map(|h| ItemReport {
                id: h.id.clone(),
                arende: file.clone(),
                rad: h.rad,
                kolumn: h.kolumn,
            }));
        }
        Contribution {
            datum: meeting.facts.meeting_date,
            items,
            reports,
        }
    }
}

impl Contribution {
    /// What the site may keep of the contribution: its public items with
    /// their masked passages replaced by notes, and the ids reported
    /// (without the files that report them, whose names come from titles).
    pub fn public(&self) -> Contribution {
        Contribution {
            datum: self.datum,
            items: self
                .items
                .iter()
                .filter_map(|(item, preliminary)| Some((item.public()?, *preliminary)))
                .collect(),
            reports: self
                .reports
                .iter()
                .map(|r| ItemReport {
                    arende: String::new(),
                    ..r.clone()
                })
                .collect(),
        }
    }
}

/// Whether a paragraph decided its ärende (so that what it gives is due).
fn decided(paragraf: &Paragraf) -> bool {
    !matches!(
        paragraf.resultat.as_str(),
        "Återremitterat" | "Bordlagt" | "Avskrivet"
    )
}

/// Everything one nämnd's plan is made of.
#[derive(Debug, Clone)]
pub struct NamndSources {
    /// The nämnd's folder under `content/`.
    pub folder: String,
    /// Its name, from `namnd.yaml`.
    pub namn: String,
    /// Every meeting's day, planned ones too.
    pub sammantraden: Vec<chrono::NaiveDate>,
    /// What each meeting with ärenden brings.
    pub contributions: Vec<Contribution>,
    /// `arshjul.yaml`, when the nämnd has one.
    pub arshjul: Option<Sourced<ArshjulFile>>,
    /// Meetings that could not be read (their items are missing), and
    /// the problems of `arshjul.yaml`.
    pub problems: Vec<Diagnostic>,
}

impl NamndSources {
    /// The plan these sources make, on `today`.
    pub fn plan(&self, today: chrono::NaiveDate) -> NamndPlan {
        let mut plan = NamndPlan::new(
            self.folder.clone(),
            self.namn.clone(),
            self.sammantraden.clone(),
            &self.contributions,
            self.arshjul.as_ref(),
            today,
        );
        plan.warnings.splice(0..0, self.problems.iter().cloned());
        plan
    }
}

/// The nämnd folder of a meeting.
pub fn namnd_dir_of(meeting: &Meeting) -> PathBuf {
    meeting
        .facts
        .meeting_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The sources of the plan of the nämnd in `namnd_dir`: each of its
/// meetings loaded and validated once, those in `loaded` taken as they
/// are; meetings before `since` are read only as far as the ids go (see
/// [`draft`]), not validated.
pub fn gather(
    sandbox: &Sandbox,
    namnd_dir: &Path,
    loaded: &[&Meeting],
    since: Option<chrono::NaiveDate>,
) -> Result<NamndSources> {
    let folder = namnd_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let namn = yaml_name(&namnd_dir.join("namnd.yaml")).unwrap_or_else(|| folder.clone());
    let mut sources = NamndSources {
        folder,
        namn,
        sammantraden: Vec::new(),
        contributions: Vec::new(),
        arshjul: None,
        problems: Vec::new(),
    };
    match load::load_arshjul(sandbox, namnd_dir) {
        Ok(arshjul) => sources.arshjul = arshjul,
        Err(Error::Input(problems)) => sources.problems.extend(problems),
        Err(other) => return Err(other),
    }
    for dir in sandbox.meetings_under(namnd_dir) {
        let Some(date) = dir
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(load::folder_date)
        else {
            continue;
        };
        sources.sammantraden.push(date);
        if let Some(meeting) = loaded.iter().find(|m| m.facts.meeting_dir == dir) {
            sources.contributions.push(Contribution::of(meeting));
            continue;
        }
        if load::is_planned(&dir) {
            continue;
        }
        // Older meetings only say which items exist and which are reported.
        if since.is_some_and(|since| date < since) {
            sources.contributions.push(draft(sandbox, &dir, date));
            continue;
        }
        match Meeting::load(sandbox, &dir) {
            Ok(meeting) => sources.contributions.push(Contribution::of(&meeting)),
            Err(Error::Input(problems)) => {
                let relative = sandbox.relative(&dir).to_path_buf();
                sources.problems.push(
                    Diagnostic::warning(format!(
                        "sammanträdet {} har fel ({}); planen tar med det som går att läsa av dess ärenden, som preliminärt",
                        relative.display(),
                        crate::error::summary(&problems)
                    ))
                    .at(Location::file(relative.join("sammantrade.yaml")))
                    .tips(format!("`kallelse kontrollera {}` visar vad som är fel", relative.display())),
                );
                sources.contributions.push(draft(sandbox, &dir, date));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(sources)
}

/// What a meeting that does not validate brings to the plan, read from
/// its ärende files as far as they can be read (see
/// [`crate::validate::plan_of_draft`]); its items are preliminary.
fn draft(sandbox: &Sandbox, dir: &Path, datum: chrono::NaiveDate) -> Contribution {
    let files = load::arende_files(dir);
    let mut contributions = Contribution {
        datum,
        items: Vec::new(),
        reports: Vec::new(),
    };
    for (_, path) in files {
        let Some(read) = crate::yaml::read_leniently::<crate::model::ArendeFile>(
            &path,
            crate::yaml::keys::ARENDE,
        ) else {
            continue;
        };
        let relative = sandbox.relative(&path).to_path_buf();
        let (items, reports) = crate::validate::plan_of_draft(sandbox, &relative, &read.value, dir);
        contributions
            .items
            .extend(items.into_iter().map(|p| (p, true)));
        let file = load::virtual_path(&relative);
        contributions
            .reports
            .extend(reports.into_iter().map(|h| ItemReport {
                id: h.id,
                arende: file.clone(),
                rad: h.rad,
                kolumn: h.kolumn,
            }));
    }
    contributions
}

/// The name in a `namnd.yaml`, for a quick look (its other keys are
/// ignored: the file is checked when a meeting is loaded).
fn yaml_name(path: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Name {
        namn: String,
    }
    crate::yaml::peek::<Name>(path).map(|n| n.namn)
}
