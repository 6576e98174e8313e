//! The right-hand panel: the frame editor (above) and the filterable frame list (below).
//!
//! Panels never change annotations themselves: every edit is returned as a described
//! [`Command::Edit`] transaction (or another [`Command`]) for the app to apply. They change
//! only their own [`PanelState`] (filters, the note being typed, entity searches).
//!
//! - [`editor`]: the selected frame's stance, spans, entities, via, attributes and note;
//! - [`entity_field`]: its entity link and search, over the file's entities and the registry;
//! - [`list`]: the frames in text order, filtered by stance and source, built only in view.

pub mod comments;
pub mod editor;
pub mod entity_field;
pub mod guideline;
pub mod list;

use crate::model::{Frame, Op, Transaction};
use crate::session::view::Selection;
use crate::session::Session;

use super::command::Command;

/// Editor and list state that lives across frames.
#[derive(Default)]
pub struct PanelState {
    pub filter_stance: Option<String>,
    pub filter_source: String,
    /// The entity fields' searches (source, target).
    pub entity_search: [entity_field::EntitySearch; 2],
    pub new_entity_kind: String,
    /// The note being edited: (frame id, text). Committed as one step when the field loses focus.
    pub note: Option<(String, String)>,
    /// The comment being typed: (frame id, text).
    pub comment: Option<(String, String)>,
    /// Who comments when it is not the file's annotator: the adjudicator in Review mode.
    pub comment_author: Option<String>,
    /// The open file's guidelines: (file and schema key, guidelines, a problem reading them).
    pub guidelines: Option<(String, crate::model::Guidelines, String)>,
    /// Rendered Markdown, kept across frames.
    pub markdown: egui_commonmark::CommonMarkCache,
    /// F2: the guideline card is hidden.
    pub hide_guideline: bool,
    /// Help ▸ Guidelines is open.
    pub guidelines_window: bool,
    pub via_picker: bool,
    /// Bring the selected frame's row into view once.
    pub scroll_list: bool,
    /// The frames the list shows (after filters), cached until the annotations or filters change.
    pub list: Option<(list::ListKey, Vec<usize>)>,
    /// Rows of the list built in the last frame.
    pub list_rows: std::ops::Range<usize>,
    /// Whether the re-anchoring and merge-conflict sections have anything to show.
    pub marks: Option<editor::Marks>,
}

/// The panel on the right of the window for the open document, with the `V` picker when it is
/// open. `selected` is the selected frame's id; `width` follows the user's resizing, up to
/// `max_width`. `registry` is the project's entity registry when the document is a project's
/// and the project has one (else the entity field offers the file's own entities only).
#[allow(clippy::too_many_arguments)]
pub fn side_panel(
    ui: &mut egui::Ui,
    session: &Session,
    registry: editor::RegistryField<'_>,
    selected: Option<&str>,
    selection: Selection,
    state: &mut PanelState,
    width: &mut f32,
    max_width: f32,
) -> Vec<Command> {
    let mut out = Vec::new();
    let frame = selected.and_then(|id| session.annotations().frame(id));
    let r = egui::Panel::right("side")
        .resizable(true)
        .default_size(width.min(max_width))
        .size_range(280.0..=max_width.max(280.0))
        .show(ui, |ui| {
            egui::Panel::bottom("frame-list")
                .resizable(true)
                .default_size(300.0)
                .show(ui, |ui| {
                    list::frame_list(ui, session, selected, state, &mut out)
                });
            egui::ScrollArea::vertical()
                .id_salt("editor")
                .show(ui, |ui| {
                    guideline::card(ui, session, frame.map(|f| f.stance.as_str()), state);
                    editor::editor(ui, session, registry, frame, selection, state, &mut out);
                });
        });
    *width = r.response.rect.width();
    if let (true, Some(f)) = (state.via_picker, frame) {
        editor::via_picker(ui.ctx(), session, f, state, &mut out);
    }
    if state.guidelines_window {
        guideline::window(ui.ctx(), session, state);
    }
    out
}

/// The edit that replaces `old` with `new`, described as "WHAT of ID".
fn update(old: &Frame, new: Frame, what: &str) -> Command {
    Command::Edit(
        Transaction::new(format!("{what} of {}", old.id)).with(Op::UpdateFrame {
            old: old.clone(),
            new,
        }),
    )
}
