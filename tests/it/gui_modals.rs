//! The workbench's questions through egui_kittest, each answered with a click: the
//! unsaved-changes question and the action waiting on it (open, close), the path field (tests
//! get it instead of a native file dialog), the changed-on-disk question, the recovery offer,
//! error windows, and the theme menu.

use std::path::{Path, PathBuf};

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::io::native;
use stancemark::ui::command::Command;
use stancemark::ui::App;

use crate::util::{self, sample_copy, session, with_recovery};

const CLAIM: &str = "Iran is not winning this war";
/// Frames of the sample's reference annotations.
const SAMPLE_FRAMES: usize = 25;

fn harness(path: Option<&Path>, storage: &Path) -> Harness<'static, App> {
    util::open(path, Some(storage.to_path_buf()))
}

/// Selects CLAIM with the find bar and presses the condemnation key: one new frame.
fn add_frame(h: &mut Harness<'_, App>) {
    util::find(h, CLAIM);
    util::press(h, Modifiers::NONE, Key::Num1);
    assert_eq!(frames(h), SAMPLE_FRAMES + 1);
}

fn frames(h: &Harness<'_, App>) -> usize {
    session(h).annotations().frames().len()
}

fn frames_on_disk(p: &Path) -> usize {
    native::load(p).unwrap().annotations.frames().len()
}

fn save_path(h: &Harness<'_, App>) -> PathBuf {
    session(h).save_path.clone().unwrap()
}

/// Types `path` into the path field (replacing what it holds) and presses Enter.
fn type_path(h: &mut Harness<'_, App>, path: &Path) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.event(Event::Text(path.display().to_string()));
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(2);
}

fn press_close_button(h: &mut Harness<'_, App>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(2);
}

/// Steps a few frames; true when one of them told the window to close.
fn window_closes(h: &mut Harness<'_, App>) -> bool {
    (0..3).any(|_| {
        h.step();
        h.output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::Close))
    })
}

#[test]
fn saving_first_saves_then_opens_what_was_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_copy(dir.path(), "a.stance.json");
    let b = sample_copy(dir.path(), "b.stance.json");
    let mut h = harness(Some(&a), dir.path());
    add_frame(&mut h);
    let new = h.state().selected_frame().unwrap().to_owned();
    h.state_mut().push_command(Command::OpenPath(b.clone()));
    h.run_steps(2);
    assert!(h.state().guard_open());
    h.get_by_label("Unsaved changes");
    assert_eq!(save_path(&h), a, "nothing opened before the answer");
    // While the question is asked, keys wait: `2` does not restyle the new frame.
    h.key_press(Key::Num2);
    h.run_steps(2);
    let stance = |h: &Harness<'_, App>| {
        let s = session(h);
        s.annotations().frame(&new).map(|f| f.stance.clone())
    };
    assert_eq!(stance(&h).as_deref(), Some("condemnation"));

    h.get_by_label("Save").click();
    h.run_steps(2);
    assert!(!h.state().guard_open());
    assert_eq!(frames_on_disk(&a), SAMPLE_FRAMES + 1, "a was saved first");
    assert_eq!(save_path(&h), b, "then b was opened");
    assert_eq!(frames(&h), SAMPLE_FRAMES);
    assert!(!session(&h).is_modified());
}

#[test]
fn discarding_opens_without_saving() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_copy(dir.path(), "a.stance.json");
    let b = sample_copy(dir.path(), "b.stance.json");
    let mut h = harness(Some(&a), dir.path());
    add_frame(&mut h);
    h.state_mut().push_command(Command::OpenPath(b.clone()));
    h.run_steps(2);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(!h.state().guard_open());
    assert_eq!(frames_on_disk(&a), SAMPLE_FRAMES, "a is as it was");
    assert_eq!(save_path(&h), b);
}

#[test]
fn discarding_before_closing_closes_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_copy(dir.path(), "a.stance.json");
    let mut h = harness(Some(&a), dir.path());
    add_frame(&mut h);
    press_close_button(&mut h);
    assert!(h.state().guard_open(), "the close waits for the answer");
    assert!(!h.state().closing());
    h.get_by_label("Discard").click();
    assert!(window_closes(&mut h), "Discard lets the window close");
    assert!(h.state().closing());
    assert!(!h.state().guard_open());
    // The next close request is not held back again.
    press_close_button(&mut h);
    assert!(!h.state().guard_open());
    assert_eq!(frames_on_disk(&a), SAMPLE_FRAMES, "nothing was saved");
}

#[test]
fn cancel_keeps_the_window_and_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_copy(dir.path(), "a.stance.json");
    let mut h = harness(Some(&a), dir.path());
    add_frame(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run_steps(2);
    assert!(h.state().guard_open(), "Ctrl+Q asks too");
    h.key_press(Key::Escape);
    assert!(!window_closes(&mut h));
    assert!(!h.state().guard_open() && !h.state().closing());
    assert!(session(&h).is_modified());
}

