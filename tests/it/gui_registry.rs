//! The frame editor's entity field in project mode, on a copy of the sample project
//! `samples/stance-map-project` (its `entities.json` registry): a fuzzy alias offers and links
//! a registry entity, a new name makes a registry entry, a new surface form becomes an alias,
//! and a registry changed on disk is never overwritten. alice's first document is
//! `global-wire-council-urges-talks` (all of hers are done, so the first one opens).

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use serde_json::Value;

use stancemark::session::view::Selection;
use stancemark::ui::command::Command;
use stancemark::ui::App;

use crate::util::{self, copy_tree, frame, press, sample_path, session};

const DOC: &str = "global-wire-council-urges-talks";

/// A copy of the sample project in `dir`, with `tweak` applied to alice's file of [`DOC`].
fn project(dir: &Path, tweak: impl FnOnce(&mut Value)) -> PathBuf {
    let project = dir.join("project");
    copy_tree(&sample_path("stance-map-project"), &project);
    let file = alice_file(&project);
    let mut json = read_json(&file);
    tweak(&mut json);
    std::fs::write(&file, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    project
}

fn alice_file(project: &Path) -> PathBuf {
    project.join(format!("annotations/alice/{DOC}.json"))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The workbench on `project` as alice, with frame `id` selected and no text selected.
fn open_at(project: &Path, storage: &Path, id: &str) -> Harness<'static, App> {
    let mut h = util::harness(App::new_for_test_as(
        Some(project),
        Some(storage.to_path_buf()),
        "alice",
    ));
    assert_eq!(session(&h).document.id, DOC);
    h.state_mut().push_command(Command::SelectFrame(id.into()));
    h.run_steps(2);
    h.state_mut().set_selection(Selection::new(0, 0));
    h.run_steps(2);
    assert_eq!(h.state().selected_frame(), Some(id));
    h
}

/// Types `text` into the source's (`0`) or target's (`1`) entity search field.
fn search(h: &mut Harness<'_, App>, slot: usize, text: &str) {
    field(h, slot).click();
    h.run_steps(2);
    field(h, slot).type_text(text);
    h.run_steps(3);
}

fn field<'h>(h: &'h Harness<'_, App>, slot: usize) -> egui_kittest::Node<'h> {
    h.get_all_by(|n| n.data().placeholder() == Some("find entity…"))
        .nth(slot)
        .expect("the entity field")
}

/// The entity linked as the source or target of frame `id` of the open file.
fn linked(h: &Harness<'_, App>, id: &str, target: bool) -> Option<String> {
    let f = frame(h, id).unwrap();
    let p = if target { f.target } else { f.source };
    p.and_then(|p| p.entity)
}

/// The registry entry `id` of `entities.json` on disk.
fn registry_entry(project: &Path, id: &str) -> Option<Value> {
    let r = read_json(&project.join("entities.json"));
    r["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .cloned()
}

#[test]
fn a_fuzzy_alias_offers_the_registry_entity_and_links_it() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let project = project(dir.path(), |_| {});
    let registry_before = std::fs::read(project.join("entities.json")).unwrap();
    // f4's target is linked to the council, without a span.
    let mut h = open_at(&project, storage.path(), "f4");
    assert!(session(&h).annotations().entity("kestria").is_none());
    // Two letters swapped in the alias "Government of Kestria".
    search(&mut h, 1, "Goverment of Kestira");
    h.get_by_label("Kestria (government) — “Government of Kestria”")
        .click();
    h.run_steps(3);
    assert_eq!(linked(&h, "f4", true).as_deref(), Some("kestria"));
    let copy = session(&h).annotations().entity("kestria").unwrap();
    assert_eq!(
        (copy.name.as_str(), copy.kind.as_str()),
        ("Kestria", "government")
    );
    // No span, so no alias: the registry is untouched.
    assert_eq!(
        std::fs::read(project.join("entities.json")).unwrap(),
        registry_before
    );
    press(&mut h, Modifiers::COMMAND, Key::S);
    let saved = read_json(&alice_file(&project));
    let f4 = saved["frames"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "f4")
        .unwrap();
    assert_eq!(f4["target"]["entity"], "kestria");
    assert!(saved["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == "kestria" && e["name"] == "Kestria" && e["kind"] == "government"));
    // One step: undo takes the link and the file's copy back.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(linked(&h, "f4", true).as_deref(), Some("water-council"));
    assert!(session(&h).annotations().entity("kestria").is_none());
}

#[test]
fn a_new_name_makes_a_registry_entry_of_the_chosen_kind() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let project = project(dir.path(), |_| {});
    // f7's source span "Ostland’s energy ministry" links no entity.
    let mut h = open_at(&project, storage.path(), "f7");
    search(&mut h, 0, "Ostland Energy Ministry");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "kind")
        .click();
    h.run_steps(2);
    h.get_all_by_label("Government / state")
        .last()
        .unwrap()
        .click();
    h.run_steps(2);
    h.get_by_label("new entity “Ostland Energy Ministry”")
        .click();
    h.run_steps(3);
    assert_eq!(h.state().errors(), [] as [String; 0]);
    // The span's key ("ostland energy ministry") is the name's: no alias.
    assert_eq!(
        registry_entry(&project, "ostland-energy-ministry").unwrap(),
        serde_json::json!({
            "id": "ostland-energy-ministry",
            "name": "Ostland Energy Ministry",
            "kind": "government"
        })
    );
    assert_eq!(
        linked(&h, "f7", false).as_deref(),
        Some("ostland-energy-ministry")
    );
    assert!(h
        .state()
        .status()
        .ends_with("new registry entity ostland-energy-ministry"));
    // The other entries are as they were: Kestria keeps its aliases.
    assert_eq!(
        registry_entry(&project, "kestria").unwrap()["aliases"],
        serde_json::json!(["Government of Kestria", "Kestrian government"])
    );
}

#[test]
fn a_new_surface_form_becomes_an_alias_and_the_status_bar_says_so() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // f11's target span "the council", unlinked for this test.
    let project = project(dir.path(), |json| {
        let f11 = json["frames"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|f| f["id"] == "f11")
            .unwrap();
        f11["target"].as_object_mut().unwrap().remove("entity");
    });
    let mut h = open_at(&project, storage.path(), "f11");
    assert_eq!(linked(&h, "f11", true), None);
    // Misspelt: the file's own entities do not contain it, the registry offers it.
    search(&mut h, 1, "Regional Water Counsil");
    h.get_by_label("Regional Water Council (organization)")
        .click();
    h.run_steps(3);
    assert_eq!(linked(&h, "f11", true).as_deref(), Some("water-council"));
    assert_eq!(
        h.state().status(),
        "link target of f11 to Regional Water Council; \
         added “the council” as an alias of water-council"
    );
    assert_eq!(
        registry_entry(&project, "water-council").unwrap()["aliases"],
        serde_json::json!(["RWC", "the council"])
    );
    // Linking the same form again adds nothing: the registry file stays as written.
    let written = std::fs::read(project.join("entities.json")).unwrap();
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(linked(&h, "f11", true), None);
    search(&mut h, 1, "regional water");
    h.get_by_label("Regional Water Council (organization)")
        .click();
    h.run_steps(3);
    assert_eq!(linked(&h, "f11", true).as_deref(), Some("water-council"));
    assert_eq!(
        h.state().status(),
        "link target of f11 to Regional Water Council"
    );
    assert_eq!(
        std::fs::read(project.join("entities.json")).unwrap(),
        written
    );
}

