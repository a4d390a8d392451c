//! Stage 3, render: the [`Packet`] is merged through tera templates into
//! typst source. The templates are embedded in the binary; a project's own
//! `templates/` folder overrides them file by file.
//!
//! `.typ` templates are autoescaped with [`escape::tera_escape`], so every
//! user string is data. Markdown fields go through the `markdown` filter,
//! whose output is typst markup built from escaped text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Filter, Kwargs, State, Tera, Value};

use crate::error::{Diagnostic, Error, Location, Result};
use crate::escape;
use crate::markdown::{self, MarkdownOptions};
use crate::validate::Packet;

/// A built-in template: its file name and text.
pub struct BuiltinTemplate {
    /// File name under `templates/`.
    pub name: &'static str,
    /// The text.
    pub text: &'static str,
}

/// A built-in template embedded from `templates/`.
macro_rules! builtin {
    ($name:literal) => {
        BuiltinTemplate {
            name: $name,
            text: include_str!(concat!("../templates/", $name)),
        }
    };
}

/// The built-in templates, in the order a user would read them.
pub const BUILTIN_TEMPLATES: &[BuiltinTemplate] = &[
    builtin!("stil.typ"),
    builtin!("tabell.typ"),
    builtin!("paket.typ"),
    builtin!("kallelse.typ"),
    builtin!("protokollsforslag.typ"),
    builtin!("barnrattsprovning.typ"),
    builtin!("beslutsforslag.typ"),
    builtin!("tjansteskrivelse.typ"),
    builtin!("bilaga.typ"),
    builtin!("forteckning.typ"),
    builtin!("protokoll.typ"),
    builtin!("protokollhuvud.typ"),
    builtin!("paragraf.typ"),
    builtin!("arendetext.typ"),
    builtin!("utdrag.typ"),
    builtin!("anslag.typ"),
    builtin!("sida.html"),
    builtin!("webb.html"),
    builtin!("webb.css"),
    builtin!("startsida.html"),
    builtin!("namnd.html"),
    builtin!("anslagstavla.html"),
    builtin!("404.html"),
    builtin!("arende.html"),
    builtin!("ledamoter.html"),
    builtin!("sok.html"),
    builtin!("sok.js"),
];

/// The tera template of the web version's `index.html` (HTML, not typst).
pub const WEB_PAGE: &str = "webb.html";

/// Whether a built-in template is one of the web's (HTML, CSS or
/// JavaScript; HTML escaped) rather than a typst one.
fn is_web_template(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".css") || name.ends_with(".js")
}

/// The typst library of the house style: plain typst, not a tera template,
/// so that errors in it map straight to the user's file.
const STYLE: &str = "stil.typ";
/// The typst library of tables, plain typst like the house style; kept
/// apart from it so that a project's own `stil.typ` need not have it.
const TABLES: &str = "tabell.typ";
/// The tera template that produces the main typst source.
const MAIN: &str = "paket.typ";
/// The tera template that produces the protokoll, its utdrag and anslag.
const PROTOKOLL_MAIN: &str = "protokoll.typ";

/// One typst source file of the rendered packet.
#[derive(Debug, Clone)]
pub struct GeneratedSource {
    /// File name inside the generated folder.
    pub name: String,
    /// typst source text.
    pub text: String,
    /// The file a user can open for errors in this source.
    pub origin: PathBuf,
}

/// The typst sources of a packet.
#[derive(Debug, Clone)]
pub struct RenderedPacket {
    /// Name of the main source.
    pub main: String,
    /// All sources.
    pub sources: Vec<GeneratedSource>,
    /// The tera templates that produced the main source: where each came
    /// from and its text, to trace a typst error back to a template line.
    pub templates: Vec<(PathBuf, String)>,
}

impl RenderedPacket {
    /// The text of the main source (useful for review and snapshots).
    pub fn main_text(&self) -> &str {
        self.sources
            .iter()
            .find(|s| s.name == self.main)
            .map(|s| s.text.as_str())
            .unwrap_or("")
    }
}

