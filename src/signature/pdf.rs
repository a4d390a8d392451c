//! Stage 6, signatures: the PDF side. A signature is appended to the
//! protokoll as an incremental update (ISO 32000-1 7.5.6), so the bytes
//! before it, and every earlier signature, stay as they were: a signature
//! dictionary with a `/ByteRange` and a `/Contents` placeholder, filled
//! into one of the empty fields the protokoll was built with (invisible,
//! tagged, one per signer: [`with_signature_fields`]). Reading goes the
//! other way: every signature dictionary of a file with the bytes it
//! covers, and the file's revisions.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Room for the CMS signature in `/Contents`, in bytes (written as hex):
/// a certificate chain of a few certificates and a signature fit easily.
pub const CONTENTS_BYTES: usize = 16 * 1024;

/// The width the four `/ByteRange` numbers are written in, patched in
/// place once the file's length is known.
const RANGE_WIDTH: usize = 10;

/// An incremental update prepared for signing: the whole new file with a
/// zeroed `/Contents`, and where that placeholder is.
pub struct Prepared {
    /// The file with the update appended.
    pub bytes: Vec<u8>,
    /// The offset of `<` before the placeholder's hex digits.
    contents_start: usize,
    /// The offset just after the placeholder's `>`.
    contents_end: usize,
}

/// What the new signature dictionary says besides the signature itself.
pub struct SignatureInfo<'a> {
    /// The name of the empty field it fills: "Ordförande".
    pub field: &'a str,
    /// The signer's name (`/Name`).
    pub name: &'a str,
    /// Why (`/Reason`): "Justering av protokollet som ordförande".
    pub reason: &'a str,
    /// The signing time as a PDF date, `D:20261120093000Z`.
    pub time: &'a str,
}

impl Prepared {
    /// The bytes the signature covers: all but the placeholder.
    pub fn signed_bytes(&self) -> impl Iterator<Item = &[u8]> {
        [
            &self.bytes[..self.contents_start],
            &self.bytes[self.contents_end..],
        ]
        .into_iter()
    }

    /// A prepared file as written to disk (by `kallelse justera
    /// --förbered`): its last signature dictionary's `/ByteRange` says
    /// where the placeholder is.
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Prepared> {
        let at = bytes.windows(11).rposition(|w| w == b"/ByteRange[")? + 11;
        let numbers: Vec<usize> = std::str::from_utf8(bytes.get(at..at + 4 * (RANGE_WIDTH + 1))?)
            .ok()?
            .split(|c: char| c.is_whitespace() || c == ']')
            .filter(|t| !t.is_empty())
            .take(4)
            .map(|t| t.parse().ok())
            .collect::<Option<_>>()?;
        let [0, contents_start, contents_end, rest] = numbers[..] else {
            return None;
        };
        let placeholder = bytes.get(contents_start..contents_end)?;
        let zeroed = placeholder.first() == Some(&b'<')
            && placeholder.last() == Some(&b'>')
            && placeholder[1..placeholder.len() - 1]
                .iter()
                .all(|b| *b == b'0');
        (zeroed && contents_end + rest == bytes.len()).then_some(Prepared {
            bytes,
            contents_start,
            contents_end,
        })
    }

    /// The file with the CMS signature in its placeholder, or `None` when
    /// it does not fit.
    pub fn with_signature(mut self, cms: &[u8]) -> Option<Vec<u8>> {
        if cms.len() > CONTENTS_BYTES {
            return None;
        }
        let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
        let at = self.contents_start + 1;
        self.bytes[at..at + hex.len()].copy_from_slice(hex.as_bytes());
        Some(self.bytes)
    }
}

/// One empty signature field for the protokoll as built: its name and
/// what it is for (`/TU`, which assistive technology reads).
pub struct EmptyField {
    /// "Ordförande".
    pub name: String,
    /// "Underskrift av Karin Lindqvist, ordförande".
    pub description: String,
}

