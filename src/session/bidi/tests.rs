//! Unit tests of paragraph direction, visual runs and the offset ↔ position mapping.

use super::*;

fn runs(text: &str, setting: DirectionSetting) -> Vec<(Range<usize>, Direction)> {
    let p = ParagraphBidi::new(text, setting);
    p.visual_runs(0..p.len_chars())
        .into_iter()
        .map(|r| (r.range, r.direction))
        .collect()
}

fn chars(text: &str, r: Range<usize>) -> String {
    text.chars().skip(r.start).take(r.len()).collect()
}

const ARABIC: &str = "قال المتحدث باسم وزارة الخارجية إن الحكومة تدين الهجوم بشدة.";

#[test]
fn arabic_paragraph_is_one_right_to_left_run() {
    assert_eq!(
        base_direction(ARABIC, DirectionSetting::Automatic),
        Direction::Rtl
    );
    let n = ARABIC.chars().count();
    assert_eq!(n, 60);
    // The final period takes the paragraph's direction (N2): one run of all 60.
    assert_eq!(
        runs(ARABIC, DirectionSetting::Automatic),
        [(0..60, Direction::Rtl)]
    );
    // The words of the issue: الحكومة تدين at [35, 47).
    assert_eq!(chars(ARABIC, 35..47), "الحكومة تدين");
}

#[test]
fn hebrew_paragraph_is_right_to_left() {
    let t = "הממשלה גינתה את ההתקפה.";
    assert_eq!(
        base_direction(t, DirectionSetting::Automatic),
        Direction::Rtl
    );
    assert_eq!(
        runs(t, DirectionSetting::Automatic),
        [(0..23, Direction::Rtl)]
    );
}

#[test]
fn mixed_arabic_latin_and_digits_keep_their_own_order() {
    // "Said Reuters on 2024 ..." with a Latin name and a number inside Arabic.
    let t = "قالت Reuters إن 25 شخصا قتلوا";
    // Code points: قالت 0..4, space 4, Reuters 5..12, space 12, إن 13..15, space 15,
    // 25 16..18, space 18, شخصا 19..23, space 23, قتلوا 24..29.
    assert_eq!(t.chars().count(), 29);
    let r = runs(t, DirectionSetting::Automatic);
    // Visual order, left to right: the Arabic after the number, the number (its own LTR
    // run), the Arabic between name and number, the name, the first Arabic word.
    assert_eq!(
        r,
        [
            (18..29, Direction::Rtl),
            (16..18, Direction::Ltr),
            (12..16, Direction::Rtl),
            (5..12, Direction::Ltr),
            (0..5, Direction::Rtl),
        ]
    );
    assert_eq!(chars(t, 5..12), "Reuters");
    assert_eq!(chars(t, 16..18), "25");
}

#[test]
fn left_to_right_text_is_one_run_and_unchanged() {
    let t = "The ministry said: “we will not back down” 😀 日本 é.";
    let n = t.chars().count();
    assert_eq!(
        base_direction(t, DirectionSetting::Automatic),
        Direction::Ltr
    );
    assert_eq!(
        runs(t, DirectionSetting::Automatic),
        [(0..n, Direction::Ltr)]
    );
    // Placed as plain text: the caret before char i is at i * 10.
    let p = ParagraphBidi::new(t, DirectionSetting::Automatic);
    let line = VisualLine::new(&p.visual_runs(0..n), 0..n, 0.0, |_| 10.0);
    for i in 0..=n {
        assert_eq!(line.caret_x(i), i as f32 * 10.0);
    }
    assert_eq!(line.x_ranges(3..7), [(30.0, 70.0)]);
    assert_eq!(line.offset_at(34.0), 3);
    assert_eq!(line.offset_at(36.0), 4);
    assert_eq!(line.step(3, false), Some(4));
    assert_eq!(line.step(3, true), Some(2));
}

