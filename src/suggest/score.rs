//! Scoring predicted frames against gold frames, over one or more documents.
//!
//! Spans are compared as sets of code points (a span of several fragments covers only its
//! fragments). Per document:
//!
//! - **Cue** P/R/F1 over distinct cue spans, matched one-to-one by overlap (greedy, largest
//!   overlap first).
//! - **Claim** P/R/F1 with exact spans (the same fragments) and with overlap (one-to-one, greedy
//!   by the largest number of shared code points).
//! - For overlap-matched claims, the **accuracy** of the source and the cue (right when both are
//!   absent or both present and overlapping) and of the stance (the same id).
//! - **Full frame** P/R/F1: a prediction counts when its claim has Jaccard ≥ 0.5 with the gold
//!   claim and its source and cue are right in the sense above (one-to-one, greedy by Jaccard).
//! - **Actions per gold frame** for an annotator who works from the predictions, counting key
//!   presses and selections (the workbench's keys):
//!   - a prediction overlap-matched to a gold frame costs 1 to accept. A wrong stance costs
//!     nothing more: the stance key accepts the suggestion with that stance (one action
//!     instead of the accept key). Each role among claim, source, cue and target whose spans
//!     differ from the gold ones costs 2 (select the words + the role key); a role the gold frame
//!     lacks but the prediction has costs 2 as well (select it + clear it). If rejecting the
//!     prediction and making the frame by hand is cheaper, that is what is counted;
//!   - a prediction matched to no gold frame costs 1 (reject);
//!   - a gold frame no prediction matches is made by hand: 2 per role present (select + key),
//!     the claim with its stance counting as one role;
//!   - `via` links and entities are not counted.
//!
//!   The gold set scored against itself therefore costs exactly 1 action per frame.
//!
//! Scores of several documents add up their counts (micro-averages).

use std::collections::BTreeSet;

use crate::model::{Frame, Span};

use super::Suggestion;

/// A frame as the scorer sees it: each role a list of fragments (empty when absent).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScoredFrame {
    pub claim: Vec<Span>,
    pub stance: String,
    pub source: Vec<Span>,
    pub cue: Vec<Span>,
    pub target: Vec<Span>,
}

impl ScoredFrame {
    pub fn from_frame(f: &Frame) -> ScoredFrame {
        let spans =
            |q: Option<&crate::model::Quote>| q.map(|q| q.spans().collect()).unwrap_or_default();
        ScoredFrame {
            claim: f.claim.spans().collect(),
            stance: f.stance.clone(),
            source: spans(f.source.as_ref().and_then(|p| p.span.as_ref())),
            cue: spans(f.cue.as_ref()),
            target: spans(f.target.as_ref().and_then(|p| p.span.as_ref())),
        }
    }

    pub fn from_suggestion(s: &Suggestion) -> ScoredFrame {
        ScoredFrame {
            claim: s.claim.spans().collect(),
            stance: s.stance.clone(),
            source: s
                .source
                .iter()
                .filter_map(|p| p.span.as_ref())
                .flat_map(|q| q.spans())
                .collect(),
            cue: s.cue.iter().flat_map(|q| q.spans()).collect(),
            target: s
                .target
                .iter()
                .filter_map(|p| p.span.as_ref())
                .flat_map(|q| q.spans())
                .collect(),
        }
    }

    /// Roles besides the claim that are present (for the cost of making the frame by hand).
    fn roles_present(&self) -> usize {
        [&self.source, &self.cue, &self.target]
            .iter()
            .filter(|r| !r.is_empty())
            .count()
    }
}

/// Number of code points two fragment lists share.
pub fn overlap(a: &[Span], b: &[Span]) -> usize {
    a.iter()
        .flat_map(|x| b.iter().filter_map(move |y| x.intersection(*y)))
        .map(|s| s.len())
        .sum()
}

fn covered(a: &[Span]) -> usize {
    a.iter().map(|s| s.len()).sum()
}

