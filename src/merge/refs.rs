//! References between frames and entities in a merge.
//!
//! The result may not lose what a frame it keeps refers to: a frame (`via`) or an entity
//! (source, target) that one side deleted is kept, as a conflict, while a kept frame — or
//! either side's version of a frame in conflict — still names it. A `via` cycle that only the
//! two sides together make (ours changed one frame's `via`, theirs another's) is broken by
//! making one of theirs' changes on it (the first by id) a conflict with ours as its body.
//! [`broken_references`] is the final check of a result.

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::model::{AnnotationSet, Entity, Frame};

use super::keyed::{Pick, Versions};
use super::MergeError;

/// The version of `v` that `pick` puts into the result, before it is marked.
fn body<'a, T>(v: &Versions<'a, T>, pick: Pick) -> Option<&'a T> {
    match pick {
        Pick::Ours => v.ours,
        Pick::Theirs => v.theirs,
        Pick::Gone => None,
        Pick::Conflict => v.ours.or(v.theirs).or(v.base),
    }
}

/// The versions of `v` that the result keeps under `pick` and whose references must resolve:
/// the body, and for a conflict both sides' versions too (so that taking either one later
/// leaves a valid file).
fn kept_versions<'a, T>(v: &Versions<'a, T>, pick: Pick) -> impl Iterator<Item = &'a T> {
    let sides = if pick == Pick::Conflict {
        [v.ours, v.theirs]
    } else {
        [None, None]
    };
    body(v, pick).into_iter().chain(sides.into_iter().flatten())
}

/// Keeps, as conflicts, the frames and entities that a frame of the result refers to but that
/// a side deleted, and breaks `via` cycles made of the two sides' changes (see the module doc).
pub(super) fn keep_references(
    frames: &[(&str, Versions<Frame>)],
    frame_picks: &mut [Pick],
    entities: &[(&str, Versions<Entity>)],
    entity_picks: &mut [Pick],
) -> Result<(), MergeError> {
    let frame_at: HashMap<&str, usize> = frames
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let entity_at: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut queue: Vec<usize> = (0..frames.len()).collect();
    loop {
        while let Some(i) = queue.pop() {
            for f in kept_versions(&frames[i].1, frame_picks[i]) {
                if let Some(&j) = f.via.as_deref().and_then(|v| frame_at.get(v)) {
                    if frame_picks[j] == Pick::Gone {
                        frame_picks[j] = Pick::Conflict;
                        queue.push(j);
                    }
                }
                for p in [&f.source, &f.target].into_iter().flatten() {
                    if let Some(&j) = p.entity.as_deref().and_then(|e| entity_at.get(e)) {
                        if entity_picks[j] == Pick::Gone {
                            entity_picks[j] = Pick::Conflict;
                        }
                    }
                }
            }
        }
        let cycles = via_cycles(frames, frame_picks, &frame_at);
        if cycles.is_empty() {
            return Ok(());
        }
        for cycle in cycles {
            // One conflict per cycle (the first of theirs' changes in id order) breaks it.
            let breaker = cycle
                .iter()
                .copied()
                .filter(|&i| frame_picks[i] == Pick::Theirs && frames[i].1.ours.is_some())
                .min_by(|&a, &b| crate::model::id_order(frames[a].0, frames[b].0));
            if let Some(i) = breaker {
                frame_picks[i] = Pick::Conflict;
                queue.push(i);
            } else {
                let ids: Vec<&str> = cycle.iter().map(|&i| frames[i].0).collect();
                return Err(MergeError::Refused(format!(
                    "the merged frames would report each other in a cycle ({}), and neither \
                     side's version can break it",
                    ids.join(" → ")
                )));
            }
        }
    }
}

/// The `via` cycles among the result's frames, each as positions in `frames`.
fn via_cycles(
    frames: &[(&str, Versions<Frame>)],
    picks: &[Pick],
    frame_at: &HashMap<&str, usize>,
) -> Vec<Vec<usize>> {
    let next = |i: usize| -> Option<usize> {
        let f = body(&frames[i].1, picks[i])?;
        let j = *frame_at.get(f.via.as_deref()?)?;
        (picks[j] != Pick::Gone).then_some(j)
    };
    // 0: not visited, 1: on the current path, 2: done.
    let mut state = vec![0u8; frames.len()];
    let mut cycles = Vec::new();
    for start in 0..frames.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                0 => {
                    state[i] = 1;
                    path.push(i);
                    cur = next(i);
                }
                1 => {
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    cycles.push(path[from..].to_vec());
                    break;
                }
                _ => break,
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
    cycles
}

/// The references of `set` that do not resolve (`via`, source and target entities) and the
/// frames on a `via` cycle, in words.
pub(super) fn broken_references(set: &AnnotationSet) -> Vec<String> {
    let frames: HashMap<&str, &Frame> = set.frames().iter().map(|f| (f.id.as_str(), f)).collect();
    let entities: HashSet<&str> = set.entities.iter().map(|e| e.id.as_str()).collect();
    let mut out = Vec::new();
    for f in set.frames() {
        if let Some(v) = f.via.as_deref() {
            if !frames.contains_key(v) {
                out.push(format!("frame {} reported via unknown frame {v}", f.id));
            }
        }
        for p in [&f.source, &f.target].into_iter().flatten() {
            if let Some(e) = p.entity.as_deref() {
                if !entities.contains(e) {
                    out.push(format!("frame {} links unknown entity {e}", f.id));
                }
            }
        }
    }
    // Each frame has at most one `via`: walk each chain once, marking frames done.
    let mut state: HashMap<&str, bool> = HashMap::with_capacity(frames.len()); // false: on path
    for f in set.frames() {
        let mut path = Vec::new();
        let mut cur = Some(f.id.as_str());
        while let Some(id) = cur.filter(|id| frames.contains_key(id)) {
            match state.get(id) {
                Some(true) => break,
                Some(false) => {
                    let from = path.iter().position(|p| *p == id).unwrap_or(0);
                    let mut ids: Vec<&str> = path[from..].to_vec();
                    ids.sort_by(|a, b| crate::model::id_order(a, b));
                    out.push(format!("frames {} form a via cycle", ids.join(", ")));
                    break;
                }
                None => {
                    state.insert(id, false);
                    path.push(id);
                    cur = frames[id].via.as_deref();
                }
            }
        }
        for id in path {
            state.insert(id, true);
        }
    }
    out
}