/// Appends the protokoll's signature fields to `original`, typst's PDF:
/// one invisible field per signer on the first page, each tagged in the
/// structure tree as a `Form` element of the document (PDF/UA-1 7.18.4),
/// with `/F` printable and a zero `/Rect`, so that PDF/A-2 needs no
/// appearance for it. Signing then only fills a field in.
pub fn with_signature_fields(original: &[u8], fields: &[EmptyField]) -> Result<Vec<u8>, String> {
    let document =
        Document::load_mem(original).map_err(|e| format!("PDF:en kan inte läsas: {e}"))?;
    let root_id = root_id(&document)?;
    let page_id = *document.get_pages().get(&1).ok_or("filen har inga sidor")?;
    let mut catalog = document
        .get_dictionary(root_id)
        .map_err(|_| "katalogen kan inte läsas")?
        .clone();
    let tree_id = catalog
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .map_err(|_| "PDF:en har inget strukturträd")?;
    let mut tree = document
        .get_dictionary(tree_id)
        .map_err(|_| "strukturträdet kan inte läsas")?
        .clone();
    let top_id = top_element(&document, &tree)?;
    let mut top = document
        .get_dictionary(top_id)
        .map_err(|_| "strukturträdets översta element kan inte läsas")?
        .clone();
    let mut nums = number_tree(&document, tree.get(b"ParentTree").ok());
    let mut key = tree
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .unwrap_or_else(|_| {
            nums.chunks(2)
                .filter_map(|p| p[0].as_i64().ok())
                .max()
                .map_or(0, |k| k + 1)
        });

    let mut next_id = document.max_id + 1;
    let mut take_id = || {
        next_id += 1;
        (next_id - 1, 0)
    };
    // A form the file already has keeps its entries and gains the fields.
    let existing_form = catalog.get(b"AcroForm").ok();
    let mut acroform = existing_form
        .and_then(|f| resolve_dict(&document, f))
        .cloned()
        .unwrap_or_default();
    let acroform_id = match existing_form {
        Some(Object::Reference(id)) => *id,
        _ => take_id(),
    };
    let mut objects: Vec<(ObjectId, String)> = Vec::new();
    let mut widgets = Vec::new();
    let mut kids = children(&document, top.get(b"K").ok());
    for field in fields {
        let (widget_id, element_id) = (take_id(), take_id());
        objects.push((
            widget_id,
            format!(
                "<</Type/Annot/Subtype/Widget/FT/Sig/F 132/Rect[0 0 0 0]/T {}/TU {}/P {} 0 R/StructParent {key}>>",
                text_string(&field.name),
                text_string(&field.description),
                page_id.0
            ),
        ));
        objects.push((
            element_id,
            format!(
                "<</Type/StructElem/S/Form/P {} 0 R/Pg {} 0 R/K <</Type/OBJR/Obj {} 0 R/Pg {} 0 R>>>>",
                top_id.0, page_id.0, widget_id.0, page_id.0
            ),
        ));
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(element_id));
        kids.push(Object::Reference(element_id));
        widgets.push(Object::Reference(widget_id));
        key += 1;
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    tree.set("ParentTree", Object::Dictionary(parent_tree));
    tree.set("ParentTreeNextKey", Object::Integer(key));
    top.set("K", Object::Array(kids));
    objects.push((tree_id, serialize(&Object::Dictionary(tree))));
    objects.push((top_id, serialize(&Object::Dictionary(top))));

    let mut fields = array(&document, acroform.get(b"Fields").ok());
    fields.extend(widgets.iter().cloned());
    acroform.set("Fields", Object::Array(fields));
    objects.push((acroform_id, serialize(&Object::Dictionary(acroform))));
    catalog.set("AcroForm", Object::Reference(acroform_id));
    objects.push((root_id, serialize(&Object::Dictionary(catalog))));

    let mut page = document
        .get_dictionary(page_id)
        .map_err(|_| "första sidan kan inte läsas")?
        .clone();
    let mut annots = array(&document, page.get(b"Annots").ok());
    annots.extend(widgets);
    page.set("Annots", Object::Array(annots));
    page.set("Tabs", Object::Name(b"S".to_vec()));
    objects.push((page_id, serialize(&Object::Dictionary(page))));
    Ok(append_update(original, &document, objects, next_id)?.0)
}

/// The kids of a structure element: an array, or one kid given alone.
fn children(document: &Document, value: Option<&Object>) -> Vec<Object> {
    match value {
        None => Vec::new(),
        Some(Object::Array(kids)) => kids.clone(),
        Some(Object::Reference(id)) => match document.get_object(*id) {
            Ok(Object::Array(kids)) => kids.clone(),
            _ => vec![Object::Reference(*id)],
        },
        Some(kid) => vec![kid.clone()],
    }
}

/// The element at the top of a structure tree (typst's `Document`).
fn top_element(document: &Document, tree: &Dictionary) -> Result<ObjectId, String> {
    let kids = array(document, tree.get(b"K").ok());
    match kids.as_slice() {
        [Object::Reference(id)] => Ok(*id),
        _ => Err("strukturträdet har inte ett översta element".to_owned()),
    }
}

