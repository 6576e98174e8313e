//! From the finder's suggestions to the pending suggestions of a file, and the transactions that
//! accept and reject them. Pure: each function reads an [`AnnotationSet`] and returns a
//! [`Transaction`] for the session to apply (one undoable step each).
//!
//! - [`refresh`]: a run of the finder replaces the pending suggestions, leaving out those the
//!   annotator rejected (same rule and spans) and those a frame already says (see
//!   [`PendingSuggestion::is_covered_by`]); a suggestion pending before keeps its id.
//! - [`accept`]: the suggestion becomes a frame (provenance `{"method": "suggested", "rule"}`),
//!   with the entities it proposes; suggestions it reports (`via`) now name the new frame.
//! - [`reject`]: the suggestion goes and a [`Rejection`] is recorded.
//! - [`accept_within`]: every pending suggestion whose claim lies in a span (a paragraph).

use std::collections::HashSet;

use smallvec::SmallVec;

use super::{EntityLink, SuggestedParticipant, Suggestion};
use crate::model::suggestion::resolve_party;
use crate::model::{
    AnnotationSet, Entity, Op, PendingSuggestion, ProposedEntity, Quote, Registry, Rejection, Span,
    SuggestedParty, Transaction,
};

/// Why a suggestion could not be accepted or rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PendingError {
    #[error("no pending suggestion {0}")]
    NoSuchSuggestion(String),
    #[error("stance {0:?} is not in the schema")]
    UnknownStance(String),
}

type SpanKey = (String, Vec<Span>, Vec<Span>);

fn key(rule: &str, claim: &Quote, cue: Option<&Quote>) -> SpanKey {
    (
        rule.to_owned(),
        claim.spans().collect(),
        cue.map(|q| q.spans().collect()).unwrap_or_default(),
    )
}

/// What deciding which of a run's suggestions are new needs of an annotation set: its frames'
/// claim and cue spans (no texts), its rejections, its stored suggestions and the next free
/// suggestion number. Cheap to take (a few bytes per frame, no strings copied), so that the
/// workbench hands a worker thread this instead of a copy of the whole set.
#[derive(Debug, Clone)]
pub struct RunBase {
    /// Claim and cue spans of each frame, in the set's canonical order (by claim extent).
    frames: Vec<FrameSpans>,
    /// The longest claim extent, to find the frames overlapping a claim by binary search.
    longest: usize,
    rejected: Vec<Rejection>,
    stored: Vec<PendingSuggestion>,
    next: u64,
}

/// A frame's claim and cue fragments.
#[derive(Debug, Clone)]
struct FrameSpans {
    extent: Span,
    claim: SmallVec<[Span; 1]>,
    cue: Option<SmallVec<[Span; 1]>>,
}

impl FrameSpans {
    /// [`PendingSuggestion::is_covered_by`] over spans: the frame's claim overlaps the
    /// suggestion's, and its cue overlaps the suggestion's cue (without cues on either side:
    /// the claims have the same spans).
    fn covers(&self, claim: &Quote, cue: Option<&Quote>) -> bool {
        let overlap = |a: &[Span], b: &Quote| a.iter().any(|x| b.spans().any(|y| x.overlaps(y)));
        if !overlap(&self.claim, claim) {
            return false;
        }
        match (&self.cue, cue) {
            (Some(a), Some(b)) => overlap(a, b),
            (None, None) => self.claim.iter().copied().eq(claim.spans()),
            _ => false,
        }
    }
}

impl RunBase {
    pub fn of(set: &AnnotationSet) -> RunBase {
        let frames: Vec<FrameSpans> = set
            .frames()
            .iter()
            .map(|f| FrameSpans {
                extent: f.claim.extent(),
                claim: f.claim.spans().collect(),
                cue: f.cue.as_ref().map(|q| q.spans().collect()),
            })
            .collect();
        let longest = frames.iter().map(|f| f.extent.len()).max().unwrap_or(0);
        RunBase {
            frames,
            longest,
            rejected: set.rejected_suggestions().to_vec(),
            stored: set.suggestions().to_vec(),
            next: number(&set.next_suggestion_id()),
        }
    }

