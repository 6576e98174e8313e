//! Edit operations and transactions: the only way annotations change.
//!
//! Every [`Op`] carries both the old and the new value, so it can be inverted without looking at
//! the set, and applying it checks that the set really holds the old value (a stale edit is an
//! error, never a silent overwrite). A [`Transaction`] is a described group of ops applied
//! all-or-nothing; its [`Transaction::invert`] undoes it. The GUI, CLI batch work and
//! adjudication all build transactions and apply them through [`crate::model::History`].

use serde_json::Value;

use super::{AnnotationSet, Entity, Frame, PendingSuggestion, Rejection, Status};

// Boxing the frames would save a few hundred bytes per op in the history (at most
// `history::DEFAULT_LIMIT` transactions) at the cost of noisier construction everywhere.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    AddFrame(Frame),
    RemoveFrame(Frame),
    UpdateFrame {
        old: Frame,
        new: Frame,
    },
    AddEntity(Entity),
    RemoveEntity(Entity),
    UpdateEntity {
        old: Entity,
        new: Entity,
    },
    SetStatus {
        old: Status,
        new: Status,
    },
    /// Sets (`Some`) or removes (`None`) a top-level field of the set's [`AnnotationSet::extra`]
    /// (e.g. the adjudication decisions a gold file records).
    SetExtra {
        key: String,
        old: Option<Value>,
        new: Option<Value>,
    },
    /// Adds a pending suggestion (see [`crate::model::suggestion`]).
    AddSuggestion(PendingSuggestion),
    /// Removes a pending suggestion (accepted or rejected).
    RemoveSuggestion(PendingSuggestion),
    UpdateSuggestion {
        old: PendingSuggestion,
        new: PendingSuggestion,
    },
    /// Replaces every pending suggestion at once (a run of the finder over the whole text).
    SetSuggestions {
        old: Vec<PendingSuggestion>,
        new: Vec<PendingSuggestion>,
    },
    /// Records a rejection (appended).
    AddRejection(Rejection),
    /// Removes the last recorded rejection, which must be this one.
    RemoveRejection(Rejection),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("frame {0} already exists")]
    FrameExists(String),
    #[error("frame {0} does not exist or has changed")]
    FrameMismatch(String),
    #[error("entity {0} already exists")]
    EntityExists(String),
    #[error("entity {0} does not exist or has changed")]
    EntityMismatch(String),
    #[error("an update may not change an id ({0} → {1})")]
    IdChange(String, String),
    #[error("field {0:?} does not hold the expected value")]
    ExtraMismatch(String),
    #[error("suggestion {0} already exists")]
    SuggestionExists(String),
    #[error("suggestion {0} does not exist or has changed")]
    SuggestionMismatch(String),
    #[error("the pending suggestions have changed")]
    SuggestionsChanged,
    #[error("the last rejection is not the expected one")]
    RejectionMismatch,
    #[error("status is {found:?}, expected {expected:?}")]
    StatusMismatch { expected: Status, found: Status },
}

impl Op {
    /// The op that undoes this one.
    pub fn invert(&self) -> Op {
        match self {
            Op::AddFrame(f) => Op::RemoveFrame(f.clone()),
            Op::RemoveFrame(f) => Op::AddFrame(f.clone()),
            Op::UpdateFrame { old, new } => Op::UpdateFrame {
                old: new.clone(),
                new: old.clone(),
            },
            Op::AddEntity(e) => Op::RemoveEntity(e.clone()),
            Op::RemoveEntity(e) => Op::AddEntity(e.clone()),
            Op::UpdateEntity { old, new } => Op::UpdateEntity {
                old: new.clone(),
                new: old.clone(),
            },
            Op::SetStatus { old, new } => Op::SetStatus {
                old: *new,
                new: *old,
            },
            Op::SetExtra { key, old, new } => Op::SetExtra {
                key: key.clone(),
                old: new.clone(),
                new: old.clone(),
            },
            Op::AddSuggestion(s) => Op::RemoveSuggestion(s.clone()),
            Op::RemoveSuggestion(s) => Op::AddSuggestion(s.clone()),
            Op::UpdateSuggestion { old, new } => Op::UpdateSuggestion {
                old: new.clone(),
                new: old.clone(),
            },
            Op::SetSuggestions { old, new } => Op::SetSuggestions {
                old: new.clone(),
                new: old.clone(),
            },
            Op::AddRejection(r) => Op::RemoveRejection(r.clone()),
            Op::RemoveRejection(r) => Op::AddRejection(r.clone()),
        }
    }

