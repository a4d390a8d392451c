//! Authoring, overview: `kallelse status` shows one row per beslutsärende of
//! a meeting (number, rubrik, diarienummer, tjänsteskrivelse date, approved
//! or not, bilagor, errors and warnings), so the sekreterare sees at a
//! glance what is missing before the deadline. Every file is read on its
//! own and leniently: a broken ärende still gets its row.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::build;
use crate::error::{Result, Severity};
use crate::load::{self, Sandbox};

/// One beslutsärende.
#[derive(Debug, Clone)]
pub struct Row {
    /// The file's number prefix.
    pub nummer: u32,
    /// Rubrik, or the file name when it cannot be read.
    pub rubrik: String,
    /// Diarienummer.
    pub diarienummer: String,
    /// Date of the tjänsteskrivelse; `None` for routine ärenden without one.
    pub tjansteskrivelse: Option<String>,
    /// Approval date, when approved.
    pub godkand: Option<String>,
    /// Number of bilagor (a förteckning counts as one).
    pub bilagor: usize,
    /// Errors in the ärende's files.
    pub fel: usize,
    /// Warnings in the ärende's files.
    pub varningar: usize,
}

/// The overview of one meeting.
#[derive(Debug, Clone)]
pub struct MeetingStatus {
    /// The meeting folder, relative to the project root.
    pub dir: PathBuf,
    /// One row per ärende file, in number order.
    pub rows: Vec<Row>,
    /// Errors and warnings outside the ärende files (sammantrade.yaml,
    /// namnd.yaml, templates).
    pub other: (usize, usize),
}

/// Reads the overview of a meeting.
pub fn meeting_status(sandbox: &Sandbox, dir: &Path) -> Result<MeetingStatus> {
    let diagnostics = build::check_meeting(sandbox, dir)?;
    let mut files: Vec<(u32, PathBuf)> = std::fs::read_dir(dir.join("arenden"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .filter_map(|p| {
                    let prefix = load::number_prefix(&p.file_name()?.to_string_lossy())?;
                    Some((prefix, p))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut claimed = vec![false; diagnostics.len()];
    let mut rows = Vec::new();
    for (nummer, path) in files {
        let relative = sandbox.relative(&path).to_path_buf();
        let value: Value = crate::yaml::peek(&path).unwrap_or(Value::Null);
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            Value::Null => None,
            other => Some(other.to_string()),
        };
        let ts = value
            .get("tjänsteskrivelse")
            .or_else(|| value.get("tjansteskrivelse"));
        // The files that belong to this ärende: its YAML and its bilagor.
        let mut own = vec![relative.clone()];
        let mut bilagor = 0;
        if let Some(Value::Array(list)) = value.get("bilagor") {
            bilagor += list.len();
            own.extend(list.iter().filter_map(|b| {
                let fil = b.get("fil")?.as_str()?;
                Some(sandbox.relative(&dir.join(fil)).to_path_buf())
            }));
        }
        if let Some(f) = value
            .get("förteckning")
            .or_else(|| value.get("forteckning"))
        {
            bilagor += 1;
            if let Some(fil) = f.get("fil").and_then(Value::as_str) {
                own.push(sandbox.relative(&dir.join(fil)).to_path_buf());
            }
        }
        let (mut fel, mut varningar) = (0, 0);
        for (i, d) in diagnostics.iter().enumerate() {
            if d.location.as_ref().is_some_and(|l| own.contains(&l.file)) {
                claimed[i] = true;
                match d.severity {
                    Severity::Error => fel += 1,
                    Severity::Warning => varningar += 1,
                }
            }
        }
        rows.push(Row {
            nummer,
            rubrik: value.get("rubrik").and_then(text).unwrap_or_else(|| {
                format!(
                    "({})",
                    path.file_name().unwrap_or_default().to_string_lossy()
                )
            }),
            diarienummer: value.get("diarienummer").and_then(text).unwrap_or_default(),
            tjansteskrivelse: ts.map(|t| t.get("datum").and_then(text).unwrap_or_default()),
            godkand: ts.and_then(|t| t.get("godkänd").or_else(|| t.get("godkand")).and_then(text)),
            bilagor,
            fel,
            varningar,
        });
    }
    let other = diagnostics.iter().zip(&claimed).filter(|(_, c)| !**c).fold(
        (0, 0),
        |(e, w), (d, _)| match d.severity {
            Severity::Error => (e + 1, w),
            Severity::Warning => (e, w + 1),
        },
    );
    Ok(MeetingStatus {
        dir: sandbox.relative(dir).to_path_buf(),
        rows,
        other,
    })
}

/// The overview as an aligned text table with a line of what remains.
pub fn render(status: &MeetingStatus) -> String {
    const RUBRIK: usize = 44;
    let header = [
        "Nr",
        "Rubrik",
        "Dnr",
        "Tjänsteskr.",
        "Godkänd",
        "Bilagor",
        "Fel",
        "Varningar",
    ];
    let mut table: Vec<[String; 8]> = vec![header.map(str::to_owned)];
    for row in &status.rows {
        table.push([
            format!("{:02}", row.nummer),
            shorten(&row.rubrik, RUBRIK),
            if row.diarienummer.is_empty() {
                "–".into()
            } else {
                row.diarienummer.clone()
            },
            match &row.tjansteskrivelse {
                None => "ingen".into(),
                Some(d) if d.is_empty() => "saknar datum".into(),
                Some(d) => d.clone(),
            },
            match (&row.tjansteskrivelse, &row.godkand) {
                (None, _) => "–".into(),
                (Some(_), Some(d)) => d.clone(),
                (Some(_), None) => "nej".into(),
            },
            row.bilagor.to_string(),
            row.fel.to_string(),
            row.varningar.to_string(),
        ]);
    }
    table.push([
        String::new(),
        "Övrigt (sammanträde, nämnd, mallar)".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        status.other.0.to_string(),
        status.other.1.to_string(),
    ]);
    let widths: Vec<usize> = (0..8)
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("Sammanträde {}\n\n", crate::load::virtual_path(&status.dir));
    for row in &table {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c] - cell.chars().count();
                // Numbers are right-aligned, text left-aligned.
                if c >= 5 {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&remaining(status));
    out.push('\n');
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}

/// "Återstår: …" or "Klart: …".
fn remaining(status: &MeetingStatus) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let unapproved = status
        .rows
        .iter()
        .filter(|r| r.tjansteskrivelse.is_some() && r.godkand.is_none())
        .count();
    let with_errors = status.rows.iter().filter(|r| r.fel > 0).count();
    let mut parts = Vec::new();
    if unapproved > 0 {
        parts.push(format!(
            "{} utan godkänd tjänsteskrivelse",
            count(unapproved, "ärende", "ärenden")
        ));
    }
    if with_errors > 0 {
        parts.push(format!(
            "{} med fel",
            count(with_errors, "ärende", "ärenden")
        ));
    }
    if status.other.0 > 0 {
        parts.push(format!(
            "{} utanför ärendena",
            count(status.other.0, "fel", "fel")
        ));
    }
    if parts.is_empty() {
        format!(
            "Klart: {} utan fel, alla tjänsteskrivelser godkända.",
            count(status.rows.len(), "ärende", "ärenden")
        )
    } else {
        format!(
            "Återstår: {}. Kör `kallelse kontrollera` för detaljer.",
            parts.join(", ")
        )
    }
}
