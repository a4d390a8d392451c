//! Load stage, messages: the YAML parser's and serde's complaints in
//! Swedish, and the closest known key to a misspelled one ("menade du …?").
//! serde-saphyr reports its own errors and serde's (unknown or missing
//! keys, wrong kinds of value) as structured values and passes on the
//! scanner's (granit-parser) with their kind; all are matched here, and the
//! few that come only as text by their text. The model's own problems with
//! values arrive as [`Problem`]s. Nothing of the parsers' English reaches
//! the user but, for an error no one has seen yet, its text inside the
//! hint.

use serde_saphyr::granit_parser::ErrorKind as Scan;
use serde_saphyr::{Error as YamlError, ExternalMessageSource};

use super::problem::Problem;
use crate::error::Diagnostic;

/// The usual hint for a YAML syntax error.
const SYNTAX_TIPS: &str =
    "kontrollera indraget, citattecknen och att varje nyckel följs av kolon och mellanslag";

/// Turns serde-saphyr's error into a Swedish diagnostic with a hint.
/// `own` is the problem one of the model's deserializers raised in the
/// parse, if any: when the error is that deserializer's failure, the
/// problem is what is reported.
pub(super) fn translate_yaml_error(err: &YamlError, own: Option<Problem>) -> Diagnostic {
    let err = err.without_snippet();
    if let Some(problem) = own
        && custom_message(err) == Some(problem.message.as_str())
    {
        return problem.diagnostic();
    }
    if let Some(diagnostic) = structured(err) {
        return diagnostic;
    }
    let message = match err {
        YamlError::Message { msg, .. } => msg.clone(),
        other => {
            let rendered = other.render_with_options(serde_saphyr::render_options! {
                snippets: serde_saphyr::SnippetMode::Off,
            });
            rendered
                .split(" at line ")
                .next()
                .unwrap_or(&rendered)
                .to_owned()
        }
    };
    translate_message(&message)
}

/// The message of a failure a deserializer reported itself (serde's
/// `custom`), also when it happened in a value repeated by an alias.
fn custom_message(err: &YamlError) -> Option<&str> {
    match err {
        YamlError::Message { msg, .. } => Some(msg),
        YamlError::AliasError { error, .. } => custom_message(error.without_snippet()),
        _ => None,
    }
}

/// A syntax error of the file, with a hint.
fn syntax(message: &str, tips: &str) -> Diagnostic {
    Diagnostic::error(format!("YAML-filen går inte att läsa: {message}")).tips(tips)
}

/// The errors serde-saphyr and its scanner report as values.
fn structured(err: &YamlError) -> Option<Diagnostic> {
    const ALIASES: &str = "filen använder för många alias (*namn) eller är för djupt nästlad";
    const ALIAS_TIPS: &str = "skriv ut värdena i stället för att hänvisa till dem med & och *";
    Some(match err {
        YamlError::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => scanner(scan.kind())?,
            _ => return None,
        },
        YamlError::AliasError { error, .. } => return structured(error),
        YamlError::Eof { .. } => syntax(
            "filen är tom eller tar slut mitt i ett värde",
            "fyll i nycklarna som README.md beskriver; kontrollera att citattecken och hakparenteser avslutas",
        ),
        YamlError::MultipleDocuments { .. } => syntax(
            "filen innehåller mer än ett YAML-dokument (en rad `---` eller `...` mitt i filen)",
            "ta bort raden med `---` eller `...`; en kallelse-fil är ett enda dokument",
        ),
        YamlError::UnknownAnchor { .. } => syntax(
            "aliaset (*namn) hänvisar till ett ankare (&namn) som inte finns ovanför",
            "skriv ut värdet, eller sätt texten inom citattecken om den börjar med *",
        ),
        YamlError::DuplicateMappingKey { key, .. } => {
            let message = match key {
                Some(key) => format!("nyckeln `{key}` står två gånger"),
                None => "en nyckel står två gånger".to_owned(),
            };
            Diagnostic::error(message).tips("ta bort den ena")
        }
        YamlError::TaggedScalarCannotDeserializeIntoString { .. } => syntax(
            "ett värde med en YAML-tagg (som `!!int`) kan inte läsas som text",
            "ta bort taggen, eller sätt hela värdet inom citattecken",
        ),
        YamlError::NullIntoString { .. } => {
            Diagnostic::error("värdet är tomt där det ska stå en text")
                .tips("skriv en text efter kolonet")
        }
        YamlError::InvalidUtf8Input => {
            syntax("filen är inte sparad som UTF-8", "spara filen som UTF-8")
        }
        YamlError::IndentationError { .. }
        | YamlError::FoldedBlockScalarMustIndentContent { .. } => {
            syntax("indraget stämmer inte med raden ovanför", SYNTAX_TIPS)
        }
        YamlError::MergeKeyNotAllowed { .. } | YamlError::MergeValueNotMapOrSeqOfMaps { .. } => {
            syntax(
                "`<<` (att slå samman nycklar från ett ankare) stöds inte här",
                "skriv ut nycklarna",
            )
        }
        YamlError::AliasReplayCounterOverflow { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::Budget { .. } => syntax(ALIASES, ALIAS_TIPS),
        _ => return serde_error(err),
    })
}

