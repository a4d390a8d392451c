//! Helpers of the `packet` benchmark: prose, project generation and child
//! process measurement.

pub mod measure;
pub mod project;
pub mod prose;
