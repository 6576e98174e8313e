//! Annotation commands: edits with undo, stance keys, span roles, deleting and stepping
//! through frames, the text selection and the find bar.

use crate::model::{Frame, Op, Participant, Quote, SpanRole, Transaction};

use super::super::app::App;
use super::super::command::Command;
use crate::session::view::{changed_frame, find, step_frame, word_extend, Selection};

impl App {
    /// Applies an edit to the open document (its first edit also starts it, see
    /// [`App::with_auto_status`]); the status bar shows its description.
    pub(in crate::ui) fn edit(&mut self, tx: Transaction) -> bool {
        let tx = self.with_auto_status(tx);
        let Some(s) = &mut self.session else {
            return false;
        };
        let desc = tx.description.clone();
        match s.apply(tx) {
            Ok(_) => {
                self.status = desc;
                true
            }
            Err(e) => {
                self.errors.push(format!("{desc}: {e}"));
                false
            }
        }
    }

    /// Undo or redo; the frame it brings back or changes becomes the selected one.
    pub(super) fn undo_redo(&mut self, redo: bool) {
        let Some(s) = &mut self.session else { return };
        let step = if redo {
            s.history().redo_transaction()
        } else {
            s.history().undo_transaction()
        }
        .cloned();
        let r = if redo { s.redo() } else { s.undo() };
        let done = matches!(r, Ok(Some(_)));
        match r {
            Ok(Some(d)) => self.status = format!("{} {d}", if redo { "redid:" } else { "undid:" }),
            Ok(None) => self.status = format!("nothing to {}", if redo { "redo" } else { "undo" }),
            Err(e) => self.errors.push(e.to_string()),
        }
        let s = &*s;
        let changed = step
            .filter(|_| done)
            .and_then(|tx| changed_frame(&tx, !redo, s.annotations()));
        match changed {
            Some(id) => self.select_frame(id),
            None => {
                if let Some(id) = &self.view.frame {
                    if s.annotations().frame(id).is_none() {
                        self.view.frame = None;
                    }
                }
                self.view.panels.note = None;
            }
        }
    }

    fn selected(&self) -> Option<&Frame> {
        let s = self.session.as_ref()?;
        s.annotations().frame(self.view.frame.as_deref()?)
    }

    fn selection_quote(&self) -> Option<Quote> {
        let s = self.session.as_ref()?;
        let span = self.view.selection.span();
        if span.is_empty() {
            return None;
        }
        Some(Quote::new(span, s.document.text.slice(span)?))
    }

    /// Collapses the selection to its end (after it became part of a frame).
    fn collapse_selection(&mut self) {
        let h = self.view.selection.span().end;
        self.view.selection = Selection::new(h, h);
    }

    /// With text selected: a new frame; otherwise: accept the current suggestion with this
    /// stance, or change the selected frame's stance.
    pub(super) fn stance(&mut self, id: &str) {
        let Some(s) = &self.session else { return };
        if self.selection_quote().is_none() && self.current_suggestion().is_some() {
            self.accept_suggestion(Some(id));
        } else if let Some(claim) = self.selection_quote() {
            let fid = s.annotations().next_frame_id();
            let tx = Transaction::new(format!("add {fid} ({id})")).with(Op::AddFrame(Frame::new(
                fid.clone(),
                claim,
                id,
            )));
            self.edit(tx);
            self.view.frame = Some(fid);
            self.collapse_selection();
        } else if let Some(f) = self.selected() {
            if f.stance != id {
                let mut n = f.clone();
                n.stance = id.to_owned();
                let tx = Transaction::new(format!("set stance of {} to {id}", f.id)).with(
                    Op::UpdateFrame {
                        old: f.clone(),
                        new: n,
                    },
                );
                self.edit(tx);
            }
        } else {
            self.status = "select the words of a claim first".into();
        }
    }

    pub(super) fn set_role(&mut self, role: SpanRole) {
        let (Some(f), Some(q)) = (self.selected(), self.selection_quote()) else {
            self.status = format!("select a frame and some text to set its {}", role.name());
            return;
        };
        let mut n = f.clone();
        match role {
            SpanRole::Source => n.source = Some(with_span(&f.source, q)),
            SpanRole::Target => n.target = Some(with_span(&f.target, q)),
            SpanRole::Cue => n.cue = Some(q),
            SpanRole::Claim => n.claim = q,
        }
        let tx =
            Transaction::new(format!("set {} of {}", role.name(), f.id)).with(Op::UpdateFrame {
                old: f.clone(),
                new: n,
            });
        self.edit(tx);
        self.collapse_selection();
    }

