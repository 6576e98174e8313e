//! Builders shared by the review modules' unit tests.

use crate::model::{AnnotationSet, Document, Frame, Quote, Schema, Span};

/// A frame whose claim is `doc`'s code points `[start, end)`.
pub fn frame(doc: &Document, id: &str, start: usize, end: usize, stance: &str) -> Frame {
    let text: String = doc
        .text
        .as_str()
        .chars()
        .skip(start)
        .take(end - start)
        .collect();
    Frame::new(id, Quote::new(Span::new(start, end), text), stance)
}

/// `who`'s annotation set of `doc` with `frames`, under the default schema.
pub fn set(doc: &Document, who: &str, frames: Vec<Frame>) -> AnnotationSet {
    let mut s = AnnotationSet::new(&doc.id, who, Schema::default_news().reference());
    s.set_frames(frames);
    s
}
