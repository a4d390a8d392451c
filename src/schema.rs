//! Authoring, editor support: the JSON Schema of each YAML file kind,
//! generated from the key tables in [`crate::yaml::keys`] (so it cannot drift from
//! what the tool accepts), with Swedish descriptions and the allowed values.
//! Scaffolded files point at it with a `# yaml-language-server: $schema=…`
//! line, so editors complete keys and underline mistakes while typing.

use serde_json::{Map, Value, json};

use crate::yaml::keys::{self, Field, Kind};

/// The kinds of YAML file a project has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileKind {
    /// `content/<nämnd>/namnd.yaml`.
    #[value(name = "nämnd", alias = "namnd")]
    Namnd,
    /// `content/<nämnd>/<datum>/sammantrade.yaml`.
    #[value(name = "sammanträde", alias = "sammantrade")]
    Sammantrade,
    /// `content/<nämnd>/<datum>/arenden/NN-namn.yaml`.
    #[value(name = "ärende", alias = "arende")]
    Arende,
    /// `content/<nämnd>/<datum>/protokoll.yaml`.
    #[value(name = "protokoll")]
    Protokoll,
    /// `webbplats.yaml` in the project root.
    #[value(name = "webbplats", help = "`webbplats.yaml` i projektets rot.")]
    Webbplats,
    /// `content/<nämnd>/arshjul.yaml`, a list of recurring ärenden.
    #[value(name = "årshjul", alias = "arshjul")]
    Arshjul,
}

impl FileKind {
    /// Every kind, in the order of the content tree.
    pub const ALL: [FileKind; 6] = [
        FileKind::Namnd,
        FileKind::Sammantrade,
        FileKind::Arende,
        FileKind::Protokoll,
        FileKind::Webbplats,
        FileKind::Arshjul,
    ];

    /// The keys of the kind.
    pub fn fields(self) -> &'static [Field] {
        match self {
            FileKind::Namnd => keys::NAMND,
            FileKind::Sammantrade => keys::SAMMANTRADE,
            FileKind::Arende => keys::ARENDE,
            FileKind::Protokoll => keys::PROTOKOLL,
            FileKind::Webbplats => keys::WEBBPLATS,
            FileKind::Arshjul => keys::ARSHJUL,
        }
    }

    /// The schema's file name under the project's `schema/`.
    pub fn schema_file(self) -> &'static str {
        match self {
            FileKind::Namnd => "namnd.schema.json",
            FileKind::Sammantrade => "sammantrade.schema.json",
            FileKind::Arende => "arende.schema.json",
            FileKind::Protokoll => "protokoll.schema.json",
            FileKind::Webbplats => "webbplats.schema.json",
            FileKind::Arshjul => "arshjul.schema.json",
        }
    }

    fn title(self) -> &'static str {
        match self {
            FileKind::Namnd => "Nämnd (namnd.yaml)",
            FileKind::Sammantrade => "Sammanträde (sammantrade.yaml)",
            FileKind::Arende => "Beslutsärende (arenden/NN-namn.yaml)",
            FileKind::Protokoll => "Protokoll (protokoll.yaml)",
            FileKind::Webbplats => "Sammanträdeswebbplatsen (webbplats.yaml)",
            FileKind::Arshjul => "Årshjul (arshjul.yaml)",
        }
    }
}

/// The JSON Schema (draft-07, which YAML editors support best) of a kind.
pub fn schema(kind: FileKind) -> Value {
    let mut root = match kind {
        // The year's cycle is a list of entries.
        // An empty file, as scaffolded, is an empty list.
        FileKind::Arshjul => json!({ "type": ["array", "null"], "items": object(kind.fields()) }),
        _ => object(kind.fields()),
    };
    let map = root.as_object_mut().expect("an object schema");
    map.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    map.insert("title".into(), json!(kind.title()));
    map.insert(
        "description".into(),
        json!("Innehållsformatet för kallelse. Skapad av `kallelse schema`; ändra inte för hand."),
    );
    root
}

/// The schema as the text written to `schema/<kind>.schema.json`.
pub fn schema_text(kind: FileKind) -> String {
    let mut text = serde_json::to_string_pretty(&schema(kind)).expect("JSON");
    text.push('\n');
    text
}

