//! Render stage, table widths: what the house style's `tabell` needs to
//! give a table columns that never let text overlap text. For each column,
//! the longest words (typst measures them when a project sets tables in its
//! own font) and their widths in ems measured here in the house font, so
//! that typst only does arithmetic.

use super::measure::{self, Style};

/// typst column widths for a table: a column of short values (numbers,
/// dates, case numbers) fits its content; columns of running text share the
/// remaining width in proportion to the text they hold, so that no column is
/// squeezed below its words.
pub fn column_widths<S: AsRef<str>>(columns: &[S], rows: &[Vec<S>]) -> Vec<String> {
    /// The longest cell of a column that still fits its content.
    const SHORT: usize = 12;
    /// The smallest share of a text column, so short words stay whole.
    const MIN_SHARE: usize = 8;
    (0..columns.len())
        .map(|i| {
            let lengths: Vec<usize> = rows
                .iter()
                .filter_map(|row| row.get(i))
                .chain(columns.get(i))
                .map(|cell| cell.as_ref().chars().count())
                .collect();
            let longest = lengths.iter().copied().max().unwrap_or(0);
            if longest <= SHORT {
                "auto".to_owned()
            } else {
                let average = lengths.iter().sum::<usize>() / lengths.len().max(1);
                let longest_word = rows
                    .iter()
                    .filter_map(|row| row.get(i))
                    .flat_map(|cell| cell.as_ref().split_whitespace())
                    .map(|word| word.chars().count())
                    .max()
                    .unwrap_or(0);
                format!("{}fr", average.max(longest_word * 3 / 2).max(MIN_SHARE))
            }
        })
        .collect()
}

/// How many of a column's longest words are measured by the house style.
const MEASURED_WORDS: usize = 3;

/// A cell's text with the spaces inside numbers ("2 310") made
/// non-breaking, so that a number never breaks over two lines.
pub fn keep_numbers_together(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
            let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c == ' ' && digit_before && digit_after {
                '\u{a0}'
            } else {
                c
            }
        })
        .collect()
}

/// The words of a cell that a line can never break inside: split at
/// breaking whitespace only (numbers stay whole, see
/// [`keep_numbers_together`]).
fn words(cell: &str) -> impl Iterator<Item = String> {
    keep_numbers_together(cell)
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

/// The pieces a word can be broken into when the table allows
/// hyphenation: typst hyphenates a purely alphabetic word at every syllable
/// boundary of its Swedish patterns, each piece but the last ending with a
/// hyphen. Other words stay whole.
fn hyphenated_pieces(word: &str) -> Vec<String> {
    if !word.chars().all(char::is_alphabetic) {
        return vec![word.to_owned()];
    }
    let syllables: Vec<&str> = hypher::hyphenate(word, hypher::Lang::Swedish).collect();
    let last = syllables.len().saturating_sub(1);
    syllables
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i < last {
                format!("{s}-")
            } else {
                (*s).to_owned()
            }
        })
        .collect()
}

/// The few longest distinct strings, longest first.
fn longest(strings: impl Iterator<Item = String>) -> Vec<String> {
    let mut all: Vec<String> = strings.collect();
    all.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    all.dedup();
    all.truncate(MEASURED_WORDS);
    all
}

/// Whether a table surely fits the text width with every cell on one
/// line, judged from the length of its longest cell per column at a
/// generous width per character. Such a table needs no measuring (the
/// house style's `tabell` would give it natural widths anyway), which
/// keeps long reports with many small tables fast.
pub fn fits_on_one_line<S: AsRef<str>>(columns: &[S], rows: &[Vec<S>]) -> bool {
    /// A wide character of the table font at 9.5pt, in points (wider than
    /// the average, so the estimate errs towards measuring).
    const CHAR: f64 = 6.2;
    /// Padding of a cell and its rule, in points.
    const CELL: f64 = 10.5;
    /// The text width of an A4 page with the house style's margins, less
    /// a safety margin.
    const WIDTH: f64 = 420.0;
    let total: f64 = (0..columns.len())
        .map(|i| {
            let longest = rows
                .iter()
                .filter_map(|row| row.get(i))
                .chain(columns.get(i))
                .map(|cell| cell.as_ref().chars().count())
                .max()
                .unwrap_or(0);
            longest as f64 * CHAR + CELL
        })
        .sum();
    total <= WIDTH
}

