//! View ▸ Stance map through egui_kittest on the sample project `samples/stance-map-project`:
//! a matrix cell lists the frames behind it, a frame opens its document at that frame, and
//! filters change the counts. Expected counts are hand-counted from the sample's files.

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::ui::App;

use crate::util::{self, copy_tree, press, sample_path, session};

/// The workbench on a copy of the sample project, as `annotator`.
fn open(dir: &Path, storage: &Path, annotator: &str) -> Harness<'static, App> {
    let project = dir.join("project");
    copy_tree(&sample_path("stance-map-project"), &project);
    util::harness(App::new_for_test_as(
        Some(&project),
        Some(storage.to_path_buf()),
        annotator,
    ))
}

/// Runs frames until the map's worker has answered (bounded by a number of frames, not time).
fn settle(h: &mut Harness<'_, App>) {
    for _ in 0..500 {
        h.run_steps(1);
        let m = h.state().stance_map().expect("the map is open");
        if !m.busy() && m.computed().is_some() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the stance map was not built");
}

fn open_map(h: &mut Harness<'_, App>) {
    press(h, Modifiers::COMMAND, Key::M);
    settle(h);
    assert!(h.state().stance_map().unwrap().shown);
}

// Kestrian Foreign Ministry → Ostland: alice 7 frames (Global Wire f5, f6; Harbor Times f2, f3;
// Kestria Daily f1, f2, f3), bob 6 (the same less Global Wire f6); 4 are condemnations (alice's
// and bob's Harbor Times f3 and Kestria Daily f1).
const CELL: &str = "Kestrian Foreign Ministry → Ostland: 13 frames";

#[test]
fn a_matrix_cell_lists_its_frames_and_a_frame_opens_its_document_there() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut h = open(dir.path(), storage.path(), "alice");
    open_map(&mut h);
    h.get_by_label(CELL).click();
    h.run_steps(2);
    let (pick, rows) = h.state().stance_map().unwrap().picked();
    assert!(pick.is_some());
    assert_eq!(rows.len(), 13);

    // alice's own frame opens as the document list opens her documents.
    h.get_by_label("harbor-times-consequences · alice · f3")
        .focus();
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::Enter);
    h.run_steps(2);
    let s = session(&h);
    assert_eq!(s.document.id, "harbor-times-consequences");
    assert_eq!(s.annotations().annotator, "alice");
    assert_eq!(h.state().selected_frame(), Some("f3"));
    let f = s.annotations().frame("f3").unwrap();
    assert_eq!(
        f.claim.display_text(),
        "Ostland has chosen facts on the ground over diplomacy"
    );
    assert!(!h.state().stance_map().unwrap().shown);
    assert_eq!(
        h.state().project().unwrap().current.as_deref(),
        Some("harbor-times-consequences")
    );

    // Back to the map: the same cell is still picked; bob's frame opens his file.
    open_map(&mut h);
    assert_eq!(h.state().stance_map().unwrap().picked().1.len(), 13);
    h.get_by_label("kestria-daily-dam-condemned · bob · f3")
        .click();
    h.run_steps(2);
    h.get_by_label("Open").click();
    h.run_steps(3);
    let s = session(&h);
    assert_eq!(s.document.id, "kestria-daily-dam-condemned");
    assert_eq!(s.annotations().annotator, "bob");
    assert_eq!(h.state().selected_frame(), Some("f3"));
    assert_eq!(
        s.annotations().frame("f3").unwrap().claim.display_text(),
        "We will not accept a fait accompli"
    );
    assert_eq!(s.annotations().frame("f3").unwrap().stance, "warning");
}