/// The scanner's errors, by kind.
fn scanner(kind: &Scan) -> Option<Diagnostic> {
    const QUOTE_TIPS: &str = "sätt hela texten inom citattecken, t.ex. `rubrik: \"Budget: 2027\"`";
    let (message, tips): (String, &str) = match kind {
        Scan::TabNotAllowed
        | Scan::TabInBlockIndentation
        | Scan::TabInIndentation
        | Scan::TabAtBlockScalarStart
        | Scan::TabInPlainScalar => (
            "ett tabbtecken står i indraget; YAML dras in med mellanslag".into(),
            "ersätt tabbtecknet med mellanslag (ställ in redigeraren på att dra in med mellanslag)",
        ),
        Scan::RecursionLimitExceeded => (
            "filen är nästlad i för många nivåer (listor eller nycklar i varandra)".into(),
            "en kallelse-fil har bara några få nivåer; kontrollera hakparenteserna [ ] och { } och indraget",
        ),
        Scan::UnclosedQuotedScalar | Scan::DocumentIndicatorInQuotedScalar => (
            "ett citattecken avslutas aldrig".into(),
            "avsluta texten med samma citattecken som den börjar med",
        ),
        Scan::UnknownQuotedScalarEscape
        | Scan::InvalidQuotedScalarHexEscape
        | Scan::InvalidLowSurrogateHexEscape
        | Scan::InvalidLowSurrogate
        | Scan::MissingLowSurrogate
        | Scan::UnpairedLowSurrogate
        | Scan::InvalidUnicodeEscape => (
            "ett omvänt snedstreck (\\) inom \"…\" följs av ett tecken som inte går att tolka"
                .into(),
            "skriv \\\\ för ett omvänt snedstreck, eller sätt texten inom enkla citattecken '…'",
        ),
        Scan::InvalidTrailingSingleQuotedScalar | Scan::InvalidTrailingDoubleQuotedScalar => (
            "efter det avslutande citattecknet står mer text".into(),
            QUOTE_TIPS,
        ),
        Scan::UnknownAnchor => (
            "aliaset (*namn) hänvisar till ett ankare (&namn) som inte finns ovanför".into(),
            "skriv ut värdet, eller sätt texten inom citattecken om den börjar med *",
        ),
        Scan::MissingAnchorOrAliasName | Scan::AnchorCountOverflow => (
            "`&` eller `*` i början av ett värde följs inte av ett namn".into(),
            QUOTE_TIPS,
        ),
        Scan::UnclosedFlowCollection { open } => (
            format!("`{open}` stängs aldrig"),
            "avsluta listan med ] och nycklarna inom { } med }",
        ),
        Scan::MismatchedFlowCollectionEnd { open, close } => (
            format!("`{open}` stängs med `{close}`"),
            "en lista inom [ ] avslutas med ] och nycklar inom { } med }",
        ),
        Scan::MisplacedFlowCollectionEnd => (
            "en `]` eller `}` står utan att någon lista eller några nycklar har öppnats".into(),
            QUOTE_TIPS,
        ),
        Scan::UnexpectedEofFlowSequence | Scan::ExpectedFlowSequenceSeparator => (
            "en lista inom [ ] avslutas inte med ]".into(),
            "skilj värdena åt med komma och avsluta listan med ]",
        ),
        Scan::UnexpectedEofFlowMapping
        | Scan::UnexpectedEofImplicitFlowMapping
        | Scan::ExpectedFlowMappingSeparator => (
            "nycklar inom { } avslutas inte med }".into(),
            "skilj nycklarna åt med komma och avsluta med }",
        ),
        Scan::UnexpectedEofBlockSequence
        | Scan::UnexpectedEofBlockMapping
        | Scan::UnexpectedEof => ("filen tar slut mitt i ett värde".into(), SYNTAX_TIPS),
        Scan::ExpectedBlockMappingKey
        | Scan::InvalidIndentation
        | Scan::InvalidFlowScalarIndent
        | Scan::InvalidQuotedScalarIndent
        | Scan::InvalidBlockScalarIndent => (
            "indraget stämmer inte med raden ovanför".into(),
            "dra in raden lika långt som de andra nycklarna på samma nivå, med mellanslag",
        ),
        Scan::ExpectedBlockSequenceEntry => (
            "indraget stämmer inte: här väntades en ny rad i listan, som börjar med `- `".into(),
            SYNTAX_TIPS,
        ),
        _ => return scanner_rare(kind),
    };
    Some(syntax(&message, tips))
}

