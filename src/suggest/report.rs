//! How the finder's suggestions fared with the annotators: per rule and per cue, how many were
//! proposed, accepted as is, accepted after edits and rejected, and the precision that gives.
//!
//! Counted from annotation sets alone: a frame made from a suggestion records the rule and
//! what was proposed in its provenance (see [`crate::model::suggestion::accepted_as_is`]); a
//! rejection records its rule and spans; pending suggestions are proposed but undecided.
//! **Precision** is accepted (as is or after edits) over decided (accepted + rejected); it is
//! undefined (shown as "–") while nothing was decided. A frame made from a suggestion and later
//! deleted is not counted: nothing records it.

use std::collections::BTreeMap;

use crate::model::suggestion::{accepted_as_is, suggested_rule};
use crate::model::{AnnotationSet, Quote, Text};

/// The counts of one rule or one cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Accepted + accepted after edits + rejected + still pending.
    pub proposed: usize,
    pub accepted_as_is: usize,
    pub accepted_edited: usize,
    pub rejected: usize,
}

impl Tally {
    /// Accepted over decided, `None` while nothing was decided.
    pub fn precision(&self) -> Option<f64> {
        let accepted = self.accepted_as_is + self.accepted_edited;
        let decided = accepted + self.rejected;
        (decided > 0).then(|| accepted as f64 / decided as f64)
    }
}

/// Tallies by rule id and by cue (lower-cased cue words; "(no cue)" for none).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub by_rule: BTreeMap<String, Tally>,
    pub by_cue: BTreeMap<String, Tally>,
    pub total: Tally,
}

/// What happened to one suggestion.
enum Fate {
    AsIs,
    Edited,
    Rejected,
    Pending,
}

impl Report {
    /// Adds one annotation set (on `text`, for the cue words of accepted frames).
    pub fn add(&mut self, text: &Text, set: &AnnotationSet) {
        for f in set.frames() {
            let Some(rule) = suggested_rule(f) else {
                continue;
            };
            let fate = if accepted_as_is(f) == Some(true) {
                Fate::AsIs
            } else {
                Fate::Edited
            };
            // The cue as proposed (an edited frame may have another one now).
            let cue = proposed_cue(f, text).or_else(|| f.cue.as_ref().map(cue_words));
            self.count(rule, cue, fate);
        }
        for r in set.rejected_suggestions() {
            self.count(&r.rule, r.cue.as_ref().map(cue_words), Fate::Rejected);
        }
        for s in set.suggestions() {
            self.count(&s.rule, s.cue.as_ref().map(cue_words), Fate::Pending);
        }
    }

    fn count(&mut self, rule: &str, cue: Option<String>, fate: Fate) {
        let cue = cue.unwrap_or_else(|| "(no cue)".to_owned());
        for t in [
            self.by_rule.entry(rule.to_owned()).or_default(),
            self.by_cue.entry(cue).or_default(),
            &mut self.total,
        ] {
            t.proposed += 1;
            match fate {
                Fate::AsIs => t.accepted_as_is += 1,
                Fate::Edited => t.accepted_edited += 1,
                Fate::Rejected => t.rejected += 1,
                Fate::Pending => {}
            }
        }
    }
}

fn cue_words(q: &Quote) -> String {
    q.joined_text(" … ").to_lowercase()
}

/// The cue words the suggestion had, from the spans its provenance records.
fn proposed_cue(f: &crate::model::Frame, text: &Text) -> Option<String> {
    let spans = f.extra.get("provenance")?.get("suggested")?.get("cue")?;
    let parts: Vec<String> = spans
        .as_array()?
        .iter()
        .filter_map(|p| {
            let (a, b) = (p.get(0)?.as_u64()?, p.get(1)?.as_u64()?);
            let span = crate::model::Span::new(a as usize, b as usize);
            text.slice(span).map(str::to_lowercase)
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" … "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Op, PendingSuggestion, Rejection, Schema, Span, Transaction};

    fn suggestion(
        id: &str,
        rule: &str,
        claim: (usize, usize),
        cue: (usize, usize),
    ) -> PendingSuggestion {
        let t = Text::new(TEXT);
        PendingSuggestion {
            id: id.into(),
            rule: rule.into(),
            why: String::new(),
            claim: Quote::of_text(&t, &[Span::new(claim.0, claim.1)]).unwrap(),
            stance: "warning".into(),
            source: None,
            cue: Some(Quote::of_text(&t, &[Span::new(cue.0, cue.1)]).unwrap()),
            target: None,
            via: None,
            extra: Default::default(),
        }
    }

    //                   0         1         2         3         4
    //                   0123456789012345678901234567890123456789012345
    const TEXT: &str = "Rain ahead, he warned. Sun later, she said. Oh.";

    #[test]
    fn counts_by_rule_and_cue_and_precision_over_decided() {
        let text = Text::new(TEXT);
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let a = suggestion("s1", "clause-source-cue", (0, 10), (15, 21));
        let b = suggestion("s2", "clause-source-cue", (23, 32), (38, 42));
        let c = suggestion("s3", "headline", (0, 4), (15, 21));
        let d = suggestion("s4", "headline", (44, 46), (38, 42));
        // a accepted as is, b accepted with another stance, c rejected, d pending
        let fa = a.to_frame("f1".into(), "warning", |_| None, None);
        let fb = b.to_frame("f2".into(), "denial", |_| None, None);
        let tx = Transaction::new("t")
            .with(Op::AddFrame(fa))
            .with(Op::AddFrame(fb))
            .with(Op::AddRejection(Rejection::of(&c)))
            .with(Op::AddSuggestion(d));
        tx.apply(&mut set).unwrap();
        let mut r = Report::default();
        r.add(&text, &set);
        let csc = r.by_rule["clause-source-cue"];
        assert_eq!(
            (
                csc.proposed,
                csc.accepted_as_is,
                csc.accepted_edited,
                csc.rejected
            ),
            (2, 1, 1, 0)
        );
        assert_eq!(csc.precision(), Some(1.0));
        let h = r.by_rule["headline"];
        assert_eq!(
            (h.proposed, h.accepted_as_is, h.accepted_edited, h.rejected),
            (2, 0, 0, 1)
        );
        assert_eq!(h.precision(), Some(0.0));
        let warned = r.by_cue["warned"];
        assert_eq!(
            (warned.proposed, warned.accepted_as_is, warned.rejected),
            (2, 1, 1)
        );
        assert_eq!(warned.precision(), Some(0.5));
        let said = r.by_cue["said"];
        assert_eq!((said.proposed, said.accepted_edited), (2, 1));
        assert_eq!(said.precision(), Some(1.0), "the pending one is undecided");
        assert_eq!(r.total.proposed, 4);
        assert_eq!(Tally::default().precision(), None);
    }
}