    /// Applies the op, or leaves the set unchanged and says why not.
    pub fn apply(&self, set: &mut AnnotationSet) -> Result<(), EditError> {
        match self {
            Op::AddFrame(f) => {
                if set.frame(&f.id).is_some() {
                    return Err(EditError::FrameExists(f.id.clone()));
                }
                set.insert_frame(f.clone());
            }
            Op::RemoveFrame(f) => {
                if set.frame(&f.id) != Some(f) {
                    return Err(EditError::FrameMismatch(f.id.clone()));
                }
                set.take_frame(&f.id);
            }
            Op::UpdateFrame { old, new } => {
                if old.id != new.id {
                    return Err(EditError::IdChange(old.id.clone(), new.id.clone()));
                }
                if set.frame(&old.id) != Some(old) {
                    return Err(EditError::FrameMismatch(old.id.clone()));
                }
                set.take_frame(&old.id);
                set.insert_frame(new.clone());
            }
            Op::AddEntity(e) => {
                if set.entity(&e.id).is_some() {
                    return Err(EditError::EntityExists(e.id.clone()));
                }
                set.insert_entity(e.clone());
            }
            Op::RemoveEntity(e) => {
                let i = entity_position(set, e)?;
                set.entities.remove(i);
            }
            Op::UpdateEntity { old, new } => {
                if old.id != new.id {
                    return Err(EditError::IdChange(old.id.clone(), new.id.clone()));
                }
                let i = entity_position(set, old)?;
                set.entities[i] = new.clone();
            }
            Op::SetStatus { old, new } => {
                if set.status != *old {
                    return Err(EditError::StatusMismatch {
                        expected: *old,
                        found: set.status,
                    });
                }
                set.status = *new;
            }
            Op::SetExtra { key, old, new } => {
                if set.extra.get(key) != old.as_ref() {
                    return Err(EditError::ExtraMismatch(key.clone()));
                }
                match new {
                    Some(v) => {
                        set.extra.insert(key.clone(), v.clone());
                    }
                    None => {
                        set.extra.remove(key);
                    }
                }
            }
            Op::AddSuggestion(_)
            | Op::RemoveSuggestion(_)
            | Op::UpdateSuggestion { .. }
            | Op::SetSuggestions { .. }
            | Op::AddRejection(_)
            | Op::RemoveRejection(_) => self.apply_to_suggestions(set)?,
        }
        Ok(())
    }

    fn apply_to_suggestions(&self, set: &mut AnnotationSet) -> Result<(), EditError> {
        match self {
            Op::AddSuggestion(s) => {
                if set.suggestion(&s.id).is_some() {
                    return Err(EditError::SuggestionExists(s.id.clone()));
                }
                set.insert_suggestion(s.clone());
            }
            Op::RemoveSuggestion(s) => {
                if set.suggestion(&s.id) != Some(s) {
                    return Err(EditError::SuggestionMismatch(s.id.clone()));
                }
                set.take_suggestion(&s.id);
            }
            Op::UpdateSuggestion { old, new } => {
                if old.id != new.id {
                    return Err(EditError::IdChange(old.id.clone(), new.id.clone()));
                }
                if set.suggestion(&old.id) != Some(old) {
                    return Err(EditError::SuggestionMismatch(old.id.clone()));
                }
                set.take_suggestion(&old.id);
                set.insert_suggestion(new.clone());
            }
            Op::SetSuggestions { old, new } => {
                // Either list may come unsorted; the set keeps its own in suggestion order.
                let mut old = old.clone();
                old.sort_by(super::annotation::suggestion_order);
                if set.suggestions() != old.as_slice() {
                    return Err(EditError::SuggestionsChanged);
                }
                let mut new = new.clone();
                new.sort_by(super::annotation::suggestion_order);
                *set.suggestions_mut() = new;
            }
            Op::AddRejection(r) => set.rejected_mut().push(r.clone()),
            Op::RemoveRejection(r) => {
                if set.rejected_suggestions().last() != Some(r) {
                    return Err(EditError::RejectionMismatch);
                }
                set.rejected_mut().pop();
            }
            _ => unreachable!("only suggestion ops are routed here"),
        }
        Ok(())
    }

