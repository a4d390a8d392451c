//! Publish stage, the site's memory: a fingerprint of everything a
//! meeting's web folder is made from, kept in `output/.webbplats.json`
//! with what the site lists of the meeting, so that a meeting whose
//! sources have not changed is not built again.
//!
//! A meeting's folder is made from its own files, the nämnd's
//! `namnd.yaml`, the files its text names elsewhere in the project (as
//! recorded by the sandbox when it was built), the § numbers of the
//! nämnd's earlier meetings that year, the site's settings and templates,
//! and the tool itself.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::error::{Error, Result};

use super::SiteMeeting;

/// The file, in the output folder (beside the site, not in it).
pub const CACHE_FILE: &str = ".webbplats.json";

/// Bumped when what the cache holds changes shape.
const FORMAT: &str = "kallelse-webbplats-3";

/// What the last build left.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    /// [`FORMAT`] of the build that wrote it.
    pub format: String,
    /// Every meeting of the site, by id (`socialnamnden/2026-12-10`).
    pub meetings: BTreeMap<String, Cached>,
    /// Every source file read, by path from the root: its size, time of
    /// change and digest, so that an unchanged file is not read again.
    #[serde(default)]
    pub stamps: BTreeMap<String, Stamp>,
    /// The digest of the sources the site's own files were last checked
    /// against by the guard: while it is the same, a file as it is on the
    /// site need not be read again.
    #[serde(default)]
    pub guarded: String,
}

/// A source file as last read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Its size in bytes.
    pub len: u64,
    /// Its time of last change, nanoseconds since 1970.
    pub modified: u128,
    /// The SHA-256 of its bytes, hex.
    pub digest: String,
}

/// The stamps of the last build, and those of this one.
#[derive(Debug, Default)]
pub struct Stamps {
    previous: BTreeMap<String, Stamp>,
    now: std::sync::Mutex<BTreeMap<String, Stamp>>,
    /// When this build started: a file changed since shortly before then
    /// gets no stamp (it may change again within the clock's tick).
    started: u128,
}

impl Stamps {
    /// The stamps the last build left.
    pub fn from(previous: BTreeMap<String, Stamp>) -> Self {
        Stamps {
            previous,
            now: Default::default(),
            started: nanos(std::time::SystemTime::now()),
        }
    }

    /// Whether this build stamped exactly the files the last one did, as
    /// they were.
    pub fn unchanged(&self) -> bool {
        self.now.lock().is_ok_and(|now| *now == self.previous)
    }

    /// The stamps of this build, for the cache (taken: a second call
    /// gives none).
    pub fn take_current(&self) -> BTreeMap<String, Stamp> {
        self.now
            .lock()
            .map(|mut now| std::mem::take(&mut *now))
            .unwrap_or_default()
    }

