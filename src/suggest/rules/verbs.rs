//! Verb cues: the subject before the verb, the complement after it, quotes around them,
//! participles and coordinated verbs that share a clause's source.

use std::ops::Range;

use super::*;
use crate::suggest::lexicon::{CueKind, Takes};
use crate::suggest::reading::{Before, Ctx, Hit, How, Left, Right};
use crate::suggest::tokens::Kind;
use crate::suggest::Rule;

pub(super) fn verb_cue(
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
        be |= is_class(p, j - 1, class::BE);
        j -= 1;
    }
    let gerund = ctx.is_gerund_hit(h);
    if be && !gerund {
        return passive(ctx, h, lo, hi, j);
    }
    if gerund && !be {
        // "quoted a senior official as saying that …"
        if h.c0 > lo && p.is(h.c0 - 1, "as") {
            return quoted_as(ctx, h, lo, hi);
        }
        let after_comma = h.c0 > lo && p.is_punct(h.c0 - 1, ',');
        if !after_comma {
            return Vec::new();
        }
        let source = agent_before(ctx, lo, h.c0 - 1)
            .or_else(|| st.source.clone())
            .or_else(|| ctx.main_subject(lo, h.c0 - 1));
        let Some(source) = source else {
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
        Left::AfterClause(comma) => {
            let says = ctx.entry(h).takes(Takes::Clause) || ctx.entry(h).takes(Takes::Quote);
            match ctx.source_after(h.c1, hi) {
                Some((src, after)) if says && ctx.rest_is_tail(after, hi) => {
                    let why = format!("cue '{word}' after the clause, source after the cue");
                    let mut c = cand(ctx, Rule::ClauseCueSource, why, h, part(lo..comma));
                    c.source = Some(src);
                    vec![c]
                }
                _ => Vec::new(),
            }
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
            let subject = Subject {
                np,
                before,
                comma_before_cue,
                clause_start,
            };
            subject_cue(ctx, h, lo, hi, subject, consumed, &word)
        }
        Left::None => Vec::new(),
    }
}

/// The subject found before a verb cue and what precedes it (see [`Left::Subject`]).
struct Subject {
    np: Range<usize>,
    before: Before,
    comma_before_cue: Option<usize>,
    clause_start: usize,
}

/// A verb cue with its subject before it: inverted (`CLAUSE, said X.`), after a quote or a
/// clause (`"Q," X said.`, `CLAUSE, X said.`), or with its complement after it.
fn subject_cue(
    ctx: &Ctx,
    h: &Hit,
    lo: usize,
    hi: usize,
    subject: Subject,
    consumed: &mut [bool],
    word: &str,
) -> Vec<Cand> {
    let p = ctx.p;
    let Subject {
        np,
        before,
        comma_before_cue,
        clause_start,
    } = subject;
    // "the court heard that …": a hearer is not a source
    let np = (!ctx.entry(h).takes(Takes::NoSource)).then_some(np);
    // "CLAUSE, said the minister." (not "X, who chairs …, rejected the figures.")
    let e = ctx.entry(h);
    let says = (e.takes(Takes::Clause) || e.takes(Takes::Quote))
        && !ctx.addressee_verb(e)
        && !matches!(before, Before::Quote(_));
    if let Some(comma) = comma_before_cue.filter(|_| says) {
        let relative = (clause_start..comma)
            .any(|t| t > 0 && is_class(p, t, class::RELATIVES) && p.is_punct(t - 1, ','));
        if let Some((src, after)) = ctx.source_after(h.c1, hi).filter(|_| !relative) {
            if ctx.rest_is_tail(after, hi) && clause_start < comma {
                let why = format!("cue '{word}' after the clause, source after the cue");
                let mut c = cand(ctx, Rule::ClauseCueSource, why, h, part(lo..comma));
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
                    why = format!("quote split by the source and '{word}'; one claim of two parts");
                }
                let mut c = cand(ctx, rule, why, h, claim);
                c.source = np;
                vec![c]
            }
            Before::Clause(comma) => {
                let why = format!("source and cue '{word}' after the clause they report");
                let mut c = cand(ctx, Rule::ClauseSourceCue, why, h, part(lo..comma));
                c.source = np;
                vec![c]
            }
            Before::Start => Vec::new(),
        },
        _ => {
            let split_from = match before {
                Before::Quote(q) => Some(q),
                _ => None,
            };
            complement_cands(ctx, h, hi, split_from, np, Rule::SourceCueThat, word)
                .into_iter()
                .map(|mut c| {
                    merge_participle(ctx, h, hi, &mut c, consumed);
                    c
                })
                .collect()
        }
    }
}

