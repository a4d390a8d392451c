//! Markdown → typst markup (render stage). The sakkunnig's text fields and
//! Markdown bilagor are CommonMark with GitHub tables, footnotes and
//! strikethrough. Every piece of text is escaped; structure is emitted as
//! typst function calls (`#list(..)`, `#table(..)`), never as
//! indentation-sensitive markup, so no user input can change the structure.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::escape::{push_markup, push_markup_inline, string_literal};
use crate::table;

mod followup;
mod weight;

pub use followup::{FollowupProblem, FollowupRow, followup_tables};
pub use weight::{BUDGET, MAX_DEPTH, Weight, YAML_BUDGET, cell_weight, too_deep, too_heavy};

/// How a Markdown text is placed in its document.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// Added to every Markdown heading level (`#` becomes level 1 + offset).
    pub heading_offset: u8,
    /// Whether Markdown headings appear in the outline and PDF bookmarks.
    pub outlined_headings: bool,
    /// The virtual folder (relative to the project root, with `/`) that
    /// relative image paths are resolved against.
    pub base: String,
    /// The headings keep the numbers typed in them (`numrering: egen`), so
    /// a typed number is no mistake to warn about.
    pub own_numbers: bool,
}

/// The words of the warning for an image without alt text; the web version
/// turns that warning into an error, since PDF/UA requires the text.
pub const MISSING_ALT: &str = "saknar alternativtext";

/// Something in the Markdown the author should look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownWarning {
    /// 1-based line within the Markdown text.
    pub line: usize,
    /// What is wrong, in Swedish.
    pub message: String,
    /// What it is about.
    pub kind: crate::error::Kind,
}

/// The typst markup of a Markdown text, with warnings and the images it uses.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    /// typst markup, safe to splice into a content block.
    pub markup: String,
    /// Problems worth a warning.
    pub warnings: Vec<MarkdownWarning>,
    /// Virtual paths of images referenced (relative to the project root).
    pub images: Vec<String>,
    /// Number of headings.
    pub headings: usize,
    /// What the text asks of typst (up to where an error stopped it).
    pub weight: Weight,
    /// Why the text cannot be set: too heavy (see [`BUDGET`]) or nested too
    /// deep (see [`MAX_DEPTH`]). The markup is then only a notice.
    pub errors: Vec<MarkdownError>,
}

/// Why a Markdown text cannot be set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    /// 1-based line within the Markdown text where it was found.
    pub line: usize,
    /// What is wrong, in Swedish.
    pub message: String,
    /// How to fix it.
    pub tips: String,
}

/// The parser options used for every Markdown text.
fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Converts Markdown to typst markup.
pub fn to_typst(markdown: &str, options: &MarkdownOptions) -> Converted {
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .collect();
    let line_starts = line_starts(markdown);
    let mut writer = Writer {
        options,
        out: String::with_capacity(markdown.len() * 2),
        footnotes: HashMap::new(),
        warnings: Vec::new(),
        images: Vec::new(),
        line_starts: &line_starts,
        heading: None,
        headings: 0,
        last_heading_level: 0,
        weight: Weight::default(),
        depth: 0,
        table_columns: 0,
        blocks: 0,
        block_footnotes: 0,
        in_definition: false,
        errors: Vec::new(),
    };

    // Footnote definitions may come after their references: render them
    // first (the main text passes them by).
    let mut index = 0;
    while index < events.len() {
        if let (Event::Start(Tag::FootnoteDefinition(label)), _) = &events[index] {
            let label = label.to_string();
            let mut depth = 0;
            let start = index + 1;
            let mut end = start;
            while end < events.len() {
                match &events[end].0 {
                    Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                    Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                    _ => {}
                }
                end += 1;
            }
            // A footnote weighs what it holds each time it is shown.
            let main_weight = std::mem::take(&mut writer.weight);
            writer.in_definition = true;
            let body = writer.render_nested(&events[start..end.min(events.len())]);
            writer.in_definition = false;
            let body_weight = std::mem::replace(&mut writer.weight, main_weight);
            writer
                .footnotes
                .insert(label, (body.trim().to_owned(), body_weight));
            index = end + 1;
        } else {
            index += 1;
        }
    }
    if writer.errors.is_empty() {
        writer.render(&events);
    }
    let markup = if writer.errors.is_empty() {
        writer.out.trim_end().to_owned()
    } else {
        // Never half a text: the check reports the error.
        let mut notice = String::new();
        push_markup(
            &mut notice,
            "Texten kan inte sättas; kör kallelse kontrollera.",
        );
        notice
    };
    Converted {
        markup,
        warnings: writer.warnings,
        images: writer.images,
        headings: writer.headings,
        weight: writer.weight,
        errors: writer.errors,
    }
}

