//! Authoring, watch mode: `kallelse bevaka` builds the packet, then rebuilds
//! it whenever a YAML, Markdown, bilaga, template or font file changes.
//! Bursts of events (an editor saving several files) are grouped into one
//! rebuild; an error is printed and the watch goes on; the output folder is
//! not watched. typst's memo cache is evicted after every build so memory
//! stays bounded over a long session.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher as _};

use crate::build::{self, BuildOptions};
use crate::compile::PartCache;
use crate::error::{Error, Result, report, shown, summary};
use crate::export;
use crate::load::Sandbox;
use crate::meeting::Meeting;

/// How long the watcher waits for a burst of events to end: an editor
/// writes a file in a few milliseconds; longer would delay every rebuild.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// The folders of a project that hold sources.
const WATCHED: &[&str] = &["content", "templates", "fonts"];

/// File types whose change means a rebuild.
const SOURCE_EXTENSIONS: &[&str] = &[
    "yaml", "yml", "md", "markdown", "pdf", "csv", "xlsx", "ods", "png", "jpg", "jpeg", "svg",
    "gif", "typ", "html", "ttf", "otf", "ttc", "otc",
];

/// Whether an event changes a file (reading one, as every build does, must
/// not trigger the next build).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Whether a changed path should trigger a rebuild.
pub fn is_source(root: &Path, output: &Path, path: &Path) -> bool {
    if path.starts_with(output) || !path.starts_with(root) {
        return false;
    }
    let hidden = path
        .strip_prefix(root)
        .map(|p| {
            p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .unwrap_or(true);
    !hidden
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SOURCE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether a path is a folder created among the sources (a new meeting
/// folder, `bilagor/`, `templates/`): its files are then read at once.
fn is_new_folder(root: &Path, output: &Path, path: &Path) -> bool {
    path.starts_with(root)
        && !path.starts_with(output)
        && path.is_dir()
        && path.strip_prefix(root).is_ok_and(|p| {
            p.components()
                .next()
                .is_some_and(|first| WATCHED.iter().any(|dir| first.as_os_str() == *dir))
                && !p
                    .components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
}

/// `kallelse bevaka`: builds the kallelse of the meetings `folder` names
/// (all of the project's when `None`), then again after every change, each
/// meeting loaded anew. Parts of a packet that did not change are not laid
/// out again, and a meeting created while watching is built too.
pub fn bevaka(sandbox: &Sandbox, folder: Option<&Path>, options: &BuildOptions) -> Result<()> {
    let out_root = export::output_root(sandbox.root(), options.output.as_deref());
    let mut meetings = build::resolve_meetings(folder)?.1;
    let mut cache = PartCache::default();
    watch(sandbox, &out_root, |changed| {
        if let Some(first) = changed.first() {
            let more = match changed.len() {
                1 => String::new(),
                n => format!(" och {} filer till", n - 1),
            };
            eprintln!(
                "[{}] Ändrad: {}{more}",
                clock(),
                sandbox.relative(first).display()
            );
        }
        if let Ok((_, now)) = build::resolve_meetings(folder) {
            meetings = now;
        }
        for dir in &meetings {
            build_once(sandbox, dir, options, &mut cache);
        }
        cache.end_round();
    })
}

/// One build of one meeting in watch mode, with its status line.
fn build_once(sandbox: &Sandbox, dir: &Path, options: &BuildOptions, cache: &mut PartCache) {
    let name = sandbox.relative(dir).display().to_string();
    let started = Instant::now();
    let built = Meeting::load(sandbox, dir)
        .and_then(|meeting| build::build_meeting(&meeting, options, cache));
    match built {
        Ok(built) => {
            report(sandbox.root(), &built.warnings);
            let warnings = if built.warnings.is_empty() {
                String::new()
            } else {
                format!(", {}", summary(&built.warnings))
            };
            println!(
                "[{}] Byggde {} ({} sidor, {}{warnings})",
                clock(),
                shown(&built.pdf),
                built.pages,
                seconds(started),
            );
        }
        Err(Error::Input(diagnostics)) => {
            report(sandbox.root(), &diagnostics);
            println!(
                "[{}] {name}: byggdes inte ({}); den förra PDF:en är orörd",
                clock(),
                summary(&diagnostics)
            );
        }
        Err(Error::Reported) => {}
        Err(Error::Tool(message)) => println!("[{}] {name}: fel: {message}", clock()),
    }
}

/// Runs `build` once, then again after every change, until the watcher
/// fails. `build` reports its own result; it gets the changed files (empty
/// for the first build).
pub fn watch(sandbox: &Sandbox, output: &Path, mut build: impl FnMut(&[PathBuf])) -> Result<()> {
    let root = sandbox.root().to_path_buf();
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Error::Tool(format!("kunde inte bevaka filerna: {e}")))?;
    // The root itself, not recursively (it may hold a large output/ or
    // target/), so that a source folder created later is seen; and each
    // source folder recursively, which covers folders created inside it.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Tool(format!("kunde inte bevaka {}: {e}", root.display())))?;
    let mut watched = Vec::new();
    let mut watch_new = |watcher: &mut notify::RecommendedWatcher| {
        for dir in WATCHED {
            let path = root.join(dir);
            if path.is_dir() && !watched.contains(&path) {
                match watcher.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => watched.push(path),
                    Err(e) => eprintln!("varning: kunde inte bevaka {}: {e}", path.display()),
                }
            }
        }
    };
    watch_new(&mut watcher);
    let relevant = |event: notify::Result<notify::Event>| -> Vec<PathBuf> {
        match event {
            Ok(event) if is_change(&event.kind) => event
                .paths
                .into_iter()
                .filter(|p| is_source(&root, output, p) || is_new_folder(&root, output, p))
                .collect(),
            Ok(_) => Vec::new(),
            Err(e) => {
                eprintln!("varning: bevakningen rapporterade ett fel: {e}");
                Vec::new()
            }
        }
    };
    build(&[]);
    while let Ok(first) = rx.recv() {
        let mut changed = relevant(first);
        if changed.is_empty() {
            continue;
        }
        // Group the burst: wait until no change has come for a moment.
        while let Ok(next) = rx.recv_timeout(DEBOUNCE) {
            changed.extend(relevant(next));
        }
        // A source folder created since is watched from now on. A folder
        // created anywhere (a new meeting, its bilagor/) may have been
        // filled before its watch began: its files count as changed.
        watch_new(&mut watcher);
        let folders: Vec<PathBuf> = changed.iter().filter(|p| p.is_dir()).cloned().collect();
        changed.retain(|p| !p.is_dir());
        for folder in folders {
            changed.extend(
                walkdir::WalkDir::new(&folder)
                    .into_iter()
                    .filter_map(|e| e.ok())
                    .map(|e| e.into_path())
                    .filter(|p| is_source(&root, output, p)),
            );
        }
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        build(&changed);
        // Keep only what the last builds used; a long session otherwise
        // grows typst's cache without bound.
        typst::comemo::evict(3);
    }
    Ok(())
}

/// `HH:MM:SS` of the local time, for the status line.
pub fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// Seconds with a Swedish decimal comma: "0,31 s".
pub fn seconds(since: Instant) -> String {
    format!("{:.2} s", since.elapsed().as_secs_f64()).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_outside_the_output_count() {
        let root = Path::new("/p");
        let output = Path::new("/p/output");
        assert!(is_source(
            root,
            output,
            Path::new("/p/content/sn/2026-12-10/arenden/01-a.yaml")
        ));
        assert!(is_source(root, output, Path::new("/p/templates/stil.typ")));
        assert!(!is_source(
            root,
            output,
            Path::new("/p/output/sn/2026-12-10/kallelse.pdf")
        ));
        assert!(!is_source(
            root,
            output,
            Path::new("/p/content/sn/.01-a.yaml.swp")
        ));
        assert!(!is_source(
            root,
            output,
            Path::new("/p/content/sn/anteckning.txt")
        ));
    }
}
