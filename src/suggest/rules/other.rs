//! Cues that are not verbs: "according to", impersonal cues, noun cues, and the headline.

use super::*;
use crate::suggest::lexicon::Takes;
use crate::suggest::reading::{Ctx, Hit};
use crate::suggest::tokens::Kind;
use crate::suggest::Rule;

/// "According to X, CLAUSE", "CLAUSE, according to X", "A, according to X, B".
pub(super) fn according(ctx: &Ctx, h: &Hit, lo: usize, hi: usize) -> Vec<Cand> {
    let p = ctx.p;
    let word = cue_text(ctx, &(h.c0..h.c1));
    let stop = hi.min(h.c1 + 16);
    let mut src_end = h.c1;
    while src_end < stop
        && !p.is_punct(src_end, ',')
        && !matches!(p.toks[src_end].kind, Kind::Punct if matches!(p.s(src_end), "." | ";" | "!" | "?"))
    {
        src_end += 1;
    }
    let Some(src) = ctx.trim_np(h.c1..src_end) else {
        return Vec::new();
    };
    let lead_ok = (lo..h.c0).all(|t| {
        p.is_punct(t, ',')
            || is_class(p, t, class::CONNECTIVES)
            || p.toks[t].kind == Kind::Quote(crate::suggest::tokens::Mark::DoubleOpen)
    });
    let claim = if lead_ok && p.is_punct(src_end, ',') {
        // the account runs to the end of the sentence, whatever it reports
        let from = src_end + 1;
        part(from..hi)
    } else if h.c0 > lo && p.is_punct(h.c0 - 1, ',') {
        let before = lo..h.c0 - 1;
        if p.is_punct(src_end, ',') && !ctx.rest_is_tail(src_end, hi) {
            let from = src_end + 1;
            vec![before, from..ctx.clause_end(from, hi)]
        } else {
            vec![before]
        }
    } else {
        return Vec::new();
    };
    let why = format!("'{word}' names the source of the clause");
    let mut c = cand(ctx, Rule::AccordingTo, why, h, claim);
    c.source = Some(src);
    vec![c]
}

/// "it appears that …": a cue without a source.
pub(super) fn impersonal(ctx: &Ctx, h: &Hit, hi: usize) -> Vec<Cand> {
    let p = ctx.p;
    let i = ctx.skip_adjuncts(h.c1, hi);
    let from = if p.is(i, "that") {
        i + 1
    } else if p.is_punct(i, ',') && p.is(i + 1, "that") {
        i + 2
    } else {
        return Vec::new();
    };
    let end = ctx.clause_end(from, hi);
    if end <= from {
        return Vec::new();
    }
    let why = format!(
        "impersonal cue '{}' (no source)",
        cue_text(ctx, &(h.c0..h.c1))
    );
    vec![cand(ctx, Rule::Impersonal, why, h, part(from..end))]
}

/// "the ministry's denial that …", "his warning of …".
pub(super) fn noun_cue(ctx: &Ctx, h: &Hit, lo: usize, hi: usize) -> Vec<Cand> {
    let p = ctx.p;
    let e = ctx.entry(h);
    // the possessor, allowing one adjective: "Iran's repeated denials"
    let mut k = h.c0;
    if k > lo + 1
        && p.is_word(k - 1)
        && !p.is(k - 1, "'s")
        && !is_class(p, k - 1, class::POSSESSIVE_PRONOUNS)
        && (p.is(k - 2, "'s") || is_class(p, k - 2, class::POSSESSIVE_PRONOUNS))
    {
        k -= 1;
    }
    if k == lo {
        return Vec::new();
    }
    let source = if p.is(k - 1, "'s") {
        let j = k - 1;
        let mut s = j;
        while s > lo
            && j - s < 8
            && (p.is_capitalized(s - 1)
                || p.is_any(s - 1, &["the", "of", "'s"])
                || (p.is_word(s - 1)
                    && !is_class(p, s - 1, class::PREPOSITIONS)
                    && !verbish(p, s - 1)
                    && !is_class(p, s - 1, class::CLAUSE_OPENERS)
                    && s - 1 > lo
                    && !p.is_capitalized(s - 1)
                    && (p.is_capitalized(s - 2) || is_class(p, s - 2, class::DETERMINERS))))
        {
            s -= 1;
        }
        ctx.trim_np(s..j)
    } else if is_class(p, k - 1, class::POSSESSIVE_PRONOUNS) {
        Some(k - 1..k)
    } else {
        None
    };
    let Some(source) = source else {
        return Vec::new();
    };
    let i = h.c1;
    let opens = (p.is(i, "that") && e.takes(Takes::That))
        || (p.is(i, "of") && e.takes(Takes::Of))
        || (p.is(i, "for") && e.takes(Takes::For))
        || (p.is(i, "about") && e.takes(Takes::About))
        || (p.is(i, "to") && e.takes(Takes::To) && p.is_word(i + 1) && !p.is_capitalized(i + 1));
    if !opens {
        return Vec::new();
    }
    let from = i + 1;
    let mut end = ctx.clause_end(from, hi);
    if source.start <= lo + 2 {
        // the noun phrase is the sentence's subject: its clause ends before the main verb
        end = ctx.cut_before_main_verb(from..end).end;
    }
    if end <= from {
        return Vec::new();
    }
    let why = format!(
        "noun cue '{}' of the possessor",
        cue_text(ctx, &(h.c0..h.c1))
    );
    let mut c = cand(ctx, Rule::NounCue, why, h, part(from..end));
    c.source = Some(source);
    vec![c]
}

/// Headline "SOURCE: CLAIM" on the first line, when it is short and has no final period.
pub(super) fn headline(ctx: &Ctx) -> Option<Cand> {
    #[rustfmt::skip]
const NOT_SOURCES: &[&str] = &[
    "update", "breaking", "live", "exclusive", "analysis", "opinion", "watch", "video", "photos",
    "editorial", "explainer", "factbox", "review", "interview", "comment", "correction",
    "timeline", "q&a", "podcast", "listen", "read", "note", "by",
];
    let p = ctx.p;
    let r = p.paras.first()?.clone();
    if r.len() > 30 || p.is_punct(r.end - 1, '.') {
        return None;
    }
    let colon = r.clone().find(|&t| p.is_punct(t, ':'))?;
    let left = r.start..colon;
    if left.is_empty()
        || left.len() > 6
        || !p.is_capitalized(left.start)
        || is_in(p, left.start, NOT_SOURCES)
    {
        return None;
    }
    if left
        .clone()
        .any(|t| p.toks[t].kind != Kind::Word || ctx.hit_at(t).is_some())
    {
        return None;
    }
    let claim = ctx.trim_claim(colon + 1..r.end);
    if claim.len() < 2 {
        return None;
    }
    let stance = "report".to_owned();
    Some(Cand {
        rule: Rule::Headline,
        why: format!("headline '{}: …'", p.slice(left.clone())),
        claim: vec![claim],
        // in a headline "SOURCE: CLAIM" the colon is the reporting expression
        cue: Some(colon..colon + 1),
        source: Some(left),
        source_of: None,
        target: None,
        stance,
        how: None,
    })
}
