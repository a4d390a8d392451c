//! Integration tests: build fixture projects with the real binary and check
//! the PDF that comes out.

mod arkiv;
mod authoring;
mod bilagor;
mod browser;
mod docs;
mod en_gang;
mod errors;
mod granser;
mod hostile;
mod justering;
mod kontrollera;
mod lacka;
mod layout;
mod loose_ends;
mod maskning;
mod oparl;
mod packet;
mod parts;
mod plan;
mod protokoll;
mod robust;
mod signatur_stod;
mod snapshot;
mod sok;
mod support;
mod tabeller;
mod webb;
mod webbplats;
