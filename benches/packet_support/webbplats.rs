//! The `webbplats` case of the benchmark: `kallelse webbplats` on a
//! generated archive of 400 meetings ([`archive`]; `KALLELSE_BENCH_AR`
//! years of 80 meetings, default 5), cold, with nothing changed, and after
//! one word of one ärende changed; every run a process of its own,
//! measured with [`measure`].

use std::path::Path;
use std::time::Duration;

use super::archive::{self, Archive};
use super::measure::{self, Run};

/// A cold build that takes longer than this is measured once.
const ONE_COLD_RUN_ABOVE: Duration = Duration::from_secs(30);

/// The measured numbers of the case.
pub struct SiteRow {
    /// The archive's years (`KALLELSE_BENCH_AR`).
    pub years: u32,
    pub archive: Archive,
    /// Median of `cold_runs` cold builds.
    pub cold: Duration,
    pub cold_runs: usize,
    pub cold_rss: u64,
    /// Median of the no-op rebuilds, and their highest peak RSS.
    pub noop: Duration,
    pub noop_rss: u64,
    /// Median of the rebuilds after one word changed, and their highest
    /// peak RSS.
    pub one: Duration,
    pub one_rss: u64,
    /// Files and bytes of `output/webbplats/` after the cold build.
    pub site_files: usize,
    pub site_bytes: u64,
    /// Of them, the meetings' PDFs.
    pub site_pdfs: usize,
    /// The pages, calendars, feeds and data files of the site's own, from
    /// the command's summary.
    pub own_files: usize,
    pub runs: usize,
    pub notes: String,
}

/// `N` in "… (N sammanträden byggda, M oförändrade, P utan kallelse ännu;
/// F sidor, …)".
fn counts(run: &Run) -> (usize, usize, usize, usize) {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Skrev webbplatsen"))
        .unwrap_or_else(|| panic!("ingen rad \"Skrev webbplatsen\" i {:?}", run.stdout));
    let inner = line.rsplit_once('(').map(|(_, s)| s).unwrap_or("");
    let number = |suffix: &str| -> usize {
        inner
            .split([',', ';'])
            .map(str::trim)
            .find_map(|part| part.strip_suffix(suffix)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("\"{suffix}\" saknas i {line:?}"))
    };
    // "… ; 29 sidor, kalendrar, flöden och datafiler)"
    let own = inner
        .split(';')
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("antalet sidor saknas i {line:?}"));
    (
        number("sammanträden byggda"),
        number("oförändrade"),
        number("utan kallelse ännu"),
        own,
    )
}

fn report(what: &str, round: Option<usize>, run: &Run) {
    eprintln!(
        "  {what} {}: {:.3} s, {:.0} MB",
        match round {
            Some(r) => format!("#{r}"),
            None => "uppvärmning".to_owned(),
        },
        run.wall.as_secs_f64(),
        run.peak_rss as f64 / 1e6
    );
}

/// Files, PDFs and bytes under `dir`.
fn size(dir: &Path) -> (usize, usize, u64) {
    let mut files = 0;
    let mut pdfs = 0;
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        files += 1;
        if entry.path().extension().is_some_and(|e| e == "pdf") {
            pdfs += 1;
        }
        bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
    }
    (files, pdfs, bytes)
}

/// The archive's years: `KALLELSE_BENCH_AR`, else [`archive::DEFAULT_YEARS`].
fn years() -> u32 {
    match std::env::var("KALLELSE_BENCH_AR") {
        Ok(v) => v
            .trim()
            .parse()
            .ok()
            .filter(|&n| (1..=40).contains(&n))
            .expect("KALLELSE_BENCH_AR ska vara ett heltal 1–40"),
        Err(_) => archive::DEFAULT_YEARS,
    }
}

