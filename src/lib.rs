//! Kafka Playground: learn Apache Kafka by doing.
//!
//! Four rooms, arrows one way: `ui → lesson → cli → engine`.
//! The engine is plain deterministic Rust; only `ui` knows about the DOM.

pub mod bench;
pub mod cli;
pub mod engine;
pub mod lesson;
pub mod ui;
