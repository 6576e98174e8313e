//! The one place where commands take effect, at the end of each frame.
//!
//! Annotation changes become [`Transaction`]s applied through the session's history, with a
//! human description ("set source of f7") that the Edit menu shows.

use std::path::PathBuf;

use crate::model::{Frame, Op, Quote, SpanRole, Transaction};

use super::app::{After, App};
use super::command::Command;
use super::dialogs::{GuardAnswer, Outcome, Pending, Purpose};
use super::panel::with_span;
use crate::session::view::{find, step_frame, word_step, Selection};
use crate::session::SaveFailure;

impl App {
    /// Applies every command collected during this frame, in order.
    pub(super) fn apply_all(&mut self, ctx: &egui::Context) {
        for c in std::mem::take(&mut self.commands) {
            self.apply(ctx, c);
        }
    }

    fn apply(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::Open => self.guarded(After::Open(None)),
            Command::OpenPath(p) => self.guarded(After::Open(Some(p))),
            Command::Save => {
                self.save();
            }
            Command::SaveAs => self.start_dialog(Purpose::SaveAs),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Undo | Command::Redo => self.undo_redo(matches!(c, Command::Redo)),
            Command::Edit(tx) => self.edit(tx),
            Command::Stance(id) => self.stance(&id),
            Command::SetRole(role) => self.set_role(role),
            Command::DeleteFrame => self.delete_frame(),
            Command::PickVia => self.view.panels.via_picker = self.view.frame.is_some(),
            Command::NextFrame | Command::PrevFrame => {
                self.step_frame(matches!(c, Command::NextFrame))
            }
            Command::SelectFrame(id) => self.select_frame(Some(id)),
            Command::ClearSelection => {
                let h = self.view.selection.head;
                self.view.selection = Selection::new(h, h);
            }
            Command::Extend { word, forward } => self.extend(word, forward),
            Command::Copy => {
                if let Some(s) = &self.session {
                    let t = s.document.text.slice(self.view.selection.span());
                    if let Some(t) = t.filter(|t| !t.is_empty()) {
                        ctx.copy_text(t.to_owned());
                    }
                }
            }
            Command::Find => {
                if !self.view.find_open {
                    self.view.find_text.clear(); // a reopened bar starts a new search
                }
                self.view.find_open = true;
                self.view.find_focus_request = true;
            }
            Command::FindNext | Command::FindPrev => self.find(matches!(c, Command::FindNext)),
            Command::CloseFind => {
                self.view.find_open = false;
                self.view.find_match = None;
                ctx.memory_mut(|m| m.surrender_focus(egui::Id::unique("find-field")));
            }
            Command::ZoomIn => self.prefs.zoom = (self.prefs.zoom * 1.1).min(3.0),
            Command::ZoomOut => self.prefs.zoom = (self.prefs.zoom / 1.1).max(0.5),
            Command::ZoomReset => self.prefs.zoom = 1.0,
            Command::Help => self.view.help_open = !self.view.help_open,
            Command::ToggleTheme => self.apply_theme(ctx),
            Command::OpenProject => self.start_dialog(Purpose::OpenProject),
            Command::OpenDocument(id) => self.open_document(&id),
            Command::NextDocument | Command::PrevDocument => {
                self.step_document(matches!(c, Command::NextDocument))
            }
            Command::MarkDone => self.mark_done(),
            Command::SetAnnotator(name) => self.set_annotator(name),
            Command::Import | Command::Export => self.open_transfer(matches!(c, Command::Import)),
            c @ (Command::OpenReview { .. }
            | Command::CloseReview
            | Command::NextDisagreement
            | Command::PrevDisagreement
            | Command::SelectDisagreement(_)
            | Command::Accept { .. }
            | Command::Reject
            | Command::AcceptAllAgreed) => self.review_command(c),
        }
    }

    pub(super) fn edit(&mut self, tx: Transaction) {
        let tx = self.with_auto_status(tx);
        let Some(s) = &mut self.session else { return };
        let desc = tx.description.clone();
        match s.apply(tx) {
            Ok(_) => self.status = desc,
            Err(e) => self.errors.push(format!("{desc}: {e}")),
        }
    }

    fn undo_redo(&mut self, redo: bool) {
        let Some(s) = &mut self.session else { return };
        let r = if redo { s.redo() } else { s.undo() };
        match r {
            Ok(Some(d)) => self.status = format!("{} {d}", if redo { "redid:" } else { "undid:" }),
            Ok(None) => self.status = format!("nothing to {}", if redo { "redo" } else { "undo" }),
            Err(e) => self.errors.push(e.to_string()),
        }
        if let Some(id) = &self.view.frame {
            if s.annotations().frame(id).is_none() {
                self.view.frame = None;
            }
        }
        self.view.panels.note = None;
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

    /// With text selected: a new frame; otherwise: change the selected frame's stance.
    fn stance(&mut self, id: &str) {
        let Some(s) = &self.session else { return };
        if let Some(claim) = self.selection_quote() {
            let fid = s.annotations().next_frame_id();
            let tx = Transaction::new(format!("add {fid} ({id})")).with(Op::AddFrame(Frame::new(
                fid.clone(),
                claim,
                id,
            )));
            self.edit(tx);
            self.view.frame = Some(fid);
            let h = self.view.selection.span().end;
            self.view.selection = Selection::new(h, h);
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

    fn set_role(&mut self, role: SpanRole) {
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
        let h = self.view.selection.span().end;
        self.view.selection = Selection::new(h, h);
    }

    fn delete_frame(&mut self) {
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

    fn step_frame(&mut self, forward: bool) {
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

    pub(super) fn select_frame(&mut self, id: Option<String>) {
        if let (Some(s), Some(id)) = (&self.session, &id) {
            if let (Some(f), Some(a)) = (s.annotations().frame(id), &mut self.article) {
                a.scroll_to = Some(f.claim.extent().start);
            }
        }
        self.view.frame = id;
        self.view.panels.note = None;
        self.view.panels.scroll_list = true;
    }

    fn extend(&mut self, word: bool, forward: bool) {
        let (Some(s), Some(a)) = (&self.session, &mut self.article) else {
            return;
        };
        let text = &s.document.text;
        let head = self.view.selection.head;
        let new = if word {
            word_step(text, a.paragraphs(), head, forward)
        } else if forward {
            (head + 1).min(text.len_chars())
        } else {
            head.saturating_sub(1)
        };
        self.view.selection.head = new;
        a.scroll_to = Some(new);
    }

    fn find(&mut self, forward: bool) {
        let (Some(s), Some(a)) = (&self.session, &mut self.article) else {
            return;
        };
        let sel = self.view.selection.span();
        let from = if forward {
            self.view.find_match.map_or(sel.start, |m| m.start + 1)
        } else {
            sel.start
        };
        match find(&s.document.text, &self.view.find_text, from, forward) {
            Some(m) => {
                self.view.find_match = Some(m);
                self.view.selection = Selection::new(m.start, m.end);
                a.scroll_to = Some(m.start);
                self.status = format!("found at [{}, {})", m.start, m.end);
            }
            None => self.status = format!("“{}” not found", self.view.find_text),
        }
        self.view.find_focus_request = true;
    }

    // ---- files ----

    pub(super) fn guarded(&mut self, after: After) {
        if self.is_modified() {
            self.guard = Some(after);
        } else {
            self.proceed(after);
        }
    }

    fn proceed(&mut self, after: After) {
        match after {
            After::Close => {
                self.allow_close = true;
                self.close_now = true;
            }
            After::Open(None) => self.start_dialog(Purpose::Open),
            After::Open(Some(p)) => self.open_path(&p),
            After::Review(root, doc) => {
                self.open_review(&root, &doc, None);
            }
        }
    }

    pub(super) fn answer_guard(&mut self, answer: GuardAnswer, after: After) {
        match answer {
            GuardAnswer::Cancel => {}
            GuardAnswer::Discard => self.proceed(after),
            GuardAnswer::Save => {
                if self.session.as_ref().is_some_and(|s| s.save_path.is_some()) {
                    if self.save() {
                        self.proceed(after);
                    }
                } else {
                    self.after_save = Some(after);
                    self.start_dialog(Purpose::SaveAs);
                }
            }
        }
    }

    /// Saves to the current target (or asks for one). Returns true when saved.
    pub(super) fn save(&mut self) -> bool {
        let Some(s) = &self.session else { return false };
        let Some(p) = s.save_path.clone() else {
            self.start_dialog(Purpose::SaveAs);
            return false;
        };
        self.save_to(p)
    }

    pub fn save_to(&mut self, p: PathBuf) -> bool {
        self.save_to_forced(p, false)
    }

    /// Saves to `p`; `force` overwrites a file that changed on disk (the user chose to).
    pub(super) fn save_to_forced(&mut self, p: PathBuf, force: bool) -> bool {
        let Some(s) = &mut self.session else {
            return false;
        };
        match s.save_to(&p, force) {
            Ok(()) => {
                self.status = format!("saved {}", p.display());
                self.project_saved();
                true
            }
            Err(SaveFailure::ChangedOnDisk) => {
                self.conflict = Some(p);
                false
            }
            Err(SaveFailure::ReadOnly(holder)) => {
                self.errors.push(format!(
                    "{} is open read-only: {holder} is editing it. Use File ▸ Save as to keep your changes in another file.",
                    p.display()
                ));
                false
            }
            Err(SaveFailure::Other(e)) => {
                self.errors.push(e);
                false
            }
        }
    }

    fn start_dialog(&mut self, purpose: Purpose) {
        if self.dialog.is_some() || self.prompt.is_some() {
            return;
        }
        let (dir, name) = match self.session.as_ref().and_then(|s| s.save_path.clone()) {
            Some(p) => (
                p.parent().map(PathBuf::from),
                p.file_name().map(|n| n.to_string_lossy().into_owned()),
            ),
            None => (
                std::env::current_dir().ok(),
                self.session
                    .as_ref()
                    .map(|s| format!("{}.stance.json", s.document.id)),
            ),
        };
        self.dialog = Some(Pending::start(purpose, dir, name));
    }

    pub(super) fn poll_dialog(&mut self) {
        let Some(d) = &self.dialog else { return };
        let purpose = d.purpose;
        match d.poll() {
            None => {}
            Some(Outcome::Picked(p)) => {
                self.dialog = None;
                self.picked(purpose, p);
            }
            Some(Outcome::Cancelled) => {
                self.dialog = None;
                self.after_save = None;
            }
            Some(Outcome::Unavailable) => {
                self.dialog = None;
                let start = self
                    .session
                    .as_ref()
                    .and_then(|s| s.save_path.as_ref())
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                self.prompt = Some((purpose, start));
            }
        }
    }

    pub(super) fn picked(&mut self, purpose: Purpose, p: PathBuf) {
        match purpose {
            Purpose::Open => self.open_path(&p),
            Purpose::OpenProject => self.open_project(&p),
            Purpose::SaveAs => {
                if self.save_to(p) {
                    if let Some(after) = self.after_save.take() {
                        self.proceed(after);
                    }
                }
            }
        }
    }
}
