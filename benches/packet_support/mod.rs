//! Helpers of the `packet` benchmark: prose, project and archive
//! generation and child process measurement.

pub mod archive;
pub mod measure;
pub mod project;
pub mod prose;
pub mod webbplats;