/// The key–value pairs of a number tree (the structure tree's
/// `/ParentTree`), its kids flattened.
fn number_tree(document: &Document, node: Option<&Object>) -> Vec<Object> {
    let Some(node) = node.and_then(|n| resolve_dict(document, n)) else {
        return Vec::new();
    };
    let mut out = array(document, node.get(b"Nums").ok());
    for kid in array(document, node.get(b"Kids").ok()) {
        out.extend(number_tree(document, Some(&kid)));
    }
    out
}

fn root_id(document: &Document) -> Result<ObjectId, String> {
    document
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "filen saknar /Root".to_owned())
}

/// Where each object of an update was written.
type Offsets = Vec<(ObjectId, usize)>;

/// Appends `objects` to `original` as an incremental update: the objects,
/// a classic cross-reference section and a trailer pointing back to the
/// revision before. Returns the file and where each object was written.
fn append_update(
    original: &[u8],
    document: &Document,
    objects: Vec<(ObjectId, String)>,
    size: u32,
) -> Result<(Vec<u8>, Offsets), String> {
    let prev = last_startxref(original).ok_or("filen saknar startxref")?;
    let mut bytes = original.to_vec();
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    let mut offsets: Vec<(ObjectId, usize)> = Vec::new();
    for (id, body) in objects {
        offsets.push((id, bytes.len()));
        bytes.extend_from_slice(format!("{} {} obj\n{body}\nendobj\n", id.0, id.1).as_bytes());
    }
    let xref = bytes.len();
    bytes.extend_from_slice(b"xref\n");
    let mut sorted = offsets.clone();
    sorted.sort();
    for (id, offset) in &sorted {
        bytes.extend_from_slice(format!("{} 1\n{offset:010} {:05} n \n", id.0, id.1).as_bytes());
    }
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(size as i64));
    trailer.set("Root", Object::Reference(root_id(document)?));
    for key in [b"Info".as_slice(), b"ID"] {
        if let Ok(value) = document.trailer.get(key) {
            trailer.set(key.to_vec(), value.clone());
        }
    }
    trailer.set("Prev", Object::Integer(prev as i64));
    bytes.extend_from_slice(
        format!(
            "trailer\n{}\nstartxref\n{xref}\n%%EOF\n",
            serialize(&Object::Dictionary(trailer))
        )
        .as_bytes(),
    );
    Ok((bytes, offsets))
}

/// What to do with a protokoll built without its signature fields.
const OLDER_BUILD: &str = "protokollet byggdes av en äldre version av kallelse, utan fält för underskrifterna: bygg det på nytt med `kallelse protokoll` (är det redan underskrivet börjar justeringen om)";

/// Fills the empty signature field `info.field` of `original` with an
/// unsigned signature value and returns the file ready to be signed.
/// `document` is `original` as read.
pub fn prepare(
    original: &[u8],
    document: &Document,
    info: &SignatureInfo,
) -> Result<Prepared, String> {
    let catalog = document.catalog().map_err(|_| "katalogen kan inte läsas")?;
    let acroform_id = catalog
        .get(b"AcroForm")
        .and_then(Object::as_reference)
        .map_err(|_| OLDER_BUILD)?;
    let mut acroform = document
        .get_dictionary(acroform_id)
        .map_err(|_| "underskriftsfälten kan inte läsas")?
        .clone();
    let (field_id, mut field) = array(document, acroform.get(b"Fields").ok())
        .iter()
        .filter_map(|f| f.as_reference().ok())
        .filter_map(|id| Some((id, document.get_dictionary(id).ok()?.clone())))
        .find(|(_, f)| {
            f.get(b"T")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
                .as_deref()
                == Some(info.field)
        })
        .ok_or_else(|| format!("fältet {:?} saknas; {OLDER_BUILD}", info.field))?;
    if field.get(b"V").is_ok() {
        return Err(format!("fältet {:?} är redan underskrivet", info.field));
    }
    let sig_id = (document.max_id + 1, 0);
    field.set("V", Object::Reference(sig_id));
    let placeholder = "0".repeat(CONTENTS_BYTES * 2);
    let zero = "0".repeat(RANGE_WIDTH);
    let signature = format!(
        "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange[{zero} {zero} {zero} {zero}]/Contents <{placeholder}>/Name {}/Reason {}/M {}>>",
        text_string(info.name),
        text_string(info.reason),
        text_string(info.time),
    );
    let mut objects = vec![
        (sig_id, signature),
        (field_id, serialize(&Object::Dictionary(field))),
    ];
    // SigFlags 3: the file has signatures, and is to be changed only by
    // appending.
    if acroform.get(b"SigFlags").and_then(Object::as_i64).ok() != Some(3) {
        acroform.set("SigFlags", Object::Integer(3));
        objects.push((acroform_id, serialize(&Object::Dictionary(acroform))));
    }
    let (mut bytes, offsets) = append_update(original, document, objects, sig_id.0 + 1)?;

    let sig_offset = offsets.iter().find(|(id, _)| *id == sig_id).unwrap().1;
    let contents_start = find(&bytes[sig_offset..], b"/Contents <")
        .ok_or("platsen för signaturen saknas")?
        + sig_offset
        + b"/Contents ".len();
    let contents_end = contents_start + 2 + CONTENTS_BYTES * 2;
    let range = [0, contents_start, contents_end, bytes.len() - contents_end];
    let range_at =
        find(&bytes[sig_offset..], b"/ByteRange[").unwrap() + sig_offset + b"/ByteRange[".len();
    let written = range
        .iter()
        .map(|n| format!("{n:<RANGE_WIDTH$}"))
        .collect::<Vec<_>>()
        .join(" ");
    bytes[range_at..range_at + written.len()].copy_from_slice(written.as_bytes());
    Ok(Prepared {
        bytes,
        contents_start,
        contents_end,
    })
}

