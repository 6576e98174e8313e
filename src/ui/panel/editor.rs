//! The frame editor: stance buttons, the re-anchoring queue, and the selected frame's
//! source, cue, target (spans and entity links), via, attributes and note; and the `V` picker.

use crate::model::{Frame, Participant, SpanRole};
use crate::session::bidi::display_order;
use crate::session::view::Selection;
use crate::session::Session;

use super::super::command::Command;
use super::super::describe::short;
use super::super::orphans;
use super::super::theme::Tokens;
use super::{update, PanelState};

pub use super::entity_field::RegistryField;

/// Whether the re-anchoring and merge-conflict sections have anything to show. Both read every
/// frame, which for a file of 20,000 frames is not to be done each frame: this is kept until
/// the session's stamp changes.
#[derive(Clone, Copy)]
pub struct Marks {
    stamp: (u64, u64),
    /// Some frame is moved or orphaned.
    anchors: bool,
    /// Some frame or entity carries a merge conflict.
    conflicts: bool,
}

impl Marks {
    fn of(session: &Session, kept: &mut Option<Marks>) -> Marks {
        let stamp = session.stamp();
        match kept {
            Some(m) if m.stamp == stamp => *m,
            _ => {
                use crate::model::conflict::{entity_conflict, frame_conflict};
                let set = session.annotations();
                let m = Marks {
                    stamp,
                    anchors: (set.frames().iter())
                        .any(|f| f.anchor != crate::model::AnchorState::Exact),
                    conflicts: set.frames().iter().any(|f| frame_conflict(f).is_some())
                        || set.entities.iter().any(|e| entity_conflict(e).is_some()),
                };
                *kept = Some(m);
                m
            }
        }
    }
}

/// The frame editor for the selected frame. Pushes commands into `out`.
pub fn editor(
    ui: &mut egui::Ui,
    session: &Session,
    registry: RegistryField<'_>,
    frame: Option<&Frame>,
    selection: Selection,
    state: &mut PanelState,
    out: &mut Vec<Command>,
) {
    stance_buttons(ui, session, frame, out);
    ui.separator();
    let marks = Marks::of(session, &mut state.marks);
    if marks.anchors {
        orphans::section(ui, session, selection, out);
    }
    if marks.conflicts {
        super::super::conflicts::section(ui, session, out);
    }
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
    ui.label(display_order(&format!(
        "claim [{}, {}): “{}”",
        f.claim.extent().start,
        f.claim.extent().end,
        f.claim.display_text()
    )));
    let rows = Rows {
        session,
        registry,
        f,
        selection,
        sel_text: session
            .document
            .text
            .slice(selection.span())
            .unwrap_or_default(),
    };
    egui::Grid::new("frame-editor")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            rows.participant(ui, SpanRole::Source, state, out);
            ui.end_row();
            rows.cue(ui, out);
            ui.end_row();
            rows.participant(ui, SpanRole::Target, state, out);
            ui.end_row();
            via_combo(ui, session, f, out);
            ui.end_row();
            attributes(ui, session, f, out);
        });
    note(ui, f, state, out);
    ui.separator();
    let author = (state.comment_author.clone())
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| session.annotations().annotator.clone());
    super::comments::thread(ui, f, &author, state, out);
}

/// One button per stance, in its colour with its key: a new frame or a new stance.
fn stance_buttons(
    ui: &mut egui::Ui,
    session: &Session,
    frame: Option<&Frame>,
    out: &mut Vec<Command>,
) {
    let tokens = Tokens::for_theme(ui.visuals().dark_mode);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for s in &session.schema.stances {
            let colour = tokens.stance_text(s.rgb());
            let key = s.hotkey.as_deref().unwrap_or("");
            let selected = frame.is_some_and(|f| f.stance == s.id);
            let text = egui::RichText::new(format!("{key} {}", s.name))
                .color(colour)
                .strong();
            let b = ui.selectable_label(selected, text);
            if b.hovered() {
                super::guideline::note_hover(ui, &s.id);
            }
            if b.clicked() {
                out.push(Command::Stance(s.id.clone()));
            }
        }
    });
}

/// The grid rows of the selected frame `f`, with the text selection they can take.
pub(super) struct Rows<'a> {
    pub(super) session: &'a Session,
    pub(super) registry: RegistryField<'a>,
    pub(super) f: &'a Frame,
    pub(super) selection: Selection,
    pub(super) sel_text: &'a str,
}

