//! The plan stage: what is due at which of the nämnd's meetings, and
//! whether it has come. Its sources are the meetings (each loaded and
//! validated once, as every command does) and the nämnd's
//! `arshjul.yaml`; each meeting brings its [`Contribution`] (the items its
//! ärenden give and the items they report), and [`NamndPlan::new`] puts
//! them on the nämnd's meetings. `kallelse plan` prints it ([`report`]),
//! `kontrollera` and `status` show a meeting's part, and the site lists
//! the public items of coming meetings.

mod check;
mod due;
pub mod report;
mod sources;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::validate::PlanItem;

pub use check::{plans_for, problems};
pub use sources::{NamndSources, gather, namnd_dir_of};

/// What one meeting brings to the nämnd's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// The meeting's day.
    pub datum: NaiveDate,
    /// The items its ärenden give: decided at the meeting, or (before
    /// its protokoll) preliminary. Ärenden återremitterade, bordlagda or
    /// avskrivna give none.
    pub items: Vec<(PlanItem, bool)>,
    /// The items its ärenden report back.
    pub reports: Vec<ItemReport>,
}

/// An ärende's report of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemReport {
    /// The id as written.
    pub id: String,
    /// The ärende file, relative to the project root, with `/`.
    pub arende: String,
    /// Where the id is written in it.
    pub rad: usize,
    /// See `rad`.
    pub kolumn: usize,
}

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Reported at a meeting that has been held.
    Klar,
    /// An ärende reporting it is on the due meeting (or an earlier one)
    /// that has not been held.
    Planerad,
    /// The due meeting has not been held and no ärende reports it.
    Saknas,
    /// The due meeting has been held and no ärende reported it.
    #[serde(rename = "försenad")]
    Forsenad,
}

impl Status {
    /// The word a user reads.
    pub fn word(self) -> &'static str {
        match self {
            Status::Klar => "klar",
            Status::Planerad => "planerad",
            Status::Saknas => "saknas",
            Status::Forsenad => "försenad",
        }
    }
}

/// One item of the plan, put on its meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedItem {
    /// The item as its source writes it.
    pub item: PlanItem,
    /// The meeting it is due at; `None` when the nämnd has none planned.
    pub sammantrade: Option<NaiveDate>,
    /// Where it stands.
    pub status: Status,
    /// The ärende that reports it, when one does.
    pub arende: Option<String>,
    /// The meeting of that ärende.
    pub reported_at: Option<NaiveDate>,
    /// Given by an ärende not decided yet (its meeting has no protokoll).
    pub preliminary: bool,
}

/// The hint for an id that is not in the plan: the closest id there is.
pub fn closest_id_tips(id: &str, known: &[String]) -> String {
    match crate::yaml::suggest(id, known) {
        Some(best) => format!("menade du `{best}`? `kallelse plan` visar punkterna och deras id"),
        None => "`kallelse plan` visar nämndens punkter och deras id".to_owned(),
    }
}

/// One nämnd's plan.
#[derive(Debug, Clone)]
pub struct NamndPlan {
    /// The nämnd's folder under `content/`: `socialnamnden`.
    pub folder: String,
    /// "Socialnämnden".
    pub namn: String,
    /// Every meeting of the nämnd, planned ones too, in date order.
    pub sammantraden: Vec<NaiveDate>,
    /// The items, by due meeting (items without one last), then id.
    pub items: Vec<PlannedItem>,
    /// Errors: ids reported that no item has.
    pub errors: Vec<Diagnostic>,
    /// Warnings: items whose meeting cannot be found.
    pub warnings: Vec<Diagnostic>,
}

impl NamndPlan {
    /// The items due at the meeting on `datum`.
    pub fn due_at(&self, datum: NaiveDate) -> impl Iterator<Item = &PlannedItem> {
        self.items
            .iter()
            .filter(move |p| p.sammantrade == Some(datum))
    }

    /// A warning for every item due at the meeting on `datum` that no
    /// ärende of that meeting (or an earlier one) reports.
    pub fn missing_reports(&self, datum: NaiveDate) -> Vec<Diagnostic> {
        self.due_at(datum)
            // A report at a later meeting is late, and so no report here.
            .filter(|p| p.reported_at.is_none_or(|at| at > datum))
            .map(|p| due::missing_report(p, datum))
            .collect()
    }
}