    /// Whether a frame already says what a suggestion with `claim` and `cue` says.
    fn covered(&self, claim: &Quote, cue: Option<&Quote>) -> bool {
        let e = claim.extent();
        let lo = self
            .frames
            .partition_point(|f| f.extent.start + self.longest < e.start);
        self.frames[lo..]
            .iter()
            .take_while(|f| f.extent.start < e.end)
            .any(|f| f.covers(claim, cue))
    }

    /// The pending suggestions a run that found `found` leaves: see [`pending_from`].
    pub fn pending_from(&self, found: &[Suggestion]) -> Vec<PendingSuggestion> {
        let rejected: HashSet<SpanKey> = (self.rejected.iter())
            .map(|r| key(&r.rule, &r.claim, r.cue.as_ref()))
            .collect();
        let before: std::collections::HashMap<SpanKey, &str> = (self.stored.iter())
            .map(|s| (key(&s.rule, &s.claim, s.cue.as_ref()), s.id.as_str()))
            .collect();
        let mut next = self.next;
        let mut used: HashSet<String> = HashSet::new();
        // First pass: which suggestions stay and their ids.
        let mut ids: Vec<Option<String>> = Vec::with_capacity(found.len());
        for s in found {
            let k = key(s.rule.id(), &s.claim, s.cue.as_ref());
            if rejected.contains(&k) || self.covered(&s.claim, s.cue.as_ref()) {
                ids.push(None);
                continue;
            }
            let id = match before.get(&k) {
                Some(id) if !used.contains(*id) => (*id).to_owned(),
                _ => {
                    let id = format!("s{next}");
                    next += 1;
                    id
                }
            };
            used.insert(id.clone());
            ids.push(Some(id));
        }
        let mut out = Vec::with_capacity(found.len());
        for (s, id) in found.iter().zip(&ids) {
            let Some(id) = id else { continue };
            let via = s.via.and_then(|v| ids.get(v).cloned().flatten());
            out.push(to_pending(s, id.clone(), via));
        }
        out.sort_by(crate::model::annotation::suggestion_order);
        out
    }

    /// What the workbench shows: see [`shown`].
    pub fn shown(&self, found: &[Suggestion]) -> Vec<PendingSuggestion> {
        let mut out = self.pending_from(found);
        let ids: HashSet<&str> = out.iter().map(|o| o.id.as_str()).collect();
        let stored: Vec<PendingSuggestion> = (self.stored.iter())
            .filter(|s| !ids.contains(s.id.as_str()))
            .cloned()
            .collect();
        out.extend(stored);
        out.sort_by(crate::model::annotation::suggestion_order);
        out
    }
}

/// The pending suggestions a run that found `found` leaves in `set`: rejected ones and those a
/// frame already covers left out, ids kept for suggestions pending before, fresh ones after the
/// largest id in use, `via` mapped to ids. In text order.
pub fn pending_from(found: &[Suggestion], set: &AnnotationSet) -> Vec<PendingSuggestion> {
    RunBase::of(set).pending_from(found)
}

/// One suggestion of the finder as a pending suggestion with id `id` and `via` (an id).
pub fn to_pending(s: &Suggestion, id: String, via: Option<String>) -> PendingSuggestion {
    PendingSuggestion {
        id,
        rule: s.rule.id().to_owned(),
        why: s.explanation.clone(),
        claim: s.claim.clone(),
        stance: s.stance.clone(),
        source: s.source.as_ref().map(party),
        cue: s.cue.clone(),
        target: s.target.as_ref().map(party),
        via,
        extra: Default::default(),
    }
}

fn party(p: &SuggestedParticipant) -> SuggestedParty {
    let (entity, new_entity) = match &p.entity {
        Some(EntityLink::Existing(id)) => (Some(id.clone()), None),
        Some(EntityLink::New { name, kind }) => (
            None,
            Some(ProposedEntity {
                name: name.clone(),
                kind: kind.clone(),
            }),
        ),
        None => (None, None),
    };
    SuggestedParty {
        span: p.span.clone(),
        entity,
        new_entity,
    }
}

/// The transaction that replaces the pending suggestions of `set` with a run's `found` (empty
/// when nothing changes).
pub fn refresh(found: &[Suggestion], set: &AnnotationSet) -> Transaction {
    let new = pending_from(found, set);
    let mut tx = Transaction::new("suggest frames");
    if new.as_slice() != set.suggestions() {
        tx.push(Op::SetSuggestions {
            old: set.suggestions().to_vec(),
            new,
        });
    }
    tx
}

