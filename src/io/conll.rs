//! CoNLL-style IOB2 export of claims and their roles.
//!
//! One token per line: `TOKEN<TAB>START<TAB>END<TAB>STANCE<TAB>ROLE`, a blank line between
//! sentences (here: paragraphs of the article, i.e. text separated by an empty line — claims may
//! span single line breaks, and a labelled run never crosses a blank line unless the claim
//! itself crosses a paragraph), and `-DOCSTART-<TAB>ID<TAB>ANNOTATOR<TAB>O<TAB>O`
//! before each document. `STANCE` is `B-<stance>`/`I-<stance>`/`O` over claim spans; `ROLE` is
//! `B-SOURCE`, `I-CUE`, … over source, cue and target spans. A span of several fragments is
//! labelled fragment by fragment, each fragment a run of its own that starts with `B-`, the gap
//! between them `O`. Tokens are Unicode words
//! (`unicode-segmentation` word boundaries, whitespace skipped), so a token never splits a
//! grapheme.
//!
//! IOB2 has one label per token per column, so overlapping spans cannot all be written: claims
//! are taken in text order and a claim that overlaps one already taken is left out of the column
//! — and counted in a warning, never dropped silently (the same for role spans). A span whose
//! ends fall inside a token marks the whole token (counted in a warning too).
//!
//! **Offsets:** `START`/`END` are code points, half-open. **Line endings:** CR and LF separate
//! sentences and never appear in a token; a token holding a tab or other space is impossible
//! since whitespace is skipped.

use unicode_segmentation::UnicodeSegmentation;

use std::collections::{BTreeMap, HashMap};

use super::export::{check_chars, line_shares, per_share, ExportItem, OutFile};
use crate::model::{Quote, Span, Text};

/// A token: its code point span and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub span: Span,
    pub text: &'a str,
    /// True when the token starts a paragraph (an empty line, or the text start, precedes it).
    pub line_start: bool,
}

/// The word tokens of a text.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut line_start = true;
    for w in text.split_word_bounds() {
        let n = w.chars().count();
        if w.chars().all(char::is_whitespace) {
            if w.contains(['\n', '\r']) {
                line_start = true;
            }
        } else {
            out.push(Token {
                span: Span::new(pos, pos + n),
                text: w,
                line_start,
            });
            line_start = false;
        }
        pos += n;
    }
    out
}

/// The tag of one token in one column: outside, or the beginning or inside of a run of the
/// span whose label is `labels[i]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    O,
    B(usize),
    I(usize),
}

/// Labels one column: `spans` (label, quote) are taken in order, skipping any quote that
/// overlaps one already taken. Each fragment of a quote is its own run (`B-` then `I-`; the gap
/// between fragments is `O`). Returns the column (tags point into `spans`) and the number of
/// quotes skipped and of fragments not token-aligned.
fn column(tokens: &[Token], spans: &[(String, &Quote)]) -> (Vec<Tag>, usize, usize) {
    let mut col = vec![Tag::O; tokens.len()];
    // The spans taken so far, start → end. They never overlap one another, so a span overlaps
    // one of them exactly when it overlaps the last one starting before its end.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let overlaps_taken = |taken: &BTreeMap<usize, usize>, s: Span| {
        taken
            .range(..s.end)
            .next_back()
            .is_some_and(|(_, &end)| end > s.start)
    };
    let (mut skipped, mut unaligned) = (0, 0);
    let mut hits: Vec<std::ops::Range<usize>> = Vec::new();
    for (n, (_, q)) in spans.iter().enumerate() {
        if q.len_chars() == 0 {
            continue;
        }
        if q.spans().any(|s| overlaps_taken(&taken, s)) {
            skipped += 1;
            continue;
        }
        // The tokens a fragment overlaps are consecutive: from the first that ends after its
        // start to the last that starts before its end (a token is never empty).
        hits.clear();
        hits.extend(q.spans().map(|s| {
            let first = tokens.partition_point(|t| t.span.end <= s.start);
            let last = first + tokens[first..].partition_point(|t| t.span.start < s.end);
            first..last
        }));
        if hits
            .iter()
            .flat_map(|h| h.clone())
            .any(|i| col[i] != Tag::O)
        {
            skipped += 1; // two spans share a token without sharing a code point
            continue;
        }
        for (hit, s) in hits.iter().zip(q.spans()) {
            if !hit.is_empty()
                && (tokens[hit.start].span.start != s.start
                    || tokens[hit.end - 1].span.end != s.end)
            {
                unaligned += 1;
            }
            for (k, i) in hit.clone().enumerate() {
                // Two fragments ending and starting inside one word share it: one run.
                if col[i] == Tag::O {
                    col[i] = if k == 0 { Tag::B(n) } else { Tag::I(n) };
                }
            }
        }
        taken.extend(q.spans().map(|s| (s.start, s.end)));
    }
    (col, skipped, unaligned)
}

