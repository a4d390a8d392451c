//! The `jamforelse` case of the benchmark: the same meeting as one PDF made
//! by `kallelse bygg`, by pandoc with xelatex, and by LibreOffice.
//!
//! For each meeting the packet is loaded and validated through the library
//! (as `typst_alone` in `packet.rs` does) and flattened, in code, into one
//! Markdown file with the packet's text ([`flatten`]): the meeting facts, the
//! ärendelista, and for every beslutsärende its protokollsförslag, its
//! tjänsteskrivelse, its Markdown bilagor (headings demoted by two levels,
//! footnote labels made unique per bilaga) and its förteckning as a pipe
//! table. PDF bilagor cannot go into Markdown: they are left out and their
//! pages counted, so that the time per page compares the pages each tool
//! typesets itself.
//!
//! The tools run alternating (kallelse, pandoc, soffice, kallelse, …), one
//! warm-up round and `runs` measured rounds, each run a process of its own
//! measured with [`measure::run`] (wall time and peak RSS); a tool that is
//! not installed is skipped with a line saying so.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use kallelse::validate::{Arende, Bilaga, BilagaTyp, Forteckning, Packet};
use kallelse::{build, load, mask, validate};
use pulldown_cmark::{Event, Options, Parser, Tag};

use super::measure::{self, Run};
use super::project::{self, Case};

/// The example meeting of the repository.
const EXEMPEL_MOTE: &str = "socialnamnden/2026-12-10";

/// The peers: who they are, what they need installed, and the command as
/// it is run (in the case's work folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Kallelse,
    Pandoc,
    Soffice,
}

impl Tool {
    const ALL: [Tool; 3] = [Tool::Kallelse, Tool::Pandoc, Tool::Soffice];

    fn label(self) -> &'static str {
        match self {
            Tool::Kallelse => "kallelse bygg",
            Tool::Pandoc => "pandoc + xelatex",
            Tool::Soffice => "LibreOffice (soffice)",
        }
    }
}

/// The median of one tool on one case.
struct Measured {
    tool: Tool,
    /// Pages of its PDF.
    pages: usize,
    wall: Duration,
    /// Highest peak RSS over the measured runs.
    rss: u64,
}

/// One case: a meeting, its flattened text and the tools' medians.
pub struct PeerCase {
    name: String,
    /// The meeting folder, relative to the project root.
    meeting: String,
    /// The project root (where `kallelse bygg` runs) and the work folder
    /// of the peers.
    root: PathBuf,
    work: PathBuf,
    /// Pages of the tool's PDF that are PDF bilagor (embedded, not typeset).
    pdf_pages: usize,
    pdf_bilagor: usize,
    /// Bytes of `flat.md`.
    flat_bytes: usize,
    /// Image references in Markdown bilagor rewritten to absolute paths.
    images: usize,
    measured: Vec<Measured>,
    /// Peers that failed on this case, with why.
    failed: Vec<String>,
    /// xelatex's "Missing character" warnings in the last pandoc run.
    missing_chars: usize,
}

/// Everything the case measured.
pub struct PeerReport {
    cases: Vec<PeerCase>,
    /// Lines about tools that are not installed.
    missing: Vec<String>,
    /// The tools' versions (first line of `--version`).
    versions: Vec<String>,
    runs: usize,
    /// The `-env:UserInstallation=…` argument given to soffice.
    profile_arg: String,
    /// The whole case, setup included.
    pub total: Duration,
}

/// `which name`: the program's path, if installed.
fn which(name: &str) -> Option<PathBuf> {
    let out = Command::new("which").arg(name).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (!path.is_empty()).then(|| PathBuf::from(path))
}

/// The first line of `program args…` (a version), or `?`.
fn first_line(program: &Path, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "?".to_owned())
}

