//! stancemark: annotate claims, stances and attribution in news articles.
//!
//! - [`model`]: documents, spans (code points, half-open), frames, schema, edits and history.
//! - [`io`]: the native JSON format and atomic file writes.
//! - [`review`]: agreement measures, disagreements between annotators, adjudication.

pub mod io;
pub mod model;
pub mod review;
