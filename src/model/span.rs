//! Spans of text: half-open ranges of Unicode code points.
//!
//! The one offset unit of stancemark: a [`Span`] `[start, end)` counts Unicode scalar values
//! (Rust `char`s), exactly like Python's `text[start:end]`. A span never stores bytes or UTF-16
//! units; conversions happen only through [`crate::model::Text`]. A [`Fragment`] is a span together
//! with the exact text it covered when it was made, so that any reader can verify it; a [`Quote`]
//! (the span of a claim, source, cue or target) is one or more fragments in text order.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use super::Text;

mod wire;

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

/// Up to [`crate::model::anchor::CONTEXT_CHARS`] code points before and after a fragment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuoteContext {
    pub prefix: String,
    pub suffix: String,
}

/// One contiguous piece of a [`Quote`]: a span with the exact text it covered when it was made.
///
/// Equality and hashing look at `span` and `text` only: `context` is derived data for
/// re-anchoring, not part of the annotation.
#[derive(Debug, Clone)]
pub struct Fragment {
    pub span: Span,
    pub text: String,
    /// The text around the fragment when it was last saved, if known.
    pub context: Option<Box<QuoteContext>>,
}

impl PartialEq for Fragment {
    fn eq(&self, other: &Self) -> bool {
        self.span == other.span && self.text == other.text
    }
}
impl Eq for Fragment {}
impl std::hash::Hash for Fragment {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.span.hash(state);
        self.text.hash(state);
    }
}

impl Fragment {
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Fragment {
            span,
            text: text.into(),
            context: None,
        }
    }

    /// The fragment of `text` at `span`, or `None` when the span is inverted or leaves the text.
    pub fn of_text(text: &Text, span: Span) -> Option<Self> {
        Some(Fragment::new(span, text.slice(span)?))
    }
}

/// The fragments of one quote, in text order; one fragment is stored inline (no allocation).
pub type Fragments = SmallVec<[Fragment; 1]>;

/// The span of a claim or role: one or more [`Fragment`]s in text order, each with its text.
///
/// The split quote `"We will not," he said, "back down."` is one claim of two fragments. A
/// well-formed quote has its fragments sorted, non-empty and separated by at least one code
/// point (touching fragments would be one fragment written twice), so that a set of code points
/// has exactly one fragment list. The type only guarantees that there is at least one fragment:
/// files may contain anything, and [`Quote::shape_problem`] (called by the model's `validate`)
/// names what is wrong. Every predicate here is defined on the code points the fragments cover
/// and stays meaningful for a quote that is not well-formed.
///
/// Wire form (see [`crate::io::native`]): a one-fragment quote is the flat
/// `{"start", "end", "text"}` of earlier versions; several are `{"fragments": [{…}, …]}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quote {
    fragments: Fragments,
}

/// Why a list of fragments cannot be a [`Quote`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    #[error("a span needs at least one fragment")]
    Empty,
    #[error("the new fragment {new} overlaps or touches the fragment {existing}")]
    Overlap { new: Span, existing: Span },
    #[error("a span keeps at least one fragment")]
    LastFragment,
}

