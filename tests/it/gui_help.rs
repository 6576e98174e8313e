//! The help window and Escape, through egui_kittest: the help fits the window with keys and
//! their descriptions side by side at the smallest window size, filters as the user types, and
//! Escape closes it — and an open menu, and the `V` picker — before it clears a selection.

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::ui::App;

fn harness(size: egui::Vec2) -> Harness<'static, App> {
    let app = App::new_for_test(None, None);
    let mut h = Harness::builder()
        .with_size(size)
        .allow_missing_glyphs()
        .build_eframe(move |_| app);
    h.run_steps(3);
    h
}

fn press(h: &mut Harness<'_, App>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(2);
}

#[test]
fn the_help_shows_keys_beside_their_wrapped_descriptions_inside_the_window() {
    // The window's minimum size.
    let size = egui::vec2(640.0, 400.0);
    let mut h = harness(size);
    press(&mut h, Modifiers::NONE, Key::F1);
    assert!(h.state().help_open());
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
    for (keys, description) in [
        ("Ctrl+F", "Find in the article"),
        ("Double-click", "Select a word"),
    ] {
        let k = h.get_by_label(keys).rect();
        let d = h.get_by_label(description).rect();
        assert!(
            screen.contains_rect(k) && screen.contains_rect(d),
            "{k:?} {d:?}"
        );
        assert!(
            k.max.x <= d.min.x,
            "the key column is left of the description"
        );
        assert!((k.min.y - d.min.y).abs() < 2.0, "on one line");
    }
    // The longest description wraps inside the window instead of running off to the right.
    let long = "Select whole words, without surrounding spaces, trailing , ; : or unmatched quotes";
    let r = h.get_by_label(long).rect();
    assert!(r.max.x <= size.x, "{r:?}");
}

#[test]
fn typing_filters_the_help_and_escape_closes_it() {
    let mut h = harness(egui::vec2(1280.0, 800.0));
    press(&mut h, Modifiers::NONE, Key::F1);
    h.get_by_label("Annotate");
    h.get_by_label("Review");
    // The search field has the keyboard focus: typing filters at once.
    h.event(Event::Text("undo".into()));
    h.run_steps(2);
    h.get_by_label("Ctrl+Z");
    h.get_by_label("Undo (selects what it changes)");
    assert!(h.query_by_label("Find in the article").is_none());
    assert!(
        h.query_by_label("Review").is_none(),
        "empty groups are hidden"
    );
    // A digit typed into the field is text, not a stance key.
    h.event(Event::Text("2".into()));
    h.run_steps(2);
    h.get_by_label_contains("No shortcut matches");
    assert_eq!(
        h.state().session().unwrap().annotations().frames().len(),
        25
    );
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.state().help_open());
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    // F1 opens it again, searched afresh; F1 closes it too.
    press(&mut h, Modifiers::NONE, Key::F1);
    h.get_by_label("Find in the article");
    press(&mut h, Modifiers::NONE, Key::F1);
    assert!(!h.state().help_open());
}

#[test]
fn escape_closes_an_open_menu_before_it_clears_the_selection() {
    let mut h = harness(egui::vec2(1280.0, 800.0));
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label_contains("Open project");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(
        h.query_by_label_contains("Open project").is_none(),
        "the menu closed"
    );
    // The V picker (a window) closes on Escape too.
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::V);
    h.get_by_label_contains("Reported via…");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.query_by_label_contains("Reported via…").is_none());
    // With nothing open, Escape clears the text selection.
    h.state_mut()
        .set_selection(stancemark::session::view::Selection::new(5, 12));
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().selection().is_empty());
}