/// Appends a tag as written: `O`, `B-LABEL` or `I-LABEL`.
fn push_tag(out: &mut String, tag: Tag, spans: &[(String, &Quote)]) {
    match tag {
        Tag::O => out.push('O'),
        Tag::B(n) => {
            out.push_str("B-");
            out.push_str(&spans[n].0);
        }
        Tag::I(n) => {
            out.push_str("I-");
            out.push_str(&spans[n].0);
        }
    }
}

pub fn export(items: &[ExportItem]) -> (Vec<OutFile>, Vec<String>) {
    let parts = per_share(items, share);
    let mut out = String::with_capacity(parts.iter().map(|p| p.0.len()).sum());
    let mut warnings = Vec::new();
    for (text, w) in parts {
        out.push_str(&text);
        warnings.extend(w);
    }
    (vec![OutFile::new("", out)], warnings)
}

/// The lines of a share of the documents, and its warnings.
fn share(items: &[ExportItem]) -> (String, Vec<String>) {
    let capacity = items
        .iter()
        .map(|it| it.document.text.as_str().len() * 4)
        .sum();
    let mut out = String::with_capacity(capacity);
    let mut warnings = Vec::new();
    let mut num = itoa::Buffer::new();
    for it in items {
        let toks = tokens(it.document.text.as_str());
        let claims: Vec<(String, &Quote)> = it
            .set
            .frames()
            .iter()
            .map(|f| (f.stance.clone(), &f.claim))
            .collect();
        let mut roles: Vec<(String, &Quote)> = it
            .set
            .frames()
            .iter()
            .flat_map(|f| {
                f.quotes()
                    .skip(1)
                    .map(|(r, q)| (r.name().to_ascii_uppercase(), q))
            })
            .collect();
        roles.sort_by_key(|(_, q)| (q.extent().start, q.extent().end));
        roles.dedup_by(|a, b| a.0 == b.0 && a.1.same_spans(b.1));
        let (stance, skipped_c, unaligned_c) = column(&toks, &claims);
        let (role, skipped_r, unaligned_r) = column(&toks, &roles);
        let id = &it.document.id;
        if skipped_c > 0 {
            warnings.push(format!("{id}: {skipped_c} claim(s) overlap another claim and are not in the STANCE column (IOB2 cannot express overlap)"));
        }
        if skipped_r > 0 {
            warnings.push(format!("{id}: {skipped_r} source/cue/target span(s) overlap another and are not in the ROLE column"));
        }
        if unaligned_c + unaligned_r > 0 {
            warnings.push(format!(
                "{id}: {} span(s) start or end inside a word; the whole word is labelled",
                unaligned_c + unaligned_r
            ));
        }
        out.push_str("-DOCSTART-\t");
        out.push_str(id);
        out.push('\t');
        out.push_str(&it.set.annotator);
        out.push_str("\tO\tO\n");
        for (i, t) in toks.iter().enumerate() {
            if t.line_start {
                out.push('\n');
            }
            out.push_str(t.text);
            out.push('\t');
            out.push_str(num.format(t.span.start));
            out.push('\t');
            out.push_str(num.format(t.span.end));
            out.push('\t');
            push_tag(&mut out, stance[i], &claims);
            out.push('\t');
            push_tag(&mut out, role[i], &roles);
            out.push('\n');
        }
        out.push('\n');
    }
    (out, warnings)
}

/// A span without the whitespace at its ends (which no token holds), or `None` when it is all
/// whitespace or leaves the text.
fn without_spaces(text: &Text, s: Span) -> Option<Span> {
    let slice = text.slice(s)?;
    let trimmed = slice.trim_start_matches(char::is_whitespace);
    let lead = slice[..slice.len() - trimmed.len()].chars().count();
    let core = trimmed.trim_end_matches(char::is_whitespace);
    if core.is_empty() {
        return None;
    }
    let start = s.start + lead;
    Some(Span::new(start, start + core.chars().count()))
}

/// Re-reads the file and checks every token's `text[START:END]` (code points) against the
/// document; then that each B-/I- run in the STANCE column covers exactly a fragment of a
/// claim without the whitespace at its ends (no token holds it), or for a fragment whose ends
/// fall inside words, the whole words around it.
pub fn verify(written: &str, path: &str, items: &[ExportItem]) -> Result<usize, String> {
    let by_id: HashMap<&str, &ExportItem> = items
        .iter()
        .map(|it| (it.document.id.as_str(), it))
        .collect();
    let shares = line_shares(written, "-DOCSTART-");
    let last = shares.len() - 1;
    let numbered: Vec<(usize, (usize, &str))> = shares.into_iter().enumerate().collect();
    per_share(&numbered, |share| {
        share
            .iter()
            .map(|&(k, (before, piece))| {
                // A run open at the end of a piece is closed by the next piece's first line.
                let end = if k == last {
                    0
                } else {
                    before + piece.split('\n').count()
                };
                verify_piece(piece, before, end, path, &by_id)
            })
            .sum::<Result<usize, String>>()
    })
    .into_iter()
    .sum()
}

