//! The one place where commands take effect.
//!
//! Views, keys, dialog answers and worker threads only push [`Command`]s; [`App::apply_all`]
//! applies them in order, twice a frame: after the window's input is read (so the frame draws
//! what it asked for) and after the views have drawn. Applying one may queue follow-ups (answering "save first?" with
//! Discard before closing queues the close), which run in the same frame. Annotation changes
//! become [`Transaction`](crate::model::Transaction)s applied through the session's history,
//! with a human description ("set source of f7") that the Edit menu shows.
//!
//! - [`annotate`]: edits, undo, the selection, frames, find;
//! - [`files`]: open, save, the questions of [`Modal`](super::modal::Modal) and their answers;
//! - [`project`]: the project's documents, annotator, Import and Export;
//! - [`review`]: Review mode;
//! - [`suggest`]: suggested frames, cue-driven entry, fragments of the selected frame.
//! - [`stance_map`]: View ▸ Stance map and opening a document at one of its frames;
//! - [`registry`]: linking a frame's source or target to the project's entity registry.

mod annotate;
mod files;
mod project;
mod registry;
mod review;
mod stance_map;
mod suggest;

use super::app::App;
use super::command::Command;

/// Rounds of follow-up commands applied in one frame (a bound, not a limit anyone reaches:
/// no command queues more than one round).
const ROUNDS: usize = 8;

impl App {
    /// Applies every command collected during this frame, in order, then their follow-ups.
    pub(in crate::ui) fn apply_all(&mut self, ctx: &egui::Context) {
        for _ in 0..ROUNDS {
            if self.commands.is_empty() {
                return;
            }
            for c in std::mem::take(&mut self.commands) {
                self.apply(ctx, c);
            }
        }
    }

    fn apply(&mut self, ctx: &egui::Context, c: Command) {
        use Command as C;
        match c {
            C::Open
            | C::OpenPath(_)
            | C::Dropped(_)
            | C::Save
            | C::SaveAs
            | C::Quit
            | C::OpenProject => self.apply_file(ctx, c),
            C::Answer(a) => self.answer(a),
            C::Undo | C::Redo => self.undo_redo(c == C::Redo),
            C::Edit(tx) => {
                self.edit(tx);
            }
            C::Stance(id) => self.stance(&id),
            C::SetRole(role) => self.set_role(role),
            C::DeleteFrame => self.delete_frame(),
            C::PickVia => self.view.panels.via_picker = self.view.frame.is_some(),
            C::NextFrame | C::PrevFrame => self.step_frame(c == C::NextFrame),
            C::SelectFrame(id) => self.select_frame(Some(id)),
            C::Dismiss => self.dismiss(),
            C::Extend { .. } | C::Copy => self.apply_selection(ctx, c),
            C::Find | C::FindNext | C::FindPrev | C::CloseFind => self.apply_find(ctx, c),
            C::ToggleGuideline => {
                let p = &mut self.view.panels;
                p.hide_guideline = !p.hide_guideline;
            }
            C::ShowGuidelines => self.view.panels.guidelines_window = true,
            C::ZoomIn | C::ZoomOut | C::ZoomReset | C::Help | C::SetTheme(_) => {
                self.apply_view(ctx, c)
            }
            C::SetDirection(d) => {
                if let Some(s) = &mut self.session {
                    s.direction = d;
                }
            }
            C::DismissError => {
                if !self.errors.is_empty() {
                    self.errors.remove(0);
                }
            }
            C::DismissReanchorNotice => {
                if let Some(s) = &mut self.session {
                    s.reanchor_notice = None;
                }
            }
            C::OpenDocument(_)
            | C::NextDocument
            | C::PrevDocument
            | C::MarkDone
            | C::SetAnnotator(_)
            | C::Import
            | C::Export
            | C::StartTransfer
            | C::CloseTransfer
            | C::Imported(_)
            | C::Exported(_) => self.apply_project(c),
            C::OpenReview { .. }
            | C::CloseReview
            | C::NextDisagreement
            | C::PrevDisagreement
            | C::SelectDisagreement(_)
            | C::Accept { .. }
            | C::Reject
            | C::AcceptAllAgreed => self.apply_review(c),
            C::ToggleSuggestions
            | C::NextSuggestion
            | C::PrevSuggestion
            | C::AcceptSuggestion
            | C::RejectSuggestion
            | C::AcceptParagraphSuggestions
            | C::FrameFromCue
            | C::AddFragment(_)
            | C::RemoveFragment => self.apply_suggest(c),
            C::LinkRegistry {
                frame,
                role,
                target,
            } => self.link_registry(&frame, role, &target),
            C::StanceMap => self.toggle_stance_map(),
            C::OpenFrame {
                document,
                annotator,
                frame,
            } => self.open_frame(&document, annotator.as_deref(), &frame),
        }
    }

    /// Escape: closes the first of the help, the via picker, an error window or the Import /
    /// Export window (not while it runs) that is open, else goes back from the stance map to
    /// the document; with none open, clears the text selection. (Open menus close on Escape by themselves: the key is left to them.)
    fn dismiss(&mut self) {
        if self.view.help.open {
            self.view.help.toggle();
        } else if self.view.panels.via_picker {
            self.view.panels.via_picker = false;
        } else if !self.errors.is_empty() {
            self.errors.remove(0);
        } else if self.transfer.as_ref().is_some_and(|t| !t.running()) {
            self.transfer = None;
        } else if self.map_shown() {
            self.toggle_stance_map();
        } else {
            let h = self.view.selection.head;
            self.view.selection = crate::session::view::Selection::new(h, h);
        }
    }

    /// Zoom, help and theme: what the window looks like.
    fn apply_view(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::ZoomIn => self.prefs.zoom = (self.prefs.zoom * 1.1).min(3.0),
            Command::ZoomOut => self.prefs.zoom = (self.prefs.zoom / 1.1).max(0.5),
            Command::ZoomReset => self.prefs.zoom = 1.0,
            Command::Help => self.view.help.toggle(),
            Command::SetTheme(theme) => {
                self.prefs.theme = theme;
                ctx.set_theme(theme.preference());
            }
            _ => {}
        }
    }
}
