//! View logic without pixels: paragraphs, the text selection, word snapping, which frames cover a
//! position, and find.
//!
//! Every position here is a document code point offset (the model's one unit); spans are
//! half-open. Paragraph-local work (word segmentation) slices the paragraph through
//! [`Text::slice`] and counts code points inside it; no byte offset leaves this module.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::{Frame, Span, Text};

/// The paragraphs of a text: the spans between line breaks, line breaks excluded.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraphs {
    /// Displayed span of each paragraph (without its trailing `\n`, `\r\n` or `\r`).
    spans: Vec<Span>,
}

impl Paragraphs {
    pub fn new(text: &Text) -> Self {
        let starts = text.line_starts();
        let len = text.len_chars();
        let mut spans = Vec::with_capacity(starts.len());
        for (i, &start) in starts.iter().enumerate() {
            let next = starts.get(i + 1).copied().unwrap_or(len);
            // Trim the line break: at most "\r\n" (two code points) at the end.
            let mut end = next;
            if i + 1 < starts.len() {
                let tail = text.slice(Span::new(next.saturating_sub(2).max(start), next));
                end -= match tail {
                    Some("\r\n") => 2,
                    Some(t) if t.ends_with('\n') || t.ends_with('\r') => 1,
                    _ => 0,
                };
            }
            spans.push(Span::new(start, end));
        }
        Paragraphs { spans }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn span(&self, i: usize) -> Span {
        self.spans[i]
    }

    /// The paragraph holding `pos` (a position in a line break belongs to the paragraph before
    /// it; past the end, the last paragraph).
    pub fn index_of(&self, pos: usize) -> usize {
        self.spans
            .partition_point(|s| s.start <= pos)
            .saturating_sub(1)
    }
}

/// A text selection: `anchor` stays where it began, `head` moves. Code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

impl Selection {
    pub fn new(anchor: usize, head: usize) -> Self {
        Selection { anchor, head }
    }

