//! Render stage, table widths: measures text in the fonts the house style
//! sets tables in, by shaping it as typst does (rustybuzz over the same
//! bundled font files), so that `tabell.typ` gets its columns' widths as
//! numbers instead of measuring every cell in typst.

use std::sync::OnceLock;

use std::cell::RefCell;
use std::collections::HashMap;

use rustybuzz::{Direction, Face, ShapePlan, UnicodeBuffer, script};
use typst::text::{FontBook, FontStretch, FontStyle, FontVariant, FontWeight};

/// The family tables are measured in, as typst names it in `text.font`
/// (the house style's body font). `tabell.typ` measures in typst itself
/// when a project's style sets tables in another font.
pub const FAMILY: &str = "libertinus serif";

/// The family and scale of `raw` text (inline code): typst's defaults.
const MONO_FAMILY: &str = "dejavu sans mono";
const MONO_SCALE: f64 = 0.8;

/// The width, in ems, charged for a character the font lacks: typst sets
/// it in a fallback font, whose width is not known here, so it is taken
/// as wider than any letter.
const MISSING: f64 = 1.0;

/// How a run of a cell's text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// Running text.
    Regular,
    /// `**fet**`, and every heading cell.
    Bold,
    /// `*kursiv*`.
    Italic,
    /// Bold and italic.
    BoldItalic,
    /// `` `kod` `` (typst's `raw`).
    Mono,
}

impl Style {
    /// The style with bold added (heading cells, `**…**`).
    pub fn bold(self) -> Self {
        match self {
            Self::Regular | Self::Bold => Self::Bold,
            Self::Italic | Self::BoldItalic => Self::BoldItalic,
            Self::Mono => Self::Mono,
        }
    }

    /// The style with italic added (`*…*`).
    pub fn italic(self) -> Self {
        match self {
            Self::Regular | Self::Italic => Self::Italic,
            Self::Bold | Self::BoldItalic => Self::BoldItalic,
            Self::Mono => Self::Mono,
        }
    }

    const ALL: [Self; 5] = [
        Self::Regular,
        Self::Bold,
        Self::Italic,
        Self::BoldItalic,
        Self::Mono,
    ];

    fn family_and_variant(self) -> (&'static str, FontVariant) {
        let variant = |style, weight| FontVariant::new(style, weight, FontStretch::NORMAL);
        match self {
            Self::Regular => (FAMILY, variant(FontStyle::Normal, FontWeight::REGULAR)),
            Self::Bold => (FAMILY, variant(FontStyle::Normal, FontWeight::BOLD)),
            Self::Italic => (FAMILY, variant(FontStyle::Italic, FontWeight::REGULAR)),
            Self::BoldItalic => (FAMILY, variant(FontStyle::Italic, FontWeight::BOLD)),
            Self::Mono => (MONO_FAMILY, variant(FontStyle::Normal, FontWeight::REGULAR)),
        }
    }
}

/// The font of each style, found once per process among the fonts every
/// build has (`None` only if typst stopped bundling a family).
fn fonts() -> &'static [Option<(Face<'static>, ShapePlan)>; 5] {
    static FONTS: OnceLock<[Option<(Face<'static>, ShapePlan)>; 5]> = OnceLock::new();
    FONTS.get_or_init(|| {
        let all = crate::fonts::builtin();
        let book = FontBook::from_fonts(all);
        Style::ALL.map(|style| {
            let (family, variant) = style.family_and_variant();
            let font = all.get(book.select(family, variant)?)?;
            let face = Face::from_slice(font.data().as_slice(), font.index())?;
            // One plan per face: planning costs more than shaping a word.
            let plan = ShapePlan::new(
                &face,
                Direction::LeftToRight,
                Some(script::LATIN),
                None,
                &[],
            );
            Some((face, plan))
        })
    })
}

/// Whether the fonts to measure in are there (they are bundled with
/// typst; without them `tabell.typ` measures in typst).
pub fn available() -> bool {
    fonts().iter().all(Option::is_some)
}

/// The width of `text` set in `style` at a size of 1pt, in points: the sum
/// of the shaped glyphs' advances, kerning and ligatures applied. Widths
/// are remembered per thread: a table repeats its words.
pub fn width(text: &str, style: Style) -> f64 {
    thread_local! {
        static WIDTHS: RefCell<HashMap<(Style, String), f64>> = RefCell::new(HashMap::new());
    }
    WIDTHS.with(|widths| {
        let mut widths = widths.borrow_mut();
        if let Some(width) = widths.get(&(style, text.to_owned())) {
            return *width;
        }
        let width = shaped_width(text, style);
        // Many documents in one process: keep the memory bounded.
        if widths.len() > 100_000 {
            widths.clear();
        }
        widths.insert((style, text.to_owned()), width);
        width
    })
}

fn shaped_width(text: &str, style: Style) -> f64 {
    let index = Style::ALL.iter().position(|s| *s == style).unwrap_or(0);
    let Some((face, plan)) = &fonts()[index] else {
        return text.chars().count() as f64 * MISSING;
    };
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(Direction::LeftToRight);
    buffer.set_script(script::LATIN);
    let glyphs = rustybuzz::shape_with_plan(face, plan, buffer);
    let units = f64::from(face.units_per_em());
    let advance: f64 = glyphs
        .glyph_infos()
        .iter()
        .zip(glyphs.glyph_positions())
        .map(|(info, position)| {
            if info.glyph_id == 0 {
                MISSING
            } else {
                f64::from(position.x_advance) / units
            }
        })
        .sum();
    if style == Style::Mono {
        advance * MONO_SCALE
    } else {
        advance
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font() {
        assert!(available());
        let regular = width("Barnrättsprövning", Style::Regular);
        assert!((6.0..9.0).contains(&regular), "{regular}");
        assert!(width("Barnrättsprövning", Style::Bold) > regular);
        // Kerning makes "AV" narrower than its letters apart.
        assert!(
            width("AV", Style::Regular) < width("A", Style::Regular) + width("V", Style::Regular)
        );
        // Inline code is monospaced at 0.8 of the size.
        let mono = width("iiii", Style::Mono);
        assert!((mono - width("MMMM", Style::Mono)).abs() < 1e-9, "{mono}");
        // A character the font lacks counts as wide.
        assert!(width("\u{4e2d}", Style::Regular) >= MISSING);
    }
}
