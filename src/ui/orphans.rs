//! Re-anchoring in the workbench: what happens when a file's quotes no longer match its text.
//!
//! On opening, [`crate::session::Session`]'s re-anchoring runs the same search as `stancemark validate
//! --reanchor` ([`crate::model::anchor::reanchor_set`]) as one undoable transaction: frames
//! found again are flagged *moved*, frames that cannot be found are kept, with their old spans
//! and quotes, as *orphaned* — never dropped. A banner says how many of each; the
//! "Re-anchoring" section of the annotation panel ([`section`]) lists them for review: select
//! one, re-attach an orphaned one to the current text selection, confirm a moved one, or delete
//! it. Every action, dismissing the banner included, is a [`Command`] (edits are
//! [`Transaction`]s), applied by the app.

use crate::model::{AnchorState, Frame, Op, Quote, Transaction};

use super::command::Command;
use super::describe::short;
use crate::session::view::Selection;
use crate::session::Session;

/// The banner shown after re-anchoring on open (`notice` says what it did), with a button that
/// dismisses it.
pub fn banner(ui: &mut egui::Ui, notice: &str) -> Option<Command> {
    let mut dismissed = None;
    egui::Panel::top("reanchor-banner").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(ui.visuals().warn_fg_color, notice);
            if ui.button("Dismiss").clicked() {
                dismissed = Some(Command::DismissReanchorNotice);
            }
        });
    });
    dismissed
}

/// The "Re-anchoring" section: moved and orphaned frames with their actions. Shows nothing
/// when every frame is exact.
pub fn section(ui: &mut egui::Ui, session: &Session, selection: Selection, out: &mut Vec<Command>) {
    let of = |state| {
        session
            .annotations()
            .frames()
            .iter()
            .filter(move |f| f.anchor == state)
    };
    let (orphaned, moved) = (
        of(AnchorState::Orphaned).count(),
        of(AnchorState::Moved).count(),
    );
    if orphaned + moved == 0 {
        return;
    }
    egui::CollapsingHeader::new(format!("Re-anchoring: {orphaned} orphaned, {moved} moved"))
        .id_salt("reanchoring")
        .default_open(true)
        .show(ui, |ui| {
            let text = &session.document.text;
            let picked = Some(selection)
                .filter(|s| !s.is_empty())
                .and_then(|s| text.slice(s.span()).map(|t| Quote::new(s.span(), t)));
            for f in of(AnchorState::Orphaned) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!(
                        "{} orphaned: “{}”",
                        f.id,
                        short(&f.claim.display_text(), 60)
                    ))
                    .on_hover_text(format!(
                        "Not found in the current text; stored at {} as “{}”",
                        f.claim.extent(),
                        f.claim.display_text()
                    ));
                    select_button(ui, f, out);
                    let reattach = ui
                        .add_enabled(
                            picked.is_some(),
                            egui::Button::new(format!("Re-attach {}", f.id)),
                        )
                        .on_hover_text("Make the selected text this frame's claim")
                        .on_disabled_hover_text("Select the claim's words in the article first");
                    if let (true, Some(q)) = (reattach.clicked(), &picked) {
                        out.push(reattach_command(f, q.clone()));
                    }
                    delete_button(ui, f, out);
                });
            }
            for f in of(AnchorState::Moved) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!(
                        "{} moved: “{}”",
                        f.id,
                        short(&f.claim.display_text(), 60)
                    ));
                    select_button(ui, f, out);
                    if ui
                        .button(format!("Confirm {}", f.id))
                        .on_hover_text("The new place is right: mark the frame exact")
                        .clicked()
                    {
                        let mut new = f.clone();
                        new.anchor = AnchorState::Exact;
                        out.push(edit(f, new, "confirm the new place"));
                    }
                    delete_button(ui, f, out);
                });
            }
        });
    ui.separator();
}

fn select_button(ui: &mut egui::Ui, f: &Frame, out: &mut Vec<Command>) {
    if ui.button(format!("Select {}", f.id)).clicked() {
        out.push(Command::SelectFrame(f.id.clone()));
    }
}

fn delete_button(ui: &mut egui::Ui, f: &Frame, out: &mut Vec<Command>) {
    if ui.button(format!("Delete {}", f.id)).clicked() {
        // The app's delete also clears `via` links to the frame, in the same step.
        out.push(Command::SelectFrame(f.id.clone()));
        out.push(Command::DeleteFrame);
    }
}

/// The edit that makes `quote` (from the current text) the frame's claim and marks it exact.
pub fn reattach_command(f: &Frame, quote: Quote) -> Command {
    let mut new = f.clone();
    new.claim = quote;
    new.anchor = AnchorState::Exact;
    edit(f, new, "re-attach to the selection")
}

fn edit(old: &Frame, new: Frame, what: &str) -> Command {
    Command::Edit(
        Transaction::new(format!("{what}: {}", old.id)).with(Op::UpdateFrame {
            old: old.clone(),
            new,
        }),
    )
}