pub fn bench_site(exe: &Path, base: &Path, runs: usize) -> SiteRow {
    let root = base.join("webbplats-arkiv");
    let scratch = base.join("logg");
    let project = root.display().to_string();
    let content = root.join("content").display().to_string();
    let years = years();
    eprintln!("\n== webbplats ({years} år) ==");
    let archive = archive::write_archive(&root, years);
    eprintln!("  arkivet: {archive}");

    let check = measure::run(exe, &["kontrollera", &content], &root, &scratch);
    let summary = check.stderr.lines().last().unwrap_or("").trim().to_owned();
    assert!(
        check.code == 0,
        "kontrollera hittade fel i arkivet:\n{}",
        check.stderr
    );
    if !summary.starts_with("Inga fel") {
        eprintln!("{}", check.stderr);
    }
    eprintln!("  kontrollera: {summary}");

    let args = ["webbplats", project.as_str(), "--datum", archive::DATUM];
    let output = root.join("output");
    let site = output.join("webbplats");
    let meetings = archive.meetings;

    // (a) Cold: no output, no cache.
    let mut cold = Vec::new();
    let mut cold_rss = 0;
    let mut own_files;
    let mut warnings = String::new();
    loop {
        if output.exists() {
            std::fs::remove_dir_all(&output)
                .unwrap_or_else(|e| panic!("{}: {e}", output.display()));
        }
        let run = measure::run_ok(exe, &args, &root, &scratch);
        let (built, reused, planned, own) = counts(&run);
        assert_eq!(
            (built, reused, planned),
            (meetings, 0, 0),
            "kallt bygge: {}",
            run.stdout
        );
        own_files = own;
        if warnings.is_empty() && !run.stderr.trim().is_empty() {
            warnings = run.stderr.lines().last().unwrap_or("").trim().to_owned();
            eprintln!("{}", run.stderr);
        }
        report("kallt", Some(cold.len() + 1), &run);
        cold.push(run.wall);
        cold_rss = cold_rss.max(run.peak_rss);
        if run.wall > ONE_COLD_RUN_ABOVE || cold.len() > runs {
            break;
        }
    }
    // A cold build quicker than the limit: the first run was the warm-up.
    if cold.len() > 1 {
        cold.remove(0);
    }
    let (site_files, site_pdfs, site_bytes) = size(&site);

    // (b) Nothing changed.
    let mut noop = Vec::new();
    let mut noop_rss = 0;
    for r in 0..=runs {
        let run = measure::run_ok(exe, &args, &root, &scratch);
        let (built, reused, _, _) = counts(&run);
        assert_eq!((built, reused), (0, meetings), "oförändrat: {}", run.stdout);
        report("oförändrat", (r > 0).then_some(r), &run);
        if r > 0 {
            noop.push(run.wall);
            noop_rss = noop_rss.max(run.peak_rss);
        }
    }

    // (c) One word of one ärende changed.
    let mut one = Vec::new();
    let mut one_rss = 0;
    for r in 0..=runs {
        archive::edit_one_word(&root, r + 2);
        let run = measure::run_ok(exe, &args, &root, &scratch);
        let (built, reused, _, _) = counts(&run);
        assert!(
            run.stdout.contains("(1 sammanträden byggda,"),
            "ett ärende ändrat: {}",
            run.stdout
        );
        assert_eq!((built, reused), (1, meetings - 1));
        report("ett ärende ändrat", (r > 0).then_some(r), &run);
        if r > 0 {
            one.push(run.wall);
            one_rss = one_rss.max(run.peak_rss);
        }
    }

    SiteRow {
        years,
        cold_runs: cold.len(),
        cold: measure::median(&cold),
        cold_rss,
        noop: measure::median(&noop),
        noop_rss,
        one: measure::median(&one),
        one_rss,
        site_files,
        site_bytes,
        site_pdfs,
        own_files,
        runs,
        notes: format!(
            "- webbplats: {years} år, {archive} i content/ och webbplats.yaml; ändrat ärende: content/{}/arenden/{}; kontrollera: {summary}{}",
            archive::edited_meeting(),
            archive::edited_arende(&root)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            if warnings.is_empty() {
                String::new()
            } else {
                format!("; webbplats: {warnings}")
            }
        ),
        archive,
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

pub fn table(row: &SiteRow) -> String {
    let mut out = String::from(
        "| fall | sammanträden | kallt bygge (s) | kallt, topp-RSS (MB) | oförändrat, median (s) | oförändrat, topp-RSS (MB) | ett ärende ändrat, median (s) | ett ärende ändrat, topp-RSS (MB) | filer på webbplatsen (därav PDF) | webbplatsens storlek (MB) |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    out.push_str(&format!(
        "| webbplats, {} år | {} | {:.1}{} | {:.0} | {:.3} | {:.0} | {:.3} | {:.0} | {} ({}) | {:.1} |\n",
        row.years,
        row.archive.meetings,
        row.cold.as_secs_f64(),
        if row.cold_runs == 1 {
            " (1 körning)".to_owned()
        } else {
            format!(" (median av {})", row.cold_runs)
        },
        mb(row.cold_rss),
        row.noop.as_secs_f64(),
        mb(row.noop_rss),
        row.one.as_secs_f64(),
        mb(row.one_rss),
        row.site_files,
        row.site_pdfs,
        mb(row.site_bytes),
    ));
    out.push_str(&format!(
        "\nOförändrat och ett ärende ändrat: 1 uppvärmning + {} mätta körningar. Webbplatsens egna filer (sidor, kalendrar, flöden, data): {}.\n",
        row.runs, row.own_files
    ));
    out
}
