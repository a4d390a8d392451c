//! Stage 1, load: find the project root and its meetings, and read
//! `namnd.yaml`, `sammantrade.yaml` and `arenden/*.yaml` into the types of
//! [`crate::model`]. Every file the tool reads goes through the project's
//! [`Sandbox`].

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::model::{ArendeFile, ArshjulFile, NamndFile, SammantradeFile};
use crate::yaml::{self, keys};

mod folder;

pub use folder::folder_date;

/// The project: the folder that holds `content/`. No file outside it is read.
#[derive(Debug, Clone)]
pub struct Sandbox {
    root: PathBuf,
    /// Every file a user named that was resolved, when recording (see
    /// [`Sandbox::recording`]): what a build read besides its own folder.
    reads: Option<Arc<Mutex<BTreeSet<PathBuf>>>>,
}

impl Sandbox {
    /// A sandbox rooted at an existing folder.
    pub fn new(root: &Path) -> Result<Self> {
        let root = root
            .canonicalize()
            .map_err(|e| Error::io("läsa projektmappen", root, e))?;
        Ok(Self { root, reads: None })
    }

    /// The same project, recording every file a user's text names (bilagor,
    /// images, lists), so that an incremental build knows what a meeting
    /// depends on outside its folder.
    pub fn recording(&self) -> Self {
        Self {
            root: self.root.clone(),
            reads: Some(Arc::default()),
        }
    }

    /// The files recorded so far, relative to the root, sorted.
    pub fn recorded(&self) -> Vec<PathBuf> {
        self.reads
            .as_ref()
            .map(|reads| {
                reads
                    .lock()
                    .map(|set| set.iter().map(|p| self.relative(p).to_path_buf()).collect())
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }

    /// The nearest folder at or above `start` that holds `content/`.
    pub fn discover(start: &Path) -> Result<Self> {
        let start = start
            .canonicalize()
            .map_err(|e| Error::io("läsa mappen", start, e))?;
        start
            .ancestors()
            .find(|dir| dir.join("content").is_dir())
            .map(|dir| Self {
                root: dir.to_path_buf(),
                reads: None,
            })
            .ok_or_else(|| {
                Error::input(
                    Diagnostic::error(format!(
                        "hittade ingen mapp `content/` i {} eller någon mapp ovanför",
                        start.display()
                    ))
                    .tips("kör kommandot i ett kallelse-projekt, eller skapa mappen content/ med en nämnd i"),
                )
            })
    }

    /// The project root (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `path` relative to the root, for messages.
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    /// Resolves a path written by a user, relative to `base` (a folder inside
    /// the root), and makes sure the file it names is inside the root, also
    /// after following symbolic links. Returns the canonical path.
    pub fn resolve(&self, base: &Path, written: &str) -> std::result::Result<PathBuf, Unresolved> {
        let written_path = Path::new(written);
        if written.trim().is_empty() {
            return Err(Unresolved::Empty);
        }
        if written_path.is_absolute()
            || written_path
                .components()
                .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
        {
            return Err(Unresolved::Absolute(written.to_owned()));
        }
        let joined = base.join(written_path);
        let lexical = normalize(&joined);
        if !lexical.starts_with(&self.root) {
            return Err(Unresolved::Outside(written.to_owned()));
        }
        let canonical = match joined.canonicalize() {
            Ok(canonical) => canonical,
            // A link that leads nowhere is missing, wherever it points.
            Err(_) => return Err(Unresolved::Missing(written.to_owned())),
        };
        if !canonical.starts_with(&self.root) {
            return Err(Unresolved::OutsideViaLink(written.to_owned()));
        }
        if let Some(reads) = &self.reads
            && let Ok(mut set) = reads.lock()
        {
            set.insert(canonical.clone());
        }
        Ok(canonical)
    }

    /// Every meeting folder (one that holds `sammantrade.yaml`) under `dir`,
    /// in path order.
    pub fn meetings_under(&self, dir: &Path) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = WalkDir::new(dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_type().is_file() && entry.file_name() == "sammantrade.yaml")
            .filter_map(|entry| entry.path().parent().map(Path::to_path_buf))
            .collect();
        found.sort();
        found
    }
}

/// Why a path a user wrote cannot be used; displayed as a Swedish reason
/// that names the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// Nothing was written.
    Empty,
    /// An absolute path.
    Absolute(String),
    /// A path that climbs out of the project with `..`.
    Outside(String),
    /// No such file.
    Missing(String),
    /// A symbolic link (or a folder on the way) that leads out of the
    /// project.
    OutsideViaLink(String),
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::Empty => write!(f, "sökvägen är tom"),
            Unresolved::Absolute(written) => {
                write!(
                    f,
                    "`{written}` är en absolut sökväg; skriv en relativ sökväg"
                )
            }
            Unresolved::Outside(written) => write!(f, "`{written}` pekar utanför projektmappen"),
            Unresolved::Missing(written) => write!(f, "filen `{written}` finns inte"),
            Unresolved::OutsideViaLink(written) => write!(
                f,
                "`{written}` är en symbolisk länk som pekar utanför projektmappen"
            ),
        }
    }
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A parsed file and where it came from.
#[derive(Debug, Clone)]
pub struct Sourced<T> {
    /// Path relative to the project root.
    pub path: PathBuf,
    /// The parsed content.
    pub value: T,
}

