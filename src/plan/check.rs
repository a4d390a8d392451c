//! The plan stage, for `kontrollera` and `status`: the part of the nämnd's
//! plan that belongs to the meetings a command was given. Each meeting is
//! loaded and validated once: the command's own meetings are reused, and
//! the nämnd's other meetings are validated from two years before (older
//! ones are only read for the ids they give and report).

use chrono::{Datelike, NaiveDate};

use super::{NamndPlan, gather, namnd_dir_of};
use crate::error::{Diagnostic, Result};
use crate::load::{self, Sandbox};
use crate::meeting::Meeting;

/// How many calendar years before a meeting the plan of `kontrollera`
/// and `status` reads the nämnd's meetings (an överenskommelse runs a
/// year; `kallelse plan` reads them all).
const YEARS_BEFORE: i32 = 2;

/// The nämnd's plans for `meetings` (one per nämnd, in the order met).
pub fn plans_for(
    sandbox: &Sandbox,
    meetings: &[&Meeting],
    today: NaiveDate,
) -> Result<Vec<NamndPlan>> {
    let mut plans: Vec<NamndPlan> = Vec::new();
    let mut dirs = Vec::new();
    for meeting in meetings {
        let dir = namnd_dir_of(meeting);
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in dirs {
        let own: Vec<&Meeting> = meetings
            .iter()
            .copied()
            .filter(|m| namnd_dir_of(m) == dir)
            .collect();
        let first = own.iter().map(|m| m.facts.meeting_date).min();
        let since = first.and_then(|d| NaiveDate::from_ymd_opt(d.year() - YEARS_BEFORE, 1, 1));
        plans.push(gather(sandbox, &dir, &own, since)?.plan(today));
    }
    Ok(plans)
}

/// What `kontrollera` says of the plan for `meetings`: ids their ärenden
/// report that do not exist (errors), items due at a coming meeting that
/// no ärende reports, and the problems of the plan's sources in their
/// files (the årshjul, the uppföljning tables).
pub fn problems(
    sandbox: &Sandbox,
    meetings: &[&Meeting],
    today: NaiveDate,
) -> Result<Vec<Diagnostic>> {
    let mut found = Vec::new();
    for plan in plans_for(sandbox, meetings, today)? {
        let arshjul = format!("content/{}/{}", plan.folder, load::ARSHJUL_FILE);
        let mut own_files = vec![arshjul];
        for meeting in meetings
            .iter()
            .filter(|m| namnd_dir_of(m).ends_with(&plan.folder))
        {
            let dir = meeting.facts.virtual_dir.clone();
            own_files.push(format!("{dir}/"));
            if meeting.facts.meeting_date >= today {
                found.extend(plan.missing_reports(meeting.facts.meeting_date));
            }
        }
        let belongs = |d: &&Diagnostic| {
            d.location.as_ref().is_some_and(|l| {
                let file = load::virtual_path(&l.file);
                own_files.iter().any(|own| {
                    file == *own || (own.ends_with('/') && file.starts_with(own.as_str()))
                })
            })
        };
        found.extend(plan.errors.iter().filter(belongs).cloned());
        found.extend(plan.warnings.iter().filter(belongs).cloned());
    }
    Ok(found)
}
