//! Stage 4, compile: the rendered typst sources laid out by typst,
//! embedded as a library ([`world`]), part by part in parallel
//! ([`parts`]), for the kallelse ([`packet`]) and the protokoll
//! ([`protokoll`]).

pub mod packet;
pub mod parts;
pub mod protokoll;
pub mod world;

pub use packet::{Compiled, compile_packet, compile_packet_cached};
pub use parts::PartCache;
pub use protokoll::{CompiledProtokoll, compile_protokoll};
pub use world::{GENERATED_DIR, PacketWorld, WorldBase, compile};
