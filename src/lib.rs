//! kallelse: builds the meeting packets of Swedish municipal committees from
//! YAML and Markdown.
//!
//! The pipeline has one module per stage, each with its own types, and owned
//! values flow from stage to stage:
//! [`load`] → [`validate`] → [`render`] → [`compile`] → [`export`], and
//! [`publish`] for the web version; [`load`] reads every YAML file through
//! [`yaml`], the YAML layer (key tables, key check, parse, messages);
//! [`build`] runs them, [`cli`] is the command line. Authoring support:
//! [`scaffold`] (`init`, `ny`), [`schema`], [`status`] and [`watch`].

pub mod archive;
pub mod build;
pub mod calendar;
pub mod cli;
pub mod compile;
pub mod conventions;
pub mod error;
pub mod escape;
pub mod export;
pub mod fonts;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod mask;
pub mod meeting;
pub mod model;
pub mod parallel;
pub mod personnummer;
pub mod plan;
pub mod public;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod signature;
pub mod status;
pub mod table;
pub mod timing;
pub mod validate;
pub mod watch;
pub mod yaml;
