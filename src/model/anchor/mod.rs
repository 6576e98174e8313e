//! Re-anchoring quotes after the text they point into has changed.
//!
//! News articles get corrected after publication; when a document is re-imported with edits, a
//! stored span may no longer cover its quote. [`reanchor`] finds the quote again, in the manner
//! of the Hypothesis client's quote matching:
//!
//! 1. the old position still holds the quote → [`Anchoring::Unchanged`];
//! 2. exact occurrences of the quote elsewhere → the best by context and closeness to the old
//!    position ([`Anchoring::Moved`] with `errors == 0`);
//! 3. approximate occurrences (Sellers' edit-distance search, at most
//!    [`max_errors`]`(len)` edits) scored by quote similarity (weight 50), prefix (20) and
//!    suffix (20) context similarity and closeness to the old position (2) → `Moved` when the
//!    score clears [`ACCEPT_SCORE`];
//! 4. otherwise [`Anchoring::Orphaned`]: the caller keeps the quote, never drops it.
//!
//! A span of several fragments is re-anchored fragment by fragment, each with its own context;
//! the frame moves only when every fragment is found and the fragments are still in text order
//! without overlapping (see [`reanchor_set`]).
//!
//! All positions are code points (see [`crate::model::span`]). Context is
//! [`CONTEXT_CHARS`] code points on each side of the quote in the old text. The search algorithms
//! are in [`search`]; this module holds the policy: what is tried in which order and how
//! candidates are scored.

pub mod search;

use super::{
    AnchorState, AnnotationSet, Fragment, Frame, Op, Quote, Span, SpanRole, Text, Transaction,
};
use search::{approximate_ends, best_start, find_all};

/// Code points of context stored on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// Minimum normalised score (0–1) for an approximate match to be accepted.
pub const ACCEPT_SCORE: f64 = 0.7;

/// How many approximate match candidates are scored with their context, at most.
const MAX_CANDIDATES: usize = 64;

/// Where a quote lies in a changed text.
#[derive(Debug, Clone, PartialEq)]
pub enum Anchoring {
    Unchanged,
    /// Found at `span` with `errors` character edits (0 for an exact match elsewhere).
    Moved {
        span: Span,
        errors: usize,
    },
    Orphaned,
}

/// The context of `span` in `text`: up to [`CONTEXT_CHARS`] code points before and after.
pub fn context_of(text: &Text, span: Span) -> (String, String) {
    let (before, after) = context_str(text, span);
    (before.to_owned(), after.to_owned())
}

/// [`context_of`] borrowed from the text (no allocation, for writers).
pub fn context_str(text: &Text, span: Span) -> (&str, &str) {
    let n = text.len_chars();
    let before = Span::new(
        span.start.saturating_sub(CONTEXT_CHARS).min(n),
        span.start.min(n),
    );
    let after = Span::new(
        span.end.min(n),
        span.end.saturating_add(CONTEXT_CHARS).min(n),
    );
    (
        text.slice(before).unwrap_or_default(),
        text.slice(after).unwrap_or_default(),
    )
}

/// The most edits an approximate match of a quote of `len` code points may need: a quarter of
/// its length, at most 256; quotes shorter than 8 code points must match exactly.
pub fn max_errors(len: usize) -> usize {
    if len < 8 {
        0
    } else {
        (len / 4).min(256)
    }
}

/// Finds one fragment of a quote (with its old `prefix`/`suffix` context) in `text`.
pub fn reanchor(quote: &Fragment, prefix: &str, suffix: &str, text: &Text) -> Anchoring {
    Haystack::new(text).reanchor(quote, prefix, suffix)
}

/// A text to search in, with its code points collected once (on first need) for every quote
/// searched in it.
pub struct Haystack<'a> {
    text: &'a Text,
    chars: std::cell::OnceCell<Vec<char>>,
}

impl<'a> Haystack<'a> {
    pub fn new(text: &'a Text) -> Self {
        Haystack {
            text,
            chars: std::cell::OnceCell::new(),
        }
    }

    fn chars(&self) -> &[char] {
        self.chars
            .get_or_init(|| self.text.as_str().chars().collect())
    }

