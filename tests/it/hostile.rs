//! User text is data, never markup: hostile strings in every text field
//! compile, and the same text comes out of the PDF.

use std::path::Path;

use kallelse::build::{BuildOptions, build_meeting};
use kallelse::load::Sandbox;
use kallelse::meeting::Meeting;
use proptest::prelude::*;

use crate::support::{Pdf, compact};

/// A YAML double-quoted scalar holding `text` exactly.
fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes a one-ärende project where every plain text field holds `text`
/// and every Markdown field holds `markdown`.
fn write_project(root: &Path, text: &str, markdown: &str) {
    let t = yaml_string(text);
    let m = yaml_string(markdown);
    let meeting = root.join("content/namnd/2026-12-10");
    std::fs::create_dir_all(meeting.join("arenden")).unwrap();
    std::fs::write(
        root.join("content/namnd/namnd.yaml"),
        format!(
            "namn: {t}\nförkortning: {t}\norganisation: {t}\nordförande: {{ namn: {t}, titel: {t} }}\n\
             sekreterare: {{ namn: {t} }}\nkontakt: {{ postadress: {t}, webb: {t} }}\n\
             diarienummer_mönster: \"(?s).*\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        meeting.join("sammantrade.yaml"),
        format!(
            "datum: 2026-12-10\ntid: \"13:30\"\nplats: {t}\nöppet: true\n\
             gruppmöten: {{ tid: {t}, lokaler: [ {{ grupp: {t}, lokal: {t} }} ] }}\n\
             sekretessärenden: [ {{ rubrik: {t}, diarienummer: {t}, handling: {t} }} ]\n\
             informationsärenden: [ {{ rubrik: {t}, föredragande: {t} }} ]\n"
        ),
    )
    .unwrap();
    std::fs::write(
        meeting.join("arenden/01-a.yaml"),
        format!(
            "rubrik: {t}\ndiarienummer: {t}\n\
             tjänsteskrivelse: {{ datum: 2026-11-20, avsändare: {t}, handläggare: {{ namn: {t}, titel: {t} }}, godkänd: 2026-11-21, mottagare: {t} }}\n\
             bakgrund: {m}\nförslag: {m}\n\
             barnrättsprövning: {{ berör_barn: nej, motivering: {m} }}\n\
             förslag_till_beslut: [ {att} ]\nbeslutet_skickas_till: [ {t} ]\n\
             förteckning: {{ titel: {t}, kolumner: [ {t} ], rader: [ [ {t} ] ] }}\n",
            att = yaml_string(&format!("att {text}"))
        ),
    )
    .unwrap();
}

fn build(text: &str, markdown: &str) -> Pdf {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), text, markdown);
    let sandbox = Sandbox::new(dir.path()).unwrap();
    let report = Meeting::load(&sandbox, &dir.path().join("content/namnd/2026-12-10"))
        .and_then(|meeting| {
            build_meeting(&meeting, &BuildOptions::default(), &mut Default::default())
        })
        .unwrap_or_else(|e| panic!("bygget misslyckades för {text:?} / {markdown:?}: {e}"));
    Pdf::open(&report.pdf)
}

/// Whether `needle` occurs in `haystack` as a subsequence of characters.
fn subsequence(needle: &str, haystack: &str) -> bool {
    let mut chars = haystack.chars();
    needle.chars().all(|c| chars.any(|h| h == c))
}

/// Characters a hostile user could type: all ASCII punctuation, typst's
/// markup starters, whitespace of every kind, Swedish letters and emoji.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::ranges(vec!['!'..='/', ':'..='@', '['..='`', '{'..='~'].into()),
        3 => proptest::char::ranges(vec!['a'..='z', 'A'..='Z', '0'..='9'].into()),
        1 => prop::sample::select(vec![' ', ' ', '\n', '\t', '\r', '\u{2028}', '\u{a0}']),
        1 => prop::sample::select(vec!['å', 'ä', 'ö', 'Å', '§', '–', '”', '€', '½']),
        1 => prop::sample::select(vec!['😀', '🏠', '✅']),
    ]
}

