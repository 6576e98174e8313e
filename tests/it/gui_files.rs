//! Files and the questions about them, through egui_kittest: the recovery copy goes with
//! Discard and Ignore and belongs to the instance holding the edit lock; a read-only instance
//! is offered Save as; an article that is not UTF-8 opens with its bad bytes replaced when the
//! user says so; Save as for the bundled sample asks where to save annotations; files and
//! project folders dropped on the window open, behind the unsaved-changes question.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::io::native;
use stancemark::ui::App;

use crate::util::{recovery_of, sample_copy, with_recovery};

const CLAIM: &str = "Iran is not winning this war";
/// Frames of the sample's reference annotations.
const SAMPLE_FRAMES: usize = 25;

fn harness(path: Option<&Path>, storage: &Path) -> Harness<'static, App> {
    let app = App::new_for_test(path, Some(storage.to_path_buf()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |_| app);
    h.run_steps(3);
    h
}

fn frames(h: &Harness<'_, App>) -> usize {
    h.state().session().unwrap().annotations().frames().len()
}

/// Selects CLAIM with the find bar and presses the condemnation key: one new frame.
fn add_frame(h: &mut Harness<'_, App>) {
    let before = frames(h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.event(Event::Text(CLAIM.to_owned()));
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.key_press(Key::Num1);
    h.run_steps(2);
    assert_eq!(frames(h), before + 1);
}

/// The window loses the keyboard focus (and gets it back): the recovery copy is written.
fn lose_focus(h: &mut Harness<'_, App>) {
    for focused in [false, true] {
        h.input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .focused = Some(focused);
        h.run_steps(2);
    }
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

#[test]
fn discard_removes_the_recovery_copy_so_it_is_not_offered_again() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_copy(dir.path(), "a.stance.json");
    let recovery = recovery_of(dir.path(), "a.stance.json");
    let mut h = harness(Some(&a), dir.path());
    add_frame(&mut h);
    lose_focus(&mut h);
    assert!(recovery.exists(), "{}", h.state().status());
    press_close_button(&mut h);
    h.get_by_label("Discard").click();
    h.run_steps(3);
    assert!(h.state().closing());
    assert!(!recovery.exists(), "the discarded work's copy is gone");
    drop(h);
    let h = harness(Some(&a), dir.path());
    assert!(h.query_by_label("Recovered work").is_none());
    assert_eq!(frames(&h), SAMPLE_FRAMES);
}

#[test]
fn ignore_removes_the_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    let a = with_recovery(dir.path(), "a.stance.json");
    let mut h = harness(Some(&a), dir.path());
    h.get_by_label("Ignore").click();
    h.run_steps(2);
    assert!(!recovery_of(dir.path(), "a.stance.json").exists());
    drop(h);
    let h = harness(Some(&a), dir.path());
    assert!(
        h.query_by_label("Recovered work").is_none(),
        "not offered again"
    );
}

#[test]
fn a_read_only_instance_leaves_the_recovery_copy_and_quits_through_save_as() {
    let dir = tempfile::tempdir().unwrap();
    let a = with_recovery(dir.path(), "a.stance.json");
    let recovery = recovery_of(dir.path(), "a.stance.json");
    let first = harness(Some(&a), dir.path());
    first.get_by_label("Recovered work");
    let theirs = std::fs::read(&recovery).unwrap();
    // A second instance opens read-only: the first instance's recovery copy is not offered,
    // and its own edits write none.
    let mut second = harness(Some(&a), dir.path());
    assert!(second.state().session().unwrap().read_only.is_some());
    assert!(second.query_by_label("Recovered work").is_none());
    add_frame(&mut second);
    lose_focus(&mut second);
    assert_eq!(std::fs::read(&recovery).unwrap(), theirs);
    // Quitting asks Save as (a Save would be refused), then closes once saved.
    press_close_button(&mut second);
    second.get_by_label_contains("another instance is editing its file");
    assert!(second.query_by_label("Save").is_none());
    second.get_by_label("Save as…").click();
    second.run_steps(2);
    let b = dir.path().join("b.stance.json");
    second.key_press_modifiers(Modifiers::COMMAND, Key::A);
    second.run_steps(1);
    second.event(Event::Text(b.display().to_string()));
    second.run_steps(1);
    second.key_press(Key::Enter);
    second.run_steps(3);
    assert_eq!(
        native::load(&b).unwrap().annotations.frames().len(),
        SAMPLE_FRAMES + 1
    );
    assert!(second.state().closing());
    // Discard in the read-only instance would not have touched the copy either.
    assert_eq!(std::fs::read(&recovery).unwrap(), theirs);
}

