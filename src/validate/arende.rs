//! Stage 2, validate: the beslutsärenden. Each ärende file is checked
//! (rubrik, diarienummer, tjänsteskrivelse, barnrättsprövning, förslag
//! till beslut, bilagor) and becomes an [`Arende`] with its number, its §
//! and the list of its handlingar; the ärenden together are checked for
//! two files with one number and for duplicates.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::attachments::{check_bilaga, check_forteckning};
use super::checker::{Checker, location, markdown_text, person};
use super::types::{Arende, Barnrattsprovning, Bilaga, BilagaTyp, Handling, Tjansteskrivelse};
use crate::conventions;
use crate::error::{Diagnostic, Location};
use crate::load::LoadedArende;
use crate::model::{self, ArendeFile, JaNej};

/// What every ärende of a meeting is checked against.
pub(super) struct Context<'a> {
    /// The meeting folder (absolute), where bilagor are found.
    pub meeting_dir: &'a Path,
    /// The meeting folder relative to the project root, with `/`.
    pub virtual_dir: &'a str,
    /// The meeting day.
    pub meeting_date: NaiveDate,
    /// The nämnd's name, the tjänsteskrivelse's default recipient.
    pub namnd_namn: &'a str,
}

/// Checks the ärenden of a meeting, in file order; `paragraf` gives the §
/// of the n-th beslutsärende.
pub(super) fn check_all(
    checker: &mut Checker,
    arenden: &[LoadedArende],
    context: &Context,
    paragraf: impl Fn(usize) -> Option<u32>,
) -> Vec<Arende> {
    let mut views = Vec::with_capacity(arenden.len());
    let mut previous_prefix: Option<(u32, PathBuf)> = None;
    for (index, loaded) in arenden.iter().enumerate() {
        let file = &loaded.file.path;
        if let Some((prefix, other)) = &previous_prefix
            && *prefix == loaded.prefix
        {
            checker.problems.push(
                Diagnostic::error(format!(
                    "två ärenden har numret {prefix}: {} och {}",
                    other.display(),
                    file.display()
                ))
                .at(Location::file(file))
                .tips("ge varje ärendefil ett eget nummer i början av filnamnet"),
            );
        }
        previous_prefix = Some((loaded.prefix, file.clone()));
        views.push(check(
            checker,
            context,
            index + 1,
            paragraf(index),
            file,
            &loaded.file.value,
        ));
    }
    duplicates(checker, arenden);
    views
}

/// Warns for an ärende with the diarienummer and rubrik of an earlier one.
fn duplicates(checker: &mut Checker, arenden: &[LoadedArende]) {
    for (index, later) in arenden.iter().enumerate() {
        let same = |other: &&LoadedArende| {
            other.file.value.diarienummer.value.trim() == later.file.value.diarienummer.value.trim()
                && other.file.value.rubrik.value.trim() == later.file.value.rubrik.value.trim()
        };
        if let Some(first) = arenden[..index].iter().find(same) {
            checker.problems.push(
                Diagnostic::warning(format!(
                    "ärendet har samma diarienummer och rubrik som {}",
                    first.file.path.display()
                ))
                .at(location(&later.file.path, &later.file.value.rubrik))
                .tips("ta bort dubbletten eller ge ärendet en egen rubrik"),
            );
        }
    }
}