fn hostile_string() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 1..24)
        .prop_map(|chars| chars.into_iter().collect::<String>())
        .prop_filter("needs a visible character", |s| {
            s.chars().any(|c| !c.is_whitespace())
        })
}

/// Hostile text without emoji: the protokoll is PDF/A and PDF/UA, which
/// refuse text no font can draw (`errors.rs` shows the error).
fn archival_string() -> impl Strategy<Value = String> {
    hostile_string()
        .prop_map(|s| drawable_chars(&s))
        .prop_filter("needs a visible character", |s| {
            s.chars().any(|c| !c.is_whitespace())
        })
}

fn drawable_chars(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '😀' | '🏠' | '✅'))
        .collect()
}

/// Emoji are left out of the comparison: 😀 is in none of the bundled fonts
/// (the build warns about it, see `errors.rs`), and the text extractor used
/// here does not map the fallback glyphs of the others back to text.
fn drawable(text: &str) -> String {
    compact(text)
        .chars()
        .filter(|c| !matches!(c, '😀' | '🏠' | '✅'))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20261124), ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_comes_out_verbatim(text in hostile_string(), markdown in hostile_string()) {
        let pdf = build(&text, &markdown);
        let all = compact(&pdf.text());
        let plain = drawable(&text);
        // Plain fields: the exact text, with whitespace anywhere.
        prop_assert!(all.contains(&plain), "{text:?} saknas i PDF:en");
        // The rubrik is on the kallelse, the protokollsförslag and the tjänsteskrivelse.
        prop_assert!(pdf.pages.iter().filter(|p| compact(p).contains(&plain)).count() >= 3);
        // Markdown fields: everything a reader would see, in order.
        // pdf-extract does not map the backslash glyph of the monospace font
        // (code blocks) back to text, so backslashes are compared in plain
        // fields only (above and in `known_troublemakers`).
        let seen: String = drawable(&kallelse::markdown::plain_text(&markdown)).replace('\\', "");
        let all_without: String = all.replace('\\', "");
        prop_assert!(subsequence(&seen, &all_without), "{markdown:?} saknas i PDF:en");
    }
}

#[test]
fn known_troublemakers() {
    for text in [
        "#let x = 1",
        "$x$ @ref <label> *fet* _kursiv_ `kod`",
        "1. inte en lista",
        "- inte heller",
        "= ingen rubrik",
        "\\ \\\\ \\u{41}",
        "// ingen kommentar /* */",
        "]) ) } ]",
        "\"citat\" 'enkla' -- --- ...",
        "https://exempel.se/#del",
    ] {
        let pdf = build(text, text);
        assert!(compact(&pdf.text()).contains(&compact(text)), "{text:?}");
    }
}

