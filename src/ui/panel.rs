//! The right-hand panels: the frame editor (above) and the filterable frame list (below).
//!
//! Panels never change annotations themselves: every edit is returned as a described
//! [`Command::Edit`] transaction (or another [`Command`]) for the app to apply.

use crate::model::{Entity, Frame, Op, Participant, Quote, SpanRole, Transaction};

use super::command::Command;
use crate::session::view::Selection;
use crate::session::Session;

/// Editor and list state that lives across frames.
#[derive(Default)]
pub struct PanelState {
    pub filter_stance: Option<String>,
    pub filter_source: String,
    pub entity_query: [String; 2],
    pub new_entity_kind: String,
    /// The note being edited: (frame id, text). Committed as one step when the field loses focus.
    pub note: Option<(String, String)>,
    pub via_picker: bool,
    /// Bring the selected frame's row into view once.
    pub scroll_list: bool,
    /// The frames the list shows (after filters), cached until the annotations or filters change.
    pub list: Option<(ListKey, Vec<usize>)>,
    /// Rows of the list built in the last frame.
    pub list_rows: std::ops::Range<usize>,
}

fn update(old: &Frame, new: Frame, what: &str) -> Command {
    Command::Edit(
        Transaction::new(format!("{what} of {}", old.id)).with(Op::UpdateFrame {
            old: old.clone(),
            new,
        }),
    )
}

/// The frame editor for the selected frame. Pushes commands into `out`.
pub fn editor(
    ui: &mut egui::Ui,
    session: &Session,
    frame: Option<&Frame>,
    selection: Selection,
    state: &mut PanelState,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for s in &session.schema.stances {
            let rgb = s.rgb();
            let colour = egui::Color32::from_rgb(rgb[0], rgb[1], rgb[2]);
            let key = s.hotkey.as_deref().unwrap_or("");
            let selected = frame.is_some_and(|f| f.stance == s.id);
            let text = egui::RichText::new(format!("{key} {}", s.name))
                .color(colour)
                .strong();
            let b = ui
                .selectable_label(selected, text)
                .on_hover_text(&s.guideline);
            if b.clicked() {
                out.push(Command::Stance(s.id.clone()));
            }
        }
    });
    ui.separator();
    super::orphans::section(ui, session, selection, out);
    let Some(f) = frame else {
        ui.label("No frame selected. Select the words of a claim and press a stance key, or click a highlight.");
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(&f.id);
        if ui
            .button("Delete")
            .on_hover_text("Delete the frame (Delete)")
            .clicked()
        {
            out.push(Command::DeleteFrame);
        }
    });
    ui.label(format!(
        "claim [{}, {}): “{}”",
        f.claim.extent().start,
        f.claim.extent().end,
        f.claim.display_text()
    ));
    let sel_text = session
        .document
        .text
        .slice(selection.span())
        .unwrap_or_default();
    egui::Grid::new("frame-editor")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            participant_row(
                ui,
                session,
                f,
                SpanRole::Source,
                sel_text,
                selection,
                state,
                out,
            );
            ui.end_row();
            ui.label("cue");
            ui.horizontal_wrapped(|ui| match &f.cue {
                Some(q) => {
                    ui.label(format!("“{}”", q.display_text()));
                    if ui
                        .small_button("×")
                        .on_hover_text("Remove the cue")
                        .clicked()
                    {
                        let mut n = f.clone();
                        n.cue = None;
                        out.push(update(f, n, "clear cue"));
                    }
                }
                None => {
                    ui.weak("— (select text, press C)");
                }
            });
            ui.end_row();
            participant_row(
                ui,
                session,
                f,
                SpanRole::Target,
                sel_text,
                selection,
                state,
                out,
            );
            ui.end_row();
        });
    via_combo(ui, session, f, out);
    for a in &session.schema.attributes {
        let current = f.attributes.get(&a.id).cloned();
        egui::ComboBox::new(("attr", &a.id), &a.name)
            .selected_text(current.as_deref().unwrap_or("—"))
            .show_ui(ui, |ui| {
                let mut pick = |v: Option<&String>| {
                    let mut n = f.clone();
                    match v {
                        Some(v) => n.attributes.insert(a.id.clone(), v.clone()),
                        None => n.attributes.remove(&a.id),
                    };
                    out.push(update(f, n, &format!("set {}", a.id)));
                };
                if ui.selectable_label(current.is_none(), "—").clicked() {
                    pick(None);
                }
                for v in &a.values {
                    if ui
                        .selectable_label(current.as_ref() == Some(v), v)
                        .clicked()
                    {
                        pick(Some(v));
                    }
                }
            })
            .response
            .on_hover_text(&a.guideline);
    }
    ui.label("note");
    if state.note.as_ref().is_none_or(|(id, _)| *id != f.id) {
        state.note = Some((f.id.clone(), f.note.clone()));
    }
    let Some((_, note)) = &mut state.note else {
        return;
    };
    let r = ui.add(
        egui::TextEdit::multiline(note)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .hint_text("free text"),
    );
    if r.lost_focus() && *note != f.note {
        let mut n = f.clone();
        n.note = note.clone();
        out.push(update(f, n, "edit note"));
    }
}