    /// [`reanchor`] in this text.
    pub fn reanchor(&self, quote: &Fragment, prefix: &str, suffix: &str) -> Anchoring {
        let text = self.text;
        if text.slice(quote.span) == Some(quote.text.as_str()) {
            return Anchoring::Unchanged;
        }
        if quote.text.is_empty() {
            return Anchoring::Orphaned;
        }
        let exact = find_all(text, &quote.text);
        let pattern: Vec<char> = quote.text.chars().collect();
        let scorer = Scorer {
            text,
            pattern: pattern.len(),
            prefix,
            suffix,
            prefix_len: prefix.chars().count(),
            suffix_len: suffix.chars().count(),
            hint: quote.span.start,
        };

        // Exact occurrences: best by context, then closeness.
        if let Some(best) = exact
            .iter()
            .map(|&s| (scorer.score(Span::new(s, s + pattern.len()), 0), s))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        {
            return Anchoring::Moved {
                span: Span::new(best.1, best.1 + pattern.len()),
                errors: 0,
            };
        }

        let k = max_errors(pattern.len());
        if k == 0 {
            return Anchoring::Orphaned;
        }
        // A text that repeats the quote's neighbourhood can yield thousands of candidate ends;
        // the few with the fewest edits (then nearest the old place) are the only ones that can
        // win.
        let chars = self.chars();
        let mut ends = approximate_ends(chars, &pattern, k);
        if ends.len() > MAX_CANDIDATES {
            ends.sort_by_key(|&(end, errors)| (errors, end.abs_diff(quote.span.end)));
            ends.truncate(MAX_CANDIDATES);
        }
        let mut best: Option<(f64, Span, usize)> = None;
        for (end, errors) in ends {
            let (span, errors) = best_start(chars, &pattern, end, errors);
            let score = scorer.score(span, errors);
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, span, errors));
            }
        }
        match best {
            Some((score, span, errors)) if score >= ACCEPT_SCORE => {
                Anchoring::Moved { span, errors }
            }
            _ => Anchoring::Orphaned,
        }
    }
}

struct Scorer<'a> {
    text: &'a Text,
    /// The quote's length in code points.
    pattern: usize,
    prefix: &'a str,
    suffix: &'a str,
    /// Lengths of `prefix` and `suffix` in code points.
    prefix_len: usize,
    suffix_len: usize,
    hint: usize,
}

impl Scorer<'_> {
    /// Normalised score in 0–1 of a candidate `span` needing `errors` edits.
    fn score(&self, span: Span, errors: usize) -> f64 {
        let n = self.text.len_chars();
        let quote = 1.0 - errors as f64 / self.pattern.max(1) as f64;
        let before = Span::new(span.start.saturating_sub(self.prefix_len), span.start);
        let after = Span::new(span.end, (span.end + self.suffix_len).min(n));
        let slice = |s: Span| self.text.slice(s).unwrap_or_default();
        // 1 − normalised edit distance on code points; two empty contexts are identical.
        let prefix = strsim::normalized_levenshtein(self.prefix, slice(before));
        let suffix = strsim::normalized_levenshtein(self.suffix, slice(after));
        let distance = span.start.abs_diff(self.hint) as f64;
        let position = 1.0 - (distance / n.max(1) as f64).min(1.0);
        (50.0 * quote + 20.0 * prefix + 20.0 * suffix + 2.0 * position) / 92.0
    }
}

/// One fragment of a span that was found at a new place.
#[derive(Debug, Clone, PartialEq)]
pub struct MovedSpan {
    pub frame: String,
    pub role: SpanRole,
    /// Which fragment of the role's span (0 for a span of one fragment).
    pub fragment: usize,
    pub from: Span,
    pub to: Span,
    pub errors: usize,
}

/// One frame with a span that could not be found; its quotes are kept as they were.
#[derive(Debug, Clone, PartialEq)]
pub struct OrphanedSpan {
    pub frame: String,
    pub role: SpanRole,
    pub quote: Quote,
}

/// What [`reanchor_set`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReanchorReport {
    pub moved: Vec<MovedSpan>,
    pub orphaned: Vec<OrphanedSpan>,
}

