//! Authoring: `init`, `ny …`, the JSON Schemas, `status` and `bevaka`, tried
//! as a new user would.

use std::io::{BufRead, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{Project, assert_snapshot, repo};

const KINDS: [(&str, &str); 3] = [
    ("nämnd", "namnd.schema.json"),
    ("sammanträde", "sammantrade.schema.json"),
    ("ärende", "arende.schema.json"),
];

fn validator(schema_file: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("schema").join(schema_file)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// The schema a YAML file of the content tree follows.
fn schema_for(path: &Path) -> &'static str {
    match path.file_name().unwrap().to_str().unwrap() {
        "namnd.yaml" => "namnd.schema.json",
        "sammantrade.yaml" => "sammantrade.schema.json",
        "protokoll.yaml" => "protokoll.schema.json",
        "arshjul.yaml" => "arshjul.schema.json",
        _ => "arende.schema.json",
    }
}

/// Validation errors of a YAML text against a schema file.
fn errors(yaml: &str, schema_file: &str) -> Vec<String> {
    let value: serde_json::Value = serde_saphyr::from_str(yaml).unwrap();
    validator(schema_file)
        .iter_errors(&value)
        .map(|e| format!("{} vid {}", e, e.instance_path()))
        .collect()
}

/// Every YAML file under `dir`.
fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect()
}

#[test]
fn the_repository_schemas_are_what_the_tool_generates() {
    let project = Project::empty();
    for (kind, file) in KINDS {
        let printed = project.run(&["schema", kind]).success().stdout();
        let kept = std::fs::read_to_string(repo().join("schema").join(file)).unwrap();
        assert_eq!(
            printed, kept,
            "schema/{file} är inaktuellt: kör `kallelse schema`"
        );
    }
}

