//! The command line of the e-arkiv: `arkivera` packs one meeting, or a
//! nämnd's year, and says what it wrote, in Swedish.

use std::path::{Path, PathBuf};

use super::reported;
use crate::archive::{self, ArchiveOptions, ArchiveReport, Scope};
use crate::build;
use crate::error::{Diagnostic, Error, shown};
use crate::load::Sandbox;
use crate::meeting::Meeting;

/// `kallelse arkivera`.
pub fn arkivera(
    folder: Option<&Path>,
    year: Option<i32>,
    namnd: Option<&str>,
    options: ArchiveOptions,
) -> Result<(), Error> {
    match (folder, year) {
        (Some(folder), None) => {
            let (sandbox, meetings) = reported(build::resolve_meetings(Some(folder)))?;
            let [dir] = meetings.as_slice() else {
                return reported(Err(Error::input(
                    Diagnostic::error(format!("{} innehåller flera sammanträden", folder.display()))
                        .tips("ange ett sammanträdes mapp, t.ex. content/socialnamnden/2026-11-12, eller ett år med `--år 2026`"),
                )));
            };
            let meeting = reported(Meeting::load(&sandbox.recording(), dir))?;
            let report = reported(archive::archive(&[meeting], Scope::Meeting, &options))?;
            print(&sandbox, &report);
            Ok(())
        }
        (None, Some(year)) => {
            let (sandbox, by_namnd) = reported(year_meetings(year, namnd))?;
            for (_, dirs) in by_namnd {
                let mut meetings = Vec::new();
                for dir in &dirs {
                    meetings.push(reported(Meeting::load(&sandbox.recording(), dir))?);
                }
                let report = reported(archive::archive(&meetings, Scope::Year(year), &options))?;
                print(&sandbox, &report);
            }
            Ok(())
        }
        _ => reported(Err(Error::input(
            Diagnostic::error("ange vad som ska arkiveras")
                .tips("ett sammanträde: `kallelse arkivera content/socialnamnden/2026-11-12`; ett år: `kallelse arkivera --år 2026 [--nämnd socialnamnden]`"),
        ))),
    }
}

/// Meeting folders by nämnd: (its folder name, its meetings).
type ByNamnd = Vec<(String, Vec<PathBuf>)>;

/// The meetings of `year`, by nämnd (its folder under `content/`), only
/// `namnd`'s when given.
fn year_meetings(year: i32, namnd: Option<&str>) -> Result<(Sandbox, ByNamnd), Error> {
    let sandbox = Sandbox::discover(Path::new("."))?;
    let content = sandbox.root().join("content");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&content)
        .map_err(|e| Error::io("läsa mappen", &content, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("namnd.yaml").is_file())
        .collect();
    folders.sort();
    let names: Vec<String> = folders
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if let Some(wanted) = namnd
        && !names.iter().any(|n| n == wanted)
    {
        let diagnostic = Diagnostic::error(format!("nämnden {wanted} finns inte under content/"));
        return Err(Error::input(match crate::yaml::suggest(wanted, &names) {
            Some(best) => diagnostic.tips(format!(
                "menade du `{best}`? Nämnderna är {}",
                names.join(", ")
            )),
            None => diagnostic.tips(format!("nämnderna är {}", names.join(", "))),
        }));
    }
    let prefix = format!("{year}-");
    let mut out = Vec::new();
    for (folder, name) in folders.iter().zip(names) {
        if namnd.is_some_and(|wanted| wanted != name) {
            continue;
        }
        let dirs: Vec<PathBuf> = sandbox
            .meetings_under(folder)
            .into_iter()
            .filter(|d| {
                d.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
            })
            .filter(|d| !crate::load::is_planned(d))
            .collect();
        if !dirs.is_empty() {
            out.push((name, dirs));
        }
    }
    if out.is_empty() {
        return Err(Error::input(
            Diagnostic::error(format!("inga sammanträden {year} att arkivera"))
                .tips("sammanträdesmapparna heter ÅÅÅÅ-MM-DD under content/<nämnd>/"),
        ));
    }
    Ok((sandbox, out))
}

fn print(sandbox: &Sandbox, report: &ArchiveReport) {
    crate::error::report(sandbox.root(), &report.warnings);
    println!(
        "Skrev {}/ ({} filer, {} kB): {}",
        shown(&report.folder),
        report.files,
        report.bytes.div_ceil(1024),
        report.meetings.join(", ")
    );
    if let Some(tar) = &report.tar {
        println!("Skrev {}", shown(tar));
    }
}
