//! Publish stage, the guard: nothing personal is published. After every
//! public file has been made and before anything is moved into place, the
//! text a reader of each file reads ([`reader`]) is searched for
//! personnummer and samordningsnummer, read as a reader reads them (see
//! [`crate::personnummer`]). A number that is not allowed stops the whole
//! publishing run; nothing is replaced.
//!
//! The guard reads what is published, not what was written, so a number
//! is caught however it was spelled or wherever it came from (a template,
//! a YAML escape, Markdown markup), and a number in text that is never
//! published (a secret paragraph, a masked passage, a comment) does not
//! stop anything. Each finding is reported at its place in the sources
//! when the source scan ([`locate`]) finds it there, else at the public
//! file, its page and the ärende or paragraph it belongs to.

pub mod locate;
pub mod reader;

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::Path;

use crate::error::{Diagnostic, Kind, Location};
use crate::personnummer::Hit;

pub use self::locate::Sources;
use self::reader::{Place, Segment};

/// A file about to be published.
pub struct Published<'a> {
    /// Its name as the user sees it: `webb/kallelse.pdf`.
    pub name: String,
    /// Its name relative to the folder it is published in (to find the
    /// source it is a copy of).
    pub file: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// What each range of pages of a PDF is: "ärende 3, Bidrag till …".
    pub owners: &'a [(RangeInclusive<usize>, String)],
    /// The laid-out document of a PDF typst made here.
    pub document: Option<&'a typst_layout::PagedDocument>,
}

/// One number found in a published file.
struct Finding<'a> {
    hit: Hit,
    file: &'a Published<'a>,
    /// The page of a PDF.
    page: Option<usize>,
    /// What the place belongs to, in words: "ärende 3, Bidrag …",
    /// "under rubriken «…»", "agendaItem[2].name".
    context: String,
}

/// How to mend a finding, the same everywhere.
const TIPS: &str = "ta bort numret, maskera det (`<maskerad lagrum=\"OSL 26 kap. 1 §\">…</maskerad>`) eller sätt `publiceras: false` på handlingen; är det inte ett personnummer, lägg det under `tillåtna_nummer:` med `nummer:` och `skäl:`";

/// Checks files about to be published; every finding is an error of kind
/// [`Kind::Personnummer`]. A PDF bilaga whose text cannot be read is a
/// warning (it is published as it came).
pub fn check(root: &Path, files: &[Published], sources: &Sources) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // By the number's ten digits, so each number is reported once.
    let mut findings: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    for (file, read) in files.iter().zip(read_all(files)) {
        let Some(segments) = read else {
            problems.push(unreadable(file, sources));
            continue;
        };
        for segment in &segments {
            for hit in crate::personnummer::find(&segment.text) {
                if sources.meeting_allowed.contains(&hit.digits)
                    || sources.copy_allows(file.file, &hit.digits)
                {
                    continue;
                }
                let (page, context) = place(file, segment, &hit);
                let context = crate::personnummer::mask_all(&context);
                findings
                    .entry(hit.digits.clone())
                    .or_default()
                    .push(Finding {
                        hit,
                        file,
                        page,
                        context,
                    });
            }
        }
    }
    for (digits, found) in findings {
        let occurrences = sources.locate(root, &digits);
        if !occurrences.is_empty() && occurrences.iter().all(|o| o.allowed) {
            continue;
        }
        problems.extend(report(&found, &occurrences, sources));
    }
    problems
}