#[test]
fn scaffolded_files_and_the_examples_validate_and_broken_files_do_not() {
    let project = Project::empty();
    project.run(&["init"]).success();
    project
        .run(&[
            "ny",
            "nämnd",
            "Kultur- och fritidsnämnden",
            "--förkortning",
            "KFN",
        ])
        .success();
    project
        .run(&[
            "ny",
            "sammanträde",
            "2027-02-04",
            "--nämnd",
            "kultur-och-fritidsnamnden",
        ])
        .success();
    project
        .run(&[
            "ny",
            "ärende",
            "Bidrag till studieförbund 2027",
            "--dnr",
            "KFN27/3",
            "--nämnd",
            "kultur-och-fritidsnamnden",
        ])
        .success();
    let scaffolded = yaml_files(&project.path().join("content"));
    assert_eq!(scaffolded.len(), 8, "{scaffolded:?}");
    for path in &scaffolded {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            errors(&text, schema_for(path)),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        // The editor line points at the schema the project has.
        let line = text.lines().next().unwrap();
        let relative = line
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: {line}", path.display()));
        let target = path.parent().unwrap().join(relative);
        assert!(
            target.is_file(),
            "{} pekar på {}",
            path.display(),
            target.display()
        );
        assert!(target.ends_with(schema_for(path)));
    }
    for example in [
        repo().join("content"),
        repo().join("tests/fixtures/kultur/content"),
        repo().join("tests/fixtures/protokoll/content"),
        repo().join("tests/fixtures/plan/content"),
    ] {
        for path in yaml_files(&example) {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(
                errors(&text, schema_for(&path)),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
        }
    }
    // Broken files are caught by the schema, as in the editor.
    for (broken, schema) in [
        (
            "rubrik: A\ndiarienummer: B\nförslag_till_beslut: [att x]\nrubirk: C\n",
            "arende.schema.json",
        ),
        (
            "rubrik: A\ndiarienummer: B\nförslag_till_beslut: att x\n",
            "arende.schema.json",
        ),
        (
            "diarienummer: B\nförslag_till_beslut: [att x]\n",
            "arende.schema.json",
        ),
        (
            "datum: 2026-12-10\ntid: \"13:00\"\nplats: P\nöppet: kanske\n",
            "sammantrade.schema.json",
        ),
        (
            "datum: 10 december\ntid: \"13:00\"\nplats: P\nöppet: true\n",
            "sammantrade.schema.json",
        ),
        (
            "namn: N\nförkortning: F\norganisation: O\nordförande: Anna\nsekreterare: { namn: B }\n",
            "namnd.schema.json",
        ),
    ] {
        assert!(!errors(broken, schema).is_empty(), "godtogs: {broken}");
    }
}

#[test]
fn a_new_user_creates_a_project_and_an_arende_that_builds_once_filled_in() {
    let project = Project::empty();
    let run = project.run(&["init", "kommun"]).success();
    assert!(run.stdout().contains("Projektet är klart"));
    let root = project.path().join("kommun");
    let run_in = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_kallelse"))
            .args(args)
            .current_dir(&root)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        crate::support::Run(output)
    };
    run_in(&["bygg"]).success();
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).unwrap(),
        "/output/\n"
    );

    let created = run_in(&[
        "ny",
        "ärende",
        "Ny förskola i Västra hamnen",
        "--dnr",
        "EN26/2",
    ])
    .success();
    let file = created
        .stdout()
        .lines()
        .find_map(|l| l.strip_prefix("Skrev ").map(str::to_owned))
        .unwrap();
    assert!(
        file.ends_with("arenden/02-ny-forskola-i-vastra-hamnen.yaml"),
        "{file}"
    );

    // Before it is filled in: one "fyll i" per empty field, nothing cryptic.
    let check = run_in(&["kontrollera", "--format", "kort"]);
    assert_eq!(check.code(), 1);
    let lines: Vec<String> = check.stdout().lines().map(str::to_owned).collect();
    let expected = [
        "tjänsteskrivelse.avsändare",
        "tjänsteskrivelse.handläggare.namn",
        "bakgrund",
        "barnrättsprövning.berör_barn",
        "barnrättsprövning.motivering",
        "förslag_till_beslut",
    ];
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for (line, key) in lines.iter().zip(expected) {
        assert!(line.starts_with(&file), "{line}");
        assert!(line.contains(&format!("fel: fyll i `{key}`")), "{line}");
    }

    // Filling in the fields as a sakkunnig would.
    let path = root.join(&file);
    let text = std::fs::read_to_string(&path).unwrap();
    let filled = text
        .replacen(
            "  avsändare: \"\"",
            "  avsändare: Barn- och utbildningsförvaltningen",
            1,
        )
        .replacen("    namn: \"\"", "    namn: Dana Dahl", 1)
        .replacen(
            "bakgrund: |\n",
            "bakgrund: |\n  Området växer och behöver en ny förskola med sex avdelningar.\n",
            1,
        )
        .replacen("  berör_barn: \"\"", "  berör_barn: ja", 1)
        .replacen(
            "  motivering: |\n",
            "  motivering: |\n    Ja. Förskoleplatser nära hemmet är till barnens bästa.\n",
            1,
        )
        .replacen(
            "  - \"\"",
            "  - att godkänna lokalprogrammet för förskolan",
            1,
        );
    std::fs::write(&path, filled).unwrap();
    run_in(&["kontrollera"]).success();
    let built = run_in(&["bygg"]).success();
    assert!(built.stdout().contains("kallelse.pdf"));
    let pdf_path = root.join(
        built
            .stdout()
            .lines()
            .find_map(|l| {
                l.strip_prefix("Skrev ")
                    .and_then(|l| l.split(" (").next())
                    .map(str::to_owned)
            })
            .unwrap(),
    );
    let pdf = crate::support::Pdf::open(&pdf_path);
    assert!(!pdf.pages_with("Ny förskola i Västra hamnen").is_empty());

    // Nothing is overwritten.
    let again = run_in(&["ny", "nämnd", "Exempelnämnden", "--förkortning", "EN"]);
    assert_eq!(again.code(), 1);
    assert!(again.stderr().contains("finns redan"), "{}", again.stderr());
}

/// The snapshot of `status`'s output, under `tests/snapshots/`.
pub const STATUS_SNAPSHOT: &str = "status/kultur.txt";

