//! Comparison of annotators: agreement measures, disagreements and adjudication.
//!
//! Pure functions over [`crate::model`] types: no file I/O, no GUI.

pub mod coding;
pub mod score;
pub mod unitizing;

pub use coding::CodingStudy;
pub use score::{Score, Undefined};
pub use unitizing::UnitizingStudy;
