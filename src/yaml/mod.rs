//! Load stage, the YAML layer: everything that reads the content format's
//! YAML files. The key tables ([`keys`]), the check of every key of a file
//! at once, and the parse into the types of [`crate::model`]. The rest of
//! the crate reads YAML only through this module.

mod check;
pub mod keys;
mod node;

pub use check::check_keys;
