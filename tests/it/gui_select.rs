//! Selecting text in the workbench with the mouse and the word keys, driven through
//! egui_kittest on a small article with a CRLF, an emoji and CJK: a drag released in the gap
//! after a word or over a comma keeps only the words, double-click selects a word and
//! triple-click a sentence, Ctrl+Shift+Left never leaves a trailing space — and the spans saved
//! from such selections hold exactly those words.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;

use stancemark::io::native;
use stancemark::model::Span;
use stancemark::ui::App;

const ARTICLE: &str = "Our offer stands, said Anna Kowalczyk, a spokeswoman 😀. \
The minister warned could 東京 talks fail.\r\n\
\"We will not,\" he said, \"back down.\"\r\n";

/// The code point offset of the first `needle`.
fn at(needle: &str) -> usize {
    ARTICLE[..ARTICLE.find(needle).unwrap()].chars().count()
}

fn article(dir: &Path) -> PathBuf {
    let p = dir.join("offer.txt");
    std::fs::write(&p, ARTICLE).unwrap();
    p
}

/// The workbench on `path`, stepping 1/60 s per frame (so two clicks can be a double click).
fn harness(path: &Path) -> Harness<'static, App> {
    let app = App::new_for_test(Some(path), None);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .allow_missing_glyphs()
        .build_eframe(move |_| app);
    h.run_steps(3);
    h
}

fn pos(h: &Harness<'_, App>, char_index: usize) -> Pos2 {
    h.state()
        .char_screen_pos(char_index)
        .expect("the article is in view")
}

fn selected(h: &Harness<'_, App>) -> String {
    let s = h.state().selection().span();
    ARTICLE.chars().skip(s.start).take(s.len()).collect()
}

/// Presses at code point `from`, moves in steps to `to` and releases there.
fn drag(h: &mut Harness<'_, App>, from: usize, to: usize) {
    let (a, b) = (pos(h, from), pos(h, to));
    crate::util::drag(h, a, b);
}

/// `n` quick clicks at code point `at`, then a pause longer than a double click.
fn clicks(h: &mut Harness<'_, App>, at: usize, n: usize) {
    let p = pos(h, at);
    crate::util::clicks_at(h, p, n);
}

#[test]
fn a_drag_released_in_a_gap_or_over_a_comma_keeps_only_the_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = article(dir.path());
    let mut h = harness(&path);
    // From inside "Our" to the start of "stands": the gap after "offer" is not taken.
    drag(&mut h, 1, at("stands"));
    assert_eq!(selected(&h), "Our offer");
    assert_eq!(h.state().selection().span(), Span::new(0, 9));
    h.key_press(Key::Num8); // proposal / offer
    h.run_steps(2);
    // From inside "Anna" to just after the comma that follows the name.
    drag(&mut h, at("nna"), at(", a spokeswoman"));
    assert_eq!(selected(&h), "Anna Kowalczyk");
    h.key_press(Key::S);
    h.run_steps(2);
    // Backwards, from past the emoji's full stop to inside "spokeswoman".
    drag(&mut h, at(". The") + 1, at("spokeswoman") + 3);
    assert_eq!(selected(&h), "spokeswoman 😀.");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    let saved = native::load(&dir.path().join("offer.stance.json")).unwrap();
    let f = &saved.annotations.frames()[0];
    assert_eq!(f.claim.first().text, "Our offer");
    assert_eq!((f.claim.extent().start, f.claim.extent().end), (0, 9));
    let source = f.source.as_ref().and_then(|p| p.span.as_ref()).unwrap();
    assert_eq!(source.first().text, "Anna Kowalczyk");
    assert_eq!(source.extent(), Span::new(23, 37));
}

#[test]
fn double_click_selects_a_word_and_triple_click_its_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = article(dir.path());
    let mut h = harness(&path);
    clicks(&mut h, at("minister") + 2, 2);
    assert_eq!(selected(&h), "minister");
    clicks(&mut h, at("warned") + 1, 3);
    assert_eq!(selected(&h), "The minister warned could 東京 talks fail.");
    // In the second paragraph (after the CRLF): the quotation, both quotes kept.
    clicks(&mut h, at("he said") + 1, 3);
    assert_eq!(selected(&h), "\"We will not,\" he said, \"back down.\"");
    clicks(&mut h, at("back") + 1, 2);
    assert_eq!(selected(&h), "back");
    assert_eq!(
        h.state().selection().span(),
        Span::new(at("back"), at("back") + 4)
    );
}

#[test]
fn ctrl_shift_left_shrinks_to_the_word_before_without_its_space() {
    let dir = tempfile::tempdir().unwrap();
    let path = article(dir.path());
    let mut h = harness(&path);
    clicks(&mut h, at("warned") + 1, 2);
    assert_eq!(selected(&h), "warned");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(selected(&h), "warned could");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(selected(&h), "warned");
    // Character-wise keys stay exact: Shift+Right takes the space.
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(selected(&h), "warned ");
}