/// A signature dictionary as found in a file.
#[derive(Debug, Clone)]
pub struct FoundSignature {
    /// The field's name.
    pub field: String,
    /// `/Name`, when given.
    pub name: String,
    /// `/Reason`, when given.
    pub reason: String,
    /// `/M`, when given.
    pub time: String,
    /// `/SubFilter`.
    pub sub_filter: String,
    /// `/ByteRange`.
    pub byte_range: Vec<usize>,
    /// `/Contents`: the CMS signature (zero padding removed).
    pub contents: Vec<u8>,
}

impl FoundSignature {
    /// The bytes the signature says it covers, or `None` when its range
    /// is not inside the file.
    pub fn covered<'a>(&self, file: &'a [u8]) -> Option<Vec<&'a [u8]>> {
        let mut parts = Vec::new();
        for pair in self.byte_range.chunks(2) {
            let [start, length] = pair else { return None };
            parts.push(file.get(*start..start.checked_add(*length)?)?);
        }
        Some(parts)
    }

    /// Where the revision it signs ends: the end of its last range.
    pub fn revision_end(&self) -> usize {
        match self.byte_range.as_slice() {
            [.., start, length] => start + length,
            _ => 0,
        }
    }
}

/// Every signature field with a value in a file, in the order they were
/// signed.
pub fn signatures(document: &Document) -> Vec<FoundSignature> {
    let Ok(root) = document.catalog() else {
        return Vec::new();
    };
    let fields = existing_array(document, root.get(b"AcroForm").ok(), b"Fields");
    let mut out = Vec::new();
    for field in fields {
        let Some(field) = resolve_dict(document, &field) else {
            continue;
        };
        if field.get(b"FT").and_then(Object::as_name).ok() != Some(b"Sig".as_slice()) {
            continue;
        }
        let Some(value) = field.get(b"V").ok().and_then(|v| resolve_dict(document, v)) else {
            continue;
        };
        let text = |dict: &Dictionary, key: &[u8]| {
            dict.get(key)
                .ok()
                .and_then(|o| lopdf::decode_text_string(o).ok())
                .unwrap_or_default()
        };
        let byte_range = value
            .get(b"ByteRange")
            .and_then(Object::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_i64().ok())
                    .filter_map(|n| usize::try_from(n).ok())
                    .collect()
            })
            .unwrap_or_default();
        let mut contents = value
            .get(b"Contents")
            .and_then(Object::as_str)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        unpad(&mut contents);
        out.push(FoundSignature {
            field: text(field, b"T"),
            name: text(value, b"Name"),
            reason: text(value, b"Reason"),
            time: text(value, b"M"),
            sub_filter: value
                .get(b"SubFilter")
                .and_then(Object::as_name)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default(),
            byte_range,
            contents,
        });
    }
    // In the order they were made: each covers more of the file.
    out.sort_by_key(FoundSignature::revision_end);
    out
}

/// `/Contents` without the zeros that pad the placeholder: cut at the end
/// of the DER it holds (a signature may itself end in a zero byte, so
/// zeros cannot simply be stripped), else stripped of trailing zeros.
fn unpad(contents: &mut Vec<u8>) {
    if let Some(length) = der_length(contents)
        && length <= contents.len()
    {
        contents.truncate(length);
        return;
    }
    while contents.last() == Some(&0) {
        contents.pop();
    }
}