/// One beslutsärende file with its number from the file name prefix.
#[derive(Debug, Clone)]
pub struct LoadedArende {
    /// The number prefix of the file name ("03-…" → 3).
    pub prefix: u32,
    /// The file and its content.
    pub file: Sourced<ArendeFile>,
}

/// Everything read for one meeting.
#[derive(Debug, Clone)]
pub struct LoadedMeeting {
    /// The project.
    pub sandbox: Sandbox,
    /// The meeting folder (absolute).
    pub dir: PathBuf,
    /// The meeting folder relative to the root, with `/`.
    pub virtual_dir: String,
    /// The nämnd folder name, e.g. `socialnamnden`.
    pub namnd_folder: String,
    /// The meeting folder name, e.g. `2026-12-10`.
    pub meeting_folder: String,
    /// `namnd.yaml`.
    pub namnd: Sourced<NamndFile>,
    /// `sammantrade.yaml`.
    pub sammantrade: Sourced<SammantradeFile>,
    /// `arenden/*.yaml` in prefix order.
    pub arenden: Vec<LoadedArende>,
    /// The nämnd's previous protokoll of the same calendar year, whose
    /// paragraph numbers this meeting's continue.
    pub previous_protokoll: Option<PreviousProtokoll>,
    /// Earlier meetings of the same year, after the previous protokoll,
    /// that have no `protokoll.yaml`: their paragraphs cannot be counted.
    pub unrecorded: Vec<String>,
}

/// The paragraph numbers of an earlier protokoll of the nämnd.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousProtokoll {
    /// Its meeting folder name, `2026-11-12`.
    pub meeting: String,
    /// Its `protokoll.yaml`, relative to the project root.
    pub path: PathBuf,
    /// Its first § number.
    pub first: u32,
    /// Its last § number (`first - 1` when it had no paragraphs).
    pub last: u32,
}

/// The name of the protokoll file in a meeting folder.
pub const PROTOKOLL_FILE: &str = "protokoll.yaml";

