//! Project mode of the workbench through egui_kittest: the document list, filters, moving
//! between documents (saving first), Mark done, and the Import/Export windows running their
//! worker threads.

use std::path::Path;

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::model::{AnnotationSet, Frame, Quote, Span, Status};
use stancemark::project::import::{self, ImportFormat, ImportOptions};
use stancemark::project::Project;
use stancemark::ui::command::Command;
use stancemark::ui::project_list::StatusFilter;
use stancemark::ui::transfer_dialog::{ExportForm, Form, ImportForm};
use stancemark::ui::App;

/// Four documents (emoji, CJK, combining marks, CRLF); bob has done `d1`, alice has `d3` in
/// progress. Documents are imported the way a user would (`import --from jsonl`).
fn project(dir: &Path) -> Project {
    let mut p = Project::init(dir, Some("Desk"), None).unwrap();
    let src = dir.join("in.jsonl");
    let lines = [
        r#"{"id": "d1", "title": "Iran warns Israel 🚀", "text": "Iran warned Israel on Monday.\r\nOfficials denied it."}"#,
        r#"{"id": "d2", "title": "東京で会談", "text": "政府は会談を否定した。\r\n"}"#,
        r#"{"id": "d3", "title": "Café talks resume", "text": "The minister said that talks would resume.\n"}"#,
        r#"{"id": "d4", "title": "Markets calm", "text": "Traders said markets were calm.\n"}"#,
    ];
    std::fs::write(&src, lines.join("\n")).unwrap();
    import::import(
        &mut p,
        ImportFormat::Jsonl,
        std::slice::from_ref(&src),
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    std::fs::remove_file(&src).unwrap();
    for (who, id, status) in [
        ("bob", "d1", Status::Done),
        ("alice", "d3", Status::InProgress),
    ] {
        let doc = p.load_document(id).unwrap();
        let mut set = AnnotationSet::new(id, who, p.schema().reference());
        set.status = status;
        let span = Span::new(0, 4);
        set.set_frames(vec![Frame::new(
            "f1",
            Quote::new(span, doc.text.slice(span).unwrap()),
            "warning",
        )]);
        p.save_annotations(&doc, &set).unwrap();
    }
    p
}

fn harness(dir: &Path, storage: &Path, annotator: &str) -> Harness<'static, App> {
    let app = App::new_for_test_as(Some(dir), Some(storage.to_path_buf()), annotator);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |_| app);
    h.run_steps(3);
    h
}

fn current(h: &Harness<'_, App>) -> String {
    h.state().project().unwrap().current.clone().unwrap()
}

fn row_status(h: &Harness<'_, App>, id: &str) -> (Status, usize) {
    let r = h
        .state()
        .project()
        .unwrap()
        .rows
        .iter()
        .find(|r| r.id == id)
        .unwrap()
        .clone();
    (r.status, r.annotators)
}

/// Selects `needle` with the find bar and presses the warning hotkey: one new frame.
fn add_frame(h: &mut Harness<'_, App>, needle: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.event(Event::Text(needle.to_owned()));
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.key_press(Key::Num2);
    h.run_steps(2);
}

