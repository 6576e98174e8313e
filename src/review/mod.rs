//! Comparison of annotators: agreement measures, disagreements and adjudication.
//!
//! Pure functions over [`crate::model`] types: no file I/O, no GUI.
//! - [`agreement::agree`]: the full agreement report (`stancemark agree`);
//! - [`coding`], [`labels`], [`spans`], [`unitizing`]: the measures it is made of;
//! - [`confusion::confusion`]: stance × stance confusion between annotators over matched
//!   claims, with agreement on `via` and on entity links (`agree --confusion`);
//! - [`feedback::feedback`]: where gold differs from one annotator (`stancemark feedback`);
//! - [`disagreement::disagreements`]: the classified disagreements on one document;
//! - [`adjudicate`]: gold frames from annotators' frames, as undoable transactions, with
//!   provenance;
//! - [`resolve`]: where each group stands against the gold set; accept / reject decisions;
//! - [`Score`]: a value or the reason it is undefined (never NaN).

pub mod adjudicate;
pub mod agreement;
pub mod coding;
pub mod confusion;
pub mod disagreement;
pub mod feedback;
pub mod key;
pub mod labels;
pub mod resolve;
pub mod score;
pub mod spans;
#[cfg(test)]
mod test_support;
pub mod training;
pub mod unitizing;

pub use adjudicate::{auto_accept, AutoAccept, Provenance};
pub use agreement::{agree, Agreement, DocumentAnnotations};
pub use coding::CodingStudy;
pub use disagreement::{disagreements, Disagreement, Kind};
pub use key::FrameKey;
pub use score::{Score, Undefined};
pub use unitizing::UnitizingStudy;
