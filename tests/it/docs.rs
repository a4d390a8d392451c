//! The reference of the content format in `docs/` held to the code. Every
//! key of the key tables in `kallelse::yaml::keys` must have a row in a key
//! table of its file kind's doc, with all its accepted spellings, its type
//! and whether it is required; every key a doc's key table names must exist
//! in the code at that place; and the YAML examples of a doc must pass the
//! key check of its kind.
//!
//! A key table is a Markdown table whose first header cell starts with
//! "nyckel". The keys in backticks in that header cell are where its rows
//! are (`` nyckel i `tjänsteskrivelse` ``); without any, the rows are keys of
//! the file itself. A row's first cell holds the key's dotted path from
//! there, in its Swedish spelling (`handläggare.e-post`; a list's items
//! take no segment, a paragraph key such as `<nyckel>` stands for any
//! entry), then its other spellings in backticks (`` (`epost`) ``).

use std::collections::{BTreeMap, BTreeSet};

use kallelse::schema::FileKind;
use kallelse::yaml::check_keys;
use kallelse::yaml::keys::{Field, Kind};

use crate::support::repo;

/// The doc of each kind of file.
fn doc_of(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Namnd => "docs/namnd.md",
        FileKind::Sammantrade => "docs/sammantrade.md",
        FileKind::Arende => "docs/arende.md",
        FileKind::Protokoll => "docs/protokoll.md",
        FileKind::Webbplats => "docs/webbplats.md",
        FileKind::Arshjul => "docs/arshjul.md",
    }
}

/// The word of a doc's "typ" column for each kind of value, as
/// `docs/README.md` explains them.
fn type_word(kind: &Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Markdown => "Markdown",
        Kind::Date => "datum",
        Kind::DateOrMonth => "datum eller månad",
        Kind::Month => "månad",
        Kind::Time => "klockslag",
        Kind::Bool => "true/false",
        Kind::JaNej => "ja/nej",
        Kind::Integer => "heltal",
        Kind::TextList => "lista",
        Kind::Rows => "tabellrader",
        Kind::Map(_) => "mappning",
        Kind::List(_) => "lista med mappningar",
        Kind::Choice(_) => "ett av orden",
        Kind::Names => "namn eller lista",
        Kind::Paragraphs => "paragrafnummer",
        Kind::Entries { .. } => "paragrafnycklar",
        Kind::Votes => "röster",
    }
}

/// The fields below a field, and whether each entry key takes a segment
/// of the path first (a mapping of paragraph keys).
fn below(kind: &Kind) -> (&'static [Field], bool) {
    match kind {
        Kind::Map(fields) | Kind::List(fields) => (fields, false),
        Kind::Entries { fields, .. } => (fields, true),
        _ => (&[], false),
    }
}

/// Every field of a key table by its path: the Swedish spellings joined
/// by dots, `*` for an entry key.
fn paths(fields: &'static [Field], prefix: &str, out: &mut BTreeMap<String, &'static Field>) {
    for field in fields {
        let path = format!("{prefix}{}", field.names[0]);
        let (inner, entries) = below(&field.kind);
        let star = if entries { ".*" } else { "" };
        paths(inner, &format!("{path}{star}."), out);
        out.insert(path, field);
    }
}

/// The path of the field a doc's dotted path names, from the file's keys.
fn resolve(root: &'static [Field], written: &str) -> Result<String, String> {
    let (mut fields, mut entry) = (root, false);
    let mut path = Vec::new();
    for segment in written.split('.') {
        if entry {
            path.push("*");
            entry = false;
            continue;
        }
        let Some(field) = fields.iter().find(|f| f.names[0] == segment) else {
            let known: Vec<&str> = fields.iter().map(|f| f.names[0]).collect();
            return Err(format!(
                "has no key `{segment}` (keys there: {})",
                known.join(", ")
            ));
        };
        path.push(field.names[0]);
        (fields, entry) = below(&field.kind);
    }
    Ok(path.join("."))
}

/// The texts in backticks in a piece of Markdown.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The cells of a table line, `\|` kept inside its cell.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '|' if !escaped => out.push(String::new()),
            c => out.last_mut().expect("a cell").push(c),
        }
        escaped = c == '\\';
    }
    out.iter().map(|c| c.trim().to_owned()).collect()
}

