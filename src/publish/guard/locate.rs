//! Publish stage, the guard: where in the sources a number found in what
//! is published was written. The guard stops on what is published; this
//! source scan gives the best place to mend it (file, line and column),
//! and tells which `tillåtna_nummer` apply.
//!
//! A source is searched as written and, failing that, through the markup
//! and escapes that can hide a number (see [`personnummer::find_loose`]).
//! Masked passages and YAML comments are never published, so a number in
//! them is not where a published number came from.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Location;
use crate::mask;
use crate::personnummer::{self, Hit};
use crate::validate::protokoll::Protokoll;
use crate::validate::{Facts, Packet};

/// What one or more meetings' published files were made from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Sources {
    /// Numbers allowed everywhere (`tillåtna_nummer` of `sammantrade.yaml`).
    pub meeting_allowed: Vec<String>,
    /// The files a published text can come from.
    pub files: Vec<Source>,
    /// Published files that are copies of a source (PDF bilagor): by the
    /// published name (relative to the web folder), the source and the
    /// numbers its ärende allows.
    pub copies: Vec<(String, PathBuf, Vec<String>)>,
}

/// One file a published text can come from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    /// Relative to the project root.
    pub path: PathBuf,
    /// Which of its lines are published.
    pub scope: Scope,
    /// Numbers allowed in it besides the meeting's (its ärende's).
    pub allowed: Vec<String>,
    /// For an Excel förteckning: its rows as read, with their row numbers
    /// (the file itself is not text). Not kept between site builds.
    #[serde(skip)]
    pub rows: Option<Vec<(usize, Vec<String>)>>,
}

/// Which lines of a source are published (the rest are never where a
/// published number came from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// All of it, but YAML comments.
    All,
    /// An unpublished ärende: the lines of its rubrik and diarienummer.
    Title,
    /// An unpublished ärende whose protokoll is published: also its
    /// proposal, which the protokoll decides.
    Decided,
    /// `protokoll.yaml` but the entries of sekretess paragraphs and of
    /// secret extra ärenden.
    Protokoll,
}

/// What an unpublished ärende publishes.
const TITLE_KEYS: &[&str] = &["rubrik", "diarienummer"];
/// What an unpublished ärende publishes once its protokoll is published.
const DECIDED_KEYS: &[&str] = &[
    "rubrik",
    "diarienummer",
    "förslag_till_beslut",
    "forslag_till_beslut",
];

/// Where a number stands in a source.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// File, line and column.
    pub location: Location,
    /// Whether the source allows the number.
    pub allowed: bool,
}

impl Sources {
    /// The sources of a meeting: its YAML files, Markdown bilagor,
    /// förteckningar, `protokoll.yaml` and written reservations.
    pub fn of_meeting(packet: &Packet, facts: &Facts, protokoll: Option<&Protokoll>) -> Self {
        let meeting_allowed = &facts.tillatna_nummer;
        let mut files: Vec<Source> = facts
            .kallor
            .iter()
            .map(|path| Source::text(path.clone(), meeting_allowed.clone()))
            .collect();
        let mut copies = Vec::new();
        for arende in &packet.arenden {
            let allowed: Vec<String> = meeting_allowed
                .iter()
                .chain(&arende.tillatna_nummer)
                .cloned()
                .collect();
            let allowed = &allowed;
            let mut own = Source::text(arende.kalla.clone(), allowed.clone());
            if !crate::public::arende_published(arende) {
                own.scope = if protokoll.is_some() {
                    Scope::Decided
                } else {
                    Scope::Title
                };
            }
            files.push(own);
            for bilaga in &arende.bilagor {
                match bilaga.typ {
                    crate::validate::BilagaTyp::Markdown => {
                        files.push(Source::text(PathBuf::from(&bilaga.fil), allowed.clone()))
                    }
                    crate::validate::BilagaTyp::Pdf => copies.push((
                        bilaga.webbfil.clone(),
                        PathBuf::from(&bilaga.fil),
                        allowed.clone(),
                    )),
                }
            }
            if let Some(forteckning) = &arende.forteckning
                && let Some(file) = &forteckning.fil
            {
                let is_text = file
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
                let mut source = Source::text(file.clone(), allowed.clone());
                if !is_text {
                    source.rows = Some(
                        forteckning
                            .rader_i_fil
                            .iter()
                            .copied()
                            .zip(forteckning.rader.iter().cloned())
                            .collect(),
                    );
                }
                files.push(source);
            }
        }
        if let Some(protokoll) = protokoll {
            let mut own = Source::text(protokoll.kalla.clone(), meeting_allowed.clone());
            own.scope = Scope::Protokoll;
            files.push(own);
            for paragraf in &protokoll.paragrafer {
                for reservation in &paragraf.reservationer {
                    if let Some(file) = &reservation.fil {
                        files.push(Source::text(file.clone(), meeting_allowed.clone()));
                    }
                }
            }
        }
        files.dedup_by(|a, b| a.path == b.path);
        Self {
            meeting_allowed: facts.tillatna_nummer.clone(),
            files,
            copies,
        }
    }

