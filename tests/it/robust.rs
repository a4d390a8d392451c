//! No input makes the tool panic or hang: property tests over the YAML
//! loading and the Markdown conversion, and limits for hostile files.

use kallelse::markdown::{MarkdownOptions, to_typst};
use kallelse::model::{ArendeFile, NamndFile, SammantradeFile};
use kallelse::yaml::parse as parse_yaml;
use proptest::prelude::*;

use crate::support::{Project, peak_memory};

/// Pieces of YAML a confused author (or a fuzzer) would put together.
fn yaml_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "rubrik: ",
        "diarienummer: ",
        "tjänsteskrivelse:",
        "  datum: ",
        "2026-12-10",
        "  handläggare: ",
        "{ namn: A }",
        "förslag_till_beslut:",
        "  - att ",
        "barnrättsprövning:",
        "  berör_barn: ",
        "ja",
        "nej",
        "  motivering: |",
        "    text",
        "bilagor:",
        "  - { titel: T, fil: ",
        "bilagor/a.md }",
        "förteckning:",
        "  kolumner: [A, B]",
        "  rader: [[1, 2], [3]]",
        "\n",
        "\n",
        "\n",
        " ",
        "  ",
        "- ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "<<: *a",
        "!!str ",
        "!tag ",
        "'",
        "\"",
        "#",
        "|",
        ">",
        "---",
        "...",
        "~",
        "null",
        "123",
        "-1.5e3",
        "\t",
        "\u{feff}",
        "ö",
        "😀",
        "? ",
        "%YAML 1.2",
        "\\",
        "0x1F",
    ])
}

fn yamlish() -> impl Strategy<Value = String> {
    prop::collection::vec(yaml_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(4), ..ProptestConfig::default() })]

    #[test]
    fn yaml_loading_never_panics(text in prop_oneof![yamlish(), any::<String>()]) {
        let _ = parse_yaml::<ArendeFile>(&text);
        let _ = parse_yaml::<NamndFile>(&text);
        let _ = parse_yaml::<SammantradeFile>(&text);
    }

    #[test]
    fn markdown_conversion_never_panics(
        text in prop_oneof![
            any::<String>(),
            prop::collection::vec(prop::sample::select(vec![
                "# ", "## ", "1. ", "- ", "  - ", "> ", "| a | b |\n|---|---|\n", "| 1 |", "[^1]", "[^1]: x",
                "![", "](", ")", "*", "**", "_", "`", "```\n", "~~", "\n", "\n\n", "<b>", "&amp;", "\\", "[x](y)",
                "---\n", "    kod", "ö", "😀", "#let", "$", "@",
            ]), 0..60).prop_map(|p| p.concat()),
        ]
    ) {
        let converted = to_typst(&text, &MarkdownOptions { base: "m".into(), ..MarkdownOptions::default() });
        // Every line a warning names is a line of the text.
        let lines = text.split('\n').count();
        for warning in converted.warnings {
            prop_assert!(warning.line >= 1 && warning.line <= lines);
        }
    }
}

/// A "billion laughs" bomb: nine anchors, each a list of nine aliases of
/// the one before, 9⁹ strings when expanded.
fn alias_bomb() -> String {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let previous = if i == 0 {
            "a".to_owned()
        } else {
            ["b", "c", "d", "e", "f", "g", "h"][i - 1].to_owned()
        };
        bomb.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
    }
    bomb.push_str("rubrik: *i\n");
    bomb
}

#[test]
fn an_alias_bomb_is_refused_in_little_memory() {
    let bomb = alias_bomb();
    // As an ärende: refused.
    assert!(
        !parse_yaml::<ArendeFile>(&bomb)
            .unwrap_err()
            .message
            .is_empty()
    );
    // Read as any value (as the key check reads a file), every alias would
    // be expanded: the parser's alias limit refuses it first.
    let err = parse_yaml::<serde_json::Value>(&bomb).unwrap_err();
    assert!(err.message.contains("för många alias"), "{}", err.message);
    // kontrollera refuses the file without expanding it.
    let project = Project::fixture("kultur");
    project.write(
        "content/kulturnamnden/2027-01-21/arenden/01-bidrag-till-lovaktiviteter-2027.yaml",
        &bomb,
    );
    let (code, peak, stderr) = peak_memory(&project, &["kontrollera"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        peak < 256 * 1024 * 1024,
        "{} MB för en aliasbomb",
        peak / 1024 / 1024
    );
}

#[test]
fn an_absurdly_large_file_is_refused_with_a_message() {
    let project = Project::fixture("kultur");
    let file = "content/kulturnamnden/2027-01-21/arenden/01-bidrag-till-lovaktiviteter-2027.yaml";
    let text = project.read(file);
    project.write(file, &format!("{text}# {}\n", "x".repeat(2 * 1024 * 1024)));
    let run = project.run(&["kontrollera"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("är 2 MB; en YAML-fil får vara högst 1 MB"),
        "{}",
        run.stderr()
    );
}