/// Runs frames until the Import/Export worker has answered (bounded).
fn wait_for_transfer(h: &mut Harness<'_, App>) {
    for _ in 0..1000 {
        h.run_steps(1);
        if !h.state_mut().transfer_mut().is_some_and(|t| t.running()) {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the worker did not finish");
}

#[test]
fn the_list_shows_titles_statuses_and_annotator_counts() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    project(dir.path());
    let h = harness(dir.path(), storage.path(), "alice");
    // The first document alice has not finished opens.
    assert_eq!(current(&h), "d1");
    let s = h.state().session().unwrap();
    assert_eq!(s.annotations().annotator, "alice");
    assert_eq!(s.annotations().status, Status::Todo);
    assert!(
        s.annotations().frames().is_empty(),
        "alice's own, empty set"
    );
    h.get_by_label("Iran warns Israel 🚀 — todo — 1 annotator");
    h.get_by_label("東京で会談 — todo — 0 annotators");
    h.get_by_label("Café talks resume — in progress — 1 annotator");
    h.get_by_label("Desk");
    assert_eq!(h.state().project().unwrap().progress(), (0, 4));
    assert!(h.state().title().starts_with("Desk — Iran warns Israel"));
    // Bob sees his done document.
    let storage2 = tempfile::tempdir().unwrap();
    let bob = harness(dir.path(), storage2.path(), "bob");
    bob.get_by_label("Iran warns Israel 🚀 — done — 1 annotator");
    assert_eq!(bob.state().project().unwrap().progress(), (1, 4));
    assert_eq!(
        current(&bob),
        "d2",
        "bob starts at his first unfinished document"
    );
}

#[test]
fn filters_by_status_and_by_title_or_id() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    project(dir.path());
    let mut h = harness(dir.path(), storage.path(), "alice");
    h.get_all_by_role(egui::Role::ComboBox)
        .next()
        .unwrap()
        .click();
    h.run_steps(2);
    h.get_by_label("in progress").click();
    h.run_steps(2);
    assert_eq!(
        h.state().project().unwrap().filter,
        StatusFilter::Only(Status::InProgress)
    );
    h.get_by_label_contains("Café talks resume");
    assert!(h.query_by_label_contains("Markets calm").is_none());
    let st = h.state_mut().project_mut().unwrap();
    st.filter = StatusFilter::All;
    st.text = "東京".into();
    h.run_steps(2);
    h.get_by_label_contains("東京で会談");
    assert!(h.query_by_label_contains("Markets calm").is_none());
    // Ctrl+PageDown walks the filtered list only: from d1 to d2.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run_steps(2);
    assert_eq!(current(&h), "d2");
}

#[test]
fn ctrl_page_down_saves_and_opens_the_next_document() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let mut h = harness(dir.path(), storage.path(), "alice");
    add_frame(&mut h, "Officials denied it");
    let s = h.state().session().unwrap();
    assert_eq!(s.annotations().frames().len(), 1);
    assert_eq!(
        s.annotations().status,
        Status::InProgress,
        "the first edit of a todo document starts it"
    );
    assert!(h.state().title().starts_with('*'));
    let file = p.annotation_path("alice", "d1").unwrap();
    assert!(!file.exists());
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run_steps(2);
    assert_eq!(current(&h), "d2");
    let saved = p.load_annotations("alice", "d1").unwrap().unwrap();
    assert_eq!(saved.status, Status::InProgress);
    let f = &saved.frames()[0];
    assert_eq!(f.claim.first().text, "Officials denied it");
    assert_eq!(
        f.claim.first().span,
        Span::new(31, 50),
        "CRLF counts as two code points"
    );
    assert_eq!(
        row_status(&h, "d1"),
        (Status::InProgress, 2),
        "row refreshed"
    );
    h.get_by_label("Iran warns Israel 🚀 — in progress — 2 annotators");
    // Back with Ctrl+PageUp: alice's saved work is there; undo of the first edit is todo again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    h.run_steps(2);
    assert_eq!(current(&h), "d1");
    assert_eq!(h.state().session().unwrap().annotations().frames().len(), 1);
}

#[test]
fn a_failed_save_keeps_the_document_open() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let mut h = harness(dir.path(), storage.path(), "alice");
    add_frame(&mut h, "Officials denied it");
    // A folder where alice's file would go: the save cannot happen.
    let blocker = p.annotation_path("alice", "d1").unwrap();
    std::fs::create_dir_all(&blocker).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run_steps(3);
    assert_eq!(current(&h), "d1", "stays on the unsaved document");
    assert!(h.state().session().unwrap().is_modified());
    assert!(
        h.query_by_label_contains("cannot").is_some()
            || h.query_by_label("The file changed on disk").is_some(),
        "the failure is shown"
    );
}

#[test]
fn mark_done_sets_the_status_saves_and_counts_progress() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let mut h = harness(dir.path(), storage.path(), "alice");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    h.run_steps(2);
    assert_eq!(
        h.state().session().unwrap().annotations().status,
        Status::Done
    );
    assert_eq!(
        p.load_annotations("alice", "d1").unwrap().unwrap().status,
        Status::Done,
        "saved"
    );
    assert_eq!(h.state().project().unwrap().progress(), (1, 4));
    h.get_by_label("Mark in progress");
    // Undoable like any edit.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        h.state().session().unwrap().annotations().status,
        Status::Todo
    );
    // The button toggles done ↔ in progress.
    h.get_by_label("Mark done").click();
    h.run_steps(2);
    h.get_by_label("Mark in progress").click();
    h.run_steps(2);
    assert_eq!(
        p.load_annotations("alice", "d1").unwrap().unwrap().status,
        Status::InProgress
    );
    assert_eq!(h.state().project().unwrap().progress(), (0, 4));
}