impl Quote {
    /// A quote of one fragment.
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Quote::from_fragment(Fragment::new(span, text))
    }

    pub fn from_fragment(fragment: Fragment) -> Self {
        let mut fragments = Fragments::new();
        fragments.push(fragment);
        Quote { fragments }
    }

    /// A quote of the given fragments, kept in the given order (see [`Quote::shape_problem`]).
    /// Refuses an empty list.
    pub fn from_fragments(
        fragments: impl IntoIterator<Item = Fragment>,
    ) -> Result<Self, QuoteError> {
        let fragments: Fragments = fragments.into_iter().collect();
        if fragments.is_empty() {
            return Err(QuoteError::Empty);
        }
        Ok(Quote { fragments })
    }

    /// The quote of `text` at `spans` (each fragment's text taken from `text`), or `None` when
    /// `spans` is empty or one of them is inverted or leaves the text.
    pub fn of_text(text: &Text, spans: &[Span]) -> Option<Self> {
        let fragments = spans
            .iter()
            .map(|&s| Fragment::of_text(text, s))
            .collect::<Option<Fragments>>()?;
        Quote::from_fragments(fragments).ok()
    }

    /// The fragments, in stored order (text order for a well-formed quote).
    pub fn fragments(&self) -> &[Fragment] {
        &self.fragments
    }

    /// The fragments, to change in place (their number cannot change this way).
    pub fn fragments_mut(&mut self) -> &mut [Fragment] {
        &mut self.fragments
    }

    pub fn into_fragments(self) -> Fragments {
        self.fragments
    }

    /// The first fragment (every quote has one).
    pub fn first(&self) -> &Fragment {
        &self.fragments[0]
    }

    /// The span of each fragment.
    pub fn spans(&self) -> impl ExactSizeIterator<Item = Span> + '_ {
        self.fragments.iter().map(|f| f.span)
    }

    /// The smallest span covering every fragment: first start .. last end for a well-formed
    /// quote. What code that needs one range (ordering, scrolling to it) uses.
    pub fn extent(&self) -> Span {
        match &self.fragments[..] {
            [one] => one.span,
            many => many
                .iter()
                .skip(1)
                .fold(many[0].span, |acc, f| acc.union(f.span)),
        }
    }

    /// True when the quote has more than one fragment.
    pub fn is_discontinuous(&self) -> bool {
        self.fragments.len() > 1
    }

    /// Code points covered: the sum of the fragments' lengths.
    pub fn len_chars(&self) -> usize {
        self.fragments.iter().map(|f| f.span.len()).sum()
    }

    /// True when some fragment contains code point `pos`.
    pub fn covers(&self, pos: usize) -> bool {
        self.fragments.iter().any(|f| f.span.contains(pos))
    }

    /// Code points covered by both quotes (fragments of one quote do not overlap each other
    /// in a well-formed quote, so no code point is counted twice).
    pub fn overlap_len(&self, other: &Quote) -> usize {
        self.fragments
            .iter()
            .flat_map(|a| other.fragments.iter().map(move |b| (a.span, b.span)))
            .filter_map(|(a, b)| a.intersection(b))
            .map(|s| s.len())
            .sum()
    }

    /// True when the quotes share at least one code point.
    pub fn overlaps(&self, other: &Quote) -> bool {
        self.fragments
            .iter()
            .any(|a| other.fragments.iter().any(|b| a.span.overlaps(b.span)))
    }

    /// True when the quotes cover the same fragments (texts not compared).
    pub fn same_spans(&self, other: &Quote) -> bool {
        self.spans().eq(other.spans())
    }

    /// True when every code point of `span` is covered by one fragment.
    pub fn contains_span(&self, span: Span) -> bool {
        self.fragments.iter().any(|f| f.span.contains_span(span))
    }

    /// The fragments' texts joined by `separator` (borrowed for one fragment).
    pub fn joined_text(&self, separator: &str) -> Cow<'_, str> {
        match &self.fragments[..] {
            [one] => Cow::Borrowed(one.text.as_str()),
            many => Cow::Owned(
                many.iter()
                    .map(|f| f.text.as_str())
                    .collect::<Vec<_>>()
                    .join(separator),
            ),
        }
    }

    /// The text for people to read: the fragments' texts joined by [`Quote::GAP`].
    pub fn display_text(&self) -> Cow<'_, str> {
        self.joined_text(Self::GAP)
    }

    /// What stands for the gap between two fragments in text shown to people.
    pub const GAP: &'static str = " … ";

    /// Adds a fragment in text order. Refuses one that overlaps or touches a fragment of the
    /// quote (join them into one span instead).
    pub fn insert_fragment(&mut self, fragment: Fragment) -> Result<usize, QuoteError> {
        let new = fragment.span;
        if let Some(f) = self
            .fragments
            .iter()
            .find(|f| new.start <= f.span.end && f.span.start <= new.end)
        {
            return Err(QuoteError::Overlap {
                new,
                existing: f.span,
            });
        }
        let at = self
            .fragments
            .partition_point(|f| (f.span.start, f.span.end) < (new.start, new.end));
        self.fragments.insert(at, fragment);
        Ok(at)
    }

    /// Removes fragment `index`; refuses to remove the last one (a span has at least one).
    pub fn remove_fragment(&mut self, index: usize) -> Result<Fragment, QuoteError> {
        if self.fragments.len() <= 1 || index >= self.fragments.len() {
            return Err(QuoteError::LastFragment);
        }
        Ok(self.fragments.remove(index))
    }

    /// What keeps the quote from being well-formed, if anything: an inverted or empty fragment
    /// (in a quote of several), or fragments out of text order, overlapping or touching.
    /// Fragment numbers in the message count from 1.
    pub fn shape_problem(&self) -> Option<String> {
        let several = self.is_discontinuous();
        for (i, f) in self.fragments.iter().enumerate() {
            let s = f.span;
            let which = if several {
                format!("fragment {} ", i + 1)
            } else {
                String::new()
            };
            if !s.is_valid() {
                return Some(format!("{which}start {} is after end {}", s.start, s.end));
            }
            if several && s.is_empty() {
                return Some(format!("{which}{s} is empty"));
            }
        }
        self.fragments.windows(2).enumerate().find_map(|(i, w)| {
            let (a, b) = (w[0].span, w[1].span);
            let (n, m) = (i + 1, i + 2);
            if b.start < a.start || (b.start == a.start && b.end < a.end) {
                Some(format!(
                    "fragment {m} {b} comes before fragment {n} {a}: fragments must be in text order"
                ))
            } else if b.start < a.end {
                Some(format!("fragments {n} {a} and {m} {b} overlap"))
            } else if b.start == a.end {
                Some(format!(
                    "fragments {n} {a} and {m} {b} touch: write them as one fragment"
                ))
            } else {
                None
            }
        })
    }
}