/// The scanner's rarer errors, by kind.
fn scanner_rare(kind: &Scan) -> Option<Diagnostic> {
    const QUOTE_TIPS: &str = "sätt hela texten inom citattecken, t.ex. `rubrik: \"Budget: 2027\"`";
    const DIRECTIVE: &str = "en rad som börjar med `%` (ett YAML-direktiv) går inte att tolka";
    const TAG: &str = "ett värde som börjar med `!` (en YAML-tagg) går inte att tolka";
    let (message, tips): (String, &str) = match kind {
        Scan::MappingValueNotAllowed
        | Scan::InvalidColonPlacement
        | Scan::FlowMappingValueAdjacentCollection
        | Scan::InvalidMappingValueWhitespace
        | Scan::SimpleKeyExpected
        | Scan::InvalidSimpleKey
        | Scan::MappingKeyNotAllowed => ("ett kolon står där det inte får stå".into(), QUOTE_TIPS),
        Scan::UnexpectedCharacter { character } => (
            format!("tecknet `{character}` får inte inleda ett värde"),
            QUOTE_TIPS,
        ),
        Scan::BlockEntryInFlowCollection
        | Scan::BlockSequenceEntryNotAllowed
        | Scan::InvalidBlockEntryWhitespace
        | Scan::PlainScalarStartsWithDashFlowIndicator => (
            "ett `-` står där en ny rad i en lista inte kan börja".into(),
            "skriv varje rad i listan som `- värde` på en egen rad, eller sätt texten inom citattecken",
        ),
        Scan::CommentInterceptedScalar | Scan::CommentNotSeparated => (
            "ett `#` avbryter texten (i YAML inleder `#` en kommentar)".into(),
            QUOTE_TIPS,
        ),
        Scan::ExpectedWhitespace | Scan::UnexpectedEndOfPlainScalar => {
            ("ett mellanslag saknas".into(), SYNTAX_TIPS)
        }
        Scan::BomInsideDocument => (
            "ett osynligt BOM-tecken (U+FEFF) står mitt i filen".into(),
            "ta bort tecknet, t.ex. genom att skriva om raden",
        ),
        Scan::InvalidDocumentEnd | Scan::MultipleDocumentsUnsupported => (
            "text står efter slutmarkeringen `...` eller `---`".into(),
            "ta bort raden med `...` eller `---`; en kallelse-fil är ett enda dokument",
        ),
        Scan::ExpectedNodeContent => ("ett värde saknas här".into(), SYNTAX_TIPS),
        Scan::ZeroBlockScalarIndent | Scan::InvalidBlockScalarHeader => (
            "det som står efter `|` eller `>` går inte att tolka".into(),
            "skriv bara `|` efter kolonet och texten indragen på raderna under",
        ),
        Scan::DuplicateVersionDirective
        | Scan::UnsupportedYamlMajorVersion
        | Scan::DuplicateTagDirective
        | Scan::MissingDocumentEndBeforeDirective
        | Scan::InvalidDirectiveTerminator
        | Scan::DirectiveDisallowed
        | Scan::MissingYamlVersionSeparator
        | Scan::MissingDirectiveName
        | Scan::InvalidDirectiveName
        | Scan::DirectiveByteLimitExceeded { .. }
        | Scan::TooManyReservedDirectiveParams { .. }
        | Scan::YamlVersionTooLong
        | Scan::MissingYamlVersion
        | Scan::InvalidTagDirectiveTerminator
        | Scan::ExpectedDocumentStart
        | Scan::ExpectedStreamStart => (
            DIRECTIVE.into(),
            "ta bort raden; kallelse-filerna behöver inga direktiv",
        ),
        Scan::ExpectedTagBang
        | Scan::ExpectedTagDirectiveBang
        | Scan::InvalidGlobalTagCharacter
        | Scan::UndeclaredTagHandle
        | Scan::InvalidTagTerminator
        | Scan::MissingTagUri
        | Scan::UnclosedVerbatimTag
        | Scan::InvalidTagEscape
        | Scan::InvalidTagUtf8LeadingByte
        | Scan::InvalidTagUtf8TrailingByte
        | Scan::InvalidTagUtf8 => (TAG.into(), QUOTE_TIPS),
        Scan::InputDecoding { .. } | Scan::InputIo { .. } | Scan::InputByteLimitExceeded { .. } => {
            (
                "filen går inte att läsa som text".into(),
                "spara filen som UTF-8",
            )
        }
        _ => return None,
    };
    Some(syntax(&message, tips))
}

