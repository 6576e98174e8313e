//! Right-to-left and mixed-direction paragraphs in the workbench, driven through egui_kittest
//! with a font that has Arabic and Hebrew letters: the words are found where epaint drew them
//! (each word is its own shaped text on screen), then clicked and dragged there; the logical
//! offsets selected and saved, and the outlines drawn over the selected frame, must be those
//! of the words under the pointer.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Key, Modifiers, Pos2, Rect};
use egui_kittest::Harness;

use stancemark::io::native;
use stancemark::model::Span;
use stancemark::ui::App;

use crate::util::{clicks_at, drag, find};

const AR: &str = "قال المتحدث باسم وزارة الخارجية إن الحكومة تدين الهجوم بشدة.";
const HE: &str = "הממשלה גינתה את ההתקפה.";
const MIXED: &str = "قالت Reuters إن 25 شخصا قتلوا";

/// A font with Arabic and Hebrew letters (Debian's fonts-dejavu-core).
const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

fn article(dir: &Path) -> PathBuf {
    let p = dir.join("rtl.txt");
    std::fs::write(&p, format!("{AR}\n{HE}\n{MIXED}\n")).unwrap();
    p
}

/// The Arabic sentence four times in one paragraph (wrapped over several rows), with a
/// numbered word at the end of each copy so that every copy can be told apart.
fn long_paragraph(dir: &Path) -> (PathBuf, String) {
    let text: Vec<String> = ["أولا", "ثانيا", "ثالثا", "رابعا"]
        .iter()
        .map(|w| format!("{AR} {w}"))
        .collect();
    let text = text.join(" ");
    let p = dir.join("long.txt");
    std::fs::write(&p, format!("{text}\n")).unwrap();
    (p, text)
}

/// Start of each paragraph in code points.
fn he0() -> usize {
    AR.chars().count() + 1
}
fn mixed0() -> usize {
    he0() + HE.chars().count() + 1
}

fn harness(path: &Path) -> Harness<'static, App> {
    let app = App::new_for_test(Some(path), None);
    let data = std::fs::read(FONT).unwrap_or_else(|e| panic!("{FONT}: {e}"));
    let mut fonts = egui::FontDefinitions::default();
    fonts
        .font_data
        .insert("dejavu".into(), Arc::new(egui::FontData::from_owned(data)));
    for family in fonts.families.values_mut() {
        family.push("dejavu".into());
    }
    // The font is there from the first frame, as the system fonts are in the real window.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            cc.egui_ctx.set_fonts(fonts);
            app
        });
    h.run_steps(4);
    h
}

/// Where epaint drew the text `word` (the `nth` such text, top to bottom): the rectangle of
/// its glyphs on screen.
fn drawn(h: &Harness<'_, App>, word: &str, nth: usize) -> Rect {
    let mut found: Vec<Rect> = h
        .output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Text(t) if t.galley.job.text == word => {
                let g = &t.galley;
                let glyphs = g.rows.iter().flat_map(|r| {
                    r.row
                        .glyphs
                        .iter()
                        .map(move |gl| gl.logical_rect().translate(r.pos.to_vec2()))
                });
                let r = glyphs.fold(Rect::NOTHING, |a, b| a.union(b));
                Some(r.translate(t.pos.to_vec2()))
            }
            _ => None,
        })
        .collect();
    found.sort_by(|a, b| a.min.y.total_cmp(&b.min.y));
    *found
        .get(nth)
        .unwrap_or_else(|| panic!("“{word}” is not drawn {} time(s)", nth + 1))
}

fn selected(h: &Harness<'_, App>) -> Span {
    h.state().selection().span()
}

fn double_click(h: &mut Harness<'_, App>, p: Pos2) {
    clicks_at(h, p, 2);
}

/// Whether some rectangle of `rects` covers `r` (to within a point).
fn covered(rects: &[Rect], r: Rect) -> bool {
    rects.iter().any(|c| c.expand(1.0).contains_rect(r))
}

#[test]
fn arabic_words_are_right_aligned_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&article(dir.path()));
    let (first, second, last) = (
        drawn(&h, "قال", 0),
        drawn(&h, "المتحدث", 0),
        drawn(&h, "بشدة", 0),
    );
    // Right to left: the first word at the right end, the next to its left, and the final
    // full stop left of the last word.
    assert!(second.max.x <= first.min.x, "{second:?} {first:?}");
    assert!(last.max.x < second.min.x);
    let stop = drawn(&h, ".", 0);
    assert!(stop.max.x <= last.min.x + 0.5, "{stop:?} {last:?}");
    // The Hebrew paragraph ends at the same right margin as the Arabic one.
    let he_first = drawn(&h, "הממשלה", 0);
    assert!((he_first.max.x - first.max.x).abs() < 1.0);
    // Mixed: the Latin name and the number stay left to right, in their Arabic order.
    let (name, num, verb) = (
        drawn(&h, "Reuters", 0),
        drawn(&h, "25", 0),
        drawn(&h, "قالت", 0),
    );
    assert!(name.max.x < verb.min.x && num.max.x < name.min.x);
    h.run_steps(1);
}

