//! How much a Markdown text asks of typst. The layout of a text takes memory
//! by what it is made of far more than by its bytes: a heading (numbered,
//! in the table of contents, a bookmark) costs as much as a page of prose,
//! a table cell as much as a paragraph. Each part is weighed in the kilobytes
//! of peak memory it was measured to take (`kallelse kontrollera`, see
//! README.md, "Gränser"), and a text heavier than [`BUDGET`] is refused, so
//! that no Markdown under the size limit can make a check use more than
//! 1 GB. Nesting is limited too: typst gives up on content nested deeper
//! than a few dozen levels, with an English message.

use crate::limits::{number, size};

/// The most a Markdown text may weigh, in kilobytes of typst's memory.
pub const BUDGET: u64 = 650_000;

/// The most a YAML file's Markdown fields may weigh together: they are laid
/// out twice (protokollsförslag and tjänsteskrivelse), and a
/// tjänsteskrivelse is a few pages.
pub const YAML_BUDGET: u64 = BUDGET / 4;

/// The deepest that block quotes, lists and emphasis may be nested in each
/// other.
pub const MAX_DEPTH: usize = 20;

/// Measured weights, in kilobytes.
pub(super) const HEADING: u64 = 170;
pub(super) const FOOTNOTE: u64 = 40;
/// What each earlier footnote in the same block quote, list or table adds
/// to a footnote there: typst lays such a block out again for its
/// footnotes, so their memory grows with the square of their number (a
/// table with 1 000 footnotes took 4 GB).
pub(super) const FOOTNOTE_IN_BLOCK: u64 = 9;
pub(super) const TABLE: u64 = 100;
pub(super) const BLOCK: u64 = 10;
/// A hard line break; many in one paragraph also take time.
pub(super) const LINE: u64 = 8;
/// A line of a code block: typst sets a long code block in a time that
/// grows faster than its lines, so lines weigh more than their memory.
pub(super) const CODE_LINE: u64 = 20;
pub(super) const SPAN: u64 = 12;
pub(super) const IMAGE: u64 = 20;

/// What a table cell weighs in a table of `columns` columns: the house
/// style measures every column and tries narrower settings (smaller text,
/// hyphenation, a landscape page) when a table is too wide, so a cell of a
/// wide table weighs more. Measured from 2 to 200 columns, with short and
/// with long words.
pub fn cell_weight(columns: usize) -> u64 {
    20 + columns as u64 * 2
}
/// Bytes of text per kilobyte.
const TEXT_BYTES_PER_KB: u64 = 5;

/// What a text is made of, and what it weighs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Weight {
    /// Kilobytes of typst's memory, estimated.
    pub kb: u64,
    /// Headings.
    pub headings: u64,
    /// Paragraphs, list items, quotes, code blocks and rules.
    pub blocks: u64,
    /// Table cells.
    pub cells: u64,
    /// Footnotes (each time one is shown).
    pub footnotes: u64,
    /// Emphasis, links and other marked-up spans.
    pub spans: u64,
    /// Images.
    pub images: u64,
    /// Bytes of text.
    pub bytes: u64,
}

impl Weight {
    /// Adds `kb` for a part; `count` picks the part's counter.
    pub(super) fn add(&mut self, kb: u64, count: fn(&mut Weight) -> &mut u64) {
        self.kb = self.kb.saturating_add(kb);
        let counter = count(self);
        *counter = counter.saturating_add(1);
    }

    /// Adds text.
    pub(super) fn text(&mut self, bytes: usize) {
        self.bytes = self.bytes.saturating_add(bytes as u64);
        self.kb = self
            .kb
            .saturating_add((bytes as u64).div_ceil(TEXT_BYTES_PER_KB));
    }

    /// Adds another weight (a footnote shown again, another field).
    pub fn plus(&mut self, other: &Weight) {
        self.kb = self.kb.saturating_add(other.kb);
        self.headings = self.headings.saturating_add(other.headings);
        self.blocks = self.blocks.saturating_add(other.blocks);
        self.cells = self.cells.saturating_add(other.cells);
        self.footnotes = self.footnotes.saturating_add(other.footnotes);
        self.spans = self.spans.saturating_add(other.spans);
        self.images = self.images.saturating_add(other.images);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }

    /// What the text holds, in words: "3 600 rubriker, 2 000 tabellceller
    /// och 1,2 MB text".
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.headings, "rubrik", "rubriker"),
            (self.blocks, "stycke", "stycken och listpunkter"),
            (self.cells, "tabellcell", "tabellceller"),
            (self.footnotes, "fotnot", "fotnoter"),
            (self.spans, "betoning", "betoningar och länkar"),
            (self.images, "bild", "bilder"),
        ]
        .iter()
        .filter(|(count, _, _)| *count > 0)
        .map(|(count, one, many)| match count {
            1 => format!("1 {one}"),
            count => format!("{} {many}", number(*count)),
        })
        .chain(std::iter::once(format!("{} text", size(self.bytes))))
        .collect();
        match parts.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} och {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// The error message for a text heavier than `budget` (kB), with what it
/// holds up to where it was stopped.
pub fn too_heavy(weight: &Weight, budget: u64) -> (String, String) {
    (
        format!(
            "texten är för omfattande för att sättas: hit har den {}",
            weight.describe()
        ),
        format!(
            "en text får motsvara högst ungefär {} rubriker, {} tabellceller eller {} stycken (typst behöver annars mer än 1 GB minne); dela upp texten på flera bilagor, eller bifoga den som PDF",
            number(budget / HEADING / 100 * 100),
            number(budget / cell_weight(5) / 1000 * 1000),
            number(budget / BLOCK / 1000 * 1000),
        ),
    )
}

/// The error message for a table wider than a table may be.
pub fn too_wide(columns: usize) -> (String, String) {
    (
        format!(
            "tabellen har {} kolumner; en tabell får ha högst {}",
            number(columns as u64),
            crate::limits::MAX_TABLE_COLUMNS
        ),
        "dela upp tabellen på flera, eller bifoga den som PDF".to_owned(),
    )
}

/// The error message for content nested deeper than [`MAX_DEPTH`].
pub fn too_deep() -> (String, String) {
    (
        format!(
            "texten är nästlad i mer än {MAX_DEPTH} nivåer (citat, listor, betoningar eller länkar i varandra)"
        ),
        "minska antalet nivåer; typst kan inte sätta djupare nästlad text".to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn described_in_words() {
        let mut weight = Weight::default();
        weight.add(HEADING, |w| &mut w.headings);
        weight.add(cell_weight(4), |w| &mut w.cells);
        weight.add(cell_weight(4), |w| &mut w.cells);
        weight.text(3 * 1024 * 1024 / 2);
        assert_eq!(
            weight.describe(),
            "1 rubrik, 2 tabellceller och 1,5 MB text"
        );
        assert_eq!(weight.kb, HEADING + 2 * 28 + 3 * 1024 * 1024 / 2 / 5 + 1);
    }
}
