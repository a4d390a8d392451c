//! The plan stage, output: the plan as text a nämndsekreterare can paste
//! into an e-mail to the division (a table per meeting and a summary),
//! and as JSON for other tools.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::{NamndPlan, PlannedItem, Status};
use crate::conventions::{date_in_words, iso_date};

/// The items of `plan` due in `year`, or all of them.
pub fn of_year(plan: &NamndPlan, year: Option<i32>) -> Vec<&PlannedItem> {
    use chrono::Datelike;
    plan.items
        .iter()
        .filter(|p| match (year, p.sammantrade) {
            (None, _) => true,
            (Some(year), Some(day)) => day.year() == year,
            (Some(year), None) => p.item.slutdatum.is_some_and(|d| d.year() == year),
        })
        .collect()
}

/// The plan as text: per meeting in date order, a table of the items due
/// (status, id, title, Slutdatum, source and the reporting ärende, paths
/// within the nämnd's folder), then a summary line.
pub fn text(plan: &NamndPlan, items: &[&PlannedItem], today: NaiveDate) -> String {
    let mut out = format!("{}: plan för återrapporter\n", plan.namn);
    if items.is_empty() {
        out.push_str("\nInga punkter att återrapportera.\n");
        return out;
    }
    let within = format!("content/{}/", plan.folder);
    let short = |path: &str| path.strip_prefix(&within).unwrap_or(path).to_owned();
    let mut groups: Vec<(Option<NaiveDate>, Vec<&PlannedItem>)> = Vec::new();
    for item in items {
        match groups.last_mut() {
            Some((day, group)) if *day == item.sammantrade => group.push(item),
            _ => groups.push((item.sammantrade, vec![item])),
        }
    }
    for (day, group) in groups {
        out.push('\n');
        out.push_str(&match day {
            Some(day) if day < today => format!("Sammanträdet {} (hållet)\n", date_in_words(day)),
            Some(day) => format!("Sammanträdet {}\n", date_in_words(day)),
            None => "Utan planerat sammanträde\n".to_owned(),
        });
        let mut rows = vec![HEADER.map(str::to_owned).to_vec()];
        for item in &group {
            let mut status = item.status.word().to_owned();
            if item.preliminary {
                status.push('*');
            }
            rows.push(vec![
                status,
                item.item.id.clone(),
                item.item.title(),
                item.item
                    .slutdatum
                    .map(iso_date)
                    .unwrap_or_else(|| "–".into()),
                short(&item.item.kalla),
                item.arende
                    .as_deref()
                    .map(short)
                    .unwrap_or_else(|| "–".into()),
            ]);
        }
        out.push_str(&aligned(&rows));
    }
    out.push('\n');
    if items.iter().any(|p| p.preliminary) {
        out.push_str("* preliminär: ärendet som ger punkten är inte beslutat än (sammanträdet har inget protokoll, eller det går inte att läsa)\n");
    }
    out.push_str(&summary(items));
    out.push('\n');
    out
}

/// The columns of a meeting's table.
const HEADER: [&str; 6] = ["Status", "Id", "Rubrik", "Slutdatum", "Källa", "Ärende"];

/// The widest the title column gets; longer titles wrap onto more lines.
const TITLE_WIDTH: usize = 50;

/// Rows as columns padded to the widest cell, two spaces apart; the
/// title (column 2) wraps at [`TITLE_WIDTH`].
fn aligned(rows: &[Vec<String>]) -> String {
    let wrapped: Vec<Vec<Vec<String>>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| {
                    if c == 2 {
                        wrap(cell, TITLE_WIDTH)
                    } else {
                        vec![cell.clone()]
                    }
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..HEADER.len())
        .map(|c| {
            wrapped
                .iter()
                .flat_map(|r| r[c].iter().map(|l| l.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &wrapped {
        let height = row.iter().map(Vec::len).max().unwrap_or(1);
        for index in 0..height {
            let mut line = String::from("  ");
            for (c, cell) in row.iter().enumerate() {
                let text = cell.get(index).map(String::as_str).unwrap_or("");
                line.push_str(text);
                line.push_str(&" ".repeat(widths[c] - text.chars().count() + 2));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// "12 punkter: 3 klara, 2 planerade, 6 saknas, 1 försenad."
pub fn summary(items: &[&PlannedItem]) -> String {
    let count = |status: Status| items.iter().filter(|p| p.status == status).count();
    let (klar, planerad, saknas, forsenad) = (
        count(Status::Klar),
        count(Status::Planerad),
        count(Status::Saknas),
        count(Status::Forsenad),
    );
    format!(
        "{} {}: {klar} {}, {planerad} {}, {saknas} saknas, {forsenad} {}.",
        items.len(),
        if items.len() == 1 { "punkt" } else { "punkter" },
        if klar == 1 { "klar" } else { "klara" },
        if planerad == 1 {
            "planerad"
        } else {
            "planerade"
        },
        if forsenad == 1 {
            "försenad"
        } else {
            "försenade"
        },
    )
}

/// One item as JSON: `id`, `rubrik`, `källa`, `sammanträde`, `slutdatum`,
/// `status`, `ärende` (dates `ÅÅÅÅ-MM-DD`, null when none), and the
/// nämnd and whether it is preliminary.
pub fn json_item(plan: &NamndPlan, item: &PlannedItem) -> Value {
    json!({
        "id": item.item.id,
        "rubrik": item.item.title(),
        "källa": item.item.kalla,
        "sammanträde": item.sammantrade.map(iso_date),
        "slutdatum": item.item.slutdatum.map(iso_date),
        "status": item.status.word(),
        "ärende": item.arende,
        "beskrivning": item.item.description(),
        "nämnd": plan.folder,
        "preliminär": item.preliminary,
    })
}
