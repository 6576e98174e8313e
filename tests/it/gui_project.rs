//! Project mode of the workbench through egui_kittest: the document list, filters, moving
//! between documents (saving first), Mark done, and the Import/Export windows running their
//! worker threads.

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::model::{AnnotationSet, Frame, Quote, Span, Status};
use stancemark::project::import::{self, ImportFormat, ImportOptions};
use stancemark::project::Project;
use stancemark::ui::project_list::StatusFilter;
use stancemark::ui::App;

use crate::util::{self, press, session};

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

/// The workbench on the project in `dir` as `annotator`.
fn harness(dir: &Path, storage: &Path, annotator: &str) -> Harness<'static, App> {
    util::harness(App::new_for_test_as(
        Some(dir),
        Some(storage.to_path_buf()),
        annotator,
    ))
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
    util::find(h, needle);
    util::press(h, Modifiers::NONE, Key::Num2);
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
    let s = session(&h);
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
    choose(&mut h, "Status", "in progress");
    assert_eq!(
        h.state().project().unwrap().filter,
        StatusFilter::Only(Status::InProgress)
    );
    h.get_by_label_contains("Café talks resume");
    assert!(h.query_by_label_contains("Markets calm").is_none());
    choose(&mut h, "Status", "all");
    type_into(
        &mut h,
        |h| field_with_hint(h, "Filter by title or id"),
        "東京",
    );
    assert_eq!(h.state().project().unwrap().filter, StatusFilter::All);
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
    let s = session(&h);
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
    // The editing time (the harness's frame clock) is recorded and shown with the row.
    let spent = saved.time_spent.seconds("alice");
    let spent = if spent > 0 {
        format!(" — {} spent", stancemark::model::time_spent::clock(spent))
    } else {
        String::new()
    };
    h.get_by_label(&format!(
        "Iran warns Israel 🚀 — in progress — 2 annotators{spent}"
    ));
    // Back with Ctrl+PageUp: alice's saved work is there; undo of the first edit is todo again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    h.run_steps(2);
    assert_eq!(current(&h), "d1");
    assert_eq!(session(&h).annotations().frames().len(), 1);
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
    assert!(session(&h).is_modified());
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
    assert_eq!(session(&h).annotations().status, Status::Done);
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
    assert_eq!(session(&h).annotations().status, Status::Todo);
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
    // The name field in the list's header holds the current annotator; Switch applies it.
    assert_eq!(
        field_with_hint(&h, "your name").value().as_deref(),
        Some("alice")
    );
    type_into(&mut h, |h| field_with_hint(h, "your name"), "../evil");
    h.get_by_label("Switch").click();
    h.run_steps(3);
    assert_eq!(h.state().annotator(), "alice", "unsafe names are refused");
    h.get_by_label_contains("annotator \"../evil\" cannot be used as a file name");
    h.get_by_label("Close").click();
    h.run_steps(2);
    // Enter in the field switches too.
    type_into(&mut h, |h| field_with_hint(h, "your name"), "bob");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().annotator(), "bob");
    let s = session(&h);
    assert_eq!(s.annotations().annotator, "bob");
    assert_eq!(s.annotations().status, Status::Done, "bob's file for d1");
    assert_eq!(h.state().project().unwrap().progress(), (1, 4));
}

/// Opens `menu` in the menu bar and clicks `item`.
fn menu(h: &mut Harness<'_, App>, menu: &str, item: &str) {
    h.get_by_label(menu).click();
    h.run_steps(2);
    // A menu entry's name ends with its shortcut, after a space (none here).
    let item = item.to_owned();
    h.get_by(move |n| n.label().is_some_and(|l| l.trim_end() == item))
        .click();
    h.run_steps(5);
}

/// The text field whose hint (shown while it is empty) is `hint`.
fn field_with_hint<'h>(h: &'h Harness<'_, App>, hint: &'static str) -> egui_kittest::Node<'h> {
    h.get_by(move |n| n.data().placeholder() == Some(hint))
}

/// Matches the single-line text field that holds `value`.
fn field_with_value(value: String) -> impl Fn(&egui_kittest::kittest::AccessKitNode<'_>) -> bool {
    move |n| n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some(&value)
}

/// Replaces the text of a field the way a user does: click into it, select all, type.
fn type_into<'a>(
    h: &mut Harness<'a, App>,
    find: impl for<'h> Fn(&'h Harness<'a, App>) -> egui_kittest::Node<'h>,
    text: &str,
) {
    find(h).click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    if text.is_empty() {
        h.key_press(Key::Delete);
    } else {
        find(h).type_text(text);
    }
    h.run_steps(2);
}

/// Opens the combo box labelled `combo` and picks `choice`.
fn choose(h: &mut Harness<'_, App>, combo: &str, choice: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, combo)
        .click();
    h.run_steps(2);
    // The open list is the last layer: its entry, not a same-named label elsewhere.
    h.get_all_by_label(choice).last().unwrap().click();
    h.run_steps(2);
}