#[test]
fn a_registry_changed_on_disk_is_not_overwritten() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let project = project(dir.path(), |_| {});
    let mut h = open_at(&project, storage.path(), "f7");
    // Another program (a teammate's sync) adds an entity after the workbench read the file.
    let path = project.join("entities.json");
    let mut r = read_json(&path);
    r["entities"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": "ostland-energy", "name": "Ostland Energy Ministry", "kind": "government"
        }));
    let theirs = serde_json::to_string_pretty(&r).unwrap();
    std::fs::write(&path, &theirs).unwrap();

    search(&mut h, 0, "Ostland Energy Ministri");
    h.get_by_label("new entity “Ostland Energy Ministri”")
        .click();
    h.run_steps(3);
    let errors = h.state().errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("nothing was linked") && errors[0].contains("changed on disk"),
        "{}",
        errors[0]
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert_eq!(linked(&h, "f7", false), None);
    press(&mut h, Modifiers::NONE, Key::Escape);

    // The registry was read again: their entity is offered now, and linking it writes nothing.
    search(&mut h, 0, "Ostland Energy Ministri");
    h.get_by_label("Ostland Energy Ministry (government)")
        .click();
    h.run_steps(3);
    assert_eq!(linked(&h, "f7", false).as_deref(), Some("ostland-energy"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
}

#[test]
fn a_file_entity_named_like_a_registry_entity_is_offered_once() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // alice's copy of the council under an id of her own (as an accepted suggestion makes one).
    let project = project(dir.path(), |json| {
        for e in json["entities"].as_array_mut().unwrap() {
            if e["id"] == "water-council" {
                e["id"] = "e7".into();
            }
        }
        let text = serde_json::to_string(json).unwrap();
        *json = serde_json::from_str(&text.replace("\"water-council\"", "\"e7\"")).unwrap();
    });
    let mut h = open_at(&project, storage.path(), "f4");
    search(&mut h, 0, "Regional Water");
    let offered = h
        .get_all_by(|n| {
            n.data().role() == egui::accesskit::Role::Button
                && n.data().label() == Some("Regional Water Council (organization)")
        })
        .count();
    assert_eq!(offered, 1, "the file's entity, not the registry's again");
    // Chosen, it links through the registry.
    h.get_by(|n| {
        n.data().role() == egui::accesskit::Role::Button
            && n.data().label() == Some("Regional Water Council (organization)")
    })
    .click();
    h.run_steps(3);
    assert_eq!(linked(&h, "f4", false).as_deref(), Some("water-council"));
}

