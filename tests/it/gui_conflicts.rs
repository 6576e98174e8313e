//! The conflict queue: frames a merge kept in two versions, resolved in the workbench.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use stancemark::io::native;
use stancemark::model::conflict::{frame_conflict, mark};
use stancemark::model::Conflict;
use stancemark::ui::App;

use crate::util::{self, press, sample_path};

#[test]
fn take_theirs_resolves_a_conflict_and_undo_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    let mut frames = file.annotations.frames().to_vec();
    let f2 = frames.iter_mut().find(|f| f.id == "f2").unwrap();
    let base = f2.clone();
    let mut theirs = f2.clone();
    theirs.stance = "denial".into();
    let mut ours = f2.clone();
    ours.stance = "threat".into();
    *f2 = ours.clone();
    mark(
        &mut f2.extra,
        &Conflict {
            base: Some(base),
            ours: Some(ours),
            theirs: Some(theirs),
        },
    );
    file.annotations.set_frames(frames);
    let path = dir.path().join("merged.json");
    native::save(&path, &file.document, &file.annotations).unwrap();

    let mut h = util::harness(App::new_for_test(Some(&path), None));
    h.get_by_label("Merge conflicts: 1");
    h.get_by_label("Take theirs (denial)").click();
    h.run_steps(3);
    let s = h.state().session().unwrap();
    let f2 = s.annotations().frame("f2").unwrap();
    assert_eq!(f2.stance, "denial");
    assert!(frame_conflict(f2).is_none());
    assert!(h.query_by_label("Merge conflicts: 1").is_none());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label("Merge conflicts: 1");
    assert_eq!(
        h.state()
            .session()
            .unwrap()
            .annotations()
            .frame("f2")
            .unwrap()
            .stance,
        "threat"
    );
}

#[test]
fn an_entity_conflict_is_resolved_in_the_queue_and_a_linked_entity_is_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    let mut entities = file.annotations.entities.clone();
    let e4 = entities.iter_mut().find(|e| e.id == "e4").unwrap();
    let base = e4.clone();
    let mut ours = e4.clone();
    ours.name = "President Donald Trump".into();
    *e4 = ours.clone();
    // Theirs deleted the entity, but frames of this file still link to it.
    mark(
        &mut e4.extra,
        &Conflict {
            base: Some(base),
            ours: Some(ours),
            theirs: None,
        },
    );
    file.annotations.set_entities(entities);
    let path = dir.path().join("merged.json");
    native::save(&path, &file.document, &file.annotations).unwrap();

    let mut h = util::harness(App::new_for_test(Some(&path), None));
    h.get_by_label("Merge conflicts: 1");
    h.get_by_label("entity e4 “President Donald Trump”");
    // Clicking the deleting side does nothing: the button is disabled while frames link to it.
    h.get_by_label("Take theirs (deleted)").click();
    h.run_steps(3);
    assert!(h
        .state()
        .session()
        .unwrap()
        .annotations()
        .entity("e4")
        .is_some());
    h.get_by_label("Take ours (President Donald Trump, person)")
        .click();
    h.run_steps(3);
    press(&mut h, Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    assert!(h.query_by_label("Merge conflicts: 1").is_none());
    let saved = native::load(&path).unwrap();
    let e4 = saved.annotations.entity("e4").unwrap();
    assert_eq!(e4.name, "President Donald Trump");
    assert!(e4.extra.is_empty(), "{:?}", e4.extra);
}
