//! Quotations that go on after their attributed sentence: later sentences and paragraphs that
//! are only a quote.

use super::*;
use crate::suggest::reading::Ctx;
use crate::suggest::refine::{claim_text, content_act};
use crate::suggest::tokens::Kind;
use crate::suggest::Rule;

/// Quotes that stand alone as a paragraph (or a sentence) and that no rule attributed continue
/// the speaker of the candidate before them (within three paragraphs).
pub(crate) fn continuations(ctx: &Ctx, cands: &[Cand]) -> Vec<Cand> {
    let p = ctx.p;
    let mut used = vec![false; p.toks.len()];
    for c in cands {
        for r in &c.claim {
            for t in r.clone() {
                used[t] = true;
            }
        }
    }
    let mut out = Vec::new();
    for (q, quote) in p.quotes.iter().enumerate() {
        if quote.prev.is_some() {
            continue; // part of a chain that starts earlier
        }
        let chain = quote_chain(ctx, q);
        if chain.iter().any(|r| r.clone().any(|t| used[t])) {
            continue;
        }
        let last = chain_end(ctx, q);
        let para = p.paras[quote.para].clone();
        let Some(sent) = p.sentence_of(quote.open) else {
            continue;
        };
        let opens_unit = quote.open == sent.toks.start;
        let end = p.quotes[last]
            .close
            .map_or(p.paras[p.quotes[last].para].end, |c| c + 1);
        let last_sent_end = p
            .sentence_of(end.saturating_sub(1))
            .map_or(end, |s| s.toks.end);
        let closes_unit = (end..last_sent_end).all(|t| p.toks[t].kind == Kind::Punct);
        if !opens_unit || !closes_unit {
            continue;
        }
        let _ = para;
        let start = p.toks[quote.open].start;
        // `cands` is sorted by claim start: the speaker is among the last few before the quote
        let before = cands.partition_point(|c| c.extent().start < quote.open);
        let prev = (before.saturating_sub(64)..before)
            .map(|k| (k, &cands[k]))
            .filter(|(_, c)| {
                (c.source.is_some() || c.source_of.is_some())
                    && p.toks[c.extent().end - 1].end <= start
                    && p.sentence_of(c.extent().start)
                        .is_some_and(|s| s.para + 3 >= quote.para)
            })
            .max_by_key(|(k, c)| (c.extent().end, *k));
        let Some((k, prev)) = prev else {
            continue;
        };
        let who = match &prev.source {
            Some(s) => p.slice(s.clone()).to_owned(),
            None => "the previous speaker".to_owned(),
        };
        let claim: Vec<_> = chain
            .into_iter()
            .map(|r| ctx.trim_claim(r))
            .filter(|r| !r.is_empty())
            .collect();
        if claim.is_empty() {
            continue;
        }
        out.push(Cand {
            rule: Rule::QuoteContinuation,
            why: format!("a quote standing alone continues '{who}'"),
            claim,
            cue: None,
            source: None,
            source_of: Some(prev.source_of.unwrap_or(k)),
            target: None,
            stance: "report".to_owned(),
            how: None,
        });
    }
    out
}

/// A quotation that goes on after the sentence of its cue (`"A," she said. "B."`) belongs to
/// the same frame: each following sentence of the paragraph that is only a quote becomes one
/// more fragment of the claim — unless its words make another act than the first part's (a
/// demand after an assessment), then it is a frame of its own with the same source and cue.
pub(crate) fn extend_quotes(ctx: &Ctx, cands: &mut Vec<Cand>) {
    let p = ctx.p;
    let quoted = [
        Rule::QuoteSourceCue,
        Rule::QuoteCueSource,
        Rule::SplitQuote,
        Rule::SourceCueQuote,
    ];
    let mut extra = Vec::new();
    for c in cands.iter_mut().filter(|c| quoted.contains(&c.rule)) {
        let Some(last) = c.claim.last().cloned() else {
            continue;
        };
        let mut s = p
            .sentences
            .partition_point(|x| x.toks.end <= last.end.saturating_sub(1));
        let para = p.sentences.get(s).map(|x| x.para);
        let head_act = content_act(&claim_text(ctx, c));
        let mut separate: Option<Cand> = None;
        loop {
            s += 1;
            let Some(next) = p.sentences.get(s) else {
                break;
            };
            if Some(next.para) != para {
                break;
            }
            let Some(q) = bare_quote(ctx, next.toks.clone()) else {
                break;
            };
            let words: Vec<_> = quote_chain(ctx, q)
                .into_iter()
                .map(|r| ctx.trim_claim(r))
                .filter(|r| !r.is_empty())
                .collect();
            if words.is_empty() {
                break;
            }
            let text: Vec<&str> = words.iter().map(|r| p.slice(r.clone())).collect();
            let act = content_act(&text.join(" "));
            match (&mut separate, act) {
                (Some(sep), _) => sep.claim.extend(words),
                (None, Some(a)) if Some(a) != head_act && a != "assessment" => {
                    let mut sep = c.clone();
                    sep.claim = words;
                    sep.rule = Rule::QuoteContinuation;
                    sep.why =
                        format!("the quotation goes on as another act ({a}), same speaker and cue");
                    separate = Some(sep);
                }
                (None, _) => c.claim.extend(words),
            }
        }
        extra.extend(separate);
    }
    cands.extend(extra);
}

/// The quote that makes up the whole of a sentence (its marks open the sentence and close it,
/// punctuation aside), with no cue outside it.
fn bare_quote(ctx: &Ctx, r: std::ops::Range<usize>) -> Option<usize> {
    let p = ctx.p;
    let q = p.quote_opened_at(r.start)?;
    let close = p.quotes[q].close?;
    (close + 1..r.end)
        .all(|t| p.toks[t].kind == Kind::Punct)
        .then_some(q)
}
