//! The selected frame's comment thread in the frame editor: every comment (author, time, text)
//! in time order, and a field to add one as the file's annotator. Adding is one undoable edit
//! of the frame ([`super::update`]); the time is the moment of adding, in UTC.

use crate::model::{Comment, Frame};

use super::super::command::Command;
use super::{update, PanelState};

/// The thread and the field to add to it. `author` is who comments (the file's annotator).
pub fn thread(
    ui: &mut egui::Ui,
    f: &Frame,
    author: &str,
    state: &mut PanelState,
    out: &mut Vec<Command>,
) {
    ui.label(format!(
        "comments ({})",
        if f.comments.is_empty() {
            "none".to_owned()
        } else {
            f.comments.len().to_string()
        }
    ));
    for c in &f.comments {
        comment(ui, c);
    }
    if state.comment.as_ref().is_none_or(|(id, _)| *id != f.id) {
        state.comment = Some((f.id.clone(), String::new()));
    }
    let Some((_, draft)) = &mut state.comment else {
        return;
    };
    ui.horizontal(|ui| {
        let label = ui.label("new");
        let field = ui
            .add(
                egui::TextEdit::singleline(draft)
                    .desired_width(ui.available_width() - 50.0)
                    .hint_text("ask or answer…"),
            )
            .labelled_by(label.id);
        if field.gained_focus() {
            // The thread ends the editor, which may be scrolled; keep the field in view.
            field.scroll_to_me(None);
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let add = ui
            .add_enabled(!draft.trim().is_empty(), egui::Button::new("Add"))
            .on_hover_text("add the comment to this frame's thread (Enter)")
            .clicked();
        if (add || enter) && !draft.trim().is_empty() {
            let mut n = f.clone();
            n.comments.push(Comment {
                author: author.to_owned(),
                time: crate::io::timestamp_now(),
                text: draft.trim().to_owned(),
            });
            n.comments = Comment::union([n.comments.as_slice()]);
            out.push(update(f, n, "add comment"));
            draft.clear();
        }
    });
}

/// One comment: "author · time" above its text.
pub fn comment(ui: &mut egui::Ui, c: &Comment) {
    ui.horizontal_wrapped(|ui| {
        ui.strong(&c.author);
        ui.weak(short_time(&c.time));
    });
    ui.label(&c.text);
}

/// `2026-03-01 10:00` from an RFC 3339 time (the text as it is when it is not one).
pub fn short_time(time: &str) -> String {
    match (time.get(..10), time.get(11..16)) {
        (Some(d), Some(t)) if time.as_bytes().get(10) == Some(&b'T') => format!("{d} {t}"),
        _ => time.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::short_time;

    #[test]
    fn times_are_shortened_only_when_they_are_rfc3339() {
        assert_eq!(short_time("2026-03-01T10:05:09Z"), "2026-03-01 10:05");
        assert_eq!(short_time("yesterday"), "yesterday");
        assert_eq!(short_time("昨日"), "昨日");
    }
}
