//! Authoring, scaffolding: `kallelse ny ärende --återrapport ID`, an ärende
//! that reports an item of the nämnd's plan. The item is looked up in the
//! plan (each of the nämnd's meetings loaded once); the ärende takes the
//! item's title as its rubrik and goes to the meeting the item is due at
//! (the next coming meeting when that one has been held), unless
//! `--sammanträde` says otherwise.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{namnder, new_arende, pick_namnd};
use crate::conventions;
use crate::error::{Diagnostic, Error, Result};
use crate::load::Sandbox;
use crate::plan::{self, PlannedItem};

/// `kallelse ny ärende --återrapport ID`.
pub fn new_aterrapport(
    sandbox: &Sandbox,
    id: &str,
    rubrik: Option<&str>,
    diarienummer: Option<&str>,
    meeting: Option<&str>,
    namnd: Option<&str>,
    today: NaiveDate,
) -> Result<PathBuf> {
    let id = id.trim();
    let dirs = match namnd {
        Some(_) => vec![pick_namnd(sandbox, namnd)?],
        None => namnder(sandbox),
    };
    let mut known = Vec::new();
    for dir in dirs {
        let plan = plan::gather(sandbox, &dir, &[], None)?.plan(today);
        if let Some(item) = plan.items.iter().find(|p| p.item.id == id) {
            // A report too late for its meeting goes to the next one.
            let next = |day: NaiveDate| plan.sammantraden.iter().copied().find(|m| *m >= day);
            let day = match item.sammantrade {
                Some(day) if day < today => next(today),
                due => due,
            };
            let folder = match (meeting, day) {
                (Some(given), _) => given.to_owned(),
                (None, Some(day)) => dir.join(conventions::iso_date(day)).display().to_string(),
                (None, None) => {
                    return Err(Error::input(
                        Diagnostic::error(format!(
                            "punkten {id} har inget kommande sammanträde att återrapporteras på"
                        ))
                        .tips("lägg till sammanträdet med `kallelse ny sammanträde ÅÅÅÅ-MM-DD`, eller ange ett med --sammanträde"),
                    ));
                }
            };
            let rubrik = rubrik.unwrap_or(&item.item.rubrik).to_owned();
            let asked = asked(item);
            return new_arende(
                sandbox,
                &rubrik,
                diarienummer,
                Some(&folder),
                Some(&plan.folder),
                today,
                Some((id, &asked)),
            );
        }
        known.extend(plan.items.into_iter().map(|p| p.item.id));
    }
    let tips = plan::closest_id_tips(id, &known);
    Err(Error::input(
        Diagnostic::error(format!("punkten `{id}` finns inte i nämndens plan")).tips(tips),
    ))
}

/// What the nämnd asked for, for the new ärende's opening comment.
fn asked(item: &PlannedItem) -> String {
    let mut text = item.item.title();
    if !item.item.beskrivning.is_empty() {
        text.push_str(". ");
        text.push_str(&item.item.description());
    }
    text.push_str(&format!(" (från {})", item.item.kalla));
    text
}
