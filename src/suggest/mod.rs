//! The attribution finder: lexicon + rules → suggested frames. Pure: no I/O, no egui; depends
//! on [`crate::model`] only. Deterministic: the same text, lexicon, schema and entities give the
//! same suggestions in the same order.
//!
//! [`find`] reads a whole text; [`find_at_cue`] reads around one selected reporting expression,
//! whether the lexicon knows it or not (cue-driven entry). Each [`Suggestion`] names the
//! [`Rule`] that made it and says why in a short sentence ("source and cue 'warned' open the
//! quote").
//!
//! **Spans** are code points, half-open, with their exact text, like every span of stancemark.
//! They follow the conventions of the reference annotations: the claim excludes the quotation
//! marks around it and the sentence-final period; the source is the noun phrase naming the
//! speaker at that place (titles and appositions kept; a pronoun stays a pronoun and its entity
//! is the last named source's); the cue is the reporting expression only (not "in a statement",
//! not the auxiliaries: "has indicated" → "indicated"; a hedge is kept: "seems to believe").
//!
//! **Rules** (stable ids, see [`Rule::id`]): quote pairing over straight and curly, double and
//! single marks, with quotes reopened paragraph after paragraph; `"Q," SOURCE CUE`;
//! `"Q," CUE SOURCE`; split quotes (one claim of two fragments); `SOURCE CUE (that) CLAUSE` and
//! `SOURCE CUE: "Q"`; `according to`; `CLAUSE, SOURCE CUE.` and `CLAUSE, CUE SOURCE.`; noun cues
//! (`X's warning that …`); `SOURCE urged TARGET to VP`; `accused TARGET of …`; `vowed to …`;
//! object claims (`condemned the attack`); participles and coordinated verbs that share the
//! clause's source; impersonal cues (`it appears that`); the headline `SOURCE: CLAIM`; a quote
//! standing alone continues the previous speaker. A frame whose cue lies inside another's claim
//! is nested under it (`via`).
//!
//! Limits: at most [`reading::MAX_CLAIM`] tokens per claim; right-to-left scripts and texts with
//! no English reporting words give no suggestions.

mod frames;
mod lexer;
pub mod lexicon;
mod link;
pub mod pending;
mod reading;
mod refine;
pub mod report;
mod rules;
pub mod score;
#[cfg(test)]
mod tests;
mod tokens;
mod words;

use crate::model::{Entity, Fragment, Quote, Schema, Span, Text};

pub use frames::{provenance, to_frames};
pub use lexicon::{CueKind, Entry, Lexicon, LexiconError, Takes};
pub use link::{is_pronoun, EntityLink};

/// The rule that made a suggestion. [`Rule::id`] is stable: reports and rejections store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// `"Q," SOURCE CUE`
    QuoteSourceCue,
    /// `"Q," CUE SOURCE`
    QuoteCueSource,
    /// `"Q1," SOURCE CUE, "Q2"`: one claim of two fragments.
    SplitQuote,
    /// `SOURCE CUE, "Q"` / `SOURCE CUE: "Q"`
    SourceCueQuote,
    /// `SOURCE CUE (that) CLAUSE` (also `CUE: CLAUSE`).
    SourceCueThat,
    /// `CLAUSE, SOURCE CUE.`
    ClauseSourceCue,
    /// `CLAUSE, CUE SOURCE.`
    ClauseCueSource,
    /// `According to SOURCE, CLAUSE` / `CLAUSE, according to SOURCE`.
    AccordingTo,
    /// `SOURCE's NOUN that CLAUSE` (warning, denial, accusation, …).
    NounCue,
    /// `SOURCE urged TARGET to VP`.
    CueObjectTo,
    /// `SOURCE accused TARGET of CLAIM`, `blamed TARGET for CLAIM`.
    CueTargetOf,
    /// `SOURCE vowed (not) to VP`.
    CueInfinitive,
    /// `SOURCE condemned OBJECT`.
    CueObject,
    /// `…, CUE-ing …`: a participle shares the source of its clause.
    Participle,
    /// `… and CUE …`: a coordinated verb shares the subject.
    Coordinated,
    /// `it appears that CLAUSE`: no source.
    Impersonal,
    /// Headline `SOURCE: CLAIM`.
    Headline,
    /// A quote standing alone continues the previous speaker.
    QuoteContinuation,
    /// `X quoted Y as saying Q`: the inner frame (source Y, cue "as saying").
    QuotedAsSaying,
    /// `Y was accused by X of …`: a passive cue with its agent as source.
    Passive,
    /// `The sale is understood to have stalled`: a raising passive, no source.
    RaisingPassive,
    /// [`find_at_cue`] at a cue no rule could read: the rest of the sentence.
    AtCue,
}

