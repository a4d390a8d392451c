//! Validate stage, masking: the `<maskerad lagrum="…">…</maskerad>`
//! markup (see [`crate::mask`]) of every file a meeting is made from is
//! read as written, so a mistake is reported at its line and column
//! before anything is built or published.

use std::path::Path;

use crate::error::{Diagnostic, Location};
use crate::mask;

/// The masking mistakes of the files `files` (relative to `root`), at
/// most one per file: after a mistake the rest of the file cannot be
/// read for certain.
pub fn check_files<'a>(root: &Path, files: impl IntoIterator<Item = &'a Path>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        if let Some(problem) = mask::check(&text) {
            let before = &text[..problem.offset];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            problems.push(
                Diagnostic::error(problem.message)
                    .at(Location::at(file, line, column))
                    .tips(problem.tips)
                    .kind(crate::error::Kind::Masking),
            );
        }
    }
    problems
}
