//! The conflict queue of the annotation panel: the frames a merge kept in two versions (see
//! [`crate::model::conflict`]), each with what happened and the ways out — take ours, take
//! theirs (a version a side does not have deletes the frame), or keep the frame as it now is,
//! after editing it. Every way out is one undoable edit that drops the mark; saving writes the
//! resolved file. Marks that cannot be read are listed with what is wrong.

use crate::model::conflict::{frame_conflict, resolve_frame, Resolve};
use crate::model::Transaction;
use crate::session::Session;

use super::command::Command;
use super::describe::short;

/// The "Merge conflicts" section; nothing when the file has none.
pub fn section(ui: &mut egui::Ui, session: &Session, out: &mut Vec<Command>) {
    let marked: Vec<_> = session
        .annotations()
        .frames()
        .iter()
        .filter_map(|f| frame_conflict(f).map(|c| (f, c)))
        .collect();
    if marked.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Merge conflicts: {}", marked.len()))
        .id_salt("merge-conflicts")
        .default_open(true)
        .show(ui, |ui| {
            for (f, c) in marked {
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .link(format!("{} “{}”", f.id, short(&f.claim.display_text(), 40)))
                        .clicked()
                    {
                        out.push(Command::SelectFrame(f.id.clone()));
                    }
                    match &c {
                        Ok(c) => {
                            ui.weak(c.describe());
                        }
                        Err(e) => {
                            ui.colored_label(ui.visuals().warn_fg_color, e);
                        }
                    }
                });
                let Ok(c) = c else { continue };
                let name = |v: &Option<crate::model::Frame>, side: &str| match v {
                    Some(v) => format!("Take {side} ({})", v.stance),
                    None => format!("Take {side} (deleted)"),
                };
                ui.horizontal_wrapped(|ui| {
                    for (label, how, what) in [
                        (name(&c.ours, "ours"), Resolve::Ours, "take ours"),
                        (name(&c.theirs, "theirs"), Resolve::Theirs, "take theirs"),
                        ("Keep as edited".to_owned(), Resolve::Body, "keep as edited"),
                    ] {
                        if ui.button(label).clicked() {
                            if let Some(op) = resolve_frame(f, how) {
                                let tx = Transaction::new(format!("{what} for {}", f.id)).with(op);
                                out.push(Command::Edit(tx));
                            }
                        }
                    }
                });
            }
            ui.separator();
        });
}
