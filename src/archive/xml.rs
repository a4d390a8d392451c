//! Stage 6, the e-arkiv: a small writer of the package's XML (METS,
//! PREMIS, ERMS). Every value is escaped, characters XML 1.0 cannot hold
//! are left out, and the output is the same bytes for the same calls.

/// An XML document being written, indented two spaces per level.
pub struct Xml {
    out: String,
    open: Vec<String>,
}

impl Xml {
    /// A document with its declaration.
    pub fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            open: Vec::new(),
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    fn start(&mut self, tag: &str, attributes: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attributes {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }

    /// Opens an element; [`Xml::close`] closes it.
    pub fn open(&mut self, tag: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start(tag, attributes);
        self.out.push_str(">\n");
        self.open.push(tag.to_owned());
        self
    }

    /// Closes the element opened last.
    pub fn close(&mut self) -> &mut Self {
        if let Some(tag) = self.open.pop() {
            self.indent();
            self.out.push_str(&format!("</{tag}>\n"));
        }
        self
    }

    /// An element with text only.
    pub fn text(&mut self, tag: &str, attributes: &[(&str, &str)], text: &str) -> &mut Self {
        self.start(tag, attributes);
        self.out.push('>');
        self.out.push_str(&escape(text));
        self.out.push_str(&format!("</{tag}>\n"));
        self
    }

    /// An empty element.
    pub fn empty(&mut self, tag: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start(tag, attributes);
        self.out.push_str("/>\n");
        self
    }

    /// The document's bytes, every element closed.
    pub fn finish(mut self) -> Vec<u8> {
        while !self.open.is_empty() {
            self.close();
        }
        self.out.into_bytes()
    }
}

/// Text as XML character data or an attribute value (markup escaped,
/// characters XML 1.0 forbids left out).
pub use crate::escape::xml as escape;

/// A path as an `xlink:href` (a URI reference): every byte but the
/// unreserved ones and `/` percent-encoded, so that `§`, å, ä and ö and
/// spaces survive.
pub fn href(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_data() {
        let mut xml = Xml::new();
        xml.open("a", &[("b", "\"<&>'")])
            .text("c", &[], "x < y & \u{1}z")
            .empty("d", &[]);
        let out = String::from_utf8(xml.finish()).unwrap();
        assert!(out.contains("<a b=\"&quot;&lt;&amp;&gt;&apos;\">"), "{out}");
        assert!(out.contains("  <c>x &lt; y &amp; z</c>"), "{out}");
        assert!(out.ends_with("  <d/>\n</a>\n"), "{out}");
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(href("utdrag/SN-§121.pdf"), "utdrag/SN-%C2%A7121.pdf");
        assert_eq!(href("a b/å.yaml"), "a%20b/%C3%A5.yaml");
    }
}
