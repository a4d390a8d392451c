//! Diagnostics shared by every stage: one error type, rendered in Swedish
//! with the file, line, column and a source excerpt, in the style of `just`
//! and `rustc`.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The packet cannot be built.
    Error,
    /// The packet can be built, but something probably needs attention.
    Warning,
}

impl Severity {
    /// The Swedish label that starts a message: `fel` or `varning`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "fel",
            Severity::Warning => "varning",
        }
    }
}

/// A place in a file the user wrote (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, relative to the project root where possible.
    pub file: PathBuf,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
}

impl Location {
    /// A location that names only a file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            line: 0,
            column: 0,
        }
    }

    /// A location at a line and column of a file.
    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Self {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// What a diagnostic is about, for code that must tell problems apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Kind {
    /// Any problem that is reported and nothing more.
    #[default]
    Other,
    /// Something personal would be published: a publishing run that meets
    /// one stops as a whole, and nothing is replaced.
    Personnummer,
    /// An image without alt text: a warning in the full packet, an error
    /// in the web version, which must be accessible.
    MissingAlt,
    /// A mistake in the masking markup (`<maskerad …>`).
    Masking,
    /// A file or text over one of the limits.
    Limit,
    /// A problem typst found in a template or a generated source.
    Typst,
}

/// One problem found in the user's input or while building.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What it is about.
    pub kind: Kind,
    /// Where the problem is, when it has a place.
    pub location: Option<Location>,
    /// What is wrong, in Swedish.
    pub message: String,
    /// How to fix it, in Swedish.
    pub tips: Option<String>,
}

impl Diagnostic {
    /// An error with a message.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            kind: Kind::Other,
            location: None,
            message: message.into(),
            tips: None,
        }
    }

    /// A warning with a message.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Attaches a place.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Marks what the diagnostic is about.
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// Attaches a hint on how to fix the problem.
    pub fn tips(mut self, tips: impl Into<String>) -> Self {
        self.tips = Some(tips.into());
        self
    }

    /// Renders the diagnostic with a source excerpt read from `root`.
    pub fn render(&self, root: &Path) -> String {
        let mut out = String::new();
        let label = self.severity.label();
        out.push_str(&format!("{label}: {}\n", self.message));
        if let Some(location) = &self.location {
            out.push_str(&format!("  --> {location}\n"));
            if let Some(excerpt) = excerpt(root, location) {
                // A message about a personnummer never repeats it whole.
                if self.kind == Kind::Personnummer {
                    out.push_str(&crate::personnummer::mask_all(&excerpt));
                } else {
                    out.push_str(&excerpt);
                }
            }
        }
        if let Some(tips) = &self.tips {
            out.push_str(&format!("  tips: {tips}\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.severity.label();
        match &self.location {
            Some(location) => write!(f, "{location}: {label}: {}", self.message)?,
            None => write!(f, "{label}: {}", self.message)?,
        }
        if let Some(tips) = &self.tips {
            write!(f, " (tips: {tips})")?;
        }
        Ok(())
    }
}

/// The source line of a location with a caret under the column.
fn excerpt(root: &Path, location: &Location) -> Option<String> {
    if location.line == 0 {
        return None;
    }
    let path = if location.file.is_absolute() {
        location.file.clone()
    } else {
        root.join(&location.file)
    };
    let text = std::fs::read_to_string(path).ok()?;
    let line = text.lines().nth(location.line - 1)?;
    let number = location.line.to_string();
    let pad = " ".repeat(number.len());
    let mut out = format!("{pad} |\n{number} | {line}\n");
    if location.column > 0 {
        let before: String = line.chars().take(location.column - 1).collect();
        let indent: String = before
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!("{pad} | {indent}^\n"));
    }
    Some(out)
}

/// Diagnostics sorted by file and line, errors before warnings at a place.
pub fn sorted(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by(|a, b| {
        a.location
            .cmp(&b.location)
            .then(a.severity.cmp(&b.severity))
    });
    sorted
}

/// Prints diagnostics to stderr with source excerpts read from `root`.
pub fn report(root: &Path, diagnostics: &[Diagnostic]) {
    for diagnostic in sorted(diagnostics) {
        eprintln!("{}", diagnostic.render(root));
    }
}

/// "2 fel, 1 varning".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let warnings = if warnings == 1 {
        "1 varning".to_owned()
    } else {
        format!("{warnings} varningar")
    };
    format!("{errors} fel, {warnings}")
}

/// A path as the user would type it: relative to the current folder when
/// it is below it.
pub fn shown(path: &Path) -> String {
    path.strip_prefix(std::env::current_dir().unwrap_or_default())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The error type of every stage: one or more diagnostics, or an I/O failure
/// of the tool itself.
#[derive(Debug)]
pub enum Error {
    /// Problems in the user's input (exit code 1).
    Input(Vec<Diagnostic>),
    /// Problems in the user's input that have already been shown, as a
    /// command over many meetings shows each meeting's (exit code 1).
    Reported,
    /// The tool itself failed: disk, permissions, an internal error (exit code 2).
    Tool(String),
}

impl Error {
    /// A single input problem.
    pub fn input(diagnostic: Diagnostic) -> Self {
        Self::Input(vec![diagnostic])
    }

    /// An I/O failure on a path, described in Swedish. When the path (or a
    /// folder on the way to it) is a file where a folder should be, or a
    /// folder where a file should be, the message names that path.
    pub fn io(action: &str, path: &Path, err: std::io::Error) -> Self {
        let reason = match wrong_kind(path, &err) {
            Some(explained) => explained,
            None => io_reason(&err),
        };
        Self::Tool(format!("kunde inte {action} {}: {reason}", path.display()))
    }
}

/// For an error that a file in the way of a folder (or the reverse) can
/// cause, which path is the wrong kind of thing.
fn wrong_kind(path: &Path, err: &std::io::Error) -> Option<String> {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotADirectory | ErrorKind::AlreadyExists | ErrorKind::NotFound => {
            let file = path
                .ancestors()
                .find(|p| std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir()))?;
            // A symbolic link to a folder is a folder.
            if file.is_dir() {
                return None;
            }
            Some(format!(
                "{} är en fil, inte en mapp (ta bort eller döp om filen, eller välj en annan mapp)",
                file.display()
            ))
        }
        ErrorKind::IsADirectory if path.is_dir() => Some(format!(
            "{} är en mapp, inte en fil (ta bort eller döp om mappen)",
            path.display()
        )),
        _ => None,
    }
}

