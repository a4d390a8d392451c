//! Load stage: a YAML document reduced to its shape, the keys of its
//! mappings with their positions and its scalars as YAML typed them. The
//! key check walks it against the key tables, and the lenient reading
//! prunes it and writes it out again.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::model::Cell;

/// A YAML value reduced to what the key check needs: the keys of mappings
/// and the positions of their values, and the scalars (to check dates,
/// ja/nej, numbers and booleans all at once). Written out again, it is
/// YAML that reads the same.
pub(super) enum Node {
    /// A mapping: its keys and values, with their positions, in file order.
    Map(Vec<(Spanned<Cell>, Spanned<Node>)>),
    /// A list.
    Seq(Vec<Node>),
    /// A scalar with something in it.
    Scalar(Scalar),
    /// No value, or only whitespace: a field left to fill in.
    Empty,
}

impl Node {
    /// The shape of YAML `text`, or `None` when it is not YAML (the full
    /// parse reports that).
    pub(super) fn parse(text: &str) -> Option<Node> {
        let options = serde_saphyr::options! { with_snippet: false };
        serde_saphyr::from_str_with_options::<Node>(text, options).ok()
    }
}

/// A scalar as YAML typed it.
pub(super) enum Scalar {
    /// Text, quoted or not.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// A whole number the parser read as signed (a negative one).
    Signed(i64),
    /// A whole number the parser read as unsigned.
    Unsigned(u64),
    /// A number with decimals.
    Float(f64),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("ett YAML-värde")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<Cell>>()? {
                    entries.push((key, map.next_value::<Spanned<Node>>()?));
                }
                Ok(Node::Map(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Signed(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Unsigned(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Scalar(Scalar::Float(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(if v.trim().is_empty() {
                    Node::Empty
                } else {
                    Node::Scalar(Scalar::Text(v.to_owned()))
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Empty)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Empty)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(&key.value.0, &value.value)?;
                }
                map.end()
            }
            Node::Seq(items) => serializer.collect_seq(items),
            Node::Scalar(Scalar::Text(v)) => serializer.serialize_str(v),
            Node::Scalar(Scalar::Bool(v)) => serializer.serialize_bool(*v),
            Node::Scalar(Scalar::Signed(v)) => serializer.serialize_i64(*v),
            Node::Scalar(Scalar::Unsigned(v)) => serializer.serialize_u64(*v),
            Node::Scalar(Scalar::Float(v)) => serializer.serialize_f64(*v),
            Node::Empty => serializer.serialize_unit(),
        }
    }
}