impl Rule {
    pub const ALL: [Rule; 22] = [
        Rule::QuoteSourceCue,
        Rule::QuoteCueSource,
        Rule::SplitQuote,
        Rule::SourceCueQuote,
        Rule::SourceCueThat,
        Rule::ClauseSourceCue,
        Rule::ClauseCueSource,
        Rule::AccordingTo,
        Rule::NounCue,
        Rule::CueObjectTo,
        Rule::CueTargetOf,
        Rule::CueInfinitive,
        Rule::CueObject,
        Rule::Participle,
        Rule::Coordinated,
        Rule::Impersonal,
        Rule::Headline,
        Rule::QuoteContinuation,
        Rule::QuotedAsSaying,
        Rule::Passive,
        Rule::RaisingPassive,
        Rule::AtCue,
    ];

    /// The stable id recorded with a suggestion.
    pub fn id(self) -> &'static str {
        match self {
            Rule::QuoteSourceCue => "quote-source-cue",
            Rule::QuoteCueSource => "quote-cue-source",
            Rule::SplitQuote => "split-quote",
            Rule::SourceCueQuote => "source-cue-quote",
            Rule::SourceCueThat => "source-cue-clause",
            Rule::ClauseSourceCue => "clause-source-cue",
            Rule::ClauseCueSource => "clause-cue-source",
            Rule::AccordingTo => "according-to",
            Rule::NounCue => "noun-cue",
            Rule::CueObjectTo => "cue-target-to",
            Rule::CueTargetOf => "cue-target-of",
            Rule::CueInfinitive => "cue-infinitive",
            Rule::CueObject => "cue-object",
            Rule::Participle => "participle",
            Rule::Coordinated => "coordinated-verb",
            Rule::Impersonal => "impersonal",
            Rule::Headline => "headline",
            Rule::QuoteContinuation => "quote-continuation",
            Rule::QuotedAsSaying => "quoted-as-saying",
            Rule::Passive => "passive-agent",
            Rule::RaisingPassive => "raising-passive",
            Rule::AtCue => "at-cue",
        }
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A source or target of a suggestion: its span at this place (if any) and its entity.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedParticipant {
    pub span: Option<Quote>,
    pub entity: Option<EntityLink>,
}

/// One suggested frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub rule: Rule,
    /// Why, in a few words: "source and cue 'warned' open the quote".
    pub explanation: String,
    /// The claim: one fragment for most claims, several for a split quote or a quotation over
    /// several paragraphs (in text order, not overlapping).
    pub claim: Quote,
    /// A stance id of the schema: the cue's provisional stance, read against the content.
    pub stance: String,
    pub source: Option<SuggestedParticipant>,
    pub cue: Option<Quote>,
    pub target: Option<SuggestedParticipant>,
    /// The index (in the same list) of the suggestion that reports this one.
    pub via: Option<usize>,
}

impl Suggestion {
    /// From the first fragment's start to the last one's end.
    pub fn claim_extent(&self) -> Span {
        self.claim.extent()
    }
}

/// Every suggestion for `text`, in text order (by claim, then cue).
pub fn find(
    text: &Text,
    lexicon: &Lexicon,
    schema: &Schema,
    entities: &[Entity],
) -> Vec<Suggestion> {
    let p = tokens::Prepared::new(text.as_str(), 0);
    let ctx = reading::Ctx::new(&p, lexicon);
    run(&ctx, schema, entities)
}

/// The finder run at one selected cue (a reporting expression the lexicon knows or not): the
/// frame it heads, or `None` when the span holds no word. The suggestion's cue is the selected
/// words.
pub fn find_at_cue(
    text: &Text,
    lexicon: &Lexicon,
    schema: &Schema,
    entities: &[Entity],
    cue: Span,
) -> Option<Suggestion> {
    if !cue.is_valid() || cue.is_empty() || cue.end > text.len_chars() {
        return None;
    }
    // Read the paragraph of the cue and the two before it (for the previous speaker).
    let s = text.as_str();
    let b0 = text.byte_of(cue.start)?;
    let b1 = text.byte_of(cue.end)?;
    let mut from = b0;
    for _ in 0..3 {
        from = s[..from]
            .trim_end_matches(['\n', '\r'])
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if from == 0 {
            break;
        }
    }
    let to = s[b1..].find('\n').map_or(s.len(), |i| b1 + i);
    let base = text.char_of_byte(from)?;
    let p = tokens::Prepared::new(&s[from..to], base);
    let mut ctx = reading::Ctx::new(&p, lexicon);
    let stance = ["report", "assessment"]
        .into_iter()
        .find(|id| schema.stance(id).is_some())
        .map_or_else(
            || {
                schema
                    .stances
                    .first()
                    .map(|l| l.id.clone())
                    .unwrap_or_default()
            },
            str::to_owned,
        );
    let hit = ctx.select_cue(cue, stance)?;
    let suggestions = run(&ctx, schema, entities);
    let cue_span = p.span(hit.c0..hit.c1);
    if let Some(s) = suggestions
        .iter()
        .find(|s| s.cue.as_ref().is_some_and(|q| q.extent() == cue_span))
    {
        let mut s = s.clone();
        s.via = None;
        return Some(s);
    }
    at_cue_fallback(&ctx, &hit, schema, entities)
}

