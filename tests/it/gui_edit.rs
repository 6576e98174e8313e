//! Edits through the workbench, driven with keys in egui_kittest: undo and redo select what they
//! change (Delete, Ctrl+Z, Delete deletes again), and a single file's status follows its edits
//! as a project document's does.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;

use stancemark::io::native;
use stancemark::model::Status;
use stancemark::ui::App;

fn harness(path: Option<&Path>) -> Harness<'static, App> {
    let app = App::new_for_test(path, None);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |_| app);
    h.run_steps(3);
    h
}

fn press(h: &mut Harness<'_, App>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(2);
}

fn frames(h: &Harness<'_, App>) -> usize {
    h.state().session().unwrap().annotations().frames().len()
}

fn stance_of(h: &Harness<'_, App>, id: &str) -> String {
    let s = h.state().session().unwrap();
    s.annotations().frame(id).unwrap().stance.clone()
}

#[test]
fn undo_of_a_delete_selects_the_frame_again_so_delete_works_again() {
    let mut h = harness(None);
    // The sample's reference annotations: 25 frames, f1 first in text order.
    assert_eq!(frames(&h), 25);
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(h.state().selected_frame(), Some("f1"));
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!((frames(&h), h.state().selected_frame()), (24, None));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(frames(&h), 25);
    assert_eq!(h.state().selected_frame(), Some("f1"), "undo selects it");
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!(frames(&h), 24, "the second Delete deletes");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(
        (frames(&h), h.state().selected_frame()),
        (24, None),
        "redo of a delete selects nothing"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().selected_frame(), Some("f1"));
}

#[test]
fn undo_and_redo_of_a_stance_change_select_that_frame() {
    let mut h = harness(None);
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(h.state().selected_frame(), Some("f2"));
    let before = stance_of(&h, "f2");
    assert_eq!(before, "proposal");
    press(&mut h, Modifiers::NONE, Key::Num3); // denial
    assert_eq!(stance_of(&h, "f2"), "denial");
    // Another frame is selected meanwhile; undo brings the selection back to f2.
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(h.state().selected_frame(), Some("f3"));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(stance_of(&h, "f2"), "proposal");
    assert_eq!(h.state().selected_frame(), Some("f2"));
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(stance_of(&h, "f2"), "denial");
    assert_eq!(h.state().selected_frame(), Some("f2"));
}

fn article(dir: &Path) -> PathBuf {
    let p = dir.join("wire.txt");
    std::fs::write(&p, "The minister warned that talks could fail.\r\n").unwrap();
    p
}

#[test]
fn a_single_file_is_in_progress_from_its_first_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = article(dir.path());
    let mut h = harness(Some(&path));
    assert_eq!(
        h.state().session().unwrap().annotations().status,
        Status::Todo
    );
    // Select "talks could fail" with the find bar, press the warning key, save.
    press(&mut h, Modifiers::COMMAND, Key::F);
    h.event(egui::Event::Text("talks could fail".into()));
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::Enter);
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::NONE, Key::Num2);
    assert_eq!(frames(&h), 1);
    press(&mut h, Modifiers::COMMAND, Key::S);
    let saved = native::load(&dir.path().join("wire.stance.json")).unwrap();
    assert_eq!(saved.annotations.status, Status::InProgress);
    assert_eq!(
        saved.annotations.frames()[0].claim.first().text,
        "talks could fail"
    );
    // Undo takes both back: no frame, todo again.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let s = h.state().session().unwrap();
    assert_eq!((frames(&h), s.annotations().status), (0, Status::Todo));
}
