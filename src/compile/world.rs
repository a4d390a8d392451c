//! Stage 4, compile, the typst world: typst embedded as a library. [`PacketWorld`] serves the
//! generated typst sources from memory, reads bilagor and images from the
//! project through the [`Sandbox`], and offers only bundled fonts (typst's
//! own plus the tool's sans-serif) and a project's `fonts/` folder, so the
//! same input gives the same PDF on every machine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::Sandbox;
use crate::render::RenderedPacket;

/// The fonts every build can use, parsed once per process.
struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Loads the bundled fonts plus every font file in the project's `fonts/`.
fn font_set(root: &Path) -> Result<FontSet> {
    let mut fonts: Vec<Font> = crate::fonts::builtin().to_vec();
    let dir = root.join("fonts");
    if dir.is_dir() {
        let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
            .max_depth(2)
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path())
            .filter(|p| {
                matches!(
                    p.extension()
                        .and_then(|e| e.to_str())
                        .map(str::to_ascii_lowercase)
                        .as_deref(),
                    Some("ttf" | "otf" | "ttc" | "otc")
                )
            })
            .collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).map_err(|e| Error::io("läsa typsnittet", &path, e))?;
            fonts.extend(Font::iter(Bytes::new(data)));
        }
    }
    Ok(FontSet {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    })
}

/// The virtual folder of the generated sources, outside the user's tree.
pub const GENERATED_DIR: &str = ".kallelse";