/// Pages of a PDF, read with lopdf.
fn pdf_pages(path: &Path) -> usize {
    lopdf::Document::load(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .get_pages()
        .len()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// The installed peers.
struct Programs {
    pandoc: Option<PathBuf>,
    /// pandoc and xelatex both installed.
    pandoc_pdf: bool,
    soffice: Option<PathBuf>,
}

fn programs(missing: &mut Vec<String>) -> Programs {
    let pandoc = which("pandoc");
    let xelatex = which("xelatex");
    let soffice = which("soffice");
    let mut note = |what: &str| {
        eprintln!("  {what}");
        missing.push(what.to_owned());
    };
    if pandoc.is_none() {
        note(
            "pandoc saknas (hittades inte med `which pandoc`): pandoc + xelatex och LibreOffice (som får sin ODT av pandoc) hoppas över",
        );
    }
    if xelatex.is_none() {
        note("xelatex saknas (hittades inte med `which xelatex`): pandoc + xelatex hoppas över");
    }
    if soffice.is_none() {
        note("soffice saknas (hittades inte med `which soffice`): LibreOffice hoppas över");
    }
    Programs {
        pandoc_pdf: pandoc.is_some() && xelatex.is_some(),
        soffice: soffice.filter(|_| pandoc.is_some()),
        pandoc,
    }
}

/// Runs the `jamforelse` case: the example meeting of the repository
/// (`repo/content` copied under `base`) and the `referens` project, written
/// with `pdf_bilaga` as its PDF bilaga.
pub fn bench_peers(
    exe: &Path,
    base: &Path,
    repo: &Path,
    referens: &Case,
    pdf_bilaga: &Path,
    runs: usize,
) -> PeerReport {
    let start = Instant::now();
    eprintln!("\n== jamforelse ==");
    let mut missing = Vec::new();
    let programs = programs(&mut missing);
    let scratch = base.join("logg");

    // A throwaway LibreOffice profile, created by one untimed run first.
    let profile = tempfile::Builder::new()
        .prefix("kallelse-jamforelse-soffice-")
        .tempdir_in("/tmp")
        .expect("en tillfällig LibreOffice-profil");
    let profile_arg = format!("-env:UserInstallation=file://{}", profile.path().display());

    let mut versions = vec![format!(
        "kallelse {} (release-binären)",
        env!("CARGO_PKG_VERSION")
    )];
    if let Some(p) = &programs.pandoc {
        versions.push(first_line(p, &["--version"]));
    }
    if programs.pandoc_pdf
        && let Some(x) = which("xelatex")
    {
        versions.push(first_line(&x, &["--version"]));
    }

    // The example: the repository's content/, copied so output goes there.
    let exempel = base.join("jamforelse-exempel");
    if exempel.exists() {
        std::fs::remove_dir_all(&exempel).unwrap_or_else(|e| panic!("{}: {e}", exempel.display()));
    }
    copy_dir(&repo.join("content"), &exempel.join("content"));
    let exempel_meeting = exempel.join("content").join(EXEMPEL_MOTE);

    // The referens project, generated as `bench_case` does, in a folder of
    // its own (the packet case edits its copy).
    let ref_root = base.join(format!("jamforelse-{}", referens.name));
    project::write_project(&ref_root, referens, pdf_bilaga);
    let ref_meeting = project::meeting_dir(&ref_root);

    let mut soffice_ready = false;
    let mut cases = Vec::new();
    for (name, root, meeting) in [
        ("exempel".to_owned(), exempel, exempel_meeting),
        (referens.name.to_owned(), ref_root, ref_meeting),
    ] {
        eprintln!("\n  -- {name} --");
        let work = base.join("jamforelse").join(&name);
        if work.exists() {
            std::fs::remove_dir_all(&work).unwrap_or_else(|e| panic!("{}: {e}", work.display()));
        }
        std::fs::create_dir_all(&work).unwrap_or_else(|e| panic!("{}: {e}", work.display()));
        let flat = flatten(&meeting);
        project::write(&work.join("flat.md"), &flat.markdown);
        eprintln!(
            "  flat.md: {} byte, {} PDF-bilagor ({} sidor) utelämnade, {} bildsökvägar omskrivna",
            flat.markdown.len(),
            flat.pdf_bilagor,
            flat.pdf_pages,
            flat.images
        );

        let mut tools = vec![Tool::Kallelse];
        let mut failed = Vec::new();
        if programs.pandoc_pdf {
            tools.push(Tool::Pandoc);
        }
        if let (Some(pandoc), Some(soffice)) = (&programs.pandoc, &programs.soffice) {
            // The ODT, made once and not timed.
            let odt = measure::run(pandoc, &["flat.md", "-o", "flat.odt"], &work, &scratch);
            if odt.code != 0 {
                failed.push(format!(
                    "LibreOffice: `pandoc flat.md -o flat.odt` slutade med kod {}: {}",
                    odt.code,
                    odt.stderr.trim()
                ));
            } else {
                if !soffice_ready {
                    // The first start creates the profile: not timed.
                    let run = soffice_run(soffice, &profile_arg, &work, &scratch);
                    eprintln!(
                        "  LibreOffice, profilen skapas (räknas inte): {:.3} s",
                        run.wall.as_secs_f64()
                    );
                    versions.push(first_line(soffice, &[&profile_arg, "--version"]));
                    soffice_ready = true;
                }
                tools.push(Tool::Soffice);
            }
        }

        let mut walls: Vec<Vec<Duration>> = vec![Vec::new(); Tool::ALL.len()];
        let mut rss = [0u64; 3];
        let mut pages = [0usize; 3];
        let mut missing_chars = 0;
        for r in 0..=runs {
            let mut i = 0;
            while i < tools.len() {
                let tool = tools[i];
                let slot = tool as usize;
                let (run, pdf) = match tool {
                    Tool::Kallelse => {
                        let out = root.join("output");
                        if out.exists() {
                            std::fs::remove_dir_all(&out)
                                .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
                        }
                        let dir = meeting.display().to_string();
                        let run = measure::run_ok(exe, &["bygg", &dir], &root, &scratch);
                        (run, None)
                    }
                    Tool::Pandoc => {
                        let pdf = work.join("flat-pandoc.pdf");
                        let _ = std::fs::remove_file(&pdf);
                        let pandoc = programs.pandoc.as_deref().expect("pandoc");
                        let run = measure::run(pandoc, &pandoc_args(), &work, &scratch);
                        missing_chars = run.stderr.matches("Missing character").count();
                        (run, Some(pdf))
                    }
                    Tool::Soffice => {
                        let outdir = work.join("soffice");
                        let _ = std::fs::remove_dir_all(&outdir);
                        let soffice = programs.soffice.as_deref().expect("soffice");
                        let run = soffice_run(soffice, &profile_arg, &work, &scratch);
                        (run, Some(outdir.join("flat.pdf")))
                    }
                };
                let ok = run.code == 0 && pdf.as_ref().is_none_or(|p| p.is_file());
                if !ok {
                    let why = format!(
                        "{} slutade med kod {} i {name} (runda {r}): {}",
                        tool.label(),
                        run.code,
                        tail(&run.stderr, 15)
                    );
                    eprintln!("  {why}");
                    failed.push(why);
                    tools.remove(i);
                    continue;
                }
                pages[slot] = match &pdf {
                    Some(p) => pdf_pages(p),
                    None => run.pages().expect("sidantal i utdata"),
                };
                report(tool, r, &run, pages[slot]);
                if r > 0 {
                    walls[slot].push(run.wall);
                    rss[slot] = rss[slot].max(run.peak_rss);
                }
                i += 1;
            }
        }
        let measured = tools
            .iter()
            .map(|&tool| Measured {
                tool,
                pages: pages[tool as usize],
                wall: measure::median(&walls[tool as usize]),
                rss: rss[tool as usize],
            })
            .collect();
        cases.push(PeerCase {
            name,
            meeting: meeting
                .strip_prefix(&root)
                .unwrap_or(&meeting)
                .display()
                .to_string(),
            root: root.clone(),
            work: work.clone(),
            pdf_pages: flat.pdf_pages,
            pdf_bilagor: flat.pdf_bilagor,
            flat_bytes: flat.markdown.len(),
            images: flat.images,
            measured,
            failed,
            missing_chars,
        });
    }
    let total = start.elapsed();
    eprintln!("  jamforelse tog {:.1} s", total.as_secs_f64());
    PeerReport {
        cases,
        missing,
        versions,
        runs,
        profile_arg,
        total,
    }
}

fn pandoc_args() -> [&'static str; 8] {
    [
        "flat.md",
        "-o",
        "flat-pandoc.pdf",
        "--pdf-engine=xelatex",
        "-V",
        "lang=sv",
        "-V",
        "geometry:a4paper,margin=2.5cm",
    ]
}

fn soffice_run(soffice: &Path, profile_arg: &str, work: &Path, scratch: &Path) -> Run {
    measure::run(
        soffice,
        &[
            profile_arg,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            "soffice",
            "flat.odt",
        ],
        work,
        scratch,
    )
}

/// The last `n` lines of a text.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn report(tool: Tool, round: usize, run: &Run, pages: usize) {
    eprintln!(
        "  {} {}: {:.3} s, {:.0} MB, {pages} sidor",
        tool.label(),
        if round == 0 {
            "uppvärmning".to_owned()
        } else {
            format!("#{round}")
        },
        run.wall.as_secs_f64(),
        mb(run.peak_rss)
    );
}

/// Copies the folder `from` to `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        let rel = entry.path().strip_prefix(from).expect("under mappen");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)
                .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        }
    }
}

