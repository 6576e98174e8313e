//! The comment thread in the frame editor: shown, added as the file's annotator, undoable.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use stancemark::model::Comment;
use stancemark::ui::App;

use crate::util::{self, press};

#[test]
fn a_comment_is_added_to_the_selected_frame_and_undone() {
    let mut h = util::harness(App::new_for_test(None, None));
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(h.state().selected_frame(), Some("f1"));
    h.get_by_label("comments (none)");
    h.get_by_role_and_label(Role::TextInput, "new").focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "new")
        .type_text("Why report? <b>中文</b>");
    h.run_steps(1);
    // Enter adds it (the field keeps the keyboard: the article's keys do not fire).
    press(&mut h, Modifiers::NONE, Key::Enter);
    h.run_steps(2);
    let s = h.state().session().unwrap();
    let f1 = s.annotations().frame("f1").unwrap();
    let annotator = s.annotations().annotator.clone();
    let [Comment { author, time, text }] = f1.comments.as_slice() else {
        panic!("one comment expected: {:?}", f1.comments);
    };
    assert_eq!(
        (author, text.as_str()),
        (&annotator, "Why report? <b>中文</b>")
    );
    assert!(time.ends_with('Z') && time.len() == 20, "{time}");
    assert!(s.is_modified());
    h.get_by_label("comments (1)");
    h.get_by_label("Why report? <b>中文</b>");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let s = h.state().session().unwrap();
    assert!(s.annotations().frame("f1").unwrap().comments.is_empty());
}