fn project_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("generated paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// What every world of a build shares: the standard library and the fonts,
/// set up once however many parts are compiled.
pub struct WorldBase {
    library: LazyHash<Library>,
    fonts: FontSet,
}

impl WorldBase {
    /// The library and the bundled fonts plus the project's `fonts/`.
    pub fn new(root: &Path) -> Result<Arc<Self>> {
        Ok(Arc::new(Self {
            library: LazyHash::new(Library::default()),
            fonts: font_set(root)?,
        }))
    }
}

/// The typst world of one packet (or one part of it).
pub struct PacketWorld {
    base: Arc<WorldBase>,
    root: PathBuf,
    sandbox: Sandbox,
    main: FileId,
    sources: HashMap<FileId, (Source, PathBuf)>,
    templates: Vec<(PathBuf, String)>,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    today: Datetime,
}

impl PacketWorld {
    /// A world for the rendered packet.
    pub fn new(
        sandbox: &Sandbox,
        packet: &RenderedPacket,
        today: chrono::NaiveDate,
    ) -> Result<Self> {
        Self::with_base(WorldBase::new(sandbox.root())?, sandbox, packet, today)
    }

    /// A world for one rendered part, sharing library and fonts.
    pub fn with_base(
        base: Arc<WorldBase>,
        sandbox: &Sandbox,
        packet: &RenderedPacket,
        today: chrono::NaiveDate,
    ) -> Result<Self> {
        use chrono::Datelike;
        let mut sources = HashMap::new();
        let mut main = None;
        for generated in &packet.sources {
            let id = project_file(&format!("/{GENERATED_DIR}/{}", generated.name));
            if generated.name == packet.main {
                main = Some(id);
            }
            let source = Source::new(id, generated.text.clone());
            sources.insert(id, (source, generated.origin.clone()));
        }
        let main = main.ok_or_else(|| Error::Tool("huvudkällan saknas".into()))?;
        Ok(Self {
            base,
            root: sandbox.root().to_path_buf(),
            sandbox: sandbox.clone(),
            main,
            sources,
            templates: packet.templates.clone(),
            files: Mutex::new(HashMap::new()),
            today: Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8)
                .ok_or_else(|| Error::Tool("ogiltigt datum".into()))?,
        })
    }

    /// Reads a project file for typst, refusing anything outside the root.
    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let relative = id.vpath().get_without_slash();
        let path = self
            .sandbox
            .resolve(&self.root, relative)
            .map_err(|reason| match reason {
                crate::load::Unresolved::OutsideViaLink(_) => FileError::AccessDenied,
                _ => FileError::NotFound(PathBuf::from(relative)),
            })?;
        if path.is_dir() {
            return Err(FileError::IsDirectory);
        }
        // The checks measured every file a text names; a file named some
        // other way (a template) is not read past the largest limit.
        crate::limits::read(&path, Path::new(relative), &crate::limits::PDF)
            .map(Bytes::new)
            .map_err(|problem| FileError::Other(Some(problem.message.into())))
    }

    /// Characters of `text` that no available font can draw. typst leaves
    /// them out of the PDF silently, so the user is warned instead.
    pub fn undrawable_chars(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_ascii() && !c.is_whitespace() && !c.is_control())
            .filter(|&c| {
                !self
                    .base
                    .fonts
                    .fonts
                    .iter()
                    .any(|font| font.info().coverage.contains(c as u32))
            })
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }

    /// Whether a generated source of this world has the id (to pick the
    /// world that can explain a diagnostic).
    pub fn has_source(&self, id: FileId) -> bool {
        self.sources.contains_key(&id)
    }

    /// The project files this world read, each with a hash of its bytes, so
    /// that a cached result can be checked against the files as they are now.
    pub fn reads(&self) -> Vec<(FileId, u128)> {
        let cache = self.files.lock().expect("file cache lock");
        let mut reads: Vec<(FileId, u128)> = cache
            .iter()
            .map(|(id, bytes)| {
                let hash = match bytes {
                    Ok(bytes) => typst::utils::hash128(bytes.as_slice()),
                    Err(_) => 0,
                };
                (*id, hash)
            })
            .collect();
        reads.sort_by_key(|(id, _)| id.into_raw());
        reads
    }

    /// Reads a file again and hashes it as [`Self::reads`] does.
    pub fn reread_hash(&self, id: FileId) -> u128 {
        match self.read(id) {
            Ok(bytes) => typst::utils::hash128(bytes.as_slice()),
            Err(_) => 0,
        }
    }

    /// Maps typst diagnostics to the tool's, with the file the user can open.
    /// One syntax error can set off dozens of follow-up errors in the same
    /// file: after three, the rest are summed up in one line.
    pub fn diagnostics(&self, list: &[SourceDiagnostic]) -> Vec<Diagnostic> {
        const PER_FILE: usize = 3;
        let mut out: Vec<Diagnostic> = Vec::new();
        // Per file: how many were left out, and where the first of them is.
        let mut skipped: Vec<(Option<PathBuf>, usize, Option<Location>)> = Vec::new();
        for diagnostic in list.iter().map(|d| self.diagnostic(d)) {
            let file = diagnostic.location.as_ref().map(|l| l.file.clone());
            let shown = out
                .iter()
                .filter(|d| d.location.as_ref().map(|l| &l.file) == file.as_ref())
                .count();
            if shown < PER_FILE {
                out.push(diagnostic);
            } else if let Some(entry) = skipped.iter_mut().find(|(f, _, _)| *f == file) {
                entry.1 += 1;
            } else {
                skipped.push((file, 1, diagnostic.location));
            }
        }
        for (_, count, first) in skipped {
            let mut more = Diagnostic::error(format!(
                "och {count} fel till i samma fil från den här raden, troligen följder av felen ovan"
            ));
            if let Some(first) = first {
                more = more.at(first);
            }
            out.push(more);
        }
        out
    }

    fn diagnostic(&self, diag: &SourceDiagnostic) -> Diagnostic {
        let message =
            depth_message(&diag.message).unwrap_or_else(|| format!("typst: {}", diag.message));
        let mut out = match diag.severity {
            TypstSeverity::Error => Diagnostic::error(message),
            TypstSeverity::Warning => Diagnostic::warning(message),
        };
        if let Some(location) = self.locate(diag) {
            out = out.at(location);
        }
        if let Some(hint) = diag.hints.first() {
            out = out.tips(hint.v.to_string());
        }
        out.kind(crate::error::Kind::Typst)
    }

    fn locate(&self, diag: &SourceDiagnostic) -> Option<Location> {
        let id = diag.span.id()?;
        let range = self.range(diag.span)?;
        let source = self.source(id).ok()?;
        let (line, column) = source.lines().byte_to_line_column(range.start)?;
        let file = match self.sources.get(&id) {
            Some((_, origin)) => origin.clone(),
            None => PathBuf::from(id.vpath().get_without_slash()),
        };
        // An error in the generated main source is shown at the template
        // line that produced it, when that line can be found.
        if id == self.main {
            let text = source.text().lines().nth(line).unwrap_or("");
            if let Some((origin, template_line)) = crate::render::trace_line(&self.templates, text)
            {
                return Some(Location::at(origin, template_line, 0));
            }
        }
        Some(Location::at(file, line + 1, column + 1))
    }
}

impl World for PacketWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.base.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.base.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some((source, _)) = self.sources.get(&id) {
            return Ok(source.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some((source, _)) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        let mut cache = self.files.lock().expect("file cache lock");
        cache.entry(id).or_insert_with(|| self.read(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.base.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// typst's errors for content nested too deep ("maximum show rule depth
/// exceeded", "maximum parsing depth exceeded" …), in Swedish. Markdown is
/// limited before typst sees it; a template can still nest too deep.
fn depth_message(message: &str) -> Option<String> {
    (message.starts_with("maximum ") && message.ends_with(" depth exceeded")).then(|| {
        "typst kan inte sätta så djupt nästlat innehåll (för många nivåer i varandra)".to_owned()
    })
}

/// Compiles the rendered packet to pages. Warnings are returned beside the
/// document; errors become [`Error::Input`] at the file the user can open.
pub fn compile(world: &PacketWorld) -> Result<(PagedDocument, Vec<Diagnostic>)> {
    let warned = typst::compile::<PagedDocument>(world);
    let warnings = world.diagnostics(&warned.warnings);
    match warned.output {
        Ok(document) => Ok((document, warnings)),
        Err(errors) => {
            let mut all = world.diagnostics(&errors);
            all.extend(warnings);
            Err(Error::Input(all))
        }
    }
}
