//! Where things are on screen, through egui_kittest: labels sit before the field they name
//! (and name it for screen readers), the frame editor's role labels are on the line of the
//! quote they label, and a document opens scrolled to its top.

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::model::Schema;
use stancemark::project::Project;
use stancemark::ui::command::Command;
use stancemark::ui::App;

use crate::util::sample_copy;

fn harness(path: Option<&Path>) -> Harness<'static, App> {
    let app = App::new_for_test(path, None);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |_| app);
    h.run_steps(3);
    h
}

/// `label`'s text is left of the widget it names, on the same line.
fn label_before(h: &Harness<'_, App>, label: &str, role: Role) {
    let text = h
        .query_all_by_role_and_label(Role::Label, label)
        .next()
        .unwrap_or_else(|| panic!("no label {label:?}"))
        .rect();
    let widget = h.get_by_role_and_label(role, label).rect();
    assert!(text.max.x <= widget.min.x, "{label}: {text:?} / {widget:?}");
    assert!(
        (text.center().y - widget.center().y).abs() < 6.0,
        "{label}: {text:?} / {widget:?}"
    );
}

#[test]
fn labels_stand_before_the_fields_they_name() {
    let mut h = harness(None);
    label_before(&h, "stance", Role::ComboBox);
    label_before(&h, "source", Role::TextInput);
    // The frame editor: a frame with a source, a cue and a target.
    h.state_mut()
        .push_command(Command::SelectFrame("f2".into()));
    h.run_steps(3);
    label_before(&h, "via", Role::ComboBox);
    label_before(&h, "Certainty", Role::ComboBox);
    // Role labels are on the line of their quotes, not beside the cell's middle line.
    for (role, quote) in [
        ("source", "“Iran”"),
        ("target", "“Israel and the United States”"),
    ] {
        let label = h
            .query_all_by_label(role)
            .map(|n| n.rect())
            .filter(|r| r.min.x > 800.0)
            .min_by(|a, b| a.min.x.total_cmp(&b.min.x))
            .unwrap();
        let q = h.get_by_label(quote).rect();
        assert!(
            (label.center().y - q.center().y).abs() < 4.0,
            "{role}: {label:?} / {quote}: {q:?}"
        );
    }
}

#[test]
fn the_project_status_filter_is_labelled_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    Project::init(&root, Some("Desk"), Some(Schema::default_news())).unwrap();
    let h = harness(Some(&root));
    label_before(&h, "Status", Role::ComboBox);
}

#[test]
fn a_document_opens_at_its_top_wherever_the_last_one_was_scrolled() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_copy(dir.path(), "a.stance.json");
    let b = sample_copy(dir.path(), "b.stance.json");
    let mut h = harness(Some(&a));
    // The last frame is near the end: selecting it scrolls down.
    let last = {
        let s = h.state().session().unwrap();
        s.annotations().frames().last().unwrap().id.clone()
    };
    h.state_mut().push_command(Command::SelectFrame(last));
    h.run_steps(5);
    assert!(h.state().first_shown_paragraph().unwrap() > 5);
    h.state_mut().push_command(Command::OpenPath(b.clone()));
    h.run_steps(3);
    assert_eq!(
        h.state().session().unwrap().save_path.as_deref(),
        Some(b.as_path())
    );
    assert_eq!(h.state().first_shown_paragraph(), Some(0));
}