/// A Swedish description of an I/O failure. The operating system's own
/// (English) text is never shown alone: an unknown failure is described by
/// its error number.
pub fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let text = match err.kind() {
        ErrorKind::NotFound => "filen eller mappen finns inte",
        ErrorKind::PermissionDenied => {
            "behörighet saknas (kontrollera filens eller mappens rättigheter)"
        }
        ErrorKind::AlreadyExists => "finns redan",
        ErrorKind::InvalidData => "innehållet är inte giltig UTF-8-text",
        ErrorKind::StorageFull => "disken är full; frigör utrymme och försök igen",
        ErrorKind::QuotaExceeded => "diskkvoten är slut; frigör utrymme och försök igen",
        ErrorKind::FileTooLarge => "filen blir större än filsystemet tillåter",
        ErrorKind::ReadOnlyFilesystem => {
            "filsystemet är skrivskyddat; välj en annan mapp att skriva till"
        }
        ErrorKind::NotADirectory => "en del av sökvägen är en fil, inte en mapp",
        ErrorKind::IsADirectory => "är en mapp, inte en fil",
        ErrorKind::DirectoryNotEmpty => "mappen är inte tom",
        ErrorKind::InvalidFilename => {
            "namnet är inte tillåtet i filsystemet (för långt eller med otillåtna tecken)"
        }
        ErrorKind::TooManyLinks => "för många länkar till filen",
        ErrorKind::Interrupted => "avbröts; försök igen",
        ErrorKind::ResourceBusy => "filen eller mappen används av ett annat program",
        ErrorKind::ExecutableFileBusy => "filen används av ett program som körs",
        ErrorKind::CrossesDevices => "filen kan inte flyttas till en annan disk",
        ErrorKind::StaleNetworkFileHandle => "nätverksdisken svarar inte längre; anslut den igen",
        ErrorKind::TimedOut => "tog för lång tid (en nätverksdisk som inte svarar?)",
        ErrorKind::OutOfMemory => "minnet räckte inte",
        ErrorKind::UnexpectedEof => "filen tog slut för tidigt",
        ErrorKind::WriteZero => "inget kunde skrivas (disken full?)",
        ErrorKind::Unsupported => "filsystemet stöder inte åtgärden",
        _ => {
            return match err.raw_os_error() {
                Some(code) => format!("oväntat fel från operativsystemet (felkod {code})"),
                None => "oväntat fel vid läsning eller skrivning".into(),
            };
        }
    };
    text.into()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(diagnostics) => {
                for d in diagnostics {
                    writeln!(f, "{d}")?;
                }
                Ok(())
            }
            Error::Reported => Ok(()),
            Error::Tool(message) => write!(f, "fel: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    /// The Linux error numbers of the failures a user meets.
    #[test]
    fn os_errors_are_swedish() {
        let cases = [
            (28, "disken är full"),
            (30, "filsystemet är skrivskyddat"),
            (13, "behörighet saknas"),
            (1, "behörighet saknas"),
            (20, "en del av sökvägen är en fil, inte en mapp"),
            (21, "är en mapp, inte en fil"),
            (39, "mappen är inte tom"),
            (27, "filen blir större än filsystemet tillåter"),
            (36, "namnet är inte tillåtet"),
            (31, "för många länkar"),
            (122, "diskkvoten är slut"),
            (4, "avbröts"),
            (2, "finns inte"),
            (17, "finns redan"),
            (116, "nätverksdisken"),
        ];
        for (code, swedish) in cases {
            let reason = io_reason(&io::Error::from_raw_os_error(code));
            assert!(reason.contains(swedish), "{code}: {reason}");
        }
        // An error without a Swedish text names its number, never the
        // operating system's English text alone.
        let reason = io_reason(&io::Error::from_raw_os_error(71));
        assert_eq!(reason, "oväntat fel från operativsystemet (felkod 71)");
        let reason = io_reason(&io::Error::other("English"));
        assert!(!reason.contains("English"), "{reason}");
    }

    #[test]
    fn a_file_in_the_way_of_a_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("utdata");
        std::fs::write(&file, "").unwrap();
        let target = file.join("socialnamnden/2026-12-10");
        let err = std::fs::create_dir_all(&target).unwrap_err();
        let message = Error::io("skapa mappen", &target, err).to_string();
        assert!(
            message.contains(&format!("{} är en fil, inte en mapp", file.display())),
            "{message}"
        );
        let err = std::fs::create_dir_all(&file).unwrap_err();
        let message = Error::io("skapa mappen", &file, err).to_string();
        assert!(
            message.ends_with(
                "är en fil, inte en mapp (ta bort eller döp om filen, eller välj en annan mapp)"
            ),
            "{message}"
        );
        let err = std::fs::write(dir.path(), "x").unwrap_err();
        let message = Error::io("skriva", dir.path(), err).to_string();
        assert!(message.contains("är en mapp, inte en fil"), "{message}");
    }
}
