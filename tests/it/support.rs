//! A small builder around the real `kallelse` binary, and readers for the
//! PDF it writes (text per page with pdf-extract, outline and metadata with
//! lopdf).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::{Document, Object};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A throwaway project in a temporary folder.
pub struct Project {
    dir: tempfile::TempDir,
}

fn copy_tree(from: &Path, to: &Path) {
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

    /// The outline in document order.
    pub fn outline(&self) -> Vec<Bookmark> {
        let toc = self.doc.get_toc().expect("the PDF has an outline");
        toc.toc
            .into_iter()
            .map(|t| Bookmark {
                level: t.level,
                title: t.title,
                page: t.page,
            })
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

    /// The number of link annotations on a 0-based page.
    pub fn links_on_page(&self, index: usize) -> usize {
        let pages = self.doc.get_pages();
        let id = pages[&(index as u32 + 1)];
        self.doc
            .get_page_annotations(id)
            .map(|annots| {
                annots
                    .iter()
                    .filter(|a| {
                        a.get(b"Subtype")
                            .and_then(|s| s.as_name())
                            .is_ok_and(|n| n == b"Link")
                    })
                    .count()
            })
            .unwrap_or(0)
    }
}

fn decode(object: &Object) -> Option<String> {
    match object {
        Object::String(bytes, _) => Some(lopdf::decode_text_string(object).unwrap_or_else(|_| {
            String::from_utf8_lossy(bytes).into_owned()
        })),
        _ => None,
    }
}

/// Text with all whitespace removed.
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
