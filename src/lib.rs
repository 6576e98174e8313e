//! stancemark: annotate claims, stances and attribution in news articles.
//!
//! - [`model`]: documents, spans (code points, half-open), frames, schema, edits and history.
//! - [`io`]: the native JSON format, import/export formats and atomic file writes.
//! - [`merge`]: three-way merges of a project's files (git's merge driver).
//! - [`project`]: project folders of documents and per-annotator annotation files.
//! - [`corpus`]: corpus views over all documents: entity usage, registry relinking, the
//!   stance map and its exports.
//! - [`review`]: agreement measures, disagreements between annotators, adjudication.
//! - [`suggest`]: the attribution finder (lexicon + rules → suggested frames) and its scorer.
//! - [`session`]: one open document being edited (annotations, undo history, lock, save), and
//!   pixel-free view logic (paragraphs, selection, word snapping, find); used by the workbench.

pub mod corpus;
pub mod io;
pub mod merge;
pub mod model;
pub mod project;
pub mod review;
pub mod session;
pub mod suggest;
#[cfg(feature = "gui")]
pub mod ui;
