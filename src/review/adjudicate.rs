//! Adjudication: building the gold annotation set from annotators' frames.
//!
//! Every change to the gold set is a [`Transaction`] (so the workbench can undo it); nothing here
//! writes files. Gold frames get fresh ids in the gold set; entities are matched into the gold
//! set by name (case-folded), and added when missing; a `via` is re-pointed to the gold frame
//! that agrees exactly with the reporting frame, and dropped when there is none yet — and
//! restored ([`relink_via`]) by the step that brings the reporting frame into gold, so a
//! nested frame accepted before its parent keeps its link, in any order.
//!
//! **Provenance.** Each gold frame made here carries, under the key `"provenance"` of
//! [`Frame::extra`] (so the native format keeps it on a round trip without a format change):
//!
//! ```text
//! "provenance": {"method": "auto" | "accepted" | "edited",
//!                "agreed": [{"annotator": "alice", "frame": "f3"}, …],
//!                "adjudicator": "carol"}
//! ```
//!
//! `agreed` lists every compared annotator's frame that agrees exactly ([`FrameKey`]) with the
//! accepted one; `adjudicator` is who accepted it (for `auto`, who ran the automatic step).
//!
//! **Automatic acceptance** ([`auto_accept`]): within each aligned group ([`super::disagreement`])
//! every distinct exact key held by at least `min_agree` annotators is a candidate; a group with
//! exactly one candidate has it accepted, a group with two or more (competing versions that both
//! reach the threshold) is left to a person. Frames the gold set already holds (same key) are not
//! added twice.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{AnnotationSet, Entity, Frame, Op, Participant, Transaction};

use super::disagreement::{align, classify, FrameAt};
use super::key::FrameKey;
use super::resolve::{resolution, Resolution};

/// The key of [`Frame::extra`] that holds a gold frame's [`Provenance`].
pub const PROVENANCE_KEY: &str = "provenance";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Accepted by [`auto_accept`] because enough annotators agreed.
    Auto,
    /// One annotator's frame accepted as it is.
    Accepted,
    /// One annotator's frame accepted and then edited.
    Edited,
}

/// One annotator's frame.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Origin {
    pub annotator: String,
    pub frame: String,
}

/// Where a gold frame came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub method: Method,
    pub agreed: Vec<Origin>,
    pub adjudicator: String,
}

impl Provenance {
    /// The provenance stored on `frame`: `None` when there is none, an error when the stored
    /// value does not have the documented shape.
    pub fn of(frame: &Frame) -> Option<Result<Provenance, serde_json::Error>> {
        frame.extra.get(PROVENANCE_KEY).map(Provenance::deserialize)
    }

    /// Stores the provenance on `frame`, replacing any earlier one.
    pub fn store(&self, frame: &mut Frame) {
        // Invariant: a struct of strings and a unit enum always serialises.
        let v = serde_json::to_value(self).expect("provenance serialises");
        frame.extra.insert(PROVENANCE_KEY.to_owned(), v);
    }
}

/// What [`auto_accept`] did on one document.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoAccept {
    /// Adds the accepted frames (and any entities they need) to the gold set.
    pub transaction: Transaction,
    pub accepted: usize,
    /// Agreed frames the gold set already held.
    pub already_in_gold: usize,
    /// Disagreements still open against the gold set after this step (neither accepted nor
    /// rejected, see [`super::resolve::resolution`]) — the number Review mode lists as open.
    pub conflicts: usize,
    /// Disagreements among the compared annotators, open or not.
    pub disagreements: usize,
}

/// Accepts every frame on which at least `min_agree` of `sets` agree exactly (see the module
/// doc). `sets` are the compared annotators' sets of one document; `gold` is that document's
/// gold set. `min_agree` below 1 counts as 1.
pub fn auto_accept(
    sets: &[&AnnotationSet],
    gold: &AnnotationSet,
    min_agree: usize,
    adjudicator: &str,
) -> AutoAccept {
    let min_agree = min_agree.max(1);
    let groups = align(sets);
    let gold_keys: HashSet<FrameKey> = gold
        .frames()
        .iter()
        .map(|f| FrameKey::of(f, gold))
        .collect();
    let mut chosen: Vec<(FrameAt, Vec<FrameAt>)> = Vec::new();
    let mut already = 0;
    for group in &groups {
        // Distinct keys → the frames (one per annotator) holding them.
        let mut by_key: BTreeMap<FrameKey, Vec<FrameAt>> = BTreeMap::new();
        for &(r, k) in &group.frames {
            let list = by_key
                .entry(FrameKey::of(&sets[r].frames()[k], sets[r]))
                .or_default();
            if !list.iter().any(|&(x, _)| x == r) {
                list.push((r, k));
            }
        }
        let mut winners = by_key.iter().filter(|(_, v)| v.len() >= min_agree);
        let (Some((key, agreed)), None) = (winners.next(), winners.next()) else {
            continue;
        };
        if gold_keys.contains(key) {
            already += 1;
        } else {
            chosen.push((agreed[0], agreed.clone()));
        }
    }
    let mut builder = GoldBuilder::new(gold, "accept all agreed");
    let accepted = chosen.len();
    let prov = |agreed: &[FrameAt]| Provenance {
        method: Method::Auto,
        agreed: origins(sets, agreed),
        adjudicator: adjudicator.to_owned(),
    };
    builder.add_all(sets, &chosen, prov);
    let mut tx = builder.tx;
    let after = relink_via(sets, gold, &mut tx);
    let disagreements = classify(sets, &groups);
    let conflicts = disagreements
        .iter()
        .filter(|d| resolution(sets, &after, &d.frames) == Resolution::Open)
        .count();
    AutoAccept {
        transaction: tx,
        accepted,
        already_in_gold: already,
        conflicts,
        disagreements: disagreements.len(),
    }
}