#[test]
fn dragging_over_arabic_words_selects_exactly_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&article(dir.path()));
    // From the right edge of المتحدث (its first letter) to the middle of باسم.
    let (from, to) = (drawn(&h, "المتحدث", 0), drawn(&h, "باسم", 0));
    drag(
        &mut h,
        Pos2::new(from.max.x - 2.0, from.center().y),
        to.center(),
    );
    // المتحدث is [4, 11), باسم [12, 16).
    assert_eq!(selected(&h), Span::new(4, 16));
    // Mixed paragraph: from the middle of "Reuters" to the middle of إن.
    let (name, inna) = (drawn(&h, "Reuters", 0), drawn(&h, "إن", 1));
    drag(&mut h, name.center(), inna.center());
    let m = mixed0();
    assert_eq!(selected(&h), Span::new(m + 5, m + 15));
}

#[test]
fn double_clicks_on_hebrew_and_on_a_number_select_that_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&article(dir.path()));
    let p = drawn(&h, "גינתה", 0).center();
    double_click(&mut h, p);
    assert_eq!(selected(&h), Span::new(he0() + 7, he0() + 12));
    let p = drawn(&h, "25", 0).center();
    double_click(&mut h, p);
    assert_eq!(selected(&h), Span::new(mixed0() + 16, mixed0() + 18));
    let p = drawn(&h, "شخصا", 0).center();
    double_click(&mut h, p);
    assert_eq!(selected(&h), Span::new(mixed0() + 19, mixed0() + 23));
}

#[test]
fn a_frame_found_in_arabic_is_saved_and_drawn_over_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&article(dir.path()));
    find(&mut h, "الحكومة تدين");
    assert_eq!(selected(&h), Span::new(35, 47));
    h.key_press(Key::Num1);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    let saved = native::load(&dir.path().join("rtl.stance.json")).unwrap();
    let f = &saved.annotations.frames()[0];
    assert_eq!(f.claim.extent(), Span::new(35, 47));
    assert_eq!(f.claim.first().text, "الحكومة تدين");
    let rects = h.state().span_screen_rects(Span::new(35, 47));
    assert!(!rects.is_empty());
    for word in ["الحكومة", "تدين"] {
        let g = drawn(&h, word, 0);
        assert!(covered(&rects, g), "{word} at {g:?} is outside {rects:?}");
    }
    // The neighbours are not inside the outline.
    for word in ["الخارجية", "إن", "الهجوم"] {
        let c = drawn(&h, word, 0).center();
        assert!(!rects.iter().any(|r| r.contains(c)), "{word} is inside");
    }
}

#[test]
fn shift_arrows_move_on_screen_in_right_to_left_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&article(dir.path()));
    // Click before the first letter of باسم (its right edge), then Shift+Left twice: the
    // selection grows leftwards on screen, which is forwards in the text.
    let w = drawn(&h, "باسم", 0);
    double_click(&mut h, w.center());
    assert_eq!(selected(&h), Span::new(12, 16));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(selected(&h), Span::new(12, 17));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(selected(&h), Span::new(12, 15));
}

#[test]
fn a_wrapped_arabic_paragraph_reads_down_its_rows_and_a_drag_across_rows_selects_between() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = long_paragraph(dir.path());
    let mut h = harness(&path);
    let at = |w: &str| text[..text.find(w).unwrap()].chars().count();
    let (one, four) = (drawn(&h, "أولا", 0), drawn(&h, "رابعا", 0));
    // The first copy's word is on an earlier row than the last copy's.
    assert!(one.max.y <= four.min.y, "{one:?} {four:?}");
    // The paragraph starts at the right edge: its first word ends right of the numbered ones.
    let first = drawn(&h, "قال", 0);
    assert!(first.max.x > one.max.x && first.max.x > four.max.x);
    // A drag from the middle of أولا to the middle of ثالثا selects from the one to the other
    // in the text, across rows.
    let three = drawn(&h, "ثالثا", 0);
    drag(&mut h, one.center(), three.center());
    let (a, b) = (at("أولا"), at("ثالثا") + "ثالثا".chars().count());
    assert_eq!(selected(&h), Span::new(a, b));
    // Its outline rectangles cover both words' glyphs, one or more per row.
    let rects = h.state().span_screen_rects(Span::new(a, b));
    assert!(rects.len() >= 2, "{rects:?}");
    for g in [one, three, drawn(&h, "ثانيا", 0)] {
        assert!(covered(&rects, g), "{g:?} outside {rects:?}");
    }
    assert!(!rects.iter().any(|r| r.contains(four.center())));
}
