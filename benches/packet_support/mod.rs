//! Helpers of the `packet` benchmark: prose, project and archive
//! generation, child process measurement and the comparison with pandoc
//! and LibreOffice.

pub mod archive;
pub mod measure;
pub mod peers;
pub mod project;
pub mod prose;
pub mod webbplats;