/// Completes `tx` (a step on `gold`) with the `via` links the frames it adds bring within
/// reach: a gold frame without a `via` (or with one naming no gold frame) whose provenance
/// names an annotator's frame reported via another frame is linked to the frame this step adds
/// that agrees exactly with that reporting frame. Frames already in gold are not linked anew
/// (the adjudicator may have cleared a link on purpose). Returns the gold set as it is after
/// the completed step (`gold` unchanged, should `tx` not apply to it).
pub fn relink_via(
    sets: &[&AnnotationSet],
    gold: &AnnotationSet,
    tx: &mut Transaction,
) -> AnnotationSet {
    let mut after = gold.clone();
    if tx.apply(&mut after).is_err() {
        return gold.clone();
    }
    let by_key: HashMap<FrameKey, &str> = after
        .frames()
        .iter()
        .filter(|f| gold.frame(&f.id) != Some(f))
        .map(|f| (FrameKey::of(f, &after), f.id.as_str()))
        .collect();
    if by_key.is_empty() {
        return after;
    }
    let mut links = Vec::new();
    for g in after.frames() {
        if g.via.as_deref().is_some_and(|v| after.frame(v).is_some()) {
            continue;
        }
        let Some(Ok(p)) = Provenance::of(g) else {
            continue;
        };
        let reporter = p.agreed.iter().find_map(|o| {
            let set = sets.iter().find(|s| s.annotator == o.annotator)?;
            let reporter = set.frame(set.frame(&o.frame)?.via.as_deref()?)?;
            by_key
                .get(&FrameKey::of(reporter, set))
                .filter(|&&id| id != g.id)
        });
        if let Some(&id) = reporter {
            let mut n = g.clone();
            n.via = Some(id.to_owned());
            links.push(Op::UpdateFrame {
                old: g.clone(),
                new: n,
            });
        }
    }
    for op in links {
        // Invariant: each op updates a different frame, from the state just computed.
        op.apply(&mut after).expect("a via link applies");
        tx.push(op);
    }
    after
}

/// Why a manual acceptance could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdjudicationError {
    #[error("annotator {0} is not among the compared annotators")]
    NoSuchAnnotator(usize),
    #[error("annotator {annotator} has no frame {frame}")]
    NoSuchFrame { annotator: String, frame: String },
}

/// Accepts annotator `annotator`'s frame `frame_id` into `gold`, or, with `edited`, that frame
/// as the adjudicator edited it (its claim, stance, participants, … taken from `edited`; the
/// gold id and provenance are set here). `agreed` lists every annotator whose frame agrees
/// exactly with the original.
pub fn accept(
    sets: &[&AnnotationSet],
    gold: &AnnotationSet,
    annotator: usize,
    frame_id: &str,
    edited: Option<&Frame>,
    adjudicator: &str,
) -> Result<Transaction, AdjudicationError> {
    let set = sets
        .get(annotator)
        .ok_or(AdjudicationError::NoSuchAnnotator(annotator))?;
    let k = set
        .frame_index(frame_id)
        .ok_or_else(|| AdjudicationError::NoSuchFrame {
            annotator: set.annotator.clone(),
            frame: frame_id.to_owned(),
        })?;
    let key = FrameKey::of(&set.frames()[k], set);
    let mut agreed = vec![(annotator, k)];
    for (r, s) in sets.iter().enumerate() {
        if r == annotator {
            continue;
        }
        if let Some(j) = s.frames().iter().position(|f| FrameKey::of(f, s) == key) {
            agreed.push((r, j));
        }
    }
    agreed.sort_unstable();
    let method = if edited.is_some() {
        Method::Edited
    } else {
        Method::Accepted
    };
    let mut builder = GoldBuilder::new(gold, format!("accept {} of {}", frame_id, set.annotator));
    let provenance = Provenance {
        method,
        agreed: origins(sets, &agreed),
        adjudicator: adjudicator.to_owned(),
    };
    let mut source = set.frames()[k].clone();
    if let Some(e) = edited {
        source = e.clone();
    }
    builder.add_frame(sets, annotator, &source, &HashMap::new(), provenance);
    Ok(builder.tx)
}

