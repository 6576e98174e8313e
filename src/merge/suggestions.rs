//! The pending and rejected suggestions of a three-way merge of an annotation file: no side's
//! decision is lost and nothing decided comes back.
//!
//! - **Rejections**: ours, then theirs' that ours lacks (a rejection on either side stands).
//! - **Pending suggestions**, matched by rule and spans (ids differ between runs): those of ours
//!   and those only theirs has, minus every suggestion that one side took away since base
//!   (accepted or rejected there), that a merged rejection matches, or that a merged frame
//!   already says (see [`PendingSuggestion::is_covered_by`]). Ours keep their ids; theirs get
//!   fresh ones where an id is taken; a `via` that no longer names a kept suggestion or a frame
//!   is dropped.

use std::collections::HashSet;

use crate::model::{AnnotationSet, PendingSuggestion, Quote, Rejection, Span};

type Key = (String, Vec<Span>, Vec<Span>);

fn key(rule: &str, claim: &Quote, cue: Option<&Quote>) -> Key {
    (
        rule.to_owned(),
        claim.spans().collect(),
        cue.map(|q| q.spans().collect()).unwrap_or_default(),
    )
}

fn keys(set: &AnnotationSet) -> HashSet<Key> {
    set.suggestions()
        .iter()
        .map(|s| key(&s.rule, &s.claim, s.cue.as_ref()))
        .collect()
}

/// Sets the suggestions of the merged `set` (whose frames are merged already).
pub(super) fn merge_suggestions(
    base: &AnnotationSet,
    ours: &AnnotationSet,
    theirs: &AnnotationSet,
    set: &mut AnnotationSet,
) {
    let mut rejected: Vec<Rejection> = ours.rejected_suggestions().to_vec();
    for r in theirs.rejected_suggestions() {
        if !rejected.contains(r) {
            rejected.push(r.clone());
        }
    }
    let rejected_keys: HashSet<Key> = rejected
        .iter()
        .map(|r| key(&r.rule, &r.claim, r.cue.as_ref()))
        .collect();
    let (kb, ko, kt) = (keys(base), keys(ours), keys(theirs));
    let taken_away = |k: &Key| kb.contains(k) && (!ko.contains(k) || !kt.contains(k));
    let theirs_only = theirs
        .suggestions()
        .iter()
        .filter(|s| !ko.contains(&key(&s.rule, &s.claim, s.cue.as_ref())));
    let mut ids: HashSet<String> = HashSet::new();
    let mut next = ours
        .suggestions()
        .iter()
        .chain(theirs.suggestions())
        .filter_map(|s| s.id.strip_prefix('s')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut kept: Vec<PendingSuggestion> = Vec::new();
    // theirs' id → the id it has in the result, for their `via`s
    let mut theirs_ids: Vec<(String, String)> = Vec::new();
    for (from_theirs, s) in ours
        .suggestions()
        .iter()
        .map(|s| (false, s))
        .chain(theirs_only.map(|s| (true, s)))
    {
        let k = key(&s.rule, &s.claim, s.cue.as_ref());
        if taken_away(&k)
            || rejected_keys.contains(&k)
            || set.frames().iter().any(|f| s.is_covered_by(f))
        {
            continue;
        }
        let mut s = s.clone();
        if ids.contains(&s.id) {
            let id = format!("s{next}");
            next += 1;
            if from_theirs {
                theirs_ids.push((s.id.clone(), id.clone()));
            }
            s.id = id;
        }
        ids.insert(s.id.clone());
        kept.push(s);
    }
    for s in &mut kept {
        if let Some((_, new)) = theirs_ids
            .iter()
            .find(|(old, _)| Some(old) == s.via.as_ref())
        {
            s.via = Some(new.clone());
        }
        let resolves = s
            .via
            .as_ref()
            .is_some_and(|v| ids.contains(v) || set.frame(v).is_some());
        if !resolves {
            s.via = None;
        }
    }
    set.set_suggestions(kept, rejected);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Frame, Op, Schema, Transaction};

    fn pending(id: &str, start: usize, end: usize) -> PendingSuggestion {
        let text: String = "abcdefghijklmnopqrstuvwxyz".chars().collect();
        PendingSuggestion {
            id: id.into(),
            rule: "quote-source-cue".into(),
            why: String::new(),
            claim: Quote::new(Span::new(start, end), &text[start..end]),
            stance: "report".into(),
            source: None,
            cue: None,
            target: None,
            via: None,
            extra: Default::default(),
        }
    }

    fn set(ops: Vec<Op>) -> AnnotationSet {
        let mut s = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let mut tx = Transaction::new("t");
        ops.into_iter().for_each(|o| tx.push(o));
        tx.apply(&mut s).unwrap();
        s
    }

    #[test]
    fn an_accept_on_one_side_and_a_reject_on_the_other_both_stand() {
        let (s1, s2, s3) = (
            pending("s1", 0, 2),
            pending("s2", 4, 6),
            pending("s3", 8, 10),
        );
        let base = set(vec![
            Op::AddSuggestion(s1.clone()),
            Op::AddSuggestion(s2.clone()),
            Op::AddSuggestion(s3.clone()),
        ]);
        // ours accepted s1 (a frame of its claim, no cue) and found a new s4; theirs rejected
        // s2 and found another new s4
        let f1 = Frame::new("f1", s1.claim.clone(), "report");
        let ours = set(vec![
            Op::AddSuggestion(s2.clone()),
            Op::AddSuggestion(s3.clone()),
            Op::AddSuggestion(pending("s4", 16, 18)),
            Op::AddFrame(f1.clone()),
        ]);
        let mut s4 = pending("s4", 12, 14);
        s4.via = Some("s1".into());
        let theirs = set(vec![
            Op::AddSuggestion(s1.clone()),
            Op::AddSuggestion(s3.clone()),
            Op::AddSuggestion(s4.clone()),
            Op::AddRejection(Rejection::of(&s2)),
        ]);
        let mut merged = set(vec![Op::AddFrame(f1)]);
        merge_suggestions(&base, &ours, &theirs, &mut merged);
        let got: Vec<(&str, &str)> = merged
            .suggestions()
            .iter()
            .map(|s| (s.id.as_str(), s.claim.first().text.as_str()))
            .collect();
        assert_eq!(got, vec![("s3", "ij"), ("s5", "mn"), ("s4", "qr")]);
        assert_eq!(merged.suggestions()[1].via, None, "s1 was accepted away");
        assert_eq!(merged.rejected_suggestions(), &[Rejection::of(&s2)]);
    }
}
