//! Undo/redo history with revision numbers.
//!
//! Every state of an annotation set reached through [`History::apply`] gets a revision number;
//! undo and redo move between them. [`History::is_modified`] compares the current revision with
//! the one last saved, so undoing back to the saved state clears the dirty flag. The history lives
//! in memory only and is never written to disk.

use std::collections::VecDeque;

use super::{AnnotationSet, EditError, Transaction};

/// Default number of undo steps kept.
pub const DEFAULT_LIMIT: usize = 10_000;

#[derive(Debug, Clone)]
struct Step {
    tx: Transaction,
    before: u64,
    after: u64,
}

#[derive(Debug, Clone)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    limit: usize,
    current: u64,
    next: u64,
    saved: Option<u64>,
}

impl Default for History {
    fn default() -> Self {
        History::new(DEFAULT_LIMIT)
    }
}

impl History {
    /// A history keeping at most `limit` undo steps (at least 1). The initial state counts as
    /// saved.
    pub fn new(limit: usize) -> Self {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: limit.max(1),
            current: 0,
            next: 1,
            saved: Some(0),
        }
    }

    /// Applies `tx` to `set` and records it. Empty transactions are ignored (`Ok(false)`).
    pub fn apply(&mut self, set: &mut AnnotationSet, tx: Transaction) -> Result<bool, EditError> {
        if tx.is_empty() {
            return Ok(false);
        }
        tx.apply(set)?;
        let step = Step {
            tx,
            before: self.current,
            after: self.next,
        };
        self.current = self.next;
        self.next += 1;
        self.redo.clear();
        self.undo.push_back(step);
        if self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        Ok(true)
    }

    /// Undoes the last step; returns its description.
    pub fn undo(&mut self, set: &mut AnnotationSet) -> Result<Option<String>, EditError> {
        let Some(step) = self.undo.pop_back() else {
            return Ok(None);
        };
        if let Err(e) = step.tx.invert().apply(set) {
            self.undo.push_back(step);
            return Err(e);
        }
        self.current = step.before;
        let desc = step.tx.description.clone();
        self.redo.push(step);
        Ok(Some(desc))
    }

    /// Redoes the last undone step; returns its description.
    pub fn redo(&mut self, set: &mut AnnotationSet) -> Result<Option<String>, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        if let Err(e) = step.tx.apply(set) {
            self.redo.push(step);
            return Err(e);
        }
        self.current = step.after;
        let desc = step.tx.description.clone();
        self.undo.push_back(step);
        Ok(Some(desc))
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_description(&self) -> Option<&str> {
        self.undo.back().map(|s| s.tx.description.as_str())
    }

    pub fn redo_description(&self) -> Option<&str> {
        self.redo.last().map(|s| s.tx.description.as_str())
    }

    /// The step [`History::undo`] would take back (what it changes, e.g. to select it after).
    pub fn undo_transaction(&self) -> Option<&Transaction> {
        self.undo.back().map(|s| &s.tx)
    }

    /// The step [`History::redo`] would do again.
    pub fn redo_transaction(&self) -> Option<&Transaction> {
        self.redo.last().map(|s| &s.tx)
    }

    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// The revision number of the current state.
    pub fn revision(&self) -> u64 {
        self.current
    }

    /// True when the current state differs from the last saved one.
    pub fn is_modified(&self) -> bool {
        self.saved != Some(self.current)
    }

    /// Records that the current state has been saved.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.current);
    }

    /// Records that no saved state matches any revision (e.g. after a failed save of a new file).
    pub fn mark_unsaved(&mut self) {
        self.saved = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Frame, Op, Quote, Schema, Span};

    fn add(id: &str, start: usize) -> Transaction {
        Transaction::new(format!("add {id}")).with(Op::AddFrame(Frame::new(
            id,
            Quote::new(Span::new(start, start + 1), "x"),
            "warning",
        )))
    }

    #[test]
    fn undo_redo_and_dirty_flag() {
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let mut h = History::default();
        assert!(!h.is_modified());
        h.apply(&mut set, add("f1", 0)).unwrap();
        h.apply(&mut set, add("f2", 1)).unwrap();
        assert!(h.is_modified());
        h.mark_saved();
        assert_eq!(h.undo_description(), Some("add f2"));
        assert_eq!(h.undo(&mut set).unwrap().as_deref(), Some("add f2"));
        assert!(h.is_modified());
        assert_eq!(set.frames().len(), 1);
        h.redo(&mut set).unwrap();
        assert!(!h.is_modified(), "back at the saved revision");
        h.undo(&mut set).unwrap();
        h.apply(&mut set, add("f3", 2)).unwrap();
        assert!(!h.can_redo(), "a new edit clears redo");
        assert!(h.is_modified());
    }

    #[test]
    fn bounded() {
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let mut h = History::new(3);
        for i in 0..5 {
            h.apply(&mut set, add(&format!("f{i}"), i)).unwrap();
        }
        assert_eq!(h.undo_len(), 3);
        while h.undo(&mut set).unwrap().is_some() {}
        assert_eq!(set.frames().len(), 2);
    }
}