/// Re-anchors every frame of `set` whose quotes no longer match `text`, as one transaction.
///
/// A frame whose spans are all found gets the new spans (quotes taken from `text`) and
/// [`AnchorState::Moved`]; a frame with any span not found keeps all its old spans and quotes
/// and becomes [`AnchorState::Orphaned`] — never dropped. Frames that match are untouched.
///
/// Pending suggestions whose spans no longer match are dropped in the same transaction.
///
/// Frames whose id is not unique are left as they are: an edit cannot address them (the
/// transaction would not apply), and [`crate::model::validate`] reports the duplicate id.
pub fn reanchor_set(set: &AnnotationSet, text: &Text) -> (Transaction, ReanchorReport) {
    let mut tx = Transaction::new("re-anchor frames to the corrected text");
    let mut report = ReanchorReport::default();
    let haystack = Haystack::new(text);
    let mut id_count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for frame in set.frames() {
        *id_count.entry(frame.id.as_str()).or_default() += 1;
    }
    for frame in set.frames() {
        if id_count.get(frame.id.as_str()) != Some(&1) {
            continue;
        }
        let mismatched = frame.quotes().any(|(_, q)| {
            q.fragments()
                .iter()
                .any(|f| text.slice(f.span) != Some(f.text.as_str()))
        });
        if !mismatched && frame.anchor != AnchorState::Orphaned {
            continue;
        }
        let mut moved = Vec::new();
        let mut orphaned = Vec::new();
        let mut new = frame.clone();
        for_each_quote_mut(&mut new, |role, q| {
            let mut lost = false;
            for (i, f) in q.fragments_mut().iter_mut().enumerate() {
                let (prefix, suffix) = f
                    .context
                    .as_deref()
                    .map(|c| (c.prefix.as_str(), c.suffix.as_str()))
                    .unwrap_or(("", ""));
                match haystack.reanchor(f, prefix, suffix) {
                    Anchoring::Unchanged => {}
                    Anchoring::Moved { span, errors } => {
                        moved.push(MovedSpan {
                            frame: frame.id.clone(),
                            role,
                            fragment: i,
                            from: f.span,
                            to: span,
                            errors,
                        });
                        f.text = text.slice(span).unwrap_or_default().to_owned();
                        f.span = span;
                    }
                    Anchoring::Orphaned => lost = true,
                }
            }
            // Fragments found out of order or on top of each other are no longer the span
            // that was annotated: the frame is kept as it was, for review.
            if lost || q.shape_problem().is_some() {
                orphaned.push(OrphanedSpan {
                    frame: frame.id.clone(),
                    role,
                    quote: q.clone(),
                });
            }
        });
        let new = if orphaned.is_empty() {
            new.anchor = AnchorState::Moved;
            report.moved.extend(moved);
            new
        } else {
            let mut kept = frame.clone();
            kept.anchor = AnchorState::Orphaned;
            // The old quotes, not the half-moved ones.
            for o in &mut orphaned {
                if let Some((_, q)) = frame.quotes().find(|(r, _)| *r == o.role) {
                    o.quote = q.clone();
                }
            }
            report.orphaned.extend(orphaned);
            kept
        };
        if &new != frame {
            tx.push(Op::UpdateFrame {
                old: frame.clone(),
                new,
            });
        }
    }
    // Pending suggestions that no longer match are dropped: the next run of the finder reads
    // the corrected text afresh. (Rejections are records of a decision and stay as they are.)
    let matches = |q: &Quote| {
        q.fragments()
            .iter()
            .all(|f| text.slice(f.span) == Some(f.text.as_str()))
    };
    let pending = set.suggestions();
    let still: Vec<_> = pending
        .iter()
        .filter(|s| {
            let party = |p: &Option<crate::model::SuggestedParty>| {
                p.as_ref().and_then(|p| p.span.as_ref()).is_none_or(matches)
            };
            matches(&s.claim)
                && s.cue.as_ref().is_none_or(matches)
                && party(&s.source)
                && party(&s.target)
        })
        .cloned()
        .collect();
    if still.len() != pending.len() {
        tx.push(Op::SetSuggestions {
            old: pending.to_vec(),
            new: still,
        });
    }
    (tx, report)
}