/// [`verify`] of the lines of `piece`, which has `before` lines of the file above it and
/// starts a document (or the file); `end` names the line that closes its last run.
fn verify_piece(
    piece: &str,
    before: usize,
    end: usize,
    path: &str,
    by_id: &HashMap<&str, &ExportItem>,
) -> Result<usize, String> {
    let mut checked = 0;
    let mut doc: Option<(&Text, Vec<Span>)> = None;
    let mut run: Option<Span> = None;
    let close = |run: &mut Option<Span>,
                 doc: &Option<(&Text, Vec<Span>)>,
                 n: usize|
     -> Result<(), String> {
        if let (Some(r), Some((text, claims))) = (run.take(), doc) {
            // Exactly a claim, or (for a claim whose ends fall inside words) the whole words
            // around it.
            if !claims.iter().any(|c| *c == r || r.contains_span(*c)) {
                return Err(format!(
                    "{path}:{n}: labelled run {r} ({:?}) matches no claim",
                    text.slice(r)
                ));
            }
        }
        Ok(())
    };
    for (i, line) in piece.split('\n').enumerate() {
        let n = before + i + 1;
        // The first six columns and how many there are (a token line has five).
        let mut cols = [""; 6];
        let mut count = 0;
        for c in line.split('\t') {
            if let Some(slot) = cols.get_mut(count) {
                *slot = c;
            }
            count += 1;
        }
        if cols[0] == "-DOCSTART-" {
            close(&mut run, &doc, n)?;
            let id = cols[1];
            let it = by_id
                .get(id)
                .ok_or(format!("{path}:{n}: unknown document {id:?}"))?;
            let text = &it.document.text;
            doc = Some((
                text,
                it.set
                    .frames()
                    .iter()
                    .flat_map(|f| f.claim.spans())
                    .filter_map(|s| without_spaces(text, s))
                    .collect(),
            ));
            continue;
        }
        if count != 5 {
            continue; // sentence breaks: a claim may continue past one
        }
        let (Some((text, _)), Ok(s), Ok(e)) =
            (&doc, cols[1].parse::<usize>(), cols[2].parse::<usize>())
        else {
            return Err(format!("{path}:{n}: bad token line"));
        };
        if text.slice(Span::new(s, e)) != Some(cols[0]) {
            check_chars(text, s, e, cols[0], &format!("{path}:{n}"))?;
        }
        checked += 1;
        let tag = cols[3];
        if tag.starts_with("I-") {
            run = run.map(|r| Span::new(r.start, e));
        } else {
            close(&mut run, &doc, n)?;
            if tag.starts_with("B-") {
                run = Some(Span::new(s, e));
            }
        }
    }
    close(&mut run, &doc, end)?;
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotationSet, Document, Frame, SchemaRef};

    /// A claim that starts with a space and ends with a line break: no token holds either, so
    /// its run is the words between, and the check accepts it.
    #[test]
    fn a_claim_with_whitespace_at_its_ends_is_checked_by_its_words() {
        let doc = Document::new("d", "He said 😀 it. We will win\n");
        // [13, 26) is " We will win\n": the space before "We" is code point 13 (the emoji is
        // one), the LF is 25.
        let claim = Quote::of_text(&doc.text, &[Span::new(13, 26)]).unwrap();
        assert_eq!(claim.first().text, " We will win\n");
        let mut set = AnnotationSet::new(
            "d",
            "a",
            SchemaRef {
                id: "news-stance".into(),
                version: "1".into(),
            },
        );
        set.set_frames(vec![Frame::new("f1", claim, "warning")]);
        let item = ExportItem {
            document: &doc,
            set: &set,
        };
        let (files, _) = export(&[item]);
        let out = &files[0].contents;
        assert!(out.contains("We\t14\t16\tB-warning\t"), "{out}");
        assert!(out.contains("win\t22\t25\tI-warning\t"), "{out}");
        // He, said, 😀, it, ., We, will, win.
        assert_eq!(verify(out, "d.conll", &[item]), Ok(8));
        assert_eq!(
            without_spaces(&doc.text, Span::new(13, 26)),
            Some(Span::new(14, 25))
        );
        assert_eq!(without_spaces(&doc.text, Span::new(25, 26)), None);
    }
}
