//! Render stage helper for the nämnd's plan: the uppföljning tables of a
//! Markdown bilaga (`uppföljning: ja`). A pipe table whose header is
//! exactly `Titel | Beskrivning | Slutdatum` (case and spacing aside) is
//! one; each row is an item that belongs to the nearest heading above the
//! table not itself titled "Uppföljning", and is numbered within it.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{heading_level, line_starts, parser_options, typed_number};

/// The columns of an uppföljning table, in order.
pub const COLUMNS: [&str; 3] = ["Titel", "Beskrivning", "Slutdatum"];

/// One row of an uppföljning table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowupRow {
    /// The number of the heading the row belongs to: "4.1.4".
    pub number: String,
    /// That heading's text, without its number.
    pub heading: String,
    /// The row's number under that heading, from 1.
    pub row: usize,
    /// The Titel cell, as plain text.
    pub titel: String,
    /// The Beskrivning cell, as plain text.
    pub beskrivning: String,
    /// The Slutdatum cell, as written.
    pub slutdatum: String,
    /// 1-based line of the row in the Markdown text.
    pub line: usize,
}

/// What is wrong with a table meant as an uppföljning table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowupProblem {
    /// 1-based line in the Markdown text.
    pub line: usize,
    /// What is wrong, in Swedish.
    pub message: String,
    /// How to fix it.
    pub tips: String,
}

/// The rows of the uppföljning tables in `markdown`, and the problems of
/// tables that look meant as such. With `own_numbers` a heading's number
/// is the one typed in it (`numrering: egen`); else headings are numbered
/// 1, 1.1, 1.1.1 as the bilaga numbers them.
pub fn followup_tables(
    markdown: &str,
    own_numbers: bool,
) -> (Vec<FollowupRow>, Vec<FollowupProblem>) {
    let starts = line_starts(markdown);
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset);
    let mut state = State::default();
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                state.heading_text = Some(String::new());
                state.enter_heading(heading_level(level));
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = state.heading_text.take().unwrap_or_default();
                state.close_heading(text, own_numbers);
            }
            Event::Start(Tag::Table(_)) => state.table = Some(Table::new(line_of(range.start))),
            Event::End(TagEnd::Table) => state.close_table(),
            Event::Start(Tag::TableRow) => {
                if let Some(table) = &mut state.table {
                    table.row_line = line_of(range.start);
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(table) = &mut state.table {
                    table.cell = Some(String::new());
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(table) = &mut state.table
                    && let Some(cell) = table.cell.take()
                {
                    table.cells.push(squeeze(&cell));
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(table) = &mut state.table {
                    table.header = std::mem::take(&mut table.cells);
                }
            }
            Event::End(TagEnd::TableRow) => state.close_row(),
            Event::Text(text) | Event::Code(text) => state.push_text(&text),
            Event::SoftBreak | Event::HardBreak => state.push_text(" "),
            // A line break in a cell is a space; other HTML is text, as
            // the bilaga shows it.
            Event::InlineHtml(html) => {
                let tag = html.trim().to_ascii_lowercase();
                let br = matches!(tag.as_str(), "<br>" | "<br/>" | "<br />");
                state.push_text(if br { " " } else { &html });
            }
            _ => {}
        }
    }
    (state.rows, state.problems)
}

/// Where the walk through the text is.
#[derive(Default)]
struct State {
    /// The text of the open heading.
    heading_text: Option<String>,
    /// The clamped level of the open heading.
    level: u8,
    /// The automatic counters, one per level.
    counters: Vec<usize>,
    /// Each level's heading: number (when it has one) and text.
    stack: Vec<(Option<String>, String)>,
    /// Rows counted so far under each heading number.
    counted: std::collections::HashMap<String, usize>,
    table: Option<Table>,
    rows: Vec<FollowupRow>,
    problems: Vec<FollowupProblem>,
}

/// The table being read.
struct Table {
    line: usize,
    row_line: usize,
    header: Vec<String>,
    cells: Vec<String>,
    cell: Option<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    fn new(line: usize) -> Self {
        Table {
            line,
            row_line: line,
            header: Vec::new(),
            cells: Vec::new(),
            cell: None,
            rows: Vec::new(),
        }
    }
}

impl State {
    fn push_text(&mut self, text: &str) {
        if let Some(heading) = &mut self.heading_text {
            heading.push_str(text);
        } else if let Some(table) = &mut self.table
            && let Some(cell) = &mut table.cell
        {
            cell.push_str(text);
        }
    }

    fn enter_heading(&mut self, level: u8) {
        // Levels never skip, as the bilaga's headings (see `Writer::start`).
        self.level = level.min(self.stack.len() as u8 + 1).max(1);
    }

    fn close_heading(&mut self, text: String, own_numbers: bool) {
        let depth = self.level as usize;
        self.counters.truncate(depth);
        self.counters.resize(depth, 0);
        self.counters[depth - 1] += 1;
        self.stack.truncate(depth - 1);
        let text = squeeze(&text);
        let entry = if own_numbers {
            match typed_number(&text) {
                Some(number) => {
                    let rest = text.trim_start()[number.len()..]
                        .trim_start_matches('.')
                        .trim();
                    (Some(number.to_owned()), rest.to_owned())
                }
                None => (None, text),
            }
        } else {
            let number: Vec<String> = self.counters.iter().map(|c| c.to_string()).collect();
            (Some(number.join(".")), text)
        };
        self.stack.push(entry);
    }

    fn close_row(&mut self) {
        if let Some(table) = &mut self.table
            && !table.cells.is_empty()
        {
            let cells = std::mem::take(&mut table.cells);
            table.rows.push((table.row_line, cells));
        }
    }