/// One ärende: checked, numbered and ready for the templates.
fn check(
    checker: &mut Checker,
    context: &Context,
    nummer: usize,
    paragraf: Option<u32>,
    file: &Path,
    a: &ArendeFile,
) -> Arende {
    heading(checker, context, file, a);
    let tjansteskrivelse = a
        .tjansteskrivelse
        .as_ref()
        .map(|t| tjansteskrivelse(checker, context, file, t));
    required_parts(checker, file, a, tjansteskrivelse.is_some());
    let bilagor = bilagor(checker, context, file, a, nummer);
    let planpunkter = super::plan::planpunkter(checker, file, a, &bilagor);
    let aterrapporterar = super::plan::hanvisningar(checker, file, a);
    let forteckning = a
        .forteckning
        .as_ref()
        .and_then(|f| check_forteckning(checker, file, f, context.meeting_dir));
    let handlingar = handlingar(
        a,
        tjansteskrivelse.is_some(),
        &bilagor,
        forteckning.as_ref().map(|f| f.titel.as_str()),
    );
    Arende {
        nummer,
        id: format!("arende-{nummer}"),
        paragraf,
        rubrik: a.rubrik.value.trim().to_owned(),
        diarienummer: a.diarienummer.value.trim().to_owned(),
        tjansteskrivelse,
        sammanfattning: markdown_text(&a.sammanfattning),
        bakgrund: markdown_text(&a.bakgrund),
        forslag: markdown_text(&a.forslag),
        barnrattsprovning: a.barnrattsprovning.as_ref().map(|b| Barnrattsprovning {
            beror_barn: b.beror_barn == JaNej::Ja,
            motivering: b.motivering.value.trim().to_owned(),
            svar_i_motiveringen: opens_with_answer(&b.motivering.value),
        }),
        att_satser: conventions::punctuate_att_satser(
            &a.forslag_till_beslut
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>(),
        ),
        beslutet_skickas_till: a
            .beslutet_skickas_till
            .iter()
            .map(|s| s.trim().to_owned())
            .collect(),
        bilagor,
        forteckning,
        handlingar,
        publiceras: a.publiceras,
        kalla: file.to_path_buf(),
        tillatna_nummer: checker.allowed_numbers(file, &a.tillatna_nummer),
        planpunkter,
        aterrapporterar,
    }
}

/// The rubrik, the diarienummer and the Markdown texts.
fn heading(checker: &mut Checker, context: &Context, file: &Path, a: &ArendeFile) {
    if a.rubrik.value.trim().is_empty() {
        checker.error_at(
            file,
            &a.rubrik,
            "rubriken är tom".into(),
            "fyll i ärendets rubrik",
        );
    }
    if a.diarienummer.value.trim().is_empty() {
        checker.error_at(
            file,
            &a.diarienummer,
            "diarienumret är tomt".into(),
            "fyll i diarienumret, t.ex. SN26/45",
        );
    }
    checker.case_number(file, &a.diarienummer, false);
    for field in [&a.sammanfattning, &a.bakgrund, &a.forslag]
        .into_iter()
        .flatten()
    {
        checker.markdown(file, field, context.virtual_dir);
    }
    if let Some(b) = &a.barnrattsprovning {
        checker.markdown(file, &b.motivering, context.virtual_dir);
    }
}

/// The tjänsteskrivelse's dates and handläggare.
fn tjansteskrivelse(
    checker: &mut Checker,
    context: &Context,
    file: &Path,
    t: &model::TjansteskrivelseEntry,
) -> Tjansteskrivelse {
    if t.datum.value.0 > context.meeting_date {
        checker.error_at(
            file,
            &t.datum,
            format!(
                "tjänsteskrivelsen är daterad {} efter sammanträdet",
                t.datum.value
            ),
            "rätta datumet",
        );
    }
    if let Some(godkand) = &t.godkand
        && godkand.value < t.datum.value
    {
        checker.error_at(
            file,
            godkand,
            format!(
                "godkänd {} ligger före tjänsteskrivelsens datum {}",
                godkand.value, t.datum.value
            ),
            "rätta datumet",
        );
    }
    if t.handlaggare.namn.trim().is_empty() {
        checker.problems.push(
            Diagnostic::error("handläggarens namn är tomt")
                .at(location(file, &t.datum))
                .tips("fyll i `handläggare: { namn: … }`"),
        );
    }
    Tjansteskrivelse {
        datum: t.datum.value.to_string(),
        avsandare: t.avsandare.trim().to_owned(),
        handlaggare: person(&t.handlaggare),
        godkand: t
            .godkand
            .as_ref()
            .map(|g| g.value.to_string())
            .unwrap_or_default(),
        mottagare: t
            .mottagare
            .as_deref()
            .map(str::trim)
            .unwrap_or(context.namnd_namn)
            .to_owned(),
    }
}