/// A table cell's text in runs of one style: a Markdown cell can hold
/// `**fet**`, `*kursiv*` and `` `kod` ``, each as wide as its font makes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StyledCell(pub Vec<(String, Style)>);

impl StyledCell {
    /// Appends text in a style, joining it to a last run of that style.
    pub fn push(&mut self, text: &str, style: Style) {
        match self.0.last_mut() {
            Some((last, last_style)) if *last_style == style => last.push_str(text),
            _ => self.0.push((text.to_owned(), style)),
        }
    }

    /// The cell's text without its styles.
    pub fn text(&self) -> String {
        self.0.iter().map(|(text, _)| text.as_str()).collect()
    }
}

/// A cell of a table to measure: plain text (a förteckning) or styled
/// runs (a Markdown table).
pub trait CellText {
    /// The cell's runs of text, each in one style.
    fn runs(&self) -> Vec<(&str, Style)>;
}

impl CellText for String {
    fn runs(&self) -> Vec<(&str, Style)> {
        vec![(self.as_str(), Style::Regular)]
    }
}

impl CellText for &str {
    fn runs(&self) -> Vec<(&str, Style)> {
        vec![(*self, Style::Regular)]
    }
}

impl CellText for StyledCell {
    fn runs(&self) -> Vec<(&str, Style)> {
        self.0.iter().map(|(t, s)| (t.as_str(), *s)).collect()
    }
}

/// Widths measured here are made this much wider, and rounded up, so that
/// the small differences from typst's own layout of the same shaping
/// (rounding, smart quotes) never make a column narrower than its longest
/// word; the cell margin (`tabellinset` and half a point) comes on top.
const SAFETY: f64 = 1.005;

/// A word of a cell (no line break can fall inside it) as runs of one
/// style each: `**fet**text` is one word in two styles.
type Word = Vec<(String, Style)>;

/// A cell's words, split at breaking whitespace only; with `bold` every
/// run is bold (heading cells).
fn styled_words(cell: &impl CellText, bold: bool) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut current: Word = Vec::new();
    for (text, style) in cell.runs() {
        let style = if bold { style.bold() } else { style };
        for c in keep_numbers_together(text).chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                continue;
            }
            match current.last_mut() {
                Some((run, run_style)) if *run_style == style => run.push(c),
                _ => current.push((c.to_string(), style)),
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// A column's widths in ems, as the house font sets it: the longest word
/// (`hel`), the longest hyphenated piece (`delad`) and the widest cell on
/// one line (`naturlig`), heading cells in bold.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Ems {
    whole: f64,
    pieces: f64,
    natural: f64,
}

impl Ems {
    fn add_cell(&mut self, cell: &impl CellText, bold: bool) {
        let natural: f64 = cell
            .runs()
            .iter()
            .map(|(text, style)| {
                let style = if bold { style.bold() } else { *style };
                measure::width(&keep_numbers_together(text), style)
            })
            .sum();
        self.natural = self.natural.max(natural);
        for word in styled_words(cell, bold) {
            let whole: f64 = word.iter().map(|(t, s)| measure::width(t, *s)).sum();
            self.whole = self.whole.max(whole);
            // A piece is measured in the widest style of its word.
            let text: String = word.iter().map(|(t, _)| t.as_str()).collect();
            let mut styles: Vec<Style> = word.iter().map(|(_, s)| *s).collect();
            styles.sort();
            styles.dedup();
            for piece in hyphenated_pieces(&text) {
                for style in &styles {
                    self.pieces = self.pieces.max(measure::width(&piece, *style));
                }
            }
        }
    }