/// serde's complaints, which serde-saphyr reports as values: unknown and
/// missing keys, values of the wrong kind, and a text, list or mapping
/// where another of them belongs.
fn serde_error(err: &YamlError) -> Option<Diagnostic> {
    Some(match err {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => unknown_key(field, expected),
        YamlError::SerdeMissingField { field, .. } => {
            Diagnostic::error(format!("nyckeln `{field}` saknas"))
                .tips(format!("lägg till en rad `{field}: …`"))
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => wrong_kind(unexpected, expected),
        YamlError::Unexpected {
            expected: "sequence start",
            ..
        } => Diagnostic::error("här ska stå en lista, inte en enstaka text").tips(
            "skriv listan inom hakparenteser, t.ex. `[Anna Berg]`, eller en post per rad som börjar med `- `",
        ),
        YamlError::Unexpected {
            expected: "mapping start",
            ..
        } => Diagnostic::error("här ska stå nycklar med värden, inte en text").tips(
            "skriv t.ex. `{ namn: Anna Berg, ersätter: Per Holm }`, eller nycklarna indragna på raderna under, som `beslut: ändrat`",
        ),
        YamlError::Unexpected {
            expected: "string scalar",
            ..
        } => syntax(
            "här ska stå en text, inte en lista eller nycklar",
            SYNTAX_TIPS,
        ),
        _ => return None,
    })
}

/// An unknown key, with the closest of the `expected` ones.
fn unknown_key(key: &str, expected: &[&str]) -> Diagnostic {
    let expected: Vec<String> = expected.iter().map(|k| k.to_string()).collect();
    let diagnostic = Diagnostic::error(format!("okänd nyckel `{key}`"));
    match suggest(key, &expected) {
        Some(best) => diagnostic.tips(format!("menade du `{best}`?")),
        None if expected.is_empty() => diagnostic.tips("här finns inga nycklar att ange"),
        None => diagnostic.tips(format!("kända nycklar här: {}", expected.join(", "))),
    }
}

/// A message serde-saphyr reports only as text (in English) as a Swedish
/// diagnostic without a position.
fn translate_message(message: &str) -> Diagnostic {
    if message.starts_with("duplicate field `") {
        let key = message.split('`').nth(1).unwrap_or("");
        return Diagnostic::error(format!("nyckeln `{key}` står två gånger"))
            .tips("ta bort den ena");
    }
    if let Some((_, swedish)) = YAML_MESSAGES
        .iter()
        .find(|(english, _)| message.contains(english))
    {
        return syntax(swedish, SYNTAX_TIPS);
    }
    // A message no one has translated yet: Swedish words, and the parser's
    // own in the hint for whoever helps.
    syntax(
        "filen följer inte YAML-formatet här",
        &format!("{SYNTAX_TIPS} (tolkarens meddelande: {message})"),
    )
}

/// Swedish words for the YAML parser's most common complaints.
const YAML_MESSAGES: &[(&str, &str)] = &[
    (
        "did not find expected ',' or ']'",
        "en lista inom [ ] avslutas inte med ]",
    ),
    (
        "did not find expected ',' or '}'",
        "en mappning inom { } avslutas inte med }",
    ),
    (
        "mapping values are not allowed",
        "ett kolon står där det inte får stå; sätt texten inom citattecken",
    ),
    (
        "did not find expected key",
        "indraget stämmer inte med raden ovanför",
    ),
    (
        "found unexpected end of stream",
        "filen tar slut mitt i ett värde",
    ),
    (
        "while scanning a quoted scalar",
        "ett citattecken avslutas aldrig",
    ),
    (
        "found character that cannot start any token",
        "ett tecken (t.ex. @ eller `) får inte inleda ett värde; sätt texten inom citattecken",
    ),
    ("duplicate mapping key", "en nyckel står två gånger"),
    (
        "budget",
        "filen använder för många alias eller är för djupt nästlad",
    ),
];

/// Folds å, ä, ö so that ASCII spellings compare close to Swedish ones.
pub(super) fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            '-' => '_',
            c => c,
        })
        .collect()
}

