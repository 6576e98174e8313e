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