#[test]
fn a_text_starting_with_latin_can_be_set_right_to_left() {
    let t = "BBC: الحكومة تدين";
    assert_eq!(
        base_direction(t, DirectionSetting::Automatic),
        Direction::Ltr
    );
    assert_eq!(
        base_direction(t, DirectionSetting::RightToLeft),
        Direction::Rtl
    );
    let p = ParagraphBidi::new(t, DirectionSetting::RightToLeft);
    assert_eq!(p.direction(), Direction::Rtl);
    // Right to left: the Arabic (from 4) on the left, "BBC" (0..3) on the right.
    let r = p.visual_runs(0..t.chars().count());
    assert_eq!(r.last().map(|r| r.range.clone()), Some(0..3));
    assert_eq!(r.last().map(|r| r.direction), Some(Direction::Ltr));
    assert_eq!(
        base_direction(ARABIC, DirectionSetting::LeftToRight),
        Direction::Ltr
    );
}

#[test]
fn right_to_left_line_maps_offsets_to_mirrored_positions() {
    // Five Hebrew letters, 10 wide each, from x = 0: char 0 is rightmost.
    let t = "שלום!";
    let p = ParagraphBidi::new(t, DirectionSetting::Automatic);
    let line = VisualLine::new(&p.visual_runs(0..5), 0..5, 0.0, |_| 10.0);
    assert_eq!(line.width(), 50.0);
    assert_eq!(line.caret_x(0), 50.0);
    assert_eq!(line.caret_x(5), 0.0);
    assert_eq!(line.x_ranges(0..2), [(30.0, 50.0)]);
    // x = 45 is on the right (leading) half of char 0: before it.
    assert_eq!(line.offset_at(46.0), 0);
    assert_eq!(line.offset_at(44.0), 1);
    assert_eq!(line.offset_at(-5.0), 5);
    assert_eq!(line.offset_at(80.0), 0);
    // Moving right on screen goes back in the text.
    assert_eq!(line.step(2, false), Some(1));
    assert_eq!(line.step(2, true), Some(3));
    assert_eq!(line.step(0, false), None);
}

#[test]
fn a_range_crossing_directions_gives_several_pieces() {
    let t = "قالت Reuters إن 25 شخصا قتلوا";
    let p = ParagraphBidi::new(t, DirectionSetting::Automatic);
    let line = VisualLine::new(&p.visual_runs(0..29), 0..29, 0.0, |_| 10.0);
    // Visual: [18..29 RTL] x 0..110, [16..18] 110..130, [12..16 RTL] 130..170,
    // [5..12] 170..240, [0..5 RTL] 240..290.
    assert_eq!(line.x_ranges(5..12), [(170.0, 240.0)]);
    assert_eq!(line.x_ranges(16..18), [(110.0, 130.0)]);
    // "rs إ" = 10..14: the end of the name (220..240) and, to the left of the name, the
    // space 12 (160..170) and the first letter of إن (13, 150..160): two pieces.
    assert_eq!(line.x_ranges(10..14), [(150.0, 170.0), (220.0, 240.0)]);
    // "Reuters إن" = 5..15 is visually contiguous: one piece.
    assert_eq!(line.x_ranges(5..15), [(140.0, 240.0)]);
    // The first Arabic word قالت (0..4) is at the right end: 250..290.
    assert_eq!(line.x_ranges(0..4), [(250.0, 290.0)]);
    assert_eq!(line.offset_at(289.0), 0);
    assert_eq!(line.offset_at(171.0), 5);
}

#[test]
fn display_order_puts_right_to_left_words_in_visual_order() {
    assert_eq!(display_order("قال المتحدث"), "المتحدث قال");
    assert_eq!(display_order("قالت Reuters إن 25"), "25 إن Reuters قالت");
    assert_eq!(display_order("(שלום)"), "(שלום)");
    assert_eq!(display_order("بِسْمِ الله."), ".الله بِسْمِ");
    let ltr = "The minister said (again) 東京 😀";
    assert!(matches!(display_order(ltr), std::borrow::Cow::Borrowed(t) if t == ltr));
}

#[test]
fn empty_and_out_of_range_lines_do_not_panic() {
    let p = ParagraphBidi::new("", DirectionSetting::Automatic);
    assert!(p.visual_runs(0..3).is_empty());
    let line = VisualLine::new(&[], 0..0, 5.0, |_| 10.0);
    assert_eq!(line.offset_at(100.0), 0);
    assert_eq!(line.caret_x(0), 0.0);
    assert!(line.x_ranges(0..4).is_empty());
    let q = ParagraphBidi::new("שלום", DirectionSetting::Automatic);
    assert_eq!(q.visual_runs(2..99).len(), 1);
}