/// A packet flattened into one Markdown file.
struct Flat {
    markdown: String,
    /// PDF bilagor left out, and their pages.
    pdf_bilagor: usize,
    pdf_pages: usize,
    /// Image references rewritten to absolute paths.
    images: usize,
}

/// Loads and validates the meeting in `meeting` through the library and
/// writes its packet's text as one Markdown file.
fn flatten(meeting: &Path) -> Flat {
    let fail = |what: &str, e: &dyn std::fmt::Debug| -> ! { panic!("{what}: {e:?}") };
    let (sandbox, meetings) =
        build::resolve_meetings(Some(meeting)).unwrap_or_else(|e| fail("hitta sammanträdet", &e));
    let loaded = load::load_meeting(&sandbox, &meetings[0]).unwrap_or_else(|e| fail("läsa in", &e));
    let packet = validate::validate(loaded)
        .unwrap_or_else(|e| fail("kontrollera", &e))
        .packet;
    let mut flat = Flat {
        markdown: String::new(),
        pdf_bilagor: 0,
        pdf_pages: 0,
        images: 0,
    };
    write_packet(&mut flat, &packet, sandbox.root());
    flat
}

/// Masked passages shown, as in the internal kallelse.
fn text(s: &str) -> String {
    mask::reveal(s).trim().to_owned()
}