/// Reads a meeting folder. All problems of all files are reported together.
pub fn load_meeting(sandbox: &Sandbox, dir: &Path) -> Result<LoadedMeeting> {
    let dir = dir
        .canonicalize()
        .map_err(|e| Error::io("läsa sammanträdesmappen", dir, e))?;
    if !dir.starts_with(sandbox.root()) {
        return Err(Error::input(Diagnostic::error(format!(
            "{} ligger utanför projektmappen {}",
            dir.display(),
            sandbox.root().display()
        ))));
    }
    let namnd_dir = dir.parent().unwrap_or(&dir).to_path_buf();
    let mut problems = Vec::new();

    let namnd = read_yaml::<NamndFile>(
        sandbox,
        &namnd_dir.join("namnd.yaml"),
        keys::NAMND,
        &mut problems,
    );
    let sammantrade = read_yaml::<SammantradeFile>(
        sandbox,
        &dir.join("sammantrade.yaml"),
        keys::SAMMANTRADE,
        &mut problems,
    );

    problems.extend(folder::problem(sandbox, &dir, sammantrade.as_ref()));

    let mut arenden = Vec::new();
    let arenden_dir = dir.join("arenden");
    if arenden_dir.exists() && !arenden_dir.is_dir() {
        problems.push(
            Diagnostic::error(format!(
                "{} är en fil, inte en mapp",
                sandbox.relative(&arenden_dir).display()
            ))
            .at(Location::file(sandbox.relative(&arenden_dir)))
            .tips("ärendefilerna ligger i mappen arenden/; döp om eller ta bort filen och skapa mappen"),
        );
    }
    if arenden_dir.is_dir() {
        for path in yaml_files(&arenden_dir) {
            let relative = sandbox.relative(&path).to_path_buf();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let Some(prefix) = number_prefix(name) else {
                problems.push(
                    Diagnostic::error(format!(
                        "filnamnet `{name}` börjar inte med ett nummer"
                    ))
                    .at(Location::file(relative))
                    .tips("döp filen som `01-kort-namn.yaml`; numret bestämmer ordningen i ärendelistan"),
                );
                continue;
            };
            if let Some(file) = read_yaml::<ArendeFile>(sandbox, &path, keys::ARENDE, &mut problems)
            {
                arenden.push(LoadedArende { prefix, file });
            }
        }
    }
    arenden.sort_by_key(|a| a.prefix);

    let (previous_protokoll, unrecorded) = previous_protokoll(sandbox, &dir, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let (Some(namnd), Some(sammantrade)) = (namnd, sammantrade) else {
        return Err(Error::Tool(
            "inläsningen misslyckades utan felmeddelande".into(),
        ));
    };
    let folder_name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    Ok(LoadedMeeting {
        virtual_dir: virtual_path(sandbox.relative(&dir)),
        namnd_folder: folder_name(&namnd_dir),
        meeting_folder: folder_name(&dir),
        sandbox: sandbox.clone(),
        dir,
        namnd,
        sammantrade,
        arenden,
        previous_protokoll,
        unrecorded,
    })
}

/// Reads the meeting's `protokoll.yaml`, when it has one.
pub fn load_protokoll(
    sandbox: &Sandbox,
    meeting: &LoadedMeeting,
) -> Result<Option<Sourced<crate::model::ProtokollFile>>> {
    let path = meeting.dir.join(PROTOKOLL_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let mut problems = Vec::new();
    match read_yaml(sandbox, &path, keys::PROTOKOLL, &mut problems) {
        Some(file) => Ok(Some(file)),
        None => Err(Error::Input(problems)),
    }
}

/// Whether the meeting in `dir` is only planned: it has no ärenden yet
/// (no ärende files, no sekretess- or informationsärenden) and no
/// protokoll. A command over many meetings passes such a meeting by, and
/// the meeting site lists it without a kallelse. A `sammantrade.yaml` that
/// cannot be read is not planned: its errors are for the build to report;
/// nor is a meeting whose folder is not named after its date, or whose
/// `arenden` is no folder.
pub fn is_planned(dir: &Path) -> bool {
    let arenden = dir.join("arenden");
    let no_files = !arenden.exists() || (arenden.is_dir() && yaml_files(&arenden).is_empty());
    no_files
        && !dir.join(PROTOKOLL_FILE).is_file()
        && yaml::peek::<CountedMeeting>(&dir.join("sammantrade.yaml")).is_some_and(|m| {
            m.sekretessarenden.is_empty()
                && m.informationsarenden.is_empty()
                && folder::named_after(dir, m.datum.as_deref())
        })
}

/// Only what the paragraph numbers of an earlier meeting need; every other
/// key is ignored (that meeting is checked on its own).
#[derive(serde::Deserialize)]
struct CountedMeeting {
    #[serde(default)]
    datum: Option<String>,
    #[serde(default, rename = "första_paragraf", alias = "forsta_paragraf")]
    forsta_paragraf: Option<u32>,
    #[serde(default, rename = "sekretessärenden", alias = "sekretessarenden")]
    sekretessarenden: Vec<serde::de::IgnoredAny>,
    #[serde(default, rename = "informationsärenden", alias = "informationsarenden")]
    informationsarenden: Vec<serde::de::IgnoredAny>,
}

/// See [`CountedMeeting`].
#[derive(serde::Deserialize)]
struct CountedProtokoll {
    #[serde(default, rename = "första_paragraf", alias = "forsta_paragraf")]
    forsta_paragraf: Option<u32>,
    #[serde(default, rename = "extra_ärenden", alias = "extra_arenden")]
    extra_arenden: Vec<serde::de::IgnoredAny>,
}

/// The nämnd's last protokoll before the meeting in `dir` in the same
/// calendar year. Paragraphs are numbered through the year: each protokoll
/// starts at its own `första_paragraf` (in `protokoll.yaml`, else in
/// `sammantrade.yaml`), else after the protokoll before it, else at 1.
/// Meetings without a protokoll do not count.
fn previous_protokoll(
    sandbox: &Sandbox,
    dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> (Option<PreviousProtokoll>, Vec<String>) {
    let date_of = |path: &Path| {
        path.file_name()
            .and_then(|n| n.to_str())
            .and_then(folder_date)
    };
    let (Some(this), Some(namnd_dir)) = (date_of(dir), dir.parent()) else {
        return (None, Vec::new());
    };
    use chrono::Datelike;
    let mut earlier: Vec<(chrono::NaiveDate, PathBuf)> = WalkDir::new(namnd_dir)
        .min_depth(1)
        .max_depth(1)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_dir())
        .filter_map(|e| Some((date_of(e.path())?, e.into_path())))
        .filter(|(date, path)| {
            *date < this && date.year() == this.year() && path.join("sammantrade.yaml").is_file()
        })
        .collect();
    earlier.sort();
    // Meetings after the last one with a protokoll cannot be counted.
    let recorded = earlier
        .iter()
        .rposition(|(_, path)| path.join(PROTOKOLL_FILE).is_file());
    let unrecorded: Vec<String> = earlier[recorded.map_or(0, |i| i + 1)..]
        .iter()
        .filter_map(|(_, path)| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    earlier.retain(|(_, path)| path.join(PROTOKOLL_FILE).is_file());
    let mut previous: Option<PreviousProtokoll> = None;
    for (_, meeting) in earlier {
        let samm = read_counted::<CountedMeeting>(sandbox, &meeting.join("sammantrade.yaml"));
        let prot = read_counted::<CountedProtokoll>(sandbox, &meeting.join(PROTOKOLL_FILE));
        let ((counted, _), (protokoll, prot_path)) = match (samm, prot) {
            (Ok(c), Ok(p)) => (c, p),
            (c, p) => {
                problems.extend(c.err());
                problems.extend(p.err());
                return (None, unrecorded);
            }
        };
        let arenden = meeting.join("arenden");
        let beslut = if arenden.is_dir() {
            yaml_files(&arenden)
                .iter()
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .and_then(number_prefix)
                        .is_some()
                })
                .count()
        } else {
            0
        };
        let count = counted.sekretessarenden.len()
            + counted.informationsarenden.len()
            + beslut
            + protokoll.extra_arenden.len();
        let first = protokoll
            .forsta_paragraf
            .or(counted.forsta_paragraf)
            .or(previous.as_ref().map(|p| p.last + 1))
            .unwrap_or(1);
        previous = Some(PreviousProtokoll {
            meeting: meeting
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: prot_path,
            first,
            last: (first + count as u32).saturating_sub(1),
        });
    }
    (previous, unrecorded)
}

/// The nämnd's `arshjul.yaml`, read and checked, when it has one.
pub fn load_arshjul(sandbox: &Sandbox, namnd_dir: &Path) -> Result<Option<Sourced<ArshjulFile>>> {
    let path = namnd_dir.join(ARSHJUL_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let relative = sandbox.relative(&path).to_path_buf();
    // An empty file (only comments, as scaffolded) is an empty årshjul.
    let value: ArshjulFile = yaml::read::<Option<ArshjulFile>>(&path, &relative, keys::ARSHJUL)
        .map_err(Error::Input)?
        .unwrap_or_default();
    let mut problems = Vec::new();
    let mut slugs: Vec<(String, usize)> = Vec::new();
    for entry in &value {
        let line = entry.rubrik.referenced.line() as usize;
        let at = Location::at(&relative, line, entry.rubrik.referenced.column() as usize);
        let slug = crate::conventions::slug(&entry.rubrik.value);
        if let Some((_, first)) = slugs.iter().find(|(s, _)| *s == slug) {
            problems.push(
                Diagnostic::error(format!(
                    "\"{}\" ger samma id som posten på rad {first}: årshjul:{slug}:<år>",
                    entry.rubrik.value.trim()
                ))
                .at(at.clone())
                .tips("ge posterna olika rubriker, t.ex. \"Delårsrapport per april\" och \"Delårsrapport per augusti\""),
            );
        }
        slugs.push((slug, line));
        match (entry.manad.is_some(), entry.sammantrade.is_some()) {
            (true, true) => problems.push(
                Diagnostic::error(format!("\"{}\" har både `månad` och `sammanträde`", entry.rubrik.value.trim()))
                    .at(at)
                    .tips("ange antingen `månad: 9` (sammanträdet den månaden) eller `sammanträde: sista` (årets sista)"),
            ),
            (false, false) => problems.push(
                Diagnostic::error(format!("\"{}\" saknar `månad` eller `sammanträde`", entry.rubrik.value.trim()))
                    .at(at)
                    .tips("ange när ärendet kommer: `månad: 9` (sammanträdet den månaden) eller `sammanträde: första` eller `sista`"),
            ),
            _ => {}
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    Ok(Some(Sourced {
        path: relative,
        value,
    }))
}

/// The name of the year's cycle file in a nämnd folder.
pub const ARSHJUL_FILE: &str = "arshjul.yaml";

/// The ärende files of the meeting in `dir` (`arenden/NN-namn.yaml`), by
/// their number prefix, whether or not they can be read.
pub fn arende_files(dir: &Path) -> Vec<(u32, PathBuf)> {
    let mut files: Vec<(u32, PathBuf)> = std::fs::read_dir(dir.join("arenden"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .filter_map(|p| Some((number_prefix(&p.file_name()?.to_string_lossy())?, p)))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Reads a file of an earlier meeting for [`previous_protokoll`].
fn read_counted<T: DeserializeOwned>(
    sandbox: &Sandbox,
    path: &Path,
) -> std::result::Result<(T, PathBuf), Diagnostic> {
    let relative = sandbox.relative(path).to_path_buf();
    const TIPS: &str =
        "paragrafnumren fortsätter från nämndens förra protokoll samma år; rätta den filen först";
    let text = yaml::read_text(path, &relative).map_err(|err| Diagnostic {
        message: format!("ett tidigare sammanträde kan inte läsas: {}", err.message),
        tips: Some(TIPS.into()),
        ..err
    })?;
    match yaml::parse::<T>(&text) {
        Ok(value) => Ok((value, relative)),
        Err(mut diagnostic) => {
            match diagnostic.location.as_mut() {
                Some(location) => location.file = relative,
                None => diagnostic.location = Some(Location::file(relative)),
            }
            diagnostic.tips = Some(TIPS.into());
            Err(diagnostic)
        }
    }
}

/// A relative path written with `/`, as typst and the web want it.
pub fn virtual_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `.yaml` and `.yml` files directly in `dir`, sorted by name.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    files
}

/// The number at the start of a file name: "03-budget.yaml" → 3.
pub fn number_prefix(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    digits.parse().ok()
}

/// Reads and parses one YAML file of the project against its key table
/// (see [`yaml::read`]); problems go to `problems`.
pub(crate) fn read_yaml<T: DeserializeOwned>(
    sandbox: &Sandbox,
    path: &Path,
    fields: &'static [keys::Field],
    problems: &mut Vec<Diagnostic>,
) -> Option<Sourced<T>> {
    let relative = sandbox.relative(path).to_path_buf();
    match yaml::read(path, &relative, fields) {
        Ok(value) => Some(Sourced {
            path: relative,
            value,
        }),
        Err(found) => {
            problems.extend(found);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(number_prefix("03-budget.yaml"), Some(3));
        assert_eq!(number_prefix("12.yaml"), Some(12));
        assert_eq!(number_prefix("budget.yaml"), None);
    }
}
