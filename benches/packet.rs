//! Benchmark of whole packets: `cargo bench --bench packet`.
//!
//! Generates three projects (referens, 50 and 200 beslutsärenden) under
//! `<target>/bench-projects/`, checks them with `kallelse kontrollera`, and
//! measures the release binary as separate processes: a cold build (no
//! output) and a rebuild after one word of one ärende changed, each with one
//! warm-up run and `KALLELSE_BENCH_RUNS` (default 5) measured runs, median
//! wall time and peak RSS of the child; and the rebuild in `kallelse bevaka`
//! (from saving the ärende to the new packet written). It also times typst's own compile
//! and PDF export of the same generated source in this process, and prints
//! a Markdown table.
//!
//! The `webbplats` case generates an archive of 400 meetings (eight nämnder,
//! ten meetings a year for five years, a protokoll for every past meeting)
//! and measures `kallelse webbplats` on it: cold, with nothing changed, and
//! after one word of one ärende changed ([`packet_support::webbplats`]).
//!
//! The `jamforelse` case times, on the same text, `kallelse bygg` against
//! pandoc with xelatex and LibreOffice: the example meeting of the
//! repository and the `referens` packet, flattened into one Markdown file
//! through the library ([`packet_support::peers`]); a peer that is not
//! installed is skipped.
//!
//! `KALLELSE_BENCH=referens,50,200,webbplats,jamforelse` selects cases
//! (default: all);
//! `KALLELSE_BENCH_AR=N` gives the archive N years (80 meetings each,
//! default 5).

mod packet_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kallelse::{build, compile, export, load, render, validate};
use packet_support::measure::{self, Run};
use packet_support::peers::{self, PeerReport};
use packet_support::project::{self, CASES, Case};
use packet_support::webbplats::{self, SiteRow};