fn write_packet(flat: &mut Flat, p: &Packet, root: &Path) {
    let out = &mut flat.markdown;
    let s = &p.sammantrade;
    let _ = writeln!(out, "# {}\n", text(&p.titel));
    let _ = writeln!(
        out,
        "**{}**, {}\n",
        text(&p.namnd.namn),
        text(&p.namnd.organisation)
    );
    let _ = writeln!(out, "- Datum: {}", text(&s.datumrad));
    let _ = writeln!(out, "- Tid: {}", text(&s.tid));
    let _ = writeln!(out, "- Plats: {}", text(&s.plats));
    let _ = writeln!(
        out,
        "- Sammanträdet är {}",
        if s.oppet { "öppet" } else { "inte öppet" }
    );
    if !s.gruppmoten.is_empty() {
        let rooms: Vec<String> = s
            .gruppmoten
            .iter()
            .map(|g| format!("{}: {}", text(&g.grupp), text(&g.lokal)))
            .collect();
        let _ = writeln!(
            out,
            "- Gruppmöten {}: {}",
            text(&s.gruppmoten_tid),
            rooms.join("; ")
        );
    }
    let _ = writeln!(
        out,
        "- Ordförande: {}; sekreterare: {}",
        text(&p.namnd.ordforande.namn),
        text(&p.namnd.sekreterare.namn)
    );
    out.push('\n');

    let _ = writeln!(out, "# Ärendelista\n");
    let paragraf = |n: Option<u32>| n.map(|n| format!("§ {n} ")).unwrap_or_default();
    if !p.informationsarenden.is_empty() {
        let _ = writeln!(out, "## Informationsärenden\n");
        for i in &p.informationsarenden {
            let _ = write!(
                out,
                "{}. {}{}",
                i.nummer,
                paragraf(i.paragraf),
                text(&i.rubrik)
            );
            if !i.diarienummer.is_empty() {
                let _ = write!(out, ", dnr {}", text(&i.diarienummer));
            }
            if !i.foredragande.is_empty() {
                let _ = write!(out, " (föredragande: {})", text(&i.foredragande));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !p.sekretessarenden.is_empty() {
        let _ = writeln!(out, "## Ärenden som omfattas av sekretess\n");
        for i in &p.sekretessarenden {
            let _ = write!(
                out,
                "{}. {}{}, dnr {}",
                i.nummer,
                paragraf(i.paragraf),
                text(&i.rubrik),
                text(&i.diarienummer)
            );
            if !i.handling.is_empty() {
                let _ = write!(out, ", handling {}", text(&i.handling));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Beslutsärenden\n");
    for a in &p.arenden {
        let _ = writeln!(
            out,
            "{}. {}{}, dnr {}",
            a.nummer,
            paragraf(a.paragraf),
            text(&a.rubrik),
            text(&a.diarienummer)
        );
        for h in &a.handlingar {
            let _ = writeln!(out, "    - {}", text(&h.titel));
        }
    }
    out.push('\n');

    for a in &p.arenden {
        write_arende(flat, a, root);
    }
}

fn write_arende(flat: &mut Flat, a: &Arende, root: &Path) {
    let out = &mut flat.markdown;
    let _ = writeln!(out, "# Ärende {}: {}\n", a.nummer, text(&a.rubrik));
    let _ = writeln!(out, "Diarienummer {}\n", text(&a.diarienummer));

    let _ = writeln!(out, "## Förslag till protokoll\n");
    let _ = writeln!(out, "**Beslut**\n");
    att_list(out, &a.att_satser);
    if !a.beslutet_skickas_till.is_empty() {
        let _ = writeln!(out, "**Beslutet skickas till**\n");
        for m in &a.beslutet_skickas_till {
            let _ = writeln!(out, "- {}", text(m));
        }
        out.push('\n');
    }

    match &a.tjansteskrivelse {
        Some(t) => {
            let _ = writeln!(out, "## Tjänsteskrivelse\n");
            let h = &t.handlaggare;
            let mut who = text(&h.namn);
            for extra in [&h.titel, &h.epost, &h.telefon] {
                if !extra.is_empty() {
                    let _ = write!(who, ", {}", text(extra));
                }
            }
            let _ = writeln!(out, "- Datum: {}", text(&t.datum));
            let _ = writeln!(out, "- Från: {}", text(&t.avsandare));
            if !t.mottagare.is_empty() {
                let _ = writeln!(out, "- Till: {}", text(&t.mottagare));
            }
            let _ = writeln!(out, "- Handläggare: {who}");
            if !t.godkand.is_empty() {
                let _ = writeln!(out, "- Godkänd: {}", text(&t.godkand));
            }
            out.push('\n');
        }
        None => {
            let _ = writeln!(out, "## Underlag\n");
        }
    }
    for (rubrik, body) in [
        ("Sammanfattning", &a.sammanfattning),
        ("Bakgrund", &a.bakgrund),
        ("Förslag", &a.forslag),
    ] {
        if !body.trim().is_empty() {
            let _ = writeln!(out, "### {rubrik}\n\n{}\n", text(body));
        }
    }
    if a.tjansteskrivelse.is_some() {
        let _ = writeln!(out, "### Förslag till beslut\n");
        att_list(out, &a.att_satser);
    }
    if let Some(b) = &a.barnrattsprovning {
        let _ = writeln!(out, "### Barnrättsprövning\n");
        if !b.svar_i_motiveringen {
            let _ = writeln!(
                out,
                "Berör barn: {}\n",
                if b.beror_barn { "Ja" } else { "Nej" }
            );
        }
        let _ = writeln!(out, "{}\n", text(&b.motivering));
    }

    for b in &a.bilagor {
        write_bilaga(flat, a, b, root);
    }
    if let Some(f) = &a.forteckning {
        write_forteckning(&mut flat.markdown, f);
    }
}

fn att_list(out: &mut String, satser: &[String]) {
    for s in satser {
        let _ = writeln!(out, "- {}", text(s));
    }
    out.push('\n');
}

fn write_bilaga(flat: &mut Flat, a: &Arende, b: &Bilaga, root: &Path) {
    match b.typ {
        BilagaTyp::Pdf => {
            flat.pdf_bilagor += 1;
            flat.pdf_pages += b.sidor;
        }
        BilagaTyp::Markdown => {
            let _ = writeln!(
                flat.markdown,
                "## Bilaga {}.{}: {}\n",
                a.nummer,
                b.nummer,
                text(&b.titel)
            );
            let key = format!("a{}b{}", a.nummer, b.nummer);
            let (body, images) = demote(&mask::reveal(&b.text), &key, &root.join(&b.bas));
            flat.images += images;
            flat.markdown.push_str(body.trim_end());
            flat.markdown.push_str("\n\n");
        }
    }
}

/// A Markdown bilaga as part of the flat file: headings two levels down
/// (at most level 6), footnote labels prefixed with `key` (every bilaga has
/// its own `[^1]`), relative image paths made absolute against `bas`.
/// Returns the text and the number of image paths rewritten.
fn demote(md: &str, key: &str, bas: &Path) -> (String, usize) {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    // (byte range replaced, replacement), in source order.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut images = 0;
    for (event, range) in Parser::new_ext(md, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let new = (level as usize + 2).min(6);
                let src = &md[range.clone()];
                let indent = src.len() - src.trim_start_matches(' ').len();
                if src[indent..].starts_with('#') {
                    // ATX: replace the run of `#`.
                    let hashes = src[indent..].len() - src[indent..].trim_start_matches('#').len();
                    let at = range.start + indent;
                    edits.push((at..at + hashes, "#".repeat(new)));
                } else {
                    // Setext: the text lines, then the underline.
                    let lines: Vec<&str> = src.trim_end().lines().collect();
                    let title = lines[..lines.len().saturating_sub(1)]
                        .iter()
                        .map(|l| l.trim())
                        .collect::<Vec<_>>()
                        .join(" ");
                    edits.push((range.clone(), format!("{} {title}\n", "#".repeat(new))));
                }
            }
            Event::FootnoteReference(label) => {
                edits.push((range.clone(), format!("[^{key}-{label}]")));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let src = &md[range.clone()];
                let open = format!("[^{label}]");
                if let Some(at) = src.find(&open) {
                    let at = range.start + at;
                    edits.push((at..at + open.len(), format!("[^{key}-{label}]")));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let url = dest_url.to_string();
                if url.contains("://") || url.starts_with('/') || url.is_empty() {
                    continue;
                }
                let src = &md[range.clone()];
                if let Some(at) = src.rfind(&*url) {
                    let absolute = bas.join(&url);
                    let absolute = absolute.canonicalize().unwrap_or(absolute);
                    let at = range.start + at;
                    edits.push((at..at + url.len(), absolute.display().to_string()));
                    images += 1;
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(md.len() + edits.len() * 8);
    let mut done = 0;
    for (range, replacement) in edits {
        if range.start < done {
            // Overlaps an earlier edit (a footnote in a setext heading).
            continue;
        }
        out.push_str(&md[done..range.start]);
        out.push_str(&replacement);
        done = range.end;
    }
    out.push_str(&md[done..]);
    (out, images)
}

/// A table cell: one line, `|` escaped.
fn cell(s: &str) -> String {
    text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn write_forteckning(out: &mut String, f: &Forteckning) {
    let _ = writeln!(out, "## {}\n", text(&f.titel));
    let columns = f
        .kolumner
        .len()
        .max(f.rader.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return;
    }
    let row = |out: &mut String, cells: &mut dyn Iterator<Item = String>| {
        out.push('|');
        for c in cells {
            let _ = write!(out, " {c} |");
        }
        out.push('\n');
    };
    row(
        out,
        &mut (0..columns).map(|i| f.kolumner.get(i).map(|c| cell(c)).unwrap_or_default()),
    );
    row(out, &mut (0..columns).map(|_| "---".to_owned()));
    for r in &f.rader {
        row(
            out,
            &mut (0..columns).map(|i| r.get(i).map(|c| cell(c)).unwrap_or_default()),
        );
    }
    out.push('\n');
}

/// `1,23` (Swedish decimal comma) with `decimals` decimals.
fn sv(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}").replace('.', ",")
}

/// The result table, the commands and the notes, in Markdown.
pub fn table(report: &PeerReport, machine: &str) -> String {
    let mut out = String::from(
        "| fall | verktyg | sidor | median (s) | topp-RSS (MB) | per sida (ms) | helt (× kallelse) | per sida (× kallelse) |\n\
         |---|---|--:|--:|--:|--:|--:|--:|\n",
    );
    for case in &report.cases {
        let Some(tool) = case.measured.iter().find(|m| m.tool == Tool::Kallelse) else {
            continue;
        };
        // Only the pages kallelse typesets itself: the PDF bilagor's pages
        // are embedded, and the peers do not have them.
        let tool_pages = tool.pages.saturating_sub(case.pdf_pages).max(1);
        let tool_per_page = tool.wall.as_secs_f64() / tool_pages as f64;
        for m in &case.measured {
            let secs = m.wall.as_secs_f64();
            let (pages, per_page, whole, ratio) = if m.tool == Tool::Kallelse {
                (
                    if case.pdf_pages > 0 {
                        format!("{} ({} utan PDF-bilagor)", m.pages, tool_pages)
                    } else {
                        m.pages.to_string()
                    },
                    tool_per_page,
                    "1".to_owned(),
                    "1".to_owned(),
                )
            } else {
                let per_page = secs / m.pages.max(1) as f64;
                (
                    m.pages.to_string(),
                    per_page,
                    sv(secs / tool.wall.as_secs_f64(), 1),
                    sv(per_page / tool_per_page, 1),
                )
            };
            let _ = writeln!(
                out,
                "| {} | {} | {pages} | {} | {:.0} | {} | {whole} | {ratio} |",
                case.name,
                m.tool.label(),
                sv(secs, 3),
                mb(m.rss),
                sv(per_page * 1000.0, 1),
            );
        }
    }
    let _ = writeln!(
        out,
        "\n1 uppvärmningsrunda + {} mätta rundor, verktygen växelvis (kallelse, pandoc, soffice, kallelse, …); median av väggklockans tid, högsta topp-RSS (`ru_maxrss` från `wait4`: den största enskilda processen bland verktyget och de underprocesser det väntar in, inte summan). \"helt\" = verktygets tid / kallelses tid; \"per sida\" = verktygets tid per sida / kallelses tid per sida, där kallelses sidor räknas utan PDF-bilagornas (de bäddas in, sätts inte). Sidorna i pandocs och LibreOffices PDF:er är räknade med lopdf.",
        report.runs
    );
    let _ = writeln!(out, "\n{machine}\n\nKommandon:\n");
    for case in &report.cases {
        let _ = writeln!(
            out,
            "- {}, i `{}`: `kallelse bygg {}` (release-binären, `output/` borttagen före varje körning)",
            case.name,
            case.root.display(),
            case.meeting
        );
        let _ = writeln!(
            out,
            "- {}, i `{}`: `pandoc {}`; `pandoc flat.md -o flat.odt` (en gång, räknas inte) och `soffice {} --headless --convert-to pdf --outdir soffice flat.odt`",
            case.name,
            case.work.display(),
            pandoc_args().join(" "),
            report.profile_arg
        );
    }
    let _ = writeln!(
        out,
        "\nLibreOffice får en egen tillfällig profil, som skapas av en första körning som inte räknas. Versioner: {}.\n",
        report.versions.join("; ")
    );
    for case in &report.cases {
        let _ = writeln!(
            out,
            "- {}: `{}`; flat.md {} byte; {} PDF-bilagor ({} sidor) utelämnade ur flat.md (Markdown kan inte bära dem); bilder i Markdown-bilagorna får absoluta sökvägar under projektets rot (här {}){}{}",
            case.name,
            case.meeting,
            case.flat_bytes,
            case.pdf_bilagor,
            case.pdf_pages,
            case.images,
            if case.missing_chars > 0 {
                format!(
                    "; xelatex saknade {} tecken i standardtypsnittet (Latin Modern)",
                    case.missing_chars
                )
            } else {
                String::new()
            },
            if case.failed.is_empty() {
                String::new()
            } else {
                format!("; misslyckades: {}", case.failed.join(" / "))
            }
        );
    }
    for line in &report.missing {
        let _ = writeln!(out, "- {line}");
    }
    let _ = writeln!(
        out,
        "- Hela fallet (kopiering, generering, utplattning och alla körningar): {} s",
        sv(report.total.as_secs_f64(), 1)
    );
    out
}