    pub(super) fn delete_frame(&mut self) {
        let (Some(s), Some(f)) = (&self.session, self.selected()) else {
            return;
        };
        let mut tx = Transaction::new(format!("delete {}", f.id)).with(Op::RemoveFrame(f.clone()));
        // Frames reported via this one lose the dangling link in the same step.
        for g in s.annotations().reported_by(&f.id) {
            let mut n = g.clone();
            n.via = None;
            tx.push(Op::UpdateFrame {
                old: g.clone(),
                new: n,
            });
        }
        self.edit(tx);
        self.view.frame = None;
    }

    pub(super) fn step_frame(&mut self, forward: bool) {
        let Some(s) = &self.session else { return };
        let frames = s.annotations().frames();
        let current = self
            .view
            .frame
            .as_ref()
            .and_then(|id| s.annotations().frame_index(id));
        if let Some(i) = step_frame(frames.len(), current, forward) {
            let id = frames[i].id.clone();
            self.select_frame(Some(id));
        }
    }

    /// Selects a frame (or none), brings its claim into view and its row into the list.
    pub(in crate::ui) fn select_frame(&mut self, id: Option<String>) {
        if let (Some(s), Some(id)) = (&self.session, &id) {
            if let (Some(f), Some(a)) = (s.annotations().frame(id), &mut self.article) {
                a.scroll_to = Some(f.claim.extent().start);
            }
        }
        self.view.frame = id;
        self.view.panels.note = None;
        self.view.panels.scroll_list = true;
    }

    /// Shift+arrows and Copy.
    pub(super) fn apply_selection(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::Extend { word, forward } => self.extend(word, forward),
            Command::Copy => {
                let Some(s) = &self.session else { return };
                let t = s.document.text.slice(self.view.selection.span());
                if let Some(t) = t.filter(|t| !t.is_empty()) {
                    ctx.copy_text(t.to_owned());
                }
            }
            _ => {}
        }
    }

    /// Shift+arrows: the head moves by a character (exact) or by a word (never leaving a
    /// space at either end, see [`word_extend`]).
    fn extend(&mut self, word: bool, forward: bool) {
        let (Some(s), Some(a)) = (&self.session, &mut self.article) else {
            return;
        };
        let text = &s.document.text;
        let sel = self.view.selection;
        // `forward` is the Right arrow: in right-to-left text it goes back in the text.
        let new = if word {
            let logical = forward != a.is_rtl_at(sel.head);
            word_extend(text, a.paragraphs(), sel, logical)
        } else if let Some(head) = a.visual_step(sel.head, forward) {
            Selection::new(sel.anchor, head)
        } else if forward {
            Selection::new(sel.anchor, (sel.head + 1).min(text.len_chars()))
        } else {
            Selection::new(sel.anchor, sel.head.saturating_sub(1))
        };
        self.view.selection = new;
        a.scroll_to = Some(new.head);
    }

    /// The find bar: open it, search forward or back, close it.
    pub(super) fn apply_find(&mut self, ctx: &egui::Context, c: Command) {
        let bar = &mut self.view.find;
        match c {
            Command::Find => {
                if !bar.open {
                    bar.text.clear(); // a reopened bar starts a new search
                }
                bar.open = true;
                bar.focus_request = true;
            }
            Command::FindNext | Command::FindPrev => self.find(c == Command::FindNext),
            Command::CloseFind => {
                bar.open = false;
                bar.found = None;
                ctx.memory_mut(|m| m.surrender_focus(super::super::bars::find_field()));
            }
            _ => {}
        }
    }

    fn find(&mut self, forward: bool) {
        let (Some(s), Some(a)) = (&self.session, &mut self.article) else {
            return;
        };
        let bar = &mut self.view.find;
        let sel = self.view.selection.span();
        let from = if forward {
            bar.found.map_or(sel.start, |m| m.start + 1)
        } else {
            sel.start
        };
        match find(&s.document.text, &bar.text, from, forward) {
            Some(m) => {
                bar.found = Some(m);
                self.view.selection = Selection::new(m.start, m.end);
                a.scroll_to = Some(m.start);
                self.status = format!("found at [{}, {})", m.start, m.end);
            }
            None => self.status = format!("“{}” not found", bar.text),
        }
        bar.focus_request = true;
    }
}

/// The participant (source/target) with its span set from a quote, keeping its entity.
fn with_span(p: &Option<Participant>, q: Quote) -> Participant {
    Participant {
        span: Some(q),
        entity: p.as_ref().and_then(|p| p.entity.clone()),
    }
}