/// Jaccard similarity of two fragment lists as sets of code points.
pub fn jaccard(a: &[Span], b: &[Span]) -> f64 {
    let i = overlap(a, b);
    let u = covered(a) + covered(b) - i;
    if u == 0 {
        return 1.0;
    }
    i as f64 / u as f64
}

/// Same fragments (order-insensitive, empty ones ignored).
fn same(a: &[Span], b: &[Span]) -> bool {
    let norm = |x: &[Span]| {
        x.iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<BTreeSet<_>>()
    };
    norm(a) == norm(b)
}

/// A role is right when both lack it or both have it and they overlap.
fn role_right(gold: &[Span], pred: &[Span]) -> bool {
    (gold.is_empty() && pred.is_empty()) || overlap(gold, pred) > 0
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prf {
    pub matched: usize,
    pub gold: usize,
    pub predicted: usize,
}

impl Prf {
    /// Matched over predicted; 1 when nothing was predicted and nothing was to be found.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted, self.gold == 0)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold, self.predicted == 0)
    }
    pub fn f1(&self) -> f64 {
        if self.gold + self.predicted == 0 {
            return 1.0;
        }
        2.0 * self.matched as f64 / (self.gold + self.predicted) as f64
    }
    fn add(&mut self, o: Prf) {
        self.matched += o.matched;
        self.gold += o.gold;
        self.predicted += o.predicted;
    }
}

fn ratio(n: usize, d: usize, empty_is_perfect: bool) -> f64 {
    if d == 0 {
        return if empty_is_perfect { 1.0 } else { 0.0 };
    }
    n as f64 / d as f64
}

/// The figures of one or more documents (counts; the rates are methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    pub documents: usize,
    pub cue: Prf,
    pub claim_exact: Prf,
    pub claim_overlap: Prf,
    pub full_frame: Prf,
    /// Among overlap-matched claims: how many have the right source, cue and stance.
    pub source_right: usize,
    pub cue_right: usize,
    pub stance_right: usize,
    /// Annotator actions to reach the gold frames from the predictions (see the module doc).
    pub actions: usize,
}

impl Score {
    fn matched(&self) -> usize {
        self.claim_overlap.matched
    }
    pub fn source_accuracy(&self) -> f64 {
        ratio(self.source_right, self.matched(), true)
    }
    pub fn cue_accuracy(&self) -> f64 {
        ratio(self.cue_right, self.matched(), true)
    }
    pub fn stance_accuracy(&self) -> f64 {
        ratio(self.stance_right, self.matched(), true)
    }
    /// Actions per gold frame (0 when there is no gold frame).
    pub fn actions_per_frame(&self) -> f64 {
        if self.claim_overlap.gold == 0 {
            return 0.0;
        }
        self.actions as f64 / self.claim_overlap.gold as f64
    }

    /// Adds the counts of another score (another document).
    pub fn add(&mut self, o: &Score) {
        self.documents += o.documents;
        self.cue.add(o.cue);
        self.claim_exact.add(o.claim_exact);
        self.claim_overlap.add(o.claim_overlap);
        self.full_frame.add(o.full_frame);
        self.source_right += o.source_right;
        self.cue_right += o.cue_right;
        self.stance_right += o.stance_right;
        self.actions += o.actions;
    }

    /// The header of [`Score::row`]'s Markdown table.
    pub fn table_header() -> String {
        "| document | frames | cue F1 | claim exact F1 | claim overlap P / R / F1 | source acc | cue acc | stance acc | full-frame P / R / F1 | actions / frame |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
            .to_owned()
    }

    /// One row of a Markdown table.
    pub fn row(&self, name: &str) -> String {
        let o = &self.claim_overlap;
        let f = &self.full_frame;
        format!(
            "| {name} | {} | {:.2} | {:.2} | {:.2} / {:.2} / {:.2} | {:.2} | {:.2} | {:.2} | {:.2} / {:.2} / {:.2} | {:.2} |",
            o.gold,
            self.cue.f1(),
            self.claim_exact.f1(),
            o.precision(),
            o.recall(),
            o.f1(),
            self.source_accuracy(),
            self.cue_accuracy(),
            self.stance_accuracy(),
            f.precision(),
            f.recall(),
            f.f1(),
            self.actions_per_frame(),
        )
    }
}