    /// The id of the frame this op touches, if any.
    pub fn frame_id(&self) -> Option<&str> {
        match self {
            Op::AddFrame(f) | Op::RemoveFrame(f) => Some(&f.id),
            Op::UpdateFrame { new, .. } => Some(&new.id),
            _ => None,
        }
    }
}

fn entity_position(set: &AnnotationSet, e: &Entity) -> Result<usize, EditError> {
    set.entities
        .iter()
        .position(|x| x == e)
        .ok_or_else(|| EditError::EntityMismatch(e.id.clone()))
}

/// A described group of ops, applied all-or-nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    /// Human description, shown as "Undo: …" ("set source of f7").
    pub description: String,
    pub ops: Vec<Op>,
}

impl Transaction {
    pub fn new(description: impl Into<String>) -> Self {
        Transaction {
            description: description.into(),
            ops: Vec::new(),
        }
    }

    pub fn with(mut self, op: Op) -> Self {
        self.ops.push(op);
        self
    }

    pub fn push(&mut self, op: Op) {
        self.ops.push(op);
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The transaction that undoes this one: inverse ops in reverse order.
    pub fn invert(&self) -> Transaction {
        Transaction {
            description: self.description.clone(),
            ops: self.ops.iter().rev().map(Op::invert).collect(),
        }
    }

    /// Applies every op, or none: on the first failing op the applied ones are rolled back.
    pub fn apply(&self, set: &mut AnnotationSet) -> Result<(), EditError> {
        for (i, op) in self.ops.iter().enumerate() {
            if let Err(e) = op.apply(set) {
                for done in self.ops[..i].iter().rev() {
                    // Invariant: the inverse of an op that just succeeded always applies.
                    done.invert()
                        .apply(set)
                        .expect("inverse of an applied op applies");
                }
                return Err(e);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Quote, Schema, Span};

    fn set() -> AnnotationSet {
        AnnotationSet::new("d", "ann", Schema::default_news().reference())
    }

    #[test]
    fn failed_transaction_rolls_back() {
        let mut s = set();
        let f1 = Frame::new("f1", Quote::new(Span::new(0, 1), "a"), "warning");
        let tx = Transaction::new("two adds")
            .with(Op::AddFrame(f1.clone()))
            .with(Op::AddFrame(f1.clone()));
        assert_eq!(tx.apply(&mut s), Err(EditError::FrameExists("f1".into())));
        assert!(s.frames().is_empty());
    }

    #[test]
    fn set_extra_checks_the_old_value_and_inverts() {
        let mut s = set();
        let v = serde_json::json!([{"claim": [0, 4]}]);
        let put = Op::SetExtra {
            key: "rejected".into(),
            old: None,
            new: Some(v.clone()),
        };
        put.apply(&mut s).unwrap();
        assert_eq!(s.extra.get("rejected"), Some(&v));
        assert_eq!(
            put.apply(&mut s),
            Err(EditError::ExtraMismatch("rejected".into())),
            "a stale set is refused"
        );
        put.invert().apply(&mut s).unwrap();
        assert!(!s.extra.contains_key("rejected"));
    }

    #[test]
    fn stale_update_is_refused() {
        let mut s = set();
        let f1 = Frame::new("f1", Quote::new(Span::new(0, 1), "a"), "warning");
        Op::AddFrame(f1.clone()).apply(&mut s).unwrap();
        let mut other = f1.clone();
        other.stance = "denial".into();
        let stale = Op::UpdateFrame {
            old: other.clone(),
            new: f1.clone(),
        };
        assert!(stale.apply(&mut s).is_err());
        assert_eq!(s.frames(), &[f1]);
    }
}