    pub fn span(&self) -> Span {
        Span::new(self.anchor.min(self.head), self.anchor.max(self.head))
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

/// The word segments (Unicode word boundaries, UAX #29) of a paragraph, as document spans.
fn segments(text: &Text, para: Span) -> Vec<(Span, bool)> {
    let Some(s) = text.slice(para) else {
        return Vec::new();
    };
    let mut pos = para.start;
    s.split_word_bounds()
        .map(|w| {
            let n = w.chars().count();
            let is_word = w.chars().any(char::is_alphanumeric);
            let span = Span::new(pos, pos + n);
            pos += n;
            (span, is_word)
        })
        .collect()
}

/// Widens `span` outward to whole words: a start or end inside a word moves to that word's
/// boundary. Positions between words stay where they are. `paras` locates the paragraphs.
pub fn snap_to_words(text: &Text, paras: &Paragraphs, span: Span) -> Span {
    let mut out = span;
    let pstart = paras.span(paras.index_of(span.start));
    for (seg, is_word) in segments(text, pstart) {
        if is_word && seg.start < span.start && span.start < seg.end {
            out.start = seg.start;
        }
        if is_word && span.is_empty() && seg.contains(span.start) {
            out.start = seg.start;
            out.end = out.end.max(seg.end);
        }
    }
    let pend = paras.span(paras.index_of(span.end));
    for (seg, is_word) in segments(text, pend) {
        if is_word && seg.start < span.end && span.end < seg.end {
            out.end = seg.end;
        }
    }
    out
}

/// The next (`forward`) or previous word boundary from `pos`, skipping non-word segments so
/// that Ctrl+Shift+Right lands at the end of the next word, as in text editors.
pub fn word_step(text: &Text, paras: &Paragraphs, pos: usize, forward: bool) -> usize {
    let len = text.len_chars();
    let i = paras.index_of(pos);
    let para = paras.span(i);
    let segs = segments(text, para);
    if forward {
        if let Some((seg, _)) = segs.iter().find(|(s, w)| *w && s.end > pos) {
            return seg.end;
        }
        if i + 1 < paras.len() {
            return paras.span(i + 1).start;
        }
        len
    } else {
        if let Some((seg, _)) = segs.iter().rev().find(|(s, w)| *w && s.start < pos) {
            return seg.start;
        }
        if i > 0 && pos <= para.start {
            return paras.span(i - 1).end;
        }
        para.start
    }
}

/// Claim fragments sorted by start, with the running maximum end, for "which frames cover this
/// position" in O(log n + k) for typical (short, rarely nested) claims. A claim of several
/// fragments covers only its fragments, not the gaps between them.
#[derive(Debug, Clone, Default)]
pub struct CoverIndex {
    /// (claim fragment span, frame index in the annotation set's canonical order), sorted by
    /// span.
    items: Vec<(Span, usize)>,
    max_end: Vec<usize>,
}

impl CoverIndex {
    /// `frames` in the annotation set's canonical order (their indices are what is returned).
    pub fn new(frames: &[Frame]) -> Self {
        let mut items: Vec<(Span, usize)> = frames
            .iter()
            .enumerate()
            .flat_map(|(i, f)| f.claim.spans().map(move |s| (s, i)))
            .collect();
        // Frames are sorted by claim extent, so this is already sorted unless a claim has
        // several fragments.
        if items.windows(2).any(|w| w[1] < w[0]) {
            items.sort_unstable();
        }
        let mut max_end = Vec::with_capacity(items.len());
        let mut m = 0;
        for (s, _) in &items {
            m = m.max(s.end);
            max_end.push(m);
        }
        CoverIndex { items, max_end }
    }

    /// Indices of the frames whose claim overlaps `range` (or contains `range.start` when the
    /// range is empty), innermost (shortest) first.
    pub fn overlapping(&self, range: Span) -> Vec<usize> {
        let probe = if range.is_empty() {
            Span::new(range.start, range.start + 1)
        } else {
            range
        };
        let upto = self.items.partition_point(|(s, _)| s.start < probe.end);
        let mut out = Vec::new();
        for k in (0..upto).rev() {
            if self.max_end[k] <= probe.start {
                break;
            }
            let (s, i) = self.items[k];
            if s.overlaps(probe) {
                out.push((s.len(), i));
            }
        }
        out.sort();
        // A claim with two fragments in the range is listed once, by its shorter fragment.
        let mut seen = std::collections::HashSet::new();
        out.into_iter()
            .filter(|&(_, i)| seen.insert(i))
            .map(|(_, i)| i)
            .collect()
    }

    /// Frames covering code point `pos`, innermost first.
    pub fn covering(&self, pos: usize) -> Vec<usize> {
        self.overlapping(Span::new(pos, pos))
    }
}

/// The next (or previous) match of `needle` from `from`, ASCII case-insensitive, wrapping
/// around the end. Returns a code point span.
pub fn find(text: &Text, needle: &str, from: usize, forward: bool) -> Option<Span> {
    if needle.is_empty() {
        return None;
    }
    let hay = text.as_str().to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    let n = needle.chars().count();
    // ASCII lowercasing keeps every byte offset, so byte positions of `hay` are valid in `text`.
    let starts: Vec<usize> = hay.match_indices(&needle).map(|(b, _)| b).collect();
    let to_span = |b: usize| {
        let c = text.char_of_byte(b)?;
        Some(Span::new(c, c + n))
    };
    let from_byte = text.byte_of(from.min(text.len_chars()))?;
    let pick = if forward {
        starts.iter().find(|&&b| b >= from_byte).or(starts.first())
    } else {
        starts
            .iter()
            .rev()
            .find(|&&b| b < from_byte)
            .or(starts.last())
    };
    pick.and_then(|&b| to_span(b))
}

/// The frame after (`forward`) or before the one at `current` in text order, wrapping.
pub fn step_frame(count: usize, current: Option<usize>, forward: bool) -> Option<usize> {
    if count == 0 {
        return None;
    }
    Some(match (current, forward) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(i), true) => (i + 1) % count,
        (Some(i), false) => (i + count - 1) % count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fragment, Quote};

    fn paras(s: &str) -> (Text, Paragraphs) {
        let t = Text::new(s);
        let p = Paragraphs::new(&t);
        (t, p)
    }

    #[test]
    fn paragraphs_exclude_line_breaks() {
        let (_, p) = paras("ab\r\ncd\n\ne\rf");
        let spans: Vec<Span> = (0..p.len()).map(|i| p.span(i)).collect();
        assert_eq!(
            spans,
            vec![
                Span::new(0, 2),
                Span::new(4, 6),
                Span::new(7, 7),
                Span::new(8, 9),
                Span::new(10, 11)
            ]
        );
        assert_eq!(p.index_of(3), 0, "inside the CRLF");
        assert_eq!(p.index_of(4), 1);
        assert_eq!(p.index_of(99), 4);
    }

    #[test]
    fn snapping_widens_to_words_in_any_script() {
        let (t, p) = paras("Iran warned 😀 Israel.\n日本語 naïve e\u{301}té");
        // "an warn" → "Iran warned"
        assert_eq!(snap_to_words(&t, &p, Span::new(2, 7)), Span::new(0, 11));
        // a click inside "Israel" selects it
        assert_eq!(snap_to_words(&t, &p, Span::new(16, 16)), Span::new(14, 20));
        // the combining mark stays with its letter: "e\u{301}té" is one word
        let text = t.as_str();
        let start = text.chars().position(|c| c == '\u{301}').unwrap() - 1;
        let s = snap_to_words(&t, &p, Span::new(start + 1, start + 2));
        assert_eq!(t.slice(s), Some("e\u{301}té"));
        // boundaries already between words do not move
        assert_eq!(snap_to_words(&t, &p, Span::new(5, 11)), Span::new(5, 11));
    }

    #[test]
    fn word_steps_skip_spaces_and_cross_paragraphs() {
        let (t, p) = paras("one two\r\nthree");
        assert_eq!(word_step(&t, &p, 0, true), 3);
        assert_eq!(word_step(&t, &p, 3, true), 7);
        assert_eq!(word_step(&t, &p, 7, true), 9, "next paragraph start");
        assert_eq!(word_step(&t, &p, 9, true), 14);
        assert_eq!(word_step(&t, &p, 14, false), 9);
        assert_eq!(word_step(&t, &p, 9, false), 7, "back over the CRLF");
        assert_eq!(word_step(&t, &p, 6, false), 4);
    }

    #[test]
    fn cover_index_finds_nested_and_overlapping_claims() {
        let f = |id: &str, s: usize, e: usize| Frame::new(id, Quote::new(Span::new(s, e), ""), "x");
        let mut frames = vec![
            f("a", 0, 50),
            f("b", 10, 20),
            f("c", 15, 30),
            f("d", 60, 70),
        ];
        frames.sort_by(crate::model::frame_order);
        let ix = CoverIndex::new(&frames);
        assert_eq!(ix.covering(16), vec![1, 2, 0], "innermost first");
        assert_eq!(ix.covering(5), vec![0]);
        assert_eq!(ix.covering(50), Vec::<usize>::new(), "half-open");
        assert_eq!(ix.covering(65), vec![3]);
        assert_eq!(ix.overlapping(Span::new(45, 61)), vec![3, 0]);
        // against a brute force over every position
        for pos in 0..80 {
            let mut want: Vec<usize> = (0..frames.len())
                .filter(|&i| frames[i].claim.covers(pos))
                .collect();
            let mut got = ix.covering(pos);
            want.sort();
            got.sort();
            assert_eq!(got, want, "pos {pos}");
        }
    }

    #[test]
    fn cover_index_skips_the_gap_of_a_split_claim() {
        let q = |spans: &[(usize, usize)]| {
            Quote::from_fragments(
                spans
                    .iter()
                    .map(|&(s, e)| Fragment::new(Span::new(s, e), "")),
            )
            .unwrap()
        };
        let mut frames = vec![
            Frame::new("split", q(&[(0, 10), (30, 40)]), "x"),
            Frame::new("inside", q(&[(12, 20)]), "x"),
            Frame::new("after", q(&[(35, 50)]), "x"),
        ];
        frames.sort_by(crate::model::frame_order);
        let ix = CoverIndex::new(&frames);
        assert_eq!(ix.covering(5), vec![0]);
        assert_eq!(ix.covering(15), vec![1], "the gap of the split claim");
        assert_eq!(ix.covering(25), Vec::<usize>::new());
        assert_eq!(ix.covering(36), vec![0, 2]);
        assert_eq!(
            ix.overlapping(Span::new(5, 38)),
            vec![1, 0, 2],
            "split listed once"
        );
    }

    #[test]
    fn find_wraps_and_counts_code_points() {
        let t = Text::new("😀 Iran said; IRAN denied. 日本 iran");
        assert_eq!(find(&t, "iran", 0, true), Some(Span::new(2, 6)));
        assert_eq!(find(&t, "iran", 3, true), Some(Span::new(13, 17)));
        assert_eq!(find(&t, "iran", 18, true), Some(Span::new(29, 33)));
        assert_eq!(find(&t, "iran", 30, true), Some(Span::new(2, 6)), "wraps");
        assert_eq!(find(&t, "iran", 2, false), Some(Span::new(29, 33)));
        assert_eq!(find(&t, "日本", 0, true), Some(Span::new(26, 28)));
        assert_eq!(find(&t, "absent", 0, true), None);
    }

    #[test]
    fn frame_stepping_wraps() {
        assert_eq!(step_frame(3, None, true), Some(0));
        assert_eq!(step_frame(3, Some(2), true), Some(0));
        assert_eq!(step_frame(3, Some(0), false), Some(2));
        assert_eq!(step_frame(0, None, true), None);
    }
}