    /// As a typst dictionary, with the family measured in.
    fn typst(&self) -> String {
        let em = |value: f64| (value * SAFETY * 1000.0).ceil() / 1000.0;
        format!(
            "(hel: {}, delad: {}, naturlig: {}, typsnitt: \"{}\")",
            em(self.whole),
            em(self.pieces),
            em(self.natural.max(self.whole)),
            measure::FAMILY
        )
    }
}

/// What decides how narrow each column of a table may be, as a typst
/// array for the house style's `tabell` function: for each column a
/// dictionary with its longest body words (`hel`), their longest hyphenated
/// pieces (`delad`), the same for the bold heading (`rubrik`,
/// `rubrikdelad`), and `em`, the widths measured here in the house font.
pub fn column_words<C: CellText>(columns: &[C], rows: &[Vec<C>]) -> String {
    let strings = |words: Vec<String>| {
        let quoted: Vec<String> = words
            .iter()
            .map(|w| crate::escape::string_literal(w))
            .collect();
        format!(
            "({})",
            quoted.iter().map(|q| format!("{q}, ")).collect::<String>()
        )
    };
    let plain = |cell: &C| -> String { cell.runs().iter().map(|(t, _)| *t).collect() };
    let measured = measure::available();
    let entries: Vec<String> = (0..columns.len())
        .map(|i| {
            let body: Vec<String> = rows
                .iter()
                .filter_map(|row| row.get(i))
                .flat_map(|cell| words(&plain(cell)).collect::<Vec<_>>())
                .collect();
            let head: Vec<String> = columns
                .get(i)
                .map(|c| words(&plain(c)).collect())
                .unwrap_or_default();
            let pieces =
                |words: &[String]| longest(words.iter().flat_map(|w| hyphenated_pieces(w)));
            let em = if measured {
                let mut ems = Ems::default();
                rows.iter()
                    .filter_map(|row| row.get(i))
                    .for_each(|cell| ems.add_cell(cell, false));
                if let Some(heading) = columns.get(i) {
                    ems.add_cell(heading, true);
                }
                format!(", em: {}", ems.typst())
            } else {
                String::new()
            };
            format!(
                "(hel: {}, delad: {}, rubrik: {}, rubrikdelad: {}{em})",
                strings(longest(body.iter().cloned())),
                strings(pieces(&body)),
                strings(longest(head.iter().cloned())),
                strings(pieces(&head)),
            )
        })
        .collect();
    format!(
        "({})",
        entries.iter().map(|e| format!("{e}, ")).collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_tables_fit_on_one_line_and_wide_ones_are_measured() {
        let short = vec![vec!["Ungdomens hus", "40 000"]];
        assert!(fits_on_one_line(&["Förening", "Belopp"], &short));
        let mut heading = vec!["Barn- och ungdomsförsäkring"];
        heading.extend(["1 – 3 år"; 10]);
        let row: Vec<&str> = std::iter::once("Personliga kostnader för hushållet")
            .chain(["2 310"; 10])
            .collect();
        assert!(!fits_on_one_line(&heading, &[row]));
    }
    #[test]
    fn text_columns_share_the_width() {
        let rows = vec![
            vec!["1", "En lång rubrik om något viktigt", "2026-10-01"],
            vec!["2", "En annan lång rubrik om något", "2026-10-02"],
        ];
        assert_eq!(
            column_widths(&["Nr", "Rubrik", "Datum"], &rows),
            ["auto", "22fr", "auto"]
        );
    }

    #[test]
    fn numbers_stay_whole_and_long_words_split_at_syllables() {
        assert_eq!(keep_numbers_together("2 310 kr"), "2\u{a0}310 kr");
        let pieces = hyphenated_pieces("ungdomsförsäkring");
        assert!(pieces.len() > 2, "{pieces:?}");
        assert_eq!(pieces.concat().replace('-', ""), "ungdomsförsäkring");
        let words = column_words(
            &["Kostnadspost", "Belopp"],
            &[vec!["Barn- och ungdomsförsäkring", "2 310"]],
        );
        assert!(
            words.starts_with("((hel: (\"ungdomsförsäkring\", "),
            "{words}"
        );
        assert!(words.contains("(hel: (\"2\u{a0}310\", )"), "{words}");
    }
}