#[test]
fn the_path_field_saves_where_typed_then_the_waiting_action_runs() {
    let dir = tempfile::tempdir().unwrap();
    let b = sample_copy(dir.path(), "b.stance.json");
    // The bundled sample has no file yet: saving it asks for a path.
    let mut h = harness(None, dir.path());
    add_frame(&mut h);
    h.state_mut().push_command(Command::SaveAs);
    h.run_steps(3);
    h.get_by_label("Save as");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(
        h.query_by_label("Save as").is_none(),
        "Cancel closes the field"
    );
    assert!(session(&h).is_modified());

    h.state_mut().push_command(Command::OpenPath(b.clone()));
    h.run_steps(2);
    h.get_by_label("Save").click();
    h.run_steps(3);
    h.get_by_label("Save as");
    let mine = dir.path().join("mine.stance.json");
    type_path(&mut h, &mine);
    assert_eq!(
        frames_on_disk(&mine),
        SAMPLE_FRAMES + 1,
        "saved where typed"
    );
    assert_eq!(save_path(&h), b, "then the file asked for opened");
}

/// The sample in `dir` as `name`, changed on disk by another program after the harness
/// opened it and added a frame.
fn changed_underneath(dir: &Path, name: &str) -> (Harness<'static, App>, PathBuf, String) {
    let a = sample_copy(dir, name);
    let mut h = harness(Some(&a), dir);
    add_frame(&mut h);
    let theirs = std::fs::read_to_string(&a)
        .unwrap()
        .replace("\"status\": \"done\"", "\"status\": \"todo\"");
    std::fs::write(&a, &theirs).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    h.get_by_label("The file changed on disk");
    (h, a, theirs)
}

#[test]
fn a_file_changed_on_disk_can_be_saved_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, a, theirs) = changed_underneath(dir.path(), "a.stance.json");
    h.get_by_label("Save as…").click();
    h.run_steps(3);
    h.get_by_label("Save as");
    let elsewhere = dir.path().join("elsewhere.stance.json");
    type_path(&mut h, &elsewhere);
    assert_eq!(frames_on_disk(&elsewhere), SAMPLE_FRAMES + 1);
    assert_eq!(std::fs::read_to_string(&a).unwrap(), theirs, "theirs kept");
    assert_eq!(save_path(&h), elsewhere);
    assert!(!session(&h).is_modified());
}

#[test]
fn a_file_changed_on_disk_can_be_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, a, theirs) = changed_underneath(dir.path(), "a.stance.json");
    h.get_by_label("Reload").click();
    h.run_steps(2);
    let s = session(&h);
    assert!(!s.is_modified());
    assert_eq!(
        s.annotations().frames().len(),
        SAMPLE_FRAMES,
        "ours is gone"
    );
    assert_eq!(s.annotations().status.name(), "todo", "theirs is open");
    assert!(h.query_by_label("The file changed on disk").is_none());
    assert_eq!(std::fs::read_to_string(&a).unwrap(), theirs);
}

#[test]
fn a_newer_recovery_copy_is_offered_restored_or_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let a = with_recovery(dir.path(), "a.stance.json");
    let mut h = harness(Some(&a), dir.path());
    h.get_by_label("Recovered work");
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert!(h.query_by_label("Recovered work").is_none());
    assert_eq!(frames(&h), SAMPLE_FRAMES + 1);
    assert!(h
        .state()
        .session()
        .unwrap()
        .annotations()
        .frame("f999")
        .is_some());
    assert!(session(&h).is_modified());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(frames(&h), SAMPLE_FRAMES, "restoring is one undoable step");

    let b = with_recovery(dir.path(), "b.stance.json");
    let mut h = harness(Some(&b), dir.path());
    h.get_by_label("Ignore").click();
    h.run_steps(2);
    assert!(h.query_by_label("Recovered work").is_none());
    assert_eq!(frames(&h), SAMPLE_FRAMES);
    assert!(!session(&h).is_modified());
}

#[test]
fn an_error_window_closes_with_its_button() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_copy(dir.path(), "a.stance.json");
    let _first = harness(Some(&a), dir.path());
    let mut second = harness(Some(&a), dir.path());
    add_frame(&mut second);
    second.key_press_modifiers(Modifiers::COMMAND, Key::S);
    second.run_steps(3);
    assert_eq!(second.state().errors().len(), 1);
    second.get_by_label_contains("is open read-only");
    second.get_by_label("Close").click();
    second.run_steps(2);
    assert!(second.state().errors().is_empty());
    assert!(second
        .query_by_label_contains("is open read-only")
        .is_none());
}

#[test]
fn the_theme_follows_the_view_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(None, dir.path());
    for (choice, preference) in [
        ("Dark", egui::ThemePreference::Dark),
        ("Light", egui::ThemePreference::Light),
    ] {
        h.get_by_label("View").click();
        h.run_steps(2);
        h.get_by_label(choice).click();
        h.run_steps(2);
        assert_eq!(h.ctx.options(|o| o.theme_preference), preference);
    }
}