/// A key table of a doc: where its rows are, its header, and its rows
/// with their line numbers.
struct KeyTable {
    contexts: Vec<String>,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl KeyTable {
    /// A row's cell in the column whose header is `name`.
    fn cell<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        let index = self.header.iter().position(|h| h == name);
        index.and_then(|i| row.get(i)).map_or("", String::as_str)
    }
}

/// The lines of a doc outside fenced code blocks, numbered from 1.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            out.push((index + 1, line));
        }
    }
    out
}

/// The key tables of a doc.
fn key_tables(text: &str) -> Vec<KeyTable> {
    let lines = prose(text);
    let mut tables = Vec::new();
    let mut at = 0;
    while at + 1 < lines.len() {
        let (header, rule) = (lines[at].1, lines[at + 1].1);
        let is_table = header.starts_with('|') && rule.starts_with("|-");
        let first = cells(header).into_iter().next().unwrap_or_default();
        if !is_table || !first.starts_with("nyckel") {
            at += 1;
            continue;
        }
        let mut table = KeyTable {
            contexts: backticked(&first).into_iter().map(str::to_owned).collect(),
            header: cells(header),
            rows: Vec::new(),
        };
        at += 2;
        while let Some((number, line)) = lines.get(at).filter(|(_, l)| l.starts_with('|')) {
            table.rows.push((*number, cells(line)));
            at += 1;
        }
        tables.push(table);
    }
    tables
}

/// What is wrong with the row of `field`: its spellings, type, whether it
/// is required, and the words of a choice.
fn row_problems(field: &Field, table: &KeyTable, row: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let written = backticked(&row[0]);
    let last = written[0].rsplit('.').next().unwrap_or_default();
    let spellings: BTreeSet<&str> = written[1..].iter().copied().chain([last]).collect();
    let accepted: BTreeSet<&str> = field.names.iter().copied().collect();
    if spellings != accepted {
        problems.push(format!(
            "spellings {spellings:?}, the code accepts {accepted:?}"
        ));
    }
    let typ = table.cell(row, "typ").replace('`', "");
    if typ != type_word(&field.kind) {
        let word = type_word(&field.kind);
        problems.push(format!("typ `{typ}`, the code's is `{word}`"));
    }
    let required = table.cell(row, "krävs");
    let agrees = if field.required {
        required == "ja"
    } else {
        !required.starts_with("ja")
    };
    if !agrees {
        let said = if field.required { "ja" } else { "not ja" };
        problems.push(format!("krävs `{required}`, the code says {said}"));
    }
    if let Kind::Choice(words) = field.kind {
        let meaning = table.cell(row, "betydelse");
        for word in words
            .iter()
            .filter(|w| !meaning.contains(&format!("`{w}`")))
        {
            problems.push(format!("the word `{word}` is not in betydelse"));
        }
    }
    problems
}

/// Every way the key tables of `text`, the doc `doc` of `kind`, differ
/// from the code's key table of that kind.
fn table_drift(kind: FileKind, doc: &str, text: &str) -> Vec<String> {
    let mut code = BTreeMap::new();
    paths(kind.fields(), "", &mut code);
    let mut documented = BTreeSet::new();
    let mut problems = Vec::new();
    for table in key_tables(text) {
        let contexts: Vec<String> = if table.contexts.is_empty() {
            vec![String::new()]
        } else {
            table.contexts.iter().map(|c| format!("{c}.")).collect()
        };
        for (line, row) in &table.rows {
            let Some(written) = backticked(&row[0]).first().copied() else {
                problems.push(format!("{doc}:{line}: a key table's row without a key"));
                continue;
            };
            for context in &contexts {
                let full = format!("{context}{written}");
                let field = resolve(kind.fields(), &full).and_then(|path| match code.get(&path) {
                    Some(field) => Ok((path, *field)),
                    None => Err("names a paragraph key, not a key".to_owned()),
                });
                match field {
                    Err(why) => problems.push(format!("{doc}:{line}: `{full}` {why}")),
                    Ok((path, field)) => {
                        let found = row_problems(field, &table, row);
                        problems
                            .extend(found.iter().map(|p| format!("{doc}:{line}: `{full}`: {p}")));
                        documented.insert(path);
                    }
                }
            }
        }
    }
    for path in code.keys().filter(|p| !documented.contains(*p)) {
        problems.push(format!("{doc}: the key `{path}` has no row in a key table"));
    }
    problems
}

/// The YAML examples of a doc, with the line each starts on.
fn yaml_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (index, line) in text.lines().enumerate() {
        match open.take() {
            None if line.trim() == "```yaml" => open = Some((index + 2, String::new())),
            None => {}
            Some(block) if line.trim() == "```" => blocks.push(block),
            Some((start, body)) => open = Some((start, format!("{body}{line}\n"))),
        }
    }
    blocks
}