/// Accepting suggestion `id` (with `stance`, or its own): the transaction and the new frame's id.
pub fn accept(
    set: &AnnotationSet,
    schema: &crate::model::Schema,
    registry: Option<&Registry>,
    id: &str,
    stance: Option<&str>,
) -> Result<(Transaction, String), PendingError> {
    let s = set
        .suggestion(id)
        .ok_or_else(|| PendingError::NoSuchSuggestion(id.to_owned()))?;
    accept_one(set, schema, registry, s, stance)
}

/// Accepting `s` — a pending suggestion of `set`, or one shown but not stored (the workbench's
/// own run) — with `stance` or its own: the transaction and the new frame's id.
pub fn accept_one(
    set: &AnnotationSet,
    schema: &crate::model::Schema,
    registry: Option<&Registry>,
    s: &PendingSuggestion,
    stance: Option<&str>,
) -> Result<(Transaction, String), PendingError> {
    let mut tx = Transaction::new(format!("accept suggestion {}", s.rule));
    let ids = accept_into(
        &mut tx,
        set,
        schema,
        registry,
        std::slice::from_ref(s),
        stance,
    )?;
    Ok((tx, ids.into_iter().next().unwrap_or_default()))
}

/// Accepting every suggestion of `shown` (stored or not) whose claim lies within `span` (a
/// paragraph), in text order: the transaction (empty when there is none) and the frames' ids.
pub fn accept_within(
    set: &AnnotationSet,
    schema: &crate::model::Schema,
    registry: Option<&Registry>,
    shown: &[PendingSuggestion],
    span: Span,
) -> Result<(Transaction, Vec<String>), PendingError> {
    let picked: Vec<PendingSuggestion> = shown
        .iter()
        .filter(|s| {
            let e = s.claim.extent();
            span.start <= e.start && e.end <= span.end
        })
        .cloned()
        .collect();
    let mut tx = Transaction::new(format!("accept {} suggestions", picked.len()));
    let made = accept_into(&mut tx, set, schema, registry, &picked, None)?;
    Ok((tx, made))
}

fn accept_into(
    tx: &mut Transaction,
    set: &AnnotationSet,
    schema: &crate::model::Schema,
    registry: Option<&Registry>,
    picked: &[PendingSuggestion],
    stance: Option<&str>,
) -> Result<Vec<String>, PendingError> {
    for st in stance
        .into_iter()
        .chain(picked.iter().map(|s| s.stance.as_str()))
    {
        if schema.stance(st).is_none() {
            return Err(PendingError::UnknownStance(st.to_owned()));
        }
    }
    let first_frame = number(&set.next_frame_id());
    let mut created: Vec<Entity> = Vec::new();
    // suggestion id → frame id, for `via` between suggestions accepted together
    let mut made: Vec<(String, String)> = Vec::new();
    let mut frames = Vec::new();
    for (n, s) in (first_frame..).zip(picked) {
        let frame_id = format!("f{n}");
        let via = s.via.as_ref().and_then(|v| {
            if set.frame(v).is_some() {
                Some(v.clone())
            } else {
                made.iter()
                    .find(|(sid, _)| sid == v)
                    .map(|(_, f)| f.clone())
            }
        });
        let f = s.to_frame(
            frame_id.clone(),
            stance.unwrap_or(&s.stance),
            |p| resolve_party(set, registry, &mut created, p),
            via,
        );
        if set.suggestion(&s.id) == Some(s) {
            tx.push(Op::RemoveSuggestion(s.clone()));
        }
        made.push((s.id.clone(), frame_id));
        frames.push(f);
    }
    for e in created {
        tx.push(Op::AddEntity(e));
    }
    for f in frames {
        tx.push(Op::AddFrame(f));
    }
    // Suggestions still pending that were reported by an accepted one now name its frame.
    for s in set.suggestions() {
        if made.iter().any(|(sid, _)| sid == &s.id) {
            continue;
        }
        if let Some((_, fid)) = made.iter().find(|(sid, _)| Some(sid) == s.via.as_ref()) {
            let mut new = s.clone();
            new.via = Some(fid.clone());
            tx.push(Op::UpdateSuggestion {
                old: s.clone(),
                new,
            });
        }
    }
    Ok(made.into_iter().map(|(_, f)| f).collect())
}

