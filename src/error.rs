//! Diagnostics shared by every stage: one error type, rendered in Swedish
//! with the file, line, column and a source excerpt, in the style of `just`
//! and `rustc`.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// Any problem that is reported and nothing more.
    #[default]
    Other,
    /// Something personal would be published: a publishing run that meets
    /// one stops as a whole, and nothing is replaced.
    Personnummer,
}

/// One problem found in the user's input or while building.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// The error type of every stage: one or more diagnostics, or an I/O failure
/// of the tool itself.
#[derive(Debug)]
pub enum Error {
    /// Problems in the user's input (exit code 1).
    Input(Vec<Diagnostic>),
    /// The tool itself failed: disk, permissions, an internal error (exit code 2).
    Tool(String),
}

impl Error {
    /// A single input problem.
    pub fn input(diagnostic: Diagnostic) -> Self {
        Self::Input(vec![diagnostic])
    }

    /// An I/O failure on a path, described in Swedish.
    pub fn io(action: &str, path: &Path, err: std::io::Error) -> Self {
        Self::Tool(format!(
            "kunde inte {action} {}: {}",
            path.display(),
            io_reason(&err)
        ))
    }
}

/// A Swedish description of the common I/O failures.
pub fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "filen eller mappen finns inte".into(),
        ErrorKind::PermissionDenied => "behörighet saknas".into(),
        ErrorKind::AlreadyExists => "finns redan".into(),
        ErrorKind::InvalidData => "innehållet är inte giltig UTF-8-text".into(),
        _ => err.to_string(),
    }
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
            Error::Tool(message) => write!(f, "fel: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
