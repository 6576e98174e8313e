//! The filterable list of frames in text order. Only the rows in view are built
//! (`ScrollArea::show_rows`); the filtered indices are cached until the annotations or the
//! filters change, so a document of thousands of frames costs a few rows per frame.

use crate::model::Frame;
use crate::session::Session;

use super::super::command::Command;
use super::super::describe::short;
use super::super::theme::Tokens;
use super::PanelState;

/// The list with its filter header. A click on a row selects that frame.
pub fn frame_list(
    ui: &mut egui::Ui,
    session: &Session,
    selected: Option<&str>,
    state: &mut PanelState,
    out: &mut Vec<Command>,
) {
    filters(ui, session, state);
    let key = ListKey {
        document: session.document.id.clone(),
        revision: session.history().revision(),
        frames: session.annotations().frames().len(),
        stance: state.filter_stance.clone(),
        source: state.filter_source.clone(),
    };
    if state.list.as_ref().is_none_or(|(k, _)| *k != key) {
        state.list = Some((key, filtered(session, state)));
    }
    let Some((_, rows)) = &state.list else {
        return;
    };
    let frames = session.annotations().frames();
    let row_height = ui.spacing().interact_size.y;
    let stride = row_height + ui.spacing().item_spacing.y;
    let mut area = egui::ScrollArea::vertical()
        .id_salt("frame-list")
        .auto_shrink([false, false]);
    // Only the rows in view are built (show_rows); a selected row outside last frame's view is
    // scrolled to by offset, then `scroll_to_me` centres it once it is built.
    let wanted = selected
        .filter(|_| state.scroll_list)
        .and_then(|id| rows.iter().position(|&i| frames[i].id == id));
    if let Some(k) = wanted {
        if !state.list_rows.contains(&k) {
            area = area.vertical_scroll_offset((k as f32 - 3.0).max(0.0) * stride);
        }
    }
    let mut built = 0..0;
    let scroll = &mut state.scroll_list;
    area.show_rows(ui, row_height, rows.len(), |ui, range| {
        built = range.clone();
        for k in range {
            let f = &frames[rows[k]];
            let is_selected = selected == Some(f.id.as_str());
            let r = row(ui, session, f, is_selected);
            if r.clicked() {
                out.push(Command::SelectFrame(f.id.clone()));
            }
            if is_selected && *scroll {
                r.scroll_to_me(None);
                *scroll = false;
            }
        }
    });
    state.list_rows = built;
    if wanted.is_none() {
        state.scroll_list = false;
    }
}

/// "Frames", the stance filter and the source filter — on one line, or on two in a narrow
/// panel (Review mode), each label beside the field it names.
fn filters(ui: &mut egui::Ui, session: &Session, state: &mut PanelState) {
    let name = |id: &Option<String>| {
        id.as_ref().map_or("all stances".to_owned(), |id| {
            session
                .schema
                .stance(id)
                .map_or(id.clone(), |s| s.name.clone())
        })
    };
    let one_line = ui.available_width() >= 380.0;
    let source = |ui: &mut egui::Ui, filter: &mut String| {
        let label = ui.label("source");
        ui.add(
            egui::TextEdit::singleline(filter)
                .hint_text("name…")
                .desired_width(90.0),
        )
        .labelled_by(label.id);
    };
    ui.horizontal(|ui| {
        ui.strong("Frames");
        // Labels before their fields (a combo box's own label would follow it).
        let label = ui.label("stance");
        egui::ComboBox::from_id_salt("filter-stance")
            .selected_text(name(&state.filter_stance))
            .width(130.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.filter_stance, None, "all stances");
                for s in &session.schema.stances {
                    ui.selectable_value(&mut state.filter_stance, Some(s.id.clone()), &s.name);
                }
            })
            .response
            .labelled_by(label.id);
        if one_line {
            source(ui, &mut state.filter_source);
        }
    });
    if !one_line {
        ui.horizontal(|ui| source(ui, &mut state.filter_source));
    }
}

/// One row: the stance colour, then "ID SOURCE — CLAIM", cut to fit.
fn row(ui: &mut egui::Ui, session: &Session, f: &Frame, selected: bool) -> egui::Response {
    let rgb = session
        .schema
        .stance(&f.stance)
        .map_or([128; 3], |s| s.rgb());
    let colour = Tokens::for_theme(ui.visuals().dark_mode).stance_line(rgb);
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter().rect_filled(r, 2.0, colour);
        let text = format!(
            "{} {} — {}",
            f.id,
            short(&source_text(session, f), 24),
            short(&f.claim.display_text(), 48)
        );
        let text = crate::session::bidi::display_order(&text).into_owned();
        // Truncated, so that long claims never widen the panel.
        ui.add(egui::Button::selectable(selected, text).truncate())
    })
    .inner
}

/// What the cached list of shown frames depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct ListKey {
    document: String,
    revision: u64,
    frames: usize,
    stance: Option<String>,
    source: String,
}

/// Indices (canonical order) of the frames that pass the list's filters.
fn filtered(session: &Session, state: &PanelState) -> Vec<usize> {
    let q = state.filter_source.to_lowercase();
    session
        .annotations()
        .frames()
        .iter()
        .enumerate()
        .filter(|(_, f)| state.filter_stance.as_ref().is_none_or(|s| *s == f.stance))
        .filter(|(_, f)| q.is_empty() || source_text(session, f).to_lowercase().contains(&q))
        .map(|(i, _)| i)
        .collect()
}

/// A frame's source as the list shows it: its span text and entity name.
fn source_text(session: &Session, f: &Frame) -> String {
    let Some(p) = &f.source else {
        return String::new();
    };
    let mut s = p
        .span
        .as_ref()
        .map(|q| q.display_text().into_owned())
        .unwrap_or_default();
    if let Some(e) = p
        .entity
        .as_ref()
        .and_then(|id| session.annotations().entity(id))
    {
        s.push_str(" / ");
        s.push_str(&e.name);
    }
    s
}
