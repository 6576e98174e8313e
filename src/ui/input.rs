//! Raw window input as [`Command`]s, read at the start of each frame before any widget sees
//! it: shortcut keys (by where the keyboard focus is), the window's close button, and files
//! dropped on the window.

use std::path::PathBuf;

use crate::model::Schema;

use super::command::{match_key, Chord, Command, Focus};

/// Takes the key events that are shortcuts out of this frame's input (so no widget also acts
/// on them) and returns their commands. `find_had_focus`: the find bar is open and its field
/// had the keyboard focus at the end of the last frame.
pub fn keys(ctx: &egui::Context, schema: &Schema, find_had_focus: bool) -> Vec<Command> {
    let focus = if ctx.memory(|m| m.has_focus(super::bars::find_field()))
        || (find_had_focus && !ctx.text_edit_focused())
    {
        Focus::Find
    } else if ctx.text_edit_focused() {
        Focus::Text
    } else {
        Focus::Article
    };
    let mut found = Vec::new();
    ctx.input_mut(|i| {
        i.events.retain(|e| match e {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                let chord = Chord {
                    key: *key,
                    ctrl: modifiers.ctrl || modifiers.command,
                    shift: modifiers.shift,
                    alt: modifiers.alt,
                };
                match match_key(schema, chord, focus) {
                    Some(c) => {
                        found.push(c);
                        false
                    }
                    None => true,
                }
            }
            egui::Event::Copy if focus == Focus::Article => {
                found.push(Command::Copy);
                false
            }
            _ => true,
        })
    });
    if found
        .iter()
        .any(|c| matches!(c, Command::NextFrame | Command::PrevFrame))
    {
        // The Tab was ours: do not also move keyboard focus between widgets.
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
    }
    found
}

/// The window's close button with unsaved changes (and no answer yet): the close is held
/// back and becomes [`Command::Quit`], which asks first.
pub fn close_request(ctx: &egui::Context, unsaved: bool) -> Option<Command> {
    if unsaved && ctx.input(|i| i.viewport().close_requested()) {
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        return Some(Command::Quit);
    }
    None
}

/// A file dropped on the window opens (asking first about unsaved changes).
pub fn dropped_file(ctx: &egui::Context) -> Option<Command> {
    let dropped: Option<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .find(|p| !p.as_os_str().is_empty())
    });
    dropped.map(Command::OpenPath)
}