#[test]
fn switching_the_annotator_reopens_the_document_as_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    project(dir.path());
    let mut h = harness(dir.path(), storage.path(), "alice");
    h.state_mut()
        .push_command(Command::SetAnnotator("../evil".into()));
    h.run_steps(2);
    assert_eq!(h.state().annotator(), "alice", "unsafe names are refused");
    h.state_mut()
        .push_command(Command::SetAnnotator("bob".into()));
    h.run_steps(2);
    assert_eq!(h.state().annotator(), "bob");
    let s = h.state().session().unwrap();
    assert_eq!(s.annotations().annotator, "bob");
    assert_eq!(s.annotations().status, Status::Done, "bob's file for d1");
    assert_eq!(h.state().project().unwrap().progress(), (1, 4));
}

#[test]
fn import_through_the_dialog_lands_files_and_refreshes_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    let inputs = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let mut h = harness(dir.path(), storage.path(), "alice");

    // An unknown label: every place is listed and nothing is written.
    let bad = inputs.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        r#"{"id": "n1", "text": "Iran warned.", "annotator": "carol", "frames": [{"id": "f1", "claim": {"start": 0, "end": 4, "text": "Iran"}, "stance": "grumble"}]}"#,
    )
    .unwrap();
    h.state_mut().push_command(Command::Import);
    h.run_steps(5);
    h.get_by_label("Import into the project");
    let mut form = ImportForm::new("alice");
    form.inputs = bad.display().to_string();
    h.state_mut().transfer_mut().unwrap().form = Form::Import(form.clone());
    h.get_by_label("Import").click();
    wait_for_transfer(&mut h);
    h.get_by_label("Nothing was written:");
    h.get_by_label_contains("grumble");
    assert_eq!(p.document_ids().unwrap().len(), 4);

    // With a map it goes through; a folder of .txt files works the same way.
    form.map = "grumble=warning".into();
    h.state_mut().transfer_mut().unwrap().form = Form::Import(form.clone());
    h.get_by_label("Import").click();
    wait_for_transfer(&mut h);
    let txt = inputs.path().join("texts");
    std::fs::create_dir(&txt).unwrap();
    std::fs::write(txt.join("e\u{301}te\u{301}.txt"), "L'été arrive.\n").unwrap();
    form.format = ImportFormat::Text;
    form.inputs = txt.display().to_string();
    form.map.clear();
    h.state_mut().transfer_mut().unwrap().form = Form::Import(form);
    h.get_by_label("Import").click();
    wait_for_transfer(&mut h);
    h.get_by_label_contains("Imported 1 new and 0 existing documents");
    assert_eq!(p.document_ids().unwrap().len(), 6);
    assert_eq!(
        p.load_annotations("carol", "n1").unwrap().unwrap().frames()[0].stance,
        "warning"
    );
    let rows = &h.state().project().unwrap().rows;
    assert_eq!(rows.len(), 6, "the list was refreshed");
    h.get_by_label_contains("n1 — todo — 1 annotator");
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(h.state_mut().transfer_mut().is_none());
}

#[test]
fn export_through_the_dialog_writes_a_checked_file() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let mut h = harness(dir.path(), storage.path(), "alice");
    h.state_mut().push_command(Command::Export);
    h.run_steps(5);
    h.get_by_label("Export from the project");
    let out = out_dir.path().join("bob.csv");
    let mut form = ExportForm::new(&p, "alice");
    assert_eq!(form.annotators, vec!["alice".to_owned(), "bob".to_owned()]);
    form.annotator = "bob".into();
    form.format = stancemark::project::export::ExportFormat::Csv;
    form.out = out.display().to_string();
    h.state_mut().transfer_mut().unwrap().form = Form::Export(form);
    h.get_by_label("Export").click();
    wait_for_transfer(&mut h);
    h.get_by_label_contains("Exported 1 documents, 1 frames");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("d1,bob,f1,0,4,Iran,warning"), "{csv}");
}