/// Rejecting suggestion `id`: it goes, and its rule and spans are recorded.
pub fn reject(set: &AnnotationSet, id: &str) -> Result<Transaction, PendingError> {
    let s = set
        .suggestion(id)
        .ok_or_else(|| PendingError::NoSuchSuggestion(id.to_owned()))?;
    Ok(reject_one(set, s))
}

/// Rejecting `s` (stored in `set` or only shown): it goes if stored, and its rule and spans are
/// recorded so no run proposes it again.
pub fn reject_one(set: &AnnotationSet, s: &PendingSuggestion) -> Transaction {
    let mut tx = Transaction::new(format!("reject suggestion {}", s.rule));
    if set.suggestion(&s.id) == Some(s) {
        tx.push(Op::RemoveSuggestion(s.clone()));
    }
    tx.push(Op::AddRejection(Rejection::of(s)));
    for other in set.suggestions() {
        if other.via.as_deref() == Some(s.id.as_str()) && other.id != s.id {
            let mut new = other.clone();
            new.via = None;
            tx.push(Op::UpdateSuggestion {
                old: other.clone(),
                new,
            });
        }
    }
    tx
}

/// What the workbench shows: the pending suggestions stored in `set` and, after them, those of
/// a run (`found`) that are neither stored, rejected nor already frames. In text order.
pub fn shown(found: &[Suggestion], set: &AnnotationSet) -> Vec<PendingSuggestion> {
    RunBase::of(set).shown(found)
}

