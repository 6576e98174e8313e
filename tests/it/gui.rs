//! The workbench driven headless through egui_kittest: key events, the accessibility tree and
//! mouse drags against the real app state.

use std::path::{Path, PathBuf};

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::model::Span;
use stancemark::ui::App;

use crate::util::{
    command, find, frame, frames, open as harness, sample_path, session, span_of, text,
};

const CLAIM: &str = "Iran is not winning this war";

/// The sample copied into a temporary folder, so that Ctrl+S has a file to write.
fn sample_copy(dir: &Path) -> PathBuf {
    let p = dir.join("sample.stance.json");
    std::fs::copy(sample_path("iran-talks-signals.stance.json"), &p).unwrap();
    p
}

fn frame_count(h: &Harness<'_, App>) -> usize {
    session(h).annotations().frames().len()
}

#[test]
fn find_hotkey_source_undo_redo_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(Some(&path), Some(dir.path().to_path_buf()));
    let text = text(&h);
    let before = frame_count(&h);

    find(&mut h, CLAIM);
    let claim = span_of(&text, CLAIM, 0);
    assert_eq!(
        h.state().selection().span(),
        claim,
        "Enter selects the match; Escape keeps it"
    );
    h.key_press(Key::Num2); // the schema's warning hotkey
    h.run_steps(2);
    assert_eq!(frame_count(&h), before + 1);
    let id = h.state().selected_frame().unwrap().to_owned();
    let f = frame(&h, &id).unwrap();
    assert_eq!(
        (
            f.claim.first().span,
            f.claim.first().text.as_str(),
            f.stance.as_str()
        ),
        (claim, CLAIM, "warning")
    );
    assert!(h.state().title().starts_with('*'), "{}", h.state().title());

    find(&mut h, "President Trump");
    let src = h.state().selection().span();
    assert_eq!(&text_slice(&text, src), "President Trump");
    h.key_press(Key::S);
    h.run_steps(2);
    let f = frame(&h, &id).unwrap();
    assert_eq!(
        f.source
            .as_ref()
            .and_then(|p| p.span.as_ref())
            .map(|q| q.first().span),
        Some(src)
    );
    let history = session(&h).history();
    assert_eq!(
        history.undo_description(),
        Some(format!("set source of {id}").as_str())
    );

    // Undo twice: no source, then no frame. Redo once: the frame without its source.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let f = frame(&h, &id).unwrap();
    assert!(f.source.is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(frame_count(&h), before);
    assert!(frame(&h, &id).is_none());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(2);
    let f = frame(&h, &id).unwrap();
    assert!(f.source.is_none() && f.claim.first().span == claim);
    assert!(session(&h).history().can_redo());

    // Ctrl+S writes the file it was opened from; `stancemark validate` accepts it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    assert!(!session(&h).is_modified(), "{}", h.state().status());
    assert!(!h.state().title().starts_with('*'));
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains(&format!("\"id\": \"{id}\"")),
        "the new frame is saved"
    );
    assert!(saved.contains("\"modified\": \""), "saving stamps the time");
    let out = command().arg("validate").arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn text_slice(text: &str, s: Span) -> String {
    text.chars().skip(s.start).take(s.len()).collect()
}

#[test]
fn mouse_drag_snaps_to_words_and_alt_is_exact() {
    let mut h = harness(None, None);
    h.state_mut()
        .push_command(stancemark::ui::command::Command::SelectFrame("f20".into()));
    // Scrolling lays out the paragraphs now in view, which settles their heights.
    h.run_steps(10);
    let text = text(&h);
    let claim = span_of(&text, CLAIM, 0);
    // From inside "Iran" to inside "war".
    let a = h
        .state()
        .char_screen_pos(claim.start + 2)
        .expect("claim is in view");
    let b = h.state().char_screen_pos(claim.end - 2).unwrap();
    crate::util::drag(&mut h, a, b);
    assert_eq!(h.state().selection().span(), claim);

    // With Alt held, the selection keeps exact characters.
    h.hover_at(a);
    h.run_steps(2);
    h.event(Event::PointerButton {
        pos: a,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::ALT,
    });
    h.run_steps(2);
    h.event(Event::ModifiersChanged(Modifiers::ALT));
    for k in 1..=6 {
        h.hover_at(a + (b - a) * (k as f32 / 6.0));
        h.run_steps(1);
    }
    h.event(Event::PointerButton {
        pos: b,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::ALT,
    });
    h.run_steps(2);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(2);
    let s = h.state().selection().span();
    assert_eq!((s.start, s.end), (claim.start + 2, claim.end - 2));
}

#[test]
fn keyboard_extends_selection_and_tab_walks_frames() {
    let mut h = harness(None, None);
    h.key_press(Key::Tab);
    h.run_steps(2);
    let first = frames(&h)[0].id.clone();
    assert_eq!(h.state().selected_frame(), Some(first.as_str()));
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run_steps(2);
    let last = frames(&h).last().unwrap().id.clone();
    assert_eq!(h.state().selected_frame(), Some(last.as_str()));

    find(&mut h, "Iran is");
    let s = h.state().selection().span();
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(h.state().selection().span(), Span::new(s.start, s.end + 1));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight);
    h.run_steps(2);
    let text = text(&h);
    let next_word = text
        .chars()
        .skip(s.end + 1)
        .take_while(|c| c.is_alphanumeric())
        .count();
    assert!(next_word > 0);
    assert_eq!(
        h.state().selection().span(),
        Span::new(s.start, s.end + 1 + next_word),
        "to the end of the next word"
    );
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(Some(&path), Some(dir.path().to_path_buf()));
    find(&mut h, CLAIM);
    h.key_press(Key::Num1);
    h.run_steps(2);
    assert!(session(&h).is_modified());
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(2);
    assert!(
        h.state().guard_open(),
        "the close request is held for the question"
    );
    h.get_by_label("Unsaved changes");
    h.get_by_label("Discard");
    h.get_by_label("Save");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().guard_open());
    assert!(session(&h).is_modified(), "Cancel keeps the work");
}