impl From<Fragment> for Quote {
    fn from(f: Fragment) -> Self {
        Quote::from_fragment(f)
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

    fn split() -> Quote {
        // "We will not," he said, "back down."
        Quote::from_fragments([
            Fragment::new(Span::new(1, 13), "We will not,"),
            Fragment::new(Span::new(24, 34), "back down."),
        ])
        .unwrap()
    }

    #[test]
    fn one_fragment_is_stored_inline() {
        let q = Quote::new(Span::new(1, 3), "ab");
        assert!(
            !q.fragments.spilled(),
            "no heap allocation for one fragment"
        );
        assert_eq!(q.extent(), Span::new(1, 3));
        assert!(!q.is_discontinuous());
        assert_eq!(q.joined_text(" "), Cow::Borrowed("ab"));
        assert!(
            std::mem::size_of::<Quote>() <= 56,
            "{}",
            std::mem::size_of::<Quote>()
        );
    }

    #[test]
    fn fragment_predicates() {
        let q = split();
        assert!(q.is_discontinuous());
        assert_eq!(q.extent(), Span::new(1, 34));
        assert_eq!(q.len_chars(), 12 + 10);
        assert!(q.covers(1) && q.covers(12) && !q.covers(13) && !q.covers(20));
        assert!(q.covers(24) && q.covers(33) && !q.covers(34) && !q.covers(0));
        assert!(q.contains_span(Span::new(25, 30)));
        assert!(
            !q.contains_span(Span::new(10, 26)),
            "the gap is not covered"
        );
        assert_eq!(q.joined_text(" "), "We will not, back down.");
        // "he said" lies in the gap: no overlap with the claim's fragments.
        let cue = Quote::new(Span::new(16, 23), "he said");
        assert!(!q.overlaps(&cue) && q.overlap_len(&cue) == 0);
        assert!(
            q.extent().overlaps(cue.extent()),
            "the covering span would swallow it"
        );
        // [10, 30) shares 3 code points with the first fragment and 6 with the second.
        let wide = Quote::new(Span::new(10, 30), "x");
        assert_eq!(q.overlap_len(&wide), 3 + 6);
        assert!(q.overlaps(&wide));
        assert_eq!(q.overlap_len(&q), q.len_chars());
        assert!(q.same_spans(&q.clone()) && !q.same_spans(&wide));
    }

    #[test]
    fn from_fragments_refuses_an_empty_list() {
        assert_eq!(Quote::from_fragments([]), Err(QuoteError::Empty));
        assert_eq!(Quote::of_text(&Text::new("abc"), &[]), None);
        assert_eq!(Quote::of_text(&Text::new("abc"), &[Span::new(2, 4)]), None);
    }

    #[test]
    fn of_text_takes_each_fragment_from_the_text() {
        // emoji, CJK, combining mark and CRLF: offsets are code points
        let t = Text::new("😀 日本\r\ne\u{301}!");
        let q = Quote::of_text(&t, &[Span::new(0, 1), Span::new(2, 4), Span::new(6, 8)]).unwrap();
        let texts: Vec<&str> = q.fragments().iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, vec!["😀", "日本", "e\u{301}"]);
        assert_eq!(q.shape_problem(), None);
    }

