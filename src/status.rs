//! Authoring, overview: `kallelse status` shows one row per beslutsärende of
//! a meeting (number, rubrik, diarienummer, tjänsteskrivelse date, approved
//! or not, bilagor, errors and warnings), so the sekreterare sees at a
//! glance what is missing before the deadline. Every ärende file is read on
//! its own and leniently ([`crate::yaml::read_leniently`]): a broken ärende
//! still gets its row with what can be read of it. [`rows`] makes the rows
//! from the files as read.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Diagnostic, Result, Severity};
use crate::load::{self, Sandbox};
use crate::model::ArendeFile;
use crate::yaml;

/// One beslutsärende.
#[derive(Debug, Clone)]
pub struct Row {
    /// The file's number prefix.
    pub nummer: u32,
    /// Rubrik, or the file name when it cannot be read.
    pub rubrik: String,
    /// Diarienummer.
    pub diarienummer: String,
    /// Date of the tjänsteskrivelse, empty when it cannot be read; `None`
    /// for routine ärenden without one.
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
    /// The items of the nämnd's plan due at the meeting.
    pub aterrapporter: Vec<crate::plan::PlannedItem>,
}

/// One ärende file of a meeting and what could be read of it.
#[derive(Debug, Clone)]
pub struct ArendeSource {
    /// The file's number prefix.
    pub nummer: u32,
    /// The file, relative to the project root.
    pub path: PathBuf,
    /// Its content, as far as it can be read; `None` when it cannot.
    pub value: Option<ArendeFile>,
    /// The keys written in it but left out of `value` because they cannot
    /// be read (see [`yaml::Lenient`]); empty for a file that loads.
    pub left_out: Vec<String>,
}

/// The overviews of the meetings in `dirs`, each loaded and validated
/// once, with the items of the nämnd's plan due at each on `today`.
pub fn overviews(
    sandbox: &Sandbox,
    dirs: &[PathBuf],
    today: NaiveDate,
) -> Result<Vec<MeetingStatus>> {
    let mut loaded = Vec::new();
    for dir in dirs {
        // The meeting's problems as validation finds them; nothing is laid out.
        match crate::meeting::Meeting::load(sandbox, dir) {
            Ok(meeting) => loaded.push(Ok(meeting)),
            Err(crate::error::Error::Input(problems)) => loaded.push(Err(problems)),
            Err(other) => return Err(other),
        }
    }
    let valid: Vec<&crate::meeting::Meeting> =
        loaded.iter().filter_map(|m| m.as_ref().ok()).collect();
    let plans = crate::plan::plans_for(sandbox, &valid, today)?;
    Ok(dirs
        .iter()
        .zip(&loaded)
        .map(|(dir, meeting)| {
            let (diagnostics, due) = match meeting {
                Ok(meeting) => {
                    let day = meeting.facts.meeting_date;
                    let folder = crate::plan::namnd_dir_of(meeting);
                    let due = plans
                        .iter()
                        .filter(|p| folder.ends_with(&p.folder))
                        .flat_map(|p| p.due_at(day).cloned())
                        .collect();
                    (meeting.warnings.clone(), due)
                }
                Err(problems) => (problems.clone(), Vec::new()),
            };
            meeting_status(sandbox, dir, &diagnostics, due)
        })
        .collect())
}

/// The overview of the meeting in `dir` with its problems and the items
/// of the plan due at it.
fn meeting_status(
    sandbox: &Sandbox,
    dir: &Path,
    diagnostics: &[Diagnostic],
    aterrapporter: Vec<crate::plan::PlannedItem>,
) -> MeetingStatus {
    let arenden: Vec<ArendeSource> = load::arende_files(dir)
        .into_iter()
        .map(|(nummer, path)| {
            let read = yaml::read_leniently::<ArendeFile>(&path, yaml::keys::ARENDE);
            let (value, left_out) =
                read.map_or((None, Vec::new()), |r| (Some(r.value), r.left_out));
            ArendeSource {
                nummer,
                path: sandbox.relative(&path).to_path_buf(),
                value,
                left_out,
            }
        })
        .collect();
    let (rows, other) = rows(sandbox, dir, &arenden, diagnostics);
    MeetingStatus {
        dir: sandbox.relative(dir).to_path_buf(),
        rows,
        other,
        aterrapporter,
    }
}

/// The rows of the meeting in `dir` from its ärende files, in number order,
/// with the errors and warnings of each ärende's files (its YAML, bilagor
/// and förteckning) among `diagnostics`, and the errors and warnings of
/// all other files.
pub fn rows(
    sandbox: &Sandbox,
    dir: &Path,
    arenden: &[ArendeSource],
    diagnostics: &[Diagnostic],
) -> (Vec<Row>, (usize, usize)) {
    let mut claimed = vec![false; diagnostics.len()];
    let mut rows = Vec::new();
    for arende in arenden {
        let value = arende.value.as_ref();
        // The files that belong to this ärende: its YAML and its bilagor.
        let mut own = vec![arende.path.clone()];
        let bilagor = value.map_or(&[][..], |a| &a.bilagor[..]);
        let forteckning = value.and_then(|a| a.forteckning.as_ref());
        own.extend(
            bilagor
                .iter()
                .map(|b| b.fil.value.as_str())
                .chain(
                    forteckning
                        .and_then(|f| f.fil.as_ref())
                        .map(|f| f.value.as_str()),
                )
                .map(|fil| sandbox.relative(&dir.join(fil)).to_path_buf()),
        );
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
        let tjansteskrivelse = value.and_then(|a| a.tjansteskrivelse.as_ref());
        let godkand = tjansteskrivelse.and_then(|t| t.godkand.as_ref());
        let text = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
        rows.push(Row {
            nummer: arende.nummer,
            rubrik: value
                .and_then(|a| text(&a.rubrik.value))
                .unwrap_or_else(|| {
                    format!(
                        "({})",
                        arende
                            .path
                            .file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                    )
                }),
            diarienummer: value
                .and_then(|a| text(&a.diarienummer.value))
                .unwrap_or_default(),
            // A tjänsteskrivelse that cannot be read still is one.
            tjansteskrivelse: match tjansteskrivelse {
                Some(t) => Some(t.datum.value.to_string()),
                None if arende.left_out.iter().any(|k| k == "tjänsteskrivelse") => {
                    Some(String::new())
                }
                None => None,
            },
            godkand: godkand.map(|d| d.value.to_string()),
            bilagor: bilagor.len() + usize::from(forteckning.is_some()),
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
    (rows, other)
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
    if !status.aterrapporter.is_empty() {
        out.push_str("\nÅterrapporter som ska komma till sammanträdet (nämndens plan):\n");
        for item in &status.aterrapporter {
            let by = match &item.arende {
                Some(arende) => format!(" – {}", arende.rsplit('/').next().unwrap_or(arende)),
                None => String::new(),
            };
            out.push_str(&format!(
                "  {:<9} {}  {}{by}\n",
                item.status.word(),
                item.item.id,
                shorten(&item.item.title(), RUBRIK)
            ));
        }
    }
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
