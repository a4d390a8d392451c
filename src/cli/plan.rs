//! The command line of the nämnd's plan: `plan` prints what is due at
//! which meeting, as a table per meeting or as JSON, in Swedish.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::reported;
use crate::error::{Diagnostic, Error, report};
use crate::load::Sandbox;
use crate::plan::{self, NamndPlan};

/// How `plan` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// A table per meeting.
    #[value(help = "En tabell per sammanträde (standard).")]
    Text,
    /// JSON.
    #[value(help = "JSON: {\"punkter\": [...]}.")]
    Json,
}

/// `kallelse plan`.
pub fn plan(
    folder: Option<&Path>,
    year: Option<i32>,
    today: NaiveDate,
    format: PlanFormat,
) -> Result<(), Error> {
    let start = folder.unwrap_or(Path::new("."));
    let sandbox = reported(Sandbox::discover(start))?;
    let dirs = reported(namnd_dirs(&sandbox, start))?;
    let mut plans = Vec::new();
    for dir in &dirs {
        let sources = plan::gather(&sandbox, dir, &[], None)?;
        plans.push(sources.plan(today));
    }
    let problems: Vec<Diagnostic> = plans
        .iter()
        .flat_map(|p| p.errors.iter().chain(&p.warnings))
        .cloned()
        .collect();
    report(sandbox.root(), &problems);
    match format {
        PlanFormat::Text => {
            for (index, plan) in plans.iter().enumerate() {
                if index > 0 {
                    println!();
                }
                print!(
                    "{}",
                    plan::report::text(plan, &plan::report::of_year(plan, year), today)
                );
            }
        }
        PlanFormat::Json => {
            let items: Vec<serde_json::Value> = plans
                .iter()
                .flat_map(|plan| {
                    plan::report::of_year(plan, year)
                        .into_iter()
                        .map(move |p| plan::report::json_item(plan, p))
                })
                .collect();
            let json = serde_json::json!({ "punkter": items });
            println!("{}", serde_json::to_string_pretty(&json).expect("JSON"));
        }
    }
    let failed = plans.iter().any(|p: &NamndPlan| !p.errors.is_empty())
        || problems
            .iter()
            .any(|d| d.severity == crate::error::Severity::Error);
    if failed { Err(Error::Reported) } else { Ok(()) }
}

/// The nämnd folders `start` names: a nämnd's folder, a meeting's (its
/// nämnd), or the project (every nämnd under `content/`).
fn namnd_dirs(sandbox: &Sandbox, start: &Path) -> Result<Vec<PathBuf>, Error> {
    let start = start
        .canonicalize()
        .map_err(|e| Error::io("läsa mappen", start, e))?;
    if start.join("namnd.yaml").is_file() {
        return Ok(vec![start]);
    }
    if start.join("sammantrade.yaml").is_file()
        && let Some(parent) = start.parent()
    {
        return Ok(vec![parent.to_path_buf()]);
    }
    let found = crate::scaffold::namnder(sandbox);
    if found.is_empty() {
        return Err(Error::input(
            Diagnostic::error("projektet har ingen nämnd under content/")
                .tips("skapa en med `kallelse ny nämnd NAMN --förkortning FÖRKORTNING`"),
        ));
    }
    Ok(found)
}
