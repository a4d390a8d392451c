//! A small builder around the real `kallelse` binary, and readers for the
//! PDF it writes (text per page with pdf-extract, outline and metadata with
//! lopdf).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use lopdf::{Document, Object};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, by path relative to it, with its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A throwaway project in a temporary folder.
pub struct Project {
    dir: tempfile::TempDir,
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Project {
    /// A copy of a fixture project under `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&repo().join("tests/fixtures").join(name), dir.path());
        Self { dir }
    }

    /// A copy of the example content of the repository (without templates,
    /// so the built-in ones are used).
    pub fn example() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&repo().join("content"), &dir.path().join("content"));
        Self { dir }
    }

    /// An empty folder.
    pub fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The project folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `kallelse ARGS` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `kallelse ARGS` with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kallelse"));
        command
            .args(args)
            .current_dir(self.path())
            .env_remove("SOURCE_DATE_EPOCH");
        for (key, value) in env {
            command.env(key, value);
        }
        Run(command.output().expect("kallelse runs"))
    }

    /// Reads a file of the project.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.path().join(path)).unwrap()
    }

    /// Writes a file of the project.
    pub fn write(&self, path: &str, text: &str) {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Replaces `from` with `to` in a file, which must contain it.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let text = self.read(path);
        assert!(text.contains(from), "{path} innehåller inte {from:?}");
        self.write(path, &text.replacen(from, to, 1));
    }

    /// The PDF at a path of the project.
    pub fn pdf(&self, path: &str) -> Pdf {
        Pdf::open(&self.path().join(path))
    }
}

/// The environment variable that makes [`measuring_helper`] measure: the
/// arguments of `kallelse`, one a line.
const MEASURE: &str = "KALLELSE_TEST_MAT_MINNE";

/// The line [`measuring_helper`] answers with: exit code and bytes follow.
const MEASURED: &str = "toppminne:";

