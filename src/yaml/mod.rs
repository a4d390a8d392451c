//! Load stage, the YAML layer: everything that reads the content format's
//! YAML files. The key tables ([`keys`]), the check of every key of a file
//! at once, the parse into the types of [`crate::model`] and the Swedish
//! messages for what the parser and serde report. The rest of the crate
//! reads YAML only through this module.

mod check;
pub mod keys;
pub(crate) mod lenient;
mod messages;
mod node;
mod problem;
mod read;
mod values;

pub use check::check_keys;
pub use lenient::{Lenient, read_leniently};
pub use messages::suggest;
pub use read::{parse, peek, read, read_text};