#[test]
fn an_accepted_suggestion_links_the_registry_entity_its_source_names() {
    let (dir, storage) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // alice's file without frames or entities: the finder proposes "Tomas Hald" as a new name
    let project = project(dir.path(), |json| {
        json["frames"] = serde_json::json!([]);
        json["entities"] = serde_json::json!([]);
    });
    let mut h = util::harness(App::new_for_test_as(
        Some(&project),
        Some(storage.path().to_path_buf()),
        "alice",
    ));
    assert_eq!(session(&h).document.id, DOC);
    for _ in 0..400 {
        let s = h.state().suggestions();
        if !s.running() && !s.shown().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
    let by_hald = |h: &Harness<'_, App>| {
        h.state().suggestions().current().and_then(|s| {
            let source = s.source.as_ref()?;
            let named = source.new_entity.as_ref()?.name == "Tomas Hald";
            named.then(|| source.span.as_ref().map(|q| q.first().text.clone()))
        })
    };
    let shown = h.state().suggestions().shown().len();
    for _ in 0..shown {
        press(&mut h, Modifiers::NONE, Key::J);
        if by_hald(&h).is_some() {
            break;
        }
    }
    let span = by_hald(&h).expect("a suggestion with Tomas Hald as a new source");
    press(&mut h, Modifiers::NONE, Key::A);
    let fid = h
        .state()
        .selected_frame()
        .expect("the new frame")
        .to_owned();
    assert_eq!(
        linked(&h, &fid, false).as_deref(),
        Some("tomas-hald"),
        "{span:?}"
    );
    let copy = session(&h)
        .annotations()
        .entity("tomas-hald")
        .cloned()
        .unwrap();
    assert_eq!(
        (copy.name.as_str(), copy.kind.as_str()),
        ("Tomas Hald", "person")
    );
    press(&mut h, Modifiers::COMMAND, Key::S);
    let saved = read_json(&alice_file(&project));
    let frame = saved["frames"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == fid.as_str())
        .cloned()
        .unwrap();
    assert_eq!(frame["source"]["entity"], "tomas-hald");
}