/// A passive cue: with its agent ("was accused by a farmers' union of delaying payments") or
/// raising a subject to an infinitive ("The sale is understood to have stalled"). `j` is where
/// the verb group (auxiliaries included) starts.
fn passive(ctx: &Ctx, h: &Hit, lo: usize, hi: usize, j: usize) -> Vec<Cand> {
    let p = ctx.p;
    let e = ctx.entry(h);
    let Some(be) = (j..h.c0).find(|&t| is_class(p, t, class::BE)) else {
        return Vec::new();
    };
    let subject = match ctx.left_of(lo, be) {
        Left::Subject { np, .. } => Some(np),
        _ => None,
    }
    .filter(|np| {
        !(np.len() == 1
            && is_in(
                p,
                np.start,
                &["this", "that", "it", "these", "those", "which"],
            ))
    });
    let cue = be..h.c1;
    let word = p.slice(cue.clone()).to_owned();
    let i = h.c1;
    // "is understood to have stalled …": the subject and the infinitive, two fragments
    if p.is(i, "to") && p.is_word(i + 1) {
        let Some(np) = subject else {
            return Vec::new();
        };
        let end = ctx.clause_end(i, hi);
        let mut c = cand(
            ctx,
            Rule::RaisingPassive,
            format!("'{word}' raises its subject to an infinitive (no source)"),
            h,
            vec![np, i..end],
        );
        c.cue = Some(cue);
        return vec![c];
    }
    let k = ctx.skip_adjuncts(i, hi);
    if !p.is(k, "by") {
        return Vec::new();
    }
    let mut a = k + 1;
    while a < hi
        && (p.is_word(a) || matches!(p.toks[a].kind, Kind::Quote(_)) && p.mark_of[a] == 0)
        && !is_class(p, a, class::PREPOSITIONS)
        && !is_class(p, a, class::CLAUSE_OPENERS)
        && !verbish(p, a)
        && ctx.hit_at(a).is_none()
        && ctx.skip_adjuncts(a, hi) == a
        && a < k + 12
    {
        a += 1;
    }
    let Some(agent) = ctx.trim_np(k + 1..a) else {
        return Vec::new();
    };
    let after = ctx.skip_adjuncts(a, hi);
    let of =
        (e.takes(Takes::Of) && p.is(after, "of")) || (e.takes(Takes::For) && p.is(after, "for"));
    let (claim, target) = if of {
        (after + 1..ctx.clause_end(after + 1, hi), subject)
    } else if e.takes(Takes::That) && p.is(after, "that") {
        (after + 1..ctx.clause_end(after + 1, hi), None)
    } else if e.takes(Takes::Object) {
        match subject {
            Some(np) => (np.clone(), Some(np)),
            None => return Vec::new(),
        }
    } else {
        return Vec::new();
    };
    if claim.is_empty() {
        return Vec::new();
    }
    let why = format!("passive '{word}' with its agent after 'by'");
    let mut c = cand(ctx, Rule::Passive, why, h, vec![claim]);
    c.cue = Some(cue);
    c.source = Some(agent);
    c.target = target;
    vec![c]
}