/// The closest known key to a misspelled one.
pub fn suggest<'a>(key: &str, known: &'a [String]) -> Option<&'a str> {
    let folded = fold(key);
    known
        .iter()
        .map(|k| (k, strsim::damerau_levenshtein(&folded, &fold(k))))
        .filter(|(k, distance)| *distance <= (k.chars().count() / 3).max(2))
        // On a tie, the Swedish spelling rather than its ASCII alias.
        .min_by_key(|(k, distance)| (*distance, k.is_ascii()))
        .map(|(k, _)| k.as_str())
}

/// A value of the wrong kind: `found` and `expected` as serde names them
/// ("integer `5`", "a boolean") or in Swedish.
pub(super) fn wrong_kind(found: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "fel sorts värde: {} där det ska stå {}",
        swedish_kind(found),
        swedish_kind(expected)
    ))
}

/// Swedish words for the kinds of value serde names.
fn swedish_kind(text: &str) -> String {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("string ") {
        return format!("texten {rest}");
    }
    if let Some(rest) = text.strip_prefix("integer ") {
        return format!("talet {rest}");
    }
    if let Some(rest) = text.strip_prefix("boolean ") {
        return format!("sanningsvärdet {rest}");
    }
    match text {
        "a boolean" => "`true` eller `false`".into(),
        "a string" => "en text".into(),
        "u32" | "u64" | "i64" | "an integer" => "ett heltal".into(),
        "a sequence" | "sequence" => "en lista (rader som börjar med `- `)".into(),
        "map" | "a map" => "nycklar med värden".into(),
        "unit value" | "null" => "ett tomt värde".into(),
        other if other.starts_with("struct ") => "nycklar med värden".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_fold_swedish_letters() {
        let known: Vec<String> = ["rubrik", "förslag_till_beslut", "förslag"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            suggest("forslag_till_beslt", &known),
            Some("förslag_till_beslut")
        );
        assert_eq!(suggest("rubirk", &known), Some("rubrik"));
        assert_eq!(suggest("helt_annat", &known), None);
    }
}