/// The readable text of every file, read on all cores (a long PDF
/// alone takes tens of milliseconds), in the files' order.
fn read_all(files: &[Published]) -> Vec<Option<Vec<Segment>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut read: Vec<(usize, Option<Vec<Segment>>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(file) = files.get(index) else { break };
                        done.push((index, reader::read(file.file, file.bytes, file.document)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    // A file whose reader failed altogether counts as unreadable.
    let mut in_order: Vec<Option<Vec<Segment>>> = vec![None; files.len()];
    for (index, segments) in read.drain(..) {
        in_order[index] = segments;
    }
    in_order
}

/// Where in its file a hit is: its page (PDF) and what it belongs to.
fn place(file: &Published, segment: &Segment, hit: &Hit) -> (Option<usize>, String) {
    let mark = segment
        .marks
        .iter()
        .rev()
        .find(|(at, _)| *at <= hit.range.start)
        .map(|(_, mark)| mark.as_str());
    match &segment.place {
        Place::Page(page) => {
            let owner = file
                .owners
                .iter()
                .find(|(pages, _)| pages.contains(page))
                .map(|(_, owner)| owner.clone())
                .unwrap_or_default();
            (Some(*page), owner)
        }
        Place::PdfStrings => (
            None,
            "i bokmärken, alternativtexter, länkar eller metadata".into(),
        ),
        Place::Json(path) => match mark {
            Some(name) => (None, format!("{path} i «{name}»")),
            None => (None, path.clone()),
        },
        Place::Text | Place::Attribute | Place::File => match mark {
            Some(heading) => (None, format!("under rubriken «{heading}»")),
            None => (None, String::new()),
        },
    }
}

/// The files a number would be published in, each with its pages and
/// what they belong to: "webb/kallelse.pdf (sida 3 och 5, ärende 1, …)".
fn published_in(found: &[Finding]) -> String {
    let mut files: Vec<(&str, Vec<usize>, Vec<&str>)> = Vec::new();
    for finding in found {
        let index = match files
            .iter()
            .position(|(name, ..)| *name == finding.file.name)
        {
            Some(index) => index,
            None => {
                files.push((&finding.file.name, Vec::new(), Vec::new()));
                files.len() - 1
            }
        };
        let (_, pages, contexts) = &mut files[index];
        if let Some(page) = finding.page
            && !pages.contains(&page)
        {
            pages.push(page);
        }
        if !finding.context.is_empty() && !contexts.contains(&finding.context.as_str()) {
            contexts.push(&finding.context);
        }
    }
    let described: Vec<String> = files
        .into_iter()
        .map(|(name, mut pages, contexts)| {
            pages.sort_unstable();
            let mut parts = Vec::new();
            if !pages.is_empty() {
                let numbers: Vec<String> = pages.iter().map(usize::to_string).collect();
                parts.push(format!("sida {}", join(&numbers)));
            }
            parts.extend(contexts.into_iter().map(str::to_owned));
            if parts.is_empty() {
                name.to_owned()
            } else {
                format!("{name} ({})", parts.join(", "))
            }
        })
        .collect();
    join(&described)
}

/// The diagnostics of one number: at its places in the sources, else at
/// the public files.
fn report(
    found: &[Finding],
    occurrences: &[locate::Occurrence],
    sources: &Sources,
) -> Vec<Diagnostic> {
    let first = &found[0];
    let hit = &first.hit;
    let where_published = published_in(found);
    let blocked: Vec<&locate::Occurrence> = occurrences.iter().filter(|o| !o.allowed).collect();
    if !blocked.is_empty() {
        return blocked
            .iter()
            .map(|occurrence| {
                Diagnostic::error(format!(
                    "här står {} ({}), som skulle publiceras i {where_published}; det får inte publiceras på webben",
                    hit.kind(),
                    hit.masked()
                ))
                .at(occurrence.location.clone())
                .tips(TIPS)
                .kind(Kind::Personnummer)
            })
            .collect();
    }
    // A copy of a PDF bilaga: the bilaga's page.
    if let Some(source) = sources.copy_of(first.file.file) {
        let page = first
            .page
            .map(|page| format!("på sida {page} "))
            .unwrap_or_default();
        return vec![
            Diagnostic::error(format!(
                "{page}står {} ({}); det får inte publiceras på webben",
                hit.kind(),
                hit.masked()
            ))
            .at(Location::file(source))
            .tips("be avsändaren om en version utan numret, eller sätt `publiceras: false` på bilagan; är det inte ett personnummer, lägg det under `tillåtna_nummer:` med `nummer:` och `skäl:`")
            .kind(Kind::Personnummer),
        ];
    }
    vec![
        Diagnostic::error(format!(
            "{where_published} skulle publicera {} ({}); numret står inte så i någon källfil, utan blir läsbart först i det publicerade (genom formatering, tecken som inte syns eller en mall)",
            hit.kind(),
            hit.masked()
        ))
        .tips(TIPS)
        .kind(Kind::Personnummer),
    ]
}

/// "a", "a och b", "a, b och c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// A published PDF whose text cannot be read: a PDF bilaga is published
/// as it came, with a warning; a file the tool made is an error.
fn unreadable(file: &Published, sources: &Sources) -> Diagnostic {
    match sources.copy_of(file.file) {
        Some(source) => Diagnostic::warning(
            "texten i PDF-bilagan kan inte läsas, så den kan inte sökas igenom efter personnummer",
        )
        .at(Location::file(source))
        .tips("kontrollera själv att bilagan inte innehåller personnummer innan den publiceras"),
        None => Diagnostic::error(format!(
            "texten i {} kan inte läsas, så den kan inte sökas igenom efter personnummer",
            file.name
        ))
        .tips("det här är ett fel i verktyget; rapportera det gärna")
        .kind(Kind::Personnummer),
    }
}