/// The length of the DER SEQUENCE (a CMS ContentInfo) at the start of
/// `bytes`, header included, from its length octets.
fn der_length(bytes: &[u8]) -> Option<usize> {
    if bytes.first() != Some(&0x30) {
        return None;
    }
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some(2 + first as usize);
    }
    let count = (first & 0x7f) as usize;
    if count == 0 || count > 4 {
        return None;
    }
    let length = bytes
        .get(2..2 + count)?
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | *b as usize);
    Some(2 + count + length)
}

/// The ends of a file's revisions: the offset after each `%%EOF` line.
pub fn revision_ends(file: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&file[from..], b"%%EOF") {
        let mut end = from + at + b"%%EOF".len();
        while matches!(file.get(end), Some(b'\r' | b'\n')) {
            end += 1;
        }
        ends.push(end);
        from = end;
    }
    ends
}

/// The offset the file's last `startxref` points at.
fn last_startxref(file: &[u8]) -> Option<usize> {
    let at = file.windows(9).rposition(|w| w == b"startxref")?;
    let rest = std::str::from_utf8(&file[at + 9..]).ok()?;
    rest.split_whitespace().next()?.parse().ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn resolve_dict<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Reference(id) => document.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The array under `key` in a dictionary that may be given by reference.
fn existing_array(document: &Document, holder: Option<&Object>, key: &[u8]) -> Vec<Object> {
    let Some(dict) = holder.and_then(|h| resolve_dict(document, h)) else {
        return Vec::new();
    };
    array(document, dict.get(key).ok())
}

/// An array, given directly or by reference; empty when it is neither.
fn array(document: &Document, value: Option<&Object>) -> Vec<Object> {
    match value {
        Some(Object::Array(a)) => a.clone(),
        Some(Object::Reference(r)) => document
            .get_object(*r)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A text string as UTF-16BE hex (with its byte order mark): any name
/// with å, ä and ö, and nothing in it can end the string early.
fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

/// A PDF object as written in a file. Strings are written in hex, names
/// with `#xx` for anything but regular characters.
fn serialize(object: &Object) -> String {
    match object {
        Object::Null => "null".into(),
        Object::Boolean(b) => b.to_string(),
        Object::Integer(i) => i.to_string(),
        Object::Real(r) => format!("{r}"),
        Object::Name(n) => name(n),
        Object::String(s, _) => {
            let hex: String = s.iter().map(|b| format!("{b:02X}")).collect();
            format!("<{hex}>")
        }
        Object::Array(items) => format!(
            "[{}]",
            items.iter().map(serialize).collect::<Vec<_>>().join(" ")
        ),
        Object::Dictionary(d) => dictionary(d),
        Object::Stream(s) => dictionary(&s.dict),
        Object::Reference((id, generation)) => format!("{id} {generation} R"),
    }
}

fn dictionary(d: &Dictionary) -> String {
    let mut out = String::from("<<");
    for (key, value) in d.iter() {
        out.push_str(&name(key));
        out.push(' ');
        out.push_str(&serialize(value));
    }
    out.push_str(">>");
    out
}

fn name(bytes: &[u8]) -> String {
    let mut out = String::from("/");
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-_.+".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("#{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_ending_in_a_zero_byte_keeps_it() {
        // A DER SEQUENCE of five bytes whose last byte is zero, padded.
        let mut contents = vec![0x30, 0x03, 0x04, 0x01, 0x00, 0, 0, 0];
        unpad(&mut contents);
        assert_eq!(contents, [0x30, 0x03, 0x04, 0x01, 0x00]);
        // Long form lengths.
        let mut long = vec![0x30, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(7u8, 256));
        long.extend([0, 0]);
        unpad(&mut long);
        assert_eq!(long.len(), 260);
        // What is no DER is stripped of its zeros.
        let mut other = vec![1, 2, 0, 0];
        unpad(&mut other);
        assert_eq!(other, [1, 2]);
    }

    #[test]
    fn names_and_text_strings_are_escaped() {
        assert_eq!(name(b"A B/C"), "/A#20B#2FC");
        assert_eq!(text_string("Å"), "<FEFF00C5>");
        assert_eq!(
            serialize(&Object::Array(vec![
                Object::Integer(1),
                Object::Reference((4, 0)),
                Object::string_literal("x)")
            ])),
            "[1 4 0 R <7829>]"
        );
    }

    #[test]
    fn revisions_end_after_each_eof() {
        let file = b"%PDF\n%%EOF\nmore\n%%EOF\r\n";
        assert_eq!(revision_ends(file), vec![11, 23]);
    }
}