/// The plain text a reader sees of a Markdown text (for tests and search).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
    out
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

struct Writer<'a> {
    options: &'a MarkdownOptions,
    out: String,
    /// Each footnote's markup and weight, by label.
    footnotes: HashMap<String, (String, Weight)>,
    warnings: Vec<MarkdownWarning>,
    images: Vec<String>,
    line_starts: &'a [usize],
    /// The text of the open heading and where it starts.
    heading: Option<(String, usize)>,
    headings: usize,
    /// The level (before the offset) of the previous heading, 0 before the first.
    last_heading_level: u8,
    /// What the text weighs so far.
    weight: Weight,
    /// How deep quotes, lists and spans are nested here.
    depth: usize,
    /// The columns of the table being read.
    table_columns: usize,
    /// How deep block quotes, lists and tables are nested here.
    blocks: usize,
    /// Footnotes so far in the outermost of them.
    block_footnotes: u64,
    /// Whether a footnote's text is being rendered.
    in_definition: bool,
    /// Why the text cannot be set; rendering stops at the first.
    errors: Vec<MarkdownError>,
}

/// What an open image or code block collects until its end.
enum Capture {
    None,
    Image { path: String, alt: String },
    Code { lang: Option<String>, text: String },
}

impl Writer<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    fn warn(&mut self, offset: usize, message: String) {
        self.warn_of(crate::error::Kind::Other, offset, message);
    }

    fn warn_of(&mut self, kind: crate::error::Kind, offset: usize, message: String) {
        let line = self.line_of(offset);
        self.warnings.push(MarkdownWarning {
            line,
            message,
            kind,
        });
    }

    fn render_nested(&mut self, events: &[(Event, std::ops::Range<usize>)]) -> String {
        let saved = std::mem::take(&mut self.out);
        self.render(events);
        std::mem::replace(&mut self.out, saved)
    }

    /// Counts an event's weight and nesting; false once the text is too
    /// heavy or too deep to go on.
    fn weigh(&mut self, event: &Event, offset: usize) -> bool {
        use weight::{BLOCK, CODE_LINE, HEADING, IMAGE, LINE, SPAN, TABLE};
        let nests = |tag: &Tag| {
            matches!(
                tag,
                Tag::BlockQuote(_)
                    | Tag::List(_)
                    | Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
            )
        };
        match event {
            Event::Start(tag) => {
                match tag {
                    Tag::Heading { .. } => self.weight.add(HEADING, |w| &mut w.headings),
                    Tag::Table(alignments) => {
                        self.weight.add(TABLE, |w| &mut w.blocks);
                        self.table_columns = alignments.len();
                        if self.table_columns > crate::limits::MAX_TABLE_COLUMNS {
                            return self.fail(offset, weight::too_wide(self.table_columns));
                        }
                    }
                    Tag::TableCell => self
                        .weight
                        .add(cell_weight(self.table_columns), |w| &mut w.cells),
                    Tag::Image { .. } => self.weight.add(IMAGE, |w| &mut w.images),
                    Tag::Paragraph | Tag::Item | Tag::BlockQuote(_) | Tag::CodeBlock(_) => {
                        self.weight.add(BLOCK, |w| &mut w.blocks)
                    }
                    tag if nests(tag) && !matches!(tag, Tag::List(_)) => {
                        self.weight.add(SPAN, |w| &mut w.spans)
                    }
                    _ => {}
                }
                if matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Table(_)) {
                    self.blocks += 1;
                }
                if nests(tag) {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return self.fail(offset, too_deep());
                    }
                }
            }
            Event::End(tag) => {
                if matches!(tag, TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Table) {
                    self.blocks = self.blocks.saturating_sub(1);
                    if self.blocks == 0 {
                        self.block_footnotes = 0;
                    }
                }
                if matches!(
                    tag,
                    TagEnd::BlockQuote(_)
                        | TagEnd::List(_)
                        | TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Superscript
                        | TagEnd::Subscript
                        | TagEnd::Link
                ) {
                    self.depth = self.depth.saturating_sub(1);
                }
            }
            Event::Text(text) => {
                self.weight.text(text.len());
                // Only a code block's text has line breaks.
                for _ in text.matches('\n') {
                    self.weight.add(CODE_LINE, |w| &mut w.blocks);
                }
            }
            Event::Code(text) => {
                self.weight.text(text.len());
                self.weight.add(SPAN, |w| &mut w.spans);
            }
            Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => self.weight.text(text.len()),
            Event::HardBreak => self.weight.add(LINE, |w| &mut w.blocks),
            Event::Rule => self.weight.add(BLOCK, |w| &mut w.blocks),
            Event::FootnoteReference(label) if !self.in_definition => {
                let in_block = weight::FOOTNOTE_IN_BLOCK.saturating_mul(self.block_footnotes);
                self.weight
                    .add(weight::FOOTNOTE.saturating_add(in_block), |w| {
                        &mut w.footnotes
                    });
                if self.blocks > 0 {
                    self.block_footnotes += 1;
                }
                if let Some((_, body)) = self.footnotes.get(label.as_ref()) {
                    let body = *body;
                    self.weight.plus(&body);
                }
            }
            _ => {}
        }
        if self.weight.kb > BUDGET {
            return self.fail(offset, too_heavy(&self.weight, BUDGET));
        }
        true
    }

    /// Records why the text cannot be set; rendering stops.
    fn fail(&mut self, offset: usize, (message, tips): (String, String)) -> bool {
        let line = self.line_of(offset);
        self.errors.push(MarkdownError {
            line,
            message,
            tips,
        });
        false
    }

    fn render(&mut self, events: &[(Event, std::ops::Range<usize>)]) {
        let mut capture = Capture::None;
        let mut in_table_head = false;
        let mut in_table_cell = false;
        // Inside a footnote definition, rendered before the text.
        let mut definition = 0usize;
        for (index, (event, range)) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => definition += 1,
                Event::End(TagEnd::FootnoteDefinition) => definition = definition.saturating_sub(1),
                _ if definition > 0 => {}
                _ => {
                    if !self.errors.is_empty() || !self.weigh(event, range.start) {
                        return;
                    }
                }
            }
            if definition > 0 || matches!(event, Event::End(TagEnd::FootnoteDefinition)) {
                continue;
            }
            match &mut capture {
                Capture::Image { alt, .. } => match event {
                    Event::End(TagEnd::Image) => {
                        let Capture::Image { path, alt } =
                            std::mem::replace(&mut capture, Capture::None)
                        else {
                            unreachable!()
                        };
                        self.image(&path, &alt, range.start);
                    }
                    Event::Text(t) | Event::Code(t) => alt.push_str(t),
                    Event::SoftBreak | Event::HardBreak => alt.push(' '),
                    _ => {}
                },
                Capture::Code { text, .. } => match event {
                    Event::End(TagEnd::CodeBlock) => {
                        let Capture::Code { lang, text } =
                            std::mem::replace(&mut capture, Capture::None)
                        else {
                            unreachable!()
                        };
                        self.code_block(lang.as_deref(), &text);
                    }
                    Event::Text(t) => text.push_str(t),
                    _ => {}
                },
                Capture::None => match event {
                    Event::Start(Tag::Image { dest_url, .. }) => {
                        capture = Capture::Image {
                            path: dest_url.to_string(),
                            alt: String::new(),
                        }
                    }
                    Event::Start(Tag::CodeBlock(kind)) => {
                        let lang = match kind {
                            CodeBlockKind::Fenced(lang) if !lang.trim().is_empty() => {
                                Some(lang.split_whitespace().next().unwrap_or("").to_owned())
                            }
                            _ => None,
                        };
                        capture = Capture::Code {
                            lang,
                            text: String::new(),
                        }
                    }
                    Event::Start(Tag::TableHead) => {
                        in_table_head = true;
                        self.out.push_str("rubrik: (");
                    }
                    Event::End(TagEnd::TableHead) => {
                        in_table_head = false;
                        self.out.push_str("),\n");
                    }
                    Event::Start(Tag::TableCell) => {
                        in_table_cell = true;
                        self.out.push('[')
                    }
                    Event::End(TagEnd::TableCell) => {
                        in_table_cell = false;
                        self.out
                            .push_str(if in_table_head { "], " } else { "],\n" })
                    }
                    Event::Start(Tag::Table(alignments)) => {
                        self.table_start(alignments, &events[index + 1..])
                    }
                    Event::Start(tag) => self.start(tag, range.start),
                    Event::End(tag) => self.end(*tag),
                    Event::Text(text) => {
                        if let Some((heading, _)) = &mut self.heading {
                            heading.push_str(text);
                        }
                        if in_table_cell {
                            push_markup_inline(&mut self.out, &table::keep_numbers_together(text))
                        } else {
                            push_markup_inline(&mut self.out, text)
                        }
                    }
                    Event::Code(code) => {
                        self.out.push_str("#raw(");
                        self.out.push_str(&string_literal(code));
                        self.out.push(')');
                    }
                    Event::Html(html) | Event::InlineHtml(html) => {
                        push_markup(&mut self.out, html);
                    }
                    Event::InlineMath(text) | Event::DisplayMath(text) => {
                        push_markup(&mut self.out, text);
                    }
                    Event::FootnoteReference(label) => self.footnote(label, range.start),
                    Event::SoftBreak => self.out.push(' '),
                    Event::HardBreak => self.out.push_str("#linebreak()"),
                    Event::Rule => self.out.push_str("#line(length: 100%)\n\n"),
                    Event::TaskListMarker(done) => {
                        self.out.push_str(if *done { "☒ " } else { "☐ " })
                    }
                },
            }
        }
    }

    /// A code block, as typst's raw text.
    fn code_block(&mut self, lang: Option<&str>, text: &str) {
        self.out.push_str("#raw(block: true, ");
        if let Some(lang) = lang {
            self.out.push_str("lang: ");
            self.out.push_str(&string_literal(lang));
            self.out.push_str(", ");
        }
        self.out
            .push_str(&string_literal(text.trim_end_matches('\n')));
        self.out.push_str(")\n\n");
    }

    /// A footnote where it is referred to, with its text.
    fn footnote(&mut self, label: &str, offset: usize) {
        if self.in_definition {
            // A footnote in a footnote would repeat its text inside every
            // copy: shown as written instead.
            push_markup_inline(&mut self.out, &format!("[^{label}]"));
            self.warn(
                offset,
                format!("fotnoten [^{label}] står i en annan fotnots text och blir ingen fotnot; skriv den i den löpande texten"),
            );
            return;
        }
        match self.footnotes.get(label) {
            Some((body, _)) => {
                let body = body.clone();
                self.out.push_str("#footnote[");
                self.out.push_str(&body);
                self.out.push(']');
            }
            None => self.warn(
                offset,
                format!("fotnoten [^{label}] har ingen text; lägg till en rad `[^{label}]: …`"),
            ),
        }
    }

    fn start(&mut self, tag: &Tag, offset: usize) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.heading = Some((String::new(), offset));
                self.headings += 1;
                // Levels never skip (`#` then `###` becomes 1 then 2): a
                // screen reader and PDF/UA need a consecutive outline.
                let level = heading_level(*level).min(self.last_heading_level + 1);
                self.last_heading_level = level;
                let level = level + self.options.heading_offset;
                let outlined = self.options.outlined_headings;
                self.out.push_str(&format!(
                    "#heading(level: {level}, outlined: {outlined}, bookmarked: {outlined})["
                ));
            }
            Tag::BlockQuote(_) => self.out.push_str("#quote(block: true)["),
            Tag::List(start) => {
                // A nested list starts on its own line of the source.
                if !(self.out.is_empty() || self.out.ends_with(['\n', '['])) {
                    self.out.push('\n');
                }
                match start {
                    Some(start) => self.out.push_str(&format!("#enum(start: {start}, ")),
                    None => self.out.push_str("#list("),
                }
            }
            Tag::Item => self.out.push('['),
            Tag::TableRow => {}
            Tag::Emphasis => self.out.push_str("#emph["),
            Tag::Strong => self.out.push_str("#strong["),
            Tag::Strikethrough => self.out.push_str("#strike["),
            Tag::Superscript => self.out.push_str("#super["),
            Tag::Subscript => self.out.push_str("#sub["),
            Tag::Link { dest_url, .. } => {
                if dest_url.is_empty() {
                    self.warn(offset, "länken saknar adress".to_owned());
                    self.out.push_str("#box[");
                } else {
                    self.out.push_str("#link(");
                    self.out.push_str(&string_literal(dest_url));
                    self.out.push_str(")[");
                }
            }
            Tag::HtmlBlock => {}
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => {}
            // Handled by the caller.
            Tag::Table(_)
            | Tag::TableHead
            | Tag::TableCell
            | Tag::Image { .. }
            | Tag::CodeBlock(_)
            | Tag::FootnoteDefinition(_) => {}
        }
    }

    /// Opens a table: the house style's `tabell` decides the column widths,
    /// never narrower than a column's longest word.
    fn table_start(&mut self, alignments: &[Alignment], rest: &[(Event, std::ops::Range<usize>)]) {
        let columns = alignments.len().max(1);
        let rows = table_cells(rest);
        let (header, body) = rows
            .split_first()
            .map_or((Vec::new(), &[][..]), |(h, b)| (h.clone(), b));
        let mut header = header;
        header.resize(columns, table::StyledCell::default());
        let words = table::column_words(&header, body);
        let aligns: Vec<&str> = alignments
            .iter()
            .map(|a| match a {
                Alignment::None | Alignment::Left => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .collect();
        let plain = |cells: &[table::StyledCell]| -> Vec<String> {
            cells.iter().map(table::StyledCell::text).collect()
        };
        let body: Vec<Vec<String>> = body.iter().map(|row| plain(row)).collect();
        let simple = table::fits_on_one_line(&plain(&header), &body);
        self.out.push_str(&format!(
            "#import \"tabell.typ\": tabell\n#tabell(enkel: {simple}, ord: {words}, align: ({},),\n",
            aligns.join(", ")
        ));
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.out.push_str("\n\n"),
            TagEnd::Heading(_) => {
                self.out.push_str("]\n\n");
                if let Some((text, offset)) = self.heading.take()
                    && !self.options.own_numbers
                    && let Some(number) = typed_number(&text)
                {
                    self.warn(
                        offset,
                        format!(
                            "rubriken \"{}\" börjar med numret {number}; rubrikerna numreras automatiskt",
                            text.trim()
                        ),
                    );
                }
            }
            TagEnd::BlockQuote(_) => self.out.push_str("]\n\n"),
            TagEnd::List(_) => self.out.push_str(")\n\n"),
            TagEnd::Item => {
                let trimmed = self.out.trim_end().len();
                self.out.truncate(trimmed);
                self.out.push_str("],\n");
            }
            TagEnd::Table => self.out.push_str(")\n\n"),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => self.out.push(']'),
            TagEnd::HtmlBlock => self.out.push_str("\n\n"),
            _ => {}
        }
    }

    fn image(&mut self, path: &str, alt: &str, offset: usize) {
        if alt.trim().is_empty() {
            self.warn_of(
                crate::error::Kind::MissingAlt,
                offset,
                format!("bilden `{path}` {MISSING_ALT}; skriv en kort beskrivning inom [ ]"),
            );
        }
        match resolve_virtual(&self.options.base, path) {
            Some(virtual_path) => {
                self.out.push_str("#figure(image(");
                self.out
                    .push_str(&string_literal(&format!("/{virtual_path}")));
                self.out.push_str(", alt: ");
                self.out.push_str(&string_literal(alt.trim()));
                self.out.push_str("))\n\n");
                self.images.push(virtual_path);
            }
            None => {
                self.warn(
                    offset,
                    format!("bilden `{path}` ligger utanför projektet eller är en webbadress och tas inte med"),
                );
                push_markup(&mut self.out, alt);
            }
        }
    }
}