/// What a tjänsteskrivelse must have (bakgrund or sammanfattning, a
/// motivated barnrättsprövning) and the förslag till beslut every ärende
/// must have.
fn required_parts(checker: &mut Checker, file: &Path, a: &ArendeFile, tjansteskrivelse: bool) {
    if tjansteskrivelse {
        if a.bakgrund.is_none() && a.sammanfattning.is_none() {
            checker.error_at(
                file,
                &a.rubrik,
                "ärendet saknar både `bakgrund` och `sammanfattning`".into(),
                "skriv ärendets bakgrund under nyckeln `bakgrund: |`",
            );
        }
        if a.barnrattsprovning.is_none() {
            checker.error_at(
                file,
                &a.rubrik,
                "barnrättsprövning saknas".into(),
                "lägg till `barnrättsprövning:` med `berör_barn: ja` eller `nej` och en `motivering`",
            );
        }
    }
    if let Some(b) = &a.barnrattsprovning
        && b.motivering.value.trim().is_empty()
    {
        checker.error_at(
            file,
            &b.motivering,
            "barnrättsprövningen saknar motivering".into(),
            "motivera bedömningen, även när svaret är nej",
        );
    }
    if a.forslag_till_beslut.is_empty() {
        checker.error_at(
            file,
            &a.rubrik,
            "förslag till beslut saknas".into(),
            "lägg till `förslag_till_beslut:` med minst en rad `- att …`",
        );
    }
    checker.att_satser(file, &a.forslag_till_beslut);
    for sats in &a.forslag_till_beslut {
        if a.bilagor.is_empty() && sats.value.to_lowercase().contains("enligt bilaga") {
            checker.problems.push(
                Diagnostic::warning(
                    "förslaget till beslut hänvisar till en bilaga, men ärendet har inga bilagor",
                )
                .at(location(file, sats))
                .tips("lägg till bilagan under `bilagor:` eller ta bort hänvisningen"),
            );
        }
    }
}

/// The bilagor that could be read; a PDF bilaga gets its file name in the
/// web version.
fn bilagor(
    checker: &mut Checker,
    context: &Context,
    file: &Path,
    a: &ArendeFile,
    nummer: usize,
) -> Vec<Bilaga> {
    let mut bilagor = Vec::new();
    for (i, b) in a.bilagor.iter().enumerate() {
        if let Some(mut bilaga) = check_bilaga(checker, i + 1, file, b, context.meeting_dir) {
            if bilaga.typ == BilagaTyp::Pdf {
                let stem = Path::new(&bilaga.fil)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("bilaga");
                bilaga.webbfil = conventions::bilaga_file(nummer, bilaga.nummer, stem);
            }
            bilagor.push(bilaga);
        }
    }
    bilagor
}

/// The handlingar of the ärendelista: the tjänsteskrivelse, the bilagor
/// and the förteckning, each published only when the ärende is.
fn handlingar(
    a: &ArendeFile,
    tjansteskrivelse: bool,
    bilagor: &[Bilaga],
    forteckning: Option<&str>,
) -> Vec<Handling> {
    let handling = |titel: &str, publiceras: bool| Handling {
        titel: titel.to_owned(),
        publiceras: publiceras && a.publiceras,
    };
    let mut handlingar = Vec::new();
    if tjansteskrivelse {
        handlingar.push(handling("Tjänsteskrivelse", true));
    }
    handlingar.extend(bilagor.iter().map(|b| handling(&b.titel, b.publiceras)));
    if let Some(titel) = forteckning {
        handlingar.push(handling(titel, true));
    }
    handlingar
}

/// Whether a text opens with the word "ja" or "nej".
fn opens_with_answer(text: &str) -> bool {
    let first: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    first == "ja" || first == "nej"
}
