//! The conflict queue of the annotation panel: the entities and frames a merge kept in two
//! versions (see [`crate::model::conflict`]), each with what happened and the ways out — take
//! ours, take theirs (a version a side does not have deletes the frame or entity; an entity
//! that frames still link to cannot be deleted, the button says which), or keep it as it now
//! is, after editing it. Every way out is one undoable edit that drops the mark; saving writes
//! the resolved file. Marks that cannot be read are listed with what is wrong.

use crate::model::conflict::{
    entity_conflict, frame_conflict, resolve_entity, resolve_frame, Resolve,
};
use crate::model::{Entity, Transaction};
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
    let entities: Vec<_> = session
        .annotations()
        .entities
        .iter()
        .filter_map(|e| entity_conflict(e).map(|c| (e, c)))
        .collect();
    if marked.is_empty() && entities.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!(
        "Merge conflicts: {}",
        marked.len() + entities.len()
    ))
    .id_salt("merge-conflicts")
    .default_open(true)
    .show(ui, |ui| {
        for (e, c) in entities {
            entity_row(ui, session, e, c, out);
        }
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

/// One entity of the queue: its name, what happened, and the ways out.
fn entity_row(
    ui: &mut egui::Ui,
    session: &Session,
    e: &Entity,
    c: Result<crate::model::Conflict<Entity>, String>,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("entity {} “{}”", e.id, short(&e.name, 40)));
        match &c {
            Ok(c) => {
                ui.weak(c.describe());
            }
            Err(m) => {
                ui.colored_label(ui.visuals().warn_fg_color, m);
            }
        }
    });
    let Ok(c) = c else { return };
    // Frames that link to the entity: a side without it cannot be taken while they do.
    let linked: Vec<&str> = session
        .annotations()
        .frames()
        .iter()
        .filter(|f| {
            [&f.source, &f.target]
                .into_iter()
                .flatten()
                .any(|p| p.entity.as_deref() == Some(e.id.as_str()))
        })
        .map(|f| f.id.as_str())
        .collect();
    let name = |v: &Option<Entity>, side: &str| match v {
        Some(v) => format!("Take {side} ({}, {})", short(&v.name, 24), v.kind),
        None => format!("Take {side} (deleted)"),
    };
    ui.horizontal_wrapped(|ui| {
        for (label, how, what, deletes) in [
            (
                name(&c.ours, "ours"),
                Resolve::Ours,
                "take ours",
                c.ours.is_none(),
            ),
            (
                name(&c.theirs, "theirs"),
                Resolve::Theirs,
                "take theirs",
                c.theirs.is_none(),
            ),
            (
                "Keep as edited".to_owned(),
                Resolve::Body,
                "keep as edited",
                false,
            ),
        ] {
            let blocked = deletes && !linked.is_empty();
            let button = ui.add_enabled(!blocked, egui::Button::new(label));
            let button = if blocked {
                button.on_disabled_hover_text(format!(
                    "frames {} still link to this entity",
                    linked.join(", ")
                ))
            } else {
                button
            };
            if button.clicked() {
                if let Some(op) = resolve_entity(e, how) {
                    let tx = Transaction::new(format!("{what} for entity {}", e.id)).with(op);
                    out.push(Command::Edit(tx));
                }
            }
        }
    });
}
