//! Integration tests: build fixture projects with the real binary and check
//! the PDF that comes out.

mod bilagor;
mod errors;
mod hostile;
mod packet;
mod snapshot;
mod support;