/// The template line that most likely produced `generated`, a line of the
/// main source: the one whose literal text (outside `{{ }}`, `{% %}` and
/// `{# #}`) occurs in it, in order. A project's own templates are preferred;
/// `None` when no line or several equally good lines fit.
pub fn trace_line(templates: &[(PathBuf, String)], generated: &str) -> Option<(PathBuf, usize)> {
    let mut best: Option<(usize, bool, PathBuf, usize)> = None;
    let mut tie = false;
    for (origin, text) in templates {
        let own = origin.starts_with("templates");
        for (index, line) in text.lines().enumerate() {
            let literals = literal_parts(line);
            let weight: usize = literals.iter().map(|l| l.trim().len()).sum();
            if weight < 4 || !contains_in_order(generated, &literals) {
                continue;
            }
            let better = match &best {
                None => true,
                Some((w, o, _, _)) => (weight, own) > (*w, *o),
            };
            let equal = best
                .as_ref()
                .is_some_and(|(w, o, _, _)| (weight, own) == (*w, *o));
            if better {
                best = Some((weight, own, origin.clone(), index + 1));
                tie = false;
            } else if equal {
                tie = true;
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(_, _, origin, line)| (origin, line))
}

/// The literal pieces of a template line, between tera tags.
fn literal_parts(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = line;
    while let Some(start) = ["{{", "{%", "{#"]
        .iter()
        .filter_map(|open| rest.find(open))
        .min()
    {
        parts.push(&rest[..start]);
        let close = match &rest[start..start + 2] {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        match rest[start..].find(close) {
            Some(end) => rest = &rest[start + end + 2..],
            None => {
                rest = "";
                break;
            }
        }
    }
    parts.push(rest);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

fn contains_in_order(haystack: &str, parts: &[&str]) -> bool {
    let mut rest = haystack;
    for part in parts {
        match rest.find(part.trim()) {
            Some(at) => rest = &rest[at + part.trim().len()..],
            None => return false,
        }
    }
    true
}

/// Where a template came from.
struct TemplateText {
    name: &'static str,
    text: String,
    origin: PathBuf,
}

/// Whether a template works when the packet is built in parts. Only the
/// two that choose the parts (`paket.typ`, by `del`) and link across them
/// (`kallelse.typ`, by the pages in `sidor[…]`) matter; an own version that
/// is identical to the built-in one, or still uses that variable, does.
/// Any other project is built whole, which is slower but always right.
fn knows_parts(template: &TemplateText) -> bool {
    // How the built-in templates use the variables, in tera.
    let needs: &[&str] = match template.name {
        MAIN => &["del ==", "del=="],
        "kallelse.typ" => &["sidor["],
        _ => return true,
    };
    let builtin = BUILTIN_TEMPLATES
        .iter()
        .find(|b| b.name == template.name)
        .map(|b| b.text);
    !template.origin.starts_with("templates")
        || builtin.is_some_and(|b| b.replace("\r\n", "\n") == template.text.replace("\r\n", "\n"))
        || needs.iter().any(|n| template.text.contains(n))
}

/// The built-in templates with the project's overrides applied.
fn templates(root: &Path) -> Result<Vec<TemplateText>> {
    BUILTIN_TEMPLATES
        .iter()
        .map(|builtin| template(root, builtin))
        .collect()
}

/// One template: the project's own `templates/<name>` or the built-in one.
fn template(root: &Path, builtin: &BuiltinTemplate) -> Result<TemplateText> {
    let path = root.join("templates").join(builtin.name);
    if path.is_file() {
        let text =
            std::fs::read_to_string(&path).map_err(|e| Error::io("läsa mallen", &path, e))?;
        Ok(TemplateText {
            name: builtin.name,
            text,
            origin: PathBuf::from("templates").join(builtin.name),
        })
    } else {
        Ok(TemplateText {
            name: builtin.name,
            text: builtin.text.to_owned(),
            origin: PathBuf::from(format!("(inbyggd mall) {}", builtin.name)),
        })
    }
}

/// The web's templates (the meeting page, the site's pages and their
/// style sheet), the project's own where it has them, loaded once and
/// HTML-escaped.
pub struct HtmlTemplates {
    tera: Tera,
    templates: Vec<TemplateText>,
}

impl HtmlTemplates {
    /// Loads the web's templates of the project at `root`.
    pub fn load(root: &Path) -> Result<Self> {
        let templates: Vec<TemplateText> = BUILTIN_TEMPLATES
            .iter()
            .filter(|t| is_web_template(t.name))
            .map(|t| template(root, t))
            .collect::<Result<_>>()?;
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        // `{{ a.reference | slug }}`: the part of an ärende page's address.
        tera.register_filter("slug", |value: String, _: Kwargs, _: &State| {
            crate::conventions::slug(&value)
        });
        // Added together: `extends` and `include` are resolved when
        // templates are added.
        tera.add_raw_templates(templates.iter().map(|t| (t.name, t.text.as_str())))
            .map_err(|err| template_error(&err, &templates))?;
        Ok(Self { tera, templates })
    }

    /// Renders the template `name` with `context` (serialised).
    pub fn render<C: Serialize>(&self, name: &str, context: &C) -> Result<String> {
        let context = Context::from_serialize(context)
            .map_err(|err| Error::Tool(format!("webbsidans data kunde inte förberedas: {err}")))?;
        self.tera
            .render(name, &context)
            .map_err(|err| template_error(&err, &self.templates))
    }
}

/// Renders `index.html` of the web version from the template `webb.html`
/// (the project's own or the built-in one), HTML-escaped. `context` is
/// serialised for the template.
pub fn render_web_page<C: Serialize>(root: &Path, context: &C) -> Result<String> {
    HtmlTemplates::load(root)?.render(WEB_PAGE, context)
}

/// The `markdown` filter: Markdown text in, typst markup out (safe).
struct MarkdownFilter;

impl Filter<String, Value> for MarkdownFilter {
    fn call(&self, value: String, kwargs: Kwargs, _: &State) -> Value {
        let heading_offset = kwargs
            .get::<i64>("rubrikniva")
            .ok()
            .flatten()
            .unwrap_or(0)
            .clamp(0, 5) as u8;
        let outlined = kwargs
            .get::<bool>("bokmarken")
            .ok()
            .flatten()
            .unwrap_or(false);
        let base = kwargs
            .get::<String>("bas")
            .ok()
            .flatten()
            .unwrap_or_default();
        let converted = markdown::to_typst(
            &value,
            &MarkdownOptions {
                heading_offset,
                outlined_headings: outlined,
                base,
                // Its warnings were given when the text was checked.
                own_numbers: false,
            },
        );
        Value::safe_string(&converted.markup)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The `typst_str` filter: any value as a typst string literal (safe).
struct StringLiteralFilter;

impl Filter<String, Value> for StringLiteralFilter {
    fn call(&self, value: String, _: Kwargs, _: &State) -> Value {
        Value::safe_string(&escape::string_literal(&value))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Which version of the packet to render: its audience, decided in
/// [`crate::public`].
pub use crate::public::Variant;

/// Which part of the packet a source holds. A packet is many independent
/// documents: compiled as parts (the kallelse, then one part per ärende),
/// they lay out in parallel and an unchanged part need not be laid out
/// again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// The whole packet as one typst document (`--spara-typst`, and projects
    /// whose own `paket.typ` or `kallelse.typ` predates parts).
    Whole,
    /// The kallelse with the ärendelista.
    Kallelse,
    /// The protokollsförslag and tjänsteskrivelse of one beslutsärende, by
    /// its id.
    Arende(&'a str),
    /// One bilaga (`arende-3-bilaga-1`) or the förteckning
    /// (`arende-3-forteckning`) of a beslutsärende: a long report laid out
    /// on its own does not hold back the rest of the packet.
    Attachment {
        /// The ärende's id.
        arende: &'a str,
        /// The part's name, the template variable `del`.
        name: &'a str,
    },
}

/// The part name of a bilaga of an ärende.
pub fn bilaga_part(arende: &str, nummer: usize) -> String {
    format!("{arende}-bilaga-{nummer}")
}

/// The part name of the förteckning of an ärende.
pub fn forteckning_part(arende: &str) -> String {
    format!("{arende}-forteckning")
}

impl Part<'_> {
    /// The value of the template variable `del`.
    fn name(&self) -> &str {
        match self {
            Part::Whole => "alla",
            Part::Kallelse => "kallelse",
            Part::Arende(id) => id,
            Part::Attachment { name, .. } => name,
        }
    }

    /// The generated source's file name.
    fn file_name(&self) -> String {
        match self {
            Part::Whole => MAIN.to_owned(),
            other => format!("del-{}.typ", other.name()),
        }
    }
}

/// The templates of a project, loaded once and rendered for each part.
pub struct Renderer {
    tera: Tera,
    style: GeneratedSource,
    tables: GeneratedSource,
    templates: Vec<(PathBuf, String)>,
    parts: bool,
}

impl Renderer {
    /// Loads the built-in templates with the project's overrides.
    pub fn new(root: &Path) -> Result<Self> {
        let templates = templates(root)?;
        let mut tera = Tera::new();
        tera.set_escape_fn(escape::tera_escape);
        tera.autoescape_on(vec![".typ"]);
        tera.register_filter("markdown", MarkdownFilter);
        tera.register_filter("typst_str", StringLiteralFilter);
        let mut style = None;
        let mut tables = None;
        let mut tera_templates = Vec::new();
        for template in &templates {
            if is_web_template(template.name) {
                continue;
            }
            let module = GeneratedSource {
                name: template.name.to_owned(),
                text: template.text.clone(),
                origin: template.origin.clone(),
            };
            if template.name == STYLE {
                style = Some(module);
            } else if template.name == TABLES {
                tables = Some(module);
            } else {
                tera_templates.push((template.name, template.text.as_str()));
            }
        }
        // Added together: includes are resolved when templates are added.
        tera.add_raw_templates(tera_templates)
            .map_err(|err| template_error(&err, &templates))?;
        let parts = templates.iter().all(knows_parts);
        Ok(Self {
            tera,
            style: style.ok_or_else(|| Error::Tool("husstilen stil.typ saknas".into()))?,
            tables: tables.ok_or_else(|| Error::Tool("tabell.typ saknas".into()))?,
            templates: templates
                .into_iter()
                .filter(|t| t.name != STYLE && t.name != TABLES && !is_web_template(t.name))
                .map(|t| (t.origin, t.text))
                .collect(),
            parts,
        })
    }

    /// Whether the packet may be built in parts.
    pub fn supports_parts(&self) -> bool {
        self.parts
    }

    /// Renders one part. `pages` gives, for the kallelse part, the page of
    /// each ärende in the assembled packet (its links point there); without
    /// it the kallelse links to labels, which only the whole packet has.
    pub fn render(
        &self,
        packet: &Packet,
        variant: Variant,
        part: Part,
        pages: &BTreeMap<String, usize>,
    ) -> Result<RenderedPacket> {
        // An ärende part sees only its own ärende: the context stays small,
        // however large the packet.
        let arenden = match part {
            Part::Arende(id) | Part::Attachment { arende: id, .. } => {
                let index = packet
                    .arenden
                    .iter()
                    .position(|a| a.id == id)
                    .ok_or_else(|| Error::Tool(format!("okänt ärende {id}")))?;
                &packet.arenden[index..=index]
            }
            _ => &packet.arenden[..],
        };
        let context = Context::from_serialize(&ContextData {
            paket: PacketView {
                titel: &packet.titel,
                namnd: &packet.namnd,
                sammantrade: &packet.sammantrade,
                sekretessarenden: &packet.sekretessarenden,
                informationsarenden: &packet.informationsarenden,
                arenden,
                utelamnat: packet.utelamnat,
            },
            webb: variant == Variant::Web,
            arkiv: variant == Variant::Archive,
            del: part.name(),
            sidor: pages,
        })
        .map_err(|err| Error::Tool(format!("mallens data kunde inte förberedas: {err}")))?;
        let text = self
            .tera
            .render(MAIN, &context)
            .map_err(|err| self.own_template_error(&err))?;
        let name = part.file_name();
        Ok(self.rendered(name, text))
    }
}

/// Which document of the protokoll to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtokollDoc {
    /// The whole protokoll, with the anslag as its last page.
    Protokoll,
    /// The protokollsutdrag of one paragraph, by its position.
    Utdrag(usize),
    /// The anslag (bevis om justering) on its own.
    Anslag,
}

impl ProtokollDoc {
    fn name(&self) -> &'static str {
        match self {
            ProtokollDoc::Protokoll => "protokoll",
            ProtokollDoc::Utdrag(_) => "utdrag",
            ProtokollDoc::Anslag => "anslag",
        }
    }
}

impl Renderer {
    /// Renders a document of the protokoll: the packet gives the ärenden
    /// (their text is the protokollsförslag's), the protokoll what happened.
    pub fn render_protokoll(
        &self,
        packet: &Packet,
        protokoll: &crate::validate::protokoll::Protokoll,
        variant: Variant,
        doc: ProtokollDoc,
    ) -> Result<RenderedPacket> {
        let paragraf = match doc {
            ProtokollDoc::Utdrag(index) => Some(
                protokoll
                    .paragrafer
                    .get(index)
                    .ok_or_else(|| Error::Tool(format!("okänd paragraf {index}")))?,
            ),
            _ => None,
        };
        let context = Context::from_serialize(&ProtokollContext {
            paket: PacketView {
                titel: &packet.titel,
                namnd: &packet.namnd,
                sammantrade: &packet.sammantrade,
                sekretessarenden: &packet.sekretessarenden,
                informationsarenden: &packet.informationsarenden,
                arenden: &packet.arenden,
                utelamnat: packet.utelamnat,
            },
            protokoll,
            webb: variant == Variant::Web,
            arkiv: variant == Variant::Archive,
            dokument: doc.name(),
            paragraf,
        })
        .map_err(|err| Error::Tool(format!("mallens data kunde inte förberedas: {err}")))?;
        let text = self
            .tera
            .render(PROTOKOLL_MAIN, &context)
            .map_err(|err| self.own_template_error(&err))?;
        let name = match doc {
            ProtokollDoc::Utdrag(index) => format!("utdrag-{index}.typ"),
            other => format!("{}.typ", other.name()),
        };
        Ok(self.rendered(name, text))
    }

    /// A generated main source with the typst modules it imports.
    fn rendered(&self, name: String, text: String) -> RenderedPacket {
        RenderedPacket {
            sources: vec![
                self.style.clone(),
                self.tables.clone(),
                GeneratedSource {
                    name: name.clone(),
                    text,
                    origin: PathBuf::from(format!("(genererad källa) {name}")),
                },
            ],
            main: name,
            templates: self.templates.clone(),
        }
    }

    /// A tera error while rendering, at the template the user can open.
    fn own_template_error(&self, err: &tera::Error) -> Error {
        let templates: Vec<TemplateText> = self
            .templates
            .iter()
            .map(|(origin, text)| TemplateText {
                name: BUILTIN_TEMPLATES
                    .iter()
                    .find(|b| origin.ends_with(b.name))
                    .map_or("", |b| b.name),
                text: text.clone(),
                origin: origin.clone(),
            })
            .collect();
        template_error(err, &templates)
    }
}

/// What the protokoll templates see.
#[derive(Serialize)]
struct ProtokollContext<'a> {
    paket: PacketView<'a>,
    protokoll: &'a crate::validate::protokoll::Protokoll,
    webb: bool,
    /// The e-arkiv's copy ([`Variant::Archive`]).
    arkiv: bool,
    /// `protokoll`, `utdrag` or `anslag`.
    dokument: &'a str,
    /// For an utdrag: its paragraph.
    paragraf: Option<&'a crate::validate::protokoll::Paragraf>,
}

/// Renders the whole packet as one typst source.
pub fn render(root: &Path, packet: &Packet, variant: Variant) -> Result<RenderedPacket> {
    Renderer::new(root)?.render(packet, variant, Part::Whole, &BTreeMap::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_line_is_traced_to_its_template_line() {
        let templates = vec![
            (
                PathBuf::from("(inbyggd mall) a.typ"),
                "#rubrik[{{ x }}]\n#grupprubrik[Beslut]\n".to_owned(),
            ),
            (
                PathBuf::from("templates/b.typ"),
                "{% if y %}\n#gruprubrik[Informationsärenden]\n".to_owned(),
            ),
        ];
        assert_eq!(
            trace_line(&templates, "#gruprubrik[Informationsärenden]"),
            Some((PathBuf::from("templates/b.typ"), 2))
        );
        assert_eq!(
            trace_line(&templates, "#rubrik[Socialnämnden]"),
            Some((PathBuf::from("(inbyggd mall) a.typ"), 1))
        );
        assert_eq!(trace_line(&templates, "något helt annat"), None);
    }
}

#[derive(Serialize)]
struct ContextData<'a> {
    paket: PacketView<'a>,
    webb: bool,
    /// The e-arkiv's copy ([`Variant::Archive`]): PDF bilagor are files
    /// of their own.
    arkiv: bool,
    /// The part rendered: `alla`, `kallelse` or an ärende id.
    del: &'a str,
    /// For the kallelse part: the page of each ärende in the packet.
    sidor: &'a BTreeMap<String, usize>,
}

/// The packet as the templates see it (the same fields as [`Packet`]),
/// with only the ärenden of the part rendered.
#[derive(Serialize)]
struct PacketView<'a> {
    titel: &'a str,
    namnd: &'a crate::validate::Namnd,
    sammantrade: &'a crate::validate::Sammantrade,
    sekretessarenden: &'a [crate::validate::Sekretessarende],
    informationsarenden: &'a [crate::validate::Informationsarende],
    arenden: &'a [crate::validate::Arende],
    utelamnat: bool,
}

/// A tera error as a diagnostic at the template the user can open.
fn template_error(err: &tera::Error, templates: &[TemplateText]) -> Error {
    use std::error::Error as _;
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    // tera's report names the template, line and column: "--> name:3:7".
    let place = message.lines().find_map(|line| {
        let spot = line.trim_start().strip_prefix("--> ")?;
        let mut parts = spot.rsplitn(3, ':');
        let column = parts.next()?.trim().parse::<usize>().ok()?;
        let line = parts.next()?.trim().parse::<usize>().ok()?;
        Some((parts.next()?.trim().to_owned(), line, column))
    });
    let first = message
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_owned();
    let mut diagnostic = Diagnostic::error(format!("mallen kunde inte användas: {first}"))
        .tips("rätta mallen i templates/ eller ta bort den för att använda den inbyggda");
    if let Some((name, line, column)) = place
        && let Some(template) = templates.iter().find(|t| t.name == name)
    {
        diagnostic = diagnostic.at(Location::at(template.origin.clone(), line, column));
    }
    Error::input(diagnostic)
}
