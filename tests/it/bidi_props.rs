//! Right-to-left and mixed-direction text through the pixel-free pieces: the visual runs of a
//! paragraph cover each of its code points exactly once, the offset ↔ x mapping stays inside
//! the line, and word and sentence selection never panic or leave the text on Arabic, Hebrew,
//! harakat, digits, bidi controls and CRLF. And word selection on Arabic takes whole words.

use proptest::prelude::*;
use stancemark::model::{Span, Text};
use stancemark::session::bidi::{may_hold_rtl, DirectionSetting, ParagraphBidi, VisualLine};
use stancemark::session::view::{
    sentence_at, word_at, word_extend, word_selection, Paragraphs, Selection,
};

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "قال",
        "المتحدث",
        "بِسْمِ",
        "الحكومة",
        "،",
        "؟",
        "שלום",
        "הממשלה",
        "Reuters",
        "BBC",
        "25",
        "٢٠٢٤",
        "3.5%",
        " ",
        " ",
        ".",
        ",",
        "«",
        "»",
        "(",
        ")",
        "\"",
        "\u{200f}",
        "\u{202b}",
        "\u{202c}",
        "\u{2067}",
        "\u{2069}",
        "😀",
        "日本",
        "e\u{301}",
        "\r\n",
        "\n",
    ])
}

fn setting() -> impl Strategy<Value = DirectionSetting> {
    prop::sample::select(DirectionSetting::ALL.to_vec())
}

/// The quick scan agrees with the Bidirectional Algorithm: a text it lets through without
/// analysis is purely left to right, and it flags every piece of a right-to-left script.
#[test]
fn the_quick_scan_flags_right_to_left_scripts_and_controls_only() {
    for rtl in [
        "قال",
        "שלום",
        "٢٠٢٤",
        "a\u{200f}b",
        "x\u{202b}y",
        "\u{2067}z",
        "ﷺ",
    ] {
        assert!(may_hold_rtl(rtl), "{rtl:?}");
    }
    for ltr in [
        "Iran “warned”",
        "日本語",
        "😀 e\u{301}",
        "3.5%",
        "«ok»",
        "\u{202a}x\u{202c}",
    ] {
        assert!(!may_hold_rtl(ltr), "{ltr:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn text_the_quick_scan_lets_through_is_purely_left_to_right(
        words in prop::collection::vec(piece(), 0..40),
    ) {
        let text: String = words.concat();
        for para in text.split(['\n', '\r']) {
            if !may_hold_rtl(para) {
                prop_assert!(
                    ParagraphBidi::new(para, DirectionSetting::Automatic).is_pure_ltr(),
                    "{:?}",
                    para
                );
            }
        }
    }

    #[test]
    fn visual_runs_cover_each_code_point_once(
        words in prop::collection::vec(piece(), 0..40),
        setting in setting(),
        cut in 0usize..40,
    ) {
        let text: String = words.concat();
        for para in text.split(['\n', '\r']) {
            let bidi = ParagraphBidi::new(para, setting);
            let n = bidi.len_chars();
            // The whole paragraph and a line cut at any point.
            let cut = cut.min(n);
            for line in [0..n, 0..cut, cut..n] {
                let runs = bidi.visual_runs(line.clone());
                let mut seen = vec![0u8; n];
                for r in &runs {
                    prop_assert!(r.range.start < r.range.end && r.range.end <= n);
                    for i in r.range.clone() {
                        seen[i] += 1;
                    }
                }
                for (i, &k) in seen.iter().enumerate() {
                    prop_assert_eq!(k, u8::from(line.contains(&i)), "code point {}", i);
                }
                // Unit advances: the line is as wide as it has code points, every caret and
                // every hit stays inside it.
                let vl = VisualLine::new(&runs, line.clone(), 0.0, |_| 1.0);
                prop_assert_eq!(vl.width(), line.len() as f32);
                let total: f32 = vl.x_ranges(line.clone()).iter().map(|(a, b)| b - a).sum();
                prop_assert_eq!(total, line.len() as f32);
                for o in line.start..=line.end {
                    let x = vl.caret_x(o);
                    prop_assert!((0.0..=line.len() as f32).contains(&x));
                }
                for k in 0..=2 * line.len() {
                    let o = vl.offset_at(k as f32 / 2.0);
                    prop_assert!(line.start <= o && o <= line.end, "{} outside {:?}", o, line);
                }
            }
        }
    }

    #[test]
    fn word_and_sentence_selection_stay_in_rtl_text(
        words in prop::collection::vec(piece(), 1..40),
        a in 0usize..200,
        b in 0usize..200,
    ) {
        let text = Text::new(words.concat());
        let paras = Paragraphs::new(&text);
        let n = text.len_chars();
        let (a, b) = (a.min(n), b.min(n));
        let in_text = |s: Span| s.start <= s.end && s.end <= n && text.slice(s).is_some();
        let sel = word_selection(&text, &paras, Selection::new(a, b));
        prop_assert!(in_text(sel.span()));
        for forward in [true, false] {
            prop_assert!(in_text(word_extend(&text, &paras, sel, forward).span()));
        }
        if let Some(w) = word_at(&text, &paras, a) {
            prop_assert!(in_text(w));
        }
        prop_assert!(in_text(sentence_at(&text, &paras, a)));
    }
}

#[test]
fn a_drag_inside_two_arabic_words_selects_both_whole() {
    let text = Text::new("قال المتحدث باسم وزارة الخارجية".to_owned());
    let paras = Paragraphs::new(&text);
    // From inside المتحدث [4, 11) to inside باسم [12, 16).
    let s = word_selection(&text, &paras, Selection::new(6, 14)).span();
    assert_eq!(s, Span::new(4, 16));
    assert_eq!(text.slice(s), Some("المتحدث باسم"));
    assert_eq!(word_at(&text, &paras, 13), Some(Span::new(12, 16)));
}