#[test]
fn unchecking_a_stance_or_choosing_an_annotator_changes_the_cell_counts() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut h = open(dir.path(), storage.path(), "alice");
    open_map(&mut h);
    assert!(h.query_by_label(CELL).is_some());

    h.get_by_label("Condemnation / criticism").click();
    h.run_steps(1);
    settle(&mut h);
    assert!(h.query_by_label(CELL).is_none());
    h.get_by_label("Kestrian Foreign Ministry → Ostland: 9 frames");

    // bob alone: 6 frames on that cell, 2 of them condemnations.
    h.get_by_label("bob").click();
    h.run_steps(1);
    settle(&mut h);
    h.get_by_label("Kestrian Foreign Ministry → Ostland: 4 frames");
    let c = h.state().stance_map().unwrap().computed().unwrap();
    assert_eq!(c.map.annotators, ["bob"]);
    assert!(!c.map.edges.iter().any(|e| e.stance == "condemnation"));

    // Escape goes back to the document, which was never left.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.state().stance_map().unwrap().shown);
    assert_eq!(session(&h).annotations().annotator, "alice");
}

#[test]
fn the_map_counts_a_saved_edit_when_shown_again() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut h = open(dir.path(), storage.path(), "alice");
    open_map(&mut h);
    h.get_by_label(CELL).click();
    h.run_steps(2);
    h.get_by_label("harbor-times-consequences · alice · f3")
        .click();
    h.run_steps(1);
    h.get_by_label("Open").click();
    h.run_steps(2);
    assert_eq!(h.state().selected_frame(), Some("f3"));
    // alice deletes the frame and saves.
    press(&mut h, Modifiers::NONE, Key::Delete);
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(session(&h).annotations().frame("f3").is_none());
    open_map(&mut h);
    h.get_by_label("Kestrian Foreign Ministry → Ostland: 12 frames");
    let rows = h.state().stance_map().unwrap().picked().1.len();
    assert_eq!(rows, 12);
}

#[test]
fn a_gold_frame_opens_the_gold_file() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut h = open(dir.path(), storage.path(), "alice");
    open_map(&mut h);
    h.get_by_label("Gold").click();
    h.run_steps(1);
    settle(&mut h);
    // Gold keeps alice's seven frames of that cell (bob's Kestria Daily f3 warning is a threat).
    h.get_by_label("Kestrian Foreign Ministry → Ostland: 7 frames")
        .click();
    h.run_steps(2);
    h.get_by_label("kestria-daily-dam-condemned · gold · f3")
        .click();
    h.run_steps(1);
    h.get_by_label("Open").click();
    h.run_steps(2);
    let s = session(&h);
    assert_eq!(s.document.id, "kestria-daily-dam-condemned");
    let saved = s.save_path.as_deref().unwrap();
    assert!(
        saved.ends_with("gold/kestria-daily-dam-condemned.json"),
        "{}",
        saved.display()
    );
    assert_eq!(h.state().selected_frame(), Some("f3"));
    assert_eq!(s.annotations().frame("f3").unwrap().stance, "threat");
}

#[test]
fn a_network_node_lists_every_frame_it_takes_part_in() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut h = open(dir.path(), storage.path(), "alice");
    open_map(&mut h);
    h.get_by_label("Network").click();
    h.run_steps(2);
    // alice and bob link Ostland as the source of 4 frames and the target of 32, never both.
    h.get_by_label("Ostland: 4 as source, 32 as target").click();
    h.run_steps(2);
    assert_eq!(h.state().stance_map().unwrap().picked().1.len(), 36);
    // The list starts with the first document's first frame aimed at Ostland.
    h.get_by_label("global-wire-council-urges-talks · alice · f5");
    assert!(h
        .query_by_label("global-wire-council-urges-talks · alice · f4")
        .is_none());
}

#[test]
fn an_outlet_row_lists_the_frames_that_outlet_attributes() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut h = open(dir.path(), storage.path(), "alice");
    open_map(&mut h);
    h.get_by_label("Per outlet").click();
    h.run_steps(2);
    // Rows go by outlet, then source id: Kestria Daily's first is the Kestrian Foreign
    // Ministry's accusation, made once in alice's file and once in bob's.
    // (The first "Kestria Daily" is the outlet's checkbox among the filters.)
    h.get_all_by_role_and_label(egui::accesskit::Role::Label, "Kestria Daily")
        .next()
        .unwrap()
        .click();
    h.run_steps(2);
    assert_eq!(h.state().stance_map().unwrap().picked().1.len(), 2);
    h.get_by_label("kestria-daily-dam-condemned · alice · f2");
    h.get_by_label("kestria-daily-dam-condemned · bob · f2");
}
