//! Integration tests: build fixture projects with the real binary and check
//! the PDF that comes out.

mod errors;
mod hostile;
mod packet;
mod snapshot;
mod support;