/// The cells of a table, row by row (the heading row first), with the
/// style of each run of text, for measuring the columns.
fn table_cells(events: &[(Event, std::ops::Range<usize>)]) -> Vec<Vec<table::StyledCell>> {
    let mut rows: Vec<Vec<table::StyledCell>> = Vec::new();
    let (mut strong, mut emphasis) = (0usize, 0usize);
    for (event, _) in events {
        let style = match (strong > 0, emphasis > 0) {
            (false, false) => table::Style::Regular,
            (true, false) => table::Style::Bold,
            (false, true) => table::Style::Italic,
            (true, true) => table::Style::BoldItalic,
        };
        let (text, style) = match event {
            Event::End(TagEnd::Table) => break,
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                rows.push(Vec::new());
                continue;
            }
            Event::Start(Tag::TableCell) => {
                if let Some(row) = rows.last_mut() {
                    row.push(table::StyledCell::default());
                }
                continue;
            }
            Event::Start(Tag::Strong) => {
                strong += 1;
                continue;
            }
            Event::End(TagEnd::Strong) => {
                strong = strong.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::Emphasis) => {
                emphasis += 1;
                continue;
            }
            Event::End(TagEnd::Emphasis) => {
                emphasis = emphasis.saturating_sub(1);
                continue;
            }
            Event::Code(t) => (t, table::Style::Mono),
            Event::Text(t) | Event::InlineHtml(t) | Event::InlineMath(t) => (t, style),
            _ => continue,
        };
        if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
            cell.push(text, style);
        }
    }
    rows
}

