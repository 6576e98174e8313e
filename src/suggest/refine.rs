//! After the rules: one candidate per cue and claim, nested claims clipped to the claim that
//! reports them, stances read from the content ("stated, 'Israel must …'" is a demand), a
//! target where the rule left none, and `via` for nested attribution.

use std::ops::Range;

use super::reading::Ctx;
use super::rules::Cand;
use super::words::*;
use crate::model::Schema;

/// Sorts candidates by position and drops duplicates: the same cue with overlapping claims, or
/// the same claim proposed twice. The first rule to propose a frame wins.
pub(crate) fn dedupe(cands: Vec<Cand>) -> Vec<Cand> {
    let mut kept: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        let dup = kept.iter().any(|k| {
            let same_cue = k.cue.is_some() && k.cue == c.cue;
            let overlap = overlaps(&k.extent(), &c.extent());
            (same_cue && overlap)
                || (k.claim == c.claim && (k.source == c.source || k.cue == c.cue))
        });
        if !dup {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| {
        (
            c.extent().start,
            c.extent().end,
            c.cue.as_ref().map(|r| r.start),
        )
    });
    kept
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The candidate whose claim holds `pos` most tightly, other than `me`.
fn reporter_of(cands: &[Cand], me: usize, pos: usize) -> Option<usize> {
    cands
        .iter()
        .enumerate()
        .filter(|(k, c)| {
            *k != me && c.extent().contains(&pos) && c.claim.iter().any(|r| r.contains(&pos))
        })
        .min_by_key(|(_, c)| c.extent().len())
        .map(|(k, _)| k)
}

/// Clips each nested claim to the claim that reports it ("…, the WSJ reported": the inner
/// claim ends where the reported clause ends), and sets `via` (as candidate indices).
pub(crate) fn nest(ctx: &Ctx, cands: &mut [Cand]) -> Vec<Option<usize>> {
    let mut via = vec![None; cands.len()];
    for b in 0..cands.len() {
        let anchor = cands[b]
            .cue
            .as_ref()
            .map(|r| r.start)
            .or_else(|| cands[b].source.as_ref().map(|r| r.start));
        let Some(pos) = anchor else {
            continue;
        };
        let Some(a) = reporter_of(cands, b, pos) else {
            continue;
        };
        // a frame never reports one that reports it
        if via[a] == Some(b) {
            continue;
        }
        via[b] = Some(a);
        let outer = cands[a].claim.iter().find(|r| r.contains(&pos)).cloned();
        if let Some(outer) = outer {
            for r in &mut cands[b].claim {
                if r.start >= outer.start && r.start < outer.end && r.end > outer.end {
                    *r = ctx.trim_claim(r.start..outer.end);
                }
            }
            cands[b].claim.retain(|r| !r.is_empty());
        }
    }
    via
}

/// Reads the stance from the content where the cue alone says too little.
/// `reports_others`: another candidate is nested in this one's claim; its content is then the
/// other speaker's and says nothing of this one's stance.
pub(crate) fn stance(ctx: &Ctx, c: &Cand, schema: &Schema, reports_others: bool) -> String {
    if reports_others {
        return c.stance.clone();
    }
    let text: String = c
        .claim
        .iter()
        .map(|r| ctx.p.slice(r.clone()))
        .collect::<Vec<_>>()
        .join(" ");
    let t = format!(" {} ", text.to_lowercase().replace(['’', '‘'], "'"));
    let has = |needles: &[&str]| needles.iter().any(|n| t.contains(n));
    let starts = |needles: &[&str]| needles.iter().any(|n| t.trim_start().starts_with(n));
    let base = c.stance.as_str();
    let refined = if has(&[
        " must ",
        " should ",
        " need to ",
        " needs to ",
        " has to ",
        " have to ",
        " ought to ",
        " mustn't ",
    ]) && matches!(base, "report" | "assessment" | "warning" | "support")
    {
        "demand"
    } else if base == "report"
        && starts(&[
            "we will ",
            "we'll ",
            "i will ",
            "i'll ",
            "we are going to ",
            "we shall ",
            "we won't ",
            "we will not ",
            "i won't ",
            "we will never ",
            "we would never ",
            "we are determined ",
        ])
    {
        "threat"
    } else if base == "report"
        && starts(&[
            "we condemn ",
            "i condemn ",
            "we strongly condemn ",
            "we deplore ",
        ])
    {
        "condemnation"
    } else if base == "report"
        && starts(&[
            "we welcome ",
            "we support ",
            "i support ",
            "we fully support ",
            "we back ",
        ])
    {
        "support"
    } else if base == "report"
        && has(&[
            " not true",
            " is false",
            " are false",
            " baseless",
            " groundless",
            " unfounded",
            " no truth",
            " fabricat",
            " nonsense",
            " no basis",
            " never happened",
            " did not happen",
            " totally false",
            " lies ",
        ])
    {
        "denial"
    } else if matches!(base, "report" | "assessment")
        && has(&[
            " on the condition ",
            " on condition that ",
            " provided that ",
            " willing to ",
            " ready to ",
            " open to ",
        ])
    {
        "proposal"
    } else {
        base
    };
    if schema.stance(refined).is_some() {
        refined.to_owned()
    } else {
        base.to_owned()
    }
}

/// Words that open a sentence with a capital without being names.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "even", "if", "when", "while", "although", "though", "after", "before", "since", "as", "in",
    "on", "at", "for", "with", "from", "by", "the", "a", "an", "this", "that", "these", "those",
    "there", "here", "it", "we", "i", "you", "they", "he", "she", "our", "my", "your", "their",
    "his", "her", "its", "no", "not", "all", "some", "any", "both", "each", "every", "what",
    "why", "how", "who", "whether", "because", "so", "but", "and", "or", "yet", "still", "only",
    "also", "however", "despite", "during", "without", "under", "over", "until", "unless", "once",
    "now", "today", "tomorrow", "yesterday", "let", "please", "such", "many", "most",
];

/// A target where the rule left none: for stances aimed at someone, the first name (or a
/// pronoun opening the claim) among the claim's first words. Reports have no target.
pub(crate) fn default_target(ctx: &Ctx, c: &Cand, stance: &str) -> Option<Range<usize>> {
    let p = ctx.p;
    if stance == "report" || c.target.is_some() {
        return c.target.clone();
    }
    let first = c.claim.first()?.clone();
    if p.is_any(first.start, &["not", "never", "to"]) {
        // "not to allow such attempts": the object of the verb
        let mut t = first.start;
        while t < first.end && p.is_any(t, &["not", "never", "to"]) {
            t += 1;
        }
        return ctx.target_np(t + 1, first.end).filter(|r| r.len() <= 6);
    }
    if p.is_any(first.start, &["it", "they", "he", "she"]) && !p.is(first.start + 1, "is") {
        return Some(first.start..first.start + 1);
    }
    let stop = first.end.min(first.start + 6);
    let mut t = first.start;
    while t < stop {
        let name = p.is_capitalized(t)
            && !(t == first.start && is_in(p, t, NOT_NAMES))
            && !is_in(p, t, NOT_NAMES);
        if name {
            let start = if t > first.start && p.is(t - 1, "the") {
                t - 1
            } else {
                t
            };
            let mut end = t + 1;
            while end < first.end
                && (p.is_capitalized(end) || (p.is(end, "of") && p.is_capitalized(end + 1)))
            {
                end += 1;
            }
            return Some(start..end);
        }
        t += 1;
    }
    None
}