#[allow(clippy::too_many_arguments)]
fn participant_row(
    ui: &mut egui::Ui,
    session: &Session,
    f: &Frame,
    role: SpanRole,
    sel_text: &str,
    selection: Selection,
    state: &mut PanelState,
    out: &mut Vec<Command>,
) {
    let (p, key, slot) = match role {
        SpanRole::Source => (&f.source, "S", 0),
        _ => (&f.target, "T", 1),
    };
    let name = role.name();
    let set = |n: &mut Frame, p: Option<Participant>| match role {
        SpanRole::Source => n.source = p.filter(|p| !p.is_empty()),
        _ => n.target = p.filter(|p| !p.is_empty()),
    };
    ui.label(name);
    ui.vertical(|ui| {
        let current = p.clone().unwrap_or_default();
        ui.horizontal_wrapped(|ui| match &current.span {
            Some(q) => {
                ui.label(format!("“{}”", q.display_text()));
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Remove the {name} span"))
                    .clicked()
                {
                    let mut n = f.clone();
                    set(
                        &mut n,
                        Some(Participant {
                            span: None,
                            ..current.clone()
                        }),
                    );
                    out.push(update(f, n, &format!("clear {name} span")));
                }
            }
            None => {
                ui.weak(format!("— (select text, press {key})"));
            }
        });
        // Entity link with autocomplete over the document's entities.
        let linked = current
            .entity
            .as_ref()
            .and_then(|id| session.annotations().entity(id));
        ui.horizontal(|ui| {
            ui.label("entity:");
            match (linked, &current.entity) {
                (Some(e), _) => {
                    ui.label(format!("{} ({})", e.name, e.kind));
                }
                (None, Some(id)) => {
                    ui.colored_label(ui.visuals().warn_fg_color, format!("{id} (missing)"));
                }
                (None, None) => {
                    ui.weak("—");
                }
            }
            if current.entity.is_some() && ui.small_button("×").on_hover_text("Unlink").clicked() {
                let mut n = f.clone();
                set(
                    &mut n,
                    Some(Participant {
                        entity: None,
                        ..current.clone()
                    }),
                );
                out.push(update(f, n, &format!("unlink {name} of")));
            }
        });
        let query = &mut state.entity_query[slot];
        ui.add(
            egui::TextEdit::singleline(query)
                .hint_text("find entity…")
                .desired_width(160.0),
        );
        if !query.is_empty() {
            let q = query.to_lowercase();
            let mut picked = None;
            for e in session
                .annotations()
                .entities
                .iter()
                .filter(|e| e.name.to_lowercase().contains(&q))
                .take(6)
            {
                if ui
                    .small_button(format!("{} ({})", e.name, e.kind))
                    .clicked()
                {
                    picked = Some(e.id.clone());
                }
            }
            if let Some(id) = picked {
                let mut n = f.clone();
                set(
                    &mut n,
                    Some(Participant {
                        entity: Some(id),
                        ..current.clone()
                    }),
                );
                out.push(update(f, n, &format!("link {name} of")));
                query.clear();
            }
        }
        if !selection.is_empty() {
            ui.horizontal(|ui| {
                if state.new_entity_kind.is_empty() {
                    state.new_entity_kind = session
                        .schema
                        .entity_kinds
                        .first()
                        .map(|k| k.id.clone())
                        .unwrap_or_default();
                }
                egui::ComboBox::new(("kind", slot), "kind")
                    .selected_text(state.new_entity_kind.clone())
                    .width(90.0)
                    .show_ui(ui, |ui| {
                        for k in &session.schema.entity_kinds {
                            ui.selectable_value(&mut state.new_entity_kind, k.id.clone(), &k.name);
                        }
                    });
                if ui
                    .small_button("new entity")
                    .on_hover_text(format!(
                        "Create an entity “{sel_text}” and link it as the {name}"
                    ))
                    .clicked()
                {
                    let e = Entity::new(
                        session.annotations().next_entity_id(),
                        sel_text.trim(),
                        state.new_entity_kind.clone(),
                    );
                    let mut n = f.clone();
                    set(
                        &mut n,
                        Some(Participant {
                            entity: Some(e.id.clone()),
                            ..current.clone()
                        }),
                    );
                    let tx = Transaction::new(format!(
                        "link {name} of {} to new entity {}",
                        f.id, e.name
                    ))
                    .with(Op::AddEntity(e))
                    .with(Op::UpdateFrame {
                        old: f.clone(),
                        new: n,
                    });
                    out.push(Command::Edit(tx));
                }
            });
        }
    });
}