/// How a passage that must not be published is marked, said where text
/// is written (see `crate::mask`).
const MASKING: &str = "Ett ställe som inte får publiceras maskeras: `<maskerad lagrum=\"OSL 26 kap. 1 §\">texten</maskerad>`; webbversionen visar då \"[Uppgift borttagen enligt OSL 26 kap. 1 §]\".";

fn object(fields: &[Field]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        let swedish = field.names[0];
        let mut value = value(field);
        if let Some(map) = value.as_object_mut() {
            let about = match field.kind {
                Kind::Markdown | Kind::TextList | Kind::Rows => {
                    format!("{} {MASKING}", field.about)
                }
                _ => field.about.to_owned(),
            };
            map.insert("description".into(), json!(about));
        }
        properties.insert(swedish.into(), value.clone());
        for alias in &field.names[1..] {
            let mut aliased = value.clone();
            if let Some(map) = aliased.as_object_mut() {
                map.insert(
                    "description".into(),
                    json!(format!("Samma som `{swedish}` (stavning utan å, ä, ö).")),
                );
            }
            properties.insert((*alias).into(), aliased);
        }
        if field.required {
            // Any one spelling satisfies the requirement.
            required.push(json!({
                "anyOf": field.names.iter().map(|n| json!({ "required": [n] })).collect::<Vec<_>>()
            }));
        }
    }
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        schema["allOf"] = Value::Array(required);
    }
    schema
}

/// The schema of a value. An empty string is accepted where the value is
/// text, so that a scaffolded file with fields still to fill in is valid;
/// `kallelse kontrollera` reports those as "fyll i".
fn value(field: &Field) -> Value {
    match &field.kind {
        Kind::Text | Kind::Markdown => json!({ "type": "string" }),
        Kind::Date => json!({
            "type": "string",
            "pattern": "^(\\d{4}-\\d{2}-\\d{2})?$",
        }),
        Kind::DateOrMonth => json!({
            "type": "string",
            "pattern": "^(\\d{4}-\\d{2}(-\\d{2})?)?$",
        }),
        Kind::Month => json!({
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": 12 },
                { "enum": crate::conventions::MONTHS },
            ]
        }),
        Kind::Time => json!({
            "type": "string",
            "pattern": "^(\\d{1,2}[:.]\\d{2})?$",
        }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::JaNej => json!({ "enum": ["ja", "nej", true, false, ""] }),
        Kind::Integer => json!({ "type": "integer", "minimum": 1 }),
        Kind::TextList => json!({
            "type": "array",
            "items": { "type": "string" },
            "minItems": if field.required { 1 } else { 0 },
        }),
        Kind::Rows => json!({
            "type": "array",
            "items": {
                "type": "array",
                "items": { "type": ["string", "number", "boolean"] }
            }
        }),
        Kind::Map(fields) => object(fields),
        Kind::List(fields) => json!({ "type": "array", "items": object(fields) }),
        Kind::Choice(words) => {
            let mut allowed: Vec<Value> = words.iter().map(|w| json!(w)).collect();
            allowed.push(json!(""));
            json!({ "enum": allowed })
        }
        Kind::Names => json!({
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } },
            ]
        }),
        Kind::Paragraphs => json!({ "type": ["string", "integer"] }),
        Kind::Entries { pattern, fields } => json!({
            "type": "object",
            "propertyNames": { "pattern": pattern },
            "additionalProperties": object(fields),
        }),
        Kind::Votes => json!({
            "type": "object",
            "additionalProperties": { "enum": ["ja", "nej", "avstår", "avstar", true, false] },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_are_properties_and_either_satisfies_required() {
        let schema = schema(FileKind::Namnd);
        let properties = schema["properties"].as_object().unwrap();
        assert!(properties.contains_key("förkortning"));
        assert!(properties.contains_key("forkortning"));
        assert_eq!(schema["additionalProperties"], false);
        let required = schema["allOf"].to_string();
        assert!(required.contains("\"förkortning\"") && required.contains("\"forkortning\""));
        assert!(
            properties["namn"]["description"]
                .as_str()
                .unwrap()
                .contains("Nämndens namn")
        );
    }
}