    /// Sources that are whole files (a planned meeting's YAML), with the
    /// numbers the meeting allows.
    pub fn of_files(files: Vec<PathBuf>, meeting_allowed: Vec<String>) -> Self {
        Self {
            files: files
                .into_iter()
                .map(|path| Source::text(path, meeting_allowed.clone()))
                .collect(),
            meeting_allowed,
            copies: Vec::new(),
        }
    }

    /// The sources of several meetings together (the site's own pages). A
    /// meeting's `tillåtna_nummer` allow a number only where it stands in
    /// that meeting's files, never in another's.
    pub fn merged(all: impl IntoIterator<Item = Sources>) -> Self {
        let mut merged = Sources::default();
        for sources in all {
            merged.files.extend(sources.files);
        }
        merged
    }

    /// Every place in the sources where the number with `digits` stands.
    pub fn locate(&self, root: &Path, digits: &str) -> Vec<Occurrence> {
        let mut found = Vec::new();
        for source in &self.files {
            let allowed = source.allowed.iter().any(|d| d == digits);
            for location in source.places(root, digits) {
                found.push(Occurrence { location, allowed });
            }
        }
        found
    }

    /// The source a published file is a copy of.
    pub fn copy_of(&self, published: &str) -> Option<&Path> {
        self.copies
            .iter()
            .find(|(name, ..)| name == published)
            .map(|(_, source, _)| source.as_path())
    }

    /// Whether a published copy's ärende allows the number.
    pub fn copy_allows(&self, published: &str, digits: &str) -> bool {
        self.copies
            .iter()
            .any(|(name, _, allowed)| name == published && allowed.iter().any(|d| d == digits))
    }
}

impl Source {
    fn text(path: PathBuf, allowed: Vec<String>) -> Self {
        Self {
            path,
            scope: Scope::All,
            allowed,
            rows: None,
        }
    }

    /// The places of the number in this source.
    fn places(&self, root: &Path, digits: &str) -> Vec<Location> {
        if let Some(rows) = &self.rows {
            return rows
                .iter()
                .filter(|(_, cells)| {
                    cells.iter().any(|cell| {
                        let open = public_text(cell);
                        hits(&open).any(|hit| hit.digits == digits)
                    })
                })
                .map(|(row, _)| Location::at(&self.path, *row, 0))
                .collect();
        }
        let Ok(bytes) = std::fs::read(root.join(&self.path)) else {
            return Vec::new();
        };
        // A CSV list may be Windows-1252, as the diarium exports it.
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => encoding_rs::WINDOWS_1252
                .decode(err.as_bytes())
                .0
                .into_owned(),
        };
        let yaml = matches!(
            self.path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        let masked = mask::masked_ranges(&text);
        let lines = LineIndex::new(&text);
        let mut published = published_lines(&text, self.scope);
        if yaml {
            // The allow list itself is never published.
            for (line, allow) in allow_list_lines(&text).into_iter().enumerate() {
                published[line] &= !allow;
            }
        }
        let mut places: Vec<Location> = hits(&text)
            .filter(|hit| hit.digits == digits)
            .filter(|hit| !overlaps(&masked, &hit.range))
            .filter(|hit| !(yaml && lines.in_comment(&text, hit.range.start)))
            .filter(|hit| published[lines.line_of(hit.range.start) - 1])
            .map(|hit| lines.location(&self.path, &text, hit.range.start))
            .collect();
        places.dedup();
        places
    }
}

/// Whether each line of a source is published, by its scope.
fn published_lines(text: &str, scope: Scope) -> Vec<bool> {
    let lines: Vec<&str> = text.lines().chain(std::iter::once("")).collect();
    match scope {
        Scope::All => vec![true; lines.len()],
        Scope::Title | Scope::Decided => {
            let keys = if scope == Scope::Title {
                TITLE_KEYS
            } else {
                DECIDED_KEYS
            };
            let mut public = false;
            lines
                .iter()
                .map(|line| {
                    if let Some(key) = top_level_key(line) {
                        public = keys.contains(&key);
                    }
                    public
                })
                .collect()
        }
        Scope::Protokoll => protokoll_lines(&lines),
    }
}

