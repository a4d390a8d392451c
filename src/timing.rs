//! Shared by every stage: with `KALLELSE_TIDER` set, each stage says how
//! long it took, to see where the time of a command goes.

use std::time::Instant;

/// Prints how long the stage `name` took since `since`, when
/// `KALLELSE_TIDER` is set.
pub fn stage(name: &str, since: Instant) {
    if std::env::var_os("KALLELSE_TIDER").is_some() {
        eprintln!("tid: {name}: {} ms", since.elapsed().as_millis());
    }
}
