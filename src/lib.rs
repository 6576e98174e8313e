//! stancemark: annotate claims, stances and attribution in news articles.
//!
//! - [`model`]: documents, spans (code points, half-open), frames, schema, edits and history.
//! - [`io`]: the native JSON format and atomic file writes.

pub mod io;
pub mod model;
#[cfg(feature = "gui")]
pub mod ui;
