//! The guideline card (F2 toggles it) and Help ▸ Guidelines, with a project's guidelines.md.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use stancemark::model::{AnnotationSet, Document, Frame, Quote, Span};
use stancemark::project::Project;
use stancemark::ui::App;

use crate::util::{self, press};

#[test]
fn the_card_follows_the_selected_frame_and_f2_toggles_it() {
    let mut h = util::harness(App::new_for_test(None, None));
    assert!(h
        .query_all_by_label_contains("Guideline — ")
        .next()
        .is_none());
    press(&mut h, Modifiers::NONE, Key::Tab);
    // The sample's f1 is a neutral report; the schema's text for it is shown.
    h.get_by_label("Guideline — Neutral report");
    press(&mut h, Modifiers::NONE, Key::F2);
    assert!(h.query_by_label("Guideline — Neutral report").is_none());
    press(&mut h, Modifiers::NONE, Key::F2);
    h.get_by_label("Guideline — Neutral report");
}

#[test]
fn a_projects_guidelines_md_is_in_the_card_and_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    let p = Project::init(&root, Some("p"), None).unwrap();
    let doc = Document::new("d1", "Officials warned Israel. 😀");
    p.save_document(&doc).unwrap();
    let mut set = AnnotationSet::new("d1", "alice", p.schema().reference());
    set.set_frames(vec![Frame::new(
        "f1",
        Quote::new(Span::new(0, 23), "Officials warned Israel"),
        "warning",
    )]);
    p.save_annotations(&doc, &set).unwrap();
    std::fs::write(
        root.join("guidelines.md"),
        "## Warning\nCounter-example: a forecast without a source.\n\n## Claim\nWhole clauses.\n",
    )
    .unwrap();
    let mut h = util::harness(App::new_for_test_as(
        Some(&root),
        Some(storage.path().to_path_buf()),
        "alice",
    ));
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::Tab);
    h.get_by_label("Guideline — Warning");
    assert!(h
        .query_all_by_label_contains("Counter-example: a forecast without a source.")
        .next()
        .is_some());
    h.get_by_label("Help").click();
    h.run_steps(2);
    // A menu entry's name ends with its shortcut, after a space (none here).
    h.get_by(|n| n.label().is_some_and(|l| l.trim_end() == "Guidelines"))
        .click();
    h.run_steps(3);
    h.get_by_label("Role: claim");
    h.get_by_label("Denial / rejection");
    assert!(h
        .query_all_by_label_contains("Whole clauses.")
        .next()
        .is_some());
}
