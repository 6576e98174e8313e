//! Spans of text: half-open ranges of Unicode code points.
//!
//! The one offset unit of stancemark: a [`Span`] `[start, end)` counts Unicode scalar values
//! (Rust `char`s), exactly like Python's `text[start:end]`. A span never stores bytes or UTF-16
//! units; conversions happen only through [`crate::model::Text`]. A [`Quote`] is a span together
//! with the exact text it covered when it was made, so that any reader can verify it.

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of code-point offsets. `start <= end` is not enforced by the
/// type (files may contain anything); [`Span::is_valid`] and the model's `validate` check it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// True when `start <= end`.
    pub const fn is_valid(&self) -> bool {
        self.start <= self.end
    }

    /// Number of code points covered (0 for an empty or inverted span).
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when code point `pos` lies inside the span (`start <= pos < end`).
    pub const fn contains(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }

    /// True when `other` lies entirely within `self` (an empty `other` at a boundary counts).
    pub const fn contains_span(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one code point. Empty spans overlap nothing.
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end && !self.is_empty() && !other.is_empty()
    }

    /// The shared code points, or `None` when the spans do not overlap.
    pub fn intersection(&self, other: Span) -> Option<Span> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Span { start, end })
    }

    /// The smallest span covering both.
    pub fn union(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}, {})", self.start, self.end)
    }
}

/// A span with the exact text it covers. Serialised flat as `{"start", "end", "text"}`; the
/// native format adds `"prefix"`/`"suffix"` context (see [`crate::model::anchor`]).
///
/// Equality and hashing look at `span` and `text` only: `context` is derived data for
/// re-anchoring, not part of the annotation.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "QuoteRepr")]
pub struct Quote {
    pub span: Span,
    pub text: String,
    /// The text around the span when it was last saved, if known.
    pub context: Option<Box<QuoteContext>>,
}

/// Up to [`crate::model::anchor::CONTEXT_CHARS`] code points before and after a quote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuoteContext {
    pub prefix: String,
    pub suffix: String,
}

impl PartialEq for Quote {
    fn eq(&self, other: &Self) -> bool {
        self.span == other.span && self.text == other.text
    }
}
impl Eq for Quote {}
impl std::hash::Hash for Quote {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.span.hash(state);
        self.text.hash(state);
    }
}

/// The wire shape of a [`Quote`] (kept flat without `serde(flatten)`, which is slow and loses
/// number types).
#[derive(Deserialize)]
struct QuoteRepr {
    start: usize,
    end: usize,
    text: String,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    suffix: Option<String>,
}

impl From<QuoteRepr> for Quote {
    fn from(r: QuoteRepr) -> Self {
        let context = (r.prefix.is_some() || r.suffix.is_some()).then(|| {
            Box::new(QuoteContext {
                prefix: r.prefix.unwrap_or_default(),
                suffix: r.suffix.unwrap_or_default(),
            })
        });
        Quote {
            span: Span::new(r.start, r.end),
            text: r.text,
            context,
        }
    }
}

impl Serialize for Quote {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Quote", 3)?;
        st.serialize_field("start", &self.span.start)?;
        st.serialize_field("end", &self.span.end)?;
        st.serialize_field("text", &self.text)?;
        st.end()
    }
}

impl Quote {
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Quote {
            span,
            text: text.into(),
            context: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates() {
        let a = Span::new(2, 5);
        assert_eq!(a.len(), 3);
        assert!(!a.is_empty());
        assert!(Span::new(4, 4).is_empty());
        assert!(a.contains(2) && a.contains(4) && !a.contains(5) && !a.contains(1));
        assert!(a.contains_span(Span::new(3, 5)));
        assert!(!a.contains_span(Span::new(3, 6)));
        assert!(a.overlaps(Span::new(4, 9)));
        assert!(
            !a.overlaps(Span::new(5, 9)),
            "half-open: touching spans do not overlap"
        );
        assert!(!a.overlaps(Span::new(3, 3)), "empty spans overlap nothing");
        assert_eq!(a.intersection(Span::new(4, 9)), Some(Span::new(4, 5)));
        assert_eq!(a.intersection(Span::new(5, 9)), None);
        assert_eq!(a.union(Span::new(7, 9)), Span::new(2, 9));
        assert!(!Span::new(5, 2).is_valid());
        assert_eq!(Span::new(5, 2).len(), 0);
    }

    #[test]
    fn quote_serialises_flat() {
        let q = Quote::new(Span::new(1, 3), "ab");
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(json, r#"{"start":1,"end":3,"text":"ab"}"#);
        let back: Quote = serde_json::from_str(&json).unwrap();
        assert_eq!(back, q);
    }
}
