//! Suggestions as ordinary frames: what accepting them makes (one frame per suggestion, with
//! the rule as provenance) and what pre-annotation hands to other tools.

use serde_json::{json, Map};

use super::{EntityLink, SuggestedParticipant, Suggestion};
use crate::model::{AnnotationSet, Entity, Frame, Participant};

/// Provenance recorded in a frame made from a suggestion: `{"method": "suggested", "rule": …}`
/// under the frame's `"provenance"` key.
pub fn provenance(s: &Suggestion) -> Map<String, serde_json::Value> {
    let mut extra = Map::new();
    extra.insert(
        "provenance".to_owned(),
        json!({"method": "suggested", "rule": s.rule.id()}),
    );
    extra
}

/// Frames for `suggestions`, with ids that are fresh in `set` (continuing its numbering), `via`
/// mapped to the new ids, and the new entities the suggestions propose (one per distinct name,
/// ids fresh in `set`). Entities of `set` are linked by id as the suggestions say.
pub fn to_frames(suggestions: &[Suggestion], set: &AnnotationSet) -> (Vec<Frame>, Vec<Entity>) {
    let first_frame = number(&set.next_frame_id());
    let mut next_entity = number(&set.next_entity_id());
    let ids: Vec<String> = (0..suggestions.len())
        .map(|k| format!("f{}", first_frame + k as u64))
        .collect();
    let mut new_entities: Vec<Entity> = Vec::new();
    let mut entity_id = |link: &EntityLink| -> String {
        match link {
            EntityLink::Existing(id) => id.clone(),
            EntityLink::New { name, kind } => {
                if let Some(e) = new_entities.iter().find(|e| &e.name == name) {
                    return e.id.clone();
                }
                let id = format!("e{next_entity}");
                next_entity += 1;
                new_entities.push(Entity::new(id.clone(), name.clone(), kind.clone()));
                id
            }
        }
    };
    let mut participant = |p: &Option<SuggestedParticipant>| -> Option<Participant> {
        let p = p.as_ref()?;
        let out = Participant {
            span: p.span.clone(),
            entity: p.entity.as_ref().map(&mut entity_id),
        };
        (!out.is_empty()).then_some(out)
    };
    let mut frames = Vec::with_capacity(suggestions.len());
    for (k, s) in suggestions.iter().enumerate() {
        let mut f = Frame::new(ids[k].clone(), s.claim.clone(), s.stance.clone());
        f.source = participant(&s.source);
        f.target = participant(&s.target);
        f.cue = s.cue.clone();
        f.via = s.via.and_then(|v| ids.get(v).cloned());
        f.extra = provenance(s);
        frames.push(f);
    }
    (frames, new_entities)
}

/// The number of an id like "f12" (ids from `next_frame_id`/`next_entity_id`).
fn number(id: &str) -> u64 {
    id.trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(1)
}