fn for_each_quote_mut(frame: &mut Frame, mut f: impl FnMut(SpanRole, &mut Quote)) {
    f(SpanRole::Claim, &mut frame.claim);
    if let Some(q) = frame.source.as_mut().and_then(|p| p.span.as_mut()) {
        f(SpanRole::Source, q);
    }
    if let Some(q) = frame.cue.as_mut() {
        f(SpanRole::Cue, q);
    }
    if let Some(q) = frame.target.as_mut().and_then(|p| p.span.as_mut()) {
        f(SpanRole::Target, q);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote_in(text: &str, needle: &str) -> (Fragment, String, String) {
        let t = Text::new(text);
        let byte = text.find(needle).unwrap();
        let start = t.char_of_byte(byte).unwrap();
        let span = Span::new(start, start + needle.chars().count());
        let (p, s) = context_of(&t, span);
        (Fragment::new(span, needle), p, s)
    }

    /// Found by fuzzing: a long quote in a text that repeats near-matches of it made every
    /// candidate cost O(k · m²); now each costs one pass and only the best few are scored.
    #[test]
    fn a_text_of_repeated_near_matches_is_searched_in_bounded_work() {
        let unit = "Israel, currently dominating the airspace over Iran, is in a position ";
        let text = Text::new(unit.repeat(60).replace("position", "posit?on"));
        let quote = Fragment::new(Span::new(5, 5 + unit.chars().count()), unit);
        match reanchor(&quote, "", "", &text) {
            Anchoring::Moved { errors, .. } => assert_eq!(errors, 1),
            other => panic!("expected a fuzzy match, got {other:?}"),
        }
    }

    const OLD: &str = "Meanwhile, President Trump, attending the G7 summit in Canada, warned, \
                       \"Iran is not winning this war\" and that it must engage in dialogue.";

    #[test]
    fn unchanged_text_keeps_the_span() {
        let (q, p, s) = quote_in(OLD, "Iran is not winning this war");
        assert_eq!(reanchor(&q, &p, &s, &Text::new(OLD)), Anchoring::Unchanged);
    }

    #[test]
    fn moved_exact_after_an_insertion() {
        let (q, p, s) = quote_in(OLD, "Iran is not winning this war");
        let new = OLD.replace("Meanwhile,", "Meanwhile, on Monday 😀,");
        let t = Text::new(new.as_str());
        let Anchoring::Moved { span, errors } = reanchor(&q, &p, &s, &t) else {
            panic!("not found")
        };
        assert_eq!(errors, 0);
        assert_eq!(t.slice(span), Some("Iran is not winning this war"));
        assert_eq!(
            span.start,
            q.span.start + 13,
            "' on Monday 😀,' is 13 code points"
        );
    }

    #[test]
    fn exact_match_prefers_matching_context() {
        let text = "Iran said no. Later, Trump warned Iran said no. End.";
        // The quote was the second "Iran said no", now shifted by an edit at the start.
        let q = Fragment::new(Span::new(34, 46), "Iran said no");
        let (p, s) = ("Later, Trump warned ".to_owned(), ". End.".to_owned());
        let new = Text::new(format!("Earlier: {text}"));
        let Anchoring::Moved { span, .. } = reanchor(&q, &p, &s, &new) else {
            panic!()
        };
        assert_eq!(span.start, 34 + 9);
    }

    #[test]
    fn moved_fuzzy_after_a_correction() {
        let (q, p, s) = quote_in(OLD, "Iran is not winning this war");
        let new = OLD.replace(
            "Iran is not winning this war",
            "Iran is not winning the war",
        );
        let t = Text::new(new.as_str());
        let Anchoring::Moved { span, errors } = reanchor(&q, &p, &s, &t) else {
            panic!("fuzzy match not found")
        };
        assert_eq!(t.slice(span), Some("Iran is not winning the war"));
        assert_eq!(errors, 2, "this → the: one substitution, one deletion");
    }

    #[test]
    fn orphaned_when_the_passage_is_gone() {
        let (q, p, s) = quote_in(OLD, "Iran is not winning this war");
        let new = "Meanwhile, President Trump attended the G7 summit in Canada. 日本語 text.";
        assert_eq!(reanchor(&q, &p, &s, &Text::new(new)), Anchoring::Orphaned);
    }

    #[test]
    fn short_quotes_need_exact_matches() {
        let (q, p, s) = quote_in(OLD, "Trump");
        let new = OLD.replace("Trump", "Tromp");
        assert_eq!(
            reanchor(&q, &p, &s, &Text::new(new.as_str())),
            Anchoring::Orphaned
        );
    }

    #[test]
    fn context_is_clamped_to_the_text() {
        let t = Text::new("ab😀cd");
        assert_eq!(context_of(&t, Span::new(2, 3)), ("ab".into(), "cd".into()));
    }

    #[test]
    fn reanchor_set_moves_and_orphans_but_never_drops() {
        use crate::model::{Document, Schema};
        let old = Document::new("d", OLD);
        let schema = Schema::default_news();
        let mut set = AnnotationSet::new("d", "a", schema.reference());
        let quote = |needle: &str| {
            let (mut q, p, s) = quote_in(OLD, needle);
            q.context = Some(Box::new(crate::model::QuoteContext {
                prefix: p,
                suffix: s,
            }));
            Quote::from(q)
        };
        let mut warning = Frame::new("f1", quote("Iran is not winning this war"), "warning");
        warning.cue = Some(quote("warned"));
        let dialogue = Frame::new("f2", quote("it must engage in dialogue"), "demand");
        set.set_frames(vec![warning, dialogue]);
        assert!(crate::model::validate(&set, &old, &schema).is_empty());

        let corrected = OLD
            .replace("Meanwhile,", "Meanwhile, on Monday,")
            .replace(" and that it must engage in dialogue", "");
        let doc = Document::new("d", corrected);
        let (tx, report) = reanchor_set(&set, &doc.text);
        tx.apply(&mut set).unwrap();
        assert_eq!(report.moved.len(), 2, "claim and cue of f1: {report:?}");
        assert_eq!(report.orphaned.len(), 1);
        assert_eq!(set.frame("f1").unwrap().anchor, AnchorState::Moved);
        let f2 = set.frame("f2").unwrap();
        assert_eq!(f2.anchor, AnchorState::Orphaned);
        assert_eq!(
            f2.claim.first().text,
            "it must engage in dialogue",
            "quote kept"
        );
        assert!(crate::model::validate(&set, &doc, &schema).is_empty());
        // Undoable like any edit.
        tx.invert().apply(&mut set).unwrap();
        assert_eq!(set.frame("f2").unwrap().anchor, AnchorState::Exact);
    }

    /// A split quote in `text`, each fragment with its context, as the native loader reads it.
    fn split_quote(text: &str, parts: &[&str]) -> Quote {
        let fragments = parts.iter().map(|p| {
            let (mut f, prefix, suffix) = quote_in(text, p);
            f.context = Some(Box::new(crate::model::QuoteContext { prefix, suffix }));
            f
        });
        Quote::from_fragments(fragments).unwrap()
    }

    const SPLIT: &str =
        "\"We will not,\" he said on Monday 😀, \"back down from 伊朗.\" Then he left.";

    fn split_set() -> AnnotationSet {
        let schema = crate::model::Schema::default_news();
        let mut set = AnnotationSet::new("d", "a", schema.reference());
        let claim = split_quote(SPLIT, &["We will not,", "back down from 伊朗."]);
        set.set_frames(vec![Frame::new("f1", claim, "threat")]);
        set
    }

    #[test]
    fn each_fragment_is_found_again() {
        let mut set = split_set();
        let new = SPLIT
            .replace("\"We", "Ayatollah: \"We")
            .replace("on Monday 😀", "on Tuesday");
        let t = Text::new(new.as_str());
        let (tx, report) = reanchor_set(&set, &t);
        tx.apply(&mut set).unwrap();
        let moved: Vec<(usize, Span, Span)> = report
            .moved
            .iter()
            .map(|m| (m.fragment, m.from, m.to))
            .collect();
        // "Ayatollah: " adds 11 code points; "Tuesday" replaces "Monday 😀" (8 → 7).
        assert_eq!(
            moved,
            vec![
                (0, Span::new(1, 13), Span::new(12, 24)),
                (1, Span::new(37, 55), Span::new(47, 65))
            ]
        );
        let f = &set.frames()[0];
        assert_eq!(f.anchor, AnchorState::Moved);
        let texts: Vec<&str> = f
            .claim
            .fragments()
            .iter()
            .map(|x| x.text.as_str())
            .collect();
        assert_eq!(texts, ["We will not,", "back down from 伊朗."]);
        assert_eq!(
            t.slice(f.claim.fragments()[1].span),
            Some("back down from 伊朗.")
        );
    }

    #[test]
    fn a_lost_fragment_orphans_the_frame_with_its_old_quote() {
        let set = split_set();
        let new = SPLIT.replace("\"back down from 伊朗.\" ", "");
        let (tx, report) = reanchor_set(&set, &Text::new(new));
        assert_eq!(report.orphaned.len(), 1);
        assert_eq!(
            report.orphaned[0].quote,
            set.frames()[0].claim,
            "the old quote"
        );
        let mut after = set.clone();
        tx.apply(&mut after).unwrap();
        assert_eq!(after.frames()[0].anchor, AnchorState::Orphaned);
        assert_eq!(after.frames()[0].claim, set.frames()[0].claim);
    }

    #[test]
    fn fragments_found_out_of_order_orphan_the_frame() {
        let set = split_set();
        let new = "\"back down from 伊朗.\" Then he left, saying \"We will not,\" on Monday.";
        let (tx, report) = reanchor_set(&set, &Text::new(new));
        assert!(report.moved.is_empty(), "{report:?}");
        assert_eq!(report.orphaned.len(), 1);
        let mut after = set.clone();
        tx.apply(&mut after).unwrap();
        assert_eq!(after.frames()[0].anchor, AnchorState::Orphaned);
        assert_eq!(after.frames()[0].claim, set.frames()[0].claim);
    }
}