/// Whether each line belongs to a `tillåtna_nummer` list (at any level:
/// a meeting's or an ärende's).
fn allow_list_lines(text: &str) -> Vec<bool> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut inside: Option<usize> = None;
    text.lines()
        .chain(std::iter::once(""))
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(level) = inside {
                if trimmed.is_empty()
                    || indent(line) > level
                    || trimmed.starts_with("- ") && indent(line) == level
                {
                    return true;
                }
                inside = None;
            }
            let key = trimmed.split(':').next().unwrap_or("").trim();
            if matches!(key, "tillåtna_nummer" | "tillatna_nummer") {
                inside = Some(indent(line));
                return true;
            }
            false
        })
        .collect()
}

/// The key of a line that opens a top-level entry: `rubrik: …` → `rubrik`.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    line.split_once(':').map(|(key, _)| key.trim())
}

/// The lines of `protokoll.yaml` that are published: not those of a
/// `sekretess/N:` entry, nor of an extra ärende with `sekretess: ja`.
fn protokoll_lines(lines: &[&str]) -> Vec<bool> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let blank = |line: &str| line.trim().is_empty() || line.trim_start().starts_with('#');
    let mut public = vec![true; lines.len()];
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim_start();
        let secret_key = trimmed.starts_with("sekretess/");
        let item = trimmed.starts_with("- ");
        if !(secret_key || item) {
            index += 1;
            continue;
        }
        // The entry runs while lines are indented deeper than its start.
        let level = indent(line);
        let mut end = index + 1;
        while end < lines.len() && (blank(lines[end]) || indent(lines[end]) > level) {
            end += 1;
        }
        let secret = secret_key
            || lines[index..end].iter().any(|l| {
                let l = l
                    .trim_start()
                    .trim_start_matches("- ")
                    .trim_start_matches('{');
                l.split([',', '\n']).map(str::trim).any(|part| {
                    matches!(
                        part.trim_end_matches('}').trim(),
                        "sekretess: ja" | "sekretess: true" | "sekretess: yes"
                    )
                })
            });
        if secret {
            public[index..end].iter_mut().for_each(|p| *p = false);
            index = end;
        } else {
            index += 1;
        }
    }
    public
}

/// A text with its masked passages left out (for rows read from Excel).
fn public_text(text: &str) -> String {
    let masked = mask::masked_ranges(text);
    let mut out = String::new();
    let mut at = 0;
    for range in masked {
        out.push_str(&text[at..range.start]);
        out.push(' ');
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The numbers of a text as written and, where they differ, as read
/// through markup and escapes.
fn hits(text: &str) -> impl Iterator<Item = Hit> {
    let mut all = personnummer::find(text);
    for loose in personnummer::find_loose(text) {
        if !all.iter().any(|hit| hit.range.start == loose.range.start) {
            all.push(loose);
        }
    }
    all.sort_by_key(|hit| hit.range.start);
    all.into_iter()
}

fn overlaps(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    ranges
        .iter()
        .any(|r| r.start < range.end && range.start < r.end)
}

/// The starts of a text's lines, to turn byte offsets into lines and
/// columns.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        Self {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn location(&self, file: &Path, text: &str, offset: usize) -> Location {
        let line = self.line_of(offset);
        let start = self.starts[line - 1];
        Location::at(file, line, text[start..offset].chars().count() + 1)
    }

    /// Whether the offset is on a YAML comment line.
    fn in_comment(&self, text: &str, offset: usize) -> bool {
        let start = self.starts[self.line_of(offset) - 1];
        text[start..].trim_start().starts_with('#')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_place_through_markup_but_not_in_a_mask_or_comment() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.yaml"),
            "# 19121212-1212 i en kommentar\nbakgrund: |\n  Sökande 19121212-**1212** bor här.\n  <maskerad lagrum=\"OSL\">19121212-1212</maskerad>\n",
        )
        .unwrap();
        let sources = Sources {
            meeting_allowed: Vec::new(),
            files: vec![Source::text(PathBuf::from("a.yaml"), Vec::new())],
            copies: Vec::new(),
        };
        let found = sources.locate(dir.path(), "1212121212");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].location, Location::at("a.yaml", 3, 11));
        assert!(!found[0].allowed);
    }

    #[test]
    fn only_published_lines_count() {
        let protokoll = "paragrafer:\n  sekretess/1:\n    text: hemligt\n  beslut/1:\n    text: öppet\nextra_ärenden:\n  - rubrik: A\n    sekretess: ja\n    text: hemligt\n  - { rubrik: B, text: öppet }\n";
        assert_eq!(
            published_lines(protokoll, Scope::Protokoll),
            [
                true, false, false, true, true, true, false, false, false, true, true
            ]
        );
        let arende =
            "rubrik: A\nbakgrund: |\n  text\nförslag_till_beslut:\n  - att x\ndiarienummer: SN1\n";
        assert_eq!(
            published_lines(arende, Scope::Title),
            [true, false, false, false, false, true, true]
        );
    }
}