    /// The heading a table follows up: the nearest one above it that is
    /// not itself titled "Uppföljning".
    fn owner(&self) -> Option<&(Option<String>, String)> {
        self.stack
            .iter()
            .rev()
            .find(|(_, text)| !is_followup_heading(text))
    }

    fn under_followup_heading(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|(_, text)| is_followup_heading(text))
    }

    fn close_table(&mut self) {
        let Some(table) = self.table.take() else {
            return;
        };
        let header: Vec<String> = table.header.iter().map(|h| h.to_lowercase()).collect();
        let exact = header.len() == 3
            && header
                .iter()
                .zip(COLUMNS)
                .all(|(h, c)| *h == c.to_lowercase());
        if !exact {
            let named = COLUMNS
                .iter()
                .filter(|c| header.contains(&c.to_lowercase()))
                .count();
            // A table under an "Uppföljning" heading, or with two of the
            // three columns, was meant as one.
            if named >= 2 || self.under_followup_heading() {
                self.problems.push(FollowupProblem {
                    line: table.line,
                    message: column_message(&table.header),
                    tips: "en uppföljningstabell har kolumnerna `| Titel | Beskrivning | Slutdatum |`, i den ordningen".into(),
                });
            }
            return;
        }
        let (number, heading) = match self.owner() {
            Some((Some(number), text)) => (number.clone(), text.clone()),
            Some((None, text)) => {
                self.problems.push(FollowupProblem {
                    line: table.line,
                    message: format!("uppföljningstabellen står under rubriken \"{text}\", som saknar nummer; punkterna får sitt id av rubrikens nummer"),
                    tips: "skriv målets nummer först i rubriken, t.ex. `### 4.1.4 Förebyggande arbete`".into(),
                });
                return;
            }
            None => {
                self.problems.push(FollowupProblem {
                    line: table.line,
                    message: "uppföljningstabellen står före bilagans första rubrik; punkterna får sitt id av rubrikens nummer".into(),
                    tips: "lägg tabellen under rubriken för målet eller uppdraget den följer upp".into(),
                });
                return;
            }
        };
        for (line, cells) in table.rows {
            let counted = self.counted.entry(number.clone()).or_default();
            *counted += 1;
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            self.rows.push(FollowupRow {
                number: number.clone(),
                heading: heading.clone(),
                row: *counted,
                titel: cell(0),
                beskrivning: cell(1),
                slutdatum: cell(2),
                line,
            });
        }
    }
}

/// Whether a heading is an "Uppföljning" heading (with or without a
/// number or a colon).
fn is_followup_heading(text: &str) -> bool {
    let words = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    words.trim().trim_end_matches(':').to_lowercase() == "uppföljning"
}

/// The message for a table that lacks columns or has them in the wrong order.
fn column_message(header: &[String]) -> String {
    let lower: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .filter(|c| !lower.contains(&c.to_lowercase()))
        .copied()
        .collect();
    match missing.as_slice() {
        [] => format!(
            "uppföljningstabellens kolumner är `{}`, inte Titel, Beskrivning och Slutdatum i den ordningen",
            header.join(" | ")
        ),
        [one] => format!("uppföljningstabellen saknar kolumnen {one}"),
        many => format!(
            "uppföljningstabellen saknar kolumnerna {}",
            many.join(" och ")
        ),
    }
}

/// Text with every run of whitespace made one space, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Inledning\n\nText.\n\n## 4.1.3 Tidiga insatser\n\nMålet.\n\n#### Uppföljning\n\n| Titel | Beskrivning | Slutdatum |\n|---|---|---|\n| Rapport om *tidiga* insatser | Skriftlig redovisning den 4 juni. | 2026-05-14 |\n| Andra | Muntlig | 2026-09-01 |\n\n## 4.5.2 Stöd\n\n| titel | beskrivning | SLUTDATUM |\n|-|-|-|\n| Tredje | Redovisas 17 september. | 2026-08-27 |\n";

    #[test]
    fn rows_take_the_number_of_the_goal_above() {
        let (rows, problems) = followup_tables(TEXT, true);
        assert!(problems.is_empty(), "{problems:?}");
        let ids: Vec<String> = rows
            .iter()
            .map(|r| format!("{}-{}", r.number, r.row))
            .collect();
        assert_eq!(ids, ["4.1.3-1", "4.1.3-2", "4.5.2-1"]);
        assert_eq!(rows[0].titel, "Rapport om tidiga insatser");
        assert_eq!(rows[0].heading, "Tidiga insatser");
        assert_eq!(rows[0].slutdatum, "2026-05-14");
        assert_eq!(rows[0].line, 13);
    }

    #[test]
    fn automatic_numbers_follow_the_bilaga() {
        let (rows, _) = followup_tables(TEXT, false);
        let numbers: Vec<&str> = rows.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(numbers, ["1.1", "1.1", "1.2"]);
    }

    #[test]
    fn a_missing_column_is_a_problem_at_the_table() {
        let text =
            "## 4.1 Mål\n\n### Uppföljning\n\n| Titel | Beskrivning |\n|---|---|\n| A | B |\n";
        let (rows, problems) = followup_tables(text, true);
        assert!(rows.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 5);
        assert_eq!(
            problems[0].message,
            "uppföljningstabellen saknar kolumnen Slutdatum"
        );
        // Other tables are no concern.
        let (rows, problems) =
            followup_tables("## A\n\n| År | Kostnad |\n|--|--|\n| 1 | 2 |\n", false);
        assert!(rows.is_empty() && problems.is_empty());
    }
}
