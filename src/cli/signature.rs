//! The command line of digital justering: `justera` signs the protokoll
//! as one of those who must, and `verifiera` prints what the signatures
//! of a protokoll hold, in Swedish.

use std::path::{Path, PathBuf};

use super::reported;
use crate::build;
use crate::error::shown;
use crate::error::{Diagnostic, Error};
use crate::meeting::Meeting;
use crate::signature::verify::{Coverage, Report};
use crate::signature::{self, JusteraOptions, keys, service};

/// The one meeting a folder names.
fn one_meeting(folder: &Path) -> Result<Meeting, Error> {
    let (sandbox, meetings) = reported(build::resolve_meetings(Some(folder)))?;
    let [dir] = meetings.as_slice() else {
        return reported(Err(Error::input(
            Diagnostic::error(format!(
                "{} innehåller flera sammanträden",
                folder.display()
            ))
            .tips("ange sammanträdets mapp, t.ex. content/socialnamnden/2026-11-12"),
        )));
    };
    reported(Meeting::load(&sandbox, dir))
}

/// How `kallelse justera` signs: with a PKCS#12 file, or through a
/// signing service in two steps; with a timestamp or without.
#[derive(Debug, clap::Args)]
pub struct How {
    /// PKCS#12-fil (.p12 eller .pfx) med nyckel och certifikat. Lösenordet läses från
    /// miljövariabeln KALLELSE_LOSENORD, annars frågas efter det (utan att det syns).
    #[arg(long = "certifikat", value_name = "FIL")]
    pub certifikat: Option<PathBuf>,
    /// För en underskriftstjänst: skriv det som ska skrivas under (signerade attribut i DER
    /// och deras SHA-256) i stället för att skriva under; kräver --certifikat-pem.
    #[arg(long = "förbered", alias = "forbered")]
    pub forbered: bool,
    /// Undertecknarens certifikat (PEM, gärna med kedjan) när en underskriftstjänst skriver under.
    #[arg(long = "certifikat-pem", value_name = "FIL")]
    pub certifikat_pem: Option<PathBuf>,
    /// Lägg in signaturvärdet som underskriftstjänsten gav för det förberedda underlaget.
    #[arg(long = "signaturvärde", alias = "signaturvarde", value_name = "FIL")]
    pub signaturvarde: Option<PathBuf>,
    /// Tidsstämpla underskriften hos en tidsstämpeltjänst (RFC 3161) på ADRESS (PAdES B-T).
    #[arg(long = "tidsstampel", alias = "tidsstämpel", value_name = "ADRESS")]
    pub tidsstampel: Option<String>,
}

fn missing_flag(flag: &str, hint: &str) -> Error {
    Error::input(Diagnostic::error(format!("{flag} saknas")).tips(hint.to_owned()))
}

