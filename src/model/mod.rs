//! The annotation model: documents, spans, frames, schema, edits and undo history, and the
//! project's entity registry with its name keys and workbench links ([`registry`], [`name_key`],
//! [`registry_link`]).
//!
//! Pure data and edits: no egui, no file I/O. Offsets are code points, half-open (see [`span`]).
//! Annotations change only through [`Op`]s grouped in [`Transaction`]s, recorded by [`History`].

pub mod anchor;
pub mod annotation;
pub mod conflict;
pub mod document;
pub mod edit;
pub(crate) mod extra_fields;
pub(crate) use extra_fields::deserialize_keeping_extra;
pub mod frame;
pub mod guidelines;
pub mod history;
pub mod name_key;
pub mod registry;
pub mod registry_link;
pub mod schema;
pub mod span;
pub mod suggestion;
pub mod text;
pub mod time_spent;
pub mod validate;

pub use annotation::{frame_order, AnnotationSet, Status};
pub use conflict::{Conflict, ConflictOn, ConflictSite, Resolve};
pub use document::Document;
pub use edit::{EditError, Op, Transaction};
pub use frame::{id_order, AnchorState, Comment, Entity, Frame, Participant, SpanRole};
pub use guidelines::Guidelines;
pub use history::History;
pub use name_key::NameKey;
pub use registry::{CanonicalEntity, Registry, RegistryError};
pub use schema::{AttributeDef, EntityKind, Schema, SchemaRef, StanceLabel};
pub use span::{Fragment, Fragments, Quote, QuoteContext, QuoteError, Span};
pub use suggestion::{PendingSuggestion, ProposedEntity, Rejection, SuggestedParty};
pub use text::Text;
pub use time_spent::{ActiveTime, TimeSpent};
pub use validate::{validate, Problem};
