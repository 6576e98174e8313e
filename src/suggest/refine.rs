//! After the rules: one candidate per cue and claim, nested claims clipped to the claim that
//! reports them, stances read from the content ("stated, 'Israel must …'" is a demand), a
//! target where the rule left none, and `via` for nested attribution.

use std::ops::Range;

use super::reading::{Ctx, How};
use super::rules::Cand;
use super::words::*;
use crate::model::Schema;

/// Sorts candidates by position and drops duplicates: the same cue with overlapping claims, or
/// the same claim proposed twice. The first rule to propose a frame wins.
pub(crate) fn dedupe(cands: Vec<Cand>) -> Vec<Cand> {
    use std::collections::HashMap;
    let mut kept: Vec<Cand> = Vec::with_capacity(cands.len());
    // kept candidates by cue and by claim start, so that each check looks at a few only
    let mut by_cue: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut by_claim: HashMap<usize, Vec<usize>> = HashMap::new();
    for c in cands {
        let cue = c.cue.as_ref().map(|r| (r.start, r.end));
        let same_cue = cue
            .and_then(|k| by_cue.get(&k))
            .is_some_and(|ks| ks.iter().any(|&k| overlaps(&kept[k].extent(), &c.extent())));
        let same_claim = by_claim.get(&c.extent().start).is_some_and(|ks| {
            ks.iter().any(|&k| {
                let k = &kept[k];
                k.claim == c.claim && (k.source == c.source || k.cue == c.cue)
            })
        });
        if !same_cue && !same_claim {
            if let Some(key) = cue {
                by_cue.entry(key).or_default().push(kept.len());
            }
            by_claim
                .entry(c.extent().start)
                .or_default()
                .push(kept.len());
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

/// How many candidates before a position are looked at for the one reporting it (candidates
/// are sorted by claim start; a reporting claim starts shortly before what it reports).
const NEST_WINDOW: usize = 256;

/// The candidate whose claim holds `pos` most tightly, other than `me`. `cands` is sorted by
/// claim start.
fn reporter_of(cands: &[Cand], me: usize, pos: usize) -> Option<usize> {
    let end = cands.partition_point(|c| c.extent().start <= pos);
    (end.saturating_sub(NEST_WINDOW)..end)
        .filter(|&k| {
            let c = &cands[k];
            k != me && c.extent().contains(&pos) && c.claim.iter().any(|r| r.contains(&pos))
        })
        .min_by_key(|&k| (cands[k].extent().len(), k))
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

/// The speech act the words of a claim make by themselves, if they make one plainly: a demand
/// ("must", "should", "I expect … to" — not a necessity addressed to no one: "nobody will have
/// to"), a vow ("we will", "we will not"), a denial ("not true", "will not accept"), a
/// condemnation or support in the first person, a conditional offer ("on the condition that").
pub(crate) fn content_act(text: &str) -> Option<&'static str> {
    use aho_corasick::AhoCorasick;
    use std::sync::OnceLock;
    #[rustfmt::skip]
    const DEONTIC: &[&str] = &[" must ", " should ", " need to ", " needs to ", " has to ",
        " have to ", " ought to ", " mustn't ", " shouldn't "];
    #[rustfmt::skip]
    const NO_ONE: &[&str] = &["nobody ", "no one ", "someone ", "somebody ", "everyone ",
        "everybody ", "anyone ", "anybody "];
    #[rustfmt::skip]
    const DENIAL: &[&str] = &[" not true", " is false", " are false", " baseless", " groundless",
        " unfounded", " no truth", " fabricat", " nonsense", " no basis", " never happened",
        " did not happen", " totally false", " will not accept", " won't accept",
        " would not accept", " not be dictated", " categorically"];
    #[rustfmt::skip]
    const OFFER: &[&str] = &[" on the condition ", " on condition that ", " provided that ",
        " willing to ", " ready to ", " open to "];
    #[rustfmt::skip]
    const VOW: &[&str] = &["we will ", "we'll ", "i will ", "i'll ", "we are going to ",
        "we shall ", "we won't ", "we will not ", "i won't ", "we will never ", "we would never ",
        "we are determined ", "we're not going ", "we are not going "];
    // one automaton per list, built once: a claim is scanned once per list
    static AUTOMATA: OnceLock<[AhoCorasick; 3]> = OnceLock::new();
    let [deontic, denial, offer] = AUTOMATA.get_or_init(|| {
        let build = |l: &[&str]| AhoCorasick::new(l).expect("fixed patterns build");
        [build(DEONTIC), build(DENIAL), build(OFFER)]
    });
    let t = format!(
        " {} ",
        text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
    );
    let starts = |needles: &[&str]| needles.iter().any(|n| t.trim_start().starts_with(n));
    if let Some(m) = deontic.find(&t) {
        let before = &t[..m.start() + 1];
        let general = NO_ONE
            .iter()
            .any(|w| before.ends_with(w) || before.ends_with(&format!("{w}will ")));
        return Some(if general { "assessment" } else { "demand" });
    }
    if starts(&[
        "i expect ",
        "we expect you",
        "we call on ",
        "we urge ",
        "i urge ",
        "we ask ",
    ]) {
        return Some("demand");
    }
    if denial.is_match(&t) {
        return Some("denial");
    }
    if starts(VOW) {
        return Some("threat");
    }
    if starts(&[
        "we condemn ",
        "i condemn ",
        "we strongly condemn ",
        "we deplore ",
    ]) {
        return Some("condemnation");
    }
    if starts(&[
        "we welcome ",
        "we support ",
        "i support ",
        "we fully support ",
        "we back ",
    ]) {
        return Some("support");
    }
    if offer.is_match(&t) {
        return Some("proposal");
    }
    None
}

/// The words of a candidate's claim, fragments joined by a space.
pub(crate) fn claim_text(ctx: &Ctx, c: &Cand) -> String {
    c.claim
        .iter()
        .map(|r| ctx.p.slice(r.clone()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads the stance from the content where the cue alone says too little: neutral cues take
/// the content's act; a warning about the speaker's own action is a threat; "warned … must" is
/// a demand. `reports_others`: another candidate is nested in this one's claim; its content is
/// then the other speaker's and says nothing of this one's stance.
pub(crate) fn stance(ctx: &Ctx, c: &Cand, schema: &Schema, reports_others: bool) -> String {
    let base = c.stance.as_str();
    if reports_others {
        return base.to_owned();
    }
    let text = claim_text(ctx, c);
    let act = content_act(&text);
    let lower = text.to_lowercase();
    let own_action = [
        "it will ",
        "we will ",
        "it would ",
        "we would ",
        "they will ",
        "i will ",
    ]
    .iter()
    .any(|w| lower.starts_with(w));
    let refined = match (base, act) {
        ("report" | "assessment", Some(a)) => a,
        ("warning" | "support", Some("demand")) => "demand",
        ("warning", _) if own_action => "threat",
        _ => base,
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
    if stance == "report" {
        return None;
    }
    if c.target.is_some() {
        return c.target.clone();
    }
    let first = c.claim.first()?.clone();
    if c.how == Some(How::Infinitive) || p.is_any(first.start, &["not", "never", "to"]) {
        // "(not to) allow such attempts", "fight closure of the market": the verb's object
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