#[test]
fn a_malformed_file_shows_the_loader_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"format\": \"stancemark/1\",\n  oops\n}\n").unwrap();
    let h = harness(Some(&bad), None);
    let err = h
        .state()
        .load_error()
        .expect("an error, not a panic")
        .to_owned();
    assert!(err.contains("bad.json:3:3"), "{err}");
    h.get_by_label_contains("bad.json:3:3");
    h.get_by_label("Nothing is open");
}

#[test]
fn help_and_readme_list_the_real_shortcuts() {
    let mut h = harness(None, None);
    h.key_press(Key::F1);
    h.run_steps(2);
    h.get_by_label("Keyboard shortcuts");
    h.get_by_label("Ctrl+Shift+Z / Ctrl+Y");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let rows = stancemark::ui::help::markdown_rows(&stancemark::model::Schema::default_news());
    for row in &rows {
        assert!(
            readme.contains(row.as_str()),
            "README lacks the row {row}; the table should read:\n{}",
            rows.join("\n")
        );
    }
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(Some(&path), Some(dir.path().to_path_buf()));
    find(&mut h, CLAIM);
    h.key_press(Key::Num1);
    h.run_steps(2);
    // Another program (a `git pull`) rewrites the file meanwhile.
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"status\": \"done\"", "\"status\": \"todo\"");
    std::fs::write(&path, &theirs).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    h.get_by_label("The file changed on disk");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "not overwritten silently"
    );
    assert!(session(&h).is_modified());
    h.get_by_label("Reload");
    h.get_by_label("Save as…");
    h.get_by_label("Overwrite").click();
    h.run_steps(3);
    assert!(!session(&h).is_modified());
    let saved = stancemark::io::native::load(&path).unwrap();
    assert_eq!(
        saved.annotations.frames().len(),
        26,
        "our new frame is in the file"
    );
}

#[test]
fn a_second_instance_opens_read_only_until_the_first_closes() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let first = harness(Some(&path), Some(dir.path().to_path_buf()));
    assert!(session(&first).read_only.is_none());
    let mut second = harness(Some(&path), Some(dir.path().to_path_buf()));
    let holder = session(&second).read_only.clone();
    assert!(
        holder.as_deref().is_some_and(|h| h.contains("by tester")),
        "{holder:?}"
    );
    second.get_by_label_contains("Read-only:");
    find(&mut second, CLAIM);
    second.key_press(Key::Num1);
    second.run_steps(2);
    second.key_press_modifiers(Modifiers::COMMAND, Key::S);
    second.run_steps(3);
    second.get_by_label_contains("is open read-only");
    assert_eq!(
        stancemark::io::native::load(&path)
            .unwrap()
            .annotations
            .frames()
            .len(),
        25
    );
    drop(second);
    drop(first);
    // The lock is gone with the first instance: a third opens for editing.
    let third = harness(Some(&path), Some(dir.path().to_path_buf()));
    assert!(session(&third).read_only.is_none());
}

/// A document with `n` frames, one per line of text, saved in `dir`.
fn many_frames(dir: &Path, n: usize) -> PathBuf {
    use stancemark::model::{AnnotationSet, Document, Frame, Quote, Schema};
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("Claim number {i:05} 😀 東京\r\n"));
    }
    let doc = Document::new("many", text);
    let schema = Schema::default_news();
    let mut set = AnnotationSet::new("many", "tester", schema.reference());
    let line = "Claim number 00000 😀 東京\r\n".chars().count();
    let frames = (0..n)
        .map(|i| {
            let span = Span::new(i * line, i * line + 18);
            let q = Quote::new(span, doc.text.slice(span).unwrap());
            Frame::new(format!("f{}", i + 1), q, "warning")
        })
        .collect();
    set.set_frames(frames);
    let p = dir.join("many.stance.json");
    stancemark::io::native::save(&p, &doc, &set).unwrap();
    p
}

#[test]
fn frame_list_builds_only_rows_in_view_and_follows_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let path = many_frames(dir.path(), 3_000);
    let mut h = harness(Some(&path), None);
    // A row reads "ID SOURCE — CLAIM"; these frames have no source.
    let rows = |h: &Harness<'_, App>| h.query_all_by_label_contains("  — Claim number ").count();
    let shown = rows(&h);
    assert!(
        (1..200).contains(&shown),
        "{shown} rows built for 3,000 frames"
    );
    // Shift+Tab selects the last frame; its row, far below, is brought into view.
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run_steps(3);
    assert_eq!(h.state().selected_frame(), Some("f3000"));
    assert!(
        h.query_by_label_contains("f3000  — ").is_some(),
        "the selected row is in view"
    );
    assert!(
        h.query_by_label_contains("f1  — ").is_none(),
        "the first row left"
    );
}