const INPUTS_HINT: &str = "files or folders, one per line";
const MAP_HINT: &str = "OLD=NEW, one per line";

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
    menu(&mut h, "File", "Import…");
    h.get_by_label("Import into the project");
    type_into(
        &mut h,
        |h| field_with_hint(h, INPUTS_HINT),
        &bad.display().to_string(),
    );
    h.get_by_label("Import").click();
    wait_for_transfer(&mut h);
    h.get_by_label("Nothing was written:");
    h.get_by_label_contains("grumble");
    assert_eq!(p.document_ids().unwrap().len(), 4);

    // With a map it goes through; a folder of .txt files works the same way.
    type_into(&mut h, |h| field_with_hint(h, MAP_HINT), "grumble=warning");
    h.get_by_label("Import").click();
    wait_for_transfer(&mut h);
    h.get_by_label_contains("Imported 1 new and 0 existing documents");
    assert_eq!(
        p.load_annotations("carol", "n1").unwrap().unwrap().frames()[0].stance,
        "warning"
    );
    let txt = inputs.path().join("texts");
    std::fs::create_dir(&txt).unwrap();
    std::fs::write(txt.join("e\u{301}te\u{301}.txt"), "L'été arrive.\n").unwrap();
    choose(&mut h, "format", "text");
    type_into(
        &mut h,
        |h| field_with_hint(h, INPUTS_HINT),
        &txt.display().to_string(),
    );
    type_into(&mut h, |h| field_with_hint(h, MAP_HINT), "");
    h.get_by_label("Import").click();
    wait_for_transfer(&mut h);
    h.get_by_label_contains("Imported 1 new and 0 existing documents");
    let ids = p.document_ids().unwrap();
    assert_eq!(ids.len(), 6, "{ids:?}");
    assert!(ids.contains(&"e\u{301}te\u{301}".to_owned()), "{ids:?}");
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
    project(dir.path());
    let mut h = harness(dir.path(), storage.path(), "alice");
    menu(&mut h, "File", "Export…");
    h.get_by_label("Export from the project");
    // The suggested path follows the format and the annotator.
    let suggested = |name: &str| dir.path().join("export").join(name).display().to_string();
    h.get_by(field_with_value(suggested("alice.jsonl")));
    choose(&mut h, "format", "csv");
    h.get_by(field_with_value(suggested("alice.csv")));
    choose(&mut h, "name", "bob");
    let was = suggested("bob.csv");
    h.get_by(field_with_value(was.clone()));
    let out = out_dir.path().join("bob.csv");
    type_into(
        &mut h,
        move |h| h.get_by(field_with_value(was.clone())),
        &out.display().to_string(),
    );
    h.get_by_label("Export").click();
    wait_for_transfer(&mut h);
    h.get_by_label_contains("Exported 1 document, 1 frame");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("d1,bob,f1,0,4,Iran,warning"), "{csv}");
}

/// Issue 12: File ▸ Export over a file that exists asks first; "Keep them" writes nothing and
/// "Overwrite" replaces it.
#[test]
fn export_over_an_existing_file_asks_and_overwrites_only_on_yes() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    project(dir.path());
    let out = dir.path().join("export").join("alice.jsonl");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, "someone else's file\n").unwrap();
    let mut h = harness(dir.path(), storage.path(), "alice");
    menu(&mut h, "File", "Export…");
    h.get_by_label("Export").click();
    wait_for_transfer(&mut h);
    h.get_by_label_contains("1 file(s) the export would write exist already");
    h.get_by_label("Keep them").click();
    h.run_steps(2);
    h.get_by_label_contains("1 file(s) exist already and were kept.");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "someone else's file\n"
    );
    h.get_by_label("Export").click();
    wait_for_transfer(&mut h);
    h.get_by_label("Overwrite").click();
    h.run_steps(2);
    wait_for_transfer(&mut h);
    h.get_by_label_contains("Exported 1 document, 1 frame");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("\"annotator\":\"alice\""), "{written}");
}

/// Issue 12: File ▸ Import with the PolNeAR scheme reads its layout and shows the summary with
/// what was left out; a loss is refused until "Import even if…" is ticked.
#[test]
fn import_window_takes_a_scheme_and_shows_what_was_not_imported() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    let inputs = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let corpus = inputs.path().join("corpus");
    util::copy_tree(&util::repo_path("tests/data/polnear-style"), &corpus);
    // One more annotation the scheme cannot place: a cue in no event.
    let ann = corpus.join("attributions/news-1_b2c3.ann");
    let mut text = std::fs::read_to_string(&ann).unwrap();
    text.push_str("T9\tCue 140 158\tis widely believed\n");
    std::fs::write(&ann, text).unwrap();
    let mut h = harness(dir.path(), storage.path(), "alice");
    menu(&mut h, "File", "Import…");
    choose(&mut h, "format", "brat");
    choose(&mut h, "scheme", "polnear");
    type_into(
        &mut h,
        |h| field_with_hint(h, INPUTS_HINT),
        &corpus.join("attributions").display().to_string(),
    );
    h.get_by_label("Import").click();
    wait_for_transfer(&mut h);
    h.get_by_label("Nothing was written:");
    h.get_by_label_contains("1 × Cue span in no frame (");
    h.get_by_label("Import even if some annotations cannot be (they are counted)")
        .click();
    h.run_steps(2);
    h.get_by_label("Import").click();
    wait_for_transfer(&mut h);
    h.get_by_label_contains(
        "Imported 2 new and 0 existing documents, 3 annotation sets, 10 frames",
    );
    h.get_by_label_contains("Left out on purpose: 2 annotations");
    assert_eq!(
        p.load_annotations("b2c3", "news-1")
            .unwrap()
            .unwrap()
            .frames()
            .len(),
        2
    );
}

/// The document list shows the annotator's recorded active time on each document.
#[test]
fn the_list_shows_time_spent() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let doc = p.load_document("d3").unwrap();
    let mut set = p.load_annotations("alice", "d3").unwrap().unwrap();
    set.time_spent.add("alice", 12 * 60 + 34);
    p.save_annotations(&doc, &set).unwrap();
    let mut h = harness(dir.path(), storage.path(), "alice");
    h.run_steps(2);
    h.get_by_label("Café talks resume — in progress — 1 annotator — 12:34 spent");
    // Bob's d1 has no time of alice's: nothing shown.
    h.get_by_label("Iran warns Israel 🚀 — todo — 1 annotator");
}