/// The frame's source or target.
pub(super) fn participant(f: &Frame, role: SpanRole) -> Option<&Participant> {
    match role {
        SpanRole::Source => f.source.as_ref(),
        _ => f.target.as_ref(),
    }
}

/// `f` with its source or target replaced (an empty participant is none).
pub(super) fn with_participant(f: &Frame, role: SpanRole, p: Participant) -> Frame {
    let mut n = f.clone();
    let p = Some(p).filter(|p| !p.is_empty());
    match role {
        SpanRole::Source => n.source = p,
        _ => n.target = p,
    }
    n
}

impl Rows<'_> {
    /// Source or target: its span, its entity link, a search for an entity to link (with the
    /// registry's entities in project mode), and a new entity from the selection.
    fn participant(
        &self,
        ui: &mut egui::Ui,
        role: SpanRole,
        state: &mut PanelState,
        out: &mut Vec<Command>,
    ) {
        let slot = if role == SpanRole::Source { 0 } else { 1 };
        let current = participant(self.f, role).cloned().unwrap_or_default();
        row_label(ui, role.name());
        ui.vertical(|ui| {
            self.span_line(ui, role, &current, out);
            self.entity_line(ui, role, &current, out);
            let (search, kind) = (&mut state.entity_search[slot], &mut state.new_entity_kind);
            self.entity_search(ui, role, &current, search, kind, out);
            if !self.selection.is_empty() {
                self.new_entity(ui, role, &current, &mut state.new_entity_kind, out);
            }
        });
    }

    fn span_line(
        &self,
        ui: &mut egui::Ui,
        role: SpanRole,
        p: &Participant,
        out: &mut Vec<Command>,
    ) {
        let (name, key) = (
            role.name(),
            if role == SpanRole::Source { "S" } else { "T" },
        );
        ui.horizontal_wrapped(|ui| match &p.span {
            Some(q) => {
                ui.label(display_order(&format!("“{}”", q.display_text())));
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Remove the {name} span"))
                    .clicked()
                {
                    let n = Participant {
                        span: None,
                        ..p.clone()
                    };
                    let n = with_participant(self.f, role, n);
                    out.push(update(self.f, n, &format!("clear {name} span")));
                }
            }
            None => {
                ui.weak(format!("— (select text, press {key})"));
            }
        });
    }

    /// The cue's text, with a button that removes it.
    fn cue(&self, ui: &mut egui::Ui, out: &mut Vec<Command>) {
        let f = self.f;
        row_label(ui, "cue");
        ui.horizontal_wrapped(|ui| match &f.cue {
            Some(q) => {
                ui.label(display_order(&format!("“{}”", q.display_text())));
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
    }
}

fn via_combo(ui: &mut egui::Ui, session: &Session, f: &Frame, out: &mut Vec<Command>) {
    let label = |g: &Frame| format!("{}: {}", g.id, short(&g.claim.display_text(), 40));
    let current = f
        .via
        .as_ref()
        .map(|id| session.annotations().frame(id).map_or(id.clone(), label));
    let label_id = row_label(ui, "via")
        .on_hover_text("The frame that reports this one (V)")
        .id;
    egui::ComboBox::from_id_salt("via")
        .selected_text(current.unwrap_or_else(|| "—".into()))
        .width(220.0)
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
        })
        .response
        .labelled_by(label_id);
}

/// One grid row per schema attribute: its name, and a combo box of its values ("—" clears it).
fn attributes(ui: &mut egui::Ui, session: &Session, f: &Frame, out: &mut Vec<Command>) {
    for a in &session.schema.attributes {
        let current = f.attributes.get(&a.id).cloned();
        let label = row_label(ui, &a.name).on_hover_text(&a.guideline);
        egui::ComboBox::from_id_salt(("attr", &a.id))
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
            .labelled_by(label.id)
            .on_hover_text(&a.guideline);
        ui.end_row();
    }
}

/// The label of a grid row, at the top of its cell (a grid centres a cell's content, which
/// puts a label beside the middle line of a tall cell).
pub(super) fn row_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.vertical(|ui| ui.add(egui::Label::new(text).extend()))
        .inner
}

/// The note field: typed into the panel's state, one edit when it loses focus.
fn note(ui: &mut egui::Ui, f: &Frame, state: &mut PanelState, out: &mut Vec<Command>) {
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