/// Greedy one-to-one matching: pairs with a positive weight, best first (ties by gold then
/// predicted index, so the result is deterministic). Returns `pred_of[gold]`.
fn greedy(
    n_gold: usize,
    n_pred: usize,
    weight: impl Fn(usize, usize) -> f64,
) -> Vec<Option<usize>> {
    let mut pairs = Vec::new();
    for g in 0..n_gold {
        for p in 0..n_pred {
            let w = weight(g, p);
            if w > 0.0 {
                pairs.push((w, g, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut pred_of = vec![None; n_gold];
    let mut taken = vec![false; n_pred];
    for (_, g, p) in pairs {
        if pred_of[g].is_none() && !taken[p] {
            pred_of[g] = Some(p);
            taken[p] = true;
        }
    }
    pred_of
}

fn matched_count(m: &[Option<usize>]) -> usize {
    m.iter().filter(|x| x.is_some()).count()
}

/// The cost of making a gold frame by hand.
fn by_hand(g: &ScoredFrame) -> usize {
    2 * (1 + g.roles_present())
}

/// The cost of turning prediction `p` into gold frame `g` (see the module doc).
fn fix_cost(g: &ScoredFrame, p: &ScoredFrame) -> usize {
    let mut cost = 1;
    if !same(&g.claim, &p.claim) {
        cost += 2;
    }
    for (gr, pr) in [
        (&g.source, &p.source),
        (&g.cue, &p.cue),
        (&g.target, &p.target),
    ] {
        if !same(gr, pr) {
            cost += 2;
        }
    }
    cost.min(1 + by_hand(g))
}

/// Scores one document's predictions against its gold frames.
pub fn score_document(gold: &[ScoredFrame], pred: &[ScoredFrame]) -> Score {
    let mut s = Score {
        documents: 1,
        ..Score::default()
    };
    // cues: distinct spans
    let distinct = |fs: &[ScoredFrame]| {
        let mut v: Vec<Vec<Span>> = Vec::new();
        for f in fs.iter().filter(|f| !f.cue.is_empty()) {
            if !v.iter().any(|c| same(c, &f.cue)) {
                v.push(f.cue.clone());
            }
        }
        v
    };
    let (gc, pc) = (distinct(gold), distinct(pred));
    let m = greedy(gc.len(), pc.len(), |g, p| overlap(&gc[g], &pc[p]) as f64);
    s.cue = Prf {
        matched: matched_count(&m),
        gold: gc.len(),
        predicted: pc.len(),
    };
    // claims, exact
    let m = greedy(gold.len(), pred.len(), |g, p| {
        if same(&gold[g].claim, &pred[p].claim) {
            1.0
        } else {
            0.0
        }
    });
    s.claim_exact = Prf {
        matched: matched_count(&m),
        gold: gold.len(),
        predicted: pred.len(),
    };
    // claims, overlap; role accuracy and actions on this matching
    let m = greedy(gold.len(), pred.len(), |g, p| {
        overlap(&gold[g].claim, &pred[p].claim) as f64
    });
    s.claim_overlap = Prf {
        matched: matched_count(&m),
        gold: gold.len(),
        predicted: pred.len(),
    };
    let mut actions = 0;
    for (g, mp) in m.iter().enumerate() {
        match mp {
            Some(p) => {
                let (gf, pf) = (&gold[g], &pred[*p]);
                s.source_right += role_right(&gf.source, &pf.source) as usize;
                s.cue_right += role_right(&gf.cue, &pf.cue) as usize;
                s.stance_right += (gf.stance == pf.stance) as usize;
                actions += fix_cost(gf, pf);
            }
            None => actions += by_hand(&gold[g]),
        }
    }
    actions += pred.len() - matched_count(&m); // rejections
    s.actions = actions;
    // full frames
    let m = greedy(gold.len(), pred.len(), |g, p| {
        let (gf, pf) = (&gold[g], &pred[p]);
        let j = jaccard(&gf.claim, &pf.claim);
        let ok = j >= 0.5
            && overlap(&gf.claim, &pf.claim) > 0
            && role_right(&gf.source, &pf.source)
            && role_right(&gf.cue, &pf.cue);
        if ok {
            j
        } else {
            0.0
        }
    });
    s.full_frame = Prf {
        matched: matched_count(&m),
        gold: gold.len(),
        predicted: pred.len(),
    };
    s
}

/// Scores several documents (gold, predicted) and adds up their counts.
pub fn score_documents<'a>(
    docs: impl IntoIterator<Item = (&'a [ScoredFrame], &'a [ScoredFrame])>,
) -> Score {
    let mut total = Score::default();
    for (g, p) in docs {
        total.add(&score_document(g, p));
    }
    total
}

/// Scores model frames (e.g. a gold file's against a predicted file's).
pub fn score_frames(gold: &[Frame], pred: &[Frame]) -> Score {
    let g: Vec<ScoredFrame> = gold.iter().map(ScoredFrame::from_frame).collect();
    let p: Vec<ScoredFrame> = pred.iter().map(ScoredFrame::from_frame).collect();
    score_document(&g, &p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(
        claim: (usize, usize),
        stance: &str,
        source: Option<(usize, usize)>,
        cue: Option<(usize, usize)>,
        target: Option<(usize, usize)>,
    ) -> ScoredFrame {
        let v =
            |x: Option<(usize, usize)>| x.map(|(a, b)| vec![Span::new(a, b)]).unwrap_or_default();
        ScoredFrame {
            claim: vec![Span::new(claim.0, claim.1)],
            stance: stance.into(),
            source: v(source),
            cue: v(cue),
            target: v(target),
        }
    }

    /// Four gold frames: two share one cue (as "warned" does in the sample).
    fn gold() -> Vec<ScoredFrame> {
        vec![
            f((10, 30), "report", Some((0, 5)), Some((6, 9)), None),
            f(
                (40, 60),
                "warning",
                Some((31, 35)),
                Some((36, 39)),
                Some((40, 44)),
            ),
            f((65, 80), "demand", Some((31, 35)), Some((36, 39)), None),
            f((100, 120), "denial", None, Some((90, 99)), None),
        ]
    }

    #[test]
    fn gold_against_itself_is_perfect() {
        let g = gold();
        let s = score_document(&g, &g);
        for prf in [s.cue, s.claim_exact, s.claim_overlap, s.full_frame] {
            assert_eq!((prf.precision(), prf.recall(), prf.f1()), (1.0, 1.0, 1.0));
        }
        assert_eq!(s.cue.gold, 3, "distinct cues");
        assert_eq!(
            (s.source_accuracy(), s.cue_accuracy(), s.stance_accuracy()),
            (1.0, 1.0, 1.0)
        );
        assert_eq!(s.actions, 4);
        assert_eq!(s.actions_per_frame(), 1.0);
    }

    #[test]
    fn perturbed_predictions_move_the_figures_by_hand_computed_amounts() {
        let g = gold();
        let p = vec![
            // frame 1: claim boundary off by 2 at the end (Jaccard 18/20), all else right
            f((10, 28), "report", Some((0, 5)), Some((6, 9)), None),
            // frame 2: wrong stance, target missing
            f((40, 60), "report", Some((31, 35)), Some((36, 39)), None),
            // frame 3: missed
            // frame 4: right claim, source added where gold has none (wrong), cue right
            f((100, 120), "denial", Some((85, 89)), Some((90, 99)), None),
            // spurious
            f(
                (130, 140),
                "report",
                Some((125, 129)),
                Some((121, 124)),
                None,
            ),
        ];
        let s = score_document(&g, &p);
        // cues: gold {6-9, 36-39, 90-99}, predicted {6-9, 36-39, 90-99, 121-124} → 3 matched
        assert_eq!((s.cue.matched, s.cue.gold, s.cue.predicted), (3, 3, 4));
        assert!((s.cue.f1() - 6.0 / 7.0).abs() < 1e-12);
        // exact claims: frames 2 and 4
        assert_eq!(
            (
                s.claim_exact.matched,
                s.claim_exact.gold,
                s.claim_exact.predicted
            ),
            (2, 4, 4)
        );
        assert_eq!(s.claim_exact.f1(), 0.5);
        // overlap claims: frames 1, 2, 4
        assert_eq!(s.claim_overlap.matched, 3);
        assert_eq!(
            (s.claim_overlap.precision(), s.claim_overlap.recall()),
            (0.75, 0.75)
        );
        // of the 3 matched: sources right 2 (frame 4's is not), cues 3, stances 2
        assert_eq!((s.source_right, s.cue_right, s.stance_right), (2, 3, 2));
        // full frame: frames 1 (Jaccard 0.9) and 2 → 2 of 4 / 4
        assert_eq!(s.full_frame.matched, 2);
        assert_eq!(s.full_frame.f1(), 0.5);
        // actions: frame 1: accept 1 + claim 2 = 3; frame 2: accept with the stance key 1 +
        // target 2 = 3; frame 3 by hand: claim+stance, source, cue = 6; frame 4: accept 1 +
        // clear the source 2 = 3; spurious: reject 1 → 16 actions for 4 gold frames
        assert_eq!(s.actions, 16);
        assert_eq!(s.actions_per_frame(), 4.0);
    }

    #[test]
    fn a_bad_match_costs_no_more_than_rejecting_and_making_it_by_hand() {
        let g = vec![f((10, 30), "report", Some((0, 5)), Some((6, 9)), None)];
        // everything wrong but the claim overlaps a little
        let p = vec![f(
            (29, 50),
            "warning",
            Some((40, 41)),
            Some((42, 43)),
            Some((44, 45)),
        )];
        let s = score_document(&g, &p);
        // fix: 1 + 2 (claim) + 2 + 2 + 2 (clear target) = 9 > reject 1 + by hand 6 = 7
        assert_eq!(s.actions, 7);
        assert_eq!(s.full_frame.matched, 0);
        assert_eq!(s.source_right, 0);
    }

    #[test]
    fn fragments_are_compared_as_code_point_sets() {
        let split = ScoredFrame {
            claim: vec![Span::new(1, 14), Span::new(25, 35)],
            stance: "threat".into(),
            ..ScoredFrame::default()
        };
        let covering = ScoredFrame {
            claim: vec![Span::new(1, 35)],
            stance: "threat".into(),
            ..ScoredFrame::default()
        };
        assert_eq!(overlap(&split.claim, &covering.claim), 23);
        assert!((jaccard(&split.claim, &covering.claim) - 23.0 / 34.0).abs() < 1e-12);
        let s = score_document(
            std::slice::from_ref(&split),
            std::slice::from_ref(&covering),
        );
        assert_eq!(
            (
                s.claim_exact.matched,
                s.claim_overlap.matched,
                s.full_frame.matched
            ),
            (0, 1, 1)
        );
        // accept 1 + fix the claim 2
        assert_eq!(s.actions, 3);
    }

    #[test]
    fn documents_add_up() {
        let g = gold();
        let empty: Vec<ScoredFrame> = Vec::new();
        let s = score_documents([
            (g.as_slice(), g.as_slice()),
            (g.as_slice(), empty.as_slice()),
        ]);
        assert_eq!(s.documents, 2);
        assert_eq!(
            (
                s.claim_overlap.matched,
                s.claim_overlap.gold,
                s.claim_overlap.predicted
            ),
            (4, 8, 4)
        );
        // 4 accepted + by hand: (2+4) + (2+6) + (2+4) + (2+2) → 4 + 24
        assert_eq!(s.actions, 28);
        assert_eq!(s.claim_overlap.recall(), 0.5);
        assert_eq!(score_document(&empty, &empty).claim_overlap.f1(), 1.0);
    }
}