/// Adds members to the project of [`write_project`] and a protokoll that
/// puts `text` in every plain field of `protokoll.yaml` and `markdown` in
/// every Markdown field. The ordförande (named `text` in `namnd.yaml`) is
/// the first member.
fn write_protokoll(root: &Path, text: &str, markdown: &str) {
    let t = yaml_string(text);
    let m = yaml_string(markdown);
    let second = yaml_string(&format!("{text} Andra"));
    let third = yaml_string(&format!("{text} Tredje"));
    let substitute = yaml_string(&format!("{text} Ersättare"));
    let namnd = root.join("content/namnd/namnd.yaml");
    let mut yaml = std::fs::read_to_string(&namnd).unwrap();
    yaml.push_str(&format!(
        "ledamöter:\n  - {{ namn: {t}, parti: {t}, uppdrag: {t} }}\n  - {{ namn: {second}, parti: {t} }}\n  - {{ namn: {third}, parti: {t} }}\n\
         ersättare:\n  - {{ namn: {substitute}, parti: {t} }}\nsekretess_lagrum: {t}\n"
    ));
    std::fs::write(&namnd, yaml).unwrap();
    let att = yaml_string(&format!("att {text}"));
    std::fs::write(
        root.join("content/namnd/2026-12-10/protokoll.yaml"),
        format!(
            "tid: {t}\n\
             närvaro:\n  övriga_ersättare: [ {substitute} ]\n  övriga: [ {{ namn: {t}, titel: {t} }} ]\n\
             justering: {{ justerare: [ {second} ], datum: 2026-12-15, plats: {t}, tid: {t} }}\n\
             anslag: {{ förvaringsplats: {t} }}\n\
             paragrafer:\n  sekretess/1: {{ text: {m}, lagrum: {t} }}\n  information/1: {{ text: {m} }}\n  beslut/1:\n    beslut: ändrat\n    att_satser: [ {att} ]\n\
             \x20   yrkanden: [ {{ av: {t}, yrkande: {t} }} ]\n    propositionsordning: {t}\n\
             \x20   omröstning: {{ ja: {t}, nej: {t}, röster: {{ {t}: ja, {second}: ja, {third}: nej }} }}\n\
             \x20   reservationer: [ {{ av: [ {third} ], text: {t} }} ]\n\
             \x20   protokollsanteckningar: [ {{ av: {second}, text: {m} }} ]\n\
             \x20   text: {m}\n    beslutet_skickas_till: [ {t} ]\n\
             extra_ärenden:\n  - {{ rubrik: {t}, diarienummer: {t}, text: {m}, att_satser: [ {att} ], beslutet_skickas_till: [ {t} ] }}\n"
        ),
    )
    .unwrap();
}

fn build_protokoll(text: &str, markdown: &str) -> (Pdf, Pdf) {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), text, markdown);
    write_protokoll(dir.path(), text, markdown);
    let sandbox = Sandbox::new(dir.path()).unwrap();
    let report = Meeting::load(&sandbox, &dir.path().join("content/namnd/2026-12-10"))
        .and_then(|meeting| {
            kallelse::build::protokoll::build_protokoll(&meeting, &Default::default())
        })
        .unwrap_or_else(|e| panic!("protokollet byggdes inte för {text:?} / {markdown:?}: {e}"));
    (Pdf::open(&report.protokoll), Pdf::open(&report.anslag))
}

/// How many times `needle` occurs in `haystack`, overlaps not counted.
fn occurrences(haystack: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 0;
    }
    haystack.matches(needle).count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20261201), ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_in_the_protokoll_comes_out_verbatim(text in archival_string(), markdown in archival_string()) {
        let (protokoll, anslag) = build_protokoll(&text, &markdown);
        let all = compact(&protokoll.text());
        let plain = drawable(&text);
        // tid, members and parties, övriga, justering, yrkande,
        // propositionsordning, ja/nej, reservation, lagrum-free sekretess,
        // extra ärende, recipients: at least a dozen places.
        prop_assert!(occurrences(&all, &plain) >= 12, "{text:?}: {} gånger", occurrences(&all, &plain));
        let seen: String = drawable(&kallelse::markdown::plain_text(&markdown)).replace('\\', "");
        prop_assert!(subsequence(&seen, &all.replace('\\', "")), "{markdown:?} saknas i protokollet");
        // The förvaringsplats is on the anslag.
        prop_assert!(compact(&anslag.text()).contains(&plain), "{text:?} saknas i anslaget");
    }
}

#[test]
fn known_troublemakers_in_the_protokoll() {
    for text in [
        "#let x = 1",
        "$x$ @ref <label> *fet* _kursiv_ `kod`",
        "]) ) } ]",
        "{{ tera }} {% if %}",
        "\\ \\\\ \\u{41}",
    ] {
        let (protokoll, _) = build_protokoll(text, text);
        assert!(
            compact(&protokoll.text()).contains(&compact(text)),
            "{text:?}"
        );
    }
}
