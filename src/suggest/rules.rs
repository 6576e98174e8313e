//! The rules: each reads one pattern of attribution around a cue (or a quote) and proposes a
//! candidate frame in token positions. Every candidate records its [`Rule`] and a short human
//! explanation. [`candidates`] runs them all over a prepared text in a fixed order.

use std::ops::Range;

use super::lexicon::{CueKind, Takes};
use super::reading::{Before, Ctx, Hit, How, Left, Right};
use super::tokens::Kind;
use super::words::*;
use super::Rule;

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
    /// The cue's word as the lexicon knows it (for stance rules), if any.
    pub cue_entry: Option<usize>,
}

impl Cand {
    pub fn extent(&self) -> Range<usize> {
        self.claim[0].start..self.claim[self.claim.len() - 1].end
    }
}

/// Per-sentence memory: the first subject found (for coordinated verbs and participles) and
/// the hits another rule has already read.
#[derive(Default)]
struct Sentence {
    source: Option<Range<usize>>,
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

fn cue_text(ctx: &Ctx, r: &Range<usize>) -> String {
    ctx.p.slice(r.clone()).to_owned()
}

/// A candidate with the cue of `h`.
fn cand(ctx: &Ctx, rule: Rule, why: String, h: &Hit, claim: Vec<Range<usize>>) -> Cand {
    let claim = claim
        .into_iter()
        .map(|r| ctx.trim_claim(r))
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
        cue_entry: Some(h.entry),
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
fn chain_end(ctx: &Ctx, q: usize) -> usize {
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

/// A second quote after the attribution: `"Q1," he said, "Q2."` → the quote, if any.
fn reopened_quote(ctx: &Ctx, after: usize, hi: usize) -> Option<usize> {
    let p = ctx.p;
    let i = ctx.skip_adjuncts(after, hi);
    if p.is_punct(i, ',') || p.is_punct(i, ':') {
        return p.quote_opened_at(i + 1);
    }
    None
}

fn verb_cue(
    ctx: &Ctx,
    h: &Hit,
    lo: usize,
    hi: usize,
    st: &mut Sentence,
    consumed: &mut [bool],
) -> Vec<Cand> {
    let p = ctx.p;
    let word = cue_text(ctx, &(h.c0..h.c1));
    // auxiliaries before the verb: passive ("was reported") and progressive ("is presenting")
    let mut j = h.c0;
    let mut be = false;
    while j > lo && preverbal(p, j - 1) {
        be |= is_in(p, j - 1, BE);
        j -= 1;
    }
    let gerund = ctx.is_gerund_hit(h);
    if be && !gerund {
        return Vec::new(); // a passive: the speaker is not where the rules look
    }
    if gerund && !be {
        let after_comma = h.c0 > lo && p.is_punct(h.c0 - 1, ',');
        if !after_comma {
            return Vec::new();
        }
        let Some(source) = agent_before(ctx, lo, h.c0 - 1).or_else(|| st.source.clone()) else {
            return Vec::new();
        };
        return complement_cands(ctx, h, hi, None, Some(source), Rule::Participle, &word);
    }
    match ctx.left_of(lo, h.c0) {
        Left::AfterQuote(q) => {
            let Some((src, after)) = ctx.source_after(h.c1, hi) else {
                return Vec::new();
            };
            let mut claim = quote_chain(ctx, q);
            let mut rule = Rule::QuoteCueSource;
            let mut why = format!("cue '{word}' after the closing quote, source after the cue");
            if let Some(q2) = reopened_quote(ctx, after, hi) {
                claim.extend(quote_chain(ctx, q2));
                rule = Rule::SplitQuote;
                why = format!("quote split by '{word}' and its source; one claim of two parts");
            }
            let mut c = cand(ctx, rule, why, h, claim);
            c.source = Some(src.clone());
            st.source.get_or_insert(src);
            vec![c]
        }
        Left::Coordinated => {
            let Some(source) = st.source.clone() else {
                return Vec::new();
            };
            complement_cands(ctx, h, hi, None, Some(source), Rule::Coordinated, &word)
        }
        Left::Subject {
            np,
            before,
            comma_before_cue,
            clause_start,
        } => {
            st.source.get_or_insert(np.clone());
            // "CLAUSE, said the minister."
            if let Some(comma) = comma_before_cue {
                if let Some((src, after)) = ctx.source_after(h.c1, hi) {
                    if ctx.rest_is_tail(after, hi) && clause_start < comma {
                        let why = format!("cue '{word}' after the clause, source after the cue");
                        let mut c = cand(ctx, Rule::ClauseCueSource, why, h, vec![lo..comma]);
                        c.source = Some(src);
                        return vec![c];
                    }
                }
            }
            match ctx.right_of(h, hi) {
                Right::Tail => match before {
                    Before::Quote(q) => {
                        let mut claim = quote_chain(ctx, q);
                        let mut rule = Rule::QuoteSourceCue;
                        let mut why = format!("source and cue '{word}' after the closing quote");
                        let after = ctx.skip_adjuncts(h.c1, hi);
                        if let Some(q2) = reopened_quote(ctx, after, hi) {
                            claim.extend(quote_chain(ctx, q2));
                            rule = Rule::SplitQuote;
                            why = format!(
                                "quote split by the source and '{word}'; one claim of two parts"
                            );
                        }
                        let mut c = cand(ctx, rule, why, h, claim);
                        c.source = Some(np);
                        vec![c]
                    }
                    Before::Clause(comma) => {
                        let why = format!("source and cue '{word}' after the clause they report");
                        let mut c = cand(ctx, Rule::ClauseSourceCue, why, h, vec![lo..comma]);
                        c.source = Some(np);
                        vec![c]
                    }
                    Before::Start => Vec::new(),
                },
                _ => {
                    let split_from = match before {
                        Before::Quote(q) => Some(q),
                        _ => None,
                    };
                    complement_cands(ctx, h, hi, split_from, Some(np), Rule::SourceCueThat, &word)
                        .into_iter()
                        .map(|mut c| {
                            merge_participle(ctx, h, hi, &mut c, consumed);
                            c
                        })
                        .collect()
                }
            }
        }
        Left::None => Vec::new(),
    }
}

/// The agent of a passive main clause before a participle: "conveyed by Gulf countries
/// including Qatar, Saudi Arabia, and Oman, urging …".
fn agent_before(ctx: &Ctx, lo: usize, comma: usize) -> Option<Range<usize>> {
    let p = ctx.p;
    let floor = lo.max(comma.saturating_sub(20));
    let by = (floor..comma).rev().find(|&t| p.is(t, "by"))?;
    let r = by + 1..comma;
    let np_like = !r.is_empty()
        && np_opener(p, r.start)
        && r.clone()
            .all(|t| (p.is_word(t) || p.is_punct(t, ',')) && !verbish(p, t));
    (np_like && (lo..by).any(|t| is_in(p, t, BE))).then_some(r)
}

/// Candidates for the complement of a verb cue whose source is known (`source`). `split_from`
/// is a quote closed right before the source (`"Q1," he said, "Q2"`).
fn complement_cands(
    ctx: &Ctx,
    h: &Hit,
    hi: usize,
    split_from: Option<usize>,
    source: Option<Range<usize>>,
    rule_for_clause: Rule,
    word: &str,
) -> Vec<Cand> {
    let p = ctx.p;
    let shared = |rule: Rule| {
        if matches!(rule_for_clause, Rule::Participle | Rule::Coordinated) {
            rule_for_clause
        } else {
            rule
        }
    };
    let mut out = Vec::new();
    match ctx.right_of(h, hi) {
        Right::Quote(q) => {
            let mut claim = Vec::new();
            let rule = if let Some(q1) = split_from {
                claim.extend(quote_chain(ctx, q1));
                Rule::SplitQuote
            } else {
                shared(Rule::SourceCueQuote)
            };
            claim.extend(quote_chain(ctx, q));
            let why = match rule {
                Rule::SplitQuote => format!("quote split by '{word}'; one claim of two parts"),
                Rule::Participle => {
                    format!("participle '{word}' opens a quote; source of its clause")
                }
                Rule::Coordinated => {
                    format!("'{word}' shares the subject of the verb before it; opens a quote")
                }
                _ => format!("source and cue '{word}' open the quote"),
            };
            let mut c = cand(ctx, rule, why, h, claim);
            c.source = source.clone();
            out.push(c);
            // `warned, "…" and that it must …`: a second claim of the same cue
            if let Some(close) = p.quotes[chain_end(ctx, q)].close {
                if p.is(close + 1, "and") && p.is(close + 2, "that") {
                    let from = close + 3;
                    let end = ctx.clause_end(from, hi);
                    if end > from {
                        let why = format!("a second claim of '{word}' after 'and that'");
                        let mut c = cand(ctx, shared(Rule::SourceCueThat), why, h, vec![from..end]);
                        c.source = source;
                        out.push(c);
                    }
                }
            }
        }
        Right::Claim { claim, target, how } => {
            let (rule, why) = match how {
                How::That | How::Colon | How::Clause => (
                    shared(Rule::SourceCueThat),
                    format!("cue '{word}' introduces a reported clause"),
                ),
                How::ObjectTo => (
                    shared(Rule::CueObjectTo),
                    format!("'{word}' names its target, then 'to' and the demand"),
                ),
                How::TargetOf => (
                    shared(Rule::CueTargetOf),
                    format!("'{word}' names its target, then what it is about"),
                ),
                How::Infinitive => (
                    shared(Rule::CueInfinitive),
                    format!("'{word}' + 'to' commits to an act"),
                ),
                How::Object => (
                    shared(Rule::CueObject),
                    format!("the object of '{word}' is the claim"),
                ),
            };
            let why = match rule_for_clause {
                Rule::Participle => format!("{why}; participle shares the source of its clause"),
                Rule::Coordinated => format!("{why}; shares the subject of the verb before it"),
                _ => why,
            };
            let mut c = cand(ctx, rule, why, h, vec![claim]);
            c.source = source;
            c.target = target;
            out.push(c);
        }
        Right::Tail | Right::None => {}
    }
    out
}

/// "criticized the report in an interview, stating, "…"": the words of the participle are what
/// the first verb's speaker said; the object becomes the target.
fn merge_participle(ctx: &Ctx, h: &Hit, hi: usize, c: &mut Cand, consumed: &mut [bool]) {
    let p = ctx.p;
    if c.rule != Rule::CueObject {
        return;
    }
    let end = c.claim[0].end;
    let j = ctx.skip_adjuncts(end, hi);
    if !p.is_punct(j, ',') {
        return;
    }
    let Some(h2) = ctx.hit_at(j + 1) else {
        return;
    };
    let e2 = ctx.entry(&h2);
    if e2.kind != CueKind::Verb
        || !ctx.is_gerund_hit(&h2)
        || !(e2.takes(Takes::Quote) && e2.stance == "report")
    {
        return;
    }
    let claim = match ctx.right_of(&h2, hi) {
        Right::Quote(q) => quote_chain(ctx, q),
        Right::Claim {
            claim,
            how: How::That | How::Clause | How::Colon,
            ..
        } => vec![claim],
        _ => return,
    };
    let object = c.claim[0].clone();
    let claim: Vec<_> = claim
        .into_iter()
        .map(|r| ctx.trim_claim(r))
        .filter(|r| !r.is_empty())
        .collect();
    if claim.is_empty() {
        return;
    }
    c.target = ctx.target_np(object.start, object.end).or(Some(object));
    c.claim = claim;
    c.rule = Rule::CueObject;
    c.why = format!(
        "'{}' with its object, then '{}' gives what was said",
        ctx.p.slice(h.c0..h.c1),
        ctx.p.slice(h2.c0..h2.c1)
    );
    if let Some(k) = ctx.hits.iter().position(|x| x.c0 == h2.c0) {
        consumed[k] = true;
    }
}

/// "According to X, CLAUSE", "CLAUSE, according to X", "A, according to X, B".
fn according(ctx: &Ctx, h: &Hit, lo: usize, hi: usize) -> Vec<Cand> {
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
            || is_in(p, t, CONNECTIVES)
            || p.toks[t].kind == Kind::Quote(super::tokens::Mark::DoubleOpen)
    });
    let claim = if lead_ok && p.is_punct(src_end, ',') {
        let from = src_end + 1;
        vec![from..ctx.clause_end(from, hi)]
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
fn impersonal(ctx: &Ctx, h: &Hit, hi: usize) -> Vec<Cand> {
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
    vec![cand(ctx, Rule::Impersonal, why, h, vec![from..end])]
}

/// "the ministry's denial that …", "his warning of …".
fn noun_cue(ctx: &Ctx, h: &Hit, lo: usize, hi: usize) -> Vec<Cand> {
    let p = ctx.p;
    let e = ctx.entry(h);
    // the possessor, allowing one adjective: "Iran's repeated denials"
    let mut k = h.c0;
    if k > lo + 1
        && p.is_word(k - 1)
        && !p.is(k - 1, "'s")
        && !is_in(p, k - 1, POSSESSIVE_PRONOUNS)
        && (p.is(k - 2, "'s") || is_in(p, k - 2, POSSESSIVE_PRONOUNS))
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
                    && !is_in(p, s - 1, PREPOSITIONS)
                    && !verbish(p, s - 1)
                    && !is_in(p, s - 1, CLAUSE_OPENERS)
                    && s - 1 > lo
                    && !p.is_capitalized(s - 1)
                    && (p.is_capitalized(s - 2) || is_in(p, s - 2, DETERMINERS))))
        {
            s -= 1;
        }
        ctx.trim_np(s..j)
    } else if is_in(p, k - 1, POSSESSIVE_PRONOUNS) {
        Some(k - 1..k)
    } else {
        None
    };
    let Some(source) = source else {
        return Vec::new();
    };
    let i = h.c1;
    let from = if p.is(i, "that") && e.takes(Takes::That) {
        i + 1
    } else if (p.is(i, "of") && e.takes(Takes::Of))
        || (p.is(i, "for") && e.takes(Takes::For))
        || (p.is(i, "about") && e.takes(Takes::About))
        || (p.is(i, "to") && e.takes(Takes::To) && p.is_word(i + 1) && !p.is_capitalized(i + 1))
    {
        i + 1
    } else {
        return Vec::new();
    };
    let end = ctx.clause_end(from, hi);
    if end <= from {
        return Vec::new();
    }
    let why = format!(
        "noun cue '{}' of the possessor",
        cue_text(ctx, &(h.c0..h.c1))
    );
    let mut c = cand(ctx, Rule::NounCue, why, h, vec![from..end]);
    c.source = Some(source);
    vec![c]
}

/// Headline "SOURCE: CLAIM" on the first line, when it is short and has no final period.
fn headline(ctx: &Ctx) -> Option<Cand> {
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
    if left.clone().any(|t| p.toks[t].kind != Kind::Word) {
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
        cue: None,
        source: Some(left),
        source_of: None,
        target: None,
        stance,
        cue_entry: None,
    })
}

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
        let prev = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                (c.source.is_some() || c.source_of.is_some())
                    && p.toks[c.extent().end - 1].end <= start
                    && p.sentence_of(c.extent().start)
                        .is_some_and(|s| s.para + 3 >= quote.para)
            })
            .max_by_key(|(_, c)| c.extent().end);
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
            cue_entry: None,
        });
    }
    out
}