    #[test]
    fn insert_and_remove_fragments_keep_text_order() {
        let mut q = Quote::new(Span::new(24, 34), "back down.");
        assert_eq!(
            q.insert_fragment(Fragment::new(Span::new(1, 13), "We will not,")),
            Ok(0)
        );
        assert_eq!(q, split());
        assert_eq!(
            q.insert_fragment(Fragment::new(Span::new(13, 15), ", ")),
            Err(QuoteError::Overlap {
                new: Span::new(13, 15),
                existing: Span::new(1, 13)
            }),
            "touching fragments are one fragment"
        );
        assert_eq!(q.remove_fragment(0).unwrap().text, "We will not,");
        assert_eq!(q.remove_fragment(0), Err(QuoteError::LastFragment));
        assert_eq!(q, Quote::new(Span::new(24, 34), "back down."));
    }

    #[test]
    fn shape_problems_are_named() {
        let shape = |spans: &[(usize, usize)]| {
            Quote::from_fragments(
                spans
                    .iter()
                    .map(|&(s, e)| Fragment::new(Span::new(s, e), "")),
            )
            .unwrap()
            .shape_problem()
        };
        assert_eq!(shape(&[(1, 5)]), None);
        assert_eq!(
            shape(&[(3, 3)]),
            None,
            "one empty fragment is an empty span"
        );
        assert_eq!(shape(&[(1, 5), (7, 9)]), None);
        assert_eq!(shape(&[(5, 1)]).unwrap(), "start 5 is after end 1");
        assert_eq!(
            shape(&[(1, 5), (9, 7)]).unwrap(),
            "fragment 2 start 9 is after end 7"
        );
        assert_eq!(
            shape(&[(1, 5), (7, 7)]).unwrap(),
            "fragment 2 [7, 7) is empty"
        );
        assert_eq!(
            shape(&[(7, 9), (1, 5)]).unwrap(),
            "fragment 2 [1, 5) comes before fragment 1 [7, 9): fragments must be in text order"
        );
        assert_eq!(
            shape(&[(1, 5), (4, 9)]).unwrap(),
            "fragments 1 [1, 5) and 2 [4, 9) overlap"
        );
        assert_eq!(
            shape(&[(1, 5), (5, 9)]).unwrap(),
            "fragments 1 [1, 5) and 2 [5, 9) touch: write them as one fragment"
        );
        // An unsorted quote still has a sensible extent.
        let q = Quote::from_fragments([
            Fragment::new(Span::new(7, 9), ""),
            Fragment::new(Span::new(1, 5), ""),
        ])
        .unwrap();
        assert_eq!(q.extent(), Span::new(1, 9));
    }
}