#[test]
fn status_shows_what_remains_as_in_its_snapshot() {
    let project = Project::fixture("kultur");
    let meeting = "content/kulturnamnden/2027-01-21";
    // The sekreterare's view a few days before the deadline: one
    // tjänsteskrivelse not yet approved, one ärende with a mistake.
    project.edit(
        &format!("{meeting}/arenden/03-yttrande-over-oversiktsplan-2040.yaml"),
        "  godkänd: 2027-01-08\n",
        "",
    );
    project.edit(
        &format!("{meeting}/arenden/01-bidrag-till-lovaktiviteter-2027.yaml"),
        "beslutet_skickas_till:",
        "beslutet_skicka_till:",
    );
    let output = project.run(&["status"]).success().stdout();
    assert_snapshot(STATUS_SNAPSHOT, &output);
}

/// Lines the watcher prints, as they come.
struct Watcher {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
}

impl Watcher {
    /// Starts `kallelse bevaka` with its stdout and stderr in one pipe, so
    /// that its lines come in the order it wrote them: a round's `Ändrad`
    /// line (stderr) before its `Byggde` line (stdout).
    fn start(project: &Project) -> Self {
        let (reader, writer) = std::io::pipe().unwrap();
        // The command, and with it the pipe's write ends, is dropped once
        // spawned: the reader ends when the watcher does.
        let child = Command::new(env!("CARGO_BIN_EXE_kallelse"))
            .arg("bevaka")
            .current_dir(project.path())
            .stdin(Stdio::null())
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Self { child, lines }
    }

    /// Waits for a line containing `needle`; the lines before it and the
    /// line. Panics after a minute.
    fn lines_until(&self, needle: &str) -> (Vec<String>, String) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return (seen, line),
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("väntade på {needle:?}, fick:\n{}", seen.join("\n"));
    }

    /// Waits for a line containing `needle`; panics after a minute.
    fn wait_for(&self, needle: &str) -> String {
        self.lines_until(needle).1
    }

    /// Waits until every change made so far has been reported: changes a
    /// marker file and waits for the round that reports it. The watcher
    /// reports changes in the order they are made, so that round holds the
    /// last of the earlier ones or comes after it; and the marker comes
    /// before the files these tests change in a round's sorted list, so
    /// the round's `Ändrad` line names it.
    fn settle(&self, project: &Project) {
        let marker = "content/kulturnamnden/2027-01-21/sammantrade.yaml";
        touch(project, marker);
        self.wait_for(&format!("Ändrad: {marker}"));
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn bevaka_rebuilds_on_change_and_survives_a_broken_file() {
    let project = Project::fixture("kultur");
    let arende = "content/kulturnamnden/2027-01-21/arenden/02-revidering-av-attestordning.yaml";
    let pdf = "output/kulturnamnden/2027-01-21/kallelse.pdf";
    let watcher = Watcher::start(&project);
    // The sources are watched before the first build begins: once it is
    // done, every change is seen.
    watcher.wait_for("Byggde");
    assert!(
        project
            .pdf(pdf)
            .pages_with("Attestordning i ny form")
            .is_empty()
    );

    project.edit(
        arende,
        "rubrik: Revidering av attestordning",
        "rubrik: Attestordning i ny form, revidering av attestordning",
    );
    let line = watcher.wait_for("Byggde");
    assert!(line.contains("sidor"), "{line}");
    assert!(
        !project
            .pdf(pdf)
            .pages_with("Attestordning i ny form")
            .is_empty()
    );

    // A broken file: the error is printed and the watch goes on.
    let good = project.read(arende);
    project.write(arende, &good.replacen("rubrik:", "rubrik: [", 1));
    watcher.wait_for("byggdes inte");
    project.write(arende, &good);
    watcher.wait_for("Byggde");

    // The output folder is not watched: writing there triggers nothing.
    // Changes are reported in the order they are made, so the source
    // changed after it is the next change the watcher reports, alone.
    project.write("output/anteckning.md", "# inte en källa\n");
    touch(&project, arende);
    let (before, line) = watcher.lines_until("Ändrad:");
    assert!(
        line.ends_with(&format!("Ändrad: {arende}")),
        "en ändring i output/ byggde om: {line}"
    );
    assert!(
        !before
            .iter()
            .any(|l| l.contains("Ändrad") || l.contains("Byggde")),
        "en ändring i output/ byggde om: {before:?}"
    );
}

#[test]
fn every_help_text_is_swedish() {
    let project = Project::empty();
    for command in [
        &[][..],
        &["bygg"],
        &["publicera"],
        &["kontrollera"],
        &["init"],
        &["ny"],
        &["ny", "nämnd"],
        &["ny", "sammanträde"],
        &["ny", "ärende"],
        &["status"],
        &["bevaka"],
        &["schema"],
        &["mallar"],
    ] {
        let mut args: Vec<&str> = command.to_vec();
        args.push("--hjalp");
        let help = project.run(&args).success().stdout();
        assert!(help.contains("Användning: kallelse"), "{args:?}:\n{help}");
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "OPTIONS",
            "COMMAND",
            "Print help",
        ] {
            assert!(
                !help.contains(english),
                "{args:?} innehåller {english}:\n{help}"
            );
        }
    }
}