/// Removes frame `id` from the gold set (rejecting an earlier acceptance), or `None` when gold
/// has no such frame.
pub fn reject(gold: &AnnotationSet, id: &str) -> Option<Transaction> {
    let f = gold.frame(id)?;
    Some(Transaction::new(format!("reject {id}")).with(Op::RemoveFrame(f.clone())))
}

fn origins(sets: &[&AnnotationSet], frames: &[FrameAt]) -> Vec<Origin> {
    frames
        .iter()
        .map(|&(r, k)| Origin {
            annotator: sets[r].annotator.clone(),
            frame: sets[r].frames()[k].id.clone(),
        })
        .collect()
}

/// Accumulates the ops that add frames to a gold set, allocating fresh ids.
struct GoldBuilder<'g> {
    gold: &'g AnnotationSet,
    tx: Transaction,
    next_frame: u64,
    next_entity: u64,
    /// Gold entity id by case-folded name, including entities added by this transaction.
    entities: HashMap<String, String>,
}

impl<'g> GoldBuilder<'g> {
    fn new(gold: &'g AnnotationSet, description: impl Into<String>) -> Self {
        let number = |id: String| id[1..].parse::<u64>().unwrap_or(1);
        GoldBuilder {
            gold,
            tx: Transaction::new(description),
            next_frame: number(gold.next_frame_id()),
            next_entity: number(gold.next_entity_id()),
            entities: gold
                .entities
                .iter()
                .map(|e| (e.name.trim().to_lowercase(), e.id.clone()))
                .collect(),
        }
    }

    /// Adds the representative frame of each chosen group. Ids are assigned first so that a
    /// `via` can point to a frame accepted in the same step.
    fn add_all(
        &mut self,
        sets: &[&AnnotationSet],
        chosen: &[(FrameAt, Vec<FrameAt>)],
        provenance: impl Fn(&[FrameAt]) -> Provenance,
    ) {
        let mut gold_ids: HashMap<FrameKey, String> = self
            .gold
            .frames()
            .iter()
            .map(|f| (FrameKey::of(f, self.gold), f.id.clone()))
            .collect();
        let mut ids = Vec::with_capacity(chosen.len());
        for &((r, k), _) in chosen {
            let id = format!("f{}", self.next_frame);
            self.next_frame += 1;
            gold_ids.insert(FrameKey::of(&sets[r].frames()[k], sets[r]), id.clone());
            ids.push(id);
        }
        for (((r, k), agreed), id) in chosen.iter().zip(ids) {
            let mut frame = sets[*r].frames()[*k].clone();
            frame.id = id;
            self.push_frame(sets, *r, frame, &gold_ids, provenance(agreed));
        }
    }

    /// Adds `frame` (a frame of annotator `r`, or an edited copy) under a fresh id.
    fn add_frame(
        &mut self,
        sets: &[&AnnotationSet],
        r: usize,
        frame: &Frame,
        extra_ids: &HashMap<FrameKey, String>,
        provenance: Provenance,
    ) {
        let mut gold_ids: HashMap<FrameKey, String> = self
            .gold
            .frames()
            .iter()
            .map(|f| (FrameKey::of(f, self.gold), f.id.clone()))
            .collect();
        gold_ids.extend(extra_ids.iter().map(|(k, v)| (k.clone(), v.clone())));
        let mut frame = frame.clone();
        frame.id = format!("f{}", self.next_frame);
        self.next_frame += 1;
        self.push_frame(sets, r, frame, &gold_ids, provenance);
    }

    fn push_frame(
        &mut self,
        sets: &[&AnnotationSet],
        r: usize,
        mut frame: Frame,
        gold_ids: &HashMap<FrameKey, String>,
        provenance: Provenance,
    ) {
        let set = sets[r];
        frame.source = self.map_participant(frame.source.take(), set);
        frame.target = self.map_participant(frame.target.take(), set);
        frame.via = frame
            .via
            .as_deref()
            .and_then(|v| set.frame(v))
            .and_then(|reporter| gold_ids.get(&FrameKey::of(reporter, set)).cloned());
        frame.extra.remove(PROVENANCE_KEY);
        provenance.store(&mut frame);
        self.tx.push(Op::AddFrame(frame));
    }

    /// Re-points a participant's entity to the gold set's entity of the same name, adding one.
    fn map_participant(
        &mut self,
        p: Option<Participant>,
        set: &AnnotationSet,
    ) -> Option<Participant> {
        let mut p = p?;
        p.entity = p.entity.as_deref().and_then(|id| set.entity(id)).map(|e| {
            let name = e.name.trim().to_lowercase();
            if let Some(id) = self.entities.get(&name) {
                return id.clone();
            }
            let id = format!("e{}", self.next_entity);
            self.next_entity += 1;
            let mut new = Entity::new(id.clone(), e.name.clone(), e.kind.clone());
            new.extra = e.extra.clone();
            self.tx.push(Op::AddEntity(new));
            self.entities.insert(name, id.clone());
            id
        });
        (!p.is_empty()).then_some(p)
    }
}
