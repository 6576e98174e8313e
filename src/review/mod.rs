//! Comparison of annotators: agreement measures, disagreements and adjudication.
//!
//! Pure functions over [`crate::model`] types: no file I/O, no GUI.
//! - [`agreement::agree`]: the full agreement report (`stancemark agree`);
//! - [`coding`], [`labels`], [`spans`], [`unitizing`]: the measures it is made of;
//! - [`Score`]: a value or the reason it is undefined (never NaN).

pub mod agreement;
pub mod coding;
pub mod labels;
pub mod score;
pub mod spans;
pub mod unitizing;

pub use agreement::{agree, Agreement, DocumentAnnotations};
pub use coding::CodingStudy;
pub use score::{Score, Undefined};
pub use unitizing::UnitizingStudy;