/// `kallelse ARGS` in the project, with its peak resident memory (from
/// `wait4`): exit code, bytes, stderr.
///
/// A small process starts and measures it: this test binary running only
/// [`measuring_helper`]. Linux carries the resident memory of the process
/// that starts a program over `exec` into the program's peak (for a child
/// started as `Command` does, with `vfork`, that process's own peak), so a
/// child of this process, which runs many builds at once, would count this
/// process's memory too.
pub fn peak_memory(project: &Project, args: &[&str]) -> (i32, u64, String) {
    let helper = Command::new(std::env::current_exe().unwrap())
        .args([
            "support::measuring_helper",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(MEASURE, args.join("\n"))
        .current_dir(project.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&helper.stdout);
    let measured = stdout
        .lines()
        .find_map(|line| Some(line.split_once(MEASURED)?.1))
        .and_then(|rest| {
            let (code, bytes) = rest.trim().split_once(' ')?;
            Some((code.parse().ok()?, bytes.parse().ok()?))
        });
    let Some((code, bytes)) = measured else {
        panic!(
            "mätprocessen svarade inte med {MEASURED}:\n{stdout}\n{}",
            String::from_utf8_lossy(&helper.stderr)
        );
    };
    let stderr = std::fs::read_to_string(project.path().join("stderr.txt")).unwrap();
    (code, bytes, stderr)
}

/// The measuring process of [`peak_memory`]: runs `kallelse` with the
/// arguments in [`MEASURE`] in the current folder, its stderr to
/// `stderr.txt`, and prints its exit code and peak resident memory. Does
/// nothing without [`MEASURE`].
#[test]
#[ignore = "mätprocessen bakom peak_memory, som startar den"]
fn measuring_helper() {
    let Ok(args) = std::env::var(MEASURE) else {
        return;
    };
    let child = Command::new(env!("CARGO_BIN_EXE_kallelse"))
        .args(args.split('\n'))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create("stderr.txt").unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped; the pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid);
    // Reaped by wait4: the handle must not wait again.
    std::mem::forget(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    println!("{MEASURED} {code} {}", usage.ru_maxrss as u64 * 1024);
}

/// The result of one run of the binary.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    /// Asserts success and returns self.
    pub fn success(self) -> Self {
        assert_eq!(
            self.code(),
            0,
            "kallelse misslyckades:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    /// Asserts that the run failed on bad input (exit code 1) and returns self.
    pub fn failure(self) -> Self {
        assert_eq!(
            self.code(),
            1,
            "kallelse skulle ha misslyckats:\n{}\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// An outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub level: usize,
    pub title: String,
    /// 1-based page.
    pub page: usize,
}

/// A PDF read back for assertions.
pub struct Pdf {
    pub doc: Document,
    /// Extracted text of each page.
    pub pages: Vec<String>,
}

impl Pdf {
    pub fn open(path: &Path) -> Self {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Self::from_bytes(bytes)
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        let doc = Document::load_mem(&bytes).expect("a readable PDF");
        let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("text extraction");
        Self { doc, pages }
    }

    /// All text, pages separated by form feeds.
    pub fn text(&self) -> String {
        self.pages.join("\u{c}")
    }

    /// Page text with all whitespace removed (line breaks fall anywhere).
    pub fn compact_page(&self, index: usize) -> String {
        compact(&self.pages[index])
    }

    /// 0-based indices of the pages whose compacted text contains `needle`.
    pub fn pages_with(&self, needle: &str) -> Vec<usize> {
        let needle = compact(needle);
        (0..self.pages.len())
            .filter(|&i| self.compact_page(i).contains(&needle))
            .collect()
    }

    /// The outline in document order, read by walking /First and /Next.
    pub fn outline(&self) -> Vec<Bookmark> {
        let mut out = Vec::new();
        let catalog = self.doc.catalog().expect("a catalog");
        let Ok(root) = catalog.get(b"Outlines").and_then(Object::as_reference) else {
            return out;
        };
        let root = self.doc.get_dictionary(root).unwrap();
        if let Ok(first) = root.get(b"First").and_then(Object::as_reference) {
            self.walk(first, 1, &mut out);
        }
        out
    }

    fn walk(&self, mut id: lopdf::ObjectId, level: usize, out: &mut Vec<Bookmark>) {
        loop {
            let item = self.doc.get_dictionary(id).unwrap();
            let title = item.get(b"Title").ok().and_then(decode).unwrap_or_default();
            let dest = self.destination(item);
            out.push(Bookmark {
                level,
                title,
                page: dest.map(|d| self.dest_page(d)).unwrap_or(0),
            });
            if let Ok(first) = item.get(b"First").and_then(Object::as_reference) {
                self.walk(first, level + 1, out);
            }
            match item.get(b"Next").and_then(Object::as_reference) {
                Ok(next) => id = next,
                Err(_) => break,
            }
        }
    }

    /// The destination of an outline item or link: /Dest, or /A with /D.
    fn destination<'a>(&'a self, item: &'a lopdf::Dictionary) -> Option<&'a Object> {
        item.get(b"Dest").ok().or_else(|| {
            item.get(b"A")
                .ok()
                .and_then(|a| self.doc.dereference(a).ok())
                .and_then(|(_, a)| a.as_dict().ok())
                .and_then(|a| a.get(b"D").ok())
        })
    }

    /// Looks a named destination up in the catalog's /Dests or /Names tree.
    fn named_dest(&self, name: &[u8]) -> Option<Object> {
        let catalog = self.doc.catalog().ok()?;
        if let Ok(dests) = catalog.get(b"Dests") {
            let (_, dests) = self.doc.dereference(dests).ok()?;
            if let Ok(found) = dests.as_dict().and_then(|d| d.get(name)) {
                return Some(found.clone());
            }
        }
        let names = catalog.get(b"Names").ok()?;
        let (_, names) = self.doc.dereference(names).ok()?;
        let tree = names.as_dict().ok()?.get(b"Dests").ok()?;
        self.search_name_tree(tree, name)
    }

    fn search_name_tree(&self, node: &Object, name: &[u8]) -> Option<Object> {
        let (_, node) = self.doc.dereference(node).ok()?;
        let node = node.as_dict().ok()?;
        if let Ok(names) = node.get(b"Names").and_then(Object::as_array) {
            for pair in names.chunks(2) {
                if let [Object::String(key, _), value] = pair
                    && key.as_slice() == name
                {
                    return Some(value.clone());
                }
            }
        }
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                if let Some(found) = self.search_name_tree(kid, name) {
                    return Some(found);
                }
            }
        }
        None
    }

    /// The 1-based page of a destination (explicit array or named).
    pub fn dest_page(&self, dest: &Object) -> usize {
        let Ok((_, dest)) = self.doc.dereference(dest) else {
            return 0;
        };
        let resolved;
        let dest = match dest {
            Object::String(name, _) | Object::Name(name) => match self.named_dest(name) {
                Some(found) => {
                    resolved = found;
                    match self.doc.dereference(&resolved) {
                        Ok((_, d)) => d,
                        Err(_) => return 0,
                    }
                }
                None => return 0,
            },
            other => other,
        };
        let dest = match dest.as_dict().and_then(|d| d.get(b"D")) {
            Ok(d) => d,
            Err(_) => dest,
        };
        let Ok(array) = dest.as_array() else {
            return 0;
        };
        let Some(Ok(page)) = array.first().map(Object::as_reference) else {
            return 0;
        };
        self.doc
            .get_pages()
            .into_iter()
            .find(|(_, id)| *id == page)
            .map(|(number, _)| number as usize)
            .unwrap_or(0)
    }

    /// The pages (1-based) that the link annotations of a 0-based page go to.
    pub fn link_targets(&self, index: usize) -> Vec<usize> {
        let pages = self.doc.get_pages();
        let id = pages[&(index as u32 + 1)];
        let Ok(annots) = self.doc.get_page_annotations(id) else {
            return Vec::new();
        };
        annots
            .iter()
            .filter(|a| {
                a.get(b"Subtype")
                    .and_then(|s| s.as_name())
                    .is_ok_and(|n| n == b"Link")
            })
            .filter_map(|a| self.destination(a).map(|d| self.dest_page(d)))
            .collect()
    }

    fn info(&self, key: &[u8]) -> Option<String> {
        let info = self.doc.trailer.get(b"Info").ok()?;
        let id = info.as_reference().ok()?;
        let dict = self.doc.get_dictionary(id).ok()?;
        decode(dict.get(key).ok()?)
    }

    /// The document title from the info dictionary.
    pub fn title(&self) -> Option<String> {
        self.info(b"Title")
    }

    /// The creation date from the info dictionary.
    pub fn creation_date(&self) -> Option<String> {
        self.info(b"CreationDate")
    }

    /// The catalog's /Lang.
    pub fn lang(&self) -> Option<String> {
        decode(self.doc.catalog().ok()?.get(b"Lang").ok()?)
    }
}

use kallelse::publish::pdfcheck::text_string as decode;

/// Text with all whitespace removed.
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The folder of the snapshots, which tests compare output with.
pub const SNAPSHOTS: &str = "tests/snapshots";

/// The command that writes the snapshots anew (every test comparing one has
/// `snapshot` in its name).
pub const UPDATE_COMMAND: &str = "KALLELSE_UPPDATERA=1 cargo test --test it snapshot";

/// Lines of a text shown in a message, at most.
const SHOWN_LINES: usize = 40;

/// Whether `KALLELSE_UPPDATERA=1` asks for the snapshots to be written.
fn updating() -> bool {
    std::env::var("KALLELSE_UPPDATERA").is_ok_and(|value| value == "1")
}

/// Compares `actual` with the snapshot `tests/snapshots/<name>`: a message
/// saying which file, what differs and how to accept it when the file is
/// missing or differs, `None` when they are equal. Only with
/// `KALLELSE_UPPDATERA=1` is the file written (when missing or different),
/// and then there is no message.
pub fn snapshot_difference(name: &str, actual: &str) -> Option<String> {
    let shown = format!("{SNAPSHOTS}/{name}");
    let path = repo().join(SNAPSHOTS).join(name);
    let expected = match std::fs::read_to_string(&path) {
        Ok(expected) => Some(expected),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("kunde inte läsa {shown}: {e}"),
    };
    if expected.as_deref() == Some(actual) {
        return None;
    }
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        eprintln!("skrev {shown} (KALLELSE_UPPDATERA=1); granska ändringen med `git diff`");
        return None;
    }
    Some(match expected {
        None => format!(
            "ögonblicksbilden {shown} saknas; granska utdata nedan, kör \
             `{UPDATE_COMMAND}` för att skriva filen och granska den innan den checkas in.\n\
             --- utdata\n{}",
            first_lines(actual)
        ),
        Some(expected) => format!(
            "utdata skiljer sig från ögonblicksbilden {shown}; granska skillnaden nedan, kör \
             `{UPDATE_COMMAND}` för att skriva om filen och granska ändringen med \
             `git diff {SNAPSHOTS}`.\n{}",
            line_difference(&expected, actual)
        ),
    })
}

/// Asserts that `actual` equals the snapshot `tests/snapshots/<name>` (see
/// [`snapshot_difference`]).
pub fn assert_snapshot(name: &str, actual: &str) {
    if let Some(message) = snapshot_difference(name, actual) {
        panic!("{message}");
    }
}

/// The first [`SHOWN_LINES`] lines of a text.
fn first_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = lines
        .iter()
        .take(SHOWN_LINES)
        .map(|line| format!("{line}\n"))
        .collect::<String>();
    if lines.len() > SHOWN_LINES {
        out.push_str(&format!("… och {} rader till\n", lines.len() - SHOWN_LINES));
    }
    out
}

/// The lines where two texts differ: what lies between their common first
/// and last lines, the expected with `-`, the actual with `+`.
fn line_difference(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.split('\n').collect();
    let new: Vec<&str> = actual.split('\n').collect();
    let same_start = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let same_end = old[same_start..]
        .iter()
        .rev()
        .zip(new[same_start..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let side = |lines: &[&str], sign: char| {
        let mut out = String::new();
        for line in lines.iter().take(SHOWN_LINES) {
            out.push_str(&format!("{sign} {line}\n"));
        }
        if lines.len() > SHOWN_LINES {
            out.push_str(&format!(
                "{sign} … och {} rader till\n",
                lines.len() - SHOWN_LINES
            ));
        }
        out
    };
    format!(
        "från rad {}:\n--- väntat (ögonblicksbilden)\n{}--- fick\n{}",
        same_start + 1,
        side(&old[same_start..old.len() - same_end], '-'),
        side(&new[same_start..new.len() - same_end], '+'),
    )
}

/// Asserts that a PDF's XMP claims PDF/A-2a and PDF/UA-1.
pub fn assert_claims_pdfa_and_pdfua(bytes: &[u8]) {
    let raw = String::from_utf8_lossy(bytes);
    for claim in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ] {
        assert!(raw.contains(claim), "XMP saknar {claim}");
    }
}

/// Asserts what every web page must have: `lang="sv"`, one h1, and heading
/// levels that never skip (WCAG 2.1: 1.3.1, 2.4.6, 3.1.1). `page` names the
/// page in messages.
pub fn assert_page_structure(document: &scraper::Html, page: &str) {
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let root = document.select(&select("html")).next().unwrap();
    assert_eq!(root.value().attr("lang"), Some("sv"), "{page}");
    assert_eq!(document.select(&select("h1")).count(), 1, "{page}");
    let mut last = 0;
    for heading in document.select(&select("h1, h2, h3, h4, h5, h6")) {
        let level: usize = heading.value().name()[1..].parse().unwrap();
        assert!(
            level <= last + 1,
            "{page}: rubriknivån hoppar från {last} till {level}"
        );
        last = level;
    }
}

/// The schema errors of a `sammantrade.json` (empty when it matches
/// `schema/webb.schema.json`).
pub fn web_schema_errors(json: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schema/webb.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator.iter_errors(json).map(|e| e.to_string()).collect()
}
