//! brat standoff (`.txt` + `.ann`, and `annotation.conf`), both ways.
//!
//! **Mapping (export, and what import reads back).** A frame is an event (fields are separated
//! by a TAB in the file, shown as spaces here):
//!
//! ```text
//! T1  Claim 120 148  Iran is not winning this war     the claim span (the event trigger)
//! T5  Claim 1 13;24 34  We will not, back down.      a split quote: one `start end` per
//!                                                   fragment, texts joined by one space
//! T2  Source 98 113  President Trump
//! T3  Cue 114 120  warned
//! T4  Target 120 124  Iran
//! E20  Claim:T1 Source:T2 Cue:T3 Target:T4 Via:E12  frame f20; Via = the reporting frame
//! A1  Stance E20 warning                          the stance (multi-valued attribute)
//! A2  polarity E20 against                        each schema attribute
//! N1  Reference T2 person:e4  Donald Trump        the project entity of a source/target span
//! #1  AnnotatorNotes E20  free text               the note
//! ```
//!
//! Frame `fN` becomes `EN` (other frame ids are renumbered after the largest). `annotation.conf`
//! declares `Source`, `Cue`, `Target` entities, the `Claim` event with optional roles, the
//! `Stance` attribute with the schema's stance ids and one attribute per schema attribute, so
//! brat accepts every line. Lost: participants that are an entity without a span, the entity of
//! a participant only named by kind, line breaks inside notes (written as spaces, with a
//! warning), frame ids not of the form `fN`.
//!
//! **Import** also reads brat files made elsewhere: `R` relations `Source`/`Cue`/`Target`/`Via`
//! with `Arg1` the claim (a `T` or its event) and `Arg2` the other span; a `T` of any type other
//! than `Claim`/`Source`/`Cue`/`Target` that no event uses becomes a claim with that type as its
//! stance; a binary attribute on a claim sets it to `true`; unused role spans are ignored with a
//! warning. Discontinuous spans (`start end;start end`) become spans of several fragments, in
//! text order; fragments separated only by line breaks are joined into one (that is how our own
//! export, like brat itself, splits a span across lines). Fragments that overlap are reported by
//! the import's validation.
//!
//! **Offsets:** code points, half-open, into the `.txt` read as UTF-8 (brat's Python indices).
//! **Line endings:** CRLF counts as two code points; the `.txt` is written byte for byte (brat
//! issue #853 came from a browser counting CRLF as one). Spans that contain a line break are
//! written as fragments split at the break, since a `.ann` text field cannot hold one.

mod ann;
mod read;
#[cfg(test)]
mod reference;
mod write;

pub use read::parse;

pub use crate::io::import::Scheme;
pub use write::{ann, annotation_conf, export, verify};

use crate::model::SpanRole;

/// The frame role a brat type or role name stands for (any case).
pub(crate) fn role_of(kind: &str) -> Option<SpanRole> {
    match kind.to_ascii_lowercase().as_str() {
        "claim" => Some(SpanRole::Claim),
        "source" => Some(SpanRole::Source),
        "cue" => Some(SpanRole::Cue),
        "target" => Some(SpanRole::Target),
        _ => None,
    }
}