/// Pages of the PDF bilaga made with kallelse itself.
const PDF_BILAGA_PAGES: usize = 66;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and
    // then the (long) benchmark is skipped.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("packet: körs bara med `cargo bench --bench packet`");
        return;
    }
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_kallelse"));
    let target_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("binären ligger i <target>/<profil>/");
    let base = target_dir.join("bench-projects");
    std::fs::create_dir_all(&base).expect("skapa bench-projects");
    let runs: usize = match std::env::var("KALLELSE_BENCH_RUNS") {
        Ok(v) => v
            .trim()
            .parse()
            .ok()
            .filter(|&n| n >= 1)
            .expect("KALLELSE_BENCH_RUNS ska vara ett heltal ≥ 1"),
        Err(_) => 5,
    };
    let Selection { cases, site, peers } = selected_cases();

    let mut rows = Vec::new();
    let pdf = (!cases.is_empty() || peers).then(|| {
        eprintln!("Skapar PDF-bilagan ({PDF_BILAGA_PAGES} sidor) med kallelse själv …");
        make_pdf_bilaga(&exe, &base)
    });
    if let Some(pdf) = &pdf {
        for case in &cases {
            rows.push(bench_case(&exe, &base, case, pdf, runs));
        }
    }
    let site_row: Option<SiteRow> = site.then(|| webbplats::bench_site(&exe, &base, runs));
    let peer_report: Option<PeerReport> = pdf.as_deref().filter(|_| peers).map(|pdf| {
        let referens = CASES
            .iter()
            .find(|c| c.name == "referens")
            .expect("fallet referens");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        peers::bench_peers(&exe, &base, repo, referens, pdf, runs)
    });

    println!();
    println!("{}", machine());
    println!(
        "Kommando: `CARGO_TARGET_DIR={} cargo bench --bench packet`",
        target_dir.display()
    );
    println!(
        "Körningar: 1 uppvärmning + {runs} mätta per mått (KALLELSE_BENCH_RUNS); fall: {} (KALLELSE_BENCH)",
        cases
            .iter()
            .map(|c| c.name)
            .chain(site.then_some("webbplats"))
            .chain(peers.then_some("jamforelse"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("Binär: {}", exe.display());
    let mut result = String::new();
    if !rows.is_empty() {
        result.push_str(&table(&rows));
    }
    if let Some(row) = &site_row {
        if !result.is_empty() {
            result.push('\n');
        }
        result.push_str(&webbplats::table(row));
    }
    if let Some(report) = &peer_report {
        if !result.is_empty() {
            result.push('\n');
        }
        result.push_str(&peers::table(report, &machine()));
    }
    println!();
    println!("{result}");
    for row in &rows {
        println!("{}", row.notes);
    }
    if let Some(row) = &site_row {
        println!("{}", row.notes);
    }
    if let Some(report) = &peer_report {
        println!(
            "- jamforelse: hela fallet tog {:.1} s",
            report.total.as_secs_f64()
        );
    }
    let _ = std::fs::write(base.join("resultat.md"), &result);
}

/// The cases `KALLELSE_BENCH` names.
struct Selection {
    /// The packet cases.
    cases: Vec<Case>,
    /// The site case (`webbplats`).
    site: bool,
    /// The comparison with pandoc and LibreOffice (`jamforelse`).
    peers: bool,
}

/// The cases named in `KALLELSE_BENCH` (comma-separated), or all.
fn selected_cases() -> Selection {
    let Ok(list) = std::env::var("KALLELSE_BENCH") else {
        return Selection {
            cases: CASES.to_vec(),
            site: true,
            peers: true,
        };
    };
    let mut out = Vec::new();
    let mut site = false;
    let mut peers = false;
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if name == "webbplats" {
            site = true;
            continue;
        }
        if name == "jamforelse" {
            peers = true;
            continue;
        }
        let case = CASES
            .iter()
            .find(|c| c.name == name || c.name.split('-').next() == Some(name))
            .unwrap_or_else(|| {
                panic!(
                    "okänt fall `{name}` i KALLELSE_BENCH; välj bland {}, webbplats, jamforelse",
                    CASES.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                )
            });
        out.push(case.clone());
    }
    assert!(
        site || peers || !out.is_empty(),
        "KALLELSE_BENCH valde inget fall"
    );
    Selection {
        cases: out,
        site,
        peers,
    }
}

fn content(project: &Path) -> String {
    project.join("content").display().to_string()
}

fn output_dir(project: &Path) -> PathBuf {
    project.join("output")
}

fn remove_output(project: &Path) {
    let out = output_dir(project);
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
}

fn built_pdf(project: &Path) -> PathBuf {
    output_dir(project)
        .join(project::NAMND)
        .join(project::DATUM)
        .join("kallelse.pdf")
}

/// Builds small projects with a growing long bilaga until the packet has
/// exactly [`PDF_BILAGA_PAGES`] pages, and returns a copy of that PDF.
fn make_pdf_bilaga(exe: &Path, base: &Path) -> PathBuf {
    let root = base.join("pdf-kalla");
    let scratch = base.join("logg");
    let target = PDF_BILAGA_PAGES;
    let mut below: Option<(usize, usize)> = None;
    let mut above: Option<(usize, usize)> = None;
    let mut n = 150;
    for _ in 0..30 {
        project::write_pdf_source_project(&root, n);
        let run = measure::run_ok(exe, &["bygg", &content(&root)], &root, &scratch);
        let pages = run.pages().expect("sidantal i utdata");
        if pages == target {
            let pdf = base.join(format!("granskningsrapport-{target}.pdf"));
            std::fs::copy(built_pdf(&root), &pdf).expect("kopiera PDF-bilagan");
            eprintln!("  {n} stycken gav {pages} sidor");
            return pdf;
        }
        if pages < target {
            below = Some((n, pages));
        } else {
            above = Some((n, pages));
        }
        n = match (below, above) {
            (Some((lo, _)), Some((hi, _))) if hi - lo <= 1 => {
                panic!("PDF-bilagan: {lo} stycken ger för få sidor och {hi} för många")
            }
            (Some((lo, pl)), Some((hi, ph))) => {
                let guess = lo + (hi - lo) * (target - pl) / (ph - pl).max(1);
                guess.clamp(lo + 1, hi - 1)
            }
            _ => {
                let estimate = n * target / pages.max(1);
                if pages < target {
                    estimate.max(n + 1)
                } else {
                    estimate.min(n - 1)
                }
            }
        };
    }
    panic!("PDF-bilagan fick aldrig {target} sidor");
}

struct Row {
    case: &'static str,
    pages: usize,
    cold: Duration,
    cold_rss: u64,
    rebuild: Duration,
    rebuild_rss: u64,
    watch: WatchRebuild,
    typst: Duration,
    notes: String,
}

fn bench_case(exe: &Path, base: &Path, case: &Case, pdf: &Path, runs: usize) -> Row {
    let root = base.join(case.name);
    let scratch = base.join("logg");
    let dir = content(&root);
    eprintln!("\n== {} ==", case.name);
    project::write_project(&root, case, pdf);

    let check = measure::run(exe, &["kontrollera", &dir], &root, &scratch);
    let summary = check.stderr.lines().last().unwrap_or("").trim().to_owned();
    assert!(
        check.code == 0,
        "kontrollera hittade fel i {}:\n{}",
        case.name,
        check.stderr
    );
    if !summary.starts_with("Inga fel") {
        eprintln!("{}", check.stderr);
    }
    eprintln!("  kontrollera: {summary}");

    let mut pages = 0;
    let mut cold = Vec::new();
    let mut cold_rss = 0;
    for r in 0..=runs {
        remove_output(&root);
        let run = measure::run_ok(exe, &["bygg", &dir], &root, &scratch);
        pages = run.pages().expect("sidantal i utdata");
        report("kallt", r, &run);
        if r > 0 {
            cold.push(run.wall);
            cold_rss = cold_rss.max(run.peak_rss);
        }
    }

    let mut rebuild = Vec::new();
    let mut rebuild_rss = 0;
    for r in 0..=runs {
        project::edit_one_word(&root, r + 2);
        let run = measure::run_ok(exe, &["bygg", &dir], &root, &scratch);
        report("ombygge", r, &run);
        if r > 0 {
            rebuild.push(run.wall);
            rebuild_rss = rebuild_rss.max(run.peak_rss);
        }
    }

    let watch = watch_rebuild(exe, &root, &dir, runs);

    remove_output(&root);
    measure::run_ok(exe, &["bygg", "--spara-typst", &dir], &root, &scratch);
    let typ_path = built_pdf(&root).with_file_name("kallelse.typ");
    let typ = std::fs::read_to_string(&typ_path)
        .unwrap_or_else(|e| panic!("{}: {e}", typ_path.display()));
    let (typst, stages) = typst_alone(&root, typ, runs, pages);

    Row {
        case: case.name,
        pages,
        cold: measure::median(&cold),
        cold_rss,
        rebuild: measure::median(&rebuild),
        rebuild_rss,
        watch,
        typst,
        notes: format!("- {}: {stages}; kontrollera: {summary}", case.name),
    }
}

/// The rebuild in `kallelse bevaka`, where the sekreterare works on the day
/// the packet goes out: the time from saving the ärende to the status line
/// of the new packet (debounce included), the build time the status line
/// itself reports, and the watcher's peak RSS over all rounds.
struct WatchRebuild {
    saved_to_written: Duration,
    build: Duration,
    peak_rss: u64,
}

fn watch_rebuild(exe: &Path, root: &Path, dir: &str, runs: usize) -> WatchRebuild {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::sync::mpsc;

    let mut child = Command::new(exe)
        .args(["bevaka", dir])
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("kallelse bevaka startar");
    let (tx, lines) = mpsc::channel::<(Instant, String)>();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send((Instant::now(), line));
        }
    });
    let built = |lines: &mpsc::Receiver<(Instant, String)>| loop {
        let (at, line) = lines
            .recv_timeout(Duration::from_secs(120))
            .expect("bevaka byggde inte inom två minuter");
        assert!(!line.contains("byggdes inte"), "{line}");
        if line.contains("Byggde") {
            return (at, line);
        }
    };
    built(&lines);
    let mut saved_to_written = Vec::new();
    let mut builds = Vec::new();
    for r in 0..=runs {
        // Let the previous round settle before the next save.
        std::thread::sleep(Duration::from_millis(500));
        let saved = Instant::now();
        project::edit_one_word(root, 1000 + r);
        let (at, line) = built(&lines);
        // "[14:02:31] Byggde … (173 sidor, 0,15 s)"
        let seconds: f64 = line
            .rsplit_once(", ")
            .and_then(|(_, s)| s.trim_end_matches(')').strip_suffix(" s"))
            .and_then(|s| s.replace(',', ".").parse().ok())
            .unwrap_or_else(|| panic!("ingen byggtid i {line:?}"));
        eprintln!(
            "  bevaka {}: {:.3} s från sparad fil till skriven PDF, bygget {seconds:.3} s",
            if r == 0 {
                "uppvärmning".to_owned()
            } else {
                format!("#{r}")
            },
            at.duration_since(saved).as_secs_f64()
        );
        if r > 0 {
            saved_to_written.push(at.duration_since(saved));
            builds.push(Duration::from_secs_f64(seconds));
        }
    }
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped; the pointers are valid.
    unsafe {
        libc::kill(pid, libc::SIGTERM);
        libc::wait4(pid, &mut status, 0, &mut usage);
    }
    std::mem::forget(child);
    WatchRebuild {
        saved_to_written: measure::median(&saved_to_written),
        build: measure::median(&builds),
        peak_rss: usage.ru_maxrss as u64 * 1024,
    }
}

