//! Raw window input as [`Command`]s, read at the start of each frame before any widget sees
//! it: shortcut keys (by where the keyboard focus is), the window's close button, and files
//! dropped on the window (with the veil shown while they are dragged over it).

use std::path::PathBuf;

use crate::model::Schema;

use super::command::{match_key, Chord, Command, Focus};

/// Takes the key events that are shortcuts out of this frame's input (so no widget also acts
/// on them) and returns their commands. `find_had_focus`: the find bar is open and its field
/// had the keyboard focus at the end of the last frame. `global_only`: a view without the
/// article is shown (the stance map), so only global shortcuts fire.
pub fn keys(
    ctx: &egui::Context,
    schema: &Schema,
    find_had_focus: bool,
    global_only: bool,
) -> Vec<Command> {
    let focus = if global_only {
        Focus::Text
    } else if ctx.memory(|m| m.has_focus(super::bars::find_field()))
        || (find_had_focus && !ctx.text_edit_focused())
    {
        Focus::Find
    } else if ctx.text_edit_focused() {
        Focus::Text
    } else {
        Focus::Article
    };
    let mut found = Vec::new();
    // An open menu or combo box closes on Escape by itself: the key is left to it.
    let popup = egui::Popup::is_any_open(ctx);
    ctx.input_mut(|i| {
        i.events.retain(|e| match e {
            egui::Event::Key {
                key: egui::Key::Escape,
                ..
            } if popup => true,
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

/// Files (or a project folder) dropped on the window, as one command.
pub fn dropped_files(ctx: &egui::Context) -> Option<Command> {
    let dropped: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    (!dropped.is_empty()).then_some(Command::Dropped(dropped))
}

/// While files are dragged over the window: a veil over it saying what a drop does.
pub fn drop_hint(ctx: &egui::Context) {
    let hovered = ctx.input(|i| i.raw.hovered_files.len());
    if hovered == 0 {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop-hint"),
    ));
    let rect = ctx.content_rect();
    let visuals = ctx.global_style().visuals.clone();
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color.gamma_multiply(0.85));
    let text = if hovered == 1 {
        "Drop to open: a .txt article, a .stance.json file or a project folder".to_owned()
    } else {
        format!("{hovered} items: the first one opens")
    };
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        egui::FontId::proportional(22.0),
        visuals.strong_text_color(),
    );
}
