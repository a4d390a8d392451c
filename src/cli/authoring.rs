//! The command line of authoring: `init`, `ny`, `mallar` and `schema`
//! write new projects, files, templates and schemas, and say what they
//! wrote, in Swedish.

use std::path::Path;

use super::{Ny, reported, today};
use crate::error::{Diagnostic, Error, shown};
use crate::render::BUILTIN_TEMPLATES;

/// `kallelse mallar`: the built-in templates written to `templates/`.
pub(super) fn mallar(folder: Option<&Path>, overwrite: bool) -> Result<(), Error> {
    let start = folder.unwrap_or(Path::new("."));
    let sandbox = reported(crate::load::Sandbox::discover(start))?;
    let dir = sandbox.root().join("templates");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("skapa mappen", &dir, e))?;
    for template in BUILTIN_TEMPLATES {
        let path = dir.join(template.name);
        if path.exists() && !overwrite {
            println!(
                "Behöll templates/{} (finns redan; använd --skriv-over för att ersätta)",
                template.name
            );
            continue;
        }
        crate::export::write_atomic(&path, template.text.as_bytes())?;
        println!("Skrev templates/{}", template.name);
    }
    Ok(())
}

/// `kallelse init`: a new project with an example nämnd.
pub(super) fn init(folder: Option<&Path>) -> Result<(), Error> {
    let dir = folder.unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io("skapa mappen", dir, e))?;
    let files = reported(crate::scaffold::init(
        dir,
        chrono::Local::now().date_naive(),
    ))?;
    for file in &files {
        println!("Skrev {}", shown(file));
    }
    let cd = match folder {
        Some(f) => format!("cd {} && ", f.display()),
        None => String::new(),
    };
    println!(
        "\nProjektet är klart. Prova:\n  {cd}kallelse bygg\n      bygger exemplet till output/\n  kallelse ny ärende \"Rubrik\" --dnr EN26/2\n      lägger till ett ärende i nästa sammanträde\n  kallelse status\n      visar vad som återstår\n  kallelse bevaka\n      bygger om vid varje ändring"
    );
    Ok(())
}

/// `kallelse ny …`: a new nämnd, meeting, ärende or protokoll.
pub(super) fn ny(what: Ny) -> Result<(), Error> {
    let sandbox = reported(crate::load::Sandbox::discover(Path::new(".")))?;
    let today = match &what {
        Ny::Arende { datum, .. } => today(datum.as_deref())?,
        _ => chrono::Local::now().date_naive(),
    };
    let created = match what {
        Ny::Namnd {
            namn,
            forkortning,
            organisation,
        } => crate::scaffold::new_namnd(&sandbox, &namn, &forkortning, organisation.as_deref()),
        Ny::Sammantrade { datum, namnd } => {
            let date = chrono::NaiveDate::parse_from_str(&datum, "%Y-%m-%d").map_err(|_| {
                Error::input(
                    Diagnostic::error(format!("`{datum}` är inget datum"))
                        .tips("skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-12-10"),
                )
            });
            reported(date)
                .and_then(|date| crate::scaffold::new_meeting(&sandbox, date, namnd.as_deref()))
        }
        Ny::Arende {
            rubrik,
            aterrapport: Some(id),
            dnr,
            sammantrade,
            namnd,
            ..
        } => crate::scaffold::new_aterrapport(
            &sandbox,
            &id,
            rubrik.as_deref(),
            dnr.as_deref(),
            sammantrade.as_deref(),
            namnd.as_deref(),
            today,
        ),
        Ny::Arende {
            rubrik,
            aterrapport: None,
            dnr,
            sammantrade,
            namnd,
            ..
        } => crate::scaffold::new_arende(
            &sandbox,
            rubrik.as_deref().unwrap_or_default(),
            dnr.as_deref(),
            sammantrade.as_deref(),
            namnd.as_deref(),
            today,
            None,
        ),
        Ny::Protokoll { mapp } => crate::scaffold::new_protokoll(&sandbox, mapp.as_deref(), today),
    };
    let path = reported(created)?;
    println!("Skrev {}", shown(&path));
    println!("Fyll i de tomma fälten; `kallelse kontrollera` visar vad som återstår.");
    Ok(())
}

/// `kallelse schema`: the JSON Schemas, printed or written to `schema/`.
pub(super) fn schema(kind: Option<crate::schema::FileKind>) -> Result<(), Error> {
    match kind {
        Some(kind) => {
            print!("{}", crate::schema::schema_text(kind));
            Ok(())
        }
        None => {
            let sandbox = reported(crate::load::Sandbox::discover(Path::new(".")))?;
            crate::scaffold::write_schemas(sandbox.root())?;
            for kind in crate::schema::FileKind::ALL {
                println!(
                    "Skrev {}",
                    shown(&sandbox.root().join("schema").join(kind.schema_file()))
                );
            }
            println!(
                "Börja YAML-filerna med raden `# yaml-language-server: $schema=<sökväg till schemat>` (som `kallelse ny` gör), så fyller redigeraren i och kontrollerar nycklarna."
            );
            Ok(())
        }
    }
}