/// `kallelse justera`.
pub fn justera(
    folder: &Path,
    namn: String,
    how: How,
    output: Option<PathBuf>,
) -> Result<(), Error> {
    let meeting = one_meeting(folder)?;
    let done = if let Some(varde) = &how.signaturvarde {
        reported(service::med_signaturvarde(
            &meeting,
            &namn,
            varde,
            output.as_deref(),
            how.tidsstampel.as_deref(),
        ))?
    } else if how.forbered {
        let Some(pem) = &how.certifikat_pem else {
            return reported(Err(missing_flag(
                "--certifikat-pem",
                "ange undertecknarens certifikat i PEM, t.ex. `--certifikat-pem karin.pem`",
            )));
        };
        let ready = reported(service::forbered(&meeting, &namn, pem, output.as_deref()))?;
        let digest = std::fs::read_to_string(&ready.sha256).unwrap_or_default();
        println!(
            "Skrev underlaget för underskriftstjänsten: {}",
            shown(&ready.underlag)
        );
        println!("  SHA-256: {}", digest.trim());
        println!(
            "Lägg sedan in signaturvärdet: kallelse justera {} --namn \"{namn}\" --signaturvärde FIL",
            folder.display()
        );
        return Ok(());
    } else {
        let Some(certifikat) = how.certifikat else {
            return reported(Err(missing_flag(
                "--certifikat",
                "ange en PKCS#12-fil med nyckel och certifikat, t.ex. `--certifikat karin.p12`, eller använd en underskriftstjänst med `--förbered`",
            )));
        };
        let losenord = match std::env::var("KALLELSE_LOSENORD") {
            Ok(password) => password,
            Err(_) => rpassword::prompt_password("Lösenord till certifikatet: ")
                .map_err(|e| Error::io("läsa lösenordet", &certifikat, e))?,
        };
        let options = JusteraOptions {
            namn,
            certifikat,
            losenord,
            output: output.clone(),
            tidsstampel: how.tidsstampel.clone(),
        };
        reported(signature::justera(&meeting, &options))?
    };
    crate::error::report(meeting.sandbox.root(), &done.warnings);
    if std::env::var_os(signature::SIGNING_TIME_VARIABLE).is_some() {
        let time = signature::signing_time()
            .map(|utc| {
                crate::calendar::swedish_time(utc)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        crate::error::report(
            meeting.sandbox.root(),
            &[Diagnostic::warning(format!(
                "underskriften är daterad {time} (svensk tid) av {}, inte av klockan",
                signature::SIGNING_TIME_VARIABLE
            ))
            .tips("ta bort variabeln om underskriften görs nu")],
        );
    }
    println!(
        "{} skrev under {} som {}",
        done.signer.0,
        shown(&done.pdf),
        done.signer.1
    );
    if let Some(justering) = &done.justering {
        println!(
            "Alla har skrivit under: protokollet är justerat {}.",
            justering.datum
        );
        // The anslag and the utdrag now count from the justering.
        let options = build::protokoll::ProtokollOptions { output };
        let built = match build::protokoll::build_protokoll(&meeting, &options) {
            Ok(built) => built,
            Err(err) => {
                eprintln!(
                    "Underskriften är gjord, men anslaget och utdragen kunde inte byggas om:"
                );
                return reported(Err(err));
            }
        };
        super::print_protokoll(meeting.sandbox.root(), &built);
    } else if done.missing.is_empty() {
        println!("Alla har skrivit under.");
    } else {
        let left: Vec<String> = done
            .missing
            .iter()
            .map(|(n, role)| format!("{n} ({role})"))
            .collect();
        println!("Kvar att skriva under: {}", left.join(", "));
    }
    Ok(())
}

/// `kallelse verifiera`.
pub fn verifiera(target: &Path, trusted: &[PathBuf], output: Option<PathBuf>) -> Result<(), Error> {
    let mut roots = Vec::new();
    for file in trusted {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io("läsa", file, e))?;
        roots.extend(reported(
            keys::certificates_from_pem(&text).map_err(|r| Error::input(Diagnostic::error(r))),
        )?);
    }
    let is_pdf = target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let (path, meeting) = if is_pdf {
        (target.to_path_buf(), None)
    } else {
        let meeting = one_meeting(target)?;
        (
            signature::protokoll_path(&meeting, output.as_deref()),
            Some(meeting),
        )
    };
    let file = std::fs::read(&path).map_err(|e| Error::io("läsa", &path, e))?;
    let report = signature::verify::verify(&file, meeting.as_ref(), &roots);
    print_report(&path, &report);
    if report.holds() {
        Ok(())
    } else {
        Err(Error::Reported)
    }
}

fn print_report(path: &Path, report: &Report) {
    println!("Underskrifter i {}:", shown(path));
    if report.signatures.is_empty() {
        println!("  inga");
    }
    for (i, s) in report.signatures.iter().enumerate() {
        let coverage = match &s.coverage {
            Coverage::WholeFile => "täcker hela filen".to_owned(),
            Coverage::Revision { n, of } => format!("täcker version {n} av {of}"),
            Coverage::Broken => "täcker ingen version av filen".to_owned(),
        };
        let trust = match s.trusted {
            Some(true) => ", certifikatet är betrott",
            Some(false) => ", certifikatet är INTE betrott",
            None => "",
        };
        println!(
            "  {}. {}: {}, {} – {}, {coverage}{trust}",
            i + 1,
            s.field,
            s.signer,
            pdf_date(&s.time),
            if s.intact { "oförändrad" } else { "BRUTEN" }
        );
        if !s.reason.is_empty() {
            println!("     {}", s.reason);
        }
        if let Some(stamp) = &s.timestamp {
            println!(
                "     tidsstämplad {} av {}{}",
                stamp.time,
                stamp.tsa,
                match stamp.trusted {
                    Some(true) => " (betrodd)",
                    Some(false) => " (INTE betrodd)",
                    None => "",
                }
            );
        }
        for problem in &s.problems {
            println!("     fel: {problem}");
        }
    }
    for change in &report.later_changes {
        println!("fel: {change}");
    }
    if report.later_changes.is_empty() && !report.signatures.is_empty() {
        println!("Inget annat än underskrifter har lagts till efter den första.");
    }
    if !report.missing.is_empty() {
        let left: Vec<String> = report
            .missing
            .iter()
            .map(|(n, r)| format!("{n} ({r})"))
            .collect();
        println!("Har inte skrivit under: {}", left.join(", "));
    }
    match &report.sources {
        Some(Ok(true)) => {
            println!("Det underskrivna protokollet är byte för byte det som källorna bygger i dag.")
        }
        Some(Ok(false)) => {
            println!("fel: det underskrivna protokollet är inte det som källorna bygger i dag")
        }
        Some(Err(reason)) => println!("fel: protokollet kunde inte byggas från källorna: {reason}"),
        None => {}
    }
    println!(
        "{}",
        if report.holds() {
            "Underskrifterna håller."
        } else {
            "Underskrifterna håller INTE."
        }
    );
}

/// A PDF date, `D:20261120093000Z`, as "2026-11-20 09:30:00 UTC".
fn pdf_date(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 14 {
        return text.to_owned();
    }
    format!(
        "{}-{}-{} {}:{}:{} UTC",
        &digits[0..4],
        &digits[4..6],
        &digits[6..8],
        &digits[8..10],
        &digits[10..12],
        &digits[12..14]
    )
}
