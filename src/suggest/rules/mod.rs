//! The rules: each reads one pattern of attribution around a cue (or a quote) and proposes a
//! candidate frame in token positions. Every candidate records its [`Rule`] and a short human
//! explanation. [`candidates`] runs them all over a prepared text in a fixed order.

use std::ops::Range;

use super::lexicon::CueKind;
use super::reading::{Ctx, Hit, How};
use super::tokens::Kind;
use super::words::*;
use super::Rule;

mod other;
mod quotes;
mod verbs;

use other::{according, headline, impersonal, noun_cue};
pub(crate) use quotes::{continuations, extend_quotes};
use verbs::verb_cue;

/// A proposed frame in token positions (see [`super::Suggestion`] for the finished form).
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub rule: Rule,
    pub why: String,
    /// Fragments in text order, each a non-empty token range.
    pub claim: Vec<Range<usize>>,
    pub cue: Option<Range<usize>>,
    pub source: Option<Range<usize>>,
    /// The source is the speaker of the candidate with this index (a quote that continues).
    pub source_of: Option<usize>,
    pub target: Option<Range<usize>>,
    pub stance: String,
    /// How an indirect claim hangs on its cue, when a verb rule read one.
    pub how: Option<How>,
}

impl Cand {
    pub fn extent(&self) -> Range<usize> {
        self.claim[0].start..self.claim[self.claim.len() - 1].end
    }
}

/// Per-sentence memory: the first subject found (for coordinated verbs and participles) and
/// the hits another rule has already read.
#[derive(Default)]
pub(super) struct Sentence {
    pub source: Option<Range<usize>>,
}

/// Every candidate of the text, in text order of discovery (not yet deduplicated).
pub(crate) fn candidates(ctx: &Ctx) -> Vec<Cand> {
    let p = ctx.p;
    let mut out: Vec<Cand> = Vec::new();
    let mut consumed = vec![false; ctx.hits.len()];
    let mut h = 0;
    for s in &p.sentences {
        let (lo, hi) = (s.toks.start, s.toks.end);
        let mut st = Sentence::default();
        while h < ctx.hits.len() && ctx.hits[h].c0 < lo {
            h += 1;
        }
        let mut k = h;
        while k < ctx.hits.len() && ctx.hits[k].c0 < hi {
            if !consumed[k] {
                let hit = ctx.hits[k];
                let made = match ctx.entry(&hit).kind {
                    CueKind::According => according(ctx, &hit, lo, hi),
                    CueKind::Impersonal => impersonal(ctx, &hit, hi),
                    CueKind::Noun => noun_cue(ctx, &hit, lo, hi),
                    CueKind::Verb => verb_cue(ctx, &hit, lo, hi, &mut st, &mut consumed),
                    CueKind::Adjunct => Vec::new(),
                };
                out.extend(made.into_iter().filter(|c| !c.claim.is_empty()));
            }
            k += 1;
        }
    }
    if let Some(c) = headline(ctx) {
        out.push(c);
    }
    out
}

pub(super) fn cue_text(ctx: &Ctx, r: &Range<usize>) -> String {
    ctx.p.slice(r.clone()).to_owned()
}

/// A claim of one fragment.
pub(super) fn part(r: Range<usize>) -> Vec<Range<usize>> {
    vec![r]
}

/// A candidate with the cue of `h`.
pub(super) fn cand(ctx: &Ctx, rule: Rule, why: String, h: &Hit, claim: Vec<Range<usize>>) -> Cand {
    let n = claim.len();
    let claim = claim
        .into_iter()
        .enumerate()
        .map(|(k, r)| {
            // a fragment that closes a paragraph inside a longer quotation keeps its period
            let para_end = r.end >= ctx.p.toks.len() || ctx.p.toks[r.end].kind == Kind::Break;
            ctx.trim_fragment(r, k + 1 < n && para_end)
        })
        .filter(|r| !r.is_empty())
        .collect();
    Cand {
        rule,
        why,
        claim,
        cue: Some(h.c0..h.c1),
        source: None,
        source_of: None,
        target: None,
        stance: ctx.entry(h).stance.clone(),
        how: None,
    }
}

/// The words of a quote and of the quotes it continues or is continued by (a quote over
/// several paragraphs), one range per paragraph.
pub(crate) fn quote_chain(ctx: &Ctx, q: usize) -> Vec<Range<usize>> {
    let p = ctx.p;
    let mut first = q;
    let mut guard = 0;
    while let Some(prev) = p.quotes[first].prev {
        first = prev;
        guard += 1;
        if guard > 1000 {
            break;
        }
    }
    let mut out = Vec::new();
    let mut cur = Some(first);
    while let Some(c) = cur {
        out.push(p.quote_inner(c));
        cur = p.quotes[c].next;
        if out.len() > 1000 {
            break;
        }
    }
    out
}

/// The last quote of a chain (where the words after the quote continue).
pub(super) fn chain_end(ctx: &Ctx, q: usize) -> usize {
    let mut c = q;
    let mut guard = 0;
    while let Some(n) = ctx.p.quotes[c].next {
        c = n;
        guard += 1;
        if guard > 1000 {
            break;
        }
    }
    c
}

/// A second quote after the attribution: `"Q1," he said, "Q2."` (also past a relative clause
/// on the source: `"Q1," said Chen, who …, "Q2."`) → the quote, if any.
pub(super) fn reopened_quote(ctx: &Ctx, after: usize, hi: usize) -> Option<usize> {
    let p = ctx.p;
    let i = ctx.skip_adjuncts(after, hi);
    if p.is_punct(i, ',') && is_class(p, i + 1, class::RELATIVES) {
        let stop = (i + 30).min(hi);
        let k = (i + 2..stop).find(|&k| {
            p.is_punct(k, ',')
                || p.toks[k].kind != Kind::Word
                    && !p.is_punct(k, '(')
                    && !p.is_punct(k, ')')
                    && !p.is_punct(k, '-')
        })?;
        return p
            .is_punct(k, ',')
            .then(|| p.quote_opened_at(k + 1))
            .flatten();
    }
    if p.is_punct(i, ',') || p.is_punct(i, ':') {
        return p.quote_opened_at(i + 1);
    }
    None
}