/// "ONA quoted a former minister, Petra Ionescu, as saying that …": the inner frame, with the
/// quoted person as source and "as saying" as cue.
fn quoted_as(ctx: &Ctx, h: &Hit, lo: usize, hi: usize) -> Vec<Cand> {
    let p = ctx.p;
    let as_tok = h.c0 - 1;
    let floor = lo.max(as_tok.saturating_sub(20));
    let from = ctx.hits.partition_point(|q| q.c0 < floor);
    let to = ctx.hits.partition_point(|q| q.c0 < as_tok);
    let quoting = ctx.hits[from..to]
        .iter()
        .rev()
        .filter(|q| q.c1 <= as_tok)
        .find(|q| matches!(ctx.entry(q).lemma.as_str(), "quote" | "cite"));
    let Some(quoting) = quoting else {
        return Vec::new();
    };
    let Some(source) = ctx.trim_np(quoting.c1..as_tok) else {
        return Vec::new();
    };
    let claim = match ctx.right_of(h, hi) {
        Right::Quote(q) => quote_chain(ctx, q),
        Right::Claim {
            claim,
            how: How::That | How::Clause | How::Colon,
            ..
        } => vec![claim],
        _ => return Vec::new(),
    };
    let why = format!(
        "'{}' … 'as saying': the quoted speaker's words",
        p.slice(quoting.c0..quoting.c1)
    );
    let mut c = cand(ctx, Rule::QuotedAsSaying, why, h, claim);
    c.cue = Some(as_tok..h.c1);
    c.source = Some(source);
    vec![c]
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
    (np_like && (lo..by).any(|t| is_class(p, t, class::BE))).then_some(r)
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
                out.extend(and_that_claims(
                    ctx,
                    h,
                    hi,
                    close + 1,
                    &source,
                    shared(Rule::SourceCueThat),
                    word,
                ));
            }
        }
        Right::Claim { claim, target, how } => {
            let (rule, why) = rule_of(how, word);
            let rule = shared(rule);
            let why = match rule_for_clause {
                Rule::Participle => format!("{why}; participle shares the source of its clause"),
                Rule::Coordinated => format!("{why}; shares the subject of the verb before it"),
                _ => why,
            };
            let end = claim.end;
            let mut c = cand(ctx, rule, why, h, vec![claim]);
            c.source = source.clone();
            c.target = target;
            c.how = Some(how);
            out.push(c);
            // "said that A, and that B" / "said A but that B": more claims of the same cue
            if matches!(how, How::That | How::Clause | How::Colon) {
                out.extend(and_that_claims(
                    ctx,
                    h,
                    hi,
                    end,
                    &source,
                    shared(Rule::SourceCueThat),
                    word,
                ));
            }
        }
        Right::Tail | Right::None => {}
    }
    out
}

/// The rule and explanation of an indirect claim read by [`Ctx::right_of`].
fn rule_of(how: How, word: &str) -> (Rule, String) {
    match how {
        How::That | How::Colon | How::Clause => (
            Rule::SourceCueThat,
            format!("cue '{word}' introduces a reported clause"),
        ),
        How::ObjectTo => (
            Rule::CueObjectTo,
            format!("'{word}' names its target, then 'to' and the demand"),
        ),
        How::TargetOf => (
            Rule::CueTargetOf,
            format!("'{word}' names its target, then what it is about"),
        ),
        How::Infinitive => (
            Rule::CueInfinitive,
            format!("'{word}' + 'to' commits to an act"),
        ),
        How::Object => (
            Rule::CueObject,
            format!("the object of '{word}' is the claim"),
        ),
    }
}

/// Further claims of one cue after its first ends at `end`: "said that A, and that B, but that
/// C" (at most three more).
fn and_that_claims(
    ctx: &Ctx,
    h: &Hit,
    hi: usize,
    mut end: usize,
    source: &Option<Range<usize>>,
    rule: Rule,
    word: &str,
) -> Vec<Cand> {
    let p = ctx.p;
    let mut out = Vec::new();
    while out.len() < 3 {
        let mut j = end;
        if p.is_punct(j, ',') {
            j += 1;
        }
        if !(p.is_any(j, &["and", "but"]) && p.is(j + 1, "that")) {
            break;
        }
        let from = j + 2;
        let to = ctx.clause_end(from, hi);
        if to <= from {
            break;
        }
        let why = format!("another claim of '{word}' after '{} that'", p.s(j));
        let mut c = cand(ctx, rule, why, h, part(from..to));
        c.source = source.clone();
        out.push(c);
        end = to;
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
    if let Ok(k) = ctx.hits.binary_search_by_key(&h2.c0, |x| x.c0) {
        consumed[k] = true;
    }
}