fn report(what: &str, round: usize, run: &Run) {
    eprintln!(
        "  {what} {}: {:.3} s, {:.0} MB",
        if round == 0 {
            "uppvärmning".to_owned()
        } else {
            format!("#{round}")
        },
        run.wall.as_secs_f64(),
        mb(run.peak_rss)
    );
}

/// typst alone: compile + PDF export of the saved `kallelse.typ` as one
/// document, in this process, with typst's memoization cache emptied before
/// every run. Returns the median and a line with the time of every stage of
/// the last run.
fn typst_alone(root: &Path, typ: String, runs: usize, pages: usize) -> (Duration, String) {
    let fail = |what: &str, e: &dyn std::fmt::Debug| -> ! { panic!("{what}: {e:?}") };
    // The world needs the rendered packet's other sources (the house style);
    // its main source is replaced by the saved one.
    let t0 = Instant::now();
    let (sandbox, meetings) = build::resolve_meetings(Some(root.join("content").as_path()))
        .unwrap_or_else(|e| fail("hitta sammanträdet", &e));
    let loaded = load::load_meeting(&sandbox, &meetings[0]).unwrap_or_else(|e| fail("läsa in", &e));
    let packet = validate::validate(loaded)
        .unwrap_or_else(|e| fail("kontrollera", &e))
        .packet;
    let t1 = Instant::now();
    let mut rendered = render::render(sandbox.root(), &packet, render::Variant::Full)
        .unwrap_or_else(|e| fail("mallarna", &e));
    let t2 = Instant::now();
    let main = rendered.main.clone();
    let source = rendered
        .sources
        .iter_mut()
        .find(|s| s.name == main)
        .expect("huvudkällan");
    let mut notes = String::new();
    if source.text != typ {
        notes.push_str(" (obs: sparad kallelse.typ skilde sig från en ny rendering)");
    }
    source.text = typ;
    let today = chrono::NaiveDate::parse_from_str(project::DATUM, "%Y-%m-%d").expect("datum");

    let mut times = Vec::new();
    let mut stages = String::new();
    for r in 0..=runs {
        let w0 = Instant::now();
        let world = compile::PacketWorld::new(&sandbox, &rendered, today)
            .unwrap_or_else(|e| fail("typst-världen", &e));
        typst::comemo::evict(0);
        let start = Instant::now();
        let (document, _warnings) =
            compile::compile(&world).unwrap_or_else(|e| fail("kompilera", &e));
        let compiled = Instant::now();
        let bytes = export::pdf(
            &document,
            "kallelse/bench",
            None,
            export::Conformance::Plain,
        )
        .unwrap_or_else(|e| fail("PDF-export", &e));
        let end = Instant::now();
        assert!(!bytes.is_empty());
        eprintln!(
            "  typst ensam {}: {:.3} s (kompilering {:.3} s, export {:.3} s)",
            if r == 0 {
                "uppvärmning".to_owned()
            } else {
                format!("#{r}")
            },
            (end - start).as_secs_f64(),
            (compiled - start).as_secs_f64(),
            (end - compiled).as_secs_f64()
        );
        if r > 0 {
            times.push(end - start);
        }
        if r == runs {
            let typst_pages = document.pages().len();
            if typst_pages != pages {
                notes.push_str(&format!(
                    " (obs: typst ensam gav {typst_pages} sidor, bygget {pages})"
                ));
            }
            stages = format!(
                "steg i processen (sista körningen): läsa in + kontrollera {:.3} s, mallar (hela paketet) {:.3} s, typst-värld {:.3} s, kompilering {:.3} s, PDF-export {:.3} s{notes}",
                (t1 - t0).as_secs_f64(),
                (t2 - t1).as_secs_f64(),
                (start - w0).as_secs_f64(),
                (compiled - start).as_secs_f64(),
                (end - compiled).as_secs_f64(),
            );
        }
    }
    typst::comemo::evict(0);
    (measure::median(&times), stages)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| fall | kallt bygge, median (s) | kallt, topp-RSS (MB) | ombygge ny process, median (s) | ombygge ny process, topp-RSS (MB) | ombygge i bevaka: sparad → skriven, median (s) | därav bygget (s) | bevaka, topp-RSS (MB) | typst ensam, median (s) | kvot kallt/typst | sidor |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for r in rows {
        out.push_str(&format!(
            "| {} | {:.2} | {:.0} | {:.3} | {:.0} | {:.3} | {:.3} | {:.0} | {:.2} | {:.2} | {} |\n",
            r.case,
            r.cold.as_secs_f64(),
            mb(r.cold_rss),
            r.rebuild.as_secs_f64(),
            mb(r.rebuild_rss),
            r.watch.saved_to_written.as_secs_f64(),
            r.watch.build.as_secs_f64(),
            mb(r.watch.peak_rss),
            r.typst.as_secs_f64(),
            r.cold.as_secs_f64() / r.typst.as_secs_f64(),
            r.pages
        ));
    }
    out
}

/// nproc, CPU model and RAM of this machine.
fn machine() -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
        .map(|(_, m)| m.trim().to_owned())
        .unwrap_or_else(|| "okänd".to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram_kib: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    format!(
        "Maskin: {cores} kärnor (nproc), {model}, {:.1} GiB RAM",
        ram_kib as f64 / 1024.0 / 1024.0
    )
}
