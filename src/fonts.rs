//! Foundation, fonts: the fonts every build has, parsed once per process:
//! typst's own (Libertinus Serif, DejaVu Sans Mono, …) and the sans-serif
//! family bundled with the tool. The compile stage offers them to typst,
//! and the render stage measures table text in them.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::Font;

/// The sans-serif family bundled with the tool (SIL OFL, see `fonts/`).
const BUNDLED_FONTS: &[&[u8]] = &[
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
];

/// The bundled fonts, in a fixed order.
pub fn builtin() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        typst_assets::fonts()
            .chain(BUNDLED_FONTS.iter().copied())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect()
    })
}