fn via_combo(ui: &mut egui::Ui, session: &Session, f: &Frame, out: &mut Vec<Command>) {
    let label = |g: &Frame| format!("{}: {}", g.id, short(&g.claim.display_text(), 40));
    let current = f
        .via
        .as_ref()
        .map(|id| session.annotations().frame(id).map_or(id.clone(), label));
    egui::ComboBox::new("via", "via (reported by)")
        .selected_text(current.unwrap_or_else(|| "—".into()))
        .width(200.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(f.via.is_none(), "—").clicked() {
                let mut n = f.clone();
                n.via = None;
                out.push(update(f, n, "clear via"));
            }
            for g in session
                .annotations()
                .frames()
                .iter()
                .filter(|g| g.id != f.id)
            {
                if ui
                    .selectable_label(f.via.as_deref() == Some(&g.id), label(g))
                    .clicked()
                {
                    let mut n = f.clone();
                    n.via = Some(g.id.clone());
                    out.push(update(f, n, "set via"));
                }
            }
        });
}

/// The `V` picker: a window listing the frames that can report the selected one.
pub fn via_picker(
    ctx: &egui::Context,
    session: &Session,
    f: &Frame,
    state: &mut PanelState,
    out: &mut Vec<Command>,
) {
    let mut open = state.via_picker;
    egui::Window::new(format!("Reported via… ({})", f.id))
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for g in session
                        .annotations()
                        .frames()
                        .iter()
                        .filter(|g| g.id != f.id)
                    {
                        if ui
                            .selectable_label(
                                f.via.as_deref() == Some(&g.id),
                                format!("{}: {}", g.id, short(&g.claim.display_text(), 60)),
                            )
                            .clicked()
                        {
                            let mut n = f.clone();
                            n.via = Some(g.id.clone());
                            out.push(update(f, n, "set via"));
                            state.via_picker = false;
                        }
                    }
                });
        });
    state.via_picker &= open;
}

/// The filterable list of frames in text order.
pub fn frame_list(
    ui: &mut egui::Ui,
    session: &Session,
    selected: Option<&str>,
    state: &mut PanelState,
    out: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.strong("Frames");
        let name = |id: &Option<String>| {
            id.as_ref().map_or("all stances".to_owned(), |id| {
                session
                    .schema
                    .stance(id)
                    .map_or(id.clone(), |s| s.name.clone())
            })
        };
        egui::ComboBox::new("filter-stance", "stance")
            .selected_text(name(&state.filter_stance))
            .width(130.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.filter_stance, None, "all stances");
                for s in &session.schema.stances {
                    ui.selectable_value(&mut state.filter_stance, Some(s.id.clone()), &s.name);
                }
            });
        ui.add(
            egui::TextEdit::singleline(&mut state.filter_source)
                .hint_text("source…")
                .desired_width(90.0),
        );
    });
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
    area.show_rows(ui, row_height, rows.len(), |ui, range| {
        built = range.clone();
        for k in range {
            let f = &frames[rows[k]];
            let rgb = session
                .schema
                .stance(&f.stance)
                .map_or([128; 3], |s| s.rgb());
            let colour = egui::Color32::from_rgb(rgb[0], rgb[1], rgb[2]);
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter().rect_filled(r, 2.0, colour);
                let text = format!(
                    "{} {} — {}",
                    f.id,
                    short(&source_text(session, f), 24),
                    short(&f.claim.display_text(), 48)
                );
                let is_selected = selected == Some(f.id.as_str());
                // Truncated, so that long claims never widen the panel.
                let r = ui.add(egui::Button::selectable(is_selected, text).truncate());
                if r.clicked() {
                    out.push(Command::SelectFrame(f.id.clone()));
                }
                if is_selected && state.scroll_list {
                    r.scroll_to_me(None);
                    state.scroll_list = false;
                }
            });
        }
    });
    state.list_rows = built;
    if wanted.is_none() {
        state.scroll_list = false;
    }
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

/// At most `n` characters of `s`, with an ellipsis when cut.
pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The participant (source/target) with its span set from a quote, keeping its entity.
pub fn with_span(p: &Option<Participant>, q: Quote) -> Participant {
    Participant {
        span: Some(q),
        entity: p.as_ref().and_then(|p| p.entity.clone()),
    }
}