/// The rest of the sentence after the cue (or, at the end of a sentence, the part before it),
/// with the subject before the cue as source.
fn at_cue_fallback(
    ctx: &reading::Ctx,
    hit: &reading::Hit,
    schema: &Schema,
    entities: &[Entity],
) -> Option<Suggestion> {
    let p = ctx.p;
    let sent = p.sentence_of(hit.c0)?;
    let (lo, hi) = (sent.toks.start, sent.toks.end);
    let after = ctx.trim_claim(ctx.skip_adjuncts(hit.c1, hi)..hi);
    let claim = if !after.is_empty() {
        after
    } else {
        ctx.trim_claim(lo..hit.c0)
    };
    if claim.is_empty() {
        return None;
    }
    let source = match ctx.left_of(lo, hit.c0) {
        reading::Left::Subject { np, .. }
            if np.end <= hit.c0 && !(np.start < claim.end && claim.start < np.end) =>
        {
            Some(np)
        }
        _ => None,
    };
    let c = rules::Cand {
        rule: Rule::AtCue,
        why: format!(
            "the words around the selected cue '{}'",
            p.slice(hit.c0..hit.c1)
        ),
        claim: vec![claim],
        cue: Some(hit.c0..hit.c1),
        source,
        source_of: None,
        target: None,
        stance: ctx.entry(hit).stance.clone(),
        how: None,
    };
    finish(ctx, vec![c], vec![None], schema, entities)
        .into_iter()
        .next()
}

/// Candidates → suggestions: dedupe, nest, continuations, stance, targets, entities.
fn run(ctx: &reading::Ctx, schema: &Schema, entities: &[Entity]) -> Vec<Suggestion> {
    let mut found = rules::candidates(ctx);
    rules::extend_quotes(ctx, &mut found);
    let cands = refine::dedupe(found);
    let mut cands = cands;
    let extra = rules::continuations(ctx, &cands);
    cands.extend(extra);
    // text order, keeping each candidate's old index for `source_of`
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&k| {
        let c = &cands[k];
        (
            c.extent().start,
            c.extent().end,
            c.cue.as_ref().map_or(0, |r| r.start),
            k,
        )
    });
    let mut new_index = vec![0; cands.len()];
    for (n, &k) in order.iter().enumerate() {
        new_index[k] = n;
    }
    let mut sorted: Vec<rules::Cand> = order.iter().map(|&k| cands[k].clone()).collect();
    for c in &mut sorted {
        c.source_of = c.source_of.map(|k| new_index[k]);
    }
    let via = refine::nest(ctx, &mut sorted);
    finish(ctx, sorted, via, schema, entities)
}

/// Spans, texts, stance, target and entities of sorted candidates.
fn finish(
    ctx: &reading::Ctx,
    cands: Vec<rules::Cand>,
    via: Vec<Option<usize>>,
    schema: &Schema,
    entities: &[Entity],
) -> Vec<Suggestion> {
    let p = ctx.p;
    let quote = |r: &std::ops::Range<usize>| Quote::new(p.span(r.clone()), p.slice(r.clone()));
    let fragment =
        |r: &std::ops::Range<usize>| Fragment::new(p.span(r.clone()), p.slice(r.clone()));
    let mut linker = link::Linker::new(entities, schema);
    let mut last_named: Option<EntityLink> = None;
    let mut speaker: Vec<Option<EntityLink>> = Vec::with_capacity(cands.len());
    let mut out = Vec::with_capacity(cands.len());
    let mut reports_others = vec![false; cands.len()];
    for v in via.iter().flatten() {
        reports_others[*v] = true;
    }
    for (k, c) in cands.iter().enumerate() {
        let Ok(claim) = Quote::from_fragments(c.claim.iter().map(fragment)) else {
            speaker.push(None);
            continue; // no claim left (every candidate has one; kept for safety)
        };
        let stance = refine::stance(ctx, c, schema, reports_others[k]);
        let target = refine::default_target(ctx, c, &stance);
        let source = match (&c.source, c.source_of) {
            (Some(r), _) => {
                let text = p.slice(r.clone());
                let entity = if is_pronoun(text) {
                    last_named.clone()
                } else {
                    let l = linker.link(text);
                    last_named.clone_from(&l);
                    l
                };
                Some(SuggestedParticipant {
                    span: Some(quote(r)),
                    entity,
                })
            }
            (None, Some(j)) if j < k => Some(SuggestedParticipant {
                span: None,
                entity: speaker[j].clone(),
            }),
            _ => None,
        };
        speaker.push(source.as_ref().and_then(|s| s.entity.clone()));
        let target = target.map(|r| {
            let text = p.slice(r.clone());
            let entity = if is_pronoun(text) {
                last_named.clone()
            } else {
                linker.link(text)
            };
            SuggestedParticipant {
                span: Some(quote(&r)),
                entity,
            }
        });
        out.push(Suggestion {
            rule: c.rule,
            explanation: c.why.clone(),
            claim,
            stance,
            source,
            cue: c.cue.as_ref().map(quote),
            target,
            via: via.get(k).copied().flatten(),
        });
    }
    out
}
