//! Load stage, reading: a YAML file read within the size limit of YAML
//! files, its keys checked against its key table, and its text parsed with
//! serde-saphyr into a type of [`crate::model`]. Every problem is a Swedish
//! diagnostic at its line and column.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::check::check_keys;
use super::keys::Field;
use super::messages::translate_yaml_error;
use super::problem;
use crate::error::{Diagnostic, Location};
use crate::limits;

/// The text of a YAML file, within the size limit of YAML files and in
/// UTF-8; `relative` names the file in messages.
pub fn read_text(path: &Path, relative: &Path) -> Result<String, Diagnostic> {
    limits::read_text(path, relative, &limits::YAML)
}

/// Reads the YAML file at `path` (named `relative` in messages) into `T`.
/// Every key is first checked against `fields`, so that all unknown keys,
/// keys left empty and values of the wrong kind of the file are reported
/// together; when there are none, the first problem serde finds is.
pub fn read<T: DeserializeOwned>(
    path: &Path,
    relative: &Path,
    fields: &'static [Field],
) -> Result<T, Vec<Diagnostic>> {
    if !path.exists() {
        let name = relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Err(vec![
            Diagnostic::error(format!("filen {} saknas", relative.display()))
                .tips(format!("skapa {name} enligt formatet i README.md")),
        ]);
    }
    let text = read_text(path, relative).map_err(|problem| vec![problem])?;
    let found = check_keys(&text, fields);
    if !found.is_empty() {
        return Err(found.into_iter().map(|d| in_file(d, relative)).collect());
    }
    parse(&text).map_err(|d| vec![in_file(d, relative)])
}

/// Parses YAML text into `T`; a failure becomes a Swedish diagnostic whose
/// location has an empty file name (the caller fills it in). A value the
/// model's own deserializers refuse is reported with their message and
/// hint (see `yaml::problem`).
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! { with_snippet: false };
    let (result, own) = problem::caught(|| serde_saphyr::from_str_with_options::<T>(text, options));
    result.map_err(|err| {
        let location = err
            .location()
            .map(|l| Location::at("", l.line() as usize, l.column() as usize));
        let mut diagnostic = translate_yaml_error(&err, own);
        diagnostic.location = location;
        diagnostic
    })
}

/// A YAML file's value for a quick look, or `None` when the file cannot be
/// read or parsed; its problems are reported when it is loaded.
pub fn peek<T: DeserializeOwned>(path: &Path) -> Option<T> {
    parse(&read_text(path, path).ok()?).ok()
}

/// `diagnostic` placed in the file `relative`.
fn in_file(mut diagnostic: Diagnostic, relative: &Path) -> Diagnostic {
    match diagnostic.location.as_mut() {
        Some(location) => location.file = relative.to_path_buf(),
        None => diagnostic.location = Some(Location::file(relative)),
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_swedish_with_position() {
        let err = parse::<crate::model::PersonEntry>("namn: A\ntitle: B\n").unwrap_err();
        assert_eq!(err.message, "okänd nyckel `title`");
        assert_eq!(err.tips.as_deref(), Some("menade du `titel`?"));
        let location = err.location.unwrap();
        assert_eq!((location.line, location.column), (2, 1));
    }

    #[test]
    fn missing_key() {
        let err = parse::<crate::model::PersonEntry>("titel: B\n").unwrap_err();
        assert_eq!(err.message, "nyckeln `namn` saknas");
    }
}
