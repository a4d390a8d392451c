//! Stage 2, validate: checks what was loaded and turns it into a [`Packet`],
//! the complete, numbered description of the documents to render. Every
//! convention that can be computed (numbering, § numbers, att-sats
//! punctuation, the genitive, dates in words) is computed here, once, so the
//! protokollsförslag and the tjänsteskrivelse cannot differ. The protokoll
//! is checked in [`protokoll`].
//!
//! Split by what is checked: the meeting ([`meeting`]: nämnd, sammanträde,
//! § numbering, listed ärenden), the beslutsärenden ([`arende`]), their
//! bilagor ([`attachments`]) and texts ([`texts`]), diarienummer
//! ([`case_numbers`]), maskning ([`masks`]); each check writes to one
//! [`checker::Checker`]; the types handed on are in [`types`].

mod arende;
mod attachments;
mod case_numbers;
mod checker;
mod masks;
mod meeting;
mod plan;
pub mod protokoll;
mod texts;
mod types;

pub use attachments::pdf_page_count;
pub use case_numbers::case_number_problem;
pub(crate) use meeting::genitive_of;
pub(crate) use meeting::members;
pub use plan::{named_days, plan_of_draft};
pub use types::*;

use std::path::{Path, PathBuf};

use checker::Checker;

use crate::error::{Diagnostic, Location, Result};
use crate::load::LoadedMeeting;

/// Checks a loaded meeting and computes its packet.
pub fn validate(meeting: LoadedMeeting) -> Result<Validated> {
    let LoadedMeeting {
        sandbox,
        dir,
        virtual_dir,
        namnd_folder,
        meeting_folder,
        namnd,
        sammantrade,
        arenden,
        previous_protokoll,
        unrecorded,
    } = meeting;
    let mut checker = Checker::new(&sandbox, None);
    checker.cases = case_numbers::for_namnd(&mut checker, &namnd);
    let s = &sammantrade.value;
    let meeting_date = s.datum.value.0;
    let namnd_view = meeting::namnd(&namnd.value);
    let sammantrade_view = meeting::sammantrade(&mut checker, &sammantrade);

    let forsta_paragraf = meeting::first_paragraph(
        &mut checker,
        &sammantrade,
        previous_protokoll.as_ref(),
        &unrecorded,
    );
    let paragraf = |index: usize| forsta_paragraf.map(|first| first + index as u32);
    let (sekretessarenden, informationsarenden) =
        meeting::listed(&mut checker, &sammantrade, paragraf);
    if arenden.is_empty() && s.informationsarenden.is_empty() && s.sekretessarenden.is_empty() {
        checker.problems.push(
            Diagnostic::error("sammanträdet har inga ärenden")
                .at(Location::file(&sammantrade.path))
                .tips("lägg ärendefiler i mappen arenden/, t.ex. arenden/01-budget.yaml"),
        );
    }
    let beslut_offset = s.sekretessarenden.len() + s.informationsarenden.len();
    let context = arende::Context {
        meeting_dir: &dir,
        virtual_dir: &virtual_dir,
        meeting_date,
        namnd_namn: &namnd_view.namn,
    };
    let views = arende::check_all(&mut checker, &arenden, &context, |index| {
        paragraf(beslut_offset + index)
    });

    let tillatna_nummer = checker.allowed_numbers(&sammantrade.path, &s.tillatna_nummer);
    let sources = [namnd.path.as_path(), sammantrade.path.as_path()]
        .into_iter()
        .chain(views.iter().flat_map(arende_sources));
    let masked = masks::check_files(sandbox.root(), sources);
    checker.problems.extend(masked);
    let warnings = checker.finish()?;

    let n = &namnd.value;
    let facts = Facts {
        kallor: vec![namnd.path.clone(), sammantrade.path.clone()],
        tillatna_nummer,
        output_dir: PathBuf::from(namnd_folder).join(meeting_folder),
        forsta_paragraf,
        previous_protokoll,
        unrecorded,
        forsta_paragraf_given: s.forsta_paragraf.is_some(),
        members: meeting::members(&namnd.path, n),
        sekretess_lagrum: n
            .sekretess_lagrum
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned),
        diarienummer_monster: n.diarienummer_monster.as_ref().map(|p| p.value.clone()),
        meeting_date,
        meeting_dir: dir,
        virtual_dir,
    };
    let packet = Packet {
        utelamnat: views
            .iter()
            .any(|a| !a.publiceras || a.bilagor.iter().any(|b| !b.publiceras)),
        titel: format!(
            "Kallelse till {} sammanträde {}",
            namnd_view.genitiv, sammantrade_view.datum
        ),
        namnd: namnd_view,
        sammantrade: sammantrade_view,
        sekretessarenden,
        informationsarenden,
        arenden: views,
    };
    Ok(Validated {
        packet,
        facts,
        warnings,
    })
}

/// The files an ärende's text comes from: its YAML file, its Markdown
/// bilagor and its förteckning's list.
fn arende_sources(a: &Arende) -> impl Iterator<Item = &Path> {
    let bilagor = a
        .bilagor
        .iter()
        .filter(|b| b.typ == BilagaTyp::Markdown)
        .map(|b| Path::new(&b.fil));
    let lista = a.forteckning.as_ref().and_then(|f| f.fil.as_deref());
    std::iter::once(a.kalla.as_path())
        .chain(bilagor)
        .chain(lista)
}