/// A section number typed at the start of a heading: "1.2 Uppföljning" → "1.2".
fn typed_number(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number = &text[..end];
    let starts_with_digit = number.starts_with(|c: char| c.is_ascii_digit());
    let followed_by_space = text[end..].starts_with([' ', '\t']) || end == text.len();
    // "1.2 Mål" and "3 Slutsats" are typed section numbers; "2026 års utfall"
    // starts with a year and is left alone.
    let looks_like_section = number.contains('.') || number.len() <= 2;
    (starts_with_digit && followed_by_space && looks_like_section && end < text.len())
        .then(|| number.trim_end_matches('.'))
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Resolves a relative path against a virtual folder, refusing absolute
/// paths, URLs and anything that climbs out of the project root.
pub fn resolve_virtual(base: &str, path: &str) -> Option<String> {
    if path.contains("://") || path.starts_with('/') || path.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(md: &str) -> String {
        to_typst(md, &MarkdownOptions::default()).markup
    }

    #[test]
    fn paragraphs_and_emphasis() {
        assert_eq!(
            convert("Ett *viktigt* och **mycket** stycke.\n\nNästa."),
            "Ett #emph[viktigt] och #strong[mycket] stycke\\.\n\nNästa\\."
        );
    }

    #[test]
    fn nested_lists() {
        let out = convert("- ett\n  1. a\n  2. b\n- två");
        assert_eq!(
            out,
            "#list([ett\n#enum(start: 1, [a],\n[b],\n)],\n[två],\n)"
        );
    }

    #[test]
    fn footnote_after_reference() {
        let out = convert("Text[^1].\n\n[^1]: Källa.");
        assert_eq!(out, "Text#footnote[Källa\\.]\\.");
    }

    #[test]
    fn table_has_header() {
        let out = convert("| A | Belopp |\n|---|--:|\n| Barn- och ungdom | 2 310 |");
        assert!(
            out.starts_with(
                "#import \"tabell.typ\": tabell\n#tabell(enkel: true, ord: ((hel: (\"ungdom\", "
            ),
            "{out}"
        );
        assert!(out.contains("align: (left, right,),"), "{out}");
        assert!(out.contains("rubrik: ([A], [Belopp], ),"), "{out}");
        // A number never breaks at its thousands separator.
        assert!(out.contains("[2\\u{a0}310]"), "{out}");
    }

    #[test]
    fn image_paths_stay_inside() {
        assert_eq!(
            resolve_virtual("content/sn/m", "bilagor/a.png").as_deref(),
            Some("content/sn/m/bilagor/a.png")
        );
        assert_eq!(resolve_virtual("content", "../../etc/passwd"), None);
        assert_eq!(resolve_virtual("a", "https://x/y.png"), None);
        let c = to_typst(
            "![](bild.png)",
            &MarkdownOptions {
                base: "m".into(),
                ..Default::default()
            },
        );
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(c.images, ["m/bild.png"]);
    }

    #[test]
    fn typed_heading_numbers_are_warned_about() {
        let c = to_typst(
            "# 1.2 Uppföljning\n\n## Resultat 2026\n\n### 3. Slutsats\n\n# 2026 års utfall",
            &MarkdownOptions::default(),
        );
        let messages: Vec<&str> = c.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("börjar med numret 1.2"));
        assert!(messages[1].contains("börjar med numret 3"));
        assert_eq!(c.warnings[1].line, 5);
        assert_eq!(c.headings, 4);
        assert_eq!(typed_number("Resultat"), None);
        assert_eq!(typed_number("2026 års utfall"), None);
        assert_eq!(typed_number("4 Slutsatser"), Some("4"));
    }

    #[test]
    fn footnotes_in_footnotes_are_not_copied_into_every_copy() {
        // Each footnote names the one before twice: copied, the last would
        // hold 2^40 copies of the first.
        let mut text = "[^f0]: x\n\n".to_owned();
        for i in 1..40 {
            text.push_str(&format!("[^f{i}]: [^f{}][^f{}]\n\n", i - 1, i - 1));
        }
        text.push_str("Text[^f39].\n");
        let c = to_typst(&text, &MarkdownOptions::default());
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert!(c.markup.len() < 200, "{}", c.markup);
        assert!(
            c.warnings
                .iter()
                .any(|w| w.message.contains("i en annan fotnots text"))
        );
    }

    #[test]
    fn too_deep_and_too_heavy_are_errors_at_their_line() {
        let deep = format!("a\n\n{} text\n", "> ".repeat(MAX_DEPTH + 1));
        let c = to_typst(&deep, &MarkdownOptions::default());
        assert_eq!(c.errors.len(), 1);
        assert_eq!(c.errors[0].line, 3);
        assert!(c.errors[0].message.contains("nästlad i mer än 20 nivåer"));
        assert!(!c.markup.contains("#quote"), "{}", c.markup);
        let within = format!("{} text\n", "> ".repeat(MAX_DEPTH));
        assert!(
            to_typst(&within, &MarkdownOptions::default())
                .errors
                .is_empty()
        );

        let heavy: String = (0..5_000).map(|i| format!("# R{i}\n\n")).collect();
        let c = to_typst(&heavy, &MarkdownOptions::default());
        assert_eq!(c.errors.len(), 1);
        assert!(
            c.errors[0].message.contains("rubriker"),
            "{}",
            c.errors[0].message
        );
        assert!(c.weight.kb > BUDGET);
        // Footnotes in one table weigh with their square.
        let table = |n: usize| {
            let mut t = "| a |\n|---|\n".to_owned();
            for i in 0..n {
                t.push_str(&format!("| {i}[^{i}] |\n"));
            }
            for i in 0..n {
                t.push_str(&format!("\n[^{i}]: Not.\n"));
            }
            to_typst(&t, &MarkdownOptions::default()).weight.kb
        };
        assert!(table(200) > 3 * table(100), "{} {}", table(100), table(200));
    }

    #[test]
    fn warnings_have_lines() {
        let c = to_typst("a\n\nb ![](x.png)", &MarkdownOptions::default());
        assert_eq!(c.warnings[0].line, 3);
    }
}