/// The number of an id like "s12".
fn number(id: &str) -> u64 {
    id.trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Schema, Text};
    use crate::suggest::{find, Lexicon};

    const TEXT: &str = "\"We will not back down,\" the minister said.\n\
                        Police accused the group of arson, a spokesman said.";

    fn setup() -> (AnnotationSet, Schema, Vec<Suggestion>) {
        let schema = Schema::default_news();
        let set = AnnotationSet::new("d", "a", schema.reference());
        let found = find(
            &Text::new(TEXT),
            &Lexicon::default_en(&schema).unwrap(),
            &schema,
            &[],
        );
        (set, schema, found)
    }

    fn applied(mut set: AnnotationSet, tx: &Transaction) -> AnnotationSet {
        tx.apply(&mut set).unwrap();
        set
    }

    #[test]
    fn a_run_adds_pending_suggestions_not_frames() {
        let (set, _, found) = setup();
        assert!(!found.is_empty());
        let set = applied(set.clone(), &refresh(&found, &set));
        assert!(set.frames().is_empty());
        assert_eq!(set.suggestions().len(), found.len());
        assert_eq!(set.suggestions()[0].id, "s1");
        assert_eq!(
            set.suggestions()[0].claim.first().text,
            "We will not back down"
        );
    }

    #[test]
    fn accept_makes_a_frame_with_provenance_and_undo_restores() {
        let (set, schema, found) = setup();
        let set = applied(set.clone(), &refresh(&found, &set));
        let before = set.clone();
        let (tx, fid) = accept(&set, &schema, None, "s1", Some("denial")).unwrap();
        let after = applied(set, &tx);
        assert_eq!(fid, "f1");
        let f = after.frame("f1").unwrap();
        assert_eq!(f.stance, "denial");
        assert_eq!(f.claim.first().text, "We will not back down");
        let p = f.extra.get("provenance").unwrap();
        assert_eq!(p["method"], "suggested");
        assert_eq!(p["rule"], "quote-source-cue");
        assert_eq!(p["suggested"]["claim"], serde_json::json!([[1, 22]]));
        assert!(after.suggestion("s1").is_none());
        assert_eq!(applied(after, &tx.invert()), before);
    }

    #[test]
    fn a_rejected_suggestion_does_not_come_back() {
        let (set, _, found) = setup();
        let set = applied(set.clone(), &refresh(&found, &set));
        let n = set.suggestions().len();
        let set = applied(set.clone(), &reject(&set, "s1").unwrap());
        assert_eq!(set.rejected_suggestions().len(), 1);
        let set = applied(set.clone(), &refresh(&found, &set));
        assert_eq!(set.suggestions().len(), n - 1);
        assert!(set.suggestion("s1").is_none());
    }

    #[test]
    fn an_accepted_suggestion_does_not_come_back_and_ids_stay() {
        let (set, schema, found) = setup();
        let set = applied(set.clone(), &refresh(&found, &set));
        let ids: Vec<String> = set.suggestions().iter().map(|s| s.id.clone()).collect();
        let set = applied(
            set.clone(),
            &accept(&set, &schema, None, "s1", None).unwrap().0,
        );
        let tx = refresh(&found, &set);
        assert!(tx.is_empty(), "nothing new: {tx:?}");
        let left: Vec<String> = set.suggestions().iter().map(|s| s.id.clone()).collect();
        assert_eq!(left, ids[1..].to_vec());
    }

    #[test]
    fn accept_within_a_paragraph_takes_only_its_suggestions() {
        let (set, schema, found) = setup();
        let set = applied(set.clone(), &refresh(&found, &set));
        let first_para = Span::new(0, TEXT.find('\n').unwrap());
        let shown = set.suggestions().to_vec();
        let (tx, made) = accept_within(&set, &schema, None, &shown, first_para).unwrap();
        assert_eq!(made, vec!["f1".to_owned()]);
        let after = applied(set.clone(), &tx);
        assert_eq!(after.frames().len(), 1);
        assert_eq!(after.suggestions().len(), set.suggestions().len() - 1);
    }

    #[test]
    fn a_shown_suggestion_not_stored_is_accepted_and_rejected_without_removal() {
        let (set, schema, found) = setup();
        let shown = shown(&found, &set);
        assert!(set.suggestions().is_empty());
        let (tx, fid) = accept_one(&set, &schema, None, &shown[0], None).unwrap();
        assert_eq!(fid, "f1");
        assert!(tx.ops.iter().all(|o| !matches!(o, Op::RemoveSuggestion(_))));
        let after = applied(set.clone(), &tx);
        assert_eq!(after.frames().len(), 1);
        let after = applied(set.clone(), &reject_one(&set, &shown[1]));
        assert_eq!(after.rejected_suggestions().len(), 1);
        assert_eq!(super::shown(&found, &after).len(), shown.len() - 1);
    }

    /// The span-only coverage of a run's base says what `is_covered_by` says of the frames.
    #[test]
    fn the_run_base_covers_as_the_frames_do() {
        let text = Text::new("ab 東京 said the 😀 minister warned that talks would fail.");
        let q =
            |a: usize, b: usize| Quote::new(Span::new(a, b), text.slice(Span::new(a, b)).unwrap());
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let mut with_cue = crate::model::Frame::new("f1", q(0, 10), "warning");
        with_cue.cue = Some(q(12, 15));
        let bare = crate::model::Frame::new("f2", q(30, 40), "warning");
        set.set_frames(vec![with_cue, bare]);
        let base = RunBase::of(&set);
        // (claim, cue, covered): hand-worked against the two frames above.
        let cases = [
            (q(5, 8), Some(q(13, 14)), true),    // claim and cue overlap f1's
            (q(5, 8), Some(q(20, 22)), false),   // the cue does not
            (q(5, 8), None, false),              // f1 has a cue, this has none
            (q(30, 40), None, true),             // f2's very spans, no cues
            (q(31, 40), None, false),            // overlapping but not the same spans
            (q(10, 30), Some(q(12, 13)), false), // touches both claims, overlaps neither
        ];
        for (claim, cue, want) in cases {
            assert_eq!(
                base.covered(&claim, cue.as_ref()),
                want,
                "{claim:?} {cue:?}"
            );
            let probe = PendingSuggestion {
                id: String::new(),
                rule: String::new(),
                why: String::new(),
                claim,
                stance: String::new(),
                source: None,
                cue,
                target: None,
                via: None,
                extra: Default::default(),
            };
            assert_eq!(set.frames().iter().any(|f| probe.is_covered_by(f)), want);
        }
    }

    #[test]
    fn unknown_stance_and_id_are_refused() {
        let (set, schema, found) = setup();
        let set = applied(set.clone(), &refresh(&found, &set));
        assert_eq!(
            accept(&set, &schema, None, "s1", Some("nonsense")).unwrap_err(),
            PendingError::UnknownStance("nonsense".into())
        );
        assert_eq!(
            reject(&set, "s99").unwrap_err(),
            PendingError::NoSuchSuggestion("s99".into())
        );
    }
}