fn read(doc: &str) -> String {
    std::fs::read_to_string(repo().join(doc)).unwrap_or_else(|e| panic!("{doc}: {e}"))
}

#[test]
fn every_key_of_the_code_and_only_those_in_the_docs_key_tables() {
    let problems: Vec<String> = FileKind::ALL
        .into_iter()
        .flat_map(|kind| table_drift(kind, doc_of(kind), &read(doc_of(kind))))
        .collect();
    assert!(
        problems.is_empty(),
        "docs/ differ from src/yaml/keys/:\n{}",
        problems.join("\n")
    );
}

#[test]
fn yaml_examples_in_the_docs_pass_the_key_check() {
    let mut problems = Vec::new();
    for kind in FileKind::ALL {
        let doc = doc_of(kind);
        let text = read(doc);
        let blocks = yaml_blocks(&text);
        assert!(!blocks.is_empty(), "{doc} has no ```yaml example");
        for (start, block) in blocks {
            for d in check_keys(&block, kind.fields()) {
                let line = start + d.location.map_or(1, |l| l.line) - 1;
                problems.push(format!("{doc}:{line}: {}", d.message));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn docs_index_links_every_doc_and_explains_every_type() {
    let index = read("docs/README.md");
    let mut code = BTreeMap::new();
    for kind in FileKind::ALL {
        let file = doc_of(kind).trim_start_matches("docs/");
        assert!(
            index.contains(&format!("]({file})")),
            "docs/README.md does not link {file}"
        );
        paths(kind.fields(), "", &mut code);
    }
    for field in code.values() {
        let word = type_word(&field.kind);
        let row = format!("| {word} |");
        assert!(
            index.contains(&row),
            "docs/README.md does not explain the typ `{word}`"
        );
    }
}

#[test]
fn docs_drift_is_seen_a_key_left_out_or_made_up() {
    let text = read(doc_of(FileKind::Arende));
    let row = "| `mottagare` | text | nej |";
    assert!(text.contains(row), "the row this test removes is gone");
    let left_out: String = text
        .lines()
        .filter(|l| !l.starts_with(row))
        .map(|l| format!("{l}\n"))
        .collect();
    let problems = table_drift(FileKind::Arende, "arende.md", &left_out);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`tjänsteskrivelse.mottagare` has no row")),
        "{problems:?}"
    );
    let made_up = text.replace(row, "| `mottagarna` | text | nej |");
    let problems = table_drift(FileKind::Arende, "arende.md", &made_up);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("has no key `mottagarna`")),
        "{problems:?}"
    );
    let retyped = text.replace(row, "| `mottagare` | Markdown | ja |");
    let problems = table_drift(FileKind::Arende, "arende.md", &retyped);
    let about = |p: &&String| p.contains("`tjänsteskrivelse.mottagare`: ");
    assert_eq!(problems.iter().filter(about).count(), 2, "{problems:?}");
}

/// The anchor of a heading, as GitHub makes it: lower case, letters,
/// digits, `-` and `_` kept, spaces made `-`, everything else dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn links_between_the_docs_find_their_headings() {
    let anchors = |file: &str| -> BTreeSet<String> {
        let text = read(file);
        let headings = prose(&text)
            .into_iter()
            .filter_map(|(_, l)| l.strip_prefix('#'));
        headings
            .map(|h| anchor(h.trim_start_matches('#')))
            .collect()
    };
    let mut known: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in std::iter::once("docs/README.md").chain(FileKind::ALL.map(doc_of)) {
        for (line, text) in prose(&read(path)) {
            let outside_code: String = text.split('`').step_by(2).collect();
            for link in outside_code
                .split("](")
                .skip(1)
                .filter_map(|l| l.split(')').next())
            {
                let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
                if link.contains("://") || (file.is_empty() && fragment.is_empty()) {
                    continue;
                }
                let target = if file.is_empty() {
                    path.to_owned()
                } else {
                    format!("docs/{file}")
                };
                let exists = repo().join(&target).is_file();
                let leads = exists
                    && (fragment.is_empty()
                        || known
                            .entry(target.clone())
                            .or_insert_with(|| anchors(&target))
                            .contains(fragment));
                if !leads {
                    problems.push(format!("{path}:{line}: the link `{link}` leads nowhere"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
