//! Markdown texts, in YAML fields and in files (bilagor, written
//! reservations), and the images they show: each text is weighed (see
//! [`crate::markdown::Weight`]) with its images, and a text too heavy or
//! too deeply nested for typst, an image too large or outside the project,
//! is an error at its line.

use std::collections::BTreeSet;
use std::path::Path;

use super::checker::{Checker, location};
use crate::error::{Diagnostic, Location};
use crate::limits::{self, MAX_IMAGE_PIXELS, number};
use crate::load::Unresolved;
use crate::markdown::{self, BUDGET, Converted, MarkdownOptions, Weight, YAML_BUDGET};
use crate::model::Spanned;

impl Checker<'_> {
    /// Checks a Markdown field and records its warnings at YAML lines.
    pub(super) fn markdown(&mut self, file: &Path, field: &Spanned<String>, base: &str) {
        let converted = markdown::to_typst(
            &field.value,
            &MarkdownOptions {
                base: base.to_owned(),
                ..MarkdownOptions::default()
            },
        );
        // A block scalar (`|`) starts on the line after its key.
        let first_line = field.defined.line() as usize + 1;
        let at_line = |line: usize| Location::at(file, first_line + line - 1, 0);
        for warning in &converted.warnings {
            self.problems.push(
                Diagnostic::warning(&warning.message)
                    .at(at_line(warning.line))
                    .kind(warning.kind),
            );
        }
        for error in &converted.errors {
            self.problems.push(
                Diagnostic::error(&error.message)
                    .at(at_line(error.line))
                    .tips(&error.tips),
            );
        }
        let mut weight = converted.weight;
        weight.kb = weight
            .kb
            .saturating_add(self.images(&converted.images, location(file, field)));
        self.yaml_weight(file, &weight, location(file, field));
    }

    /// Adds a field's weight to its file's; the file's fields together may
    /// weigh [`YAML_BUDGET`].
    fn yaml_weight(&mut self, file: &Path, weight: &Weight, at: Location) {
        let index = match self.weights.0.iter().position(|(f, _, _)| f == file) {
            Some(index) => index,
            None => {
                self.weights
                    .0
                    .push((file.to_path_buf(), Weight::default(), false));
                self.weights.0.len() - 1
            }
        };
        let (_, total, reported) = &mut self.weights.0[index];
        total.plus(weight);
        if total.kb > YAML_BUDGET && !*reported {
            *reported = true;
            let (message, tips) = markdown::too_heavy(total, YAML_BUDGET);
            self.problems.push(
                Diagnostic::error(format!("{message} (i filens alla Markdown-fält)"))
                    .at(at)
                    .tips(format!("lägg långa texter i en Markdown-bilaga; {tips}")),
            );
        }
    }

    /// Reads and checks a Markdown file (a bilaga, a written reservation),
    /// named by `fil` in `file`: its size, its encoding, its weight with
    /// its images. Returns its text and conversion when it can be used.
    pub(super) fn markdown_file(
        &mut self,
        path: &Path,
        file: &Path,
        fil: &Spanned<String>,
        base: &str,
        own_numbers: bool,
    ) -> Option<(String, Converted)> {
        let relative = self.sandbox.relative(path).to_path_buf();
        if let Err(mut problem) = limits::check_size(path, &relative, &limits::MARKDOWN) {
            // Shown where the file is named.
            problem.location = Some(location(file, fil));
            self.problems.push(problem);
            return None;
        }
        let text = match limits::read_text(path, &relative, &limits::MARKDOWN) {
            Ok(text) => text,
            Err(problem) => {
                self.problems.push(problem);
                return None;
            }
        };
        let converted = markdown::to_typst(
            &text,
            &MarkdownOptions {
                base: base.to_owned(),
                own_numbers,
                ..MarkdownOptions::default()
            },
        );
        let image_kb = self.images(&converted.images, Location::file(&relative));
        for warning in &converted.warnings {
            self.problems.push(
                Diagnostic::warning(&warning.message)
                    .at(Location::at(&relative, warning.line, 0))
                    .kind(warning.kind),
            );
        }
        for error in &converted.errors {
            self.problems.push(
                Diagnostic::error(&error.message)
                    .at(Location::at(&relative, error.line, 0))
                    .tips(&error.tips),
            );
        }
        let mut weight = converted.weight;
        weight.kb = weight.kb.saturating_add(image_kb);
        if converted.errors.is_empty() && weight.kb > BUDGET {
            let (message, tips) = markdown::too_heavy(&weight, BUDGET);
            self.problems.push(
                Diagnostic::error(format!("{message}, med bilderna"))
                    .at(Location::file(&relative))
                    .tips(tips),
            );
        }
        Some((text, converted))
    }

    /// Checks that the images a Markdown text uses exist inside the project
    /// and are not too large; their weight (kB of typst's memory).
    pub(super) fn images(&mut self, images: &[String], at: Location) -> u64 {
        let mut total = 0u64;
        let distinct: BTreeSet<&String> = images.iter().collect();
        for image in distinct {
            let problem = match self.sandbox.resolve(self.sandbox.root(), image) {
                Ok(path) => match image_weight(&path, Path::new(image)) {
                    Ok(kb) => {
                        total = total.saturating_add(kb);
                        continue;
                    }
                    Err(problem) => problem,
                },
                Err(Unresolved::OutsideViaLink(_)) => Diagnostic::error(format!(
                    "bilden `{image}` är en symbolisk länk som pekar utanför projektmappen"
                ))
                .tips("lägg en kopia av bilden i projektet, t.ex. i sammanträdets mapp bilagor/"),
                Err(_) => Diagnostic::error(format!("bilden `{image}` finns inte")).tips(
                    "bildens sökväg skrivs relativt sammanträdesmappen, t.ex. `bilagor/diagram.png`",
                ),
            };
            self.problems.push(problem.at(at.clone()));
        }
        total
    }
}

/// What an image weighs in typst's memory (kB): its decoded pixels, held
/// through the layout and copied once more for the PDF. An image larger
/// than the limits is an error without a location.
fn image_weight(path: &Path, written: &Path) -> Result<u64, Diagnostic> {
    /// The decoded image is held about one and a half times over.
    const COPIES_TENTHS: u64 = 16;
    let length = limits::check_size(path, written, &limits::IMAGE).map_err(|mut problem| {
        problem.location = None;
        problem
    })?;
    let decoder = image::ImageReader::open(path)
        .ok()
        .and_then(|reader| reader.with_guessed_format().ok())
        .and_then(|reader| reader.into_decoder().ok());
    // SVG and other images typst reads itself weigh their size.
    let Some(decoder) = decoder else {
        return Ok(length.div_ceil(1024) * 4);
    };
    use image::ImageDecoder as _;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(Diagnostic::error(format!(
            "bilden `{}` är {} × {} pixlar ({} miljoner); en bild får ha högst {} miljoner pixlar",
            written.display(),
            number(width.into()),
            number(height.into()),
            number(pixels / 1_000_000),
            number(MAX_IMAGE_PIXELS / 1_000_000)
        ))
        .tips(limits::IMAGE.tips));
    }
    let bytes = pixels * u64::from(decoder.color_type().bytes_per_pixel());
    Ok(bytes * COPIES_TENTHS / 10 / 1024)
}
