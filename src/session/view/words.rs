//! Selecting by words and sentences: a drag snapped to whole words, what such a span must not
//! start or end with ([`trim_span`]), the word-wise keys ([`word_extend`]), and the word and
//! sentence under a double or triple click.
//!
//! Words are Unicode word segments (UAX #29) holding a letter or digit, so a combining mark
//! stays with its letter and every script is split as the Unicode tables say; sentences are
//! UAX #29 sentences inside one paragraph. Positions are document code points.

use unicode_segmentation::UnicodeSegmentation;

use super::{Paragraphs, Selection};
use crate::model::{Span, Text};

/// The word segments of a paragraph, as document spans, each flagged when it is a word (holds
/// a letter or digit) rather than spaces or punctuation.
pub(super) fn segments(text: &Text, para: Span) -> Vec<(Span, bool)> {
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

/// Punctuation a span made of whole words does not end with: the clause marks that follow a
/// name or a quote in running text (`Anna Kowalczyk, a spokeswoman`), ASCII and full-width.
const TRAILING: [char; 7] = [',', ';', ':', '，', '；', '：', '、'];

/// Quotation marks as (opening, closing) pairs; a straight quote is its own partner. German
/// („…“), French (« … » and » … «) and CJK (「…」) pairs included.
const QUOTES: [(char, char); 14] = [
    ('"', '"'),
    ('\'', '\''),
    ('“', '”'),
    ('„', '“'),
    ('„', '”'),
    ('‘', '’'),
    ('‚', '‘'),
    ('‚', '’'),
    ('«', '»'),
    ('»', '«'),
    ('‹', '›'),
    ('›', '‹'),
    ('「', '」'),
    ('『', '』'),
];

/// True when the quotation mark `close` at the end of a span has its opening mark in `rest`
/// (the span before it). A straight quote is matched by an odd number of them before it.
fn closes(rest: &[char], close: char) -> bool {
    QUOTES.iter().any(|&(o, c)| {
        c == close
            && if o == c {
                rest.iter().filter(|&&x| x == c).count() % 2 == 1
            } else {
                rest.contains(&o)
            }
    })
}

/// True when the quotation mark `open` at the start of a span has its closing mark in `rest`.
fn opens(open: char, rest: &[char]) -> bool {
    QUOTES.iter().any(|&(o, c)| {
        o == open
            && if o == c {
                rest.iter().filter(|&&x| x == o).count() % 2 == 1
            } else {
                rest.contains(&c)
            }
    })
}

fn is_quote(c: char) -> bool {
    QUOTES.iter().any(|&(o, cl)| o == c || cl == c)
}

/// Trims what a span made from whole words must not start or end with: whitespace (line
/// breaks included) on both sides, the clause punctuation `,;:` (and its full-width forms) at
/// the end, and quotation marks at either end whose partner is not inside the span. A single
/// quote right after a letter or digit (`the countries’`) is an apostrophe and stays. Returns
/// an empty span at the start when nothing is left.
pub fn trim_span(text: &Text, span: Span) -> Span {
    let Some(s) = text.slice(span) else {
        return span;
    };
    let chars: Vec<char> = s.chars().collect();
    let (mut a, mut b) = (0, chars.len());
    loop {
        let before = (a, b);
        while a < b && chars[a].is_whitespace() {
            a += 1;
        }
        while a < b && chars[b - 1].is_whitespace() {
            b -= 1;
        }
        if a < b && TRAILING.contains(&chars[b - 1]) {
            b -= 1;
        }
        if a < b && is_quote(chars[b - 1]) {
            let last = chars[b - 1];
            let apostrophe =
                matches!(last, '\'' | '’') && b >= a + 2 && chars[b - 2].is_alphanumeric();
            if !apostrophe && !closes(&chars[a..b - 1], last) {
                b -= 1;
            }
        }
        if a < b && is_quote(chars[a]) && !opens(chars[a], &chars[a + 1..b]) {
            a += 1;
        }
        if (a, b) == before {
            break;
        }
    }
    if a == b {
        return Span::new(span.start, span.start);
    }
    Span::new(span.start + a, span.start + b)
}

/// A drag from `raw.anchor` to `raw.head` as whole words ([`snap_to_words`]) trimmed
/// ([`trim_span`]), keeping its direction. An empty drag stays as it is.
pub fn word_selection(text: &Text, paras: &Paragraphs, raw: Selection) -> Selection {
    if raw.is_empty() {
        return raw;
    }
    let span = trim_span(text, snap_to_words(text, paras, raw.span()));
    if raw.head >= raw.anchor {
        Selection::new(span.start, span.end)
    } else {
        Selection::new(span.end, span.start)
    }
}

/// The first word (`forward`) or last word (back) that `accept`s, searching the paragraphs
/// from the one holding `pos` on.
fn find_word(
    text: &Text,
    paras: &Paragraphs,
    pos: usize,
    forward: bool,
    accept: impl Fn(Span) -> bool,
) -> Option<Span> {
    let here = paras.index_of(pos);
    let pick = |i: usize| {
        let segs = segments(text, paras.span(i));
        let mut words = segs.into_iter().filter(|&(s, w)| w && accept(s));
        if forward { words.next() } else { words.last() }.map(|(s, _)| s)
    };
    if forward {
        (here..paras.len()).find_map(pick)
    } else {
        (0..=here).rev().find_map(pick)
    }
}

/// Ctrl+Shift+Right (`forward`) / Ctrl+Shift+Left: moves the selection's head by a word.
///
/// Growing (the head moves away from the anchor) it goes to the end of the next word or the
/// start of the previous one, as in text editors. Shrinking it goes to the end of the word
/// before (or the start of the word after), never past the anchor — so the selection never
/// ends or starts with the space between words (`warned could` shrinks to `warned`, not
/// `warned `). An empty selection between words starts at the word it grows into.
pub fn word_extend(text: &Text, paras: &Paragraphs, sel: Selection, forward: bool) -> Selection {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let Selection { mut anchor, head } = sel;
    let head = match (forward, head.cmp(&anchor)) {
        // Growing to the right (or starting).
        (true, Greater | Equal) => {
            let Some(w) = find_word(text, paras, head, true, |s| s.end > head) else {
                return sel;
            };
            if sel.is_empty() && w.start > head {
                anchor = w.start;
            }
            w.end
        }
        // Growing to the left (or starting).
        (false, Less | Equal) => {
            let Some(w) = find_word(text, paras, head, false, |s| s.start < head) else {
                return sel;
            };
            if sel.is_empty() && w.end < head {
                anchor = w.end;
            }
            w.start
        }
        // Shrinking from the right: back to the end of the word before the head's, never
        // past the anchor.
        (false, Greater) => find_word(text, paras, head, false, |s| s.end < head)
            .map_or(anchor, |w| w.end)
            .max(anchor),
        // Shrinking from the left: on to the start of the word after the head's.
        (true, Less) => find_word(text, paras, head, true, |s| s.start > head)
            .map_or(anchor, |w| w.start)
            .min(anchor),
    };
    Selection::new(anchor, head)
}

/// The word a double click at `pos` selects: the word holding `pos`, or the word just before
/// it when `pos` is at a word's end (a click on the right half of its last letter). `None`
/// between words.
pub fn word_at(text: &Text, paras: &Paragraphs, pos: usize) -> Option<Span> {
    let segs = segments(text, paras.span(paras.index_of(pos)));
    segs.iter()
        .find(|(s, w)| *w && s.start <= pos && pos < s.end)
        .or_else(|| segs.iter().find(|(s, w)| *w && s.end == pos))
        .map(|&(s, _)| s)
}

/// The sentence a triple click at `pos` selects: the Unicode sentence of its paragraph that
/// holds `pos`, trimmed ([`trim_span`]; its closing full stop stays).
pub fn sentence_at(text: &Text, paras: &Paragraphs, pos: usize) -> Span {
    let para = paras.span(paras.index_of(pos));
    let Some(s) = text.slice(para) else {
        return Span::new(pos, pos);
    };
    let mut start = para.start;
    let mut found = para;
    for sentence in s.split_sentence_bounds() {
        let end = start + sentence.chars().count();
        found = Span::new(start, end);
        if pos < end {
            break;
        }
        start = end;
    }
    trim_span(text, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(s: &str) -> (Text, Paragraphs) {
        let t = Text::new(s);
        let p = Paragraphs::new(&t);
        (t, p)
    }

    /// The code point offset of the first `needle` in `hay`.
    fn at(hay: &str, needle: &str) -> usize {
        hay[..hay.find(needle).unwrap()].chars().count()
    }

    fn trimmed(s: &str) -> String {
        let t = Text::new(s);
        let span = trim_span(&t, Span::new(0, t.len_chars()));
        t.slice(span).unwrap().to_owned()
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
    fn trimming_drops_spaces_clause_marks_and_unmatched_quotes() {
        assert_eq!(trimmed("Our offer "), "Our offer");
        assert_eq!(trimmed("Anna Kowalczyk,"), "Anna Kowalczyk");
        assert_eq!(trimmed("  warned; "), "warned");
        assert_eq!(trimmed("We will not,\" "), "We will not");
        assert_eq!(trimmed("\"We will not,\""), "\"We will not,\"", "matched");
        assert_eq!(trimmed("“back down.”"), "“back down.”");
        assert_eq!(trimmed("back down.”"), "back down.");
        assert_eq!(trimmed("„Nie!“ "), "„Nie!“", "German pair");
        assert_eq!(trimmed("« Non » :"), "« Non »");
        assert_eq!(trimmed("the countries’"), "the countries’", "an apostrophe");
        assert_eq!(trimmed("said: ‘no"), "said: ‘no", "inner marks stay");
        assert_eq!(trimmed("‘no"), "no");
        assert_eq!(trimmed(", ;"), "");
        assert_eq!(
            trimmed("Kowalczyk.\r\n"),
            "Kowalczyk.",
            "CRLF and the full stop"
        );
    }

    #[test]
    fn trimming_counts_code_points_in_any_script() {
        // Emoji (astral), CJK with its full-width comma, combining marks, CRLF.
        let s = "😀 「東京都」、\r\nCafe\u{301}, 日本語，";
        let t = Text::new(s);
        let span = |a: &str, b: &str| Span::new(at(s, a), at(s, b));
        // "「東京都」、\r\n" → the matched CJK quote stays, the ideographic comma and CRLF go.
        let q = trim_span(&t, span("「", "Cafe"));
        assert_eq!(q, Span::new(2, 7));
        assert_eq!(t.slice(q), Some("「東京都」"));
        // "Cafe\u{301}, " → the combining acute stays with its letter.
        let c = trim_span(&t, Span::new(at(s, "Cafe"), at(s, "日本語")));
        assert_eq!(c, Span::new(10, 15));
        assert_eq!(t.slice(c), Some("Cafe\u{301}"));
        // "日本語，" → the full-width comma goes.
        let j = trim_span(&t, Span::new(at(s, "日本語"), t.len_chars()));
        assert_eq!((j, t.slice(j)), (Span::new(17, 20), Some("日本語")));
        // A span of only a line break and spaces is empty at its start.
        assert_eq!(
            trim_span(&t, Span::new(8, 10)),
            Span::new(8, 8),
            "the CRLF alone"
        );
    }

    #[test]
    fn drags_are_snapped_to_words_then_trimmed() {
        let s = "Our offer stands, said Anna Kowalczyk, 😀 today.";
        let (t, p) = paras(s);
        let sel = |a, h| word_selection(&t, &p, Selection::new(a, h));
        let text = |x: Selection| t.slice(x.span()).unwrap().to_owned();
        // Released in the gap after "offer": no trailing space.
        let gap = at(s, "offer") + 5;
        assert_eq!(text(sel(1, gap + 1)), "Our offer");
        // Released over the comma after the name.
        let comma = at(s, "Kowalczyk,") + 10;
        assert_eq!(text(sel(at(s, "nna"), comma)), "Anna Kowalczyk");
        // Backwards keeps its direction (the head at the start).
        let back = sel(comma, at(s, "nna"));
        assert_eq!((back.anchor, back.head), (comma - 1, at(s, "Anna")));
        // Across the emoji: code points, not bytes.
        let e = sel(at(s, "😀"), at(s, "today") + 2);
        assert_eq!(text(e), "😀 today");
        assert_eq!(e.span(), Span::new(39, 46));
    }

    #[test]
    fn word_keys_never_leave_a_space_at_either_end() {
        let s = "Iran warned could\r\nback 日本語 down";
        let (t, p) = paras(s);
        let ext = |a, h, fwd| {
            let x = word_extend(&t, &p, Selection::new(a, h), fwd);
            (x.anchor, x.head)
        };
        let (warned, could) = (at(s, "warned"), at(s, "could"));
        // "warned could" shrinks to "warned".
        assert_eq!(ext(warned, could + 5, false), (warned, warned + 6));
        // ... and not past the anchor.
        assert_eq!(ext(warned, warned + 6, false), (warned, warned));
        // Growing right from a caret in the space starts at the next word.
        assert_eq!(ext(4, 4, true), (warned, warned + 6));
        // Across the CRLF to the next paragraph's first word.
        assert_eq!(ext(warned, could + 5, true), (warned, at(s, "back") + 4));
        // Each CJK ideograph is a word of its own (UAX #29).
        let cjk = at(s, "日本語");
        assert_eq!(ext(at(s, "back"), at(s, "back") + 4, true).1, cjk + 1);
        // Growing left from a caret after a space ends at the word before.
        assert_eq!(ext(cjk, cjk, false), (at(s, "back") + 4, at(s, "back")));
        // A backward selection shrinks from the left to the next word's start.
        assert_eq!(ext(could + 5, warned, true), (could + 5, could));
        // Nothing further: the selection stays.
        let end = t.len_chars();
        assert_eq!(ext(end, end, true), (end, end));
    }

    #[test]
    fn double_click_picks_the_word_and_triple_the_sentence() {
        let s = "He said: \"We will not.\" Then he left, e\u{301}mu in tow.\r\n日本語です。次。";
        let (t, p) = paras(s);
        let word = |pos| word_at(&t, &p, pos).and_then(|w| t.slice(w).map(str::to_owned));
        assert_eq!(word(at(s, "said") + 1).as_deref(), Some("said"));
        assert_eq!(
            word(at(s, "said") + 4).as_deref(),
            Some("said"),
            "at its end"
        );
        assert_eq!(word(at(s, "e\u{301}mu") + 1).as_deref(), Some("e\u{301}mu"));
        assert_eq!(word(at(s, ": ") + 1), None, "between words");
        let sentence = |pos| t.slice(sentence_at(&t, &p, pos)).unwrap().to_owned();
        assert_eq!(sentence(at(s, "said")), "He said: \"We will not.\"");
        assert_eq!(sentence(at(s, "left")), "Then he left, e\u{301}mu in tow.");
        assert_eq!(sentence(at(s, "次")), "次。");
        assert_eq!(
            sentence_at(&t, &p, at(s, "日本")),
            Span::new(at(s, "日本"), at(s, "次"))
        );
    }
}