#[test]
fn several_meetings_show_progress_in_a_log() {
    let project = Project::fixture("kultur");
    let from = project.path().join("content/kulturnamnden/2027-01-21");
    let to = project.path().join("content/kulturnamnden/2027-02-18");
    crate::support::copy_tree(&from, &to);
    project.edit(
        "content/kulturnamnden/2027-02-18/sammantrade.yaml",
        "datum: 2027-01-21",
        "datum: 2027-02-18",
    );
    // Not a terminal: plain lines, one per meeting, in order.
    let run = project.run(&["bygg"]).success();
    let progress: Vec<&str> = run
        .0
        .stderr
        .split(|&b| b == b'\n')
        .filter_map(|l| std::str::from_utf8(l).ok())
        .filter(|l| l.starts_with('['))
        .collect();
    assert_eq!(
        progress,
        [
            "[1/2] Bygger content/kulturnamnden/2027-01-21",
            "[2/2] Bygger content/kulturnamnden/2027-02-18"
        ]
    );
    assert_eq!(run.stdout().matches("Skrev ").count(), 2);
}

#[test]
fn bevaka_picks_up_meetings_and_folders_created_while_it_runs() {
    let project = Project::fixture("kultur");
    let watcher = Watcher::start(&project);
    // The sources are watched before the first build begins.
    watcher.wait_for("Byggde");

    // A new meeting, then an ärende in it, as a sekreterare would.
    project
        .run(&[
            "ny",
            "sammanträde",
            "2027-02-18",
            "--nämnd",
            "kulturnamnden",
        ])
        .success();
    watcher.wait_for("2027-02-18");
    let meeting = "content/kulturnamnden/2027-02-18";
    let arende = project
        .read("content/kulturnamnden/2027-01-21/arenden/02-revidering-av-attestordning.yaml");
    project.write(
        &format!("{meeting}/arenden/01-attestordning.yaml"),
        &arende.replace("KFN26/47", "KFN27/2"),
    );
    let line = watcher.wait_for("Byggde output/kulturnamnden/2027-02-18/kallelse.pdf");
    assert!(line.contains("sidor"), "{line}");

    // templates/ did not exist when the watch began. (The new folder's
    // files may have come in more than one round; all are reported first.)
    watcher.settle(&project);
    project.run(&["mallar"]).success();
    watcher.wait_for("Ändrad: templates/");
    watcher.wait_for("Byggde");
    // So may mallar's files.
    watcher.settle(&project);
    project.edit("templates/stil.typ", "#let", "// ändrad\n#let");
    let line = watcher.wait_for("Ändrad: templates/");
    assert!(line.ends_with("Ändrad: templates/stil.typ"), "{line}");
}

/// Writes a file of the project over itself, in place: one change, which a
/// watcher cannot see as two.
fn touch(project: &Project, path: &str) {
    let path = project.path().join(path);
    let bytes = std::fs::read(&path).unwrap();
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.write_all(&bytes).unwrap();
}