#[test]
fn an_article_that_is_not_utf8_opens_with_replacements_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.txt");
    // "Café" in Latin-1 (0xE9), then a CRLF and more text.
    std::fs::write(&bad, b"Caf\xe9 owners warned.\r\nTalks resume.\r\n").unwrap();
    let mut h = harness(Some(&bad), dir.path());
    h.get_by_label("Not UTF-8 text");
    h.get_by_label_contains("the first bad byte is byte 3");
    assert!(h.query_by_label_contains("--lossy").is_none());
    h.get_by_label("Open with replacements").click();
    h.run_steps(2);
    let s = h.state().session().expect("opened");
    assert_eq!(
        s.document.text.as_str(),
        "Caf\u{FFFD} owners warned.\r\nTalks resume.\r\n"
    );
    assert_eq!(
        s.save_path.as_deref(),
        Some(dir.path().join("latin1.stance.json").as_path())
    );
    // The article itself is never written.
    assert_eq!(
        std::fs::read(&bad).unwrap(),
        b"Caf\xe9 owners warned.\r\nTalks resume.\r\n"
    );
    // Cancel leaves nothing open and says nothing more.
    let mut h = harness(Some(&bad), dir.path());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().session().is_none());
    h.get_by_label("Nothing is open");
}

#[test]
fn save_as_for_the_sample_asks_where_to_save_the_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(None, dir.path());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run_steps(2);
    h.get_by_label("Where to save the annotations (a .stance.json file):");
    assert!(h.query_by_label_contains(".txt article").is_none());
    let p = dir.path().join("mine.stance.json");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.event(Event::Text(p.display().to_string()));
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(
        native::load(&p).unwrap().annotations.frames().len(),
        SAMPLE_FRAMES
    );
}

/// A file dropped on the window, as the windowing system hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_files(h: &mut Harness<'_, App>, paths: &[&Path]) {
    for p in paths {
        h.input_mut()
            .dropped_files
            .push(Arc::new(Dropped(p.to_path_buf())));
    }
    h.run_steps(2);
}

#[test]
fn dropped_files_and_project_folders_open_behind_the_unsaved_question() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("wire.txt");
    std::fs::write(&txt, "Officials said talks resume. 東京 😀\r\n").unwrap();
    let native = sample_copy(dir.path(), "a.stance.json");
    let mut h = harness(None, dir.path());
    add_frame(&mut h);
    // Unsaved changes: the drop waits for the answer.
    drop_files(&mut h, &[&txt]);
    h.get_by_label("Unsaved changes");
    assert_eq!(frames(&h), SAMPLE_FRAMES + 1);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    let s = h.state().session().unwrap();
    assert_eq!(
        s.document.text.as_str(),
        "Officials said talks resume. 東京 😀\r\n"
    );
    // A native file, then a project folder.
    drop_files(&mut h, &[&native]);
    assert_eq!(
        h.state().session().unwrap().save_path.as_deref(),
        Some(native.as_path())
    );
    let root = dir.path().join("project");
    stancemark::project::Project::init(&root, Some("Dropped"), None).unwrap();
    drop_files(&mut h, &[&root]);
    assert_eq!(h.state().project().unwrap().project.name(), "Dropped");
}

#[test]
fn several_dropped_files_open_the_first_and_name_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_copy(dir.path(), "a.stance.json");
    let b = sample_copy(dir.path(), "b.stance.json");
    let mut h = harness(None, dir.path());
    drop_files(&mut h, &[&a, &b]);
    assert_eq!(
        h.state().session().unwrap().save_path.as_deref(),
        Some(a.as_path())
    );
    let e = &h.state().errors()[0];
    assert!(
        e.contains("not opened") && e.contains("b.stance.json"),
        "{e}"
    );
}