    /// The digest of the file `relative` (under `root`), read only when
    /// its size or time of change differs from its stamp; `None` when it
    /// is missing.
    fn digest(&self, root: &Path, relative: &Path) -> Option<String> {
        let key = relative.to_string_lossy().into_owned();
        let meta = std::fs::metadata(root.join(relative)).ok()?;
        let modified = meta.modified().map(nanos).unwrap_or(0);
        let stamp = match self.previous.get(&key) {
            Some(stamp) if stamp.len == meta.len() && stamp.modified == modified => stamp.clone(),
            _ => {
                let bytes = std::fs::read(root.join(relative)).ok()?;
                let digest = Sha256::digest(&bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                Stamp {
                    len: bytes.len() as u64,
                    modified,
                    digest,
                }
            }
        };
        let digest = stamp.digest.clone();
        // Two seconds cover any file system's tick.
        if modified > 0
            && modified + 2_000_000_000 < self.started
            && let Ok(mut now) = self.now.lock()
        {
            now.insert(key, stamp);
        }
        Some(digest)
    }
}

/// Nanoseconds since 1970 (0 before).
fn nanos(time: std::time::SystemTime) -> u128 {
    time.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// A meeting as last built.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cached {
    /// The fingerprint of its sources.
    pub hash: String,
    /// The files outside its folder that it read, relative to the root.
    pub deps: Vec<String>,
    /// What its published files were made from, for the guard over the
    /// site's own pages.
    pub sources: crate::publish::guard::Sources,
    /// What the site lists of it.
    pub entry: SiteMeeting,
}

impl Cache {
    /// The cache in `output`, or an empty one when there is none or it is
    /// from another version.
    pub fn read(output: &Path) -> Self {
        std::fs::read(output.join(CACHE_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
            .filter(|cache| cache.format == FORMAT)
            .unwrap_or_default()
    }

    /// Writes the cache (atomically).
    pub fn write(mut self, output: &Path) -> Result<()> {
        self.format = FORMAT.to_owned();
        let json = serde_json::to_vec(&self)
            .map_err(|e| Error::Tool(format!("{CACHE_FILE} kunde inte skrivas: {e}")))?;
        crate::export::write_atomic(&output.join(CACHE_FILE), &json)
    }
}

/// A running fingerprint.
#[derive(Clone)]
pub struct Hasher(Sha256, std::sync::Arc<Stamps>);

impl Hasher {
    /// The fingerprint of what every page shares: the tool, the site's
    /// settings and templates, the base address and `SOURCE_DATE_EPOCH`.
    pub fn site(root: &Path, base_url: Option<&str>, stamps: std::sync::Arc<Stamps>) -> Self {
        let mut hasher = Hasher(Sha256::new(), stamps);
        hasher.text(FORMAT);
        hasher.text(env!("CARGO_PKG_VERSION"));
        // A rebuilt tool may write other bytes: its size and time stamp
        // stand for it.
        if let Some(meta) = std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::metadata(exe).ok())
        {
            hasher.text(&meta.len().to_string());
            if let Ok(modified) = meta.modified()
                && let Ok(since) = modified.duration_since(std::time::UNIX_EPOCH)
            {
                hasher.text(&since.as_nanos().to_string());
            }
        }
        hasher.text(base_url.unwrap_or(""));
        hasher.text(&std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default());
        hasher.file(root, Path::new(super::settings::SETTINGS_FILE));
        hasher.tree(root, Path::new("templates"));
        hasher
    }

    /// Adds a piece of text.
    pub fn text(&mut self, text: &str) {
        self.0.update((text.len() as u64).to_le_bytes());
        self.0.update(text.as_bytes());
    }

    /// Adds a file by its path relative to `root` and the digest of its
    /// bytes (or its absence).
    pub fn file(&mut self, root: &Path, relative: &Path) {
        self.text(&relative.to_string_lossy());
        match self.1.digest(root, relative) {
            Some(digest) => {
                self.0.update([1]);
                self.text(&digest);
            }
            None => self.0.update([0]),
        }
    }

    /// Adds every file under the folder `relative` (none when it is
    /// missing), in path order.
    pub fn tree(&mut self, root: &Path, relative: &Path) {
        let dir = root.join(relative);
        if !dir.is_dir() {
            self.text("(ingen mapp)");
            return;
        }
        for entry in WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
        {
            if let Ok(path) = entry.path().strip_prefix(root) {
                self.file(root, path);
            }
        }
    }

    /// Adds the names of the files directly in `dir` (not their bytes).
    pub fn names(&mut self, dir: &Path) {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        for name in names {
            self.text(&name);
        }
    }

    /// The fingerprint, hex.
    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The SHA-256 of `bytes`, hex.
pub fn digest_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fingerprint of the meeting in `dir` (relative to `root`): `site`,
/// its folder, the nämnd's files, the § numbers of the nämnd's earlier
/// meetings that year (their `sammantrade.yaml`, `protokoll.yaml` and
/// the names of their ärende files) and `deps`.
pub fn meeting(site: &Hasher, root: &Path, dir: &Path, deps: &[String]) -> String {
    let mut hasher = site.clone();
    hasher.tree(root, dir);
    let namnd_dir = dir.parent().unwrap_or(dir);
    hasher.file(root, &namnd_dir.join("namnd.yaml"));
    let year = dir
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(4).collect::<String>())
        .unwrap_or_default();
    let this = dir.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut earlier: Vec<String> = std::fs::read_dir(root.join(namnd_dir))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with(&year) && Some(name) < this.as_ref())
                .collect()
        })
        .unwrap_or_default();
    earlier.sort();
    for name in earlier {
        let other = namnd_dir.join(&name);
        hasher.file(root, &other.join("sammantrade.yaml"));
        hasher.file(root, &other.join(crate::load::PROTOKOLL_FILE));
        hasher.names(&root.join(&other).join("arenden"));
    }
    for dep in deps {
        hasher.file(root, Path::new(dep));
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    /// Writes `text` to `path` and dates it `when`.
    fn write_dated(path: &Path, text: &str, when: SystemTime) {
        std::fs::write(path, text).unwrap();
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(when).unwrap();
    }

    #[test]
    fn an_unchanged_file_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        write_dated(&path, "rubrik: A\n", hour_ago);
        let first = Stamps::from(BTreeMap::new());
        let digest = first.digest(dir.path(), Path::new("a.yaml")).unwrap();
        let stamps = first.take_current();
        assert_eq!(stamps["a.yaml"].digest, digest);

        // Same size and time of change: the stamp stands for the file
        // (it is not read, so another byte goes unseen, as in make).
        write_dated(&path, "rubrik: B\n", hour_ago);
        let second = Stamps::from(stamps.clone());
        assert_eq!(
            second.digest(dir.path(), Path::new("a.yaml")).unwrap(),
            digest
        );
        // Changed since: read again.
        write_dated(&path, "rubrik: B\n", hour_ago + Duration::from_secs(1));
        let third = Stamps::from(stamps);
        assert_ne!(
            third.digest(dir.path(), Path::new("a.yaml")).unwrap(),
            digest
        );
        // A file changed just now gets no stamp: it may change again
        // within the same tick of the clock.
        write_dated(&path, "rubrik: C\n", SystemTime::now());
        let fourth = Stamps::from(BTreeMap::new());
        fourth.digest(dir.path(), Path::new("a.yaml")).unwrap();
        assert!(fourth.take_current().is_empty());
        assert_eq!(fourth.digest(dir.path(), Path::new("saknas.yaml")), None);
    }
}
